//! `truce regime list|show` and `truce violations`: the ceasefire regimes truce knows
//! (data/regimes/, or `--regime-dir`), and the stored events they call alleged
//! violations, counted per zone and day and per party.

use crate::default_db;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use truce_model::{ProvisionStatus, StatusEvidence, IMPLEMENTATION_LEVELS};
use truce_regime::{status, Loaded};
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
    /// One regime: statuses, agreements with provisions, each provision's implementation
    /// status and history from the store, deadlines passed without evidence flagged
    Show {
        id: String,
        /// Read statuses and deadlines as of this day (default: today)
        #[arg(long, value_parser = super::filter::iso_date)]
        on: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record how far a provision has been carried out: 0 not begun, 1 minimal,
    /// 2 intermediate, 3 full (the Peace Accords Matrix scale). Every change is kept.
    Status(StatusArgs),
    /// Stored acts and quotations that may show provisions being carried out: later than
    /// the agreement, sharing the provision's distinctive words or its topic's, ranked
    /// higher when a party acts or the act lies in the zone
    Evidence(EvidenceArgs),
}

/// `truce regime status`: a provision's implementation status to record.
#[derive(clap::Args)]
pub struct StatusArgs {
    /// The regime
    pub id: String,
    /// The agreement's id (`truce regime show` lists them)
    pub agreement: String,
    /// The provision's id in its agreement (p1, p2, ...)
    pub provision: String,
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=3))]
    pub level: u8,
    /// The day from which the status holds (default: today)
    #[arg(long, value_parser = super::filter::iso_date)]
    pub date: Option<String>,
    /// What shows it: event:NUMBER, document:ID or quote:DOCUMENT:START; repeatable.
    /// Needed for any level above 0
    #[arg(long, value_name = "KIND:ID")]
    pub evidence: Vec<String>,
    /// Who records it
    #[arg(long)]
    pub analyst: String,
    #[arg(long)]
    pub note: Option<String>,
}

/// `truce regime evidence`: which suggestions to list.
#[derive(clap::Args)]
pub struct EvidenceArgs {
    /// The regime
    pub id: String,
    /// Only this agreement
    #[arg(long)]
    pub agreement: Option<String>,
    /// Only this provision (with --agreement)
    #[arg(long, requires = "agreement")]
    pub provision: Option<String>,
    /// Suggestions per provision
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct ViolationsArgs {
    /// The regime (see `truce regime list`)
    #[arg(long, default_value = "idlib")]
    pub regime: String,
    /// Only this zone of the regime
    #[arg(long)]
    pub zone: Option<String>,
    #[arg(long, value_parser = super::filter::iso_date)]
    pub from: Option<String>,
    #[arg(long, value_parser = super::filter::iso_date)]
    pub to: Option<String>,
    /// A regime directory besides the bundled ones
    #[arg(long)]
    pub regime_dir: Vec<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn regimes(extra: &[PathBuf]) -> Result<Vec<Loaded>> {
    let mut all = truce_regime::bundled()?;
    for dir in extra {
        all.push(truce_regime::load_dir(dir)?);
    }
    Ok(all)
}

fn find<'a>(all: &'a [Loaded], id: &str) -> Result<&'a Loaded> {
    match all.iter().find(|l| l.regime.id == id) {
        Some(l) => Ok(l),
        None => bail!("no regime {id:?}; `truce regime list` names them"),
    }
}

fn day(s: Option<&str>) -> NaiveDate {
    s.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}

pub fn regime(db: Option<PathBuf>, args: RegimeArgs) -> Result<ExitCode> {
    let all = regimes(&args.regime_dir)?;
    let db = db.unwrap_or_else(|| default_db("truce.db"));
    match args.action {
        RegimeAction::List => list(&all),
        RegimeAction::Show { id, on, json } => show_regime(&all, &db, &id, on.as_deref(), json),
        RegimeAction::Status(status) => record_status(&all, &db, status),
        RegimeAction::Evidence(wanted) => evidence(&all, &db, wanted),
    }
}

/// `truce regime list`: the regimes, their zones and phases.
fn list(all: &[Loaded]) -> Result<ExitCode> {
    for l in all {
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

    Ok(ExitCode::SUCCESS)
}

/// `truce regime show`: one regime with its provisions' statuses on a day.
fn show_regime(
    all: &[Loaded],
    db: &Path,
    id: &str,
    on: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let l = find(all, id)?;
    let on = day(on);
    // a regime can be read before anything is stored; its provisions then have
    // no recorded status (a database on a server is always there to ask)
    let stored = match truce_store::Location::from_path(db) {
        truce_store::Location::Postgres(_) => true,
        truce_store::Location::Sqlite(path) => path.exists(),
    };
    let changes = if stored {
        Store::open(db, Mode::Read)?.provision_statuses(id)?
    } else {
        Vec::new()
    };
    let records = status::record(&l.regime, &changes, on);
    if json {
        let mut body = serde_json::to_value(&l.regime)?;
        body["as_of"] = serde_json::json!(on);
        body["provision_records"] = serde_json::to_value(&records)?;
        super::print_json(&body)?;
        return Ok(ExitCode::SUCCESS);
    }
    show(l, &records, on);

    Ok(ExitCode::SUCCESS)
}

/// `truce regime status`: records a provision's implementation status.
fn record_status(all: &[Loaded], db: &Path, status: StatusArgs) -> Result<ExitCode> {
    let StatusArgs {
        id,
        agreement,
        provision,
        level,
        date,
        evidence,
        analyst,
        note,
    } = status;
    let l = find(all, &id)?;
    let evidence = evidence
        .iter()
        .map(|e| match e.split_once(':') {
            Some((kind, id)) if !id.is_empty() => Ok(StatusEvidence {
                kind: kind.to_string(),
                id: id.to_string(),
            }),
            _ => bail!(
                "--evidence {e:?}: write KIND:ID, e.g. event:12, document:3fa2c1, quote:3fa2c1:120"
            ),
        })
        .collect::<Result<Vec<_>>>()?;
    let change = ProvisionStatus {
        regime: id.clone(),
        agreement,
        provision,
        level,
        date: day(date.as_deref()),
        evidence,
        analyst,
        note,
        recorded_at: String::new(),
    };
    l.regime.check_status(&change)?;
    let mut store = Store::open(db, Mode::Write)?;
    let mut batch = store.batch()?;
    let stored = batch.record_provision_status(&change)?;
    batch.commit()?;
    println!(
        "{} {} {}: {} ({}) from {}, recorded by {}",
        stored.regime,
        stored.agreement,
        stored.provision,
        stored.level,
        IMPLEMENTATION_LEVELS[usize::from(stored.level)],
        stored.date,
        stored.analyst
    );

    Ok(ExitCode::SUCCESS)
}

/// `truce regime evidence`: stored acts and quotations that may show provisions being
/// carried out.
fn evidence(all: &[Loaded], db: &Path, wanted: EvidenceArgs) -> Result<ExitCode> {
    let EvidenceArgs {
        id,
        agreement,
        provision,
        limit,
        json,
    } = wanted;
    let l = find(all, &id)?;
    match (&agreement, &provision) {
        (Some(a), Some(p)) => {
            l.regime.provision(a, p)?;
        }
        (Some(a), None) if !l.regime.agreements.iter().any(|x| &x.id == a) => {
            bail!("regime {id} has no agreement {a:?}; `truce regime show {id}` lists them")
        }
        _ => {}
    }
    let store = Store::open(db, Mode::Read)?;
    let patterns = truce_knowledge::bundled_agreement_patterns()?;
    let words = truce_monitor::evidence_words(&patterns);
    let candidates = truce_monitor::evidence_candidates(&store, l)?;
    let mut found = status::suggest(
        &l.regime,
        &words,
        &candidates,
        agreement.as_deref().zip(provision.as_deref()),
        limit,
    );
    if let (Some(a), None) = (&agreement, &provision) {
        found.retain(|s| &s.agreement == a);
    }
    if json {
        super::print_json(&found)?;
        return Ok(ExitCode::SUCCESS);
    }
    if found.is_empty() {
        println!("no stored act or quotation matches a provision");
    }
    for s in &found {
        println!(
            "{} {}  {} {}  {}  score {:.1}  [{}]  {:?}",
            s.agreement,
            s.provision,
            s.kind,
            s.id,
            s.date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "undated".into()),
            s.score,
            {
                let mut words: Vec<&str> = Vec::new();
                for w in s.shared.iter().chain(&s.topic_words) {
                    if !words.contains(&w.as_str()) {
                        words.push(w);
                    }
                }
                words.join(", ")
            },
            s.text.chars().take(90).collect::<String>()
        );
    }

    Ok(ExitCode::SUCCESS)
}

/// The regime as text: who is what, the phases and their conditions, then each
/// agreement's provisions with their status on `on`, their history and what their
/// deadline means.
fn show(l: &Loaded, records: &[status::ProvisionRecord], on: NaiveDate) {
    let r = &l.regime;
    println!("{} ({}), as of {on}", r.name, r.id);
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
    println!("\nphases:");
    for p in &r.phases {
        let to = p.to.map(|d| d.to_string()).unwrap_or_else(|| "open".into());
        println!("  {} {}: {} to {to}", p.id, p.name, p.from);
        for c in &p.conditions {
            println!("      condition: {c}");
        }
    }
    for a in &r.agreements {
        println!(
            "\n{} ({}) — {}, {} ({})",
            a.name,
            a.id,
            a.place,
            a.date,
            a.parties.join(", ")
        );
        for source in &a.sources {
            println!("  source: {source}");
        }
        for p in records.iter().filter(|p| p.agreement == a.id) {
            let by = p.deadline.map(|d| format!(" [by {d}]")).unwrap_or_default();
            let level = match (p.level, p.level_name) {
                (Some(l), Some(name)) => format!("{l} {name}"),
                _ => "no status recorded".into(),
            };
            let deadline = match p.deadline_state {
                Some(state) => format!(
                    ", deadline {}{}",
                    state.as_str().replace('_', " "),
                    if p.flagged { " (FLAGGED)" } else { "" }
                ),
                None => String::new(),
            };
            println!("  {} {}: {}{by}", p.provision, p.topic, p.text);
            println!("      status: {level}{deadline}");
            for c in &p.history {
                let evidence: Vec<String> = c
                    .evidence
                    .iter()
                    .map(|e| format!("{}:{}", e.kind, e.id))
                    .collect();
                println!(
                    "      {} level {} by {} (recorded {}){}{}",
                    c.date,
                    c.level,
                    c.analyst,
                    c.recorded_at.get(..10).unwrap_or(&c.recorded_at),
                    if evidence.is_empty() {
                        String::new()
                    } else {
                        format!(" evidence {}", evidence.join(" "))
                    },
                    c.note
                        .as_deref()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_default()
                );
            }
        }
    }
}

pub fn violations(db: Option<PathBuf>, args: ViolationsArgs) -> Result<ExitCode> {
    let all = regimes(&args.regime_dir)?;
    let l = find(&all, &args.regime)?;
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
        modality: Some(truce_model::Modality::Asserted),
        ..Default::default()
    };
    let report = truce_monitor::violations(&store, l, &filter, args.zone.clone())?;
    if args.json {
        super::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<22} {:>6} {:>8} {:>12} {:>9} {:>10} {:>7} {:>8}",
        "day and zone",
        "inside",
        "alleged",
        "unattributed",
        "possibly",
        "designated",
        "killed",
        "injured"
    );
    for d in &report.days {
        println!(
            "{:<22} {:>6} {:>8} {:>12} {:>9} {:>10} {:>7} {:>8}",
            format!("{} {}", d.date, d.zone),
            d.acts_inside,
            d.alleged_violations,
            d.unattributed,
            d.possibly_inside,
            d.designated,
            d.killed,
            d.injured
        );
    }
    let killed = |n: u64| {
        if n > 0 {
            format!(" ({n} killed)")
        } else {
            String::new()
        }
    };
    let mut parties: Vec<String> = report
        .by_party
        .iter()
        .map(|(p, n)| {
            let k = report.killed_by_party.get(p).copied().unwrap_or(0);
            format!("{p} {n}{}", killed(k))
        })
        .collect();
    if report.unattributed > 0 {
        parties.push(format!(
            "unattributed {}{}",
            report.unattributed,
            killed(report.unattributed_killed)
        ));
    }
    if !parties.is_empty() {
        println!("alleged perpetrators: {}", parties.join(", "));
    }
    for v in &report.events {
        println!(
            "#{:<5} {} {:<8} {} -> {}  {:?}\n       {}",
            v.event,
            v.date.as_deref().unwrap_or("undated"),
            v.kind,
            v.actors.join(","),
            v.recipients.join(","),
            v.evidence.chars().take(90).collect::<String>(),
            v.why,
        );
    }
    Ok(ExitCode::SUCCESS)
}
