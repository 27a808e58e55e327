//! How long an article is to read: words in spaced scripts, characters in Chinese and Japanese.

/// Average adult silent-reading speed in words a minute, for scripts that space their words.
pub const WORDS_PER_MINUTE: usize = 230;
/// Reading speed in characters a minute for Chinese and Japanese, written without spaces, where
/// a "word" split at spaces can be a whole paragraph.
pub const CJK_CHARS_PER_MINUTE: usize = 500;

/// The length of a text as reading time counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextSize {
    /// Space-separated words without Chinese or Japanese characters.
    pub words: usize,
    /// Characters of the runs written in Chinese or Japanese (punctuation, digits and Latin
    /// letters inside them included).
    pub cjk_chars: usize,
}

impl TextSize {
    /// The size of the body blocks (a trailer is not read).
    pub fn of_blocks(blocks: &[crate::document::Block]) -> Self {
        let mut size = TextSize::default();
        for block in blocks.iter().filter(|b| !matches!(b, crate::document::Block::Trailer { .. })) {
            block.each_text(&mut |text| size.add(text));
        }
        size
    }

    pub fn of(paragraphs: &[String]) -> Self {
        let mut size = TextSize::default();
        paragraphs.iter().for_each(|p| size.add(p));
        size
    }

    /// Counts the words (or CJK characters) of `text` in.
    fn add(&mut self, text: &str) {
        for token in text.split_whitespace() {
            if !token.is_ascii() && token.chars().any(is_cjk) {
                self.cjk_chars += token.chars().count();
            } else {
                self.words += crate::segment::count_words(token);
            }
        }
    }

    /// Whole minutes to read, at least one.
    pub fn reading_minutes(&self) -> usize {
        let minutes = self.words as f64 / WORDS_PER_MINUTE as f64 + self.cjk_chars as f64 / CJK_CHARS_PER_MINUTE as f64;
        (minutes.ceil() as usize).max(1)
    }

    /// `326 words · 2 min read`, `19,921 characters · 40 min read`, `1,310,171 words · 95 h read`.
    pub fn describe(&self) -> String {
        let size = match self.cjk_chars > self.words {
            true => format!("{} characters", thousands(self.cjk_chars)),
            false if self.words == 1 => "1 word".to_owned(),
            false => format!("{} words", thousands(self.words)),
        };
        let minutes = self.reading_minutes();
        let time = match minutes < 60 {
            true => format!("{minutes} min"),
            false => format!("{} h", thousands((minutes + 30) / 60)),
        };
        format!("{size} · {time} read")
    }
}

/// Chinese and Japanese characters (Han, Hiragana, Katakana): scripts without word spaces.
/// Korean spaces its words and counts as words.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' | '\u{31f0}'..='\u{31ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9f}' | '\u{20000}'..='\u{3134f}')
}

/// Korean's letters (Hangul syllables and jamo): a particle joins its noun (`한국어`, `한국의`),
/// so a word is searched inside longer ones, character by character as Chinese is; its words
/// are still counted by their spaces.
pub fn is_hangul(c: char) -> bool {
    matches!(c,
        '\u{ac00}'..='\u{d7a3}' | '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{a960}'..='\u{a97f}'
        | '\u{d7b0}'..='\u{d7ff}')
}

/// Chars the searches take one by one (and in pairs), not in words cut at spaces: Chinese,
/// Japanese and Korean.
pub fn is_searched_by_chars(c: char) -> bool {
    is_cjk(c) || is_hangul(c)
}

/// `1310171` as `1,310,171`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(text: &str) -> TextSize {
        TextSize::of(&[text.to_owned()])
    }

    #[test]
    fn words_are_counted_in_spaced_scripts_and_characters_in_japanese() {
        assert_eq!(size("Oil prices reach a low"), TextSize { words: 5, cjk_chars: 0 });
        assert_eq!(size("Ελληνική φιλοσοφία και Հայաստան"), TextSize { words: 4, cjk_chars: 0 });
        assert_eq!(size("アンパサンド（＆）は記号である。 and more"), TextSize { words: 2, cjk_chars: 16 });
        assert_eq!(size("한국어 문장입니다").words, 2, "Korean spaces its words");
    }

    #[test]
    fn reading_time_and_thousands() {
        assert_eq!(TextSize { words: 326, cjk_chars: 0 }.describe(), "326 words · 2 min read");
        assert_eq!(TextSize { words: 300, cjk_chars: 19_921 }.describe(), "19,921 characters · 42 min read");
        assert_eq!(TextSize { words: 1_310_171, cjk_chars: 0 }.describe(), "1,310,171 words · 95 h read");
        assert_eq!(TextSize::default().describe(), "0 words · 1 min read");
        assert_eq!(TextSize { words: 1, cjk_chars: 0 }.describe(), "1 word · 1 min read");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}

#[cfg(test)]
mod segment_tests {
    use super::TextSize;

    #[test]
    fn thai_words_are_counted_by_dictionary_not_by_spaces() {
        let size = TextSize::of(&["ฉันชอบเรียนภาษาไทยมาก วันนี้อากาศดี".to_owned()]);
        assert!(size.words >= 8, "{} words", size.words);
        assert_eq!(TextSize::of(&["two words".to_owned()]).words, 2);
    }
}
