//! The application state and its one pure `update`: no terminal, no I/O.

mod work;

use crate::query::QueryLine;
use crate::reader::{Layout, LayoutCache};
use crate::search::{MatchRequest, Matcher, Query, Ranked, Ranking};
use crate::store::{Article, LoadEvent, SharedCatalog, Warning};
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

    pub(super) fn keep_selection_visible(&mut self) {
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
    pub(super) fn max_reader_top(&self) -> usize {
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
}

#[cfg(test)]
mod tests;
