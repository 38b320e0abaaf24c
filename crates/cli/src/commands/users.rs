//! `truce users`: the accounts of a shared server. A new or reset account gets a one-time
//! password, printed once and stored only as its Argon2id hash; every change is in the
//! audit trail under the operating-system user who made it.

use anyhow::{Context, Result};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use truce_model::Role;
use truce_store::{Batch, Mode, Store};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// Add a user with a role; prints a one-time password unless --password-stdin gives one
    Add {
        name: String,
        /// admin, analyst, working-group-member, working-group-observer or reader
        #[arg(long)]
        role: Role,
        /// Read the password from standard input (at least 12 characters) instead
        #[arg(long)]
        password_stdin: bool,
    },
    /// Every user with role and state; never a password or its hash
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop a user from signing in (their name stays in the audit trail)
    Disable { name: String },
    /// Let a disabled user sign in again
    Enable { name: String },
    /// Give a user a new one-time password, printed once
    Reset { name: String },
}

/// Who makes a change from the command line, as the audit trail records it.
pub(crate) fn operator() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        // SAFETY: getuid has no preconditions and cannot fail
        .unwrap_or_else(|_| format!("uid {}", unsafe { libc::getuid() }))
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| crate::default_db("truce.db"));
    match args.action {
        Action::List { json } => list(&db, json)?,
        Action::Add {
            name,
            role,
            password_stdin,
        } => {
            if !password_stdin {
                let (user, secret) = add_with_one_time_password(&db, &name, role)?;
                println!("added {} as {}", user.name, user.role.as_str());
                println!(
                    "one-time password (shown once; they change it at first sign-in): {secret}"
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut given = String::new();
            std::io::stdin()
                .read_to_string(&mut given)
                .context("cannot read the password from standard input")?;
            let hash = truce_access::hash_password(given.trim_end_matches(['\n', '\r']))?;
            let user = change(&db, |batch, by| {
                Ok(batch.add_user(by, &name, role, &hash, false)?)
            })?;
            println!("added {} as {}", user.name, user.role.as_str());
        }
        Action::Disable { name } => {
            change(&db, |batch, by| Ok(batch.set_disabled(by, &name, true)?))?;
            println!("disabled {name}");
        }
        Action::Enable { name } => {
            change(&db, |batch, by| Ok(batch.set_disabled(by, &name, false)?))?;
            println!("enabled {name}");
        }
        Action::Reset { name } => {
            let (secret, hash) = truce_access::one_time_password()?;
            change(&db, |batch, by| {
                Ok(batch.set_password(by, &name, &hash, true)?)
            })?;
            println!("new one-time password for {name} (shown once): {secret}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(db: &Path, json: bool) -> Result<()> {
    let store = Store::open(db, Mode::Read)?;
    for u in store.users()? {
        if json {
            println!("{}", serde_json::to_string(&u)?);
        } else {
            let state = match (u.disabled, u.must_change) {
                (true, _) => "disabled",
                (false, true) => "one-time password not changed yet",
                (false, false) => "active",
            };
            println!("{:<24} {:<24} {state}", u.name, u.role.as_str());
        }
    }
    Ok(())
}

/// Adds `name` with `role` and a one-time password: the user and the password, to be
/// shown once.
pub(crate) fn add_with_one_time_password(
    db: &Path,
    name: &str,
    role: Role,
) -> Result<(truce_store::User, String)> {
    let (secret, hash) = truce_access::one_time_password()?;
    let user = change(db, |batch, by| {
        Ok(batch.add_user(by, name, role, &hash, true)?)
    })?;
    Ok((user, secret))
}

/// Makes one change to the users in a batch of its own, in the operator's name.
pub(crate) fn change<T>(db: &Path, f: impl FnOnce(&mut Batch<'_>, &str) -> Result<T>) -> Result<T> {
    let mut store = Store::open(db, Mode::Write)?;
    let mut batch = store.batch()?;
    let out = f(&mut batch, &operator())?;
    batch.commit()?;
    Ok(out)
}
