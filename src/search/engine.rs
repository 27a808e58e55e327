//! The matching engine: SkimMatcherV2 over the catalog in parallel chunks, abandoned when a
//! newer query arrives, reusing earlier results, and sorting only the rows that are shown.

use super::{Matcher, Query};
use crate::store::{Catalog, SharedCatalog};
use rayon::prelude::*;
use std::cmp::Ordering as Order;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, RwLock};

/// Titles scored per task: big enough to amortize the lock and the cancel check, small enough
/// that a newer keystroke is noticed within a millisecond or two.
const CHUNK: usize = 16 * 1024;
/// Rows sorted at once: more than a screen, so scrolling rarely sorts again.
const SORT_AHEAD: usize = 256;
/// Earlier results kept for Backspace, bounded so broad queries on huge stores cannot hoard.
const MAX_KEPT_HITS: usize = 4_000_000;

/// A matching article and its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub score: i32,
    pub index: u32,
}

/// Best score first, ties in store order: the one order every ranking follows.
fn rank_order(a: &Hit, b: &Hit) -> Order {
    b.score.cmp(&a.score).then(a.index.cmp(&b.index))
}

/// The list's rows for one query: all articles in store order for an empty query, else the hits
/// with only a prefix sorted (a full sort of a million hits would be wasted on 40 visible rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    pub query: String,
    pub epoch: u64,
    /// How many catalog entries this ranking has seen.
    pub covered: usize,
    hits: Option<Vec<Hit>>,
    sorted: usize,
}

impl Ranking {
    /// Everything, in store order.
    pub fn all(query: &str, epoch: u64, len: usize) -> Self {
        Ranking { query: query.to_owned(), epoch, covered: len, hits: None, sorted: len }
    }

    fn of_hits(query: &str, epoch: u64, covered: usize, hits: Vec<Hit>) -> Self {
        let mut ranking = Ranking { query: query.to_owned(), epoch, covered, hits: Some(hits), sorted: 0 };
        ranking.sort_rows(SORT_AHEAD);
        ranking
    }

    pub fn len(&self) -> usize {
        self.hits.as_ref().map_or(self.covered, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The article on `row`; rows past those sorted come in no particular order.
    pub fn get(&self, row: usize) -> Option<u32> {
        match &self.hits {
            None => (row < self.covered).then_some(row as u32),
            Some(hits) => hits.get(row).map(|h| h.index),
        }
    }

    /// The row of `article`, looked for among the sorted rows.
    pub fn row_of(&self, article: u32) -> Option<usize> {
        match &self.hits {
            None => ((article as usize) < self.covered).then_some(article as usize),
            Some(hits) => hits[..self.sorted].iter().position(|h| h.index == article),
        }
    }

    /// Settles the order of the first `rows` rows (and some more), leaving the rest unsorted.
    pub fn sort_rows(&mut self, rows: usize) {
        let Some(hits) = &mut self.hits else { return };
        if rows <= self.sorted || self.sorted == hits.len() {
            return;
        }
        let want = rows.max(self.sorted + SORT_AHEAD).min(hits.len());
        let rest = &mut hits[self.sorted..];
        let count = want - self.sorted;
        if count < rest.len() {
            rest.select_nth_unstable_by(count - 1, rank_order);
        }
        rest[..count].sort_unstable_by(rank_order);
        self.sorted = want;
    }
}

/// An earlier result: the hits of `query` over the first `covered` articles, in store order.
struct Kept {
    query: String,
    epoch: u64,
    covered: usize,
    hits: Vec<Hit>,
}

/// Matching with memory: a query that extends a kept one re-scores only its hits, a
/// Backspace finds its query kept, and a grown catalog is matched only where it grew.
#[derive(Default)]
pub struct Searcher {
    matcher: Matcher,
    kept: Vec<Kept>,
}

impl Searcher {
    /// Ranks the catalog for `query`; `None` when `cancelled` turned true on the way.
    pub fn search(
        &mut self,
        catalog: &RwLock<Catalog>,
        text: &str,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Ranking> {
        let (epoch, len) = {
            let catalog = catalog.read().unwrap();
            (catalog.epoch(), catalog.len())
        };
        let query = Query::parse(text);
        if query.is_empty() {
            return Some(Ranking::all(text, epoch, len));
        }
        self.kept.retain(|k| k.epoch == epoch);
        // Kept results form a chain of growing queries; drop those this one does not extend.
        while self.kept.last().is_some_and(|k| !text.starts_with(&k.query)) {
            self.kept.pop();
        }
        let base = self.kept.last();
        let (mut hits, from) = match base {
            Some(k) if k.query == text => (k.hits.clone(), k.covered),
            Some(k) => (self.score_hits(catalog, &query, &k.hits, cancelled)?, k.covered),
            None => (Vec::new(), 0),
        };
        hits.extend(self.score_range(catalog, &query, from..len, cancelled)?);
        if self.kept.last().is_some_and(|k| k.query == text) {
            self.kept.pop();
        }
        self.kept.push(Kept { query: text.to_owned(), epoch, covered: len, hits: hits.clone() });
        while self.kept.iter().map(|k| k.hits.len()).sum::<usize>() > MAX_KEPT_HITS && self.kept.len() > 1 {
            self.kept.remove(0);
        }
        Some(Ranking::of_hits(text, epoch, len, hits))
    }

    fn score(&self, catalog: &Catalog, query: &Query, index: usize) -> Option<Hit> {
        let score = self.matcher.score(query, catalog.title(index))?;
        Some(Hit { score: score.clamp(i32::MIN.into(), i32::MAX.into()) as i32, index: index as u32 })
    }

    fn score_range(
        &self,
        catalog: &RwLock<Catalog>,
        query: &Query,
        range: Range<usize>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let starts: Vec<usize> = range.clone().step_by(CHUNK).collect();
        let parts: Option<Vec<Vec<Hit>>> = starts
            .par_iter()
            .map(|&start| {
                if cancelled() {
                    return None;
                }
                let catalog = catalog.read().unwrap();
                Some((start..(start + CHUNK).min(range.end)).filter_map(|i| self.score(&catalog, query, i)).collect())
            })
            .collect();
        Some(parts?.concat())
    }

    fn score_hits(
        &self,
        catalog: &RwLock<Catalog>,
        query: &Query,
        earlier: &[Hit],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let parts: Option<Vec<Vec<Hit>>> = earlier
            .par_chunks(CHUNK)
            .map(|chunk| {
                if cancelled() {
                    return None;
                }
                let catalog = catalog.read().unwrap();
                Some(chunk.iter().filter_map(|h| self.score(&catalog, query, h.index as usize)).collect())
            })
            .collect();
        Some(parts?.concat())
    }
}

/// Asks for the ranking of `query`; a newer generation supersedes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchRequest {
    pub generation: u64,
    pub query: String,
}

/// The answer to a [`MatchRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub generation: u64,
    pub ranking: Ranking,
}

/// The matching thread. Requests that pile up while it works are skipped to the newest, and
/// work on a superseded request stops at the next chunk.
pub struct Engine {
    requests: Sender<MatchRequest>,
    latest: Arc<AtomicU64>,
}

impl Engine {
    pub fn spawn(catalog: SharedCatalog, send: impl Fn(Ranked) -> bool + Send + 'static) -> Engine {
        let (requests, incoming) = channel::<MatchRequest>();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = latest.clone();
        std::thread::Builder::new()
            .name("folio-matcher".into())
            .spawn(move || {
                let mut searcher = Searcher::default();
                while let Ok(mut request) = incoming.recv() {
                    if let Some(newer) = incoming.try_iter().last() {
                        request = newer;
                    }
                    let generation = request.generation;
                    let cancelled = || newest.load(Ordering::Relaxed) != generation;
                    if let Some(ranking) = searcher.search(&catalog, &request.query, &cancelled)
                        && !send(Ranked { generation, ranking })
                    {
                        break;
                    }
                }
            })
            .expect("spawning the matcher thread");
        Engine { requests, latest }
    }

    pub fn request(&self, request: MatchRequest) {
        self.latest.store(request.generation, Ordering::Relaxed);
        let _ = self.requests.send(request);
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
