//! Watching a store's folders (notify, debounced): a change to an article file asks for a reload.

use super::Origin;
use notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Changes closer together than this are one: an editor's save or a `git pull` reloads once.
const SETTLE: Duration = Duration::from_millis(300);

/// Keeps the watch going until dropped.
pub struct StoreWatch {
    _debouncer: Debouncer<notify::RecommendedWatcher>,
}

/// Whether a change at `path` can change the store whose origins are `origins`: an article
/// (`.txt`, `.md`) or a folder under a folder origin, not hidden; the JSON Lines file itself.
pub fn concerns(origins: &[Origin], path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    origins.iter().any(|origin| match origin {
        Origin::Folder(root) if root.is_file() => path == root,
        Origin::Folder(root) => {
            let relative = path.strip_prefix(root).unwrap_or(path);
            let hidden = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let lower = name.to_ascii_lowercase();
            !hidden && (lower.ends_with(".txt") || lower.ends_with(".md") || !lower.contains('.'))
        }
        Origin::JsonLines(file) => path == file,
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
            Origin::Builtin => Origin::Builtin,
        })
        .collect();
    let filter = absolute.clone();
    let mut debouncer = new_debouncer(SETTLE, move |result: DebounceEventResult| {
        // An error from the watcher (a queue overflow) may hide changes: reload to be sure.
        if result.map_or(true, |events| events.iter().any(|e| concerns(&filter, &e.path))) {
            changed();
        }
    })?;
    for origin in &absolute {
        let (path, mode): (PathBuf, RecursiveMode) = match origin {
            Origin::Folder(root) if root.is_dir() => (root.clone(), RecursiveMode::Recursive),
            // A file is watched through its folder: editors replace files rather than write them.
            Origin::Folder(file) | Origin::JsonLines(file) => match file.parent() {
                Some(parent) => (parent.to_path_buf(), RecursiveMode::NonRecursive),
                None => continue,
            },
            Origin::Builtin => continue,
        };
        debouncer.watcher().watch(&path, mode)?;
    }
    Ok(StoreWatch { _debouncer: debouncer })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn only_article_files_and_folders_concern_a_store() {
        let origins = [Origin::Folder("/s".into()), Origin::JsonLines("/j/a.jsonl".into())];
        let yes = ["/s/a.txt", "/s/b/NOTE.MD", "/s/sub", "/j/a.jsonl"];
        let no = ["/s/.a.txt.swp", "/s/.git/index", "/s/a.txt~", "/s/readme.pdf", "/j/b.jsonl"];
        for path in yes {
            assert!(concerns(&origins, Path::new(path)), "{path}");
        }
        for path in no {
            assert!(!concerns(&origins, Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_file_added_is_seen_within_a_second() {
        let dir = crate::store::ScratchDir::new("watch");
        let (tx, rx) = channel();
        let _watch = watch(&[Origin::Folder(dir.to_path_buf())], move || {
            let _ = tx.send(());
        })
        .expect("a watch");
        std::fs::write(dir.join("ignored.tmp"), "x").unwrap();
        std::fs::write(dir.join("new.txt"), "New\n\nText.\n").unwrap();
        rx.recv_timeout(Duration::from_secs(5)).expect("the change is seen");
    }
}
