//! Files that hold many articles (a feed's items, an mbox's messages): each read as a document under a key of its own, newest first.

use super::kind::Kind;
use crate::document::Document;

/// One article of a collection: its key (the last part of its id) and its document (its
/// title and metadata; its blocks only when read by [`item`]).
#[derive(Debug)]
pub struct Item {
    pub key: String,
    pub document: Document,
}

/// The articles of a collection file's bytes, newest first, without their text: a list of a
/// thousand messages reads their headers, not a thousand newsletters. Keys come from titles
/// (`rivers-rise-after-storm`), numbered when titles repeat, oldest first so that a new item
/// never renames an old one.
pub fn items(kind: Kind, bytes: &[u8], limit: usize) -> Result<Vec<Item>, String> {
    Ok(keyed(kind, bytes, limit, None)?.into_iter().map(|(_, item)| item).collect())
}

/// The article `key` of a collection, whole; `None` when the file no longer holds it.
pub fn item(kind: Kind, bytes: &[u8], limit: usize, key: &str) -> Result<Option<Document>, String> {
    let Some((position, _)) = keyed(kind, bytes, limit, None)?.into_iter().find(|(_, item)| item.key == key) else {
        return Ok(None);
    };
    let mut whole = keyed(kind, bytes, limit, Some(position))?;
    Ok(whole.iter().position(|(at, _)| *at == position).map(|at| whole.swap_remove(at).1.document))
}

/// The items newest first, each with its place in the file; the one at `body_of` read whole.
fn keyed(kind: Kind, bytes: &[u8], limit: usize, body_of: Option<usize>) -> Result<Vec<(usize, Item)>, String> {
    let read = match kind {
        Kind::Feed => super::feed::items(bytes, body_of)?,
        Kind::Mbox => super::mail::mbox(bytes, limit, body_of),
        _ => return Err("not a feed or a mailbox".to_owned()),
    };
    let mut read: Vec<(usize, (Document, Option<i64>))> = read.into_iter().enumerate().collect();
    // Oldest first to key them (a stable sort: undated items keep the file's order, which in
    // a feed is newest first).
    if kind == Kind::Feed {
        read.reverse();
    }
    read.sort_by_key(|(_, (_, when))| when.unwrap_or(i64::MIN));
    let mut taken = std::collections::HashMap::new();
    let mut items: Vec<(usize, Item)> = read
        .into_iter()
        .enumerate()
        .map(|(i, (position, (document, _)))| {
            let base = slug(&document.title).unwrap_or_else(|| format!("item-{}", i + 1));
            let count = taken.entry(base.clone()).and_modify(|n| *n += 1).or_insert(1);
            let key = if *count == 1 { base } else { format!("{base}-{count}") };
            (position, Item { key, document })
        })
        .collect();
    items.reverse();
    Ok(items)
}

/// `Rivers Rise, After Storm!` -> `rivers-rise-after-storm`: letters and digits of any script,
/// lowercased, words joined by `-`, at most 60 bytes.
fn slug(title: &str) -> Option<String> {
    let mut slug = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + word.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().flat_map(char::to_lowercase));
    }
    (!slug.is_empty()).then_some(slug)
}

#[cfg(test)]
#[path = "collection_tests.rs"]
mod tests;
