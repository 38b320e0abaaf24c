//! A small language guess: script by code point, then function-word frequency.

use crate::rules::Rules;

/// ISO 639-1 code of the text's language, or `None` when the evidence is too thin.
pub fn guess_language(text: &str, rules: &Rules) -> Option<String> {
    let (mut arabic, mut cyrillic, mut latin) = (0usize, 0usize, 0usize);
    // most reports are mostly ASCII: their bytes are counted without decoding them
    let mut seen = 0;
    let mut rest = text;
    while seen < 3_000 {
        let ascii = rest
            .bytes()
            .take(3_000 - seen)
            .take_while(u8::is_ascii)
            .fold(0, |n, b| {
                latin += usize::from(b.is_ascii_alphabetic());
                n + 1
            });
        seen += ascii;
        rest = &rest[ascii..];
        if seen >= 3_000 {
            break;
        }
        let Some(c) = rest.chars().next() else {
            break;
        };
        seen += 1;
        rest = &rest[c.len_utf8()..];
        match c {
            '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}' => arabic += 1,
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            c if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) => latin += 1,
            _ => {}
        }
    }
    let total = arabic + cyrillic + latin;
    if total < 20 {
        return None;
    }
    if arabic * 2 > total {
        return Some("ar".into());
    }
    if cyrillic * 2 > total {
        return Some("ru".into());
    }
    // A couple of hundred words decide the language as well as the whole report would.
    let mut hits = vec![0usize; rules.languages.len()];
    let mut words = 0usize;
    let mut lower = String::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(200)
    {
        words += 1;
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        if let Some(mask) = rules.stopwords.get(lower.as_str()) {
            for (i, hit) in hits.iter_mut().enumerate() {
                *hit += ((mask >> i) & 1) as usize;
            }
        }
    }
    if words < 5 {
        return None;
    }
    let (best, hits) = hits.iter().enumerate().max_by_key(|(_, h)| **h)?;
    let lang = &rules.languages[best];
    (hits * 100 >= words * 8).then(|| lang.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_english_arabic_and_french() {
        let rules = Rules::builtin();
        let en = "The leaders of the three states said that the talks on the zone were useful.";
        let ar = "قالت وزارة الخارجية إن المحادثات في إدلب ستستأنف يوم الجمعة";
        let fr =
            "Les dirigeants des trois pays ont discuté de la situation dans la zone et de la paix.";
        assert_eq!(guess_language(en, &rules).as_deref(), Some("en"));
        assert_eq!(guess_language(ar, &rules).as_deref(), Some("ar"));
        assert_eq!(guess_language(fr, &rules).as_deref(), Some("fr"));
        assert_eq!(guess_language("12 34", &rules), None);
    }
}
