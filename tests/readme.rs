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
