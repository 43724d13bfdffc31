//! What type an event is: a trigger's PLOVER type as its context changes it — negation,
//! tense, condition, object, the force used — and the everyday senses that name no event.
//! The word tables are the rules; each says which PLOVER or CAMEO definition it follows.

use std::ops::Range;

use super::lower;
use super::parties::is_pronoun;
use crate::text::Doc;
use crate::types::{Actor, EventStatus};

/// The type and status of an event, as its sentence tells them.
pub(super) struct Reading {
    /// PLOVER type.
    pub kind: String,
    /// Happened, scheduled or negated.
    pub status: EventStatus,
    /// True when the act lies ahead ("will", "is due to").
    pub future: bool,
}

/// Reads the trigger `trig` of type `kind` in its sentence: None when it names no event
/// here (the content of a denial, a question's "whether", an everyday sense).
pub(super) fn classify(
    doc: &Doc,
    kind: &str,
    trig: Range<usize>,
    sentence: Range<usize>,
) -> Option<Reading> {
    // "Russia has denied any plans to invade": a denial, not an invasion
    let window = trig.start.saturating_sub(6).max(sentence.start)..trig.start;
    if kind != "REJECT" && window.clone().any(|k| DENIALS.contains(&lower(doc, k))) {
        return None;
    }
    // "whether he would guarantee that Russia would not invade": a question, not an act
    let wide = trig.start.saturating_sub(10).max(sentence.start)..trig.start;
    if wide
        .clone()
        .any(|k| matches!(lower(doc, k), "whether" | "if" | "unless"))
    {
        return None;
    }
    let before = window.map(|k| lower(doc, k)).collect::<Vec<_>>();
    let negated = before.iter().rev().take(3).any(|w| NEGATIONS.contains(w));
    // "could include imposing sanctions", "should withdraw": only possible
    let possible = before.iter().rev().take(3).any(|w| POSSIBILITY.contains(w));
    let future = before
        .iter()
        .rev()
        .take(4)
        .any(|w| FUTURE_MARKERS.contains(w))
        || matches!(lower(doc, trig.start), "will" | "would");
    let kind = by_object(doc, kind, trig.clone(), sentence.end);
    // "was charged with manslaughter": legal action (COERCE), not an allegation
    let kind = if kind == "DISAPPROVE"
        && lower(doc, trig.start).starts_with("charge")
        && trig.end < sentence.end
        && lower(doc, trig.end) == "with"
    {
        "COERCE".to_string()
    } else {
        kind
    };
    // "a tweet attacking her", "personal attacks", "attacked Clinton for her support of …":
    // words, not force (DISAPPROVE)
    let blamed_for = (trig.end..(trig.end + 5).min(sentence.end)).any(|k| {
        lower(doc, k) == "for" && k + 1 < sentence.end && matches!(doc.pos(k + 1), "PRP$" | "VBG")
    });
    let kind = if kind == "ASSAULT"
        && lower(doc, trig.start).starts_with("attack")
        && (blamed_for || !sentence.clone().any(|k| VIOLENCE.contains(&lower(doc, k))))
    {
        "DISAPPROVE".to_string()
    } else {
        kind
    };
    if kind.is_empty() || idiom(doc, trig.clone(), sentence.clone()) {
        return None;
    }
    let after = |w: &str| (trig.end..sentence.end).any(|k| lower(doc, k) == w);
    let conditional = after("unless");
    let on_condition = conditional || after("if");
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
        k if (future || conditional) && HOSTILE.contains(&k) => ("THREATEN", EventStatus::Happened),
        _ if possible => (kind.as_str(), EventStatus::Possible),
        _ if future => (kind.as_str(), EventStatus::Scheduled),
        _ => (kind.as_str(), EventStatus::Happened),
    };
    Some(Reading {
        kind: kind.to_string(),
        status,
        future,
    })
}

/// Killing or attacking by armed forces is FIGHT (conventional force), not ASSAULT.
pub(super) fn by_force(doc: &Doc, kind: String, trig: &Range<usize>, source: &[Actor]) -> String {
    if kind == "ASSAULT"
        && MILITARY_FORCE.contains(&lower(doc, trig.start))
        && source.iter().any(|a| a.sector.as_deref() == Some("MIL"))
    {
        "FIGHT".to_string()
    } else {
        kind
    }
}

/// Modal words that make an act only possible (a "may" is read as a plan or a threat).
const POSSIBILITY: &[&str] = &["could", "might", "should", "can", "ought"];
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
pub(super) const VERBAL_ACTS: &[&str] = &["AGREE", "DEMAND", "REJECT", "THREATEN", "DISAPPROVE"];
const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "without", "cannot"];
const DENIALS: &[&str] = &["denied", "denies", "deny", "denying", "rejected", "ruled"];

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

/// The PLOVER event types, in the ontology's order.
pub const TYPES: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "INVESTIGATE",
    "DEMAND",
    "DISAPPROVE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "FIGHT",
];

/// A PLOVER type as typed (any case), or a one-line reason listing the types.
pub fn parse_type(typed: &str) -> Result<&'static str, String> {
    let upper = typed.trim().to_uppercase();
    TYPES
        .iter()
        .copied()
        .find(|t| *t == upper)
        .ok_or_else(|| format!("{typed:?} is not a PLOVER type ({})", TYPES.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::events::events_of;
    use crate::types::EventStatus;

    /// (type, status) of the first event of a sentence.
    fn first(text: &str) -> Option<(String, EventStatus)> {
        events_of(text)
            .into_iter()
            .next()
            .map(|e| (e.kind, e.status))
    }

    #[test]
    fn negation_and_plans_set_the_status() {
        assert_eq!(
            first("France has not imposed sanctions on Russia."),
            Some(("SANCTION".into(), EventStatus::Negated))
        );
        // a refusal to meet is a rejection, not a negated consultation
        assert_eq!(
            first("Russia did not meet Ukraine’s envoys.").map(|k| k.0),
            Some("REJECT".into())
        );
        assert_eq!(
            first("Russia is due to meet Ukraine on Friday."),
            Some(("CONSULT".into(), EventStatus::Scheduled))
        );
        assert_eq!(
            first("Germany should expel Russian diplomats."),
            Some(("SANCTION".into(), EventStatus::Possible))
        );
    }

    #[test]
    fn announced_acts_take_their_intent() {
        // a hostile act announced is a threat; a cooperative one a promise
        let k = first("France will impose sanctions on Russia.").map(|k| k.0);
        assert_eq!(k.as_deref(), Some("THREATEN"));
        let k = first("Russia will send aid to Syria.");
        assert_eq!(k, Some(("AGREE".into(), EventStatus::Scheduled)));
    }
}
