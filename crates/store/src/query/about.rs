//! The `about` filter of a quote list: the quotes that mention an entity its words name,
//! or hold the words themselves (whole words, case aside: [`crate::words`]). Each of the
//! two is a [`Part`]: a count of its candidates, their ids (from the full-text index, or
//! the quotes around the entities' mentions) and the check of one quote. An `about` with
//! few candidates is gathered from those ids; a frequent one is checked on the walk through
//! the list, which then stops soon — against the ids of a part with a middling number of
//! candidates (cheap once they are in memory), else quote by quote.

use super::{check_query_length, like_escape, Conditions};
use crate::db::{Dialect, Value};
use crate::{Store, StoreError};

/// An SQL fragment and its arguments.
struct Sql {
    sql: String,
    args: Vec<Value<'static>>,
}

impl Sql {
    fn new(sql: impl Into<String>, args: impl IntoIterator<Item = Value<'static>>) -> Sql {
        Sql {
            sql: sql.into(),
            args: args.into_iter().collect(),
        }
    }
}

/// One way a quote can be about something.
struct Part {
    /// One row per candidate (a bound on the quotes it matches), to count.
    counted: Sql,
    /// The ids of the candidate quotes: every quote it matches, and maybe more.
    ids: Sql,
    /// The exact condition on one quote `q`.
    check: Sql,
    /// False when the index cannot give the candidates (PostgreSQL drops stop words:
    /// "us" has no entry) and only a walk finds the matches.
    indexed: bool,
}

/// Candidates held in memory at most, for a check on the walk against their ids (about
/// 0.1 µs each to gather from the full-text index, a few milliseconds in all). Never more
/// than a quarter of the quotes: most quotes would pass the test of ids that many.
const HELD_IDS: i64 = 20_000;

/// Measured at 10,000 articles, a quote checked on the walk against a match gathered (read
/// at random, then sorted): SQLite about 1.3 µs against 2.6 µs, PostgreSQL about 6 µs
/// against 10 µs.
const WALK_COST: f64 = 0.5;

impl Store {
    /// Adds the condition "the quote is about `about`" to `c`, for a list that reaches
    /// `reach` rows; true when it is "one of these ids" (gathered), so that the list is
    /// best read from those ids. Its length was checked on the way in ([`check_length`]).
    pub(super) fn about(
        &self,
        c: &mut Conditions,
        about: &str,
        reach: usize,
    ) -> Result<bool, StoreError> {
        let parts: Vec<Part> = [self.entities_part(about)?, self.words_part(about)?]
            .into_iter()
            .flatten()
            .collect();
        if parts.is_empty() {
            // no entity of that name and no word in it: nothing is about it
            c.and("1 = 0", []);
            return Ok(false);
        }
        let enough = self.gather_bound(reach, WALK_COST)?;
        // PostgreSQL's planner, given ids to test on the walk, reads every quote and sorts
        // them instead of walking (economy: 430 ms at 10,000 articles): it never holds them
        let held = match self.db.dialect() {
            Dialect::Sqlite => HELD_IDS.min(self.corpus_stats()?.quotes / 4),
            Dialect::Postgres => 0,
        };
        // each part is counted as far as either choice needs: the gathering bound less
        // what the parts before it hold, or whether its ids can be held
        let mut counts = Vec::with_capacity(parts.len());
        for part in &parts {
            let bound = (enough - counts.iter().sum::<i64>()).max(held);
            counts.push(match part.indexed && bound > 0 {
                true => self.count_up_to(&part.counted.sql, part.counted.args.clone(), bound)?,
                false => enough.max(held),
            });
        }
        let gather = counts.iter().sum::<i64>() < enough;
        let checks: Vec<&Sql> = parts.iter().map(|p| &p.check).collect();
        let (sql, args) = match gather {
            // each candidate is then checked as on the walk ("economies" is a candidate of
            // "economy"), so that a count stops at its cap, not after every candidate's text
            true => {
                let ids: Vec<&Sql> = parts.iter().map(|p| &p.ids).collect();
                let (ids, mut args) = joined(&ids, " UNION ");
                let (check, check_args) = joined(&checks, " OR ");
                args.extend(check_args);
                (format!("q.id IN ({ids}) AND ({check})"), args)
            }
            false => {
                let held: Vec<Sql> = parts
                    .iter()
                    .zip(&counts)
                    .map(|(p, &n)| match n < held {
                        true => Sql::new(
                            format!("(q.id IN ({}) AND {})", p.ids.sql, p.check.sql),
                            p.ids.args.iter().chain(&p.check.args).cloned(),
                        ),
                        false => Sql::new(p.check.sql.clone(), p.check.args.clone()),
                    })
                    .collect();
                let held: Vec<&Sql> = held.iter().collect();
                let (check, args) = joined(&held, " OR ");
                (format!("({check})"), args)
            }
        };
        c.and(&sql, args);
        Ok(gather)
    }

    /// The entities `about` names: a mention of one of them inside the quote.
    fn entities_part(&self, about: &str) -> Result<Option<Part>, StoreError> {
        let ids = self.entity_ids(about)?;
        if ids.is_empty() {
            return Ok(None);
        }
        let marks = vec!["?"; ids.len()].join(",");
        let inside = |q: &str| {
            format!("m.start >= {q}.start AND m.start < {q}.\"end\" AND m.\"end\" <= {q}.\"end\"")
        };
        let args = || ids.iter().map(|&id| Value::Integer(id));
        Ok(Some(Part {
            counted: Sql::new(
                format!("SELECT 1 FROM mentions m WHERE m.entity_id IN ({marks})"),
                args(),
            ),
            ids: Sql::new(
                format!(
                    "SELECT mq.id FROM mentions m JOIN quotes mq ON mq.article_id = m.article_id AND {} WHERE m.entity_id IN ({marks})",
                    inside("mq")
                ),
                args(),
            ),
            check: Sql::new(
                format!(
                    "EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = q.article_id AND {} AND m.entity_id IN ({marks}))",
                    inside("q")
                ),
                args(),
            ),
            indexed: true,
        }))
    }

    /// The words of `about`, as one phrase of whole words in the quote's text.
    fn words_part(&self, about: &str) -> Result<Option<Part>, StoreError> {
        // double quotes would open a phrase of their own in the full-text query
        let phrase = about.replace(['"', '“', '”', '„', '«', '»'], " ");
        let Some(fts) = super::fts::match_expression(&format!("\"{phrase}\"")) else {
            return Ok(None);
        };
        let text = || Value::from(phrase.clone());
        Ok(Some(match self.db.dialect() {
            Dialect::Sqlite => {
                let fts = || Value::from(fts.clone());
                let matches = "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?";
                // LIKE, in SQLite's C, turns away most quotes before the function is
                // called; it ignores case only in ASCII, so only an ASCII phrase uses it
                let check = match phrase.is_ascii() {
                    true => Sql::new(
                        "(q.text LIKE ? ESCAPE '\\' AND has_words(q.text, ?))",
                        [Value::from(like_pattern(&phrase)), text()],
                    ),
                    false => Sql::new("has_words(q.text, ?)", [text()]),
                };
                Part {
                    counted: Sql::new(matches, [fts()]),
                    ids: Sql::new(matches, [fts()]),
                    check,
                    indexed: true,
                }
            }
            Dialect::Postgres => {
                let pattern = || Value::from(crate::words::postgres_pattern(&phrase));
                let terms: i64 = self.db.query_one(
                    "SELECT numnode(phraseto_tsquery('english', ?))::bigint",
                    &[text()],
                    |r| r.get(0),
                )?;
                let matches =
                    "SELECT id FROM quotes WHERE search @@ phraseto_tsquery('english', ?)";
                // the quote's own tsvector turns away most quotes before the expression
                let check = match terms > 0 {
                    true => Sql::new(
                        "(q.search @@ phraseto_tsquery('english', ?) AND q.text ~* ?)",
                        [text(), pattern()],
                    ),
                    false => Sql::new("q.text ~* ?", [pattern()]),
                };
                Part {
                    // no column: the bitmap scan then skips the pages all visible (`id`
                    // read every match's page: 27 ms for "clinton" at 10,000 articles)
                    counted: Sql::new(
                        "SELECT 1 FROM quotes WHERE search @@ phraseto_tsquery('english', ?)",
                        [text()],
                    ),
                    ids: Sql::new(matches, [text()]),
                    check,
                    indexed: terms > 0,
                }
            }
        }))
    }
}

/// An `about` that is too long ([`check_query_length`]) is an error, whatever else the
/// filter says (a list for a speaker the store lacks refuses it too): checked where a
/// quote list or count starts.
pub(super) fn check_length(about: Option<&str>) -> Result<(), StoreError> {
    about.map_or(Ok(()), check_query_length)
}

/// The fragments joined by `by`, with their arguments in order.
fn joined(parts: &[&Sql], by: &str) -> (String, Vec<Value<'static>>) {
    let sql = parts
        .iter()
        .map(|p| p.sql.as_str())
        .collect::<Vec<_>>()
        .join(by);
    let args = parts.iter().flat_map(|p| p.args.iter().cloned()).collect();
    (sql, args)
}

/// A LIKE pattern that every text holding the phrase matches: its words in order, anything
/// between them (white space of any kind), `%`, `_` and `\` escaped.
fn like_pattern(phrase: &str) -> String {
    let words: Vec<String> = phrase.split_whitespace().map(like_escape).collect();
    format!("%{}%", words.join("%"))
}
