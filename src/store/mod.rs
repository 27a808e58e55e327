//! The article store: loading folders of text files into sanitized, parsed articles.

mod load;
mod parse;
pub mod sanitize;

pub use load::{
    LoadError, LoadEvent, MAX_ARTICLE_BYTES, Source, Warning, check_roots, discover, load_all, read_article,
    spawn_loader,
};
pub use parse::{DecodeError, Decoded, Parsed, decode, parse};

use serde::Serialize;
use std::cmp::Ordering;

/// Average adult silent-reading speed used for the reading-time estimate.
pub const WORDS_PER_MINUTE: usize = 230;

/// Marks what loading had to do to an article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// Some bytes were not valid UTF-8 (or UTF-16) and were replaced.
    pub lossy: bool,
    /// The file has no visible text; its file name stands in as the title.
    pub empty: bool,
    /// The file was larger than the read limit; only its beginning was loaded.
    pub truncated: bool,
}

/// One article, sanitized and split into parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Path relative to the store root, without `.txt`, `/`-separated.
    pub id: String,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub trailer: Vec<String>,
    pub words: usize,
    /// Source path, sanitized for display.
    pub path: String,
    pub flags: Flags,
}

impl Article {
    /// Builds an article from raw file bytes; `Err` only for binary content.
    pub fn from_bytes(id: String, path: String, bytes: &[u8], truncated: bool) -> Result<Self, DecodeError> {
        let decoded = decode(bytes)?;
        let parsed = parse(&decoded.text);
        let empty = parsed.title.is_empty();
        let title = if empty { id.rsplit('/').next().unwrap_or(&id).to_owned() } else { parsed.title };
        let words = parsed.paragraphs.iter().map(|p| p.split_whitespace().count()).sum();
        Ok(Article {
            id,
            title,
            paragraphs: parsed.paragraphs,
            trailer: parsed.trailer,
            words,
            path,
            flags: Flags { lossy: decoded.lossy, empty, truncated },
        })
    }

    /// Whole minutes to read the body, at least one.
    pub fn reading_minutes(&self) -> usize {
        self.words.div_ceil(WORDS_PER_MINUTE).max(1)
    }
}

/// Orders ids the way people number files: `2` before `10`, then by text.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (da, ra) = split_digits(a);
                let (db, rb) = split_digits(b);
                let (ta, tb) = (trim_zeros(da), trim_zeros(db));
                let order = ta.len().cmp(&tb.len()).then(ta.cmp(tb)).then(da.len().cmp(&db.len()));
                if order != Ordering::Equal {
                    return order;
                }
                (a, b) = (ra, rb);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                (a, b) = (&a[1..], &b[1..]);
            }
        }
    }
}

fn split_digits(s: &[u8]) -> (&[u8], &[u8]) {
    s.split_at(s.iter().take_while(|c| c.is_ascii_digit()).count())
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let zeros = s.iter().take_while(|&&c| c == b'0').count();
    &s[zeros..]
}

/// The seed articles compiled into the binary, so an installed folio always has something to show.
pub fn builtin() -> Vec<Article> {
    const SEEDS: &[(&str, &[u8])] = &[("000_cbd27e05d8923fd3", include_bytes!("../../seeds/000_cbd27e05d8923fd3.txt"))];
    SEEDS
        .iter()
        .filter_map(|(id, bytes)| {
            Article::from_bytes(id.to_string(), format!("(built in)/{id}.txt"), bytes, false).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut ids = vec!["b/10", "b/2", "a/010", "a/9", "a/10", "a10", "a"];
        ids.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(ids, ["a", "a/9", "a/10", "a/010", "a10", "b/2", "b/10"]);
    }

    #[test]
    fn builtin_seed_parses_with_trailer() {
        let seeds = builtin();
        assert_eq!(seeds.len(), 1);
        assert!(seeds[0].title.starts_with("Links Found To North Korean Goverment"));
        assert_eq!(seeds[0].trailer, ["WccfTech Tv", "Filter videos by"]);
        assert_eq!(seeds[0].reading_minutes(), 2);
    }

    #[test]
    fn empty_file_takes_its_name() {
        let article = Article::from_bytes("dir/empty".into(), "p".into(), b"\n\n", false).unwrap();
        assert_eq!(article.title, "empty");
        assert!(article.flags.empty);
    }
}
