//! RSS and Atom feeds through feed-rs: each item a document (its content or summary through the HTML reader, its link last), with its time.

use super::sanitize::sanitize_line;
use crate::document::{Block, Document, Ink, Meta, Span, Text};

/// The items of a feed, in the file's order, each with its time (seconds since the epoch) when
/// the feed gives one; only the item at `body_of` with its text (the others' is not read).
pub fn items(bytes: &[u8], body_of: Option<usize>) -> Result<Vec<(Document, Option<i64>)>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("not an RSS or Atom feed: {e}"))?;
    let site = feed.title.as_ref().map(|t| sanitize_line(&t.content)).filter(|t| !t.is_empty());
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(at, entry)| item(entry, site.as_deref(), body_of == Some(at)))
        .collect())
}

fn item(entry: feed_rs::model::Entry, site: Option<&str>, whole: bool) -> (Document, Option<i64>) {
    let when = entry.published.or(entry.updated);
    let title =
        entry.title.as_ref().map(|t| sanitize_line(&super::encoding::decode_entities(&t.content))).unwrap_or_default();
    let body = entry
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
        .unwrap_or_default();
    // A feed's text is HTML, or plain text whose blank lines part paragraphs.
    let mut blocks = match body.contains('<') {
        _ if !whole => Vec::new(),
        true => super::html::chapter(&body),
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
        tags: Vec::new(),
    };
    (Document { title, meta, blocks }, when.map(|w| w.timestamp()))
}
