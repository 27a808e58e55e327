//! Files that hold many articles (a feed's items, an mbox's messages): each read as a document under a key of its own, newest first.

use super::kind::Kind;
use crate::document::Document;
use std::collections::{HashMap, HashSet};

/// One article of a collection: its key (the last part of its id), its document (its title
/// and metadata; its blocks only from [`Collection::read`]) and its own stamp, which a change
/// elsewhere in the file leaves as it is.
#[derive(Debug)]
pub struct Item {
    pub key: String,
    pub document: Document,
    /// Its length in bytes: a message's as the mailbox holds it, a feed item's title, text
    /// and link together.
    pub size: u64,
    /// Its date, in seconds since the epoch, when it has one.
    pub time: Option<i64>,
    /// A hash of what it shows: changes when its text does.
    pub version: u64,
}

/// What an item is read from when it is opened.
enum Source {
    Entry(Box<feed_rs::model::Entry>),
    Message(Vec<u8>),
}

/// A collection file parsed once: its items newest first, each with what it is read from, so
/// that opening one (or indexing all) does not parse the file again.
pub struct Collection {
    site: Option<String>,
    limit: usize,
    items: Vec<(Item, Source)>,
}

impl Collection {
    /// Parses a collection file's bytes; each item is read up to `limit` bytes. Keys come
    /// from titles (`rivers-rise-after-storm`), numbered when titles repeat, oldest first so
    /// that a new dated item never renames an old one (undated items count as oldest, in the
    /// file's order).
    pub fn open(kind: Kind, bytes: &[u8], limit: usize) -> Result<Self, String> {
        let (site, mut read) = match kind {
            Kind::Feed => {
                let feed = super::feed::parse(bytes)?;
                let site = feed.site;
                let read: Vec<_> = feed
                    .entries
                    .into_iter()
                    .map(|entry| {
                        let (document, time) = super::feed::item(&entry, site.as_deref(), false, limit);
                        let (size, version) = super::feed::stamp(&entry);
                        (document, time, size, version, Source::Entry(Box::new(entry)))
                    })
                    .collect();
                (site, read)
            }
            Kind::Mbox => {
                let read = super::mail::mbox(bytes, limit)
                    .into_iter()
                    .filter_map(|message| {
                        let (document, time) = super::mail::message(&message, false)?;
                        let (size, version) = (message.len() as u64, super::index::fnv1a(&message));
                        Some((document, time, size, version, Source::Message(message)))
                    })
                    .collect();
                (None, read)
            }
            _ => return Err("not a feed or a mailbox".to_owned()),
        };
        // Oldest first to key them (a stable sort: undated items keep the file's order, which
        // in a feed is newest first).
        if kind == Kind::Feed {
            read.reverse();
        }
        read.sort_by_key(|(_, time, ..)| time.unwrap_or(i64::MIN));
        let mut keys = Keys::default();
        let mut items: Vec<(Item, Source)> = read
            .into_iter()
            .map(|(document, time, size, version, source)| {
                // An untitled item is named by what it shows, not by where it stands (a feed
                // drops its oldest items, which would move every number).
                let key = keys.take(slug(&document.title).unwrap_or_else(|| format!("item-{:08x}", version as u32)));
                (Item { key, document, size, time, version }, source)
            })
            .collect();
        items.reverse();
        Ok(Collection { site, limit, items })
    }

    /// The items, newest first, without their text.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().map(|(item, _)| item)
    }

    /// The item `key`, whole; `None` when the file does not hold it.
    pub fn read(&self, key: &str) -> Option<Document> {
        let (_, source) = self.items.iter().find(|(item, _)| item.key == key)?;
        Some(match source {
            Source::Entry(entry) => super::feed::item(entry, self.site.as_deref(), true, self.limit).0,
            Source::Message(bytes) => super::mail::message(bytes, true)?.0,
        })
    }
}

/// Keys handed out once each: a repeated base gets the next free number (`digest-2`), never
/// one a title already took (`A 2`, then `A` twice: `a-2`, `a`, `a-3`).
#[derive(Default)]
struct Keys {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Keys {
    fn take(&mut self, base: String) -> String {
        let mut key = base.clone();
        let next = self.next.entry(base.clone()).or_insert(1);
        while self.taken.contains(&key) {
            *next += 1;
            key = format!("{base}-{next}");
        }
        self.taken.insert(key.clone());
        key
    }
}

/// `Rivers Rise, After Storm!` -> `rivers-rise-after-storm`: letters and digits of any script,
/// lowercased, words joined by `-`, at most 60 bytes.
fn slug(title: &str) -> Option<String> {
    let mut slug = String::new();
    for word in title.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if slug.len() + word.len() > 60 {
            // A first word past the limit (a CJK title has no spaces) is cut, not dropped.
            if slug.is_empty() {
                let cut = (0..=60).rev().find(|&at| word.is_char_boundary(at)).unwrap_or(0);
                slug.extend(word[..cut].chars().flat_map(char::to_lowercase));
            }
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
