//! `truce bench stages`: each stage of the pipeline, one report at a time on one core.

use super::*;

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
pub(super) fn stage_runs(
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
pub(super) fn print_stage(name: &str, s: &StageRun) {
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
pub(super) struct StageRun {
    pub(super) stage: &'static str,
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
pub(super) fn stages(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let k = crate::commands::load_knowledge(knowledge)?;
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
    print_stages(&report, &args)
}

/// Prints the report: as JSON with `--json`, else as a table for people.
fn print_stages(report: &StagesReport, args: &Args) -> Result<ExitCode> {
    if args.json {
        crate::commands::print_json(&report)?;
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
