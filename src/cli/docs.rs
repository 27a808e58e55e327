//! The man page and shell completions, made from the clap definitions so they never drift.

use super::Cli;
use clap::CommandFactory;

/// What clap does not know: keys, exit status, files and environment.
const MORE: &str = r#".SH KEYS
In the list, type to filter by title (fzf's query language: 'exact, ^prefix, suffix$, !not,
a | b; :unread, :reading, :read, :starred filter by marks). Enter reads the selected article;
Space pages and, at an article's end, goes on to the next unread one; / searches in it;
Ctrl\-T switches to full\-text search; m marks read, s stars; Esc on an empty query or
Ctrl\-C quits. F1 (or ? with the query empty) lists every key.
.SH EXIT STATUS
0 success; 1 nothing matched (filter, search), no article found (list), or nothing picked
(pick, Esc); 2 an error (bad arguments, a PATH that cannot be opened, a bad config file);
130 pick interrupted (Ctrl\-C); 128+N the reader ended by signal N.
.SH FILES
.TP
$XDG_CONFIG_HOME/folio/config.toml
Settings and keys (folio config \-\-default prints them all).
.TP
$XDG_STATE_HOME/folio/state.json
What is remembered: places, read marks, stars, the last query and article per store.
.TP
$XDG_CACHE_HOME/folio/
Title and text indexes (folio cache \-\-clear empties it).
.SH ENVIRONMENT
.TP
FOLIO_STATE
The state file, unless \-\-state says otherwise.
.TP
PAGER, VISUAL, EDITOR
The programs p and v run (split into words, never through a shell).
.TP
NO_COLOR
No colour at all.
"#;

/// `folio man`: the man page, roff, for `man -l -` or a `man1` folder.
pub fn man() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    page.extend_from_slice(MORE.as_bytes());
    Ok(page)
}

/// `folio completions SHELL`: the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "folio", &mut script);
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_man_page_and_completions_name_every_command() {
        let page = String::from_utf8(man().unwrap()).unwrap();
        assert!(page.contains(".TH folio") && page.contains(".SH EXIT STATUS") && page.contains("state.json"));
        for shell in [clap_complete::Shell::Bash, clap_complete::Shell::Zsh, clap_complete::Shell::Fish] {
            let script = String::from_utf8(completions(shell)).unwrap();
            for command in Cli::command().get_subcommands() {
                assert!(script.contains(command.get_name()), "{shell:?} lacks {}", command.get_name());
            }
        }
    }
}
