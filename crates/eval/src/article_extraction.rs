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
}

/// Runs truce's ingest on every page of the benchmark in `dir` and scores the bodies.
pub fn evaluate(dir: &Path) -> Result<(Split<Scores>, Vec<PageResult>), EvalError> {
    let truth_path = dir.join("ground-truth.json");
    let truth_text = std::fs::read_to_string(&truth_path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => EvalError::Missing {
            path: truth_path.display().to_string(),
        },
        _ => EvalError::Unreadable {
            path: truth_path.display().to_string(),
            detail: e.to_string(),
        },
    })?;
    let truth: HashMap<String, serde_json::Value> =
        serde_json::from_str(&truth_text).map_err(|e| EvalError::Unreadable {
            path: truth_path.display().to_string(),
            detail: e.to_string(),
        })?;
    let mut keys: Vec<&String> = truth.keys().collect();
    keys.sort();
    let options = truce_ingest::Options::default();
    let hints = truce_ingest::Hints::default();
    let mut scored = Vec::new();
    let mut results = Vec::new();
    for key in keys {
        let gold = truth[key]["articleBody"].as_str().unwrap_or_default();
        let path = dir.join("html").join(format!("{key}.html.gz"));
        let mut html = Vec::new();
        let read = std::fs::File::open(&path)
            .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut html));
        if let Err(e) = read {
            return Err(EvalError::Unreadable {
                path: path.display().to_string(),
                detail: e.to_string(),
            });
        }
        let origin = format!("{key}.html");
        let (predicted, error) = match truce_ingest::ingest_bytes(&html, &origin, &hints, &options)
        {
            Ok(mut docs) if !docs.is_empty() => match docs.swap_remove(0) {
                Ok(doc) => (doc.document.text, None),
                Err(e) => (String::new(), Some(e.to_string())),
            },
            Ok(_) => (String::new(), Some("no document".into())),
            Err(e) => (String::new(), Some(e.to_string())),
        };
        let page = page_scores(gold, &predicted);
        results.push(PageResult {
            key: key.clone(),
            precision: page.0,
            recall: page.1,
            error,
        });
        scored.push(page);
    }
    let halves = |pick: &mut dyn Iterator<Item = &(f64, f64, bool)>| {
        aggregate(&pick.copied().collect::<Vec<_>>())
    };
    Ok((
        Split {
            development: halves(&mut scored.iter().step_by(2)),
            held_out: halves(&mut scored.iter().skip(1).step_by(2)),
            whole: halves(&mut scored.iter()),
        },
        results,
    ))
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
