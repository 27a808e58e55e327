//! A private tmux server for end-to-end tests in a real terminal.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A private tmux server with one 100x30 window running a plain shell.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn start(name: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("skipped: tmux is not installed");
            return None;
        }
        let tmux = Tmux { socket: format!("folio-test-{}-{name}", std::process::id()) };
        let shell = "env -i PATH=/usr/bin:/bin TERM=xterm-256color HOME=/tmp PS1='$ ' bash --norc --noprofile";
        tmux.run(&["-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", shell]);
        // Esc must reach folio at once, not wait to see whether it starts a sequence.
        tmux.run(&["set-option", "-g", "escape-time", "0"]);
        tmux.type_line(&format!("cd {}", super::repo_path("").display()));
        Some(tmux)
    }

    pub fn socket(&self) -> &str {
        &self.socket
    }

    pub fn run(&self, args: &[&str]) -> String {
        let output = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().unwrap();
        assert!(output.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    }

    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.run(&["send-keys", "-t", "0", key]);
            sleep(Duration::from_millis(60));
        }
    }

    pub fn type_line(&self, line: &str) {
        self.run(&["send-keys", "-t", "0", "-l", line]);
        self.run(&["send-keys", "-t", "0", "Enter"]);
    }

    pub fn screen(&self) -> Vec<String> {
        self.run(&["capture-pane", "-p", "-t", "0"]).lines().map(str::to_owned).collect()
    }

    /// Waits up to 10 s for a screen that satisfies `ready`, and returns it.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&[String]) -> bool) -> Vec<String> {
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

    pub fn wait_for_text(&self, text: &str) -> Vec<String> {
        self.wait_for(text, |screen| screen.iter().any(|l| l.contains(text)))
    }

    /// One row with its attributes as escape sequences.
    pub fn styled_row(&self, row: usize) -> String {
        self.run(&["capture-pane", "-p", "-e", "-t", "0"]).lines().nth(row).unwrap_or_default().to_owned()
    }

    pub fn format(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", "0", format]).trim().to_owned()
    }

    /// The pid of the program running in the shell, that is folio.
    pub fn folio_pid(&self) -> String {
        let shell = self.format("#{pane_pid}");
        let output = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        String::from_utf8(output.stdout).unwrap().trim().to_owned()
    }

    /// Starts folio after saving the terminal modes, and waits for its first screen.
    pub fn start_folio(&self, args: &str) {
        self.start_folio_with("", args);
    }

    pub fn start_folio_with(&self, environment: &str, args: &str) {
        self.type_line("stty -g > /tmp/folio-stty-before-$$");
        self.type_line(&format!("{environment} {} {args}; echo EXIT=$?", env!("CARGO_BIN_EXE_folio")));
        self.wait_for_text("Links Found To North Korean");
        assert_eq!(self.format("#{alternate_on}"), "1", "folio draws on the alternate screen");
    }

    /// Waits for folio's exit code, then checks the shell got its terminal back unchanged.
    pub fn expect_exit(&self, code: i32) {
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
