//! Quotes: filtered lists, full-text search, and every quote for exports.

use serde::Serialize;
use whosaid_analysis::{Attribution, QuoteKind};

use super::{label, limit_arg, quote_matches, web_query, Conditions};
use crate::db::{args, Dialect, Row, Value};
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
pub(crate) fn quote_columns(dialect: Dialect) -> String {
    format!(
        "q.id, q.kind, q.text, COALESCE(c.name, q.speaker_name), COALESCE(e.canonical_id, e.id), q.speaker_mention, q.cue, q.attribution,
     a.id, a.title, a.url, a.site, a.published, q.start, q.\"end\",
     (SELECT {} FROM (SELECT mc.name, min(m.start) AS first FROM mentions m
        JOIN entities me ON me.id = m.entity_id JOIN entities mc ON mc.id = COALESCE(me.canonical_id, me.id)
        WHERE m.article_id = q.article_id AND m.start >= q.start AND m.\"end\" <= q.\"end\"
          AND NOT (m.start >= q.mention_start AND m.\"end\" <= q.mention_end)
        GROUP BY mc.name) AS named)",
        dialect.group_concat("name", "|", "first, name")
    )
}
/// The joins of [`QUOTE_COLUMNS`].
/// The joins of a search: the quote's article, speaker and canonical speaker.
const SEARCH_JOINS: &str = "JOIN articles a ON a.id = q.article_id
             LEFT JOIN entities e ON e.id = q.speaker_entity_id
             LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)";
pub(crate) const QUOTE_JOINS: &str = "FROM quotes q JOIN articles a ON a.id = q.article_id
     LEFT JOIN entities e ON e.id = q.speaker_entity_id
     LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)";

/// The same joins walked from the articles, in date order: for a list whose filter (if
/// any) is on articles — sites, dates — so a page reads only the articles it shows
/// instead of sorting every quote. SQLite takes `CROSS JOIN` as "in this order".
fn article_first_joins(dialect: Dialect) -> String {
    let join = match dialect {
        Dialect::Sqlite => "CROSS JOIN",
        Dialect::Postgres => "JOIN",
    };
    format!(
        "FROM articles a {join} quotes q ON q.article_id = a.id
     LEFT JOIN entities e ON e.id = q.speaker_entity_id
     LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)"
    )
}

/// A [`QuoteRow`] from [`QUOTE_COLUMNS`].
pub(crate) fn quote_row(r: &Row) -> Result<QuoteRow, StoreError> {
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
            .get::<Option<String>>(15)?
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
        let dialect = self.db.dialect();
        let by_quote = f.speaker.is_some()
            || f.speaker_id.is_some()
            || f.about.is_some()
            || f.text.is_some()
            || f.kind.is_some();
        let joins = match by_quote {
            true => QUOTE_JOINS.to_string(),
            false => article_first_joins(dialect),
        };
        let (sql, args) = c.finish(
            &format!("SELECT {} {joins}", quote_columns(dialect)),
            "ORDER BY a.published_day NULLS FIRST, a.id, q.position",
            f.limit,
            Some(f.offset),
        );
        self.db.query(&sql, &args, quote_row)
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
        self.db.query_one(&sql, &args, |r| r.get(0))
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
            c.and("COALESCE(e.canonical_id, e.id) = ?", [Value::from(id)]);
        }
        if let Some(about) = &f.about {
            self.about(&mut c, about)?;
        }
        let dialect = self.db.dialect();
        c.and_text(&dialect.equals_nocase("a.site"), f.site.as_deref())
            .and_text("q.kind = ?", f.kind.map(QuoteKind::as_str));
        if let Some(text) = f.text.as_deref() {
            let (cond, arg) = quote_matches(dialect, text)?;
            c.and(cond, [arg]);
        }
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
        let mut cond = format!("(q.text {} ? ESCAPE '\\'", self.db.dialect().like());
        if !ids.is_empty() {
            cond.push_str(&format!(
                " OR EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = q.article_id AND m.start >= q.start AND m.end <= q.end AND m.entity_id IN ({}))",
                vec!["?"; ids.len()].join(",")
            ));
        }
        cond.push(')');
        c.and(
            &cond,
            std::iter::once(Value::from(like)).chain(ids.into_iter().map(Value::Integer)),
        );
        Ok(())
    }

    /// Full-text search over quote text, best first (BM25), with snippets.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.search_page(query, limit, 0)
    }

    /// How many quotes a full-text query matches.
    pub fn search_count(&self, query: &str) -> Result<i64, StoreError> {
        let (cond, arg) = quote_matches(self.db.dialect(), query)?;
        self.db.query_one(
            &format!("SELECT count(*) FROM quotes q WHERE {cond}"),
            &[arg],
            |r| r.get(0),
        )
    }

    /// One page of [`Store::search`]: `limit` hits after the first `offset`.
    pub fn search_page(
        &self,
        query: &str,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let columns = quote_columns(self.db.dialect());
        let (sql, query) = match self.db.dialect() {
            Dialect::Sqlite => (
                format!(
                    "SELECT {columns}, snippet(quotes_fts, 0, '[', ']', '…', 16), bm25(quotes_fts)
             FROM quotes_fts JOIN quotes q ON q.id = quotes_fts.rowid {SEARCH_JOINS}
             WHERE quotes_fts MATCH ?1 ORDER BY bm25(quotes_fts), q.id LIMIT ?2 OFFSET ?3"
                ),
                super::fts_query(query)?,
            ),
            // ts_rank grows with relevance; negated, it sorts as bm25 does
            Dialect::Postgres => (
                format!(
                    "SELECT {columns},
                    ts_headline('english', q.text, websearch_to_tsquery('english', ?1),
                                'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=…'),
                    -ts_rank(q.search, websearch_to_tsquery('english', ?1))::float8 AS rank
             FROM quotes q {SEARCH_JOINS}
             WHERE q.search @@ websearch_to_tsquery('english', ?1) ORDER BY rank, q.id LIMIT ?2 OFFSET ?3"
                ),
                web_query(query)?,
            ),
        };
        let postgres = self.db.dialect() == Dialect::Postgres;
        self.db
            .query(&sql, args![query, limit_arg(limit), offset], |r| {
                let snippet: String = r.get(16)?;
                Ok(SearchHit {
                    quote: quote_row(r)?,
                    // PostgreSQL marks each word of a phrase; FTS5 marks the phrase
                    snippet: if postgres {
                        snippet.replace("] [", " ").replace("]-[", "-")
                    } else {
                        snippet
                    },
                    rank: r.get(17)?,
                })
            })
    }

    /// Calls `f` for every quote, in storage order (for exports).
    pub fn for_each_quote(
        &self,
        mut f: impl FnMut(QuoteRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let sql = format!(
            "SELECT {} {QUOTE_JOINS} ORDER BY q.id",
            quote_columns(self.db.dialect())
        );
        self.db.for_each(&sql, &[], |r| f(quote_row(r)?))
    }
}
