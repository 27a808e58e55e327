//! Highlights on screen: over the reader's lines (each colour's mark in the margin), the selection, and the overlay of the store's highlights and notes.

use super::{SELECTED_MARK, prompt_lines};
use crate::app::{App, NotesView};
use crate::draw::draw_text;
use crate::page::Page;
use crate::panes::Panes;
use crate::spans;
use crate::width::display_width;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear};
use std::ops::Range;

/// What the reader draws over lines `top..` of a page: styled byte ranges of each line (first
/// listed wins), the selection's over search hits and the highlights' under them, and a
/// mark for the margin beside it.
#[derive(Debug, Default)]
pub(super) struct Marks {
    pub selected: Vec<Vec<(Range<usize>, Style)>>,
    pub highlighted: Vec<Vec<(Range<usize>, Style)>>,
    pub margin: Vec<Option<char>>,
}

/// The selection (its free end apart) and the highlights on the `rows` lines of `page` from
/// `top` on.
pub(super) fn marks(app: &App, page: &Page, top: usize, rows: usize) -> Marks {
    let mut marks =
        Marks { selected: vec![Vec::new(); rows], highlighted: vec![Vec::new(); rows], margin: vec![None; rows] };
    let Some(shown) = app.annotated() else { return marks };
    if shown.marked.is_empty() && app.selection.is_none() {
        return marks;
    }
    let theme = &app.config.theme;
    let chars = spans::visible(page, &shown.text, top..top + rows);
    let (Some(first), Some(last)) = (chars.first(), chars.last()) else { return marks };
    let mut put = |range: Range<usize>, style: Style, mark: Option<char>| {
        for (line, bytes) in spans::cover(page, &chars, range) {
            match mark {
                Some(mark) => {
                    marks.highlighted[line - top].push((bytes, style));
                    marks.margin[line - top].get_or_insert(mark);
                }
                None => marks.selected[line - top].push((bytes, style)),
            }
        }
    };
    if let (Some(selection), Some(range)) = (app.selection.as_ref(), app.selected_range()) {
        let cursor = shown.text.text[selection.cursor..].chars().next().map_or(0, char::len_utf8);
        put(selection.cursor..selection.cursor + cursor, theme.selection_cursor, None);
        put(range, theme.selection, None);
    }
    for marked in shown.marked.iter().filter(|m| m.range.start <= last.text && m.range.end > first.text) {
        let at = crate::highlight::Colour::ALL.iter().position(|c| *c == marked.colour).unwrap_or(0);
        put(marked.range.clone(), theme.highlights[at], Some(marked.colour.mark()));
    }
    marks
}

/// The note of the highlight under the selection's free end, for the footer.
pub(super) fn note_under_cursor(app: &App) -> Option<String> {
    let (selection, range, shown) = (app.selection.as_ref()?, app.selected_range()?, app.annotated()?);
    let marked = shown.under(selection.cursor, &range)?;
    Some(match marked.note.is_empty() {
        true => format!("{} highlight", marked.colour.name()),
        false => format!("✎ {}", marked.note.split_whitespace().collect::<Vec<_>>().join(" ")),
    })
}

/// The overlay of highlights: the filter, then a row each (mark, quote, note, article), the
/// selected one marked and kept in view; returns where the cursor goes.
pub(super) fn render_notes(app: &App, view: &NotesView, panes: &Panes, buf: &mut Buffer) -> Option<Position> {
    use ratatui::widgets::Widget;
    let theme = &app.config.theme;
    let area = panes.help_box(view.rows.len().max(1) + 1);
    Clear.render(area, buf);
    let order = if view.by_article { "by article" } else { "newest first" };
    let count = match view.rows.len() {
        1 => format!(" 1 highlight · {order} "),
        n => format!(" {n} highlights · {order} "),
    };
    Block::bordered().title(" Highlights and notes ").title_bottom(count).style(theme.text).render(area, buf);
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    if inner.height == 0 || inner.width < 3 {
        return None;
    }
    let (shown, cursor) = prompt_lines(&view.filter, usize::from(inner.width - 2));
    buf.set_stringn(inner.x, inner.y, "> ", 2, theme.prompt);
    draw_text(buf, inner.x + 2, inner.y, &shown, usize::from(inner.width - 2), theme.text);
    let cursor = Position::new((inner.x + 2 + cursor as u16).min(inner.right() - 1), inner.y);
    let rows = usize::from(inner.height - 1);
    if view.rows.is_empty() {
        if rows > 0 {
            draw_text(buf, inner.x, inner.y + 1, "no highlight matches", usize::from(inner.width), theme.note);
        }
        return Some(cursor);
    }
    let selected = view.selected.min(view.rows.len() - 1);
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (y, (at, row)) in (inner.y + 1..inner.bottom()).zip(view.rows.iter().enumerate().skip(first)) {
        let chosen = at == selected;
        let style = if chosen { theme.selected } else { theme.text };
        if chosen {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
        // What is said of it first, so that a long quote cuts nothing of it.
        let state = match (row.gone, row.orphaned) {
            (true, _) => "(article gone) ",
            (false, true) => "(orphaned) ",
            _ => "",
        };
        let note = if row.note.is_empty() { String::new() } else { format!("✎ {} · ", row.note) };
        let mark = if chosen { SELECTED_MARK } else { "  " };
        let words = format!("{mark}{} {state}{note}“{}”", row.colour.mark(), row.quote);
        let title = format!("  · {}", row.title);
        let room = usize::from(inner.width);
        // The article's title keeps a third of the row; the quote and note the rest.
        let title_room = (room / 3).min(display_width(&title));
        let used = draw_text(buf, inner.x, y, &super::cut_to(&words, room - title_room), room - title_room, style);
        let x = inner.x + used as u16;
        let meta = if chosen { style } else { theme.meta };
        draw_text(buf, x, y, &super::cut_to(&title, room - used), room - used, meta);
    }
    Some(cursor)
}
