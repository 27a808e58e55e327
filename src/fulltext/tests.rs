use super::*;
use crate::store::{LoadOptions, Origin, ScratchDir, load_catalog};
use std::fs;

/// A folder store of `files` (name, text) and a cache folder beside it.
fn store(name: &str, files: &[(&str, &str)]) -> ScratchDir {
    let dir = ScratchDir::new(name);
    fs::create_dir_all(dir.join("store")).unwrap();
    for (file, text) in files {
        write(&dir, file, text);
    }
    dir
}

fn write(dir: &Path, file: &str, text: &str) {
    let path = dir.join("store").join(file);
    fs::write(&path, text).unwrap();
    // A second apart, so a rewrite within the test changes the mtime whatever the clock's grain.
    let when = std::time::SystemTime::now()
        + std::time::Duration::from_secs(fs::read_dir(dir.join("store")).unwrap().count() as u64);
    fs::File::options().write(true).open(&path).unwrap().set_modified(when).unwrap();
}

fn catalog(dir: &Path) -> SharedCatalog {
    load_catalog(vec![Origin::Folder(dir.join("store"))], LoadOptions::default()).0
}

fn ids(index: &TextIndex, catalog: &SharedCatalog, query: &str) -> Vec<String> {
    let results = index.search(catalog, query, 10).unwrap().results;
    let catalog = catalog.read().unwrap();
    results.found.iter().map(|f| catalog.id(f.index).to_owned()).collect()
}

fn described(index: &TextIndex, catalog: &SharedCatalog, query: &str) -> Results {
    let mut search = index.search(catalog, query, 50).unwrap();
    search.describe(catalog, 0..50);
    assert!(search.described());
    search.results
}

fn open(dir: &Path, catalog: &SharedCatalog) -> (TextIndex, Refreshed) {
    TextIndex::open_and_refresh(catalog, &dir.join("index"), &|_, _| {}).unwrap()
}

#[test]
fn ranks_by_bm25_with_phrases_exclusions_and_folding() {
    let dir = store(
        "fulltext-rank",
        &[
            ("once.txt", "Once\n\nA zebra crossed the road near the café.\n"),
            ("often.txt", "Often\n\nZebra after zebra: the zebra herd, zebra foals, zebra stripes.\n"),
            ("other.txt", "Other\n\nThe road was quiet; no animals crossed.\n"),
        ],
    );
    let catalog = catalog(&dir);
    let (index, refreshed) = open(&dir, &catalog);
    assert_eq!(refreshed, Refreshed { added: 3, removed: 0, rebuilt: true });
    assert_eq!(ids(&index, &catalog, "zebra"), ["often", "once"], "repeating a word ranks higher");
    assert_eq!(ids(&index, &catalog, "\"road near\""), ["once"], "a phrase");
    assert!(ids(&index, &catalog, "\"near road\"").is_empty(), "a phrase is in order");
    assert_eq!(ids(&index, &catalog, "crossed -zebra"), ["other"], "an exclusion");
    assert_eq!(ids(&index, &catalog, "CAFE"), ["once"], "case and accents fold");
    assert_eq!(ids(&index, &catalog, "road crossed"), ["other", "once"], "every word must occur");
    let results = described(&index, &catalog, "zebra");
    assert_eq!(results.matches, 2);
    assert_eq!(results.found[0].detail.as_ref().unwrap().hits, 5, "five zebras in the body");
    let once = results.found[1].detail.as_ref().unwrap();
    assert_eq!(once.hits, 1);
    let highlighted: Vec<&str> = once.highlighted.iter().map(|r| &once.snippet[r.clone()]).collect();
    assert_eq!(highlighted, ["zebra"], "in {:?}", once.snippet);
}

#[test]
fn titles_count_and_the_trailer_never_matches() {
    let trailer = "\n\nFollow us on Twitterland\n";
    let dir = store(
        "fulltext-trailer",
        &[
            ("a.txt", &format!("Markets\n\nShares rose.{trailer}")),
            ("b.txt", &format!("Weather\n\nRain again in the markets.{trailer}")),
            ("c.txt", &format!("Sport\n\nA win.{trailer}")),
        ],
    );
    let catalog = catalog(&dir);
    let (index, _) = open(&dir, &catalog);
    assert!(ids(&index, &catalog, "twitterland").is_empty(), "boilerplate is not text");
    assert_eq!(ids(&index, &catalog, "markets"), ["a", "b"], "the title counts double");
    assert_eq!(described(&index, &catalog, "markets").found[0].detail.as_ref().unwrap().hits, 1, "the title's own hit");
}

#[test]
fn updates_follow_added_changed_and_deleted_files() {
    let dir = store("fulltext-update", &[("a.txt", "A\n\nApples here.\n"), ("b.txt", "B\n\nBananas here.\n")]);
    let (_, first) = open(&dir, &catalog(&dir));
    assert_eq!((first.added, first.rebuilt), (2, true));
    let (_, again) = open(&dir, &catalog(&dir));
    assert_eq!(again, Refreshed::default(), "nothing changed: nothing read");
    write(&dir, "c.txt", "C\n\nCherries here.\n");
    write(&dir, "a.txt", "A\n\nApricots now.\n");
    fs::remove_file(dir.join("store/b.txt")).unwrap();
    let catalog = catalog(&dir);
    let (index, refreshed) = open(&dir, &catalog);
    assert_eq!(refreshed, Refreshed { added: 2, removed: 1, rebuilt: false }, "c added, a changed, b gone");
    assert_eq!(index.len(), 2);
    assert_eq!(ids(&index, &catalog, "cherries"), ["c"]);
    assert_eq!(ids(&index, &catalog, "apricots"), ["a"]);
    assert!(ids(&index, &catalog, "apples").is_empty(), "the old text is gone");
    assert!(ids(&index, &catalog, "bananas").is_empty(), "so is the deleted file");
}

#[test]
fn a_corrupt_or_foreign_index_is_rebuilt() {
    let dir = store("fulltext-corrupt", &[("a.txt", "A\n\nApples here.\n")]);
    let catalog = catalog(&dir);
    let _ = open(&dir, &catalog);
    fs::write(dir.join("index/meta.json"), "{ not json").unwrap();
    let (index, refreshed) = open(&dir, &catalog);
    assert!(refreshed.rebuilt, "unreadable metadata");
    assert_eq!(ids(&index, &catalog, "apples"), ["a"]);
    drop(index);
    // Every segment file cut to nothing: opening may work, reading cannot.
    for entry in fs::read_dir(dir.join("index")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") && !name.starts_with('.') && name != VERSION_FILE {
            fs::write(&path, b"").unwrap();
        }
    }
    let (index, refreshed) = open(&dir, &catalog);
    assert!(refreshed.rebuilt, "broken segments");
    assert_eq!(ids(&index, &catalog, "apples"), ["a"]);
    drop(index);
    fs::write(dir.join("index").join(VERSION_FILE), "folio-text-0").unwrap();
    assert!(open(&dir, &catalog).1.rebuilt, "another version");
}

#[test]
fn japanese_is_found_by_words_inside_sentences() {
    let Some(ja) = crate::testing::shared_corpus("wikipedia-7lang/ja") else { return };
    let dir = ScratchDir::new("fulltext-ja");
    let catalog = load_catalog(vec![Origin::Folder(ja)], LoadOptions::default()).0;
    let (index, _) = TextIndex::open_and_refresh(&catalog, &dir.join("index"), &|_, _| {}).unwrap();
    // 東京 inside longer words and sentences, never set off by spaces.
    let results = described(&index, &catalog, "東京");
    assert!(results.matches >= 5, "found {} articles", results.matches);
    for found in &results.found {
        let article = store::read_article(&catalog, found.index).unwrap();
        assert!(article.title.contains("東京") || article.paragraphs.iter().any(|p| p.contains("東京")));
    }
    let first = results.found[0].detail.as_ref().unwrap();
    assert!(first.highlighted.iter().all(|r| first.snippet[r.clone()].contains('東')), "{first:?}");
}

#[test]
fn a_snippet_holds_the_most_hits_and_starts_at_a_word() {
    let body = format!(
        "{} zebra one. {} zebra two zebra three zebra. {}",
        "filler ".repeat(40),
        "pad ".repeat(30),
        "end ".repeat(40)
    );
    let hits: Vec<std::ops::Range<usize>> = body.match_indices("zebra").map(|(at, w)| at..at + w.len()).collect();
    let detail = Detail::new(&body, &hits, 2);
    assert_eq!(detail.hits, 6, "four in the body, two in the title");
    assert_eq!(detail.highlighted.len(), 3, "the stretch with three: {:?}", detail.snippet);
    assert!(detail.highlighted.iter().all(|r| &detail.snippet[r.clone()] == "zebra"));
    assert!(detail.snippet.starts_with("pad "), "a whole word first: {:?}", detail.snippet);
    assert!(detail.snippet.chars().count() <= SNIPPET_CHARS);
    let none = Detail::new("Only the title matched here.", &[], 1);
    assert_eq!((none.snippet.as_str(), none.hits), ("Only the title matched here.", 1), "the body's start");
    let cjk = "東京".repeat(100);
    let detail = Detail::new(&cjk, &[std::ops::Range { start: 150, end: 156 }], 0);
    assert_eq!(&detail.snippet[detail.highlighted[0].clone()], "東京", "char boundaries hold");
}

#[test]
fn the_text_searcher_indexes_then_answers() {
    let dir = store("fulltext-worker", &[("a.txt", "A\n\nApples here.\n"), ("b.txt", "B\n\nBananas and apples.\n")]);
    let catalog = catalog(&dir);
    let (tx, rx) = std::sync::mpsc::channel();
    let searcher = TextSearcher::spawn(catalog, Some(dir.join("cache")), crate::worker::forward(&tx, |e| e)).unwrap();
    searcher.request(TextRequest { generation: 3, query: "apples".into(), loaded: true });
    let events: Vec<TextEvent> = rx.iter().take(3).collect();
    assert_eq!(events[0], TextEvent::Indexing { done: 2, total: 2 });
    assert_eq!(events[1], TextEvent::Indexed { articles: 2 });
    let TextEvent::Found(found) = &events[2] else { panic!("{events:?}") };
    assert_eq!((found.generation, found.matches, found.rows.len()), (3, 2, 2));
    assert!(found.rows.iter().all(|(_, detail)| detail.as_ref().is_some_and(|d| d.hits >= 1)), "described");
    // Nothing changed: the next request is answered without indexing.
    searcher.request(TextRequest { generation: 4, query: "bananas".into(), loaded: true });
    let TextEvent::Found(found) = rx.recv().unwrap() else { panic!("indexed again") };
    assert_eq!((found.generation, found.rows.len()), (4, 1));
}
