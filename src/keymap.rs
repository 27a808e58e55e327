//! Keys as data: one table maps (mode, key) to an Action and also feeds the help and footer.

use crate::app::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which keys are live: the focused pane, or the help overlay over either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Reader,
    Help,
}

/// A key with its modifiers (Shift is implied by an upper-case char).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub KeyCode, pub KeyModifiers);

/// Keys that do one thing in some modes, described for the help overlay.
#[derive(Debug)]
pub struct Binding {
    pub modes: &'static [Mode],
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// Short text for the footer, when the binding deserves a place there.
    pub hint: Option<&'static str>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALL: &[Mode] = &[Mode::List, Mode::Reader, Mode::Help];
const LIST: &[Mode] = &[Mode::List];
const READER: &[Mode] = &[Mode::Reader];
const HELP: &[Mode] = &[Mode::Help];

const fn key(c: char) -> Key {
    Key(KeyCode::Char(c), NONE)
}
const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), CTRL)
}
const fn code(code: KeyCode) -> Key {
    Key(code, NONE)
}

macro_rules! bind {
    ($modes:expr, [$($key:expr),+], $action:expr, $help:expr) => {
        Binding { modes: $modes, keys: &[$($key),+], action: $action, help: $help, hint: None }
    };
    ($modes:expr, [$($key:expr),+], $action:expr, $help:expr, $hint:expr) => {
        Binding { modes: $modes, keys: &[$($key),+], action: $action, help: $help, hint: Some($hint) }
    };
}

/// Every key folio knows. In the list, any other printable char is typed into the query.
pub static BINDINGS: &[Binding] = &[
    bind!(ALL, [ctrl('c')], Action::Quit, "quit folio", "quit"),
    bind!(ALL, [code(KeyCode::F(1))], Action::ToggleHelp, "show or hide this help", "help"),
    bind!(LIST, [code(KeyCode::Down), ctrl('n'), ctrl('j')], Action::ListDown, "next article"),
    bind!(LIST, [code(KeyCode::Up), ctrl('p'), ctrl('k')], Action::ListUp, "previous article"),
    bind!(LIST, [code(KeyCode::PageDown)], Action::ListPageDown, "next page of articles"),
    bind!(LIST, [code(KeyCode::PageUp)], Action::ListPageUp, "previous page of articles"),
    bind!(LIST, [code(KeyCode::Enter), code(KeyCode::Tab)], Action::Open, "read the selected article", "read"),
    bind!(LIST, [code(KeyCode::Esc)], Action::Cancel, "clear the query; quit when it is empty", "clear/quit"),
    bind!(LIST, [code(KeyCode::Backspace), ctrl('h')], Action::DeleteBack, "delete the char before the cursor"),
    bind!(LIST, [code(KeyCode::Delete)], Action::DeleteForward, "delete the char under the cursor"),
    bind!(LIST, [ctrl('w')], Action::DeleteWord, "delete the word before the cursor"),
    bind!(LIST, [ctrl('u')], Action::DeleteToStart, "delete to the start of the query"),
    bind!(LIST, [code(KeyCode::Left), ctrl('b')], Action::CursorLeft, "cursor left"),
    bind!(LIST, [code(KeyCode::Right), ctrl('f')], Action::CursorRight, "cursor right"),
    bind!(LIST, [code(KeyCode::Home), ctrl('a')], Action::CursorStart, "cursor to the start"),
    bind!(LIST, [code(KeyCode::End), ctrl('e')], Action::CursorEnd, "cursor to the end"),
    bind!(
        READER,
        [key('j'), code(KeyCode::Down), code(KeyCode::Enter), ctrl('n')],
        Action::ScrollDown,
        "scroll down a line"
    ),
    bind!(READER, [key('k'), code(KeyCode::Up), key('y'), ctrl('p')], Action::ScrollUp, "scroll up a line"),
    bind!(
        READER,
        [key(' '), code(KeyCode::PageDown), key('f'), ctrl('f')],
        Action::ScrollPageDown,
        "scroll down a page",
        "page"
    ),
    bind!(READER, [key('b'), code(KeyCode::PageUp), ctrl('b')], Action::ScrollPageUp, "scroll up a page", "back"),
    bind!(READER, [key('d'), ctrl('d')], Action::ScrollHalfDown, "scroll down half a page"),
    bind!(READER, [key('u'), ctrl('u')], Action::ScrollHalfUp, "scroll up half a page"),
    bind!(READER, [key('g'), code(KeyCode::Home), key('<')], Action::ScrollTop, "go to the top", "top"),
    bind!(READER, [key('G'), code(KeyCode::End), key('>')], Action::ScrollBottom, "go to the end", "end"),
    bind!(READER, [key('J')], Action::ListDown, "read the next article", "next"),
    bind!(READER, [key('K')], Action::ListUp, "read the previous article"),
    bind!(READER, [key('q'), code(KeyCode::Esc), code(KeyCode::Tab)], Action::Back, "back to the list", "list"),
    bind!(READER, [key('?')], Action::ToggleHelp, "show this help"),
    bind!(
        HELP,
        [code(KeyCode::Esc), key('q'), key('?'), code(KeyCode::Enter)],
        Action::CloseHelp,
        "close the help",
        "close"
    ),
    bind!(HELP, [key('j'), code(KeyCode::Down)], Action::HelpDown, "scroll the help down"),
    bind!(HELP, [key('k'), code(KeyCode::Up)], Action::HelpUp, "scroll the help up"),
];

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        let mut modifiers = event.modifiers;
        if matches!(event.code, KeyCode::Char(_)) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        self.0 == event.code && self.1 == modifiers
    }

    /// The key as people write it: `Ctrl-P`, `PgDn`, `G`.
    pub fn label(&self) -> String {
        let name = match self.0 {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) if self.1.contains(CTRL) => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::Backspace => "Bksp".to_owned(),
            KeyCode::Delete => "Del".to_owned(),
            other => other.to_string(),
        };
        if self.1.contains(CTRL) { format!("Ctrl-{name}") } else { name }
    }
}

/// The action for a key press in `mode`; in the list, unbound printable chars edit the query.
pub fn resolve(mode: Mode, event: &KeyEvent) -> Option<Action> {
    let bound = BINDINGS
        .iter()
        .find(|b| b.modes.contains(&mode) && b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action.clone());
    bound.or_else(|| match (mode, event.code) {
        (Mode::List, KeyCode::Char(c)) if !event.modifiers.intersects(CTRL | KeyModifiers::ALT) => {
            Some(Action::Insert(c))
        }
        _ => None,
    })
}

/// The help overlay's lines: a heading per mode, then `keys  what they do`.
pub fn help_lines() -> Vec<(String, &'static str)> {
    let mut lines = Vec::new();
    for (mode, heading) in [(Mode::List, "List and query"), (Mode::Reader, "Reader"), (Mode::Help, "This help")] {
        lines.push((heading.to_owned(), ""));
        lines.extend(BINDINGS.iter().filter(|b| b.modes.contains(&mode) && b.modes != ALL).map(describe));
        if mode == Mode::List {
            lines.push(("other keys".to_owned(), "type into the query (fuzzy; spaces separate terms)"));
        }
        lines.push((String::new(), ""));
    }
    lines.push(("Anywhere".to_owned(), ""));
    lines.extend(BINDINGS.iter().filter(|b| b.modes == ALL).map(describe));
    lines
}

fn describe(binding: &Binding) -> (String, &'static str) {
    let keys: Vec<String> = binding.keys.iter().map(Key::label).collect();
    (keys.join(" "), binding.help)
}

/// Footer hints for `mode`: the first key of each hinted binding and its short text.
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    let own = BINDINGS.iter().filter(|b| b.modes.contains(&mode) && b.modes != ALL);
    let global = BINDINGS.iter().filter(|b| b.modes == ALL);
    own.chain(global).filter_map(|b| Some((b.keys[0].label(), b.hint?))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_same_key_means_what_the_mode_says() {
        let j = press(KeyCode::Char('j'), NONE);
        assert_eq!(resolve(Mode::List, &j), Some(Action::Insert('j')));
        assert_eq!(resolve(Mode::Reader, &j), Some(Action::ScrollDown));
        assert_eq!(resolve(Mode::Help, &j), Some(Action::HelpDown));
        let ctrl_u = press(KeyCode::Char('u'), CTRL);
        assert_eq!(resolve(Mode::List, &ctrl_u), Some(Action::DeleteToStart));
        assert_eq!(resolve(Mode::Reader, &ctrl_u), Some(Action::ScrollHalfUp));
    }

    #[test]
    fn shifted_chars_and_unbound_controls() {
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(resolve(Mode::Reader, &big_g), Some(Action::ScrollBottom));
        assert_eq!(resolve(Mode::List, &big_g), Some(Action::Insert('G')));
        assert_eq!(resolve(Mode::List, &press(KeyCode::Char('z'), CTRL)), None);
        assert_eq!(resolve(Mode::Reader, &press(KeyCode::Char('c'), CTRL)), Some(Action::Quit));
    }

    #[test]
    fn help_lists_every_binding_with_labels() {
        let lines = help_lines();
        for binding in BINDINGS {
            assert!(lines.iter().any(|(_, help)| *help == binding.help), "{} missing", binding.help);
        }
        assert!(lines.contains(&("Up Ctrl-P Ctrl-K".to_owned(), "previous article")));
        assert_eq!(hints(Mode::List)[0], ("Enter".to_owned(), "read"));
        assert_eq!(hints(Mode::List).last(), Some(&("F1".to_owned(), "help")));
    }
}
