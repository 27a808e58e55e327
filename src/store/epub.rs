//! EPUB 2 and 3 books through rbook: one article of the spine's chapters in reading order, each through the HTML reader, the table of contents as its headings, the title and author from the book's metadata.

use super::sanitize::sanitize_line;
use crate::document::{Block, Chapter, Document, Meta, Text};
use rbook::Epub;
use std::io::{Read, Seek, SeekFrom, Write};

/// The most a book's part may declare (its container, package, table of contents or a
/// chapter): rbook reads the first three whole, and a real one is kilobytes.
const MAX_PART_BYTES: u64 = 64 << 20;

/// The most of all a book's chapters read together, in chapter limits (128 MiB at 8 MiB a
/// chapter): a thousand chapters each just under the limit would hold gigabytes.
pub const BOOK_LIMIT_IN_CHAPTERS: usize = 16;

/// Refuses a book whose zip declares a part larger than [`MAX_PART_BYTES`], before rbook reads
/// any: zip holds each part to the size it declares, so this bounds what rbook holds.
fn check_parts<R: Read + Seek>(source: &mut R) -> Result<(), String> {
    let mut archive = zip::ZipArchive::new(&mut *source).map_err(|e| format!("not an EPUB book: {e}"))?;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(|e| format!("not an EPUB book: {e}"))?;
        if part.size() > MAX_PART_BYTES {
            let name = part.name().map(|n| sanitize_line(&n)).unwrap_or_default();
            return Err(format!("its part {name} is {} MiB, more than a book's part may be", part.size() >> 20));
        }
    }
    drop(archive);
    source.seek(SeekFrom::Start(0)).map_err(|e| e.to_string())?;
    Ok(())
}

/// rbook's error in a sentence: its own opens with its variant and the part in brackets
/// (`[CannotRead - \`"OEBPS/a.opf"\`]: …`), which is the book's own path for a bad zip.
fn not_a_book(error: rbook::ebook::errors::EbookError) -> String {
    let said = error.to_string();
    let Some((bracket, cause)) = said.strip_prefix('[').and_then(|s| s.split_once("]: ")) else {
        return format!("not an EPUB book: {}", sanitize_line(&said));
    };
    let (variant, part) = bracket.split_once(" - ").unwrap_or((bracket, ""));
    // A resource is Debug-printed: `ResourceKind("")@Value("/OEBPS/a.opf")`.
    let part = part.rsplit_once("Value(\"").map_or(part, |(_, value)| value);
    let part = part.trim_matches(|c| matches!(c, '`' | '"' | ')' | '/'));
    match variant == "UnreadableArchive" || part.is_empty() {
        true => format!("not an EPUB book: {}", sanitize_line(cause)),
        false => format!("not an EPUB book: {}: {}", sanitize_line(part), sanitize_line(cause)),
    }
}

/// A book's title and first author, from its package document alone: the chapters, the
/// manifest and the table of contents are not read (a list of a thousand books opens fast).
pub fn title_of(path: &std::path::Path) -> Result<(String, Option<String>), String> {
    let mut file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    check_parts(&mut file)?;
    let epub = Epub::options().skip_manifest(true).skip_spine(true).skip_toc(true).read(file).map_err(not_a_book)?;
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
/// (the rest of a larger one is cut, and said so), [`BOOK_LIMIT_IN_CHAPTERS`] times that in all, each chapter
/// once however often the spine lists it; where the table of contents names a
/// chapter that does not open with a heading, its label is one, at its depth.
pub fn read<R: Read + Seek + Send + Sync + 'static>(
    mut source: R,
    chapter_limit: usize,
) -> Result<(Document, bool), String> {
    check_parts(&mut source)?;
    let epub = Epub::options().read(source).map_err(not_a_book)?;
    let (title, author) = title_and_author(&epub);
    // Each chapter's first label in the table of contents, with its depth.
    let mut labels: std::collections::HashMap<String, (usize, String)> = std::collections::HashMap::new();
    if let Some(contents) = epub.toc().contents() {
        for entry in contents.flatten() {
            if let Some(manifest) = entry.manifest_entry() {
                labels.entry(manifest.id().to_owned()).or_insert_with(|| (entry.depth(), sanitize_line(entry.label())));
            }
        }
    }
    let mut blocks = Vec::new();
    let mut truncated = false;
    let mut seen = std::collections::HashSet::new();
    let mut chapters = Vec::new();
    let mut book_room = chapter_limit.saturating_mul(BOOK_LIMIT_IN_CHAPTERS);
    for spine in epub.spine().iter().filter(|s| s.is_linear()) {
        let Some(manifest) = spine.manifest_entry() else { continue };
        if !manifest.media_type().contains("html") || !seen.insert(manifest.id().to_owned()) {
            continue;
        }
        if book_room == 0 {
            truncated = true;
            break;
        }
        let mut bytes = Capped { bytes: Vec::new(), room: chapter_limit.min(book_room), refused: false };
        let copied = manifest.copy_bytes(&mut bytes);
        let cut = bytes.refused;
        if copied.is_err() && !cut {
            // One unreadable chapter (a bad entry in the zip) is said in its place.
            blocks.push(Block::Paragraph {
                text: Text::plain(format!("[chapter {} could not be read]", sanitize_line(manifest.id()))),
            });
            continue;
        }
        truncated |= cut;
        book_room -= bytes.bytes.len();
        let Ok(decoded) = super::html::decode(&bytes.bytes, !cut) else { continue };
        let mut chapter = super::html::chapter(&decoded.text);
        // A picture is named relative to its chapter; the reader finds it by its path in the zip.
        let href = manifest.href().as_str().trim_start_matches('/').to_owned();
        chapter.iter_mut().for_each(|b| b.each_picture_mut(&mut |source| *source = in_book(&href, source)));
        let opens_with_heading = matches!(chapter.first(), Some(Block::Heading { .. }));
        if let Some((depth, label)) = labels.get(manifest.id())
            && !opens_with_heading
            && !label.is_empty()
        {
            let level = u8::try_from(depth.clamp(&1, &6).to_owned()).unwrap_or(1);
            chapter.insert(0, Block::Heading { level, text: Text::plain(label.clone()) });
        }
        if !chapter.is_empty() {
            let name = sanitize_line(manifest.href().as_str().trim_start_matches('/'));
            chapters.push(Chapter { block: blocks.len(), name });
        }
        blocks.extend(chapter);
    }
    let meta = Meta { author, chapters, ..Meta::default() };
    Ok((Document { title, meta, blocks }, truncated))
}

/// `source`, named in the chapter at `chapter` (a path in the zip), as a path in the zip; an
/// address (`data:`, the web) as it is.
fn in_book(chapter: &str, source: &str) -> String {
    if source.contains(':') {
        return source.to_owned();
    }
    let path = source.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        chapter.rsplit_once('/').map_or(Vec::new(), |(dir, _)| dir.split('/').collect())
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// A writer that takes bytes up to its room, then refuses: a chapter that inflates to
/// gigabytes (a zip bomb) stops at the limit.
struct Capped {
    bytes: Vec<u8>,
    room: usize,
    /// Bytes came that there was no room for: the chapter was cut.
    refused: bool,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 && !data.is_empty() {
            self.refused = true;
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
