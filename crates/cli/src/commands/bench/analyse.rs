//! `truce bench analyse`: the analysis alone, one report at a time on one core.

use super::stages::{print_stage, stage_runs, StageRun};
use super::*;

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
pub(super) fn analyse(knowledge: &[std::path::PathBuf], args: Args) -> Result<ExitCode> {
    let rss_before = current_rss_mb();
    let start = Instant::now();
    let k = crate::commands::load_knowledge(knowledge)?;
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
    let source = match (&reports, &args.reports) {
        (Reports::Files(files), Some(dir)) => {
            format!("reports from {} ({} files)", dir.display(), files.len())
        }
        _ => "generated reports".to_string(),
    };
    print_analyse(&report, &args, &source)
}

/// Prints the report: as JSON with `--json`, else as a table for people.
fn print_analyse(report: &AnalyseReport, args: &Args, source: &str) -> Result<ExitCode> {
    if args.json {
        crate::commands::print_json(&report)?;
    } else {
        print_machine(&report.machine);
        println!(
            "knowledge: loaded in {:.0} ms, {:.0} MB resident",
            report.knowledge_load_ms, report.knowledge_rss_mb
        );
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
