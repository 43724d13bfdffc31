//! whosaid-store: the corpus side of whosaid, on SQLite (bundled, WAL mode; the default)
//! or PostgreSQL (`postgres://…`, for many writers and readers at once).
//!
//! Articles, their quotes, mentions and roles, and one row per actor across the whole
//! corpus. Writes are batched in transactions, so an article is stored whole or not at
//! all; readers are never blocked by a writer (WAL). The schema lives in versioned
//! migration files under `migrations/` and is documented in `docs/store.md`.

mod db;
mod identities;
mod link;
mod names;
mod query;
mod similar;
mod stats;
mod stored_similar;
mod words;
mod write;

use std::path::Path;

use rusqlite::Connection;

pub use db::Dialect;
use db::{args, Db};

pub use query::fts::match_expression;
pub use query::{parse_day, COUNT_CAP, MAX_QUERY_CHARS};
pub use query::{
    ArticleEntity, ArticleQuery, ArticleQuote, ArticleRow, ArticleSort, ArticleView, Counts,
    EntityRow, EventFilter, EventRow, FlagRow, QuoteFilter, QuoteRow, SearchHit, SpeakerQuery,
    SpeakerRow, SpeakerSort, StoredActor, SEARCH_WINDOW,
};
pub use similar::{ArticleBrief, CopyPair, VariantGroup, Version};
pub use stats::CorpusStats;
pub use stored_similar::{Page, SimilarState, MIN_COPY_SIMILARITY};
pub use write::{ArticleRecord, WriteOutcome};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("database: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// PostgreSQL said no.
    #[error("PostgreSQL: {}", db::explain(.0))]
    Postgres(#[source] postgres::Error),
    /// No connection to the PostgreSQL server could be had (the reason).
    #[error("cannot connect: {0}")]
    Connect(String),
    /// An article's entity missing from its batch's identities (a bug, never input).
    #[error("no corpus-wide entity was made for {0:?}")]
    MissingIdentity(String),
    /// A query that returns one row returned none.
    #[error("the query returned no row")]
    NoRow,
    /// A column held a value of another type than the store wrote.
    #[error("column {idx} does not hold {expected}")]
    Column {
        /// The column's index in the row.
        idx: usize,
        /// What it should hold.
        expected: &'static str,
    },
    /// A JSON column could not be written or read.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A search with no word to search for (empty, only punctuation, only `-words`).
    #[error("the query {0:?} has no word to search for")]
    EmptyQuery(String),
    /// A search text longer than a person types.
    #[error("the query is {chars} characters long; the limit is {limit}")]
    QueryTooLong {
        /// Its length.
        chars: usize,
        /// The limit ([`MAX_QUERY_CHARS`]).
        limit: usize,
    },
    /// A list asked to continue after a quote the store does not hold (keyset pagination
    /// with a stale or made-up cursor).
    #[error("no quote {0} to continue after")]
    NoSuchQuote(i64),
    /// A list asked to continue after an event the store does not hold.
    #[error("no event {0} to continue after")]
    NoSuchEvent(i64),
    /// A query ran past its deadline, or its asker went away ([`Store::interrupt_when`]).
    #[error("the query took too long and was stopped")]
    Interrupted,
    /// The file was written by a newer whosaid.
    #[error("the store has schema version {found}; this whosaid knows up to {known}")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Latest version known here.
        known: i64,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted) {
            StoreError::Interrupted
        } else {
            StoreError::Sqlite(e)
        }
    }
}

impl StoreError {
    /// True when the same write may well succeed if tried again: a lost or refused
    /// connection (a server restarting), a deadlock or serialization failure between
    /// concurrent writers, another writer storing the same article first, a busy file.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Connect(_) => true,
            StoreError::Postgres(e) => match e.code() {
                None => true, // no answer from the server: the connection broke
                Some(code) => {
                    let c = code.code();
                    c.starts_with("08") // connection exception
                        || c.starts_with("57P") // shutdown, cannot connect now
                        || ["40001", "40P01", "23505"].contains(&c)
                }
            },
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            _ => false,
        }
    }

    /// True when a user's full-text query could not be read (FTS5 syntax), a caller error
    /// rather than a fault of the store.
    pub fn is_bad_query(&self) -> bool {
        match self {
            StoreError::EmptyQuery(_) | StoreError::QueryTooLong { .. } => true,
            StoreError::Sqlite(e) => {
                let m = e.to_string();
                [
                    "fts5",
                    "unterminated string",
                    "syntax error",
                    "no such column",
                    "malformed MATCH",
                ]
                .iter()
                .any(|p| m.contains(p))
            }
            _ => false,
        }
    }
}

/// The SQLite migrations, in order; `PRAGMA user_version` records how many were applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_events.sql"),
    include_str!("../migrations/0003_role_checks.sql"),
    include_str!("../migrations/0004_event_background.sql"),
    include_str!("../migrations/0005_stemmed_search.sql"),
    include_str!("../migrations/0006_input_hash.sql"),
    include_str!("../migrations/0007_similar.sql"),
    include_str!("../migrations/0008_article_sources.sql"),
    include_str!("../migrations/0009_content_hash_index.sql"),
    include_str!("../migrations/0010_entity_stats.sql"),
    include_str!("../migrations/0011_name_lookup.sql"),
    include_str!("../migrations/0012_top_roles.sql"),
    include_str!("../migrations/0013_quote_day.sql"),
    include_str!("../migrations/0014_speaker_spellings.sql"),
    include_str!("../migrations/0015_last_word.sql"),
];

/// The PostgreSQL migrations, in order; the table `whosaid_schema` records how many were
/// applied. The first one is the SQLite schema's state at its version 9.
const PG_MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_init.sql"),
    include_str!("../migrations/postgres/0002_entity_stats.sql"),
    include_str!("../migrations/postgres/0003_name_lookup.sql"),
    include_str!("../migrations/postgres/0004_top_roles.sql"),
    include_str!("../migrations/postgres/0005_quote_day.sql"),
    include_str!("../migrations/postgres/0006_speaker_spellings.sql"),
    include_str!("../migrations/postgres/0007_last_word.sql"),
];

/// True when `--db` names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres(db: &Path) -> bool {
    db.to_str()
        .is_some_and(|s| s.starts_with("postgres://") || s.starts_with("postgresql://"))
}

/// `--db` as messages show it: a file's path, or a server's address without its password.
pub fn describe(db: &Path) -> String {
    match db.to_str().filter(|_| is_postgres(db)) {
        Some(url) => db::redact(url),
        None => db.display().to_string(),
    }
}

/// True when `--db` names a store that may hold something: an existing file, or any
/// PostgreSQL server (whether it answers is for [`Store::open`] to say).
pub fn may_exist(db: &Path) -> bool {
    is_postgres(db) || db.exists()
}

/// An open store.
pub struct Store {
    db: Db,
}

impl Store {
    /// Opens (creating if needed) the store at `path` — a SQLite file, or a PostgreSQL
    /// server's `postgres://` address — and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        match path.to_str().filter(|_| is_postgres(path)) {
            Some(url) => {
                let mut store = Store {
                    db: Db::postgres(url)?,
                };
                store.migrate_postgres()?;
                store.refresh_stats_if_never()?;
                Ok(store)
            }
            None => Self::setup(Connection::open(path)?),
        }
    }

    /// Opens a store that this process has already opened with [`Store::open`] (so its
    /// schema is current and its aggregates exist), without checking either again: a
    /// server's further connections. On SQLite the connection gets the same settings as
    /// `open`'s, with a page cache of `cache_mib`.
    pub fn reopen(path: &Path, cache_mib: i64) -> Result<Store, StoreError> {
        if let Some(url) = path.to_str().filter(|_| is_postgres(path)) {
            return Ok(Store {
                db: Db::postgres(url)?,
            });
        }
        let conn = Connection::open(path)?;
        Self::configure(&conn)?;
        conn.pragma_update(None, "cache_size", -1024 * cache_mib)?;
        Ok(Store {
            db: Db::sqlite(conn)?,
        })
    }

    /// Opens an existing store read-only, as it is (no migration): for workers that only
    /// look things up while another connection writes.
    pub fn open_reader(path: &Path) -> Result<Store, StoreError> {
        if let Some(url) = path.to_str().filter(|_| is_postgres(path)) {
            return Ok(Store {
                db: Db::postgres(url)?,
            });
        }
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(600))?;
        Ok(Store {
            db: Db::sqlite(conn)?,
        })
    }

    /// The engine under this store.
    pub fn dialect(&self) -> Dialect {
        self.db.dialect()
    }

    /// Stops any statement of this connection once `stop` returns true (asked every few
    /// thousand SQLite steps, or every 20 ms on PostgreSQL); the statement then fails
    /// with [`StoreError::Interrupted`]. For deadlines on queries a server runs for a
    /// client.
    pub fn interrupt_when(&self, stop: impl Fn() -> bool + Send + 'static) {
        self.db.interrupt_when(stop);
    }

    /// True when an article made from this input (see [`ArticleRecord::input_hash`]) is
    /// stored.
    pub fn has_input(&self, input_hash: &str) -> Result<bool, StoreError> {
        Ok(self
            .db
            .query_opt(
                "SELECT 1 FROM articles WHERE input_hash = ?1
                 UNION ALL SELECT 1 FROM article_sources WHERE input_hash = ?1 LIMIT 1",
                args![input_hash],
                |_| Ok(()),
            )?
            .is_some())
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store, StoreError> {
        Self::configure(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // a 64 MiB page cache: large corpora stay off pread, memory stays bounded
        conn.pragma_update(None, "cache_size", -65536)?;
        let mut store = Store {
            db: Db::sqlite(conn)?,
        };
        store.migrate_sqlite()?;
        store.refresh_stats_if_never()?;
        Ok(store)
    }

    /// The settings of every SQLite connection (the journal mode is the file's own).
    fn configure(conn: &Connection) -> Result<(), StoreError> {
        // a second writer (another ingest) waits its turn; writes take the lock up front
        // (IMMEDIATE), so the wait is not skipped when a read would have to upgrade
        conn.busy_timeout(std::time::Duration::from_secs(600))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(())
    }

    /// Applies the migrations the file lacks, one transaction each. The version is read
    /// inside the write transaction, so two processes opening a new file at once do not
    /// both apply the same migration.
    fn migrate_sqlite(&self) -> Result<(), StoreError> {
        while self.db.transaction(|db| {
            let version: i64 = db.query_one("PRAGMA user_version", &[], |r| r.get(0))?;
            let Some(sql) = pending(MIGRATIONS, version)? else {
                return Ok(false);
            };
            db.batch(sql)?;
            db.batch(&format!("PRAGMA user_version = {}", version + 1))?;
            Ok(true)
        })? {}
        Ok(())
    }

    /// The same on PostgreSQL: the version table is locked for the whole migration, so
    /// many workers starting at once apply each migration once.
    fn migrate_postgres(&self) -> Result<(), StoreError> {
        // the version table itself is made under a lock: two workers starting on a new
        // database at once would both create it
        self.db.transaction(|db| {
            db.batch(
                "SELECT pg_advisory_xact_lock(hashtext('whosaid schema'));
                 CREATE TABLE IF NOT EXISTS whosaid_schema (one INTEGER PRIMARY KEY CHECK (one = 1), version BIGINT NOT NULL);
                 INSERT INTO whosaid_schema (one, version) VALUES (1, 0) ON CONFLICT DO NOTHING",
            )
        })?;
        while self.db.transaction(|db| {
            let version: i64 =
                db.query_one("SELECT version FROM whosaid_schema FOR UPDATE", &[], |r| {
                    r.get(0)
                })?;
            let Some(sql) = pending(PG_MIGRATIONS, version)? else {
                return Ok(false);
            };
            db.batch(sql)?;
            db.execute("UPDATE whosaid_schema SET version = ?", args![version + 1])?;
            Ok(true)
        })? {}
        Ok(())
    }

    /// Runs `f` unless another process runs work under the same `name` on this store
    /// right now (then `None`): corpus-wide passes that many workers would otherwise run
    /// at once. A PostgreSQL advisory lock, held by this connection until `f` ends;
    /// SQLite's one writer at a time does the same there.
    pub fn exclusively<T>(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        if self.db.dialect() == Dialect::Sqlite {
            return f(self).map(Some);
        }
        let held: bool = self.db.query_one(
            "SELECT pg_try_advisory_lock(hashtext(?))",
            args![name],
            |r| r.get(0),
        )?;
        if !held {
            return Ok(None);
        }
        let out = f(self);
        self.db
            .query_one("SELECT pg_advisory_unlock(hashtext(?))", args![name], |r| {
                r.get::<bool>(0)
            })?;
        out.map(Some)
    }

    /// The store's own soundness check: "ok" when sound. On SQLite, `PRAGMA
    /// integrity_check`; on PostgreSQL (whose pages the server checks) every article
    /// holds the quotes it was written with.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        match self.db.dialect() {
            Dialect::Sqlite => self
                .db
                .query_one("PRAGMA integrity_check", &[], |r| r.get(0)),
            Dialect::Postgres => Ok(match self.incomplete_articles()? {
                0 => "ok".to_string(),
                n => format!("{n} articles lack quotes they were written with"),
            }),
        }
    }

    /// The underlying SQLite connection, for read-only tools; `None` on PostgreSQL.
    pub fn connection(&self) -> Option<&Connection> {
        self.db.as_sqlite()
    }
}

/// The migration after `version`, if any; a version past the known ones is an error.
fn pending(migrations: &[&'static str], version: i64) -> Result<Option<&'static str>, StoreError> {
    let known = migrations.len() as i64;
    if version > known {
        return Err(StoreError::TooNew {
            found: version,
            known,
        });
    }
    Ok(usize::try_from(version)
        .ok()
        .and_then(|v| migrations.get(v).copied()))
}
