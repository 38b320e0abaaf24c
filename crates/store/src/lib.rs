//! The truce store: one SQLite file holding the reports and their raw copies, what
//! analysis found in each (mentions, quotations, events), the acts the linker made of the
//! events, and the analysts' records (verdicts, splits and joins, decisions on proposed
//! agreements, provision statuses). The main types: [`Store`], [`Batch`] (every write),
//! [`Act`] (a real-world event as listed), [`StoredEvent`] (one report's event).
//!
//! Invariants:
//! - migrations are versioned (`PRAGMA user_version`) and applied on open, each in its
//!   own transaction, and recorded with the time they ran;
//! - writes happen in [`Batch`]es, one SQLite transaction each, so a process killed at
//!   any moment leaves every document either wholly stored or absent;
//! - only one writer at a time: [`Store::open`] in [`Mode::Write`] takes an exclusive
//!   lock on `FILE.lock` (released by the OS even when the process is killed);
//! - nothing is deleted: a second copy of a report adds a source, never replaces one.

mod agreements;
mod audit;
mod checkpoint;
pub mod copy;
mod entities;
mod error;
mod events;
mod export;
mod location;
mod pg;
mod provisions;
mod schema;
mod sessions;
mod sql;
mod summaries;
mod users;
mod verify;

pub use agreements::{
    check_agreement_edit, StoredAgreement, AGREEMENT_DECISIONS, AGREEMENT_FIELDS,
    AGREEMENT_STATUSES,
};
pub use audit::{AuditCheck, AuditEntry, AuditFault, COMMAND_LINE};
pub use entities::{StoredEntity, ENTITY_KINDS};
pub use error::StoreError;
pub use events::{
    Act, ActPoint, ActPosition, ActorPoint, Area, Claim, DayKey, Decision, Dispute, EventFilter,
    GridCell, NewEventLinks, StoredEvent, TimelinePoint, Within, EVENTS_SHOWN_PER_ACT,
    VERDICT_FILTERS,
};
pub use export::{ExportOptions, ExportRow};
pub use location::{Location, PostgresUrl};
pub use pg::ScratchDatabase;
pub use sessions::{Token, SESSION_HOURS};
pub use users::User;
pub use verify::{
    date_precision, Correction, CorrectionError, FieldChange, PlaceCorrection, Standing,
    VerdictRequest, Verification, STATUSES,
};

use chrono::Utc;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use truce_model::{
    Dateline, Document, DocumentId, DocumentMeta, Fingerprint, Mentions, RemovedBoilerplate, Span,
};

/// How a store is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Listing and reading; works on read-only files and beside a running ingest.
    Read,
    /// Ingesting; creates the file if needed and takes the writer lock.
    Write,
}

/// An open store.
pub struct Store {
    engine: Engine,
    path: PathBuf,
    writer_lock: Option<File>,
    /// The entity rows this connection has written, so that a report naming the same
    /// states and places as the thousand before it writes nothing for them.
    entities: EntityCache,
    /// Checkpoints on a thread of their own, once [`Store::checkpoint_in_background`]
    /// asked for them.
    checkpointer: Option<checkpoint::Checkpointer>,
}

/// What a part of truce not yet written for both engines answers on a PostgreSQL store.
fn not_yet(pg: &std::cell::RefCell<sql::PgConn>) -> StoreError {
    StoreError::NotYetOnPostgres {
        url: pg.borrow().url.to_string(),
    }
}

/// The engine a store is kept in, and the connection to it.
enum Engine {
    Sqlite(Connection),
    /// Behind a cell: the PostgreSQL client needs `&mut` for every statement, and the
    /// store's readers take `&self` (a store is used by one thread at a time).
    Postgres(std::cell::RefCell<sql::PgConn>),
}

/// What this connection knows the `entities` table holds: a hash of each row's name and
/// detail by kind and id. Only rows it committed itself go in, and it is emptied when
/// another connection has committed since (SQLite's `data_version` tells).
#[derive(Debug, Default)]
struct EntityCache {
    data_version: Option<i64>,
    rows: std::collections::HashMap<(&'static str, String), u64>,
}

/// A hash of an entity row's name and detail.
fn entity_hash(name: &str, detail: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (name, detail).hash(&mut h);
    h.finish()
}

/// What storing one raw copy did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PutOutcome {
    /// A new report.
    New,
    /// A new copy of a report already stored (same fingerprint, other raw bytes).
    NewSource,
    /// These exact bytes were stored before.
    Duplicate,
}

/// One raw copy of a report to store.
pub struct NewSource<'a> {
    pub document: &'a Document,
    pub raw: &'a [u8],
    pub origin: &'a str,
    pub format: &'a str,
    pub encoding: &'a str,
    /// What analysis found in the document, stored when the report is new; `analyser`
    /// names the version that found it.
    pub analysis: Option<(&'a Mentions, &'a str)>,
}

/// One stored quotation with its report, as `truce quotes` lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredQuote {
    pub document: String,
    pub published: Option<String>,
    pub kind: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The speaker's actor id.
    pub speaker: Option<String>,
    /// The speaker's name from knowledge, else as the report names them.
    pub speaker_label: Option<String>,
    /// The words that name the speaker in the report.
    pub speaker_name: Option<String>,
    pub speaker_actors: Vec<String>,
    pub cue: Option<String>,
    pub flags: Vec<String>,
}

/// One stored mention, as `truce show` and queries read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredMention {
    pub kind: String,
    pub entity: Option<String>,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub prefix: String,
    pub suffix: String,
    pub precision: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// A row of a document listing.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub dateline: Option<String>,
    pub sources: i64,
    pub bytes: i64,
    /// The opening words of the text, for reports without a title.
    pub lead: String,
    /// The matching passage, for full-text searches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// Which documents a list shows.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    /// Words that must all occur (full-text search).
    pub search: Option<String>,
    /// Words of the publisher's name.
    pub publisher: Option<String>,
    /// ISO days, inclusive, on the publication time as written.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// The columns of `documents d` a [`DocumentSummary`] is read from, then a snippet.
pub(crate) const DOCUMENT_SUMMARY: &str =
    "d.id, d.title, d.publisher, d.published, d.dateline_text, \
     (SELECT count(*) FROM sources s WHERE s.document_id = d.id), length(CAST(d.text AS BLOB)), \
     substr(d.text, 1, 100)";

/// [`DOCUMENT_SUMMARY`] as each engine words it (PostgreSQL counts a text's bytes with
/// octet_length).
pub(crate) fn document_summary_columns(postgres: bool) -> String {
    if postgres {
        DOCUMENT_SUMMARY.replace("length(CAST(d.text AS BLOB))", "octet_length(d.text)")
    } else {
        DOCUMENT_SUMMARY.to_string()
    }
}

/// A row of [`DOCUMENT_SUMMARY`] and a snippet (or NULL), from either engine.
pub(crate) fn document_summary_of(r: &sql::Row) -> Result<DocumentSummary, StoreError> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        title: r.get(1)?,
        publisher: r.get(2)?,
        published: r.get(3)?,
        dateline: r.get(4)?,
        sources: r.get(5)?,
        bytes: r.get(6)?,
        lead: r.get(7)?,
        snippet: r.get(8)?,
    })
}

/// How much of a store each connection maps into memory for reading.
const MMAP_BYTES: i64 = 1 << 31;

/// One raw copy as stored (without its bytes).
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    pub id: String,
    pub origin: String,
    pub format: String,
    pub encoding: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub bytes: i64,
    pub ingested_at: String,
}

/// A stored document with its sources.
#[derive(Debug, Clone, Serialize)]
pub struct StoredDocument {
    #[serde(flatten)]
    pub document: Document,
    pub ingested_at: String,
    pub sources: Vec<SourceSummary>,
}

impl Store {
    /// Opens (in write mode: creates) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path, mode: Mode) -> Result<Store, StoreError> {
        if let Location::Postgres(url) = Location::from_path(path) {
            return Store::open_postgres(&url, mode);
        }
        let display = path.display().to_string();
        let writer_lock = match mode {
            Mode::Write => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| StoreError::cannot_open(&display, e))?;
                }
                Some(takewriter_lock(path)?)
            }
            Mode::Read => {
                if !path.exists() {
                    return Err(StoreError::Missing { path: display });
                }
                None
            }
        };
        let flags = match mode {
            Mode::Read => OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            Mode::Write => {
                OpenFlags::SQLITE_OPEN_READ_WRITE
                    | OpenFlags::SQLITE_OPEN_CREATE
                    | OpenFlags::SQLITE_OPEN_NO_MUTEX
            }
        };
        let conn = Connection::open_with_flags(path, flags)
            .map_err(|e| StoreError::from_sqlite(&display, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(|e| StoreError::from_sqlite(&display, e))?;
        // a batch cycles through a few dozen statements; the default cache of 16 would
        // prepare them again and again
        conn.set_prepared_statement_cache_capacity(64);
        if mode == Mode::Write && conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(StoreError::ReadOnly { path: display });
        }
        let mut store = Store {
            engine: Engine::Sqlite(conn),
            path: path.to_path_buf(),
            writer_lock,
            entities: EntityCache::default(),
            checkpointer: None,
        };
        match mode {
            Mode::Write => {
                store.pragma("journal_mode", "WAL")?;
                store.pragma("synchronous", "NORMAL")?;
                store.pragma("foreign_keys", "ON")?;
                // A 64 MB page cache and checkpoints every ~200 MB of WAL: ingest writes in
                // large batches, and a page changed by several batches is copied into the
                // store once per checkpoint (100,000 reports without analysis: 7 % faster
                // than with checkpoints every ~40 MB).
                store.pragma("cache_size", "-65536")?;
                store.pragma("wal_autocheckpoint", "50000")?;
                schema::migrate(store.conn_mut()?, &display)?;
            }
            Mode::Read => {
                // Readers map the file rather than copy each page through read(2): a scan
                // of a million acts spent most of its time in the kernel copying pages (an
                // export of 567,380 acts: 5.0 s, 2.1 s of them system time). SQLite caps
                // the mapping at its own limit (2 GB as built here) and reads the rest as
                // before. A writer does not: what it maps of the file it reads (linking
                // reads the acts of recent days) would count as its memory.
                store.pragma("mmap_size", &MMAP_BYTES.to_string())?;
                let found = schema::check_version(store.conn()?, &display)?;
                // a store of an older truce is upgraded once, by a short writing open;
                // reading it as it is would fail on the tables it lacks
                if found > 0 && found < schema::latest() {
                    drop(store);
                    drop(
                        Store::open(path, Mode::Write).map_err(|e| StoreError::Outdated {
                            path: display.clone(),
                            found,
                            detail: e.to_string(),
                        })?,
                    );
                    return Store::open(path, Mode::Read);
                }
            }
        }
        Ok(store)
    }

    /// Copies the write-ahead log into the database on a thread of its own from now on,
    /// instead of inside the commits that fill it (see the `checkpoint` module): for bulk
    /// ingest, where the storing thread bounds the pipeline. A store opened for reading,
    /// or one that already does, is left as it is.
    pub fn checkpoint_in_background(&mut self) -> Result<(), StoreError> {
        if self.writer_lock.is_none() || self.checkpointer.is_some() {
            return Ok(());
        }
        let checkpointer = checkpoint::Checkpointer::start(&self.path)?;
        self.pragma("wal_autocheckpoint", "0")?;
        self.checkpointer = Some(checkpointer);
        Ok(())
    }

    /// A store in a PostgreSQL database: several processes may write to it at once, so
    /// no writer's lock is taken; a writer creates the schema in an empty database.
    fn open_postgres(url: &PostgresUrl, mode: Mode) -> Result<Store, StoreError> {
        let client = pg::open(url, mode)?;
        Ok(Store {
            engine: Engine::Postgres(std::cell::RefCell::new(sql::PgConn::new(
                client,
                url.clone(),
            ))),
            path: PathBuf::from(url.to_string()),
            writer_lock: None,
            entities: EntityCache::default(),
            checkpointer: None,
        })
    }

    /// The SQLite connection, for what is not yet written for both engines: on a
    /// PostgreSQL store that part of truce refuses with advice instead.
    pub(crate) fn conn(&self) -> Result<&Connection, StoreError> {
        match &self.engine {
            Engine::Sqlite(conn) => Ok(conn),
            Engine::Postgres(pg) => Err(not_yet(pg)),
        }
    }

    pub(crate) fn conn_mut(&mut self) -> Result<&mut Connection, StoreError> {
        match &mut self.engine {
            Engine::Sqlite(conn) => Ok(conn),
            Engine::Postgres(pg) => Err(not_yet(pg)),
        }
    }

    /// Where this store's statements run, whichever engine holds it.
    pub(crate) fn db(&self) -> sql::Db<'_> {
        match &self.engine {
            Engine::Sqlite(conn) => sql::Db::Sqlite {
                conn,
                path: self.path.to_str().unwrap_or("the store"),
            },
            Engine::Postgres(pg) => sql::Db::Postgres(pg),
        }
    }

    fn pragma(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.conn()?
            .pragma_update(None, name, value)
            .map_err(|e| StoreError::from_sqlite(&self.path.display().to_string(), e))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path.display().to_string(), e)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with SQLite asking `stop` every few thousand steps of its work whether to
    /// go on: once `stop` says yes (a deadline passed, the asker left) the statement ends
    /// with [`StoreError::Interrupted`]. Reads only: a write interrupted would roll back.
    pub fn interruptible<T>(
        &self,
        stop: impl FnMut() -> bool + Send + std::panic::RefUnwindSafe + 'static,
        f: impl FnOnce(&Store) -> T,
    ) -> T {
        /// SQLite's virtual machine steps between two questions: about a millisecond.
        const STEPS: std::os::raw::c_int = 10_000;
        let Engine::Sqlite(conn) = &self.engine else {
            // PostgreSQL's statements end at the server's statement_timeout instead
            return f(self);
        };
        conn.progress_handler(STEPS, Some(stop));
        let out = f(self);
        conn.progress_handler(STEPS, None::<fn() -> bool>);
        out
    }

    /// The schema version of this store.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        let sql = match self.engine {
            Engine::Sqlite(_) => "PRAGMA user_version",
            Engine::Postgres(_) => "SELECT coalesce(max(version), 0) FROM schema_migrations",
        };
        self.db().first(sql, &[])?.map_or(Ok(0), |r| r.get(0))
    }

    /// Writes, in a short transaction of its own, the entity rows (actors, places) that
    /// `analyses` name and this connection has not written as they are. Called before the
    /// batch that stores the reports, so that two ingest workers naming the same new place
    /// wait on each other for this transaction only, never for each other's whole batch
    /// (PostgreSQL holds a new row's key until its transaction ends). An entity row is a
    /// name in the store's catalogue, not part of a report: one written before a batch
    /// that then fails leaves nothing half-written.
    pub fn put_entities_named<'a>(
        &mut self,
        analyses: impl IntoIterator<Item = &'a Mentions>,
    ) -> Result<(), StoreError> {
        let mut batch = self.batch()?;
        batch.put_entity_rows(analyses)?;
        if batch.written_entities.is_empty() {
            return Ok(());
        }
        batch.commit()
    }

    /// Starts a batch of writes: one transaction, committed by [`Batch::commit`] and rolled
    /// back if dropped uncommitted.
    pub fn batch(&mut self) -> Result<Batch<'_>, StoreError> {
        let path = self.path.display().to_string();
        if self.checkpointer.as_ref().is_some_and(|c| c.caught_up()) {
            // the rest of the log, so that this batch starts it again (see `checkpoint`)
            self.conn()?
                .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                .map_err(|e| StoreError::from_sqlite(&path, e))?;
        }
        let last = |db: sql::Db<'_>, table: &str| -> Result<i64, StoreError> {
            db.first(&format!("SELECT coalesce(max(rowid), 0) FROM {table}"), &[])?
                .map_or(Ok(0), |r| r.get(0))
        };
        let (tx, indexed_up_to, events_before) = match &mut self.engine {
            Engine::Sqlite(conn) => {
                let tx = conn
                    .transaction()
                    .map_err(|e| StoreError::from_sqlite(&path, e))?;
                let db = sql::Db::Sqlite {
                    conn: &tx,
                    path: &path,
                };
                let (documents, events) = (last(db, "documents")?, last(db, "events")?);
                let data_version: i64 = tx
                    .query_row("PRAGMA data_version", [], |r| r.get(0))
                    .map_err(|e| StoreError::from_sqlite(&path, e))?;
                if self.entities.data_version != Some(data_version) {
                    self.entities.rows.clear();
                    self.entities.data_version = Some(data_version);
                }
                (BatchTx::Sqlite(tx), documents, events)
            }
            Engine::Postgres(pg) => {
                let tx = PgTransaction::begin(pg)?;
                let db = sql::Db::Postgres(pg);
                // The entity rows this connection wrote stay known across batches: another
                // writer may since have written one of them again, from its own analysis of
                // another report, and a row is the latest analysis's either way. (Clearing
                // them made every report write every entity it names again: half of all
                // statements.)
                let (documents, events) = (last(db, "documents")?, last(db, "events")?);
                (BatchTx::Postgres(tx), documents, events)
            }
        };
        Ok(Batch {
            tx,
            entities: &mut self.entities,
            written_entities: Default::default(),
            checkpointer: self.checkpointer.as_ref(),
            path,
            now: Utc::now().to_rfc3339(),
            indexed_up_to,
            events_before,
            moved: Vec::new(),
            fresh: summaries::Fresh::default(),
            held: Vec::new(),
            origin: audit::COMMAND_LINE.to_string(),
        })
    }

    /// Whether a file with this size and modification time was fully ingested before.
    pub fn is_unchanged(&self, path: &str, size: u64, mtime_ns: i64) -> Result<bool, StoreError> {
        Ok(self
            .db()
            .first(
                "SELECT 1 FROM seen_files WHERE path = ?1 AND size = ?2 AND mtime_ns = ?3",
                &[path.into(), (size as i64).into(), mtime_ns.into()],
            )?
            .is_some())
    }

    /// Numbers of documents and of raw copies.
    pub fn counts(&self) -> Result<(i64, i64), StoreError> {
        let r = self.db().first(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sources)",
            &[],
        )?;
        r.map_or(Ok((0, 0)), |r| Ok((r.get(0)?, r.get(1)?)))
    }

    /// Lists documents, newest publication first; with `search`, those matching every word,
    /// best match first.
    pub fn list_documents(
        &self,
        search: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocumentSummary>, StoreError> {
        let filter = DocumentFilter {
            search: search.map(str::to_string),
            ..Default::default()
        };
        self.documents(&filter, limit, offset)
    }

    /// The documents `f` selects, newest publication first, or best match first when it
    /// searches words.
    pub fn documents(
        &self,
        f: &DocumentFilter,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<DocumentSummary>, StoreError> {
        let postgres = matches!(self.engine, Engine::Postgres(_));
        let columns = document_summary_columns(postgres);
        // ?1 the search, ?2 limit, ?3 offset, ?4 publisher, ?5 from, ?6 to; a day bound
        // compares with the publication time as written, in the reporter's own offset
        // ("~" sorts after the time that follows the day); the casts tell PostgreSQL what
        // an absent filter is
        let conditions =
            "(CAST(?4 AS TEXT) IS NULL OR lower(coalesce(d.publisher, '')) LIKE '%' || lower(?4) || '%') \
             AND (CAST(?5 AS TEXT) IS NULL OR d.published >= ?5) \
             AND (CAST(?6 AS TEXT) IS NULL OR d.published <= ?6 || '~')";
        let words = f.search.as_deref().map(search_words).transpose()?;
        let words = words.filter(|w| !w.is_empty());
        let query = match (&words, postgres) {
            (None, _) => None,
            // every word, stemmed as the index is
            (Some(w), true) => Some(w.join(" ")),
            (Some(w), false) => Some(fts_query(w)),
        };
        let sql = match (&query, postgres) {
            (Some(_), false) => format!(
                "SELECT {columns}, snippet(documents_fts, 1, '[', ']', '…', 12) \
                 FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid \
                 WHERE documents_fts MATCH ?1 AND {conditions} ORDER BY rank LIMIT ?2 OFFSET ?3"
            ),
            (Some(_), true) => format!(
                "SELECT {columns}, ts_headline('english', d.text, plainto_tsquery('english', ?1), \
                 'StartSel=[, StopSel=], MaxWords=12, MinWords=6, MaxFragments=1, FragmentDelimiter=…') \
                 FROM documents d WHERE d.search @@ plainto_tsquery('english', ?1) AND {conditions} \
                 ORDER BY ts_rank(d.search, plainto_tsquery('english', ?1)) DESC, d.rowid \
                 LIMIT ?2 OFFSET ?3"
            ),
            (None, _) => format!(
                "SELECT {columns}, NULL FROM documents d WHERE CAST(?1 AS TEXT) IS NULL AND {conditions} \
                 ORDER BY d.published DESC NULLS LAST, d.rowid DESC LIMIT ?2 OFFSET ?3"
            ),
        };
        self.db()
            .rows(
                &sql,
                &[
                    query.as_ref().into(),
                    (limit as i64).into(),
                    (offset as i64).into(),
                    f.publisher.as_ref().into(),
                    f.from.as_ref().into(),
                    f.to.as_ref().into(),
                ],
            )?
            .iter()
            .map(document_summary_of)
            .collect()
    }

    /// The listing rows of the documents `ids` names, in that order; ids of no stored
    /// document are left out. What a page shows for a report instead of its hash.
    pub fn document_summaries(&self, ids: &[String]) -> Result<Vec<DocumentSummary>, StoreError> {
        let db = self.db();
        let sql = format!(
            "SELECT {}, NULL FROM documents d WHERE d.id = ?1",
            document_summary_columns(db.is_postgres())
        );
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(r) = db.first(&sql, &[id.into()])? {
                out.push(document_summary_of(&r)?);
            }
        }
        Ok(out)
    }

    /// The mentions stored for a document, in text order; empty when it was stored
    /// before analysis existed.
    pub fn mentions(&self, document_id: &str) -> Result<Vec<StoredMention>, StoreError> {
        let db = self.db();
        // rows of reports stored before mentions were packed, and packed lists; each
        // branch filtered to the one report (the view all_mentions reads both for the
        // whole store)
        let sql = format!(
            "WITH m AS ( \
               SELECT m.kind, m.entity, m.start, m.\"end\", m.text, m.prefix, m.suffix, m.precision, m.lat, m.lon \
               FROM mentions m JOIN documents d ON d.rowid = m.doc WHERE d.id = ?1 \
               UNION ALL \
               SELECT j.value ->> 0, j.value ->> 1, CAST(j.value ->> 2 AS BIGINT), CAST(j.value ->> 3 AS BIGINT), \
                      j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, \
                      CAST(j.value ->> 8 AS DOUBLE PRECISION), CAST(j.value ->> 9 AS DOUBLE PRECISION) \
               FROM analyses a, {} WHERE a.document_id = ?1) \
             SELECT m.kind, m.entity, coalesce(e.name, m.text), m.start, m.\"end\", m.text, m.prefix, m.suffix, m.precision, m.lat, m.lon \
             FROM m LEFT JOIN entities e ON e.kind = m.kind AND e.id = m.entity \
             ORDER BY m.start, m.\"end\" DESC, m.kind",
            db.json_values("a.mentions", "j")
        );
        db.rows(&sql, &[document_id.into()])?
            .iter()
            .map(|r| {
                Ok(StoredMention {
                    kind: r.get(0)?,
                    entity: r.get(1)?,
                    label: r.get(2)?,
                    start: r.get::<i64>(3)? as usize,
                    end: r.get::<i64>(4)? as usize,
                    text: r.get(5)?,
                    prefix: r.get(6)?,
                    suffix: r.get(7)?,
                    precision: r.get(8)?,
                    lat: r.get(9)?,
                    lon: r.get(10)?,
                })
            })
            .collect()
    }

    /// Stored quotations, newest report first: by speaker (an actor id, or words of the
    /// speaker's name or the words that named them), by words of the quotation, and by
    /// report (a document id).
    pub fn quotes(
        &self,
        speaker: Option<&str>,
        search: Option<&str>,
        document: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<StoredQuote>, StoreError> {
        let mut sql = quote_select(self.db());
        let mut args: Vec<String> = Vec::new();
        if let Some(sp) = speaker {
            args.push(sp.to_string());
            let n = args.len();
            args.push(format!("%{}%", sp.to_lowercase()));
            sql.push_str(&format!(
                " AND (q.speaker = ?{n} OR lower(coalesce(e.name, '')) LIKE ?{m} OR lower(coalesce(q.speaker_name, '')) LIKE ?{m} OR q.speaker_actors LIKE '%\"' || ?{n} || '\"%')",
                m = n + 1
            ));
        }
        for word in search_words(search.unwrap_or(""))? {
            args.push(format!("%{word}%"));
            sql.push_str(&format!(" AND lower(q.text) LIKE ?{}", args.len()));
        }
        if let Some(d) = document {
            args.push(d.to_string());
            sql.push_str(&format!(" AND d.id = ?{}", args.len()));
        }
        sql.push_str(&format!(
            "{} LIMIT {limit} OFFSET {offset}",
            quote_order(self.db())
        ));
        let args = crate::sql::text_args(&args);
        self.db()
            .rows(&sql, &args)?
            .iter()
            .map(read_quote)
            .collect()
    }

    /// The newest `limit` quotations spoken by any of `speakers` (actor ids: the speaker,
    /// or one of a speaking document's authors or a group's members) in reports
    /// published on or after `since` (with `None`, in any report, dated or not). Ids
    /// only, no names: what a regime's evidence and an actor's page need.
    pub fn quotes_of(
        &self,
        speakers: &[&str],
        since: Option<&str>,
        limit: usize,
    ) -> Result<Vec<StoredQuote>, StoreError> {
        let db = self.db();
        // two texts rather than "?1 IS NULL OR ...", which would keep SQLite from walking
        // the reports by publication time
        let published = if since.is_some() {
            "d.published >= ?1"
        } else {
            "CAST(?1 AS TEXT) IS NULL"
        };
        let (wanted, theirs) = (
            db.json_texts("?2", "w"),
            db.json_texts("q.speaker_actors", "j"),
        );
        let sql = format!(
            "{} AND {published} AND (q.speaker IN (SELECT w.value FROM {wanted}) \
             OR EXISTS (SELECT 1 FROM {theirs} WHERE j.value IN (SELECT w.value FROM {wanted}))) \
             {} LIMIT {limit}",
            quote_select(db),
            quote_order(db)
        );
        let ids = serde_json::to_string(speakers).expect("ids serialise");
        db.rows(&sql, &[since.into(), (&ids).into()])?
            .iter()
            .map(read_quote)
            .collect()
    }

    /// A document by its id, the id of any of its raw copies, or a unique prefix of either
    /// (at least 6 characters).
    pub fn get_document(&self, id: &str) -> Result<Option<StoredDocument>, StoreError> {
        let id = id.trim().to_ascii_lowercase();
        if id.len() < 6 || !id.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let pattern = format!("{id}%");
        let ids: Vec<String> = self
            .db()
            .rows(
                "SELECT DISTINCT d.id FROM documents d LEFT JOIN sources s ON s.document_id = d.id \
                 WHERE d.id LIKE ?1 OR s.id LIKE ?1 LIMIT 2",
                &[(&pattern).into()],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect::<Result<_, _>>()?;
        match ids.as_slice() {
            [one] => self.load_document(one).map(Some),
            [] => Ok(None),
            _ => Err(StoreError::Ambiguous { prefix: id }),
        }
    }

    fn load_document(&self, id: &str) -> Result<StoredDocument, StoreError> {
        let db = self.db();
        let Some(r) = db.first(
            "SELECT id, fingerprint, title, publisher, url, published, language, dateline_text, \
             dateline_start, dateline_end, dateline_agency, text, removed_json, ingested_at \
             FROM documents WHERE id = ?1",
            &[id.into()],
        )?
        else {
            return Err(StoreError::Damaged {
                path: self.path.display().to_string(),
                detail: format!("report {id} was listed but is gone"),
            });
        };
        let published: Option<String> = r.get(5)?;
        let dateline_text: Option<String> = r.get(7)?;
        let removed: String = r.get(12)?;
        let dateline = match dateline_text {
            Some(text) => Some(Dateline {
                text,
                span: Span::new(r.get::<i64>(8)? as usize, r.get::<i64>(9)? as usize),
                agency: r.get(10)?,
            }),
            None => None,
        };
        let document = Document {
            id: DocumentId(r.get(0)?),
            fingerprint: Fingerprint(r.get(1)?),
            meta: DocumentMeta {
                title: r.get(2)?,
                publisher: r.get(3)?,
                url: r.get(4)?,
                published: published.and_then(|p| chrono::DateTime::parse_from_rfc3339(&p).ok()),
                language: r.get(6)?,
            },
            dateline,
            text: r.get(11)?,
            removed: serde_json::from_str::<Vec<RemovedBoilerplate>>(&removed).unwrap_or_default(),
        };
        let ingested_at: String = r.get(13)?;
        let sources = db
            .rows(
                "SELECT id, origin, format, encoding, publisher, url, length(raw), ingested_at \
                 FROM sources WHERE document_id = ?1 ORDER BY rowid",
                &[id.into()],
            )?
            .iter()
            .map(|r| {
                Ok(SourceSummary {
                    id: r.get(0)?,
                    origin: r.get(1)?,
                    format: r.get(2)?,
                    encoding: r.get(3)?,
                    publisher: r.get(4)?,
                    url: r.get(5)?,
                    bytes: r.get(6)?,
                    ingested_at: r.get(7)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(StoredDocument {
            document,
            ingested_at,
            sources,
        })
    }

    /// The raw bytes of one stored copy.
    pub fn raw_source(&self, source_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.db()
            .first("SELECT raw FROM sources WHERE id = ?1", &[source_id.into()])?
            .map(|r| r.get(0))
            .transpose()
    }

    /// Checks the store's consistency: SQLite's own check, the full-text index, that
    /// every document has a source and every source a document, and that the summary of
    /// every act says what its events say. Returns the problems found.
    pub fn check(&self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        let integrity: String = self
            .conn()?
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if integrity != "ok" {
            problems.push(format!("integrity_check: {integrity}"));
        }
        let queries = [
            ("documents without a source", "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.document_id = d.id)"),
            ("sources without a document", "SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = s.document_id)"),
            ("acts whose summary differs from their events", "SELECT count(DISTINCT cluster) FROM (\
                SELECT * FROM (SELECT * FROM cluster_summaries EXCEPT SELECT * FROM act_effective) \
                UNION ALL SELECT * FROM (SELECT * FROM act_effective EXCEPT SELECT * FROM cluster_summaries))"),
        ];
        for (what, sql) in queries {
            let n: i64 = self
                .conn()?
                .query_row(sql, [], |r| r.get(0))
                .map_err(|e| self.err(e))?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        if let Err(e) = self.conn()?.execute(
            "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)",
            [],
        ) {
            if !matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly)) {
                problems.push(format!("full-text index: {e}"));
            }
        }
        Ok(problems)
    }

    /// Rebuilds what the store derives from its records, in one transaction: the
    /// full-text index from the documents, and each act's summary from its events and
    /// verdicts (the view `act_effective`). Records (reports, sources, events, analysts' decisions)
    /// are only read. Needs the writer.
    pub fn repair_derived(&mut self) -> Result<(), StoreError> {
        let path = self.path.display().to_string();
        let tx = self
            .conn_mut()?
            .transaction()
            .map_err(|e| StoreError::from_sqlite(&path, e))?;
        tx.execute_batch(
            "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
             DELETE FROM cluster_summaries;
             INSERT INTO cluster_summaries SELECT * FROM act_effective;
             UPDATE acts_changes SET n = n + 1;",
        )
        .map_err(|e| StoreError::from_sqlite(&path, e))?;
        tx.commit().map_err(|e| StoreError::from_sqlite(&path, e))
    }
}

/// The columns of a stored quotation with its report and speaker's name, for
/// [`read_quote`]; conditions follow as " AND ...".
/// (SQLite's CROSS JOIN keeps the reports the outer loop; PostgreSQL spells an inner
/// join JOIN and plans it itself)
fn quote_select(db: sql::Db<'_>) -> String {
    let join = if db.is_postgres() {
        "JOIN"
    } else {
        "CROSS JOIN"
    };
    format!(
        "SELECT d.id, d.published, q.kind, q.text, q.start, q.\"end\", q.speaker, \
         coalesce(e.name, q.speaker_name), q.speaker_name, q.speaker_actors, q.cue, q.flags \
         FROM documents d {join} quotes q ON q.doc = d.rowid \
         LEFT JOIN entities e ON e.kind = 'actor' AND e.id = q.speaker WHERE 1 = 1"
    )
}

/// Newest first, undated last (NULL sorts lowest): reports read through
/// documents_by_published (CROSS JOIN keeps them the outer loop), each report's quotations
/// through quotes_by_document, so a list stops after its limit.
/// (PostgreSQL sorts NULL highest, so it is told to put undated reports last; SQLite is
/// not, so that it keeps walking the index)
fn quote_order(db: sql::Db<'_>) -> &'static str {
    if db.is_postgres() {
        " ORDER BY d.published DESC NULLS LAST, d.rowid DESC, q.start"
    } else {
        " ORDER BY d.published DESC, d.rowid DESC, q.start"
    }
}

fn read_quote(r: &sql::Row) -> Result<StoredQuote, StoreError> {
    let actors: String = r.get(9)?;
    let flags: String = r.get(11)?;
    Ok(StoredQuote {
        document: r.get(0)?,
        published: r.get(1)?,
        kind: r.get(2)?,
        text: r.get(3)?,
        start: r.get::<i64>(4)? as usize,
        end: r.get::<i64>(5)? as usize,
        speaker: r.get(6)?,
        speaker_label: r.get(7)?,
        speaker_name: r.get(8)?,
        speaker_actors: serde_json::from_str(&actors).unwrap_or_default(),
        cue: r.get(10)?,
        flags: serde_json::from_str(&flags).unwrap_or_default(),
    })
}

impl Drop for Store {
    /// A writer leaves the file in rollback-journal mode, so that people who may only read
    /// it (a read-only copy, a shared folder) can open it without creating WAL side files.
    fn drop(&mut self) {
        // the checkpointer's connection closes first, or the mode could not change
        self.checkpointer = None;
        if self.writer_lock.is_some() {
            if let Engine::Sqlite(conn) = &self.engine {
                let _ = conn.pragma_update(None, "journal_mode", "DELETE");
            }
        }
    }
}

/// The files a store at `db` consists of (the database, its WAL side files, its lock), so
/// that ingesting a folder that holds the store does not try to ingest the store itself.
pub fn store_files(db: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal", ".lock"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
        .collect()
}

/// The most different words one search takes. Each word is a term SQLite's full-text
/// index looks up and every candidate is checked against; with a bound on them and
/// repeated words counted once, a search costs at most this many lookups whatever its
/// length (2,000 repeats of one word took 68 s when every repeat was a term).
pub const MAX_SEARCH_WORDS: usize = 32;

/// The different words of a search (punctuation around them dropped, compared without
/// case, as the index compares them), in their order; more than [`MAX_SEARCH_WORDS`] is
/// an error that says so.
pub fn search_words(text: &str) -> Result<Vec<String>, StoreError> {
    let mut words: Vec<String> = Vec::new();
    for w in text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
    {
        let w = w.to_lowercase();
        if !words.contains(&w) {
            if words.len() == MAX_SEARCH_WORDS {
                return Err(StoreError::TooManyWords {
                    max: MAX_SEARCH_WORDS,
                });
            }
            words.push(w);
        }
    }
    Ok(words)
}

/// Turns user words into an FTS5 query that matches documents containing all of them,
/// quoting each so that FTS5 operators and punctuation in the input cannot break the query.
fn fts_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

fn takewriter_lock(db: &Path) -> Result<File, StoreError> {
    let lock_path = PathBuf::from(format!("{}.lock", db.display()));
    let display = db.display().to_string();
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
                StoreError::ReadOnly {
                    path: display.clone(),
                }
            }
            _ => StoreError::cannot_open(&display, e),
        })?;
    match file.try_lock() {
        Ok(()) => {
            // The holder's pid, for the message the next writer gets.
            let _ = file.set_len(0);
            let _ = write!(file, "{}", std::process::id());
            Ok(file)
        }
        Err(std::fs::TryLockError::WouldBlock) => {
            let holder = std::fs::read_to_string(&lock_path).unwrap_or_default();
            Err(StoreError::Busy {
                path: display,
                holder: holder.trim().to_string(),
            })
        }
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::cannot_open(&display, e)),
    }
}

/// A set of writes committed together.
pub struct Batch<'s> {
    tx: BatchTx<'s>,
    /// The entity rows committed before this batch.
    entities: &'s mut EntityCache,
    /// Entity rows this batch wrote: known committed when it commits.
    written_entities: std::collections::HashMap<(&'static str, String), u64>,
    /// Told of the commit, when the store checkpoints in the background.
    checkpointer: Option<&'s checkpoint::Checkpointer>,
    path: String,
    now: String,
    /// Documents with a larger rowid were added by this batch and still need indexing.
    indexed_up_to: i64,
    /// Events with a larger rowid were added by this batch and still need summarising.
    events_before: i64,
    /// Acts whose events moved in this batch, to be summarised again whole.
    moved: Vec<i64>,
    /// The batch's new events folded per act, merged into the acts' summaries at commit.
    fresh: summaries::Fresh,
    /// The new reports' events not yet written (see [`Batch::put`]).
    held: Vec<events::HeldEvent>,
    /// Where the batch's changes come from, for the audit trail.
    origin: String,
}

impl Batch<'_> {
    /// SQLite's `data_version`: it changes when another connection commits to the store,
    /// so a caller can tell whether what it remembers from earlier batches still holds.
    /// On PostgreSQL, where other writers commit at any time, it is this transaction's
    /// number: different for every batch, so nothing is kept from one to the next.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        let sql = match self.tx {
            BatchTx::Sqlite(_) => "PRAGMA data_version",
            BatchTx::Postgres(_) => "SELECT CAST(txid_current() AS BIGINT)",
        };
        self.db().first(sql, &[])?.map_or(Ok(0), |r| r.get(0))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, e)
    }

    /// Where this batch's statements run, whichever engine holds the store.
    pub(crate) fn db(&self) -> sql::Db<'_> {
        db_of(&self.tx, &self.path)
    }

    /// The events of the reports this batch stored that are not yet written, in order.
    pub fn new_events(&self) -> impl Iterator<Item = &StoredEvent> {
        self.held.iter().map(|h| &h.event)
    }

    /// Writes the events of the reports this batch stored, each in the act `links`
    /// chooses, in report order; the acts first told here are created together.
    pub fn place_new_events(&mut self, links: &mut dyn NewEventLinks) -> Result<(), StoreError> {
        let held = std::mem::take(&mut self.held);
        events::write_events(
            db_of(&self.tx, &self.path),
            &self.now,
            held,
            Some(links),
            &mut self.fresh,
        )
    }

    /// Stores one raw copy: a new report, a new copy of a known report, or nothing new. A
    /// new report's events are held, to be written with the batch's other new events
    /// when they are placed in acts ([`Batch::place_new_events`]) or, unlinked, at commit.
    pub fn put(&mut self, source: &NewSource<'_>) -> Result<PutOutcome, StoreError> {
        let doc = source.document;
        let db = self.db();
        if db
            .first(
                "SELECT 1 FROM sources WHERE id = ?1",
                &[doc.id.as_str().into()],
            )?
            .is_some()
        {
            return Ok(PutOutcome::Duplicate);
        }
        let existing: Option<String> = db
            .first(
                "SELECT id FROM documents WHERE fingerprint = ?1",
                &[doc.fingerprint.as_str().into()],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        let published = doc.meta.published.map(|p| p.to_rfc3339());
        let (document_id, outcome) = match existing {
            Some(id) => (id, PutOutcome::NewSource),
            None => {
                let removed = serde_json::to_string(&doc.removed).expect("boilerplate serialises");
                let dateline = doc.dateline.as_ref();
                // a writer beside this one may store the same report first: then this
                // copy is a new source of it (PostgreSQL waits for that writer to end)
                let stored = db.first(
                    "INSERT INTO documents (id, fingerprint, title, publisher, url, published, language, \
                     dateline_text, dateline_start, dateline_end, dateline_agency, text, removed_json, ingested_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) \
                     ON CONFLICT DO NOTHING RETURNING rowid",
                    &[
                        doc.id.as_str().into(),
                        doc.fingerprint.as_str().into(),
                        doc.meta.title.as_ref().into(),
                        doc.meta.publisher.as_ref().into(),
                        doc.meta.url.as_ref().into(),
                        published.as_ref().into(),
                        doc.meta.language.as_ref().into(),
                        dateline.map(|d| d.text.as_str()).into(),
                        dateline.map(|d| d.span.start as i64).into(),
                        dateline.map(|d| d.span.end as i64).into(),
                        dateline.and_then(|d| d.agency.as_deref()).into(),
                        doc.text.as_str().into(),
                        (&removed).into(),
                        (&self.now).into(),
                    ],
                )?;
                match stored {
                    Some(row) => {
                        let rowid: i64 = row.get(0)?;
                        if let Some((mentions, analyser)) = source.analysis {
                            self.put_mentions(rowid, doc, mentions, analyser)?;
                        }
                        (doc.id.0.clone(), PutOutcome::New)
                    }
                    None => {
                        let Some(id) = self
                            .db()
                            .first(
                                "SELECT id FROM documents WHERE fingerprint = ?1",
                                &[doc.fingerprint.as_str().into()],
                            )?
                            .map(|r| r.get::<String>(0))
                            .transpose()?
                        else {
                            // the same id under another fingerprint: these bytes were stored
                            return Ok(PutOutcome::Duplicate);
                        };
                        (id, PutOutcome::NewSource)
                    }
                }
            }
        };
        let stored = self.db().execute(
            "INSERT INTO sources (id, document_id, origin, format, encoding, title, publisher, url, published, raw, ingested_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
            &[
                doc.id.as_str().into(),
                (&document_id).into(),
                source.origin.into(),
                source.format.into(),
                source.encoding.into(),
                doc.meta.title.as_ref().into(),
                doc.meta.publisher.as_ref().into(),
                doc.meta.url.as_ref().into(),
                published.as_ref().into(),
                source.raw.into(),
                (&self.now).into(),
            ],
        )?;
        if stored == 0 {
            return Ok(PutOutcome::Duplicate);
        }
        Ok(outcome)
    }

    /// Stores a new report's mentions, the entities they name, and which entities the
    /// report mentions how often; then its quotations and agreements; its events are held.
    fn put_mentions(
        &mut self,
        rowid: i64,
        doc: &Document,
        m: &Mentions,
        analyser: &str,
    ) -> Result<(), StoreError> {
        let date_mentions: Vec<truce_model::Mention> = m
            .dates
            .iter()
            .map(|d| truce_model::Mention {
                text: d.text.clone(),
                start: d.start,
                end: d.end,
            })
            .collect();
        let packed = self.put_entities(rowid, &doc.text, m, &date_mentions)?;
        self.put_analysis(doc, m, analyser, &packed)?;
        self.put_quotes(rowid, &doc.text, m)?;
        self.held.extend(events::hold_events(rowid, doc, m));
        agreements::put_agreements(self.db(), rowid, m)?;
        Ok(())
    }

    /// Writes the entities (actors, places) a report names and how often it mentions
    /// each (dates too), and returns every mention packed for the analysis row.
    fn put_entities<'a>(
        &mut self,
        rowid: i64,
        text: &'a str,
        m: &'a Mentions,
        date_mentions: &'a [truce_model::Mention],
    ) -> Result<Vec<PackedMention<'a>>, StoreError> {
        let mut packed: Vec<PackedMention> = Vec::new();
        // how often the report mentions each entity, written together below
        let mut counts: std::collections::BTreeMap<(&'static str, &str), i64> =
            std::collections::BTreeMap::new();
        let mut per_entity = |kind: &'static str, id: &'a str, n: i64| {
            *counts.entry((kind, id)).or_default() += n;
            Ok::<(), StoreError>(())
        };
        for a in &m.actors {
            for x in &a.mentions {
                packed.push(PackedMention::new(
                    text,
                    "actor",
                    Some(&a.id),
                    x,
                    None,
                    None,
                ));
            }
            per_entity("actor", &a.id, a.mentions.len() as i64)?;
        }
        for p in &m.places {
            for x in &p.mentions {
                packed.push(PackedMention::new(
                    text,
                    "place",
                    Some(&p.id),
                    x,
                    name_of(p.precision),
                    p.lat.zip(p.lon),
                ));
            }
            per_entity("place", &p.id, p.mentions.len() as i64)?;
        }
        let mut dates: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
        for (d, x) in m.dates.iter().zip(date_mentions) {
            packed.push(PackedMention::new(
                text,
                "date",
                d.value.as_deref(),
                x,
                name_of(d.precision),
                None,
            ));
            if let Some(v) = d.value.as_deref() {
                *dates.entry(v).or_default() += 1;
            }
        }
        for (value, n) in dates {
            per_entity("date", value, n)?;
        }
        self.put_entity_rows(std::iter::once(m))?;
        put_entity_counts(db_of(&self.tx, &self.path), rowid, &counts)?;
        packed.sort_by(|a, b| {
            (a.start, std::cmp::Reverse(a.end), a.kind).cmp(&(
                b.start,
                std::cmp::Reverse(b.end),
                b.kind,
            ))
        });
        Ok(packed)
    }

    /// Writes the rows of the entities (actors, known places) `analyses` name that this
    /// connection has not written as they are, in key order (so that writers beside this
    /// one meet the rows in one order).
    fn put_entity_rows<'a>(
        &mut self,
        analyses: impl IntoIterator<Item = &'a Mentions>,
    ) -> Result<(), StoreError> {
        let mut rows: std::collections::BTreeMap<(&'static str, &str), (&str, String)> =
            std::collections::BTreeMap::new();
        for m in analyses {
            rows.extend(entity_rows(m));
        }
        let mut args: Vec<sql::Arg<'_>> = Vec::new();
        for ((kind, id), (name, detail)) in &rows {
            let hash = entity_hash(name, detail);
            let key = (*kind, id.to_string());
            if self.entities.rows.get(&key) == Some(&hash)
                || self.written_entities.get(&key) == Some(&hash)
            {
                continue;
            }
            args.extend::<[sql::Arg<'_>; 4]>([
                (*kind).into(),
                (*id).into(),
                (*name).into(),
                detail.into(),
            ]);
            self.written_entities.insert(key, hash);
        }
        write_entity_rows(db_of(&self.tx, &self.path), &args)
    }

    /// Writes the report's analysis row: who analysed it, when, its counts and every
    /// mention packed into one JSON array (see migration 0007).
    fn put_analysis(
        &self,
        doc: &Document,
        m: &Mentions,
        analyser: &str,
        packed: &[PackedMention],
    ) -> Result<(), StoreError> {
        let mentions = serde_json::to_string(packed).expect("mentions serialise");
        self.db().execute(
            "INSERT INTO analyses (document_id, analyser, analysed_at, actors, places, dates, mentions) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[
                doc.id.as_str().into(),
                analyser.into(),
                (&self.now).into(),
                (m.actors.len() as i64).into(),
                (m.places.len() as i64).into(),
                (m.dates.len() as i64).into(),
                (&mentions).into(),
            ],
        )?;
        Ok(())
    }

    /// Writes the report's quotations with a few words of context and their speakers.
    fn put_quotes(&self, rowid: i64, text: &str, m: &Mentions) -> Result<(), StoreError> {
        // the JSON and names each row borrows, made first
        let owned: Vec<(String, String, Option<String>)> = m
            .quotes
            .iter()
            .map(|q| {
                (
                    serde_json::to_string(&q.speaker.actors).expect("ids serialise"),
                    serde_json::to_string(&q.flags).expect("flags serialise"),
                    name_of(q.kind),
                )
            })
            .collect();
        let mut args: Vec<sql::Arg<'_>> = Vec::with_capacity(m.quotes.len() * 16);
        for (q, (speakers, flags, kind)) in m.quotes.iter().zip(&owned) {
            let (prefix, suffix) = context(text, q.start, q.end);
            let sp = &q.speaker;
            args.extend::<[sql::Arg<'_>; 16]>([
                rowid.into(),
                (q.start as i64).into(),
                (q.end as i64).into(),
                kind.as_ref().into(),
                q.text.as_str().into(),
                prefix.into(),
                suffix.into(),
                sp.actor.as_ref().into(),
                speakers.into(),
                sp.name.as_ref().into(),
                sp.mention.as_ref().map(|x| x.start as i64).into(),
                sp.mention.as_ref().map(|x| x.end as i64).into(),
                q.cue.as_ref().map(|c| c.text.as_str()).into(),
                q.cue.as_ref().map(|c| c.start as i64).into(),
                q.cue.as_ref().map(|c| c.end as i64).into(),
                flags.into(),
            ]);
        }
        self.db().insert_rows(
            "INSERT INTO quotes (doc, start, \"end\", kind, text, prefix, suffix, speaker, speaker_actors, speaker_name, \
             speaker_start, speaker_end, cue, cue_start, cue_end, flags)",
            16,
            &args,
            "",
        )
    }

    /// Records that a file was ingested whole, so an unchanged re-run can skip it.
    pub fn mark_seen(
        &mut self,
        path: &str,
        size: u64,
        mtime_ns: i64,
        reports: usize,
    ) -> Result<(), StoreError> {
        self.db().execute(
            "INSERT INTO seen_files (path, size, mtime_ns, reports, seen_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, \
             reports = excluded.reports, seen_at = excluded.seen_at",
            &[
                path.into(),
                (size as i64).into(),
                mtime_ns.into(),
                (reports as i64).into(),
                (&self.now).into(),
            ],
        )?;
        Ok(())
    }

    /// Indexes the batch's new documents for full-text search, summarises the acts its
    /// events joined or left, and commits, so the index, the summaries and what they
    /// derive from always change together.
    pub fn commit(mut self) -> Result<(), StoreError> {
        let held = std::mem::take(&mut self.held);
        events::write_events(
            db_of(&self.tx, &self.path),
            &self.now,
            held,
            None,
            &mut self.fresh,
        )?;
        let acts_changed = !self.fresh.is_empty() || !self.moved.is_empty();
        summaries::refresh(db_of(&self.tx, &self.path), &mut self.fresh, &self.moved)?;
        if let BatchTx::Sqlite(tx) = &self.tx {
            // (PostgreSQL indexes a report's words as it is stored: a generated column)
            tx.execute(
                "INSERT INTO documents_fts(rowid, title, text) SELECT rowid, title, text FROM documents WHERE rowid > ?1",
                [self.indexed_up_to],
            )
            .map_err(|e| self.err(e))?;
        }
        if acts_changed {
            self.db()
                .execute("UPDATE acts_changes SET n = n + 1", &[])?;
        }
        let path = self.path;
        match self.tx {
            BatchTx::Sqlite(tx) => tx.commit().map_err(|e| StoreError::from_sqlite(&path, e))?,
            BatchTx::Postgres(pg) => pg.commit()?,
        }
        self.entities.rows.extend(self.written_entities);
        if let Some(c) = self.checkpointer {
            c.committed();
        }
        Ok(())
    }
}

/// The entity row of each actor and known place a report names: (kind, id) and (name,
/// detail). Unknown places are located per report, so they have no store-wide row.
fn entity_rows(m: &Mentions) -> impl Iterator<Item = ((&'static str, &str), (&str, String))> + '_ {
    let actors = m.actors.iter().map(|a| {
        let detail = serde_json::json!({"kind": a.kind, "role": a.role, "affiliation": a.affiliation, "parent": a.parent, "members": a.members});
        (("actor", a.id.as_str()), (a.name.as_str(), detail.to_string()))
    });
    let places = m
        .places
        .iter()
        .filter(|p| !p.id.starts_with("unknown:"))
        .map(|p| {
            let detail = serde_json::json!({"kind": p.kind, "country": p.country, "lat": p.lat, "lon": p.lon, "precision": p.precision});
            (("place", p.id.as_str()), (p.name.as_str(), detail.to_string()))
        });
    actors.chain(places)
}

/// Writes entity rows (`args`: kind, id, name, detail, row after row): new ones added,
/// changed ones updated. Not one upsert: on PostgreSQL an `ON CONFLICT DO UPDATE` locks
/// every row it meets until commit, changed or not, so two ingest workers naming the
/// same place would take turns for their whole batches; an update locks only the rows
/// it changes.
fn write_entity_rows(db: sql::Db<'_>, args: &[sql::Arg<'_>]) -> Result<(), StoreError> {
    if args.is_empty() {
        return Ok(());
    }
    db.insert_rows(
        "INSERT INTO entities (kind, id, name, detail)",
        4,
        args,
        "ON CONFLICT (kind, id) DO NOTHING",
    )?;
    for chunk in args.chunks(4 * sql::rows_per_statement(4)) {
        db.execute(
            &format!(
                "UPDATE entities SET name = v.column3, detail = v.column4 \
                 FROM (VALUES {}) AS v \
                 WHERE entities.kind = v.column1 AND entities.id = v.column2 \
                 AND (entities.name IS DISTINCT FROM v.column3 OR entities.detail IS DISTINCT FROM v.column4)",
                sql::value_rows(4, chunk.len() / 4)
            ),
            chunk,
        )?;
    }
    Ok(())
}

/// Writes how often report `doc` mentions each entity.
fn put_entity_counts(
    db: sql::Db<'_>,
    doc: i64,
    counts: &std::collections::BTreeMap<(&'static str, &str), i64>,
) -> Result<(), StoreError> {
    let args: Vec<sql::Arg<'_>> = counts
        .iter()
        .flat_map(|(&(kind, id), &n)| [kind.into(), id.into(), doc.into(), n.into()])
        .collect();
    db.insert_rows(
        "INSERT INTO entity_documents (kind, entity, doc, mentions)",
        4,
        &args,
        "ON CONFLICT (kind, entity, doc) DO UPDATE \
         SET mentions = entity_documents.mentions + excluded.mentions",
    )
}

/// Where a batch's statements run (borrowing only its transaction and path).
fn db_of<'t>(tx: &'t BatchTx<'_>, path: &'t str) -> sql::Db<'t> {
    match tx {
        BatchTx::Sqlite(tx) => sql::Db::Sqlite { conn: tx, path },
        BatchTx::Postgres(pg) => sql::Db::Postgres(pg.conn),
    }
}

/// A batch's transaction.
enum BatchTx<'s> {
    Sqlite(rusqlite::Transaction<'s>),
    Postgres(PgTransaction<'s>),
}

/// A transaction on a PostgreSQL store's connection: rolled back when dropped before
/// its commit, as rusqlite's is.
struct PgTransaction<'s> {
    conn: &'s std::cell::RefCell<sql::PgConn>,
    open: bool,
}

impl<'s> PgTransaction<'s> {
    fn begin(conn: &'s std::cell::RefCell<sql::PgConn>) -> Result<Self, StoreError> {
        sql::Db::Postgres(conn).batch("BEGIN")?;
        Ok(PgTransaction { conn, open: true })
    }

    fn commit(mut self) -> Result<(), StoreError> {
        self.open = false;
        sql::Db::Postgres(self.conn).batch("COMMIT")
    }
}

impl Drop for PgTransaction<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = sql::Db::Postgres(self.conn).batch("ROLLBACK");
        }
    }
}

/// The serialised name of a precision ("region", "day").
fn name_of(value: impl Serialize) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
}

/// One mention as stored in `analyses.mentions` (migration 0007). It is written as a
/// JSON array in this field order, `[kind, entity, start, end, text, prefix, suffix,
/// precision, lat, lon]`, which the view `all_mentions` reads by position: the order is
/// part of the stored format.
struct PackedMention<'a> {
    kind: &'static str,
    entity: Option<&'a str>,
    start: usize,
    end: usize,
    text: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    precision: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
}

impl<'a> PackedMention<'a> {
    fn new(
        text: &'a str,
        kind: &'static str,
        entity: Option<&'a str>,
        mention: &'a truce_model::Mention,
        precision: Option<String>,
        at: Option<(f64, f64)>,
    ) -> Self {
        let (prefix, suffix) = context(text, mention.start, mention.end);
        PackedMention {
            kind,
            entity,
            start: mention.start,
            end: mention.end,
            text: &mention.text,
            prefix,
            suffix,
            precision,
            lat: at.map(|a| a.0),
            lon: at.map(|a| a.1),
        }
    }
}

impl Serialize for PackedMention<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = serializer.serialize_tuple(10)?;
        t.serialize_element(self.kind)?;
        t.serialize_element(&self.entity)?;
        t.serialize_element(&self.start)?;
        t.serialize_element(&self.end)?;
        t.serialize_element(self.text)?;
        t.serialize_element(self.prefix)?;
        t.serialize_element(self.suffix)?;
        t.serialize_element(&self.precision)?;
        t.serialize_element(&self.lat)?;
        t.serialize_element(&self.lon)?;
        t.end()
    }
}

/// Up to 24 bytes of text before and after a span ("a few words"), cut on character
/// boundaries.
fn context(text: &str, start: usize, end: usize) -> (&str, &str) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let mut from = start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (end + 24).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let prefix = if text.is_char_boundary(start) {
        &text[from..start]
    } else {
        ""
    };
    let suffix = if text.is_char_boundary(end) {
        &text[end..to]
    } else {
        ""
    };
    (prefix, suffix)
}

#[cfg(test)]
mod tests;
