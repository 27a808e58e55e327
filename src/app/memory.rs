//! The app's memory across runs: places, read marks, the last query and article (state/ keeps them).

use super::App;
use crate::state::Memory;

/// What the app remembers, for which store, and what is left to do with it.
#[derive(Debug, Default)]
pub struct Remembered {
    pub memory: Memory,
    /// The store's key in the state ([`crate::state::store_key`]).
    pub store: String,
    /// The article (and version) whose remembered place was applied.
    placed: Option<crate::store::ArticleRef>,
    /// The article being read: opened in the reader, not only previewed beside the list (a
    /// preview is no reading, and moves no place). By id, so a reloaded store keeps it.
    reading: Option<String>,
    /// Changed since the last save was asked for.
    pub(super) unsaved: bool,
    /// The articles opened in this session, in order, and how many of them are behind the
    /// one shown (the rest are ahead, for forward).
    history: Vec<String>,
    history_at: usize,
    /// The article marked unread while being read: not marked read again until reopened.
    pub(super) unmarked: Option<String>,
    /// A key or a click was taken in this session.
    pub(super) acted: bool,
}

impl App {
    /// Takes the state remembered for this store: its last query is typed again, and its
    /// last article selected once it is listed, at its place.
    pub fn remember(&mut self, memory: Memory, store: String) {
        let last = memory.store(&store).map(|s| (s.query.clone(), s.article.clone(), s.order, s.text));
        if let Some(width) = memory.state.width.filter(|w| crate::config::WIDTHS.contains(w)) {
            self.reading_width = width;
        }
        self.remembered = Remembered { memory, store, ..Remembered::default() };
        self.annotations = super::Annotations::default();
        self.marks_changed();
        if let Some((query, article, order, text)) = last {
            self.list.set_order(order);
            if text {
                let epoch = self.epoch();
                self.list.toggle_kind(epoch);
            }
            query.chars().for_each(|c| {
                self.list.insert(c);
            });
            if let Some(id) = article {
                self.list.reselect(id);
            }
            self.ask_ranking();
        }
    }

    /// Notes where the reader stands in the selected article (its place; read once its end
    /// has been shown) and the query and article, for the next run.
    pub fn note_place(&mut self) {
        let (Some(index), Some(panes)) = (self.selected_article(), self.panes()) else { return };
        let id = self.catalog.read().unwrap().id(index as usize).to_owned();
        let key = self.remembered.store.clone();
        let query = self.list.query().text().to_owned();
        let text = self.list.kind() == super::SearchKind::Text;
        if self.remembered.acted {
            self.remembered.memory.set_last(&key, (&query, text), Some(&id));
        }
        // The raw view's lines are not the text's paragraphs: its place is not kept.
        let Some(page) = self.page().filter(|_| !self.reader.raw()) else { return };
        let (top, rows) = (self.reader.top(), panes.reader_rows());
        let (place, seen) = (page.place_of(top), (top + rows).min(page.lines.len()));
        let progress = (seen * 100 / page.lines.len().max(1)) as u8;
        if self.remembered.placed.as_ref() == self.selected_ref() && self.remembered.reading.as_ref() == Some(&id) {
            // Read on reaching the end, unless it was marked unread in this very reading (it
            // is read again when opened again and read to its end, as in newsboat).
            let unmarked = self.remembered.unmarked.as_deref() == Some(id.as_str());
            self.change_article(index, |article| {
                article.read |= progress == 100 && !unmarked;
                article.place = Some(place.clone());
                article.progress = progress;
            });
        }
    }

    /// Changes the selected article's marks (read, starred); saved when it is left.
    pub(super) fn toggle_mark(&mut self, change: impl FnOnce(&mut crate::state::ArticleState)) -> bool {
        let Some(index) = self.selected_article() else { return false };
        let id = self.catalog.read().unwrap().id(index as usize).to_owned();
        let before = self.remembered.memory.article(&self.remembered.store, &id);
        let changed = self.change_article(index, change);
        let after = self.remembered.memory.article(&self.remembered.store, &id);
        if !after.read {
            self.remembered.unmarked = Some(id);
        }
        self.flash = Some(
            match (before.read != after.read, after.read, after.starred) {
                (true, true, _) => "marked read",
                (true, false, _) => "marked unread",
                (false, _, true) => "★ starred",
                (false, _, false) => "star taken away",
            }
            .to_owned(),
        );
        changed
    }

    /// Space in the reader: a page down, or at the end (shown `(end)`) the next article in the
    /// list not read yet, opened at its place.
    pub(super) fn page_or_next_unread(&mut self) -> bool {
        let (top, rows) = (self.reader.top(), self.reader_rows());
        if self.page().is_none() || self.scroll_reader(top + rows) {
            return self.page().is_some();
        }
        let unread = {
            let catalog = self.catalog.read().unwrap();
            let ranking = self.list.ranking();
            let store = &self.remembered.store;
            let is_unread = |row: usize| {
                let article = ranking.get(row).filter(|&a| (a as usize) < catalog.len());
                article.is_some_and(|a| !self.remembered.memory.article(store, catalog.id(a as usize)).read)
            };
            (self.list.selected() + 1..ranking.sorted().min(ranking.len())).find(|&row| is_unread(row))
        };
        match unread {
            Some(row) => self.select(row),
            None => {
                self.flash = Some("no unread article below this one".into());
                true
            }
        }
    }

    /// Alt-Left and Alt-Right (H and L in the reader): the article read before or after this
    /// one in the session, at its place; the query is cleared when it is not listed.
    pub(super) fn go_through_history(&mut self, forward: bool) -> bool {
        let history = &self.remembered.history;
        let at = match forward {
            true if self.remembered.history_at < history.len() => self.remembered.history_at + 1,
            false if self.remembered.history_at > 1 => self.remembered.history_at - 1,
            _ => return false,
        };
        let id = history[at - 1].clone();
        self.remembered.history_at = at;
        self.show_article(id)
    }

    /// Selects the article `id`, the query cleared when it hides it; false when the store has
    /// no such article.
    pub(super) fn show_article(&mut self, id: String) -> bool {
        let Some(index) = self.catalog.read().unwrap().find(&id) else { return false };
        match self.list.ranking().row_of(index as u32) {
            Some(row) => {
                self.select(row);
            }
            None => {
                self.leave_article();
                self.list.clear_query();
                self.list.reselect(id);
                self.ask_ranking();
            }
        }
        true
    }

    /// The article was opened in the reader: when, for "recently read".
    pub(super) fn note_opened(&mut self) {
        let Some(index) = self.selected_article() else { return };
        let id = self.catalog.read().unwrap().id(index as usize).to_owned();
        self.remembered.reading = Some(id.clone());
        self.remembered.unmarked = None;
        self.step_history(id);
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        self.change_article(index, |a| a.opened = now);
    }

    /// A new step in the history, unless it is the step the history is at (going back).
    pub(super) fn step_history(&mut self, id: String) {
        let remembered = &mut self.remembered;
        if remembered.history_at == 0 || remembered.history[remembered.history_at - 1] != id {
            remembered.history.truncate(remembered.history_at);
            remembered.history.push(id.clone());
            remembered.history_at = remembered.history.len();
        }
    }

    /// Leaving an article: its place noted, and a save asked for when something changed.
    pub(super) fn leave_article(&mut self) {
        self.note_place();
        if std::mem::take(&mut self.remembered.unsaved) {
            self.requests.save = true;
        }
    }

    /// The reader shows no article: whichever comes next goes to its remembered place.
    pub(super) fn forget_placed(&mut self) {
        self.remembered.placed = None;
    }

    /// Once the selected article is laid out, the reader goes to its remembered place (once
    /// per article shown).
    pub(super) fn go_to_remembered_place(&mut self) {
        let (Some(index), Some(shown)) = (self.selected_article(), self.selected_ref().cloned()) else { return };
        if self.remembered.placed.as_ref() == Some(&shown) || self.reader.raw() {
            return;
        }
        let Some(page) = self.page() else { return };
        let id = self.catalog.read().unwrap().id(index as usize).to_owned();
        let line = self.remembered.memory.article(&self.remembered.store, &id).place.map(|place| page.line_of(&place));
        self.remembered.placed = Some(shown);
        if let Some(line) = line {
            self.scroll_reader(line);
        }
        // A link to a heading of this article wins over the place it was left at.
        if let Some(anchor) = self.pending_anchor.take()
            && !self.go_to_anchor(&anchor)
        {
            self.flash = Some(format!("no heading #{}", crate::store::sanitize::sanitize_line(&anchor)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::action::{Action, Amount, Direction};
    use crate::app::{App, Event, Loading};
    use crate::config::Config;
    use crate::state::Memory;
    use crate::store::{self, LoadOptions, ScratchDir, origins_for};
    use crate::testing::update_inline;

    fn app(dir: &ScratchDir, columns: u16, memory: Memory) -> App {
        let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
        let found = catalog.read().unwrap().len();
        let mut app = App::new(catalog, Loading { found, done: true }, Config::default());
        app.remember(memory, "/store".into());
        update_inline(&mut app, [Event::Resize(columns, 30)]);
        app
    }

    #[test]
    fn a_place_saved_by_folio_0_2_lands_on_its_paragraph() {
        let dir = ScratchDir::new("app-memory-0-2");
        let body: Vec<String> = (0..40).map(|i| format!("Paragraph {i} of the article, in words.")).collect();
        std::fs::write(dir.join("a.txt"), format!("Alpha\n\n{}", body.join("\n\n"))).unwrap();
        // The state file as folio 0.2 wrote it: a place is a paragraph (1 the first after the
        // title) and a char.
        let old = r#"{"version": 1, "stores": {"/store": {"query": "", "article": "a",
            "articles": {"a": {"place": {"paragraph": 11, "char": 5}, "progress": 70, "opened": 9}}}}}"#;
        let state: crate::state::State = serde_json::from_str(old).unwrap();
        let mut app = app(&dir, 80, Memory::new(state));
        update_inline(&mut app, [Action::Open]);
        let page = app.page().unwrap();
        assert_eq!(page.lines[app.reader.top()].text, "Paragraph 10 of the article, in words.");
    }

    #[test]
    fn the_query_article_and_place_come_back_at_another_width() {
        let dir = ScratchDir::new("app-memory");
        let body: Vec<String> =
            (0..60).map(|i| format!("Paragraph {i} says a few words, enough to wrap twice.")).collect();
        std::fs::write(dir.join("a.txt"), format!("Alpha\n\n{}", body.join("\n\n"))).unwrap();
        std::fs::write(dir.join("b.txt"), format!("Beta\n\n{}", body.join("\n\n"))).unwrap();
        let mut first = app(&dir, 120, Memory::default());
        // A preview beside the list is no reading: nothing is noted of "Alpha", shown first.
        update_inline(&mut first, [Action::Select(Direction::Down, Amount::Line)]);
        assert_eq!(first.remembered.memory.article("/store", "a"), Default::default());
        update_inline(&mut first, "bet".chars().map(Action::Insert).collect::<Vec<_>>());
        update_inline(&mut first, [Action::Open, Action::Scroll(Direction::Down, Amount::Page)]);
        let top = first.reader.top();
        let paragraph = first.page().unwrap().lines[top].block;
        update_inline(&mut first, [Action::Quit]);
        let memory = first.remembered.memory.clone();
        let beta = memory.article("/store", "b");
        assert!(beta.place.as_ref().is_some_and(|p| p.block == paragraph) && beta.opened > 0, "{beta:?}");
        assert!(!beta.read, "not read to its end");
        // Another run, narrower: the query typed again, the article selected, its paragraph on top.
        let second = app(&dir, 70, memory);
        assert_eq!(second.list.query().text(), "bet");
        let page = second.page().expect("the article shown");
        assert_eq!(second.catalog.read().unwrap().id(second.selected_article().unwrap() as usize), "b");
        assert_eq!(page.lines[second.reader.top()].block, paragraph);
        // Scrolled to its end, it is read.
        let mut second = second;
        update_inline(&mut second, [Action::Open, Action::Scroll(Direction::Down, Amount::All), Action::Quit]);
        assert!(second.remembered.memory.article("/store", "b").read);
    }

    #[test]
    fn a_query_that_matches_nothing_for_a_moment_loses_no_place() {
        use crate::action::Deletion;
        let dir = ScratchDir::new("app-memory-no-match");
        let body: Vec<String> =
            (0..80).map(|i| format!("Paragraph {i} says a few words, enough to wrap twice.")).collect();
        std::fs::write(dir.join("a.txt"), format!("Alpha\n\n{}", body.join("\n\n"))).unwrap();
        let mut app = app(&dir, 120, Memory::default());
        update_inline(&mut app, [Action::Open, Action::Scroll(Direction::Down, Amount::Page)]);
        update_inline(&mut app, [Action::Scroll(Direction::Down, Amount::Page)]);
        let top = app.reader.top();
        assert!(top > 0);
        let place = app.page().unwrap().place_of(top);
        // Back to the list, a letter that matches nothing, then taken back.
        update_inline(&mut app, [Action::Back, Action::Insert('x')]);
        assert_eq!(app.selected_article(), None);
        update_inline(&mut app, [Action::Delete(Deletion::Back)]);
        assert_eq!(app.reader.top(), top, "the reader where it was");
        update_inline(&mut app, [Action::Quit]);
        assert_eq!(app.remembered.memory.article("/store", "a").place.map(|p| p.block), Some(place.block));
    }
}

#[cfg(test)]
mod space_tests {
    use crate::action::{Action, Amount, Direction};
    use crate::app::{App, Event, Loading};
    use crate::config::Config;
    use crate::state::Memory;
    use crate::store::{self, LoadOptions, ScratchDir, origins_for};
    use crate::testing::update_inline;

    #[test]
    fn space_at_the_end_goes_to_the_next_unread_article() {
        let dir = ScratchDir::new("app-space");
        for name in ["a", "b", "c"] {
            std::fs::write(dir.join(format!("{name}.txt")), format!("{name}\n\nA short article.\n")).unwrap();
        }
        let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
        let mut memory = Memory::default();
        memory.update_article("/s", "b", |a| a.read = true);
        let mut app = App::new(catalog, Loading { found: 3, done: true }, Config::default());
        app.remember(memory, "/s".into());
        update_inline(&mut app, [Event::Resize(120, 30)]);
        update_inline(&mut app, [Action::Open, Action::PageOrNextUnread]);
        let id = |app: &App| app.catalog.read().unwrap().id(app.selected_article().unwrap() as usize).to_owned();
        assert_eq!(id(&app), "c", "b is read: skipped");
        assert!(app.remembered.memory.article("/s", "a").read, "a was shown to its end");
        update_inline(&mut app, [Action::PageOrNextUnread, Action::Scroll(Direction::Up, Amount::All)]);
        assert_eq!(id(&app), "c", "nothing unread after it: it stays");
    }
}

#[cfg(test)]
mod history_tests {
    use crate::action::{Action, Direction};
    use crate::app::{App, Event, Loading};
    use crate::config::Config;
    use crate::store::{self, LoadOptions, ScratchDir, origins_for};
    use crate::testing::update_inline;

    #[test]
    fn back_and_forward_through_the_articles_read() {
        let dir = ScratchDir::new("app-history");
        for name in ["a", "b", "c", "d"] {
            std::fs::write(dir.join(format!("{name}.txt")), format!("{name}\n\nText.\n")).unwrap();
        }
        let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
        let mut app = App::new(catalog, Loading { found: 4, done: true }, Config::default());
        update_inline(&mut app, [Event::Resize(120, 30)]);
        let id = |app: &App| app.catalog.read().unwrap().id(app.selected_article().unwrap() as usize).to_owned();
        let next = Action::Select(Direction::Down, crate::action::Amount::Line);
        update_inline(&mut app, [Action::Open, next, next]);
        assert_eq!(id(&app), "c");
        let (back, forward) = (Action::History(Direction::Up), Action::History(Direction::Down));
        update_inline(&mut app, [back]);
        assert_eq!(id(&app), "b");
        update_inline(&mut app, [back, back]);
        assert_eq!(id(&app), "a", "no further back than the first");
        update_inline(&mut app, [forward]);
        assert_eq!(id(&app), "b");
        // An article not listed by the query: the query goes, the article comes.
        update_inline(&mut app, [Action::Back, Action::Insert('b')]);
        update_inline(&mut app, [Action::Open, back]);
        assert_eq!((id(&app).as_str(), app.list.query().text()), ("a", ""));
        // Reading another from the middle drops what was ahead.
        update_inline(&mut app, [Action::Open, next, next, next, forward]);
        assert_eq!(id(&app), "d");
    }
}
