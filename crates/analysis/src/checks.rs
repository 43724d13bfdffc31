//! Checks the roles the text gives people against the office-holder record
//! (`data/offices.tsv`, generated from Wikidata): "British President Boris Johnson" on
//! 2022-02-01 is flagged (the United Kingdom has no president; Johnson was Prime
//! Minister), "President Vladimir Putin" is consistent, "former …" and roles the record
//! does not cover are not checked.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::lexicon::{fold_diacritics, GazetteerEntry, Lexicon};
use crate::text::tokens::tokenize;
use crate::types::{Day, Entity, EntityKind, Role, RoleCheck, Span, Term, Verdict};

/// The last day the record can speak for: open terms were taken in mid-2022.
const RECORD_END: &str = "2022-07-31";

struct Record {
    terms: Vec<Term>,
    by_person: HashMap<String, Vec<usize>>,
}

fn record() -> &'static Record {
    static RECORD: OnceLock<Record> = OnceLock::new();
    RECORD.get_or_init(|| {
        let mut terms = Vec::new();
        let mut by_person: HashMap<String, Vec<usize>> = HashMap::new();
        for line in include_str!("../data/offices.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            if c.len() < 6 {
                continue;
            }
            let t = Term {
                family: c[0].to_string(),
                country: c[1].to_string(),
                position: c[2].to_string(),
                person: c[3].to_string(),
                wikidata: c[4].to_string(),
                start: c[5].to_string(),
                end: c
                    .get(6)
                    .map(|e| e.trim().to_string())
                    .filter(|e| !e.is_empty()),
            };
            by_person
                .entry(fold_diacritics(&t.person).to_lowercase())
                .or_default()
                .push(terms.len());
            terms.push(t);
        }
        Record { terms, by_person }
    })
}

/// The office family a stated title names, given the country when known.
fn family(title: &str, country: Option<&str>) -> Option<&'static str> {
    let t = title.to_lowercase();
    match t.as_str() {
        "president" => Some("head-of-state"),
        "prime minister" | "chancellor" | "premier" => Some("head-of-government"),
        "vice president" => Some("vice-president"),
        "king" | "queen" => Some("monarch"),
        "foreign minister" | "minister of foreign affairs" | "foreign secretary" => {
            Some("foreign-minister")
        }
        "secretary of state" if country == Some("USA") => Some("foreign-minister"),
        "defence minister" | "minister of defence" | "secretary of defense" => {
            Some("defence-minister")
        }
        "finance minister" | "secretary of the treasury" => Some("finance-minister"),
        _ => None,
    }
}

fn day_start(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-01-01"),
        7 => format!("{d}-01"),
        _ => d.to_string(),
    }
}

fn day_end(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-12-31"),
        7 => format!("{d}-31"),
        _ => d.to_string(),
    }
}

fn active(t: &Term, on: &str) -> bool {
    day_start(&t.start).as_str() <= on && t.end.as_deref().is_none_or(|e| day_end(e).as_str() >= on)
}

fn country_code(name: &str) -> Option<String> {
    let toks = tokenize(name, Span::new(0, name.len()));
    let words: Vec<&str> = toks.iter().map(|t| t.span.slice(name)).collect();
    match Lexicon::get().gazetteer(&words) {
        Some(GazetteerEntry::Country(c)) => Some(c.clone()),
        _ => None,
    }
}

fn country_name(code: &str) -> String {
    Lexicon::get()
        .country_name(code)
        .unwrap_or(code)
        .to_string()
}

/// The Wikidata id of a person of the record.
pub fn wikidata_of(name: &str) -> Option<String> {
    let r = record();
    r.by_person
        .get(&fold_diacritics(name).to_lowercase())
        .and_then(|v| v.first())
        .map(|&i| r.terms[i].wikidata.clone())
        .or_else(|| Lexicon::get().person(name).map(|p| p.wikidata.clone()))
}

/// Checks one stated role of one person on one day.
fn check(
    entity: usize,
    e: &Entity,
    role: &Role,
    on: Option<&Day>,
    mentioned: &[String],
) -> RoleCheck {
    let mut out = RoleCheck {
        entity,
        person: e.name.clone(),
        role: role.clone(),
        on: on.map(|d| d.iso()),
        verdict: Verdict::NotChecked,
        reason: String::new(),
        evidence: vec![],
    };
    if let Some(q) = &role.qualifier {
        out.reason = format!("stated as “{q}”: not a claim about the present");
        return out;
    }
    let Some(on) = on.map(|d| d.iso()) else {
        out.reason = "no publication date to check against".into();
        return out;
    };
    if on.as_str() > RECORD_END {
        out.reason = "the record ends in mid-2022".into();
        return out;
    }
    let r = record();
    let stated_country = role.of.as_deref().and_then(country_code);
    let Some(mine) = r.by_person.get(&fold_diacritics(&e.name).to_lowercase()) else {
        out.reason = "the person is not in the office-holder record".into();
        return out;
    };
    let mine: Vec<&Term> = mine.iter().map(|&i| &r.terms[i]).collect();
    let held_now: Vec<&Term> = mine.iter().copied().filter(|t| active(t, &on)).collect();
    let country = stated_country
        .clone()
        .or_else(|| held_now.first().or(mine.first()).map(|t| t.country.clone()));
    let Some(country) = country else {
        out.reason = "no country for the role".into();
        return out;
    };
    let Some(fam) = family(&role.title, Some(&country)) else {
        out.reason = format!("“{}” is not an office the record covers", role.title);
        return out;
    };
    if held_now
        .iter()
        .any(|t| t.family == fam && t.country == country)
    {
        out.verdict = Verdict::Consistent;
        out.reason = format!("{} held it on {on}", e.name);
        out.evidence = held_now
            .iter()
            .filter(|t| t.family == fam && t.country == country)
            .map(|t| (*t).clone())
            .collect();
        return out;
    }
    // a title the person held at another time: "President Bill Clinton" in 2016 names a
    // past office, as news style allows
    let other_time: Vec<&Term> = mine
        .iter()
        .copied()
        .filter(|t| t.family == fam && t.country == country)
        .collect();
    if let Some(t) = other_time.first() {
        out.reason = format!(
            "{} held it from {} to {}: a past or later title, not checked",
            e.name,
            t.start,
            t.end.as_deref().unwrap_or("…")
        );
        out.evidence = other_time.into_iter().cloned().collect();
        return out;
    }
    // only someone in office then can be given the wrong office; a title for someone out of
    // office may be historical or hypothetical ("a President Trump")
    if held_now.is_empty() {
        out.reason = format!("{} held no office of the record on {on}", e.name);
        return out;
    }
    // without a stated country, a namesake elsewhere must not be flagged
    if stated_country.is_none() && !mentioned.iter().any(|c| c == &country) {
        out.reason = format!(
            "the article names no country for the role, and not {}",
            country_name(&country)
        );
        return out;
    }
    let claim = Claim {
        person: &e.name,
        title: &role.title,
        fam,
        country: &country,
        on: &on,
    };
    let (verdict, reason, evidence) = judge_wrong_office(&claim, &held_now);
    out.reason = reason;
    if let Some(v) = verdict {
        out.verdict = v;
        out.evidence = evidence;
    }
    out
}

/// A stated role of a person in office, to check against the holders of that office.
struct Claim<'a> {
    person: &'a str,
    title: &'a str,
    fam: &'static str,
    country: &'a str,
    on: &'a str,
}

/// The verdict on a person in office given another office: contradicted when the record
/// says who held it (or that the country has no such office), with what the person really
/// held; else why not.
fn judge_wrong_office(c: &Claim, held_now: &[&Term]) -> (Option<Verdict>, String, Vec<Term>) {
    let r = record();
    let (fam, country, on) = (c.fam, c.country, c.on);
    let office_terms: Vec<&Term> = r
        .terms
        .iter()
        .filter(|t| t.family == fam && t.country == *country)
        .collect();
    let holders: Vec<Term> = office_terms
        .iter()
        .filter(|t| active(t, on))
        .map(|t| (*t).clone())
        .collect();
    let country_covered = r.terms.iter().any(|t| {
        t.country == *country && (t.family == "head-of-government" || t.family == "head-of-state")
    });
    let what_they_were: Vec<Term> = held_now.iter().map(|t| (*t).clone()).collect();
    let stated = format!("{} of {}", c.title, country_name(country));
    let mut reason = if !holders.is_empty() {
        let names: Vec<String> = holders
            .iter()
            .map(|t| format!("{} ({} since {})", t.person, t.position, t.start))
            .collect();
        format!("on {on} the {stated} was {}", names.join(", "))
    } else if office_terms.is_empty()
        && country_covered
        && matches!(fam, "head-of-state" | "head-of-government")
    {
        let head = r
            .terms
            .iter()
            .filter(|t| {
                t.country == *country
                    && active(t, on)
                    && (t.family == "monarch" || t.family == "head-of-state")
            })
            .map(|t| format!("{} {}", t.position, t.person))
            .next();
        format!(
            "the record has no {stated}{}",
            head.map(|h| format!(" (head of state: {h})"))
                .unwrap_or_default()
        )
    } else {
        return (
            None,
            format!("the record does not say who was {stated} on {on}"),
            vec![],
        );
    };
    // what the person really held then
    if let Some(t) = what_they_were.first() {
        reason.push_str(&format!(
            "; {} was {} of {}",
            c.person,
            t.position,
            country_name(&t.country)
        ));
    }
    let evidence = holders.into_iter().chain(what_they_were).collect();
    (Some(Verdict::Contradicted), reason, evidence)
}

/// Checks every stated role of every person.
pub fn check_roles(entities: &[Entity], published: Option<&Day>) -> Vec<RoleCheck> {
    let mentioned: Vec<String> = entities.iter().filter_map(|e| e.country.clone()).collect();
    let mut out = Vec::new();
    for (i, e) in entities.iter().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        for role in &e.roles {
            out.push(check(i, e, role, published, &mentioned));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::types::{Article, Verdict};
    use crate::Analyzer;

    /// (person, title, verdict) of every checked role in one paragraph.
    fn checks(text: &str, published: Option<&str>) -> Vec<(String, String, Verdict)> {
        let mut article = Article::from_paragraphs([text]);
        article.published = published.map(str::to_string);
        Analyzer::new()
            .analyze(article)
            .role_checks
            .into_iter()
            .map(|c| (c.person, c.role.title, c.verdict))
            .collect()
    }

    #[test]
    fn a_wrong_office_is_contradicted_with_who_held_it() {
        let mut article = Article::from_paragraphs(["British President Boris Johnson spoke."]);
        article.published = Some("2022-02-01".into());
        let a = Analyzer::new().analyze(article);
        let c = a.role_checks.first().expect("a check");
        assert_eq!(c.verdict, Verdict::Contradicted);
        assert!(c.reason.contains("Prime Minister"), "{}", c.reason);
        assert!(!c.evidence.is_empty());
    }

    #[test]
    fn a_right_office_is_consistent_and_accents_do_not_matter() {
        let c = checks(
            "Russian President Vladimir Putin met Hungarian Prime Minister Viktor Orbán.",
            Some("2022-02-01"),
        );
        assert!(c.iter().all(|(_, _, v)| *v == Verdict::Consistent), "{c:?}");
        assert!(c.iter().any(|(p, _, _)| p.contains("Orb")), "{c:?}");
    }

    #[test]
    fn former_titles_and_undated_articles_are_not_checked() {
        let c = checks("Former President Barack Obama spoke.", Some("2016-10-01"));
        assert!(c.iter().all(|(_, _, v)| *v == Verdict::NotChecked), "{c:?}");
        let c = checks("British President Boris Johnson spoke.", None);
        assert!(c.iter().all(|(_, _, v)| *v == Verdict::NotChecked), "{c:?}");
    }
}
