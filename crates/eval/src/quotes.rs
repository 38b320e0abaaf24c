//! Quotations on the project's own gold set (`tests/quotes/`: short reports written for
//! truce, each with a `.json` of every quotation a careful reader finds). A quotation is
//! found when truce gives exactly the gold text; span precision, recall and F1 count
//! those, and speaker and kind accuracy are taken over the found ones, beside a naive
//! baseline that names the nearest actor mentioned before each quotation. The halves are
//! the reports at even and odd positions in file-name order.

use std::path::{Path, PathBuf};

use truce_knowledge::Knowledge;
use truce_model::QuoteKind;

use crate::{evaluate_set, EvalError, Split};

/// The gold set in this checkout.
pub fn bundled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/quotes")
}

#[derive(serde::Deserialize)]
struct GoldFile {
    published: String,
    quotes: Vec<GoldQuote>,
}

#[derive(serde::Deserialize)]
struct GoldQuote {
    kind: QuoteKind,
    text: String,
    speaker: Option<String>,
}

/// One report of the set with its gold quotations.
pub struct Report {
    pub name: String,
    raw: Vec<u8>,
    gold: GoldFile,
}

/// Reads every `NAME.json` with its `NAME.txt` under `dir`, in name order.
pub fn load(dir: &Path) -> Result<Vec<Report>, EvalError> {
    let unreadable = |path: &Path, detail: String| EvalError::Unreadable {
        path: path.display().to_string(),
        detail,
    };
    if !dir.is_dir() {
        return Err(EvalError::Missing {
            path: dir.display().to_string(),
        });
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e.to_string()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for json in files {
        let gold: GoldFile = serde_json::from_str(&crate::read_set(&json)?)
            .map_err(|e| unreadable(&json, e.to_string()))?;
        let txt = json.with_extension("txt");
        let raw = std::fs::read(&txt).map_err(|e| unreadable(&txt, e.to_string()))?;
        out.push(Report {
            name: json
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into(),
            raw,
            gold,
        });
    }
    Ok(out)
}

/// What truce made of one report.
#[derive(Debug, Clone, Default)]
pub struct ReportResult {
    pub gold: usize,
    pub predicted: usize,
    pub found: usize,
    pub speaker_right: usize,
    pub kind_right: usize,
    pub baseline_speaker_right: usize,
    /// Gold quotations not found, and found ones with the wrong speaker.
    pub misses: Vec<String>,
}

/// Analyses one report as truce reads any report (through ingest, which finds the
/// dateline) and compares its quotations with the gold.
pub fn score_report(r: &Report, k: &Knowledge) -> ReportResult {
    let mut out = ReportResult {
        gold: r.gold.quotes.len(),
        ..Default::default()
    };
    let hints = truce_ingest::Hints {
        published: truce_ingest::parse_date(&r.gold.published).ok(),
        ..Default::default()
    };
    let doc = match truce_ingest::ingest_bytes(&r.raw, &r.name, &hints, &Default::default())
        .map_err(|e| e.to_string())
        .and_then(|mut docs| {
            if docs.is_empty() {
                return Err("no report in the file".into());
            }
            docs.swap_remove(0).map_err(|e| e.to_string())
        }) {
        Ok(report) => report.document,
        Err(e) => {
            out.misses.push(format!("{}: not read: {e}", r.name));
            return out;
        }
    };
    let analysis = truce_analyse::analyse(&doc, k);
    let m = &analysis.mentions;
    out.predicted = m.quotes.len();
    for g in &r.gold.quotes {
        let Some(p) = m.quotes.iter().find(|q| q.text == g.text) else {
            out.misses
                .push(format!("{}: not found: {:?}", r.name, g.text));
            continue;
        };
        out.found += 1;
        out.kind_right += usize::from(p.kind == g.kind);
        if p.speaker.actor == g.speaker {
            out.speaker_right += 1;
        } else {
            out.misses.push(format!(
                "{}: speaker {:?} for {:?}, gold {:?}",
                r.name, p.speaker.actor, g.text, g.speaker
            ));
        }
        let nearest = m
            .actors
            .iter()
            .flat_map(|a| a.mentions.iter().map(move |x| (x.end, a.id.as_str())))
            .filter(|(end, _)| *end <= p.start)
            .max_by_key(|(end, _)| *end)
            .map(|(_, id)| id);
        out.baseline_speaker_right += usize::from(nearest == g.speaker.as_deref());
    }
    out
}

/// Scores over a set of reports.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct QuoteScores {
    pub reports: usize,
    pub gold: usize,
    pub predicted: usize,
    pub span_precision: f64,
    pub span_recall: f64,
    pub span_f1: f64,
    /// Over the quotations found.
    pub speaker_accuracy: f64,
    pub kind_accuracy: f64,
    pub baseline_speaker_accuracy: f64,
}

pub fn summarise<'a>(results: impl Iterator<Item = &'a ReportResult>) -> QuoteScores {
    let mut s = QuoteScores::default();
    let (mut found, mut speaker, mut kind, mut baseline) = (0, 0, 0, 0);
    for r in results {
        s.reports += 1;
        s.gold += r.gold;
        s.predicted += r.predicted;
        found += r.found;
        speaker += r.speaker_right;
        kind += r.kind_right;
        baseline += r.baseline_speaker_right;
    }
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    s.span_precision = share(found, s.predicted);
    s.span_recall = share(found, s.gold);
    s.span_f1 = if s.span_precision + s.span_recall > 0.0 {
        2.0 * s.span_precision * s.span_recall / (s.span_precision + s.span_recall)
    } else {
        0.0
    };
    s.speaker_accuracy = share(speaker, found);
    s.kind_accuracy = share(kind, found);
    s.baseline_speaker_accuracy = share(baseline, found);
    s
}

/// Evaluates the whole set under `dir`.
pub fn evaluate(
    dir: &Path,
    k: &Knowledge,
) -> Result<(Split<QuoteScores>, Vec<ReportResult>), EvalError> {
    let reports = load(dir)?;
    Ok(evaluate_set(
        &reports,
        |r| score_report(r, k),
        |r| summarise(r),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_f1_counts_exact_texts_and_speakers_count_over_found_ones() {
        let results = [
            ReportResult {
                gold: 4,
                predicted: 5,
                found: 3,
                speaker_right: 2,
                kind_right: 3,
                baseline_speaker_right: 1,
                misses: vec![],
            },
            ReportResult {
                gold: 1,
                predicted: 0,
                ..Default::default()
            },
        ];
        let s = summarise(results.iter());
        assert_eq!((s.reports, s.gold, s.predicted), (2, 5, 5));
        assert!((s.span_precision - 0.6).abs() < 1e-9);
        assert!((s.span_recall - 0.6).abs() < 1e-9);
        assert!((s.span_f1 - 0.6).abs() < 1e-9);
        assert!((s.speaker_accuracy - 2.0 / 3.0).abs() < 1e-9);
        assert!((s.baseline_speaker_accuracy - 1.0 / 3.0).abs() < 1e-9);
    }
}
