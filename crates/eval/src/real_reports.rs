//! Whole real reports (`eval/real-reports/`, scored as its `FORMAT.md` says): every act a
//! careful monitor codes, acts that must not be coded as done, quotations and speakers,
//! places and words that are not places, relative dates, and which reports tell the same
//! act.
//!
//! A predicted event belongs to a gold act when the trigger of one of its pieces of
//! evidence lies inside one of the act's phrases, or else when one of its clauses holds a
//! whole phrase. Each gold act is matched once: a further event of the same act is a
//! repeat and counts against precision (unless the act is optional, when it counts for
//! nothing). The halves are the README's: the files sorted, even positions the development
//! half. Links are scored after the whole set is stored in one store, as a user's would be.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use truce_knowledge::Knowledge;
use truce_model::{DateMention, DatePrecision, Event, Evidence, Mentions, Modality};

use crate::seed::{km, norm};
use crate::{read_set, EvalError, Split};

/// The gold file, as `FORMAT.md` defines it.
#[derive(Debug, Deserialize)]
pub struct Gold {
    pub documents: Vec<GoldDocument>,
    pub acts: Vec<GoldAct>,
}

#[derive(Debug, Deserialize)]
pub struct GoldDocument {
    pub file: String,
    pub published: String,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub optional_events: Vec<GoldEvent>,
    #[serde(default)]
    pub not_events: Vec<NotEvent>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub places: Vec<GoldPlace>,
    #[serde(default)]
    pub not_places: Vec<String>,
    #[serde(default)]
    pub dates: Vec<GoldDate>,
}

#[derive(Debug, Deserialize)]
pub struct GoldEvent {
    pub act: String,
    #[serde(rename = "type")]
    pub types: Vec<String>,
    pub modality: String,
    #[serde(default)]
    pub actors_any: Vec<String>,
    pub evidence_any: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct NotEvent {
    pub evidence_contains: String,
    pub why: String,
}

#[derive(Debug, Deserialize)]
pub struct GoldQuote {
    pub starts_with: String,
    pub speaker: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct GoldPlace {
    pub names: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub tolerance_km: f64,
}

#[derive(Debug, Deserialize)]
pub struct GoldDate {
    pub text: String,
    pub value: String,
}

#[derive(Debug, Deserialize)]
pub struct GoldAct {
    pub id: String,
    #[serde(default)]
    pub documents: Vec<String>,
}

/// Found out of a total, summed over reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Count {
    pub found: usize,
    pub total: usize,
}

impl Count {
    fn add(&mut self, found: bool) {
        self.found += usize::from(found);
        self.total += 1;
    }

    fn plus(self, other: Count) -> Count {
        Count {
            found: self.found + other.found,
            total: self.total + other.total,
        }
    }

    /// The share found; 1 when there was nothing to find.
    pub fn share(self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.found as f64 / self.total as f64
        }
    }
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.found, self.total)
    }
}

/// The counts of one report, or of a half, or of the whole set.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct RealScores {
    /// Truce's asserted events that are a required act's first match, out of those that
    /// are not an optional act's.
    pub event_precision: Count,
    /// Required acts found with an acceptable type, the same modality and (where the gold
    /// names any) one of the actors.
    pub event_recall: Count,
    /// Required acts some event belongs to, coded with an acceptable type.
    pub type_accuracy: Count,
    /// Acts that must not be coded as done and were not (no asserted event holds them).
    pub not_events_kept: Count,
    /// Gold quotations found with one of their speakers.
    pub speaker_accuracy: Count,
    /// Gold quotations found at all.
    pub quote_recall: Count,
    /// Truce's quotations that are a gold one.
    pub quote_precision: Count,
    /// Gold places found within their tolerance.
    pub places: Count,
    /// Words that are not places, never given as one.
    pub not_places_kept: Count,
    /// Relative and partial dates resolved to the gold value.
    pub dates: Count,
    /// Pairs of reports telling one act whose events are one act in the store.
    pub link_recall: Count,
    /// Pairs of reports the store links through events of gold acts, linked rightly.
    pub link_precision: Count,
}

impl RealScores {
    fn plus(self, o: RealScores) -> RealScores {
        RealScores {
            event_precision: self.event_precision.plus(o.event_precision),
            event_recall: self.event_recall.plus(o.event_recall),
            type_accuracy: self.type_accuracy.plus(o.type_accuracy),
            not_events_kept: self.not_events_kept.plus(o.not_events_kept),
            speaker_accuracy: self.speaker_accuracy.plus(o.speaker_accuracy),
            quote_recall: self.quote_recall.plus(o.quote_recall),
            quote_precision: self.quote_precision.plus(o.quote_precision),
            places: self.places.plus(o.places),
            not_places_kept: self.not_places_kept.plus(o.not_places_kept),
            dates: self.dates.plus(o.dates),
            link_recall: self.link_recall.plus(o.link_recall),
            link_precision: self.link_precision.plus(o.link_precision),
        }
    }
}

/// One report scored, with what went wrong in words (printed for the development half
/// only, by `truce eval --mistakes`).
#[derive(Debug, Clone)]
pub struct ReportResult {
    pub file: String,
    pub scores: RealScores,
    pub mistakes: Vec<String>,
}

/// Reads the gold; its documents in file-name order (the order the halves are cut in).
pub fn load(dir: &Path) -> Result<Gold, EvalError> {
    let path = dir.join("gold.json");
    let text = read_set(&path)?;
    let mut gold: Gold = serde_json::from_str(&text).map_err(|e| EvalError::Unreadable {
        path: path.display().to_string(),
        detail: format!("not the gold format of FORMAT.md: {e}"),
    })?;
    gold.documents.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(gold)
}

/// A report read and analysed as `truce analyse FILE --published DAY` does.
pub struct Analysed {
    pub document: truce_model::Document,
    pub mentions: Mentions,
    pub ingested: truce_ingest::Ingested,
}

/// Reads and analyses every report of the set.
pub fn analyse_all(dir: &Path, gold: &Gold, k: &Knowledge) -> Result<Vec<Analysed>, EvalError> {
    gold.documents
        .iter()
        .map(|doc| {
            let path = dir.join(&doc.file);
            let unreadable = |detail: String| EvalError::Unreadable {
                path: path.display().to_string(),
                detail,
            };
            let raw = std::fs::read(&path).map_err(|e| unreadable(e.to_string()))?;
            let hints = truce_ingest::Hints {
                published: Some(
                    truce_ingest::parse_date(&doc.published)
                        .map_err(|e| unreadable(e.to_string()))?,
                ),
                ..Default::default()
            };
            let ingested = truce_ingest::ingest_bytes(&raw, &doc.file, &hints, &Default::default())
                .map_err(|e| unreadable(e.to_string()))?
                .into_iter()
                .next()
                .ok_or_else(|| unreadable("holds no report".into()))?
                .map_err(|e| unreadable(e.to_string()))?;
            let document = ingested.document.clone();
            let mentions = truce_analyse::analyse(&document, k).mentions;
            Ok(Analysed {
                document,
                mentions,
                ingested,
            })
        })
        .collect()
}

/// Scores every report, and the links of the store `clusters` gives (each report's
/// events, as their evidence, with the act number the store put them in, in the gold's
/// order; see [`store_all`]); the halves and the whole summed.
pub fn evaluate(
    gold: &Gold,
    analysed: &[Analysed],
    clusters: &[StoredEvents],
) -> (Split<RealScores>, Vec<ReportResult>) {
    let mut results: Vec<ReportResult> = gold
        .documents
        .iter()
        .zip(analysed)
        .map(|(doc, a)| score_report(doc, a))
        .collect();
    links(gold, analysed, clusters, &mut results);
    let sum = |it: &mut dyn Iterator<Item = &ReportResult>| {
        it.fold(RealScores::default(), |acc, r| acc.plus(r.scores))
    };
    let split = Split {
        development: sum(&mut results.iter().step_by(2)),
        held_out: sum(&mut results.iter().skip(1).step_by(2)),
        whole: sum(&mut results.iter()),
    };
    (split, results)
}

/// A report's events as the store keeps them: their evidence and the act they are in.
pub type StoredEvents = Vec<(Vec<Evidence>, Option<i64>)>;

/// Stores every report in a new store, in the gold's order, as `truce ingest` would, and
/// reads back each report's events with the act they were put in.
pub fn store_all(analysed: &[Analysed], k: &Knowledge) -> Result<Vec<StoredEvents>, EvalError> {
    let failed = |e: truce_store::StoreError| EvalError::Unreadable {
        path: "a temporary store".into(),
        detail: e.to_string(),
    };
    let dir = tempfile::tempdir().map_err(|e| EvalError::Unreadable {
        path: "a temporary directory".into(),
        detail: e.to_string(),
    })?;
    let mut store = truce_store::Store::open(
        &dir.path().join("real-reports.db"),
        truce_store::Mode::Write,
    )
    .map_err(failed)?;
    let mut writer = truce_pipeline::Writer::new(&mut store, Some(k));
    for a in analysed {
        writer
            .push(truce_pipeline::Pending {
                seen: None,
                reports: vec![a.ingested.clone()],
            })
            .map_err(failed)?;
    }
    writer.flush().map_err(failed)?;
    drop(writer);
    analysed
        .iter()
        .map(|a| {
            Ok(store
                .document_events(a.document.id.as_str())
                .map_err(failed)?
                .into_iter()
                .map(|e| (e.evidence, e.cluster))
                .collect())
        })
        .collect()
}

/// Every byte span where `phrase` occurs in `text`.
fn occurrences(text: &str, phrase: &str) -> Vec<(usize, usize)> {
    if phrase.is_empty() {
        return Vec::new();
    }
    text.match_indices(phrase)
        .map(|(at, p)| (at, at + p.len()))
        .collect()
}

/// The gold acts of one report (required first, then optional), each with the spans of
/// its phrases.
struct ActSpans<'g> {
    acts: Vec<ActPhrases<'g>>,
}

/// A gold act of a report, whether it is required, and where its phrases are.
struct ActPhrases<'g> {
    gold: &'g GoldEvent,
    required: bool,
    spans: Vec<(usize, usize)>,
}

impl<'g> ActSpans<'g> {
    fn new(doc: &'g GoldDocument, text: &str) -> Self {
        let spans = |e: &GoldEvent| {
            e.evidence_any
                .iter()
                .flat_map(|p| occurrences(text, p))
                .collect::<Vec<_>>()
        };
        let phrases = |gold, required| ActPhrases {
            gold,
            required,
            spans: spans(gold),
        };
        let required = doc.events.iter().map(|e| phrases(e, true));
        let optional = doc.optional_events.iter().map(|e| phrases(e, false));
        ActSpans {
            acts: required.chain(optional).collect(),
        }
    }

    /// The indices of the acts an event with `evidence` belongs to: those with a phrase
    /// around one of its triggers, else those with a phrase inside one of its clauses.
    fn of(&self, evidence: &[Evidence]) -> Vec<usize> {
        let by = |inside: &dyn Fn(&Evidence, (usize, usize)) -> bool| {
            (0..self.acts.len())
                .filter(|&i| {
                    evidence
                        .iter()
                        .any(|x| self.acts[i].spans.iter().any(|&span| inside(x, span)))
                })
                .collect::<Vec<_>>()
        };
        let by_trigger = by(&trigger_inside);
        if by_trigger.is_empty() {
            by(&clause_holds)
        } else {
            by_trigger
        }
    }
}

/// Whether a piece of evidence's trigger lies inside a phrase at `span`.
fn trigger_inside(x: &Evidence, (start, end): (usize, usize)) -> bool {
    start <= x.trigger.start && x.trigger.end <= end
}

/// Whether a piece of evidence's clause holds the whole phrase at `span`.
fn clause_holds(x: &Evidence, (start, end): (usize, usize)) -> bool {
    x.start <= start && end <= x.end
}

fn type_fits(gold: &GoldEvent, event: &Event) -> bool {
    gold.types.iter().any(|t| t == event.kind.as_str())
}

/// Adds the names actors `ids` go by in a report: the ids, their knowledge names and the
/// words that name them in the text.
fn add_names<'i>(
    ids: impl IntoIterator<Item = &'i String>,
    mentions: &Mentions,
    names: &mut BTreeSet<String>,
) {
    for id in ids {
        names.insert(norm(id));
        if let Some(a) = mentions.actors.iter().find(|a| &a.id == id) {
            names.insert(norm(&a.name));
            names.extend(a.mentions.iter().map(|m| norm(&m.text)));
        }
    }
}

/// The names an event's actors go by: their ids, knowledge names and words in the text.
fn actor_names(event: &Event, mentions: &Mentions) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    add_names(&event.actors, mentions, &mut names);
    for x in &event.evidence {
        names.extend(x.actor_mentions.iter().map(|m| norm(&m.text)));
    }
    names
}

/// Whether one of `names` is one of `gold` (a surname alone names the person).
fn names_match(names: &BTreeSet<String>, gold: &[String]) -> bool {
    gold.iter().map(|g| norm(g)).any(|g| {
        names.contains(&g)
            || (!g.contains(' ') && names.iter().any(|n| n.ends_with(&format!(" {g}"))))
    })
}

fn score_report(doc: &GoldDocument, a: &Analysed) -> ReportResult {
    let mut result = ReportResult {
        file: doc.file.clone(),
        scores: RealScores::default(),
        mistakes: Vec::new(),
    };
    score_events(doc, a, &mut result);
    score_quotes(doc, a, &mut result);
    score_places(doc, a, &mut result);
    score_dates(doc, a, &mut result);
    result
}

fn trigger_of(event: &Event) -> String {
    event
        .evidence
        .first()
        .map(|x| x.trigger.text.clone())
        .unwrap_or_default()
}

fn score_events(doc: &GoldDocument, a: &Analysed, result: &mut ReportResult) {
    let text = &a.document.text;
    let acts = ActSpans::new(doc, text);
    let events = &a.mentions.events;
    let asserted = |e: &&Event| e.modality == Modality::Asserted;
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    for event in events.iter().filter(asserted) {
        let of = acts.of(&event.evidence);
        let fits = |i: usize| type_fits(acts.acts[i].gold, event);
        let first = of
            .iter()
            .find(|&&i| fits(i) && acts.acts[i].required && !matched.contains(&i));
        let optional = of.iter().any(|&i| fits(i) && !acts.acts[i].required);
        match (first, optional) {
            (Some(&i), _) => {
                matched.insert(i);
                result.scores.event_precision.add(true);
            }
            (None, true) => {}
            (None, false) => {
                result.scores.event_precision.add(false);
                let why = match of.first() {
                    Some(&i) if of.iter().any(|&j| fits(j)) => {
                        format!("a repeat of {}", acts.acts[i].gold.act)
                    }
                    Some(&i) => {
                        format!("{} is {:?}", acts.acts[i].gold.act, acts.acts[i].gold.types)
                    }
                    None => "no act".into(),
                };
                result.mistakes.push(format!(
                    "false event {} {:?} ({why})",
                    event.kind.as_str(),
                    trigger_of(event)
                ));
            }
        }
    }
    // each event is credited to one act at most: an event whose evidence runs over two
    // acts of one type is one act found, not two
    let mut credited: BTreeSet<usize> = BTreeSet::new();
    for (i, act) in acts.acts.iter().enumerate() {
        if !act.required {
            continue;
        }
        let gold = act.gold;
        let belonging: Vec<(usize, &Event)> = events
            .iter()
            .enumerate()
            .filter(|(_, e)| acts.of(&e.evidence).contains(&i))
            .collect();
        if !belonging.is_empty() {
            result
                .scores
                .type_accuracy
                .add(belonging.iter().any(|(_, e)| type_fits(gold, e)));
        }
        let found = belonging.iter().find(|(j, e)| {
            !credited.contains(j)
                && e.modality.as_str() == gold.modality
                && type_fits(gold, e)
                && (gold.actors_any.is_empty()
                    || names_match(&actor_names(e, &a.mentions), &gold.actors_any))
        });
        result.scores.event_recall.add(found.is_some());
        if let Some((j, _)) = found {
            credited.insert(*j);
        } else {
            let got: Vec<String> = belonging
                .iter()
                .map(|(_, e)| format!("{} {} {:?}", e.kind.as_str(), e.modality.as_str(), e.actors))
                .collect();
            result.mistakes.push(format!(
                "missed {} {:?} {:?} (got: {})",
                gold.act,
                gold.types,
                gold.evidence_any.first().map(String::as_str).unwrap_or(""),
                if got.is_empty() {
                    "nothing".into()
                } else {
                    got.join("; ")
                }
            ));
        }
    }
    for not in &doc.not_events {
        let spans = occurrences(text, &not.evidence_contains);
        let coded = events.iter().filter(asserted).find(|e| {
            e.evidence.iter().any(|x| {
                spans
                    .iter()
                    .any(|&span| trigger_inside(x, span) || clause_holds(x, span))
            })
        });
        result.scores.not_events_kept.add(coded.is_none());
        if let Some(e) = coded {
            result.mistakes.push(format!(
                "{} {:?} coded as an asserted {} ({})",
                not.why,
                not.evidence_contains,
                e.kind.as_str(),
                trigger_of(e)
            ));
        }
    }
}

/// The names a quotation's speaker goes by: its ids, knowledge names, the words that
/// name it at the quotation and wherever the report names that actor.
fn speaker_names(q: &truce_model::Quote, mentions: &Mentions) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    add_names(
        q.speaker.actors.iter().chain(&q.speaker.actor),
        mentions,
        &mut names,
    );
    names.extend(q.speaker.name.as_deref().map(norm));
    names.extend(q.speaker.mention.as_ref().map(|m| norm(&m.text)));
    names
}

fn score_quotes(doc: &GoldDocument, a: &Analysed, result: &mut ReportResult) {
    let quotes = &a.mentions.quotes;
    let texts: Vec<String> = quotes.iter().map(|q| norm(&q.text)).collect();
    let golds: Vec<String> = doc.quotes.iter().map(|g| norm(&g.starts_with)).collect();
    for (gold, words) in doc.quotes.iter().zip(&golds) {
        // the quotation that starts with the words, else one that holds them
        let found = texts
            .iter()
            .position(|t| t.starts_with(words.as_str()))
            .or_else(|| texts.iter().position(|t| t.contains(words.as_str())));
        result.scores.quote_recall.add(found.is_some());
        let right = found
            .is_some_and(|i| names_match(&speaker_names(&quotes[i], &a.mentions), &gold.speaker));
        result.scores.speaker_accuracy.add(right);
        match found {
            None => result
                .mistakes
                .push(format!("quotation {:?} not found", gold.starts_with)),
            Some(i) if !right => result.mistakes.push(format!(
                "quotation {:?} given to {:?}, not {:?}",
                gold.starts_with,
                speaker_names(&quotes[i], &a.mentions),
                gold.speaker.first().map(String::as_str).unwrap_or("")
            )),
            Some(_) => {}
        }
    }
    for (q, t) in quotes.iter().zip(&texts) {
        let real = golds
            .iter()
            .any(|g| t.contains(g.as_str()) || g.contains(t.as_str()));
        result.scores.quote_precision.add(real);
        if !real {
            result
                .mistakes
                .push(format!("spurious quotation {:?}", q.text));
        }
    }
}

fn score_places(doc: &GoldDocument, a: &Analysed, result: &mut ReportResult) {
    let places = &a.mentions.places;
    for gold in &doc.places {
        let names: BTreeSet<String> = gold.names.iter().map(|n| norm(n)).collect();
        let named: Vec<&truce_model::Place> = places
            .iter()
            .filter(|p| p.mentions.iter().any(|m| names.contains(&norm(&m.text))))
            .collect();
        let right = named.iter().any(|p| match (p.lat, p.lon) {
            (Some(lat), Some(lon)) => km((lat, lon), (gold.lat, gold.lon)) <= gold.tolerance_km,
            _ => false,
        });
        result.scores.places.add(right);
        if !right {
            let got: Vec<String> = named
                .iter()
                .map(|p| format!("{} ({})", p.name, p.id))
                .collect();
            result.mistakes.push(format!(
                "place {:?} {}",
                gold.names[0],
                if got.is_empty() {
                    "missed".into()
                } else {
                    format!("placed at {}", got.join(", "))
                }
            ));
        }
    }
    let text = &a.document.text;
    for word in &doc.not_places {
        let spans = occurrences(text, word);
        let broken = places.iter().find(|p| {
            p.mentions.iter().any(|m| {
                norm(&m.text) == norm(word)
                    || spans.iter().any(|&(s, e)| s <= m.start && m.end <= e)
            })
        });
        result.scores.not_places_kept.add(broken.is_none());
        if let Some(p) = broken {
            result.mistakes.push(format!(
                "{word:?} is no place, given as {} ({})",
                p.name, p.id
            ));
        }
    }
}

/// A date mention's value written as the gold writes one of its precision.
fn written(d: &DateMention) -> Option<String> {
    let value = d.value.as_deref()?;
    Some(match d.precision {
        DatePrecision::Day => value.get(..10)?.to_string(),
        DatePrecision::Month => value.get(..7)?.to_string(),
        DatePrecision::Year => value.get(..4)?.to_string(),
        DatePrecision::Week => {
            let day = chrono::NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()?;
            let week = chrono::Datelike::iso_week(&day);
            format!("{}-W{:02}", week.year(), week.week())
        }
    })
}

fn score_dates(doc: &GoldDocument, a: &Analysed, result: &mut ReportResult) {
    let text = &a.document.text;
    for gold in &doc.dates {
        let spans = occurrences(text, &gold.text);
        let read: Vec<&DateMention> = a
            .mentions
            .dates
            .iter()
            .filter(|d| spans.iter().any(|&(s, e)| d.start < e && s < d.end))
            .collect();
        let right = read
            .iter()
            .any(|d| written(d).as_deref() == Some(gold.value.as_str()));
        result.scores.dates.add(right);
        if !right {
            let got: Vec<String> = read.iter().filter_map(|d| written(d)).collect();
            result.mistakes.push(format!(
                "date {:?} is {}, read as {}",
                gold.text,
                gold.value,
                if got.is_empty() {
                    "nothing".into()
                } else {
                    got.join(", ")
                }
            ));
        }
    }
}

/// Link recall and precision: `clusters` holds each report's stored events with their act
/// numbers. A pair counts in a half when both its reports are in it.
fn links(
    gold: &Gold,
    analysed: &[Analysed],
    clusters: &[StoredEvents],
    results: &mut [ReportResult],
) {
    let index: BTreeMap<&str, usize> = gold
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.file.as_str(), i))
        .collect();
    // per report: each stored event's act number, the gold acts it belongs to and its
    // trigger (for the mistakes)
    let placed: Vec<Vec<(i64, BTreeSet<&str>, &str)>> = gold
        .documents
        .iter()
        .zip(analysed)
        .zip(clusters)
        .map(|((doc, a), events)| {
            let acts = ActSpans::new(doc, &a.document.text);
            events
                .iter()
                .filter_map(|(e, c)| {
                    let of: BTreeSet<&str> = acts
                        .of(e)
                        .iter()
                        .map(|&i| acts.acts[i].gold.act.as_str())
                        .collect();
                    let trigger = e.first().map_or("", |x| x.trigger.text.as_str());
                    c.map(|c| (c, of, trigger))
                })
                .collect()
        })
        .collect();
    let linked = |x: usize, y: usize, act: &str| {
        placed[x].iter().any(|(c, of, _)| {
            of.contains(act)
                && placed[y]
                    .iter()
                    .any(|(d, of2, _)| c == d && of2.contains(act))
        })
    };
    for act in &gold.acts {
        let docs: Vec<usize> = act
            .documents
            .iter()
            .filter_map(|f| index.get(f.as_str()).copied())
            .collect();
        for (n, &x) in docs.iter().enumerate() {
            for &y in &docs[n + 1..] {
                let right = linked(x, y, &act.id);
                // counted once, on the first report of the pair (both are in one half)
                results[x.min(y)].scores.link_recall.add(right);
                if !right {
                    results[x.min(y)].mistakes.push(format!(
                        "{} not linked between {} and {}",
                        act.id, gold.documents[x].file, gold.documents[y].file
                    ));
                }
            }
        }
    }
    // every pair of reports sharing an act number through events of gold acts
    // (with the triggers of the events that joined, the first of each report)
    let mut pairs: BTreeMap<(usize, usize, i64), (bool, &str, &str)> = BTreeMap::new();
    for x in 0..placed.len() {
        for y in x + 1..placed.len() {
            for (c, of, tx) in placed[x].iter().filter(|(_, of, _)| !of.is_empty()) {
                for (d, of2, ty) in placed[y].iter().filter(|(_, of, _)| !of.is_empty()) {
                    if c == d {
                        let pair = pairs.entry((x, y, *c)).or_insert((false, tx, ty));
                        pair.0 |= !of.is_disjoint(of2);
                    }
                }
            }
        }
    }
    for ((x, y, c), (right, tx, ty)) in pairs {
        results[x].scores.link_precision.add(right);
        if !right {
            results[x].mistakes.push(format!(
                "false link: act #{c} joins {} ({tx:?}) and {} ({ty:?})",
                gold.documents[x].file, gold.documents[y].file
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_model::Mention;

    fn evidence(clause: (usize, usize), trigger: (usize, usize)) -> Evidence {
        Evidence {
            text: String::new(),
            start: clause.0,
            end: clause.1,
            trigger: Mention {
                text: String::new(),
                start: trigger.0,
                end: trigger.1,
            },
            pattern: String::new(),
            modality: Modality::Asserted,
            cue: None,
            actor_mentions: Vec::new(),
            recipient_mentions: Vec::new(),
        }
    }

    fn gold_event(act: &str, phrase: &str) -> GoldEvent {
        GoldEvent {
            act: act.into(),
            types: vec!["ASSAULT".into()],
            modality: "asserted".into(),
            actors_any: Vec::new(),
            evidence_any: vec![phrase.into()],
        }
    }

    /// An event belongs to the act whose phrase holds its trigger; only when no phrase
    /// does, to the acts whose phrases its clause holds.
    #[test]
    fn an_event_belongs_to_the_act_around_its_trigger_before_those_in_its_clause() {
        let text = "Jets struck the depot at dawn, and guns shelled the bridge.";
        let doc = GoldDocument {
            file: "x.txt".into(),
            published: "2020-01-01".into(),
            events: vec![
                gold_event("a1", "struck the depot"),
                gold_event("a2", "shelled the bridge"),
            ],
            optional_events: Vec::new(),
            not_events: Vec::new(),
            quotes: Vec::new(),
            places: Vec::new(),
            not_places: Vec::new(),
            dates: Vec::new(),
        };
        let acts = ActSpans::new(&doc, text);
        let struck = text.find("struck").unwrap();
        let whole = (0, text.len());
        // the trigger "struck" in a clause of the whole sentence: the depot only
        assert_eq!(acts.of(&[evidence(whole, (struck, struck + 6))]), vec![0]);
        // a trigger in neither phrase ("dawn"): every phrase its clause holds
        let dawn = text.find("dawn").unwrap();
        assert_eq!(acts.of(&[evidence(whole, (dawn, dawn + 4))]), vec![0, 1]);
        // a clause that holds only part of a phrase: no act
        assert!(acts.of(&[evidence((0, 20), (dawn, dawn + 4))]).is_empty());
    }

    #[test]
    fn dates_are_written_at_their_precision_as_the_gold_writes_them() {
        let date = |value: &str, precision| DateMention {
            text: String::new(),
            start: 0,
            end: 0,
            value: Some(value.into()),
            precision,
            relative: true,
            note: None,
        };
        assert_eq!(
            written(&date("2020-10-19", DatePrecision::Week)).unwrap(),
            "2020-W43"
        );
        assert_eq!(
            written(&date("2020-11-01", DatePrecision::Month)).unwrap(),
            "2020-11"
        );
        assert_eq!(
            written(&date("2019-01-01", DatePrecision::Year)).unwrap(),
            "2019"
        );
        assert_eq!(
            written(&date("2020-03-15", DatePrecision::Day)).unwrap(),
            "2020-03-15"
        );
    }

    #[test]
    fn a_surname_names_its_person_and_accents_do_not_count() {
        let names: BTreeSet<String> = ["recep tayyip erdogan".to_string()].into();
        assert!(names_match(&names, &["Erdoğan".into()]));
        assert!(names_match(&names, &["Recep Tayyip Erdoğan".into()]));
        assert!(!names_match(&names, &["Tayyip".into(), "Putin".into()]));
    }
}
