//! The highlights of the article read: found again in its text once per version and change (an edited one re-anchored, a lost one said orphaned), made, changed and taken away.

use super::App;
use crate::fulltext::SearchedNotes;
use crate::highlight::{ArticleText, Colour, Highlight, Quote};
use crate::store::ArticleRef;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

/// Articles kept with their highlights found, as the reader keeps articles read.
const KEPT_ANNOTATED: usize = 8;

/// A highlight as found in the article read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Its id in the state.
    pub id: String,
    /// The bytes of the article's text it covers now.
    pub range: Range<usize>,
    pub colour: Colour,
    pub note: String,
}

/// The article read as highlights see it: its text, and its highlights found in it.
#[derive(Debug)]
pub struct Annotated {
    pub article: ArticleRef,
    pub text: ArticleText,
    /// In the order of the text.
    pub marked: Vec<Marked>,
    /// The highlights revision they were found at.
    revision: u64,
}

/// What the app knows of highlights beyond the state: which articles have them, the article
/// read with its own found, and the ones found orphaned.
#[derive(Debug, Default)]
pub struct Annotations {
    /// The ids of each article's highlights, as of `indexed`.
    by_article: HashMap<String, Vec<String>>,
    indexed: Option<u64>,
    pub shown: Option<Annotated>,
    /// Articles read before, as they were found: going back to one finds nothing again.
    kept: std::collections::VecDeque<Annotated>,
    /// Highlights whose article was read in this session and no longer has their words.
    pub orphans: HashSet<String>,
    /// A highlight to bring into view once its article is laid out (Enter in the notes).
    pub(super) pending: Option<String>,
    /// The notes as the text search reads them (article id, note), as of a highlights revision.
    searched: Option<(u64, SearchedNotes)>,
}

impl Annotated {
    /// The highlight covering byte `at` of the text, else the first one `range` overlaps.
    /// The innermost one, when highlights nest (a word highlighted inside a sentence).
    pub fn under(&self, at: usize, range: &Range<usize>) -> Option<&Marked> {
        let inner = |m: &&Marked| m.range.len();
        self.marked.iter().filter(|m| m.range.contains(&at)).min_by_key(inner).or_else(|| {
            self.marked.iter().filter(|m| m.range.start < range.end && range.start < m.range.end).min_by_key(inner)
        })
    }
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl App {
    /// The article read as highlights see it, once its text is known.
    pub fn annotated(&self) -> Option<&Annotated> {
        self.annotations.shown.as_ref().filter(|a| Some(&a.article) == self.selected_ref())
    }

    /// Finds the selected article's highlights in its text when the article, its version or
    /// the highlights changed (the text is taken only for an article with highlights, or a
    /// selection). One found only approximately (the text was edited) keeps its new words, so
    /// the next edit is measured from them.
    pub(super) fn refresh_annotations(&mut self, force: bool) {
        let revision = self.remembered.memory.notes_revision();
        if self.annotations.indexed != Some(revision) {
            self.annotations.by_article.clear();
            let highlights = self.remembered.memory.store(&self.remembered.store).map(|s| &s.highlights);
            for (id, highlight) in highlights.into_iter().flatten() {
                self.annotations.by_article.entry(highlight.article.clone()).or_default().push(id.clone());
            }
            self.annotations.indexed = Some(revision);
        }
        let Some(article) = self.selected_ref().cloned() else { return };
        let noted = self.annotations.by_article.get(&*article.id).is_some_and(|ids| !ids.is_empty());
        let wanted = force || noted || self.selection.is_some();
        if self.annotations.shown.as_ref().is_some_and(|a| a.article != article) {
            // Kept, for going back to it: its highlights need not be found again.
            let left = self.annotations.shown.take().expect("just seen");
            if self.selection.take().is_some_and(|s| s.note.is_some()) && left.article.id == article.id {
                self.flash = Some("the article changed on disk: the note was not kept".to_owned());
            }
            self.annotations.kept.retain(|a| a.article != left.article);
            if self.annotations.kept.len() == KEPT_ANNOTATED {
                self.annotations.kept.pop_front();
            }
            self.annotations.kept.push_back(left);
        }
        if self.annotations.shown.is_none()
            && let Some(at) = self.annotations.kept.iter().position(|a| a.article == article)
        {
            self.annotations.shown = self.annotations.kept.remove(at);
        }
        // One whose last highlight went is found again too: nothing of it may stay drawn.
        let wanted = wanted || self.annotations.shown.as_ref().is_some_and(|a| !a.marked.is_empty());
        let current = self.annotations.shown.as_ref().is_some_and(|a| a.article == article && a.revision == revision);
        if current {
            self.bring_pending_highlight_into_view();
        }
        if !wanted || current {
            return;
        }
        let Some(Ok(body)) = self.reader.body(&article) else { return };
        let text = match self.annotations.shown.take() {
            Some(shown) => shown.text,
            None => ArticleText::of(&body.blocks),
        };
        let store = self.remembered.store.clone();
        let ids = self.annotations.by_article.get(&*article.id).cloned().unwrap_or_default();
        let mut marked = Vec::new();
        let mut moved = Vec::new();
        for id in ids {
            let Some(highlight) = self.remembered.memory.store(&store).and_then(|s| s.highlights.get(&id)) else {
                continue;
            };
            match highlight.quote.find(&text.text) {
                Some(found) => {
                    self.annotations.orphans.remove(&id);
                    if !found.exact {
                        let mut changed = highlight.clone();
                        // Not `updated`: no one changed it, and a newer edit elsewhere wins.
                        changed.quote = Quote::of(&text.text, found.range.clone());
                        moved.push((id.clone(), changed));
                    }
                    marked.push(Marked {
                        id,
                        range: found.range,
                        colour: highlight.colour,
                        note: highlight.note.clone(),
                    });
                }
                None => {
                    self.annotations.orphans.insert(id);
                }
            }
        }
        marked.sort_by_key(|m| (m.range.start, m.range.end));
        let moved_any = !moved.is_empty();
        for (id, highlight) in moved {
            self.remembered.memory.set_highlight(&store, &id, Some(highlight));
        }
        if moved_any {
            self.requests.save = true;
        }
        // Keeps the revision the words were found at: re-anchoring them changes nothing drawn.
        let revision = self.remembered.memory.notes_revision();
        self.annotations.indexed = self.annotations.indexed.map(|_| revision);
        self.annotations.shown = Some(Annotated { article, text, marked, revision });
        self.bring_pending_highlight_into_view();
    }

    /// The store's notes for the text search, made once per change of the highlights.
    pub(super) fn notes_for_search(&mut self) -> SearchedNotes {
        let revision = self.remembered.memory.notes_revision();
        if let Some((made, notes)) = &self.annotations.searched
            && *made == revision
        {
            return notes.clone();
        }
        let store = self.remembered.memory.store(&self.remembered.store);
        let notes = Arc::new(store.map(crate::state::StoreState::notes).unwrap_or_default());
        self.annotations.searched = Some((revision, notes.clone()));
        notes
    }

    /// Keeps `highlight` (by its id, or a new one), saved at once: a highlight is never lost
    /// to a crash.
    pub(super) fn keep_highlight(&mut self, id: Option<String>, highlight: Option<Highlight>) -> bool {
        let id = match (id, &highlight) {
            (Some(id), _) => id,
            (None, Some(highlight)) => highlight.id(),
            (None, None) => return false,
        };
        let store = self.remembered.store.clone();
        let changed = self.remembered.memory.set_highlight(&store, &id, highlight);
        if changed {
            self.requests.save = true;
            self.marks_changed();
        }
        changed
    }

    /// A new highlight of `range` of the article read, in `colour`, with `note`.
    pub(super) fn new_highlight(&self, range: Range<usize>, colour: Colour, note: String) -> Option<Highlight> {
        let shown = self.annotated()?;
        let mut highlight = Highlight::new(&shown.article.id, &shown.text.text, range, now());
        highlight.colour = colour;
        highlight.note = note;
        Some(highlight)
    }

    /// The highlight `id` as kept, its note or colour changed.
    pub(super) fn changed_highlight(&self, id: &str, change: impl FnOnce(&mut Highlight)) -> Option<Highlight> {
        let mut highlight = self.remembered.memory.store(&self.remembered.store)?.highlights.get(id)?.clone();
        change(&mut highlight);
        highlight.updated = now();
        Some(highlight)
    }

    /// Once the article of a highlight chosen in the notes is laid out: the reader shows the
    /// highlight a few lines below the top, or says it is orphaned.
    fn bring_pending_highlight_into_view(&mut self) {
        let Some(id) = self.annotations.pending.clone() else { return };
        let Some(shown) = self.annotated() else { return };
        let range = shown.marked.iter().find(|m| m.id == id).map(|m| m.range.clone());
        let line = range.and_then(|range| {
            let page = self.page()?;
            crate::spans::place_of(page, &self.annotated()?.text, range.start).map(|(line, _)| line)
        });
        self.annotations.pending = None;
        match line {
            Some(line) => {
                self.scroll_reader(line.saturating_sub(2));
            }
            None if self.annotations.orphans.contains(&id) => {
                self.flash = Some("its words are no longer in the article: kept, as orphaned".to_owned());
            }
            None => self.annotations.pending = Some(id),
        }
    }
}

#[cfg(test)]
#[path = "annotations_tests.rs"]
mod tests;
