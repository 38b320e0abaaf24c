//! `truce eval`: every evaluation set scored in one run, as one table or one JSON object.
//!
//! The sets are those of `../shared/eval/` (article extraction, GeoVirus, the PLOVER and
//! PETRARCH gold standards), the seed report with its `expected.json`, and the project's
//! own quotation gold set under `tests/quotes/`. Each set is scored whole and in its two
//! fixed halves (see the `truce-eval` crate). With `--floors FILE` the run fails when a
//! whole-set score falls below the floor recorded for it, which is how the test command
//! guards against regressions.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use truce_eval::report::{self, Floors, SetReport};
use truce_eval::{article_extraction, geovirus, petrarch, plover, quotes, real_reports, seed};
use truce_knowledge::Knowledge;

/// The sets, in the order they are printed.
const SETS: [&str; 7] = [
    "seed",
    "real-reports",
    "article-extraction",
    "geovirus",
    "plover-gsr",
    "petrarch-gsr",
    "quotes",
];

#[derive(clap::Args)]
pub struct Args {
    /// The shared data directory holding eval/ and corpus/seed/ [default: $TRUCE_SHARED,
    /// else ../shared]
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Score only this set (repeatable): seed, real-reports, article-extraction, geovirus,
    /// plover-gsr, petrarch-gsr, quotes
    #[arg(long = "set", value_parser = clap::builder::PossibleValuesParser::new(SETS))]
    pub sets: Vec<String>,
    /// Fail (exit 1) when a whole-set score falls below its floor in this TOML file
    #[arg(long)]
    pub floors: Option<PathBuf>,
    /// Print one JSON object keyed by set and metric
    #[arg(long)]
    pub json: bool,
    /// Score this analysis of the seed (JSON in the shape of `truce analyse --json`, from
    /// truce or any other tool) instead of analysing the seed
    #[arg(long, value_name = "FILE")]
    pub seed_analysis: Option<PathBuf>,
    /// Score another tool's output on one set instead of truce's (with exactly one --set):
    /// for article-extraction a JSON object of page key → body; for geovirus a JSON list,
    /// one {"chars": N, "spans": [[start, end], ...]} per article in the set's order
    /// (character offsets; N is the length of the text the tool read)
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
    /// Print what truce got wrong in the development half (never the held-out half, so
    /// that it stays a fair measure): GeoVirus toponyms resolved far away or missed,
    /// PLOVER records coded as another type or with another actor, article pages whose body is not exact,
    /// real reports' missed and false events, speakers, places, dates and links
    #[arg(long)]
    pub mistakes: bool,
}

fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os("TRUCE_SHARED").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("../shared"))
}

pub fn run(knowledge: &[PathBuf], args: Args) -> Result<ExitCode> {
    let data = data_dir(args.data);
    if !data.join("eval").is_dir() {
        bail!(
            "no evaluation data at {}: it should hold eval/ and corpus/seed/ (the shared data \
             beside the project); pass --data DIR or set TRUCE_SHARED",
            data.display()
        );
    }
    let floors = args
        .floors
        .as_deref()
        .map(Floors::read)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    if let Some(file) = &args.predictions {
        return predictions(&data, &args.sets, file, args.json);
    }
    let k = super::load_knowledge(knowledge)?;
    let wanted: Vec<&str> = if args.sets.is_empty() {
        SETS.to_vec()
    } else {
        SETS.into_iter()
            .filter(|s| args.sets.iter().any(|w| w == s))
            .collect()
    };
    let mut reports = Vec::new();
    let mut seconds = Vec::new();
    for set in wanted {
        let started = Instant::now();
        reports.push(score_set(
            set,
            &data,
            &k,
            args.seed_analysis.as_deref(),
            args.mistakes,
        ));
        seconds.push(started.elapsed().as_secs_f64());
    }
    let problems = floors.map(|f| f.check(&reports)).unwrap_or_default();
    if args.json {
        super::print_json(&json(&reports, &problems))?;
    } else {
        print_table(&reports, &seconds);
    }
    for p in &problems {
        eprintln!("regression: {p}");
    }
    let failed_sets: Vec<&SetReport> = reports.iter().filter(|r| r.error.is_some()).collect();
    for r in &failed_sets {
        eprintln!("{}: {}", r.set, r.error.as_deref().unwrap_or_default());
    }
    Ok(if problems.is_empty() && failed_sets.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn score_set(
    set: &'static str,
    data: &Path,
    k: &Knowledge,
    seed_analysis: Option<&Path>,
    mistakes: bool,
) -> SetReport {
    let eval = data.join("eval");
    let scored = match set {
        "seed" => score_seed(data, k, seed_analysis).map_err(|e| format!("{e:#}")),
        "real-reports" => {
            score_real_reports(&eval.join("real-reports"), k, mistakes).map_err(|e| e.to_string())
        }
        "article-extraction" => article_extraction::evaluate(&eval.join("article-extraction"))
            .map(|(s, pages)| {
                // the development half's pages below a perfect score, worst first
                let mut weak: Vec<_> = pages
                    .iter()
                    .step_by(2)
                    .filter(|p| mistakes && (p.precision < 0.99 || p.recall < 0.99))
                    .collect();
                weak.sort_by(|a, b| (a.precision + a.recall).total_cmp(&(b.precision + b.recall)));
                for p in weak {
                    eprintln!(
                        "article-extraction page {}: precision {:.3}, recall {:.3}{}",
                        p.key,
                        p.precision,
                        p.recall,
                        p.error
                            .as_deref()
                            .map(|e| format!(" ({e})"))
                            .unwrap_or_default()
                    );
                }
                let seconds = pages.iter().map(|p| p.seconds).sum();
                report::article_extraction_report(&s, Some(seconds))
            })
            .map_err(|e| e.to_string()),
        "geovirus" => geovirus::evaluate(&eval.join("geovirus/GeoVirus.xml"), k)
            .map(|(s, articles)| {
                // the development half is every other item from the first (truce-eval)
                for (i, a) in articles.iter().enumerate().step_by(2).filter(|_| mistakes) {
                    for (name, chosen, km) in &a.far {
                        eprintln!(
                            "geovirus article {i}: {name:?} resolved to {chosen}, {km:.0} km off"
                        );
                    }
                    for (name, chosen) in &a.outside_unit {
                        eprintln!(
                            "geovirus article {i}: {name:?} placed at {chosen}, whose shape does not hold the gold point"
                        );
                    }
                    for name in &a.missed {
                        eprintln!("geovirus article {i}: {name:?} missed");
                    }
                }
                report::geovirus_report(&s)
            })
            .map_err(|e| e.to_string()),
        "plover-gsr" => plover::evaluate(&eval.join("plover-gsr/PLOVER_GSR_CAMEO.json"), k)
            .map(|(s, records)| {
                for r in records
                    .iter()
                    .step_by(2)
                    .filter(|r| mistakes && !r.type_right)
                {
                    eprintln!(
                        "plover-gsr record {}: {} coded as {}",
                        r.id,
                        r.gold,
                        r.predicted.as_deref().unwrap_or("no event")
                    );
                }
                for r in records
                    .iter()
                    .step_by(2)
                    .filter(|r| mistakes && r.type_right && r.actor_right == Some(false))
                {
                    eprintln!(
                        "plover-gsr record {}: {} with actor {:?}, truce's {:?}",
                        r.id, r.gold, r.gold_actors, r.actors
                    );
                }
                report::plover_report(&s)
            })
            .map_err(|e| e.to_string()),
        "petrarch-gsr" => {
            petrarch::evaluate(&eval.join("petrarch-gsr/PETR2_GSR_validation.xml"), k)
                .map(|(s, _)| report::petrarch_report(&s))
                .map_err(|e| e.to_string())
        }
        "quotes" => quotes::evaluate(&quotes::bundled_dir(), k)
            .map(|(s, _)| report::quotes_report(&s))
            .map_err(|e| e.to_string()),
        other => Err(format!("unknown set {other}")),
    };
    scored.unwrap_or_else(|e| SetReport::failed(set, e))
}

/// The whole real reports, analysed and then stored together for their links; with
/// `mistakes`, what went wrong in the development half's reports.
fn score_real_reports(
    dir: &Path,
    k: &Knowledge,
    mistakes: bool,
) -> Result<SetReport, truce_eval::EvalError> {
    let gold = real_reports::load(dir)?;
    let analysed = real_reports::analyse_all(dir, &gold, k)?;
    let clusters = real_reports::store_all(&analysed, k)?;
    let (split, results) = real_reports::evaluate(&gold, &analysed, &clusters);
    for r in results.iter().step_by(2).filter(|_| mistakes) {
        for m in &r.mistakes {
            eprintln!("real-reports {}: {}", r.file, crate::progress::printable(m));
        }
    }
    Ok(report::real_reports_report(&split))
}

/// Analyses the seed as `truce analyse --json` does (ingest with the publication date the
/// gold names, then analysis), or reads a given analysis, and scores that JSON.
fn score_seed(data: &Path, k: &Knowledge, given: Option<&Path>) -> Result<SetReport> {
    let dir = data.join("corpus/seed");
    let expected_path = dir.join("expected.json");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&expected_path)
            .with_context(|| format!("cannot read {}", expected_path.display()))?,
    )
    .with_context(|| format!("{} is not JSON", expected_path.display()))?;
    let gold = seed::load_gold(&expected).map_err(anyhow::Error::msg)?;
    if let Some(given) = given {
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(given)
                .with_context(|| format!("cannot read --seed-analysis {}", given.display()))?,
        )
        .with_context(|| format!("--seed-analysis {} is not JSON", given.display()))?;
        return Ok(report::seed_report(&seed::score(
            &gold,
            &json,
            &seed::CATEGORIES,
        )));
    }
    let path = dir.join(&gold.file);
    let raw = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let hints = truce_ingest::Hints {
        published: Some(truce_ingest::parse_date(&gold.published)?),
        ..Default::default()
    };
    let mut docs = truce_ingest::ingest_bytes(&raw, &gold.file, &hints, &Default::default())?;
    if docs.is_empty() {
        bail!("{} holds no report", path.display());
    }
    let doc = docs.swap_remove(0)?.document;
    let analysis = truce_analyse::analyse(&doc, k);
    let json = super::analyse::analysis_json(&doc, &analysis.mentions)?;
    Ok(report::seed_report(&seed::score(
        &gold,
        &json,
        &seed::CATEGORIES,
    )))
}

/// Scores another tool's predictions on one set.
fn predictions(data: &Path, sets: &[String], file: &Path, as_json: bool) -> Result<ExitCode> {
    let [set] = sets else {
        bail!(
            "--predictions scores one set: name it with one --set (article-extraction or geovirus)"
        );
    };
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("cannot read --predictions {}", file.display()))?;
    let not_json = |e: serde_json::Error| {
        anyhow::anyhow!(
            "--predictions {} is not predictions for {set}: {e}",
            file.display()
        )
    };
    let eval = data.join("eval");
    let report = match set.as_str() {
        "article-extraction" => {
            let bodies = serde_json::from_str(&text).map_err(not_json)?;
            let (s, _) = article_extraction::evaluate_predictions(
                &eval.join("article-extraction"),
                &bodies,
            )?;
            report::article_extraction_report(&s, None)
        }
        "geovirus" => {
            let spans: Vec<geovirus::PredictedArticle> =
                serde_json::from_str(&text).map_err(not_json)?;
            let (s, _) =
                geovirus::evaluate_predictions(&eval.join("geovirus/GeoVirus.xml"), &spans)?;
            report::geovirus_recognition_report(&s)
        }
        other => bail!("--predictions applies to article-extraction or geovirus, not {other}"),
    };
    let reports = [report];
    if as_json {
        super::print_json(&json(&reports, &[]))?;
    } else {
        print_table(&reports, &[0.0]);
    }
    Ok(ExitCode::SUCCESS)
}

fn json(reports: &[SetReport], problems: &[String]) -> serde_json::Value {
    let mut sets = serde_json::Map::new();
    for r in reports {
        let value = match &r.error {
            Some(e) => serde_json::json!({ "error": e }),
            // keyed by metric for lookups; `rank` keeps the order of the table
            None => r
                .metrics
                .iter()
                .enumerate()
                .map(|(rank, m)| {
                    let mut v = serde_json::to_value(m).unwrap_or_default();
                    v["rank"] = rank.into();
                    (m.name.to_string(), v)
                })
                .collect::<serde_json::Map<_, _>>()
                .into(),
        };
        sets.insert(r.set.to_string(), value);
    }
    serde_json::json!({ "sets": sets, "regressions": problems })
}

fn print_table(reports: &[SetReport], seconds: &[f64]) {
    let cell = |v: Option<f64>| {
        v.map_or_else(
            || "-".to_string(),
            // rates and distances read better without three decimals
            |v| {
                if v >= 10.0 {
                    format!("{v:.1}")
                } else {
                    format!("{v:.3}")
                }
            },
        )
    };
    println!(
        "{:<19} {:<26} {:>7} {:>7} {:>7} {:>9} detail",
        "set", "metric", "dev", "held", "whole", "target"
    );
    for (r, s) in reports.iter().zip(seconds) {
        if let Some(e) = &r.error {
            println!("{:<19} not scored: {e}", r.set);
            continue;
        }
        for (i, m) in r.metrics.iter().enumerate() {
            let mut detail = m.detail.clone().unwrap_or_default();
            if i == 0 {
                detail = format!("{detail} ({s:.1} s)").trim().to_string();
            }
            let target = match (m.target, m.name.ends_with("_km") || m.name.ends_with("_s")) {
                (Some(t), false) if m.whole + 1e-9 < t => format!("{} !", cell(Some(t))),
                (t, _) => format!("{}  ", cell(t)),
            };
            println!(
                "{:<19} {:<26} {:>7} {:>7} {:>7} {:>9} {detail}",
                if i == 0 { r.set } else { "" },
                m.name,
                cell(m.development),
                cell(m.held_out),
                cell(Some(m.whole)),
                target,
            );
        }
    }
    println!("(! marks a score below the project's target)");
}
