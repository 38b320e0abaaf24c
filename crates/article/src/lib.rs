//! The article in a web page.
//!
//! [`extract`] parses a page with [`dom::Dom`] (a small forgiving HTML tree that borrows
//! from the input), finds the body by the votes of its paragraphs ([`body`]) and reads
//! the metadata the page declares ([`meta`]). [`fragment_text`] is the plain conversion for
//! HTML that *is* the article, such as a feed item's content.
//!
//! This crate knows nothing of truce's documents: it takes a `&str` and gives strings, so
//! it can be measured and tested on its own (the article-extraction benchmark scores it
//! through `truce eval`).

pub mod body;
pub mod dom;
pub mod entities;
pub mod meta;

pub use meta::PageMeta;

/// A page's article: its body, one block of text per line, and the page's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub body: String,
    pub meta: PageMeta,
}

/// The article of a whole HTML page, or `None` when the page has no text to read.
pub fn extract(html: &str) -> Option<Article> {
    let dom = dom::Dom::parse(html);
    let body = body::extract_body(&dom)?;
    Some(Article {
        body,
        meta: meta::page_meta(&dom),
    })
}

/// Text of an HTML fragment with block elements as line breaks and scripts, styles and
/// other non-text elements dropped. Nothing is extracted: the fragment is the article.
pub fn fragment_text(html: &str) -> String {
    let dom = dom::Dom::parse(html);
    body::write_text(&dom, &[0], false, |_, name| {
        matches!(
            name,
            "script" | "style" | "noscript" | "template" | "svg" | "math" | "head" | "title"
        )
    })
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
}
