//! Work that leaves folio's screen: the pager and the editor, the clipboard, reloading, the width.

use super::App;
use crate::action::{Copied, Direction};
use std::path::PathBuf;

/// A program to run on the terminal while folio steps aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum External {
    /// `$PAGER` reading this text on its stdin, from line `line` (0 the first) when it is less.
    Pager { text: String, line: usize },
    /// `$EDITOR` (or `$VISUAL`) opening this file.
    Editor { path: PathBuf },
    /// `$BROWSER` (else `xdg-open`) opening this web or mail address.
    Browser { url: String },
    /// `$EDITOR` writing a note that starts as this text; what it leaves comes back as
    /// [`super::Event::NoteEdited`].
    Note { text: String },
}

/// How far `+` and `-` move the reading width.
const WIDTH_STEP: u16 = 4;
/// OSC 52 payloads past this are refused by many terminals (xterm's default is 100,000 bytes
/// of base64): folio says so instead of sending what would be dropped.
pub const MAX_COPY: usize = 74_000;

impl App {
    /// The reading column's widest, as `+`/`-` left it.
    pub fn reading_width(&self) -> u16 {
        self.reading_width
    }

    /// `+` and `-`: the reading width a few columns wider or narrower, kept for the next run.
    pub(super) fn change_width(&mut self, direction: Direction) -> bool {
        let range = crate::config::WIDTHS;
        let width = match direction {
            Direction::Up => self.reading_width.saturating_add(WIDTH_STEP),
            Direction::Down => self.reading_width.saturating_sub(WIDTH_STEP),
        };
        self.set_reading_width(width.clamp(*range.start(), *range.end()), true)
    }

    /// `=`: back to the config's width, the remembered one forgotten.
    pub(super) fn reset_width(&mut self) -> bool {
        self.set_reading_width(self.config.width, false)
    }

    fn set_reading_width(&mut self, width: u16, remember: bool) -> bool {
        self.remembered.memory.set_width(remember.then_some(width));
        self.remembered.unsaved = true;
        let columns = self.panes().map_or(width, |p| p.reader.width.saturating_sub(2));
        self.flash = Some(match width > columns {
            true => format!("reading width {width} (the pane shows {columns})"),
            false => format!("reading width {width}"),
        });
        self.keeping_place(|app| app.reading_width = width);
        true
    }

    /// The article shown as the pager gets it: laid out as `folio show` prints it, at the
    /// reading width or the screen's if narrower, and the line the reader's top is on.
    fn paged_text(&self) -> Option<(String, usize)> {
        use crate::page::{LineKind, Page};
        let Some(Ok(article)) = self.body() else { return None };
        let width = self.reading_width.min(self.area.width.saturating_sub(1)).max(20);
        let page = Page::new(article, width);
        let shown = |l: &&crate::page::PageLine| l.kind != LineKind::Meta;
        let text: String = page.lines.iter().filter(shown).map(|l| format!("{}\n", l.text)).collect();
        // The place at the reader's top, found again in this page's lines.
        let top = self.page().filter(|_| !self.reader.raw()).map(|p| p.place_of(self.reader.top()));
        let line = top.map_or(0, |place| page.lines[..page.line_of(&place)].iter().filter(shown).count());
        Some((text, line))
    }

    /// The text of the article shown, as it is copied: the title, then the paragraphs.
    fn article_text(&self) -> Option<String> {
        let Some(Ok(article)) = self.body() else { return None };
        let mut text = article.title.clone();
        for paragraph in article.texts() {
            text.push_str("\n\n");
            text.push_str(&paragraph);
        }
        text.push('\n');
        Some(text)
    }

    /// The pager on the article's text; the editor on its file (an article that is no file,
    /// from JSON Lines or the built-in seeds, goes to the pager).
    pub(super) fn open_outside(&mut self, editor: bool) -> bool {
        let Some(index) = self.selected_article() else { return false };
        let path = self.catalog.read().unwrap().file_path(index as usize);
        self.note_place();
        self.requests.external = match (editor, path) {
            (true, Some(path)) => Some(External::Editor { path }),
            (editor, _) => {
                if editor {
                    self.flash = Some("not a file of its own: shown in the pager".into());
                }
                self.paged_text().map(|(text, line)| External::Pager { text, line })
            }
        };
        if self.requests.external.is_none() {
            self.flash = Some("the article is not read yet".into());
        }
        true
    }

    /// Puts the article's id, path or text on the clipboard through the terminal (OSC 52).
    pub(super) fn copy(&mut self, what: Copied) -> bool {
        let Some(index) = self.selected_article() else { return false };
        let (id, path) = {
            let catalog = self.catalog.read().unwrap();
            // Absolute: a path relative to where folio started means nothing where it is pasted.
            let path =
                catalog.file_path(index as usize).map(|p| std::path::absolute(&p).unwrap_or(p).display().to_string());
            (catalog.id(index as usize).to_owned(), path)
        };
        let (text, name) = match what {
            Copied::Id => (Some(id), "id"),
            Copied::Path => (path.map(|p| crate::store::sanitize::sanitize_line(&p)), "path"),
            Copied::Article => (self.article_text(), "article"),
        };
        self.flash = Some(match text {
            None if what == Copied::Path => "no path: the article is no file of its own".into(),
            None => "the article is not read yet".into(),
            Some(text) if text.len() > MAX_COPY => {
                format!("too long to copy ({} bytes; terminals take {MAX_COPY})", text.len())
            }
            Some(text) => {
                let note = format!("copied the {name} ({} bytes), if the terminal allows it", text.len());
                self.requests.copy = Some(text);
                note
            }
        });
        true
    }

    /// Reads the store again (a key, or a change the watcher saw): the selection and the
    /// reader's place are kept by id.
    pub(super) fn reload(&mut self) -> bool {
        if !self.loading.done {
            // Once this load is done: what changed meanwhile may be behind what it read.
            self.reload_pending = true;
            return false;
        }
        self.note_place();
        // The PATHs that could not be opened stay listed; the files are read anew.
        self.warnings.truncate(self.missing_roots);
        self.gone.clear();
        self.loading.done = false;
        self.requests.reload = true;
        self.flash = Some("reading the folders again".into());
        true
    }
}

#[cfg(test)]
#[path = "outside_tests.rs"]
mod tests;
