//! Highlights: a key and a frame in the reader and the list, with no highlight and with 10,000 in the store, measured in one run (TSV on stdout). `cargo bench --bench notes`.

use folio::action::{Action, Amount, Deletion, Direction};
use folio::app::App;
use folio::highlight::{ArticleText, Colour, Highlight};
use folio::state::Memory;
use folio::testing::{app_on_articles, update_inline};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod common;

use common::measure;

/// The first is read without highlights of its own; each other has `PER_ARTICLE`: 10,000 in
/// the store.
const ARTICLES: usize = 101;
const PER_ARTICLE: usize = 100;
const RUNS: usize = 31;

/// A memory of `PER_ARTICLE` highlights (some with notes) on each of the app's articles but
/// the first.
fn highlights(app: &App) -> Memory {
    let mut memory = Memory::default();
    let catalog = app.catalog.clone();
    for index in 1..catalog.read().unwrap().len() {
        let article = folio::store::read_article(&catalog, index).unwrap();
        let text = ArticleText::of(&article.blocks).text;
        let starts: Vec<usize> = text.match_indices("Paragraph").map(|(at, _)| at).collect();
        for n in 0..PER_ARTICLE {
            let start = starts[n % starts.len()] + (n / starts.len()) * 10;
            let mut highlight = Highlight::new(&article.id, &text, start..start + 20, n as u64);
            highlight.colour = Colour::ALL[n % 4];
            if n % 3 == 0 {
                highlight.note = format!("note {n} on {}", article.id);
            }
            memory.set_highlight("/s", &highlight.id(), Some(highlight));
        }
    }
    memory
}

fn draw(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|frame| folio::ui::render(app, frame)).map(|_| ()).unwrap();
}

fn main() {
    let dir = std::env::temp_dir().join(format!("folio-bench-notes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let names: Vec<String> = (0..ARTICLES).map(|i| format!("article-{i:03}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let plain = app_on_articles(&dir, &names, (200, 60));
    let mut noted = app_on_articles(&dir, &names, (200, 60));
    let memory = highlights(&noted);
    let count: usize = memory.store("/s").map_or(0, |s| s.highlights.len());
    noted.remember(memory, "/s".into());
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    println!("what\tno highlight: median ms\t{count} highlights: median ms\tratio");
    let apps = &mut [plain, noted];
    let row = |apps: &mut [App; 2],
               terminal: &mut Terminal<TestBackend>,
               what: &str,
               work: &mut dyn FnMut(&mut App, &mut Terminal<TestBackend>)| {
        let [plain, noted] = apps;
        let (none, _, _) = measure(RUNS, || work(plain, terminal));
        let (many, _, _) = measure(RUNS, || work(noted, terminal));
        println!("{what}\t{none:.3}\t{many:.3}\t{:.2}", many / none.max(1e-6));
    };
    // The article shown has none: what 10,000 elsewhere in the store cost.
    row(apps, &mut terminal, "list: a key typed and taken back, and a frame", &mut |app, terminal| {
        let _ = app.update([Action::Insert('p')]);
        let _ = app.update([Action::Delete(Deletion::Back)]);
        draw(app, terminal);
    });
    for app in apps.iter_mut() {
        update_inline(app, [Action::Open]);
    }
    row(apps, &mut terminal, "reader: a line down and up, and a frame", &mut |app, terminal| {
        let _ = app.update([Action::Scroll(Direction::Down, Amount::Line)]);
        let _ = app.update([Action::Scroll(Direction::Up, Amount::Line)]);
        draw(app, terminal);
    });
    row(apps, &mut terminal, "reader: the next article and back, and a frame", &mut |app, terminal| {
        update_inline(app, [Action::Select(Direction::Down, Amount::Line)]);
        update_inline(app, [Action::Select(Direction::Up, Amount::Line)]);
        draw(app, terminal);
    });
    // Now an article with 100 highlights, those on screen drawn: what showing them costs.
    for app in apps.iter_mut() {
        update_inline(app, [Action::Select(Direction::Down, Amount::Line)]);
    }
    row(apps, &mut terminal, "reader, its highlights on screen: a line down and up, a frame", &mut |app, terminal| {
        let _ = app.update([Action::Scroll(Direction::Down, Amount::Line)]);
        let _ = app.update([Action::Scroll(Direction::Up, Amount::Line)]);
        draw(app, terminal);
    });
    row(apps, &mut terminal, "reader: a selection started, moved a word, ended, and a frame", &mut |app, terminal| {
        let _ = app.update([Action::Selection]);
        let _ = app.update([Action::Move(folio::action::Motion::Word(Direction::Down))]);
        draw(app, terminal);
        let _ = app.update([Action::Cancel]);
    });
    // Only with highlights: the overlay of all of them.
    let noted = &mut apps[1];
    let (open, _, _) = measure(RUNS, || {
        let _ = noted.update([Action::Notes]);
        draw(noted, &mut terminal);
        let _ = noted.update([Action::Cancel]);
    });
    println!("notes overlay: opened on {count}, a frame, closed\t\t{open:.3}\t");
    let _ = noted.update([Action::Notes]);
    let (typed, _, _) = measure(RUNS, || {
        let _ = noted.update([Action::Insert('7')]);
        draw(noted, &mut terminal);
        let _ = noted.update([Action::Delete(Deletion::Back)]);
    });
    println!("notes overlay: a key typed into its filter and taken back, a frame\t\t{typed:.3}\t");
    let _ = std::fs::remove_dir_all(&dir);
}
