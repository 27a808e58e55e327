//! The index's query for a text query: each word as typed first, then its other forms (the words it starts, its stems, its typos).

use super::Fields;
use crate::language::Language;
use crate::search::occurrences::{TextTerm, index_query_of};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, QueryParser, RegexQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, Searcher, Term};

/// How the index ranks what it finds. The relevance benchmark (`cargo bench --bench
/// relevance`) measures each choice against a judged set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranking {
    /// How much a word in the title counts against one in the body.
    pub title: f32,
    /// How much more a word counts as typed than its other forms.
    pub exact: f32,
    /// A word also finds the words of its stem, in each article's language.
    pub stems: bool,
    /// A word of [`TYPO_CHARS`] letters or more also finds those one edit away, each
    /// counting this much of itself (0 for not at all).
    pub typos: f32,
    /// How much an article gains where the query's words stand together (within
    /// [`NEAR`] words), 0 for nothing: the default, as on the judged set it changed little
    /// and it doubled the time of a query of two common words.
    pub near: f32,
}

/// Words that may stand between the query's words for them to count as together.
pub const NEAR: u32 = 3;

impl Default for Ranking {
    fn default() -> Self {
        Ranking { title: 2.0, exact: 2.0, stems: true, typos: 0.5, near: 0.0 }
    }
}

type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// The query of `terms`, over the index's fields; `languages` are those the index holds.
pub(super) fn query_of(
    index: &Index,
    searcher: &Searcher,
    fields: &Fields,
    languages: &[Language],
    terms: &[TextTerm],
    ranking: &Ranking,
) -> Box<dyn Query> {
    let mut parser = QueryParser::for_index(index, vec![fields.title, fields.body]);
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, ranking.title);
    let as_typed = |term: &TextTerm| {
        let alone = TextTerm { excluded: false, or_before: false, ..term.clone() };
        parser.parse_query_lenient(&index_query_of(std::slice::from_ref(&alone))).0
    };
    let mut clauses: Clauses = Vec::new();
    // Terms joined by `|` are one group: one of them must occur.
    let mut groups: Vec<Clauses> = Vec::new();
    for term in terms {
        if term.excluded {
            clauses.push((Occur::MustNot, as_typed(term)));
            continue;
        }
        let found = term_query(as_typed(term), term, searcher, fields, languages, ranking);
        match groups.last_mut() {
            Some(group) if term.or_before => group.push((Occur::Should, found)),
            _ => groups.push(vec![(Occur::Should, found)]),
        }
    }
    for mut group in groups {
        let either: Box<dyn Query> = match group.len() {
            1 => group.pop().expect("one").1,
            _ => Box::new(BooleanQuery::new(group)),
        };
        clauses.push((Occur::Must, either));
    }
    // Words side by side (a phrase with room between them) count more: `error handling`
    // first where it is said, not where both words occur pages apart.
    let together: Vec<&str> = terms
        .iter()
        .enumerate()
        .filter(|&(i, t)| !t.excluded && !t.or_before && !terms.get(i + 1).is_some_and(|next| next.or_before))
        .map(|(_, t)| t.text.as_str())
        .collect();
    if ranking.near > 0.0 && together.len() > 1 {
        let phrase: String = together.join(" ").chars().filter(|c| !matches!(c, '"' | '\\')).collect();
        let (near, _) = parser.parse_query_lenient(&format!("\"{phrase}\"~{NEAR}"));
        clauses.push((Occur::Should, Box::new(BoostQuery::new(near, ranking.near))));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// The query of one term: `as_typed` first, then its other forms.
fn term_query(
    as_typed: Box<dyn Query>,
    term: &TextTerm,
    searcher: &Searcher,
    fields: &Fields,
    languages: &[Language],
    ranking: &Ranking,
) -> Box<dyn Query> {
    let forms = term.forms();
    let word = crate::fold::lower(&crate::fold::fold(&term.text));
    // A word still being typed is typed wrong only when no indexed word starts with it.
    let typos = ranking.typos > 0.0 && forms.typos && !(forms.prefix && starts_some(searcher, fields, &word));
    let stems = ranking.stems && forms.stems && !languages.is_empty();
    if !(forms.prefix || typos || stems) {
        return as_typed;
    }
    let mut either: Clauses = vec![(Occur::Should, Box::new(BoostQuery::new(as_typed, ranking.exact)))];
    let in_title = |query: Box<dyn Query>| -> Box<dyn Query> { Box::new(BoostQuery::new(query, ranking.title)) };
    if forms.prefix {
        let starts = format!("{}.*", regex::escape(&word));
        for field in [fields.title, fields.body] {
            if let Ok(prefix) = RegexQuery::from_pattern(&starts, field) {
                either.push((Occur::Should, Box::new(prefix)));
            }
        }
    }
    if stems {
        for language in languages {
            let stem = language.indexed_stem(&word);
            let title = TermQuery::new(Term::from_field_text(fields.title_stems, &stem), IndexRecordOption::WithFreqs);
            let body = TermQuery::new(Term::from_field_text(fields.body_stems, &stem), IndexRecordOption::WithFreqs);
            either.push((Occur::Should, in_title(Box::new(title))));
            either.push((Occur::Should, Box::new(body)));
        }
    }
    if typos {
        // Each word one edit away, ranked as itself (by how often and where it occurs), less.
        for typo in typos_of(searcher, fields, &word) {
            let title = TermQuery::new(Term::from_field_text(fields.title, &typo), IndexRecordOption::WithFreqs);
            let body = TermQuery::new(Term::from_field_text(fields.body, &typo), IndexRecordOption::WithFreqs);
            either.push((Occur::Should, Box::new(BoostQuery::new(Box::new(title), ranking.title * ranking.typos))));
            either.push((Occur::Should, Box::new(BoostQuery::new(Box::new(body), ranking.typos))));
        }
    }
    Box::new(BooleanQuery::new(either))
}

/// Whether an indexed word (of a title or body) starts with `word` (or is it).
fn starts_some(searcher: &Searcher, fields: &Fields, word: &str) -> bool {
    searcher.segment_readers().iter().any(|segment| {
        [fields.title, fields.body].into_iter().any(|field| {
            let Ok(inverted) = segment.inverted_index(field) else { return false };
            let Ok(mut terms) = inverted.terms().range().ge(word.as_bytes()).into_stream() else { return false };
            terms.advance() && terms.key().starts_with(word.as_bytes())
        })
    })
}

/// Most words one edit away a word also finds: a short word typed wrong has few.
const TYPOS: usize = 24;

/// The indexed words one edit away from `word` (not itself), in the titles or bodies.
fn typos_of(searcher: &Searcher, fields: &Fields, word: &str) -> Vec<String> {
    let Ok(automaton) = FuzzyTermQuery::new(Term::from_field_text(fields.body, word), 1, true).automaton() else {
        return Vec::new();
    };
    let mut found = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        for field in [fields.title, fields.body] {
            let Ok(inverted) = segment.inverted_index(field) else { continue };
            let Ok(mut terms) = inverted.terms().search(&automaton).into_stream() else { continue };
            while found.len() < TYPOS && terms.advance() {
                if let Ok(typo) = std::str::from_utf8(terms.key())
                    && typo != word
                {
                    found.insert(typo.to_owned());
                }
            }
        }
    }
    found.into_iter().collect()
}
