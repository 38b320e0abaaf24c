//! Copying a whole store from one place to another, SQLite or PostgreSQL either way
//! (`truce migrate FROM TO`), and the checksums that show a copy is the same store.
//!
//! A copy moves every row of every table in [`COPIED_TABLES`], hidden row numbers
//! included (reports' rowids are what their mentions, quotations and events point at),
//! into a new, empty store, in one transaction: an interrupted copy leaves the target as
//! empty as it was. Derived indexes are rebuilt by the target (SQLite's full-text index;
//! PostgreSQL computes its own), and PostgreSQL's identities continue after the copied
//! numbers. Values are never converted: a value the target's column cannot hold as it
//! is (text in an integer column of an old SQLite file, a NUL character for PostgreSQL)
//! stops the copy and names the table, column and row.
//!
//! Each table's checksum is independent of row order and engine: the rows' BLAKE3 hashes
//! (of each column's name, type and value, columns in name order) added together, so a
//! copy and its source agree exactly when they hold the same rows.

use crate::{pg, sql, Location, Mode, PostgresUrl, Store, StoreError};
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{ToSql, Type};
use rusqlite::types::Value;
use serde::Serialize;

/// Every table a store keeps, in an order that satisfies their foreign keys. The
/// full-text index is derived (each engine builds its own) and `schema_migrations` is
/// each engine's own history, so neither is copied. A table the store has and this list
/// lacks stops a copy: it would be lost.
pub const COPIED_TABLES: &[&str] = &[
    "documents",
    "sources",
    "seen_files",
    "analyses",
    "entities",
    "mentions",
    "entity_documents",
    "quotes",
    "event_clusters",
    "events",
    "event_decisions",
    "verifications",
    "cluster_summaries",
    "provision_status",
    "agreements",
    "acts_changes",
    "act_verdicts",
    "audit_log",
    "users",
    "sessions",
    "api_tokens",
    "settings",
];

/// The advisory lock key a copy into PostgreSQL holds ("copy" in ASCII).
const COPY_LOCK: i64 = 0x636f_7079;

/// Rows read between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// One table's rows and checksum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableSum {
    pub table: String,
    pub rows: u64,
    /// 64 hex digits.
    pub checksum: String,
}

/// What a copy did: each table's rows and checksum as read from the source while
/// copying, and as read back from the target after the commit.
#[derive(Debug, Clone, Serialize)]
pub struct CopyReport {
    pub from: String,
    pub to: String,
    pub source: Vec<TableSum>,
    pub target: Vec<TableSum>,
}

impl CopyReport {
    /// Whether the target holds exactly the source's rows, table by table.
    pub fn identical(&self) -> bool {
        self.source == self.target
    }
}

/// How far a copy or a checksum has come.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub table: &'a str,
    pub rows: u64,
    pub of: u64,
}

/// Copies the store at `from` into the new, empty store at `to` (an SQLite file is
/// created; a PostgreSQL database must exist and hold no tables, or an empty store).
pub fn copy(
    from: &Location,
    to: &Location,
    progress: &mut dyn FnMut(Progress),
) -> Result<CopyReport, StoreError> {
    if from == to {
        return Err(StoreError::SameStore {
            from: from.to_string(),
        });
    }
    let mut source = Side::open(from, Mode::Read)?;
    let mut target = Side::open(to, Mode::Write)?;
    source.check_tables()?;
    target.check_tables()?;
    let mut sums = Vec::with_capacity(COPIED_TABLES.len());
    let mut sink = target.begin()?;
    sink.check_empty()?;
    for &table in COPIED_TABLES {
        let columns = source.columns(table)?;
        let target_columns = sink.columns(table)?;
        same_columns(from, to, table, &columns, &target_columns)?;
        let mut writer = sink.writer(table, &columns)?;
        let sum = source.sum_table(table, &columns, progress, &mut |row, n| {
            writer.write(row).map_err(|why| StoreError::CannotCopy {
                from: from.to_string(),
                to: to.to_string(),
                table: table.to_string(),
                why: format!("{why} (row {n} read)"),
            })
        })?;
        writer.finish()?;
        sums.push(sum);
    }
    sink.commit()?;
    let target_sums = target.checksums(&mut |_| {})?;
    Ok(CopyReport {
        from: from.to_string(),
        to: to.to_string(),
        source: sums,
        target: target_sums,
    })
}

/// Each table's rows and checksum in the store at `at`.
pub fn checksums(
    at: &Location,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<TableSum>, StoreError> {
    let mut side = Side::open(at, Mode::Read)?;
    side.check_tables()?;
    side.checksums(progress)
}

/// What a copy does with each row read (and its number, from 1).
type RowHandler<'h> = dyn FnMut(&[Value], u64) -> Result<(), StoreError> + 'h;

/// What a column holds, as both engines agree on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
    Blob,
}

impl Kind {
    /// From an SQLite declared type, by SQLite's own affinity rules.
    fn of_sqlite(declared: &str) -> Kind {
        let t = declared.to_ascii_uppercase();
        if t.contains("INT") {
            Kind::Integer
        } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
            Kind::Text
        } else if t.contains("BLOB") {
            Kind::Blob
        } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
            Kind::Real
        } else {
            Kind::Text
        }
    }

    fn of_postgres(data_type: &str) -> Option<Kind> {
        match data_type {
            "bigint" | "integer" | "smallint" => Some(Kind::Integer),
            "double precision" | "real" => Some(Kind::Real),
            "text" | "character varying" => Some(Kind::Text),
            "bytea" => Some(Kind::Blob),
            _ => None,
        }
    }

    fn postgres_type(self) -> Type {
        match self {
            Kind::Integer => Type::INT8,
            Kind::Real => Type::FLOAT8,
            Kind::Text => Type::TEXT,
            Kind::Blob => Type::BYTEA,
        }
    }

    fn holds(self, value: &Value) -> bool {
        matches!(
            (self, value),
            (_, Value::Null)
                | (Kind::Integer, Value::Integer(_))
                | (Kind::Real, Value::Real(_))
                | (Kind::Text, Value::Text(_))
                | (Kind::Blob, Value::Blob(_))
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Column {
    name: String,
    kind: Kind,
}

/// `"name"`, for names like `end` that SQL reserves.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn column_list(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| quoted(&c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The pair of schemas must agree: the same columns holding the same kinds of value.
fn same_columns(
    from: &Location,
    to: &Location,
    table: &str,
    source: &[Column],
    target: &[Column],
) -> Result<(), StoreError> {
    let mut a = source.to_vec();
    let mut b = target.to_vec();
    a.sort_by(|x, y| x.name.cmp(&y.name));
    b.sort_by(|x, y| x.name.cmp(&y.name));
    if a == b {
        return Ok(());
    }
    let describe = |cs: &[Column], others: &[Column]| {
        cs.iter()
            .filter(|c| !others.contains(c))
            .map(|c| format!("{} ({:?})", c.name, c.kind))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Err(StoreError::CannotCopy {
        from: from.to_string(),
        to: to.to_string(),
        table: table.to_string(),
        why: format!(
            "the two stores' columns differ (only in the source: [{}]; only in the target: [{}]); both must be at this truce's latest schema",
            describe(&a, &b),
            describe(&b, &a)
        ),
    })
}

/// An order-independent checksum of a table's rows.
struct Checksum {
    /// The columns' positions in name order, so that stores listing columns in another
    /// order agree.
    order: Vec<usize>,
    names: Vec<String>,
    kinds: Vec<Kind>,
    lanes: [u64; 4],
}

impl Checksum {
    fn new(columns: &[Column]) -> Checksum {
        let mut order: Vec<usize> = (0..columns.len()).collect();
        order.sort_by(|&a, &b| columns[a].name.cmp(&columns[b].name));
        Checksum {
            names: columns.iter().map(|c| c.name.clone()).collect(),
            kinds: columns.iter().map(|c| c.kind).collect(),
            order,
            lanes: [0; 4],
        }
    }

    fn add(&mut self, row: &[Value]) {
        let mut h = blake3::Hasher::new();
        for &i in &self.order {
            h.update(self.names[i].as_bytes());
            h.update(&[0, self.kinds[i] as u8]);
            match &row[i] {
                Value::Null => h.update(&[0]),
                Value::Integer(n) => h.update(&[1]).update(&n.to_le_bytes()),
                Value::Real(x) => h.update(&[2]).update(&x.to_bits().to_le_bytes()),
                Value::Text(s) => h
                    .update(&[3])
                    .update(&(s.len() as u64).to_le_bytes())
                    .update(s.as_bytes()),
                Value::Blob(b) => h
                    .update(&[4])
                    .update(&(b.len() as u64).to_le_bytes())
                    .update(b),
            };
        }
        let hash = h.finalize();
        for (lane, chunk) in self.lanes.iter_mut().zip(hash.as_bytes().chunks_exact(8)) {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            *lane = lane.wrapping_add(word);
        }
    }

    fn finish(self, table: &str, rows: u64) -> TableSum {
        TableSum {
            table: table.to_string(),
            rows,
            checksum: self.lanes.iter().map(|l| format!("{l:016x}")).collect(),
        }
    }
}

/// One end of a copy. (Two live for the length of a copy: their size does not matter.)
#[allow(clippy::large_enum_variant)]
enum Side {
    Sqlite {
        store: Store,
        name: String,
    },
    Postgres {
        client: postgres::Client,
        url: PostgresUrl,
    },
}

impl Side {
    fn open(at: &Location, mode: Mode) -> Result<Side, StoreError> {
        match at {
            Location::Sqlite(path) => {
                let store = Store::open(path, mode)?;
                let found = store.schema_version()?;
                if found < crate::schema::latest() {
                    return Err(StoreError::Outdated {
                        path: path.display().to_string(),
                        found,
                        detail: "a copy reads the latest schema".into(),
                    });
                }
                Ok(Side::Sqlite {
                    store,
                    name: path.display().to_string(),
                })
            }
            Location::Postgres(url) => {
                let client = pg::open(url, mode)?;
                Ok(Side::Postgres {
                    client,
                    url: url.clone(),
                })
            }
        }
    }

    fn name(&self) -> String {
        match self {
            Side::Sqlite { name, .. } => name.clone(),
            Side::Postgres { url, .. } => url.to_string(),
        }
    }

    /// Refuses a store with a table that [`COPIED_TABLES`] does not name.
    fn check_tables(&mut self) -> Result<(), StoreError> {
        let name = self.name();
        let tables: Vec<String> = match self {
            Side::Sqlite { store, .. } => {
                let err = |e| StoreError::from_sqlite(&name, e);
                let mut stmt = store
                    .conn()?
                    .prepare(
                        "SELECT name FROM sqlite_schema WHERE type = 'table' \
                         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
                         AND name NOT LIKE 'documents\\_fts%' ESCAPE '\\' \
                         AND name <> 'schema_migrations'",
                    )
                    .map_err(err)?;
                let names = stmt
                    .query_map([], |r| r.get(0))
                    .map_err(err)?
                    .collect::<Result<_, _>>()
                    .map_err(err)?;
                names
            }
            Side::Postgres { client, url } => client
                .query(
                    "SELECT table_name::text FROM information_schema.tables \
                     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                     AND table_name <> 'schema_migrations'",
                    &[],
                )
                .map_err(|e| pg::error(url, e))?
                .iter()
                .map(|r| r.get(0))
                .collect(),
        };
        if let Some(unknown) = tables.iter().find(|t| !COPIED_TABLES.contains(&t.as_str())) {
            return Err(StoreError::UnknownTable {
                store: name.clone(),
                table: unknown.clone(),
            });
        }
        Ok(())
    }

    fn columns(&mut self, table: &str) -> Result<Vec<Column>, StoreError> {
        match self {
            Side::Sqlite { store, name } => sqlite_columns(store.conn()?, name, table),
            Side::Postgres { client, url } => postgres_columns(client, url, table),
        }
    }

    fn count(&mut self, table: &str) -> Result<u64, StoreError> {
        let sql = format!("SELECT count(*) FROM {}", quoted(table));
        let n: i64 = match self {
            Side::Sqlite { store, name } => store
                .conn()?
                .query_row(&sql, [], |r| r.get(0))
                .map_err(|e| StoreError::from_sqlite(name, e))?,
            Side::Postgres { client, url } => client
                .query_one(&sql, &[])
                .map_err(|e| pg::error(url, e))?
                .get(0),
        };
        Ok(n as u64)
    }

    /// Calls `each` with every row of `table`, its values in the order of `columns`.
    fn scan(
        &mut self,
        table: &str,
        columns: &[Column],
        each: &mut dyn FnMut(&[Value]) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let sql = format!("SELECT {} FROM {}", column_list(columns), quoted(table));
        let mut row_values = Vec::with_capacity(columns.len());
        match self {
            Side::Sqlite { store, name } => {
                let err = |e| StoreError::from_sqlite(name, e);
                let mut stmt = store.conn()?.prepare(&sql).map_err(err)?;
                let mut rows = stmt.query([]).map_err(err)?;
                while let Some(row) = rows.next().map_err(err)? {
                    row_values.clear();
                    for i in 0..columns.len() {
                        row_values.push(Value::from(row.get_ref(i).map_err(err)?));
                    }
                    each(&row_values)?;
                }
            }
            Side::Postgres { client, url } => {
                let err = |e| pg::error(url, e);
                let none: [&str; 0] = [];
                let mut rows = client.query_raw(&sql, none).map_err(err)?;
                while let Some(row) = rows.next().map_err(err)? {
                    each(&sql::postgres_row(&row).map_err(err)?.0)?;
                }
            }
        }
        Ok(())
    }

    fn checksums(
        &mut self,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Vec<TableSum>, StoreError> {
        let mut sums = Vec::with_capacity(COPIED_TABLES.len());
        for &table in COPIED_TABLES {
            let columns = self.columns(table)?;
            sums.push(self.sum_table(table, &columns, progress, &mut |_, _| Ok(()))?);
        }
        Ok(sums)
    }

    /// Reads every row of `table` into its checksum, handing each (and its number, from
    /// 1) to `each` and telling `progress` now and then.
    fn sum_table(
        &mut self,
        table: &str,
        columns: &[Column],
        progress: &mut dyn FnMut(Progress),
        each: &mut RowHandler,
    ) -> Result<TableSum, StoreError> {
        let of = self.count(table)?;
        let mut sum = Checksum::new(columns);
        let mut rows = 0u64;
        self.scan(table, columns, &mut |row| {
            sum.add(row);
            rows += 1;
            each(row, rows)?;
            if rows.is_multiple_of(PROGRESS_EVERY) {
                progress(Progress { table, rows, of });
            }
            Ok(())
        })?;
        progress(Progress { table, rows, of });
        Ok(sum.finish(table, rows))
    }

    /// Opens the transaction that the whole copy is written in.
    fn begin(&mut self) -> Result<Sink<'_>, StoreError> {
        match self {
            Side::Sqlite { store, name } => {
                let tx = store
                    .conn_mut()?
                    .transaction()
                    .map_err(|e| StoreError::from_sqlite(name, e))?;
                Ok(Sink::Sqlite { tx, name })
            }
            Side::Postgres { client, url } => {
                let mut tx = client.transaction().map_err(|e| pg::error(url, e))?;
                // copies into one database wait for each other, so the second finds the
                // first's rows and refuses instead of failing on a duplicate key
                tx.execute("SELECT pg_advisory_xact_lock($1)", &[&COPY_LOCK])
                    .map_err(|e| pg::error(url, e))?;
                Ok(Sink::Postgres { tx, url })
            }
        }
    }
}

fn sqlite_columns(
    conn: &rusqlite::Connection,
    name: &str,
    table: &str,
) -> Result<Vec<Column>, StoreError> {
    let err = |e| StoreError::from_sqlite(name, e);
    let mut stmt = conn
        .prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
        .map_err(err)?;
    let listed: Vec<(String, String, i64)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .map_err(err)?
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let without_rowid: bool = conn
        .query_row(
            "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .map_err(err)?;
    let keys: Vec<&(String, String, i64)> = listed.iter().filter(|c| c.2 > 0).collect();
    // an INTEGER PRIMARY KEY column is the rowid under its own name
    let rowid_aliased = keys.len() == 1 && keys[0].1.eq_ignore_ascii_case("INTEGER");
    let mut columns = Vec::with_capacity(listed.len() + 1);
    if !without_rowid && !rowid_aliased {
        columns.push(Column {
            name: "rowid".into(),
            kind: Kind::Integer,
        });
    }
    columns.extend(listed.iter().map(|(column, declared, _)| Column {
        name: column.clone(),
        kind: Kind::of_sqlite(declared),
    }));
    Ok(columns)
}

fn postgres_columns(
    client: &mut impl postgres::GenericClient,
    url: &PostgresUrl,
    table: &str,
) -> Result<Vec<Column>, StoreError> {
    let rows = client
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' \
             ORDER BY ordinal_position",
            &[&table],
        )
        .map_err(|e| pg::error(url, e))?;
    rows.iter()
        .map(|r| {
            let name: String = r.get(0);
            let data_type: String = r.get(1);
            match Kind::of_postgres(&data_type) {
                Some(kind) => Ok(Column { name, kind }),
                None => Err(StoreError::Postgres {
                    url: url.to_string(),
                    detail: format!(
                        "column {name} of table {table} has type {data_type}, which no truce store uses"
                    ),
                }),
            }
        })
        .collect()
}

/// The target's transaction.
enum Sink<'a> {
    Sqlite {
        tx: rusqlite::Transaction<'a>,
        name: &'a str,
    },
    Postgres {
        tx: postgres::Transaction<'a>,
        url: &'a PostgresUrl,
    },
}

impl<'a> Sink<'a> {
    fn name(&self) -> String {
        match self {
            Sink::Sqlite { name, .. } => name.to_string(),
            Sink::Postgres { url, .. } => url.to_string(),
        }
    }

    /// A new store holds nothing but the counter of acts' changes at zero, which the
    /// copy replaces.
    fn check_empty(&mut self) -> Result<(), StoreError> {
        let to = self.name();
        for &table in COPIED_TABLES {
            if table == "acts_changes" {
                self.execute(&format!("DELETE FROM {}", quoted(table)))?;
                continue;
            }
            let sql = format!("SELECT count(*) FROM {}", quoted(table));
            let rows: i64 = match self {
                Sink::Sqlite { tx, name } => tx
                    .query_row(&sql, [], |r| r.get(0))
                    .map_err(|e| StoreError::from_sqlite(name, e))?,
                Sink::Postgres { tx, url } => tx
                    .query_one(&sql, &[])
                    .map_err(|e| pg::error(url, e))?
                    .get(0),
            };
            if rows > 0 {
                return Err(StoreError::TargetNotEmpty {
                    to,
                    table: table.to_string(),
                    rows,
                });
            }
        }
        Ok(())
    }

    fn execute(&mut self, sql: &str) -> Result<(), StoreError> {
        match self {
            Sink::Sqlite { tx, name } => tx
                .execute_batch(sql)
                .map_err(|e| StoreError::from_sqlite(name, e)),
            Sink::Postgres { tx, url } => tx.batch_execute(sql).map_err(|e| pg::error(url, e)),
        }
    }

    fn columns(&mut self, table: &str) -> Result<Vec<Column>, StoreError> {
        match self {
            Sink::Sqlite { tx, name } => sqlite_columns(tx, name, table),
            Sink::Postgres { tx, url } => postgres_columns(tx, url, table),
        }
    }

    fn writer<'s>(
        &'s mut self,
        table: &str,
        columns: &'s [Column],
    ) -> Result<RowWriter<'s>, StoreError> {
        let list = column_list(columns);
        match self {
            Sink::Sqlite { tx, name } => {
                let placeholders = (1..=columns.len())
                    .map(|i| format!("?{i}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "INSERT INTO {} ({list}) VALUES ({placeholders})",
                    quoted(table)
                );
                let stmt = tx
                    .prepare(&sql)
                    .map_err(|e| StoreError::from_sqlite(name, e))?;
                Ok(RowWriter::Sqlite { stmt, columns })
            }
            Sink::Postgres { tx, url } => {
                let sql = format!("COPY {} ({list}) FROM STDIN BINARY", quoted(table));
                let url: &PostgresUrl = url;
                let copy_in = tx.copy_in(&sql).map_err(|e| pg::error(url, e))?;
                let types: Vec<Type> = columns.iter().map(|c| c.kind.postgres_type()).collect();
                Ok(RowWriter::Postgres {
                    writer: BinaryCopyInWriter::new(copy_in, &types),
                    columns,
                    url,
                })
            }
        }
    }

    /// Rebuilds what the target derives, sets its numbering after the copied rows, and
    /// commits.
    fn commit(self) -> Result<(), StoreError> {
        match self {
            Sink::Sqlite { tx, name } => {
                let err = |e| StoreError::from_sqlite(name, e);
                tx.execute_batch("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')")
                    .map_err(err)?;
                tx.commit().map_err(err)
            }
            Sink::Postgres { mut tx, url } => {
                let err = |e| pg::error(url, e);
                let identities = tx
                    .query(
                        "SELECT table_name::text, column_name::text FROM information_schema.columns \
                         WHERE table_schema = current_schema() AND is_identity = 'YES'",
                        &[],
                    )
                    .map_err(err)?;
                for row in identities {
                    let (table, column): (String, String) = (row.get(0), row.get(1));
                    tx.execute(
                        &format!(
                            "SELECT setval(pg_get_serial_sequence($1, $2), \
                             coalesce((SELECT max({c}) FROM {t}), 0) + 1, false)",
                            c = quoted(&column),
                            t = quoted(&table)
                        ),
                        &[&quoted(&table), &column],
                    )
                    .map_err(err)?;
                }
                tx.commit().map_err(err)
            }
        }
    }
}

/// Writes one table's rows into the target.
enum RowWriter<'s> {
    Sqlite {
        stmt: rusqlite::Statement<'s>,
        columns: &'s [Column],
    },
    Postgres {
        writer: BinaryCopyInWriter<'s>,
        columns: &'s [Column],
        url: &'s PostgresUrl,
    },
}

impl RowWriter<'_> {
    /// Writes a row, or says why the target cannot hold it.
    fn write(&mut self, row: &[Value]) -> Result<(), String> {
        let columns = match self {
            RowWriter::Sqlite { columns, .. } | RowWriter::Postgres { columns, .. } => *columns,
        };
        for (value, column) in row.iter().zip(columns) {
            if !column.kind.holds(value) {
                return Err(format!(
                    "column {} holds {} where the target keeps {:?} values",
                    column.name,
                    describe(value),
                    column.kind
                ));
            }
        }
        match self {
            RowWriter::Sqlite { stmt, .. } => stmt
                .execute(rusqlite::params_from_iter(row.iter()))
                .map(drop)
                .map_err(|e| e.to_string()),
            RowWriter::Postgres { writer, .. } => {
                if let Some(column) = row
                    .iter()
                    .zip(columns.iter())
                    .find_map(|(v, c)| matches!(v, Value::Text(s) if s.contains('\0')).then_some(c))
                {
                    return Err(format!(
                        "column {} holds a NUL character, which PostgreSQL's text cannot",
                        column.name
                    ));
                }
                let values: Vec<sql::Arg> = row.iter().map(sql::Arg::from).collect();
                let params: Vec<&(dyn ToSql + Sync)> =
                    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
                writer.write(&params).map_err(|e| match e.as_db_error() {
                    Some(db) => db.message().to_string(),
                    None => e.to_string(),
                })
            }
        }
    }

    fn finish(self) -> Result<(), StoreError> {
        match self {
            RowWriter::Sqlite { .. } => Ok(()),
            RowWriter::Postgres { writer, url, .. } => {
                writer.finish().map(drop).map_err(|e| pg::error(url, e))
            }
        }
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Integer(n) => format!("the integer {n}"),
        Value::Real(x) => format!("the number {x}"),
        Value::Text(s) => {
            let shown: String = s.chars().take(40).collect();
            format!("the text {shown:?}")
        }
        Value::Blob(b) => format!("{} bytes", b.len()),
    }
}
