//! `truce export`: real-world events as CSV (optionally with an HXL hashtag row),
//! GeoJSON, JSON Lines, or a tab-separated file in the columns of GDELT 2.0's event
//! table, streamed from the store row by row (the writer is `truce-export`'s, which the
//! workbench's Export menu uses too).

use crate::default_db;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_export::{write_acts, Failure, Format};
use truce_store::{ExportOptions, Mode, Store};

#[derive(clap::Args)]
pub struct Args {
    /// csv, geojson, jsonl, or gdelt (tab-separated, the 61 columns of GDELT 2.0's event
    /// table with a header row; what truce does not know stays empty)
    #[arg(long, default_value = "csv", value_parser = ["csv", "geojson", "jsonl", "gdelt"])]
    pub format: String,
    /// For csv: a second row of HXL hashtags (#date, #event+type, #geo+lat, ...)
    #[arg(long)]
    pub hxl: bool,
    /// Only events an analyst confirmed or corrected (as --status verified)
    #[arg(long, conflicts_with = "status")]
    pub verified: bool,
    #[command(flatten)]
    pub filter: super::filter::ActFilter,
    /// Write here instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(db: Option<PathBuf>, knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| default_db("truce.db"));
    let store = Store::open(&db, Mode::Read)?;
    let out: Box<dyn Write + Send> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut filter = args.filter.into_filter()?;
    if args.verified {
        filter.status = Some("verified".into());
    }
    // the quad classes and scores of the GDELT columns are knowledge
    let format = match args.format.as_str() {
        "csv" => Format::Csv { hxl: args.hxl },
        "gdelt" => Format::Gdelt(std::sync::Arc::new(super::load_knowledge(knowledge)?)),
        "jsonl" => Format::Jsonl,
        _ => Format::GeoJson,
    };
    let options = ExportOptions { documents: true };
    match write_acts(&store, &filter, options, &format, out) {
        Ok(n) => {
            eprintln!("exported {n} events");
            Ok(ExitCode::SUCCESS)
        }
        // a reader that stops early (| head) is not an error
        Err(Failure::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Write(e)) => Err(e).context("cannot write the export"),
        Err(Failure::Store(e)) => Err(e.into()),
    }
}
