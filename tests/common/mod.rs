//! Helpers shared by the integration tests: stores, apps and screen text.
#![allow(dead_code)]

use folio::action::Action;
use folio::app::{App, Event, Input, Loading};
use folio::config::Config;
use folio::store::{self, LoadOptions, SharedCatalog, origins_for};
use folio::testing::update_inline;
use folio::ui::render;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::{Buffer, CellWidth};
use std::path::PathBuf;

pub mod tmux;

/// A fresh, empty temporary folder, unique to this process and `name`, removed when dropped.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = PathBuf;
    fn deref(&self) -> &PathBuf {
        &self.0
    }
}

impl AsRef<std::path::Path> for Scratch {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Article `id` of the store at `root`, read as the reader reads it: the folder's other
/// articles decide its trailer.
pub fn read_as_the_reader_does(root: &std::path::Path, id: &str) -> folio::store::Article {
    let (catalog, _) = store::load_catalog(origins_for(&[root.to_path_buf()]), LoadOptions::default());
    let index = catalog.read().unwrap().find(id).unwrap_or_else(|| panic!("no {id} in {}", root.display()));
    store::read_article(&catalog, index).unwrap()
}

pub fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("folio-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

pub use folio::testing::missing;

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `../shared/corpora/<name>`, or `None` (with a note on stderr) where the corpora are absent.
pub fn corpus(name: &str) -> Option<PathBuf> {
    folio::testing::shared_corpus(name)
}

pub fn load(path: PathBuf) -> SharedCatalog {
    let (catalog, warnings) = store::load_catalog(origins_for(&[path]), LoadOptions::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    catalog
}

pub fn app(catalog: SharedCatalog, columns: u16, rows: u16) -> App {
    let found = catalog.read().unwrap().len();
    let mut app = App::new(catalog, Loading { found, done: true }, Config::default());
    update_inline(&mut app, [Event::Resize(columns, rows)]);
    app
}

/// The app on the bundled seeds, named as `cargo run` names them (`seeds`, relative to the
/// package, the tests' working folder): snapshots then hold no machine's folders.
pub fn seed_app(columns: u16, rows: u16) -> App {
    app(load(PathBuf::from("seeds")), columns, rows)
}

/// Applies inputs as the event loop does, doing the workers' part inline.
pub fn act<I: Into<Input>>(app: &mut App, inputs: impl IntoIterator<Item = I>) {
    update_inline(app, inputs);
}

pub fn typed(text: &str) -> Vec<Action> {
    text.chars().map(Action::Insert).collect()
}

pub fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.area().width, app.area().height)).unwrap();
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

/// The text of the file at `path` once it exists (written by a command in a terminal), within
/// 20 s: waiting for a condition, not for a time.
pub fn wait_for_file(path: &std::path::Path) -> String {
    let start = std::time::Instant::now();
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "{} never came", path.display());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Runs the built folio in `dir` with `args`, as a new user would: its own HOME and XDG
/// folders in `dir`, nothing else of the caller's environment but PATH, no input.
pub fn folio_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .env("XDG_STATE_HOME", dir.join(".state"))
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}
