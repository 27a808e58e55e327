//! Full-text search on tantivy: one index of titles and bodies per store, kept up to date.
//
// Each document holds an article's id and version (from its size and mtime, see
// `Entry::version`) as fast fields: a refresh compares them with the catalog and re-reads only
// the articles added or changed, deleting those gone. Titles count double; the trailer is never
// indexed. Bodies are not stored (they would triple the index): snippets are cut from the
// article read again.

mod query;
mod snippet;
mod words;

pub use query::{NEAR, Ranking};
mod worker;

pub use snippet::{Detail, Found, Results, Search};
pub use worker::{FIRST_DESCRIBED, SearchedNotes, TEXT_LIMIT, TextEvent, TextFound, TextRequest, TextSearcher};

use crate::language::Language;
use crate::search::occurrences::parse_text_query;
use crate::search::shape::Shape;
use crate::store::{self, SharedCatalog};
use std::collections::HashMap;
use std::ops::ControlFlow::Continue;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, TermSetQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexReader, ReloadPolicy, Term, doc};

/// The analyzers' names in the index: of words, and of their stems.
const ANALYZER: &str = "folio";
const STEMS: &str = "folio-stems";

/// Bumped when the schema or the analyzer changes: an index of another version is rebuilt.
const VERSION: &str = "folio-text-8";
/// The file in the index folder that holds [`VERSION`].
const VERSION_FILE: &str = "folio-version";
/// Indexing memory for each of tantivy's threads (at least 15 MB, tantivy says), and at most
/// this many threads: the index is built in the background, and memory given to the heap
/// stays with the process.
const WRITER_MEMORY: usize = 16 * 1024 * 1024;
const WRITER_THREADS: usize = 4;
/// Threads reading articles for the index: enough to keep tantivy busy, each of them holding memory.
const READ_THREADS: usize = 2;

/// Whether to wait while another folio holds the index: a command waits (saying so through
/// the callback), the reader's worker searches the index as it stands and tries again later.
pub enum Wait<'a> {
    No,
    Yes(&'a dyn Fn()),
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub added: usize,
    pub removed: usize,
    /// The index was made anew (none was there, or it could not be trusted).
    pub rebuilt: bool,
    /// Another folio held the index (building or refreshing it): it was left as it was.
    pub held_elsewhere: bool,
}

struct Fields {
    id: Field,
    version: Field,
    title: Field,
    body: Field,
    /// The article's language's code, when it has a stemmer ([`Language`]).
    language: Field,
    /// The title's and body's words' stems, each prefixed by the language's code (`eng:color`).
    title_stems: Field,
    body_stems: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing =
        TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(indexing);
    // Stems are looked for alone, never in phrases: no positions.
    let stems = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(STEMS).set_index_option(IndexRecordOption::WithFreqs),
    );
    let id = builder.add_text_field("id", STRING | STORED | FAST);
    let version = builder.add_u64_field("version", FAST);
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let language = builder.add_text_field("language", STRING);
    let title_stems = builder.add_text_field("title_stems", stems.clone());
    let body_stems = builder.add_text_field("body_stems", stems);
    (builder.build(), Fields { id, version, title, body, language, title_stems, body_stems })
}

/// The text index of a store.
pub struct TextIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Catalog positions by a hash of their ids, sorted: a found id's article in a few steps;
    /// made for the catalog (epoch, length) it names.
    positions: Vec<(u64, u32)>,
    positions_for: Option<(u64, usize)>,
    /// The languages of the articles indexed: those a query's words are stemmed in.
    languages: Vec<Language>,
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(id)
}

impl TextIndex {
    /// The index in `dir` as it is, not brought up to date: what answers while the store is
    /// still loading. Nothing is written.
    pub fn open(dir: &Path) -> tantivy::Result<Self> {
        let current = std::fs::read_to_string(dir.join(VERSION_FILE)).is_ok_and(|v| v == VERSION);
        if !current {
            return Err(tantivy::TantivyError::SchemaError(format!("no index of {VERSION} in {}", dir.display())));
        }
        Self::open_existing(dir)
    }

    fn open_existing(dir: &Path) -> tantivy::Result<Self> {
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema();
        if index.schema() != schema().0 {
            return Err(tantivy::TantivyError::SchemaError("another schema".into()));
        }
        Self::with(index, fields)
    }

    fn create(dir: &Path) -> tantivy::Result<Self> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        std::fs::write(dir.join(VERSION_FILE), VERSION)?;
        Self::with(index, fields)
    }

    fn with(mut index: Index, fields: Fields) -> tantivy::Result<Self> {
        index.tokenizers().register(ANALYZER, words::analyzer());
        index.tokenizers().register(STEMS, words::stems_analyzer());
        // Segments are searched on every core: a phrase of common words checks many positions.
        index.set_default_multithread_executor()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let mut index =
            TextIndex { index, reader, fields, positions: Vec::new(), positions_for: None, languages: vec![] };
        index.languages = index.languages_held();
        Ok(index)
    }

    /// Opens the index in `dir` and brings it up to date with `catalog`. An index that is
    /// missing, of another version, or found corrupt on the way is made anew (once); other
    /// errors (a full disk) are reported and leave it as it was. While another folio holds the
    /// index (building or refreshing it), it is searched as it is. `progress` hears articles
    /// indexed of those to index.
    pub fn open_and_refresh(
        catalog: &SharedCatalog,
        dir: &Path,
        progress: &dyn Fn(usize, usize),
        wait: Wait,
    ) -> tantivy::Result<(Self, Refreshed)> {
        let held = Refreshed { held_elsewhere: true, ..Refreshed::default() };
        // Held until this returns: one folio at a time opens, makes or refreshes the index. A
        // cache folder that cannot be written to still has its index searched as it stands.
        let lock = match dir.parent().map_or(Ok(()), std::fs::create_dir_all) {
            Ok(()) => std::fs::File::create(dir.with_extension("lock")),
            Err(error) => Err(error),
        };
        let lock = match lock {
            Ok(lock) => lock,
            Err(error) => return Self::open(dir).map(|index| (index, Refreshed::default())).map_err(|_| error.into()),
        };
        let busy = match wait {
            Wait::No => matches!(lock.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
            Wait::Yes(waiting) => {
                if matches!(lock.try_lock(), Err(std::fs::TryLockError::WouldBlock)) {
                    waiting();
                    lock.lock()?;
                }
                false
            }
        };
        if busy {
            let building = || {
                let why = "another folio is building the text index".to_owned();
                tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, Some(why))
            };
            return Self::open(dir).map(|index| (index, held)).map_err(|_| building());
        }
        let current = std::fs::read_to_string(dir.join(VERSION_FILE)).is_ok_and(|v| v == VERSION);
        let opened = if current {
            Self::open_existing(dir)
        } else {
            Err(tantivy::TantivyError::InvalidArgument("no index".into()))
        };
        let (mut index, rebuilt) = match opened {
            Ok(index) => (index, false),
            Err(_) => (Self::create(dir)?, true),
        };
        match index.refresh(catalog, progress) {
            Ok(refreshed) => Ok((index, Refreshed { rebuilt, ..refreshed })),
            Err(error) if !rebuilt && is_corruption(&error) => {
                let mut index = Self::create(dir)?;
                let refreshed = index.refresh(catalog, progress)?;
                Ok((index, Refreshed { rebuilt: true, ..refreshed }))
            }
            Err(error) => Err(error),
        }
    }

    /// The languages some indexed article is in.
    fn languages_held(&self) -> Vec<Language> {
        let searcher = self.reader.searcher();
        let held = |language: &Language| {
            searcher.doc_freq(&Term::from_field_text(self.fields.language, language.code())).is_ok_and(|n| n > 0)
        };
        Language::all().filter(held).collect()
    }

    /// Every indexed article's id and version.
    fn indexed(&self) -> tantivy::Result<HashMap<String, u64>> {
        let searcher = self.reader.searcher();
        let mut indexed = HashMap::with_capacity(searcher.num_docs() as usize);
        for segment in searcher.segment_readers() {
            let ids = segment
                .fast_fields()
                .str("id")?
                .ok_or_else(|| tantivy::TantivyError::SchemaError("no id column".into()))?;
            let versions = segment.fast_fields().u64("version")?;
            // Every id of the segment in one pass over its dictionary (in term order), rather
            // than a lookup per document.
            let mut names = Vec::with_capacity(ids.num_terms());
            let mut stream = ids.dictionary().stream()?;
            while stream.advance() {
                names.push(String::from_utf8_lossy(stream.key()).into_owned());
            }
            for doc in segment.doc_ids_alive() {
                if let Some(name) = ids.term_ords(doc).next().and_then(|ord| names.get(ord as usize)) {
                    indexed.insert(name.clone(), versions.first(doc).unwrap_or(0));
                }
            }
        }
        Ok(indexed)
    }

    /// Brings the index up to date with `catalog`: articles added or changed since are read
    /// and indexed, those gone deleted, all in one commit.
    pub fn refresh(&mut self, catalog: &SharedCatalog, progress: &dyn Fn(usize, usize)) -> tantivy::Result<Refreshed> {
        self.positions = {
            let catalog = catalog.read().unwrap();
            let mut positions: Vec<(u64, u32)> =
                (0..catalog.len()).map(|i| (id_hash(catalog.id(i)), i as u32)).collect();
            positions.sort_unstable();
            positions
        };
        let mut indexed = self.indexed()?;
        // Articles to read, and ids whose indexed copy goes (changed or gone).
        let (mut wanted, mut stale): (Vec<usize>, Vec<String>) = (Vec::new(), Vec::new());
        {
            let catalog = catalog.read().unwrap();
            let mut seen = std::collections::HashSet::with_capacity(catalog.len());
            for i in 0..catalog.len() {
                // Of two articles with one id, the first is the one ids find.
                let id = catalog.id(i);
                if !seen.insert(id) {
                    continue;
                }
                match indexed.remove(id) {
                    Some(version) if version == catalog.version(i) => {}
                    Some(_) => {
                        stale.push(id.to_owned());
                        wanted.push(i);
                    }
                    None => wanted.push(i),
                }
            }
        }
        // Left in `indexed`: the articles gone.
        let removed = indexed.len();
        stale.extend(indexed.into_keys());
        if wanted.is_empty() && stale.is_empty() {
            return Ok(Refreshed::default());
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, WRITER_THREADS);
        let mut writer: tantivy::IndexWriter = self.index.writer_with_num_threads(threads, threads * WRITER_MEMORY)?;
        for id in &stale {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        let fields = &self.fields;
        let total = wanted.len();
        let mut failure = None;
        let read = |k: usize| {
            let i = wanted[k];
            // The catalog's id, the one lookups use (an article read says what its file says).
            let (id, version) = {
                let catalog = catalog.read().unwrap();
                (catalog.id(i).to_owned(), catalog.version(i))
            };
            store::read_article(catalog, i).ok().map(|article| {
                let language = article.language();
                let mut document = doc!(fields.id => id, fields.version => version);
                // Each paragraph a value of its own: tantivy leaves a gap in positions between
                // values, so no phrase is found across two paragraphs (as the reader finds none).
                let paragraphs: Vec<String> = article.texts().collect();
                if let Some(language) = language {
                    document.add_text(fields.language, language.code());
                    document.add_text(fields.title_stems, words::stems_text(language, &article.title));
                    document.add_text(fields.body_stems, words::stems_text(language, &paragraphs.join("\n")));
                }
                document.add_text(fields.title, article.title);
                for paragraph in paragraphs {
                    document.add_text(fields.body, paragraph);
                }
                document
            })
        };
        // An article that cannot be read now is left out (its file is gone or unreadable: the
        // reader says why when it is opened).
        let mut added = 0;
        let _ = store::parallel_in_order(total, READ_THREADS, read, |first, documents| {
            let count = documents.len();
            for document in documents.into_iter().flatten() {
                if let Err(error) = writer.add_document(document) {
                    failure = Some(error);
                    return std::ops::ControlFlow::Break(());
                }
                added += 1;
            }
            progress(first + count, total);
            Continue(())
        });
        if let Some(error) = failure {
            return Err(error);
        }
        writer.commit()?;
        // Merges of the new segments finish now: an index of fewer segments answers faster.
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.languages = self.languages_held();
        Ok(Refreshed { added, removed, ..Refreshed::default() })
    }

    /// Makes the table of catalog positions by id that of `catalog` as it is now.
    fn sync_positions(&mut self, catalog: &SharedCatalog) {
        let catalog = catalog.read().unwrap();
        let now = (catalog.epoch(), catalog.len());
        if self.positions_for != Some(now) {
            self.positions = (0..catalog.len()).map(|i| (id_hash(catalog.id(i)), i as u32)).collect();
            self.positions.sort_unstable();
            self.positions_for = Some(now);
        }
    }

    /// The catalog position of the article `id`, if it is there still.
    fn position(&self, catalog: &store::Catalog, id: &str) -> Option<usize> {
        let hash = id_hash(id);
        let from = self.positions.partition_point(|&(h, _)| h < hash);
        let known = self.positions[from..].iter().take_while(|&&(h, _)| h == hash).map(|&(_, i)| i as usize);
        known.filter(|&i| i < catalog.len() && catalog.id(i) == id).min()
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.reader.searcher().num_docs() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `limit` best articles for `query` (words, `"a phrase"`, `-excluded`), best first,
    /// not yet described (see [`Search::describe`]).
    /// Only the articles `shape`'s filters keep are found (its order is the title list's).
    pub fn search(
        &mut self,
        catalog: &SharedCatalog,
        query: &str,
        limit: usize,
        shape: &Shape,
    ) -> tantivy::Result<Search> {
        self.search_ranked(catalog, query, limit, shape, &Ranking::default())
    }

    /// [`TextIndex::search`], ranked by `ranking`.
    pub fn search_ranked(
        &mut self,
        catalog: &SharedCatalog,
        query: &str,
        limit: usize,
        shape: &Shape,
        ranking: &Ranking,
    ) -> tantivy::Result<Search> {
        self.sync_positions(catalog);
        let searcher = self.reader.searcher();
        let terms = parse_text_query(&store::sanitize::nfc(query));
        let words = query::query_of(&self.index, &searcher, &self.fields, &self.languages, &terms, ranking);
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = vec![(Occur::Must, words)];
        // Each group of filters must keep the article: one of its filters, each either "these
        // ids" or "all but these ids".
        for group in shape.id_sets() {
            let either: Vec<(Occur, Box<dyn tantivy::query::Query>)> = group
                .into_iter()
                .map(|(ids, kept)| {
                    let ids = TermSetQuery::new(ids.into_iter().map(|id| Term::from_field_text(self.fields.id, id)));
                    let filter: Box<dyn tantivy::query::Query> = match kept {
                        true => Box::new(ids),
                        false => Box::new(BooleanQuery::new(vec![
                            (Occur::Must, Box::new(AllQuery)),
                            (Occur::MustNot, Box::new(ids)),
                        ])),
                    };
                    (Occur::Should, filter)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        let parsed = BooleanQuery::new(clauses);
        let (top, matches) = searcher.search(&parsed, &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count))?;
        let mut found = Vec::with_capacity(top.len());
        let mut id = String::new();
        let catalog = catalog.read().unwrap();
        for (score, address) in top {
            // The id from its column: no stored document to decompress.
            let ids = searcher.segment_reader(address.segment_ord).fast_fields().str("id")?;
            let Some(ord) = ids.as_ref().and_then(|ids| ids.term_ords(address.doc_id).next()) else { continue };
            ids.as_ref().map(|ids| ids.ord_to_str(ord, &mut id)).transpose()?;
            if let Some(index) = self.position(&catalog, &id) {
                found.push(Found { index, score, detail: None });
            }
        }
        Ok(Search { results: Results { found, matches }, query: query.to_owned(), epoch: catalog.epoch() })
    }
}

/// Whether `error` says the index's files cannot be trusted (rather than that the disk is
/// full or a file cannot be written): such an index is made anew.
fn is_corruption(error: &tantivy::TantivyError) -> bool {
    use tantivy::TantivyError::*;
    match error {
        DataCorruption(_) | IncompatibleIndex(_) | SchemaError(_) | OpenReadError(_) | FieldNotFound(_) => true,
        IoError(io) => matches!(io.kind(), std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidData),
        _ => false,
    }
}

/// Where a store's text index lives: beside its title index, in the user's cache folder,
/// named by its origins' canonical paths (so `news` and `./news` share one).
pub fn index_dir(cache: &Path, origins: &[store::Origin]) -> PathBuf {
    let key = store::origins_key(origins);
    cache.join(format!("text-{:016x}", store::index::fnv1a(key.as_bytes())))
}

/// [`index_dir`], made, with the store's paths noted in it: the cache sweep removes the
/// index once none of them exists.
pub fn prepared_index_dir(cache: &Path, origins: &[store::Origin]) -> PathBuf {
    let dir = index_dir(cache, origins);
    let noted = dir.join(store::cache::ORIGINS_FILE);
    if !noted.exists() && std::fs::create_dir_all(&dir).is_ok() {
        // Best effort: without it the index is only never swept.
        let _ = std::fs::write(noted, store::origins_key(origins) + "\n");
    }
    dir
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
