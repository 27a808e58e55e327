//! The language an article is written in, told from its text, and its words' stems in it.
//
// Stems let `colors` find "color" and "colored", `passwords` find "password". A stem is only
// ever compared with stems of the same language (the index prefixes each with its language's
// code), so a French stem never finds an English word. Stemmers see words as the index keeps
// them (accent-folded, lower-cased): a query typed with or without accents stems alike.

use frostem::{Algorithm, Stemmer};
use whatlang::Lang;

/// Bytes of text an article's language is told from: enough for a clear answer (whatlang is
/// sure of a paragraph), few enough that telling it costs little beside indexing it.
pub const SAMPLE: usize = 600;

/// A language with a stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language {
    lang: Lang,
    algorithm: Algorithm,
}

/// Every language whose words have stems: whatlang's name, Snowball's stemmer.
const STEMMED: &[(Lang, Algorithm)] = &[
    (Lang::Ara, Algorithm::Arabic),
    (Lang::Hye, Algorithm::Armenian),
    (Lang::Cat, Algorithm::Catalan),
    (Lang::Ces, Algorithm::Czech),
    (Lang::Dan, Algorithm::Danish),
    (Lang::Nld, Algorithm::Dutch),
    (Lang::Eng, Algorithm::English),
    (Lang::Epo, Algorithm::Esperanto),
    (Lang::Est, Algorithm::Estonian),
    (Lang::Fin, Algorithm::Finnish),
    (Lang::Fra, Algorithm::French),
    (Lang::Deu, Algorithm::German),
    (Lang::Ell, Algorithm::Greek),
    (Lang::Hin, Algorithm::Hindi),
    (Lang::Hun, Algorithm::Hungarian),
    (Lang::Ind, Algorithm::Indonesian),
    (Lang::Ita, Algorithm::Italian),
    (Lang::Lit, Algorithm::Lithuanian),
    (Lang::Nep, Algorithm::Nepali),
    (Lang::Nob, Algorithm::Norwegian),
    (Lang::Pes, Algorithm::Persian),
    (Lang::Pol, Algorithm::Polish),
    (Lang::Por, Algorithm::Portuguese),
    (Lang::Ron, Algorithm::Romanian),
    (Lang::Rus, Algorithm::Russian),
    (Lang::Srp, Algorithm::Serbian),
    (Lang::Spa, Algorithm::Spanish),
    (Lang::Swe, Algorithm::Swedish),
    (Lang::Tam, Algorithm::Tamil),
    (Lang::Tur, Algorithm::Turkish),
    (Lang::Yid, Algorithm::Yiddish),
];

impl Language {
    /// Every language with a stemmer: a query's word is stemmed in each, as whichever
    /// language an article is in, its word is stemmed in that.
    pub fn all() -> impl Iterator<Item = Language> {
        STEMMED.iter().map(|&(lang, algorithm)| Language { lang, algorithm })
    }

    /// The language of a text, when one with a stemmer is told from its first [`SAMPLE`]
    /// bytes. Unsure answers (a few words, mixed text) are kept: a wrong stemmer only makes
    /// a word find fewer of its forms, never another word.
    pub fn of_text(parts: impl IntoIterator<Item = impl AsRef<str>>) -> Option<Language> {
        let mut sample = String::new();
        for part in parts {
            let part = part.as_ref();
            let room = SAMPLE.saturating_sub(sample.len());
            if room == 0 {
                break;
            }
            let cut = part.char_indices().map(|(at, _)| at).find(|&at| at >= room).unwrap_or(part.len());
            sample.push_str(&part[..cut]);
            sample.push('\n');
        }
        let lang = whatlang::detect_lang(&sample)?;
        Language::all().find(|language| language.lang == lang)
    }

    /// The language of ISO 639-3 code `code`, if it has a stemmer.
    pub fn of_code(code: &str) -> Option<Language> {
        Language::all().find(|language| language.code() == code)
    }

    /// ISO 639-3 code, which prefixes this language's stems in the index.
    pub fn code(self) -> &'static str {
        self.lang.code()
    }

    /// The language's name in English.
    pub fn name(self) -> &'static str {
        self.lang.eng_name()
    }

    /// The stem of `word`, a word as the index keeps it (folded, lower-cased).
    pub fn stem(self, word: &str) -> String {
        Stemmer::new(self.algorithm).stem(word).into_owned()
    }

    /// The stem as the index keeps it: prefixed by the language's code.
    pub fn indexed_stem(self, word: &str) -> String {
        format!("{}:{}", self.code(), Stemmer::new(self.algorithm).stem(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Language {
        Language::all().find(|l| l.code() == "eng").unwrap()
    }

    #[test]
    fn languages_are_told_from_their_text() {
        let told = |text: &str| Language::of_text([text]).map(Language::name);
        assert_eq!(told("The committee said on Tuesday that the new rules would be delayed."), Some("English"));
        assert_eq!(told("Le comité a déclaré mardi que les nouvelles règles seraient retardées."), Some("French"));
        assert_eq!(told("Der Ausschuss sagte am Dienstag, die neuen Regeln würden verschoben."), Some("German"));
        assert_eq!(told("قالت اللجنة يوم الثلاثاء إن القواعد الجديدة ستتأخر"), Some("Arabic"));
        assert_eq!(told("東京は日本の首都であり、世界最大の都市圏を持つ。"), None, "no stemmer for Japanese");
        assert_eq!(told(""), None);
    }

    #[test]
    fn word_forms_share_a_stem_only_in_their_language() {
        let en = english();
        assert_eq!(en.stem("colors"), en.stem("colored"));
        assert_eq!(en.stem("passwords"), en.stem("password"));
        assert_ne!(en.stem("compression"), en.stem("company"));
        assert_eq!(en.indexed_stem("colors"), "eng:color");
        let french = Language::all().find(|l| l.name() == "French").unwrap();
        assert_eq!(french.stem("nouvelles"), french.stem("nouvelle"), "folded or not, a plural is its singular");
    }
}
