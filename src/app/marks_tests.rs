use crate::action::Action;
use crate::app::{App, Event, Loading};
use crate::config::Config;
use crate::search::shape::SortOrder;
use crate::state::{Memory, Place};
use crate::store::{self, LoadOptions, ScratchDir, origins_for};
use crate::testing::update_inline;
use std::time::{Duration, SystemTime};

/// Articles a to d, d the longest and the newest, in a store where a is read, b started
/// and starred, c read and starred, d never opened.
fn app(dir: &ScratchDir) -> App {
    let titles = [("a", "Zebra crossing"), ("b", "apple harvest"), ("c", "Mango season"), ("d", "Banana split")];
    for (i, (id, title)) in titles.iter().enumerate() {
        let path = dir.join(format!("{id}.txt"));
        std::fs::write(&path, format!("{title}\n\nWords about fruit{}.\n", " and more".repeat(i * 3))).unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + 1000 * i as u64)).unwrap();
    }
    let mut memory = Memory::default();
    memory.update_article("/s", "a", |a| (a.read, a.opened) = (true, 30));
    memory.update_article("/s", "b", |a| {
        (a.starred, a.place, a.progress, a.opened) = (true, Some(Place::default()), 40, 50)
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
        (SortOrder::Newest, ["d", "c", "b", "a"]),
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
