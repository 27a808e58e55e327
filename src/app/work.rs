//! What the app asks of the worker threads (rankings, article bodies) and what it makes of
//! their answers and of the loader's events.

use super::{Action, App, BodyLoaded, BodyRequest, Focus, KEPT_BODIES, Requests};
use crate::reader::LayoutCache;
use crate::search::{MatchRequest, Query, Ranked, Ranking, Searcher};
use crate::store::{self, LoadEvent};

impl App {
    /// Hands over the work asked for since the last call.
    pub fn take_requests(&mut self) -> Requests {
        std::mem::take(&mut self.requests)
    }

    /// Does the requested work in place of the worker threads: for tests and the commands.
    pub fn fulfil_inline(&mut self) {
        let mut searcher = Searcher::default();
        loop {
            let requests = self.take_requests();
            if requests == Requests::default() {
                return;
            }
            if let Some(request) = requests.matching
                && let Some(ranking) = searcher.search(&self.catalog, &request.query, &|| false)
            {
                self.update(Action::Ranked(Ranked { generation: request.generation, ranking }));
            }
            if let Some(BodyRequest { epoch, index }) = requests.body {
                let result = store::read_article(&self.catalog, index as usize);
                self.update(Action::Body(BodyLoaded { epoch, index, result }));
            }
            self.settle();
        }
    }

    pub(super) fn load(&mut self, event: LoadEvent) -> bool {
        match event {
            LoadEvent::Found(count) => self.loading.found += count,
            LoadEvent::Appended(_) => self.ask_ranking(),
            LoadEvent::Replaced => {
                self.reselect = self.selected_article().map(|i| self.catalog.read().unwrap().id(i as usize).to_owned());
                self.layouts = LayoutCache::default();
                self.bodies.clear();
                self.ask_ranking();
            }
            LoadEvent::Warning(warning) => self.warnings.push(warning),
            LoadEvent::Done => self.loading.done = true,
        }
        true
    }

    /// Settles the ranking's first `rows` rows (the few exact scores that takes are computed
    /// here, on demand, as the list scrolls).
    pub(super) fn sort_rows(&mut self, rows: usize) {
        let catalog = self.catalog.read().unwrap();
        let (matcher, query) = (&self.matcher, &self.ranked_query);
        let exact = |i: u32| match (i as usize) < catalog.len() {
            true => matcher.score(query, catalog.title(i as usize)).unwrap_or(i64::MIN),
            false => i64::MIN,
        };
        self.ranking.sort_rows(rows, &exact);
    }

    /// Asks for the ranking of the current query over the current catalog. An empty query
    /// needs no matching: it is everything, in store order.
    pub(super) fn ask_ranking(&mut self) {
        self.asked += 1;
        let text = self.query.text().to_owned();
        if Query::parse(&text).is_empty() {
            let (epoch, len) = (self.epoch(), self.total());
            self.ranked(Ranked { generation: self.asked, ranking: Ranking::all(&text, epoch, len) });
        } else {
            self.requests.matching = Some(MatchRequest { generation: self.asked, query: text });
        }
    }

    pub(super) fn ranked(&mut self, ranked: Ranked) -> bool {
        if ranked.generation < self.shown || ranked.ranking.epoch != self.epoch() {
            return false;
        }
        self.shown = ranked.generation;
        let previous = self.selected_article();
        let same_query = ranked.ranking.query == self.ranking.query && self.reselect.is_none();
        let wanted = match self.reselect.take() {
            Some(id) => self.catalog.read().unwrap().find(&id).map(|i| i as u32),
            None => previous.filter(|_| same_query),
        };
        self.ranking = ranked.ranking;
        self.ranked_query = Query::parse(&self.ranking.query);
        // More articles arriving keep the reader on its article; a new query starts at the
        // top, as in fzf.
        self.sort_rows(self.selected + self.list_top + usize::from(self.size.1));
        let row = wanted.and_then(|article| self.ranking.row_of(article));
        self.selected = row.unwrap_or(0);
        if row.is_none() || self.selected_article() != previous {
            self.reader_top = 0;
        }
        if row.is_none() {
            self.list_top = 0;
        }
        if self.ranking.is_empty() {
            self.focus = Focus::List;
        }
        self.keep_selection_visible();
        true
    }

    pub(super) fn body_loaded(&mut self, body: BodyLoaded) -> bool {
        if self.body_pending == Some(BodyRequest { epoch: body.epoch, index: body.index }) {
            self.body_pending = None;
        }
        if self.bodies.len() == KEPT_BODIES {
            self.bodies.pop_front();
        }
        self.bodies.push_back(body);
        true
    }

    /// Asks for the selected article to be read, or wraps it for the reader's width once read
    /// (once per article and width), and keeps the reader's position in range.
    pub fn settle(&mut self) {
        if let (Some(index), Some(panes)) = (self.selected_article(), self.panes()) {
            let epoch = self.ranking.epoch;
            match self.bodies.iter().find(|b| b.epoch == epoch && b.index == index).map(|b| &b.result) {
                Some(Ok(article)) => self.layouts.ensure(article, index, panes.text_width()),
                Some(Err(_)) => {}
                None => {
                    let request = BodyRequest { epoch: self.ranking.epoch, index };
                    if self.body_pending != Some(request) {
                        self.body_pending = Some(request);
                        self.requests.body = Some(request);
                    }
                }
            }
        }
        let max = self.max_reader_top();
        self.reader_top = self.reader_top.min(max);
    }
}
