//! Trailer evidence: site boilerplate is what recurs at the end of a folder's other articles.
//
// A short last line may be boilerplate ("Filter videos by") or the article's own ending (a
// referee's name, the last nominee). The lines alone cannot tell; the folder can: boilerplate
// ends the neighbouring articles too.

use super::encoding::decode;
use super::encoding::decode_entities;
use super::sanitize::sanitize_line;
use super::{Catalog, Origin};
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Neighbours of the same folder whose endings are read, nearest in store order first.
const NEIGHBOURS: usize = 8;
/// How far from the article, in store order, neighbours are looked for.
const SEARCH_SPAN: usize = 64;
/// The bytes read from the end of a neighbour: room for any trailer.
const TAIL_BYTES: u64 = 4 * 1024;
/// Last lines of a neighbour that count as its ending.
const ENDING_LINES: usize = 6;
/// With no neighbours, a trailer line has at most this many words.
const ALONE_MAX_WORDS: usize = 5;

/// Whether trailers are looked for at all (the config's `trailer`; on unless set off).
static DETECTION: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Turns trailer detection on or off for this process (the config's `trailer` setting).
pub fn set_detection(on: bool) {
    DETECTION.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether trailers are looked for.
pub fn detection() -> bool {
    DETECTION.load(std::sync::atomic::Ordering::Relaxed)
}

/// What decides whether short last lines are a trailer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// Nothing at the end is boilerplate: a Markdown note (its author wrote every line), or
    /// trailer detection turned off.
    Never,
    /// The store's only article: nothing to compare with, so only lines of a few words without
    /// digits, like "Filter videos by", set apart by two or more blank lines as a page's
    /// footer is, are taken for boilerplate (a note's last line, "Buy milk and eggs", is not).
    Alone,
    /// How many neighbours end with each line, and how many neighbours were read: a line is
    /// boilerplate when two of them (or the one there is) end with it too.
    Endings { lines: HashMap<String, usize>, neighbours: usize },
    /// The neighbours' files, read only when a line needs judging: most articles end with a
    /// sentence, which no evidence can make boilerplate, so their neighbours are never read.
    Unread { paths: Vec<PathBuf>, read: std::cell::OnceCell<Box<Evidence>> },
}

impl Evidence {
    /// Evidence from the endings of `texts`, the neighbours' tails.
    pub fn from_endings<'a>(texts: impl IntoIterator<Item = &'a str>) -> Evidence {
        let mut lines: HashMap<String, usize> = HashMap::new();
        let mut neighbours = 0;
        for text in texts {
            neighbours += 1;
            // Compared without case: sites change "Share this article" to "Share This Article".
            // Lazily: only the ending's lines are cleaned, not the whole tail.
            let mut ending: Vec<String> = text
                .lines()
                .rev()
                .map(|l| crate::fold::lower(&sanitize_line(&decode_entities(l))))
                .filter(|l| !l.is_empty())
                .take(ENDING_LINES)
                .collect();
            ending.sort_unstable();
            ending.dedup();
            for line in ending {
                *lines.entry(line).or_default() += 1;
            }
        }
        Evidence::Endings { lines, neighbours }
    }

    /// Whether `line`, short and ending no sentence, is boilerplate rather than content.
    pub fn is_boilerplate(&self, line: &str) -> bool {
        let line = line.trim();
        match self {
            Evidence::Never => false,
            Evidence::Alone => {
                line.split_whitespace().count() <= ALONE_MAX_WORDS && !line.chars().any(char::is_numeric)
            }
            Evidence::Endings { lines, neighbours } => {
                lines.get(&crate::fold::lower(line)).is_some_and(|&seen| seen >= (*neighbours).clamp(1, 2))
            }
            Evidence::Unread { paths, read } => {
                read.get_or_init(|| Box::new(Evidence::read(paths))).is_boilerplate(line)
            }
        }
    }

    /// Whether the evidence is the article's own shape alone (no neighbour could be read).
    pub fn is_alone(&self) -> bool {
        match self {
            Evidence::Alone => true,
            Evidence::Never | Evidence::Endings { .. } => false,
            Evidence::Unread { paths, read } => read.get_or_init(|| Box::new(Evidence::read(paths))).is_alone(),
        }
    }

    /// The evidence of the neighbours at `paths` (from [`neighbour_paths`]), read when first
    /// needed.
    pub fn neighbours(paths: Vec<PathBuf>) -> Evidence {
        Evidence::Unread { paths, read: std::cell::OnceCell::new() }
    }

    /// The evidence for an article: the endings of its neighbours' files (from
    /// [`neighbour_paths`]), read outside the catalog's lock; [`Evidence::Alone`] when it has
    /// none (the only article of its store or folder) or none could be read.
    pub fn read(paths: &[PathBuf]) -> Evidence {
        let tails: Vec<std::sync::Arc<str>> = paths.iter().filter_map(|path| cached_tail(path)).collect();
        match tails.is_empty() {
            true => Evidence::Alone,
            false => Evidence::from_endings(tails.iter().map(|tail| &**tail)),
        }
    }
}

/// The files of up to [`NEIGHBOURS`] articles next to `index` in store order that share its
/// folder origin and its id's folder.
pub fn neighbour_paths(catalog: &Catalog, index: usize) -> Vec<PathBuf> {
    let folder_of = |id: &str| id.rsplit_once('/').map_or("", |(folder, _)| folder).to_owned();
    let (origin, folder) = (catalog.location(index).origin, folder_of(catalog.id(index)));
    let same_folder = |i: usize| {
        let location = catalog.location(i);
        location.origin == origin
            && matches!(catalog.origin(location), Origin::Folder(_) | Origin::Listed(_))
            && folder_of(catalog.id(i)) == folder
    };
    let nearest = (1..=SEARCH_SPAN).flat_map(|d| [index.checked_sub(d), Some(index + d)]).flatten();
    nearest
        .filter(|&i| i < catalog.len() && same_folder(i))
        .filter_map(|i| catalog.file_path(i))
        .take(NEIGHBOURS)
        .collect()
}

/// Tails read lately, by path, size and modification time: `export` and `list --json` read
/// every article in store order, and each one's neighbours are mostly the last one's.
type TailCache = Vec<((PathBuf, u64, Option<std::time::SystemTime>), Option<std::sync::Arc<str>>)>;
static TAILS: std::sync::Mutex<TailCache> = std::sync::Mutex::new(Vec::new());
const CACHED_TAILS: usize = 4 * NEIGHBOURS;

/// [`read_tail`], remembered while the file stays the same.
fn cached_tail(path: &Path) -> Option<std::sync::Arc<str>> {
    let meta = std::fs::metadata(path).ok()?;
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    if let Some((_, tail)) = TAILS.lock().ok()?.iter().find(|(k, _)| *k == key) {
        return tail.clone();
    }
    let tail: Option<std::sync::Arc<str>> = read_tail(path).map(Into::into);
    let mut tails = TAILS.lock().ok()?;
    if tails.len() == CACHED_TAILS {
        tails.remove(0);
    }
    tails.push((key, tail.clone()));
    tail
}

/// The last few KiB of a file, decoded; `None` when it cannot be read.
fn read_tail(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let start = len.saturating_sub(TAIL_BYTES);
    file.seek(SeekFrom::Start(start)).ok()?;
    let mut bytes = Vec::with_capacity(TAIL_BYTES as usize);
    file.take(TAIL_BYTES).read_to_end(&mut bytes).ok()?;
    // A char cut at the start of the tail is skipped, not replaced.
    let skip = if start > 0 { bytes.iter().take(3).take_while(|&&b| b & 0xc0 == 0x80).count() } else { 0 };
    decode(&bytes[skip..], true).ok().map(|decoded| decoded.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alone_few_words_without_digits_are_boilerplate() {
        assert!(Evidence::Alone.is_boilerplate("Filter videos by"));
        assert!(!Evidence::Alone.is_boilerplate("8,661"));
        assert!(!Evidence::Alone.is_boilerplate("Burnley or Blackburn v Leicester City tonight"));
    }

    #[test]
    fn with_neighbours_a_line_must_end_two_of_them() {
        let evidence = Evidence::from_endings([
            "A\n\nStory one.\n\nShare this\nFollow us\n",
            "B\n\nStory two.\n\nShare this\nFollow us\n",
            "C\n\nStory three.\n\nK Clark\n",
        ]);
        assert!(evidence.is_boilerplate("Follow us"));
        assert!(evidence.is_boilerplate("  Share this "));
        assert!(evidence.is_boilerplate("Share This"), "whatever the case");
        assert!(!evidence.is_boilerplate("K Clark"), "one neighbour's ending is a coincidence");
        let one = Evidence::from_endings(["A\n\nStory.\n\nFollow us\n"]);
        assert!(one.is_boilerplate("Follow us"), "with one neighbour, one is enough");
        assert!(!Evidence::from_endings([]).is_boilerplate("Follow us"), "no endings, no evidence");
        assert_eq!(Evidence::read(&[]), Evidence::Alone, "no neighbours: the rule for one article");
        let unread = Evidence::neighbours(vec![PathBuf::from("/nonexistent/folio/a.txt")]);
        assert!(unread.is_boilerplate("Follow us"), "unreadable neighbours: the rule for one article");
        assert!(matches!(unread, Evidence::Unread { read, .. } if read.get() == Some(&Box::new(Evidence::Alone))));
    }
}
