//! Alleged violations of a regime counted per zone and day and per party, and listed with
//! every other act in the zones and why it is or is not one: what `truce violations`
//! prints and `/api/violations` serves, from one tally.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{EventView, Finding, Loaded, Position};

/// One zone's day.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Day {
    pub date: String,
    pub zone: String,
    /// Every act placed inside the zone (a town or finer within its shape), of any type:
    /// what the Events list filtered by the zone shows for the day.
    pub acts_inside: usize,
    pub alleged_violations: usize,
    /// Acts of force inside the zone during a phase whose perpetrator no report names.
    pub unattributed: usize,
    /// Acts whose place is known only coarsely (a region, a country) that may lie inside.
    pub possibly_inside: usize,
    /// Acts involving a group the regime designates: shown apart, outside the truce.
    pub designated: usize,
    /// The killed and injured the day's alleged and unattributed violations count (the
    /// acts' tolls added; an act without a figure adds nothing).
    pub killed: u64,
    pub injured: u64,
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
    pub killed: Option<u32>,
    pub injured: Option<u32>,
    pub designated: bool,
    /// Why it is or is not an alleged violation.
    pub finding: Finding,
    /// The finding in words.
    pub why: &'static str,
}

/// The fields of a stored event that are shown beside the regime's reading of it.
pub struct Shown {
    pub event: i64,
    pub date: Option<String>,
    pub place: Option<String>,
    pub reports: i64,
    pub evidence: String,
    pub killed: Option<u32>,
    pub injured: Option<u32>,
}

/// Everything counted, in order: days by date then zone, parties by id.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub regime: String,
    pub days: Vec<Day>,
    pub by_party: BTreeMap<String, usize>,
    /// The killed in each party's alleged violations (an act two parties are alleged to
    /// have done together counts for both).
    pub killed_by_party: BTreeMap<String, u64>,
    /// Acts of force inside a zone whose perpetrator no report names: the row beside the
    /// parties.
    pub unattributed: usize,
    /// The killed in them.
    pub unattributed_killed: u64,
    pub events: Vec<Violation>,
}

/// Counts events one at a time, as they stream out of the store.
pub struct Tally<'a> {
    loaded: &'a Loaded,
    zone: Option<String>,
    days: BTreeMap<(String, String), Day>,
    by_party: BTreeMap<String, usize>,
    killed_by_party: BTreeMap<String, u64>,
    unattributed: usize,
    unattributed_killed: u64,
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
            killed_by_party: BTreeMap::new(),
            unattributed: 0,
            unattributed_killed: 0,
            events: Vec::new(),
        }
    }

    /// Lists one event in each zone it concerns, with its finding, and counts it by its
    /// finding: the caller hands over the acts of force near the zones (acts of other
    /// types inside a zone are counted by [`Tally::count_position`]; one known only to a
    /// region or country is left out: a statement placed in "Syria" is not near a zone in
    /// any sense a monitor counts).
    pub fn add(&mut self, view: &EventView, shown: &Shown) {
        let force = self.loaded.regime.violation_types.contains(&view.kind);
        for a in self.loaded.assess(view) {
            if self.zone.as_ref().is_some_and(|z| *z != a.zone) {
                continue;
            }
            if a.position == Position::PossiblyInside && !force {
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
            let (killed, injured) = (
                u64::from(shown.killed.unwrap_or(0)),
                u64::from(shown.injured.unwrap_or(0)),
            );
            match a.finding {
                Finding::AllegedViolation => {
                    day.alleged_violations += 1;
                    day.killed += killed;
                    day.injured += injured;
                    for p in &a.perpetrators {
                        *self.by_party.entry(p.clone()).or_default() += 1;
                        *self.killed_by_party.entry(p.clone()).or_default() += killed;
                    }
                }
                Finding::Unattributed => {
                    day.unattributed += 1;
                    day.killed += killed;
                    day.injured += injured;
                    self.unattributed += 1;
                    self.unattributed_killed += killed;
                }
                Finding::PossiblyInside => day.possibly_inside += 1,
                Finding::Designated => day.designated += 1,
                _ => {}
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
                killed: shown.killed,
                injured: shown.injured,
                designated: a.designated,
                finding: a.finding,
                why: a.finding.words(),
            });
        }
    }

    /// Counts an act located at `(lon, lat)` with `precision` on `date` among the acts
    /// inside each zone it lies in (of every zone, or of the tally's zone only), by the
    /// zones' one rule.
    pub fn count_position(
        &mut self,
        date: Option<&str>,
        point: (f64, f64),
        precision: Option<truce_model::PlacePrecision>,
    ) {
        for zid in &self.loaded.regime.zones {
            if self.zone.as_ref().is_some_and(|z| z != zid) {
                continue;
            }
            let Some(zone) = self.loaded.zones.get(zid) else {
                continue;
            };
            if zone.position(point, precision, None) != Position::Inside {
                continue;
            }
            let date = date.unwrap_or("undated").to_string();
            self.days
                .entry((date.clone(), zid.clone()))
                .or_insert_with(|| Day {
                    date,
                    zone: zid.clone(),
                    ..Default::default()
                })
                .acts_inside += 1;
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
            killed_by_party: self.killed_by_party,
            unattributed: self.unattributed,
            unattributed_killed: self.unattributed_killed,
            events: self.events,
        }
    }
}
