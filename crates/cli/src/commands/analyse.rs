use anyhow::{bail, Result};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_ingest::Input;
use truce_model::{Document, Mentions, RemovedBoilerplate};

#[derive(clap::Args)]
pub struct Args {
    /// The report (text, HTML, feed, JSON Lines) or - for stdin
    pub file: PathBuf,
    /// Publication date, if the report carries none; relative dates resolve against it
    #[arg(long, value_parser = super::date_arg)]
    pub published: Option<DateTime<FixedOffset>>,
    /// Which report of a feed or JSON Lines file (1 = the first)
    #[arg(long, default_value_t = 1)]
    pub item: usize,
    /// Refuse inputs larger than this
    #[arg(long, default_value = "50MB", value_parser = super::size_arg)]
    pub max_size: u64,
    /// Print one JSON object (the interface of DESIGN.md)
    #[arg(long)]
    pub json: bool,
}

/// The `document` object of `truce analyse --json`.
#[derive(Serialize)]
struct DocumentJson<'a> {
    id: &'a str,
    fingerprint: &'a str,
    title: Option<&'a str>,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    published: Option<String>,
    dateline: Option<DatelineJson<'a>>,
    language: Option<&'a str>,
    text: &'a str,
    removed: &'a [RemovedBoilerplate],
}

#[derive(Serialize)]
struct DatelineJson<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    agency: Option<&'a str>,
}

#[derive(Serialize)]
struct Analysis<'a> {
    document: DocumentJson<'a>,
    #[serde(flatten)]
    mentions: &'a Mentions,
}

/// The object `truce analyse --json` prints for a document and its analysis.
pub fn analysis_json(doc: &Document, mentions: &Mentions) -> serde_json::Result<serde_json::Value> {
    serde_json::to_value(Analysis {
        document: document_json(doc),
        mentions,
    })
}

fn document_json(d: &Document) -> DocumentJson<'_> {
    DocumentJson {
        id: d.id.as_str(),
        fingerprint: d.fingerprint.as_str(),
        title: d.meta.title.as_deref(),
        publisher: d.meta.publisher.as_deref(),
        url: d.meta.url.as_deref(),
        published: d.meta.published.map(|p| p.to_rfc3339()),
        dateline: d.dateline.as_ref().map(|dl| DatelineJson {
            text: &dl.text,
            start: dl.span.start,
            end: dl.span.end,
            agency: dl.agency.as_deref(),
        }),
        language: d.meta.language.as_deref(),
        text: &d.text,
        removed: &d.removed,
    }
}

pub fn run(knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let knowledge = super::load_knowledge(knowledge)?;
    let input = if args.file.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(args.file.clone())
    };
    let raw = truce_ingest::read_input(&input, args.max_size)?;
    let hints = truce_ingest::Hints {
        published: args.published,
        ..Default::default()
    };
    let options = truce_ingest::Options {
        max_bytes: args.max_size,
        ..Default::default()
    };
    let mut results = truce_ingest::ingest_bytes(&raw, &input.origin(), &hints, &options)?;
    let count = results.len();
    if args.item == 0 || args.item > count {
        bail!(
            "{} holds {count} report(s); --item must be between 1 and {count}",
            input.origin()
        );
    }
    let report = results.swap_remove(args.item - 1)?;
    let doc = &report.document;
    let analysis = truce_analyse::analyse(doc, &knowledge);
    if args.json {
        super::print_json(&analysis_json(doc, &analysis.mentions)?)?;
    } else {
        print_human(doc, &analysis.mentions, count, args.item);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_human(d: &Document, m: &Mentions, count: usize, item: usize) {
    if count > 1 {
        println!("report {item} of {count}");
    }
    super::print_document(d, &[]);
    let spans = |ms: &[truce_model::Mention]| {
        ms.iter()
            .map(|m| format!("{:?}@{}", m.text, m.start))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !m.actors.is_empty() {
        println!("\nactors");
        for a in &m.actors {
            let role = a
                .role
                .as_deref()
                .map(|r| format!(", {r}"))
                .unwrap_or_default();
            println!(
                "  {:<28} {} ({}{role}): {}",
                a.id,
                a.name,
                a.kind,
                spans(&a.mentions)
            );
        }
    }
    if !m.places.is_empty() {
        println!("\nplaces");
        for p in &m.places {
            let at = match (p.lat, p.lon) {
                (Some(lat), Some(lon)) => format!("{lat:.3},{lon:.3}"),
                _ => "-".into(),
            };
            println!(
                "  {:<28} {} [{}] {at} {:?}: {}",
                p.id,
                p.name,
                p.country.as_deref().unwrap_or("-"),
                p.precision,
                spans(&p.mentions)
            );
        }
    }
    if !m.dates.is_empty() {
        println!("\ndates");
        for d in &m.dates {
            let value = d.value.as_deref().unwrap_or("unresolved");
            println!(
                "  {:<28} {value} ({:?}) @{}",
                format!("{:?}", d.text),
                d.precision,
                d.start
            );
        }
    }
}
