//! Proposed agreements and analysts' decisions on them. A proposal is stored as analysis
//! gave it; a decision is a verification row (accepted = confirmed, edited = corrected,
//! rejected); what an analyst sees is the proposal with the latest decision applied.

use serde::Serialize;
use serde_json::Value;
use truce_model::{Agreement, Mentions, Verdict};

use crate::verify::Verification;
use crate::{sql, Batch, Store, StoreError};

/// The decisions on a proposal, and the verification status each is stored as.
pub const AGREEMENT_DECISIONS: [(&str, Verdict); 3] = [
    ("accepted", Verdict::Confirmed),
    ("edited", Verdict::Corrected),
    ("rejected", Verdict::Rejected),
];

/// What an agreement's status can be: as proposed, or as an analyst decided.
pub const AGREEMENT_STATUSES: [&str; 4] = ["proposed", "accepted", "edited", "rejected"];

/// The fields an edit may change.
pub const AGREEMENT_FIELDS: [&str; 7] = [
    "name",
    "kind",
    "date",
    "place",
    "parties",
    "provisions",
    "references",
];

/// A proposed agreement with the analysts' latest decision applied.
#[derive(Debug, Clone, Serialize)]
pub struct StoredAgreement {
    /// The proposal's number in the store.
    pub id: i64,
    /// The report that describes it.
    pub document: String,
    pub published: Option<String>,
    /// The agreement as it stands: the proposal, edited if an analyst edited it, with
    /// `status` proposed, accepted, edited or rejected.
    pub agreement: Agreement,
    /// As analysis proposed it.
    pub proposal: Agreement,
    pub decision: Option<Verification>,
}

pub(crate) fn put_agreements(db: sql::Db<'_>, doc: i64, m: &Mentions) -> Result<(), StoreError> {
    for a in &m.agreements {
        let json = serde_json::to_string(a).expect("an agreement serialises");
        db.execute(
            "INSERT INTO agreements (doc, local, proposal) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
            &[doc.into(), a.id.as_str().into(), (&json).into()],
        )?;
    }
    Ok(())
}

/// Checks an edit: an object of known fields, each of the right shape.
pub fn check_agreement_edit(c: &Value) -> Result<(), (String, String)> {
    let bad = |field: &str, why: String| Err((format!("correction.{field}"), why));
    let Some(o) = c.as_object().filter(|o| !o.is_empty()) else {
        return Err((
            "correction".into(),
            format!(
                "an edit is an object of one or more of {}",
                AGREEMENT_FIELDS.join(", ")
            ),
        ));
    };
    for (k, v) in o {
        match k.as_str() {
            "name" | "kind" | "place" if v.as_str().is_none_or(|s| s.trim().is_empty()) => {
                return bad(k, format!("{k} is a non-empty string"))
            }
            "date"
                if v.as_str()
                    .is_none_or(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err()) =>
            {
                return bad(k, "date is written YYYY-MM-DD".into())
            }
            "parties" | "references"
                if !v.as_array().is_some_and(|a| {
                    a.iter().all(|x| x.as_str().is_some_and(|s| !s.is_empty()))
                }) =>
            {
                return bad(k, format!("{k} is a list of strings"))
            }
            "provisions" => {
                let ok = v.as_array().is_some_and(|a| {
                    a.iter().all(|p| {
                        p["topic"].as_str().is_some_and(|s| !s.is_empty())
                            && p["text"].as_str().is_some_and(|s| !s.is_empty())
                    })
                });
                if !ok {
                    return bad(k, "provisions is a list of {\"topic\", \"text\"} objects (with \"start\" and \"end\" when they quote the report)".into());
                }
            }
            f if !AGREEMENT_FIELDS.contains(&f) => {
                return bad(
                    k,
                    format!(
                        "{k:?} cannot be edited; edit {}",
                        AGREEMENT_FIELDS.join(", ")
                    ),
                )
            }
            _ => {}
        }
    }
    Ok(())
}

/// The proposal with `decision` applied.
fn apply(proposal: &Agreement, decision: Option<&Verification>) -> Agreement {
    let mut a = proposal.clone();
    let Some(d) = decision else {
        return a;
    };
    a.status = AGREEMENT_DECISIONS
        .iter()
        .find(|(_, stored)| *stored == d.status)
        .map(|(shown, _)| shown.to_string())
        .unwrap_or_else(|| d.status.as_str().to_string());
    if let Some(Value::Object(c)) = &d.correction {
        let mut v = serde_json::to_value(&a).expect("an agreement serialises");
        for (k, x) in c {
            if k == "provisions" {
                // provisions typed by an analyst need not quote the report
                let list: Vec<Value> = x
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .map(|p| {
                                serde_json::json!({
                                    "topic": p["topic"], "text": p["text"],
                                    "start": p["start"].as_u64().unwrap_or(0),
                                    "end": p["end"].as_u64().unwrap_or(0),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                v[k] = Value::Array(list);
            } else {
                v[k] = x.clone();
            }
        }
        if let Ok(edited) = serde_json::from_value(v) {
            a = edited;
        }
    }
    a
}

impl Batch<'_> {
    /// Records an analyst's decision on proposal `id`: accepted, edited (with the edited
    /// fields) or rejected.
    pub fn decide_agreement(
        &mut self,
        id: i64,
        decision: &str,
        edit: Option<&Value>,
        analyst: &str,
        note: Option<&str>,
    ) -> Result<Verification, StoreError> {
        let exists = self
            .db()
            .first("SELECT 1 FROM agreements WHERE id = ?1", &[id.into()])?
            .is_some();
        if !exists {
            return Err(StoreError::NoSuchAgreement { id });
        }
        let status = AGREEMENT_DECISIONS
            .iter()
            .find(|(shown, _)| *shown == decision)
            .map(|(_, stored)| *stored)
            .ok_or_else(|| StoreError::BadDecision {
                decision: decision.to_string(),
            })?;
        let (target, correction) = (id.to_string(), edit.map(Value::to_string));
        self.db().execute(
            "INSERT INTO verifications (target_kind, target, status, correction, analyst, note, decided_at) \
             VALUES ('agreement', ?1, ?2, ?3, ?4, ?5, ?6)",
            &[
                (&target).into(),
                status.as_str().into(),
                correction.as_ref().into(),
                analyst.into(),
                note.into(),
                self.now.as_str().into(),
            ],
        )?;
        self.audit(
            analyst,
            "agreement.decision",
            &format!("agreement {id}"),
            serde_json::json!({"decision": status.as_str(), "edit": edit, "note": note}),
        )?;
        Ok(Verification {
            status,
            correction: edit.cloned(),
            analyst: analyst.to_string(),
            note: note.map(str::to_string),
            decided_at: self.now.clone(),
            version: None,
            changes: Vec::new(),
        })
    }
}

impl Store {
    /// Proposed agreements, oldest report first, with the latest decision applied;
    /// `status` keeps only those proposed, accepted, edited or rejected.
    pub fn agreements(&self, status: Option<&str>) -> Result<Vec<StoredAgreement>, StoreError> {
        let db = self.db();
        // the latest decision on each agreement (decisions are few beside reports)
        let mut decisions: std::collections::HashMap<String, Verification> = Default::default();
        for r in db.rows(
            "SELECT target, status, correction, analyst, note, decided_at FROM verifications \
             WHERE target_kind = 'agreement' ORDER BY id",
            &[],
        )? {
            let correction: Option<String> = r.get(2)?;
            decisions.insert(
                r.get(0)?,
                Verification {
                    status: r.word(1)?,
                    correction: correction.and_then(|c| serde_json::from_str(&c).ok()),
                    analyst: r.get(3)?,
                    note: r.get(4)?,
                    decided_at: r.get(5)?,
                    version: None,
                    changes: Vec::new(),
                },
            );
        }
        let rows = db.rows(
            "SELECT a.id, d.id, d.published, a.proposal FROM agreements a \
             JOIN documents d ON d.rowid = a.doc \
             ORDER BY d.published IS NULL, d.published, a.id",
            &[],
        )?;
        let mut out = Vec::new();
        for r in rows {
            let (id, document, published, proposal): (i64, String, Option<String>, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let decision = decisions.remove(&id.to_string());
            let Ok(proposal) = serde_json::from_str::<Agreement>(&proposal) else {
                continue;
            };
            let agreement = apply(&proposal, decision.as_ref());
            if status.is_some_and(|s| s != agreement.status) {
                continue;
            }
            out.push(StoredAgreement {
                id,
                document,
                published,
                agreement,
                proposal,
                decision,
            });
        }
        Ok(out)
    }
}
