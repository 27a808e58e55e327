//! Full-text search on tantivy: one index of titles and bodies per store, kept up to date.
//
// Each document holds an article's id and version (from its size and mtime, see
// `Entry::version`) as fast fields: a refresh compares them with the catalog and re-reads only
// the articles added or changed, deleting those gone. Titles count double; the trailer is never
// indexed. Bodies are not stored (they would triple the index): snippets are cut from the
// article read again.

mod words;
mod worker;

pub use worker::{FIRST_DESCRIBED, TEXT_LIMIT, TextEvent, TextFound, TextRequest, TextSearcher};

use crate::store::{self, SharedCatalog};
use std::collections::HashMap;
use std::ops::ControlFlow::Continue;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, ReloadPolicy, Term, doc};

/// The analyzer's name in the index.
const ANALYZER: &str = "folio";
/// Bumped when the schema or the analyzer changes: an index of another version is rebuilt.
const VERSION: &str = "folio-text-2";
/// The file in the index folder that holds [`VERSION`].
const VERSION_FILE: &str = "folio-version";
/// Indexing memory for each of tantivy's threads (at least 15 MB, tantivy says), and at most
/// this many threads: the index is built in the background, and memory given to the heap
/// stays with the process.
const WRITER_MEMORY: usize = 16 * 1024 * 1024;
const WRITER_THREADS: usize = 4;
/// Threads reading articles for the index: enough to keep tantivy busy, each of them holding memory.
const READ_THREADS: usize = 2;
/// Characters of a snippet, and of them before its first hit.
const SNIPPET_CHARS: usize = 150;
const SNIPPET_LEAD: usize = 30;

/// A found article: its position in the catalog and score, and once described, its hits and
/// snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub index: usize,
    pub score: f32,
    pub detail: Option<Detail>,
}

/// How many times the query's words occur in an article (title included), and a one-line
/// excerpt around the best place with the hits' byte ranges in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    pub hits: usize,
    pub snippet: String,
    pub highlighted: Vec<std::ops::Range<usize>>,
}

/// The answer to a search: the best articles, and how many matched in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub found: Vec<Found>,
    pub matches: usize,
}

/// A search done: its results, and what describes them (reading each article again) as
/// they are wanted, the first screenful first.
pub struct Search {
    pub results: Results,
    /// Each generator's snippet of a whole text highlights every hit in it.
    body_hits: SnippetGenerator,
    title_hits: SnippetGenerator,
}

impl Search {
    /// Describes the results in `rows` that are not yet, on every core.
    pub fn describe(&mut self, catalog: &SharedCatalog, rows: std::ops::Range<usize>) {
        use rayon::prelude::*;
        let end = rows.end.min(self.results.found.len());
        let (body_hits, title_hits) = (&self.body_hits, &self.title_hits);
        self.results.found[rows.start.min(end)..end].par_iter_mut().filter(|f| f.detail.is_none()).for_each(|found| {
            let article = store::read_article(catalog, found.index).ok();
            let body = article.as_ref().map(|a| a.paragraphs.join(" ")).unwrap_or_default();
            let title = article.as_ref().map_or("", |a| a.title.as_str());
            let hits = body_hits.snippet(&body).highlighted().to_vec();
            let title_count = title_hits.snippet(title).highlighted().len();
            found.detail = Some(Detail::new(&body, &hits, title_count));
        });
    }

    /// Whether every result is described.
    pub fn described(&self) -> bool {
        self.results.found.iter().all(|f| f.detail.is_some())
    }
}

impl Detail {
    /// The detail of a body with `hits` (byte ranges, in order) and `title_hits` more in the
    /// title: the snippet is the stretch of [`SNIPPET_CHARS`] holding the most hits, starting
    /// a few words before its first.
    fn new(body: &str, hits: &[std::ops::Range<usize>], title_hits: usize) -> Detail {
        let starts: Vec<usize> = body.char_indices().map(|(at, _)| at).chain([body.len()]).collect();
        let char_at = |byte: usize| starts.partition_point(|&at| at < byte);
        let end_of = |from_char: usize| starts[(from_char + SNIPPET_CHARS).min(starts.len() - 1)];
        let mut best = (0, 0);
        for (i, hit) in hits.iter().enumerate() {
            let from = char_at(hit.start).saturating_sub(SNIPPET_LEAD);
            let count = hits[i..].iter().take_while(|h| h.end <= end_of(from)).count();
            if count > best.1 {
                best = (from, count);
            }
        }
        let mut from = starts[best.0];
        // Start at a word: past the partial word the lead cut into, unless that is the hit.
        if from > 0
            && let Some(space) = body[from..].find(char::is_whitespace)
        {
            let first_hit = hits.iter().find(|h| h.start >= from).map_or(body.len(), |h| h.start);
            if from + space < first_hit {
                from += space + 1;
            }
        }
        let to = end_of(char_at(from));
        let snippet = body[from..to].to_owned();
        let highlighted =
            hits.iter().filter(|h| h.start >= from && h.end <= to).map(|h| h.start - from..h.end - from).collect();
        Detail { hits: hits.len() + title_hits, snippet, highlighted }
    }
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refreshed {
    pub added: usize,
    pub removed: usize,
    /// The index was made anew (none was there, or it could not be trusted).
    pub rebuilt: bool,
}

struct Fields {
    id: Field,
    version: Field,
    title: Field,
    body: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing =
        TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(indexing);
    let id = builder.add_text_field("id", STRING | STORED | FAST);
    let version = builder.add_u64_field("version", FAST);
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    (builder.build(), Fields { id, version, title, body })
}

/// The text index of a store.
pub struct TextIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    /// Catalog positions by a hash of their ids, sorted: a found id's article in a few steps.
    positions: Vec<(u64, u32)>,
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(id)
}

impl TextIndex {
    /// The index in `dir`, or a new empty one when there is none or it cannot be trusted
    /// (another version, unreadable); the second value says whether it was made anew.
    pub fn open(dir: &Path) -> tantivy::Result<(Self, bool)> {
        let current = std::fs::read_to_string(dir.join(VERSION_FILE)).is_ok_and(|v| v == VERSION);
        if current && let Ok(opened) = Self::open_existing(dir) {
            return Ok((opened, false));
        }
        Ok((Self::create(dir)?, true))
    }

    fn open_existing(dir: &Path) -> tantivy::Result<Self> {
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema();
        if index.schema() != schema().0 {
            return Err(tantivy::TantivyError::SchemaError("another schema".into()));
        }
        Self::with(index, fields, dir)
    }

    fn create(dir: &Path) -> tantivy::Result<Self> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        std::fs::write(dir.join(VERSION_FILE), VERSION)?;
        Self::with(index, fields, dir)
    }

    fn with(mut index: Index, fields: Fields, dir: &Path) -> tantivy::Result<Self> {
        index.tokenizers().register(ANALYZER, words::analyzer());
        // Segments are searched on every core: a phrase of common words checks many positions.
        index.set_default_multithread_executor()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(TextIndex { index, reader, fields, dir: dir.to_owned(), positions: Vec::new() })
    }

    /// Opens the index in `dir` and brings it up to date with `catalog`; an index that fails
    /// on the way (a corrupt file) is made anew, once. `progress` hears articles indexed of
    /// those to index.
    pub fn open_and_refresh(
        catalog: &SharedCatalog,
        dir: &Path,
        progress: &dyn Fn(usize, usize),
    ) -> tantivy::Result<(Self, Refreshed)> {
        let (mut index, rebuilt) = Self::open(dir)?;
        match index.refresh(catalog, progress) {
            Ok(refreshed) => Ok((index, Refreshed { rebuilt, ..refreshed })),
            // Another folio is updating it: search it as it is.
            Err(tantivy::TantivyError::LockFailure(..)) => Ok((index, Refreshed { rebuilt, ..Refreshed::default() })),
            Err(_) if !rebuilt => {
                let mut index = Self::create(dir)?;
                let refreshed = index.refresh(catalog, progress)?;
                Ok((index, Refreshed { rebuilt: true, ..refreshed }))
            }
            Err(error) => Err(error),
        }
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
            let version = catalog.read().unwrap().version(i);
            store::read_article(catalog, i).ok().map(|article| {
                let body = article.paragraphs.join("\n\n");
                doc!(fields.id => article.id, fields.version => version, fields.title => article.title, fields.body => body)
            })
        };
        let _ = store::parallel_in_order(total, READ_THREADS, read, |first, documents| {
            let count = documents.len();
            for document in documents.into_iter().flatten() {
                if let Err(error) = writer.add_document(document) {
                    failure = Some(error);
                    return std::ops::ControlFlow::Break(());
                }
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
        Ok(Refreshed { added: total, removed, rebuilt: false })
    }

    /// The catalog position of the article `id`: looked up among the positions of the last
    /// refresh, or searched for when the catalog changed since.
    fn position(&self, catalog: &store::Catalog, id: &str) -> Option<usize> {
        let hash = id_hash(id);
        let from = self.positions.partition_point(|&(h, _)| h < hash);
        let known = self.positions[from..].iter().take_while(|&&(h, _)| h == hash).map(|&(_, i)| i as usize);
        known.filter(|&i| i < catalog.len() && catalog.id(i) == id).min().or_else(|| catalog.find(id))
    }

    /// How many articles the index holds.
    pub fn len(&self) -> usize {
        self.reader.searcher().num_docs() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The folder the index is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The `limit` best articles for `query` (words, `"a phrase"`, `-excluded`), best first,
    /// not yet described (see [`Search::describe`]).
    pub fn search(&self, catalog: &SharedCatalog, query: &str, limit: usize) -> tantivy::Result<Search> {
        let searcher = self.reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.title, self.fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(self.fields.title, 2.0);
        let (parsed, _) = parser.parse_query_lenient(&store::sanitize::nfc(query));
        let (top, matches) = searcher.search(&parsed, &(TopDocs::with_limit(limit.max(1)).order_by_score(), Count))?;
        let generator = |field: Field| {
            SnippetGenerator::create(&searcher, &*parsed, field).map(|mut generator| {
                generator.set_max_num_chars(usize::MAX / 2);
                generator
            })
        };
        let (body_hits, title_hits) = (generator(self.fields.body)?, generator(self.fields.title)?);
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
        Ok(Search { results: Results { found, matches }, body_hits, title_hits })
    }
}

/// Where a store's text index lives: beside its title index, in the user's cache folder.
pub fn index_dir(cache: &Path, origins: &[store::Origin]) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    format!("{origins:?}").hash(&mut hasher);
    cache.join(format!("text-{:016x}", hasher.finish()))
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
