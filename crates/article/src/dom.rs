//! A small, forgiving HTML tree: enough of the HTML parsing rules to give real pages the
//! shape a browser gives them (implied `</p>` and `</li>`, void elements, raw-text
//! elements, stray end tags ignored), without the parts an article extractor never looks
//! at (foster parenting, the adoption agency, namespaces).
//!
//! Why not html5ever: building its full DOM and then running CSS selectors over it was
//! most of the time truce spent on a web page. This parser borrows from the input (text
//! and attribute values are slices, decoded only when read), finds tags with `memchr`,
//! and keeps nodes in one vector in document order, so every pass over the tree is a loop
//! over that vector and nothing recurses (deeply nested pages cannot overflow the stack).

use std::borrow::Cow;

use crate::entities::decode;

/// Index of a node in [`Dom::nodes`]; the document node is 0.
pub type NodeId = u32;
const NONE: NodeId = u32::MAX;

/// One attribute, as written (the value still carries its character references).
#[derive(Debug, Clone)]
pub struct Attr<'a> {
    pub name: Cow<'a, str>,
    raw_value: &'a str,
}

#[derive(Debug)]
pub enum Kind<'a> {
    Document,
    Element {
        /// Lower-case tag name.
        name: Cow<'a, str>,
        attrs: Vec<Attr<'a>>,
    },
    /// Text as written, character references and all; `raw` for the content of `<script>`,
    /// `<style>` and the like, which has no references.
    Text {
        text: &'a str,
        raw: bool,
    },
}

#[derive(Debug)]
pub struct Node<'a> {
    pub kind: Kind<'a>,
    pub parent: NodeId,
    first_child: NodeId,
    last_child: NodeId,
    next_sibling: NodeId,
}

/// A parsed page. Nodes are in document order: a node's parent always precedes it and
/// its descendants follow it contiguously, up to [`Dom::subtree_end`].
#[derive(Debug)]
pub struct Dom<'a> {
    pub nodes: Vec<Node<'a>>,
    /// For each node, one past the index of its last descendant.
    ends: Vec<NodeId>,
}

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}

/// Elements whose content is text up to their own end tag, never markup.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
    )
}

/// Raw-text elements whose text still carries character references (`<title>`,
/// `<textarea>`): their text is read as text, not skipped as code.
fn is_rcdata(name: &str) -> bool {
    matches!(name, "title" | "textarea")
}

/// Start tags that close an open `<p>` (HTML's "close a p element" list).
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "li"
            | "dd"
            | "dt"
    )
}

/// Elements an implied or stray end tag never reaches past.
fn is_scope_boundary(name: &str) -> bool {
    matches!(
        name,
        "html" | "table" | "td" | "th" | "caption" | "template" | "object" | "applet" | "marquee"
    )
}

/// Block-level ("special") elements: an end tag of an inline element does not close them.
fn is_special(name: &str) -> bool {
    closes_p(name)
        || is_scope_boundary(name)
        || matches!(
            name,
            "body" | "head" | "tbody" | "thead" | "tfoot" | "tr" | "select" | "button" | "li"
        )
}

fn lower(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl<'a> Dom<'a> {
    /// Parses a page; never fails (as a browser never does).
    pub fn parse(html: &'a str) -> Dom<'a> {
        let mut builder = Builder::new(html.len());
        let bytes = html.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            let Some(lt) = memchr::memchr(b'<', &bytes[pos..]).map(|i| pos + i) else {
                builder.text(&html[pos..], false);
                break;
            };
            if lt > pos {
                builder.text(&html[pos..lt], false);
            }
            pos = match parse_markup(html, lt) {
                Markup::Comment(end) | Markup::Skip(end) => end,
                Markup::Start { name, attrs, end } => {
                    let name = lower(name);
                    let raw = is_raw_text(&name);
                    let raw_name = if raw { Some(name.clone()) } else { None };
                    builder.start(name, attrs);
                    match raw_name {
                        Some(raw_name) => {
                            let (text_end, after) = raw_text_end(html, end, &raw_name);
                            if text_end > end {
                                builder.text(&html[end..text_end], !is_rcdata(&raw_name));
                            }
                            builder.end(&raw_name);
                            after
                        }
                        None => end,
                    }
                }
                Markup::End { name, end } => {
                    builder.end(&lower(name));
                    end
                }
                Markup::Text(end) => {
                    builder.text(&html[lt..end], false);
                    end
                }
            };
        }
        builder.finish()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    pub fn node(&self, id: NodeId) -> &Node<'a> {
        &self.nodes[id as usize]
    }

    /// The element's lower-case name, or `None` for text and the document.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id as usize].kind {
            Kind::Element { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The attribute's value with its character references decoded.
    pub fn attr(&self, id: NodeId, attr: &str) -> Option<Cow<'a, str>> {
        match &self.nodes[id as usize].kind {
            Kind::Element { attrs, .. } => attrs
                .iter()
                .find(|a| a.name == attr)
                .map(|a| decode(a.raw_value)),
            _ => None,
        }
    }

    /// The attribute's value as written (for class and id tests, which need no decoding).
    pub fn raw_attr(&self, id: NodeId, attr: &str) -> Option<&'a str> {
        match &self.nodes[id as usize].kind {
            Kind::Element { attrs, .. } => {
                attrs.iter().find(|a| a.name == attr).map(|a| a.raw_value)
            }
            _ => None,
        }
    }

    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children {
            dom: self,
            next: self.nodes[id as usize].first_child,
        }
    }

    /// One past the last descendant of `id`: its subtree is `id..subtree_end(id)`.
    pub fn subtree_end(&self, id: NodeId) -> NodeId {
        self.ends[id as usize]
    }

    /// Elements named `name`, in document order.
    pub fn elements<'d>(&'d self, name: &'d str) -> impl Iterator<Item = NodeId> + 'd {
        (0..self.nodes.len() as NodeId).filter(move |&i| self.name(i) == Some(name))
    }

    /// The text of a subtree, references decoded, whitespace collapsed to single spaces.
    pub fn text_of(&self, id: NodeId) -> String {
        let mut out = String::new();
        for i in id..self.subtree_end(id) {
            if let Kind::Text { text, raw: false } = self.nodes[i as usize].kind {
                push_collapsed(&mut out, &decode(text));
            }
        }
        out.trim_end().to_string()
    }
}

/// Appends `text` to `out` with runs of whitespace as one space and no leading space on an
/// empty or space-ended `out`.
pub fn push_collapsed(out: &mut String, text: &str) {
    let mut space = out.is_empty() || out.ends_with([' ', '\n']);
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
}

pub struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.dom.nodes[id as usize].next_sibling;
        Some(id)
    }
}

enum Markup<'a> {
    Start {
        name: &'a str,
        attrs: Vec<Attr<'a>>,
        end: usize,
    },
    End {
        name: &'a str,
        end: usize,
    },
    Comment(usize),
    /// A doctype, processing instruction or CDATA section, skipped to `end`.
    Skip(usize),
    /// A `<` that starts no markup: text up to `end`.
    Text(usize),
}

/// Reads the markup starting at the `<` at `lt`.
fn parse_markup(html: &str, lt: usize) -> Markup<'_> {
    let bytes = html.as_bytes();
    let rest = &bytes[lt + 1..];
    let after_gt =
        |from: usize| memchr::memchr(b'>', &bytes[from..]).map_or(bytes.len(), |i| from + i + 1);
    match rest.first() {
        Some(b'!') => {
            if rest.starts_with(b"!--") {
                // from just after "<!": "<!-->" and "<!--->" are empty comments, as in a browser
                let from = lt + 2;
                let end = memchr::memmem::find(&bytes[from..], b"-->")
                    .map_or(bytes.len(), |i| from + i + 3);
                Markup::Comment(end)
            } else {
                Markup::Skip(after_gt(lt + 1))
            }
        }
        Some(b'?') => Markup::Skip(after_gt(lt + 1)),
        Some(b'/') => {
            let start = lt + 2;
            match bytes.get(start) {
                Some(b) if b.is_ascii_alphabetic() => {
                    let name_end = name_end(bytes, start);
                    Markup::End {
                        name: &html[start..name_end],
                        end: after_gt(name_end),
                    }
                }
                Some(b'>') => Markup::Skip(start + 1),
                Some(_) => Markup::Comment(after_gt(start)),
                None => Markup::Text(bytes.len()),
            }
        }
        Some(b) if b.is_ascii_alphabetic() => {
            let start = lt + 1;
            let name_end = name_end(bytes, start);
            let (attrs, end) = parse_attrs(html, name_end);
            Markup::Start {
                name: &html[start..name_end],
                attrs,
                end,
            }
        }
        _ => Markup::Text(lt + 1),
    }
}

fn name_end(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| is_space(b) || b == b'/' || b == b'>')
        .map_or(bytes.len(), |i| start + i)
}

/// Attributes from `pos` to the tag's `>`; returns them and the position after the tag.
fn parse_attrs(html: &str, mut pos: usize) -> (Vec<Attr<'_>>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while pos < bytes.len() && (is_space(bytes[pos]) || bytes[pos] == b'/') {
            pos += 1;
        }
        if pos >= bytes.len() {
            return (attrs, bytes.len());
        }
        if bytes[pos] == b'>' {
            return (attrs, pos + 1);
        }
        let start = pos;
        pos += 1; // a name may start with '=' or a quote; it takes at least one byte
        while pos < bytes.len()
            && !is_space(bytes[pos])
            && !matches!(bytes[pos], b'/' | b'>' | b'=')
        {
            pos += 1;
        }
        let name = lower(&html[start..pos]);
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        let mut value = "";
        if pos < bytes.len() && bytes[pos] == b'=' {
            pos += 1;
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(&q @ (b'"' | b'\'')) => {
                    let from = pos + 1;
                    let close = memchr::memchr(q, &bytes[from..]).map_or(bytes.len(), |i| from + i);
                    value = &html[from..close];
                    pos = (close + 1).min(bytes.len());
                }
                Some(_) => {
                    let from = pos;
                    while pos < bytes.len() && !is_space(bytes[pos]) && bytes[pos] != b'>' {
                        pos += 1;
                    }
                    value = &html[from..pos];
                }
                None => {}
            }
        }
        if !attrs.iter().any(|a: &Attr| a.name == name) {
            attrs.push(Attr {
                name,
                raw_value: value,
            });
        }
    }
}

/// Where the content of a raw-text element opened before `from` ends, and where its end
/// tag ends (both the input's end when it is never closed).
fn raw_text_end(html: &str, from: usize, name: &str) -> (usize, usize) {
    let bytes = html.as_bytes();
    let finder = memchr::memmem::Finder::new(b"</");
    let mut at = from;
    while let Some(i) = finder.find(&bytes[at..]) {
        let lt = at + i;
        let name_start = lt + 2;
        let name_stop = name_start + name.len();
        if name_stop <= bytes.len()
            && bytes[name_start..name_stop].eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(name_stop)
                .is_none_or(|&b| is_space(b) || b == b'>' || b == b'/')
        {
            let end = memchr::memchr(b'>', &bytes[name_stop..])
                .map_or(bytes.len(), |j| name_stop + j + 1);
            return (lt, end);
        }
        at = lt + 2;
    }
    (bytes.len(), bytes.len())
}

struct Builder<'a> {
    nodes: Vec<Node<'a>>,
    /// Open elements, innermost last; the document node at the bottom.
    open: Vec<NodeId>,
    /// How many elements of each name are open: the searches of the stack below run only
    /// when what they look for is there, so deep nesting stays linear.
    open_counts: std::collections::HashMap<String, u32>,
}

impl<'a> Builder<'a> {
    fn new(input_len: usize) -> Self {
        let mut nodes = Vec::with_capacity(input_len / 40 + 16);
        nodes.push(Node {
            kind: Kind::Document,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        Builder {
            nodes,
            open: vec![0],
            open_counts: std::collections::HashMap::new(),
        }
    }

    fn open_name(&self, depth: usize) -> &str {
        match &self.nodes[self.open[depth] as usize].kind {
            Kind::Element { name, .. } => name,
            _ => "",
        }
    }

    fn append(&mut self, kind: Kind<'a>) -> NodeId {
        let id = self.nodes.len() as NodeId;
        let parent = *self.open.last().expect("the document is always open");
        self.nodes.push(Node {
            kind,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
        });
        let p = &mut self.nodes[parent as usize];
        let previous = p.last_child;
        p.last_child = id;
        if previous == NONE {
            p.first_child = id;
        } else {
            self.nodes[previous as usize].next_sibling = id;
        }
        id
    }

    fn text(&mut self, text: &'a str, raw: bool) {
        self.append(Kind::Text { text, raw });
    }

    /// The depth of the innermost open element named one of `names`, searching no further
    /// than a scope boundary or one of `stop`.
    fn find_open(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for depth in (1..self.open.len()).rev() {
            let name = self.open_name(depth);
            if names.contains(&name) {
                return Some(depth);
            }
            if is_scope_boundary(name) || stop.contains(&name) {
                return None;
            }
        }
        None
    }

    fn close_to(&mut self, depth: usize) {
        let depth = depth.max(1);
        for i in depth..self.open.len() {
            let id = self.open[i];
            if let Kind::Element { name, .. } = &self.nodes[id as usize].kind {
                if let Some(count) = self.open_counts.get_mut(name.as_ref()) {
                    *count -= 1;
                }
            }
        }
        self.open.truncate(depth);
    }

    fn is_open(&self, name: &str) -> bool {
        self.open_counts.get(name).is_some_and(|&c| c > 0)
    }

    fn push_open(&mut self, id: NodeId) {
        if let Kind::Element { name, .. } = &self.nodes[id as usize].kind {
            match self.open_counts.get_mut(name.as_ref()) {
                Some(count) => *count += 1,
                None => {
                    self.open_counts.insert(name.to_string(), 1);
                }
            }
        }
        self.open.push(id);
    }

    fn start(&mut self, name: Cow<'a, str>, attrs: Vec<Attr<'a>>) {
        let n: &str = &name;
        // Anything but head content ends an unclosed <head>, as in a browser: pages that
        // never write </head> must not have their whole body taken for the head.
        let head_content = matches!(
            n,
            "meta" | "link" | "title" | "style" | "script" | "noscript" | "base" | "template"
        );
        if !head_content && self.is_open("head") {
            if let Some(d) = (1..self.open.len()).find(|&d| self.open_name(d) == "head") {
                self.close_to(d);
            }
        }
        if closes_p(n) && self.is_open("p") {
            if let Some(d) = self.find_open(&["p"], &["button"]) {
                self.close_to(d);
            }
        }
        let implied: Option<(&[&str], &[&str])> = match n {
            "li" => Some((&["li"], &["ul", "ol", "menu"])),
            "dd" | "dt" => Some((&["dd", "dt"], &["dl"])),
            "tr" => Some((&["tr", "td", "th"], &["tbody", "thead", "tfoot"])),
            "td" | "th" => Some((&["td", "th"], &["tr"])),
            "tbody" | "thead" | "tfoot" => Some((&["tbody", "thead", "tfoot", "tr"], &[])),
            "option" => Some((&["option"], &["select"])),
            "a" => Some((&["a"], &[])),
            _ => None,
        };
        let implied = implied.filter(|(names, _)| names.iter().any(|n| self.is_open(n)));
        if let Some((names, stop)) = implied {
            if let Some(d) = self.find_open(names, stop) {
                self.close_to(d);
            }
        }
        if n.len() == 2
            && n.starts_with('h')
            && matches!(
                self.open_name(self.open.len() - 1),
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            )
            && n.as_bytes()[1].is_ascii_digit()
        {
            self.close_to(self.open.len() - 1);
        }
        let void = is_void(n);
        let id = self.append(Kind::Element { name, attrs });
        if !void {
            self.push_open(id);
        }
    }

    fn end(&mut self, name: &str) {
        // "</br>" is a line break to browsers; other void end tags mean nothing
        if name == "br" {
            self.start(Cow::Borrowed("br"), Vec::new());
            return;
        }
        if is_void(name) || !self.is_open(name) {
            return;
        }
        if is_special(name) {
            // A block's end tag closes it and whatever it left open, within scope.
            if let Some(d) = self.find_open(&[name], &[]) {
                self.close_to(d);
            } else if is_scope_boundary(name) {
                if let Some(d) = (1..self.open.len())
                    .rev()
                    .find(|&d| self.open_name(d) == name)
                {
                    self.close_to(d);
                }
            }
            return;
        }
        // An inline element's end tag closes it unless a block lies between.
        for depth in (1..self.open.len()).rev() {
            let open = self.open_name(depth);
            if open == name {
                self.close_to(depth);
                return;
            }
            if is_special(open) {
                return;
            }
        }
    }

    fn finish(self) -> Dom<'a> {
        let nodes = self.nodes;
        let mut ends: Vec<NodeId> = (1..=nodes.len() as NodeId).collect();
        // Children follow their parents, so one backward pass carries each subtree's end
        // up to its parent.
        for i in (1..nodes.len()).rev() {
            let parent = nodes[i].parent as usize;
            if ends[i] > ends[parent] {
                ends[parent] = ends[i];
            }
        }
        Dom { nodes, ends }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(dom: &Dom, id: NodeId) -> String {
        let mut out = String::new();
        match &dom.node(id).kind {
            Kind::Element { name, .. } => {
                out.push_str(name);
                out.push('(');
                let kids: Vec<String> = dom.children(id).map(|c| shape(dom, c)).collect();
                out.push_str(&kids.join(","));
                out.push(')');
            }
            Kind::Text { text, .. } => out.push_str(&format!("{:?}", text.trim())),
            Kind::Document => {
                let kids: Vec<String> = dom.children(id).map(|c| shape(dom, c)).collect();
                out.push_str(&kids.join(","));
            }
        }
        out
    }

    #[test]
    fn implied_end_tags_give_the_browsers_shape() {
        let dom = Dom::parse("<div><p>one<p>two<ul><li>a<li>b</ul></div><p>three");
        assert_eq!(
            shape(&dom, 0),
            r#"div(p("one"),p("two"),ul(li("a"),li("b"))),p("three")"#
        );
    }

    #[test]
    fn an_unclosed_head_ends_where_the_body_starts() {
        let dom = Dom::parse("<html><head><title>t</title><meta a=b><div>body</div>");
        assert_eq!(
            shape(&dom, 0),
            r#"html(head(title("t"),meta()),div("body"))"#
        );
    }

    #[test]
    fn stray_inline_end_tags_do_not_close_blocks() {
        let dom = Dom::parse("<div><span>x</div></span><b>y</b>");
        assert_eq!(shape(&dom, 0), r#"div(span("x")),b("y")"#);
    }

    #[test]
    fn raw_text_hides_markup_and_comments_vanish() {
        let dom = Dom::parse(
            "<p>a<!-- <p>not --><script>if (a<b) { x('</p>') }</SCRIPT >b</p><style>p{}</style>",
        );
        assert_eq!(
            shape(&dom, 0),
            r#"p("a",script("if (a<b) { x('</p>') }"),"b"),style("p{}")"#
        );
    }

    #[test]
    fn empty_comments_end_at_once_and_a_closing_br_breaks_the_line() {
        let dom = Dom::parse("<p>a<!-->b<!--->c</br>d</p>");
        assert_eq!(shape(&dom, 0), r#"p("a","b","c",br(),"d")"#);
    }

    #[test]
    fn attributes_in_every_quoting_are_read_and_decoded() {
        let dom = Dom::parse(
            r#"<META Property="og:title" content='Aid &amp; talks' data-x=plain hidden><br/>"#,
        );
        assert_eq!(dom.name(1), Some("meta"));
        assert_eq!(dom.attr(1, "property").as_deref(), Some("og:title"));
        assert_eq!(dom.attr(1, "content").as_deref(), Some("Aid & talks"));
        assert_eq!(dom.attr(1, "data-x").as_deref(), Some("plain"));
        assert_eq!(dom.attr(1, "hidden").as_deref(), Some(""));
        assert_eq!(dom.name(2), Some("br"));
    }

    #[test]
    fn subtrees_are_contiguous() {
        let dom = Dom::parse("<div><p>a <b>b</b></p><p>c</p></div><p>d</p>");
        let div = dom.elements("div").next().unwrap();
        assert_eq!(dom.text_of(div), "a bc");
        let last = dom.elements("p").last().unwrap();
        assert_eq!(dom.subtree_end(div), last);
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in [
            "<",
            "</",
            "<a",
            "<a href=",
            "<a href='x",
            "<!--",
            "<script>",
            "</p></p>",
            "<p/>",
            "<\u{e9}>é",
            "<a b=\"é\"",
            "<table><td>x</table>",
            "<!doctype html",
            "<?xml",
        ] {
            let dom = Dom::parse(html);
            let _ = dom.text_of(0);
        }
    }
}
