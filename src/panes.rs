//! Screen geometry: where each pane goes for a terminal size, pure `Rect` arithmetic.

use ratatui::layout::Rect;

/// Below this the panes cannot show anything useful.
pub const MIN_SIZE: (u16, u16) = (20, 6);
/// From this width up, list and reader stand side by side.
pub const SIDE_BY_SIDE_FROM: u16 = 100;
/// Reading is most comfortable at a bounded line length, as in print: the default measure.
pub const MAX_TEXT_WIDTH: u16 = 80;
/// The help overlay is never wider than this.
const MAX_HELP_WIDTH: u16 = 80;

/// Where everything goes on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub query: Rect,
    pub list: Rect,
    pub separator: Rect,
    pub reader: Rect,
    pub footer: Rect,
    /// The reading column's widest.
    pub measure: u16,
}

impl Panes {
    /// The panes for `area` with the reader taking the whole body (the list hidden) when
    /// `whole_reader`, or `None` when it is smaller than [`MIN_SIZE`].
    pub fn for_reading(area: Rect, whole_reader: bool, measure: u16) -> Option<Panes> {
        let panes = Panes { measure, ..Panes::for_area(area)? };
        if !whole_reader {
            return Some(panes);
        }
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        let none = Rect { width: 0, height: 0, ..body };
        Some(Panes { list: none, separator: none, reader: body, ..panes })
    }

    /// The panes for `area`, or `None` when it is smaller than [`MIN_SIZE`].
    pub fn for_area(area: Rect) -> Option<Panes> {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            return None;
        }
        let row = |y, height| Rect::new(area.x, y, area.width, height);
        let body = row(area.y + 1, area.height - 2);
        let (list, separator, reader) = if area.width >= SIDE_BY_SIDE_FROM {
            let list_width = area.width * 2 / 5;
            (
                Rect { width: list_width, ..body },
                Rect { x: body.x + list_width, width: 1, ..body },
                Rect { x: body.x + list_width + 1, width: body.width - list_width - 1, ..body },
            )
        } else {
            let list_height = (body.height - 1) * 2 / 5;
            (
                Rect { height: list_height, ..body },
                Rect { y: body.y + list_height, height: 1, ..body },
                Rect { y: body.y + list_height + 1, height: body.height - list_height - 1, ..body },
            )
        };
        let footer = row(area.bottom() - 1, 1);
        Some(Panes { query: row(area.y, 1), list, separator, reader, footer, measure: MAX_TEXT_WIDTH })
    }

    /// The reader's text column: the pane less a margin each side, at most `measure` columns.
    /// The column the reader's text starts at, for a page `page_width` wide: centred, with at
    /// least one column of margin (where a highlight's mark goes).
    pub fn text_x(&self, page_width: u16) -> u16 {
        let reader = self.reader;
        let margin = reader.width.saturating_sub(page_width) / 2;
        reader.x + margin.max(1).min(reader.width.saturating_sub(1))
    }

    pub fn text_width(&self) -> u16 {
        self.reader.width.saturating_sub(2).clamp(1, self.measure.max(1))
    }

    /// Rows of the list, at least one (a page of the list).
    pub fn list_rows(&self) -> usize {
        usize::from(self.list.height).max(1)
    }

    /// Rows of the reader.
    pub fn reader_rows(&self) -> usize {
        usize::from(self.reader.height)
    }

    pub fn whole(&self) -> Rect {
        self.query.union(self.footer)
    }

    /// The help overlay's box, for `lines` lines of help: centred, at most 80 columns wide.
    pub fn help_box(&self, lines: usize) -> Rect {
        let area = self.whole();
        let width = area.width.saturating_sub(4).min(MAX_HELP_WIDTH);
        let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
        let height = area.height.saturating_sub(2).min(wanted);
        Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
    }

    /// Rows the help overlay shows its `lines` lines in (inside the border).
    pub fn help_rows(&self, lines: usize) -> usize {
        usize::from(self.help_box(lines).height.saturating_sub(2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_from_100_columns_stacked_below() {
        let wide = Panes::for_area(Rect::new(0, 0, 120, 40)).unwrap();
        assert_eq!((wide.list, wide.separator.width, wide.reader.x), (Rect::new(0, 1, 48, 38), 1, 49));
        assert_eq!(wide.text_width(), 69);
        let narrow = Panes::for_area(Rect::new(0, 0, 60, 20)).unwrap();
        assert_eq!((narrow.list.height, narrow.separator.y, narrow.reader.height), (6, 7, 11));
        assert_eq!(narrow.footer, Rect::new(0, 19, 60, 1));
        assert_eq!(Panes::for_area(Rect::new(0, 0, 19, 30)), None);
        assert_eq!(Panes::for_area(Rect::new(0, 0, 30, 5)), None);
    }

    #[test]
    fn the_help_box_fits_its_lines_and_the_screen() {
        let panes = Panes::for_area(Rect::new(0, 0, 100, 30)).unwrap();
        assert_eq!(panes.help_box(10), Rect::new(10, 9, 80, 12));
        assert_eq!(panes.help_rows(10), 10);
        assert_eq!(panes.help_rows(100), 26);
    }
}
