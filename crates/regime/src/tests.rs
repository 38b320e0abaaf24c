use super::*;
use proptest::prelude::*;

fn square(id: &str, hole: bool) -> String {
    let holes = if hole {
        ", [[2, 2], [8, 2], [8, 8], [2, 8], [2, 2]]"
    } else {
        ""
    };
    format!(
        r#"{{"type": "Feature", "properties": {{"id": "{id}"}},
            "geometry": {{"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]{holes}]}}}}"#
    )
}

#[test]
fn the_demo_regime_places_towns_inside_outside_and_possibly_inside() {
    let idlib = bundled().expect("the bundled regime loads").remove(0);
    let none: Vec<String> = Vec::new();
    let rus = vec!["RUS".to_string()];
    let view = |lat: f64, lon: f64, precision: &'static str, place: &'static str| EventView {
        kind: truce_model::EventType::Assault,
        modality: truce_model::Modality::Asserted,
        date: NaiveDate::from_ymd_opt(2019, 5, 6),
        lat: Some(lat),
        lon: Some(lon),
        precision: Some(precision.parse().unwrap()),
        place: Some(place),
        actors: &rus,
        recipients: &none,
    };
    // Maarat al-Numan, a town inside the zone: an alleged violation by a guarantor
    let a = idlib.assess(&view(35.6431, 36.6744, "exact", "geonames:170017"));
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].position, Position::Inside);
    assert!(a[0].alleged_violation);
    assert_eq!(a[0].phase.as_deref(), Some("sochi"));
    assert_eq!(a[0].perpetrators, ["RUS"]);
    // Damascus: outside
    assert!(idlib
        .assess(&view(33.5102, 36.2913, "exact", "geonames:170654"))
        .is_empty());
    // only "Syria": possibly inside, never counted as inside
    let s = idlib.assess(&view(35.0, 38.5, "country", "SY"));
    assert_eq!(s[0].position, Position::PossiblyInside);
    // a designated group's fighting is shown apart
    let hts = vec!["HTS".to_string()];
    let mut v = view(35.6431, 36.6744, "exact", "geonames:170017");
    v.recipients = &hts;
    let d = idlib.assess(&v);
    assert!(d[0].designated && !d[0].alleged_violation);
    // a perpetrator no knowledge resolves is no perpetrator identified: unattributed,
    // beside an attack by a named non-party
    let unknown = vec!["unknown:gunmen".to_string()];
    let mut u = view(35.6431, 36.6744, "exact", "geonames:170017");
    u.actors = &unknown;
    assert_eq!(idlib.assess(&u)[0].finding, Finding::Unattributed);
    let named = vec!["ISR".to_string()];
    u.actors = &named;
    assert_ne!(idlib.assess(&u)[0].finding, Finding::Unattributed);
    // before the Sochi phase there is no phase, so no violation
    let mut early = view(35.6431, 36.6744, "exact", "geonames:170017");
    early.date = NaiveDate::from_ymd_opt(2018, 1, 1);
    assert!(!idlib.assess(&early)[0].alleged_violation);
}

#[test]
fn roles_phases_and_deadlines_follow_the_dates() {
    let idlib = bundled().unwrap().remove(0);
    let r = &idlib.regime;
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(r.role_of("TUR", d(2019, 1, 1)), Some("guarantor"));
    assert_eq!(r.role_of("HTS", d(2019, 1, 1)), Some("designated"));
    assert_eq!(r.role_of("HTS", d(2018, 1, 1)), None);
    assert_eq!(
        r.phase_on(d(2020, 3, 10)).map(|p| p.id.as_str()),
        Some("moscow")
    );
    let passed: Vec<_> = status::deadlines(r, &[], d(2018, 10, 12))
        .into_iter()
        .filter(|c| c.state != status::DeadlineState::Pending)
        .collect();
    assert_eq!(passed.len(), 1, "heavy weapons out by 10 October");
    assert!(passed[0].text.contains("Heavy weapons"));
}

#[test]
fn holes_multipolygons_and_boundaries() {
    let zones = parse_zones("t", &square("a", true)).unwrap();
    let z = &zones[0];
    assert!(z.contains((1.0, 1.0)));
    assert!(!z.contains((5.0, 5.0)), "inside the hole");
    assert!(z.contains((0.0, 5.0)), "on the outer edge");
    assert!(z.contains((2.0, 5.0)), "on the hole's edge");
    assert!(!z.contains((11.0, 5.0)));
    let multi = r#"{"type": "Feature", "properties": {"id": "m"}, "geometry": {"type": "MultiPolygon",
        "coordinates": [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]]}}"#;
    let index = ZoneIndex::new(parse_zones("t", multi).unwrap());
    assert_eq!(index.containing(5.5, 5.5).len(), 1);
    assert_eq!(index.containing(0.5, 0.5).len(), 1);
    assert!(index.containing(3.0, 3.0).is_empty());
}

#[test]
fn invalid_geometry_is_refused_with_a_message() {
    for (geojson, says) in [
        (
            r#"{"type": "Feature", "properties": {"id": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1]]]}}"#,
            "at least 4",
        ),
        (
            r#"{"type": "Feature", "properties": {"id": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}}"#,
            "not closed",
        ),
        (
            r#"{"type": "Feature", "properties": {"id": "x"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}}"#,
            "outside longitude",
        ),
        (
            r#"{"type": "Feature", "properties": {"id": "x"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}"#,
            "not a Polygon",
        ),
        (
            r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": []}}"#,
            "no properties.id",
        ),
        ("not json", "not JSON"),
    ] {
        let e = parse_zones("zone.geojson", geojson)
            .unwrap_err()
            .to_string();
        assert!(e.contains(says) && e.contains("zone.geojson"), "{e}");
    }
}

#[test]
fn a_regime_must_name_known_zones_roles_and_agreements() {
    let zones = ZoneIndex::new(parse_zones("t", &square("a", false)).unwrap());
    let ok = "id = \"r\"\nname = \"R\"\nzones = [\"a\"]\nviolation_types = []\n";
    assert!(Regime::parse("r.toml", ok, &zones).is_ok());
    for (text, says) in [
        ("id = \"r\"\nname = \"R\"\nzones = [\"b\"]\nviolation_types = []\n", "zone \"b\""),
        (
            "id = \"r\"\nname = \"R\"\nzones = [\"a\"]\nviolation_types = []\n[[status]]\nactor = \"X\"\nrole = \"friend\"\nfrom = \"2020-01-01\"\n",
            "role \"friend\"",
        ),
        (
            "id = \"r\"\nname = \"R\"\nzones = [\"a\"]\nviolation_types = []\n[[phase]]\nid = \"p\"\nname = \"P\"\nfrom = \"2020-01-01\"\nagreement = \"nope\"\n",
            "no agreement",
        ),
        ("id = \"r\"\nzones = [\"a\"]\n", "missing field"),
    ] {
        let e = Regime::parse("r.toml", text, &zones).unwrap_err().to_string();
        assert!(e.contains(says) && e.contains("r.toml"), "{e}");
    }
}

proptest! {
    // a point strictly inside the square and outside its hole is in, one beyond it is out
    #[test]
    fn points_of_a_square_with_a_hole(x in -5.0f64..15.0, y in -5.0f64..15.0) {
        let zones = parse_zones("t", &square("a", true)).unwrap();
        let in_square = (0.0..=10.0).contains(&x) && (0.0..=10.0).contains(&y);
        let in_hole = x > 2.0 && x < 8.0 && y > 2.0 && y < 8.0;
        prop_assert_eq!(zones[0].contains((x, y)), in_square && !in_hole);
    }

    // the R-tree finds exactly what a scan of all zones finds
    #[test]
    fn the_index_agrees_with_a_scan(x in -2.0f64..22.0, y in -2.0f64..12.0) {
        let mut zones = parse_zones("t", &square("a", true)).unwrap();
        let shifted = square("b", false).replace("[10, 0], [10, 10]", "[20, 0], [20, 10]").replace("[0, 10]", "[10, 10]").replace("[[0, 0], [20, 0]", "[[10, 0], [20, 0]").replace("[10, 10], [0, 0]", "[10, 10], [10, 0]");
        zones.extend(parse_zones("t", &shifted).unwrap());
        let scan: Vec<String> = zones.iter().filter(|z| z.contains((x, y))).map(|z| z.id.clone()).collect();
        let index = ZoneIndex::new(zones);
        let mut found: Vec<String> = index.containing(x, y).iter().map(|z| z.id.clone()).collect();
        found.sort();
        let mut scan = scan;
        scan.sort();
        prop_assert_eq!(found, scan);
    }
}
