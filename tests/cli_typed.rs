//! CLI tests of what people type: ids as shell completion writes them, file paths, swapped
//! arguments, several PATHs, folders without articles, and the man page and completions.

mod common;

use common::{folio_in, scratch};
use std::process::{Command, Stdio};

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// `news/business/001.txt`, `news/sport/001.txt` and `notes/todo.md` under a scratch folder.
fn stores(name: &str) -> common::Scratch {
    let dir = scratch(name);
    for (path, title) in [
        ("news/business/001.txt", "Oil prices fall"),
        ("news/sport/001.txt", "Cup final tonight"),
        ("notes/todo.md", "Things to do"),
    ] {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, format!("{title}\n\nA paragraph.\n")).unwrap();
    }
    dir
}

#[test]
fn show_takes_an_id_with_its_extension_or_a_file_path() {
    let dir = stores("typed-show");
    for (args, title) in [
        (vec!["show", "business/001.txt", "news"], "Oil prices fall"),
        (vec!["show", "news/sport/001.txt", "news"], "Cup final tonight"),
        (vec!["show", "news/sport/001.txt"], "Cup final tonight"),
        (vec!["show", "notes/todo.md"], "Things to do"),
    ] {
        let output = folio_in(&dir, &args);
        assert!(output.status.success(), "{args:?}: {}", text(&output.stderr));
        assert!(text(&output.stdout).starts_with(title), "{args:?}: {}", text(&output.stdout));
    }
    let absolute = dir.join("news/business/001.txt").display().to_string();
    let output = folio_in(&dir, &["show", &absolute]);
    assert!(text(&output.stdout).starts_with("Oil prices fall"), "an absolute path alone");
    let output = folio_in(&dir, &["show", "busines/01", "news"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).trim_end().ends_with("closest: business/001"), "{}", text(&output.stderr));
    let output = folio_in(&dir, &["show", "001", "news"]);
    assert!(text(&output.stderr).contains("closest: business/001, sport/001"), "{}", text(&output.stderr));
    let output = folio_in(&dir, &["show", "zebra-crossing", "news"]);
    assert!(text(&output.stderr).contains("none is close"), "no far-fetched ids: {}", text(&output.stderr));
    let output = folio_in(&dir, &["show", "notes/todo.md", "news"]);
    assert!(text(&output.stderr).contains("a file outside the store given"), "{}", text(&output.stderr));
}

#[test]
fn a_swapped_query_and_path_are_named_as_such() {
    let dir = stores("typed-swapped");
    for command in ["filter", "search"] {
        let output = folio_in(&dir, &[command, "news", "oil"]);
        assert_eq!(output.status.code(), Some(2));
        let error = text(&output.stderr);
        assert!(error.contains("'oil' does not exist and 'news' is a folder: the query comes first"), "{error}");
    }
}

#[test]
fn several_paths_have_unique_ids_each_opened_once_and_a_missing_one_fails_the_run() {
    let dir = stores("typed-roots");
    let output = folio_in(&dir, &["list", "news/business", "news/sport"]);
    assert_eq!(text(&output.stdout), "business/001\tOil prices fall\nsport/001\tCup final tonight\n");
    let output = folio_in(&dir, &["show", "sport/001", "news/business", "news/sport"]);
    assert!(text(&output.stdout).starts_with("Cup final tonight"), "{}", text(&output.stderr));
    let output = folio_in(&dir, &["list", "news", "./news/", "news"]);
    assert_eq!(text(&output.stdout).lines().count(), 2, "a root given three times is opened once");
    let output = folio_in(&dir, &["list", "notes", "missing"]);
    assert_eq!(text(&output.stdout), "todo\tThings to do\n", "the rest is listed");
    assert!(text(&output.stderr).contains("'missing'"), "{}", text(&output.stderr));
    assert_eq!(output.status.code(), Some(2), "and the exit status says a PATH failed");
}

#[test]
fn a_folder_without_articles_says_what_it_holds() {
    let dir = scratch("typed-empty");
    std::fs::create_dir_all(dir.join("code/src")).unwrap();
    // A README and a licence are read (they start with text); a binary without an extension,
    // code and images are not.
    for (name, bytes) in [("code/app", &b"\x7fELF\0\0"[..]), ("code/src/main.rs", b"x"), ("code/logo.png", b"x")] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let output = folio_in(&dir, &["list", "code"]);
    assert_eq!(output.status.code(), Some(1), "nothing found");
    assert_eq!(
        text(&output.stderr).trim(),
        "folio: skipped 'code': no articles in it (3 other files, e.g. app, logo.png, main.rs)"
    );
    for (name, text) in [("code/LICENSE", "MIT License\n"), ("code/README", "Tool\n\nIt does things.\n")] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let output = folio_in(&dir, &["list", "code"]);
    assert_eq!(text(&output.stdout), "LICENSE\tMIT License\nREADME\tTool\n");
}

#[test]
fn version_man_page_and_completions() {
    let dir = scratch("typed-docs");
    let version = text(&folio_in(&dir, &["--version"]).stdout);
    assert_eq!(version.trim(), format!("folio {}", env!("CARGO_PKG_VERSION")));
    let page = text(&folio_in(&dir, &["man"]).stdout);
    assert!(page.contains(".TH folio 1") && page.contains("completions"), "{}", &page[..300.min(page.len())]);
    for shell in ["bash", "zsh", "fish"] {
        let script = folio_in(&dir, &["completions", shell]);
        assert!(script.status.success() && text(&script.stdout).contains("search"), "{shell}");
    }
    assert_eq!(folio_in(&dir, &["completions", "tcsh"]).status.code(), Some(2), "an unknown shell is an error");
}

#[test]
fn paths_on_stdin_are_a_store_of_those_files() {
    use std::io::Write;
    let dir = stores("typed-stdin");
    let mut child = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["list", "-"])
        .current_dir(&*dir)
        .env_clear()
        .env("HOME", &*dir)
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // CRLF line ends (a list made on Windows) name the same files.
    let listed = "notes/todo.md\r\nnews/business/001.txt\r\n\r\nnews/missing.txt\r\nnotes/todo.md\n";
    child.stdin.take().unwrap().write_all(listed.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        text(&output.stdout),
        "notes/todo\tThings to do\nnews/business/001\tOil prices fall\n",
        "each once, as given"
    );
    let stderr = text(&output.stderr);
    assert!(stderr.contains("'news/missing.txt'") && !stderr.contains("todo"), "{stderr}");
    assert_eq!(output.status.code(), Some(2), "a missing path on stdin, as on the command line: the rest, and 2");
    let output = folio_in(&dir, &["list", "-"]);
    assert_eq!(output.status.code(), Some(2), "nothing on stdin: an error");
}

#[test]
fn no_path_opens_the_configured_store_else_the_built_in_seeds() {
    let dir = stores("typed-default");
    // A ./seeds folder here is nobody's store: the built-in seeds are listed, not it.
    std::fs::create_dir_all(dir.join("seeds")).unwrap();
    std::fs::write(dir.join("seeds/local.txt"), "A local seed\n\nText.\n").unwrap();
    let output = folio_in(&dir, &["list"]);
    assert_eq!(
        text(&output.stdout),
        "000_cbd27e05d8923fd3\tLinks Found To North Korean Goverment In Sony Pictures Hack – Hackers Also Make Threats Of Violence\n"
    );
    std::fs::create_dir_all(dir.join(".config/folio")).unwrap();
    let store = dir.join("notes").display().to_string();
    std::fs::write(dir.join(".config/folio/config.toml"), format!("store = {store:?}\n")).unwrap();
    assert_eq!(text(&folio_in(&dir, &["list"]).stdout), "todo\tThings to do\n", "the config's store");
}

#[test]
fn the_cache_says_what_it_holds_and_clears() {
    let dir = stores("typed-cache");
    assert!(folio_in(&dir, &["list", "news"]).status.success());
    let output = folio_in(&dir, &["cache"]);
    let said = text(&output.stdout);
    assert!(said.starts_with(&format!("{}: 1 index, ", dir.join(".cache/folio").display())), "{said}");
    let output = folio_in(&dir, &["cache", "--clear"]);
    assert!(text(&output.stdout).starts_with("removed 1 index ("), "{}", text(&output.stdout));
    assert!(text(&folio_in(&dir, &["cache"]).stdout).contains(": 0 indexes, 0.0 MiB"));
}
