//! The quotation stage: direct quotes, reported speech, their cues and their speakers.
//!
//! Named steps with plain data between them, run in order by [`find_with`]:
//! 1. [`cues`]: lexicon and learned cues ([`CueHit`](cues::CueHit));
//! 2. [`direct`]: quotation marks paired into [`DirectQuote`]s;
//! 3. [`attribute`]: each direct quote's cue and speaker phrase, by a table of named rules;
//! 4. [`reported`]: reported speech from the span labeller, and "Name: statement" (in the
//!    accurate mode, [`tagged`]: reported speech from a learned [`SpanTagger`]);
//! 5. [`merge`]: direct quotes as statements — interrupted quotes joined, quotes inside
//!    reported speech and continuation paragraphs linked to their speaker;
//! 6. [`speaker`]: drafts become [`Quote`]s with speakers (coreference from
//!    [`crate::entities::coref`]).

mod attribute;
pub mod cue_model;
mod cues;
pub mod direct;
mod merge;
mod reported;
pub mod span_model;
mod speaker;
pub mod tagged;

use std::ops::Range;

use crate::entities::coref::Resolver;
use crate::entities::{FoundMention, Resolved};
use crate::text::Doc;
use crate::types::{Quote, QuoteKind, Span};

use cue_model::CueModel;
use direct::DirectQuote;
use reported::Reading;
use span_model::SpanModel;
pub use tagged::{Part, SpanTagger, TaggedSpan};

/// A statement before speakers are turned into entities.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// Direct or reported.
    pub(crate) kind: QuoteKind,
    /// The content pieces.
    pub(crate) content: Vec<Span>,
    /// The cue's tokens.
    pub(crate) cue: Option<Range<usize>>,
    /// The speaker phrase's tokens.
    pub(crate) source: Option<Range<usize>>,
    /// Where a quote without a source takes its speaker from.
    pub(crate) inherited: Option<Inherit>,
    /// The token it starts at (for ordering).
    pub(crate) start_token: usize,
}

/// Where a direct quote without a cue of its own takes its speaker from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Inherit {
    /// The reported statement (an index into the reported drafts) it stands in, or whose
    /// cue stands in its sentence.
    Enclosing(usize),
    /// The direct quote (its index) that this continuation paragraph goes on with.
    Continues(usize),
}

/// Quotations with their speakers, and the entity every found mention refers to
/// (pronouns resolved), for the stages after this one.
#[derive(Debug, Clone)]
pub struct Attributions {
    /// Quotations in text order.
    pub quotes: Vec<Quote>,
    /// For each found mention, the entity it refers to.
    pub referents: Vec<Option<usize>>,
}

/// Which tokens stand inside a direct quotation (its marks excluded).
fn inside_quotes(doc: &Doc, directs: &[DirectQuote]) -> Vec<bool> {
    let mut inside = vec![false; doc.tokens.len()];
    for d in directs {
        for piece in &d.pieces {
            let a = doc.token_at_or_after(piece.start);
            let b = doc.token_at_or_after(piece.end);
            for t in a..b {
                if t < inside.len() && t > a && t + 1 < b {
                    inside[t] = true;
                }
            }
        }
    }
    inside
}

/// Which tokens stand inside a direct quotation: the context the cue tagger is trained
/// and run with.
pub fn quoted_tokens(doc: &Doc) -> Vec<bool> {
    inside_quotes(doc, &direct::find(doc))
}

/// Finds every quotation of the document with its cue and speaker, with the shipped cue
/// tagger.
pub fn find(doc: &Doc, found: &[FoundMention], resolved: &Resolved) -> Attributions {
    find_with(
        doc,
        found,
        resolved,
        CueModel::embedded(),
        SpanModel::embedded(),
        None,
    )
}

/// Finds every quotation of the document with its cue and speaker, with these models; with
/// a `tagger`, reported speech comes from it instead of the span labeller.
pub fn find_with(
    doc: &Doc,
    found: &[FoundMention],
    resolved: &Resolved,
    model: &CueModel,
    spans: &SpanModel,
    tagger: Option<&dyn SpanTagger>,
) -> Attributions {
    let directs = direct::find(doc);
    let inside = inside_quotes(doc, &directs);
    let cues = cues::find(doc, &inside, model);
    let resolver = Resolver::new(doc, found, resolved, inside.clone());
    let (mut cues, used, mut direct_attr) = attribute::attribute_all(doc, &directs, cues);
    if doc.over_budget() {
        // thrown away by the analyzer: skip the rest
        return Attributions {
            quotes: Vec::new(),
            referents: resolver.referent,
        };
    }
    let mut drafts = Vec::new();
    let readings = match tagger {
        None => reported::from_cues(doc, &inside, spans, &cues, &used, &directs),
        Some(tagger) => {
            // every paragraph: tagging only those with a cue or a quotation mark saved a
            // tenth of the time and lost 1.4 points of INDIRECT F1 on dev
            let paragraphs: Vec<Span> = doc.paragraphs.iter().map(|p| p.span).collect();
            let tagged = tagger.tag(doc.text, &paragraphs, &doc.budget);
            tagged::readings(doc, &tagged, &mut cues, &used, &directs, spans, &inside)
        }
    };
    for reading in readings {
        match reading {
            Reading::Statement(draft) => drafts.push(draft),
            Reading::AttributesDirect { quote, cue, source } => {
                if direct_attr[quote].is_none() {
                    direct_attr[quote] = Some(attribute::DirectAttribution {
                        cue,
                        source,
                        rule: "content-is-one-quote",
                    });
                }
            }
        }
    }
    reported::colon_statements(doc, found, &mut drafts);
    let direct_drafts = merge::direct_drafts(doc, &directs, &cues, &direct_attr, &drafts);
    Attributions {
        quotes: speaker::quotes(doc, &resolver, &drafts, &direct_drafts),
        referents: resolver.referent,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Article, Attribution, QuoteKind};

    type Row = (
        QuoteKind,
        String,
        Option<String>,
        Option<String>,
        Attribution,
    );

    fn quotes(paragraphs: &[&str]) -> Vec<Row> {
        let a = Analyzer::new().analyze(Article::from_paragraphs(paragraphs));
        a.quotes
            .iter()
            .map(|q| {
                (
                    q.kind,
                    q.text.clone(),
                    q.speaker.as_ref().map(|s| s.name.clone()),
                    q.speaker
                        .as_ref()
                        .and_then(|s| s.mention)
                        .map(|m| m.slice(&a.article.text).to_string()),
                    q.attribution,
                )
            })
            .collect()
    }

    #[test]
    fn cue_after_and_inverted() {
        let q = quotes(&[
            "“We will win,” Jane Smith said.",
            "“We will lose,” said Sen. Bob Jones.",
        ]);
        assert_eq!(q[0].2.as_deref(), Some("Jane Smith"));
        assert_eq!(q[1].3.as_deref(), Some("Sen. Bob Jones"));
    }

    #[test]
    fn interrupted_quote_is_one_statement() {
        let q = quotes(&["“It cannot be contained,” Mrs. Clinton said. “It must be defeated.”"]);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].1, "It cannot be contained, … It must be defeated.");
    }

    #[test]
    fn pronoun_speaker_resolves_to_the_subject() {
        let q = quotes(&[
            "Angela Merkel met the press on Monday.",
            "She said that the talks had failed.",
        ]);
        assert_eq!(q[0].0, QuoteKind::Reported);
        assert_eq!(q[0].2.as_deref(), Some("Angela Merkel"));
        assert_eq!(q[0].3.as_deref(), Some("She"));
    }

    #[test]
    fn continuation_paragraph_takes_the_previous_speaker() {
        let q = quotes(&["“First,” Tom Brown said.", "“Second, and more.”"]);
        assert_eq!(q[1].2.as_deref(), Some("Tom Brown"));
        assert_eq!(q[1].4, Attribution::Continuation);
    }

    #[test]
    fn according_to_and_content_before_the_source() {
        let q = quotes(&[
            "The deal is off, according to The New York Times.",
            "Taxes will rise next year, officials said.",
        ]);
        assert_eq!(q[0].2.as_deref(), Some("The New York Times"));
        assert_eq!(q[0].1, "The deal is off");
        assert_eq!(q[1].2.as_deref(), Some("officials"));
    }

    #[test]
    fn nested_direct_quote_shares_the_reported_speaker() {
        let q =
            quotes(&["The Kremlin has accused the West of inciting “hysteria” against Ukraine."]);
        let direct = q.iter().find(|q| q.0 == QuoteKind::Direct).expect("direct");
        assert_eq!(direct.2.as_deref(), Some("Kremlin"));
        assert_eq!(direct.4, Attribution::Enclosing);
    }
}
