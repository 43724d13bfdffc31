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
    "may",
    "see",
];
/// Cooperative acts. A scheduled meeting is not among them: it stays a CONSULT, scheduled.
const COOPERATIVE: &[&str] = &["AGREE", "RETREAT", "AID", "COOPERATE", "CONCEDE", "SUPPORT"];
/// Material hostile acts: announced for the future, they are threats (PLOVER THREATEN).
const HOSTILE: &[&str] = &[
    "SANCTION", "COERCE", "ASSAULT", "FIGHT", "PROTEST", "MOBILIZE",
];
/// Objects that change what a verb does: (verb type, object words, type with that object; empty:
/// no event).
/// "withdraw peacekeepers" ends a presence (SANCTION), "withdraw troops" yields (RETREAT).
const OBJECT_TYPES: &[(&str, &[&str], &str)] = &[
    // "cancelled restrictions", "suspended the curfew": easing is a concession
    (
        "SANCTION",
        &[
            "restrictions",
            "ban",
            "curfew",
            "sanctions",
            "embargo",
            "charges",
            "emergency",
            "blockade",
        ],
        "CONCEDE",
    ),
    // "accepted a plan": agreement; "accepted demands": concession
    (
        "CONCEDE",
        &[
            "plan",
            "proposal",
            "formula",
            "offer",
            "deal",
            "agreement",
            "invitation",
            "settlement",
            "compromise",
        ],
        "AGREE",
    ),
    (
        "RETREAT",
        &[
            "peacekeepers",
            "peacekeeping",
            "inspectors",
            "observers",
            "monitors",
            "ambassador",
            "ambassadors",
            "envoy",
            "diplomats",
            "aid",
            "workers",
            "mission",
            "support",
            "staff",
        ],
        "SANCTION",
    ),
    (
        "AID",
        &[
            "prisoners",
            "hostages",
            "control",
            "power",
            "territory",
            "detainees",
            "bodies",
        ],
        "RETREAT",
    ),
    (
        "FIGHT",
        &[
            "ban",
            "law",
            "laws",
            "order",
            "orders",
            "rules",
            "embargo",
            "sanctions",
            "constitution",
            "curfew",
            "resolution",
        ],
        "REJECT",
    ),
    // "released the footage": publishing, not a release of people or property (no event)
    (
        "RETREAT",
        &[
            "footage",
            "video",
            "videos",
            "report",
            "statement",
            "data",
            "results",
            "returns",
            "records",
            "documents",
            "emails",
            "album",
            "ad",
            "poll",
            "transcript",
            "letter",
            "plan",
            "polls",
            "figures",
            "tape",
            "tapes",
        ],
        "",
    ),
    // "mobilize voters": a campaign, not a show of force (no event)
    (
        "MOBILIZE",
        &[
            "voters",
            "supporters",
            "support",
            "base",
            "volunteers",
            "donors",
            "resources",
        ],
        "",
    ),
    // "ordered patrols", "ordered troops to the border": a deployment
    (
        "DEMAND",
        &[
            "patrols",
            "troops",
            "reinforcements",
            "soldiers",
            "tanks",
            "warships",
            "deployment",
            "mobilization",
        ],
        "MOBILIZE",
    ),
    (
        "CONCEDE",
        &[
            "talks",
            "negotiations",
            "meeting",
            "visit",
            "summit",
            "trip",
        ],
        "SANCTION",
    ),
];
/// Everyday senses of trigger words: (trigger, next word) pairs that name no event ("signed
/// up", "seized on a claim", "fought to pass a bill").
const IDIOMS: &[(&str, &str)] = &[
    ("sign", "up"),
    ("signs", "up"),
    ("signed", "up"),
    ("signing", "up"),
    ("seize", "on"),
    ("seized", "on"),
    ("seizes", "on"),
    ("seizing", "on"),
    ("fight", "to"),
    ("fights", "to"),
    ("fought", "to"),
    ("fighting", "to"),
    ("opposed", "viewpoints"),
    ("opposing", "viewpoints"),
    ("back", "then"),
    ("strike", "down"),
    ("strikes", "down"),
];
/// (previous word, trigger) pairs that name no event ("took them for granted", "make ends meet").
const IDIOMS_AFTER: &[(&str, &str)] = &[("for", "granted"), ("ends", "meet")];

/// True when the trigger is used in an everyday sense (`IDIOMS`, `IDIOMS_AFTER`).
fn idiom(doc: &Doc, trig: Range<usize>, sentence: Range<usize>) -> bool {
    let last = lower(doc, trig.end - 1);
    let next = if trig.end < sentence.end {
        lower(doc, trig.end)
    } else {
        ""
    };
    let prev = if trig.start > sentence.start {
        lower(doc, trig.start - 1)
    } else {
        ""
    };
    // "demonstrated her skill": to show something; "demonstrated in Belgrade": to protest
    let shows = last.starts_with("demonstrat")
        && (next == "that"
            || trig.end < sentence.end
                && matches!(
                    doc.pos(trig.end),
                    "DT" | "PRP$" | "JJ" | "NN" | "NNS" | "PRP" | "CD" | "JJS" | "JJR"
                ));
    // "strike them down": the particle may follow a pronoun
    let after_pronoun = if trig.end + 1 < sentence.end && is_pronoun(next) {
        lower(doc, trig.end + 1)
    } else {
        ""
    };
    // "agreed with McLenny": sharing an opinion, not committing to act ("agreed with Iran on a
    // deal", "agreed with Jordan to hold talks" are commitments)
    let opinion = last.starts_with("agree")
        && next == "with"
        && !(trig.end..(trig.end + 8).min(sentence.end))
            .any(|k| matches!(lower(doc, k), "on" | "to"));
    IDIOMS
        .iter()
        .any(|&(t, n)| t == last && (n == next || n == after_pronoun))
        || opinion
        || IDIOMS_AFTER.iter().any(|&(p, t)| p == prev && t == last)
        || shows
}

/// Words that make an "attack" physical.
const VIOLENCE: &[&str] = &[
    "killed",
    "killing",
    "kill",
    "wounded",
    "injured",
    "dead",
    "died",
    "bomb",
    "bombs",
    "bombing",
    "gun",
    "guns",
    "gunmen",
    "shot",
    "shooting",
    "troops",
    "forces",
    "military",
    "army",
    "weapons",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "soldiers",
    "police",
    "militants",
    "rebels",
    "terrorist",
    "terrorists",
    "terror",
    "suicide",
    "armed",
    "knife",
    "explosion",
    "explosive",
    "airstrike",
    "airstrikes",
    "drone",
    "drones",
    "insurgents",
    "casualties",
    "civilians",
    "convoy",
    "base",
    "attacker",
    "attackers",
    "massacre",
    "violence",
    "violent",
    "fighters",
    "jets",
    "aircraft",
    "artillery",
    "chemical",
];

/// Killings and attacks by armed forces are FIGHT (conventional force), not ASSAULT.
const MILITARY_FORCE: &[&str] = &[
    "kill",
    "kills",
    "killed",
    "killing",
    "attack",
    "attacks",
    "attacked",
    "attacking",
    "bomb",
    "bombs",
    "bombed",
    "bombing",
    "shot",
    "shoot",
    "shooting",
];
/// Acts done in words: what follows them ("demanded that …", "refused to …") is their content.
const VERBAL_ACTS: &[&str] = &["AGREE", "DEMAND", "REJECT", "THREATEN", "DISAPPROVE"];
const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "without", "cannot"];
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
        if let Some(t) = lex.event_trigger(&phrase) {
            // "rallies" the verb, not the noun ("political rallies")
            let pos = doc.pos(i);
            if !t.verb || pos.starts_with("VB") || pos == "?" {
                best = Some((n, t.kind.clone()));
            }
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
        // a question reports no event ("Has anyone thought about it?")
        if range.end > range.start && doc.word(range.end - 1) == "?" {
            continue;
        }
        let mut i = range.start;
        let mut in_quote = false;
        // the end of the last verbal act ("demanded", "refusing"): what it governs is its content
        let mut verbal_act_end: Option<usize> = None;
        while i < range.end {
            if doc.tokens[i].kind == TokenKind::Quote && !doc.is_plural_possessive(i) {
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
            if in_direct_quote(doc, quotes, trig.start) {
                continue;
            }
            // "refusing to accept", "demanding that NATO not … allow": the act's content
            if let Some(end) = verbal_act_end {
                let between = end..trig.start;
                if between.len() <= 10
                    && between
                        .clone()
                        .any(|k| matches!(lower(doc, k), "to" | "that" | "of"))
                    && !between.clone().any(|k| {
                        matches!(
                            lower(doc, k),
                            "," | ";" | ":" | "but" | "while" | "since" | "after" | "before"
                        )
                    })
                {
                    continue;
                }
            }
            if VERBAL_ACTS.contains(&kind.as_str()) {
                verbal_act_end = Some(trig.end);
            }
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
            let kind = by_object(doc, &kind, trig.clone(), range.end);
            // "was charged with manslaughter": legal action (COERCE), not an allegation
            let kind = if kind == "DISAPPROVE"
                && lower(doc, trig.start).starts_with("charge")
                && trig.end < range.end
                && lower(doc, trig.end) == "with"
            {
                "COERCE".to_string()
            } else {
                kind
            };
            // "a tweet attacking her", "personal attacks": words, not force (DISAPPROVE)
            let kind = if kind == "ASSAULT"
                && lower(doc, trig.start).starts_with("attack")
                && !range.clone().any(|k| VIOLENCE.contains(&lower(doc, k)))
            {
                "DISAPPROVE".to_string()
            } else {
                kind
            };
            if kind.is_empty() || idiom(doc, trig.clone(), range.clone()) {
                continue;
            }
            let conditional = (trig.end..range.end).any(|k| matches!(lower(doc, k), "unless"));
            let on_condition =
                conditional || (trig.end..range.end).any(|k| matches!(lower(doc, k), "if"));
            let (kind, status) = match kind.as_str() {
                // PLOVER: refusing to cooperate is a rejection, and the refusal happened
                k if negated && (COOPERATIVE.contains(&k) || k == "CONSULT") => {
                    ("REJECT", EventStatus::Happened)
                }
                _ if negated => (kind.as_str(), EventStatus::Negated),
                // cooperative actions reported in the future are intentions (AGREE), and so is
                // a meeting offered on a condition ("would meet him if …")
                k if future && COOPERATIVE.contains(&k) => ("AGREE", EventStatus::Scheduled),
                "CONSULT" if future && on_condition => ("AGREE", EventStatus::Scheduled),
                // a hostile act announced for the future, or on a condition, is a threat
                k if (future || conditional) && HOSTILE.contains(&k) => {
                    ("THREATEN", EventStatus::Happened)
                }
                _ if future => (kind.as_str(), EventStatus::Scheduled),
                _ => (kind.as_str(), EventStatus::Happened),
            };
            let kind = kind.to_string();
            let det_before = trig.start > range.start
                && matches!(
                    lower(doc, trig.start - 1),
                    "the" | "this" | "that" | "a" | "an" | "these" | "those"
                );
            let light_verb = trig.start >= range.start + 2
                && matches!(
                    lower(doc, trig.start - 2),
                    "made"
                        | "make"
                        | "makes"
                        | "issued"
                        | "held"
                        | "hold"
                        | "holds"
                        | "imposed"
                        | "launched"
                        | "launches"
                        | "opened"
                        | "opens"
                        | "began"
                        | "begins"
                        | "started"
                        | "staged"
                        | "announced"
                        | "announces"
                        | "conducted"
                        | "mounted"
                        | "declared"
                );
            if det_before && !light_verb {
                continue;
            }
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
            let subject = source_phrase(doc, trig.clone(), range.clone())
                .map(|np| coordinated(doc, np, range.start));
            // a passive's subject is acted upon ("civilians were killed"), unless it is the force
            // that moves ("troops were deployed": the troops mobilize)
            let (source, patient) = match agent {
                Some(by) => (Some(by), subject),
                None if passive && kind != "MOBILIZE" => (None, subject),
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
                // "Putin … his troops", "Syria offered its troops", "Israel … an Israeli
                // pullback": no one is the target of their own act; a state's own people or
                // authorities may be ("Serbs demanded autonomy from Serbian authorities")
                .filter(|t| {
                    let own = is_pronoun(&t.text);
                    t.entity.is_none()
                        || !source_actors.iter().any(|s| {
                            s.entity == t.entity
                                && (own
                                    || t.sector.is_none()
                                    || t.entity.is_some_and(|e| {
                                        coder.resolved.entities[e].kind == EntityKind::Person
                                    }))
                        })
                })
                .collect();
            let kind = if kind == "ASSAULT"
                && MILITARY_FORCE.contains(&lower(doc, trig.start))
                && source_actors
                    .iter()
                    .any(|a| a.sector.as_deref() == Some("MIL"))
            {
                "FIGHT".to_string()
            } else {
                kind
            };
            let mut source_actors = source_actors;
            // "The RUF announced it will return …": an unresolved pronoun is the clause's
            // subject; so is the maker of "a declaration demanding …"
            let unresolved = source_actors.len() == 1
                && source_actors[0].code.is_none()
                && is_pronoun(&source_actors[0].text);
            let verb = doc.pos(trig.start).starts_with("VB");
            if unresolved || (source_actors.is_empty() && !passive && verb) {
                if let Some(np) =
                    sentence_subject(doc, range.clone()).filter(|np| np.end <= trig.start)
                {
                    let subject = coder.actors(np);
                    if subject.iter().any(|a| a.code.is_some()) {
                        source_actors = subject;
                    }
                }
            }
            let mut target_actors = target_actors;
            target_actors.retain(|t| !source_actors.iter().any(|s| s.span.overlaps(t.span)));
            for a in source_actors.iter_mut().chain(target_actors.iter_mut()) {
                // only who can act: a group, a person; not "any plans"
                if a.code.is_none() && (a.sector.is_some() || a.entity.is_some()) {
                    let np = doc.token_at_or_after(a.span.start)..doc.token_at_or_after(a.span.end);
                    a.code = coder.locale(np, range.clone());
                }
            }
            // an unnamed party acted upon where the source acts is of the source's state
            // ("accepted demands from Shona rebels", "a truce with Moslem forces")
            let home = source_actors.iter().find_map(|a| a.code.clone());
            for a in target_actors.iter_mut() {
                // a group by its head noun ("Shona rebels", not "military exercises"), or a person
                let head = a.text.split_whitespace().last().unwrap_or("");
                let party = actors::is_sector_noun(head)
                    || a.entity
                        .is_some_and(|e| coder.resolved.entities[e].kind == EntityKind::Person);
                if a.code.is_none() && party {
                    a.code = home.clone();
                }
            }
            // "Ukraine withdraw its forces": one actor, named twice
            for actors in [&mut source_actors, &mut target_actors] {
                let mut seen: Vec<(Option<String>, Option<usize>)> = Vec::new();
                actors.retain(|a| {
                    let key = (a.code.clone(), a.entity);
                    let dup = a.code.is_some()
                        && seen.iter().any(|(code, entity)| {
                            *code == key.0
                                && (*entity == key.1 || entity.is_none() || key.1.is_none())
                        });
                    seen.push(key);
                    !dup
                });
            }
            // a protest with no stated target is against the authorities where it happens
            if kind == "PROTEST" && !target_actors.iter().any(|a| a.code.is_some()) {
                target_actors.clear();
                let code = coder
                    .locale(trig.clone(), range.clone())
                    .or_else(|| source_actors.iter().find_map(|a| a.code.clone()));
                if let Some(code) = code {
                    target_actors.push(Actor {
                        text: String::new(),
                        span: doc.span_of(trig.clone()),
                        code: Some(code),
                        sector: Some("GOV".into()),
                        entity: None,
                    });
                }
            }
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
                background: in_background(doc, trig.start, range.start),
            });
        }
    }
    out
}

/// The type a trigger takes with the object after it (`OBJECT_TYPES`); "called for sanctions
/// against Nigeria" solicits action against a target (DISAPPROVE).
fn by_object(doc: &Doc, kind: &str, trig: Range<usize>, end: usize) -> String {
    let object = trig.end..(trig.end + 6).min(end);
    let clause = object
        .clone()
        .take_while(|&k| !matches!(lower(doc, k), "," | ";" | "." | "that" | "which"));
    let words: Vec<&str> = clause.map(|k| lower(doc, k)).collect();
    if kind == "DEMAND" && words.contains(&"against") {
        return "DISAPPROVE".into();
    }
    for (from, objects, to) in OBJECT_TYPES {
        if *from == kind && words.iter().any(|w| objects.contains(w)) {
            return (*to).into();
        }
    }
    kind.into()
}

/// True when the trigger at `at` opens no main clause: a participle right after its noun ("a
/// letter handed over", "Africans ordered out") or a verb after a subordinator in its clause
/// ("after troops shelled", "who overran it").
fn in_background(doc: &Doc, at: usize, start: usize) -> bool {
    let auxiliary = |k: usize| {
        matches!(
            lower(doc, k),
            "has" | "have" | "had" | "was" | "were" | "is" | "are" | "be" | "been" | "being"
        )
    };
    // a participle with an object of its own is an active verb ("people blocked streets")
    let object_follows = matches!(
        doc.pos(at + 1),
        "DT" | "NN" | "NNS" | "NNP" | "NNPS" | "PRP$" | "JJ" | "CD"
    );
    if at > start
        && matches!(doc.pos(at), "VBN" | "VBG")
        && doc.pos(at - 1).starts_with("NN")
        && !auxiliary(at - 1)
        && !object_follows
    {
        return true;
    }
    (start..at)
        .rev()
        .take_while(|&k| !matches!(lower(doc, k), "," | ";" | ":"))
        .any(|k| {
            matches!(
                lower(doc, k),
                "after"
                    | "when"
                    | "while"
                    | "before"
                    | "since"
                    | "because"
                    | "who"
                    | "which"
                    | "whose"
                    | "where"
                    | "until"
                    | "although"
                    | "following"
            )
        })
}

/// True for a personal or possessive pronoun ("it", "their").
fn is_pronoun(text: &str) -> bool {
    matches!(
        text.to_lowercase().as_str(),
        "its" | "their" | "his" | "her" | "it" | "they" | "he" | "she" | "them" | "we" | "our"
    )
}

/// True when token `at` lies inside a direct quotation: a speaker's words, not a report.
fn in_direct_quote(doc: &Doc, quotes: &[Quote], at: usize) -> bool {
    let Some(tok) = doc.tokens.get(at) else {
        return false;
    };
    let pos = tok.span.start;
    quotes.iter().any(|q| {
        q.kind == QuoteKind::Direct && q.content.iter().any(|c| c.start <= pos && pos < c.end)
    })
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
    // "demanded that the US cancel …": the one asked is the subject of the clause
    if k < sentence.end && lower(doc, k) == "that" {
        k += 1;
    }
    let mut limit = (k + 14).min(sentence.end);
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
                // "X and Y", even past the window
                if k + 1 < sentence.end && lower(doc, k) == "and" {
                    k += 1;
                    limit = limit.max((k + 6).min(sentence.end));
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
    fn context_changes_the_type() {
        let kind = |text: &str| {
            events(text, "2020-05-01")
                .first()
                .map(|e| e.0.clone())
                .unwrap_or_default()
        };
        // a refusal to cooperate is a rejection
        assert_eq!(
            kind("Chile will not accept the new trade rules from Peru."),
            "REJECT"
        );
        // a hostile act announced for the future is a threat
        assert_eq!(
            kind("Ghana will expel the Togolese ambassador."),
            "THREATEN"
        );
        // killing by armed forces is fighting, by a bomb an assault
        assert_eq!(kind("Kenyan troops killed 12 Somali militants."), "FIGHT");
        assert_eq!(kind("A car bomb killed 12 Somali civilians."), "ASSAULT");
        // the object decides: withdrawing observers ends a presence
        assert_eq!(kind("Sweden withdrew its observers from Mali."), "SANCTION");
        // the noun "rallies" is no protest; the verb is
        assert_eq!(
            kind("Students rallied in Santiago against Chile."),
            "PROTEST"
        );
        assert!(events("Chile saw political rallies.", "2020-05-01").is_empty());
        // everyday senses name no event
        assert!(events("Chile wants to sign up new voters.", "2020-05-01").is_empty());
        assert!(
            events("Peru demonstrated its skill at talks.", "2020-05-01")
                .iter()
                .all(|e| e.0 != "PROTEST")
        );
        assert_eq!(kind("Students demonstrated in Lima on Monday."), "PROTEST");
        // an attack in words is a disapproval; "charged with" a crime is legal action
        assert_eq!(
            kind("Peru's president attacked Chile's trade policy."),
            "DISAPPROVE"
        );
        assert_eq!(
            kind("Peruvian rebels attacked a Chilean army convoy."),
            "ASSAULT"
        );
        assert_eq!(
            kind("The Chilean general was charged with murder."),
            "COERCE"
        );
        // the apostrophe of "Workers'" opens no quotation
        assert_eq!(
            kind("The Serbian Workers' Union stopped work on Monday."),
            "PROTEST"
        );
        // an irregular passive: the subject is the one acted upon
        let e = events(
            "A Chilean officer was shot by Peruvian soldiers.",
            "2020-05-01",
        );
        assert_eq!(e[0].1, vec![Some("PER".to_string())]);
        assert_eq!(e[0].2, vec![Some("CHL".to_string())]);
    }

    #[test]
    fn domestic_actors_take_the_country_they_act_in() {
        let e = events(
            "Opposition groups in Malawi demanded new elections.",
            "2020-05-01",
        );
        assert_eq!(e[0].0, "DEMAND");
        assert_eq!(e[0].1, vec![Some("MWI".to_string())]);
        // a protest with no stated target is against the authorities where it happens
        let e = events(
            "Thousands of workers marched in Lusaka on Monday.",
            "2020-05-01",
        );
        assert_eq!(e[0].0, "PROTEST");
        assert_eq!(e[0].2, vec![Some("ZMB".to_string())]);
    }

    #[test]
    fn the_one_asked_and_the_surname_alone() {
        // the target of a demand is the subject of its clause; "Putin" alone is Russian
        let e = events(
            "Putin demanded that Ukraine withdraw its forces.",
            "2020-05-01",
        );
        assert_eq!(e[0].0, "DEMAND");
        assert_eq!(e[0].1, vec![Some("RUS".to_string())]);
        assert_eq!(e[0].2, vec![Some("UKR".to_string())]);
        // "Bosnian Serbs": the first demonym places the group
        let e = events("Bosnian Serbs attacked the convoy.", "2020-05-01");
        assert_eq!(e[0].1, vec![Some("BIH".to_string())]);
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
