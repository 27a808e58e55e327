//! Command-line interface: argument parsing and the non-interactive commands.

use crate::reader::wrap;
use crate::search::{Matcher, Query};
use crate::store::sanitize::sanitize_line;
use crate::store::{self, Article, LoadError, Warning};
use crate::tui::{self, Articles};
use clap::{Parser, Subcommand};
use serde::Serialize;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Exit code for "nothing matched", as grep and fzf use it.
pub const EXIT_NO_MATCH: i32 = 1;
/// Exit code for errors.
pub const EXIT_ERROR: i32 = 2;

/// A terminal reader for folders of plain-text articles: fuzzy-find by title, read wrapped.
#[derive(Debug, Parser)]
#[command(name = "folio", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Folders (searched for *.txt) or files to read [default: ./seeds, else the built-in seeds]
    pub paths: Vec<PathBuf>,
    /// Scroll with the wheel and select with a click (the terminal's own text selection then
    /// needs Shift)
    #[arg(long)]
    pub mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print every article as `<id>\t<title>`, in store order
    List {
        paths: Vec<PathBuf>,
        /// One JSON object per line: id, title, path, words
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
        /// One JSON object: id, title, path, words, paragraphs, trailer
        #[arg(long)]
        json: bool,
    },
}

/// Runs what the command line asks for; returns the exit code.
pub fn run(cli: Cli) -> Result<i32, Box<dyn std::error::Error>> {
    let result = match cli.command {
        None => return interactive(&cli.paths, cli.mouse),
        Some(Command::List { paths, json }) => with_store(&paths, |articles, out| list(articles, json, out)),
        Some(Command::Filter { query, paths, json }) => {
            with_store(&paths, |articles, out| filter(articles, &query, json, out))
        }
        Some(Command::Show { id, paths, width, json }) => {
            with_store(&paths, |articles, out| show(articles, &id, width, json, out))
        }
    };
    match result {
        // A closed pipe (`folio list | head`) is the reader's choice, not an error.
        Err(e) if e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) => Ok(0),
        other => other,
    }
}

/// The default store: `./seeds` when it exists, else the seeds built into the binary.
pub fn articles_for(paths: &[PathBuf]) -> Articles {
    if !paths.is_empty() {
        Articles::Paths(paths.to_vec())
    } else if Path::new("seeds").is_dir() {
        Articles::Paths(vec![PathBuf::from("seeds")])
    } else {
        Articles::Builtin
    }
}

fn interactive(paths: &[PathBuf], mouse: bool) -> Result<i32, Box<dyn std::error::Error>> {
    tui::check_terminal()?;
    let articles = articles_for(paths);
    if let Articles::Paths(roots) = &articles {
        store::check_roots(roots)?;
    }
    let outcome = tui::run(articles, mouse)?;
    print_warnings(&outcome.warnings);
    Ok(outcome.exit_code)
}

fn load(paths: &[PathBuf]) -> Result<Vec<Article>, LoadError> {
    match articles_for(paths) {
        Articles::Builtin => Ok(store::builtin()),
        Articles::Paths(roots) => {
            let (articles, warnings) = store::load_all(&roots)?;
            print_warnings(&warnings);
            Ok(articles)
        }
    }
}

fn print_warnings(warnings: &[Warning]) {
    for warning in warnings {
        eprintln!("folio: {warning}");
    }
}

type Output<'a> = BufWriter<io::StdoutLock<'a>>;
type CommandResult = Result<i32, Box<dyn std::error::Error>>;

fn with_store(paths: &[PathBuf], command: impl FnOnce(&[Article], &mut Output) -> CommandResult) -> CommandResult {
    let articles = load(paths)?;
    let mut out = BufWriter::new(io::stdout().lock());
    let code = command(&articles, &mut out)?;
    out.flush()?;
    Ok(code)
}

#[derive(Serialize)]
struct Summary<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    words: usize,
}

#[derive(Serialize)]
struct Full<'a> {
    #[serde(flatten)]
    summary: Summary<'a>,
    paragraphs: &'a [String],
    trailer: &'a [String],
}

fn summary(article: &Article) -> Summary<'_> {
    Summary { id: &article.id, title: &article.title, path: &article.path, words: article.words }
}

fn print_line(article: &Article, json: bool, out: &mut Output) -> io::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, &summary(article))?;
        writeln!(out)
    } else {
        writeln!(out, "{}\t{}", article.id, article.title)
    }
}

fn list(articles: &[Article], json: bool, out: &mut Output) -> CommandResult {
    for article in articles {
        print_line(article, json, out)?;
    }
    Ok(0)
}

fn filter(articles: &[Article], query: &str, json: bool, out: &mut Output) -> CommandResult {
    let hits = Matcher::default().rank(&Query::parse(query), articles.iter().map(|a| a.title.as_str()));
    for &hit in &hits {
        print_line(&articles[hit as usize], json, out)?;
    }
    Ok(if hits.is_empty() { EXIT_NO_MATCH } else { 0 })
}

fn show(articles: &[Article], id: &str, width: u16, json: bool, out: &mut Output) -> CommandResult {
    let Some(article) = articles.iter().find(|a| a.id == id) else {
        let closest = closest_ids(articles, id);
        let hint = if closest.is_empty() { String::new() } else { format!("; closest: {}", closest.join(", ")) };
        return Err(format!("no article '{}'{hint}", sanitize_line(id)).into());
    };
    if json {
        let full = Full { summary: summary(article), paragraphs: &article.paragraphs, trailer: &article.trailer };
        serde_json::to_writer(&mut *out, &full)?;
        writeln!(out)?;
        return Ok(0);
    }
    let width = usize::from(width);
    let mut blocks: Vec<Vec<String>> = vec![wrap(&article.title, width)];
    blocks.extend(article.paragraphs.iter().map(|p| wrap(p, width)));
    if !article.trailer.is_empty() {
        let rule = "-".repeat(width.min(20));
        blocks.push(std::iter::once(rule).chain(article.trailer.iter().flat_map(|l| wrap(l, width))).collect());
    }
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        for line in block {
            writeln!(out, "{line}")?;
        }
    }
    Ok(0)
}

/// Up to three ids the fewest edits away from `wanted` (typos are the usual cause).
fn closest_ids<'a>(articles: &'a [Article], wanted: &str) -> Vec<&'a str> {
    let mut by_distance: Vec<(usize, usize, &str)> =
        articles.iter().enumerate().map(|(i, a)| (edit_distance(&a.id, wanted), i, a.id.as_str())).collect();
    by_distance.sort_unstable();
    by_distance.into_iter().take(3).map(|(_, _, id)| id).collect()
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
