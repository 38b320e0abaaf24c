pub mod agreements;
pub mod analyse;
pub mod audit;
pub mod bench;
pub mod check;
pub mod demo;
pub mod documents;
pub mod eval;
pub mod events;
pub mod export;
pub mod filter;
pub mod ingest;
pub mod load;
pub mod migrate;
pub mod regime;
pub mod serve;
pub mod tokens;
pub mod users;

use chrono::{DateTime, FixedOffset};
use std::path::PathBuf;

/// Loads the bundled knowledge plus the user's `--knowledge` paths.
pub fn load_knowledge(extra: &[PathBuf]) -> anyhow::Result<truce_knowledge::Knowledge> {
    let dirs: Vec<&std::path::Path> = extra.iter().map(PathBuf::as_path).collect();
    let k = truce_knowledge::Knowledge::load(&dirs)?;
    for (n, w) in k.warnings.iter().enumerate() {
        if n == 5 {
            eprintln!(
                "warning: {} more problems in --knowledge files",
                k.warnings.len() - 5
            );
            break;
        }
        eprintln!("warning: {w}");
    }
    Ok(k)
}

/// Parses a date flag for clap, so a bad date is a usage error (exit 2) naming the flag.
pub fn date_arg(s: &str) -> Result<DateTime<FixedOffset>, String> {
    truce_ingest::parse_date(s).map_err(|e| format!("the value {e}"))
}

/// Parses a size such as `50MB`, `2GB` or `1048576`.
pub fn size_arg(s: &str) -> Result<u64, String> {
    let t = s.trim().to_ascii_uppercase();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a size; write e.g. 50MB"))?;
    let scale = match unit.trim() {
        "" | "B" => 1,
        "K" | "KB" => 1_000,
        "M" | "MB" => 1_000_000,
        "G" | "GB" => 1_000_000_000,
        other => return Err(format!("unknown size unit {other:?}; use KB, MB or GB")),
    };
    Ok(n * scale)
}

pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints a document for people: its metadata, `extra` fields, its text and what ingest
/// removed from it.
pub fn print_document(d: &truce_model::Document, extra: &[(&str, String)]) {
    let field = |name: &str, value: Option<&str>| println!("{name:<11}{}", value.unwrap_or("-"));
    field("id", Some(d.id.as_str()));
    field("title", d.meta.title.as_deref());
    field("publisher", d.meta.publisher.as_deref());
    field(
        "published",
        d.meta.published.map(|p| p.to_rfc3339()).as_deref(),
    );
    field("url", d.meta.url.as_deref());
    field("language", d.meta.language.as_deref());
    let dateline = d
        .dateline
        .as_ref()
        .map(|dl| format!("{} [{}..{}]", dl.text, dl.span.start, dl.span.end));
    field("dateline", dateline.as_deref());
    for (name, value) in extra {
        field(name, Some(value));
    }
    println!("\n{}\n", d.text);
    for r in &d.removed {
        println!("removed ({}): {}", r.reason, r.text);
    }
}
