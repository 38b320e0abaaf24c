//! `truce bench ingest`: read, analyse and store, as `truce ingest` does.

use super::*;

/// `--store` keeps the store of one run, and builds it new.
fn check_kept_store(args: &Args) -> Result<()> {
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
    Ok(())
}

/// The baseline of a run: producing the same reports and splitting them into words.
fn baseline_seconds(seed: u64, args: &Args) -> f64 {
    let start = Instant::now();
    let mut words = 0usize;
    for report in Generator::new(seed)
        .density(args.density)
        .take(args.docs as usize)
    {
        words += report.text.split_whitespace().count();
    }
    std::hint::black_box(words);
    start.elapsed().as_secs_f64()
}

pub(super) fn ingest(
    knowledge: Option<&truce_knowledge::Knowledge>,
    args: Args,
) -> Result<ExitCode> {
    check_kept_store(&args)?;
    if args.workers != [1] {
        bail!("several ingest workers write into one store on PostgreSQL only (an SQLite file has one writer): pass --db postgres://... naming a server where you may create databases");
    }
    let mut baseline_times = Vec::new();
    let mut ingest_times = Vec::new();
    let mut tenths_by_run: Vec<Vec<f64>> = Vec::new();
    let mut rss_by_tenth = Vec::new();
    let (mut bytes, mut store_mb) = (0u64, 0.0);
    let tenth = (args.docs / 10).max(1);
    for run in 0..args.runs {
        baseline_times.push(baseline_seconds(run as u64 + 1, &args));

        let dir = tempfile::tempdir()?;
        let db = args
            .store
            .clone()
            .unwrap_or_else(|| dir.path().join("bench.db"));
        let mut store = Store::open(&db, Mode::Write)?;
        let mut writer = Writer::new(&mut store, knowledge);
        let start = Instant::now();
        let mut tenth_started = start;
        let mut tenths = Vec::new();
        rss_by_tenth.clear();
        let mut stored = 0u64;
        bytes = ingest_share(&mut writer, &args, run as u64 + 1, (0, 1), || {
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
        })?;
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
    print_ingest(&report, &args, knowledge.is_some())
}

/// Prints the report: as JSON with `--json`, else as a table for people.
fn print_ingest(report: &Report, args: &Args, analysed: bool) -> Result<ExitCode> {
    if args.json {
        crate::commands::print_json(&report)?;
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
                if analysed {
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

/// One ingest worker's share of a run: every `workers`-th generated report from the
/// `index`-th, read on one thread and handed to `writer` on this one, as `truce ingest`
/// does; `stored` is told of each report handed over. Returns the bytes read.
fn ingest_share(
    writer: &mut Writer<'_>,
    args: &Args,
    seed: u64,
    (index, workers): (usize, usize),
    mut stored: impl FnMut(),
) -> Result<u64> {
    let options = truce_ingest::Options::default();
    let mut bytes = 0u64;
    truce_pipeline::overlapped(
        Generator::new(seed)
            .density(args.density)
            .take(args.docs as usize)
            .enumerate()
            .filter(|(i, _)| i % workers == index),
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
            stored();
            Ok(())
        },
    )?;
    Ok(bytes)
}

/// How one number of workers did, over the runs.
#[derive(Serialize)]
struct WorkersRun {
    workers: usize,
    runs_seconds: Vec<f64>,
    median: Run,
    /// The median's speed over the first row's (the `--workers` list's first count).
    speedup: f64,
}

#[derive(Serialize)]
struct PostgresReport {
    machine: Machine,
    server: String,
    docs: u64,
    mean_bytes_per_doc: u64,
    by_workers: Vec<WorkersRun>,
}

/// `truce bench ingest --db postgres://... --workers 1,2`: the same generated reports
/// ingested into a new database on the server by each number of workers at once; every
/// run checks that the store holds each report once.
pub(super) fn ingest_postgres(
    knowledge: Option<&truce_knowledge::Knowledge>,
    server: &truce_store::PostgresUrl,
    args: Args,
) -> Result<ExitCode> {
    if args.store.is_some() {
        bail!("--store keeps an SQLite file; on PostgreSQL every run's database is dropped afterwards");
    }
    if args.workers.contains(&0) {
        bail!("--workers counts start at 1");
    }
    let mut by_workers: Vec<WorkersRun> = Vec::new();
    let mut bytes = 0u64;
    for &workers in &args.workers {
        let mut times = Vec::new();
        for run in 0..args.runs {
            let scratch = truce_store::ScratchDatabase::create(server, "bench")
                .context("a database for the run (the user needs the right to create databases)")?;
            let url = std::path::PathBuf::from(scratch.url().secret());
            // the schema is made before the clock starts
            drop(Store::open(&url, Mode::Write)?);
            let start = Instant::now();
            let shares: Vec<Result<u64>> = std::thread::scope(|s| {
                let handles: Vec<_> = (0..workers)
                    .map(|index| {
                        let (url, args) = (&url, &args);
                        s.spawn(move || -> Result<u64> {
                            let mut store = Store::open(url, Mode::Write)?;
                            let mut writer = Writer::new(&mut store, knowledge);
                            let bytes = ingest_share(
                                &mut writer,
                                args,
                                run as u64 + 1,
                                (index, workers),
                                || {},
                            )?;
                            writer.flush()?;
                            Ok(bytes)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|_| Err(anyhow::anyhow!("an ingest worker panicked")))
                    })
                    .collect()
            });
            let seconds = start.elapsed().as_secs_f64();
            bytes = 0;
            for share in shares {
                bytes += share?;
            }
            let stored = Store::open(&url, Mode::Read)?.counts()?.0;
            if stored != args.docs as i64 {
                bail!("{workers} workers stored {stored} reports of {}", args.docs);
            }
            if !args.json {
                eprintln!("{workers} worker(s), run {}: {seconds:.2} s", run + 1);
            }
            times.push(seconds);
        }
        let median_run = run_of(median(times.clone()), args.docs, bytes);
        let speedup = by_workers
            .first()
            .map_or(1.0, |first| median_run.docs_per_s / first.median.docs_per_s);
        by_workers.push(WorkersRun {
            workers,
            runs_seconds: times,
            median: median_run,
            speedup,
        });
    }
    let report = PostgresReport {
        machine: machine(),
        server: server.to_string(),
        docs: args.docs,
        mean_bytes_per_doc: bytes / args.docs,
        by_workers,
    };
    if args.json {
        crate::commands::print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&report.machine);
    println!(
        "{} generated reports, {} bytes each on average, into PostgreSQL at {}, median of {} runs",
        report.docs, report.mean_bytes_per_doc, report.server, args.runs
    );
    for w in &report.by_workers {
        print_run(
            &format!("ingest + analyse, {} worker(s)", w.workers),
            &w.median,
        );
        if w.workers != report.by_workers[0].workers {
            println!("{:<32} {:>8.2}x", "  beside the first", w.speedup);
        }
    }
    Ok(ExitCode::SUCCESS)
}
