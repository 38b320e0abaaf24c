//! Streaming export of real-world events: one row per event (cluster), read from SQLite
//! row by row and handed to the caller, so a million events never sit in memory.

use serde::Serialize;
use truce_model::{DatePrecision, EventType, Modality, PlacePrecision};

use crate::events::EventFilter;
use crate::{Store, StoreError};

/// One real-world event as exported.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub event: i64,
    pub date: Option<String>,
    pub date_precision: Option<DatePrecision>,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub mode: Option<String>,
    pub modality: Modality,
    pub cameo_root: String,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    pub place: Option<String>,
    pub place_name: Option<String>,
    pub place_precision: Option<PlacePrecision>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub reports: i64,
    /// The toll of killed (ACLED's fatalities) and of injured: the lowest the reports
    /// give, or an analyst's.
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    /// Ids of the reports that carry it.
    pub documents: Vec<String>,
    /// The clause of the first report.
    pub evidence: String,
    /// The latest analyst's verdict: confirmed, corrected, rejected, or none.
    pub verification: Option<String>,
    /// The machine's values of the fields analysts corrected (the fields above are the
    /// effective act), in the shapes of a correction.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub machine: serde_json::Map<String, serde_json::Value>,
}

fn json_list(list: Option<String>) -> Vec<String> {
    serde_json::from_str(list.as_deref().unwrap_or("[]")).unwrap_or_default()
}

/// What an export reads besides the acts themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// The ids of the reports that carry each act (read from every report's event, so
    /// left out where only counts are wanted).
    pub documents: bool,
}

impl Store {
    /// Calls `each` with every act that matches `f`, in the order truce recorded them
    /// (act number; GDELT's files are ordered by when events were added, too). Stops at
    /// the first error of `each`.
    ///
    /// That order lets an act's reports be read alongside in one pass over the index of
    /// events by act, instead of one lookup per act: on 567,380 acts the lookups took
    /// as long as everything else together.
    pub fn export_events<E: From<StoreError>>(
        &self,
        f: &EventFilter,
        options: ExportOptions,
        mut each: impl FnMut(ExportRow) -> Result<(), E>,
    ) -> Result<usize, E> {
        let (clause, args) = self.where_clause(f).map_err(E::from)?;
        let sql = format!(
            "SELECT e.cluster, e.date, e.date_precision, e.type, e.mode, e.modality, e.cameo, \
             e.actors, e.recipients, e.place, e.place_name, e.place_precision, e.lat, e.lon, \
             e.reports, e.evidence, e.status, e.killed, e.injured \
             FROM cluster_summaries e WHERE 1 = 1{clause} ORDER BY e.cluster"
        );
        if self.db().is_postgres() {
            return self.export_events_in_pages(&sql, &args, options, each);
        }
        // one snapshot for the acts and their reports, whatever an ingest commits meanwhile
        let snapshot = self
            .conn()?
            .unchecked_transaction()
            .map_err(|e| E::from(self.err(e)))?;
        // corrected acts are few beside the acts: known first, so that only they look up
        // what the machine read
        let corrected = self.corrected_acts().map_err(E::from)?;
        let mut pairs = if options.documents {
            Some(ReportsByAct::statement(self).map_err(E::from)?)
        } else {
            None
        };
        let mut reports = pairs
            .as_mut()
            .map(|pairs| ReportsByAct::new(self, pairs))
            .transpose()
            .map_err(E::from)?;
        let mut stmt = self
            .conn()?
            .prepare(&sql)
            .map_err(|e| E::from(self.err(e)))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args.iter()))
            .map_err(|e| E::from(self.err(e)))?;
        let width = rows.as_ref().map_or(0, |s| s.column_count());
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| E::from(self.err(e)))? {
            let r = crate::sql::sqlite_row(r, width).map_err(|e| E::from(self.err(e)))?;
            let event: i64 = r.get(0)?;
            let documents = match reports.as_mut() {
                Some(reports) => reports.of(event).map_err(E::from)?,
                None => Vec::new(),
            };
            let row = ExportRow {
                machine: if corrected.contains(&event) {
                    self.machine_fields(event).map_err(E::from)?
                } else {
                    serde_json::Map::new()
                },
                ..export_row(&r, documents)?
            };
            each(row)?;
            n += 1;
        }
        drop(rows);
        drop(stmt);
        drop(reports);
        drop(pairs);
        snapshot.finish().map_err(|e| E::from(self.err(e)))?;
        Ok(n)
    }
}

/// Acts an export reads from PostgreSQL at a time (see [`Store::export_events_in_pages`]).
const EXPORT_PAGE: i64 = 5_000;

impl Store {
    /// The acts with a field an analyst corrected.
    fn corrected_acts(&self) -> Result<std::collections::HashSet<i64>, StoreError> {
        self.db()
            .rows("SELECT cluster FROM act_verdicts WHERE fields <> '{}'", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect()
    }

    /// [`Store::export_events`] on PostgreSQL: one connection carries one statement at a
    /// time, so the acts of `sql` (ordered by act) are read a page at a time, after the
    /// last act of the page before, each page's reports in one more query, inside one
    /// read-only snapshot so that the pages agree with each other.
    fn export_events_in_pages<E: From<StoreError>>(
        &self,
        sql: &str,
        args: &[String],
        options: ExportOptions,
        mut each: impl FnMut(ExportRow) -> Result<(), E>,
    ) -> Result<usize, E> {
        let db = self.db();
        db.batch("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
        let out = (|| {
            let corrected = self.corrected_acts()?;
            // the act after which the page starts goes in as the last argument
            let after = args.len() + 1;
            let paged = sql.replacen(
                " ORDER BY e.cluster",
                &format!(" AND e.cluster > ?{after} ORDER BY e.cluster LIMIT {EXPORT_PAGE}"),
                1,
            );
            let mut n = 0;
            let mut last = 0i64;
            loop {
                let mut values = crate::sql::text_args(args);
                values.push(last.into());
                let rows = db.rows(&paged, &values)?;
                let Some(tail) = rows.last() else {
                    return Ok(n);
                };
                last = tail.get(0)?;
                let mut documents: std::collections::HashMap<i64, Vec<String>> = Default::default();
                if options.documents {
                    let acts: Vec<i64> = rows
                        .iter()
                        .map(|r| r.get(0))
                        .collect::<Result<_, StoreError>>()?;
                    for r in db.rows(
                        &format!(
                            "SELECT e.cluster, d.id FROM events e JOIN documents d ON d.rowid = e.doc \
                             WHERE e.cluster IN ({}) GROUP BY e.cluster, e.doc, d.id ORDER BY e.cluster, e.doc",
                            db.each_number(1)
                        ),
                        &[(&crate::sql::numbers_json(&acts)).into()],
                    )? {
                        documents.entry(r.get(0)?).or_default().push(r.get(1)?);
                    }
                }
                for r in &rows {
                    let event: i64 = r.get(0)?;
                    let row = ExportRow {
                        machine: if corrected.contains(&event) {
                            self.machine_fields(event)?
                        } else {
                            serde_json::Map::new()
                        },
                        ..export_row(r, documents.remove(&event).unwrap_or_default())?
                    };
                    each(row).map_err(Stop::Caller)?;
                    n += 1;
                }
            }
        })();
        let ended = db.batch(if out.is_ok() { "COMMIT" } else { "ROLLBACK" });
        match out {
            Ok(n) => {
                ended?;
                Ok(n)
            }
            Err(Stop::Store(e)) => Err(E::from(e)),
            Err(Stop::Caller(e)) => Err(e),
        }
    }
}

/// Why a paged export stopped early: the store failed, or the caller's `each` did.
enum Stop<E> {
    Store(StoreError),
    Caller(E),
}

impl<E> From<StoreError> for Stop<E> {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

/// An act's row of the export query, with its reports' ids.
fn export_row(r: &crate::sql::Row, documents: Vec<String>) -> Result<ExportRow, StoreError> {
    let first: Option<String> = r.get(15)?;
    Ok(ExportRow {
        event: r.get(0)?,
        date: r.get(1)?,
        date_precision: r.word_opt(2)?,
        kind: r.word(3)?,
        mode: r.get(4)?,
        modality: r.word(5)?,
        cameo_root: r.get(6)?,
        actors: json_list(r.get(7)?),
        recipients: json_list(r.get(8)?),
        place: r.get(9)?,
        place_name: r.get(10)?,
        place_precision: r.word_opt(11)?,
        lat: r.get(12)?,
        lon: r.get(13)?,
        reports: r.get(14)?,
        killed: r.get(17)?,
        injured: r.get(18)?,
        documents,
        evidence: first.unwrap_or_default(),
        verification: r.get(16)?,
        machine: serde_json::Map::new(),
    })
}

/// The reports of each act, read in one pass over the index of events by (act, report)
/// as the acts come in act order; each report's id is looked up once per export (there are
/// far fewer reports than acts).
struct ReportsByAct<'s> {
    store: &'s Store,
    /// (act, report row) pairs in order.
    pairs: rusqlite::Rows<'s>,
    /// The pair read but not yet used.
    next: Option<(i64, i64)>,
    lookup: rusqlite::Statement<'s>,
    ids: std::collections::HashMap<i64, String>,
}

impl<'s> ReportsByAct<'s> {
    /// The statement whose rows [`ReportsByAct::new`] walks (the caller keeps it).
    fn statement(store: &Store) -> Result<rusqlite::Statement<'_>, StoreError> {
        store
            .conn()?
            .prepare(
                "SELECT cluster, doc FROM events WHERE cluster IS NOT NULL ORDER BY cluster, doc",
            )
            .map_err(|e| store.err(e))
    }

    fn new(store: &'s Store, pairs: &'s mut rusqlite::Statement<'_>) -> Result<Self, StoreError> {
        let err = |e| store.err(e);
        let pairs = pairs.query([]).map_err(err)?;
        let lookup = store
            .conn()?
            .prepare("SELECT id FROM documents WHERE rowid = ?1")
            .map_err(err)?;
        Ok(ReportsByAct {
            store,
            pairs,
            next: None,
            lookup,
            ids: std::collections::HashMap::new(),
        })
    }

    fn advance(&mut self) -> Result<Option<(i64, i64)>, StoreError> {
        if let Some(p) = self.next.take() {
            return Ok(Some(p));
        }
        let err = |e| self.store.err(e);
        match self.pairs.next().map_err(err)? {
            Some(r) => Ok(Some((r.get(0).map_err(err)?, r.get(1).map_err(err)?))),
            None => Ok(None),
        }
    }

    /// The ids of act `cluster`'s reports in report order; acts must be asked in act order.
    fn of(&mut self, cluster: i64) -> Result<Vec<String>, StoreError> {
        let mut out: Vec<String> = Vec::new();
        let mut last = None;
        while let Some((c, doc)) = self.advance()? {
            if c < cluster {
                continue;
            }
            if c > cluster {
                self.next = Some((c, doc));
                break;
            }
            if last == Some(doc) {
                continue;
            }
            last = Some(doc);
            out.push(self.id(doc)?);
        }
        Ok(out)
    }

    fn id(&mut self, rowid: i64) -> Result<String, StoreError> {
        if let Some(id) = self.ids.get(&rowid) {
            return Ok(id.clone());
        }
        let id: String = self
            .lookup
            .query_row([rowid], |r| r.get(0))
            .map_err(|e| self.store.err(e))?;
        self.ids.insert(rowid, id.clone());
        Ok(id)
    }
}
