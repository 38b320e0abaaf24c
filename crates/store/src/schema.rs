//! Versioned migrations. Version N is the N-th entry of [`MIGRATIONS`]; the store's
//! `PRAGMA user_version` says how many have run. Append, never edit, a migration.

use crate::StoreError;
use rusqlite::Connection;

pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_documents.sql"),
    include_str!("../migrations/0002_mentions.sql"),
    include_str!("../migrations/0003_quotes.sql"),
    include_str!("../migrations/0004_events.sql"),
    include_str!("../migrations/0005_verifications.sql"),
    include_str!("../migrations/0006_link_index.sql"),
    include_str!("../migrations/0007_packed_mentions.sql"),
    include_str!("../migrations/0008_cluster_summaries.sql"),
    include_str!("../migrations/0009_provision_status.sql"),
    include_str!("../migrations/0010_agreements.sql"),
    include_str!("../migrations/0011_documents_by_published.sql"),
    include_str!("../migrations/0012_events_by_cluster_and_report.sql"),
    include_str!("../migrations/0013_fts_automerge.sql"),
    include_str!("../migrations/0014_drop_events_by_type_date.sql"),
    include_str!("../migrations/0015_acts_changes.sql"),
    include_str!("../migrations/0016_effective_acts.sql"),
    include_str!("../migrations/0017_finest_place.sql"),
    include_str!("../migrations/0018_acts_by_position.sql"),
    include_str!("../migrations/0019_casualties.sql"),
    include_str!("../migrations/0020_audit.sql"),
    include_str!("../migrations/0021_users.sql"),
    include_str!("../migrations/0022_sessions.sql"),
];

pub(crate) fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

fn version(conn: &Connection, path: &str) -> Result<i64, StoreError> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| StoreError::from_sqlite(path, e))
}

/// Refuses files that are SQLite but not ours, and stores made by a newer truce.
pub fn check_version(conn: &Connection, path: &str) -> Result<i64, StoreError> {
    let found = version(conn, path)?;
    if found > latest() {
        return Err(StoreError::TooNew {
            path: path.to_string(),
            found,
            known: latest(),
        });
    }
    if found == 0 {
        let tables: i64 = conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| StoreError::from_sqlite(path, e))?;
        if tables > 0 {
            return Err(StoreError::NotADatabase {
                path: path.to_string(),
                detail: "an SQLite database of another program".into(),
            });
        }
    }
    Ok(found)
}

/// Applies the migrations this store has not seen, each in its own transaction.
pub fn migrate(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    let found = check_version(conn, path)?;
    let sql_err = |e| StoreError::from_sqlite(path, e);
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = index as i64 + 1;
        let tx = conn.transaction().map_err(sql_err)?;
        tx.execute_batch(sql).map_err(sql_err)?;
        tx.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
        )
        .map_err(sql_err)?;
        tx.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
            rusqlite::params![version, chrono::Utc::now().to_rfc3339()],
        )
        .map_err(sql_err)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(sql_err)?;
        tx.commit().map_err(sql_err)?;
    }
    Ok(())
}
