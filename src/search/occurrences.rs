//! Where a pattern occurs in a text, as `/` in the reader and the text search's hits find it.
//
// Smart case and accent folding as in the list: a pattern without capitals matches either
// case, one without accents matches letters with or without theirs. A text search's words
// match whole words (CJK text, without spaces between words, matches anywhere), the way the
// text index's tokens do, so the hits the list counts are the hits the reader steps through.

use super::syntax::lower;
use crate::fold;
use crate::language::Language;
use std::ops::Range;

/// A pattern, prepared to be looked for.
pub struct Pattern {
    wanted: Wanted,
    case_sensitive: bool,
    folds: bool,
}

/// What a pattern looks for.
enum Wanted {
    /// These chars, anywhere (`/` in the reader).
    Chars(Vec<char>),
    /// A regular expression (`/` given one, as less takes them), over the folded text.
    Regex(regex::Regex),
    /// A text search's term: these words in order, whatever lies between them.
    Words(Vec<Vec<char>>, Forms),
}

/// Which other words a text search's one-word term finds besides itself, as the index finds them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Forms {
    /// The words it starts (the last word, as typed).
    pub prefix: bool,
    /// Those of its stem in the text's language (`colors` finds "colored").
    pub stems: bool,
    /// Those one edit away (a letter added, dropped, changed or two swapped), when it has
    /// [`TYPO_CHARS`] or more.
    pub typos: bool,
}

/// Letters a word needs before one typed wrong still finds it: shorter words are one edit
/// away from too many others.
pub const TYPO_CHARS: usize = 5;

/// Whether `c` belongs to a word (a letter or digit; a mark or joiner inside one), as the
/// text index cuts words. CJK characters are words of their own.
pub fn is_word_char(c: char, inside_word: bool) -> bool {
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    c.is_alphanumeric()
        || (inside_word
            && (c.general_category_group() == GeneralCategoryGroup::Mark || matches!(c, '\u{200c}' | '\u{200d}')))
}

/// The words of `chars` as index ranges: runs of word chars (a Thai, Lao, Khmer or Burmese
/// run cut into its words by dictionary, as the index cuts it), each CJK character alone.
fn word_ranges(chars: &[char]) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let end_word = |from: usize, to: usize, words: &mut Vec<Range<usize>>| {
        let run = &chars[from..to];
        if !run.iter().copied().any(crate::segment::is_unspaced) {
            words.push(from..to);
            return;
        }
        let text: String = run.iter().collect();
        let char_of: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        let at = |byte: usize| char_of.partition_point(|&b| b < byte);
        words.extend(crate::segment::words_of(&text).into_iter().map(|r| from + at(r.start)..from + at(r.end)));
    };
    for (i, &c) in chars.iter().enumerate() {
        if crate::store::is_searched_by_chars(c) {
            if let Some(from) = start.take() {
                end_word(from, i, &mut words);
            }
            words.push(i..i + 1);
        } else if is_word_char(c, start.is_some()) {
            start.get_or_insert(i);
        } else if let Some(from) = start.take() {
            end_word(from, i, &mut words);
        }
    }
    if let Some(from) = start {
        end_word(from, chars.len(), &mut words);
    }
    words
}

/// Whether `/`'s pattern is meant as a regular expression: it holds one of their special
/// chars. Plain words stay plain, whatever a regex would make of them.
fn looks_like_regex(pattern: &str) -> bool {
    pattern.chars().any(|c| "\\.+*?()|[]{}^$".contains(c))
}

/// Most a compiled regular expression may take: a pattern typed in `/` is small.
const REGEX_SIZE: usize = 1 << 20;

fn regex_of(pattern: &str, case_sensitive: bool, folds: bool) -> Result<regex::Regex, regex::Error> {
    let pattern = if folds { fold::fold(pattern) } else { std::borrow::Cow::Borrowed(pattern) };
    regex::RegexBuilder::new(&pattern).case_insensitive(!case_sensitive).size_limit(REGEX_SIZE).build()
}

impl Pattern {
    /// Why `/`'s `pattern`, which looks like a regular expression, is none (it is then looked
    /// for as typed): regex's own words, on one line.
    pub fn regex_error(pattern: &str) -> Option<String> {
        if !looks_like_regex(pattern) {
            return None;
        }
        Pattern::regex(pattern).err()
    }

    /// A regular expression, whatever it holds, with smart case and folding as in `/`; why
    /// not, when it does not compile.
    pub fn regex(pattern: &str) -> Result<Self, String> {
        let case_sensitive = super::syntax::has_capitals(pattern);
        let folds = matches!(fold::fold(pattern), std::borrow::Cow::Borrowed(_));
        match regex_of(pattern, case_sensitive, folds) {
            Ok(regex) => Ok(Pattern { wanted: Wanted::Regex(regex), case_sensitive, folds }),
            Err(error) => {
                let said = error.to_string();
                // The crate's message ends with the error's kind, after the pattern drawn with a caret.
                let last = said.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(&said);
                Err(crate::store::sanitize::sanitize_line(last.trim_start_matches("error: ")))
            }
        }
    }

    /// `None` for an empty pattern, which occurs nowhere. A pattern with a regular expression's
    /// special chars is one, when it compiles.
    pub fn new(pattern: &str) -> Option<Self> {
        let case_sensitive = super::syntax::has_capitals(pattern);
        let folds = matches!(fold::fold(pattern), std::borrow::Cow::Borrowed(_));
        if looks_like_regex(pattern)
            && let Ok(regex) = regex_of(pattern, case_sensitive, folds)
        {
            return Some(Pattern { wanted: Wanted::Regex(regex), case_sensitive, folds });
        }
        let wanted: Vec<char> =
            if case_sensitive { pattern.chars().collect() } else { lower(pattern).chars().collect() };
        (!wanted.is_empty()).then_some(Pattern { wanted: Wanted::Chars(wanted), case_sensitive, folds })
    }

    /// A word or phrase of a text search, as the index matches it: its words in order, whole,
    /// whatever the case and accents, whatever punctuation or spaces lie between them
    /// (`"coffee but"` finds "coffee, but").
    pub fn text_term(term: &str) -> Option<Self> {
        let chars: Vec<char> = lower(&fold::fold(term)).chars().collect();
        let words: Vec<Vec<char>> = word_ranges(&chars).into_iter().map(|r| chars[r].to_vec()).collect();
        (!words.is_empty()).then_some(Pattern {
            wanted: Wanted::Words(words, Forms::default()),
            case_sensitive: false,
            folds: true,
        })
    }

    /// A text query's term, as the index finds it (the last word also starting longer ones, a
    /// word also finding its other forms).
    pub fn of_term(term: &TextTerm) -> Option<Self> {
        let mut pattern = Pattern::text_term(&term.text)?;
        if let Wanted::Words(_, forms) = &mut pattern.wanted {
            *forms = term.forms();
        }
        Some(pattern)
    }

    /// Where the pattern occurs in `text`, in order and without overlap: ranges of char
    /// indices into `text`.
    pub fn find(&self, text: &str) -> Vec<Range<usize>> {
        self.find_in(text, None)
    }

    /// [`Pattern::find`] in a text of `language`, whose words' stems a text search's word finds.
    pub fn find_in(&self, text: &str, language: Option<Language>) -> Vec<Range<usize>> {
        let (folded, origins) = match self.folds {
            true => fold::fold_with_origins(text),
            false => (text.to_owned(), (0..text.chars().count()).collect()),
        };
        if let Wanted::Regex(regex) = &self.wanted {
            let starts: Vec<usize> = folded.char_indices().map(|(at, _)| at).collect();
            let char_at = |byte: usize| starts.partition_point(|&s| s < byte);
            return regex
                .find_iter(&folded)
                .filter(|m| !m.is_empty())
                .map(|m| origins[char_at(m.start())]..origins[char_at(m.end()) - 1] + 1)
                .collect();
        }
        let hay: Vec<char> =
            if self.case_sensitive { folded.chars().collect() } else { lower(&folded).chars().collect() };
        let wanted = match &self.wanted {
            Wanted::Words(words, forms) => return find_words(&hay, &origins, words, *forms, language),
            Wanted::Chars(wanted) => wanted,
            Wanted::Regex(_) => unreachable!("found above"),
        };
        let mut found = Vec::new();
        let mut at = 0;
        while at + wanted.len() <= hay.len() {
            if hay[at..at + wanted.len()] != *wanted {
                at += 1;
                continue;
            }
            found.push(origins[at]..origins[at + wanted.len() - 1] + 1);
            at += wanted.len();
        }
        found
    }
}

/// Where `words` occur one after the other among the words of `hay` (whose chars come from
/// `origins` in the text): ranges of the text's char indices.
fn find_words(
    hay: &[char],
    origins: &[usize],
    words: &[Vec<char>],
    forms: Forms,
    language: Option<Language>,
) -> Vec<Range<usize>> {
    let found = word_ranges(hay);
    let last = words.len().saturating_sub(1);
    let stem = match (forms.stems, language, words) {
        (true, Some(language), [word]) => Some((language, language.stem(&word.iter().collect::<String>()))),
        _ => None,
    };
    let same = |i: usize, range: &Range<usize>, word: &Vec<char>, typos: bool| {
        let here = &hay[range.clone()];
        here == &word[..]
            || (forms.prefix && i == last && here.starts_with(word))
            || (typos && within_one_edit(here, word))
            || stem.as_ref().is_some_and(|(language, stem)| language.stem(&here.iter().collect::<String>()) == *stem)
    };
    let find = |typos: bool| {
        let mut ranges = Vec::new();
        let mut at = 0;
        while at + words.len() <= found.len() {
            let here = &found[at..at + words.len()];
            if here.iter().zip(words).enumerate().all(|(i, (range, word))| same(i, range, word, typos)) {
                ranges.push(origins[here[0].start]..origins[here[words.len() - 1].end - 1] + 1);
                at += words.len();
            } else {
                at += 1;
            }
        }
        ranges
    };
    // A word still being typed is taken as typed wrong only when nothing starts with it (as
    // the index decides over all the articles: one that has such a word has no typo found).
    match forms.prefix && forms.typos {
        true => Some(find(false)).filter(|found| !found.is_empty()).unwrap_or_else(|| find(true)),
        false => find(forms.typos),
    }
}

/// Whether `a` becomes `b` by one edit at most: a char added, dropped or changed, or two
/// side by side swapped (as the index's fuzzy terms count them).
pub fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let common = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if common == short.len() {
        return true;
    }
    if short.len() == long.len() {
        // Changed here, or swapped with the next.
        short[common + 1..] == long[common + 1..]
            || (common + 1 < short.len()
                && short[common] == long[common + 1]
                && short[common + 1] == long[common]
                && short[common + 2..] == long[common + 2..])
    } else {
        short[common..] == long[common + 1..]
    }
}

/// One term of a text query: a word or a "phrase", maybe excluded, maybe an alternative to
/// the term before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextTerm {
    pub text: String,
    pub excluded: bool,
    pub or_before: bool,
    /// The query's last word, as it is being typed: it also finds the words it starts
    /// (`compress` finds "compression"), below itself.
    pub prefix: bool,
    /// A word that also finds its other forms (see [`Forms`]): not `'word` or `"word"`, not
    /// an excluded one, not in a script searched by its characters.
    pub other_forms: bool,
}

impl TextTerm {
    /// Which words besides itself the term finds.
    pub fn forms(&self) -> Forms {
        let typos = self.other_forms && fold::lower(&fold::fold(&self.text)).chars().count() >= TYPO_CHARS;
        Forms { prefix: self.prefix, stems: self.other_forms, typos }
    }
}

/// Chars the last word needs to find the words it starts: fewer would find too many.
const PREFIX_CHARS: usize = 3;

/// A text query's terms. The index's own syntax is not exposed (a `:` would name a field):
/// words, `"phrases"`, `-excluded` (or `!`), `a | b` (or `OR`); the list's `'`, `^` and `$`
/// are dropped, so a title query carried over by Ctrl-T still means its words. A term without
/// a letter or digit is no term.
pub fn parse_text_query(query: &str) -> Vec<TextTerm> {
    let mut terms: Vec<TextTerm> = Vec::new();
    let (mut rest, mut or_next, mut not_next) = (query.trim_start(), false, false);
    let mut after_filter = false;
    while !rest.is_empty() {
        let (token, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        let filter = super::shape::Filter::parse(token).is_some();
        // A filter, or a `|` joining filters: no word of the text, and no OR for the words.
        if filter || (token == "|" && after_filter) {
            rest = after.trim_start();
            (after_filter, or_next) = (filter, false);
            continue;
        }
        after_filter = false;
        let excluded = not_next || rest.starts_with(['-', '!']);
        let body = rest.trim_start_matches(['-', '!', '+', '\'', '^']);
        // `'word` and `"word"` ask for the word itself.
        let exact = rest[..rest.len() - body.len()].contains('\'') || body.starts_with('"');
        let (word, after) = match body.strip_prefix('"') {
            Some(quoted) => quoted.split_once('"').unwrap_or((quoted, "")),
            None => body.split_once(char::is_whitespace).unwrap_or((body, "")),
        };
        rest = after.trim_start();
        // Punctuation at a word's ends is no part of it (`note:`, `'quoted'`), as the index
        // reads words.
        let edge = |c: char| c.is_whitespace() || c.is_ascii_punctuation() || "“”‘’«»„、。，：".contains(c);
        let text = match word.trim() {
            "|" => "|",
            word => word.trim_matches(edge),
        };
        match text {
            "|" | "OR" => or_next = !terms.is_empty(),
            "AND" => {}
            "NOT" => not_next = true,
            _ if text.chars().any(char::is_alphanumeric) => {
                let prefix = !exact && !excluded;
                let term =
                    TextTerm { text: text.to_owned(), excluded, or_before: or_next, prefix, other_forms: prefix };
                terms.push(term);
                (or_next, not_next) = (false, false);
            }
            _ => {}
        }
    }
    // Only the last word grows, while it is typed (no space after it), when it is one word of
    // letters cut at spaces (Chinese and Korean are searched by their characters already).
    let typing = !query.ends_with(char::is_whitespace);
    let count = terms.len();
    for (at, term) in terms.iter_mut().enumerate() {
        let chars: Vec<char> = term.text.chars().collect();
        term.other_forms &=
            word_ranges(&chars).len() == 1 && !chars.iter().copied().any(crate::store::is_searched_by_chars);
        term.prefix &= typing && at + 1 == count && !term.or_before && chars.len() >= PREFIX_CHARS && term.other_forms;
    }
    terms
}

/// The query for the index: every term quoted (a phrase of its words, whatever they hold).
pub fn index_query(query: &str) -> String {
    index_query_of(&parse_text_query(query))
}

/// The index's query of `terms`.
pub fn index_query_of(terms: &[TextTerm]) -> String {
    let quoted = |term: &TextTerm| {
        let text: String = term.text.chars().filter(|c| !matches!(c, '"' | '\\')).collect();
        format!("{}{}\"{text}\"", if term.or_before { "OR " } else { "" }, if term.excluded { "-" } else { "" })
    };
    terms.iter().map(quoted).collect::<Vec<_>>().join(" ")
}

/// The patterns of a text query's words and phrases that are looked for (not the excluded
/// ones), the last word also finding the words it starts.
pub fn text_patterns(query: &str) -> Vec<Pattern> {
    parse_text_query(query).iter().filter(|t| !t.excluded).filter_map(Pattern::of_term).collect()
}

/// The words and phrases of a text query that are looked for (not the excluded ones).
pub fn text_terms(query: &str) -> Vec<String> {
    parse_text_query(query).into_iter().filter(|t| !t.excluded).map(|t| t.text).collect()
}

/// Whether `text` answers text query `query` as the index would (see [`TextMatcher`]).
pub fn text_matches(text: &str, query: &str) -> bool {
    TextMatcher::new(query).matches(text)
}

/// A text query made ready to test many texts: each term (or one of the terms `|` joins to
/// it) must occur, as whole words, and no excluded one.
pub struct TextMatcher {
    groups: Vec<Vec<Pattern>>,
    excluded: Vec<Pattern>,
}

impl TextMatcher {
    pub fn new(query: &str) -> Self {
        let mut groups: Vec<Vec<Pattern>> = Vec::new();
        let mut excluded = Vec::new();
        for term in parse_text_query(query) {
            let Some(pattern) = Pattern::of_term(&term) else { continue };
            match groups.last_mut() {
                _ if term.excluded => excluded.push(pattern),
                Some(group) if term.or_before => group.push(pattern),
                _ => groups.push(vec![pattern]),
            }
        }
        TextMatcher { groups, excluded }
    }

    pub fn matches(&self, text: &str) -> bool {
        let occurs = |pattern: &Pattern| !pattern.find(text).is_empty();
        !self.groups.is_empty()
            && self.groups.iter().all(|group| group.iter().any(occurs))
            && !self.excluded.iter().any(occurs)
    }
}

/// Ranges of char indices into `text` (as [`Pattern::find`] gives them) as byte ranges.
pub fn byte_ranges(text: &str, chars: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
    chars.into_iter().map(|r| starts[r.start]..starts[r.end]).collect()
}

/// Byte ranges of every occurrence in `text` of the words and phrases of text query `query`,
/// in order; overlapping ones (a word inside a phrase) are merged into one.
/// The text is in `language` (see [`Pattern::find_in`]).
pub fn text_occurrences(text: &str, query: &str, language: Option<Language>) -> Vec<Range<usize>> {
    let chars = text_patterns(query).iter().flat_map(|pattern| pattern.find_in(text, language)).collect();
    let mut ranges = byte_ranges(text, chars);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_with_special_chars_is_a_regular_expression_with_smart_case_and_folding() {
        let text = "The warrant. Warrants were served; a café, CAFE and 42 cafés.";
        let found = |pattern: &str| -> Vec<String> {
            let chars: Vec<char> = text.chars().collect();
            Pattern::new(pattern).unwrap().find(text).into_iter().map(|r| chars[r].iter().collect()).collect()
        };
        assert_eq!(found("warrant."), ["warrant.", "Warrants"], "any char after, either case");
        assert_eq!(found("Warrant."), ["Warrants"], "a capital: case counts");
        assert_eq!(found("caf[eé]s?\\b"), ["café", "CAFE", "cafés"], "folded: é is e");
        assert_eq!(found("\\d+"), ["42"]);
        assert_eq!(found("^the"), ["The"]);
        assert!(Pattern::new("x*").unwrap().find(text).is_empty(), "empty matches are no hits");
        // Plain words stay literal; a bad expression is looked for as typed, and says why.
        assert_eq!(found("a café"), ["a café"]);
        assert_eq!(found("(warrant"), Vec::<String>::new());
        assert_eq!(Pattern::regex_error("(warrant").as_deref(), Some("unclosed group"));
        assert_eq!(Pattern::regex_error("warrant"), None);
        assert_eq!(Pattern::regex_error("warrant."), None);
    }

    #[test]
    fn a_text_matches_a_query_as_the_index_would() {
        let note = "Check the gauge readings, Café Müller";
        assert!(text_matches(note, "gauge readings"));
        assert!(text_matches(note, "cafe"), "accents folded");
        assert!(text_matches(note, "\"gauge readings\" -storm"));
        assert!(!text_matches(note, "gauge -readings"));
        assert!(!text_matches(note, "gaug "), "whole words");
        assert!(!text_matches(note, "gaug readings"), "whole words but the last");
        assert!(text_matches(note, "readings gaug"), "the last word as typed");
        assert!(text_matches(note, "storm | gauge"));
        assert!(!text_matches(note, "storm"));
        assert!(!text_matches(note, ""));
    }

    fn shown<'a>(text: &'a str, query: &str) -> Vec<&'a str> {
        text_occurrences(text, query, None).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn words_and_phrases_whole_in_any_case_and_accents() {
        assert_eq!(text_terms("music -store \"the music\" +download OR x"), ["music", "the music", "download", "x"]);
        assert_eq!(text_terms("^coffee' !tea 'milk$ NOT sugar * --"), ["coffee", "milk"], "fzf's marks dropped");
        assert_eq!(index_query("10:30 -\"a b\" | c note:"), "\"10:30\" -\"a b\" OR \"c\" \"note\"");
        assert_eq!(index_query("| a OR"), "\"a\"", "an OR with nothing before it is nothing");
        assert_eq!(text_terms(":unread oil !:starred -:read"), ["oil"], "mark filters are no words");
        assert_eq!(index_query("oil :read | :starred gas"), "\"oil\" \"gas\"", "nor is their |");
        let text = "A music download, downloaders and Musical DOWNLOAD; the music store.";
        assert_eq!(shown(text, "music download "), ["music", "download", "DOWNLOAD", "music"], "whole words");
        assert_eq!(
            shown(text, "music download"),
            ["music", "download", "downloaders", "DOWNLOAD", "music"],
            "the last word as typed starts longer ones"
        );
        assert_eq!(shown(text, "music 'download"), ["music", "download", "DOWNLOAD", "music"], "' asks for it alone");
        assert_eq!(shown(text, "music \"the music\""), ["music", "the music"], "a word inside a phrase: one hit");
        assert_eq!(shown("Un café crème, un CAFE noir.", "cafe"), ["café", "CAFE"]);
        assert_eq!(shown("Σωκράτης, ΣΩΚΡΑΤΗΣ", "σωκρατης"), ["Σωκράτης", "ΣΩΚΡΑΤΗΣ"], "final sigma");
        assert_eq!(
            Pattern::new("σωκρατης").unwrap().find("ΣΩΚΡΑΤΗΣ"),
            vec![Range { start: 0, end: 8 }],
            "ς is no capital"
        );
        assert_eq!(shown("東京都の市場", "東京 京都"), ["東京都"], "CJK anywhere, overlaps merged");
        assert_eq!(shown("Coffee, but not tea; at 10:30.", "\"coffee but\" \"10 30\""), ["Coffee, but", "10:30"]);
        assert_eq!(shown("हिन्दी भाषा", "हिन्दी"), ["हिन्दी"], "a word ending in a vowel sign, whole");
        assert!(shown("text", "").is_empty());
        let pattern = Pattern::new("Quick").unwrap();
        assert_eq!(pattern.find("quick Quick quickly"), vec![Range { start: 6, end: 11 }], "a capital: this case only");
    }

    #[test]
    fn one_edit_is_a_letter_added_dropped_changed_or_two_swapped() {
        let edit = |a: &str, b: &str| within_one_edit(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>());
        assert!(edit("receive", "receive"));
        assert!(edit("recieve", "receive"), "swapped");
        assert!(edit("receve", "receive") && edit("receive", "receve"), "dropped, added");
        assert!(edit("receave", "receive"), "changed");
        assert!(edit("straße", "strase"));
        assert!(!edit("recievd", "receive"), "two edits");
        assert!(!edit("receive", "receiving"));
        assert!(!edit("abc", "cba"), "a swap is of neighbours");
    }

    /// Optimal string alignment distance, the textbook way: the check above, stated plainly.
    fn distance(a: &[char], b: &[char]) -> usize {
        let mut d = vec![vec![0; b.len() + 1]; a.len() + 1];
        for i in 0..=a.len() {
            for j in 0..=b.len() {
                d[i][j] = match (i, j) {
                    (0, j) => j,
                    (i, 0) => i,
                    _ => {
                        let mut best = (d[i - 1][j] + 1)
                            .min(d[i][j - 1] + 1)
                            .min(d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]));
                        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                            best = best.min(d[i - 2][j - 2] + 1);
                        }
                        best
                    }
                };
            }
        }
        d[a.len()][b.len()]
    }

    proptest::proptest! {
        #[test]
        fn one_edit_agrees_with_the_distance(a in "[abé]{0,6}", b in "[abé]{0,6}") {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            proptest::prop_assert_eq!(within_one_edit(&a, &b), distance(&a, &b) <= 1);
        }

        #[test]
        fn occurrences_are_char_boundaries_in_order(text in "\\PC{0,40}", query in "\\PC{0,8}") {
            let mut last = 0;
            for range in text_occurrences(&text, &query, None) {
                proptest::prop_assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                proptest::prop_assert!(range.start >= last && range.start < range.end);
                last = range.end;
            }
        }
    }
}
