//! Styles by meaning: what render draws each part of the screen with.

use ratatui::style::{Modifier, Style};

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
    /// The rule between list and reader.
    pub separator: Style,
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
}

impl Default for Theme {
    /// Modifiers only, never colour, so NO_COLOR and monochrome terminals lose nothing.
    fn default() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            prompt: bold,
            prompt_inactive: dim,
            status: dim,
            matched: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
            selected: reversed,
            selected_inactive: reversed.add_modifier(Modifier::DIM),
            note: dim,
            separator: dim,
            cut: dim,
            heading: bold,
            meta: dim,
            key: bold,
            text: Style::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    #[test]
    fn the_default_theme_uses_no_colour() {
        let theme = Theme::default();
        let styles = [
            theme.prompt,
            theme.prompt_inactive,
            theme.status,
            theme.matched,
            theme.selected,
            theme.selected_inactive,
            theme.note,
            theme.separator,
            theme.cut,
            theme.heading,
            theme.meta,
            theme.key,
            theme.text,
        ];
        for style in styles {
            assert!(style.fg.is_none_or(|c| c == Color::Reset) && style.bg.is_none_or(|c| c == Color::Reset));
        }
        assert_ne!(theme.selected, theme.selected_inactive, "focus shows in the selection");
    }
}
