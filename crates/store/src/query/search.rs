//! Full-text search over quote text: the best matches first (BM25) among the most recently
//! stored ones, with snippets and a capped total, on FTS5 and on PostgreSQL's `tsvector`.

use std::collections::HashMap;

use serde::Serialize;

use super::quotes::{quote_columns, quote_row, QUOTE_JOINS, SEARCH_JOINS};
use super::{limit_arg, web_query, QuoteRow, COUNT_CAP};
use crate::db::{args, Dialect, Value};
use crate::{Store, StoreError};

/// How many of the most recently stored matches a search ranks (more when the page asked
/// for reaches further): ranking every match of a word found in half the corpus took a
/// second at 10,000 articles.
pub const SEARCH_WINDOW: usize = 2_000;

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

/// A page of hits and, on PostgreSQL when the page is not empty, how many matches its
/// ranked window held and the window's size.
type Windowed = (Vec<SearchHit>, Option<(i64, usize)>);

/// Hits whose snippets and columns are read in one statement (a page; an export reads
/// every match in chunks of this many).
const SEARCH_CHUNK: usize = 500;

impl Store {
    /// Full-text search over quote text, best first (BM25) among the [`SEARCH_WINDOW`] most
    /// recently stored matches (all of them when `limit` is 0), with snippets.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.search_page(query, limit, 0)
    }

    /// How many quotes a full-text query matches, counted up to [`COUNT_CAP`] past `offset`
    /// (the page shown) and one more.
    pub fn search_count(&self, query: &str, offset: usize) -> Result<i64, StoreError> {
        let (matches, arg) = match self.db.dialect() {
            // straight from the index: `q.id IN (…)` would gather every match first
            Dialect::Sqlite => (
                "SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ?",
                Value::from(super::fts_query(query)?),
            ),
            Dialect::Postgres => (
                "SELECT 1 FROM quotes q WHERE q.search @@ websearch_to_tsquery('english', ?)",
                Value::from(web_query(query)?),
            ),
        };
        self.db.query_one(
            &format!("SELECT count(*) FROM ({matches} LIMIT ?) AS capped"),
            args![arg, offset.saturating_add(COUNT_CAP + 1)],
            |r| r.get(0),
        )
    }

    /// One page of [`Store::search`]: `limit` hits after the first `offset`, ranked among
    /// the [`SEARCH_WINDOW`] most recently stored matches (or as many as the page reaches;
    /// all of them when `limit` is 0), so that a word in half the corpus costs what a rare
    /// one does.
    pub fn search_page(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        Ok(self.search_window(query, limit, offset)?.0)
    }

    /// [`Store::search_page`] with [`Store::search_count`]'s total, which on PostgreSQL
    /// comes with the page when the ranked window holds it (one scan of the matches, not
    /// two).
    pub fn search_page_counted(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(Vec<SearchHit>, i64), StoreError> {
        let (hits, window) = self.search_window(query, limit, offset)?;
        let cap = offset.saturating_add(COUNT_CAP + 1);
        let counted = window.and_then(|(matches, size)| {
            let matches = usize::try_from(matches).ok()?;
            // fewer matches than the window holds: all of them; else enough to say "more"
            (matches < size || size >= cap).then(|| matches.min(cap) as i64)
        });
        match counted {
            Some(total) => Ok((hits, total)),
            None => Ok((hits, self.search_count(query, offset)?)),
        }
    }

    /// A page of the search, with its window's count on PostgreSQL.
    fn search_window(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Windowed, StoreError> {
        // every match when asked for all of them (limit 0: a command line's export)
        let window = match limit {
            0 => usize::MAX,
            _ => SEARCH_WINDOW.max(offset.saturating_add(limit)),
        };
        match self.db.dialect() {
            Dialect::Sqlite => Ok((self.search_sqlite(query, limit, offset, window)?, None)),
            Dialect::Postgres => self.search_postgres(query, limit, offset, window),
        }
    }

    /// FTS5 reads a match list from its end: the window's newest matches are ranked as
    /// they are read (one pass over the index); then the page's snippets in one more pass
    /// over the part of the window the page spans (a snippet joined to each hit made FTS5
    /// seek in the word's whole match list once per hit: 14 ms a page for "trump" at 10,000
    /// articles), and the page's columns by id.
    fn search_sqlite(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
        window: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let query = super::fts_query(query)?;
        let ranked: Vec<(i64, f64)> = self.db.query(
            "SELECT id, rank FROM (
                 SELECT rowid AS id, bm25(quotes_fts) AS rank FROM quotes_fts
                 WHERE quotes_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?4)
             ORDER BY rank, id LIMIT ?2 OFFSET ?3",
            // LIMIT -1: every match
            args![
                &query,
                limit_arg(limit),
                offset,
                i64::try_from(window).unwrap_or(-1)
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut by_id: Vec<i64> = ranked.iter().map(|(id, _)| *id).collect();
        by_id.sort_unstable();
        let mut snippets: HashMap<i64, String> = HashMap::with_capacity(ranked.len());
        let mut rows: HashMap<i64, QuoteRow> = HashMap::with_capacity(ranked.len());
        let columns = quote_columns(Dialect::Sqlite);
        for chunk in by_id.chunks(SEARCH_CHUNK) {
            let (Some(lo), Some(hi)) = (chunk.first(), chunk.last()) else {
                continue;
            };
            // ids are the store's own integers: written into the statement as they are
            let ids = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            for (id, snippet) in self.db.query(
                &format!(
                    "SELECT id, s FROM (
                         SELECT rowid AS id, CASE WHEN rowid IN ({ids})
                                THEN snippet(quotes_fts, 0, '[', ']', '…', 16) END AS s
                         FROM quotes_fts WHERE quotes_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3)
                     WHERE s IS NOT NULL"
                ),
                args![&query, *lo, *hi],
                |r| Ok((r.get::<i64>(0)?, r.get::<String>(1)?)),
            )? {
                snippets.insert(id, snippet);
            }
            for row in self.db.query(
                &format!("SELECT {columns} {QUOTE_JOINS} WHERE q.id IN ({ids})"),
                &[],
                quote_row,
            )? {
                rows.insert(row.id, row);
            }
        }
        Ok(ranked
            .into_iter()
            .filter_map(|(id, rank)| {
                Some(SearchHit {
                    quote: rows.remove(&id)?,
                    snippet: snippets.remove(&id).unwrap_or_default(),
                    rank,
                })
            })
            .collect())
    }

    /// GIN gives the matches unordered: one scan keeps the window's newest, which are
    /// ranked (ts_rank grows with relevance; negated, it sorts as bm25 does), and counts
    /// them for [`Store::search_page_counted`]. Which scan is chosen here, not by the
    /// planner ([`Store::search_walks`]).
    fn search_postgres(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
        window: usize,
    ) -> Result<Windowed, StoreError> {
        let bound = i64::try_from(window).unwrap_or(i64::MAX);
        let tsquery = web_query(query)?;
        let walk = self.search_walks(&tsquery, window)?;
        let (hits, in_window) = self.search_postgres_by(&tsquery, limit, offset, bound, walk)?;
        Ok((hits, in_window.map(|n| (n, window))))
    }

    /// [`Store::search_postgres`]'s statement: the window read by walking the quotes
    /// back from the newest (`walk`), else from the word's index, all its matches sorted.
    fn search_postgres_by(
        &self,
        tsquery: &str,
        limit: usize,
        offset: usize,
        window: i64,
        walk: bool,
    ) -> Result<(Vec<SearchHit>, Option<i64>), StoreError> {
        // the choice is made here, so that a generic plan cannot undo it: a test no index
        // answers is walked, an order on `id + 0` the primary key cannot give is gathered
        let (matches, order) = match walk {
            true => (
                "(search @@ websearch_to_tsquery('english', ?1)) IS TRUE",
                "id DESC",
            ),
            false => (
                "search @@ websearch_to_tsquery('english', ?1)",
                "id + 0 DESC",
            ),
        };
        let columns = quote_columns(Dialect::Postgres);
        let sql = format!(
            "WITH recent AS MATERIALIZED (
                  SELECT id, search FROM quotes WHERE {matches}
                  ORDER BY {order} LIMIT ?4),
              ranked AS (
                  SELECT id, -ts_rank(search, websearch_to_tsquery('english', ?1))::float8 AS rank
                  FROM recent ORDER BY rank, id LIMIT ?2 OFFSET ?3)
             SELECT {columns},
                    ts_headline('english', q.text, websearch_to_tsquery('english', ?1),
                                'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…'),
                    r.rank, (SELECT count(*) FROM recent)
             FROM ranked r JOIN quotes q ON q.id = r.id {SEARCH_JOINS}
             ORDER BY r.rank, q.id"
        );
        let mut in_window = None;
        let hits = self.db.query(
            &sql,
            args![tsquery, limit_arg(limit), offset, window],
            |r| {
                let snippet: String = r.get(16)?;
                in_window = Some(r.get::<i64>(18)?);
                Ok(SearchHit {
                    quote: quote_row(r)?,
                    // PostgreSQL marks each word of a phrase; FTS5 marks the phrase
                    snippet: snippet.replace("] [", " ").replace("]-[", "-"),
                    rank: r.get(17)?,
                })
            },
        )?;
        Ok((hits, in_window))
    }

    /// True when a search's window is best read by walking the quotes back from the newest
    /// (each tested against the words) rather than from the words' index (every match read,
    /// then sorted): when the planner's estimate of the matches reaches the bound at which
    /// a walk reads fewer quotes ([`Store::gather_bound`]). The planner's own choice
    /// misjudged the test's cost: it walked back 250,000 quotes for "tax" (7,188 matches
    /// at 10,000 articles: 325 ms, against 27 ms from the index).
    fn search_walks(&self, tsquery: &str, window: usize) -> Result<bool, StoreError> {
        if window == usize::MAX {
            return Ok(false);
        }
        let matches = self.planned_matches(tsquery)?;
        Ok(matches >= self.gather_bound(window, 1.0)? as f64)
    }
}
