//! fzf's query language, checked against fzf itself: on these titles and queries, `folio filter`
//! keeps what `fzf --filter` keeps (only the order differs: SkimMatcherV2 ranks). By design folio
//! also folds Greek and Cyrillic accents and reads a term holding `/` as an id term.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

/// The titles `fzf --filter QUERY` keeps of `titles`, sorted.
fn fzf(query: &str, titles: &str) -> Vec<String> {
    // fzf's own options from the developer's shell (FZF_DEFAULT_OPTS: --exact, --no-sort…)
    // would change what it keeps.
    let mut child = Command::new("fzf")
        .args(["--filter", query])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("fzf runs");
    child.stdin.take().unwrap().write_all(titles.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let mut kept: Vec<String> = String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect();
    kept.sort();
    kept
}

/// `folio filter QUERY ROOT`: its titles, sorted, and its exit code.
fn folio(query: &str, root: &str) -> (Vec<String>, Option<i32>) {
    let cache = common::scratch(&format!("fzf-cache-{}", query.len()));
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["filter", "--", query, root])
        .env_clear()
        .env("HOME", cache.as_path())
        .env("XDG_CACHE_HOME", cache.as_path())
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let mut titles: Vec<String> = text.lines().filter_map(|l| l.split_once('\t')).map(|(_, t)| t.to_owned()).collect();
    titles.sort();
    (titles, output.status.code())
}

#[test]
fn every_operator_keeps_what_fzf_keeps_on_the_bbc_titles() {
    let Some(bbc) = common::corpus("bbc") else { return };
    if Command::new("fzf").arg("--version").output().is_err() {
        return common::missing("fzf");
    }
    let root = bbc.to_str().unwrap();
    let list = Command::new(env!("CARGO_BIN_EXE_folio")).args(["list", root]).output().unwrap();
    let titles: String = String::from_utf8(list.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_once('\t').unwrap().1.to_owned() + "\n")
        .collect();
    let queries = [
        "blair",
        "Blair",
        "blair brown",
        "'oil",
        "'Oil",
        "^oil",
        "^Oil",
        "rise$",
        "^blair$",
        "!oil",
        "!^the",
        "!s$",
        "oil | gas",
        "^oil | gas$ prices",
        "!'oil",
        "music download",
        "'music 'download",
        "new\\ york",
        "' ^ ! !' !^ blair",
        "| sony",
        "sony |",
        "a$ | b$ | c$",
        "^a !e",
        "£",
        "café",
        "cafe",
        "zzqxj",
    ];
    for query in queries {
        let (ours, code) = folio(query, root);
        let theirs = fzf(query, &titles);
        let only_ours: Vec<&String> = ours.iter().filter(|t| !theirs.contains(t)).take(3).collect();
        let only_fzf: Vec<&String> = theirs.iter().filter(|t| !ours.contains(t)).take(3).collect();
        assert!(
            ours == theirs,
            "{query:?}: folio {}, fzf {}; only folio {only_ours:?}, only fzf {only_fzf:?}",
            ours.len(),
            theirs.len()
        );
        assert_eq!(code, Some(if ours.is_empty() { 1 } else { 0 }), "{query:?}");
    }
}
