//! The text analyzer: words (Thai, Lao, Khmer and Burmese cut by dictionary), and runs of Chinese, Japanese and Korean as overlapping character pairs.
//
// Tantivy's default tokenizer would make a whole Japanese sentence one token; pairs let `東京`
// find `東京都`, and single characters too, so that `京` does. Words are accent-folded as the
// list and the reader fold them (Greek and Cyrillic too), and lower-cased as they lower-case
// (a final ς is a σ): no more (ß stays ß), or the index would find articles whose hits the
// reader cannot show.

use crate::language::Language;
use crate::store::is_searched_by_chars as is_cjk;
use std::collections::HashMap;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// The analyzer of titles, bodies and queries.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordsAndPairs).build()
}

/// Words, with CJK runs as character pairs.
#[derive(Clone, Default)]
pub struct WordsAndPairs;

pub struct WordsAndPairsStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for WordsAndPairs {
    type TokenStream<'a> = WordsAndPairsStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndPairsStream {
        let mut tokens = Vec::new();
        let mut position = 0;
        let mut push = |from: usize, to: usize, position: usize| {
            let word = crate::fold::lower(&crate::fold::fold(&text[from..to]));
            tokens.push(Token { offset_from: from, offset_to: to, position, text: word, position_length: 1 });
        };
        let mut chars = text.char_indices().peekable();
        let mut word: Option<usize> = None;
        // A word ends: Thai, Lao, Khmer and Burmese runs are several words, cut by dictionary.
        let end_word = |from: usize, to: usize, position: &mut usize, push: &mut dyn FnMut(usize, usize, usize)| {
            for range in crate::segment::words_of(&text[from..to]) {
                push(from + range.start, from + range.end, *position);
                *position += 1;
            }
        };
        while let Some((at, c)) = chars.next() {
            let end = at + c.len_utf8();
            if is_cjk(c) {
                if let Some(from) = word.take() {
                    end_word(from, at, &mut position, &mut push);
                }
                // Each character, and the pair it starts, at one position: a query of one
                // character finds it inside words, one of two or more finds its pairs in order.
                push(at, end, position);
                if let Some(&(next_at, next)) = chars.peek().filter(|&&(_, next)| is_cjk(next)) {
                    push(at, next_at + next.len_utf8(), position);
                }
                position += 1;
            } else if crate::search::occurrences::is_word_char(c, word.is_some()) {
                word.get_or_insert(at);
            } else if let Some(from) = word.take() {
                end_word(from, at, &mut position, &mut push);
            }
        }
        if let Some(from) = word {
            end_word(from, text.len(), &mut position, &mut push);
        }
        WordsAndPairsStream { tokens, next: 0 }
    }
}

/// The analyzer of the stems fields (see [`stems_text`]).
pub fn stems_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(Stems).build()
}

/// What the stems fields are given: the language's code, then the text whose words' stems
/// are indexed in it (a field's analyzer is one for all its documents; this one reads the
/// document's language from its text).
pub fn stems_text(language: Language, text: &str) -> String {
    format!("{}{LANGUAGE_END}{text}", language.code())
}

/// Ends the language's code in a stems field's text.
const LANGUAGE_END: char = '\u{1f}';

/// The stems of the words of a text [`stems_text`] made, as the index keeps them (prefixed by
/// the language's code): a word's stem is found once per text, however often the word occurs.
#[derive(Clone, Default)]
pub struct Stems;

impl Tokenizer for Stems {
    type TokenStream<'a> = WordsAndPairsStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordsAndPairsStream {
        let language = text.split_once(LANGUAGE_END).and_then(|(code, text)| Some((Language::of_code(code)?, text)));
        let Some((language, text)) = language else { return WordsAndPairsStream { tokens: Vec::new(), next: 0 } };
        let mut known: HashMap<String, String> = HashMap::new();
        let mut tokens = WordsAndPairs.token_stream(text).tokens;
        // Characters searched one by one have no stem.
        tokens.retain(|token| !token.text.chars().any(is_cjk));
        for (position, token) in tokens.iter_mut().enumerate() {
            let word = std::mem::take(&mut token.text);
            token.text = known.entry(word).or_insert_with_key(|word| language.indexed_stem(word)).clone();
            token.position = position;
        }
        WordsAndPairsStream { tokens, next: 0 }
    }
}

impl TokenStream for WordsAndPairsStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn words_are_folded_and_cjk_runs_become_pairs() {
        assert_eq!(tokens("Café CRÈME, naïve!"), ["cafe", "creme", "naive"]);
        assert_eq!(tokens("東京の市場"), ["東", "東京", "京", "京の", "の", "の市", "市", "市場", "場"]);
        assert_eq!(tokens("A東B"), ["a", "東", "b"], "a lone ideograph is its own token");
        assert_eq!(tokens("東京x市"), ["東", "東京", "京", "x", "市"]);
        assert_eq!(tokens("Ελληνική 2005 Straße"), ["ελληνικη", "2005", "straße"], "Greek folds as in the list");
        assert_eq!(tokens("Σωκράτης ΣΩΚΡΑΤΗΣ"), ["σωκρατησ", "σωκρατησ"], "a final sigma is a sigma");
        assert_eq!(tokens("বাংলা ভাষা"), ["বাংলা", "ভাষা"], "vowel signs stay in their word");
        assert_eq!(tokens("हिन्दी, क्षेत्र"), ["हिन्दी", "क्षेत्र"], "so does a virama");
        assert_eq!(tokens("می\u{200c}خواهم"), ["می\u{200c}خواهم"], "and a zero-width non-joiner");
    }

    proptest! {
        #[test]
        fn tokens_are_slices_of_the_text_in_order(text in "\\PC{0,40}") {
            let mut tokenizer = WordsAndPairs;
            let mut stream = tokenizer.token_stream(&text);
            let mut last = 0;
            while stream.advance() {
                let token = stream.token();
                prop_assert!(text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to));
                prop_assert!(token.offset_from < token.offset_to && token.offset_from >= last.min(token.offset_from));
                last = token.offset_from;
            }
        }
    }
}
