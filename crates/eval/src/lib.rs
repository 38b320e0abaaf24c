//! Evaluation of truce against the gold standards in `../shared/eval/` (never copied into
//! the repository). Each set is scored whole and in two fixed halves: the development half
//! (records at even positions, in the set's own order or sorted by key) and the rest, so a
//! rule tuned to the development half shows up as a gap between the halves.

pub mod article_extraction;
pub mod geovirus;
pub mod outlines;
pub mod petrarch;
pub mod plover;
pub mod quotes;
pub mod real_reports;
pub mod report;
pub mod seed;

use std::path::{Path, PathBuf};

/// Where the shared data lives: `$TRUCE_SHARED`, else `../shared` beside the project root.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TRUCE_SHARED") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `shared_dir()/relative` if it exists; else `None` after saying the test is skipped.
/// With `CI=true` a missing file is a failure, never a skip.
pub fn shared_file(relative: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {} is missing",
        path.display()
    );
    eprintln!("skipped: {} is missing", path.display());
    None
}

/// The regression floors of this checkout (`eval/floors.toml`), which `truce eval
/// --floors` and the tests of each set check.
pub fn repository_floors() -> report::Floors {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/floors.toml");
    report::Floors::read(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Panics naming every metric of `report` below its floor in `eval/floors.toml`; for the
/// tests of each set.
pub fn assert_floors(report: &report::SetReport) {
    let problems = repository_floors().check(std::slice::from_ref(report));
    assert!(problems.is_empty(), "regressions: {problems:#?}");
}

/// Scores for the development half (records at even positions), the rest and the whole.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Split<S> {
    pub development: S,
    pub held_out: S,
    pub whole: S,
}

/// Scores every gold record and summarises the halves and the whole by one function.
pub fn evaluate_set<G, R, S>(
    gold: &[G],
    score: impl Fn(&G) -> R,
    summarise: impl Fn(&mut dyn Iterator<Item = &R>) -> S,
) -> (Split<S>, Vec<R>) {
    let results: Vec<R> = gold.iter().map(score).collect();
    let split = Split {
        development: summarise(&mut results.iter().step_by(2)),
        held_out: summarise(&mut results.iter().skip(1).step_by(2)),
        whole: summarise(&mut results.iter()),
    };
    (split, results)
}

/// The text of an evaluation file: `Missing` when it is absent, `Unreadable` when it
/// cannot be read.
pub fn read_set(path: &Path) -> Result<String, EvalError> {
    if !path.exists() {
        return Err(EvalError::Missing {
            path: path.display().to_string(),
        });
    }
    std::fs::read_to_string(path).map_err(|e| EvalError::Unreadable {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// Problems reading an evaluation set.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("evaluation data {path} is missing; put the shared data beside the project (../shared) or set TRUCE_SHARED")]
    Missing { path: String },
    #[error("evaluation data {path} cannot be read: {detail}")]
    Unreadable { path: String, detail: String },
}

/// Precision, recall, F1 and exact-match accuracy over a set of pages.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Scores {
    pub n: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub accuracy: f64,
}
