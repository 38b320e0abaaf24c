//! Quotations on the gold set of our own under tests/quotes/ (ten reports written for
//! truce): span F1 (exact text) and speaker accuracy over the quotations found, beside a
//! naive baseline that takes the nearest actor named before each quotation.

use std::path::Path;
use truce_knowledge::Knowledge;

/// Measured 2026-11-25: span F1 0.968, speaker 0.978; the targets of the issue.
const SPAN_F1_FLOOR: f64 = 0.95;
const SPEAKER_FLOOR: f64 = 0.95;

#[derive(serde::Deserialize)]
struct Gold {
    published: String,
    quotes: Vec<GoldQuote>,
}

#[derive(serde::Deserialize)]
struct GoldQuote {
    kind: String,
    text: String,
    speaker: Option<String>,
}

#[test]
fn quotes_and_speakers_on_our_gold_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/quotes");
    let k = Knowledge::bundled().unwrap();
    let (mut gold_n, mut predicted_n, mut found, mut speaker_ok, mut baseline_ok, mut kind_ok) =
        (0, 0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the gold set has ten reports");
    for json in &files {
        let gold: Gold = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
        // through ingest, as truce reads any report: the dateline is found there
        let raw = std::fs::read(json.with_extension("txt")).unwrap();
        let hints = truce_ingest::Hints {
            published: truce_ingest::parse_date(&gold.published).ok(),
            ..Default::default()
        };
        let mut docs =
            truce_ingest::ingest_bytes(&raw, "gold.txt", &hints, &truce_ingest::Options::default())
                .unwrap();
        let doc = docs.remove(0).unwrap().document;
        let analysis = truce_analyse::analyse(&doc, &k);
        let m = &analysis.mentions;
        gold_n += gold.quotes.len();
        predicted_n += m.quotes.len();
        for g in &gold.quotes {
            let Some(p) = m.quotes.iter().find(|q| q.text == g.text) else {
                misses.push(format!(
                    "{}: not found: {:?}",
                    json.file_name().unwrap().to_string_lossy(),
                    g.text
                ));
                continue;
            };
            found += 1;
            if p.kind == serde_json::from_value(serde_json::Value::String(g.kind.clone())).unwrap()
            {
                kind_ok += 1;
            }
            if p.speaker.actor == g.speaker {
                speaker_ok += 1;
            } else {
                misses.push(format!(
                    "{}: speaker {:?} for {:?}, gold {:?}",
                    json.file_name().unwrap().to_string_lossy(),
                    p.speaker.actor,
                    g.text,
                    g.speaker
                ));
            }
            // baseline: the nearest actor named before the quotation
            let nearest = m
                .actors
                .iter()
                .flat_map(|a| a.mentions.iter().map(move |x| (x.end, a.id.as_str())))
                .filter(|(end, _)| *end <= p.start)
                .max_by_key(|(end, _)| *end)
                .map(|(_, id)| id.to_string());
            if nearest == g.speaker {
                baseline_ok += 1;
            }
        }
    }
    let precision = found as f64 / predicted_n.max(1) as f64;
    let recall = found as f64 / gold_n.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(1e-9);
    let speaker = speaker_ok as f64 / found.max(1) as f64;
    let baseline = baseline_ok as f64 / found.max(1) as f64;
    eprintln!(
        "quote gold: {} reports, {gold_n} quotes, {predicted_n} predicted, {found} found | span P={precision:.3} R={recall:.3} F1={f1:.3} | speaker {speaker:.3} (nearest-name baseline {baseline:.3}) | kind {:.3}",
        files.len(),
        kind_ok as f64 / found.max(1) as f64
    );
    for m in &misses {
        eprintln!("  {m}");
    }
    assert!(gold_n >= 40, "at least 40 gold quotes");
    assert!(f1 >= SPAN_F1_FLOOR, "span F1 {f1:.3} below {SPAN_F1_FLOOR}");
    assert!(
        speaker >= SPEAKER_FLOOR,
        "speaker accuracy {speaker:.3} below {SPEAKER_FLOOR}"
    );
}
