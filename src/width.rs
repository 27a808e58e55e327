//! Display widths as terminals advance the cursor, code point by code point, and cells to match.

use ratatui::buffer::CellWidth;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU16;
use std::sync::atomic::{AtomicU8, Ordering};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_segmentation::{GraphemeIndices, UnicodeSegmentation};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a terminal advances its cursor over text. Terminals disagree, so folio asks the one it
/// runs in (`tui::probe`) and measures with its answer; [`WidthRules::CODE_POINTS`] until then.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WidthRules {
    /// A grapheme cluster advances as one unit, by its first code point's width (mode 2027,
    /// and terminals that shape graphemes); otherwise each code point advances by its own.
    pub clusters: bool,
    /// An emoji made emoji-style by U+FE0F (`❤\u{fe0f}`) takes two columns, not one.
    pub emoji_presentation: bool,
    /// A spacing mark (general category Mc, Bengali `া`) takes a column of its own.
    pub spacing_marks: bool,
    /// A code point after a zero-width joiner joins the cell before it.
    pub joiners: bool,
    /// A spacing mark right after a conjunct (letter, virama, letter: `क्षा`) shares the
    /// conjunct's last column instead of taking one (wcwidth 0.7 and Ghostty; tmux gives it one).
    /// Required in the cache, so a terminal decided on before this was asked is asked again.
    pub marks_join_conjuncts: bool,
}

impl WidthRules {
    /// tmux 3.3, xterm, VTE and other wcwidth terminals: code point by code point, spacing marks
    /// one column, what a joiner joins none (tmux's rule, measured with `#{cursor_x}`).
    pub const CODE_POINTS: WidthRules = WidthRules {
        clusters: false,
        emoji_presentation: false,
        spacing_marks: true,
        joiners: true,
        marks_join_conjuncts: false,
    };
    /// Terminals that cluster graphemes (DEC mode 2027 in Ghostty and Contour; kitty, WezTerm,
    /// foot): a cluster is as wide as its first code point, or two columns as an emoji.
    pub const GRAPHEMES: WidthRules = WidthRules {
        clusters: true,
        emoji_presentation: true,
        spacing_marks: false,
        joiners: true,
        marks_join_conjuncts: false,
    };

    const fn bits(self) -> u8 {
        self.clusters as u8
            | (self.emoji_presentation as u8) << 1
            | (self.spacing_marks as u8) << 2
            | (self.joiners as u8) << 3
            | (self.marks_join_conjuncts as u8) << 4
    }

    fn from_bits(bits: u8) -> WidthRules {
        WidthRules {
            clusters: bits & 1 != 0,
            emoji_presentation: bits & 2 != 0,
            spacing_marks: bits & 4 != 0,
            joiners: bits & 8 != 0,
            marks_join_conjuncts: bits & 16 != 0,
        }
    }

    /// Every combination of the rules, the usual ones first (what a probe chooses among).
    pub fn all() -> impl Iterator<Item = WidthRules> {
        let usual = [WidthRules::CODE_POINTS, WidthRules::GRAPHEMES];
        let rest = (0..32u8).map(WidthRules::from_bits).filter(move |r| !usual.contains(r));
        usual.into_iter().chain(rest)
    }
}

impl Default for WidthRules {
    fn default() -> Self {
        WidthRules::CODE_POINTS
    }
}

/// The rules every measure in this process uses: one terminal, so one set, chosen before the
/// first frame (and before any page is laid out) and left alone after.
static RULES: AtomicU8 = AtomicU8::new(WidthRules::CODE_POINTS.bits());

/// The rules in force.
pub fn rules() -> WidthRules {
    WidthRules::from_bits(RULES.load(Ordering::Relaxed))
}

/// Measures with `rules` from now on (the terminal's, once it has been asked).
pub fn set_rules(rules: WidthRules) {
    RULES.store(rules.bits(), Ordering::Relaxed);
}

/// Columns a terminal moves its cursor on for `c` alone. That is unicode-width's width of the
/// char, except for spacing marks (general category Mc, such as Bengali U+09BE), which
/// unicode-width counts 0 when they extend a grapheme while wcwidth terminals give them a column.
pub fn advance(c: char) -> usize {
    advance_by(c, rules())
}

fn advance_by(c: char, rules: WidthRules) -> usize {
    if c.is_ascii() {
        return usize::from(!c.is_ascii_control());
    }
    if is_spacing_mark(c) {
        return usize::from(rules.spacing_marks);
    }
    c.width().unwrap_or(0)
}

/// Columns `text` takes on a terminal.
pub fn display_width(text: &str) -> usize {
    display_width_by(text, rules())
}

/// Columns `text` takes on a terminal that follows `rules`.
pub fn display_width_by(text: &str, rules: WidthRules) -> usize {
    // Printable ASCII is one column a byte.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    advances_by(text, rules).map(|(_, _, columns)| columns).sum()
}

/// Each code point of `text` with its byte offset and the columns the terminal advances for it
/// there (a cluster's whole width on its first code point, by [`rules`]).
pub fn advances(text: &str) -> Advances<'_> {
    advances_by(text, rules())
}

/// [`advances`] by `rules`.
pub fn advances_by(text: &str, rules: WidthRules) -> Advances<'_> {
    let clusters = rules.clusters.then(|| text.grapheme_indices(true));
    Advances {
        text,
        chars: text.char_indices(),
        clusters,
        cluster_end: 0,
        after_joiner: false,
        before: [' '; 2],
        rules,
    }
}

/// See [`advances`].
pub struct Advances<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    clusters: Option<GraphemeIndices<'a>>,
    cluster_end: usize,
    after_joiner: bool,
    /// The two code points before this one, the nearer last.
    before: [char; 2],
    rules: WidthRules,
}

impl Iterator for Advances<'_> {
    type Item = (usize, char, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (at, c) = self.chars.next()?;
        let rules = self.rules;
        if let Some(clusters) = &mut self.clusters {
            if at < self.cluster_end {
                return Some((at, c, 0));
            }
            let (start, cluster) = clusters.next()?;
            self.cluster_end = start + cluster.len();
            return Some((at, c, cluster_width(cluster, rules)));
        }
        let joined = self.after_joiner && !c.is_ascii();
        self.after_joiner = c == ZERO_WIDTH_JOINER && rules.joiners;
        let before = self.before;
        self.before = [before[1], c];
        if joined || (rules.marks_join_conjuncts && ends_conjunct(before) && is_spacing_mark(c)) {
            return Some((at, c, 0));
        }
        let columns = match advance_by(c, rules) {
            1 if rules.emoji_presentation && self.text[at + c.len_utf8()..].starts_with(EMOJI_STYLE) => {
                emoji_style_width(&self.text[at..at + c.len_utf8() + EMOJI_STYLE.len_utf8()])
            }
            columns => columns,
        };
        Some((at, c, columns))
    }
}

const ZERO_WIDTH_JOINER: char = '\u{200d}';
const EMOJI_STYLE: char = '\u{fe0f}';
const TEXT_STYLE: char = '\u{fe0e}';

/// A code point and U+FE0F: two columns where Unicode makes the pair an emoji (`❤\u{fe0f}`),
/// one where the selector means nothing (`a\u{fe0f}`).
fn emoji_style_width(pair: &str) -> usize {
    pair.width().clamp(1, 2)
}

/// The columns one grapheme cluster advances on a terminal that clusters.
fn cluster_width(cluster: &str, rules: WidthRules) -> usize {
    let mut chars = cluster.chars();
    let Some(first) = chars.next() else { return 0 };
    let second = chars.clone().next();
    let mut columns = advance_by(first, rules);
    if rules.emoji_presentation {
        match second {
            Some(EMOJI_STYLE) if columns == 1 => {
                columns = emoji_style_width(&cluster[..first.len_utf8() + EMOJI_STYLE.len_utf8()]);
            }
            Some(TEXT_STYLE) if columns == 2 => columns = 1,
            // A flag: two regional indicators, two columns.
            Some(c) if is_regional_indicator(first) && is_regional_indicator(c) => columns = 2,
            _ => {}
        }
    }
    if rules.spacing_marks {
        let mut before = [first, first];
        for c in chars {
            let joins = rules.marks_join_conjuncts && ends_conjunct(before);
            columns += usize::from(is_spacing_mark(c) && !joins);
            before = [before[1], c];
        }
    }
    columns
}

/// A spacing mark of the scripts that have them (Bengali `া`); Latin to Arabic, below U+0900,
/// have none and need no category lookup.
fn is_spacing_mark(c: char) -> bool {
    c >= '\u{0900}' && c.general_category() == GeneralCategory::SpacingMark
}

/// Whether the two code points before are a virama and the letter it joins (`्ष`).
fn ends_conjunct([virama, letter]: [char; 2]) -> bool {
    letter >= '\u{0900}'
        && unicode_normalization::char::canonical_combining_class(virama) == 9
        && letter.general_category() == GeneralCategory::OtherLetter
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1f1e6}'..='\u{1f1ff}').contains(&c)
}

/// The graphemes of `text` as (byte offset, grapheme, columns), the columns being what the
/// terminal advances over the whole grapheme. Text breaks between graphemes, never inside.
pub fn graphemes(text: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    let mut columns = advances(text).peekable();
    text.grapheme_indices(true).map(move |(at, g)| {
        let mut width = 0;
        while let Some((_, _, w)) = columns.next_if(|&(offset, _, _)| offset < at + g.len()) {
            width += w;
        }
        (at, g, width)
    })
}

/// One cell as drawn: a code point that advances the cursor, with the zero-width code points
/// after it (combining marks, joiners and what they join), and the columns it advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'a> {
    pub symbol: &'a str,
    pub width: usize,
}

impl Cell<'_> {
    /// The width ratatui must assume when it diffs frames: the terminal's advance, not the
    /// symbol's grapheme width (which differs for `❤\u{fe0f}`, 2 to ratatui, 1 to tmux, or a
    /// lone spacing mark).
    pub fn forced_width(&self) -> Option<NonZeroU16> {
        let width = u16::try_from(self.width).ok()?;
        (self.symbol.cell_width() != width).then_some(NonZeroU16::new(width)).flatten()
    }
}

/// The cells `text` is drawn in, one per code point that advances the cursor. Zero-width code
/// points join the cell before them (or are dropped at the start, where nothing carries them).
pub fn cells(text: &str) -> impl Iterator<Item = Cell<'_>> {
    cells_by(text, rules())
}

/// [`cells`] by `rules`.
pub fn cells_by(text: &str, rules: WidthRules) -> impl Iterator<Item = Cell<'_>> {
    let mut columns = advances_by(text, rules).peekable();
    std::iter::from_fn(move || {
        loop {
            let (start, _, width) = columns.next()?;
            while columns.next_if(|&(_, _, w)| w == 0).is_some() {}
            let end = columns.peek().map_or(text.len(), |&(at, _, _)| at);
            if width > 0 {
                return Some(Cell { symbol: &text[start..end], width });
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_what_terminals_advance() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("日本"), 4);
        // One column for ❤ (its selector adds none in tmux), two for an emoji, and what a
        // joiner joins goes into the same cell.
        assert_eq!(display_width("\u{2764}\u{fe0f}"), 1);
        assert_eq!(display_width("\u{1f468}\u{200d}\u{1f469}"), 2);
        assert_eq!(display_width("\u{915}\u{200d}Y"), 2, "ASCII after a joiner still advances");
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("\u{301}x"), 1);
        // Bengali বাং: ব, the spacing vowel sign া and the anusvara ং each take a column.
        assert_eq!(display_width("\u{09ac}\u{09be}\u{0982}"), 3);
        // Devanagari काश्‍मीर: the virama, the joiner and the म it joins take none (tmux).
        assert_eq!(display_width("\u{915}\u{93e}\u{936}\u{94d}\u{200d}\u{92e}\u{940}\u{930}"), 5);
        // Hangul jamo: a leading consonant is wide, the vowel after it joins it.
        assert_eq!(display_width("\u{1100}\u{1161}"), 2);
    }

    #[test]
    fn terminals_that_cluster_advance_by_grapheme() {
        let by = |text: &str| display_width_by(text, WidthRules::GRAPHEMES);
        assert_eq!(by("\u{2764}\u{fe0f}"), 2, "emoji style is two columns");
        assert_eq!(by("\u{2764}"), 1);
        assert_eq!(by("\u{1f468}\u{200d}\u{1f469}"), 2);
        assert_eq!(by("\u{9ac}\u{9be}"), 1, "the spacing mark is in its letter's cell");
        assert_eq!(by("\u{915}\u{94d}\u{937}"), 1, "a conjunct is one cluster");
        assert_eq!(by("\u{1f1eb}\u{1f1f7}"), 2, "a flag");
        assert_eq!(by("\u{65e5}e\u{301}"), 3);
        let conjunct: Vec<(&str, usize)> =
            cells_by("\u{915}\u{94d}\u{937}!", WidthRules::GRAPHEMES).map(|c| (c.symbol, c.width)).collect();
        assert_eq!(conjunct, [("\u{915}\u{94d}\u{937}", 1), ("!", 1)]);
        // Emoji style without clusters: the selector widens an emoji, not a letter.
        let mixed = WidthRules { emoji_presentation: true, ..WidthRules::CODE_POINTS };
        assert_eq!(display_width_by("a\u{2764}\u{fe0f}b\u{fe0f}", mixed), 4);
        let no_joins = WidthRules { joiners: false, ..WidthRules::CODE_POINTS };
        assert_eq!(display_width_by("\u{1f468}\u{200d}\u{1f469}", no_joins), 4);
    }

    #[test]
    fn a_vowel_sign_can_share_its_conjuncts_column() {
        // wcwidth 0.7's widths (Ghostty's), checked with wcwidth.wcswidth: the sign after a
        // conjunct shares its column, after a lone letter it takes one.
        let wcwidth = WidthRules { marks_join_conjuncts: true, ..WidthRules::CODE_POINTS };
        for (text, tmux, ghostty) in [
            ("\u{915}\u{94d}\u{937}\u{93e}", 3, 2),
            ("\u{915}\u{94d}\u{937}\u{93f}", 3, 2),
            ("\u{995}\u{9cd}\u{9b7}\u{9be}", 3, 2),
            ("\u{915}\u{94d}\u{937}", 2, 2),
            ("\u{915}\u{93e}", 2, 2),
            ("\u{915}\u{94d}\u{937}\u{93e}\u{915}\u{93e}", 5, 4),
        ] {
            assert_eq!(display_width_by(text, WidthRules::CODE_POINTS), tmux, "{text}");
            assert_eq!(display_width_by(text, wcwidth), ghostty, "{text}");
        }
        let clustered = WidthRules { spacing_marks: true, marks_join_conjuncts: true, ..WidthRules::GRAPHEMES };
        assert_eq!(display_width_by("\u{915}\u{94d}\u{937}\u{93e}", clustered), 1);
        assert_eq!(display_width_by("\u{915}\u{93e}", clustered), 2);
    }

    #[test]
    fn every_advancing_code_point_gets_a_cell() {
        let drawn: Vec<(&str, usize)> = cells("\u{301}বাং e\u{301}日").map(|c| (c.symbol, c.width)).collect();
        assert_eq!(drawn, [("ব", 1), ("\u{9be}", 1), ("\u{982}", 1), (" ", 1), ("e\u{301}", 1), ("日", 2)]);
        let family: Vec<&str> = cells("\u{1f468}\u{200d}\u{1f469}!").map(|c| c.symbol).collect();
        assert_eq!(family, ["\u{1f468}\u{200d}\u{1f469}", "!"]);
        let heart = cells("\u{2764}\u{fe0f}").next().unwrap();
        assert_eq!((heart.symbol, heart.width), ("\u{2764}\u{fe0f}", 1));
        assert_eq!(heart.forced_width(), NonZeroU16::new(1), "ratatui would think it 2 wide");
        assert_eq!(cells("a").next().unwrap().forced_width(), None);
    }

    proptest::proptest! {
        #[test]
        fn cells_cover_the_text_and_its_width(text in "\\PC{0,40}", bits in 0u8..32) {
            let rules = WidthRules::from_bits(bits);
            let cells: Vec<Cell> = cells_by(&text, rules).collect();
            proptest::prop_assert_eq!(cells.iter().map(|c| c.width).sum::<usize>(), display_width_by(&text, rules));
            let joined: String = cells.iter().map(|c| c.symbol).collect();
            proptest::prop_assert!(text.ends_with(&joined), "only leading zero-width code points are dropped");
        }
    }
}
