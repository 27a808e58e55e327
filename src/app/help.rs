//! The help view: the overlay listing every key, and how far it is scrolled.

use crate::action::{Amount, Direction};

/// The help overlay, open, scrolled to its `top` line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpView {
    top: usize,
}

impl HelpView {
    /// The first line shown.
    pub fn top(&self) -> usize {
        self.top
    }

    /// Shows line `line` on top (or as near as the last page allows).
    pub(super) fn go_to(&mut self, line: usize, lines: usize, rows: usize) {
        self.top = line.min(lines.saturating_sub(rows));
    }

    /// Scrolls `lines` lines of help shown in `rows` rows, never past the last; returns whether
    /// it moved.
    pub(super) fn scroll(&mut self, direction: Direction, amount: Amount, lines: usize, rows: usize) -> bool {
        let target = direction.apply(self.top, amount.lines(rows)).min(lines.saturating_sub(rows));
        std::mem::replace(&mut self.top, target) != target
    }
}

impl super::App {
    /// F1 (and `?`): the help, or away with it. Opened from the reader, at the reader's keys.
    pub(super) fn toggle_help(&mut self) -> bool {
        let reader = self.mode() == crate::keymap::Mode::Reader;
        let open = self.help().is_some();
        self.overlay = if open { None } else { Some(super::Overlay::Help(HelpView::default())) };
        if reader && !open {
            let at = self.help_rows().iter().position(|r| *r == HelpRow::Heading("Reader".into()));
            let (lines, rows) = self.help_size();
            if let (Some(super::Overlay::Help(help)), Some(at)) = (self.overlay.as_mut(), at) {
                help.go_to(at, lines, rows);
            }
        }
        true
    }
}

/// One row of the help as drawn: a heading, or keys and (part of) what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Heading(String),
    /// Keys (empty on a description's later rows) and text, the text starting at `column`.
    Entry {
        keys: String,
        text: String,
        column: u16,
    },
}

/// The help's lines laid out `width` columns wide: keys in a column of their own and each
/// description beside them, wrapped; too narrow for both (40 columns), the keys get a row and
/// the description the rows under them, indented. Nothing is cut.
pub fn help_rows(lines: &[(String, &'static str)], width: u16) -> Vec<HelpRow> {
    use crate::width::display_width;
    let width = usize::from(width.max(1));
    let key_width = lines.iter().filter(|(_, what)| !what.is_empty()).map(|(k, _)| display_width(k)).max().unwrap_or(0);
    // Beside the keys while the description gets a fair line; under them otherwise.
    let beside = key_width + 2 + 24 <= width;
    let column = if beside { key_width + 2 } else { 2 };
    let mut rows = Vec::new();
    for (keys, what) in lines {
        if what.is_empty() {
            rows.push(HelpRow::Heading(keys.clone()));
            continue;
        }
        let wrapped = crate::wrap::wrap(what, width.saturating_sub(column).max(1));
        if !beside {
            rows.push(HelpRow::Entry { keys: keys.clone(), text: String::new(), column: column as u16 });
        }
        for (i, text) in wrapped.into_iter().enumerate() {
            let keys = if beside && i == 0 { keys.clone() } else { String::new() };
            rows.push(HelpRow::Entry { keys, text, column: column as u16 });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;

    #[test]
    fn every_description_is_whole_at_40_columns() {
        let lines = Keymap::default().help_lines();
        for width in [36, 76] {
            let rows = help_rows(&lines, width);
            let text: Vec<&str> = rows
                .iter()
                .filter_map(|r| match r {
                    HelpRow::Entry { text, .. } => Some(text.as_str()),
                    HelpRow::Heading(_) => None,
                })
                .collect();
            let joined = text.join(" ");
            for (_, what) in lines.iter().filter(|(_, w)| !w.is_empty()) {
                assert!(joined.contains(what.split(' ').next().unwrap()), "{what}");
            }
            for row in &rows {
                if let HelpRow::Entry { text, column, keys } = row {
                    assert!(usize::from(*column) + crate::width::display_width(text) <= usize::from(width), "{text}");
                    assert!(crate::width::display_width(keys) <= usize::from(width), "{keys}");
                }
            }
        }
        let narrow = help_rows(&lines, 36);
        assert!(narrow.len() > help_rows(&lines, 76).len(), "narrow: more rows");
        assert!(narrow.contains(&HelpRow::Entry { keys: "Down Ctrl-N Ctrl-J".into(), text: String::new(), column: 2 }));
    }
}
