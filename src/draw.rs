//! Text into a ratatui buffer, one cell per code point that advances a terminal's cursor.

use crate::width::cells;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;

/// Draws `text` at (`x`, `y`) in at most `max` columns and returns the columns drawn: one cell
/// for each code point that advances a terminal's cursor, with the width the terminal gives it
/// (so ratatui's frame diff moves the cursor where the terminal will be). A cell that does not
/// fit whole ends the text.
pub fn draw_text(buf: &mut Buffer, x: u16, y: u16, text: &str, max: usize, style: Style) -> usize {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x < area.left() {
        return 0;
    }
    let room = usize::from(area.right().saturating_sub(x)).min(max);
    let mut used = 0;
    for cell in cells(text) {
        if used + cell.width > room {
            break;
        }
        let at = x + used as u16;
        let target = &mut buf[(at, y)];
        target.set_symbol(cell.symbol).set_style(style);
        if let Some(width) = cell.forced_width() {
            target.set_diff_option(CellDiffOption::ForcedWidth(width));
        }
        for covered in 1..cell.width as u16 {
            buf[(at + covered, y)].reset();
        }
        used += cell.width;
    }
    used
}

/// What of `text` shows when its first `columns` columns are scrolled out of view: the rest,
/// after the blank column left by a wide character cut in half.
pub fn after_columns(text: &str, columns: usize) -> (usize, &str) {
    let mut skipped = 0;
    for cell in cells(text) {
        if skipped >= columns {
            let at = cell.symbol.as_ptr() as usize - text.as_ptr() as usize;
            return (skipped - columns, &text[at..]);
        }
        skipped += cell.width;
    }
    (0, "")
}
