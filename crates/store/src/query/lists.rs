//! Lists a person browses a page at a time, with true totals: quotes under a filter and
//! their months, speakers by name, articles by site, sorted as asked.

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use serde::{Deserialize, Serialize};

use super::articles::article_row;
use super::entities::speaker_row;
use super::quotes::QUOTE_JOINS;
use super::{fts_query, limit_arg, ArticleRow, QuoteFilter, SpeakerRow};
use crate::{Page, Store, StoreError};

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

fn like(typed: &str) -> String {
    let escaped = typed
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Store {
    /// How many quotes match a filter, dates included (its limit and offset aside).
    pub fn count_quotes(&self, f: &QuoteFilter) -> Result<usize, StoreError> {
        let Some(mut c) = self.quote_conditions(f)? else {
            return Ok(0);
        };
        c.published_between(f.since.as_deref(), f.until.as_deref());
        let (sql, args) = c.finish(&format!("SELECT count(*) {QUOTE_JOINS}"), "", 0, None);
        let n: i64 = self
            .conn
            .query_row(&sql, params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Quotes per month (`YYYY-MM`, oldest first) under a filter: a speaker's timeline.
    pub fn quote_months(&self, f: &QuoteFilter) -> Result<Vec<(String, usize)>, StoreError> {
        let Some(mut c) = self.quote_conditions(f)? else {
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
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A page of quoted speakers (persons and organisations), with their spellings.
    pub fn speaker_list(&self, q: &SpeakerQuery) -> Result<Page<SpeakerRow>, StoreError> {
        let name = q.name.as_deref().filter(|n| !n.trim().is_empty()).map(like);
        let from = "FROM quotes q JOIN entities e ON e.id = q.speaker_entity_id
                    JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE c.kind IN ('person', 'organization')
               AND (?1 IS NULL OR c.name LIKE ?1 ESCAPE '\\' OR EXISTS (
                    SELECT 1 FROM aliases al WHERE al.entity_id = c.id AND al.alias LIKE ?1 ESCAPE '\\'))";
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(DISTINCT c.id) {from}"),
            [&name],
            |r| r.get(0),
        )?;
        let order = match q.sort {
            SpeakerSort::Quotes => "n DESC, c.name",
            SpeakerSort::Articles => "m DESC, n DESC, c.name",
            SpeakerSort::Name => "c.name COLLATE NOCASE, c.id",
        };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.id, c.name, c.kind, count(*) AS n, count(DISTINCT q.article_id) AS m {from}
             GROUP BY c.id ORDER BY {order} LIMIT ?2 OFFSET ?3"
        ))?;
        let args = rusqlite::params![name, limit_arg(q.limit), q.offset as i64];
        let rows = stmt.query_map(args, speaker_row)?;
        let mut rows: Vec<SpeakerRow> = rows.collect::<Result<_, _>>()?;
        for s in &mut rows {
            self.add_aliases(s)?;
        }
        Ok(Page {
            rows,
            total: total as usize,
        })
    }

    /// A page of articles, filtered by words and site, sorted as asked.
    pub fn article_page(&self, q: &ArticleQuery) -> Result<Page<ArticleRow>, StoreError> {
        let mut conditions = String::from("1 = 1");
        let mut args: Vec<Value> = Vec::new();
        if let Some(text) = q.text.as_deref().filter(|t| !t.trim().is_empty()) {
            conditions.push_str(
                " AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            );
            args.push(Value::Text(fts_query(text)?));
        }
        if let Some(site) = q.site.as_deref().filter(|s| !s.trim().is_empty()) {
            conditions.push_str(" AND a.site = ? COLLATE NOCASE");
            args.push(Value::Text(site.trim().to_string()));
        }
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM articles a WHERE {conditions}"),
            params_from_iter(args.clone()),
            |r| r.get(0),
        )?;
        let order = match q.sort {
            ArticleSort::Newest => "a.published_day IS NULL, a.published_day DESC, a.id DESC",
            ArticleSort::Oldest => "a.published_day IS NULL, a.published_day, a.id",
            ArticleSort::Quotes => "a.quote_count DESC, a.id DESC",
        };
        args.push(Value::Integer(limit_arg(q.limit)));
        args.push(Value::Integer(q.offset as i64));
        let mut stmt = self.conn.prepare(&format!(
            "SELECT a.id, a.url, a.site, a.title, a.author, a.published, a.content_hash, a.quote_count, substr(a.text, 1, 400)
             FROM articles a WHERE {conditions} ORDER BY {order} LIMIT ? OFFSET ?"
        ))?;
        let rows = stmt.query_map(params_from_iter(args), article_row)?;
        Ok(Page {
            rows: rows.collect::<Result<_, _>>()?,
            total: total as usize,
        })
    }
}
