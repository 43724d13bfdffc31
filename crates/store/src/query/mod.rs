//! Reading the store, one file per concept: [`quotes`] (filtered quotes, full-text search),
//! [`articles`], [`entities`] (speakers, entities, aliases) and [`events`] (events and
//! role flags). They share the row readers here and one filter builder, [`Conditions`].

mod about;
mod articles;
mod entities;
mod events;
pub mod fts;
mod lists;
mod quotes;
mod search;

use std::str::FromStr;

use crate::db::{Dialect, Row, Value};

pub use articles::{ArticleEntity, ArticleQuote, ArticleRow, ArticleView, Counts};
pub use entities::{EntityRow, SpeakerRow};
pub use events::{EventFilter, EventRow, FlagRow, StoredActor};
pub use lists::{ArticleQuery, ArticleSort, SpeakerQuery, SpeakerSort};
pub use quotes::{QuoteFilter, QuoteRow};
pub use search::{SearchHit, SEARCH_WINDOW};

/// The WHERE clause of a filtered query and its arguments, built one condition at a time;
/// every filter of every query goes through it.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    sql: String,
    args: Vec<Value<'static>>,
}

impl Conditions {
    /// No condition yet.
    pub(crate) fn new() -> Self {
        Conditions::default()
    }

    /// `AND <cond>`, whose `?` placeholders take `args` in order.
    pub(crate) fn and(
        &mut self,
        cond: &str,
        args: impl IntoIterator<Item = Value<'static>>,
    ) -> &mut Self {
        self.sql.push_str(" AND ");
        self.sql.push_str(cond);
        self.args.extend(args);
        self
    }

    /// `AND <cond>` with one text argument, when there is one.
    pub(crate) fn and_text(&mut self, cond: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.and(cond, [Value::from(v.to_string())]);
        }
        self
    }

    /// `AND <column> IN (?, ?, …)` over ids; `template` holds `{}` where the list goes.
    pub(crate) fn and_in(&mut self, template: &str, ids: Vec<i64>) -> &mut Self {
        let list = vec!["?"; ids.len()].join(",");
        self.and(
            &template.replace("{}", &list),
            ids.into_iter().map(Value::Integer),
        )
    }

    /// Published on or after `since` and on or before `until` (YYYY-MM-DD, either open).
    pub(crate) fn published_between(
        &mut self,
        since: Option<&str>,
        until: Option<&str>,
    ) -> &mut Self {
        self.published_between_on("a.published_day", since, until)
    }

    /// [`Conditions::published_between`] on another copy of the day (a quote's own).
    pub(crate) fn published_between_on(
        &mut self,
        column: &str,
        since: Option<&str>,
        until: Option<&str>,
    ) -> &mut Self {
        self.and_text(&format!("{column} >= ?"), since)
            .and_text(&format!("{column} <= ?"), until.map(end_of).as_deref())
    }

    /// A count of the rows `FROM from` that meet the conditions, stopping at `reach` rows:
    /// the statement and its arguments.
    pub(crate) fn finish_count(self, from: &str, reach: usize) -> (String, Vec<Value<'static>>) {
        let (sql, args) = self.finish(&format!("SELECT 1 {from}"), "", reach, None);
        (format!("SELECT count(*) FROM ({sql}) AS capped"), args)
    }

    /// Appends the conditions (each opened by ` AND `) and their arguments to a statement
    /// being built, for a query that repeats them in several parts.
    pub(crate) fn append_to(&self, sql: &mut String, args: &mut Vec<Value<'static>>) {
        sql.push_str(&self.sql);
        args.extend(self.args.iter().cloned());
    }

    /// The SQL `head WHERE 1 = 1 <conditions> tail` and the arguments, with the page limits
    /// `LIMIT ? [OFFSET ?]` appended when given.
    pub(crate) fn finish(
        mut self,
        head: &str,
        tail: &str,
        limit: usize,
        offset: Option<usize>,
    ) -> (String, Vec<Value<'static>>) {
        let mut sql = format!("{head} WHERE 1 = 1{} {tail} LIMIT ?", self.sql);
        self.args.push(Value::Integer(limit_arg(limit)));
        if let Some(o) = offset {
            sql.push_str(" OFFSET ?");
            self.args.push(Value::Integer(o as i64));
        }
        (sql, self.args)
    }
}

/// Where a row stands in a list ordered undated first, then by day, article and position
/// (quotes, events): its day (if dated), article and position.
pub(crate) type ListKey = (Option<String>, i64, i64);

impl Conditions {
    /// Narrows a list to the rows after `key` in its order (`order` names the day, article
    /// and position columns). The day and article bound the walk's start on its index; the
    /// position breaks the tie.
    pub(crate) fn after_key(&mut self, key: ListKey, order: [&str; 3]) -> &mut Self {
        let (day, article, position) = key;
        let [d, a, p] = order;
        match day {
            Some(day) => self.and(
                &format!("({d}, {a}) >= (?, ?) AND ({d}, {a}, {p}) > (?, ?, ?)"),
                [
                    Value::from(day.clone()),
                    Value::Integer(article),
                    Value::from(day),
                    Value::Integer(article),
                    Value::Integer(position),
                ],
            ),
            // an undated row: the rest of the undated ones, then every dated one
            None => self.and(
                &format!("({d} IS NOT NULL OR ({a}, {p}) > (?, ?))"),
                [Value::Integer(article), Value::Integer(position)],
            ),
        }
    }
}

/// A publication-date filter as typed — `YYYY`, `YYYY-MM` or `YYYY-MM-DD` — checked, or a
/// one-line reason.
pub fn parse_day(typed: &str) -> Result<String, String> {
    let t = typed.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let number = |s: &str, len: usize, range: std::ops::RangeInclusive<u32>| {
        s.len() == len
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.parse().is_ok_and(|n| range.contains(&n))
    };
    let ok = match parts[..] {
        [y] => number(y, 4, 1000..=9999),
        [y, m] => number(y, 4, 1000..=9999) && number(m, 2, 1..=12),
        [y, m, d] => number(y, 4, 1000..=9999) && number(m, 2, 1..=12) && number(d, 2, 1..=31),
        _ => false,
    };
    if ok {
        Ok(t.to_string())
    } else {
        Err(format!(
            "dates are YYYY, YYYY-MM or YYYY-MM-DD, not {typed:?}"
        ))
    }
}

/// The last day a `YYYY` or `YYYY-MM` filter covers, for comparing with stored days.
fn end_of(day: &str) -> String {
    match day.len() {
        4 => format!("{day}-12-31"),
        7 => format!("{day}-31"),
        _ => day.to_string(),
    }
}

/// How far a list's total is counted: a page says "more than 1,000" rather than count a
/// frequent speaker's or word's every quote per request (`count_quotes`, `search_count`
/// and `undated_quotes` return at most one more than this).
pub const COUNT_CAP: usize = 1_000;

/// The longest search text taken, in characters: a person types a few words; a 26 KB
/// query took 52 s of full-text work.
pub const MAX_QUERY_CHARS: usize = 500;

/// The error that a typed query (search text, speaker name, `about`) is over
/// [`MAX_QUERY_CHARS`] characters.
pub(crate) fn check_query_length(typed: &str) -> Result<(), crate::StoreError> {
    let chars = typed.chars().count();
    match chars > MAX_QUERY_CHARS {
        true => Err(crate::StoreError::QueryTooLong {
            chars,
            limit: MAX_QUERY_CHARS,
        }),
        false => Ok(()),
    }
}

/// `text` with LIKE's wildcards and its escape character escaped (for `ESCAPE '\'`).
pub(crate) fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// The FTS5 expression for a typed query, or the error that it is too long or has no word.
pub(crate) fn fts_query(typed: &str) -> Result<String, crate::StoreError> {
    check_query_length(typed)?;
    fts::match_expression(typed).ok_or_else(|| crate::StoreError::EmptyQuery(typed.to_string()))
}

/// The LIMIT for "at most `limit` rows", 0 meaning no limit (a count no store reaches:
/// SQLite's -1 is an error on PostgreSQL).
pub(crate) fn limit_arg(limit: usize) -> i64 {
    if limit == 0 {
        i64::MAX
    } else {
        i64::try_from(limit).unwrap_or(i64::MAX)
    }
}

/// A column holding an enum label, read through the enum's `FromStr`.
pub(crate) fn label<T: FromStr>(r: &Row, idx: usize) -> Result<T, crate::StoreError> {
    let s: String = r.get(idx)?;
    s.parse().map_err(|_| crate::StoreError::Column {
        idx,
        expected: "a known label",
    })
}

/// A JSON column read into its type.
pub(crate) fn json<T: serde::de::DeserializeOwned>(
    r: &Row,
    idx: usize,
) -> Result<T, crate::StoreError> {
    let s: String = r.get(idx)?;
    Ok(serde_json::from_str(&s)?)
}

/// The condition "the quote `q` matches the typed full-text query", and its argument.
pub(crate) fn quote_matches(
    dialect: Dialect,
    typed: &str,
) -> Result<(&'static str, Value<'static>), crate::StoreError> {
    Ok(match dialect {
        Dialect::Sqlite => (
            "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
            Value::from(fts_query(typed)?),
        ),
        Dialect::Postgres => (
            "q.search @@ websearch_to_tsquery('english', ?)",
            Value::from(web_query(typed)?),
        ),
    })
}

/// The condition "the article `a` matches the typed full-text query", and its argument.
pub(crate) fn article_matches(
    dialect: Dialect,
    typed: &str,
) -> Result<(&'static str, Value<'static>), crate::StoreError> {
    Ok(match dialect {
        Dialect::Sqlite => (
            "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            Value::from(fts_query(typed)?),
        ),
        Dialect::Postgres => (
            "a.search @@ websearch_to_tsquery('english', ?)",
            Value::from(web_query(typed)?),
        ),
    })
}

/// A typed query for PostgreSQL's `websearch_to_tsquery` (which reads quotes, `or` and
/// `-word` as people type them): the same length and has-a-word checks as FTS5's.
pub(crate) fn web_query(typed: &str) -> Result<String, crate::StoreError> {
    fts_query(typed)?;
    Ok(typed.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_filters_of_a_year_a_month_or_a_day() {
        assert_eq!(parse_day(" 2016-10 "), Ok("2016-10".into()));
        for bad in ["10/01/2016", "2016-13-45", "2016-1-5", "yesterday", ""] {
            assert!(parse_day(bad).is_err(), "{bad}");
        }
        let mut c = Conditions::new();
        c.published_between(Some("2016"), Some("2016-10"));
        let (_, args) = c.finish("SELECT 1", "", 0, None);
        assert_eq!(args[1], Value::from("2016-10-31"));
    }

    #[test]
    fn conditions_build_one_where_clause() {
        let mut c = Conditions::new();
        c.and_text("a.site = ?", Some("Le Monde"))
            .and_text("q.kind = ?", None)
            .and_in("x IN ({})", vec![3, 5])
            .published_between(Some("2016-10-01"), None);
        let (sql, args) = c.finish("SELECT 1 FROM t", "ORDER BY 1", 0, Some(20));
        assert_eq!(
            sql,
            "SELECT 1 FROM t WHERE 1 = 1 AND a.site = ? AND x IN (?,?) AND a.published_day >= ? ORDER BY 1 LIMIT ? OFFSET ?"
        );
        assert_eq!(
            args,
            vec![
                Value::from("Le Monde"),
                Value::Integer(3),
                Value::Integer(5),
                Value::from("2016-10-01"),
                Value::Integer(i64::MAX),
                Value::Integer(20),
            ]
        );
    }
}
