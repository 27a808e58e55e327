//! CLI tests: the built binary run over seeds/, scratch folders and ../shared/corpora/bbc.

mod common;

use common::{corpus, repo_path};
use folio::width::display_width;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const SEED_ID: &str = "000_cbd27e05d8923fd3";
const SEED_TITLE: &str =
    "Links Found To North Korean Goverment In Sony Pictures Hack – Hackers Also Make Threats Of Violence";

fn folio(args: &[&str]) -> Output {
    folio_in(&repo_path(""), args)
}

/// Runs folio with a cache folder of its own (removed afterwards), so the tests neither read
/// nor leave the user's, nor each other's.
fn folio_in(dir: &Path, args: &[&str]) -> Output {
    let cache = scratch(&format!("cache-{}", CACHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed)));
    // Nothing of the developer's: no config, state, FOLIO_* or FZF_* variables.
    Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("LANG", "C.UTF-8")
        .env("HOME", cache.as_path())
        .env("XDG_CACHE_HOME", cache.as_path())
        .env("XDG_STATE_HOME", cache.as_path())
        .env("XDG_CONFIG_HOME", cache.as_path())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

static CACHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Writes `<name>.txt` holding `text` for each pair into `dir`.
fn write_articles(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    }
}

fn scratch(name: &str) -> common::Scratch {
    common::scratch(&format!("cli-{name}"))
}

#[test]
fn list_defaults_to_the_seeds_folder() {
    let output = folio(&["list"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), format!("{SEED_ID}\t{SEED_TITLE}\n"));
    assert_eq!(stderr(&output), "");
}

#[test]
fn without_a_seeds_folder_the_built_in_seeds_are_used() {
    let output = folio_in(&scratch("builtin"), &["list", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let line: serde_json::Value = serde_json::from_str(stdout(&output).trim()).unwrap();
    assert_eq!(line["id"], SEED_ID);
    assert_eq!(line["path"], format!("(built in)/{SEED_ID}.txt"));
    assert_eq!((&line["words"], &line["cjk_characters"], &line["minutes"]), (&326.into(), &0.into(), &2.into()));
}

#[test]
fn list_bbc_prints_every_article_in_natural_order() {
    let Some(bbc) = corpus("bbc") else { return };
    let output = folio(&["list", bbc.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    // 2,225 articles and the corpus's SOURCE.md, a Markdown note like any other.
    assert_eq!(lines.len(), 2226);
    assert_eq!(lines[0], "SOURCE\tBBC News full-text dataset (2,225 articles)");
    assert_eq!(lines[1], "business/001\tAd sales boost Time Warner profit");
    assert!(lines[510].starts_with("business/510\t") && lines[511].starts_with("entertainment/001\t"));
    assert_eq!(stderr(&output), "", "the one Latin-1 file loads (lossily) without a warning");
}

#[test]
fn filter_ranks_blair_headlines_first_and_exits_1_on_no_match() {
    let Some(bbc) = corpus("bbc") else { return };
    let bbc = bbc.to_str().unwrap();
    let output = folio(&["filter", "blair", bbc]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let titles: Vec<&str> = text.lines().map(|l| l.split_once('\t').unwrap().1).collect();
    assert_eq!(titles[0], "Blair buys copies of new Band Aid");
    assert!(titles[..20].iter().all(|t| t.starts_with("Blair")), "{:?}", &titles[..20]);
    let output = folio(&["filter", "qqqzzzxx", bbc]);
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(1), ""));
}

#[test]
fn show_wraps_to_the_width() {
    let Some(bbc) = corpus("bbc") else { return };
    let output = folio(&["show", "business/001", bbc.to_str().unwrap(), "--width", "60"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[..2], ["Ad sales boost Time Warner profit", ""]);
    assert!(lines.iter().all(|l| display_width(l) <= 60), "a line is wider than 60");
    assert!(lines.iter().any(|l| display_width(l) > 50), "the text is wrapped near the width, not far below");
    assert!(text.starts_with("Ad sales boost Time Warner profit\n\nQuarterly profits at US media giant TimeWarner jumped 76%\nto $1.13bn (£600m) for the three months to December, from\n$639m year-earlier.\n\nThe firm,"));
}

#[test]
fn show_prints_the_trailer_apart_and_json_carries_it() {
    let output = folio(&["show", SEED_ID, "--width", "70"]);
    assert!(stdout(&output).ends_with("develops.\n\n────────────────────\nWccfTech Tv\nFilter videos by\n"));
    let output = folio(&["show", SEED_ID, "--json"]);
    let article: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(article["title"], SEED_TITLE);
    assert_eq!(article["paragraphs"].as_array().unwrap().len(), 6);
    assert_eq!(article["trailer"], serde_json::json!(["WccfTech Tv", "Filter videos by"]));
}

#[test]
fn show_an_unknown_id_names_the_closest() {
    let Some(bbc) = corpus("bbc") else { return };
    let output = folio(&["show", "busines/001", bbc.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert_eq!(stderr(&output), "folio: no article 'busines/001'; closest: business/001, business/002, business/003\n");
}

#[test]
fn bad_files_warn_on_stderr_and_the_rest_loads() {
    let dir = scratch("warn");
    std::fs::write(dir.join("good.txt"), "Good title\n\nBody.").unwrap();
    // A warning names the file, sanitized like everything else printed.
    std::fs::write(dir.join("bin\x1b[2J\x1b]0;pwned\x07.txt"), b"\x7fELF\0\x01\x02").unwrap();
    std::fs::write(dir.join("evil\x1b]0;pwned\x07.txt"), "Evil \x1b[31mtitle\x1b[0m\n\nBody.").unwrap();
    let output = folio(&["list", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "evil\tEvil title\ngood\tGood title\n");
    assert_eq!(stderr(&output), format!("folio: skipped '{}/bin.txt': binary file\n", dir.display()));
}

#[test]
fn a_missing_path_is_an_error() {
    let output = folio(&["list", "/no/such/folio-dir"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "folio: cannot open '/no/such/folio-dir': No such file or directory (os error 2)\n");
}

#[test]
fn the_reader_refuses_a_non_terminal_stdout() {
    let output = folio(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "", "no escape codes were written");
    assert!(stderr(&output).contains("stdout is not a terminal; to print the articles use `folio list`"));
}

#[test]
fn a_closed_pipe_ends_list_quietly() {
    let Some(bbc) = corpus("bbc") else { return };
    let cache = scratch("pipe-cache");
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["list", bbc.to_str().unwrap()])
        .env("XDG_CACHE_HOME", cache.as_path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first, "SOURCE\tBBC News full-text dataset (2,225 articles)\n");
    let output = child.wait_with_output().unwrap();
    assert_eq!((output.status.code(), stderr(&output).as_str()), (Some(0), ""));
}

#[test]
fn export_round_trips_through_a_json_lines_store() {
    let Some(bbc) = corpus("bbc") else { return };
    let bbc = bbc.to_str().unwrap();
    let exported = folio(&["export", bbc]);
    assert_eq!(exported.status.code(), Some(0));
    let text = stdout(&exported);
    assert_eq!(text.lines().count(), 2226);
    let first: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(first["id"], "business/001");
    assert!(first["paragraphs"].as_array().unwrap().len() > 3);
    let dir = scratch("export");
    let store = dir.join("bbc.jsonl");
    std::fs::write(&store, &text).unwrap();
    let store = store.to_str().unwrap();
    assert_eq!(stdout(&folio(&["list", store])), stdout(&folio(&["list", bbc])));
    assert_eq!(stdout(&folio(&["filter", "blair", store])), stdout(&folio(&["filter", "blair", bbc])));
    for id in ["business/001", "sport/199", "tech/161"] {
        let from_json = folio(&["show", id, store, "--width", "70"]);
        assert_eq!(stdout(&from_json), stdout(&folio(&["show", id, bbc, "--width", "70"])), "{id}");
    }
}

#[test]
fn export_then_show_is_lossless_for_indented_tabbed_and_escaped_text() {
    let dir = scratch("export-lossless");
    let store = dir.join("store");
    std::fs::create_dir(&store).unwrap();
    let files = [
        (
            "ls",
            "LS(1)\t\t\t User Commands\t\t\t LS(1)\n\nNAME\n       ls - list directory contents\n\nSYNOPSIS\n       ls [OPTION]... [FILE]...\n\n       -a, --all\n              do not ignore entries starting with .\n",
        ),
        (
            "code",
            "Code\n\nRun it:\n\n    fn main() {\n    \tprintln!(\"tab\");\n        }\n\n```\n  fenced\n\tand tabbed\n```\n",
        ),
        ("table", "Table\n\nName\tValue\tMore\nalpha\t1\t2\n"),
        ("entities", "A &amp;lt; B\n\nLiteral &amp;amp; and 5 &gt; 3, &#27;[31m gone.\n"),
        ("poem", "Poem\n\n  An indented first line,\n    and a deeper one\n\nLast line\n"),
    ];
    write_articles(&store, &files);
    let root = store.to_str().unwrap();
    let exported = folio(&["export", root]);
    let jsonl = dir.join("store.jsonl");
    std::fs::write(&jsonl, &exported.stdout).unwrap();
    let jsonl = jsonl.to_str().unwrap();
    assert_eq!(stdout(&folio(&["list", jsonl])), stdout(&folio(&["list", root])), "the same titles");
    for (name, _) in files {
        for width in ["30", "80"] {
            let from_folder = stdout(&folio(&["show", name, root, "--width", width]));
            assert_eq!(stdout(&folio(&["show", name, jsonl, "--width", width])), from_folder, "{name} at {width}");
        }
    }
    let entities = stdout(&folio(&["show", "entities", jsonl]));
    assert!(entities.contains("Literal &amp; and 5 > 3") && !entities.contains('\u{1b}'), "{entities}");
}

#[test]
fn a_malformed_json_line_is_named_and_skipped() {
    let dir = scratch("badjson");
    let store = dir.join("s.jsonl");
    std::fs::write(&store, "{\"id\":\"a\",\"title\":\"Alpha\"}\n{oops\n{\"id\":\"b\",\"title\":\"Beta\"}\n").unwrap();
    let output = folio(&["list", store.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "a\tAlpha\nb\tBeta\n");
    let warning = stderr(&output);
    assert!(warning.starts_with(&format!("folio: skipped '{}:2': key must be a string", store.display())), "{warning}");
}

#[test]
fn error_text_is_sanitized_before_it_is_printed() {
    let output = folio(&["list", "/no/such\x1b]0;pwned\x07/dir\x1b[2J"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "folio: cannot open '/no/such/dir': No such file or directory (os error 2)\n");
    let output = folio(&["show", "x\x1b]52;c;cHduZWQ=\x07y\u{202e}"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("folio: no article 'xy'"), "{}", stderr(&output));
}

#[test]
fn the_title_index_lives_in_the_user_cache_folder() {
    let home = scratch("home");
    let articles = scratch("indexed");
    std::fs::write(articles.join("a.txt"), "A title\n\nBody.").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["list", articles.to_str().unwrap()])
        .env("HOME", home.as_path())
        .env_remove("XDG_CACHE_HOME")
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "a\tA title\n");
    // Without XDG_CACHE_HOME, ~/.cache/folio/index-<16 hex digits>.bin.
    let names: Vec<String> = std::fs::read_dir(home.join(".cache/folio"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    let hash = names[0].strip_prefix("index-").and_then(|n| n.strip_suffix(".bin")).unwrap_or_default();
    assert!(hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{names:?}");
}

#[test]
fn arabic_and_seven_language_corpora_list_filter_and_show() {
    let (Some(arabic), Some(wikipedia)) = (corpus("saudinewsnet-ar"), corpus("wikipedia-7lang")) else { return };
    let output = folio(&["list", arabic.to_str().unwrap()]);
    assert_eq!((output.status.code(), stderr(&output).as_str()), (Some(0), ""));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 211, "210 articles and SOURCE.md; INDEX.tsv is no article");
    assert_eq!(
        text.lines().next(),
        Some("3alyoum/001\tشاهد.. القصة الكاملة لمعلمة تبوك من رفض القبول وحتى الموت قهراً")
    );
    let output = folio(&["list", wikipedia.to_str().unwrap()]);
    assert_eq!((output.status.code(), stderr(&output).as_str()), (Some(0), ""));
    let text = stdout(&output);
    let per_language: Vec<(String, usize)> = ["bn", "el", "hy", "ja", "mr", "uk", "vi"]
        .iter()
        .map(|l| (l.to_string(), text.lines().filter(|line| line.starts_with(&format!("{l}/"))).count()))
        .collect();
    let counts: Vec<usize> = per_language.iter().map(|(_, n)| *n).collect();
    assert_eq!(counts, [300, 300, 208, 157, 300, 300, 232], "{per_language:?}");
    // Lower-case queries match either case in every script (fzf's smart case).
    for (query, id) in [("ελληνική", "el/016"), ("україна", "uk/119"), ("հայաստան", "hy/028")] {
        let output = folio(&["filter", query, wikipedia.to_str().unwrap()]);
        let first = stdout(&output).lines().next().map(str::to_owned).unwrap_or_default();
        assert!(first.starts_with(&format!("{id}\t")), "{query}: {first}");
    }
    // Accents fold as in fzf: `tieng viet` finds "Tiếng Việt", `lang son` finds "Lạng Sơn".
    for (query, id) in [("tieng viet", "vi/002"), ("lang son", "vi/022"), ("ha giang", "vi/009")] {
        let output = folio(&["filter", query, wikipedia.to_str().unwrap()]);
        let first = stdout(&output).lines().next().map(str::to_owned).unwrap_or_default();
        assert!(first.starts_with(&format!("{id}\t")), "{query}: {first}");
    }
    for (query, id) in [("বাংলা ভাষা", "bn/001"), ("Αθλητισμός", "el/001"), ("アンパサンド", "ja/001")]
    {
        let output = folio(&["filter", query, wikipedia.to_str().unwrap()]);
        let first = stdout(&output).lines().next().map(str::to_owned).unwrap_or_default();
        assert!(first.starts_with(&format!("{id}\t")), "{query}: {first}");
    }
    // Japanese is counted in characters (ja/096: 14,787 in its Japanese runs, 33 minutes), not in the
    // few space-separated runs it has.
    let json = stdout(&folio(&["show", "ja/096", wikipedia.to_str().unwrap(), "--json"]));
    let article: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(article["cjk_characters"].as_u64().unwrap() > 14_000, "{}", article["cjk_characters"]);
    assert!((30..=45).contains(&article["minutes"].as_u64().unwrap()), "{}", article["minutes"]);
    for (root, id) in [(&arabic, "3alyoum/001"), (&wikipedia, "ja/001"), (&wikipedia, "bn/001")] {
        let output = folio(&["show", id, root.to_str().unwrap(), "--width", "40"]);
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output);
        assert!(text.lines().count() > 5, "{id}");
        assert!(text.lines().all(|l| display_width(l) <= 40), "{id}: a line is wider than 40");
    }
}

#[test]
fn accents_fold_and_decomposed_files_match_composed_queries() {
    let dir = scratch("accents");
    std::fs::write(dir.join("a.txt"), "Café crème\n\nComposed.\n").unwrap();
    std::fs::write(dir.join("b.txt"), "Cafe\u{301} noir\n\nDecomposed on disk.\n").unwrap();
    std::fs::write(dir.join("c.txt"), "Cafeteria menus\n\nNo accent.\n").unwrap();
    let filter = |query: &str| stdout(&folio(&["filter", query, dir.to_str().unwrap()]));
    assert_eq!(filter("cafe"), "a\tCafé crème\nb\tCafé noir\nc\tCafeteria menus\n");
    assert_eq!(filter("café"), "a\tCafé crème\nb\tCafé noir\n", "an accented query wants the accent");
    assert_eq!(filter("cafe\u{301}"), filter("café"), "typed decomposed, matched composed");
    let shown = stdout(&folio(&["show", "b", dir.to_str().unwrap()]));
    assert!(shown.starts_with("Café noir\n"), "shown composed: {shown:?}");
    assert_eq!(folio(&["filter", "cafë", dir.to_str().unwrap()]).status.code(), Some(1));
}

#[test]
fn a_trailer_is_what_ends_the_folders_other_articles_too() {
    let dir = scratch("trailers");
    for (name, story) in [("1", "First story."), ("2", "Second story."), ("3", "Third story.")] {
        let text = format!("Title {name}\n\n{story}\n\nShare this article\nFollow us\n");
        std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    }
    std::fs::write(dir.join("4.txt"), "Title 4\n\nThe match.\n\n8,661\n\nK Clark\n").unwrap();
    let show = |id: &str| stdout(&folio(&["show", id, dir.to_str().unwrap(), "--width", "60"]));
    assert!(
        show("2").ends_with("Second story.\n\n────────────────────\nShare this article\nFollow us\n"),
        "{}",
        show("2")
    );
    assert!(show("4").ends_with("The match.\n\n8,661\n\nK Clark\n"), "its own ending: {}", show("4"));
}

#[test]
fn no_bbc_ending_is_taken_for_a_trailer() {
    let Some(bbc) = corpus("bbc") else { return };
    let root = bbc.to_str().unwrap();
    let endings = [
        ("sport/122", "Burnley or Blackburn v Leicester"),
        ("entertainment/201", "School Of Rock"),
        ("sport/107", "K Clark"),
        ("sport/108", "C Thomson"),
    ];
    for (id, last) in endings {
        let text = stdout(&folio(&["show", id, root, "--width", "70"]));
        assert!(text.ends_with(&format!("\n\n{last}\n")) && !text.contains("──────"), "{id}: {text}");
    }
    let export = stdout(&folio(&["export", root]));
    let with_trailer: Vec<&str> = export.lines().filter(|l| !l.contains("\"trailer\":[]")).collect();
    assert_eq!(export.lines().count(), 2226);
    assert!(with_trailer.is_empty(), "{:?}", &with_trailer[..with_trailer.len().min(3)]);
}

#[test]
fn legacy_bytes_are_decoded_not_replaced() {
    let Some(bbc) = corpus("bbc") else { return };
    let output = folio(&["show", "sport/199", bbc.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(text.contains("a £15.8m signing"), "{text}");
    assert!(!text.contains('\u{fffd}'));
    // The title index path reads the same bytes the same way.
    let dir = scratch("legacy");
    std::fs::write(dir.join("a.txt"), b"Cr\xe8me br\xfbl\xe9e\n\nCaf\xe9 cr\xe8me.").unwrap();
    assert_eq!(stdout(&folio(&["list", dir.to_str().unwrap()])), "a\tCrème brûlée\n");
}

#[test]
fn search_ranks_text_with_phrases_exclusions_and_folding() {
    let dir = scratch("search");
    let files = [
        ("a", "Zoo news\n\nA zebra was seen.\n"),
        ("b", "Savannah\n\nZebra, zebra and another zebra crossed.\n"),
        ("c", "Coffee\n\nThe brown fox sat in a café.\n"),
        ("d", "Fox facts\n\nA fox that is brown.\n"),
        ("e", "東京\n\n東京の市場は今日も上がった。\n"),
    ];
    write_articles(&dir, &files);
    let root = dir.to_str().unwrap();
    let ids = |query: &str| -> Vec<String> {
        stdout(&folio(&["search", query, root])).lines().map(|l| l.split('\t').next().unwrap().to_owned()).collect()
    };
    assert_eq!(ids("zebra"), ["b", "a"], "three mentions beat one");
    let line = stdout(&folio(&["search", "zebra", root]));
    assert_eq!(line.lines().next().unwrap().split('\t').nth(2), Some("3"), "the hits column");
    assert_eq!(ids("\"brown fox\""), ["c"], "a phrase");
    assert_eq!(ids("fox -cafe"), ["d"], "an exclusion, accent-folded");
    assert_eq!(ids("CAFÉ"), ["c"], "case and accents folded");
    assert_eq!(ids("市場"), ["e"], "a word inside Japanese text");
    let none = folio(&["search", "giraffe", root]);
    assert_eq!((none.status.code(), stdout(&none)), (Some(1), String::new()));
    let json = stdout(&folio(&["search", "zebra", root, "--json", "--limit", "1"]));
    let first: serde_json::Value = serde_json::from_str(json.lines().next().unwrap()).unwrap();
    assert_eq!((first["id"].as_str(), first["hits"].as_u64(), json.lines().count()), (Some("b"), Some(3), 1));
}

#[test]
fn search_regex_reads_every_article_and_ranks_by_hits() {
    let dir = scratch("search-regex");
    let files = [
        ("a", "Warrants\n\nThe warrant. It was served in 2004.\n"),
        ("b", "Dates\n\nIn 1999, 2001 and 2004 the warrants were renewed.\n"),
        ("c", "Café\n\nNo numbers here, only a CAFÉ.\n"),
    ];
    write_articles(&dir, &files);
    let root = dir.to_str().unwrap();
    let lines = |pattern: &str| stdout(&folio(&["search", "--regex", pattern, root]));
    let years = lines(r"\b(19|20)[0-9]{2}\b");
    let rows: Vec<Vec<&str>> = years.lines().map(|l| l.split('\t').take(3).collect()).collect();
    assert_eq!(rows, [vec!["b", "Dates", "3"], vec!["a", "Warrants", "1"]], "most hits first");
    assert_eq!(lines("warrants?\\.").lines().count(), 1, "a regular expression, not words: {years}");
    assert_eq!(lines("caf.").split('\t').nth(2), Some("2"), "smart case and folding, the title counted");
    assert_eq!(folio(&["search", "--regex", "zebra+", root]).status.code(), Some(1), "no match");
    let bad = folio(&["search", "--regex", "(of", root]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a regular expression"), "{bad:?}");
}

#[test]
fn filter_and_search_honour_the_marks_the_reader_saved() {
    let dir = scratch("marks");
    let store = dir.join("store");
    std::fs::create_dir(&store).unwrap();
    for (name, title) in [("a", "Gnu one"), ("b", "Gnu two"), ("c", "Other three")] {
        std::fs::write(store.join(format!("{name}.txt")), format!("{title}\n\nThe zebra text of {name}.\n")).unwrap();
    }
    let key = std::fs::canonicalize(&store).unwrap().display().to_string();
    let state = dir.join("state.json");
    let marks = serde_json::json!({"version": 1, "stores": {key: {"articles": {
        "a": {"read": true}, "b": {"starred": true}, "c": {"read": true, "starred": true}}}}});
    std::fs::write(&state, marks.to_string()).unwrap();
    let root = store.to_str().unwrap();
    let ids = |args: &[&str]| -> (Vec<String>, Option<i32>) {
        let mut all = args.to_vec();
        all.extend(["--state", state.to_str().unwrap(), root]);
        let output = folio(&all);
        let ids = stdout(&output).lines().map(|l| l.split('\t').next().unwrap().to_owned()).collect();
        (ids, output.status.code())
    };
    assert_eq!(ids(&["filter", ":read"]).0, ["a", "c"]);
    assert_eq!(ids(&["filter", ":starred gnu"]).0, ["b"]);
    assert_eq!(ids(&["filter", "!:read"]).0, ["b"]);
    assert_eq!(ids(&["filter", ":unread | :read gnu"]).0.len(), 2, "a group: either mark");
    assert_eq!(ids(&["filter", ":unread other"]), (vec![], Some(1)), "no match");
    assert_eq!(ids(&["search", ":unread zebra"]).0, ["b"]);
    assert_eq!(ids(&["search", "-:starred zebra"]).0, ["a"]);
    // FOLIO_STATE names the file when --state does not; --state wins over it.
    let with_folio_state = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_folio"))
            .args(args)
            .env_clear()
            .env("HOME", dir.as_path())
            .env("XDG_CACHE_HOME", dir.join("cache"))
            .env("FOLIO_STATE", &state)
            .output()
            .unwrap()
    };
    let output = with_folio_state(&["filter", ":read", root]);
    assert_eq!(stdout(&output).lines().count(), 2, "{}", stderr(&output));
    let elsewhere = dir.join("none.json");
    let output = with_folio_state(&["filter", ":read", root, "--state", elsewhere.to_str().unwrap()]);
    assert_eq!((stdout(&output), output.status.code()), (String::new(), Some(1)), "--state first: nothing read");
}

#[test]
fn a_trailer_only_where_the_page_sets_it_apart_never_in_markdown_and_never_when_set_off() {
    let dir = scratch("trailer-alone");
    let footer = "Page\n\nThe story, told.\n\n\nShare this page\n";
    let trailer = |name: &str, text: &str, extra: &[&str]| -> Vec<String> {
        let folder = dir.join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(name), text).unwrap();
        let mut args = vec!["show", "--json"];
        args.extend(extra);
        let path = folder.join(name);
        args.push(path.to_str().unwrap());
        let output = folio(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let full: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        full["trailer"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(trailer("page.txt", footer, &[]), ["Share this page"]);
    assert!(trailer("note.txt", "Groceries\n\nFor the weekend:\n\nBuy milk and eggs\n", &[]).is_empty());
    assert!(trailer("page.md", footer, &[]).is_empty(), "Markdown: every line is the author's");
    let config = dir.join("config.toml");
    std::fs::write(&config, "trailer = false\n").unwrap();
    assert!(trailer("off.txt", footer, &["--config", config.to_str().unwrap()]).is_empty());
    // A config the binary cannot take: exit 2, naming the file, line and key.
    std::fs::write(&config, "width = 20\ntrailer = \"no\"\n").unwrap();
    let output = folio(&["list", "--config", config.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("config.toml") && stderr(&output).contains("line 2"), "{}", stderr(&output));
}

#[test]
fn json_paths_are_the_real_paths_a_script_can_open() {
    let dir = scratch("json-paths");
    // A name sanitizing would change (a tab, an escape): the title and id shown are cleaned,
    // the path is the file's own, escaped by JSON.
    let name = "odd\tname \u{1b}[31m.txt";
    std::fs::write(dir.join(name), "Odd\n\nText.\n").unwrap();
    for args in [vec!["list", "--json"], vec!["filter", "odd", "--json"]] {
        let mut all = args.clone();
        all.push(dir.to_str().unwrap());
        let output = stdout(&folio(&all));
        let line: serde_json::Value = serde_json::from_str(output.lines().next().unwrap()).unwrap();
        let path = line["path"].as_str().unwrap();
        assert_eq!(std::fs::read_to_string(path).unwrap(), "Odd\n\nText.\n", "{args:?}: {path:?}");
    }
    let shown = stdout(&folio(&["show", "--json", dir.join(name).to_str().unwrap()]));
    let full: serde_json::Value = serde_json::from_str(&shown).unwrap();
    assert!(std::path::Path::new(full["path"].as_str().unwrap()).is_file());
}

#[test]
fn search_never_matches_the_trailer() {
    let dir = scratch("search-trailer");
    for name in ["1", "2", "3"] {
        std::fs::write(
            dir.join(format!("{name}.txt")),
            format!("Story {name}\n\nNews of the day.\n\nFollow Twitterland\n"),
        )
        .unwrap();
    }
    let root = dir.to_str().unwrap();
    assert_eq!(folio(&["search", "news", root]).status.code(), Some(0));
    assert_eq!(folio(&["search", "twitterland", root]).status.code(), Some(1), "boilerplate is not text");
}

#[test]
fn search_finds_bbc_articles_by_their_text() {
    let Some(bbc) = corpus("bbc") else { return };
    let text = stdout(&folio(&["search", "music download", bbc.to_str().unwrap()]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 5, "{text}");
    assert!(lines.iter().all(|l| l.split('\t').count() == 4), "{text}");
    assert!(lines.iter().any(|l| l.contains("download")), "{text}");
}

#[test]
fn a_corrupt_state_file_is_reported_by_filter_and_left_where_it_is() {
    let dir = scratch("corrupt-state");
    std::fs::write(dir.join("a.txt"), "Gnu\n\nText.\n").unwrap();
    let state = dir.join("state.json");
    std::fs::write(&state, "{ not json").unwrap();
    let output = folio(&["filter", ":read", dir.to_str().unwrap(), "--state", state.to_str().unwrap()]);
    assert!(stderr(&output).contains("corrupt"), "{}", stderr(&output));
    assert_eq!(output.status.code(), Some(1), "no marks: nothing read");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), "{ not json", "a command that only looks moves nothing");
}

/// The READMEs of the crates this build downloaded (every machine that built folio has them):
/// a folder of real Markdown, badges, HTML and front matter included.
#[test]
fn every_real_readme_is_listed_by_its_heading_never_by_its_markup() {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")));
    let Some(registry) = home.map(|h| h.join("registry/src")).filter(|p| p.is_dir()) else {
        return folio::testing::missing("the cargo registry's sources");
    };
    let dir = scratch("readmes");
    let mut copied = 0;
    for index in std::fs::read_dir(&registry).unwrap().flatten() {
        for krate in std::fs::read_dir(index.path()).into_iter().flatten().flatten() {
            let readme = krate.path().join("README.md");
            if readme.is_file() {
                std::fs::copy(&readme, dir.join(format!("{}.md", krate.file_name().to_string_lossy()))).unwrap();
                copied += 1;
            }
        }
    }
    assert!(copied >= 50, "only {copied} READMEs in {}", registry.display());
    let out = folio(&["list", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = String::from_utf8(out.stdout).unwrap();
    assert_eq!(listed.lines().count(), copied);
    let markup = ["](", "[image", "<div", "<img", "<p ", "http://", "https://", "![", "---", "+++", "[!["];
    for line in listed.lines() {
        let (id, title) = line.split_once('\t').unwrap();
        assert!(!title.is_empty() && title != id, "{id} has no title of its own");
        assert!(!markup.iter().any(|m| title.contains(m)), "{id}'s title is markup: {title:?}");
        // A leading `#` stays: `#Tokenizer-API` (no space) is text to CommonMark, and to glow.
        assert!(!title.starts_with(['<', '[', '!', '>', '|']), "{id}'s title is markup: {title:?}");
    }
}

#[test]
fn tags_of_front_matter_and_hash_tags_filter_the_list() {
    let dir = scratch("tags");
    std::fs::write(dir.join("a.md"), "---\ntitle: Alpha\ntags: [Rust, cli]\n---\n\nText.\n").unwrap();
    std::fs::write(dir.join("b.md"), "# Beta\n\nNotes on #rust and #terminals.\n").unwrap();
    std::fs::write(dir.join("c.md"), "# Gamma\n\nNothing tagged, #1 in nothing.\n").unwrap();
    std::fs::write(dir.join("d.txt"), "Delta\n\nPlain text: #rust is not a tag here.\n").unwrap();
    let ids = |query: &str| {
        let out = folio(&["filter", query, dir.to_str().unwrap()]);
        let text = String::from_utf8(out.stdout).unwrap();
        let mut ids: Vec<String> = text.lines().map(|l| l.split('\t').next().unwrap().to_owned()).collect();
        ids.sort();
        (ids, out.status.code())
    };
    assert_eq!(ids(":tag:rust"), (vec!["a".to_owned(), "b".to_owned()], Some(0)), "any case, front matter or #tag");
    assert_eq!(ids(":tag:cli"), (vec!["a".to_owned()], Some(0)));
    assert_eq!(ids("!:tag:rust"), (vec!["c".to_owned(), "d".to_owned()], Some(0)));
    assert_eq!(ids(":tag:rust | :tag:terminals beta"), (vec!["b".to_owned()], Some(0)), "with a term of the title");
    assert_eq!(ids(":tag:nothing"), (vec![], Some(1)), "no match: exit 1");
    let shown = folio(&["show", "a", dir.to_str().unwrap()]);
    assert!(String::from_utf8(shown.stdout).unwrap().starts_with("Alpha\n"), "front matter is no text");
}

#[test]
fn notes_print_every_highlight_found_again_in_the_edited_text_and_the_lost_ones_said() {
    use folio::highlight::{Highlight, text_of};
    let dir = scratch("notes");
    let store = dir.join("store");
    std::fs::create_dir(&store).unwrap();
    let article = "Storm closes ports\n\nFerries were cancelled along the north coast on Sunday.\n\nThe harbour master moved the small boats into the inner basin overnight.\n";
    std::fs::write(store.join("storm.txt"), article).unwrap();
    std::fs::write(store.join("calm.txt"), "Calm seas\n\nNothing of note.\n").unwrap();
    let text = text_of(
        &folio::store::Article::from_bytes("storm".into(), "s".into(), article.as_bytes(), false).unwrap().blocks,
    );
    let quote = |words: &str| {
        let at = text.find(words).unwrap();
        at..at + words.len()
    };
    let kept = Highlight {
        note: "Which ports?".into(),
        ..Highlight::new("storm", &text, quote("Ferries were cancelled"), 1_730_618_100)
    };
    let edited = Highlight::new("storm", &text, quote("moved the small boats into the inner basin"), 1_730_618_200);
    let lost = Highlight::new("storm", &text, quote("along the north coast on Sunday"), 1_730_618_300);
    let gone = Highlight::new("moved-away", "Some words here.", 5..10, 1_730_618_400);
    let key = std::fs::canonicalize(&store).unwrap().display().to_string();
    let highlights: serde_json::Map<String, serde_json::Value> =
        [&kept, &edited, &lost, &gone].iter().map(|h| (h.id(), serde_json::to_value(h).unwrap())).collect();
    let state = dir.join("state.json");
    std::fs::write(&state, serde_json::json!({"version": 1, "stores": {key: {"highlights": highlights}}}).to_string())
        .unwrap();
    // The article is edited after the highlights were made.
    std::fs::write(
        store.join("storm.txt"),
        article.replace("small boats", "smaller boats").replace("along the north coast on Sunday", "in the north"),
    )
    .unwrap();
    let notes = |extra: &[&str]| {
        let mut args = vec!["notes", "--state", state.to_str().unwrap(), store.to_str().unwrap()];
        args.extend(extra);
        folio(&args)
    };
    let output = notes(&[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = std::fs::canonicalize(store.join("storm.txt")).unwrap().display().to_string();
    assert_eq!(
        stdout(&output),
        format!(
            "# Highlights\n\n## Storm closes ports\n\n`storm` · [{path}](<{path}>)\n\n> Ferries were cancelled\n\nWhich ports?\n\n> along the north coast on Sunday\n>\n> (no longer in the article)\n\n> moved the small boats into the inner basin\n\n## moved-away\n\n`moved-away` (not in the store now)\n\n> words\n"
        )
    );
    let json = stdout(&notes(&["--json"]));
    let annotations: Vec<serde_json::Value> = json.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(annotations.len(), 4);
    let edited_now = annotations.iter().find(|a| a["target"]["selector"][0]["exact"] == edited.quote.exact).unwrap();
    let position = &edited_now["target"]["selector"][1];
    let now = std::fs::read_to_string(store.join("storm.txt")).unwrap();
    let now_text =
        text_of(&folio::store::Article::from_bytes("storm".into(), "s".into(), now.as_bytes(), false).unwrap().blocks);
    let range = position["start"].as_u64().unwrap() as usize..position["end"].as_u64().unwrap() as usize;
    assert_eq!(&now_text[range], "moved the smaller boats into the inner basin", "found again near its old place");
    // Imported into another state, they are the same highlights (Markdown and all).
    let exported = dir.join("exported.jsonl");
    std::fs::write(&exported, &json).unwrap();
    let fresh = dir.join("fresh.json");
    let store_arg = store.to_str().unwrap();
    let import =
        folio(&["notes", "--state", fresh.to_str().unwrap(), "--import", exported.to_str().unwrap(), store_arg]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(stderr(&import).contains("4 highlights added, 0 updated, 0 already there"), "{}", stderr(&import));
    let again =
        folio(&["notes", "--state", fresh.to_str().unwrap(), "--import", exported.to_str().unwrap(), store_arg]);
    assert!(stderr(&again).contains("0 highlights added, 0 updated, 4 already there"), "{}", stderr(&again));
    let again = folio(&["notes", "--state", fresh.to_str().unwrap(), "--markdown", store_arg]);
    assert_eq!(stdout(&again), stdout(&output), "the same notes from the imported state");
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"type\": \"Annotation\"}\n").unwrap();
    let refused = folio(&["notes", "--state", fresh.to_str().unwrap(), "--import", bad.to_str().unwrap(), store_arg]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("annotation 1: no folio article"), "{}", stderr(&refused));
    // Text search reads the notes: "which" is in no article's text, only in a note.
    let search = folio(&["search", "which", "--state", state.to_str().unwrap(), store_arg]);
    assert_eq!(stdout(&search), "storm\tStorm closes ports\t1\t✎ Which ports?\n", "{}", stderr(&search));
    // `:noted` keeps the articles with highlights, `!:noted` the others.
    for (query, ids) in [(":noted", "storm\n"), ("!:noted", "calm\n")] {
        let output = folio(&["filter", query, "--state", state.to_str().unwrap(), store.to_str().unwrap()]);
        let listed: String = stdout(&output).lines().map(|l| format!("{}\n", l.split('\t').next().unwrap())).collect();
        assert_eq!(listed, ids, "{query}");
    }
    // A store without highlights: nothing to print, exit 1.
    let empty = dir.join("empty.json");
    let output = folio(&["notes", "--state", empty.to_str().unwrap(), store.to_str().unwrap()]);
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(1), ""));
}
