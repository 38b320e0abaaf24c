//! `truce demo`: a store built from the reports bundled under `data/demo/`.

use crate::default_db;
use anyhow::{Context, Result};
use rust_embed::RustEmbed;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_pipeline::{Pending, Writer};
use truce_store::{Mode, Store};

#[derive(RustEmbed)]
#[folder = "../../data/demo/"]
struct DemoReports;

/// `data/demo/manifest.toml`: metadata for demo files that cannot carry it themselves.
#[derive(Deserialize, Default)]
struct Manifest {
    #[serde(default)]
    files: HashMap<String, FileMeta>,
}

#[derive(Deserialize, Default)]
struct FileMeta {
    published: Option<String>,
    publisher: Option<String>,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, short)]
    pub quiet: bool,
    /// Build the store and stop, without serving the workbench
    #[arg(long)]
    pub no_serve: bool,
    /// Address to serve the workbench on
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
}

pub fn run(db: Option<PathBuf>, knowledge_paths: &[PathBuf], args: Args) -> Result<ExitCode> {
    let knowledge = super::load_knowledge(knowledge_paths)?;
    let db = db.unwrap_or_else(|| default_db("demo.db"));
    let manifest: Manifest = match DemoReports::get("manifest.toml") {
        Some(f) => {
            toml::from_str(std::str::from_utf8(&f.data)?).context("data/demo/manifest.toml")?
        }
        None => Manifest::default(),
    };
    let options = truce_ingest::Options::default();
    let mut store = Store::open(&db, Mode::Write)?;
    let mut writer = Writer::new(&mut store, Some(&knowledge));
    let mut names: Vec<_> = DemoReports::iter()
        .filter(|n| n != "manifest.toml" && !n.ends_with(".md"))
        .collect();
    names.sort();
    for name in names {
        let file = DemoReports::get(&name).expect("listed file exists");
        let meta = manifest.files.get(name.as_ref());
        let hints = truce_ingest::Hints {
            published: meta
                .and_then(|m| m.published.as_deref())
                .map(truce_ingest::parse_date)
                .transpose()
                .with_context(|| format!("data/demo/manifest.toml: date of {name}"))?,
            publisher: meta.and_then(|m| m.publisher.clone()),
            ..Default::default()
        };
        let origin = format!("data/demo/{name}");
        writer.summary.inputs += 1;
        let results = truce_ingest::ingest_bytes(&file.data, &origin, &hints, &options)
            .with_context(|| format!("bundled demo report {origin}"))?;
        let reports = results
            .into_iter()
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("bundled demo report {origin}"))?;
        writer.push(Pending {
            seen: None,
            reports,
        })?;
    }
    writer.flush()?;
    let (documents, sources) = writer.store().counts()?;
    if !args.quiet {
        eprintln!("{}", writer.summary.line(&db.display().to_string()));
        println!(
            "demo store ready: {documents} reports from {sources} sources in {}",
            db.display()
        );
        println!("browse it with: truce --db {} documents", db.display());
    }
    drop(writer);
    drop(store);
    if !args.no_serve {
        super::serve::serve(
            &db,
            knowledge_paths,
            Some(knowledge),
            args.addr,
            truce_server::Settings::default(),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
