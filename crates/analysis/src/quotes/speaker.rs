//! Step 6 of the quotation stage: speakers. A draft's source phrase becomes a speaker
//! (an entity when the phrase names one, pronouns resolved by coreference); quotes without
//! a source take the speaker of the statement they continue or stand in.

use std::ops::Range;

use super::{Draft, Inherit};
use crate::entities::coref::Resolver;
use crate::text::phrases::np_before;
use crate::text::Doc;
use crate::types::{Attribution, Cue, EntityKind, Quote, QuoteKind, Span, Speaker};

/// The quotes of the document in text order: reported statements, then for each
/// direct quote its draft with the speaker it inherits.
pub(crate) fn quotes(
    doc: &Doc,
    resolver: &Resolver,
    reported_drafts: &[Draft],
    direct_drafts: &[Option<Draft>],
) -> Vec<Quote> {
    let reported: Vec<Quote> = reported_drafts
        .iter()
        .map(|d| to_quote(doc, resolver, d, None))
        .collect();
    let mut direct: Vec<Option<Quote>> = vec![None; direct_drafts.len()];
    for (q, draft) in direct_drafts.iter().enumerate() {
        let Some(draft) = draft else {
            continue;
        };
        let (inherited, cue) = match draft.inherited {
            Some(Inherit::Continues(prev)) => (
                direct
                    .get(prev)
                    .and_then(|p| p.as_ref())
                    .and_then(|p| p.speaker.clone()),
                None,
            ),
            Some(Inherit::Enclosing(r)) => (
                reported.get(r).and_then(|p| p.speaker.clone()),
                reported.get(r).and_then(|p| p.cue.clone()),
            ),
            None => (None, None),
        };
        let mut quote = to_quote(doc, resolver, draft, inherited);
        if quote.cue.is_none() {
            quote.cue = cue;
        }
        direct[q] = Some(quote);
    }
    let mut all: Vec<(usize, Quote)> = reported_drafts
        .iter()
        .map(|d| d.start_token)
        .zip(reported)
        .collect();
    for (draft, quote) in direct_drafts.iter().zip(direct) {
        if let (Some(draft), Some(quote)) = (draft, quote) {
            all.push((draft.start_token, quote));
        }
    }
    all.sort_by_key(|(t, q)| (*t, q.kind == QuoteKind::Direct));
    let mut all: Vec<Quote> = all.into_iter().map(|(_, q)| q).collect();
    first_person_speaks_for_the_quote(&mut all);
    he_or_she_is_the_last_speaker(resolver, &mut all);
    all
}

/// First-person pronouns, which name whoever is speaking.
const FIRST_PERSON: [&str; 4] = ["i", "we", "me", "us"];

/// Rule `first-person-in-a-quote`: "I" or "we" as the speaker of a statement inside
/// someone's direct quote is that someone (“I told them we would win,” Trump said →
/// Trump, mention "I" kept).
fn first_person_speaks_for_the_quote(quotes: &mut [Quote]) {
    let holders: Vec<(Span, Speaker)> = quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .filter_map(|q| {
            let s = q.speaker.as_ref()?;
            let first_person = FIRST_PERSON.contains(&s.name.to_lowercase().as_str());
            (!first_person).then(|| q.content.iter().map(|c| (*c, s.clone())))
        })
        .flatten()
        .collect();
    for q in quotes.iter_mut() {
        let Some(s) = q.speaker.as_mut() else {
            continue;
        };
        let Some(m) = s.mention.filter(|_| s.entity.is_none()) else {
            continue;
        };
        if !FIRST_PERSON.contains(&s.name.to_lowercase().as_str()) {
            continue;
        }
        if let Some((_, holder)) = holders
            .iter()
            .find(|(c, _)| c.start <= m.start && m.end <= c.end)
        {
            s.name.clone_from(&holder.name);
            s.entity = holder.entity;
        }
    }
}

/// How far back (in paragraphs) the last speaker can be the "he" or "she" of a quote.
const SPEAKER_REACH: usize = 2;

/// Rule `he-or-she-is-the-last-speaker`: a "he" or "she" that coreference left without
/// an antecedent (a run of quotes names no one outside them) is the last person quoted
/// before it, of the same gender and at most two paragraphs back (“… ,” Trump said. “…,”
/// he added → Trump).
fn he_or_she_is_the_last_speaker(resolver: &Resolver, quotes: &mut [Quote]) {
    let doc = resolver.doc;
    let paragraph_at = |byte: usize| doc.paragraph_of(doc.token_at_or_after(byte));
    let mut last: Option<(usize, Option<usize>, usize)> = None; // (entity, paragraph, at)
    let mut order: Vec<usize> = (0..quotes.len()).collect();
    order.sort_by_key(|&k| {
        quotes[k]
            .speaker
            .as_ref()
            .and_then(|s| s.mention)
            .map(|m| m.start)
    });
    for k in order {
        let Some(s) = quotes[k].speaker.as_mut() else {
            continue;
        };
        let Some(m) = s.mention else {
            continue;
        };
        let pronoun = s.name.to_lowercase();
        if s.entity.is_none() && matches!(pronoun.as_str(), "he" | "she") {
            if let Some((e, p, at)) = last {
                let near = match (p, paragraph_at(m.start)) {
                    (Some(p), Some(q)) => q >= p && q - p <= SPEAKER_REACH,
                    _ => false,
                };
                if near && at < m.start && resolver.compatible(&pronoun, e) {
                    s.entity = Some(e);
                    s.name.clone_from(&resolver.resolved.entities[e].name);
                }
            }
        }
        if let Some(e) = s.entity {
            if resolver.resolved.entities[e].kind == EntityKind::Person {
                last = Some((e, paragraph_at(m.start), m.start));
            }
        }
    }
}

fn strip_marks(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || crate::text::tokens::DOUBLE_QUOTES.contains(&c)
            || matches!(c, '‘' | '’' | '\'' | '`')
    })
}

/// A draft as a quote: its text (pieces joined by " … "), cue, and speaker, its own or
/// the one it inherits.
fn to_quote(doc: &Doc, resolver: &Resolver, d: &Draft, inherited: Option<Speaker>) -> Quote {
    let text = d
        .content
        .iter()
        .map(|s| strip_marks(s.slice(doc.text)))
        .collect::<Vec<_>>()
        .join(" … ");
    let cue = d.cue.clone().map(|r| {
        let span = doc.span_of(r);
        Cue {
            span,
            text: span.slice(doc.text).to_string(),
        }
    });
    let (speaker, attribution) = match (&d.source, d.inherited) {
        (Some(np), _) => (Some(speaker_of(resolver, np.clone())), Attribution::Cue),
        (None, Some(Inherit::Continues(_))) if inherited.is_some() => {
            (inherited, Attribution::Continuation)
        }
        (None, Some(Inherit::Enclosing(_))) if inherited.is_some() => {
            (inherited, Attribution::Enclosing)
        }
        _ => (None, Attribution::None),
    };
    Quote {
        text,
        kind: d.kind,
        content: d.content.clone(),
        cue,
        speaker,
        attribution,
    }
}

/// Part-of-speech tags a noun phrase is made of (determiners, numbers, adjectives, nouns,
/// possessives).
const NP_TAGS: &[&str] = &[
    "DT", "PDT", "CD", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "POS", "PRP$",
];

/// Rule `relative-antecedent-by-tags`: the noun phrase just before a relative pronoun, read
/// by its part-of-speech tags, when the speaker-phrase reader finds none ("an architect who
/// said", "64 percent who say", "anybody who complains"). It ends on a noun and starts at
/// its determiner, at most eight tokens back.
fn tagged_np_before(doc: &Doc, end: usize, floor: usize) -> Option<Range<usize>> {
    if end <= floor || !doc.pos(end - 1).starts_with("NN") {
        return None;
    }
    let mut start = end - 1;
    while start > floor && end - start < 8 && NP_TAGS.contains(&doc.pos(start - 1)) {
        start -= 1;
        if matches!(doc.pos(start), "DT" | "PDT" | "PRP$") {
            break;
        }
    }
    Some(start..end)
}

/// The speaker named by the tokens of `np`.
pub(crate) fn speaker_of(resolver: &Resolver, np: Range<usize>) -> Speaker {
    let span = resolver.doc.span_of(np.clone());
    // "a journalist who asked", "a hat that says": the relative pronoun stands for the
    // phrase before it ("that" only straight after a noun: else it is a demonstrative)
    let doc = resolver.doc;
    let relative = match doc.word(np.start) {
        "who" | "which" => true,
        "that" => np.start > 0 && doc.pos(np.start - 1).starts_with("NN"),
        _ => false,
    };
    if np.len() == 1 && relative {
        let floor = resolver
            .doc
            .sentence_of(np.start)
            .map(|s| resolver.doc.sentences[s].tokens.start)
            .unwrap_or(0);
        let mut end = np.start;
        if end > floor && resolver.doc.word(end - 1) == "," {
            end -= 1;
        }
        let antecedent =
            np_before(resolver.doc, end, floor).or_else(|| tagged_np_before(doc, end, floor));
        if let Some(antecedent) = antecedent {
            if antecedent.end <= np.start
                && !matches!(
                    resolver.doc.word(antecedent.start),
                    "who" | "which" | "that"
                )
            {
                return Speaker {
                    mention: Some(span),
                    ..speaker_of(resolver, antecedent)
                };
            }
        }
    }
    let text = span.slice(resolver.doc.text).to_string();
    // in "Nina Turner, a surrogate for Mr. Sanders", the speaker stands before the comma
    let np = match (np.start..np.end).find(|&k| resolver.doc.word(k) == ",") {
        Some(c) if c > np.start => np.start..c,
        _ => np,
    };
    // the mentions inside the phrase, through the index by start token (a scan of every
    // mention for every quote made long documents quadratic)
    let inside: Vec<usize> = resolver
        .index
        .starting_in(np.clone())
        .into_iter()
        .filter(|&m| resolver.found[m].tokens.end <= np.end)
        .collect();
    let head_is_name = resolver.doc.is_capitalized(np.end - 1);
    let pick = inside
        .iter()
        .rev()
        .find(|&&m| {
            resolver.referent[m]
                .is_some_and(|e| resolver.resolved.entities[e].kind == EntityKind::Person)
        })
        .or_else(|| {
            inside.iter().rev().find(|&&m| {
                resolver.referent[m].is_some()
                    && (resolver.found[m].tokens.end == np.end || head_is_name)
                    && (!resolver.found[m].demonym || resolver.found[m].tokens.end == np.end)
            })
        });
    match pick.and_then(|&m| resolver.referent[m]) {
        Some(e) => Speaker {
            name: resolver.resolved.entities[e].name.clone(),
            entity: Some(e),
            mention: Some(span),
        },
        None => Speaker {
            name: text,
            entity: None,
            mention: Some(span),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::types::Article;
    use crate::Analyzer;

    /// (speaker name, the words naming it) of every quote.
    fn speakers(text: &str) -> Vec<(Option<String>, Option<String>)> {
        let a = Analyzer::new().analyze(Article::from_paragraphs([text]));
        a.quotes
            .iter()
            .map(|q| {
                let s = q.speaker.as_ref();
                (
                    s.map(|s| s.name.clone()),
                    s.and_then(|s| s.mention)
                        .map(|m| m.slice(&a.article.text).to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn a_relative_pronoun_speaks_for_the_phrase_before_it() {
        let s = speakers("It was Jean-Luc Mélenchon, who said the vote was rigged.");
        assert!(
            s.iter()
                .any(|(n, m)| n.as_deref() == Some("Jean-Luc Mélenchon")
                    && m.as_deref() == Some("who")),
            "{s:?}"
        );
    }

    #[test]
    fn a_relative_pronoun_after_a_common_noun_speaks_for_it() {
        let s = speakers(
            "Trump was similarly defensive when forced to defend not paying an architect who \
             said he was stiffed after he designed a clubhouse.",
        );
        assert!(
            s.iter()
                .any(|(n, m)| n.as_deref() == Some("an architect") && m.as_deref() == Some("who")),
            "{s:?}"
        );
    }

    #[test]
    fn a_restrictive_that_speaks_for_the_noun_before_it() {
        let s = speakers(
            "Another memorial has grown outside the Muhammad Ali Center, a downtown museum that \
             promotes his humanitarian ideals.",
        );
        assert!(
            s.iter()
                .any(|(n, m)| n.as_deref() == Some("a downtown museum")
                    && m.as_deref() == Some("that")),
            "{s:?}"
        );
    }

    #[test]
    fn an_apposition_names_the_person_before_the_comma() {
        let s = speakers("“It is over,” said Nina Turner, a surrogate for Mr. Sanders.");
        assert_eq!(s[0].0.as_deref(), Some("Nina Turner"), "{s:?}");
    }

    #[test]
    fn he_after_a_run_of_quotes_is_the_last_person_quoted() {
        let s = speakers(
            "“The talks have failed,” Angela Merkel said on Monday.\n\n“We will try again,” she added.",
        );
        assert!(
            s.iter()
                .any(|(n, m)| n.as_deref() == Some("Angela Merkel") && m.as_deref() == Some("she")),
            "{s:?}"
        );
        // a man quoted last is no antecedent of "she"
        let s = speakers(
            "“The talks have failed,” Olaf Scholz said.\n\n“We will try again,” she added.",
        );
        assert!(
            !s.iter()
                .any(|(n, m)| n.as_deref() == Some("Olaf Scholz") && m.as_deref() == Some("she")),
            "{s:?}"
        );
    }

    #[test]
    fn i_inside_a_direct_quote_is_its_speaker() {
        use super::first_person_speaks_for_the_quote;
        use crate::types::{Attribution, Quote, QuoteKind, Span, Speaker};
        // “I said the vote was rigged,” Mélenchon said.
        let quote = |kind, content: Span, name: &str, entity, mention: Span| Quote {
            text: String::new(),
            kind,
            content: vec![content],
            cue: None,
            speaker: Some(Speaker {
                name: name.to_string(),
                entity,
                mention: Some(mention),
            }),
            attribution: Attribution::Cue,
        };
        let mut quotes = vec![
            quote(
                QuoteKind::Direct,
                Span::new(3, 30),
                "Jean-Luc Mélenchon",
                Some(0),
                Span::new(33, 51),
            ),
            quote(
                QuoteKind::Reported,
                Span::new(10, 30),
                "I",
                None,
                Span::new(3, 4),
            ),
            // outside any direct quote, "I" stays the writer's
            quote(
                QuoteKind::Reported,
                Span::new(70, 90),
                "I",
                None,
                Span::new(60, 61),
            ),
        ];
        first_person_speaks_for_the_quote(&mut quotes);
        let names: Vec<_> = quotes
            .iter()
            .map(|q| q.speaker.as_ref().map(|s| (s.name.as_str(), s.entity)))
            .collect();
        assert_eq!(
            names,
            vec![
                Some(("Jean-Luc Mélenchon", Some(0))),
                Some(("Jean-Luc Mélenchon", Some(0))),
                Some(("I", None))
            ]
        );
        assert_eq!(
            quotes[1].speaker.as_ref().and_then(|s| s.mention),
            Some(Span::new(3, 4))
        );
    }

    #[test]
    fn an_unknown_speaker_keeps_the_words() {
        let s = speakers("“It is over,” a spokesman said.");
        assert_eq!(s[0].0.as_deref(), Some("a spokesman"), "{s:?}");
    }
}
