//! Loading a store in the background: the index first, then parallel reads, in store order.

use super::builtin_seeds;
use super::catalog::{Catalog, Entry, Location, Origin, SharedCatalog};
use super::files::{ReadError, Source, Warning, discover, read_titles, stamp, unusual_path};
use super::index::{self, IndexEntry};
use super::jsonl::{self, HeadLine};
use crate::worker::{Flow, Worker};
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::ops::ControlFlow::{self, Break, Continue};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// Files read at once: a cold disk needs many requests in flight (measured here: 8.5 s for 100k
/// files with one thread, 1.2 s with 16).
pub const IO_THREADS: usize = 16;
/// Files one worker takes at a time; small, so the in-order commit never waits long.
const CHUNK: usize = 32;
/// How often the list grows while a load goes on: smooth to watch, cheap to re-rank.
const FLUSH_EVERY: Duration = Duration::from_millis(30);

/// What a background load reports. The catalog itself is shared, so events carry no titles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadEvent {
    /// This many more articles were found (files listed, or JSON lines read).
    Found(usize),
    /// The catalog grew to this many articles.
    Appended(usize),
    /// The catalog should be replaced by this one (a changed folder re-validated against its
    /// index, or read again): the app swaps it in, carrying what it shows over by id.
    Replaced(Replacement),
    Warning(Warning),
    /// A folder of the store is not there (deleted, renamed, unmounted): shown as such, and
    /// watched for until it comes back.
    Gone(PathBuf),
    Done,
}

/// A whole new catalog for the app to swap in.
#[derive(Debug, Clone)]
pub struct Replacement(pub Box<Catalog>);

impl PartialEq for Replacement {
    /// The same articles in the same order (for tests: catalogs have no cheap equality).
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        a.len() == b.len() && (0..a.len()).all(|i| a.article(i) == b.article(i) && a.title(i) == b.title(i))
    }
}

impl Eq for Replacement {}

/// How to load. The default reads every file and keeps no index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The folder to read and write title indexes in; `None` for no index.
    pub cache: Option<PathBuf>,
}

impl LoadOptions {
    /// Title indexes in the user's cache folder (see [`super::index::cache_dir`]).
    pub fn with_user_cache() -> Self {
        LoadOptions { cache: super::index::cache_dir() }
    }
}

/// Asks for every origin of the catalog to be loaded into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadRequest {
    pub options: LoadOptions,
}

/// The loading thread. The first request loads the catalog's origins into it, streaming; a
/// later one loads them afresh beside it and hands the new catalog over whole (`Replaced`),
/// so nothing is ever listed twice. It never replaces the shared catalog itself: the app
/// does, when it can carry its rows over.
#[derive(Debug)]
pub struct Loader(Worker<LoadRequest>);

impl Loader {
    pub fn spawn(
        catalog: SharedCatalog,
        send: impl Fn(LoadEvent) -> Flow + Send + Sync + 'static,
    ) -> io::Result<Loader> {
        let mut loaded = false;
        let serve = move |request: LoadRequest| {
            if !std::mem::replace(&mut loaded, true) {
                if let Some(rebuilt) = load(&catalog, &request.options, &send)? {
                    send(LoadEvent::Replaced(Replacement(Box::new(rebuilt))))?;
                }
                return send(LoadEvent::Done);
            }
            let origins = catalog.read().unwrap().origins().to_vec();
            let fresh = super::Catalog::new(origins).shared();
            // Only warnings and folders gone are news: counts and growth belong to the catalog
            // being replaced.
            let rebuilt = load(&fresh, &request.options, &|event| match event {
                LoadEvent::Warning(_) | LoadEvent::Gone(_) => send(event),
                _ => Continue(()),
            })?;
            let fresh = rebuilt.unwrap_or_else(|| std::mem::take(&mut *fresh.write().unwrap()));
            send(LoadEvent::Replaced(Replacement(Box::new(fresh))))?;
            send(LoadEvent::Done)
        };
        Worker::spawn("folio-loader", serve).map(Loader)
    }

    pub fn request(&self, request: LoadRequest) {
        self.0.request(request);
    }
}

/// The origins `roots` name: `.jsonl` files are JSON Lines stores, anything else a folder or file.
pub fn origins_for(roots: &[PathBuf]) -> Vec<Origin> {
    roots
        .iter()
        .map(|root| {
            let jsonl = root.extension().is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
            if jsonl && root.is_file() { Origin::JsonLines(root.clone()) } else { Origin::Folder(root.clone()) }
        })
        .collect()
}

/// Where load events go; `Break` when nobody listens any more, which stops the load.
type Sink<'a> = &'a (dyn Fn(LoadEvent) -> Flow + Sync);

/// Loads every origin of `catalog` into it, reporting through `send`; stops early once `send`
/// breaks (nobody is listening any more). When a folder's title index turned out stale, the
/// cached titles shown first are not the folder's: the catalog it should be replaced with
/// is returned, for the app to swap in (see [`LoadEvent::Replaced`]).
pub fn load(catalog: &SharedCatalog, options: &LoadOptions, send: Sink) -> ControlFlow<(), Option<Catalog>> {
    let origins = catalog.read().unwrap().origins().to_vec();
    // Per origin: where its articles lie in the catalog, and what replaces them if stale.
    let mut loaded: Vec<(std::ops::Range<usize>, Option<Vec<Entry>>)> = Vec::new();
    for (number, origin) in origins.iter().enumerate() {
        let number = number as u32;
        let start = catalog.read().unwrap().len();
        let fresh = match origin {
            Origin::Folder(root) => load_folder(catalog, number, root, options, send)?,
            // No title index: it is kept per folder, and this is a few of a folder's files.
            Origin::Listed(listing) => {
                let listed = || super::roots::listed(listing);
                load_sources(catalog, number, &listing.root, None, listed, send)?
            }
            Origin::JsonLines(path) => {
                load_json_lines(catalog, number, path, send)?;
                None
            }
            Origin::Builtin => {
                let mut shared = catalog.write().unwrap();
                for (offset, (id, title, length)) in builtin_seeds().into_iter().enumerate() {
                    let location = Location { origin: number, offset: offset as u64 };
                    let version = version_of(length as u64, offset as i64);
                    let size = length as u64;
                    let tags = Vec::new();
                    shared.push(Entry { id, title, location, raw_path: None, version, size, modified: 0, tags });
                }
                let len = shared.len();
                drop(shared);
                send(LoadEvent::Found(len))?;
                send(LoadEvent::Appended(len))?;
                None
            }
        };
        loaded.push((start..catalog.read().unwrap().len(), fresh));
    }
    catalog.write().unwrap().shrink_to_fit();
    let rebuilt = loaded.iter().any(|(_, fresh)| fresh.is_some()).then(|| {
        let shared = catalog.read().unwrap();
        let mut rebuilt = Catalog::new(origins.clone());
        for (range, fresh) in loaded {
            match fresh {
                Some(entries) => entries.into_iter().for_each(|e| rebuilt.push(e)),
                None => range.for_each(|i| rebuilt.push(shared.entry(i))),
            }
        }
        rebuilt.shrink_to_fit();
        rebuilt
    });
    // Once a run, after the store is shown: indexes of folders deleted since go.
    static SWEPT: std::sync::Once = std::sync::Once::new();
    if let Some(cache) = &options.cache {
        SWEPT.call_once(|| {
            super::cache::sweep_orphans(cache);
        });
    }
    Continue(rebuilt)
}

fn entry(origin: u32, cached: &IndexEntry) -> Entry {
    Entry {
        id: cached.id.clone(),
        title: cached.title.clone(),
        location: Location { origin, offset: 0 },
        raw_path: unusual_path(&cached.relative, &cached.id),
        version: cached.item.map_or_else(|| version_of(cached.size, cached.mtime), |item| item.version),
        size: cached.item.map_or(cached.size, |item| item.size),
        modified: cached.item.map_or(cached.mtime, |item| item.time),
        tags: cached.tags.clone(),
    }
}

/// An article's version ([`Entry::version`]) from a size and a time (or offset).
pub fn version_of(size: u64, time: i64) -> u64 {
    size.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29) ^ time as u64
}

/// The folder's articles, into the catalog; what should replace them if the index was stale.
type Fresh = ControlFlow<(), Option<Vec<Entry>>>;

fn load_folder(catalog: &SharedCatalog, origin: u32, root: &Path, options: &LoadOptions, send: Sink) -> Fresh {
    if std::fs::symlink_metadata(root).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        send(LoadEvent::Gone(root.to_path_buf()))?;
    }
    let index_path = options.cache.as_deref().and_then(|cache| index::index_path(cache, root));
    load_sources(catalog, origin, root, index_path, || discover(root), send)
}

/// Loads the files `sources` gives (a folder's, or a list's) under `root`, with the title
/// index at `index_path` when there is one.
fn load_sources(
    catalog: &SharedCatalog,
    origin: u32,
    root: &Path,
    index_path: Option<PathBuf>,
    sources: impl FnOnce() -> (Vec<Source>, Vec<Warning>),
    send: Sink,
) -> Fresh {
    let cached = index_path.as_ref().and_then(|path| index::read(path, root).ok());
    if let Some(cached) = &cached {
        // Show the cached list at once; the folder is checked against it below.
        let mut shared = catalog.write().unwrap();
        for e in cached {
            shared.push(entry(origin, e));
        }
        let len = shared.len();
        drop(shared);
        send(LoadEvent::Found(cached.len()))?;
        send(LoadEvent::Appended(len))?;
    }
    let (sources, warnings) = sources();
    if cached.is_none() {
        send(LoadEvent::Found(sources.len()))?;
    }
    for warning in warnings {
        send(LoadEvent::Warning(warning))?;
    }
    // A file's entries in the index: one for an article, one an item for a feed or mailbox.
    let mut known: HashMap<&Path, Vec<&IndexEntry>> = HashMap::new();
    for e in cached.iter().flatten() {
        known.entry(e.relative.as_path()).or_default().push(e);
    }
    // With an index, most files need only a stat; the others (and all, without one) are read.
    // A file read in part (a mailbox past its limit) comes with a warning.
    let fresh_titles = |source: &Source| -> Result<(Vec<IndexEntry>, Option<ReadError>), ReadError> {
        if let Some(hits) = known.get(source.relative.as_path()) {
            let meta = std::fs::metadata(&source.path).map_err(|e| ReadError::new(&source.path, e))?;
            if stamp(&meta) == (hits[0].size, hits[0].mtime) && meta.is_file() {
                return Ok((hits.iter().map(|hit| (*hit).clone()).collect(), None));
            }
        }
        let (titles, partly) = read_titles(source)?;
        let entries = titles
            .into_iter()
            .map(|(id, info)| IndexEntry {
                relative: source.relative.clone(),
                id,
                title: info.title,
                size: info.size,
                mtime: info.mtime,
                tags: info.tags,
                item: info.item,
            })
            .collect();
        Ok((entries, partly))
    };
    let mut fresh: Vec<IndexEntry> = Vec::with_capacity(sources.len());
    let mut pending: Vec<Entry> = Vec::new();
    let mut last_flush = Instant::now();
    let streaming = cached.is_none();
    parallel_in_order(
        sources.len(),
        IO_THREADS,
        |i| fresh_titles(&sources[i]),
        |_, results| {
            for result in results {
                match result {
                    Ok((entries, partly)) => {
                        if let Some(partly) = partly {
                            send(LoadEvent::Warning(partly.into()))?;
                        }
                        for e in entries {
                            if streaming {
                                pending.push(entry(origin, &e));
                            }
                            fresh.push(e);
                        }
                    }
                    Err(error) => send(LoadEvent::Warning(error.into()))?,
                }
            }
            if streaming && last_flush.elapsed() >= FLUSH_EVERY {
                last_flush = Instant::now();
                return flush(catalog, &mut pending, send);
            }
            Continue(())
        },
    )?;
    if streaming {
        flush(catalog, &mut pending, send)?;
    }
    let changed = cached.as_ref() != Some(&fresh);
    let replacement = (changed && cached.is_some()).then(|| fresh.iter().map(|e| entry(origin, e)).collect());
    if changed && let Some(path) = index_path {
        // A cache that cannot be written costs the next start its speed, nothing else.
        let _ = index::write(&path, root, &fresh);
    }
    Continue(replacement)
}

fn flush(catalog: &SharedCatalog, pending: &mut Vec<Entry>, send: Sink) -> Flow {
    if pending.is_empty() {
        return Continue(());
    }
    let mut shared = catalog.write().unwrap();
    for e in pending.drain(..) {
        shared.push(e);
    }
    let len = shared.len();
    drop(shared);
    send(LoadEvent::Appended(len))
}

fn load_json_lines(catalog: &SharedCatalog, origin: u32, path: &Path, send: Sink) -> Flow {
    let mut flow = Continue(());
    // Any change to the file may move or change any line: every article's version changes.
    let (size, mtime) = std::fs::metadata(path).map_or((0, 0), |meta| stamp(&meta));
    let file = (version_of(size, mtime), mtime);
    let result = jsonl::read_heads(path, |heads| {
        flow = commit_heads(catalog, origin, heads, file, send);
        flow
    });
    match result {
        Ok(()) => flow,
        Err(error) => send(LoadEvent::Warning(error.into())),
    }
}

/// Adds a block of JSON Lines heads to the catalog and reports it.
fn commit_heads(
    catalog: &SharedCatalog,
    origin: u32,
    heads: Vec<Result<HeadLine, Warning>>,
    (file_version, modified): (u64, i64),
    send: Sink,
) -> Flow {
    send(LoadEvent::Found(heads.len()))?;
    let mut shared = catalog.write().unwrap();
    let mut warnings = Vec::new();
    for head in heads {
        match head {
            Ok(h) => shared.push(Entry {
                id: h.id,
                title: h.title,
                location: Location { origin, offset: h.offset },
                raw_path: None,
                version: file_version ^ h.offset,
                size: h.length,
                modified,
                tags: h.tags,
            }),
            Err(w) => warnings.push(w),
        }
    }
    let len = shared.len();
    drop(shared);
    for warning in warnings {
        send(LoadEvent::Warning(warning))?;
    }
    send(LoadEvent::Appended(len))
}

/// Runs `work(i)` for `0..count` on `threads` threads and hands the results to `commit` in
/// index order, a chunk at a time, as soon as every earlier chunk is done. Breaks when
/// `commit` asked to stop.
pub fn parallel_in_order<T, W, C>(count: usize, threads: usize, work: W, mut commit: C) -> Flow
where
    T: Send,
    W: Fn(usize) -> T + Sync,
    C: FnMut(usize, Vec<T>) -> Flow,
{
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = channel::<(usize, Vec<T>)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.min(count.div_ceil(CHUNK)).max(1) {
            let tx = tx.clone();
            let (next, stop, work) = (&next, &stop, &work);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let first = next.fetch_add(CHUNK, Ordering::Relaxed);
                    if first >= count {
                        break;
                    }
                    let results = (first..(first + CHUNK).min(count)).map(work).collect();
                    if tx.send((first, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        for (first, results) in rx {
            waiting.insert(first, results);
            while let Some(results) = waiting.remove(&expected) {
                let first = expected;
                expected += results.len();
                if commit(first, results).is_break() {
                    stop.store(true, Ordering::Relaxed);
                    return Break(());
                }
            }
        }
        Continue(())
    })
}

#[cfg(test)]
#[path = "load_tests.rs"]
mod tests;
