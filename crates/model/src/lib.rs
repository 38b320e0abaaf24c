//! Domain types shared by every stage of truce.
//!
//! This crate depends on nothing else of ours and does no I/O. Its invariants:
//! - a [`Span`] is a half-open range of **byte** offsets into a document's clean text, and
//!   both ends always fall on UTF-8 character boundaries;
//! - a [`DocumentId`] is derived from the raw bytes of a report, a [`Fingerprint`] from its
//!   normalised body, so both are reproducible from the data alone.

mod analysis;
mod document;
mod id;
mod regime;
mod span;
pub mod vocabulary;

pub use analysis::{
    Actor, Agreement, Casualty, DateMention, Event, EventDate, Evidence, Mention, Mentions, Place,
    Provision, Quote, Speaker,
};
pub use document::{Dateline, Document, DocumentMeta, RemovedBoilerplate};
pub use id::{DocumentId, Fingerprint};
pub use regime::{ProvisionStatus, StatusEvidence, IMPLEMENTATION_LEVELS, STATUS_EVIDENCE_KINDS};
pub use span::{Span, SpanError};
pub use vocabulary::{
    ActField, Action, ActorCategory, ActorKind, CasualtyGroup, DatePrecision, DateSource,
    EventType, Figure, Harm, Modality, PlacePrecision, QuoteKind, ReadersSee, Role, UnknownTerm,
    Verdict, Vocabulary,
};
