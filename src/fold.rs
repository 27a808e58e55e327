//! Accent folding: Latin, Greek and Cyrillic letters match without their diacritics, as in fzf.
//
// Folding maps each letter to the one it is built on (`é` -> `e`, `ệ` -> `e`, `ή` -> `η`,
// `ё` -> `е`, `ø` -> `o`) and drops combining diacritical marks. Other scripts are left alone:
// an Indic vowel sign or an Arabic vowel mark is part of what the word says, not an accent.

use std::borrow::Cow;
use unicode_normalization::char::decompose_canonical;

/// Letters with a stroke or bar, which Unicode does not decompose but readers see as accented.
const STROKED: &[(char, char)] = &[
    ('ø', 'o'),
    ('Ø', 'O'),
    ('đ', 'd'),
    ('Đ', 'D'),
    ('ł', 'l'),
    ('Ł', 'L'),
    ('ħ', 'h'),
    ('Ħ', 'H'),
    ('ı', 'i'),
    ('ŧ', 't'),
    ('Ŧ', 'T'),
    ('ƀ', 'b'),
    ('ƶ', 'z'),
    ('Ƶ', 'Z'),
];

/// Whether `c` is a combining diacritical mark of the generic blocks (not a script's own signs).
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}

/// What `c` folds to: itself, another letter, or nothing (a diacritic).
fn fold_char(c: char) -> Option<char> {
    let foldable = matches!(c, '\u{c0}'..='\u{24f}' | '\u{370}'..='\u{4ff}' | '\u{1e00}'..='\u{1fff}');
    if !foldable {
        return (!is_diacritic(c)).then_some(c);
    }
    if let Some(&(_, base)) = STROKED.iter().find(|&&(stroked, _)| stroked == c) {
        return Some(base);
    }
    // The full canonical decomposition starts with the base letter; the marks follow it.
    let mut base = None;
    decompose_canonical(c, |part| {
        base.get_or_insert(part);
    });
    Some(base.unwrap_or(c))
}

/// `text` folded, borrowed when folding changes nothing (all ASCII text, most other scripts).
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
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

    proptest::proptest! {
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
