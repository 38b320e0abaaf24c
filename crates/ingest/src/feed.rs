//! RSS and Atom feeds: each item is a report.

use crate::error::Problem;
use crate::html::fragment_text;
use serde::Serialize;
use truce_model::DocumentMeta;

/// One feed item, with the fields truce keeps. Serialised as the item's raw copy: a feed
/// item has no bytes of its own, so its identity is the hash of this canonical form.
#[derive(Debug, Serialize)]
pub struct FeedItem {
    pub feed_title: Option<String>,
    pub guid: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<String>,
    pub body_html: String,
}

impl FeedItem {
    pub fn raw(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a feed item serialises")
    }

    pub fn body_text(&self) -> String {
        fragment_text(&self.body_html)
    }

    pub fn meta(&self) -> DocumentMeta {
        DocumentMeta {
            title: self.title.clone(),
            publisher: self.feed_title.clone(),
            url: self.link.clone(),
            published: self
                .published
                .as_deref()
                .and_then(|p| crate::parse_date(p).ok()),
            language: None,
        }
    }
}

/// Parses a feed into its items; items without any text are skipped by the caller.
pub fn parse_feed(text: &str) -> Result<Vec<FeedItem>, Problem> {
    let feed =
        feed_rs::parser::parse(text.as_bytes()).map_err(|e| Problem::BadFeed(e.to_string()))?;
    let feed_title = feed
        .title
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    Ok(feed
        .entries
        .into_iter()
        .map(|entry| {
            let body_html = entry
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty())
                .or_else(|| entry.summary.map(|s| s.content))
                .unwrap_or_default();
            FeedItem {
                feed_title: feed_title.clone(),
                guid: entry.id,
                title: entry.title.map(|t| t.content.trim().to_string()),
                link: entry.links.first().map(|l| l.href.clone()),
                published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                body_html,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_become_reports() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Idlib Monitor</title>
<item><title>Patrol</title><link>https://example.org/1</link><guid>a1</guid>
<pubDate>Sun, 15 Mar 2020 10:00:00 +0000</pubDate>
<description>&lt;p&gt;The first joint patrol set out on the M4.&lt;/p&gt;</description></item>
<item><title>Second</title><guid>a2</guid><description>Talks resumed.</description></item>
</channel></rss>"#;
        let items = parse_feed(rss).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].body_text(),
            "The first joint patrol set out on the M4."
        );
        let meta = items[0].meta();
        assert_eq!(meta.publisher.as_deref(), Some("Idlib Monitor"));
        assert_eq!(
            meta.published.unwrap().to_rfc3339(),
            "2020-03-15T10:00:00+00:00"
        );
        assert_ne!(items[0].raw(), items[1].raw());
    }

    #[test]
    fn malformed_feed_is_an_error() {
        assert!(matches!(
            parse_feed("<rss><channel><item>"),
            Err(Problem::BadFeed(_))
        ));
    }
}
