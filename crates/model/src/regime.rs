//! What analysts record about a regime over time: how far each provision of an
//! agreement has been carried out, on the four-level scale of the Peace Accords Matrix.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The implementation levels, by number (0 to 3).
pub const IMPLEMENTATION_LEVELS: [&str; 4] = ["not begun", "minimal", "intermediate", "full"];

/// The kinds of evidence a status change can name.
pub const STATUS_EVIDENCE_KINDS: [&str; 3] = ["event", "document", "quote"];

/// One thing that shows a provision's status: a stored act (its event number), a report
/// (its id or a unique prefix), or a quotation (`<report id>:<byte offset of its start>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEvidence {
    /// `event`, `document` or `quote`.
    pub kind: String,
    pub id: String,
}

/// One change of a provision's implementation status: never overwritten, the history is
/// every change in the order recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionStatus {
    pub regime: String,
    pub agreement: String,
    pub provision: String,
    /// 0 not begun, 1 minimal, 2 intermediate, 3 full.
    pub level: u8,
    /// The day from which the status holds.
    pub date: NaiveDate,
    #[serde(default)]
    pub evidence: Vec<StatusEvidence>,
    pub analyst: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it was recorded (RFC 3339); empty before it is stored.
    #[serde(default)]
    pub recorded_at: String,
}
