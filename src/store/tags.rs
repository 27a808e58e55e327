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

/// The tags of `raw` in order, leaving out comments, doctypes, processing instructions and
/// what a raw-text element (`<script>`, `<style>`, `<title>`…) holds, which is never markup.
struct Tags<'a> {
    raw: &'a str,
    at: usize,
}

impl Iterator for Tags<'_> {
    type Item = Tag;

    fn next(&mut self) -> Option<Tag> {
        let bytes = self.raw.as_bytes();
        loop {
            let start = self.at + memchr::memchr(b'<', &bytes[self.at..])?;
            let end = start + memchr::memchr(b'>', &bytes[start..])? + 1;
            self.at = end;
            let inside = &self.raw[start + 1..end - 1];
            if inside.starts_with(['!', '?']) {
                if inside.starts_with("!--") && !(inside.len() >= 4 && inside.ends_with("--")) {
                    // A comment holding a `>`: its end is the first `-->`.
                    let close = memchr::memmem::find(&bytes[start + 4..], b"-->");
                    self.at = close.map_or(self.raw.len(), |e| start + 4 + e + 3);
                }
                continue;
            }
            let closing = inside.starts_with('/');
            let name: String = inside
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if name.is_empty() {
                continue;
            }
            let self_closing = !closing && inside.ends_with('/');
            if !closing && !self_closing && holds_raw_text(&name) {
                self.at = raw_text_end(self.raw, end, &name);
            }
            return Some(Tag { span: start..end, name, closing, self_closing });
        }
    }
}

fn tags(raw: &str) -> Tags<'_> {
    Tags { raw, at: 0 }
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

/// Whether an element nests what follows it: not a void one, nor one a sibling closes.
fn nests(name: &str) -> bool {
    !is_void(name)
        && !matches!(
            name,
            "p" | "li"
                | "dt"
                | "dd"
                | "td"
                | "th"
                | "tr"
                | "option"
                | "optgroup"
                | "rb"
                | "rt"
                | "rp"
                | "thead"
                | "tbody"
                | "tfoot"
                | "colgroup"
                | "caption"
                | "head"
                | "body"
                | "html"
        )
}

/// `raw` without the tags that would nest elements deeper than [`MAX_TAG_DEPTH`], counted as
/// an HTML parser opens them: void elements and those a sibling closes do not nest, and a
/// `<div/>` opens a `<div>` as it does in a browser. A page within the limit, as every real
/// one is, is returned as it is.
pub fn flatten_deep(raw: &str) -> Cow<'_, str> {
    let mut depth = 0usize;
    let mut cuts: Vec<Range<usize>> = Vec::new();
    for tag in tags(raw).filter(|tag| nests(&tag.name)) {
        if tag.closing {
            if depth > MAX_TAG_DEPTH {
                cuts.push(tag.span);
            }
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_TAG_DEPTH {
                cuts.push(tag.span);
            }
        }
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
    for tag in tags {
        text.push_str(&raw[from..tag.span.start]);
        if tag.name == name && tag.closing {
            return Some(text);
        }
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
