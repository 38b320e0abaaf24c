//! The store on a PostgreSQL server: connecting, and the schema's versioned migrations
//! (`migrations/postgres/`, the counterpart of the SQLite migrations at their latest).
//!
//! Several truce processes may open one database at once (ingest workers on several
//! machines), so migrations run under a transaction-scoped advisory lock: the first
//! process applies them, the others wait and then find nothing left to do.

use crate::{PostgresUrl, StoreError};
use postgres::{Client, GenericClient, NoTls};

/// The PostgreSQL schema's migrations, in order; `schema_migrations` records those run.
/// Append, never edit, a migration.
pub(crate) const MIGRATIONS: &[&str] = &[include_str!("../migrations/postgres/0001_store.sql")];

/// The advisory lock key that serialises migrations ("truce" in ASCII).
const MIGRATION_LOCK: i64 = 0x0074_7275_6365;

/// The error for a failure the server reported, worded with the database's URL.
pub(crate) fn error(url: &PostgresUrl, e: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    let (url, detail) = (url.to_string(), describe(&e));
    match e.code() {
        Some(&SqlState::T_R_DEADLOCK_DETECTED) | Some(&SqlState::T_R_SERIALIZATION_FAILURE) => {
            StoreError::Conflict { url, detail }
        }
        _ => StoreError::Postgres { url, detail },
    }
}

/// The server's own message (with its detail) where there is one: it says more than the
/// client's summary ("db error").
pub(crate) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(more) => format!("{} ({more})", db.message()),
            None => db.message().to_string(),
        },
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}

/// Connects without TLS (a server on this machine or a private network; put a TLS
/// tunnel in front of one further away).
pub(crate) fn connect(url: &PostgresUrl) -> Result<Client, StoreError> {
    Client::connect(url.secret(), NoTls).map_err(|e| StoreError::CannotConnect {
        url: url.to_string(),
        detail: describe(&e),
    })
}

/// How many migrations this database has run; refuses databases of other programs and
/// of a newer truce.
pub(crate) fn check_version(client: &mut Client, url: &PostgresUrl) -> Result<i64, StoreError> {
    let err = |e| error(url, e);
    let has_table: bool = client
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .map_err(err)?
        .get(0);
    let found: i64 = if has_table {
        client
            .query_one(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )
            .map_err(err)?
            .get(0)
    } else {
        0
    };
    if found > MIGRATIONS.len() as i64 {
        return Err(StoreError::TooNew {
            path: url.to_string(),
            found,
            known: MIGRATIONS.len() as i64,
        });
    }
    if found == 0 {
        refuse_foreign_tables(client, url)?;
    }
    Ok(found)
}

/// A database that has run no migration of ours must be empty: truce never writes its
/// tables beside another program's.
fn refuse_foreign_tables(
    client: &mut impl GenericClient,
    url: &PostgresUrl,
) -> Result<(), StoreError> {
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'",
            &[],
        )
        .map_err(|e| error(url, e))?
        .get(0);
    if tables > 0 {
        return Err(StoreError::NotADatabase {
            path: url.to_string(),
            detail: format!("a PostgreSQL database with {tables} tables of another program"),
        });
    }
    Ok(())
}

/// Applies the migrations this database has not run, each in its own transaction under
/// the migration lock.
pub(crate) fn migrate(client: &mut Client, url: &PostgresUrl) -> Result<(), StoreError> {
    let err = |e| error(url, e);
    loop {
        let mut tx = client.transaction().map_err(err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(err)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        )
        .map_err(err)?;
        let found: i64 = tx
            .query_one(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )
            .map_err(err)?
            .get(0);
        let Some(sql) = MIGRATIONS.get(found as usize) else {
            return tx.commit().map_err(err);
        };
        if found == 0 {
            refuse_foreign_tables(&mut tx, url)?;
        }
        tx.batch_execute(sql).map_err(err)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
            &[&(found + 1), &chrono::Utc::now().to_rfc3339()],
        )
        .map_err(err)?;
        tx.commit().map_err(err)?;
    }
}

/// Connects to the store at `url` for `mode`: a writer creates the schema in an empty
/// database; a reader finds a store there or is told there is none, and an older store is
/// upgraded first (as an SQLite store is by a short writing open).
pub(crate) fn open(url: &PostgresUrl, mode: crate::Mode) -> Result<Client, StoreError> {
    let mut client = connect(url)?;
    match mode {
        crate::Mode::Write => migrate(&mut client, url)?,
        crate::Mode::Read => {
            let found = check_version(&mut client, url)?;
            if found == 0 {
                return Err(StoreError::Missing {
                    path: url.to_string(),
                });
            }
            if found < MIGRATIONS.len() as i64 {
                migrate(&mut client, url)?;
            }
        }
    }
    Ok(client)
}

/// A new, empty database on a PostgreSQL server, dropped with everything in it when this
/// is dropped: a fresh store for each run of a benchmark against a server the user names
/// (the user needs the right to create databases).
pub struct ScratchDatabase {
    server: PostgresUrl,
    name: String,
    url: PostgresUrl,
}

impl ScratchDatabase {
    /// Creates `truce_scratch_<label>_<process>_<n>` on the server `server` names.
    pub fn create(server: &PostgresUrl, label: &str) -> Result<ScratchDatabase, StoreError> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "truce_scratch_{label}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut client = connect(server)?;
        // a database is created outside any transaction, one statement at a time
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .and_then(|()| client.batch_execute(&format!("CREATE DATABASE {name}")))
            .map_err(|e| error(server, e))?;
        Ok(ScratchDatabase {
            server: server.clone(),
            url: server.with_database(&name),
            name,
        })
    }

    /// The scratch database's URL.
    pub fn url(&self) -> &PostgresUrl {
        &self.url
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = connect(&self.server) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}
