//! The outline: the article's headings in an overlay, filtered by typing, and moves from heading to heading.

use super::App;
use crate::action::{Deletion, Direction};
use crate::page::Page;
use crate::query::QueryLine;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// The outline overlay: what is typed to filter the headings, and the one selected among
/// those shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutlineView {
    pub filter: QueryLine,
    selected: usize,
}

/// One heading of the outline: the page line it starts on, its level and words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub level: u8,
    pub text: String,
}

impl OutlineView {
    /// The headings of `page` the filter keeps (fuzzy, smart case, as the list's), in the
    /// article's order.
    pub fn headings(&self, page: &Page) -> Vec<Heading> {
        let matcher = SkimMatcherV2::default().smart_case();
        let query = self.filter.text();
        page.headings()
            .iter()
            .filter(|(_, _, text)| query.is_empty() || matcher.fuzzy_match(text, query).is_some())
            .map(|(line, level, text)| Heading { line: *line, level: *level, text: text.clone() })
            .collect()
    }

    /// The selected heading's position among those shown.
    pub fn selected(&self, shown: usize) -> usize {
        self.selected.min(shown.saturating_sub(1))
    }
}

impl App {
    /// Opens the outline at the section the reader is in, or closes it.
    pub(super) fn toggle_outline(&mut self) -> bool {
        if self.outline().is_some() {
            self.overlay = None;
            return true;
        }
        let Some(page) = self.page() else { return false };
        let view = OutlineView::default();
        if view.headings(page).is_empty() {
            self.flash = Some("no headings in this article".into());
            return true;
        }
        let current = section_index(page, self.reading_line()).unwrap_or(0);
        self.overlay = Some(super::Overlay::Outline(OutlineView { selected: current, ..view }));
        true
    }

    pub fn outline(&self) -> Option<&OutlineView> {
        match &self.overlay {
            Some(super::Overlay::Outline(view)) => Some(view),
            _ => None,
        }
    }

    fn outline_mut(&mut self) -> Option<&mut OutlineView> {
        match &mut self.overlay {
            Some(super::Overlay::Outline(view)) => Some(view),
            _ => None,
        }
    }

    /// Types into the outline's filter (the selection back to the first heading kept).
    pub(super) fn outline_edit(&mut self, edit: impl FnOnce(&mut QueryLine) -> bool) -> bool {
        let Some(view) = self.outline_mut() else { return false };
        let changed = edit(&mut view.filter);
        if changed {
            view.selected = 0;
        }
        changed
    }

    pub(super) fn outline_delete(&mut self, deletion: Deletion) -> bool {
        self.outline_edit(|filter| filter.delete(deletion))
    }

    /// Moves the outline's selection `by` headings.
    pub(super) fn outline_select(&mut self, direction: Direction, by: usize) -> bool {
        let shown = match (self.outline(), self.page()) {
            (Some(view), Some(page)) => view.headings(page).len(),
            _ => return false,
        };
        let Some(view) = self.outline_mut() else { return false };
        let now = view.selected(shown);
        let to = direction.apply(now, by).min(shown.saturating_sub(1));
        view.selected = to;
        to != now
    }

    /// Enter in the outline: the reader goes to the selected heading.
    pub(super) fn outline_jump(&mut self) -> bool {
        let line = match (self.outline(), self.page()) {
            (Some(view), Some(page)) => {
                let headings = view.headings(page);
                headings.get(view.selected(headings.len())).map(|h| h.line)
            }
            _ => None,
        };
        self.overlay = None;
        if let Some(line) = line {
            self.jump_to_heading(line);
        }
        true
    }

    /// Puts the heading on line `line` on top, or as near as the article's end allows; there,
    /// the heading is still the section read (the footer names it, `]` goes on from it).
    pub(super) fn jump_to_heading(&mut self, line: usize) -> bool {
        self.scroll_reader(line);
        self.reader.jumped = (self.reader.top() < line).then_some(line);
        self.reader.jumped_top = Some(self.reader.top());
        true
    }

    /// The line the section read is taken from: the top, or a heading jumped to below it (the
    /// last page cannot scroll it up), while the view stays where the jump left it.
    fn reading_line(&self) -> usize {
        let top = self.reader.top();
        self.reader.jumped.filter(|_| self.reader.jumped_top == Some(top)).unwrap_or(top)
    }

    /// `]` and `[`: the reader's top to the next heading below it, or the one above.
    pub(super) fn go_to_heading(&mut self, direction: Direction) -> bool {
        let Some(page) = self.page() else { return false };
        let top = self.reading_line();
        let lines = page.headings().iter().map(|(line, _, _)| *line);
        let target = match direction {
            Direction::Down => lines.filter(|&l| l > top).min(),
            Direction::Up => lines.filter(|&l| l < top).max(),
        };
        match target {
            Some(line) => self.jump_to_heading(line),
            None => {
                let end = if direction == Direction::Down { "no heading below" } else { "no heading above" };
                self.flash = Some(end.into());
                true
            }
        }
    }

    /// The section the reader's top line is in: its heading's words.
    pub fn section(&self) -> Option<String> {
        let page = self.page()?;
        let headings = page.headings();
        section_index(page, self.reading_line()).map(|i| headings[i].2.clone())
    }
}

/// Which of the page's headings the line `top` comes under (the last one at or above it).
fn section_index(page: &Page, top: usize) -> Option<usize> {
    page.headings().iter().rposition(|(line, _, _)| *line <= top)
}

#[cfg(test)]
mod tests {
    use crate::action::{Action, Amount, Deletion, Direction};
    use crate::app::{App, Event};
    use crate::keymap::Mode;
    use crate::testing::update_inline;

    /// A Markdown note of three sections (the second with a subsection), opened in the reader.
    fn app_on_note(dir: &std::path::Path) -> App {
        let prose: String = (0..12).map(|i| format!("Line {i} of prose, enough to scroll.\n\n")).collect();
        let note = format!(
            "# Note\n\n{prose}## Install\n\n{prose}## Usage\n\n{prose}### Keys\n\n{prose}## License\n\n{prose}"
        );
        std::fs::write(dir.join("note.md"), note).unwrap();
        let origins = crate::store::origins_for(&[dir.to_path_buf()]);
        let (catalog, _) = crate::store::load_catalog(origins, crate::store::LoadOptions::default());
        let loading = crate::app::Loading { found: 1, done: true };
        let mut app = App::new(catalog, loading, crate::config::Config::default());
        update_inline(&mut app, [Event::Resize(60, 20)]);
        update_inline(&mut app, [Action::Open]);
        app
    }

    fn top_text(app: &App) -> String {
        app.page().unwrap().lines[app.reader.top()].text.clone()
    }

    #[test]
    fn the_outline_lists_headings_filters_them_and_jumps() {
        let dir = crate::store::ScratchDir::new("outline");
        let mut app = app_on_note(&dir);
        update_inline(&mut app, [Action::Outline]);
        assert_eq!(app.mode(), Mode::Outline);
        let headings: Vec<(u8, String)> =
            app.outline().unwrap().headings(app.page().unwrap()).into_iter().map(|h| (h.level, h.text)).collect();
        let expected = [(2, "Install"), (2, "Usage"), (3, "Keys"), (2, "License")];
        assert_eq!(headings, expected.map(|(l, t)| (l, t.to_owned())));
        // Typing filters (fuzzy); Enter goes to the heading kept.
        update_inline(&mut app, "lcns".chars().map(Action::Insert));
        assert_eq!(app.outline().unwrap().headings(app.page().unwrap()).len(), 1);
        update_inline(&mut app, [Action::Open]);
        assert_eq!((app.mode(), top_text(&app).as_str()), (Mode::Reader, "License"));
        assert_eq!(app.section().as_deref(), Some("License"));
        // Opened again, at the section read; Down, then Enter.
        update_inline(&mut app, [Action::Scroll(Direction::Up, Amount::All), Action::Heading(Direction::Down)]);
        assert_eq!(top_text(&app), "Install");
        update_inline(&mut app, [Action::Outline, Action::Select(Direction::Down, Amount::Line), Action::Open]);
        assert_eq!(top_text(&app), "Usage");
        update_inline(&mut app, [Action::Outline, Action::Insert('x'), Action::Delete(Deletion::Back), Action::Cancel]);
        assert_eq!((app.mode(), top_text(&app).as_str()), (Mode::Reader, "Usage"), "Esc closes, nothing moves");
    }

    #[test]
    fn headings_on_the_last_page_are_reached_and_named_though_the_view_cannot_move() {
        let dir = crate::store::ScratchDir::new("outline-short");
        std::fs::write(dir.join("short.md"), "# Short\n\n## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.\n").unwrap();
        let origins = crate::store::origins_for(&[dir.to_path_buf()]);
        let (catalog, _) = crate::store::load_catalog(origins, crate::store::LoadOptions::default());
        let mut app = App::new(catalog, crate::app::Loading { found: 1, done: true }, crate::config::Config::default());
        update_inline(&mut app, [Event::Resize(60, 20)]);
        update_inline(&mut app, [Action::Open]);
        assert_eq!(app.section(), None);
        let mut named = Vec::new();
        for _ in 0..3 {
            update_inline(&mut app, [Action::Heading(Direction::Down)]);
            named.push(app.section().unwrap_or_default());
        }
        assert_eq!((named, app.reader.top()), (vec!["One".to_owned(), "Two".into(), "Three".into()], 0));
        update_inline(&mut app, [Action::Heading(Direction::Down)]);
        assert_eq!(app.flash.as_deref(), Some("no heading below"));
        update_inline(&mut app, [Action::Heading(Direction::Up)]);
        assert_eq!(app.section().as_deref(), Some("Two"));
        // The outline opens at it; a scroll of the view leaves the jump behind.
        update_inline(&mut app, [Action::Outline]);
        assert_eq!(app.outline().unwrap().selected(3), 1);
        update_inline(&mut app, [Action::Cancel]);
    }

    #[test]
    fn brackets_go_from_heading_to_heading_and_say_when_there_is_none() {
        let dir = crate::store::ScratchDir::new("outline-brackets");
        let mut app = app_on_note(&dir);
        update_inline(&mut app, [Action::Heading(Direction::Up)]);
        assert_eq!(app.flash.as_deref(), Some("no heading above"));
        let mut seen = Vec::new();
        for _ in 0..4 {
            update_inline(&mut app, [Action::Heading(Direction::Down)]);
            seen.push(top_text(&app));
        }
        assert_eq!(seen, ["Install", "Usage", "Keys", "License"]);
        update_inline(&mut app, [Action::Heading(Direction::Up)]);
        assert_eq!(top_text(&app), "Keys");
        assert_eq!(app.section().as_deref(), Some("Keys"));
    }
}
