//! The event loop: the only code that touches the terminal. Redraws only after a change.

use crate::app::{Action, App, BodyLoaded, BodyRequest, Focus, Loading};
use crate::keymap::{self, Mode};
use crate::search::{Engine, Ranked};
use crate::store::{self, Catalog, LoadEvent, LoadOptions, Origin, SharedCatalog, Warning};
use crate::ui;
use crossterm::event::{self, Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::{cursor, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::{self, IsTerminal, Stdout};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

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
    Ranked(Ranked),
    Body(BodyLoaded),
    Signal(i32),
    InputFailed(io::Error),
}

/// What has been done to the terminal, so that restoring undoes exactly that, and so that a
/// panic on another thread and the main thread entering the UI cannot interleave: whichever
/// takes the lock first decides.
struct TerminalState {
    entered: bool,
    mouse: bool,
    /// A panic is ending folio: the UI must not be entered any more.
    closing: bool,
}

static TERMINAL: Mutex<TerminalState> = Mutex::new(TerminalState { entered: false, mouse: false, closing: false });

fn terminal_state() -> std::sync::MutexGuard<'static, TerminalState> {
    TERMINAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Refuses to start when the UI could not be shown, before writing any escape code.
pub fn check_terminal() -> Result<(), String> {
    if !io::stdout().is_terminal() {
        return Err("stdout is not a terminal; to print the articles use `folio list` (or `folio filter QUERY`)".into());
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Err("TERM=dumb cannot show the reader; use `folio list`, `folio filter` or `folio show`".into());
    }
    // Keys are read from stdin when it is a terminal, else from the controlling terminal.
    if !io::stdin().is_terminal() && std::fs::File::open("/dev/tty").is_err() {
        return Err("no terminal to read keys from (stdin is not one and there is no controlling terminal); \
                    use `folio list`, `folio filter` or `folio show`"
            .into());
    }
    Ok(())
}

/// Panics at `place` when FOLIO_TEST_PANIC names it, so tests can check that a panic anywhere
/// restores the terminal. Release builds ignore it.
fn test_panic(place: &str) {
    if cfg!(debug_assertions) && std::env::var_os("FOLIO_TEST_PANIC").is_some_and(|p| p == place) {
        panic!("test panic in the {place} (FOLIO_TEST_PANIC)");
    }
}

/// Runs the reader until the user quits or a signal arrives.
pub fn run(origins: Vec<Origin>, mouse: bool) -> io::Result<Outcome> {
    check_terminal().map_err(io::Error::other)?;
    // Before any thread starts: a panic on any of them must find the hook in place.
    install_panic_hook();
    let (tx, rx) = channel();
    let catalog = Catalog::new(origins).shared();
    let (load_tx, rank_tx, body_tx) = (tx.clone(), tx.clone(), tx.clone());
    store::spawn_loader(catalog.clone(), LoadOptions { use_index: true }, move |e| {
        test_panic("loader");
        load_tx.send(Event::Load(e)).is_ok()
    });
    let workers = Workers {
        engine: Engine::spawn(catalog.clone(), move |r| {
            test_panic("matcher");
            rank_tx.send(Event::Ranked(r)).is_ok()
        }),
        bodies: spawn_body_reader(catalog.clone(), move |b| body_tx.send(Event::Body(b)).is_ok())?,
    };
    let mut app = App::new(catalog, Loading::default());
    spawn_signal_listener(tx.clone())?;
    let mut terminal = enter(mouse)?;
    spawn_input_reader(tx);
    let result = event_loop(&mut terminal, &mut app, &rx, &workers);
    restore();
    result.map(|exit_code| Outcome { exit_code, warnings: std::mem::take(&mut app.warnings) })
}

/// The threads that do the app's slow work.
struct Workers {
    engine: Engine,
    bodies: Sender<BodyRequest>,
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &Receiver<Event>,
    workers: &Workers,
) -> io::Result<i32> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut dirty = true;
    loop {
        test_panic("main thread");
        app.settle();
        let requests = app.take_requests();
        if let Some(request) = requests.matching {
            workers.engine.request(request);
        }
        if let Some(request) = requests.body {
            let _ = workers.bodies.send(request);
        }
        if let Some(code) = app.exit {
            return Ok(code);
        }
        if dirty {
            // Drawing holds the terminal lock, so a panic on another thread restores the
            // terminal either before this frame (which then never comes) or after it.
            let state = terminal_state();
            if state.closing {
                return Ok(101);
            }
            terminal.draw(|frame| ui::render(app, frame))?;
        }
        // Block until something happens (idle costs no CPU), then take everything pending so
        // a burst of keys or load batches is handled, asked for and drawn once.
        let first = rx.recv().map_err(|_| io::Error::other("all event sources stopped"))?;
        dirty = false;
        for event in std::iter::once(first).chain(rx.try_iter()) {
            dirty |= match event {
                Event::Terminal(event) => action_for(app, event).is_some_and(|a| app.update(a)),
                Event::Load(event) => app.update(Action::Load(event)),
                Event::Ranked(ranked) => app.update(Action::Ranked(ranked)),
                Event::Body(body) => app.update(Action::Body(body)),
                Event::Signal(signal) => app.quit(128 + signal),
                Event::InputFailed(error) => return Err(error),
            };
        }
    }
}

/// Reads articles on their own thread, so a slow disk or a huge file never stalls the screen.
/// Requests that pile up are skipped to the newest: only the selected article matters.
fn spawn_body_reader(
    catalog: SharedCatalog,
    send: impl Fn(BodyLoaded) -> bool + Send + 'static,
) -> io::Result<Sender<BodyRequest>> {
    let (tx, requests) = channel::<BodyRequest>();
    std::thread::Builder::new().name("folio-reader".into()).spawn(move || {
        while let Ok(mut request) = requests.recv() {
            if let Some(newer) = requests.try_iter().last() {
                request = newer;
            }
            let result = store::read_article(&catalog, request.index as usize);
            if !send(BodyLoaded { epoch: request.epoch, index: request.index, result }) {
                break;
            }
        }
    })?;
    Ok(tx)
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
    let mut state = terminal_state();
    if state.closing {
        return Err(io::Error::other("folio is ending after a panic"));
    }
    terminal::enable_raw_mode()?;
    state.entered = true;
    let mut stdout = io::stdout();
    let entered = execute!(stdout, terminal::EnterAlternateScreen, cursor::Hide).and_then(|()| {
        if mouse {
            state.mouse = true;
            execute!(stdout, event::EnableMouseCapture)?;
        }
        Terminal::new(CrosstermBackend::new(io::stdout()))
    });
    if entered.is_err() {
        undo(&mut state);
    }
    entered
}

/// Puts the terminal back as the shell expects it; safe to call more than once.
pub fn restore() {
    undo(&mut terminal_state());
}

fn undo(state: &mut TerminalState) {
    if !state.entered {
        return;
    }
    let mut stdout = io::stdout();
    if std::mem::take(&mut state.mouse) {
        let _ = execute!(stdout, event::DisableMouseCapture);
    }
    let _ = execute!(stdout, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    state.entered = false;
}

/// A panic on any thread restores the terminal first, so its message is readable, and ends
/// folio: a half-working reader (say, with a dead loader) is worse than a clean exit.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let mut state = terminal_state();
        state.closing = true;
        undo(&mut state);
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
