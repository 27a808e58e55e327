//! Display width measured exactly the way ratatui's buffer renders text.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// The graphemes ratatui draws, as (byte offset, grapheme, width). It skips graphemes holding
/// a control character or of zero width, so those take no column here either.
pub fn drawn_graphemes(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    text.grapheme_indices(true)
        .filter(|(_, g)| !g.contains(char::is_control))
        .map(|(at, g)| (at, g, usize::from(g.cell_width())))
        .filter(|&(_, _, width)| width > 0)
}

/// Columns `text` takes when ratatui draws it.
pub fn display_width(text: &str) -> usize {
    // Printable ASCII is one column a byte; grapheme segmentation is only needed beyond it.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    drawn_graphemes(text).map(|(_, _, width)| width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_ratatui_not_textwrap() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("日本"), 4);
        assert_eq!(display_width("\u{2764}\u{fe0f}"), 2);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("\u{301}x"), 1);
    }
}
