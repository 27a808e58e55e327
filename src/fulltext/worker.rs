//! The text searcher: keeps the store's text index up to date and answers text queries, on its own thread.

use super::{Detail, TextIndex, Wait, prepared_index_dir};
use crate::store::{SharedCatalog, sanitize::sanitize_line};
use crate::worker::{Flow, Worker};
use std::cell::Cell;
use std::io;
use std::ops::ControlFlow::Continue;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Results a text search lists.
pub const TEXT_LIMIT: usize = 200;
/// Results described before the first answer: more than a screen shows (two rows each).
pub const FIRST_DESCRIBED: usize = 30;
/// How often an index another folio holds is tried again.
const RETRY_EVERY: Duration = Duration::from_millis(500);
/// How often indexing reports its progress.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Asks for the results of a text query (none for an empty one). Once the store is `loaded`,
/// the index is first brought up to date with it, if it is not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextRequest {
    pub generation: u64,
    pub query: String,
    pub loaded: bool,
    /// Its filters: only the articles they keep are found.
    pub shape: crate::search::shape::Shape,
    /// The reader's notes, each with its article's id: an article whose note answers the
    /// query is found too.
    pub notes: SearchedNotes,
}

/// The reader's notes as the text search reads them: (article id, note), shared.
pub type SearchedNotes = std::sync::Arc<Vec<(String, String)>>;

/// What the text searcher has to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextEvent {
    /// Indexing: articles done of those to index.
    Indexing {
        done: usize,
        total: usize,
    },
    /// The index is up to date, with this many articles.
    Indexed {
        articles: usize,
    },
    /// Another folio holds the index (building or refreshing it): searched as it stands, if
    /// there is one, until it is free.
    Waiting,
    /// The index cannot be made or read: why (already sanitized).
    Failed(String),
    Found(TextFound),
}

/// The answer to a [`TextRequest`]: the best articles of catalog `epoch` (described, the
/// first ones at least), and how many matched in all. A request is answered twice when
/// describing every result takes long: the second answer describes them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFound {
    pub generation: u64,
    pub query: String,
    pub epoch: u64,
    pub rows: Vec<(u32, Option<Detail>)>,
    pub matches: usize,
}

impl TextFound {
    /// The answer, labelled with the catalog the search's positions are of.
    fn of(request: &TextRequest, search: &super::Search) -> Self {
        TextFound {
            generation: request.generation,
            query: request.query.clone(),
            epoch: search.epoch,
            rows: search.results.found.iter().map(|f| (f.index as u32, f.detail.clone())).collect(),
            matches: search.results.matches,
        }
    }

    /// The whole answer to `request`, on the calling thread (tests do the worker's part so).
    pub fn now(index: &mut TextIndex, catalog: &SharedCatalog, request: &TextRequest) -> tantivy::Result<Self> {
        let mut search = index.search(catalog, &request.query, TEXT_LIMIT, &request.shape)?;
        search.add_noted(catalog, &request.notes, &request.shape);
        search.describe(catalog, 0..TEXT_LIMIT);
        Ok(TextFound::of(request, &search))
    }
}

/// `flow`, carrying `value` when it goes on.
fn then(flow: Flow, value: bool) -> std::ops::ControlFlow<(), bool> {
    match flow {
        Continue(()) => Continue(value),
        std::ops::ControlFlow::Break(()) => std::ops::ControlFlow::Break(()),
    }
}

/// The text searching thread. Requests that pile up are skipped to the newest.
pub struct TextSearcher {
    worker: Worker<TextRequest>,
    latest: Arc<AtomicU64>,
}

impl TextSearcher {
    /// Starts the thread for `catalog`, whose index lives under `cache` (none: text search is
    /// unavailable, and says so).
    pub fn spawn(
        catalog: SharedCatalog,
        cache: Option<PathBuf>,
        send: impl Fn(TextEvent) -> Flow + Send + 'static,
    ) -> io::Result<TextSearcher> {
        let latest = Arc::new(AtomicU64::new(0));
        let newest = latest.clone();
        let mut state = State { catalog, cache, index: None, fresh_for: None, failure: None };
        let worker = Worker::spawn("folio-text", move |request| state.serve(request, &send, &newest))?;
        Ok(TextSearcher { worker, latest })
    }

    pub fn request(&self, request: TextRequest) {
        self.latest.store(request.generation, Ordering::Relaxed);
        self.worker.request(request);
    }
}

struct State {
    catalog: SharedCatalog,
    cache: Option<PathBuf>,
    index: Option<TextIndex>,
    /// The catalog (epoch, length) the index was last brought up to date with.
    fresh_for: Option<(u64, usize)>,
    /// Why there is no index, said again to each query until there is one.
    failure: Option<String>,
}

impl State {
    /// Serves `request`; while another folio holds the index, tries again every
    /// [`RETRY_EVERY`] until it is free or a newer request waits.
    fn serve(&mut self, request: TextRequest, send: &dyn Fn(TextEvent) -> Flow, latest: &AtomicU64) -> Flow {
        loop {
            let held_elsewhere = self.serve_once(&request, send, latest)?;
            if !held_elsewhere || latest.load(Ordering::Relaxed) != request.generation {
                return Continue(());
            }
            std::thread::sleep(RETRY_EVERY);
        }
    }

    /// Serves `request` once; `Continue(true)` when another folio held the index, so it
    /// could not be brought up to date (or made) now.
    fn serve_once(
        &mut self,
        request: &TextRequest,
        send: &dyn Fn(TextEvent) -> Flow,
        latest: &AtomicU64,
    ) -> std::ops::ControlFlow<(), bool> {
        let mut held_elsewhere = false;
        let Some(cache) = self.cache.clone() else {
            return then(send(TextEvent::Failed("no cache folder for the text index".into())), false);
        };
        let dir = prepared_index_dir(&cache, self.catalog.read().unwrap().origins());
        let now = {
            let catalog = self.catalog.read().unwrap();
            (catalog.epoch(), catalog.len())
        };
        if request.loaded && self.fresh_for != Some(now) {
            self.fresh_for = Some(now);
            self.index = None;
            let last = Cell::new(Instant::now());
            let progress = |done: usize, total: usize| {
                if last.get().elapsed() >= PROGRESS_EVERY || done == total {
                    last.set(Instant::now());
                    let _ = send(TextEvent::Indexing { done, total });
                }
            };
            match TextIndex::open_and_refresh(&self.catalog, &dir, &progress, Wait::No) {
                Ok((index, refreshed)) if refreshed.held_elsewhere => {
                    // Another folio is at it: searched as it stands, tried again soon.
                    (self.fresh_for, held_elsewhere) = (None, true);
                    send(TextEvent::Waiting)?;
                    (self.index, self.failure) = (Some(index), None);
                }
                Ok((index, _)) => {
                    send(TextEvent::Indexed { articles: index.len() })?;
                    (self.index, self.failure) = (Some(index), None);
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    (self.fresh_for, held_elsewhere) = (None, true);
                    send(TextEvent::Waiting)?;
                }
                Err(error) => {
                    let why = sanitize_line(&format!("no text index in {}: {error}", dir.display()));
                    self.failure = Some(why.clone());
                    send(TextEvent::Failed(why))?;
                }
            }
        } else if self.index.is_none() && !request.loaded {
            // While the store loads, the index as it was last time answers.
            self.index = TextIndex::open(&dir).ok();
        }
        if request.query.trim().is_empty() {
            return Continue(held_elsewhere);
        }
        let Some(index) = self.index.as_mut() else {
            return match self.failure.clone() {
                Some(why) => then(send(TextEvent::Failed(why)), held_elsewhere),
                None => Continue(held_elsewhere),
            };
        };
        let mut search = match index.search(&self.catalog, &request.query, TEXT_LIMIT, &request.shape) {
            Ok(search) => search,
            Err(error) => {
                let why = sanitize_line(&format!("text search in {} failed: {error}", dir.display()));
                return then(send(TextEvent::Failed(why)), held_elsewhere);
            }
        };
        search.add_noted(&self.catalog, &request.notes, &request.shape);
        let answer = |search: &super::Search| send(TextEvent::Found(TextFound::of(request, search)));
        search.describe(&self.catalog, 0..FIRST_DESCRIBED);
        answer(&search)?;
        if !search.described() && latest.load(Ordering::Relaxed) == request.generation {
            search.describe(&self.catalog, 0..TEXT_LIMIT);
            answer(&search)?;
        }
        Continue(held_elsewhere)
    }
}
