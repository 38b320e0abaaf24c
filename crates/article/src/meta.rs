//! What a page says about itself: title, site, address, publication time and language,
//! from `<meta>` (OpenGraph, Dublin Core, schema.org microdata), JSON-LD, `<link
//! rel=canonical>`, `<time>` and `<title>`. One pass over the page's elements collects
//! them; the JSON-LD scripts are parsed at most once, when a field is read from them.

use crate::dom::{Dom, Kind, NodeId};

/// Metadata fields as the page writes them (dates unparsed: the caller knows its formats).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    /// Publication times the page declares, most trustworthy first (the caller takes the
    /// first it can read; a page often writes the same time several ways).
    pub published: Vec<String>,
    pub language: Option<String>,
}

/// `<meta>` names and properties that carry the publication time, most specific first.
const PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "publish-date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "article:published",
    // The generic ones (see GENERIC_DATES): a page's "date" need not be its publication.
    "dc.date",
    "date",
];

/// How many of [`PUBLISHED`]'s keys, at its end, are generic dates.
const GENERIC_DATES: usize = 2;

/// Separators between a headline and the site's name in `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " \u{2013} ", " \u{2014} ", " :: ", " \u{b7} "];

struct Found {
    metas: Vec<(String, String)>,
    title: Option<String>,
    h1: Option<String>,
    canonical: Option<String>,
    /// `<time datetime>` of the publication (`itemprop="datePublished"` or `pubdate`).
    time_published: Option<String>,
    /// The first `<time datetime>` of the page.
    time: Option<String>,
    language: Option<String>,
    json_ld: Vec<NodeId>,
}

fn collect(dom: &Dom) -> Found {
    let mut found = Found {
        metas: Vec::new(),
        title: None,
        h1: None,
        canonical: None,
        time_published: None,
        time: None,
        language: None,
        json_ld: Vec::new(),
    };
    for id in 1..dom.len() as NodeId {
        let Some(name) = dom.name(id) else { continue };
        match name {
            "meta" => {
                // One tag may carry several keys: `property="article:published"
                // itemprop="datePublished dateCreated"`.
                let Some(content) = dom.attr(id, "content") else {
                    continue;
                };
                let content = content.trim();
                if content.is_empty() {
                    continue;
                }
                for attr in ["property", "name", "itemprop", "http-equiv"] {
                    for key in dom.raw_attr(id, attr).unwrap_or("").split_whitespace() {
                        found
                            .metas
                            .push((key.to_ascii_lowercase(), content.to_string()));
                    }
                }
            }
            "title" if found.title.is_none() => {
                let t = dom.text_of(id);
                if !t.is_empty() {
                    found.title = Some(t);
                }
            }
            "h1" if found.h1.is_none() => {
                let t = dom.text_of(id);
                if !t.is_empty() {
                    found.h1 = Some(t);
                }
            }
            "link" if found.canonical.is_none() => {
                let canonical = dom.raw_attr(id, "rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|w| w.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    found.canonical = dom
                        .attr(id, "href")
                        .map(|h| h.trim().to_string())
                        .filter(|h| !h.is_empty());
                }
            }
            "time" => {
                let published = dom
                    .raw_attr(id, "itemprop")
                    .is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
                    || dom.raw_attr(id, "pubdate").is_some();
                if let Some(dt) = dom.attr(id, "datetime").filter(|d| !d.trim().is_empty()) {
                    let dt = Some(dt.trim().to_string());
                    if published && found.time_published.is_none() {
                        found.time_published = dt;
                    } else if found.time.is_none() {
                        found.time = dt;
                    }
                }
            }
            "html" if found.language.is_none() => {
                found.language = dom
                    .attr(id, "lang")
                    .or_else(|| dom.attr(id, "xml:lang"))
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty());
            }
            "script"
                if dom
                    .raw_attr(id, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                found.json_ld.push(id);
            }
            _ => {}
        }
    }
    found
}

/// Every value of the keys, in the keys' order.
fn metas<'f>(found: &'f Found, keys: &'f [&str]) -> impl Iterator<Item = &'f str> + 'f {
    keys.iter().flat_map(move |k| {
        found
            .metas
            .iter()
            .filter(move |(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    })
}

/// The first value of the keys.
fn meta<'f>(found: &'f Found, keys: &'f [&str]) -> Option<&'f str> {
    metas(found, keys).next()
}

/// The JSON-LD objects of the page, parsed (the ones that do not parse are skipped).
fn json_ld(dom: &Dom, found: &Found) -> Vec<serde_json::Value> {
    found
        .json_ld
        .iter()
        .filter_map(|&id| {
            let text: String = dom
                .children(id)
                .filter_map(|c| match dom.node(c).kind {
                    Kind::Text { text, .. } => Some(text),
                    _ => None,
                })
                .collect();
            serde_json::from_str(text.trim()).ok()
        })
        .collect()
}

fn find_key<'v>(value: &'v serde_json::Value, key: &str) -> Option<&'v serde_json::Value> {
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .or_else(|| map.values().find_map(|v| find_key(v, key))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_key(v, key)),
        _ => None,
    }
}

fn json_string(values: &[serde_json::Value], key: &str) -> Option<String> {
    values.iter().find_map(|v| {
        find_key(v, key)
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    })
}

/// The headline part of a `<title>` and the site's name. The headline is the segment
/// between separators that agrees with the page's `<h1>`, else the longest; the site is
/// the last other segment, else the first: "Opinion | Talks stall - The Daily" is "Talks
/// stall" of "The Daily".
fn split_title(title: &str, h1: Option<&str>) -> (String, Option<String>) {
    let mut segments = vec![title];
    for sep in TITLE_SEPARATORS {
        segments = segments.iter().flat_map(|s| s.split(sep)).collect();
    }
    let segments: Vec<&str> = segments
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let agrees = |s: &&&str| h1.is_some_and(|h| h.contains(**s) || s.contains(h));
    let longest = |s: &&&str| s.chars().count();
    let headline = segments
        .iter()
        .filter(agrees)
        .max_by_key(longest)
        .or_else(|| segments.iter().max_by_key(longest));
    let Some(&headline) = headline else {
        return (title.trim().to_string(), None);
    };
    let site = [segments.last(), segments.first()]
        .into_iter()
        .flatten()
        .find(|s| **s != headline)
        .map(|s| s.to_string());
    (headline.to_string(), site)
}

/// A site name that is an address ("https://www.example.in") names no publisher.
fn is_address(name: &str) -> bool {
    name.contains("://") || name.starts_with("www.")
}

/// The primary language subtag, lower-case ("en-US" → "en"); `None` for anything that is
/// not a language tag ("italiano (italian)").
fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?;
    (2..=3)
        .contains(&primary.len())
        .then(|| primary.to_ascii_lowercase())
        .filter(|p| p.bytes().all(|b| b.is_ascii_lowercase()))
}

pub fn page_meta(dom: &Dom) -> PageMeta {
    let found = collect(dom);
    let parsed = std::cell::OnceCell::new();
    let ld = || parsed.get_or_init(|| json_ld(dom, &found));
    let (title_head, title_tail) = match &found.title {
        Some(t) => {
            let (h, tail) = split_title(t, found.h1.as_deref());
            (Some(h), tail)
        }
        None => (None, None),
    };
    // A social title may still end in the site's name ("Talks stall | The Daily").
    let og_title = meta(&found, &["og:title", "twitter:title"]).map(|t| {
        TITLE_SEPARATORS
            .iter()
            .find_map(|sep| {
                let (head, tail) = t.rsplit_once(sep)?;
                let site = title_tail.as_deref()?;
                (tail.trim() == site && !head.trim().is_empty()).then(|| head.trim().to_string())
            })
            .unwrap_or_else(|| t.to_string())
    });
    // The page's headline: OpenGraph's, else the first <h1> when <title> agrees with it
    // (a <title> may cut a headline at a colon or a dash), else <title> without the site.
    let title = og_title.or_else(|| match (&found.h1, &title_head) {
        (Some(h1), Some(head))
            if h1.len() <= 300 && (h1.contains(head.as_str()) || head.contains(h1.as_str())) =>
        {
            Some(if h1.len() >= head.len() {
                h1.clone()
            } else {
                head.clone()
            })
        }
        (_, Some(head)) if !head.is_empty() => Some(head.clone()),
        (Some(h1), None) if h1.len() <= 300 => Some(h1.clone()),
        _ => None,
    });
    let site_name = metas(&found, &["og:site_name", "application-name"])
        .find(|s| !is_address(s))
        .map(str::to_string)
        .or_else(|| {
            ld().iter().find_map(|v| {
                find_key(v, "publisher")
                    .and_then(|p| find_key(p, "name"))
                    .and_then(|n| n.as_str())
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty() && !is_address(s))
            })
        })
        .or(title_tail.filter(|s| !is_address(s)));
    let url = found
        .canonical
        .clone()
        .or_else(|| meta(&found, &["og:url"]).map(str::to_string));
    // Article metadata and JSON-LD name the publication; a `<time>` or a `date` may be
    // of anything on the page, so they come last.
    let (specific, generic) = PUBLISHED.split_at(PUBLISHED.len() - GENERIC_DATES);
    let mut published: Vec<String> = Vec::new();
    published.extend(metas(&found, specific).map(str::to_string));
    published.extend(json_string(ld(), "datePublished"));
    published.extend(found.time_published.clone());
    published.extend(metas(&found, generic).map(str::to_string));
    published.extend(json_string(ld(), "dateCreated"));
    published.extend(found.time.clone());
    published.dedup();
    let language = found
        .language
        .iter()
        .map(String::as_str)
        .chain(metas(
            &found,
            &["content-language", "og:locale", "language", "dc.language"],
        ))
        .find_map(primary_language);
    PageMeta {
        title,
        site_name,
        url,
        published,
        language,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_from_tags_then_json_ld_then_the_title() {
        let dom = Dom::parse(
            r#"<html lang="en-GB"><head><title>Convoy reaches town | Levant Wire</title>
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-03-02T08:15:00+03:00",
 "publisher":{"@type":"Organization","name":"Levant Wire Ltd"}}</script>
<link rel="canonical" href=" https://example.org/convoy ">
</head><body><h1>Convoy reaches town</h1></body></html>"#,
        );
        let m = page_meta(&dom);
        assert_eq!(m.title.as_deref(), Some("Convoy reaches town"));
        assert_eq!(m.site_name.as_deref(), Some("Levant Wire Ltd"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/convoy"));
        assert_eq!(m.published, ["2019-03-02T08:15:00+03:00"]);
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn the_headline_is_the_longest_part_of_the_title_and_the_site_its_last() {
        assert_eq!(
            split_title("Opinion | Talks stall again in Geneva - The Daily", None),
            (
                "Talks stall again in Geneva".into(),
                Some("The Daily".into())
            )
        );
        assert_eq!(
            split_title(
                "Levant Wire \u{2014} Convoy reaches the besieged town",
                None
            ),
            (
                "Convoy reaches the besieged town".into(),
                Some("Levant Wire".into())
            )
        );
        assert_eq!(
            split_title("Convoy reaches town", None),
            ("Convoy reaches town".into(), None)
        );
        assert_eq!(
            split_title(
                "Market raid - Valley Courier",
                Some("Market raid: a fourth account")
            ),
            ("Market raid".into(), Some("Valley Courier".into()))
        );
        assert_eq!(primary_language(" en_GB"), Some("en".into()));
        assert_eq!(primary_language("italiano (italian)"), None);
    }

    #[test]
    fn opengraph_wins_and_a_longer_headline_beats_a_cut_title() {
        let dom = Dom::parse(
            r#"<title>Market raid - Valley Courier</title><meta property="og:site_name" content="Courier">
<time datetime="2019-05-01">May 1</time><time itemprop="datePublished" datetime="2019-05-07T10:00Z">
<h1>Market raid - a fourth account</h1>"#,
        );
        let m = page_meta(&dom);
        assert_eq!(m.title.as_deref(), Some("Market raid - a fourth account"));
        assert_eq!(m.site_name.as_deref(), Some("Courier"));
        assert_eq!(m.published, ["2019-05-07T10:00Z", "2019-05-01"]);
    }
}
