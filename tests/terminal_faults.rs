//! Hardening in tmux: panics, Ctrl-Z, resize storms, missing terminals and hostile text.

mod common;

use common::tmux::Tmux;
use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

/// folio as the tmux shell finds it on its PATH.
fn folio() -> &'static str {
    "folio"
}

#[test]
fn a_panic_on_any_thread_restores_the_terminal_then_reports() {
    let Some(tmux) = Tmux::start("panic") else { return };
    // The loader and the fetcher are asked for work only once the reader is on screen, so
    // their panics come while the terminal is raw and in the alternate screen: each run
    // checks a real restore. The text searcher answers once the store is loaded. The main thread panics at the top of its loop, after entering.
    for place in ["main thread", "loader", "fetcher", "text searcher"] {
        tmux.launch(&format!("FOLIO_TEST_PANIC='{place}' {}", folio()));
        tmux.expect_exit(101);
        let screen = tmux.screen();
        let message = format!("test panic in the {place}");
        assert!(screen.iter().any(|l| l.contains(&message)), "{}", screen.join("\n"));
        tmux.type_line("clear");
        tmux.wait_for("a clear screen", |s| !s.iter().any(|l| l.contains(&message)));
    }
    // Panics after the session remembered something (an article opened): it is saved first.
    let dir = common::scratch("panic-store");
    for name in ["a", "b"] {
        std::fs::write(dir.join(format!("{name}.txt")), format!("Title {name}\n\nText.\n")).unwrap();
    }
    let state = tmux.home().join("state/folio/state.json");
    // The matcher on a query typed; the saver when leaving an article read (J); the input
    // thread on the next key; the watcher on a change to the store.
    let places: [(&str, &[&str]); 4] =
        [("matcher", &["Escape", "s"]), ("saver", &["J"]), ("input thread", &["j"]), ("watcher", &[])];
    for (place, keys) in places {
        let _ = std::fs::remove_file(&state);
        tmux.launch(&format!("FOLIO_TEST_PANIC='{place}' {} {}", folio(), dir.display()));
        tmux.wait_for_text("Title a");
        if place == "input thread" {
            // Its panic comes on the first key: the session must have remembered something
            // before, with no key. Nothing to save then; the terminal is restored.
            tmux.keys(keys);
        } else {
            tmux.keys(&["Enter"]);
            tmux.wait_for_text("Text.");
            tmux.keys(keys);
        }
        if place == "watcher" {
            std::fs::write(dir.join("c.txt"), "Title c\n\nText.\n").unwrap();
        }
        tmux.expect_exit(101);
        let screen = tmux.screen();
        assert!(screen.iter().any(|l| l.contains(&format!("test panic in the {place}"))), "{}", screen.join("\n"));
        if place != "input thread" {
            let saved = std::fs::read_to_string(&state).unwrap_or_default();
            assert!(saved.contains("\"opened\": 1"), "{place}: the article opened is remembered: {saved}");
        }
        tmux.type_line("clear");
    }
}

#[test]
fn ctrl_z_suspends_and_fg_resumes() {
    let Some(tmux) = Tmux::start("ctrlz") else { return };
    tmux.type_line("stty -g > $HOME/before");
    tmux.type_line("folio");
    tmux.wait_for_text("Links Found To North Korean");
    tmux.keys(&["C-z"]);
    // The shell's own screen back, as it was: main screen, cursor shown, the same modes.
    tmux.wait_for("the shell", |s| s.iter().any(|l| l.contains("Stopped")));
    assert_eq!(tmux.format("#{alternate_on}"), "0");
    assert_eq!(tmux.format("#{cursor_flag}"), "1");
    tmux.type_line("stty -g | cmp -s - $HOME/before && echo MODES=same || echo MODES=changed");
    let screen = tmux.wait_for("the modes", |s| s.iter().any(|l| l.trim().starts_with("MODES=")));
    assert!(screen.iter().any(|l| l.trim() == "MODES=same"), "{}", screen.join("\n"));
    // Resized while stopped (no event reaches a stopped folio), then fg: the reader again,
    // drawn whole at the new size, and it takes keys.
    tmux.run(&["resize-window", "-t", "0", "-x", "80", "-y", "24"]);
    tmux.type_line("fg");
    let screen =
        tmux.wait_for("the reader again", |s| s[1].starts_with("> Links Found") && s[23].contains("Enter read"));
    assert!(screen[0].ends_with(" 1/1") && screen[0].chars().count() <= 80, "{}", screen[0]);
    assert_eq!(tmux.format("#{alternate_on}"), "1");
    tmux.keys(&["s"]);
    tmux.wait_for_text("> s");
    tmux.keys(&["C-c"]);
    tmux.type_line("echo EXIT=$?");
    tmux.wait_for_line("EXIT=0");
    assert_eq!(tmux.format("#{alternate_on}"), "0");
}

#[test]
fn without_a_usable_terminal_it_says_so_and_writes_no_escape_codes() {
    let Some(tmux) = Tmux::start("noterm") else { return };
    // `script` records every byte folio writes to its terminal.
    tmux.launch(&format!("TERM=dumb script -q -e -c {} $HOME/dumb", folio()));
    tmux.wait_for_line("EXIT1=2");
    tmux.type_line("grep -c 'TERM=dumb cannot show the reader' $HOME/dumb; grep -c $'\\e' $HOME/dumb");
    let screen = tmux.wait_for("the counts", |s| s.iter().filter(|l| l.trim() == "1" || l.trim() == "0").count() >= 2);
    let counts: Vec<&str> = screen.iter().map(|l| l.trim()).filter(|l| *l == "1" || *l == "0").collect();
    assert_eq!(counts[..2], ["1", "0"], "message once, no ESC byte");
    tmux.launch(&format!("setsid -w {} < /dev/null", folio()));
    let screen = tmux.wait_for_line("EXIT2=2");
    assert!(screen.iter().any(|l| l.contains("no terminal to read keys from")), "{}", screen.join("\n"));
    assert_eq!(tmux.format("#{alternate_on}"), "0");
}

#[test]
fn a_storm_of_resizes_leaves_a_working_reader() {
    let Some(tmux) = Tmux::start("storm") else { return };
    tmux.start_folio("");
    let sizes = [(5, 5), (1, 1), (150, 50), (20, 6), (19, 5), (60, 20), (2, 40), (200, 3), (100, 30)];
    for round in 0..8 {
        for (x, y) in sizes.iter().skip(round % 3) {
            tmux.run(&["resize-window", "-t", "0", "-x", &x.to_string(), "-y", &y.to_string()]);
        }
    }
    tmux.run(&["resize-window", "-t", "0", "-x", "100", "-y", "30"]);
    sleep(Duration::from_millis(200));
    let screen = tmux.wait_for("the full layout", |s| s.len() == 30 && s[1].contains("│ Links Found"));
    assert!(screen[29].starts_with("Enter read"), "{}", screen[29]);
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn hostile_text_cannot_retitle_the_pane_or_fill_the_clipboard() {
    let Some(tmux) = Tmux::start("hostile") else { return };
    // If anything leaked, tmux would act on it: clipboard and title requests are honoured.
    tmux.run(&["set-option", "-g", "set-clipboard", "on"]);
    let dir = common::scratch("hostile-tmux");
    let title = "Evil \x1b]0;pwned-title\x07 \x1b]52;c;cHduZWQtY2xpcA==\x07 \u{9d}2;pwned-c1\u{9c}news";
    let body = "Body \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ \x1bP+q\x1b\\ \x1b_apc\x1b\\ text\x07.";
    std::fs::write(dir.join("a.txt"), format!("{title}\n\n{body}\n")).unwrap();
    std::fs::write(dir.join("b\x1b]0;pwned-name\x07.txt"), "Named\n\nBody.\n").unwrap();
    let before = tmux.format("#{pane_title}");
    tmux.launch(&format!("{} {}", folio(), dir.display()));
    let screen = tmux.wait_for_text("Evil news");
    assert!(screen.iter().any(|l| l.contains("Named")));
    tmux.keys(&["Enter", "G"]);
    tmux.wait_for_text("Body link text.");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
    assert_eq!(tmux.format("#{pane_title}"), before);
    let buffers = Command::new("tmux").args(["-L", tmux.socket(), "list-buffers"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&buffers.stdout), "", "nothing reached the paste buffer");
}
