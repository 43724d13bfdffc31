//! The store connections of a server: the first request opens the store with
//! [`Store::open`] (migrations, aggregates); later ones reconnect without doing that again
//! ([`Store::reopen`]). SQLite connections are kept between requests so that their page
//! caches stay warm; PostgreSQL connections come from the store's own pool. At most
//! [`AT_ONCE`] requests use the store at a time: two cores run no more, and the kept
//! connections and their caches stay bounded.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use whosaid_store::{Dialect, Store, StoreError};

/// Requests that use the store at once (the rest wait their turn).
pub(crate) const AT_ONCE: usize = 8;

/// The page cache of each kept SQLite connection, in MiB.
const CACHE_MIB: i64 = 16;

/// Connections to one store, shared by the handlers.
pub(crate) struct Stores {
    db: PathBuf,
    opened: AtomicBool,
    idle: Mutex<Vec<Store>>,
    /// One permit per request using the store.
    pub(crate) turns: tokio::sync::Semaphore,
}

impl std::fmt::Debug for Stores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stores")
            .field("db", &self.db)
            .finish_non_exhaustive()
    }
}

impl Stores {
    /// Nothing opened yet.
    pub(crate) fn new(db: PathBuf) -> Stores {
        Stores {
            db,
            opened: AtomicBool::new(false),
            idle: Mutex::new(Vec::new()),
            turns: tokio::sync::Semaphore::new(AT_ONCE),
        }
    }

    /// A connection: a kept one, else a new one.
    pub(crate) fn take(&self) -> Result<Store, StoreError> {
        if let Some(store) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() {
            return Ok(store);
        }
        if self.opened.load(Ordering::Acquire) {
            return Store::reopen(&self.db, CACHE_MIB);
        }
        let store = Store::open(&self.db)?;
        self.opened.store(true, Ordering::Release);
        Ok(store)
    }

    /// Keeps a connection whose request is over (SQLite only; PostgreSQL's go back to
    /// their pool when dropped). Its interrupt is cleared first: the finished request's
    /// would stop the next one.
    pub(crate) fn give_back(&self, store: Store) {
        if store.dialect() != Dialect::Sqlite {
            return;
        }
        store.interrupt_when(|| false);
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < AT_ONCE {
            idle.push(store);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_connection_forgets_the_last_requests_interrupt() {
        let dir = tempfile::tempdir().expect("dir");
        let stores = Stores::new(dir.path().join("kept.db"));
        let long = |store: &Store| {
            let conn = store.connection().expect("sqlite");
            conn.query_row(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000)
                 SELECT count(*) FROM c",
                [],
                |r| r.get::<_, i64>(0),
            )
        };
        let store = stores.take().expect("open");
        // the request that used it is over: its flag says stop
        store.interrupt_when(|| true);
        assert!(long(&store).is_err(), "the interrupt works");
        stores.give_back(store);
        let again = stores.take().expect("kept");
        assert_eq!(long(&again).expect("not interrupted"), 100_000);
        assert!(stores.opened.load(Ordering::Acquire));
    }
}
