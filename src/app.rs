//! The application state and its one pure `update`: no terminal, no I/O.

use crate::query::QueryLine;
use crate::reader::{Layout, LayoutCache};
use crate::search::{MatchRequest, Matcher, Query, Ranked, Ranking, Searcher};
use crate::store::{self, Article, LoadEvent, SharedCatalog, Warning};
use crate::ui::{Panes, panes};
use ratatui::layout::{Position, Rect};
use std::collections::VecDeque;

/// Lines the mouse wheel scrolls the reader by.
const WHEEL_LINES: usize = 3;
/// Articles kept read, so going back and forth in the list reads nothing twice.
const KEPT_BODIES: usize = 8;

/// Everything the user can ask for, and everything that happens to the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Insert(char),
    DeleteBack,
    DeleteForward,
    DeleteWord,
    DeleteToStart,
    CursorLeft,
    CursorRight,
    CursorStart,
    CursorEnd,
    ListUp,
    ListDown,
    ListPageUp,
    ListPageDown,
    /// Enter the reader.
    Open,
    /// Leave the reader for the list.
    Back,
    /// Esc in the list: clear the query, or quit when it is empty.
    Cancel,
    ScrollUp,
    ScrollDown,
    ScrollPageUp,
    ScrollPageDown,
    ScrollHalfUp,
    ScrollHalfDown,
    ScrollTop,
    ScrollBottom,
    ToggleHelp,
    CloseHelp,
    HelpUp,
    HelpDown,
    Quit,
    Resize(u16, u16),
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    Click {
        column: u16,
        row: u16,
    },
    Load(LoadEvent),
    Ranked(Ranked),
    Body(BodyLoaded),
}

/// Asks for article `index` of catalog `epoch` to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyRequest {
    pub epoch: u64,
    pub index: u32,
}

/// An article read in full, or why it could not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLoaded {
    pub epoch: u64,
    pub index: u32,
    pub result: Result<Article, Warning>,
}

/// Work the app wants done off the UI thread; the event loop takes it after each update.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Requests {
    pub matching: Option<MatchRequest>,
    pub body: Option<BodyRequest>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
}

/// Progress of the background load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loading {
    /// Articles found so far (files listed, JSON lines read).
    pub found: usize,
    pub done: bool,
}

/// The whole application state.
pub struct App {
    pub catalog: SharedCatalog,
    pub loading: Loading,
    pub warnings: Vec<Warning>,
    pub query: QueryLine,
    /// The rows the list shows: the newest ranking received, until a newer one arrives.
    pub ranking: Ranking,
    /// The parsed query of `ranking`, for highlighting.
    pub ranked_query: Query,
    /// Index into the ranking's rows.
    pub selected: usize,
    /// First visible row of the list.
    pub list_top: usize,
    pub focus: Focus,
    pub help: Option<usize>,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    /// First visible line of the selected article.
    pub reader_top: usize,
    pub layouts: LayoutCache,
    /// Recently read articles, newest last.
    bodies: VecDeque<BodyLoaded>,
    /// Set when the app should end, with the process exit code.
    pub exit: Option<i32>,
    pub matcher: Matcher,
    /// Generation of the newest ranking asked for, and of the one shown.
    asked: u64,
    shown: u64,
    requests: Requests,
    body_pending: Option<BodyRequest>,
    /// After the catalog was replaced, the article to find again.
    reselect: Option<String>,
}

impl App {
    pub fn new(catalog: SharedCatalog, loading: Loading) -> Self {
        let (epoch, len) = {
            let c = catalog.read().unwrap();
            (c.epoch(), c.len())
        };
        let mut app = App {
            catalog,
            loading,
            warnings: Vec::new(),
            query: QueryLine::default(),
            ranking: Ranking::all("", epoch, len),
            ranked_query: Query::default(),
            selected: 0,
            list_top: 0,
            focus: Focus::List,
            help: None,
            size: (0, 0),
            reader_top: 0,
            layouts: LayoutCache::default(),
            bodies: VecDeque::new(),
            exit: None,
            matcher: Matcher::default(),
            asked: 0,
            shown: 0,
            requests: Requests::default(),
            body_pending: None,
            reselect: None,
        };
        app.settle();
        app
    }

    /// Hands over the work asked for since the last call.
    pub fn take_requests(&mut self) -> Requests {
        std::mem::take(&mut self.requests)
    }

    /// Does the requested work in place of the worker threads: for tests and the commands.
    pub fn fulfil_inline(&mut self) {
        let mut searcher = Searcher::default();
        loop {
            let requests = self.take_requests();
            if requests == Requests::default() {
                return;
            }
            if let Some(request) = requests.matching
                && let Some(ranking) = searcher.search(&self.catalog, &request.query, &|| false)
            {
                self.update(Action::Ranked(Ranked { generation: request.generation, ranking }));
            }
            if let Some(BodyRequest { epoch, index }) = requests.body {
                let result = store::read_article(&self.catalog, index as usize);
                self.update(Action::Body(BodyLoaded { epoch, index, result }));
            }
            self.settle();
        }
    }

    pub fn epoch(&self) -> u64 {
        self.catalog.read().unwrap().epoch()
    }

    pub fn total(&self) -> usize {
        self.catalog.read().unwrap().len()
    }

    pub fn panes(&self) -> Option<Panes> {
        panes(Rect::new(0, 0, self.size.0, self.size.1))
    }

    pub fn selected_article(&self) -> Option<u32> {
        self.ranking.get(self.selected)
    }

    /// The selected article as read, or why it could not be; `None` while it is being read.
    pub fn body(&self) -> Option<&Result<Article, Warning>> {
        let (epoch, index) = (self.ranking.epoch, self.selected_article()?);
        self.bodies.iter().find(|b| b.epoch == epoch && b.index == index).map(|b| &b.result)
    }

    /// The layout of the selected article at the reader's current width.
    pub fn layout(&self) -> Option<&Layout> {
        let width = self.panes()?.text_width();
        self.layouts.get(self.selected_article()?, width)
    }

    /// Applies one action; returns whether the screen may have changed. Rankings and article
    /// bodies are asked for (see `take_requests`) and arrive later as actions; a burst of keys
    /// asks once, for its last query.
    pub fn update(&mut self, action: Action) -> bool {
        use Action::*;
        let query_changed = match action {
            Insert(c) => {
                self.query.insert(c);
                true
            }
            DeleteBack => self.query.delete_back(),
            DeleteForward => self.query.delete_forward(),
            DeleteWord => self.query.delete_word(),
            DeleteToStart => self.query.delete_to_start(),
            CursorLeft => return self.query.move_by(-1),
            CursorRight => return self.query.move_by(1),
            CursorStart => return self.query.move_to_start(),
            CursorEnd => return self.query.move_to_end(),
            Cancel if self.query.is_empty() => return self.quit(0),
            Cancel => self.query.clear(),
            _ => return self.apply(action),
        };
        if query_changed {
            self.ask_ranking();
        }
        query_changed
    }

    fn apply(&mut self, action: Action) -> bool {
        use Action::*;
        let page = self.panes().map_or(1, |p| usize::from(p.list.height).max(1));
        let view = self.panes().map_or(1, |p| usize::from(p.reader.height).max(1));
        match action {
            ListUp => self.select(self.selected.saturating_sub(1)),
            ListDown => self.select(self.selected + 1),
            ListPageUp => self.select(self.selected.saturating_sub(page)),
            ListPageDown => self.select(self.selected + page),
            Open => self.set_focus(Focus::Reader),
            Back => self.set_focus(Focus::List),
            ScrollUp => self.scroll_to(self.reader_top.saturating_sub(1)),
            ScrollDown => self.scroll_to(self.reader_top + 1),
            ScrollPageUp => self.scroll_to(self.reader_top.saturating_sub(view)),
            ScrollPageDown => self.scroll_to(self.reader_top + view),
            ScrollHalfUp => self.scroll_to(self.reader_top.saturating_sub(view.div_ceil(2))),
            ScrollHalfDown => self.scroll_to(self.reader_top + view.div_ceil(2)),
            ScrollTop => self.scroll_to(0),
            ScrollBottom => self.scroll_to(usize::MAX),
            ToggleHelp => {
                self.help = if self.help.is_some() { None } else { Some(0) };
                true
            }
            CloseHelp => self.help.take().is_some(),
            HelpUp => self.scroll_help(-1),
            HelpDown => self.scroll_help(1),
            Quit => self.quit(0),
            Resize(columns, rows) => self.resize(columns, rows),
            Wheel { column, row, down } => self.wheel(Position::new(column, row), down),
            Click { column, row } => self.click(Position::new(column, row)),
            Load(event) => self.load(event),
            Ranked(ranked) => self.ranked(ranked),
            Body(body) => self.body_loaded(body),
            _ => false,
        }
    }

    fn scroll_help(&mut self, delta: isize) -> bool {
        let Some(top) = self.help else { return false };
        let visible = self.panes().map_or(1, |p| usize::from(p.help_rows()));
        let last = crate::keymap::help_lines().len().saturating_sub(visible);
        let target = top.saturating_add_signed(delta).min(last);
        self.help = Some(target);
        target != top
    }

    /// Ends the app with `code`.
    pub fn quit(&mut self, code: i32) -> bool {
        self.exit = Some(code);
        true
    }

    fn set_focus(&mut self, focus: Focus) -> bool {
        let changed = self.focus != focus && (focus == Focus::List || self.selected_article().is_some());
        if changed {
            self.focus = focus;
        }
        changed
    }

    fn select(&mut self, row: usize) -> bool {
        let row = row.min(self.ranking.len().saturating_sub(1));
        let changed = row != self.selected;
        if changed {
            self.selected = row;
            self.reader_top = 0;
        }
        self.keep_selection_visible();
        changed
    }

    fn keep_selection_visible(&mut self) {
        let height = self.panes().map_or(1, |p| usize::from(p.list.height).max(1));
        if self.selected < self.list_top {
            self.list_top = self.selected;
        } else if self.selected >= self.list_top + height {
            self.list_top = self.selected + 1 - height;
        }
        self.list_top = self.list_top.min(self.ranking.len().saturating_sub(height));
        self.sort_rows(self.list_top + height + 1);
    }

    /// The highest first line that still fills the reader pane.
    fn max_reader_top(&self) -> usize {
        let view = self.panes().map_or(0, |p| usize::from(p.reader.height));
        self.layout().map_or(0, |l| l.lines.len().saturating_sub(view))
    }

    fn scroll_to(&mut self, line: usize) -> bool {
        let line = line.min(self.max_reader_top());
        std::mem::replace(&mut self.reader_top, line) != line
    }

    fn resize(&mut self, columns: u16, rows: u16) -> bool {
        // Keep the paragraph at the top of the reader in view across the re-wrap.
        let anchor = self.layout().and_then(|l| l.lines.get(self.reader_top)).map(|l| l.paragraph);
        self.size = (columns, rows);
        self.settle();
        if let Some(paragraph) = anchor {
            self.reader_top = self.layout().map_or(0, |l| l.first_line_of(paragraph));
            self.scroll_to(self.reader_top);
        }
        self.keep_selection_visible();
        true
    }

    fn wheel(&mut self, at: Position, down: bool) -> bool {
        let Some(panes) = self.panes() else { return false };
        if panes.list.contains(at) {
            self.select(if down { self.selected + 1 } else { self.selected.saturating_sub(1) })
        } else if panes.reader.contains(at) {
            let top = self.reader_top;
            self.scroll_to(if down { top + WHEEL_LINES } else { top.saturating_sub(WHEEL_LINES) })
        } else {
            false
        }
    }

    fn click(&mut self, at: Position) -> bool {
        let Some(panes) = self.panes() else { return false };
        if panes.list.contains(at) {
            let row = self.list_top + usize::from(at.y - panes.list.y);
            let moved = row < self.ranking.len() && self.select(row);
            self.set_focus(Focus::List) | moved
        } else if panes.reader.contains(at) {
            self.set_focus(Focus::Reader)
        } else {
            false
        }
    }

    fn load(&mut self, event: LoadEvent) -> bool {
        match event {
            LoadEvent::Found(count) => self.loading.found += count,
            LoadEvent::Appended(_) => self.ask_ranking(),
            LoadEvent::Replaced => {
                self.reselect = self.selected_article().map(|i| self.catalog.read().unwrap().id(i as usize).to_owned());
                self.layouts = LayoutCache::default();
                self.bodies.clear();
                self.ask_ranking();
            }
            LoadEvent::Warning(warning) => self.warnings.push(warning),
            LoadEvent::Done => self.loading.done = true,
        }
        true
    }

    /// Settles the ranking's first `rows` rows (the few exact scores that takes are computed
    /// here, on demand, as the list scrolls).
    fn sort_rows(&mut self, rows: usize) {
        let catalog = self.catalog.read().unwrap();
        let (matcher, query) = (&self.matcher, &self.ranked_query);
        let exact = |i: u32| match (i as usize) < catalog.len() {
            true => matcher.score(query, catalog.title(i as usize)).unwrap_or(i64::MIN),
            false => i64::MIN,
        };
        self.ranking.sort_rows(rows, &exact);
    }

    /// Asks for the ranking of the current query over the current catalog. An empty query
    /// needs no matching: it is everything, in store order.
    fn ask_ranking(&mut self) {
        self.asked += 1;
        let text = self.query.text().to_owned();
        if Query::parse(&text).is_empty() {
            let (epoch, len) = (self.epoch(), self.total());
            self.ranked(Ranked { generation: self.asked, ranking: Ranking::all(&text, epoch, len) });
        } else {
            self.requests.matching = Some(MatchRequest { generation: self.asked, query: text });
        }
    }

    fn ranked(&mut self, ranked: Ranked) -> bool {
        if ranked.generation < self.shown || ranked.ranking.epoch != self.epoch() {
            return false;
        }
        self.shown = ranked.generation;
        let previous = self.selected_article();
        let same_query = ranked.ranking.query == self.ranking.query && self.reselect.is_none();
        let wanted = match self.reselect.take() {
            Some(id) => self.catalog.read().unwrap().find(&id).map(|i| i as u32),
            None => previous.filter(|_| same_query),
        };
        self.ranking = ranked.ranking;
        self.ranked_query = Query::parse(&self.ranking.query);
        // More articles arriving keep the reader on its article; a new query starts at the
        // top, as in fzf.
        self.sort_rows(self.selected + self.list_top + usize::from(self.size.1));
        let row = wanted.and_then(|article| self.ranking.row_of(article));
        self.selected = row.unwrap_or(0);
        if row.is_none() || self.selected_article() != previous {
            self.reader_top = 0;
        }
        if row.is_none() {
            self.list_top = 0;
        }
        if self.ranking.is_empty() {
            self.focus = Focus::List;
        }
        self.keep_selection_visible();
        true
    }

    fn body_loaded(&mut self, body: BodyLoaded) -> bool {
        if self.body_pending == Some(BodyRequest { epoch: body.epoch, index: body.index }) {
            self.body_pending = None;
        }
        if self.bodies.len() == KEPT_BODIES {
            self.bodies.pop_front();
        }
        self.bodies.push_back(body);
        true
    }

    /// Asks for the selected article to be read, or wraps it for the reader's width once read
    /// (once per article and width), and keeps the reader's position in range.
    pub fn settle(&mut self) {
        if let (Some(index), Some(panes)) = (self.selected_article(), self.panes()) {
            let epoch = self.ranking.epoch;
            match self.bodies.iter().find(|b| b.epoch == epoch && b.index == index).map(|b| &b.result) {
                Some(Ok(article)) => self.layouts.ensure(article, index, panes.text_width()),
                Some(Err(_)) => {}
                None => {
                    let request = BodyRequest { epoch: self.ranking.epoch, index };
                    if self.body_pending != Some(request) {
                        self.body_pending = Some(request);
                        self.requests.body = Some(request);
                    }
                }
            }
        }
        let max = self.max_reader_top();
        self.reader_top = self.reader_top.min(max);
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
