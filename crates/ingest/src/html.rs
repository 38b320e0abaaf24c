//! Web pages: the article body by `rs-trafilatura`, metadata from OpenGraph, JSON-LD and
//! `<time>`, and a plain HTML-to-text conversion for feed items and JSON `html` fields.

use crate::error::Problem;
use chrono::{DateTime, FixedOffset};
use truce_model::DocumentMeta;

/// The article of a web page: its body as text and the metadata the page declares.
pub struct Article {
    pub body: String,
    pub meta: DocumentMeta,
}

/// Extracts the article from a whole HTML page.
pub fn extract_article(html: &str) -> Result<Article, Problem> {
    let article = truce_article::extract(html).ok_or(Problem::NoArticle)?;
    let body = article.body.trim().to_string();
    if body.is_empty() {
        return Err(Problem::NoArticle);
    }
    let page = article.meta;
    let meta = DocumentMeta {
        title: page.title,
        publisher: page.site_name,
        url: page.url,
        published: publication_time(&page.published),
        language: page.language,
    };
    Ok(Article { body, meta })
}

/// The first publication time the page declares that can be read, preferring one with a
/// time of day (`2019-11-19` and `2019-11-19T06:12:56-05:00` in one page: the latter).
fn publication_time(candidates: &[String]) -> Option<DateTime<FixedOffset>> {
    let mut first = None;
    for candidate in candidates {
        if let Ok(time) = crate::parse_date(candidate) {
            if candidate.contains(':') {
                return Some(time);
            }
            first.get_or_insert(time);
        }
    }
    first
}

/// Text of an HTML fragment with block elements as line breaks, scripts and styles dropped.
/// Used where the HTML *is* the article (a feed item's content), so nothing is extracted.
pub fn fragment_text(html: &str) -> String {
    truce_article::fragment_text(html)
}

#[cfg(test)]
mod tests {
    use super::*;

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
