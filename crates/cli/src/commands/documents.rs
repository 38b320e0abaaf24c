use crate::default_db;
use anyhow::{bail, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{Mode, Store};

#[derive(clap::Args)]
pub struct ListArgs {
    /// Only reports containing all these words (full-text search)
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// A document id, the id of one of its sources, or a unique prefix (6+ characters)
    pub id: String,
    #[arg(long)]
    pub json: bool,
}

fn open(db: Option<PathBuf>) -> Result<Store> {
    Ok(Store::open(
        &db.unwrap_or_else(|| default_db("truce.db")),
        Mode::Read,
    )?)
}

pub fn list(db: Option<PathBuf>, args: ListArgs) -> Result<ExitCode> {
    let store = open(db)?;
    let rows = store.list_documents(args.search.as_deref(), args.limit, args.offset)?;
    if args.json {
        super::print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        eprintln!(
            "no documents{}",
            if args.search.is_some() {
                " match"
            } else {
                " stored yet"
            }
        );
    }
    for r in rows {
        let date = r
            .published
            .as_deref()
            .map(|p| &p[..p.len().min(10)])
            .unwrap_or("----------");
        let lead = r.lead.lines().next().unwrap_or_default();
        let title = r.title.as_deref().unwrap_or(lead);
        let publisher = r.publisher.as_deref().unwrap_or("-");
        println!("{}  {date}  {publisher:<24.24}  {title:.80}", &r.id[..12]);
        if let Some(snippet) = r.snippet {
            println!("              {}", snippet.replace('\n', " "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(db: Option<PathBuf>, args: ShowArgs) -> Result<ExitCode> {
    let store = open(db)?;
    let Some(stored) = store.get_document(&args.id)? else {
        bail!(
            "no document with id {:?}; list ids with `truce documents`",
            args.id
        );
    };
    let mentions = store.mentions(stored.document.id.as_str())?;
    if args.json {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            stored: &'a truce_store::StoredDocument,
            mentions: &'a [truce_store::StoredMention],
        }
        super::print_json(&Shown {
            stored: &stored,
            mentions: &mentions,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    super::print_document(
        &stored.document,
        &[("ingested", stored.ingested_at.clone())],
    );
    println!("sources:");
    for s in &stored.sources {
        println!(
            "  {}  {:<5} {:<12} {:>7} B  {}",
            &s.id[..12],
            s.format,
            s.encoding,
            s.bytes,
            s.origin
        );
    }
    if !mentions.is_empty() {
        println!("mentions:");
        for m in &mentions {
            let entity = m.entity.as_deref().unwrap_or("unresolved");
            println!(
                "  {:>5}..{:<5} {:<6} {:<28} {:?}",
                m.start, m.end, m.kind, entity, m.text
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct QuotesArgs {
    /// Only quotes by this speaker: an actor id (putin, RUS) or words of the name
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only quotes containing all these words
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long)]
    pub json: bool,
}

pub fn quotes(db: Option<PathBuf>, args: QuotesArgs) -> Result<ExitCode> {
    let store = open(db)?;
    let found = store.quotes(
        args.speaker.as_deref(),
        args.search.as_deref(),
        None,
        args.limit,
        0,
    )?;
    if args.json {
        super::print_json(&found)?;
        return Ok(ExitCode::SUCCESS);
    }
    for q in &found {
        let date = q
            .published
            .as_deref()
            .map(|p| &p[..p.len().min(10)])
            .unwrap_or("undated");
        let who = q
            .speaker_label
            .as_deref()
            .or(q.speaker_name.as_deref())
            .unwrap_or("(speaker unknown)");
        let flag = if q.flags.is_empty() { "" } else { " [flagged]" };
        println!(
            "{}  {date}  {:<8} {who:<28.28} {:?}{flag}",
            &q.document[..12],
            q.kind,
            q.text.chars().take(90).collect::<String>()
        );
    }
    Ok(ExitCode::SUCCESS)
}
