//! Aggregates kept in the store instead of recomputed per request: each canonical
//! entity's quotes, quoted articles, mentions, top roles and quotes per month, and the
//! corpus totals. The corpus pass refreshes them ([`Store::refresh_stats`]); the home page,
//! the speaker list, a speaker's timeline and the entity list read them instead of
//! counting quotes, mentions and roles per request.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::db::args;
use crate::{Dialect, Store, StoreError};

/// The corpus totals as of the last refresh of the aggregates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CorpusStats {
    /// Articles then.
    pub articles: i64,
    /// Quotes then.
    pub quotes: i64,
    /// Entities then.
    pub entities: i64,
    /// When (unix seconds); `None`: never refreshed.
    pub refreshed: Option<i64>,
}

/// One row per canonical entity (and any entity quoted under its own id): its quotes and
/// those of the surnames linked to it, the articles it is quoted in, its own mentions, and
/// its spellings (its name and aliases, one per line) for the speaker list's name filter.
fn refresh_entity_stats(dialect: Dialect) -> String {
    let aliases = dialect.group_concat("alias", "\n", "alias");
    format!(
        "INSERT INTO entity_stats (entity_id, name, kind, quotes, quoted_articles, mentions, spellings)
     SELECT e.id, e.name, e.kind, COALESCE(q.n, 0), COALESCE(q.m, 0), COALESCE(mm.n, 0),
            e.name || COALESCE((SELECT '\n' || {aliases} FROM aliases al WHERE al.entity_id = e.id), '')
     FROM entities e
     LEFT JOIN (SELECT COALESCE(se.canonical_id, se.id) AS id, count(*) AS n,
                       count(DISTINCT qq.article_id) AS m
                FROM quotes qq JOIN entities se ON se.id = qq.speaker_entity_id
                GROUP BY COALESCE(se.canonical_id, se.id)) q ON q.id = e.id
     LEFT JOIN (SELECT entity_id AS id, count(*) AS n FROM mentions GROUP BY entity_id) mm
            ON mm.id = e.id
     WHERE e.canonical_id IS NULL OR q.n IS NOT NULL"
    )
}

/// Each entity's three most stated roles, most stated first (ties by text).
const REFRESH_TOP_ROLES: &str = "INSERT INTO entity_top_roles (entity_id, rank, role)
     SELECT entity_id, rank, role FROM (
         SELECT entity_id, role, ROW_NUMBER() OVER (PARTITION BY entity_id ORDER BY n DESC, role) AS rank
         FROM (SELECT entity_id, title || COALESCE(' of ' || of_entity, '') AS role, count(*) AS n
               FROM roles GROUP BY entity_id, title || COALESCE(' of ' || of_entity, '')) counted
     ) ranked
     WHERE rank <= 3";

/// Each canonical speaker's dated quotes per month (its timeline).
const REFRESH_SPEAKER_MONTHS: &str = "INSERT INTO speaker_months (entity_id, month, quotes)
     SELECT COALESCE(se.canonical_id, se.id), substr(q.published_day, 1, 7), count(*)
     FROM quotes q JOIN entities se ON se.id = q.speaker_entity_id
     WHERE q.published_day IS NOT NULL
     GROUP BY COALESCE(se.canonical_id, se.id), substr(q.published_day, 1, 7)";

/// Moves the rows waiting in each GIN index's pending list (full-text search, speaker
/// spellings) into the index proper. PostgreSQL appends new rows there (`fastupdate`)
/// and every search reads the whole list until autovacuum merges it: after an ingest of
/// 10,000 articles, 11,000 quotes waited in `quotes_search`'s, and a search of a word in
/// 5,700 quotes took 6 ms in the index instead of 0.9. Only indexes the store's role owns
/// (the function's own condition).
const MERGE_GIN_PENDING: &str = "SELECT gin_clean_pending_list(c.oid::regclass)
     FROM pg_class c JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'gin' AND c.relkind = 'i'
       AND c.relnamespace = current_schema()::regnamespace
       AND pg_has_role(c.relowner, 'USAGE')";

impl Store {
    /// Recomputes the aggregates over the whole corpus in one transaction (readers see
    /// the old ones until it commits), then on PostgreSQL merges the GIN indexes' pending
    /// rows. Part of the corpus pass, after surname linking.
    pub fn refresh_stats(&mut self) -> Result<CorpusStats, StoreError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let dialect = self.db.dialect();
        self.db.transaction(|tx| {
            if dialect == Dialect::Postgres {
                // two passes at once would insert the same rows
                tx.batch("SELECT pg_advisory_xact_lock(hashtext('whosaid stats'))")?;
            }
            tx.batch(
                "DELETE FROM entity_stats; DELETE FROM entity_top_roles; DELETE FROM speaker_months",
            )?;
            tx.execute(&refresh_entity_stats(dialect), &[])?;
            if dialect == Dialect::Sqlite {
                // the trigram index over the spellings reads them from `entity_stats`
                tx.batch("INSERT INTO speaker_spellings (speaker_spellings) VALUES ('rebuild')")?;
            }
            tx.execute(REFRESH_TOP_ROLES, &[])?;
            tx.execute(REFRESH_SPEAKER_MONTHS, &[])?;
            tx.execute(
                "UPDATE corpus_stats SET articles = (SELECT count(*) FROM articles),
                        quotes = (SELECT count(*) FROM quotes),
                        entities = (SELECT count(*) FROM entities), refreshed = ?1",
                args![now],
            )?;
            Ok(())
        })?;
        if dialect == Dialect::Postgres {
            self.db.batch(MERGE_GIN_PENDING)?;
        }
        self.corpus_stats()
    }

    /// The corpus totals as of the last refresh.
    pub fn corpus_stats(&self) -> Result<CorpusStats, StoreError> {
        self.db.query_one(
            "SELECT articles, quotes, entities, refreshed FROM corpus_stats",
            &[],
            |r| {
                Ok(CorpusStats {
                    articles: r.get(0)?,
                    quotes: r.get(1)?,
                    entities: r.get(2)?,
                    refreshed: r.get(3)?,
                })
            },
        )
    }

    /// Refreshes the aggregates of a store that has articles but was never refreshed (one
    /// written before they existed); a no-op otherwise.
    pub(crate) fn refresh_stats_if_never(&mut self) -> Result<(), StoreError> {
        let never = self.corpus_stats()?.refreshed.is_none();
        let empty = self
            .db
            .query_opt("SELECT 1 FROM articles LIMIT 1", &[], |_| Ok(()))?
            .is_none();
        if never && !empty {
            self.refresh_stats()?;
        }
        Ok(())
    }
}
