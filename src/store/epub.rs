//! EPUB 2 and 3 books through rbook: one article of the spine's chapters in reading order, each through the HTML reader, the table of contents as its headings, the title and author from the book's metadata.

use super::sanitize::sanitize_line;
use crate::document::{Block, Document, Meta, Text};
use rbook::Epub;
use std::io::{Read, Seek, Write};

/// A book's title and first author, from its package document alone: the chapters, the
/// manifest and the table of contents are not read (a list of a thousand books opens fast).
pub fn title_of(path: &std::path::Path) -> Result<(String, Option<String>), String> {
    let epub = Epub::options()
        .skip_manifest(true)
        .skip_spine(true)
        .skip_toc(true)
        .open(path)
        .map_err(|e| format!("not an EPUB book: {e}"))?;
    Ok(title_and_author(&epub))
}

fn title_and_author(epub: &Epub) -> (String, Option<String>) {
    let metadata = epub.metadata();
    let title = metadata.title().map(|t| sanitize_line(t.value())).unwrap_or_default();
    let author = metadata.creators().next().map(|c| sanitize_line(c.value())).filter(|a| !a.is_empty());
    (title, author)
}

/// Reads a whole book as a document: each chapter of the spine (linear ones; the others are
/// notes and covers a reader skips) through the HTML reader, up to `chapter_limit` bytes each
/// (the rest of a larger one is cut, and said so); where the table of contents names a
/// chapter that does not open with a heading, its label is one, at its depth.
pub fn read<R: Read + Seek + Send + Sync + 'static>(
    source: R,
    chapter_limit: usize,
) -> Result<(Document, bool), String> {
    let epub = Epub::options().read(source).map_err(|e| format!("not an EPUB book: {e}"))?;
    let (title, author) = title_and_author(&epub);
    let mut labels: Vec<(String, usize, String)> = Vec::new();
    if let Some(contents) = epub.toc().contents() {
        for entry in contents.flatten() {
            if let Some(manifest) = entry.manifest_entry() {
                labels.push((manifest.id().to_owned(), entry.depth(), sanitize_line(entry.label())));
            }
        }
    }
    let mut blocks = Vec::new();
    let mut truncated = false;
    for spine in epub.spine().iter().filter(|s| s.is_linear()) {
        let Some(manifest) = spine.manifest_entry() else { continue };
        if !manifest.media_type().contains("html") {
            continue;
        }
        let mut bytes = Capped { bytes: Vec::new(), room: chapter_limit };
        let copied = manifest.copy_bytes(&mut bytes);
        let cut = bytes.room == 0;
        if copied.is_err() && !cut {
            // One unreadable chapter (a bad entry in the zip) is said in its place.
            blocks.push(Block::Paragraph {
                text: Text::plain(format!("[chapter {} could not be read]", sanitize_line(manifest.id()))),
            });
            continue;
        }
        truncated |= cut;
        let Ok(decoded) = super::html::decode(&bytes.bytes, !cut) else { continue };
        let (mut chapter, _) = super::html::chapter(&decoded.text);
        let opens_with_heading = matches!(chapter.first(), Some(Block::Heading { .. }));
        if let Some((_, depth, label)) = labels.iter().find(|(id, _, _)| id == manifest.id())
            && !opens_with_heading
            && !label.is_empty()
        {
            let level = u8::try_from(depth.clamp(&1, &6).to_owned()).unwrap_or(1);
            chapter.insert(0, Block::Heading { level, text: Text::plain(label.clone()) });
        }
        blocks.extend(chapter);
    }
    let meta = Meta { author, ..Meta::default() };
    Ok((Document { title, meta, blocks }, truncated))
}

/// A writer that takes bytes up to its room, then refuses: a chapter that inflates to
/// gigabytes (a zip bomb) stops at the limit.
struct Capped {
    bytes: Vec<u8>,
    room: usize,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::other("chapter larger than the limit"));
        }
        let taken = data.len().min(self.room);
        self.bytes.extend_from_slice(&data[..taken]);
        self.room -= taken;
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[path = "epub_tests.rs"]
mod tests;
