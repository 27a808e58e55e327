//! Finding article files under the store roots and reading them, in the foreground or streamed
//! from a background thread.

use super::Article;
use super::sanitize::sanitize_line;
use std::fmt;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files above this size are loaded up to it and flagged truncated, so one huge file cannot
/// exhaust memory.
pub const MAX_ARTICLE_BYTES: u64 = 8 * 1024 * 1024;
/// Articles sent to the UI at once: large enough to keep channel traffic low, small enough that
/// titles appear while the load goes on.
const BATCH: usize = 256;

/// A file to load and the id it will have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub path: PathBuf,
}

/// A file (or folder) that was skipped, and why. Both parts are sanitized for printing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: String,
    pub reason: String,
}

impl Warning {
    fn new(path: &Path, reason: impl fmt::Display) -> Self {
        Warning { path: sanitize_line(&path.to_string_lossy()), reason: sanitize_line(&reason.to_string()) }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "skipped '{}': {}", self.path, self.reason)
    }
}

/// A store root that cannot be opened at all.
#[derive(Debug)]
pub struct LoadError(pub Warning);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot open '{}': {}", self.0.path, self.0.reason)
    }
}

impl std::error::Error for LoadError {}

/// Fails on the first root that does not exist or cannot be read, before any work starts.
pub fn check_roots(roots: &[PathBuf]) -> Result<(), LoadError> {
    for root in roots {
        fs::metadata(root).map_err(|e| LoadError(Warning::new(root, e)))?;
    }
    Ok(())
}

/// Lists the article files under `roots` in store order (natural order of ids).
///
/// Folders are searched recursively for `*.txt` (any case); hidden entries are ignored and
/// symlinked folders are not followed, so there are no loops. A root that is a file is taken
/// whatever its name.
pub fn discover(roots: &[PathBuf]) -> (Vec<Source>, Vec<Warning>) {
    let mut sources = Vec::new();
    let mut warnings = Vec::new();
    for root in roots {
        match fs::metadata(root) {
            Ok(meta) if meta.is_dir() => walk(root, &mut sources, &mut warnings),
            Ok(_) => {
                sources.push(Source { id: id_of(Path::new(root.file_name().unwrap_or_default())), path: root.clone() })
            }
            Err(e) => warnings.push(Warning::new(root, e)),
        }
    }
    sources.sort_by(|a, b| super::natural_cmp(&a.id, &b.id));
    (sources, warnings)
}

fn walk(root: &Path, sources: &mut Vec<Source>, warnings: &mut Vec<Warning>) {
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                warnings.push(Warning::new(&dir, e));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    warnings.push(Warning::new(&dir, e));
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
                Ok(_) if is_article_name(&name) => {
                    let id = id_of(path.strip_prefix(root).unwrap_or(&path));
                    sources.push(Source { id, path });
                }
                Ok(_) => {}
                Err(e) => warnings.push(Warning::new(&path, e)),
            }
        }
    }
}

fn is_article_name(name: &str) -> bool {
    name.len() > 4 && name.get(name.len() - 4..).is_some_and(|ext| ext.eq_ignore_ascii_case(".txt"))
}

/// `business/001.txt` -> `business/001`.
fn id_of(relative: &Path) -> String {
    let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let mut id = sanitize_line(&parts.join("/"));
    if is_article_name(&id) {
        id.truncate(id.len() - 4);
    }
    id
}

/// Reads and parses one file. Anything but a regular file is refused before it is opened, so a
/// FIFO cannot block the load and a device cannot feed it forever.
pub fn read_article(source: &Source) -> Result<Article, Warning> {
    let warn = |reason: &dyn fmt::Display| Warning::new(&source.path, reason);
    let meta = fs::metadata(&source.path).map_err(|e| warn(&e))?;
    if meta.is_dir() {
        return Err(warn(&"is a directory"));
    }
    if !meta.is_file() {
        return Err(warn(&"not a regular file"));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_ARTICLE_BYTES) as usize);
    File::open(&source.path)
        .and_then(|f| f.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| warn(&e))?;
    let truncated = bytes.len() as u64 > MAX_ARTICLE_BYTES;
    bytes.truncate(MAX_ARTICLE_BYTES as usize);
    let path = sanitize_line(&source.path.to_string_lossy());
    Article::from_bytes(source.id.clone(), path, &bytes, truncated).map_err(|_| warn(&"binary file"))
}

/// Loads everything in the foreground, for the non-interactive commands.
pub fn load_all(roots: &[PathBuf]) -> Result<(Vec<Article>, Vec<Warning>), LoadError> {
    check_roots(roots)?;
    let (sources, mut warnings) = discover(roots);
    let mut articles = Vec::with_capacity(sources.len());
    for source in &sources {
        match read_article(source) {
            Ok(article) => articles.push(article),
            Err(warning) => warnings.push(warning),
        }
    }
    Ok((articles, warnings))
}

/// What a background load reports, in order: `Found` once, then batches and warnings, `Done`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadEvent {
    Found(usize),
    Articles(Vec<Article>),
    Warning(Warning),
    Done,
}

/// Loads `roots` on a new thread, handing each event to `send`; stops early once `send`
/// returns false (the UI has gone).
pub fn spawn_loader<F>(roots: Vec<PathBuf>, send: F) -> std::thread::JoinHandle<()>
where
    F: Fn(LoadEvent) -> bool + Send + 'static,
{
    std::thread::Builder::new()
        .name("folio-loader".into())
        .spawn(move || {
            let (sources, warnings) = discover(&roots);
            if !send(LoadEvent::Found(sources.len())) {
                return;
            }
            for warning in warnings {
                send(LoadEvent::Warning(warning));
            }
            let mut batch = Vec::with_capacity(BATCH);
            for source in &sources {
                match read_article(source) {
                    Ok(article) => batch.push(article),
                    Err(warning) => {
                        if !send(LoadEvent::Warning(warning)) {
                            return;
                        }
                    }
                }
                if batch.len() == BATCH && !send(LoadEvent::Articles(std::mem::take(&mut batch))) {
                    return;
                }
            }
            if !batch.is_empty() {
                send(LoadEvent::Articles(batch));
            }
            send(LoadEvent::Done);
        })
        .expect("spawning the loader thread")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("folio-load-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn discovers_txt_files_in_natural_order_skipping_hidden() {
        let dir = scratch("discover");
        for name in ["a/10.txt", "a/2.TXT", "b.txt", ".hidden/x.txt", "a/.x.txt", "notes.md", "c.txt~"] {
            let path = dir.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "Title\n\nBody.").unwrap();
        }
        std::os::unix::fs::symlink(dir.join("a"), dir.join("linked")).unwrap();
        let (sources, warnings) = discover(std::slice::from_ref(&dir));
        let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a/2", "a/10", "b"]);
        assert!(warnings.is_empty());
    }

    #[test]
    fn bad_files_are_skipped_with_a_warning_naming_them() {
        let dir = scratch("bad");
        fs::write(dir.join("good.txt"), "Good\n\nText.").unwrap();
        fs::write(dir.join("bin.txt"), b"\x7fELF\0\0").unwrap();
        fs::create_dir(dir.join("dir.txt")).unwrap();
        std::os::unix::fs::symlink("/dev/null", dir.join("dev.txt")).unwrap();
        std::os::unix::fs::symlink(dir.join("missing"), dir.join("dangling.txt")).unwrap();
        let status = std::process::Command::new("mkfifo").arg(dir.join("fifo.txt")).status();
        let (articles, warnings) = load_all(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(articles.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["good"]);
        let mut text: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        text.sort();
        let expected_fifo = status.is_ok_and(|s| s.success());
        assert_eq!(text.len(), 3 + usize::from(expected_fifo), "{text:?}");
        assert!(text.iter().any(|w| w.contains("bin.txt': binary file")), "{text:?}");
        assert!(text.iter().any(|w| w.contains("dev.txt': not a regular file")), "{text:?}");
        assert!(text.iter().any(|w| w.contains("dangling.txt'")), "{text:?}");
    }

    #[test]
    fn a_missing_root_is_an_error_naming_it() {
        let err = load_all(&[PathBuf::from("/no/such/folio-dir")]).unwrap_err();
        assert!(err.to_string().starts_with("cannot open '/no/such/folio-dir': "), "{err}");
    }

    #[test]
    fn the_background_loader_streams_everything() {
        let dir = scratch("stream");
        for i in 0..300 {
            fs::write(dir.join(format!("{i}.txt")), format!("Title {i}\n\nBody.")).unwrap();
        }
        let (tx, rx) = std::sync::mpsc::channel();
        spawn_loader(vec![dir], move |event| tx.send(event).is_ok()).join().unwrap();
        let events: Vec<LoadEvent> = rx.iter().collect();
        assert!(matches!(events[0], LoadEvent::Found(300)));
        assert!(matches!(events.last(), Some(LoadEvent::Done)));
        let titles: Vec<String> = events
            .iter()
            .filter_map(|e| if let LoadEvent::Articles(a) = e { Some(a) } else { None })
            .flatten()
            .map(|a| a.title.clone())
            .collect();
        assert_eq!(titles.len(), 300);
        assert_eq!(titles[2], "Title 2");
        assert_eq!(titles[10], "Title 10");
    }
}
