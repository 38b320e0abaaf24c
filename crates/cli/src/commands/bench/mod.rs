//! `truce bench` and `truce corpus`: throughput on generated reports.
//!
//! Every measurement runs beside a baseline measured in the same run on the same reports
//! (generating them and splitting them into words), because this machine is shared and
//! noisy: the ratio to the baseline means more than either number alone.

use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;
use truce_corpus::{Density, Generator};
use truce_pipeline::{Pending, Writer};
use truce_store::{Mode, Store};

mod adversarial;
mod analyse;
mod api;
mod ingest;
mod stages;
mod violations;
mod zones;

/// The benchmarks `truce bench` runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Benchmark {
    /// Each stage of the pipeline, one report at a time on one core
    Stages,
    /// Read, analyse, store, as `truce ingest` does
    Ingest,
    /// The analysis alone
    #[value(alias = "analyze")]
    Analyse,
    /// Placing events in the Idlib zone (--docs is the number of events)
    Zones,
    /// Counting alleged violations over a store of --docs reports (--runs queries)
    Violations,
    /// The workbench's list, timeline and map queries and a CSV export over such a store
    Api,
    /// --clients concurrent clients on the read endpoints of a server over such a store,
    /// for --seconds
    Load,
    /// Each hostile or heavy input's cost beside its bound: a 2,000-word search, 1 MB and
    /// 16 MB reports, 3 million empty JSON Lines, /api/health during heavy searches
    /// (--seconds), 8 uploaders at once; over a store of --docs generated reports
    Adversarial,
}

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// How many reports
    #[arg(long, default_value_t = 1000)]
    pub docs: u64,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// `dense` (an act or a quotation in every sentence, the stress case) or `news`
    /// (as many as truce finds in real reports: about 7 events and 9 quotations in 4 KB)
    #[arg(long, default_value = "dense")]
    pub density: Density,
}

#[derive(clap::Args)]
pub struct Args {
    /// What to measure
    #[arg(value_enum, default_value_t = Benchmark::Stages)]
    pub what: Benchmark,
    /// For `ingest`: store documents without analysing them
    #[arg(long)]
    pub no_analysis: bool,
    /// Reports per run
    #[arg(long, default_value_t = 100_000)]
    pub docs: u64,
    /// Runs; the median is reported
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    #[arg(long)]
    pub json: bool,
    /// For `violations` and `api`: keep the store in FILE, and reuse it when it is already there
    /// (building a store of a million events takes minutes; queries take milliseconds).
    /// For `ingest` (one run): build the store in FILE and keep it, for `api` to query
    #[arg(long, value_name = "FILE")]
    pub store: Option<std::path::PathBuf>,
    /// For `load`: concurrent clients
    #[arg(long, default_value_t = 64)]
    pub clients: usize,
    /// For `load`: how long the clients run
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    /// For `analyse`: analyse the `.txt` files in DIR (taken in turn until --docs reports
    /// are done) instead of generated reports; a file named `YYYY-MM-DD-...` is published
    /// that day. Generated reports are denser than most news (a quotation and an act every
    /// two dozen words); real reports show what a user's own corpus costs.
    #[arg(long, value_name = "DIR")]
    pub reports: Option<std::path::PathBuf>,
    /// Generated reports: `dense` (an act or a quotation in every sentence, about 33
    /// events a report, the stress case and the stream of earlier benchmarks) or `news`
    /// (as dense as real reports: about 7 events and 9 quotations in 4 KB)
    #[arg(long, default_value = "dense")]
    pub density: Density,
    /// For `ingest` into a PostgreSQL server (`--db postgres://...`): how many ingest
    /// workers write into one store at once, each with its own connection and its share of
    /// the reports; a list (`1,2`) measures each in turn, side by side. Every run gets a
    /// new database on that server, dropped afterwards.
    #[arg(long, value_delimiter = ',', default_value = "1")]
    pub workers: Vec<usize>,
    /// For `load`: one request in ten an analyst's verdict and one in twenty an upload,
    /// among the reads; afterwards every write the server accepted is looked for in the
    /// store
    #[arg(long)]
    pub writes: bool,
}

/// The analysis's stages in the order `analyse_text_observed` reports them.
const ANALYSIS_STAGES: [&str; 4] = ["mentions", "quotes", "events", "assemble"];

/// Where `bench analyse` takes its reports from.
enum Reports {
    Generated(Density),
    Files(Vec<(String, Option<chrono::NaiveDate>)>),
}

impl Reports {
    fn from_args(dir: Option<&std::path::Path>, density: Density) -> Result<Reports> {
        let Some(dir) = dir else {
            return Ok(Reports::Generated(density));
        };
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the report directory {}", dir.display()))?;
        let mut paths: Vec<std::path::PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!(
                    "{} is not UTF-8 text: convert it or leave it out",
                    path.display()
                )
            })?;
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let published = name
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            files.push((text, published));
        }
        if files.is_empty() {
            bail!(
                "{} holds no .txt files: put one report per .txt file there",
                dir.display()
            );
        }
        Ok(Reports::Files(files))
    }

    /// Calls `f` with each of `n` reports: its text and publication date.
    fn each(&self, seed: u64, n: usize, mut f: impl FnMut(usize, &str, Option<chrono::NaiveDate>)) {
        match self {
            Reports::Generated(density) => {
                for (i, report) in Generator::new(seed).density(*density).take(n).enumerate() {
                    let published = chrono::NaiveDate::parse_from_str(
                        report.published.get(..10).unwrap_or(""),
                        "%Y-%m-%d",
                    )
                    .ok();
                    f(i, &report.text, published);
                }
            }
            Reports::Files(files) => {
                for (i, (text, published)) in files.iter().cycle().take(n).enumerate() {
                    f(i, text, *published);
                }
            }
        }
    }
}

pub fn corpus(args: CorpusArgs) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for report in Generator::new(args.seed)
        .density(args.density)
        .take(args.docs as usize)
    {
        if writeln!(out, "{}", report.to_json_line()).is_err() {
            break; // the reader went away (e.g. `| head`)
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct Run {
    seconds: f64,
    docs_per_s: f64,
    mb_per_s: f64,
}

#[derive(Serialize)]
struct Report {
    machine: Machine,
    docs: u64,
    mean_bytes_per_doc: u64,
    baseline_generate_and_tokenise: Run,
    ingest_to_sqlite: Run,
    ingest_runs_seconds: Vec<f64>,
    /// Of the median run: reports per second in each tenth of the reports, so that a
    /// store that slows as it grows shows.
    docs_per_s_by_tenth: Vec<f64>,
    /// Peak memory after each tenth of the reports of the last run.
    peak_rss_mb_by_tenth: Vec<f64>,
    peak_rss_mb_at_tenth: f64,
    peak_rss_mb_at_end: f64,
    store_mb: f64,
    /// Where the store was kept (`--store`), for `bench api` to query.
    kept_store: Option<std::path::PathBuf>,
}

#[derive(Serialize)]
pub struct Machine {
    cpu: String,
    cores: usize,
    memory_gb: f64,
    os: String,
}

pub fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .unwrap_or("unknown")
        .trim()
        .to_string();
    let memory_kb: f64 = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    Machine {
        cpu,
        cores: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        memory_gb: (memory_kb / 1_048_576.0 * 10.0).round() / 10.0,
        os: std::env::consts::OS.to_string(),
    }
}

/// A memory figure of this process from /proc/self/status (`VmHWM`, `VmRSS`), in MB.
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

/// Peak resident memory of this process so far, in MB.
fn peak_rss_mb() -> f64 {
    status_mb("VmHWM")
}

fn print_machine(m: &Machine) {
    println!("machine: {} ({} cores, {} GB)", m.cpu, m.cores, m.memory_gb);
}

fn print_run(name: &str, r: &Run) {
    println!(
        "{name:<32} {:>8.2} s {:>10.0} docs/s {:>8.1} MB/s",
        r.seconds, r.docs_per_s, r.mb_per_s
    );
}

/// One generated report through ingest as `truce ingest` reads a file: its publication
/// date as the hint, `generated/N.txt` as its origin.
fn ingest_generated(
    report: &truce_corpus::Report,
    i: usize,
    options: &truce_ingest::Options,
    observe: &mut dyn FnMut(truce_ingest::IngestStage),
) -> Result<Vec<truce_ingest::Ingested>> {
    let hints = truce_ingest::Hints {
        published: truce_ingest::parse_date(&report.published).ok(),
        ..Default::default()
    };
    let origin = format!("generated/{i}.txt");
    Ok(truce_ingest::ingest_bytes_observed(
        report.text.as_bytes(),
        &origin,
        &hints,
        options,
        observe,
    )?
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn run_of(seconds: f64, docs: u64, bytes: u64) -> Run {
    Run {
        seconds,
        docs_per_s: docs as f64 / seconds,
        mb_per_s: bytes as f64 / 1e6 / seconds,
    }
}

pub fn run(
    knowledge: &[std::path::PathBuf],
    db: Option<truce_store::Location>,
    args: Args,
) -> Result<ExitCode> {
    if args.runs == 0 || args.docs == 0 {
        bail!("--runs and --docs must be at least 1");
    }
    match args.what {
        Benchmark::Ingest => {
            let k = if args.no_analysis {
                None
            } else {
                Some(super::load_knowledge(knowledge)?)
            };
            match db {
                Some(truce_store::Location::Postgres(server)) => {
                    ingest::ingest_postgres(k.as_ref(), &server, args)
                }
                _ => ingest::ingest(k.as_ref(), args),
            }
        }
        Benchmark::Stages => stages::stages(knowledge, args),
        Benchmark::Analyse => analyse::analyse(knowledge, args),
        Benchmark::Zones => zones::zones(args),
        Benchmark::Violations => violations::violations(knowledge, args),
        Benchmark::Api => api::api(knowledge, args),
        Benchmark::Load => api::load(knowledge, db, args),
        Benchmark::Adversarial => adversarial::adversarial(knowledge, args),
    }
}

#[derive(Serialize)]
struct Percentiles {
    median: f64,
    p95: f64,
}

fn percentiles(mut ms: Vec<f64>) -> Percentiles {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() as f64 - 1.0) * q).round() as usize];
    Percentiles {
        median: at(0.5),
        p95: at(0.95),
    }
}

/// The store the query benchmarks read: `--docs` generated reports from the start of the
/// Sochi phase on (when the Idlib regime counts violations), analysed and linked as
/// `truce ingest` does, in `--store` (reused when it exists) or in `dir`. Returns its
/// path and how long building it took (`None` when reused).
fn regime_store(
    knowledge: &[std::path::PathBuf],
    args: &Args,
    dir: &std::path::Path,
) -> Result<(std::path::PathBuf, Option<f64>)> {
    let db = args.store.clone().unwrap_or_else(|| dir.join("bench.db"));
    if db.exists() {
        return Ok((db, None));
    }
    let k = super::load_knowledge(knowledge)?;
    let options = truce_ingest::Options::default();
    let start = Instant::now();
    let mut store = Store::open(&db, Mode::Write)?;
    let mut writer = Writer::new(&mut store, Some(&k));
    let first_day = chrono::NaiveDate::from_ymd_opt(2018, 9, 17).expect("a date");
    let reports = Generator::new(1)
        .starting(first_day)
        .take(args.docs as usize);
    for (i, report) in reports.enumerate() {
        let reports = ingest_generated(&report, i, &options, &mut |_| {})?;
        writer.push(Pending {
            seen: None,
            reports,
        })?;
    }
    writer.flush()?;
    drop(writer);
    drop(store);
    Ok((db, Some(start.elapsed().as_secs_f64())))
}
