//! Command-line interface: argument parsing and the non-interactive commands.

mod commands;
mod docs;

use commands::{export, filter, import_notes, list, notes, search, search_regex, show, show_index, with_store};

use crate::config::Config;
use crate::store::sanitize::sanitize_line;
use crate::store::{self, Warning};
use crate::tui;
use clap::{Parser, Subcommand};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// What folio is, for --help and the man page's NAME.
const ABOUT: &str = "a terminal reader for folders of articles (text, Markdown, saved pages, EPUB, feeds, mail): find one by its title, read it wrapped";

/// Exit code for "nothing matched", as grep and fzf use it.
pub const EXIT_NO_MATCH: i32 = 1;
/// What a picker prints of the article chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Path,
    Id,
}

/// Exit code for errors.
pub const EXIT_ERROR: i32 = 2;

/// A terminal reader for folders of articles: fuzzy-find by title, read wrapped.
#[derive(Debug, Parser)]
#[command(name = "folio", version, about = ABOUT, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folders (searched for the formats folio reads: .txt, .md, .html, .epub, .rss, .mbox, .gz
    /// and more, see the README) or files to read; `-` reads files' paths from stdin,
    /// one a line [default: the config's `store`, else the seed article built into folio]
    #[arg(value_hint = clap::ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
    /// Scroll with the wheel and select with a click (the terminal's own text selection then
    /// needs Shift)
    #[arg(long)]
    pub mouse: bool,
    /// Put right-to-left text (Arabic, Hebrew) in display order: `off` for terminals that
    /// reorder it themselves (VTE, Konsole, mlterm)
    /// [default: the config file's `bidi`, else on]
    #[arg(long, value_enum)]
    pub bidi: Option<Switch>,
    /// How wide the terminal draws emoji and Indic letters: `auto` asks it at start (once per
    /// terminal), `probe` asks it again, `codepoints` or `graphemes` decide
    /// [default: the config file's `widths`, else auto]
    #[arg(long, value_enum)]
    pub widths: Option<crate::probe::Widths>,
    /// The config file [default: $XDG_CONFIG_HOME/folio/config.toml]; `folio config --default`
    /// prints one with every setting
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Where places, read marks and the last query are kept (`filter` and `search` read the
    /// marks from it) [default: $FOLIO_STATE, else $XDG_STATE_HOME/folio/state.json]
    #[arg(long, value_name = "FILE", global = true)]
    pub state: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Switch {
    On,
    Off,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every article as `<id>\t<title>`, in store order
    List {
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        /// One JSON object per line: id, title, path, words, cjk_characters, minutes
        #[arg(long)]
        json: bool,
    },
    /// Print the articles whose titles match QUERY, best first, like `fzf --filter`; exit 1 when
    /// none does
    Filter {
        query: String,
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Print one article as plain text: title, blank line, wrapped paragraphs
    Show {
        id: String,
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        /// Wrap to this many columns
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..))]
        width: u16,
        /// One JSON object: id, title, path, words, cjk_characters, minutes, paragraphs, trailer
        #[arg(long)]
        json: bool,
    },
    /// Print the articles whose text holds QUERY (words, "a phrase", -excluded), best first, as
    /// `<id>\t<title>\t<hits>\t<snippet>`; exit 1 when none does. Builds or refreshes the
    /// store's text index first
    Search {
        /// May start with `-` (an excluded word)
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        /// At most this many articles
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
        limit: u64,
        /// QUERY is a regular expression (the regex crate's, smart case, accents folded as in
        /// `/`), looked for in every article's text, read whole: no index, most hits first
        #[arg(long)]
        regex: bool,
    },
    /// Print the store's highlights and notes as Markdown (a section an article, quotes as block
    /// quotes, orphaned ones said); --json: one W3C Web Annotation a line. Exit 1 when there is
    /// none. --import FILE: add the highlights of such annotations (a line each, or a JSON array)
    /// to the store's
    Notes {
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        #[arg(long, conflicts_with = "markdown")]
        json: bool,
        /// Markdown, as without --json
        #[arg(long)]
        markdown: bool,
        /// Annotations to add (`-`: standard input), as --json prints them
        #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "markdown"], value_hint = clap::ValueHint::FilePath)]
        import: Option<PathBuf>,
    },
    /// Write the store as JSON Lines (id, title, paragraphs, trailer, path), one article a
    /// line; any command opens such a `.jsonl` file as a store
    Export {
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
    },
    /// Check the config file and say where it is; with --default, print the default config
    /// file, every setting and key commented
    Config {
        #[arg(long)]
        default: bool,
    },
    /// Choose an article with the finder and print its path (--id: its id); Esc prints
    /// nothing and exits 1. The finder draws on the terminal, so `vim "$(folio pick ~/notes)"`
    /// works
    Pick {
        #[arg(value_hint = clap::ValueHint::AnyPath)]
        paths: Vec<PathBuf>,
        /// Print the article's id rather than its path
        #[arg(long)]
        id: bool,
    },
    /// Say where the cache is and what it holds (title and text indexes); with --clear,
    /// remove it all (folio builds what it needs again)
    Cache {
        #[arg(long)]
        clear: bool,
    },
    /// Print the man page (roff): `folio man | man -l -`, or save it as folio.1 in a man1 folder
    Man,
    /// Print the completion script for SHELL (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Runs what the command line asks for; returns the exit code.
pub fn run(cli: Cli) -> Result<i32, Box<dyn std::error::Error>> {
    let documents = matches!(
        cli.command,
        Some(Command::Man | Command::Completions { .. } | Command::Config { .. } | Command::Cache { .. })
    );
    let config = if documents { Config::default() } else { load_config(cli.config.as_deref())? };
    store::trailer::set_detection(config.trailer);
    // No PATH: the store the config names, else the seeds built into folio.
    let or_configured = |paths: Vec<PathBuf>| if paths.is_empty() { config.store.clone() } else { paths };
    // Mark filters in `filter` and `search` read the marks the reader saved.
    let state = crate::state::state_path(cli.state.as_deref());
    let state = state.as_deref();
    let result = match cli.command {
        None => {
            let paths = or_configured(cli.paths);
            let mut config = config.clone();
            config.mouse |= cli.mouse;
            config.bidi = cli.bidi.map_or(config.bidi, |b| b == Switch::On);
            config.widths = cli.widths.unwrap_or(config.widths);
            return interactive(&paths, config, crate::state::state_path(cli.state.as_deref()), None);
        }
        Some(Command::Pick { paths, id }) => {
            let pick = if id { Pick::Id } else { Pick::Path };
            // A picker remembers nothing: scripts get the same finder every time.
            return interactive(&or_configured(paths), config.clone(), None, Some(pick));
        }
        Some(Command::Cache { clear }) => cache_command(clear),
        // Made whole first, then written: a closed pipe (`folio man | head`) is no error.
        Some(Command::Man) => docs::man().and_then(|page| write_out(&page)),
        Some(Command::Completions { shell }) => write_out(&docs::completions(shell)),
        Some(Command::Config { default: true }) => {
            print!("{}", crate::config::default_file());
            return Ok(0);
        }
        Some(Command::Config { default: false }) => {
            let path = crate::config::config_path(cli.config.as_deref());
            load_config(cli.config.as_deref())?;
            let shown = path.as_ref().map(|p| store::sanitize::sanitize_line(&p.display().to_string()));
            match (shown, path.is_some_and(|p| p.exists())) {
                (Some(path), true) => println!("{path}: ok"),
                (Some(path), false) => println!("{path}: none, so the defaults (folio config --default prints them)"),
                (None, _) => println!("no config folder (no HOME): the defaults"),
            }
            return Ok(0);
        }
        Some(Command::List { paths, json }) => with_store(&or_configured(paths), |store, out| list(store, json, out)),
        Some(Command::Filter { query, paths, json }) => swapped("filter", &query, &paths)
            .unwrap_or_else(|| with_store(&or_configured(paths), |store, out| filter(store, &query, state, json, out))),
        // A file given alone is shown as it is, whatever store it belongs to.
        Some(Command::Show { id, paths, width, json }) if paths.is_empty() && std::path::Path::new(&id).is_file() => {
            with_store(&[PathBuf::from(&id)], |store, out| show_index(store, 0, width, json, out))
        }
        Some(Command::Show { id, paths, width, json }) => {
            with_store(&or_configured(paths), |store, out| show(store, &id, width, json, out))
        }
        Some(Command::Export { paths }) => with_store(&or_configured(paths), export),
        Some(Command::Notes { paths, import: Some(file), .. }) => {
            with_store(&or_configured(paths), |store, _| import_notes(store, state, &file))
        }
        Some(Command::Notes { paths, json, .. }) => {
            with_store(&or_configured(paths), |store, out| notes(store, state, json, out))
        }
        Some(Command::Search { query, paths, json, limit, regex }) => {
            swapped("search", &query, &paths).unwrap_or_else(|| match regex {
                true => with_store(&or_configured(paths), |store, out| {
                    search_regex(store, &query, json, limit as usize, out)
                }),
                false => with_store(&or_configured(paths), |store, out| {
                    search(store, &query, state, json, limit as usize, out)
                }),
            })
        }
    };
    match result {
        // A closed pipe (`folio list | head`) is the reader's choice, not an error.
        Err(e) if e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) => Ok(0),
        other => other,
    }
}

/// What PATHs open, and those that cannot be opened. `-` alone reads the paths of files from
/// stdin, one a line (`find ~/notes -name '*.txt' | folio -`).
pub(super) fn origins_of(paths: &[PathBuf]) -> Result<(Vec<store::Origin>, Vec<Warning>), Box<dyn std::error::Error>> {
    let stdin = paths.iter().any(|p| p.as_os_str() == "-");
    let others: Vec<PathBuf> = paths.iter().filter(|p| p.as_os_str() != "-").cloned().collect();
    if !stdin {
        let (paths, missing) = store::open_roots(&others)?;
        return Ok((store::default_origins(&paths), missing));
    }
    if io::stdin().is_terminal() {
        return Err(
            "'-' reads the paths of articles from stdin, one a line: find ~/notes -name '*.txt' | folio -".into()
        );
    }
    let mut input = String::new();
    io::Read::read_to_string(&mut io::stdin(), &mut input)?;
    // `find -print0` separates by NUL, everything else by lines.
    let separator = if input.contains('\0') { '\0' } else { '\n' };
    // Lines from Windows tools end in CRLF: the CR is no part of the name.
    let lines = input.split(separator).map(|l| if separator == '\n' { l.strip_suffix('\r').unwrap_or(l) } else { l });
    let listed: Vec<PathBuf> = lines.filter(|l| !l.trim().is_empty()).map(PathBuf::from).collect();
    if listed.is_empty() {
        return Err("no paths on stdin".into());
    }
    // One rule for every path named, on the command line or on stdin: one that is not there
    // is reported, the rest is read, and the exit status is 2.
    let (listed, gone): (Vec<PathBuf>, Vec<PathBuf>) = listed.into_iter().partition(|p| p.symlink_metadata().is_ok());
    let mut missing: Vec<Warning> = gone
        .iter()
        .map(|p| {
            Warning::from(store::ReadError::new(
                p,
                p.symlink_metadata().err().map_or_else(String::new, |e| e.to_string()),
            ))
        })
        .collect();
    let mut origins = Vec::new();
    if !others.is_empty() {
        let (paths, also_missing) = store::open_roots(&others)?;
        origins = store::default_origins(&paths);
        missing.extend(also_missing);
    }
    if listed.is_empty() && origins.is_empty() {
        return Err(missing.first().map_or_else(|| "no paths on stdin".to_owned(), |w| w.to_string()).into());
    }
    if !listed.is_empty() {
        origins.push(store::Origin::Listed(std::sync::Arc::new(store::Listing::of(&listed))));
    }
    Ok((origins, missing))
}

/// `folio cache [--clear]`.
fn cache_command(clear: bool) -> CommandResult {
    let Some(cache) = store::index::cache_dir() else { return Err("no cache folder (no HOME)".into()) };
    let shown = sanitize_line(&cache.display().to_string());
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let indexes = |n: usize| if n == 1 { "1 index".to_owned() } else { format!("{n} indexes") };
    let mut out = io::stdout().lock();
    if clear {
        let (entries, bytes) = store::cache::clear(&cache)?;
        writeln!(out, "removed {} ({:.1} MiB) from {shown}", indexes(entries), mib(bytes))?;
    } else {
        let swept = store::cache::sweep_orphans(&cache);
        let (entries, bytes) = store::cache::usage(&cache);
        writeln!(out, "{shown}: {}, {:.1} MiB", indexes(entries), mib(bytes))?;
        if swept > 0 {
            writeln!(out, "(removed {swept} of folders that no longer exist)")?;
        }
    }
    Ok(0)
}

/// `folio filter bbc oil`: the query is a folder and no PATH exists, so the two were
/// swapped; said plainly rather than "cannot open 'oil'".
fn swapped(command: &str, query: &str, paths: &[PathBuf]) -> Option<CommandResult> {
    let none_open = !paths.is_empty() && paths.iter().all(|p| !p.exists());
    (none_open && std::path::Path::new(query).is_dir()).then(|| {
        let path = sanitize_line(&paths[0].display().to_string());
        let query = sanitize_line(query);
        Err(format!(
            "'{path}' does not exist and '{query}' is a folder: the query comes first (folio {command} QUERY [PATH]...)"
        )
        .into())
    })
}

fn write_out(bytes: &[u8]) -> CommandResult {
    io::stdout().lock().write_all(bytes)?;
    Ok(0)
}

/// The config file's settings (`--config FILE` must exist; the usual place may not).
fn load_config(given: Option<&std::path::Path>) -> Result<Config, crate::config::ConfigError> {
    match crate::config::config_path(given) {
        Some(path) => Config::load(&path, given.is_some()),
        None => Ok(Config::default_for_terminal()),
    }
}

/// The reader, or with `pick` the picker, on `paths`.
fn interactive(paths: &[PathBuf], config: Config, state: Option<PathBuf>, pick: Option<Pick>) -> CommandResult {
    tui::check_terminal(pick.is_some())?;
    let (origins, missing) = origins_of(paths)?;
    let session = tui::Session { origins, config, state, missing: missing.clone(), pick: pick.is_some() };
    let outcome = tui::run(session)?;
    print_warnings(&outcome.warnings);
    for note in &outcome.notes {
        eprintln!("folio: {}", store::sanitize::sanitize_line(note));
    }
    if let (Some(pick), Some((id, path))) = (pick, &outcome.picked) {
        // The path as given (relative stays relative, for the shell that asked), or the id
        // of an article that is no file of its own.
        let chosen = match (pick, path) {
            (Pick::Path, Some(path)) => path.display().to_string(),
            _ => id.clone(),
        };
        writeln!(io::stdout().lock(), "{chosen}")?;
    }
    // A PATH that could not be opened (listed among the skipped files) fails the run.
    // A picker's status is its choice's (a script reads 0 as "chosen").
    Ok(if missing.is_empty() || outcome.exit_code != 0 || pick.is_some() { outcome.exit_code } else { EXIT_ERROR })
}

pub(super) fn print_warnings(warnings: &[Warning]) {
    for warning in warnings {
        eprintln!("folio: {warning}");
    }
}

pub(super) type CommandResult = Result<i32, Box<dyn std::error::Error>>;
