//! The matching engine: ranks a catalog in abandonable parallel chunks, sorting only rows shown.
//
// Work for a query stops when a newer one arrives, and earlier results are reused.

use super::growth::Growth;
use super::settle::{Hit, Ranking, SORT_AHEAD, clamp};
use super::shape::{Shape, SortOrder};
use super::{Matcher, Query, Subject};
use crate::store::{Catalog, SharedCatalog};
use crate::worker::{Flow, Worker};
use rayon::prelude::*;
use std::io;
use std::ops::ControlFlow::Continue;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Titles scored per task: big enough to amortize the lock and the cancel check, small enough
/// that a newer keystroke is noticed within a millisecond or two.
const CHUNK: usize = 16 * 1024;
/// The fewest titles per task: a few thousand candidates of a long query still go to both cores.
const MIN_CHUNK: usize = 512;
/// Bytes of earlier results kept for Backspace and growth, bounded so broad queries on huge
/// stores cannot hoard: at a million titles, about the chain of a four-letter query.
const MAX_KEPT_BYTES: usize = 32 << 20;

/// An earlier result: the articles matching `query` among the first `covered`, in store order.
struct Kept {
    query: String,
    parsed: Query,
    epoch: u64,
    covered: usize,
    matching: Vec<u32>,
    /// Beside `matching`, for a plain ASCII query: what a [`Growth`] goes on from when a later
    /// key grows the query.
    tails: Option<Tails>,
}

impl Kept {
    fn bytes(&self) -> usize {
        let tails = self.tails.as_ref().map_or(0, |t| t.bounds.len() + t.ends.len());
        std::mem::size_of::<u32>() * (self.matching.len() + tails)
    }
}

/// Each match's bound and where its last term's greedy match ended.
#[derive(Default)]
struct Tails {
    bounds: Vec<i32>,
    ends: Vec<u32>,
}

impl Tails {
    fn with_capacity(capacity: usize) -> Self {
        Tails { bounds: Vec::with_capacity(capacity), ends: Vec::with_capacity(capacity) }
    }

    fn push(&mut self, bound: i64, end: u32) {
        self.bounds.push(clamp(bound));
        self.ends.push(end);
    }
}

/// Matching with memory: a query that extends a kept one looks only at its matches, a
/// Backspace finds its query kept, and a grown catalog is matched only where it grew.
#[derive(Default)]
pub struct Searcher {
    matcher: Matcher,
    kept: Vec<Kept>,
    /// The last sort order made, for (epoch, length, order, marks generation).
    order: Option<(OrderFor, Arc<Vec<u32>>)>,
    /// Which articles the last filters kept, for (epoch, length, marks generation, filters).
    kept_by_filters: Option<(KeptFor, Arc<Vec<bool>>)>,
}

type OrderFor = (u64, usize, SortOrder, u64);
type KeptFor = (u64, usize, u64, Vec<Vec<super::shape::Filter>>);

impl Searcher {
    /// Ranks the catalog for `query`, its first rows settled; `None` when `cancelled` turned
    /// true on the way.
    pub fn search(
        &mut self,
        catalog: &RwLock<Catalog>,
        text: &str,
        shape: &Shape,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Ranking> {
        let (epoch, len) = {
            let catalog = catalog.read().unwrap();
            (catalog.epoch(), catalog.len())
        };
        // Positions are only good in the catalog they were taken from: a catalog replaced
        // meanwhile ends this search (the app asks again for the new one).
        let same = |catalog: &Catalog| catalog.epoch() == epoch;
        let query = Query::parse(text);
        if query.is_empty() && shape.is_plain() {
            return Some(Ranking::all(text, epoch, len));
        }
        let keep = {
            let catalog = catalog.read().unwrap();
            if !same(&catalog) {
                return None;
            }
            self.keep(&catalog, shape, len)
        };
        if query.is_empty() {
            let catalog = catalog.read().unwrap();
            if !same(&catalog) {
                return None;
            }
            let order = self.order(&catalog, shape, len);
            // Unfiltered, the rows are counted up front: a million need no regrowing.
            return Some(match keep {
                None => Ranking::fixed(text, epoch, len, order.iter().copied()),
                Some(keep) => Ranking::fixed(text, epoch, len, order.iter().copied().filter(|&i| keep[i as usize])),
            });
        }
        self.kept.retain(|k| k.epoch == epoch);
        // Kept results form a chain of narrowing queries; drop those this one does not narrow.
        while self.kept.last().is_some_and(|k| k.query != text && !query.narrows(&k.parsed)) {
            self.kept.pop();
        }
        let (earlier, from): (&[u32], usize) = match self.kept.last() {
            Some(k) => (&k.matching, k.covered),
            None => (&[], 0),
        };
        let growth = self
            .kept
            .last()
            .and_then(|k| Some((k.tails.as_ref()?, Growth::between(&k.parsed, &query).filter(Growth::pays)?)));
        // A kept result grown: its matches' tails are read, not whole titles.
        let matched = match growth {
            Some((tails, growth)) => Self::grow(catalog, epoch, &query, &growth, earlier, tails, cancelled)?,
            None => self.match_indices(catalog, epoch, &query, earlier, cancelled)?,
        };
        let added: Vec<u32> = (from as u32..len as u32).collect();
        let (mut hits, tails) = joined([matched, self.match_indices(catalog, epoch, &query, &added, cancelled)?]);
        if self.kept.last().is_some_and(|k| k.query == text) {
            self.kept.pop();
        }
        let matching = hits.iter().map(|h| h.index).collect();
        self.kept.push(Kept { query: text.to_owned(), parsed: query.clone(), epoch, covered: len, matching, tails });
        while self.kept.iter().map(Kept::bytes).sum::<usize>() > MAX_KEPT_BYTES && self.kept.len() > 1 {
            self.kept.remove(0);
        }
        // Filtered after keeping: the kept matches serve the same terms under other filters.
        if let Some(keep) = keep {
            hits.retain(|hit| keep[hit.index as usize]);
        }
        let mut ranking = Ranking::unsorted(text, query, epoch, len, hits);
        let catalog = catalog.read().unwrap();
        if !same(&catalog) {
            return None;
        }
        ranking.settle(SORT_AHEAD, &catalog, &self.matcher);
        Some(ranking)
    }

    /// Which of the first `len` articles pass the shape's filters, by catalog position; `None`
    /// without filters.
    fn keep(&mut self, catalog: &Catalog, shape: &Shape, len: usize) -> Option<Arc<Vec<bool>>> {
        if shape.filters.is_empty() {
            return None;
        }
        let key = (catalog.epoch(), len, shape.marks.generation, shape.filters.clone());
        if let Some((made_for, keep)) = &self.kept_by_filters
            && *made_for == key
        {
            return Some(keep.clone());
        }
        let keep: Arc<Vec<bool>> = Arc::new((0..len).map(|i| shape.keeps(catalog.id(i))).collect());
        self.kept_by_filters = Some((key, keep.clone()));
        Some(keep)
    }

    /// The first `len` catalog positions in the shape's order.
    fn order(&mut self, catalog: &Catalog, shape: &Shape, len: usize) -> Arc<Vec<u32>> {
        let generation = if shape.order == SortOrder::Recent { shape.marks.generation } else { 0 };
        let key = (catalog.epoch(), len, shape.order, generation);
        if let Some((made_for, order)) = &self.order
            && *made_for == key
        {
            return order.clone();
        }
        let mut order: Vec<u32> = (0..len as u32).collect();
        match shape.order {
            SortOrder::Store => {}
            SortOrder::Recent => {
                order.sort_by_cached_key(|&i| std::cmp::Reverse(shape.marks.of(catalog.id(i as usize)).opened))
            }
            SortOrder::Title => order = super::alphabetical::order(catalog.folded_titles(), len),
            SortOrder::Longest => order.sort_by_key(|&i| std::cmp::Reverse(catalog.size(i as usize))),
            SortOrder::Newest => order.sort_by_key(|&i| std::cmp::Reverse(catalog.modified(i as usize))),
        }
        let order = Arc::new(order);
        self.order = Some((key, order.clone()));
        order
    }

    /// The matching ones of `candidates` (positions in the catalog of epoch `epoch`), each with
    /// an upper bound of its score, and their tails when the wide pass gave them; `None` when
    /// cancelled or when the catalog was replaced.
    fn match_indices(
        &self,
        catalog: &RwLock<Catalog>,
        epoch: u64,
        query: &Query,
        candidates: &[u32],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<(Vec<Hit>, Option<Tails>)> {
        let wide = super::wide::WideQuery::new(query);
        // Tails only where a later key may grow from them: broad short queries skip their cost.
        let tails_wanted = Growth::may_grow_from(query);
        if wide.is_some() {
            // Made here, once for the titles new since the last query, not in each chunk: a
            // chunk only reads them (making them runs a parallel job under their lock).
            drop(catalog.read().unwrap().title_bins());
        }
        let exact = query.bound_is_exact();
        in_chunks(catalog, epoch, candidates.len(), cancelled, |catalog, range| {
            let chunk = &candidates[range];
            if let Some(wide) = &wide {
                let mut found = Found::new(chunk.len(), exact, tails_wanted);
                let titles = catalog.folded_titles();
                wide.bounds(titles, &catalog.title_bins_made(), chunk, &mut |i, bound, end| found.push(i, bound, end));
                return found.parts();
            }
            let needs_accents = query.needs_accents();
            let hit = |&index: &u32| {
                let at = index as usize;
                if needs_accents && !catalog.has_accents(at) {
                    return None;
                }
                let id = if query.reads_ids() { catalog.id(at) } else { "" };
                let written = || catalog.title(at);
                let bound = self.matcher.bound(query, &Subject::new(catalog.folded_titles().get(at), &written, id))?;
                Some(Hit { score: clamp(bound), index, exact })
            };
            (chunk.iter().filter_map(hit).collect(), None)
        })
    }

    /// [`Searcher::match_indices`] for a query grown from the one `candidates` matched, whose
    /// `tails` they are beside.
    fn grow(
        catalog: &RwLock<Catalog>,
        epoch: u64,
        query: &Query,
        growth: &Growth,
        candidates: &[u32],
        tails: &Tails,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<(Vec<Hit>, Option<Tails>)> {
        drop(catalog.read().unwrap().title_bins());
        let exact = query.bound_is_exact();
        in_chunks(catalog, epoch, candidates.len(), cancelled, |catalog, range| {
            let (titles, bins) = (catalog.folded_titles(), catalog.title_bins_made());
            let (chunk, bounds, ends) = (&candidates[range.clone()], &tails.bounds[range.clone()], &tails.ends[range]);
            let mut found = Found::new(chunk.len(), exact, true);
            growth.bounds(titles, &bins, chunk, bounds, ends, &mut |i, bound, end| found.push(i, bound, end));
            found.parts()
        })
    }
}

/// `part` of each chunk of `len` candidates (a range of them), on every core, joined in order;
/// `None` when cancelled or when the catalog is no longer that of `epoch`.
fn in_chunks(
    catalog: &RwLock<Catalog>,
    epoch: u64,
    len: usize,
    cancelled: &(dyn Fn() -> bool + Sync),
    part: impl Fn(&Catalog, std::ops::Range<usize>) -> (Vec<Hit>, Option<Tails>) + Sync,
) -> Option<(Vec<Hit>, Option<Tails>)> {
    let chunk = (len / (4 * rayon::current_num_threads())).clamp(MIN_CHUNK, CHUNK);
    let parts: Option<Vec<_>> = (0..len.div_ceil(chunk))
        .into_par_iter()
        .map(|k| {
            if cancelled() {
                return None;
            }
            let catalog = catalog.read().unwrap();
            // Positions are of the catalog of `epoch`: one swapped in since has others.
            if catalog.epoch() != epoch {
                return None;
            }
            Some(part(&catalog, k * chunk..(k * chunk + chunk).min(len)))
        })
        .collect();
    Some(joined(parts?))
}

/// What a bound pass finds: hits, and their tails when wanted.
struct Found {
    hits: Vec<Hit>,
    tails: Option<Tails>,
    exact: bool,
}

impl Found {
    fn new(capacity: usize, exact: bool, with_tails: bool) -> Found {
        Found { hits: Vec::with_capacity(capacity), tails: with_tails.then(|| Tails::with_capacity(capacity)), exact }
    }

    fn push(&mut self, index: u32, bound: i64, end: u32) {
        self.hits.push(Hit { score: clamp(bound), index, exact: self.exact });
        if let Some(tails) = &mut self.tails {
            tails.push(bound, end);
        }
    }

    fn parts(self) -> (Vec<Hit>, Option<Tails>) {
        (self.hits, self.tails)
    }
}

/// The parts' hits in order, and their tails if every part had them.
fn joined(parts: impl IntoIterator<Item = (Vec<Hit>, Option<Tails>)>) -> (Vec<Hit>, Option<Tails>) {
    let mut parts = parts.into_iter();
    // No parts, no hits: tails of nothing.
    let (mut hits, mut tails) = parts.next().unwrap_or((Vec::new(), Some(Tails::default())));
    for (part, part_tails) in parts {
        hits.extend(part);
        tails = tails.zip(part_tails).map(|(mut tails, part)| {
            tails.bounds.extend(part.bounds);
            tails.ends.extend(part.ends);
            tails
        });
    }
    (hits, tails)
}

/// Asks for the ranking of `query`; a newer generation supersedes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchRequest {
    pub generation: u64,
    pub query: String,
    pub shape: Shape,
}

/// The answer to a [`MatchRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    pub generation: u64,
    pub ranking: Ranking,
}

/// The matching thread: a [`Searcher`] serving [`MatchRequest`]s. Requests that pile up while
/// it works are skipped to the newest, and work on a superseded request stops at the next chunk.
#[derive(Debug)]
pub struct Engine {
    worker: Worker<MatchRequest>,
    latest: Arc<AtomicU64>,
}

impl Engine {
    pub fn spawn(catalog: SharedCatalog, send: impl Fn(Ranked) -> Flow + Send + 'static) -> io::Result<Engine> {
        let latest = Arc::new(AtomicU64::new(0));
        let newest = latest.clone();
        let mut searcher = Searcher::default();
        let worker = Worker::spawn("folio-matcher", move |request: MatchRequest| {
            let generation = request.generation;
            let cancelled = || newest.load(Ordering::Relaxed) != generation;
            match searcher.search(&catalog, &request.query, &request.shape, &cancelled) {
                Some(ranking) => send(Ranked { generation, ranking }),
                None => Continue(()),
            }
        })?;
        Ok(Engine { worker, latest })
    }

    pub fn request(&self, request: MatchRequest) {
        self.latest.store(request.generation, Ordering::Relaxed);
        self.worker.request(request);
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
