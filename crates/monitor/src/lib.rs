//! Monitoring: the store read through a ceasefire regime.
//!
//! The main entry points are [`violations`] (alleged violations, acts possibly inside a
//! zone and acts of designated groups, per zone, day and party), [`zone_filter`] (the
//! store filter for acts inside one zone), [`evidence_candidates`] with
//! [`evidence_words`] (what could show a provision being carried out), and
//! [`acts::ActIndex`] (every act's day, type, modality and position in memory, for the
//! timeline and the world map).
//!
//! This crate is where the command line and the HTTP server ask monitoring questions,
//! so that both answer them by one rule and the command line does not link the HTTP
//! server to do so. The rules themselves (what is inside a zone, what is an alleged
//! violation) are the regime crate's; this crate joins them with the store.
//!
//! Invariant: `truce violations`, `/api/violations`, the Events filter `--zone` and the
//! Regime tab all read the store through this crate.

pub mod acts;
mod violations;

pub use violations::{
    evidence_candidates, evidence_words, findings, violations, zone_filter, ZoneFinding,
};
