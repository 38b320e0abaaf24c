//! What analysis finds in one document: the `actors`, `places` and `dates` lists of
//! `truce analyse --json` (see DESIGN.md). Every mention is a byte span into the clean text.

use serde::{Deserialize, Serialize};

/// One place in the text where something is named: the exact text and its byte span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// An actor the document mentions, resolved to knowledge where possible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// ISO 3166-1 alpha-3 for states, a stable slug for everyone else; `unknown:<name>`
    /// for capitalised names that knowledge does not cover.
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The office a person held on the report's date ("President of Russia").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The state or organisation a person or force belongs to (an actor id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
    /// The body an organ belongs to (the Security Council's parent is the UN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// For a set ("the leaders"): the ids of its members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// How finely a place is known, as ACLED and UCDP grade it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum PlacePrecision {
    Exact,
    District,
    Region,
    Country,
    Continent,
}

/// A place the document mentions, resolved to the gazetteer where possible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// `geonames:<id>` for gazetteer places, ISO 3166-2 codes for first-level units,
    /// ISO 3166-1 alpha-2 codes for countries, `unknown:<name>` for unresolved names.
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: PlacePrecision,
    /// city, admin1, country, continent, or unknown.
    pub kind: String,
    /// What the place is to the report: `dateline` (where it was filed) or `mentioned`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    pub mentions: Vec<Mention>,
}

/// How finely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

/// A date expression and the calendar date it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// ISO 8601: the day, or the first day of the week, month or year; `None` when the
    /// expression is relative and the document has no publication date.
    pub value: Option<String>,
    pub precision: DatePrecision,
    /// Whether the value was computed from the publication date ("on Friday").
    pub relative: bool,
    /// Why a date stayed unresolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Everything the first layer of analysis finds in one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mentions {
    pub actors: Vec<Actor>,
    pub places: Vec<Place>,
    pub dates: Vec<DateMention>,
    #[serde(default)]
    pub quotes: Vec<Quote>,
}

/// Whether a quotation gives the words themselves, reports them, or only borrows a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
    /// A scare quote of one or two words ("stabilisation"): not a statement.
    Partial,
}

/// Who said a quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// An actor id; `None` when the speaker could not be resolved.
    pub actor: Option<String>,
    /// The authors of a document that speaks, or the members of a group.
    #[serde(default)]
    pub actors: Vec<String>,
    /// How the text names the speaker.
    pub name: Option<String>,
    pub mention: Option<Mention>,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub kind: QuoteKind,
    /// The words that attribute the quotation ("said", "according to").
    pub cue: Option<Mention>,
    pub speaker: Speaker,
    /// Problems with the quotation marks (an unclosed quote ended at its paragraph).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}
