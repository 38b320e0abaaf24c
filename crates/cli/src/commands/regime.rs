//! `truce regime list|show` and `truce violations`: the ceasefire regimes truce knows
//! (data/regimes/, or `--regime-dir`), and the stored events they call alleged
//! violations, counted per zone and day and per party.

use crate::default_db;
use anyhow::{bail, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_regime::{EventView, Loaded, Position};
use truce_store::{EventFilter, Mode, Store, StoreError};

#[derive(clap::Args)]
pub struct RegimeArgs {
    #[command(subcommand)]
    pub action: RegimeAction,
    /// A regime directory (regime.toml and zone.geojson) besides the bundled ones
    #[arg(long, global = true)]
    pub regime_dir: Vec<PathBuf>,
}

#[derive(clap::Subcommand)]
pub enum RegimeAction {
    /// The regimes, their zones and phases
    List,
    /// One regime: statuses, agreements with provisions and deadlines, phases
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct ViolationsArgs {
    /// The regime (see `truce regime list`)
    #[arg(long, default_value = "idlib")]
    pub regime: String,
    /// Only this zone of the regime
    #[arg(long)]
    pub zone: Option<String>,
    #[arg(long, value_parser = super::events::iso_date)]
    pub from: Option<String>,
    #[arg(long, value_parser = super::events::iso_date)]
    pub to: Option<String>,
    /// A regime directory besides the bundled ones
    #[arg(long)]
    pub regime_dir: Vec<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

fn regimes(extra: &[PathBuf]) -> Result<Vec<Loaded>> {
    let mut all = truce_regime::bundled()?;
    for dir in extra {
        all.push(truce_regime::load_dir(dir)?);
    }
    Ok(all)
}

pub fn regime(args: RegimeArgs) -> Result<ExitCode> {
    let all = regimes(&args.regime_dir)?;
    match args.action {
        RegimeAction::List => {
            for l in &all {
                let r = &l.regime;
                println!("{:<10} {}", r.id, r.name);
                for z in &l.zones.zones {
                    println!(
                        "           zone {}: {}{}",
                        z.id,
                        z.name,
                        z.accuracy_km
                            .map(|a| format!(" (drawn to about {a} km)"))
                            .unwrap_or_default()
                    );
                }
                for p in &r.phases {
                    let to = p.to.map(|d| d.to_string()).unwrap_or_else(|| "open".into());
                    println!("           phase {}: {} ({} to {to})", p.id, p.name, p.from);
                }
            }
        }
        RegimeAction::Show { id, json } => {
            let Some(l) = all.iter().find(|l| l.regime.id == id) else {
                bail!("no regime {id:?}; `truce regime list` names them");
            };
            if json {
                super::print_json(&l.regime)?;
                return Ok(ExitCode::SUCCESS);
            }
            let r = &l.regime;
            println!("{} ({})", r.name, r.id);
            println!("\nstatus in the regime:");
            for s in &r.status {
                let to = s.to.map(|d| d.to_string()).unwrap_or_else(|| "now".into());
                println!(
                    "  {:<14} {:<12} {} to {to}  {}",
                    s.actor,
                    s.role,
                    s.from,
                    s.note.as_deref().unwrap_or("")
                );
            }
            for a in &r.agreements {
                println!(
                    "\n{} — {}, {} ({})",
                    a.name,
                    a.place,
                    a.date,
                    a.parties.join(", ")
                );
                for p in &a.provisions {
                    let by = p.deadline.map(|d| format!(" [by {d}]")).unwrap_or_default();
                    println!("  - {}: {}{by}", p.topic, p.text);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize, Default)]
struct Day {
    date: String,
    alleged_violations: usize,
    possibly_inside: usize,
    designated: usize,
}

#[derive(Serialize)]
struct Violation {
    event: i64,
    date: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    zone: String,
    position: Position,
    phase: Option<String>,
    perpetrators: Vec<String>,
    actors: Vec<String>,
    recipients: Vec<String>,
    place: Option<String>,
    reports: i64,
    evidence: String,
    designated: bool,
}

pub fn violations(db: Option<PathBuf>, args: ViolationsArgs) -> Result<ExitCode> {
    let all = regimes(&args.regime_dir)?;
    let Some(l) = all.iter().find(|l| l.regime.id == args.regime) else {
        bail!(
            "no regime {:?}; `truce regime list` names them",
            args.regime
        );
    };
    if let Some(z) = &args.zone {
        if !l.regime.zones.contains(z) {
            bail!(
                "regime {} has no zone {z:?}; it has {}",
                l.regime.id,
                l.regime.zones.join(", ")
            );
        }
    }
    let store = Store::open(&db.unwrap_or_else(|| default_db("truce.db")), Mode::Read)?;
    let filter = EventFilter {
        from: args.from.clone(),
        to: args.to.clone(),
        modality: Some("asserted".into()),
        ..Default::default()
    };
    let mut days: BTreeMap<(String, String), Day> = BTreeMap::new();
    let mut by_party: BTreeMap<String, usize> = BTreeMap::new();
    let mut listed: Vec<Violation> = Vec::new();
    store.export_events::<StoreError>(&filter, false, |r| {
        let view = EventView {
            kind: &r.kind,
            modality: &r.modality,
            date: r
                .date
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            lat: r.lat,
            lon: r.lon,
            precision: r.place_precision.as_deref(),
            place: r.place.as_deref(),
            actors: &r.actors,
            recipients: &r.recipients,
        };
        for a in l.assess(&view) {
            if args.zone.as_ref().is_some_and(|z| *z != a.zone) {
                continue;
            }
            if !l.regime.violation_types.contains(&r.kind) {
                continue;
            }
            enum Count {
                Designated,
                Possibly,
                Alleged,
            }
            let count = if a.designated {
                Count::Designated
            } else if a.position == Position::PossiblyInside {
                Count::Possibly
            } else if a.alleged_violation {
                Count::Alleged
            } else {
                continue;
            };
            let day = days
                .entry((
                    a.zone.clone(),
                    r.date.clone().unwrap_or_else(|| "undated".into()),
                ))
                .or_default();
            match count {
                Count::Designated => day.designated += 1,
                Count::Possibly => day.possibly_inside += 1,
                Count::Alleged => {
                    day.alleged_violations += 1;
                    for p in &a.perpetrators {
                        *by_party.entry(p.clone()).or_default() += 1;
                    }
                }
            }
            listed.push(Violation {
                event: r.event,
                date: r.date.clone(),
                kind: r.kind.clone(),
                zone: a.zone,
                position: a.position,
                phase: a.phase,
                perpetrators: a.perpetrators,
                actors: r.actors.clone(),
                recipients: r.recipients.clone(),
                place: r.place_name.clone(),
                reports: r.reports,
                evidence: r.evidence.clone(),
                designated: a.designated,
            });
        }
        Ok(())
    })?;
    let days: Vec<Day> = days
        .into_iter()
        .map(|((zone, date), mut d)| {
            d.date = format!("{date} {zone}");
            d
        })
        .collect();
    if args.json {
        super::print_json(&serde_json::json!({
            "regime": l.regime.id, "days": days, "by_party": by_party, "events": listed,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<22} {:>8} {:>9} {:>10}",
        "day and zone", "alleged", "possibly", "designated"
    );
    for d in &days {
        println!(
            "{:<22} {:>8} {:>9} {:>10}",
            d.date, d.alleged_violations, d.possibly_inside, d.designated
        );
    }
    if !by_party.is_empty() {
        let parties: Vec<String> = by_party.iter().map(|(p, n)| format!("{p} {n}")).collect();
        println!("alleged perpetrators: {}", parties.join(", "));
    }
    for v in &listed {
        let what = if v.designated {
            "designated"
        } else if v.position == Position::PossiblyInside {
            "possibly inside"
        } else {
            "alleged violation"
        };
        println!(
            "#{:<5} {} {:<8} {:<18} {} -> {}  {:?}",
            v.event,
            v.date.as_deref().unwrap_or("undated"),
            v.kind,
            what,
            v.actors.join(","),
            v.recipients.join(","),
            v.evidence.chars().take(90).collect::<String>()
        );
    }
    Ok(ExitCode::SUCCESS)
}
