//! `truce tokens`: API tokens for scripts. A token's secret is printed once and stored
//! only as its hash; a token acts as its user, with that user's role, until revoked (or
//! the user is disabled). Each change is in the audit trail under the operating-system
//! user who made it.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{Mode, Store};

use super::users::change;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(clap::Subcommand)]
pub enum Action {
    /// A new token for a user, printed once
    Add {
        user: String,
        /// What uses it (a script's name), shown in lists and the audit trail
        #[arg(long)]
        label: String,
    },
    /// Tokens (every user's, or one user's), newest first; never a secret
    List {
        #[arg(long)]
        user: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token by its number: it opens nothing from now on
    Revoke { id: i64 },
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| crate::default_db("truce.db"));
    match args.action {
        Action::Add { user, label } => {
            let secret = format!(
                "{}{}",
                truce_access::TOKEN_PREFIX,
                truce_access::new_secret()
            );
            let hash = truce_access::secret_hash(&secret);
            let token = change(&db, |batch, by| {
                Ok(batch.add_token(by, &user, &label, &hash)?)
            })?;
            println!("token {} for {} ({})", token.id, token.user, token.label);
            println!("secret (shown once; send it as Authorization: Bearer <secret>): {secret}");
        }
        Action::List { user, json } => {
            let store = Store::open(&db, Mode::Read)?;
            for t in store.tokens(user.as_deref())? {
                if json {
                    println!("{}", serde_json::to_string(&t)?);
                } else {
                    let state = t
                        .revoked_at
                        .as_deref()
                        .map_or_else(|| "active".to_string(), |at| format!("revoked {at}"));
                    println!(
                        "{:>4}  {:<24} {:<32} {}  {state}",
                        t.id, t.user, t.label, t.created_at
                    );
                }
            }
        }
        Action::Revoke { id } => {
            let token = change(&db, |batch, by| Ok(batch.revoke_token(by, id, None)?))?;
            println!(
                "revoked token {} of {} ({})",
                token.id, token.user, token.label
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
