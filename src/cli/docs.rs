//! The man page and shell completions, made from the clap definitions so they never drift.

use super::Cli;
use clap::CommandFactory;

/// `folio man`: the man page, roff, for `man -l -` or a `man1` folder.
pub fn man() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
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
        assert!(page.starts_with(".ie \\n(.g .ds Aq") || page.contains(".TH folio"), "{}", &page[..200]);
        for shell in [clap_complete::Shell::Bash, clap_complete::Shell::Zsh, clap_complete::Shell::Fish] {
            let script = String::from_utf8(completions(shell)).unwrap();
            for command in Cli::command().get_subcommands() {
                assert!(script.contains(command.get_name()), "{shell:?} lacks {}", command.get_name());
            }
        }
    }
}
