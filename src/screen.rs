//! Where the interface is drawn: stdout, or the terminal itself when stdout is a pipe (`folio pick`).

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once, before the interface starts: stdout is taken by a pipe, the screen is /dev/tty.
static ON_TTY: AtomicBool = AtomicBool::new(false);

/// Draws on /dev/tty from now on when stdout is not a terminal (as fzf does, so its choice can
/// go down a pipe); returns whether there is a terminal to draw on at all.
pub fn choose() -> bool {
    if io::stdout().is_terminal() {
        return true;
    }
    let tty = std::fs::OpenOptions::new().write(true).open("/dev/tty").is_ok();
    ON_TTY.store(tty, Ordering::Relaxed);
    tty
}

/// The screen: stdout, or /dev/tty (see [`choose`]).
pub enum Screen {
    Stdout(io::Stdout),
    Tty(std::fs::File),
}

/// A writer to the screen, opened anew (cheap, and safe to use from the panic hook).
pub fn screen() -> Screen {
    if ON_TTY.load(Ordering::Relaxed)
        && let Ok(tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty")
    {
        return Screen::Tty(tty);
    }
    Screen::Stdout(io::stdout())
}

impl Write for Screen {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Screen::Stdout(out) => out.write(bytes),
            Screen::Tty(tty) => tty.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Screen::Stdout(out) => out.flush(),
            Screen::Tty(tty) => tty.flush(),
        }
    }
}
