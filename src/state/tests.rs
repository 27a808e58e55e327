//! Tests of the state file against every fault: corrupt files, newer versions, crashes, two writers, a full disk.

use super::*;
use crate::store::ScratchDir;
use std::fs;

fn read(path: &std::path::Path) -> State {
    let loaded = load(path);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.state
}

#[test]
fn a_saved_state_reads_back() {
    let dir = ScratchDir::new("state-round-trip");
    let path = dir.join("sub/state.json");
    assert_eq!(load(&path).state, State::default(), "no file: a clean state");
    let mut memory = Memory::new(State::default());
    memory.update_article("/news", "a/1", |a| {
        a.place = Some(crate::document::Anchor::at(3, 120));
        a.starred = true;
    });
    memory.set_last("/news", ("oil", false), Some("a/1"));
    assert!(memory.is_dirty());
    save(&path, &mut memory).unwrap();
    assert!(!memory.is_dirty());
    let state = read(&path);
    assert_eq!(state, memory.state);
    let store = &state.stores["/news"];
    assert_eq!((store.query.as_str(), store.article.as_deref()), ("oil", Some("a/1")));
    assert_eq!(store.articles["a/1"].place, Some(crate::document::Anchor::at(3, 120)));
    assert!(
        fs::read_dir(dir.join("sub")).unwrap().flatten().all(|e| !e.file_name().to_string_lossy().ends_with(".tmp"))
    );
}

#[test]
fn corrupt_files_are_moved_aside_and_folio_starts_clean() {
    let dir = ScratchDir::new("state-corrupt");
    let path = dir.join("state.json");
    let good = serde_json::to_vec(&State::default()).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("cut short", good[..good.len() / 2].to_vec()),
        ("NULs", vec![0; 64]),
        ("not a state", b"[1, 2, 3]".to_vec()),
        ("wrong types", br#"{"version": "one"}"#.to_vec()),
    ];
    for (what, bytes) in cases {
        fs::write(&path, &bytes).unwrap();
        let loaded = load(&path);
        assert_eq!(loaded.state, State::default(), "{what}");
        assert!(!loaded.read_only, "{what}: a clean state may be saved");
        assert!(loaded.warnings[0].contains("corrupt"), "{what}: {:?}", loaded.warnings);
        assert!(!path.exists(), "{what}: moved aside");
        let aside: Vec<_> = fs::read_dir(&*dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
            .collect();
        assert_eq!(fs::read(aside[0].path()).unwrap(), bytes, "{what}: kept as it was");
        fs::remove_file(aside[0].path()).unwrap();
    }
    // Two corrupt files within a second: both kept.
    fs::write(&path, "one").unwrap();
    let _ = load(&path);
    fs::write(&path, "two").unwrap();
    let _ = load(&path);
    let kept = fs::read_dir(&*dir).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"));
    assert_eq!(kept.count(), 2);
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(&good);
    fs::write(&path, with_bom).unwrap();
    assert_eq!(read(&path), State::default(), "a BOM is no corruption");
}

#[test]
fn a_newer_file_is_read_and_never_overwritten() {
    let dir = ScratchDir::new("state-newer");
    let path = dir.join("state.json");
    let newer = r#"{"version": 99, "stores": {"/s": {"query": "q", "articles": {"x": {"read": true}}}}, "future": 1}"#;
    fs::write(&path, newer).unwrap();
    let loaded = load(&path);
    assert!(loaded.read_only && loaded.warnings[0].contains("newer"), "{:?}", loaded.warnings);
    assert!(loaded.state.stores["/s"].articles["x"].read, "what it says is used");
    // A save, even one that forgot the file is read-only, leaves it as it is.
    let mut memory = Memory::new(loaded.state);
    memory.update_article("/s", "y", |a| a.starred = true);
    let refused = save(&path, &mut memory).unwrap_err();
    assert!(refused.contains("newer folio"), "{refused}");
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
}

#[test]
fn a_folio_that_changed_nothing_of_a_store_leaves_its_query_and_article() {
    let dir = ScratchDir::new("state-idle-second");
    let path = dir.join("state.json");
    let (mut first, mut second) = (Memory::new(read(&path)), Memory::new(read(&path)));
    first.set_last("/s", ("blair", false), Some("b"));
    second.set_order("/s", crate::search::shape::SortOrder::Title);
    // The same values a session started with are no change either.
    second.set_last("/s", ("", false), None);
    save(&path, &mut first).unwrap();
    save(&path, &mut second).unwrap();
    let store = &read(&path).stores["/s"];
    assert_eq!((store.query.as_str(), store.article.as_deref()), ("blair", Some("b")), "the first's, kept");
    assert_eq!(store.order, crate::search::shape::SortOrder::Title, "the second's one change, made");
    // The second moves on to an article of its own: that field alone is the second's.
    second.set_last("/s", ("", false), Some("c"));
    save(&path, &mut second).unwrap();
    let store = &read(&path).stores["/s"];
    assert_eq!((store.query.as_str(), store.article.as_deref()), ("blair", Some("c")));
}

#[test]
fn two_writers_lose_nothing() {
    let dir = ScratchDir::new("state-two-writers");
    let path = dir.join("state.json");
    let writers: Vec<_> = (0..2)
        .map(|writer| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut memory = Memory::new(load(&path).state);
                for i in 0..200 {
                    memory.update_article("/s", &format!("w{writer}-{i}"), |a| a.read = true);
                    if i % 7 == 0 {
                        save(&path, &mut memory).unwrap();
                    }
                }
                save(&path, &mut memory).unwrap();
            })
        })
        .collect();
    writers.into_iter().for_each(|w| w.join().unwrap());
    let state = read(&path);
    assert_eq!(state.stores["/s"].articles.len(), 400, "every update of both");
}

#[test]
fn a_save_that_cannot_write_keeps_the_old_file() {
    let dir = ScratchDir::new("state-unwritable");
    let path = dir.join("state.json");
    let mut memory = Memory::new(State::default());
    memory.set_last("/s", ("first", false), None);
    save(&path, &mut memory).unwrap();
    // The folder is a file: nothing can be created in it.
    let blocked = dir.join("blocked");
    fs::write(&blocked, "").unwrap();
    memory.set_last("/s", ("second", false), None);
    let error = save(&blocked.join("state.json"), &mut memory).unwrap_err();
    assert!(error.contains("blocked"), "names the file: {error}");
    assert!(memory.is_dirty(), "still to be saved");
    assert_eq!(read(&path).stores["/s"].query, "first");
}

#[test]
fn stale_temporary_files_are_swept() {
    let dir = ScratchDir::new("state-sweep");
    let path = dir.join("state.json");
    fs::write(dir.join(".state.json.12345.tmp"), "half a sta").unwrap();
    let mut memory = Memory::new(State::default());
    memory.set_last("/s", ("q", false), None);
    save(&path, &mut memory).unwrap();
    assert!(!dir.join(".state.json.12345.tmp").exists());
}

#[test]
fn the_state_path_follows_the_flag_then_the_environment() {
    let given = std::path::Path::new("/tmp/given.json");
    assert_eq!(state_path(Some(given)).as_deref(), Some(given));
    // The environment is the process's: only what holds whatever it says is checked here.
    let default = state_path(None);
    assert!(default.is_none_or(|p| p.ends_with("state.json") || std::env::var_os("FOLIO_STATE").is_some()));
}

/// Run as a child process by the tests below (ignored otherwise): saves to `FOLIO_STATE_CHILD`
/// over and over, `FOLIO_STATE_UPDATES` times (or forever), as writer `FOLIO_STATE_WRITER`.
#[test]
#[ignore = "a child process of the tests below"]
fn state_writer_child() {
    let Some(path) = std::env::var_os("FOLIO_STATE_CHILD") else { return };
    let path = std::path::PathBuf::from(path);
    let writer = std::env::var("FOLIO_STATE_WRITER").unwrap_or_default();
    let updates: usize = std::env::var("FOLIO_STATE_UPDATES").ok().and_then(|n| n.parse().ok()).unwrap_or(usize::MAX);
    let mut memory = Memory::new(load(&path).state);
    for i in 0..updates {
        memory.update_article("/s", &format!("{writer}-{i}"), |a| a.progress = (i % 100) as u8 + 1);
        // Many entries, so a write takes long enough to be caught in the middle.
        memory.set_last("/s", (&"q".repeat(i % 50), false), None);
        save(&path, &mut memory).unwrap();
    }
}

fn child(path: &std::path::Path, writer: &str, updates: Option<usize>) -> std::process::Child {
    let mut command = std::process::Command::new(std::env::current_exe().unwrap());
    command.args(["--ignored", "--exact", "state::tests::state_writer_child", "--nocapture"]);
    command.env("FOLIO_STATE_CHILD", path).env("FOLIO_STATE_WRITER", writer);
    if let Some(updates) = updates {
        command.env("FOLIO_STATE_UPDATES", updates.to_string());
    }
    command.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap()
}

#[test]
fn a_writer_killed_mid_save_leaves_a_whole_file() {
    let dir = ScratchDir::new("state-killed");
    let path = dir.join("state.json");
    for round in 0..20u64 {
        let mut writer = child(&path, &format!("k{round}"), None);
        std::thread::sleep(std::time::Duration::from_millis(40 + (round * 37) % 90));
        writer.kill().unwrap();
        writer.wait().unwrap();
        if path.exists() {
            let loaded = load(&path);
            assert!(loaded.warnings.is_empty(), "round {round}: {:?}", loaded.warnings);
        }
    }
    assert!(path.exists(), "some saves were done");
}

#[test]
fn two_writer_processes_lose_nothing() {
    let dir = ScratchDir::new("state-two-processes");
    let path = dir.join("state.json");
    let writers = [child(&path, "p1", Some(150)), child(&path, "p2", Some(150))];
    for mut writer in writers {
        assert!(writer.wait().unwrap().success());
    }
    let state = read(&path);
    assert_eq!(state.stores["/s"].articles.len(), 300, "every update of both processes");
}

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct SmallDisk(ScratchDir);

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = ScratchDir::new("state-full-disk");
        let options = format!("size={size}");
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &options, "folio-test", &dir.display().to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk(dir))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&*self.0).status();
    }
}

#[test]
fn a_full_disk_keeps_the_old_file_and_says_so() {
    let Some(disk) = SmallDisk::mount("64k") else {
        // Under CI, a run that cannot fill a disk fails rather than passes untested.
        return crate::testing::missing("a 64 KiB tmpfs to fill (mount -t tmpfs needs root)");
    };
    let path = disk.0.join("state.json");
    let mut memory = Memory::new(State::default());
    memory.set_last("/s", ("first", false), None);
    save(&path, &mut memory).unwrap();
    let before = fs::read(&path).unwrap();
    // Fill what is left, then ask for a save larger than any room there is.
    let filler = vec![b'x'; 4096];
    {
        use std::io::Write;
        let mut fill = fs::File::create(disk.0.join("filler")).unwrap();
        while fill.write_all(&filler).and_then(|()| fill.sync_all()).is_ok() {}
    }
    for i in 0..200 {
        memory.update_article("/s", &format!("article-{i:04}"), |a| a.read = true);
    }
    let error = save(&path, &mut memory).unwrap_err();
    assert!(error.contains("state.json") && error.contains("No space left"), "{error}");
    assert_eq!(fs::read(&path).unwrap(), before, "the old file intact");
    assert!(memory.is_dirty(), "the changes still to be saved");
    let leftovers: Vec<_> = fs::read_dir(&*disk.0)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    // Room again: the next save writes everything.
    fs::remove_file(disk.0.join("filler")).unwrap();
    save(&path, &mut memory).unwrap();
    assert_eq!(read(&path).stores["/s"].articles.len(), 200);
}

#[test]
fn two_folios_annotating_one_article_keep_both_notes_and_a_removal() {
    use crate::highlight::Highlight;
    let dir = ScratchDir::new("state-highlights");
    let path = dir.join("state.json");
    let text = "The river rose in the night. The bridge closed at dawn.";
    let first = Highlight::new("a/1", text, 4..15, 100);
    let mut one = Memory::new(read_or_default(&path));
    let mut two = Memory::new(read_or_default(&path));
    assert!(one.set_highlight("/news", &first.id(), Some(first.clone())));
    save(&path, &mut one).unwrap();
    // The other folio, started before the first saved, notes another passage of the article.
    let second = Highlight { note: "ask the council".into(), ..Highlight::new("a/1", text, 33..39, 101) };
    assert_ne!(first.id(), second.id());
    two.set_highlight("/news", &second.id(), Some(second.clone()));
    save(&path, &mut two).unwrap();
    let kept = &read(&path).stores["/news"].highlights;
    assert_eq!(kept.get(&first.id()), Some(&first));
    assert_eq!(kept.get(&second.id()), Some(&second));
    // The first folio removes its highlight: the other's note stays.
    let mut one = Memory::new(read(&path));
    assert!(one.set_highlight("/news", &first.id(), None));
    assert!(!one.set_highlight("/news", &first.id(), None), "nothing left to remove");
    save(&path, &mut one).unwrap();
    let kept = &read(&path).stores["/news"].highlights;
    assert_eq!(kept.keys().collect::<Vec<_>>(), [&second.id()]);
    // One folio edits the note; another, idle since, finds the highlight again in an edited
    // text (its quote changes, not its time): the edited note is kept.
    let mut idle = Memory::new(read(&path));
    let mut editor = Memory::new(read(&path));
    let edited = Highlight { note: "the council said no".into(), updated: 200, ..second.clone() };
    editor.set_highlight("/news", &second.id(), Some(edited.clone()));
    save(&path, &mut editor).unwrap();
    let mut moved = second.clone();
    moved.quote.start += 10;
    idle.set_highlight("/news", &second.id(), Some(moved));
    save(&path, &mut idle).unwrap();
    assert_eq!(read(&path).stores["/news"].highlights.get(&second.id()), Some(&edited));
}

fn read_or_default(path: &std::path::Path) -> State {
    if path.exists() { read(path) } else { State::default() }
}
