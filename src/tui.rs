//! The event loop: the only code that touches the terminal. Redraws only after a change.

use crate::app::{Action, App, Focus, Loading};
use crate::keymap::{self, Mode};
use crate::store::{self, LoadEvent, Warning};
use crate::ui;
use crossterm::event::{self, Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::{self, IsTerminal, Stdout};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

/// Where the articles come from.
#[derive(Debug, Clone)]
pub enum Articles {
    Paths(Vec<PathBuf>),
    /// The seeds compiled into the binary.
    Builtin,
}

/// How the interactive session ended.
#[derive(Debug)]
pub struct Outcome {
    pub exit_code: i32,
    /// Files skipped during the load, to print once the screen is restored.
    pub warnings: Vec<Warning>,
}

/// Everything the loop waits for, from every thread, on one channel.
enum Event {
    Terminal(TermEvent),
    Load(LoadEvent),
    Signal(i32),
    InputFailed(io::Error),
}

/// Whether the mouse was captured, so restoring knows to release it (also from the panic hook).
static MOUSE_CAPTURED: AtomicBool = AtomicBool::new(false);

/// Refuses to start when the UI could not be shown, before writing any escape code.
pub fn check_terminal() -> Result<(), String> {
    if !io::stdout().is_terminal() {
        return Err("stdout is not a terminal; to print the articles use `folio list` (or `folio filter QUERY`)".into());
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Err("TERM=dumb cannot show the reader; use `folio list`, `folio filter` or `folio show`".into());
    }
    Ok(())
}

/// Runs the reader until the user quits or a signal arrives.
pub fn run(articles: Articles, mouse: bool) -> io::Result<Outcome> {
    check_terminal().map_err(io::Error::other)?;
    let (tx, rx) = channel();
    let mut app = match articles {
        Articles::Builtin => {
            let seeds = store::builtin();
            App::new(seeds.clone(), Loading { found: Some(seeds.len()), done: true })
        }
        Articles::Paths(roots) => {
            let loader_tx = tx.clone();
            store::spawn_loader(roots, move |e| loader_tx.send(Event::Load(e)).is_ok());
            App::new(Vec::new(), Loading::default())
        }
    };
    spawn_signal_listener(tx.clone())?;
    let mut terminal = enter(mouse)?;
    spawn_input_reader(tx);
    let result = event_loop(&mut terminal, &mut app, &rx);
    restore();
    result.map(|exit_code| Outcome { exit_code, warnings: std::mem::take(&mut app.warnings) })
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &Receiver<Event>,
) -> io::Result<i32> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|frame| ui::render(app, frame))?;
        }
        // Block until something happens (idle costs no CPU), then take everything pending so
        // a burst of keys or load batches is ranked and drawn once.
        let first = rx.recv().map_err(|_| io::Error::other("all event sources stopped"))?;
        dirty = false;
        for event in std::iter::once(first).chain(rx.try_iter()) {
            dirty |= match event {
                Event::Terminal(event) => action_for(app, event).is_some_and(|a| app.update(a)),
                Event::Load(event) => app.update(Action::Load(event)),
                Event::Signal(signal) => app.quit(128 + signal),
                Event::InputFailed(error) => return Err(error),
            };
        }
        app.settle();
        if let Some(code) = app.exit {
            return Ok(code);
        }
    }
}

fn action_for(app: &App, event: TermEvent) -> Option<Action> {
    match event {
        TermEvent::Key(key) if key.kind != KeyEventKind::Release => {
            let mode = match (app.help, app.focus) {
                (Some(_), _) => Mode::Help,
                (None, Focus::List) => Mode::List,
                (None, Focus::Reader) => Mode::Reader,
            };
            keymap::resolve(mode, &key)
        }
        TermEvent::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::ScrollDown => Some(Action::Wheel { column, row, down: true }),
                MouseEventKind::ScrollUp => Some(Action::Wheel { column, row, down: false }),
                MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
                _ => None,
            }
        }
        TermEvent::Resize(columns, rows) => Some(Action::Resize(columns, rows)),
        _ => None,
    }
}

fn enter(mouse: bool) -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    let mut stdout = io::stdout();
    let entered = execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide).and_then(|()| {
        if mouse {
            MOUSE_CAPTURED.store(true, Ordering::SeqCst);
            execute!(stdout, event::EnableMouseCapture)?;
        }
        Terminal::new(CrosstermBackend::new(io::stdout()))
    });
    entered.inspect_err(|_| restore())
}

/// Puts the terminal back as the shell expects it; safe to call more than once.
pub fn restore() {
    let mut stdout = io::stdout();
    if MOUSE_CAPTURED.swap(false, Ordering::SeqCst) {
        let _ = execute!(stdout, event::DisableMouseCapture);
    }
    let _ = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
}

/// A panic on any thread restores the terminal first, so its message is readable, and ends
/// folio: a half-working reader (say, with a dead loader) is worse than a clean exit.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        std::process::exit(101);
    }));
}

fn spawn_signal_listener(tx: Sender<Event>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new().name("folio-signals".into()).spawn(move || {
        for signal in signals.forever() {
            if tx.send(Event::Signal(signal)).is_err() {
                break;
            }
        }
    })?;
    Ok(())
}

fn spawn_input_reader(tx: Sender<Event>) {
    let spawned = std::thread::Builder::new().name("folio-input".into()).spawn(move || {
        loop {
            let event = match event::read() {
                Ok(event) => Event::Terminal(event),
                Err(error) => Event::InputFailed(error),
            };
            let failed = matches!(event, Event::InputFailed(_));
            if tx.send(event).is_err() || failed {
                break;
            }
        }
    });
    spawned.expect("spawning the input thread");
}
