//! `truce audit`: the store's audit trail of analysts' records and uploads, listed, checked
//! link by link, and its head (the newest entry's hash) printed to keep elsewhere.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{Mode, Store};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// The newest entries, newest first: when, who, what, on what, from where
    List {
        /// How many entries
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Entries before this number (the next page)
        #[arg(long)]
        before: Option<i64>,
        /// One JSON object per line, with the detail and hashes
        #[arg(long)]
        json: bool,
    },
    /// Check the whole chain: every entry in order, naming the hash before it, with the
    /// hash of its own fields; exit 1 naming each entry that was edited, inserted or
    /// removed
    Verify,
    /// The number and hash of the newest entry: kept elsewhere, it shows later whether
    /// entries were removed from the end
    Head,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| crate::default_db("truce.db"));
    let store = Store::open(&db, Mode::Read)?;
    match args.action {
        Action::List {
            limit,
            before,
            json,
        } => {
            for e in store.audit_entries(before, limit)? {
                if json {
                    println!("{}", serde_json::to_string(&e)?);
                } else {
                    println!(
                        "{:>6} {} {} {} {} ({})",
                        e.seq, e.at, e.actor, e.action, e.target, e.origin
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Verify => {
            let check = store.verify_audit()?;
            for f in &check.faults {
                println!("entry {}: {}", f.seq, f.what);
            }
            if check.faults.is_empty() {
                println!(
                    "the audit trail holds: {} entries, head {}",
                    check.entries, check.head
                );
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "the audit trail is broken: {} fault(s) in {} entries",
                    check.faults.len(),
                    check.entries
                );
                Ok(ExitCode::from(1))
            }
        }
        Action::Head => {
            let check = store.verify_audit()?;
            println!("{} {}", check.entries, check.head);
            Ok(ExitCode::SUCCESS)
        }
    }
}
