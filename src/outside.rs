//! Running `$PAGER` and `$EDITOR`: split into words as a shell would, never run by one.

use crate::app::External;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// The program and its arguments for `external`, from the environment as `var` reads it: the
/// variable is split by shell quoting rules (`code -w`, `'my editor' --wait`) and the file is
/// one more argument, whatever its name holds; no shell ever sees it.
pub fn command_line(external: &External, var: impl Fn(&str) -> Option<OsString>) -> Result<Vec<OsString>, String> {
    let (names, default): (&[&str], &str) = match external {
        External::Pager { .. } => (&["PAGER"], "less"),
        External::Editor { .. } | External::Note { .. } => (&["VISUAL", "EDITOR"], "vi"),
        External::Browser { .. } => (&["BROWSER"], if cfg!(target_os = "macos") { "open" } else { "xdg-open" }),
    };
    let set = names.iter().find_map(|&name| var(name).filter(|v| !v.is_empty()).map(|v| (name, v)));
    // $BROWSER may list several browsers, `:` apart: the first is tried.
    let set = set.map(|(name, value)| match name {
        "BROWSER" => (name, OsString::from(value.to_string_lossy().split(':').next().unwrap_or("").to_owned())),
        _ => (name, value),
    });
    let mut words: Vec<OsString> = match set {
        Some((name, value)) => {
            let text = value.to_string_lossy();
            let words =
                shell_words::split(&text).map_err(|e| format!("${name} ({text}) cannot be split into words: {e}"))?;
            words.into_iter().map(OsString::from).collect()
        }
        None => vec![default.into()],
    };
    if words.is_empty() {
        words.push(default.into());
    }
    // less opens at the reader's place; other pagers at the top.
    if let External::Pager { line, .. } = external
        && *line > 0
        && std::path::Path::new(&words[0]).file_name().is_some_and(|name| name == "less")
    {
        words.push(format!("+{}g", line + 1).into());
    }
    if let External::Editor { path } = external {
        // Absolute, so that no name (`+!cmd.txt`, `-c.txt`) reads as an option to the editor.
        words.push(std::path::absolute(path).unwrap_or_else(|_| path.clone()).into_os_string());
    }
    if let External::Browser { url } = external {
        // Only web and mail addresses get here (never an option: they start with a scheme).
        words.push(url.into());
    }
    Ok(words)
}

/// Writes `text` to a file of its own (readable only by its owner), lets the editor change it,
/// and returns what it holds then; the file is removed either way.
pub fn edit_note(text: &str) -> Result<String, String> {
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!("folio-note-{}-{stamp}.md", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&path).and_then(|mut file| file.write_all(text.as_bytes()));
    written.map_err(|e| format!("cannot write the note's file {}: {e}", path.display()))?;
    let ran = run(&External::Editor { path: path.clone() });
    let read = std::fs::read(&path).map_err(|e| format!("cannot read the note's file {}: {e}", path.display()));
    let _ = std::fs::remove_file(&path);
    ran?;
    Ok(crate::store::sanitize::sanitize(&String::from_utf8_lossy(&read?)))
}

/// Runs the pager or the editor on this terminal and waits for it.
pub fn run(external: &External) -> Result<(), String> {
    let words = command_line(external, |name| std::env::var_os(name))?;
    let program = words[0].to_string_lossy().into_owned();
    let mut command = Command::new(&words[0]);
    command.args(&words[1..]);
    // Keys come from the terminal even when folio's stdin is a pipe.
    let terminal = || -> Stdio {
        match std::io::stdin().is_terminal() {
            true => Stdio::inherit(),
            false => std::fs::File::open("/dev/tty").map_or(Stdio::inherit(), Stdio::from),
        }
    };
    let status = match external {
        External::Pager { text, .. } => {
            let mut child = command.stdin(Stdio::piped()).spawn().map_err(|e| format!("cannot run {program}: {e}"))?;
            // A pager quit before reading everything closes the pipe: no error of ours.
            let _ = child.stdin.take().expect("piped").write_all(text.as_bytes());
            child.wait()
        }
        External::Editor { .. } | External::Browser { .. } | External::Note { .. } => {
            command.stdin(terminal()).status()
        }
    };
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{program} ended with {status}")),
        Err(e) => Err(format!("cannot run {program}: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| OsString::from(v))
    }

    #[test]
    fn variables_split_as_a_shell_would_and_the_path_is_one_word() {
        let editor = External::Editor { path: PathBuf::from("/s/; touch pwned #.txt") };
        let relative = External::Editor { path: PathBuf::from("+!touch pwned.txt") };
        let words = command_line(&relative, env(&[("EDITOR", "vi")])).unwrap();
        let absolute = std::env::current_dir().unwrap().join("+!touch pwned.txt");
        assert_eq!(words, [OsString::from("vi"), absolute.into_os_string()], "never an option or a command to vi");
        let words = command_line(&editor, env(&[("EDITOR", "code -w"), ("VISUAL", "")])).unwrap();
        assert_eq!(words, ["code", "-w", "/s/; touch pwned #.txt"]);
        let words = command_line(&editor, env(&[("VISUAL", "'my editor' --wait"), ("EDITOR", "vim")])).unwrap();
        assert_eq!(words, ["my editor", "--wait", "/s/; touch pwned #.txt"], "VISUAL first");
        assert_eq!(command_line(&editor, env(&[])).unwrap()[0], "vi");
        let pager = External::Pager { text: String::new(), line: 0 };
        assert_eq!(command_line(&pager, env(&[])).unwrap(), ["less"]);
        let at_place = External::Pager { text: String::new(), line: 41 };
        assert_eq!(command_line(&at_place, env(&[])).unwrap(), ["less", "+42g"], "less opens at the place");
        assert_eq!(command_line(&at_place, env(&[("PAGER", "most")])).unwrap(), ["most"], "others at the top");
        assert_eq!(command_line(&pager, env(&[("PAGER", "less -R +G")])).unwrap(), ["less", "-R", "+G"]);
        let error = command_line(&pager, env(&[("PAGER", "less 'unclosed")])).unwrap_err();
        assert!(error.contains("$PAGER") && error.contains("unclosed"), "{error}");
    }

    #[test]
    fn a_hostile_file_name_runs_nothing() {
        let dir = crate::store::ScratchDir::new("outside-hostile");
        for name in ["; touch pwned #.txt", "$(touch pwned2).txt", "`touch pwned3`.txt"] {
            let path = dir.join(name);
            std::fs::write(&path, "Title\n\nText.\n").unwrap();
            // The "editor" copies its argument's file beside it: it gets the name whole.
            let script = "sh -c 'cp \"$0\" \"$0.seen\"'";
            let words = command_line(&External::Editor { path: path.clone() }, env(&[("EDITOR", script)])).unwrap();
            let status = Command::new(&words[0]).args(&words[1..]).current_dir(&*dir).status().unwrap();
            assert!(status.success());
            let mut seen = path.into_os_string();
            seen.push(".seen");
            assert!(std::path::Path::new(&seen).exists(), "{name} reached the editor whole");
        }
        for pwned in ["pwned", "pwned2", "pwned3", "pwned #.txt"] {
            assert!(!dir.join(pwned).exists(), "{pwned} was made: a shell ran the name");
        }
    }
}
