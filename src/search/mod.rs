//! Title matching: SkimMatcherV2 scores with fzf's smart case and space-separated AND terms.

mod engine;
pub mod skim;

pub use engine::{Engine, Hit, MatchRequest, Ranked, Ranking, Searcher};

use crate::fold;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::borrow::Cow;

/// A parsed query: whitespace separates terms that must all match, as in fzf.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    terms: Vec<String>,
    case_sensitive: bool,
    /// Lower-case letters beyond ASCII match either case: titles are lower-cased (Unicode) for
    /// a query without capitals that has letters SkimMatcherV2's ASCII-only case folding
    /// cannot fold (`ελληνική` finds "Ελληνική φιλοσοφία").
    lower_titles: bool,
    /// Titles are matched with their accents folded (`cafe` finds "Café"), unless the query
    /// has an accent of its own, which then must match exactly.
    folds: bool,
    /// Byte tables for the one-pass match test and bound, when every term is ASCII.
    scans: Option<Vec<skim::TermScan>>,
}

impl Query {
    pub fn parse(text: &str) -> Self {
        // Titles are NFC since loading; a query typed or pasted decomposed must meet them so.
        let text: Cow<str> = match unicode_normalization::is_nfc_quick(text.chars()) {
            unicode_normalization::IsNormalized::Yes => Cow::Borrowed(text),
            _ => Cow::Owned(unicode_normalization::UnicodeNormalization::nfc(text).collect()),
        };
        let terms: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
        // fuzzy-matcher's own smart case only notices ASCII capitals; fzf notices any.
        let case_sensitive = text.chars().any(char::is_uppercase);
        let scans = terms.iter().map(|t| skim::TermScan::new(t, case_sensitive)).collect();
        let lower_titles = !case_sensitive && !text.is_ascii();
        let folds = matches!(fold::fold(&text), Cow::Borrowed(_));
        Query { terms, case_sensitive, lower_titles, folds, scans }
    }

    /// An empty query matches everything, in store order.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The query's one char, when it is a single ASCII char.
    pub fn single_ascii_char(&self) -> Option<u8> {
        match self.terms.as_slice() {
            [term] if term.len() == 1 && term.is_ascii() => Some(term.as_bytes()[0]),
            _ => None,
        }
    }

    pub fn is_case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// Whether titles are matched folded (see [`crate::fold`]): a query without accents of its own.
    pub fn folds(&self) -> bool {
        self.folds
    }

    /// The text `title` is matched as, for a caller without the catalog's folded titles.
    pub fn match_text<'a>(&self, title: &'a str) -> Cow<'a, str> {
        if self.folds { fold::fold(title) } else { Cow::Borrowed(title) }
    }

    /// Whether the bound of a title is its exact score: one term of one char.
    pub fn bound_is_exact(&self) -> bool {
        self.terms.len() == 1 && self.terms[0].chars().count() == 1
    }
}

/// The matcher layers, bottom up: [`skim`] computes SkimMatcherV2's score of one term; a
/// `Matcher` scores, bounds and highlights one title for a whole query (scores and bounds take
/// the title as matched, [`Query::match_text`] or the catalog's folded copy); a [`Searcher`] ranks a
/// catalog with memory of earlier queries; the [`Engine`] runs a searcher on its own thread.
#[derive(Debug, Default, Clone, Copy)]
pub struct Matcher;

/// A fresh SkimMatcherV2 for one call: fuzzy-matcher 0.3.7 leaves a bonus in the score matrix
/// it reuses, so a matcher that scored one title can score the next differently (`BBC` in
/// "BBC to pour £9m into new comedy": 71 fresh, 83 after "BBC poll indicates economic gloom").
fn fresh_skim(query: &Query) -> SkimMatcherV2 {
    let skim = SkimMatcherV2::default();
    if query.case_sensitive { skim.respect_case() } else { skim.ignore_case() }
}

impl Matcher {
    /// The text a (folded) title is scored as: itself, or lower-cased for a query that asks for
    /// Unicode case folding (ASCII titles need none: SkimMatcherV2 folds ASCII itself).
    fn text<'a>(&self, query: &Query, title: &'a str) -> Cow<'a, str> {
        match query.lower_titles && !title.is_ascii() {
            true => Cow::Owned(title.to_lowercase()),
            false => Cow::Borrowed(title),
        }
    }

    /// Whether every term matches prepared text: exactly SkimMatcherV2's test (a case-folded
    /// subsequence), at memchr speed.
    fn text_matches(query: &Query, title: &str) -> bool {
        query.terms.iter().all(|term| {
            is_subsequence(title.as_bytes(), term.as_bytes(), query.case_sensitive)
                // A byte subsequence is a char subsequence when the term is ASCII; else check chars.
                && (term.is_ascii() || skim::matches(title, term, query.case_sensitive))
        })
    }

    /// The title's score, higher is better; `None` when some term does not match.
    pub fn score(&self, query: &Query, title: &str) -> Option<i64> {
        let title = &*self.text(query, title);
        if !Self::text_matches(query, title) {
            return None;
        }
        thread_local! {
            static SCRATCH: std::cell::RefCell<skim::Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with_borrow_mut(|scratch| {
            query
                .terms
                .iter()
                .try_fold(0i64, |sum, term| Some(sum + skim::score(scratch, title, term, query.case_sensitive)?))
        })
    }

    /// A cheap upper bound of [`Matcher::score`] if the title matches, else `None`.
    pub fn bound(&self, query: &Query, title: &str) -> Option<i64> {
        let title = &*self.text(query, title);
        if let Some(scans) = &query.scans {
            // memchr rejects most titles of a selective query faster than the byte scan can.
            let all = |term: &String| is_subsequence(title.as_bytes(), term.as_bytes(), query.case_sensitive);
            if !query.terms.iter().all(all) {
                return None;
            }
            return scans.iter().try_fold(0, |sum, scan| Some(sum + scan.bound(title.as_bytes())?));
        }
        Self::text_matches(query, title)
            .then(|| query.terms.iter().map(|term| skim::upper_bound(title, term, query.case_sensitive)).sum())
    }

    /// The score as fuzzy-matcher's own SkimMatcherV2 gives it, folding the shown title itself:
    /// the reference in tests.
    #[cfg(any(test, feature = "testing"))]
    pub fn reference_score(&self, query: &Query, title: &str) -> Option<i64> {
        let folded = query.match_text(title);
        let (skim, title) = (fresh_skim(query), &*self.text(query, &folded));
        query.terms.iter().try_fold(0i64, |sum, term| Some(sum + skim.fuzzy_match(title, term)?))
    }

    /// Char indices of the matched characters of the shown title, ascending, for highlighting.
    pub fn indices(&self, query: &Query, title: &str) -> Vec<usize> {
        let (folded, origins) = match query.folds && !title.is_ascii() {
            true => {
                let (folded, origins) = fold::fold_with_origins(title);
                (Cow::Owned(folded), origins)
            }
            false => (Cow::Borrowed(title), Vec::new()),
        };
        let (skim, text) = (fresh_skim(query), self.text(query, &folded));
        let mut indices: Vec<usize> =
            query.terms.iter().filter_map(|term| skim.fuzzy_indices(&text, term)).flat_map(|(_, i)| i).collect();
        // Lower-casing keeps one char per char but for a rare few (İ): never point past the end.
        let chars = folded.chars().count();
        indices.retain(|&i| i < chars);
        if !origins.is_empty() {
            indices.iter_mut().for_each(|i| *i = origins[*i]);
        }
        indices.sort_unstable();
        indices.dedup();
        indices
    }

    /// Indices of the matching titles, best score first, ties in store order, scored by
    /// fuzzy-matcher's own SkimMatcherV2 over every title: the reference the engine is tested
    /// against.
    #[cfg(any(test, feature = "testing"))]
    pub fn reference_rank<'a>(&self, query: &Query, titles: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
        let titles = titles.into_iter().enumerate().map(|(i, t)| (i as u32, t));
        if query.is_empty() {
            return titles.map(|(i, _)| i).collect();
        }
        let mut hits: Vec<(i64, u32)> =
            titles.filter_map(|(i, title)| self.reference_score(query, title).map(|score| (score, i))).collect();
        hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

/// Whether `needle`'s bytes occur in order in `hay`, ASCII letters matching either case unless
/// `case_sensitive`. SkimMatcherV2 compares chars the same way (`eq_ignore_ascii_case`), and a
/// char subsequence is a byte subsequence, so this never rejects a title it would match.
fn is_subsequence(hay: &[u8], needle: &[u8], case_sensitive: bool) -> bool {
    let mut rest = hay;
    for &b in needle {
        let found = if !case_sensitive && b.is_ascii_alphabetic() {
            memchr::memchr2(b.to_ascii_lowercase(), b.to_ascii_uppercase(), rest)
        } else {
            memchr::memchr(b, rest)
        };
        match found {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(query: &str, titles: &[&str]) -> Vec<u32> {
        Matcher.reference_rank(&Query::parse(query), titles.iter().copied())
    }

    #[test]
    fn empty_query_keeps_store_order() {
        assert_eq!(rank("  ", &["b", "a", "c"]), [0, 1, 2]);
    }

    #[test]
    fn best_first_and_ties_in_store_order() {
        let titles = ["Sony hack", "Blair wins", "Blair wins", "Tony Blair speaks"];
        let ranked = rank("blair", &titles);
        assert_eq!(ranked, [1, 2, 3]);
    }

    #[test]
    fn smart_case_follows_any_capital() {
        assert_eq!(rank("sony", &["SONY", "sony", "Sunny"]).len(), 2);
        assert_eq!(rank("Sony", &["SONY", "Sony"]), [1]);
        assert_eq!(rank("Éc", &["école", "École"]), [1]);
    }

    #[test]
    fn lower_case_queries_fold_case_in_every_script() {
        let titles = ["Ελληνική φιλοσοφία", "Україна", "Київ", "Հայաստան", "ΕΛΛΗΝΙΚΗ"];
        assert_eq!(rank("ελληνική", &titles), [0]);
        assert_eq!(rank("україна", &titles), [1]);
        assert_eq!(rank("київ", &titles), [2]);
        assert_eq!(rank("հայաստան", &titles), [3]);
        assert_eq!(rank("Ελληνική", &titles), [0], "a capital makes the query case-sensitive");
        let matcher = Matcher;
        assert_eq!(matcher.indices(&Query::parse("ελλ"), titles[0]), [0, 1, 2], "highlights on the title's own chars");
        assert_eq!(
            matcher.score(&Query::parse("київ"), &Query::parse("київ").match_text(titles[2])),
            matcher.reference_score(&Query::parse("київ"), titles[2])
        );
    }

    #[test]
    fn accents_fold_unless_the_query_has_one() {
        let titles = ["Café crème", "Tiếng Việt", "Cafe society", "Ελληνική", "Cafe\u{301} au lait"];
        assert_eq!(rank("cafe", &titles), [0, 2, 4]);
        assert_eq!(rank("viet", &titles), [1]);
        assert_eq!(rank("tieng", &titles), [1]);
        assert_eq!(rank("ελληνικη", &titles), [3]);
        assert_eq!(rank("café", &titles), [0], "an accented query matches accents exactly");
        assert_eq!(rank("cafe\u{301}", &titles), [0], "a decomposed query is the composed one");
        let matcher = Matcher;
        assert_eq!(matcher.indices(&Query::parse("cafe"), "Café crème"), [0, 1, 2, 3]);
        assert_eq!(matcher.indices(&Query::parse("viet"), "Tiếng Việt"), [6, 7, 8, 9], "on the chars shown");
        assert_eq!(matcher.indices(&Query::parse("ae"), "Cafe\u{301}"), [1, 3], "never on a dropped mark");
    }

    #[test]
    fn space_separated_terms_must_all_match() {
        assert_eq!(rank("sony hack", &["Sony hack", "Sony Pictures", "Hack news"]), [0]);
    }

    proptest::proptest! {
        #[test]
        fn queries_parse_into_terms_and_never_panic_on_any_title(text in "\\PC{0,20}", title in "\\PC{0,60}") {
            let query = Query::parse(&text);
            let nfc: String = unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect();
            proptest::prop_assert_eq!(&query.terms, &nfc.split_whitespace().map(str::to_owned).collect::<Vec<_>>());
            proptest::prop_assert_eq!(query.case_sensitive, text.chars().any(char::is_uppercase));
            let matcher = Matcher;
            let text = query.match_text(&title);
            let score = matcher.score(&query, &text);
            proptest::prop_assert_eq!(score, matcher.reference_score(&query, &title));
            if let Some(score) = score {
                proptest::prop_assert!(matcher.bound(&query, &text).unwrap() >= score);
            } else {
                proptest::prop_assert!(matcher.bound(&query, &text).is_none() || query.is_empty());
            }
        }
    }

    proptest::proptest! {
        // The catalog skips titles folding leaves alone for a query with an accent (their
        // match text is `None`): sound only if no such title could match.
        #[test]
        fn a_query_with_an_accent_matches_only_titles_folding_changes(
            text in "[aeiouAEIOUéÉèüÜİıœẞß\u{301}ήΗΉё ]{1,6}",
            title in "[aeiouAEIOUéÉèüÜİıœẞß\u{301}ήΗΉёЁ ]{0,30}",
        ) {
            let query = Query::parse(&text);
            if !query.folds() && matches!(fold::fold(&title), Cow::Borrowed(_)) {
                proptest::prop_assert_eq!(Matcher.reference_score(&query, &title), None);
            }
        }
    }

    #[test]
    fn the_prefilter_is_a_subsequence_test() {
        assert!(is_subsequence(b"Sony Pictures", b"spic", false));
        assert!(!is_subsequence(b"Sony Pictures", b"spic", true));
        assert!(is_subsequence("école £".as_bytes(), "é£".as_bytes(), false));
        assert!(!is_subsequence(b"abc", b"ca", false));
    }

    #[test]
    fn scores_and_highlights_never_depend_on_the_title_before() {
        let (matcher, query) = (Matcher, Query::parse("BBC"));
        let title = "BBC to pour £9m into new comedy";
        let fresh = (matcher.reference_score(&query, title), matcher.indices(&query, title));
        matcher.reference_score(&query, "BBC poll indicates economic gloom");
        matcher.indices(&query, "BBC poll indicates economic gloom");
        assert_eq!((matcher.reference_score(&query, title), matcher.indices(&query, title)), fresh);
        assert_eq!(
            fresh.0,
            matcher.score(&query, &query.match_text(title)),
            "folio's scorer agrees with a fresh matcher"
        );
    }

    #[test]
    fn indices_are_char_positions() {
        let matcher = Matcher;
        assert_eq!(matcher.indices(&Query::parse("ab"), "£ab"), [1, 2]);
        assert_eq!(matcher.indices(&Query::parse("b a"), "ab"), [0, 1]);
    }
}
