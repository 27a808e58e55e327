//! What `App::update` takes (keys, actions, events, the mouse) and what it gives back (a `Step`).

use super::{App, Focus, WHEEL_LINES};
use crate::action::{Action, Direction};
use crate::fulltext::{TextEvent, TextRequest};
use crate::keymap::Mode;
use crate::search::{MatchRequest, Ranked};
use crate::store::{FetchRequest, Fetched, LoadEvent};
use crossterm::event::KeyEvent;
use ratatui::layout::Position;

/// What happens to the app without being asked for by a key: worker answers, load progress,
/// resizes and signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Resize(u16, u16),
    Load(LoadEvent),
    Ranked(Ranked),
    Fetched(Box<Fetched>),
    /// A picture's size, or the picture encoded for the terminal.
    Painted(Box<crate::pictures::Painted>),
    Text(TextEvent),
    /// A signal ends folio with exit status 128 + its number.
    Signal(i32),
    /// Files of the store changed on disk (the watcher saw it).
    StoreChanged,
    /// What `$EDITOR` left of a note, or why it could not run.
    NoteEdited(Result<String, String>),
}

/// One thing for [`App::update`] to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press, resolved by the keymap in the mode the app is in when its turn comes.
    Key(KeyEvent),
    Action(Action),
    /// Text pasted (bracketed paste): one edit of the query or the find prompt, whatever its length.
    Paste(String),
    Event(Event),
}

impl From<Action> for Input {
    fn from(action: Action) -> Self {
        Input::Action(action)
    }
}

impl From<Event> for Input {
    fn from(event: Event) -> Self {
        Input::Event(event)
    }
}

impl From<KeyEvent> for Input {
    fn from(key: KeyEvent) -> Self {
        Input::Key(key)
    }
}

/// Work the app wants done off the UI thread.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Requests {
    pub matching: Option<MatchRequest>,
    pub fetch: Option<FetchRequest>,
    /// Pictures of the article read to be sized or encoded.
    pub paint: Option<crate::pictures::PaintRequest>,
    pub text: Option<TextRequest>,
    /// The remembered state changed: to be saved (off the UI thread).
    pub save: bool,
    /// Give the terminal back and stop until resumed.
    pub suspend: bool,
    /// Run the pager or the editor on the terminal, then take it back.
    pub external: Option<super::outside::External>,
    /// Text for the clipboard (OSC 52).
    pub copy: Option<String>,
    /// Read the store again.
    pub reload: bool,
}

/// What an update did: whether the screen may have changed, and the work to hand to the
/// workers (whose answers come back as [`Event`]s).
#[must_use = "the requests are for the workers"]
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Step {
    pub redraw: bool,
    /// The terminal must be cleared before drawing: something else may have written on it.
    pub repaint: bool,
    pub requests: Requests,
}

/// The mouse, with `--mouse`.
impl App {
    pub(super) fn wheel(&mut self, at: Position, direction: Direction) -> bool {
        let Some(panes) = self.panes() else { return false };
        // A drag selects from a press in the reader, not from an older one.
        self.pressed = None;
        if panes.list.contains(at) {
            self.select(direction.apply(self.list.selected(), 1))
        } else if panes.reader.contains(at) {
            self.scroll_reader(direction.apply(self.reader.top(), WHEEL_LINES))
        } else {
            false
        }
    }

    pub(super) fn click(&mut self, at: Position) -> bool {
        let Some(panes) = self.panes() else { return false };
        // A drag selects from a press in the reader, not from an older one.
        self.pressed = None;
        if panes.list.contains(at) {
            // Rows of two lines in text search; a spare line below the last row selects nothing.
            let shown = usize::from(at.y - panes.list.y) / self.list.item_height();
            let row = self.list.top() + shown;
            let moved = shown < self.list_rows() && row < self.list.ranking().len() && self.select(row);
            self.set_focus(Focus::List) | moved
        } else if panes.reader.contains(at) {
            // A click ends a selection, as in a browser (not one whose note is being written).
            self.pressed = Some(at);
            let ended = self.selection.as_ref().is_some_and(|s| s.note.is_none()) && self.selection.take().is_some();
            self.set_focus(Focus::Reader) | ended
        } else {
            false
        }
    }
}

impl App {
    /// Pasted text: one edit of the find prompt or the query, one ranking asked for.
    pub(super) fn paste(&mut self, text: &str) -> bool {
        self.remembered.acted = true;
        match self.mode() {
            Mode::Find => self.prompt().is_some_and(|p| p.paste(text)),
            Mode::List => self.list.paste(text) && self.want_ranking(),
            Mode::Outline => self.outline_edit(|f| f.paste(text)),
            Mode::Note => self.note_prompt().is_some_and(|p| p.paste(text)),
            Mode::Notes => self.notes_edit(|f| f.paste(text)),
            Mode::Reader | Mode::Help | Mode::Links | Mode::Select => false,
        }
    }
}
