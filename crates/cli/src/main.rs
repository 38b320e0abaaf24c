//! `truce`: the command-line front of the pipeline. Parses arguments, wires the library
//! crates together, prints results. Exit codes: 0 ok, 1 some inputs rejected or the
//! command failed, 2 usage error.

mod commands;
mod progress;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

// Analysis builds and drops many small vectors and strings per sentence; mimalloc's
// thread-local free lists serve them faster than glibc's malloc (measured in
// `truce bench analyse` and `bench ingest`, see docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "truce",
    version,
    about = "Ceasefire and de-escalation monitoring from reports"
)]
struct Cli {
    /// The store: an SQLite file, or a PostgreSQL database's postgres:// URL (commands
    /// not yet written for PostgreSQL say so) [default: $TRUCE_DB, else
    /// $XDG_DATA_HOME/truce/truce.db]
    #[arg(long, global = true, env = "TRUCE_DB")]
    db: Option<PathBuf>,
    /// More knowledge: a directory or file of actor TOML, *.places.tsv, *.roles.toml,
    /// *.speech.toml, *.events.toml, *.agreements.toml, Phoenix *.actors.txt dictionaries
    /// or CAMEO verb dictionaries (CAMEO*.txt, *.verbs.txt) (repeatable)
    #[arg(long, global = true, env = "TRUCE_KNOWLEDGE", value_delimiter = ':')]
    knowledge: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Store reports: files, directories (recursive), feeds, JSON Lines, or - for stdin
    Ingest(commands::ingest::Args),
    /// Analyse one report without storing it
    #[command(alias = "analyze")]
    Analyse(commands::analyse::Args),
    /// List stored reports, optionally by full-text search
    Documents(commands::documents::ListArgs),
    /// Show one stored report with its sources
    Show(commands::documents::ShowArgs),
    /// List stored quotations, by speaker or words
    Quotes(commands::documents::QuotesArgs),
    /// List events across the store (one per real-world act, with its reports), or
    /// correct how reports were linked
    Events(commands::events::Args),
    /// Ceasefire regimes: zones, statuses, agreements, phases
    Regime(commands::regime::RegimeArgs),
    /// Agreements reports describe, as proposed by analysis; accept, edit or reject them
    Agreements(commands::agreements::Args),
    /// Alleged violations of a regime, per zone and day and per party
    Violations(commands::regime::ViolationsArgs),
    /// The audit trail of analysts' records and uploads: list it, check its chain, print
    /// its head
    Audit(commands::audit::Args),
    /// The users of a shared server: add, list, disable, enable, reset
    Users(commands::users::Args),
    /// API tokens for scripts: add (printed once), list, revoke
    Tokens(commands::tokens::Args),
    /// Check that a store is whole: SQLite's integrity, sources, the full-text index and
    /// the acts' summaries against their records; exit 1 on a problem
    Check(commands::check::Args),
    /// Export events as CSV (with HXL tags), GeoJSON or JSON Lines, streamed
    Export(commands::export::Args),
    /// Serve the HTTP API and the web workbench over the store
    Serve(commands::serve::Args),
    /// Build the demo store from the bundled reports and serve it
    Demo(commands::demo::Args),
    /// Write synthetic news reports as JSON Lines (for scale tests)
    Corpus(commands::bench::CorpusArgs),
    /// Measure throughput
    Bench(commands::bench::Args),
    /// Score truce on the evaluation sets (../shared/eval, the seed, our quote set)
    Eval(commands::eval::Args),
    /// Copy a whole store between SQLite and PostgreSQL (either way), checking every
    /// table's rows and checksum
    Migrate(commands::migrate::Args),
}

/// Where the store lives unless --db or TRUCE_DB say otherwise.
pub fn default_db(file: &str) -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("truce").join(file)
}

fn main() -> ExitCode {
    // `truce ... | head` should end quietly when the reader stops, as other Unix tools do,
    // instead of failing on the closed pipe
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let db = cli.db.clone();
    let result: Result<ExitCode> = match cli.command {
        Command::Ingest(args) => commands::ingest::run(db, &cli.knowledge, args),
        Command::Analyse(args) => commands::analyse::run(&cli.knowledge, args),
        Command::Documents(args) => commands::documents::list(db, args),
        Command::Show(args) => commands::documents::show(db, args),
        Command::Quotes(args) => commands::documents::quotes(db, args),
        Command::Events(args) => commands::events::run(db, &cli.knowledge, args),
        Command::Export(args) => commands::export::run(db, &cli.knowledge, args),
        Command::Regime(args) => commands::regime::regime(db, args),
        Command::Agreements(args) => commands::agreements::run(db, args),
        Command::Violations(args) => commands::regime::violations(db, args),
        Command::Check(args) => commands::check::run(db, args),
        Command::Audit(args) => commands::audit::run(db, args),
        Command::Users(args) => commands::users::run(db, args),
        Command::Tokens(args) => commands::tokens::run(db, args),
        Command::Serve(args) => commands::serve::run(db, &cli.knowledge, args),
        Command::Demo(args) => commands::demo::run(db, &cli.knowledge, args),
        Command::Corpus(args) => commands::bench::corpus(args),
        Command::Bench(args) => commands::bench::run(
            &cli.knowledge,
            cli.db.as_deref().map(truce_store::Location::from_path),
            args,
        ),
        Command::Eval(args) => commands::eval::run(&cli.knowledge, args),
        Command::Migrate(args) => commands::migrate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", progress::printable(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}
