//! `truce events`: real-world events across the store (each a cluster of reports'
//! events), filtered; `truce events split|join` for an analyst's corrections.

use crate::default_db;
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{Decision, Mode, Store};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Option<Action>,
    #[command(flatten)]
    pub filter: super::filter::ActFilter,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Take one report's event out of its cluster: it is an act of its own
    Split(Target),
    /// Record a verdict on an event (the # number `truce events` prints)
    Verify {
        cluster: i64,
        /// confirmed, corrected or rejected
        #[arg(long, value_parser = ["confirmed", "corrected", "rejected"])]
        status: String,
        /// Who decides
        #[arg(long, env = "USER", default_value = "analyst")]
        analyst: String,
        /// Why
        #[arg(long)]
        note: Option<String>,
    },
    /// Put one report's event into another cluster
    Join {
        #[command(flatten)]
        target: Target,
        /// The cluster (the # number `truce events` prints) it belongs to
        #[arg(long)]
        into: i64,
    },
}

#[derive(clap::Args)]
pub struct Target {
    /// The report: its document id or a unique prefix
    pub document: String,
    /// The event's id inside the report (e1, e2, ...; see `truce events --json`)
    pub event: String,
    /// Who decides (recorded with the decision)
    #[arg(long, env = "USER", default_value = "analyst")]
    pub analyst: String,
    /// Why
    #[arg(long)]
    pub note: Option<String>,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let path = db.unwrap_or_else(|| default_db("truce.db"));
    if let Some(action) = args.action {
        let mut store = Store::open(&path, Mode::Write)?;
        let mut batch = store.batch()?;
        let (t, decision) = match action {
            Action::Split(t) => (t, Decision::Split),
            Action::Join { target, into } => (target, Decision::Join(into)),
            Action::Verify {
                cluster,
                status,
                analyst,
                note,
            } => {
                batch.verify_event(cluster, &status, None, &analyst, note.as_deref())?;
                batch.commit()?;
                println!("act #{cluster} {status} by {analyst}");
                return Ok(ExitCode::SUCCESS);
            }
        };
        let cluster = batch.decide(
            &t.document,
            &t.event,
            decision,
            &t.analyst,
            t.note.as_deref(),
        )?;
        batch.commit()?;
        println!(
            "event {} of {} is now in cluster #{cluster}",
            t.event, t.document
        );
        return Ok(ExitCode::SUCCESS);
    }
    let store = Store::open(&path, Mode::Read)?;
    let filter = args.filter.into_filter()?;
    let clusters = store.acts(&filter, args.limit)?;
    if args.json {
        super::print_json(&clusters)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (events, reports) = store.event_counts(true)?;
    println!(
        "{events} asserted events in the store, from {reports} reports' events; showing {}",
        clusters.len()
    );
    for c in &clusters {
        let parties = |ids: &[String]| {
            if ids.is_empty() {
                "?".to_string()
            } else {
                ids.join(", ")
            }
        };
        println!(
            "#{:<6} {:<10} {:<9} {:<12} {} -> {}  at {}  ({} report{})",
            c.cluster,
            c.date.as_deref().unwrap_or("undated"),
            c.kind,
            c.modality,
            parties(&c.actors),
            parties(&c.recipients),
            c.place_name.as_deref().unwrap_or("?"),
            c.reports,
            if c.reports == 1 { "" } else { "s" }
        );
        for e in &c.events {
            for ev in &e.evidence {
                println!(
                    "        {} {}  {:?}",
                    &e.document[..12.min(e.document.len())],
                    e.local,
                    ev.text.chars().take(100).collect::<String>()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
