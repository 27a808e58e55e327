//! Asks the terminal the probe's questions and reads its answers, before the input thread reads it.

use crate::probe::{
    ATTRIBUTES, Answers, Capabilities, Kept, VERSION, Widths, decide, kitty_query_is_safe, questions, terminal_name,
};
use crate::screen::screen;
use std::io::{self, IsTerminal, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::time::{Duration, Instant};

/// How long a terminal may take to answer its attributes before it is taken to answer
/// nothing: a local terminal answers in well under a millisecond, tmux in a few.
const FIRST_ANSWER: Duration = Duration::from_millis(60);
/// How long the whole probe may take once the terminal has shown it answers.
const ALL_ANSWERS: Duration = Duration::from_millis(250);

/// What the terminal can do: kept from an earlier probe of the same terminal, or asked now
/// (raw mode on, nothing else reading the terminal), with `widths` deciding which. A terminal
/// that does not answer in time gets the defaults, and is asked again next time.
pub fn capabilities(widths: Widths, cache: Option<&std::path::Path>) -> Capabilities {
    let name = terminal_name(|var| std::env::var(var).ok());
    let mut kept = cache.map(Kept::open);
    let remembered = match (&kept, &name) {
        (Some(kept), Some(name)) if widths != Widths::Probe => kept.get(name),
        _ => None,
    };
    let found = remembered.or_else(|| {
        let answers = ask().ok()?;
        let Some(found) = decide(&answers) else {
            // The questions turned mode 2027 on where the terminal knows it, though it did not
            // say so in time, or answered in a way folio cannot use: it goes back off.
            let _ = crossterm::execute!(screen(), GraphemeMode(false));
            return None;
        };
        if let (Some(kept), Some(name)) = (&mut kept, &name) {
            // Only a cache: a read-only disk costs a probe next time, nothing more.
            let _ = kept.keep(name, found);
        }
        Some(found)
    });
    let mut found = found.unwrap_or_default();
    if let Some(rules) = widths.forced() {
        found.widths = rules;
    }
    found
}

/// The probe's answers: first whether the terminal answers at all (its attributes, within
/// [`FIRST_ANSWER`], with its name), then the questions. A terminal that answered the first is asked the rest,
/// so no late answer is left for the input thread to take for keys.
pub fn ask() -> io::Result<Answers> {
    let mut input = Input::open()?;
    let mut out = screen();
    out.write_all(&[VERSION, ATTRIBUTES].concat())?;
    out.flush()?;
    let mut heard = Vec::new();
    input.read_until(&mut heard, Instant::now() + FIRST_ANSWER)?;
    let first = Answers::read(&heard);
    if !first.attributes {
        return Err(io::Error::new(io::ErrorKind::TimedOut, "the terminal did not answer"));
    }
    let kitty_query = kitty_query_is_safe(first.version.as_deref(), |var| std::env::var(var).ok());
    out.write_all(&questions(kitty_query))?;
    out.flush()?;
    let mut heard = Vec::new();
    input.read_until(&mut heard, Instant::now() + ALL_ANSWERS)?;
    Ok(Answers::read(&heard))
}

/// DEC mode 2027 on or off: the terminal advances the cursor by grapheme cluster, or by code point.
pub struct GraphemeMode(pub bool);

impl crossterm::Command for GraphemeMode {
    fn write_ansi(&self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        write!(out, "\x1b[?{}{}", crate::probe::GRAPHEME_MODE, if self.0 { 'h' } else { 'l' })
    }
}

/// Where the terminal's answers arrive: stdin when it is the terminal, else the controlling
/// terminal (as crossterm reads keys). Read unbuffered, so nothing after the answers is taken
/// from the input thread.
enum Input {
    Stdin,
    Tty(std::fs::File),
}

impl Input {
    fn open() -> io::Result<Input> {
        if io::stdin().is_terminal() {
            return Ok(Input::Stdin);
        }
        std::fs::File::open("/dev/tty").map(Input::Tty)
    }

    fn fd(&self) -> RawFd {
        match self {
            Input::Stdin => libc::STDIN_FILENO,
            Input::Tty(tty) => tty.as_raw_fd(),
        }
    }

    /// Reads what comes until the attributes' answer ends it, or `deadline`.
    fn read_until(&mut self, heard: &mut Vec<u8>, deadline: Instant) -> io::Result<()> {
        let mut buffer = [0u8; 512];
        while !Answers::read(heard).attributes {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || !readable(self.fd(), left)? {
                break;
            }
            // SAFETY: `buffer` is valid for its length; the descriptor is open while `self` is.
            let count = unsafe { libc::read(self.fd(), buffer.as_mut_ptr().cast(), buffer.len()) };
            match count {
                -1 if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted => continue,
                -1 => return Err(io::Error::last_os_error()),
                0 => break,
                count => heard.extend_from_slice(&buffer[..count as usize]),
            }
        }
        Ok(())
    }
}

/// Whether `fd` has bytes to read within `wait`.
fn readable(fd: RawFd, wait: Duration) -> io::Result<bool> {
    let mut poll = libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    let millis = libc::c_int::try_from(wait.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
    loop {
        // SAFETY: one valid pollfd, for the length given.
        let ready = unsafe { libc::poll(&mut poll, 1, millis) };
        match ready {
            -1 if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted => continue,
            -1 => return Err(io::Error::last_os_error()),
            0 => return Ok(false),
            _ => return Ok(true),
        }
    }
}
