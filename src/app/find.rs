//! Search inside the article, as less's `/`: the prompt, the hits on the page, the current one.

use super::App;
use crate::page::{LineKind, Page};
use crate::query::QueryLine;
use crate::search::occurrences::{Pattern, text_patterns};
use crate::store::ArticleRef;

/// One hit: the byte ranges it covers on the page's lines (more than one when it runs across a
/// soft line break).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub spans: Vec<(usize, std::ops::Range<usize>)>,
}

impl Hit {
    /// The page line the hit starts on.
    pub fn line(&self) -> usize {
        self.spans[0].0
    }
}

/// The search's state: the prompt while it is typed, then the pattern, its hits on the page
/// shown and which one is current.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindView {
    /// The prompt, while typed (`None` once Enter or Esc closes it).
    pub prompt: Option<QueryLine>,
    pub pattern: String,
    pub hits: Vec<Hit>,
    /// The page the hits were found on, as (article, width): another article, or another
    /// version of it, is searched again.
    pub page: Option<(ArticleRef, u16)>,
    pub current: usize,
    /// What the last move has to say: it wrapped around, or nothing matched.
    pub note: Option<&'static str>,
    /// Where the current hit is in the text: after a re-wrap or an edit of the article, the
    /// hit there (or the next) is current again.
    pub at: Option<crate::document::Anchor>,
    /// Enter was pressed before the article was read: go to the first hit once it is.
    pub pending: bool,
    /// The pattern is a text search's query: its words and phrases are found, whole words.
    pub words: bool,
}

impl FindView {
    /// The search of a text query's words and phrases, to go to the first hit once the article
    /// is read.
    pub fn words(query: &str) -> Self {
        FindView { pattern: query.to_owned(), words: true, pending: true, ..FindView::default() }
    }

    /// Finds the pattern again on `page` (of `article`), unless already found there; returns
    /// whether the hits changed. The same article at another width keeps its current hit;
    /// another article starts at its first.
    pub fn refresh(&mut self, article: &ArticleRef, page: &Page) -> bool {
        if self.pattern.is_empty() || self.page.as_ref().is_some_and(|(a, w)| a == article && *w == page.width) {
            return false;
        }
        // The same article, at another width or in another version (edited on disk).
        let same_article = self.page.as_ref().is_some_and(|(a, _)| a.id == article.id);
        self.hits = if self.words { word_hits(page, &self.pattern) } else { hits(page, &self.pattern) };
        self.page = Some((article.clone(), page.width));
        let last = self.hits.len().saturating_sub(1);
        self.current = match (same_article, &self.at) {
            (true, Some(at)) => {
                let line = page.line_of(at);
                self.hits.iter().position(|hit| hit.line() >= line).unwrap_or(last)
            }
            (true, None) => self.current.min(last),
            (false, _) => 0,
        };
        if !same_article {
            self.note = None;
        }
        true
    }

    /// Makes the first hit at or after line `from` current (wrapping to the first hit).
    pub fn first_from(&mut self, from: usize) {
        self.note = None;
        match self.hits.iter().position(|hit| hit.line() >= from) {
            Some(at) => self.current = at,
            None if self.hits.is_empty() => self.note = Some("not found"),
            None => (self.current, self.note) = (0, Some("wrapped to the top")),
        }
    }

    /// Steps to the next (`forward`) or previous hit, wrapping around with a note.
    pub fn step(&mut self, forward: bool) {
        let count = self.hits.len();
        self.note = None;
        if count == 0 {
            self.note = Some("not found");
        } else if forward {
            if self.current + 1 == count {
                self.note = Some("wrapped to the top");
            }
            self.current = (self.current + 1) % count;
        } else {
            if self.current == 0 {
                self.note = Some("wrapped to the bottom");
            }
            self.current = (self.current + count - 1) % count;
        }
    }
}

impl App {
    /// The search prompt, while it is open.
    pub(super) fn prompt(&mut self) -> Option<&mut QueryLine> {
        self.find.as_mut()?.prompt.as_mut()
    }

    /// Enter in the prompt: searches the article for what was typed (an empty prompt repeats
    /// the last search), from the first line shown on, as less does.
    pub(super) fn search_article(&mut self) -> bool {
        let Some(find) = self.find.as_mut() else { return false };
        let typed = find.prompt.take().map(|p| p.text().to_owned()).unwrap_or_default();
        if !typed.is_empty() {
            if let Some(why) = Pattern::regex_error(&typed) {
                self.flash = Some(format!("not a regular expression ({why}): looked for as typed"));
            }
            (find.pattern, find.page, find.current, find.words, find.at) = (typed, None, 0, false, None);
        }
        if find.pattern.is_empty() {
            self.find = None;
            return true;
        }
        self.prepare_reader();
        self.jump_to_first_hit()
    }

    /// Makes the first hit from the top line shown current and brings it into view; waits for
    /// the article when it is not read yet.
    pub(super) fn jump_to_first_hit(&mut self) -> bool {
        let top = self.reader.top();
        let read = self.page().is_some();
        let Some(find) = self.find.as_mut() else { return false };
        find.pending = !read;
        if read {
            find.first_from(top);
            return self.show_hit();
        }
        true
    }

    /// Esc in the prompt: closes it, keeping an earlier search.
    pub(super) fn close_prompt(&mut self) -> bool {
        if let Some(find) = self.find.as_mut() {
            find.prompt = None;
            if find.pattern.is_empty() {
                self.find = None;
            }
        }
        true
    }

    /// `n` and `N`: the next or previous hit, wrapping around.
    pub(super) fn step_hit(&mut self, forward: bool) -> bool {
        let Some(find) = self.find.as_mut().filter(|f| !f.pattern.is_empty()) else { return false };
        find.step(forward);
        self.show_hit()
    }

    /// Scrolls the current hit into view: to the top, as less puts it, unless it is shown.
    fn show_hit(&mut self) -> bool {
        let Some(line) = self.find.as_ref().and_then(|f| f.hits.get(f.current)).map(Hit::line) else { return true };
        let at = self.page().map(|page| page.place_of(line));
        if let Some(find) = self.find.as_mut() {
            find.at = at;
        }
        let (top, rows) = (self.reader.top(), self.reader_rows());
        if line < top || line >= top + rows {
            self.scroll_reader(line);
        }
        true
    }
}

/// Every place `pattern` occurs in the text of `page`, in order. Lines of one paragraph are
/// searched as one text (a soft break is a space), so a phrase split by wrapping is found.
/// Smart case and accent folding as in the list (see [`Pattern`]).
pub fn hits(page: &Page, pattern: &str) -> Vec<Hit> {
    Pattern::new(pattern).map_or_else(Vec::new, |pattern| hits_of(page, &pattern, false))
}

/// Every place a word or "phrase" of text query `query` occurs in the article's text (not its
/// meta lines or trailer, which the index never saw), as the text search counts them.
pub fn word_hits(page: &Page, query: &str) -> Vec<Hit> {
    let mut all: Vec<Hit> = text_patterns(query).iter().flat_map(|p| hits_of(page, p, true)).collect();
    all.sort_by_key(|hit| (hit.spans[0].0, hit.spans[0].1.start));
    // A word inside a phrase is the phrase's hit.
    all.dedup_by(|later, earlier| {
        later.spans[0].0 == earlier.spans[0].0 && later.spans[0].1.start < earlier.spans[0].1.end
    });
    all
}

fn hits_of(page: &Page, pattern: &Pattern, text_only: bool) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut start = 0;
    while start < page.lines.len() {
        let (kind, block) = (page.lines[start].kind, page.lines[start].block);
        let mut end = start + 1;
        // A paragraph's lines wrapped from one text; preformatted lines (with a mark) too. The
        // raw view's lines are the file's own: each is searched alone.
        while page.width != crate::page::RAW
            && end < page.lines.len()
            && page.lines[end].block == block
            && page.lines[end].kind == kind
            && kind != LineKind::Blank
        {
            end += 1;
        }
        if !text_only || kind.is_text() {
            find_in(page, start..end, pattern, &mut hits);
        }
        start = end;
    }
    hits
}

/// The hits in page lines `lines`, joined by spaces.
fn find_in(page: &Page, lines: std::ops::Range<usize>, pattern: &Pattern, hits: &mut Vec<Hit>) {
    // Each char of the joined text: its line and byte range there.
    let mut places: Vec<(usize, usize, usize)> = Vec::new();
    let mut joined = String::new();
    for line in lines {
        let text = &page.lines[line].text;
        let mark = page.lines[line].prefix;
        // A soft break is a space, except beside wide (CJK) characters, which wrap without one.
        let wide = |c: Option<char>| c.is_some_and(|c| crate::width::advance(c) == 2);
        if !joined.is_empty() && !wide(joined.chars().next_back()) && !wide(text[mark..].chars().next()) {
            joined.push(' ');
            places.push((line, mark, mark));
        }
        joined.push_str(&text[mark..]);
        places.extend(text[mark..].char_indices().map(|(at, c)| (line, mark + at, mark + at + c.len_utf8())));
    }
    for found in pattern.find_in(&joined, page.language) {
        let mut spans: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for &(line, from, to) in &places[found] {
            match spans.last_mut() {
                Some((l, range)) if *l == line => range.end = to.max(range.end),
                _ if from == to => {}
                _ => spans.push((line, from..to)),
            }
        }
        if !spans.is_empty() {
            hits.push(Hit { spans });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Article;

    fn page(text: &str, width: u16) -> Page {
        Page::new(&Article::from_bytes("a".into(), "a".into(), text.as_bytes(), false).unwrap(), width)
    }

    fn shown(page: &Page, hits: &[Hit]) -> Vec<String> {
        let span = |(line, range): &(usize, std::ops::Range<usize>)| page.lines[*line].text[range.clone()].to_owned();
        hits.iter().map(|h| h.spans.iter().map(span).collect::<Vec<_>>().join("|")).collect()
    }

    #[test]
    fn a_phrase_across_a_soft_break_is_found_and_survives_a_resize() {
        let text = "Title\n\nThe quick brown fox jumps over the lazy dog. The Quick one.\n";
        let narrow = page(text, 16);
        let found = hits(&narrow, "brown fox jumps");
        assert_eq!(shown(&narrow, &found), ["brown|fox jumps"], "split across two lines");
        let wide = page(text, 80);
        assert_eq!(shown(&wide, &hits(&wide, "brown fox jumps")), ["brown fox jumps"]);
        assert_eq!(shown(&wide, &hits(&wide, "quick")), ["quick", "Quick"], "either case");
        assert_eq!(shown(&wide, &hits(&wide, "Quick")), ["Quick"], "a capital: this case only");
    }

    #[test]
    fn a_regular_expression_is_found_across_a_soft_break_and_a_bad_one_said() {
        let text = "Title\n\nThe officers served a warrant. Then two warrants more, in 1999 and 2004.\n";
        // At some widths the two words are on two lines: found all the same.
        let split = (10..40).map(|width| page(text, width)).filter(|p| {
            let found = shown(p, &hits(p, "warrants? more"));
            assert_eq!(found.iter().map(|f| f.replace('|', " ")).collect::<Vec<_>>(), ["warrants more"]);
            found[0].contains('|')
        });
        assert!(split.count() > 0);
        let narrow = page(text, 20);
        assert_eq!(shown(&narrow, &hits(&narrow, "[0-9]{4}")), ["1999", "2004"]);
        assert_eq!(shown(&narrow, &hits(&narrow, "warrant.")), ["warrant.", "warrants"]);
        let dir = crate::store::ScratchDir::new("find-regex");
        let mut app = crate::testing::app_on_articles(&dir, &["a"], (60, 20));
        let find = [crate::action::Action::Open, crate::action::Action::Find];
        crate::testing::update_inline(
            &mut app,
            find.into_iter().chain("(of".chars().map(crate::action::Action::Insert)),
        );
        crate::testing::update_inline(&mut app, [crate::action::Action::Open]);
        assert_eq!(app.flash.as_deref(), Some("not a regular expression (unclosed group): looked for as typed"));
        assert!(app.find.as_ref().unwrap().hits.is_empty());
    }

    #[test]
    fn japanese_across_a_break_and_raw_lines_alone() {
        let text = "題\n\n東京の市場は今日も大きく上がり、銀行の株が買われた。\n\nlast line\nnext line\n";
        let narrow = page(text, 10);
        assert_eq!(shown(&narrow, &hits(&narrow, "大きく上がり")).len(), 1, "found across a break without a space");
        let article = Article::from_bytes("a".into(), "a".into(), text.as_bytes(), false).unwrap();
        let raw = Page::raw(&article);
        assert!(hits(&raw, "line next").is_empty(), "raw lines are not joined");
        assert_eq!(hits(&raw, "next line").len(), 1);
    }

    #[test]
    fn accents_fold_and_nothing_is_found_in_blank_lines() {
        let wide = page("Café\n\nUn café crème, un cafe noir.\n", 80);
        assert_eq!(shown(&wide, &hits(&wide, "cafe")).len(), 3, "the title, café and cafe");
        assert_eq!(shown(&wide, &hits(&wide, "café")).len(), 2, "an accent wants the accent");
        assert!(hits(&wide, "").is_empty());
        assert!(hits(&wide, "zebra").is_empty());
    }

    #[test]
    fn another_version_or_another_article_is_searched_again() {
        let wide = page("T\n\nOne cat. Two cats.\n", 80);
        let mut find = FindView { pattern: "cat".into(), ..FindView::default() };
        let article = |id: &str, version| ArticleRef { id: id.into(), version };
        assert!(find.refresh(&article("a", 1), &wide));
        find.current = 1;
        assert!(!find.refresh(&article("a", 1), &wide), "the same page: nothing to do");
        let narrow = page("T\n\nOne cat. Two cats.\n", 12);
        assert!(find.refresh(&article("a", 1), &narrow));
        assert_eq!(find.current, 1, "another width keeps the current hit");
        assert!(find.refresh(&article("a", 2), &narrow), "an edited text: found again");
        assert_eq!(find.current, 1, "the current hit kept (by its place when known, see identity_tests)");
        find.current = 1;
        assert!(find.refresh(&article("b", 2), &narrow), "another article: found again");
        assert_eq!(find.current, 0);
    }

    #[test]
    fn a_text_query_finds_its_words_and_phrases_whole() {
        let wide = page("Music\n\nA music download, downloaders and Musicians DOWNLOAD; the music store.\n", 80);
        let found = shown(&wide, &word_hits(&wide, "music downl "));
        assert_eq!(found, ["Music", "music", "music"], "whole words, any case, in order");
        let typed = shown(&wide, &word_hits(&wide, "music downl"));
        assert_eq!(typed, ["Music", "music", "download", "downloaders", "DOWNLOAD", "music"], "the last as typed");
        let english = page("Colour\n\nThe colors faded; a colored print, a colour, a color, a collar.\n", 80);
        assert_eq!(
            shown(&english, &word_hits(&english, "color ")),
            ["Colour", "colors", "colored", "colour", "color"],
            "word forms (the page is English) and one letter wrong, not two"
        );
        assert_eq!(shown(&english, &word_hits(&english, "'colors")), ["colors"], "' asks for the word alone");
        assert_eq!(shown(&wide, &word_hits(&wide, "\"the music\" -store")), ["the music"]);
        let japanese = page("題\n\n東京都の市場\n", 80);
        assert_eq!(shown(&japanese, &word_hits(&japanese, "東京")), ["東京"], "no spaces between CJK words");
        assert_eq!(
            shown(&page("T\n\nUn café crème.\n", 80), &word_hits(&page("T\n\nUn café crème.\n", 80), "CAFÉ")),
            ["café"]
        );
        // The id and path in the meta lines are not the article's text: the index never saw them.
        let article =
            Article::from_bytes("music/a".into(), "music/a.txt".into(), b"T\n\nSome music.\n", false).unwrap();
        let with_meta = Page::new(&article, 80);
        assert!(with_meta.lines.iter().any(|l| l.kind == LineKind::Meta && l.text.contains("music/a")));
        assert_eq!(shown(&with_meta, &word_hits(&with_meta, "music")), ["music"]);
        assert_eq!(shown(&with_meta, &hits(&with_meta, "music")).len(), 3, "while / looks at every line");
    }

    #[test]
    fn steps_wrap_around_with_a_note() {
        let mut find = FindView { pattern: "a".into(), ..FindView::default() };
        find.hits = vec![Hit { spans: vec![(3, 0..1)] }, Hit { spans: vec![(9, 0..1)] }];
        find.first_from(5);
        assert_eq!((find.current, find.note), (1, None));
        find.step(true);
        assert_eq!((find.current, find.note), (0, Some("wrapped to the top")));
        find.step(false);
        assert_eq!((find.current, find.note), (1, Some("wrapped to the bottom")));
        find.first_from(10);
        assert_eq!((find.current, find.note), (0, Some("wrapped to the top")));
    }
}
