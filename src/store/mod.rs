//! The article store: catalogs of titles loaded from folders and JSON Lines, bodies on demand.

mod arena;
pub mod cache;
pub mod catalog;
pub mod collection;
mod dialect;
mod encoding;
pub mod epub;
pub mod feed;
mod fetch;
mod files;
pub mod html;
pub mod index;
mod inflate;
pub mod jsonl;
pub mod kind;
mod load;
pub mod mail;
pub mod markdown;
mod parse;
mod roots;
pub mod sanitize;
mod size;
mod tags;
pub mod trailer;
pub mod watch;

pub use catalog::{ArticleRef, Catalog, Entry, Listing, Location, Origin, SharedCatalog, origins_key};
pub use encoding::{DecodeError, Decoded, PROBE_BYTES, decode};
pub use fetch::{FetchRequest, Fetched, Fetcher};
pub use files::{
    MAX_ARTICLE_BYTES, ReadError, Source, TitleInfo, Warning, discover, id_of, read_file_article, read_title,
    without_article_extension,
};
pub use load::{
    IO_THREADS, LoadEvent, LoadOptions, LoadRequest, Loader, Replacement, load, origins_for, parallel_in_order,
    version_of,
};
pub use parse::{heading_level, parse, strip_heading, title_of};
pub use roots::{LoadError, open_roots};
pub use size::{CJK_CHARS_PER_MINUTE, TextSize, WORDS_PER_MINUTE, is_cjk, is_hangul, is_searched_by_chars};
pub use trailer::Evidence;

use crate::document::{Block, Document, Meta};
use std::path::PathBuf;

use serde::Serialize;
use std::cmp::Ordering;

/// Marks what loading had to do to an article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// Some bytes were not valid in the encoding read and were replaced.
    pub lossy: bool,
    /// The legacy encoding the file was read in, guessed, when it was not UTF-8.
    pub encoding: Option<&'static str>,
    /// The file has no visible text; its file name stands in as the title.
    pub empty: bool,
    /// The file was larger than the read limit; only its beginning was loaded.
    pub truncated: bool,
}

/// One article, sanitized and split into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Path relative to the store root, without `.txt`, `/`-separated.
    pub id: String,
    pub title: String,
    pub meta: Meta,
    /// The text, typed; the trailer, if any, is the last block.
    pub blocks: Vec<Block>,
    /// The file's own lines, sanitized, for the raw view.
    pub lines: Vec<String>,
    pub size: TextSize,
    /// Source path, sanitized for display.
    pub path: String,
    pub flags: Flags,
}

impl Article {
    /// Builds an article from raw file bytes, as the only one of its store (see
    /// [`Article::from_bytes_with`]); `Err` only for binary content.
    pub fn from_bytes(id: String, path: String, bytes: &[u8], truncated: bool) -> Result<Self, DecodeError> {
        Article::from_bytes_with(id, path, bytes, truncated, &Evidence::Alone)
    }

    /// Builds an article from raw file bytes read as plain text, `evidence` deciding its trailer.
    pub fn from_bytes_with(
        id: String,
        path: String,
        bytes: &[u8],
        truncated: bool,
        evidence: &Evidence,
    ) -> Result<Self, DecodeError> {
        Article::read(id, path, bytes, truncated, Format::Plain(evidence))
    }

    /// Builds an article from raw file bytes in `format`; `Err` only for binary content.
    pub fn read(id: String, path: String, bytes: &[u8], truncated: bool, format: Format) -> Result<Self, DecodeError> {
        let unreadable = |why: &str| DecodeError::Unreadable(why.to_owned());
        // Formats that are not text to decode: read whole by their parsers.
        let (document, cut) = match format {
            Format::Epub => epub::read(std::io::Cursor::new(bytes.to_vec()), MAX_ARTICLE_BYTES as usize)
                .map_err(DecodeError::Unreadable)?,
            Format::Mail => (mail::message(bytes, true).ok_or_else(|| unreadable("not a mail message"))?.0, false),
            // A collection's bytes as one article: its newest item.
            Format::Feed | Format::Mbox => {
                let kind = if let Format::Feed = format { kind::Kind::Feed } else { kind::Kind::Mbox };
                let limit = MAX_ARTICLE_BYTES as usize;
                let collection = collection::Collection::open(kind, bytes, limit).map_err(DecodeError::Unreadable)?;
                let newest = collection.items().next().ok_or_else(|| unreadable("no items in it"))?;
                (collection.read(&newest.key).ok_or_else(|| unreadable("no items in it"))?, false)
            }
            Format::Plain(_) | Format::Markdown | Format::Html | Format::Org | Format::AsciiDoc => {
                return Article::read_text(id, path, bytes, truncated, format);
            }
        };
        Ok(Article::of_book(id, path, document, Flags { truncated: truncated || cut, ..Flags::default() }))
    }

    /// An article of a text format: decoded, then read by its reader.
    fn read_text(id: String, path: String, bytes: &[u8], truncated: bool, format: Format) -> Result<Self, DecodeError> {
        let decoded = match format {
            Format::Html => html::decode(bytes, !truncated)?,
            _ => decode(bytes, !truncated)?,
        };
        let document = match format {
            Format::Markdown => markdown::parse(&decoded.text),
            Format::Html => html::parse(&decoded.text),
            Format::Org => parse(&dialect::org(&decoded.text), &Evidence::Never),
            Format::AsciiDoc => parse(&dialect::asciidoc(&decoded.text), &Evidence::Never),
            Format::Plain(evidence) => parse(&decoded.text, evidence),
            // Not text formats (see [`Article::read`]): read as plain text if ever asked here.
            Format::Epub | Format::Mail | Format::Feed | Format::Mbox => parse(&decoded.text, &Evidence::Never),
        };
        let clean = sanitize::sanitize(&decoded.text);
        let lines = clean.trim_end().split('\n').map(str::to_owned).collect();
        let flags = Flags { lossy: decoded.lossy, encoding: decoded.encoding, empty: false, truncated };
        Ok(Article::of_document(id, path, document, lines, flags))
    }

    /// The article of a book read (its lines, for the raw view, are its blocks' text).
    pub fn of_book(id: String, path: String, document: Document, flags: Flags) -> Self {
        let mut lines = Vec::new();
        for block in &document.blocks {
            let mut text = String::new();
            block.plain_text(&mut text);
            lines.extend(text.split('\n').map(str::to_owned));
            lines.push(String::new());
        }
        Article::of_document(id, path, document, lines, flags)
    }

    /// The article of a document read (the file name standing in for a missing title).
    pub fn of_document(id: String, path: String, document: Document, lines: Vec<String>, flags: Flags) -> Self {
        let Document { title, meta, blocks } = document;
        // Empty: nothing to show at all (an untitled message has its text).
        let empty = title.is_empty() && blocks.is_empty();
        let title = if title.is_empty() { id.rsplit('/').next().unwrap_or(&id).to_owned() } else { title };
        Article {
            id,
            title,
            meta,
            size: TextSize::of_blocks(&blocks),
            blocks,
            lines,
            path,
            flags: Flags { empty, ..flags },
        }
    }

    /// The blocks that are the article's own text (the trailer set apart).
    pub fn body(&self) -> &[Block] {
        match self.blocks.last() {
            Some(Block::Trailer { .. }) => &self.blocks[..self.blocks.len() - 1],
            _ => &self.blocks,
        }
    }

    /// The trailer's lines, if the article has one.
    pub fn trailer(&self) -> &[String] {
        match self.blocks.last() {
            Some(Block::Trailer { lines }) => lines,
            _ => &[],
        }
    }

    /// Each body block as plain text, lines apart by `\n`: what is indexed and searched.
    pub fn texts(&self) -> impl Iterator<Item = String> + '_ {
        self.body().iter().map(|b| {
            let mut text = String::new();
            b.plain_text(&mut text);
            text
        })
    }

    /// The language the article is written in, when it has a stemmer: told from its title and
    /// first paragraphs, the same way wherever it is asked (the index, hit counts, the reader).
    pub fn language(&self) -> Option<crate::language::Language> {
        // Paragraphs are made only as far as the sample reaches.
        crate::language::Language::of_text(std::iter::once(self.title.clone()).chain(self.texts()))
    }
}

/// How a file's text is read.
#[derive(Debug, Clone, Copy)]
pub enum Format<'a> {
    /// Plain text, the evidence deciding its trailer.
    Plain(&'a Evidence),
    Markdown,
    /// A saved web page.
    Html,
    /// An EPUB book (its bytes are the zip).
    Epub,
    Org,
    AsciiDoc,
    /// One mail message.
    Mail,
    /// A feed's or an mbox's bytes (read alone, as its newest item).
    Feed,
    Mbox,
}

impl Format<'_> {
    /// The format a file's name says (see [`kind::of_name`]); plain text when it says none.
    pub fn of_path<'a>(path: &std::path::Path, evidence: &'a Evidence) -> Format<'a> {
        match kind::of_path(path).kind {
            kind::Kind::Text => Format::Plain(evidence),
            kind::Kind::Markdown => Format::Markdown,
            kind::Kind::Html => Format::Html,
            kind::Kind::Epub => Format::Epub,
            kind::Kind::Org => Format::Org,
            kind::Kind::AsciiDoc => Format::AsciiDoc,
            kind::Kind::Mail => Format::Mail,
            kind::Kind::Feed => Format::Feed,
            kind::Kind::Mbox => Format::Mbox,
        }
    }
}

/// Orders ids the way people number files: `2` before `10`, then by text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (da, ra) = split_digits(a);
                let (db, rb) = split_digits(b);
                let (ta, tb) = (trim_zeros(da), trim_zeros(db));
                let order = ta.len().cmp(&tb.len()).then(ta.cmp(tb)).then(da.len().cmp(&db.len()));
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (ra, rb);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    s.split_at(s.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let zeros = s.iter().take_while(|&&c| c == b'0').count();
    &s[zeros..]
}

/// The seed articles compiled into the binary, so an installed folio always has something to show.
const SEEDS: &[(&str, &[u8])] = &[("000_cbd27e05d8923fd3", include_bytes!("../../seeds/000_cbd27e05d8923fd3.txt"))];

fn builtin_article(offset: usize) -> Option<Article> {
    let (id, bytes) = SEEDS.get(offset)?;
    Article::from_bytes(id.to_string(), format!("(built in)/{id}.txt"), bytes, false).ok()
}

/// Ids and titles of the built-in seeds.
fn builtin_seeds() -> Vec<(String, String, usize)> {
    (0..SEEDS.len()).filter_map(|i| builtin_article(i).map(|a| (a.id, a.title, SEEDS[i].1.len()))).collect()
}

/// Reads article `index` of `catalog` in full. The lock is held only to look up where it is.
pub fn read_article(catalog: &SharedCatalog, index: usize) -> Result<Article, ReadError> {
    let located = {
        let catalog = catalog.read().unwrap();
        // A catalog replaced by a shorter one since `index` was found (a refreshed store).
        if index >= catalog.len() {
            return Err(ReadError { path: format!("article {index}"), reason: "no longer in the store".into() });
        }
        Located::of(&catalog, index)
    };
    located.read()
}

/// Where an article is, copied out of the catalog so that reading it needs no lock: whatever
/// replaces the catalog meanwhile, this is still the article looked up.
pub struct Located {
    id: String,
    location: Location,
    origin: Origin,
    file: Option<PathBuf>,
    neighbours: Vec<PathBuf>,
}

impl Located {
    pub fn of(catalog: &Catalog, index: usize) -> Located {
        let location = catalog.location(index);
        Located {
            id: catalog.id(index).to_owned(),
            location,
            origin: catalog.origin(location).clone(),
            file: catalog.file_path(index),
            neighbours: trailer::neighbour_paths(catalog, index),
        }
    }

    pub fn read(self) -> Result<Article, ReadError> {
        let Located { id, location, origin, file, neighbours } = self;
        match origin {
            Origin::Folder(_) | Origin::Listed(_) => {
                read_file_article(&id, &file.unwrap_or_default(), &Evidence::neighbours(neighbours))
            }
            Origin::JsonLines(path) => jsonl::read_article_at(&path, location.offset),
            Origin::Builtin => builtin_article(location.offset as usize)
                .ok_or_else(|| ReadError { path: id, reason: "no such built-in article".into() }),
        }
    }
}

/// A fresh, empty temporary folder for a unit test, unique to this process and its name, and
/// removed when dropped.
#[cfg(test)]
pub(crate) struct ScratchDir(PathBuf);

#[cfg(test)]
impl ScratchDir {
    pub(crate) fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("folio-unit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        ScratchDir(dir)
    }
}

#[cfg(test)]
impl std::ops::Deref for ScratchDir {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

#[cfg(test)]
impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Loads a whole store in the foreground (for the commands), returning the warnings.
pub fn load_catalog(origins: Vec<Origin>, options: LoadOptions) -> (SharedCatalog, Vec<Warning>) {
    let catalog = Catalog::new(origins).shared();
    let warnings = std::sync::Mutex::new(Vec::new());
    let loaded = load(&catalog, &options, &|event| {
        if let LoadEvent::Warning(warning) = event {
            warnings.lock().unwrap().push(warning);
        }
        std::ops::ControlFlow::Continue(())
    });
    if let std::ops::ControlFlow::Continue(Some(rebuilt)) = loaded {
        catalog.write().unwrap().replace(rebuilt);
    }
    (catalog, warnings.into_inner().unwrap())
}

/// The origins for command-line paths; none given, the seeds built into the binary (never
/// whatever `./seeds` the current folder happens to hold).
pub fn default_origins(paths: &[PathBuf]) -> Vec<Origin> {
    if paths.is_empty() { vec![Origin::Builtin] } else { origins_for(paths) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut ids = vec!["b/10", "b/2", "a/010", "a/9", "a/10", "a10", "a"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["a", "a/9", "a/10", "a/010", "a10", "b/2", "b/10"]);
    }

    #[test]
    fn builtin_seed_parses_with_trailer() {
        let (catalog, warnings) = load_catalog(vec![Origin::Builtin], LoadOptions::default());
        assert!(warnings.is_empty());
        assert_eq!(catalog.read().unwrap().len(), 1);
        let seed = read_article(&catalog, 0).unwrap();
        assert!(seed.title.starts_with("Links Found To North Korean Goverment"));
        assert_eq!(seed.trailer(), ["WccfTech Tv", "Filter videos by"]);
        assert_eq!(seed.size.reading_minutes(), 2);
    }

    #[test]
    fn empty_file_takes_its_name() {
        let article = Article::from_bytes("dir/empty".into(), "p".into(), b"\n\n", false).unwrap();
        assert_eq!(article.title, "empty");
        assert!(article.flags.empty);
    }
}
