//! Ceasefire regimes as data (`data/regimes/<id>/regime.toml` and `zone.geojson`):
//! zones, the status of actors over time (guarantor, party, designated), agreements with
//! provisions and deadlines, and phases. And the pure rules of monitoring: where an
//! event lies with respect to a zone, and whether it is an alleged violation.
//!
//! Rules: an event is placed in a zone by point-in-polygon when its place is a town or a
//! district; a place known only as a region, country or continent is at best
//! "possibly inside", never silently counted (`Zone::position`, the one rule). During an
//! active phase, an asserted act of force (ASSAULT, COERCE, MOBILIZE) by a party or
//! guarantor inside the zone is an alleged violation; one that involves a designated
//! (excluded) group is shown apart, since the regime does not cover it; one whose
//! perpetrator no report names is counted apart as unattributed. Every act in or near a
//! zone carries its [`Finding`]: why it is or is not an alleged violation. Which types are
//! acts of force is the regime file's `violation_types`.

pub mod geo;
pub mod status;
pub mod tally;

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use truce_model::{EventType, Modality, PlacePrecision};

pub use geo::{parse_zones, Polygon, Position, Zone, ZoneIndex};

/// Why a regime could not be loaded; each names the file and the problem.
#[derive(Debug, thiserror::Error)]
pub enum RegimeError {
    #[error("{file}: {problem}; fix the file or leave it out")]
    Invalid { file: String, problem: String },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// The roles an actor can have in a regime.
pub const ROLES: [&str; 4] = ["guarantor", "party", "ready-for-dialogue", "designated"];

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    pub actor: String,
    pub role: String,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// Unique in its agreement; `p1`, `p2`, ... in the order written when left out.
    #[serde(default)]
    pub id: String,
    pub topic: String,
    pub text: String,
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub date: NaiveDate,
    pub place: String,
    pub parties: Vec<String>,
    /// Where the agreement's text is published (a UN document, a database entry).
    #[serde(default)]
    pub sources: Vec<String>,
    pub provisions: Vec<Provision>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    pub name: String,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub agreement: Option<String>,
    /// What must hold while the phase runs, as text.
    #[serde(default)]
    pub conditions: Vec<String>,
}

/// A regime: its zones are in [`Regime::zones`] by id, their shapes in the index.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regime {
    pub id: String,
    pub name: String,
    pub zones: Vec<String>,
    /// Event types that break the regime when a party commits or suffers them.
    pub violation_types: Vec<EventType>,
    #[serde(default)]
    pub status: Vec<Status>,
    #[serde(default, rename(deserialize = "agreement"))]
    pub agreements: Vec<Agreement>,
    #[serde(default, rename(deserialize = "phase"))]
    pub phases: Vec<Phase>,
}

impl Regime {
    /// Parses and checks a regime file against the zones it names.
    pub fn parse(source: &str, text: &str, zones: &ZoneIndex) -> Result<Regime, RegimeError> {
        let bad = |problem: String| RegimeError::Invalid {
            file: source.to_string(),
            problem,
        };
        let mut r: Regime = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        for a in &mut r.agreements {
            for (n, p) in a.provisions.iter_mut().enumerate() {
                if p.id.is_empty() {
                    p.id = format!("p{}", n + 1);
                }
            }
            for (n, p) in a.provisions.iter().enumerate() {
                if a.provisions[..n].iter().any(|q| q.id == p.id) {
                    return Err(bad(format!(
                        "agreement {}: two provisions have the id {:?}",
                        a.id, p.id
                    )));
                }
            }
        }
        for z in &r.zones {
            if zones.get(z).is_none() {
                return Err(bad(format!("zone {z:?} is in no zone file beside it")));
            }
        }
        for s in &r.status {
            if !ROLES.contains(&s.role.as_str()) {
                return Err(bad(format!(
                    "status of {}: role {:?} is not one of {}",
                    s.actor,
                    s.role,
                    ROLES.join(", ")
                )));
            }
            if s.to.is_some_and(|to| to < s.from) {
                return Err(bad(format!("status of {}: ends before it starts", s.actor)));
            }
        }
        for p in &r.phases {
            if p.to.is_some_and(|to| to < p.from) {
                return Err(bad(format!("phase {}: ends before it starts", p.id)));
            }
            if let Some(a) = &p.agreement {
                if !r.agreements.iter().any(|x| &x.id == a) {
                    return Err(bad(format!(
                        "phase {}: no agreement {a:?} in the file",
                        p.id
                    )));
                }
            }
        }
        Ok(r)
    }

    /// The role of `actor` on `date`, if it has one.
    pub fn role_of(&self, actor: &str, date: NaiveDate) -> Option<&str> {
        self.status
            .iter()
            .filter(|s| s.actor == actor && s.from <= date && s.to.is_none_or(|to| date <= to))
            .map(|s| s.role.as_str())
            .next_back()
    }

    /// The phase active on `date`.
    pub fn phase_on(&self, date: NaiveDate) -> Option<&Phase> {
        self.phases
            .iter()
            .find(|p| p.from <= date && p.to.is_none_or(|to| date <= to))
    }
}

/// A regime with its zones.
pub struct Loaded {
    pub regime: Regime,
    pub zones: ZoneIndex,
}

/// The regimes shipped with truce.
pub fn bundled() -> Result<Vec<Loaded>, RegimeError> {
    let zones = parse_zones(
        "data/regimes/idlib/zone.geojson",
        include_str!("../../../data/regimes/idlib/zone.geojson"),
    )?;
    let zones = ZoneIndex::new(zones);
    let regime = Regime::parse(
        "data/regimes/idlib/regime.toml",
        include_str!("../../../data/regimes/idlib/regime.toml"),
        &zones,
    )?;
    Ok(vec![Loaded { regime, zones }])
}

/// A regime from a directory holding `regime.toml` and `zone.geojson`.
pub fn load_dir(dir: &Path) -> Result<Loaded, RegimeError> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read_to_string(&path).map_err(|source| RegimeError::Read {
            path: path.display().to_string(),
            source,
        })
    };
    let zone_file = dir.join("zone.geojson").display().to_string();
    let zones = ZoneIndex::new(parse_zones(&zone_file, &read("zone.geojson")?)?);
    let regime = Regime::parse(
        &dir.join("regime.toml").display().to_string(),
        &read("regime.toml")?,
        &zones,
    )?;
    Ok(Loaded { regime, zones })
}

/// What monitoring needs of an event.
#[derive(Debug, Clone)]
pub struct EventView<'a> {
    pub kind: EventType,
    pub modality: Modality,
    pub date: Option<NaiveDate>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<PlacePrecision>,
    /// The place id (ISO 3166-2 for regions, alpha-2 for countries).
    pub place: Option<&'a str>,
    pub actors: &'a [String],
    pub recipients: &'a [String],
}

/// Why an act in or near a zone is, or is not, an alleged violation: what the regime
/// makes of it, in the order the rules are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    /// Located only to a region or country that contains or touches the zone: it may lie
    /// inside, and is counted apart, never as inside.
    PossiblyInside,
    /// Negated, supposed, announced or recalled: no act happened as told.
    NotAsserted,
    /// Not an act of force (the regime file's `violation_types`).
    NotAnActOfForce,
    /// On a day no phase of the regime was in force.
    NoActivePhase,
    /// It involves a group the regime designates: outside the truce, shown apart.
    Designated,
    /// An act of force inside the zone during a phase whose perpetrator has a role in
    /// the regime (a party, a guarantor).
    AllegedViolation,
    /// An act of force inside the zone during a phase whose perpetrator no report names:
    /// counted on its own row, not dropped.
    Unattributed,
    /// Its perpetrators are named but none has a role in the regime.
    NoPartyIdentified,
}

impl Finding {
    /// The finding in words, for a list.
    pub fn words(self) -> &'static str {
        match self {
            Finding::PossiblyInside => "possibly inside: located only to a region or country",
            Finding::NotAsserted => "not asserted",
            Finding::NotAnActOfForce => "not an act of force",
            Finding::NoActivePhase => "no phase of the regime in force",
            Finding::Designated => "involves a designated group",
            Finding::AllegedViolation => "alleged violation",
            Finding::Unattributed => "unattributed: no perpetrator identified",
            Finding::NoPartyIdentified => "no party of the regime identified as perpetrator",
        }
    }
}

/// How the regime sees one event.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub zone: String,
    pub position: Position,
    pub phase: Option<String>,
    /// Why it is or is not an alleged violation.
    pub finding: Finding,
    /// [`Finding::AllegedViolation`].
    pub alleged_violation: bool,
    /// It involves a designated group: shown apart, outside the truce.
    pub designated: bool,
    /// The alleged perpetrators: actors of the event with a role in the regime.
    pub perpetrators: Vec<String>,
}

impl Loaded {
    /// Where the event lies with respect to each zone of the regime (inside or possibly
    /// inside; zones it lies outside of are left out), and what that means.
    pub fn assess(&self, e: &EventView) -> Vec<Assessment> {
        let (Some(lat), Some(lon)) = (e.lat, e.lon) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for zid in &self.regime.zones {
            let Some(zone) = self.zones.get(zid) else {
                continue;
            };
            let position = zone.position((lon, lat), e.precision, e.place);
            if position == Position::Outside {
                continue;
            }
            let phase = e.date.and_then(|d| self.regime.phase_on(d));
            let role = |id: &String| e.date.and_then(|d| self.regime.role_of(id, d));
            let designated = e
                .actors
                .iter()
                .chain(e.recipients)
                .any(|a| role(a) == Some("designated"));
            let perpetrators: Vec<String> = e
                .actors
                .iter()
                .filter(|a| role(a).is_some())
                .cloned()
                .collect();
            let party_acted = e
                .actors
                .iter()
                .any(|a| matches!(role(a), Some("party" | "guarantor" | "ready-for-dialogue")));
            let finding = if position == Position::PossiblyInside {
                Finding::PossiblyInside
            } else if e.modality != Modality::Asserted {
                Finding::NotAsserted
            } else if !self.regime.violation_types.contains(&e.kind) {
                Finding::NotAnActOfForce
            } else if phase.is_none() {
                Finding::NoActivePhase
            } else if designated {
                Finding::Designated
            } else if party_acted {
                Finding::AllegedViolation
            } else if e.actors.iter().all(|a| !identified(a)) {
                Finding::Unattributed
            } else {
                Finding::NoPartyIdentified
            };
            out.push(Assessment {
                zone: zone.id.clone(),
                position,
                phase: phase.map(|p| p.id.clone()),
                finding,
                alleged_violation: finding == Finding::AllegedViolation,
                designated,
                perpetrators,
            });
        }
        out
    }
}

/// Whether an actor id names who acted: an actor the knowledge knows, not a name it could
/// not resolve (`unknown:...`, "gunmen", "Air" read off "Air strikes hit"), which says no
/// more of the perpetrator than no name at all.
fn identified(actor: &str) -> bool {
    !actor.starts_with("unknown:")
}

#[cfg(test)]
mod status_tests;
#[cfg(test)]
mod tests;
