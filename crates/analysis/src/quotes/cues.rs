//! Step 1 of the quotation stage: cues. The speech-verb lexicon and multi-word cue list
//! propose cues in context; the learned cue tagger adds its own and vetoes lexicon cues it
//! is confident are none.

use std::ops::Range;

use super::cue_model::{self, CueModel};
use crate::lexicon::Lexicon;
use crate::text::{Doc, SentenceTokens, TokenKind};

/// A cue found in the text.
#[derive(Debug, Clone)]
pub(crate) struct CueHit {
    /// The cue's tokens.
    pub(crate) tokens: Range<usize>,
    /// The sentence it stands in.
    pub(crate) sentence: usize,
    /// The verb takes a listener object ("told reporters").
    pub(crate) takes_object: bool,
    /// "according to": the source follows the cue.
    pub(crate) according: bool,
    /// A participle ("…, saying"): the source is the clause's subject.
    pub(crate) participle: bool,
}

/// Forms that are nouns as often as verbs: cues only after a subject, never after a determiner.
const NOUN_LIKE: &[&str] = &[
    "report",
    "reports",
    "claim",
    "claims",
    "call",
    "calls",
    "promise",
    "promises",
    "demand",
    "demands",
    "fear",
    "fears",
    "hope",
    "hopes",
    "remark",
    "remarks",
    "question",
    "questions",
    "doubt",
    "doubts",
    "estimate",
    "estimates",
    "post",
    "posted",
    "show",
    "shows",
    "request",
    "requests",
    "state",
    "states",
    "warning",
    "finding",
    "tweet",
    "tweets",
    "joke",
    "jokes",
    "charge",
    "charges",
    "read",
    "reads",
    "counter",
    "label",
    "stress",
    "know",
    "feel",
    "think",
    "find",
    "found",
    "expect",
    "ask",
    "add",
];

const DETERMINER_LIKE: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "these",
    "those", "some", "any", "no", "of", "in", "on", "for", "to", "with", "by", "from", "at", "’s",
    "'s", "and", "or", "every", "new",
];

/// How sure the cue tagger must be that a lexicon cue is none to drop it (a margin in
/// perceptron score units; chosen on a held-out tenth of PolNeAR train).
const VETO_MARGIN: f32 = 10.0;

/// Cues from the lexicon (unless the tagger confidently rejects them) and from the tagger.
pub(crate) fn find(doc: &Doc, inside: &[bool], model: &CueModel) -> Vec<CueHit> {
    let lexicon = lexicon_cues(doc, inside);
    let tags = model.tag(doc, inside);
    let mut out: Vec<CueHit> = learned_spans(doc, inside, &tags)
        .into_iter()
        .filter_map(|r| read_learned(doc, &lexicon, r))
        .collect();
    // which tokens the cues so far hold: overlap is a shared token
    let mut taken = token_mask(doc, &out);
    for c in lexicon {
        if keeps_lexicon_cue(doc, &taken, &tags, &c) {
            mark(&mut taken, &c.tokens);
            out.push(c);
        }
    }
    out.sort_by_key(|c| c.tokens.start);
    out
}

/// Which tokens of the document belong to one of these cues.
pub(crate) fn token_mask(doc: &Doc, cues: &[CueHit]) -> Vec<bool> {
    let mut mask = vec![false; doc.tokens.len()];
    for c in cues {
        mark(&mut mask, &c.tokens);
    }
    mask
}

fn mark(taken: &mut [bool], tokens: &Range<usize>) {
    for t in tokens.clone() {
        if let Some(x) = taken.get_mut(t) {
            *x = true;
        }
    }
}

/// The tagger's cues: a B and its I tokens, an auxiliary or adverb B joined to the cue that
/// follows it ("has" + "blamed").
fn learned_spans(doc: &Doc, inside: &[bool], tags: &[cue_model::TokenScores]) -> Vec<Range<usize>> {
    let mut learned: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if tags[i].label != cue_model::BEGIN || inside[i] {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < tags.len() && tags[end].label == cue_model::INSIDE {
            end += 1;
        }
        match learned.last_mut() {
            Some(prev) if prev.end == i && is_auxiliary(doc, i - 1) => prev.end = end,
            _ => learned.push(i..end),
        }
        i = end;
    }
    learned
}

/// A learned cue read with what the lexicon knows of it (listener objects, "according to").
fn read_learned(doc: &Doc, lexicon: &[CueHit], mut r: Range<usize>) -> Option<CueHit> {
    // the lexicon's cues are in text order and do not overlap: the ones that can meet the
    // learned cue are found by bisection, not by a scan of all of them
    let near = &lexicon[lexicon.partition_point(|c| c.tokens.end <= r.start)..];
    // a speech verb's object is its content, not part of its cue ("has denied | any
    // plans to invade")
    if let Some(c) = near
        .iter()
        .take_while(|c| c.tokens.start < r.end)
        .find(|c| c.tokens.start >= r.start && c.tokens.end < r.end)
    {
        if matches!(
            doc.pos(c.tokens.end),
            "DT" | "PDT" | "NN" | "NNS" | "NNP" | "NNPS" | "JJ" | "PRP$" | "PRP" | "CD"
        ) {
            r.end = c.tokens.end;
        }
    }
    let sentence = doc.sentence_of(r.start)?;
    let known = near
        .first()
        .filter(|c| c.tokens.start < r.end && r.start < c.tokens.end);
    let head = (r.start..r.end)
        .rev()
        .find(|&t| !is_auxiliary(doc, t))
        .unwrap_or(r.start);
    let lw = doc.lower(head);
    Some(CueHit {
        sentence,
        takes_object: known.map_or_else(
            || {
                Lexicon::get()
                    .speech_verb(lw)
                    .is_some_and(|v| v.takes_object)
            },
            |c| c.takes_object,
        ),
        according: known.is_some_and(|c| c.according) || doc.lower(r.start) == "according",
        participle: r.len() == 1 && lw.ends_with("ing"),
        tokens: r,
    })
}

/// A lexicon cue the tagger did not take is kept unless the tagger confidently rejects it;
/// a quotation later in the sentence makes it speech whatever the tagger says.
fn keeps_lexicon_cue(
    doc: &Doc,
    taken: &[bool],
    tags: &[cue_model::TokenScores],
    c: &CueHit,
) -> bool {
    let overlaps = c
        .tokens
        .clone()
        .any(|t| taken.get(t).copied().unwrap_or(false));
    let t = tags[c.tokens.start];
    let quotes_follow = (c.tokens.end..doc.sentences[c.sentence].tokens.end)
        .any(|k| doc.tokens[k].kind == TokenKind::Quote);
    let vetoed = t.label == cue_model::OUTSIDE && t.margin > VETO_MARGIN && !quotes_follow;
    !overlaps && !vetoed
}

/// An auxiliary, modal or adverb that may open a cue ("has said", "would not endorse").
pub(crate) fn is_auxiliary(doc: &Doc, t: usize) -> bool {
    matches!(doc.pos(t), "MD" | "RB" | "RBR" | "TO")
        || matches!(
            doc.lower(t),
            "has"
                | "have"
                | "had"
                | "is"
                | "are"
                | "was"
                | "were"
                | "be"
                | "been"
                | "do"
                | "does"
                | "did"
                | "will"
                | "would"
                | "also"
                | "once"
                | "not"
                | "n't"
        )
}

/// Cues from the speech-verb lexicon and the multi-word cue list, filtered by context.
fn lexicon_cues(doc: &Doc, inside: &[bool]) -> Vec<CueHit> {
    let lex = Lexicon::get();
    let mut out = Vec::new();
    for (s_idx, s) in doc.sentences.iter().enumerate() {
        if doc.over_budget() {
            break;
        }
        let mut i = s.tokens.start;
        while i < s.tokens.end {
            if inside[i] || doc.tokens[i].kind != TokenKind::Word {
                i += 1;
                continue;
            }
            let lw = doc.word(i).to_lowercase();
            // multi-word cues
            let phrase = lex.cue_phrases().iter().find(|p| {
                p.iter()
                    .enumerate()
                    .all(|(k, w)| i + k < s.tokens.end && doc.word(i + k).eq_ignore_ascii_case(w))
            });
            if let Some(p) = phrase {
                out.push(CueHit {
                    tokens: i..i + p.len(),
                    sentence: s_idx,
                    takes_object: false,
                    according: p[0] == "according",
                    participle: false,
                });
                i += p.len();
                continue;
            }
            if let Some(c) = speech_verb_cue(doc, s, s_idx, i, &lw) {
                out.push(c);
            }
            i += 1;
        }
    }
    out
}

/// A one-word cue from the speech-verb lexicon, unless its context says it is a noun, an
/// adjective, a passive or a name ("the stated goal", "United States").
fn speech_verb_cue(
    doc: &Doc,
    s: &SentenceTokens,
    s_idx: usize,
    i: usize,
    lw: &str,
) -> Option<CueHit> {
    let lex = Lexicon::get();
    // "United States" is no cue; a headline's "Lindsey Graham Says" is
    let headline_cue = s.paragraph == 0
        && lex
            .gazetteer(&[doc.word(i.saturating_sub(1)), doc.word(i)])
            .is_none();
    let capitalized_mid_sentence = doc.is_capitalized(i)
        && i > s.tokens.start
        && doc.tokens[i - 1].kind != TokenKind::Quote
        && !headline_cue;
    if let Some(v) = lex.speech_verb(lw).filter(|_| !capitalized_mid_sentence) {
        let prev = if i > s.tokens.start {
            doc.word(i - 1).to_lowercase()
        } else {
            String::new()
        };
        let participle = lw.ends_with("ing");
        let passive = matches!(
            prev.as_str(),
            "was" | "were" | "been" | "being" | "is" | "are" | "be" | "get" | "got"
        ) && !participle;
        let noun_use = NOUN_LIKE.contains(&lw)
            && (DETERMINER_LIKE.contains(&prev.as_str()) || prev.is_empty());
        let participle_ok = !participle
            || prev == ","
            || matches!(
                prev.as_str(),
                "was" | "were" | "is" | "are" | "been" | "and" | "kept" | "keeps"
            );
        // "-ed" words before a noun are adjectives ("the stated goal")
        let adjective = DETERMINER_LIKE.contains(&prev.as_str()) && lw.ends_with("ed");
        if !passive && !noun_use && participle_ok && !adjective && v.lemma != "continue" {
            return Some(CueHit {
                tokens: i..i + 1,
                sentence: s_idx,
                takes_object: v.takes_object,
                according: false,
                participle,
            });
        } else if v.lemma == "continue" && matches!(doc.word(i + 1), "," | "." | ":") {
            return Some(CueHit {
                tokens: i..i + 1,
                sentence: s_idx,
                takes_object: false,
                according: false,
                participle: false,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::{direct, inside_quotes};
    use crate::text::pos::PosTagger;
    use crate::types::Article;

    /// The words of every cue found in one paragraph.
    fn cues(text: &str) -> Vec<String> {
        let article = Article::from_paragraphs([text]);
        let mut doc = Doc::new(&article);
        doc.tag(PosTagger::embedded());
        let inside = inside_quotes(&doc, &direct::find(&doc));
        find(&doc, &inside, CueModel::embedded())
            .into_iter()
            .map(|c| doc.span_of(c.tokens).slice(doc.text).to_string())
            .collect()
    }

    #[test]
    fn speech_verbs_and_phrases_are_cues() {
        assert_eq!(cues("Angela Merkel said the talks had failed."), ["said"]);
        assert_eq!(
            cues("The deal is off, according to Le Monde’s sources."),
            ["according to"]
        );
    }

    #[test]
    fn a_noun_or_an_adjective_is_no_cue() {
        assert!(cues("The report was published on Monday.").is_empty());
        assert!(cues("The stated goal of the Élysée is peace.").is_empty());
    }

    #[test]
    fn words_inside_a_quotation_are_not_its_cues() {
        let c = cues("“They said nothing,” François Hollande told reporters.");
        assert_eq!(c, ["told"]);
    }
}
