//! Watching a store's folders (notify, debounced): a change to an article file asks for a reload.

use super::Origin;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Changes closer together than this are one: an editor's save or a `git pull` reloads once.
const SETTLE: Duration = Duration::from_millis(300);

/// Keeps the watch going until dropped.
pub struct StoreWatch {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

/// Whether a change at `path` can change the store whose origins are `origins`: an article
/// (a name [`super::kind::of_name`] reads) or a folder under a folder origin, not hidden; the JSON Lines file itself.
pub fn concerns(origins: &[Origin], path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    origins.iter().any(|origin| match origin {
        Origin::Folder(root) if root.is_file() => path == root,
        // The folder itself going or coming back (seen from its parent).
        Origin::Folder(root) if path == root => true,
        Origin::Folder(root) => {
            let Ok(relative) = path.strip_prefix(root) else { return false };
            let hidden = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            // A folder's name (`sub`) reads as an extensionless file's: both concern it.
            !hidden && (super::kind::of_name(&name).is_some() || super::kind::in_maildir(path))
        }
        Origin::JsonLines(file) => path == file,
        Origin::Listed(listing) => path.strip_prefix(&listing.root).is_ok_and(|r| listing.files.iter().any(|f| f == r)),
        Origin::Builtin => false,
    })
}

/// Watches every folder (and JSON Lines file) of `origins`; `changed` is called once a burst
/// of changes to their articles settles.
pub fn watch(origins: &[Origin], changed: impl Fn() + Send + 'static) -> notify::Result<StoreWatch> {
    let absolute: Vec<Origin> = origins
        .iter()
        .map(|origin| match origin {
            Origin::Folder(p) => Origin::Folder(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
            Origin::JsonLines(p) => Origin::JsonLines(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
            other => other.clone(),
        })
        .collect();
    let filter = absolute.clone();
    let (seen, settle) = channel::<()>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        // Reading a file is no change (folio reads its own articles): only what alters the
        // store counts. An error (a queue overflow) may hide changes: reload to be sure.
        let counts = match event {
            Ok(event) => {
                !matches!(event.kind, EventKind::Access(_)) && event.paths.iter().any(|p| concerns(&filter, p))
            }
            Err(_) => true,
        };
        if counts {
            let _ = seen.send(());
        }
    })?;
    let watcher = Arc::new(Mutex::new(watcher));
    // The thread holds the watcher weakly: dropping the StoreWatch ends the watch, and with it
    // the callback's sender, so the thread ends too.
    let rearm = (Arc::downgrade(&watcher), absolute.clone());
    // One reload per burst: after the first change, wait until none came for SETTLE.
    std::thread::Builder::new().name("folio-watch".into()).spawn(move || {
        let (watcher, origins) = rearm;
        // Which folder origins have a live recursive watch: one that went took its watch with it.
        let mut armed: Vec<bool> =
            origins.iter().map(|origin| matches!(origin, Origin::Folder(root) if root.is_dir())).collect();
        while settle.recv().is_ok() {
            loop {
                match settle.recv_timeout(SETTLE) {
                    Ok(()) => continue,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            let Some(watcher) = watcher.upgrade() else { return };
            for (origin, armed) in origins.iter().zip(armed.iter_mut()) {
                let Origin::Folder(root) = origin else { continue };
                let here = root.is_dir();
                // A folder that came back is a new folder: watched again, once.
                if here && !*armed {
                    let mut watcher = watcher.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    *armed = watcher.watch(root, RecursiveMode::Recursive).is_ok();
                } else if !here {
                    *armed = false;
                }
            }
            drop(watcher);
            changed();
        }
    })?;
    let mut guard = watcher.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    for origin in &absolute {
        // A list's files through their folders, each once.
        if let Origin::Listed(listing) = origin {
            let mut folders: Vec<PathBuf> =
                listing.files.iter().filter_map(|f| listing.root.join(f).parent().map(PathBuf::from)).collect();
            folders.sort();
            folders.dedup();
            for folder in folders {
                guard.watch(&folder, RecursiveMode::NonRecursive)?;
            }
            continue;
        }
        let (path, mode): (PathBuf, RecursiveMode) = match origin {
            Origin::Folder(root) if root.is_dir() => (root.clone(), RecursiveMode::Recursive),
            // A file is watched through its folder: editors replace files rather than write them.
            Origin::Folder(file) | Origin::JsonLines(file) => match file.parent() {
                Some(parent) => (parent.to_path_buf(), RecursiveMode::NonRecursive),
                None => continue,
            },
            Origin::Builtin | Origin::Listed(_) => continue,
        };
        guard.watch(&path, mode)?;
        // A folder is watched from its parent too, so that its going and coming back are seen.
        if let Origin::Folder(root) = origin
            && root.is_dir()
            && let Some(parent) = root.parent()
        {
            guard.watch(parent, RecursiveMode::NonRecursive)?;
        }
    }
    drop(guard);
    Ok(StoreWatch { _watcher: watcher })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn a_maildir_message_concerns_its_store_whatever_its_name() {
        let dir = crate::store::ScratchDir::new("watch-maildir");
        for folder in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(dir.join(folder)).unwrap();
        }
        let origins = [Origin::Folder(dir.to_path_buf())];
        assert!(concerns(&origins, &dir.join("cur/1704358800.M1P2.host:2,S")));
        assert!(!concerns(&origins, &dir.join("1704358800.M1P2.host:2,S")), "outside cur/ and new/ it is no message");
    }

    #[test]
    fn only_article_files_and_folders_concern_a_store() {
        let origins = [Origin::Folder("/s".into()), Origin::JsonLines("/j/a.jsonl".into())];
        let yes =
            ["/s/a.txt", "/s/b/NOTE.MD", "/s/sub", "/j/a.jsonl", "/s/p.html", "/s/b.epub", "/s/d.txt.gz", "/s/NEWS"];
        let no = ["/s/.a.txt.swp", "/s/.git/index", "/s/a.txt~", "/s/readme.pdf", "/j/b.jsonl"];
        for path in yes {
            assert!(concerns(&origins, Path::new(path)), "{path}");
        }
        for path in no {
            assert!(!concerns(&origins, Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_file_added_is_seen_once_and_reading_is_no_change() {
        let dir = crate::store::ScratchDir::new("watch");
        std::fs::write(dir.join("old.txt"), "Old\n\nText.\n").unwrap();
        let (tx, rx) = channel();
        let _watch = watch(&[Origin::Folder(dir.to_path_buf())], move || {
            let _ = tx.send(());
        })
        .expect("a watch");
        std::fs::read(dir.join("old.txt")).unwrap();
        std::fs::write(dir.join("ignored.tmp"), "x").unwrap();
        assert!(rx.recv_timeout(SETTLE * 3).is_err(), "reading a file or writing another is no change");
        for i in 0..5 {
            std::fs::write(dir.join(format!("new{i}.txt")), "New\n\nText.\n").unwrap();
        }
        rx.recv_timeout(Duration::from_secs(5)).expect("the change is seen");
        assert!(rx.recv_timeout(SETTLE * 3).is_err(), "a burst is one change");
    }
}
