use crate::{DocumentId, Fingerprint, Span};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The place line a wire report opens with ("TEHRAN --", "BEIRUT (Reuters) -").
///
/// `text` is the place as printed; `span` covers it in the clean text, which keeps the
/// dateline (DESIGN.md: the clean text keeps the dateline as printed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    pub text: String,
    #[serde(flatten)]
    pub span: Span,
    /// A news agency named inside the dateline, e.g. "Reuters" in "BEIRUT (Reuters) -".
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub agency: Option<String>,
}

/// A piece of text that ingest removed from the body, kept so readers can see what was cut.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedBoilerplate {
    pub text: String,
    /// Why it was judged boilerplate (e.g. "disclaimer", "trailing heading").
    pub reason: String,
}

/// Metadata a source may carry for a report. Every field is optional: plain text often
/// has none, while a web page or a feed item may carry all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateTime<FixedOffset>>,
    pub language: Option<String>,
}

/// A report after ingest: clean text plus metadata. The input of analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Hash of the raw bytes of this copy.
    pub id: DocumentId,
    /// Hash of the normalised body; equal for syndicated copies of one story.
    pub fingerprint: Fingerprint,
    #[serde(flatten)]
    pub meta: DocumentMeta,
    pub dateline: Option<Dateline>,
    /// The clean text. Every span of every annotation indexes into this string.
    pub text: String,
    /// What was removed from the body, in reading order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub removed: Vec<RemovedBoilerplate>,
}
