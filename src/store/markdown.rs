//! Markdown read as a document through pulldown-cmark: CommonMark, GitHub's tables, strikethrough, task lists and footnotes, front matter as metadata.

use super::sanitize::{sanitize, sanitize_line};
use crate::document::{Block, Document, Ink, Item, Meta, Span, Text};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

/// Reads Markdown as a document. The title is the front matter's `title:`, else the first
/// heading (taken out of the body), else the first line of prose; a badge row, an HTML block
/// or a line of links alone never is.
pub fn parse(raw: &str) -> Document {
    let text = sanitize(raw);
    let mut builder = Builder::default();
    for event in Parser::new_ext(&text, options()) {
        builder.event(event);
    }
    builder.finish()
}

/// The title alone, as [`parse`] finds it.
pub fn title_of(raw: &str) -> Option<String> {
    Some(parse(raw).title).filter(|t| !t.is_empty())
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_GFM
}

/// A block being filled: the document itself or a container open in it.
enum Open {
    Root,
    Quote,
    List(Option<u64>, Vec<Item>),
    Item(Option<bool>),
    Footnote(String),
    Table { rows: Vec<Vec<Text>>, header: bool },
}

/// Where the text of inline events goes.
enum Sink {
    /// A paragraph, a heading (with its level) or a table cell.
    Text(Option<u8>),
    Code(Option<String>, String),
    Html(String),
    Meta(MetadataBlockKind, String),
}

#[derive(Default)]
struct Builder {
    /// Each open container with the blocks it holds so far; the first is the document.
    open: Vec<(Open, Vec<Block>)>,
    /// Containers opened past [`crate::document::MAX_DEPTH`], not kept, still to be closed.
    too_deep: usize,
    /// Inside an inline `<script>` or `<style>`: its text is skipped.
    hidden: bool,
    /// Where the text being filled has a space for a line break.
    soft_breaks: Vec<usize>,
    sink: Option<Sink>,
    text: Text,
    /// Inline styles opened and not yet closed: where each began.
    inks: Vec<(usize, Ink)>,
    /// Inside an image: its alt text goes here, not into the text.
    image: Option<(String, String)>,
    /// The images of the text being filled, as (alt, source).
    images: Vec<(String, String)>,
    row: Vec<Text>,
    footnotes: Vec<Block>,
    meta: Meta,
    title: Option<String>,
    /// Root blocks that came from HTML, which never give the title.
    from_html: Vec<usize>,
}

impl Builder {
    fn event(&mut self, event: Event) {
        if self.open.is_empty() {
            self.open.push((Open::Root, Vec::new()));
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.push_text(&text),
            Event::Code(code) => self.styled(&code, Ink::Code),
            Event::Html(html) | Event::InlineHtml(html) => {
                let tag = html.trim_start().to_ascii_lowercase();
                match &mut self.sink {
                    Some(Sink::Html(raw)) => raw.push_str(&html),
                    _ if tag.starts_with("<br") => self.push_text("\n"),
                    // An inline script's or style's text is no text of the article.
                    _ if tag.starts_with("<script") || tag.starts_with("<style") => self.hidden = true,
                    _ if tag.starts_with("</script") || tag.starts_with("</style") => self.hidden = false,
                    _ => {}
                }
            }
            Event::FootnoteReference(label) => self.styled(&format!("[{label}]"), Ink::Faint),
            Event::SoftBreak => {
                if matches!(self.sink, None | Some(Sink::Text(_))) && self.image.is_none() && !self.hidden {
                    self.soft_breaks.push(self.text.text.len());
                }
                self.push_text(" ");
            }
            Event::HardBreak => self.push_text("\n"),
            Event::Rule => {
                self.flush();
                self.block(Block::Rule);
            }
            Event::TaskListMarker(done) => {
                if let Some((Open::Item(task), _)) = self.open.last_mut() {
                    *task = Some(done);
                }
            }
            Event::InlineMath(math) | Event::DisplayMath(math) => self.styled(&math, Ink::Code),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.begin(Sink::Text(None)),
            Tag::Heading { level, .. } => self.begin(Sink::Text(Some(heading_level(level)))),
            Tag::BlockQuote(kind) => {
                self.open(Open::Quote);
                // GitHub's alerts (`> [!NOTE]`): their label, in bold, first.
                if let Some(kind) = kind {
                    let label = match kind {
                        pulldown_cmark::BlockQuoteKind::Note => "Note",
                        pulldown_cmark::BlockQuoteKind::Tip => "Tip",
                        pulldown_cmark::BlockQuoteKind::Important => "Important",
                        pulldown_cmark::BlockQuoteKind::Warning => "Warning",
                        pulldown_cmark::BlockQuoteKind::Caution => "Caution",
                    };
                    let text =
                        Text { text: label.into(), spans: vec![Span { start: 0, end: label.len(), ink: Ink::Strong }] };
                    self.block(Block::Paragraph { text });
                }
            }
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(sanitize_line),
                    CodeBlockKind::Indented => None,
                };
                self.begin(Sink::Code(language.filter(|l| !l.is_empty()), String::new()));
            }
            Tag::HtmlBlock => self.begin(Sink::Html(String::new())),
            Tag::List(start) => self.open(Open::List(start, Vec::new())),
            Tag::Item => self.open(Open::Item(None)),
            Tag::FootnoteDefinition(label) => self.open(Open::Footnote(sanitize_line(&label))),
            Tag::Table(_) => self.open(Open::Table { rows: Vec::new(), header: false }),
            Tag::TableHead | Tag::TableRow => self.row.clear(),
            Tag::TableCell => self.begin(Sink::Text(None)),
            Tag::Emphasis => self.ink(Ink::Emphasis),
            Tag::Strong => self.ink(Ink::Strong),
            Tag::Strikethrough => self.ink(Ink::Strike),
            Tag::Link { dest_url, .. } => self.ink(Ink::Link { target: sanitize_line(&dest_url) }),
            Tag::Image { dest_url, .. } => self.image = Some((String::new(), sanitize_line(&dest_url))),
            Tag::MetadataBlock(kind) => self.sink = Some(Sink::Meta(kind, String::new())),
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.flush(),
            TagEnd::MetadataBlock(_) => {
                let first = self.open.len() <= 1 && self.open.first().is_none_or(|(_, blocks)| blocks.is_empty());
                match self.sink.take() {
                    Some(Sink::Meta(kind, raw)) if first => self.front_matter(kind, &raw),
                    // Front matter only starts a file: later, `---` is a rule and the lines
                    // under it a heading, as CommonMark reads them.
                    Some(Sink::Meta(kind, raw)) => {
                        let words = clean(&raw)
                            .split('\n')
                            .map(str::trim)
                            .filter(|l| !l.is_empty())
                            .collect::<Vec<_>>()
                            .join(" ");
                        self.block(Block::Rule);
                        if !words.is_empty() {
                            let block = match kind {
                                MetadataBlockKind::YamlStyle => Block::Heading { level: 2, text: Text::plain(words) },
                                MetadataBlockKind::PlusesStyle => Block::paragraph(format!("+++ {words} +++")),
                            };
                            self.block(block);
                        }
                    }
                    other => self.sink = other,
                }
            }
            TagEnd::TableCell => {
                let cell = std::mem::take(&mut self.text);
                self.sink = None;
                self.row.push(cell);
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let row = std::mem::take(&mut self.row);
                if let Some((Open::Table { rows, header }, _)) = self.open.last_mut() {
                    *header |= matches!(tag, TagEnd::TableHead) && rows.is_empty();
                    rows.push(row);
                }
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.close_ink();
            }
            TagEnd::Link => {
                let start = self.inks.last().map_or(0, |(start, _)| *start);
                if let Some(Ink::Link { target }) = self.close_ink() {
                    let words = self.text.text[start..].trim();
                    if !target.is_empty() && words != target && words != target.trim_start_matches("mailto:") {
                        self.push_text(" ");
                        self.styled(&target, Ink::Faint);
                    }
                }
            }
            TagEnd::Image => {
                if let Some((alt, source)) = self.image.take() {
                    // The parser decoded its entities after the file was sanitized (`&#27;`).
                    let alt = sanitize_line(&alt);
                    let shown = if alt.is_empty() { "[image]".to_owned() } else { format!("[image: {alt}]") };
                    self.styled(&shown, Ink::Faint);
                    self.images.push((alt, source));
                }
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition | TagEnd::Table => {
                self.close()
            }
            TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
        }
    }
}

impl Builder {
    /// Starts filling `sink`, ending whatever text was open (a tight list item's).
    fn begin(&mut self, sink: Sink) {
        self.flush();
        self.sink = Some(sink);
    }

    fn open(&mut self, open: Open) {
        self.flush();
        // Deeper containers (12,000 `>` in a row) are read into the deepest kept: every
        // reader and drawer of the document recurses once a level.
        if self.open.len() > crate::document::MAX_DEPTH {
            self.too_deep += 1;
            return;
        }
        self.open.push((open, Vec::new()));
    }

    /// Closes the innermost container into the one around it.
    fn close(&mut self) {
        self.flush();
        if self.too_deep > 0 {
            self.too_deep -= 1;
            return;
        }
        if self.open.len() < 2 {
            return;
        }
        let (open, blocks) = self.open.pop().expect("two are open");
        match open {
            Open::Root => {}
            Open::Quote => self.block(Block::Quote { blocks }),
            Open::List(start, items) => self.block(Block::List { start, items }),
            Open::Item(task) => match self.open.last_mut() {
                Some((Open::List(_, items), _)) => items.push(Item { task, marker: None, blocks }),
                _ => self.open.last_mut().expect("the root").1.extend(blocks),
            },
            Open::Footnote(label) => {
                let mut blocks = blocks.into_iter();
                let first = match blocks.next() {
                    Some(Block::Paragraph { text }) => shifted(&format!("[{label}] "), text),
                    other => {
                        self.footnotes.extend(other);
                        Text::plain(format!("[{label}]"))
                    }
                };
                self.footnotes.push(Block::Paragraph { text: first });
                self.footnotes.extend(blocks);
            }
            Open::Table { rows, header } => self.block(Block::Table { rows, header }),
        }
    }

    /// Adds a block to the innermost container.
    fn block(&mut self, block: Block) {
        let (open, blocks) = self.open.last_mut().expect("the root is open");
        match open {
            // A list holds items: a block straight in it starts one (never from the parser).
            Open::List(_, items) => items.push(Item { task: None, marker: None, blocks: vec![block] }),
            _ => blocks.push(block),
        }
    }

    /// Ends the text being filled into its block.
    fn flush(&mut self) {
        let sink = self.sink.take();
        let mut text = std::mem::take(&mut self.text);
        let images = std::mem::take(&mut self.images);
        // A line break between Chinese or Japanese characters is no space.
        for at in std::mem::take(&mut self.soft_breaks).into_iter().rev() {
            let wide = |c: Option<char>| c.is_some_and(|c| crate::width::advance(c) == 2);
            if text.text.get(at..at + 1) == Some(" ")
                && wide(text.text[..at].chars().next_back())
                && wide(text.text[at + 1..].chars().next())
            {
                text.text.remove(at);
                for span in &mut text.spans {
                    span.start -= usize::from(span.start > at);
                    span.end -= usize::from(span.end > at);
                }
            }
        }
        self.inks.clear();
        let block = match sink {
            None | Some(Sink::Text(None)) => {
                text.trim();
                if text.text.is_empty() {
                    return;
                }
                match &images[..] {
                    [(alt, source)] if text.spans.len() == 1 && text.text.starts_with("[image") => {
                        Block::Image { alt: alt.clone(), source: source.clone() }
                    }
                    _ => {
                        // Only the words' own: not code, nor a link's `#anchor` target.
                        let covered = |at: usize| {
                            text.spans.iter().any(|s| {
                                s.start <= at
                                    && at < s.end
                                    && !matches!(s.ink, Ink::Strong | Ink::Emphasis | Ink::Strike)
                            })
                        };
                        let own: String =
                            text.text.char_indices().map(|(at, c)| if covered(at) { ' ' } else { c }).collect();
                        self.tags(&own);
                        Block::Paragraph { text }
                    }
                }
            }
            Some(Sink::Text(Some(level))) => {
                text.trim();
                Block::Heading { level, text }
            }
            Some(Sink::Code(language, code)) => {
                let lines = code.strip_suffix('\n').unwrap_or(&code).split('\n').map(str::to_owned).collect();
                Block::Preformatted { language, lines }
            }
            Some(Sink::Html(raw)) => {
                for block in html_blocks(&raw) {
                    // Its headings are headings (`<h1>bit-set</h1>`); its other text never a title.
                    if self.open.len() == 1 && matches!(block, Block::Paragraph { .. }) {
                        self.from_html.push(self.open[0].1.len());
                    }
                    self.block(block);
                }
                return;
            }
            Some(Sink::Meta(..)) => return,
        };
        self.block(block);
    }

    fn push_text(&mut self, piece: &str) {
        if self.hidden {
            return;
        }
        if let Some((alt, _)) = &mut self.image {
            alt.push_str(piece);
            return;
        }
        match &mut self.sink {
            Some(Sink::Code(_, code)) => code.push_str(piece),
            Some(Sink::Html(raw)) => raw.push_str(piece),
            Some(Sink::Meta(_, raw)) => raw.push_str(piece),
            Some(Sink::Text(_)) => self.text.text.push_str(&clean(piece)),
            // Text straight in a tight list item: a paragraph of its own.
            None => {
                self.sink = Some(Sink::Text(None));
                self.text.text.push_str(&clean(piece));
            }
        }
    }

    /// Adds `piece` with one style over it.
    fn styled(&mut self, piece: &str, ink: Ink) {
        if self.image.is_some() {
            return self.push_text(piece);
        }
        let start = self.text.text.len();
        self.push_text(piece);
        let end = self.text.text.len();
        if end > start {
            self.text.spans.push(Span { start, end, ink });
        }
    }

    fn ink(&mut self, ink: Ink) {
        if self.sink.is_none() {
            self.sink = Some(Sink::Text(None));
        }
        self.inks.push((self.text.text.len(), ink));
    }

    /// Ends the innermost style, returning it.
    fn close_ink(&mut self) -> Option<Ink> {
        let (start, ink) = self.inks.pop()?;
        let end = self.text.text.len();
        if end > start {
            self.text.spans.push(Span { start, end, ink: ink.clone() });
        }
        Some(ink)
    }

    /// Reads the front matter's title, date, author and tags (YAML's simple `key: value` and
    /// `- item` lines, or TOML); the rest of it is not shown.
    fn front_matter(&mut self, kind: MetadataBlockKind, raw: &str) {
        let fields = match kind {
            MetadataBlockKind::YamlStyle => yaml_fields(raw),
            MetadataBlockKind::PlusesStyle => toml_fields(raw),
        };
        for (key, values) in fields {
            let first = values.first().map(|v| sanitize_line(v)).filter(|v| !v.is_empty());
            match key.to_ascii_lowercase().as_str() {
                "title" => self.title = first,
                "date" | "created" => self.meta.date = first,
                "author" | "authors" => {
                    let names: Vec<String> =
                        values.iter().map(|v| sanitize_line(v)).filter(|v| !v.is_empty()).collect();
                    self.meta.author = Some(names.join(", ")).filter(|a| !a.is_empty());
                }
                "tags" | "tag" | "keywords" | "categories" => {
                    for tag in values.iter().flat_map(|v| v.split([',', ' '])) {
                        self.add_tag(tag);
                    }
                }
                _ => {}
            }
        }
    }

    /// Obsidian's `#tags` in prose: `#` and a word holding a letter, after a space or at the start.
    fn tags(&mut self, text: &str) {
        let words: Vec<&str> = text.split_whitespace().filter_map(|w| w.strip_prefix('#')).collect();
        for word in words {
            let tag = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let tag_chars = |c: char| c.is_alphanumeric() || "_-/".contains(c);
            if tag.chars().any(char::is_alphabetic) && tag.chars().all(tag_chars) {
                self.add_tag(tag);
            }
        }
    }

    fn add_tag(&mut self, tag: &str) {
        let tag = sanitize_line(tag.trim().trim_start_matches('#'));
        if !tag.is_empty() && !self.meta.tags.contains(&tag) {
            self.meta.tags.push(tag);
        }
    }

    fn finish(mut self) -> Document {
        self.flush();
        while self.open.len() > 1 {
            self.close();
        }
        let mut blocks = self.open.pop().map(|(_, blocks)| blocks).unwrap_or_default();
        if !self.footnotes.is_empty() {
            blocks.push(Block::Rule);
            blocks.append(&mut self.footnotes);
        }
        let title = match self.title {
            Some(title) => title,
            None => take_title(&mut blocks, &self.from_html),
        };
        Document { title, meta: self.meta, blocks }
    }
}

/// The first heading's words (taking it out of the body), else the first line of the first
/// paragraph of words: not one of links or images alone, not one that came from HTML.
fn take_title(blocks: &mut Vec<Block>, from_html: &[usize]) -> String {
    let heading = blocks.iter().position(|b| matches!(b, Block::Heading { .. }));
    let prose = blocks.iter().enumerate().position(|(i, b)| match b {
        Block::Paragraph { text } => !from_html.contains(&i) && has_own_words(text),
        _ => false,
    });
    match (heading, prose) {
        (Some(at), _) => match blocks.remove(at) {
            // A setext heading can run over lines (`Two\nlines\n---`): a title is one.
            Block::Heading { text, .. } => own_words(&text).replace('\n', " "),
            _ => unreachable!("found a heading there"),
        },
        (None, Some(at)) => match &blocks[at] {
            Block::Paragraph { text } => own_words(text).split('\n').next().unwrap_or("").to_owned(),
            _ => unreachable!("found a paragraph there"),
        },
        (None, None) => String::new(),
    }
}

/// A text's words without what is drawn dimmed beside them (link targets, images' marks):
/// `# [base64](https://crates.io) ![badge](b.svg)` is `base64`.
fn own_words(text: &Text) -> String {
    let faint = |at: usize| text.spans.iter().any(|s| s.start <= at && at < s.end && s.ink == Ink::Faint);
    let kept: String = text.text.char_indices().filter(|(at, _)| !faint(*at)).map(|(_, c)| c).collect();
    let lines: Vec<String> = kept.split('\n').map(sanitize_line).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// Whether some of a text's words are its own, not a link's or an image's.
fn has_own_words(text: &Text) -> bool {
    let linked = |at: usize| {
        text.spans.iter().any(|s| s.start <= at && at < s.end && matches!(s.ink, Ink::Link { .. } | Ink::Faint))
    };
    text.text.char_indices().any(|(at, c)| c.is_alphanumeric() && !linked(at))
}

/// `prefix` then `text`, its styles moved along.
fn shifted(prefix: &str, text: Text) -> Text {
    let by = prefix.len();
    let spans = text.spans.into_iter().map(|s| Span { start: s.start + by, end: s.end + by, ink: s.ink }).collect();
    Text { text: format!("{prefix}{}", text.text), spans }
}

/// Text the parser decoded (entities may make controls again): sanitized, lines kept.
fn clean(piece: &str) -> std::borrow::Cow<'_, str> {
    if piece.bytes().all(|b| matches!(b, b' '..=b'~' | b'\n')) {
        return std::borrow::Cow::Borrowed(piece);
    }
    std::borrow::Cow::Owned(sanitize(piece))
}

/// HTML in Markdown reduced to its text: its headings (`<h1>`…`<h6>`) as headings, the rest
/// as paragraphs; tags dropped, `<img>` as its alt text, entities decoded, whitespace
/// collapsed. (Documents of HTML get a real parser; this is the odd `<div align="center">`
/// of a README.)
fn html_blocks(raw: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let flush = |text: &mut String, level: Option<u8>, blocks: &mut Vec<Block>| {
        let decoded = super::encoding::decode_entities(text);
        let lines: Vec<String> = decoded.split('\n').map(sanitize_line).filter(|l| !l.is_empty()).collect();
        text.clear();
        if lines.is_empty() {
            return;
        }
        let words = lines.join(" ");
        blocks.push(match level {
            Some(level) => Block::Heading { level, text: Text::plain(words) },
            None => Block::paragraph(words),
        });
    };
    let heading_level = |tag: &str| {
        let digit = tag.as_bytes().get(if tag.starts_with("</") { 3 } else { 2 }).copied();
        (tag[1..].trim_start_matches('/').starts_with('h'))
            .then_some(digit)
            .flatten()
            .filter(|d| (b'1'..=b'6').contains(d))
            .map(|d| d - b'0')
    };
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        // A `<` that opens no tag (`a < b`: no letter, `/` or `!` after it) is text.
        let opens_tag = rest[open + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let Some(close) = rest[open..].find('>').map(|c| open + c + 1).filter(|_| opens_tag) else {
            text.push('<');
            rest = &rest[open + 1..];
            continue;
        };
        let tag = rest[open..close].to_ascii_lowercase();
        match heading_level(&tag) {
            Some(_) if !tag.starts_with("</") => flush(&mut text, None, &mut blocks),
            Some(level) => flush(&mut text, Some(level), &mut blocks),
            None if ["<br", "</p", "</div", "</li", "</tr", "</summary"].iter().any(|t| tag.starts_with(t)) => {
                text.push('\n')
            }
            // A script or a style is code for a browser, never text.
            None if tag.starts_with("<script") || tag.starts_with("<style") => {
                let end = if tag.starts_with("<script") { "</script" } else { "</style" };
                let after = rest[close..].to_ascii_lowercase().find(end).map_or(rest.len(), |at| close + at);
                rest = &rest[after..];
                continue;
            }
            None => {
                if let Some(alt) = tag.starts_with("<img").then(|| attribute(&rest[open..close], "alt")).flatten() {
                    text.push_str(&format!("[image: {alt}]"));
                }
            }
        }
        rest = &rest[close..];
    }
    text.push_str(rest);
    flush(&mut text, None, &mut blocks);
    blocks
}

/// The value of `name="…"` in a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}=\""))? + name.len() + 2;
    tag[at..].split('"').next().filter(|v| !v.trim().is_empty())
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// YAML front matter's top-level `key: value` lines, with `[a, b]` flow lists and `- item`
/// block lists; quotes taken off. Enough for the fields shown; anything else is skipped.
fn yaml_fields(raw: &str) -> Vec<(String, Vec<String>)> {
    // `"a \"b\""` and `'it''s'`, as YAML's quoted scalars escape their quotes.
    let unquote = |v: &str| {
        let v = v.trim();
        match (
            v.strip_prefix('"').and_then(|v| v.strip_suffix('"')),
            v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')),
        ) {
            (Some(inner), _) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
            (_, Some(inner)) => inner.replace("''", "'"),
            _ => v.to_owned(),
        }
    };
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    // A folded or literal scalar (`title: >`) goes on in the indented lines under its key.
    let mut block_scalar = false;
    for line in raw.lines() {
        if block_scalar && line.starts_with(' ') {
            if let Some((_, values)) = fields.last_mut() {
                match values.last_mut() {
                    Some(value) => {
                        value.push(' ');
                        value.push_str(line.trim());
                    }
                    None => values.push(line.trim().to_owned()),
                }
            }
            continue;
        }
        block_scalar = false;
        if let Some(item) = line.trim_start().strip_prefix("- ").filter(|_| line.starts_with([' ', '-'])) {
            if let Some((_, values)) = fields.last_mut() {
                values.push(unquote(item));
            }
            continue;
        }
        if line.starts_with(' ') || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        let values = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(list) => list.split(',').map(unquote).filter(|v| !v.is_empty()).collect(),
            None if value.is_empty() => Vec::new(),
            None if [">", "|", ">-", "|-", ">+", "|+"].contains(&value) => {
                block_scalar = true;
                Vec::new()
            }
            None => vec![unquote(value)],
        };
        fields.push((key.trim().to_owned(), values));
    }
    fields
}

/// TOML front matter's top-level strings and arrays of strings.
fn toml_fields(raw: &str) -> Vec<(String, Vec<String>)> {
    let Ok(table) = raw.parse::<toml::Table>() else { return Vec::new() };
    let text = |value: &toml::Value| match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    };
    table
        .iter()
        .map(|(key, value)| {
            let values = match value {
                toml::Value::Array(items) => items.iter().filter_map(text).collect(),
                other => text(other).into_iter().collect(),
            };
            (key.clone(), values)
        })
        .collect()
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
