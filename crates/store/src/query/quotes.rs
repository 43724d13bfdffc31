//! Quotes: filtered lists, full-text search, and every quote for exports.

use serde::Serialize;
use whosaid_analysis::{Attribution, QuoteKind};

use super::{label, limit_arg, quote_matches, Conditions, COUNT_CAP};
use crate::db::{args, Dialect, Row, Value, PLANNED_PER_RUN};
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
    /// An entity the quote is about (named inside the quote), or words it holds (whole
    /// words, case aside).
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
    /// The id of a quote: the list continues after it, in its order (keyset pagination: a
    /// deep page costs what the first does). [`Store::count_quotes`] then counts what
    /// comes after it.
    pub after: Option<i64>,
}

/// The columns [`quote_row`] reads.
pub(crate) fn quote_columns(dialect: Dialect) -> String {
    format!(
        "q.id, q.kind, q.text, COALESCE(c.name, q.speaker_name), COALESCE(e.canonical_id, e.id), q.speaker_mention, q.cue, q.attribution,
     a.id, a.title, a.url, a.site, a.published, q.start, q.\"end\",
     (SELECT {} FROM (SELECT mc.name, min(m.start) AS first FROM mentions m
        JOIN entities me ON me.id = m.entity_id JOIN entities mc ON mc.id = COALESCE(me.canonical_id, me.id)
        WHERE m.article_id = q.article_id AND m.start >= q.start AND m.start < q.\"end\" AND m.\"end\" <= q.\"end\"
          AND NOT (m.start >= q.mention_start AND m.\"end\" <= q.mention_end)
        GROUP BY mc.name) AS named)",
        dialect.group_concat("name", "|", "first, name")
    )
}
/// The joins from a quote `q` to what [`quote_columns`] reads: its article, speaker and
/// canonical speaker.
pub(crate) const SEARCH_JOINS: &str = "JOIN articles a ON a.id = q.article_id
             LEFT JOIN entities e ON e.id = q.speaker_entity_id
             LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)";
/// The tables [`quote_columns`] reads: the quote and its [`SEARCH_JOINS`].
pub(crate) const QUOTE_JOINS: &str = "FROM quotes q JOIN articles a ON a.id = q.article_id
     LEFT JOIN entities e ON e.id = q.speaker_entity_id
     LEFT JOIN entities c ON c.id = COALESCE(e.canonical_id, e.id)";

/// The tables a count under a filter reads: the quotes, and their articles only for a site
/// (the other conditions are on the quote and its own copy of the day).
pub(crate) fn counted_from(f: &QuoteFilter) -> &'static str {
    match f.site {
        Some(_) => "FROM quotes q JOIN articles a ON a.id = q.article_id",
        None => "FROM quotes q",
    }
}

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
        super::about::check_length(f.about.as_deref())?;
        match self.speaker_ids(f)? {
            Some(ids) if ids.is_empty() => Ok(vec![]),
            Some(ids) => self.speaker_quotes(f, &ids),
            None => self.unspoken_filter_quotes(f),
        }
    }

    /// [`Store::quotes`] for a filter that names no speaker.
    fn unspoken_filter_quotes(&self, f: &QuoteFilter) -> Result<Vec<QuoteRow>, StoreError> {
        let dialect = self.db.dialect();
        let reach = f.limit.saturating_add(f.offset);
        // the filters are checked on the walk through the articles by date, which stops
        // when the page is full; a full-text filter starts from its matches instead, unless
        // they are so many that the walk meets enough of them sooner
        let walk_text = match &f.text {
            Some(text) => self.common_words(text, f)?,
            None => true,
        };
        let (mut c, about_gathered) = match &f.text {
            Some(text) => {
                let (mut c, about_gathered) = self.other_conditions(
                    &QuoteFilter {
                        text: None,
                        ..f.clone()
                    },
                    reach,
                )?;
                let (check, arg) = text_check(dialect, text, walk_text)?;
                c.and(check, [arg]);
                (c, about_gathered)
            }
            None => self.other_conditions(f, reach)?,
        };
        c.published_between(f.since.as_deref(), f.until.as_deref());
        if let Some(after) = f.after {
            self.continue_after(&mut c, after, ["a.published_day", "a.id", "q.position"])?;
        }
        let order = "ORDER BY a.published_day NULLS FIRST, a.id, q.position";
        if walk_text && !about_gathered {
            let (sql, args) = c.finish(
                &format!(
                    "SELECT {} {}",
                    quote_columns(dialect),
                    article_first_joins(dialect)
                ),
                order,
                f.limit,
                Some(f.offset),
            );
            return self.db.query(&sql, &args, quote_row);
        }
        // the matches are sorted on their keys and the page cut before its columns are
        // read (SQLite reads a row's columns, the names it mentions among them, before
        // sorting: 5,000 matches cost 20 ms that way)
        let (page, args) = c.finish(
            "SELECT q.id, a.published_day AS day, a.id AS art, q.position AS pos
             FROM quotes q JOIN articles a ON a.id = q.article_id",
            order,
            f.limit,
            Some(f.offset),
        );
        let sql = format!(
            "WITH page AS ({page})
             SELECT {} FROM page p JOIN quotes q ON q.id = p.id {SEARCH_JOINS}
             ORDER BY p.day NULLS FIRST, p.art, p.pos",
            quote_columns(dialect)
        );
        self.db.query(&sql, &args, quote_row)
    }

    /// True when a full-text filter's words are common enough that walking the articles
    /// and checking each quote finds the page sooner than gathering and sorting every
    /// match ([`Store::gather_bound`]). On SQLite the matches are counted; on PostgreSQL
    /// the planner's estimate is read, and the choice is not left to it: it walked the
    /// articles for "russia" (1,724 matches at 10,000 articles: 250 ms, against a few
    /// milliseconds gathered).
    fn common_words(&self, text: &str, f: &QuoteFilter) -> Result<bool, StoreError> {
        if f.limit == 0 {
            return Ok(false);
        }
        let reach = f.limit.saturating_add(f.offset);
        match self.db.dialect() {
            Dialect::Sqlite => {
                let matches = "SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ?";
                let args = vec![Value::from(super::fts_query(text)?)];
                // the walk asks FTS5 of each quote (about 60 µs), a match gathered 2.5 µs
                let enough = self.gather_bound(reach, 24.0)?;
                Ok(self.count_up_to(matches, args, enough)? >= enough)
            }
            Dialect::Postgres => {
                // a quote's tsvector tested on the walk costs about half a match gathered
                let enough = self.gather_bound(reach, 0.5)?;
                Ok(self.planned_matches(&super::web_query(text)?)? >= enough as f64)
            }
        }
    }

    /// The planner's estimate of the quotes a PostgreSQL full-text query matches (from the
    /// index's statistics, without reading a match).
    pub(super) fn planned_matches(&self, tsquery: &str) -> Result<f64, StoreError> {
        let plan: String = self.db.query_one(
            &format!("{PLANNED_PER_RUN}EXPLAIN SELECT 1 FROM quotes WHERE search @@ websearch_to_tsquery('english', ?)"),
            args![tsquery],
            |r| r.get(0),
        )?;
        Ok(planned_rows(&plan).unwrap_or(0.0))
    }

    /// How many matches a filter may have for gathering and sorting them all to cost less
    /// than walking the list in its order and checking each quote as far as `reach`
    /// matches, where checking a quote on the walk costs `walk_cost` times what gathering
    /// a match does: √(walk_cost × reach × the quotes) (the two costs are then equal).
    pub(super) fn gather_bound(&self, reach: usize, walk_cost: f64) -> Result<i64, StoreError> {
        let quotes = self.corpus_stats()?.quotes.max(0) as f64;
        Ok((walk_cost * reach.max(1) as f64 * quotes).sqrt() as i64 + 1)
    }

    /// The rows of `matches` (a query with `args`), counted up to `bound`.
    pub(super) fn count_up_to(
        &self,
        matches: &str,
        mut args: Vec<Value<'static>>,
        bound: i64,
    ) -> Result<i64, StoreError> {
        args.push(Value::Integer(bound));
        self.db.query_one(
            &format!("SELECT count(*) FROM ({matches} LIMIT ?) AS counted"),
            &args,
            |r| r.get(0),
        )
    }

    /// [`Store::quotes`] for one speaker's entities: each entity's quotes are walked in list
    /// order on the index `quotes_speaker_day` (speaker, day, article, position) as far as
    /// the page reaches, then merged, so that a page costs its depth, not the speaker's
    /// whole record.
    fn speaker_quotes(&self, f: &QuoteFilter, ids: &[i64]) -> Result<Vec<QuoteRow>, StoreError> {
        let reach = limit_arg(f.limit).saturating_add(f.offset as i64);
        let (mut rest, _) =
            self.other_conditions(f, usize::try_from(reach).unwrap_or(usize::MAX))?;
        rest.published_between_on("q.published_day", f.since.as_deref(), f.until.as_deref());
        if let Some(after) = f.after {
            let order = ["q.published_day", "q.article_id", "q.position"];
            self.continue_after(&mut rest, after, order)?;
        }
        let mut args: Vec<Value<'static>> = Vec::new();
        let mut branches = Vec::with_capacity(ids.len());
        for &id in ids {
            let mut b = String::from(
                "SELECT * FROM (SELECT q.id, q.published_day AS day, q.article_id AS art, q.position AS pos
                 FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.speaker_entity_id = ?",
            );
            args.push(Value::Integer(id));
            rest.append_to(&mut b, &mut args);
            b.push_str(
                " ORDER BY q.published_day NULLS FIRST, q.article_id, q.position LIMIT ?) AS one",
            );
            args.push(Value::Integer(reach));
            branches.push(b);
        }
        // the page is cut from the merged ids before the columns are read
        let sql = format!(
            "WITH picked AS ({}),
                  page AS (SELECT * FROM picked ORDER BY day NULLS FIRST, art, pos LIMIT ? OFFSET ?)
             SELECT {} FROM page p JOIN quotes q ON q.id = p.id {SEARCH_JOINS}
             ORDER BY p.day NULLS FIRST, p.art, p.pos",
            branches.join(" UNION ALL "),
            quote_columns(self.db.dialect()),
        );
        args.push(Value::Integer(limit_arg(f.limit)));
        args.push(Value::Integer(f.offset as i64));
        self.db.query(&sql, &args, quote_row)
    }

    /// Narrows a quote list to what comes after the quote `after` in its order: undated
    /// first, then by day, article and position (`order` names those columns).
    pub(crate) fn continue_after(
        &self,
        c: &mut Conditions,
        after: i64,
        order: [&str; 3],
    ) -> Result<(), StoreError> {
        let key = self
            .db
            .query_opt(
                "SELECT published_day, article_id, position FROM quotes WHERE id = ?1",
                args![after],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .ok_or(StoreError::NoSuchQuote(after))?;
        c.after_key(key, order);
        Ok(())
    }

    /// How many quotes match a filter but for its dates and have no publication date: what
    /// a date filter leaves out unseen (0 without a date filter), counted up to
    /// [`COUNT_CAP`] and one more.
    pub fn undated_quotes(&self, f: &QuoteFilter) -> Result<i64, StoreError> {
        if f.since.is_none() && f.until.is_none() {
            return Ok(0);
        }
        let Some(mut c) = self.quote_conditions(f, f.offset.saturating_add(COUNT_CAP))? else {
            return Ok(0);
        };
        c.and("q.published_day IS NULL", []);
        let (sql, args) = c.finish_count(counted_from(f), COUNT_CAP + 1);
        self.db.query_one(&sql, &args, |r| r.get(0))
    }

    /// The conditions of a filter but for its dates, for a count or list that reads
    /// `reach` matches at most; `None` when it names a speaker the store does not know
    /// (nothing can match).
    pub(crate) fn quote_conditions(
        &self,
        f: &QuoteFilter,
        reach: usize,
    ) -> Result<Option<Conditions>, StoreError> {
        super::about::check_length(f.about.as_deref())?;
        let speakers = self.speaker_ids(f)?;
        if speakers.as_ref().is_some_and(Vec::is_empty) {
            return Ok(None);
        }
        let (mut c, _) = self.other_conditions(f, reach)?;
        if let Some(ids) = speakers {
            c.and_in("q.speaker_entity_id IN ({})", ids);
        }
        Ok(Some(c))
    }

    /// The speaker entities a filter names (by name, by canonical id, or both), whose
    /// quotes are the speaker's; `None` when it names no speaker.
    fn speaker_ids(&self, f: &QuoteFilter) -> Result<Option<Vec<i64>>, StoreError> {
        let by_name = f
            .speaker
            .as_deref()
            .map(|n| self.entity_ids(n))
            .transpose()?;
        let by_id = f.speaker_id.map(|id| self.quoted_as(id)).transpose()?;
        Ok(match (by_name, by_id) {
            (Some(named), Some(of_id)) => {
                Some(named.into_iter().filter(|e| of_id.contains(e)).collect())
            }
            (named, of_id) => named.or(of_id),
        })
    }

    /// The entities whose quotes count as the canonical entity `id`'s: itself unless it is
    /// linked to another, and the surnames linked to it.
    fn quoted_as(&self, id: i64) -> Result<Vec<i64>, StoreError> {
        self.db.query(
            "SELECT id FROM entities WHERE id = ?1 AND canonical_id IS NULL
             UNION SELECT id FROM entities WHERE canonical_id = ?1",
            args![id],
            |r| r.get(0),
        )
    }

    /// The conditions of a filter on anything but its speaker and dates, for a list that
    /// reaches `reach` rows, and whether its `about` is checked on gathered matches (see
    /// [`Store::about`]).
    fn other_conditions(
        &self,
        f: &QuoteFilter,
        reach: usize,
    ) -> Result<(Conditions, bool), StoreError> {
        let mut c = Conditions::new();
        let about_gathered = match &f.about {
            Some(about) => self.about(&mut c, about, reach)?,
            None => false,
        };
        let dialect = self.db.dialect();
        c.and_text(&dialect.equals_nocase("a.site"), f.site.as_deref())
            .and_text("q.kind = ?", f.kind.map(QuoteKind::as_str));
        if let Some(text) = f.text.as_deref() {
            let (cond, arg) = quote_matches(dialect, text)?;
            c.and(cond, [arg]);
        }
        Ok((c, about_gathered))
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

/// The condition "the quote `q` matches the typed full-text query" for a quote list that
/// walks the articles (`walk`: each quote tested) or gathers the matches first: on
/// PostgreSQL gathered into an array once, so that the planner cannot walk instead.
fn text_check(
    dialect: Dialect,
    typed: &str,
    walk: bool,
) -> Result<(&'static str, Value<'static>), StoreError> {
    Ok(match (dialect, walk) {
        (Dialect::Sqlite, true) => (
            "EXISTS (SELECT 1 FROM quotes_fts WHERE quotes_fts MATCH ? AND quotes_fts.rowid = q.id)",
            Value::from(super::fts_query(typed)?),
        ),
        (Dialect::Postgres, false) => (
            "q.id = ANY(ARRAY(SELECT id FROM quotes WHERE search @@ websearch_to_tsquery('english', ?)))",
            Value::from(super::web_query(typed)?),
        ),
        // a condition no index answers: the walk is the only way (a generic plan, blind
        // to the words, could otherwise gather 70,000 matches of a word in every tenth)
        (Dialect::Postgres, true) => (
            "(q.search @@ websearch_to_tsquery('english', ?)) IS TRUE",
            Value::from(super::web_query(typed)?),
        ),
        (Dialect::Sqlite, false) => quote_matches(dialect, typed)?,
    })
}

/// The rows the top line of a plan from `EXPLAIN` expects (`… rows=7662 width=4)`).
pub(super) fn planned_rows(plan: &str) -> Option<f64> {
    let (_, rest) = plan.split_once(" rows=")?;
    let digits = rest.split(|c: char| !c.is_ascii_digit()).next()?;
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::planned_rows;

    #[test]
    fn the_planners_estimate_is_read_from_its_plan() {
        let plan = "Bitmap Heap Scan on quotes  (cost=83.38..19255.17 rows=7662 width=4)";
        assert_eq!(planned_rows(plan), Some(7662.0));
        assert_eq!(
            planned_rows("Result  (cost=0.00..0.01 rows= width=0)"),
            None
        );
        assert_eq!(planned_rows("no plan"), None);
    }
}
