//! In a real terminal (tmux): the pager and the editor get the terminal and give it back, a
//! file added while folio is open appears, and a place holds across a width change.

mod common;

use common::tmux::Tmux;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// A store of one article, `store/a.txt`, of 60 one-line paragraphs.
fn store(home: &Path) {
    std::fs::create_dir_all(home.join("store")).unwrap();
    let paragraphs: Vec<String> = (0..60).map(|i| format!("Paragraph {i} of the first article.")).collect();
    std::fs::write(home.join("store/a.txt"), format!("First article\n\n{}\n", paragraphs.join("\n\n"))).unwrap();
}

#[test]
fn the_pager_and_the_editor_get_the_terminal_and_give_it_back() {
    let Some(tmux) = Tmux::start("outside") else { return };
    if Command::new("less").arg("--version").output().is_err() {
        common::missing("less");
        return;
    }
    let home = tmux.home();
    store(&home);
    // An "editor" that notes its arguments, one a line.
    let editor = home.join("fake-editor");
    std::fs::write(&editor, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$HOME/edited\"\n").unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    tmux.type_line("cd $HOME");
    tmux.launch("EDITOR=\"$HOME/fake-editor --wait\" PAGER=less folio store");
    tmux.wait_for_text("First article");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Space page");
    tmux.keys(&["e"]);
    let edited = (0..100)
        .find_map(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            std::fs::read_to_string(home.join("edited")).ok()
        })
        .expect("the editor ran");
    let path = home.join("store/a.txt").display().to_string();
    assert_eq!(edited, format!("--wait\n{path}\n"), "split by words, the path one absolute argument");
    tmux.wait_for_text("Space page");
    // less gets every key: `G` goes to its end, `q` quits it, and folio is back as it was.
    tmux.keys(&["p"]);
    tmux.wait_for("less showing the article", |s| {
        s[0].starts_with("First article") && !s.iter().any(|l| l.contains("Space page"))
    });
    // Twenty lines down, one key at a time: a key folio read instead would leave less short.
    for _ in 0..20 {
        tmux.keys(&["j"]);
    }
    tmux.wait_for("less scrolled by every key", |s| s[0] == "Paragraph 9 of the first article.");
    tmux.keys(&["q"]);
    let screen = tmux.wait_for_text("Space page");
    let reader_top = screen[1].split_once('┃').map(|(_, r)| r.trim().to_owned());
    assert_eq!(
        reader_top.as_deref(),
        Some("First article"),
        "folio as it was, no key of less's taken:\n{}",
        screen.join("\n")
    );
    tmux.keys(&["q", "C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn a_file_added_while_open_appears_and_the_place_stays() {
    let Some(tmux) = Tmux::start("watch") else { return };
    let home = tmux.home();
    store(&home);
    tmux.type_line("cd $HOME");
    tmux.launch("folio store");
    tmux.wait_for_text("First article");
    tmux.keys(&["Enter", "Space"]);
    let screen = tmux.wait_for_text("Paragraph 20 ");
    assert!(screen[0].ends_with(" 1/1"), "{}", screen[0]);
    std::fs::write(home.join("store/b.txt"), "Second article\n\nAdded while folio was open.\n").unwrap();
    let screen = tmux.wait_for("the new article counted", |s| s[0].ends_with(" 2/2"));
    assert!(screen.iter().any(|l| l.contains("Paragraph 20 ")), "the place kept: {}", screen.join("\n"));
    // The article read, last in store order, deleted from another shell (folio 0.2 panicked).
    tmux.keys(&["q", "Down", "Enter"]);
    tmux.wait_for_text("Added while folio was open.");
    std::fs::remove_file(home.join("store/b.txt")).unwrap();
    let screen = tmux.wait_for("the deleted article gone", |s| s[0].ends_with(" 1/1"));
    assert!(screen.iter().any(|l| l.contains("gone from the store")), "{}", screen.join("\n"));
    // The whole folder goes, and comes back.
    std::fs::rename(home.join("store"), home.join("moved")).unwrap();
    tmux.wait_for_text("folder gone");
    std::fs::rename(home.join("moved"), home.join("store")).unwrap();
    tmux.wait_for("the folder back", |s| s[0].ends_with(" 1/1") && !s.iter().any(|l| l.contains("folder gone")));
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn the_same_paragraph_is_on_top_after_reopening_at_another_width() {
    let Some(tmux) = Tmux::start("width") else { return };
    let home = tmux.home();
    store(&home);
    tmux.type_line("cd $HOME");
    tmux.launch("folio store");
    tmux.wait_for_text("First article");
    tmux.keys(&["Enter", "Space", "Space"]);
    let screen = tmux.wait_for_text("Paragraph 30 ");
    let reader = |l: &String| l.split_once('┃').map(|(_, r)| r.trim().to_owned());
    let top = screen[1..].iter().find_map(|l| reader(l).filter(|r| r.starts_with("Paragraph "))).unwrap();
    assert_ne!(top, "Paragraph 0 of the first article.", "scrolled");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
    tmux.run(&["resize-window", "-t", "0", "-x", "70", "-y", "24"]);
    tmux.type_line("clear");
    tmux.launch("folio store");
    // Stacked now: the list above, the reader below from the same paragraph.
    let screen = tmux.wait_for("the reader at its place", |s| s.iter().any(|l| l.trim() == top));
    let number: usize = top.split(' ').nth(1).unwrap().parse().unwrap();
    let before = format!("Paragraph {} of", number - 1);
    assert!(!screen.iter().any(|l| l.contains(&before)), "{top} on top:\n{}", screen.join("\n"));
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn copies_reach_the_terminals_clipboard() {
    let Some(tmux) = Tmux::start("copy") else { return };
    // tmux takes OSC 52 from its panes into a paste buffer when asked to.
    tmux.run(&["set-option", "-s", "set-clipboard", "on"]);
    let home = tmux.home();
    store(&home);
    tmux.type_line("cd $HOME");
    tmux.launch("folio store");
    tmux.wait_for_text("First article");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Space page");
    tmux.keys(&["c"]);
    tmux.wait_for_text("copied the id (1 bytes)");
    assert_eq!(tmux.run(&["show-buffer"]), "a");
    tmux.keys(&["Y"]);
    tmux.wait_for_text("copied the article");
    let text = tmux.run(&["show-buffer"]);
    assert!(text.starts_with("First article\n\nParagraph 0 of") && text.contains("Paragraph 59"), "{text}");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn pick_prints_the_chosen_path_down_a_pipe_and_esc_prints_nothing() {
    let Some(tmux) = Tmux::start("pick") else { return };
    let home = tmux.home();
    store(&home);
    std::fs::write(home.join("store/b.txt"), "Second article\n\nText.\n").unwrap();
    tmux.type_line("cd $HOME");
    // Runs `command` in the shell, types `keys` into the finder; returns what reached `picked`.
    let pick = |command: &str, keys: &[&str], status: i32| {
        tmux.type_line("clear");
        tmux.launch(command);
        tmux.wait_for_text("First article");
        tmux.keys(keys);
        tmux.expect_exit(status);
        std::fs::read_to_string(home.join("picked")).unwrap()
    };
    // stdout is a pipe; the finder draws on the terminal all the same. The status checked is
    // folio's, not cat's (`PIPESTATUS`).
    let piped = "folio pick store | cat > picked; (exit ${PIPESTATUS[0]})";
    assert_eq!(pick(piped, &["s", "e", "c", "Enter"], 0), "store/b.txt\n");
    assert_eq!(pick("folio pick --id store > picked", &["Enter"], 0), "a\n");
    assert_eq!(pick("folio pick store > picked", &["Escape"], 1), "", "nothing chosen, nothing printed");
    assert_eq!(pick(piped, &["Escape"], 1), "", "Esc down a pipe: 1");
    assert_eq!(pick(piped, &["s", "C-c"], 130), "", "Ctrl-C, as in fzf: 130 and nothing printed");
}

#[test]
fn the_reader_on_paths_from_a_pipe_takes_its_keys_from_the_terminal() {
    let Some(tmux) = Tmux::start("stdin") else { return };
    let home = tmux.home();
    store(&home);
    std::fs::write(home.join("store/b.md"), "# Second note\n\nText.\n").unwrap();
    tmux.type_line("cd $HOME");
    tmux.launch("find store -name '*.md' | folio -");
    let screen = tmux.wait_for_text("Second note");
    assert!(screen[0].ends_with(" 1/1"), "only the files listed: {}", screen[0]);
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Space page");
    tmux.keys(&["q", "C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn a_highlight_and_its_note_survive_quitting_and_an_edit_of_the_file() {
    let Some(tmux) = Tmux::start("notes") else { return };
    let home = tmux.home();
    store(&home);
    tmux.type_line("cd $HOME");
    tmux.launch("folio store");
    tmux.wait_for_text("First article");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Space page");
    // A selection from the first word on screen to its line's end, noted in the prompt.
    tmux.keys(&["v", "$"]);
    tmux.wait_for_text("33 chars selected");
    tmux.keys(&["n"]);
    tmux.wait_for_text("note:");
    tmux.keys(&["m", "y", " ", "n", "o", "t", "e", "Enter"]);
    tmux.wait_for_text("note kept");
    // Drawn with the yellow mark in the margin, just before the words.
    tmux.wait_for_text("*Paragraph 0 of the first article.");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
    // Edited while folio is closed: a paragraph before it, a word into it.
    let file = home.join("store/a.txt");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "Paragraph 0 of the first article.",
        "A new opening paragraph.\n\nParagraph 0 of the whole first article.",
        1,
    );
    std::fs::write(&file, text).unwrap();
    tmux.type_line("clear");
    tmux.launch("folio store");
    tmux.wait_for_text("First article");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("*Paragraph 0 of the whole first article.");
    tmux.keys(&["a"]);
    tmux.wait_for_text("✎ my note");
    tmux.keys(&["Escape", "C-c"]);
    tmux.expect_exit(0);
    // Kept with its new words, the note with it.
    tmux.type_line("clear");
    tmux.launch("folio notes store");
    tmux.wait_for_text("> Paragraph 0 of the whole first article.");
    tmux.expect_exit(0);
    let state = std::fs::read_to_string(home.join("state/folio/state.json")).unwrap();
    assert!(state.contains("\"note\": \"my note\"") || state.contains("\"note\":\"my note\""), "{state}");
}
