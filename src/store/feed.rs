//! RSS and Atom feeds through feed-rs: each item a document (its content or summary through the HTML reader, its link last), with its time.

use super::sanitize::sanitize_line;
use crate::document::{Block, Document, Ink, Meta, Span, Text};
use feed_rs::model::Entry;

/// A parsed feed: who wrote it (its author, else its title) and its entries, in the file's
/// order.
pub struct Feed {
    pub site: Option<String>,
    pub entries: Vec<feed_rs::model::Entry>,
}

pub fn parse(bytes: &[u8]) -> Result<Feed, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not an RSS or Atom feed: {e}"))?;
    // An entry without an author is the feed's author's, else the feed's own (its title read
    // as its type says: `type="html"` loses its tags).
    let author = feed.authors.first().and_then(|a| a.name.as_deref()).map(sanitize_line).filter(|a| !a.is_empty());
    let site = author.or_else(|| feed.title.as_ref().map(line_of).filter(|t| !t.is_empty()));
    Ok(Feed { site, entries: feed.entries })
}

/// What an entry's text is: its content, else its summary, with its media type.
fn text_of(entry: &Entry) -> Option<&feed_rs::model::Text> {
    entry.summary.as_ref().filter(|_| entry.content.as_ref().is_none_or(|c| c.body.is_none()))
}

/// The entry's own stamp: its text's length, and a hash of what it shows (the version of
/// the item, whatever else changes in the file).
pub fn stamp(entry: &Entry) -> (u64, u64) {
    let title = entry.title.as_ref().map_or("", |t| t.content.as_str());
    let body = entry.content.as_ref().and_then(|c| c.body.as_deref()).or(text_of(entry).map(|t| t.content.as_str()));
    let link = entry.links.first().map_or("", |l| l.href.as_str());
    let shown = [title, body.unwrap_or(""), link].join("\0");
    (shown.len() as u64, super::index::fnv1a(shown.as_bytes()))
}

/// An entry as a document with its time (seconds since the epoch) when the feed gives one;
/// its text only when `whole`, up to `limit` bytes of it.
pub fn item(entry: &Entry, site: Option<&str>, whole: bool, limit: usize) -> (Document, Option<i64>) {
    let when = entry.published.or(entry.updated);
    let title = entry.title.as_ref().map(line_of).unwrap_or_default();
    // Atom says what its text is; RSS's is HTML, or plain text whose blank lines part paragraphs.
    let (body, html) =
        match (entry.content.as_ref().and_then(|c| c.body.as_deref().map(|b| (b, &c.content_type))), text_of(entry)) {
            (Some((body, kind)), _) => (body, kind.subty().as_str() != "plain"),
            (None, Some(text)) => (text.content.as_str(), text.content_type.subty().as_str() != "plain"),
            (None, None) => ("", false),
        };
    let cut = (0..=limit.min(body.len())).rev().find(|&at| body.is_char_boundary(at)).unwrap_or(0);
    let body = &body[..cut];
    let mut blocks = match html && body.contains('<') {
        _ if !whole => Vec::new(),
        true => super::html::chapter(body),
        false => body
            .split("\n\n")
            .map(|p| sanitize_line(&super::encoding::decode_entities(p)))
            .filter(|p| !p.is_empty())
            .map(Block::paragraph)
            .collect(),
    };
    if let Some(link) = entry.links.first().map(|l| sanitize_line(&l.href)).filter(|l| whole && !l.is_empty()) {
        let text = format!("Link: {link}");
        let span = Span { start: "Link: ".len(), end: text.len(), ink: Ink::Link { target: link } };
        blocks.push(Block::Paragraph { text: Text { text, spans: vec![span] } });
    }
    let author = entry.authors.first().and_then(|a| a.name.as_deref()).map(sanitize_line).filter(|a| !a.is_empty());
    let meta = Meta {
        author: author.or_else(|| site.map(str::to_owned)),
        date: when.map(|w| w.format("%Y-%m-%d").to_string()),
        ..Meta::default()
    };
    (Document { title, meta, blocks }, when.map(|w| w.timestamp()))
}

/// A title or summary line: HTML's tags dropped (`type="html"` in Atom), entities decoded.
fn line_of(text: &feed_rs::model::Text) -> String {
    let content = &text.content;
    match text.content_type.subty().as_str() != "plain" && content.contains('<') {
        true => {
            let mut words = String::new();
            super::html::chapter(content).iter().for_each(|block| block.plain_text(&mut words));
            sanitize_line(&words)
        }
        false => sanitize_line(&super::encoding::decode_entities(content)),
    }
}
