//! Tests of text search in the app: the toggle, the searcher's answers, the words followed into the reader.

use super::*;
use crate::action::Action;
use crate::app::{Event, Loading};
use crate::config::Config;
use crate::fulltext::TextFound;
use crate::search::{Ranked, Ranking};
use crate::testing::catalog_of;

fn app() -> App {
    let catalog = catalog_of(&["Oil prices fall", "Gas prices rise", "Cup final"]).shared();
    let mut app = App::new(catalog, Loading { found: 3, done: false }, Config::default());
    let _ = app.update([Event::Resize(100, 30)]);
    app
}

fn found(generation: u64, query: &str, rows: &[u32]) -> Event {
    let (rows, matches) = (rows.iter().map(|&i| (i, None)).collect(), rows.len());
    Event::Text(TextEvent::Found(TextFound { generation, query: query.into(), epoch: 0, rows, matches }))
}

fn rows(app: &App) -> Vec<u32> {
    (0..app.list.ranking().len()).filter_map(|r| app.list.ranking().get(r)).collect()
}

#[test]
fn text_queries_go_to_the_text_searcher_and_the_newest_answer_wins() {
    let mut app = app();
    let step = app.update([Action::ToggleTextSearch, Action::Insert('o'), Action::Insert('i')]);
    let asked = step.requests.text.expect("a text request");
    assert_eq!((asked.query.as_str(), asked.loaded), ("oi", false), "one request for the burst, before the load ends");
    assert!(step.requests.matching.is_none(), "titles are not matched");
    assert!(rows(&app).is_empty(), "no rows until an answer: store order is no answer to words");
    let _ = app.update([found(asked.generation, "oi", &[0])]);
    assert_eq!(rows(&app), [0]);
    // The next query: the list keeps its last result until its answer arrives.
    let newer = app.update([Action::Insert('l')]).requests.text.unwrap();
    assert_eq!(rows(&app), [0]);
    let _ = app.update([found(newer.generation, "oil", &[0, 1])]);
    assert_eq!(rows(&app), [0, 1]);
    let _ = app.update([found(asked.generation, "oi", &[2])]);
    assert_eq!(rows(&app), [0, 1], "an older answer, late, is not shown");
    // A title ranking asked before the switch is stale in text search, and back in title search
    // a text answer is.
    let late = Ranked { generation: newer.generation + 5, ranking: Ranking::all("oil", 0, 3) };
    let step = app.update([Action::ToggleTextSearch]);
    let title_request = step.requests.matching.expect("titles matched again");
    let _ = app.update([found(newer.generation, "oil", &[2])]);
    assert!(!rows(&app).contains(&2), "a text answer in title search");
    let _ = app.update([Event::Ranked(Ranked { generation: title_request.generation, ..late })]);
    assert_eq!(rows(&app).len(), 3);
}

#[test]
fn the_end_of_the_load_brings_the_index_up_to_date() {
    let mut app = app();
    let step = app.update([Event::Load(crate::store::LoadEvent::Done)]);
    assert_eq!(
        step.requests.text,
        Some(TextRequest { generation: 0, query: String::new(), loaded: true, ..TextRequest::default() })
    );
    let _ = app.update([Event::Text(TextEvent::Indexing { done: 40, total: 100 })]);
    assert_eq!(app.text_index, TextIndexState::Indexing { done: 40, total: 100 });
    // So it is in text search before anything is typed.
    let mut app = self::app();
    let _ = app.update([Action::ToggleTextSearch]);
    let step = app.update([Event::Load(crate::store::LoadEvent::Done)]);
    assert_eq!(step.requests.text.map(|r| r.loaded), Some(true));
    // In text search, the query is asked again of the whole store.
    let mut app = self::app();
    let _ = app.update([Action::ToggleTextSearch, Action::Insert('c')]);
    let step = app.update([Event::Load(crate::store::LoadEvent::Done)]);
    let request = step.requests.text.unwrap();
    assert_eq!((request.query.as_str(), request.loaded), ("c", true));
}

#[test]
fn reading_a_result_looks_for_the_words() {
    let mut app = app();
    let step = app.update([Action::ToggleTextSearch, Action::Insert('o'), Action::Insert('i'), Action::Insert('l')]);
    let generation = step.requests.text.unwrap().generation;
    let _ = app.update([found(generation, "oil", &[0, 1])]);
    assert!(app.find.as_ref().is_some_and(|f| f.words && f.pattern == "oil" && f.pending));
    let _ = app.update([Action::Cancel]);
    assert!(app.find.is_none(), "a cleared query looks for no words");
    let _ = app.update([Action::Insert('g'), Action::ToggleTextSearch]);
    assert!(app.find.is_none(), "title search looks for no words");
}
