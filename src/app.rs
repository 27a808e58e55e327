//! The application state and its one pure `update`: no terminal, no I/O.

use crate::query::QueryLine;
use crate::reader::{Layout, LayoutCache};
use crate::search::{Matcher, Query};
use crate::store::{Article, LoadEvent, Warning};
use crate::ui::{Panes, panes};
use ratatui::layout::{Position, Rect};

/// Lines the mouse wheel scrolls the reader by.
const WHEEL_LINES: usize = 3;

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
}

/// Progress of the background load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loading {
    /// Files found, once the folders have been searched.
    pub found: Option<usize>,
    pub done: bool,
}

/// The whole application state.
pub struct App {
    pub articles: Vec<Article>,
    pub loading: Loading,
    pub warnings: Vec<Warning>,
    pub query: QueryLine,
    /// The query the current `hits` were ranked for.
    pub ranked_query: Query,
    /// Indices into `articles`, best match first.
    pub hits: Vec<u32>,
    /// Index into `hits`.
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
    /// Set when the app should end, with the process exit code.
    pub exit: Option<i32>,
    pub matcher: Matcher,
    needs_rank: bool,
}

impl App {
    pub fn new(articles: Vec<Article>, loading: Loading) -> Self {
        let mut app = App {
            articles,
            loading,
            warnings: Vec::new(),
            query: QueryLine::default(),
            ranked_query: Query::default(),
            hits: Vec::new(),
            selected: 0,
            list_top: 0,
            focus: Focus::List,
            help: None,
            size: (0, 0),
            reader_top: 0,
            layouts: LayoutCache::default(),
            exit: None,
            matcher: Matcher::default(),
            needs_rank: true,
        };
        app.settle();
        app
    }

    pub fn panes(&self) -> Option<Panes> {
        panes(Rect::new(0, 0, self.size.0, self.size.1))
    }

    pub fn selected_article(&self) -> Option<u32> {
        self.hits.get(self.selected).copied()
    }

    /// The layout of the selected article at the reader's current width.
    pub fn layout(&self) -> Option<&Layout> {
        let width = self.panes()?.text_width();
        self.layouts.get(self.selected_article()?, width)
    }

    /// Applies one action; returns whether the screen may have changed. Deferred work
    /// (re-ranking, re-wrapping) waits for `settle`, so a burst of keys costs one ranking.
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
            self.needs_rank = true;
        }
        query_changed
    }

    fn apply(&mut self, action: Action) -> bool {
        use Action::*;
        // Moves and Enter act on the ranking the user sees typed so far, even within one burst
        // of input; load batches alone keep deferring it.
        if !matches!(action, Load(_)) && std::mem::take(&mut self.needs_rank) {
            self.rank();
        }
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
        let row = row.min(self.hits.len().saturating_sub(1));
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
        self.list_top = self.list_top.min(self.hits.len().saturating_sub(height));
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
            let moved = row < self.hits.len() && self.select(row);
            self.set_focus(Focus::List) | moved
        } else if panes.reader.contains(at) {
            self.set_focus(Focus::Reader)
        } else {
            false
        }
    }

    fn load(&mut self, event: LoadEvent) -> bool {
        match event {
            LoadEvent::Found(count) => self.loading.found = Some(count),
            LoadEvent::Articles(batch) => {
                self.articles.extend(batch);
                self.needs_rank = true;
            }
            LoadEvent::Warning(warning) => self.warnings.push(warning),
            LoadEvent::Done => self.loading.done = true,
        }
        true
    }

    /// Does the work deferred by `update`: ranks the titles for a changed query or new articles,
    /// and wraps the selected article for the reader's width (once per article and width).
    pub fn settle(&mut self) {
        if std::mem::take(&mut self.needs_rank) {
            self.rank();
        }
        if let (Some(article), Some(panes)) = (self.selected_article(), self.panes()) {
            self.layouts.ensure(&self.articles[article as usize], article, panes.text_width());
        }
        let max = self.max_reader_top();
        self.reader_top = self.reader_top.min(max);
    }

    fn rank(&mut self) {
        let query = Query::parse(self.query.text());
        let previous = self.selected_article();
        let same_query = query == self.ranked_query;
        self.hits = self.matcher.rank(&query, self.articles.iter().map(|a| a.title.as_str()));
        self.ranked_query = query;
        // New articles arriving keep the reader on its article; a new query starts at the top,
        // as in fzf.
        let row = if same_query { previous.and_then(|p| self.hits.iter().position(|&h| h == p)) } else { None };
        self.selected = row.unwrap_or(0);
        if !same_query || row.is_none() {
            self.reader_top = 0;
            self.list_top = 0;
        }
        if self.hits.is_empty() {
            self.focus = Focus::List;
        }
        self.keep_selection_visible();
    }
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
