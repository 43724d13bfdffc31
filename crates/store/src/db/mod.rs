//! One connection to either engine the store runs on: SQLite (a file, the default) or
//! PostgreSQL (`postgres://…`, shared by many processes). Every query of the store is
//! written once, with `?` or `?N` placeholders, and goes through [`Db`]; the few places
//! where the engines' SQL differs ask the [`Dialect`].

mod pg;
mod rows;
mod value;

use std::cell::RefCell;

pub(crate) use pg::{explain, redact};
pub(crate) use rows::Rows;
pub(crate) use value::{FromValue, Value};

/// Marks a statement whose best plan depends on its arguments (how many quotes a word
/// matches): PostgreSQL prepares it for each run instead of once per connection, so that
/// a generic plan never replaces the one made for its words. SQLite reads it as a comment.
pub(crate) const PLANNED_PER_RUN: &str = "/* planned per run */ ";

use crate::StoreError;

/// Which SQL engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (bundled), one file.
    Sqlite,
    /// PostgreSQL, a server.
    Postgres,
}

impl Dialect {
    /// `expr = ?` ignoring ASCII case.
    pub(crate) fn equals_nocase(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{expr} = ? COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({expr}) = lower(?)"),
        }
    }

    /// The same, with a numbered placeholder (`?1`).
    pub(crate) fn equals_nocase_n(self, expr: &str, n: usize) -> String {
        match self {
            Dialect::Sqlite => format!("{expr} = ?{n} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({expr}) = lower(?{n})"),
        }
    }

    /// A `LIKE` that ignores ASCII case (SQLite's LIKE does; PostgreSQL's does not).
    pub(crate) fn like(self) -> &'static str {
        match self {
            Dialect::Sqlite => "LIKE",
            Dialect::Postgres => "ILIKE",
        }
    }

    /// An ordering key that ignores ASCII case.
    pub(crate) fn nocase_order(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{expr} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({expr})"),
        }
    }

    /// The values of `expr` over a group in the order `order`, joined with `sep` (a
    /// literal without quotes).
    pub(crate) fn group_concat(self, expr: &str, sep: &str, order: &str) -> String {
        match self {
            Dialect::Sqlite => format!("group_concat({expr}, '{sep}' ORDER BY {order})"),
            Dialect::Postgres => format!("string_agg({expr}, '{sep}' ORDER BY {order})"),
        }
    }
}

/// The connection under a [`Db`].
enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<RefCell<pg::Client>>),
}

/// One open connection, of either engine.
pub(crate) struct Db {
    conn: Conn,
}

/// One result row, read by column index into any [`FromValue`] type.
pub(crate) enum Row<'r> {
    Sqlite(&'r rusqlite::Row<'r>),
    Postgres(&'r postgres::Row),
}

impl Row<'_> {
    /// Column `idx` as a `T`, or a typed error naming the column.
    pub(crate) fn get<T: FromValue>(&self, idx: usize) -> Result<T, StoreError> {
        let value = match self {
            Row::Sqlite(r) => Value::from_sqlite(r.get_ref(idx)?),
            Row::Postgres(r) => r.try_get::<_, Value>(idx).map_err(pg::error)?,
        };
        T::from_value(value).map_err(|expected| StoreError::Column { idx, expected })
    }
}

impl Db {
    /// A SQLite connection, with whosaid's SQL function `has_words(text, phrase)`
    /// ([`crate::words::contains_words`]).
    pub(crate) fn sqlite(conn: rusqlite::Connection) -> Result<Db, StoreError> {
        conn.set_prepared_statement_cache_capacity(64);
        conn.create_scalar_function(
            "has_words",
            2,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8
                | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let text = ctx.get_raw(0).as_str_or_null()?;
                let phrase = ctx.get_raw(1).as_str_or_null()?;
                Ok(match (text, phrase) {
                    (Some(text), Some(phrase)) => crate::words::contains_words(text, phrase),
                    _ => false,
                })
            },
        )?;
        Ok(Db {
            conn: Conn::Sqlite(conn),
        })
    }

    /// A PostgreSQL connection from the pool of `url`.
    pub(crate) fn postgres(url: &str) -> Result<Db, StoreError> {
        Ok(Db {
            conn: Conn::Postgres(Box::new(RefCell::new(pg::connect(url)?))),
        })
    }

    /// The engine's dialect.
    pub(crate) fn dialect(&self) -> Dialect {
        match self.conn {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection, when this is one.
    pub(crate) fn as_sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.conn {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub(crate) fn execute(&self, sql: &str, args: &[Value]) -> Result<u64, StoreError> {
        match &self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                Ok(stmt.execute(rusqlite::params_from_iter(args.iter()))? as u64)
            }
            Conn::Postgres(c) => pg::execute(&mut c.borrow_mut(), sql, args),
        }
    }

    /// Runs several statements without arguments.
    pub(crate) fn batch(&self, sql: &str) -> Result<(), StoreError> {
        match &self.conn {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => pg::batch(&mut c.borrow_mut(), sql),
        }
    }

    /// Calls `f` on every row, in order (on SQLite without holding them all).
    pub(crate) fn for_each(
        &self,
        sql: &str,
        args: &[Value],
        mut f: impl FnMut(&Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match &self.conn {
            Conn::Sqlite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args.iter()))?;
                while let Some(r) = rows.next()? {
                    f(&Row::Sqlite(r))?;
                }
                Ok(())
            }
            Conn::Postgres(c) => {
                // the rows are fetched first: `f` may ask more of this connection
                let rows = pg::rows(&mut c.borrow_mut(), sql, args)?;
                rows.iter().try_for_each(|r| f(&Row::Postgres(r)))
            }
        }
    }

    /// Every row, each read by `f`.
    pub(crate) fn query<T>(
        &self,
        sql: &str,
        args: &[Value],
        mut f: impl FnMut(&Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let mut out = Vec::new();
        self.for_each(sql, args, |r| {
            out.push(f(r)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row read by `f`, if there is one.
    pub(crate) fn query_opt<T>(
        &self,
        sql: &str,
        args: &[Value],
        f: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let mut f = Some(f);
        let mut out = None;
        self.for_each(sql, args, |r| {
            if let Some(f) = f.take() {
                out = Some(f(r)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The one row read by `f`; no row is an error.
    pub(crate) fn query_one<T>(
        &self,
        sql: &str,
        args: &[Value],
        f: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.query_opt(sql, args, f)?.ok_or(StoreError::NoRow)
    }

    /// Runs `f` inside one transaction that takes the write lock up front: committed when
    /// `f` succeeds, rolled back when it fails.
    pub(crate) fn transaction<T>(
        &self,
        f: impl FnOnce(&Db) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.batch(match self.dialect() {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            Dialect::Postgres => "BEGIN",
        })?;
        match f(self) {
            Ok(v) => {
                self.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                // the first error is the one to report; a failed rollback leaves the
                // transaction open only until this connection closes
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Cancels this connection's running statement once `stop` returns true.
    pub(crate) fn interrupt_when(&self, stop: impl Fn() -> bool + Send + 'static) {
        match &self.conn {
            Conn::Sqlite(c) => c.progress_handler(4096, Some(stop)),
            Conn::Postgres(c) => pg::cancel_when(&c.borrow(), stop),
        }
    }
}

/// `args![a, b, …]`: statement arguments, each through `Value::from`.
macro_rules! args {
    ($($x:expr),* $(,)?) => {
        &[$($crate::db::Value::from($x)),*]
    };
}
pub(crate) use args;
