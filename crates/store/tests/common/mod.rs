//! The engines a store test runs on: SQLite always, PostgreSQL when
//! `WHOSAID_TEST_POSTGRES` names a server the tests may create databases on (e.g.
//! `postgres://postgres:postgres@localhost/postgres`; `scripts/test.sh` starts one and
//! sets it). Each store a test opens is a fresh database, dropped when the test ends.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use whosaid_analysis::{Analyzer, Article};
use whosaid_store::{ArticleRecord, Store};

/// Where a test's stores live.
pub enum Engine {
    /// SQLite in memory.
    Sqlite,
    /// Fresh databases on a PostgreSQL server.
    Postgres {
        /// The server address, with the database the tests connect to first.
        admin: String,
        /// Databases this test made, dropped at its end.
        made: Mutex<Vec<String>>,
    },
}

/// The variable naming the PostgreSQL server for tests.
pub const VAR: &str = "WHOSAID_TEST_POSTGRES";

impl Engine {
    /// The PostgreSQL engine, or `None` (saying so) when no server is named.
    pub fn postgres() -> Option<Engine> {
        match std::env::var(VAR) {
            Ok(admin) if !admin.is_empty() => Some(Engine::Postgres {
                admin,
                made: Mutex::new(Vec::new()),
            }),
            _ => {
                eprintln!("skipped on PostgreSQL: {VAR} is not set (scripts/test.sh sets it)");
                None
            }
        }
    }

    /// A fresh, empty store.
    pub fn open(&self) -> Store {
        match self {
            Engine::Sqlite => Store::open_in_memory().expect("store"),
            Engine::Postgres { admin, made } => {
                let name = fresh_name();
                let mut client = postgres::Client::connect(admin, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("{VAR}={admin}: {e}"));
                client
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create database");
                made.lock().expect("lock").push(name.clone());
                Store::open(std::path::Path::new(&with_database(admin, &name))).expect("store")
            }
        }
    }
}

impl Engine {
    /// A client of the database of the store this engine opened last (PostgreSQL only),
    /// to look at what the store's own queries do not show.
    #[allow(dead_code)] // not every test file looks behind the store
    pub fn last_database(&self) -> Option<postgres::Client> {
        let Engine::Postgres { admin, made } = self else {
            return None;
        };
        let name = made.lock().expect("lock").last()?.clone();
        Some(
            postgres::Client::connect(&with_database(admin, &name), postgres::NoTls)
                .expect("connect"),
        )
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Engine::Postgres { admin, made } = self {
            let Ok(mut client) = postgres::Client::connect(admin, postgres::NoTls) else {
                return;
            };
            for name in made.get_mut().map(|m| m.clone()).unwrap_or_default() {
                let _ =
                    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// A database name no other test (or test process) uses.
fn fresh_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "whosaid_test_{}_{}_{nanos}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The server address with another database.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    if query.is_empty() {
        format!("{base}/{name}")
    } else {
        format!("{base}/{name}?{query}")
    }
}

/// `name` as two tests, `name::sqlite` and `name::postgres`, each calling the function
/// `name(&Engine)`.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(&super::common::Engine::Sqlite)
            }
            #[test]
            fn postgres() {
                if let Some(engine) = super::common::Engine::postgres() {
                    super::$name(&engine)
                }
            }
        }
    )*};
}

/// An article of these paragraphs at `url`, published on `day`, analysed, ready to write.
#[allow(dead_code)] // not every test file writes articles this way
pub fn record(url: &str, day: Option<&str>, paragraphs: &[String]) -> ArticleRecord {
    let mut article = Article::from_paragraphs(paragraphs);
    article.published = day.map(str::to_string);
    ArticleRecord {
        url: Some(url.to_string()),
        source: None,
        analysis: Analyzer::new().analyze(article),
        input_hash: None,
    }
}
