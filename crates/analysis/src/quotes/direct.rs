//! Direct quotations: pairs quotation marks inside and across paragraphs, tolerating
//! unbalanced and wrong-direction marks, and telling apostrophes from quotes.

use crate::text::{Doc, TokenKind};
use crate::types::Span;

/// A quotation found between quotation marks, possibly over several paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectQuote {
    /// One span per paragraph, each from its opening mark to its closing mark (or the
    /// paragraph's end when the mark is missing).
    pub pieces: Vec<Span>,
    /// Token index of the first opening mark.
    pub open_token: usize,
    /// Token index just after the last token of the quote.
    pub end_token: usize,
    /// True when the last piece ends with a closing mark.
    pub closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Either,
}

fn is_double(mark: &str) -> bool {
    matches!(mark, "\"" | "“" | "”" | "„" | "«" | "»" | "‟" | "``" | "''")
}

fn glyph_role(mark: &str) -> Role {
    match mark {
        "“" | "„" | "«" | "``" | "‘" | "‚" | "‹" | "‟" => Role::Open,
        "”" | "»" | "''" | "’" | "›" => Role::Close,
        _ => Role::Either,
    }
}

/// Classifies a quotation mark by the characters around it.
fn context_role(doc: &Doc, i: usize, para_start: usize, para_end: usize) -> Role {
    let t = doc.tokens[i];
    let left_open = i == para_start
        || doc.tokens[i - 1].span.end < t.span.start
        || matches!(doc.word(i - 1), "(" | "[" | "—" | "–" | "-" | ":" | "…")
        || (doc.tokens[i - 1].kind == TokenKind::Quote
            && i - 1 > para_start
            && doc.tokens[i - 2].span.end < doc.tokens[i - 1].span.start);
    let right_open = i + 1 >= para_end
        || doc.tokens[i + 1].span.start > t.span.end
        || matches!(
            doc.word(i + 1),
            "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "—" | "–" | "…"
        )
        || doc.tokens[i + 1].kind == TokenKind::Quote;
    match (left_open, right_open) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => {
            let g = glyph_role(t.span.slice(doc.text));
            if left_open && right_open {
                Role::Either
            } else {
                g
            }
        }
    }
}

/// Finds the direct quotations of a document in text order.
pub fn find(doc: &Doc) -> Vec<DirectQuote> {
    let mut out: Vec<DirectQuote> = Vec::new();
    // a quote left open at the end of the previous paragraph
    let mut carry: Option<DirectQuote> = None;
    for p in &doc.paragraphs {
        let (ps, pe) = (p.tokens.start, p.tokens.end);
        let mut open: Option<usize> = None;
        let mut open_single: Option<usize> = None;
        let mut first_mark_seen = false;
        for i in ps..pe {
            if doc.tokens[i].kind != TokenKind::Quote {
                continue;
            }
            let mark = doc.word(i);
            let role = context_role(doc, i, ps, pe);
            if is_double(mark) {
                // a continuation paragraph starts with an opening mark
                if !first_mark_seen {
                    first_mark_seen = true;
                    if let Some(c) = carry.take() {
                        if i == ps && role != Role::Close {
                            open = Some(i);
                            carry = Some(c);
                            continue;
                        }
                        out.push(c);
                    }
                }
                open_single = None;
                match (open, role) {
                    (Some(o), Role::Close | Role::Either) => {
                        let piece = Span::new(doc.tokens[o].span.start, doc.tokens[i].span.end);
                        push_piece(&mut out, &mut carry, piece, o, i + 1, true);
                        open = None;
                    }
                    (Some(_), Role::Open) => open = Some(i), // the earlier mark was never closed
                    (None, Role::Open | Role::Either) => open = Some(i),
                    _ => {}
                }
            } else if open.is_none() {
                // single marks outside double quotes: ‘…’ pairs only
                match (open_single, role) {
                    (Some(o), Role::Close) if i > o + 1 => {
                        let piece = Span::new(doc.tokens[o].span.start, doc.tokens[i].span.end);
                        out.push(DirectQuote {
                            pieces: vec![piece],
                            open_token: o,
                            end_token: i + 1,
                            closed: true,
                        });
                        open_single = None;
                    }
                    (_, Role::Open) if matches!(mark, "‘" | "'" | "‚" | "‹" | "`") => {
                        open_single = Some(i)
                    }
                    _ => {}
                }
            }
        }
        if let Some(o) = open {
            // still open at the paragraph's end: carried into the next paragraph if it
            // starts with an opening mark, else closed there
            let piece = Span::new(doc.tokens[o].span.start, doc.tokens[pe - 1].span.end);
            match carry.take() {
                Some(mut c) => {
                    c.pieces.push(piece);
                    c.end_token = pe;
                    carry = Some(c);
                }
                None if o + 1 < pe => {
                    carry = Some(DirectQuote {
                        pieces: vec![piece],
                        open_token: o,
                        end_token: pe,
                        closed: false,
                    });
                }
                None => {}
            }
        } else if let Some(c) = carry.take() {
            out.push(c);
        }
    }
    if let Some(c) = carry.take() {
        out.push(c);
    }
    out.sort_by_key(|q| q.open_token);
    out
}

fn push_piece(
    out: &mut Vec<DirectQuote>,
    carry: &mut Option<DirectQuote>,
    piece: Span,
    open: usize,
    end: usize,
    closed: bool,
) {
    if let Some(mut c) = carry.take() {
        c.pieces.push(piece);
        c.end_token = end;
        c.closed = closed;
        out.push(c);
    } else {
        out.push(DirectQuote {
            pieces: vec![piece],
            open_token: open,
            end_token: end,
            closed,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Article;

    fn quotes(paragraphs: &[&str]) -> Vec<Vec<String>> {
        let article = Article::from_paragraphs(paragraphs);
        let doc = Doc::new(&article);
        find(&doc)
            .iter()
            .map(|q| {
                q.pieces
                    .iter()
                    .map(|s| s.slice(&article.text).to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn balanced_curly_and_straight() {
        assert_eq!(
            quotes(&["“We won,” he said. \"Yes.\""]),
            vec![vec!["“We won,”"], vec!["\"Yes.\""]]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quotes(&["Russia’s troops don’t move, the Clintons’ aide said."]).is_empty());
    }

    #[test]
    fn wrong_direction_closing_mark() {
        assert_eq!(
            quotes(&["“And then, right now. “"]),
            vec![vec!["“And then, right now. “"]]
        );
    }

    #[test]
    fn multi_paragraph_quote() {
        let q = quotes(&["“First part.", "“Second part,” she said."]);
        assert_eq!(q, vec![vec!["“First part.", "“Second part,”"]]);
    }

    #[test]
    fn unbalanced_opening_mark_is_dropped() {
        assert_eq!(
            quotes(&["“It’s clear …he said the US wanted to “have Russia” and would “undermine security.”"]),
            vec![vec!["“have Russia”"], vec!["“undermine security.”"]]
        );
    }

    #[test]
    fn single_quotes_and_fragments() {
        assert_eq!(
            quotes(&["It’s ‘in their heads’ and “hysteria” grows."]),
            vec![vec!["‘in their heads’"], vec!["“hysteria”"]]
        );
    }
}
