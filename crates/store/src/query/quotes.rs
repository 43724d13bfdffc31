//! Quotes: filtered lists, full-text search, and every quote for exports.

use rusqlite::{params_from_iter, types::Value, Row};
use serde::Serialize;
use whosaid_analysis::{Attribution, QuoteKind};

use super::{fts_query, label, limit_arg, Conditions};
use crate::{Store, StoreError};

/// One stored quote with its article.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteRow {
    /// Quote id.
    pub id: i64,
    /// Direct or reported.
    pub kind: QuoteKind,
    /// The quoted words.
    pub text: String,
    /// The speaker's name, if any.
    pub speaker: Option<String>,
    /// The speaker's corpus-wide entity id.
    pub speaker_id: Option<i64>,
    /// The words naming the speaker in the text.
    pub speaker_mention: Option<String>,
    /// The cue.
    pub cue: Option<String>,
    /// How the speaker was found.
    pub attribution: Attribution,
    /// Article id.
    pub article_id: i64,
    /// Article title.
    pub title: Option<String>,
    /// Article URL.
    pub url: Option<String>,
    /// Article site.
    pub site: Option<String>,
    /// Article publication date.
    pub published: Option<String>,
    /// First byte of the quote in the article text.
    pub start: i64,
    /// One past its last byte.
    pub end: i64,
    /// The entities the quote names (canonical names; the speaker's own mention left out).
    pub mentions: Vec<String>,
}

/// Filters for [`Store::quotes`].
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    /// A speaker's name or alias (case-insensitive).
    pub speaker: Option<String>,
    /// An entity the quote is about (named inside the quote), or words it contains.
    pub about: Option<String>,
    /// Published on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Published on or before this day (YYYY-MM-DD).
    pub until: Option<String>,
    /// Site name.
    pub site: Option<String>,
    /// Direct or reported.
    pub kind: Option<QuoteKind>,
    /// An FTS5 query over the quote text.
    pub text: Option<String>,
    /// A speaker's corpus-wide entity id (with the surnames linked to it).
    pub speaker_id: Option<i64>,
    /// At most this many rows.
    pub limit: usize,
    /// Skip this many rows.
    pub offset: usize,
}

/// A full-text hit.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// The quote.
    #[serde(flatten)]
    pub quote: QuoteRow,
    /// The matching words in context, marked with `[` and `]`.
    pub snippet: String,
    /// BM25 rank (lower is better).
    pub rank: f64,
}

/// The columns [`quote_row`] reads.
pub(crate) const QUOTE_COLUMNS: &str = "q.id, q.kind, q.text, COALESCE(c.name, q.speaker_name), COALESCE(e.canonical_id, e.id), q.speaker_mention, q.cue, q.attribution,
     a.id, a.title, a.url, a.site, a.published, q.start, q.end,
     (SELECT group_concat(name, '|') FROM (SELECT DISTINCT mc.name FROM mentions m
        JOIN entities me ON me.id = m.entity_id JOIN entities mc ON mc.id = COALESCE(me.canonical_id, me.id)
        WHERE m.article_id = q.article_id AND m.start >= q.start AND m.end <= q.end
          AND NOT (m.start >= q.mention_start AND m.end <= q.mention_end)))";
/// The joins of [`QUOTE_COLUMNS`].
pub(crate) const QUOTE_JOINS: &str = "FROM quotes q JOIN articles a ON a.id = q.article_id
     LEFT JOIN entities e ON e.id = q.speaker_entity_id
     LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)";

/// A [`QuoteRow`] from [`QUOTE_COLUMNS`].
pub(crate) fn quote_row(r: &Row) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        id: r.get(0)?,
        kind: label(r, 1)?,
        text: r.get(2)?,
        speaker: r.get(3)?,
        speaker_id: r.get(4)?,
        speaker_mention: r.get(5)?,
        cue: r.get(6)?,
        attribution: label(r, 7)?,
        article_id: r.get(8)?,
        title: r.get(9)?,
        url: r.get(10)?,
        site: r.get(11)?,
        published: r.get(12)?,
        start: r.get(13)?,
        end: r.get(14)?,
        mentions: r
            .get::<_, Option<String>>(15)?
            .map(|m| m.split('|').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

impl Store {
    /// Quotes matching a filter, in article date then text order.
    pub fn quotes(&self, f: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
        let Some(mut c) = self.quote_conditions(f)? else {
            return Ok(vec![]);
        };
        c.published_between(f.since.as_deref(), f.until.as_deref());
        let (sql, args) = c.finish(
            &format!("SELECT {QUOTE_COLUMNS} {QUOTE_JOINS}"),
            "ORDER BY a.published_day, a.id, q.position",
            f.limit,
            Some(f.offset),
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), quote_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many quotes match a filter but for its dates and have no publication date: what
    /// a date filter leaves out unseen (0 without a date filter).
    pub fn undated_quotes(&self, f: &QuoteFilter) -> Result<i64, StoreError> {
        if f.since.is_none() && f.until.is_none() {
            return Ok(0);
        }
        let Some(mut c) = self.quote_conditions(f)? else {
            return Ok(0);
        };
        c.and("a.published_day IS NULL", []);
        let (sql, args) = c.finish(&format!("SELECT count(*) {QUOTE_JOINS}"), "", 0, None);
        Ok(self
            .conn
            .query_row(&sql, params_from_iter(args), |r| r.get(0))?)
    }

    /// The conditions of a filter but for its dates; `None` when it names a speaker the
    /// store does not know (nothing can match).
    pub(crate) fn quote_conditions(
        &self,
        f: &QuoteFilter,
    ) -> Result<Option<Conditions>, StoreError> {
        let mut c = Conditions::new();
        if let Some(name) = &f.speaker {
            let ids = self.entity_ids(name)?;
            if ids.is_empty() {
                return Ok(None);
            }
            c.and_in("q.speaker_entity_id IN ({})", ids);
        }
        if let Some(id) = f.speaker_id {
            c.and("COALESCE(e.canonical_id, e.id) = ?", [Value::Integer(id)]);
        }
        if let Some(about) = &f.about {
            self.about(&mut c, about)?;
        }
        c.and_text("a.site = ? COLLATE NOCASE", f.site.as_deref())
            .and_text("q.kind = ?", f.kind.map(QuoteKind::as_str))
            .and_text(
                "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
                f.text.as_deref().map(fts_query).transpose()?.as_deref(),
            );
        Ok(Some(c))
    }

    /// Quotes about something: its words in the quote, or a mention of the entity it names
    /// inside the quote.
    fn about(&self, c: &mut Conditions, about: &str) -> Result<(), StoreError> {
        let ids = self.entity_ids(about)?;
        let like = format!(
            "%{}%",
            about
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let mut cond = String::from("(q.text LIKE ? ESCAPE '\\'");
        if !ids.is_empty() {
            cond.push_str(&format!(
                " OR EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = q.article_id AND m.start >= q.start AND m.end <= q.end AND m.entity_id IN ({}))",
                vec!["?"; ids.len()].join(",")
            ));
        }
        cond.push(')');
        c.and(
            &cond,
            std::iter::once(Value::Text(like)).chain(ids.into_iter().map(Value::Integer)),
        );
        Ok(())
    }

    /// Full-text search over quote text, best first (BM25), with snippets.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.search_page(query, limit, 0)
    }

    /// How many quotes a full-text query matches.
    pub fn search_count(&self, query: &str) -> Result<i64, StoreError> {
        let query = fts_query(query)?;
        Ok(self.conn.query_row(
            "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH ?1",
            [query],
            |r| r.get(0),
        )?)
    }

    /// One page of [`Store::search`]: `limit` hits after the first `offset`.
    pub fn search_page(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let sql = format!(
            "SELECT {QUOTE_COLUMNS}, snippet(quotes_fts, 0, '[', ']', '…', 16), bm25(quotes_fts)
             FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id
             LEFT JOIN entities e ON e.id = q.speaker_entity_id
             LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)
             WHERE quotes_fts MATCH ?1 ORDER BY bm25(quotes_fts), q.id LIMIT ?2 OFFSET ?3"
        );
        let query = fts_query(query)?;
        let mut stmt = self.conn.prepare(&sql)?;
        let args = rusqlite::params![query, limit_arg(limit), offset as i64];
        let rows = stmt.query_map(args, |r| {
            Ok(SearchHit {
                quote: quote_row(r)?,
                snippet: r.get(16)?,
                rank: r.get(17)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `f` for every quote, in storage order (for exports).
    pub fn for_each_quote(
        &self,
        mut f: impl FnMut(QuoteRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {QUOTE_COLUMNS} {QUOTE_JOINS} ORDER BY q.id"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(quote_row(r)?)?;
        }
        Ok(())
    }
}
