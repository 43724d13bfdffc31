//! The event stage: who did what to whom, where and when, in the PLOVER ontology.
//!
//! A trigger lexicon (`data/event_triggers.tsv`) finds the action; the source is the
//! subject before it (pronouns resolved), the targets the actors after it in the same
//! clause; actors are coded to states and organisations (`actors.rs`); time expressions are
//! resolved against the publication date (`dates.rs`).

pub mod actors;
pub mod dates;

use std::ops::Range;

use crate::entities::{FoundMention, Resolved};
use crate::lexicon::Lexicon;
use crate::quotes::phrases::{np_after, np_before, sentence_subject};
use crate::text::{Doc, TokenKind};
use crate::types::{Actor, Cue, EntityKind, Event, EventStatus, Quote, QuoteKind, TimeRef};
use dates::Day;

/// Words between a subject and its verb that say nothing of the event.
const SKIP_BEFORE: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "already",
    "once",
    "then",
    "later",
    "again",
    "is",
    "was",
    "were",
    "are",
    "been",
    "will",
    "would",
    "could",
    "may",
    "might",
    "must",
    "should",
    "can",
    "did",
    "does",
    "do",
    "not",
    "never",
    "remain",
    "remains",
    "remained",
    "reportedly",
    "repeatedly",
    "today",
    "yesterday",
    "due",
    "to",
    "plans",
    "planned",
    "expected",
    "set",
    "scheduled",
    "going",
    "n't",
    "first",
    "still",
    "now",
];
const FUTURE_MARKERS: &[&str] = &[
    "will",
    "would",
    "due",
    "plans",
    "planned",
    "expected",
    "scheduled",
    "set",
    "going",
    "shall",
    "'ll",
    "’ll",
    "wants",
    "want",
    "wanted",
    "hopes",
    "intends",
    "see",
];
const COOPERATIVE: &[&str] = &["RETREAT", "AID", "COOPERATE", "CONCEDE", "SUPPORT"];
const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "without"];
const DENIALS: &[&str] = &["denied", "denies", "deny", "denying", "rejected", "ruled"];

fn lower<'a>(doc: &'a Doc, i: usize) -> &'a str {
    doc.lower(i)
}

/// The trigger starting at token `i`: its length in tokens and its type.
fn trigger_at(doc: &Doc, i: usize, end: usize, lex: &Lexicon) -> Option<(usize, String)> {
    if doc.tokens[i].kind != TokenKind::Word || doc.is_capitalized(i) && i > 0 {
        return None;
    }
    let max = lex.max_trigger_words.min(end - i);
    let mut phrase = String::new();
    let mut best = None;
    for n in 1..=max {
        if n > 1 {
            phrase.push(' ');
        }
        phrase.push_str(lower(doc, i + n - 1));
        if let Some(kind) = lex.event_trigger(&phrase) {
            best = Some((n, kind.to_string()));
        }
    }
    best
}

/// Finds the events of the document.
pub fn find(
    doc: &Doc,
    found: &[FoundMention],
    resolved: &Resolved,
    referents: &[Option<usize>],
    quotes: &[Quote],
    published: Option<Day>,
) -> Vec<Event> {
    let lex = Lexicon::get();
    let coder = actors::Coder {
        doc,
        found,
        resolved,
        referents,
    };
    let mut out = Vec::new();
    for s in &doc.sentences {
        let range = s.tokens.clone();
        let mut seen_kinds: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
        let mut i = range.start;
        let mut in_quote = false;
        while i < range.end {
            if doc.tokens[i].kind == TokenKind::Quote {
                in_quote = !in_quote;
            }
            if in_quote {
                i += 1;
                continue;
            }
            let Some((n, kind)) = trigger_at(doc, i, range.end, lex) else {
                i += 1;
                continue;
            };
            let trig = i..i + n;
            i += n;
            // "Russia has denied any plans to invade": a denial, not an invasion
            let window = trig.start.saturating_sub(6).max(range.start)..trig.start;
            if !matches!(kind.as_str(), "REJECT")
                && window.clone().any(|k| DENIALS.contains(&lower(doc, k)))
            {
                continue;
            }
            // modal "must" only with a subject right before it
            let before = window.clone().map(|k| lower(doc, k)).collect::<Vec<_>>();
            // "whether he would guarantee that Russia would not invade": a question, not an act
            let wide = trig.start.saturating_sub(10).max(range.start)..trig.start;
            if wide
                .clone()
                .any(|k| matches!(lower(doc, k), "whether" | "if" | "unless"))
            {
                continue;
            }
            let negated = before.iter().rev().take(3).any(|w| NEGATIONS.contains(w));
            let future = before
                .iter()
                .rev()
                .take(4)
                .any(|w| FUTURE_MARKERS.contains(w))
                || (lower(doc, trig.start) == "will" || lower(doc, trig.start) == "would");
            let status = if negated {
                EventStatus::Negated
            } else if future {
                EventStatus::Scheduled
            } else {
                EventStatus::Happened
            };
            // PLOVER: cooperative actions reported in the future are intentions (AGREE)
            let kind = if future && !negated && COOPERATIVE.contains(&kind.as_str()) {
                "AGREE".to_string()
            } else {
                kind
            };
            let det_before = trig.start > range.start
                && matches!(
                    lower(doc, trig.start - 1),
                    "the" | "this" | "that" | "a" | "an" | "these" | "those"
                );
            let light_verb = trig.start >= range.start + 2
                && matches!(
                    lower(doc, trig.start - 2),
                    "made" | "make" | "makes" | "issued" | "held" | "hold" | "holds" | "imposed"
                );
            if det_before && !light_verb {
                continue;
            }
            let passive = trig.start > range.start
                && matches!(
                    lower(doc, trig.start - 1),
                    "been" | "was" | "were" | "is" | "are" | "be" | "being"
                )
                && lower(doc, trig.end - 1).ends_with("ed");
            let agent = if passive {
                (trig.end..(trig.end + 6).min(range.end))
                    .find(|&k| lower(doc, k) == "by")
                    .and_then(|k| np_after(doc, k + 1, range.end))
            } else {
                None
            };
            let subject = source_phrase(doc, trig.clone(), range.clone())
                .map(|np| coordinated(doc, np, range.start));
            let (source, patient) = match agent {
                Some(by) => (Some(by), subject),
                None => (subject, None),
            };
            // "Russia said that Sudan must return …": the demand is the speaker's
            let modal_demand = kind == "DEMAND" && lower(doc, trig.start) == "must";
            let (source, patient) = match (modal_demand, speaker_of(doc, quotes, trig.start)) {
                (true, Some(sp)) => (Some(sp), source),
                _ => (source, patient),
            };
            let source_actors: Vec<Actor> = source.map(|np| coder.actors(np)).unwrap_or_default();
            let target_actors = match patient {
                Some(np) => coder.actors(np),
                None => targets(doc, &coder, trig.clone(), range.clone(), &source_actors),
            };
            let target_actors: Vec<Actor> = target_actors
                .into_iter()
                .filter(|t| {
                    t.entity.is_none() || !source_actors.iter().any(|s| s.entity == t.entity)
                })
                .collect();
            if source_actors.is_empty() && target_actors.is_empty() {
                continue;
            }
            let key = (
                kind.clone(),
                actor_key(&source_actors),
                actor_key(&target_actors),
            );
            if seen_kinds.contains(&key) {
                continue;
            }
            let times = dates::find(doc, range.clone(), published, future);
            // the time expression nearest the trigger, fewest clause breaks between
            let tpos = doc.tokens[trig.start].span.start;
            let date = times
                .iter()
                .min_by_key(|t| {
                    let (a, b) = if t.span.start < tpos {
                        (t.span.end, tpos)
                    } else {
                        (tpos, t.span.start)
                    };
                    let between = doc.text.get(a..b).unwrap_or("");
                    let relative = between.contains(", who") || between.contains(", which");
                    let distance = if t.span.start < tpos {
                        between.len() * 3 / 2
                    } else {
                        between.len()
                    };
                    (relative, between.matches(',').count(), distance)
                })
                .map(|t| TimeRef {
                    text: t.span.slice(doc.text).to_string(),
                    span: t.span,
                    value: t.value.clone(),
                });
            let place = place_in(doc, &coder, range.clone());
            let tspan = doc.span_of(trig.clone());
            seen_kinds.push(key);
            out.push(Event {
                kind,
                trigger: Cue {
                    span: tspan,
                    text: tspan.slice(doc.text).to_string(),
                },
                sentence: s.span,
                source: source_actors,
                target: target_actors,
                place,
                date,
                status,
            });
        }
    }
    out
}

/// The speaker phrase of the reported speech that holds token `at`.
fn speaker_of(doc: &Doc, quotes: &[Quote], at: usize) -> Option<Range<usize>> {
    let pos = doc.tokens.get(at)?.span.start;
    let q = quotes.iter().find(|q| {
        q.kind == QuoteKind::Reported && q.content.iter().any(|c| c.start <= pos && pos < c.end)
    })?;
    let m = q.speaker.as_ref()?.mention?;
    let a = doc.token_at_or_after(m.start);
    let b = doc.token_at_or_after(m.end);
    (a < b).then_some(a..b)
}

fn actor_key(actors: &[Actor]) -> Vec<String> {
    actors
        .iter()
        .map(|a| {
            a.entity
                .map(|e| e.to_string())
                .or(a.code.clone())
                .unwrap_or_else(|| a.text.clone())
        })
        .collect()
}

/// The noun phrase that acts: before the trigger (skipping auxiliaries, "is due to"), the
/// possessor of a noun trigger ("Putin's meeting"), or the clause subject.
fn source_phrase(doc: &Doc, trig: Range<usize>, sentence: Range<usize>) -> Option<Range<usize>> {
    let mut end = trig.start;
    while end > sentence.start
        && (SKIP_BEFORE.contains(&lower(doc, end - 1))
            || (lower(doc, end - 1).ends_with("ly") && !doc.is_capitalized(end - 1)))
    {
        end -= 1;
    }
    // "a series of demands", "made demands": the maker
    let mut k = end;
    while k > sentence.start
        && matches!(
            lower(doc, k - 1),
            "a" | "an"
                | "the"
                | "series"
                | "of"
                | "number"
                | "made"
                | "makes"
                | "make"
                | "making"
                | "issued"
                | "held"
                | "his"
                | "her"
                | "their"
                | "its"
        )
    {
        k -= 1;
    }
    if k < end && k > sentence.start {
        if let Some(np) = np_before(doc, k, sentence.start) {
            return Some(np);
        }
    }
    // "His remarks followed talks with …": the possessor of the subject
    if end > sentence.start
        && matches!(
            lower(doc, end - 1),
            "and" | "but" | "by" | "after" | "before" | "including" | ","
        )
    {
        return sentence_subject(doc, sentence);
    }
    // "Putin's meeting with": the possessor
    if end >= sentence.start + 2 && matches!(doc.word(end - 1), "’s" | "'s") {
        return np_before(doc, end - 1, sentence.start);
    }
    np_before(doc, end, sentence.start).or_else(|| sentence_subject(doc, sentence))
}

/// The actors acted upon: after the trigger, in the same clause, joined by "and".
fn targets(
    doc: &Doc,
    coder: &actors::Coder,
    trig: Range<usize>,
    sentence: Range<usize>,
    source: &[Actor],
) -> Vec<Actor> {
    let mut k = trig.end;
    let limit = (k + 14).min(sentence.end);
    let mut out: Vec<Actor> = Vec::new();
    let mut first_uncoded: Option<Actor> = None;
    while k < limit {
        let w = lower(doc, k);
        if matches!(
            w,
            "." | ";"
                | ":"
                | "that"
                | "which"
                | "who"
                | "because"
                | "but"
                | "while"
                | "after"
                | "before"
        ) || doc.tokens[k].kind == TokenKind::Quote
        {
            break;
        }
        if w == "," {
            break;
        }
        if let Some(np) = np_after(doc, k, limit) {
            let actors = coder.actors(np.clone());
            if actors.is_empty() && first_uncoded.is_none() {
                first_uncoded = Some(coder.uncoded(np.clone()));
            }
            let fresh: Vec<Actor> = actors
                .into_iter()
                .filter(|a| !source.iter().any(|s| s.span.overlaps(a.span)))
                .collect();
            if !fresh.is_empty() {
                out.extend(fresh);
                k = np.end;
                // "X and Y"
                if k < limit && lower(doc, k) == "and" {
                    k += 1;
                    continue;
                }
                break;
            }
            k = np.end.max(k + 1);
            continue;
        }
        k += 1;
    }
    if out.is_empty() {
        out.extend(first_uncoded);
    }
    out
}

/// Extends a subject over coordinated names: "The United States and Jordan",
/// "Hungarian and Romanian officials".
fn coordinated(doc: &Doc, mut np: Range<usize>, floor: usize) -> Range<usize> {
    while np.start > floor + 1 && matches!(lower(doc, np.start - 1), "and" | ",") {
        let before = np.start - 1;
        // "Hungarian and Romanian officials": a bare demonym before "and"
        if doc.is_capitalized(before - 1) {
            match np_before(doc, before, floor) {
                Some(prev) if prev.end == before => np = prev.start..np.end,
                _ => break,
            }
        } else {
            break;
        }
    }
    np
}

/// "in Moscow": a place introduced by a locative preposition.
fn place_in(doc: &Doc, coder: &actors::Coder, sentence: Range<usize>) -> Option<String> {
    for (m, f) in coder.found.iter().enumerate() {
        if f.tokens.start <= sentence.start || f.tokens.end > sentence.end || f.demonym {
            continue;
        }
        if !matches!(lower(doc, f.tokens.start - 1), "in" | "at") {
            continue;
        }
        let Some(e) = coder.referents.get(m).copied().flatten() else {
            continue;
        };
        let entity = &coder.resolved.entities[e];
        if entity.kind == EntityKind::Place && entity.country.is_none() {
            return Some(entity.name.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Article, EventStatus};

    type Row = (
        String,
        Vec<Option<String>>,
        Vec<Option<String>>,
        Option<String>,
        EventStatus,
    );

    fn events(text: &str, published: &str) -> Vec<Row> {
        let mut article = Article::from_paragraphs([text]);
        article.published = Some(published.to_string());
        Analyzer::new()
            .analyze(article)
            .events
            .into_iter()
            .map(|e| {
                (
                    e.kind,
                    e.source.iter().map(|a| a.code.clone()).collect(),
                    e.target.iter().map(|a| a.code.clone()).collect(),
                    e.date.and_then(|d| d.value),
                    e.status,
                )
            })
            .collect()
    }

    #[test]
    fn scheduled_consultation_with_resolved_date() {
        let e = events("On Wednesday, Russian President Vladimir Putin is due to speak with British Prime Minister Boris Johnson.", "2022-02-01");
        assert_eq!(e[0].0, "CONSULT");
        assert_eq!(e[0].1, vec![Some("RUS".to_string())]);
        assert_eq!(e[0].2, vec![Some("GBR".to_string())]);
        assert_eq!(e[0].3.as_deref(), Some("2022-02-02"));
        assert_eq!(e[0].4, EventStatus::Scheduled);
    }

    #[test]
    fn denial_is_not_the_denied_act() {
        let e = events(
            "Russia has denied any plans to invade Ukraine.",
            "2022-02-01",
        );
        assert!(e.iter().all(|e| e.0 != "ASSAULT"), "{e:?}");
        assert!(e.iter().any(|e| e.0 == "REJECT"));
    }

    #[test]
    fn organisations_and_military_sectors() {
        let mut article =
            Article::from_paragraphs(["The Kremlin accused NATO of provoking the crisis."]);
        article.published = Some("2022-02-01".into());
        let a = Analyzer::new().analyze(article);
        let e = &a.events[0];
        assert_eq!(e.kind, "DISAPPROVE");
        assert_eq!(
            (e.source[0].code.as_deref(), e.source[0].sector.as_deref()),
            (Some("RUS"), Some("GOV"))
        );
        assert_eq!(e.target[0].code.as_deref(), Some("IGO"));
    }
}
