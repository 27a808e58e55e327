//! Helpers shared by the integration tests: stores, apps and screen text.
#![allow(dead_code)]

use folio::app::{Action, App, Loading};
use folio::store::{self, LoadOptions, SharedCatalog, origins_for};
use folio::ui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use std::path::PathBuf;

pub mod tmux;

/// A fresh, empty temporary folder, unique to this process and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("folio-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

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

pub fn load(path: PathBuf) -> SharedCatalog {
    let (catalog, warnings) = store::load_catalog(origins_for(&[path]), LoadOptions { use_index: false });
    assert!(warnings.is_empty(), "{warnings:?}");
    catalog
}

pub fn app(catalog: SharedCatalog, columns: u16, rows: u16) -> App {
    let found = catalog.read().unwrap().len();
    let mut app = App::new(catalog, Loading { found, done: true });
    app.update(Action::Resize(columns, rows));
    app.fulfil_inline();
    app
}

pub fn seed_app(columns: u16, rows: u16) -> App {
    app(load(repo_path("seeds")), columns, rows)
}

/// Applies actions as the event loop does, doing the workers' part inline.
pub fn act(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.update(action);
    }
    app.settle();
    app.fulfil_inline();
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
