//! The reader's pictures: asked of the painter for the article read, and given rows once sized.

use super::App;
use crate::pictures::Painted;
use crate::store::ArticleRef;
use std::path::Path;

impl App {
    /// Asks the painter for what the page of `article` at `width` still lacks: the size of
    /// each picture, and an encoding of those within a screen of the `rows` shown.
    pub(super) fn ask_pictures(&mut self, article: &ArticleRef, width: u16, rows: usize) {
        if self.pictures.cell.is_none() {
            return;
        }
        let (Some(Ok(body)), Some(page)) = (self.reader.body(article), self.reader.page(article, width)) else {
            return;
        };
        let mut sources = Vec::new();
        body.blocks.iter().for_each(|b| b.each_picture(&mut |source| sources.push(source.to_owned())));
        if sources.is_empty() {
            return;
        }
        let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
        let top = self.reader.top();
        let near = |line: usize, height: usize| line < top + 2 * rows && line + height + rows > top;
        let placed: Vec<(&str, (u16, u16))> = page
            .pictures
            .iter()
            .filter(|p| near(p.line, usize::from(p.size.1)))
            .map(|p| (p.source.as_str(), p.size))
            .collect();
        if let Some(request) = self.pictures.wants(article, Path::new(&body.path), &sources, &placed) {
            self.requests.paint = Some(request);
        }
    }

    /// Takes the painter's answer. A picture whose size became known gets its rows once the
    /// update's answers are all in ([`App::lay_out_sized_pictures`]): a book's hundred
    /// pictures come together, and each layout is of the whole book.
    pub(super) fn painted(&mut self, painted: Painted) -> bool {
        let article = painted.article.clone();
        if !self.pictures.painted(painted) {
            return true;
        }
        if self.pictures_sized.as_ref().is_some_and(|pending| *pending != article) {
            self.lay_out_sized_pictures();
        }
        self.pictures_sized = Some(article);
        true
    }

    /// Lays out again the article whose pictures were sized, the same place in its text on top:
    /// the place as the update left it (keys of the same batch may have scrolled), read from
    /// the page before it is laid out again.
    pub(super) fn lay_out_sized_pictures(&mut self) {
        let Some(article) = self.pictures_sized.take() else { return };
        let width = self.panes().map(|p| self.reader.layout_width(p.text_width()));
        // The raw view has no pictures, and its lines are all one block: nothing to keep.
        let shown = self.selected_ref() == Some(&article) && !self.reader.raw();
        let place = width
            .filter(|_| shown)
            .and_then(|width| self.reader.page(&article, width))
            .map(|page| page.place_of(self.reader.top()));
        self.reader.forget_pages(&article);
        self.prepare_reader();
        if let (Some(place), Some(width)) = (place, width)
            && let Some(line) = self.reader.page(&article, width).map(|page| page.line_of(&place))
        {
            self.scroll_reader(line);
        }
    }
}

#[cfg(test)]
#[path = "pictures_tests.rs"]
mod tests;
