//! `truce serve`: the HTTP API and web workbench over a store.

use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
}

pub fn run(db: Option<PathBuf>, knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| crate::default_db("truce.db"));
    let hosts = args
        .allow_host
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    serve(
        &db,
        knowledge,
        None,
        args.addr,
        truce_server::AllowedHosts(hosts),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Serves the store at `db` until Ctrl-C, printing the address first; uploaded reports
/// are analysed with the bundled knowledge and `knowledge` (`loaded` already, or at the
/// first upload).
pub fn serve(
    db: &Path,
    knowledge: &[PathBuf],
    loaded: Option<truce_knowledge::Knowledge>,
    addr: SocketAddr,
    hosts: truce_server::AllowedHosts,
) -> Result<()> {
    let state = truce_server::AppState::open_for_hosts(db, 4, knowledge, hosts)?;
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
        }))
        .with_context(|| format!("cannot serve on {addr}; is the port taken? pass --addr"))
}
