//! Helpers shared by the integration tests: stores, apps and screen text.
#![allow(dead_code)]

use folio::app::{Action, App, Loading};
use folio::store::{self, Article};
use folio::ui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use std::path::PathBuf;

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `../shared/corpora/<name>`, or `None` (with a note on stderr) where the corpora are absent.
pub fn corpus(name: &str) -> Option<PathBuf> {
    let path = repo_path("../shared/corpora").join(name);
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipped: {} is missing", path.display());
        None
    }
}

pub fn load(path: PathBuf) -> Vec<Article> {
    let (articles, warnings) = store::load_all(&[path]).expect("store loads");
    assert!(warnings.is_empty(), "{warnings:?}");
    articles
}

pub fn app(articles: Vec<Article>, columns: u16, rows: u16) -> App {
    let found = articles.len();
    let mut app = App::new(articles, Loading { found: Some(found), done: true });
    app.update(Action::Resize(columns, rows));
    app
}

pub fn seed_app(columns: u16, rows: u16) -> App {
    app(load(repo_path("seeds")), columns, rows)
}

pub fn act(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.update(action);
    }
    app.settle();
}

pub fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

pub fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|frame| render(app, frame)).unwrap();
    terminal.backend().buffer().clone()
}

/// The screen as text, one string a row, wide characters counted once.
pub fn screen(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut x = area.left();
            while x < area.right() {
                let cell = &buffer[(x, y)];
                row.push_str(cell.symbol());
                x += cell.cell_width().max(1);
            }
            row
        })
        .collect()
}
