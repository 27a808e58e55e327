//! Wrapping text to a width: where lines may break, and the widths terminals give the pieces.

use crate::store::Article;
use crate::width::{advance, advances, display_width, graphemes};
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{Penalties, wrap_first_fit, wrap_optimal_fit};

/// Articles larger than this wrap first-fit (about 3.5 times faster than optimal-fit, which
/// balances line lengths), so that even a 1 MB article wraps in a few tens of milliseconds.
pub const BALANCED_WRAP_LIMIT: usize = 256 * 1024;

/// A piece of text between two places a line may break, with its measured width and whether
/// a space follows it (none between ideographs), for textwrap's wrapping algorithms.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    width: usize,
    space: bool,
}

impl Fragment for Word<'_> {
    fn width(&self) -> f64 {
        self.width as f64
    }
    fn whitespace_width(&self) -> f64 {
        if self.space { 1.0 } else { 0.0 }
    }
    fn penalty_width(&self) -> f64 {
        0.0
    }
}

/// How lines are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// textwrap's optimal fit: balanced line lengths, as in print.
    Balanced,
    /// textwrap's first fit: as many words as fit, line after line; much faster.
    First,
}

impl Fit {
    /// Balanced, unless the article is so large that wrapping it so would keep the reader waiting.
    pub fn for_article(article: &Article) -> Fit {
        let size: usize = article.lines.iter().map(String::len).sum();
        if size > BALANCED_WRAP_LIMIT { Fit::First } else { Fit::Balanced }
    }
}

/// Wraps text to `width` columns with balanced lines; see [`wrap_with`].
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_with(text, width, Fit::Balanced)
}

/// Wraps text to `width` columns: lines break where the Unicode line-breaking rules (UAX #14)
/// allow, so between ideographs but never before closing punctuation; spaces collapse, `\n`
/// forces a break, and a word wider than the line is broken between graphemes. Widths are what
/// terminals advance, so a drawn line never overflows (a lone 2-column cell in a 1-column line
/// aside).
pub fn wrap_with(text: &str, width: usize, fit: Fit) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for hard_line in text.split('\n') {
        let words: Vec<Word> = break_points(hard_line).into_iter().flat_map(|w| split_long_word(w, width)).collect();
        if words.is_empty() {
            out.push(String::new());
            continue;
        }
        let widths = [width as f64];
        let first_fit = || wrap_first_fit(&words, &widths);
        let lines = match fit {
            // Optimal fit may let a line overflow when that costs less than its alternatives
            // (found by fuzzing); a line must never be wider than the pane, so then first fit.
            Fit::Balanced => match wrap_optimal_fit(&words, &widths, &Penalties::new()) {
                Ok(lines) if lines.iter().all(|line| line_width(line) <= width) => lines,
                _ => first_fit(),
            },
            Fit::First => first_fit(),
        };
        out.extend(lines.into_iter().map(join));
    }
    out
}

/// The pieces of one line of text between its break opportunities, each with whether a space
/// followed it. Lines break at spaces, and inside words beside wide (CJK) characters where the
/// Unicode line-breaking rules (UAX #14) allow: never before closing punctuation, and not after
/// every hyphen of prose in spaced scripts.
fn break_points(line: &str) -> Vec<(&str, bool)> {
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    for word in line.split(' ').filter(|w| !w.is_empty()) {
        let first_piece = pieces.len();
        if word.is_ascii() || !word.chars().any(is_wide) {
            pieces.push((word, true));
        } else {
            wide_word_pieces(word, &mut pieces);
        }
        // Closing punctuation never starts a line, even after spaces (UAX #14 LB13: `）。` in
        // `文字: ）。`, a lone `!` or `;`): it stays with the piece before, spaces and all.
        if first_piece > 0 && word.chars().next().is_some_and(no_break_before) {
            let (before, _) = pieces[first_piece - 1];
            let (glued, space) = pieces.remove(first_piece);
            let start = before.as_ptr() as usize - line.as_ptr() as usize;
            let end = glued.as_ptr() as usize - line.as_ptr() as usize + glued.len();
            pieces[first_piece - 1] = (&line[start..end], space);
        }
    }
    pieces
}

/// A wide (CJK) character, beside which UAX #14 finds breaks inside words.
fn is_wide(c: char) -> bool {
    c >= '\u{1100}' && advance(c) == 2
}

/// UAX #14 classes no line may start with, even after spaces (LB13 as of Unicode 15.0, which
/// unicode-linebreak 0.1 implements; 15.1 narrowed it).
fn no_break_before(c: char) -> bool {
    use unicode_linebreak::BreakClass::*;
    matches!(
        unicode_linebreak::break_property(c as u32),
        ClosePunctuation | CloseParenthesis | Exclamation | InfixSeparator | Symbol
    )
}

/// Pushes the pieces of a word holding wide characters, split where UAX #14 allows beside them.
fn wide_word_pieces<'a>(word: &'a str, pieces: &mut Vec<(&'a str, bool)>) {
    let mut start = 0;
    for (at, _) in unicode_linebreak::linebreaks(word) {
        let (before, after) = (word[..at].chars().next_back(), word[at..].chars().next());
        if at == word.len() || before.is_some_and(is_wide) || after.is_some_and(is_wide) {
            pieces.push((&word[start..at], at == word.len()));
            start = at;
        }
    }
}

/// A wrapped line's text: its pieces, with one space where a piece had one after it.
fn join(line: &[Word]) -> String {
    let mut text = String::new();
    for (i, word) in line.iter().enumerate() {
        text.push_str(word.text);
        if word.space && i + 1 < line.len() {
            text.push(' ');
        }
    }
    text
}

fn line_width(words: &[Word]) -> usize {
    let spaces = words.iter().take(words.len().saturating_sub(1)).filter(|w| w.space).count();
    words.iter().map(|w| w.width).sum::<usize>() + spaces
}

fn split_long_word((word, space): (&str, bool), width: usize) -> Vec<Word<'_>> {
    let total = display_width(word);
    if total <= width {
        return vec![Word { text: word, width: total, space }];
    }
    // Break between graphemes; a grapheme wider than the line (a long emoji sequence, a narrow
    // pane) breaks between the code points that advance the cursor, as terminals draw it anyway.
    let mut units: Vec<(usize, usize)> = Vec::new();
    for (at, grapheme, columns) in graphemes(word) {
        if columns <= width {
            units.push((at, columns));
            continue;
        }
        for (offset, _, columns) in advances(grapheme) {
            // Zero-width code points stay with the one before them.
            if columns > 0 || units.is_empty() {
                units.push((at + offset, columns));
            }
        }
    }
    let mut pieces = Vec::new();
    let (mut start, mut used) = (0, 0);
    let mut previous: Option<(usize, usize)> = None;
    for (at, columns) in units {
        // What takes no column (a code point a joiner joined) never starts a line: away from
        // its joiner, a terminal would give it a column of its own.
        if columns > 0 && used + columns > width && used > 0 {
            // Nor does closing punctuation (`Politicus）`): the unit before it goes along.
            let closing = word[at..].chars().next().is_some_and(no_break_before);
            match previous {
                Some((before, before_columns)) if closing && before > start && before_columns + columns <= width => {
                    pieces.push(Word { text: &word[start..before], width: used - before_columns, space: false });
                    (start, used) = (before, before_columns);
                }
                _ => {
                    pieces.push(Word { text: &word[start..at], width: used, space: false });
                    (start, used) = (at, 0);
                }
            }
        }
        used += columns;
        previous = Some((at, columns));
    }
    pieces.push(Word { text: &word[start..], width: used, space });
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn japanese_breaks_between_ideographs_but_not_before_closing_brackets() {
        let text = "アンパサンド（＆）は「and」を意味する記号である。ラテン語の「et」の合字で、";
        let lines = wrap(text, 20);
        assert!(lines.len() > 1 && lines.iter().all(|l| display_width(l) <= 20), "{lines:?}");
        for line in &lines[1..] {
            let first = line.chars().next().unwrap();
            assert!(!"）」、。".contains(first), "a line starts with {first:?}: {lines:?}");
        }
        assert_eq!(lines.concat(), text, "nothing lost, no space added");
        // Not even after a space: the break before `）` moves back to the one before `文字:`.
        let spaced = "エジプト・アラブ共和国（ラテン文字: ）。通称は（標準語: ミスル）";
        for width in 8..30 {
            let lines = wrap(spaced, width);
            assert!(lines[1..].iter().all(|l| !l.starts_with('）')), "{width}: {lines:?}");
        }
        assert_eq!(wrap("yes or no !", 9), ["yes or", "no !"], "LB13 holds for ASCII too");
        // A Latin word wider than the line, glued to closing punctuation, is broken before its
        // last letter rather than before the punctuation (ja/031 at width 21).
        let lines = wrap("Theologico-Politicus）だけである。", 21);
        assert!(lines[1..].iter().all(|l| !l.starts_with('）')), "{lines:?}");
        // Spaced prose still breaks at its spaces only, not after hyphens.
        assert_eq!(wrap("a well-known café", 10), ["a", "well-known", "café"]);
    }

    #[test]
    fn wraps_words_and_keeps_hard_breaks() {
        assert_eq!(wrap("the quick brown fox", 10), ["the quick", "brown fox"]);
        assert_eq!(wrap("a\n- b\n- c", 10), ["a", "- b", "- c"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn long_words_break_between_graphemes_by_terminal_width() {
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("日本語の", 3), ["日", "本", "語", "の"]);
        assert_eq!(wrap("\u{2764}\u{fe0f}\u{2764}\u{fe0f}", 1), ["\u{2764}\u{fe0f}", "\u{2764}\u{fe0f}"]);
        // বাংলা: the grapheme বাং takes 3 columns on a terminal, লা 2.
        assert_eq!(wrap("বাংলা", 3), ["বাং", "লা"]);
        // A grapheme wider than the line breaks between the code points a terminal advances by.
        assert_eq!(wrap("বাংলা", 2), ["বা", "ং", "লা"]);
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(wrap(&format!("{family}{family}"), 3), [family, family], "a joined emoji is one 2-column cell");
    }

    proptest! {
        #[test]
        fn every_line_fits_and_no_word_is_lost(
            text in "([a-z]{1,12}|[日本語]{1,6}|）。|!|\u{2764}\u{fe0f}|e\u{301}|\u{1f468}\u{200d}\u{1f469}| |\n){0,40}",
            width in 2usize..40,
        ) {
            let lines = wrap(&text, width);
            let first = wrap_with(&text, width, Fit::First);
            for line in first.iter().chain(&lines) {
                prop_assert!(display_width(line) <= width, "{line:?} wider than {width}");
            }
            let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(strip(&lines.concat()), strip(&text));
        }
    }
}
