//! Merges mentions into entities: one person across "Vladimir Putin", "Putin" and
//! "President Putin"; one country across "US", "U.S." and "the United States".

use std::collections::HashMap;

use super::mentions::{FoundMention, MentionTarget};
use super::name_words::is_suffix;
use crate::lexicon::Lexicon;
use crate::text::Doc;
use crate::types::{Entity, EntityKind, Mention, MentionKind};

/// Entities plus, for each found mention, the entity it belongs to.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// For each found mention (same order), its entity; `None` for pronouns and unknowns.
    pub entity_of: Vec<Option<usize>>,
}

struct Cluster {
    name: String,
    kind: EntityKind,
    country: Option<String>,
    members: Vec<usize>,
    words: Vec<String>,
    female: Option<bool>,
}

/// Name words without initials, for comparing spellings of one person.
fn core_words(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !(w.chars().count() == 1 && w.chars().all(char::is_uppercase)))
        .map(|w| {
            let bare = w.trim_end_matches('.');
            if matches!(bare, "Jr" | "Sr") {
                format!("{bare}.")
            } else {
                bare.to_string()
            }
        })
        .collect()
}

/// The last word of a name that is no suffix: "Biden" of "Joseph Biden Jr.", so that a
/// later "Mr. Biden" is the same person.
fn surname(words: &[String]) -> Option<&String> {
    words.iter().rev().find(|w| !is_suffix(w))
}

fn has_suffix(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| matches!(w.as_str(), "Jr" | "Sr" | "II" | "III"))
}

/// Groups mentions into entities.
pub fn resolve(doc: &Doc, found: &[FoundMention]) -> Resolved {
    let mut clusters = Clusters {
        list: Vec::new(),
        by_key: HashMap::new(),
        of: vec![None; found.len()],
    };
    // 1. countries, gazetteer names and organisations; full person names
    for (m, f) in found.iter().enumerate() {
        let c = clusters.add_named(m, f);
        clusters.assign(m, f, c);
    }
    // 2. single names: attach to the person whose last (or first) name they are
    for (m, f) in found.iter().enumerate() {
        if let Some(word) = single_name(f) {
            let c = clusters.add_single(doc, found, m, f, word);
            clusters.assign(m, f, c);
        }
    }
    // a person's gender from their given name
    let lex = Lexicon::get();
    for c in clusters.list.iter_mut() {
        if c.female.is_none() && c.kind == EntityKind::Person {
            c.female = c.words.first().and_then(|w| lex.name_gender(w));
        }
    }
    clusters.into_resolved(doc, found)
}

/// The clusters built so far, by identity key, and the cluster of each mention.
struct Clusters {
    list: Vec<Cluster>,
    by_key: HashMap<String, usize>,
    of: Vec<Option<usize>>,
}

/// The name a one-word person mention or a surname stands for.
fn single_name(f: &FoundMention) -> Option<String> {
    match &f.target {
        MentionTarget::Surname(w) => Some(w.clone()),
        MentionTarget::Person(words) if core_words(words).len() == 1 => {
            Some(core_words(words)[0].clone())
        }
        _ => None,
    }
}

impl Clusters {
    /// Mention `m` joins the cluster of `key`, made from the rest when new.
    fn add(
        &mut self,
        key: String,
        name: String,
        kind: EntityKind,
        country: Option<String>,
        words: Vec<String>,
        m: usize,
    ) -> usize {
        let list = &mut self.list;
        let idx = *self.by_key.entry(key).or_insert_with(|| {
            list.push(Cluster {
                name,
                kind,
                country,
                members: vec![],
                words,
                female: None,
            });
            list.len() - 1
        });
        self.list[idx].members.push(m);
        idx
    }

    /// Records mention `m`'s cluster, and the gender it tells.
    fn assign(&mut self, m: usize, f: &FoundMention, c: Option<usize>) {
        self.of[m] = c;
        if let (Some(c), Some(female)) = (c, f.female) {
            self.list[c].female.get_or_insert(female);
        }
    }

    /// Countries, gazetteer names and organisations by name; a person named with two or
    /// more words by first and last word (and suffix).
    fn add_named(&mut self, m: usize, f: &FoundMention) -> Option<usize> {
        match &f.target {
            MentionTarget::Country(code) => {
                let name = Lexicon::get()
                    .country_name(code)
                    .unwrap_or(code)
                    .to_string();
                let key = format!("C:{code}");
                Some(self.add(key, name, EntityKind::Place, Some(code.clone()), vec![], m))
            }
            MentionTarget::Named(name, kind, _) => {
                Some(self.add(format!("N:{name}"), name.clone(), *kind, None, vec![], m))
            }
            MentionTarget::Organization(name) => Some(self.add(
                format!("N:{name}"),
                name.clone(),
                EntityKind::Organization,
                None,
                vec![],
                m,
            )),
            MentionTarget::Person(words) if core_words(words).len() >= 2 => {
                let core = core_words(words);
                // same first and last word (and suffix) → same person
                let first = core.first().cloned().unwrap_or_default();
                let last = core.last().cloned().unwrap_or_default();
                let key = format!(
                    "P:{first} {last}{}",
                    if has_suffix(words) { " +" } else { "" }
                );
                Some(self.add(
                    key,
                    core.join(" "),
                    EntityKind::Person,
                    None,
                    core.clone(),
                    m,
                ))
            }
            _ => None,
        }
    }

    /// A single name joins the person it names; else, when it is a person's, it makes one.
    fn add_single(
        &mut self,
        doc: &Doc,
        found: &[FoundMention],
        m: usize,
        f: &FoundMention,
        word: String,
    ) -> Option<usize> {
        // rule `hyphenated-surname`: an untitled hyphenated name ("Mark-Viverito") only
        // stands for a person named in full, given name first ("Melissa Mark-Viverito");
        // it makes no one ("Hewlett-Packard", "Glass-Steagall" are no persons)
        let untitled_hyphenated = word.contains('-') && f.roles.is_empty() && f.female.is_none();
        if untitled_hyphenated {
            let lex = Lexicon::get();
            let c = self.person_named(found, &word, f.span.start).filter(|&c| {
                let first = self.list[c].words.first();
                first.is_some_and(|w| lex.name_gender(w).is_some())
            })?;
            self.list[c].members.push(m);
            return Some(c);
        }
        if let Some(c) = self.person_named(found, &word, f.span.start) {
            self.list[c].members.push(m);
            return Some(c);
        }
        let is_person = matches!(f.target, MentionTarget::Person(_))
            || followed_by_speech(doc, f)
            || Lexicon::get().name_gender(&word).is_some();
        is_person.then(|| {
            self.add(
                format!("P1:{word}"),
                word.clone(),
                EntityKind::Person,
                None,
                vec![word],
                m,
            )
        })
    }

    /// The person a single name at byte `pos` stands for: by last name, else first name;
    /// among several, the one mentioned most recently before, else the first.
    fn person_named(&self, found: &[FoundMention], word: &String, pos: usize) -> Option<usize> {
        let persons = |by_last: bool| -> Vec<usize> {
            self.list
                .iter()
                .enumerate()
                .filter(|(_, c)| c.kind == EntityKind::Person && c.words.len() >= 2)
                .filter(|(_, c)| {
                    if by_last {
                        surname(&c.words) == Some(word)
                    } else {
                        c.words.first() == Some(word)
                    }
                })
                .map(|(i, _)| i)
                .collect()
        };
        let mut candidates = persons(true);
        if candidates.is_empty() {
            candidates = persons(false);
        }
        match candidates.len() {
            0 => None,
            1 => Some(candidates[0]),
            _ => candidates
                .iter()
                .copied()
                .filter_map(|c| {
                    let before = self.list[c]
                        .members
                        .iter()
                        .filter(|&&mm| found[mm].span.start < pos)
                        .map(|&mm| found[mm].span.start)
                        .max();
                    before.map(|b| (b, c))
                })
                .max()
                .map(|(_, c)| c)
                .or_else(|| candidates.first().copied()),
        }
    }

    /// The entities in order of first mention, with their mentions and roles.
    fn into_resolved(self, doc: &Doc, found: &[FoundMention]) -> Resolved {
        let clusters = &self.list;
        let mut order: Vec<usize> = (0..clusters.len())
            .filter(|&c| !clusters[c].members.is_empty())
            .collect();
        order.sort_by_key(|&c| {
            clusters[c]
                .members
                .iter()
                .map(|&m| found[m].span.start)
                .min()
                .unwrap_or(usize::MAX)
        });
        let mut new_id = vec![None; clusters.len()];
        let mut entities = Vec::new();
        for (id, &c) in order.iter().enumerate() {
            new_id[c] = Some(id);
            entities.push(entity(doc, found, id, &clusters[c]));
        }
        let entity_of = self.of.iter().map(|c| c.and_then(|c| new_id[c])).collect();
        Resolved {
            entities,
            entity_of,
        }
    }
}

/// A cluster as an entity: its mentions in text order, its roles once each.
fn entity(doc: &Doc, found: &[FoundMention], id: usize, cl: &Cluster) -> Entity {
    let mut members = cl.members.clone();
    members.sort_by_key(|&m| found[m].span.start);
    let mentions = members
        .iter()
        .map(|&m| Mention {
            span: found[m].span,
            text: found[m].span.slice(doc.text).to_string(),
            kind: if found[m].demonym {
                MentionKind::Demonym
            } else {
                MentionKind::Name
            },
        })
        .collect();
    let mut roles = Vec::new();
    for &m in &members {
        for r in &found[m].roles {
            if !roles.iter().any(|x: &crate::types::Role| {
                x.title == r.title && x.of == r.of && x.qualifier == r.qualifier
            }) {
                roles.push(r.clone());
            }
        }
    }
    let wikidata = if cl.kind == EntityKind::Person && cl.name.contains(' ') {
        crate::checks::wikidata_of(&cl.name)
    } else {
        None
    };
    Entity {
        id,
        name: cl.name.clone(),
        kind: cl.kind,
        country: cl.country.clone(),
        mentions,
        roles,
        wikidata,
        female: cl.female,
    }
}

fn followed_by_speech(doc: &Doc, f: &FoundMention) -> bool {
    let lex = Lexicon::get();
    let next = f.tokens.end;
    // a subject followed by a verb: "Clinton spoke", "Clinton has"
    let w = doc.word(next);
    let verb_like = w.chars().next().is_some_and(char::is_lowercase)
        && (matches!(
            w,
            "has" | "had" | "was" | "is" | "will" | "would" | "could" | "did" | "does"
        ) || (w.ends_with("ed") && w.len() > 4)
            || matches!(
                w,
                "spoke"
                    | "won"
                    | "lost"
                    | "made"
                    | "took"
                    | "gave"
                    | "ran"
                    | "met"
                    | "went"
                    | "came"
            ));
    if verb_like {
        return true;
    }
    lex.speech_verb(doc.word(next)).is_some()
        || (matches!(doc.word(next), "has" | "had" | "also" | "later")
            && lex.speech_verb(doc.word(next + 1)).is_some())
        || (f.tokens.start > 0 && lex.speech_verb(doc.word(f.tokens.start - 1)).is_some())
}

#[cfg(test)]
mod tests {
    use crate::{Analyzer, Article, EntityKind};

    fn entities(text: &str) -> Vec<(String, EntityKind, usize)> {
        let a = Analyzer::new().analyze(Article::from_paragraphs([text]));
        a.entities
            .iter()
            .map(|e| (e.name.clone(), e.kind, e.mentions.len()))
            .collect()
    }

    #[test]
    fn merges_surnames_titles_and_country_aliases() {
        let e = entities("President Vladimir Putin met US officials. Putin said the United States and the U.S. Senate disagree.");
        assert!(e.contains(&("Vladimir Putin".to_string(), EntityKind::Person, 2)));
        assert!(e.contains(&("United States".to_string(), EntityKind::Place, 2)));
        assert!(e
            .iter()
            .any(|(n, k, _)| n == "Senate" && *k == EntityKind::Organization));
    }

    #[test]
    fn a_surname_joins_the_full_name_with_its_initial_and_suffix() {
        let e = entities("Joseph R. Biden Jr. spoke on Monday. Mr. Biden said it was time.");
        assert!(
            e.contains(&("Joseph Biden Jr.".to_string(), EntityKind::Person, 2)),
            "{e:?}"
        );
        assert!(!e.iter().any(|(n, ..)| n == "Biden"), "{e:?}");
    }

    #[test]
    fn shared_surnames_stay_apart_and_go_to_the_latest() {
        let e = entities("Bill Clinton spoke. Hillary Clinton answered. Clinton left.");
        let hillary = e
            .iter()
            .find(|(n, ..)| n == "Hillary Clinton")
            .expect("Hillary");
        let bill = e.iter().find(|(n, ..)| n == "Bill Clinton").expect("Bill");
        assert_eq!((hillary.2, bill.2), (2, 1));
    }

    #[test]
    fn junior_is_someone_else() {
        let e = entities("Donald Trump Jr. spoke before Donald Trump arrived.");
        assert_eq!(
            e.iter()
                .filter(|(_, k, _)| *k == EntityKind::Person)
                .count(),
            2
        );
    }

    #[test]
    fn roles_with_their_country() {
        let a = Analyzer::new().analyze(Article::from_paragraphs([
            "Russian Foreign Minister Sergey Lavrov spoke.",
        ]));
        let lavrov = a
            .entities
            .iter()
            .find(|e| e.name == "Sergey Lavrov")
            .expect("Lavrov");
        assert_eq!(lavrov.roles[0].title, "Foreign Minister");
        assert_eq!(lavrov.roles[0].of.as_deref(), Some("Russia"));
    }
}
