//! Screens of each theme: the same text in every one, each part in its theme's style.

mod common;

use common::*;
use folio::action::Action;
use folio::theme::{Theme, ThemeName};
use ratatui::buffer::{Buffer, Cell};
use ratatui::style::Style;

/// The seed read at 120x40 with "sony" searched in it, drawn in `theme`.
fn searched(theme: Theme) -> Buffer {
    let mut app = seed_app(120, 40);
    app.config.theme = theme;
    act(&mut app, typed("sony"));
    act(&mut app, [Action::Open, Action::Find]);
    act(&mut app, typed("sony"));
    act(&mut app, [Action::Open]);
    draw(&app)
}

/// Whether `cell` is drawn with everything `style` sets.
fn styled(cell: &Cell, style: Style) -> bool {
    let wanted = style.add_modifier;
    style.fg.is_none_or(|fg| cell.fg == fg) && style.bg.is_none_or(|bg| cell.bg == bg) && cell.modifier.contains(wanted)
}

/// The column of the last `text` on `line` (the reader's, right of the list).
fn column_of(line: &str, text: &str) -> u16 {
    line[..line.rfind(text).unwrap()].chars().count() as u16
}

#[test]
fn every_theme_draws_the_same_screen_each_part_in_its_style() {
    let mono = screen(&searched(Theme::mono()));
    for name in ThemeName::ALL {
        let theme = Theme::named(name);
        let buffer = searched(theme);
        let lines = screen(&buffer);
        assert_eq!(lines, mono, "{name:?}: the same text as mono");
        // The title's "Sony" is the current hit; the body's are hits.
        let current = (column_of(&lines[1], "Sony"), 1);
        assert!(styled(&buffer[current], theme.current_hit), "{name:?} current hit {:?}", buffer[current]);
        let body = lines.iter().position(|l| l.contains("The Sony picture hacking")).unwrap();
        let hit = (column_of(&lines[body], "Sony"), body as u16);
        assert!(styled(&buffer[hit], theme.matched), "{name:?} hit {:?}", buffer[hit]);
        assert!(!styled(&buffer[hit], theme.current_hit) || theme.current_hit == theme.matched);
        // The reader has the keys: a heavy rule, the prompt and the selection dimmed.
        assert_eq!(buffer[(48, 5)].symbol(), "┃", "{name:?}");
        assert!(styled(&buffer[(48, 5)], theme.separator_focused), "{name:?} rule");
        assert!(styled(&buffer[(0, 0)], theme.prompt_inactive), "{name:?} prompt");
        assert!(styled(&buffer[(2, 1)], theme.selected_inactive), "{name:?} selection {:?}", buffer[(2, 1)]);
    }
}

#[test]
fn the_list_with_the_keys_has_a_thin_rule_and_a_bright_selection() {
    for name in ThemeName::ALL {
        let theme = Theme::named(name);
        let mut app = seed_app(120, 40);
        app.config.theme = theme;
        act(&mut app, typed("sony"));
        let buffer = draw(&app);
        assert_eq!(buffer[(48, 5)].symbol(), "│", "{name:?}");
        assert!(styled(&buffer[(48, 5)], theme.separator), "{name:?}");
        assert!(styled(&buffer[(0, 0)], theme.prompt), "{name:?}");
        assert!(styled(&buffer[(2, 1)], theme.selected), "{name:?} {:?}", buffer[(2, 1)]);
    }
}
