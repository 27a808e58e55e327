//! Articles laid out as pages of lines: wrapped once per (article, width), measured as drawn.

use crate::bidi::is_rtl;
use crate::store::{Article, ArticleRef, heading_level, is_preformatted, strip_heading};
use crate::width::{advances, display_width};
use crate::wrap::{Fit, wrap_with};
use std::borrow::Cow;
use std::collections::VecDeque;

/// What a line is, which decides its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    /// A Markdown heading in the body, its `#`s taken off.
    Heading,
    /// Word count and reading time under the title: the reader shows it, `folio show` not.
    Meta,
    Body,
    Blank,
    /// A note about the text, such as `[truncated]`.
    Notice,
    Rule,
    Trailer,
}

/// One wrapped line, in logical order, and the paragraph it belongs to (to keep the place
/// across re-wraps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLine {
    pub text: String,
    pub kind: LineKind,
    pub paragraph: usize,
    /// Its paragraph reads right to left: drawn reordered and against the right edge.
    pub rtl: bool,
    /// Bytes at its start that are a continuation mark, drawn dimmed.
    pub mark: usize,
    /// Byte ranges drawn dimmed: web addresses and Markdown link targets.
    pub dim: Vec<std::ops::Range<usize>>,
}

/// An article laid out for one text width: what the reader shows and `folio show` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub width: u16,
    pub lines: Vec<PageLine>,
}

impl Page {
    /// Lays out `article` in lines at most `width` columns wide.
    pub fn new(article: &Article, width: u16) -> Self {
        Page::filled(article, width, Fit::for_article(article))
    }

    /// Lays out `article` with lines filled as `fit` says.
    pub fn filled(article: &Article, width: u16, fit: Fit) -> Self {
        let columns = usize::from(width.max(1));
        let wrap = |text: &str, columns| wrap_with(text, columns, fit);
        let mut lines = Vec::new();
        let mut push = |text: String, kind, paragraph, rtl, mark| {
            lines.push(PageLine { text, kind, paragraph, rtl, mark, dim: vec![] })
        };
        let rtl = is_rtl(&article.title);
        for line in wrap(&article.title, columns) {
            push(line, LineKind::Title, 0, rtl, 0);
        }
        let mut meta = article.size.describe();
        if let Some(encoding) = article.flags.encoding {
            meta.push_str(&format!(" · decoded as {encoding}"));
        }
        for (flag, note) in [
            (article.flags.lossy, " · invalid bytes replaced"),
            (article.flags.truncated, " · truncated"),
            (article.flags.empty, " · empty file"),
        ] {
            if flag {
                meta.push_str(note);
            }
        }
        meta.push_str(&format!(" · {}", article.id));
        // The file comes on a line of its own: ids repeat across stores, paths do not.
        for line in wrap(&meta, columns).into_iter().chain(wrap(&article.path, columns)) {
            push(line, LineKind::Meta, 0, false, 0);
        }
        for (i, paragraph) in article.paragraphs.iter().enumerate() {
            push(String::new(), LineKind::Blank, i + 1, false, 0);
            let rtl = is_rtl(paragraph);
            if heading_level(paragraph).is_some() && !paragraph.contains('\n') {
                for line in wrap(strip_heading(paragraph), columns) {
                    push(line, LineKind::Heading, i + 1, rtl, 0);
                }
                continue;
            }
            if is_preformatted(&paragraph.split('\n').collect::<Vec<_>>()) {
                for (text, mark) in paragraph.split('\n').flat_map(|line| preformatted(line, columns)) {
                    push(text, LineKind::Body, i + 1, rtl, mark);
                }
                continue;
            }
            for line in wrap(&unlink(paragraph).0, columns) {
                push(line, LineKind::Body, i + 1, rtl, 0);
            }
        }
        let after = article.paragraphs.len() + 1;
        if article.flags.truncated {
            push(String::new(), LineKind::Blank, after, false, 0);
            push("[truncated]".into(), LineKind::Notice, after, false, 0);
        }
        if !article.trailer.is_empty() {
            push(String::new(), LineKind::Blank, after, false, 0);
            push("─".repeat(columns.min(20)), LineKind::Rule, after, false, 0);
            for trailer_line in &article.trailer {
                let rtl = is_rtl(trailer_line);
                for line in wrap(trailer_line, columns) {
                    push(line, LineKind::Trailer, after, rtl, 0);
                }
            }
        }
        dim_links(&mut lines, article);
        Page { width, lines }
    }

    /// The article's own lines, unwrapped (width [`RAW`]): the raw view.
    pub fn raw(article: &Article) -> Self {
        let line = |text: &String| PageLine {
            text: text.clone(),
            kind: LineKind::Body,
            paragraph: 0,
            rtl: false,
            mark: 0,
            dim: vec![],
        };
        Page { width: RAW, lines: article.lines.iter().map(line).collect() }
    }

    /// The first line of the paragraph, to return to it after a re-wrap.
    pub fn first_line_of(&self, paragraph: usize) -> usize {
        self.lines.iter().position(|l| l.paragraph >= paragraph).unwrap_or(0)
    }

    /// Line `line` as a place in the text: its paragraph, and the chars of that paragraph on
    /// the lines before it. It holds at any width.
    pub fn place_of(&self, line: usize) -> crate::state::Place {
        let Some(shown) = self.lines.get(line) else { return crate::state::Place::default() };
        let before = &self.lines[self.first_line_of(shown.paragraph)..line];
        let char =
            before.iter().filter(|l| l.paragraph == shown.paragraph).map(|l| l.text[l.mark..].chars().count()).sum();
        crate::state::Place { paragraph: shown.paragraph, char }
    }

    /// The line that holds `place` at this page's width.
    pub fn line_of(&self, place: crate::state::Place) -> usize {
        let first = self.first_line_of(place.paragraph);
        let mut passed = 0;
        for (at, line) in self.lines.iter().enumerate().skip(first) {
            if line.paragraph != place.paragraph {
                // Past the paragraph's end (the text changed since): its last line.
                return at.saturating_sub(1).max(first);
            }
            let chars = line.text[line.mark..].chars().count();
            if passed + chars > place.char {
                return at;
            }
            passed += chars;
        }
        first
    }
}

/// Marks the web addresses and link targets of the body lines (left-to-right, not continuations)
/// to be drawn dimmed.
fn dim_links(lines: &mut [PageLine], article: &Article) {
    let mut targets: (usize, Vec<&str>) = (0, Vec::new());
    for line in lines.iter_mut().filter(|l| l.kind == LineKind::Body && !l.rtl && l.mark == 0) {
        if targets.0 != line.paragraph {
            let paragraph = line.paragraph.checked_sub(1).and_then(|p| article.paragraphs.get(p));
            targets = (line.paragraph, paragraph.map_or_else(Vec::new, |p| unlink(p).1));
        }
        line.dim = dimmed(&line.text, &targets.1);
    }
}

/// Markdown links `[text](url)` as `text url`: the words read, the target after them (drawn
/// dimmed, as every address is); and the targets.
pub fn unlink(text: &str) -> (Cow<'_, str>, Vec<&str>) {
    if !text.contains("](") {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut targets = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let label = &after[..close];
            let target = &after[close + 2..];
            let end = target.find(')')?;
            let url = &target[..end];
            (!label.contains('[') && !url.contains(char::is_whitespace)).then_some((label, url, close + 2 + end + 1))
        });
        match link {
            Some((label, url, length)) => {
                out.push_str(&rest[..open]);
                out.push_str(label);
                if !url.is_empty() {
                    out.push(' ');
                    out.push_str(url);
                    targets.push(url);
                }
                rest = &after[length..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (Cow::Owned(out), targets)
}

/// Byte ranges of `line` to dim: web addresses (`http://`, `https://`) and the link `targets`
/// of its paragraph (`x.md`, without the full stop after it).
pub fn dimmed(line: &str, targets: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    for word in line.split(' ') {
        let target = targets
            .iter()
            .find(|t| word.strip_prefix(**t).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_punctuation())));
        if word.starts_with("http://") || word.starts_with("https://") {
            ranges.push(at..at + word.len());
        } else if let Some(target) = target {
            ranges.push(at..at + target.len());
        }
        at += word.len() + 1;
    }
    ranges
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
}

impl PageCache {
    const CAPACITY: usize = 16;

    pub fn get(&self, article: &ArticleRef, width: u16) -> Option<&Page> {
        self.entries.iter().find(|(a, l)| a == article && l.width == width).map(|(_, l)| l)
    }

    /// Makes the page of `article` (the text of `of`) at `width` available to `get`.
    pub fn ensure(&mut self, article: &Article, of: &ArticleRef, width: u16) {
        let position = self.entries.iter().position(|(a, l)| a == of && l.width == width);
        let entry = match position {
            Some(i) => self.entries.remove(i).expect("position is in range"),
            None if width == RAW => (of.clone(), Page::raw(article)),
            None if self.fast => (of.clone(), Page::filled(article, width, Fit::First)),
            None => (of.clone(), Page::new(article, width)),
        };
        if self.entries.len() == Self::CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_in_the_text_holds_at_any_width() {
        let text =
            format!("Title\n\n{}\n\n{}\n", "First paragraph words. ".repeat(12), "Second one goes on. ".repeat(30));
        let article = Article::from_bytes("a".into(), "a".into(), text.as_bytes(), false).unwrap();
        let (narrow, wide) = (Page::new(&article, 30), Page::new(&article, 70));
        let line = narrow.lines.iter().rposition(|l| l.text.contains("Second")).unwrap() - 3;
        let place = narrow.place_of(line);
        assert!(place.char > 0, "inside a paragraph: {place:?}");
        let at = wide.line_of(place);
        assert_eq!(wide.lines[at].paragraph, place.paragraph);
        let (start, end) = (wide.place_of(at).char, wide.place_of(at + 1).char);
        assert!(
            start <= place.char && (place.char < end || wide.lines[at + 1].paragraph != place.paragraph),
            "{place:?} in {start}..{end}"
        );
        assert_eq!(narrow.line_of(place), line, "back where it was at its own width");
        let gone = crate::state::Place { paragraph: place.paragraph, char: 1_000_000 };
        assert_eq!(wide.lines[wide.line_of(gone)].paragraph, place.paragraph, "past the end: its last line");
    }

    #[test]
    fn preformatted_lines_keep_their_indentation_and_mark_continuations() {
        let text = "README\n\n```\nfn main() {\n    let long = \"a string too long for the measure\";\n}\n```";
        let article = Article::from_bytes("r".into(), "r".into(), text.as_bytes(), false).unwrap();
        let page = Page::new(&article, 30);
        let body: Vec<(&str, usize)> =
            page.lines.iter().filter(|l| l.kind == LineKind::Body).map(|l| (l.text.as_str(), l.mark)).collect();
        assert_eq!(
            body,
            [
                ("```", 0),
                ("fn main() {", 0),
                ("    let long = \"a string too", 0),
                ("    ↪ long for the measure\";", 8),
                ("}", 0),
                ("```", 0)
            ]
        );
        assert!(page.lines.iter().all(|l| display_width(&l.text) <= 30));
        // A man page's option list: one-line paragraphs keep their indentation, and the columns
        // inside a long line stay as they are.
        let man = "LS(1)\n\n       -C     list entries by columns\n\n       -c     with -lt: sort by, and show, ctime (time of last modification of file status information)";
        let article = Article::from_bytes("m".into(), "m".into(), man.as_bytes(), false).unwrap();
        let page = Page::new(&article, 60);
        let body: Vec<&str> = page.lines.iter().filter(|l| l.kind == LineKind::Body).map(|l| l.text.as_str()).collect();
        assert_eq!(
            body,
            [
                "       -C     list entries by columns",
                "       -c     with -lt: sort by, and show, ctime (time of",
                "       ↪ last modification of file status information)"
            ]
        );
    }

    #[test]
    fn markdown_headings_links_and_setext_underlines() {
        let text = "# Notes\n\nSee [the docs](https://example.com/docs) and [this](x.md).\n\n## Usage\n\nRun it.\n\nMore\n====\n\nEnd.";
        let article = Article::from_bytes("n".into(), "n".into(), text.as_bytes(), false).unwrap();
        assert_eq!(article.title, "Notes");
        let page = Page::new(&article, 60);
        let shown: Vec<(LineKind, &str)> =
            page.lines.iter().filter(|l| l.kind != LineKind::Blank).map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(shown[1..3], [(LineKind::Meta, "12 words · 1 min read · n"), (LineKind::Meta, "n")]);
        assert_eq!(
            shown[3..],
            [
                (LineKind::Body, "See the docs https://example.com/docs and this x.md."),
                (LineKind::Heading, "Usage"),
                (LineKind::Body, "Run it."),
                (LineKind::Heading, "More"),
                (LineKind::Body, "End.")
            ]
        );
        let links = &page.lines.iter().find(|l| l.text.starts_with("See")).unwrap().dim;
        assert_eq!(links, &[13..37, 47..51], "the address and x.md, not its full stop");
        assert_eq!(unlink("a [b] (c) [d](e f) [g]()"), ("a [b] (c) [d](e f) g".into(), vec![]));
        assert_eq!(dimmed("see http://a.b and x.md, or x.mdx", &["x.md"]), [4..14, 19..23]);
    }

    #[test]
    fn the_page_sets_the_trailer_apart() {
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/000_cbd27e05d8923fd3.txt");
        let article =
            crate::store::read_file_article("seed", std::path::Path::new(seed), &crate::store::Evidence::Alone)
                .unwrap();
        let page = Page::new(&article, 80);
        let kinds: Vec<LineKind> = page.lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[..4], [LineKind::Title, LineKind::Title, LineKind::Meta, LineKind::Meta]);
        assert_eq!(page.lines[2].text, "326 words · 2 min read · seed", "the id after the reading time");
        assert!(page.lines[3].text.ends_with("seeds/000_cbd27e05d8923fd3.txt"), "then the file");
        let tail: Vec<&str> = page.lines[page.lines.len() - 3..].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(tail, ["────────────────────", "WccfTech Tv", "Filter videos by"]);
        assert_eq!(page.lines[page.lines.len() - 4].kind, LineKind::Blank);
    }
}
