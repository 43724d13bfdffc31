//! The PostgreSQL side of [`super::Db`]: a pool of connections per server address (r2d2),
//! each keeping its prepared statements, and the store's `?` placeholders written as
//! PostgreSQL's `$n`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use postgres::{NoTls, Statement};

use super::Value;
use crate::StoreError;

/// Connections a process keeps open to one server.
const POOL_SIZE: u32 = 16;

/// One connection with the statements prepared on it.
pub(crate) struct Connection {
    client: postgres::Client,
    statements: HashMap<String, Statement>,
}

/// Opens connections for the pool.
struct Manager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Connection;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Connection, postgres::Error> {
        Ok(Connection {
            client: self.config.connect(NoTls)?,
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        conn.client.is_closed()
    }
}

/// A pooled connection, and the flag a watcher reads to know it is still wanted.
pub(crate) struct Client {
    conn: r2d2::PooledConnection<Manager>,
    in_use: Arc<AtomicBool>,
}

impl Drop for Client {
    fn drop(&mut self) {
        self.in_use.store(false, Ordering::Relaxed);
    }
}

/// The pools of this process, by server address.
fn pools() -> &'static Mutex<HashMap<String, r2d2::Pool<Manager>>> {
    static POOLS: OnceLock<Mutex<HashMap<String, r2d2::Pool<Manager>>>> = OnceLock::new();
    POOLS.get_or_init(Default::default)
}

/// A connection to the server at `url` (`postgres://user:password@host:port/db`), from
/// this process's pool for it.
pub(crate) fn connect(url: &str) -> Result<Client, StoreError> {
    let pool = {
        let mut pools = pools().lock().unwrap_or_else(|p| p.into_inner());
        match pools.get(url) {
            Some(p) => p.clone(),
            None => {
                let config = pool_config(url)?;
                let pool = r2d2::Pool::builder()
                    .max_size(POOL_SIZE)
                    .min_idle(Some(0))
                    .connection_timeout(Duration::from_secs(30))
                    .build_unchecked(Manager { config });
                pools.insert(url.to_string(), pool.clone());
                pool
            }
        }
    };
    if pool.state().connections == 0 {
        // the pool only says it timed out; a first connection of our own says why
        if let Err(e) = pool_config(url)?.connect(NoTls) {
            return Err(StoreError::Connect(explain(&e)));
        }
    }
    let conn = pool.get().map_err(|e| StoreError::Connect(e.to_string()))?;
    Ok(Client {
        conn,
        in_use: Arc::new(AtomicBool::new(true)),
    })
}

/// The driver's settings for a server address, with a connection deadline.
fn pool_config(url: &str) -> Result<postgres::Config, StoreError> {
    let mut config: postgres::Config = url
        .parse()
        .map_err(|e| StoreError::Connect(format!("not a PostgreSQL address ({e})")))?;
    config.connect_timeout(Duration::from_secs(10));
    Ok(config)
}

/// A driver error in words: the server's own message when it sent one ("password
/// authentication failed for user …"), else the driver's.
pub(crate) fn explain(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            let mut text = e.to_string();
            if let Some(source) = std::error::Error::source(e) {
                text.push_str(&format!(": {source}"));
            }
            text
        }
    }
}

/// The address without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The store's error for a driver error: a cancelled statement is an interruption.
pub(crate) fn error(e: postgres::Error) -> StoreError {
    if e.code() == Some(&postgres::error::SqlState::QUERY_CANCELED) {
        StoreError::Interrupted
    } else {
        StoreError::Postgres(e)
    }
}

/// `?` and `?N` placeholders as `$N`, outside quoted text.
pub(crate) fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c != '?' || quoted {
            out.push(c);
            continue;
        }
        out.push('$');
        if chars.peek().is_some_and(char::is_ascii_digit) {
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                out.push(d);
            }
        } else {
            next += 1;
            out.push_str(&next.to_string());
        }
    }
    out
}

/// True for a statement marked [`super::PLANNED_PER_RUN`], prepared for each run:
/// PostgreSQL plans a statement's first five runs for their arguments, then may keep a
/// generic plan blind to them, and a full-text query's words match ten quotes or seventy
/// thousand. After five runs it swapped the search of a rare word (a bitmap of its 1,724
/// matches, 5 ms at 10,000 articles) for a walk back over every quote (1 s). Every
/// statement planned per run (`plan_cache_mode`) made a speaker's quote list 2.5 times
/// slower to serve (its plan is the same for every speaker and costs more to make than
/// to run), and every full-text one a list filtered by a rare phrase a fifth slower.
fn planned_per_run(sql: &str) -> bool {
    sql.contains(super::PLANNED_PER_RUN)
}

/// The statement for `sql`, prepared once per connection (or for this run alone:
/// [`planned_per_run`]).
fn prepared(c: &mut Client, sql: &str) -> Result<Statement, StoreError> {
    let conn = &mut *c.conn;
    if planned_per_run(sql) {
        return conn.client.prepare(&numbered(sql)).map_err(error);
    }
    if let Some(s) = conn.statements.get(sql) {
        return Ok(s.clone());
    }
    let stmt = conn.client.prepare(&numbered(sql)).map_err(error)?;
    conn.statements.insert(sql.to_string(), stmt.clone());
    Ok(stmt)
}

/// Runs one statement; the rows it changed.
pub(crate) fn execute(c: &mut Client, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
    let stmt = prepared(c, sql)?;
    let params: Vec<&(dyn postgres::types::ToSql + Sync)> = args
        .iter()
        .map(|a| a as &(dyn postgres::types::ToSql + Sync))
        .collect();
    c.conn.client.execute(&stmt, &params).map_err(error)
}

/// Runs statements without arguments.
pub(crate) fn batch(c: &mut Client, sql: &str) -> Result<(), StoreError> {
    c.conn.client.batch_execute(sql).map_err(error)
}

/// Every row of a query (the caller then reads them while the connection is free for
/// the queries it makes per row).
pub(crate) fn rows(
    c: &mut Client,
    sql: &str,
    args: &[Value],
) -> Result<Vec<postgres::Row>, StoreError> {
    let stmt = prepared(c, sql)?;
    let rows = c.conn.client.query_raw(&stmt, args.iter()).map_err(error)?;
    rows.collect().map_err(error)
}

/// Cancels the connection's running statement once `stop` says so, for as long as this
/// client is in use (a watcher thread, asking every 20 ms).
pub(crate) fn cancel_when(c: &Client, stop: impl Fn() -> bool + Send + 'static) {
    let token = c.conn.client.cancel_token();
    let in_use = c.in_use.clone();
    std::thread::spawn(move || {
        while in_use.load(Ordering::Relaxed) {
            if stop() {
                // the statement then fails with QUERY_CANCELED; a failed cancel leaves it
                // to finish on its own
                let _ = token.cancel_query(NoTls);
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            numbered("SELECT '?' || ?, ? FROM t WHERE a = ?"),
            "SELECT '?' || $1, $2 FROM t WHERE a = $3"
        );
        assert_eq!(
            numbered("SELECT 1 WHERE a = ?1 OR b = ?12"),
            "SELECT 1 WHERE a = $1 OR b = $12"
        );
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://me:secret@db:5432/news"),
            "postgres://me:***@db:5432/news"
        );
        assert_eq!(redact("postgres://db/news"), "postgres://db/news");
    }

    #[test]
    fn marked_statements_are_planned_for_their_arguments() {
        let marked = format!(
            "{}SELECT 1 FROM quotes WHERE search @@ websearch_to_tsquery('english', ?)",
            super::super::PLANNED_PER_RUN
        );
        assert!(planned_per_run(&marked));
        assert!(!planned_per_run(
            "SELECT id FROM quotes WHERE speaker_entity_id = ?"
        ));
    }
}
