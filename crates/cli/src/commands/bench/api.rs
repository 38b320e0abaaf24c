//! `truce bench api` and `truce bench load`: the workbench's queries and an export over a
//! generated store, and concurrent clients on a server over it.

use super::*;

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
pub(super) fn load(
    knowledge: &[std::path::PathBuf],
    db: Option<truce_store::Location>,
    args: Args,
) -> Result<ExitCode> {
    if args.clients == 0 || !(args.seconds > 0.0 && args.seconds <= 600.0) {
        bail!("--clients must be at least 1 and --seconds between 0 and 600");
    }
    let dir = tempfile::tempdir()?;
    let (file, build_seconds) = regime_store(knowledge, &args, dir.path())?;
    // on a PostgreSQL server (--db postgres://...), the same store copied into a scratch
    // database, dropped afterwards
    let scratch = match &db {
        Some(truce_store::Location::Postgres(server)) => {
            let scratch = truce_store::ScratchDatabase::create(server, "load")
                .context("a database for the run (the user needs the right to create databases)")?;
            truce_store::copy::copy(
                &truce_store::Location::Sqlite(file.clone()),
                &truce_store::Location::Postgres(scratch.url().clone()),
                &mut |_| {},
            )?;
            Some(scratch)
        }
        _ => None,
    };
    let db = scratch
        .as_ref()
        .map_or(file.clone(), |s| std::path::PathBuf::from(s.url().secret()));
    let engine = if scratch.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let events_stored = Store::open(&db, Mode::Read)?.event_counts(false)?.1;
    let report = crate::commands::load::run(&db, args.clients, args.seconds, args.writes)?;
    if args.json {
        crate::commands::print_json(&serde_json::json!({
            "machine": machine(), "engine": engine, "events_stored": events_stored,
            "build_seconds": build_seconds, "load": report,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    print_machine(&machine());
    println!(
        "{} clients for {:.1} s over a store of {events_stored} events in {engine}: {} requests, {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms, {} errors",
        report.clients, report.seconds, report.requests, report.requests_per_s, report.p50_ms, report.p99_ms, report.errors
    );
    if args.writes {
        println!(
            "writes accepted {}, found in the store afterwards {}; verdicts refused as stale (another client judged the act first) {}",
            report.writes_accepted, report.writes_found, report.verdicts_refused_stale
        );
    }
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
pub(super) fn api(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let dir = tempfile::tempdir()?;
    let (db, build_seconds) = regime_store(knowledge, &args, dir.path())?;
    let store = Store::open(&db, Mode::Read)?;
    let (acts, events_stored) = store.event_counts(false)?;
    let asserted = truce_store::EventFilter {
        modality: Some(truce_model::Modality::Asserted),
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
        store.acts(&asserted, 100)?;
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
    let index = truce_monitor::acts::ActIndex::build(&store)?;
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
    let exported = truce_export::write_acts(
        &store,
        &truce_store::EventFilter::default(),
        truce_store::ExportOptions { documents: true },
        &truce_export::Format::Csv { hxl: false },
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
    print_api(&report, &args)
}

/// Prints the report: as JSON with `--json`, else as a table for people.
fn print_api(report: &ApiReport, args: &Args) -> Result<ExitCode> {
    if args.json {
        crate::commands::print_json(&report)?;
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
