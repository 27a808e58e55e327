//! Unit tests of `App::update`: key flows, scrolling, resizing and loading.

use super::*;
use crate::store::Article;

fn article(id: &str, title: &str, paragraphs: usize) -> Article {
    let body: Vec<String> = (0..paragraphs).map(|i| format!("Paragraph {i} has a few words in it to wrap.")).collect();
    let text = format!("{title}\n\n{}", body.join("\n\n"));
    Article::from_bytes(id.into(), format!("{id}.txt"), text.as_bytes(), false).unwrap()
}

fn app_with(titles: &[&str]) -> App {
    let articles = titles.iter().enumerate().map(|(i, t)| article(&i.to_string(), t, 40)).collect();
    let mut app = App::new(articles, Loading { found: Some(titles.len()), done: true });
    app.update(Action::Resize(120, 40));
    app
}

fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.update(action);
    }
    app.settle();
}

fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

fn shown_titles(app: &App) -> Vec<&str> {
    app.hits.iter().map(|&i| app.articles[i as usize].title.as_str()).collect()
}

#[test]
fn typing_ranks_and_backspace_restores() {
    let mut app = app_with(&["Sony hack", "Blair wins", "Tony Blair speaks"]);
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
    let mut app = app_with(&["a"]);
    apply(&mut app, typed("x"));
    assert!(app.hits.is_empty());
    apply(&mut app, [Action::Cancel]);
    assert_eq!((app.query.text(), app.exit), ("", None));
    apply(&mut app, [Action::Cancel]);
    assert_eq!(app.exit, Some(0));
}

#[test]
fn the_reader_opens_only_on_an_article() {
    let mut app = app_with(&["a"]);
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
    let mut app = app_with(&["a", "b"]);
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
    let mut app = app_with(&["a"]);
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
    let mut app = App::new(Vec::new(), Loading::default());
    apply(&mut app, [Action::Resize(120, 40), Action::Load(LoadEvent::Found(3))]);
    apply(&mut app, [Action::Load(LoadEvent::Articles(vec![article("1", "one", 1), article("2", "two", 1)]))]);
    apply(&mut app, [Action::ListDown, Action::Open]);
    apply(&mut app, [Action::Load(LoadEvent::Articles(vec![article("3", "three", 1)])), Action::Load(LoadEvent::Done)]);
    assert_eq!(app.selected_article(), Some(1));
    assert_eq!(app.focus, Focus::Reader);
    assert!(app.loading.done);
    assert_eq!(app.articles.len(), 3);
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls_the_pane_under_it() {
    let mut app = app_with(&["a", "b", "c"]);
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
    let mut app = app_with(&["a"]);
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
    let mut app = app_with(&titles.iter().map(String::as_str).collect::<Vec<_>>());
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
