//! Unit tests of `App::update`: key flows, scrolling, resizing and loading.

use super::*;
use crate::action::{CursorMove, Deletion};
use crate::search::Searcher;
use crate::search::{Ranked, Ranking};
use crate::store::LoadEvent;
use crate::store::{self, Catalog, LoadOptions, ScratchDir, origins_for};
use crate::testing::update_inline;
use Amount::{All, HalfPage, Line, Page as FullPage};
use Direction::{Down, Up};

/// A folder of articles with these titles and 40 paragraphs each, unique to the test.
fn folder(name: &str, titles: &[&str]) -> ScratchDir {
    let dir = ScratchDir::new(&format!("app-{name}"));
    let body: Vec<String> = (0..40).map(|i| format!("Paragraph {i} has a few words in it to wrap.")).collect();
    for (i, title) in titles.iter().enumerate() {
        std::fs::write(dir.join(format!("{i}.txt")), format!("{title}\n\n{}", body.join("\n\n"))).unwrap();
    }
    dir
}

/// An app over a folder of these titles, and the folder (removed when that is dropped).
fn app_named(name: &str, titles: &[&str]) -> (App, ScratchDir) {
    let dir = folder(name, titles);
    let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
    let mut app = App::new(catalog, Loading { found: titles.len(), done: true }, Config::default());
    update_inline(&mut app, [Event::Resize(120, 40)]);
    (app, dir)
}

macro_rules! app_with {
    ($titles:expr) => {
        app_named(&format!("{}-{}", module_path!().replace("::", "-"), line!()), $titles)
    };
}

/// Applies actions as the event loop does, with the worker threads' answers done inline.
fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    update_inline(app, actions);
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

fn shown_titles(app: &App) -> Vec<String> {
    let catalog = app.catalog.read().unwrap();
    let ranking = app.list.ranking();
    (0..ranking.len()).map(|r| catalog.title(ranking.get(r).unwrap() as usize).into_owned()).collect()
}

/// The screen as text, for the few app tests whose claim is what the reader shows.
fn screen(app: &App) -> Vec<String> {
    let (columns, rows) = (app.area().width, app.area().height);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(columns, rows)).unwrap();
    terminal.draw(|frame| crate::ui::render(app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..rows).map(|y| (0..columns).map(|x| buffer[(x, y)].symbol()).collect()).collect()
}

#[test]
fn typing_ranks_and_backspace_restores() {
    let (mut app, _dir) = app_with!(&["Sony hack", "Blair wins", "Tony Blair speaks"]);
    apply(&mut app, [Action::Select(Down, Line)]);
    assert_eq!(app.list.selected(), 1);
    apply(&mut app, typed("blair"));
    assert_eq!(shown_titles(&app), ["Blair wins", "Tony Blair speaks"]);
    assert_eq!(app.list.selected(), 0, "a new query starts at the top, as in fzf");
    apply(&mut app, [Action::Delete(Deletion::Word)]);
    assert_eq!(shown_titles(&app).len(), 3);
}

#[test]
fn esc_clears_the_query_then_quits() {
    let (mut app, _dir) = app_with!(&["a"]);
    apply(&mut app, typed("x"));
    assert!(app.list.ranking().is_empty());
    apply(&mut app, [Action::Cancel]);
    assert_eq!((app.list.query().text(), app.exit()), ("", None));
    apply(&mut app, [Action::Cancel]);
    assert_eq!(app.exit(), Some(0));
}

#[test]
fn the_reader_opens_only_on_an_article() {
    let (mut app, _dir) = app_with!(&["a"]);
    apply(&mut app, typed("zz"));
    apply(&mut app, [Action::Open]);
    assert_eq!(app.focus(), Focus::List);
    apply(&mut app, [Action::Delete(Deletion::ToStart), Action::Open]);
    assert_eq!(app.focus(), Focus::Reader);
    apply(&mut app, [Action::Back]);
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn one_mode_decides_what_keys_mean() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (mut app, _dir) = app_with!(&["a", "b"]);
    let key = |c| Input::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    assert_eq!(app.mode(), Mode::List);
    // One burst: Enter opens the reader, so the `j` after it scrolls instead of typing.
    let enter = Input::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    update_inline(&mut app, [enter, key('j'), key('j')]);
    assert_eq!((app.mode(), app.list.query().text(), app.reader.top()), (Mode::Reader, "", 2));
    update_inline(&mut app, [key('?')]);
    assert_eq!(app.mode(), Mode::Help);
    update_inline(&mut app, [key('j'), key('q')]);
    assert_eq!((app.mode(), app.reader.top()), (Mode::Reader, 2), "j scrolled the help, q closed it");
    update_inline(&mut app, [key('J')]);
    assert_eq!((app.selected_article(), app.reader.top()), (Some(1), 0), "J reads the next article");
    update_inline(&mut app, [key('K')]);
    assert_eq!(app.selected_article(), Some(0), "K reads the previous one");
    update_inline(&mut app, [key('q'), key('q')]);
    assert_eq!((app.mode(), app.list.query().text()), (Mode::List, "q"), "q leaves the reader, then is typed");
}

#[test]
fn scrolling_is_clamped_to_the_article() {
    let (mut app, _dir) = app_with!(&["a", "b"]);
    apply(&mut app, [Action::Open, Action::Scroll(Up, Line)]);
    assert_eq!(app.reader.top(), 0);
    apply(&mut app, [Action::Scroll(Down, All)]);
    let lines = app.page().unwrap().lines.len();
    let view = usize::from(app.panes().unwrap().reader.height);
    // One row past the last line: the `(end)` mark's.
    assert_eq!(app.reader.top(), lines + 1 - view);
    apply(&mut app, [Action::Scroll(Down, Line), Action::Scroll(Down, FullPage)]);
    assert_eq!(app.reader.top(), lines + 1 - view);
    apply(&mut app, [Action::Scroll(Up, HalfPage)]);
    assert_eq!(app.reader.top(), lines + 1 - view - view.div_ceil(2));
    apply(&mut app, [Action::Select(Down, Line)]);
    assert_eq!(app.reader.top(), 0, "the next article opens at its top");
}

#[test]
fn the_raw_view_and_the_reading_layout_each_keep_their_place() {
    let (mut app, _dir) = app_with!(&["a", "b"]);
    apply(&mut app, [Action::Open, Action::Scroll(Down, FullPage), Action::Scroll(Down, Line)]);
    let reading = app.reader.top();
    assert!(reading > 0);
    apply(&mut app, [Action::ToggleRaw]);
    assert_eq!(app.reader.top(), 0, "the raw view opens at the file's first line");
    apply(&mut app, [Action::Scroll(Down, Line), Action::Scroll(Down, Line)]);
    apply(&mut app, [Action::ToggleRaw]);
    assert_eq!(app.reader.top(), reading, "back where the reading was");
    apply(&mut app, [Action::ToggleRaw]);
    assert_eq!(app.reader.top(), 2, "and the raw view where it was");
    update_inline(&mut app, [Event::Resize(100, 30)]);
    assert_eq!(app.reader.top(), 2, "a resize does not move the raw view, whose lines do not wrap");
    apply(&mut app, [Action::Select(Down, Line), Action::ToggleRaw]);
    assert_eq!(app.reader.top(), 0, "another article starts both at the top");
}

#[test]
fn slash_searches_the_article_and_n_steps_through_the_hits() {
    let (mut app, _dir) = app_with!(&["a", "b"]);
    apply(&mut app, [Action::Open, Action::Find]);
    assert_eq!(app.mode(), Mode::Find);
    apply(&mut app, typed("paragraph 3"));
    assert_eq!(app.reader.top(), 0, "nothing moves before Enter");
    apply(&mut app, [Action::Open]);
    assert_eq!(app.mode(), Mode::Reader);
    let find = app.find.clone().unwrap();
    // "Paragraph 3 " and "Paragraph 30".."39": eleven hits; the first is in view already.
    assert_eq!((find.hits.len(), find.current, find.note), (11, 0, None));
    assert_eq!(app.reader.top(), 0);
    apply(&mut app, [Action::FindHit(Up)]);
    let find = app.find.clone().unwrap();
    assert_eq!((find.current, find.note), (10, Some("wrapped to the bottom")));
    assert_eq!(
        app.reader.top(),
        find.hits[10].line().min(app.page().unwrap().lines.len() + 1 - app.reader_rows()),
        "out of view: put at the top"
    );
    apply(&mut app, [Action::FindHit(Down), Action::FindHit(Down)]);
    assert_eq!((app.find.as_ref().unwrap().current, app.find.as_ref().unwrap().note), (1, None));
    let line = app.find.as_ref().unwrap().hits[1].line();
    assert!(app.reader.top() <= line && line < app.reader.top() + app.reader_rows(), "the hit is in view");
    // Esc in a new prompt keeps the search; the next article keeps it too.
    apply(&mut app, [Action::Find, Action::Insert('x'), Action::Cancel]);
    assert_eq!((app.mode(), app.find.as_ref().unwrap().pattern.as_str()), (Mode::Reader, "paragraph 3"));
    apply(&mut app, [Action::Select(Down, Line)]);
    assert_eq!(app.find.as_ref().unwrap().hits.len(), 11, "found again in the next article");
    apply(&mut app, [Action::Find, Action::Insert('z'), Action::Insert('q'), Action::Open]);
    assert_eq!(app.find.as_ref().unwrap().note, Some("not found"));
    // Leaving the reader (a click in the list) closes an open prompt; it does not linger hidden.
    apply(&mut app, [Action::Open, Action::Find, Action::Back]);
    assert_eq!((app.mode(), app.find.as_ref().unwrap().prompt.is_none()), (Mode::List, true));
}

#[test]
fn resizing_keeps_the_top_paragraph_in_view() {
    let (mut app, _dir) = app_with!(&["a"]);
    apply(&mut app, [Action::Open, Action::Scroll(Down, FullPage), Action::Scroll(Down, FullPage)]);
    let page = app.page().unwrap();
    let place = page.place_of(app.reader.top());
    assert!(place.block > 3);
    update_inline(&mut app, [Event::Resize(60, 20)]);
    let page = app.page().unwrap();
    assert_eq!(page.width, 58, "the reader takes the whole width below 100 columns");
    assert_eq!(app.reader.top(), page.line_of(&place), "the same place in the text on top");
    assert_eq!(page.lines[app.reader.top()].block, place.block);
}

#[test]
fn a_screen_too_small_for_a_while_keeps_the_place() {
    let (mut app, _dir) = app_with!(&["a"]);
    apply(&mut app, [Action::Open, Action::Scroll(Down, FullPage), Action::Scroll(Down, FullPage)]);
    let top = app.reader.top();
    assert!(top > 0);
    update_inline(&mut app, [Event::Resize(19, 5)]);
    update_inline(&mut app, [Event::Resize(120, 40)]);
    assert_eq!(app.reader.top(), top);
}

#[test]
fn streamed_articles_keep_the_selection() {
    let dir = folder("stream", &["one", "two", "three"]);
    let catalog = Catalog::new(origins_for(&[dir.to_path_buf()])).shared();
    let mut app = App::new(catalog.clone(), Loading::default(), Config::default());
    update_inline(&mut app, [Event::Resize(120, 40), Event::Load(LoadEvent::Found(3))]);
    let full = store::load_catalog(catalog.read().unwrap().origins().to_vec(), LoadOptions::default()).0;
    let full = full.read().unwrap().clone();
    let prefix = |len: usize| {
        let mut prefix = Catalog::new(full.origins().to_vec());
        (0..len).for_each(|i| prefix.push(full.entry(i)));
        prefix
    };
    catalog.write().unwrap().replace(prefix(2));
    let appended = Input::Event(Event::Load(LoadEvent::Appended(2)));
    update_inline(&mut app, [appended, Action::Select(Down, Line).into(), Action::Open.into()]);
    assert_eq!(app.list.ranking().len(), 2);
    *catalog.write().unwrap() = prefix(3);
    update_inline(&mut app, [Event::Load(LoadEvent::Appended(3)), Event::Load(LoadEvent::Done)]);
    assert_eq!(app.selected_article(), Some(1));
    assert_eq!(app.focus(), Focus::Reader);
    assert!(app.loading.done);
    assert_eq!(app.list.ranking().len(), 3);
}

#[test]
fn a_burst_asks_once_and_a_newer_ranking_wins() {
    let (mut app, _dir) = app_with!(&["Sony hack", "Blair wins"]);
    let step = app.update(typed("so"));
    let request = step.requests.matching.unwrap();
    assert_eq!(request.query, "so", "one request, for the burst's last query");
    assert!(step.requests.fetch.is_none());
    assert_eq!(app.list.ranking().query, "", "the list keeps its rows until the new ranking arrives");
    let ranking = Searcher::default().search(&app.catalog, "so", &Default::default(), &|| false).unwrap();
    assert!(app.update([Event::Ranked(Ranked { generation: request.generation, ranking })]).redraw);
    assert_eq!(shown_titles(&app), ["Sony hack"]);
    let stale = Ranked { generation: request.generation - 1, ranking: Ranking::all("s", app.epoch(), 2) };
    assert!(!app.update([Event::Ranked(stale)]).redraw);
    assert_eq!(shown_titles(&app), ["Sony hack"]);
}

#[test]
fn the_reader_says_reading_then_shows_read_errors() {
    let (mut app, _dir) = app_with!(&["a", "b", "c"]);
    assert!(app.page().is_some(), "the first article is read");
    // The second article's file goes before it is read.
    std::fs::remove_file(app.catalog.read().unwrap().file_path(1).unwrap()).unwrap();
    let step = app.update([Action::Select(Down, Line)]);
    let request = step.requests.fetch.expect("the newly selected article is asked for");
    assert!(screen(&app).iter().any(|l| l.contains("reading…")), "{:#?}", screen(&app));
    let _ = app.update([Event::Fetched(Box::new(request.fetch(&app.catalog)))]);
    let shown = screen(&app);
    let error = shown.iter().find(|l| l.contains("cannot read this article: ")).expect("the error is shown");
    assert!(error.contains("No such file or directory"), "{error}");
    // An article read before is kept: nothing is read twice.
    let step = app.update([Action::Select(Up, Line)]);
    assert_eq!(step.requests.fetch, None);
    assert!(app.page().is_some());
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls_the_pane_under_it() {
    let (mut app, _dir) = app_with!(&["a", "b", "c"]);
    let panes = app.panes().unwrap();
    apply(&mut app, [Action::Click { column: 2, row: panes.list.y + 2 }]);
    assert_eq!(app.list.selected(), 2);
    apply(&mut app, [Action::Wheel { column: panes.reader.x + 3, row: panes.reader.y, direction: Down }]);
    assert_eq!((app.list.selected(), app.reader.top()), (2, WHEEL_LINES));
    apply(&mut app, [Action::Wheel { column: 1, row: panes.list.y, direction: Up }]);
    assert_eq!(app.list.selected(), 1);
    apply(&mut app, [Action::Click { column: panes.reader.x + 1, row: panes.reader.y }]);
    assert_eq!(app.focus(), Focus::Reader);
}

#[test]
fn help_toggles_and_its_scroll_is_clamped() {
    let (mut app, _dir) = app_with!(&["a"]);
    apply(&mut app, [Action::ToggleHelp, Action::Scroll(Up, Line)]);
    assert_eq!(app.help().map(|h| h.top()), Some(0));
    apply(&mut app, std::iter::repeat_n(Action::Scroll(Down, Line), 200));
    let (lines, rows) = app.help_size();
    assert_eq!(app.help().map(|h| h.top()), Some(lines.saturating_sub(rows)));
    assert_eq!(app.reader.top(), 0, "the help scrolled, not the article under it");
    apply(&mut app, [Action::CloseHelp]);
    assert_eq!(app.help(), None);
}

#[test]
fn list_pages_and_keeps_the_selection_visible() {
    let titles: Vec<String> = (0..100).map(|i| format!("title {i}")).collect();
    let (mut app, _dir) = app_with!(&titles.iter().map(String::as_str).collect::<Vec<_>>());
    let height = usize::from(app.panes().unwrap().list.height);
    apply(&mut app, [Action::Select(Down, FullPage), Action::Select(Down, FullPage)]);
    assert_eq!(app.list.selected(), 2 * height);
    assert!(app.list.top() <= app.list.selected() && app.list.selected() < app.list.top() + height);
    apply(&mut app, std::iter::repeat_n(Action::Select(Down, FullPage), 10));
    assert_eq!(app.list.selected(), 99);
    update_inline(&mut app, [Event::Resize(60, 12)]);
    let height = usize::from(app.panes().unwrap().list.height);
    assert!(app.list.top() <= 99 && 99 < app.list.top() + height);
}

#[test]
fn query_edits_move_by_char() {
    let (mut app, _dir) = app_with!(&["a"]);
    apply(&mut app, typed("ab"));
    apply(&mut app, [Action::Cursor(CursorMove::Start), Action::Delete(Deletion::Forward)]);
    assert_eq!((app.list.query().text(), app.list.query().cursor()), ("b", 0));
    apply(&mut app, [Action::Cursor(CursorMove::End), Action::Insert('c'), Action::Cursor(CursorMove::Left)]);
    assert_eq!((app.list.query().text(), app.list.query().cursor()), ("bc", 1));
}

#[test]
fn a_signal_ends_the_app_with_128_plus_its_number() {
    let (mut app, _dir) = app_with!(&["a"]);
    assert!(app.update([Event::Signal(15)]).redraw);
    assert_eq!(app.exit(), Some(143));
}

#[test]
fn nothing_changed_means_no_redraw_and_no_work() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let (mut app, _dir) = app_with!(&["a"]);
    let step = app.update([Action::Scroll(Up, Line), Action::Cursor(CursorMove::Left), Action::CloseHelp]);
    assert_eq!(step, Step::default());
    let unbound = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL);
    assert_eq!(app.update([Input::Key(unbound)]), Step::default());
    assert!(app.update([Action::Insert('a')]).redraw);
}

#[test]
fn ctrl_l_asks_once_for_a_cleared_screen() {
    let (mut app, _dir) = app_with!(&["a"]);
    let step = app.update([Action::Redraw]);
    assert!(step.repaint && step.redraw);
    assert!(!app.update([Action::Scroll(Up, Line)]).repaint, "once");
}
