//! The reader view: the articles read, their pages per width, and the first line shown.

use crate::action::Side;
use crate::page::{Page, PageCache, RAW, Sizes};
use crate::store::{Article, ArticleRef, FetchRequest, Fetched, ReadError};
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
    /// Showing the file's own lines instead of the reading layout.
    raw: bool,
    /// Columns the raw view is scrolled sideways by.
    left: usize,
    /// The first line shown of the other layout (reading or raw), for when `r` returns to it.
    other_top: usize,
    /// The place in the text on top when the screen became too small to show it: where the
    /// reader goes once it can show the article again, whatever size that is.
    pub(super) held: Option<(ArticleRef, crate::document::Anchor)>,
    /// A heading jumped to that the view could not bring to the top (on the last page), and
    /// the top the jump left: the section read while the view stays there.
    pub(super) jumped: Option<usize>,
    pub(super) jumped_top: Option<usize>,
}

impl ReaderView {
    /// Fills lines first-fit whatever the article's size (`wrap = "fast"`).
    pub(super) fn set_fast_wrap(&mut self, fast: bool) {
        self.pages.fast = fast;
    }

    /// The first line shown.
    pub fn top(&self) -> usize {
        self.top
    }

    /// Whether the raw view is shown.
    pub fn raw(&self) -> bool {
        self.raw
    }

    /// Columns the raw view is scrolled sideways by.
    pub fn left(&self) -> usize {
        self.left
    }

    /// The width pages are laid out at: the text column's, or none in the raw view.
    pub fn layout_width(&self, text_width: u16) -> u16 {
        if self.raw { RAW } else { text_width }
    }

    /// Switches between the reading layout and the raw view, each where it was left.
    pub(super) fn toggle_raw(&mut self) -> bool {
        self.raw = !self.raw;
        std::mem::swap(&mut self.top, &mut self.other_top);
        true
    }

    /// Scrolls the raw view sideways by `by` columns, no further than shows the end of its
    /// longest line in `columns`; returns whether it moved.
    pub(super) fn pan(&mut self, side: Side, by: usize, longest: usize, columns: usize) -> bool {
        if !self.raw {
            return false;
        }
        let left = match side {
            Side::Left => self.left.saturating_sub(by),
            Side::Right => (self.left + by).min(longest.saturating_sub(columns)),
        };
        std::mem::replace(&mut self.left, left) != left
    }

    /// The article as read, or why it could not be; `None` until read.
    pub fn body(&self, article: &ArticleRef) -> Option<&Result<Article, ReadError>> {
        self.bodies.iter().find(|b| b.article == *article).map(|b| &b.result)
    }

    /// Drops `article`'s pages, to be laid out again (a picture's size became known).
    pub(super) fn forget_pages(&mut self, article: &ArticleRef) {
        self.pages.forget(article);
    }

    /// How many pages were laid out so far.
    pub fn pages_laid_out(&self) -> u64 {
        self.pages.laid_out
    }

    /// The article laid out `width` columns wide, once read and laid out.
    pub fn page(&self, article: &ArticleRef, width: u16) -> Option<&Page> {
        self.pages.get(article, width)
    }

    /// Scrolls to `line`, kept where the `rows` shown are still filled from the page's `lines`;
    /// returns whether the view moved.
    pub(super) fn scroll_to(&mut self, line: usize, lines: usize, rows: usize) -> bool {
        let line = line.min(self.last_top(lines, rows));
        std::mem::replace(&mut self.top, line) != line
    }

    /// Back to the top (and the left edge), for another article (or none).
    pub(super) fn rewind(&mut self) {
        (self.top, self.left, self.other_top) = (0, 0, 0);
        (self.jumped, self.jumped_top) = (None, None);
    }

    pub(super) fn fetched(&mut self, fetched: Fetched) -> bool {
        if self.pending.as_ref().is_some_and(|p| p.article == fetched.article) {
            self.pending = None;
        }
        if self.bodies.len() == KEPT_BODIES {
            self.bodies.pop_front();
        }
        self.bodies.push_back(fetched);
        true
    }

    /// Lays `wanted`'s article out `width` columns wide once it is read, or returns the request
    /// to read it (once); keeps the first line shown in range.
    pub(super) fn prepare(
        &mut self,
        wanted: FetchRequest,
        width: u16,
        rows: usize,
        sizes: Sizes,
    ) -> Option<FetchRequest> {
        let mut request = None;
        let article = wanted.article.clone();
        match self.bodies.iter().find(|b| b.article == article).map(|b| &b.result) {
            Some(Ok(body)) => self.pages.ensure(body, &article, width, sizes),
            Some(Err(_)) => {}
            None => {
                if self.pending.as_ref().is_none_or(|p| p.article != article) {
                    self.pending = Some(wanted.clone());
                    request = Some(wanted);
                }
            }
        }
        let lines = self.pages.get(&article, width).map_or(0, |p| p.lines.len());
        self.top = self.top.min(self.last_top(lines, rows));
        request
    }

    /// The furthest the top may go: the last page, and in the reading layout one row past the
    /// last line, for the `(end)` mark under it.
    fn last_top(&self, lines: usize, rows: usize) -> usize {
        let end_row = usize::from(!self.raw && lines >= rows);
        (lines + end_row).saturating_sub(rows)
    }
}
