//! `/api/regimes` and `/api/violations`: the bundled ceasefire regimes, their provisions'
//! statuses and evidence, and alleged violations.

use super::events::event_filter;
use super::*;

/// The regimes shipped with truce, loaded once.
pub(super) fn loaded_regimes() -> Result<&'static [truce_regime::Loaded], ApiError> {
    static REGIMES: std::sync::OnceLock<Result<Vec<truce_regime::Loaded>, String>> =
        std::sync::OnceLock::new();
    REGIMES
        .get_or_init(|| truce_regime::bundled().map_err(|e| e.to_string()))
        .as_deref()
        .map_err(ApiError::internal)
}

pub(super) fn find_regime(id: &str) -> Result<&'static truce_regime::Loaded, ApiError> {
    let all = loaded_regimes()?;
    all.iter().find(|l| l.regime.id == id).ok_or_else(|| {
        let ids: Vec<&str> = all.iter().map(|l| l.regime.id.as_str()).collect();
        ApiError::not_found(format!(
            "no regime {id:?}; the regimes are {}",
            ids.join(", ")
        ))
    })
}

/// A zone as a GeoJSON feature, for drawing it on a map.
pub(super) fn zone_feature(z: &truce_regime::Zone) -> Value {
    let ring = |r: &Vec<(f64, f64)>| -> Vec<[f64; 2]> { r.iter().map(|&(x, y)| [x, y]).collect() };
    let polygons: Vec<Vec<Vec<[f64; 2]>>> = z
        .polygons
        .iter()
        .map(|p| {
            std::iter::once(ring(&p.outer))
                .chain(p.holes.iter().map(ring))
                .collect()
        })
        .collect();
    json!({
        "type": "Feature",
        "properties": {"id": z.id, "name": z.name, "country": z.country, "accuracy_km": z.accuracy_km, "note": z.note},
        "geometry": {"type": "MultiPolygon", "coordinates": polygons},
    })
}

pub(super) async fn regimes(Query(p): Params) -> Api {
    only(&p, &[])?;
    let list: Vec<Value> = loaded_regimes()?
        .iter()
        .map(|l| {
            let zones: Vec<Value> = l
                .zones
                .zones
                .iter()
                .map(|z| json!({"id": z.id, "name": z.name, "accuracy_km": z.accuracy_km}))
                .collect();
            json!({"id": l.regime.id, "name": l.regime.name, "zones": zones, "phases": l.regime.phases})
        })
        .collect();
    json(list)
}

/// A regime with its zones as GeoJSON and each provision's status on `on` (default
/// today): level, history and what its deadline means.
pub(super) async fn regime(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &["on"])?;
    let l = find_regime(&id)?;
    let on = match date(&p, "on")? {
        Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(ApiError::internal)?,
        None => chrono::Utc::now().date_naive(),
    };
    let regime_id = id.clone();
    let (changes, reports) = query(&state, move |s| {
        let changes = s.provision_statuses(&regime_id)?;
        // the reports the evidence cites, by title and publisher for the page to name them
        let mut ids: Vec<String> = changes
            .iter()
            .flat_map(|c| &c.evidence)
            .filter(|e| e.kind != "event")
            .map(|e| e.id.split(':').next().unwrap_or_default().to_string())
            .collect();
        ids.sort();
        ids.dedup();
        Ok((changes, s.document_summaries(&ids)?))
    })
    .await?;
    let mut body = serde_json::to_value(&l.regime).map_err(ApiError::internal)?;
    body["zones_geojson"] = json!({
        "type": "FeatureCollection",
        "features": l.zones.zones.iter().map(zone_feature).collect::<Vec<_>>(),
    });
    body["as_of"] = json!(on);
    body["provision_records"] =
        serde_json::to_value(truce_regime::status::record(&l.regime, &changes, on))
            .map_err(ApiError::internal)?;
    body["evidence_reports"] = json!(reports);
    json(body)
}

/// Records a provision's implementation status: `{"agreement", "provision", "level"
/// (0-3), "date" (YYYY-MM-DD), "evidence": [{"kind": "event"|"document"|"quote", "id"}],
/// "analyst", "note"}`.
pub(super) async fn record_status(
    State(state): State<Arc<AppState>>,
    peer: Peer,
    access: crate::auth::Access,
    Path(id): Path<String>,
    Query(p): Params,
    body: Bytes,
) -> Api {
    only(&p, &[])?;
    let l = find_regime(&id)?;
    let b = Body::parse(
        &body,
        &[
            "agreement",
            "provision",
            "level",
            "date",
            "evidence",
            "analyst",
            "note",
        ],
    )?;
    let agreement = b.required("agreement", "the agreement's id")?;
    let provision = b.required("provision", "the provision's id in its agreement")?;
    let analyst = access.recorder(b.text("analyst"), "analyst")?;
    let level = b
        .get("level")
        .and_then(Value::as_u64)
        .filter(|l| *l <= 3)
        .ok_or_else(|| {
            ApiError::bad(
                "level",
                "level is required: 0 not begun, 1 minimal, 2 intermediate, 3 full",
            )
        })? as u8;
    let day = match b.text("date").as_deref() {
        None => chrono::Utc::now().date_naive(),
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            ApiError::bad(
                "date",
                format!("date must be written YYYY-MM-DD, not {d:?}"),
            )
        })?,
    };
    let evidence: Vec<truce_model::StatusEvidence> = match b.get("evidence") {
        None => Vec::new(),
        Some(e) => serde_json::from_value(e.clone()).map_err(|e| {
            ApiError::bad(
                "evidence",
                format!("evidence is a list of {{\"kind\", \"id\"}} objects: {e}"),
            )
        })?,
    };
    let change = truce_model::ProvisionStatus {
        regime: id.clone(),
        agreement,
        provision,
        level,
        date: day,
        evidence,
        analyst,
        note: b.text("note"),
        recorded_at: String::new(),
    };
    l.regime.check_status(&change).map_err(|e| {
        let field = match e {
            truce_regime::status::StatusError::NoAgreement { .. } => "agreement",
            truce_regime::status::StatusError::NoProvision { .. } => "provision",
            truce_regime::status::StatusError::Level(_) => "level",
            truce_regime::status::StatusError::BeforeAgreement { .. } => "date",
            _ => "evidence",
        };
        ApiError::bad(field, e.to_string())
    })?;
    let stored = write(&state, peer, move |batch| {
        batch.record_provision_status(&change).map_err(|e| match e {
            e @ (truce_store::StoreError::NoSuchEvidence { .. }
            | truce_store::StoreError::Ambiguous { .. }) => {
                ApiError::bad("evidence", e.to_string())
            }
            other => other.into(),
        })
    })
    .await?;
    json(json!({"status": stored}))
}

/// Stored acts and quotations that may show the regime's provisions carried out.
pub(super) async fn regime_evidence(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Params,
) -> Api {
    only(&p, &["agreement", "provision", "limit"])?;
    let l = find_regime(&id)?;
    let limit = number(&p, "limit", 5, 50)?;
    let agreement = p.get("agreement").cloned();
    let provision = p.get("provision").cloned();
    match (&agreement, &provision) {
        (Some(a), Some(pr)) => {
            l.regime.provision(a, pr).map_err(|e| {
                let field = match e {
                    truce_regime::status::StatusError::NoAgreement { .. } => "agreement",
                    _ => "provision",
                };
                ApiError::bad(field, e.to_string())
            })?;
        }
        (None, Some(_)) => {
            return Err(ApiError::bad(
                "provision",
                "a provision goes with its agreement",
            ));
        }
        (Some(a), None) if !l.regime.agreements.iter().any(|x| &x.id == a) => {
            return Err(ApiError::bad(
                "agreement",
                format!("regime {id} has no agreement {a:?}"),
            ));
        }
        _ => {}
    }
    let words = evidence_patterns()?;
    let found = query(&state, move |store| {
        let candidates = truce_monitor::evidence_candidates(store, l)?;
        let mut found = truce_regime::status::suggest(
            &l.regime,
            &truce_monitor::evidence_words(words),
            &candidates,
            agreement.as_deref().zip(provision.as_deref()),
            limit,
        );
        if let Some(a) = &agreement {
            found.retain(|s| &s.agreement == a);
        }
        Ok(found)
    })
    .await?;
    json(json!({"suggestions": found}))
}

/// The bundled agreement patterns (topics and common words), loaded once.
pub(super) fn evidence_patterns() -> Result<&'static truce_knowledge::AgreementPatterns, ApiError> {
    static PATTERNS: std::sync::OnceLock<Result<truce_knowledge::AgreementPatterns, String>> =
        std::sync::OnceLock::new();
    PATTERNS
        .get_or_init(|| truce_knowledge::bundled_agreement_patterns().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| ApiError::internal(e.clone()))
}

pub(super) async fn violations(State(state): State<Arc<AppState>>, Query(p): Params) -> Api {
    only(&p, &["regime", "zone", "from", "to"])?;
    let id = p.get("regime").map_or("idlib", String::as_str);
    let l = find_regime(id).map_err(|e| {
        // an unknown regime named in a parameter is a bad request, not a missing path
        ApiError::bad("regime", e.to_string())
    })?;
    let zone = p.get("zone").cloned();
    if let Some(z) = &zone {
        if !l.regime.zones.contains(z) {
            return Err(ApiError::bad(
                "zone",
                format!(
                    "regime {} has no zone {z:?}; it has {}",
                    l.regime.id,
                    l.regime.zones.join(", ")
                ),
            ));
        }
    }
    let mut filter = event_filter(
        &p.iter()
            .filter(|(k, _)| *k == "from" || *k == "to")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )?;
    filter.modality = Some(truce_model::Modality::Asserted);
    let report = query(&state, move |store| {
        truce_monitor::violations(store, l, &filter, zone).map_err(ApiError::internal)
    })
    .await?;
    json(report)
}
