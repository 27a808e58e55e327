//! The query line: text and cursor, edited with fzf's (readline) keys.

/// Query text with a cursor, counted in chars so multi-byte input edits cleanly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryLine {
    text: String,
    cursor: usize,
}

impl QueryLine {
    /// Deletes as `deletion` says; returns whether anything changed.
    pub fn delete(&mut self, deletion: crate::action::Deletion) -> bool {
        use crate::action::Deletion;
        match deletion {
            Deletion::Back => self.delete_back(),
            Deletion::Forward => self.delete_forward(),
            Deletion::Word => self.delete_word(),
            Deletion::ToStart => self.delete_to_start(),
        }
    }

    /// Moves the cursor as `to` says; returns whether it moved.
    pub fn move_cursor(&mut self, to: crate::action::CursorMove) -> bool {
        use crate::action::CursorMove;
        match to {
            CursorMove::Left => self.move_by(-1),
            CursorMove::Right => self.move_by(1),
            CursorMove::Start => self.move_to_start(),
            CursorMove::End => self.move_to_end(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor position in chars from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text.char_indices().nth(char_index).map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    pub fn insert(&mut self, c: char) {
        let at = self.byte_at(self.cursor);
        self.text.insert(at, c);
        self.cursor += 1;
    }

    /// Inserts pasted text at the cursor as one edit: line breaks and tabs become spaces, other
    /// control characters (and escape sequences' remains) go; returns whether anything went in.
    pub fn paste(&mut self, text: &str) -> bool {
        let clean = crate::store::sanitize::sanitize(text).replace('\n', " ");
        if clean.is_empty() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
        true
    }

    /// Removes chars `from..to`; returns whether anything changed.
    fn remove(&mut self, from: usize, to: usize) -> bool {
        if from >= to {
            return false;
        }
        let (start, end) = (self.byte_at(from), self.byte_at(to));
        self.text.replace_range(start..end, "");
        self.cursor = from;
        true
    }

    pub fn delete_back(&mut self) -> bool {
        self.remove(self.cursor.saturating_sub(1), self.cursor)
    }

    pub fn delete_forward(&mut self) -> bool {
        self.remove(self.cursor, (self.cursor + 1).min(self.len()))
    }

    /// Ctrl-W: the word before the cursor and the spaces after it, like readline.
    pub fn delete_word(&mut self) -> bool {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let spaces = before.iter().rev().take_while(|c| c.is_whitespace()).count();
        let word = before.iter().rev().skip(spaces).take_while(|c| !c.is_whitespace()).count();
        self.remove(self.cursor - spaces - word, self.cursor)
    }

    /// Ctrl-U: everything before the cursor.
    pub fn delete_to_start(&mut self) -> bool {
        self.remove(0, self.cursor)
    }

    pub fn clear(&mut self) -> bool {
        self.cursor = self.len();
        self.remove(0, self.cursor)
    }

    /// Moves the cursor by `delta` chars, clamped; returns whether it moved.
    pub fn move_by(&mut self, delta: isize) -> bool {
        let target = self.cursor.saturating_add_signed(delta).min(self.len());
        std::mem::replace(&mut self.cursor, target) != target
    }

    pub fn move_to_start(&mut self) -> bool {
        std::mem::replace(&mut self.cursor, 0) != 0
    }

    pub fn move_to_end(&mut self) -> bool {
        let end = self.len();
        std::mem::replace(&mut self.cursor, end) != end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> QueryLine {
        let mut q = QueryLine::default();
        text.chars().for_each(|c| q.insert(c));
        q
    }

    #[test]
    fn edits_at_the_cursor_by_char() {
        let mut q = line("£ab");
        q.move_by(-1);
        q.insert('x');
        assert_eq!((q.text(), q.cursor()), ("£axb", 3));
        assert!(q.delete_back());
        q.move_to_start();
        assert!(!q.delete_back());
        assert!(q.delete_forward());
        assert_eq!(q.text(), "ab");
    }

    #[test]
    fn ctrl_w_and_ctrl_u_delete_before_the_cursor() {
        let mut q = line("sony  pictures hack ");
        assert!(q.delete_word());
        assert_eq!(q.text(), "sony  pictures ");
        q.move_by(-3);
        assert!(q.delete_to_start());
        assert_eq!((q.text(), q.cursor()), ("es ", 0));
        assert!(q.clear());
        assert!(q.is_empty());
        assert!(!q.clear());
    }

    #[test]
    fn cursor_moves_are_clamped() {
        let mut q = line("ab");
        assert!(!q.move_by(1));
        assert!(q.move_by(-5));
        assert_eq!(q.cursor(), 0);
        assert!(q.move_to_end());
        assert_eq!(q.cursor(), 2);
    }
}
