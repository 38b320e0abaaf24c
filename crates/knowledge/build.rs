//! Compiles the GeoNames-derived gazetteer (data/knowledge/places/cities.tsv.gz) into a
//! flat, sorted binary table that the crate embeds. Doing this at build time means the
//! 235,000 places and ~880,000 names cost nothing at start-up: lookups binary-search the
//! embedded bytes, which the OS pages in on demand.
//!
//! Layout (little-endian), read by `src/gazetteer.rs`:
//!   "TRGZ" u32:version u32:places u32:keys u32:strings_len
//!   places × 32 bytes: geonameid u32, lat f32, lon f32, population u32,
//!                      name_off u32, name_len u16, country [u8; 2],
//!                      admin1_off u32, admin1_len u16, 2 bytes padding
//!   keys × 12 bytes:   key_off u32, key_len u16, flags u16 (1 = alternate name), place u32
//!                      sorted by key bytes, then place
//!   strings

#[path = "src/fold.rs"]
#[allow(dead_code)]
mod fold;

use std::io::{BufRead, BufReader, Write};

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/knowledge/places/cities.tsv.gz");
    println!("cargo:rerun-if-changed={}", root.display());
    println!("cargo:rerun-if-changed=src/fold.rs");
    let file = std::fs::File::open(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()));
    let reader = BufReader::new(flate2::read::GzDecoder::new(file));

    let mut strings: Vec<u8> = Vec::new();
    let intern = |s: &str, strings: &mut Vec<u8>| -> (u32, u16) {
        let off = strings.len() as u32;
        strings.extend_from_slice(s.as_bytes());
        (off, s.len().min(u16::MAX as usize) as u16)
    };
    let mut places: Vec<u8> = Vec::new();
    let mut keys: Vec<(String, u16, u32)> = Vec::new();
    let mut n = 0u32;
    for line in reader.lines() {
        let line = line.expect("cities.tsv.gz is not valid UTF-8 text");
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        assert!(c.len() == 8, "cities.tsv.gz: bad row {line:?}");
        let (name_off, name_len) = intern(c[1], &mut strings);
        let (a_off, a_len) = intern(c[5], &mut strings);
        places.extend_from_slice(&c[0].parse::<u32>().unwrap().to_le_bytes());
        places.extend_from_slice(&c[2].parse::<f32>().unwrap().to_le_bytes());
        places.extend_from_slice(&c[3].parse::<f32>().unwrap().to_le_bytes());
        places.extend_from_slice(
            &c[6]
                .parse::<u64>()
                .unwrap()
                .min(u32::MAX as u64)
                .to_le_bytes()[..4],
        );
        places.extend_from_slice(&name_off.to_le_bytes());
        places.extend_from_slice(&name_len.to_le_bytes());
        let cc = c[4].as_bytes();
        places.extend_from_slice(&[
            cc.first().copied().unwrap_or(b'?'),
            cc.get(1).copied().unwrap_or(b'?'),
        ]);
        places.extend_from_slice(&a_off.to_le_bytes());
        places.extend_from_slice(&a_len.to_le_bytes());
        places.extend_from_slice(&[0, 0]);
        let mut seen = std::collections::HashSet::new();
        let primary = fold::translit_key(c[1]);
        seen.insert(primary.clone());
        keys.push((primary, 0, n));
        for alt in c[7].split('|').filter(|a| !a.is_empty()) {
            let k = fold::translit_key(alt);
            if !k.is_empty() && seen.insert(k.clone()) {
                keys.push((k, 1, n));
            }
        }
        n += 1;
    }
    keys.sort();
    let mut key_table: Vec<u8> = Vec::with_capacity(keys.len() * 12);
    for (k, flags, place) in &keys {
        let (off, len) = intern(k, &mut strings);
        key_table.extend_from_slice(&off.to_le_bytes());
        key_table.extend_from_slice(&len.to_le_bytes());
        key_table.extend_from_slice(&flags.to_le_bytes());
        key_table.extend_from_slice(&place.to_le_bytes());
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("gazetteer.bin");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&out).unwrap());
    f.write_all(b"TRGZ").unwrap();
    for v in [1u32, n, keys.len() as u32, strings.len() as u32] {
        f.write_all(&v.to_le_bytes()).unwrap();
    }
    f.write_all(&places).unwrap();
    f.write_all(&key_table).unwrap();
    f.write_all(&strings).unwrap();
}
