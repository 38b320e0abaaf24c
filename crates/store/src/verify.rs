//! Analysts' verdicts on extracted items (events first): each verdict is a new row; the
//! latest one is the item's status.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::{Batch, Store, StoreError};

/// An analyst's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub status: String,
    /// The corrected fields, for `corrected`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<serde_json::Value>,
    pub analyst: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub decided_at: String,
}

pub const STATUSES: [&str; 3] = ["confirmed", "corrected", "rejected"];

impl Batch<'_> {
    /// Records a verdict on an event cluster; the cluster must exist.
    pub fn verify_event(
        &mut self,
        cluster: i64,
        status: &str,
        correction: Option<&serde_json::Value>,
        analyst: &str,
        note: Option<&str>,
    ) -> Result<Verification, StoreError> {
        if !self.cluster_exists(cluster)? {
            return Err(StoreError::NoSuchAct { cluster });
        }
        let correction_text = correction.map(|c| c.to_string());
        self.tx
            .execute(
                "INSERT INTO verifications (target_kind, target, status, correction, analyst, note, decided_at) \
                 VALUES ('event', ?1, ?2, ?3, ?4, ?5, ?6)",
                params![cluster.to_string(), status, correction_text, analyst, note, self.now],
            )
            .map_err(|e| self.err(e))?;
        Ok(Verification {
            status: status.to_string(),
            correction: correction.cloned(),
            analyst: analyst.to_string(),
            note: note.map(str::to_string),
            decided_at: self.now.clone(),
        })
    }
}

impl Store {
    /// The latest verdict on each of `clusters` (absent when none).
    pub fn event_verifications(
        &self,
        clusters: &[i64],
    ) -> Result<Vec<(i64, Verification)>, StoreError> {
        let mut out = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT status, correction, analyst, note, decided_at FROM verifications \
                 WHERE target_kind = 'event' AND target = ?1 ORDER BY id DESC LIMIT 1",
            )
            .map_err(|e| self.err(e))?;
        for &c in clusters {
            let v = stmt
                .query_row([c.to_string()], |r| {
                    let correction: Option<String> = r.get(1)?;
                    Ok(Verification {
                        status: r.get(0)?,
                        correction: correction.and_then(|c| serde_json::from_str(&c).ok()),
                        analyst: r.get(2)?,
                        note: r.get(3)?,
                        decided_at: r.get(4)?,
                    })
                })
                .optional()
                .map_err(|e| self.err(e))?;
            if let Some(v) = v {
                out.push((c, v));
            }
        }
        Ok(out)
    }
}
