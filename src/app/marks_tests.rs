//! Tests of marks in use: filters, sort orders, the unread count, and places kept across queries and reloads.

use crate::action::Action;
use crate::app::{App, Event, Loading};
use crate::config::Config;
use crate::search::shape::SortOrder;
use crate::state::Memory;
use crate::store::{self, LoadOptions, ScratchDir, origins_for};
use crate::testing::update_inline;
use std::time::{Duration, SystemTime};

/// Articles a to d, d the longest and b the newest (sizes and times in other orders, so that
/// sorting by one cannot pass for the other), in a store where a is read, b started and
/// starred, c read and starred, d never opened.
fn app(dir: &ScratchDir) -> App {
    let titles = [("a", "Zebra crossing"), ("b", "apple harvest"), ("c", "Mango season"), ("d", "Banana split")];
    for (i, (id, title)) in titles.iter().enumerate() {
        let path = dir.join(format!("{id}.txt"));
        std::fs::write(&path, format!("{title}\n\nWords about fruit{}.\n", " and more".repeat(i * 3))).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        let age = [2, 4, 1, 3][i];
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + 1000 * age)).unwrap();
    }
    let mut memory = Memory::default();
    memory.update_article("/s", "a", |a| (a.read, a.opened) = (true, 30));
    memory.update_article("/s", "b", |a| {
        (a.starred, a.place, a.progress, a.opened) = (true, Some(crate::document::Anchor::default()), 40, 50)
    });
    memory.update_article("/s", "c", |a| (a.read, a.starred, a.opened) = (true, true, 10));
    let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
    let mut app = App::new(catalog, Loading { found: 4, done: true }, Config::default());
    app.remember(memory, "/s".into());
    update_inline(&mut app, [Event::Resize(120, 30)]);
    app
}

fn rows(app: &App) -> Vec<String> {
    let catalog = app.catalog.read().unwrap();
    let ranking = app.list.ranking();
    (0..ranking.len()).map(|row| catalog.id(ranking.get(row).unwrap() as usize).to_owned()).collect()
}

fn typed(app: &mut App, query: &str) -> Vec<String> {
    update_inline(app, [Action::Cancel]);
    update_inline(app, query.chars().map(Action::Insert).collect::<Vec<_>>());
    rows(app)
}

#[test]
fn mark_filters_combine_with_each_other_and_the_query() {
    let dir = ScratchDir::new("app-filters");
    let mut app = app(&dir);
    assert_eq!(typed(&mut app, ":unread"), ["b", "d"]);
    assert_eq!(typed(&mut app, ":read"), ["a", "c"]);
    assert_eq!(typed(&mut app, ":starred"), ["b", "c"]);
    assert_eq!(typed(&mut app, ":reading"), ["b"]);
    assert_eq!(typed(&mut app, "!:starred :unread"), ["d"]);
    assert_eq!(typed(&mut app, ":reading | :read"), ["a", "b", "c"], "either filter of a group");
    assert_eq!(typed(&mut app, ":reading | :read !:starred"), ["a"]);
    assert_eq!(typed(&mut app, ":starred mango"), ["c"], "with a title term");
    let mut found = typed(&mut app, "as :unread");
    found.sort();
    assert_eq!(found, ["b", "d"], "Banana split and apple harvest, not Mango season");
    // A mark changed while filtering: the list follows once asked again.
    update_inline(&mut app, [Action::Cancel]);
    let d = app.catalog.read().unwrap().find("d").unwrap() as u32;
    app.change_article(d, |a| a.starred = true);
    assert_eq!(typed(&mut app, ":starred"), ["b", "c", "d"]);
    // Text search filters the same way, inside the index.
    update_inline(&mut app, [Action::Cancel, Action::ToggleTextSearch]);
    assert_eq!(typed(&mut app, "fruit").len(), 4);
    let mut found = typed(&mut app, "fruit :unread");
    found.sort();
    assert_eq!(found, ["b", "d"]);
    assert_eq!(typed(&mut app, ":read"), ["a", "c"], "filters alone list their articles");
    let mut found = typed(&mut app, "fruit :reading | :read");
    found.sort();
    assert_eq!(found, ["a", "b", "c"], "a group of filters in the index");
    assert!(app.find.as_ref().is_some_and(|f| f.pattern.contains("fruit")), "the words followed into the reader");
    typed(&mut app, ":read");
    assert!(app.find.is_none(), "filters alone: nothing to find");
}

#[test]
fn the_unread_count_follows_the_marks() {
    let dir = ScratchDir::new("app-unread");
    let mut app = app(&dir);
    assert_eq!(app.unread(), 2, "a and c are read");
    update_inline(&mut app, [Action::Open]);
    let first = app.catalog.read().unwrap().id(app.selected_article().unwrap() as usize).to_owned();
    update_inline(&mut app, [Action::ToggleRead]);
    assert_eq!(app.unread(), if first == "a" || first == "c" { 3 } else { 1 }, "{first}");
    update_inline(&mut app, [Action::ToggleRead]);
    assert_eq!(app.unread(), 2);
}

#[test]
fn sort_orders_cycle_and_are_remembered_and_relevance_wins() {
    let dir = ScratchDir::new("app-orders");
    let mut app = app(&dir);
    assert_eq!(rows(&app), ["a", "b", "c", "d"], "store order");
    let mut seen = Vec::new();
    for _ in 0..5 {
        update_inline(&mut app, [Action::CycleOrder]);
        seen.push((app.list.order(), rows(&app)));
    }
    let expected = [
        (SortOrder::Recent, ["b", "a", "c", "d"]),
        (SortOrder::Title, ["b", "d", "c", "a"]),
        (SortOrder::Longest, ["d", "c", "b", "a"]),
        (SortOrder::Newest, ["b", "d", "a", "c"]),
        (SortOrder::Store, ["a", "b", "c", "d"]),
    ];
    let expected: Vec<(SortOrder, Vec<String>)> =
        expected.iter().map(|(o, r)| (*o, r.iter().map(|s| s.to_string()).collect())).collect();
    assert_eq!(seen, expected);
    update_inline(&mut app, [Action::CycleOrder, Action::CycleOrder]);
    assert_eq!(app.order_applied(), Some(SortOrder::Title));
    assert_eq!(typed(&mut app, ":unread"), ["b", "d"], "filters keep the order");
    assert_eq!(typed(&mut app, "zebra"), ["a"]);
    assert_eq!(app.order_applied(), None, "with a term, relevance decides");
    assert_eq!(typed(&mut app, "a"), typed_in_store_order(&dir, "a"));
    update_inline(&mut app, [Action::Quit]);
    assert_eq!(app.remembered.memory.store("/s").unwrap().order, SortOrder::Title);
}

fn typed_in_store_order(dir: &ScratchDir, query: &str) -> Vec<String> {
    let mut other = app(dir);
    typed(&mut other, query)
}

/// An app on the articles `names`, each long enough to scroll, at 120x30.
fn long_store(dir: &ScratchDir, names: &[&str]) -> App {
    crate::testing::app_on_articles(dir, names, (120, 30))
}

fn selected_id(app: &App) -> String {
    app.catalog.read().unwrap().id(app.selected_article().unwrap() as usize).to_owned()
}

#[test]
fn a_query_that_keeps_the_article_keeps_the_place() {
    use crate::action::{Amount, Direction};
    let dir = ScratchDir::new("app-query-place");
    let mut app = long_store(&dir, &["b", "c"]);
    update_inline(&mut app, [Action::Open, Action::Scroll(Direction::Down, Amount::Page), Action::Back]);
    let top = app.reader.top();
    assert!(top > 0);
    update_inline(&mut app, "title b".chars().map(Action::Insert).collect::<Vec<_>>());
    assert_eq!((selected_id(&app), app.reader.top()), ("b".to_owned(), top), "the same article, the same place");
}

#[test]
fn a_file_added_above_keeps_the_selection_on_its_article() {
    let dir = ScratchDir::new("app-reload-select");
    let mut app = long_store(&dir, &["b", "c", "d"]);
    update_inline(&mut app, [Action::Select(crate::action::Direction::Down, crate::action::Amount::Line)]);
    assert_eq!(selected_id(&app), "c");
    std::fs::write(dir.join("a.txt"), "Aardvark\n\nFirst now.\n").unwrap();
    let (fresh, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
    let fresh = store::Replacement(Box::new(std::mem::take(&mut *fresh.write().unwrap())));
    update_inline(&mut app, [Event::Load(store::LoadEvent::Replaced(fresh)), Event::Load(store::LoadEvent::Done)]);
    assert_eq!(selected_id(&app), "c", "by id, not by row");
}

#[test]
fn an_article_to_select_again_waits_for_a_ranking_that_covers_it() {
    use crate::search::{Ranked, Ranking};
    let dir = ScratchDir::new("app-reselect-covered");
    let mut app = long_store(&dir, &["a", "b", "c", "d"]);
    let (catalog, epoch) = (app.catalog.clone(), app.epoch());
    let catalog = catalog.read().unwrap();
    app.list.reselect("d".into());
    // A ranking made while only two articles had loaded arrives after all four have.
    app.list.show(Ranked { generation: 1, ranking: Ranking::all("", epoch, 2) }, &catalog, 10, 30);
    assert_eq!(app.list.selected(), 0, "d is not in it");
    app.list.show(Ranked { generation: 2, ranking: Ranking::all("", epoch, 4) }, &catalog, 10, 30);
    assert_eq!(catalog.id(app.list.selected_article().unwrap() as usize), "d", "selected once covered");
}

#[test]
fn marked_unread_it_is_read_again_when_read_to_its_end_in_another_visit() {
    let dir = ScratchDir::new("app-unmark");
    std::fs::write(dir.join("a.txt"), "Short\n\nOne line.\n").unwrap();
    std::fs::write(dir.join("b.txt"), "Other\n\nAnother line.\n").unwrap();
    let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
    let mut app = App::new(catalog, Loading { found: 2, done: true }, Config::default());
    app.remember(Memory::default(), "/s".into());
    update_inline(&mut app, [Event::Resize(120, 30)]);
    let read = |app: &App| app.remembered.memory.article("/s", "a").read;
    update_inline(&mut app, [Action::Open, Action::Back]);
    assert!(read(&app), "shown to its end: read, and the row says so at once");
    update_inline(&mut app, [Action::Open, Action::ToggleRead, Action::Back]);
    assert!(!read(&app), "marked unread: it stays so while this reading lasts");
    assert_eq!(app.flash.as_deref(), None, "the flash went with the next key");
    update_inline(&mut app, [Action::Open]);
    update_inline(&mut app, [Action::Back]);
    assert!(read(&app), "opened again and read to its end: read again");
}

#[test]
fn space_through_a_long_article_shows_its_end_then_goes_on() {
    let dir = ScratchDir::new("app-space-long");
    let mut app = long_store(&dir, &["a", "b"]);
    update_inline(&mut app, [Action::Open]);
    let mut presses = 0;
    while selected_id(&app) == "a" && presses < 50 {
        update_inline(&mut app, [Action::PageOrNextUnread]);
        presses += 1;
        let lines = app.page().unwrap().lines.len();
        if selected_id(&app) == "a" && app.reader.top() + app.panes().unwrap().reader_rows() > lines {
            // The `(end)` row is on screen: the next Space goes on.
            update_inline(&mut app, [Action::PageOrNextUnread]);
            break;
        }
    }
    assert_eq!(selected_id(&app), "b", "on to the next unread article after {presses} pages");
    assert!(app.remembered.memory.article("/s", "a").read);
}

#[test]
fn a_tag_filter_keeps_the_tagged_notes_and_follows_the_store_as_it_changes() {
    let dir = ScratchDir::new("marks-tags");
    std::fs::write(dir.join("a.md"), "---\ntags: [rust]\n---\n# A\n").unwrap();
    std::fs::write(dir.join("b.md"), "# B\n\nOn #Rust.\n").unwrap();
    std::fs::write(dir.join("c.md"), "# C\n").unwrap();
    let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
    let mut app = App::new(catalog, Loading { found: 3, done: true }, Config::default());
    app.remember(Memory::default(), "/s".into());
    update_inline(&mut app, [Event::Resize(120, 30)]);
    update_inline(&mut app, ":tag:rust".chars().map(Action::Insert));
    assert_eq!(rows(&app), ["a", "b"]);
    // c tagged on disk: a reload brings its tag, and the filter keeps it.
    std::fs::write(dir.join("c.md"), "---\ntags: rust\n---\n# C\n").unwrap();
    update_inline(&mut app, [Action::Reload]);
    assert_eq!(rows(&app), ["a", "b", "c"]);
}
