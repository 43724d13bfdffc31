//! What a person types into a search box, as a safe FTS5 query: every word and "phrase"
//! quoted (so `pro-Russian`, `Russia's`, `U.S.` or `Putin: NATO` never reach FTS5's own
//! syntax), with the operators people use on purpose kept — `"exact phrase"`, `OR` between
//! words, `-word` to leave out, `word*` for a prefix — and curly quotes and apostrophes
//! read as straight ones.

/// One piece of the typed text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// A word or phrase to match; `prefix` for `word*`.
    Term { text: String, prefix: bool },
    /// A word or phrase to leave out (`-word`).
    Without(String),
    /// `OR` between two terms.
    Or,
}

/// The FTS5 MATCH expression for a typed query, or `None` when it holds no word to search
/// for (empty, only punctuation, only `-words`).
pub fn match_expression(typed: &str) -> Option<String> {
    let pieces = pieces(&normalize(typed));
    // terms joined by OR form one group; groups are all required
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut without: Vec<String> = Vec::new();
    let mut or_pending = false;
    for piece in pieces {
        match piece {
            Piece::Or => or_pending = !groups.is_empty(),
            Piece::Without(text) => {
                without.push(quoted(&text, false));
                or_pending = false;
            }
            Piece::Term { text, prefix } => {
                let term = quoted(&text, prefix);
                match groups.last_mut() {
                    Some(group) if or_pending => group.push(term),
                    _ => groups.push(vec![term]),
                }
                or_pending = false;
            }
        }
    }
    if groups.is_empty() {
        return None;
    }
    let mut expr = groups
        .iter()
        .map(|g| {
            if g.len() == 1 {
                g[0].clone()
            } else {
                format!("({})", g.join(" OR "))
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ");
    for w in without {
        expr.push_str(" NOT ");
        expr.push_str(&w);
    }
    Some(expr)
}

/// Curly quotes and apostrophes as straight ones, control characters as spaces (a NUL
/// would end FTS5's reading of a quoted term: "cannot read the query").
fn normalize(typed: &str) -> String {
    typed
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '«' | '»' => '"',
            '‘' | '’' | '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// Splits the text into phrases (between double quotes), words and operators; pieces
/// without a letter or digit are dropped.
fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        let negated = rest.starts_with("-\"");
        if rest.starts_with('"') || negated {
            let body = &rest[if negated { 2 } else { 1 }..];
            let end = body.find('"').unwrap_or(body.len());
            let phrase = body[..end].to_string();
            rest = body.get(end + 1..).unwrap_or("");
            push_term(&mut out, phrase, negated, false);
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        let word = &rest[..end];
        rest = &rest[end..];
        if word == "OR" {
            out.push(Piece::Or);
        } else if let Some(w) = word.strip_prefix('-').filter(|w| has_word(w)) {
            push_term(&mut out, w.to_string(), true, false);
        } else {
            let prefix = word.ends_with('*');
            push_term(
                &mut out,
                word.trim_end_matches('*').to_string(),
                false,
                prefix,
            );
        }
    }
    out
}

fn push_term(out: &mut Vec<Piece>, text: String, negated: bool, prefix: bool) {
    if !has_word(&text) {
        return;
    }
    out.push(if negated {
        Piece::Without(text)
    } else {
        Piece::Term { text, prefix }
    });
}

fn has_word(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// A string FTS5 reads as one phrase (its own tokenizer splits it into words).
fn quoted(text: &str, prefix: bool) -> String {
    let star = if prefix { "*" } else { "" };
    format!("\"{}\"{star}", text.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_people_type_is_quoted_away() {
        assert_eq!(
            match_expression("pro-Russian").as_deref(),
            Some("\"pro-Russian\"")
        );
        assert_eq!(
            match_expression("Putin: NATO").as_deref(),
            Some("\"Putin:\" AND \"NATO\"")
        );
        assert_eq!(
            match_expression("Russia’s").as_deref(),
            Some("\"Russia's\"")
        );
        assert_eq!(match_expression("U.S.").as_deref(), Some("\"U.S.\""));
    }

    #[test]
    fn operators_people_use_on_purpose_are_kept() {
        assert_eq!(
            match_expression("“security guarantees” NATO OR Ukraine -Crimea").as_deref(),
            Some("\"security guarantees\" AND (\"NATO\" OR \"Ukraine\") NOT \"Crimea\"")
        );
        assert_eq!(
            match_expression("immigra*").as_deref(),
            Some("\"immigra\"*")
        );
        assert_eq!(
            match_expression("Zoë -\"so-called\"").as_deref(),
            Some("\"Zoë\" NOT \"so-called\"")
        );
    }

    #[test]
    fn nothing_to_search_for() {
        for typed in ["", "   ", "*", "-", "OR", "-Crimea", "\"\"", ": ; !"] {
            assert_eq!(match_expression(typed), None, "{typed:?}");
        }
    }

    #[test]
    fn a_dangling_or_and_an_unclosed_quote_are_read_kindly() {
        assert_eq!(match_expression("OR NATO").as_deref(), Some("\"NATO\""));
        assert_eq!(match_expression("NATO OR").as_deref(), Some("\"NATO\""));
        assert_eq!(
            match_expression("\"security guar").as_deref(),
            Some("\"security guar\"")
        );
    }

    #[test]
    fn control_characters_never_reach_fts5() {
        let expr = match_expression("\u{0}x\\\u{86}y").expect("words");
        assert!(!expr.chars().any(char::is_control), "{expr}");
    }
}
