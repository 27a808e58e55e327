//! The application state of named views and its one `update`: no terminal, no I/O.

mod annotations;
mod find;
mod help;
mod input;
mod layout;
mod links;
mod list;
mod marks;
mod memory;
mod notes;
mod outline;
mod outside;
mod pictures;
mod ranking;
mod reader;
mod select;
mod text;

pub use annotations::{Annotated, Annotations, Marked};
pub use find::{FindView, Hit};
pub use help::{HelpRow, HelpView};
pub use input::{Event, Input, Requests, Step};
pub use links::{Destination, LinkHints, destination, hint_labels};
pub use list::{ListView, SearchKind};
pub use memory::Remembered;
pub use notes::{NoteRow, NotesView};
pub use outline::{Heading, OutlineView};
pub use outside::{External, MAX_COPY};
pub use reader::ReaderView;
pub use select::Selection;
pub use text::TextIndexState;

use crate::action::{Action, Amount, Direction};
use crate::config::Config;
use crate::keymap::Mode;
use crate::page::Page;
use crate::query::QueryLine;
use crate::store::{Article, ArticleRef, FetchRequest, ReadError, SharedCatalog, Warning};
use crate::width::display_width;
use ratatui::layout::{Position, Rect};

/// A picker's exit status when nothing was chosen (Esc), as fzf's.
pub const EXIT_NOTHING_PICKED: i32 = 1;

/// Lines the mouse wheel scrolls the reader by.
const WHEEL_LINES: usize = 3;

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

/// A view drawn over the panes that takes the keys while it is open: one at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help(HelpView),
    Outline(OutlineView),
    /// Hints on the links on screen, the keys typed of one so far.
    Links(LinkHints),
    /// The store's highlights and notes.
    Notes(NotesView),
}

/// The whole application state: the store, the views, and where the app stands.
pub struct App {
    pub catalog: SharedCatalog,
    pub loading: Loading,
    pub warnings: Vec<Warning>,
    pub config: Config,
    pub list: ListView,
    pub reader: ReaderView,
    /// What is drawn over the panes and has the keys: the help, the outline or link hints.
    overlay: Option<Overlay>,
    /// A link's heading (`b.md#usage`) to go to once its article is laid out.
    pending_anchor: Option<String>,
    focus: Focus,
    /// The screen, as the last resize gave it; render draws from it.
    area: Rect,
    /// Set when the app should end, with the process exit code.
    exit: Option<i32>,
    requests: Requests,
    /// Ctrl-L was pressed since the last update.
    repaint: bool,
    /// The search inside the article (`/`), once started.
    pub find: Option<FindView>,
    pub text_index: TextIndexState,
    /// What is kept across runs, and for which store.
    pub remembered: Remembered,
    /// `z` was pressed an odd number of times: the list shows or hides against the default.
    list_toggled: bool,
    /// The marks as filters, orders and the footer's unread count see them.
    marks: marks::MarkView,
    /// A note for the footer until the next key (a copy done, a width changed).
    pub flash: Option<String>,
    /// The reading column's widest: the config's, or what `+`/`-` set.
    reading_width: u16,
    /// The store changed while it was loading: it is read again once done.
    reload_pending: bool,
    /// The query changed in this update: its ranking is asked for at the end of it.
    ranking_wanted: bool,
    /// Folders of the store found missing by the last load: said so, and watched for.
    pub gone: Vec<std::path::PathBuf>,
    /// The first warnings are the PATHs that could not be opened: kept across reloads.
    pub missing_roots: usize,
    /// `folio pick`: Enter chooses the selected article and ends, Esc ends with nothing.
    pub pick: bool,
    /// The article chosen in a picker: its id, and its file when it is one.
    pub picked: Option<(String, Option<std::path::PathBuf>)>,
    /// The selection in the reader (`v`), while there is one.
    pub selection: Option<Selection>,
    /// Where the left mouse button last went down in the reader: where a drag selects from.
    pressed: Option<Position>,
    /// The highlights of the article read, found in its text.
    pub annotations: Annotations,
    /// The pictures of the articles read: their sizes, and each encoded for the terminal.
    pub pictures: crate::pictures::Pictures,
    /// An article whose pictures' sizes came in this update: laid out again once, at the
    /// update's end, however many came.
    pictures_sized: Option<ArticleRef>,
}

impl App {
    pub fn new(catalog: SharedCatalog, loading: Loading, config: Config) -> Self {
        let list = ListView::new(&catalog.read().unwrap());
        let mut app = App {
            catalog,
            loading,
            warnings: Vec::new(),
            config,
            list,
            reader: ReaderView::default(),
            overlay: None,
            pending_anchor: None,
            focus: Focus::List,
            area: Rect::default(),
            exit: None,
            requests: Requests::default(),
            repaint: false,
            find: None,
            text_index: TextIndexState::default(),
            remembered: Remembered::default(),
            list_toggled: false,
            marks: marks::MarkView::default(),
            flash: None,
            reading_width: 0,
            reload_pending: false,
            ranking_wanted: false,
            gone: Vec::new(),
            missing_roots: 0,
            pick: false,
            picked: None,
            selection: None,
            pressed: None,
            annotations: Annotations::default(),
            pictures: crate::pictures::Pictures::default(),
            pictures_sized: None,
        };
        app.reading_width = app.config.width;
        app.reader.set_fast_wrap(app.config.wrap == crate::config::Wrap::Fast);
        app.prepare_reader();
        app
    }

    /// Applies `inputs` in order, then prepares the reader (the selected article asked for or
    /// laid out, its position in range) and hands over the work asked for: a burst of keys asks
    /// once, for its last query.
    pub fn update<I: Into<Input>>(&mut self, inputs: impl IntoIterator<Item = I>) -> Step {
        let mut redraw = false;
        for input in inputs {
            let input = input.into();
            if matches!(input, Input::Key(_) | Input::Action(_) | Input::Paste(_)) {
                // Keys typed with the one that hands the terminal to a pager, an editor or the
                // shell were meant for them, not for folio: dropped.
                if self.requests.external.is_some() || self.requests.suspend {
                    continue;
                }
                redraw |= self.flash.take().is_some();
            }
            redraw |= match input {
                Input::Key(key) => self.config.keymap.resolve(self.mode(), &key).is_some_and(|a| self.act(a)),
                Input::Action(action) => self.act(action),
                Input::Paste(text) => self.paste(&text),
                Input::Event(event) => self.handle(event),
            };
        }
        self.lay_out_sized_pictures();
        self.ask_ranking_if_wanted();
        self.prepare_reader();
        let repaint = std::mem::take(&mut self.repaint);
        Step { redraw: redraw || repaint, repaint, requests: std::mem::take(&mut self.requests) }
    }

    /// Which keys are live.
    pub fn mode(&self) -> Mode {
        match (&self.overlay, self.focus) {
            (Some(Overlay::Help(_)), _) => Mode::Help,
            (Some(Overlay::Outline(_)), _) => Mode::Outline,
            (Some(Overlay::Links(_)), _) => Mode::Links,
            (Some(Overlay::Notes(_)), _) => Mode::Notes,
            (None, Focus::List) => Mode::List,
            (None, Focus::Reader) if self.selection.as_ref().is_some_and(|s| s.note.is_some()) => Mode::Note,
            (None, Focus::Reader) if self.selection.is_some() => Mode::Select,
            (None, Focus::Reader) if self.find.as_ref().is_some_and(|f| f.prompt.is_some()) => Mode::Find,
            (None, Focus::Reader) => Mode::Reader,
        }
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn help(&self) -> Option<HelpView> {
        match self.overlay {
            Some(Overlay::Help(help)) => Some(help),
            _ => None,
        }
    }

    /// The exit code, once the app should end.
    pub fn exit(&self) -> Option<i32> {
        self.exit
    }

    /// The screen as the last resize gave it.
    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn epoch(&self) -> u64 {
        self.catalog.read().unwrap().epoch()
    }

    pub fn total(&self) -> usize {
        self.catalog.read().unwrap().len()
    }

    /// The selected article's position in the current catalog.
    pub fn selected_article(&self) -> Option<u32> {
        self.list.selected_article()
    }

    /// The selected article by id and version.
    pub fn selected_ref(&self) -> Option<&ArticleRef> {
        self.list.selected_ref()
    }

    /// The selected article as read, or why it could not be; `None` while it is being read.
    pub fn body(&self) -> Option<&Result<Article, ReadError>> {
        self.reader.body(self.selected_ref()?)
    }

    /// The selected article laid out at the reader's width.
    pub fn page(&self) -> Option<&Page> {
        self.reader.page(self.selected_ref()?, self.reader.layout_width(self.panes()?.text_width()))
    }

    /// Applies a user intent; returns whether the screen may have changed.
    fn act(&mut self, action: Action) -> bool {
        // Only a session that went somewhere says where it was: an idle one quitting last must
        // not put its first article over another folio's.
        let stays = action.stays() || (action == Action::Cancel && self.list.query().is_empty());
        self.remembered.acted |= !stays;
        // Edits of the query ask for one ranking at the end of the burst; anything else sees
        // the query's ranking asked for first.
        if !matches!(action, Action::Insert(_) | Action::Delete(_) | Action::Cursor(_)) {
            self.ask_ranking_if_wanted();
        }
        match action {
            Action::Insert(c) if self.mode() == Mode::Find => self.prompt().is_some_and(|p| {
                p.insert(c);
                true
            }),
            Action::Delete(deletion) if self.mode() == Mode::Find => self.prompt().is_some_and(|p| p.delete(deletion)),
            Action::Cursor(to) if self.mode() == Mode::Find => self.prompt().is_some_and(|p| p.move_cursor(to)),
            Action::Open if self.mode() == Mode::Find => self.search_article(),
            Action::Cancel if self.mode() == Mode::Find => self.close_prompt(),
            Action::Insert(c) if self.mode() == Mode::Outline => self.outline_edit(|f| {
                f.insert(c);
                true
            }),
            Action::Delete(deletion) if self.mode() == Mode::Outline => self.outline_delete(deletion),
            Action::Cursor(to) if self.mode() == Mode::Outline => self.outline_edit(|f| f.move_cursor(to)),
            Action::Select(direction, amount) if self.mode() == Mode::Outline => {
                let rows = self.panes().map_or(1, |p| p.help_rows(usize::MAX).max(1));
                self.outline_select(direction, amount.lines(rows))
            }
            Action::Open if self.mode() == Mode::Outline => self.outline_jump(),
            Action::Cancel if self.mode() == Mode::Outline => self.overlay.take().is_some(),
            Action::Insert(c) if self.mode() == Mode::Links => self.hint_key(c),
            Action::Insert(c) if self.mode() == Mode::Note => self.note_prompt().is_some_and(|p| {
                p.insert(c);
                true
            }),
            Action::Delete(deletion) if self.mode() == Mode::Note => {
                self.note_prompt().is_some_and(|p| p.delete(deletion))
            }
            Action::Cursor(to) if self.mode() == Mode::Note => self.note_prompt().is_some_and(|p| p.move_cursor(to)),
            Action::Open if self.mode() == Mode::Note => self.keep_note(),
            Action::Cancel if self.mode() == Mode::Note => {
                self.selection.as_mut().and_then(|s| s.note.take()).is_some()
            }
            Action::Insert(c) if self.mode() == Mode::Notes => self.notes_edit(|f| {
                f.insert(c);
                true
            }),
            Action::Delete(deletion) if self.mode() == Mode::Notes => self.notes_edit(|f| f.delete(deletion)),
            Action::Select(direction, amount) if self.mode() == Mode::Notes => {
                let rows = self.panes().map_or(1, |p| p.help_rows(usize::MAX).max(1));
                self.notes_select(direction, amount.lines(rows))
            }
            Action::Open if self.mode() == Mode::Notes => self.notes_open(),
            Action::Cancel if self.mode() == Mode::Notes => self.overlay.take().is_some(),
            Action::CycleOrder if self.mode() == Mode::Notes => self.notes_order(),
            Action::Unhighlight if self.mode() == Mode::Notes => self.notes_remove(),
            Action::Cancel if self.mode() == Mode::Select => self.selection.take().is_some(),
            Action::Selection if self.selection.is_some() => self.selection.take().is_some(),
            Action::Selection => self.start_selection(),
            Action::Move(motion) => self.move_selection(motion),
            Action::SwapEnds => self.swap_selection_ends(),
            Action::CopySelection => self.copy_selection(),
            Action::Highlight(colour) => self.highlight_selection(colour),
            Action::Note => self.open_note_prompt(),
            Action::NoteInEditor => self.note_in_editor(),
            Action::Unhighlight => self.unhighlight_selection(),
            Action::Notes => self.toggle_notes(),
            Action::Cancel if self.mode() == Mode::Links => self.overlay.take().is_some(),
            Action::FollowLink => self.show_link_hints(),
            Action::Outline => self.toggle_outline(),
            Action::Heading(direction) => self.go_to_heading(direction),
            // F1 is the terminal's own in GNOME Terminal and xfce4-terminal: `?` on an empty
            // query is the help's other key (a query can still hold `?` after its first char).
            Action::Insert('?') if self.mode() == Mode::List && self.list.query().is_empty() => {
                self.overlay = Some(Overlay::Help(HelpView::default()));
                true
            }
            Action::Insert(c) => self.list.insert(c) && self.want_ranking(),
            Action::Delete(deletion) => self.list.delete(deletion) && self.want_ranking(),
            Action::Cursor(to) => self.list.move_cursor(to),
            Action::Select(direction, amount) => {
                let by = amount.lines(self.list_rows());
                let moved = self.select(direction.apply(self.list.selected(), by));
                // J and K in the reader at either end of the list: said, not silent.
                if !moved && self.mode() == Mode::Reader {
                    let end = if direction == Direction::Down { "the last" } else { "the first" };
                    self.flash = Some(format!("{end} article of the list"));
                }
                moved || self.flash.is_some()
            }
            Action::Scroll(direction, amount) => match self.mode() {
                Mode::Help => self.scroll_help(direction, amount),
                Mode::List
                | Mode::Reader
                | Mode::Find
                | Mode::Outline
                | Mode::Links
                | Mode::Select
                | Mode::Note
                | Mode::Notes => {
                    let by = amount.lines(self.reader_rows());
                    self.scroll_reader(direction.apply(self.reader.top(), by))
                }
            },
            Action::Pan(side) => {
                let longest =
                    self.page().map_or(0, |p| p.lines.iter().map(|l| display_width(&l.text)).max().unwrap_or(0));
                let columns = self.panes().map_or(0, |p| usize::from(p.reader.width.saturating_sub(1)));
                self.reader.pan(side, (columns / 2).max(1), longest, columns)
            }
            Action::ToggleRaw => self.reader.toggle_raw(),
            Action::PageOrNextUnread => self.page_or_next_unread(),
            Action::History(direction) => self.go_through_history(direction == Direction::Down),
            Action::ToggleList => {
                self.keeping_place(|app| app.list_toggled = !app.list_toggled);
                true
            }
            Action::Open if self.pick && self.mode() == Mode::List => {
                self.picked = self.selected_article().map(|index| {
                    let catalog = self.catalog.read().unwrap();
                    (catalog.id(index as usize).to_owned(), catalog.file_path(index as usize))
                });
                self.picked.is_some() && self.quit(0)
            }
            // A picker left without a choice: nothing to print, as fzf's Esc.
            Action::Cancel if self.pick && self.list.query().is_empty() => self.quit(EXIT_NOTHING_PICKED),
            Action::Open => {
                self.follow_text_query();
                self.note_opened();
                self.set_focus(Focus::Reader)
            }
            Action::ToggleTextSearch => self.toggle_text_search(),
            Action::CycleOrder => self.cycle_order(),
            Action::Width(direction) => self.change_width(direction),
            Action::ResetWidth => self.reset_width(),
            Action::Pager => self.open_outside(false),
            Action::Editor => self.open_outside(true),
            Action::Copy(what) => self.copy(what),
            Action::Reload => self.reload(),
            Action::Suspend => {
                // Saved first: a stopped folio may never be resumed.
                self.note_place();
                self.requests.save = true;
                self.requests.suspend = true;
                true
            }
            Action::ToggleRead => self.toggle_mark(|a| a.read = !a.read),
            Action::ToggleStar => self.toggle_mark(|a| a.starred = !a.starred),
            Action::Back => self.set_focus(Focus::List),
            Action::Cancel if self.list.query().is_empty() => self.quit(0),
            Action::Cancel => self.list.clear_query() && self.want_ranking(),
            Action::ToggleHelp => self.toggle_help(),
            Action::CloseHelp => self.overlay.take().is_some(),
            Action::Redraw => {
                self.repaint = true;
                true
            }
            // Ctrl-C ends a picker as an interrupt, as in fzf.
            Action::Quit => self.quit(if self.pick { 130 } else { 0 }),
            Action::Find => {
                self.find.get_or_insert_default().prompt = Some(QueryLine::default());
                true
            }
            Action::FindHit(direction) => self.step_hit(direction == Direction::Down),
            Action::Wheel { column, row, direction } => self.wheel(Position::new(column, row), direction),
            Action::Click { column, row } => self.click(Position::new(column, row)),
            Action::Drag { column, row } => self.drag_selection(Position::new(column, row)),
        }
    }

    /// Applies what happened; returns whether the screen may have changed.
    fn handle(&mut self, event: Event) -> bool {
        match event {
            Event::Resize(columns, rows) => self.resize(columns, rows),
            Event::Load(event) => self.load(event),
            Event::Ranked(ranked) => self.ranked(ranked),
            Event::Fetched(fetched) => self.reader.fetched(*fetched),
            Event::Painted(painted) => self.painted(*painted),
            Event::Text(event) => self.text_event(event),
            Event::Signal(signal) => self.quit(128 + signal),
            Event::StoreChanged => self.reload(),
            Event::NoteEdited(Ok(text)) => self.keep_note_text(text),
            Event::NoteEdited(Err(why)) => {
                // The editor failed: said, and the note left as it was.
                self.selection = None;
                self.flash = Some(format!("note not kept: {}", crate::store::sanitize::sanitize_line(&why)));
                true
            }
        }
    }

    fn quit(&mut self, code: i32) -> bool {
        self.note_place();
        self.exit = Some(code);
        true
    }

    fn set_focus(&mut self, focus: Focus) -> bool {
        let changed = self.focus != focus && (focus == Focus::List || self.selected_article().is_some());
        if changed && focus == Focus::List {
            // The list's row shows how far the article was read: as of now.
            self.note_place();
        }
        if changed {
            // The reader may take the whole body, or give some back: a re-wrap.
            self.keeping_place(|app| app.focus = focus);
            // The search prompt belongs to the reader: leaving it closes the prompt.
            if let Some(find) = self.find.as_mut() {
                find.prompt = None;
            }
        }
        changed
    }

    fn select(&mut self, row: usize) -> bool {
        self.leave_article();
        self.selection = None;
        let rows = self.list_rows();
        let moved = self.list.select(row, rows, &self.catalog.read().unwrap());
        if moved {
            self.another_article();
        }
        moved
    }

    fn scroll_reader(&mut self, line: usize) -> bool {
        let (lines, rows) = (self.page().map_or(0, |p| p.lines.len()), self.reader_rows());
        self.reader.scroll_to(line, lines, rows)
    }

    fn scroll_help(&mut self, direction: Direction, amount: Amount) -> bool {
        let (lines, rows) = self.help_size();
        match &mut self.overlay {
            Some(Overlay::Help(help)) => help.scroll(direction, amount, lines, rows),
            _ => false,
        }
    }

    /// Asks for the selected article to be read, or lays it out for the reader's width once
    /// read (once per article and width), and keeps the reader's position in range.
    fn prepare_reader(&mut self) {
        let epoch = self.list.ranking().epoch;
        match (self.selected_article(), self.selected_ref().cloned(), self.panes()) {
            (Some(index), Some(article), Some(panes)) => {
                let (rows, width) = (panes.reader_rows(), self.reader.layout_width(panes.text_width()));
                let wanted = FetchRequest { article: article.clone(), epoch, index };
                let pictures = &self.pictures;
                let sizes = |source: &str, room: u16| pictures.size(&article, source, room);
                if let Some(request) = self.reader.prepare(wanted, width, rows, &sizes) {
                    self.requests.fetch = Some(request);
                }
                // The place first: the pictures wanted are those near where the reader opens.
                self.go_to_remembered_place();
                self.ask_pictures(&article, width, rows);
                self.refresh_annotations(false);
                if let (Some(find), Some(page)) = (self.find.as_mut(), self.reader.page(&article, width))
                    && find.refresh(&article, page)
                    && find.pending
                {
                    self.jump_to_first_hit();
                }
            }
            // Nothing selected: the top. A screen too small for panes keeps the place, so
            // growing it again finds the reader where it was.
            // Its article's remembered place is applied again when it comes back (a query that
            // matched nothing for a keystroke must not leave it at the top, to be saved there).
            (None, _, _) | (_, None, _) => {
                self.reader.rewind();
                self.forget_placed();
            }
            (Some(_), Some(_), None) => {}
        }
    }
}

#[cfg(test)]
mod tests;
