//! Streaming export of real-world events: one row per event (cluster), read from SQLite
//! row by row and handed to the caller, so a million events never sit in memory.

use serde::Serialize;

use crate::events::{filter_sql, EventFilter};
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

fn union(lists: Option<String>) -> Vec<String> {
    // the reports' lists arrive joined by a separator that JSON never holds
    let mut out: Vec<String> = Vec::new();
    for list in lists.unwrap_or_default().split('\u{1f}') {
        for id in serde_json::from_str::<Vec<String>>(list).unwrap_or_default() {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

impl Store {
    /// Calls `each` with every event that matches `f`, oldest first; `verified` keeps
    /// only events an analyst confirmed or corrected. Stops at the first error of `each`.
    pub fn export_events<E: From<StoreError>>(
        &self,
        f: &EventFilter,
        verified: bool,
        mut each: impl FnMut(ExportRow) -> Result<(), E>,
    ) -> Result<usize, E> {
        let (clause, args) = filter_sql(f);
        let verdict = "(SELECT v.status FROM verifications v WHERE v.target_kind = 'event' \
                       AND v.target = CAST(e.cluster AS TEXT) ORDER BY v.id DESC LIMIT 1)";
        let keep = if verified {
            format!(" HAVING {verdict} IN ('confirmed', 'corrected')")
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT e.cluster, min(e.date), min(e.date_precision), min(e.type), min(e.mode), min(e.modality), \
             min(e.cameo), group_concat(e.actors, char(31)), group_concat(e.recipients, char(31)), \
             max(e.place), max(e.place_name), max(e.place_precision), max(e.lat), max(e.lon), \
             count(DISTINCT e.doc), group_concat(DISTINCT d.id), min(e.evidence), {verdict} \
             FROM events e JOIN documents d ON d.rowid = e.doc \
             WHERE e.cluster IS NOT NULL{clause} GROUP BY e.cluster{keep} ORDER BY min(e.date), e.cluster"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| E::from(self.err(e)))?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args.iter()))
            .map_err(|e| E::from(self.err(e)))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| E::from(self.err(e)))? {
            let get = |e: rusqlite::Error| E::from(self.err(e));
            let evidence: String = r.get(16).map_err(get)?;
            let first: String = serde_json::from_str::<Vec<serde_json::Value>>(&evidence)
                .ok()
                .and_then(|v| {
                    v.first()
                        .and_then(|x| x["text"].as_str().map(str::to_string))
                })
                .unwrap_or_default();
            let docs: Option<String> = r.get(15).map_err(get)?;
            let row = ExportRow {
                event: r.get(0).map_err(get)?,
                date: r.get(1).map_err(get)?,
                date_precision: r.get(2).map_err(get)?,
                kind: r.get(3).map_err(get)?,
                mode: r.get(4).map_err(get)?,
                modality: r.get(5).map_err(get)?,
                cameo_root: r.get(6).map_err(get)?,
                actors: union(r.get(7).map_err(get)?),
                recipients: union(r.get(8).map_err(get)?),
                place: r.get(9).map_err(get)?,
                place_name: r.get(10).map_err(get)?,
                place_precision: r.get(11).map_err(get)?,
                lat: r.get(12).map_err(get)?,
                lon: r.get(13).map_err(get)?,
                reports: r.get(14).map_err(get)?,
                documents: docs
                    .unwrap_or_default()
                    .split(',')
                    .map(str::to_string)
                    .collect(),
                evidence: first,
                verification: r.get(17).map_err(get)?,
            };
            each(row)?;
            n += 1;
        }
        Ok(n)
    }
}
