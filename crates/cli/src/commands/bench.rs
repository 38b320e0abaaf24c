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
    /// What to measure: `stages` (each stage of the pipeline, one report at a time on one
    /// core), `ingest` (read, analyse, store, as `truce ingest` does), `analyse` (the
    /// analysis alone), `zones` (placing events in the Idlib zone; --docs is the number
    /// of events), `violations` (counting alleged violations over a store of --docs
    /// reports; --runs queries), `api` (the workbench's list, timeline and map queries
    /// and a CSV export over such a store) or `load` (--clients concurrent clients on the
    /// read endpoints of a server over such a store, for --seconds)
    #[arg(default_value = "stages")]
    pub what: String,
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

pub fn run(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    if args.runs == 0 || args.docs == 0 {
        bail!("--runs and --docs must be at least 1");
    }
    match args.what.as_str() {
        "ingest" => {
            let k = if args.no_analysis {
                None
            } else {
                Some(super::load_knowledge(knowledge)?)
            };
            ingest(k.as_ref(), args)
        }
        "stages" => stages(knowledge, args),
        "analyse" | "analyze" => analyse(knowledge, args),
        "zones" => zones(args),
        "violations" => violations(knowledge, args),
        "api" => api(knowledge, args),
        "load" => load(knowledge, args),
        other => bail!(
            "unknown benchmark {other:?}; available: stages, ingest, analyse, zones, violations, api, load"
        ),
    }
}

#[derive(Serialize)]
struct AnalyseReport {
    machine: Machine,
    docs: u64,
    mean_bytes_per_doc: u64,
    knowledge_load_ms: f64,
    knowledge_rss_mb: f64,
    baseline_generate: Run,
    baseline_generate_and_tokenise: Run,
    generate_and_analyse: Run,
    /// Analysis alone: the analyse pass minus the generate pass, on one core.
    analysis_alone: Run,
    analyse_runs_seconds: Vec<f64>,
    /// The analysis by stage (medians over runs): mentions and dates, quotations,
    /// events, assembling the result.
    stages: Vec<StageRun>,
    mentions_per_doc: f64,
    peak_rss_mb_at_tenth: f64,
    peak_rss_mb_at_end: f64,
}

fn current_rss_mb() -> f64 {
    status_mb("VmRSS")
}

/// Mentions and dates, one document at a time on one core, beside two baselines measured
/// in the same run on the same reports: generating them, and generating plus a plain
/// tokenisation pass.
fn analyse(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let rss_before = current_rss_mb();
    let start = Instant::now();
    let k = super::load_knowledge(knowledge)?;
    let load_ms = start.elapsed().as_secs_f64() * 1000.0;
    let knowledge_rss = current_rss_mb() - rss_before;
    let (mut gen_times, mut tok_times, mut ana_times) = (Vec::new(), Vec::new(), Vec::new());
    let (mut bytes, mut mentions, mut rss_tenth) = (0u64, 0usize, 0.0);
    let mut stage_times: Vec<Vec<f64>> = vec![Vec::new(); 4];
    let reports = Reports::from_args(args.reports.as_deref(), args.density)?;
    let n = args.docs as usize;
    for run in 0..args.runs {
        let seed = run as u64 + 1;
        let start = Instant::now();
        let mut chars = 0usize;
        reports.each(seed, n, |_, text, _| chars += text.len());
        std::hint::black_box(chars);
        gen_times.push(start.elapsed().as_secs_f64());

        let start = Instant::now();
        let mut tokens = 0usize;
        reports.each(seed, n, |_, text, _| {
            tokens += truce_analyse::tokens::tokenize(text).len()
        });
        std::hint::black_box(tokens);
        tok_times.push(start.elapsed().as_secs_f64());

        bytes = 0;
        mentions = 0;
        let mut spent = [0.0f64; 4];
        let start = Instant::now();
        reports.each(seed, n, |i, text, published| {
            bytes += text.len() as u64;
            let mut at = Instant::now();
            let a = truce_analyse::analyse_text_observed(text, None, published, &k, &mut |stage| {
                let now = Instant::now();
                spent[stage as usize] += (now - at).as_secs_f64();
                at = now;
            });
            mentions += a
                .mentions
                .actors
                .iter()
                .map(|x| x.mentions.len())
                .sum::<usize>()
                + a.mentions
                    .places
                    .iter()
                    .map(|x| x.mentions.len())
                    .sum::<usize>()
                + a.mentions.dates.len();
            if i as u64 + 1 == args.docs / 10 {
                rss_tenth = peak_rss_mb();
            }
        });
        ana_times.push(start.elapsed().as_secs_f64());
        for (times, s) in stage_times.iter_mut().zip(spent) {
            times.push(s);
        }
        if !args.json {
            eprintln!(
                "run {}: generate {:.2} s, generate + tokenise {:.2} s, generate + analyse {:.2} s",
                run + 1,
                gen_times[run],
                tok_times[run],
                ana_times[run]
            );
        }
    }
    let generate = median(gen_times);
    let analyse = median(ana_times.clone());
    let report = AnalyseReport {
        machine: machine(),
        docs: args.docs,
        mean_bytes_per_doc: bytes / args.docs,
        knowledge_load_ms: load_ms,
        knowledge_rss_mb: knowledge_rss,
        baseline_generate: run_of(generate, args.docs, bytes),
        baseline_generate_and_tokenise: run_of(median(tok_times), args.docs, bytes),
        generate_and_analyse: run_of(analyse, args.docs, bytes),
        analysis_alone: run_of((analyse - generate).max(1e-9), args.docs, bytes),
        analyse_runs_seconds: ana_times,
        stages: stage_runs(
            &ANALYSIS_STAGES,
            stage_times,
            args.docs,
            bytes,
            (analyse - generate).max(1e-9),
        ),
        mentions_per_doc: mentions as f64 / args.docs as f64,
        peak_rss_mb_at_tenth: rss_tenth,
        peak_rss_mb_at_end: peak_rss_mb(),
    };
    if args.json {
        super::print_json(&report)?;
    } else {
        print_machine(&report.machine);
        println!(
            "knowledge: loaded in {:.0} ms, {:.0} MB resident",
            report.knowledge_load_ms, report.knowledge_rss_mb
        );
        let source = match (&reports, &args.reports) {
            (Reports::Files(files), Some(dir)) => {
                format!("reports from {} ({} files)", dir.display(), files.len())
            }
            _ => "generated reports".to_string(),
        };
        println!(
            "{} {source}, {} bytes each on average, {:.1} mentions each, median of {} runs, one core",
            report.docs, report.mean_bytes_per_doc, report.mentions_per_doc, args.runs
        );
        // files are read before the runs: their baseline pass only walks the texts
        let make = if args.reports.is_some() {
            "read"
        } else {
            "generate"
        };
        for (name, r) in [
            (format!("baseline: {make}"), &report.baseline_generate),
            (
                format!("baseline: {make} + tokenise"),
                &report.baseline_generate_and_tokenise,
            ),
            (format!("{make} + analyse"), &report.generate_and_analyse),
            ("analysis alone".to_string(), &report.analysis_alone),
        ] {
            print_run(&name, r);
        }
        for s in &report.stages {
            print_stage(&format!("  of which {}", s.stage), s);
        }
        println!(
            "peak memory: {:.0} MB after a tenth of the reports, {:.0} MB at the end",
            report.peak_rss_mb_at_tenth, report.peak_rss_mb_at_end
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn ingest(knowledge: Option<&truce_knowledge::Knowledge>, args: Args) -> Result<ExitCode> {
    let options = truce_ingest::Options::default();
    if let Some(path) = &args.store {
        if args.runs != 1 {
            bail!("--store keeps the store of one run: add --runs 1");
        }
        if path.exists() {
            bail!(
                "{} exists; `bench ingest --store` builds a new store: remove it or name another file",
                path.display()
            );
        }
    }
    let mut baseline_times = Vec::new();
    let mut ingest_times = Vec::new();
    let mut tenths_by_run: Vec<Vec<f64>> = Vec::new();
    let mut rss_by_tenth = Vec::new();
    let (mut bytes, mut store_mb) = (0u64, 0.0);
    let tenth = (args.docs / 10).max(1);
    for run in 0..args.runs {
        // Baseline: produce the same reports and split them into words.
        let start = Instant::now();
        let mut words = 0usize;
        for report in Generator::new(run as u64 + 1)
            .density(args.density)
            .take(args.docs as usize)
        {
            words += report.text.split_whitespace().count();
        }
        std::hint::black_box(words);
        baseline_times.push(start.elapsed().as_secs_f64());

        let dir = tempfile::tempdir()?;
        let db = args
            .store
            .clone()
            .unwrap_or_else(|| dir.path().join("bench.db"));
        let mut store = Store::open(&db, Mode::Write)?;
        let mut writer = Writer::new(&mut store, knowledge);
        bytes = 0;
        let start = Instant::now();
        let mut tenth_started = start;
        let mut tenths = Vec::new();
        rss_by_tenth.clear();
        // read on one thread, stored on this one, as `truce ingest` does
        let mut stored = 0u64;
        truce_pipeline::overlapped(
            Generator::new(run as u64 + 1)
                .density(args.density)
                .take(args.docs as usize)
                .enumerate(),
            |(i, report)| {
                let len = report.text.len() as u64;
                (len, ingest_generated(&report, i, &options, &mut |_| {}))
            },
            // raw bytes and clean text
            |(len, _)| 2 * *len as usize,
            |(len, reports)| -> Result<()> {
                bytes += len;
                writer.push(Pending {
                    seen: None,
                    reports: reports?,
                })?;
                stored += 1;
                if stored.is_multiple_of(tenth) {
                    let now = Instant::now();
                    tenths.push(tenth as f64 / (now - tenth_started).as_secs_f64());
                    tenth_started = now;
                    rss_by_tenth.push(peak_rss_mb());
                    if !args.json {
                        eprintln!(
                            "  {stored} reports: {:.0} reports/s over the last tenth, peak memory {:.0} MB",
                            tenths.last().unwrap_or(&0.0),
                            peak_rss_mb()
                        );
                    }
                }
                Ok(())
            },
        )?;
        writer.flush()?;
        ingest_times.push(start.elapsed().as_secs_f64());
        tenths_by_run.push(tenths);
        drop(writer);
        drop(store);
        store_mb = std::fs::metadata(&db)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0);
        if !args.json {
            eprintln!(
                "run {}: baseline {:.2} s, ingest {:.2} s",
                run + 1,
                baseline_times[run],
                ingest_times[run]
            );
        }
    }
    // the tenths of the run whose time is the median
    let median_time = median(ingest_times.clone());
    let median_run = ingest_times
        .iter()
        .position(|t| *t == median_time)
        .unwrap_or(0);
    let rss_tenth = rss_by_tenth.first().copied().unwrap_or(0.0);
    let report = Report {
        machine: machine(),
        docs: args.docs,
        mean_bytes_per_doc: bytes / args.docs,
        baseline_generate_and_tokenise: run_of(median(baseline_times), args.docs, bytes),
        ingest_runs_seconds: ingest_times.clone(),
        ingest_to_sqlite: run_of(median_time, args.docs, bytes),
        docs_per_s_by_tenth: tenths_by_run.swap_remove(median_run),
        peak_rss_mb_by_tenth: rss_by_tenth,
        peak_rss_mb_at_tenth: rss_tenth,
        peak_rss_mb_at_end: peak_rss_mb(),
        store_mb,
        kept_store: args.store.clone(),
    };
    if args.json {
        super::print_json(&report)?;
    } else {
        print_machine(&report.machine);
        println!(
            "{} generated reports, {} bytes each on average, median of {} runs",
            report.docs, report.mean_bytes_per_doc, args.runs
        );
        for (name, r) in [
            (
                "baseline (generate + tokenise)",
                &report.baseline_generate_and_tokenise,
            ),
            (
                if knowledge.is_some() {
                    "ingest + analyse into SQLite"
                } else {
                    "ingest into SQLite"
                },
                &report.ingest_to_sqlite,
            ),
        ] {
            print_run(name, r);
        }
        println!(
            "peak memory: {:.0} MB after a tenth of the reports, {:.0} MB at the end; store {:.0} MB",
            report.peak_rss_mb_at_tenth, report.peak_rss_mb_at_end, report.store_mb
        );
        let by_tenth: Vec<String> = report
            .docs_per_s_by_tenth
            .iter()
            .map(|r| format!("{r:.0}"))
            .collect();
        println!("reports/s in each tenth: {}", by_tenth.join(" "));
        if let Some(path) = &report.kept_store {
            println!(
                "store kept at {} (`truce bench api --store {}` queries it)",
                path.display(),
                path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ZonesReport {
    machine: Machine,
    events: u64,
    baseline_generate_points: f64,
    assign_zones: f64,
    assign_zones_runs_seconds: Vec<f64>,
    events_per_s: f64,
    inside: u64,
}

/// Places `--docs` events, spread over Syria and its neighbours, in the zones of the
/// bundled Idlib regime through the R-tree and point-in-polygon, one core; beside a
/// baseline that only generates the points.
fn zones(args: Args) -> Result<ExitCode> {
    let regime = truce_regime::bundled()?.remove(0);
    let n = args.docs;
    // xorshift: the same points every run, no dependency
    let points = |mut seed: u64| {
        (0..n).map(move |_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let a = (seed >> 11) as f64 / (1u64 << 53) as f64;
            let b = (seed & 0xffff_ffff) as f64 / 4_294_967_296.0;
            (35.0 + a * 7.0, 32.0 + b * 5.5)
        })
    };
    let mut base = Vec::new();
    let mut runs = Vec::new();
    let mut inside = 0;
    for _ in 0..args.runs {
        let t = std::time::Instant::now();
        let mut sum = 0.0;
        for (lon, lat) in points(0x9e37_79b9_7f4a_7c15) {
            sum += lon + lat;
        }
        std::hint::black_box(sum);
        base.push(t.elapsed().as_secs_f64());
        let t = std::time::Instant::now();
        inside = 0;
        for (lon, lat) in points(0x9e37_79b9_7f4a_7c15) {
            inside += regime.zones.containing(lon, lat).len() as u64;
        }
        runs.push(t.elapsed().as_secs_f64());
    }
    let report = ZonesReport {
        machine: machine(),
        events: n,
        baseline_generate_points: median(base),
        assign_zones: median(runs.clone()),
        assign_zones_runs_seconds: runs.clone(),
        events_per_s: n as f64 / median(runs),
        inside,
    };
    if args.json {
        super::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&report.machine);
    println!(
        "{n} events over Syria and its neighbours, median of {} runs, one core",
        args.runs
    );
    println!(
        "baseline: generate points          {:>8.3} s",
        report.baseline_generate_points
    );
    println!(
        "assign to zones (R-tree + polygon)  {:>8.3} s {:>12.0} events/s ({} inside)",
        report.assign_zones, report.events_per_s, report.inside
    );
    Ok(ExitCode::SUCCESS)
}

/// The stages of the pipeline, in order ("ingest" is decoding and format recognition,
/// "boilerplate" the cleaning that builds the document).
const STAGES: [&str; 7] = [
    "ingest",
    "boilerplate",
    "mentions",
    "quotes",
    "events",
    "assemble",
    "store",
];

/// Each stage's median over the runs (`times[stage][run]`), with its share of `total`.
fn stage_runs(
    names: &[&'static str],
    times: Vec<Vec<f64>>,
    docs: u64,
    bytes: u64,
    total: f64,
) -> Vec<StageRun> {
    (names.iter().zip(times))
        .map(|(&stage, times)| {
            let s = median(times);
            let r = run_of(s.max(1e-9), docs, bytes);
            StageRun {
                stage,
                seconds: s,
                docs_per_s: r.docs_per_s,
                mb_per_s: r.mb_per_s,
                share_of_total: s / total,
            }
        })
        .collect()
}

/// One line of a stage table: name, seconds, reports/s, MB/s, share.
fn print_stage(name: &str, s: &StageRun) {
    println!(
        "{:<32} {:>8.2} s {:>10.0} docs/s {:>8.1} MB/s {:>5.1} %",
        name,
        s.seconds,
        s.docs_per_s,
        s.mb_per_s,
        s.share_of_total * 100.0
    );
}

#[derive(Serialize)]
struct StageRun {
    stage: &'static str,
    seconds: f64,
    docs_per_s: f64,
    mb_per_s: f64,
    share_of_total: f64,
}

#[derive(Serialize)]
struct StagesReport {
    machine: Machine,
    docs: u64,
    runs: usize,
    mean_bytes_per_doc: u64,
    words_per_doc: f64,
    baseline_generate_and_tokenise: Run,
    /// Each stage's median over the runs (its share of the median end-to-end run).
    stages: Vec<StageRun>,
    end_to_end: Run,
    end_to_end_words_per_s: f64,
    end_to_end_runs_seconds: Vec<f64>,
    events_per_doc: f64,
    quotes_per_doc: f64,
    peak_rss_mb_at_tenth: f64,
    peak_rss_mb_at_end: f64,
    store_mb: f64,
}

/// Every stage of the pipeline timed on the same generated reports, one report at a time
/// on one core: ingest (decoding, extraction, boilerplate, dateline), the analysis in its
/// steps (mentions; quotes; events; assembly with agreements) and the store (rows,
/// full-text index, linking of events across reports), beside a generate-and-tokenise
/// baseline of the same run.
fn stages(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let k = super::load_knowledge(knowledge)?;
    let options = truce_ingest::Options::default();
    let n = args.docs as usize;
    let mut per_stage: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
    let (mut totals, mut baseline) = (Vec::new(), Vec::new());
    let (mut bytes, mut words, mut events, mut quotes) = (0u64, 0usize, 0usize, 0usize);
    let (mut rss_tenth, mut store_mb) = (0.0, 0.0);
    for run in 0..args.runs {
        let seed = run as u64 + 1;
        let start = Instant::now();
        words = 0;
        for report in Generator::new(seed).density(args.density).take(n) {
            words += truce_analyse::tokens::tokenize(&report.text).len();
        }
        baseline.push(start.elapsed().as_secs_f64());

        let dir = tempfile::tempdir()?;
        let db = dir.path().join("bench.db");
        let mut store = Store::open(&db, Mode::Write)?;
        let mut writer = Writer::new(&mut store, None);
        // spent[i] is the time of STAGES[i]; the slots below follow that order
        let mut spent = [0.0f64; STAGES.len()];
        (bytes, events, quotes) = (0, 0, 0);
        let run_start = Instant::now();
        for (i, report) in Generator::new(seed)
            .density(args.density)
            .take(n)
            .enumerate()
        {
            bytes += report.text.len() as u64;
            let mut at = Instant::now();
            let reports = ingest_generated(&report, i, &options, &mut |stage| {
                let now = Instant::now();
                let slot = match stage {
                    truce_ingest::IngestStage::Read => 0,
                    truce_ingest::IngestStage::Boilerplate => 1,
                };
                spent[slot] += (now - at).as_secs_f64();
                at = now;
            })?;
            // what follows the document's building (the report's raw copy) counts to it
            let now = Instant::now();
            spent[1] += (now - at).as_secs_f64();
            at = now;
            let mut analyses = Vec::with_capacity(reports.len());
            for r in &reports {
                let d = &r.document;
                let a = truce_analyse::analyse_text_observed(
                    &d.text,
                    d.dateline.as_ref().map(|x| (x.span.start, x.span.end)),
                    d.meta.published.map(|p| p.date_naive()),
                    &k,
                    &mut |stage| {
                        let now = Instant::now();
                        let slot = match stage {
                            truce_analyse::Stage::Mentions => 2,
                            truce_analyse::Stage::Quotes => 3,
                            truce_analyse::Stage::Events => 4,
                            truce_analyse::Stage::Assemble => 5,
                        };
                        spent[slot] += (now - at).as_secs_f64();
                        at = now;
                    },
                );
                events += a.mentions.events.len();
                quotes += a.mentions.quotes.len();
                analyses.push(a.mentions);
            }
            let at = Instant::now();
            writer.push_analysed(
                Pending {
                    seen: None,
                    reports,
                },
                analyses,
            )?;
            spent[6] += at.elapsed().as_secs_f64();
            if i + 1 == n / 10 {
                rss_tenth = peak_rss_mb();
            }
        }
        let at = Instant::now();
        writer.flush()?;
        spent[6] += at.elapsed().as_secs_f64();
        totals.push(run_start.elapsed().as_secs_f64());
        drop(writer);
        drop(store);
        store_mb = std::fs::metadata(&db).map_or(0.0, |m| m.len() as f64 / 1e6);
        for (slot, s) in spent.iter().enumerate() {
            per_stage[slot].push(*s);
        }
        if !args.json {
            eprintln!("run {}: {:.2} s end to end", run + 1, totals[run]);
        }
    }
    let total = median(totals.clone());
    let report = StagesReport {
        machine: machine(),
        docs: args.docs,
        runs: args.runs,
        mean_bytes_per_doc: bytes / args.docs,
        words_per_doc: words as f64 / n as f64,
        baseline_generate_and_tokenise: run_of(median(baseline), args.docs, bytes),
        stages: stage_runs(&STAGES, per_stage, args.docs, bytes, total),
        end_to_end: run_of(total, args.docs, bytes),
        end_to_end_words_per_s: words as f64 / total,
        end_to_end_runs_seconds: totals,
        events_per_doc: events as f64 / n as f64,
        quotes_per_doc: quotes as f64 / n as f64,
        peak_rss_mb_at_tenth: rss_tenth,
        peak_rss_mb_at_end: peak_rss_mb(),
        store_mb,
    };
    if args.json {
        super::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&report.machine);
    println!(
        "{} generated reports, {} bytes and {:.0} words each, {:.1} quotes and {:.1} events each; median of {} runs, one core",
        report.docs, report.mean_bytes_per_doc, report.words_per_doc, report.quotes_per_doc, report.events_per_doc, args.runs
    );
    print_run(
        "baseline: generate + tokenise",
        &report.baseline_generate_and_tokenise,
    );
    for s in &report.stages {
        print_stage(&format!("stage: {}", s.stage), s);
    }
    print_run("end to end", &report.end_to_end);
    println!(
        "end to end: {:.0} words/s; peak memory {:.0} MB after a tenth, {:.0} MB at the end; store {:.0} MB",
        report.end_to_end_words_per_s, report.peak_rss_mb_at_tenth, report.peak_rss_mb_at_end, report.store_mb
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct ViolationsReport {
    machine: Machine,
    docs: u64,
    events_stored: i64,
    /// `None` when the store of `--store` was reused.
    build_seconds: Option<f64>,
    queries: usize,
    /// Counting every alleged violation of the Idlib regime in the store, as
    /// `truce violations` and `/api/violations` do.
    whole_store_ms: Percentiles,
    /// The same for one month.
    one_month_ms: Percentiles,
    alleged_violations: usize,
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

#[derive(Serialize)]
struct ApiReport {
    machine: Machine,
    events_stored: i64,
    acts: i64,
    build_seconds: Option<f64>,
    queries: usize,
    /// The 100 newest asserted acts with their reports' events (`/api/events`).
    event_list_ms: Percentiles,
    /// Asserted acts per day and type over the whole store (`/api/timeline`).
    timeline_ms: Percentiles,
    /// The newest 1,000 located acts as GeoJSON points (`/api/events.geojson`).
    map_points_ms: Percentiles,
    /// Every located asserted act of the store counted in one-degree cells
    /// (`/api/events.geojson?grid=1`), what a world map draws.
    map_grid_ms: Percentiles,
    map_grid_cells: usize,
    /// Reading every act into the server's in-memory index (once per store change).
    index_build_ms: f64,
    /// The timeline and the world grid as the server answers them, from that index
    /// (each time checking the store's version first, as a request does).
    timeline_indexed_ms: Percentiles,
    map_grid_indexed_ms: Percentiles,
    /// Every act of the store written as CSV rows (`truce export --format csv`).
    export_acts_per_s: f64,
    /// The same export counted in the stored events it carries (each act's events are in
    /// its row).
    export_events_per_s: f64,
}

/// `--clients` clients on the read endpoints of a real server over the store of
/// `regime_store`, for `--seconds`.
fn load(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    if args.clients == 0 || !(args.seconds > 0.0 && args.seconds <= 600.0) {
        bail!("--clients must be at least 1 and --seconds between 0 and 600");
    }
    let dir = tempfile::tempdir()?;
    let (db, build_seconds) = regime_store(knowledge, &args, dir.path())?;
    let events_stored = Store::open(&db, Mode::Read)?.event_counts(false)?.1;
    let report = super::load::run(&db, args.clients, args.seconds)?;
    if args.json {
        super::print_json(&serde_json::json!({
            "machine": machine(), "events_stored": events_stored,
            "build_seconds": build_seconds, "load": report,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&machine());
    println!(
        "{} clients for {:.1} s over a store of {events_stored} events: {} requests, {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, {} errors",
        report.clients, report.seconds, report.requests, report.requests_per_s, report.p50_ms, report.p99_ms, report.errors
    );
    for e in &report.endpoints {
        println!(
            "  {:<48} {:>7} requests  p50 {:>8.1} ms  p99 {:>8.1} ms",
            e.path, e.requests, e.p50_ms, e.p99_ms
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Times the workbench's read queries on a store of `--docs` generated reports, as the
/// API runs them, `--runs` times each; and one CSV export of every act.
fn api(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let (db, build_seconds) = regime_store(knowledge, &args, dir.path())?;
    let store = Store::open(&db, Mode::Read)?;
    let (acts, events_stored) = store.event_counts(false)?;
    let asserted = truce_store::EventFilter {
        modality: Some("asserted".into()),
        ..Default::default()
    };
    let time = |f: &mut dyn FnMut() -> Result<()>| -> Result<Percentiles> {
        let mut ms = Vec::new();
        for _ in 0..args.runs.max(1) {
            let t = Instant::now();
            f()?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        Ok(percentiles(ms))
    };
    let event_list_ms = time(&mut || {
        store.events(&asserted, 100)?;
        Ok(())
    })?;
    let timeline_ms = time(&mut || {
        store.timeline(&asserted, false)?;
        Ok(())
    })?;
    let map_points_ms = time(&mut || {
        let located = store
            .acts(&asserted, 1000)?
            .into_iter()
            .filter(|c| c.lat.is_some() && c.lon.is_some())
            .count();
        std::hint::black_box(located);
        Ok(())
    })?;
    let mut map_grid_cells = 0;
    let map_grid_ms = time(&mut || {
        map_grid_cells = store.grid(&asserted, 1.0)?.len();
        Ok(())
    })?;
    let start = Instant::now();
    let index = truce_server::acts::ActIndex::build(&store)?;
    let index_build_ms = start.elapsed().as_secs_f64() * 1000.0;
    // the index must answer what the store answers
    if index.timeline(&asserted, false) != store.timeline(&asserted, false)?
        || index.grid(&asserted, 1.0).len() != map_grid_cells
    {
        bail!("the in-memory index disagrees with the store");
    }
    let timeline_indexed_ms = time(&mut || {
        if store.acts_version()? != index.version() {
            bail!("the store changed during the benchmark");
        }
        std::hint::black_box(index.timeline(&asserted, false));
        Ok(())
    })?;
    let map_grid_indexed_ms = time(&mut || {
        if store.acts_version()? != index.version() {
            bail!("the store changed during the benchmark");
        }
        std::hint::black_box(index.grid(&asserted, 1.0));
        Ok(())
    })?;
    // the export as `truce export --format csv` writes it, into a sink
    let start = Instant::now();
    let exported = super::export::write_acts(
        &store,
        &truce_store::EventFilter::default(),
        truce_store::ExportOptions { documents: true },
        &super::export::Format::Csv { hxl: false },
        std::io::sink(),
    )
    .map_err(|e| anyhow::anyhow!("the export failed: {e:?}"))?;
    let export_seconds = start.elapsed().as_secs_f64();
    let export_acts_per_s = exported as f64 / export_seconds;
    // every stored event is in the export, inside the act it belongs to
    let export_events_per_s = events_stored as f64 / export_seconds;
    let report = ApiReport {
        machine: machine(),
        events_stored,
        acts,
        build_seconds,
        queries: args.runs,
        event_list_ms,
        timeline_ms,
        map_points_ms,
        map_grid_ms,
        map_grid_cells,
        index_build_ms,
        timeline_indexed_ms,
        map_grid_indexed_ms,
        export_acts_per_s,
        export_events_per_s,
    };
    if args.json {
        super::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&report.machine);
    println!(
        "store of {} events in {} acts ({}); {} queries each",
        report.events_stored,
        report.acts,
        report
            .build_seconds
            .map(|s| format!("built in {s:.1} s"))
            .unwrap_or_else(|| "reused".into()),
        report.queries
    );
    for (what, p) in [
        ("event list (100 newest)", &report.event_list_ms),
        ("timeline (per day, type)", &report.timeline_ms),
        ("map points (1,000 newest)", &report.map_points_ms),
        ("map grid (whole world)", &report.map_grid_ms),
        ("timeline, in-memory index", &report.timeline_indexed_ms),
        ("map grid, in-memory index", &report.map_grid_indexed_ms),
    ] {
        println!(
            "{what:<28} median {:>8.1} ms   p95 {:>8.1} ms",
            p.median, p.p95
        );
    }
    println!(
        "map grid cells: {}; in-memory index built in {:.0} ms",
        report.map_grid_cells, report.index_build_ms
    );
    println!(
        "export (CSV): {:.0} acts/s, {:.0} stored events/s",
        report.export_acts_per_s, report.export_events_per_s
    );
    Ok(ExitCode::SUCCESS)
}

/// Builds a store of `--docs` generated reports (analysed and linked, as `truce ingest`
/// does), then counts the alleged violations of the bundled Idlib regime `--runs` times
/// over the whole store and over one month, and reports the median and 95th percentile.
fn violations(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let regime = truce_regime::bundled()?.remove(0);
    let dir = tempfile::tempdir()?;
    let (db, build_seconds) = regime_store(knowledge, &args, dir.path())?;
    let store = Store::open(&db, Mode::Read)?;
    let events_stored = store.event_counts(false)?.1;
    let asserted = |from: Option<&str>, to: Option<&str>| truce_store::EventFilter {
        modality: Some("asserted".into()),
        from: from.map(str::to_string),
        to: to.map(str::to_string),
        ..Default::default()
    };
    let (mut whole, mut month, mut alleged) = (Vec::new(), Vec::new(), 0);
    for _ in 0..args.runs {
        let t = Instant::now();
        let r = truce_server::violations(&store, &regime, &asserted(None, None), None)?;
        whole.push(t.elapsed().as_secs_f64() * 1000.0);
        alleged = r.days.iter().map(|d| d.alleged_violations).sum();
        let t = Instant::now();
        truce_server::violations(
            &store,
            &regime,
            &asserted(Some("2018-10-01"), Some("2018-10-31")),
            None,
        )?;
        month.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let report = ViolationsReport {
        machine: machine(),
        docs: args.docs,
        events_stored,
        build_seconds,
        queries: args.runs,
        whole_store_ms: percentiles(whole),
        one_month_ms: percentiles(month),
        alleged_violations: alleged,
    };
    if args.json {
        super::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&report.machine);
    let built = match report.build_seconds {
        Some(s) => format!("built in {s:.1} s"),
        None => "reused".to_string(),
    };
    println!(
        "store of {} generated reports, {} events ({built}); {} queries each",
        report.docs, report.events_stored, report.queries
    );
    println!(
        "alleged violations, whole store: median {:.1} ms, p95 {:.1} ms ({} alleged violations)",
        report.whole_store_ms.median, report.whole_store_ms.p95, report.alleged_violations
    );
    println!(
        "alleged violations, one month:   median {:.1} ms, p95 {:.1} ms",
        report.one_month_ms.median, report.one_month_ms.p95
    );
    Ok(ExitCode::SUCCESS)
}
