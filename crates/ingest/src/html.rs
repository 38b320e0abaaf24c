//! Web pages: the article body by `rs-trafilatura`, metadata from OpenGraph, JSON-LD and
//! `<time>`, and a plain HTML-to-text conversion for feed items and JSON `html` fields.

use crate::error::Problem;
use chrono::{DateTime, FixedOffset};
use ego_tree::iter::Edge;
use scraper::{Html, Node, Selector};
use truce_model::DocumentMeta;

/// The article of a web page: its body as text and the metadata the page declares.
pub struct Article {
    pub body: String,
    pub meta: DocumentMeta,
}

/// Extracts the article from a whole HTML page.
pub fn extract_article(html: &str) -> Result<Article, Problem> {
    let page = Html::parse_document(html);
    // The extractor falls back to the title when a page has no body text; a page without
    // a body is not an article.
    if !has_body_text(&page) {
        return Err(Problem::NoArticle);
    }
    let options = rs_trafilatura::Options {
        include_comments: false,
        ..Default::default()
    };
    let result =
        rs_trafilatura::extract_with_options(html, &options).map_err(|_| Problem::NoArticle)?;
    let body = result.content_text.trim().to_string();
    if body.is_empty() {
        return Err(Problem::NoArticle);
    }
    let md = result.metadata;
    let meta = DocumentMeta {
        title: md
            .title
            .filter(|t| !t.trim().is_empty())
            .map(|t| fuller_title(&page, t)),
        publisher: md.sitename.filter(|s| !s.trim().is_empty()),
        url: canonical_url(&page).or(md.url),
        published: published_time(&page).or_else(|| md.date.map(|d| d.fixed_offset())),
        language: md.language,
    };
    Ok(Article { body, meta })
}

/// The page's own headline (`og:title`, else its first `<h1>`) when it holds the title the
/// extractor chose and more: the extractor splits a title at separators to drop a site's
/// name, which also cuts "Market raid: a fourth account" down to its longer half.
fn fuller_title(page: &Html, title: String) -> String {
    let h1 = Selector::parse("h1").expect("selector");
    let headline = attr_of(page, r#"meta[property="og:title"]"#, "content").or_else(|| {
        page.select(&h1)
            .map(|e| e.text().collect::<Vec<_>>().join(" "))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .find(|t| !t.is_empty())
    });
    match headline {
        Some(h) if h.len() > title.len() && h.len() <= 300 && h.contains(title.trim()) => h,
        _ => title,
    }
}

fn has_body_text(page: &Html) -> bool {
    let body = Selector::parse("body").expect("selector");
    page.select(&body).any(|b| {
        b.descendants().any(|n| {
            let in_script = n.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    matches!(e.name(), "script" | "style" | "noscript" | "template")
                })
            });
            !in_script
                && n.value()
                    .as_text()
                    .is_some_and(|t| t.chars().any(char::is_alphanumeric))
        })
    })
}

fn attr_of(page: &Html, selector: &str, attr: &str) -> Option<String> {
    let sel = Selector::parse(selector).ok()?;
    page.select(&sel)
        .filter_map(|e| e.value().attr(attr))
        .map(str::trim)
        .find(|v| !v.is_empty())
        .map(str::to_string)
}

/// `<link rel=canonical>` first, then `og:url`: the page's own name for itself.
fn canonical_url(page: &Html) -> Option<String> {
    attr_of(page, r#"link[rel="canonical"]"#, "href")
        .or_else(|| attr_of(page, r#"meta[property="og:url"]"#, "content"))
}

/// The publication time the page declares, with its offset kept (the reporter's local day
/// matters for "on Friday"): article metadata, JSON-LD `datePublished`, then `<time>`.
fn published_time(page: &Html) -> Option<DateTime<FixedOffset>> {
    let candidates = [
        attr_of(
            page,
            r#"meta[property="article:published_time"]"#,
            "content",
        ),
        attr_of(page, r#"meta[itemprop="datePublished"]"#, "content"),
        json_ld_date(page),
        attr_of(page, "time[datetime]", "datetime"),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|s| crate::parse_date(&s).ok())
}

fn json_ld_date(page: &Html) -> Option<String> {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    page.select(&sel).find_map(|script| {
        let value: serde_json::Value =
            serde_json::from_str(&script.text().collect::<String>()).ok()?;
        find_key(&value, "datePublished")
    })
}

fn find_key(value: &serde_json::Value, key: &str) -> Option<String> {
    match value {
        serde_json::Value::Object(map) => map
            .get(key)
            .and_then(|v| v.as_str().map(str::to_string))
            .or_else(|| map.values().find_map(|v| find_key(v, key))),
        serde_json::Value::Array(items) => items.iter().find_map(|v| find_key(v, key)),
        _ => None,
    }
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "figure",
    "figcaption",
    "hr",
    "dd",
    "dt",
];

/// Text of an HTML fragment with block elements as line breaks, scripts and styles dropped.
/// Used where the HTML *is* the article (a feed item's content), so nothing is extracted.
pub fn fragment_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    let mut skipping = 0usize;
    for edge in fragment.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if matches!(e.name(), "script" | "style" | "noscript") => {
                    skipping += 1
                }
                Node::Element(e) if BLOCKS.contains(&e.name()) => out.push('\n'),
                Node::Text(t) if skipping == 0 => out.push_str(t),
                _ => {}
            },
            Edge::Close(node) => match node.value() {
                Node::Element(e) if matches!(e.name(), "script" | "style" | "noscript") => {
                    skipping -= 1
                }
                Node::Element(e) if BLOCKS.contains(&e.name()) => out.push('\n'),
                _ => {}
            },
        }
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_keeps_blocks_and_drops_scripts() {
        let t = fragment_text(
            "<p>Shelling   hit <b>Saraqib</b>.</p><script>x()</script><p>Two &amp; more.</p>",
        );
        assert_eq!(t, "Shelling hit Saraqib.\nTwo & more.");
    }

    #[test]
    fn page_metadata_is_read() {
        let html = r#"<html><head><title>Convoy reaches town | Levant Wire</title>
<link rel="canonical" href="https://example.org/news/convoy">
<meta property="og:site_name" content="Levant Wire">
<meta property="article:published_time" content="2019-03-02T08:15:00+03:00">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Convoy reaches town</h1>
<p>BEIRUT (Reuters) - A convoy of twenty trucks reached the besieged town on Saturday, the first in four months, aid officials said.</p>
<p>The convoy carried food, medicine and winter supplies for about 40,000 people, according to the humanitarian coordinator's office.</p>
<p>Officials said further deliveries depended on guarantees of safe passage from all parties to the conflict in the area.</p>
</article><footer>Copyright 2019 Levant Wire. All rights reserved.</footer></body></html>"#;
        let a = extract_article(html).unwrap();
        assert!(a.body.contains("A convoy of twenty trucks"), "{}", a.body);
        assert!(!a.body.contains("All rights reserved"));
        assert_eq!(
            a.meta.url.as_deref(),
            Some("https://example.org/news/convoy")
        );
        assert_eq!(a.meta.publisher.as_deref(), Some("Levant Wire"));
        assert_eq!(
            a.meta.published.unwrap().to_rfc3339(),
            "2019-03-02T08:15:00+03:00"
        );
    }

    #[test]
    fn a_headline_with_a_colon_keeps_both_halves() {
        let page = |head: &str| {
            format!(
                "<html><head><title>Talks resume: envoys meet in Geneva | Lake Post</title>{head}</head>\
                 <body><article><h1>Talks resume: envoys meet in Geneva</h1><p>GENEVA -- Envoys of the two \
                 governments met on Tuesday for the first time since the summer, officials said, and agreed \
                 to meet again next month to discuss the exchange of prisoners.</p></article></body></html>"
            )
        };
        for head in [
            "",
            r#"<meta property="og:title" content="Talks resume: envoys meet in Geneva">"#,
        ] {
            let a = extract_article(&page(head)).unwrap();
            assert_eq!(
                a.meta.title.as_deref(),
                Some("Talks resume: envoys meet in Geneva"),
                "{head}"
            );
        }
    }

    #[test]
    fn page_without_body_is_refused() {
        let r = extract_article("<html><head><title>x</title></head></html>");
        assert!(
            matches!(r, Err(Problem::NoArticle)),
            "{:?}",
            r.map(|a| a.body)
        );
        assert!(matches!(
            extract_article("<html><body><nav><a href=/>Home</a></nav></body>"),
            Err(Problem::NoArticle)
        ));
    }
}
