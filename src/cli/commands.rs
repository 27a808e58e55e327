//! The commands that print a store: list, filter, show, search and export, and finding ids as typed.

use super::{CommandResult, EXIT_ERROR, EXIT_NO_MATCH, origins_of, print_warnings};
use crate::page::{LineKind, Page};
use crate::search::occurrences::Pattern;
use crate::search::shape::{Marks, Shape};
use crate::search::{Matcher, Searcher};
use crate::store::jsonl::JsonArticle;
use crate::store::sanitize::sanitize_line;
use crate::store::{self, Article, LoadOptions, SharedCatalog};
use serde::Serialize;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

pub(super) type Output<'a> = BufWriter<io::StdoutLock<'a>>;

/// Runs `command` on the store of `paths`. A PATH that cannot be opened is reported and the
/// rest is used, the exit status then 2 whatever the command found.
pub(super) fn with_store(
    paths: &[PathBuf],
    command: impl FnOnce(&SharedCatalog, &mut Output) -> CommandResult,
) -> CommandResult {
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
    mut each: impl FnMut(usize, Article) -> io::Result<()>,
) -> io::Result<()> {
    use rayon::prelude::*;
    for chunk in indices.chunks(1024) {
        let bodies: Vec<_> = chunk.par_iter().map(|&i| store::read_article(catalog, i)).collect();
        for (&index, body) in chunk.iter().zip(bodies) {
            match body {
                Ok(article) => each(index, article)?,
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
    /// Each block as plain text, as folio 0.2 wrote them.
    paragraphs: Vec<String>,
    trailer: &'a [String],
    #[serde(skip_serializing_if = "crate::document::Meta::is_empty")]
    meta: &'a crate::document::Meta,
    /// The typed blocks (see the README's JSON Lines section).
    blocks: &'a [crate::document::Block],
}

/// The article's file as a script can open it (not sanitized: JSON escapes what it must), or
/// where it is for an article that is no file of its own (a JSON line, a built-in seed).
fn real_path(catalog: &SharedCatalog, index: usize, article: &Article) -> String {
    let file = catalog.read().unwrap().file_path(index);
    file.map_or_else(|| article.path.clone(), |path| path.to_string_lossy().into_owned())
}

fn summary<'a>(article: &'a Article, path: &'a str) -> Summary<'a> {
    let size = &article.size;
    Summary {
        id: &article.id,
        title: &article.title,
        path,
        words: size.words,
        cjk_characters: size.cjk_chars,
        minutes: size.reading_minutes(),
    }
}

fn print_article_line(article: &Article, path: &str, out: &mut Output) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &summary(article, path))?;
    writeln!(out)
}

/// `<id>\t<title>` lines, or JSON Lines (which need each body, for the word count).
fn print_lines(catalog: &SharedCatalog, indices: &[usize], json: bool, out: &mut Output) -> io::Result<()> {
    if json {
        return for_each_body(catalog, indices, |index, article| {
            print_article_line(&article, &real_path(catalog, index, &article), out)
        });
    }
    let catalog = catalog.read().unwrap();
    for &i in indices {
        writeln!(out, "{}\t{}", catalog.id(i), catalog.title(i))?;
    }
    Ok(())
}

pub(super) fn list(catalog: &SharedCatalog, json: bool, out: &mut Output) -> CommandResult {
    let all: Vec<usize> = (0..catalog.read().unwrap().len()).collect();
    print_lines(catalog, &all, json, out)?;
    // Nothing found: the warnings said why (a folder of other files).
    Ok(if all.is_empty() { EXIT_NO_MATCH } else { 0 })
}

/// The query's mark filters (`:read`, `!:starred`, …) with the marks the reader keeps for this
/// store in the state file at `state`: what the list would keep. Without filters, nothing is read.
fn marks_shape(catalog: &SharedCatalog, query: &str, state: Option<&std::path::Path>) -> Shape {
    let filters = crate::search::shape::filters(query);
    if filters.is_empty() {
        return Shape::default();
    }
    let key = crate::state::store_key(catalog.read().unwrap().origins());
    let loaded = state.map(crate::state::peek).unwrap_or_default();
    for warning in &loaded.warnings {
        eprintln!("folio: {}", sanitize_line(warning));
    }
    let store = loaded.state.stores.get(&key);
    let articles = store.map(|s| s.articles.clone()).unwrap_or_default();
    let noted = store.map(crate::state::StoreState::noted).unwrap_or_default();
    let tags = catalog.read().unwrap().tagged().map(|(id, tags)| (id.to_owned(), tags.to_vec())).collect();
    let marks = Marks { generation: 1, articles: articles.into_iter().collect(), tags, noted };
    Shape { filters, order: Default::default(), marks: std::sync::Arc::new(marks) }
}

pub(super) fn filter(
    catalog: &SharedCatalog,
    query: &str,
    state: Option<&std::path::Path>,
    json: bool,
    out: &mut Output,
) -> CommandResult {
    let shape = marks_shape(catalog, query, state);
    let mut ranking = Searcher::default().search(catalog, query, &shape, &|| false).expect("never cancelled");
    ranking.settle(usize::MAX, &catalog.read().unwrap(), &Matcher);
    let rows: Vec<usize> = (0..ranking.len()).filter_map(|r| ranking.get(r)).map(|i| i as usize).collect();
    print_lines(catalog, &rows, json, out)?;
    Ok(if rows.is_empty() { EXIT_NO_MATCH } else { 0 })
}

pub(super) fn show(catalog: &SharedCatalog, id: &str, width: u16, json: bool, out: &mut Output) -> CommandResult {
    let found = find_article(&catalog.read().unwrap(), id);
    let Some(index) = found else {
        let closest = closest_ids(&catalog.read().unwrap(), store::without_article_extension(id));
        let outside = std::path::Path::new(id).is_file();
        let hint = match (outside, closest.is_empty()) {
            (true, _) => "; it is a file outside the store given (`folio show FILE` alone shows it)".to_owned(),
            (false, true) => "; none is close (folio list shows them all)".to_owned(),
            (false, false) => format!("; closest: {}", closest.join(", ")),
        };
        return Err(format!("no article '{}'{hint}", sanitize_line(id)).into());
    };
    show_index(catalog, index, width, json, out)
}

pub(super) fn show_index(
    catalog: &SharedCatalog,
    index: usize,
    width: u16,
    json: bool,
    out: &mut Output,
) -> CommandResult {
    if index >= catalog.read().unwrap().len() {
        return Err("no article to show".into());
    }
    let article = store::read_article(catalog, index)?;
    if json {
        let path = real_path(catalog, index, &article);
        let full = Full {
            summary: summary(&article, &path),
            paragraphs: article.texts().collect(),
            trailer: article.trailer(),
            meta: &article.meta,
            blocks: article.body(),
        };
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

pub(super) fn search(
    catalog: &SharedCatalog,
    query: &str,
    state: Option<&std::path::Path>,
    json: bool,
    limit: usize,
    out: &mut Output,
) -> CommandResult {
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
    let shape = marks_shape(catalog, query, state);
    let mut search = index.search(catalog, query, limit, &shape)?;
    let key = crate::state::store_key(catalog.read().unwrap().origins());
    let loaded = state.map(crate::state::peek).unwrap_or_default();
    let notes = loaded.state.stores.get(&key).map(crate::state::StoreState::notes).unwrap_or_default();
    search.add_noted(catalog, &notes, &shape);
    search.found_at_most(limit);
    search.describe(catalog, 0..limit);
    let found = search.results.found;
    for hit in &found {
        let detail = hit.detail.clone().unwrap_or_default();
        let (id, title) = {
            let catalog = catalog.read().unwrap();
            (catalog.id(hit.index).to_owned(), catalog.title(hit.index).into_owned())
        };
        let line = SearchLine { id: &id, title: &title, hits: detail.hits, score: hit.score, snippet: &detail.snippet };
        print_found(out, json, line)?;
    }
    Ok(if found.is_empty() { EXIT_NO_MATCH } else { 0 })
}

/// `folio search --regex`: every article whose text `pattern` occurs in, most hits first (of
/// equals, in store order), printed as [`search`] prints them. The text is read whole, as the
/// reader's `/` reads it: no index answers a regular expression.
pub(super) fn search_regex(
    catalog: &SharedCatalog,
    pattern: &str,
    json: bool,
    limit: usize,
    out: &mut Output,
) -> CommandResult {
    let pattern = Pattern::regex(pattern).map_err(|why| format!("not a regular expression ({why}): {pattern:?}"))?;
    let all: Vec<usize> = (0..catalog.read().unwrap().len()).collect();
    let mut found: Vec<(usize, String, crate::fulltext::Detail)> = Vec::new();
    for_each_body(catalog, &all, |index, article| {
        let body = article.texts().collect::<Vec<_>>().join("\n");
        let hits = crate::search::occurrences::byte_ranges(&body, pattern.find(&body));
        let title_hits = pattern.find(&article.title).len();
        if !hits.is_empty() || title_hits > 0 {
            found.push((index, article.title, crate::fulltext::Detail::new(&body, &hits, title_hits)));
        }
        Ok(())
    })?;
    found.sort_by_key(|(index, _, detail)| (std::cmp::Reverse(detail.hits), *index));
    found.truncate(limit);
    for (index, title, detail) in &found {
        let id = catalog.read().unwrap().id(*index).to_owned();
        let score = detail.hits as f32;
        print_found(out, json, SearchLine { id: &id, title, hits: detail.hits, score, snippet: &detail.snippet })?;
    }
    Ok(if found.is_empty() { EXIT_NO_MATCH } else { 0 })
}

/// One found article as `folio search` prints it: a JSON line, or `id, title, hits, snippet`
/// tab-separated (the snippet on one line).
fn print_found(out: &mut Output, json: bool, line: SearchLine) -> io::Result<()> {
    let snippet = line.snippet.split_whitespace().collect::<Vec<_>>().join(" ");
    if json {
        serde_json::to_writer(&mut *out, &SearchLine { snippet: &snippet, ..line })?;
        writeln!(out)
    } else {
        writeln!(out, "{}\t{}\t{}\t{snippet}", line.id, line.title, line.hits)
    }
}

pub(super) fn export(catalog: &SharedCatalog, out: &mut Output) -> CommandResult {
    let all: Vec<usize> = (0..catalog.read().unwrap().len()).collect();
    for_each_body(catalog, &all, |_, article| {
        serde_json::to_writer(&mut *out, &JsonArticle::from_article(&article))?;
        writeln!(out)
    })?;
    Ok(0)
}

/// Up to three ids the fewest edits away from `wanted` (typos are the usual cause).
/// The article `wanted` names: its id, its id with the file's extension (`business/001.txt`,
/// as shell completion writes it), or the path of its file inside one of the store's folders.
fn find_article(catalog: &store::Catalog, wanted: &str) -> Option<usize> {
    catalog.find(wanted).or_else(|| catalog.find(store::without_article_extension(wanted))).or_else(|| {
        let file = std::fs::canonicalize(wanted).ok().filter(|f| f.is_file())?;
        catalog.origins().iter().enumerate().find_map(|(number, origin)| {
            let root = match origin {
                store::Origin::Folder(root) => root,
                store::Origin::Listed(listing) => &listing.root,
                _ => return None,
            };
            let relative = file.strip_prefix(std::fs::canonicalize(root).ok()?).ok()?;
            // The id the loader gives that file.
            let local = store::id_of(relative, store::kind::in_maildir(&file));
            (0..catalog.len())
                .find(|&i| catalog.location(i).origin as usize == number && catalog.local_id(i) == local.as_str())
        })
    })
}

fn closest_ids(catalog: &store::Catalog, wanted: &str) -> Vec<String> {
    // Close enough to be a typo: a third of the id's chars, at least two, may differ (matched
    // against the whole id and its last part, so `001` finds `business/001`).
    let most = (wanted.chars().count() / 3).max(2);
    let distance = |id: &str| {
        let last = id.rsplit('/').next().unwrap_or(id);
        edit_distance(id, wanted).min(edit_distance(last, wanted) + 1)
    };
    let mut by_distance: Vec<(usize, usize, &str)> = (0..catalog.len())
        .map(|i| (distance(catalog.id(i)), i, catalog.id(i)))
        .filter(|&(d, _, _)| d <= most)
        .collect();
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

/// `folio notes --import FILE`: the highlights of W3C annotations added to the store's, under
/// the state's lock and merged as a folio's save merges (one by one, nothing else touched).
/// Annotations that are no folio highlight are skipped with a warning; none at all is an error.
pub(super) fn import_notes(
    catalog: &SharedCatalog,
    state: Option<&std::path::Path>,
    file: &std::path::Path,
) -> CommandResult {
    let shown = sanitize_line(&file.display().to_string());
    let Some(state) = state else {
        eprintln!("folio: no state file to import into (no HOME, and neither --state nor FOLIO_STATE)");
        return Ok(EXIT_ERROR);
    };
    let text = match file.as_os_str() == "-" {
        true => std::io::read_to_string(std::io::stdin()),
        false => std::fs::read_to_string(file),
    };
    let text = match text {
        Ok(text) => text,
        Err(error) => {
            eprintln!("folio: cannot read '{shown}': {}", sanitize_line(&error.to_string()));
            return Ok(EXIT_ERROR);
        }
    };
    let (highlights, skipped) = crate::notes::imported(&text);
    for why in &skipped {
        eprintln!("folio: '{shown}': {why}: skipped");
    }
    if highlights.is_empty() {
        eprintln!("folio: '{shown}' holds no folio highlight");
        return Ok(EXIT_ERROR);
    }
    let key = crate::state::store_key(catalog.read().unwrap().origins());
    let known = crate::state::peek(state).state.stores.get(&key).map(|s| s.highlights.clone()).unwrap_or_default();
    let mut memory = crate::state::Memory::default();
    let (mut added, mut newer, mut kept) = (0, 0, 0);
    for (id, highlight) in highlights {
        // One known already is replaced only by a newer copy of it.
        match known.get(&id) {
            Some(old) if old.updated.max(old.created) >= highlight.updated.max(highlight.created) => kept += 1,
            Some(_) => newer += 1,
            None => added += 1,
        }
        if known.get(&id).is_none_or(|old| old.updated.max(old.created) < highlight.updated.max(highlight.created)) {
            memory.set_highlight(&key, &id, Some(highlight));
        }
    }
    if let Err(why) = crate::state::save(state, &mut memory) {
        eprintln!("folio: {}", sanitize_line(&why));
        return Ok(EXIT_ERROR);
    }
    let into = sanitize_line(&state.display().to_string());
    eprintln!("folio: {added} highlights added, {newer} updated, {kept} already there, in {into}");
    Ok(0)
}

/// The store's highlights, with where each is in its article now: as Markdown, or as W3C
/// annotations one a line.
pub(super) fn notes(
    catalog: &SharedCatalog,
    state: Option<&std::path::Path>,
    json: bool,
    out: &mut Output,
) -> CommandResult {
    use crate::highlight::{Highlight, text_of};
    use crate::notes::{Noted, Place};
    let key = crate::state::store_key(catalog.read().unwrap().origins());
    let loaded = state.map(crate::state::peek).unwrap_or_default();
    for warning in &loaded.warnings {
        eprintln!("folio: {}", sanitize_line(warning));
    }
    let mut by_article: std::collections::BTreeMap<String, Vec<(String, Highlight)>> = Default::default();
    for (id, highlight) in loaded.state.stores.get(&key).into_iter().flat_map(|s| s.highlights.iter()) {
        by_article.entry(highlight.article.clone()).or_default().push((id.clone(), highlight.clone()));
    }
    if by_article.is_empty() {
        eprintln!("folio: no highlights in this store");
        return Ok(EXIT_NO_MATCH);
    }
    // In store order, then the articles no longer in the store.
    let index_of = |id: &str| catalog.read().unwrap().find(id);
    let mut ids: Vec<String> = by_article.keys().cloned().collect();
    ids.sort_by_key(|id| (index_of(id).is_none(), index_of(id)));
    let mut noted = Vec::new();
    for id in ids {
        let highlights = by_article.remove(&id).unwrap_or_default();
        let read = index_of(&id).map(|index| store::read_article(catalog, index));
        let (title, path, text) = match read {
            Some(Ok(article)) => (article.title.clone(), article.path.clone(), Some(text_of(&article.blocks))),
            Some(Err(error)) => {
                eprintln!("folio: {error}");
                (id.clone(), String::new(), None)
            }
            None => (id.clone(), String::new(), None),
        };
        let mut placed: Vec<(String, Highlight, Place)> = highlights
            .into_iter()
            .map(|(id, h)| {
                let place = match &text {
                    None => Place::Gone,
                    // In chars, as the W3C's TextPositionSelector counts.
                    Some(text) => h.quote.find(text).map_or(Place::Orphaned, |found| {
                        let chars = |at: usize| text[..at].chars().count();
                        Place::Found(chars(found.range.start)..chars(found.range.end))
                    }),
                };
                (id, h, place)
            })
            .collect();
        placed.sort_by_key(|(_, h, place)| match place {
            Place::Found(range) => range.start,
            _ => h.quote.start,
        });
        noted.push(Noted { id, title, path, highlights: placed });
    }
    if json {
        for article in &noted {
            for highlight in &article.highlights {
                writeln!(out, "{}", crate::notes::annotation(article, highlight))?;
            }
        }
    } else {
        write!(out, "{}", crate::notes::markdown(&noted))?;
    }
    Ok(0)
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
