//! Unit tests of `App::update`: key flows, scrolling, resizing and loading.

use super::*;
use crate::search::Searcher;
use crate::store::{self, Catalog, LoadOptions, origins_for};
use std::path::PathBuf;

/// A folder of articles with these titles and 40 paragraphs each, unique to the test.
fn folder(name: &str, titles: &[&str]) -> PathBuf {
    let dir = store::scratch_dir(&format!("app-{name}"));
    let body: Vec<String> = (0..40).map(|i| format!("Paragraph {i} has a few words in it to wrap.")).collect();
    for (i, title) in titles.iter().enumerate() {
        std::fs::write(dir.join(format!("{i}.txt")), format!("{title}\n\n{}", body.join("\n\n"))).unwrap();
    }
    dir
}

fn app_named(name: &str, titles: &[&str]) -> App {
    let dir = folder(name, titles);
    let (catalog, _) = store::load_catalog(origins_for(&[dir]), LoadOptions { use_index: false });
    let mut app = App::new(catalog, Loading { found: titles.len(), done: true });
    app.update(Action::Resize(120, 40));
    app.fulfil_inline();
    app
}

macro_rules! app_with {
    ($titles:expr) => {
        app_named(&format!("{}-{}", module_path!().replace("::", "-"), line!()), $titles)
    };
}

/// Applies actions as the event loop does, with the worker threads' answers done inline.
fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.update(action);
    }
    app.settle();
    app.fulfil_inline();
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

fn shown_titles(app: &App) -> Vec<String> {
    let catalog = app.catalog.read().unwrap();
    (0..app.ranking.len()).map(|r| catalog.title(app.ranking.get(r).unwrap() as usize).to_owned()).collect()
}

#[test]
fn typing_ranks_and_backspace_restores() {
    let mut app = app_with!(&["Sony hack", "Blair wins", "Tony Blair speaks"]);
    apply(&mut app, [Action::ListDown]);
    assert_eq!(app.selected, 1);
    apply(&mut app, typed("blair"));
    assert_eq!(shown_titles(&app), ["Blair wins", "Tony Blair speaks"]);
    assert_eq!(app.selected, 0, "a new query starts at the top, as in fzf");
    apply(&mut app, [Action::DeleteWord]);
    assert_eq!(shown_titles(&app).len(), 3);
}

#[test]
fn esc_clears_the_query_then_quits() {
    let mut app = app_with!(&["a"]);
    apply(&mut app, typed("x"));
    assert!(app.ranking.is_empty());
    apply(&mut app, [Action::Cancel]);
    assert_eq!((app.query.text(), app.exit), ("", None));
    apply(&mut app, [Action::Cancel]);
    assert_eq!(app.exit, Some(0));
}

#[test]
fn the_reader_opens_only_on_an_article() {
    let mut app = app_with!(&["a"]);
    apply(&mut app, typed("zz"));
    apply(&mut app, [Action::Open]);
    assert_eq!(app.focus, Focus::List);
    apply(&mut app, [Action::DeleteToStart, Action::Open]);
    assert_eq!(app.focus, Focus::Reader);
    apply(&mut app, [Action::Back]);
    assert_eq!(app.focus, Focus::List);
}

#[test]
fn scrolling_is_clamped_to_the_article() {
    let mut app = app_with!(&["a", "b"]);
    apply(&mut app, [Action::Open, Action::ScrollUp]);
    assert_eq!(app.reader_top, 0);
    apply(&mut app, [Action::ScrollBottom]);
    let lines = app.layout().unwrap().lines.len();
    let view = usize::from(app.panes().unwrap().reader.height);
    assert_eq!(app.reader_top, lines - view);
    apply(&mut app, [Action::ScrollDown, Action::ScrollPageDown]);
    assert_eq!(app.reader_top, lines - view);
    apply(&mut app, [Action::ScrollHalfUp]);
    assert_eq!(app.reader_top, lines - view - view.div_ceil(2));
    apply(&mut app, [Action::ListDown]);
    assert_eq!(app.reader_top, 0, "the next article opens at its top");
}

#[test]
fn resizing_keeps_the_top_paragraph_in_view() {
    let mut app = app_with!(&["a"]);
    apply(&mut app, [Action::Open, Action::ScrollPageDown, Action::ScrollPageDown]);
    let layout = app.layout().unwrap();
    let paragraph = layout.lines[app.reader_top].paragraph;
    assert!(paragraph > 3);
    apply(&mut app, [Action::Resize(60, 20)]);
    let layout = app.layout().unwrap();
    assert_eq!(layout.width, 58);
    assert_eq!(app.reader_top, layout.first_line_of(paragraph));
}

#[test]
fn streamed_articles_keep_the_selection() {
    let dir = folder("stream", &["one", "two", "three"]);
    let catalog = Catalog::new(origins_for(&[dir])).shared();
    let mut app = App::new(catalog.clone(), Loading::default());
    apply(&mut app, [Action::Resize(120, 40), Action::Load(LoadEvent::Found(3))]);
    let full = store::load_catalog(catalog.read().unwrap().origins().to_vec(), LoadOptions { use_index: false }).0;
    let full = full.read().unwrap().clone();
    catalog.write().unwrap().replace(full.prefix(2));
    apply(&mut app, [Action::Load(LoadEvent::Appended(2)), Action::ListDown, Action::Open]);
    assert_eq!(app.ranking.len(), 2);
    *catalog.write().unwrap() = full.prefix(3);
    apply(&mut app, [Action::Load(LoadEvent::Appended(3)), Action::Load(LoadEvent::Done)]);
    assert_eq!(app.selected_article(), Some(1));
    assert_eq!(app.focus, Focus::Reader);
    assert!(app.loading.done);
    assert_eq!(app.ranking.len(), 3);
}

#[test]
fn a_newer_ranking_wins_and_older_ones_are_dropped() {
    let mut app = app_with!(&["Sony hack", "Blair wins"]);
    for action in typed("so") {
        app.update(action);
    }
    let requests = app.take_requests();
    let request = requests.matching.unwrap();
    assert_eq!(request.query, "so");
    assert!(requests.body.is_none());
    assert_eq!(app.ranking.query, "", "the list keeps its rows until the new ranking arrives");
    let ranking = Searcher::default().search(&app.catalog, "so", &|| false).unwrap();
    assert!(app.update(Action::Ranked(Ranked { generation: request.generation, ranking })));
    assert_eq!(shown_titles(&app), ["Sony hack"]);
    let stale = Ranked { generation: request.generation - 1, ranking: Ranking::all("s", app.epoch(), 2) };
    assert!(!app.update(Action::Ranked(stale)));
    assert_eq!(shown_titles(&app), ["Sony hack"]);
}

#[test]
fn the_reader_waits_for_the_body_and_shows_read_errors() {
    let mut app = app_with!(&["a", "b"]);
    apply(&mut app, [Action::ListDown]);
    assert!(app.layout().is_some());
    app.update(Action::ListUp);
    app.settle();
    assert!(app.layout().is_some(), "a body read before is kept");
    let dir = app.catalog.read().unwrap().file_path(1).unwrap();
    std::fs::remove_file(dir).unwrap();
    app.update(Action::ListDown);
    app.settle();
    assert!(app.layout().is_some(), "still kept: nothing is read twice");
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls_the_pane_under_it() {
    let mut app = app_with!(&["a", "b", "c"]);
    let panes = app.panes().unwrap();
    apply(&mut app, [Action::Click { column: 2, row: panes.list.y + 2 }]);
    assert_eq!(app.selected, 2);
    apply(&mut app, [Action::Wheel { column: panes.reader.x + 3, row: panes.reader.y, down: true }]);
    assert_eq!((app.selected, app.reader_top), (2, WHEEL_LINES));
    apply(&mut app, [Action::Wheel { column: 1, row: panes.list.y, down: false }]);
    assert_eq!(app.selected, 1);
    apply(&mut app, [Action::Click { column: panes.reader.x + 1, row: panes.reader.y }]);
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn help_toggles_and_its_scroll_is_clamped() {
    let mut app = app_with!(&["a"]);
    apply(&mut app, [Action::ToggleHelp, Action::HelpUp]);
    assert_eq!(app.help, Some(0));
    apply(&mut app, std::iter::repeat_n(Action::HelpDown, 200));
    let rows = usize::from(app.panes().unwrap().help_rows());
    assert_eq!(app.help, Some(crate::keymap::help_lines().len().saturating_sub(rows)));
    apply(&mut app, [Action::CloseHelp]);
    assert_eq!(app.help, None);
}

#[test]
fn list_pages_and_keeps_the_selection_visible() {
    let titles: Vec<String> = (0..100).map(|i| format!("title {i}")).collect();
    let mut app = app_with!(&titles.iter().map(String::as_str).collect::<Vec<_>>());
    let height = usize::from(app.panes().unwrap().list.height);
    apply(&mut app, [Action::ListPageDown, Action::ListPageDown]);
    assert_eq!(app.selected, 2 * height);
    assert!(app.list_top <= app.selected && app.selected < app.list_top + height);
    apply(&mut app, std::iter::repeat_n(Action::ListPageDown, 10));
    assert_eq!(app.selected, 99);
    apply(&mut app, [Action::Resize(60, 12)]);
    let height = usize::from(app.panes().unwrap().list.height);
    assert!(app.list_top <= 99 && 99 < app.list_top + height);
}
