//! Styles by meaning: what render draws each part of the screen with.

use ratatui::style::{Color, Modifier, Style};

/// The style of every part of the screen, named by what it shows, so a theme (and later a
/// config file) changes looks without touching the drawing code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// The prompt while the query has the keys, and while it has not.
    pub prompt: Style,
    pub prompt_inactive: Style,
    /// `matched/total`, load progress and the reading position.
    pub status: Style,
    /// Matched chars in a title.
    pub matched: Style,
    /// The selected row while the list has the keys, and while the reader has them.
    pub selected: Style,
    pub selected_inactive: Style,
    /// "loading…", "no match", "reading…" and other notes in place of content.
    pub note: Style,
    /// The rule between list and reader, while the list has the keys and while the reader has them.
    pub separator: Style,
    pub separator_focused: Style,
    /// The `…` where a title is cut.
    pub cut: Style,
    /// An article's title in the reader.
    pub heading: Style,
    /// Word count, markers, the rule above the trailer and the trailer itself.
    pub meta: Style,
    /// Keys in the footer and the help, and the help's headings.
    pub key: Style,
    /// Plain text.
    pub text: Style,
    /// The current hit of a search in the article (the others are `matched`).
    pub current_hit: Style,
    /// Code in a line of text, and the lines of a code block that names its language.
    pub code: Style,
    pub code_block: Style,
    /// Highlighted text, a style per [`crate::highlight::Colour`]; each colour's mark in the
    /// margin tells them apart without colour.
    pub highlights: [Style; 4],
    /// The selection in the reader, and its free end.
    pub selection: Style,
    pub selection_cursor: Style,
}

/// The themes a config file can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeName {
    /// The terminal's own 16 colours plus bold, dim and reverse: follows a light or dark palette.
    #[default]
    Default,
    /// Tuned 256-colour palettes for a dark or a light background.
    Dark,
    Light,
    /// No colour at all: bold, dim, underline and reverse.
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 4] = [ThemeName::Default, ThemeName::Dark, ThemeName::Light, ThemeName::Mono];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::Mono => "mono",
        }
    }
}

impl Theme {
    /// The theme `name` names, as the terminal can show it: `mono` when NO_COLOR is set or
    /// the terminal has no colour (`TERM=dumb`), the 16-colour `default` for a 256-colour
    /// theme on a terminal without 256 colours.
    pub fn for_terminal(name: ThemeName) -> Theme {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            || std::env::var("TERM").is_ok_and(|t| t == "dumb");
        Theme::choose(name, no_colour, crossterm::style::available_color_count())
    }

    /// The theme `name` names on a terminal of `colours` colours, NO_COLOR set or not.
    pub fn choose(name: ThemeName, no_colour: bool, colours: u16) -> Theme {
        match name {
            _ if no_colour => Theme::mono(),
            ThemeName::Dark | ThemeName::Light if colours < 256 => Theme::named(ThemeName::Default),
            name => Theme::named(name),
        }
    }

    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Default => Theme::ansi(),
            ThemeName::Dark => Theme::palette(&DARK),
            ThemeName::Light => Theme::palette(&LIGHT),
            ThemeName::Mono => Theme::mono(),
        }
    }

    /// Modifiers only, never colour, so NO_COLOR and monochrome terminals lose nothing.
    pub fn mono() -> Self {
        Theme {
            prompt: BOLD,
            prompt_inactive: DIM,
            status: DIM,
            matched: BOLD.add_modifier(Modifier::UNDERLINED),
            selected: REVERSED,
            selected_inactive: REVERSED.add_modifier(Modifier::DIM),
            note: DIM,
            separator: DIM,
            separator_focused: BOLD,
            cut: DIM,
            heading: BOLD,
            meta: DIM,
            key: BOLD,
            text: Style::new(),
            current_hit: REVERSED,
            // Reversed and dim: apart from the current hit (reversed) and from emphasis.
            code: REVERSED.add_modifier(Modifier::DIM),
            code_block: Style::new(),
            highlights: [UNDERLINED; 4],
            selection: REVERSED,
            selection_cursor: REVERSED.add_modifier(Modifier::BOLD).add_modifier(Modifier::UNDERLINED),
        }
    }

    /// The mono theme with the terminal's 16 colours on top: an accent for matches and the
    /// focused edge, a distinct colour for the current search hit.
    fn ansi() -> Self {
        let mono = Theme::mono();
        Theme {
            prompt: mono.prompt.fg(Color::Blue),
            matched: mono.matched.fg(Color::Green),
            separator_focused: mono.separator_focused.fg(Color::Blue),
            heading: mono.heading.fg(Color::Cyan),
            key: mono.key.fg(Color::Blue),
            current_hit: BOLD.fg(Color::Black).bg(Color::Yellow),
            code: Style::new().fg(Color::Yellow),
            code_block: Style::new().fg(Color::Yellow),
            highlights: [Color::Yellow, Color::Green, Color::Cyan, Color::Magenta]
                .map(|c| Style::new().fg(Color::Black).bg(c)),
            ..mono
        }
    }

    /// A 256-colour theme; reverse and bold still carry the meaning without colour.
    fn palette(p: &Palette) -> Self {
        let mono = Theme::mono();
        let grey = |c| Style::new().fg(Color::Indexed(c));
        Theme {
            prompt: BOLD.fg(Color::Indexed(p.accent)),
            prompt_inactive: grey(p.faint),
            status: grey(p.faint),
            matched: mono.matched.fg(Color::Indexed(p.matched)),
            selected: BOLD.fg(Color::Indexed(p.text)).bg(Color::Indexed(p.selection)),
            selected_inactive: DIM.fg(Color::Indexed(p.text)).bg(Color::Indexed(p.selection_inactive)),
            note: grey(p.faint),
            separator: grey(p.rule),
            separator_focused: BOLD.fg(Color::Indexed(p.accent)),
            cut: grey(p.faint),
            heading: BOLD.fg(Color::Indexed(p.heading)),
            meta: grey(p.faint),
            key: BOLD.fg(Color::Indexed(p.accent)),
            text: Style::new(),
            current_hit: BOLD.fg(Color::Indexed(16)).bg(Color::Indexed(p.hit)),
            code: Style::new().fg(Color::Indexed(p.heading)).bg(Color::Indexed(p.selection_inactive)),
            code_block: Style::new().fg(Color::Indexed(p.heading)),
            highlights: p.highlights.map(|c| Style::new().fg(Color::Indexed(p.text)).bg(Color::Indexed(c))),
            ..mono
        }
    }
}

impl Default for Theme {
    /// The mono look: what screen tests compare against, whatever the terminal.
    fn default() -> Self {
        Theme::mono()
    }
}

const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
const DIM: Style = Style::new().add_modifier(Modifier::DIM);
const REVERSED: Style = Style::new().add_modifier(Modifier::REVERSED);
const UNDERLINED: Style = Style::new().add_modifier(Modifier::UNDERLINED);

/// The 256-colour indexes of a palette.
struct Palette {
    accent: u8,
    matched: u8,
    faint: u8,
    rule: u8,
    text: u8,
    selection: u8,
    selection_inactive: u8,
    heading: u8,
    hit: u8,
    /// Backgrounds of the four highlight colours, under the palette's text colour.
    highlights: [u8; 4],
}

const DARK: Palette = Palette {
    accent: 110,
    matched: 114,
    faint: 245,
    rule: 240,
    text: 255,
    selection: 24,
    selection_inactive: 237,
    heading: 180,
    hit: 214,
    highlights: [58, 22, 24, 53],
};

const LIGHT: Palette = Palette {
    accent: 25,
    matched: 28,
    faint: 243,
    rule: 250,
    text: 16,
    selection: 153,
    selection_inactive: 253,
    heading: 94,
    hit: 220,
    highlights: [229, 194, 153, 225],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn all_styles(theme: &Theme) -> [Style; 24] {
        [
            theme.prompt,
            theme.prompt_inactive,
            theme.status,
            theme.matched,
            theme.selected,
            theme.selected_inactive,
            theme.note,
            theme.separator,
            theme.separator_focused,
            theme.cut,
            theme.heading,
            theme.meta,
            theme.key,
            theme.text,
            theme.current_hit,
            theme.code,
            theme.code_block,
            theme.highlights[0],
            theme.highlights[1],
            theme.highlights[2],
            theme.highlights[3],
            theme.selection,
            theme.selection_cursor,
            Style::new(),
        ]
    }

    #[test]
    fn no_colour_wins_over_every_theme_and_256_colour_themes_fall_back() {
        for name in ThemeName::ALL {
            assert_eq!(Theme::choose(name, true, 256), Theme::mono(), "{name:?} under NO_COLOR");
        }
        assert_eq!(Theme::choose(ThemeName::Dark, false, 16), Theme::named(ThemeName::Default));
        assert_eq!(Theme::choose(ThemeName::Light, false, 256), Theme::named(ThemeName::Light));
        assert_ne!(Theme::choose(ThemeName::Dark, false, 256), Theme::mono());
    }

    #[test]
    fn mono_uses_no_colour_and_every_theme_means_the_same_without_it() {
        let uncoloured = |style: Style| Style { fg: None, bg: None, ..style };
        for style in all_styles(&Theme::mono()) {
            assert_eq!(style, uncoloured(style));
        }
        for name in ThemeName::ALL {
            let t = Theme::named(name);
            let plain = uncoloured(t.text);
            let differ =
                |a: Style, b: Style, what: &str| assert_ne!(uncoloured(a), uncoloured(b), "{what} in {name:?}");
            differ(t.matched, plain, "matches");
            differ(t.selected, plain, "the selection");
            differ(t.selected_inactive, plain, "the selection without focus");
            differ(t.selected_inactive, t.selected, "focus in the selection");
            differ(t.current_hit, t.matched, "the current hit");
            differ(t.separator_focused, t.separator, "focus on the edge");
            differ(t.prompt, t.prompt_inactive, "focus in the prompt");
            differ(Theme::mono().code, plain, "code without colour");
            differ(Theme::mono().highlights[0], plain, "a highlight without colour");
            differ(t.selection, plain, "the selected text");
            differ(t.selection_cursor, t.selection, "the selection's free end");
            assert_ne!(t.code, t.text, "code in {name:?}");
            assert_ne!(t.code, t.current_hit, "code and the current hit in {name:?}");
        }
        assert_ne!(Theme::named(ThemeName::Default).matched.fg, None, "the default theme has colour");
        assert!(matches!(Theme::named(ThemeName::Dark).selected.bg, Some(Color::Indexed(_))));
    }
}
