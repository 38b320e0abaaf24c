//! Character references (`&amp;`, `&#8217;`, `&#x2014;`, `&eacute;`), decoded as a browser
//! would for text: named references from HTML5's full table (quick-xml carries it), the
//! most common ones also without their `;` as old pages write them, and anything unknown
//! left as written.

use std::borrow::Cow;

/// Named references browsers accept without the closing `;` and that pages really write
/// that way (a subset of HTML's legacy list: the rest are rare in text).
const LEGACY: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("nbsp", "\u{a0}"),
    ("copy", "\u{a9}"),
    ("reg", "\u{ae}"),
];

/// `text` with its character references replaced; borrowed when it has none.
pub fn decode(text: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    let mut rest = &text[first..];
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match reference(rest) {
            Some((len, decoded)) => {
                match decoded {
                    Decoded::Str(s) => out.push_str(s),
                    Decoded::Char(c) => out.push(c),
                }
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

enum Decoded {
    Str(&'static str),
    Char(char),
}

/// The reference at the start of `s` (which starts with `&`): its length and what it means.
fn reference(s: &str) -> Option<(usize, Decoded)> {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let (radix, digits_from) = match bytes.get(2) {
            Some(b'x' | b'X') => (16, 3),
            _ => (10, 2),
        };
        let digits = bytes[digits_from..]
            .iter()
            .take_while(|b| b.is_ascii_hexdigit() && (radix == 16 || b.is_ascii_digit()))
            .count();
        if digits == 0 || digits > 8 {
            return None;
        }
        let end = digits_from + digits;
        let value = u32::from_str_radix(&s[digits_from..end], radix).ok()?;
        let len = if bytes.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        let c = match value {
            0 => '\u{fffd}',
            // Windows-1252's printable characters, which pages write as numbers in 128–159.
            0x80..=0x9f => windows_1252(value).unwrap_or('\u{fffd}'),
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((len, Decoded::Char(c)));
    }
    let name_len = bytes[1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &s[1..1 + name_len];
    if bytes.get(1 + name_len) == Some(&b';') {
        if let Some(v) = quick_xml::escape::resolve_html5_entity(name) {
            return Some((name_len + 2, Decoded::Str(v)));
        }
    }
    LEGACY
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| (name_len + 1, Decoded::Str(v)))
}

fn windows_1252(value: u32) -> Option<char> {
    let byte = [u8::try_from(value).ok()?];
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
    text.chars().next()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn references_of_every_kind() {
        assert_eq!(
            decode("Tom &amp; Jerry&#8217;s &#x2014; caf&eacute; &nbsp;x &copy 2019 &#150;"),
            "Tom & Jerry\u{2019}s \u{2014} caf\u{e9} \u{a0}x \u{a9} 2019 \u{2013}"
        );
    }

    #[test]
    fn unknown_or_broken_references_stay_as_written() {
        assert_eq!(
            decode("AT&T & co &unknown; &#; &#xZZ;"),
            "AT&T & co &unknown; &#; &#xZZ;"
        );
        assert!(matches!(decode("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(decode("&#99999999;&"), "\u{fffd}&");
    }
}
