//! Streaming export of real-world events: one row per event (cluster), read from SQLite
//! row by row and handed to the caller, so a million events never sit in memory.

use serde::Serialize;

use crate::events::{EventFilter, LATEST_VERDICT};
use crate::{Store, StoreError};

/// One real-world event as exported.
#[derive(Debug, Clone, Serialize)]
pub struct ExportRow {
    pub event: i64,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Option<String>,
    pub modality: String,
    pub cameo_root: String,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    pub place: Option<String>,
    pub place_name: Option<String>,
    pub place_precision: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub reports: i64,
    /// Ids of the reports that carry it.
    pub documents: Vec<String>,
    /// The clause of the first report.
    pub evidence: String,
    /// The latest analyst's verdict: confirmed, corrected, rejected, or none.
    pub verification: Option<String>,
}

fn json_list(list: Option<String>) -> Vec<String> {
    serde_json::from_str(list.as_deref().unwrap_or("[]")).unwrap_or_default()
}

/// What an export reads besides the acts themselves.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportOptions {
    /// Only acts an analyst confirmed or corrected.
    pub verified_only: bool,
    /// The ids of the reports that carry each act (read from every report's event, so
    /// left out where only counts are wanted).
    pub documents: bool,
}

impl Store {
    /// Calls `each` with every event that matches `f`, oldest first. Stops at the first
    /// error of `each`.
    pub fn export_events<E: From<StoreError>>(
        &self,
        f: &EventFilter,
        options: ExportOptions,
        mut each: impl FnMut(ExportRow) -> Result<(), E>,
    ) -> Result<usize, E> {
        let (clause, args) = self.where_clause(f).map_err(E::from)?;
        let verdict = LATEST_VERDICT;
        let keep = if options.verified_only {
            format!(" AND {verdict} IN ('confirmed', 'corrected')")
        } else {
            String::new()
        };
        let documents = if options.documents {
            "(SELECT group_concat(DISTINCT d.id) FROM events x JOIN documents d ON d.rowid = x.doc \
             WHERE x.cluster = e.cluster)"
        } else {
            "NULL"
        };
        // one summary row per act, kept in step with its events by the store's triggers
        let sql = format!(
            "SELECT e.cluster, e.date, e.date_precision, e.type, e.mode, e.modality, e.cameo, \
             e.actors, e.recipients, e.place, e.place_name, e.place_precision, e.lat, e.lon, \
             e.reports, {documents}, e.evidence, {verdict} \
             FROM cluster_summaries e WHERE 1{clause}{keep} ORDER BY e.date, e.cluster"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| E::from(self.err(e)))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args.iter()))
            .map_err(|e| E::from(self.err(e)))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| E::from(self.err(e)))? {
            let get = |e: rusqlite::Error| E::from(self.err(e));
            let first: Option<String> = r.get(16).map_err(get)?;
            let docs: Option<String> = r.get(15).map_err(get)?;
            let row = ExportRow {
                event: r.get(0).map_err(get)?,
                date: r.get(1).map_err(get)?,
                date_precision: r.get(2).map_err(get)?,
                kind: r.get(3).map_err(get)?,
                mode: r.get(4).map_err(get)?,
                modality: r.get(5).map_err(get)?,
                cameo_root: r.get(6).map_err(get)?,
                actors: json_list(r.get(7).map_err(get)?),
                recipients: json_list(r.get(8).map_err(get)?),
                place: r.get(9).map_err(get)?,
                place_name: r.get(10).map_err(get)?,
                place_precision: r.get(11).map_err(get)?,
                lat: r.get(12).map_err(get)?,
                lon: r.get(13).map_err(get)?,
                reports: r.get(14).map_err(get)?,
                documents: docs
                    .as_deref()
                    .unwrap_or_default()
                    .split(',')
                    .filter(|id| !id.is_empty())
                    .map(str::to_string)
                    .collect(),
                evidence: first.unwrap_or_default(),
                verification: r.get(17).map_err(get)?,
            };
            each(row)?;
            n += 1;
        }
        Ok(n)
    }
}
