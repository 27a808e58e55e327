//! The list's rankings: asked for as the query, the marks and the store change; shown as they arrive.

use super::list::Shown;
use super::{App, Focus, SearchKind};
use crate::search::occurrences::text_terms;
use crate::search::{Query, Ranked, Ranking};
use crate::store::LoadEvent;

impl App {
    pub(super) fn load(&mut self, event: LoadEvent) -> bool {
        match event {
            LoadEvent::Found(count) => self.loading.found += count,
            // Text search waits for the whole store: the index is brought up to date with it.
            LoadEvent::Appended(_) if self.list.kind() == SearchKind::Text => {}
            LoadEvent::Appended(_) => {
                self.ask_ranking();
            }
            LoadEvent::Replaced => {
                self.list.reselect_after_replace();
                self.reader.forget();
                self.ask_ranking();
            }
            LoadEvent::Warning(warning) => self.warnings.push(warning),
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

    /// Asks for the ranking of the current query over the current catalog; returns true (the
    /// query line changed). An empty query needs no matching: it is everything, in store order.
    pub(super) fn ask_ranking(&mut self) -> bool {
        let mut request = self.list.ask();
        request.shape = self.shape(&request.query);
        self.follow_text_query();
        let text = self.list.kind() == SearchKind::Text;
        if text && !text_terms(&request.query).is_empty() {
            self.ask_text(request);
        } else if (text || Query::parse(&request.query).is_empty()) && request.shape.is_plain() {
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
