//! Scoring other tools' output (`truce eval --predictions`): the gold itself scores 1,
//! nothing scores 0, and predictions that read another text are refused. Skipped without
//! ../shared, except in CI.

use std::collections::HashMap;
use truce_eval::{article_extraction, geovirus, shared_file};

#[test]
fn article_bodies_from_elsewhere_are_scored_by_the_same_metric() {
    let Some(dir) = shared_file("eval/article-extraction") else {
        return;
    };
    let pages = article_extraction::load(&dir).unwrap();
    let gold: HashMap<String, String> = pages
        .iter()
        .map(|p| (p.key.clone(), p.gold.clone()))
        .collect();
    let (perfect, _) = article_extraction::evaluate_predictions(&dir, &gold).unwrap();
    assert_eq!(perfect.whole.n, 181);
    assert!((perfect.whole.f1 - 1.0).abs() < 1e-9 && perfect.whole.accuracy == 1.0);
    // half the pages missing: those score 0, the rest 1
    let half: HashMap<String, String> = gold
        .into_iter()
        .filter(|(k, _)| k < &pages[90].key)
        .collect();
    let (s, results) = article_extraction::evaluate_predictions(&dir, &half).unwrap();
    assert!(
        (s.whole.recall - 90.0 / 181.0).abs() < 1e-9,
        "{:?}",
        s.whole
    );
    assert_eq!(
        results
            .iter()
            .filter(|r| r.error.as_deref() == Some("no prediction"))
            .count(),
        91
    );
}

#[test]
fn toponyms_from_elsewhere_are_scored_and_checked_against_the_text() {
    let Some(path) = shared_file("eval/geovirus/GeoVirus.xml") else {
        return;
    };
    let articles = geovirus::load(&path).unwrap();
    let gold: Vec<geovirus::PredictedArticle> = articles
        .iter()
        .map(|a| geovirus::PredictedArticle {
            chars: a.text.chars().count(),
            spans: a.toponyms.iter().map(|t| (t.start, t.end)).collect(),
        })
        .collect();
    let (s, _) = geovirus::evaluate_predictions(&path, &gold).unwrap();
    assert_eq!(s.whole.gold, 2170);
    assert!((s.whole.f1 - 1.0).abs() < 1e-9, "{:?}", s.whole);
    // every span shifted by one character: nothing is right
    let shifted: Vec<_> = gold
        .iter()
        .map(|p| geovirus::PredictedArticle {
            chars: p.chars,
            spans: p.spans.iter().map(|&(s, e)| (s + 1, e + 1)).collect(),
        })
        .collect();
    assert_eq!(
        geovirus::evaluate_predictions(&path, &shifted)
            .unwrap()
            .0
            .whole
            .correct_spans,
        0
    );
    let mut other_text = gold.clone();
    other_text[3].chars += 1;
    let err = geovirus::evaluate_predictions(&path, &other_text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("article 3") && err.contains("the texts differ"),
        "{err}"
    );
    let err = geovirus::evaluate_predictions(&path, &gold[..10])
        .unwrap_err()
        .to_string();
    assert!(err.contains("cover 10 articles"), "{err}");
}
