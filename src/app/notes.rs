//! The notes overlay: the store's highlights and notes, fuzzy-filtered by typing, newest first or by article; Enter reads one at its place.

use super::App;
use crate::action::Direction;
use crate::highlight::Colour;
use crate::query::QueryLine;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// Chars of a quote kept for its row: a row shows one line.
const QUOTE_SHOWN: usize = 300;

/// One highlight as the overlay lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRow {
    pub id: String,
    pub article: String,
    /// The article's title, or its id when the store no longer has it.
    pub title: String,
    /// Its words on one line.
    pub quote: String,
    pub note: String,
    pub colour: Colour,
    pub created: u64,
    /// Where it was in its article's text (to list an article's in order).
    start: usize,
    /// Its words were not found when its article was last read here.
    pub orphaned: bool,
    /// What the filter reads: title, quote and note, made once.
    haystack: String,
    /// Its article is not in the store now.
    pub gone: bool,
}

/// The overlay: what is typed, the order, the rows the filter keeps and the one selected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesView {
    pub filter: QueryLine,
    /// By article (title, then place in the text), else newest first.
    pub by_article: bool,
    all: Vec<NoteRow>,
    pub rows: Vec<NoteRow>,
    pub selected: usize,
    /// The highlight Ctrl-D was pressed on once: a second press takes it away.
    confirming: Option<String>,
}

impl NotesView {
    /// The rows the filter keeps (fuzzy over title, quote and note, smart case), in order.
    fn refilter(&mut self) {
        let matcher = SkimMatcherV2::default().smart_case();
        let query = self.filter.text();
        let mut rows: Vec<NoteRow> = self
            .all
            .iter()
            .filter(|r| query.is_empty() || matcher.fuzzy_match(&r.haystack, query).is_some())
            .cloned()
            .collect();
        match self.by_article {
            true => rows.sort_by(|a, b| (&a.title, &a.article, a.start).cmp(&(&b.title, &b.article, b.start))),
            false => rows.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id))),
        }
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }
}

impl App {
    pub fn notes(&self) -> Option<&NotesView> {
        match &self.overlay {
            Some(super::Overlay::Notes(view)) => Some(view),
            _ => None,
        }
    }

    fn notes_mut(&mut self) -> Option<&mut NotesView> {
        match &mut self.overlay {
            Some(super::Overlay::Notes(view)) => Some(view),
            _ => None,
        }
    }

    /// Opens the overlay on the store's highlights (or says there are none), or closes it.
    pub(super) fn toggle_notes(&mut self) -> bool {
        if self.notes().is_some() {
            self.overlay = None;
            return true;
        }
        let all = self.note_rows();
        if all.is_empty() {
            self.flash = Some("no highlights yet: v selects text, a highlights it".to_owned());
            return true;
        }
        let mut view = NotesView { all, ..NotesView::default() };
        view.refilter();
        self.overlay = Some(super::Overlay::Notes(view));
        true
    }

    /// Every highlight of the store, as rows.
    fn note_rows(&self) -> Vec<NoteRow> {
        let Some(store) = self.remembered.memory.store(&self.remembered.store) else { return Vec::new() };
        let catalog = self.catalog.read().unwrap();
        store
            .highlights
            .iter()
            .map(|(id, h)| {
                let index = catalog.find(&h.article);
                let title = index.map_or_else(|| h.article.clone(), |i| catalog.title(i).into_owned());
                // The state file can be edited by hand: what it holds is shown sanitized.
                let quote = crate::store::sanitize::sanitize_line(&h.quote.exact);
                let quote: String = quote.split_whitespace().collect::<Vec<_>>().join(" ");
                let quote: String = quote.chars().take(QUOTE_SHOWN).collect();
                let title = crate::store::sanitize::sanitize_line(&title);
                let note = crate::store::sanitize::sanitize_line(&h.note);
                let note = note.split_whitespace().collect::<Vec<_>>().join(" ");
                NoteRow {
                    id: id.clone(),
                    article: h.article.clone(),
                    haystack: format!("{title} {quote} {note}"),
                    title,
                    quote,
                    note,
                    colour: h.colour,
                    created: h.created,
                    start: h.quote.start,
                    orphaned: self.annotations.orphans.contains(id),
                    gone: index.is_none(),
                }
            })
            .collect()
    }

    /// Edits the filter: the first row kept is selected.
    pub(super) fn notes_edit(&mut self, edit: impl FnOnce(&mut QueryLine) -> bool) -> bool {
        let Some(view) = self.notes_mut() else { return false };
        let changed = edit(&mut view.filter);
        if changed {
            view.selected = 0;
            view.refilter();
        }
        changed
    }

    pub(super) fn notes_select(&mut self, direction: Direction, by: usize) -> bool {
        let Some(view) = self.notes_mut() else { return false };
        let last = view.rows.len().saturating_sub(1);
        let selected = direction.apply(view.selected, by).min(last);
        std::mem::replace(&mut view.selected, selected) != selected
    }

    /// Ctrl-S: newest first, or by article.
    pub(super) fn notes_order(&mut self) -> bool {
        let Some(view) = self.notes_mut() else { return false };
        view.by_article = !view.by_article;
        view.refilter();
        true
    }

    /// Ctrl-D twice on one highlight: it (and its note) taken away. There is no undo, and
    /// Ctrl-D scrolls elsewhere: one press only asks.
    pub(super) fn notes_remove(&mut self) -> bool {
        let Some(id) = self.notes().and_then(|v| v.rows.get(v.selected)).map(|r| r.id.clone()) else { return false };
        let view = self.notes_mut().expect("just read");
        if view.confirming.as_ref() != Some(&id) {
            view.confirming = Some(id);
            self.flash = Some("Ctrl-D again takes this highlight and its note away".to_owned());
            return true;
        }
        self.keep_highlight(Some(id.clone()), None);
        self.annotations.orphans.remove(&id);
        if let Some(view) = self.notes_mut() {
            view.all.retain(|r| r.id != id);
            view.refilter();
        }
        self.flash = Some("highlight taken away".to_owned());
        true
    }

    /// Enter: the selected highlight's article read, at the highlight.
    pub(super) fn notes_open(&mut self) -> bool {
        let Some(row) = self.notes().and_then(|v| v.rows.get(v.selected)).cloned() else { return false };
        if row.gone {
            self.flash = Some("its article is not in the store now".to_owned());
            return true;
        }
        self.overlay = None;
        if !self.show_article(row.article.clone()) {
            return true;
        }
        self.annotations.pending = Some(row.id);
        // Selected now, or once the list is ranked again (the query cleared): then it is
        // noted as opened when it is shown.
        if self.selected_ref().is_some_and(|r| *r.id == *row.article) {
            self.note_opened();
        }
        self.set_focus(super::Focus::Reader);
        true
    }
}
