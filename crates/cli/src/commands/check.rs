//! `truce check`: whether a store is whole, and its derived tables rebuilt on request.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{Mode, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Rebuild what the store derives from its records (the full-text index, the acts'
    /// summaries) and check again; reports, sources, events and analysts' records are
    /// only read. Takes the writer's lock.
    #[arg(long)]
    pub repair_index: bool,
}

/// Prints the store's counts and every problem found; exit 1 when there is one.
pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| crate::default_db("truce.db"));
    // a missing store is an error, never an empty one made by the repair
    drop(Store::open(&db, Mode::Read)?);
    if args.repair_index {
        let mut store = Store::open(&db, Mode::Write)?;
        store.repair_derived()?;
        println!(
            "rebuilt the full-text index and the acts' summaries of {}",
            db.display()
        );
    }
    let store = Store::open(&db, Mode::Read)?;
    let (documents, sources) = store.counts()?;
    let (acts, events) = store.event_counts(false)?;
    println!(
        "{}: schema {}, {documents} reports, {sources} sources, {events} reports' events in {acts} acts",
        db.display(),
        store.schema_version()?
    );
    let problems = store.check()?;
    if problems.is_empty() {
        println!("no problems found");
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("problem: {p}");
    }
    println!(
        "{} problem{} found; `truce check --repair-index` rebuilds the derived tables (the records are kept), and a damaged file is best restored from a copy",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(1))
}
