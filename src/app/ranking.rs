//! The list's rankings: asked for as the query, the marks and the store change; shown as they arrive.

use super::list::Shown;
use super::{App, Focus, SearchKind};
use crate::search::{Ranked, Ranking};
use crate::store::{Catalog, LoadEvent, Replacement};

impl App {
    pub(super) fn load(&mut self, event: LoadEvent) -> bool {
        match event {
            LoadEvent::Found(count) => self.loading.found += count,
            // Text search waits for the whole store: the index is brought up to date with it.
            LoadEvent::Appended(_) if self.list.kind() == SearchKind::Text => {}
            LoadEvent::Appended(_) => {
                self.ask_ranking();
            }
            LoadEvent::Replaced(Replacement(catalog)) => self.replace_catalog(*catalog),
            LoadEvent::Warning(warning) => self.warnings.push(warning),
            LoadEvent::Gone(folder) => self.gone.push(folder),
            LoadEvent::Done => {
                self.loading.done = true;
                self.loaded();
                if std::mem::take(&mut self.reload_pending) {
                    self.reload();
                }
            }
        }
        self.count_read();
        true
    }

    /// Swaps in a new catalog, carrying the list's rows and selection over by id in the same
    /// update: no frame, worker answer or mark ever reads an old position in the new catalog.
    /// The article read stays where it was when it is still there (a new version is read
    /// again); when it went, the reader says so and the list takes over, nothing is opened.
    fn replace_catalog(&mut self, new: Catalog) {
        // Where the reader stands, noted while the catalog it was laid out from is current.
        self.note_place();
        let rows = self.list_rows();
        let same = {
            let old = self.catalog.read().unwrap();
            self.list.carry_over(&old, &new, old.epoch() + 1, rows)
        };
        self.catalog.write().unwrap().replace(new);
        if !same {
            self.reader.rewind();
            if self.focus == Focus::Reader {
                self.focus = Focus::List;
                self.flash = Some("the article read is gone from the store".into());
            }
        }
        self.ask_ranking();
    }

    /// The query changed: its ranking is asked for once the inputs at hand are applied (a burst
    /// of keys, a paste), not once per char.
    pub(super) fn want_ranking(&mut self) -> bool {
        self.ranking_wanted = true;
        true
    }

    pub(super) fn ask_ranking_if_wanted(&mut self) {
        if std::mem::take(&mut self.ranking_wanted) {
            self.ask_ranking();
        }
    }

    /// Asks for the ranking of the current query over the current catalog; returns true (the
    /// query line changed). An empty query needs no matching: it is everything, in store order.
    pub(super) fn ask_ranking(&mut self) -> bool {
        let mut request = self.list.ask();
        request.shape = self.shape();
        self.follow_text_query();
        let text = self.list.kind() == SearchKind::Text;
        let parts = self.list.parts();
        if text && !parts.words.is_empty() {
            self.ask_text(request);
        } else if (text || parts.terms.is_empty()) && request.shape.is_plain() {
            let ranking = Ranking::all(&request.query, self.epoch(), self.total());
            self.ranked(Ranked { generation: request.generation, ranking });
        } else {
            if text {
                // Filters or an order without words: the title list's rows, without terms.
                request.query = crate::search::shape::filters_text(&request.shape.filters);
            }
            self.requests.matching = Some(request);
        }
        true
    }

    pub(super) fn ranked(&mut self, ranked: Ranked) -> bool {
        self.note_place();
        let (rows, screen_rows) = (self.list_rows(), usize::from(self.area.height));
        let shown = self.list.show(ranked, &self.catalog.read().unwrap(), rows, screen_rows);
        self.after_showing(shown)
    }

    pub(super) fn after_showing(&mut self, shown: Shown) -> bool {
        if shown == Shown::Stale {
            return false;
        }
        if shown == Shown::OtherArticle {
            self.another_article();
        }
        if self.list.ranking().is_empty() {
            self.focus = Focus::List;
        }
        true
    }
}

#[cfg(test)]
#[path = "identity_tests.rs"]
mod tests;
