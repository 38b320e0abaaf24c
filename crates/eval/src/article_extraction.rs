//! The article-extraction benchmark: 181 real pages and their article bodies.
//!
//! Metric, as the benchmark defines it (../shared/eval/README.md): tokens are `\w+` runs;
//! per page, true positives, false positives and false negatives over token 4-gram
//! shingles counted with multiplicity; precision and recall are means over pages, F1 is
//! computed from those two means; accuracy is the share of pages whose token lists match
//! exactly. A text shorter than four tokens is one shingle of all its tokens. A page with
//! no predicted shingles has precision 0 (1 if the gold is empty too), likewise recall.

use crate::{EvalError, Scores, Split};
use regex::Regex;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("word pattern"));

fn tokens(text: &str) -> Vec<&str> {
    WORD.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles<'a>(tokens: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    let n = 4.min(tokens.len());
    for window in tokens.windows(n) {
        *out.entry(window.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Precision, recall and exact match of one prediction against its gold text.
pub fn page_scores(gold: &str, predicted: &str) -> (f64, f64, bool) {
    let (gt, pt) = (tokens(gold), tokens(predicted));
    let (gs, ps) = (shingles(&gt), shingles(&pt));
    let mut tp = 0usize;
    for (shingle, &p) in &ps {
        tp += p.min(*gs.get(shingle).unwrap_or(&0));
    }
    let predicted_total: usize = ps.values().sum();
    let gold_total: usize = gs.values().sum();
    let ratio = |num: usize, den: usize, other_empty: bool| {
        if den == 0 {
            if other_empty {
                1.0
            } else {
                0.0
            }
        } else {
            num as f64 / den as f64
        }
    };
    (
        ratio(tp, predicted_total, gold_total == 0),
        ratio(tp, gold_total, predicted_total == 0),
        gt == pt,
    )
}

fn aggregate(pages: &[(f64, f64, bool)]) -> Scores {
    let n = pages.len();
    if n == 0 {
        return Scores::default();
    }
    let precision = pages.iter().map(|p| p.0).sum::<f64>() / n as f64;
    let recall = pages.iter().map(|p| p.1).sum::<f64>() / n as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let accuracy = pages.iter().filter(|p| p.2).count() as f64 / n as f64;
    Scores {
        n,
        precision,
        recall,
        f1,
        accuracy,
    }
}

/// One page's result, for reports that list the worst pages.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PageResult {
    pub key: String,
    pub precision: f64,
    pub recall: f64,
    pub error: Option<String>,
    /// Seconds truce's ingest took on the page (0 for bodies extracted elsewhere).
    pub seconds: f64,
}

/// One page of the benchmark: its key, its HTML and the gold body.
pub struct Page {
    pub key: String,
    pub html: Vec<u8>,
    pub gold: String,
}

/// Reads the benchmark in `dir`: every page of `ground-truth.json`, in key order.
pub fn load(dir: &Path) -> Result<Vec<Page>, EvalError> {
    let truth_path = dir.join("ground-truth.json");
    let truth: HashMap<String, serde_json::Value> =
        serde_json::from_str(&crate::read_set(&truth_path)?).map_err(|e| {
            EvalError::Unreadable {
                path: truth_path.display().to_string(),
                detail: e.to_string(),
            }
        })?;
    let mut keys: Vec<&String> = truth.keys().collect();
    keys.sort();
    let mut pages = Vec::with_capacity(keys.len());
    for key in keys {
        let path = dir.join("html").join(format!("{key}.html.gz"));
        let mut html = Vec::new();
        std::fs::File::open(&path)
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut html))
            .map_err(|e| EvalError::Unreadable {
                path: path.display().to_string(),
                detail: e.to_string(),
            })?;
        pages.push(Page {
            key: key.clone(),
            html,
            gold: truth[key]["articleBody"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        });
    }
    Ok(pages)
}

/// Scores extracted bodies against the gold, pages at even positions being the
/// development half.
pub fn score(
    pages: &[Page],
    extract: impl Fn(&Page) -> (String, Option<String>, f64),
) -> (Split<Scores>, Vec<PageResult>) {
    let (split, results) = crate::evaluate_set(
        pages,
        |page| {
            let (body, error, seconds) = extract(page);
            let (precision, recall, exact) = page_scores(&page.gold, &body);
            (
                (precision, recall, exact),
                PageResult {
                    key: page.key.clone(),
                    precision,
                    recall,
                    error,
                    seconds,
                },
            )
        },
        |scored| aggregate(&scored.map(|(s, _)| *s).collect::<Vec<_>>()),
    );
    (split, results.into_iter().map(|(_, r)| r).collect())
}

/// The body truce's whole ingest takes from a page, any error, and the seconds it took.
pub fn truce_body(page: &Page) -> (String, Option<String>, f64) {
    let origin = format!("{}.html", page.key);
    let started = std::time::Instant::now();
    let result = truce_ingest::ingest_bytes(
        &page.html,
        &origin,
        &truce_ingest::Hints::default(),
        &truce_ingest::Options::default(),
    );
    let seconds = started.elapsed().as_secs_f64();
    match result {
        Ok(mut docs) if !docs.is_empty() => match docs.swap_remove(0) {
            Ok(doc) => (doc.document.text, None, seconds),
            Err(e) => (String::new(), Some(e.to_string()), seconds),
        },
        Ok(_) => (String::new(), Some("no document".into()), seconds),
        Err(e) => (String::new(), Some(e.to_string()), seconds),
    }
}

/// Runs truce's ingest on every page of the benchmark in `dir` and scores the bodies.
pub fn evaluate(dir: &Path) -> Result<(Split<Scores>, Vec<PageResult>), EvalError> {
    Ok(score(&load(dir)?, truce_body))
}

/// Scores bodies another tool extracted: `predictions` maps each page key to its body; a
/// page it lacks counts as an empty body.
pub fn evaluate_predictions(
    dir: &Path,
    predictions: &HashMap<String, String>,
) -> Result<(Split<Scores>, Vec<PageResult>), EvalError> {
    let pages = load(dir)?;
    Ok(score(&pages, |page| match predictions.get(&page.key) {
        Some(body) => (body.clone(), None, 0.0),
        None => (String::new(), Some("no prediction".into()), 0.0),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_metric() {
        let gold = "one two three four five";
        assert_eq!(page_scores(gold, gold), (1.0, 1.0, true));
        // Extra boilerplate: recall stays 1, precision drops.
        let (p, r, exact) = page_scores(gold, "one two three four five six seven");
        assert_eq!((r, exact), (1.0, false));
        assert!((p - 2.0 / 4.0).abs() < 1e-9, "{p}");
        // Missing the end: precision 1, recall drops.
        let (p, r, _) = page_scores(gold, "one two three four");
        assert_eq!(p, 1.0);
        assert!((r - 0.5).abs() < 1e-9);
        assert_eq!(page_scores("", ""), (1.0, 1.0, true));
        assert_eq!(page_scores(gold, ""), (0.0, 0.0, false));
    }

    #[test]
    fn f1_from_mean_precision_and_recall() {
        let s = aggregate(&[(1.0, 0.5, false), (0.5, 1.0, true)]);
        assert!((s.precision - 0.75).abs() < 1e-9 && (s.recall - 0.75).abs() < 1e-9);
        assert!((s.f1 - 0.75).abs() < 1e-9);
        assert_eq!(s.accuracy, 0.5);
    }
}
