//! End-to-end tests in a real terminal (tmux): what only a terminal shows, such as the
//! alternate screen, raw mode being restored, signals and resizes.

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A private tmux server with one 100x30 window running a plain shell.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(name: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("skipped: tmux is not installed");
            return None;
        }
        let tmux = Tmux { socket: format!("folio-test-{}-{name}", std::process::id()) };
        let shell = "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=/tmp PS1='$ ' bash --norc --noprofile";
        tmux.run(&["-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", shell]);
        // Esc must reach folio at once, not wait to see whether it starts a sequence.
        tmux.run(&["set-option", "-g", "escape-time", "0"]);
        tmux.type_line(&format!("cd {}", common::repo_path("").display()));
        Some(tmux)
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().unwrap();
        assert!(output.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "0", key]);
            sleep(Duration::from_millis(60));
        }
    }

    fn type_line(&self, line: &str) {
        self.run(&["send-keys", "-t", "0", "-l", line]);
        self.run(&["send-keys", "-t", "0", "Enter"]);
    }

    fn screen(&self) -> Vec<String> {
        self.run(&["capture-pane", "-p", "-t", "0"]).lines().map(str::to_owned).collect()
    }

    /// Waits up to 10 s for a screen that satisfies `ready`, and returns it.
    fn wait_for(&self, what: &str, ready: impl Fn(&[String]) -> bool) -> Vec<String> {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}:\n{}", screen.join("\n"));
            sleep(Duration::from_millis(50));
        }
    }

    fn wait_for_text(&self, text: &str) -> Vec<String> {
        self.wait_for(text, |screen| screen.iter().any(|l| l.contains(text)))
    }

    /// One row with its attributes as escape sequences.
    fn styled_row(&self, row: usize) -> String {
        self.run(&["capture-pane", "-p", "-e", "-t", "0"]).lines().nth(row).unwrap_or_default().to_owned()
    }

    fn format(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "0", format]).trim().to_owned()
    }

    /// The pid of the program running in the shell, that is folio.
    fn folio_pid(&self) -> String {
        let shell = self.format("#{pane_pid}");
        let output = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }

    /// Starts folio after saving the terminal modes, and waits for its first screen.
    fn start_folio(&self, args: &str) {
        self.start_folio_with("", args);
    }

    fn start_folio_with(&self, environment: &str, args: &str) {
        self.type_line("stty -g > /tmp/folio-stty-before-$$");
        self.type_line(&format!("{environment} {} {args}; echo EXIT=$?", env!("CARGO_BIN_EXE_folio")));
        self.wait_for_text("Links Found To North Korean");
        assert_eq!(self.format("#{alternate_on}"), "1", "folio draws on the alternate screen");
    }

    /// Waits for folio's exit code, then checks the shell got its terminal back unchanged.
    fn expect_exit(&self, code: i32) {
        self.wait_for_text(&format!("EXIT={code}"));
        assert_eq!(self.format("#{alternate_on}"), "0", "the alternate screen was left");
        assert_eq!(self.format("#{cursor_flag}"), "1", "the cursor is shown");
        self.type_line("stty -g | cmp -s - /tmp/folio-stty-before-$$ && echo MODES=same || echo MODES=changed");
        self.wait_for_text("MODES=same");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).output();
    }
}

#[test]
fn type_read_scroll_and_quit() {
    let Some(tmux) = Tmux::start("session") else { return };
    tmux.start_folio("");
    tmux.keys(&["s", "o", "n", "y"]);
    let screen = tmux.wait_for_text("> sony");
    assert!(screen[0].ends_with("1/1"), "{}", screen[0]);
    // The match ("Sony") lies beyond the list's width, so the title scrolls to show it, as in fzf.
    assert!(
        screen[1].starts_with("> …nd To North Korean Goverment In Sony │ Links Found To North Korean"),
        "{}",
        screen[1]
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_text("Space page");
    assert!(screen[29].ends_with("51%"), "{}", screen[29]);
    tmux.keys(&["Space"]);
    let screen = tmux.wait_for_text("100%");
    assert!(screen.iter().any(|l| l.ends_with("│ Filter videos by")), "{}", screen.join("\n"));
    tmux.keys(&["g"]);
    tmux.wait_for_text("51%");
    tmux.keys(&["q", "Escape"]);
    tmux.wait_for("an empty query", |s| s[0].starts_with(">  ") && s[0].ends_with("1/1"));
    tmux.keys(&["Escape"]);
    tmux.expect_exit(0);
}

#[test]
fn no_color_keeps_the_selection_and_highlights_visible() {
    let Some(tmux) = Tmux::start("nocolor") else { return };
    tmux.start_folio_with("NO_COLOR=1", "");
    tmux.keys(&["s", "o", "n", "y"]);
    tmux.wait_for_text("> sony");
    let row = tmux.styled_row(1);
    assert!(row.starts_with("\x1b[0;7m"), "the selected row is in reverse video: {row:?}");
    assert!(row.contains("\x1b[1;4mSony"), "matches are bold and underlined: {row:?}");
    let colours = (0..8).flat_map(|c| [format!("[3{c}m"), format!("[4{c}m"), format!(";3{c}m"), format!(";4{c}m")]);
    for colour in colours.chain(["38;".into(), "48;".into()]) {
        assert!(!row.contains(&colour), "no colour ({colour}): {row:?}");
    }
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn idle_costs_no_cpu() {
    let Some(tmux) = Tmux::start("idle") else { return };
    tmux.start_folio("");
    let pid = tmux.folio_pid();
    let cpu_ticks = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    sleep(Duration::from_millis(300));
    let before = cpu_ticks();
    sleep(Duration::from_secs(2));
    let used = cpu_ticks() - before;
    // A loop redrawing on a timer would burn tens of ticks (of 10 ms) in 2 s; blocking uses none.
    assert!(used <= 1, "{used} ticks of CPU while idle");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn resize_rewraps_into_the_stacked_layout() {
    let Some(tmux) = Tmux::start("resize") else { return };
    tmux.start_folio("");
    tmux.run(&["resize-window", "-t", "0", "-x", "60", "-y", "20"]);
    let screen = tmux.wait_for("the stacked layout", |s| s.len() == 20 && s[7] == "─".repeat(60));
    assert_eq!(screen[8], " Links Found To North Korean Goverment In Sony Pictures");
    assert_eq!(screen[9], " Hack – Hackers Also Make Threats Of Violence");
    tmux.run(&["resize-window", "-t", "0", "-x", "15", "-y", "4"]);
    let screen = tmux.wait_for_text("too small");
    assert_eq!(screen[2], "   too small");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn signals_restore_the_terminal() {
    let Some(tmux) = Tmux::start("signals") else { return };
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        tmux.start_folio("--mouse");
        let pid = tmux.folio_pid();
        assert!(!pid.is_empty());
        let status = Command::new("kill").args([&format!("-{signal}"), &pid]).status().unwrap();
        assert!(status.success());
        tmux.expect_exit(code);
        tmux.type_line("clear");
    }
}
