//! `truce bench violations`: counting alleged violations over a generated store.

use super::*;

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

/// Builds a store of `--docs` generated reports (analysed and linked, as `truce ingest`
/// does), then counts the alleged violations of the bundled Idlib regime `--runs` times
/// over the whole store and over one month, and reports the median and 95th percentile.
pub(super) fn violations(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let regime = truce_regime::bundled()?.remove(0);
    let dir = tempfile::tempdir()?;
    let (db, build_seconds) = regime_store(knowledge, &args, dir.path())?;
    let store = Store::open(&db, Mode::Read)?;
    let events_stored = store.event_counts(false)?.1;
    let asserted = |from: Option<&str>, to: Option<&str>| truce_store::EventFilter {
        modality: Some(truce_model::Modality::Asserted),
        from: from.map(str::to_string),
        to: to.map(str::to_string),
        ..Default::default()
    };
    let (mut whole, mut month, mut alleged) = (Vec::new(), Vec::new(), 0);
    for _ in 0..args.runs {
        let t = Instant::now();
        let r = truce_monitor::violations(&store, &regime, &asserted(None, None), None)?;
        whole.push(t.elapsed().as_secs_f64() * 1000.0);
        alleged = r.days.iter().map(|d| d.alleged_violations).sum();
        let t = Instant::now();
        truce_monitor::violations(
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
        crate::commands::print_json(&report)?;
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
