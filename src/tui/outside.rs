//! Giving the terminal away and back: the input thread that lets go of it, a pager or an editor, the clipboard.

use super::{Message, reenter, restore};
use crate::screen::screen;
use crossterm::event;
use std::io;
use std::sync::mpsc::{Receiver, Sender, channel};

/// Lets the event loop stop the input thread from reading the terminal while a pager or an
/// editor has it: every key typed there is theirs.
pub(super) struct InputGate {
    pause: Sender<bool>,
    parked: Receiver<()>,
}

impl InputGate {
    /// Runs `work` with the input thread parked, then lets it read again. The thread blocks
    /// in a read (no polling: idle costs nothing); a SIGWINCH, which crossterm's reader
    /// wakes up for, gets it out to see the pause.
    pub(super) fn paused<T>(&self, work: impl FnOnce() -> T) -> T {
        let parked = self.pause.send(true).is_ok()
            && signal_hook::low_level::raise(signal_hook::consts::SIGWINCH).is_ok()
            && self.parked.recv().is_ok();
        let result = work();
        if parked {
            let _ = self.pause.send(false);
        }
        result
    }
}

pub(super) fn spawn_input_reader(tx: Sender<Message>) -> io::Result<InputGate> {
    let (pause, paused) = channel::<bool>();
    let (park, parked) = channel::<()>();
    std::thread::Builder::new().name("folio-input".into()).spawn(move || {
        loop {
            if paused.try_recv() == Ok(true) {
                let _ = park.send(());
                // Until told to read again (or folio ends).
                while let Ok(true) = paused.recv() {}
            }
            let message = match event::read() {
                Ok(event) => {
                    super::test_panic("input thread");
                    Message::Terminal(event)
                }
                Err(error) => Message::InputFailed(error),
            };
            let failed = matches!(message, Message::InputFailed(_));
            if tx.send(message).is_err() || failed {
                break;
            }
        }
    })?;
    Ok(InputGate { pause, parked })
}

/// Writes `text` to the clipboard with OSC 52 (the terminal decides whether to allow it;
/// inside tmux, `set-clipboard on` passes it through). The text was sanitized at load, and is
/// base64 in the sequence, so nothing in it can end the sequence early.
pub(super) fn copy_to_clipboard(text: &str) -> io::Result<()> {
    use base64::Engine as _;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut stdout = screen();
    write!(stdout, "\x1b]52;c;{encoded}\x07")?;
    stdout.flush()
}

/// Gives the terminal to `$EDITOR` writing a note, and takes it back: what the note is then.
pub(super) fn edit_note_outside(text: &str, mouse: bool) -> Result<String, String> {
    restore();
    let edited = crate::outside::edit_note(text);
    reenter(mouse).map_err(|e| e.to_string())?;
    edited
}

/// Gives the terminal to the pager or the editor, waits for it, and takes the terminal back.
pub(super) fn run_outside(external: &crate::app::External, mouse: bool) -> Result<(), String> {
    restore();
    let ran = crate::outside::run(external);
    let entered = reenter(mouse).map_err(|e| e.to_string());
    ran.and(entered)
}
