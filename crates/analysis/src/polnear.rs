//! PolNeAR-style predictions: the attribution records that
//! `shared/tools/eval_attribution.py` scores, with byte offsets into the text file.

use serde::Serialize;

use crate::types::{Analysis, QuoteKind};

/// One predicted attribution.
#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    /// Content extent `[start, end)`.
    pub content: [usize; 2],
    /// Source mention, if any.
    pub source: Option<[usize; 2]>,
    /// Cue, if any.
    pub cue: Option<[usize; 2]>,
}

/// Predictions for one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPredictions {
    /// Text file name.
    pub doc: String,
    /// The predicted attributions.
    pub quotes: Vec<Prediction>,
}

/// How a content that its attribution interrupts ("“A,” she said. “B.”") is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ContentForm {
    /// One record, its content the extent from the first piece to the last (PolNeAR's
    /// brat convention, what `eval_attribution.py` compares).
    #[default]
    Extent,
    /// One record per piece, each with the attribution's source and cue (the convention
    /// of token tagging, where the pieces are two content spans: CofeNet's BIO segments,
    /// what `eval_spans.py` compares).
    Pieces,
}

crate::types::labels!(ContentForm { Extent => "extent", Pieces => "pieces" });

/// Converts an analysis of a raw text file into scorer predictions: a direct quote that
/// lies inside a reported content is part of that attribution, not another one, nor is
/// an attribution whose cue lies inside another's content, and a direct quote without a
/// speaker is left out. `spans` says how an interrupted content is written.
pub fn predictions(doc: &str, analysis: &Analysis, spans: ContentForm) -> DocumentPredictions {
    let reported: Vec<_> = analysis
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Reported)
        .map(|q| q.extent())
        .collect();
    let mut quotes = Vec::new();
    for q in &analysis.quotes {
        let extent = q.extent();
        if q.kind == QuoteKind::Direct {
            if reported.iter().any(|r| r.overlaps(extent)) {
                continue;
            }
            // a quotation without a speaker is not an attribution (PolNeAR scores the
            // source): on train, leaving them out raises DIRECT end-to-end F1 0.706 → 0.758
            if q.speaker.is_none() {
                continue;
            }
        }
        let record = Prediction {
            content: [extent.start, extent.end],
            source: q
                .speaker
                .as_ref()
                .and_then(|s| s.mention)
                .map(|m| [m.start, m.end]),
            cue: q.cue.as_ref().map(|c| [c.span.start, c.span.end]),
        };
        quotes.push((record, &q.content));
    }
    // PolNeAR is univocal (each token belongs to at most one attribution): an attribution
    // whose cue lies inside another's content is part of that content, not another one
    // (on a held-out tenth of train: end-to-end ALL 0.594 → 0.600)
    let nested: Vec<bool> = quotes
        .iter()
        .enumerate()
        .map(|(i, (q, _))| {
            q.cue.is_some_and(|c| {
                quotes
                    .iter()
                    .enumerate()
                    .any(|(j, (o, _))| j != i && o.content[0] <= c[0] && c[1] <= o.content[1])
            })
        })
        .collect();
    let quotes = quotes
        .into_iter()
        .zip(nested)
        .filter_map(|(q, n)| (!n).then_some(q))
        .flat_map(|(q, pieces)| match spans {
            ContentForm::Extent => vec![q],
            ContentForm::Pieces => pieces
                .iter()
                .map(|p| Prediction {
                    content: [p.start, p.end],
                    ..q.clone()
                })
                .collect(),
        })
        .collect();
    DocumentPredictions {
        doc: doc.to_string(),
        quotes,
    }
}

/// One gold attribution of a brat annotation file, as byte spans into the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoldAttribution {
    /// The cue pieces.
    pub cue: Vec<crate::types::Span>,
    /// The source pieces (empty when the attribution has none).
    pub source: Vec<crate::types::Span>,
    /// The content pieces.
    pub content: Vec<crate::types::Span>,
}

/// The attributions of a brat annotation file (PolNeAR's `.ann`): `T` lines give labelled
/// extents (brat counts characters, whosaid bytes; a discontinuous extent gives one span
/// per piece), `E` lines tie a cue, a source and contents together. Lines that do not
/// parse are skipped.
pub fn gold_attributions(ann: &str, text: &str) -> Vec<GoldAttribution> {
    use std::collections::HashMap;
    let byte_at: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut extents: HashMap<&str, Vec<crate::types::Span>> = HashMap::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(what)) = (cols.next(), cols.next()) else {
            continue;
        };
        if !id.starts_with('T') {
            continue;
        }
        let Some((_, places)) = what.split_once(' ') else {
            continue;
        };
        let mut pieces = Vec::new();
        for piece in places.split(';') {
            let mut nums = piece.split(' ').filter_map(|n| n.parse::<usize>().ok());
            if let (Some(a), Some(b)) = (nums.next(), nums.next()) {
                if let (Some(&a), Some(&b)) = (byte_at.get(a), byte_at.get(b)) {
                    if a < b {
                        pieces.push(crate::types::Span::new(a, b));
                    }
                }
            }
        }
        extents.insert(id, pieces);
    }
    let mut out = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('E')) {
        let Some(args) = line.split('\t').nth(1) else {
            continue;
        };
        let mut a = GoldAttribution::default();
        for arg in args.split(' ') {
            let Some((role, id)) = arg.split_once(':') else {
                continue;
            };
            let Some(pieces) = extents.get(id) else {
                continue;
            };
            match role {
                "Cue" => a.cue.extend(pieces),
                "Source" => a.source.extend(pieces),
                r if r.starts_with("Content") => a.content.extend(pieces),
                _ => {}
            }
        }
        if !a.cue.is_empty() || !a.content.is_empty() {
            out.push(a);
        }
    }
    out
}

/// Per-token cue labels (see [`crate::quotes::cue_model`]) for the gold cues of a document.
pub fn cue_labels(doc: &crate::text::Doc, gold: &[GoldAttribution]) -> Vec<u8> {
    use crate::quotes::cue_model::{BEGIN, INSIDE};
    let mut labels = vec![crate::quotes::cue_model::OUTSIDE; doc.tokens.len()];
    for a in gold {
        let mut first = true;
        for piece in &a.cue {
            for (i, t) in doc.tokens.iter().enumerate() {
                if t.span.start >= piece.start && t.span.end <= piece.end {
                    labels[i] = if first { BEGIN } else { INSIDE };
                    first = false;
                }
            }
        }
    }
    labels
}

/// The tokens lying inside the byte spans `pieces`, one range per piece.
pub fn token_ranges(
    doc: &crate::text::Doc,
    pieces: &[crate::types::Span],
) -> Vec<std::ops::Range<usize>> {
    pieces
        .iter()
        .map(|p| {
            let a = doc.tokens.partition_point(|t| t.span.start < p.start);
            let b = doc.tokens.partition_point(|t| t.span.end <= p.end);
            a..b.max(a)
        })
        .filter(|r| !r.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_attributions_are_read_with_byte_offsets() {
        let text = "Él dijo: Smith said taxes rose.";
        // character offsets: "Smith" 9..14, "said" 15..19, "taxes rose" 20..30
        let ann = "T1\tSource 9 14\tSmith\nT2\tCue 15 19\tsaid\nT3\tContent 20 30\ttaxes rose\n\
                   T4\tAttribution 15 19\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n";
        let gold = gold_attributions(ann, text);
        assert_eq!(gold.len(), 1);
        let a = &gold[0];
        assert_eq!(&text[a.source[0].start..a.source[0].end], "Smith");
        assert_eq!(&text[a.cue[0].start..a.cue[0].end], "said");
        assert_eq!(&text[a.content[0].start..a.content[0].end], "taxes rose");
    }

    #[test]
    fn an_interrupted_quote_is_one_extent_or_two_pieces() {
        let article = crate::types::Article::from_paragraphs([
            "“We will win this,” Jane Smith said. “And we will win it soon.”",
        ]);
        let analysis = crate::Analyzer::new().analyze(article);
        let text = analysis.article.text.as_str();
        let show = |p: &DocumentPredictions| -> Vec<(String, String)> {
            p.quotes
                .iter()
                .map(|q| {
                    let source = q.source.map_or("", |s| &text[s[0]..s[1]]);
                    (
                        text[q.content[0]..q.content[1]].to_string(),
                        source.to_string(),
                    )
                })
                .collect()
        };
        let extent = predictions("d.txt", &analysis, ContentForm::Extent);
        assert_eq!(
            show(&extent),
            [(
                "“We will win this,” Jane Smith said. “And we will win it soon.”".to_string(),
                "Jane Smith".to_string()
            )]
        );
        let pieces = predictions("d.txt", &analysis, ContentForm::Pieces);
        assert_eq!(
            show(&pieces),
            [
                ("“We will win this,”".to_string(), "Jane Smith".to_string()),
                (
                    "“And we will win it soon.”".to_string(),
                    "Jane Smith".to_string()
                )
            ]
        );
        assert_eq!(pieces.quotes[0].cue, pieces.quotes[1].cue);
    }
}
