//! What `App::update` takes (keys, actions, events) and what it gives back (a `Step`).

use crate::action::Action;
use crate::fulltext::{TextEvent, TextRequest};
use crate::search::{MatchRequest, Ranked};
use crate::store::{FetchRequest, Fetched, LoadEvent};
use crossterm::event::KeyEvent;

/// What happens to the app without being asked for by a key: worker answers, load progress,
/// resizes and signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Resize(u16, u16),
    Load(LoadEvent),
    Ranked(Ranked),
    Fetched(Fetched),
    Text(TextEvent),
    /// A signal ends folio with exit status 128 + its number.
    Signal(i32),
}

/// One thing for [`App::update`] to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A key press, resolved by the keymap in the mode the app is in when its turn comes.
    Key(KeyEvent),
    Action(Action),
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
    pub text: Option<TextRequest>,
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
