//! Full-text benchmark: index build, size, incremental update and queries at 100k files; bbc keystrokes.
//
// The 100k folder is the load bench's (`target/bench-data/files-100k`, made on first use).
// Queries are timed in process on an open index, snippets and hit counts included, as the
// reader's worker runs them. `cargo bench --bench text`.

use folio::fulltext::{FIRST_DESCRIBED, TEXT_LIMIT, TextIndex};
use folio::generate;
use folio::store::{self, LoadOptions, SharedCatalog, origins_for};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const FILES: usize = 100_000;
/// Results asked for and described before the first answer, as the reader's list asks.
const LIMIT: usize = TEXT_LIMIT;
const SCREEN: usize = FIRST_DESCRIBED;
const RUNS: usize = 30;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

fn load(path: &Path) -> SharedCatalog {
    let options = LoadOptions { cache: Some(data_dir().join("cache")) };
    store::load_catalog(origins_for(&[path.to_path_buf()]), options).0
}

fn size_of(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .unwrap()
        .flatten()
        .map(|e| if e.file_type().unwrap().is_dir() { size_of(&e.path()) } else { e.metadata().unwrap().len() })
        .sum()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and max of `RUNS` searches for `query` with the first `described` results
/// described, in ms; and how many matched.
fn time_query(index: &mut TextIndex, catalog: &SharedCatalog, query: &str, described: usize) -> (f64, f64, usize) {
    let mut times = Vec::with_capacity(RUNS);
    let mut matches = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut search = index.search(catalog, query, LIMIT, &Default::default()).unwrap();
        search.describe(catalog, 0..described);
        matches = search.results.matches;
        times.push(ms(start.elapsed()));
    }
    times.sort_by(f64::total_cmp);
    (times[RUNS / 2], times[RUNS - 1], matches)
}

fn main() {
    if std::env::args().any(|a| a == "--test") {
        return; // `cargo test --benches` only checks that it builds.
    }
    eprintln!("preparing data in {} (first run only)", data_dir().display());
    let folder = generate::article_folder(&data_dir().join("files-100k"), FILES);
    let catalog = load(&folder);
    let index_dir = data_dir().join("text-index-100k");
    // `--queries`: the index as the last run left it (for profiling the queries alone).
    let queries_only = std::env::args().any(|a| a == "--queries");
    if !queries_only {
        let _ = std::fs::remove_dir_all(&index_dir);
    }
    println!("what\tmedian ms\tmax ms\tnote");
    let start = Instant::now();
    let (index, refreshed) =
        TextIndex::open_and_refresh(&catalog, &index_dir, &|_, _| {}, folio::fulltext::Wait::No).unwrap();
    let build = start.elapsed();
    let (raw, indexed) = (size_of(&folder), size_of(&index_dir));
    println!("100k files: index build\t{:.0}\t\t{} articles", ms(build), refreshed.added);
    println!(
        "100k files: index size\t\t\t{:.1} MB of {:.1} MB raw = {:.0}%",
        indexed as f64 / 1e6,
        raw as f64 / 1e6,
        indexed as f64 * 100.0 / raw as f64
    );
    // One file changed: the catalog reloaded (from the title index) and the text index refreshed.
    drop(index);
    let changed = folder.join("042/42000.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    std::fs::write(&changed, format!("{text}\nOne more zebra paragraph.\n")).unwrap();
    let catalog = load(&folder);
    let start = Instant::now();
    let (mut index, refreshed) =
        TextIndex::open_and_refresh(&catalog, &index_dir, &|_, _| {}, folio::fulltext::Wait::No).unwrap();
    println!("100k files: update after one changed file\t{:.0}\t\t{} read again", ms(start.elapsed()), refreshed.added);
    std::fs::write(&changed, text).unwrap();
    for query in ["deal", "sony deal", "\"sony wins\"", "merkel -tesla", "zebraquagga"] {
        for described in [0, SCREEN] {
            let (median, max, matches) = time_query(&mut index, &catalog, query, described);
            println!("100k files: query {query}, {described} described\t{median:.2}\t{max:.2}\t{matches} matches");
        }
    }
    // A folder of every format in turn: the index reads pages, books and gzip'd files whole.
    let mixed = folio::testing::mixed_folder(&data_dir().join("mixed-12k"), 12_000);
    let catalog = load(&mixed);
    let dir = data_dir().join("text-index-mixed");
    let _ = std::fs::remove_dir_all(&dir);
    let start = Instant::now();
    let (mut index, refreshed) =
        TextIndex::open_and_refresh(&catalog, &dir, &|_, _| {}, folio::fulltext::Wait::No).unwrap();
    println!("12k mixed files: index build\t{:.0}\t\t{} articles", ms(start.elapsed()), refreshed.added);
    for query in ["deal", "sony deal"] {
        let (median, max, matches) = time_query(&mut index, &catalog, query, SCREEN);
        println!("12k mixed files: query {query}, {SCREEN} described\t{median:.2}\t{max:.2}\t{matches} matches");
    }
    drop(index);
    let Some(bbc) = folio::testing::shared_corpus("bbc") else { return };
    let catalog = load(&bbc);
    let dir = data_dir().join("text-index-bbc");
    let _ = std::fs::remove_dir_all(&dir);
    let start = Instant::now();
    let (mut index, _) = TextIndex::open_and_refresh(&catalog, &dir, &|_, _| {}, folio::fulltext::Wait::No).unwrap();
    println!("bbc: index build\t{:.0}\t\t2,225 articles", ms(start.elapsed()));
    // Every prefix of a few queries, as typed key by key.
    let mut times = Vec::new();
    for query in ["music download", "oil prices", "chelsea cup", "blair election"] {
        for end in (1..=query.len()).filter(|&e| query.is_char_boundary(e)) {
            let start = Instant::now();
            let mut search = index.search(&catalog, &query[..end], LIMIT, &Default::default()).unwrap();
            search.describe(&catalog, 0..SCREEN);
            times.push(ms(start.elapsed()));
        }
    }
    times.sort_by(f64::total_cmp);
    let (median, max) = (times[times.len() / 2], times[times.len() - 1]);
    println!("bbc: keystroke (every prefix of 4 queries)\t{median:.2}\t{max:.2}\t{} searches", times.len());
}
