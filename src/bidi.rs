//! Right-to-left text for terminals that do not reorder: lines put in display order (UAX #9).

use unicode_bidi::{BidiInfo, Direction, Level, get_base_direction};
use unicode_segmentation::UnicodeSegmentation;

/// Whether a paragraph reads right to left: its first strong character is Arabic, Hebrew or
/// another right-to-left script.
pub fn is_rtl(text: &str) -> bool {
    has_rtl(text) && get_base_direction(text) == Direction::Rtl
}

/// Whether `text` holds a character of a right-to-left script (the blocks of Hebrew, Arabic,
/// Syriac, Thaana, N'Ko and their presentation forms, and the historic ones): text without one
/// needs no reordering, and most text has none.
pub fn has_rtl(text: &str) -> bool {
    !text.is_ascii()
        && text.chars().any(|c| {
            matches!(c, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}'
                | '\u{10800}'..='\u{10fff}' | '\u{1e800}'..='\u{1efff}' | '\u{200f}')
        })
}

/// `line` (already wrapped, in logical order) in the order a terminal that does not reorder
/// must draw it, left to right: see [`visual_chars`].
pub fn visual(line: &str, rtl: bool) -> String {
    if !rtl && !has_rtl(line) {
        return line.to_owned();
    }
    visual_chars(line, rtl).into_iter().map(|(_, c)| c).collect()
}

/// The chars of `line` in drawing order, each with its index in `line` (in chars): the Unicode
/// Bidirectional Algorithm's levels for a paragraph of direction `rtl`, right-to-left runs
/// reversed grapheme by grapheme (so combining marks stay after their base) and their paired
/// punctuation mirrored.
pub fn visual_chars(line: &str, rtl: bool) -> Vec<(usize, char)> {
    let logical = || line.chars().enumerate().collect();
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let info = BidiInfo::new(line, Some(base));
    let Some(paragraph) = info.paragraphs.first() else { return logical() };
    let levels = info.reordered_levels(paragraph, paragraph.range.clone());
    let mut graphemes: Vec<(usize, &str, Level)> = Vec::new();
    let mut first_char = 0;
    for (at, grapheme) in line.grapheme_indices(true) {
        graphemes.push((first_char, grapheme, levels[at]));
        first_char += grapheme.chars().count();
    }
    let grapheme_levels: Vec<Level> = graphemes.iter().map(|g| g.2).collect();
    if !grapheme_levels.iter().any(Level::is_rtl) {
        return logical();
    }
    let mut out = Vec::with_capacity(first_char);
    for index in BidiInfo::reorder_visual(&grapheme_levels) {
        let (first, grapheme, level) = graphemes[index];
        let rtl = level.is_rtl();
        out.extend(grapheme.chars().enumerate().map(|(i, c)| (first + i, if rtl { mirror(c) } else { c })));
    }
    out
}

/// The mirrored glyph of paired punctuation (Unicode's Bidi_Mirroring_Glyph, the pairs met in
/// running text), for characters drawn right to left.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '⁅' => '⁆',
        '⁆' => '⁅',
        '﴾' => '﴿',
        '﴿' => '﴾',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_is_drawn_right_to_left_with_numbers_and_latin_kept() {
        assert!(is_rtl("مرحبا بالعالم"));
        assert!(!is_rtl("Hello مرحبا"));
        // "hello world" in Arabic: the second word is drawn first, on the left.
        assert_eq!(visual("مرحبا بالعالم", true), "ملاعلاب ابحرم");
        // Numbers and Latin words keep their own order inside the right-to-left line.
        assert_eq!(visual("عام 2015 في RIYADH", true), "RIYADH يف 2015 ماع");
        // Brackets are mirrored, so they still open toward their contents.
        assert_eq!(visual("(نص)", true), "(صن)");
        assert_eq!(visual("plain text", false), "plain text");
    }

    #[test]
    fn combining_marks_stay_after_their_letter() {
        // بِسْمِ: each letter with its vowel sign after it, letters in reverse.
        let word = "\u{628}\u{650}\u{633}\u{652}\u{645}\u{650}";
        assert_eq!(visual(word, true), "\u{645}\u{650}\u{633}\u{652}\u{628}\u{650}");
    }

    proptest::proptest! {
        #[test]
        fn reordering_keeps_every_character(text in "[a-z0-9 ()\u{600}-\u{6ff}\u{5d0}-\u{5ea}]{0,40}", rtl in proptest::bool::ANY) {
            let mut before: Vec<char> = text.chars().map(mirror).collect();
            let mut after: Vec<char> = visual(&text, rtl).chars().map(mirror).collect();
            before.sort_unstable();
            after.sort_unstable();
            // Mirroring swaps ( and ): compare with both sides folded the same way.
            let fold = |c: &char| match c { ')' => '(', c => *c };
            proptest::prop_assert_eq!(before.iter().map(fold).collect::<Vec<_>>(), after.iter().map(fold).collect::<Vec<_>>());
        }
    }
}
