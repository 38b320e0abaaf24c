//! `truce export`: real-world events as CSV (optionally with an HXL hashtag row),
//! GeoJSON or JSON Lines, streamed from the store row by row.

use crate::default_db;
use anyhow::{Context, Result};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{EventFilter, ExportRow, Mode, Store, StoreError};

#[derive(clap::Args)]
pub struct Args {
    /// csv, geojson or jsonl
    #[arg(long, default_value = "csv", value_parser = ["csv", "geojson", "jsonl"])]
    pub format: String,
    /// For csv: a second row of HXL hashtags (#date, #event+type, #geo+lat, ...)
    #[arg(long)]
    pub hxl: bool,
    /// Only events an analyst confirmed or corrected
    #[arg(long)]
    pub verified: bool,
    /// Only events of this PLOVER type
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Only events with this actor or recipient (id or words of a name)
    #[arg(long)]
    pub actor: Option<String>,
    /// Only events at this place (id or words of its name)
    #[arg(long)]
    pub place: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// asserted (default), negated, hypothetical, future, historical, or any
    #[arg(long, default_value = "asserted", value_parser = ["asserted", "negated", "hypothetical", "future", "historical", "any"])]
    pub modality: String,
    /// Write here instead of standard output
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

const COLUMNS: [(&str, &str); 19] = [
    ("event", "#event+id"),
    ("date", "#date"),
    ("date_precision", "#date+precision"),
    ("type", "#event+type"),
    ("mode", "#event+mode"),
    ("modality", "#event+modality"),
    ("cameo_root", "#event+code+cameo"),
    ("actors", "#actor+source"),
    ("recipients", "#actor+target"),
    ("place", "#loc+code"),
    ("place_name", "#loc+name"),
    ("place_precision", "#loc+precision"),
    ("lat", "#geo+lat"),
    ("lon", "#geo+lon"),
    ("reports", "#meta+reports"),
    ("documents", "#meta+source"),
    ("evidence", "#description"),
    ("verification", "#status"),
    ("source", "#meta+tool"),
];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_row(r: &ExportRow) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    [
        r.event.to_string(),
        opt(&r.date),
        opt(&r.date_precision),
        r.kind.clone(),
        opt(&r.mode),
        r.modality.clone(),
        r.cameo_root.clone(),
        r.actors.join(";"),
        r.recipients.join(";"),
        opt(&r.place),
        opt(&r.place_name),
        opt(&r.place_precision),
        num(r.lat),
        num(r.lon),
        r.reports.to_string(),
        r.documents.join(";"),
        r.evidence.clone(),
        opt(&r.verification),
        "truce".to_string(),
    ]
    .iter()
    .map(|f| csv_field(f))
    .collect::<Vec<_>>()
    .join(",")
}

/// Errors of the export: the store's, or writing the output.
#[derive(Debug)]
enum Failure {
    Store(StoreError),
    Write(std::io::Error),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| default_db("truce.db"));
    let store = Store::open(&db, Mode::Read)?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let filter = EventFilter {
        kind: args.kind.map(|k| k.to_uppercase()),
        actor: args.actor,
        place: args.place,
        from: args.from,
        to: args.to,
        modality: (args.modality != "any").then_some(args.modality),
    };
    let w = |out: &mut BufWriter<Box<dyn Write>>, s: &str| -> Result<(), Failure> {
        out.write_all(s.as_bytes()).map_err(Failure::Write)
    };
    let result = (|| -> Result<usize, Failure> {
        match args.format.as_str() {
            "csv" => {
                let head: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
                w(&mut out, &format!("{}\n", head.join(",")))?;
                if args.hxl {
                    let tags: Vec<&str> = COLUMNS.iter().map(|c| c.1).collect();
                    w(&mut out, &format!("{}\n", tags.join(",")))?;
                }
                store.export_events(&filter, args.verified, |r| {
                    w(&mut out, &(csv_row(&r) + "\n"))
                })
            }
            "jsonl" => store.export_events(&filter, args.verified, |r| {
                w(
                    &mut out,
                    &(serde_json::to_string(&r).expect("rows serialise") + "\n"),
                )
            }),
            _ => {
                w(&mut out, "{\"type\":\"FeatureCollection\",\"features\":[\n")?;
                let mut first = true;
                let n = store.export_events(&filter, args.verified, |r| {
                    let (Some(lat), Some(lon)) = (r.lat, r.lon) else {
                        return Ok(());
                    };
                    let f = serde_json::json!({"type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": r});
                    let sep = if first { "" } else { ",\n" };
                    first = false;
                    w(&mut out, &format!("{sep}{f}"))
                })?;
                w(&mut out, "\n]}\n")?;
                Ok(n)
            }
        }
    })();
    match result {
        Ok(n) => {
            out.flush().context("cannot finish the output")?;
            eprintln!("exported {n} events");
            Ok(ExitCode::SUCCESS)
        }
        // a reader that stops early (| head) is not an error
        Err(Failure::Write(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Write(e)) => Err(e).context("cannot write the export"),
        Err(Failure::Store(e)) => Err(e.into()),
    }
}
