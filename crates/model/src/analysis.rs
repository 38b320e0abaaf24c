//! What analysis finds in one document: the `actors`, `places` and `dates` lists of
//! `truce analyse --json` (see DESIGN.md). Every mention is a byte span into the clean text.

use serde::{Deserialize, Serialize};

use crate::vocabulary::{
    DatePrecision, DateSource, EventType, Modality, PlacePrecision, QuoteKind,
};

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
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
}

/// Who said a quotation (`Default`: nobody resolved).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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

/// When an event happened, and where that came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// ISO 8601; `None` when the date expression is relative and the document undated.
    pub value: Option<String>,
    pub precision: DatePrecision,
    /// How close to the act the date was found.
    pub from: DateSource,
}

/// One piece of evidence for an event: the clause that carries the act.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The words that matched the event pattern.
    pub trigger: Mention,
    /// The pattern, as written in the knowledge file.
    pub pattern: String,
    pub modality: Modality,
    /// The word that set a modality other than asserted ("not", "would", "if").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Mention>,
    /// The mentions the actors and recipients were read from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actor_mentions: Vec<Mention>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipient_mentions: Vec<Mention>,
}

/// An act of one party towards another, coded in PLOVER, with its evidence. Several
/// reports of one act are one event with several pieces of evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Unique within the document ("e1").
    pub id: String,
    /// PLOVER event type.
    #[serde(rename = "type")]
    pub kind: EventType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// PLOVER contexts the clause shows (humanitarian, ceasefire, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
    pub modality: Modality,
    /// CAMEO root code, for exports to CAMEO-based tools.
    pub cameo_root: String,
    /// Actor ids: the parties that acted (for a head of state, also the state).
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    /// A place id of the document's `places`.
    pub place: Option<String>,
    pub date: Option<EventDate>,
    pub evidence: Vec<Evidence>,
    /// 0..1: how completely the pattern and roles were found.
    pub confidence: f32,
    /// Why pieces of evidence were taken for one act; empty for a single report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<String>,
    /// The killed and injured its own clauses count ("killing at least nine civilians").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub casualties: Vec<Casualty>,
}

/// A casualty figure read from an act's clause: how many were killed or injured, how the
/// report states the number, and whom it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualty {
    pub harm: crate::Harm,
    pub count: u32,
    pub figure: crate::Figure,
    pub who: crate::CasualtyGroup,
    /// The words the figure was read from, and where they are in the report.
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Casualty {
    /// What an act's figures add up to for one harm: the largest count of people in general
    /// or the sum of the largest count for each named group, whichever is more ("killing 12
    /// people, including five children" is 12; "nine civilians and three soldiers" is 12).
    /// A report that tells the figure twice (headline and body) counts it once.
    pub fn toll(casualties: &[Casualty], harm: crate::Harm) -> Option<u32> {
        let of_harm = || casualties.iter().filter(move |c| c.harm == harm);
        of_harm().next()?;
        let largest = |who: crate::CasualtyGroup| {
            of_harm()
                .filter(|c| c.who == who)
                .map(|c| c.count)
                .max()
                .unwrap_or(0)
        };
        let named: u32 = [
            crate::CasualtyGroup::Civilians,
            crate::CasualtyGroup::Fighters,
            crate::CasualtyGroup::Soldiers,
        ]
        .into_iter()
        .map(largest)
        .sum();
        Some(named.max(largest(crate::CasualtyGroup::People)))
    }
}

/// One provision of an agreement: what the parties committed to, as the report states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provision {
    pub topic: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// An agreement a report describes (a joint statement, a memorandum), proposed for an
/// analyst to accept, edit or reject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// Unique within the document ("a1").
    pub id: String,
    pub name: String,
    /// The noun the report uses ("joint statement").
    pub kind: String,
    /// ISO 8601 date of its adoption, if the report gives or implies it.
    pub date: Option<String>,
    /// A place id of the document's `places`.
    pub place: Option<String>,
    /// Actor ids of the parties.
    pub parties: Vec<String>,
    pub provisions: Vec<Provision>,
    /// Instruments it refers to ("UN Security Council Resolution 2254").
    #[serde(default)]
    pub references: Vec<String>,
    /// The mentions of the document in the report.
    pub mentions: Vec<Mention>,
    /// Always `proposed` from analysis; an analyst's decision changes it in the store.
    pub status: String,
}
