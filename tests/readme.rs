//! The README documents every key binding and every command, so it cannot drift from the code.

mod common;

use folio::keymap::Keymap;

#[test]
fn every_binding_is_in_the_readme_with_all_its_keys() {
    let readme = std::fs::read_to_string(common::repo_path("README.md")).unwrap();
    for binding in Keymap::default().bindings() {
        let row = readme
            .lines()
            .find(|l| l.starts_with('|') && l.ends_with(&format!("| {} |", binding.help)))
            .unwrap_or_else(|| panic!("README has no row for '{}'", binding.help));
        let keys = row.split('|').nth(1).unwrap();
        for key in &binding.keys {
            let label = key.label();
            assert!(keys.split([',', ' ']).any(|k| k == label), "README row for '{}' lacks {label}", binding.help);
        }
    }
}

#[test]
fn every_command_is_in_the_readme() {
    let readme = std::fs::read_to_string(common::repo_path("README.md")).unwrap();
    // Every subcommand clap knows, so a new one cannot be left out.
    use clap::CommandFactory;
    for command in folio::cli::Cli::command().get_subcommands() {
        let usage = format!("folio {}", command.get_name());
        assert!(readme.contains(&usage), "README lacks {usage}");
    }
    for usage in ["--limit", "--json", "--width", "--mouse", "--bidi off", "cargo run --release", "cargo test"] {
        assert!(readme.contains(usage), "README lacks {usage}");
    }
}

#[test]
fn the_readme_module_map_and_src_agree() {
    let readme = std::fs::read_to_string(common::repo_path("README.md")).unwrap();
    let development = &readme[readme.find("## Development").unwrap()..readme.find("Benchmarks:").unwrap()];
    let named: Vec<&str> = development
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ':'))
        .filter(|word| word.starts_with("src/") || word.starts_with("tests/") || word.ends_with(".rs"))
        .collect();
    assert!(named.len() > 25, "{named:?}");
    for &name in &named {
        let path = if name.starts_with("src/") || name.starts_with("tests/") {
            name.to_owned()
        } else {
            format!("src/{name}")
        };
        assert!(common::repo_path(&path).exists(), "README names {name}, and {path} does not exist");
    }
    // And the other way round: every module and folder right under src/ has its line.
    for entry in std::fs::read_dir(common::repo_path("src")).unwrap() {
        let name = format!("src/{}", entry.unwrap().file_name().to_string_lossy());
        let listed = |word: &&str| word.trim_end_matches('/') == name || word.starts_with(&format!("{name}/"));
        assert!(named.iter().any(listed), "README's module map lacks {name}");
    }
}

#[test]
fn every_key_in_the_readme_tables_is_bound_as_it_says() {
    let readme = std::fs::read_to_string(common::repo_path("README.md")).unwrap();
    let keys = &readme[readme.find("### Keys").unwrap()..];
    let keys = &keys[..keys.find("\n## ").unwrap_or(keys.len())];
    let keymap = Keymap::default();
    let mut rows = 0;
    // The rows of the tables headed `| Keys | ... |`, not of the others (the query languages).
    let mut in_keys = false;
    let key_rows = keys.lines().filter(|line| {
        in_keys = line.starts_with("| Keys") || (in_keys && line.starts_with('|'));
        in_keys && !line.starts_with("| Keys") && !line.starts_with("|---")
    });
    for row in key_rows.collect::<Vec<_>>() {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (listed, help) = (cells[1], cells[2]);
        let binding = keymap
            .bindings()
            .iter()
            .find(|b| b.help == help)
            .unwrap_or_else(|| panic!("README row '{row}' names no binding folio has"));
        // The keys before any "(in the ...)" note.
        let listed = listed.split(" (").next().unwrap();
        for key in listed.split(", ").flat_map(|k| k.split(' ')).filter(|k| !k.is_empty()) {
            assert!(binding.keys.iter().any(|b| b.label() == key), "README says {key} does '{help}'; it does not");
        }
        rows += 1;
    }
    assert!(rows > 50, "{rows} rows read");
}

/// The module of a source file: `store` for `src/store/mod.rs`, `store::load` for
/// `src/store/load.rs`, `page` for `src/page.rs`.
fn module_of(relative: &str) -> String {
    let mut parts: Vec<&str> = relative.trim_end_matches(".rs").split('/').collect();
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Every module the file's non-test code names: `crate::a::b` as `a::b` (or `a` when `a` is a
/// file), `super::b` inside folder `a` as `a::b`.
fn imports(source: &str, module: &str, folders: &[String]) -> Vec<String> {
    let code = source.split("#[cfg(test)]\nmod tests").next().unwrap_or(source);
    let mut found = Vec::new();
    let named = |path: &str| {
        let mut parts = path.split("::");
        let first = parts.next().unwrap_or("");
        match (folders.iter().any(|f| f == first), parts.next()) {
            (true, Some(second)) if second.chars().all(|c| c.is_ascii_lowercase() || c == '_') => {
                format!("{first}::{second}")
            }
            _ => first.to_owned(),
        }
    };
    for (at, _) in code.match_indices("crate::") {
        let path: String =
            code[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':').collect();
        found.push(named(&path));
    }
    let folder = module.split("::").next().unwrap_or("");
    if module.contains("::") {
        for (at, _) in code.match_indices("super::") {
            let name: String = code[at + 7..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            found.push(named(&format!("{folder}::{name}")));
        }
    }
    found.retain(|m| m != module && !module.starts_with(&format!("{m}::")) && !m.starts_with(&format!("{module}::")));
    found
}

#[test]
fn no_two_modules_import_each_other_directly_or_round_a_circle() {
    let src = common::repo_path("src");
    let mut files = Vec::new();
    let mut pending = vec![src.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let folders: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // Test scaffolding and tests are left out: they may reach anywhere.
    let scaffolding = ["main", "lib", "testing", "fuzzing", "generate"];
    let mut edges: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        let module = module_of(&relative);
        if scaffolding.contains(&module.as_str()) || relative.ends_with("tests.rs") {
            continue;
        }
        let source = std::fs::read_to_string(file).unwrap();
        for import in imports(&source, &module, &folders) {
            if !scaffolding.contains(&import.as_str()) {
                edges.entry(module.clone()).or_default().insert(import);
            }
        }
    }
    // Between folders too: `store::trailer -> search::syntax` and `search::engine -> store::catalog`
    // are a circle of `store` and `search`.
    let mut tops: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
    let top = |m: &str| m.split("::").next().unwrap_or(m).to_owned();
    for (from, to) in &edges {
        for to in to.iter().filter(|t| top(t) != top(from)) {
            tops.entry(top(from)).or_default().insert(top(to));
        }
    }
    assert_no_circle(&edges);
    assert_no_circle(&tops);
    assert!(edges.len() > 40, "the scan found the modules: {}", edges.len());
}

fn assert_no_circle(edges: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>) {
    // A depth-first search for a way back to where it started.
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                assert!(next != start, "modules import each other: {} -> {start}", path.join(" -> "));
                if seen.insert(next.clone()) {
                    stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
                }
            }
        }
    }
}
