//! `truce migrate FROM TO`: copies a whole store between SQLite files and PostgreSQL
//! databases, and shows with each table's rows and checksum that the copy is the same.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::process::ExitCode;
use truce_store::copy::{self, TableSum};
use truce_store::Location;

#[derive(clap::Args)]
pub struct Args {
    /// The store to copy: an SQLite file or a postgres:// URL
    pub from: String,
    /// The new store: an SQLite file that does not exist yet (or holds an empty store),
    /// or a postgres:// URL of an empty database
    pub to: String,
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// No progress bar
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let from = Location::parse(&args.from);
    let to = Location::parse(&args.to);
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} · {elapsed}").expect("valid template"),
        );
        bar
    };
    let report = copy::copy(&from, &to, &mut |p| {
        bar.set_message(format!("{}: {}/{} rows", p.table, p.rows, p.of));
        bar.tick();
    })?;
    bar.finish_and_clear();
    let identical = report.identical();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("copied {} into {}", report.from, report.to);
        print_sums(&report.source, &report.target);
        if identical {
            println!("every table's rows and checksum are the same in both stores");
        }
    }
    if identical {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "error: the copy differs from its source (tables marked !); the source is unchanged, and the copy should not be used"
        );
        Ok(ExitCode::from(1))
    }
}

fn print_sums(source: &[TableSum], target: &[TableSum]) {
    println!("{:<18} {:>10}  checksum", "table", "rows");
    for (s, t) in source.iter().zip(target) {
        let mark = if s == t { " " } else { "!" };
        println!(
            "{:<18} {:>10}  {}{mark}",
            s.table,
            s.rows,
            &s.checksum[..16]
        );
        if s != t {
            println!(
                "{:<18} {:>10}  {} (in the copy)",
                "",
                t.rows,
                &t.checksum[..16]
            );
        }
    }
}
