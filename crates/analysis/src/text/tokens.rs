//! Tokenization that keeps byte offsets: words, numbers, punctuation and quotation marks.

use crate::types::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner apostrophes, hyphens and abbreviation dots).
    Word,
    /// Digits (with inner separators).
    Number,
    /// A quotation mark (straight, curly, guillemet or low-9), or a doubled ASCII mark.
    Quote,
    /// Any other non-space character.
    Punct,
}

/// One token of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where it stands.
    pub span: Span,
    /// What it is.
    pub kind: TokenKind,
}

/// Characters that can act as double quotation marks.
pub const DOUBLE_QUOTES: &[char] = &[
    '"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{00ab}', '\u{00bb}', '\u{201f}',
];
/// Characters that can act as single quotation marks (or apostrophes).
pub const SINGLE_QUOTES: &[char] = &[
    '\'', '\u{2018}', '\u{2019}', '\u{201a}', '\u{2039}', '\u{203a}', '\u{201b}', '`',
];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits `text[range]` into tokens; offsets are into the whole `text`.
pub fn tokenize(text: &str, range: Span) -> Vec<Token> {
    let mut tokens = Vec::new();
    let slice = range.slice(text);
    let base = range.start;
    let chars: Vec<(usize, char)> = slice.char_indices().collect();
    let n = chars.len();
    let end_of = |i: usize| -> usize {
        if i + 1 < n {
            chars[i + 1].0
        } else {
            slice.len()
        }
    };
    let mut i = 0;
    while i < n {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphabetic() {
            let mut j = i + 1;
            loop {
                if j < n && (chars[j].1.is_alphanumeric() || chars[j].1 == '\u{00ad}') {
                    j += 1;
                    continue;
                }
                // inner apostrophe: don't, O'Brien — but split the possessive 's
                if j + 1 < n && is_apostrophe(chars[j].1) && chars[j + 1].1.is_alphabetic() {
                    let possessive = (chars[j + 1].1 == 's' || chars[j + 1].1 == 'S')
                        && (j + 2 >= n || !chars[j + 2].1.is_alphanumeric());
                    if possessive {
                        break;
                    }
                    j += 2;
                    continue;
                }
                // inner hyphen: pro-Russian
                if j + 1 < n && chars[j].1 == '-' && chars[j + 1].1.is_alphanumeric() {
                    j += 2;
                    continue;
                }
                // abbreviation dots: U.S., U.K., a.m.
                if j + 1 < n
                    && chars[j].1 == '.'
                    && chars[j + 1].1.is_alphabetic()
                    && j - i == 1
                    && (j + 2 >= n || chars[j + 2].1 == '.')
                {
                    j += 2;
                    continue;
                }
                break;
            }
            // absorb the final dot of a dotted abbreviation (U.S.)
            let word = &slice[pos..end_of(j - 1)];
            if j < n && chars[j].1 == '.' && word.contains('.') {
                j += 1;
            }
            tokens.push(Token {
                span: Span::new(base + pos, base + end_of(j - 1)),
                kind: TokenKind::Word,
            });
            i = j;
            continue;
        }
        if c.is_ascii_digit() || c.is_numeric() {
            let mut j = i + 1;
            while j < n
                && (chars[j].1.is_alphanumeric()
                    || ((chars[j].1 == ',' || chars[j].1 == '.')
                        && j + 1 < n
                        && chars[j + 1].1.is_ascii_digit()))
            {
                j += 1;
            }
            tokens.push(Token {
                span: Span::new(base + pos, base + end_of(j - 1)),
                kind: TokenKind::Number,
            });
            i = j;
            continue;
        }
        if is_apostrophe(c)
            && i + 1 < n
            && (chars[i + 1].1 == 's' || chars[i + 1].1 == 'S')
            && (i + 2 >= n || !chars[i + 2].1.is_alphanumeric())
            && i > 0
            && chars[i - 1].1.is_alphanumeric()
        {
            // possessive 's as its own word token
            tokens.push(Token {
                span: Span::new(base + pos, base + end_of(i + 1)),
                kind: TokenKind::Word,
            });
            i += 2;
            continue;
        }
        // doubled ASCII quotes: `` and ''
        if (c == '`' || c == '\'') && i + 1 < n && chars[i + 1].1 == c {
            tokens.push(Token {
                span: Span::new(base + pos, base + end_of(i + 1)),
                kind: TokenKind::Quote,
            });
            i += 2;
            continue;
        }
        let kind = if DOUBLE_QUOTES.contains(&c) || SINGLE_QUOTES.contains(&c) {
            TokenKind::Quote
        } else {
            TokenKind::Punct
        };
        tokens.push(Token {
            span: Span::new(base + pos, base + end_of(i)),
            kind,
        });
        i += 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn splits_possessive_and_keeps_contractions() {
        assert_eq!(words("Russia’s don’t"), vec!["Russia", "’s", "don’t"]);
    }

    #[test]
    fn keeps_abbreviations_and_hyphens() {
        assert_eq!(
            words("the U.S. pro-Russian"),
            vec!["the", "U.S.", "pro-Russian"]
        );
    }

    #[test]
    fn numbers_and_quotes() {
        assert_eq!(
            words("“100,000 troops”"),
            vec!["“", "100,000", "troops", "”"]
        );
        assert_eq!(words("``Yes,'' he"), vec!["``", "Yes", ",", "''", "he"]);
    }

    #[test]
    fn offsets_slice_back_with_emoji() {
        let text = "😀 “Hi,” said Zoë.";
        for t in tokenize(text, Span::new(0, text.len())) {
            assert!(text.get(t.span.start..t.span.end).is_some());
        }
    }
}
