//! Who acts and who is acted upon: the source phrase before a trigger (or the agent of a
//! passive), the targets after it, and the codes of both — resolved pronouns, the place a
//! group acts in, the source's state for an unnamed party, CAMEO's domestic conventions.

use std::ops::Range;

use super::actors::{self, Coder};
use super::lower;
use crate::text::phrases::{np_after, np_before, sentence_subject};
use crate::text::{Doc, TokenKind};
use crate::types::{Actor, EntityKind, Quote, QuoteKind};

/// The source and target actors of the trigger `trig` of type `kind`.
pub(super) fn parties(
    coder: &Coder,
    quotes: &[Quote],
    kind: &str,
    trig: Range<usize>,
    range: Range<usize>,
) -> (Vec<Actor>, Vec<Actor>) {
    let doc = coder.doc;
    let roles = phrase_roles(doc, quotes, kind, &trig, &range);
    let mut source_actors: Vec<Actor> = roles.source.map(|np| coder.actors(np)).unwrap_or_default();
    if roles.patient.is_none() {
        if let Some(mut both) = between_parties(coder, &trig, &range) {
            // "mediated between the Emirates and Saudi Arabia": both are acted upon; "talks
            // between Israel and Syria" with no subject of their own: the first acts, the
            // second is met
            if !source_actors.iter().any(|a| a.code.is_some()) {
                let rest = both.split_off(1);
                return (both, rest);
            }
            return (source_actors, both);
        }
    }
    let target_actors = match roles.patient {
        Some(np) => coder.actors(np),
        None => targets(
            doc,
            coder,
            trig.clone(),
            range.clone(),
            &source_actors,
            kind == "DISAPPROVE",
        ),
    };
    let mut target_actors = not_their_own(coder, &source_actors, target_actors);
    subject_as_source(coder, &mut source_actors, &trig, &range, roles.passive);
    target_actors.retain(|t| !source_actors.iter().any(|s| s.span.overlaps(t.span)));
    code_unnamed(coder, &mut source_actors, &mut target_actors, &range);
    // "Ukraine withdraw its forces": one actor, named twice
    dedupe(&mut source_actors);
    dedupe(&mut target_actors);
    // a protest with no stated target is against the authorities where it happens
    if kind == "PROTEST" && !target_actors.iter().any(|a| a.code.is_some()) {
        target_actors = protested_authorities(coder, &source_actors, &trig, &range);
    }
    (source_actors, target_actors)
}

/// The phrases around a trigger by role: who acts, who is acted upon.
struct PhraseRoles {
    source: Option<Range<usize>>,
    patient: Option<Range<usize>>,
    passive: bool,
}

/// A passive's agent acts and its subject is acted upon ("civilians were killed"), unless
/// it is the force that moves ("troops were deployed"); "Russia said that Sudan must
/// return …": the demand is the speaker's.
fn phrase_roles(
    doc: &Doc,
    quotes: &[Quote],
    kind: &str,
    trig: &Range<usize>,
    range: &Range<usize>,
) -> PhraseRoles {
    let passive = trig.start > range.start
        && matches!(
            lower(doc, trig.start - 1),
            "been" | "was" | "were" | "is" | "are" | "be" | "being"
        )
        && (lower(doc, trig.end - 1).ends_with("ed") || doc.pos(trig.end - 1) == "VBN")
        // "is opposed to", "are prepared to": an adjective, not a passive
        && !(trig.end < range.end && lower(doc, trig.end) == "to");
    let agent = if passive {
        (trig.end..(trig.end + 6).min(range.end))
            .find(|&k| lower(doc, k) == "by")
            .and_then(|k| np_after(doc, k + 1, range.end))
    } else {
        None
    };
    let subject =
        source_phrase(doc, trig.clone(), range.clone()).map(|np| coordinated(doc, np, range.start));
    let (source, patient) = match agent {
        Some(by) => (Some(by), subject),
        None if passive && kind != "MOBILIZE" => (None, subject),
        None => (subject, None),
    };
    let modal_demand = kind == "DEMAND" && lower(doc, trig.start) == "must";
    // looked up only for such a demand: a search of every quote for every trigger made
    // long documents quadratic
    let speaker = modal_demand
        .then(|| speaker_of(doc, quotes, trig.start))
        .flatten();
    let (source, patient) = match speaker {
        Some(sp) => (Some(sp), source),
        None => (source, patient),
    };
    PhraseRoles {
        source,
        patient,
        passive,
    }
}

/// The coded actors named right after "between", when there are two or more.
fn between_parties(coder: &Coder, trig: &Range<usize>, range: &Range<usize>) -> Option<Vec<Actor>> {
    let doc = coder.doc;
    if !(trig.end < range.end && lower(doc, trig.end) == "between") {
        return None;
    }
    let end = (trig.end + 1..range.end)
        .take(10)
        .find(|&k| {
            matches!(
                lower(doc, k),
                "," | ";" | "." | "to" | "on" | "over" | "whose"
            )
        })
        .unwrap_or_else(|| (trig.end + 11).min(range.end));
    Some(coder.actors(trig.end + 1..end))
        .filter(|both| both.iter().filter(|a| a.code.is_some()).count() >= 2)
}

/// "Putin … his troops", "Syria offered its troops", "Israel … an Israeli pullback": no
/// one is the target of their own act; a state's own people or authorities may be ("Serbs
/// demanded autonomy from Serbian authorities").
fn not_their_own(coder: &Coder, sources: &[Actor], targets: Vec<Actor>) -> Vec<Actor> {
    targets
        .into_iter()
        .filter(|t| {
            let own = is_pronoun(&t.text);
            t.entity.is_none()
                || !sources.iter().any(|s| {
                    s.entity == t.entity
                        && (own
                            || t.sector.is_none()
                            || t.entity.is_some_and(|e| {
                                coder.resolved.entities[e].kind == EntityKind::Person
                            }))
                })
        })
        .collect()
}

/// "The RUF announced it will return …": an unresolved pronoun is the clause's subject; so
/// is the maker of "a declaration demanding …".
fn subject_as_source(
    coder: &Coder,
    sources: &mut Vec<Actor>,
    trig: &Range<usize>,
    range: &Range<usize>,
    passive: bool,
) {
    let doc = coder.doc;
    let unresolved =
        sources.len() == 1 && sources[0].code.is_none() && is_pronoun(&sources[0].text);
    let verb = doc.pos(trig.start).starts_with("VB");
    if unresolved || (sources.is_empty() && !passive && verb) {
        if let Some(np) = sentence_subject(doc, range.clone()).filter(|np| np.end <= trig.start) {
            let subject = coder.actors(np);
            if subject.iter().any(|a| a.code.is_some()) {
                *sources = subject;
            }
        }
    }
}

/// Codes for parties the text does not code: who can act (a group, a person; not "any
/// plans") by the place they act in; an unnamed party acted upon where the source acts by
/// the source's state ("accepted demands from Shona rebels", "a truce with Moslem forces").
fn code_unnamed(coder: &Coder, sources: &mut [Actor], targets: &mut [Actor], range: &Range<usize>) {
    let doc = coder.doc;
    for a in sources.iter_mut().chain(targets.iter_mut()) {
        if a.code.is_none() && (a.sector.is_some() || a.entity.is_some()) {
            let np = doc.token_at_or_after(a.span.start)..doc.token_at_or_after(a.span.end);
            a.code = coder.locale(np, range.clone());
        }
    }
    let home = sources.iter().find_map(|a| a.code.clone());
    for a in targets.iter_mut() {
        // a group by its head noun ("Shona rebels", not "military exercises"), or a person
        let head = a.text.split_whitespace().last().unwrap_or("");
        let party = actors::is_sector_noun(head)
            || a.entity
                .is_some_and(|e| coder.resolved.entities[e].kind == EntityKind::Person);
        if a.code.is_none() && party {
            a.code = home.clone();
        }
    }
}

/// One actor named twice (same code, and the same entity or one unknown) is kept once.
fn dedupe(actors: &mut Vec<Actor>) {
    let mut seen: Vec<(Option<String>, Option<usize>)> = Vec::new();
    actors.retain(|a| {
        let key = (a.code.clone(), a.entity);
        let dup = a.code.is_some()
            && seen.iter().any(|(code, entity)| {
                *code == key.0 && (*entity == key.1 || entity.is_none() || key.1.is_none())
            });
        seen.push(key);
        !dup
    });
}

/// The authorities where a protest happens (else of the protesters' state).
fn protested_authorities(
    coder: &Coder,
    sources: &[Actor],
    trig: &Range<usize>,
    range: &Range<usize>,
) -> Vec<Actor> {
    let code = coder
        .locale(trig.clone(), range.clone())
        .or_else(|| sources.iter().find_map(|a| a.code.clone()));
    code.map(|code| Actor {
        text: String::new(),
        span: coder.doc.span_of(trig.clone()),
        code: Some(code),
        sector: Some("GOV".into()),
        entity: None,
    })
    .into_iter()
    .collect()
}

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
/// True for a personal or possessive pronoun ("it", "their").
pub(super) fn is_pronoun(text: &str) -> bool {
    matches!(
        text.to_lowercase().as_str(),
        "its" | "their" | "his" | "her" | "it" | "they" | "he" | "she" | "them" | "we" | "our"
    )
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

/// The most targets one event lists: a coordination longer than this is a list, not parties.
const MAX_TARGETS: usize = 8;

/// The actors acted upon: after the trigger, in the same clause, joined by "and".
fn targets(
    doc: &Doc,
    coder: &Coder,
    trig: Range<usize>,
    sentence: Range<usize>,
    source: &[Actor],
    blame: bool,
) -> Vec<Actor> {
    let mut k = trig.end;
    // "demanded that the US cancel …": the one asked is the subject of the clause
    if k < sentence.end && lower(doc, k) == "that" {
        k += 1;
    }
    let mut limit = (k + 14).min(sentence.end);
    // however long the coordination, the targets stay near their verb
    let window_end = (k + 40).min(sentence.end);
    let mut out: Vec<Actor> = Vec::new();
    // the first phrase naming a kind of actor ("refugees"), and the first of any kind
    let mut first_kind: Option<Actor> = None;
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
        // "blamed Western countries for …", "accused the West of …": the one blamed is the
        // phrase before "for" or "of", whatever names it
        if blame && k == trig.end {
            let stop = (k..limit).find(|&j| matches!(lower(doc, j), "for" | "of" | "over" | ","));
            if let Some(stop) = stop.filter(|&j| j > k && j - k <= 5) {
                let named: Vec<Actor> = coder
                    .actors(k..stop)
                    .into_iter()
                    .filter(|a| a.code.is_some() || a.entity.is_some())
                    .collect();
                if named.is_empty() {
                    out.push(coder.uncoded(k..stop));
                    break;
                }
            }
        }
        // a bare kind of actor: "aid to refugees", "fired on protesters"
        let bare = coder.is_sector_word(k).then_some(k..k + 1);
        if let Some(np) = bare.or_else(|| np_after(doc, k, limit)) {
            // an object named only by its kind ("military intelligence") is no actor: look on
            // for the one it goes to ("… to Macedonia"), and keep it as the last resort
            // "offered its troops to Lebanon": the source's own belongings are not the target
            let (named, kinds): (Vec<Actor>, Vec<Actor>) = coder
                .actors(np.clone())
                .into_iter()
                .filter(|a| !source.iter().any(|s| s.span.overlaps(a.span)))
                .filter(|a| {
                    !(is_pronoun(&a.text)
                        && a.entity.is_some()
                        && source.iter().any(|s| s.entity == a.entity))
                })
                .partition(|a| a.code.is_some() || a.entity.is_some());
            if named.is_empty() {
                match kinds.into_iter().next() {
                    Some(kind) if first_kind.is_none() => first_kind = Some(kind),
                    _ if first_uncoded.is_none() => first_uncoded = Some(coder.uncoded(np.clone())),
                    _ => {}
                }
            }
            if !named.is_empty() {
                out.extend(named);
                k = np.end;
                // "X and Y", even past the window, up to a few names ("Romania and Poland")
                if k + 1 < sentence.end && lower(doc, k) == "and" && out.len() < MAX_TARGETS {
                    k += 1;
                    limit = limit.max((k + 6).min(sentence.end)).min(window_end);
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
        out.extend(first_kind.or(first_uncoded));
    }
    out
}

/// Extends a subject over coordinated names: "The United States and Jordan",
/// "Hungarian and Romanian officials".
fn coordinated(doc: &Doc, mut np: Range<usize>, floor: usize) -> Range<usize> {
    let mut steps = 0;
    while np.start > floor + 1
        && steps < MAX_TARGETS
        && matches!(lower(doc, np.start - 1), "and" | ",")
    {
        steps += 1;
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

#[cfg(test)]
mod tests {
    use crate::events::events_of;

    /// (type, source codes, target codes) of every event of a sentence.
    fn parties(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
        let codes = |v: Vec<crate::types::Actor>| v.into_iter().filter_map(|a| a.code).collect();
        events_of(text)
            .into_iter()
            .map(|e| (e.kind, codes(e.source), codes(e.target)))
            .collect()
    }

    #[test]
    fn a_passive_agent_acts_upon_the_subject() {
        let e = parties("Syrian civilians were killed by Russian troops.");
        assert_eq!(e[0].1, vec!["RUS".to_string()], "{e:?}");
        assert_eq!(e[0].2, vec!["SYR".to_string()], "{e:?}");
    }

    #[test]
    fn a_mediator_acts_upon_both_parties_after_between() {
        let e = parties("Egypt mediated talks between Israel and Syria in Genève.");
        assert_eq!(e[0].1, vec!["EGY".to_string()], "{e:?}");
        assert_eq!(e[0].2, vec!["ISR".to_string(), "SYR".to_string()], "{e:?}");
    }

    #[test]
    fn no_one_is_the_target_of_their_own_act() {
        let e = parties("Russia withdrew its troops from Belarus.");
        assert!(e.iter().all(|e| !e.2.contains(&"RUS".to_string())), "{e:?}");
    }
}
