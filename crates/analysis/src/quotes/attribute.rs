//! Step 3 of the quotation stage: direct quotes attributed by the cue next to them. Each
//! rule is a named function tried in order from [`RULES`]; the first that answers wins and
//! its id is recorded with the attribution.

use std::ops::Range;

use super::cues::CueHit;
use super::direct::DirectQuote;
use crate::lexicon::Lexicon;
use crate::text::phrases::{np_after, np_before, sentence_subject};
use crate::text::{Doc, TokenKind};

/// What the rules read: the document and the cues found in it.
pub(crate) struct Context<'a> {
    /// The tagged document.
    pub(crate) doc: &'a Doc<'a>,
    /// The cues of step 1, in text order.
    pub(crate) cues: &'a [CueHit],
}

/// The cue a rule attributes a quote with.
#[derive(Debug, Clone)]
pub(crate) enum CueRef {
    /// One of the cues of step 1 (its index).
    Found(usize),
    /// A cue only this rule sees: a label verb or a bare colon before the quote.
    New(CueHit),
}

/// A rule's answer: the cue and the speaker's noun phrase.
pub(crate) type RuleAnswer = (CueRef, Range<usize>);

/// A direct-quote attribution rule: an id, an example it attributes, and the function.
pub(crate) struct DirectRule {
    /// Stable name, recorded with what the rule attributes.
    pub(crate) id: &'static str,
    /// Paragraphs whose first direct quote this rule attributes (run by the tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) example: &'static [&'static str],
    /// The rule.
    pub(crate) apply: fn(&Context, &DirectQuote) -> Option<RuleAnswer>,
}

/// The rules, in the order they are tried.
pub(crate) const RULES: &[DirectRule] = &[
    DirectRule {
        id: "cue-after",
        example: &["“We will win,” Jane Smith said."],
        apply: cue_after,
    },
    DirectRule {
        id: "cue-before",
        example: &["Jane Smith said, “We will win.”"],
        apply: cue_before,
    },
    DirectRule {
        id: "label-colon",
        example: &["She offered up this sound bite for which she later apologized: “We will win.”"],
        apply: label_colon,
    },
    DirectRule {
        id: "cue-ends-previous-paragraph",
        example: &["The New York Times reports on the deal:", "“We will win.”"],
        apply: cue_ends_previous_paragraph,
    },
];

/// A direct quote's attribution: the cue (an index into the grown cue list), the speaker's
/// noun phrase, and the rule that found them.
#[derive(Debug, Clone)]
pub(crate) struct DirectAttribution {
    /// Index into the cue list returned with it.
    pub(crate) cue: usize,
    /// The speaker's tokens.
    pub(crate) source: Range<usize>,
    /// Id of the rule that fired (for tests and for tracing an attribution to its rule).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) rule: &'static str,
}

/// The first rule that attributes this quote, with its id.
pub(crate) fn first_rule(ctx: &Context, d: &DirectQuote) -> Option<(&'static str, RuleAnswer)> {
    RULES
        .iter()
        .find_map(|r| (r.apply)(ctx, d).map(|answer| (r.id, answer)))
}

/// Every direct quote attributed by the rules. The cue list comes back grown by the cues
/// only the rules found (appended in quote order), with which cues now attribute a quote.
pub(crate) fn attribute_all(
    doc: &Doc,
    directs: &[DirectQuote],
    cues: Vec<CueHit>,
) -> (Vec<CueHit>, Vec<bool>, Vec<Option<DirectAttribution>>) {
    let mut used = vec![false; cues.len()];
    let mut new_cues = Vec::new();
    let mut attributions = Vec::with_capacity(directs.len());
    {
        let ctx = Context { doc, cues: &cues };
        for d in directs {
            // a spent budget leaves the rest unattributed (the analyzer then stops)
            let attribution = (!doc.over_budget())
                .then(|| first_rule(&ctx, d))
                .flatten()
                .map(|(rule, (cue, source))| {
                    let cue = match cue {
                        CueRef::Found(c) => {
                            used[c] = true;
                            c
                        }
                        CueRef::New(hit) => {
                            new_cues.push(hit);
                            cues.len() + new_cues.len() - 1
                        }
                    };
                    DirectAttribution { cue, source, rule }
                });
            attributions.push(attribution);
        }
    }
    let mut cues = cues;
    cues.extend(new_cues);
    used.resize(cues.len(), true);
    (cues, used, attributions)
}

/// `“…,” Putin said` / `“…,” said Putin` / `“…?” he asked`: a cue just after the quote.
fn cue_after(ctx: &Context, d: &DirectQuote) -> Option<RuleAnswer> {
    let doc = ctx.doc;
    let close = d.end_token; // first token after the quote
    let para = doc.paragraph_of(d.open_token).unwrap_or(0);
    let last_para = doc.paragraph_of(close.saturating_sub(1)).unwrap_or(para);
    let last_para_end = doc
        .paragraphs
        .get(last_para)
        .map(|p| p.tokens.end)
        .unwrap_or(close);
    let ends_sentence = close >= 2
        && close < doc.tokens.len()
        && doc.word(close - 2) == "."
        && doc.is_capitalized(close);
    if ends_sentence {
        return None;
    }
    for (c, cue) in ctx.cues.iter().enumerate() {
        if cue.tokens.start < close
            || cue.tokens.start > close + 9
            || cue.tokens.start >= last_para_end
            || cue.according
        {
            continue;
        }
        if (close..cue.tokens.start)
            .any(|t| doc.tokens[t].kind == TokenKind::Quote || is_stop(doc, t))
        {
            continue;
        }
        let floor = if close < doc.tokens.len() && doc.word(close) == "," {
            close + 1
        } else {
            close
        };
        let np = np_before(doc, cue.tokens.start, floor)
            .filter(|np| np.start == floor)
            .or_else(|| {
                (cue.tokens.start == floor)
                    .then(|| np_after(doc, cue.tokens.end, last_para_end))
                    .flatten()
            });
        if let Some(np) = np {
            return Some((CueRef::Found(c), np));
        }
    }
    None
}

/// `Putin said: “…”` / `as he said, “…”`: the nearest cue before the quote in its sentence.
fn cue_before(ctx: &Context, d: &DirectQuote) -> Option<RuleAnswer> {
    let doc = ctx.doc;
    let s = doc.sentence_of(d.open_token)?;
    let s_start = doc.sentences[s].tokens.start;
    let (c, cue) = ctx.cues.iter().enumerate().rev().find(|(_, cue)| {
        cue.tokens.end <= d.open_token && cue.tokens.start >= s_start && !cue.according
    })?;
    let gap = d.open_token - cue.tokens.end;
    let mut k = cue.tokens.end;
    if cue.takes_object {
        if let Some(np) = np_after(doc, k, d.open_token) {
            k = np.end;
        }
    }
    let between_ok = (k..d.open_token)
        .all(|t| !is_stop(doc, t) && doc.tokens[t].kind != TokenKind::Quote)
        && (k == d.open_token || matches!(doc.word(d.open_token - 1), "," | ":"));
    if gap > 8 || !between_ok {
        return None;
    }
    let np = if cue.participle {
        sentence_subject(doc, doc.sentences[s].tokens.clone())
    } else {
        np_before(doc, cue.tokens.start, s_start)
            .or_else(|| np_after(doc, cue.tokens.end, d.open_token))
    };
    np.map(|np| (CueRef::Found(c), np))
}

/// `Hannity interjected: “…”` / `Republican pollster Daron Shaw: “…”`: a label before a
/// colon, the verb (or the colon) becoming the cue.
fn label_colon(ctx: &Context, d: &DirectQuote) -> Option<RuleAnswer> {
    let doc = ctx.doc;
    if d.open_token < 2 || doc.word(d.open_token - 1) != ":" {
        return None;
    }
    let colon = d.open_token - 1;
    let floor = doc
        .sentence_of(colon)
        .map(|s| doc.sentences[s].tokens.start)
        .unwrap_or(0);
    let verb = colon - 1;
    let lw = doc.word(verb);
    let verb_like = doc.tokens[verb].kind == TokenKind::Word
        && lw.chars().next().is_some_and(char::is_lowercase)
        && (lw.ends_with("ed") || lw.ends_with('s') || Lexicon::get().speech_verb(lw).is_some());
    let (cue_tokens, np) = if verb_like {
        np_before(doc, verb, floor).map(|np| (verb..verb + 1, np))
    } else {
        np_before(doc, colon, floor)
            .filter(|np| np.start == floor)
            .map(|np| (colon..colon + 1, np))
    }?;
    let hit = CueHit {
        tokens: cue_tokens,
        sentence: doc.sentence_of(colon).unwrap_or(0),
        takes_object: false,
        according: false,
        participle: false,
    };
    Some((CueRef::New(hit), np))
}

/// `The New York Times reports:` ending the paragraph before a paragraph that opens with
/// the quote.
fn cue_ends_previous_paragraph(ctx: &Context, d: &DirectQuote) -> Option<RuleAnswer> {
    let doc = ctx.doc;
    let para = doc.paragraph_of(d.open_token).unwrap_or(0);
    let opens_paragraph = doc
        .paragraphs
        .get(para)
        .is_some_and(|p| p.tokens.start == d.open_token);
    if !opens_paragraph || para == 0 {
        return None;
    }
    let prev = &doc.paragraphs[para - 1];
    if prev.tokens.end <= prev.tokens.start || doc.word(prev.tokens.end - 1) != ":" {
        return None;
    }
    let colon = prev.tokens.end - 1;
    let (c, cue) = ctx.cues.iter().enumerate().rev().find(|(_, c)| {
        c.tokens.end <= colon && c.tokens.start + 6 >= colon && c.tokens.start >= prev.tokens.start
    })?;
    let s_start = doc.sentences[cue.sentence].tokens.start;
    let np = np_before(doc, cue.tokens.start, s_start)?;
    Some((CueRef::Found(c), np))
}

/// True for a token that ends a clause: ".", "!", "?" or ";" — but not the dot of "Mrs."
/// or of an initial.
pub(crate) fn is_stop(doc: &Doc, t: usize) -> bool {
    match doc.word(t) {
        "!" | "?" | ";" => true,
        "." => {
            let abbreviation = t > 0
                && doc.tokens[t - 1].span.end == doc.tokens[t].span.start
                && (Lexicon::get().is_abbreviation(doc.word(t - 1))
                    || doc.word(t - 1).chars().count() == 1);
            !abbreviation
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::{cue_model::CueModel, cues, direct, inside_quotes};
    use crate::text::pos::PosTagger;
    use crate::types::Article;

    /// The rule that attributes the first direct quote of these paragraphs, and its speaker.
    fn fired(paragraphs: &[&str]) -> Option<(&'static str, String)> {
        let article = Article::from_paragraphs(paragraphs);
        let mut doc = Doc::new(&article);
        doc.tag(PosTagger::embedded());
        let directs = direct::find(&doc);
        let inside = inside_quotes(&doc, &directs);
        let found = cues::find(&doc, &inside, CueModel::embedded());
        let ctx = Context {
            doc: &doc,
            cues: &found,
        };
        let (id, (_, np)) = first_rule(&ctx, directs.first()?)?;
        Some((id, doc.span_of(np).slice(doc.text).to_string()))
    }

    #[test]
    fn every_rule_fires_on_its_own_example() {
        for rule in RULES {
            let got = fired(rule.example);
            assert_eq!(got.map(|g| g.0), Some(rule.id), "{:?}", rule.example);
        }
    }

    #[test]
    fn speakers_with_non_ascii_names_and_curly_quotes() {
        let got = fired(&["“Nous resterons,” said François Hollande."]);
        assert_eq!(got, Some(("cue-after", "François Hollande".to_string())));
        let got = fired(&["Angela Merkel told reporters: “Wir schaffen das.”"]);
        assert_eq!(got.map(|g| g.1), Some("Angela Merkel".to_string()));
    }

    #[test]
    fn a_sentence_between_quote_and_cue_blocks_the_rule() {
        let got = fired(&["“We will win.” The crowd cheered. Smith said nothing."]);
        assert_ne!(got.map(|g| g.0), Some("cue-after"));
    }

    #[test]
    fn attribute_all_records_the_rule_and_grows_the_cue_list() {
        let article =
            Article::from_paragraphs(["His verdict: “We will win.” “We lost,” Ana Núñez said."]);
        let mut doc = Doc::new(&article);
        doc.tag(PosTagger::embedded());
        let directs = direct::find(&doc);
        let inside = inside_quotes(&doc, &directs);
        let found = cues::find(&doc, &inside, CueModel::embedded());
        let n = found.len();
        let (grown, used, attributions) = attribute_all(&doc, &directs, found);
        let rules: Vec<_> = attributions
            .iter()
            .map(|a| a.as_ref().map(|a| a.rule))
            .collect();
        assert_eq!(rules, vec![Some("label-colon"), Some("cue-after")]);
        assert_eq!(grown.len(), n + 1);
        assert_eq!(attributions[0].as_ref().map(|a| a.cue), Some(n));
        assert!(used.iter().all(|&u| u));
    }

    #[test]
    fn the_dot_of_an_abbreviation_is_no_stop() {
        let article = Article::from_paragraphs(["Mrs. Clinton spoke; then he left."]);
        let doc = Doc::new(&article);
        let stops: Vec<&str> = (0..doc.tokens.len())
            .filter(|&t| is_stop(&doc, t))
            .map(|t| doc.word(t))
            .collect();
        assert_eq!(stops, vec![";", "."]);
    }
}
