//! `truce export`: real-world events as CSV (optionally with an HXL hashtag row),
//! GeoJSON, JSON Lines, or a tab-separated file in the columns of GDELT 2.0's event
//! table, streamed from the store row by row.

use crate::default_db;
use anyhow::{Context, Result};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use truce_store::{ExportOptions, ExportRow, Mode, Store, StoreError};

#[derive(clap::Args)]
pub struct Args {
    /// csv, geojson, jsonl, or gdelt (tab-separated, the 61 columns of GDELT 2.0's event
    /// table with a header row; what truce does not know stays empty)
    #[arg(long, default_value = "csv", value_parser = ["csv", "geojson", "jsonl", "gdelt"])]
    pub format: String,
    /// For csv: a second row of HXL hashtags (#date, #event+type, #geo+lat, ...)
    #[arg(long)]
    pub hxl: bool,
    /// Only events an analyst confirmed or corrected
    #[arg(long)]
    pub verified: bool,
    #[command(flatten)]
    pub filter: super::filter::ActFilter,
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

/// The columns of GDELT 2.0's event table, in its order.
const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// A tab-separated field: tabs and line breaks inside become spaces.
fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// One event in GDELT's columns. An act is one row (truce counts acts, not reports), with
/// its reports as NumArticles; the first actor and recipient are Actor1 and Actor2 (a
/// state's ISO alpha-3 id is also its country code); the CAMEO root code fills the three
/// event codes; QuadClass and GoldsteinScale come from PLOVER's quad categories and
/// conflict-cooperation scores; the place is ActionGeo (type 1 country, 2 region, 4
/// place, as GDELT numbers them), FeatureID truce's place id; SOURCEURL the first
/// report's id. Tone and the group, ethnic, religion and type codes stay empty.
fn gdelt_row(r: &ExportRow, k: &truce_knowledge::Knowledge) -> String {
    // a day, or the first day of a month ("2019-12") or year ("2019"): GDELT has days only
    let day = r.date.as_deref().and_then(|d| {
        let padded = format!("{d}-01-01");
        chrono::NaiveDate::parse_from_str(padded.get(..10)?, "%Y-%m-%d").ok()
    });
    use chrono::Datelike;
    let (sql, month, year, fraction) = match day {
        Some(d) => (
            d.format("%Y%m%d").to_string(),
            d.format("%Y%m").to_string(),
            d.year().to_string(),
            format!(
                "{:.4}",
                d.year() as f64 + (d.ordinal() as f64 - 1.0) / 365.0
            ),
        ),
        None => Default::default(),
    };
    let country = |id: &str| {
        let code = id.split('-').next().unwrap_or("");
        if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
            code.to_string()
        } else {
            String::new()
        }
    };
    let actor = |list: &[String]| -> [String; 10] {
        let first = list.first().cloned().unwrap_or_default();
        let c = country(&first);
        [
            first.clone(),
            first,
            c,
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]
    };
    let geo_type = match r.place_precision.as_deref() {
        Some("country") => "1",
        Some("region") => "2",
        Some(_) => "4",
        None => "",
    };
    let has_place = r.lat.is_some();
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let place_country = r
        .place
        .as_deref()
        .map(|p| p.split('-').next().unwrap_or("").to_string())
        .filter(|c| c.len() == 2 && c.chars().all(|x| x.is_ascii_uppercase()))
        .unwrap_or_default();
    let mut fields: Vec<String> = vec![r.event.to_string(), sql, month, year, fraction];
    fields.extend(actor(&r.actors));
    fields.extend(actor(&r.recipients));
    fields.extend([
        "1".to_string(),
        r.cameo_root.clone(),
        r.cameo_root.clone(),
        r.cameo_root.clone(),
        k.events
            .quad
            .get(&r.kind)
            .map(|q| q.to_string())
            .unwrap_or_default(),
        k.events
            .score(&r.kind, r.mode.as_deref())
            .map(|s| s.to_string())
            .unwrap_or_default(),
        r.reports.to_string(),
        r.documents.len().to_string(),
        r.reports.to_string(),
        String::new(),
    ]);
    fields.extend(std::iter::repeat_n(String::new(), 16));
    fields.extend([
        if has_place {
            geo_type.to_string()
        } else {
            String::new()
        },
        r.place_name.clone().unwrap_or_default(),
        place_country,
        String::new(),
        String::new(),
        num(r.lat),
        num(r.lon),
        r.place.clone().unwrap_or_default(),
        String::new(),
        r.documents.first().cloned().unwrap_or_default(),
    ]);
    debug_assert_eq!(fields.len(), GDELT_COLUMNS.len());
    fields
        .iter()
        .map(|f| tsv_field(f))
        .collect::<Vec<_>>()
        .join("\t")
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

pub fn run(db: Option<PathBuf>, knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let db = db.unwrap_or_else(|| default_db("truce.db"));
    let store = Store::open(&db, Mode::Read)?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, out);
    let filter = args.filter.into_filter()?;
    // the quad classes and scores of the GDELT columns are knowledge
    let gdelt_knowledge = if args.format == "gdelt" {
        Some(super::load_knowledge(knowledge)?)
    } else {
        None
    };
    let w = |out: &mut BufWriter<Box<dyn Write>>, s: &str| -> Result<(), Failure> {
        out.write_all(s.as_bytes()).map_err(Failure::Write)
    };
    let options = ExportOptions {
        verified_only: args.verified,
        documents: true,
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
                store.export_events(&filter, options, |r| w(&mut out, &(csv_row(&r) + "\n")))
            }
            "gdelt" => {
                let k = gdelt_knowledge.as_ref().expect("loaded for gdelt");
                w(&mut out, &format!("{}\n", GDELT_COLUMNS.join("\t")))?;
                store.export_events(&filter, options, |r| {
                    w(&mut out, &(gdelt_row(&r, k) + "\n"))
                })
            }
            "jsonl" => store.export_events(&filter, options, |r| {
                w(
                    &mut out,
                    &(serde_json::to_string(&r).expect("rows serialise") + "\n"),
                )
            }),
            _ => {
                w(&mut out, "{\"type\":\"FeatureCollection\",\"features\":[\n")?;
                let mut first = true;
                let n = store.export_events(&filter, options, |r| {
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
