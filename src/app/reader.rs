//! The reader view: the articles read, their pages per width, and the first line shown.

use crate::page::{Page, PageCache};
use crate::store::{Article, FetchRequest, Fetched, ReadError};
use std::collections::VecDeque;

/// Articles kept read, so going back and forth in the list reads nothing twice.
const KEPT_BODIES: usize = 8;

/// What the reader pane shows.
#[derive(Debug, Default)]
pub struct ReaderView {
    /// First line shown of the selected article.
    top: usize,
    pages: PageCache,
    /// Recently read articles, newest last.
    bodies: VecDeque<Fetched>,
    /// The article asked for and not yet read.
    pending: Option<FetchRequest>,
}

impl ReaderView {
    /// The first line shown.
    pub fn top(&self) -> usize {
        self.top
    }

    /// Article `index` of catalog `epoch` as read, or why it could not be; `None` until read.
    pub fn body(&self, epoch: u64, index: u32) -> Option<&Result<Article, ReadError>> {
        self.bodies.iter().find(|b| b.epoch == epoch && b.index == index).map(|b| &b.result)
    }

    /// Article `index` laid out `width` columns wide, once read and laid out.
    pub fn page(&self, index: u32, width: u16) -> Option<&Page> {
        self.pages.get(index, width)
    }

    /// Scrolls to `line`, kept where the `rows` shown are still filled from the page's `lines`;
    /// returns whether the view moved.
    pub(super) fn scroll_to(&mut self, line: usize, lines: usize, rows: usize) -> bool {
        let line = line.min(lines.saturating_sub(rows));
        std::mem::replace(&mut self.top, line) != line
    }

    /// Back to the top, for another article (or none).
    pub(super) fn rewind(&mut self) {
        self.top = 0;
    }

    /// Forgets every article read: the catalog they came from was replaced.
    pub(super) fn forget(&mut self) {
        self.pages = PageCache::default();
        self.bodies.clear();
    }

    pub(super) fn fetched(&mut self, fetched: Fetched) -> bool {
        if self.pending == Some(FetchRequest { epoch: fetched.epoch, index: fetched.index }) {
            self.pending = None;
        }
        if self.bodies.len() == KEPT_BODIES {
            self.bodies.pop_front();
        }
        self.bodies.push_back(fetched);
        true
    }

    /// Lays article `index` of catalog `epoch` out `width` columns wide once it is read, or
    /// returns the request to read it (once); keeps the first line shown in range.
    pub(super) fn prepare(&mut self, epoch: u64, index: u32, width: u16, rows: usize) -> Option<FetchRequest> {
        let mut request = None;
        match self.bodies.iter().find(|b| b.epoch == epoch && b.index == index).map(|b| &b.result) {
            Some(Ok(article)) => self.pages.ensure(article, index, width),
            Some(Err(_)) => {}
            None => {
                let wanted = FetchRequest { epoch, index };
                if self.pending != Some(wanted) {
                    self.pending = Some(wanted);
                    request = Some(wanted);
                }
            }
        }
        let lines = self.pages.get(index, width).map_or(0, |p| p.lines.len());
        self.top = self.top.min(lines.saturating_sub(rows));
        request
    }
}
