//! Highlights anchored to the text, not to positions: a W3C TextQuoteSelector (exact, prefix, suffix) with a position hint, found again in an edited text (exactly, else approximately near the old place), or said to be orphaned.

use crate::document::Block;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Chars of context kept on each side of a quote: enough to tell apart the same words quoted
/// twice, as Hypothesis keeps.
pub const CONTEXT_CHARS: usize = 32;

/// Quotes longer than this are found again by their two ends, each this long: an approximate
/// search costs the quote's length times the text's.
const END_BYTES: usize = 128;

/// How far from the old place an edited quote is looked for, on each side (bytes).
const FUZZY_WINDOW: usize = 64 * 1024;

/// A quote of an article's text as the W3C Web Annotation model selects one: the words
/// themselves, the words around them, and where they were (a byte offset into [`text_of`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    /// Where the quote started when it was made: which of several equal ones is meant, and
    /// where an edited one is looked for first.
    #[serde(default)]
    pub start: usize,
}

/// A highlight of an article, with its note: kept in the state by an id of its own, so that
/// two folios annotating one article merge note by note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// The article's id in its store.
    pub article: String,
    pub quote: Quote,
    #[serde(default)]
    pub colour: Colour,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When it was made and last changed, in seconds since the Unix epoch.
    pub created: u64,
    #[serde(default)]
    pub updated: u64,
}

/// A highlight's colour, each with a mark of its own for terminals without colour (NO_COLOR).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
}

impl Colour {
    pub const ALL: [Colour; 4] = [Colour::Yellow, Colour::Green, Colour::Blue, Colour::Pink];

    pub fn name(self) -> &'static str {
        match self {
            Colour::Yellow => "yellow",
            Colour::Green => "green",
            Colour::Blue => "blue",
            Colour::Pink => "pink",
        }
    }

    /// The mark drawn beside highlighted text where colour is not shown.
    pub fn mark(self) -> char {
        match self {
            Colour::Yellow => '*',
            Colour::Green => '+',
            Colour::Blue => '~',
            Colour::Pink => '!',
        }
    }
}

impl Highlight {
    /// A new highlight of `range` of article `article`'s text, made `now`.
    pub fn new(article: &str, text: &str, range: Range<usize>, now: u64) -> Highlight {
        Highlight {
            article: article.to_owned(),
            quote: Quote::of(text, range),
            colour: Colour::default(),
            note: String::new(),
            created: now,
            updated: now,
        }
    }

    /// Its id: the same for the same words of the same article highlighted at the same second,
    /// else another, whichever folio made it.
    pub fn id(&self) -> String {
        let key = format!("{}\0{}\0{}\0{}", self.article, self.quote.start, self.quote.exact, self.created);
        format!("{:016x}", crate::store::index::fnv1a(key.as_bytes()))
    }
}

/// Where a quote is in a text, and whether it is still word for word the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub exact: bool,
}

/// An article's text as highlights count it: each block's words, blocks apart by a blank line.
pub fn text_of(blocks: &[Block]) -> String {
    ArticleText::of(blocks).text
}

/// An article's text as highlights count it, and where each of its top-level blocks starts
/// in it (to find a quote's block, and so its lines on a page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleText {
    pub text: String,
    /// The byte each block starts at, in the blocks' order.
    pub starts: Vec<usize>,
}

impl ArticleText {
    pub fn of(blocks: &[Block]) -> ArticleText {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(blocks.len());
        for (i, block) in blocks.iter().enumerate() {
            if i > 0 {
                text.push_str("\n\n");
            }
            starts.push(text.len());
            let mut words = String::new();
            block.plain_text(&mut words);
            text.push_str(&words);
        }
        ArticleText { text, starts }
    }

    /// The block (0 for the first) that byte `at` of the text is in, or after.
    pub fn block_of(&self, at: usize) -> usize {
        self.starts.partition_point(|start| *start <= at).saturating_sub(1)
    }

    /// The bytes of block `block`.
    pub fn block(&self, block: usize) -> Range<usize> {
        let start = self.starts.get(block).copied().unwrap_or(self.text.len());
        let end = self.starts.get(block + 1).map_or(self.text.len(), |next| next - 2);
        start..end.max(start)
    }
}

impl Quote {
    /// The quote of `range` (bytes, on char boundaries) of `text`.
    pub fn of(text: &str, range: Range<usize>) -> Quote {
        let prefix: String = {
            let before: Vec<char> = text[..range.start].chars().rev().take(CONTEXT_CHARS).collect();
            before.into_iter().rev().collect()
        };
        let suffix: String = text[range.end..].chars().take(CONTEXT_CHARS).collect();
        Quote { exact: text[range.clone()].to_owned(), prefix, suffix, start: range.start }
    }

    /// Where the quote is in `text`: the copy of its words whose context matches best (the
    /// nearest the old place among equals), else, for an edited text, the stretch within 64 KiB
    /// of the old place that differs from it least, by at most a quarter of its length (the
    /// nearest among equals); `None` when neither is there (the highlight is orphaned).
    pub fn find(&self, text: &str) -> Option<Found> {
        if self.exact.is_empty() {
            return None;
        }
        if let Some(start) = self.best_exact(text) {
            return Some(Found { range: start..start + self.exact.len(), exact: true });
        }
        let range = match self.exact.len() <= 2 * END_BYTES {
            true => approximate(text, &self.exact, self.start, (&self.prefix, &self.suffix))?,
            false => {
                // Both ends found, in order, about as far apart as they were.
                let head = &self.exact[..floor_boundary(&self.exact, END_BYTES)];
                let tail = &self.exact[ceil_boundary(&self.exact, self.exact.len() - END_BYTES)..];
                let head = approximate(text, head, self.start, (&self.prefix, ""))?;
                let tail_near = self.start.saturating_add(self.exact.len() - END_BYTES);
                let tail = approximate(text, tail, tail_near, ("", &self.suffix))?;
                let length = tail.end.checked_sub(head.start)?;
                let (low, high) = (self.exact.len() * 3 / 4, self.exact.len() * 5 / 4);
                (tail.start >= head.start && (low..=high).contains(&length)).then_some(head.start..tail.end)?
            }
        };
        Some(Found { range, exact: false })
    }

    /// The start of the copy of the exact words with the most context matching, the nearest
    /// the old place among equals.
    fn best_exact(&self, text: &str) -> Option<usize> {
        // Every copy, overlapping ones too (`ab ab` twice in `ab ab ab`).
        let step = self.exact.chars().next().map_or(1, char::len_utf8);
        let mut from = 0;
        let copies = std::iter::from_fn(|| {
            let at = from + text.get(from..)?.find(&self.exact)?;
            from = at + step;
            Some(at)
        });
        copies.max_by_key(|&at| {
            let before = common_suffix(&text[..at], &self.prefix);
            let after = common_prefix(&text[at + self.exact.len()..], &self.suffix);
            (before + after, std::cmp::Reverse(at.abs_diff(self.start)))
        })
    }
}

/// The stretch of `text` that is `needle` with at most a quarter of its length edited, the
/// one whose context is most like the quote's `(prefix, suffix)` for its edits (a char of
/// context for an edit: in text that repeats itself, a neighbour one edit away is not the
/// quote that was edited), the nearest `near` among equals; on char boundaries.
fn approximate(text: &str, needle: &str, near: usize, (prefix, suffix): (&str, &str)) -> Option<Range<usize>> {
    let from = floor_boundary(text, near.saturating_sub(FUZZY_WINDOW));
    let to = ceil_boundary(text, near.saturating_add(needle.len() + FUZZY_WINDOW).min(text.len()));
    let window = &text.as_bytes()[from..to];
    let most = u32::try_from(needle.len() / 4).unwrap_or(u32::MAX);
    if most == 0 {
        return None;
    }
    let costs = triple_accel::levenshtein::LEVENSHTEIN_COSTS;
    let found = triple_accel::levenshtein::levenshtein_search_simd_with_opts(
        needle.as_bytes(),
        window,
        most,
        triple_accel::SearchType::All,
        costs,
        false,
    );
    let best = found.max_by_key(|m| {
        let (start, end) = (floor_boundary(text, from + m.start), ceil_boundary(text, from + m.end));
        let context = common_suffix(&text[..start], prefix) + common_prefix(&text[end..], suffix);
        (context as i64 - i64::from(m.k), std::cmp::Reverse(start.abs_diff(near)))
    })?;
    let range = floor_boundary(text, from + best.start)..ceil_boundary(text, from + best.end);
    (!range.is_empty()).then_some(range)
}

/// How many chars `text` ends with of `context`'s end.
fn common_suffix(text: &str, context: &str) -> usize {
    text.chars().rev().zip(context.chars().rev()).take_while(|(a, b)| a == b).count()
}

/// How many chars `text` starts with of `context`'s start.
fn common_prefix(text: &str, context: &str) -> usize {
    text.chars().zip(context.chars()).take_while(|(a, b)| a == b).count()
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
#[path = "highlight_tests.rs"]
mod tests;
