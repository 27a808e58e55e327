//! Between an article's text (as highlights count it) and a page's lines, both ways: where a stretch of the text shows, and which char of the text a place on the page shows.

use crate::highlight::ArticleText;
use crate::page::{LineKind, Page};
use crate::width::display_width;
use std::ops::Range;

/// A visible char of the text as the page shows it: its byte in the text, the page line it
/// is on and its byte in that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub text: usize,
    pub line: usize,
    pub at: usize,
}

/// Lines whose words are the block's own (not blank lines, rules or notices).
fn shows_text(kind: LineKind) -> bool {
    matches!(kind, LineKind::Heading(_) | LineKind::Body | LineKind::Code | LineKind::Trailer)
}

/// The page lines of top-level block `block` (0 for the first; the page counts it 1).
pub fn lines_of(page: &Page, block: usize) -> Range<usize> {
    let start = page.lines.partition_point(|l| l.block < block + 1);
    let end = page.lines.partition_point(|l| l.block < block + 2);
    start..end
}

/// The visible chars of block `block`, each matched with the page char that shows it, in
/// order. Wrapping moves only spaces, so the two are matched by their visible chars; what
/// the page adds (a table's bars, an image's brackets) matches nothing and is passed over.
pub fn align(page: &Page, text: &ArticleText, block: usize) -> Vec<Shown> {
    let range = text.block(block);
    let mut wanted = text.text[range.clone()].char_indices().filter(|(_, c)| !c.is_whitespace()).peekable();
    let mut shown = Vec::new();
    for line in lines_of(page, block) {
        let page_line = &page.lines[line];
        if !shows_text(page_line.kind) || page_line.prefix > page_line.text.len() {
            continue;
        }
        for (at, c) in page_line.text[page_line.prefix..].char_indices() {
            if let Some(&(offset, next)) = wanted.peek()
                && next == c
            {
                shown.push(Shown { text: range.start + offset, line, at: page_line.prefix + at });
                wanted.next();
            }
        }
    }
    shown
}

/// The byte ranges of page lines in `lines` that `range` of the text covers, one per line
/// (the spaces between its words with them).
pub fn spans(page: &Page, text: &ArticleText, range: Range<usize>, lines: Range<usize>) -> Vec<(usize, Range<usize>)> {
    if range.is_empty() {
        return Vec::new();
    }
    cover(page, &visible(page, text, lines), range)
}

/// The visible chars of the text that page lines `lines` show, in order: matched once, then
/// [`cover`]ed by as many stretches as there are.
pub fn visible(page: &Page, text: &ArticleText, lines: Range<usize>) -> Vec<Shown> {
    let lines = lines.start..lines.end.min(page.lines.len());
    if lines.is_empty() || text.starts.is_empty() {
        return Vec::new();
    }
    let first = page.lines[lines.start].block.saturating_sub(1);
    let last = page.lines[lines.end - 1].block.saturating_sub(1).min(text.starts.len() - 1);
    (first..=last).flat_map(|block| align(page, text, block)).filter(|s| lines.contains(&s.line)).collect()
}

/// The byte ranges of lines that `range` of the text covers among `shown` chars, one per line.
pub fn cover(page: &Page, shown: &[Shown], range: Range<usize>) -> Vec<(usize, Range<usize>)> {
    let from = shown.partition_point(|s| s.text < range.start);
    let mut out: Vec<(usize, Range<usize>)> = Vec::new();
    for shown in shown[from..].iter().take_while(|s| s.text < range.end) {
        let end = shown.at + page.lines[shown.line].text[shown.at..].chars().next().map_or(0, char::len_utf8);
        match out.last_mut() {
            Some((line, covered)) if *line == shown.line => covered.end = end,
            _ => out.push((shown.line, shown.at..end)),
        }
    }
    out
}

/// The char of the text the page shows first at or after byte `at` of line `line` (on a
/// later line when that one shows none), else the last before it.
pub fn text_at(page: &Page, text: &ArticleText, line: usize, at: usize) -> Option<usize> {
    let block = page.lines.get(line)?.block.saturating_sub(1);
    let mut before = None;
    for block in block..text.starts.len() {
        for shown in align(page, text, block) {
            if (shown.line, shown.at) >= (line, at) {
                return Some(shown.text);
            }
            before = Some(shown.text);
        }
    }
    before
}

/// Where the page shows char `offset` of the text: its line and byte there.
pub fn place_of(page: &Page, text: &ArticleText, offset: usize) -> Option<(usize, usize)> {
    let block = text.block_of(offset);
    let shown = align(page, text, block);
    let at = shown.partition_point(|s| s.text < offset);
    let found = shown.get(at).or(shown.last())?;
    Some((found.line, found.at))
}

/// The char of the text on line `line` nearest display column `column`, when the line shows
/// any.
pub fn text_at_column(page: &Page, text: &ArticleText, line: usize, column: usize) -> Option<usize> {
    let page_line = page.lines.get(line)?;
    let block = page_line.block.checked_sub(1)?;
    align(page, text, block)
        .into_iter()
        .filter(|s| s.line == line)
        .min_by_key(|s| display_width(&page_line.text[..s.at]).abs_diff(column))
        .map(|s| s.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Text};
    use crate::store::Article;

    fn article(blocks: Vec<Block>) -> Article {
        let mut article = Article::from_bytes("a".into(), "a".into(), b"Title\n\nx\n", false).unwrap();
        article.blocks = blocks;
        article
    }

    fn paragraph(text: &str) -> Block {
        Block::Paragraph { text: Text::plain(text) }
    }

    /// The words of each page line that `range` covers.
    fn covered(page: &Page, text: &ArticleText, range: Range<usize>) -> Vec<String> {
        spans(page, text, range, 0..page.lines.len())
            .into_iter()
            .map(|(line, bytes)| page.lines[line].text[bytes].to_owned())
            .collect()
    }

    #[test]
    fn a_stretch_of_text_is_found_on_the_lines_it_wraps_onto() {
        let article =
            article(vec![paragraph("The quick brown fox jumps over the lazy dog."), paragraph("Second one.")]);
        let text = ArticleText::of(&article.blocks);
        let page = Page::new(&article, 16);
        let start = text.text.find("brown").unwrap();
        let end = text.text.find("lazy").unwrap() + 4;
        assert_eq!(covered(&page, &text, start..end), ["brown", "fox jumps over", "the lazy"]);
        let second = text.text.find("Second").unwrap();
        assert_eq!(covered(&page, &text, second..second + 6), ["Second"]);
        // Across two blocks: the blank line between them shows nothing.
        assert_eq!(covered(&page, &text, end - 4..second + 6), ["lazy dog.", "Second"]);
    }

    #[test]
    fn a_place_on_the_page_is_a_char_of_the_text_and_back() {
        let article = article(vec![paragraph("Alpha beta gamma delta epsilon."), paragraph("Zeta eta.")]);
        let text = ArticleText::of(&article.blocks);
        let page = Page::new(&article, 12);
        for (offset, c) in text.text.char_indices().filter(|(_, c)| !c.is_whitespace()) {
            let (line, at) = place_of(&page, &text, offset).unwrap();
            assert_eq!(page.lines[line].text[at..].chars().next(), Some(c));
            assert_eq!(text_at(&page, &text, line, at), Some(offset));
        }
        // A line of no text (the title, the blank line) gives the next char shown.
        let blank = page.lines.iter().position(|l| l.kind == LineKind::Blank).unwrap();
        assert_eq!(text_at(&page, &text, blank, 0), Some(0));
    }

    #[test]
    fn bullets_and_table_bars_are_passed_over() {
        let item = |words: &str| crate::document::Item { marker: None, task: None, blocks: vec![paragraph(words)] };
        let list = Block::List { start: None, items: vec![item("first point"), item("second point")] };
        let table = Block::Table { rows: vec![vec![Text::plain("a|b"), Text::plain("cell")]], header: false };
        let article = article(vec![list, table]);
        let text = ArticleText::of(&article.blocks);
        let page = Page::new(&article, 40);
        let second = text.text.find("second").unwrap();
        assert_eq!(covered(&page, &text, second..second + 12), ["second point"]);
        let cell = text.text.find("cell").unwrap();
        assert_eq!(covered(&page, &text, cell - 4..cell + 4), ["a|b │ cell"]);
    }

    #[test]
    fn nothing_is_covered_outside_the_lines_asked_for() {
        let article = article(vec![paragraph(&"word ".repeat(100))]);
        let text = ArticleText::of(&article.blocks);
        let page = Page::new(&article, 20);
        let all = spans(&page, &text, 0..text.text.len(), 5..7);
        assert_eq!(all.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [5, 6]);
        assert!(spans(&page, &text, 0..0, 0..page.lines.len()).is_empty());
        assert!(spans(&page, &text, 0..3, 0..0).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn every_visible_char_of_prose_shows_at_any_width(
            words in proptest::collection::vec("[a-zà-ÿ東京한]{1,12}", 1..40),
            width in 1u16..60,
        ) {
            let paragraphs: Vec<Block> = words.chunks(7).map(|c| paragraph(&c.join(" "))).collect();
            let article = article(paragraphs);
            let text = ArticleText::of(&article.blocks);
            let page = Page::new(&article, width);
            let visible = text.text.chars().filter(|c| !c.is_whitespace()).count();
            let shown: usize = (0..article.blocks.len()).map(|b| align(&page, &text, b).len()).sum();
            proptest::prop_assert_eq!(shown, visible);
        }
    }
}
