//! The event loop: the only code that touches the terminal. Redraws only after a change.

mod ask;
use ask::GraphemeMode;
mod outside;
mod saving;

use crate::action::{Action, Direction};
use crate::app::{App, Event, Input, Loading, Requests};
use crate::config::Config;
use crate::fulltext::TextSearcher;
use crate::screen::{Screen, screen};
use crate::search::Engine;
use crate::state::{self, Memory};
use crate::store::{Catalog, Fetcher, LoadOptions, LoadRequest, Loader, Origin, Warning};
use crate::ui;
use crate::worker::{Flow, Worker, forward};
use crossterm::event::{self, Event as TermEvent, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::{cursor, execute, queue, terminal};
use outside::{InputGate, copy_to_clipboard, edit_note_outside, run_outside, spawn_input_reader};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use saving::{SAVER, keep_snapshot, save_snapshot_after_panic, save_state, snapshot};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// How the interactive session ended.
#[derive(Debug)]
pub struct Outcome {
    pub exit_code: i32,
    /// Files skipped during the load, to print once the screen is restored.
    pub warnings: Vec<Warning>,
    /// What went wrong with the remembered state (read, saved), likewise.
    pub notes: Vec<String>,
    /// In a picker: the article chosen, its id and its file.
    pub picked: Option<(String, Option<PathBuf>)>,
}

/// What an interactive session opens, and how.
pub struct Session {
    pub origins: Vec<Origin>,
    pub config: Config,
    /// Where the state is kept (`None`: nothing is remembered).
    pub state: Option<PathBuf>,
    /// The PATHs that could not be opened, listed with the skipped files.
    pub missing: Vec<Warning>,
    /// `folio pick`: Enter chooses an article and ends the session.
    pub pick: bool,
}

/// Everything the loop waits for, from every thread, on one channel.
pub(super) enum Message {
    Terminal(TermEvent),
    App(Event),
    InputFailed(io::Error),
}

/// What has been done to the terminal, so that restoring undoes exactly that, and so that a
/// panic on another thread and the main thread entering the UI cannot interleave: whichever
/// takes the lock first decides.
struct TerminalState {
    entered: bool,
    mouse: bool,
    /// Mode 2027 (grapheme clustering) is folio's to turn on when it takes the terminal and off
    /// when it gives it back.
    grapheme_mode: bool,
    /// A panic is ending folio: the UI must not be entered any more.
    closing: bool,
}

static TERMINAL: Mutex<TerminalState> =
    Mutex::new(TerminalState { entered: false, mouse: false, grapheme_mode: false, closing: false });

fn terminal_state() -> std::sync::MutexGuard<'static, TerminalState> {
    TERMINAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Refuses to start when the UI could not be shown, before writing any escape code.
pub fn check_terminal(pick: bool) -> Result<(), String> {
    if pick && !crate::screen::choose() {
        return Err("no terminal to show the picker on (stdout is not one and there is no /dev/tty)".into());
    }
    if !pick && !io::stdout().is_terminal() {
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
pub(super) fn test_panic(place: &str) {
    if cfg!(debug_assertions) && std::env::var_os("FOLIO_TEST_PANIC").is_some_and(|p| p == place) {
        panic!("test panic in the {place} (FOLIO_TEST_PANIC)");
    }
}

/// Runs the reader until the user quits or a signal arrives.
/// `missing` are the PATHs that could not be opened: listed with the files skipped.
pub fn run(session: Session) -> io::Result<Outcome> {
    let Session { origins, config, state: state_path, missing, pick } = session;
    check_terminal(pick).map_err(io::Error::other)?;
    // Before any thread starts: a panic on any of them must find the hook in place.
    install_panic_hook();
    let (tx, rx) = channel();
    let loaded = state_path.as_deref().map(state::load).unwrap_or_default();
    // Said at once in the footer (a corrupt file moved aside), and again at exit.
    let first_note = loaded.warnings.first().cloned();
    let notes = Arc::new(Mutex::new(loaded.warnings));
    // Saves go to a thread of their own: a slow disk never stalls the screen.
    let saving = (state_path.clone(), notes.clone(), loaded.read_only);
    let store = state::store_key(&origins);
    let changes = tx.clone();
    let watch = crate::store::watch::watch(&origins, move || {
        test_panic("watcher");
        let _ = changes.send(Message::App(Event::StoreChanged));
    });
    let catalog = Catalog::new(origins).shared();
    let mut workers = Workers {
        loader: Loader::spawn(catalog.clone(), to_app(&tx, "loader", Event::Load))?,
        engine: Engine::spawn(catalog.clone(), to_app(&tx, "matcher", Event::Ranked))?,
        fetcher: Fetcher::spawn(catalog.clone(), to_app(&tx, "fetcher", |fetched| Event::Fetched(Box::new(fetched))))?,
        text: TextSearcher::spawn(
            catalog.clone(),
            crate::store::index::cache_dir(),
            to_app(&tx, "text searcher", Event::Text),
        )?,
        saver: Worker::spawn(SAVER, move |mut memory: Memory| {
            test_panic("saver");
            save_state(&saving, &mut memory);
            std::ops::ControlFlow::Continue(())
        })?,
        painter: None,
    };
    let mouse = config.mouse;
    let mut app = App::new(catalog, Loading::default(), config);
    app.pick = pick;
    app.missing_roots = missing.len();
    app.warnings = missing;
    app.remember(Memory::new(loaded.state), store);
    *snapshot() = Some(((state_path.clone(), notes.clone(), loaded.read_only), app.remembered.memory.clone()));
    app.flash = first_note.map(|note| crate::store::sanitize::sanitize_line(&note));
    // A first run without a PATH: say how to open one's own folder.
    if app.flash.is_none() && matches!(app.catalog.read().unwrap().origins(), [Origin::Builtin]) {
        app.flash = Some("the built-in seed: `folio DIR` opens yours".into());
    }
    if let Err(why) = &watch {
        app.flash = Some(format!("not watching the folders ({why}); Ctrl-R reads them again"));
    }
    spawn_signal_listener(tx.clone())?;
    let mut terminal = enter(mouse)?;
    // Asked before the input thread reads the terminal, and before anything is measured.
    let capabilities = ask::capabilities(app.config.widths, crate::store::index::cache_dir().as_deref());
    crate::width::set_rules(capabilities.widths);
    if capabilities.grapheme_mode {
        let mut state = terminal_state();
        state.grapheme_mode = true;
        execute!(screen(), GraphemeMode(true))?;
    }
    if app.config.images {
        let known = cell_pixels().or(capabilities.graphics.cell_pixels);
        let mut picker = crate::pictures::picker(capabilities.graphics, known.unwrap_or(DEFAULT_CELL));
        if known.is_none() {
            // A picture sized for a guessed cell would spill over the rows it was given.
            picker.set_protocol_type(ratatui_image::picker::ProtocolType::Halfblocks);
        }
        let cell = known.unwrap_or(DEFAULT_CELL);
        let painted = to_app(&tx, "painter", |painted| Event::Painted(Box::new(painted)));
        workers.painter = Some(crate::pictures::Painter::spawn(picker, painted)?);
        app.pictures = crate::pictures::Pictures::new(Some(cell));
    }
    // The load is asked for only now, so that everything the workers do (a panic included)
    // happens while the terminal is the reader's; it costs the first titles microseconds.
    workers.loader.request(LoadRequest { options: LoadOptions::with_user_cache() });
    let frames = Frames { synchronized: capabilities.synchronized };
    let result =
        spawn_input_reader(tx).and_then(|gate| event_loop(&mut terminal, &mut app, &rx, &workers, &gate, frames));
    restore();
    // The last save, whatever ended the reader (a key, a signal, an error); a panic from now
    // on has nothing more to save.
    snapshot().take();
    app.note_place();
    let saving = (state_path, notes.clone(), loaded.read_only);
    save_state(&saving, &mut app.remembered.memory);
    let notes = std::mem::take(&mut *notes.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
    let picked = app.picked.take();
    result.map(|exit_code| Outcome { exit_code, warnings: std::mem::take(&mut app.warnings), notes, picked })
}

/// A worker's sink: its answers go to the event loop as app events. (FOLIO_TEST_PANIC=`place`
/// makes it panic on its first answer.)
fn to_app<A>(
    tx: &Sender<Message>,
    place: &'static str,
    wrap: fn(A) -> Event,
) -> impl Fn(A) -> Flow + Send + Sync + 'static
where
    A: 'static,
{
    let send = forward(tx, move |answer| Message::App(wrap(answer)));
    move |answer| {
        test_panic(place);
        send(answer)
    }
}

/// The threads that do the app's slow work.
struct Workers {
    loader: Loader,
    engine: Engine,
    fetcher: Fetcher,
    text: TextSearcher,
    saver: Worker<Memory>,
    /// Pictures are drawn (the `images` setting).
    painter: Option<crate::pictures::Painter>,
}

/// A cell's size in pixels where neither the window nor the terminal says: a common font's.
const DEFAULT_CELL: (u16, u16) = (10, 20);

/// A cell's size in pixels as the window says (TIOCGWINSZ), where it does.
fn cell_pixels() -> Option<(u16, u16)> {
    let size = crossterm::terminal::window_size().ok()?;
    let width = size.width.checked_div(size.columns).filter(|&w| w > 0)?;
    let height = size.height.checked_div(size.rows).filter(|&h| h > 0)?;
    Some((width, height))
}

impl Workers {
    fn take(&self, requests: Requests, app: &App) {
        let Requests { matching, fetch, paint, text, save, reload, suspend: _, external: _, copy: _ } = requests;
        if let (Some(request), Some(painter)) = (paint, &self.painter) {
            painter.request(request);
        }
        if reload {
            self.loader.request(LoadRequest { options: LoadOptions::with_user_cache() });
        }
        if save {
            self.saver.request(app.remembered.memory.clone());
        }
        if let Some(request) = text {
            self.text.request(request);
        }
        if let Some(request) = matching {
            self.engine.request(request);
        }
        if let Some(request) = fetch {
            self.fetcher.request(request);
        }
    }
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Screen>>,
    app: &mut App,
    rx: &Receiver<Message>,
    workers: &Workers,
    gate: &InputGate,
    frames: Frames,
) -> io::Result<i32> {
    let size = terminal.size()?;
    let mut step = app.update([Event::Resize(size.width, size.height)]);
    loop {
        test_panic("main thread");
        let suspend = step.requests.suspend;
        let external = step.requests.external.take();
        if let Some(text) = step.requests.copy.take() {
            copy_to_clipboard(&text)?;
        }
        workers.take(std::mem::take(&mut step.requests), app);
        if suspend {
            suspend_until_resumed(app.config.mouse)?;
        }
        let mut edited_note = None;
        if let Some(crate::app::External::Note { text }) = &external {
            edited_note = Some(gate.paused(|| edit_note_outside(text, app.config.mouse)));
        } else if let Some(external) = &external {
            let ran = gate.paused(|| run_outside(external, app.config.mouse));
            if let Err(why) = ran {
                app.flash = Some(crate::store::sanitize::sanitize_line(&why));
            }
        }
        if suspend || external.is_some() {
            // The terminal may have been resized meanwhile (no event reached folio): its size
            // now, and everything drawn again.
            let size = terminal.size()?;
            let note = edited_note.map(Event::NoteEdited);
            step = app.update(note.into_iter().chain([Event::Resize(size.width, size.height)]));
            (step.redraw, step.repaint) = (true, true);
            continue;
        }
        if let Some(code) = app.exit() {
            return Ok(code);
        }
        if step.redraw {
            // Drawing holds the terminal lock, so a panic on another thread restores the
            // terminal either before this frame (which then never comes) or after it.
            let state = terminal_state();
            if state.closing {
                return Ok(101);
            }
            if step.repaint {
                // Not `Terminal::clear`: it asks the terminal where the cursor is, and the
                // answer would go to the input thread, which reads every byte the terminal sends.
                let size = terminal.size()?;
                terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
            }
            frames.draw(terminal, app)?;
        }
        // Block until something happens (idle costs no CPU), then take everything pending so
        // a burst of keys or load batches is handled, asked for and drawn once.
        let first = rx.recv().map_err(|_| io::Error::other("all event sources stopped"))?;
        let mut inputs = Vec::new();
        for message in std::iter::once(first).chain(rx.try_iter()) {
            match message {
                Message::Terminal(event) => inputs.extend(input_for(event)),
                Message::App(event) => inputs.push(Input::Event(event)),
                Message::InputFailed(error) => return Err(error),
            }
        }
        step = app.update(inputs);
        keep_snapshot(&app.remembered.memory);
    }
}

/// How frames are sent to the terminal.
#[derive(Debug, Clone, Copy)]
struct Frames {
    /// Between mode 2026's marks: the terminal shows a frame whole, never half drawn.
    synchronized: bool,
}

impl Frames {
    fn draw<W: io::Write>(self, terminal: &mut Terminal<CrosstermBackend<W>>, app: &App) -> io::Result<()> {
        if self.synchronized {
            queue!(terminal.backend_mut(), terminal::BeginSynchronizedUpdate)?;
        }
        terminal.draw(|frame| ui::render(app, frame))?;
        if self.synchronized {
            execute!(terminal.backend_mut(), terminal::EndSynchronizedUpdate)?;
        }
        Ok(())
    }
}

/// What a terminal event means to the app, if anything.
fn input_for(event: TermEvent) -> Option<Input> {
    match event {
        TermEvent::Key(key) if key.kind != KeyEventKind::Release => Some(Input::Key(key)),
        TermEvent::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            let action = match mouse.kind {
                MouseEventKind::ScrollDown => Action::Wheel { column, row, direction: Direction::Down },
                MouseEventKind::ScrollUp => Action::Wheel { column, row, direction: Direction::Up },
                MouseEventKind::Down(MouseButton::Left) => Action::Click { column, row },
                MouseEventKind::Drag(MouseButton::Left) => Action::Drag { column, row },
                _ => return None,
            };
            Some(Input::Action(action))
        }
        TermEvent::Resize(columns, rows) => Some(Input::Event(Event::Resize(columns, rows))),
        TermEvent::Paste(text) => Some(Input::Paste(text)),
        _ => None,
    }
}

fn enter(mouse: bool) -> io::Result<Terminal<CrosstermBackend<Screen>>> {
    let mut state = terminal_state();
    if state.closing {
        return Err(io::Error::other("folio is ending after a panic"));
    }
    let entered = take_terminal(&mut state, mouse).and_then(|()| Terminal::new(CrosstermBackend::new(screen())));
    if entered.is_err() {
        undo(&mut state);
    }
    entered
}

/// Raw mode, the alternate screen, no cursor, the mouse if asked: the terminal as the reader
/// uses it, noted in `state` so that `undo` reverses exactly this.
fn take_terminal(state: &mut TerminalState, mouse: bool) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    state.entered = true;
    // Bracketed paste: a paste arrives as one event (one edit, one ranking), not as thousands
    // of keys, and a pasted line break is no Enter.
    execute!(screen(), terminal::EnterAlternateScreen, cursor::Hide, event::EnableBracketedPaste)?;
    if mouse {
        state.mouse = true;
        execute!(screen(), event::EnableMouseCapture)?;
    }
    if state.grapheme_mode {
        execute!(screen(), GraphemeMode(true))?;
    }
    Ok(())
}

/// Ctrl-Z: the terminal as the shell expects it, then stopped (SIGTSTP, as the terminal would
/// send it); on `fg` the reader takes the terminal again.
fn suspend_until_resumed(mouse: bool) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    reenter(mouse)
}

/// Puts the terminal back as the shell expects it; safe to call more than once.
pub fn restore() {
    undo(&mut terminal_state());
}

fn undo(state: &mut TerminalState) {
    if !state.entered {
        return;
    }
    let mut stdout = screen();
    if std::mem::take(&mut state.mouse) {
        let _ = execute!(stdout, event::DisableMouseCapture);
    }
    if state.grapheme_mode {
        let _ = execute!(stdout, GraphemeMode(false));
    }
    let _ = execute!(stdout, event::DisableBracketedPaste, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    state.entered = false;
}

/// A panic on any thread restores the terminal first, so its message is readable, saves what
/// the session remembered, and ends folio: a half-working reader (say, with a dead loader) is
/// worse than a clean exit.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let mut state = terminal_state();
        state.closing = true;
        undo(&mut state);
        // The lock is held to the end: the main thread, blocked on it, cannot end folio
        // before the message is printed and the state saved.
        previous(info);
        save_snapshot_after_panic();
        drop(state);
        std::process::exit(101);
    }));
}

fn spawn_signal_listener(tx: Sender<Message>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new().name("folio-signals".into()).spawn(move || {
        for signal in signals.forever() {
            if tx.send(Message::App(Event::Signal(signal))).is_err() {
                break;
            }
        }
    })?;
    Ok(())
}

/// Takes the terminal again after a program had it (or after a stop).
pub(super) fn reenter(mouse: bool) -> io::Result<()> {
    take_terminal(&mut terminal_state(), mouse)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes one frame of an app with nothing loaded sends, through `frames`.
    fn one_frame(frames: Frames) -> Vec<u8> {
        let catalog = Catalog::new(vec![Origin::Builtin]).shared();
        let app = App::new(catalog, Loading::default(), Config::default());
        let sent = Sent::default();
        let backend = CrosstermBackend::new(sent.clone());
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions { viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 40, 8)) },
        )
        .unwrap();
        frames.draw(&mut terminal, &app).unwrap();
        sent.0.lock().unwrap().clone()
    }

    /// A writer whose bytes stay readable after the terminal has it.
    #[derive(Clone, Default)]
    struct Sent(Arc<Mutex<Vec<u8>>>);

    impl io::Write for Sent {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn frames_come_whole_between_the_synchronized_output_marks_where_the_terminal_has_them() {
        let sent = one_frame(Frames { synchronized: true });
        assert!(sent.starts_with(b"\x1b[?2026h"), "{:?}", String::from_utf8_lossy(&sent[..20]));
        assert!(sent.ends_with(b"\x1b[?2026l"));
        assert!(sent.len() > 40, "the frame is between them");
        let plain = one_frame(Frames { synchronized: false });
        assert!(memchr::memmem::find(&plain, b"\x1b[?2026").is_none());
        assert_eq!(&sent[8..sent.len() - 8], &plain[..]);
    }
}
