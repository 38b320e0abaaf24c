//! JSON Lines: one report per line, as an object with its text and metadata.
//!
//! Fields: `text` (or `body`, `content`) as plain text, or `html` for a page; optional
//! `title`, `publisher` (or `source`), `url` (or `link`), `published` (or `date`),
//! `language` (or `lang`). Unknown fields are ignored.

use crate::error::Problem;
use serde_json::{Map, Value};
use truce_model::DocumentMeta;

/// The body of one JSON line: plain text or a page to extract from.
pub enum JsonBody {
    Text(String),
    Html(String),
}

fn field<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .find_map(|n| obj.get(*n).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Parses one line into its body and metadata.
pub fn parse_line(line: &str) -> Result<(JsonBody, DocumentMeta), Problem> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| Problem::BadJsonLine(e.to_string()))?;
    let obj = value
        .as_object()
        .ok_or_else(|| Problem::BadJsonLine("a JSON value but not an object".into()))?;
    let body = if let Some(text) = field(obj, &["text", "body", "content"]) {
        JsonBody::Text(text.to_string())
    } else if let Some(html) = field(obj, &["html"]) {
        JsonBody::Html(html.to_string())
    } else {
        return Err(Problem::MissingText);
    };
    let published = match field(obj, &["published", "date", "datetime"]) {
        Some(d) => Some(crate::parse_date(d)?),
        None => None,
    };
    let owned = |names: &[&str]| field(obj, names).map(str::to_string);
    let meta = DocumentMeta {
        title: owned(&["title", "headline"]),
        publisher: owned(&["publisher", "source"]),
        url: owned(&["url", "link"]),
        published,
        language: owned(&["language", "lang"]),
    };
    Ok((body, meta))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_and_metadata() {
        let (body, meta) =
            parse_line(r#"{"text":"A truce held.","title":"T","source":"Wire","published":"2020-03-06","extra":1}"#).unwrap();
        assert!(matches!(body, JsonBody::Text(t) if t == "A truce held."));
        assert_eq!(meta.publisher.as_deref(), Some("Wire"));
        assert_eq!(
            meta.published.unwrap().date_naive().to_string(),
            "2020-03-06"
        );
    }

    #[test]
    fn bad_lines_say_why() {
        assert!(matches!(parse_line("{nope"), Err(Problem::BadJsonLine(_))));
        assert!(matches!(parse_line("[1,2]"), Err(Problem::BadJsonLine(_))));
        assert!(matches!(
            parse_line(r#"{"title":"no body"}"#),
            Err(Problem::MissingText)
        ));
        assert!(matches!(
            parse_line(r#"{"text":"x","published":"last Tuesday"}"#),
            Err(Problem::BadDate(_))
        ));
    }
}
