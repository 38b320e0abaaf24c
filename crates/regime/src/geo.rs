//! Zones as polygons (GeoJSON `Polygon` and `MultiPolygon`, with holes), validated on
//! load and indexed by their bounding boxes in an R-tree; point-in-polygon by ray
//! casting, with points on a boundary counted inside.

use rstar::{RTree, RTreeObject, AABB};
use serde_json::Value;

use crate::RegimeError;

/// One polygon: an outer ring and its holes, as (lon, lat) points, each ring closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    pub outer: Vec<(f64, f64)>,
    pub holes: Vec<Vec<(f64, f64)>>,
}

/// A zone of a regime.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub id: String,
    pub name: String,
    /// ISO 3166-1 alpha-2 of the country it lies in.
    pub country: Option<String>,
    /// How far the drawn line may be from the real one.
    pub accuracy_km: Option<f64>,
    pub note: Option<String>,
    pub polygons: Vec<Polygon>,
}

/// Where a point lies with respect to a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Inside,
    /// The place is known only as coarsely as the zone, or more: it may be in it.
    PossiblyInside,
    Outside,
}

fn ring_contains(ring: &[(f64, f64)], (x, y): (f64, f64)) -> Option<bool> {
    let mut inside = false;
    for w in ring.windows(2) {
        let ((x1, y1), (x2, y2)) = (w[0], w[1]);
        // on the segment: a boundary point belongs to the zone
        let cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1);
        if cross.abs() < 1e-12
            && x >= x1.min(x2) - 1e-12
            && x <= x1.max(x2) + 1e-12
            && y >= y1.min(y2) - 1e-12
            && y <= y1.max(y2) + 1e-12
        {
            return None;
        }
        if (y1 > y) != (y2 > y) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1 {
            inside = !inside;
        }
    }
    Some(inside)
}

impl Polygon {
    /// Inside the outer ring and not inside a hole; boundaries count as inside.
    pub fn contains(&self, p: (f64, f64)) -> bool {
        match ring_contains(&self.outer, p) {
            None => return true,
            Some(false) => return false,
            Some(true) => {}
        }
        // a point on a hole's edge is on the polygon's boundary, so inside
        self.holes.iter().all(|h| ring_contains(h, p) != Some(true))
    }

    fn bbox(&self) -> AABB<[f64; 2]> {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &self.outer {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        }
        AABB::from_corners([x0, y0], [x1, y1])
    }
}

impl Zone {
    pub fn contains(&self, p: (f64, f64)) -> bool {
        self.polygons.iter().any(|poly| poly.contains(p))
    }

    /// Where an act located at `(lon, lat)` with `precision`, at place `place` (an ISO
    /// 3166-2 region or alpha-2 country for a coarse place), lies: the one rule every
    /// reader of a zone uses. A town or district is inside or outside by its point; a
    /// region, country or continent is at best possibly inside, when its point falls in
    /// the zone or it is (in) the zone's country, and never counted as inside.
    pub fn position(
        &self,
        (lon, lat): (f64, f64),
        precision: Option<truce_model::PlacePrecision>,
        place: Option<&str>,
    ) -> Position {
        let coarse = precision.is_some_and(truce_model::PlacePrecision::is_coarse);
        let inside = self.contains((lon, lat));
        let same_country =
            self.country.as_deref().zip(place).is_some_and(|(c, p)| {
                p == c || p.strip_prefix(c).is_some_and(|r| r.starts_with('-'))
            });
        match (coarse, inside) {
            (false, true) => Position::Inside,
            (false, false) => Position::Outside,
            (true, true) => Position::PossiblyInside,
            (true, false) if same_country => Position::PossiblyInside,
            (true, false) => Position::Outside,
        }
    }

    /// The smallest box around every polygon: (min lon, min lat, max lon, max lat).
    pub fn bounds(&self) -> [f64; 4] {
        let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for poly in &self.polygons {
            let bb = poly.bbox();
            let ([x0, y0], [x1, y1]) = (bb.lower(), bb.upper());
            b = [b[0].min(x0), b[1].min(y0), b[2].max(x1), b[3].max(y1)];
        }
        b
    }
}

fn ring(v: &Value, what: &str) -> Result<Vec<(f64, f64)>, String> {
    let pts = v
        .as_array()
        .ok_or_else(|| format!("{what} is not a list of positions"))?;
    let mut out = Vec::with_capacity(pts.len());
    for p in pts {
        let c = p.as_array().filter(|c| c.len() >= 2);
        let (Some(x), Some(y)) = (c.and_then(|c| c[0].as_f64()), c.and_then(|c| c[1].as_f64()))
        else {
            return Err(format!(
                "{what} holds a position that is not [lon, lat]: {p}"
            ));
        };
        if !(-180.0..=180.0).contains(&x) || !(-90.0..=90.0).contains(&y) {
            return Err(format!(
                "{what} holds [{x}, {y}], outside longitude -180..180 or latitude -90..90"
            ));
        }
        out.push((x, y));
    }
    if out.len() < 4 {
        return Err(format!(
            "{what} has {} positions; a ring needs at least 4",
            out.len()
        ));
    }
    if out.first() != out.last() {
        return Err(format!(
            "{what} is not closed: its last position must repeat its first"
        ));
    }
    Ok(out)
}

fn polygon(rings: &Value, what: &str) -> Result<Polygon, String> {
    let rings = rings
        .as_array()
        .filter(|r| !r.is_empty())
        .ok_or_else(|| format!("{what} has no rings"))?;
    let outer = ring(&rings[0], &format!("{what}, outer ring"))?;
    let holes = rings[1..]
        .iter()
        .enumerate()
        .map(|(i, r)| ring(r, &format!("{what}, hole {}", i + 1)))
        .collect::<Result<_, _>>()?;
    Ok(Polygon { outer, holes })
}

/// Reads the zones of a GeoJSON FeatureCollection (or one Feature). `source` names the
/// file in errors.
pub fn parse_zones(source: &str, text: &str) -> Result<Vec<Zone>, RegimeError> {
    let bad = |problem: String| RegimeError::Invalid {
        file: source.to_string(),
        problem,
    };
    let v: Value = serde_json::from_str(text).map_err(|e| bad(format!("not JSON: {e}")))?;
    let features: Vec<&Value> = match v["type"].as_str() {
        Some("FeatureCollection") => v["features"]
            .as_array()
            .ok_or_else(|| bad("a FeatureCollection without features".into()))?
            .iter()
            .collect(),
        Some("Feature") => vec![&v],
        other => {
            return Err(bad(format!(
                "expected a FeatureCollection or Feature, found {other:?}"
            )))
        }
    };
    let mut out = Vec::new();
    for (i, f) in features.into_iter().enumerate() {
        let props = &f["properties"];
        let id = props["id"]
            .as_str()
            .ok_or_else(|| bad(format!("feature {i} has no properties.id")))?
            .to_string();
        let what = format!("zone {id}");
        let g = &f["geometry"];
        let polygons = match g["type"].as_str() {
            Some("Polygon") => vec![polygon(&g["coordinates"], &what).map_err(bad)?],
            Some("MultiPolygon") => g["coordinates"]
                .as_array()
                .ok_or_else(|| bad(format!("{what}: MultiPolygon without coordinates")))?
                .iter()
                .enumerate()
                .map(|(j, p)| polygon(p, &format!("{what}, polygon {}", j + 1)))
                .collect::<Result<_, _>>()
                .map_err(bad)?,
            other => {
                return Err(bad(format!(
                    "{what}: geometry {other:?} is not a Polygon or MultiPolygon"
                )))
            }
        };
        out.push(Zone {
            name: props["name"].as_str().unwrap_or(&id).to_string(),
            country: props["country"].as_str().map(str::to_string),
            accuracy_km: props["accuracy_km"].as_f64(),
            note: props["note"].as_str().map(str::to_string),
            id,
            polygons,
        });
    }
    Ok(out)
}

struct Indexed {
    zone: usize,
    polygon: usize,
    bbox: AABB<[f64; 2]>,
}

impl RTreeObject for Indexed {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> Self::Envelope {
        self.bbox
    }
}

/// Zones with an R-tree over their polygons' bounding boxes.
pub struct ZoneIndex {
    pub zones: Vec<Zone>,
    tree: RTree<Indexed>,
}

impl ZoneIndex {
    pub fn new(zones: Vec<Zone>) -> ZoneIndex {
        let items = zones
            .iter()
            .enumerate()
            .flat_map(|(z, zone)| {
                zone.polygons
                    .iter()
                    .enumerate()
                    .map(move |(p, poly)| Indexed {
                        zone: z,
                        polygon: p,
                        bbox: poly.bbox(),
                    })
            })
            .collect();
        ZoneIndex {
            zones,
            tree: RTree::bulk_load(items),
        }
    }

    /// The zones that contain (lon, lat).
    pub fn containing(&self, lon: f64, lat: f64) -> Vec<&Zone> {
        let mut out: Vec<&Zone> = Vec::new();
        for item in self
            .tree
            .locate_in_envelope_intersecting(&AABB::from_point([lon, lat]))
        {
            let zone = &self.zones[item.zone];
            if zone.polygons[item.polygon].contains((lon, lat))
                && !out.iter().any(|z| z.id == zone.id)
            {
                out.push(zone);
            }
        }
        out
    }

    pub fn get(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }
}
