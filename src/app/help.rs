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

    /// Scrolls `lines` lines of help shown in `rows` rows, never past the last; returns whether
    /// it moved.
    pub(super) fn scroll(&mut self, direction: Direction, amount: Amount, lines: usize, rows: usize) -> bool {
        let target = direction.apply(self.top, amount.lines(rows)).min(lines.saturating_sub(rows));
        std::mem::replace(&mut self.top, target) != target
    }
}
