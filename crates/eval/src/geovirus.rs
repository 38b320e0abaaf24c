//! Toponym recognition and resolution on GeoVirus (Gritta et al.): 238 WikiNews
//! articles with every toponym's character offsets and coordinates.
//!
//! Recognition: precision, recall and F1 of place mentions against gold toponyms by exact
//! span. Resolution: for gold toponyms recognised with the exact span, the share resolved
//! within 161 km (100 miles) of the gold point, and the median and mean error in km. The
//! same recognised spans are also resolved by the population-only baseline (the most
//! populous place of that name) for comparison.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;
use truce_knowledge::Knowledge;

use crate::outlines::Outlines;

use crate::{evaluate_set, EvalError, Split};

/// One toponym of the gold set: character offsets (0-based, half-open) and its point.
#[derive(Debug, Clone)]
pub struct Toponym {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub text: String,
    pub toponyms: Vec<Toponym>,
}

/// Reads GeoVirus.xml. Its offsets are 1-based character offsets; they become 0-based.
pub fn load(path: &Path) -> Result<Vec<Article>, EvalError> {
    let unreadable = |detail: String| EvalError::Unreadable {
        path: path.display().to_string(),
        detail,
    };
    let xml = crate::read_set(path)?;
    let mut reader = Reader::from_str(&xml);
    let mut articles = Vec::new();
    let mut field = String::new();
    let mut value = String::new();
    let mut text = String::new();
    let mut toponyms = Vec::new();
    let mut t = Toponym {
        name: String::new(),
        start: 0,
        end: 0,
        lat: 0.0,
        lon: 0.0,
    };
    loop {
        match reader
            .read_event()
            .map_err(|e| unreadable(format!("at byte {}: {e}", reader.buffer_position())))?
        {
            Event::Start(e) => {
                field = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                value.clear();
            }
            Event::Text(e) => value.push_str(&e.decode().map_err(|e| unreadable(e.to_string()))?),
            // entities (&amp;, &#8217;) arrive as events of their own
            Event::GeneralRef(e) => {
                if let Some(c) = e
                    .resolve_char_ref()
                    .map_err(|e| unreadable(e.to_string()))?
                {
                    value.push(c);
                } else {
                    let name = e.decode().map_err(|e| unreadable(e.to_string()))?;
                    match quick_xml::escape::resolve_xml_entity(&name) {
                        Some(v) => value.push_str(v),
                        None => return Err(unreadable(format!("unknown entity &{name};"))),
                    }
                }
            }
            Event::CData(e) => value.push_str(&String::from_utf8_lossy(&e)),
            Event::End(e) => {
                let num = |v: &str| {
                    v.trim()
                        .parse::<f64>()
                        .map_err(|_| unreadable(format!("{v:?} in <{field}> is not a number")))
                };
                match e.name().as_ref() {
                    b"text" => text = std::mem::take(&mut value),
                    b"name" => t.name = value.trim().to_string(),
                    b"start" => t.start = num(&value)? as usize - 1,
                    b"end" => t.end = num(&value)? as usize - 1,
                    b"lat" => t.lat = num(&value)?,
                    b"lon" => t.lon = num(&value)?,
                    b"location" => toponyms.push(t.clone()),
                    b"article" => articles.push(Article {
                        text: std::mem::take(&mut text),
                        toponyms: std::mem::take(&mut toponyms),
                    }),
                    _ => {}
                }
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(articles)
}

/// Recognition and resolution scores over a set of articles.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct GeoScores {
    pub articles: usize,
    pub gold: usize,
    pub predicted: usize,
    pub correct_spans: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Over correctly recognised toponyms. Retired as a target: a country's point is a
    /// convention (the gold's is its encyclopedia page's, truce's a centroid), so the
    /// towns' accuracy and the units' shapes below measure resolution instead.
    pub accuracy_161km: f64,
    /// Over those truce placed at a town or city (or a district): where one point stands
    /// for the place, unlike a country, whose point is a matter of convention (the gold
    /// takes its encyclopedia page's, truce a centroid) and often lies far from another
    /// convention's for large countries.
    pub accuracy_161km_towns: f64,
    /// How many toponyms that is.
    pub towns: usize,
    /// Over those truce placed at a country or a first-level unit: the share whose gold
    /// point lies inside the unit's Natural Earth outline (for a first-level unit its
    /// country's: no admin-1 outlines are bundled).
    pub unit_shape_accuracy: f64,
    /// How many toponyms that is, and of them how many were placed at a country.
    pub units: usize,
    pub countries: usize,
    pub median_km: f64,
    pub mean_km: f64,
    /// The population-only baseline on the same recognised spans.
    pub baseline_accuracy_161km: f64,
    pub baseline_median_km: f64,
}

/// Per-article counts, summed into [`GeoScores`].
#[derive(Debug, Clone, Default)]
pub struct ArticleResult {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub errors_km: Vec<f64>,
    /// The errors of the toponyms truce placed at a town, city or district.
    pub town_errors_km: Vec<f64>,
    /// For the toponyms placed at a country (`true`) or a first-level unit (`false`),
    /// whether the gold point lies inside it.
    pub unit_inside: Vec<(bool, bool)>,
    /// Toponyms placed at a unit whose gold point lies outside it: name, what truce chose.
    pub outside_unit: Vec<(String, String)>,
    pub baseline_errors_km: Vec<f64>,
    /// Gold toponyms missed and predicted spans that are not toponyms, for inspection.
    pub missed: Vec<String>,
    pub spurious: Vec<String>,
    /// Recognised toponyms resolved more than 161 km away: name, what truce chose, km.
    pub far: Vec<(String, String, f64)>,
}

/// Great-circle distance in km.
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let p = std::f64::consts::PI / 180.0;
    let h = ((b.0 - a.0) * p / 2.0).sin().powi(2)
        + (a.0 * p).cos() * (b.0 * p).cos() * ((b.1 - a.1) * p / 2.0).sin().powi(2);
    12742.0 * h.sqrt().asin()
}

/// Whether the gold point lies inside the unit a toponym was placed at: a country's
/// outline; for a first-level unit, its country's, since no admin-1 outlines are bundled
/// (a unit's point is no stand-in: England is one of Britain's 200 units, most of them
/// counties, and a point-nearest test fails it). `None` for a country the basemap has no
/// outline of.
fn inside_unit(outlines: &Outlines, place: &truce_model::Place, gold: (f64, f64)) -> Option<bool> {
    outlines.contains(place.country.as_deref()?, gold.0, gold.1)
}

/// Runs truce's analysis over one article.
pub fn score_article(a: &Article, k: &Knowledge, outlines: &Outlines) -> ArticleResult {
    let analysis = truce_analyse::analyse_text(&a.text, None, None, k);
    // byte offsets → character offsets
    let char_at = |byte: usize| a.text[..byte].chars().count();
    // (start, end) in characters, the resolved point, the text
    type Predicted<'p> = (
        usize,
        usize,
        Option<(f64, f64)>,
        String,
        String,
        bool,
        &'p truce_model::Place,
    );
    let mut predicted: Vec<Predicted> = Vec::new();
    for p in &analysis.mentions.places {
        let at = p.lat.zip(p.lon);
        let town = matches!(
            p.precision,
            truce_model::PlacePrecision::Exact | truce_model::PlacePrecision::District
        );
        let chose = format!(
            "{} {} [{}]",
            p.id,
            p.name,
            p.country.as_deref().unwrap_or("-")
        );
        for m in &p.mentions {
            predicted.push((
                char_at(m.start),
                char_at(m.end),
                at,
                m.text.clone(),
                chose.clone(),
                town,
                p,
            ));
        }
    }
    let mut r = ArticleResult {
        gold: a.toponyms.len(),
        predicted: predicted.len(),
        ..Default::default()
    };
    for g in &a.toponyms {
        match predicted.iter().find(|p| p.0 == g.start && p.1 == g.end) {
            Some(p) => {
                r.correct += 1;
                let error = p.2.map(|at| km(at, (g.lat, g.lon))).unwrap_or(20_038.0);
                r.errors_km.push(error);
                if p.5 {
                    r.town_errors_km.push(error);
                }
                let unit = matches!(
                    p.6.precision,
                    truce_model::PlacePrecision::Country | truce_model::PlacePrecision::Region
                );
                if let Some(inside) = unit
                    .then(|| inside_unit(outlines, p.6, (g.lat, g.lon)))
                    .flatten()
                {
                    let country = p.6.precision == truce_model::PlacePrecision::Country;
                    r.unit_inside.push((country, inside));
                    if !inside {
                        r.outside_unit.push((g.name.clone(), p.4.clone()));
                    }
                }
                if error > 161.0 {
                    r.far.push((g.name.clone(), p.4.clone(), error));
                }
                let base = truce_analyse::places::most_populous(k, &p.3).map(|i| {
                    let info = k.gazetteer.info(i);
                    km((info.lat, info.lon), (g.lat, g.lon))
                });
                r.baseline_errors_km.push(base.unwrap_or(20_038.0));
            }
            None => r.missed.push(g.name.clone()),
        }
    }
    for p in &predicted {
        if !a.toponyms.iter().any(|g| g.start == p.0 && g.end == p.1) {
            r.spurious.push(p.3.clone());
        }
    }
    r
}

/// Recognition only, for toponyms another tool found: `spans` are character offsets
/// (start, end) into the article's text. Resolution is not scored.
pub fn recognition(a: &Article, spans: &[(usize, usize)]) -> ArticleResult {
    let mut r = ArticleResult {
        gold: a.toponyms.len(),
        predicted: spans.len(),
        ..Default::default()
    };
    for g in &a.toponyms {
        if spans.contains(&(g.start, g.end)) {
            r.correct += 1;
        } else {
            r.missed.push(g.name.clone());
        }
    }
    for &(s, e) in spans {
        if !a.toponyms.iter().any(|g| (g.start, g.end) == (s, e)) {
            r.spurious
                .push(a.text.chars().skip(s).take(e.saturating_sub(s)).collect());
        }
    }
    r
}

/// One article's toponyms as another tool found them: the length of the text it read in
/// characters (checked against the set's, so that offsets mean the same) and its spans.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct PredictedArticle {
    pub chars: usize,
    pub spans: Vec<(usize, usize)>,
}

/// Scores another tool's toponym recognition: one [`PredictedArticle`] per article of
/// the set, in the set's order.
pub fn evaluate_predictions(
    path: &Path,
    predictions: &[PredictedArticle],
) -> Result<(Split<GeoScores>, Vec<ArticleResult>), EvalError> {
    let articles = load(path)?;
    let mismatch = |detail: String| EvalError::Unreadable {
        path: path.display().to_string(),
        detail,
    };
    if predictions.len() != articles.len() {
        return Err(mismatch(format!(
            "the predictions cover {} articles, the set has {}",
            predictions.len(),
            articles.len()
        )));
    }
    for (i, (a, p)) in articles.iter().zip(predictions).enumerate() {
        let chars = a.text.chars().count();
        if chars != p.chars {
            return Err(mismatch(format!(
                "article {i} has {chars} characters, the predictions read {}: the texts differ",
                p.chars
            )));
        }
    }
    let pairs: Vec<(&Article, &PredictedArticle)> = articles.iter().zip(predictions).collect();
    Ok(evaluate_set(
        &pairs,
        |(a, p)| recognition(a, &p.spans),
        |r| summarise(r),
    ))
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// Sums article results into scores.
pub fn summarise<'a>(results: impl Iterator<Item = &'a ArticleResult>) -> GeoScores {
    let mut s = GeoScores::default();
    let mut errors = Vec::new();
    let mut towns = Vec::new();
    let mut base = Vec::new();
    let mut inside = 0;
    for r in results {
        s.units += r.unit_inside.len();
        s.countries += r.unit_inside.iter().filter(|u| u.0).count();
        inside += r.unit_inside.iter().filter(|u| u.1).count();
        s.articles += 1;
        s.gold += r.gold;
        s.predicted += r.predicted;
        s.correct_spans += r.correct;
        errors.extend_from_slice(&r.errors_km);
        towns.extend_from_slice(&r.town_errors_km);
        base.extend_from_slice(&r.baseline_errors_km);
    }
    s.precision = s.correct_spans as f64 / s.predicted.max(1) as f64;
    s.recall = s.correct_spans as f64 / s.gold.max(1) as f64;
    s.f1 = if s.precision + s.recall > 0.0 {
        2.0 * s.precision * s.recall / (s.precision + s.recall)
    } else {
        0.0
    };
    let within =
        |v: &[f64]| v.iter().filter(|&&e| e <= 161.0).count() as f64 / v.len().max(1) as f64;
    s.accuracy_161km = within(&errors);
    s.accuracy_161km_towns = within(&towns);
    s.towns = towns.len();
    s.unit_shape_accuracy = inside as f64 / s.units.max(1) as f64;
    s.baseline_accuracy_161km = within(&base);
    s.mean_km = errors.iter().sum::<f64>() / errors.len().max(1) as f64;
    s.median_km = median(&mut errors);
    s.baseline_median_km = median(&mut base);
    s
}

/// Evaluates the whole set at `path`.
pub fn evaluate(
    path: &Path,
    k: &Knowledge,
) -> Result<(Split<GeoScores>, Vec<ArticleResult>), EvalError> {
    let articles = load(path)?;
    let outlines = Outlines::bundled();
    Ok(evaluate_set(
        &articles,
        |a| score_article(a, k, &outlines),
        |r| summarise(r),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_offsets() {
        assert!((km((35.69, 51.42), (35.69, 51.42))).abs() < 1e-9);
        let d = km((33.51, 36.29), (36.2, 37.16)); // Damascus to Aleppo, about 310 km
        assert!((300.0..320.0).contains(&d), "{d}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.xml");
        std::fs::write(
            &path,
            "<articles><article><source>x</source><text>Shelling in Homs &amp; Hama.</text><locations>\
             <location><name>Homs</name><start>13</start><end>17</end><lat>34.73</lat><lon>36.71</lon><page>p</page></location>\
             </locations></article></articles>",
        )
        .unwrap();
        let a = load(&path).unwrap();
        assert_eq!(a[0].text, "Shelling in Homs & Hama.");
        let t = &a[0].toponyms[0];
        assert_eq!(
            a[0].text
                .chars()
                .skip(t.start)
                .take(t.end - t.start)
                .collect::<String>(),
            "Homs"
        );
        let k = Knowledge::bundled().unwrap();
        let r = score_article(&a[0], &k, &Outlines::bundled());
        assert_eq!((r.gold, r.correct), (1, 1), "{r:?}");
        assert!(r.errors_km[0] < 20.0);
        assert_eq!(r.predicted, 2, "Hama is found too: {r:?}");
    }
}
