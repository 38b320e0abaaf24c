//! Provision status changes: appended, never overwritten; read back in recorded order.
//! Whether a change makes sense for its regime is the regime's to check; the store checks
//! that the evidence it names exists, and resolves report id prefixes to whole ids.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use truce_model::{ProvisionStatus, StatusEvidence};

use crate::{Batch, Store, StoreError};

impl Batch<'_> {
    /// Records `change` (its `recorded_at` is set to now) and returns it as stored.
    pub fn record_provision_status(
        &mut self,
        change: &ProvisionStatus,
    ) -> Result<ProvisionStatus, StoreError> {
        let mut stored = change.clone();
        for e in &mut stored.evidence {
            e.id = self.resolve_evidence(e)?;
        }
        stored.recorded_at = self.now.clone();
        let evidence = serde_json::to_string(&stored.evidence).expect("evidence serialises");
        self.tx()?
            .execute(
                "INSERT INTO provision_status (regime, agreement, provision, level, date, evidence, analyst, note, recorded_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    stored.regime,
                    stored.agreement,
                    stored.provision,
                    stored.level,
                    stored.date.to_string(),
                    evidence,
                    stored.analyst,
                    stored.note,
                    stored.recorded_at
                ],
            )
            .map_err(|e| self.err(e))?;
        self.audit(
            &stored.analyst,
            "provision.status",
            &format!(
                "{}/{}/{}",
                stored.regime, stored.agreement, stored.provision
            ),
            serde_json::json!({"level": stored.level, "date": stored.date.to_string(),
                "evidence": stored.evidence, "note": stored.note}),
        )?;
        Ok(stored)
    }

    /// The evidence's id as stored: an event number that exists, a report's whole id, a
    /// quote's `<report id>:<start>` that names a stored quotation.
    fn resolve_evidence(&self, e: &StatusEvidence) -> Result<String, StoreError> {
        let missing = |why: &str| StoreError::NoSuchEvidence {
            kind: e.kind.clone(),
            id: e.id.clone(),
            why: why.to_string(),
        };
        let document = |prefix: &str| -> Result<(i64, String), StoreError> {
            let mut stmt = self
                .tx()?
                .prepare_cached("SELECT rowid, id FROM documents WHERE id LIKE ?1 || '%' LIMIT 2")
                .map_err(|e| self.err(e))?;
            let found: Vec<(i64, String)> = stmt
                .query_map([prefix], |r| Ok((r.get(0)?, r.get(1)?)))
                .and_then(|rows| rows.collect())
                .map_err(|e| self.err(e))?;
            match found.as_slice() {
                [one] => Ok(one.clone()),
                [] => Err(missing(
                    "no stored report has that id; `truce documents` lists them",
                )),
                _ => Err(StoreError::Ambiguous {
                    prefix: prefix.to_string(),
                }),
            }
        };
        match e.kind.as_str() {
            "event" => {
                let cluster: i64 = e.id.trim_start_matches('#').parse().map_err(|_| {
                    missing("an event is named by its number, as `truce events` shows it")
                })?;
                if !self.cluster_exists(cluster)? {
                    return Err(missing("no such event; `truce events` lists them"));
                }
                Ok(cluster.to_string())
            }
            "document" => Ok(document(&e.id)?.1),
            "quote" => {
                let (prefix, start) =
                    e.id.rsplit_once(':')
                        .and_then(|(d, s)| Some((d, s.parse::<i64>().ok()?)))
                        .ok_or_else(|| missing("a quote is named <report id>:<start offset>"))?;
                let (rowid, id) = document(prefix)?;
                let exists = self
                    .tx()?
                    .query_row(
                        "SELECT 1 FROM quotes WHERE doc = ?1 AND start = ?2",
                        params![rowid, start],
                        |_| Ok(()),
                    )
                    .optional()
                    .map_err(|e| self.err(e))?
                    .is_some();
                if !exists {
                    return Err(missing(
                        "that report has no quotation starting there; `truce quotes` lists them",
                    ));
                }
                Ok(format!("{id}:{start}"))
            }
            _ => Err(missing("evidence is an event, a document or a quote")),
        }
    }
}

impl Store {
    /// Every status change recorded for `regime`, in the order recorded.
    pub fn provision_statuses(&self, regime: &str) -> Result<Vec<ProvisionStatus>, StoreError> {
        let mut stmt = self
            .conn()?
            .prepare_cached(
                "SELECT regime, agreement, provision, level, date, evidence, analyst, note, recorded_at \
                 FROM provision_status WHERE regime = ?1 ORDER BY id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([regime], |r| {
                let date: String = r.get(4)?;
                let evidence: String = r.get(5)?;
                Ok(ProvisionStatus {
                    regime: r.get(0)?,
                    agreement: r.get(1)?,
                    provision: r.get(2)?,
                    level: r.get(3)?,
                    date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            4,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })?,
                    evidence: serde_json::from_str(&evidence).unwrap_or_default(),
                    analyst: r.get(6)?,
                    note: r.get(7)?,
                    recorded_at: r.get(8)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }
}
