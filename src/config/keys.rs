//! Keys and actions as a config file writes them: `Ctrl-n`, `PgDn`, `next_article`.

use crate::keymap::{Key, Mode};
use crossterm::event::{KeyCode, KeyModifiers};

/// The config file's sections of `[keys]`, and the modes each stands for.
pub const SECTIONS: &[(&str, &[Mode])] = &[
    ("anywhere", crate::keymap::ALL),
    ("list", &[Mode::List]),
    ("reader", &[Mode::Reader]),
    ("search", &[Mode::Find]),
    ("help", &[Mode::Help]),
    ("outline", &[Mode::Outline]),
    ("links", &[Mode::Links]),
    ("select", &[Mode::Select]),
    ("note", &[Mode::Note]),
    ("notes", &[Mode::Notes]),
];

pub use crate::action::{NAMED, action_named, name_of};

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
