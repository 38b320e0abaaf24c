//! Finding a page's article body.
//!
//! The idea is readability's: paragraphs of running text vote for the elements that hold
//! them (a parent gets a paragraph's whole vote, a grandparent half, further ancestors
//! less), a vote grows with the paragraph's length and commas, and an element's tally is
//! scaled down by the share of its text inside links. The element with the highest tally
//! holds the article; those of its siblings that look like more of it join it. Then the
//! text of that selection is written out block by block, without the parts a reader skips
//! (navigation, share bars, lists of other stories, captions, the page's header and footer).
//!
//! Everything is computed in a few linear passes over the node vector ([`Dom`] keeps nodes in
//! document order), which is what makes this fast: no selector matching, no recursion.

use crate::dom::{push_collapsed, Dom, Kind, NodeId};
use crate::entities::decode;

/// A paragraph shorter than this (in visible characters) casts no vote.
const MIN_PARAGRAPH: u32 = 25;

/// The chosen element is widened to its parent when at least this share of what the parent
/// adds is running text (chosen on the benchmark's development half: 0.5–0.9 score within
/// 0.004 of each other there; lower values let in teaser lists beside the story).
const WIDEN_SHARE: f32 = 0.8;

/// Elements whose content is never article text.
fn is_excluded_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "option"
            | "textarea"
            | "button"
            | "input"
            | "head"
            | "title"
            | "nav"
            | "dialog"
            | "aside"
            | "menu"
    )
}

/// Elements that flow inside a line of text; every other element starts a new block.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strike"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "tt"
            | "u"
            | "var"
            | "ins"
            | "del"
            | "label"
            | "img"
            | "wbr"
            | "picture"
            | "source"
    )
}

/// The class and id vocabulary of `data/ingest/page-classes.toml`.
#[derive(serde::Deserialize)]
struct ClassWords {
    furniture: Vec<String>,
    furniture_words: Vec<String>,
    article: Vec<String>,
}

const CLASS_WORDS_TOML: &str = include_str!("../../../data/ingest/page-classes.toml");

/// Parsed once per process; the file is part of the build, so a test parses it.
static CLASS_WORDS: std::sync::LazyLock<ClassWords> = std::sync::LazyLock::new(|| {
    toml::from_str(CLASS_WORDS_TOML).expect("data/ingest/page-classes.toml is checked by a test")
});

fn words_of(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// How a class or id reads: below zero for furniture, above for an article container.
fn name_weight(value: &str) -> i32 {
    if value.is_empty() {
        return 0;
    }
    let lower = value.to_ascii_lowercase();
    let words = &*CLASS_WORDS;
    let furniture = words.furniture.iter().any(|w| lower.contains(w.as_str()))
        || words_of(&lower).any(|w| words.furniture_words.iter().any(|f| f == w));
    let article = words.article.iter().any(|w| lower.contains(w.as_str()));
    match (furniture, article) {
        (true, false) => -25,
        (false, true) => 25,
        _ => 0,
    }
}

fn class_weight(dom: &Dom, id: NodeId) -> i32 {
    let weight = |attr| dom.raw_attr(id, attr).map_or(0, name_weight);
    weight("class") + weight("id")
}

/// Is the element hidden from readers (and so from the article)?
fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.raw_attr(id, "hidden").is_some() {
        return true;
    }
    if dom
        .raw_attr(id, "aria-hidden")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        return true;
    }
    dom.raw_attr(id, "style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Visible characters of a piece of text: everything but whitespace.
fn visible_chars(text: &str) -> (u32, u32) {
    let mut chars = 0;
    let mut commas = 0;
    for c in text.chars() {
        if !c.is_whitespace() {
            chars += 1;
            if c == ',' || c == '\u{060c}' {
                commas += 1;
            }
        }
    }
    (chars, commas)
}

/// Per-node measurements, indexed by node.
struct Measures {
    /// Not shown to a reader or never article text.
    excluded: Vec<bool>,
    /// Visible characters in the subtree.
    chars: Vec<u32>,
    /// Of those, characters inside links.
    link_chars: Vec<u32>,
    /// For a block-level element: the visible characters of the inline text it holds
    /// directly (its paragraph) and their commas.
    own_chars: Vec<u32>,
    own_commas: Vec<u32>,
    /// Running text in the subtree: characters of paragraphs that are not mostly links.
    paragraph_chars: Vec<u32>,
}

/// Measures every node: a forward pass (parents come first) finds what is excluded, what
/// is inside a link and the block each text belongs to, and reads each text once; a
/// backward pass adds subtrees up to their parents.
fn measure(dom: &Dom) -> Measures {
    let n = dom.len();
    let mut excluded = vec![false; n];
    let mut in_link = vec![false; n];
    let mut block = vec![0 as NodeId; n];
    let mut chars = vec![0u32; n];
    let mut link_chars = vec![0u32; n];
    let mut own_chars = vec![0u32; n];
    let mut own_commas = vec![0u32; n];
    let mut own_link_chars = vec![0u32; n];
    for i in 1..n {
        let node = dom.node(i as NodeId);
        let parent = node.parent as usize;
        match &node.kind {
            Kind::Element { name, .. } => {
                excluded[i] =
                    excluded[parent] || is_excluded_tag(name) || is_hidden(dom, i as NodeId);
                in_link[i] = in_link[parent] || name == "a";
                block[i] = if is_inline(name) {
                    block[parent]
                } else {
                    i as NodeId
                };
            }
            Kind::Text { text, raw } => {
                excluded[i] = excluded[parent] || *raw;
                in_link[i] = in_link[parent];
                block[i] = block[parent];
                if !excluded[i] {
                    let (c, commas) = visible_chars(text);
                    let b = block[i] as usize;
                    chars[i] = c;
                    own_chars[b] += c;
                    own_commas[b] += commas;
                    if in_link[i] {
                        link_chars[i] = c;
                        own_link_chars[b] += c;
                    }
                }
            }
            Kind::Document => {}
        }
    }
    let mut paragraph_chars = vec![0u32; n];
    for i in (1..n).rev() {
        if excluded[i] {
            continue;
        }
        if own_chars[i] >= MIN_PARAGRAPH && own_link_chars[i] * 2 < own_chars[i] {
            paragraph_chars[i] += own_chars[i] - own_link_chars[i];
        }
        let parent = dom.node(i as NodeId).parent as usize;
        chars[parent] += chars[i];
        link_chars[parent] += link_chars[i];
        paragraph_chars[parent] += paragraph_chars[i];
    }
    Measures {
        excluded,
        chars,
        link_chars,
        own_chars,
        own_commas,
        paragraph_chars,
    }
}

fn link_density(m: &Measures, id: NodeId) -> f32 {
    let chars = m.chars[id as usize];
    if chars == 0 {
        0.0
    } else {
        m.link_chars[id as usize] as f32 / chars as f32
    }
}

/// What an element is worth as the article's container before its paragraphs vote.
fn base_score(name: &str) -> f32 {
    match name {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" | "header" | "footer" => -5.0,
        _ => 0.0,
    }
}

/// The article body of a page, a blank line between its blocks, or `None` when the page
/// has no running text.
pub fn extract_body(dom: &Dom) -> Option<String> {
    let m = measure(dom);
    let n = dom.len();
    let (own_chars, own_commas) = (&m.own_chars, &m.own_commas);

    // Votes: each paragraph for its ancestors.
    let mut score = vec![0f32; n];
    let mut candidate = vec![false; n];
    for b in 1..n {
        if own_chars[b] < MIN_PARAGRAPH || m.excluded[b] {
            continue;
        }
        let vote = 1.0 + own_commas[b] as f32 + (own_chars[b] as f32 / 100.0).min(3.0);
        let mut ancestor = dom.node(b as NodeId).parent;
        let mut level = 0;
        while ancestor != 0 && level < 5 {
            let share = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[ancestor as usize] += vote / share;
            candidate[ancestor as usize] = true;
            ancestor = dom.node(ancestor).parent;
            level += 1;
        }
    }
    let mut best: Option<(NodeId, f32)> = None;
    for i in 1..n {
        if !candidate[i] || m.excluded[i] {
            continue;
        }
        let id = i as NodeId;
        let name = dom.name(id).unwrap_or("");
        if matches!(name, "html" | "body") {
            continue;
        }
        let total = (score[i] + base_score(name) + class_weight(dom, id) as f32)
            * (1.0 - link_density(&m, id));
        // from here on a candidate's score is its final one (siblings are judged by it)
        score[i] = total;
        if best.is_none_or(|(_, s)| total > s) {
            best = Some((id, total));
        }
    }
    let (top, top_score) = match best {
        Some(b) => b,
        // No paragraph votes: a short page; its whole body is the text.
        None => {
            let body = dom.elements("body").next().unwrap_or(0);
            return write_body(dom, &m, &[body]);
        }
    };

    // An article split into several boxes (around a picture, a pull quote, an ad) votes
    // for one box most: go up while the wider element adds mostly running text.
    let mut top = top;
    loop {
        let parent = dom.node(top).parent;
        if parent == 0 || matches!(dom.name(parent), Some("body" | "html") | None) {
            break;
        }
        let (p, t) = (parent as usize, top as usize);
        let added_chars = m.chars[p] - m.chars[t];
        let added_text = m.paragraph_chars[p] - m.paragraph_chars[t];
        if added_chars > 0 && (added_text as f32) < WIDEN_SHARE * added_chars as f32 {
            break;
        }
        top = parent;
    }
    // Siblings that look like more of the article join it.
    let parent = dom.node(top).parent;
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.raw_attr(top, "class");
    let mut selected = Vec::new();
    for sibling in dom.children(parent) {
        if sibling == top {
            selected.push(sibling);
            continue;
        }
        if m.excluded[sibling as usize] || dom.name(sibling).is_none() {
            continue;
        }
        let mut bonus = 0.0;
        if top_class.is_some_and(|c| !c.is_empty()) && dom.raw_attr(sibling, "class") == top_class {
            bonus += top_score * 0.2;
        }
        let joins = if candidate[sibling as usize] && score[sibling as usize] + bonus >= threshold {
            true
        } else if dom.name(sibling) == Some("p") {
            let chars = m.chars[sibling as usize];
            let density = link_density(&m, sibling);
            (chars > 80 && density < 0.25)
                || (chars > 0 && density == 0.0 && ends_sentence(&dom.text_of(sibling)))
        } else {
            false
        };
        if joins {
            selected.push(sibling);
        }
    }
    write_body(dom, &m, &selected)
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', '!', '?', '"', '\u{201d}'])
}

/// Should a subtree inside the chosen content be left out of the text?
fn skip_in_body(dom: &Dom, m: &Measures, id: NodeId, name: &str, keep_above: u32) -> bool {
    if m.excluded[id as usize] {
        return true;
    }
    if matches!(name, "h1" | "figcaption") {
        return true;
    }
    // Furniture by its tag or class, unless it holds much of the article's running text
    // (a theme's "widget" or "header" box around the whole story is not furniture).
    let furniture = matches!(name, "footer" | "figure" | "header") || class_weight(dom, id) < 0;
    if furniture && m.paragraph_chars[id as usize] <= keep_above {
        return true;
    }
    // Lists of links and link-heavy boxes: other stories, tags, share bars.
    if matches!(
        name,
        "ul" | "ol" | "div" | "section" | "table" | "dl" | "p" | "li"
    ) {
        let chars = m.chars[id as usize];
        let density = link_density(m, id);
        if density > 0.5 && (name != "p" || chars < 200) {
            return true;
        }
    }
    false
}

/// Writes the text of the chosen roots, leaving out furniture inside them.
fn write_body(dom: &Dom, m: &Measures, roots: &[NodeId]) -> Option<String> {
    let running: u32 = roots.iter().map(|&r| m.paragraph_chars[r as usize]).sum();
    let keep_above = running / 3;
    Some(write_text(dom, roots, true, |id, name| {
        skip_in_body(dom, m, id, name, keep_above)
    }))
    .filter(|t| !t.is_empty())
}

/// The text of `roots` (in document order), one block per line, and with `paragraphs` a
/// blank line between blocks (a `<br>` is a line break either way). `skip` says which
/// elements to leave out, subtree and all.
pub fn write_text(
    dom: &Dom,
    roots: &[NodeId],
    paragraphs: bool,
    skip: impl Fn(NodeId, &str) -> bool,
) -> String {
    let mut out = String::new();
    // Ends of the blocks we are inside: leaving one ends its paragraph.
    let mut open_blocks: Vec<NodeId> = Vec::new();
    for &root in roots {
        let end = dom.subtree_end(root);
        let mut i = root;
        while i < end {
            while open_blocks.last().is_some_and(|&e| e <= i) {
                open_blocks.pop();
                new_line(&mut out, paragraphs);
            }
            match &dom.node(i).kind {
                Kind::Element { name, .. } => {
                    // The chosen roots themselves are kept whatever their class says.
                    if i != root && skip(i, name) {
                        i = dom.subtree_end(i);
                        continue;
                    }
                    if name == "br" {
                        new_line(&mut out, false);
                    } else if !is_inline(name) {
                        new_line(&mut out, paragraphs);
                        open_blocks.push(dom.subtree_end(i));
                    }
                }
                Kind::Text { text, raw: false } => push_collapsed(&mut out, &decode(text)),
                _ => {}
            }
            i += 1;
        }
        open_blocks.clear();
        new_line(&mut out, paragraphs);
    }
    // Trim every line; runs of blank lines become one, none at either end.
    let mut text = String::with_capacity(out.len());
    let mut blank = false;
    for line in out.lines().map(str::trim) {
        if line.is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank { "\n\n" } else { "\n" });
        }
        text.push_str(line);
        blank = false;
    }
    text
}

/// Ends the current line (and with `paragraph` leaves a blank line after it).
fn new_line(out: &mut String, paragraph: bool) {
    let trimmed = out.trim_end_matches(' ').len();
    out.truncate(trimmed);
    if out.is_empty() {
        return;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if paragraph && !out.ends_with("\n\n") {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> Option<String> {
        extract_body(&Dom::parse(html))
    }

    const STORY: [&str; 3] = [
        "A convoy of twenty trucks reached the besieged town on Saturday, the first in four months, aid officials said.",
        "The convoy carried food, medicine and winter supplies for about 40,000 people, according to the coordinator's office.",
        "Officials said further deliveries depended on guarantees of safe passage from all parties to the conflict.",
    ];

    #[test]
    fn the_class_vocabulary_parses_and_is_lower_case() {
        let words: ClassWords = toml::from_str(CLASS_WORDS_TOML).unwrap();
        for list in [&words.furniture, &words.furniture_words, &words.article] {
            assert!(!list.is_empty());
            assert!(list.iter().all(|w| *w == w.to_ascii_lowercase()));
        }
        assert!(name_weight("sidebar-related-links") < 0);
        assert_eq!(
            name_weight("story-related"),
            0,
            "both kinds of word: no verdict"
        );
        assert!(name_weight("article-body") > 0);
        assert_eq!(name_weight("masthead-ad"), -25);
        assert_eq!(name_weight("thread"), 0);
    }

    #[test]
    fn the_story_is_kept_and_the_furniture_left_out() {
        let html = format!(
            r#"<html><head><title>t</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World news and analysis from the region</a></nav>
<div class="page"><article class="story">
<h1>Convoy reaches town</h1>
<div class="share-bar">Share this story on Facebook, Twitter, WhatsApp and by email</div>
<p>{}</p><figure><img src="x.jpg"><figcaption>Trucks at the crossing, photographed on Saturday by our correspondent</figcaption></figure>
<p>{}</p>
<p style="display: none">A hidden paragraph that readers never see, with enough words to vote.</p>
<p>{}</p>
<ul class="list"><li><a href="/a">Another story about something else entirely</a></li><li><a href="/b">And a second story about other things</a></li></ul>
</article>
<aside><p>Most read: an unrelated story that is long enough to count as a paragraph.</p></aside>
<div id="comments"><p>First comment, which is long enough to be a paragraph, sadly.</p></div>
</div><footer><p>Copyright 2019 Levant Wire. All rights reserved, all of them.</p></footer></body></html>"#,
            STORY[0], STORY[1], STORY[2]
        );
        assert_eq!(body(&html).unwrap(), STORY.join("\n\n"));
    }

    #[test]
    fn an_article_split_into_boxes_is_found_whole_but_teasers_stay_out() {
        let html = format!(
            r#"<body><div class="post">
<div class="section"><div class="wysiwyg"><p>{}</p><p>{}</p></div></div>
<div class="pullquote"><blockquote>Short quote</blockquote></div>
<div class="section"><div class="inner"><div class="wysiwyg"><p>{}</p></div></div></div>
</div>
<div class="more"><h3><a href="/x">Teaser headline one</a></h3><h3><a href="/y">Teaser headline two</a></h3>
<h3><a href="/z">Teaser headline three</a></h3></div></body>"#,
            STORY[0], STORY[1], STORY[2]
        );
        let text = body(&html).unwrap();
        for paragraph in STORY {
            assert!(text.contains(paragraph), "{text}");
        }
        assert!(!text.contains("Teaser"), "{text}");
    }

    #[test]
    fn a_furniture_class_around_the_whole_story_does_not_hide_it() {
        let html = format!(
            r#"<body><div class="elementor-widget-container"><p>{}</p><p>{}</p><p>{}</p>
<div class="widget-related"><p>A related story that is long enough to be a paragraph.</p></div></div></body>"#,
            STORY[0], STORY[1], STORY[2]
        );
        let text = body(&html).unwrap();
        assert_eq!(text, STORY.join("\n\n"));
    }

    #[test]
    fn a_short_page_is_its_body_and_a_page_of_links_has_none() {
        assert_eq!(
            body("<body><div>Ceasefire holds.<br>Talks on Monday.</div></body>").unwrap(),
            "Ceasefire holds.\nTalks on Monday."
        );
        assert_eq!(
            body("<body><nav><a href=/>Home</a></nav><script>var x = 'some text';</script></body>"),
            None
        );
        assert_eq!(body(""), None);
    }
}
