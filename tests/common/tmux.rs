//! A private tmux server for end-to-end tests in a real terminal.

use std::cell::Cell;
use std::path::PathBuf;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A private tmux server with one 100x30 window running a plain shell, whose HOME and XDG
/// folders are the test's own (removed with it), so no test sees another's cache or state.
pub struct Tmux {
    socket: String,
    home: super::Scratch,
    /// Commands run so far: each prints its exit status under its own number, so a wait never
    /// mistakes an earlier command's output for the one it waits for.
    commands: Cell<u32>,
}

impl Tmux {
    pub fn start(name: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            super::missing("tmux");
            return None;
        }
        if Command::new("pgrep").arg("--version").output().is_err() {
            super::missing("pgrep (procps)");
            return None;
        }
        let home = super::scratch(&format!("tmux-{name}"));
        let tmux = Tmux { socket: format!("folio-test-{}-{name}", std::process::id()), home, commands: Cell::new(0) };
        let home = tmux.home.display();
        // folio is on PATH, so command lines stay short: one that wraps in the pane leaves its
        // tail beside the exit status printed after it.
        let bin = std::path::Path::new(env!("CARGO_BIN_EXE_folio")).parent().unwrap().display().to_string();
        let shell = format!(
            "env -i PATH={bin}:/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 HOME={home} XDG_CACHE_HOME={home}/cache \
             XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config HISTFILE= PS1='$ ' bash --norc --noprofile"
        );
        tmux.run(&["-u", "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", &shell]);
        // Esc must reach folio at once, not wait to see whether it starts a sequence.
        tmux.run(&["set-option", "-g", "escape-time", "0"]);
        tmux.type_line(&format!("cd {}", super::repo_path("").display()));
        Some(tmux)
    }

    pub fn socket(&self) -> &str {
        &self.socket
    }

    /// The test's own HOME.
    pub fn home(&self) -> PathBuf {
        self.home.to_path_buf()
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

    /// Waits for a whole line (spaces around it aside): never satisfied by the echo of the
    /// command that prints it.
    pub fn wait_for_line(&self, line: &str) -> Vec<String> {
        self.wait_for(line, |screen| screen.iter().any(|l| l.trim() == line))
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

    /// Runs `command` in the shell after saving the terminal modes; its exit status is then
    /// printed as `EXIT<n>=<status>`, `n` being this command's number (see `expect_exit`).
    pub fn launch(&self, command: &str) {
        let n = self.commands.get() + 1;
        self.commands.set(n);
        self.type_line(&format!("stty -g > $HOME/stty-{n}"));
        self.type_line(&format!("{command}; echo EXIT{n}=$?"));
    }

    /// Starts folio after saving the terminal modes, and waits for its first screen.
    pub fn start_folio(&self, args: &str) {
        self.start_folio_with("", args);
    }

    pub fn start_folio_with(&self, environment: &str, args: &str) {
        self.launch(&format!("{environment} folio {args}"));
        self.wait_for_text("Links Found To North Korean");
        assert_eq!(self.format("#{alternate_on}"), "1", "folio draws on the alternate screen");
        let mouse = if args.contains("--mouse") { "1" } else { "0" };
        assert_eq!(self.format("#{mouse_any_flag}"), mouse, "mouse reporting only with --mouse");
    }

    /// Waits for the last launched command's exit status, then checks the shell got its
    /// terminal back unchanged: main screen, cursor shown, no mouse reporting, same modes.
    pub fn expect_exit(&self, code: i32) {
        let n = self.commands.get();
        self.wait_for_line(&format!("EXIT{n}={code}"));
        assert_eq!(self.format("#{alternate_on}"), "0", "the alternate screen was left");
        assert_eq!(self.format("#{cursor_flag}"), "1", "the cursor is shown");
        assert_eq!(self.format("#{mouse_any_flag}"), "0", "mouse reporting is off");
        self.type_line(&format!("stty -g | cmp -s - $HOME/stty-{n} && echo MODES{n}=same || echo MODES{n}=changed"));
        let screen =
            self.wait_for(&format!("MODES{n}"), |s| s.iter().any(|l| l.trim().starts_with(&format!("MODES{n}="))));
        assert!(
            screen.iter().any(|l| l.trim() == format!("MODES{n}=same")),
            "terminal modes changed:\n{}",
            screen.join("\n")
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).output();
    }
}
