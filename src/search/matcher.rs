//! One article against a whole query: the match test, SkimMatcherV2's score, a bound, highlights.

use super::syntax::{Kind, Term, TermSet, lower};
use super::{Query, skim};
use crate::fold;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::borrow::Cow;
use std::cell::OnceCell;

/// An article as a query looks at it: its title folded, the title as written (made only when
/// a term with an accent needs it), its id, and their lower-cased forms, each made once.
pub struct Subject<'a> {
    folded: &'a str,
    written: &'a dyn Fn() -> Cow<'a, str>,
    id: &'a str,
    written_cell: OnceCell<Cow<'a, str>>,
    /// The id as a path from the store's root, `/` first: what a term starting with `/` sees,
    /// so `/gpl-2` finds `gpl-2` at the top of a flat store as well as `licenses/gpl-2`.
    rooted_id: OnceCell<String>,
    lower: [OnceCell<String>; 4],
}

impl<'a> Subject<'a> {
    /// An article whose folded title is `folded` and whose title as written `written` gives.
    pub fn new(folded: &'a str, written: &'a dyn Fn() -> Cow<'a, str>, id: &'a str) -> Self {
        Subject {
            folded,
            written,
            id,
            written_cell: OnceCell::new(),
            rooted_id: OnceCell::new(),
            lower: Default::default(),
        }
    }

    /// The text `term` looks at: the id, the title folded or as written, lower-cased for a
    /// term without capitals that has letters beyond ASCII (ASCII case is folded by the
    /// comparisons themselves, as SkimMatcherV2 folds it).
    fn text(&self, term: &Term) -> &str {
        let (raw, slot) = match (term.on_id, term.folds) {
            (true, _) if term.text.starts_with('/') => (&**self.rooted_id.get_or_init(|| format!("/{}", self.id)), 3),
            (true, _) => (self.id, 0),
            (false, true) => (self.folded, 1),
            (false, false) => (&**self.written_cell.get_or_init(self.written), 2),
        };
        match term.case_sensitive || term.text.is_ascii() || raw.is_ascii() {
            true => raw,
            false => self.lower[slot].get_or_init(|| lower(raw)),
        }
    }
}

/// The matcher layers, bottom up: [`skim`] computes SkimMatcherV2's score of one term; a
/// `Matcher` scores, bounds and highlights one article for a whole query; a [`super::Searcher`]
/// ranks a catalog with memory of earlier queries; the [`super::Engine`] runs one on its thread.
#[derive(Debug, Default, Clone, Copy)]
pub struct Matcher;

/// A fresh SkimMatcherV2 for one call: fuzzy-matcher 0.3.7 leaves a bonus in the score matrix
/// it reuses, so a matcher that scored one title can score the next differently (`BBC` in
/// "BBC to pour £9m into new comedy": 71 fresh, 83 after "BBC poll indicates economic gloom").
fn fresh_skim(case_sensitive: bool) -> SkimMatcherV2 {
    let skim = SkimMatcherV2::default();
    if case_sensitive { skim.respect_case() } else { skim.ignore_case() }
}

impl Matcher {
    /// The score, higher is better; `None` when the article does not match. Each set counts the
    /// SkimMatcherV2 score of its first matching term; inverse and id terms count nothing.
    pub fn score(&self, query: &Query, subject: &Subject) -> Option<i64> {
        thread_local! {
            static SCRATCH: std::cell::RefCell<skim::Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with_borrow_mut(|scratch| {
            query.sets().iter().try_fold(0i64, |sum, set| {
                let term = deciding(set, subject)?;
                if term.inverse || term.on_id {
                    return Some(sum);
                }
                let text = subject.text(term);
                Some(sum + skim::score(scratch, text, &term.text, term.case_sensitive)?)
            })
        })
    }

    /// A cheap upper bound of [`Matcher::score`] if the article matches, else `None`.
    pub fn bound(&self, query: &Query, subject: &Subject) -> Option<i64> {
        if query.is_plain() {
            // Every set one fuzzy title term: memchr rejects most titles of a selective query
            // faster than the byte tables can, and the tables bound what is left in one pass.
            let title = subject.folded.as_bytes();
            let terms = query.sets().iter().map(|set| &set[0]);
            if !terms.clone().all(|t| t.scan.is_none() || is_subsequence(title, t.text.as_bytes(), !t.case_sensitive)) {
                return None;
            }
            return terms.clone().try_fold(0, |sum, term| {
                Some(
                    sum + match &term.scan {
                        Some(scan) => scan.bound(title)?,
                        None => found(term, subject.text(term)).then(|| term_bound(term, subject))?,
                    },
                )
            });
        }
        query.sets().iter().try_fold(0, |sum, set| {
            let term = deciding(set, subject)?;
            Some(sum + if term.inverse || term.on_id { 0 } else { term_bound(term, subject) })
        })
    }

    /// Char indices of the shown title's matched characters, ascending, for highlighting.
    pub fn indices(&self, query: &Query, title: &str, id: &str) -> Vec<usize> {
        let (folded, origins) = fold::fold_with_origins(title);
        let written = || Cow::Borrowed(title);
        let subject = Subject::new(&folded, &written, id);
        let mut indices = Vec::new();
        for term in query.sets().iter().filter_map(|set| deciding(set, &subject)) {
            if term.inverse || term.on_id {
                continue;
            }
            let text = subject.text(term);
            let first = indices.len();
            match term.kind {
                Kind::Fuzzy => {
                    let found = fresh_skim(term.case_sensitive).fuzzy_indices(text, &term.text);
                    indices.extend(found.into_iter().flat_map(|(_, at)| at));
                }
                _ => {
                    let (start, end) = span(term, text).expect("the deciding term is found");
                    let from = text[..start].chars().count();
                    indices.extend(from..from + text[start..end].chars().count());
                }
            }
            // Found in the folded title: back onto the chars shown.
            if term.folds {
                for i in &mut indices[first..] {
                    *i = origins.get(*i).copied().unwrap_or(usize::MAX);
                }
            }
        }
        indices.retain(|&i| i != usize::MAX);
        indices.sort_unstable();
        indices.dedup();
        indices
    }

    /// The score as fzf's rules and fuzzy-matcher's own SkimMatcherV2 give it, the title folded
    /// here: the reference in tests, written apart from the fast paths above.
    #[cfg(any(test, feature = "testing"))]
    pub fn reference_score(&self, query: &Query, title: &str, id: &str) -> Option<i64> {
        let folded = fold::fold(title);
        let rooted = format!("/{id}");
        query.sets().iter().try_fold(0i64, |sum, set| {
            let hay = |term: &Term| {
                let raw = match (term.on_id, term.folds) {
                    (true, _) if term.text.starts_with('/') => &rooted,
                    (true, _) => id,
                    (false, true) => &folded,
                    (false, false) => title,
                };
                if term.case_sensitive || term.text.is_ascii() { raw.to_owned() } else { lower(raw) }
            };
            let term = set.iter().find(|term| reference_found(term, &hay(term)) != term.inverse)?;
            match term.inverse || term.on_id {
                true => Some(sum),
                false => Some(sum + fresh_skim(term.case_sensitive).fuzzy_match(&hay(term), &term.text)?),
            }
        })
    }

    /// Indices of the matching articles (titles with their ids), best score first, ties in store
    /// order, every one scored by [`Matcher::reference_score`].
    #[cfg(any(test, feature = "testing"))]
    pub fn reference_rank<'a>(
        &self,
        query: &Query,
        articles: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Vec<u32> {
        let articles = articles.into_iter().enumerate().map(|(i, a)| (i as u32, a));
        if query.is_empty() {
            return articles.map(|(i, _)| i).collect();
        }
        let mut hits: Vec<(i64, u32)> = articles
            .filter_map(|(i, (title, id))| self.reference_score(query, title, id).map(|score| (score, i)))
            .collect();
        hits.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

/// The term that decides `set`: the first that matches, an inverse one by being absent.
fn deciding<'t>(set: &'t TermSet, subject: &Subject) -> Option<&'t Term> {
    set.iter().find(|term| found(term, subject.text(term)) != term.inverse)
}

fn term_bound(term: &Term, subject: &Subject) -> i64 {
    skim::upper_bound(subject.text(term), &term.text, term.case_sensitive)
}

/// Whether `term` occurs in `text` (as [`Subject::text`] gives it), its inverse aside.
fn found(term: &Term, text: &str) -> bool {
    match term.kind {
        Kind::Fuzzy => {
            is_subsequence(text.as_bytes(), term.text.as_bytes(), !term.case_sensitive)
                // A byte subsequence is a char subsequence when the term is ASCII; else check chars.
                && (term.text.is_ascii() || skim::matches(text, &term.text, term.case_sensitive))
        }
        _ => span(term, text).is_some(),
    }
}

/// Where an exact, prefix, suffix or whole-text term occurs in `text`, in bytes. As in fzf, a
/// prefix skips leading and a suffix trailing whitespace, unless the term itself has some there.
fn span(term: &Term, text: &str) -> Option<(usize, usize)> {
    let (hay, pattern) = (text.as_bytes(), term.text.as_bytes());
    let same = |a: &[u8]| if term.case_sensitive { a == pattern } else { a.eq_ignore_ascii_case(pattern) };
    let start = match term.text.starts_with(char::is_whitespace) {
        true => 0,
        false => text.len() - text.trim_start().len(),
    };
    let end = match term.text.ends_with(char::is_whitespace) {
        true => text.len(),
        false => text.trim_end().len().max(start),
    };
    let at = match term.kind {
        Kind::Fuzzy => return None,
        Kind::Exact => (0..=hay.len().checked_sub(pattern.len())?).find(|&at| same(&hay[at..at + pattern.len()]))?,
        Kind::Prefix => Some(start).filter(|&s| hay.len() >= s + pattern.len() && same(&hay[s..s + pattern.len()]))?,
        Kind::Suffix => end.checked_sub(pattern.len()).filter(|&s| same(&hay[s..end]))?,
        Kind::Equal => Some(start).filter(|&s| end - s == pattern.len() && same(&hay[s..end]))?,
    };
    Some((at, at + pattern.len()))
}

/// The reference's match test: the same rules with std's string methods.
#[cfg(any(test, feature = "testing"))]
fn reference_found(term: &Term, hay: &str) -> bool {
    let (hay, text) = match term.case_sensitive {
        true => (hay.to_owned(), term.text.clone()),
        false => (hay.to_ascii_lowercase(), term.text.to_ascii_lowercase()),
    };
    let lead = if text.starts_with(char::is_whitespace) { hay.as_str() } else { hay.trim_start() };
    let both = if text.ends_with(char::is_whitespace) { lead } else { lead.trim_end() };
    match term.kind {
        Kind::Fuzzy => fresh_skim(true).fuzzy_match(&hay, &text).is_some(),
        Kind::Exact => hay.contains(&text),
        Kind::Prefix => lead.starts_with(&text),
        Kind::Suffix => (if text.ends_with(char::is_whitespace) { &hay } else { hay.trim_end() }).ends_with(&text),
        Kind::Equal => both == text,
    }
}

/// Whether `needle`'s bytes occur in order in `hay`, ASCII letters matching either case when
/// `fold_case`. SkimMatcherV2 compares chars the same way (`eq_ignore_ascii_case`), and a
/// char subsequence is a byte subsequence, so this never rejects a title it would match.
pub(super) fn is_subsequence(hay: &[u8], needle: &[u8], fold_case: bool) -> bool {
    let mut rest = hay;
    for &b in needle {
        let found = if fold_case && b.is_ascii_alphabetic() {
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

    fn rank(query: &str, articles: &[(&str, &str)]) -> Vec<u32> {
        Matcher.reference_rank(&Query::parse(query), articles.iter().copied())
    }

    #[test]
    fn the_prefilter_is_a_subsequence_test() {
        assert!(is_subsequence(b"Sony Pictures", b"spic", true));
        assert!(!is_subsequence(b"Sony Pictures", b"spic", false));
        assert!(is_subsequence("école £".as_bytes(), "é£".as_bytes(), true));
        assert!(!is_subsequence(b"abc", b"ca", true));
    }

    #[test]
    fn operators_and_id_terms() {
        let articles = [("Oil prices rise", "business/1"), ("Gas and oil", "business/2"), ("Cup draw", "sport/3")];
        let vietnamese = [("Tiếng Việt", "vi/1"), ("Tieng Viet", "vi/2")];
        assert_eq!(rank("tiếng viet", &vietnamese), [0], "each term folds on its own, as in fzf");
        assert_eq!(rank("Tieng viet", &vietnamese), [0, 1], "and has its own case");
        assert_eq!(rank("^oil", &articles), [0]);
        assert_eq!(rank("oil$", &articles), [1]);
        assert_eq!(rank("!oil", &articles), [2]);
        assert_eq!(rank("'gas | cup", &articles), [1, 2]);
        assert_eq!(rank("sport/ cup", &articles), [2]);
        assert_eq!(rank("business/ !^gas", &articles), [0]);
        assert_eq!(rank("^cup draw$", &articles), [2]);
        assert_eq!(rank("^Cup draw$", &articles), [2], "smart case per term");
        assert_eq!(rank("'Oil", &articles), [0]);
        // A term starting with `/` reads the id as a path from the root: top-level ids too.
        let licences = [("GNU GPL", "gpl-2"), ("Other", "licenses/gpl-2"), ("Old", "old-gpl-2")];
        assert!(rank("/gpl-2", &licences).starts_with(&[0, 1]), "fuzzy, as every term");
        assert_eq!(rank("'/gpl-2", &licences), [0, 1], "exactly: not old-gpl-2");
        assert_eq!(rank("^/gpl", &licences), [0]);
    }

    #[test]
    fn every_matched_term_is_highlighted() {
        let query = Query::parse("^oil 'rise !gas");
        assert_eq!(Matcher.indices(&query, "Oil prices rise", "x"), [0, 1, 2, 11, 12, 13, 14]);
        let either = Query::parse("nope | pri");
        assert_eq!(Matcher.indices(&either, "Oil prices rise", "x"), [4, 5, 6]);
    }
}
