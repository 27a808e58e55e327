//! Articles laid out as pages of lines: each block of the document wrapped once per (article, width), measured as drawn.

use crate::bidi::is_rtl;
use crate::document::{Anchor, Block, Ink, Text};
use crate::store::{Article, ArticleRef};
use crate::width::{advances, display_width};
use crate::wrap::{Fit, wrap_with};
use std::collections::VecDeque;
use std::ops::Range;

/// What a line is, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    /// A heading in the body, with its level (1 to 6).
    Heading(u8),
    /// Word count and reading time under the title, and what the file says of itself: the
    /// reader shows it, `folio show` not.
    Meta,
    Body,
    /// A line of a code block that names its language.
    Code,
    Blank,
    /// A note about the text, such as `[truncated]`.
    Notice,
    Rule,
    Trailer,
    /// A row of a picture: its lead only (a quote's bar), the picture drawn over the rest.
    Picture,
}

impl LineKind {
    /// A line of the article's words (what a search of the text finds).
    pub fn is_text(self) -> bool {
        matches!(self, LineKind::Title | LineKind::Heading(_) | LineKind::Body | LineKind::Code)
    }
}

/// Inline styles over part of a line, any of them at once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inks(u8);

impl Inks {
    pub const STRONG: Inks = Inks(1);
    pub const EMPHASIS: Inks = Inks(2);
    pub const CODE: Inks = Inks(4);
    pub const STRIKE: Inks = Inks(8);
    pub const LINK: Inks = Inks(16);
    /// Dimmed: a link's target, a web address, an image's mark.
    pub const FAINT: Inks = Inks(32);

    pub fn has(self, ink: Inks) -> bool {
        self.0 & ink.0 != 0
    }

    fn of(ink: &Ink) -> Inks {
        match ink {
            Ink::Strong => Inks::STRONG,
            Ink::Emphasis => Inks::EMPHASIS,
            Ink::Code => Inks::CODE,
            Ink::Strike => Inks::STRIKE,
            Ink::Link { .. } => Inks::LINK,
            Ink::Faint => Inks::FAINT,
        }
    }
}

impl std::ops::BitOr for Inks {
    type Output = Inks;
    fn bitor(self, other: Inks) -> Inks {
        Inks(self.0 | other.0)
    }
}

/// One wrapped line, in logical order, and the block it belongs to (to keep the place across
/// re-wraps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLine {
    pub text: String,
    pub kind: LineKind,
    /// The top-level block the line shows (0 for the title and meta lines; `n` for block
    /// `n - 1`): what an [`Anchor`] names.
    pub block: usize,
    /// Its text reads right to left: drawn reordered and against the right edge.
    pub rtl: bool,
    /// Bytes at its start that are layout, not text (indentation, a bullet, a quote's bar, a
    /// continuation mark): drawn dimmed, not counted in places, never found by a search.
    pub prefix: usize,
    /// Byte ranges of the line in inline styles, apart and in order.
    pub inks: Vec<(Range<usize>, Inks)>,
    /// A table row's cells, as byte ranges: each is put in display order on its own, so a
    /// right-to-left cell stays in its column.
    pub cells: Vec<Range<usize>>,
}

/// An article laid out for one text width: what the reader shows and `folio show` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub width: u16,
    pub lines: Vec<PageLine>,
    /// The links of the text (Markdown's, and web addresses written out), in page order.
    pub links: Vec<Link>,
    /// The headings: the line each starts on, its level and its words (found once, as the
    /// footer asks every frame).
    headings: Vec<(usize, u8, String)>,
    /// A book's chapters: the page block each starts at (`n` for block `n - 1`) and its name.
    chapters: Vec<(usize, String)>,
    /// The article's language, whose word forms a text search's words find.
    pub language: Option<crate::language::Language>,
    /// The pictures given rows, in page order.
    pub pictures: Vec<Placed>,
}

/// A picture given rows of the page: the first of its lines, the column it starts at, its
/// size in cells, and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub line: usize,
    pub column: u16,
    pub size: (u16, u16),
    pub source: String,
}

/// The columns and rows a picture takes in a room that many columns wide, once known.
pub type Sizes<'a> = &'a dyn Fn(&str, u16) -> Option<(u16, u16)>;

/// A link on the page: where it is target, and the byte ranges of lines its words cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub spans: Vec<(usize, Range<usize>)>,
}

impl Link {
    /// The page line the link starts on.
    pub fn line(&self) -> usize {
        self.spans[0].0
    }
}

/// Where a block's lines start and what comes before each: the lead of its first line (a
/// bullet) and of the others (the bullet's width in spaces), inside every container's own.
#[derive(Debug, Clone, Default)]
struct Lead {
    first: String,
    rest: String,
}

impl Lead {
    fn then(&self, first: &str, rest: &str) -> Lead {
        Lead { first: format!("{}{first}", self.first), rest: format!("{}{rest}", self.rest) }
    }

    fn inner(&self) -> Lead {
        Lead { first: self.rest.clone(), rest: self.rest.clone() }
    }
}

/// Lays out blocks line after line.
struct Layout<'a> {
    columns: usize,
    fit: Fit,
    lines: Vec<PageLine>,
    links: Vec<Link>,
    /// The top-level block being laid out.
    block: usize,
    sizes: Sizes<'a>,
    pictures: Vec<Placed>,
}

impl Page {
    /// Lays out `article` in lines at most `width` columns wide.
    pub fn new(article: &Article, width: u16) -> Self {
        Page::filled(article, width, Fit::for_article(article))
    }

    /// Lays out `article` with lines filled as `fit` says.
    pub fn filled(article: &Article, width: u16, fit: Fit) -> Self {
        Page::with_pictures(article, width, fit, &|_, _| None)
    }

    /// [`Page::filled`], each picture `sizes` knows the size of given rows under its caption.
    pub fn with_pictures(article: &Article, width: u16, fit: Fit, sizes: Sizes) -> Self {
        let columns = usize::from(width.max(1));
        let mut layout =
            Layout { columns, fit, lines: Vec::new(), links: Vec::new(), block: 0, sizes, pictures: Vec::new() };
        let rtl = is_rtl(&article.title);
        for line in wrap_with(&article.title, columns, fit) {
            layout.push(line, LineKind::Title, rtl, 0, vec![]);
        }
        let mut size = article.size.describe();
        if let Some(encoding) = article.flags.encoding {
            size.push_str(&format!(" · decoded as {encoding}"));
        }
        for (flag, note) in [
            (article.flags.lossy, " · invalid bytes replaced"),
            (article.flags.truncated, " · truncated"),
            (article.flags.empty, " · empty file"),
        ] {
            if flag {
                size.push_str(note);
            }
        }
        size.push_str(&format!(" · {}", article.id));
        let meta = &article.meta;
        let tags = meta.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ");
        let said = [meta.date.clone(), meta.author.as_ref().map(|a| format!("by {a}")), Some(tags)];
        let said: Vec<String> = said.into_iter().flatten().filter(|s| !s.is_empty()).collect();
        // The file comes on a line of its own: ids repeat across stores, paths do not.
        let meta_lines = [said.join(" · "), size, article.path.clone()];
        for line in meta_lines.iter().filter(|l| !l.is_empty()).flat_map(|l| wrap_with(l, columns, fit)) {
            layout.push(line, LineKind::Meta, false, 0, vec![]);
        }
        for (i, block) in article.blocks.iter().enumerate() {
            layout.block = i + 1;
            if let Block::Trailer { lines } = block {
                layout.trailer(lines, article.flags.truncated);
                continue;
            }
            layout.push(String::new(), LineKind::Blank, false, 0, vec![]);
            layout.lay(block, &Lead::default());
        }
        if article.flags.truncated && article.trailer().is_empty() {
            layout.block = article.blocks.len() + 1;
            layout.truncated();
        }
        let headings = headings_of(&layout.lines);
        // In order, as a book gives them (an exported file may say otherwise).
        let mut chapters: Vec<(usize, String)> =
            article.meta.chapters.iter().map(|c| (c.block.saturating_add(1), c.name.clone())).collect();
        chapters.sort_by_key(|(block, _)| *block);
        let language = article.language();
        let (lines, links, pictures) = (layout.lines, layout.links, layout.pictures);
        Page { width, lines, links, headings, chapters, language, pictures }
    }

    /// The article's own lines, unwrapped (width [`RAW`]): the raw view.
    pub fn raw(article: &Article) -> Self {
        let line = |text: &String| PageLine {
            text: text.clone(),
            kind: LineKind::Body,
            block: 0,
            rtl: false,
            prefix: 0,
            inks: vec![],
            cells: vec![],
        };
        let lines = article.lines.iter().map(line).collect();
        let language = article.language();
        Page {
            width: RAW,
            lines,
            links: Vec::new(),
            headings: Vec::new(),
            chapters: Vec::new(),
            language,
            pictures: Vec::new(),
        }
    }

    /// The first line of the block, to return to it after a re-wrap.
    pub fn first_line_of(&self, block: usize) -> usize {
        self.lines.iter().position(|l| l.block >= block).unwrap_or(0)
    }

    /// Line `line` as a place in the text: its block, the chars of that block on the lines
    /// before it, and the words from there on. It holds at any width.
    pub fn place_of(&self, line: usize) -> Anchor {
        // A picture's row is the place of its caption: the rows hold no text to find again.
        let line = self.lines[..=line.min(self.lines.len().saturating_sub(1))]
            .iter()
            .rposition(|l| l.kind != LineKind::Picture)
            .unwrap_or(line);
        let Some(shown) = self.lines.get(line) else { return Anchor::default() };
        let before = &self.lines[self.first_line_of(shown.block)..line];
        let char = before.iter().filter(|l| l.block == shown.block).map(|l| l.text[l.prefix..].chars().count()).sum();
        let chapter = self.chapters.iter().take_while(|(start, _)| *start <= shown.block).last();
        Anchor {
            block: shown.block,
            char,
            quote: self.quote_at(line, 0),
            chapter: chapter.map(|(_, name)| name.clone()),
        }
    }

    /// The quote of the text from char `skip` of line `line` on, to the end of its block.
    fn quote_at(&self, line: usize, skip: usize) -> String {
        let block = self.lines.get(line).map_or(0, |l| l.block);
        let text = self.lines[line.min(self.lines.len())..]
            .iter()
            .take_while(|l| l.block == block)
            .filter(|l| l.kind.is_text())
            .enumerate()
            .flat_map(|(i, l)| l.text[l.prefix..].chars().skip(if i == 0 { skip } else { 0 }));
        Anchor::quote_of(text)
    }

    /// The line that holds `place` at this page's width. When the text there is not the
    /// place's quote (the article was edited), the quote is looked for, nearest the place first.
    /// In a book, the place's chapter is where the quote is looked for first: an edition
    /// that adds text before it moves its blocks, not its name.
    pub fn line_of(&self, place: &Anchor) -> usize {
        let (at, skip) = self.line_by_count(place);
        if place.quote.is_empty() || self.quote_at(at, skip).starts_with(&place.quote) {
            return at;
        }
        let chapter = place.chapter.as_ref().and_then(|name| self.chapter_lines(name));
        let in_chapter = chapter.and_then(|lines| {
            let near = if lines.contains(&at) { at } else { lines.start };
            self.find_quote(&place.quote, near, lines)
        });
        in_chapter.or_else(|| self.find_quote(&place.quote, at, 0..self.lines.len())).unwrap_or(at)
    }

    /// The lines of the chapter named `name`.
    fn chapter_lines(&self, name: &str) -> Option<std::ops::Range<usize>> {
        let at = self.chapters.iter().position(|(_, n)| n == name)?;
        let start = self.first_line_of(self.chapters[at].0);
        let end = self.chapters.get(at + 1).map_or(self.lines.len(), |(block, _)| self.first_line_of(*block));
        Some(start..end.max(start))
    }

    /// The line holding the place's block and char, and the chars of it before the place.
    fn line_by_count(&self, place: &Anchor) -> (usize, usize) {
        let first = self.first_line_of(place.block);
        let mut passed = 0;
        for (at, line) in self.lines.iter().enumerate().skip(first) {
            if line.block != place.block {
                // Past the block's end (the text changed since): its last line.
                return (at.saturating_sub(1).max(first), 0);
            }
            let chars = line.text[line.prefix..].chars().count();
            if passed + chars > place.char {
                return (at, place.char - passed);
            }
            passed += chars;
        }
        (first, 0)
    }

    /// The line among `lines` where `quote` starts (spaces aside), the one nearest `near` if
    /// it is found more than once.
    fn find_quote(&self, quote: &str, near: usize, lines: std::ops::Range<usize>) -> Option<usize> {
        let mut flat = String::new();
        let mut owners: Vec<(usize, usize)> = Vec::new();
        let shown = self.lines.get(lines.clone()).unwrap_or_default();
        for (at, line) in shown.iter().enumerate().map(|(i, l)| (lines.start + i, l)).filter(|(_, l)| l.kind.is_text())
        {
            owners.push((flat.len(), at));
            flat.extend(line.text[line.prefix..].chars().filter(|c| !c.is_whitespace()));
        }
        let line_at = |offset: usize| owners[owners.partition_point(|(start, _)| *start <= offset) - 1].1;
        flat.match_indices(quote).map(|(offset, _)| line_at(offset)).min_by_key(|line| line.abs_diff(near))
    }

    /// The headings of the page: the line each starts on, its level and its words.
    pub fn headings(&self) -> &[(usize, u8, String)] {
        &self.headings
    }
}

/// The headings of laid-out `lines`: a heading wrapped on several lines is one.
fn headings_of(lines: &[PageLine]) -> Vec<(usize, u8, String)> {
    let mut headings: Vec<(usize, u8, String)> = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let LineKind::Heading(level) = line.kind else { continue };
        let words = &line.text[line.prefix..];
        let goes_on = at > 0 && lines[at - 1].kind == line.kind && lines[at - 1].block == line.block;
        match headings.last_mut() {
            Some((_, _, text)) if goes_on => {
                text.push(' ');
                text.push_str(words);
            }
            _ => headings.push((at, level, words.to_owned())),
        }
    }
    headings
}

impl Layout<'_> {
    fn push(&mut self, text: String, kind: LineKind, rtl: bool, prefix: usize, inks: Vec<(Range<usize>, Inks)>) {
        self.lines.push(PageLine { text, kind, block: self.block, rtl, prefix, inks, cells: vec![] });
    }

    /// The columns left for text after `lead`, and the lead as drawn: dropped when it would
    /// leave too little room (a pane a few columns wide), or less than a wide character needs.
    fn room<'a>(&self, lead: &'a str) -> (usize, &'a str) {
        let width = display_width(lead);
        if width > 0 && (width * 2 > self.columns || self.columns - width < 2) {
            (self.columns, "")
        } else {
            (self.columns - width, lead)
        }
    }

    /// Pushes a line of `lead` then `text`, the inks moved along; returns the bytes the lead
    /// took.
    fn line(&mut self, lead: &str, text: &str, kind: LineKind, rtl: bool, inks: Vec<(Range<usize>, Inks)>) -> usize {
        let (_, lead) = self.room(lead);
        let by = lead.len();
        let inks = inks.into_iter().map(|(r, i)| (r.start + by..r.end + by, i)).collect();
        self.push(format!("{lead}{text}"), kind, rtl, by, inks);
        by
    }

    fn lay(&mut self, block: &Block, lead: &Lead) {
        match block {
            Block::Heading { level, text } => self.text(text, LineKind::Heading(*level), lead),
            Block::Paragraph { text } => self.text(text, LineKind::Body, lead),
            Block::Preformatted { language, lines } => {
                let kind = if language.is_some() { LineKind::Code } else { LineKind::Body };
                let rtl = lines.iter().any(|l| is_rtl(l));
                let mut first = true;
                for line in lines {
                    let lead_now = if first { &lead.first } else { &lead.rest };
                    let (room, shown_lead) = self.room(lead_now);
                    let shown_lead = shown_lead.to_owned();
                    for (text, mark) in preformatted(line, room) {
                        let by = shown_lead.len() + mark;
                        self.push(format!("{shown_lead}{text}"), kind, rtl, by, vec![]);
                    }
                    first = false;
                }
            }
            Block::List { start, items } => {
                let depth = lead.rest.matches(LIST_INDENT).count();
                for (i, item) in items.iter().enumerate() {
                    let mut marker = match (&item.marker, start) {
                        (Some(own), _) => format!("{own} "),
                        (None, Some(n)) => format!("{}. ", n.saturating_add(i as u64)),
                        (None, None) => format!("{} ", BULLETS[depth % BULLETS.len()]),
                    };
                    if let Some(done) = item.task {
                        marker.push_str(if done { "[x] " } else { "[ ] " });
                    }
                    let hang = " ".repeat(display_width(&marker));
                    let mut item_lead = lead.then(&marker, &hang);
                    for block in &item.blocks {
                        self.lay(block, &item_lead);
                        item_lead = item_lead.inner();
                    }
                    if item.blocks.is_empty() {
                        self.line(&item_lead.first, "", LineKind::Body, false, vec![]);
                    }
                }
            }
            Block::Quote { blocks } => self.blocks(blocks, &lead.then(QUOTE_BAR, QUOTE_BAR), QUOTE_BAR.trim_end()),
            Block::Indented { columns, blocks } => {
                // Its blocks came from one block of lines (a term and its description, a
                // heading and its text): no blank line between them.
                let pad = " ".repeat(usize::from(*columns).min(self.columns / 2));
                let mut lead = lead.then(&pad, &pad);
                for block in blocks {
                    self.lay(block, &lead);
                    lead = lead.inner();
                }
            }
            Block::Table { rows, header } => self.table(rows, *header, lead),
            Block::Image { alt, source } => {
                let shown = if alt.is_empty() { "[image]".to_owned() } else { format!("[image: {alt}]") };
                let length = shown.len();
                let text =
                    Text { text: shown, spans: vec![crate::document::Span { start: 0, end: length, ink: Ink::Faint }] };
                self.text(&text, LineKind::Body, lead);
                self.picture(source, &lead.inner());
            }
            Block::Rule => {
                let (room, shown) = self.room(&lead.first);
                let shown = shown.to_owned();
                self.line(&shown, &"─".repeat(room.min(RULE_WIDTH)), LineKind::Rule, false, vec![]);
            }
            Block::Trailer { lines } => self.trailer(lines, false),
        }
    }

    /// Blocks in a container, a line of just `between` (a quote's bar) apart.
    fn blocks(&mut self, blocks: &[Block], lead: &Lead, between: &str) {
        let mut lead = lead.clone();
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                let blank = format!("{}{between}", lead.rest.strip_suffix(QUOTE_BAR).unwrap_or(&lead.rest));
                let blank = self.room(&blank).1.to_owned();
                let length = blank.len();
                self.push(blank, LineKind::Blank, false, length, vec![]);
            }
            self.lay(block, &lead);
            lead = lead.inner();
        }
    }

    /// A text wrapped after its lead, its inline styles (and web addresses, dimmed) on the
    /// lines they fall on.
    /// The rows of picture `source` under its caption, once its size is known: lines of the
    /// lead alone, with no text, so places in the text are the same with or without them.
    fn picture(&mut self, source: &str, lead: &Lead) {
        let (room, shown) = self.room(&lead.first);
        let Some(size) = (self.sizes)(source, u16::try_from(room).unwrap_or(u16::MAX)) else { return };
        let shown = shown.to_owned();
        let column = u16::try_from(display_width(&shown)).unwrap_or(u16::MAX);
        self.pictures.push(Placed { line: self.lines.len(), column, size, source: source.to_owned() });
        for _ in 0..size.1 {
            self.line(&shown, "", LineKind::Picture, false, vec![]);
        }
    }

    fn text(&mut self, text: &Text, kind: LineKind, lead: &Lead) {
        let rtl = is_rtl(&text.text);
        let (room, _) = self.room(&lead.rest);
        let (room_first, _) = self.room(&lead.first);
        let room = room.min(room_first);
        let wrapped = wrap_with(&text.text, room, self.fit);
        let mut inks = inks_of_lines(text, &wrapped);
        let targets: Vec<&str> = text
            .spans
            .iter()
            .filter_map(|s| match &s.ink {
                Ink::Link { target } => Some(target.as_str()),
                _ => None,
            })
            .collect();
        let mut links = match targets.is_empty() {
            true => vec![Vec::new(); wrapped.len()],
            false => runs_of_lines(text, &wrapped, |at| {
                text.spans
                    .iter()
                    .filter(|s| matches!(s.ink, Ink::Link { .. }))
                    .position(|s| s.start <= at && at < s.end)
            }),
        };
        let first_link = self.links.len();
        for (i, line) in wrapped.into_iter().enumerate() {
            let mut line_inks = std::mem::take(&mut inks[i]);
            let mut addresses = Vec::new();
            if !rtl {
                line_inks = with_addresses(&line, line_inks, &mut addresses);
            }
            let lead = if i == 0 { &lead.first } else { &lead.rest };
            let by = self.line(&lead.clone(), &line, kind, rtl, line_inks);
            let at = self.lines.len() - 1;
            for (range, link) in std::mem::take(&mut links[i]) {
                let span = (at, range.start + by..range.end + by);
                match self.links[first_link..]
                    .iter_mut()
                    .find(|l| l.target == targets[link] && l.spans.last().is_some_and(|s| s.0 + 1 >= at))
                {
                    Some(known) if known.spans.last().is_some_and(|s| s.0 + 1 == at) => known.spans.push(span),
                    _ => self.links.push(Link { target: targets[link].to_owned(), spans: vec![span] }),
                }
            }
            for range in addresses {
                let target = line[range.clone()].trim_end_matches(['.', ',', ';', ':', ')', '!', '?']).to_owned();
                self.links.push(Link { target, spans: vec![(at, range.start + by..range.end + by)] });
            }
        }
    }

    /// Rows of cells in columns, each cell wrapped in its own; a table too wide for its
    /// columns reads as one line per cell, under its header's name.
    fn table(&mut self, rows: &[Vec<Text>], header: bool, lead: &Lead) {
        let count = rows.iter().map(Vec::len).max().unwrap_or(0);
        if count == 0 {
            return;
        }
        let (room, _) = self.room(&lead.rest);
        let separators = (count - 1) * display_width(TABLE_GAP);
        let natural: Vec<usize> = (0..count)
            .map(|c| rows.iter().filter_map(|r| r.get(c)).map(|t| display_width(&t.text)).max().unwrap_or(0).max(1))
            .collect();
        if room < separators + count * MIN_CELL {
            return self.stacked(rows, header, lead);
        }
        let widths = column_widths(&natural, room - separators);
        let mut lead = lead.clone();
        for (r, row) in rows.iter().enumerate() {
            let cells: Vec<Vec<String>> = (0..count)
                .map(|c| row.get(c).map_or_else(Vec::new, |t| wrap_with(&t.text, widths[c], self.fit)))
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let head = header && r == 0;
            for at in 0..height {
                let mut line = String::new();
                let mut ranges = Vec::new();
                for (c, cell) in cells.iter().enumerate() {
                    let piece = cell.get(at).map_or("", String::as_str);
                    ranges.push(line.len()..line.len() + piece.len());
                    line.push_str(piece);
                    if c + 1 < count {
                        line.push_str(&" ".repeat(widths[c].saturating_sub(display_width(piece))));
                        line.push_str(TABLE_GAP);
                    }
                }
                let line = line.trim_end();
                let inks = if head { vec![(0..line.len(), Inks::STRONG)] } else { vec![] };
                let by = self.line(&lead.first.clone(), line, LineKind::Body, false, inks);
                let shown = self.lines.last_mut().expect("just pushed");
                shown.cells = ranges.into_iter().map(|r| r.start + by..(r.end + by).min(shown.text.len())).collect();
                lead = lead.inner();
            }
            if header && r == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.line(&lead.first.clone(), &rule.join("─┼─"), LineKind::Rule, false, vec![]);
            }
        }
    }

    /// A table as one line per cell, each named by its column's header.
    fn stacked(&mut self, rows: &[Vec<Text>], header: bool, lead: &Lead) {
        let names: Vec<String> = match header {
            true => rows[0].iter().map(|t| t.text.clone()).collect(),
            false => Vec::new(),
        };
        for (r, row) in rows.iter().enumerate().skip(usize::from(header)) {
            if r > usize::from(header) {
                self.line(&lead.rest.clone(), "", LineKind::Blank, false, vec![]);
            }
            for (c, cell) in row.iter().enumerate() {
                let text = match names.get(c).filter(|n| !n.is_empty()) {
                    Some(name) => Text::plain(format!("{name}: {}", cell.text)),
                    None => cell.clone(),
                };
                self.text(&text, LineKind::Body, &lead.inner());
            }
        }
    }

    fn trailer(&mut self, lines: &[String], truncated: bool) {
        if truncated {
            self.truncated();
        }
        self.push(String::new(), LineKind::Blank, false, 0, vec![]);
        self.push("─".repeat(self.columns.min(20)), LineKind::Rule, false, 0, vec![]);
        for trailer_line in lines {
            let rtl = is_rtl(trailer_line);
            for line in wrap_with(trailer_line, self.columns, self.fit) {
                self.push(line, LineKind::Trailer, rtl, 0, vec![]);
            }
        }
    }

    fn truncated(&mut self) {
        self.push(String::new(), LineKind::Blank, false, 0, vec![]);
        self.push("[truncated]".into(), LineKind::Notice, false, 0, vec![]);
    }
}

/// Bullets by depth of nesting, as glow draws them.
const BULLETS: [&str; 3] = ["•", "◦", "▪"];
/// What a nested list adds to the lead of its items' later lines.
const LIST_INDENT: &str = "  ";
const QUOTE_BAR: &str = "│ ";
const TABLE_GAP: &str = " │ ";
/// The fewest columns a table cell is given before the table reads as a list instead.
const MIN_CELL: usize = 6;
const RULE_WIDTH: usize = 40;

/// Column widths for a table: each its natural width when all fit in `room`; else the widest
/// give way first, no column under [`MIN_CELL`] (or its natural width, when less).
fn column_widths(natural: &[usize], room: usize) -> Vec<usize> {
    let mut widths = natural.to_vec();
    while widths.iter().sum::<usize>() > room {
        let (widest, &width) = widths.iter().enumerate().max_by_key(|(_, w)| **w).expect("a column");
        if width <= MIN_CELL {
            break;
        }
        widths[widest] -= 1;
    }
    widths
}

/// The inline styles of `text` on each of its wrapped `lines` (which hold its chars in order,
/// spaces at breaks and runs of spaces left out), as byte ranges of each line.
fn inks_of_lines(text: &Text, lines: &[String]) -> Vec<Vec<(Range<usize>, Inks)>> {
    if text.spans.is_empty() {
        return vec![Vec::new(); lines.len()];
    }
    let inks_at = |at: usize| {
        let inks = text
            .spans
            .iter()
            .filter(|s| s.start <= at && at < s.end)
            .fold(Inks::default(), |all, s| all | Inks::of(&s.ink));
        (inks != Inks::default()).then_some(inks)
    };
    runs_of_lines(text, lines, inks_at)
}

/// Runs of `lines` (the wrapped `text`) over which `key` (of a byte of the text) is the same
/// and some, as byte ranges of each line.
fn runs_of_lines<K: Copy + PartialEq>(
    text: &Text,
    lines: &[String],
    key: impl Fn(usize) -> Option<K>,
) -> Vec<Vec<(Range<usize>, K)>> {
    let mut out: Vec<Vec<(Range<usize>, K)>> = vec![Vec::new(); lines.len()];
    let mut source = text.text.char_indices().peekable();
    for (line, inks) in lines.iter().zip(&mut out) {
        for (at, c) in line.char_indices() {
            // The source's next char that is this one: the chars between were spaces dropped.
            let from = loop {
                match source.next() {
                    Some((from, s)) if s == c => break Some(from),
                    Some(_) => continue,
                    None => break None,
                }
            };
            let Some(from) = from else { break };
            let Some(ink) = key(from) else { continue };
            let end = at + c.len_utf8();
            match inks.last_mut() {
                Some((range, last)) if *last == ink && range.end == at => range.end = end,
                // A space inside a styled run stays styled (an underline does not break).
                Some((range, last)) if *last == ink && line[range.end..at].trim().is_empty() => range.end = end,
                _ => inks.push((at..end, ink)),
            }
        }
    }
    out
}

/// `inks` with the web addresses of `line` (`http://`, `https://`) dimmed where nothing else
/// styles them; those are added to `addresses` (links of their own).
fn with_addresses(
    line: &str,
    mut inks: Vec<(Range<usize>, Inks)>,
    addresses: &mut Vec<Range<usize>>,
) -> Vec<(Range<usize>, Inks)> {
    if !line.contains("://") {
        return inks;
    }
    let mut at = 0;
    for word in line.split(' ') {
        let range = at..at + word.len();
        if (word.starts_with("http://") || word.starts_with("https://"))
            && !inks.iter().any(|(r, _)| r.start < range.end && range.start < r.end)
        {
            inks.push((range.clone(), Inks::FAINT));
            addresses.push(range);
        }
        at += word.len() + 1;
    }
    inks.sort_by_key(|(r, _)| r.start);
    inks
}

/// The width a raw page is filed under: its lines are not wrapped.
pub const RAW: u16 = 0;

/// Marks a preformatted line's continuation, after its indentation.
pub const CONTINUATION: &str = "↪ ";

/// One preformatted line as drawn: as it is when it fits, else broken where it must, each
/// continuation indented like the line and marked (the mark's length in bytes comes along).
fn preformatted(line: &str, columns: usize) -> Vec<(String, usize)> {
    if display_width(line) <= columns {
        return vec![(line.to_owned(), 0)];
    }
    let mark = display_width(CONTINUATION);
    if columns < mark + 2 {
        // No room for a mark and a wide character (a pane a few columns wide): broken like any
        // text.
        return wrap_with(line, columns, Fit::First).into_iter().map(|l| (l, 0)).collect();
    }
    let indent = (line.len() - line.trim_start_matches(' ').len()).min(columns / 2).min(columns - mark - 2);
    let pad = " ".repeat(indent);
    // The first piece keeps the line's own indentation (and may use the mark's columns).
    let content = &line[line.len() - line.trim_start_matches(' ').len()..];
    let first_room = columns - indent;
    let mut pieces = break_verbatim(content, first_room, columns - indent - mark).into_iter();
    let first = format!("{pad}{}", pieces.next().unwrap_or_default());
    std::iter::once((first, 0))
        .chain(pieces.map(|piece| (format!("{pad}{CONTINUATION}{piece}"), pad.len() + CONTINUATION.len())))
        .collect()
}

/// `text` broken into pieces of at most `first` columns, then `rest` columns, at its last space
/// before the edge when there is one: spaces inside a piece are kept as they are (columns of a
/// man page's option list stay aligned), those at a break are dropped.
fn break_verbatim(text: &str, first: usize, rest: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut used, mut after_space) = (0, 0, None);
    for (at, c, columns) in advances(text) {
        let room = if pieces.is_empty() { first } else { rest };
        if columns > 0 && used + columns > room && used > 0 {
            // Break at the last space, if what it carries over fits the next piece.
            let carried = |s: usize| display_width(&text[s..at]) + columns <= rest;
            let cut = after_space.filter(|&s| s > start && carried(s)).unwrap_or(at);
            pieces.push(text[start..cut].trim_end_matches(' '));
            start = cut;
            used = display_width(&text[start..at]);
            after_space = None;
        }
        if c == ' ' {
            after_space = Some(at + 1);
        }
        used += columns;
    }
    pieces.push(&text[start..]);
    pieces
}

/// Pages of recently shown articles, so moving back and forth in the list wraps nothing twice.
#[derive(Debug, Default)]
pub struct PageCache {
    /// Most recently used last.
    entries: VecDeque<(ArticleRef, Page)>,
    /// Fill lines first-fit always (the config's `wrap = "fast"`).
    pub fast: bool,
    /// How many pages were laid out: what the tests count.
    pub laid_out: u64,
}

impl PageCache {
    const CAPACITY: usize = 16;

    pub fn get(&self, article: &ArticleRef, width: u16) -> Option<&Page> {
        self.entries.iter().find(|(a, l)| a == article && l.width == width).map(|(_, l)| l)
    }

    /// Makes the page of `article` (the text of `of`) at `width` available to `get`, its
    /// pictures given the rows `sizes` knows of.
    pub fn ensure(&mut self, article: &Article, of: &ArticleRef, width: u16, sizes: Sizes) {
        let position = self.entries.iter().position(|(a, l)| a == of && l.width == width);
        let fit = if self.fast { Fit::First } else { Fit::for_article(article) };
        self.laid_out += u64::from(position.is_none());
        let entry = match position {
            Some(i) => self.entries.remove(i).expect("position is in range"),
            None if width == RAW => (of.clone(), Page::raw(article)),
            None => (of.clone(), Page::with_pictures(article, width, fit, sizes)),
        };
        if self.entries.len() == Self::CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Drops the pages of `article`, to be laid out again (a picture's size became known).
    pub fn forget(&mut self, article: &ArticleRef) {
        self.entries.retain(|(a, _)| a != article);
    }
}

#[cfg(test)]
#[path = "page_tests.rs"]
mod tests;
