//! Keys and actions as a config file writes them: `Ctrl-n`, `PgDn`, `next_article`.

use crate::action::{Action, Amount, Copied, CursorMove, Deletion, Direction, Side};
use crate::keymap::{Key, Mode};
use crossterm::event::{KeyCode, KeyModifiers};

/// The config file's sections of `[keys]`, and the modes each stands for.
pub const SECTIONS: &[(&str, &[Mode])] = &[
    ("anywhere", &[Mode::List, Mode::Reader, Mode::Find, Mode::Help, Mode::Outline, Mode::Links]),
    ("list", &[Mode::List]),
    ("reader", &[Mode::Reader]),
    ("search", &[Mode::Find]),
    ("help", &[Mode::Help]),
    ("outline", &[Mode::Outline]),
    ("links", &[Mode::Links]),
];

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

/// Reads a key as [`Key::label`] writes it, names and modifiers in any case: `Ctrl-n`,
/// `alt-m`, `PgDn`, `F1`, `Space`, `G`.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        if rest.chars().count() > 2 && lower.starts_with("ctrl-") {
            (modifiers, rest) = (modifiers | KeyModifiers::CONTROL, &rest[5..]);
        } else if rest.chars().count() > 2 && lower.starts_with("alt-") {
            (modifiers, rest) = (modifiers | KeyModifiers::ALT, &rest[4..]);
        } else {
            break;
        }
    }
    let mut chars = rest.chars();
    // Terminals send these as Tab, Enter, Esc and nothing: no key of their own.
    if modifiers.contains(KeyModifiers::CONTROL)
        && let (Some(c), None) = (rest.chars().next(), rest.chars().nth(1))
        && (matches!(c.to_ascii_lowercase(), 'i' | 'm' | '[') || c.is_ascii_digit())
    {
        return Err(format!("'{text}' reaches folio as another key (Ctrl-i is Tab, Ctrl-m Enter, Ctrl-[ Esc)"));
    }
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if modifiers.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
        (Some(c), None) if !c.is_control() => KeyCode::Char(c),
        _ => match rest.to_ascii_lowercase().as_str() {
            "space" => KeyCode::Char(' '),
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "bksp" | "backspace" => KeyCode::Backspace,
            "del" | "delete" => KeyCode::Delete,
            "ins" | "insert" => KeyCode::Insert,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            f if f.starts_with('f') && f[1..].parse::<u8>().is_ok_and(|n| (1..=24).contains(&n)) => {
                KeyCode::F(f[1..].parse().expect("checked"))
            }
            _ => return Err(format!("not a key: '{text}' (keys look like j, G, Ctrl-n, Alt-m, PgDn, F1, Space)")),
        },
    };
    Ok(Key(code, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;

    #[test]
    fn keys_read_back_as_labelled() {
        for binding in Keymap::default().bindings() {
            for key in &binding.keys {
                assert_eq!(parse_key(&key.label()), Ok(*key), "{}", key.label());
            }
        }
        assert_eq!(parse_key("ctrl-N"), Ok(Key(KeyCode::Char('n'), KeyModifiers::CONTROL)));
        assert_eq!(parse_key("Alt-Left"), Ok(Key(KeyCode::Left, KeyModifiers::ALT)));
        assert_eq!(parse_key("-"), Ok(Key(KeyCode::Char('-'), KeyModifiers::NONE)));
        assert_eq!(parse_key("pagedown"), Ok(Key(KeyCode::PageDown, KeyModifiers::NONE)));
        assert_eq!(parse_key("Shift-Tab"), Ok(Key(KeyCode::BackTab, KeyModifiers::NONE)));
        for bad in ["", "Ctrl-", "F99", "Hyper-x", "jj", "\u{1b}", "Ctrl-i", "Ctrl-M", "Ctrl-5", "Ctrl-["] {
            assert!(parse_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_bound_action_has_one_name() {
        for binding in Keymap::default().bindings() {
            let name = name_of(binding.action).unwrap_or_else(|| panic!("{:?} has no name", binding.action));
            assert_eq!(action_named(name), Some(binding.action));
        }
        let mut names: Vec<&str> = NAMED.iter().map(|(n, _)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), NAMED.len(), "names are unique");
    }
}
