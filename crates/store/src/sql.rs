//! One way to speak to either engine: statements written once, in the SQL that SQLite and
//! PostgreSQL both accept, with `?1`, `?2`, ... for their arguments (rewritten to `$1`,
//! `$2`, ... for PostgreSQL), run on a [`Db`] and read back as [`Row`]s of plain values.
//!
//! The values are the five both engines share (integer, real, text, bytes, null), so a
//! store's code converts its own types once ([`Arg`] in, [`Row::get`] and [`Row::word`]
//! out) whichever engine holds the store. Booleans are integers, as SQLite keeps them and
//! as the PostgreSQL schema declares them. Each statement is prepared once per
//! connection on either engine.

use std::cell::RefCell;
use std::collections::HashMap;

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use rusqlite::types::{Value, ValueRef};

use crate::{pg, PostgresUrl, StoreError};

/// An argument of a statement.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Int(i64::from(n))
    }
}

impl From<bool> for Arg<'_> {
    fn from(b: bool) -> Self {
        Arg::Int(i64::from(b))
    }
}

impl From<f64> for Arg<'_> {
    fn from(x: f64) -> Self {
        Arg::Real(x)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a [u8]> for Arg<'a> {
    fn from(b: &'a [u8]) -> Self {
        Arg::Bytes(b)
    }
}

impl<'a> From<&'a Value> for Arg<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Null => Arg::Null,
            Value::Integer(n) => Arg::Int(*n),
            Value::Real(x) => Arg::Real(*x),
            Value::Text(s) => Arg::Text(s),
            Value::Blob(b) => Arg::Bytes(b),
        }
    }
}

impl<'a, T: Into<Arg<'a>>> From<Option<T>> for Arg<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Arg::Null, Into::into)
    }
}

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::Borrowed(match *self {
            Arg::Null => ValueRef::Null,
            Arg::Int(n) => ValueRef::Integer(n),
            Arg::Real(x) => ValueRef::Real(x),
            Arg::Text(s) => ValueRef::Text(s.as_bytes()),
            Arg::Bytes(b) => ValueRef::Blob(b),
        }))
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match *self {
            Arg::Null => Ok(IsNull::Yes),
            // the type the server inferred for the parameter decides the width
            Arg::Int(n) => match *ty {
                Type::INT2 => i16::try_from(n)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(n)?.to_sql(ty, out),
                Type::BOOL => (n != 0).to_sql(ty, out),
                Type::FLOAT8 => (n as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => n.to_string().as_str().to_sql(ty, out),
                _ => n.to_sql(ty, out),
            },
            Arg::Real(x) => match *ty {
                Type::FLOAT4 => (x as f32).to_sql(ty, out),
                _ => x.to_sql(ty, out),
            },
            // JSON goes as its text (jsonb's binary form is a version byte, then text)
            Arg::Text(s) if *ty == Type::JSONB => {
                out.extend_from_slice(&[1]);
                out.extend_from_slice(s.as_bytes());
                Ok(IsNull::No)
            }
            Arg::Text(s) if *ty == Type::JSON => {
                out.extend_from_slice(s.as_bytes());
                Ok(IsNull::No)
            }
            // text given where the server wants a number ("CAST(?1 AS INTEGER)" with a
            // number read from a caller's text): read as the number, as SQLite would
            Arg::Text(s) if matches!(*ty, Type::INT2 | Type::INT4 | Type::INT8) => {
                Arg::Int(s.trim().parse()?).to_sql(ty, out)
            }
            Arg::Text(s) if matches!(*ty, Type::FLOAT4 | Type::FLOAT8) => {
                Arg::Real(s.trim().parse()?).to_sql(ty, out)
            }
            Arg::Text(s) => s.to_sql(ty, out),
            Arg::Bytes(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT2
                | Type::INT4
                | Type::INT8
                | Type::BOOL
                | Type::FLOAT4
                | Type::FLOAT8
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
                | Type::BYTEA
                | Type::JSON
                | Type::JSONB
                | Type::UNKNOWN
        )
    }

    to_sql_checked!();
}

/// A row read back: one value per column, in the statement's order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row(pub(crate) Vec<Value>);

/// A type a column's value is read as.
pub(crate) trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Integer(n) => Some(*n),
            _ => None,
        }
    }
}

impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).map(|n| n != 0)
    }
}

impl FromValue for f64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Real(x) => Some(*x),
            Value::Integer(n) => Some(*n as f64),
            _ => None,
        }
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}

impl FromValue for f32 {
    fn from_value(v: &Value) -> Option<Self> {
        f64::from_value(v).map(|x| x as f32)
    }
}

impl FromValue for u32 {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|n| u32::try_from(n).ok())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl Row {
    /// Column `i` as `T`; a value of another kind is a damaged store.
    pub(crate) fn get<T: FromValue>(&self, i: usize) -> Result<T, StoreError> {
        let v = self.0.get(i).unwrap_or(&Value::Null);
        T::from_value(v).ok_or_else(|| StoreError::Damaged {
            path: String::new(),
            detail: format!(
                "column {i} holds {v:?}, not a {}",
                std::any::type_name::<T>()
            ),
        })
    }

    /// Column `i` as a word of a fixed vocabulary, or none.
    pub(crate) fn word_opt<T: std::str::FromStr>(&self, i: usize) -> Result<Option<T>, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        match self.0.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.word(i).map(Some),
        }
    }

    /// Column `i` as text borrowed from the row, if not NULL.
    pub(crate) fn text(&self, i: usize) -> Result<Option<&str>, StoreError> {
        match self.0.get(i) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Text(s)) => Ok(Some(s)),
            Some(other) => Err(StoreError::Damaged {
                path: String::new(),
                detail: format!("column {i} holds {other:?} where text belongs"),
            }),
        }
    }

    /// Column `i` as a word of a fixed vocabulary (a role, an event type).
    pub(crate) fn word<T: std::str::FromStr>(&self, i: usize) -> Result<T, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        let text = self.text(i)?.unwrap_or_default();
        text.parse().map_err(|e: T::Err| StoreError::Damaged {
            path: String::new(),
            detail: format!("column {i}: {e}"),
        })
    }
}

/// The most rows one PostgreSQL insert carries: enough that a report's quotations or a
/// batch's events take a few trips, few enough that the statements a connection prepares
/// (one per row count) stay a handful per table.
const ROWS_PER_INSERT: usize = 64;

/// The most parameters PostgreSQL's protocol lets one statement carry.
const MAX_PARAMETERS: usize = 65_535;

/// A connection to a PostgreSQL store, with the statements it has prepared.
pub(crate) struct PgConn {
    /// Always there until the connection is dropped (see its `Drop`).
    client: Option<postgres::Client>,
    pub(crate) url: PostgresUrl,
    statements: HashMap<String, postgres::Statement>,
}

impl PgConn {
    pub(crate) fn new(client: postgres::Client, url: PostgresUrl) -> PgConn {
        PgConn {
            client: Some(client),
            url,
            statements: HashMap::new(),
        }
    }

    /// The client (there until the connection is dropped).
    pub(crate) fn client(&mut self) -> &mut postgres::Client {
        self.client
            .as_mut()
            .expect("a connection's client lives as long as it")
    }

    fn prepared(&mut self, sql: &str) -> Result<postgres::Statement, StoreError> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let statement = self
            .client()
            .prepare(&dollar_placeholders(sql))
            .map_err(|e| pg::error(&self.url, e))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

/// The client says goodbye to the server on a thread of its own: closing runs the client's
/// own small runtime, which may not start on a thread that drives another (a server's
/// store dropped by its last request would otherwise abort the process).
impl Drop for PgConn {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// Where a statement runs.
#[derive(Clone, Copy)]
pub(crate) enum Db<'c> {
    Sqlite {
        conn: &'c rusqlite::Connection,
        path: &'c str,
    },
    Postgres(&'c RefCell<PgConn>),
}

impl Db<'_> {
    fn sqlite_error(path: &str, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(path, e)
    }

    /// Runs a statement; returns how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        match *self {
            Db::Sqlite { conn, path } => conn
                .prepare_cached(sql)
                .and_then(|mut s| s.execute(rusqlite::params_from_iter(args.iter())))
                .map(|n| n as u64)
                .map_err(|e| Self::sqlite_error(path, e)),
            Db::Postgres(cell) => {
                let mut pg = cell.borrow_mut();
                let statement = pg.prepared(sql)?;
                let params: Vec<&(dyn ToSql + Sync)> =
                    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
                pg.client()
                    .execute(&statement, &params)
                    .map_err(|e| pg::error(&pg.url, e))
            }
        }
    }

    /// Runs statements without arguments, one after another.
    pub(crate) fn batch(&self, sql: &str) -> Result<(), StoreError> {
        match *self {
            Db::Sqlite { conn, path } => conn
                .execute_batch(sql)
                .map_err(|e| Self::sqlite_error(path, e)),
            Db::Postgres(cell) => {
                let mut pg = cell.borrow_mut();
                let url = pg.url.clone();
                pg.client()
                    .batch_execute(sql)
                    .map_err(|e| pg::error(&url, e))
            }
        }
    }

    /// Every row a query gives.
    pub(crate) fn rows(&self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>, StoreError> {
        let mut out = Vec::new();
        self.each_row(sql, args, |row| {
            out.push(row);
            Ok(())
        })?;
        Ok(out)
    }

    /// Calls `each` with every row a query gives, one at a time, without holding them
    /// all (a scan over every act of a large store).
    pub(crate) fn each_row(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        mut each: impl FnMut(Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        match *self {
            Db::Sqlite { conn, path } => {
                let err = |e| Self::sqlite_error(path, e);
                let mut stmt = conn.prepare_cached(sql).map_err(err)?;
                let width = stmt.column_count();
                let mut rows = stmt
                    .query(rusqlite::params_from_iter(args.iter()))
                    .map_err(err)?;
                while let Some(r) = rows.next().map_err(err)? {
                    each(sqlite_row(r, width).map_err(err)?)?;
                }
                Ok(())
            }
            Db::Postgres(cell) => {
                use postgres::fallible_iterator::FallibleIterator;
                let mut pg = cell.borrow_mut();
                let statement = pg.prepared(sql)?;
                let url = pg.url.clone();
                let params = args.iter().map(|a| a as &(dyn ToSql + Sync));
                let mut rows = pg
                    .client()
                    .query_raw(&statement, params)
                    .map_err(|e| pg::error(&url, e))?;
                while let Some(r) = rows.next().map_err(|e| pg::error(&url, e))? {
                    each(postgres_row(&r).map_err(|e| pg::error(&url, e))?)?;
                }
                Ok(())
            }
        }
    }

    /// The number an `INSERT ... RETURNING` gives for the row it added.
    pub(crate) fn inserted(&self, sql: &str, args: &[Arg<'_>]) -> Result<i64, StoreError> {
        match self.first(sql, args)? {
            Some(row) => row.get(0),
            None => Err(StoreError::Damaged {
                path: String::new(),
                detail: format!("an insert gave no row back: {sql}"),
            }),
        }
    }

    /// Inserts rows of `width` values each (`args` holds them one row after another):
    /// `head` names the table and columns (`INSERT INTO t (a, b)`), `tail` follows the
    /// values (an `ON CONFLICT` clause, or empty). On SQLite, where a statement costs no
    /// trip, one prepared statement runs per row; on PostgreSQL up to [`ROWS_PER_INSERT`]
    /// rows go in one statement, since every statement is a trip to the server.
    pub(crate) fn insert_rows(
        &self,
        head: &str,
        width: usize,
        args: &[Arg<'_>],
        tail: &str,
    ) -> Result<(), StoreError> {
        debug_assert!(width > 0 && args.len().is_multiple_of(width));
        if !self.is_postgres() {
            let sql = format!("{head} VALUES {} {tail}", value_rows(width, 1));
            for one in args.chunks(width) {
                self.execute(&sql, one)?;
            }
            return Ok(());
        }
        for chunk in args.chunks(rows_per_statement(width) * width) {
            let sql = format!(
                "{head} VALUES {} {tail}",
                value_rows(width, chunk.len() / width)
            );
            self.execute(&sql, chunk)?;
        }
        Ok(())
    }

    /// A subquery giving, one per row, the numbers of a JSON array passed as argument
    /// `?{n}` (see [`numbers_json`]): many numbers in one argument, for `x IN (...)`.
    pub(crate) fn each_number(&self, n: usize) -> String {
        if self.is_postgres() {
            format!(
                "SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(?{n} AS jsonb))"
            )
        } else {
            format!("SELECT value FROM json_each(?{n})")
        }
    }

    /// A table of the texts of the JSON array in `column`, one row each, as
    /// `{alias}.value`: to join on.
    pub(crate) fn json_texts(&self, column: &str, alias: &str) -> String {
        if self.is_postgres() {
            format!("jsonb_array_elements_text(CAST({column} AS jsonb)) {alias}(value)")
        } else {
            format!("json_each({column}) {alias}")
        }
    }

    /// A table of the values of the JSON array in `column`, one row each, as
    /// `{alias}.value` (read further with `->>`): to join on.
    pub(crate) fn json_values(&self, column: &str, alias: &str) -> String {
        if self.is_postgres() {
            format!("jsonb_array_elements(CAST({column} AS jsonb)) {alias}(value)")
        } else {
            format!("json_each({column}) {alias}")
        }
    }

    /// "differs from, NULL counting as a value": SQLite's `IS NOT`, PostgreSQL's
    /// `IS DISTINCT FROM`.
    pub(crate) fn is_not(&self) -> &'static str {
        if self.is_postgres() {
            "IS DISTINCT FROM"
        } else {
            "IS NOT"
        }
    }

    /// Whether this is a PostgreSQL store (for the few statements each engine words its
    /// own way).
    pub(crate) fn is_postgres(&self) -> bool {
        matches!(self, Db::Postgres(_))
    }

    /// The first row a query gives, if any.
    pub(crate) fn first(&self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Row>, StoreError> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
}

/// An SQLite row of `width` columns as plain values.
pub(crate) fn sqlite_row(r: &rusqlite::Row<'_>, width: usize) -> rusqlite::Result<Row> {
    let mut values = Vec::with_capacity(width);
    for i in 0..width {
        values.push(Value::from(r.get_ref(i)?));
    }
    Ok(Row(values))
}

/// A PostgreSQL row as plain values (what the column's type holds: an integer of any
/// width or a boolean as an integer, a real, bytes, or else text).
pub(crate) fn postgres_row(r: &postgres::Row) -> Result<Row, postgres::Error> {
    let mut values = Vec::with_capacity(r.len());
    for (i, column) in r.columns().iter().enumerate() {
        values.push(match *column.type_() {
            Type::INT8 => r.try_get::<_, Option<i64>>(i)?.into(),
            Type::INT4 => r.try_get::<_, Option<i32>>(i)?.map(i64::from).into(),
            Type::INT2 => r.try_get::<_, Option<i16>>(i)?.map(i64::from).into(),
            Type::BOOL => r.try_get::<_, Option<bool>>(i)?.map(i64::from).into(),
            Type::FLOAT8 => r.try_get::<_, Option<f64>>(i)?.into(),
            Type::FLOAT4 => r.try_get::<_, Option<f32>>(i)?.map(f64::from).into(),
            Type::BYTEA => r.try_get::<_, Option<Vec<u8>>>(i)?.into(),
            _ => r.try_get::<_, Option<String>>(i)?.into(),
        });
    }
    Ok(Row(values))
}

/// The placeholders of `rows` rows of `width` values each, numbered on from `?1`:
/// `(?1, ?2), (?3, ?4)`.
pub(crate) fn value_rows(width: usize, rows: usize) -> String {
    let row = |r: usize| {
        let values: Vec<String> = (r * width + 1..=(r + 1) * width)
            .map(|i| format!("?{i}"))
            .collect();
        format!("({})", values.join(", "))
    };
    (0..rows).map(row).collect::<Vec<_>>().join(", ")
}

/// How many rows of `width` values one PostgreSQL statement carries.
pub(crate) fn rows_per_statement(width: usize) -> usize {
    ROWS_PER_INSERT.min(MAX_PARAMETERS / width).max(1)
}

/// Texts as the arguments of a statement (a filter's values, kept as strings).
pub(crate) fn text_args(texts: &[String]) -> Vec<Arg<'_>> {
    texts.iter().map(|t| t.as_str().into()).collect()
}

/// Numbers as the JSON array [`Db::each_number`] reads.
pub(crate) fn numbers_json(numbers: &[i64]) -> String {
    serde_json::to_string(numbers).expect("numbers serialise")
}

/// `?1` becomes `$1` outside quoted strings and names.
fn dollar_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    out.push(c);
                }
                '?' if chars.peek().is_some_and(char::is_ascii_digit) => out.push('$'),
                _ => out.push(c),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_rows_number_their_placeholders_on() {
        assert_eq!(value_rows(2, 2), "(?1, ?2), (?3, ?4)");
        assert_eq!(value_rows(3, 1), "(?1, ?2, ?3)");
        assert_eq!(rows_per_statement(25), ROWS_PER_INSERT);
        assert_eq!(rows_per_statement(70_000), 1);
    }

    #[test]
    fn placeholders_are_rewritten_outside_quotes_only() {
        assert_eq!(
            dollar_placeholders("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND \"?3\" = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND \"?3\" = $12"
        );
    }

    #[test]
    fn sqlite_rows_come_back_as_plain_values() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let db = Db::Sqlite {
            conn: &conn,
            path: ":memory:",
        };
        db.execute("CREATE TABLE t (n INTEGER, x REAL, s TEXT, b BLOB)", &[])
            .unwrap();
        let bytes: &[u8] = b"\x00\x01";
        let changed = db
            .execute(
                "INSERT INTO t VALUES (?1, ?2, ?3, ?4), (?5, NULL, NULL, NULL)",
                &[
                    7_i64.into(),
                    2.5.into(),
                    "seven".into(),
                    bytes.into(),
                    true.into(),
                ],
            )
            .unwrap();
        assert_eq!(changed, 2);
        let rows = db.rows("SELECT n, x, s, b FROM t ORDER BY n", &[]).unwrap();
        assert!(rows[0].get::<bool>(0).unwrap());
        assert_eq!(rows[0].get::<Option<String>>(2).unwrap(), None);
        assert_eq!(rows[1].get::<i64>(0).unwrap(), 7);
        assert_eq!(rows[1].get::<f64>(1).unwrap(), 2.5);
        assert_eq!(rows[1].get::<String>(2).unwrap(), "seven");
        assert_eq!(rows[1].get::<Vec<u8>>(3).unwrap(), bytes);
        assert!(rows[1].get::<i64>(2).is_err(), "text is no integer");
        assert!(db
            .first("SELECT n FROM t WHERE n > 100", &[])
            .unwrap()
            .is_none());
    }
}
