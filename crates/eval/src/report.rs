//! One shape for the scores of every set, as `truce eval` prints them, and the regression
//! floors they are checked against.
//!
//! Every set becomes a list of metrics, each with its score on the development half, the
//! other half and the whole set, and the project's target where an issue sets one. The
//! floors (`eval/floors.toml` in the repository) hold, per set and metric, the lowest
//! whole-set score accepted: a score below its floor, or a floor whose set or metric is
//! missing from a run, is a regression.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{geovirus, petrarch, plover, quotes, real_reports, seed, Scores, Split};

/// One metric of one set.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Metric {
    pub name: &'static str,
    /// `None` where the set has no halves (the seed is one report).
    pub development: Option<f64>,
    pub held_out: Option<f64>,
    pub whole: f64,
    /// The target an issue sets, if any; for kilometres lower is better.
    pub target: Option<f64>,
    /// What the number counts (records, or found/total).
    pub detail: Option<String>,
}

/// The scores of one set, or why it could not be scored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SetReport {
    pub set: &'static str,
    pub metrics: Vec<Metric>,
    pub error: Option<String>,
}

impl SetReport {
    pub fn failed(set: &'static str, error: String) -> Self {
        SetReport {
            set,
            metrics: Vec::new(),
            error: Some(error),
        }
    }
}

/// A metric read off each half of a split; `target` where an issue sets one.
fn metric<S>(
    split: &Split<S>,
    name: &'static str,
    target: Option<f64>,
    read: impl Fn(&S) -> f64,
) -> Metric {
    Metric {
        name,
        development: Some(read(&split.development)),
        held_out: Some(read(&split.held_out)),
        whole: read(&split.whole),
        target,
        detail: None,
    }
}

fn with_detail(mut m: Metric, detail: String) -> Metric {
    m.detail = Some(detail);
    m
}

pub fn seed_report(categories: &[seed::Category]) -> SetReport {
    SetReport {
        set: "seed",
        metrics: categories
            .iter()
            .map(|c| Metric {
                name: c.name,
                development: None,
                held_out: None,
                whole: c.share(),
                target: Some(1.0),
                detail: Some(format!("{}/{}", c.found, c.total)),
            })
            .collect(),
        error: None,
    }
}

/// `seconds`: the time extraction took over all pages, when truce extracted them.
pub fn article_extraction_report(s: &Split<Scores>, seconds: Option<f64>) -> SetReport {
    let pages = format!("{} pages", s.whole.n);
    let mut metrics = vec![
        metric(s, "precision", None, |x| x.precision),
        metric(s, "recall", None, |x| x.recall),
        with_detail(metric(s, "f1", Some(0.96), |x| x.f1), pages),
        metric(s, "accuracy", None, |x| x.accuracy),
    ];
    if let Some(t) = seconds.filter(|t| *t > 0.0) {
        metrics.push(Metric {
            name: "pages_per_s",
            development: None,
            held_out: None,
            whole: s.whole.n as f64 / t,
            target: None,
            detail: Some("one core, whole ingest".into()),
        });
    }
    SetReport {
        set: "article-extraction",
        metrics,
        error: None,
    }
}

/// Recognition, then resolution of the recognised toponyms.
pub fn geovirus_report(s: &Split<geovirus::GeoScores>) -> SetReport {
    let mut report = geovirus_recognition_report(s);
    report.metrics.extend([
        with_detail(
            metric(s, "accuracy_161km", None, |x| x.accuracy_161km),
            "retired: a country's point is a convention".into(),
        ),
        with_detail(
            metric(s, "accuracy_161km_towns", Some(0.90), |x| {
                x.accuracy_161km_towns
            }),
            format!(
                "{} placed at a town (dev {}, held {})",
                s.whole.towns, s.development.towns, s.held_out.towns
            ),
        ),
        with_detail(
            metric(s, "unit_shape_accuracy", Some(0.95), |x| {
                x.unit_shape_accuracy
            }),
            format!(
                "{} placed at a country ({}) or first-level unit ({}, judged by its country)",
                s.whole.units,
                s.whole.countries,
                s.whole.units - s.whole.countries
            ),
        ),
        metric(s, "median_km", None, |x| x.median_km),
        metric(s, "baseline_accuracy_161km", None, |x| {
            x.baseline_accuracy_161km
        }),
    ]);
    report
}

/// Toponym recognition alone, for another tool's spans.
pub fn geovirus_recognition_report(s: &Split<geovirus::GeoScores>) -> SetReport {
    let toponyms = format!("{} toponyms", s.whole.gold);
    SetReport {
        set: "geovirus",
        metrics: vec![
            metric(s, "precision", None, |x| x.precision),
            metric(s, "recall", None, |x| x.recall),
            with_detail(metric(s, "f1", Some(0.85), |x| x.f1), toponyms),
        ],
        error: None,
    }
}

pub fn plover_report(s: &Split<plover::EventScores>) -> SetReport {
    let records = format!("{} records", s.whole.records);
    let with_actor = format!("{} with actor", s.whole.with_actor);
    SetReport {
        set: "plover-gsr",
        metrics: vec![
            with_detail(
                metric(s, "type_accuracy", Some(0.80), |x| x.type_accuracy),
                records,
            ),
            metric(s, "macro_f1", None, |x| x.macro_f1),
            with_detail(
                metric(s, "type_and_actor_accuracy", Some(0.65), |x| {
                    x.type_and_actor_accuracy
                }),
                with_actor,
            ),
            metric(s, "actor_accuracy", None, |x| x.actor_accuracy),
            metric(s, "recipient_accuracy", None, |x| x.recipient_accuracy),
            metric(s, "baseline_type_accuracy", None, |x| {
                x.baseline_type_accuracy
            }),
        ],
        error: None,
    }
}

pub fn petrarch_report(s: &Split<petrarch::PetrarchScores>) -> SetReport {
    let codings = format!("{} codings", s.whole.codings);
    let no_event = format!("{} records", s.whole.no_event_records);
    SetReport {
        set: "petrarch-gsr",
        metrics: vec![
            with_detail(
                metric(s, "root_agreement", None, |x| x.root_agreement),
                codings,
            ),
            metric(s, "plover_type_agreement", None, |x| x.type_agreement),
            metric(s, "source_country", None, |x| x.source_country),
            metric(s, "target_country", None, |x| x.target_country),
            with_detail(
                metric(s, "no_event_right", None, |x| x.no_event_right),
                no_event,
            ),
        ],
        error: None,
    }
}

pub fn quotes_report(s: &Split<quotes::QuoteScores>) -> SetReport {
    let gold = format!("{} quotes", s.whole.gold);
    SetReport {
        set: "quotes",
        metrics: vec![
            metric(s, "span_precision", None, |x| x.span_precision),
            metric(s, "span_recall", None, |x| x.span_recall),
            with_detail(metric(s, "span_f1", Some(0.95), |x| x.span_f1), gold),
            metric(s, "speaker_accuracy", Some(0.95), |x| x.speaker_accuracy),
            metric(s, "kind_accuracy", None, |x| x.kind_accuracy),
            metric(s, "baseline_speaker_accuracy", None, |x| {
                x.baseline_speaker_accuracy
            }),
        ],
        error: None,
    }
}

/// The whole real reports: each metric with its counts in both halves and the whole, as
/// the halves are small ("0.81 (29/36)").
pub fn real_reports_report(s: &Split<real_reports::RealScores>) -> SetReport {
    type Read = fn(&real_reports::RealScores) -> real_reports::Count;
    let rows: [(&'static str, Option<f64>, Read); 12] = [
        ("event_precision", Some(0.80), |x| x.event_precision),
        ("event_recall", Some(0.75), |x| x.event_recall),
        ("type_accuracy", None, |x| x.type_accuracy),
        ("not_events_kept", None, |x| x.not_events_kept),
        ("speaker_accuracy", Some(0.90), |x| x.speaker_accuracy),
        ("quote_recall", None, |x| x.quote_recall),
        ("quote_precision", None, |x| x.quote_precision),
        ("places", None, |x| x.places),
        ("not_places_kept", Some(1.0), |x| x.not_places_kept),
        ("dates", Some(0.95), |x| x.dates),
        ("link_recall", None, |x| x.link_recall),
        ("link_precision", Some(1.0), |x| x.link_precision),
    ];
    SetReport {
        set: "real-reports",
        metrics: rows
            .into_iter()
            .map(|(name, target, read)| {
                let m = metric(s, name, target, |x| read(x).share());
                let counts = format!(
                    "dev {}, held {}, all {}",
                    read(&s.development),
                    read(&s.held_out),
                    read(&s.whole)
                );
                with_detail(m, counts)
            })
            .collect(),
        error: None,
    }
}

/// Lowest accepted whole-set scores: set → metric → floor.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Floors(pub BTreeMap<String, BTreeMap<String, f64>>);

impl Floors {
    pub fn read(path: &Path) -> Result<Floors, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the floors file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{} is not a floors file: {e}", path.display()))
    }

    /// Every regression: a whole-set score below its floor, a floored metric the run
    /// lacks, or a floored set that could not be scored. Sets left out of the run on
    /// purpose (absent from `reports`) are not checked.
    pub fn check(&self, reports: &[SetReport]) -> Vec<String> {
        let mut out = Vec::new();
        for (set, floors) in &self.0 {
            let Some(report) = reports.iter().find(|r| r.set == set) else {
                continue;
            };
            if let Some(e) = &report.error {
                out.push(format!("{set}: not scored: {e}"));
                continue;
            }
            for (name, floor) in floors {
                match report.metrics.iter().find(|m| m.name == name) {
                    None => out.push(format!("{set}: no metric {name}")),
                    Some(m) if m.whole + 1e-9 < *floor => out.push(format!(
                        "{set} {name}: {:.3} is below its floor {floor:.3}",
                        m.whole
                    )),
                    Some(_) => {}
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> Vec<SetReport> {
        vec![
            seed_report(&[seed::Category {
                name: "quotes",
                found: 12,
                total: 13,
                missing: vec![],
            }]),
            SetReport::failed("geovirus", "missing".into()),
        ]
    }

    #[test]
    fn floors_catch_drops_missing_metrics_and_failed_sets() {
        let floors: Floors = toml::from_str(
            "[seed]\nquotes = 0.95\nevents = 1.0\n[geovirus]\nf1 = 0.8\n[plover-gsr]\ntype_accuracy = 0.6\n",
        )
        .unwrap();
        let problems = floors.check(&run());
        assert_eq!(
            problems,
            vec![
                "geovirus: not scored: missing",
                "seed: no metric events",
                "seed quotes: 0.923 is below its floor 0.950",
            ]
        );
        let fine: Floors = toml::from_str("[seed]\nquotes = 0.9\n").unwrap();
        assert!(fine.check(&run()).is_empty());
    }
}
