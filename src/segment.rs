//! Words as ICU4X cuts them: the scripts written without spaces (Thai, Lao, Khmer, Burmese) by dictionary for the index, the hit counter and reading time, and word starts in every script for moving by words.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use std::ops::Range;

/// Letters of Thai, Lao, Khmer and Myanmar: a run of them is several words.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0e00}'..='\u{0eff}' | '\u{1000}'..='\u{109f}' | '\u{1780}'..='\u{17ff}' | '\u{19e0}'..='\u{19ff}'
        | '\u{a9e0}'..='\u{a9ff}' | '\u{aa60}'..='\u{aa7f}')
}

/// The words of `run`, a word as spaces and punctuation cut it: byte ranges, each holding a
/// letter or digit. A run of no unspaced script is one word.
pub fn words_of(run: &str) -> Vec<Range<usize>> {
    if !run.chars().any(is_unspaced) {
        return std::iter::once(0..run.len()).collect();
    }
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let breaks: Vec<usize> = segmenter.segment_str(run).collect();
    breaks
        .windows(2)
        .map(|pair| pair[0]..pair[1])
        .filter(|range| run[range.clone()].chars().any(char::is_alphanumeric))
        .collect()
}

/// Where the words of `text` start (letters or numbers, not spaces or punctuation), as ICU4X
/// cuts them in every script: for moving by words.
pub fn word_starts(text: &str) -> Vec<usize> {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let mut starts = Vec::new();
    let mut previous = 0;
    for (at, kind) in segmenter.segment_str(text).iter_with_word_type() {
        if at > previous && kind.is_word_like() {
            starts.push(previous);
        }
        previous = at;
    }
    starts
}

/// How many words `text` holds, spaces apart and the unspaced scripts' cut by dictionary.
pub fn count_words(token: &str) -> usize {
    words_of(token).len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        words_of(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn thai_lao_khmer_and_burmese_are_cut_into_words() {
        assert_eq!(words("ภาษาไทย"), ["ภาษา", "ไทย"]);
        assert_eq!(words("ต้มยำกุ้ง").concat(), "ต้มยำกุ้ง");
        assert!(words("ต้มยำกุ้ง").len() >= 2, "{:?}", words("ต้มยำกุ้ง"));
        assert!(words("ພາສາລາວ").len() >= 2, "Lao: {:?}", words("ພາສາລາວ"));
        for (script, sentence) in [("Khmer", "ខ្ញុំស្រលាញ់ភាសាខ្មែរ"), ("Burmese", "ကျွန်တော်မြန်မာစာကိုချစ်တယ်")]
        {
            let cut = words(sentence);
            assert!(cut.len() >= 3, "{script}: {cut:?}");
            assert_eq!(cut.concat(), sentence, "{script}: nothing lost");
        }
        assert_eq!(words("hello"), ["hello"], "other scripts: the run is the word");
    }
}
