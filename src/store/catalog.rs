//! The catalog: every article's id, title and location in compact arenas, growing as it loads.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

/// The catalog as the loader, the matcher and the UI share it.
pub type SharedCatalog = Arc<RwLock<Catalog>>;

/// Strings packed end to end: one allocation for a million titles instead of a million.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(u32::try_from(self.text.len()).expect("an arena holds at most 4 GiB"));
    }

    #[inline]
    pub fn get(&self, index: usize) -> &str {
        let start = if index == 0 { 0 } else { self.ends[index - 1] as usize };
        &self.text[start..self.ends[index] as usize]
    }

    /// Byte range of entry `index` in [`Arena::text`].
    pub fn range(&self, index: usize) -> std::ops::Range<usize> {
        let start = if index == 0 { 0 } else { self.ends[index - 1] as usize };
        start..self.ends[index] as usize
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Where a store's articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A folder (or single file) of text articles; ids are paths relative to it.
    Folder(PathBuf),
    /// A JSON Lines file; articles are found by the byte offset of their line.
    JsonLines(PathBuf),
    /// The seed articles compiled into the binary.
    Builtin,
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
}

/// All articles of a store, in store order.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    origins: Vec<Origin>,
    /// Every title accent-folded ([`crate::fold`]), as queries without accents (nearly all)
    /// match them: the matcher reads one arena, as fast as if nothing were folded.
    folded_titles: Arena,
    /// The titles as written, only of those folding changes.
    accented: Arena,
    /// Each title's entry in `accented`, or [`NOT_FOLDED`].
    accent_slots: Vec<u32>,
    ids: Arena,
    /// Packed: origin in the top 16 bits, offset in the other 48 (8 bytes an article, not 16).
    locations: Vec<u64>,
    raw_paths: HashMap<u32, PathBuf>,
    /// Bumped when the catalog is replaced rather than extended, so work on the old one
    /// (rankings, open articles) is known to be stale.
    epoch: u64,
}

/// The fold slot of a title that folding leaves as it is.
const NOT_FOLDED: u32 = u32::MAX;

impl Catalog {
    pub fn new(origins: Vec<Origin>) -> Self {
        Catalog { origins, ..Catalog::default() }
    }

    pub fn shared(self) -> SharedCatalog {
        Arc::new(RwLock::new(self))
    }

    pub fn push(&mut self, entry: Entry) {
        if let Some(raw) = entry.raw_path {
            self.raw_paths.insert(self.len() as u32, raw);
        }
        match crate::fold::fold(&entry.title) {
            Cow::Borrowed(title) => {
                self.folded_titles.push(title);
                self.accent_slots.push(NOT_FOLDED);
            }
            Cow::Owned(folded) => {
                self.folded_titles.push(&folded);
                self.accent_slots.push(self.accented.len() as u32);
                self.accented.push(&entry.title);
            }
        }
        self.ids.push(&entry.id);
        debug_assert!(entry.location.origin < 1 << 16 && entry.location.offset < 1 << 48);
        self.locations.push(u64::from(entry.location.origin) << 48 | entry.location.offset);
    }

    /// A copy of the first `len` articles, with the same origins.
    pub fn prefix(&self, len: usize) -> Catalog {
        let mut copy = Catalog::new(self.origins.clone());
        for i in 0..len {
            copy.push(Entry {
                id: self.id(i).to_owned(),
                title: self.title(i).to_owned(),
                location: self.location(i),
                raw_path: self.raw_paths.get(&(i as u32)).cloned(),
            });
        }
        copy
    }

    /// Swaps in `other` wholesale (a re-validated store), marking a new epoch.
    pub fn replace(&mut self, other: Catalog) {
        let epoch = self.epoch + 1;
        *self = other;
        self.epoch = epoch;
    }

    /// Returns spare capacity once loading is over.
    pub fn shrink_to_fit(&mut self) {
        self.folded_titles.shrink_to_fit();
        self.accented.shrink_to_fit();
        self.accent_slots.shrink_to_fit();
        self.ids.shrink_to_fit();
        self.locations.shrink_to_fit();
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
    pub fn title(&self, index: usize) -> &str {
        match self.accent_slots[index] {
            NOT_FOLDED => self.folded_titles.get(index),
            slot => self.accented.get(slot as usize),
        }
    }

    /// The title as a query matches it: folded when `fold` (a query without accents).
    #[inline]
    pub fn match_text(&self, index: usize, fold: bool) -> &str {
        if fold { self.folded_titles.get(index) } else { self.title(index) }
    }

    /// Every title folded, end to end, in store order.
    pub fn folded_titles(&self) -> &Arena {
        &self.folded_titles
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
                None => root.join(format!("{}.txt", self.id(index))),
            }),
            Origin::JsonLines(_) | Origin::Builtin => None,
        }
    }

    /// The position of the article with this id, if any.
    pub fn find(&self, id: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.id(i) == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, title: &str) -> Entry {
        Entry { id: id.into(), title: title.into(), location: Location { origin: 0, offset: 0 }, raw_path: None }
    }

    #[test]
    fn arena_entries_round_trip() {
        let mut arena = Arena::default();
        for s in ["", "Blair", "日本", ""] {
            arena.push(s);
        }
        assert_eq!((0..4).map(|i| arena.get(i)).collect::<Vec<_>>(), ["", "Blair", "日本", ""]);
        assert_eq!(arena.range(2), 5..11);
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
        assert_eq!(
            (catalog.title(2), catalog.match_text(2, true), catalog.match_text(2, false)),
            ("Tiếng Việt", "Tieng Viet", "Tiếng Việt")
        );
        assert_eq!((catalog.title(1), catalog.match_text(1, true)), ("Two", "Two"));
        let epoch = catalog.epoch();
        catalog.replace(Catalog::new(Vec::new()));
        assert_eq!((catalog.len(), catalog.epoch()), (0, epoch + 1));
    }
}
