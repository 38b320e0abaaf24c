//! Bytes to text: byte-order marks, UTF-8, legacy single-byte encodings, binary refusal.

use crate::error::Problem;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::io::Read;

/// Text decoded from raw bytes, with the encoding it was found in.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Magic numbers of binary formats people drop into report folders by mistake.
const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\0", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
];

const GZIP_MAGIC: &[u8] = b"\x1f\x8b";

/// Decompresses gzip input (web archives and benchmark pages often come as `.gz`),
/// refusing to inflate beyond `max_bytes` so a zip bomb cannot exhaust memory.
pub fn maybe_gunzip(raw: &[u8], max_bytes: u64) -> Result<Option<Vec<u8>>, Problem> {
    if !raw.starts_with(GZIP_MAGIC) {
        return Ok(None);
    }
    let mut out = Vec::new();
    let mut reader = flate2::read::GzDecoder::new(raw).take(max_bytes + 1);
    reader
        .read_to_end(&mut out)
        .map_err(|e| Problem::Unreadable(format!("broken gzip data ({e})")))?;
    if out.len() as u64 > max_bytes {
        return Err(Problem::TooLarge {
            bytes: out.len() as u64,
            limit: max_bytes,
        });
    }
    Ok(Some(out))
}

/// Decodes raw bytes into text.
///
/// Order of evidence: a byte-order mark; UTF-16 recognised by its zero bytes; valid UTF-8;
/// a charset declared by an HTML or XML document; otherwise `chardetng`'s guess among legacy
/// encodings (Windows-1252, Windows-1256, ...). Binary data is refused rather than decoded
/// into noise.
pub fn decode(raw: &[u8]) -> Result<Decoded, Problem> {
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(raw) {
        return Ok(finish(encoding, &raw[bom_len..]));
    }
    if let Some(encoding) = sniff_utf16(raw) {
        return Ok(finish(encoding, raw));
    }
    for (magic, what) in BINARY_MAGIC {
        if raw.starts_with(magic) {
            return Err(Problem::Binary((*what).to_string()));
        }
    }
    if looks_binary(raw) {
        return Err(Problem::Binary("binary data".to_string()));
    }
    if let Ok(text) = std::str::from_utf8(raw) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
        });
    }
    if let Some(encoding) = declared_charset(raw) {
        if encoding != UTF_8 {
            return Ok(finish(encoding, raw));
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(raw, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    Ok(finish(encoding, raw))
}

fn finish(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
    }
}

/// UTF-16 without a BOM shows up as text whose every other byte is zero.
fn sniff_utf16(raw: &[u8]) -> Option<&'static Encoding> {
    let sample = &raw[..raw.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    // Latin text in UTF-16 has a zero in nearly every high byte, Arabic or Cyrillic in
    // fewer; UTF-8 and legacy encodings have no zero bytes at all.
    if odd_zero * 10 >= pairs * 4 && even_zero * 50 < pairs {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 4 && odd_zero * 50 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Text has no NUL bytes and few control characters; binary data has many.
fn looks_binary(raw: &[u8]) -> bool {
    let sample = &raw[..raw.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > sample.len()
}

/// The encoding an HTML `<meta charset>` or XML declaration names in the first 2 KB.
fn declared_charset(raw: &[u8]) -> Option<&'static Encoding> {
    let head = &raw[..raw.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = head.find("charset=").map(|i| i + 8).or_else(|| {
        head.find("encoding=")
            .filter(|_| head.contains("<?xml"))
            .map(|i| i + 9)
    })?;
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("Ma\u{2019}arrat an-Nu\u{2019}man".as_bytes()).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "Ma\u{2019}arrat an-Nu\u{2019}man");
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let d = decode(b"\xef\xbb\xbfTEHRAN -- text").unwrap();
        assert_eq!(d.text, "TEHRAN -- text");
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "Idlib \u{0625}\u{062f}\u{0644}\u{0628} zone";
        let mut le: Vec<u8> = vec![0xff, 0xfe];
        let mut be: Vec<u8> = vec![0xfe, 0xff];
        for unit in text.encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, text);
        assert_eq!(decode(&be).unwrap().text, text);
        assert_eq!(decode(&le[2..]).unwrap().text, text, "UTF-16LE without BOM");
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Café talks ‘resumed’ in Genève" in Windows-1252.
        let raw = b"Caf\xe9 talks \x91resumed\x92 in Gen\xe8ve after the delegates met on Tuesday.";
        let d = decode(raw).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("Café") && d.text.contains("\u{2018}resumed\u{2019}"));
    }

    #[test]
    fn windows_1256_arabic_is_detected() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1256
            .encode("قالت وزارة الخارجية إن المحادثات في إدلب ستستأنف يوم الجمعة بعد توقف طويل");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "windows-1256");
        assert!(d.text.contains("إدلب"));
    }

    #[test]
    fn declared_charset_wins_over_guessing() {
        let raw = b"<html><head><meta charset=\"iso-8859-15\"></head><body>\xa4 5</body></html>";
        assert!(decode(raw).unwrap().text.contains('\u{20ac}'));
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(matches!(decode(b"%PDF-1.7 ..."), Err(Problem::Binary(_))));
        assert!(matches!(decode(b"abc\0\0\x01def"), Err(Problem::Binary(_))));
        assert!(matches!(decode(b"  \n\t "), Err(Problem::Empty)));
        assert!(matches!(decode(b""), Err(Problem::Empty)));
    }

    #[test]
    fn gzip_is_inflated_within_limit() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(&vec![b'a'; 10_000]).unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(maybe_gunzip(&gz, 20_000).unwrap().unwrap().len(), 10_000);
        assert!(matches!(
            maybe_gunzip(&gz, 100),
            Err(Problem::TooLarge { .. })
        ));
        assert!(maybe_gunzip(b"plain", 100).unwrap().is_none());
    }
}
