//! Tests of the text index: ranking, refreshes, corruption, locks, tokenizing and snippets.

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

fn ids(index: &mut TextIndex, catalog: &SharedCatalog, query: &str) -> Vec<String> {
    let results = index.search(catalog, query, 10, &Default::default()).unwrap().results;
    let catalog = catalog.read().unwrap();
    results.found.iter().map(|f| catalog.id(f.index).to_owned()).collect()
}

fn described(index: &mut TextIndex, catalog: &SharedCatalog, query: &str) -> Results {
    let mut search = index.search(catalog, query, 50, &Default::default()).unwrap();
    search.describe(catalog, 0..50);
    assert!(search.described());
    search.results
}

fn open(dir: &Path, catalog: &SharedCatalog) -> (TextIndex, Refreshed) {
    TextIndex::open_and_refresh(catalog, &dir.join("index"), &|_, _| {}, Wait::No).unwrap()
}

#[test]
fn ranks_by_bm25_with_phrases_exclusions_and_folding() {
    let dir = store(
        "fulltext-rank",
        &[
            ("once.txt", "Once\n\nA zebra crossed the road near the café.\n"),
            ("often.txt", "Often\n\nZebra after zebra: the zebra herd, zebra foals, zebra stripes.\n\nZebra later.\n"),
            ("other.txt", "Other\n\nThe road was quiet; no animals crossed.\n"),
        ],
    );
    let catalog = catalog(&dir);
    let (mut index, refreshed) = open(&dir, &catalog);
    assert_eq!(refreshed, Refreshed { added: 3, removed: 0, rebuilt: true, held_elsewhere: false });
    assert_eq!(ids(&mut index, &catalog, "zebra"), ["often", "once"], "repeating a word ranks higher");
    assert_eq!(ids(&mut index, &catalog, "\"road near\""), ["once"], "a phrase");
    assert!(ids(&mut index, &catalog, "\"near road\"").is_empty(), "a phrase is in order");
    assert!(ids(&mut index, &catalog, "\"zebra stripes zebra\"").is_empty(), "and within one paragraph");
    assert_eq!(ids(&mut index, &catalog, "crossed -zebra"), ["other"], "an exclusion");
    assert_eq!(ids(&mut index, &catalog, "CAFE"), ["once"], "case and accents fold");
    let mut both = ids(&mut index, &catalog, "road crossed");
    both.sort();
    assert_eq!(both, ["once", "other"], "every word must occur");
    let near = Ranking { near: 1.0, ..Ranking::default() };
    let found = index.search_ranked(&catalog, "road crossed", 10, &Default::default(), &near).unwrap().results.found;
    assert_eq!(catalog.read().unwrap().id(found[0].index), "once", "words close together may rank first");
    let results = described(&mut index, &catalog, "zebra");
    assert_eq!(results.matches, 2);
    assert_eq!(results.found[0].detail.as_ref().unwrap().hits, 6, "six zebras in the body");
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
    let (mut index, _) = open(&dir, &catalog);
    assert!(ids(&mut index, &catalog, "twitterland").is_empty(), "boilerplate is not text");
    assert_eq!(ids(&mut index, &catalog, "markets"), ["a", "b"], "the title counts double");
    assert_eq!(
        described(&mut index, &catalog, "markets").found[0].detail.as_ref().unwrap().hits,
        1,
        "the title's own hit"
    );
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
    let (mut index, refreshed) = open(&dir, &catalog);
    assert_eq!(
        refreshed,
        Refreshed { added: 2, removed: 1, rebuilt: false, held_elsewhere: false },
        "c added, a changed, b gone"
    );
    assert_eq!(index.len(), 2);
    assert_eq!(ids(&mut index, &catalog, "cherries"), ["c"]);
    assert_eq!(ids(&mut index, &catalog, "apricots"), ["a"]);
    assert!(ids(&mut index, &catalog, "apples").is_empty(), "the old text is gone");
    assert!(ids(&mut index, &catalog, "bananas").is_empty(), "so is the deleted file");
}

#[test]
fn a_corrupt_or_foreign_index_is_rebuilt() {
    let dir = store("fulltext-corrupt", &[("a.txt", "A\n\nApples here.\n")]);
    let catalog = catalog(&dir);
    let _ = open(&dir, &catalog);
    fs::write(dir.join("index/meta.json"), "{ not json").unwrap();
    let (mut index, refreshed) = open(&dir, &catalog);
    assert!(refreshed.rebuilt, "unreadable metadata");
    assert_eq!(ids(&mut index, &catalog, "apples"), ["a"]);
    drop(index);
    // Every segment file cut to nothing: opening may work, reading cannot.
    for entry in fs::read_dir(dir.join("index")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".json") && !name.starts_with('.') && name != VERSION_FILE {
            fs::write(&path, b"").unwrap();
        }
    }
    let (mut index, refreshed) = open(&dir, &catalog);
    assert!(refreshed.rebuilt, "broken segments");
    assert_eq!(ids(&mut index, &catalog, "apples"), ["a"]);
    drop(index);
    fs::write(dir.join("index").join(VERSION_FILE), "folio-text-0").unwrap();
    assert!(open(&dir, &catalog).1.rebuilt, "another version");
}

#[test]
fn japanese_is_found_by_words_inside_sentences() {
    let Some(ja) = crate::testing::shared_corpus("wikipedia-7lang/ja") else { return };
    let dir = ScratchDir::new("fulltext-ja");
    let catalog = load_catalog(vec![Origin::Folder(ja)], LoadOptions::default()).0;
    let (mut index, _) = TextIndex::open_and_refresh(&catalog, &dir.join("index"), &|_, _| {}, Wait::No).unwrap();
    // 東京 inside longer words and sentences, never set off by spaces.
    let results = described(&mut index, &catalog, "東京");
    assert!(results.matches >= 5, "found {} articles", results.matches);
    for found in &results.found {
        let article = store::read_article(&catalog, found.index).unwrap();
        assert!(article.title.contains("東京") || article.texts().any(|p| p.contains("東京")));
    }
    let first = results.found[0].detail.as_ref().unwrap();
    assert!(first.highlighted.iter().all(|r| first.snippet[r.clone()].contains('東')), "{first:?}");
}

#[test]
fn the_text_searcher_indexes_then_answers() {
    let dir = store("fulltext-worker", &[("a.txt", "A\n\nApples here.\n"), ("b.txt", "B\n\nBananas and apples.\n")]);
    let catalog = catalog(&dir);
    let (tx, rx) = std::sync::mpsc::channel();
    let searcher = TextSearcher::spawn(catalog, Some(dir.join("cache")), crate::worker::forward(&tx, |e| e)).unwrap();
    searcher.request(TextRequest { generation: 3, query: "apples".into(), loaded: true, ..TextRequest::default() });
    let events: Vec<TextEvent> = rx.iter().take(3).collect();
    assert_eq!(events[0], TextEvent::Indexing { done: 2, total: 2 });
    assert_eq!(events[1], TextEvent::Indexed { articles: 2 });
    let TextEvent::Found(found) = &events[2] else { panic!("{events:?}") };
    assert_eq!((found.generation, found.matches, found.rows.len()), (3, 2, 2));
    assert!(found.rows.iter().all(|(_, detail)| detail.as_ref().is_some_and(|d| d.hits >= 1)), "described");
    // Nothing changed: the next request is answered without indexing.
    searcher.request(TextRequest { generation: 4, query: "bananas".into(), loaded: true, ..TextRequest::default() });
    let TextEvent::Found(found) = rx.recv().unwrap() else { panic!("indexed again") };
    assert_eq!((found.generation, found.rows.len()), (4, 1));
}

#[test]
fn single_cjk_characters_and_unfolded_letters() {
    let dir = store(
        "fulltext-cjk",
        &[("a.txt", "猫\n\n猫が好きです。東京都に住む。\n"), ("b.txt", "Straße\n\nDie Straße ist lang.\n")],
    );
    let catalog = catalog(&dir);
    let (mut index, _) = open(&dir, &catalog);
    assert_eq!(ids(&mut index, &catalog, "好"), ["a"], "one character inside a sentence");
    assert_eq!(ids(&mut index, &catalog, "京都"), ["a"], "a pair inside a longer word");
    assert!(ids(&mut index, &catalog, "都京").is_empty(), "the characters in their order");
    assert_eq!(ids(&mut index, &catalog, "STRAßE"), ["b"]);
    assert_eq!(ids(&mut index, &catalog, "'strasse").len(), 0, "ß is not ss, as typed");
    let german = described(&mut index, &catalog, "strasse");
    assert_eq!(german.found[0].detail.as_ref().unwrap().hits, 2, "but German's stemmer makes it ss: shown");
    let hits = described(&mut index, &catalog, "東京都").found[0].detail.clone().unwrap();
    assert_eq!(hits.hits, 1, "one occurrence, however many of its pairs match");
}

#[test]
fn another_folio_holding_the_index_leaves_it_as_it_is() {
    let dir = store("fulltext-lock", &[("a.txt", "A\n\nApples here.\n")]);
    let catalog = catalog(&dir);
    let _ = open(&dir, &catalog);
    write(&dir, "b.txt", "B\n\nBananas here.\n");
    let catalog = self::catalog(&dir);
    let held = fs::File::create(dir.join("index").with_extension("lock")).unwrap();
    held.lock().unwrap();
    let (mut index, refreshed) = open(&dir, &catalog);
    assert_eq!(refreshed, Refreshed { held_elsewhere: true, ..Refreshed::default() }, "left while another holds it");
    assert_eq!(ids(&mut index, &catalog, "apples"), ["a"], "but searched");
    drop((index, held));
    let (mut index, refreshed) = open(&dir, &catalog);
    assert_eq!(refreshed.added, 1);
    assert_eq!(ids(&mut index, &catalog, "bananas"), ["b"]);
}

#[test]
fn one_store_named_two_ways_has_one_index() {
    let dir = store("fulltext-dir", &[("a.txt", "A\n\nApples.\n")]);
    let cache = Path::new("/cache");
    let plain = index_dir(cache, &[Origin::Folder(dir.join("store"))]);
    assert_eq!(plain, index_dir(cache, &[Origin::Folder(dir.join("store/../store/."))]));
    assert_ne!(plain, index_dir(cache, &[Origin::Folder(dir.join("store")), Origin::Builtin]));
    assert!(plain.starts_with(cache) && plain.file_name().unwrap().to_string_lossy().starts_with("text-"));
}

#[test]
fn the_text_searcher_waits_for_another_folio_then_answers() {
    let dir = store("fulltext-worker-wait", &[("a.txt", "A\n\nApples here.\n")]);
    let catalog = catalog(&dir);
    let index = index_dir(&dir.join("cache"), catalog.read().unwrap().origins());
    fs::create_dir_all(index.parent().unwrap()).unwrap();
    let held = fs::File::create(index.with_extension("lock")).unwrap();
    held.lock().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let searcher = TextSearcher::spawn(catalog, Some(dir.join("cache")), crate::worker::forward(&tx, |e| e)).unwrap();
    searcher.request(TextRequest { generation: 1, query: "apples".into(), loaded: true, ..TextRequest::default() });
    assert_eq!(rx.recv().unwrap(), TextEvent::Waiting, "no index yet, and another folio holds it");
    drop(held);
    // Tried again by itself: built, then the question answered, with nothing typed.
    let mut events = Vec::new();
    while let Ok(event) = rx.recv_timeout(std::time::Duration::from_secs(30)) {
        let found = matches!(&event, TextEvent::Found(f) if f.rows.len() == 1);
        events.push(event);
        if found {
            break;
        }
    }
    assert!(events.contains(&TextEvent::Indexed { articles: 1 }), "{events:?}");
    assert!(matches!(events.last(), Some(TextEvent::Found(_))), "answered: {events:?}");
}

#[test]
fn korean_words_are_found_inside_longer_ones_with_their_hits_counted() {
    let dir = store(
        "fulltext-ko",
        &[
            ("lang.txt", "언어\n\n한국어를 배우는 학생들이 많다.\n"),
            ("capital.txt", "수도\n\n한국의 수도는 서울이다. 한국 사람들.\n"),
            ("other.txt", "다른\n\n일본어와 중국어.\n"),
        ],
    );
    let catalog = catalog(&dir);
    let (mut index, _) = open(&dir, &catalog);
    let results = described(&mut index, &catalog, "한국");
    let found: Vec<(String, usize)> = {
        let catalog = catalog.read().unwrap();
        results.found.iter().map(|f| (catalog.id(f.index).to_owned(), f.detail.as_ref().unwrap().hits)).collect()
    };
    assert_eq!(found, [("capital".to_owned(), 2), ("lang".to_owned(), 1)], "a particle joined or not");
    assert_eq!(ids(&mut index, &catalog, "서울"), ["capital"]);
    assert!(ids(&mut index, &catalog, "국한").is_empty(), "the letters in order");
}

#[test]
fn thai_lao_and_khmer_words_are_found_without_spaces_with_their_hits_counted() {
    let dir = store(
        "fulltext-th",
        &[
            ("lang.txt", "ภาษา\n\nฉันชอบเรียนภาษาไทยมาก\n"),
            ("food.txt", "อาหาร\n\nต้มยำกุ้งเป็นอาหารไทยที่อร่อย\n"),
            ("lao.txt", "ລາວ\n\nຂ້ອຍມັກພາສາລາວ\n"),
            ("khmer.txt", "ខ្មែរ\n\nខ្ញុំស្រលាញ់ភាសាខ្មែរ\n"),
        ],
    );
    let catalog = catalog(&dir);
    let (mut index, _) = open(&dir, &catalog);
    let mut found = |query: &str| -> Vec<(String, usize)> {
        let results = described(&mut index, &catalog, query);
        let catalog = catalog.read().unwrap();
        let mut found: Vec<(String, usize)> =
            results.found.iter().map(|f| (catalog.id(f.index).to_owned(), f.detail.as_ref().unwrap().hits)).collect();
        found.sort();
        found
    };
    assert_eq!(found("ไทย"), [("food".to_owned(), 1), ("lang".to_owned(), 1)]);
    assert_eq!(found("ต้มยำกุ้ง"), [("food".to_owned(), 1)]);
    assert_eq!(found("ພາສາ"), [("lao".to_owned(), 1)]);
    assert_eq!(found("ស្រលាញ់"), [("khmer".to_owned(), 1)]);
}

#[test]
fn the_last_word_as_typed_finds_the_words_it_starts_below_itself() {
    let dir = store(
        "fulltext-prefix",
        &[
            ("long.txt", "Long\n\nCompressors of logs save space; compressors vary.\n"),
            ("exact.txt", "Exact\n\nWe compress the logs.\n"),
            ("other.txt", "Other\n\nNothing of the kind.\n"),
        ],
    );
    let catalog = catalog(&dir);
    let (mut index, _) = open(&dir, &catalog);
    assert_eq!(ids(&mut index, &catalog, "compress"), ["exact", "long"], "the word itself first");
    let mut both = ids(&mut index, &catalog, "logs compre");
    both.sort();
    assert_eq!(both, ["exact", "long"]);
    assert_eq!(ids(&mut index, &catalog, "compress "), ["exact"], "a space after it: the word only");
    assert_eq!(ids(&mut index, &catalog, "'compress"), ["exact"], "' asks for the word only");
    assert_eq!(ids(&mut index, &catalog, "\"compress\""), ["exact"], "so do quotes");
    assert!(ids(&mut index, &catalog, "co").len() < 2, "two letters start nothing");
    let results = described(&mut index, &catalog, "compress");
    let hits: Vec<usize> = results.found.iter().map(|f| f.detail.as_ref().unwrap().hits).collect();
    assert_eq!(hits, [1, 2], "the longer words counted as hits");
}

#[test]
fn word_forms_and_typos_are_found_below_the_word_as_typed() {
    let dir = store(
        "fulltext-forms",
        &[
            ("exact.txt", "Exact\n\nThe printer colors the page; the colors are bright and the printer is quick.\n"),
            ("stem.txt", "Stem\n\nThe printer colored the page, and the page is colored by the printer today.\n"),
            ("typo.txt", "Typo\n\nThe printer colours the page, and the page is new from the printer today.\n"),
            ("french.txt", "Français\n\nLes couleurs de la page sont vives et la page est imprimée aujourd'hui.\n"),
            ("other.txt", "Other\n\nNothing of the kind is said here, by anyone, at any time of the day.\n"),
        ],
    );
    let catalog = catalog(&dir);
    let (mut index, _) = open(&dir, &catalog);
    assert_eq!(ids(&mut index, &catalog, "colors "), ["exact", "stem", "typo"], "as typed, then forms, then typos");
    assert_eq!(ids(&mut index, &catalog, "'colors"), ["exact"], "' asks for the word alone");
    assert_eq!(ids(&mut index, &catalog, "colouring "), ["typo"], "its own stem's forms: colour is no color");
    assert_eq!(ids(&mut index, &catalog, "couleur "), ["french"], "French forms in French");
    assert!(ids(&mut index, &catalog, "colr ").is_empty(), "four letters: no typo");
    let plain = Ranking { stems: false, typos: 0.0, ..Ranking::default() };
    let found = index.search_ranked(&catalog, "colors ", 10, &Default::default(), &plain).unwrap().results.found;
    assert_eq!(found.len(), 1, "forms are the ranking's to allow");
    let results = described(&mut index, &catalog, "colors ");
    let hits: Vec<usize> = results.found.iter().map(|f| f.detail.as_ref().unwrap().hits).collect();
    assert_eq!(hits, [2, 2, 1], "the reader's hits are the index's finds");
}
