//! SkimMatcherV2's score, computed without its per-call overhead.
//
// This is fuzzy-matcher 0.3's `SkimMatcherV2::fuzzy_match` (default score config, the
// two-row "compressed" matrix) step for step, but with buffers reused across titles instead of
// thread-local lookups and a fresh allocation per call. It exists because the crate costs
// about 2.5 µs per 63-character title on the 2-core reference machine, 12 times the budget of a
// keystroke at 100k titles. Property tests check that it returns exactly the crate's score.
// The crate itself still computes the highlighted positions.

pub(super) const SCORE_MATCH: i32 = 16;
pub(super) const GAP_START: i32 = -3;
pub(super) const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
pub(super) const BONUS_HEAD: i32 = SCORE_MATCH / 2;
pub(super) const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
pub(super) const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
pub(super) const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
pub(super) const PENALTY_CASE_MISMATCH: i32 = GAP_EXTENSION * 2;
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

/// `char_type` of each byte value, non-ASCII bytes (parts of a non-ASCII char) as `Lower`.
const BYTE_TYPES: [CharType; 256] = {
    let mut types = [CharType::Lower; 256];
    let mut b = 0;
    while b < 128 {
        types[b] = char_type(b as u8 as char);
        b += 1;
    }
    types
};

#[inline]
const fn char_type(c: char) -> CharType {
    match c {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

#[inline]
const fn in_place_bonus(previous: CharType, current: CharType) -> i32 {
    match (previous, current) {
        (CharType::Empty, _) | (CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower, CharType::Upper) | (CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

fn chars_equal(a: char, b: char, case_sensitive: bool) -> bool {
    if case_sensitive { a == b } else { a.eq_ignore_ascii_case(&b) }
}

fn match_score(c: char, p: char, case_sensitive: bool) -> Option<i32> {
    if !chars_equal(c, p, case_sensitive) {
        return None;
    }
    let penalty = if !case_sensitive && p != c { PENALTY_CASE_MISMATCH } else { 0 };
    Some((SCORE_MATCH + penalty).max(0))
}

#[derive(Clone, Copy)]
struct Cell {
    m_score: i32,
    p_score: i32,
    bonus: i32,
}

const RESET: Cell = Cell { m_score: NEG_INFINITY, p_score: NEG_INFINITY, bonus: 0 };

/// Buffers for scoring, reused from one title to the next.
#[derive(Default)]
pub struct Scratch {
    choice: Vec<char>,
    pattern: Vec<char>,
    first_matches: Vec<usize>,
    bonuses: Vec<i32>,
    cells: Vec<Cell>,
}

/// Whether `pattern`'s chars occur in order in `choice` (SkimMatcherV2's match test).
pub fn matches(choice: &str, pattern: &str, case_sensitive: bool) -> bool {
    let mut wanted = pattern.chars().peekable();
    for c in choice.chars() {
        match wanted.peek() {
            Some(&p) if chars_equal(c, p, case_sensitive) => {
                wanted.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    wanted.peek().is_none()
}

/// SkimMatcherV2's score of `choice` for `pattern`, or `None` when it does not match.
pub fn score(scratch: &mut Scratch, choice: &str, pattern: &str, case_sensitive: bool) -> Option<i64> {
    let Scratch { choice: chars, pattern: pattern_chars, first_matches, bonuses, cells } = scratch;
    if pattern.is_empty() {
        return Some(0);
    }
    chars.clear();
    chars.extend(choice.chars());
    pattern_chars.clear();
    pattern_chars.extend(pattern.chars());
    // The first position each pattern char can take, or no match at all.
    first_matches.clear();
    let mut next = 0;
    for (index, &c) in chars.iter().enumerate() {
        if next == pattern_chars.len() {
            break;
        }
        if chars_equal(c, pattern_chars[next], case_sensitive) {
            first_matches.push(index);
            next += 1;
        }
    }
    if next < pattern_chars.len() {
        return None;
    }
    let cols = chars.len() + 1;
    bonuses.clear();
    bonuses.push(0);
    let mut previous = CharType::Empty;
    for &c in chars.iter() {
        let current = BYTE_TYPES.get(c as usize).copied().unwrap_or(CharType::Lower);
        bonuses.push(in_place_bonus(previous, current));
        previous = current;
    }
    if bonuses.len() > 1 {
        bonuses[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
    }
    cells.clear();
    cells.resize(2 * cols, RESET);
    for cell in &mut cells[..cols] {
        cell.p_score = GAP_EXTENSION;
    }
    let (even, odd) = cells.split_at_mut(cols);
    for (i, &p) in pattern_chars.iter().enumerate() {
        // Row i + 1 is written, row i read: the two halves take turns.
        let (current, previous) = if (i + 1) & 1 == 0 { (&mut even[..], &odd[..]) } else { (&mut odd[..], &even[..]) };
        let skip = first_matches[i];
        let mut last = current[skip];
        for col in skip + 1..cols {
            let diagonal = previous[col - 1];
            let mut cell = current[col];
            if let Some(matched) = match_score(chars[col - 1], p, case_sensitive) {
                let in_place = bonuses[col];
                let consecutive = last.bonus.max(in_place.max(BONUS_CONSECUTIVE));
                // fuzzy-matcher keeps the bonus in the cell before, where a later row reads it.
                current[col - 1].bonus = consecutive;
                cell.m_score = (diagonal.m_score + consecutive).max(diagonal.p_score + in_place) + matched;
            } else {
                cell.m_score = NEG_INFINITY;
                cell.bonus = 0;
            }
            cell.p_score = (GAP_START + GAP_EXTENSION + last.m_score).max(GAP_EXTENSION + last.p_score);
            current[col] = cell;
            last = cell;
        }
    }
    let last_row = (pattern_chars.len() & 1) * cols;
    let first_col = first_matches[pattern_chars.len() - 1];
    cells[last_row + first_col..last_row + cols].iter().map(|c| c.m_score).max().map(i64::from)
}

/// An upper bound of [`score`] for a title that matches, from a pass over the places each
/// pattern char occurs instead of the whole matrix.
///
/// In the matrix, a matched char adds its match score plus either the consecutive bonus
/// `max(in_place, BONUS_CONSECUTIVE)` (every value the bonus cells ever hold at a column is
/// that), or `in_place` after a gap, and gaps only subtract; the first char always comes after
/// the initial gap (`GAP_EXTENSION`). So each char adds at most the best of
/// `match + max(in_place, BONUS_CONSECUTIVE)` over the places it could match.
pub fn upper_bound(choice: &str, pattern: &str, case_sensitive: bool) -> i64 {
    let bytes = choice.as_bytes();
    let mut bound = i64::from(GAP_EXTENSION);
    for (i, p) in pattern.chars().enumerate() {
        let mut buffer = [0u8; 4];
        let encoded = p.encode_utf8(&mut buffer).as_bytes();
        let fold = !case_sensitive && p.is_ascii_alphabetic();
        let mut best = NEG_INFINITY;
        let mut consider = |at: usize| {
            let c = if fold { bytes[at] as char } else { p };
            let previous = match at {
                0 => CharType::Empty,
                _ if bytes[at - 1].is_ascii() => char_type(bytes[at - 1] as char),
                _ => CharType::Lower,
            };
            let mut in_place = in_place_bonus(previous, char_type(c));
            if at == 0 {
                in_place *= BONUS_FIRST_CHAR_MULTIPLIER;
            }
            let bonus = if i == 0 { in_place } else { in_place.max(BONUS_CONSECUTIVE) };
            best = best.max(match_score(c, p, case_sensitive).unwrap_or(0) + bonus);
        };
        if fold {
            memchr::memchr2_iter(p.to_ascii_lowercase() as u8, p.to_ascii_uppercase() as u8, bytes)
                .for_each(&mut consider);
        } else {
            memchr::memmem::find_iter(bytes, encoded).for_each(&mut consider);
        }
        bound += i64::from(best);
    }
    bound
}

/// One ASCII term compiled for a single pass over a title's bytes that both tests the match
/// and computes [`upper_bound`]: a table from byte to the term positions it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermScan {
    table: Vec<u32>,
    pattern: Vec<u8>,
    case_sensitive: bool,
}

impl TermScan {
    /// `None` for terms this cannot handle (non-ASCII, or over 32 chars).
    pub fn new(term: &str, case_sensitive: bool) -> Option<TermScan> {
        if !term.is_ascii() || term.is_empty() || term.len() > 32 {
            return None;
        }
        let mut table = vec![0u32; 256];
        for (i, b) in term.bytes().enumerate() {
            table[usize::from(b)] |= 1 << i;
            if !case_sensitive && b.is_ascii_alphabetic() {
                table[usize::from(b ^ 0x20)] |= 1 << i;
            }
        }
        Some(TermScan { table, pattern: term.as_bytes().to_vec(), case_sensitive })
    }

    /// An upper bound of [`score`] when the term matches `title`, else `None`; tighter than
    /// [`upper_bound`] in two ways. Each pattern char is counted only from the earliest place
    /// any match can give it (the greedy match from the start; no later bound holds, as the
    /// matrix can skip chars, see the tests). And a char that cannot follow the previous pattern
    /// char directly pays at least the gap start, so its bonus counts 4 less
    /// (`GAP_START + GAP_EXTENSION`).
    pub fn bound(&self, title: &[u8]) -> Option<i64> {
        self.scan(title).map(|(bound, _)| bound)
    }

    /// [`TermScan::bound`], and where the greedy match placed the term's last char.
    pub fn scan(&self, title: &[u8]) -> Option<(i64, usize)> {
        let len = self.pattern.len();
        let mut first = [0usize; 32];
        let mut next = 0;
        for (at, &byte) in title.iter().enumerate() {
            if next < len && self.table[usize::from(byte)] & (1 << next) != 0 {
                first[next] = at;
                next += 1;
            }
        }
        if next < len {
            return None;
        }
        let mut best = [NEG_INFINITY; 32];
        let (mut previous, mut previous_mask) = (CharType::Empty, 0u32);
        if first[0] > 0 {
            let byte = title[first[0] - 1];
            (previous, previous_mask) = (BYTE_TYPES[usize::from(byte)], self.table[usize::from(byte)]);
        }
        for (at, &byte) in title.iter().enumerate().skip(first[0]) {
            let current = BYTE_TYPES[usize::from(byte)];
            let mask = self.table[usize::from(byte)];
            let mut bits = mask;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if at < first[i] {
                    continue;
                }
                let mut in_place = in_place_bonus(previous, current);
                if at == 0 {
                    in_place *= BONUS_FIRST_CHAR_MULTIPLIER;
                }
                let matched = if self.case_sensitive || self.pattern[i] == byte {
                    SCORE_MATCH
                } else {
                    SCORE_MATCH + PENALTY_CASE_MISMATCH
                };
                let bonus = match i {
                    0 => in_place,
                    _ if previous_mask & (1 << (i - 1)) != 0 => in_place.max(BONUS_CONSECUTIVE),
                    _ => in_place + GAP_START + GAP_EXTENSION,
                };
                best[i] = best[i].max(matched + bonus);
            }
            previous = current;
            previous_mask = mask;
        }
        Some((i64::from(GAP_EXTENSION) + best[..len].iter().map(|&b| i64::from(b)).sum::<i64>(), first[len - 1]))
    }

    /// What the pattern's chars from the `from`-th on (not the first) add to the bound of the
    /// first `from` when the greedy match put char `from - 1` at `end`, and where it puts the
    /// last char; `None` if they do not follow. The chars before keep their places and bests:
    /// a char's earliest place, and whether a place follows its predecessor, depend only on
    /// the chars before it, so [`TermScan::scan`] of the whole term is the first `from`'s plus
    /// this (the property tests check it).
    pub fn scan_from(&self, title: &[u8], from: usize, end: usize) -> Option<(i64, usize)> {
        assert!(from >= 1, "the first char has no earlier match to grow from");
        let (mut sum, mut end) = (0i64, end);
        for (i, &char) in self.pattern.iter().enumerate().skip(from) {
            let start = end + 1;
            let tail = title.get(start..)?;
            let mut best = NEG_INFINITY;
            let mut first = None;
            // Every place is past `end`, so past the title's first byte: no first-char bonus.
            let mut consider = |offset: usize| {
                let at = start + offset;
                let (byte, before) = (title[at], title[at - 1]);
                let in_place = in_place_bonus(BYTE_TYPES[usize::from(before)], BYTE_TYPES[usize::from(byte)]);
                let matched = match self.case_sensitive || char == byte {
                    true => SCORE_MATCH,
                    false => SCORE_MATCH + PENALTY_CASE_MISMATCH,
                };
                let bonus = match self.table[usize::from(before)] & (1 << (i - 1)) != 0 {
                    true => in_place.max(BONUS_CONSECUTIVE),
                    false => in_place + GAP_START + GAP_EXTENSION,
                };
                best = best.max(matched + bonus);
                first.get_or_insert(at);
            };
            each_place(tail, char, !self.case_sensitive && char.is_ascii_alphabetic(), &mut consider);
            end = first?;
            sum += i64::from(best);
        }
        Some((sum, end))
    }

    /// How many chars the pattern has.
    pub fn chars(&self) -> usize {
        self.pattern.len()
    }
}

/// Calls `each(offset)` for every place in `hay` that holds `char` (either case when `fold`),
/// in order. Each 16 bytes are compared at once into a bit mask, and only the few places found
/// are visited: a title's tail holds a typed char once or twice.
fn each_place(hay: &[u8], char: u8, fold: bool, each: &mut impl FnMut(usize)) {
    let (case_bit, want) = if fold { (0x20, char | 0x20) } else { (0, char) };
    let mut visit = |mut bits: u32, base: usize| {
        while bits != 0 {
            each(base + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    };
    let mut base = 0;
    while base + 16 <= hay.len() {
        visit(places_in(hay[base..base + 16].try_into().expect("16 bytes"), case_bit, want), base);
        base += 16;
    }
    if base < hay.len() && hay.len() >= 16 {
        // The last 16 bytes, less those already seen: no copy into a padded buffer, whose
        // load right after its stores would stall.
        let start = hay.len() - 16;
        visit(places_in(hay[start..].try_into().expect("16 bytes"), case_bit, want) >> (base - start), base);
    } else if base < hay.len() {
        let bits = hay.iter().enumerate().fold(0, |bits, (i, &byte)| bits | u32::from(byte | case_bit == want) << i);
        visit(bits, 0);
    }
}

/// The bit mask of the bytes of `chunk` that are `want` once `case_bit` is set in them.
#[cfg(target_arch = "x86_64")]
fn places_in(chunk: &[u8; 16], case_bit: u8, want: u8) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of x86-64, and the load reads the 16 bytes of `chunk`.
    unsafe {
        let bytes = _mm_loadu_si128(chunk.as_ptr().cast());
        let found = _mm_cmpeq_epi8(_mm_or_si128(bytes, _mm_set1_epi8(case_bit as i8)), _mm_set1_epi8(want as i8));
        u32::from(_mm_movemask_epi8(found) as u16)
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn places_in(chunk: &[u8; 16], case_bit: u8, want: u8) -> u32 {
    chunk.iter().enumerate().fold(0, |bits, (i, &byte)| bits | u32::from(byte | case_bit == want) << i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    fn crate_score(choice: &str, pattern: &str, case_sensitive: bool) -> Option<i64> {
        let matcher = SkimMatcherV2::default();
        let matcher = if case_sensitive { matcher.respect_case() } else { matcher.ignore_case() };
        matcher.fuzzy_match(choice, pattern)
    }

    #[test]
    fn equals_the_crate_on_generated_titles() {
        // A fresh crate matcher for every score: a reused one leaks state between calls.
        let titles = crate::generate::titles(77, 5_000);
        let mut scratch = Scratch::default();
        for pattern in ["s", "so", "sony", "aa", "ee", "blair brown", "Sony", "東京", "2005", "'first'", "e-", "cafe"]
        {
            for title in &titles {
                let ours = score(&mut scratch, title, pattern, false);
                assert_eq!(ours, crate_score(title, pattern, false), "{pattern:?} in {title:?}");
                assert_eq!(score(&mut scratch, title, pattern, true), crate_score(title, pattern, true));
            }
        }
    }

    #[test]
    fn the_bound_holds_and_is_tight_for_one_char() {
        let titles = crate::generate::titles(78, 5_000);
        let mut scratch = Scratch::default();
        for pattern in ["s", "so", "sony", "blairbrown", "Sony", "東京", "'f", "e-", "aa", "ee", "tt"] {
            for title in &titles {
                if let Some(exact) = score(&mut scratch, title, pattern, false) {
                    assert!(upper_bound(title, pattern, false) >= exact, "{pattern:?} in {title:?}");
                    if let Some(scan) = TermScan::new(pattern, false) {
                        assert!(scan.bound(title.as_bytes()).unwrap() >= exact, "{pattern:?} in {title:?}");
                    }
                }
            }
        }
        assert_eq!(upper_bound("Sony hack", "s", false), score(&mut scratch, "Sony hack", "s", false).unwrap());
    }

    #[test]
    fn the_bound_holds_where_the_matrix_skips_pattern_chars() {
        // fuzzy-matcher starts a row from a cell the row two before left: a path can skip
        // pattern chars, and the chars before the skip may sit after the last place a whole
        // match could give them. So a char's place is bounded below, never above.
        let mut scratch = Scratch::default();
        for (title, pattern) in [("xaxbxcxdxe abcdf g", "abcdefg"), ("x(x(xzQA ((zb c", "((zabc")] {
            let exact = score(&mut scratch, title, pattern, false).unwrap();
            let bound = TermScan::new(pattern, false).unwrap().bound(title.as_bytes()).unwrap();
            assert!(bound >= exact, "{pattern:?} in {title:?}: bound {bound} below the score {exact}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn the_one_pass_scan_matches_and_bounds_the_score(
            choice in "[aAbB .\\-/_(0-9éÉ日]{0,40}",
            pattern in "[aAbB .\\-/_(0-9]{1,6}",
            case_sensitive in any::<bool>(),
        ) {
            let scan = TermScan::new(&pattern, case_sensitive).unwrap();
            let mut scratch = Scratch::default();
            let exact = score(&mut scratch, &choice, &pattern, case_sensitive);
            let bound = scan.bound(choice.as_bytes());
            prop_assert_eq!(bound.is_some(), exact.is_some());
            prop_assert_eq!(bound.is_some(), matches(&choice, &pattern, case_sensitive));
            if let (Some(bound), Some(exact)) = (bound, exact) {
                prop_assert!(bound >= exact, "bound {} below score {}", bound, exact);
                prop_assert!(bound <= upper_bound(&choice, &pattern, case_sensitive));
                if pattern.len() == 1 {
                    prop_assert_eq!(bound, exact, "one char: the bound is the score");
                }
            }
        }

        #[test]
        fn a_grown_term_scans_as_its_start_and_then_the_chars_added(
            choice in "[aAbB .\\-/_(0-9éÉ日]{0,40}",
            pattern in "[aAbB .\\-/_(0-9]{2,8}",
            split in 1usize..8,
            case_sensitive in any::<bool>(),
        ) {
            let from = split.min(pattern.len() - 1);
            let whole = TermScan::new(&pattern, case_sensitive).unwrap();
            let start = TermScan::new(&pattern[..from], case_sensitive).unwrap();
            let grown = start
                .scan(choice.as_bytes())
                .and_then(|(bound, end)| whole.scan_from(choice.as_bytes(), from, end).map(|(more, end)| (bound + more, end)));
            prop_assert_eq!(grown, whole.scan(choice.as_bytes()));
        }

        #[test]
        fn the_bound_is_never_below_the_score(
            choice in "[aAbB .\\-/_(0-9éÉ日]{0,40}",
            pattern in "[aAbB .\\-/_(0-9éÉ日]{1,6}",
            case_sensitive in any::<bool>(),
        ) {
            let mut scratch = Scratch::default();
            if let Some(exact) = score(&mut scratch, &choice, &pattern, case_sensitive) {
                prop_assert!(upper_bound(&choice, &pattern, case_sensitive) >= exact);
            }
        }

        #[test]
        fn equals_the_crate_on_random_text(
            choice in "[aAbB .\\-/_(0-9éÉ日]{0,40}",
            pattern in "[aAbB .\\-/_(0-9éÉ日]{1,6}",
            case_sensitive in any::<bool>(),
        ) {
            let mut scratch = Scratch::default();
            prop_assert_eq!(score(&mut scratch, &choice, &pattern, case_sensitive), crate_score(&choice, &pattern, case_sensitive));
        }
    }
}
