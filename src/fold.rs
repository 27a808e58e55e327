//! Accent folding: Latin, Greek and Cyrillic letters match without their diacritics, as in fzf.
//
// Folding maps each letter to the one it is built on (`é` -> `e`, `ệ` -> `e`, `ή` -> `η`,
// `ё` -> `е`, `ø` -> `o`) and drops combining diacritical marks. Other scripts are left alone:
// an Indic vowel sign or an Arabic vowel mark is part of what the word says, not an accent.

use std::borrow::Cow;
use unicode_normalization::char::decompose_canonical;

/// Letters with a stroke or bar, which Unicode does not decompose but readers see as accented;
/// sorted, for a binary search.
const STROKED: &[(char, char)] = &[
    ('Ø', 'O'),
    ('ø', 'o'),
    ('Đ', 'D'),
    ('đ', 'd'),
    ('Ħ', 'H'),
    ('ħ', 'h'),
    ('ı', 'i'),
    ('Ł', 'L'),
    ('ł', 'l'),
    ('Ŧ', 'T'),
    ('ŧ', 't'),
    ('ƀ', 'b'),
    ('Ƶ', 'Z'),
    ('ƶ', 'z'),
    ('Ƀ', 'B'),
];

/// Whether `c` is a combining diacritical mark of the generic blocks (not a script's own signs).
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// What `c` folds to: itself, another letter, or nothing (a diacritic).
#[inline]
fn fold_char(c: char) -> Option<char> {
    let foldable = matches!(c, '\u{c0}'..='\u{24f}' | '\u{370}'..='\u{4ff}' | '\u{1e00}'..='\u{1fff}');
    if !foldable {
        return (!is_diacritic(c)).then_some(c);
    }
    // The full canonical decomposition starts with the base letter; the marks follow it. The
    // base may itself be stroked (`ǿ` is `ø` with an acute).
    let mut base = None;
    decompose_canonical(c, |part| {
        base.get_or_insert(part);
    });
    let base = base.unwrap_or(c);
    match STROKED.binary_search_by_key(&base, |&(stroked, _)| stroked) {
        Ok(at) => Some(STROKED[at].1),
        Err(_) => Some(base),
    }
}

/// Whether folding surely leaves `text` as it is: no byte that may lead a char that folds (a
/// pass without early exit, which the compiler turns into SIMD).
fn nothing_to_fold(text: &str) -> bool {
    text.is_ascii() || !text.bytes().fold(false, |found, b| found | may_lead_a_fold(b))
}

/// Whether UTF-8 byte `b` may lead a char that folds: U+00C0 to U+04FF (0xC3 to 0xD3), the
/// diacritic and Latin and Greek extended blocks in U+1xxx and U+20xx (0xE1, 0xE2), and the
/// half marks at U+FE20 (0xEF). Never a continuation byte; never CJK, Indic or Arabic.
#[inline]
fn may_lead_a_fold(b: u8) -> bool {
    matches!(b, 0xc3..=0xd3 | 0xe1 | 0xe2 | 0xef)
}

/// `text` folded, borrowed when folding changes nothing (all ASCII text, most other scripts).
pub fn fold(text: &str) -> Cow<'_, str> {
    if nothing_to_fold(text) {
        return Cow::Borrowed(text);
    }
    let mut chars = text.char_indices();
    let Some((at, _)) = chars.by_ref().find(|&(_, c)| fold_char(c) != Some(c)) else {
        return Cow::Borrowed(text);
    };
    let mut folded = String::with_capacity(text.len());
    folded.push_str(&text[..at]);
    folded.extend(text[at..].chars().filter_map(fold_char));
    Cow::Owned(folded)
}

/// Appends `text` folded to `folded`, and to `patch` what [`unfold`] needs to get `text` back
/// from it: a few bytes per accent instead of a second copy of the title. Returns whether
/// folding changed anything (else `patch` is left as it was).
///
/// A patch is a record per char folding changed: how many folded bytes to copy first (LEB128),
/// how many folded bytes the char became (0 for a dropped mark), then the char in UTF-8.
pub fn fold_into(text: &str, folded: &mut String, patch: &mut Vec<u8>) -> bool {
    // Not `nothing_to_fold`: the scan below is the one pass non-ASCII text needs.
    if text.is_ascii() {
        folded.push_str(text);
        return false;
    }
    let patch_start = patch.len();
    // Unchanged runs are copied whole; `run` is where the current one starts in `text`.
    let (mut run, mut copied, mut at) = (0, folded.len(), 0);
    while let Some(next) = next_non_ascii(text.as_bytes(), at) {
        at = next;
        if !may_lead_a_fold(text.as_bytes()[at]) {
            at += utf8_width(text.as_bytes()[at]);
            continue;
        }
        let c = text[at..].chars().next().expect("0xC3 and up lead a char");
        let base = fold_char(c);
        if base == Some(c) {
            at += c.len_utf8();
            continue;
        }
        folded.push_str(&text[run..at]);
        at += c.len_utf8();
        run = at;
        push_leb128(patch, folded.len() - copied);
        patch.push(base.map_or(0, char::len_utf8) as u8);
        patch.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        if let Some(base) = base {
            folded.push(base);
        }
        copied = folded.len();
    }
    folded.push_str(&text[run..]);
    patch.len() > patch_start
}

/// The first non-ASCII byte of `bytes` from `from` on, 16 bytes a step over ASCII runs.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(chunk) = bytes.get(at..at + 16) {
        if chunk.iter().fold(0, |high, &b| high | b) >= 0x80 {
            break;
        }
        at += 16;
    }
    bytes[at..].iter().position(|&b| b >= 0x80).map(|offset| at + offset)
}

fn push_leb128(out: &mut Vec<u8>, mut value: usize) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// The text [`fold_into`] folded into `folded` and `patch`.
pub fn unfold(folded: &str, patch: &[u8]) -> String {
    let mut text = String::with_capacity(folded.len() + patch.len());
    let (mut at, mut rest) = (0, patch);
    while !rest.is_empty() {
        let mut copy = 0usize;
        let mut shift = 0;
        while let [byte, tail @ ..] = rest {
            rest = tail;
            copy |= usize::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
        }
        let (&became, tail) = rest.split_first().expect("a record names what the char became");
        let width = utf8_width(tail[0]);
        text.push_str(&folded[at..at + copy]);
        text.push_str(std::str::from_utf8(&tail[..width]).expect("a patch holds whole chars"));
        at += copy + usize::from(became);
        rest = &tail[width..];
    }
    text.push_str(&folded[at..]);
    text
}

fn utf8_width(lead: u8) -> usize {
    match lead {
        0..0x80 => 1,
        0xc0..0xe0 => 2,
        0xe0..0xf0 => 3,
        _ => 4,
    }
}

/// `text` folded, with the char index in `text` of each char of the result: highlights found
/// in folded text are drawn on the characters shown.
pub fn fold_with_origins(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        if let Some(f) = fold_char(c) {
            folded.push(f);
            origins.push(i);
        }
    }
    (folded, origins)
}

/// `c` lower-cased on its own, one char for one as Go's `unicode.ToLower` gives it (`İ` -> `i`).
pub fn lower_char(c: char) -> char {
    match c {
        _ if c.is_ascii() => c.to_ascii_lowercase(),
        // Greek's word-final sigma is a σ, as Unicode's case folding has it: ΣΩΚΡΑΤΗΣ is σωκρατησ
        // and Σωκράτης must meet it.
        'ς' => 'σ',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Whether `text` holds a capital letter: smart case makes such a term case-sensitive. (Not
/// whether lower-casing changes it: a final ς becomes σ, and it is no capital.)
pub fn has_capitals(text: &str) -> bool {
    text.chars().any(|c| c != 'ς' && lower_char(c) != c)
}

/// `text` lower-cased char by char: as many chars as it had, so positions carry over.
pub fn lower(text: &str) -> String {
    if text.is_ascii() { text.to_ascii_lowercase() } else { text.chars().map(lower_char).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn latin_greek_and_cyrillic_lose_their_accents() {
        assert_eq!(fold("Café crème brûlée"), "Cafe creme brulee");
        assert_eq!(fold("Tiếng Việt"), "Tieng Viet");
        assert_eq!(fold("Ελληνική φιλοσοφία"), "Ελληνικη φιλοσοφια");
        assert_eq!(fold("Ёлка Łódź Øre Đà Nẵng"), "Елка Lodz Ore Da Nang");
        assert_eq!(fold("Ǿre ǿ Ƀ"), "Ore o B", "stroked letters under accents fold whole");
        assert_eq!(fold("Москва\u{301}"), "Москва", "a stress mark is an accent");
    }

    #[test]
    fn other_scripts_and_ascii_are_left_alone() {
        for text in ["plain ASCII", "বাংলা ভাষা", "काश्‍मीर", "日本語の記事", "العربية", "עִברית", "😀"]
        {
            assert!(matches!(fold(text), Cow::Borrowed(_)), "{text}");
        }
    }

    #[test]
    fn origins_point_at_the_shown_chars() {
        let (folded, origins) = fold_with_origins("Cafe\u{301} noir");
        assert_eq!(folded, "Cafe noir");
        assert_eq!(origins, [0, 1, 2, 3, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn the_stroked_table_is_sorted_for_its_binary_search() {
        assert!(STROKED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn folding_every_char_is_idempotent_and_keeps_case_apart() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let once = fold(&c.to_string()).into_owned();
            assert_eq!(fold(&once), once, "{c:?} folds further on a second pass");
            // A letter folding leaves alone has a lower case folding leaves alone too: a query
            // with an accent can only match titles with one (the engine relies on it). Titles
            // are NFC, so chars NFC replaces (the Ångström sign) never reach a title.
            let nfc: String = c.to_string().nfc().collect();
            if once == c.to_string() && nfc == once {
                let lowered = lower_char(c).to_string();
                assert_eq!(fold(&lowered), lowered, "{c:?} is unaccented and its lower case is not");
            }
        }
    }

    #[test]
    fn every_char_that_folds_is_found_by_its_lead_byte() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if fold_char(c) != Some(c) {
                let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
                assert!(
                    may_lead_a_fold(lead),
                    "{c:?} (U+{:04X}) folds and its lead byte {lead:#x} is skipped",
                    c as u32
                );
                assert!(!nothing_to_fold(&c.to_string()), "{c:?}");
            }
        }
    }

    #[test]
    fn a_patch_gives_the_text_back() {
        for text in ["Tiếng Việt", "Cafe\u{301} noir", "Łódź", "plain", "ǅ Ø", "\u{301}\u{301}x\u{300}"] {
            let (mut folded, mut patch) = (String::from("before|"), Vec::new());
            let changed = fold_into(text, &mut folded, &mut patch);
            assert_eq!(&folded["before|".len()..], fold(text), "{text}");
            assert_eq!(changed, !patch.is_empty(), "{text}");
            assert_eq!(unfold(&folded["before|".len()..], &patch), text);
        }
        let long = format!("{}é{}ü", "a".repeat(300), "b".repeat(20_000));
        let (mut folded, mut patch) = (String::new(), Vec::new());
        fold_into(&long, &mut folded, &mut patch);
        assert_eq!(
            (patch.len(), unfold(&folded, &patch)),
            (2 + 1 + 2 + 3 + 1 + 2, long),
            "two-byte and three-byte counts"
        );
    }

    proptest::proptest! {
        #[test]
        fn patches_round_trip(text in "\\PC{0,200}") {
            let (mut folded, mut patch) = (String::new(), Vec::new());
            fold_into(&text, &mut folded, &mut patch);
            proptest::prop_assert_eq!(&folded, &*fold(&text));
            proptest::prop_assert_eq!(unfold(&folded, &patch), text);
        }

        #[test]
        fn folding_is_idempotent_and_agrees_with_its_origins(text in "\\PC{0,40}") {
            let folded = fold(&text);
            proptest::prop_assert_eq!(fold(&folded), folded.clone());
            let (with_origins, origins) = fold_with_origins(&text);
            proptest::prop_assert_eq!(&with_origins, &*folded);
            proptest::prop_assert_eq!(origins.len(), folded.chars().count());
            proptest::prop_assert!(origins.windows(2).all(|w| w[0] < w[1]));
        }

        #[test]
        fn nfc_and_nfd_spellings_fold_alike(text in "[a-zA-Zàáâãäåçèéêëìíîïñòóôõöùúûüýÿăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹάέήίόύώ ]{0,30}") {
            let nfd: String = text.nfd().collect();
            proptest::prop_assert_eq!(fold(&text), fold(&nfd));
        }
    }
}
