//! Display widths as terminals advance the cursor, code point by code point, and cells to match.

use ratatui::buffer::CellWidth;
use std::num::NonZeroU16;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthChar;

/// Columns a terminal moves its cursor on for `c`. Terminals (tmux, xterm, VTE) do not shape
/// graphemes: they advance by each code point's wcwidth. That is unicode-width's width of the
/// char, except for spacing marks (general category Mc, such as Bengali U+09BE), which
/// unicode-width counts 0 when they extend a grapheme while every terminal gives them a column.
pub fn advance(c: char) -> usize {
    if c.is_ascii() {
        return usize::from(!c.is_ascii_control());
    }
    // Spacing marks live in the Indic and later blocks: Latin, Greek, Cyrillic, Hebrew and
    // Arabic (below U+0900) need no category lookup.
    if c >= '\u{0900}' && c.general_category() == GeneralCategory::SpacingMark {
        return 1;
    }
    c.width().unwrap_or(0)
}

/// Columns `text` takes on a terminal.
pub fn display_width(text: &str) -> usize {
    // Printable ASCII is one column a byte.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    advances(text).map(|(_, _, columns)| columns).sum()
}

/// Each code point of `text` with its byte offset and the columns the terminal advances for it
/// there: [`advance`], except that a non-ASCII code point right after a zero-width joiner joins
/// the cell before it and advances nothing. That is tmux's rule (3.3a, measured with
/// `#{cursor_x}`): `👨\u{200d}👩` takes 2 columns, not 4, and `श्\u{200d}म` 1, not 2.
pub fn advances(text: &str) -> impl Iterator<Item = (usize, char, usize)> + '_ {
    let mut after_joiner = false;
    text.char_indices().map(move |(at, c)| {
        let joined = after_joiner && !c.is_ascii();
        after_joiner = c == ZERO_WIDTH_JOINER;
        (at, c, if joined { 0 } else { advance(c) })
    })
}

const ZERO_WIDTH_JOINER: char = '\u{200d}';

/// The graphemes of `text` as (byte offset, grapheme, columns), the columns being what the
/// terminal advances over the whole grapheme. Text breaks between graphemes, never inside.
pub fn graphemes(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut columns = advances(text).peekable();
    text.grapheme_indices(true).map(move |(at, g)| {
        let mut width = 0;
        while let Some((_, _, w)) = columns.next_if(|&(offset, _, _)| offset < at + g.len()) {
            width += w;
        }
        (at, g, width)
    })
}

/// One cell as drawn: a code point that advances the cursor, with the zero-width code points
/// after it (combining marks, joiners and what they join), and the columns it advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'a> {
    pub symbol: &'a str,
    pub width: usize,
}

impl Cell<'_> {
    /// The width ratatui must assume when it diffs frames: the terminal's advance, not the
    /// symbol's grapheme width (which differs for `❤\u{fe0f}`, 2 to ratatui, 1 to tmux, or a
    /// lone spacing mark).
    pub fn forced_width(&self) -> Option<NonZeroU16> {
        let width = u16::try_from(self.width).ok()?;
        (self.symbol.cell_width() != width).then_some(NonZeroU16::new(width)).flatten()
    }
}

/// The cells `text` is drawn in, one per code point that advances the cursor. Zero-width code
/// points join the cell before them (or are dropped at the start, where nothing carries them).
pub fn cells(text: &str) -> impl Iterator<Item = Cell<'_>> {
    let mut columns = advances(text).peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, _, width) = columns.next()?;
            while columns.next_if(|&(_, _, w)| w == 0).is_some() {}
            let end = columns.peek().map_or(text.len(), |&(at, _, _)| at);
            if width > 0 {
                return Some(Cell { symbol: &text[start..end], width });
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_what_terminals_advance() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("日本"), 4);
        // One column for ❤ (its selector adds none in tmux), two for an emoji, and what a
        // joiner joins goes into the same cell.
        assert_eq!(display_width("\u{2764}\u{fe0f}"), 1);
        assert_eq!(display_width("\u{1f468}\u{200d}\u{1f469}"), 2);
        assert_eq!(display_width("\u{915}\u{200d}Y"), 2, "ASCII after a joiner still advances");
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("\u{301}x"), 1);
        // Bengali বাং: ব, the spacing vowel sign া and the anusvara ং each take a column.
        assert_eq!(display_width("\u{09ac}\u{09be}\u{0982}"), 3);
        // Devanagari काश्‍मीर: the virama, the joiner and the म it joins take none (tmux).
        assert_eq!(display_width("\u{915}\u{93e}\u{936}\u{94d}\u{200d}\u{92e}\u{940}\u{930}"), 5);
        // Hangul jamo: a leading consonant is wide, the vowel after it joins it.
        assert_eq!(display_width("\u{1100}\u{1161}"), 2);
    }

    #[test]
    fn every_advancing_code_point_gets_a_cell() {
        let drawn: Vec<(&str, usize)> = cells("\u{301}বাং e\u{301}日").map(|c| (c.symbol, c.width)).collect();
        assert_eq!(drawn, [("ব", 1), ("\u{9be}", 1), ("\u{982}", 1), (" ", 1), ("e\u{301}", 1), ("日", 2)]);
        let family: Vec<&str> = cells("\u{1f468}\u{200d}\u{1f469}!").map(|c| c.symbol).collect();
        assert_eq!(family, ["\u{1f468}\u{200d}\u{1f469}", "!"]);
        let heart = cells("\u{2764}\u{fe0f}").next().unwrap();
        assert_eq!((heart.symbol, heart.width), ("\u{2764}\u{fe0f}", 1));
        assert_eq!(heart.forced_width(), NonZeroU16::new(1), "ratatui would think it 2 wide");
        assert_eq!(cells("a").next().unwrap().forced_width(), None);
    }

    proptest::proptest! {
        #[test]
        fn cells_cover_the_text_and_its_width(text in "\\PC{0,40}") {
            let cells: Vec<Cell> = cells(&text).collect();
            proptest::prop_assert_eq!(cells.iter().map(|c| c.width).sum::<usize>(), display_width(&text));
            let joined: String = cells.iter().map(|c| c.symbol).collect();
            proptest::prop_assert!(text.ends_with(&joined), "only leading zero-width code points are dropped");
        }
    }
}
