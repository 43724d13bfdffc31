//! Whole words of a phrase in a text, case-insensitively: what an `about` filter's words
//! match in a quote. "US" is in "the US said" and "U.S.-led" only where it stands as a word,
//! not in "business" or "thus"; "economy" is in "the economy's", not in "economic".
//! SQLite calls [`contains_words`] as the SQL function `has_words(text, phrase)`;
//! PostgreSQL reads the same rule from [`postgres_pattern`] with `~*`.

/// The phrase as it is looked for: lower case, runs of white space as one space, trimmed.
pub(crate) fn normalize(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when `phrase` occurs in `text`, case aside and any run of white space matching
/// any other, with no letter or digit right before
/// it (where it begins with one) nor right after it (where it ends with one). An empty
/// phrase is in no text.
pub fn contains_words(text: &str, phrase: &str) -> bool {
    let phrase = normalize(phrase);
    if phrase.is_empty() {
        return false;
    }
    let text = normalize(text);
    let open_start = phrase.chars().next().is_some_and(char::is_alphanumeric);
    let open_end = phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    text.match_indices(phrase.as_str()).any(|(at, found)| {
        let before = text[..at].chars().next_back();
        let after = text[at + found.len()..].chars().next();
        let joined_before = open_start && before.is_some_and(char::is_alphanumeric);
        let joined_after = open_end && after.is_some_and(char::is_alphanumeric);
        !(joined_before || joined_after)
    })
}

/// The PostgreSQL regular expression (for `~*`) of [`contains_words`]' rule: the phrase's
/// characters literal (every one that is not a letter or a digit escaped, a space any run
/// of white space), bounded
/// by `(^|[^[:alnum:]])` and `($|[^[:alnum:]])` on the sides that are letters or digits.
pub(crate) fn postgres_pattern(phrase: &str) -> String {
    let phrase = normalize(phrase);
    let mut pattern = String::with_capacity(phrase.len() * 2 + 40);
    if phrase.chars().next().is_some_and(char::is_alphanumeric) {
        pattern.push_str("(^|[^[:alnum:]])");
    }
    for c in phrase.chars() {
        match c {
            ' ' => pattern.push_str("[[:space:]]+"),
            c if c.is_alphanumeric() => pattern.push(c),
            c => {
                pattern.push('\\');
                pattern.push(c);
            }
        }
    }
    if phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        pattern.push_str("($|[^[:alnum:]])");
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_found_only_as_a_word() {
        assert!(contains_words("The US said no.", "US"));
        assert!(contains_words("the U.S.-led coalition", "u.s."));
        assert!(!contains_words("business as usual, thus", "us"));
        assert!(contains_words("the economy's growth", "economy"));
        assert!(!contains_words("economic growth", "economy"));
        assert!(contains_words("ECONOMY", "economy"));
    }

    #[test]
    fn a_phrase_keeps_its_words_in_order_across_any_white_space() {
        assert!(contains_words(
            "said Hillary\n  Clinton today",
            "hillary clinton"
        ));
        assert!(!contains_words("Clinton, Hillary", "Hillary Clinton"));
        assert!(contains_words("Clinton’s plan", "Clinton"));
    }

    #[test]
    fn a_later_occurrence_counts_when_the_first_is_inside_a_word() {
        assert!(contains_words("business and us", "us"));
    }

    #[test]
    fn nothing_to_look_for_matches_nothing() {
        assert!(!contains_words("anything", "  "));
    }

    #[test]
    fn non_ascii_case_and_letters_are_words_too() {
        assert!(contains_words("ÉLYSÉE said", "élysée"));
        assert!(!contains_words("Zürich", "rich"));
    }

    #[test]
    fn the_postgres_pattern_escapes_what_is_not_a_word() {
        assert_eq!(
            postgres_pattern("U.S. (Trump)"),
            "(^|[^[:alnum:]])u\\.s\\.[[:space:]]+\\(trump\\)"
        );
        assert_eq!(
            postgres_pattern("a+b"),
            "(^|[^[:alnum:]])a\\+b($|[^[:alnum:]])"
        );
    }
}
