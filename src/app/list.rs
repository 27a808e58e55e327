//! The list view: the query line, the ranking it shows, the selection and the first row shown.

use crate::action::{CursorMove, Deletion};
use crate::fulltext::{Detail, TextFound};
use crate::query::QueryLine;
use crate::search::shape::{Shape, SortOrder};
use crate::search::{MatchRequest, Matcher, QueryParts, Ranked, Ranking};
use crate::store::{ArticleRef, Catalog};
use std::collections::HashMap;

/// What showing a ranking did to the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// Older than the ranking shown, or from another catalog: not shown.
    Stale,
    /// Shown, the same article still selected (more articles arrived).
    SameArticle,
    /// Shown, with another article selected (a new query starts at the top).
    OtherArticle,
}

/// What the query searches: titles (fzf's syntax, as typed) or the articles' text (the index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchKind {
    #[default]
    Titles,
    Text,
}

/// What the list shows and where its selection is.
#[derive(Debug)]
pub struct ListView {
    query: QueryLine,
    /// `query` read: terms, filters, text words.
    parts: QueryParts,
    /// The rows shown: the newest ranking received, until a newer one arrives.
    ranking: Ranking,
    matcher: Matcher,
    /// Index into the ranking's rows.
    selected: usize,
    /// First visible row.
    top: usize,
    /// Generation of the newest ranking asked for, and of the one shown.
    asked: u64,
    shown: u64,
    /// After the catalog was replaced, the id of the article to find again.
    reselect: Option<String>,
    kind: SearchKind,
    /// The first generation asked for in the current kind: older answers are of the other.
    kind_since: u64,
    /// In text search: each row's hit count and snippet, once described.
    details: Vec<Option<Detail>>,
    /// In text search: how many articles matched in all (the list holds the best of them).
    matches: usize,
    /// The order of a query without terms.
    order: SortOrder,
    /// The selected article by id and version: what outlives the catalog it was selected in.
    selected_ref: Option<ArticleRef>,
}

impl ListView {
    /// Every article of `catalog`, the first selected.
    pub fn new(catalog: &Catalog) -> Self {
        ListView {
            query: QueryLine::default(),
            parts: QueryParts::default(),
            ranking: Ranking::all("", catalog.epoch(), catalog.len()),
            matcher: Matcher,
            selected: 0,
            top: 0,
            asked: 0,
            shown: 0,
            reselect: None,
            kind: SearchKind::Titles,
            kind_since: 0,
            details: Vec::new(),
            matches: 0,
            order: SortOrder::Store,
            selected_ref: (!catalog.is_empty()).then(|| catalog.article(0)),
        }
    }

    /// The order of a query without terms (with terms, relevance decides).
    pub fn order(&self) -> SortOrder {
        self.order
    }

    pub(super) fn set_order(&mut self, order: SortOrder) {
        self.order = order;
    }

    pub fn kind(&self) -> SearchKind {
        self.kind
    }

    /// Screen lines one article takes: its title, and in text search its snippet.
    pub fn item_height(&self) -> usize {
        match self.kind {
            SearchKind::Titles => 1,
            SearchKind::Text => 2,
        }
    }

    /// Row `row`'s hit count and snippet, in text search once described.
    pub fn detail(&self, row: usize) -> Option<&Detail> {
        self.details.get(row)?.as_ref()
    }

    /// How many articles the query matches: in text search, more than the list may hold.
    pub fn matches(&self) -> usize {
        match self.kind {
            SearchKind::Text if !self.details.is_empty() => self.matches,
            _ => self.ranking.len(),
        }
    }

    /// Switches between title and text search; answers to earlier requests are stale from now.
    /// Rows of the other search are not results of this one: a query's list starts empty.
    pub(super) fn toggle_kind(&mut self, epoch: u64) {
        self.kind = match self.kind {
            SearchKind::Titles => SearchKind::Text,
            SearchKind::Text => SearchKind::Titles,
        };
        self.kind_since = self.asked + 1;
        if !self.query.text().trim().is_empty() {
            self.clear_rows(epoch);
        }
    }

    /// Shows no rows until the next answer: those shown are not results of the query asked.
    pub(super) fn clear_rows(&mut self, epoch: u64) {
        self.ranking = Ranking::fixed(self.query.text(), epoch, 0, []);
        (self.selected, self.top) = (0, 0);
        self.selected_ref = None;
        self.details.clear();
    }

    pub fn query(&self) -> &QueryLine {
        &self.query
    }

    pub fn ranking(&self) -> &Ranking {
        &self.ranking
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The selected row.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first row shown.
    pub fn top(&self) -> usize {
        self.top
    }

    /// The selected article's position in the current catalog.
    pub fn selected_article(&self) -> Option<u32> {
        self.ranking.get(self.selected)
    }

    /// The selected article by id and version.
    pub fn selected_ref(&self) -> Option<&ArticleRef> {
        self.selected_ref.as_ref()
    }

    pub(super) fn insert(&mut self, c: char) -> bool {
        self.query.insert(c);
        self.reparse()
    }

    pub(super) fn paste(&mut self, text: &str) -> bool {
        self.query.paste(text) && self.reparse()
    }

    pub(super) fn delete(&mut self, deletion: Deletion) -> bool {
        self.query.delete(deletion) && self.reparse()
    }

    pub(super) fn clear_query(&mut self) -> bool {
        self.query.clear() && self.reparse()
    }

    /// Reads the query line again after an edit; true.
    fn reparse(&mut self) -> bool {
        self.parts = QueryParts::parse(self.query.text());
        true
    }

    /// What the query says, read once per edit.
    pub fn parts(&self) -> &QueryParts {
        &self.parts
    }

    pub(super) fn move_cursor(&mut self, to: CursorMove) -> bool {
        self.query.move_cursor(to)
    }

    /// Selects `row` (clamped to the rows there are) and scrolls it into the `rows` shown;
    /// returns whether the selection moved.
    pub(super) fn select(&mut self, row: usize, rows: usize, catalog: &Catalog) -> bool {
        let row = row.min(self.ranking.len().saturating_sub(1));
        let moved = std::mem::replace(&mut self.selected, row) != row;
        self.keep_selection_visible(rows, catalog);
        self.selected_ref = self.selected_article().map(|i| catalog.article(i as usize));
        moved
    }

    /// Scrolls so that the selection is among the `rows` shown, and settles those rows.
    pub(super) fn keep_selection_visible(&mut self, rows: usize, catalog: &Catalog) {
        let rows = rows.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + rows {
            self.top = self.selected + 1 - rows;
        }
        self.top = self.top.min(self.ranking.len().saturating_sub(rows));
        self.ranking.settle(self.top + rows + 1, catalog, &self.matcher);
    }

    /// Asks for the ranking of the current query, newer than any asked for before.
    pub(super) fn ask(&mut self) -> MatchRequest {
        self.asked += 1;
        MatchRequest { generation: self.asked, query: self.query.text().to_owned(), shape: Shape::default() }
    }

    /// Selects article `id` in the first ranking that lists it.
    pub(super) fn reselect(&mut self, id: String) {
        self.reselect = Some(id);
    }

    /// The catalog `old` is being replaced by `new` (of epoch `epoch`): the rows settled so far
    /// and the selection are carried over by id, so nothing of the old catalog is ever read
    /// against the new one. Rows gone from the store go; the next ranking brings the rest.
    /// Returns whether the selected article is still the one selected.
    pub(super) fn carry_over(&mut self, old: &Catalog, new: &Catalog, epoch: u64, rows: usize) -> bool {
        let before = self.selected_ref.clone();
        // A ranking of everything is everything again; of the others, the rows up to a little
        // past the screen (a provisional list, until the new catalog's ranking comes).
        let carried = match self.ranking.is_everything() {
            true => self.selected..self.selected + 1,
            false => 0..self.ranking.sorted().min(self.ranking.len()).min(self.top + rows + 256),
        };
        let olds: Vec<u32> =
            carried.filter_map(|row| self.ranking.get(row)).filter(|&i| (i as usize) < old.len()).collect();
        let wanted: HashMap<&str, u32> = olds.iter().map(|&i| (old.id(i as usize), i)).collect();
        let mut moved: HashMap<u32, u32> = HashMap::with_capacity(wanted.len());
        if !wanted.is_empty() {
            for index in 0..new.len() {
                if let Some(&was) = wanted.get(new.id(index)) {
                    moved.insert(was, index as u32);
                }
            }
        }
        let selected = self.selected_article();
        let kept: Vec<usize> = (0..olds.len()).filter(|&row| moved.contains_key(&olds[row])).collect();
        self.ranking = self.ranking.carried_over(epoch, new.len(), kept.iter().map(|&row| moved[&olds[row]]));
        if !self.details.is_empty() {
            let mut details = std::mem::take(&mut self.details);
            self.details = kept.iter().map(|&row| details.get_mut(row).and_then(Option::take)).collect();
        }
        // The selected article where it went; if it went from the store, the one after it.
        let row = selected.and_then(|was| moved.get(&was)).and_then(|&now| self.ranking.row_of(now));
        let next = match self.ranking.is_everything() {
            true => self.selected,
            false => kept.iter().filter(|&&r| r < self.selected).count(),
        };
        self.selected = row.unwrap_or(next);
        self.selected = self.selected.min(self.ranking.len().saturating_sub(1));
        self.keep_selection_visible(rows, new);
        self.selected_ref = self.selected_article().map(|i| new.article(i as usize));
        before.as_ref().map(|a| &a.id) == self.selected_ref.as_ref().map(|a| &a.id)
    }

    /// Shows `ranked` unless it is older than the ranking shown or from another catalog. More
    /// articles arriving keep the selection on its article; a new query starts at the top, as
    /// in fzf. `screen_rows` more rows are settled than the selection needs, so a page of
    /// scrolling settles nothing.
    pub(super) fn show(&mut self, ranked: Ranked, catalog: &Catalog, rows: usize, screen_rows: usize) -> Shown {
        if ranked.generation < self.shown.max(self.kind_since) || ranked.ranking.epoch != catalog.epoch() {
            return Shown::Stale;
        }
        self.details.clear();
        self.shown = ranked.generation;
        let previous = self.selected_article();
        let same_query = ranked.ranking.query == self.ranking.query && self.reselect.is_none();
        let wanted = match self.reselect.take() {
            // Not there yet (the store still loading), or not in what this ranking covered
            // (it was made over fewer articles): looked for again in the next ranking.
            Some(id) => match catalog.find(&id) {
                Some(index) if index < ranked.ranking.covered => Some(index as u32),
                _ => {
                    self.reselect = Some(id);
                    None
                }
            },
            None => previous.filter(|_| same_query),
        };
        self.ranking = ranked.ranking;
        self.ranking.settle(self.selected + self.top + screen_rows, catalog, &self.matcher);
        // An article to select again may be ranked below the rows settled so far.
        if let Some(article) = wanted
            && self.ranking.row_of(article).is_none()
            && self.ranking.holds(article)
        {
            self.ranking.settle(usize::MAX, catalog, &self.matcher);
        }
        let row = wanted.and_then(|article| self.ranking.row_of(article));
        self.selected = row.unwrap_or(0);
        if row.is_none() {
            self.top = 0;
        }
        self.keep_selection_visible(rows, catalog);
        self.selected_ref = self.selected_article().map(|i| catalog.article(i as usize));
        // The same article on top of a new query's rows is still the article being read.
        if self.selected_article() == previous { Shown::SameArticle } else { Shown::OtherArticle }
    }

    /// Shows text search results, as [`ListView::show`] shows a ranking. A second answer to
    /// the same request describes more rows and keeps the selection.
    pub(super) fn show_text(&mut self, found: TextFound, catalog: &Catalog, rows: usize, screen_rows: usize) -> Shown {
        if self.kind != SearchKind::Text {
            return Shown::Stale;
        }
        let articles = found.rows.iter().map(|(index, _)| *index);
        let ranking = Ranking::fixed(&found.query, found.epoch, catalog.len(), articles);
        let shown = self.show(Ranked { generation: found.generation, ranking }, catalog, rows, screen_rows);
        if shown != Shown::Stale {
            self.details = found.rows.into_iter().map(|(_, detail)| detail).collect();
            self.matches = found.matches;
        }
        shown
    }
}
