use thiserror::Error;

/// What went wrong with the store, worded with the file and the remedy.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database {path} does not exist yet; run `truce ingest` first or pass --db")]
    Missing { path: String },
    #[error("database {path} is read-only; make it writable or pass another --db")]
    ReadOnly { path: String },
    #[error("database {path} is in use by another truce ingest (pid {holder}); wait for it to finish or pass another --db")]
    Busy { path: String, holder: String },
    #[error("{path} is not a truce database (SQLite says: {detail}); move it aside or pass another --db")]
    NotADatabase { path: String, detail: String },
    #[error("database {path} was written by a newer truce (schema {found}, this one knows up to {known}); upgrade truce")]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("database {path} has the schema of an older truce (version {found}) and cannot be upgraded now ({detail}); run a writing command such as `truce ingest` on it when it is free and writable")]
    Outdated {
        path: String,
        found: i64,
        detail: String,
    },
    #[error("id prefix {prefix} matches several documents; give more characters")]
    Ambiguous { prefix: String },
    #[error("cannot open database {path} ({detail}); check the path and its permissions")]
    CannotOpen { path: String, detail: String },
    #[error("no event {local} in a document whose id starts with {document}; `truce events --json` lists documents and event ids")]
    NoSuchEvent { document: String, local: String },
    #[error("no act #{cluster}; `truce events` lists the acts with their numbers")]
    NoSuchAct { cluster: i64 },
    #[error("user {name:?}: {why}")]
    BadUser { name: String, why: String },
    #[error("a token's label has 1 to 100 characters and no control characters (say what script uses it), not {label:?}")]
    BadTokenLabel { label: String },
    #[error("no token {id}{}; `truce tokens list` shows the tokens", .owner.as_ref().map(|o| format!(" of {o}")).unwrap_or_default())]
    NoSuchToken { id: i64, owner: Option<String> },
    #[error("act #{cluster} changed since it was read (the verdict names version {version}, the act is at version {current}); read the act again and decide on what it now says")]
    StaleAct {
        cluster: i64,
        version: i64,
        current: i64,
    },
    #[error("{0}")]
    BadCorrection(#[from] crate::verify::CorrectionError),
    #[error("no proposed agreement {id}; `truce agreements` lists them")]
    NoSuchAgreement { id: i64 },
    #[error("{decision:?} is not a decision on an agreement; use accepted, edited or rejected")]
    BadDecision { decision: String },
    #[error("no {kind} {id:?} to take as evidence: {why}")]
    NoSuchEvidence {
        kind: String,
        id: String,
        why: String,
    },
    #[error("a search takes at most {max} different words; this one has more: search for fewer")]
    TooManyWords { max: usize },
    #[error("database {path}: the query was stopped before it finished (it ran past its time or its asker left)")]
    Interrupted { path: String },
    #[error("database {path} is damaged (SQLite says: {detail}); `truce check` shows what is damaged: restore the file from a backup, or run `truce check --repair-index` if only the derived tables are")]
    Damaged { path: String, detail: String },
    #[error(
        "database {path}: {detail}; if this recurs, `truce check` looks for damage in the store"
    )]
    Sqlite { path: String, detail: String },
    #[error("cannot connect to database {url} (PostgreSQL: {detail}); check the URL, that the server runs and accepts this user, and that the database exists")]
    CannotConnect { url: String, detail: String },
    #[error("database {url}: this command does not work on a PostgreSQL store yet; copy the store into a file with `truce migrate {url} FILE` and pass --db FILE")]
    NotYetOnPostgres { url: String },
    #[error("database {url}: PostgreSQL says: {detail}")]
    Postgres { url: String, detail: String },
    #[error("database {url}: another writer's transaction and this one waited on each other (PostgreSQL: {detail}); this one was rolled back whole and may be run again")]
    Conflict { url: String, detail: String },
    #[error("cannot copy into {to}: it already holds data ({rows} rows in {table}); `truce migrate` copies into a new, empty store: name a new file or an empty database")]
    TargetNotEmpty {
        to: String,
        table: String,
        rows: i64,
    },
    #[error("store {store} holds a table this truce does not know ({table}), which a copy would lose; copy it with the truce that made the store")]
    UnknownTable { store: String, table: String },
    #[error("cannot copy {from} into itself; name another store to copy into")]
    SameStore { from: String },
    #[error("cannot copy table {table} from {from} to {to}: {why}")]
    CannotCopy {
        from: String,
        to: String,
        table: String,
        why: String,
    },
}

impl StoreError {
    /// Whether the write was rolled back only because another writer's transaction
    /// conflicted with it (a deadlock or a serialisation failure): the same write run
    /// again in a new transaction may well succeed.
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict { .. })
    }

    pub(crate) fn cannot_open(path: &str, e: impl std::fmt::Display) -> Self {
        StoreError::CannotOpen {
            path: path.to_string(),
            detail: e.to_string(),
        }
    }

    pub(crate) fn from_sqlite(path: &str, e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::*;
        let path = path.to_string();
        match e.sqlite_error_code() {
            Some(NotADatabase) => StoreError::NotADatabase {
                path,
                detail: e.to_string(),
            },
            Some(DatabaseCorrupt) => StoreError::Damaged {
                path,
                detail: e.to_string(),
            },
            Some(ReadOnly) => StoreError::ReadOnly { path },
            Some(OperationInterrupted) => StoreError::Interrupted { path },
            Some(CannotOpen) | Some(PermissionDenied) => StoreError::CannotOpen {
                path,
                detail: e.to_string(),
            },
            _ => StoreError::Sqlite {
                path,
                detail: e.to_string(),
            },
        }
    }
}
