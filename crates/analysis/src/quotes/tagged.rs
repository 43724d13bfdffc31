//! Step 4 of the quotation stage in the accurate mode: reported speech from a learned
//! [`SpanTagger`] (a transformer encoder that marks sources, cues and contents). The
//! tagger's cues are grouped with its sources and contents; each cue's source and content
//! are the span labeller's reading of it, the tagger's where the labeller reads none.
//! Direct quotes keep the rules of steps 2 and 3.
//!
//! The tagger finds more cues than the fast mode's cue tagger, the labeller reads sources
//! and contents better than the tagger marks them: on PolNeAR dev the two together score
//! end-to-end ALL 0.655 against 0.634 for the tagger's own spans (source accuracy 0.952
//! against 0.932), chosen on a held-out tenth of train (docs/accuracy.md).

use std::ops::Range;

use super::cues::{is_auxiliary, CueHit};
use super::direct::DirectQuote;
use super::reported::{content_without_source, only_direct, rule_source, Reading};
use super::span_model::SpanModel;
use super::Draft;
use crate::budget::Budget;
use crate::text::Doc;
use crate::types::{QuoteKind, Span};

/// The part of an attribution a tagged span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// Who speaks.
    Source,
    /// The words that introduce the statement ("said", "according to").
    Cue,
    /// What is said.
    Content,
}

crate::types::labels!(Part { Source => "source", Cue => "cue", Content => "content" });

/// One span a tagger marked, in bytes of the article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaggedSpan {
    /// Which part of an attribution it is.
    pub part: Part,
    /// Where it stands.
    pub span: Span,
}

/// A learned tagger of attribution spans, run over an article's paragraphs (the accurate
/// mode; implemented outside the core, in `whosaid-accurate`).
pub trait SpanTagger: Send + Sync + std::fmt::Debug {
    /// The spans of `text`'s `paragraphs`, in text order; stops early (returning what it
    /// has) once `budget` is spent.
    fn tag(&self, text: &str, paragraphs: &[Span], budget: &Budget) -> Vec<TaggedSpan>;
}

/// One attribution put together from tagged spans: a cue, its nearest source in the
/// sentence, and the contents nearer to it than to any other cue of the paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    cue: Range<usize>,
    source: Option<Range<usize>>,
    content: Vec<Range<usize>>,
}

/// The tagged spans as token ranges (spans covering no token are dropped).
fn token_ranges(doc: &Doc, tagged: &[TaggedSpan]) -> Vec<(Part, Range<usize>)> {
    tagged
        .iter()
        .map(|t| {
            let a = doc.token_at_or_after(t.span.start);
            let b = doc.token_at_or_after(t.span.end);
            (t.part, a..b)
        })
        .filter(|(_, r)| !r.is_empty())
        .collect()
}

/// Tokens between two ranges (0 when they touch or overlap).
fn gap(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start {
        b.start - a.end
    } else {
        a.start.saturating_sub(b.end)
    }
}

/// Groups the parts around their cues, paragraph by paragraph: each content goes to a
/// cue of a sentence it spans, else to the nearest cue of its paragraph.
fn group(doc: &Doc, parts: &[(Part, Range<usize>)]) -> Vec<Group> {
    let of = |part: Part| {
        parts
            .iter()
            .filter(move |(p, _)| *p == part)
            .map(|(_, r)| r)
    };
    let mut groups: Vec<Group> = of(Part::Cue)
        .map(|cue| Group {
            cue: cue.clone(),
            source: nearest_source(doc, cue, of(Part::Source)),
            content: Vec::new(),
        })
        .collect();
    for content in of(Part::Content) {
        let paragraph = doc.paragraph_of(content.start);
        // a cue in a sentence the content spans first, then the nearest in the paragraph
        let sentences = doc.sentence_of(content.start)..=doc.sentence_of(content.end - 1);
        let in_its_sentence = |g: &Group| {
            let s = doc.sentence_of(g.cue.start);
            s.is_some() && s >= *sentences.start() && s <= *sentences.end()
        };
        let best = groups
            .iter()
            .enumerate()
            .filter(|(_, g)| doc.paragraph_of(g.cue.start) == paragraph)
            .min_by_key(|(_, g)| (!in_its_sentence(g), gap(&g.cue, content)))
            .map(|(i, _)| i);
        if let Some(i) = best {
            groups[i].content.push(content.clone());
        }
    }
    groups
}

/// The source span nearest to the cue within its sentence.
fn nearest_source<'r>(
    doc: &Doc,
    cue: &Range<usize>,
    sources: impl Iterator<Item = &'r Range<usize>>,
) -> Option<Range<usize>> {
    let sentence = doc.sentence_of(cue.start);
    sources
        .filter(|s| doc.sentence_of(s.start) == sentence)
        .min_by_key(|s| gap(cue, s))
        .cloned()
}

/// Reported statements from the tagger's spans, their sources and contents read by
/// `spans` (the span labeller; `inside`: the tokens inside quotation marks). A group whose
/// cue is one a direct quote already took is left to that quote; a group's cue is appended
/// to `cues` so that a reading can name it.
pub(crate) fn readings(
    doc: &Doc,
    tagged: &[TaggedSpan],
    cues: &mut Vec<CueHit>,
    used: &[bool],
    directs: &[DirectQuote],
    spans: &SpanModel,
    inside: &[bool],
) -> Vec<Reading> {
    let taken: Vec<Range<usize>> = cues
        .iter()
        .zip(used)
        .filter(|(_, u)| **u)
        .map(|(c, _)| c.tokens.clone())
        .collect();
    let mut out = Vec::new();
    for g in group(doc, &token_ranges(doc, tagged)) {
        if taken
            .iter()
            .any(|t| t.start < g.cue.end && g.cue.start < t.end)
        {
            continue;
        }
        let Some(sentence) = doc.sentence_of(g.cue.start) else {
            continue;
        };
        if only_auxiliaries(doc, &g.cue) {
            continue;
        }
        let hit = CueHit {
            tokens: g.cue.clone(),
            sentence,
            takes_object: false,
            according: false,
            participle: false,
        };
        let read = spans.label(doc, inside, &g.cue);
        // the labeller's source, else the one tagged nearest in the sentence, else the
        // subject the rules would take
        let Some(source) = read
            .source
            .or_else(|| g.source.clone())
            .or_else(|| rule_source(doc, &hit))
        else {
            continue;
        };
        let content = content_of(read.content, &g, &source);
        if content.iter().map(|r| r.len()).sum::<usize>() < 2 {
            continue;
        }
        cues.push(hit);
        let cue = cues.len() - 1;
        out.push(match only_direct(doc, &content, directs) {
            Some(quote) => Reading::AttributesDirect { quote, cue, source },
            None => Reading::Statement(Draft {
                kind: QuoteKind::Reported,
                content: content.iter().map(|r| doc.span_of(r.clone())).collect(),
                cue: Some(g.cue),
                source: Some(source),
                inherited: None,
                start_token: content[0].start,
            }),
        });
    }
    out
}

/// True when a tagged cue is nothing but auxiliaries, modals or adverbs ("have" of "have
/// found ways", "was", "don't"): no cue of its own. The tagger marks such words where a
/// verb phrase is split; reading them made 45 of the 500 spurious attributions on dev
/// (dropping them: held-out tenth of train end-to-end ALL 0.651 → 0.655).
fn only_auxiliaries(doc: &Doc, cue: &Range<usize>) -> bool {
    cue.clone()
        .all(|t| is_auxiliary(doc, t) || matches!(doc.lower(t), "don't" | "doesn't" | "didn't"))
}

/// The content of a group's cue: the span labeller's reading `read`, else what the tagger
/// grouped there; never the source's tokens.
fn content_of(read: Vec<Range<usize>>, g: &Group, source: &Range<usize>) -> Vec<Range<usize>> {
    let read = content_without_source(read, source);
    if read.is_empty() {
        content_without_source(g.content.clone(), source)
    } else {
        read
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Article;

    fn tag(text: &str, part: Part, words: &str) -> TaggedSpan {
        let start = text.find(words).expect("words in the text");
        TaggedSpan {
            part,
            span: Span::new(start, start + words.len()),
        }
    }

    #[test]
    fn contents_go_to_the_nearest_cue_and_sources_stay_in_their_sentence() {
        let text = "Smith said the plan failed. Jones told reporters it worked.";
        let article = Article::from_paragraphs([text]);
        let doc = Doc::new(&article);
        let tagged = [
            tag(text, Part::Source, "Smith"),
            tag(text, Part::Cue, "said"),
            tag(text, Part::Content, "the plan failed"),
            tag(text, Part::Source, "Jones"),
            tag(text, Part::Cue, "told"),
            tag(text, Part::Content, "it worked"),
        ];
        let groups = group(&doc, &token_ranges(&doc, &tagged));
        assert_eq!(groups.len(), 2);
        let words = |r: &Range<usize>| doc.span_of(r.clone()).slice(doc.text).to_string();
        assert_eq!(
            groups[0].source.as_ref().map(words).as_deref(),
            Some("Smith")
        );
        assert_eq!(words(&groups[0].content[0]), "the plan failed");
        assert_eq!(
            groups[1].source.as_ref().map(words).as_deref(),
            Some("Jones")
        );
        assert_eq!(words(&groups[1].content[0]), "it worked");
        let mut cues = Vec::new();
        let none = SpanModel::default();
        let r = readings(&doc, &tagged, &mut cues, &[], &[], &none, &[]);
        assert_eq!((r.len(), cues.len()), (2, 2));
    }

    #[test]
    fn a_content_goes_to_a_cue_of_its_own_sentence_before_a_nearer_one() {
        let text = "Smith agreed. Prices rose sharply all through the spring and the summer, \
                    the economist Jones said.";
        let article = Article::from_paragraphs([text]);
        let doc = Doc::new(&article);
        let tagged = [
            tag(text, Part::Source, "Smith"),
            tag(text, Part::Cue, "agreed"),
            tag(
                text,
                Part::Content,
                "Prices rose sharply all through the spring",
            ),
            tag(text, Part::Source, "the economist Jones"),
            tag(text, Part::Cue, "said"),
        ];
        // "agreed" is one token away, "said" five: the sentence decides
        let groups = group(&doc, &token_ranges(&doc, &tagged));
        assert_eq!(groups.len(), 2);
        assert!(groups[0].content.is_empty(), "{groups:?}");
        assert_eq!(groups[1].content.len(), 1, "{groups:?}");
    }

    #[test]
    fn a_cue_without_source_or_content_reads_nothing() {
        let text = "The report said nothing.";
        let article = Article::from_paragraphs([text]);
        let doc = Doc::new(&article);
        let tagged = [tag(text, Part::Cue, "said")];
        let none = SpanModel::default();
        assert!(readings(&doc, &tagged, &mut Vec::new(), &[], &[], &none, &[]).is_empty());
    }

    #[test]
    fn a_cue_of_auxiliaries_alone_is_no_cue() {
        let text = "Many corporations have found ways to avoid the tax, he said.";
        let article = Article::from_paragraphs([text]);
        let doc = Doc::new(&article);
        let cue = |words: &str| {
            token_ranges(&doc, &[tag(text, Part::Cue, words)])[0]
                .1
                .clone()
        };
        assert!(only_auxiliaries(&doc, &cue("have")));
        assert!(!only_auxiliaries(&doc, &cue("have found")));
        assert!(!only_auxiliaries(&doc, &cue("said")));
    }

    fn reported(r: &Reading, doc: &Doc) -> Vec<String> {
        match r {
            Reading::Statement(d) => d
                .content
                .iter()
                .map(|c| c.slice(doc.text).to_string())
                .collect(),
            Reading::AttributesDirect { .. } => panic!("not a reported statement: {r:?}"),
        }
    }

    #[test]
    fn the_labeller_reads_the_content_and_the_tagger_fills_in() {
        let text = "Smith said the plan failed badly last year.";
        let article = Article::from_paragraphs([text]);
        let doc = Doc::new(&article);
        let inside = vec![false; doc.tokens.len()];
        // the tagger cut the content short; the labeller reads the whole clause
        let tagged = [
            tag(text, Part::Source, "Smith"),
            tag(text, Part::Cue, "said"),
            tag(text, Part::Content, "the plan"),
        ];
        let labeller = SpanModel::embedded();
        let r = readings(&doc, &tagged, &mut Vec::new(), &[], &[], labeller, &inside);
        assert_eq!(reported(&r[0], &doc), ["the plan failed badly last year."]);
        // a labeller that reads nothing (here: none at all) leaves the tagger's content
        let none = SpanModel::default();
        let r = readings(&doc, &tagged, &mut Vec::new(), &[], &[], &none, &inside);
        assert_eq!(reported(&r[0], &doc), ["the plan"]);
    }
}
