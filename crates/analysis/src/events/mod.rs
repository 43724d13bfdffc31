//! The event stage: who did what to whom, where and when, in the PLOVER ontology.
//!
//! A trigger lexicon (`data/event_triggers.tsv`) finds the action; `kinds.rs` reads its
//! type and status in context (negation, tense, condition, object, everyday senses);
//! `parties.rs` finds who acts and who is acted upon; `actors.rs` codes them to states and
//! organisations; `dates.rs` resolves time expressions against the publication date. This
//! file walks the sentences, keeps events out of quotations, questions and the content of
//! verbal acts, and tells main reports from background.

pub mod actors;
pub mod dates;
mod kinds;

pub use kinds::{parse_type, TYPES};
mod parties;

use std::ops::Range;

use crate::entities::{FoundMention, Resolved};
use crate::lexicon::Lexicon;
use crate::text::{Doc, TokenKind};
use crate::types::Day;
use crate::types::{Actor, Cue, EntityKind, Event, Quote, QuoteKind, TimeRef};

/// The lower-case word of token `i` (shared by the stage's modules).
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
    let finder = Finder {
        doc,
        coder: actors::Coder {
            doc,
            found,
            index: crate::entities::MentionIndex::new(found),
            resolved,
            referents,
        },
        quotes,
        quoted: in_direct_quotes(doc, quotes),
        published,
    };
    let mut out = Vec::new();
    for s in &doc.sentences {
        // a question reports no event ("Has anyone thought about it?")
        let range = s.tokens.clone();
        if range.end > range.start && doc.word(range.end - 1) == "?" {
            continue;
        }
        finder.sentence(s.span, range, &mut out);
    }
    out
}

/// What finding events reads.
struct Finder<'a> {
    doc: &'a Doc<'a>,
    coder: actors::Coder<'a>,
    quotes: &'a [Quote],
    /// Which tokens stand inside a direct quote.
    quoted: Vec<bool>,
    published: Option<Day>,
}

impl Finder<'_> {
    /// The events of one sentence, each (type, sources, targets) once.
    fn sentence(&self, span: crate::types::Span, range: Range<usize>, out: &mut Vec<Event>) {
        let (doc, lex) = (self.doc, Lexicon::get());
        let mut seen: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
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
            if self.quoted.get(trig.start).copied().unwrap_or(false)
                || verbal_act_end.is_some_and(|end| governed_by_act(doc, end, trig.start))
            {
                continue;
            }
            if kinds::VERBAL_ACTS.contains(&kind.as_str()) {
                verbal_act_end = Some(trig.end);
            }
            if let Some(event) = self.event(span, range.clone(), trig, &kind, &mut seen) {
                out.push(event);
            }
        }
    }

    /// The event a trigger reports, unless its reading, its actors or an event already
    /// found say there is none.
    fn event(
        &self,
        span: crate::types::Span,
        range: Range<usize>,
        trig: Range<usize>,
        kind: &str,
        seen: &mut Vec<(String, Vec<String>, Vec<String>)>,
    ) -> Option<Event> {
        let doc = self.doc;
        let kinds::Reading {
            kind,
            status,
            future,
        } = kinds::classify(doc, kind, trig.clone(), range.clone())?;
        if is_plain_noun(doc, &trig, &range) {
            return None;
        }
        let (source, target) =
            parties::parties(&self.coder, self.quotes, &kind, trig.clone(), range.clone());
        let kind = kinds::by_force(doc, kind, &trig, &source);
        if source.is_empty() && target.is_empty() {
            return None;
        }
        let key = (kind.clone(), actor_key(&source), actor_key(&target));
        if seen.contains(&key) {
            return None;
        }
        let times = dates::find(doc, range.clone(), self.published, future);
        let date = nearest_time(doc, &times, doc.tokens[trig.start].span.start);
        let place = place_in(doc, &self.coder, range.clone());
        let tspan = doc.span_of(trig.clone());
        seen.push(key);
        Some(Event {
            kind,
            trigger: Cue {
                span: tspan,
                text: tspan.slice(doc.text).to_string(),
            },
            sentence: span,
            source,
            target,
            place,
            date,
            status,
            background: in_background(doc, trig.start, range.start),
        })
    }
}

/// "refusing to accept", "demanding that NATO not … allow": a trigger shortly after a
/// verbal act, joined by "to"/"that"/"of" with no clause break, is that act's content.
fn governed_by_act(doc: &Doc, act_end: usize, trigger: usize) -> bool {
    let between = act_end..trigger;
    between.len() <= 10
        && between
            .clone()
            .any(|k| matches!(lower(doc, k), "to" | "that" | "of"))
        && !between.clone().any(|k| {
            matches!(
                lower(doc, k),
                "," | ";" | ":" | "but" | "while" | "since" | "after" | "before"
            )
        })
}

/// A trigger noun after a determiner ("the talks") reports no event of its own, unless a
/// light verb makes it one ("held the talks").
fn is_plain_noun(doc: &Doc, trig: &Range<usize>, range: &Range<usize>) -> bool {
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
    det_before && !light_verb
}

/// The time expression nearest the trigger at byte `tpos`, fewest clause breaks between,
/// and not across a coordinated clause: "denied any plans to invade, but … since it
/// captured Crimea in 2014" is no denial in 2014.
fn nearest_time(doc: &Doc, times: &[dates::TimeExpr], tpos: usize) -> Option<TimeRef> {
    let between = |t: &dates::TimeExpr| {
        let (a, b) = if t.span.start < tpos {
            (t.span.end, tpos)
        } else {
            (tpos, t.span.start)
        };
        doc.text.get(a..b).unwrap_or("")
    };
    times
        .iter()
        .filter(|t| {
            ![", but ", "; ", ", while ", ", whereas ", ", although "]
                .iter()
                .any(|c| between(t).contains(c))
        })
        .min_by_key(|t| {
            let b = between(t);
            let relative = b.contains(", who") || b.contains(", which");
            let distance = if t.span.start < tpos {
                b.len() * 3 / 2
            } else {
                b.len()
            };
            (relative, b.matches(',').count(), distance)
        })
        .map(|t| TimeRef {
            text: t.span.slice(doc.text).to_string(),
            span: t.span,
            value: t.value.clone(),
        })
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

/// For each token, whether it lies inside a direct quotation: a speaker's words, not a report.
fn in_direct_quotes(doc: &Doc, quotes: &[Quote]) -> Vec<bool> {
    let mut inside = vec![false; doc.tokens.len()];
    for piece in quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .flat_map(|q| q.content.iter())
    {
        let from = doc.tokens.partition_point(|t| t.span.start < piece.start);
        let to = doc.tokens.partition_point(|t| t.span.start < piece.end);
        for flag in inside.iter_mut().take(to).skip(from) {
            *flag = true;
        }
    }
    inside
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

/// "in Moscow": a place introduced by a locative preposition.
fn place_in(doc: &Doc, coder: &actors::Coder, sentence: Range<usize>) -> Option<String> {
    for m in coder.index.starting_in(sentence.start + 1..sentence.end) {
        let f = &coder.found[m];
        if f.tokens.end > sentence.end || f.demonym {
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

/// The events of one paragraph published on 2022-02-01 (for the stage's tests).
#[cfg(test)]
pub(crate) fn events_of(text: &str) -> Vec<Event> {
    let mut article = crate::types::Article::from_paragraphs([text]);
    article.published = Some("2022-02-01".into());
    crate::Analyzer::new().analyze(article).events
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
        // a recommendation or a hypothetical is only possible
        let e = events("Chile should expel the Peruvian ambassador.", "2020-05-01");
        assert_eq!(e[0].4, EventStatus::Possible);
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
        // a mediator acts upon both parties named after "between"
        let e = events(
            "Qatar launched a mediation effort between Bahrain and Oman.",
            "2020-05-01",
        );
        assert_eq!(e[0].1, vec![Some("QAT".to_string())]);
        assert_eq!(
            e[0].2,
            vec![Some("BHR".to_string()), Some("OMN".to_string())]
        );
        // "Bosnian Serbs": the first demonym places the group
        let e = events("Bosnian Serbs attacked the convoy.", "2020-05-01");
        assert_eq!(e[0].1, vec![Some("BIH".to_string())]);
    }

    #[test]
    fn the_one_blamed_and_the_clause_of_the_date() {
        let mut article = Article::from_paragraphs([
            "Putin blamed Western countries for neglecting Russia's concerns. Russia has denied any plans to invade, but it captured Crimea in 2014.",
        ]);
        article.published = Some("2022-02-01".into());
        let a = Analyzer::new().analyze(article);
        let blame = &a.events[0];
        assert_eq!(blame.kind, "DISAPPROVE");
        assert_eq!(blame.target[0].text, "Western countries");
        let denial = a
            .events
            .iter()
            .find(|e| e.kind == "REJECT")
            .expect("denial");
        assert!(denial.date.is_none(), "{:?}", denial.date);
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
