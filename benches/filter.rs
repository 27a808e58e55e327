//! Filter benchmark: keystroke to sorted visible rows, frame time and wrapping (TSV on stdout).
//
// `cargo bench --bench filter` runs generated titles at 100k and 1M;
// `FOLIO_BENCH_TITLES=FILE cargo bench --bench filter` runs the same queries on FILE (one
// title per line), so other tools can be timed on the same input.

use folio::action::{Action, Deletion};
use folio::app::{App, Event, Loading};
use folio::generate;
use folio::page::Page;
use folio::search::Searcher;
use folio::store::{Article, SharedCatalog};
use folio::testing::{catalog_of, update_inline};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
mod common;

use common::measure;
use std::time::Instant;

const RUNS: usize = 7;
const VISIBLE_ROWS: usize = 60;
const QUERIES: &[&str] = &["s", "so", "son", "blair", "sony pictures", "microsoftnetworkdeal", "zzqxj"];
const TYPED: &str = "sonypictures";

/// A fresh search (no earlier results to reuse) through to the visible rows, sorted (the search
/// settles the first rows itself).
fn keystroke(catalog: &SharedCatalog, query: &str) -> usize {
    let ranking = Searcher::default().search(catalog, query, &Default::default(), &|| false).unwrap();
    assert!(ranking.sorted() >= VISIBLE_ROWS.min(ranking.len()));
    let visible: Vec<u32> = (0..VISIBLE_ROWS).filter_map(|r| ranking.get(r)).collect();
    std::hint::black_box(visible);
    ranking.len()
}

/// Filters and sort orders: the first request of a kind builds a table (which articles pass,
/// the order), later ones reuse it until the marks or the catalog change.
fn bench_shapes(label: &str, catalog: &SharedCatalog) {
    use folio::search::shape::{Marks, Shape, SortOrder, filters};
    use folio::state::ArticleState;
    let len = catalog.read().unwrap().len();
    // One article in a hundred read, one in a thousand starred.
    let articles = (0..len)
        .step_by(100)
        .map(|i| {
            (i.to_string(), ArticleState { read: true, starred: i % 1000 == 0, opened: i as u64, ..Default::default() })
        })
        .collect();
    let marks =
        std::sync::Arc::new(Marks { generation: 1, articles, tags: Default::default(), noted: Default::default() });
    for (query, order) in [
        (":unread", SortOrder::Store),
        (":unread blair", SortOrder::Store),
        ("", SortOrder::Title),
        ("", SortOrder::Recent),
    ] {
        let shape = Shape { filters: filters(query), order, marks: marks.clone() };
        let mut searcher = Searcher::default();
        let start = Instant::now();
        let first = searcher.search(catalog, query, &shape, &|| false).unwrap();
        let cold = start.elapsed().as_secs_f64() * 1000.0;
        let (median, _, _) = measure(RUNS, || searcher.search(catalog, query, &shape, &|| false).unwrap().len());
        println!("{label}	'{query}' {} (first, then again)	{cold:.2}	{median:.2}	{}", order.label(), first.len());
    }
}

fn bench_titles(label: &str, titles: &[String]) {
    let catalog = catalog_of(titles).shared();
    bench_shapes(label, &catalog);
    for query in QUERIES {
        let (median, max, hits) = measure(RUNS, || keystroke(&catalog, query));
        println!("{label}\t{query}\t{median:.2}\t{max:.2}\t{hits}");
    }
    // Typing, one key at a time, as the reader's matcher sees it: earlier results are reused.
    // Typed RUNS times afresh; each key's figure is its median over the runs.
    let mut per_key: Vec<Vec<f64>> = vec![Vec::new(); TYPED.len()];
    let mut hits = 0;
    for _ in 0..RUNS {
        let mut searcher = Searcher::default();
        for end in 1..=TYPED.len() {
            let start = Instant::now();
            hits = searcher.search(&catalog, &TYPED[..end], &Default::default(), &|| false).unwrap().len();
            per_key[end - 1].push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let medians: Vec<f64> = per_key
        .iter_mut()
        .map(|times| {
            times.sort_by(f64::total_cmp);
            times[times.len() / 2]
        })
        .collect();
    let slowest = |keys: &[f64], times: &[Vec<f64>]| {
        let max = times.iter().flatten().fold(0f64, |a, &b| a.max(b));
        (keys.iter().fold(0f64, |a, &b| a.max(b)), max)
    };
    let (worst, worst_max) = slowest(&medians, &per_key);
    let (worst_from_4th, worst_from_4th_max) = slowest(&medians[3..], &per_key[3..]);
    println!("{label}\ttyping '{TYPED}', worst key\t{worst:.2}\t{worst_max:.2}\t{hits}");
    println!("{label}\ttyping, worst key from the 4th on\t{worst_from_4th:.2}\t{worst_from_4th_max:.2}\t{hits}");
    let keys: Vec<String> = medians.iter().map(|ms| format!("{ms:.1}")).collect();
    eprintln!("{label}: per key medians (ms): {}", keys.join(" "));
    // A frame of a full list: every title matches the empty query.
    let mut app = App::new(catalog.clone(), Loading { found: titles.len(), done: true }, Default::default());
    update_inline(&mut app, [Event::Resize(200, 60)]);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let (median, max, _) = measure(50, || terminal.draw(|frame| folio::ui::render(&app, frame)).map(|_| ()).unwrap());
    println!("{label}\tframe 200x60, all rows match\t{median:.3}\t{max:.3}\t{}", app.list.ranking().len());
    // The same frame while the matcher works on a broad query on both cores: what a keystroke
    // costs the screen while a ranking is being computed.
    let busy = std::sync::atomic::AtomicBool::new(true);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while busy.load(std::sync::atomic::Ordering::Relaxed) {
                Searcher::default().search(&catalog, "son", &Default::default(), &|| false);
            }
        });
        std::thread::sleep(std::time::Duration::from_millis(50));
        let (median, max, _) = measure(100, || {
            let _ = app.update([Action::Insert('x')]);
            let _ = app.update([Action::Delete(Deletion::Back)]);
            terminal.draw(|frame| folio::ui::render(&app, frame)).map(|_| ()).unwrap()
        });
        busy.store(false, std::sync::atomic::Ordering::Relaxed);
        println!("{label}\tkey to frame while a match runs\t{median:.3}\t{max:.3}\t{}", app.list.ranking().len());
    });
}

/// A reload's swap: the update that takes a replacing catalog and carries the list's rows and
/// selection over by id (on the UI thread), with a query's ranking shown.
fn bench_swap(label: &str, titles: &[String]) {
    use folio::store::{LoadEvent, Replacement};
    let catalog = catalog_of(titles);
    let shared = catalog.clone().shared();
    let mut app = App::new(shared, Loading { found: titles.len(), done: true }, Default::default());
    update_inline(&mut app, [Event::Resize(200, 60)]);
    update_inline(&mut app, [Action::Insert('s'), Action::Insert('o')]);
    let runs = 5;
    let mut replacements: Vec<Replacement> = (0..runs).map(|_| Replacement(Box::new(catalog.clone()))).collect();
    let (median, max, _) = measure(runs, || {
        let replacement = replacements.pop().unwrap();
        let _ = app.update([Event::Load(LoadEvent::Replaced(replacement))]);
    });
    println!(
        "{label}	reload: swap the catalog in, rows carried over ('so')	{median:.2}	{max:.2}	{}",
        app.list.ranking().len()
    );
    // What a panic would save: the memory copied after an update that changed it.
    let mut memory = folio::state::Memory::default();
    for i in 0..10_000 {
        memory.update_article("/s", &format!("article/{i}"), |a| (a.read, a.opened) = (i % 3 == 0, i as u64));
    }
    let (median, max, _) = measure(RUNS, || std::hint::black_box(memory.clone()));
    println!("{label}	snapshot of a memory of 10,000 articles (clone)	{median:.2}	{max:.2}	10000");
}

fn bench_wrapping() {
    for (label, size) in [("200 KB article (balanced)", 200 * 1024), ("1 MB article (first-fit)", 1024 * 1024)] {
        let mut rng = generate::Rng::new(11);
        let mut text = String::new();
        while text.len() < size {
            text.push_str(&generate::article(&mut rng));
        }
        let article = Article::from_bytes("big".into(), "big.txt".into(), text.as_bytes(), false).unwrap();
        let (median, max, layout) = measure(5, || Page::new(&article, 80));
        println!("{label}\twrap to 80 columns\t{median:.2}\t{max:.2}\t{}", layout.lines.len());
    }
}

/// Leaves the generated titles in `target/bench-data/titles-N.txt`, for timing other tools
/// (`fzf --filter`) on the same input.
fn write_titles(count: usize, titles: &[String]) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(format!("titles-{count}.txt"));
    if !path.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&path, titles.join("\n") + "\n").unwrap();
    }
}

fn main() {
    println!("n\tquery\tmedian ms\tmax ms\thits");
    match std::env::var_os("FOLIO_BENCH_TITLES") {
        Some(file) => {
            let text = std::fs::read_to_string(&file).expect("reading FOLIO_BENCH_TITLES");
            let titles: Vec<String> = text.lines().map(str::to_owned).collect();
            bench_titles(&titles.len().to_string(), &titles);
        }
        None => {
            for count in [100_000, 1_000_000] {
                let titles = generate::titles(1, count);
                write_titles(count, &titles);
                bench_titles(&count.to_string(), &titles);
                bench_swap(&count.to_string(), &titles);
            }
            bench_wrapping();
        }
    }
}
