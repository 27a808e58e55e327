//! What the list keeps besides the query's terms (`:unread`, `:starred`, `:tag:rust`…) and its sort orders.

use crate::state::ArticleState;
use std::collections::HashMap;
use std::sync::Arc;

/// A remembered mark a query can filter on, or a tag the article gives itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Mark {
    /// Not marked read (started or not).
    Unread,
    /// Opened and not finished.
    Reading,
    Read,
    Starred,
    /// `:noted`: with a highlight or a note of the reader's.
    Noted,
    /// `:tag:NAME`: a tag of the article's own (Markdown front matter, `#tags`), lower-cased.
    Tag(Arc<str>),
}

impl Mark {
    pub const ALL: [Mark; 5] = [Mark::Unread, Mark::Reading, Mark::Read, Mark::Starred, Mark::Noted];

    pub fn name(&self) -> String {
        match self {
            Mark::Unread => "unread".into(),
            Mark::Reading => "reading".into(),
            Mark::Read => "read".into(),
            Mark::Starred => "starred".into(),
            Mark::Noted => "noted".into(),
            Mark::Tag(tag) => format!("tag:{tag}"),
        }
    }

    /// Whether an article of this state and these tags, with highlights or not (`noted`),
    /// bears the mark.
    pub fn holds(&self, state: &ArticleState, tags: &[String], noted: bool) -> bool {
        match self {
            Mark::Unread => !state.read,
            Mark::Reading => !state.read && (state.place.is_some() || state.progress > 0),
            Mark::Read => state.read,
            Mark::Starred => state.starred,
            Mark::Noted => noted,
            Mark::Tag(tag) => tags.iter().any(|t| **t == **tag),
        }
    }
}

/// One `:mark` of a query, `!:mark` (or `-:mark`) for the articles without it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filter {
    pub mark: Mark,
    pub negated: bool,
}

impl Filter {
    /// The filter a query token names, if it names one: the whole token, so `:reader` or
    /// `':read` stay text.
    pub fn parse(token: &str) -> Option<Filter> {
        let (negated, name) = match token.strip_prefix(['!', '-']) {
            Some(rest) => (true, rest),
            None => (false, token),
        };
        let name = name.strip_prefix(':')?;
        if let Some(tag) = name.strip_prefix("tag:").map(|t| t.trim_start_matches('#')).filter(|t| !t.is_empty()) {
            return Some(Filter { mark: Mark::Tag(crate::fold::lower(tag).into()), negated });
        }
        let mark = Mark::ALL.into_iter().find(|m| m.name() == name)?;
        Some(Filter { mark, negated })
    }

    /// Whether an article of this state and these tags, noted or not, passes.
    pub fn keeps(&self, state: &ArticleState, tags: &[String], noted: bool) -> bool {
        self.mark.holds(state, tags, noted) != self.negated
    }
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", if self.negated { "!" } else { "" }, self.mark.name())
    }
}

/// The filters of a query: groups that must all keep an article, each of filters one of
/// which must (`:starred | :reading` is either), in the order typed, as fzf's terms.
pub fn filters(query: &str) -> Vec<Vec<Filter>> {
    let mut groups: Vec<Vec<Filter>> = Vec::new();
    let (mut after_filter, mut joined) = (false, false);
    for token in query.split_whitespace() {
        match Filter::parse(token) {
            Some(filter) if joined => groups.last_mut().expect("a filter came before").push(filter),
            Some(filter) => groups.push(vec![filter]),
            None => {
                joined = token == "|" && after_filter;
                after_filter = false;
                continue;
            }
        }
        (after_filter, joined) = (true, false);
    }
    groups
}

/// Whether token `at` of `tokens` belongs to the filters: a filter, or a `|` beside one.
pub fn is_filter_token(tokens: &[&str], at: usize) -> bool {
    let filter = |i: usize| tokens.get(i).is_some_and(|t| Filter::parse(t).is_some());
    filter(at) || (tokens[at] == "|" && ((at > 0 && filter(at - 1)) || filter(at + 1)))
}

/// The filters as a query writes them.
pub fn filters_text(groups: &[Vec<Filter>]) -> String {
    let group = |g: &Vec<Filter>| g.iter().map(Filter::to_string).collect::<Vec<_>>().join(" | ");
    groups.iter().map(group).collect::<Vec<_>>().join(" ")
}

pub use crate::state::SortOrder;

/// What this store remembers of its articles by id, as the workers see it: a snapshot,
/// numbered so that work done for one is reused until the marks change.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub generation: u64,
    pub articles: HashMap<String, ArticleState>,
    /// The tags of the store's tagged articles by id (lower-cased), for `:tag:NAME`.
    pub tags: HashMap<String, Vec<String>>,
    /// The ids of the articles with highlights, for `:noted`.
    pub noted: std::collections::HashSet<String>,
}

impl Marks {
    pub fn of(&self, id: &str) -> ArticleState {
        self.articles.get(id).cloned().unwrap_or_default()
    }

    pub fn tags_of(&self, id: &str) -> &[String] {
        self.tags.get(id).map_or(&[], Vec::as_slice)
    }

    pub fn is_noted(&self, id: &str) -> bool {
        self.noted.contains(id)
    }
}

/// The filters and the order a ranking follows, with the marks they read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// Groups that must all keep an article, one filter of each ([`filters`]).
    pub filters: Vec<Vec<Filter>>,
    pub order: SortOrder,
    pub marks: Arc<Marks>,
}

impl Shape {
    /// Whether the shape changes nothing: no filter, store order.
    pub fn is_plain(&self) -> bool {
        self.filters.is_empty() && self.order == SortOrder::Store
    }

    /// Whether article `id` passes every filter.
    pub fn keeps(&self, id: &str) -> bool {
        if self.filters.is_empty() {
            return true;
        }
        let (state, tags, noted) = (self.marks.of(id), self.marks.tags_of(id), self.marks.is_noted(id));
        self.filters.iter().all(|group| group.iter().any(|f| f.keeps(&state, tags, noted)))
    }

    /// For each group, for each filter: the ids whose mark differs from an article nothing is
    /// known of, and whether the filter keeps those ids (else it keeps every other article).
    /// The text index filters with these, as it knows nothing of catalog positions.
    pub fn id_sets(&self) -> Vec<Vec<(Vec<&str>, bool)>> {
        self.filters.iter().map(|group| group.iter().map(|filter| self.id_set(filter)).collect()).collect()
    }

    fn id_set(&self, filter: &Filter) -> (Vec<&str>, bool) {
        let blank = ArticleState::default();
        let marks = &self.marks;
        let known =
            marks.articles.keys().chain(marks.tags.keys().filter(|id| !marks.articles.contains_key(*id))).chain(
                marks.noted.iter().filter(|id| !marks.articles.contains_key(*id) && !marks.tags.contains_key(*id)),
            );
        let differ: Vec<&str> = known
            .filter(|id| {
                filter.mark.holds(&marks.of(id), marks.tags_of(id), marks.is_noted(id))
                    != filter.mark.holds(&blank, &[], false)
            })
            .map(String::as_str)
            .collect();
        (differ, !filter.keeps(&blank, &[], false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_whole_tokens() {
        let f = |mark, negated| Filter { mark, negated };
        assert_eq!(
            filters(":unread sony !:starred -:read :reader ':read"),
            [vec![f(Mark::Unread, false)], vec![f(Mark::Starred, true)], vec![f(Mark::Read, true)]]
        );
        assert!(filters("read: :").is_empty());
        let tag = filters(":tag:Rust !:tag:cli :tag:");
        assert_eq!(tag, [vec![f(Mark::Tag("rust".into()), false)], vec![f(Mark::Tag("cli".into()), true)]]);
        let tags = ["rust".to_owned()];
        assert!(
            tag[0][0].keeps(&ArticleState::default(), &tags, false)
                && !tag[1][0].keeps(&ArticleState::default(), &["cli".into()], false)
        );
        assert_eq!(filters_text(&tag), ":tag:rust !:tag:cli");
        let either = filters(":starred | :reading oil | gas :read");
        assert_eq!(either, [vec![f(Mark::Starred, false), f(Mark::Reading, false)], vec![f(Mark::Read, false)]]);
        assert_eq!(filters_text(&either), ":starred | :reading :read");
        let tokens = [":starred", "|", ":reading", "oil", "|", "gas"];
        let kept: Vec<bool> = (0..tokens.len()).map(|i| is_filter_token(&tokens, i)).collect();
        assert_eq!(kept, [true, true, true, false, false, false]);
    }

    #[test]
    fn marks_follow_the_state() {
        let started =
            ArticleState { place: Some(crate::document::Anchor::default()), progress: 40, ..ArticleState::default() };
        let read = ArticleState { read: true, progress: 100, ..started.clone() };
        let blank = ArticleState::default();
        let holds = |state: &ArticleState| Mark::ALL.map(|m| m.holds(state, &[], false));
        assert_eq!(holds(&blank), [true, false, false, false, false]);
        assert_eq!(holds(&started), [true, true, false, false, false]);
        assert_eq!(holds(&read), [false, false, true, false, false]);
        let starred = ArticleState { starred: true, ..blank.clone() };
        assert_eq!(holds(&starred), [true, false, false, true, false]);
        assert_eq!(Mark::ALL.map(|m| m.holds(&blank, &[], true)), [true, false, false, false, true]);
    }

    #[test]
    fn a_shape_keeps_what_every_filter_keeps_and_names_its_ids() {
        let mut articles = HashMap::new();
        articles.insert("a".to_owned(), ArticleState { read: true, ..ArticleState::default() });
        articles.insert("b".to_owned(), ArticleState { starred: true, ..ArticleState::default() });
        let noted = ["c".to_owned()].into_iter().collect();
        let marks = Arc::new(Marks { generation: 1, articles, tags: HashMap::new(), noted });
        let shape = Shape { filters: filters(":unread :starred"), marks, ..Shape::default() };
        assert_eq!(["a", "b", "c"].map(|id| shape.keeps(id)), [false, true, false]);
        let sets = shape.id_sets();
        assert_eq!(sets[0], [(vec!["a"], false)], ":unread: all but the read ones");
        assert_eq!(sets[1], [(vec!["b"], true)], ":starred: only the starred ones");
        let either = Shape { filters: filters(":read | :starred"), ..shape.clone() };
        assert_eq!(["a", "b", "c"].map(|id| either.keeps(id)), [true, true, false]);
        let noted = Shape { filters: filters(":noted"), ..shape.clone() };
        assert_eq!(["a", "b", "c"].map(|id| noted.keeps(id)), [false, false, true]);
        assert_eq!(noted.id_sets()[0], [(vec!["c"], true)], ":noted: only the noted ones");
        assert!(Shape::default().is_plain());
        let cycle = std::iter::successors(Some(SortOrder::Store), |o| Some(o.next())).take(6);
        assert_eq!(cycle.last(), Some(SortOrder::Store), "five orders, then around");
    }
}
