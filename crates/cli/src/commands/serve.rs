//! `truce serve`: the HTTP API and web workbench over a store.

use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port; the address is printed)
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// A name this server is reached by (a team server's DNS name), besides its IP
    /// addresses and localhost; requests naming any other host are refused, which keeps
    /// pages that rebind their own names out (repeatable)
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Seconds one query may run before it is stopped (503); a query also stops when its
    /// client leaves
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = seconds)]
    pub query_time: f64,
    /// Seconds a client may take to send its headers, and then its body, before it is
    /// dropped (408)
    #[arg(long, value_name = "SECONDS", default_value_t = 15.0, value_parser = seconds)]
    pub client_timeout: f64,
    /// Requests a second one client (an IP address) may send on average, twice as many
    /// in a burst (429 past it); 0 sets no rate, for a server behind a proxy that limits
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub rate_limit: u32,
    /// Set up a shared server: make NAME its first admin, with a one-time password
    /// printed once (only on a store without users; `truce users add` adds more)
    #[arg(long, value_name = "NAME")]
    pub admin: Option<String>,
}

/// A positive number of seconds, at most a day.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= 86_400.0 => Ok(s),
        _ => Err(format!(
            "{text:?} is not a number of seconds from 0.001 to 86400"
        )),
    }
}

pub fn run(db: Option<PathBuf>, knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| crate::default_db("truce.db"));
    let hosts = args
        .allow_host
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let settings = truce_server::Settings {
        allowed_hosts: truce_server::AllowedHosts(hosts),
        limits: truce_server::Limits {
            query_time: Duration::from_secs_f64(args.query_time),
            client_timeout: Duration::from_secs_f64(args.client_timeout),
            requests_per_second: (args.rate_limit > 0).then_some(args.rate_limit),
            ..truce_server::Limits::default()
        },
    };
    if let Some(name) = &args.admin {
        first_admin(&db, name)?;
    }
    serve(&db, knowledge, None, args.addr, settings)?;
    Ok(ExitCode::SUCCESS)
}

/// Makes `name` the first admin of a store without users, printing the one-time password
/// they sign in with (and change at once).
fn first_admin(db: &Path, name: &str) -> Result<()> {
    let store = truce_store::Store::open(db, truce_store::Mode::Write)?;
    if store.has_users()? {
        anyhow::bail!(
            "{} has users already, so it has an admin: leave out --admin (`truce users add NAME --role admin` adds another)",
            db.display()
        );
    }
    drop(store);
    let (_, secret) = super::users::add_with_one_time_password(db, name, truce_model::Role::Admin)?;
    println!(
        "first admin {name}: one-time password (shown once; changed at first sign-in): {secret}"
    );
    Ok(())
}

/// Serves the store at `db` until Ctrl-C, printing the address first; uploaded reports
/// are analysed with the bundled knowledge and `knowledge` (`loaded` already, or at the
/// first upload).
pub fn serve(
    db: &Path,
    knowledge: &[PathBuf],
    loaded: Option<truce_knowledge::Knowledge>,
    addr: SocketAddr,
    settings: truce_server::Settings,
) -> Result<()> {
    let state = truce_server::AppState::open_with(db, 4, knowledge, settings)?;
    let accounts = state.with(|s| s.has_users())?;
    // without accounts, anyone who reaches the port can change the store: only this
    // machine may
    if !accounts && !addr.ip().is_loopback() {
        anyhow::bail!(
            "will not serve on {addr}: {} has no accounts, so anyone who reached it could \
             change the store. Set up accounts (`truce serve --admin NAME` makes the first \
             admin), or serve on a loopback address (the default 127.0.0.1:8080) for this \
             machine only",
            db.display()
        );
    }
    if let Some(k) = loaded {
        state.set_knowledge(k);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime
        .block_on(truce_server::serve(state, addr, |bound| {
            println!("serving {} at http://{bound}/ (Ctrl-C stops)", db.display());
            if !accounts {
                eprintln!(
                    "no accounts: anyone on this machine who can reach {bound} can read and \
                     change the store; it listens on this machine only"
                );
            } else if !bound.ip().is_loopback() {
                eprintln!(
                    "accounts: everyone signs in. Sessions' cookies are Secure, so browsers \
                     send them over HTTPS only: put a TLS proxy in front (docs/security.md)"
                );
            } else {
                eprintln!("accounts: everyone signs in");
            }
        }))
        .with_context(|| format!("cannot serve on {addr}; is the port taken? pass --addr"))
}
