//! Provisions over time: the implementation status analysts record for each provision
//! (0 not begun, 1 minimal, 2 intermediate, 3 full, as the Peace Accords Matrix codes
//! it), what a passed deadline means given that record, and which later acts or quotes
//! may be evidence for a provision. Pure: the caller reads the record and the candidates
//! from the store.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;
use truce_model::{ProvisionStatus, IMPLEMENTATION_LEVELS, STATUS_EVIDENCE_KINDS};

use crate::{Agreement, Provision, Regime};

/// Why a status change cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    #[error("regime {regime} has no agreement {agreement:?}; it has {known}")]
    NoAgreement {
        regime: String,
        agreement: String,
        known: String,
    },
    #[error("agreement {agreement} has no provision {provision:?}; it has {known}")]
    NoProvision {
        agreement: String,
        provision: String,
        known: String,
    },
    #[error("level {0} is not on the scale: 0 not begun, 1 minimal, 2 intermediate, 3 full")]
    Level(u8),
    #[error("{date} is before the agreement was made ({made}); a provision has no status before its agreement")]
    BeforeAgreement { date: NaiveDate, made: NaiveDate },
    #[error(
        "a status above 0 (not begun) needs evidence: an event, a report or a quote that shows it"
    )]
    NoEvidence,
    #[error("evidence kind {0:?} is not one of event, document, quote")]
    EvidenceKind(String),
}

impl Regime {
    /// The agreement and provision a change is about.
    pub fn provision(
        &self,
        agreement: &str,
        provision: &str,
    ) -> Result<(&Agreement, &Provision), StatusError> {
        let a = self
            .agreements
            .iter()
            .find(|a| a.id == agreement)
            .ok_or_else(|| StatusError::NoAgreement {
                regime: self.id.clone(),
                agreement: agreement.to_string(),
                known: self
                    .agreements
                    .iter()
                    .map(|a| a.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let p = a
            .provisions
            .iter()
            .find(|p| p.id == provision)
            .ok_or_else(|| StatusError::NoProvision {
                agreement: a.id.clone(),
                provision: provision.to_string(),
                known: a
                    .provisions
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        Ok((a, p))
    }

    /// Whether `change` may be recorded in this regime: its provision exists, its level is
    /// on the scale, it is not dated before the agreement, and anything above "not begun"
    /// comes with evidence. (That the evidence exists is the store's to check.)
    pub fn check_status(&self, change: &ProvisionStatus) -> Result<(), StatusError> {
        let (a, _) = self.provision(&change.agreement, &change.provision)?;
        if usize::from(change.level) >= IMPLEMENTATION_LEVELS.len() {
            return Err(StatusError::Level(change.level));
        }
        if change.date < a.date {
            return Err(StatusError::BeforeAgreement {
                date: change.date,
                made: a.date,
            });
        }
        if change.level > 0 && change.evidence.is_empty() {
            return Err(StatusError::NoEvidence);
        }
        if let Some(bad) = change
            .evidence
            .iter()
            .find(|e| !STATUS_EVIDENCE_KINDS.contains(&e.kind.as_str()))
        {
            return Err(StatusError::EvidenceKind(bad.kind.clone()));
        }
        Ok(())
    }
}

/// The status of a provision on `day`: the change dated latest on or before it (of two
/// dated the same day, the one recorded later), if any. `changes` are in recorded order.
pub fn status_on<'a>(
    changes: &'a [ProvisionStatus],
    agreement: &str,
    provision: &str,
    day: NaiveDate,
) -> Option<&'a ProvisionStatus> {
    changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.agreement == agreement && c.provision == provision && c.date <= day)
        .max_by_key(|(order, c)| (c.date, *order))
        .map(|(_, c)| c)
}

/// What a deadline means on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// Not yet passed.
    Pending,
    /// Fully implemented on or before the deadline.
    Met,
    /// Fully implemented, but after the deadline.
    Late,
    /// Passed with some implementation shown (minimal or intermediate), not full.
    Partial,
    /// Passed with no evidence of compliance recorded by then.
    NoEvidence,
}

impl DeadlineState {
    /// Its name, as serialised ("no_evidence").
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineState::Pending => "pending",
            DeadlineState::Met => "met",
            DeadlineState::Late => "late",
            DeadlineState::Partial => "partial",
            DeadlineState::NoEvidence => "no_evidence",
        }
    }
}

/// One provision's deadline read against the record.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineCheck {
    pub agreement: String,
    pub provision: String,
    pub text: String,
    pub deadline: NaiveDate,
    pub state: DeadlineState,
    /// The level recorded for the deadline day, if any.
    pub level_at_deadline: Option<u8>,
    /// Passed without full compliance shown by then: what a monitor must look at.
    pub flagged: bool,
}

/// Every provision with a deadline, read on `day` against `changes`.
pub fn deadlines(
    regime: &Regime,
    changes: &[ProvisionStatus],
    day: NaiveDate,
) -> Vec<DeadlineCheck> {
    let mut out = Vec::new();
    for a in &regime.agreements {
        for p in &a.provisions {
            let Some(deadline) = p.deadline else { continue };
            let at_deadline = status_on(changes, &a.id, &p.id, deadline);
            let now = status_on(changes, &a.id, &p.id, day);
            let full = |s: Option<&ProvisionStatus>| s.is_some_and(|s| s.level == 3);
            let state = if day <= deadline {
                DeadlineState::Pending
            } else if full(at_deadline) {
                DeadlineState::Met
            } else if full(now) {
                DeadlineState::Late
            } else if at_deadline.is_some_and(|s| s.level > 0 && !s.evidence.is_empty()) {
                DeadlineState::Partial
            } else {
                DeadlineState::NoEvidence
            };
            out.push(DeadlineCheck {
                agreement: a.id.clone(),
                provision: p.id.clone(),
                text: p.text.clone(),
                deadline,
                state,
                level_at_deadline: at_deadline.map(|s| s.level),
                flagged: matches!(state, DeadlineState::Partial | DeadlineState::NoEvidence),
            });
        }
    }
    out
}

/// One provision as a monitor reads it on a day: its status then, the whole history of
/// changes, and what its deadline means.
#[derive(Debug, Clone, Serialize)]
pub struct ProvisionRecord {
    pub agreement: String,
    pub provision: String,
    pub topic: String,
    pub text: String,
    pub deadline: Option<NaiveDate>,
    /// The level on the day (absent: nothing recorded by then).
    pub level: Option<u8>,
    /// Its name on the scale.
    pub level_name: Option<&'static str>,
    /// Every change recorded, in the order recorded (later-dated ones included).
    pub history: Vec<ProvisionStatus>,
    pub deadline_state: Option<DeadlineState>,
    pub flagged: bool,
}

/// Every provision of `regime` read on `day` against `changes`.
pub fn record(
    regime: &Regime,
    changes: &[ProvisionStatus],
    day: NaiveDate,
) -> Vec<ProvisionRecord> {
    let checks = deadlines(regime, changes, day);
    let mut out = Vec::new();
    for a in &regime.agreements {
        for p in &a.provisions {
            let level = status_on(changes, &a.id, &p.id, day).map(|s| s.level);
            let check = checks
                .iter()
                .find(|c| c.agreement == a.id && c.provision == p.id);
            out.push(ProvisionRecord {
                agreement: a.id.clone(),
                provision: p.id.clone(),
                topic: p.topic.clone(),
                text: p.text.clone(),
                deadline: p.deadline,
                level,
                level_name: level.and_then(|l| IMPLEMENTATION_LEVELS.get(usize::from(l)).copied()),
                history: changes
                    .iter()
                    .filter(|c| c.agreement == a.id && c.provision == p.id)
                    .cloned()
                    .collect(),
                deadline_state: check.map(|c| c.state),
                flagged: check.is_some_and(|c| c.flagged),
            });
        }
    }
    out
}

/// The words that tie a provision to later acts and quotes: its topic's words (from the
/// agreement patterns of the knowledge) and the words to leave out when comparing texts.
pub struct EvidenceWords<'a> {
    /// (topic, its words and phrases, lower case)
    pub topics: Vec<(&'a str, Vec<String>)>,
    /// Function words and the like, lower case.
    pub common: HashSet<String>,
}

/// A later act or quotation that might show a provision being carried out.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// `event` or `quote`.
    pub kind: String,
    pub id: String,
    pub date: Option<NaiveDate>,
    /// The clause or quotation.
    pub text: String,
    /// Who acted or spoke.
    pub actors: Vec<String>,
    /// Inside or possibly inside one of the regime's zones (a quote: `false`).
    pub in_zone: bool,
}

/// A suggested piece of evidence, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Suggestion {
    pub agreement: String,
    pub provision: String,
    pub kind: String,
    pub id: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    pub score: f64,
    /// The provision's distinctive words the text shares.
    pub shared: Vec<String>,
    /// The topic's words found in the text.
    pub topic_words: Vec<String>,
    /// The agreement's parties among the actors.
    pub parties: Vec<String>,
}

/// Lower-case content words of `text` in the singular (bodies: body, patrols: patrol),
/// common words left out.
fn content_words(text: &str, common: &HashSet<String>) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_lowercase())
        .filter(|w| w.chars().count() >= 3 && !common.contains(w))
        .map(|w| {
            if let Some(stem) = w.strip_suffix("ies").filter(|s| s.chars().count() >= 2) {
                format!("{stem}y")
            } else {
                match w.strip_suffix('s') {
                    Some(stem) if stem.chars().count() >= 3 && !stem.ends_with('s') => {
                        stem.to_string()
                    }
                    _ => w,
                }
            }
        })
        .filter(|w| !common.contains(w))
        .collect()
}

/// For each provision of `regime` (or only `only`: agreement and provision ids), the
/// candidates dated on or after its agreement that share at least two of its distinctive
/// content words (found in at most half of the agreement's provisions), or one and a
/// word of its topic, best first, at most `per_provision` each.
/// An act of one of the agreement's parties and an act inside the zone rank higher.
pub fn suggest(
    regime: &Regime,
    words: &EvidenceWords,
    candidates: &[Candidate],
    only: Option<(&str, &str)>,
    per_provision: usize,
) -> Vec<Suggestion> {
    let texts: Vec<(HashSet<String>, String)> = candidates
        .iter()
        .map(|c| (content_words(&c.text, &words.common), c.text.to_lowercase()))
        .collect();
    let mut out = Vec::new();
    for a in &regime.agreements {
        for p in &a.provisions {
            if only.is_some_and(|(ag, pr)| ag != a.id || pr != p.id) {
                continue;
            }
            // words most of the agreement's provisions share ("the demilitarised zone" of
            // the Sochi memorandum) do not tell its provisions apart, so they do not count
            let all: Vec<HashSet<String>> = a
                .provisions
                .iter()
                .map(|q| content_words(&q.text, &words.common))
                .collect();
            let most = (a.provisions.len() / 2).max(1);
            let wanted: HashSet<String> = content_words(&p.text, &words.common)
                .into_iter()
                .filter(|w| all.iter().filter(|q| q.contains(w)).count() <= most)
                .collect();
            let topic: &[String] = words
                .topics
                .iter()
                .find(|(t, _)| *t == p.topic)
                .map(|(_, w)| w.as_slice())
                .unwrap_or_default();
            let mut found: Vec<Suggestion> = Vec::new();
            for (c, (cw, lower)) in candidates.iter().zip(&texts) {
                if c.date.is_none_or(|d| d < a.date) {
                    continue;
                }
                let mut shared: Vec<String> = wanted.intersection(cw).cloned().collect();
                shared.sort();
                let topic_words: Vec<String> = topic
                    .iter()
                    .filter(|w| contains_phrase(lower, w))
                    .cloned()
                    .collect();
                if shared.len() < 2 && (shared.is_empty() || topic_words.is_empty()) {
                    continue;
                }
                let parties: Vec<String> = c
                    .actors
                    .iter()
                    .filter(|x| a.parties.contains(x))
                    .cloned()
                    .collect();
                let score = shared.len() as f64
                    + 0.5 * topic_words.len() as f64
                    + if parties.is_empty() { 0.0 } else { 1.0 }
                    + if c.in_zone { 0.5 } else { 0.0 };
                found.push(Suggestion {
                    agreement: a.id.clone(),
                    provision: p.id.clone(),
                    kind: c.kind.clone(),
                    id: c.id.clone(),
                    date: c.date,
                    text: c.text.clone(),
                    score,
                    shared,
                    topic_words,
                    parties,
                });
            }
            found.sort_by(|x, y| {
                y.score
                    .total_cmp(&x.score)
                    .then_with(|| x.date.cmp(&y.date))
                    .then_with(|| x.id.cmp(&y.id))
            });
            found.truncate(per_provision);
            out.extend(found);
        }
    }
    out
}

/// `phrase` in `text` as whole words (both lower case).
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
