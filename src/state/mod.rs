//! What folio remembers between runs: each article's read mark, star and place, each store's last query and article.
//
// Kept per store (its canonical root paths) and article id, so two stores never mix. Saved
// by merging into the file as it is on disk only what this session changed, so two folios on
// one machine lose nothing of each other's (see file.rs).

mod file;

pub use file::{LoadedState, load, peek, save, save_within, state_path};

use crate::document::Anchor;
use crate::highlight::Highlight;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The state file's format: a file of a newer format is read but never overwritten.
pub const FORMAT: u32 = 1;

/// Everything remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub version: u32,
    #[serde(default)]
    pub stores: BTreeMap<String, StoreState>,
    /// The reading width last set with `+`/`-`, over the config file's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u16>,
}

impl Default for State {
    fn default() -> Self {
        State { version: FORMAT, stores: BTreeMap::new(), width: None }
    }
}

/// One store's last query and article, and what is known of its articles by id. Entries of
/// articles missing right now are kept: the file may come back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreState {
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub article: Option<String>,
    /// The list's sort order.
    #[serde(default)]
    pub order: SortOrder,
    /// The query searched the text (Ctrl-T) rather than the titles.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub text: bool,
    #[serde(default)]
    pub articles: BTreeMap<String, ArticleState>,
    /// Highlights and notes by their own ids ([`Highlight::id`]): merged one by one, so two
    /// folios annotating one article lose nothing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub highlights: BTreeMap<String, Highlight>,
}

impl StoreState {
    /// The notes, each with its article's id: what the text search reads.
    pub fn notes(&self) -> Vec<(String, String)> {
        self.highlights.values().filter(|h| !h.note.is_empty()).map(|h| (h.article.clone(), h.note.clone())).collect()
    }

    /// The ids of the articles with highlights.
    pub fn noted(&self) -> std::collections::HashSet<String> {
        self.highlights.values().map(|h| h.article.clone()).collect()
    }
}

/// What is known of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleState {
    /// Scrolled to its end once, or marked so.
    #[serde(default)]
    pub read: bool,
    #[serde(default)]
    pub starred: bool,
    /// Where the reader was: a place in the text, so it holds at any width.
    #[serde(default)]
    pub place: Option<Anchor>,
    /// How much of it had been shown, in percent, when it was left.
    #[serde(default)]
    pub progress: u8,
    /// When it was last opened, in seconds since the Unix epoch.
    #[serde(default)]
    pub opened: u64,
}

/// The order of the list when the query has no terms (with terms, relevance decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// As the store lists them: ids in natural order, JSON Lines in line order.
    #[default]
    Store,
    /// Opened most recently first ("continue reading"), then the rest in store order.
    Recent,
    /// By title, A to Z, ignoring case and accents.
    Title,
    /// Longest file first.
    Longest,
    /// Newest file first.
    Newest,
}

impl SortOrder {
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Store => SortOrder::Recent,
            SortOrder::Recent => SortOrder::Title,
            SortOrder::Title => SortOrder::Longest,
            SortOrder::Longest => SortOrder::Newest,
            SortOrder::Newest => SortOrder::Store,
        }
    }

    /// As the query line shows it.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Store => "store order",
            SortOrder::Recent => "recent",
            SortOrder::Title => "a-z",
            SortOrder::Longest => "longest",
            SortOrder::Newest => "newest",
        }
    }
}

/// Which of a store's own fields changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct StoreFields {
    /// The query and whether it searched the text.
    query: bool,
    article: bool,
    order: bool,
}

/// The state of this session: what was read, and what this session changed, which is all a
/// save writes over the file's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    pub state: State,
    changed_articles: BTreeSet<(String, String)>,
    /// Highlights this session made, changed or removed, by store and id.
    changed_highlights: BTreeSet<(String, String)>,
    /// Per store, which of its fields this session changed: only those are written over the
    /// file's, so an idle folio quitting last leaves another's query and article alone.
    changed_stores: BTreeMap<String, StoreFields>,
    changed_width: bool,
    /// Each store's query (and whether of the text) and article as this session last had
    /// them, from the file it started with: what a change is measured against, not the file
    /// as another folio's saves left it.
    own_last: BTreeMap<String, (String, bool, Option<String>)>,
    /// Counts the changes: a copy kept for a crash is taken again only when this moved.
    revision: u64,
    /// Counts the changes of highlights alone, this session's and those a save brought in
    /// from another folio: what is drawn of them is found again only when this moved.
    notes_revision: u64,
}

impl Memory {
    pub fn new(state: State) -> Self {
        let own_last =
            state.stores.iter().map(|(key, s)| (key.clone(), (s.query.clone(), s.text, s.article.clone()))).collect();
        Memory { state, own_last, ..Memory::default() }
    }

    /// What is known of article `id` of `store`.
    pub fn article(&self, store: &str, id: &str) -> ArticleState {
        self.state.stores.get(store).and_then(|s| s.articles.get(id)).cloned().unwrap_or_default()
    }

    pub fn store(&self, store: &str) -> Option<&StoreState> {
        self.state.stores.get(store)
    }

    /// Changes what is known of an article; returns whether anything changed.
    pub fn update_article(&mut self, store: &str, id: &str, change: impl FnOnce(&mut ArticleState)) -> bool {
        let entry = self.state.stores.entry(store.to_owned()).or_default().articles.entry(id.to_owned()).or_default();
        let before = entry.clone();
        change(entry);
        let changed = *entry != before;
        if changed {
            self.changed_articles.insert((store.to_owned(), id.to_owned()));
            self.revision += 1;
        }
        changed
    }

    /// Keeps highlight `id` of `store` as `highlight`, or removes it (`None`); returns whether
    /// anything changed.
    pub fn set_highlight(&mut self, store: &str, id: &str, highlight: Option<Highlight>) -> bool {
        let kept = &mut self.state.stores.entry(store.to_owned()).or_default().highlights;
        let changed = match highlight {
            Some(highlight) => kept.insert(id.to_owned(), highlight.clone()).as_ref() != Some(&highlight),
            None => kept.remove(id).is_some(),
        };
        if changed {
            self.changed_highlights.insert((store.to_owned(), id.to_owned()));
            self.revision += 1;
            self.notes_revision += 1;
        }
        changed
    }

    /// Remembers a store's query (of the text when `text`) and article.
    pub fn set_last(&mut self, store: &str, (query, text): (&str, bool), article: Option<&str>) {
        let own = self.own_last.entry(store.to_owned()).or_default();
        let entry = self.state.stores.entry(store.to_owned()).or_default();
        let (query_changed, article_changed) = (own.0 != query || own.1 != text, own.2.as_deref() != article);
        if !query_changed && !article_changed {
            return;
        }
        (own.0, own.1, own.2) = (query.to_owned(), text, article.map(str::to_owned));
        (entry.query, entry.text, entry.article) = (own.0.clone(), own.1, own.2.clone());
        let fields = self.changed_stores.entry(store.to_owned()).or_default();
        fields.query |= query_changed;
        fields.article |= article_changed;
        self.revision += 1;
    }

    /// Remembers a store's sort order.
    pub fn set_order(&mut self, store: &str, order: SortOrder) {
        let entry = self.state.stores.entry(store.to_owned()).or_default();
        if entry.order != order {
            entry.order = order;
            self.changed_stores.entry(store.to_owned()).or_default().order = true;
            self.revision += 1;
        }
    }

    /// Remembers the reading width (`None`: the config's).
    pub fn set_width(&mut self, width: Option<u16>) {
        if self.state.width != width {
            self.state.width = width;
            self.changed_width = true;
            self.revision += 1;
        }
    }

    /// How many changes were made: equal revisions hold the same state.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// How many times the highlights changed: equal revisions hold the same highlights.
    pub fn notes_revision(&self) -> u64 {
        self.notes_revision
    }

    /// Whether this session changed anything since it was last saved.
    pub fn is_dirty(&self) -> bool {
        !self.changed_articles.is_empty()
            || !self.changed_highlights.is_empty()
            || !self.changed_stores.is_empty()
            || self.changed_width
    }

    /// `disk` with this session's changes over it: what a save writes.
    pub fn merged_into(&self, mut disk: State) -> State {
        for (store, id) in &self.changed_articles {
            let ours = self.article(store, id);
            disk.stores.entry(store.clone()).or_default().articles.insert(id.clone(), ours);
        }
        for (store, id) in &self.changed_highlights {
            let ours = self.state.stores.get(store).and_then(|s| s.highlights.get(id));
            let theirs = &mut disk.stores.entry(store.clone()).or_default().highlights;
            // A copy another folio changed later than ours (its note edited while ours was only
            // found again in an edited text) is the one kept.
            match ours {
                Some(highlight) if theirs.get(id).is_some_and(|t| t.updated > highlight.updated) => None,
                Some(highlight) => theirs.insert(id.clone(), highlight.clone()),
                None => theirs.remove(id),
            };
        }
        for (store, fields) in &self.changed_stores {
            if let Some(ours) = self.state.stores.get(store) {
                let entry = disk.stores.entry(store.clone()).or_default();
                if fields.query {
                    (entry.query, entry.text) = (ours.query.clone(), ours.text);
                }
                if fields.article {
                    entry.article = ours.article.clone();
                }
                if fields.order {
                    entry.order = ours.order;
                }
            }
        }
        if self.changed_width {
            disk.width = self.state.width;
        }
        disk.version = FORMAT;
        disk
    }

    /// After a save: the file and the session agree (`saved` is what was written).
    pub fn saved(&mut self, saved: State) {
        fn notes_of(state: &State) -> impl Iterator<Item = (&String, &BTreeMap<String, Highlight>)> {
            state.stores.iter().map(|(key, s)| (key, &s.highlights))
        }
        if !notes_of(&self.state).eq(notes_of(&saved)) {
            self.notes_revision += 1;
        }
        self.state = saved;
        self.changed_articles.clear();
        self.changed_highlights.clear();
        self.changed_stores.clear();
        self.changed_width = false;
    }
}

/// The key of a store in the state: its origins' canonical paths ([`crate::store::origins_key`]).
pub fn store_key(origins: &[crate::store::Origin]) -> String {
    crate::store::origins_key(origins)
}

#[cfg(test)]
mod tests;
