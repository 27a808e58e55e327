//! Tests of config.toml: the default file reads back, settings and keys apply, errors name line and key.

use super::*;
use crate::action::{Action, Amount, Direction};
use crate::keymap::{Key, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(keymap: &Keymap, mode: Mode, code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
    keymap.resolve(mode, &KeyEvent::new(code, modifiers))
}

#[test]
fn the_default_file_reads_back_as_the_defaults() {
    let text = default_file();
    let config = Config::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    let defaults = Keymap::default();
    for binding in defaults.bindings() {
        for &mode in &binding.modes {
            for &Key(code, modifiers) in &binding.keys {
                let want = press(&defaults, mode, code, modifiers);
                assert_eq!(press(&config.keymap, mode, code, modifiers), want, "{mode:?} {code:?}");
            }
        }
    }
    assert_eq!((config.width, config.wrap, config.bidi, config.mouse), (80, Wrap::Optimal, true, false));
    assert!(text.contains("scroll_down = [\"j\", \"Down\", \"Enter\", \"Ctrl-N\"]  # scroll down a line"), "{text}");
    assert!(text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).count() > 60, "every key is written");
}

#[test]
fn settings_and_keys_change_what_they_name() {
    let text = "theme = \"mono\"\nwidth = 100\nwrap = \"fast\"\nbidi = false\nmouse = true\n\
                [keys.reader]\nscroll_down = [\"e\", \"Ctrl-e\"]\n[keys.anywhere]\nquit = [\"Ctrl-q\"]\n";
    let config = Config::parse(text).unwrap();
    assert_eq!((config.width, config.wrap, config.bidi, config.mouse), (100, Wrap::Fast, false, true));
    let keys = &config.keymap;
    let down = Some(Action::Scroll(Direction::Down, Amount::Line));
    assert_eq!(press(keys, Mode::Reader, KeyCode::Char('e'), KeyModifiers::NONE), down);
    assert_eq!(press(keys, Mode::Reader, KeyCode::Char('e'), KeyModifiers::CONTROL), down);
    assert_eq!(press(keys, Mode::Reader, KeyCode::Char('j'), KeyModifiers::NONE), None, "j lost its binding");
    assert_eq!(press(keys, Mode::List, KeyCode::Char('q'), KeyModifiers::CONTROL), Some(Action::Quit));
    assert_eq!(press(keys, Mode::Help, KeyCode::Char('c'), KeyModifiers::CONTROL), None);
    assert_eq!(config.theme, crate::theme::Theme::mono());
    // A key taken from another action leaves it there only: `n` finds the next hit no more.
    let config = Config::parse("[keys.reader]\nnext_article = [\"n\"]\n").unwrap();
    assert_eq!(
        press(&config.keymap, Mode::Reader, KeyCode::Char('n'), KeyModifiers::NONE),
        Some(Action::Select(Direction::Down, Amount::Line))
    );
    assert_eq!(
        press(&config.keymap, Mode::Reader, KeyCode::Char('N'), KeyModifiers::SHIFT),
        Some(Action::FindHit(Direction::Up))
    );
    assert_eq!(
        press(&config.keymap, Mode::List, KeyCode::Down, KeyModifiers::NONE),
        Some(Action::Select(Direction::Down, Amount::Line))
    );
}

#[test]
fn errors_name_the_line_and_the_key() {
    let cases = [
        ("width = 90\ncolour = \"red\"\n", 2, "colour"),
        ("\n\nwidth = \"wide\"\n", 3, "width: string \"wide\", expected a number"),
        ("mouse = \"yes\"\n", 1, "mouse: "),
        ("width = 90\nwidth = 91\n", 2, "width"),
        (
            "[keys.reader]\nscroll_down = [\"x\"]\ntop = [\"x\"]\n",
            3,
            "top in [keys.reader]: x is bound to scroll_down too",
        ),
        ("width = 5\n", 1, "width = 5"),
        ("theme = \"neon\"\n", 1, "neon"),
        ("[keys.reader]\nscrol_down = [\"j\"]\n", 2, "scrol_down in [keys.reader]: no such action"),
        (
            "[keys.reader]\n\nscroll_down = [\"j\", \"Hyper-j\"]\n",
            3,
            "scroll_down in [keys.reader]: not a key: 'Hyper-j'",
        ),
        ("[keys.lists]\nquit = [\"q\"]\n", 1, "[keys.lists]: no such section"),
        ("width = [\n", 1, ""),
    ];
    for (text, line, words) in cases {
        let (at, message) = Config::parse(text).err().unwrap_or_else(|| panic!("{text:?} was taken"));
        assert_eq!(at, Some(line), "{text:?}: {message}");
        assert!(message.contains(words), "{text:?}: {message}");
    }
    let error = Config::load(std::path::Path::new("/nonexistent/folio.toml"), true).unwrap_err();
    assert!(error.to_string().starts_with("bad config file /nonexistent/folio.toml: "), "{error}");
    assert!(
        Config::load(std::path::Path::new("/nonexistent/folio.toml"), false).is_ok(),
        "a missing default is no error"
    );
}

#[test]
fn the_store_is_a_path_or_a_list_with_home_expanded() {
    let home = directories::BaseDirs::new().unwrap().home_dir().to_path_buf();
    assert_eq!(Config::parse("store = \"~/notes\"\n").unwrap().store, [home.join("notes")]);
    let both = Config::parse("store = [\"/a\", \"~/b.jsonl\"]\n").unwrap().store;
    assert_eq!(both, [std::path::PathBuf::from("/a"), home.join("b.jsonl")]);
    assert!(Config::parse("").unwrap().store.is_empty());
    assert!(Config::parse("store = 3\n").is_err());
}
