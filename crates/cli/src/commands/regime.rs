//! `truce regime list|show` and `truce violations`: the ceasefire regimes truce knows
//! (data/regimes/, or `--regime-dir`), and the stored events they call alleged
//! violations, counted per zone and day and per party.

use crate::default_db;
use anyhow::{bail, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use truce_regime::{Loaded, Position};
use truce_store::{EventFilter, Mode, Store};

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
    let report = truce_server::violations(&store, l, &filter, args.zone.clone())?;
    if args.json {
        super::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<22} {:>8} {:>9} {:>10}",
        "day and zone", "alleged", "possibly", "designated"
    );
    for d in &report.days {
        println!(
            "{:<22} {:>8} {:>9} {:>10}",
            format!("{} {}", d.date, d.zone),
            d.alleged_violations,
            d.possibly_inside,
            d.designated
        );
    }
    if !report.by_party.is_empty() {
        let parties: Vec<String> = report
            .by_party
            .iter()
            .map(|(p, n)| format!("{p} {n}"))
            .collect();
        println!("alleged perpetrators: {}", parties.join(", "));
    }
    for v in &report.events {
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
