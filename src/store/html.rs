//! HTML read as a document: a saved page's main content found by dom_smoothie (Firefox's Reader View, ported), an EPUB chapter's whole body, each element typed as a block.

use super::encoding::{DecodeError, Decoded, decode_declared};
use super::sanitize::{sanitize, sanitize_line};
use super::tags::{expand_self_closing, first_text, flatten_deep};
use crate::document::{Block, Document, Ink, Item, MAX_DEPTH, Meta, Span, Text};
use dom_query::{Document as Dom, NodeRef};
use encoding_rs::Encoding;

/// Bytes of a page read for its title: a saved page's `<head>` carries inline styles and
/// scripts before (or after) its `<title>`.
pub const TITLE_PROBE_BYTES: usize = 64 * 1024;

/// Elements nested deeper than this are read as their text alone: the walk recurses once a
/// level, and a hostile page nests thousands.
const MAX_WALK_DEPTH: usize = 256;

/// Decodes a page: not UTF-8, it is read in the charset its `<meta>` declares, else guessed.
pub fn decode(bytes: &[u8], complete: bool) -> Result<Decoded, DecodeError> {
    decode_declared(bytes, complete, declared_charset(bytes))
}

/// The charset a page declares in its first 1024 bytes, as a browser's prescan finds it:
/// `<meta charset="…">` or `<meta http-equiv="Content-Type" content="text/html; charset=…">`.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let at = memchr::memmem::find(&head.to_ascii_lowercase(), b"charset")?;
    let rest = head[at + "charset".len()..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b'/') || b.is_ascii_whitespace());
    Encoding::for_label(&rest[..end.unwrap_or(rest.len())])
}

/// Reads a saved web page: its main content as a reader view extracts it (navigation, ads,
/// scripts and styles left out), else, when extraction finds nothing, its whole body's text.
/// The title is the page's own (JSON-LD, OpenGraph, `<title>` cleaned of the site's name,
/// `<h1>`), the byline and date its metadata.
pub fn parse(raw: &str) -> Document {
    let raw = &*flatten_deep(raw);
    let mut meta = Meta::default();
    let mut title = String::new();
    let mut blocks = Vec::new();
    let mut site = None;
    // Classes kept: a code block's `language-*` names its language.
    let config = dom_smoothie::Config { keep_classes: true, ..dom_smoothie::Config::default() };
    if let Ok(mut readability) = dom_smoothie::Readability::new(raw, None, Some(config))
        && let Ok(article) = readability.parse()
    {
        title = sanitize_line(&article.title);
        site = article.site_name;
        meta.author = article.byline.map(|a| byline_name(&a)).filter(|a| !a.is_empty());
        meta.date = article.published_time.and_then(|d| date_of(&d));
        blocks = Walker::new(Mode::Content).read(&Dom::from(article.content.as_ref()));
    }
    if !blocks.iter().any(has_words) {
        let dom = Dom::from(raw);
        if title.is_empty() {
            title = sanitize_line(&dom.select("title").text());
        }
        blocks = Walker::new(Mode::Page).read(&dom);
    }
    finish(confirmed_by_h1(title, raw, site.as_deref()), meta, blocks)
}

/// The page's `<h1>` in place of a title that is it beside the site's name or section
/// (`Village votes | Communities`), where the extractor left the `<h1>` out of the text.
/// The author a byline names: `By Jane Smith` is `Jane Smith`.
fn byline_name(byline: &str) -> String {
    let line = sanitize_line(byline);
    let named = ["By ", "by ", "BY "].iter().find_map(|by| line.strip_prefix(by)).unwrap_or(&line);
    named.trim().to_owned()
}

/// An `<h1>` that is the site's name (a logo's) confirms nothing.
fn confirmed_by_h1(title: String, raw: &str, site: Option<&str>) -> String {
    let Some(h1) = first_text(raw, "h1") else { return title };
    let h1 = sanitize_line(&super::encoding::decode_entities(&h1));
    if site.is_some_and(|site| words(site) == words(&h1)) {
        return title;
    }
    // Only the page's name first (`Zlib | Node.js Documentation`): an `<h1>` that is the part
    // after the mark is, far more often, the site's banner.
    let (titled, heading) = (words(&title), words(&h1));
    let first = titled.starts_with(&heading) && names_the_site_beside(&titled, &heading);
    match first {
        true => h1.split_whitespace().collect::<Vec<_>>().join(" "),
        false => title,
    }
}

/// A text's words, lowercased: what two titles are compared by.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

/// The title [`parse`] gives a page, from its first bytes: the `<head>` is enough, unless it
/// names none, when the page is read as [`parse`] reads it (its first heading or words).
pub fn title_of(raw: &str) -> Option<String> {
    let flat = &*flatten_deep(raw);
    let readability = dom_smoothie::Readability::new(flat, None, None).ok()?;
    let metadata = readability.get_article_metadata(readability.parse_json_ld());
    let title = sanitize_line(&metadata.title);
    match title.is_empty() {
        false => Some(confirmed_by_h1(title, flat, metadata.site_name.as_deref())),
        true => Some(parse(raw).title).filter(|t| !t.is_empty()),
    }
}

/// An EPUB chapter or a feed item's content (XHTML, or HTML): its whole body, each element
/// typed.
pub fn chapter(raw: &str) -> Vec<Block> {
    let expanded = expand_self_closing(raw);
    Walker::new(Mode::Book).read(&Dom::from(&*flatten_deep(&expanded)))
}

/// The title, and the body without a first heading that only repeats it; with no title, the
/// first heading's words, else the first line of prose.
fn finish(mut title: String, meta: Meta, mut blocks: Vec<Block>) -> Document {
    let first_heading = blocks.iter().position(|b| matches!(b, Block::Heading { .. }));
    if let Some(at) = first_heading.filter(|&at| at <= 1)
        && let Block::Heading { text, .. } = &blocks[at]
    {
        let (heading, titled) = (words(&text.text), words(&title));
        if title.is_empty() || heading == titled || names_the_site_beside(&titled, &heading) {
            title = sanitize_line(&text.text);
            blocks.remove(at);
        }
    }
    // A first paragraph that only repeats the title (an old page's `<b>` headline) is it.
    if let Some(Block::Paragraph { text }) = blocks.first()
        && !title.is_empty()
        && words(&text.text) == words(&title)
    {
        blocks.remove(0);
    }
    // A byline the page shows above its text is the author the header names already.
    if let Some(author) = meta.author.as_deref().map(str::to_lowercase) {
        let is_byline = |block: &Block| match block {
            Block::Paragraph { text } => {
                let said = text.text.trim().to_lowercase();
                said.strip_prefix("by ").unwrap_or(&said).trim() == author
            }
            _ => false,
        };
        if let Some(at) = blocks.iter().take(3).position(is_byline) {
            blocks.remove(at);
        }
    }
    // So is a date line (`3 November 2024`) that says the date the header shows.
    if let Some(date) = meta.date.as_deref()
        && let Some(at) = blocks.iter().take(3).position(|block| match block {
            Block::Paragraph { text } => says_date(&text.text, date),
            _ => false,
        })
    {
        blocks.remove(at);
    }
    if title.is_empty()
        && let Some(Block::Paragraph { text }) = blocks.iter().find(|b| matches!(b, Block::Paragraph { .. }))
    {
        title = sanitize_line(text.text.split('\n').next().unwrap_or(""));
    }
    Document { title, meta, blocks }
}

/// Whether a short line (`3 November 2024`, `Sun 3 Nov 2024 07.15 GMT`) says the date `iso`
/// (`2024-11-03`), in English as most pages write it.
fn says_date(line: &str, iso: &str) -> bool {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let mut parts = iso.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else { return false };
    let (Ok(month), Ok(day)) = (month.parse::<usize>(), day.parse::<u32>()) else { return false };
    let Some(month) = month.checked_sub(1).and_then(|m| MONTHS.get(m)) else { return false };
    if line.chars().count() > 40 {
        return false;
    }
    let line = line.to_lowercase();
    // Words apart by spaces and commas: `07.15` or `07:15` is a time, no day.
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .collect();
    tokens.contains(&year)
        && tokens.iter().any(|t| t.starts_with(month))
        && tokens.iter().any(|t| t.len() <= 4 && t.trim_end_matches(|c: char| c.is_alphabetic()).parse() == Ok(day))
}

/// Whether a title's words are the heading's and the site's name, set apart by a mark
/// (`Rivers rise | The Daily Example`, `Example News – Rivers rise`): the heading confirms
/// which part is the article's.
fn names_the_site_beside(title: &[String], heading: &[String]) -> bool {
    let separator = |word: Option<&String>| {
        word.is_some_and(|w| matches!(w.as_str(), "|" | "-" | "–" | "—" | ":" | "·" | "::" | "»" | "/"))
    };
    !heading.is_empty()
        && title.len() > heading.len() + 1
        && ((title.starts_with(heading) && separator(title.get(heading.len())))
            || (title.ends_with(heading) && separator(title.get(title.len() - heading.len() - 1))))
}

/// `2024-05-01T10:00:00Z` -> `2024-05-01`; other forms as they are, cleaned.
fn date_of(published: &str) -> Option<String> {
    let date = published.split('T').next().unwrap_or(published);
    let date = sanitize_line(date);
    (!date.is_empty()).then_some(date)
}

fn has_words(block: &Block) -> bool {
    let mut text = String::new();
    block.plain_text(&mut text);
    text.chars().any(char::is_alphanumeric)
}

/// What part of a page is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A reader view's extract: all of it is the article (but a `<nav>` is never shown).
    Content,
    /// A whole page's body: its header, footer and asides are the site's, not the article's.
    Page,
    /// A book's chapter: all of it.
    Book,
}

/// A container being filled.
enum Open {
    Root,
    Quote,
    List(Option<u64>, Vec<Item>),
    Item,
    Indented,
}

/// Walks a DOM into blocks, one text filled at a time, containers open on a stack.
struct Walker {
    mode: Mode,
    open: Vec<(Open, Vec<Block>)>,
    text: Text,
    heading: Option<u8>,
    /// Whitespace seen and not yet written: HTML collapses a run of it into one space.
    space: bool,
    /// Styles open around the text being filled, each from where it starts: a `<b>` holding
    /// a `<p>` styles the end of one text and the start of the next.
    inks: Vec<(Ink, usize)>,
}

impl Walker {
    fn new(mode: Mode) -> Self {
        Walker {
            mode,
            open: vec![(Open::Root, Vec::new())],
            text: Text::default(),
            heading: None,
            space: false,
            inks: Vec::new(),
        }
    }

    fn read(mut self, dom: &Dom) -> Vec<Block> {
        let body = dom.select("body");
        match body.nodes().first() {
            Some(body) => self.walk(body, 0),
            None => self.walk(&dom.root(), 0),
        }
        self.flush();
        while self.open.len() > 1 {
            self.close();
        }
        self.open.pop().map(|(_, blocks)| blocks).unwrap_or_default()
    }

    fn walk(&mut self, node: &NodeRef, depth: usize) {
        for child in node.children_it(false) {
            if child.is_text() {
                self.words(&child.text());
                continue;
            }
            if !child.is_element() {
                continue;
            }
            let name = child.node_name().map(|n| n.to_ascii_lowercase()).unwrap_or_default();
            if depth > MAX_WALK_DEPTH {
                if !is_hidden(&name) {
                    self.words(&child.text());
                }
                continue;
            }
            self.element(&name, &child, depth + 1);
        }
    }

    fn element(&mut self, name: &str, node: &NodeRef, depth: usize) {
        match name {
            _ if is_hidden(name) => {}
            "nav" => {}
            "header" | "footer" | "aside" if self.mode == Mode::Page => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                self.heading = Some(name.as_bytes()[1] - b'0');
                self.walk(node, depth);
                self.flush();
            }
            "br" => {
                if !self.text.text.is_empty() {
                    self.text.text.push('\n');
                }
                self.space = false;
            }
            "hr" => {
                self.flush();
                self.block(Block::Rule);
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                self.flush();
                self.block(preformatted(node));
            }
            "blockquote" => self.container(Open::Quote, node, depth),
            "ul" | "ol" | "menu" | "dir" => {
                let start = (name == "ol").then(|| node.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1));
                self.container(Open::List(start, Vec::new()), node, depth);
            }
            "li" if matches!(self.open.last(), Some((Open::List(..), _))) => self.container(Open::Item, node, depth),
            "dd" => self.container(Open::Indented, node, depth),
            "dt" => {
                self.flush();
                self.styled(Ink::Strong, node, depth);
                self.flush();
            }
            "table" => {
                self.flush();
                if let Some(table) = table(node, self.mode, depth) {
                    self.block(table);
                }
            }
            "img" => self.image(node),
            "a" => match node.attr("href").map(|h| sanitize_line(&h)) {
                Some(target) if !target.is_empty() && !target.starts_with('#') => {
                    self.styled(Ink::Link { target }, node, depth);
                }
                // A heading's own anchor (`<a class="headerlink" href="#x">¶</a>`) says nothing.
                Some(target) if target.starts_with('#') && is_anchor_mark(node.text().trim()) => {}
                _ => self.walk(node, depth),
            },
            "strong" | "b" => self.styled(Ink::Strong, node, depth),
            "em" | "i" | "cite" | "dfn" | "var" => self.styled(Ink::Emphasis, node, depth),
            "code" | "kbd" | "samp" | "tt" => self.styled(Ink::Code, node, depth),
            "del" | "s" | "strike" => self.styled(Ink::Strike, node, depth),
            _ if is_block(name) => {
                self.flush();
                self.walk(node, depth);
                self.flush();
            }
            _ => self.walk(node, depth),
        }
    }

    /// Text as HTML shows it: each run of whitespace one space, none at a line's start.
    fn words(&mut self, raw: &str) {
        let clean = sanitize(raw);
        for (i, piece) in clean.split(char::is_whitespace).enumerate() {
            self.space |= i > 0;
            if piece.is_empty() {
                continue;
            }
            if self.space && !self.text.text.is_empty() && !self.text.text.ends_with(['\n', ' ']) {
                self.text.text.push(' ');
            }
            self.text.text.push_str(piece);
            self.space = false;
        }
    }

    fn styled(&mut self, ink: Ink, node: &NodeRef, depth: usize) {
        if self.space && !self.text.text.is_empty() && !self.text.text.ends_with(['\n', ' ']) {
            self.text.text.push(' ');
            self.space = false;
        }
        self.inks.push((ink, self.text.text.len()));
        self.walk(node, depth);
        if let Some((ink, start)) = self.inks.pop() {
            self.style_to_end(ink, start);
        }
    }

    /// Styles the text being filled from `start` to its end.
    fn style_to_end(&mut self, ink: Ink, start: usize) {
        let end = self.text.text.trim_end().len();
        if end > start {
            self.text.spans.push(Span { start, end, ink });
        }
    }

    fn image(&mut self, node: &NodeRef) {
        let alt = sanitize_line(&node.attr("alt").unwrap_or_default());
        let source = sanitize_line(&node.attr("src").unwrap_or_default());
        // Spacers, trackers and icons say nothing.
        if alt.is_empty() {
            return;
        }
        if self.text.text.trim().is_empty() {
            self.flush();
            self.block(Block::Image { alt, source });
        } else {
            let shown = format!(" [image: {alt}]");
            let start = self.text.text.len() + 1;
            self.text.text.push_str(&shown);
            self.text.spans.push(Span { start, end: self.text.text.len(), ink: Ink::Faint });
        }
    }

    fn container(&mut self, open: Open, node: &NodeRef, depth: usize) {
        self.flush();
        // Deeper containers are read into the deepest kept: every reader and drawer of the
        // document recurses once a level.
        if self.open.len() > MAX_DEPTH {
            self.walk(node, depth);
            self.flush();
            return;
        }
        self.open.push((open, Vec::new()));
        self.walk(node, depth);
        self.flush();
        self.close();
    }

    /// Closes the innermost container into the one around it.
    fn close(&mut self) {
        let Some((open, blocks)) = self.open.pop() else { return };
        match open {
            Open::Root => self.open.push((Open::Root, blocks)),
            Open::Quote if !blocks.is_empty() => self.block(Block::Quote { blocks }),
            Open::List(start, items) if !items.is_empty() => self.block(Block::List { start, items }),
            Open::Item => match self.open.last_mut() {
                Some((Open::List(_, items), _)) => items.push(Item { task: None, marker: None, blocks }),
                _ => blocks.into_iter().for_each(|b| self.block(b)),
            },
            Open::Indented if !blocks.is_empty() => self.block(Block::Indented { columns: 4, blocks }),
            Open::Quote | Open::List(..) | Open::Indented => {}
        }
    }

    /// Adds a block to the innermost container (straight in a list, it starts an item).
    fn block(&mut self, block: Block) {
        let (open, blocks) = self.open.last_mut().expect("the root is open");
        match open {
            Open::List(_, items) => items.push(Item { task: None, marker: None, blocks: vec![block] }),
            _ => blocks.push(block),
        }
    }

    /// Ends the text being filled into a paragraph or heading.
    fn flush(&mut self) {
        for at in 0..self.inks.len() {
            let (ink, start) = self.inks[at].clone();
            self.style_to_end(ink, start);
            self.inks[at].1 = 0;
        }
        let mut text = std::mem::take(&mut self.text);
        let heading = self.heading.take();
        self.space = false;
        text.trim();
        if text.text.is_empty() {
            return;
        }
        self.block(match heading {
            Some(level) => Block::Heading { level, text },
            None => Block::Paragraph { text },
        });
    }
}

/// The marks sites put beside a heading to link to it.
fn is_anchor_mark(text: &str) -> bool {
    matches!(text, "#" | "§" | "¶" | "🔗" | "🔗\u{fe0f}" | "permalink" | "Permalink")
}

/// Elements whose text is never the article's.
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "svg"
            | "math"
            | "button"
            | "form"
            | "input"
            | "select"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "map"
            | "dialog"
    )
}

/// Elements that end the text before them and start their own.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "figure"
            | "figcaption"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "fieldset"
            | "legend"
            | "caption"
            | "hgroup"
            | "li"
            | "dl"
            | "body"
            | "html"
    )
}

/// A `<pre>`'s lines as written, its language from a `language-*` class (on it or its
/// `<code>`).
fn preformatted(node: &NodeRef) -> Block {
    let classes = std::iter::once(*node)
        .chain(node.first_element_child())
        .filter_map(|n| n.attr("class"))
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let language = classes
        .split_whitespace()
        .find_map(|c| c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-")))
        .map(sanitize_line)
        .filter(|l| !l.is_empty());
    let raw = node.text();
    // HTML drops the newline just after `<pre>`.
    let raw = raw.strip_prefix('\n').unwrap_or(&raw);
    let code = sanitize(raw.trim_end_matches(['\n', '\r']));
    Block::Preformatted { language, lines: code.split('\n').map(str::to_owned).collect() }
}

/// A table's rows of cells (each cell's text, its styles dropped), its header when the first
/// row is of `<th>` or in `<thead>`. Rows of nested tables are their own.
fn table(node: &NodeRef, mode: Mode, depth: usize) -> Option<Block> {
    let is = |n: &NodeRef, name: &str| n.node_name().is_some_and(|n| n.eq_ignore_ascii_case(name));
    let mut rows: Vec<Vec<Text>> = Vec::new();
    let mut header = false;
    let mut row = |tr: &NodeRef, in_head: bool, rows: &mut Vec<Vec<Text>>| {
        let cells: Vec<NodeRef> = tr.children_it(false).filter(|c| is(c, "td") || is(c, "th")).collect();
        if cells.is_empty() {
            return;
        }
        if rows.is_empty() {
            header = in_head || cells.iter().all(|c| is(c, "th"));
        }
        rows.push(cells.iter().map(|cell| cell_text(cell, mode, depth)).collect());
    };
    for child in node.children_it(false) {
        if is(&child, "tr") {
            row(&child, false, &mut rows);
        } else if is(&child, "thead") || is(&child, "tbody") || is(&child, "tfoot") {
            let in_head = is(&child, "thead");
            for tr in child.children_it(false).filter(|c| is(c, "tr")) {
                row(&tr, in_head, &mut rows);
            }
        }
    }
    (!rows.is_empty()).then_some(Block::Table { rows, header })
}

/// A cell's words on one line; `depth` is the table's, so that tables in tables still stop
/// at [`MAX_WALK_DEPTH`].
fn cell_text(cell: &NodeRef, mode: Mode, depth: usize) -> Text {
    let mut walker = Walker::new(mode);
    walker.walk(cell, depth);
    walker.flush();
    let blocks = walker.open.pop().map(|(_, blocks)| blocks).unwrap_or_default();
    let mut words = String::new();
    for block in &blocks {
        let mut text = String::new();
        block.plain_text(&mut text);
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    Text::plain(words)
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
