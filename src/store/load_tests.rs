//! Tests of the background load: streaming order, warnings, the index cache and JSON Lines.

use super::*;
use crate::store::{Catalog, read_article};
use std::fs;
use std::ops::ControlFlow::{Break, Continue};

fn scratch(name: &str) -> crate::store::ScratchDir {
    crate::store::ScratchDir::new(&format!("stream-{name}"))
}

/// Loads `origins` (with title indexes in `cache`, if given); returns the catalog and the
/// events, each with the catalog's size when it was sent.
fn run_counted(origins: Vec<Origin>, cache: Option<&Path>) -> (Catalog, Vec<(LoadEvent, usize)>) {
    let catalog = Catalog::new(origins).shared();
    let events = std::sync::Mutex::new(Vec::new());
    let options = LoadOptions { cache: cache.map(Path::to_path_buf) };
    let flow = load(&catalog, &options, &|e| {
        events.lock().unwrap().push((e, catalog.read().unwrap().len()));
        Continue(())
    });
    let mut events = events.into_inner().unwrap();
    let Continue(rebuilt) = flow else { panic!("the load stopped") };
    // The app swaps a replacement in; here, the test does.
    let catalog = match rebuilt {
        Some(rebuilt) => {
            events.push((LoadEvent::Replaced(Replacement(Box::new(rebuilt.clone()))), rebuilt.len()));
            rebuilt
        }
        None => catalog.read().unwrap().clone(),
    };
    (catalog, events)
}

fn run(origins: Vec<Origin>, cache: Option<&Path>) -> (Catalog, Vec<LoadEvent>) {
    let (catalog, events) = run_counted(origins, cache);
    (catalog, events.into_iter().map(|(event, _)| event).collect())
}

fn titles(catalog: &Catalog) -> Vec<String> {
    (0..catalog.len()).map(|i| catalog.title(i).into_owned()).collect()
}

#[test]
fn parallel_results_are_committed_in_order() {
    let mut seen = Vec::new();
    let done = parallel_in_order(
        1000,
        7,
        |i| i * 2,
        |first, chunk| {
            assert_eq!(first, seen.len());
            seen.extend(chunk);
            Continue(())
        },
    );
    assert!(done.is_continue());
    assert_eq!(seen, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    assert!(parallel_in_order(1000, 4, |i| i, |_, _| Break(())).is_break());
}

#[test]
fn a_folder_streams_in_store_order_with_warnings() {
    let dir = scratch("order");
    for i in 0..300 {
        fs::write(dir.join(format!("{i}.txt")), format!("Title {i}\n\nBody.")).unwrap();
    }
    fs::write(dir.join("150b.txt"), b"\0binary").unwrap();
    let (catalog, events) = run(origins_for(std::slice::from_ref(&dir)), None);
    assert_eq!(catalog.len(), 300);
    assert_eq!(catalog.title(2), "Title 2");
    assert_eq!(catalog.id(10), "10");
    assert_eq!(catalog.title(299), "Title 299");
    assert_eq!(events[0], LoadEvent::Found(301));
    assert_eq!(events.last(), Some(&LoadEvent::Appended(300)), "the loader, not load, says when it is done");
    assert!(events.iter().any(|e| matches!(e, LoadEvent::Warning(w) if w.reason == "binary file")));
    let grown: Vec<usize> =
        events.iter().filter_map(|e| if let LoadEvent::Appended(n) = e { Some(*n) } else { None }).collect();
    assert!(grown.windows(2).all(|w| w[0] < w[1]) && grown.last() == Some(&300));
}

#[test]
fn the_index_is_used_and_stale_entries_are_picked_up() {
    let cache_dir = scratch("cache");
    let cache = Some(cache_dir.as_path());
    let dir = scratch("indexed");
    for i in 0..50 {
        fs::write(dir.join(format!("{i}.txt")), format!("Title {i}\n\nBody.")).unwrap();
    }
    let origins = origins_for(std::slice::from_ref(&dir));
    let (first, events) = run_counted(origins.clone(), cache);
    assert_eq!(events[0], (LoadEvent::Found(50), 0), "without an index, files are listed first");
    let index_file = index::index_path(&cache_dir, &dir).unwrap();
    assert!(index_file.exists());

    // Unchanged: the cached list, shown before the folder is looked at, and nothing replaced.
    let (again, events) = run_counted(origins.clone(), cache);
    assert_eq!(titles(&again), titles(&first));
    assert!(!events.iter().any(|(e, _)| matches!(e, LoadEvent::Replaced(_))));
    assert_eq!(events[0], (LoadEvent::Found(50), 50), "the cached list comes first");

    // A file whose size and modification time did not change is trusted from the index.
    let path = dir.join("5.txt");
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    fs::write(&path, "Title X\n\nBody.").unwrap();
    fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
    let (trusted, _) = run(origins.clone(), cache);
    assert_eq!(trusted.title(5), "Title 5", "read from the index, not the file");
    fs::write(&path, "Title 5\n\nBody.").unwrap();

    // Changed, new and deleted files are picked up and the catalog replaced.
    fs::write(dir.join("7.txt"), "Changed seven, a longer title\n\nBody.").unwrap();
    fs::write(dir.join("100.txt"), "New hundred\n\nBody.").unwrap();
    fs::remove_file(dir.join("3.txt")).unwrap();
    let (updated, events) = run(origins.clone(), cache);
    assert!(events.iter().any(|e| matches!(e, LoadEvent::Replaced(_))));
    assert_eq!(updated.len(), 50);
    assert_eq!(updated.title(6), "Changed seven, a longer title");
    assert_eq!(updated.title(49), "New hundred");
    assert!(!titles(&updated).contains(&"Title 3".to_owned()));

    // A corrupt index is not trusted: the folder is read afresh and the index rewritten.
    fs::write(&index_file, b"FOLIOIX2 garbage").unwrap();
    let (rebuilt, events) = run(origins, cache);
    assert_eq!(titles(&rebuilt), titles(&updated));
    assert!(!events.iter().any(|e| matches!(e, LoadEvent::Replaced(_))));
    assert!(index::read(&index_file, &dir).is_ok());
}

#[test]
fn json_lines_round_trip_through_the_catalog() {
    let dir = scratch("jsonl");
    let path = dir.join("store.jsonl");
    fs::write(
        &path,
        "{\"id\":\"x/1\",\"title\":\"One\",\"paragraphs\":[\"A b c.\"]}\nbroken\n{\"id\":\"x/2\",\"title\":\"Two\"}\n",
    )
    .unwrap();
    let (catalog, events) = run(origins_for(std::slice::from_ref(&path)), None);
    assert_eq!(titles(&catalog), ["One", "Two"]);
    assert!(events.iter().any(|e| matches!(e, LoadEvent::Warning(w) if w.path.ends_with("store.jsonl:2"))));
    let shared = catalog.shared();
    assert_eq!(read_article(&shared, 0).unwrap().size.words, 3);
    assert_eq!(read_article(&shared, 1).unwrap().id, "x/2");
}

#[test]
fn the_loader_loads_once_then_reloads_into_a_replacement() {
    let dir = scratch("reload");
    for i in 0..40 {
        fs::write(dir.join(format!("{i}.txt")), format!("Title {i}\n\nBody.")).unwrap();
    }
    let catalog = Catalog::new(origins_for(std::slice::from_ref(&dir))).shared();
    let (tx, rx) = std::sync::mpsc::channel();
    let loader = Loader::spawn(catalog.clone(), crate::worker::forward(&tx, |e| e)).unwrap();
    let request = LoadRequest { options: LoadOptions::default() };
    let until_done = || rx.iter().take_while(|e| *e != LoadEvent::Done).collect::<Vec<_>>();
    loader.request(request.clone());
    assert!(until_done().contains(&LoadEvent::Appended(40)));
    let epoch = catalog.read().unwrap().epoch();
    fs::write(dir.join("40.txt"), "Title 40\n\nBody.").unwrap();
    loader.request(request);
    let events = until_done();
    let [LoadEvent::Replaced(Replacement(reloaded))] = &events[..] else { panic!("not one replacement: {events:?}") };
    assert_eq!((reloaded.len(), reloaded.title(40)), (41, "Title 40".into()), "nothing is listed twice");
    assert_eq!(catalog.read().unwrap().epoch(), epoch, "the app swaps it in, not the loader");
}
