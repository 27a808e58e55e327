//! Keys as data: a table maps (mode, key) to an Action and also feeds the help and footer.

use crate::action::{Action, Amount, Copied, CursorMove, Deletion, Direction, Motion, Side};
use crate::highlight::Colour;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which keys are live: the focused pane, or the help overlay over either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Reader,
    /// The search prompt in the reader's footer.
    Find,
    Help,
    /// The outline overlay: its filter has the keys.
    Outline,
    /// Hints on the links on screen: a typed hint follows its link.
    Links,
    /// A selection in the reader: motions move its free end.
    Select,
    /// The note prompt in the reader's footer.
    Note,
    /// The overlay of highlights and notes: its filter has the keys.
    Notes,
}

/// A key with its modifiers (Shift is implied by an upper-case char).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key(pub KeyCode, pub KeyModifiers);

/// Keys that do one thing in some modes, described for the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub modes: Vec<Mode>,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: &'static str,
    /// Short text for the footer, when the binding deserves a place there.
    pub hint: Option<&'static str>,
}

/// Every key folio knows, in the order the help lists them. In the list, any other printable
/// char is typed into the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
/// Every mode: a binding in all of them is live anywhere.
pub const ALL: &[Mode] = &[
    Mode::List,
    Mode::Reader,
    Mode::Find,
    Mode::Help,
    Mode::Outline,
    Mode::Links,
    Mode::Select,
    Mode::Note,
    Mode::Notes,
];
const LIST: &[Mode] = &[Mode::List];
const READER: &[Mode] = &[Mode::Reader];
const HELP: &[Mode] = &[Mode::Help];
const FIND: &[Mode] = &[Mode::Find];
const OUTLINE: &[Mode] = &[Mode::Outline];
const SELECT: &[Mode] = &[Mode::Select];
const NOTES: &[Mode] = &[Mode::Notes];
/// The overlays filtered by typing: the outline's and the notes'.
const FILTERS: &[Mode] = &[Mode::Outline, Mode::Notes];
/// The one-line prompts: the search's and the note's.
const PROMPTS: &[Mode] = &[Mode::Find, Mode::Note];

const fn key(c: char) -> Key {
    Key(KeyCode::Char(c), NONE)
}
const fn ctrl(c: char) -> Key {
    Key(KeyCode::Char(c), CTRL)
}
const fn alt(c: char) -> Key {
    Key(KeyCode::Char(c), KeyModifiers::ALT)
}
const fn code(code: KeyCode) -> Key {
    Key(code, NONE)
}

fn bind(modes: &[Mode], keys: &[Key], action: Action, help: &'static str, hint: Option<&'static str>) -> Binding {
    Binding { modes: modes.to_vec(), keys: keys.to_vec(), action, help, hint }
}

impl Default for Keymap {
    fn default() -> Self {
        use crate::action::Amount::{All, HalfPage, Line, Page};
        use crate::action::Direction::{Down as Dn, Up as Upward};
        use Action::*;
        use KeyCode::{Backspace, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp, Right, Tab, Up};
        let bindings = vec![
            bind(ALL, &[ctrl('c')], Quit, "quit folio", Some("quit")),
            bind(ALL, &[code(F(1))], ToggleHelp, "show or hide this help", Some("help")),
            bind(ALL, &[ctrl('l')], Redraw, "clear and redraw the screen", None),
            bind(ALL, &[ctrl('z')], Suspend, "suspend folio (fg in the shell resumes it)", None),
            bind(LIST, &[code(Down), ctrl('n'), ctrl('j')], Select(Dn, Line), "next article", None),
            bind(LIST, &[code(Up), ctrl('p'), ctrl('k')], Select(Upward, Line), "previous article", None),
            bind(LIST, &[code(PageDown)], Select(Dn, Page), "next page of articles", None),
            bind(LIST, &[code(PageUp)], Select(Upward, Page), "previous page of articles", None),
            bind(LIST, &[code(Enter), code(Tab)], Open, "read the selected article", Some("read")),
            bind(LIST, &[code(Esc)], Cancel, "clear the query; quit when it is empty", Some("clear/quit")),
            bind(
                LIST,
                &[code(Backspace), ctrl('h')],
                Delete(Deletion::Back),
                "delete the char before the cursor",
                None,
            ),
            bind(LIST, &[code(KeyCode::Delete)], Delete(Deletion::Forward), "delete the char under the cursor", None),
            bind(LIST, &[ctrl('w')], Delete(Deletion::Word), "delete the word before the cursor", None),
            bind(LIST, &[ctrl('u')], Delete(Deletion::ToStart), "delete to the start of the query", None),
            bind(LIST, &[code(Left), ctrl('b')], Cursor(CursorMove::Left), "cursor left", None),
            bind(LIST, &[code(Right), ctrl('f')], Cursor(CursorMove::Right), "cursor right", None),
            bind(LIST, &[code(Home), ctrl('a')], Cursor(CursorMove::Start), "cursor to the start", None),
            bind(LIST, &[code(End), ctrl('e')], Cursor(CursorMove::End), "cursor to the end", None),
            bind(READER, &[key('j'), code(Down), code(Enter), ctrl('n')], Scroll(Dn, Line), "scroll down a line", None),
            bind(READER, &[key('k'), code(Up), key('y'), ctrl('p')], Scroll(Upward, Line), "scroll up a line", None),
            bind(
                READER,
                &[key(' ')],
                PageOrNextUnread,
                "scroll down a page; at the end, the next unread article",
                Some("page"),
            ),
            bind(READER, &[code(PageDown), key('f'), ctrl('f')], Scroll(Dn, Page), "scroll down a page", None),
            bind(READER, &[key('b'), code(PageUp), ctrl('b')], Scroll(Upward, Page), "scroll up a page", Some("back")),
            bind(READER, &[key('d'), ctrl('d')], Scroll(Dn, HalfPage), "scroll down half a page", None),
            bind(READER, &[key('u'), ctrl('u')], Scroll(Upward, HalfPage), "scroll up half a page", None),
            bind(READER, &[key('g'), code(Home), key('<')], Scroll(Upward, All), "go to the top", Some("top")),
            bind(READER, &[key('G'), code(End), key('>')], Scroll(Dn, All), "go to the end", Some("end")),
            bind(READER, &[key('J')], Select(Dn, Line), "read the next article", Some("next")),
            bind(READER, &[key('K')], Select(Upward, Line), "read the previous article", None),
            bind(READER, &[key('/')], Find, "search in the article", None),
            bind(READER, &[key('t')], Outline, "the outline: the article's headings, to jump to one", Some("outline")),
            bind(READER, &[key('F')], FollowLink, "hints on the links on screen: type one to follow it", Some("links")),
            bind(READER, &[key(']')], Heading(Dn), "go to the next heading", None),
            bind(READER, &[key('[')], Heading(Upward), "go to the previous heading", None),
            bind(READER, &[key('n')], FindHit(Dn), "next hit of the search", None),
            bind(READER, &[key('N')], FindHit(Upward), "previous hit of the search", None),
            bind(FIND, &[code(Enter)], Open, "search for what is typed", Some("search")),
            bind(FIND, &[code(Esc)], Cancel, "close the search prompt", Some("cancel")),
            bind(
                PROMPTS,
                &[code(Backspace), ctrl('h')],
                Delete(Deletion::Back),
                "delete the char before the cursor",
                None,
            ),
            bind(PROMPTS, &[ctrl('w')], Delete(Deletion::Word), "delete the word before the cursor", None),
            bind(PROMPTS, &[ctrl('u')], Delete(Deletion::ToStart), "delete to the start of the line", None),
            bind(PROMPTS, &[code(Left)], Cursor(CursorMove::Left), "cursor left", None),
            bind(PROMPTS, &[code(Right)], Cursor(CursorMove::Right), "cursor right", None),
            bind(&[Mode::Note], &[code(Enter)], Open, "keep the note (an empty one takes the note away)", Some("keep")),
            bind(&[Mode::Note], &[code(Esc)], Cancel, "leave the note as it was", Some("cancel")),
            bind(READER, &[key('r')], ToggleRaw, "the file's own lines (raw) or the reading layout", None),
            bind(READER, &[code(Left), key('h')], Pan(Side::Left), "scroll the raw view left", None),
            bind(READER, &[code(Right), key('l')], Pan(Side::Right), "scroll the raw view right", None),
            bind(READER, &[key('q'), code(Esc), code(Tab)], Back, "back to the list", Some("list")),
            bind(READER, &[key('?')], ToggleHelp, "show this help", None),
            bind(
                &[Mode::List, Mode::Reader],
                &[Key(Left, KeyModifiers::ALT)],
                History(Upward),
                "back to the article read before",
                None,
            ),
            bind(
                &[Mode::List, Mode::Reader],
                &[Key(Right, KeyModifiers::ALT)],
                History(Dn),
                "forward to the article read after",
                None,
            ),
            bind(READER, &[key('H')], History(Upward), "back to the article read before (in the reader)", None),
            bind(READER, &[key('L')], History(Dn), "forward to the article read after (in the reader)", None),
            bind(READER, &[key('z')], ToggleList, "hide the list or show it beside the reader", None),
            bind(READER, &[key('m')], ToggleRead, "mark the article read or unread", None),
            bind(READER, &[key('s')], ToggleStar, "star the article or take its star away", None),
            bind(LIST, &[ctrl('s')], CycleOrder, "next sort order: store, recent, a-z, longest, newest", None),
            bind(READER, &[key('o')], CycleOrder, "next sort order of the list", None),
            bind(READER, &[key('+')], Width(Upward), "widen the reading column", None),
            bind(READER, &[key('-')], Width(Dn), "narrow the reading column", None),
            bind(READER, &[key('=')], ResetWidth, "the reading width of the config file", None),
            bind(READER, &[key('p')], Pager, "read the article in $PAGER (less)", None),
            bind(READER, &[key('e')], Editor, "open the article's file in $EDITOR", None),
            bind(READER, &[key('v')], Selection, "select text: to copy, highlight or write a note on", Some("select")),
            bind(READER, &[key('a')], Notes, "the highlights and notes of the store", Some("notes")),
            bind(LIST, &[alt('n')], Notes, "the store's highlights and notes", None),
            bind(SELECT, &[key('h'), code(Left)], Move(Motion::Char(Upward)), "a char back", None),
            bind(SELECT, &[key('l'), code(Right)], Move(Motion::Char(Dn)), "a char on", None),
            bind(SELECT, &[key('b')], Move(Motion::Word(Upward)), "a word back", None),
            bind(SELECT, &[key('w')], Move(Motion::Word(Dn)), "a word on", None),
            bind(SELECT, &[key('k'), code(Up)], Move(Motion::Line(Upward)), "a line up", None),
            bind(SELECT, &[key('j'), code(Down)], Move(Motion::Line(Dn)), "a line down", None),
            bind(SELECT, &[key('(')], Move(Motion::Sentence(Upward)), "a sentence back", None),
            bind(SELECT, &[key(')')], Move(Motion::Sentence(Dn)), "to the sentence's end (then the next one's)", None),
            bind(SELECT, &[key('{')], Move(Motion::Paragraph(Upward)), "a paragraph back", None),
            bind(
                SELECT,
                &[key('}')],
                Move(Motion::Paragraph(Dn)),
                "to the paragraph's end (then the next one's)",
                None,
            ),
            bind(SELECT, &[key('0'), code(Home)], Move(Motion::LineStart), "the line's start", None),
            bind(SELECT, &[key('$'), code(End)], Move(Motion::LineEnd), "the line's end", None),
            bind(SELECT, &[key('g')], Move(Motion::TextStart), "the article's first word", None),
            bind(SELECT, &[key('G')], Move(Motion::TextEnd), "the article's last word", None),
            bind(SELECT, &[key('o')], SwapEnds, "go to the other end of the selection", None),
            bind(SELECT, &[key('y')], CopySelection, "copy the selection with its title and id (OSC 52)", Some("copy")),
            bind(
                SELECT,
                &[key('a'), key('1'), code(Enter)],
                Highlight(Colour::Yellow),
                "highlight it (yellow, *)",
                Some("highlight"),
            ),
            bind(SELECT, &[key('2')], Highlight(Colour::Green), "highlight it green (+)", None),
            bind(SELECT, &[key('3')], Highlight(Colour::Blue), "highlight it blue (~)", None),
            bind(SELECT, &[key('4')], Highlight(Colour::Pink), "highlight it pink (!)", None),
            bind(SELECT, &[key('n')], Note, "write a note on it (a line)", Some("note")),
            bind(SELECT, &[key('N')], NoteInEditor, "write the note in $EDITOR", None),
            bind(SELECT, &[key('x'), key('d')], Unhighlight, "take the highlight under the cursor away", None),
            bind(SELECT, &[code(Esc), key('v'), key('q')], Cancel, "end the selection", Some("done")),
            bind(READER, &[key('c')], Copy(Copied::Id), "copy the article's id (OSC 52)", None),
            bind(READER, &[key('C')], Copy(Copied::Path), "copy the article's path", None),
            bind(READER, &[key('Y')], Copy(Copied::Article), "copy the article's text", None),
            bind(&[Mode::List, Mode::Reader], &[ctrl('r')], Reload, "read the store's folders again", None),
            bind(LIST, &[alt('m')], ToggleRead, "mark the selected article read or unread", None),
            bind(LIST, &[alt('s')], ToggleStar, "star the selected article or take its star away", None),
            bind(
                &[Mode::List, Mode::Reader],
                &[ctrl('t')],
                ToggleTextSearch,
                "switch between title search and text search",
                Some("text"),
            ),
            bind(&[Mode::Links], &[code(Esc)], Cancel, "close the link hints", Some("close")),
            bind(OUTLINE, &[code(Enter)], Open, "go to the selected heading", Some("go")),
            bind(OUTLINE, &[code(Esc)], Cancel, "close the outline", Some("close")),
            bind(OUTLINE, &[code(Down), ctrl('n'), ctrl('j')], Select(Dn, Line), "next heading", None),
            bind(OUTLINE, &[code(Up), ctrl('p'), ctrl('k')], Select(Upward, Line), "previous heading", None),
            bind(OUTLINE, &[code(PageDown)], Select(Dn, Page), "a page of headings down", None),
            bind(OUTLINE, &[code(PageUp)], Select(Upward, Page), "a page of headings up", None),
            bind(OUTLINE, &[code(Home)], Select(Upward, All), "the first heading", None),
            bind(OUTLINE, &[code(End)], Select(Dn, All), "the last heading", None),
            bind(
                FILTERS,
                &[code(Backspace), ctrl('h')],
                Delete(Deletion::Back),
                "delete the char before the cursor",
                None,
            ),
            bind(FILTERS, &[ctrl('w')], Delete(Deletion::Word), "delete the word before the cursor", None),
            bind(FILTERS, &[ctrl('u')], Delete(Deletion::ToStart), "delete to the start of the filter", None),
            bind(NOTES, &[code(Enter)], Open, "read the article at the highlight", Some("go")),
            bind(NOTES, &[code(Esc)], Cancel, "close the notes", Some("close")),
            bind(NOTES, &[code(Down), ctrl('n'), ctrl('j')], Select(Dn, Line), "next highlight", None),
            bind(NOTES, &[code(Up), ctrl('p'), ctrl('k')], Select(Upward, Line), "previous highlight", None),
            bind(NOTES, &[code(PageDown)], Select(Dn, Page), "a page of highlights down", None),
            bind(NOTES, &[code(PageUp)], Select(Upward, Page), "a page of highlights up", None),
            bind(NOTES, &[ctrl('s')], CycleOrder, "newest first or by article", Some("order")),
            bind(NOTES, &[ctrl('d')], Unhighlight, "take the selected highlight away (pressed twice)", None),
            bind(HELP, &[code(Esc), key('q'), key('?'), code(Enter)], CloseHelp, "close the help", Some("close")),
            bind(HELP, &[key('j'), code(Down)], Scroll(Dn, Line), "scroll the help down", None),
            bind(HELP, &[key('k'), code(Up)], Scroll(Upward, Line), "scroll the help up", None),
            bind(HELP, &[key(' '), code(PageDown), key('f')], Scroll(Dn, Page), "a page of help down", None),
            bind(HELP, &[code(PageUp), key('b')], Scroll(Upward, Page), "a page of help up", None),
            bind(HELP, &[key('g'), code(Home)], Scroll(Upward, All), "the help's top", None),
            bind(HELP, &[key('G'), code(End)], Scroll(Dn, All), "the help's end", None),
        ];
        Keymap { bindings }
    }
}

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
        match self.1 {
            m if m.contains(CTRL) => format!("Ctrl-{name}"),
            m if m.contains(KeyModifiers::ALT) => format!("Alt-{name}"),
            _ => name,
        }
    }
}

impl Binding {
    /// Live in every mode, whatever order the modes are listed in.
    pub fn is_global(&self) -> bool {
        ALL.iter().all(|mode| self.modes.contains(mode))
    }
}

/// fzf's extended search syntax, as the help shows it.
const QUERY_SYNTAX: &[(&str, &str)] = &[
    ("sbtrkt", "fuzzy: these letters in order"),
    ("a b", "both terms (any order)"),
    ("a | b", "either term"),
    ("'wild", "exact: contains wild"),
    ("^music  .mp3$", "starts with / ends with"),
    ("^music$", "the whole title"),
    ("!fire !^pre !suf$", "excludes titles that match"),
    ("sport/  /gpl-2", "a term with / matches the id"),
    ("new\\ york", "a space inside a term"),
    ("Capital", "case-sensitive (smart case)"),
    (":unread :reading", "not read / opened, unfinished"),
    (":read :starred", "read / starred (!:starred: not)"),
    (":tag:rust", "a note's tag (front matter or #rust)"),
];

/// The text index's syntax (Ctrl-T), as the help shows it.
const TEXT_SYNTAX: &[(&str, &str)] = &[
    ("music download", "articles with both words, best first"),
    ("\"oil prices\"", "the words together, in order"),
    ("oil -gas", "without the word gas"),
];

impl Keymap {
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Gives `action` exactly `keys` in `modes` (a config file's `[keys]`): its other keys
    /// there are dropped, its keys in other modes kept, and the keys leave whatever else they
    /// did in those modes.
    pub fn rebind(&mut self, modes: &[Mode], action: Action, keys: &[Key]) {
        let (mut at, mut old) = (None, None);
        let mut kept = Vec::with_capacity(self.bindings.len() + 2);
        for mut binding in std::mem::take(&mut self.bindings) {
            let (inside, outside): (Vec<Mode>, Vec<Mode>) = binding.modes.iter().partition(|m| modes.contains(m));
            if inside.is_empty() {
                kept.push(binding);
            } else if binding.action == action {
                at.get_or_insert(kept.len());
                old.get_or_insert((binding.help, binding.hint));
                binding.modes = outside;
                kept.push(binding);
            } else if binding.keys.iter().any(|k| keys.contains(k)) {
                // Split: the keys taken leave this binding only where the new one lives.
                let keys_left = binding.keys.iter().filter(|k| !keys.contains(k)).copied().collect();
                kept.push(Binding { modes: inside, keys: keys_left, ..binding.clone() });
                kept.push(Binding { modes: outside, ..binding });
            } else {
                kept.push(binding);
            }
        }
        let (help, hint) = old.unwrap_or((crate::action::name_of(action).unwrap_or(""), None));
        let binding = Binding { modes: modes.to_vec(), keys: keys.to_vec(), action, help, hint };
        kept.insert(at.unwrap_or(kept.len()), binding);
        kept.retain(|b| !b.modes.is_empty() && !b.keys.is_empty());
        self.bindings = kept;
    }

    /// The action for a key press in `mode`; in the list and the search prompt, unbound
    /// printable chars are typed.
    pub fn resolve(&self, mode: Mode, event: &KeyEvent) -> Option<Action> {
        let bound = self
            .bindings
            .iter()
            .find(|b| b.modes.contains(&mode) && b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action);
        bound.or_else(|| match (mode, event.code) {
            (Mode::List | Mode::Find | Mode::Outline | Mode::Links | Mode::Note | Mode::Notes, KeyCode::Char(c))
                if !event.modifiers.intersects(CTRL | KeyModifiers::ALT) =>
            {
                Some(Action::Insert(c))
            }
            _ => None,
        })
    }

    /// The help overlay's lines: a heading per mode, then `keys  what they do`.
    pub fn help_lines(&self) -> Vec<(String, &'static str)> {
        let mut lines = Vec::new();
        let modes = [
            (Mode::List, "List and query"),
            (Mode::Reader, "Reader"),
            (Mode::Find, "Search prompt (/)"),
            (Mode::Outline, "Outline (t): type to filter the headings"),
            (Mode::Links, "Link hints (F): type a hint to follow its link"),
            (Mode::Select, "Selection (v): move its end, then copy, highlight or note it"),
            (Mode::Note, "Note prompt (n in a selection)"),
            (Mode::Notes, "Highlights and notes (a): type to filter them"),
            (Mode::Help, "This help"),
        ];
        for (mode, heading) in modes {
            lines.push((heading.to_owned(), ""));
            lines.extend(self.bindings.iter().filter(|b| b.modes.contains(&mode) && !b.is_global()).map(describe));
            if mode == Mode::List {
                lines.push(("?".to_owned(), "with the query empty: this help (F1 is often the terminal's)"));
                lines.push(("other keys".to_owned(), "type into the query"));
                lines.push((String::new(), ""));
                lines.push(("Query syntax".to_owned(), ""));
                lines.extend(QUERY_SYNTAX.iter().map(|&(example, what)| (example.to_owned(), what)));
                lines.push((String::new(), ""));
                lines.push(("Text search (Ctrl-T)".to_owned(), ""));
                lines.extend(TEXT_SYNTAX.iter().map(|&(example, what)| (example.to_owned(), what)));
            }
            lines.push((String::new(), ""));
        }
        lines.push(("Anywhere".to_owned(), ""));
        lines.extend(self.bindings.iter().filter(|b| b.is_global()).map(describe));
        lines.push((String::new(), ""));
        lines.push(("On screen".to_owned(), ""));
        lines.push(("★  read  42%".to_owned(), "in a row: starred, read to its end, read so far"));
        lines.push(("N unread".to_owned(), "in the footer: articles not read to their end"));
        lines.push(("at 42%".to_owned(), "in the footer: how far down the screen reaches"));
        lines.push((String::new(), ""));
        lines.push(("Mouse".to_owned(), ""));
        lines.push((
            "--mouse".to_owned(),
            "wheel scrolls, click selects, drag selects text (or mouse = true in config.toml)",
        ));
        lines
    }

    /// The help overlay's own hint, `Esc close · j/k scroll`: the first key that closes it and
    /// the first keys that scroll it a line down and up.
    pub fn help_hint(&self) -> String {
        let first_key = |action: Action| {
            let binding = self.bindings.iter().find(|b| b.modes.contains(&Mode::Help) && b.action == action);
            binding.and_then(|b| b.keys.first()).map(Key::label)
        };
        let close = first_key(Action::CloseHelp).map(|key| format!("{key} close"));
        let down = first_key(Action::Scroll(Direction::Down, Amount::Line));
        let up = first_key(Action::Scroll(Direction::Up, Amount::Line));
        let scroll = down.zip(up).map(|(down, up)| format!("{down}/{up} scroll"));
        close.into_iter().chain(scroll).collect::<Vec<_>>().join(" · ")
    }

    /// Footer hints for `mode`: the first key of each hinted binding and its short text.
    pub fn hints(&self, mode: Mode) -> Vec<(String, &'static str)> {
        let own = self.bindings.iter().filter(|b| b.modes.contains(&mode) && !b.is_global());
        let global = self.bindings.iter().filter(|b| b.is_global());
        own.chain(global).filter_map(|b| Some((b.keys.first()?.label(), b.hint?))).collect()
    }
}

fn describe(binding: &Binding) -> (String, &'static str) {
    let keys: Vec<String> = binding.keys.iter().map(Key::label).collect();
    (keys.join(" "), binding.help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_same_key_means_what_the_mode_says() {
        let keymap = Keymap::default();
        let j = press(KeyCode::Char('j'), NONE);
        assert_eq!(keymap.resolve(Mode::List, &j), Some(Action::Insert('j')));
        assert_eq!(keymap.resolve(Mode::Reader, &j), Some(Action::Scroll(Direction::Down, Amount::Line)));
        assert_eq!(keymap.resolve(Mode::Help, &j), Some(Action::Scroll(Direction::Down, Amount::Line)));
        let ctrl_u = press(KeyCode::Char('u'), CTRL);
        assert_eq!(keymap.resolve(Mode::List, &ctrl_u), Some(Action::Delete(Deletion::ToStart)));
        assert_eq!(keymap.resolve(Mode::Reader, &ctrl_u), Some(Action::Scroll(Direction::Up, Amount::HalfPage)));
        // The search prompt types what it is given, and the keys of everywhere still work.
        assert_eq!(keymap.resolve(Mode::Find, &j), Some(Action::Insert('j')));
        assert_eq!(keymap.resolve(Mode::Find, &press(KeyCode::Char('c'), CTRL)), Some(Action::Quit));
        assert_eq!(keymap.resolve(Mode::Find, &press(KeyCode::Esc, NONE)), Some(Action::Cancel));
    }

    #[test]
    fn shifted_chars_and_unbound_controls() {
        let keymap = Keymap::default();
        let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.resolve(Mode::Reader, &big_g), Some(Action::Scroll(Direction::Down, Amount::All)));
        assert_eq!(keymap.resolve(Mode::List, &big_g), Some(Action::Insert('G')));
        assert_eq!(keymap.resolve(Mode::List, &press(KeyCode::Char('g'), CTRL)), None);
        assert_eq!(keymap.resolve(Mode::Reader, &press(KeyCode::Char('c'), CTRL)), Some(Action::Quit));
    }

    #[test]
    fn help_lists_every_binding_with_labels() {
        let keymap = Keymap::default();
        let lines = keymap.help_lines();
        for binding in keymap.bindings() {
            assert!(lines.iter().any(|(_, help)| *help == binding.help), "{} missing", binding.help);
        }
        assert!(lines.contains(&("Up Ctrl-P Ctrl-K".to_owned(), "previous article")));
        assert_eq!(keymap.hints(Mode::List)[0], ("Enter".to_owned(), "read"));
        assert_eq!(keymap.hints(Mode::List).last(), Some(&("F1".to_owned(), "help")));
        assert_eq!(keymap.help_hint(), "Esc close · j/k scroll");
    }

    #[test]
    fn a_keymap_is_a_value_that_can_be_changed() {
        let mut keymap = Keymap::default();
        keymap.bindings.retain(|b| b.action != Action::Quit);
        let modes = [Mode::Help, Mode::Reader, Mode::List];
        keymap.bindings.push(bind(&modes, &[ctrl('q')], Action::Quit, "quit folio", Some("quit")));
        assert_eq!(keymap.resolve(Mode::Reader, &press(KeyCode::Char('c'), CTRL)), None);
        assert_eq!(keymap.resolve(Mode::Reader, &press(KeyCode::Char('q'), CTRL)), Some(Action::Quit));
        assert!(keymap.hints(Mode::List).contains(&("Ctrl-Q".to_owned(), "quit")));
    }
}
