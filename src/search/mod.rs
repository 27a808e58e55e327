//! Title matching: fzf's extended query syntax, ranked by SkimMatcherV2 scores.

mod alphabetical;
mod engine;
mod growth;
mod matcher;
pub mod occurrences;
mod settle;
pub mod shape;
pub mod skim;
pub mod syntax;
mod wide;

pub use engine::{Engine, MatchRequest, Ranked, Searcher};
pub use matcher::{Matcher, Subject};
pub use settle::{Hit, Ranking};

use syntax::{Kind, TermSet};

/// The query line read once, each time it changes: its title terms, its mark and tag filters,
/// and the words a text search looks for. Everything that asks what the query says asks this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryParts {
    pub terms: Query,
    pub filters: Vec<Vec<shape::Filter>>,
    /// The text search's words and phrases (those not excluded).
    pub words: Vec<String>,
}

impl QueryParts {
    pub fn parse(text: &str) -> Self {
        QueryParts { terms: Query::parse(text), filters: shape::filters(text), words: occurrences::text_terms(text) }
    }
}

/// A parsed query: sets of terms that must all match, one term of each ([`syntax`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    sets: Vec<TermSet>,
    /// Every set is one plain fuzzy title term (see [`Query::is_plain`]).
    plain: bool,
    /// Some term looks at ids: only then are they read.
    on_ids: bool,
}

impl Query {
    pub fn parse(text: &str) -> Self {
        // Titles are NFC since loading; a query typed or pasted decomposed must meet them so.
        let sets = syntax::parse(&crate::store::sanitize::nfc(text));
        let plain = sets.iter().all(|set| matches!(set.as_slice(), [term] if term.is_plain()));
        let on_ids = sets.iter().flatten().any(|term| term.on_id);
        Query { sets, plain, on_ids }
    }

    /// The sets of terms, every one of which must match.
    pub fn sets(&self) -> &[TermSet] {
        &self.sets
    }

    /// An empty query matches everything, in store order.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty()
    }

    /// Whether every set is one plain fuzzy title term: the engine's fastest paths.
    pub fn is_plain(&self) -> bool {
        self.plain
    }

    /// Whether some term looks at the article's id.
    pub fn reads_ids(&self) -> bool {
        self.on_ids
    }

    /// Whether the bound of a title is its exact score: one plain term of one char.
    pub fn bound_is_exact(&self) -> bool {
        matches!(self.sets.as_slice(), [set] if self.is_plain() && set[0].text.chars().count() == 1)
    }

    /// Whether only titles with accents can match: some set is one term that must find an
    /// accented letter (a query that does not fold has one), which only such titles hold.
    pub fn needs_accents(&self) -> bool {
        self.sets.iter().any(|set| matches!(set.as_slice(), [term] if !term.inverse && !term.on_id && !term.folds))
    }

    /// Whether every article matching `self` also matches `earlier`, so that `earlier`'s matches
    /// are the only candidates: `self` has `earlier`'s sets, each the same or a plain term
    /// grown at its end (as typing grows it), and maybe more sets.
    pub fn narrows(&self, earlier: &Query) -> bool {
        earlier.sets.len() <= self.sets.len()
            && earlier.sets.iter().zip(&self.sets).all(|(old, new)| {
                old == new
                    || match (old.as_slice(), new.as_slice()) {
                        ([old], [new]) => {
                            !old.inverse
                                && !new.inverse
                                && old.kind == new.kind
                                && matches!(old.kind, Kind::Fuzzy | Kind::Exact | Kind::Prefix)
                                && old.on_id == new.on_id
                                && old.folds == new.folds
                                && (!old.case_sensitive || new.case_sensitive)
                                && match old.case_sensitive {
                                    true => new.text.starts_with(&old.text),
                                    false => syntax::lower(&new.text).starts_with(&old.text),
                                }
                        }
                        _ => false,
                    }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_line_is_read_once_into_terms_filters_and_words() {
        let parts = QueryParts::parse(":unread oil \"big deal\" !gas :tag:rust");
        assert_eq!(parts.filters.len(), 2, "{:?}", parts.filters);
        assert_eq!(parts.terms, Query::parse("oil \"big deal\" !gas"), "filters are no title terms");
        assert_eq!(parts.words, ["oil", "big deal"], "an excluded word is not looked for");
        let filters = shape::filters(":starred");
        assert_eq!(QueryParts::parse(":starred"), QueryParts { terms: Query::parse(""), filters, words: vec![] });
    }
    use crate::fold;
    use std::borrow::Cow;

    fn rank(query: &str, titles: &[&str]) -> Vec<u32> {
        Matcher.reference_rank(&Query::parse(query), titles.iter().map(|t| (*t, "")))
    }

    fn score(query: &Query, title: &str) -> Option<i64> {
        let (folded, written) = (fold::fold(title), || Cow::Borrowed(title));
        Matcher.score(query, &Subject::new(&folded, &written, ""))
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
        assert_eq!(
            matcher.indices(&Query::parse("ελλ"), titles[0], ""),
            [0, 1, 2],
            "highlights on the title's own chars"
        );
        assert_eq!(
            score(&Query::parse("київ"), titles[2]),
            matcher.reference_score(&Query::parse("київ"), titles[2], "")
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
        assert_eq!(matcher.indices(&Query::parse("cafe"), "Café crème", ""), [0, 1, 2, 3]);
        assert_eq!(matcher.indices(&Query::parse("viet"), "Tiếng Việt", ""), [6, 7, 8, 9], "on the chars shown");
        assert_eq!(matcher.indices(&Query::parse("ae"), "Cafe\u{301}", ""), [1, 3], "never on a dropped mark");
    }

    #[test]
    fn space_separated_terms_must_all_match() {
        assert_eq!(rank("sony hack", &["Sony hack", "Sony Pictures", "Hack news"]), [0]);
    }

    proptest::proptest! {
        #[test]
        fn scores_equal_the_reference_and_bounds_hold(
            text in "([ab'^!$|/ ]|\\PC){0,20}",
            title in "([ab .]|\\PC){0,60}",
            id in "[ab/]{0,6}",
        ) {
            let query = Query::parse(&text);
            let matcher = Matcher;
            let folded = fold::fold(&title);
            let written = || Cow::Borrowed(title.as_str());
            let subject = Subject::new(&folded, &written, &id);
            let score = matcher.score(&query, &subject);
            proptest::prop_assert_eq!(score, matcher.reference_score(&query, &title, &id));
            if let Some(score) = score {
                proptest::prop_assert!(matcher.bound(&query, &subject).unwrap() >= score);
            } else {
                proptest::prop_assert!(matcher.bound(&query, &subject).is_none() || query.is_empty());
            }
            let _ = matcher.indices(&query, &title, &id);
        }
    }

    proptest::proptest! {
        // The engine skips titles folding leaves alone for a query that needs accents: sound
        // only if no such title could match.
        #[test]
        fn a_query_with_an_accent_matches_only_titles_folding_changes(
            text in "[aeiouAEIOUéÉèüÜİıœẞß\u{301}ήΗΉё ]{1,6}",
            title in "[aeiouAEIOUéÉèüÜİıœẞß\u{301}ήΗΉёЁ ]{0,30}",
        ) {
            let query = Query::parse(&text);
            if query.needs_accents() && matches!(fold::fold(&title), Cow::Borrowed(_)) {
                proptest::prop_assert_eq!(Matcher.reference_score(&query, &title, ""), None);
            }
        }
    }

    #[test]
    fn scores_and_highlights_never_depend_on_the_title_before() {
        let (matcher, query) = (Matcher, Query::parse("BBC"));
        let title = "BBC to pour £9m into new comedy";
        let fresh = (matcher.reference_score(&query, title, ""), matcher.indices(&query, title, ""));
        matcher.reference_score(&query, "BBC poll indicates economic gloom", "");
        matcher.indices(&query, "BBC poll indicates economic gloom", "");
        assert_eq!((matcher.reference_score(&query, title, ""), matcher.indices(&query, title, "")), fresh);
        assert_eq!(fresh.0, score(&query, title), "folio's scorer agrees with a fresh matcher");
    }

    #[test]
    fn indices_are_char_positions() {
        let matcher = Matcher;
        assert_eq!(matcher.indices(&Query::parse("ab"), "£ab", ""), [1, 2]);
        assert_eq!(matcher.indices(&Query::parse("b a"), "ab", ""), [0, 1]);
    }
}
