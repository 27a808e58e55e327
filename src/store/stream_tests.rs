//! Tests of the background load: streaming order, warnings, the index cache and JSON Lines.

use super::*;
use crate::store::{Catalog, read_article};
use std::fs;

fn scratch(name: &str) -> PathBuf {
    crate::store::scratch_dir(&format!("stream-{name}"))
}

fn run(origins: Vec<Origin>, use_index: bool) -> (Catalog, Vec<LoadEvent>) {
    let catalog = Catalog::new(origins).shared();
    let events = std::sync::Mutex::new(Vec::new());
    load(&catalog, LoadOptions { use_index }, &|e| {
        events.lock().unwrap().push(e);
        true
    });
    let catalog = catalog.read().unwrap().clone();
    (catalog, events.into_inner().unwrap())
}

fn titles(catalog: &Catalog) -> Vec<&str> {
    (0..catalog.len()).map(|i| catalog.title(i)).collect()
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
            true
        },
    );
    assert!(done);
    assert_eq!(seen, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    assert!(!parallel_in_order(1000, 4, |i| i, |_, _| false));
}

#[test]
fn a_folder_streams_in_store_order_with_warnings() {
    let dir = scratch("order");
    for i in 0..300 {
        fs::write(dir.join(format!("{i}.txt")), format!("Title {i}\n\nBody.")).unwrap();
    }
    fs::write(dir.join("150b.txt"), b"\0binary").unwrap();
    let (catalog, events) = run(origins_for(std::slice::from_ref(&dir)), false);
    assert_eq!(catalog.len(), 300);
    assert_eq!(catalog.title(2), "Title 2");
    assert_eq!(catalog.id(10), "10");
    assert_eq!(catalog.title(299), "Title 299");
    assert_eq!(events[0], LoadEvent::Found(301));
    assert_eq!(events.last(), Some(&LoadEvent::Done));
    assert!(events.iter().any(|e| matches!(e, LoadEvent::Warning(w) if w.reason == "binary file")));
    let grown: Vec<usize> =
        events.iter().filter_map(|e| if let LoadEvent::Appended(n) = e { Some(*n) } else { None }).collect();
    assert!(grown.windows(2).all(|w| w[0] < w[1]) && grown.last() == Some(&300));
}

#[test]
fn the_index_is_used_and_stale_entries_are_picked_up() {
    let cache = scratch("cache");
    // SAFETY: tests in this module are the only ones to read XDG_CACHE_HOME, and all set it
    // to the same value.
    unsafe { std::env::set_var("XDG_CACHE_HOME", &cache) };
    let dir = scratch("indexed");
    for i in 0..50 {
        fs::write(dir.join(format!("{i}.txt")), format!("Title {i}\n\nBody.")).unwrap();
    }
    let origins = origins_for(std::slice::from_ref(&dir));
    let (first, _) = run(origins.clone(), true);
    let index_file = index::index_path(&dir).unwrap();
    assert!(index_file.starts_with(&cache) && index_file.exists());

    // Unchanged: the cached list, and nothing replaced.
    let (again, events) = run(origins.clone(), true);
    assert_eq!(titles(&again), titles(&first));
    assert!(!events.contains(&LoadEvent::Replaced));
    assert_eq!(events[0], LoadEvent::Found(50), "the cached list comes first");

    // Changed, new and deleted files are picked up and the catalog replaced.
    fs::write(dir.join("7.txt"), "Changed seven, a longer title\n\nBody.").unwrap();
    fs::write(dir.join("100.txt"), "New hundred\n\nBody.").unwrap();
    fs::remove_file(dir.join("3.txt")).unwrap();
    let (updated, events) = run(origins.clone(), true);
    assert!(events.contains(&LoadEvent::Replaced));
    assert_eq!(updated.len(), 50);
    assert_eq!(updated.title(6), "Changed seven, a longer title");
    assert_eq!(updated.title(49), "New hundred");
    assert!(!titles(&updated).contains(&"Title 3"));

    // A corrupt index is not trusted: the folder is read afresh and the index rewritten.
    fs::write(&index_file, b"FOLIOIX1 garbage").unwrap();
    let (rebuilt, events) = run(origins, true);
    assert_eq!(titles(&rebuilt), titles(&updated));
    assert!(!events.contains(&LoadEvent::Replaced));
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
    let (catalog, events) = run(origins_for(std::slice::from_ref(&path)), false);
    assert_eq!(titles(&catalog), ["One", "Two"]);
    assert!(events.iter().any(|e| matches!(e, LoadEvent::Warning(w) if w.path.ends_with("store.jsonl:2"))));
    let shared = catalog.shared();
    assert_eq!(read_article(&shared, 0).unwrap().words, 3);
    assert_eq!(read_article(&shared, 1).unwrap().id, "x/2");
}
