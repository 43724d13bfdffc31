//! Step 4 of the quotation stage: reported speech. The span labeller finds the source and
//! content around every cue no direct quote took; a statement introduced by a name and a
//! colon ("Pat Caddell: Democrat voters are worried") is read by rule.

use std::ops::Range;

use super::cues::CueHit;
use super::direct::DirectQuote;
use super::span_model::SpanModel;
use super::Draft;
use crate::entities::{FoundMention, MentionTarget};
use crate::text::phrases::{self, np_after, np_before, sentence_subject};
use crate::text::{Doc, TokenKind};
use crate::types::QuoteKind;

/// What one cue's span labelling yields.
#[derive(Debug, Clone)]
pub(crate) enum Reading {
    /// A reported statement.
    Statement(Draft),
    /// The content is just one direct quote: the cue attributes that quote.
    AttributesDirect {
        /// Index of the direct quote.
        quote: usize,
        /// Index of the cue.
        cue: usize,
        /// The speaker's tokens.
        source: Range<usize>,
    },
}

/// Reads every cue not `used` by a direct quote, in cue order.
pub(crate) fn from_cues(
    doc: &Doc,
    inside: &[bool],
    spans: &SpanModel,
    cues: &[CueHit],
    used: &[bool],
    directs: &[DirectQuote],
) -> Vec<Reading> {
    cues.iter()
        .enumerate()
        .filter(|(c, _)| !used[*c])
        .take_while(|_| !doc.over_budget())
        .filter_map(|(c, cue)| read_cue(doc, inside, spans, c, cue, directs))
        .collect()
}

/// The source and content around one cue; `None` without a source or a content of two
/// tokens.
fn read_cue(
    doc: &Doc,
    inside: &[bool],
    spans: &SpanModel,
    c: usize,
    cue: &CueHit,
    directs: &[DirectQuote],
) -> Option<Reading> {
    let e = spans.label(doc, inside, &cue.tokens);
    // no source found: the subject the rules would take
    let source = e.source.clone().or_else(|| rule_source(doc, cue))?;
    let content = content_without_source(e.content, &source);
    if content.iter().map(|r| r.len()).sum::<usize>() < 2 {
        return None;
    }
    match only_direct(doc, &content, directs) {
        Some(quote) => Some(Reading::AttributesDirect {
            quote,
            cue: c,
            source,
        }),
        None => Some(Reading::Statement(Draft {
            kind: QuoteKind::Reported,
            content: content.iter().map(|r| doc.span_of(r.clone())).collect(),
            cue: Some(cue.tokens.clone()),
            source: Some(source),
            inherited: None,
            start_token: content[0].start,
        })),
    }
}

/// The content pieces with the source cut out of them: the source is never content.
pub(crate) fn content_without_source(
    content: Vec<Range<usize>>,
    source: &Range<usize>,
) -> Vec<Range<usize>> {
    content
        .into_iter()
        .map(|r| {
            if r.start < source.start && r.end > source.start {
                r.start..source.start
            } else if r.start < source.end && r.end > source.end {
                source.end..r.end
            } else if r.start >= source.start && r.end <= source.end {
                r.start..r.start
            } else {
                r
            }
        })
        .filter(|r| !r.is_empty())
        .collect()
}

/// The direct quote a one-piece content is, if it is one.
pub(crate) fn only_direct(
    doc: &Doc,
    content: &[Range<usize>],
    directs: &[DirectQuote],
) -> Option<usize> {
    if content.len() != 1 {
        return None;
    }
    let span = doc.span_of(content[0].clone());
    directs.iter().position(|d| {
        d.pieces.len() == 1 && d.pieces[0].start <= span.start && span.end <= d.pieces[0].end + 1
    })
}

/// The speaker the rules see for a cue: the subject for a participle or after "and"/"but"
/// ("…, saying", "and said"), else the noun phrase just before the cue.
pub(crate) fn rule_source(doc: &Doc, cue: &CueHit) -> Option<Range<usize>> {
    let s = &doc.sentences[cue.sentence];
    let start = s.tokens.start;
    let before = phrases::skip_auxiliaries_back(doc, cue.tokens.start, start);
    let prev = if before > start {
        doc.lower(before - 1)
    } else {
        ""
    };
    if cue.participle || matches!(prev, "and" | "but") {
        sentence_subject(doc, s.tokens.clone())
    } else {
        np_before(doc, cue.tokens.start, start)
    }
}

/// "Pat Caddell: Democrat voters are worried" — a name, a colon, a statement — for every
/// sentence whose statement no draft holds yet; appended to `drafts`.
pub(crate) fn colon_statements(doc: &Doc, found: &[FoundMention], drafts: &mut Vec<Draft>) {
    for s in &doc.sentences {
        let (start, end) = (s.tokens.start, s.tokens.end);
        let Some(np) = np_after(doc, start, end) else {
            continue;
        };
        let colon = np.end;
        if colon + 3 >= end
            || doc.word(colon) != ":"
            || doc.tokens[colon + 1].kind == TokenKind::Quote
        {
            continue;
        }
        let taken = drafts.iter().any(|d| {
            d.content
                .iter()
                .any(|c| c.overlaps(doc.span_of(colon + 1..end)))
        });
        if !names_someone(found, &np) || taken {
            continue;
        }
        let content = trim_content(doc, colon + 1..end);
        if content.len() >= 3 {
            drafts.push(Draft {
                kind: QuoteKind::Reported,
                content: vec![doc.span_of(content.clone())],
                cue: Some(colon..colon + 1),
                source: Some(np),
                inherited: None,
                start_token: content.start,
            });
        }
    }
}

/// True when the phrase holds a mention of a person or an organisation.
fn names_someone(found: &[FoundMention], np: &Range<usize>) -> bool {
    found.iter().any(|f| {
        f.tokens.start >= np.start
            && f.tokens.end <= np.end
            && matches!(
                f.target,
                MentionTarget::Person(_)
                    | MentionTarget::Surname(_)
                    | MentionTarget::Organization(_)
                    | MentionTarget::Named(..)
            )
    })
}

/// The tokens without the punctuation that opens or closes a clause.
fn trim_content(doc: &Doc, mut r: Range<usize>) -> Range<usize> {
    while r.end > r.start && matches!(doc.word(r.end - 1), "." | "," | ";" | ":" | "—" | "–" | "-")
    {
        r.end -= 1;
    }
    while r.end > r.start && matches!(doc.word(r.start), "," | ":" | "—" | "–" | ";") {
        r.start += 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn the_source_is_cut_out_of_the_content() {
        assert_eq!(content_without_source(vec![0..10], &(4..6)), vec![0..4]);
        assert_eq!(content_without_source(vec![3..10], &(0..5)), vec![5..10]);
        assert_eq!(
            content_without_source(vec![2..4], &(0..5)),
            Vec::<Range<usize>>::new()
        );
        assert_eq!(content_without_source(vec![6..9], &(0..5)), vec![6..9]);
    }

    #[test]
    fn trims_clause_punctuation() {
        let article = crate::types::Article::from_paragraphs(["— Ça ira, mon ami."]);
        let doc = Doc::new(&article);
        let r = trim_content(&doc, 0..doc.tokens.len());
        assert_eq!(doc.span_of(r).slice(doc.text), "Ça ira, mon ami");
    }
}
