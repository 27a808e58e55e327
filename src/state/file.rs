//! The state file: read whatever is there without trusting it, written atomically under a lock.
//
// A save takes the lock (a `.lock` file beside the state), reads the file as it is now,
// merges this session's changes over it, writes a temporary file in the same folder, syncs it
// and renames it over the old one: a crash at any point leaves the old file or the new one,
// never half of one, and two folios saving at once take turns, each keeping the other's
// changes. A corrupt file is moved aside, never overwritten in place.

use super::{FORMAT, Memory, State};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The state as read, what went wrong reading it, and whether it must not be written (it is
/// of a newer folio, or could not be read).
#[derive(Debug, Default)]
pub struct LoadedState {
    pub state: State,
    pub warnings: Vec<String>,
    pub read_only: bool,
}

/// Where the state lives: `given` (`--state`), else `$FOLIO_STATE`, else
/// `$XDG_STATE_HOME/folio/state.json` (`~/.local/state/folio/state.json`).
pub fn state_path(given: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os("FOLIO_STATE").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(path));
    }
    let home = std::env::var_os("XDG_STATE_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state")))?;
    Some(home.join("folio/state.json"))
}

/// Reads the state at `path`. Missing: a clean state. Corrupt (not JSON, cut short, NULs, not
/// a state): moved aside to `<name>.corrupt-<unix time>` with a warning, and a clean state.
pub fn load(path: &Path) -> LoadedState {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return LoadedState::default(),
        Err(error) => {
            let warning = format!("cannot read the state file '{}': {error}; nothing will be saved", path.display());
            return LoadedState { warnings: vec![warning], read_only: true, ..LoadedState::default() };
        }
    };
    match parse(&bytes) {
        Some(state) if state.version > FORMAT => {
            let warning = format!(
                "the state file '{}' is of a newer folio (format {}): it is read, and left as it is",
                path.display(),
                state.version
            );
            LoadedState { state, warnings: vec![warning], read_only: true }
        }
        Some(state) => LoadedState { state, ..LoadedState::default() },
        None => {
            let aside = aside_name(path);
            let warning = match fs::rename(path, &aside) {
                Ok(()) => format!("the state file '{}' was corrupt: moved to '{}'", path.display(), aside.display()),
                Err(error) => {
                    format!("the state file '{}' is corrupt and cannot be moved aside: {error}", path.display())
                }
            };
            LoadedState { warnings: vec![warning], ..LoadedState::default() }
        }
    }
}

/// Reads the state at `path` for a command that only looks (`folio filter :read`): a corrupt
/// file is reported and left where it is, for the reader to move aside when it starts.
pub fn peek(path: &Path) -> LoadedState {
    let read_only =
        |warning: String| LoadedState { warnings: vec![warning], read_only: true, ..LoadedState::default() };
    match fs::read(path) {
        Ok(bytes) => match parse(&bytes) {
            Some(state) => LoadedState { state, read_only: true, ..LoadedState::default() },
            None => read_only(format!("the state file '{}' is corrupt: its marks are not used", path.display())),
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => LoadedState::default(),
        Err(error) => read_only(format!("cannot read the state file '{}': {error}", path.display())),
    }
}

/// A state from `bytes`, if they hold one (a UTF-8 BOM is allowed, as editors write it).
fn parse(bytes: &[u8]) -> Option<State> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice::<State>(bytes).ok()
}

/// `<name>.corrupt-<unix time>`, numbered when one of that second is there already: a
/// corrupt file is evidence, never overwritten.
fn aside_name(path: &Path) -> PathBuf {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let name = path.file_name().map_or_else(|| "state.json".into(), |n| n.to_string_lossy().into_owned());
    let numbered = (1..).map(|n| path.with_file_name(format!("{name}.corrupt-{seconds}-{n}")));
    let mut names = std::iter::once(path.with_file_name(format!("{name}.corrupt-{seconds}"))).chain(numbered);
    names.find(|candidate| !candidate.exists()).unwrap_or_else(|| path.with_extension("corrupt"))
}

/// Saves what `memory` changed into the file at `path`, merged over what the file holds now
/// (another folio's changes are kept). On success `memory` holds what was written. On
/// failure (a read-only folder, a full disk) the old file is intact and the reason returned.
pub fn save(path: &Path, memory: &mut Memory) -> Result<(), String> {
    save_with(path, memory, None)
}

/// [`save`], waiting at most `patience` for the lock: a panicking folio may hold it itself
/// (its saver thread panicked mid-save), and must still end.
pub fn save_within(path: &Path, memory: &mut Memory, patience: std::time::Duration) -> Result<(), String> {
    save_with(path, memory, Some(patience))
}

fn save_with(path: &Path, memory: &mut Memory, patience: Option<std::time::Duration>) -> Result<(), String> {
    if !memory.is_dirty() {
        return Ok(());
    }
    let failed =
        |what: &str, error: std::io::Error| format!("cannot save the state to '{}': {what}: {error}", path.display());
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(folder).map_err(|e| failed("creating its folder", e))?;
    let lock = File::create(lock_path(path)).map_err(|e| failed("the lock file", e))?;
    match patience {
        None => lock.lock().map_err(|e| failed("locking", e))?,
        Some(patience) => {
            let since = std::time::Instant::now();
            while let Err(error) = lock.try_lock() {
                if since.elapsed() > patience {
                    return Err(failed("locking", std::io::Error::other(error.to_string())));
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
        }
    }
    sweep_temporary_files(path);
    // The file as another folio may have left it; unreadable now is as good as empty (it was
    // moved aside when this session started, or is being replaced whole).
    let on_disk = fs::read(path).ok().and_then(|bytes| parse(&bytes));
    if let Some(newer) = on_disk.as_ref().filter(|s| s.version > FORMAT) {
        let why = format!("it is of a newer folio (format {}) and is left as it is", newer.version);
        return Err(format!("cannot save the state to '{}': {why}", path.display()));
    }
    let merged = memory.merged_into(on_disk.unwrap_or_default());
    let json = serde_json::to_vec_pretty(&merged).map_err(|e| failed("encoding", e.into()))?;
    let temporary = temporary_path(path);
    let written = write_synced(&temporary, &json).and_then(|()| fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = fs::remove_file(&temporary);
        return Err(failed("writing", error));
    }
    // The rename itself reaches the disk with the folder.
    let _ = File::open(folder).and_then(|f| f.sync_all());
    memory.saved(merged);
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn lock_path(path: &Path) -> PathBuf {
    path.with_extension("lock")
}

/// `.<name>.<pid>.tmp` beside the state file.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "state.json".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Removes temporary files left by a save that crashed: with the lock held, no other save is
/// writing one.
fn sweep_temporary_files(path: &Path) {
    let Some(folder) = path.parent() else { return };
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.");
    for entry in fs::read_dir(folder).into_iter().flatten().flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        if file.starts_with(&prefix) && file.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}
