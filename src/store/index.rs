//! The title index cache: a folder seen before shows its list without reading its files.
//
// One file per folder in the cache folder the load is given (by default the user's,
// `$XDG_CACHE_HOME/folio`), holding each article's path, id, title, size and mtime. Written
// atomically; checked by magic, folder and checksum when read, so a corrupt or foreign index
// is rebuilt, never trusted.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

// 2: titles are NFC-normalized since issue 8; an index of older titles must not be trusted.
// 3: Markdown titles by the CommonMark reader, and each entry's tags (issue 20).
const MAGIC: &[u8; 8] = b"FOLIOIX4";

/// One cached article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub relative: PathBuf,
    pub id: String,
    pub title: String,
    pub size: u64,
    pub mtime: i64,
    pub tags: Vec<String>,
    /// A feed's item or a mailbox's message: its own stamp (`size` and `mtime` are its file's).
    pub item: Option<ItemStamp>,
}

/// What an article inside a file (a feed's item) has of its own: its length, its date in
/// nanoseconds, and a version that changes only when its text does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemStamp {
    pub size: u64,
    pub time: i64,
    pub version: u64,
}

/// Where folio keeps its caches: `$XDG_CACHE_HOME/folio`, else `~/.cache/folio`.
pub fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "folio").map(|dirs| dirs.cache_dir().to_path_buf())
}

/// The index file for a folder in cache folder `cache`, named by a hash of its canonical path.
pub fn index_path(cache: &Path, root: &Path) -> Option<PathBuf> {
    let canonical = fs::canonicalize(root).ok()?;
    let name = format!("index-{:016x}.bin", fnv1a(canonical.as_os_str().as_bytes()));
    Some(cache.join(name))
}

/// FNV-1a: a hash that stays the same across Rust releases, for names kept on disk.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Why an index was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum IndexError {
    Missing,
    /// Unreadable, cut short, from another version or another folder, or failing its checksum.
    Invalid(&'static str),
}

/// The folder the index at `path` was written for, from its header alone (the cache sweep
/// asks this of every index, so the rest is not read).
pub fn folder_of(path: &Path) -> Option<PathBuf> {
    use std::io::Read;
    let mut head = Vec::new();
    fs::File::open(path).ok()?.take(8 + 4 + 4096).read_to_end(&mut head).ok()?;
    let mut reader = Reader { bytes: &head };
    (reader.take(8).ok()? == MAGIC).then_some(())?;
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(reader.bytes_field().ok()?)))
}

/// Reads the index of `root` from `path`.
pub fn read(path: &Path, root: &Path) -> Result<Vec<IndexEntry>, IndexError> {
    let bytes = fs::read(path).map_err(|_| IndexError::Missing)?;
    let canonical = fs::canonicalize(root).map_err(|_| IndexError::Missing)?;
    parse(&bytes, canonical.as_os_str().as_bytes())
}

/// The checksum an index file ends with.
pub fn checksum(body: &[u8]) -> [u8; 8] {
    fnv1a(body).to_le_bytes()
}

/// Reads index bytes written for the folder whose canonical path is `folder`.
pub fn parse(bytes: &[u8], folder: &[u8]) -> Result<Vec<IndexEntry>, IndexError> {
    let (body, sum) = bytes.split_at_checked(bytes.len().saturating_sub(8)).ok_or(IndexError::Invalid("short"))?;
    if sum.len() != 8 || fnv1a(body) != u64::from_le_bytes(sum.try_into().unwrap()) {
        return Err(IndexError::Invalid("checksum"));
    }
    let mut reader = Reader { bytes: body };
    if reader.take(8)? != MAGIC {
        return Err(IndexError::Invalid("magic"));
    }
    if reader.bytes_field()? != folder {
        return Err(IndexError::Invalid("another folder"));
    }
    let count = reader.u64()? as usize;
    let mut entries = Vec::with_capacity(count.min(body.len() / 32));
    for _ in 0..count {
        entries.push(IndexEntry {
            relative: PathBuf::from(std::ffi::OsStr::from_bytes(reader.bytes_field()?)),
            id: reader.string()?,
            title: reader.string()?,
            size: reader.u64()?,
            mtime: reader.u64()? as i64,
            tags: reader.string()?.split('\n').filter(|t| !t.is_empty()).map(str::to_owned).collect(),
            item: match reader.take(1)? {
                [0] => None,
                _ => Some(ItemStamp { size: reader.u64()?, time: reader.u64()? as i64, version: reader.u64()? }),
            },
        });
    }
    if !reader.bytes.is_empty() {
        return Err(IndexError::Invalid("trailing bytes"));
    }
    Ok(entries)
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], IndexError> {
        let (head, rest) = self.bytes.split_at_checked(n).ok_or(IndexError::Invalid("cut short"))?;
        self.bytes = rest;
        Ok(head)
    }

    fn u64(&mut self) -> Result<u64, IndexError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }

    fn bytes_field(&mut self) -> Result<&'a [u8], IndexError> {
        let len = u32::from_le_bytes(self.take(4)?.try_into().unwrap()) as usize;
        self.take(len)
    }

    fn string(&mut self) -> Result<String, IndexError> {
        let bytes = self.bytes_field()?;
        String::from_utf8(bytes.to_vec()).map_err(|_| IndexError::Invalid("not UTF-8"))
    }
}

/// How old a temporary index file must be to be taken for the leftover of a crashed write
/// (a write takes well under a second; another folio may be writing its own right now).
const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes `.index-*.tmp` files that writes interrupted by a crash left in `dir`.
fn sweep_stale_temporaries(dir: &Path) {
    let stale = |entry: &fs::DirEntry| {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        name.starts_with(".index-") && name.ends_with(".tmp") && old.is_some_and(|age| age > STALE_TEMPORARY)
    };
    for entry in fs::read_dir(dir).into_iter().flatten().flatten().filter(stale) {
        let _ = fs::remove_file(entry.path());
    }
}

/// Writes the index of `root` to `path` atomically: a temporary file beside it, synced, then
/// renamed over the old one, so a crash leaves the old index or the new one, never half.
pub fn write(path: &Path, root: &Path, entries: &[IndexEntry]) -> io::Result<()> {
    let canonical = fs::canonicalize(root)?;
    let mut body = Vec::with_capacity(64 + entries.len() * 64);
    body.extend_from_slice(MAGIC);
    put_bytes(&mut body, canonical.as_os_str().as_bytes());
    body.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for entry in entries {
        put_bytes(&mut body, entry.relative.as_os_str().as_bytes());
        put_bytes(&mut body, entry.id.as_bytes());
        put_bytes(&mut body, entry.title.as_bytes());
        body.extend_from_slice(&entry.size.to_le_bytes());
        body.extend_from_slice(&entry.mtime.to_le_bytes());
        put_bytes(&mut body, entry.tags.join("\n").as_bytes());
        match entry.item {
            None => body.push(0),
            Some(item) => {
                body.push(1);
                for field in [item.size, item.time as u64, item.version] {
                    body.extend_from_slice(&field.to_le_bytes());
                }
            }
        }
    }
    let sum = fnv1a(&body);
    body.extend_from_slice(&sum.to_le_bytes());
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    sweep_stale_temporaries(dir);
    let temporary = dir.join(format!(".{}.{}.tmp", path.file_name().unwrap_or_default().display(), std::process::id()));
    let result = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(&body)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&bytes[..bytes.len().min(u32::MAX as usize)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_left_by_a_crash_are_swept() {
        let dir = crate::store::ScratchDir::new("index-sweep");
        let old = dir.join(".index-0123.bin.99999.tmp");
        let fresh = dir.join(".index-4567.bin.99998.tmp");
        std::fs::write(&old, "half").unwrap();
        std::fs::write(&fresh, "being written").unwrap();
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        std::fs::File::options().write(true).open(&old).unwrap().set_modified(an_hour_ago).unwrap();
        write(&dir.join("index-0123.bin"), &dir, &[]).unwrap();
        assert!(!old.exists(), "a crashed write's leftover goes");
        assert!(fresh.exists(), "another folio's write in progress stays");
    }

    fn entries() -> Vec<IndexEntry> {
        (0..3)
            .map(|i| IndexEntry {
                relative: format!("d/{i}.txt").into(),
                id: format!("d/{i}"),
                title: format!("Title {i} é"),
                size: 100 + i,
                mtime: 1_700_000_000_000_000_000 + i as i64,
                tags: if i % 2 == 0 { vec!["rust".into(), "cli tools".into()] } else { vec![] },
                item: (i == 1).then_some(ItemStamp { size: 7, time: -3, version: u64::MAX }),
            })
            .collect()
    }

    /// A scratch folder holding a store root, and where its index goes.
    fn folder_and_index(name: &str) -> (crate::store::ScratchDir, PathBuf, PathBuf) {
        let dir = crate::store::ScratchDir::new(name);
        let root = dir.join("root");
        fs::create_dir_all(&root).unwrap();
        let path = dir.join("index.bin");
        (dir, root, path)
    }

    #[test]
    fn round_trips_and_rejects_what_it_cannot_trust() {
        let (dir, root, path) = folder_and_index("index");
        assert_eq!(read(&path, &root), Err(IndexError::Missing));
        write(&path, &root, &entries()).unwrap();
        assert_eq!(read(&path, &root).unwrap(), entries());
        assert_eq!(read(&path, &dir), Err(IndexError::Invalid("another folder")));
        let good = fs::read(&path).unwrap();
        let mut flipped = good.clone();
        flipped[40] ^= 1;
        fs::write(&path, &flipped).unwrap();
        assert_eq!(read(&path, &root), Err(IndexError::Invalid("checksum")));
        fs::write(&path, &good[..good.len() / 2]).unwrap();
        assert!(matches!(read(&path, &root), Err(IndexError::Invalid(_))));
        fs::write(&path, b"").unwrap();
        assert!(matches!(read(&path, &root), Err(IndexError::Invalid(_))));
        // An index from another version of folio (its magic says so), even with a good sum.
        let mut other_version = good[..good.len() - 8].to_vec();
        other_version[7] = b'1';
        other_version.extend(checksum(&other_version));
        fs::write(&path, &other_version).unwrap();
        assert_eq!(read(&path, &root), Err(IndexError::Invalid("magic")));
        let leftovers: Vec<_> = fs::read_dir(dir.as_path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn an_interrupted_write_leaves_the_index_whole() {
        let (dir, root, path) = folder_and_index("index-cut");
        write(&path, &root, &entries()).unwrap();
        // A write that fails before its rename (here: its temporary file cannot be created)
        // leaves the last whole index in place.
        let temporary = dir.join(format!(".index.bin.{}.tmp", std::process::id()));
        fs::create_dir(&temporary).unwrap();
        assert!(write(&path, &root, &entries()[..1]).is_err());
        assert_eq!(read(&path, &root).unwrap(), entries(), "the index is the last whole one");
        fs::remove_dir(&temporary).unwrap();
        write(&path, &root, &entries()[..1]).unwrap();
        assert_eq!(read(&path, &root).unwrap(), entries()[..1], "and later writes still land");
    }
}
