//! Lexicons and gazetteers, compiled in from `data/` and parsed once.

use crate::perceptron::{FnvMap, FnvSet};
use std::sync::OnceLock;

use crate::text::tokens::tokenize;
use crate::types::{EntityKind, Span};

/// An entry of the event trigger lexicon.
#[derive(Debug, Clone)]
pub struct EventTrigger {
    /// Its PLOVER type.
    pub kind: String,
    /// True when the phrase triggers only as a verb (its first word tagged VB*).
    pub verb: bool,
}

/// What a gazetteer phrase names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GazetteerEntry {
    /// A country, by ISO alpha-3 code.
    Country(String),
    /// A demonym or country adjective, by ISO alpha-3 code.
    Demonym(String),
    /// A named organisation or place with its canonical name and the country it belongs to.
    Named {
        /// Canonical name.
        name: String,
        /// Organisation or place.
        kind: EntityKind,
        /// ISO alpha-3 code of its state, if any.
        country: Option<String>,
    },
}

/// A speech or thought verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeechVerb {
    /// Dictionary form.
    pub lemma: String,
    /// May take a listener object before its content ("told reporters that").
    pub takes_object: bool,
    /// May take a plain noun phrase as content ("denied the report").
    pub takes_noun_content: bool,
}

/// A title or honorific.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    /// Canonical form ("Secretary of State").
    pub canonical: String,
    /// An honorific (Mr., Dr.) rather than a role.
    pub honorific: bool,
}

/// A national office holder of the record (`data/people.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// ISO alpha-3 of the country served.
    pub country: String,
    /// Wikidata id.
    pub wikidata: String,
    /// Some(true) female, Some(false) male, None unknown.
    pub female: Option<bool>,
}

/// All lexical data the analyzer uses.
#[derive(Debug, Default)]
pub struct Lexicon {
    abbreviations: FnvSet<String>,
    speech_verbs: FnvMap<String, SpeechVerb>,
    cue_phrases: Vec<Vec<String>>,
    titles: FnvMap<String, Title>,
    /// Longest title, in tokens.
    pub max_title_tokens: usize,
    gazetteer: FnvMap<String, GazetteerEntry>,
    /// Longest gazetteer phrase, in tokens.
    pub max_gazetteer_tokens: usize,
    country_names: FnvMap<String, String>,
    /// First words of gazetteer phrases, to skip lookups that cannot match.
    gazetteer_starts: FnvSet<String>,
    /// Every word-prefix of every gazetteer key ("the", "the United"), to stop a
    /// longest-match scan as soon as no phrase can continue.
    gazetteer_prefixes: FnvSet<String>,
    /// First words of titles, in lower case and capitalised.
    title_starts: FnvSet<String>,
    org_words: FnvSet<String>,
    nominal_sources: FnvSet<String>,
    female_names: FnvSet<String>,
    male_names: FnvSet<String>,
    non_names: FnvSet<String>,
    event_triggers: FnvMap<String, EventTrigger>,
    people: FnvMap<String, Person>,
    /// Surname (folded) → the one country all office holders of that surname served, or None
    /// when they served several.
    surname_countries: FnvMap<String, Option<String>>,
    /// Longest event trigger, in words.
    pub max_trigger_words: usize,
}

/// The words of a one-word-a-line list, lower-cased when `lower`.
fn word_set(data: &str, lower: bool) -> FnvSet<String> {
    lines(data)
        .map(|l| {
            let w = l.trim();
            if lower {
                w.to_lowercase()
            } else {
                w.to_string()
            }
        })
        .collect()
}

fn lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The words of a phrase as the tokenizer splits them, joined by one space.
pub fn phrase_key(phrase: &str) -> (String, usize) {
    let toks = tokenize(phrase, Span::new(0, phrase.len()));
    let words: Vec<&str> = toks.iter().map(|t| t.span.slice(phrase)).collect();
    (normalize_key(&words), words.len())
}

/// Joins words into a gazetteer key; a leading "The" is folded to "the".
pub fn normalize_key(words: &[&str]) -> String {
    let mut key = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        if i == 0 && *w == "The" {
            key.push_str("the");
        } else {
            key.push_str(w);
        }
    }
    key
}

impl Lexicon {
    /// The lexicon, parsed on first use.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::load)
    }

    fn add_gazetteer(&mut self, phrase: &str, entry: GazetteerEntry) {
        let phrase = phrase.trim();
        if phrase.is_empty() {
            return;
        }
        let (key, n) = phrase_key(phrase);
        self.max_gazetteer_tokens = self.max_gazetteer_tokens.max(n);
        let words: Vec<&str> = key.split(' ').collect();
        for n in 1..=words.len() {
            self.gazetteer_prefixes.insert(words[..n].join(" "));
        }
        if let Some(first) = key.split(' ').next() {
            self.gazetteer_starts.insert(first.to_string());
            if first == "the" {
                self.gazetteer_starts.insert("The".to_string());
            }
        }
        // the first entry for a phrase wins (organisations and places are loaded first)
        self.gazetteer.entry(key).or_insert(entry);
    }

    fn load() -> Lexicon {
        let mut lex = Lexicon {
            abbreviations: word_set(include_str!("../data/abbreviations.txt"), true),
            cue_phrases: lines(include_str!("../data/cue_phrases.txt"))
                .map(|l| l.split_whitespace().map(str::to_string).collect())
                .collect(),
            org_words: word_set(include_str!("../data/org_words.txt"), false),
            nominal_sources: word_set(include_str!("../data/nominal_sources.txt"), false),
            female_names: word_set(include_str!("../data/female_names.txt"), false),
            male_names: word_set(include_str!("../data/male_names.txt"), false),
            non_names: word_set(include_str!("../data/non_names.txt"), true),
            ..Lexicon::default()
        };
        lex.load_speech_verbs();
        lex.load_titles();
        // organisations and places first: the first entry for a phrase wins
        lex.load_named(
            include_str!("../data/organizations.tsv"),
            EntityKind::Organization,
        );
        lex.load_named(include_str!("../data/places.tsv"), EntityKind::Place);
        lex.load_countries();
        lex.load_people();
        lex.load_event_triggers();
        lex
    }

    /// `speech_verbs.tsv`: lemma, forms, flags (`o` listener object, `n` noun content).
    fn load_speech_verbs(&mut self) {
        for l in lines(include_str!("../data/speech_verbs.tsv")) {
            let mut cols = l.split('\t');
            let lemma = cols.next().unwrap_or("").trim().to_string();
            let forms = cols.next().unwrap_or("");
            let flags = cols.next().unwrap_or("");
            for f in forms.split(',').map(str::trim).filter(|f| !f.is_empty()) {
                self.speech_verbs.insert(
                    f.to_string(),
                    SpeechVerb {
                        lemma: lemma.clone(),
                        takes_object: flags.contains('o'),
                        takes_noun_content: flags.contains('n'),
                    },
                );
            }
        }
    }

    /// `titles.tsv`: the title as written, its canonical form, flags (`h` honorific).
    fn load_titles(&mut self) {
        for l in lines(include_str!("../data/titles.tsv")) {
            let mut cols = l.split('\t');
            let written = cols.next().unwrap_or("").trim().to_lowercase();
            let canonical = cols.next().unwrap_or("").trim().to_string();
            let honorific = cols.next().is_some_and(|f| f.contains('h'));
            let (key, n) = phrase_key(&written);
            self.max_title_tokens = self.max_title_tokens.max(n);
            if let Some(first) = key.split(' ').next() {
                let mut cap = first.chars();
                let capitalised: String = cap
                    .next()
                    .map(|c| c.to_uppercase().chain(cap).collect())
                    .unwrap_or_default();
                self.title_starts.insert(first.to_string());
                self.title_starts.insert(capitalised);
                self.title_starts.insert(first.to_uppercase());
            }
            self.titles.insert(
                key,
                Title {
                    canonical,
                    honorific,
                },
            );
        }
    }

    /// A gazetteer of organisations or places: name, aliases (`|`), country code.
    fn load_named(&mut self, data: &str, kind: EntityKind) {
        for l in lines(data) {
            let cols: Vec<&str> = l.split('\t').collect();
            let name = cols.first().copied().unwrap_or("").trim().to_string();
            let country = cols
                .get(2)
                .map(|c| c.trim().to_string())
                .filter(|c| !c.is_empty());
            let aliases = cols.get(1).copied().unwrap_or("");
            for a in std::iter::once(name.as_str()).chain(aliases.split('|')) {
                self.add_gazetteer(
                    a,
                    GazetteerEntry::Named {
                        name: name.clone(),
                        kind,
                        country: country.clone(),
                    },
                );
            }
        }
    }

    /// `countries.csv`: names, official names, aliases and demonyms of every country.
    fn load_countries(&mut self) {
        for (i, l) in include_str!("../data/countries.csv").lines().enumerate() {
            if i == 0 || l.trim().is_empty() {
                continue;
            }
            let cols = split_csv(l);
            let (Some(iso3), Some(name)) = (cols.first(), cols.get(2)) else {
                continue;
            };
            self.country_names.insert(iso3.clone(), name.clone());
            self.add_gazetteer(name, GazetteerEntry::Country(iso3.clone()));
            self.add_gazetteer(
                &format!("the {name}"),
                GazetteerEntry::Country(iso3.clone()),
            );
            if let Some(official) = cols.get(3) {
                self.add_gazetteer(official, GazetteerEntry::Country(iso3.clone()));
            }
            for a in cols
                .get(5)
                .map(|s| s.split('|').collect::<Vec<_>>())
                .unwrap_or_default()
            {
                self.add_gazetteer(a, GazetteerEntry::Country(iso3.clone()));
            }
            for d in cols
                .get(4)
                .map(|s| s.split('|').collect::<Vec<_>>())
                .unwrap_or_default()
            {
                self.add_gazetteer(d, GazetteerEntry::Demonym(iso3.clone()));
            }
        }
    }

    /// `people.tsv`: people of the office-holder record with country, Wikidata id, gender.
    fn load_people(&mut self) {
        for l in lines(include_str!("../data/people.tsv")) {
            let mut cols: Vec<&str> = l.split('\t').collect();
            cols.resize(4, "");
            if let [name, country, wikidata, gender] = cols[..] {
                let female = match gender {
                    "female" => Some(true),
                    "male" => Some(false),
                    _ => None,
                };
                let person = Person {
                    country: country.to_string(),
                    wikidata: wikidata.to_string(),
                    female,
                };
                let folded = fold_diacritics(name);
                if let Some(surname) = folded.split_whitespace().last() {
                    self.surname_countries
                        .entry(surname.to_string())
                        .and_modify(|c| {
                            if c.as_deref() != Some(country) {
                                *c = None;
                            }
                        })
                        .or_insert_with(|| Some(country.to_string()));
                }
                self.people.entry(folded).or_insert(person);
            }
        }
    }

    /// `event_triggers.tsv`: phrase, PLOVER type, `verb` when only a verb counts.
    fn load_event_triggers(&mut self) {
        for l in lines(include_str!("../data/event_triggers.tsv")) {
            let mut cols = l.split('\t');
            let phrase = cols.next().unwrap_or("").trim().to_lowercase();
            let kind = cols.next().unwrap_or("").trim().to_string();
            let verb = cols.next().map(str::trim) == Some("verb");
            if !phrase.is_empty() && !kind.is_empty() {
                self.max_trigger_words = self
                    .max_trigger_words
                    .max(phrase.split_whitespace().count());
                self.event_triggers
                    .insert(phrase, EventTrigger { kind, verb });
            }
        }
    }

    /// True for words that end in a dot without ending a sentence ("Mr", "Dec", "U.S").
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations
            .contains(lowercase(word.trim_end_matches('.')).as_ref())
    }

    /// The speech verb a word form belongs to.
    pub fn speech_verb(&self, word: &str) -> Option<&SpeechVerb> {
        self.speech_verbs.get(word).or_else(|| {
            if word.chars().next().is_some_and(char::is_uppercase) {
                self.speech_verbs.get(&word.to_lowercase())
            } else {
                None
            }
        })
    }

    /// Multi-word cues, each as lower-case words.
    pub fn cue_phrases(&self) -> &[Vec<String>] {
        &self.cue_phrases
    }

    /// True when some gazetteer phrase starts with this word.
    pub fn may_start_gazetteer(&self, word: &str) -> bool {
        self.gazetteer_starts.contains(word)
    }

    /// True when some title starts with this word (lower case, capitalised or upper case).
    pub fn may_start_title(&self, word: &str) -> bool {
        self.title_starts.contains(word)
    }

    /// The title written as these words (case-insensitive).
    pub fn title(&self, words: &[&str]) -> Option<&Title> {
        let key = words
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        self.titles.get(&key)
    }

    /// The longest gazetteer phrase starting at the first of `words` (at most
    /// `words.len()` words): its length and entry. Stops as soon as no phrase continues.
    pub fn longest_gazetteer(&self, words: &[&str]) -> Option<(usize, &GazetteerEntry)> {
        let mut key = String::new();
        let mut best = None;
        for (n, w) in words.iter().enumerate() {
            if n > 0 {
                key.push(' ');
            }
            if n == 0 && *w == "The" {
                key.push_str("the");
            } else {
                key.push_str(w);
            }
            if !self.gazetteer_prefixes.contains(&key) {
                break;
            }
            if let Some(e) = self.gazetteer.get(&key) {
                best = Some((n + 1, e));
            }
        }
        best
    }

    /// The gazetteer entry for these words.
    pub fn gazetteer(&self, words: &[&str]) -> Option<&GazetteerEntry> {
        self.gazetteer.get(&normalize_key(words))
    }

    /// The common name of a country code ("USA" → "United States").
    pub fn country_name(&self, iso3: &str) -> Option<&str> {
        self.country_names.get(iso3).map(String::as_str)
    }

    /// True for words like "Party" that end organisation names.
    pub fn is_org_word(&self, word: &str) -> bool {
        self.org_words.contains(word)
    }

    /// True for common nouns that can head a speaker phrase.
    pub fn is_nominal_source(&self, word: &str) -> bool {
        self.nominal_sources.contains(lowercase(word).as_ref())
    }

    /// Grammatical gender suggested by a given name: Some(true) female, Some(false) male.
    pub fn name_gender(&self, given: &str) -> Option<bool> {
        if self.female_names.contains(given) {
            Some(true)
        } else if self.male_names.contains(given) {
            Some(false)
        } else {
            None
        }
    }

    /// The office holder of the record with this name (diacritics folded: Orban = Orbán).
    pub fn person(&self, name: &str) -> Option<&Person> {
        self.people.get(&fold_diacritics(name))
    }

    /// The country every office holder of the record with this surname served ("Putin" →
    /// RUS); None when the surname is unknown or shared across countries ("Lee").
    pub fn surname_country(&self, surname: &str) -> Option<&str> {
        self.surname_countries
            .get(&fold_diacritics(surname))?
            .as_deref()
    }

    /// The PLOVER event a lower-case phrase triggers ("called for" → DEMAND).
    pub fn event_trigger(&self, phrase: &str) -> Option<&EventTrigger> {
        self.event_triggers.get(phrase)
    }

    /// True for capitalised words that are not names by themselves.
    pub fn is_non_name(&self, word: &str) -> bool {
        // an acronym is a name even when it spells a common word ("US", "IT")
        let acronym =
            word.chars().count() > 1 && word.chars().all(|c| c.is_uppercase() || c == '.');
        !acronym && self.non_names.contains(lowercase(word).as_ref())
    }
}

/// `word` in lower case, borrowed when it already is (plain ASCII with no capital): the
/// lookups of every token need no allocation.
fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

/// Folds common Latin diacritics ("Orbán" → "Orban").
pub fn fold_diacritics(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'É' | 'È' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'E',
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'į' => 'i',
            'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' | 'Į' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
            'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' | 'Ő' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'U',
            'ç' | 'ć' | 'č' => 'c',
            'Ç' | 'Ć' | 'Č' => 'C',
            'ñ' | 'ń' | 'ň' => 'n',
            'Ñ' | 'Ń' | 'Ň' => 'N',
            'š' | 'ś' | 'ş' => 's',
            'Š' | 'Ś' | 'Ş' => 'S',
            'ž' | 'ź' | 'ż' => 'z',
            'Ž' | 'Ź' | 'Ż' => 'Z',
            'ý' | 'ÿ' => 'y',
            'Ý' => 'Y',
            'ł' => 'l',
            'Ł' => 'L',
            'ř' => 'r',
            'Ř' => 'R',
            'ğ' => 'g',
            _ => c,
        })
        .collect()
}

/// Splits one CSV line with double-quoted fields.
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_every_table() {
        let lex = Lexicon::get();
        assert!(lex.speech_verb("said").is_some());
        assert!(lex.speech_verb("told").is_some_and(|v| v.takes_object));
        assert_eq!(
            lex.gazetteer(&["U.S."]),
            Some(&GazetteerEntry::Country("USA".into()))
        );
        assert_eq!(
            lex.gazetteer(&["Hungarian"]),
            Some(&GazetteerEntry::Demonym("HUN".into()))
        );
        assert!(matches!(
            lex.gazetteer(&["The", "Kremlin"]),
            Some(GazetteerEntry::Named { .. })
        ));
        assert_eq!(
            lex.title(&["Secretary", "of", "State"])
                .map(|t| t.canonical.as_str()),
            Some("Secretary of State")
        );
        assert_eq!(lex.country_name("GBR"), Some("United Kingdom"));
        assert_eq!(lex.name_gender("Hillary"), Some(true));
    }

    #[test]
    fn csv_fields_with_quotes() {
        assert_eq!(split_csv(r#"a,"b, c",d"#), vec!["a", "b, c", "d"]);
    }
}
