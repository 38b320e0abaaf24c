use crate::{default_db, progress};
use anyhow::{Context, Result};
use chrono::{DateTime, FixedOffset};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use truce_pipeline::{ingest_inputs, Writer};
use truce_store::{Mode, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Files, directories or - (stdin)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Publication date for reports that do not carry one (ISO 8601)
    #[arg(long, value_parser = super::date_arg)]
    pub published: Option<DateTime<FixedOffset>>,
    /// Publisher for reports that do not name one
    #[arg(long)]
    pub publisher: Option<String>,
    /// URL for reports that do not carry one
    #[arg(long)]
    pub url: Option<String>,
    /// Refuse inputs larger than this (e.g. 50MB, 1GB)
    #[arg(long, default_value = "50MB", value_parser = super::size_arg)]
    pub max_size: u64,
    /// Boilerplate rules file replacing data/ingest/boilerplate.toml
    #[arg(long)]
    pub boilerplate: Option<PathBuf>,
    /// No progress bar, no summary line (errors still go to stderr)
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the summary as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn options(max_size: u64, rules_file: Option<&PathBuf>) -> Result<truce_ingest::Options> {
    let rules = match rules_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read boilerplate rules {}", path.display()))?;
            truce_ingest::Rules::from_toml(&text, &path.display().to_string())?
        }
        None => truce_ingest::Rules::builtin(),
    };
    Ok(truce_ingest::Options {
        max_bytes: max_size,
        rules: Arc::new(rules),
    })
}

pub fn run(db: Option<PathBuf>, knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let knowledge = super::load_knowledge(knowledge)?;
    let db = db.unwrap_or_else(|| default_db("truce.db"));
    let options = options(args.max_size, args.boilerplate.as_ref())?;
    let hints = truce_ingest::Hints {
        published: args.published,
        publisher: args.publisher,
        url: args.url,
        title: None,
    };
    let mut store = Store::open(&db, Mode::Write)?;
    let (mut inputs, problems) = truce_ingest::expand(&args.paths);
    let own_files: Vec<PathBuf> = truce_store::store_files(&db)
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    inputs.retain(|input| match input {
        truce_ingest::Input::File(path) => {
            !path.canonicalize().is_ok_and(|p| own_files.contains(&p))
        }
        truce_ingest::Input::Stdin => true,
    });
    // the bar counts bytes: one large JSON Lines file is as long a run as many pages
    let total_bytes: u64 = inputs
        .iter()
        .filter_map(|input| match input {
            truce_ingest::Input::File(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            truce_ingest::Input::Stdin => None,
        })
        .sum();
    let bar = progress::bytes_bar(total_bytes, inputs.len() as u64, args.quiet);
    // each batch stored is in the audit trail, under the operating-system user
    let mut writer = Writer::new(&mut store, Some(&knowledge))
        .audited_as(super::users::operator(), "command line: truce ingest");
    let progress = progress::OnBar::new(&bar, inputs.len() as u64);
    for problem in &problems {
        truce_pipeline::Progress::rejected(&progress, problem);
        writer.summary.rejections.push(problem.to_string());
    }
    ingest_inputs(&mut writer, &inputs, &hints, &options, &progress)?;
    bar.finish_and_clear();
    let summary = writer.summary;
    if args.json {
        super::print_json(&summary)?;
    } else if !args.quiet {
        eprintln!("{}", summary.line(&db.display().to_string()));
    }
    Ok(if summary.rejections.count == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
