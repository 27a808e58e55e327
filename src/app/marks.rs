//! Marks as the list uses them: filters and sort orders for the workers, the unread count.

use super::{App, SearchKind};
use crate::search::shape::{Mark, Marks, Shape, SortOrder};
use crate::state::ArticleState;
use std::sync::Arc;

/// The marks as the workers last saw them, and the read articles the catalog holds.
#[derive(Debug, Default)]
pub struct MarkView {
    snapshot: Arc<Marks>,
    /// The marks changed since the snapshot was taken.
    stale: bool,
    /// Read articles among the catalog's first `counted.1` of epoch `counted.0`.
    counted: (u64, usize),
    /// The catalog (epoch, length) the snapshot's tags were taken from.
    tagged: (u64, usize),
    read: usize,
}

impl App {
    /// How many articles of the catalog are not marked read: kept up to date as marks change
    /// and articles arrive, never counted again for a frame.
    pub fn unread(&self) -> usize {
        self.total().saturating_sub(self.marks.read)
    }

    /// Counts the read marks of articles that arrived since the last count (all of them for a
    /// replaced catalog).
    pub(super) fn count_read(&mut self) {
        let catalog = self.catalog.read().unwrap();
        let (epoch, len) = (catalog.epoch(), catalog.len());
        let from = match self.marks.counted {
            (e, covered) if e == epoch && covered <= len => covered,
            _ => {
                self.marks.read = 0;
                0
            }
        };
        if let Some(store) = self.remembered.memory.store(&self.remembered.store)
            && store.articles.values().any(|a| a.read)
        {
            let articles = &store.articles;
            self.marks.read += (from..len).filter(|&i| articles.get(catalog.id(i)).is_some_and(|a| a.read)).count();
        }
        self.marks.counted = (epoch, len);
    }

    /// The order the list follows, when it is not the store's: with terms, relevance decides.
    pub fn order_applied(&self) -> Option<SortOrder> {
        let parts = self.list.parts();
        let terms = match self.list.kind() {
            SearchKind::Titles => !parts.terms.is_empty(),
            SearchKind::Text => !parts.words.is_empty(),
        };
        (self.list.order() != SortOrder::Store && !terms).then_some(self.list.order())
    }

    /// Changes what is known of article `index`; returns whether anything changed. The one
    /// way marks change: the unread count and the workers' snapshot follow.
    pub(super) fn change_article(&mut self, index: u32, change: impl FnOnce(&mut ArticleState)) -> bool {
        let id = self.catalog.read().unwrap().id(index as usize).to_owned();
        let key = &self.remembered.store;
        let before = self.remembered.memory.article(key, &id).read;
        let changed = self.remembered.memory.update_article(key, &id, change);
        if changed {
            let after = self.remembered.memory.article(key, &id).read;
            let counted = (index as usize) < self.marks.counted.1;
            match (before, after) {
                (false, true) if counted => self.marks.read += 1,
                (true, false) if counted => self.marks.read = self.marks.read.saturating_sub(1),
                _ => {}
            }
            self.marks.stale = true;
            self.remembered.unsaved = true;
        }
        changed
    }

    /// The query's filters and the list's order, with the marks as they are now.
    pub(super) fn shape(&mut self) -> Shape {
        let filters = self.list.parts().filters.clone();
        let order = self.list.order();
        // Tags come with the articles: a catalog grown or replaced since has others.
        let by_tag = filters.iter().flatten().any(|f| matches!(f.mark, Mark::Tag(_)));
        let catalog_now = {
            let catalog = self.catalog.read().unwrap();
            (catalog.epoch(), catalog.len())
        };
        self.marks.stale |= by_tag && self.marks.tagged != catalog_now;
        if (!filters.is_empty() || order == SortOrder::Recent) && self.marks.stale {
            let store = self.remembered.memory.store(&self.remembered.store);
            let articles = store.map(|s| s.articles.clone()).unwrap_or_default().into_iter().collect();
            let noted = store.map(crate::state::StoreState::noted).unwrap_or_default();
            let tags = match by_tag {
                true => {
                    self.catalog.read().unwrap().tagged().map(|(id, tags)| (id.to_owned(), tags.to_vec())).collect()
                }
                false => Default::default(),
            };
            self.marks.tagged = if by_tag { catalog_now } else { (u64::MAX, 0) };
            let generation = self.marks.snapshot.generation + 1;
            self.marks.snapshot = Arc::new(Marks { generation, articles, tags, noted });
            self.marks.stale = false;
        }
        Shape { filters, order, marks: self.marks.snapshot.clone() }
    }

    /// The next sort order, remembered for the store; the list is asked for again.
    pub(super) fn cycle_order(&mut self) -> bool {
        let order = self.list.order().next();
        self.set_order(order);
        self.ask_ranking()
    }

    pub(super) fn set_order(&mut self, order: SortOrder) {
        self.list.set_order(order);
        let key = self.remembered.store.clone();
        self.remembered.memory.set_order(&key, order);
    }

    /// The marks are to be read again from the memory (another store, a state loaded).
    pub(super) fn marks_changed(&mut self) {
        self.marks.stale = true;
        self.marks.counted = (u64::MAX, 0);
        self.count_read();
    }
}

#[cfg(test)]
#[path = "marks_tests.rs"]
mod tests;
