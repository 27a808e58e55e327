//! Tests of what leaves the screen: the reading width, the pager, the editor, the clipboard, reloading.

use super::External;
use crate::action::{Action, Copied, Direction};
use crate::app::{App, Event, Loading};
use crate::config::Config;
use crate::state::Memory;
use crate::store::{self, LoadOptions, ScratchDir, origins_for};
use crate::testing::update_inline;

fn app(dir: &ScratchDir) -> App {
    let body: Vec<String> = (0..40).map(|i| format!("Paragraph {i} has enough words to wrap at any width.")).collect();
    std::fs::write(dir.join("a.txt"), format!("Alpha\n\n{}", body.join("\n\n"))).unwrap();
    let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
    let mut app = App::new(catalog, Loading { found: 1, done: true }, Config::default());
    app.remember(Memory::default(), "/s".into());
    update_inline(&mut app, [Event::Resize(160, 30)]);
    update_inline(&mut app, [Action::Open]);
    app
}

#[test]
fn plus_and_minus_change_the_reading_width_keeping_the_place_and_remember_it() {
    let dir = ScratchDir::new("app-width");
    let mut app = app(&dir);
    update_inline(&mut app, [Action::Scroll(Direction::Down, crate::action::Amount::Page)]);
    let paragraph = |app: &App| app.page().unwrap().lines[app.reader.top()].block;
    let before = paragraph(&app);
    assert_eq!(app.page().unwrap().width, 80);
    update_inline(&mut app, [Action::Width(Direction::Down), Action::Width(Direction::Down)]);
    assert_eq!((app.reading_width(), app.page().unwrap().width), (72, 72));
    assert_eq!(paragraph(&app), before, "the same paragraph on top");
    assert_eq!(app.flash.as_deref(), Some("reading width 72"));
    assert_eq!(app.remembered.memory.state.width, Some(72));
    update_inline(&mut app, (0..60).map(|_| Action::Width(Direction::Up)).collect::<Vec<_>>());
    assert_eq!(app.reading_width(), 312, "as wide as asked");
    assert_eq!(app.page().unwrap().width, 93, "the pane decides how much shows");
    assert_eq!(app.flash.as_deref(), Some("reading width 312 (the pane shows 93)"));
    update_inline(&mut app, [Action::ResetWidth]);
    assert_eq!((app.reading_width(), app.remembered.memory.state.width), (80, None));
    // The next run starts at the remembered width.
    let mut memory = Memory::default();
    memory.set_width(Some(60));
    let (catalog, _) = store::load_catalog(origins_for(&[dir.to_path_buf()]), LoadOptions::default());
    let mut next = App::new(catalog, Loading { found: 1, done: true }, Config::default());
    next.remember(memory, "/s".into());
    assert_eq!(next.reading_width(), 60);
}

#[test]
fn the_pager_the_editor_and_the_clipboard_are_asked_for_with_what_they_need() {
    let dir = ScratchDir::new("app-outside");
    let mut app = app(&dir);
    let step = app.update([Action::Pager]);
    let Some(External::Pager { text, line }) = step.requests.external else { panic!("{:?}", step.requests) };
    assert!(text.starts_with("Alpha\n\nParagraph 0 has") && text.ends_with("at any width.\n"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "wrapped at the reading width");
    assert_eq!(line, 0, "the reader at the top");
    update_inline(&mut app, [Action::Scroll(Direction::Down, crate::action::Amount::Page)]);
    let top_text = app.page().unwrap().lines[app.reader.top()].text.clone();
    let Some(External::Pager { text, line }) = app.update([Action::Pager]).requests.external else { panic!() };
    assert_eq!(text.lines().nth(line), Some(top_text.as_str()), "less opens at the reader's top line");
    let step = app.update([Action::Editor]);
    assert_eq!(step.requests.external, Some(External::Editor { path: dir.join("a.txt") }));
    let step = app.update([Action::Copy(Copied::Id)]);
    assert_eq!(step.requests.copy.as_deref(), Some("a"));
    assert_eq!(app.flash.as_deref(), Some("copied the id (1 bytes), if the terminal allows it"));
    let step = app.update([Action::Copy(Copied::Path)]);
    assert_eq!(step.requests.copy, Some(dir.join("a.txt").display().to_string()));
    let step = app.update([Action::Copy(Copied::Article)]);
    assert!(step.requests.copy.is_some_and(|t| t.starts_with("Alpha\n\n")));
    assert!(app.update([Action::Reload]).requests.reload);
    assert!(!app.loading.done, "loading again");
    // The built-in seeds are no files: the editor gives way to the pager, and says so.
    let (catalog, _) = store::load_catalog(vec![store::Origin::Builtin], LoadOptions::default());
    let mut seeds = App::new(catalog, Loading { found: 1, done: true }, Config::default());
    update_inline(&mut seeds, [Event::Resize(160, 30)]);
    update_inline(&mut seeds, [Action::Open]);
    let step = seeds.update([Action::Editor]);
    assert!(matches!(step.requests.external, Some(External::Pager { .. })));
    assert_eq!(seeds.flash.as_deref(), Some("not a file of its own: shown in the pager"));
    assert_eq!(seeds.update([Action::Copy(Copied::Path)]).requests.copy, None);
    assert!(seeds.flash.as_deref().is_some_and(|f| f.starts_with("no path")));
}
