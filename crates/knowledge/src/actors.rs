//! Actor definitions: states, organisations, people with dated offices, armed groups and
//! generic collectives, read from TOML and TSV files.

use chrono::NaiveDate;
use serde::Deserialize;
use truce_model::{ActorCategory, ActorKind};

use crate::KnowledgeError;

/// One actor as knowledge defines it.
#[derive(Debug, Clone, Deserialize)]
pub struct ActorDef {
    pub id: String,
    #[serde(default = "person")]
    pub kind: ActorKind,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Adjectives and nationals ("Russian", "Russians"): mentions of a state.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// A capital's names; a capital stands for its state only where the text says so.
    #[serde(default)]
    pub capitals: Vec<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub roles: Vec<Office>,
    #[serde(default)]
    pub designations: Vec<String>,
    #[serde(default)]
    pub successor_of: Vec<String>,
    /// The day from which the groups it succeeded go by this actor's name: a report
    /// published since then that names one of them ("Jabhat al-Nusra" in 2020) tells of
    /// this actor.
    #[serde(default)]
    pub successor_since: Option<NaiveDate>,
    /// A collective that a report can narrow to a place ("armed groups in Idlib").
    #[serde(default)]
    pub localisable: bool,
    /// Where the definition came from (a file name), for diagnostics.
    #[serde(skip)]
    pub source: String,
}

fn person() -> ActorKind {
    ActorKind::one(ActorCategory::Person)
}

impl ActorDef {
    /// An actor with only an id, kind, name and aliases; the rest empty.
    pub fn new(
        id: String,
        kind: ActorKind,
        name: String,
        aliases: Vec<String>,
        source: &str,
    ) -> ActorDef {
        ActorDef {
            id,
            kind,
            name,
            aliases,
            demonyms: Vec::new(),
            capitals: Vec::new(),
            parent: None,
            affiliation: None,
            roles: Vec::new(),
            designations: Vec::new(),
            successor_of: Vec::new(),
            successor_since: None,
            localisable: false,
            source: source.to_string(),
        }
    }
}

/// An office held between two dates: `from` inclusive, `to` exclusive, open-ended when
/// `to` is missing.
#[derive(Debug, Clone, Deserialize)]
pub struct Office {
    pub role: String,
    pub of: String,
    #[serde(default, rename = "for")]
    pub for_: Option<String>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
}

impl Office {
    /// Whether the office was held on `date`; without a date every office counts.
    pub fn held_on(&self, date: Option<NaiveDate>) -> bool {
        let Some(d) = date else { return true };
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d < t)
    }
}

/// An office as reports name it ("foreign minister", "envoy").
#[derive(Debug, Clone, Deserialize)]
pub struct RoleDef {
    pub id: String,
    pub label: String,
    pub titles: Vec<String>,
}

#[derive(Deserialize)]
struct ActorFile {
    #[serde(default)]
    actor: Vec<ActorDef>,
}

#[derive(Deserialize)]
struct RoleFile {
    #[serde(default)]
    role: Vec<RoleDef>,
}

pub(crate) fn parse_actor_toml(source: &str, text: &str) -> Result<Vec<ActorDef>, KnowledgeError> {
    let file: ActorFile = toml::from_str(text).map_err(|e| KnowledgeError::Parse {
        file: source.to_string(),
        problem: e.to_string(),
    })?;
    let mut actors = file.actor;
    for a in &mut actors {
        a.source = source.to_string();
        if a.kind.is_one(ActorCategory::Person) && a.aliases.is_empty() {
            a.aliases.push(a.name.clone());
        }
    }
    Ok(actors)
}

pub(crate) fn parse_role_toml(source: &str, text: &str) -> Result<Vec<RoleDef>, KnowledgeError> {
    let file: RoleFile = toml::from_str(text).map_err(|e| KnowledgeError::Parse {
        file: source.to_string(),
        problem: e.to_string(),
    })?;
    Ok(file.role)
}

/// Reads `states.tsv`: iso3, name, other names, demonyms.
pub(crate) fn parse_states(source: &str, text: &str) -> Result<Vec<ActorDef>, KnowledgeError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 4 || cols[0].len() != 3 {
            return Err(KnowledgeError::Parse {
                file: source.to_string(),
                problem: format!(
                    "line {}: expected iso3, name, other names, demonyms separated by tabs",
                    n + 1
                ),
            });
        }
        let list = |s: &str| {
            s.split('|')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        };
        let mut aliases = vec![cols[1].to_string()];
        aliases.extend(list(cols[2]));
        let mut state = ActorDef::new(
            cols[0].to_string(),
            ActorKind::one(ActorCategory::State),
            cols[1].to_string(),
            aliases,
            source,
        );
        state.demonyms = list(cols[3]);
        out.push(state);
    }
    Ok(out)
}
