//! Engine tests: the shown ranking equals exhaustive SkimMatcherV2 ranking, by every path.
//
// The paths: fresh, refined, Backspace, grown catalog.

use super::*;
use crate::generate;
use crate::store::{Entry, Location};
use crate::testing::catalog_of;

/// The reference: every title scored by SkimMatcherV2, sorted by score then store order; ids
/// are the store positions, as `catalog_of` numbers them.
fn exhaustive(titles: &[String], query: &str) -> Vec<u32> {
    let ids: Vec<String> = (0..titles.len()).map(|i| i.to_string()).collect();
    Matcher.reference_rank(&Query::parse(query), titles.iter().map(String::as_str).zip(ids.iter().map(String::as_str)))
}

fn rows(mut ranking: Ranking, titles: &[String]) -> Vec<u32> {
    ranking.settle(usize::MAX, &catalog_of(titles), &Matcher);
    (0..ranking.len()).map(|r| ranking.get(r).unwrap()).collect()
}

const NEVER: &(dyn Fn() -> bool + Sync) = &|| false;

#[test]
fn shown_ranking_equals_exhaustive_ranking_for_many_queries() {
    let titles = generate::titles(42, 20_000);
    let catalog = RwLock::new(catalog_of(&titles));
    let queries = [
        "s",
        "b",
        "é",
        "東",
        "so",
        "bl",
        "sny",
        "son",
        "blair",
        "sony pic",
        "Sony",
        "SONY",
        "goo deal",
        "wins profit",
        "£15",
        "kim jong",
        "brown budget talks",
        "microsoftnetworkdeal",
        "zzzq",
        "x y z",
        "renee",
        "beyonce",
        "jose m",
        "José",
        "Jose",
        "e",
        "'blair",
        "^sony",
        "deal$",
        "^blair wins$",
        "!sony",
        "blair !wins",
        "!^sony !'deal",
        "sony | nokia",
        "^sony | deal$ blair",
        "!'nok",
        "new\\ deal",
        "'Sony",
        "' ^ !",
        "| x",
    ];
    for query in queries {
        // Typed one key at a time, as a person would, so refinement is exercised too.
        let mut searcher = Searcher::default();
        let mut last = None;
        for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
            last = searcher.search(&catalog, &query[..end], &Default::default(), NEVER);
        }
        let last = last.unwrap();
        let top: Vec<u32> = (0..last.sorted().min(last.len())).map(|r| last.get(r).unwrap()).collect();
        let expected = exhaustive(&titles, query);
        assert_eq!(top, expected[..top.len()], "query {query:?}: the rows settled by the search");
        let shown = rows(last, &titles);
        assert_eq!(shown, expected, "query {query:?}");
        let fresh = rows(Searcher::default().search(&catalog, query, &Default::default(), NEVER).unwrap(), &titles);
        assert_eq!(fresh, shown, "query {query:?} fresh");
    }
}

#[test]
fn only_the_shown_rows_are_sorted_and_they_are_right() {
    let titles = generate::titles(3, 50_000);
    let catalog = RwLock::new(catalog_of(&titles));
    let mut ranking = Searcher::default().search(&catalog, "a", &Default::default(), NEVER).unwrap();
    let expected = exhaustive(&titles, "a");
    assert!(ranking.sorted() < ranking.len());
    let top: Vec<u32> = (0..100).map(|r| ranking.get(r).unwrap()).collect();
    assert_eq!(top, expected[..100]);
    ranking.settle(5_000, &catalog.read().unwrap(), &Matcher);
    let page: Vec<u32> = (4_900..5_000).map(|r| ranking.get(r).unwrap()).collect();
    assert_eq!(page, expected[4_900..5_000]);
    assert_eq!(ranking.row_of(expected[4_950]), Some(4_950));
}

#[test]
fn backspace_and_a_growing_catalog_reuse_earlier_work_correctly() {
    let titles = generate::titles(9, 30_000);
    let catalog = RwLock::new(catalog_of(&titles[..10_000]));
    let mut searcher = Searcher::default();
    // Kept results narrowed, grown from their tails (from three chars), and backed out of.
    for query in ["b", "bl", "bla", "blai", "bla", "blai", "blai r", "bl", "b", "bla"] {
        let shown = rows(searcher.search(&catalog, query, &Default::default(), NEVER).unwrap(), &titles);
        assert_eq!(shown, exhaustive(&titles[..10_000], query), "{query}");
    }
    for title in &titles[10_000..] {
        catalog.write().unwrap().push(Entry {
            id: String::new(),
            title: title.clone(),
            location: Location { origin: 0, offset: 0 },
            raw_path: None,
            version: 0,
            size: 0,
            modified: 0,
            tags: vec![],
        });
    }
    // Grown from the kept tails of "bla" where they were kept, matched whole where the catalog grew.
    let grown = searcher.search(&catalog, "blair", &Default::default(), NEVER).unwrap();
    assert_eq!(grown.covered, 30_000);
    assert_eq!(rows(grown, &titles), exhaustive(&titles, "blair"));
    catalog.write().unwrap().replace(catalog_of(&titles[..5]));
    assert_eq!(
        rows(searcher.search(&catalog, "bl", &Default::default(), NEVER).unwrap(), &titles),
        exhaustive(&titles[..5], "bl")
    );
}

#[test]
fn a_cancelled_search_gives_nothing_and_an_empty_query_everything() {
    let titles = generate::titles(1, 1_000);
    let catalog = RwLock::new(catalog_of(&titles));
    assert_eq!(Searcher::default().search(&catalog, "so", &Default::default(), &|| true), None);
    let all = Searcher::default().search(&catalog, "  ", &Default::default(), NEVER).unwrap();
    assert_eq!((all.len(), all.get(999), all.get(1000)), (1000, Some(999), None));
}

#[test]
fn the_engine_answers_the_newest_request() {
    let titles = generate::titles(5, 200_000);
    let catalog = catalog_of(&titles).shared();
    let (tx, rx) = std::sync::mpsc::channel();
    let engine = Engine::spawn(catalog, crate::worker::forward(&tx, |ranked| ranked)).unwrap();
    for (generation, query) in ["s", "so", "son", "sony"].into_iter().enumerate() {
        engine.request(MatchRequest {
            generation: generation as u64 + 1,
            query: query.into(),
            shape: Default::default(),
        });
    }
    let last = loop {
        let ranked = rx.recv_timeout(std::time::Duration::from_secs(20)).unwrap();
        if ranked.generation == 4 {
            break ranked;
        }
    };
    assert_eq!(last.ranking.query, "sony");
    assert_eq!(rows(last.ranking, &titles), exhaustive(&titles, "sony"));
}

#[test]
fn id_terms_rank_as_the_reference_ranks_them() {
    let titles = generate::titles(11, 3_000);
    let folders = ["sport", "business", "tech/gadgets", "tech/web"];
    let ids: Vec<String> = (0..titles.len()).map(|i| format!("{}/{i:04}", folders[i % folders.len()])).collect();
    let mut catalog = Catalog::new(vec![crate::store::Origin::Builtin]);
    for (title, id) in titles.iter().zip(&ids) {
        let location = Location { origin: 0, offset: 0 };
        catalog.push(Entry {
            id: id.clone(),
            title: title.clone(),
            location,
            raw_path: None,
            version: 0,
            size: 0,
            modified: 0,
            tags: vec![],
        });
    }
    let catalog = RwLock::new(catalog);
    for query in ["sport/ blair", "tech/ !gadgets/", "/web | sport/ sony", "!^sport/ deal", "gadg/ ^s", "/00"] {
        let mut searcher = Searcher::default();
        let mut last = None;
        for end in query.char_indices().map(|(i, c)| i + c.len_utf8()) {
            last = searcher.search(&catalog, &query[..end], &Default::default(), NEVER);
        }
        let mut ranking = last.unwrap();
        ranking.settle(usize::MAX, &catalog.read().unwrap(), &Matcher);
        let shown: Vec<u32> = (0..ranking.len()).map(|r| ranking.get(r).unwrap()).collect();
        let pairs = titles.iter().map(String::as_str).zip(ids.iter().map(String::as_str));
        let expected = Matcher.reference_rank(&Query::parse(query), pairs);
        assert!(!expected.is_empty(), "{query:?} matches something");
        assert_eq!(shown, expected, "{query:?}");
    }
}

#[test]
fn a_catalog_swapped_in_during_a_search_ends_it() {
    let titles: Vec<String> = (0..60_000).map(|i| format!("story number {i}")).collect();
    let catalog = RwLock::new(catalog_of(&titles));
    let few: Vec<String> = (0..10).map(|i| format!("other {i}")).collect();
    let swapped = std::sync::atomic::AtomicBool::new(false);
    // The first chunk to look swaps a shorter catalog in, as the app does on a reload: the
    // positions being matched are no longer its positions.
    let swap = || {
        if !swapped.swap(true, std::sync::atomic::Ordering::SeqCst) {
            catalog.write().unwrap().replace(catalog_of(&few));
        }
        false
    };
    for query in ["story", "story 5", "'number"] {
        swapped.store(false, std::sync::atomic::Ordering::SeqCst);
        *catalog.write().unwrap() = catalog_of(&titles);
        assert!(Searcher::default().search(&catalog, query, &Default::default(), &swap).is_none(), "{query}");
    }
}
