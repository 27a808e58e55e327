//! Saving the state from the event loop's side: the saver's work, and the snapshot a panic saves.

use crate::state::{self, Memory};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// Where the state is saved, where its failures are noted, and whether it must be left as it is.
pub(super) type Saving = (Option<PathBuf>, Arc<Mutex<Vec<String>>>, bool);

/// The thread that saves the state.
pub(super) const SAVER: &str = "folio-state";

/// What the session remembers as of its last whole update, and where it goes: what a panic
/// on any thread saves before folio ends.
static SNAPSHOT: Mutex<Option<(Saving, Memory)>> = Mutex::new(None);

pub(super) fn snapshot() -> std::sync::MutexGuard<'static, Option<(Saving, Memory)>> {
    SNAPSHOT.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Keeps a copy of the app's memory for a panic to save, when it changed since the last copy.
pub(super) fn keep_snapshot(memory: &Memory) {
    if let Some((_, kept)) = snapshot().as_mut()
        && kept.revision() != memory.revision()
    {
        *kept = memory.clone();
    }
}

/// On a panic: saves the last snapshot (waiting a little for the lock, which the panicking
/// thread itself may hold) and says how that went.
pub(super) fn save_snapshot_after_panic() {
    let Some(((Some(path), _, false), mut memory)) = snapshot().take() else { return };
    // The saver itself panicking may hold the lock (mid-save): no waiting for it then.
    let saver = std::thread::current().name() == Some(SAVER);
    let patience = std::time::Duration::from_millis(if saver { 0 } else { 2000 });
    match state::save_within(&path, &mut memory, patience) {
        Ok(()) => eprintln!("folio: what this session remembered was saved to '{}'", path.display()),
        Err(why) => eprintln!("folio: {}", crate::store::sanitize::sanitize_line(&why)),
    }
}

pub(super) fn save_state((path, notes, read_only): &Saving, memory: &mut Memory) {
    if let (Some(path), false) = (path, *read_only)
        && let Err(error) = state::save(path, memory)
    {
        notes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(error);
    }
}
