//! User intents: what a key or the mouse asks for, small values the keymap binds keys to.

use serde::Deserialize;

/// Everything a key press or a mouse gesture can ask of folio. Worker answers, load progress
/// and resizes are not intents: the app takes them as events of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Type a char into the query (or the search prompt, while it is open).
    Insert(char),
    /// Delete part of the query (or of the search prompt).
    Delete(Deletion),
    /// Move the query's (or the search prompt's) cursor.
    Cursor(CursorMove),
    /// Move the list's selection (and so the article the reader shows).
    Select(Direction, Amount),
    /// Scroll whatever the keys are reading: the article, or the help.
    Scroll(Direction, Amount),
    /// Scroll the raw view sideways.
    Pan(Side),
    /// Switch the reader between the reading layout and the file's own lines (raw).
    ToggleRaw,
    /// Enter the reader; in the search prompt, search.
    Open,
    /// Leave the reader for the list.
    Back,
    /// Esc in the list: clear the query, or quit when it is empty; in the search prompt, close it.
    Cancel,
    /// Open the search prompt in the reader (less's `/`).
    Find,
    /// Show the article's headings (the outline) over the reader, or close it.
    Outline,
    /// Hints on the links on screen: typing one follows its link.
    FollowLink,
    /// Go to the next (down) or previous (up) heading of the article.
    Heading(Direction),
    /// Go to the next (down) or previous (up) hit of the search (less's `n` and `N`).
    FindHit(Direction),
    /// Switch the list between title search and text search.
    ToggleTextSearch,
    /// The list's next sort order (for a query without terms).
    CycleOrder,
    /// Mark the selected article read, or unread again.
    ToggleRead,
    /// Star the selected article, or take its star away.
    ToggleStar,
    /// Scroll down a page; at the article's end, read the next unread article (newsboat's
    /// Space).
    PageOrNextUnread,
    /// Go back (up) or forward (down) through the articles read in this session.
    History(Direction),
    /// Hide the list beside the reader, or show it again.
    ToggleList,
    /// Stop folio and give the terminal back to the shell, until `fg` (Ctrl-Z).
    Suspend,
    /// Widen (up) or narrow (down) the reading width by a few columns.
    Width(Direction),
    /// Back to the configured reading width.
    ResetWidth,
    /// Read the article in `$PAGER`.
    Pager,
    /// Open the article's file in `$EDITOR`.
    Editor,
    /// Put the article's id, path or text on the clipboard (OSC 52).
    Copy(Copied),
    /// Read the store's folders again.
    Reload,
    ToggleHelp,
    CloseHelp,
    /// Clear the terminal and draw everything again (Ctrl-L), after something else wrote on it.
    Redraw,
    Quit,
    /// The mouse wheel over a cell of the screen.
    Wheel {
        column: u16,
        row: u16,
        direction: Direction,
    },
    /// A left click on a cell of the screen.
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse moved with its left button down: in the reader, a selection from where the
    /// button went down to here.
    Drag {
        column: u16,
        row: u16,
    },
    /// Starts a selection in the reader (`v`), or ends it.
    Selection,
    /// Moves the selection's free end.
    Move(Motion),
    /// Swaps the selection's ends, to grow it the other way (vim's `o`).
    SwapEnds,
    /// Copies the selection with a citation.
    CopySelection,
    /// Highlights the selection in a colour, or recolours the highlight under its cursor.
    Highlight(crate::highlight::Colour),
    /// Writes a note on the selection (highlighting it) in a one-line prompt.
    Note,
    /// Writes the note in `$EDITOR`, for longer text.
    NoteInEditor,
    /// Takes the highlight under the selection's cursor away, its note with it.
    Unhighlight,
    /// The overlay of the store's highlights and notes.
    Notes,
}

/// How a selection's free end moves: by a char, a word, a line, a sentence or a paragraph
/// (`Up` back, `Down` on), or to its line's start or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Motion {
    Char(Direction),
    Word(Direction),
    Line(Direction),
    Sentence(Direction),
    Paragraph(Direction),
    LineStart,
    LineEnd,
    /// The article's first or last letter.
    TextStart,
    TextEnd,
}

impl Action {
    /// Whether the action leaves the list and the reader where they are (quitting, the help,
    /// a copy, a redraw, the width): a session of only these went nowhere worth remembering.
    pub fn stays(&self) -> bool {
        matches!(
            self,
            Action::Quit
                | Action::Redraw
                | Action::ToggleHelp
                | Action::CloseHelp
                | Action::Outline
                | Action::FollowLink
                | Action::Copy(_)
                | Action::Suspend
                | Action::Reload
                | Action::Width(_)
                | Action::ResetWidth
                | Action::ToggleList
                | Action::Notes
                | Action::Selection
                | Action::Move(_)
                | Action::Drag { .. }
                | Action::SwapEnds
                | Action::CopySelection
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// What a copy puts on the clipboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Copied {
    Id,
    Path,
    Article,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
}

/// How far a selection moves or a view scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    Line,
    HalfPage,
    Page,
    /// To the first or the last line.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deletion {
    /// The char before the cursor.
    Back,
    /// The char under the cursor.
    Forward,
    /// The word before the cursor (readline's Ctrl-W).
    Word,
    /// Everything before the cursor (readline's Ctrl-U).
    ToStart,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CursorMove {
    Left,
    Right,
    Start,
    End,
}

impl Direction {
    /// Moves `from` by `by`, clamped at zero (the far end is the caller's to clamp).
    pub fn apply(self, from: usize, by: usize) -> usize {
        match self {
            Direction::Up => from.saturating_sub(by),
            Direction::Down => from.saturating_add(by),
        }
    }
}

impl Amount {
    /// The amount in lines, for a view `page` lines high.
    pub fn lines(self, page: usize) -> usize {
        let page = page.max(1);
        match self {
            Amount::Line => 1,
            Amount::HalfPage => page.div_ceil(2),
            Amount::Page => page,
            Amount::All => usize::MAX,
        }
    }
}

/// Every action a key can be bound to, by its name in the config file.
pub const NAMED: &[(&str, Action)] = {
    use Action::*;
    use Amount::{All, HalfPage, Line, Page};
    use Direction::{Down, Up};
    &[
        ("quit", Quit),
        ("help", ToggleHelp),
        ("close_help", CloseHelp),
        ("redraw", Redraw),
        ("suspend", Suspend),
        ("next_article", Select(Down, Line)),
        ("previous_article", Select(Up, Line)),
        ("next_page_of_articles", Select(Down, Page)),
        ("previous_page_of_articles", Select(Up, Page)),
        ("first", Select(Up, All)),
        ("last", Select(Down, All)),
        ("open", Open),
        ("cancel", Cancel),
        ("back", Back),
        ("delete_back", Delete(Deletion::Back)),
        ("delete_forward", Delete(Deletion::Forward)),
        ("delete_word", Delete(Deletion::Word)),
        ("delete_to_start", Delete(Deletion::ToStart)),
        ("cursor_left", Cursor(CursorMove::Left)),
        ("cursor_right", Cursor(CursorMove::Right)),
        ("cursor_start", Cursor(CursorMove::Start)),
        ("cursor_end", Cursor(CursorMove::End)),
        ("scroll_down", Scroll(Down, Line)),
        ("scroll_up", Scroll(Up, Line)),
        ("page_or_next_unread", PageOrNextUnread),
        ("page_down", Scroll(Down, Page)),
        ("page_up", Scroll(Up, Page)),
        ("half_page_down", Scroll(Down, HalfPage)),
        ("half_page_up", Scroll(Up, HalfPage)),
        ("top", Scroll(Up, All)),
        ("end", Scroll(Down, All)),
        ("find", Find),
        ("outline", Outline),
        ("follow_link", FollowLink),
        ("next_heading", Heading(Down)),
        ("previous_heading", Heading(Up)),
        ("next_hit", FindHit(Down)),
        ("previous_hit", FindHit(Up)),
        ("raw", ToggleRaw),
        ("pan_left", Pan(Side::Left)),
        ("pan_right", Pan(Side::Right)),
        ("history_back", History(Up)),
        ("history_forward", History(Down)),
        ("toggle_list", ToggleList),
        ("toggle_read", ToggleRead),
        ("toggle_star", ToggleStar),
        ("sort", CycleOrder),
        ("text_search", ToggleTextSearch),
        ("wider", Width(Up)),
        ("narrower", Width(Down)),
        ("reset_width", ResetWidth),
        ("pager", Pager),
        ("editor", Editor),
        ("copy_id", Copy(Copied::Id)),
        ("copy_path", Copy(Copied::Path)),
        ("copy_article", Copy(Copied::Article)),
        ("reload", Reload),
        ("select", Selection),
        ("select_char_back", Move(Motion::Char(Up))),
        ("select_char_on", Move(Motion::Char(Down))),
        ("select_word_back", Move(Motion::Word(Up))),
        ("select_word_on", Move(Motion::Word(Down))),
        ("select_line_up", Move(Motion::Line(Up))),
        ("select_line_down", Move(Motion::Line(Down))),
        ("select_sentence_back", Move(Motion::Sentence(Up))),
        ("select_sentence_on", Move(Motion::Sentence(Down))),
        ("select_paragraph_back", Move(Motion::Paragraph(Up))),
        ("select_paragraph_on", Move(Motion::Paragraph(Down))),
        ("select_line_start", Move(Motion::LineStart)),
        ("select_line_end", Move(Motion::LineEnd)),
        ("select_to_top", Move(Motion::TextStart)),
        ("select_to_end", Move(Motion::TextEnd)),
        ("swap_ends", SwapEnds),
        ("copy_selection", CopySelection),
        ("highlight", Highlight(crate::highlight::Colour::Yellow)),
        ("highlight_green", Highlight(crate::highlight::Colour::Green)),
        ("highlight_blue", Highlight(crate::highlight::Colour::Blue)),
        ("highlight_pink", Highlight(crate::highlight::Colour::Pink)),
        ("note", Note),
        ("note_in_editor", NoteInEditor),
        ("unhighlight", Unhighlight),
        ("notes", Notes),
    ]
};

/// The action named `name` in a config file.
pub fn action_named(name: &str) -> Option<Action> {
    NAMED.iter().find(|(n, _)| *n == name).map(|&(_, action)| action)
}

/// The config file's name of `action`, for the bindable ones.
pub fn name_of(action: Action) -> Option<&'static str> {
    NAMED.iter().find(|(_, a)| *a == action).map(|&(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_small_values_a_config_file_can_name() {
        assert!(std::mem::size_of::<Action>() <= 8);
        let parse = |json: &str| serde_json::from_str::<Action>(json).unwrap();
        assert_eq!(parse(r#""quit""#), Action::Quit);
        assert_eq!(parse(r#"{"scroll":["down","half_page"]}"#), Action::Scroll(Direction::Down, Amount::HalfPage));
        assert_eq!(parse(r#"{"delete":"word"}"#), Action::Delete(Deletion::Word));
    }

    #[test]
    fn amounts_scale_with_the_page_and_directions_clamp_at_zero() {
        assert_eq!([Amount::Line, Amount::HalfPage, Amount::Page].map(|a| a.lines(7)), [1, 4, 7]);
        assert_eq!(Amount::Page.lines(0), 1);
        assert_eq!(Direction::Up.apply(2, Amount::All.lines(5)), 0);
        assert_eq!(Direction::Down.apply(2, Amount::All.lines(5)), usize::MAX);
    }
}
