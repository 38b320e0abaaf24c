//! Alleged violations of a regime counted per zone and day and per party, and listed: what
//! `truce violations` prints and `/api/violations` serves, from one tally.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{EventView, Loaded, Position};

/// One zone's day.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Day {
    pub date: String,
    pub zone: String,
    pub alleged_violations: usize,
    /// Acts whose place is known only coarsely (a region, a country) that may lie inside.
    pub possibly_inside: usize,
    /// Acts involving a group the regime designates: shown apart, outside the truce.
    pub designated: usize,
}

/// What the regime makes of one stored event.
#[derive(Debug, Clone, Serialize)]
pub struct Violation {
    /// The event (cluster) number.
    pub event: i64,
    pub date: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub zone: String,
    pub position: Position,
    pub phase: Option<String>,
    pub perpetrators: Vec<String>,
    pub actors: Vec<String>,
    pub recipients: Vec<String>,
    pub place: Option<String>,
    /// How many reports carry it.
    pub reports: i64,
    pub evidence: String,
    pub designated: bool,
}

/// The fields of a stored event that are shown beside the regime's reading of it.
pub struct Shown {
    pub event: i64,
    pub date: Option<String>,
    pub place: Option<String>,
    pub reports: i64,
    pub evidence: String,
}

/// Everything counted, in order: days by date then zone, parties by id.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub regime: String,
    pub days: Vec<Day>,
    pub by_party: BTreeMap<String, usize>,
    pub events: Vec<Violation>,
}

/// Counts events one at a time, as they stream out of the store.
pub struct Tally<'a> {
    loaded: &'a Loaded,
    zone: Option<String>,
    days: BTreeMap<(String, String), Day>,
    by_party: BTreeMap<String, usize>,
    events: Vec<Violation>,
}

impl<'a> Tally<'a> {
    /// A tally for `loaded`, of every zone or of `zone` only.
    pub fn new(loaded: &'a Loaded, zone: Option<String>) -> Self {
        Tally {
            loaded,
            zone,
            days: BTreeMap::new(),
            by_party: BTreeMap::new(),
            events: Vec::new(),
        }
    }

    /// Counts one event: an alleged violation, an act possibly inside a zone, or an act
    /// of a designated group, in each zone it concerns; anything else is left out.
    pub fn add(&mut self, view: &EventView, shown: &Shown) {
        if !self.loaded.regime.violation_types.contains(&view.kind) {
            return;
        }
        for a in self.loaded.assess(view) {
            if self.zone.as_ref().is_some_and(|z| *z != a.zone) {
                continue;
            }
            let possibly = a.position == Position::PossiblyInside;
            if !(a.designated || possibly || a.alleged_violation) {
                continue;
            }
            let date = shown.date.clone().unwrap_or_else(|| "undated".into());
            let day = self
                .days
                .entry((date.clone(), a.zone.clone()))
                .or_insert_with(|| Day {
                    date,
                    zone: a.zone.clone(),
                    ..Default::default()
                });
            if a.designated {
                day.designated += 1;
            } else if possibly {
                day.possibly_inside += 1;
            } else {
                day.alleged_violations += 1;
                for p in &a.perpetrators {
                    *self.by_party.entry(p.clone()).or_default() += 1;
                }
            }
            self.events.push(Violation {
                event: shown.event,
                date: shown.date.clone(),
                kind: view.kind.to_string(),
                zone: a.zone,
                position: a.position,
                phase: a.phase,
                perpetrators: a.perpetrators,
                actors: view.actors.to_vec(),
                recipients: view.recipients.to_vec(),
                place: shown.place.clone(),
                reports: shown.reports,
                evidence: shown.evidence.clone(),
                designated: a.designated,
            });
        }
    }

    /// The counts, with the events in date order (undated last), whatever order they
    /// were added in.
    pub fn finish(mut self) -> Report {
        self.events.sort_by(|a, b| {
            (a.date.is_none(), &a.date, a.event).cmp(&(b.date.is_none(), &b.date, b.event))
        });
        Report {
            regime: self.loaded.regime.id.clone(),
            days: self.days.into_values().collect(),
            by_party: self.by_party,
            events: self.events,
        }
    }
}
