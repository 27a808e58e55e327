//! Command-line interface: argument parsing and the non-interactive commands.

mod docs;

use crate::config::Config;
use crate::page::{LineKind, Page};
use crate::search::{Matcher, Searcher};
use crate::store::jsonl::JsonArticle;
use crate::store::sanitize::sanitize_line;
use crate::store::{self, Article, LoadOptions, SharedCatalog, Warning};
use crate::tui;
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

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

/// A terminal reader for folders of plain-text articles: fuzzy-find by title, read wrapped.
#[derive(Debug, Parser)]
#[command(name = "folio", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folders (searched for *.txt and *.md) or files to read; `-` reads files' paths from stdin,
    /// one a line [default: the config's `store`, else the seed articles built into folio]
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
    /// The config file [default: $XDG_CONFIG_HOME/folio/config.toml]; `folio config --default`
    /// prints one with every setting
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Where places, read marks and the last query are kept [default: $FOLIO_STATE, else
    /// $XDG_STATE_HOME/folio/state.json]
    #[arg(long, value_name = "FILE")]
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
        paths: Vec<PathBuf>,
        /// One JSON object per line: id, title, path, words, cjk_characters, minutes
        #[arg(long)]
        json: bool,
    },
    /// Print the articles whose titles match QUERY, best first, like `fzf --filter`; exit 1 when
    /// none does
    Filter {
        query: String,
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Print one article as plain text: title, blank line, wrapped paragraphs
    Show {
        id: String,
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
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        /// At most this many articles
        #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
        limit: u64,
    },
    /// Write the store as JSON Lines (id, title, paragraphs, trailer, path), one article a
    /// line; any command opens such a `.jsonl` file as a store
    Export { paths: Vec<PathBuf> },
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
    // No PATH: the store the config names, else the seeds built into folio.
    let or_configured = |paths: Vec<PathBuf>| if paths.is_empty() { config.store.clone() } else { paths };
    let result = match cli.command {
        None => {
            let paths = or_configured(cli.paths);
            let mut config = config.clone();
            config.mouse |= cli.mouse;
            config.bidi = cli.bidi.map_or(config.bidi, |b| b == Switch::On);
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
            .unwrap_or_else(|| with_store(&or_configured(paths), |store, out| filter(store, &query, json, out))),
        // A file given alone is shown as it is, whatever store it belongs to.
        Some(Command::Show { id, paths, width, json }) if paths.is_empty() && std::path::Path::new(&id).is_file() => {
            with_store(&[PathBuf::from(&id)], |store, out| show_index(store, 0, width, json, out))
        }
        Some(Command::Show { id, paths, width, json }) => {
            with_store(&or_configured(paths), |store, out| show(store, &id, width, json, out))
        }
        Some(Command::Export { paths }) => with_store(&or_configured(paths), export),
        Some(Command::Search { query, paths, json, limit }) => swapped("search", &query, &paths).unwrap_or_else(|| {
            with_store(&or_configured(paths), |store, out| search(store, &query, json, limit as usize, out))
        }),
    };
    match result {
        // A closed pipe (`folio list | head`) is the reader's choice, not an error.
        Err(e) if e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) => Ok(0),
        other => other,
    }
}

/// What PATHs open, and those that cannot be opened. `-` alone reads the paths of files from
/// stdin, one a line (`find ~/notes -name '*.txt' | folio -`).
fn origins_of(paths: &[PathBuf]) -> Result<(Vec<store::Origin>, Vec<Warning>), Box<dyn std::error::Error>> {
    if paths.len() != 1 || paths[0].as_os_str() != "-" {
        let (paths, missing) = store::open_roots(paths)?;
        return Ok((store::default_origins(&paths), missing));
    }
    if io::stdin().is_terminal() {
        return Err(
            "'-' reads the paths of articles from stdin, one a line: find ~/notes -name '*.txt' | folio -".into()
        );
    }
    let listed: Vec<PathBuf> =
        io::stdin().lines().map_while(Result::ok).filter(|l| !l.trim().is_empty()).map(PathBuf::from).collect();
    if listed.is_empty() {
        return Err("no paths on stdin".into());
    }
    let listing = std::sync::Arc::new(store::Listing::of(&listed));
    Ok((vec![store::Origin::Listed(listing)], Vec::new()))
}

/// `folio cache [--clear]`.
fn cache_command(clear: bool) -> CommandResult {
    let Some(cache) = store::index::cache_dir() else { return Err("no cache folder (no HOME)".into()) };
    let shown = sanitize_line(&cache.display().to_string());
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let mut out = io::stdout().lock();
    if clear {
        let (entries, bytes) = store::cache::clear(&cache)?;
        writeln!(out, "removed {entries} indexes ({:.1} MiB) from {shown}", mib(bytes))?;
    } else {
        let swept = store::cache::sweep_orphans(&cache);
        let (entries, bytes) = store::cache::usage(&cache);
        writeln!(out, "{shown}: {entries} indexes, {:.1} MiB", mib(bytes))?;
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
    Ok(if missing.is_empty() || outcome.exit_code != 0 { outcome.exit_code } else { EXIT_ERROR })
}

fn print_warnings(warnings: &[Warning]) {
    for warning in warnings {
        eprintln!("folio: {warning}");
    }
}

type Output<'a> = BufWriter<io::StdoutLock<'a>>;
type CommandResult = Result<i32, Box<dyn std::error::Error>>;

/// Runs `command` on the store of `paths`. A PATH that cannot be opened is reported and the
/// rest is used, the exit status then 2 whatever the command found.
fn with_store(paths: &[PathBuf], command: impl FnOnce(&SharedCatalog, &mut Output) -> CommandResult) -> CommandResult {
    let (origins, missing) = origins_of(paths)?;
    print_warnings(&missing);
    let (catalog, warnings) = store::load_catalog(origins, LoadOptions::with_user_cache());
    print_warnings(&warnings);
    let mut out = BufWriter::new(io::stdout().lock());
    let code = command(&catalog, &mut out)?;
    out.flush()?;
    Ok(if missing.is_empty() { code } else { EXIT_ERROR })
}

/// Reads the articles `indices` in full, in parallel, handing them to `each` in order; an
/// article that cannot be read is reported and left out.
fn for_each_body(
    catalog: &SharedCatalog,
    indices: &[usize],
    mut each: impl FnMut(Article) -> io::Result<()>,
) -> io::Result<()> {
    use rayon::prelude::*;
    for chunk in indices.chunks(1024) {
        let bodies: Vec<_> = chunk.par_iter().map(|&i| store::read_article(catalog, i)).collect();
        for body in bodies {
            match body {
                Ok(article) => each(article)?,
                Err(error) => print_warnings(&[error.into()]),
            }
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    /// Words of the scripts that space them.
    words: usize,
    /// Characters of Chinese and Japanese text, which has no words to count.
    cjk_characters: usize,
    /// Reading time, as the reader's meta line gives it.
    minutes: usize,
}

#[derive(Serialize)]
struct Full<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    paragraphs: &'a [String],
    trailer: &'a [String],
}

fn summary(article: &Article) -> Summary<'_> {
    let size = &article.size;
    Summary {
        id: &article.id,
        title: &article.title,
        path: &article.path,
        words: size.words,
        cjk_characters: size.cjk_chars,
        minutes: size.reading_minutes(),
    }
}

fn print_article_line(article: &Article, out: &mut Output) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &summary(article))?;
    writeln!(out)
}

/// `<id>\t<title>` lines, or JSON Lines (which need each body, for the word count).
fn print_lines(catalog: &SharedCatalog, indices: &[usize], json: bool, out: &mut Output) -> io::Result<()> {
    if json {
        return for_each_body(catalog, indices, |article| print_article_line(&article, out));
    }
    let catalog = catalog.read().unwrap();
    for &i in indices {
        writeln!(out, "{}\t{}", catalog.id(i), catalog.title(i))?;
    }
    Ok(())
}

fn list(catalog: &SharedCatalog, json: bool, out: &mut Output) -> CommandResult {
    let all: Vec<usize> = (0..catalog.read().unwrap().len()).collect();
    print_lines(catalog, &all, json, out)?;
    // Nothing found: the warnings said why (a folder of other files).
    Ok(if all.is_empty() { EXIT_NO_MATCH } else { 0 })
}

fn filter(catalog: &SharedCatalog, query: &str, json: bool, out: &mut Output) -> CommandResult {
    let mut ranking =
        Searcher::default().search(catalog, query, &Default::default(), &|| false).expect("never cancelled");
    ranking.settle(usize::MAX, &catalog.read().unwrap(), &Matcher);
    let rows: Vec<usize> = (0..ranking.len()).filter_map(|r| ranking.get(r)).map(|i| i as usize).collect();
    print_lines(catalog, &rows, json, out)?;
    Ok(if rows.is_empty() { EXIT_NO_MATCH } else { 0 })
}

fn show(catalog: &SharedCatalog, id: &str, width: u16, json: bool, out: &mut Output) -> CommandResult {
    let found = find_article(&catalog.read().unwrap(), id);
    let Some(index) = found else {
        let closest = closest_ids(&catalog.read().unwrap(), &id_without_extension(id));
        let hint = if closest.is_empty() { String::new() } else { format!("; closest: {}", closest.join(", ")) };
        return Err(format!("no article '{}'{hint}", sanitize_line(id)).into());
    };
    show_index(catalog, index, width, json, out)
}

fn show_index(catalog: &SharedCatalog, index: usize, width: u16, json: bool, out: &mut Output) -> CommandResult {
    if index >= catalog.read().unwrap().len() {
        return Err("no article to show".into());
    }
    let article = store::read_article(catalog, index)?;
    if json {
        let full = Full { summary: summary(&article), paragraphs: &article.paragraphs, trailer: &article.trailer };
        serde_json::to_writer(&mut *out, &full)?;
        writeln!(out)?;
        return Ok(0);
    }
    // The reader's page, less the word count under the title: what `less` would show.
    for line in Page::new(&article, width).lines.iter().filter(|l| l.kind != LineKind::Meta) {
        writeln!(out, "{}", line.text)?;
    }
    Ok(0)
}

#[derive(Serialize)]
struct SearchLine<'a> {
    id: &'a str,
    title: &'a str,
    hits: usize,
    score: f32,
    snippet: &'a str,
}

fn search(catalog: &SharedCatalog, query: &str, json: bool, limit: usize, out: &mut Output) -> CommandResult {
    let cache = store::index::cache_dir().unwrap_or_else(|| std::env::temp_dir().join("folio"));
    let dir = crate::fulltext::prepared_index_dir(&cache, catalog.read().unwrap().origins());
    let start = std::time::Instant::now();
    // A progress line only when indexing keeps the user waiting, redrawn ten times a second.
    let shown = std::cell::Cell::new(start);
    let progress = |done: usize, total: usize| {
        let now = std::time::Instant::now();
        let due = now.duration_since(shown.get()) >= std::time::Duration::from_millis(100) || done == total;
        if start.elapsed() > std::time::Duration::from_secs(1) && due && io::stderr().is_terminal() {
            shown.set(now);
            eprint!("\rfolio: indexing {done}/{total} articles");
            if done == total {
                eprintln!();
            }
        }
    };
    let waiting = || eprintln!("folio: waiting for another folio to finish the text index in {}", dir.display());
    let wait = crate::fulltext::Wait::Yes(&waiting);
    let (mut index, _) = crate::fulltext::TextIndex::open_and_refresh(catalog, &dir, &progress, wait)
        .map_err(|error| format!("no text index in {}: {error}", dir.display()))?;
    let mut search = index.search(catalog, query, limit, &Default::default())?;
    search.describe(catalog, 0..limit);
    let found = search.results.found;
    for hit in &found {
        let detail = hit.detail.clone().unwrap_or_default();
        let (id, title) = {
            let catalog = catalog.read().unwrap();
            (catalog.id(hit.index).to_owned(), catalog.title(hit.index).into_owned())
        };
        let snippet = detail.snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        if json {
            let line = SearchLine { id: &id, title: &title, hits: detail.hits, score: hit.score, snippet: &snippet };
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{id}\t{title}\t{}\t{snippet}", detail.hits)?;
        }
    }
    Ok(if found.is_empty() { EXIT_NO_MATCH } else { 0 })
}

fn export(catalog: &SharedCatalog, out: &mut Output) -> CommandResult {
    let all: Vec<usize> = (0..catalog.read().unwrap().len()).collect();
    for_each_body(catalog, &all, |article| {
        serde_json::to_writer(&mut *out, &JsonArticle::from_article(&article))?;
        writeln!(out)
    })?;
    Ok(0)
}

/// Up to three ids the fewest edits away from `wanted` (typos are the usual cause).
/// The article `wanted` names: its id, its id with the file's extension (`business/001.txt`,
/// as shell completion writes it), or the path of its file inside one of the store's folders.
fn find_article(catalog: &store::Catalog, wanted: &str) -> Option<usize> {
    catalog.find(wanted).or_else(|| catalog.find(&id_without_extension(wanted))).or_else(|| {
        let file = std::fs::canonicalize(wanted).ok().filter(|f| f.is_file())?;
        catalog.origins().iter().enumerate().find_map(|(number, origin)| {
            let root = match origin {
                store::Origin::Folder(root) => root,
                store::Origin::Listed(listing) => &listing.root,
                _ => return None,
            };
            let relative = file.strip_prefix(std::fs::canonicalize(root).ok()?).ok()?;
            let parts: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let local = id_without_extension(&sanitize_line(&parts.join("/")));
            (0..catalog.len()).find(|&i| catalog.location(i).origin as usize == number && catalog.local_id(i) == local)
        })
    })
}

fn id_without_extension(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    let cut = [".txt", ".md"].iter().find(|ext| lower.ends_with(*ext)).map_or(0, |ext| ext.len());
    id[..id.len() - cut].to_owned()
}

fn closest_ids(catalog: &store::Catalog, wanted: &str) -> Vec<String> {
    let mut by_distance: Vec<(usize, usize, &str)> =
        (0..catalog.len()).map(|i| (edit_distance(catalog.id(i), wanted), i, catalog.id(i))).collect();
    by_distance.sort_unstable();
    by_distance.into_iter().take(3).map(|(_, _, id)| id.to_owned()).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_char_edits() {
        assert_eq!(edit_distance("business/001", "business/001"), 0);
        assert_eq!(edit_distance("busines/001", "business/001"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
