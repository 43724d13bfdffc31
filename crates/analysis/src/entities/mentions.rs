//! Finds name, demonym, title and pronoun mentions in the tokens of each sentence.

use std::collections::HashSet;
use std::ops::Range;

use super::name_words::{
    is_hyphenated_name, is_suffix, is_title_alone, NAME_CONNECTORS, NOT_OWNERS,
};
use crate::lexicon::{GazetteerEntry, Lexicon};
use crate::text::{Doc, TokenKind};
use crate::types::{EntityKind, Role, Span};

/// What a found mention points at, before entities are merged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentionTarget {
    /// A country by ISO code (also for demonyms).
    Country(String),
    /// A gazetteer organisation or place by canonical name.
    Named(String, EntityKind, Option<String>),
    /// A person, by the words of their name (honorifics removed).
    Person(Vec<String>),
    /// An organisation found by its shape ("Level I Trauma Center").
    Organization(String),
    /// A single capitalised word that may name a person, if a fuller name matches it later.
    Surname(String),
    /// A personal pronoun (lower case).
    Pronoun(String),
}

/// A mention found in the text, not yet merged into an entity.
#[derive(Debug, Clone)]
pub struct FoundMention {
    /// Its tokens.
    pub tokens: Range<usize>,
    /// Its bytes.
    pub span: Span,
    /// What it names.
    pub target: MentionTarget,
    /// True for a demonym used for its country.
    pub demonym: bool,
    /// Roles stated right before it.
    pub roles: Vec<Role>,
    /// Gender suggested by an honorific or given name: Some(true) female.
    pub female: Option<bool>,
}

const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "him", "her", "his", "its", "their", "them", "we", "i",
];

fn title_at(doc: &Doc, i: usize, end: usize, lex: &Lexicon) -> Option<(usize, String, bool)> {
    if i >= end || !lex.may_start_title(doc.word(i)) {
        return None;
    }
    let max = lex.max_title_tokens.min(end - i);
    for n in (1..=max).rev() {
        let words: Vec<&str> = (i..i + n).map(|k| doc.word(k)).collect();
        // "Sen." is split into "Sen" + "."; try with the dot too
        let with_dot = i + n < end
            && doc.word(i + n) == "."
            && doc.tokens[i + n].span.start == doc.tokens[i + n - 1].span.end;
        if with_dot {
            let mut w = words.clone();
            let last = format!("{}.", w.pop().unwrap_or(""));
            let mut owned: Vec<String> = w.iter().map(|s| s.to_string()).collect();
            owned.push(last);
            let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
            if let Some(t) = lex.title(&refs) {
                return Some((n + 1, t.canonical.clone(), t.honorific));
            }
        }
        if let Some(t) = lex.title(&words) {
            return Some((n, t.canonical.clone(), t.honorific));
        }
    }
    None
}

fn gazetteer_at(doc: &Doc, i: usize, end: usize, lex: &Lexicon) -> Option<(usize, GazetteerEntry)> {
    if i >= end || !lex.may_start_gazetteer(doc.word(i)) {
        return None;
    }
    let max = lex.max_gazetteer_tokens.min(end - i);
    let words: Vec<&str> = (i..i + max).map(|k| doc.word(k)).collect();
    match lex.longest_gazetteer(&words) {
        // every gazetteer phrase starts with a capital or "the"
        Some((1, _)) if words[0].chars().next().is_some_and(char::is_lowercase) => None,
        Some((n, e)) => Some((n, e.clone())),
        None => None,
    }
}

fn is_name_word(doc: &Doc, i: usize) -> bool {
    doc.is_capitalized(i) && doc.word(i) != "I"
}

fn is_initial(doc: &Doc, i: usize) -> bool {
    let w = doc.word(i);
    w.chars().count() == 1
        && w.chars().all(char::is_uppercase)
        && doc.word(i + 1) == "."
        && doc
            .tokens
            .get(i + 1)
            .is_some_and(|t| t.span.start == doc.tokens[i].span.end)
}

/// Words of the document that also occur in lower case (so a capitalised one is likely
/// just a sentence start).
pub fn lowercase_vocabulary(doc: &Doc) -> HashSet<String> {
    doc.tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.span.slice(doc.text))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(str::to_string)
        .collect()
}

/// Mentions by the token they start at, so the mentions of one sentence or phrase are found
/// without a scan of the whole document (which made long documents quadratic).
#[derive(Debug, Clone, Default)]
pub struct MentionIndex {
    /// (start token, mention index), sorted.
    starts: Vec<(usize, usize)>,
}

impl MentionIndex {
    /// Indexes `found`.
    pub fn new(found: &[FoundMention]) -> Self {
        let mut starts: Vec<(usize, usize)> = found
            .iter()
            .enumerate()
            .map(|(m, f)| (f.tokens.start, m))
            .collect();
        starts.sort_unstable();
        MentionIndex { starts }
    }

    /// The mentions that start at a token of `range`, in the order they were found.
    pub fn starting_in(&self, range: Range<usize>) -> Vec<usize> {
        let from = self.starts.partition_point(|&(t, _)| t < range.start);
        let to = self.starts.partition_point(|&(t, _)| t < range.end);
        let mut out: Vec<usize> = self.starts[from..to.max(from)]
            .iter()
            .map(|&(_, m)| m)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Finds all mentions of the document in text order.
pub fn find(doc: &Doc) -> Vec<FoundMention> {
    let lower = lowercase_vocabulary(doc);
    let mut out: Vec<FoundMention> = Vec::new();
    for sentence in &doc.sentences {
        let mut scan = Scan {
            doc,
            lex: Lexicon::get(),
            lower: &lower,
            sentence: sentence.tokens.clone(),
            pending: Vec::new(),
            honorific_female: None,
            last_owner: None,
        };
        let mut i = sentence.tokens.start;
        while i < sentence.tokens.end {
            i = scan.step(i, &mut out);
        }
    }
    out
}

/// One sentence being scanned left to right, with what earlier words leave for later ones.
struct Scan<'a> {
    doc: &'a Doc<'a>,
    lex: &'static Lexicon,
    /// Words the document also writes in lower case (not names at a sentence start).
    lower: &'a HashSet<String>,
    sentence: Range<usize>,
    /// Roles waiting for the name that follows them, with the token they end at.
    pending: Vec<(Role, usize)>,
    /// Gender told by an honorific waiting for its name ("Mrs.").
    honorific_female: Option<bool>,
    /// The last country or organisation named, or words before a title that say what it
    /// is of (rule `title-owner`): what a title right after it is of ("Russian President").
    last_owner: Option<Owner>,
}

/// What a title right after it is of.
struct Owner {
    /// Its name ("Russia", "Labor").
    name: String,
    /// Its first byte (a role's span starts there).
    start: usize,
    /// The token after it.
    end: usize,
}

impl Scan<'_> {
    /// Reads what starts at token `i`, pushing any mention, and returns the next token.
    fn step(&mut self, i: usize, out: &mut Vec<FoundMention>) -> usize {
        let doc = self.doc;
        if doc.tokens[i].kind != TokenKind::Word {
            return i + 1;
        }
        let lw = doc.lower(i);
        if PRONOUNS.contains(&lw) {
            out.push(FoundMention {
                tokens: i..i + 1,
                span: doc.tokens[i].span,
                target: MentionTarget::Pronoun(lw.to_string()),
                demonym: false,
                roles: vec![],
                female: None,
            });
            return i + 1;
        }
        if let Some(next) = self.gazetteer_name(i, out) {
            return next;
        }
        if let Some(next) = self.title(i) {
            return next;
        }
        if is_name_word(doc, i) {
            return self.name_run(i, out);
        }
        i + 1
    }

    /// A country, demonym, organisation or place of the gazetteer.
    fn gazetteer_name(&mut self, i: usize, out: &mut Vec<FoundMention>) -> Option<usize> {
        let (doc, lex, end) = (self.doc, self.lex, self.sentence.end);
        let word = doc.word(i);
        let at = gazetteer_at(doc, i, end, lex);
        // "the U.S. Senate": a longer name after "the" beats "the U.S."
        let (n, entry) = match at {
            Some((n, _)) if word.eq_ignore_ascii_case("the") => {
                match gazetteer_at(doc, i + 1, end, lex) {
                    Some((m, _)) if m >= n => None,
                    _ => at,
                }
            }
            other => other,
        }?;
        // a country word that is really a given name ("Jordan Spieth")
        let given_name = n == 1
            && lex.name_gender(word).is_some()
            && is_name_word(doc, i + 1)
            && gazetteer_at(doc, i + 1, end, lex).is_none();
        if given_name {
            return None;
        }
        let (target, demonym) = match entry {
            GazetteerEntry::Country(c) => (MentionTarget::Country(c), false),
            GazetteerEntry::Demonym(c) => (MentionTarget::Country(c), true),
            GazetteerEntry::Named {
                name,
                kind,
                country,
            } => (MentionTarget::Named(name, kind, country), false),
        };
        let owner = match &target {
            MentionTarget::Country(c) => Some(lex.country_name(c).unwrap_or(c).to_string()),
            MentionTarget::Named(name, EntityKind::Organization, _) => Some(name.clone()),
            _ => None,
        };
        if let Some(name) = owner {
            let (start, end) = (doc.tokens[i].span.start, i + n);
            self.last_owner = Some(Owner { name, start, end });
        }
        out.push(FoundMention {
            tokens: i..i + n,
            span: doc.span_of(i..i + n),
            target,
            demonym,
            roles: vec![],
            female: None,
        });
        Some(i + n)
    }

    /// A title or honorific before a name: remembered for the name that follows.
    fn title(&mut self, i: usize) -> Option<usize> {
        let (doc, lex, end) = (self.doc, self.lex, self.sentence.end);
        let (n, canonical, honorific) = title_at(doc, i, end, lex)?;
        let follows_name = (i + n..end).next().is_some_and(|k| {
            is_name_word(doc, k)
                || gazetteer_at(doc, k, end, lex).is_some()
                || title_at(doc, k, end, lex).is_some()
        });
        if !follows_name {
            return None;
        }
        if honorific {
            self.honorific_female = match canonical.as_str() {
                "Mrs." | "Ms." => Some(true),
                "Mr." => Some(false),
                _ => self.honorific_female,
            };
            return Some(i + n);
        }
        let owner = self.last_owner.as_ref().filter(|o| o.end == i);
        let of = owner.map(|o| o.name.clone());
        let start = owner.map_or(doc.tokens[i].span.start, |o| o.start);
        let qualifier = (i > self.sentence.start)
            .then(|| doc.lower(i - 1))
            .filter(|prev| {
                matches!(
                    *prev,
                    "former" | "acting" | "then" | "late" | "interim" | "outgoing" | "incoming"
                )
            });
        self.pending.push((
            Role {
                title: canonical,
                of,
                qualifier: qualifier.map(str::to_string),
                span: Span::new(start, doc.tokens[i + n - 1].span.end),
            },
            i + n,
        ));
        Some(i + n)
    }

    /// A run of capitalised words (with initials, Jr., and name particles) from `i`, as a
    /// person, surname, organisation or place; what was pending for a name is used up.
    fn name_run(&mut self, i: usize, out: &mut Vec<FoundMention>) -> usize {
        let j = self.run_end(i);
        if let Some(next) = self.title_owner(i, j) {
            return next;
        }
        let start = self.given_name_start(self.first_name_word(i, j), j);
        if start < j {
            if let Some(m) = self.name_mention(start, j) {
                out.push(m);
            }
        }
        self.honorific_female = None;
        self.pending.clear();
        j.max(i + 1)
    }

    /// Rule `title-owner`: capitalised words that run into a title followed by a name
    /// ("Labor Secretary Thomas Perez", "AFL-CIO President Richard Trumka") say what the
    /// title is of, as a country before it does ("Russian President"), and are no mention
    /// themselves; a run that starts with a given name ("Martin Luther King") is a name.
    /// Returns the title's token, read next.
    fn title_owner(&mut self, i: usize, j: usize) -> Option<usize> {
        let (doc, lex, end) = (self.doc, self.lex, self.sentence.end);
        let (n, _, honorific) = title_at(doc, j, end, lex)?;
        let named_after = self.names_someone(j + n);
        if honorific || !named_after || lex.name_gender(doc.word(i)).is_some() {
            return None;
        }
        let start = self.first_name_word(i, j);
        let owner: Vec<&str> = (start..j).map(|k| doc.word(k)).collect();
        // a party or a rank before a title is no owner ("Democratic Senator", "Deputy
        // Secretary of State")
        if !owner.is_empty() && !owner.iter().any(|w| NOT_OWNERS.contains(w)) {
            let (name, start) = (owner.join(" "), doc.tokens[start].span.start);
            self.last_owner = Some(Owner {
                name,
                start,
                end: j,
            });
        }
        self.honorific_female = None;
        self.pending.clear();
        Some(j)
    }

    /// True when the word at `k` can start a person's name after a title: capitalised, no
    /// suffix ("Jr."), and a given name or a word the document never writes in lower case
    /// ("Martin Luther King Day": "day" is written so).
    fn names_someone(&self, k: usize) -> bool {
        let (doc, lex) = (self.doc, self.lex);
        is_name_word(doc, k)
            && !is_suffix(doc.word(k))
            && (lex.name_gender(doc.word(k)).is_some() || !self.lower.contains(doc.lower(k)))
    }

    /// Rule `capitalised-common-words`: a run of two or more capitalised words that the
    /// document also writes in lower case, none of them a given name, is a heading or a
    /// thing ("Election Day", "National Convention", "STUPID AND WRONG"), or with an "of"
    /// a body ("Court of Appeals"), not a person.
    fn common_words_only(&self, words: &[String]) -> bool {
        words.len() >= 2
            && self.lex.name_gender(&words[0]).is_none()
            && words.iter().all(|w| self.lower.contains(&w.to_lowercase()))
    }

    /// Where the run of name words starting at `i` ends.
    fn run_end(&self, i: usize) -> usize {
        let (doc, lex, end) = (self.doc, self.lex, self.sentence.end);
        let mut j = i;
        while j < end {
            if j > i
                && gazetteer_at(doc, j, end, lex).is_some()
                && lex.name_gender(doc.word(j)).is_none()
            {
                break;
            }
            // a title before a name ends a run of other words (rule `title-owner`)
            if j > i
                && lex.name_gender(doc.word(i)).is_none()
                && title_at(doc, j, end, lex)
                    .is_some_and(|(n, _, honorific)| !honorific && self.names_someone(j + n))
            {
                break;
            }
            // a middle initial and its point ("Michelle F. Tanzer"): read as one, before
            // the capital alone would end the run at the point
            if j > i && is_initial(doc, j) {
                j += 2;
            } else if is_name_word(doc, j)
                || (j > i && NAME_CONNECTORS.contains(&doc.word(j)) && is_name_word(doc, j + 1))
            {
                j += 1;
            } else {
                break;
            }
        }
        // a connector the run stopped after ("Richard J. Durbin of Illinois": the place
        // ended the run) is no part of the name
        while j > i + 1 && NAME_CONNECTORS.contains(&doc.word(j - 1)) {
            j -= 1;
        }
        // Jr. / Sr. suffix
        if matches!(doc.word(j.saturating_sub(1)), "Jr" | "Sr") && doc.word(j) == "." {
            j += 1;
        }
        j
    }

    /// The first word of the run that is a name: leading words that are not (sentence
    /// starts, "However") are dropped.
    fn first_name_word(&self, mut start: usize, j: usize) -> usize {
        let (doc, lex) = (self.doc, self.lex);
        while start < j {
            let w = doc.word(start);
            let sentence_initial = start == self.sentence.start
                || doc.tokens[start - 1].kind == TokenKind::Quote
                || doc.word(start - 1) == "(";
            let common = lex.is_non_name(w)
                || (sentence_initial
                    && (self.lower.contains(&w.to_lowercase())
                        || w.ends_with("ly")
                        || w.ends_with("ing")
                        || lex.speech_verb(w).is_some()));
            if common && lex.name_gender(w).is_none() {
                start += 1;
            } else {
                break;
            }
        }
        start
    }

    /// Rule `descriptor-before-a-name`: in a run of three words or more that does not
    /// start with a given name, words before the first given name that is followed by
    /// another name word describe the person ("Democrat Elijah Cummings", "Minority Whip
    /// Richard Durbin", "Alderman William Burns"): the name starts at the given name. A
    /// run a title already named is left as it is.
    fn given_name_start(&self, start: usize, j: usize) -> usize {
        let (doc, lex) = (self.doc, self.lex);
        let titled = self.pending.iter().any(|(_, e)| *e == start);
        if titled || j < start + 3 || lex.name_gender(doc.word(start)).is_some() {
            return start;
        }
        let Some(given) = (start + 1..j - 1).find(|&k| {
            let w = doc.word(k);
            lex.name_gender(w).is_some()
                && lex.gazetteer(&[w]).is_none()
                && is_name_word(doc, k + 1)
        }) else {
            return start;
        };
        // only words that describe: a title's, a party or place, or a word the document
        // writes in lower case ("Comedian", "Billionaire"); "Billie Jean King" stays whole
        let describes = |k: usize| {
            let w = doc.word(k);
            lex.may_start_title(w)
                || lex.is_non_name(w)
                || lex.gazetteer(&[w]).is_some()
                || self.lower.contains(&w.to_lowercase())
        };
        match (start..given).all(describes) {
            true => given,
            false => start,
        }
    }

    /// The mention the name words `start..j` make, with the roles pending for them.
    fn name_mention(&self, start: usize, j: usize) -> Option<FoundMention> {
        let (doc, lex, end) = (self.doc, self.lex, self.sentence.end);
        let words: Vec<String> = (start..j)
            .map(|k| doc.word(k))
            .filter(|w| *w != ".")
            .map(str::to_string)
            .collect();
        let roles: Vec<Role> = self
            .pending
            .iter()
            .filter(|(_, e)| *e == start)
            .map(|(r, _)| r.clone())
            .collect();
        let titled = !roles.is_empty() || self.honorific_female.is_some();
        let last = words.last().map(String::as_str).unwrap_or("");
        let preceded_by_the =
            start > self.sentence.start && doc.word(start - 1).eq_ignore_ascii_case("the");
        let acronym = words.len() == 1
            && last.len() > 1
            && last.chars().all(|c| c.is_uppercase() || c == '.');
        // a hyphenated adjective ("pro-Russian") is no mention; a hyphenated surname is
        if words.len() == 1 && last.contains('-') && !is_hyphenated_name(lex, last, titled) {
            return None;
        }
        // "Cedar Rapids, Iowa": a name followed by a comma and a state or country
        let before_place = doc.word(j) == ","
            && matches!(
                gazetteer_at(doc, j + 1, end, lex),
                Some((_, GazetteerEntry::Country(_)))
                    | Some((
                        _,
                        GazetteerEntry::Named {
                            kind: EntityKind::Place,
                            ..
                        }
                    ))
            );
        let target = if before_place && !titled {
            MentionTarget::Named(words.join(" "), EntityKind::Place, None)
        } else if lex.is_org_word(last)
            || (preceded_by_the && !titled && words.len() >= 2)
            || acronym
        {
            MentionTarget::Organization(words.join(" "))
        } else if !titled && is_title_alone(lex, &words) {
            return None;
        } else if !titled && self.common_words_only(&words) {
            // "Court of Appeals", "Board of Elections": a body; else no mention at all
            if !words.iter().any(|w| w == "of") {
                return None;
            }
            MentionTarget::Organization(words.join(" "))
        } else if words.len() >= 2 || titled {
            MentionTarget::Person(words.clone())
        } else {
            MentionTarget::Surname(last.to_string())
        };
        let female = self.honorific_female.or_else(|| {
            if words.len() >= 2 {
                lex.name_gender(&words[0])
            } else {
                None
            }
        });
        Some(FoundMention {
            tokens: start..j,
            span: doc.span_of(start..j),
            target,
            demonym: false,
            roles,
            female,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Article;

    #[test]
    fn the_index_finds_the_mentions_of_a_range_in_found_order() {
        let a =
            Article::from_paragraphs(["Putin met Orban in Moscow. Macron called Draghi in Rome."]);
        let doc = Doc::new(&a);
        let found = find(&doc);
        let index = MentionIndex::new(&found);
        let second = doc.sentences[1].tokens.clone();
        let by_scan: Vec<usize> = (0..found.len())
            .filter(|&m| second.contains(&found[m].tokens.start))
            .collect();
        assert_eq!(index.starting_in(second), by_scan);
        assert!(!by_scan.is_empty());
        assert!(index.starting_in(0..0).is_empty());
    }

    /// A person's name and their roles' titles and owners.
    type Titled = (String, Vec<(String, Option<String>)>);

    /// The persons found in `text` with their roles' titles and owners.
    fn persons(text: &str) -> Vec<Titled> {
        let a = Article::from_paragraphs([text]);
        let doc = Doc::new(&a);
        find(&doc)
            .into_iter()
            .filter_map(|m| match m.target {
                MentionTarget::Person(words) => Some((
                    words.join(" "),
                    m.roles.into_iter().map(|r| (r.title, r.of)).collect(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn descriptors_before_a_given_name_are_no_part_of_the_name() {
        let text =
            "The commissioner spoke. Democrat Elijah Cummings and Commissioner James Smith heard.";
        let a = Article::from_paragraphs(["Hearing", text]);
        let doc = Doc::new(&a);
        let names: Vec<String> = find(&doc)
            .into_iter()
            .filter_map(|m| match m.target {
                MentionTarget::Person(words) => Some(words.join(" ")),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["Elijah Cummings", "James Smith"], "{names:?}");
        // a run that starts with a name word that describes nothing stays whole
        let found = persons("They watched Billie Jean King play.");
        assert_eq!(
            found.first().map(|p| p.0.as_str()),
            Some("Billie Jean King")
        );
    }

    #[test]
    fn a_title_alone_is_no_person() {
        let found = persons("The Secretary of State said so, and the Vice President agreed.");
        assert!(found.is_empty(), "{found:?}");
        let found = persons("Secretary of State John Kerry said so.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "John Kerry");
    }

    #[test]
    fn capitalised_common_words_are_no_person() {
        let text = "The national convention opens on election day. \
                    Delegates reach the National Convention on Election Day, said Jane Doe.";
        let found = persons(text);
        let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(names, ["Jane Doe"], "{found:?}");
    }

    #[test]
    fn a_middle_initial_stays_inside_the_name_and_a_trailing_of_outside() {
        let found = persons("Donald J. Trump met Michelle F. Tanzer on Monday.");
        let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(names, ["Donald J Trump", "Michelle F Tanzer"], "{found:?}");
        let found =
            persons("They asked Senator Bernie Sanders of Vermont and Ludwig van Beethoven.");
        let names: Vec<&str> = found.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(
            names,
            ["Bernie Sanders", "Ludwig van Beethoven"],
            "{found:?}"
        );
    }

    #[test]
    fn hyphenated_surname_after_a_title_or_double_barrelled_but_no_adjective() {
        let surnames = |text: &str| -> Vec<String> {
            let a = Article::from_paragraphs([text]);
            find(&Doc::new(&a))
                .into_iter()
                .filter_map(|m| match m.target {
                    MentionTarget::Surname(w) => Some(w),
                    MentionTarget::Person(words) => Some(words.join(" ")),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            surnames("It is a tax increase, Mr. Holtz-Eakin said."),
            ["Holtz-Eakin"]
        );
        assert!(surnames("Pro-Russian rebels said so.").is_empty());
    }

    #[test]
    fn title_owner_words_before_a_title_say_what_it_is_of() {
        let found = persons("He met Labor Secretary Thomas Perez on Monday.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Thomas Perez");
        assert_eq!(found[0].1[0].1.as_deref(), Some("Labor"), "{found:?}");
        // a party or a rank is no owner; a given name starts a name, not an owner
        let found = persons("He met Democratic Senator Jon Tester on Monday.");
        assert_eq!(
            found.first().map(|p| p.0.as_str()),
            Some("Jon Tester"),
            "{found:?}"
        );
        assert_eq!(
            found[0].1.first().and_then(|r| r.1.clone()),
            None,
            "{found:?}"
        );
        let found = persons("They honoured Martin Luther King Jr. on Monday.");
        assert!(
            found.iter().any(|p| p.0.starts_with("Martin Luther King")),
            "{found:?}"
        );
        // a common word after a title names no one
        let found = persons("On Martin Luther King Day the day was cold.");
        assert!(!found.iter().any(|p| p.0 == "Day"), "{found:?}");
    }
}
