//! Noun phrases around cues: the speaker before "said", after "said" or "according to",
//! and the subject of a clause.

use std::ops::Range;

use crate::lexicon::Lexicon;
use crate::text::{Doc, TokenKind};

/// Words skipped between a speaker and its verb ("has also said").
const AUXILIARIES: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "once",
    "later",
    "then",
    "again",
    "already",
    "never",
    "not",
    "did",
    "does",
    "do",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "further",
    "even",
    "still",
    "just",
    "often",
    "always",
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "being",
    "n't",
    "’ve",
    "'ve",
    "’d",
    "'d",
    "first",
    "last",
    "previously",
    "separately",
    "since",
    "too",
    "himself",
    "herself",
    "themselves",
    "itself",
    "who",
    "which",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "another", "this", "these", "those", "some", "many", "most", "several",
    "other", "his", "her", "their", "its", "our", "one", "two", "three", "four", "five", "both",
    "all", "any", "each", "no", "few", "more", "top", "senior", "former", "new", "two", "such",
];

/// Lower-case words that end a noun phrase when scanning.
const BREAKERS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "or", "but", "as", "if", "because", "when",
    "while", "where", "after", "before", "than", "in", "on", "at", "to", "with", "from", "by",
    "about", "into", "over", "under", "is", "was", "were", "are", "be", "been", "has", "have",
    "had", "not", "however", "also", "so", "though", "although", "since", "until", "what", "there",
    "it", "he", "she", "they", "we", "i", "you", "would", "will", "could", "can", "may", "might",
    "should", "must", "do", "does", "did", "yet", "then", "why", "how", "for", "against",
    "through", "during", "without", "per", "like", "even", "just", "only", "still", "both",
    "either", "neither", "whether", "this", "these", "those", "her", "him", "them", "us", "me",
];

/// Personal pronouns that can be a speaker.
pub const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "it", "they", "we", "i", "you"];

fn lower<'a>(doc: &'a Doc, i: usize) -> &'a str {
    doc.lower(i)
}

fn is_word(doc: &Doc, i: usize) -> bool {
    doc.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
}

/// Skips auxiliaries and adverbs leftwards from `end` (exclusive); returns the new end.
pub fn skip_auxiliaries_back(doc: &Doc, mut end: usize, floor: usize) -> usize {
    while end > floor {
        let w = lower(doc, end - 1);
        let adverb = w.ends_with("ly") && w.len() > 4 && !doc.is_capitalized(end - 1);
        if AUXILIARIES.contains(&w) && !matches!(w, "who" | "which") || adverb {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

/// The noun phrase ending just before `end` (after skipping auxiliaries), not reaching
/// before `floor`: the speaker of "… Putin has said".
pub fn np_before(doc: &Doc, end: usize, floor: usize) -> Option<Range<usize>> {
    let lex = Lexicon::get();
    let end = skip_auxiliaries_back(doc, end, floor);
    if end <= floor || !is_word(doc, end - 1) && !matches!(doc.word(end - 1), "." | "," | ")") {
        return None;
    }
    let head = end - 1;
    let hw = lower(doc, head);
    if SUBJECT_PRONOUNS.contains(&hw) || matches!(hw, "who" | "which") {
        return Some(head..end);
    }
    // an appositive or parenthesis between the name and the verb:
    // "Mike Pence (R-IN) said", "Phil Lovas, the state's chairman, said"
    if matches!(doc.word(head), "," | ")") {
        let open = if doc.word(head) == ")" { "(" } else { "," };
        let back = (floor..head)
            .rev()
            .take(30)
            .find(|&k| doc.word(k) == open)?;
        if back <= floor || (open == "," && back + 1 == head) {
            return None;
        }
        let inner = np_before(doc, back, floor)?;
        if SUBJECT_PRONOUNS.contains(&lower(doc, inner.start)) {
            return None;
        }
        // the appositive itself must not hold a clause break
        let abbreviation_dot = |k: usize| {
            doc.word(k) == "."
                && k > 0
                && doc.tokens[k - 1].span.end == doc.tokens[k].span.start
                && (lex.is_abbreviation(doc.word(k - 1)) || doc.word(k - 1).chars().count() <= 3)
        };
        if (back + 1..head).any(|k| {
            matches!(doc.word(k), ";" | ":" | "“" | "”" | "\"")
                || (doc.word(k) == "." && !abbreviation_dot(k))
        }) {
            return None;
        }
        return Some(inner.start..end - 1);
    }
    if (BREAKERS.contains(&hw) || DETERMINERS.contains(&hw))
        && !(doc.is_capitalized(head)
            && doc.word(head).len() > 1
            && doc.word(head).chars().all(|c| c.is_uppercase() || c == '.'))
    {
        return None;
    }
    let head_ok = doc.is_capitalized(head)
        || lex.is_nominal_source(hw)
        || doc.word(head) == "."
        || is_word(doc, head);
    if !head_ok {
        return None;
    }
    let mut start = head;
    while start > floor && end - start < 9 {
        let k = start - 1;
        let w = doc.word(k);
        let lw = w.to_lowercase();
        // a dot or hyphen attached to the word on its left ("Mrs.", "Sen.")
        let glued = k > floor && doc.tokens[k - 1].span.end == doc.tokens[k].span.start;
        let ok = if doc.tokens[k].kind == TokenKind::Word {
            if doc.is_capitalized(k) {
                !(k == floor && lex.is_non_name(w) && !DETERMINERS.contains(&lw.as_str()))
            } else if DETERMINERS.contains(&lw.as_str()) || lw == "’s" || lw == "'s" {
                true
            } else if lw == "of" {
                doc.is_capitalized(k + 1) || lex.is_nominal_source(doc.word(k + 1))
            } else {
                !BREAKERS.contains(&lw.as_str())
                    && lex.speech_verb(w).is_none()
                    && !lw.ends_with("ed")
            }
        } else {
            ((w == "." || w == "-") && glued)
                || doc.tokens[k].kind == TokenKind::Number
                || doc.is_plural_possessive(k)
        };
        if !ok {
            break;
        }
        start = k;
    }
    // a phrase must name someone: a capitalised word, a speaker noun, or a determiner
    let valid = (start..end).any(|k| doc.is_capitalized(k) && !lex.is_non_name(doc.word(k)))
        || (start..end).any(|k| lex.is_nominal_source(doc.word(k)))
        || DETERMINERS.contains(&lower(doc, start));
    valid.then_some(start..end)
}

/// The noun phrase starting at `start`, not reaching `limit`: the speaker of "said Putin"
/// or "according to The New York Times".
pub fn np_after(doc: &Doc, start: usize, limit: usize) -> Option<Range<usize>> {
    let lex = Lexicon::get();
    let mut k = start;
    if k < limit && SUBJECT_PRONOUNS.contains(&lower(doc, k)) {
        return Some(k..k + 1);
    }
    while k < limit && k - start < 9 {
        let w = doc.word(k);
        let lw = w.to_lowercase();
        let glued = k > start && doc.tokens[k].span.start == doc.tokens[k - 1].span.end;
        let ok = if doc.tokens[k].kind == TokenKind::Word {
            if doc.is_capitalized(k)
                || DETERMINERS.contains(&lw.as_str())
                || lw == "’s"
                || lw == "'s"
            {
                true
            } else if lw == "of" || lw == "for" {
                k > start && (doc.is_capitalized(k + 1) || doc.word(k + 1) == "the")
            } else {
                !BREAKERS.contains(&lw.as_str())
                    && lex.speech_verb(w).is_none()
                    && !(k > start && lw.ends_with("ed"))
            }
        } else {
            ((w == "-" && glued)
                || (w == "."
                    && glued
                    && (lex.is_abbreviation(doc.word(k - 1))
                        || doc.word(k - 1).chars().count() == 1)))
                || doc.tokens[k].kind == TokenKind::Number
        };
        if !ok {
            break;
        }
        k += 1;
    }
    // do not end on a determiner or "of"
    while k > start && matches!(lower(doc, k - 1), "of" | "for" | "the" | "a" | "an") {
        k -= 1;
    }
    if k == start {
        return None;
    }
    let valid = (start..k).any(|j| doc.is_capitalized(j) && !lex.is_non_name(doc.word(j)))
        || (start..k).any(|j| lex.is_nominal_source(doc.word(j)))
        || (DETERMINERS.contains(&lower(doc, start)) && k - start >= 2);
    valid.then_some(start..k)
}

/// The subject noun phrase of the sentence whose tokens are `range`, after an opening
/// adverbial ("However,", "Last week,").
pub fn sentence_subject(doc: &Doc, range: Range<usize>) -> Option<Range<usize>> {
    let mut k = range.start;
    while k < range.end && doc.tokens[k].kind == TokenKind::Quote {
        k += 1;
    }
    // an introductory phrase closed by a comma within the first words
    if let Some(c) = (k..range.end.min(k + 8)).find(|&j| doc.word(j) == ",") {
        let first = doc.word(k);
        let lf = first.to_lowercase();
        let intro = Lexicon::get().is_non_name(first)
            || lf.ends_with("ing")
            || lf.ends_with("ly")
            || doc.tokens[k].kind == TokenKind::Number
            || matches!(
                lf.as_str(),
                "despite"
                    | "amid"
                    | "following"
                    | "under"
                    | "over"
                    | "among"
                    | "across"
                    | "within"
                    | "throughout"
                    | "unlike"
                    | "with"
            );
        if intro {
            k = c + 1;
        }
    }
    np_after(doc, k, range.end).filter(|np| np.start == k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::pos::PosTagger;
    use crate::types::Article;

    /// The words of a token range.
    fn words(doc: &Doc, r: Option<Range<usize>>) -> Option<String> {
        r.map(|r| doc.span_of(r).slice(doc.text).to_string())
    }

    fn doc_of(article: &Article) -> Doc<'_> {
        let mut doc = Doc::new(article);
        doc.tag(PosTagger::embedded());
        doc
    }

    fn token(doc: &Doc, word: &str) -> usize {
        (0..doc.tokens.len())
            .find(|&t| doc.word(t) == word)
            .expect("the word is in the text")
    }

    #[test]
    fn the_speaker_before_a_cue_keeps_its_title_and_accents() {
        let a = Article::from_paragraphs(["“Nein,” German Chancellor Olaf Scholz said."]);
        let doc = doc_of(&a);
        let said = token(&doc, "said");
        let floor = token(&doc, ",") + 2;
        assert_eq!(
            words(&doc, np_before(&doc, said, floor)).as_deref(),
            Some("German Chancellor Olaf Scholz")
        );
        let a = Article::from_paragraphs(["Ségolène Royal has also said that it works."]);
        let doc = doc_of(&a);
        let said = token(&doc, "said");
        let start = skip_auxiliaries_back(&doc, said, 0);
        assert_eq!(doc.word(start - 1), "Royal");
        assert_eq!(
            words(&doc, np_before(&doc, said, 0)).as_deref(),
            Some("Ségolène Royal")
        );
    }

    #[test]
    fn the_speaker_after_an_inverted_cue() {
        let a = Article::from_paragraphs(["“We will win,” said Sen. Bob Jones on Monday."]);
        let doc = doc_of(&a);
        let said = token(&doc, "said");
        assert_eq!(
            words(&doc, np_after(&doc, said + 1, doc.tokens.len())).as_deref(),
            Some("Sen. Bob Jones")
        );
    }

    #[test]
    fn a_clause_subject() {
        let a = Article::from_paragraphs(["On Tuesday, the Kremlin rejected the offer."]);
        let doc = doc_of(&a);
        let s = doc.sentences[0].tokens.clone();
        assert_eq!(
            words(&doc, sentence_subject(&doc, s)).as_deref(),
            Some("the Kremlin")
        );
    }
}
