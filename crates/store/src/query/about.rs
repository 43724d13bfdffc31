//! The `about` filter of a quote list: the quotes that mention an entity its words name,
//! or hold the words themselves (whole words, case aside: [`crate::words`]). An `about`
//! that matches few quotes is gathered from the indexes (the full-text index narrows the
//! words, the mentions' index the entities); a frequent one is checked quote by quote on
//! the walk through the list, which then stops soon.

use super::{Conditions, MAX_QUERY_CHARS};
use crate::db::{Dialect, Value};
use crate::{Store, StoreError};

/// One way of finding what an `about` matches: an SQL fragment and its arguments.
#[derive(Default)]
struct Part {
    sql: Vec<String>,
    args: Vec<Value<'static>>,
}

impl Part {
    fn push(&mut self, sql: String, args: impl IntoIterator<Item = Value<'static>>) {
        self.sql.push(sql);
        self.args.extend(args);
    }
}

/// The three forms of an `about` filter: rows to count (is it frequent?), the ids of the
/// quotes it matches, and the condition on one quote `q`.
#[derive(Default)]
struct AboutForms {
    counted: Part,
    gathered: Part,
    walked: Part,
    /// False when the words are not in the full-text index (PostgreSQL drops stop words:
    /// "us" has no entry) and only the walk can find them.
    indexed: bool,
}

impl Store {
    /// Adds the condition "the quote is about `about`" to `c`, for a list that reaches
    /// `reach` rows; true when it is "one of these ids" (gathered), so that the list is
    /// best read from those ids. Over [`MAX_QUERY_CHARS`] characters is an error.
    pub(super) fn about(
        &self,
        c: &mut Conditions,
        about: &str,
        reach: usize,
    ) -> Result<bool, StoreError> {
        let chars = about.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(StoreError::QueryTooLong {
                chars,
                limit: MAX_QUERY_CHARS,
            });
        }
        let mut forms = AboutForms {
            indexed: true,
            ..AboutForms::default()
        };
        self.add_entities(&mut forms, about)?;
        self.add_words(&mut forms, about)?;
        if forms.walked.sql.is_empty() {
            // no entity of that name and no word in it: nothing is about it
            c.and("1 = 0", []);
            return Ok(false);
        }
        // measured at 10,000 articles, a quote checked on the walk against a match
        // gathered (read at random, then sorted): SQLite about 1.3 µs against 2.6 µs,
        // PostgreSQL about 6 µs against 10 µs
        let walk_cost = 0.5;
        let gather = forms.indexed
            && self.few_matches(
                &forms.counted.sql.join(" UNION ALL "),
                forms.counted.args,
                reach,
                walk_cost,
            )?;
        match gather {
            true => c.and(
                &format!("q.id IN ({})", forms.gathered.sql.join(" UNION ")),
                forms.gathered.args,
            ),
            false => c.and(
                &format!("({})", forms.walked.sql.join(" OR ")),
                forms.walked.args,
            ),
        };
        Ok(gather)
    }

    /// The entities `about` names: a mention of one of them inside the quote.
    fn add_entities(&self, forms: &mut AboutForms, about: &str) -> Result<(), StoreError> {
        let ids = self.entity_ids(about)?;
        if ids.is_empty() {
            return Ok(());
        }
        let marks = vec!["?"; ids.len()].join(",");
        let inside = |q: &str| {
            format!("m.start >= {q}.start AND m.start < {q}.\"end\" AND m.\"end\" <= {q}.\"end\"")
        };
        let args = || ids.iter().map(|&id| Value::Integer(id));
        forms.counted.push(
            format!("SELECT 1 FROM mentions m WHERE m.entity_id IN ({marks})"),
            args(),
        );
        forms.gathered.push(
            format!(
                "SELECT mq.id FROM mentions m JOIN quotes mq ON mq.article_id = m.article_id AND {} WHERE m.entity_id IN ({marks})",
                inside("mq")
            ),
            args(),
        );
        forms.walked.push(
            format!(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = q.article_id AND {} AND m.entity_id IN ({marks}))",
                inside("q")
            ),
            args(),
        );
        Ok(())
    }

    /// The words of `about`, as one phrase of whole words in the quote's text.
    fn add_words(&self, forms: &mut AboutForms, about: &str) -> Result<(), StoreError> {
        // double quotes would open a phrase of their own in the full-text query
        let phrase = about.replace(['"', '“', '”', '„', '«', '»'], " ");
        let Some(fts) = super::fts::match_expression(&format!("\"{phrase}\"")) else {
            return Ok(());
        };
        let text = || Value::from(phrase.clone());
        match self.db.dialect() {
            Dialect::Sqlite => {
                let fts = || Value::from(fts.clone());
                forms.counted.push(
                    "SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ?".into(),
                    [fts()],
                );
                forms.gathered.push(
                    "SELECT wq.id FROM quotes wq WHERE wq.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) AND has_words(wq.text, ?)".into(),
                    [fts(), text()],
                );
                // LIKE, in SQLite's C, turns away most quotes before the function is
                // called; it ignores case only in ASCII, so only an ASCII phrase uses it
                match phrase.is_ascii() {
                    true => forms.walked.push(
                        "(q.text LIKE ? ESCAPE '\\' AND has_words(q.text, ?))".into(),
                        [Value::from(like_pattern(&phrase)), text()],
                    ),
                    false => forms.walked.push("has_words(q.text, ?)".into(), [text()]),
                }
            }
            Dialect::Postgres => {
                let pattern = || Value::from(crate::words::postgres_pattern(&phrase));
                let terms: i64 = self.db.query_one(
                    "SELECT numnode(phraseto_tsquery('english', ?))::bigint",
                    &[text()],
                    |r| r.get(0),
                )?;
                forms.indexed &= terms > 0;
                forms.counted.push(
                    "SELECT 1 FROM quotes WHERE search @@ phraseto_tsquery('english', ?)".into(),
                    [text()],
                );
                forms.gathered.push(
                    "SELECT wq.id FROM quotes wq WHERE wq.search @@ phraseto_tsquery('english', ?) AND wq.text ~* ?".into(),
                    [text(), pattern()],
                );
                // the quote's own tsvector turns away most quotes before the expression
                match terms > 0 {
                    true => forms.walked.push(
                        "(q.search @@ phraseto_tsquery('english', ?) AND q.text ~* ?)".into(),
                        [text(), pattern()],
                    ),
                    false => forms.walked.push("q.text ~* ?".into(), [pattern()]),
                }
            }
        }
        Ok(())
    }
}

/// A LIKE pattern that every text holding the phrase matches: its words in order, anything
/// between them (white space of any kind), `%`, `_` and `\\` escaped.
fn like_pattern(phrase: &str) -> String {
    let words: Vec<String> = phrase
        .split_whitespace()
        .map(|w| {
            w.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        })
        .collect();
    format!("%{}%", words.join("%"))
}
