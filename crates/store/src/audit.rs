//! The audit trail: every analyst's record (a verdict, a split or join, a provision's
//! status, a decision on an agreement) appends an entry in the same transaction as the
//! record itself, saying who, when, what and from where. Entries are chained: each one's
//! hash covers the previous entry's hash and its own fields, so [`Store::verify_audit`]
//! finds an entry that was edited, inserted or deleted. Deleting the newest entries leaves
//! a shorter chain that still holds: only a head kept elsewhere (`truce audit head`) shows
//! that.

use serde::Serialize;
use serde_json::Value;

use crate::{sql, Batch, Store, StoreError};

/// The hash before the first entry.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Where a batch's changes come from when its caller does not say.
pub const COMMAND_LINE: &str = "command line";

/// One entry of the audit trail as stored.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub origin: String,
    pub detail: Value,
    pub prev: String,
    pub hash: String,
}

/// What [`Store::verify_audit`] found: how many entries, the newest hash, and every entry
/// whose place in the chain does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct AuditCheck {
    pub entries: i64,
    pub head: String,
    pub faults: Vec<AuditFault>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditFault {
    pub seq: i64,
    pub what: String,
}

/// The hash of an entry: blake3 over the previous hash and each field, every field
/// preceded by its length, so no two different entries give the same bytes.
#[allow(clippy::too_many_arguments)] // the fields of one entry, in their order
fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    target: &str,
    origin: &str,
    detail: &str,
) -> String {
    let mut h = blake3::Hasher::new();
    let seq = seq.to_string();
    for field in [prev, &seq, at, actor, action, target, origin, detail] {
        h.update(&(field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().to_hex().to_string()
}

/// The advisory lock key that serialises appends to the trail on PostgreSQL ("audit").
const AUDIT_LOCK: i64 = 0x0061_7564_6974;

impl Batch<'_> {
    /// Says where this batch's changes come from (the client's address for the server);
    /// [`COMMAND_LINE`] unless set.
    pub fn set_origin(&mut self, origin: impl Into<String>) {
        self.origin = origin.into();
    }

    /// Appends an entry for a change this batch makes, chained to the newest entry (the
    /// analysts' records append their own; a caller that writes otherwise, an upload, says
    /// so here).
    pub fn audit(
        &mut self,
        actor: &str,
        action: &str,
        target: &str,
        detail: Value,
    ) -> Result<(), StoreError> {
        let db = self.db();
        if let sql::Db::Postgres(_) = db {
            // writers share a PostgreSQL store: one at a time extends the chain, until
            // its transaction ends (an SQLite store has one writer anyway)
            db.execute("SELECT pg_advisory_xact_lock(?1)", &[AUDIT_LOCK.into()])?;
        }
        let last = db
            .first(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                &[],
            )?
            .map(|r| -> Result<(i64, String), StoreError> { Ok((r.get(0)?, r.get(1)?)) })
            .transpose()?;
        let (seq, prev) = match last {
            Some((seq, hash)) => (seq + 1, hash),
            None => (1, GENESIS.to_string()),
        };
        let detail = detail.to_string();
        let hash = entry_hash(
            &prev,
            seq,
            &self.now,
            actor,
            action,
            target,
            &self.origin,
            &detail,
        );
        self.db().execute(
            "INSERT INTO audit_log (seq, at, actor, action, target, origin, detail, prev, hash) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            &[
                seq.into(),
                (&self.now).into(),
                actor.into(),
                action.into(),
                target.into(),
                (&self.origin).into(),
                (&detail).into(),
                (&prev).into(),
                (&hash).into(),
            ],
        )?;
        Ok(())
    }
}

fn entry_of(r: &sql::Row) -> Result<AuditEntry, StoreError> {
    let detail: String = r.get(6)?;
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        target: r.get(4)?,
        origin: r.get(5)?,
        detail: serde_json::from_str(&detail).unwrap_or(Value::String(detail)),
        prev: r.get(7)?,
        hash: r.get(8)?,
    })
}

impl Store {
    /// The newest `limit` entries of the trail before `before` (all when `None`), newest
    /// first.
    pub fn audit_entries(
        &self,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        // (the cast tells PostgreSQL what an absent bound is)
        self.db()
            .rows(
                "SELECT seq, at, actor, action, target, origin, detail, prev, hash FROM audit_log \
                 WHERE CAST(?1 AS BIGINT) IS NULL OR seq < ?1 ORDER BY seq DESC LIMIT ?2",
                &[before.into(), (limit as i64).into()],
            )?
            .iter()
            .map(entry_of)
            .collect()
    }

    /// Walks the whole trail in order and checks each entry: its number follows the one
    /// before, it names the hash before it, and its own hash is that of its fields.
    pub fn verify_audit(&self) -> Result<AuditCheck, StoreError> {
        let rows = self.db().rows(
            "SELECT seq, at, actor, action, target, origin, detail, prev, hash FROM audit_log ORDER BY seq",
            &[],
        )?;
        let (mut expected_seq, mut prev_hash) = (1_i64, GENESIS.to_string());
        let (mut entries, mut faults) = (0, Vec::new());
        for r in &rows {
            let get = |i: usize| -> Result<String, StoreError> { r.get(i) };
            let seq: i64 = r.get(0)?;
            let (prev, hash) = (get(7)?, get(8)?);
            entries += 1;
            if seq != expected_seq {
                faults.push(AuditFault {
                    seq,
                    what: format!(
                        "entry {seq} follows entry {}: entries are missing or were inserted",
                        expected_seq - 1
                    ),
                });
            }
            if prev != prev_hash {
                faults.push(AuditFault {
                    seq,
                    what: "it does not name the hash of the entry before it: an entry before it was changed, removed or inserted".into(),
                });
            }
            let own = entry_hash(
                &prev,
                seq,
                &get(1)?,
                &get(2)?,
                &get(3)?,
                &get(4)?,
                &get(5)?,
                &get(6)?,
            );
            if own != hash {
                faults.push(AuditFault {
                    seq,
                    what: "its fields do not give its hash: the entry was changed".into(),
                });
            }
            expected_seq = seq + 1;
            prev_hash = hash;
        }
        Ok(AuditCheck {
            entries,
            head: prev_hash,
            faults,
        })
    }
}
