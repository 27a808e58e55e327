//! A scan of HTML's tags, enough to bound nesting and expand XHTML's `<x/>` before html5ever parses a hostile page (it and the extractor recurse once a level).

use std::borrow::Cow;
use std::ops::Range;

/// Elements open at once past this are dropped (their text kept) before the page is parsed:
/// html5ever and the extractor recurse once a level, and 20,000 nested `<div>`s overflow a
/// thread's stack.
pub const MAX_TAG_DEPTH: usize = 1024;

/// One tag of a page: where it is, its lowercase name, and its shape.
#[derive(Debug, PartialEq)]
struct Tag {
    span: Range<usize>,
    name: String,
    closing: bool,
    self_closing: bool,
}

/// The tags of `raw` in order, as an HTML tokenizer finds them: leaving out comments (`<!-->`
/// and `--!>` as it ends them), doctypes, processing instructions, and what a raw-text element
/// (`<script>`, `<style>`, `<title>`…) holds outside SVG and MathML; a `>` in a quoted
/// attribute value does not end its tag.
struct Tags<'a> {
    raw: &'a str,
    at: usize,
    /// SVG and MathML elements open, apart (a stray `</svg>` leaves MathML open).
    svg: usize,
    math: usize,
}

impl Iterator for Tags<'_> {
    type Item = Tag;

    fn next(&mut self) -> Option<Tag> {
        let bytes = self.raw.as_bytes();
        loop {
            let start = self.at + memchr::memchr(b'<', &bytes[self.at..])?;
            let next = bytes.get(start + 1).copied().unwrap_or(0);
            let after_slash = bytes.get(start + 2).copied().unwrap_or(0);
            if bytes[start..].starts_with(b"<!--") {
                self.at = comment_end(bytes, start);
                continue;
            }
            // `<!doctype>`, `<?xml?>` and `</` with no letter: to the first `>`, quotes or not.
            if next == b'!' || next == b'?' || (next == b'/' && !after_slash.is_ascii_alphabetic()) {
                self.at = memchr::memchr(b'>', &bytes[start..]).map_or(bytes.len(), |e| start + e + 1);
                continue;
            }
            // `a < b`, `<0`: text, and the scan goes on right after the `<`.
            if !next.is_ascii_alphabetic() && next != b'/' {
                self.at = start + 1;
                continue;
            }
            // A quoted value the page never closes: the tag ends at its first `>`, which
            // counts more tags than a parser sees, never fewer.
            let end = tag_end(bytes, start).or_else(|| memchr::memchr(b'>', &bytes[start..]).map(|e| start + e + 1))?;
            let inside = &self.raw[start + 1..end - 1];
            let closing = inside.starts_with('/');
            // A name runs to whitespace, `/` or `>`, as the tokenizer reads it (`x_` is one).
            let name: String = inside
                .trim_start_matches('/')
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            self.at = end;
            let self_closing = !closing && inside.ends_with('/');
            match (name.as_str(), closing) {
                ("svg", false) if !self_closing => self.svg += 1,
                ("math", false) if !self_closing => self.math += 1,
                ("svg", true) => self.svg = self.svg.saturating_sub(1),
                ("math", true) => self.math = self.math.saturating_sub(1),
                _ => {}
            }
            // Inside SVG or MathML, `<style>` and `<title>` hold elements: counted.
            if !closing && !self_closing && self.svg + self.math == 0 && holds_raw_text(&name) {
                self.at = raw_text_end(self.raw, end, &name);
            }
            return Some(Tag { span: start..end, name, closing, self_closing });
        }
    }
}

/// Where a comment that opens at `start` ends, as an HTML tokenizer ends it: `<!-->` and
/// `<!--->` are empty ones, then the first `-->` or `--!>`, else the end of the page.
fn comment_end(bytes: &[u8], start: usize) -> usize {
    let body = start + 4;
    if bytes[body..].starts_with(b">") {
        return body + 1;
    }
    if bytes[body..].starts_with(b"->") {
        return body + 2;
    }
    let mut from = body;
    while let Some(found) = memchr::memmem::find(&bytes[from..], b"--") {
        let dashes = from + found;
        if bytes[dashes + 2..].starts_with(b">") {
            return dashes + 3;
        }
        if bytes[dashes + 2..].starts_with(b"!>") {
            return dashes + 4;
        }
        from = dashes + 1;
    }
    bytes.len()
}

/// The end (past its `>`) of the tag that opens at `start`: a `>` inside an attribute's quoted
/// value (`title="a>b"`) is the value's.
fn tag_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut after_equals = false;
    for (at, &b) in bytes.iter().enumerate().skip(start + 1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'>' => return Some(at + 1),
                b'=' => after_equals = true,
                b'"' | b'\'' if after_equals => {
                    quote = Some(b);
                    after_equals = false;
                }
                b if b.is_ascii_whitespace() => {}
                _ => after_equals = false,
            },
        }
    }
    None
}

fn tags(raw: &str) -> Tags<'_> {
    Tags { raw, at: 0, svg: 0, math: 0 }
}

/// Where the raw text that starts at `from` ends: at its element's closing tag, matched as a
/// browser matches it (any case), else at the end of the page.
fn raw_text_end(raw: &str, from: usize, name: &str) -> usize {
    let bytes = raw.as_bytes();
    let mut at = from;
    while let Some(found) = memchr::memmem::find(&bytes[at..], b"</") {
        let close = at + found;
        let after = close + 2;
        if bytes.len() >= after + name.len() && bytes[after..after + name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return close;
        }
        at = after;
    }
    raw.len()
}

/// Elements whose content is text to the parser, not tags.
fn holds_raw_text(name: &str) -> bool {
    matches!(name, "script" | "style" | "title" | "textarea" | "xmp" | "iframe" | "noembed" | "noframes" | "plaintext")
}

/// Elements that never have content, so never nest.
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
    )
}

/// Where an end tag named `name` closes the open elements, as HTML's parser closes them or
/// less: never past a scope's edge (a table, a cell, SVG), and an inline element's end tag
/// never past a block (`<span><div></span>` leaves both open). When in doubt nothing closes,
/// which counts deeper than the parser nests, never shallower.
fn closed_by_end_tag(open: &[String], name: &str) -> Option<usize> {
    let inline = !is_special(name);
    for (at, element) in open.iter().enumerate().rev() {
        if element == name {
            return Some(at);
        }
        if is_scope_edge(element) || (inline && is_special(element)) {
            return None;
        }
    }
    None
}

/// Elements whose scope an end tag does not reach past.
fn is_scope_edge(name: &str) -> bool {
    matches!(
        name,
        "table" | "td" | "th" | "caption" | "object" | "template" | "applet" | "marquee" | "svg" | "math" | "html"
    )
}

/// HTML's "special" elements (blocks, lists, tables, forms and the like): an inline element's
/// end tag stops at them.
fn is_special(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "applet"
            | "article"
            | "aside"
            | "blockquote"
            | "button"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
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
            | "iframe"
            | "li"
            | "listing"
            | "main"
            | "marquee"
            | "menu"
            | "nav"
            | "noembed"
            | "noframes"
            | "noscript"
            | "object"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "script"
            | "search"
            | "section"
            | "select"
            | "style"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "template"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "title"
            | "tr"
            | "ul"
            | "xmp"
            | "svg"
            | "math"
    )
}

/// Elements a parser opens once whatever the page says: never counted.
fn is_singleton(name: &str) -> bool {
    matches!(name, "html" | "head" | "body")
}

/// The open elements an element's start closes, as HTML's parser closes them, and the
/// elements past which it does not look: a `<li>` closes an open `<li>` of its list, a `<td>`
/// one of its table, a `<div>` (like every block) an open `<p>`.
fn closes(name: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    const P_SCOPE: &[&str] =
        &["table", "td", "th", "caption", "button", "object", "template", "marquee", "applet", "svg", "math"];
    Some(match name {
        "li" => (&["li"], &["ul", "ol", "menu", "table", "svg", "math"]),
        "dd" | "dt" => (&["dd", "dt"], &["dl", "table", "svg", "math"]),
        "td" | "th" => (&["td", "th"], &["table", "tr"]),
        "tr" => (&["tr", "td", "th"], &["table", "thead", "tbody", "tfoot"]),
        "thead" | "tbody" | "tfoot" => (&["thead", "tbody", "tfoot", "tr", "td", "th"], &["table"]),
        "option" => (&["option"], &["select", "datalist", "optgroup"]),
        "optgroup" => (&["optgroup", "option"], &["select"]),
        "rb" | "rt" | "rp" | "rtc" => (&["rb", "rt", "rp", "rtc"], &["ruby"]),
        "p" | "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dialog" | "dir" | "div"
        | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "header" | "hgroup" | "main" | "menu" | "nav"
        | "ol" | "section" | "summary" | "ul" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "listing"
        | "form" | "hr" | "xmp" => (&["p"], P_SCOPE),
        _ => return None,
    })
}

/// `raw` without the tags that would nest elements deeper than [`MAX_TAG_DEPTH`], counted as
/// an HTML parser opens and closes them: void elements never nest, a `<div/>` opens a `<div>`
/// as it does in a browser, an end tag closes the element it names (one that names no open
/// element is ignored, as the parser ignores it), and a `<li>` or a block closes what its
/// start closes ([`closes`]). A page within the limit, as every real one is, is returned as
/// it is.
pub fn flatten_deep(raw: &str) -> Cow<'_, str> {
    let mut open: Vec<String> = Vec::new();
    // End tags still to come of the start tags cut, by name: they are cut too.
    let mut cut_open: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut cuts: Vec<Range<usize>> = Vec::new();
    for tag in tags(raw).filter(|tag| !is_void(&tag.name) && !is_singleton(&tag.name)) {
        if tag.closing {
            match cut_open.get_mut(&tag.name) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    cuts.push(tag.span);
                }
                _ => {
                    if let Some(at) = closed_by_end_tag(&open, &tag.name) {
                        open.truncate(at);
                    }
                }
            }
            continue;
        }
        if let Some((closed, bounds)) = closes(&tag.name)
            && let Some(at) = open.iter().rposition(|n| closed.contains(&n.as_str()) || bounds.contains(&n.as_str()))
            && closed.contains(&open[at].as_str())
        {
            open.truncate(at);
        }
        if open.len() >= MAX_TAG_DEPTH {
            if !tag.self_closing {
                *cut_open.entry(tag.name).or_default() += 1;
            }
            cuts.push(tag.span);
            continue;
        }
        open.push(tag.name);
    }
    if cuts.is_empty() {
        return Cow::Borrowed(raw);
    }
    let mut kept = String::with_capacity(raw.len());
    let mut from = 0;
    for cut in cuts {
        kept.push_str(&raw[from..cut.start]);
        from = cut.end;
    }
    kept.push_str(&raw[from..]);
    Cow::Owned(kept)
}

/// The text of the first `name` element (`h1`), its inner tags left out and its entities not
/// decoded: enough to confirm a title without parsing the page.
pub fn first_text(raw: &str, name: &str) -> Option<String> {
    let mut tags = tags(raw);
    let open = tags.by_ref().find(|tag| tag.name == name && !tag.closing && !tag.self_closing)?;
    let mut text = String::new();
    let mut from = open.span.end;
    let mut raw_text = false;
    for tag in tags {
        // What a `<script>` or `<style>` in the heading holds is not its words.
        if !raw_text {
            text.push_str(&raw[from..tag.span.start]);
        }
        if tag.name == name && tag.closing {
            return Some(text);
        }
        raw_text = !tag.closing && !tag.self_closing && holds_raw_text(&tag.name);
        text.push(' ');
        from = tag.span.end;
    }
    None
}

/// XHTML read as HTML: each `<x/>` of an element that is not void becomes `<x></x>`, as an
/// XML parser reads it. An EPUB chapter's `<title/>` or `<script src="…"/>` would otherwise
/// open an element that turns the rest of the chapter into its raw text.
pub fn expand_self_closing(raw: &str) -> Cow<'_, str> {
    let mut expanded: Option<String> = None;
    let mut from = 0;
    for tag in tags(raw).filter(|tag| tag.self_closing && !is_void(&tag.name)) {
        let out = expanded.get_or_insert_with(|| String::with_capacity(raw.len() + 64));
        let slash = raw[..tag.span.end - 1].trim_end_matches('/').len();
        out.push_str(&raw[from..slash]);
        out.push_str("></");
        out.push_str(&tag.name);
        out.push('>');
        from = tag.span.end;
    }
    match expanded {
        None => Cow::Borrowed(raw),
        Some(mut out) => {
            out.push_str(&raw[from..]);
            Cow::Owned(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_past_the_depth_limit_are_dropped_their_text_kept() {
        let page = format!("{}deep{}", "<div>".repeat(MAX_TAG_DEPTH + 5), "</div>".repeat(MAX_TAG_DEPTH + 5));
        let flat = flatten_deep(&page);
        assert_eq!(flat.matches("<div>").count(), MAX_TAG_DEPTH);
        assert_eq!(flat.matches("</div>").count(), MAX_TAG_DEPTH);
        assert!(flat.contains("deep"));
        let unclosed = "<p>one<p>two<li>three<br><img src=x/><!-- <div> --></p>".repeat(MAX_TAG_DEPTH);
        assert!(matches!(flatten_deep(&unclosed), Cow::Borrowed(_)), "paragraphs, items and void elements do not nest");
    }

    #[test]
    fn a_self_closed_div_opens_one_as_a_browser_reads_it() {
        let page = "<div/>".repeat(MAX_TAG_DEPTH + 3);
        assert_eq!(flatten_deep(&page).matches("<div/>").count(), MAX_TAG_DEPTH);
    }

    /// How many of `count` `<div>`s after `prefix` the page keeps.
    fn divs_kept(prefix: &str, unit: &str, count: usize) -> usize {
        flatten_deep(&format!("{prefix}{}", unit.repeat(count))).matches("<div>").count()
    }

    #[test]
    fn stray_end_tags_close_nothing_and_so_cannot_hide_depth() {
        assert_eq!(divs_kept("", "<div></x>", MAX_TAG_DEPTH + 50), MAX_TAG_DEPTH);
        assert_eq!(divs_kept("", "<div></p></li>", MAX_TAG_DEPTH + 50), MAX_TAG_DEPTH);
        // Closers that match close, and what they close inside with them.
        assert_eq!(divs_kept("", "<div><span></div>", MAX_TAG_DEPTH + 50), MAX_TAG_DEPTH + 50);
    }

    #[test]
    fn markup_a_tokenizer_reads_is_counted_however_it_is_written() {
        let deep = MAX_TAG_DEPTH + 50;
        for prefix in
            ["<!-->", "<!--->", "<!-- x --!>", "<svg><style>", "<math><title>", r#"<p title="><script>">"#, "a < b "]
        {
            let kept = divs_kept(prefix, "<div>", deep);
            assert!((MAX_TAG_DEPTH - 3..=MAX_TAG_DEPTH).contains(&kept), "{prefix:?}: {kept}");
        }
        // What truly is not markup stays uncounted.
        for prefix in ["<!-- <p> ", "<script>", "<textarea>"] {
            assert_eq!(divs_kept(prefix, "<div>", deep), deep, "{prefix:?}");
        }
    }

    #[test]
    fn what_a_tokenizer_reads_as_text_or_one_tag_cannot_hide_the_divs_after_it() {
        let deep = MAX_TAG_DEPTH + 50;
        for prefix in ["< =\"", "<!=\"", "</ =\"", "<a =\"", "<math></svg><style>"] {
            // The prefix's own `>` may be a `<div>`'s: it is text of the tag, and counted here.
            let kept = divs_kept(prefix, "<div>", deep);
            assert!(kept <= MAX_TAG_DEPTH + 1, "{prefix:?}: {kept}");
        }
        for unit in ["<x_></x>", "<span><div></span>", "<div><table><tr><td></div>"] {
            let page = flatten_deep(&unit.repeat(deep)).into_owned();
            let opened = page.matches("<div>").count() + page.matches("<x_>").count();
            assert!(opened <= MAX_TAG_DEPTH, "{unit:?}: {opened}");
        }
    }

    #[test]
    fn a_page_of_lone_angle_brackets_is_text() {
        // Each `<0` is text at once: rescanning to the far `>` from each would be 10^12 steps.
        let page = "<0".repeat(1_000_000) + ">";
        assert!(matches!(flatten_deep(&page), Cow::Borrowed(_)));
    }

    #[test]
    fn lists_and_tables_nest_as_a_parser_nests_them() {
        // Items of one list close each other; a list in an item nests.
        assert_eq!(flatten_deep(&format!("<ul>{}</ul>", "<li>item".repeat(5000))).matches("<li>").count(), 5000);
        let nested = "<ul><li>".repeat(MAX_TAG_DEPTH);
        let kept = flatten_deep(&nested).matches("<ul>").count();
        assert_eq!(kept, MAX_TAG_DEPTH / 2, "each level is two elements");
        let tables = "<table><tr><td>".repeat(MAX_TAG_DEPTH);
        assert_eq!(flatten_deep(&tables).matches("<table>").count(), MAX_TAG_DEPTH / 3 + 1);
    }

    #[test]
    fn what_scripts_styles_and_titles_hold_is_not_counted_as_tags() {
        let script = format!("<script>if (a<b) {{ x = '{}'; }}</SCRIPT ><p>after", "<div>".repeat(MAX_TAG_DEPTH + 1));
        assert!(matches!(flatten_deep(&script), Cow::Borrowed(_)));
        let names: Vec<String> = tags(&script).map(|t| t.name).collect();
        assert_eq!(names, ["script", "script", "p"]);
        let style = "<style>a>b{}</style><title><b>x</title><i>";
        assert_eq!(tags(style).map(|t| t.name).collect::<Vec<_>>(), ["style", "style", "title", "title", "i"]);
        let comment = "<!-- a > b <div> --><em>";
        assert_eq!(tags(comment).map(|t| t.name).collect::<Vec<_>>(), ["em"]);
    }

    #[test]
    fn the_first_heading_s_text_is_found_without_its_tags() {
        let page = "<head><title>T</title></head><h2>No</h2><h1 class=x>Village <em>votes</em> to&nbsp;buy</h1><h1>Second</h1>";
        assert_eq!(first_text(page, "h1").as_deref(), Some("Village  votes  to&nbsp;buy"));
        assert_eq!(first_text("<h1>never closed", "h1"), None);
        assert_eq!(first_text("<script>'<h1>x</h1>'</script>", "h1"), None);
        assert_eq!(first_text("<h1>T<script>var x = 1;</script>itle</h1>", "h1").as_deref(), Some("T  itle"));
    }

    #[test]
    fn xhtml_self_closed_elements_are_expanded_and_void_ones_kept() {
        assert_eq!(
            expand_self_closing(r#"<title/><script src="a.js" /><br/><p>x<img src="i"/></p><a id="n"/>"#),
            r#"<title></title><script src="a.js" ></script><br/><p>x<img src="i"/></p><a id="n"></a>"#
        );
        assert!(matches!(expand_self_closing("<p>plain <br/> page</p>"), Cow::Borrowed(_)));
    }
}
