//! A plain query typed further: each title's bound from the last query's, reading only what the keys added.
//
// While a plain query grows at its end, the greedy match of its earlier chars keeps its places
// and each earlier char its best: a char's earliest place and whether a place follows its
// predecessor depend only on the chars before it. So the longer query's bound of a title is the
// earlier bound plus the bests of the chars added, searched for after where the earlier match
// ended, plus the bounds of whole terms added. That reads a title's tail, not all of it, and
// the wide pass's classes are not made again: typing at a million titles stays within a frame.

use super::Query;
use super::skim::TermScan;
use crate::store::catalog::{Arena, BYTE_BINS};

/// The fewest chars of an earlier query worth growing from. The wide pass reads a whole title
/// for each char at once; a growth reads a tail for each added char, then scores its places
/// one by one: at a million generated titles it lost from one or two chars (`so` 33-43 ms
/// grown, 27 whole; `son` 28-33 against 25-28) and won from three (`sony` 11-12.5 against
/// 13.6-13.9, the keys after it 10-35% less).
const WORTH_FROM_CHARS: usize = 3;

/// How a plain query grew from an earlier one it narrows.
#[derive(Debug, Clone)]
pub struct Growth {
    /// The earlier last term, grown (maybe by nothing), and how many chars it had.
    last: TermScan,
    grown_from: usize,
    /// How many chars the earlier query has.
    earlier_chars: usize,
    /// Terms after the earlier last.
    appended: Vec<TermScan>,
    /// The byte bins of the chars added: a title without one of them cannot match.
    bins: u64,
}

impl Growth {
    /// How `query` grew from `earlier`: `None` unless both are plain ASCII queries (each term
    /// short enough for a [`TermScan`]) and `query` is `earlier` with its last term longer
    /// (under the same case rule) or the same, and maybe terms after it.
    pub fn between(earlier: &Query, query: &Query) -> Option<Growth> {
        let (old, new) = (earlier.sets(), query.sets());
        if !earlier.is_plain() || !query.is_plain() || old.is_empty() || old.len() > new.len() {
            return None;
        }
        let last = old.len() - 1;
        if old[..last] != new[..last] {
            return None;
        }
        let (before, after) = (&old[last][0], &new[last][0]);
        if before.case_sensitive != after.case_sensitive || !after.text.starts_with(&before.text) {
            return None;
        }
        before.scan.as_ref()?;
        let appended: Vec<TermScan> = new[old.len()..].iter().map(|set| set[0].scan.clone()).collect::<Option<_>>()?;
        let added =
            after.text[before.text.len()..].bytes().chain(new[old.len()..].iter().flat_map(|set| set[0].text.bytes()));
        let bins = added.fold(0, |bins, byte| bins | BYTE_BINS[usize::from(byte)]);
        let earlier_chars = old.iter().map(|set| set[0].text.len()).sum();
        Some(Growth { last: after.scan.clone()?, grown_from: before.text.len(), earlier_chars, appended, bins })
    }

    /// Whether growing costs less than the whole pass ([`WORTH_FROM_CHARS`]).
    pub fn pays(&self) -> bool {
        self.earlier_chars >= WORTH_FROM_CHARS
    }

    /// Whether a growth from `query` could pay: what its matches' tails are worth keeping for.
    pub fn may_grow_from(query: &Query) -> bool {
        query.sets().iter().flatten().map(|term| term.text.len()).sum::<usize>() >= WORTH_FROM_CHARS
    }

    /// Calls `found(candidate, bound, end)` for each of `candidates` (positions in `titles`,
    /// whose byte bins `bins` holds) that the grown query matches, in order, given each one's
    /// bound for the earlier query and where its last term's greedy match ended (`bounds` and
    /// `ends`, beside `candidates`); `end` is the same for the grown query.
    pub fn bounds(
        &self,
        titles: &Arena,
        bins: &[u64],
        candidates: &[u32],
        bounds: &[i32],
        ends: &[u32],
        found: &mut impl FnMut(u32, i64, u32),
    ) {
        for ((&index, &bound), &end) in candidates.iter().zip(bounds).zip(ends) {
            if bins[index as usize] & self.bins != self.bins {
                continue;
            }
            if let Some((bound, end)) = self.bound(titles.get(index as usize).as_bytes(), bound.into(), end as usize) {
                found(index, bound, end as u32);
            }
        }
    }

    /// The grown query's bound of `title` and its last term's end, from the earlier ones.
    fn bound(&self, title: &[u8], bound: i64, end: usize) -> Option<(i64, usize)> {
        let (mut bound, mut end) = (bound, end);
        if self.grown_from < self.last.chars() {
            let (more, last) = self.last.scan_from(title, self.grown_from, end)?;
            (bound, end) = (bound + more, last);
        }
        for term in &self.appended {
            let (more, last) = term.scan(title)?;
            (bound, end) = (bound + more, last);
        }
        Some((bound, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::wide::WideQuery;
    use crate::store::catalog::byte_bins;
    use proptest::prelude::*;

    /// Every title's (bound, end) for `query` by the whole pass.
    fn whole(query: &str, titles: &Arena, bins: &[u64]) -> Vec<(u32, i64, u32)> {
        let wide = WideQuery::new(&Query::parse(query)).expect("a plain ASCII query");
        let candidates: Vec<u32> = (0..titles.len() as u32).collect();
        let mut found = Vec::new();
        wide.bounds(titles, bins, &candidates, &mut |i, bound, end| found.push((i, bound, end)));
        found
    }

    /// The same, grown from `earlier`'s whole pass.
    fn grown(earlier: &str, query: &str, titles: &Arena, bins: &[u64]) -> Vec<(u32, i64, u32)> {
        let growth = Growth::between(&Query::parse(earlier), &Query::parse(query)).expect("a growth");
        let before = whole(earlier, titles, bins);
        let candidates: Vec<u32> = before.iter().map(|&(i, _, _)| i).collect();
        let bounds: Vec<i32> = before.iter().map(|&(_, bound, _)| bound as i32).collect();
        let ends: Vec<u32> = before.iter().map(|&(_, _, end)| end).collect();
        let mut found = Vec::new();
        growth.bounds(titles, bins, &candidates, &bounds, &ends, &mut |i, bound, end| found.push((i, bound, end)));
        found
    }

    fn arena(titles: &[String]) -> (Arena, Vec<u64>) {
        let mut arena = Arena::default();
        titles.iter().for_each(|t| arena.push(&crate::fold::fold(t)));
        let bins = (0..arena.len()).map(|i| byte_bins(arena.get(i).as_bytes())).collect();
        (arena, bins)
    }

    #[test]
    fn only_a_plain_query_grown_at_its_end_grows() {
        let growth =
            |earlier: &str, query: &str| Growth::between(&Query::parse(earlier), &Query::parse(query)).is_some();
        for (earlier, query) in [("son", "sony"), ("son", "son"), ("sony", "sony pic"), ("a b", "a bc d")] {
            assert!(growth(earlier, query), "{earlier:?} to {query:?}");
        }
        for (earlier, query) in [
            ("sony", "son"),
            ("son", "Sony"),
            ("son", "sonY"),
            ("ab c", "abx c"),
            ("son", "'sony"),
            ("son", "sony !pic"),
            ("", "s"),
            ("caf", "café"),
        ] {
            assert!(!growth(earlier, query), "{earlier:?} to {query:?}");
        }
    }

    #[test]
    fn typing_a_query_key_by_key_bounds_as_the_whole_pass() {
        let (titles, bins) = arena(&crate::generate::titles(83, 3_000));
        for typed in ["sonypictures", "blair wins", "Sony", "e-mail 2005"] {
            for end in 2..=typed.len() {
                let (earlier, query) = (&typed[..end - 1], &typed[..end]);
                let Some(_) = Growth::between(&Query::parse(earlier), &Query::parse(query)) else { continue };
                assert_eq!(grown(earlier, query, &titles, &bins), whole(query, &titles, &bins), "{query:?}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]
        #[test]
        fn a_grown_bound_is_the_whole_passs(
            // Chars of every class, dense in the query's letters; up to 210 bytes: the wide
            // pass's vectors and its scalar pass for long titles.
            title in "[aAbB09 .\\-_(/~éÉ日\\x00]{0,70}",
            earlier in "[aAbB.\\-_(0-9]{1,4}",
            more in "[aAbB.\\-_(0-9]{0,3}( [aAbB09]{1,3})?",
        ) {
            // Capitals added to a term without any make it case-sensitive: no growth.
            let more = match earlier.bytes().any(|b| b.is_ascii_uppercase()) {
                true => more,
                false => match more.split_once(' ') {
                    Some((grown, term)) => format!("{} {term}", grown.to_lowercase()),
                    None => more.to_lowercase(),
                },
            };
            let query = format!("{earlier}{more}");
            prop_assume!(Growth::between(&Query::parse(&earlier), &Query::parse(&query)).is_some());
            let (titles, bins) = arena(&[title]);
            prop_assert_eq!(grown(&earlier, &query, &titles, &bins), whole(&query, &titles, &bins));
        }
    }
}
