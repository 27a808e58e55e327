//! Finding article files under a folder and reading their titles (cheaply) or bodies (fully).

use super::encoding::{PROBE_BYTES, decode};
pub use super::index::ItemStamp;
use super::inflate::inflated;
use super::kind::{self, FileKind, Kind};
use super::parse::title_of;
use super::sanitize::sanitize_line;
use super::{Article, Evidence};
use std::fmt;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// Files above this size are loaded up to it and flagged truncated, so one huge file cannot
/// exhaust memory.
pub const MAX_ARTICLE_BYTES: u64 = 8 * 1024 * 1024;

/// A file to load and the id it will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    /// Relative to the folder root (the file name for a root that is a file).
    pub relative: PathBuf,
    pub path: PathBuf,
}

/// The relative path, when it is not simply `<id>.txt` (and so cannot be rebuilt from the id).
pub fn unusual_path(relative: &Path, id: &str) -> Option<PathBuf> {
    (relative.as_os_str() != format!("{id}.txt").as_str()).then(|| relative.to_path_buf())
}

/// Why a file (or folder) could not be read. Both parts are sanitized for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub path: String,
    pub reason: String,
}

impl ReadError {
    pub fn new(path: &Path, reason: impl fmt::Display) -> Self {
        ReadError { path: sanitize_line(&path.to_string_lossy()), reason: sanitize_line(&reason.to_string()) }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read '{}': {}", self.path, self.reason)
    }
}

impl std::error::Error for ReadError {}

/// A file (or folder) a load skipped, because it could not be read; the rest loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning(pub ReadError);

impl Warning {
    pub(super) fn from_path(path: &Path, reason: impl fmt::Display) -> Self {
        Warning(ReadError::new(path, reason))
    }
}

impl From<ReadError> for Warning {
    fn from(error: ReadError) -> Self {
        Warning(error)
    }
}

impl std::ops::Deref for Warning {
    type Target = ReadError;
    fn deref(&self) -> &ReadError {
        &self.0
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "skipped '{}': {}", self.path, self.reason)
    }
}

/// Lists the article files of one root in store order (natural order of ids).
///
/// Folders are searched recursively for the files folio reads (by name, see
/// [`kind::of_name`]; a name without an extension when it starts with text); hidden entries
/// are ignored and symlinked folders are not followed, so there are no loops. A root that is
/// a file is taken whatever its name.
pub fn discover(root: &Path) -> (Vec<Source>, Vec<Warning>) {
    let mut sources = Vec::new();
    let mut warnings = Vec::new();
    match fs::metadata(root) {
        Ok(meta) if meta.is_dir() => {
            let mut others = Others::default();
            walk(root, &mut sources, &mut warnings, &mut others);
            if sources.is_empty() {
                warnings.push(Warning::from_path(root, others.explain()));
            }
        }
        Ok(_) => {
            let relative = PathBuf::from(root.file_name().unwrap_or_default());
            sources.push(Source { id: id_of(&relative, kind::in_maildir(root)), relative, path: root.to_path_buf() });
        }
        Err(e) => warnings.push(Warning::from_path(root, e)),
    }
    sources.sort_by(|a, b| super::natural_cmp(&a.id, &b.id));
    keep_ids_apart(&mut sources);
    (sources, warnings)
}

/// `notes/a.md` beside `notes/a.txt`: both would be `notes/a`, and one could never be
/// opened, linked or remembered; each keeps its extension in its id instead.
fn keep_ids_apart(sources: &mut [Source]) {
    let mut at = 0;
    while at < sources.len() {
        let same = sources[at..].iter().take_while(|s| s.id == sources[at].id).count();
        if same > 1 {
            for source in &mut sources[at..at + same] {
                let parts: Vec<String> =
                    source.relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                source.id = sanitize_line(&parts.join("/"));
            }
            sources[at..at + same].sort_by(|a, b| super::natural_cmp(&a.id, &b.id));
        }
        at += same;
    }
}

/// The files of a folder that are no articles: how many, and the first few names.
#[derive(Default)]
struct Others {
    count: usize,
    names: Vec<String>,
}

impl Others {
    fn note(&mut self, name: &str) {
        self.count += 1;
        if self.names.len() < 3 {
            self.names.push(sanitize_line(name));
        }
    }

    /// Why a folder gave no article: `no articles in it (17 other files, e.g. a.png, main.rs)`.
    fn explain(&self) -> String {
        match self.count {
            0 => "no articles in it (it is empty)".to_owned(),
            n => {
                let mut names = self.names.clone();
                names.sort();
                let files = if n == 1 { "file" } else { "files" };
                format!("no articles in it ({n} other {files}, e.g. {})", names.join(", "))
            }
        }
    }
}

fn walk(root: &Path, sources: &mut Vec<Source>, warnings: &mut Vec<Warning>, others: &mut Others) {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                warnings.push(Warning::from_path(&dir, e));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    warnings.push(Warning::from_path(&dir, e));
                    continue;
                }
            };
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with('#') {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(_) if is_article(&name, &path) => {
                    let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                    sources.push(Source { id: id_of(&relative, kind::in_maildir(&path)), relative, path });
                }
                Ok(_) => others.note(&name),
                Err(e) => warnings.push(Warning::from_path(&path, e)),
            }
        }
    }
}

/// Whether a file in a folder is an article: its name says a kind folio reads (see
/// [`kind::of_name`]), and a name without an extension (`README`, `NEWS`) starts with text.
fn is_article(name: &str, path: &Path) -> bool {
    if kind::in_maildir(path) {
        return true;
    }
    match kind::of_name(name) {
        Some(kind) if kind.sniff => starts_with_text(path),
        Some(_) => true,
        None => false,
    }
}

/// Whether a file's first bytes are text (no NUL, as `grep` and `git` tell) and not a
/// script's (`#!`), read without waiting on a FIFO; a file that cannot be read is left to the
/// load to name.
fn starts_with_text(path: &Path) -> bool {
    // A symlink to a folder, a FIFO, a socket: no article (and never followed).
    if fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return false;
    }
    let Ok((file, meta)) = open_regular(path) else { return true };
    let Ok(bytes) = read_prefix(file, meta.len().min(1024)) else { return true };
    !bytes.contains(&0) && !bytes.starts_with(b"#!")
}

/// `name` without its article extension (`.txt`, `.md`, `.html.gz`, any case), if it has one.
pub fn without_article_extension(name: &str) -> &str {
    &name[..name.len() - kind::article_extension(name).unwrap_or(0)]
}

/// `business/001.txt` -> `business/001`, `notes/todo.md` -> `notes/todo`; a message of a
/// maildir (`in_maildir`, see [`kind::in_maildir`]) by its maildir and unique name.
pub fn id_of(relative: &Path, in_maildir: bool) -> String {
    let mut parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    // A maildir's message moves from `new/` to `cur/` and gains flags (`:2,S`, or `!2,S`
    // where `:` cannot be in a name) once read: its id leaves both out, so that reading it
    // does not make it another article.
    if in_maildir && let [.., _folder, name] = &parts[..] {
        let unique = name.split_once(":2,").or_else(|| name.split_once("!2,")).map_or(name.as_str(), |(u, _)| u);
        let unique = unique.to_owned();
        parts.truncate(parts.len() - 2);
        parts.push(unique);
        return sanitize_line(&parts.join("/"));
    }
    without_article_extension(&sanitize_line(&parts.join("/"))).to_owned()
}

/// What the catalog and the index keep of a file: its title and what tells a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleInfo {
    pub title: String,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub mtime: i64,
    /// A Markdown note's tags (front matter, `#tags`), from the same first bytes.
    pub tags: Vec<String>,
    /// A feed's item or a mailbox's message: its own stamp (`size` and `mtime` are its file's).
    pub item: Option<ItemStamp>,
}

/// Size and modification time, which decide whether a cached title is still good.
pub fn stamp(meta: &fs::Metadata) -> (u64, i64) {
    let mtime = meta.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok());
    (meta.len(), mtime.map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)))
}

/// Opens a regular file, refusing anything else. Stat-ing the descriptor rather than the
/// path walks the path once per file, not twice (path lookup was the biggest kernel cost of a
/// hot load), so a special file is opened before it is refused: without waiting (a FIFO
/// cannot block the load), never as a controlling terminal, and refused before a byte is read
/// (a device cannot feed it forever). A path that cannot be opened is named for what it is,
/// where that is the reason.
fn open_regular(path: &Path) -> Result<(File, fs::Metadata), ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    let refuse = |meta: &fs::Metadata| match meta.is_dir() {
        true => Some(ReadError::new(path, "is a directory")),
        false => (!meta.is_file()).then(|| ReadError::new(path, "not a regular file")),
    };
    let opened = fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path);
    let file = match opened {
        Ok(file) => file,
        Err(e) => {
            return Err(fs::metadata(path).ok().and_then(|m| refuse(&m)).unwrap_or_else(|| ReadError::new(path, e)));
        }
    };
    let meta = file.metadata().map_err(|e| ReadError::new(path, e))?;
    match refuse(&meta) {
        Some(refused) => Err(refused),
        None => Ok((file, meta)),
    }
}

fn read_up_to(file: impl Read, limit: u64, capacity: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(capacity.min(limit as usize));
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Reads up to [`PROBE_BYTES`] bytes, stopping at the size the file said it had: a small file
/// then costs one `read`, not a second one to see the end.
fn read_prefix(mut file: File, size: u64) -> std::io::Result<Vec<u8>> {
    let want = size.min(PROBE_BYTES as u64) as usize;
    // Zeroed memory costs as much as the read: no more than the file said it holds.
    let mut bytes = vec![0; want.max(1)];
    let mut filled = 0;
    while filled < want.max(1) {
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// A collection (a feed, an mbox) is read up to this much; its items each count up to
/// [`MAX_ARTICLE_BYTES`].
pub const MAX_COLLECTION_BYTES: u64 = 64 * 1024 * 1024;

/// The titles a file gives the store, each with its id: one for an article file, one an item
/// for a feed or a mailbox (`news.xml/rivers-rise-after-storm`: the file's name whole, so no
/// article of a folder `news/` can have it); with a warning when only part of it was read.
pub fn read_titles(source: &Source) -> Result<Titles, ReadError> {
    let kind = kind::of_path(&source.path);
    if !kind.kind.is_collection() {
        return Ok((vec![(source.id.clone(), read_title(source)?)], None));
    }
    let opened = open_collection(&source.path, kind)?;
    let (size, mtime) = opened.stamp;
    let file = sanitize_line(&source.relative.to_string_lossy());
    let titles = opened
        .collection
        .items()
        .map(|item| {
            let title = if item.document.title.is_empty() { item.key.clone() } else { item.document.title.clone() };
            let time = item.time.map_or(mtime, |t| t.saturating_mul(1_000_000_000));
            let stamp = ItemStamp { size: item.size, time, version: item.version };
            (format!("{file}/{}", item.key), TitleInfo { title, size, mtime, tags: Vec::new(), item: Some(stamp) })
        })
        .collect();
    let cut = opened
        .cut
        .then(|| ReadError::new(&source.path, format!("only its first {} MiB read", MAX_COLLECTION_BYTES >> 20)));
    Ok((titles, cut))
}

/// A file's articles, each with its id, and what kept some from being read.
pub type Titles = (Vec<(String, TitleInfo)>, Option<ReadError>);

/// A collection as parsed, with the stamp of the file it was read from and whether the file
/// held more than [`MAX_COLLECTION_BYTES`].
struct Opened {
    collection: super::collection::Collection,
    stamp: (u64, i64),
    cut: bool,
}

/// The four collections parsed last, kept while their files stay the same: listing a feed and
/// then opening (or indexing) each of its items parses it once, not once an item.
static OPENED: std::sync::Mutex<Vec<(PathBuf, std::sync::Arc<Opened>)>> = std::sync::Mutex::new(Vec::new());
const OPENED_KEPT: usize = 4;
static PARSING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn open_collection(path: &Path, kind: FileKind) -> Result<std::sync::Arc<Opened>, ReadError> {
    let (file, meta) = open_regular(path)?;
    let stamp = stamp(&meta);
    let kept = |opened: &[(PathBuf, std::sync::Arc<Opened>)]| {
        opened.iter().find(|(p, o)| p == path && o.stamp == stamp).map(|(_, o)| o.clone())
    };
    if let Some(opened) = kept(&OPENED.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(opened);
    }
    // One parse at a time: the indexing threads asking for items of one mailbox wait for its
    // parse rather than each parsing it (and holding it) at once.
    let _parsing = PARSING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(opened) = kept(&OPENED.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(opened);
    }
    let capacity = stamp.0.min(MAX_COLLECTION_BYTES) as usize;
    let text = inflated(file, kind).map_err(|e| ReadError::new(path, e))?;
    let mut bytes =
        read_up_to(text, MAX_COLLECTION_BYTES + 1, capacity * kind.growth()).map_err(|e| ReadError::new(path, e))?;
    let cut = bytes.len() as u64 > MAX_COLLECTION_BYTES;
    bytes.truncate(MAX_COLLECTION_BYTES as usize);
    let collection = super::collection::Collection::open(kind.kind, &bytes, MAX_ARTICLE_BYTES as usize)
        .map_err(|e| ReadError::new(path, e))?;
    let opened = std::sync::Arc::new(Opened { collection, stamp, cut });
    let mut kept = OPENED.lock().unwrap_or_else(|e| e.into_inner());
    kept.retain(|(p, _)| p != path);
    if kept.len() >= OPENED_KEPT {
        kept.remove(0);
    }
    kept.push((path.to_path_buf(), opened.clone()));
    Ok(opened)
}

/// Reads just enough of a file for its title; the file name stands in for an empty file.
pub fn read_title(source: &Source) -> Result<TitleInfo, ReadError> {
    let kind = kind::of_path(&source.path);
    let (file, meta) = open_regular(&source.path)?;
    let (size, mtime) = stamp(&meta);
    let unreadable = |e: super::DecodeError| ReadError::new(&source.path, e);
    let (title, tags) = match kind.kind {
        // A book's title is in its package document, which the zip's directory finds.
        Kind::Epub => {
            drop(file);
            let (title, _) = super::epub::title_of(&source.path).map_err(|e| ReadError::new(&source.path, e))?;
            (Some(title).filter(|t| !t.is_empty()), Vec::new())
        }
        _ => {
            // A page's `<head>`, or a message's headers, can be long.
            let long = matches!(kind.kind, Kind::Html | Kind::Mail);
            let probe = if long { super::html::TITLE_PROBE_BYTES } else { PROBE_BYTES };
            let (bytes, complete) = read_start(file, size, kind, probe).map_err(|e| ReadError::new(&source.path, e))?;
            match kind.kind {
                // Front matter and badges come before a Markdown note's title: the probe is read
                // as the whole file would be.
                Kind::Markdown => {
                    let document = super::markdown::parse(&decode(&bytes, complete).map_err(unreadable)?.text);
                    (Some(document.title).filter(|t| !t.is_empty()), document.meta.tags)
                }
                Kind::Html => {
                    let text = super::html::decode(&bytes, complete).map_err(unreadable)?.text;
                    (super::html::title_of(&text), Vec::new())
                }
                Kind::Org | Kind::AsciiDoc => {
                    let text = decode(&bytes, complete).map_err(unreadable)?.text;
                    let read = if kind.kind == Kind::Org {
                        super::dialect::org(&text)
                    } else {
                        super::dialect::asciidoc(&text)
                    };
                    (title_of(&read), Vec::new())
                }
                Kind::Mail => {
                    let subject = super::mail::message(&bytes, false).map(|(document, _)| document.title);
                    (subject.filter(|s| !s.is_empty()), Vec::new())
                }
                Kind::Text | Kind::Epub | Kind::Feed | Kind::Mbox => {
                    (title_from_probe(&bytes, complete).map_err(unreadable)?, Vec::new())
                }
            }
        }
    };
    let title = title.unwrap_or_else(|| source.id.rsplit('/').next().unwrap_or("").to_owned());
    Ok(TitleInfo { title, size, mtime, tags, item: None })
}

/// The first `probe` bytes of a file's text (inflated, if it is compressed), and whether they are
/// all of it.
fn read_start(file: File, size: u64, kind: FileKind, probe: usize) -> std::io::Result<(Vec<u8>, bool)> {
    if kind.compression.is_some() {
        let bytes = read_up_to(inflated(file, kind)?, probe as u64 + 1, probe)?;
        let complete = bytes.len() <= probe;
        return Ok((bytes[..bytes.len().min(probe)].to_vec(), complete));
    }
    let bytes = if probe == PROBE_BYTES { read_prefix(file, size)? } else { read_up_to(file, probe as u64, probe)? };
    let complete = bytes.len() as u64 >= size;
    Ok((bytes, complete))
}

/// The title in the first bytes of a file, as decoding the whole file would find it. UTF-16 is
/// decoded whole (the probe is small); otherwise the lines up to the title are read as UTF-8,
/// and only when they hold a non-ASCII byte does the encoding matter enough to be decided (an
/// ASCII title reads the same in every ASCII-compatible encoding, and most titles are ASCII).
fn title_from_probe(bytes: &[u8], complete: bool) -> Result<Option<String>, super::DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(title_of(&decode(bytes, complete)?.text));
    }
    let (title, non_ascii) = title_of_utf8(bytes, complete)?;
    let unicode = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if non_ascii && super::encoding::sniff(unicode, complete).is_some() {
        return Ok(title_of(&decode(bytes, complete)?.text));
    }
    Ok(title)
}

/// The title of UTF-8 (or stray-byte-damaged) text, decoding only the lines up to it (the same
/// result as decoding everything first, since UTF-8 resynchronizes at every newline), and
/// whether those lines hold a non-ASCII byte.
fn title_of_utf8(bytes: &[u8], complete: bool) -> Result<(Option<String>, bool), super::DecodeError> {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if memchr::memchr(0, &bytes[..bytes.len().min(PROBE_BYTES)]).is_some() {
        return Err(super::DecodeError::Binary);
    }
    let mut non_ascii = false;
    let mut lines = bytes.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        non_ascii |= !line.is_ascii();
        // A character cut by the 8 KiB probe is not the file's fault: drop it, do not flag it.
        let line = match std::str::from_utf8(line) {
            Err(e) if !complete && lines.peek().is_none() && e.error_len().is_none() => &line[..e.valid_up_to()],
            _ => line,
        };
        if let Some(title) = title_of(&String::from_utf8_lossy(line)) {
            return Ok((Some(title), non_ascii));
        }
    }
    Ok((None, non_ascii))
}

/// Reads and parses a whole file (up to [`MAX_ARTICLE_BYTES`] of text, inflated if it is
/// gzip'd; a book up to that much per chapter), `evidence` deciding its trailer.
pub fn read_file_article(id: &str, path: &Path, evidence: &Evidence) -> Result<Article, ReadError> {
    let evidence = if super::trailer::detection() { evidence } else { &Evidence::Never };
    let kind = kind::of_path(path);
    let (file, meta) = open_regular(path)?;
    let shown_path = sanitize_line(&path.to_string_lossy());
    if kind.kind.is_collection() {
        // An item of a feed or a mailbox, found by its key in the file as last parsed.
        drop(file);
        let key = id.rsplit('/').next().unwrap_or(id);
        let item = open_collection(path, kind)?
            .collection
            .read(key)
            .ok_or_else(|| ReadError::new(path, format!("no item '{}' in it any more", sanitize_line(key))))?;
        return Ok(Article::of_book(id.to_owned(), shown_path, item, super::Flags::default()));
    }
    if kind.kind == Kind::Epub {
        // A book is read from its zip in place: its images are never loaded.
        let (document, cut) =
            super::epub::read(file, MAX_ARTICLE_BYTES as usize).map_err(|e| ReadError::new(path, e))?;
        let flags = super::Flags { truncated: cut, ..super::Flags::default() };
        return Ok(Article::of_book(id.to_owned(), shown_path, document, flags));
    }
    let capacity = meta.len().min(MAX_ARTICLE_BYTES) as usize;
    let mut bytes = read_up_to(
        inflated(file, kind).map_err(|e| ReadError::new(path, e))?,
        MAX_ARTICLE_BYTES + 1,
        capacity * kind.growth(),
    )
    .map_err(|e| ReadError::new(path, e))?;
    let truncated = bytes.len() as u64 > MAX_ARTICLE_BYTES;
    bytes.truncate(MAX_ARTICLE_BYTES as usize);
    // A Markdown note's author wrote every line of it: nothing at its end is a site's footer.
    Article::read(id.to_owned(), shown_path, &bytes, truncated, super::Format::of_path(path, evidence))
        .map_err(|e| ReadError::new(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> super::super::ScratchDir {
        super::super::ScratchDir::new(&format!("load-{name}"))
    }

    #[test]
    fn names_without_a_dot_are_articles_when_they_start_with_text_that_is_no_script() {
        let dir = scratch("sniffed");
        fs::write(dir.join("NEWS"), "Release 2\n\nIt is out.\n").unwrap();
        fs::write(dir.join("build-docs"), "#!/bin/sh\nmake docs\n").unwrap();
        fs::write(dir.join("blob"), b"ab\0cd").unwrap();
        assert_eq!(discover(&dir).0.into_iter().map(|s| s.id).collect::<Vec<_>>(), ["NEWS"]);
    }

    #[test]
    fn a_maildir_message_keeps_its_id_from_new_to_cur_and_other_cur_folders_keep_their_paths() {
        let dir = scratch("maildir-ids");
        let message = b"From: a@b\nSubject: Hi\n\nText.\n";
        for folder in ["mail/inbox/tmp", "mail/inbox/new", "mail/inbox/cur", "notes/cur"] {
            fs::create_dir_all(dir.join(folder)).unwrap();
        }
        fs::write(dir.join("mail/inbox/new/1700000000.M1P2.host"), message).unwrap();
        fs::write(dir.join("notes/cur/1700000000.M1P2.host:2,S.txt"), "Note\n\nNot mail.\n").unwrap();
        let ids = || {
            let mut ids: Vec<String> = discover(&dir).0.into_iter().map(|s| s.id).collect();
            ids.sort();
            ids
        };
        let before = ids();
        assert_eq!(before, ["mail/inbox/1700000000.M1P2.host", "notes/cur/1700000000.M1P2.host:2,S"]);
        fs::rename(
            dir.join("mail/inbox/new/1700000000.M1P2.host"),
            dir.join("mail/inbox/cur/1700000000.M1P2.host:2,S"),
        )
        .unwrap();
        assert_eq!(ids(), before, "read, the message is the same article");
    }

    #[test]
    fn a_note_and_a_text_of_one_name_keep_their_extensions_as_ids() {
        let dir = scratch("same-name");
        for name in ["evil.md", "evil.txt", "only.md"] {
            std::fs::write(dir.join(name), "Title\n").unwrap();
        }
        let (sources, _) = discover(&dir);
        let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["evil.md", "evil.txt", "only"]);
    }

    #[test]
    fn discovers_txt_and_md_files_in_natural_order_skipping_hidden() {
        let dir = scratch("discover");
        for name in ["a/10.txt", "a/2.TXT", "b.txt", ".hidden/x.txt", "a/.x.txt", "notes.md", "c.txt~"] {
            let path = dir.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "Title\n\nBody.").unwrap();
        }
        std::os::unix::fs::symlink(dir.join("a"), dir.join("linked")).unwrap();
        let (sources, warnings) = discover(&dir);
        let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a/2", "a/10", "b", "notes"], "Markdown notes are articles too");
        assert_eq!(sources[3].relative, PathBuf::from("notes.md"));
        assert_eq!(unusual_path(&sources[0].relative, "a/2"), Some(PathBuf::from("a/2.TXT")));
        assert_eq!(unusual_path(&sources[1].relative, "a/10"), None);
        assert!(warnings.is_empty());
    }

    #[test]
    fn titles_come_from_the_first_bytes_only() {
        let dir = scratch("title");
        let long = format!("\n\n  \x1b[1mBig\x1b[0m title \n\n{}", "word ".repeat(10_000));
        fs::write(dir.join("big.txt"), &long).unwrap();
        fs::write(dir.join("empty.txt"), "\n \n").unwrap();
        let source =
            |name: &str| Source { id: name.into(), relative: name.into(), path: dir.join(format!("{name}.txt")) };
        let info = read_title(&source("big")).unwrap();
        assert_eq!((info.title.as_str(), info.size), ("Big title", long.len() as u64));
        assert_eq!(read_title(&source("empty")).unwrap().title, "empty");
        // A title after the first 8 KiB is never seen: the file is named by its name.
        fs::write(dir.join("late.txt"), format!("{}Late title\n\nBody.", "\n".repeat(PROBE_BYTES))).unwrap();
        assert_eq!(read_title(&source("late")).unwrap().title, "late");
        assert_eq!(read_file_article("late", &dir.join("late.txt"), &Evidence::Alone).unwrap().title, "Late title");
    }

    proptest::proptest! {
        #[test]
        fn the_quick_title_equals_the_full_decode(bytes in proptest::collection::vec(
            proptest::prop_oneof![proptest::prelude::any::<u8>(), proptest::prelude::Just(b'\n'), proptest::prelude::Just(b' ')], 0..300)) {
            proptest::prop_assume!(!bytes.starts_with(&[0xFF, 0xFE]) && !bytes.starts_with(&[0xFE, 0xFF]));
            let quick = title_from_probe(&bytes, true).ok();
            let full = super::super::decode(&bytes, true).ok().map(|d| title_of(&d.text));
            proptest::prop_assert_eq!(quick, full);
        }
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let dir = scratch("bad");
        fs::write(dir.join("bin.txt"), b"\x7fELF\0\0").unwrap();
        fs::create_dir(dir.join("dir.txt")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join("dev.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("missing"), dir.join("dangling.txt")).unwrap();
        let reason = |name: &str| {
            let source = Source { id: name.into(), relative: name.into(), path: dir.join(name) };
            read_title(&source).unwrap_err().reason
        };
        assert_eq!(reason("bin.txt"), "binary file");
        assert_eq!(reason("dir.txt"), "is a directory");
        assert_eq!(reason("dev.txt"), "not a regular file");
        assert_eq!(reason("dangling.txt"), "No such file or directory (os error 2)");
    }
}
