//! What a text search found, and what describes each article: its hit count and a snippet.

use crate::search::occurrences::{TextMatcher, text_occurrences};
use crate::store::{self, SharedCatalog};
use std::ops::Range;

/// Characters of a snippet, and of them before its first hit.
const SNIPPET_CHARS: usize = 150;
const SNIPPET_LEAD: usize = 30;

/// A found article: its position in the catalog and score, and once described, its hits and
/// snippet.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub index: usize,
    pub score: f32,
    pub detail: Option<Detail>,
}

/// How many times the query's words and phrases occur in an article (title included), and a
/// one-line excerpt around the best place with the hits' byte ranges in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    pub hits: usize,
    pub snippet: String,
    pub highlighted: Vec<Range<usize>>,
}

/// The answer to a search: the best articles, and how many matched in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    pub found: Vec<Found>,
    pub matches: usize,
}

/// A search done on catalog `epoch`: its results, described (each article read again) as
/// they are wanted, the first screenful first.
pub struct Search {
    pub results: Results,
    pub(super) query: String,
    pub(super) epoch: u64,
}

impl Search {
    /// Describes the results in `rows` that are not yet, on every core. Hits are found as the
    /// reader finds a text search's words ([`text_occurrences`]), so the counts agree.
    pub fn describe(&mut self, catalog: &SharedCatalog, rows: Range<usize>) {
        use rayon::prelude::*;
        let end = rows.end.min(self.results.found.len());
        let (query, epoch) = (self.query.as_str(), self.epoch);
        self.results.found[rows.start.min(end)..end].par_iter_mut().filter(|f| f.detail.is_none()).for_each(|found| {
            // A catalog replaced since: positions may name other articles now.
            if catalog.read().unwrap().epoch() != epoch {
                return;
            }
            let article = store::read_article(catalog, found.index).ok();
            // Paragraphs apart, as the reader searches them: no phrase across two.
            let body = article.as_ref().map(|a| a.texts().collect::<Vec<_>>().join("\n")).unwrap_or_default();
            let title = article.as_ref().map_or("", |a| a.title.as_str());
            let language = article.as_ref().and_then(store::Article::language);
            let title_hits = text_occurrences(title, query, language).len();
            found.detail = Some(Detail::new(&body, &text_occurrences(&body, query, language), title_hits));
        });
    }

    /// Puts first the articles (kept by `shape`) whose notes answer the query, each described
    /// by its note: the reader's own words about an article find it, whatever its text says.
    pub fn add_noted(
        &mut self,
        catalog: &SharedCatalog,
        notes: &[(String, String)],
        shape: &crate::search::shape::Shape,
    ) {
        let matcher = TextMatcher::new(&self.query);
        let matching = notes.iter().filter(|(id, note)| matcher.matches(note) && shape.keeps(id));
        let mut noted: Vec<Found> = Vec::new();
        {
            let catalog = catalog.read().unwrap();
            for (id, note) in matching {
                let Some(index) = catalog.find(id) else { continue };
                if noted.iter().any(|f| f.index == index) {
                    continue;
                }
                let note = crate::store::sanitize::sanitize_line(note);
                let shown = format!("✎ {}", note.split_whitespace().collect::<Vec<_>>().join(" "));
                let detail = Detail::new(&shown, &text_occurrences(&shown, &self.query, None), 0);
                noted.push(Found { index, score: f32::INFINITY, detail: Some(detail) });
            }
        }
        if noted.is_empty() {
            return;
        }
        let before = self.results.found.len();
        self.results.found.retain(|f| !noted.iter().any(|n| n.index == f.index));
        self.results.matches += noted.len() - (before - self.results.found.len());
        noted.append(&mut self.results.found);
        self.results.found = noted;
    }

    /// Keeps the best `limit` results.
    pub fn found_at_most(&mut self, limit: usize) {
        self.results.found.truncate(limit);
    }

    /// Whether every result is described.
    pub fn described(&self) -> bool {
        self.results.found.iter().all(|f| f.detail.is_some())
    }
}

impl Detail {
    /// The detail of a body with `hits` (byte ranges, in order, apart) and `title_hits` more in
    /// the title: the snippet is the stretch of [`SNIPPET_CHARS`] holding the most hits,
    /// starting a few words before its first, on one line.
    pub fn new(body: &str, hits: &[Range<usize>], title_hits: usize) -> Detail {
        let starts: Vec<usize> = body.char_indices().map(|(at, _)| at).chain([body.len()]).collect();
        let char_at = |byte: usize| starts.partition_point(|&at| at < byte);
        let end_of = |from_char: usize| starts[(from_char + SNIPPET_CHARS).min(starts.len() - 1)];
        let mut best = (0, 0);
        for (i, hit) in hits.iter().enumerate() {
            let from = char_at(hit.start).saturating_sub(SNIPPET_LEAD);
            let count = hits[i..].iter().take_while(|h| h.end <= end_of(from)).count();
            if count > best.1 {
                best = (from, count);
            }
        }
        let mut from = starts[best.0];
        // Start at a word: past the partial word the lead cut into, unless that is the hit.
        if from > 0
            && let Some((space, c)) = body[from..].char_indices().find(|(_, c)| c.is_whitespace())
        {
            let first_hit = hits.iter().find(|h| h.start >= from).map_or(body.len(), |h| h.start);
            if from + space < first_hit {
                from += space + c.len_utf8();
            }
        }
        let to = end_of(char_at(from));
        // One line: the breaks between paragraphs and list items are spaces (of one byte,
        // so the hits' ranges hold).
        let snippet = body[from..to].replace(['\n', '\t'], " ");
        let highlighted =
            hits.iter().filter(|h| h.start >= from && h.end <= to).map(|h| h.start - from..h.end - from).collect();
        Detail { hits: hits.len() + title_hits, snippet, highlighted }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_holds_the_most_hits_and_starts_at_a_word() {
        let body = format!(
            "{} zebra one. {} zebra two zebra three zebra. {}",
            "filler ".repeat(40),
            "pad ".repeat(30),
            "end ".repeat(40)
        );
        let hits: Vec<std::ops::Range<usize>> = body.match_indices("zebra").map(|(at, w)| at..at + w.len()).collect();
        let detail = Detail::new(&body, &hits, 2);
        assert_eq!(detail.hits, 6, "four in the body, two in the title");
        assert_eq!(detail.highlighted.len(), 3, "the stretch with three: {:?}", detail.snippet);
        assert!(detail.highlighted.iter().all(|r| &detail.snippet[r.clone()] == "zebra"));
        assert!(detail.snippet.starts_with("pad "), "a whole word first: {:?}", detail.snippet);
        assert!(detail.snippet.chars().count() <= SNIPPET_CHARS);
        let none = Detail::new("Only the title matched here.", &[], 1);
        assert_eq!((none.snippet.as_str(), none.hits), ("Only the title matched here.", 1), "the body's start");
        let cjk = "東京".repeat(100);
        let detail = Detail::new(&cjk, &[std::ops::Range { start: 150, end: 156 }], 0);
        assert_eq!(&detail.snippet[detail.highlighted[0].clone()], "東京", "char boundaries hold");
    }

    #[test]
    fn a_wide_space_before_the_hit_is_stepped_over_whole() {
        for space in ['\u{a0}', '\u{3000}', '\u{2009}'] {
            let body = format!("{}word{space}more words before the hit zebra here", "x".repeat(40));
            let at = body.find("zebra").unwrap();
            let detail = Detail::new(&body, &[Range { start: at, end: at + 5 }], 0);
            assert!(detail.snippet.starts_with("more"), "{space:?}: {:?}", detail.snippet);
            assert_eq!(&detail.snippet[detail.highlighted[0].clone()], "zebra");
        }
    }
}
