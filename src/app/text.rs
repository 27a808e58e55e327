//! Text search in the app: Ctrl-T, the text searcher's answers, the words followed into the reader.

use super::{App, FindView, Focus, SearchKind};
use crate::fulltext::{TextEvent, TextRequest};
use crate::search::MatchRequest;

/// Where the text index stands, as the text searcher last said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum TextIndexState {
    /// Not heard of yet: it is made once the store has loaded.
    #[default]
    Waiting,
    Indexing {
        done: usize,
        total: usize,
    },
    Ready,
    /// Another folio is building or refreshing it: searched as it stands meanwhile.
    HeldElsewhere,
    Failed(String),
}

impl App {
    /// Ctrl-T: title search to text search and back, the query kept and asked again.
    pub(super) fn toggle_text_search(&mut self) -> bool {
        let epoch = self.epoch();
        self.list.toggle_kind(epoch);
        self.follow_text_query();
        self.set_focus(Focus::List);
        self.ask_ranking()
    }

    /// Asks the text searcher for `request`'s query.
    pub(super) fn ask_text(&mut self, request: MatchRequest) {
        // Everything in store order (an empty query's list) is no answer to words.
        if self.list.ranking().query.trim().is_empty() {
            let epoch = self.epoch();
            self.list.clear_rows(epoch);
        }
        let loaded = self.loading.done;
        let (generation, query, shape) = (request.generation, request.query, request.shape);
        let notes = self.notes_for_search();
        self.requests.text = Some(TextRequest { generation, query, loaded, shape, notes });
    }

    /// The store has loaded: the text index is brought up to date with it now, whatever is
    /// searched, and a text query asked again of the whole store.
    pub(super) fn loaded(&mut self) {
        let text_query = self.list.kind() == SearchKind::Text && !self.list.query().text().trim().is_empty();
        if text_query {
            self.ask_ranking();
        } else {
            self.requests.text = Some(TextRequest { generation: 0, loaded: true, ..TextRequest::default() });
        }
    }

    pub(super) fn text_event(&mut self, event: TextEvent) -> bool {
        match event {
            TextEvent::Indexing { done, total } => self.text_index = TextIndexState::Indexing { done, total },
            TextEvent::Indexed { .. } => self.text_index = TextIndexState::Ready,
            TextEvent::Waiting => self.text_index = TextIndexState::HeldElsewhere,
            TextEvent::Failed(why) => self.text_index = TextIndexState::Failed(why),
            TextEvent::Found(found) => {
                let (rows, screen_rows) = (self.list_rows(), usize::from(self.area.height));
                let shown = self.list.show_text(found, &self.catalog.read().unwrap(), rows, screen_rows);
                return self.after_showing(shown);
            }
        }
        true
    }

    /// In text search, the reader highlights the query's words and opens at the first; out
    /// of it, such a search goes.
    pub(super) fn follow_text_query(&mut self) {
        let query = self.list.query().text();
        // Words to find: a query of filters alone (`:unread`) has none.
        let wanted = self.list.kind() == SearchKind::Text && !self.list.parts().words.is_empty();
        let current = self.find.as_ref().filter(|f| f.words);
        if wanted && current.is_none_or(|f| f.pattern != query) {
            self.find = Some(FindView::words(query));
        } else if !wanted && current.is_some() {
            self.find = None;
        }
    }

    /// Another article is shown: a text search's words are looked for in it from the start.
    pub(super) fn another_article(&mut self) {
        self.reader.rewind();
        // Moving on in the reader (J, K) opens the next article; in the list, it is a preview.
        if self.focus() == crate::app::Focus::Reader {
            self.note_opened();
        }
        self.follow_text_query();
        if let Some(find) = self.find.as_mut().filter(|f| f.words) {
            find.pending = true;
        }
    }
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
