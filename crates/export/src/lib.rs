//! Acts as files others read: CSV (with an optional row of HXL hashtags for humanitarian
//! tools), GeoJSON, JSON Lines, or a tab-separated file in the columns of GDELT 2.0's
//! event table. One writer for the command line's `truce export` and the workbench's
//! Export menu, so a file downloaded from the page is the file the command writes.
//!
//! The main entry is [`write_acts`]: it streams every act a [`truce_store::EventFilter`]
//! selects, in a [`Format`], to any [`std::io::Write`], reading the store on the caller's
//! thread while a second thread formats and writes.

use std::io::{BufWriter, Write};
use std::sync::Arc;
use truce_model::PlacePrecision;
use truce_store::{ExportOptions, ExportRow, Store, StoreError};

/// Errors of an export: the store's, or writing the output.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

const COLUMNS: [(&str, &str); 29] = [
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
    // the toll: the lowest the reports give (ACLED's fatalities), or an analyst's
    ("killed", "#affected+killed"),
    ("injured", "#affected+injured"),
    ("documents", "#meta+source"),
    ("evidence", "#description"),
    ("verification", "#status"),
    // where an analyst corrected a field, what the machine read (empty otherwise)
    ("machine_type", "#event+type+machine"),
    ("machine_modality", "#event+modality+machine"),
    ("machine_actors", "#actor+source+machine"),
    ("machine_recipients", "#actor+target+machine"),
    ("machine_place", "#loc+code+machine"),
    ("machine_date", "#date+machine"),
    ("machine_killed", "#affected+killed+machine"),
    ("machine_injured", "#affected+injured+machine"),
    ("source", "#meta+tool"),
];

/// Appends a CSV field, quoted when it holds a comma, a quote or a line break.
fn push_csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// Appends one act as a CSV line in the order of [`COLUMNS`].
fn push_csv_row(out: &mut String, r: &ExportRow) {
    use std::fmt::Write as _;
    fn opt(v: &Option<String>) -> &str {
        v.as_deref().unwrap_or("")
    }
    let (actors, recipients) = (r.actors.join(";"), r.recipients.join(";"));
    let _ = write!(out, "{}", r.event);
    for field in [
        opt(&r.date),
        r.date_precision.map_or("", |p| p.as_str()),
        r.kind.as_str(),
        opt(&r.mode),
        r.modality.as_str(),
        &r.cameo_root,
        &actors,
        &recipients,
        opt(&r.place),
        opt(&r.place_name),
        r.place_precision.map_or("", |p| p.as_str()),
    ] {
        out.push(',');
        push_csv_field(out, field);
    }
    for v in [r.lat, r.lon] {
        out.push(',');
        if let Some(x) = v {
            let _ = write!(out, "{x}");
        }
    }
    let _ = write!(out, ",{}", r.reports);
    for v in [r.killed, r.injured] {
        out.push(',');
        if let Some(n) = v {
            let _ = write!(out, "{n}");
        }
    }
    out.push(',');
    push_csv_field(out, &r.documents.join(";"));
    out.push(',');
    push_csv_field(out, &r.evidence);
    out.push(',');
    push_csv_field(out, opt(&r.verification));
    for field in [
        "type",
        "modality",
        "actors",
        "recipients",
        "place",
        "date",
        "killed",
        "injured",
    ] {
        out.push(',');
        push_csv_field(out, &machine_value(r.machine.get(field)));
    }
    out.push_str(",truce\n");
}

/// A machine value of a corrected field as one CSV cell: a word, ids joined by `;`, a
/// place's id, a date; "none" where the machine had none.
fn machine_value(v: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    match v {
        None => String::new(),
        Some(Value::Null) => "none".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(ids)) => ids
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(";"),
        Some(Value::Object(o)) => o
            .get("id")
            .or_else(|| o.get("value"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        Some(other) => other.to_string(),
    }
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
    let geo_type = match r.place_precision {
        Some(PlacePrecision::Country) => "1",
        Some(PlacePrecision::Region) => "2",
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
            .score(r.kind, r.mode.as_deref())
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

/// What the acts are written as.
#[derive(Clone)]
pub enum Format {
    Csv {
        hxl: bool,
    },
    /// GDELT's columns; quad classes and scores come from the knowledge.
    Gdelt(Arc<truce_knowledge::Knowledge>),
    Jsonl,
    GeoJson,
}

/// The names the formats go by, on the command line and in the API's `format` parameter.
pub const FORMAT_NAMES: [&str; 5] = ["csv", "csv-hxl", "geojson", "jsonl", "gdelt"];

impl Format {
    /// The format a name of [`FORMAT_NAMES`] stands for; GDELT's columns need the
    /// knowledge (quad classes and scores). `None` for any other name, and for "gdelt"
    /// without the knowledge.
    pub fn named(name: &str, knowledge: Option<Arc<truce_knowledge::Knowledge>>) -> Option<Self> {
        Some(match name {
            "csv" => Format::Csv { hxl: false },
            "csv-hxl" => Format::Csv { hxl: true },
            "geojson" => Format::GeoJson,
            "jsonl" => Format::Jsonl,
            "gdelt" => Format::Gdelt(knowledge?),
            _ => return None,
        })
    }

    /// The media type a file of this format is served as.
    pub fn media_type(&self) -> &'static str {
        match self {
            Format::Csv { .. } => "text/csv; charset=utf-8",
            Format::Gdelt(_) => "text/tab-separated-values; charset=utf-8",
            Format::Jsonl => "application/jsonl; charset=utf-8",
            Format::GeoJson => "application/geo+json",
        }
    }

    /// The file name's ending for this format, without the dot.
    pub fn extension(&self) -> &'static str {
        match self {
            Format::Csv { .. } => "csv",
            Format::Gdelt(_) => "tsv",
            Format::Jsonl => "jsonl",
            Format::GeoJson => "geojson",
        }
    }
}

impl Format {
    fn header(&self) -> String {
        match self {
            Format::Csv { hxl } => {
                let head: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
                let mut out = format!("{}\n", head.join(","));
                if *hxl {
                    let tags: Vec<&str> = COLUMNS.iter().map(|c| c.1).collect();
                    out.push_str(&format!("{}\n", tags.join(",")));
                }
                out
            }
            Format::Gdelt(_) => format!("{}\n", GDELT_COLUMNS.join("\t")),
            Format::Jsonl => String::new(),
            Format::GeoJson => "{\"type\":\"FeatureCollection\",\"features\":[\n".into(),
        }
    }

    /// Appends the act to `out` unless the format leaves it out; `written` says how many
    /// came before it.
    fn row(&self, r: &ExportRow, written: usize, out: &mut String) -> bool {
        match self {
            Format::Csv { .. } => push_csv_row(out, r),
            Format::Gdelt(k) => {
                out.push_str(&gdelt_row(r, k));
                out.push('\n');
            }
            Format::Jsonl => {
                out.push_str(&serde_json::to_string(r).expect("rows serialise"));
                out.push('\n');
            }
            Format::GeoJson => {
                // acts without a place have no geometry and are left out
                let (Some(lat), Some(lon)) = (r.lat, r.lon) else {
                    return false;
                };
                let f = serde_json::json!({"type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": r});
                if written > 0 {
                    out.push_str(",\n");
                }
                out.push_str(&f.to_string());
            }
        }
        true
    }

    fn footer(&self) -> &'static str {
        match self {
            Format::GeoJson => "\n]}\n",
            _ => "",
        }
    }
}

/// Acts handed from the reading thread to the writing one at a time: enough to make the
/// hand-over cheap, few enough that memory stays flat however many acts there are.
const ROWS_PER_HANDOVER: usize = 512;

/// Writes every act `filter` selects to `out`, in act order; returns how many. The store
/// is read on this thread while a second one formats and writes, so reading and
/// formatting, about equal in cost, run side by side; at most two batches of
/// [`ROWS_PER_HANDOVER`] acts wait between them.
pub fn write_acts(
    store: &Store,
    filter: &truce_store::EventFilter,
    options: ExportOptions,
    format: &Format,
    out: impl Write + Send,
) -> Result<usize, Failure> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<ExportRow>>(2);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<(), std::io::Error> {
            let mut out = BufWriter::with_capacity(1 << 16, out);
            out.write_all(format.header().as_bytes())?;
            let (mut text, mut written) = (String::with_capacity(1 << 16), 0);
            for batch in rx {
                text.clear();
                for r in &batch {
                    written += usize::from(format.row(r, written, &mut text));
                }
                out.write_all(text.as_bytes())?;
            }
            out.write_all(format.footer().as_bytes())?;
            out.flush()
        });
        let mut batch = Vec::with_capacity(ROWS_PER_HANDOVER);
        let read = store.export_events(filter, options, |r| {
            batch.push(r);
            if batch.len() == ROWS_PER_HANDOVER {
                // a writer that stopped (a closed pipe) says why when joined below
                tx.send(std::mem::take(&mut batch))
                    .map_err(|_| Failure::Write(std::io::Error::other("the writer stopped")))?;
            }
            Ok(())
        });
        if read.is_ok() && !batch.is_empty() {
            let _ = tx.send(batch);
        }
        drop(tx);
        let wrote = writer.join().expect("the export's writer does not panic");
        match (read, wrote) {
            (_, Err(e)) => Err(Failure::Write(e)),
            (Err(e), Ok(())) => Err(e),
            (Ok(n), Ok(())) => Ok(n),
        }
    })
}
