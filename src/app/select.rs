//! A selection in the reader, as vim's visual mode: two ends in the article's text, moved by chars, words, lines, sentences and paragraphs, then copied with a citation, highlighted or noted.

use super::App;
use crate::action::{Direction, Motion};
use crate::highlight::{ArticleText, Colour};
use crate::page::Page;
use crate::query::QueryLine;
use crate::spans;
use crate::width::display_width;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// How far a word or sentence motion looks (bytes): a motion's cost is bounded, whatever the
/// text.
const MOTION_WINDOW: usize = 16 * 1024;

/// Lines a line motion passes over looking for one with text (blank lines, rules).
const LINES_PASSED: usize = 64;

/// The selection: where it started and its free end, chars of the article's text (bytes of
/// [`ArticleText::text`], each on a visible char).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub cursor: usize,
    /// The note being written on it, while the prompt is open.
    pub note: Option<QueryLine>,
}

impl Selection {
    /// The bytes it covers in `text`: both ends' chars included.
    pub fn range(&self, text: &str) -> Range<usize> {
        let (start, last) = (self.anchor.min(self.cursor), self.anchor.max(self.cursor));
        let (start, last) = (snap(text, start), snap(text, last));
        start..grapheme_end(text, last)
    }

    /// Just one char: the cursor, not a stretch.
    pub fn is_point(&self) -> bool {
        self.anchor == self.cursor
    }
}

/// The start of the letter (grapheme cluster) byte `at` is in: a cursor never sits on a vowel
/// sign or an accent apart from its letter.
fn snap(text: &str, at: usize) -> usize {
    let at = floor(text, at);
    let from = floor(text, at.saturating_sub(64));
    text[from..]
        .grapheme_indices(true)
        .map(|(i, g)| (from + i, g.len()))
        .find(|(i, len)| i + len > at)
        .map_or(at, |(i, _)| i)
}

/// Where the letter starting at `at` ends.
fn grapheme_end(text: &str, at: usize) -> usize {
    at + text.get(at..).and_then(|t| t.graphemes(true).next()).map_or(0, str::len)
}

/// The visible letter after (`on`) or before the one at byte `at`, if any.
fn next_visible(text: &str, at: usize, on: bool) -> Option<usize> {
    let at = snap(text, at);
    let visible = |g: &str| !g.chars().all(char::is_whitespace);
    match on {
        true => {
            let from = grapheme_end(text, at);
            text[from..].grapheme_indices(true).find(|(_, g)| visible(g)).map(|(i, _)| from + i)
        }
        false => text.get(..at)?.grapheme_indices(true).rev().find(|(_, g)| visible(g)).map(|(i, _)| i),
    }
}

/// The first visible char at or after `at`, else the last before it.
fn visible_from(text: &str, at: usize) -> usize {
    let at = floor(text, at);
    match text[at..].chars().next() {
        Some(c) if !c.is_whitespace() => at,
        _ => next_visible(text, at, true).or_else(|| next_visible(text, at, false)).unwrap_or(at),
    }
}

fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the next (`on`) or previous word starts, as ICU4X cuts words: Unicode's boundaries,
/// and dictionaries for the scripts written without spaces (Japanese, Chinese, Thai…).
fn word(text: &str, at: usize, on: bool) -> Option<usize> {
    let (from, to) = match on {
        true => (floor(text, at), floor(text, at.saturating_add(MOTION_WINDOW))),
        false => (floor(text, at.saturating_sub(MOTION_WINDOW)), floor(text, at)),
    };
    let starts = crate::segment::word_starts(&text[from..to]).into_iter().map(|start| from + start);
    match on {
        true => starts.into_iter().find(|&start| start > at),
        false => starts.into_iter().rfind(|&start| start < at),
    }
}

/// The last visible letter before byte `at`.
fn end_before(text: &str, at: usize) -> Option<usize> {
    next_visible(text, at, false)
}

/// On (`on`): the end of the sentence the cursor is in, or of the next when it is at one's
/// end already, so a selection takes whole sentences and nothing of the next; back: where the
/// sentence starts, or the previous one.
fn sentence(text: &ArticleText, at: usize, on: bool) -> Option<usize> {
    if !on {
        return sentence_start(text, at, false);
    }
    let next = sentence_start(text, at, true);
    let end = end_before(&text.text, next.unwrap_or(text.block(text.block_of(at)).end).max(at + 1));
    match end.filter(|&end| end > at) {
        Some(end) => Some(end),
        None => {
            let after = sentence_start(text, next?, true);
            end_before(&text.text, after.unwrap_or(text.block(text.block_of(next?)).end))
        }
    }
}

/// Where the next (`on`) or previous sentence of the block starts; past the block's edge, the
/// next block's first or the previous block's last.
fn sentence_start(text: &ArticleText, at: usize, on: bool) -> Option<usize> {
    let block = text.block_of(at);
    let starts_in = |block: usize| -> Vec<usize> {
        let range = text.block(block);
        let from = floor(&text.text, range.start.max(at.saturating_sub(MOTION_WINDOW)));
        let to = floor(&text.text, range.end.min(at.saturating_add(MOTION_WINDOW)).max(from));
        text.text[from..to].split_sentence_bound_indices().map(|(i, _)| visible_from(&text.text, from + i)).collect()
    };
    match on {
        true => starts_in(block).into_iter().find(|&s| s > at).or_else(|| {
            let next = text.block(block + 1);
            (block + 1 < text.starts.len()).then(|| visible_from(&text.text, next.start))
        }),
        false => starts_in(block).into_iter().rfind(|&s| s < at).or_else(|| {
            let previous = block.checked_sub(1)?;
            starts_in(previous).last().copied()
        }),
    }
}

/// On (`on`): the end of this block, or of the next when the cursor is at this one's end (a
/// selection takes whole paragraphs, nothing of the next); back: where this block starts, or
/// the previous one at its start already.
fn paragraph(text: &ArticleText, at: usize, on: bool) -> Option<usize> {
    let block = text.block_of(at);
    let start_of = |block: usize| visible_from(&text.text, text.block(block).start);
    let end_of = |block: usize| end_before(&text.text, text.block(block).end);
    match on {
        true => match end_of(block).filter(|&end| end > at) {
            Some(end) => Some(end),
            None => (block + 1 < text.starts.len()).then(|| end_of(block + 1)).flatten(),
        },
        false if start_of(block) < at => Some(start_of(block)),
        false => block.checked_sub(1).map(start_of),
    }
}

/// The char a line up or down shows nearest the cursor's column, passing over lines of no text.
fn line(page: &Page, text: &ArticleText, at: usize, down: bool) -> Option<usize> {
    let (line, byte) = spans::place_of(page, text, at)?;
    let column = display_width(&page.lines[line].text[..byte]);
    let mut next = line;
    for _ in 0..LINES_PASSED {
        next = match down {
            true if next + 1 < page.lines.len() => next + 1,
            false if next > 0 => next - 1,
            _ => return None,
        };
        if let Some(found) = spans::text_at_column(page, text, next, column) {
            return Some(found);
        }
    }
    None
}

/// The first or last char the cursor's line shows.
fn line_edge(page: &Page, text: &ArticleText, at: usize, end: bool) -> Option<usize> {
    let (line, _) = spans::place_of(page, text, at)?;
    let shown = spans::align(page, text, page.lines[line].block.checked_sub(1)?);
    let mut on_line = shown.iter().filter(|s| s.line == line);
    match end {
        true => on_line.next_back().map(|s| s.text),
        false => on_line.map(|s| s.text).next(),
    }
}

impl App {
    /// `v`: a selection of one char, the first shown (or the current search hit when it is on
    /// screen); `v` again ends it.
    pub(super) fn start_selection(&mut self) -> bool {
        if self.reader.raw() {
            self.flash = Some("select in the reading layout (r)".to_owned());
            return true;
        }
        let Some(page_lines) = self.page().map(|p| p.lines.len()) else { return false };
        self.refresh_annotations(true);
        let (top, rows) = (self.reader.top(), self.reader_rows());
        let hit = self.find.as_ref().and_then(|f| f.hits.get(f.current)).map(|hit| hit.spans[0].clone());
        let hit = hit.filter(|(line, _)| (top..top + rows).contains(line));
        let (line, byte) = hit.map_or((top.min(page_lines.saturating_sub(1)), 0), |(line, range)| (line, range.start));
        let at = match (self.page(), self.annotated()) {
            (Some(page), Some(shown)) => spans::text_at(page, &shown.text, line, byte),
            _ => None,
        };
        match at {
            Some(at) => {
                self.selection = Some(Selection { anchor: at, cursor: at, note: None });
                self.keep_cursor_in_view();
            }
            None => {
                self.selection = None;
                self.flash = Some("no text to select".to_owned());
            }
        }
        true
    }

    /// Moves the selection's free end as `motion` says; returns whether it moved.
    pub(super) fn move_selection(&mut self, motion: Motion) -> bool {
        let (Some(selection), Some(shown), Some(page)) = (self.selection.as_ref(), self.annotated(), self.page())
        else {
            return false;
        };
        let (text, at) = (&shown.text, selection.cursor);
        let on = |direction: Direction| direction == Direction::Down;
        let to = match motion {
            Motion::Char(direction) => next_visible(&text.text, at, on(direction)),
            Motion::Word(direction) => word(&text.text, at, on(direction)).map(|w| visible_from(&text.text, w)),
            Motion::Sentence(direction) => sentence(text, at, on(direction)),
            Motion::Paragraph(direction) => paragraph(text, at, on(direction)),
            Motion::Line(direction) => line(page, text, at, on(direction)),
            Motion::LineStart => line_edge(page, text, at, false),
            Motion::LineEnd => line_edge(page, text, at, true),
            Motion::TextStart => Some(visible_from(&text.text, 0)),
            Motion::TextEnd => end_before(&text.text, text.text.len()),
        };
        let Some(to) = to.filter(|&to| to != at) else { return false };
        if let Some(selection) = self.selection.as_mut() {
            selection.cursor = to;
        }
        self.keep_cursor_in_view();
        true
    }

    /// The char of the text drawn at screen cell `at` of the reader, or the nearest on its line.
    fn text_at_screen(&self, at: ratatui::layout::Position) -> Option<usize> {
        let (panes, page, shown) = (self.panes()?, self.page()?, self.annotated()?);
        let reader = panes.reader;
        if !reader.contains(at) || self.reader.raw() {
            return None;
        }
        let x = panes.text_x(page.width);
        let line = self.reader.top() + usize::from(at.y - reader.y);
        let column = usize::from(at.x.saturating_sub(x));
        spans::text_at_column(page, &shown.text, line, column)
    }

    /// A drag of the mouse in the reader: a selection from where the button went down (or a
    /// moved end of the one made so), as a browser selects.
    pub(super) fn drag_selection(&mut self, at: ratatui::layout::Position) -> bool {
        if self.selection.as_ref().is_some_and(|s| s.note.is_some()) || self.page().is_none() {
            return false;
        }
        if self.selection.is_none() {
            self.refresh_annotations(true);
        }
        let Some(to) = self.text_at_screen(at) else { return false };
        match self.selection.as_mut() {
            Some(selection) => selection.cursor = to,
            None => {
                let from = self.pressed.and_then(|p| self.text_at_screen(p)).unwrap_or(to);
                self.selection = Some(Selection { anchor: from, cursor: to, note: None });
            }
        }
        self.set_focus(super::Focus::Reader);
        self.keep_cursor_in_view();
        true
    }

    /// `o`: the other end becomes the free one.
    pub(super) fn swap_selection_ends(&mut self) -> bool {
        let Some(selection) = self.selection.as_mut() else { return false };
        std::mem::swap(&mut selection.anchor, &mut selection.cursor);
        self.keep_cursor_in_view();
        true
    }

    /// The selection's words and bytes, once there is one.
    pub fn selected_range(&self) -> Option<Range<usize>> {
        Some(self.selection.as_ref()?.range(&self.annotated()?.text.text))
    }

    /// `y`: copies the selected words as a Markdown quote, with the article's title and id.
    pub(super) fn copy_selection(&mut self) -> bool {
        let (Some(range), Some(shown)) = (self.selected_range(), self.annotated()) else { return false };
        let words = &shown.text.text[range];
        let title = self.body().and_then(|b| b.as_ref().ok()).map(|a| a.title.clone()).unwrap_or_default();
        let quoted: Vec<String> =
            words.lines().map(|l| if l.is_empty() { ">".to_owned() } else { format!("> {l}") }).collect();
        let citation = format!("{}\n\n— {title} ({})\n", quoted.join("\n"), shown.article.id);
        self.flash = Some(match citation.len() > super::MAX_COPY {
            true => format!("too long to copy ({} bytes; terminals take {})", citation.len(), super::MAX_COPY),
            false => {
                let note =
                    format!("copied {} chars with the title and id, if the terminal allows it", words.chars().count());
                self.requests.copy = Some(citation);
                note
            }
        });
        self.selection = None;
        true
    }

    /// Highlights the selection in `colour`; a selection of one char inside a highlight
    /// recolours that one instead.
    pub(super) fn highlight_selection(&mut self, colour: Colour) -> bool {
        let Some(range) = self.selected_range() else { return false };
        let kept = match self.selection_target() {
            Some(id) => {
                let changed = self.changed_highlight(&id, |h| h.colour = colour);
                self.keep_highlight(Some(id), changed)
            }
            None => {
                let highlight = self.new_highlight(range, colour, String::new());
                self.keep_highlight(None, highlight)
            }
        };
        self.flash = Some(match kept {
            true => format!("highlighted ({}, {})", colour.name(), colour.mark()),
            false => "nothing changed".to_owned(),
        });
        self.selection = None;
        true
    }

    /// The highlight a selection acts on instead of making a new one: the innermost one that
    /// holds all of it (one char of it, or a stretch inside it).
    fn selection_target(&self) -> Option<String> {
        let (selection, range, shown) = (self.selection.as_ref()?, self.selected_range()?, self.annotated()?);
        let marked = shown.under(selection.cursor, &range)?;
        (marked.range.start <= range.start && range.end <= marked.range.end).then(|| marked.id.clone())
    }

    /// The note of the highlight the selection acts on, as kept (its lines too).
    fn target_note(&self) -> Option<String> {
        let id = self.selection_target()?;
        self.annotated()?.marked.iter().find(|m| m.id == id).map(|m| m.note.clone())
    }

    /// `x`: takes away the highlight under the cursor (or the first the selection touches).
    pub(super) fn unhighlight_selection(&mut self) -> bool {
        let (Some(selection), Some(range)) = (self.selection.as_ref(), self.selected_range()) else { return false };
        let under = self.annotated().and_then(|a| a.under(selection.cursor, &range)).map(|m| m.id.clone());
        match under {
            Some(id) => {
                self.keep_highlight(Some(id), None);
                self.flash = Some("highlight taken away".to_owned());
                self.selection = None;
            }
            None => self.flash = Some("no highlight here".to_owned()),
        }
        true
    }

    /// `n`: the note prompt, holding the note of the highlight the selection is on.
    pub(super) fn open_note_prompt(&mut self) -> bool {
        if self.selection.is_none() || self.selected_range().is_none() {
            return false;
        }
        let mut prompt = QueryLine::default();
        if let Some(note) = self.target_note() {
            prompt.paste(&note);
        }
        if let Some(selection) = self.selection.as_mut() {
            selection.note = Some(prompt);
        }
        true
    }

    /// Enter in the note prompt: the note kept on the highlight under a one-char selection, or
    /// on a new highlight of the selection.
    pub(super) fn keep_note(&mut self) -> bool {
        let text = self.note_prompt().map(|p| p.text().to_owned()).unwrap_or_default();
        // A note of several lines shows on one in the prompt: unchanged, it keeps its lines.
        let kept = self.target_note().filter(|note| note.split_whitespace().eq(text.split_whitespace()));
        self.keep_note_text(kept.unwrap_or(text))
    }

    /// `N`: the note written in `$EDITOR`, starting from the one under the cursor.
    pub(super) fn note_in_editor(&mut self) -> bool {
        if !self.open_note_prompt() {
            return false;
        }
        let text = self.target_note().unwrap_or_default();
        self.requests.external = Some(super::External::Note { text });
        true
    }

    /// `note` kept on the highlight under a one-char selection, or on a new highlight of the
    /// selection (whose note prompt is open).
    pub(super) fn keep_note_text(&mut self, note: String) -> bool {
        if self.selection.as_ref().is_none_or(|s| s.note.is_none()) {
            return false;
        }
        let Some(range) = self.selected_range() else { return false };
        let note = note.trim().to_owned();
        self.flash = Some(
            match self.selection_target() {
                Some(id) => {
                    let had = self.target_note().unwrap_or_default();
                    let changed = self.changed_highlight(&id, |h| h.note = note.clone());
                    self.keep_highlight(Some(id), changed);
                    match (had.is_empty(), note.is_empty()) {
                        (false, true) => "note taken away",
                        _ if had == note => "note unchanged",
                        _ => "note kept",
                    }
                }
                None if note.is_empty() => "an empty note: nothing kept",
                None => {
                    let highlight = self.new_highlight(range, Colour::default(), note.clone());
                    self.keep_highlight(None, highlight);
                    "note kept, on a new highlight"
                }
            }
            .to_owned(),
        );
        self.selection = None;
        true
    }

    /// The note prompt, while it is open.
    pub(super) fn note_prompt(&mut self) -> Option<&mut QueryLine> {
        self.selection.as_mut()?.note.as_mut()
    }

    /// The page line the cursor is on, scrolled into view.
    fn keep_cursor_in_view(&mut self) {
        let Some(cursor) = self.selection.as_ref().map(|s| s.cursor) else { return };
        let line = match (self.page(), self.annotated()) {
            (Some(page), Some(shown)) => spans::place_of(page, &shown.text, cursor).map(|(line, _)| line),
            _ => None,
        };
        let (Some(line), top, rows) = (line, self.reader.top(), self.reader_rows()) else { return };
        if line < top {
            self.scroll_reader(line);
        } else if line >= top + rows {
            self.scroll_reader(line + 1 - rows);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(blocks: &[&str]) -> ArticleText {
        let blocks: Vec<crate::document::Block> = blocks
            .iter()
            .map(|t| crate::document::Block::Paragraph { text: crate::document::Text::plain(*t) })
            .collect();
        ArticleText::of(&blocks)
    }

    #[test]
    fn words_are_unicode_words_in_every_script() {
        let t = "Один два, три. 東京 tower";
        let starts: Vec<&str> = std::iter::successors(Some(0), |&at| word(t, at, true)).map(|at| &t[at..]).collect();
        assert_eq!(
            starts.iter().map(|s| s.split(' ').next().unwrap()).collect::<Vec<_>>(),
            ["Один", "два,", "три.", "東京", "tower"]
        );
        let end = t.len();
        assert_eq!(&t[word(t, end, false).unwrap()..], "tower");
        assert_eq!(
            &t[word(t, t.find("tower").unwrap(), false).unwrap()..],
            "東京 tower",
            "東京 one word, by dictionary"
        );
        let thai = "ฉันชอบเรียนภาษาไทย";
        let steps = std::iter::successors(Some(0), |&at| word(thai, at, true)).count();
        assert!(steps >= 4, "Thai words, not letters nor the whole run: {steps}");
    }

    #[test]
    fn sentences_and_paragraphs_move_through_blocks() {
        let t = text(&["One two. Three four. Five.", "Next block here."]);
        let at = |s: &str| t.text.find(s).unwrap();
        // On: to the sentence's end (its full stop), then the next one's; nothing of the next.
        assert_eq!(sentence(&t, 0, true), Some(at(". Three")));
        assert_eq!(sentence(&t, at(". Three"), true), Some(at(". Five")));
        assert_eq!(sentence(&t, at("Five"), true), Some(at(".\n\nNext")));
        assert_eq!(sentence(&t, at(".\n\nNext"), true), Some(t.text.len() - 1), "past the block: the next one's end");
        assert_eq!(sentence(&t, at("Next"), false), Some(at("Five")), "back past the block: its last");
        assert_eq!(sentence(&t, at("four"), false), Some(at("Three")));
        assert_eq!(paragraph(&t, at("four"), true), Some(at(".\n\nNext")), "to the block's end");
        assert_eq!(paragraph(&t, at(".\n\nNext"), true), Some(t.text.len() - 1), "then the next one's");
        assert_eq!(paragraph(&t, at("here"), false), Some(at("Next")));
        assert_eq!(paragraph(&t, at("Next"), false), Some(0));
        assert_eq!(paragraph(&t, t.text.len() - 1, true), None);
    }

    #[test]
    fn a_selection_covers_both_ends_whole() {
        let t = "ab東c";
        let selection = Selection { anchor: 2, cursor: 1, note: None };
        assert_eq!(&t[selection.range(t)], "b東");
        // A letter with its vowel sign is one: neither end splits it.
        let bengali = "মাঝিরা নৌকা";
        let selection = Selection { anchor: 0, cursor: 3, note: None };
        assert_eq!(&bengali[selection.range(bengali)], "মা", "the end on the sign takes its letter");
        assert_eq!(next_visible(bengali, 0, true), Some("মা".len()), "l steps over the vowel sign");
        assert_eq!(next_visible("a  b", 0, true), Some(3));
        assert_eq!(next_visible("a  b", 3, false), Some(0));
        assert_eq!(next_visible("ab", 1, true), None);
    }
}
