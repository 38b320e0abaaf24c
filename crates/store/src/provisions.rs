//! Provision status changes: appended, never overwritten; read back in recorded order.
//! Whether a change makes sense for its regime is the regime's to check; the store checks
//! that the evidence it names exists, and resolves report id prefixes to whole ids.

use chrono::NaiveDate;
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
        let date = stored.date.to_string();
        self.db().execute(
            "INSERT INTO provision_status (regime, agreement, provision, level, date, evidence, analyst, note, recorded_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            &[
                stored.regime.as_str().into(),
                stored.agreement.as_str().into(),
                stored.provision.as_str().into(),
                i64::from(stored.level).into(),
                (&date).into(),
                (&evidence).into(),
                stored.analyst.as_str().into(),
                stored.note.as_ref().into(),
                stored.recorded_at.as_str().into(),
            ],
        )?;
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
            let found: Vec<(i64, String)> = self
                .db()
                .rows(
                    "SELECT rowid, id FROM documents WHERE id LIKE ?1 || '%' LIMIT 2",
                    &[prefix.into()],
                )?
                .iter()
                .map(|r| Ok::<_, StoreError>((r.get(0)?, r.get(1)?)))
                .collect::<Result<_, _>>()?;
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
                    .db()
                    .first(
                        "SELECT 1 FROM quotes WHERE doc = ?1 AND start = ?2",
                        &[rowid.into(), start.into()],
                    )?
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
        self.db()
            .rows(
                "SELECT regime, agreement, provision, level, date, evidence, analyst, note, recorded_at \
                 FROM provision_status WHERE regime = ?1 ORDER BY id",
                &[regime.into()],
            )?
            .iter()
            .map(|r| {
                let date: String = r.get(4)?;
                let evidence: String = r.get(5)?;
                let damaged = |detail: String| StoreError::Damaged {
                    path: String::new(),
                    detail,
                };
                Ok(ProvisionStatus {
                    regime: r.get(0)?,
                    agreement: r.get(1)?,
                    provision: r.get(2)?,
                    level: u8::try_from(r.get::<i64>(3)?)
                        .map_err(|e| damaged(format!("a provision's level: {e}")))?,
                    date: NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                        .map_err(|e| damaged(format!("a provision's date {date:?}: {e}")))?,
                    evidence: serde_json::from_str(&evidence).unwrap_or_default(),
                    analyst: r.get(6)?,
                    note: r.get(7)?,
                    recorded_at: r.get(8)?,
                })
            })
            .collect()
    }
}
