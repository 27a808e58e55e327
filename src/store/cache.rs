//! The cache folder: what is in it, what no store needs any more (swept), and clearing it.

use std::fs;
use std::path::Path;

/// The file in a text index folder naming the store it indexes, one canonical path a line.
pub const ORIGINS_FILE: &str = "origins";

/// What folio keeps in a cache folder: title indexes, text indexes and their locks.
fn is_folios(name: &str) -> bool {
    (name.starts_with("index-") && name.ends_with(".bin"))
        || (name.starts_with(".index-") && name.ends_with(".tmp"))
        || name.starts_with("text-")
}

/// Whether a text index's store is gone: every folder and file it names no longer exists.
fn store_gone(text_dir: &Path) -> bool {
    let Ok(origins) = fs::read_to_string(text_dir.join(ORIGINS_FILE)) else { return false };
    let named: Vec<&str> = origins.lines().filter(|l| !l.is_empty()).collect();
    !named.is_empty() && named.iter().all(|line| line.starts_with('/') && !Path::new(line).exists())
}

/// Removes the indexes of folders that no longer exist (title indexes by the folder in their
/// header, text indexes by the paths they name); returns how many went.
pub fn sweep_orphans(cache: &Path) -> usize {
    let mut swept = 0;
    for entry in fs::read_dir(cache).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let gone = if name.starts_with("index-") && name.ends_with(".bin") {
            super::index::folder_of(&path).is_some_and(|folder| !folder.exists())
        } else if name.starts_with("text-") && path.is_dir() {
            store_gone(&path)
        } else {
            false
        };
        let removed =
            gone && if path.is_dir() { fs::remove_dir_all(&path).is_ok() } else { fs::remove_file(&path).is_ok() };
        if removed {
            let _ = fs::remove_file(cache.join(format!("{name}.lock")));
            swept += 1;
        }
    }
    swept
}

/// What the cache folder holds of folio's: indexes (title and text; their locks and
/// temporary files count in bytes only) and bytes.
pub fn usage(cache: &Path) -> (usize, u64) {
    fn size(path: &Path) -> u64 {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => {
                fs::read_dir(path).into_iter().flatten().flatten().map(|e| size(&e.path())).sum()
            }
            Ok(meta) => meta.len(),
            Err(_) => 0,
        }
    }
    let ours =
        fs::read_dir(cache).into_iter().flatten().flatten().filter(|e| is_folios(&e.file_name().to_string_lossy()));
    ours.fold((0, 0), |(count, bytes), entry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        let index = (name.starts_with("index-") && name.ends_with(".bin"))
            || (name.starts_with("text-") && entry.path().is_dir());
        (count + usize::from(index), bytes + size(&entry.path()))
    })
}

/// Removes everything of folio's from the cache folder (nothing else that may be there);
/// returns the indexes and bytes removed.
pub fn clear(cache: &Path) -> std::io::Result<(usize, u64)> {
    let freed = usage(cache);
    for entry in fs::read_dir(cache).into_iter().flatten().flatten() {
        if is_folios(&entry.file_name().to_string_lossy()) {
            let path = entry.path();
            if path.is_dir() { fs::remove_dir_all(&path)? } else { fs::remove_file(&path)? }
        }
    }
    Ok(freed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ScratchDir;

    #[test]
    fn indexes_of_folders_gone_are_swept_and_clear_takes_only_folios() {
        let dir = ScratchDir::new("cache-sweep");
        let cache = dir.join("cache");
        let (kept, gone) = (dir.join("kept"), dir.join("gone"));
        for folder in [&kept, &gone] {
            fs::create_dir_all(folder).unwrap();
            fs::write(folder.join("a.txt"), "A\n\nText.\n").unwrap();
            let index = crate::store::index::index_path(&cache, folder).unwrap();
            crate::store::index::write(&index, folder, &[]).unwrap();
            let text = cache.join(format!("text-{}", folder.file_name().unwrap().to_string_lossy()));
            fs::create_dir_all(&text).unwrap();
            fs::write(text.join(ORIGINS_FILE), format!("{}\n", fs::canonicalize(folder).unwrap().display())).unwrap();
        }
        fs::write(cache.join("someone-elses.txt"), "not ours").unwrap();
        assert_eq!(usage(&cache).0, 4);
        fs::remove_dir_all(&gone).unwrap();
        assert_eq!(sweep_orphans(&cache), 2, "the title and the text index of the folder gone");
        assert!(cache.join("text-kept").exists() && !cache.join("text-gone").exists());
        assert_eq!(usage(&cache).0, 2);
        let (removed, bytes) = clear(&cache).unwrap();
        assert!(removed == 2 && bytes > 0);
        assert_eq!(usage(&cache), (0, 0));
        assert!(cache.join("someone-elses.txt").exists(), "only folio's own files go");
    }
}
