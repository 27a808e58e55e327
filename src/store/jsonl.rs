//! JSON Lines stores: one article per line, `{"id", "title", "paragraphs", "trailer", "path"}`, and folio's typed `blocks`.

use super::Article;
use super::encoding::decode_entities;
use super::files::{ReadError, Warning};
use super::sanitize::{sanitize, sanitize_line};
use crate::document::{Block, Ink, Item, Meta, Span, Text};
use crate::worker::Flow;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Bytes parsed per round: large enough to keep both cores busy, small enough to bound memory.
const BLOCK: usize = 4 * 1024 * 1024;

/// An article as a JSON line, for export and for reading one back in full.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonArticle<'a> {
    #[serde(borrow)]
    pub id: Cow<'a, str>,
    #[serde(borrow)]
    pub title: Cow<'a, str>,
    #[serde(default)]
    pub paragraphs: Vec<String>,
    #[serde(default)]
    pub trailer: Vec<String>,
    #[serde(default, borrow)]
    pub path: Cow<'a, str>,
    /// The text is folio's own, entities already decoded (`folio export` writes it): read
    /// back as it is, so `&amp;lt;` stays `&lt;`. Other producers' lines decode entities.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decoded: bool,
    /// The version of `blocks`' shape: 1. A line without it is read from its paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<u32>,
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
    /// The typed document (folio's own export), which `paragraphs` repeats as plain text.
    /// Kept unread until the article is: a line whose blocks this folio cannot read falls
    /// back to its paragraphs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<serde_json::Value>,
}

/// The shape of the blocks `export` writes.
pub const BLOCKS_FORMAT: u32 = 1;

impl<'a> JsonArticle<'a> {
    pub fn from_article(article: &'a Article) -> Self {
        JsonArticle {
            id: Cow::Borrowed(&article.id),
            title: Cow::Borrowed(&article.title),
            paragraphs: article.texts().collect(),
            trailer: article.trailer().to_vec(),
            path: Cow::Borrowed(&article.path),
            decoded: true,
            format: Some(BLOCKS_FORMAT),
            meta: article.meta.clone(),
            blocks: serde_json::to_value(article.body()).ok(),
        }
    }

    /// The article, sanitized: a JSON file is as untrusted as any other.
    pub fn into_article(self) -> Article {
        let decoded = |text: &'_ str| -> String {
            match self.decoded {
                true => text.to_owned(),
                false => decode_entities(text).into_owned(),
            }
        };
        let decoded = &decoded;
        // Blocks of a shape this folio knows, else the paragraphs read as plain text is.
        let known = self.format.is_some_and(|f| f <= BLOCKS_FORMAT);
        let typed = self.blocks.filter(|_| known).and_then(|b| serde_json::from_value::<Vec<Block>>(b).ok());
        let mut blocks: Vec<Block> = match typed {
            Some(blocks) => blocks.into_iter().filter_map(|b| clean_block(b, decoded)).collect(),
            None => self
                .paragraphs
                .iter()
                // Leading spaces are indentation (code, a man page's sections): kept, as the
                // paragraphs of a file keep them; only blank lines around a paragraph go.
                .map(|p| sanitize(&decoded(p)).trim_end().trim_start_matches('\n').to_owned())
                .filter(|p| !p.is_empty())
                .flat_map(|p| super::parse::blocks_of(&p))
                .collect(),
        };
        let title = sanitize_line(&decoded(&self.title));
        let trailer: Vec<String> = self.trailer.iter().map(|l| sanitize_line(l)).filter(|l| !l.is_empty()).collect();
        // A JSON article has no file of its own: its raw lines are the text as a file would hold it.
        let mut lines = vec![title.clone()];
        for block in &blocks {
            let mut text = String::new();
            block.plain_text(&mut text);
            lines.push(String::new());
            lines.extend(text.split('\n').map(str::to_owned));
        }
        if !trailer.is_empty() {
            lines.push(String::new());
            lines.extend(trailer.iter().cloned());
            blocks.push(Block::Trailer { lines: trailer });
        }
        let meta = Meta {
            tags: self.meta.tags.iter().map(|t| sanitize_line(t)).filter(|t| !t.is_empty()).collect(),
            date: self.meta.date.as_deref().map(sanitize_line),
            author: self.meta.author.as_deref().map(sanitize_line),
            chapters: (self.meta.chapters.iter())
                .map(|c| crate::document::Chapter { block: c.block, name: sanitize_line(&c.name) })
                .collect(),
        };
        let id = sanitize_line(&self.id);
        let document = crate::document::Document { title, meta, blocks };
        let mut article = Article::of_document(id, sanitize_line(&self.path), document, lines, Default::default());
        // An empty title stays empty: a JSON line names its article by id, not by a file.
        if article.flags.empty {
            (article.title, article.flags.empty) = (String::new(), false);
        }
        article
    }
}

/// A block from a JSON line, every string in it sanitized (an inline style kept only where
/// its text did not change); `None` for a block left empty.
fn clean_block(block: Block, decoded: &dyn Fn(&str) -> String) -> Option<Block> {
    let line = |s: &str| sanitize_line(&decoded(s));
    let text = |t: Text| {
        let clean = sanitize(&decoded(&t.text));
        let fits = |s: &Span| s.start < s.end && clean.is_char_boundary(s.start) && clean.is_char_boundary(s.end);
        let spans = match clean == t.text {
            true => t.spans.into_iter().filter(|s| s.end <= clean.len() && fits(s)).map(clean_span).collect(),
            false => Vec::new(),
        };
        Text { text: clean, spans }
    };
    let blocks = |blocks: Vec<Block>| blocks.into_iter().filter_map(|b| clean_block(b, decoded)).collect::<Vec<_>>();
    Some(match block {
        Block::Heading { level, text: t } => Block::Heading { level: level.clamp(1, 6), text: text(t) },
        Block::Paragraph { text: t } => Block::Paragraph { text: text(t) },
        Block::Preformatted { language, lines } => Block::Preformatted {
            language: language.map(|l| line(&l)),
            lines: lines
                .iter()
                .flat_map(|l| sanitize(&decoded(l)).split('\n').map(str::to_owned).collect::<Vec<_>>())
                .collect(),
        },
        Block::List { start, items } => Block::List {
            start,
            items: items
                .into_iter()
                .map(|i| Item {
                    task: i.task,
                    marker: i.marker.map(|m| line(&m)).filter(|m| !m.is_empty()),
                    blocks: blocks(i.blocks),
                })
                .collect(),
        },
        Block::Quote { blocks: b } => Block::Quote { blocks: blocks(b) },
        Block::Indented { columns, blocks: b } => Block::Indented { columns, blocks: blocks(b) },
        Block::Table { rows, header } => {
            Block::Table { rows: rows.into_iter().map(|r| r.into_iter().map(text).collect()).collect(), header }
        }
        Block::Image { alt, source } => Block::Image { alt: line(&alt), source: line(&source) },
        Block::Rule => Block::Rule,
        // A trailer comes from `trailer`, after the blocks.
        Block::Trailer { .. } => return None,
    })
}

/// A span with its link's target sanitized.
fn clean_span(span: Span) -> Span {
    let ink = match span.ink {
        Ink::Link { target } => Ink::Link { target: sanitize_line(&target) },
        other => other,
    };
    Span { ink, ..span }
}

/// Just the fields the catalog needs; the rest of the line is skipped, not kept.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(default, borrow)]
    meta: HeadMeta<'a>,
}

/// The tags of a line's `meta`, the rest of it skipped.
#[derive(Deserialize, Default)]
struct HeadMeta<'a> {
    #[serde(default, borrow)]
    tags: Vec<Cow<'a, str>>,
}

/// One line's catalog entry: sanitized id and title, and the line's byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadLine {
    pub id: String,
    pub title: String,
    pub offset: u64,
    /// The line's length in bytes.
    pub length: u64,
    pub tags: Vec<String>,
}

/// Reads the id and title of every line, handing them over in file order, one block at a
/// time. Malformed lines become warnings naming the file and line number. Blank lines are
/// skipped. Stops early when `sink` breaks.
pub fn read_heads(path: &Path, sink: impl FnMut(Vec<Result<HeadLine, Warning>>) -> Flow) -> Result<(), ReadError> {
    let file = File::open(path).map_err(|e| ReadError::new(path, e))?;
    read_heads_from(file, path, sink)
}

/// [`read_heads`] from any reader; `path` names it in warnings.
pub fn read_heads_from(
    mut file: impl Read,
    path: &Path,
    mut sink: impl FnMut(Vec<Result<HeadLine, Warning>>) -> Flow,
) -> Result<(), ReadError> {
    use rayon::prelude::*;
    let mut carry: Vec<u8> = Vec::new();
    let (mut block_offset, mut first_line) = (0u64, 1usize);
    loop {
        let mut block = std::mem::take(&mut carry);
        let read = (&mut file).take(BLOCK as u64).read_to_end(&mut block).map_err(|e| ReadError::new(path, e))?;
        let at_end = read == 0;
        // Parse whole lines only; the tail waits for the next block.
        let cut = if at_end { block.len() } else { memchr::memrchr(b'\n', &block).map_or(0, |i| i + 1) };
        carry = block.split_off(cut);
        let mut lines = Vec::new();
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', &block) {
            lines.push((start, end));
            start = end + 1;
        }
        if start < block.len() {
            lines.push((start, block.len()));
        }
        let heads: Vec<Option<Result<HeadLine, Warning>>> = lines
            .par_iter()
            .enumerate()
            .map(|(n, &(from, to))| head(path, &block[from..to], block_offset + from as u64, first_line + n))
            .collect();
        block_offset += block.len() as u64;
        first_line += lines.len();
        if sink(heads.into_iter().flatten().collect()).is_break() || at_end {
            return Ok(());
        }
    }
}

fn head(path: &Path, line: &[u8], offset: u64, number: usize) -> Option<Result<HeadLine, Warning>> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(match serde_json::from_slice::<Head>(line) {
        Ok(head) => Ok(HeadLine {
            id: sanitize_line(&head.id),
            title: sanitize_line(&head.title),
            offset,
            length: line.len() as u64,
            tags: head.meta.tags.iter().map(|t| sanitize_line(t)).filter(|t| !t.is_empty()).collect(),
        }),
        Err(e) => Err(Warning(ReadError::new(Path::new(&format!("{}:{number}", path.display())), e))),
    })
}

/// Reads the whole article on the line starting at `offset`.
pub fn read_article_at(path: &Path, offset: u64) -> Result<Article, ReadError> {
    let mut file = File::open(path).map_err(|e| ReadError::new(path, e))?;
    file.seek(SeekFrom::Start(offset)).map_err(|e| ReadError::new(path, e))?;
    let mut line = Vec::new();
    let limit = super::MAX_ARTICLE_BYTES * 2;
    BufReader::new(file.take(limit)).read_until(b'\n', &mut line).map_err(|e| ReadError::new(path, e))?;
    parse_article(&line).map_err(|e| ReadError::new(path, e))
}

/// One JSON line as a whole article, sanitized.
pub fn parse_article(line: &[u8]) -> Result<Article, serde_json::Error> {
    serde_json::from_slice::<JsonArticle>(line).map(JsonArticle::into_article)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` in a file `store.jsonl` of a scratch folder (removed with the guard).
    fn write(name: &str, text: &str) -> (std::path::PathBuf, crate::store::ScratchDir) {
        let dir = crate::store::ScratchDir::new(&format!("jsonl-{name}"));
        let path = dir.join("store.jsonl");
        std::fs::write(&path, text).unwrap();
        (path, dir)
    }

    fn heads(path: &Path) -> Vec<Result<HeadLine, Warning>> {
        let mut all = Vec::new();
        read_heads(path, |batch| {
            all.extend(batch);
            std::ops::ControlFlow::Continue(())
        })
        .unwrap();
        all
    }

    #[test]
    fn heads_and_bodies_by_offset() {
        let first = r#"{"id":"a/1","title":"One \u001b[31mred","paragraphs":["P1.","P2."],"trailer":["T"],"path":"x"}"#;
        let (path, _dir) = write("ok", &format!("{first}\n\n{{\"id\":\"b\",\"title\":\"Two\"}}"));
        let heads: Vec<HeadLine> = heads(&path).into_iter().map(Result::unwrap).collect();
        assert_eq!(
            heads[0],
            HeadLine { id: "a/1".into(), title: "One red".into(), offset: 0, length: first.len() as u64, tags: vec![] }
        );
        assert_eq!(
            heads[1],
            HeadLine { id: "b".into(), title: "Two".into(), offset: first.len() as u64 + 2, length: 24, tags: vec![] }
        );
        let article = read_article_at(&path, 0).unwrap();
        assert_eq!((article.body().len(), article.size.words, article.trailer().len()), (2, 2, 1));
        assert_eq!(read_article_at(&path, heads[1].offset).unwrap().title, "Two");
    }

    #[test]
    fn malformed_lines_are_reported_by_number_and_skipped() {
        let (path, _dir) = write(
            "bad",
            "{\"id\":\"a\",\"title\":\"A\"}\nnot json\n{\"title\":\"no id\"}\n{\"id\":\"d\",\"title\":\"D\"}\n",
        );
        let all = heads(&path);
        let ok: Vec<&str> = all.iter().filter_map(|h| h.as_ref().ok()).map(|h| h.id.as_str()).collect();
        assert_eq!(ok, ["a", "d"]);
        let warnings: Vec<String> = all.iter().filter_map(|h| h.as_ref().err()).map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].starts_with(&format!("skipped '{}:2': expected ident", path.display())), "{warnings:?}");
        assert!(warnings[1].contains(":3': missing field `id`"), "{warnings:?}");
    }
}
