//! Sentence splitting that knows abbreviations, initials and quotation marks.

use super::tokens::{Token, TokenKind};
use super::{Paragraph, SentenceTokens};
use crate::lexicon::Lexicon;
use crate::types::Span;

/// True for a closing quotation mark or bracket. Straight marks close when they are
/// attached to the token before them (`no.''` closes, `''There` opens).
fn is_closing(text: &str, tokens: &[Token], j: usize) -> bool {
    let t = &tokens[j];
    let w = t.span.slice(text);
    match w {
        ")" | "]" | "”" | "’" | "»" | "›" => true,
        "“" | "‘" | "„" | "«" | "``" | "‹" => false,
        _ if t.kind == TokenKind::Quote => j > 0 && tokens[j - 1].span.end == t.span.start,
        _ => false,
    }
}

/// Splits each paragraph into sentences.
pub fn split(text: &str, tokens: &[Token], paragraphs: &[Paragraph]) -> Vec<SentenceTokens> {
    let lex = Lexicon::get();
    let mut out = Vec::new();
    for (p_idx, p) in paragraphs.iter().enumerate() {
        let mut start = p.tokens.start;
        let mut i = p.tokens.start;
        while i < p.tokens.end {
            let t = &tokens[i];
            let w = t.span.slice(text);
            let terminal = t.kind == TokenKind::Punct && matches!(w, "." | "!" | "?" | "…");
            if !terminal {
                i += 1;
                continue;
            }
            // extend over closing quotes/brackets and repeated terminal marks
            let mut j = i + 1;
            while j < p.tokens.end
                && (is_closing(text, tokens, j)
                    || (tokens[j].kind == TokenKind::Punct
                        && matches!(tokens[j].span.slice(text), "." | "!" | "?")))
            {
                j += 1;
            }
            if j >= p.tokens.end {
                break;
            }
            let next = tokens[j].span.slice(text);
            let next_starts = next.chars().next().is_some_and(|c| c.is_uppercase())
                || (tokens[j].kind == TokenKind::Quote && !is_closing(text, tokens, j))
                || (tokens[j].kind == TokenKind::Quote
                    && tokens.get(j + 1).is_some_and(|n| {
                        n.span
                            .slice(text)
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                    }));
            // no gap between the terminal mark and the next token: "…Putin" or "3.5"
            let glued =
                tokens[j].span.start == tokens[j - 1].span.end && !is_closing(text, tokens, j - 1);
            let prev_word = if i > p.tokens.start {
                tokens[i - 1].span.slice(text)
            } else {
                ""
            };
            let abbreviation = w == "."
                && i > p.tokens.start
                && tokens[i - 1].span.end == t.span.start
                && (lex.is_abbreviation(prev_word)
                    || (prev_word.chars().count() == 1
                        && prev_word.chars().all(char::is_uppercase)));
            if next_starts && !glued && !abbreviation {
                out.push(SentenceTokens {
                    span: Span::new(tokens[start].span.start, tokens[j - 1].span.end),
                    tokens: start..j,
                    paragraph: p_idx,
                });
                start = j;
            }
            i = j;
        }
        if start < p.tokens.end {
            out.push(SentenceTokens {
                span: Span::new(tokens[start].span.start, tokens[p.tokens.end - 1].span.end),
                tokens: start..p.tokens.end,
                paragraph: p_idx,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::text::Doc;
    use crate::types::Article;

    fn sentences(text: &str) -> Vec<String> {
        let article = Article::from_paragraphs([text]);
        let doc = Doc::new(&article);
        doc.sentences
            .iter()
            .map(|s| s.span.slice(&article.text).to_string())
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences("Mr. Smith met Gen. Jones in the U.S. on Dec. 5. They talked."),
            vec![
                "Mr. Smith met Gen. Jones in the U.S. on Dec. 5.",
                "They talked."
            ]
        );
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("“We will win.” He left. “Why?” she asked."),
            vec!["“We will win.”", "He left.", "“Why?” she asked."]
        );
    }

    #[test]
    fn digits_after_a_dot_do_not_split() {
        assert_eq!(
            sentences("since December. 23, he said."),
            vec!["since December. 23, he said."]
        );
    }
}
