//! Country outlines for scoring where a place was put: the basemap's Natural Earth
//! 1:110m countries (`data/basemap/countries-110m.json`), read as rings of longitude and
//! latitude, so a toponym placed at a country can be judged by whether the gold point lies
//! inside it, not by its distance from a centroid (a country's point is a convention).

use std::collections::HashMap;

/// The basemap as the web page draws it: one SVG path per country, x = lon + 180,
/// y = 90 - lat.
const BASEMAP: &str = include_str!("../../../data/basemap/countries-110m.json");

#[derive(serde::Deserialize)]
struct Basemap {
    countries: Vec<Country>,
}

#[derive(serde::Deserialize)]
struct Country {
    #[serde(default)]
    iso2: String,
    d: String,
}

/// Rings of (lon, lat) by ISO 3166-1 alpha-2 code.
pub struct Outlines {
    by_iso2: HashMap<String, Vec<Vec<(f64, f64)>>>,
}

impl Outlines {
    /// The outlines bundled with truce's basemap.
    pub fn bundled() -> Outlines {
        let map: Basemap = serde_json::from_str(BASEMAP).expect("the bundled basemap is JSON");
        let by_iso2 = map
            .countries
            .into_iter()
            .filter(|c| !c.iso2.is_empty())
            .map(|c| (c.iso2, rings(&c.d)))
            .collect();
        Outlines { by_iso2 }
    }

    /// Whether the point lies inside the country `iso2`; `None` when the basemap has no
    /// outline for it (a territory too small for 1:110m).
    pub fn contains(&self, iso2: &str, lat: f64, lon: f64) -> Option<bool> {
        let rings = self.by_iso2.get(iso2)?;
        // even-odd over every ring: islands add, lakes and enclaves subtract
        let crossings = rings.iter().filter(|r| crosses(r, lon, lat)).count();
        Some(crossings % 2 == 1)
    }
}

/// The rings of an SVG path of `M x,y L x,y ... Z` pieces, in (lon, lat). A piece the
/// basemap cut at the antimeridian is closed on itself.
fn rings(d: &str) -> Vec<Vec<(f64, f64)>> {
    d.split('M')
        .filter(|piece| !piece.trim().is_empty())
        .map(|piece| {
            piece
                .trim()
                .trim_end_matches('Z')
                .split('L')
                .filter_map(|xy| {
                    let (x, y) = xy.trim().split_once(',')?;
                    Some((
                        x.parse::<f64>().ok()? - 180.0,
                        90.0 - y.parse::<f64>().ok()?,
                    ))
                })
                .collect::<Vec<_>>()
        })
        .filter(|r| r.len() >= 3)
        .collect()
}

/// Whether a ray from (x, y) eastwards crosses the ring an odd number of times.
fn crosses(ring: &[(f64, f64)], x: f64, y: f64) -> bool {
    let mut inside = false;
    let mut j = ring.len() - 1;
    for i in 0..ring.len() {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_lie_inside_their_country_and_not_inside_a_neighbour() {
        let o = Outlines::bundled();
        // Damascus, Ankara, Kyiv, Addis Ababa, Ottawa, Canberra (southern and western
        // hemispheres too)
        for (iso2, lat, lon) in [
            ("SY", 33.51, 36.29),
            ("TR", 39.93, 32.86),
            ("UA", 50.45, 30.52),
            ("ET", 9.03, 38.74),
            ("CA", 45.42, -75.70),
            ("AU", -35.28, 149.13),
        ] {
            assert_eq!(o.contains(iso2, lat, lon), Some(true), "{iso2}");
        }
        assert_eq!(
            o.contains("TR", 33.51, 36.29),
            Some(false),
            "Damascus is not in Turkey"
        );
        assert_eq!(
            o.contains("LB", 33.51, 36.29),
            Some(false),
            "nor in Lebanon"
        );
        assert_eq!(o.contains("ZZ", 0.0, 0.0), None);
    }
}
