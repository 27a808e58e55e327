//! Articles laid out as pages of lines: wrapped once per (article, width), measured as drawn.

use crate::bidi::is_rtl;
use crate::store::{Article, heading_level, is_preformatted, strip_heading};
use crate::width::{advance, advances, display_width, graphemes};
use std::borrow::Cow;
use std::collections::VecDeque;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

/// Articles larger than this wrap first-fit (about 3.5 times faster than optimal-fit, which
/// balances line lengths), so that even a 1 MB article wraps in a few tens of milliseconds.
pub const BALANCED_WRAP_LIMIT: usize = 256 * 1024;

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
        let columns = usize::from(width.max(1));
        let fit = Fit::for_article(article);
        let wrap = |text: &str, columns| wrap_with(text, columns, fit);
        let mut lines = Vec::new();
        let mut push =
            |text: String, kind, paragraph, rtl, mark| lines.push(PageLine { text, kind, paragraph, rtl, mark });
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
        for line in wrap(&meta, columns) {
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
            if paragraph.contains('\n') && is_preformatted(&paragraph.split('\n').collect::<Vec<_>>()) {
                for (text, mark) in paragraph.split('\n').flat_map(|line| preformatted(line, columns)) {
                    push(text, LineKind::Body, i + 1, rtl, mark);
                }
                continue;
            }
            for line in wrap(&unlink(paragraph), columns) {
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
        Page { width, lines }
    }

    /// The article's own lines, unwrapped (width [`RAW`]): the raw view.
    pub fn raw(article: &Article) -> Self {
        let line =
            |text: &String| PageLine { text: text.clone(), kind: LineKind::Body, paragraph: 0, rtl: false, mark: 0 };
        Page { width: RAW, lines: article.lines.iter().map(line).collect() }
    }

    /// The first line of the paragraph, to return to it after a re-wrap.
    pub fn first_line_of(&self, paragraph: usize) -> usize {
        self.lines.iter().position(|l| l.paragraph >= paragraph).unwrap_or(0)
    }
}

/// Markdown links `[text](url)` as `text url`: the words read, the address after them (drawn
/// dimmed, as every address is).
pub fn unlink(text: &str) -> Cow<'_, str> {
    if !text.contains("](") {
        return Cow::Borrowed(text);
    }
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
    Cow::Owned(out)
}

/// Byte ranges of `line` that are web addresses (`http://`, `https://`), to be dimmed.
pub fn addresses(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    for word in line.split(' ') {
        if word.starts_with("http://") || word.starts_with("https://") {
            ranges.push(at..at + word.len());
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
    if columns <= mark {
        // No room for a mark (a pane a few columns wide): broken like any text.
        return wrap_with(line, columns, Fit::First).into_iter().map(|l| (l, 0)).collect();
    }
    let indent = (line.len() - line.trim_start_matches(' ').len()).min(columns / 2).min(columns - mark - 1);
    let room = columns - indent - mark;
    let mut pieces = wrap_with(line.trim_start_matches(' '), room, Fit::First).into_iter();
    let pad = " ".repeat(indent);
    let first = format!("{pad}{}", pieces.next().unwrap_or_default());
    std::iter::once((first, 0))
        .chain(pieces.map(|piece| (format!("{pad}{CONTINUATION}{piece}"), pad.len() + CONTINUATION.len())))
        .collect()
}

/// Pages of recently shown articles, so moving back and forth in the list wraps nothing twice.
#[derive(Debug, Default)]
pub struct PageCache {
    /// Most recently used last.
    entries: VecDeque<(u32, Page)>,
}

impl PageCache {
    const CAPACITY: usize = 16;

    pub fn get(&self, article: u32, width: u16) -> Option<&Page> {
        self.entries.iter().find(|(a, l)| *a == article && l.width == width).map(|(_, l)| l)
    }

    /// Makes the page of `article` (index `index`) at `width` available to `get`.
    pub fn ensure(&mut self, article: &Article, index: u32, width: u16) {
        let position = self.entries.iter().position(|(a, l)| *a == index && l.width == width);
        let entry = match position {
            Some(i) => self.entries.remove(i).expect("position is in range"),
            None if width == RAW => (index, Page::raw(article)),
            None => (index, Page::new(article, width)),
        };
        if self.entries.len() == Self::CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }
}

/// A piece of text between two places a line may break, with its measured width and whether
/// a space follows it (none between ideographs), for textwrap's wrapping algorithms.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    width: usize,
    space: bool,
}

impl Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        if self.space { 1.0 } else { 0.0 }
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// How lines are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// textwrap's optimal fit: balanced line lengths, as in print.
    Balanced,
    /// textwrap's first fit: as many words as fit, line after line; much faster.
    First,
}

impl Fit {
    /// Balanced, unless the article is so large that wrapping it so would keep the reader waiting.
    pub fn for_article(article: &Article) -> Fit {
        let size: usize = article.paragraphs.iter().map(String::len).sum();
        if size > BALANCED_WRAP_LIMIT { Fit::First } else { Fit::Balanced }
    }
}

/// Wraps text to `width` columns with balanced lines; see [`wrap_with`].
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_with(text, width, Fit::Balanced)
}

/// Wraps text to `width` columns: lines break where the Unicode line-breaking rules (UAX #14)
/// allow, so between ideographs but never before closing punctuation; spaces collapse, `\n`
/// forces a break, and a word wider than the line is broken between graphemes. Widths are what
/// terminals advance, so a drawn line never overflows (a lone 2-column cell in a 1-column line
/// aside).
pub fn wrap_with(text: &str, width: usize, fit: Fit) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for hard_line in text.split('\n') {
        let words: Vec<Word> = break_points(hard_line).into_iter().flat_map(|w| split_long_word(w, width)).collect();
        if words.is_empty() {
            out.push(String::new());
            continue;
        }
        let widths = [width as f64];
        let first_fit = || wrap_first_fit(&words, &widths);
        let lines = match fit {
            // Optimal fit may let a line overflow when that costs less than its alternatives
            // (found by fuzzing); a line must never be wider than the pane, so then first fit.
            Fit::Balanced => match wrap_optimal_fit(&words, &widths, &Penalties::new()) {
                Ok(lines) if lines.iter().all(|line| line_width(line) <= width) => lines,
                _ => first_fit(),
            },
            Fit::First => first_fit(),
        };
        out.extend(lines.into_iter().map(join));
    }
    out
}

/// The pieces of one line of text between its break opportunities, each with whether a space
/// followed it. Lines break at spaces, and inside words beside wide (CJK) characters where the
/// Unicode line-breaking rules (UAX #14) allow: never before closing punctuation, and not after
/// every hyphen of prose in spaced scripts.
fn break_points(line: &str) -> Vec<(&str, bool)> {
    let wide = |c: char| c >= '\u{1100}' && advance(c) == 2;
    let mut pieces = Vec::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        if word.is_ascii() || !word.chars().any(wide) {
            pieces.push((word, true));
            continue;
        }
        // The rule tables only for words that hold wide characters (a Japanese line is one).
        let mut start = 0;
        for (at, _) in unicode_linebreak::linebreaks(word) {
            let (before, after) = (word[..at].chars().next_back(), word[at..].chars().next());
            if at == word.len() || before.is_some_and(wide) || after.is_some_and(wide) {
                pieces.push((&word[start..at], at == word.len()));
                start = at;
            }
        }
    }
    pieces
}

/// A wrapped line's text: its pieces, with one space where a piece had one after it.
fn join(line: &[Word]) -> String {
    let mut text = String::new();
    for (i, word) in line.iter().enumerate() {
        text.push_str(word.text);
        if word.space && i + 1 < line.len() {
            text.push(' ');
        }
    }
    text
}

fn line_width(words: &[Word]) -> usize {
    let spaces = words.iter().take(words.len().saturating_sub(1)).filter(|w| w.space).count();
    words.iter().map(|w| w.width).sum::<usize>() + spaces
}

fn split_long_word((word, space): (&str, bool), width: usize) -> Vec<Word<'_>> {
    let total = display_width(word);
    if total <= width {
        return vec![Word { text: word, width: total, space }];
    }
    // Break between graphemes; a grapheme wider than the line (a long emoji sequence, a narrow
    // pane) breaks between the code points that advance the cursor, as terminals draw it anyway.
    let mut units: Vec<(usize, usize)> = Vec::new();
    for (at, grapheme, columns) in graphemes(word) {
        if columns <= width {
            units.push((at, columns));
            continue;
        }
        for (offset, _, columns) in advances(grapheme) {
            // Zero-width code points stay with the one before them.
            if columns > 0 || units.is_empty() {
                units.push((at + offset, columns));
            }
        }
    }
    let mut pieces = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (at, columns) in units {
        // What takes no column (a code point a joiner joined) never starts a line: away from
        // its joiner, a terminal would give it a column of its own.
        if columns > 0 && used + columns > width && used > 0 {
            pieces.push(Word { text: &word[start..at], width: used, space: false });
            (start, used) = (at, 0);
        }
        used += columns;
    }
    pieces.push(Word { text: &word[start..], width: used, space });
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn japanese_breaks_between_ideographs_but_not_before_closing_brackets() {
        let text = "アンパサンド（＆）は「and」を意味する記号である。ラテン語の「et」の合字で、";
        let lines = wrap(text, 20);
        assert!(lines.len() > 1 && lines.iter().all(|l| display_width(l) <= 20), "{lines:?}");
        for line in &lines[1..] {
            let first = line.chars().next().unwrap();
            assert!(!"）」、。".contains(first), "a line starts with {first:?}: {lines:?}");
        }
        assert_eq!(lines.concat(), text, "nothing lost, no space added");
        // Spaced prose still breaks at its spaces only, not after hyphens.
        assert_eq!(wrap("a well-known café", 10), ["a", "well-known", "café"]);
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
    }

    #[test]
    fn markdown_headings_links_and_setext_underlines() {
        let text = "# Notes\n\nSee [the docs](https://example.com/docs) and [this](x.md).\n\n## Usage\n\nRun it.\n\nMore\n====\n\nEnd.";
        let article = Article::from_bytes("n".into(), "n".into(), text.as_bytes(), false).unwrap();
        assert_eq!(article.title, "Notes");
        let page = Page::new(&article, 60);
        let shown: Vec<(LineKind, &str)> =
            page.lines.iter().filter(|l| l.kind != LineKind::Blank).map(|l| (l.kind, l.text.as_str())).collect();
        assert_eq!(
            shown[2..],
            [
                (LineKind::Body, "See the docs https://example.com/docs and this x.md."),
                (LineKind::Heading, "Usage"),
                (LineKind::Body, "Run it."),
                (LineKind::Heading, "More"),
                (LineKind::Body, "End.")
            ]
        );
        assert_eq!(addresses(shown[2].1), vec![std::ops::Range { start: 13, end: 37 }]);
        assert_eq!(unlink("a [b] (c) [d](e f) [g]()"), "a [b] (c) [d](e f) g");
    }

    #[test]
    fn wraps_words_and_keeps_hard_breaks() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("a\n- b\n- c", 10), ["a", "- b", "- c"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn long_words_break_between_graphemes_by_terminal_width() {
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("日本語の", 3), ["日", "本", "語", "の"]);
        assert_eq!(wrap("\u{2764}\u{fe0f}\u{2764}\u{fe0f}", 1), ["\u{2764}\u{fe0f}", "\u{2764}\u{fe0f}"]);
        // বাংলা: the grapheme বাং takes 3 columns on a terminal, লা 2.
        assert_eq!(wrap("বাংলা", 3), ["বাং", "লা"]);
        // A grapheme wider than the line breaks between the code points a terminal advances by.
        assert_eq!(wrap("বাংলা", 2), ["বা", "ং", "লা"]);
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(wrap(&format!("{family}{family}"), 3), [family, family], "a joined emoji is one 2-column cell");
    }

    #[test]
    fn the_page_sets_the_trailer_apart() {
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/000_cbd27e05d8923fd3.txt");
        let article = crate::store::read_file_article("seed", std::path::Path::new(seed)).unwrap();
        let page = Page::new(&article, 80);
        let kinds: Vec<LineKind> = page.lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[..3], [LineKind::Title, LineKind::Title, LineKind::Meta]);
        assert_eq!(page.lines[2].text, "326 words · 2 min read");
        let tail: Vec<&str> = page.lines[page.lines.len() - 3..].iter().map(|l| l.text.as_str()).collect();
        assert_eq!(tail, ["────────────────────", "WccfTech Tv", "Filter videos by"]);
        assert_eq!(page.lines[page.lines.len() - 4].kind, LineKind::Blank);
    }

    proptest! {
        #[test]
        fn every_line_fits_and_no_word_is_lost(
            text in "([a-z]{1,12}|[日本語]{1,6}|\u{2764}\u{fe0f}|e\u{301}|\u{1f468}\u{200d}\u{1f469}| |\n){0,40}",
            width in 2usize..40,
        ) {
            let lines = wrap(&text, width);
            let first = wrap_with(&text, width, Fit::First);
            for line in first.iter().chain(&lines) {
                prop_assert!(display_width(line) <= width, "{line:?} wider than {width}");
            }
            let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(strip(&lines.concat()), strip(&text));
        }
    }
}
