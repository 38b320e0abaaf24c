//! The gazetteer: populated places from GeoNames (compiled into the binary by build.rs),
//! countries and first-level administrative units (parsed at start-up; a few thousand
//! rows), and any places a user adds. Names are looked up by [`translit_key`].

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::fold::translit_key;
use crate::KnowledgeError;

static CITIES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));
const HEADER: usize = 20;
const PLACE: usize = 32;
const KEY: usize = 12;

/// What kind of place a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    City,
    Admin1,
    Country,
    Continent,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Admin1 => "admin1",
            PlaceKind::Country => "country",
            PlaceKind::Continent => "continent",
        }
    }
}

/// A handle on one gazetteer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceIdx {
    City(u32),
    Region(u32),
}

/// One sense of a name: the place and whether the name is its main one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sense {
    pub place: PlaceIdx,
    pub alternate: bool,
}

/// Everything analysis needs to know about one place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInfo<'a> {
    /// GeoNames id of a populated place; `None` for regions.
    pub geonameid: Option<u32>,
    /// ISO code of a region (or a user's code).
    pub code: &'a str,
    pub name: &'a str,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166-1 alpha-2.
    pub country: &'a str,
    pub kind: PlaceKind,
    pub population: u64,
    /// For cities: GeoNames' admin-1 code; for admin-1 units: the ISO 3166-2 code.
    pub admin1: &'a str,
}

impl PlaceInfo<'_> {
    /// `geonames:<id>` for populated places, the ISO code for regions.
    pub fn id(&self) -> String {
        match self.geonameid {
            Some(g) => format!("geonames:{g}"),
            None => self.code.to_string(),
        }
    }
}

/// A country, a first-level unit, a continent, or a user's place.
#[derive(Debug, Clone)]
pub struct Region {
    pub kind: PlaceKind,
    pub code: String,
    pub country: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub capital: String,
    pub iso3: String,
    /// ISO alpha-2 codes of the countries a country borders.
    pub neighbours: Vec<String>,
}

pub struct Gazetteer {
    cities: CityTable,
    regions: Vec<Region>,
    region_names: HashMap<String, Vec<(u32, bool)>>,
    /// Names written in capitals only ("US", "U.K.", "NSW"), keyed by their letters.
    acronyms: HashMap<String, Vec<u32>>,
    by_iso2: HashMap<String, u32>,
}

struct CityTable {
    places: &'static [u8],
    keys: &'static [u8],
    strings: &'static [u8],
    n_keys: usize,
    /// Hashes of every key: most lookups are of names no place has, and one hash probe
    /// answers them without a binary search.
    hashes: HashSet<u64>,
}

fn key_hash(key: &[u8]) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(key)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}
fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(b[at..at + 2].try_into().expect("2 bytes"))
}
fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

impl CityTable {
    fn embedded() -> CityTable {
        assert_eq!(&CITIES[..4], b"TRGZ", "the embedded gazetteer is corrupt");
        let n_places = u32_at(CITIES, 8) as usize;
        let n_keys = u32_at(CITIES, 12) as usize;
        let places_end = HEADER + n_places * PLACE;
        let keys_end = places_end + n_keys * KEY;
        let mut table = CityTable {
            places: &CITIES[HEADER..places_end],
            keys: &CITIES[places_end..keys_end],
            strings: &CITIES[keys_end..],
            n_keys,
            hashes: HashSet::default(),
        };
        table.hashes.reserve(n_keys);
        for i in 0..n_keys {
            table.hashes.insert(key_hash(table.key(i)));
        }
        table
    }

    fn str_at(&self, off: u32, len: u16) -> &'static str {
        let bytes = &self.strings[off as usize..off as usize + len as usize];
        // build.rs wrote these bytes from a Rust `&str`
        std::str::from_utf8(bytes).unwrap_or("")
    }

    /// Key `i` as bytes: keys are sorted by bytes, so comparing bytes needs no UTF-8 check.
    fn key(&self, i: usize) -> &'static [u8] {
        let at = i * KEY;
        let (off, len) = (
            u32_at(self.keys, at) as usize,
            u16_at(self.keys, at + 4) as usize,
        );
        &self.strings[off..off + len]
    }

    fn lookup(&self, key: &str, out: &mut Vec<Sense>) {
        let key = key.as_bytes();
        if !self.hashes.contains(&key_hash(key)) {
            return;
        }
        let first = partition(self.n_keys, |i| self.key(i) < key);
        let mut i = first;
        while i < self.n_keys && self.key(i) == key {
            let at = i * KEY;
            out.push(Sense {
                place: PlaceIdx::City(u32_at(self.keys, at + 8)),
                alternate: u16_at(self.keys, at + 6) & 1 == 1,
            });
            i += 1;
        }
    }

    fn info(&self, i: u32) -> PlaceInfo<'static> {
        let at = i as usize * PLACE;
        let p = self.places;
        let cc = std::str::from_utf8(&p[at + 22..at + 24]).unwrap_or("??");
        PlaceInfo {
            geonameid: Some(u32_at(p, at)),
            code: "",
            name: self.str_at(u32_at(p, at + 16), u16_at(p, at + 20)),
            lat: f32_at(p, at + 4) as f64,
            lon: f32_at(p, at + 8) as f64,
            country: cc,
            kind: PlaceKind::City,
            population: u32_at(p, at + 12) as u64,
            admin1: self.str_at(u32_at(p, at + 24), u16_at(p, at + 28)),
        }
    }

    fn len(&self) -> usize {
        self.places.len() / PLACE
    }
}

/// The first index in `0..n` for which `before` is false (`before` must be monotone).
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

impl Gazetteer {
    /// The embedded GeoNames places plus the regions in `regions_tsv` (the format of
    /// data/knowledge/places/regions.tsv).
    pub(crate) fn new(source: &str, regions_tsv: &str) -> Result<Gazetteer, KnowledgeError> {
        let mut g = Gazetteer {
            cities: CityTable::embedded(),
            regions: Vec::new(),
            region_names: HashMap::default(),
            acronyms: HashMap::default(),
            by_iso2: HashMap::default(),
        };
        g.add_regions(source, regions_tsv)?;
        Ok(g)
    }

    /// Adds rows of a regions file: kind, code, country, type, name, native names, lat,
    /// lon, population, capital, iso3. `kind` is country, admin1, continent or city.
    pub fn add_regions(&mut self, source: &str, tsv: &str) -> Result<(), KnowledgeError> {
        for (n, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let c: Vec<&str> = line.split('\t').collect();
            let bad = |what: &str| KnowledgeError::Parse {
                file: source.to_string(),
                problem: format!("line {}: {what}", n + 1),
            };
            if c.len() < 8 {
                return Err(bad("expected at least 8 tab-separated columns: kind, code, country, type, name, native names, lat, lon"));
            }
            let kind = match c[0] {
                "country" => PlaceKind::Country,
                "admin1" => PlaceKind::Admin1,
                "continent" => PlaceKind::Continent,
                "city" => PlaceKind::City,
                other => {
                    return Err(bad(&format!(
                        "unknown kind {other:?} (country, admin1, continent or city)"
                    )))
                }
            };
            let lat: f64 = c[6].parse().map_err(|_| bad("latitude is not a number"))?;
            let lon: f64 = c[7].parse().map_err(|_| bad("longitude is not a number"))?;
            let region = Region {
                kind,
                code: c[1].to_string(),
                country: c[2].to_string(),
                name: c[4].to_string(),
                lat,
                lon,
                population: c.get(8).and_then(|p| p.parse().ok()).unwrap_or(0),
                capital: c.get(9).unwrap_or(&"").to_string(),
                iso3: c.get(10).unwrap_or(&"").to_string(),
                neighbours: c
                    .get(11)
                    .map(|n| {
                        n.split(',')
                            .filter(|x| !x.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            let idx = self.regions.len() as u32;
            if kind == PlaceKind::Country {
                self.by_iso2.insert(region.code.clone(), idx);
            }
            self.name_region(idx, &region.name, false);
            for native in c[5].split('|').filter(|s| !s.is_empty()) {
                self.name_region(idx, native, true);
            }
            self.regions.push(region);
        }
        Ok(())
    }

    /// Gives region `idx` one more name.
    pub fn name_region(&mut self, idx: u32, name: &str, alternate: bool) {
        let key = translit_key(name);
        if key.is_empty() {
            return;
        }
        let senses = self.region_names.entry(key).or_default();
        if !senses.iter().any(|(i, _)| *i == idx) {
            senses.push((idx, alternate));
        }
    }

    /// Gives region `idx` an acronym, matched only when the text writes it in capitals.
    pub fn acronym_region(&mut self, idx: u32, acronym: &str) {
        let key: String = acronym.chars().filter(|c| c.is_alphanumeric()).collect();
        if key.len() < 2 {
            return;
        }
        let senses = self.acronyms.entry(key).or_default();
        if !senses.contains(&idx) {
            senses.push(idx);
        }
    }

    /// The regions an all-capitals name ("U.S.", "NSW") stands for.
    pub fn lookup_acronym(&self, written: &str, out: &mut Vec<Sense>) {
        let key: String = written.chars().filter(|c| c.is_alphanumeric()).collect();
        if let Some(r) = self.acronyms.get(&key) {
            out.extend(r.iter().map(|&i| Sense {
                place: PlaceIdx::Region(i),
                alternate: true,
            }));
        }
    }

    /// Every sense of a name (already passed through [`translit_key`]).
    pub fn lookup_key(&self, key: &str, out: &mut Vec<Sense>) {
        self.cities.lookup(key, out);
        if let Some(r) = self.region_names.get(key) {
            out.extend(r.iter().map(|&(i, alternate)| Sense {
                place: PlaceIdx::Region(i),
                alternate,
            }));
        }
    }

    /// What ranking needs of a place (kind, population, country), without decoding its
    /// strings: ranking asks this for every sense of every candidate name.
    pub fn brief(&self, idx: PlaceIdx) -> (PlaceKind, u64, [u8; 2]) {
        match idx {
            PlaceIdx::City(i) => {
                let at = i as usize * PLACE;
                let p = self.cities.places;
                (
                    PlaceKind::City,
                    u32_at(p, at + 12) as u64,
                    [p[at + 22], p[at + 23]],
                )
            }
            PlaceIdx::Region(i) => {
                let r = &self.regions[i as usize];
                let c = r.country.as_bytes();
                (
                    r.kind,
                    r.population,
                    [
                        c.first().copied().unwrap_or(b'?'),
                        c.get(1).copied().unwrap_or(b'?'),
                    ],
                )
            }
        }
    }

    pub fn info(&self, idx: PlaceIdx) -> PlaceInfo<'_> {
        match idx {
            PlaceIdx::City(i) => self.cities.info(i),
            PlaceIdx::Region(i) => {
                let r = &self.regions[i as usize];
                PlaceInfo {
                    geonameid: None,
                    code: &r.code,
                    name: &r.name,
                    lat: r.lat,
                    lon: r.lon,
                    country: &r.country,
                    kind: r.kind,
                    population: r.population,
                    admin1: if r.kind == PlaceKind::Admin1 {
                        &r.code
                    } else {
                        ""
                    },
                }
            }
        }
    }

    /// The countries that border the country `iso2`.
    pub fn neighbours(&self, iso2: &str) -> &[String] {
        self.by_iso2
            .get(iso2)
            .map(|&i| self.regions[i as usize].neighbours.as_slice())
            .unwrap_or(&[])
    }

    /// Whether a populated place is the capital of its country (by the country's record).
    pub fn is_capital(&self, idx: PlaceIdx) -> bool {
        let PlaceIdx::City(i) = idx else {
            return false;
        };
        let info = self.cities.info(i);
        (self.by_iso2.get(info.country))
            .is_some_and(|&c| self.regions[c as usize].capital == info.name)
    }

    /// The country with ISO 3166-1 alpha-2 code `iso2`.
    pub fn country(&self, iso2: &str) -> Option<PlaceIdx> {
        self.by_iso2.get(iso2).map(|&i| PlaceIdx::Region(i))
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    /// Number of (populated places, regions).
    pub fn len(&self) -> (usize, usize) {
        (self.cities.len(), self.regions.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == (0, 0)
    }
}
