//! The HTTP API over a real store, through the real binary: every endpoint, the
//! OpenAPI document checked against the responses, and bad requests.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// GET that returns the status and the JSON body, whatever the status.
fn get(s: &Server, path: &str) -> (u16, Value) {
    let url = format!("{}{path}", s.base);
    let (code, body) = match ureq::get(&url).call() {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("{url}: {e}"),
    };
    let json =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{url}: not JSON ({e}): {body}"));
    (code, json)
}

#[test]
#[allow(clippy::too_many_lines)] // a test tells one scenario start to finish
fn every_endpoint_answers_as_its_openapi_document_says() {
    let (_dir, db) = one_act_store();
    let s = start(&db);

    let (code, spec) = get(&s, "/api/openapi.json");
    assert_eq!(code, 200);
    let (_, health) = get(&s, "/api/health");
    assert_eq!(health["documents"], 4);

    let (code, docs) = get(&s, "/api/documents?limit=10");
    assert_eq!(code, 200);
    let first = docs["documents"][0]["id"].as_str().unwrap().to_string();
    let (_, events) = get(&s, "/api/events?type=ASSAULT&place=arrat&actor=RUS");
    let strike = &events["events"][0];
    assert_eq!(strike["reports"], 3, "{strike:#}");
    let (_, found) = get(&s, "/api/documents?search=warplanes");
    assert_eq!(found["documents"].as_array().unwrap().len(), 1);
    // the lists the page fills its choices from
    let (_, words) = get(&s, "/api/vocabulary");
    assert_eq!(words["event_types"].as_array().map(Vec::len), Some(16));
    assert_eq!(words["event_types"][15], "ASSAULT", "{words}");
    assert_eq!(words["modality_default"], "asserted");
    let (code, _) = get(&s, "/api/vocabulary?lang=fr");
    assert_eq!(code, 400);

    // each path of the spec answers, and carries the fields its schema requires
    let cases = [
        ("/api/health", "/api/health", "Health"),
        ("/api/vocabulary", "/api/vocabulary", "Vocabulary"),
        ("/api/documents", "/api/documents", "DocumentList"),
        (
            "/api/documents/{id}",
            &format!("/api/documents/{}", &first[..10]) as &str,
            "Document",
        ),
        (
            "/api/documents/{id}/matches",
            &format!("/api/documents/{}/matches", &first[..10]) as &str,
            "DocumentMatches",
        ),
        ("/api/events", "/api/events?modality=any", "EventList"),
        ("/api/acts", "/api/acts?modality=any", "ActList"),
        (
            "/api/acts/{cluster}",
            &format!("/api/acts/{}", strike["cluster"]) as &str,
            "ActPage",
        ),
        (
            "/api/acts.geojson",
            "/api/acts.geojson",
            "FeatureCollection",
        ),
        (
            "/api/events/{cluster}",
            &format!("/api/events/{}", strike["cluster"]) as &str,
            "Event",
        ),
        (
            "/api/events.geojson",
            "/api/events.geojson",
            "FeatureCollection",
        ),
        ("/api/timeline", "/api/timeline?by=week", "Timeline"),
        ("/api/quotes", "/api/quotes?search=market", "QuoteList"),
        ("/api/actors", "/api/actors?search=russia", "ActorList"),
        ("/api/actors/{id}", "/api/actors/RUS", "Actor"),
        ("/api/places", "/api/places?limit=5", "PlaceList"),
        ("/api/places/{id}", "/api/places/SY-ID", "Place"),
        ("/api/agreements", "/api/agreements", "AgreementList"),
        ("/api/regimes/{id}", "/api/regimes/idlib", "Regime"),
        (
            "/api/regimes/{id}/evidence",
            "/api/regimes/idlib/evidence?agreement=sochi-2018",
            "EvidenceSuggestions",
        ),
        (
            "/api/violations",
            "/api/violations?from=2019-05-01&to=2019-05-31",
            "Violations",
        ),
    ];
    for (path, url, schema) in cases {
        assert!(
            spec["paths"][path]["get"].is_object(),
            "{path} missing from the spec"
        );
        let (code, body) = get(&s, url);
        assert_eq!(code, 200, "{url}: {body}");
        for field in spec["components"]["schemas"][schema]["required"]
            .as_array()
            .unwrap()
        {
            let f = field.as_str().unwrap();
            assert!(
                body.get(f).is_some(),
                "{url} lacks {f} required by {schema}: {body}"
            );
        }
    }
    // the spec lists every endpoint the tests call (and the verdict, split, join, status
    // and decision endpoints, the list of regimes and the export, tested below; the upload
    // shares its path)
    assert_eq!(
        spec["paths"].as_object().unwrap().len(),
        cases.len() + 11 + 9
    );
    assert!(spec["paths"]["/api/export"]["get"].is_object());

    // the map's points are the located events, one per act
    let (_, geo) = get(&s, "/api/events.geojson?type=ASSAULT");
    let features = geo["features"].as_array().unwrap();
    assert!(!features.is_empty());
    for f in features {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(c[0].as_f64().unwrap().abs() <= 180.0 && c[1].as_f64().unwrap().abs() <= 90.0);
    }
    // the world grid counts every located act once, whatever the list's limit
    let (_, grid) = get(&s, "/api/events.geojson?grid=1&modality=any");
    let counted: i64 = grid["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["events"].as_i64().unwrap())
        .sum();
    let (_, all) = get(&s, "/api/events?modality=any&limit=1000");
    let located = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            c["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["lat"].is_number())
        })
        .count();
    assert_eq!(counted as usize, located, "{grid:#}");
    assert!(
        grid["features"].as_array().unwrap().len() < located,
        "acts share cells"
    );
    // the timeline counts acts, not reports: the strike told three times counts once
    let (_, tl) = get(
        &s,
        "/api/timeline?type=ASSAULT&from=2019-05-06&to=2019-05-06",
    );
    let total: i64 = tl["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_i64().unwrap())
        .sum();
    let (_, listed) = get(&s, "/api/events?type=ASSAULT&from=2019-05-06&to=2019-05-06");
    assert_eq!(total as usize, listed["events"].as_array().unwrap().len());

    // by actor: each act once for each of its actors, so Russia's day holds its acts
    let (code, by_actor) = get(&s, "/api/timeline?series=actor&modality=any");
    assert_eq!(code, 200, "{by_actor}");
    assert_eq!(by_actor["series"], "actor");
    let russia_on = |day: &str| -> i64 {
        by_actor["points"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["actor"] == "RUS" && p["date"] == day)
            .map(|p| p["events"].as_i64().unwrap())
            .sum()
    };
    let (_, rus) = get(
        &s,
        "/api/events?actor=RUS&modality=any&from=2019-05-06&to=2019-05-06",
    );
    let acts_of_russia = rus["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["actors"].as_array().unwrap().iter().any(|a| a == "RUS"))
        .count();
    assert!(acts_of_russia > 0);
    assert_eq!(
        russia_on("2019-05-06") as usize,
        acts_of_russia,
        "{by_actor:#}"
    );
    let (code, _) = get(&s, "/api/timeline?series=place");
    assert_eq!(code, 400);

    // one document with its annotations
    let (_, d) = get(&s, &format!("/api/documents/{first}"));
    assert!(d["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["kind"] == "actor"));
    let text = d["document"]["text"].as_str().unwrap();
    for e in d["events"].as_array().unwrap() {
        for x in e["evidence"].as_array().unwrap() {
            let (a, b) = (
                x["start"].as_u64().unwrap() as usize,
                x["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text[a..b],
                x["text"].as_str().unwrap(),
                "evidence spans slice the text"
            );
        }
    }
}

#[test]
fn bad_requests_are_json_errors_naming_the_parameter() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    for (url, code, parameter) in [
        ("/api/events?typo=1", 400, Some("typo")),
        ("/api/events?type=BOMBING", 400, Some("type")),
        ("/api/events?from=2019-13-01", 400, Some("from")),
        ("/api/events?from=2019-05-08&to=2019-05-01", 400, Some("to")),
        ("/api/events?limit=many", 400, Some("limit")),
        ("/api/events?limit=99999", 400, Some("limit")),
        ("/api/events?modality=maybe", 400, Some("modality")),
        ("/api/timeline?by=month", 400, Some("by")),
        ("/api/documents?offset=-1", 400, Some("offset")),
        ("/api/documents/ffffffffffff", 404, None),
        ("/api/documents/xyz", 404, None),
        ("/api/events/999999", 404, None),
        ("/api/events/first", 400, Some("cluster")),
        ("/api/no-such-thing", 404, None),
        ("/api/violations?regime=nowhere", 400, Some("regime")),
        ("/api/violations?zone=nowhere", 400, Some("zone")),
        ("/api/violations?from=May", 400, Some("from")),
        ("/api/violations?type=ASSAULT", 400, Some("type")),
        ("/api/regimes/nowhere", 404, None),
        ("/api/regimes/idlib?on=yesterday", 400, Some("on")),
        ("/api/regimes/idlib?colour=red", 400, Some("colour")),
        (
            "/api/regimes/idlib/evidence?agreement=yalta",
            400,
            Some("agreement"),
        ),
        (
            "/api/regimes/idlib/evidence?provision=p1",
            400,
            Some("provision"),
        ),
        (
            "/api/regimes/idlib/evidence?agreement=sochi-2018&provision=p9",
            400,
            Some("provision"),
        ),
        ("/api/regimes/idlib/evidence?limit=500", 400, Some("limit")),
        ("/api/agreements?status=signed", 400, Some("status")),
        ("/api/events.geojson?grid=0", 400, Some("grid")),
        ("/api/events.geojson?grid=wide", 400, Some("grid")),
        ("/api/events.geojson?grid=1&limit=10", 400, Some("limit")),
        (
            "/api/documents?search=a1+a2+a3+a4+a5+a6+a7+a8+a9+a10+a11+a12+a13+a14+a15+a16+a17+a18+a19+a20+a21+a22+a23+a24+a25+a26+a27+a28+a29+a30+a31+a32+a33",
            400,
            Some("search"),
        ),
    ] {
        let (got, body) = get(&s, url);
        assert_eq!(got, code, "{url}: {body}");
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{url}: {body}"
        );
        assert_eq!(body["parameter"].as_str(), parameter, "{url}: {body}");
    }
    // the workbench and its basemap are served from the binary
    let page = ureq::get(&format!("{}/", s.base)).call().unwrap();
    assert!(page.content_type().starts_with("text/html"));
    let map: Value = ureq::get(&format!("{}/basemap.json", s.base))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert!(map["countries"].as_array().unwrap().len() > 150);
    // the page's modules, from its entry through every import, are served as JavaScript
    let html = page.into_string().unwrap();
    assert!(html.contains(r#"<script type="module" src="js/main.js">"#));
    let mut modules = vec!["js/main.js".to_string()];
    let mut seen = std::collections::BTreeSet::new();
    while let Some(path) = modules.pop() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let answer = ureq::get(&format!("{}/{path}", s.base)).call().unwrap();
        assert!(
            answer.content_type().starts_with("text/javascript"),
            "{path}"
        );
        let text = answer.into_string().unwrap();
        for line in text.lines().filter(|l| l.starts_with("import ")) {
            let name = line.split("\"./").nth(1).and_then(|r| r.split('"').next());
            modules.push(format!("js/{}", name.expect(line)));
        }
    }
    assert!(seen.len() >= 8, "{seen:?}");
}

/// POST with a JSON body; returns the status and the JSON answer.
fn post(s: &Server, path: &str, body: &str) -> (u16, Value) {
    post_bytes(s, path, "application/json", body.as_bytes())
}

/// POST with any body; returns the status and the JSON answer.
fn post_bytes(s: &Server, path: &str, content_type: &str, body: &[u8]) -> (u16, Value) {
    let url = format!("{}{path}", s.base);
    let (code, text) = match ureq::post(&url)
        .set("content-type", content_type)
        .send_bytes(body)
    {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("{url}: {e}"),
    };
    (
        code,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}")),
    )
}

#[test]
fn the_acts_paths_answer_as_their_older_names_do() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (_, old) = get(&s, "/api/events?modality=any");
    let (code, new) = get(&s, "/api/acts?modality=any");
    assert_eq!(code, 200, "{new}");
    assert_eq!(new["acts"], old["events"]);
    let number = new["acts"][0]["act"].as_i64().unwrap();
    assert_eq!(new["acts"][0]["cluster"].as_i64(), Some(number));
    let (_, one) = get(&s, &format!("/api/acts/{number}"));
    let (_, older) = get(&s, &format!("/api/events/{number}"));
    assert_eq!(one["act"], older["event"]);
    let (_, map) = get(&s, "/api/acts.geojson");
    let (_, older_map) = get(&s, "/api/events.geojson");
    assert_eq!(map, older_map);
    assert!(map["features"][0]["properties"]["act"].is_i64(), "{map}");
    // an analyst's verdict through the new path is the act's verdict under both names
    let (code, r) = post(
        &s,
        &format!("/api/acts/{number}/verification"),
        r#"{"status": "confirmed", "analyst": "tester", "version": 0}"#,
    );
    assert_eq!(code, 200, "{r}");
    let (_, older) = get(&s, &format!("/api/events/{number}"));
    assert_eq!(older["event"]["verification"]["status"], "confirmed");
    for action in ["split", "join"] {
        let (code, r) = post(&s, &format!("/api/acts/{number}/{action}"), "{}");
        assert_eq!(code, 400, "{action}: {r}");
    }
    let (code, r) = get(&s, "/api/acts/999999");
    assert_eq!(code, 404, "{r}");
    assert!(
        r["error"].as_str().unwrap().contains("no act #999999"),
        "{r}"
    );
}

#[test]
fn analysts_verdicts_are_stored_listed_and_checked() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (_, events) = get(&s, "/api/events?type=ASSAULT&place=arrat&actor=RUS");
    let cluster = events["events"][0]["cluster"].as_i64().unwrap();
    assert!(events["events"][0]["verification"].is_null());
    let path = format!("/api/events/{cluster}/verification");

    let (code, r) = post(
        &s,
        &path,
        r#"{"status": "confirmed", "analyst": "tester", "note": "three sources", "version": 0}"#,
    );
    assert_eq!(code, 200, "{r}");
    assert_eq!(r["verification"]["version"], 1, "{r}");
    // the verdict is in the audit trail, from the client's address
    let trail = stdout(&run(&db, &["audit", "list", "--json", "--limit", "1"]));
    let newest: Value = serde_json::from_str(trail.lines().next().unwrap()).unwrap();
    assert_eq!(newest["action"], "act.verdict", "{newest}");
    assert_eq!(newest["actor"], "tester");
    assert_eq!(newest["origin"], "api from 127.0.0.1", "{newest}");
    let (code, r) = post(
        &s,
        &path,
        r#"{"status": "corrected", "analyst": "tester", "version": 1, "correction": {"date": "2019-05-05"}}"#,
    );
    assert_eq!(code, 200, "{r}");
    // the latest verdict is the status; the list shows the act as corrected
    let (_, after) = get(&s, "/api/events?type=ASSAULT&place=arrat&actor=RUS");
    let act = &after["events"][0];
    let v = &act["verification"];
    assert_eq!(v["status"], "corrected");
    assert_eq!(v["correction"]["date"]["value"], "2019-05-05");
    assert_eq!(v["analyst"], "tester");
    assert_eq!(act["date"], "2019-05-05", "{act}");
    assert_eq!(act["machine"]["date"]["value"], "2019-05-06", "{act}");
    assert_eq!(act["version"], 2);

    for (body, parameter) in [
        ("not json", "body"),
        (r#"{"analyst": "x", "version": 3}"#, "status"),
        (
            r#"{"status": "maybe", "analyst": "x", "version": 3}"#,
            "status",
        ),
        (r#"{"status": "confirmed", "version": 3}"#, "analyst"),
        (r#"{"status": "confirmed", "analyst": "x"}"#, "version"),
        (
            r#"{"status": "confirmed", "analyst": "x", "colour": "red", "version": 3}"#,
            "colour",
        ),
        (
            r#"{"status": "corrected", "analyst": "x", "version": 3}"#,
            "correction",
        ),
        (
            r#"{"status": "rejected", "analyst": "x", "version": 3, "correction": {"date": "2019-05-05"}}"#,
            "correction",
        ),
        (
            r#"{"status": "corrected", "analyst": "x", "version": 3, "correction": {"type": "BOMBING"}}"#,
            "correction.type",
        ),
        (
            r#"{"status": "corrected", "analyst": "x", "version": 3, "correction": {"date": "May 5"}}"#,
            "correction.date",
        ),
        (
            r#"{"status": "corrected", "analyst": "x", "version": 3, "correction": {"colour": "red"}}"#,
            "correction.colour",
        ),
        (
            r#"{"status": "corrected", "analyst": "x", "version": 3, "correction": {"place": "nowhere:1"}}"#,
            "correction.place",
        ),
        (
            r#"{"status": "corrected", "analyst": "x", "version": 3, "correction": {"modality": "maybe"}}"#,
            "correction.modality",
        ),
    ] {
        let (code, r) = post(&s, &path, body);
        assert_eq!(code, 400, "{body}: {r}");
        assert_eq!(r["parameter"], parameter, "{body}: {r}");
    }
    let (code, r) = post(
        &s,
        "/api/events/999999/verification",
        r#"{"status": "confirmed", "analyst": "x", "version": 0}"#,
    );
    assert_eq!(code, 404, "{r}");
    let (code, r) = post(
        &s,
        "/api/events/abc/verification",
        r#"{"status": "confirmed", "analyst": "x", "version": 0}"#,
    );
    assert_eq!(code, 400, "{r}");
}

/// Two analysts' corrections of different fields add up, the act's page keeps both in its
/// history, and a verdict on a version another analyst has moved past gets 409 with the
/// act as it now stands.
#[test]
fn corrections_add_up_and_a_stale_verdict_is_refused() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (_, events) = get(&s, "/api/acts?type=ASSAULT&place=arrat&actor=RUS");
    let cluster = events["acts"][0]["act"].as_i64().unwrap();
    let path = format!("/api/acts/{cluster}/verification");
    for body in [
        r#"{"status": "confirmed", "analyst": "tester", "version": 0}"#,
        r#"{"status": "corrected", "analyst": "tester", "version": 1, "correction": {"date": "2019-05-05"}}"#,
    ] {
        let (code, r) = post(&s, &path, body);
        assert_eq!(code, 200, "{r}");
    }
    // a second analyst's correction of another field adds to the first
    let (code, r) = post(
        &s,
        &path,
        r#"{"status": "corrected", "analyst": "second", "version": 2, "correction": {"type": "COERCE", "recipients": ["civilians", "SY-ID"], "modality": "asserted"}}"#,
    );
    assert_eq!(code, 200, "{r}");
    let changed: Vec<&str> = r["verification"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["type", "recipients"], "only what changed: {r}");
    let (_, one) = get(&s, &format!("/api/acts/{cluster}"));
    let act = &one["act"];
    assert_eq!(act["type"], "COERCE", "{act}");
    assert_eq!(
        act["date"], "2019-05-05",
        "the first correction holds: {act}"
    );
    assert_eq!(act["history"].as_array().unwrap().len(), 3, "{act}");
    let second_changes = act["history"][1]["changes"].as_array().unwrap();
    assert_eq!(
        second_changes[0]["field"], "status",
        "confirmed -> corrected"
    );
    assert_eq!(second_changes[1]["field"], "date");
    assert_eq!(second_changes[1]["before"]["value"], "2019-05-06");
    assert_eq!(act["history"][2]["analyst"], "second");
    let (_, assaults) = get(&s, "/api/acts?type=ASSAULT&place=arrat");
    assert!(assaults["acts"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["act"] != cluster));
    let (_, coerce) = get(&s, "/api/acts?type=COERCE&place=arrat");
    assert!(coerce["acts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["act"] == cluster));

    // a verdict on a version another analyst has moved past is refused, with the act now
    let (code, r) = post(
        &s,
        &path,
        r#"{"status": "rejected", "analyst": "late", "version": 2}"#,
    );
    assert_eq!(code, 409, "{r}");
    assert_eq!(r["parameter"], "version");
    assert_eq!(r["current"]["version"], 3, "{r}");
    assert_eq!(r["current"]["type"], "COERCE");
    let (_, one) = get(&s, &format!("/api/acts/{cluster}"));
    assert_eq!(
        one["act"]["history"].as_array().unwrap().len(),
        3,
        "nothing recorded"
    );
}

/// The regime endpoints serve what `truce regime` and `truce violations` print: the same
/// regimes, and the same counts over the same store.
#[test]
fn regimes_and_violations_match_the_command_line() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (code, list) = get(&s, "/api/regimes");
    assert_eq!(code, 200);
    assert_eq!(list[0]["id"], "idlib");
    assert!(list[0]["zones"]
        .as_array()
        .unwrap()
        .iter()
        .any(|z| z["id"] == "idlib-dez"));

    let (_, regime) = get(&s, "/api/regimes/idlib");
    let zones = regime["zones_geojson"]["features"].as_array().unwrap();
    assert_eq!(zones[0]["properties"]["id"], "idlib-dez");
    let ring = &zones[0]["geometry"]["coordinates"][0][0];
    assert!(
        ring.as_array().unwrap().len() > 10,
        "the zone is drawn: {ring}"
    );
    assert!(regime["agreements"].as_array().unwrap().len() >= 2);

    let (code, api) = get(&s, "/api/violations?from=2019-05-01&to=2019-05-31");
    assert_eq!(code, 200, "{api}");
    let cli = violations_in_may_2019(&db);
    assert_eq!(api["days"], cli["days"]);
    assert_eq!(api["by_party"], cli["by_party"]);
    assert_eq!(
        api["events"].as_array().unwrap().len(),
        cli["events"].as_array().unwrap().len()
    );
    assert!(api["by_party"]["RUS"].as_u64().unwrap() >= 1, "{api:#}");
    // a month without acts in the store counts nothing
    let (_, empty) = get(&s, "/api/violations?from=2020-01-01&to=2020-01-31");
    assert!(empty["days"].as_array().unwrap().is_empty(), "{empty}");
}

/// Provision statuses recorded through the API are what `truce regime show` reads, and
/// bad changes are refused naming the field, leaving the record as it was.
#[test]
fn provision_statuses_are_recorded_checked_and_read_back() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (_, events) = get(&s, "/api/events?type=ASSAULT&place=arrat&actor=RUS");
    let cluster = events["events"][0]["cluster"].as_i64().unwrap();
    let body = format!(
        r#"{{"agreement": "moscow-2020", "provision": "p1", "level": 1, "date": "2020-03-06",
            "evidence": [{{"kind": "event", "id": "{cluster}"}}], "analyst": "tester", "note": "shaky"}}"#
    );
    let (code, r) = post(&s, "/api/regimes/idlib/status", &body);
    assert_eq!(code, 200, "{r}");
    assert_eq!(r["status"]["level"], 1);
    assert!(!r["status"]["recorded_at"].as_str().unwrap().is_empty());

    let (_, regime) = get(&s, "/api/regimes/idlib?on=2020-03-20");
    assert_eq!(regime["as_of"], "2020-03-20");
    let records = regime["provision_records"].as_array().unwrap();
    let p1 = records
        .iter()
        .find(|r| r["agreement"] == "moscow-2020" && r["provision"] == "p1")
        .unwrap();
    assert_eq!(p1["level_name"], "minimal");
    assert_eq!(p1["history"][0]["note"], "shaky");
    let patrols = records
        .iter()
        .find(|r| r["agreement"] == "moscow-2020" && r["provision"] == "p3")
        .unwrap();
    assert_eq!(patrols["deadline_state"], "no_evidence");
    assert_eq!(patrols["flagged"], true);
    // the command line reads the same record from the same store
    let out = run(
        &db,
        &["regime", "show", "idlib", "--on", "2020-03-20", "--json"],
    );
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli["provision_records"], regime["provision_records"]);

    for (body, parameter) in [
        ("[]", "body"),
        (
            r#"{"provision": "p1", "level": 0, "analyst": "x"}"#,
            "agreement",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 0}"#,
            "analyst",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 7, "analyst": "x"}"#,
            "level",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 0, "analyst": "x", "mood": 1}"#,
            "mood",
        ),
        (
            r#"{"agreement": "yalta", "provision": "p1", "level": 0, "analyst": "x"}"#,
            "agreement",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p7", "level": 0, "analyst": "x"}"#,
            "provision",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 0, "analyst": "x", "date": "2019-01-01"}"#,
            "date",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 0, "analyst": "x", "date": "March"}"#,
            "date",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 2, "analyst": "x"}"#,
            "evidence",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 2, "analyst": "x", "evidence": "event 3"}"#,
            "evidence",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 2, "analyst": "x", "evidence": [{"kind": "event", "id": "987654"}]}"#,
            "evidence",
        ),
        (
            r#"{"agreement": "moscow-2020", "provision": "p1", "level": 2, "analyst": "x", "evidence": [{"kind": "quote", "id": "ffffffffff:0"}]}"#,
            "evidence",
        ),
    ] {
        let (code, r) = post(&s, "/api/regimes/idlib/status", body);
        assert_eq!(code, 400, "{body}: {r}");
        assert_eq!(r["parameter"], parameter, "{body}: {r}");
    }
    let (code, _) = post(&s, "/api/regimes/nowhere/status", &body);
    assert_eq!(code, 404);
    let (_, after) = get(&s, "/api/regimes/idlib?on=2020-03-20");
    let history: usize = after["provision_records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["history"].as_array().unwrap().len())
        .sum();
    assert_eq!(history, 1, "refused changes leave nothing behind");
}

/// The Tehran summit report of the demo proposes the leaders' closing statement as an
/// agreement; an analyst edits its date, then rejects it, through the API; the command
/// line shows the same decisions; bad decisions are refused naming the field.
#[test]
fn proposed_agreements_are_accepted_edited_or_rejected() {
    let dir = open_tempdir();
    let db = dir.path().join("t.db");
    let report =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo/2018-09-07-tehran-summit.txt");
    let out = run(
        &db,
        &[
            "ingest",
            report.to_str().unwrap(),
            "--published",
            "2018-09-07",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let s = start(&db);
    let (_, list) = get(&s, "/api/agreements?status=proposed");
    let proposals = list["agreements"].as_array().unwrap();
    assert_eq!(proposals.len(), 1, "{list:#}");
    let a = &proposals[0];
    assert_eq!(
        a["agreement"]["parties"],
        serde_json::json!(["IRN", "RUS", "TUR"])
    );
    assert_eq!(a["agreement"]["status"], "proposed");
    let id = a["id"].as_i64().unwrap();
    let path = format!("/api/agreements/{id}/decision");

    let (code, r) = post(
        &s,
        &path,
        r#"{"decision": "edited", "analyst": "tester", "note": "the summit day", "edit": {"date": "2018-09-07", "name": "Tehran joint statement"}}"#,
    );
    assert_eq!(code, 200, "{r}");
    let (_, edited) = get(&s, "/api/agreements?status=edited");
    let e = &edited["agreements"][0];
    assert_eq!(e["agreement"]["name"], "Tehran joint statement");
    assert_eq!(e["agreement"]["status"], "edited");
    assert_eq!(
        e["proposal"]["name"], a["proposal"]["name"],
        "the proposal is kept"
    );
    assert_eq!(e["decision"]["analyst"], "tester");

    for (body, parameter) in [
        ("{}", "decision"),
        (r#"{"decision": "maybe", "analyst": "x"}"#, "decision"),
        (r#"{"decision": "accepted"}"#, "analyst"),
        (r#"{"decision": "edited", "analyst": "x"}"#, "edit"),
        (
            r#"{"decision": "accepted", "analyst": "x", "edit": {"name": "y"}}"#,
            "edit",
        ),
        (
            r#"{"decision": "edited", "analyst": "x", "edit": {"date": "Friday"}}"#,
            "edit.date",
        ),
        (
            r#"{"decision": "edited", "analyst": "x", "edit": {"parties": "RUS"}}"#,
            "edit.parties",
        ),
        (
            r#"{"decision": "edited", "analyst": "x", "edit": {"provisions": [{"text": "no topic"}]}}"#,
            "edit.provisions",
        ),
        (
            r#"{"decision": "edited", "analyst": "x", "edit": {"status": "accepted"}}"#,
            "edit.status",
        ),
        (
            r#"{"decision": "accepted", "analyst": "x", "mood": "good"}"#,
            "mood",
        ),
    ] {
        let (code, r) = post(&s, &path, body);
        assert_eq!(code, 400, "{body}: {r}");
        assert_eq!(r["parameter"], parameter, "{body}: {r}");
    }
    let (code, _) = post(
        &s,
        "/api/agreements/999/decision",
        r#"{"decision": "accepted", "analyst": "x"}"#,
    );
    assert_eq!(code, 404);

    let (code, _) = post(
        &s,
        &path,
        r#"{"decision": "rejected", "analyst": "second", "note": "a statement, not an agreement"}"#,
    );
    assert_eq!(code, 200);
    // the command line reads the latest decision from the same store
    let out = run(&db, &["agreements", "--json"]);
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(cli[0]["agreement"]["status"], "rejected");
    assert_eq!(cli[0]["decision"]["analyst"], "second");
    let (_, none) = get(&s, "/api/agreements?status=edited");
    assert!(none["agreements"].as_array().unwrap().is_empty());
}

/// The server's in-memory index of acts answers the timeline and the world grid exactly
/// as the store does, for every filter it takes, and is rebuilt when the store changes.
#[test]
fn the_in_memory_index_of_acts_answers_as_the_store_does() {
    let dir = open_tempdir();
    let db = dir.path().join("demo.db");
    assert!(run(&db, &["demo", "--quiet", "--no-serve"])
        .status
        .success());
    let store = truce_store::Store::open(&db, truce_store::Mode::Read).unwrap();
    let index = truce_monitor::acts::ActIndex::build(&store).unwrap();
    assert!(index.len() > 20, "{} acts", index.len());
    let filter =
        |kind: Option<&str>, modality: Option<&str>, from: Option<&str>, to: Option<&str>| {
            truce_store::EventFilter {
                kind: kind.map(|k| truce_model::EventType::parse_loose(k).unwrap()),
                modality: modality.map(|m| m.parse().unwrap()),
                from: from.map(str::to_string),
                to: to.map(str::to_string),
                ..Default::default()
            }
        };
    let filters = [
        filter(None, None, None, None),
        filter(None, Some("asserted"), None, None),
        filter(Some("ASSAULT"), Some("asserted"), None, None),
        filter(Some("consult"), None, None, None),
        filter(None, Some("future"), None, None),
        filter(None, None, Some("2018-10-01"), Some("2019-12-31")),
        filter(None, None, Some("2020-03"), None),
        filter(None, None, None, Some("2018")),
    ];
    let (mut nonempty, mut with_dead) = (0, 0);
    for f in &filters {
        assert!(truce_monitor::acts::ActIndex::answers(f));
        // the counts a list says it is out of
        assert_eq!(
            index.count(f),
            store.acts(f, 100_000).unwrap().len(),
            "{f:?}"
        );
        for weekly in [false, true] {
            let (a, b) = (
                index.timeline(f, weekly),
                store.timeline(f, weekly).unwrap(),
            );
            assert_eq!(a, b, "{f:?} weekly {weekly}");
            nonempty += usize::from(!a.is_empty());
            // the dead per day agree too, where the demo's acts have any
            with_dead += usize::from(a.iter().any(|p| p.killed > 0));
            // the remembered answer is this question's, and asked again it is not
            // worked out again
            let remembered = index.timeline_remembered(f, weekly);
            assert_eq!(*remembered, a, "{f:?} weekly {weekly}, remembered");
            assert!(std::sync::Arc::ptr_eq(
                &remembered,
                &index.timeline_remembered(f, weekly)
            ));
        }
        for g in [0.5, 1.0, 10.0] {
            let mut sql = store.grid(f, g).unwrap();
            sql.sort_by(|x, y| (x.lon, x.lat).partial_cmp(&(y.lon, y.lat)).unwrap());
            let remembered = index.grid_remembered(f, g);
            assert_eq!(*remembered, index.grid(f, g), "{f:?} grid {g}, remembered");
            assert!(std::sync::Arc::ptr_eq(
                &remembered,
                &index.grid_remembered(f, g)
            ));
            let mut mem = index.grid(f, g);
            mem.sort_by(|x, y| (x.lon, x.lat).partial_cmp(&(y.lon, y.lat)).unwrap());
            assert_eq!(sql.len(), mem.len(), "{f:?} grid {g}");
            for (x, y) in sql.iter().zip(&mem) {
                assert_eq!((x.events, x.latest), (y.events, y.latest), "{f:?} grid {g}");
                assert!((x.lon - y.lon).abs() < 1e-9 && (x.lat - y.lat).abs() < 1e-9);
            }
        }
    }
    assert!(nonempty >= 10, "the filters select acts");
    assert!(with_dead >= 2, "the demo's tolls are counted: {with_dead}");
    let actor = truce_store::EventFilter {
        actor: Some("RUS".into()),
        ..Default::default()
    };
    assert!(
        !truce_monitor::acts::ActIndex::answers(&actor),
        "actors go to the store"
    );

    // new reports change the store's version, so the running server rebuilds its index
    let before = store.acts_version().unwrap();
    assert_eq!(before, index.version());
    let s = start(&db);
    let url = "/api/timeline?from=2019-05-06&to=2019-05-06&type=ASSAULT";
    let (_, tl) = get(&s, url);
    assert!(tl["points"].as_array().unwrap().is_empty(), "{tl}");
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reports/one-act");
    let out = run(
        &db,
        &[
            "ingest",
            report.to_str().unwrap(),
            "--published",
            "2019-05-07",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_ne!(store.acts_version().unwrap(), before);
    let (_, tl) = get(&s, url);
    let fresh = store
        .timeline(
            &filter(
                Some("ASSAULT"),
                Some("asserted"),
                Some("2019-05-06"),
                Some("2019-05-06"),
            ),
            false,
        )
        .unwrap();
    assert_eq!(tl["points"].as_array().unwrap().len(), fresh.len());
    assert!(!fresh.is_empty());
}

/// A report of the market strike the one-act store holds three times, as a web page.
const FOURTH_REPORT: &str = "<html><head><title>Market raid: a fourth account</title>\
<meta property=\"og:site_name\" content=\"Valley Courier\"></head><body><nav>Home | World</nav>\
<article><h1>Market raid: a fourth account</h1><p>IDLIB -- Russian warplanes bombed the market \
in Maarat al-Numan on Monday, a civil defence volunteer said, and rescuers searched the rubble \
until the evening.</p><p>The volunteer said the market had been crowded with shoppers.</p></article>\
<footer>Copyright Valley Courier</footer></body></html>";

#[test]
fn an_uploaded_report_is_read_analysed_and_linked_as_ingest_does() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let strike = "/api/events?type=ASSAULT&place=arrat&actor=RUS";
    assert_eq!(get(&s, strike).1["events"][0]["reports"], 3);

    let path = "/api/documents?name=courier.html&published=2019-05-07";
    let (code, r) = post_bytes(&s, path, "text/html", FOURTH_REPORT.as_bytes());
    assert_eq!(code, 201, "{r}");
    assert_eq!(
        (r["new"].as_u64(), r["duplicates"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(r["events_linked"].as_u64().unwrap() >= 1, "{r}");
    let id = r["documents"][0].as_str().unwrap().to_string();

    // the page's body, title and publisher were read; actors, places and events found
    let (code, d) = get(&s, &format!("/api/documents/{id}"));
    assert_eq!(code, 200);
    assert_eq!(d["document"]["title"], "Market raid: a fourth account");
    assert_eq!(d["document"]["publisher"], "Valley Courier");
    let text = d["document"]["text"].as_str().unwrap();
    assert!(
        !text.contains("Home | World") && !text.contains("Copyright"),
        "{text}"
    );
    let named =
        |kind: &str, id: &str| {
            d["mentions"].as_array().unwrap().iter().any(|m| {
                m["kind"] == kind && m["entity"].as_str().is_some_and(|e| e.starts_with(id))
            })
        };
    assert!(
        named("actor", "RUS") && named("place", "geonames:"),
        "{d:#}"
    );
    assert!(d["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["type"] == "ASSAULT"));
    // and the strike is one act told by four reports now
    assert_eq!(get(&s, strike).1["events"][0]["reports"], 4);

    // the command line reads and analyses the same bytes into the same report
    let other = open_tempdir();
    let file = other.path().join("courier.html");
    std::fs::write(&file, FOURTH_REPORT).unwrap();
    let cli_db = other.path().join("cli.db");
    let out = run(
        &cli_db,
        &[
            "ingest",
            file.to_str().unwrap(),
            "--published",
            "2019-05-07",
            "--quiet",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(&cli_db, &["documents", "--json"]);
    let listed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(listed[0]["id"].as_str(), Some(id.as_str()), "{listed:#}");

    // the same bytes again are stored once
    let (code, again) = post_bytes(&s, path, "text/html", FOURTH_REPORT.as_bytes());
    assert_eq!(code, 200, "{again}");
    assert_eq!(
        (again["new"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(1))
    );

    // bad uploads are refused, naming what is wrong, and store nothing
    let mut elf = b"\x7fELF\x02\x01\x01\x00".to_vec();
    elf.extend(std::iter::repeat_n(0u8, 600));
    let huge = vec![b'a'; truce_server::BODY_LIMIT + 1];
    for (url, body, code, parameter) in [
        ("/api/documents", &b""[..], 400, "body"),
        ("/api/documents?name=tool", &elf[..], 400, "body"),
        (
            "/api/documents?published=soon",
            &b"Text."[..],
            400,
            "published",
        ),
        ("/api/documents?author=me", &b"Text."[..], 400, "author"),
        ("/api/documents", &huge[..], 413, "body"),
    ] {
        let (got, e) = post_bytes(&s, url, "application/octet-stream", body);
        assert_eq!(got, code, "{url}: {e}");
        assert_eq!(e["parameter"], parameter, "{url}: {e}");
        assert!(e["error"].as_str().is_some_and(|m| m.len() > 20), "{e}");
    }
    assert_eq!(get(&s, "/api/health").1["documents"], 5);

    // while another writer (an ingest) holds the store, an upload is told to try again
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(format!("{}.lock", db.display()))
        .unwrap();
    lock.try_lock().expect("no writer holds the store now");
    let other = "OTHER -- A report that waits for the store.".as_bytes();
    let (code, e) = post_bytes(&s, "/api/documents", "text/plain", other);
    assert_eq!(code, 503, "{e}");
    assert!(
        e["error"]
            .as_str()
            .is_some_and(|m| m.contains("in use") || m.contains("another")),
        "{e}"
    );
    lock.unlock().unwrap();
    let (code, r) = post_bytes(&s, "/api/documents", "text/plain", other);
    assert_eq!(code, 201, "{r}");
    assert_eq!(get(&s, "/api/health").1["documents"], 6);
}

#[test]
fn actors_and_places_are_listed_searched_and_shown_with_their_reports() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (code, list) = get(&s, "/api/actors?limit=100");
    assert_eq!(code, 200);
    let actors = list["actors"].as_array().unwrap();
    // the most reported first: Russia is in three of the four reports
    let rus = actors
        .iter()
        .find(|a| a["id"] == "RUS")
        .expect("Russia listed");
    assert_eq!(rus["documents"], 3, "{rus}");
    assert!(rus["mentions"].as_i64().unwrap() >= 1);
    let counts: Vec<i64> = actors
        .iter()
        .map(|a| a["documents"].as_i64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");

    // search by words of a name, any case
    let (_, found) = get(&s, "/api/actors?search=turk");
    let ids: Vec<&str> = found["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"TUR") && !ids.contains(&"RUS"), "{ids:?}");

    // an actor's page: its reports, newest first, and what it said
    let (code, page) = get(&s, "/api/actors/RUS");
    assert_eq!(code, 200);
    assert_eq!(page["actor"]["name"], "Russia");
    assert_eq!(page["documents"].as_array().unwrap().len(), 3);
    assert!(page["quotes"].is_array());

    // places, with where they are
    // names are found however they are transliterated
    let (_, places) = get(&s, "/api/places?search=Maarat%20al-Numan");
    let town = &places["places"][0];
    assert_eq!(town["detail"]["country"], "SY", "{places:#}");
    assert!(town["detail"]["lat"]
        .as_f64()
        .is_some_and(|lat| (35.0..37.0).contains(&lat)));
    let id = town["id"].as_str().unwrap();
    let (code, page) = get(&s, &format!("/api/places/{id}"));
    assert_eq!(code, 200, "{page}");
    assert_eq!(
        page["documents"].as_array().unwrap().len() as i64,
        town["documents"].as_i64().unwrap()
    );

    for (url, code, parameter) in [
        ("/api/actors/NOBODY", 404, None),
        ("/api/places/geonames:0", 404, None),
        ("/api/actors?limit=5000", 400, Some("limit")),
        ("/api/places?near=Idlib", 400, Some("near")),
        ("/api/actors/RUS?full=1", 400, Some("full")),
    ] {
        let (got, body) = get(&s, url);
        assert_eq!(got, code, "{url}: {body}");
        assert_eq!(body["parameter"].as_str(), parameter, "{url}: {body}");
    }
}

#[allow(clippy::too_many_lines)] // a test tells one scenario start to finish
#[test]
fn acts_are_filtered_by_recipient_zone_and_verdict() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let clusters = |url: &str| -> Vec<i64> {
        let (code, body) = get(&s, url);
        assert_eq!(code, 200, "{url}: {body}");
        body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["cluster"].as_i64().unwrap())
            .collect()
    };
    let all = clusters("/api/events?modality=any");
    let strike = clusters("/api/events?type=ASSAULT&place=arrat&actor=RUS")[0];

    // recipient: Turkey's call on Russia, not Russia's own strike
    let (_, to_russia) = get(&s, "/api/events?recipient=RUS");
    let to_russia = to_russia["events"].as_array().unwrap().clone();
    assert!(!to_russia.is_empty());
    for c in &to_russia {
        assert!(
            c["recipients"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "RUS"),
            "{c}"
        );
    }
    assert!(!to_russia.iter().any(|c| c["cluster"] == strike));
    assert!(clusters("/api/events?actor=RUS").contains(&strike));

    // zone: the acts in Maarat al-Numan lie inside the Idlib zone, those at Tal Rifaat
    // (north of Aleppo) and those known only as "Idlib province" do not
    let (_, inside) = get(&s, "/api/events?zone=idlib-dez&modality=any");
    let inside = inside["events"].as_array().unwrap().clone();
    assert!(inside.iter().any(|c| c["cluster"] == strike));
    let (_, everything) = get(&s, "/api/events?modality=any");
    for c in everything["events"].as_array().unwrap() {
        let name = c["place_name"].as_str().unwrap_or("");
        let listed = inside.iter().any(|i| i["cluster"] == c["cluster"]);
        if name.contains("Rif") || c["place_precision"] == "region" || c["lat"].is_null() {
            assert!(!listed, "{c} is not inside the zone");
        }
        if name.contains("Nu") && c["place_precision"] == "exact" {
            assert!(listed, "{c} is inside the zone");
        }
    }
    // the timeline and the map count the same acts as the list
    let (_, tl) = get(&s, "/api/timeline?zone=idlib-dez&modality=any");
    let on_timeline: i64 = tl["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["events"].as_i64().unwrap())
        .sum();
    let dated = inside
        .iter()
        .filter(|c| c["date"].as_str().is_some_and(|d| d.len() == 10))
        .count();
    assert_eq!(on_timeline as usize, dated, "{tl}");
    let (_, grid) = get(
        &s,
        "/api/events.geojson?zone=idlib-dez&modality=any&grid=0.5",
    );
    let on_map: i64 = grid["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["events"].as_i64().unwrap())
        .sum();
    assert_eq!(on_map as usize, inside.len());

    // a box: the map's view around Maarat al-Numan holds the strike, not Tal Rifaat
    let (_, boxed) = get(
        &s,
        "/api/events.geojson?bbox=36.5,35.5,36.8,35.8&modality=any",
    );
    let boxed = boxed["features"].as_array().unwrap().clone();
    assert!(boxed.iter().any(|f| f["properties"]["cluster"] == strike));
    for f in &boxed {
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(
            (36.5..=36.8).contains(&lon) && (35.5..=35.8).contains(&lat),
            "{f}"
        );
    }
    let (_, with_zone) = get(
        &s,
        "/api/events?bbox=36.5,35.5,36.8,35.8&zone=idlib-dez&modality=any",
    );
    assert_eq!(with_zone["events"].as_array().unwrap().len(), boxed.len());

    // verdicts: confirmed, then listed by status
    assert_eq!(
        clusters("/api/events?status=unverified&modality=any").len(),
        all.len()
    );
    let (code, r) = post(
        &s,
        &format!("/api/events/{strike}/verification"),
        r#"{"status": "confirmed", "analyst": "tester", "version": 0}"#,
    );
    assert_eq!(code, 200, "{r}");
    assert_eq!(clusters("/api/events?status=confirmed"), vec![strike]);
    assert_eq!(clusters("/api/events?status=verified"), vec![strike]);
    assert!(clusters("/api/events?status=rejected").is_empty());
    let unverified = clusters("/api/events?status=unverified&modality=any");
    assert_eq!(unverified.len(), all.len() - 1);
    assert!(!unverified.contains(&strike));

    // the command line filters the same way
    let out = run(
        &db,
        &[
            "events",
            "--zone",
            "idlib-dez",
            "--modality",
            "any",
            "--json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let cli: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(cli.as_array().unwrap().len(), inside.len());
    let out = run(&db, &["events", "--zone", "gaza"]);
    assert_fails_saying(&out, &["no zone \"gaza\"", "idlib-dez"]);

    for (url, parameter) in [
        ("/api/events?zone=gaza", "zone"),
        ("/api/events?status=maybe", "status"),
        ("/api/timeline?zone=gaza", "zone"),
        ("/api/events?bbox=1,2,3", "bbox"),
        ("/api/events?bbox=40,30,35,35", "bbox"),
        ("/api/events.geojson?bbox=0,0,200,10", "bbox"),
        ("/api/events?bbox=a,b,c,d", "bbox"),
    ] {
        let (code, body) = get(&s, url);
        assert_eq!(code, 400, "{url}: {body}");
        assert_eq!(body["parameter"], parameter);
    }
}

#[test]
fn lists_come_in_pages_and_reports_filter_by_publisher_and_day() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let list = |url: &str, key: &str, field: &str| -> Vec<Value> {
        let (code, body) = get(&s, url);
        assert_eq!(code, 200, "{url}: {body}");
        body[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].clone())
            .collect()
    };
    // pages of a list are disjoint and together make the list
    for (base, key, field) in [
        ("/api/events?modality=any", "events", "cluster"),
        ("/api/quotes?", "quotes", "text"),
        ("/api/documents?", "documents", "id"),
    ] {
        let whole = list(&format!("{base}&limit=4"), key, field);
        assert!(whole.len() >= 3, "{base}: {whole:?}");
        let first = list(&format!("{base}&limit=2"), key, field);
        let rest = list(&format!("{base}&limit=2&offset=2"), key, field);
        assert_eq!([first, rest].concat(), whole, "{base}");
    }

    // reports by publication day and by publisher
    assert_eq!(
        list(
            "/api/documents?from=2019-05-07&to=2019-05-07",
            "documents",
            "id"
        )
        .len(),
        4
    );
    assert!(list("/api/documents?from=2019-05-08", "documents", "id").is_empty());
    assert!(list("/api/documents?to=2019-05-06", "documents", "id").is_empty());
    let (code, r) = post_bytes(
        &s,
        "/api/documents?publisher=Valley%20Courier&published=2019-06-01",
        "text/plain",
        b"IDLIB -- Aid trucks crossed into Idlib on Saturday, the United Nations said.",
    );
    assert_eq!(code, 201, "{r}");
    let courier = list("/api/documents?publisher=courier", "documents", "id");
    assert_eq!(courier, vec![r["documents"][0].clone()]);
    assert_eq!(
        list("/api/documents?from=2019-06-01", "documents", "id"),
        courier
    );
    assert_eq!(
        list(
            "/api/documents?search=trucks&publisher=courier",
            "documents",
            "id"
        ),
        courier
    );
    assert!(list(
        "/api/documents?search=trucks&to=2019-05-31",
        "documents",
        "id"
    )
    .is_empty());

    for (url, parameter) in [
        ("/api/documents?from=June", "from"),
        ("/api/events?offset=-1", "offset"),
        ("/api/quotes?offset=many", "offset"),
    ] {
        let (code, body) = get(&s, url);
        assert_eq!(code, 400, "{url}: {body}");
        assert_eq!(body["parameter"], parameter);
    }
}

#[test]
fn an_analyst_splits_a_report_out_of_an_act_and_joins_it_back() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let strike_url = "/api/events?type=ASSAULT&place=arrat&actor=RUS";
    let strike = get(&s, strike_url).1["events"][0].clone();
    assert_eq!(strike["reports"], 3);
    let cluster = strike["cluster"].as_i64().unwrap();
    let report = &strike["events"][1];
    let (document, event) = (
        report["document"].as_str().unwrap().to_string(),
        report["local"].as_str().unwrap().to_string(),
    );
    let body = |analyst: &str| {
        serde_json::json!({"document": document, "event": event, "analyst": analyst,
                           "note": "another day in this report"})
        .to_string()
    };
    let (code, r) = post(&s, &format!("/api/events/{cluster}/split"), &body("tester"));
    assert_eq!(code, 200, "{r}");
    let own = r["cluster"].as_i64().unwrap();
    assert_ne!(own, cluster);
    assert_eq!(
        get(&s, &format!("/api/events/{cluster}")).1["event"]["reports"],
        2
    );
    let (_, alone) = get(&s, &format!("/api/events/{own}"));
    assert_eq!(alone["event"]["reports"], 1);
    assert_eq!(alone["event"]["events"][0]["document"], document.as_str());

    // splitting it again from the act it left is refused; joining it back restores three
    let (code, e) = post(&s, &format!("/api/events/{cluster}/split"), &body("tester"));
    assert_eq!((code, e["parameter"].as_str()), (400, Some("event")), "{e}");
    let (code, r) = post(&s, &format!("/api/events/{cluster}/join"), &body("tester"));
    assert_eq!(code, 200, "{r}");
    assert_eq!(r["cluster"], cluster);
    assert_eq!(
        get(&s, &format!("/api/events/{cluster}")).1["event"]["reports"],
        3
    );

    let missing = serde_json::json!({"document": "ffffffffffff", "event": "e1", "analyst": "t"});
    for (path, body, code, parameter) in [
        (
            format!("/api/events/{cluster}/split"),
            missing.to_string(),
            404,
            None,
        ),
        (
            "/api/events/999999/join".to_string(),
            body("tester"),
            404,
            None,
        ),
        (
            format!("/api/events/{cluster}/split"),
            r#"{"document": "x"}"#.into(),
            400,
            Some("event"),
        ),
        (
            format!("/api/events/{cluster}/split"),
            serde_json::json!({"document": document, "event": event}).to_string(),
            400,
            Some("analyst"),
        ),
        (
            "/api/events/first/split".to_string(),
            body("tester"),
            400,
            Some("cluster"),
        ),
    ] {
        let (got, e) = post(&s, &path, &body);
        assert_eq!(got, code, "{path} {body}: {e}");
        assert_eq!(e["parameter"].as_str(), parameter, "{path}: {e}");
    }
}

/// A request with these extra headers; the status, the answer's headers of interest and
/// its body.
fn send(
    s: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Option<String>, String) {
    let mut request = ureq::request(method, &format!("{}{path}", s.base));
    for (name, value) in headers {
        request = request.set(name, value);
    }
    let answer = if method == "GET" {
        request.call()
    } else {
        request.send_string(body)
    };
    let r = match answer {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{path}: {e}"),
    };
    let csp = r.header("content-security-policy").map(str::to_string);
    (r.status(), csp, r.into_string().unwrap())
}

#[test]
fn other_pages_cannot_change_the_store_and_every_answer_carries_security_headers() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (_, acts) = get(&s, "/api/acts");
    let number = acts["acts"][0]["act"].as_i64().unwrap();
    let path = format!("/api/acts/{number}/verification");
    let verdict = r#"{"status": "rejected", "analyst": "intruder", "version": 0}"#;
    let json = ("content-type", "application/json");
    // a page elsewhere, by its Origin or its Referer, or an opaque origin
    for from in [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        ("referer", "http://evil.example/attack.html"),
    ] {
        let (code, _, body) = send(&s, "POST", &path, &[json, from], verdict);
        assert_eq!(code, 403, "{from:?}: {body}");
        assert!(body.contains("may not change this store"), "{body}");
    }
    // a form of another site posts text/plain without asking: not JSON, not taken
    let (code, _, body) = send(
        &s,
        "POST",
        &path,
        &[("content-type", "text/plain")],
        verdict,
    );
    assert_eq!(code, 415, "{body}");
    let upload = "/api/documents?name=x.txt";
    let (code, _, body) = send(
        &s,
        "POST",
        upload,
        &[("origin", "http://evil.example")],
        "IDLIB -- Shelling.",
    );
    assert_eq!(code, 403, "{body}");
    // nothing was recorded
    let (_, act) = get(&s, &format!("/api/acts/{number}"));
    assert!(act["act"]["verification"].is_null(), "{act}");
    assert_eq!(get(&s, "/api/health").1["documents"], 4);
    // a name that is not this server's (a page rebinding its own name to this address)
    let (code, _, body) = send(&s, "GET", "/api/acts", &[("host", "evil.example:8080")], "");
    assert_eq!(code, 403, "{body}");
    assert!(body.contains("--allow-host"), "{body}");
    // the server's own page may record, and every answer forbids framing and scripts
    // from elsewhere
    let own = s.base.trim_end_matches('/').to_string();
    let (code, csp, body) = send(
        &s,
        "POST",
        &path,
        &[json, ("origin", own.as_str())],
        r#"{"status": "confirmed", "analyst": "tester", "version": 0}"#,
    );
    assert_eq!(code, 200, "{body}");
    for page in ["/", "/js/main.js", "/api/health", "/api/nothing-here"] {
        let (_, csp, _) = send(&s, "GET", page, &[], "");
        let csp = csp.unwrap_or_else(|| panic!("{page} has no Content-Security-Policy"));
        assert!(
            csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{page}: {csp}"
        );
    }
    assert!(csp.is_some());
    let page = ureq::get(&format!("{}/", s.base)).call().unwrap();
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
}

#[test]
fn an_upload_of_lines_that_are_no_report_gets_a_short_answer() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let body = "{}\n".repeat(200_000);
    let url = format!("{}/api/documents?name=objects.jsonl", s.base);
    let (code, text) = match ureq::post(&url)
        .set("content-type", "application/x-ndjson")
        .send_string(&body)
    {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(code, 400, "{}", &text[..text.len().min(500)]);
    assert!(text.len() < 64 * 1024, "an answer of {} bytes", text.len());
    assert!(
        text.contains("200000 rejected, the first 100 listed"),
        "{}",
        &text[..text.len().min(500)]
    );
}

/// Uploads at once take turns at the server's one writer: none is refused while the
/// queue has room, none is lost.
#[test]
fn concurrent_uploads_take_turns_and_none_is_refused_or_lost() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let before = get(&s, "/api/health").1["documents"].as_i64().unwrap();
    let base = s.base.clone();
    let uploads: Vec<_> = (0..8)
        .map(|i| {
            let url = format!("{base}/api/documents?name=r{i}.txt");
            std::thread::spawn(move || {
                let body = format!(
                    "Talks in round {i}\n\nGENEVA -- Delegations met for round {i} of the talks on Tuesday, a spokesman said; the round number {i} was agreed in advance.\n"
                );
                match ureq::post(&url).send_string(&body) {
                    Ok(r) => (r.status(), r.into_string().unwrap()),
                    Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
                    Err(e) => panic!("{e}"),
                }
            })
        })
        .collect();
    for u in uploads {
        let (code, body) = u.join().unwrap();
        assert_eq!(code, 201, "{body}");
    }
    let after = get(&s, "/api/health").1["documents"].as_i64().unwrap();
    assert_eq!(after, before + 8);
}

/// The body's Content-Type says how an upload is read: a form is unpacked to its file (its
/// MIME headers are not the report's text), declared formats are read as declared, and a
/// type truce cannot read is refused by name.
#[test]
fn an_upload_is_read_by_its_content_type_and_a_form_is_unpacked() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let boundary = "truce-form-boundary-7f3a";
    let report = "Market reopens\n\nARRAT -- Traders reopened the covered market on Monday, officials said.\n";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nnot the report\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"market.txt\"\r\n\
         Content-Type: text/plain\r\n\r\n{report}\r\n--{boundary}--\r\n"
    );
    let (code, r) = post_bytes(
        &s,
        "/api/documents",
        &format!("multipart/form-data; boundary={boundary}"),
        form.as_bytes(),
    );
    assert_eq!(code, 201, "{r}");
    let id = r["documents"][0].as_str().unwrap();
    let (_, d) = get(&s, &format!("/api/documents/{id}"));
    let text = d["document"]["text"].as_str().unwrap();
    assert!(
        text.contains("Traders reopened the covered market"),
        "{text}"
    );
    assert!(
        !text.contains("Content-Disposition")
            && !text.contains(boundary)
            && !text.contains("not the report"),
        "{text}"
    );

    // declared as text, a body that looks like a web page is kept as the text it is
    let page = "<html><body><p>Angle brackets in a plain note from the field.</p></body></html>";
    let (code, r) = post_bytes(
        &s,
        "/api/documents",
        "text/plain; charset=utf-8",
        page.as_bytes(),
    );
    assert_eq!(code, 201, "{r}");
    let id = r["documents"][0].as_str().unwrap();
    let (_, d) = get(&s, &format!("/api/documents/{id}"));
    assert!(
        d["document"]["text"].as_str().unwrap().contains("<p>"),
        "{d}"
    );

    let before = get(&s, "/api/health").1["documents"].clone();
    for media in [
        "application/pdf",
        "application/x-www-form-urlencoded",
        "image/png",
    ] {
        let (code, e) = post_bytes(&s, "/api/documents", media, b"Some bytes of a report.");
        assert_eq!(code, 415, "{media}: {e}");
        assert_eq!(e["parameter"], "Content-Type", "{e}");
        let message = e["error"].as_str().unwrap();
        assert!(
            message.contains(media) && message.contains("text/plain"),
            "{message}"
        );
    }
    let form = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--{boundary}--\r\n");
    let (code, e) = post_bytes(
        &s,
        "/api/documents",
        &format!("multipart/form-data; boundary={boundary}"),
        form.as_bytes(),
    );
    assert_eq!(code, 415, "{e}");
    assert_eq!(get(&s, "/api/health").1["documents"], before);
}

/// A raw HTTP exchange: sends `request` on a new connection and reads until the server
/// closes it or `wait` passes; `Err` when the server was still silent then.
fn exchange(s: &Server, request: &[u8], wait: std::time::Duration) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(s.base.trim_start_matches("http://"))?;
    stream.set_read_timeout(Some(wait))?;
    stream.write_all(request)?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

/// Slow clients are dropped: headers that never end close the connection, a body that
/// never arrives is answered 408; a client past its rate is answered 429 with Retry-After
/// and served again a moment later.
#[test]
fn slow_clients_are_dropped_and_a_client_past_its_rate_is_told_to_slow_down() {
    let (_dir, db) = one_act_store();
    let s = start_with(&db, &["--client-timeout", "1", "--rate-limit", "5"]);
    let wait = std::time::Duration::from_secs(20);
    let unfinished = exchange(&s, b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n", wait);
    assert!(
        unfinished.is_ok(),
        "the connection stayed open: {unfinished:?}"
    );

    let body_missing = b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 100\r\nConnection: close\r\n\r\nTen bytes.";
    let answer = exchange(&s, body_missing, wait).expect("an answer, not silence");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("did not arrive within 1 s"), "{answer}");

    std::thread::sleep(std::time::Duration::from_secs(2));
    let url = format!("{}/api/health", s.base);
    let mut refused = None;
    for _ in 0..30 {
        if let Err(ureq::Error::Status(code, r)) = ureq::get(&url).call() {
            let retry = r.header("retry-after").map(str::to_string);
            refused = Some((code, retry, r.into_string().unwrap()));
            break;
        }
    }
    let (code, retry, body) = refused.expect("thirty requests at once are past five a second");
    assert_eq!((code, retry.as_deref()), (429, Some("1")), "{body}");
    assert!(body.contains("more than 5 requests a second"), "{body}");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert_eq!(get(&s, "/api/health").0, 200);
}

/// A query has a time it may take: past it, it is stopped and the answer says how to
/// narrow it. An internal fault's answer keeps the detail in the server's log, and an
/// error answer stays short whatever the request quoted.
#[test]
fn a_query_past_its_time_is_stopped_and_error_answers_hold_no_internals() {
    let dir = open_tempdir();
    write_generated(dir.path(), 300, 11);
    let db = dir.path().join("store.db");
    let out = run(&db, &["ingest", dir.path().to_str().unwrap(), "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s = start_with(&db, &["--query-time", "0.001"]);
    let (code, e) = get(&s, "/api/documents?search=the+said&limit=1000");
    assert_eq!(code, 503, "{e}");
    assert!(e["error"].as_str().unwrap().contains("stopped"), "{e}");
    drop(s);

    let mut s = start(&db);
    let long = "x".repeat(7_000);
    let (code, e) = get(&s, &format!("/api/documents?{long}=1"));
    assert_eq!(code, 400);
    assert!(
        e.to_string().len() < 5_000,
        "an answer of {} bytes",
        e.to_string().len()
    );
    let words = vec!["Idlib"; 10_000].join("+");
    let (code, e) = get(&s, &format!("/api/documents?search={words}"));
    assert_eq!(code, 414, "{e}");
    assert!(e["error"].as_str().unwrap().contains("at most 8192"), "{e}");
    // past 64 KB the HTTP library refuses it before truce reads it: the same explanation
    let words = vec!["Idlib"; 20_000].join("+");
    let (code, e) = get(&s, &format!("/api/documents?search={words}"));
    assert_eq!(code, 414, "{e}");
    assert!(e["error"].as_str().unwrap().contains("at most 8192"), "{e}");

    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DROP TABLE quotes")
        .unwrap();
    let (code, e) = get(&s, "/api/quotes");
    assert_eq!(code, 500, "{e}");
    let message = e["error"].as_str().unwrap();
    assert!(message.contains("internal error 1"), "{message}");
    let dbname = db.file_name().unwrap().to_str().unwrap();
    assert!(
        !message.contains("quotes") && !message.contains(dbname),
        "{message}"
    );
    let _ = s.child.kill();
    let mut log = String::new();
    std::io::Read::read_to_string(s.child.stderr.as_mut().unwrap(), &mut log).unwrap();
    assert!(
        log.contains("internal error 1:") && log.contains("quotes"),
        "{log}"
    );
}

/// `truce export` and the API give the same effective acts: on generated reports with
/// acts corrected (type, parties, date, toll) and rejected through the API, every act
/// the list serves is exported with the same fields, and none besides.
#[test]
fn the_export_and_the_api_give_the_same_effective_acts() {
    let dir = open_tempdir();
    let reports = dir.path().join("reports");
    write_generated(&reports, 120, 27);
    let db = dir.path().join("t.db");
    let out = run(&db, &["ingest", reports.to_str().unwrap(), "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s = start(&db);
    let (_, page) = get(&s, "/api/acts?modality=any&limit=12");
    let picked: Vec<i64> = page["acts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["act"].as_i64().unwrap())
        .collect();
    assert!(picked.len() >= 6, "{page:#}");
    let corrections = [
        r#"{"type": "COERCE", "killed": 4}"#,
        r#"{"actors": ["SYR"], "date": "2019-03-02"}"#,
        r#"{"killed": null, "injured": 7, "modality": "negated"}"#,
    ];
    for (n, correction) in picked.iter().zip(corrections) {
        let body = format!(
            r#"{{"status": "corrected", "analyst": "tester", "version": 0, "correction": {correction}}}"#
        );
        let (code, r) = post(&s, &format!("/api/acts/{n}/verification"), &body);
        assert_eq!(code, 200, "{r}");
    }
    let (code, r) = post(
        &s,
        &format!("/api/acts/{}/verification", picked[3]),
        r#"{"status": "rejected", "analyst": "tester", "version": 0}"#,
    );
    assert_eq!(code, 200, "{r}");

    // every act the API lists, page by page
    let mut served: Vec<Value> = Vec::new();
    loop {
        let (code, page) = get(
            &s,
            &format!("/api/acts?modality=any&limit=500&offset={}", served.len()),
        );
        assert_eq!(code, 200, "{page}");
        let acts = page["acts"].as_array().unwrap().clone();
        if acts.is_empty() {
            break;
        }
        served.extend(acts);
    }
    let exported: Vec<Value> = stdout(&run(
        &db,
        &["export", "--format", "jsonl", "--modality", "any"],
    ))
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect();
    assert_eq!(
        served.len(),
        exported.len(),
        "the same acts, rejected left out of both"
    );
    assert!(served.iter().all(|a| a["act"] != picked[3]));
    let fields = [
        "type",
        "modality",
        "date",
        "actors",
        "recipients",
        "place",
        "lat",
        "lon",
        "killed",
        "injured",
    ];
    for a in &served {
        let e = exported
            .iter()
            .find(|e| e["event"] == a["act"])
            .unwrap_or_else(|| panic!("act {} is not exported", a["act"]));
        for f in fields {
            assert_eq!(
                a[f], e[f],
                "act {} field {f}: API {} export {}",
                a["act"], a[f], e[f]
            );
        }
        let status = a["verification"]["status"].clone();
        assert_eq!(status, e["verification"], "act {}", a["act"]);
    }
    let corrected = |n: i64| served.iter().find(|a| a["act"] == n).unwrap();
    assert_eq!(corrected(picked[0])["type"], "COERCE");
    assert_eq!(corrected(picked[0])["killed"], 4);
    assert_eq!(corrected(picked[1])["actors"], serde_json::json!(["SYR"]));
    assert_eq!(corrected(picked[2])["injured"], 7);
    assert!(corrected(picked[2])["killed"].is_null());
}

/// GET that returns the status, the Content-Type and Content-Disposition, and the body as
/// text.
fn get_file(s: &Server, path: &str) -> (u16, String, String, String) {
    let url = format!("{}{path}", s.base);
    let r = match ureq::get(&url).call() {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    let code = r.status();
    let kind = r.header("content-type").unwrap_or_default().to_string();
    let disposition = r
        .header("content-disposition")
        .unwrap_or_default()
        .to_string();
    (code, kind, disposition, r.into_string().unwrap())
}

#[test]
fn the_export_menu_downloads_what_truce_export_writes_for_the_same_filters() {
    let (_dir, db) = one_act_store();
    let s = start(&db);
    let (_, listed) = get(&s, "/api/acts?modality=any&limit=1000");
    let all = listed["acts"].as_array().unwrap().len();
    let (_, page) = get(&s, "/api/acts?type=ASSAULT");
    let strikes = page["acts"].as_array().unwrap().len();
    assert!(strikes > 0 && strikes < all, "{strikes} of {all}");
    // the list says what it is out of, and what the default modality hides
    let (_, every) = get(&s, "/api/acts?type=ASSAULT&modality=any");
    let every = every["acts"].as_array().unwrap().len();
    assert_eq!(page["total"], strikes);
    assert_eq!(page["other_modalities"], every - strikes, "{page}");
    let (_, first) = get(&s, "/api/acts?modality=any&limit=2");
    assert_eq!(first["total"], all);
    assert_eq!(first["other_modalities"], 0);
    let (_, asked) = get(&s, "/api/acts?type=ASSAULT&modality=asserted");
    assert_eq!(asked["other_modalities"], page["other_modalities"]);
    // by actor the index cannot count: the total is known when the page holds them all,
    // and not counted when there may be more
    let (_, by_actor) = get(&s, "/api/acts?actor=RUS&modality=any");
    let n = by_actor["acts"].as_array().unwrap().len();
    assert!(n > 1);
    assert_eq!(by_actor["total"], n);
    let (_, paged) = get(&s, "/api/acts?actor=RUS&modality=any&limit=1");
    assert!(paged["total"].is_null(), "{paged}");

    // CSV with HXL: the header, the hashtags, then one row per act the filters select
    let (code, kind, disposition, csv) = get_file(&s, "/api/export?format=csv-hxl&type=ASSAULT");
    assert_eq!(code, 200, "{csv}");
    assert!(kind.starts_with("text/csv"), "{kind}");
    assert!(
        disposition.starts_with("attachment") && disposition.contains(".csv"),
        "{disposition}"
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("event,date,"), "{}", lines[0]);
    assert!(lines[1].starts_with("#event+id,#date"), "{}", lines[1]);
    assert_eq!(lines.len() - 2, strikes, "{csv}");
    assert!(lines[2..].iter().all(|l| l.contains(",ASSAULT,")), "{csv}");
    // byte for byte the command's file for the same filter
    let out = run(
        &db,
        &["export", "--format", "csv", "--hxl", "--type", "ASSAULT"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(csv, stdout(&out));

    // every modality: as many rows as the list's acts; JSON Lines and GeoJSON too
    let (_, _, _, jsonl) = get_file(&s, "/api/export?format=jsonl&modality=any");
    assert_eq!(jsonl.lines().count(), all);
    let (code, kind, _, geojson) = get_file(&s, "/api/export?format=geojson&modality=any");
    assert_eq!(code, 200);
    assert_eq!(kind, "application/geo+json");
    let geojson: Value = serde_json::from_str(&geojson).unwrap();
    let located = geojson["features"].as_array().unwrap().len();
    assert!(located > 0 && located <= all, "{located} of {all}");
    // GDELT's 61 columns, a header and a row per act
    let (code, kind, disposition, tsv) = get_file(&s, "/api/export?format=gdelt&type=ASSAULT");
    assert_eq!(code, 200, "{tsv}");
    assert!(kind.starts_with("text/tab-separated-values"), "{kind}");
    assert!(disposition.contains(".tsv"), "{disposition}");
    assert_eq!(tsv.lines().count(), strikes + 1);
    assert!(tsv.lines().all(|l| l.split('\t').count() == 61), "{tsv}");

    // a format or a filter it does not know is refused, naming it
    let (code, body) = get(&s, "/api/export?format=xlsx");
    assert_eq!(code, 400);
    assert_eq!(body["parameter"], "format", "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("csv-hxl"),
        "{body}"
    );
    let (code, body) = get(&s, "/api/export?limit=5");
    assert_eq!(code, 400);
    assert_eq!(body["parameter"], "limit", "{body}");
}

#[test]
fn without_accounts_the_server_listens_on_this_machine_only() {
    let (_dir, db) = one_act_store();
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.1:8080"] {
        let out = run(&db, &["serve", "--addr", addr]);
        assert_fails_saying(
            &out,
            &["will not serve on", "no accounts", "--admin", "loopback"],
        );
    }
    // on loopback it serves, and says who can reach it
    let mut s = start(&db);
    let (code, _) = get(&s, "/api/health");
    assert_eq!(code, 200);
    let mut stderr = s.child.stderr.take().unwrap();
    let _ = s.child.kill();
    let _ = s.child.wait();
    let mut said = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut said).unwrap();
    assert!(
        said.contains("no accounts") && said.contains("this machine"),
        "{said}"
    );
    // with accounts, everyone signs in, so it serves every address
    let out = run(&db, &["users", "add", "first-admin", "--role", "admin"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    let s = start_with(&db, &["--addr", "0.0.0.0:0"]);
    let port = s.base.rsplit(':').next().unwrap().to_string();
    let url = format!("http://127.0.0.1:{port}/api/acts");
    match ureq::get(&url).call() {
        Err(ureq::Error::Status(401, _)) => {}
        other => panic!("{url} without signing in: {other:?}"),
    }
}
