//! Ingest: bytes in, [`Document`]s out.
//!
//! A source (a file, a page, a feed, a JSON Lines stream) is decoded ([`decode`]), its
//! format recognised, each report in it extracted (article body for pages, items for
//! feeds and JSON Lines), then cleaned ([`clean`]): boilerplate removed, the dateline
//! found, the publisher read off the page or its notices. Nothing here touches the store.
//!
//! Every failure names its input and says what to do ([`IngestError`]); a source with
//! many reports yields one result per report, so one bad line does not sink the rest.

pub mod clean;
pub mod dateline;
pub mod decode;
mod error;
pub mod feed;
pub mod html;
pub mod jsonl;
pub mod lang;
pub mod rules;
pub mod walk;

pub use error::{IngestError, Problem};
pub use rules::{Rules, RulesError};
pub use walk::{expand, read_input, Input, JsonlChunk, JsonlChunks};

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use truce_model::{Document, DocumentId, DocumentMeta, Fingerprint};

/// The formats truce reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Feed,
    Jsonl,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Jsonl => "jsonl",
        }
    }

    /// Recognises the format from the file name where it is telling, else from the content.
    pub fn sniff(origin: &str, text: &str) -> Format {
        let ext = Path::new(origin.trim_end_matches(".gz"))
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        let head: String = text
            .trim_start()
            .chars()
            .take(1024)
            .collect::<String>()
            .to_ascii_lowercase();
        let looks_feed =
            head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf");
        match ext.as_deref() {
            Some("jsonl" | "ndjson") => return Format::Jsonl,
            Some("html" | "htm" | "xhtml") => return Format::Html,
            Some("rss" | "atom") => return Format::Feed,
            Some("xml") if looks_feed => return Format::Feed,
            Some("txt" | "text" | "md") => return Format::Text,
            _ => {}
        }
        if looks_feed && head.starts_with('<') {
            Format::Feed
        } else if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || head.contains("<body")
        {
            Format::Html
        } else if text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .all(|l| l.trim_start().starts_with('{'))
            && text.trim_start().starts_with('{')
        {
            Format::Jsonl
        } else {
            Format::Text
        }
    }
}

/// Metadata given by the user (command-line flags). They fill fields the source leaves
/// empty; what a page or feed item declares about itself is kept.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub published: Option<DateTime<FixedOffset>>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
}

/// Settings shared by every input of one run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Inputs larger than this are refused before they are read.
    pub max_bytes: u64,
    pub rules: Arc<Rules>,
}

/// The shipped rules, parsed and compiled once per process: callers that make default
/// options per report (tests, evaluation) would otherwise compile every pattern again.
static BUILTIN_RULES: std::sync::LazyLock<Arc<Rules>> =
    std::sync::LazyLock::new(|| Arc::new(Rules::builtin()));

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: 50_000_000,
            rules: Arc::clone(&BUILTIN_RULES),
        }
    }
}

/// One report ready to store: the document and the raw copy it came from.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub document: Document,
    /// The raw bytes of this copy (a file, a JSON line, a feed item's canonical form).
    pub raw: Vec<u8>,
    /// Where it came from: a path, `path:LINE` for JSON Lines, `path#N` for feed items.
    pub origin: String,
    pub format: Format,
    pub encoding: &'static str,
}

/// The reports of one source: `Err` when the whole source is refused, otherwise one result
/// per report in it.
pub type SourceResult = Result<Vec<Result<Ingested, IngestError>>, IngestError>;

/// Ingests the raw bytes of one source.
pub fn ingest_bytes(raw: &[u8], origin: &str, hints: &Hints, options: &Options) -> SourceResult {
    read_source(raw, origin, None, hints, options, &mut |_| {})
}

/// [`ingest_bytes`] for a source whose sender declared its format (an upload's
/// Content-Type): `declared` is read as such instead of being recognised from the name
/// and content; `None` recognises it as [`ingest_bytes`] does.
pub fn ingest_declared(
    raw: &[u8],
    origin: &str,
    declared: Option<Format>,
    hints: &Hints,
    options: &Options,
) -> SourceResult {
    read_source(raw, origin, declared, hints, options, &mut |_| {})
}

/// The steps of ingesting a single report, for [`ingest_bytes_observed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestStage {
    /// Decoding, format recognition and, for a web page, extraction of the article.
    Read,
    /// Boilerplate, dateline and publisher, language, fingerprint: the document built.
    Boilerplate,
}

/// [`ingest_bytes`], calling `observe` as each stage of a single report (text or web
/// page) ends, so a benchmark can time them; feeds and JSON Lines are not split.
pub fn ingest_bytes_observed(
    raw: &[u8],
    origin: &str,
    hints: &Hints,
    options: &Options,
    observe: &mut dyn FnMut(IngestStage),
) -> SourceResult {
    read_source(raw, origin, None, hints, options, observe)
}

fn read_source(
    raw: &[u8],
    origin: &str,
    declared: Option<Format>,
    hints: &Hints,
    options: &Options,
    observe: &mut dyn FnMut(IngestStage),
) -> SourceResult {
    let fail = |problem| IngestError::new(origin, problem);
    let inflated = decode::maybe_gunzip(raw, options.max_bytes).map_err(fail)?;
    let bytes = inflated.as_deref().unwrap_or(raw);
    let decoded = decode::decode(bytes).map_err(fail)?;
    let format = declared.unwrap_or_else(|| Format::sniff(origin, &decoded.text));
    let rules = &options.rules;
    let mut single = |body: &str, meta: DocumentMeta| -> SourceResult {
        observe(IngestStage::Read);
        let document = build_document(raw, body, meta, hints, rules).map_err(fail);
        observe(IngestStage::Boilerplate);
        let document = document?;
        Ok(vec![Ok(Ingested {
            document,
            raw: raw.to_vec(),
            origin: origin.to_string(),
            format,
            encoding: decoded.encoding,
        })])
    };
    match format {
        Format::Text => single(&decoded.text, DocumentMeta::default()),
        Format::Html => {
            let article = html::extract_article(&decoded.text).map_err(fail)?;
            single(&article.body, article.meta)
        }
        Format::Feed => {
            let items = feed::parse_feed(&decoded.text).map_err(fail)?;
            if items.is_empty() {
                return Err(fail(Problem::EmptyFeed));
            }
            Ok(items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let item_origin = format!("{origin}#{}", i + 1);
                    let raw = item.raw();
                    build_document(&raw, &item.body_text(), item.meta(), hints, rules)
                        .map(|document| Ingested {
                            document,
                            raw,
                            origin: item_origin.clone(),
                            format,
                            encoding: decoded.encoding,
                        })
                        .map_err(|p| IngestError::new(item_origin, p))
                })
                .collect())
        }
        Format::Jsonl if is_legacy(decoded.encoding) => {
            Ok(utf8_lines(raw, origin, 1, hints, rules))
        }
        Format::Jsonl => Ok(jsonl_reports(
            &decoded.text,
            origin,
            1,
            decoded.encoding,
            hints,
            rules,
        )),
    }
}

/// The reports of a run of whole JSON Lines lines read from a larger file (see
/// [`walk::JsonlChunks`]): `first_line` is the number of the run's first line in the file,
/// so reports and errors are named `path:LINE` as when the file is read whole.
pub fn ingest_jsonl_lines(
    raw: &[u8],
    origin: &str,
    first_line: usize,
    hints: &Hints,
    options: &Options,
) -> SourceResult {
    let decoded = decode::decode(raw).map_err(|p| IngestError::new(origin, p))?;
    // JSON Lines are UTF-8: a run with a line that is not would be decoded whole as a
    // legacy encoding, turning every other line to mojibake without a word; instead each
    // line is read as UTF-8 and one that is not is refused by its number
    if is_legacy(decoded.encoding) {
        return Ok(utf8_lines(raw, origin, first_line, hints, &options.rules));
    }
    Ok(jsonl_reports(
        &decoded.text,
        origin,
        first_line,
        decoded.encoding,
        hints,
        &options.rules,
    ))
}

/// Whether bytes were decoded by the legacy-encoding rules (neither UTF-8 nor UTF-16).
fn is_legacy(encoding: &str) -> bool {
    encoding != "UTF-8" && !encoding.starts_with("UTF-16")
}

/// [`jsonl_reports`] line by line over bytes that are not all UTF-8: each line that is
/// UTF-8 is read, each that is not is refused with its number.
fn utf8_lines(
    raw: &[u8],
    origin: &str,
    first_line: usize,
    hints: &Hints,
    rules: &Rules,
) -> Vec<Result<Ingested, IngestError>> {
    let mut out = Vec::new();
    for (i, line) in raw.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        match std::str::from_utf8(line) {
            Ok(text) => out.extend(jsonl_reports(
                text,
                origin,
                first_line + i,
                "UTF-8",
                hints,
                rules,
            )),
            Err(e) => out.push(Err(IngestError::new(
                format!("{origin}:{}", first_line + i),
                Problem::NotUtf8 {
                    at: e.valid_up_to(),
                },
            ))),
        }
    }
    out
}

/// One report per non-blank line of `text`, whose first line is line `first_line` of the
/// input named `origin`.
fn jsonl_reports(
    text: &str,
    origin: &str,
    first_line: usize,
    encoding: &'static str,
    hints: &Hints,
    rules: &Rules,
) -> Vec<Result<Ingested, IngestError>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let line_origin = format!("{origin}:{}", first_line + i);
            let fail_line = |p| IngestError::new(line_origin.clone(), p);
            let (body, meta) = jsonl::parse_line(line).map_err(fail_line)?;
            let (body, meta) = match body {
                jsonl::JsonBody::Text(t) => (t, meta),
                jsonl::JsonBody::Html(h) => {
                    let article = html::extract_article(&h).map_err(fail_line)?;
                    (article.body, fill(meta, article.meta))
                }
            };
            let document =
                build_document(line.as_bytes(), &body, meta, hints, rules).map_err(fail_line)?;
            Ok(Ingested {
                document,
                raw: line.as_bytes().to_vec(),
                origin: line_origin,
                format: Format::Jsonl,
                encoding,
            })
        })
        .collect()
}

/// `first`'s fields, with the gaps filled from `second`.
fn fill(first: DocumentMeta, second: DocumentMeta) -> DocumentMeta {
    DocumentMeta {
        title: first.title.or(second.title),
        publisher: first.publisher.or(second.publisher),
        url: first.url.or(second.url),
        published: first.published.or(second.published),
        language: first.language.or(second.language),
    }
}

/// Cleans a report's body and assembles its document.
pub fn build_document(
    raw: &[u8],
    body: &str,
    source_meta: DocumentMeta,
    hints: &Hints,
    rules: &Rules,
) -> Result<Document, Problem> {
    let cleaned = clean::clean_text(body, rules);
    if cleaned.text.trim().is_empty() {
        return Err(if body.trim().is_empty() {
            Problem::Empty
        } else {
            Problem::OnlyBoilerplate
        });
    }
    let from_text = DocumentMeta {
        title: cleaned.headline.clone(),
        publisher: cleaned
            .publisher
            .clone()
            .or_else(|| cleaned.dateline.as_ref().and_then(|d| d.agency.clone())),
        url: None,
        published: None,
        language: lang::guess_language(&cleaned.text, rules),
    };
    let from_user = DocumentMeta {
        title: hints.title.clone(),
        publisher: hints.publisher.clone(),
        url: hints.url.clone(),
        published: hints.published,
        language: None,
    };
    Ok(Document {
        id: DocumentId::of_raw(raw),
        fingerprint: Fingerprint::of_body(&cleaned.text),
        meta: fill(fill(source_meta, from_user), from_text),
        dateline: cleaned.dateline,
        text: cleaned.text,
        removed: cleaned.removed,
    })
}

/// Parses the dates people and pages write: RFC 3339, RFC 2822, `YYYY-MM-DD` (midnight
/// UTC) and `YYYY-MM-DD HH:MM[:SS]` (UTC).
pub fn parse_date(s: &str) -> Result<DateTime<FixedOffset>, Problem> {
    let s = s.trim();
    let utc = FixedOffset::east_opt(0).expect("zero offset");
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Ok(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Ok(d);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Ok(n.and_utc().with_timezone(&utc));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .with_timezone(&utc));
    }
    Err(Problem::BadDate(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ingest(raw: &[u8], origin: &str) -> SourceResult {
        ingest_bytes(raw, origin, &Hints::default(), &Options::default())
    }

    #[test]
    fn formats_are_sniffed() {
        assert_eq!(Format::sniff("a.txt", "<html>"), Format::Text);
        assert_eq!(Format::sniff("a", "<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(
            Format::sniff("a", "<?xml version='1.0'?><rss>"),
            Format::Feed
        );
        assert_eq!(
            Format::sniff("a", "{\"text\":1}\n{\"text\":2}"),
            Format::Jsonl
        );
        assert_eq!(Format::sniff("a", "{not json} but prose"), Format::Jsonl);
        assert_eq!(Format::sniff("a", "Plain prose."), Format::Text);
    }

    #[test]
    fn plain_text_report() {
        let docs = ingest(
            b"ALEPPO -- Shelling resumed on Monday, residents said.\n",
            "r.txt",
        )
        .unwrap();
        let d = &docs[0].as_ref().unwrap().document;
        assert_eq!(d.dateline.as_ref().unwrap().text, "ALEPPO");
        assert_eq!(d.meta.language.as_deref(), Some("en"));
        assert_eq!(
            d.id,
            DocumentId::of_raw(b"ALEPPO -- Shelling resumed on Monday, residents said.\n")
        );
    }

    #[test]
    fn hints_fill_gaps_but_do_not_override_the_source() {
        let hints = Hints {
            publisher: Some("Flag".into()),
            ..Default::default()
        };
        let line = br#"{"text":"A truce held in the south of the province.","publisher":"Own"}"#;
        let own = ingest_bytes(line, "x.jsonl", &hints, &Options::default()).unwrap();
        assert_eq!(
            own[0].as_ref().unwrap().document.meta.publisher.as_deref(),
            Some("Own")
        );
        let plain = ingest_bytes(
            b"A truce held in the south.",
            "x.txt",
            &hints,
            &Options::default(),
        )
        .unwrap();
        assert_eq!(
            plain[0]
                .as_ref()
                .unwrap()
                .document
                .meta
                .publisher
                .as_deref(),
            Some("Flag")
        );
    }

    #[test]
    fn jsonl_bad_lines_do_not_sink_good_ones() {
        let raw =
            b"{\"text\":\"One report about a ceasefire.\"}\n{broken\n\n{\"title\":\"no text\"}\n";
        let results = ingest(raw, "batch.jsonl").unwrap();
        assert_eq!(results.len(), 3);
        assert!(results[0].is_ok());
        let e1 = results[1].as_ref().unwrap_err();
        assert_eq!(e1.input, "batch.jsonl:2");
        assert!(matches!(
            results[2],
            Err(IngestError {
                problem: Problem::MissingText,
                ..
            })
        ));
    }

    #[test]
    fn only_boilerplate_is_refused() {
        let err = ingest(b"Advertisement\nShare this article\n", "x.txt").unwrap_err();
        assert_eq!(err.problem, Problem::OnlyBoilerplate);
    }

    #[test]
    fn dates_in_common_shapes() {
        assert_eq!(
            parse_date("2018-09-08").unwrap().to_rfc3339(),
            "2018-09-08T00:00:00+00:00"
        );
        assert_eq!(
            parse_date("2018-09-08T10:00:00+03:30")
                .unwrap()
                .to_rfc3339(),
            "2018-09-08T10:00:00+03:30"
        );
        assert_eq!(
            parse_date("Fri, 07 Sep 2018 12:00:00 GMT")
                .unwrap()
                .to_rfc3339(),
            "2018-09-07T12:00:00+00:00"
        );
        assert!(parse_date("yesterday").is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..2000)) {
            let _ = ingest(&raw, "fuzz");
        }

        #[test]
        fn dateline_span_slices_the_clean_text(s in "\\PC{0,300}") {
            if let Ok(results) = ingest(s.as_bytes(), "fuzz.txt") {
                for r in results.into_iter().flatten() {
                    if let Some(d) = &r.document.dateline {
                        proptest::prop_assert_eq!(d.span.slice(&r.document.text), Some(d.text.as_str()));
                    }
                }
            }
        }
    }
}
