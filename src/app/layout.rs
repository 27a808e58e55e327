//! The app's geometry: the panes for the screen and the focus, and re-wrapping without losing the place.

use super::{App, Focus};
use crate::panes::Panes;
use ratatui::layout::Rect;

impl App {
    pub fn panes(&self) -> Option<Panes> {
        Panes::for_reading(self.area, self.whole_reader(), self.reading_width)
    }

    /// Whether the reader takes the whole body: while it has focus, on a screen too narrow to
    /// stand beside the list (80x24 would leave it 13 lines), unless `z` says otherwise.
    pub fn whole_reader(&self) -> bool {
        self.focus == Focus::Reader && (self.area.width < crate::panes::SIDE_BY_SIDE_FROM) != self.list_toggled
    }

    /// Help lines there are, and rows they are shown in.
    pub fn help_size(&self) -> (usize, usize) {
        let lines = self.help_rows().len();
        (lines, self.panes().map_or(1, |p| p.help_rows(lines)))
    }

    /// The help as drawn in the help box of this screen (wrapped to its width).
    pub fn help_rows(&self) -> Vec<super::help::HelpRow> {
        use super::help::HelpRow;
        let inner = self.panes().map_or(40, |p| p.help_box(0).width.saturating_sub(4));
        let mut rows = super::help::help_rows(&self.config.keymap.help_lines(), inner);
        // The files behind the footer's "3 skipped", readable without quitting.
        if !self.warnings.is_empty() {
            rows.push(HelpRow::Heading(String::new()));
            rows.push(HelpRow::Heading(format!("Skipped ({})", self.warnings.len())));
            for warning in &self.warnings {
                let wrapped = crate::wrap::wrap(&warning.to_string(), usize::from(inner.saturating_sub(2)).max(1));
                rows.extend(wrapped.into_iter().map(|text| HelpRow::Entry { keys: String::new(), text, column: 2 }));
            }
        }
        rows
    }

    /// Articles the list shows at once.
    pub(super) fn list_rows(&self) -> usize {
        self.panes().map_or(1, |p| (p.list_rows() / self.list.item_height()).max(1))
    }

    pub(super) fn reader_rows(&self) -> usize {
        self.panes().map_or(0, |p| p.reader_rows())
    }

    pub(super) fn resize(&mut self, columns: u16, rows: u16) -> bool {
        self.keeping_place(|app| app.area = Rect::new(0, 0, columns, rows));
        true
    }

    /// Applies `change` to the geometry, keeping the place at the top of the reader in view
    /// across the re-wrap (the raw view does not re-wrap: it keeps its line) and the
    /// selection in the list's.
    pub(super) fn keeping_place(&mut self, change: impl FnOnce(&mut App)) {
        let article = self.selected_ref().cloned();
        // With no page (a screen too small for panes), the place held when it went.
        let held = self.reader.held.take().filter(|(held, _)| Some(held) == article.as_ref()).map(|(_, p)| p);
        let place = match self.reader.raw() {
            true => None,
            false => self.page().map(|page| page.place_of(self.reader.top())).or(held),
        };
        change(self);
        self.prepare_reader();
        match (place, self.page()) {
            (Some(place), Some(page)) => {
                let line = page.line_of(&place);
                self.scroll_reader(line);
            }
            // Too small to lay anything out: the place waits for a screen that can show it.
            (Some(place), None) => self.reader.held = article.map(|article| (article, place)),
            (None, _) => {}
        }
        let rows = self.list_rows();
        self.list.keep_selection_visible(rows, &self.catalog.read().unwrap());
    }
}
