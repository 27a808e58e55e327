//! Rankings, the list's rows for a query, and settling them: exact scores for only the hits whose bounds could reach the rows wanted.

use super::{Matcher, Query, Subject};
use crate::store::Catalog;
use rayon::prelude::*;
use std::cmp::Ordering as Order;

/// Rows sorted at once: more than a screen, so scrolling rarely sorts again.
pub(super) const SORT_AHEAD: usize = 256;

/// A matching article and its score: exact, or until needed an upper bound of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub score: i32,
    pub index: u32,
    pub exact: bool,
}

pub(super) fn clamp(score: i64) -> i32 {
    score.clamp(i32::MIN.into(), i32::MAX.into()) as i32
}

/// The list's rows for one query: all articles in store order for an empty query, else the hits
/// with only a prefix in final order. Rows are settled on demand: a full sort of a million hits,
/// or exact scores for all of them, would be wasted on the 40 rows a screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    pub query: String,
    /// `query` parsed, for scoring and highlighting.
    parsed: Query,
    pub epoch: u64,
    /// How many catalog entries this ranking has seen.
    pub covered: usize,
    hits: Option<Vec<Hit>>,
    sorted: usize,
}

impl Ranking {
    /// Everything, in store order.
    pub fn all(query: &str, epoch: u64, len: usize) -> Self {
        Ranking { query: query.to_owned(), parsed: Query::parse(query), epoch, covered: len, hits: None, sorted: len }
    }

    /// `hits` of `query` (parsed), none settled yet.
    pub(super) fn unsorted(query: &str, parsed: Query, epoch: u64, covered: usize, hits: Vec<Hit>) -> Self {
        Ranking { query: query.to_owned(), parsed, epoch, covered, hits: Some(hits), sorted: 0 }
    }

    /// `articles` in this order, as another search (the text index) ranked them.
    pub fn fixed(query: &str, epoch: u64, covered: usize, articles: impl IntoIterator<Item = u32>) -> Self {
        let hits: Vec<Hit> = articles
            .into_iter()
            .enumerate()
            .map(|(row, index)| Hit { score: -(row as i32), index, exact: true })
            .collect();
        let sorted = hits.len();
        Ranking { query: query.to_owned(), parsed: Query::default(), epoch, covered, hits: Some(hits), sorted }
    }

    /// This ranking's settled `rows` (positions in a replacing catalog of `len` articles and
    /// epoch `epoch`), until the new catalog's own ranking comes; everything, for a ranking
    /// of everything. It has seen none of the new catalog: an article to select again waits
    /// for the next.
    pub fn carried_over(&self, epoch: u64, len: usize, rows: impl IntoIterator<Item = u32>) -> Ranking {
        match self.hits {
            None => Ranking::all(&self.query, epoch, len),
            Some(_) => Ranking { parsed: self.parsed.clone(), ..Ranking::fixed(&self.query, epoch, 0, rows) },
        }
    }

    /// Whether this is every article in store order (an empty query).
    pub fn is_everything(&self) -> bool {
        self.hits.is_none()
    }

    /// The query, parsed.
    pub fn parsed(&self) -> &Query {
        &self.parsed
    }

    pub fn len(&self) -> usize {
        self.hits.as_ref().map_or(self.covered, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Rows in their final order so far.
    pub fn sorted(&self) -> usize {
        self.sorted
    }

    /// The article on `row`; rows past those sorted come in no particular order.
    pub fn get(&self, row: usize) -> Option<u32> {
        match &self.hits {
            None => (row < self.covered).then_some(row as u32),
            Some(hits) => hits.get(row).map(|h| h.index),
        }
    }

    /// Whether `article` is among the rows, settled or not.
    pub fn holds(&self, article: u32) -> bool {
        match &self.hits {
            None => (article as usize) < self.covered,
            Some(hits) => hits.iter().any(|h| h.index == article),
        }
    }

    /// The row of `article`, looked for among the sorted rows.
    pub fn row_of(&self, article: u32) -> Option<usize> {
        match &self.hits {
            None => ((article as usize) < self.covered).then_some(article as usize),
            Some(hits) => hits[..self.sorted].iter().position(|h| h.index == article),
        }
    }

    /// Settles the first `rows` rows (and some more): exact scores by `matcher` over the
    /// titles of `catalog`, final order. The one way rows get their order, wherever shown.
    pub fn settle(&mut self, rows: usize, catalog: &Catalog, matcher: &Matcher) {
        let Ranking { parsed, hits, sorted, .. } = self;
        let exact = |i: u32| match (i as usize) < catalog.len() {
            true => {
                let i = i as usize;
                let written = || catalog.title(i);
                let subject = Subject::new(catalog.folded_titles().get(i), &written, catalog.id(i));
                matcher.score(parsed, &subject).unwrap_or(i64::MIN)
            }
            false => i64::MIN,
        };
        if let Some(hits) = hits {
            *sorted = sort_rows(hits, *sorted, rows, SORT_AHEAD, &exact);
        }
    }
}

/// Best score first, ties in store order: the one order every ranking follows.
fn rank_order(a: &Hit, b: &Hit) -> Order {
    b.score.cmp(&a.score).then(a.index.cmp(&b.index))
}

/// Exact scores by article index.
pub type ExactScore<'a> = &'a (dyn Fn(u32) -> i64 + Sync);

/// Puts the `count` best of `hits` (by the score they hold) first, in no order.
fn select_best(hits: &mut [Hit], count: usize) {
    if count > 0 && count < hits.len() {
        hits.select_nth_unstable_by(count - 1, rank_order);
    }
}

fn make_exact(hits: &mut [Hit], exact: ExactScore) {
    let score = |hit: &mut Hit| {
        if !hit.exact {
            *hit = Hit { score: clamp(exact(hit.index)), exact: true, ..*hit };
        }
    };
    if hits.len() > 512 {
        hits.par_iter_mut().for_each(score);
    } else {
        hits.iter_mut().for_each(score);
    }
}

/// Puts `hits[sorted..]`'s best in order until at least `rows` rows (and `ahead` more) are
/// settled; returns how many are.
///
/// Hits hold upper bounds until scored. The hits whose bound reaches the `need`-th best bound
/// are put in bound order (ties in store order) and scored from the best down, in batches that
/// double, until the next bound cannot beat the `need`-th best score so far (the bar): a broad
/// query whose best bound thousands of titles share scores only as many of them as it takes.
/// Then every other hit whose bound could still beat the bar is scored too.
pub fn sort_rows(hits: &mut [Hit], sorted: usize, rows: usize, ahead: usize, exact: ExactScore) -> usize {
    if rows <= sorted || sorted == hits.len() {
        return sorted;
    }
    let want = rows.max(sorted + ahead).min(hits.len());
    let need = want - sorted;
    let rest = &mut hits[sorted..];
    let front = best_bounds_first(rest, need);
    let cutoff = rest[front - 1].score;
    let mut scored = need;
    make_exact(&mut rest[..scored], exact);
    let bar = loop {
        select_best(&mut rest[..scored], need);
        let bar = rest[..need].iter().copied().max_by(rank_order).expect("need is at least one");
        let beating = scored + rest[scored..front].partition_point(|h| rank_order(h, &bar) == Order::Less);
        if beating == scored {
            break bar;
        }
        let next = beating.min(2 * scored);
        make_exact(&mut rest[scored..next], exact);
        scored = next;
    };
    // Past the front every bound is below the front's lowest: only a bar below that leaves
    // hits out there that could still beat it.
    let contenders = match bar.score >= cutoff {
        true => scored,
        false => scored + partition(&mut rest[scored..], |h| rank_order(h, &bar) == Order::Less),
    };
    make_exact(&mut rest[scored..contenders], exact);
    select_best(&mut rest[..contenders], need);
    rest[..need].sort_unstable_by(rank_order);
    want
}

/// Moves the hits whose bound reaches the `need`-th best bound to the front, in bound order
/// (ties in store order); returns how many there are. Bounds are small numbers, so a
/// histogram finds that bound and a counting sort orders the front, both in linear time.
fn best_bounds_first(hits: &mut [Hit], need: usize) -> usize {
    let (low, high) = hits.iter().fold((i32::MAX, i32::MIN), |(low, high), h| (low.min(h.score), high.max(h.score)));
    let span = (high as i64 - low as i64 + 1) as usize;
    if span > 1 << 16 {
        // Not bounds of a fuzzy score: no histogram, a selection and a sort.
        let cutoff = {
            let mut scores: Vec<i32> = hits.iter().map(|h| h.score).collect();
            *scores.select_nth_unstable_by(need - 1, |a, b| b.cmp(a)).1
        };
        let front = partition(hits, |h| h.score >= cutoff);
        hits[..front].sort_unstable_by(rank_order);
        return front;
    }
    // counts[k]: hits whose bound is `high - k`.
    let mut counts = vec![0usize; span];
    hits.iter().for_each(|h| counts[(high - h.score) as usize] += 1);
    let (mut buckets, mut front) = (0, 0);
    while front < need {
        front += counts[buckets];
        buckets += 1;
    }
    let cutoff = high - (buckets as i32 - 1);
    let kept = partition(hits, |h| h.score >= cutoff);
    debug_assert_eq!(kept, front);
    let mut starts: Vec<usize> = counts[..buckets]
        .iter()
        .scan(0, |start, &count| {
            let here = *start;
            *start += count;
            Some(here)
        })
        .collect();
    let mut ordered = vec![Hit { score: 0, index: 0, exact: false }; front];
    for hit in &hits[..front] {
        let bucket = &mut starts[(high - hit.score) as usize];
        ordered[*bucket] = *hit;
        *bucket += 1;
    }
    // Each bucket keeps the order the hits came in: store order on a first settle, but not
    // after one, so each is sorted by index (in linear time when it already is).
    let mut start = 0;
    for &count in &counts[..buckets] {
        ordered[start..start + count].sort_unstable_by_key(|h| h.index);
        start += count;
    }
    hits[..front].copy_from_slice(&ordered);
    front
}

/// Moves the hits for which `keep` holds to the front; returns how many there are.
fn partition(hits: &mut [Hit], keep: impl Fn(&Hit) -> bool) -> usize {
    let mut kept = 0;
    for i in 0..hits.len() {
        if keep(&hits[i]) {
            hits.swap(i, kept);
            kept += 1;
        }
    }
    kept
}
