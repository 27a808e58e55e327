//! The catalog: every article's id, title and location in compact arenas, growing as it loads.

use super::arena::{Accents, Bins};
pub use super::arena::{Arena, BYTE_BINS, byte_bins};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// The catalog as the loader, the matcher and the UI share it.
pub type SharedCatalog = Arc<RwLock<Catalog>>;

/// Where a store's articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A folder (or single file) of text articles; ids are paths relative to it.
    Folder(PathBuf),
    /// A JSON Lines file; articles are found by the byte offset of their line.
    JsonLines(PathBuf),
    /// The seed articles compiled into the binary.
    Builtin,
    /// Files named one by one (`find ... | folio -`), under the folder they share.
    Listed(std::sync::Arc<Listing>),
}

/// Files given one by one: the folder they all lie in, and each one's path relative to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
}

impl Listing {
    /// The files at `paths` (absolute or relative to here), under the deepest folder holding
    /// them all.
    pub fn of(paths: &[PathBuf]) -> Listing {
        let absolute: Vec<PathBuf> =
            paths.iter().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.clone())).collect();
        let mut root = absolute.first().and_then(|p| p.parent()).map(PathBuf::from).unwrap_or_default();
        while !absolute.iter().all(|p| p.starts_with(&root)) {
            if !root.pop() {
                break;
            }
        }
        let files = absolute.iter().map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf()).collect();
        Listing { root, files }
    }
}

/// What names a store wherever it is kept (its text index, its remembered state): its
/// origins' canonical paths, one a line, so `news` and `./news` are one store.
pub fn origins_key(origins: &[Origin]) -> String {
    let path = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string();
    let parts: Vec<String> = origins
        .iter()
        .map(|origin| match origin {
            Origin::Folder(p) | Origin::JsonLines(p) => path(p),
            Origin::Builtin => "(built-in seeds)".to_owned(),
            // Named by its files too: another list under the same folder is another store.
            Origin::Listed(listing) => {
                let files: Vec<String> = listing.files.iter().map(|f| f.display().to_string()).collect();
                let hash = super::index::fnv1a(files.join("\n").as_bytes());
                format!("(listed) {} {} files {hash:016x}", path(&listing.root), files.len())
            }
        })
        .collect();
    parts.join("\n")
}

/// Where one article's body is: which origin, and the byte offset of its JSON line (0 for files).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub origin: u32,
    pub offset: u64,
}

/// One catalog entry as the loader produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub location: Location,
    /// The path relative to a folder origin, when it is not `<id>.txt` (other case, or a name
    /// that sanitizing changed).
    pub raw_path: Option<PathBuf>,
    /// Changes when the article's text may have: from the file's size and mtime, or its JSON
    /// line's place and file. The text index re-reads an article whose version changed.
    pub version: u64,
    /// The article's length in bytes (its file, its JSON line) and its file's mtime in
    /// nanoseconds since the Unix epoch: what the list sorts by.
    pub size: u64,
    pub modified: i64,
    /// What the file says it is about (a Markdown note's tags), for `:tag:NAME`.
    pub tags: Vec<String>,
}

/// An article as everything outside the catalog names it: by id, and the version of its text.
/// A position in a catalog is only good for that catalog; this holds across reloads, and a
/// changed version says the text read before is not this one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArticleRef {
    pub id: Arc<str>,
    pub version: u64,
}

/// All articles of a store, in store order.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    origins: Vec<Origin>,
    /// Every title accent-folded ([`crate::fold`]), as queries without accents (nearly all)
    /// match them: the matcher reads one arena, as fast as if nothing were folded.
    folded_titles: Arena,
    /// What gives back the titles folding changed: a few bytes per accent rather than a
    /// second copy of the titles.
    accents: Accents,
    /// Which byte bins each folded title holds ([`super::arena::byte_bins`]): 8 bytes an article
    /// that spare the matcher reading most titles for a selective query.
    title_bins: Bins,
    ids: Arena,
    /// Packed: origin in the top 16 bits, offset in the other 48 (8 bytes an article, not 16).
    locations: Vec<u64>,
    raw_paths: HashMap<u32, PathBuf>,
    /// The tags of the articles that have some, lower-cased.
    tags: HashMap<u32, Vec<String>>,
    versions: Vec<u64>,
    /// Sizes (saturated) and mtimes in seconds: 8 bytes an article for two sort orders.
    sizes: Vec<u32>,
    modified: Vec<u32>,
    /// Per origin, what its ids start with: with several roots, each root's name (`bbc/`,
    /// `notes/`), so that ids are unique across them; with one, nothing.
    prefixes: Vec<String>,
    /// Bumped when the catalog is replaced rather than extended, so work on the old one
    /// (rankings, open articles) is known to be stale.
    epoch: u64,
}

impl Catalog {
    pub fn new(origins: Vec<Origin>) -> Self {
        let prefixes = id_prefixes(&origins);
        Catalog { origins, prefixes, ..Catalog::default() }
    }

    pub fn shared(self) -> SharedCatalog {
        Arc::new(RwLock::new(self))
    }

    pub fn push(&mut self, entry: Entry) {
        if let Some(raw) = entry.raw_path {
            self.raw_paths.insert(self.len() as u32, raw);
        }
        // Few articles have tags: kept beside, not per article.
        if !entry.tags.is_empty() {
            self.tags.insert(self.len() as u32, entry.tags.into_iter().map(|t| crate::fold::lower(&t)).collect());
        }
        let (titles, accents) = (&mut self.folded_titles, &mut self.accents);
        titles.push_with(|folded| accents.push_with(|patch| crate::fold::fold_into(&entry.title, folded, patch)));
        match self.prefixes.get(entry.location.origin as usize).filter(|p| !p.is_empty()) {
            Some(prefix) => self.ids.push(&format!("{prefix}{}", entry.id)),
            None => self.ids.push(&entry.id),
        }
        debug_assert!(entry.location.origin < 1 << 16 && entry.location.offset < 1 << 48);
        self.locations.push(u64::from(entry.location.origin) << 48 | entry.location.offset);
        self.versions.push(entry.version);
        self.sizes.push(u32::try_from(entry.size).unwrap_or(u32::MAX));
        let seconds = entry.modified.max(0) / 1_000_000_000;
        self.modified.push(u32::try_from(seconds).unwrap_or(u32::MAX));
    }

    /// Article `index` as the loader made it, to be pushed into another catalog.
    pub fn entry(&self, index: usize) -> Entry {
        Entry {
            id: self.local_id(index).to_owned(),
            title: self.title(index).into_owned(),
            location: self.location(index),
            raw_path: self.raw_paths.get(&(index as u32)).cloned(),
            version: self.versions[index],
            size: self.sizes[index].into(),
            modified: i64::from(self.modified[index]) * 1_000_000_000,
            tags: self.tags(index).to_vec(),
        }
    }

    /// Article `index`'s tags, lower-cased.
    pub fn tags(&self, index: usize) -> &[String] {
        self.tags.get(&(index as u32)).map_or(&[], Vec::as_slice)
    }

    /// Every tagged article's id and tags: what `:tag:NAME` filters by.
    pub fn tagged(&self) -> impl Iterator<Item = (&str, &[String])> + '_ {
        self.tags.iter().map(|(&index, tags)| (self.id(index as usize), tags.as_slice()))
    }

    /// Article `index` by id and version: how it is named outside this catalog.
    pub fn article(&self, index: usize) -> ArticleRef {
        ArticleRef { id: self.id(index).into(), version: self.versions[index] }
    }

    /// Swaps in `other` wholesale (a re-validated store), marking a new epoch. Only the app
    /// does this, in the same update that carries its selection and rows over by id.
    pub fn replace(&mut self, other: Catalog) {
        let epoch = self.epoch + 1;
        *self = other;
        self.epoch = epoch;
    }

    /// Returns spare capacity once loading is over.
    pub fn shrink_to_fit(&mut self) {
        self.folded_titles.shrink_to_fit();
        self.accents.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.locations.shrink_to_fit();
        self.versions.shrink_to_fit();
        self.sizes.shrink_to_fit();
        self.modified.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.folded_titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.folded_titles.is_empty()
    }

    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The title as written (sanitized): what the screen shows.
    #[inline]
    pub fn title(&self, index: usize) -> Cow<'_, str> {
        let folded = self.folded_titles.get(index);
        match self.accents.patch(index) {
            None => Cow::Borrowed(folded),
            Some(patch) => Cow::Owned(crate::fold::unfold(folded, patch)),
        }
    }

    /// Whether the title has letters folding changes (accents).
    #[inline]
    pub fn has_accents(&self, index: usize) -> bool {
        self.accents.patch(index).is_some()
    }

    /// Every title folded, end to end, in store order.
    pub fn folded_titles(&self) -> &Arena {
        &self.folded_titles
    }

    /// Which byte bins each folded title holds, by position ([`super::arena::byte_bins`]),
    /// made for the titles added since the last call (on every core).
    pub fn title_bins(&self) -> std::sync::RwLockReadGuard<'_, Vec<u64>> {
        self.title_bins.of(&self.folded_titles)
    }

    /// The title bins made so far (by [`Catalog::title_bins`]), without making more.
    pub fn title_bins_made(&self) -> std::sync::RwLockReadGuard<'_, Vec<u64>> {
        self.title_bins.made()
    }

    /// What tells whether article `index` changed since it was last read ([`Entry::version`]).
    pub fn version(&self, index: usize) -> u64 {
        self.versions[index]
    }

    /// The article's length in bytes (saturated at 4 GiB).
    pub fn size(&self, index: usize) -> u32 {
        self.sizes[index]
    }

    /// When the article's file last changed, in seconds since the Unix epoch.
    pub fn modified(&self, index: usize) -> u32 {
        self.modified[index]
    }

    pub fn id(&self, index: usize) -> &str {
        self.ids.get(index)
    }

    pub fn location(&self, index: usize) -> Location {
        let packed = self.locations[index];
        Location { origin: (packed >> 48) as u32, offset: packed & ((1 << 48) - 1) }
    }

    pub fn origin(&self, location: Location) -> &Origin {
        &self.origins[location.origin as usize]
    }

    pub fn origins(&self) -> &[Origin] {
        &self.origins
    }

    /// The file an article of a folder origin was read from.
    pub fn file_path(&self, index: usize) -> Option<PathBuf> {
        match self.origin(self.location(index)) {
            Origin::Folder(root) if root.is_file() => Some(root.clone()),
            Origin::Folder(root) => Some(match self.raw_paths.get(&(index as u32)) {
                Some(raw) => root.join(raw),
                None => root.join(format!("{}.txt", self.local_id(index))),
            }),
            Origin::Listed(listing) => Some(match self.raw_paths.get(&(index as u32)) {
                Some(raw) => listing.root.join(raw),
                None => listing.root.join(format!("{}.txt", self.local_id(index))),
            }),
            Origin::JsonLines(_) | Origin::Builtin => None,
        }
    }

    /// The article's id within its origin: its id without the root's name (several roots).
    pub fn local_id(&self, index: usize) -> &str {
        let id = self.id(index);
        let prefix = self.prefixes.get(self.location(index).origin as usize).map_or("", String::as_str);
        id.strip_prefix(prefix).unwrap_or(id)
    }

    /// The position of the article with this id, if any.
    pub fn find(&self, id: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.id(i) == id)
    }
}

/// Each origin's id prefix: none for a single origin; else its folder's or file's name and a
/// `/`, numbered when two share a name (`news/`, `news-2/`).
fn id_prefixes(origins: &[Origin]) -> Vec<String> {
    if origins.len() < 2 {
        return vec![String::new(); origins.len()];
    }
    let mut prefixes: Vec<String> = Vec::new();
    for origin in origins {
        let name = match origin {
            Origin::Folder(path) | Origin::JsonLines(path) => {
                let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                let stem =
                    if matches!(origin, Origin::JsonLines(_)) { absolute.file_stem() } else { absolute.file_name() };
                super::sanitize::sanitize_line(&stem.map_or_else(|| "root".into(), |n| n.to_string_lossy()))
            }
            Origin::Builtin => "seeds".to_owned(),
            Origin::Listed(_) => "listed".to_owned(),
        };
        let taken = |candidate: &String| prefixes.contains(&format!("{candidate}/"));
        let unique = std::iter::once(name.clone()).chain((2..).map(|n| format!("{name}-{n}"))).find(|c| !taken(c));
        prefixes.push(format!("{}/", unique.expect("an unbounded supply of names")));
    }
    prefixes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, title: &str) -> Entry {
        Entry {
            id: id.into(),
            title: title.into(),
            location: Location { origin: 0, offset: 0 },
            raw_path: None,
            version: 0,
            size: 0,
            modified: 0,
            tags: vec![],
        }
    }

    #[test]
    fn file_paths_follow_ids_unless_the_name_differs() {
        let mut catalog = Catalog::new(vec![Origin::Folder(PathBuf::from("/store"))]);
        catalog.push(entry("a/1", "One"));
        catalog.push(Entry { raw_path: Some(PathBuf::from("a/2.TXT")), ..entry("a/2", "Two") });
        assert_eq!(catalog.file_path(0), Some(PathBuf::from("/store/a/1.txt")));
        assert_eq!(catalog.file_path(1), Some(PathBuf::from("/store/a/2.TXT")));
        assert_eq!(catalog.find("a/2"), Some(1));
        catalog.push(entry("b", "Tiếng Việt"));
        let text = |i, fold: bool| {
            if fold { catalog.folded_titles().get(i).to_owned() } else { catalog.title(i).into_owned() }
        };
        assert_eq!(
            (catalog.title(2), text(2, true), text(2, false)),
            ("Tiếng Việt".into(), "Tieng Viet".into(), "Tiếng Việt".into())
        );
        assert_eq!(
            (catalog.title(1), text(1, true), catalog.has_accents(1), catalog.has_accents(2)),
            ("Two".into(), "Two".into(), false, true)
        );
        let epoch = catalog.epoch();
        catalog.replace(Catalog::new(Vec::new()));
        assert_eq!((catalog.len(), catalog.epoch()), (0, epoch + 1));
    }
}
