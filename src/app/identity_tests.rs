//! A replaced catalog is never read with old positions: articles are known by id and version.

use crate::action::{Action, Amount, Direction};
use crate::app::{App, Event, Focus, Loading};
use crate::config::Config;
use crate::search::{Ranked, Searcher};
use crate::store::{self, LoadOptions, ScratchDir, origins_for};
use crate::testing::update_inline;

fn store(dir: &ScratchDir, names: &[&str]) -> App {
    crate::testing::app_on_articles(dir, names, (80, 24))
}

fn selected_id(app: &App) -> Option<String> {
    app.selected_article().map(|i| app.catalog.read().unwrap().id(i as usize).to_owned())
}

fn screen(app: &App) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| crate::ui::render(app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer.content().chunks(80).map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n").collect()
}

#[test]
fn deleting_the_article_read_last_in_store_order_selects_its_neighbour() {
    let dir = ScratchDir::new("identity-delete");
    let mut app = store(&dir, &["a", "b", "c"]);
    let down = Action::Select(Direction::Down, Amount::Line);
    update_inline(&mut app, [down, down, Action::Open, Action::Scroll(Direction::Down, Amount::Page)]);
    assert_eq!(selected_id(&app).as_deref(), Some("c"));
    // A ranking the matcher made of the old catalog, answering after the reload: the crash
    // of folio 0.2 (an old position read in the new catalog while noting the place).
    let old = Searcher::default().search(&app.catalog, "title", &Default::default(), &|| false).unwrap();
    std::fs::remove_file(dir.join("c.txt")).unwrap();
    update_inline(&mut app, [Action::Reload]);
    update_inline(&mut app, [Event::Ranked(Ranked { generation: u64::MAX, ranking: old })]);
    assert_eq!(selected_id(&app).as_deref(), Some("b"), "the article before it, as the list now ends");
    assert_eq!(app.focus(), Focus::List, "nothing is opened in its place");
    assert_eq!(app.flash.as_deref(), Some("the article read is gone from the store"));
    assert!(app.remembered.memory.article("/s", "c").place.is_some(), "its place was noted before it went");
    assert_eq!(app.list.ranking().len(), 2);
    assert!(screen(&app).contains("Title b"));
}

#[test]
fn a_renamed_article_and_one_edited_are_read_again_by_id() {
    let dir = ScratchDir::new("identity-rename");
    let mut app = store(&dir, &["a", "b", "c"]);
    update_inline(&mut app, [Action::Select(Direction::Down, Amount::Line)]);
    let before = app.selected_ref().cloned().unwrap();
    // b edited (another length: another version), a renamed above it.
    std::fs::write(dir.join("b.txt"), "Title b\n\nNew text of b.\n").unwrap();
    std::fs::rename(dir.join("a.txt"), dir.join("z.txt")).unwrap();
    update_inline(&mut app, [Action::Reload]);
    let after = app.selected_ref().cloned().unwrap();
    assert_eq!((&*after.id, after.id == before.id), ("b", true));
    assert_ne!(after.version, before.version, "a new version");
    assert_eq!(app.page().unwrap().lines.iter().filter(|l| l.text.contains("New text of b.")).count(), 1);
    assert_eq!(app.selected_article(), Some(0), "b is first now");
}

#[test]
fn a_folder_that_goes_is_shown_gone_then_comes_back() {
    let dir = ScratchDir::new("identity-gone");
    let store_dir = dir.join("store");
    std::fs::create_dir(&store_dir).unwrap();
    let sub = ScratchDir::new("identity-gone-files");
    let mut app = {
        let app = store(&sub, &["a", "b"]);
        drop(app);
        std::fs::rename(sub.join("a.txt"), store_dir.join("a.txt")).unwrap();
        std::fs::rename(sub.join("b.txt"), store_dir.join("b.txt")).unwrap();
        let (catalog, _) = store::load_catalog(origins_for(std::slice::from_ref(&store_dir)), LoadOptions::default());
        let mut app = App::new(catalog, Loading { found: 2, done: true }, Config::default());
        update_inline(&mut app, [Event::Resize(80, 24)]);
        app
    };
    update_inline(&mut app, [Action::Open]);
    std::fs::rename(&store_dir, dir.join("elsewhere")).unwrap();
    update_inline(&mut app, [Action::Reload]);
    assert_eq!((app.list.ranking().len(), app.selected_article()), (0, None));
    let shown = screen(&app);
    assert!(shown.contains("folder gone"), "{shown}");
    std::fs::rename(dir.join("elsewhere"), &store_dir).unwrap();
    update_inline(&mut app, [Action::Reload]);
    assert_eq!(app.list.ranking().len(), 2);
    assert!(app.gone.is_empty() && !screen(&app).contains("folder gone"));
}

#[test]
fn a_reload_neither_stamps_opened_again_nor_forgets_unread() {
    let dir = ScratchDir::new("identity-marks");
    let mut app = store(&dir, &["a", "b"]);
    update_inline(&mut app, [Action::Open, Action::ToggleRead, Action::ToggleRead]);
    let before = app.remembered.memory.article("/s", "a");
    assert!(!before.read && before.opened > 0);
    app.remembered.memory.update_article("/s", "a", |a| a.opened = 1);
    std::fs::write(dir.join("c.txt"), "Title c\n\nMore.\n").unwrap();
    update_inline(&mut app, [Action::Reload]);
    assert_eq!(app.focus(), Focus::Reader, "the same article is still read");
    update_inline(&mut app, [Action::Scroll(Direction::Down, Amount::All), Action::Back]);
    let after = app.remembered.memory.article("/s", "a");
    assert_eq!(after.opened, 1, "not opened again by a reload");
    assert!(!after.read, "marked unread in this reading: not read again by reaching the end");
}

#[test]
fn an_idle_folio_quitting_last_leaves_the_other_folios_place() {
    let dir = ScratchDir::new("identity-idle");
    let state = dir.join("state.json");
    let mut reader = store(&dir, &["a", "b", "c"]);
    let mut idle = store(&dir, &["a", "b", "c"]);
    let down = Action::Select(Direction::Down, Amount::Line);
    update_inline(&mut reader, [down, Action::Open, Action::Scroll(Direction::Down, Amount::Page), Action::Quit]);
    crate::state::save(&state, &mut reader.remembered.memory).unwrap();
    update_inline(&mut idle, [Event::Resize(100, 30)]);
    update_inline(&mut idle, [Action::Quit]);
    crate::state::save(&state, &mut idle.remembered.memory).unwrap();
    let saved = crate::state::load(&state).state;
    assert_eq!(saved.stores["/s"].article.as_deref(), Some("b"), "where the reader was, not the idle one's first");
}

#[test]
fn the_place_survives_any_sequence_of_sizes() {
    let dir = ScratchDir::new("identity-sizes");
    let mut app = store(&dir, &["a"]);
    update_inline(&mut app, [Event::Resize(100, 30)]);
    update_inline(&mut app, [Action::Open, Action::Scroll(Direction::Down, Amount::Page)]);
    update_inline(&mut app, [Action::Scroll(Direction::Down, Amount::Page)]);
    let paragraph = |app: &App| app.page().map(|page| page.lines[app.reader.top()].block);
    let before = paragraph(&app).unwrap();
    assert!(before > 5);
    // Through "too small" to other sizes, and back: the same paragraph on top.
    for (columns, rows) in [(5, 3), (70, 20), (3, 2), (1, 1), (40, 12), (120, 40), (2, 50), (100, 30)] {
        update_inline(&mut app, [Event::Resize(columns, rows)]);
        if let Some(now) = paragraph(&app) {
            assert_eq!(now, before, "at {columns}x{rows}");
        }
    }
    assert_eq!(paragraph(&app), Some(before));
}

#[test]
fn a_paste_is_one_edit_and_a_burst_of_keys_asks_once() {
    use crate::app::Input;
    let titles: Vec<String> = (0..5000).map(|i| format!("Title number {i} of the store")).collect();
    let catalog = crate::testing::catalog_of(&titles).shared();
    let mut app = App::new(catalog, Loading { found: titles.len(), done: true }, Config::default());
    update_inline(&mut app, [Event::Resize(100, 30)]);
    let pasted = "word and\nanother\tline ".repeat(300);
    let step = app.update([Input::Paste(pasted.clone())]);
    let first = step.requests.matching.expect("one ranking asked for").generation;
    let query = app.list.query().text().to_owned();
    assert!(!query.contains(['\n', '\t']), "line breaks and tabs are spaces");
    assert_eq!(query.split_whitespace().collect::<Vec<_>>(), pasted.split_whitespace().collect::<Vec<_>>());
    assert_eq!(app.list.query().cursor(), query.chars().count());
    // Three thousand keys in one burst: one request, for the last query.
    let keys: Vec<Input> =
        (0..3000).map(|i| Input::Action(Action::Insert(if i % 7 == 0 { ' ' } else { 'x' }))).collect();
    let step = app.update(keys);
    assert_eq!(step.requests.matching.map(|r| r.generation), Some(first + 1));
    // Ctrl-U: the whole list at once, nothing to wait for.
    let step = app.update([Action::Delete(crate::action::Deletion::ToStart)]);
    assert!(step.requests.matching.is_none());
    assert_eq!((app.list.query().text(), app.list.ranking().len()), ("", titles.len()));
    // A paste in the reader is no key: nothing happens.
    update_inline(&mut app, [Action::Open]);
    assert!(!app.update([Input::Paste("q".into())]).redraw);
    assert_eq!(app.focus(), Focus::Reader);
}

#[test]
fn moving_to_another_article_and_ctrl_z_ask_for_a_save() {
    let dir = ScratchDir::new("identity-saves");
    let mut app = store(&dir, &["a", "b"]);
    update_inline(&mut app, [Action::Open, Action::Scroll(Direction::Down, Amount::Page)]);
    // J in the reader: the place in a is noted and saved, off the UI thread.
    let step = app.update([Action::Select(Direction::Down, Amount::Line)]);
    assert!(step.requests.save, "leaving an article read saves");
    assert!(app.remembered.memory.article("/s", "a").place.is_some());
    let fetched = step.requests.fetch.expect("b asked for").fetch(&app.catalog);
    update_inline(&mut app, [Event::Fetched(Box::new(fetched))]);
    let step = app.update([Action::Scroll(Direction::Down, Amount::Page)]);
    assert!(!step.requests.save, "scrolling saves nothing");
    // Ctrl-Z: saved before the stop, whatever changed.
    let step = app.update([Action::Suspend]);
    assert!(step.requests.save && step.requests.suspend);
    let b = app.remembered.memory.article("/s", "b");
    assert!(b.place.is_some(), "b's place noted first: {b:?}");
}

#[test]
fn rows_cleared_for_another_search_leave_nothing_selected_to_read() {
    let dir = ScratchDir::new("identity-cleared");
    let mut app = store(&dir, &["a", "b"]);
    update_inline(&mut app, "title".chars().map(Action::Insert).collect::<Vec<_>>());
    assert!(app.page().is_some());
    // Ctrl-T with a query: the title rows are no answer of the text search; until it answers
    // nothing is selected, and the reader shows no article beside the empty list.
    let _ = app.update([Action::ToggleTextSearch]);
    assert_eq!((app.list.ranking().len(), app.selected_article()), (0, None));
    assert!(app.selected_ref().is_none() && app.page().is_none() && app.body().is_none());
    assert!(screen(&app).contains("nothing selected"));
}

#[test]
fn the_current_search_hit_stays_on_its_words_when_the_article_is_edited() {
    let dir = ScratchDir::new("identity-find");
    let paragraphs: Vec<String> = (0..30).map(|i| format!("Paragraph {i} mentions the needle once.")).collect();
    std::fs::write(dir.join("a.txt"), format!("Alpha\n\n{}\n", paragraphs.join("\n\n"))).unwrap();
    let origins = origins_for(&[dir.to_path_buf()]);
    let (catalog, _) = store::load_catalog(origins, LoadOptions::default());
    let mut app = App::new(catalog, Loading { found: 1, done: true }, Config::default());
    update_inline(&mut app, [Event::Resize(80, 24)]);
    update_inline(&mut app, [Action::Open, Action::Find]);
    update_inline(&mut app, "needle".chars().map(Action::Insert).chain([Action::Open]));
    let next = Action::FindHit(Direction::Down);
    update_inline(&mut app, [next, next, next]);
    let current = |app: &App| {
        let find = app.find.as_ref().unwrap();
        let line = find.hits[find.current].line();
        app.page().unwrap().lines[line].text.clone()
    };
    assert_eq!(current(&app), "Paragraph 3 mentions the needle once.");
    // Five paragraphs with the word written in before it, from another shell.
    let added: Vec<String> = (0..5).map(|i| format!("New {i}: a needle too.")).collect();
    std::fs::write(dir.join("a.txt"), format!("Alpha\n\n{}\n\n{}\n", added.join("\n\n"), paragraphs.join("\n\n")))
        .unwrap();
    update_inline(&mut app, [Action::Reload]);
    assert_eq!(current(&app), "Paragraph 3 mentions the needle once.", "the same words, now the 9th hit");
    assert_eq!(app.find.as_ref().unwrap().current, 8);
}
