//! Word lists and word-level rules that decide what a run of capitalised words is: a
//! title's owner or not, a name's connectors and suffixes, a hyphenated surname or an
//! adjective, a title standing alone. Read by the mention scan (`mentions.rs`) and by
//! entity merging (`resolve.rs`).

use crate::lexicon::Lexicon;

/// Capitalised words before a title that say no owner of it (rule `title-owner`).
pub(super) const NOT_OWNERS: &[&str] = &[
    "Democrat",
    "Democratic",
    "Democrats",
    "Republican",
    "Republicans",
    "GOP",
    "Presumptive",
    "Deputy",
    "Former",
    "Acting",
    "Senior",
    "Chief",
    "Assistant",
    "Vice",
    "Top",
    "Then",
    "Late",
    "Interim",
    "Outgoing",
    "Incoming",
    "Independent",
    "Libertarian",
    "Green",
    "Conservative",
    "Liberal",
    "Progressive",
    "Veteran",
    "Longtime",
    "Retired",
    "First",
    "Neither",
    "Either",
    "Both",
    "But",
    "And",
    "Or",
    "When",
    "While",
    "If",
    "As",
    "So",
    "Now",
    "Also",
    "Even",
    "Still",
    "Yet",
    "Only",
    "Meanwhile",
    "However",
    "Later",
    "Today",
];

/// Rule `title-alone`: a run that is all a title ("Secretary of State", "Vice
/// President", "Senior Fellow") names no one by itself: no person of that name.
pub(super) fn is_title_alone(lex: &Lexicon, words: &[String]) -> bool {
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    lex.title(&words).is_some()
}

/// Lower-case words inside a name ("Ludwig van Beethoven", "Bank of America").
pub(super) const NAME_CONNECTORS: &[&str] = &["de", "van", "von", "bin", "al", "da", "del", "of"];

/// Words that open hyphenated adjectives ("Pro-Russian", "Anti-Trump", "Ex-Im"), never a
/// double-barrelled surname.
const HYPHEN_PREFIXES: &[&str] = &[
    "pro", "anti", "non", "post", "pre", "ex", "neo", "mid", "pan", "trans", "ultra", "semi",
    "self", "all", "co", "counter", "inter", "multi", "over", "under", "un", "arch", "cross",
    "far", "half", "new", "then", "now", "former", "would", "soon", "vice", "great", "super",
];

/// Rule `hyphenated-surname`: a one-word name with a hyphen is a person's surname after a
/// title ("Mr. Holtz-Eakin") or when every part is a capitalised word that is neither a
/// place, a people nor a common word ("Ocasio-Cortez": untitled, it only joins a person
/// named in full, `resolve.rs`); else it is an adjective ("Pro-Russian",
/// "African-American", "Anti-Trump") and no mention.
pub(super) fn is_hyphenated_name(lex: &Lexicon, word: &str, titled: bool) -> bool {
    let name_part = |part: &str| {
        part.chars().next().is_some_and(char::is_uppercase)
            && part.chars().any(char::is_lowercase)
            && part.chars().all(char::is_alphabetic)
            && !HYPHEN_PREFIXES.contains(&part.to_lowercase().as_str())
            && !lex.is_non_name(part)
            && lex.gazetteer(&[part]).is_none()
    };
    let parts: Vec<&str> = word.split('-').collect();
    titled || (parts.len() >= 2 && parts.iter().all(|p| name_part(p)))
}

/// "Jr", "Sr": a name's suffix, not a name ("Martin Luther King Jr.").
pub(crate) fn is_suffix(word: &str) -> bool {
    matches!(word, "Jr" | "Sr" | "Jr." | "Sr." | "II" | "III" | "IV")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hyphenated_word_is_a_surname_after_a_title_or_when_double_barrelled() {
        let lex = Lexicon::get();
        assert!(is_hyphenated_name(lex, "Holtz-Eakin", true));
        assert!(is_hyphenated_name(lex, "Ocasio-Cortez", false));
        for adjective in [
            "Pro-Russian",
            "Anti-Trump",
            "African-American",
            "Post-War",
            "COVID-19",
        ] {
            assert!(!is_hyphenated_name(lex, adjective, false), "{adjective}");
        }
    }
}
