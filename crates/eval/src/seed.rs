//! The seed report (`../shared/corpus/seed/`): how much of what a careful analyst takes
//! from it (`expected.json`) an analysis finds, per category.
//!
//! The analysis is read as the JSON of `truce analyse --json` (the interface of
//! DESIGN.md), not as Rust values, so that these scores are those of the shared scorer
//! `../shared/tools/score-analysis.py`, which reads the same JSON; a test of the CLI runs
//! both on one analysis and compares them line by line. The matching rules are the
//! scorer's, restated here:
//! - names match case- and accent-insensitively against an actor's or place's id, name and
//!   mention texts; a gold alias of more than three letters may also match inside a
//!   longer name;
//! - a place matches by name within a tolerance of the gold point (50 km; 400 km for a
//!   place that is also one of the gold states);
//! - a quote matches when its text contains the gold words, its kind is allowed and its
//!   speaker (or, for a speaking document, all of its authors) matches;
//! - an event matches when it is asserted, of an allowed type, its evidence contains every
//!   gold phrase, every gold actor and recipient is among its own, and its place and date
//!   agree where the gold gives them;
//! - a must-not is broken by an asserted event of a listed type whose evidence contains
//!   the gold phrase;
//! - an agreement scores the provisions it has, less one unless its parties and date are
//!   right.

use serde_json::Value;
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// The categories of the seed, in the scorer's order.
pub const CATEGORIES: [&str; 8] = [
    "document",
    "actors",
    "places",
    "dates",
    "quotes",
    "events",
    "must_not",
    "agreement",
];

/// What one category scored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Category {
    pub name: &'static str,
    pub found: usize,
    pub total: usize,
    /// What was missed (or, for must-not, wrongly coded), shortened.
    pub missing: Vec<String>,
}

impl Category {
    pub fn share(&self) -> f64 {
        self.found as f64 / self.total.max(1) as f64
    }
}

/// Text as the scorer compares it: compatibility-decomposed without combining marks,
/// curly quotes made straight, whitespace runs made one space, trimmed, lower case.
pub fn norm(s: &str) -> String {
    let plain: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            c => c,
        })
        .collect();
    plain
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The text of a JSON value as Python's `str()` would give it for the scalars the
/// analysis holds; `None` for null.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "True" } else { "False" }.into()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

fn text_of(v: Option<&Value>) -> String {
    v.and_then(scalar).unwrap_or_default()
}

/// Every name an actor, place or speaker object goes by: id, name, text, aliases and the
/// texts of its mentions.
fn names_of(v: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    match v {
        Value::Object(o) => {
            for k in ["id", "name", "text"] {
                if let Some(s) = o.get(k).and_then(scalar).filter(|s| !s.is_empty()) {
                    out.insert(norm(&s));
                }
            }
            for k in ["aliases", "alternate_names"] {
                for a in o.get(k).and_then(Value::as_array).into_iter().flatten() {
                    out.insert(norm(&text_of(Some(a))));
                }
            }
            for m in o
                .get("mentions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let t = match m {
                    Value::Object(mo) => text_of(mo.get("text")),
                    other => text_of(Some(other)),
                };
                if !t.is_empty() {
                    out.insert(norm(&t));
                }
            }
        }
        other => {
            if let Some(s) = scalar(other).filter(|s| !s.is_empty()) {
                out.insert(norm(&s));
            }
        }
    }
    out
}

/// Whether any name is one of the aliases, or an alias longer than three letters occurs
/// inside a name.
fn matches(names: &BTreeSet<String>, aliases: &[String]) -> bool {
    let al: BTreeSet<String> = aliases
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| norm(a))
        .collect();
    names.iter().any(|n| al.contains(n))
        || al
            .iter()
            .any(|a| a.chars().count() > 3 && names.iter().any(|n| n.contains(a.as_str())))
}

pub(crate) fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let p = std::f64::consts::PI / 180.0;
    let h = ((b.0 - a.0) * p / 2.0).sin().powi(2)
        + (a.0 * p).cos() * (b.0 * p).cos() * ((b.1 - a.1) * p / 2.0).sin().powi(2);
    12742.0 * h.sqrt().asin()
}

fn number(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect()
}

fn array(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A value that may be an object with a `key` field or that field itself.
fn unwrap_field<'a>(v: Option<&'a Value>, key: &str) -> Option<&'a Value> {
    match v {
        Some(Value::Object(o)) => o.get(key),
        other => other,
    }
}

#[derive(Debug)]
struct GoldQuote {
    want: String,
    kinds: Vec<String>,
    speaker: Option<Vec<String>>,
    /// For a speaking document: the aliases of each of its authors.
    speaker_all: Option<Vec<Vec<String>>>,
}

#[derive(Debug)]
struct GoldEvent {
    types: Vec<String>,
    actors_all: Vec<Vec<String>>,
    recipients_all: Vec<Vec<String>>,
    evidence_all: Vec<String>,
    place: Option<Vec<String>>,
    date: Option<String>,
}

#[derive(Debug)]
struct GoldPlace {
    name: String,
    lat: f64,
    lon: f64,
    tolerance_km: f64,
}

/// `expected.json` read into what the categories compare.
#[derive(Debug)]
pub struct Gold {
    dateline: String,
    publisher: Option<String>,
    body_starts_with: Option<String>,
    body_ends_with: Option<String>,
    boilerplate: Vec<String>,
    actors: Vec<Vec<String>>,
    places: Vec<GoldPlace>,
    not_places: Vec<String>,
    dates: Vec<(String, String)>,
    quotes: Vec<GoldQuote>,
    events: Vec<GoldEvent>,
    must_not: GoldMustNot,
    agreement: Option<GoldAgreement>,
    /// The publication date to analyse the seed with.
    pub published: String,
    /// The seed's file name.
    pub file: String,
}

/// A required string field of `expected.json`, or an error naming it.
fn need(v: Option<&Value>, what: &str) -> Result<String, String> {
    v.and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("expected.json has no {what}"))
}

/// An optional string field of `expected.json`.
fn optional(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

/// The gold actors: each id's aliases (name, id and mentions; a bare pronoun is no alias)
/// and which of them are states (whose places are judged with a wider tolerance).
struct GoldActors {
    aliases: std::collections::BTreeMap<String, Vec<String>>,
    states: BTreeSet<String>,
}

impl GoldActors {
    fn read(expected: &Value) -> Result<Self, String> {
        let mut aliases = std::collections::BTreeMap::new();
        let mut states = BTreeSet::new();
        for a in array(expected.get("actors")) {
            let id = need(a.get("id"), "actor id")?;
            let mut names = vec![need(a.get("name"), "actor name")?, id.clone()];
            names.extend(
                strings(a.get("mentions"))
                    .into_iter()
                    .filter(|m| norm(m) != "he"),
            );
            if a.get("kind").and_then(Value::as_str) == Some("state") {
                states.insert(norm(&names[0]));
            }
            aliases.insert(id, names);
        }
        Ok(GoldActors { aliases, states })
    }

    /// An id's aliases; an id no actor declares is its own only alias.
    fn of(&self, id: &str) -> Vec<String> {
        self.aliases
            .get(id)
            .cloned()
            .unwrap_or_else(|| vec![id.to_string()])
    }

    /// Speakers that are documents: their authors are the gold actors their note names.
    fn document_authors(
        &self,
        expected: &Value,
    ) -> std::collections::BTreeMap<String, Vec<Vec<String>>> {
        let mut documents = std::collections::BTreeMap::new();
        if let Some(Value::Object(speakers)) = expected.get("speakers") {
            for (key, about) in speakers {
                let about = text_of(Some(about));
                let words: BTreeSet<&str> = about
                    .split(|c: char| !c.is_alphanumeric() && c != '-')
                    .collect();
                let authors: Vec<Vec<String>> = self
                    .aliases
                    .keys()
                    .filter(|id| words.contains(id.as_str()))
                    .map(|id| self.of(id))
                    .collect();
                documents.insert(key.clone(), authors);
            }
        }
        documents
    }
}

/// The names under which a document that speaks (a joint statement) may be credited.
const DOCUMENT_SPEAKER_NAMES: [&str; 5] = [
    "joint statement",
    "statement",
    "communique",
    "the leaders",
    "leaders",
];

fn gold_quotes(expected: &Value, actors: &GoldActors) -> Result<Vec<GoldQuote>, String> {
    let documents = actors.document_authors(expected);
    let mut quotes = Vec::new();
    for q in array(expected.get("quotes")) {
        let speaker = q.get("speaker").and_then(Value::as_str);
        let mut kinds = vec![need(q.get("kind"), "quote kind")?];
        kinds.extend(strings(q.get("alternative_kinds")));
        let want = q
            .get("starts_with")
            .or_else(|| q.get("contains"))
            .and_then(Value::as_str)
            .ok_or("a gold quote has neither starts_with nor contains")?;
        quotes.push(GoldQuote {
            want: norm(want),
            kinds,
            speaker: speaker.map(|s| {
                if documents.contains_key(s) {
                    DOCUMENT_SPEAKER_NAMES.map(String::from).to_vec()
                } else {
                    actors.of(s)
                }
            }),
            speaker_all: speaker.and_then(|s| documents.get(s).cloned()),
        });
    }
    Ok(quotes)
}

fn gold_events(expected: &Value, actors: &GoldActors) -> Result<Vec<GoldEvent>, String> {
    let mut events = Vec::new();
    for e in array(expected.get("events")) {
        let mut types = vec![need(e.get("plover"), "event type")?];
        types.extend(strings(e.get("alternatives")));
        let source = strings(e.get("source"));
        let evidence_all = match e.get("evidence_all") {
            Some(v) => strings(Some(v)),
            None => vec![need(e.get("evidence_contains"), "event evidence")?],
        };
        events.push(GoldEvent {
            types,
            actors_all: source.iter().map(|s| actors.of(s)).collect(),
            recipients_all: strings(e.get("target"))
                .iter()
                .filter(|t| !source.contains(t))
                .map(|t| actors.of(t))
                .collect(),
            evidence_all: evidence_all.iter().map(|p| norm(p)).collect(),
            place: optional(e.get("place")).map(|p| vec![p]),
            date: optional(e.get("date")),
        });
    }
    Ok(events)
}

fn gold_places(expected: &Value, actors: &GoldActors) -> Result<Vec<GoldPlace>, String> {
    let mut places = Vec::new();
    for p in array(expected.get("places")) {
        let name = need(p.get("name"), "place name")?;
        places.push(GoldPlace {
            tolerance_km: if actors.states.contains(&norm(&name)) {
                400.0
            } else {
                50.0
            },
            lat: number(p.get("lat")).ok_or("a gold place has no lat")?,
            lon: number(p.get("lon")).ok_or("a gold place has no lon")?,
            name,
        });
    }
    Ok(places)
}

type GoldMustNot = Vec<(Option<Vec<String>>, String)>;

fn gold_must_not(expected: &Value) -> Result<GoldMustNot, String> {
    let mut must_not = Vec::new();
    for m in array(expected.get("must_not_be_events")) {
        let types = m
            .get("types")
            .map(|t| strings(Some(t)))
            .filter(|t| !t.is_empty());
        must_not.push((types, norm(&need(m.get("text_contains"), "must-not text")?)));
    }
    Ok(must_not)
}

type GoldAgreement = (Vec<Vec<String>>, String, Vec<String>);

fn gold_agreement(expected: &Value, actors: &GoldActors) -> Result<Option<GoldAgreement>, String> {
    match expected.get("agreement") {
        Some(a) if a.is_object() => Ok(Some((
            strings(a.get("parties"))
                .iter()
                .map(|p| actors.of(p))
                .collect(),
            need(a.get("date"), "agreement date")?,
            array(a.get("provisions"))
                .iter()
                .map(|p| norm(&text_of(p.get("text_contains"))))
                .collect(),
        ))),
        _ => Ok(None),
    }
}

/// Reads the seed's `expected.json`. Fails with what is wrong when a field the scoring
/// needs is missing.
pub fn load_gold(expected: &Value) -> Result<Gold, String> {
    let doc = expected
        .get("document")
        .ok_or("expected.json has no document")?;
    let actors = GoldActors::read(expected)?;
    let dates = array(expected.get("dates"))
        .iter()
        .map(|d| {
            Ok((
                need(d.get("text"), "date text")?,
                need(d.get("resolved"), "date value")?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Gold {
        dateline: need(doc.get("dateline"), "document dateline")?,
        publisher: optional(doc.get("publisher")),
        body_starts_with: optional(doc.get("body_starts_with")),
        body_ends_with: optional(doc.get("body_ends_with")),
        boilerplate: strings(doc.get("boilerplate_removed")),
        actors: actors.aliases.keys().map(|id| actors.of(id)).collect(),
        places: gold_places(expected, &actors)?,
        not_places: strings(expected.get("not_places")),
        dates,
        quotes: gold_quotes(expected, &actors)?,
        events: gold_events(expected, &actors)?,
        must_not: gold_must_not(expected)?,
        agreement: gold_agreement(expected, &actors)?,
        published: need(doc.get("published"), "document published")?,
        file: need(doc.get("file"), "document file")?,
    })
}

/// The analysis (the JSON of `truce analyse --json`) with lookups the categories share.
struct Analysis<'a> {
    json: &'a Value,
    by_id: std::collections::HashMap<String, &'a Value>,
    place_by_id: std::collections::HashMap<String, &'a Value>,
}

impl<'a> Analysis<'a> {
    fn new(json: &'a Value) -> Self {
        let index = |key: &str| {
            array(json.get(key))
                .iter()
                .filter(|x| x.is_object())
                .map(|x| (text_of(x.get("id")), x))
                .collect()
        };
        Analysis {
            json,
            by_id: index("actors"),
            place_by_id: index("places"),
        }
    }

    fn list(&self, key: &str) -> &'a [Value] {
        array(self.json.get(key))
    }

    /// The names of a list of actor ids or actor objects, with the names of the actors
    /// of the analysis they refer to.
    fn actor_names(&self, list: &[Value]) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for item in list {
            let id = if let Value::Object(o) = item {
                out.extend(names_of(item));
                o.get("id").cloned().unwrap_or(Value::Null)
            } else {
                item.clone()
            };
            let id = scalar(&id).unwrap_or_else(|| "None".into());
            out.insert(norm(&id));
            if let Some(a) = self.by_id.get(&id) {
                out.extend(names_of(a));
            }
        }
        out
    }
}

fn asserted(ev: &Value) -> bool {
    let m = ev
        .get("modality")
        .and_then(scalar)
        .filter(|m| !m.is_empty());
    norm(m.as_deref().unwrap_or("asserted")) == "asserted"
}

fn evidence_text(ev: &Value) -> String {
    array(ev.get("evidence"))
        .iter()
        .filter(|e| e.is_object())
        .map(|e| norm(&text_of(e.get("text"))))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shorten(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Scores an analysis on the given categories (names of [`CATEGORIES`]).
pub fn score(gold: &Gold, analysis: &Value, categories: &[&'static str]) -> Vec<Category> {
    let a = Analysis::new(analysis);
    categories
        .iter()
        .map(|&name| {
            let (found, total, missing) = match name {
                "document" => document(gold, &a),
                "actors" => actors(gold, &a),
                "places" => places(gold, &a),
                "dates" => dates(gold, &a),
                "quotes" => quotes(gold, &a),
                "events" => events(gold, &a),
                "must_not" => must_not(gold, &a),
                "agreement" => agreement(gold, &a),
                _ => (0, 0, vec![format!("unknown category {name}")]),
            };
            Category {
                name,
                found,
                total,
                missing,
            }
        })
        .collect()
}

type Tally = (usize, usize, Vec<String>);

fn document(gold: &Gold, a: &Analysis) -> Tally {
    let doc = a.json.get("document").unwrap_or(&Value::Null);
    let text = norm(&text_of(doc.get("text")));
    let mut miss = Vec::new();
    let mut n = 1;
    let dateline = text_of(unwrap_field(doc.get("dateline"), "text"));
    if !norm(&dateline).starts_with(&norm(&gold.dateline)) {
        miss.push(format!("dateline={dateline:?}"));
    }
    for b in &gold.boilerplate {
        n += 1;
        if text.contains(&norm(b)) {
            miss.push(format!("boilerplate kept: {}", shorten(b, 30)));
        }
    }
    for (want, at_start) in [
        (&gold.body_starts_with, true),
        (&gold.body_ends_with, false),
    ] {
        if let Some(w) = want {
            n += 1;
            let w = norm(w);
            let ok = if at_start {
                text.starts_with(&w)
            } else {
                text.ends_with(&w)
            };
            if !ok {
                let which = if at_start { "start" } else { "end" };
                miss.push(format!("text does not {which} with {:?}", shorten(&w, 25)));
            }
        }
    }
    if let Some(p) = &gold.publisher {
        n += 1;
        let got = text_of(doc.get("publisher"));
        if norm(&got) != norm(p) {
            miss.push(format!("publisher={got:?}"));
        }
    }
    (n - miss.len(), n, miss)
}

fn actors(gold: &Gold, a: &Analysis) -> Tally {
    let found: Vec<BTreeSet<String>> = a
        .list("actors")
        .iter()
        .filter(|x| x.is_object())
        .map(names_of)
        .collect();
    let miss: Vec<String> = gold
        .actors
        .iter()
        .filter(|al| !found.iter().any(|names| matches(names, al)))
        .map(|al| al[0].clone())
        .collect();
    (gold.actors.len() - miss.len(), gold.actors.len(), miss)
}

fn places(gold: &Gold, a: &Analysis) -> Tally {
    let places: Vec<&Value> = a.list("places").iter().filter(|x| x.is_object()).collect();
    let mut miss = Vec::new();
    for p in &gold.places {
        let ok = places.iter().any(|x| {
            let (Some(lat), Some(lon)) = (number(x.get("lat")), number(x.get("lon"))) else {
                return false;
            };
            matches(&names_of(x), std::slice::from_ref(&p.name))
                && km((lat, lon), (p.lat, p.lon)) <= p.tolerance_km
        });
        if !ok {
            miss.push(p.name.clone());
        }
    }
    let bad: Vec<String> = gold
        .not_places
        .iter()
        .filter(|n| n.chars().count() < 60 && places.iter().any(|x| names_of(x).contains(&norm(n))))
        .map(|n| format!("not a place: {n}"))
        .collect();
    let total = gold.places.len() + bad.len();
    let found = gold.places.len() - miss.len();
    miss.extend(bad);
    (found, total, miss)
}

fn dates(gold: &Gold, a: &Analysis) -> Tally {
    let mut miss = Vec::new();
    for (gt, gv) in &gold.dates {
        let gt = norm(gt);
        let ok = a.list("dates").iter().any(|x| {
            let t = norm(&text_of(x.get("text")));
            let v = text_of(unwrap_field(x.get("value"), "value"));
            !t.is_empty() && v.starts_with(gv.as_str()) && (t.contains(&gt) || gt.contains(&t))
        });
        if !ok {
            miss.push(format!("{gt}={gv}"));
        }
    }
    (gold.dates.len() - miss.len(), gold.dates.len(), miss)
}

fn quotes(gold: &Gold, a: &Analysis) -> Tally {
    let mut miss = Vec::new();
    for q in &gold.quotes {
        let ok = a.list("quotes").iter().any(|x| {
            if !norm(&text_of(x.get("text"))).contains(&q.want) {
                return false;
            }
            let kind = norm(&text_of(x.get("kind")));
            if !q.kinds.iter().any(|k| norm(k) == kind) {
                return false;
            }
            let Some(speaker) = &q.speaker else {
                return true;
            };
            let sp = x.get("speaker").cloned().unwrap_or(Value::Null);
            let mut names = names_of(&sp);
            let mut members: &[Value] = &[];
            if let Value::Object(o) = &sp {
                for k in ["actor", "actor_id", "id"] {
                    if let Some(v) = o
                        .get(k)
                        .filter(|v| !v.is_null() && !v.is_array() && !v.is_object())
                    {
                        names.extend(a.actor_names(std::slice::from_ref(v)));
                    }
                }
                members = array(o.get("actors"));
                names.extend(a.actor_names(members));
            }
            if matches(&names, speaker) {
                return true;
            }
            match &q.speaker_all {
                Some(all) if !members.is_empty() => all.iter().all(|al| {
                    members
                        .iter()
                        .any(|m| matches(&a.actor_names(std::slice::from_ref(m)), al))
                }),
                _ => false,
            }
        });
        if !ok {
            miss.push(shorten(&q.want, 40));
        }
    }
    (gold.quotes.len() - miss.len(), gold.quotes.len(), miss)
}

fn events(gold: &Gold, a: &Analysis) -> Tally {
    let mut miss = Vec::new();
    for g in &gold.events {
        let ok = a.list("events").iter().any(|ev| {
            let kind = text_of(ev.get("type")).to_uppercase();
            if !g.types.contains(&kind) || !asserted(ev) {
                return false;
            }
            let et = evidence_text(ev);
            if !g.evidence_all.iter().all(|p| et.contains(p.as_str())) {
                return false;
            }
            let an = a.actor_names(array(ev.get("actors")));
            if g.actors_all.iter().any(|al| !matches(&an, al)) {
                return false;
            }
            let rn = a.actor_names(array(ev.get("recipients")));
            if g.recipients_all.iter().any(|al| !matches(&rn, al)) {
                return false;
            }
            if let Some(place) = &g.place {
                let pl = ev.get("place").unwrap_or(&Value::Null);
                let names = match pl {
                    Value::Object(_) => names_of(pl),
                    other => {
                        let key = scalar(other).unwrap_or_else(|| "None".into());
                        match a.place_by_id.get(&key) {
                            Some(p) => names_of(p),
                            None => names_of(other),
                        }
                    }
                };
                if !matches(&names, place) {
                    return false;
                }
            }
            if let Some(date) = &g.date {
                let dv = text_of(unwrap_field(ev.get("date"), "value"));
                if !dv.starts_with(date.as_str()) {
                    return false;
                }
            }
            true
        });
        if !ok {
            miss.push(format!(
                "{}: {}",
                g.types[0],
                shorten(g.evidence_all.first().map_or("", String::as_str), 35)
            ));
        }
    }
    (gold.events.len() - miss.len(), gold.events.len(), miss)
}

fn must_not(gold: &Gold, a: &Analysis) -> Tally {
    let mut bad = Vec::new();
    for (types, phrase) in &gold.must_not {
        let broken = a.list("events").iter().find(|ev| {
            let kind = text_of(ev.get("type")).to_uppercase();
            types.as_ref().is_none_or(|t| t.contains(&kind))
                && asserted(ev)
                && evidence_text(ev).contains(phrase.as_str())
        });
        if let Some(ev) = broken {
            bad.push(format!(
                "{}: {}",
                text_of(ev.get("type")),
                shorten(phrase, 35)
            ));
        }
    }
    (gold.must_not.len() - bad.len(), gold.must_not.len(), bad)
}

fn agreement(gold: &Gold, a: &Analysis) -> Tally {
    let Some((parties, date, provisions)) = &gold.agreement else {
        return (0, 0, vec!["the gold has no agreement".into()]);
    };
    let (mut best, mut notes) = (0, vec!["no agreement".to_string()]);
    for ag in a.list("agreements") {
        let pn = a.actor_names(array(ag.get("parties")));
        let texts: Vec<String> = array(ag.get("provisions"))
            .iter()
            .filter(|p| p.is_object())
            .map(|p| norm(&text_of(p.get("text"))))
            .collect();
        let found = provisions
            .iter()
            .filter(|p| texts.iter().any(|t| t.contains(p.as_str())))
            .count();
        if found >= best {
            best = found;
            notes = parties
                .iter()
                .filter(|al| !matches(&pn, al))
                .map(|al| format!("party {} missing", al[0]))
                .collect();
            let got = text_of(ag.get("date"));
            if !got.starts_with(date.as_str()) {
                notes.push(format!("date {got:?}"));
            }
        }
    }
    let n = provisions.len();
    let found = if notes.is_empty() {
        best
    } else {
        best.min(n.saturating_sub(1))
    };
    (found, n, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold() -> Gold {
        load_gold(&json!({
            "document": {"file": "x.txt", "published": "2020-03-06", "dateline": "MOSCOW",
                          "publisher": "Example Wire", "boilerplate_removed": ["Share this"]},
            "actors": [
                {"id": "RUS", "kind": "state", "name": "Russia", "mentions": ["Russia", "Russian"]},
                {"id": "TUR", "kind": "state", "name": "Turkey", "mentions": ["Turkey"]},
                {"id": "erdogan", "kind": "person", "name": "Recep Tayyip Erdogan", "mentions": ["Erdogan", "he"]}
            ],
            "places": [{"name": "Moscow", "lat": 55.75, "lon": 37.62}],
            "not_places": ["Example Wire"],
            "dates": [{"text": "on Thursday", "resolved": "2020-03-05"}],
            "speakers": {"protocol": "the protocol signed by RUS and TUR"},
            "quotes": [
                {"kind": "direct", "contains": "we will respond", "speaker": "erdogan"},
                {"kind": "indirect", "contains": "ceasefire", "speaker": "protocol"}
            ],
            "events": [{"plover": "AGREE", "source": ["RUS", "TUR"], "target": ["RUS", "TUR"],
                        "evidence_contains": "agreed a ceasefire", "date": "2020-03-05"}],
            "must_not_be_events": [{"types": ["ASSAULT"], "text_contains": "could attack", "why": "hypothetical"}],
            "agreement": {"date": "2020-03-05", "parties": ["RUS", "TUR"],
                          "provisions": [{"text_contains": "ceasefire"}, {"text_contains": "joint patrols"}]}
        }))
        .unwrap()
    }

    fn analysis() -> Value {
        json!({
            "document": {"text": "MOSCOW -- Russia and Turkey agreed a ceasefire on Thursday.",
                         "dateline": {"text": "MOSCOW --"}, "publisher": "Example Wire"},
            "actors": [
                {"id": "RUS", "name": "Russia", "mentions": [{"text": "Russia"}]},
                {"id": "TUR", "name": "Turkey", "mentions": [{"text": "Turkey"}]},
                {"id": "erdogan", "name": "Recep Tayyip Erdoğan", "mentions": []}
            ],
            "places": [{"id": "p1", "name": "Moscow", "lat": 55.7, "lon": 37.6}],
            "dates": [{"text": "on Thursday", "value": "2020-03-05"}],
            "quotes": [
                {"text": "We will respond", "kind": "direct", "speaker": {"actor": "erdogan"}},
                {"text": "a ceasefire holds", "kind": "indirect", "speaker": {"name": "the protocol", "actors": ["RUS", "TUR"]}}
            ],
            "events": [
                {"type": "AGREE", "modality": "asserted", "actors": ["RUS", "TUR"], "recipients": ["TUR", "RUS"],
                 "evidence": [{"text": "Russia and Turkey agreed a ceasefire"}], "date": {"value": "2020-03-05"}},
                {"type": "ASSAULT", "modality": "hypothetical", "actors": [], "evidence": [{"text": "they could attack"}]}
            ],
            "agreements": [{"date": "2020-03-05", "parties": ["RUS", "TUR"],
                            "provisions": [{"text": "A ceasefire along the line"}]}]
        })
    }

    #[test]
    fn a_matching_analysis_scores_each_category() {
        let got = score(&gold(), &analysis(), &CATEGORIES);
        let summary: Vec<(&str, usize, usize)> =
            got.iter().map(|c| (c.name, c.found, c.total)).collect();
        assert_eq!(
            summary,
            vec![
                ("document", 3, 3),
                ("actors", 3, 3),
                ("places", 1, 1),
                ("dates", 1, 1),
                ("quotes", 2, 2),
                ("events", 1, 1),
                ("must_not", 1, 1),
                ("agreement", 1, 2)
            ]
        );
    }

    #[test]
    fn misses_are_named() {
        let mut a = analysis();
        a["events"][1]["modality"] = json!("asserted");
        a["places"][0]["lat"] = json!(50.0);
        a["quotes"][0]["speaker"] = json!({"actor": "RUS"});
        a["agreements"][0]["parties"] = json!(["RUS"]);
        let got = score(&gold(), &a, &["places", "quotes", "must_not", "agreement"]);
        assert_eq!(got[0].missing, vec!["Moscow"]);
        assert_eq!(got[1].found, 1);
        assert_eq!(
            got[2].found, 0,
            "an asserted hypothetical breaks the must-not"
        );
        assert_eq!(
            (got[3].found, &got[3].missing[0][..]),
            (1, "party Turkey missing")
        );
    }

    #[test]
    fn norm_folds_accents_quotes_and_space() {
        assert_eq!(
            norm("  Erdoğan\u{2019}s \n \u{201c}Plan\u{201d} "),
            "erdogan's \"plan\""
        );
    }
}
