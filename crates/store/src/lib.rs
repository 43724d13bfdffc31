//! whosaid-store: the corpus side of whosaid on SQLite (bundled, WAL mode).
//!
//! Articles, their quotes, mentions and roles, and one row per actor across the whole
//! corpus. Writes are batched in transactions, so an article is stored whole or not at
//! all; readers are never blocked by a writer (WAL). The schema lives in versioned
//! migration files under `migrations/` and is documented in `docs/store.md`.

mod link;
mod names;
mod query;
mod similar;
mod stored_similar;
mod write;

use std::path::Path;

use rusqlite::Connection;

pub use query::fts::match_expression;
pub use query::{parse_day, MAX_QUERY_CHARS};
pub use query::{
    ArticleEntity, ArticleQuery, ArticleQuote, ArticleRow, ArticleSort, ArticleView, Counts,
    EntityRow, EventFilter, EventRow, FlagRow, QuoteFilter, QuoteRow, SearchHit, SpeakerQuery,
    SpeakerRow, SpeakerSort, StoredActor,
};
pub use similar::{ArticleBrief, CopyPair, VariantGroup, Version};
pub use stored_similar::{Page, SimilarState, MIN_COPY_SIMILARITY};
pub use write::{ArticleRecord, WriteOutcome};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("database: {0}")]
    Sqlite(#[source] rusqlite::Error),
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

/// The migrations, in order; `PRAGMA user_version` records how many were applied.
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
];

/// An open store.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::setup(Connection::open(path)?)
    }

    /// Opens an existing store read-only, as it is (no migration): for workers that only
    /// look things up while another connection writes.
    pub fn open_reader(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(600))?;
        Ok(Store { conn })
    }

    /// Stops any statement of this connection once `stop` returns true (asked every few
    /// thousand SQLite steps); the statement then fails with [`StoreError::Interrupted`].
    /// For deadlines on queries a server runs for a client.
    pub fn interrupt_when(&self, stop: impl Fn() -> bool + Send + 'static) {
        self.conn.progress_handler(4096, Some(stop));
    }

    /// True when an article made from this input (see [`ArticleRecord::input_hash`]) is
    /// stored.
    pub fn has_input(&self, input_hash: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT 1 FROM articles WHERE input_hash = ?1
                 UNION ALL SELECT 1 FROM article_sources WHERE input_hash = ?1 LIMIT 1",
            )?
            .exists([input_hash])?)
    }

    /// A store in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Store, StoreError> {
        // a second writer (another ingest) waits its turn; writes take the lock up front
        // (IMMEDIATE), so the wait is not skipped when a read would have to upgrade
        conn.busy_timeout(std::time::Duration::from_secs(600))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // a 64 MiB page cache: large corpora stay off pread, memory stays bounded
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = Store { conn };
        store.migrate()?;
        Ok(store)
    }

    /// Applies the migrations the file lacks, one transaction each. The version is read
    /// inside the write transaction, so two processes opening a new file at once do not
    /// both apply the same migration.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = MIGRATIONS.len() as i64;
        loop {
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version > known {
                return Err(StoreError::TooNew {
                    found: version,
                    known,
                });
            }
            let Some(sql) = MIGRATIONS.get(version as usize) else {
                return Ok(());
            };
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// The underlying connection, for read-only tools.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
