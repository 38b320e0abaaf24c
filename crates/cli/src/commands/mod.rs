pub mod analyse;
pub mod bench;
pub mod demo;
pub mod documents;
pub mod ingest;

use chrono::{DateTime, FixedOffset};

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
