//! Lists a person browses a page at a time, with their totals (those of quotes and articles
//! counted up to [`COUNT_CAP`] past the page): quotes under a filter and their months,
//! speakers by name, articles by site, sorted as asked.

use serde::{Deserialize, Serialize};

use super::articles::article_row;
use super::entities::speaker_row;
use super::quotes::{counted_from, QUOTE_JOINS};
use super::{article_matches, limit_arg, ArticleRow, QuoteFilter, SpeakerRow, COUNT_CAP};
use crate::db::{args, Value};
use crate::{Dialect, Page, Store, StoreError};

/// How the speaker list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerSort {
    /// Most quoted first.
    #[default]
    Quotes,
    /// Quoted in most articles first.
    Articles,
    /// By name.
    Name,
}

/// How the article list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleSort {
    /// Newest first (undated last).
    #[default]
    Newest,
    /// Oldest first (undated last).
    Oldest,
    /// Most quotes first.
    Quotes,
}

/// A page of the speaker list.
#[derive(Debug, Clone, Default)]
pub struct SpeakerQuery {
    /// Names or aliases containing this (case-insensitive).
    pub name: Option<String>,
    /// Order.
    pub sort: SpeakerSort,
    /// Rows per page.
    pub limit: usize,
    /// Rows skipped.
    pub offset: usize,
}

/// A page of the article list.
#[derive(Debug, Clone, Default)]
pub struct ArticleQuery {
    /// Words in the title or text (full-text, as typed).
    pub text: Option<String>,
    /// Only this site (case-insensitive).
    pub site: Option<String>,
    /// Order.
    pub sort: ArticleSort,
    /// Rows per page.
    pub limit: usize,
    /// Rows skipped.
    pub offset: usize,
}

/// `text` as an SQL string literal.
fn sql_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn like(typed: &str) -> String {
    format!("%{}%", super::like_escape(typed))
}

/// The canonical speaker a filter names when it has no other condition.
fn speaker_alone(f: &QuoteFilter) -> Option<i64> {
    match f {
        QuoteFilter {
            speaker_id: Some(id),
            speaker: None,
            about: None,
            since: None,
            until: None,
            site: None,
            kind: None,
            text: None,
            ..
        } => Some(*id),
        _ => None,
    }
}

impl Store {
    /// How many quotes match a filter, dates included (its limit aside), counted up to
    /// [`COUNT_CAP`] past its offset and one more; with `after`, those after that quote.
    pub fn count_quotes(&self, f: &QuoteFilter) -> Result<usize, StoreError> {
        let reach = f.offset.saturating_add(COUNT_CAP);
        let Some(mut c) = self.quote_conditions(f, reach)? else {
            return Ok(0);
        };
        c.published_between_on("q.published_day", f.since.as_deref(), f.until.as_deref());
        if let Some(after) = f.after {
            let order = ["q.published_day", "q.article_id", "q.position"];
            self.continue_after(&mut c, after, order)?;
        }
        let (sql, args) = c.finish_count(counted_from(f), f.offset.saturating_add(COUNT_CAP + 1));
        self.db.query_one(&sql, &args, |r| r.get(0))
    }

    /// Quotes per month (`YYYY-MM`, oldest first) under a filter: a speaker's timeline. A
    /// filter of one canonical speaker alone reads the months kept by
    /// [`Store::refresh_stats`].
    pub fn quote_months(&self, f: &QuoteFilter) -> Result<Vec<(String, usize)>, StoreError> {
        if let Some(id) = speaker_alone(f) {
            return self.db.query(
                "SELECT month, quotes FROM speaker_months WHERE entity_id = ?1 ORDER BY month",
                args![id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            );
        }
        // every match counts in a timeline
        let Some(mut c) = self.quote_conditions(f, usize::MAX)? else {
            return Ok(Vec::new());
        };
        c.published_between(f.since.as_deref(), f.until.as_deref());
        c.and("a.published_day IS NOT NULL", []);
        let (sql, args) = c.finish(
            &format!("SELECT substr(a.published_day, 1, 7) AS month, count(*) {QUOTE_JOINS}"),
            "GROUP BY month ORDER BY month",
            0,
            None,
        );
        self.db.query(&sql, &args, |r| Ok((r.get(0)?, r.get(1)?)))
    }

    /// A page of quoted speakers (persons and organisations), with their spellings, as of
    /// the last [`Store::refresh_stats`]; the total counted up to [`COUNT_CAP`] past the
    /// page and one more. A name filter reads the kept spellings: through their trigram
    /// index when it has three characters or more, else walking the list in its order as
    /// far as the page reaches.
    pub fn speaker_list(&self, q: &SpeakerQuery) -> Result<Page<SpeakerRow>, StoreError> {
        let typed = q.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
        // a name is a few words: a 20,000-character one cost 0.3 s of trigram lookups
        typed.map(super::check_query_length).transpose()?;
        let name = typed.map(like);
        let dialect = self.db.dialect();
        let like_op = dialect.like();
        let mut from = format!(
            "FROM entity_stats c
             WHERE c.quotes > 0 AND c.kind IN ('person', 'organization')
               AND (CAST(?1 AS TEXT) IS NULL OR c.spellings {like_op} ?1 ESCAPE '\\')"
        );
        // PostgreSQL's planner picks its trigram index by itself; SQLite's is a table whose
        // matches (a superset: it folds case beyond ASCII) the LIKE above then checks
        let trigrams = typed.filter(|t| {
            dialect == Dialect::Sqlite && t.chars().count() >= 3 && !t.chars().any(char::is_control)
        });
        if let Some(t) = trigrams {
            from.push_str(&format!(
                " AND c.entity_id IN (SELECT rowid FROM speaker_spellings WHERE speaker_spellings MATCH {})",
                sql_string(&format!("\"{}\"", t.replace('"', "\"\"")))
            ));
        }
        let total: i64 = self.db.query_one(
            &format!("SELECT count(*) FROM (SELECT 1 {from} LIMIT ?2) AS capped"),
            args![&name, q.offset.saturating_add(COUNT_CAP + 1)],
            |r| r.get(0),
        )?;
        let order = match q.sort {
            SpeakerSort::Quotes => "c.quotes DESC, c.name",
            SpeakerSort::Articles => "c.quoted_articles DESC, c.quotes DESC, c.name",
            SpeakerSort::Name => &format!("{}, c.entity_id", dialect.nocase_order("c.name")),
        };
        let mut rows = self.db.query(
            &format!(
                "SELECT c.entity_id, c.name, c.kind, c.quotes, c.quoted_articles {from}
             ORDER BY {order} LIMIT ?2 OFFSET ?3"
            ),
            args![&name, limit_arg(q.limit), q.offset],
            speaker_row,
        )?;
        self.add_aliases(&mut rows)?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }

    /// A page of articles, filtered by words and site, sorted as asked; its total counted up
    /// to [`COUNT_CAP`] past the page and one more.
    pub fn article_page(&self, q: &ArticleQuery) -> Result<Page<ArticleRow>, StoreError> {
        let dialect = self.db.dialect();
        let mut conditions = String::from("1 = 1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(text) = q.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let (cond, arg) = article_matches(dialect, text)?;
            conditions.push_str(" AND ");
            conditions.push_str(cond);
            args.push(arg);
        }
        if let Some(site) = q.site.as_deref().filter(|s| !s.trim().is_empty()) {
            conditions.push_str(" AND ");
            conditions.push_str(&dialect.equals_nocase("a.site"));
            args.push(Value::from(site.trim()));
        }
        let mut counted = args.clone();
        counted.push(Value::from(q.offset.saturating_add(COUNT_CAP + 1)));
        let total: i64 = self.db.query_one(
            &format!("SELECT count(*) FROM (SELECT 1 FROM articles a WHERE {conditions} LIMIT ?) AS capped"),
            &counted,
            |r| r.get(0),
        )?;
        let order = match q.sort {
            // undated last; newest first walks the day index backwards
            ArticleSort::Newest => super::articles::NEWEST,
            ArticleSort::Oldest => "a.published_day NULLS LAST, a.id",
            ArticleSort::Quotes => "a.quote_count DESC, a.id DESC",
        };
        args.push(Value::from(limit_arg(q.limit)));
        args.push(Value::from(q.offset));
        // the page's ids first, then its columns: the rows an offset skips are not read
        // (PostgreSQL cut every skipped article's text: 150 ms at the 9,900th of 10,000)
        let rows = self.db.query(
            &format!(
                "WITH page AS (SELECT a.id FROM articles a WHERE {conditions} ORDER BY {order} LIMIT ? OFFSET ?)
             SELECT a.id, a.url, a.site, a.title, a.author, a.published, a.content_hash, a.quote_count, substr(a.text, 1, 400)
             FROM page p JOIN articles a ON a.id = p.id ORDER BY {order}"
            ),
            &args,
            article_row,
        )?;
        Ok(Page {
            rows,
            total: total as usize,
        })
    }
}
