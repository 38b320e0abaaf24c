//! Monitoring queries that join the store with a ceasefire regime: the alleged
//! violations `truce violations` prints and `/api/violations` serves.

use truce_knowledge::AgreementPatterns;
use truce_model::{Modality, PlacePrecision};
use truce_regime::status::{Candidate, EvidenceWords};
use truce_regime::tally::{Report, Shown, Tally};
use truce_regime::{EventView, Loaded, Position};
use truce_store::{Area, EventFilter, ExportOptions, ExportRow, Store, StoreError, Within};

/// Every stored event that `filter` selects, read by the regime: acts inside a zone,
/// alleged violations, unattributed acts of force, acts possibly inside and acts of
/// designated groups, per zone and day, per party and listed with why each is or is not an
/// alleged violation; of every zone, or of `zone` only.
pub fn violations(
    store: &Store,
    loaded: &Loaded,
    filter: &EventFilter,
    zone: Option<String>,
) -> Result<Report, StoreError> {
    let area = area_of(loaded, zone.as_deref());
    let mut tally = Tally::new(loaded, zone);
    // one query per type the regime counts, so the store reads those types through its
    // (type, modality) key instead of every act; these are listed with their findings
    for kind in &loaded.regime.violation_types {
        if filter.kind.is_some_and(|k| k != *kind) {
            continue;
        }
        let by_type = EventFilter {
            kind: Some(*kind),
            area: area.clone(),
            ..filter.clone()
        };
        store.export_events::<StoreError>(&by_type, ExportOptions::default(), |r| {
            tally.add(&event_view(&r), &shown(&r));
            Ok(())
        })?;
    }
    // and every act placed inside, of every type, counted (as the Events list filtered
    // by a zone shows them) from the index of acts by position alone
    if let Some(area) = area {
        let in_box = EventFilter {
            area: Some(Area {
                countries: Vec::new(),
                coarse: Vec::new(),
                ..area
            }),
            ..filter.clone()
        };
        store.scan_positions(&in_box, |p| {
            tally.count_position(p.date, (p.lon, p.lat), p.precision);
        })?;
    }
    Ok(tally.finish())
}

/// The filter for acts placed inside zone `id` of one of `regimes`, by the regime's rule
/// (`Zone::position`, which the violations use too): a town or finer within its shape
/// (an act located only by region or country is at best possibly inside, which
/// violations list apart). `None`: no such zone.
pub fn zone_filter(regimes: &[Loaded], id: &str) -> Option<(Area, Within)> {
    let zone = regimes.iter().find_map(|l| l.zones.get(id))?.clone();
    let area = Area {
        bbox: zone.bounds(),
        ..Default::default()
    };
    // the regime's one rule for where an act lies (a coarse place is never inside, so
    // the place id it would need for "possibly inside" is not asked for)
    let within = Within(std::sync::Arc::new(move |lon, lat, precision| {
        zone.position((lon, lat), precision, None) == Position::Inside
    }));
    Some((area, within))
}

/// Where the zones monitored (all of the regime's, or `zone`) may hold acts: the box
/// around them and their countries, so the store hands over only acts near them; the
/// tally then decides inside, possibly inside or outside exactly.
fn area_of(loaded: &Loaded, zone: Option<&str>) -> Option<Area> {
    let zones: Vec<_> = loaded
        .regime
        .zones
        .iter()
        .filter(|z| zone.is_none_or(|only| only == z.as_str()))
        .filter_map(|z| loaded.zones.get(z))
        .collect();
    if zones.is_empty() {
        return None;
    }
    let mut area = Area {
        bbox: [f64::MAX, f64::MAX, f64::MIN, f64::MIN],
        countries: Vec::new(),
        coarse: PlacePrecision::ALL
            .iter()
            .copied()
            .filter(|p| p.is_coarse())
            .collect(),
    };
    for z in zones {
        let [x0, y0, x1, y1] = z.bounds();
        let b = &mut area.bbox;
        *b = [b[0].min(x0), b[1].min(y0), b[2].max(x1), b[3].max(y1)];
        if let Some(c) = &z.country {
            if !area.countries.contains(c) {
                area.countries.push(c.clone());
            }
        }
    }
    Some(area)
}

/// What the regime reads of a stored event.
fn event_view(r: &ExportRow) -> EventView<'_> {
    EventView {
        kind: r.kind,
        modality: r.modality,
        date: r
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        lat: r.lat,
        lon: r.lon,
        precision: r.place_precision,
        place: r.place.as_deref(),
        actors: &r.actors,
        recipients: &r.recipients,
    }
}

/// What a listed violation shows of its stored event.
fn shown(r: &ExportRow) -> Shown {
    Shown {
        event: r.event,
        date: r.date.clone(),
        place: r.place_name.clone(),
        reports: r.reports,
        evidence: r.evidence.clone(),
        killed: r.killed,
        injured: r.injured,
    }
}

/// What one regime makes of an act in or near one of its zones.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ZoneFinding {
    pub regime: String,
    pub zone: String,
    pub position: Position,
    pub finding: truce_regime::Finding,
    /// The finding in words.
    pub why: &'static str,
}

/// Why act `act` is or is not an alleged violation, in each zone of `regimes` it lies in
/// or near: what its page says. Empty for an act no zone concerns.
pub fn findings(regimes: &[Loaded], act: &truce_store::Act) -> Vec<ZoneFinding> {
    let view = EventView {
        kind: act.kind,
        modality: act.modality,
        date: act
            .date
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
        lat: act.lat,
        lon: act.lon,
        precision: act.place_precision,
        place: act.place.as_deref(),
        actors: &act.actors,
        recipients: &act.recipients,
    };
    regimes
        .iter()
        .flat_map(|l| {
            l.assess(&view).into_iter().map(|a| ZoneFinding {
                regime: l.regime.id.clone(),
                zone: a.zone,
                position: a.position,
                finding: a.finding,
                why: a.finding.words(),
            })
        })
        .collect()
}

/// The words that tie provisions to later acts: the topics and common words of the
/// agreement patterns.
pub fn evidence_words(patterns: &AgreementPatterns) -> EvidenceWords<'_> {
    EvidenceWords {
        topics: patterns
            .topics
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    t.words.iter().map(|w| w.to_lowercase()).collect(),
                )
            })
            .collect(),
        common: patterns
            .common_words
            .iter()
            .map(|w| w.to_lowercase())
            .collect(),
    }
}

/// The newest quotations of a regime's members that evidence suggestions consider.
const QUOTES_CONSIDERED: usize = 20_000;

/// What could show the regime's provisions being carried out: asserted acts since its
/// first agreement that lie in or near its zones or involve its guarantors and parties
/// (a detainee exchange may happen outside the zone), and quotations of those actors
/// since then.
pub fn evidence_candidates(store: &Store, loaded: &Loaded) -> Result<Vec<Candidate>, StoreError> {
    let Some(since) = loaded.regime.agreements.iter().map(|a| a.date).min() else {
        return Ok(Vec::new());
    };
    let mut members: Vec<&str> = loaded
        .regime
        .status
        .iter()
        .filter(|s| s.role != "designated")
        .map(|s| s.actor.as_str())
        .collect();
    members.sort();
    members.dedup();
    // one pass over the asserted acts since the first agreement; a filter per member
    // would scan the store once each and match names as well as ids
    let asserted = EventFilter {
        modality: Some(Modality::Asserted),
        from: Some(since.to_string()),
        ..Default::default()
    };
    let mut out = Vec::new();
    store.export_events::<StoreError>(&asserted, ExportOptions::default(), |r| {
        let in_zone = !loaded.assess(&event_view(&r)).is_empty();
        let involved = r
            .actors
            .iter()
            .chain(&r.recipients)
            .any(|a| members.contains(&a.as_str()));
        if in_zone || involved {
            out.push(Candidate {
                kind: "event".into(),
                id: r.event.to_string(),
                date: r
                    .date
                    .as_deref()
                    .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
                text: r.evidence,
                actors: r.actors,
                in_zone,
            });
        }
        Ok(())
    })?;
    for q in store.quotes_of(&members, Some(&since.to_string()), QUOTES_CONSIDERED)? {
        let date = q
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let mut actors: Vec<String> = q.speaker.into_iter().collect();
        actors.extend(q.speaker_actors);
        out.push(Candidate {
            kind: "quote".into(),
            id: format!("{}:{}", q.document, q.start),
            date,
            text: q.text,
            actors,
            in_zone: false,
        });
    }
    Ok(out)
}
