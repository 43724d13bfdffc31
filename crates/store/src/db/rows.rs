//! Many rows of one table in one statement (`INSERT … VALUES (…), (…), …`): one round trip
//! per chunk instead of one per row, which is what writing to a PostgreSQL server costs.
//! Chunks are powers of two up to [`CHUNK`] rows, so a table has at most seven statement
//! texts to prepare and cache.

use super::{Db, Value};
use crate::StoreError;

/// Most rows in one statement.
const CHUNK: usize = 64;

/// Rows waiting to be inserted into one table.
pub(crate) struct Rows<'d, 'v> {
    db: &'d Db,
    /// `INSERT INTO table (columns…)`.
    head: &'static str,
    columns: usize,
    values: Vec<Value<'v>>,
}

impl<'d, 'v> Rows<'d, 'v> {
    /// Rows for `head` (`INSERT INTO table (a, b, c)`), each of `columns` values.
    pub(crate) fn new(db: &'d Db, head: &'static str, columns: usize) -> Self {
        Rows {
            db,
            head,
            columns,
            values: Vec::with_capacity(columns * CHUNK),
        }
    }

    /// Adds a row (its values in column order); sends a full chunk.
    pub(crate) fn push(&mut self, row: &[Value<'v>]) -> Result<(), StoreError> {
        debug_assert_eq!(row.len(), self.columns);
        self.values.extend_from_slice(row);
        if self.values.len() == self.columns * CHUNK {
            self.send(CHUNK)?;
        }
        Ok(())
    }

    /// Sends what is left, in power-of-two chunks.
    pub(crate) fn finish(mut self) -> Result<(), StoreError> {
        let mut left = self.values.len() / self.columns;
        while left > 0 {
            let n = 1 << left.ilog2();
            self.send(n)?;
            left -= n;
        }
        Ok(())
    }

    /// Inserts the first `n` rows waiting.
    fn send(&mut self, n: usize) -> Result<(), StoreError> {
        let row = format!("({})", vec!["?"; self.columns].join(", "));
        let sql = format!("{} VALUES {}", self.head, vec![row; n].join(", "));
        let rest = self.values.split_off(n * self.columns);
        self.db.execute(&sql, &self.values)?;
        self.values = rest;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_arrives_in_order_whatever_the_count() {
        for count in [0usize, 1, 2, 63, 64, 65, 200] {
            let db = Db::sqlite(rusqlite::Connection::open_in_memory().expect("db")).expect("db");
            db.batch("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)")
                .expect("table");
            let mut rows = Rows::new(&db, "INSERT INTO t (a, b)", 2);
            for i in 0..count {
                rows.push(&[Value::from(i as i64), Value::from(format!("r{i}"))])
                    .expect("push");
            }
            rows.finish().expect("finish");
            let got: Vec<(i64, String)> = db
                .query("SELECT a, b FROM t ORDER BY id", &[], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .expect("read");
            let want: Vec<(i64, String)> =
                (0..count as i64).map(|i| (i, format!("r{i}"))).collect();
            assert_eq!(got, want, "{count} rows");
        }
    }
}
