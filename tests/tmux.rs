//! End-to-end tests in tmux: the alternate screen, raw mode restored, signals and resizes.

mod common;

use common::tmux::Tmux;
use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

#[test]
fn type_read_scroll_and_quit() {
    let Some(tmux) = Tmux::start("session") else { return };
    tmux.start_folio("");
    tmux.keys(&["s", "o", "n", "y"]);
    let screen = tmux.wait_for_text("> sony");
    assert!(screen[0].ends_with("1/1"), "{}", screen[0]);
    // tmux was asked how it draws text (the probe's answer comes before the first frame, and
    // the keys typed reached the list): by code point, no synchronized output, kept per terminal.
    let kept =
        std::fs::read_to_string(tmux.home().join("cache/folio/terminals.json")).expect("the probe's answer kept");
    let kept: serde_json::Value = serde_json::from_str(&kept).unwrap();
    let (name, found) = kept.as_object().unwrap().iter().next().expect("one terminal");
    assert!(!name.is_empty(), "kept under the terminal's name");
    let expected = folio::probe::Capabilities::default();
    assert_eq!(found, &serde_json::to_value(expected).unwrap(), "{kept}");
    // The match ("Sony") lies beyond the list's width, so the title scrolls to show it, as in
    // fzf, and both cut ends show `…`.
    assert!(
        screen[1].starts_with("> …d To North Korean Goverment In Sony… │ Links Found To North Korean"),
        "{}",
        screen[1]
    );
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_text("Space page");
    assert!(screen[29].ends_with("at 50%"), "{}", screen[29]);
    tmux.keys(&["Space"]);
    let screen = tmux.wait_for_text("at 100%");
    assert!(screen.iter().any(|l| l.ends_with("┃ (end)")), "the end marked: {}", screen.join("\n"));
    assert!(screen.iter().any(|l| l.ends_with("┃ Filter videos by")), "{}", screen.join("\n"));
    tmux.keys(&["g"]);
    tmux.wait_for_text("at 50%");
    tmux.keys(&["q", "Escape"]);
    tmux.wait_for("an empty query", |s| s[0].starts_with(">  ") && s[0].ends_with("1/1"));
    tmux.keys(&["Escape"]);
    tmux.expect_exit(0);
}

#[test]
fn slash_n_and_shift_n_search_the_article() {
    let Some(tmux) = Tmux::start("find") else { return };
    tmux.start_folio("");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Space page");
    tmux.keys(&["/", "s", "o", "n", "y"]);
    let screen = tmux.wait_for("the prompt", |s| s.last().is_some_and(|l| l.starts_with("/sony")));
    assert_eq!(tmux.format("#{cursor_x}"), "5", "the cursor after the typed text: {}", screen.join("\n"));
    tmux.keys(&["Enter"]);
    tmux.wait_for("the first hit", |s| s.last().is_some_and(|l| l.contains("1/7")));
    tmux.keys(&["n", "n"]);
    tmux.wait_for("the third hit", |s| s.last().is_some_and(|l| l.contains("3/7")));
    tmux.keys(&["N", "N", "N"]);
    tmux.wait_for("wrapped to the last", |s| s.last().is_some_and(|l| l.contains("wrapped to the bottom · 7/7")));
    tmux.keys(&["/", "z", "q", "x", "Enter"]);
    tmux.wait_for("no hit", |s| s.last().is_some_and(|l| l.contains("not found")));
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn no_color_keeps_the_selection_and_highlights_visible() {
    let Some(tmux) = Tmux::start("nocolor") else { return };
    // NO_COLOR wins over a colour theme in the config file.
    let config = tmux.home().join("config/folio");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "theme = \"dark\"\n").unwrap();
    tmux.start_folio_with("NO_COLOR=1", "");
    tmux.keys(&["s", "o", "n", "y"]);
    tmux.wait_for_text("> sony");
    let row = tmux.styled_row(1);
    assert!(row.starts_with("\x1b[0;7m"), "the selected row is in reverse video: {row:?}");
    assert!(row.contains("\x1b[1;4mSony"), "matches are bold and underlined: {row:?}");
    let colours: Vec<String> = (0..8)
        .flat_map(|c| [format!("[3{c}m"), format!("[4{c}m"), format!(";3{c}m"), format!(";4{c}m")])
        .chain(["38;".into(), "48;".into()])
        .collect();
    // Every row: the list, the reader, the query line and the footer.
    for number in 0..30 {
        let row = tmux.styled_row(number);
        for colour in &colours {
            assert!(!row.contains(colour), "no colour ({colour}) on row {number}: {row:?}");
        }
    }
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn a_paste_is_one_edit_and_ctrl_u_takes_it_back_at_once() {
    let Some(tmux) = Tmux::start("paste") else { return };
    tmux.start_folio("");
    // Three thousand characters with line breaks: in a terminal with bracketed paste they come
    // as one paste (a pasted line break is no Enter), not as three thousand keys.
    let words: Vec<String> = (0..500).map(|i| format!("w{i}")).collect();
    // Typed as keys, `sony` and a line break would open the seed article.
    let text = format!("sony\n{}\nthe end", words.join(" ").replace("w250 ", "w250\n"));
    let file = tmux.home().join("paste.txt");
    std::fs::write(&file, &text).unwrap();
    tmux.run(&["load-buffer", file.to_str().unwrap()]);
    tmux.run(&["paste-buffer", "-p", "-t", "0"]);
    let screen = tmux.wait_for("the whole paste, matched", |s| s[0].contains("w499 the end") && s[0].ends_with("0/1"));
    assert!(screen.iter().any(|l| l.contains("no match")), "nothing opened: {}", screen.join("\n"));
    tmux.keys(&["C-u"]);
    tmux.wait_for("the query gone", |s| s[0].starts_with(">  ") && s[0].trim_end().ends_with("1/1"));
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn idle_costs_no_cpu() {
    let Some(tmux) = Tmux::start("idle") else { return };
    tmux.start_folio("");
    let pid = tmux.folio_pid();
    let cpu_ticks = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        let fields: Vec<&str> = stat.rsplit_once(')').unwrap().1.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    // Until the start's work (the load, the text index) is over: two samples 300 ms apart
    // that agree, within 10 s.
    let mut last = cpu_ticks();
    for _ in 0..33 {
        sleep(Duration::from_millis(300));
        let now = cpu_ticks();
        if std::mem::replace(&mut last, now) == now {
            break;
        }
    }
    let before = cpu_ticks();
    sleep(Duration::from_secs(2));
    let used = cpu_ticks() - before;
    // A loop redrawing on a timer would burn tens of ticks (of 10 ms) in 2 s; blocking uses none.
    assert!(used <= 1, "{used} ticks of CPU while idle");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn resize_rewraps_into_the_stacked_layout() {
    let Some(tmux) = Tmux::start("resize") else { return };
    tmux.start_folio("");
    tmux.run(&["resize-window", "-t", "0", "-x", "60", "-y", "20"]);
    let screen = tmux.wait_for("the stacked layout", |s| s.len() == 20 && s[7] == "─".repeat(60));
    assert_eq!(screen[8], " Links Found To North Korean Goverment In Sony Pictures");
    assert_eq!(screen[9], " Hack – Hackers Also Make Threats Of Violence");
    tmux.run(&["resize-window", "-t", "0", "-x", "15", "-y", "4"]);
    let screen = tmux.wait_for_text("too small");
    assert_eq!(screen[2], "   too small");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn signals_restore_the_terminal() {
    let Some(tmux) = Tmux::start("signals") else { return };
    for (signal, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        tmux.start_folio("--mouse");
        let pid = tmux.folio_pid();
        assert!(!pid.is_empty());
        let status = Command::new("kill").args([&format!("-{signal}"), &pid]).status().unwrap();
        assert!(status.success());
        tmux.expect_exit(code);
        tmux.type_line("clear");
    }
}

#[test]
fn ctrl_l_clears_what_others_wrote_and_redraws() {
    let Some(tmux) = Tmux::start("ctrl-l") else { return };
    tmux.start_folio("");
    let before = tmux.wait_for_text("Enter read");
    // Another program writes over folio's screen, as `wall` or a background job would.
    let tty = tmux.format("#{pane_tty}");
    for (keys, shown) in [(&[][..], "Enter read"), (&["Enter"], "Space page"), (&["F1"], "folio keys")] {
        tmux.keys(keys);
        tmux.wait_for_text(shown);
        // Let folio finish drawing, so that only Ctrl-L can repaint over the stray text.
        sleep(Duration::from_millis(200));
        std::fs::write(&tty, "\x1b[12;30HSTRAY-TEXT-FROM-ELSEWHERE").unwrap();
        tmux.wait_for_text("STRAY-TEXT-FROM-ELSEWHERE");
        tmux.keys(&["C-l"]);
        let screen = tmux.wait_for("a clean screen drawn again", |s| {
            !s.iter().any(|l| l.contains("STRAY")) && s.iter().any(|l| l.contains(shown))
        });
        assert_eq!(screen.len(), before.len());
    }
    tmux.keys(&["Escape", "C-c"]);
    tmux.expect_exit(0);
}

/// What folio draws is what the terminal shows, in seven scripts: every reader row holds
/// exactly the page's line (nothing lost, nothing overdrawn) and the separator stays in its
/// column, measured as tmux advances.
#[test]
fn every_script_is_drawn_as_written() {
    let Some(wikipedia) = common::corpus("wikipedia-7lang") else { return };
    let Some(tmux) = Tmux::start("scripts") else { return };
    tmux.type_line(&format!("cd {}", wikipedia.display()));
    for language in ["bn", "el", "hy", "ja", "mr", "uk", "vi"] {
        let folder = wikipedia.join(language);
        let mut article = common::read_as_the_reader_does(&folder, "001");
        article.path = format!("{language}/001.txt"); // as `folio {language}` names it
        // 100 columns: list 40, separator, reader 59 with a 57-column text one column in.
        let page = folio::page::Page::new(&article, 57);
        tmux.launch(&format!("folio {language}"));
        let reader_row = |row: &str| row.split_once('│').map(|(_, right)| right.trim_end().to_owned());
        let expected: Vec<String> =
            page.lines.iter().take(28).map(|l| format!(" {}", l.text).trim_end().to_owned()).collect();
        // The first and the last row drawn: a capture in the middle of a frame waits for its end.
        let last = expected.len();
        let screen = tmux.wait_for(&format!("{language}: the article"), |s| {
            s.len() == 30
                && reader_row(&s[1]).as_deref() == Some(expected[0].as_str())
                && reader_row(&s[last]).as_deref() == Some(expected[last - 1].as_str())
        });
        let mut lefts = String::new();
        for (row, want) in screen[1..=expected.len()].iter().zip(&expected) {
            let (left, _) = row.split_once('│').unwrap_or_else(|| panic!("{language}: no separator in {row:?}"));
            lefts.push_str(left);
            lefts.push('\n');
            assert_eq!(reader_row(row).as_deref(), Some(want.as_str()), "{language}");
        }
        tmux.keys(&["C-c"]);
        tmux.expect_exit(0);
        // Where the separator stands, as the terminal itself measures: each left part written
        // again from the left edge, the cursor's column asked for (DSR), not folio's widths.
        let home = tmux.home();
        std::fs::write(home.join("lefts"), lefts).unwrap();
        std::fs::write(home.join("measure.sh"), MEASURE).unwrap();
        let _ = std::fs::remove_file(home.join("columns"));
        tmux.type_line("bash $HOME/measure.sh $HOME/lefts > $HOME/columns.tmp && mv $HOME/columns.tmp $HOME/columns");
        let columns = common::wait_for_file(&home.join("columns"));
        let columns: Vec<&str> = columns.lines().collect();
        assert_eq!(columns.len(), expected.len(), "{language}");
        assert!(columns.iter().all(|c| *c == "40"), "{language}: the separator moved: {columns:?}");
        tmux.type_line("clear");
    }
}

/// Prints, for each line of the file `$1`, the column the terminal's cursor stands at after
/// writing the line from the left edge: the terminal's own measure of the line.
const MEASURE: &str = r#"exec 3</dev/tty
stty -echo -icanon
while IFS= read -r line; do
  printf '\r\033[2K%s\033[6n' "$line" > /dev/tty
  IFS='[;' read -r -s -d R -u 3 _ _ column
  echo $((column - 1))
done < "$1"
stty echo icanon
printf '\r\033[2K' > /dev/tty
"#;

/// Arabic in a terminal that does not reorder (tmux): lines in display order, against the
/// right edge of the text column; with `--bidi off`, logical order for terminals that reorder.
#[test]
fn right_to_left_text_reads_right() {
    use folio::width::display_width;
    let Some(arabic) = common::corpus("saudinewsnet-ar") else { return };
    let Some(tmux) = Tmux::start("bidi") else { return };
    let folder = arabic.join("3alyoum");
    let mut article = common::read_as_the_reader_does(&folder, "001");
    article.path = "./001.txt".into(); // as `folio .` names it
    let page = folio::page::Page::new(&article, 57);
    // A short command line: one that wraps in the pane leaves its tail beside the exit status.
    tmux.type_line(&format!("cd {}", folder.display()));
    for bidi in [true, false] {
        let flag = if bidi { "" } else { "--bidi off" };
        tmux.launch(&format!("folio {flag} ."));
        let expected: Vec<String> = page
            .lines
            .iter()
            .take(28)
            .map(|line| {
                let text = if bidi { folio::bidi::visual(&line.text, line.rtl) } else { line.text.clone() };
                let indent = if bidi && line.rtl { 57 - display_width(&text) } else { 0 };
                format!(" {}{text}", " ".repeat(indent)).trim_end().to_owned()
            })
            .collect();
        let reader_row = |row: &str| row.split_once('│').map(|(_, right)| right.trim_end().to_owned());
        // The first and the last row drawn: a capture in the middle of a frame waits for its end.
        let last = expected.len();
        let screen = tmux.wait_for("the article", |s| {
            s.len() == 30
                && reader_row(&s[1]).as_deref() == Some(&expected[0])
                && reader_row(&s[last]).as_deref() == Some(&expected[last - 1])
        });
        for (row, want) in screen[1..=expected.len()].iter().zip(&expected) {
            assert_eq!(reader_row(row).as_deref(), Some(want.as_str()), "bidi {bidi}");
        }
        // The list's title: reordered and cut on its left, where it goes on.
        let first_title = screen[1].split_once('│').unwrap().0.trim_end();
        if bidi {
            assert!(first_title.starts_with("> …"), "{first_title:?}");
            let shown = folio::bidi::visual(&article.title, true);
            assert!(shown.ends_with(first_title.trim_start_matches("> …")), "{first_title:?}");
        } else {
            // Logical order, cut at its logical end: a terminal that reorders puts `…` on the left.
            let kept = first_title.trim_start_matches("> ").strip_suffix('…').expect("cut with …");
            assert!(article.title.starts_with(kept), "{first_title:?}");
        }
        tmux.keys(&["C-c"]);
        tmux.expect_exit(0);
    }
}

#[test]
fn ctrl_t_searches_the_text_and_opens_at_the_hits() {
    let Some(bbc) = common::corpus("bbc") else { return };
    let Some(tmux) = Tmux::start("text") else { return };
    tmux.launch(&format!("folio {}", bbc.display()));
    tmux.wait_for_text("Ad sales boost Time Warner");
    tmux.keys(&["C-t"]);
    // A space after the last word: the words and their forms (as typed, `prices` would start others).
    tmux.keys(&["o", "i", "l", "Space", "p", "r", "i", "c", "e", "s", "Space"]);
    let screen = tmux.wait_for("the text search's results", |s| {
        s[0].starts_with("text> oil prices ") && s[2].starts_with("    17 hits  … and heating oil stocks")
    });
    assert!(screen[0].ends_with(" 64/2226"), "every article that matches is counted: {}", screen[0]);
    assert!(screen[1].starts_with("> Oil prices reach three-mon…  business │"), "{}", screen[1]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("the reader at the first hit", |s| s[29].starts_with("Space page") && s[29].contains("1/17"));
    tmux.keys(&["n", "n"]);
    tmux.wait_for("the third hit", |s| s[29].contains("3/17"));
    // Back in the list, Ctrl-T returns to title search with the same query.
    tmux.keys(&["q", "C-t"]);
    tmux.wait_for("title search", |s| s[0].starts_with("> oil prices ") && !s[2].contains(" hits "));
    // The index stays, beside the title index, for the next start.
    let cache = tmux.home().join("cache/folio");
    let text_indexes = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("text-") && e.file_type().is_ok_and(|t| t.is_dir()));
    assert_eq!(text_indexes.count(), 1, "one text index in {}", cache.display());
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn the_place_in_an_article_survives_a_sigterm_and_a_restart() {
    let Some(tmux) = Tmux::start("state") else { return };
    tmux.start_folio("");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Space page");
    tmux.keys(&["Space"]);
    let screen = tmux.wait_for("a page down", |s| s[29].ends_with("at 100%"));
    // The reader's first lines with text: where it stands.
    let reader_top = |s: &[String]| -> Vec<String> {
        // Either rule: heavy while the reader has the keys, thin while the list has them.
        let column = |row: &String| row.split_once(['│', '┃']).map(|(_, r)| r.trim().to_owned()).unwrap_or_default();
        s[1..28].iter().map(column).filter(|l| !l.is_empty()).take(3).collect()
    };
    let place = reader_top(&screen);
    assert!(place.len() == 3 && !place[0].starts_with("Links Found"), "scrolled: {place:?}");
    let status = Command::new("kill").args(["-TERM", &tmux.folio_pid()]).status().unwrap();
    assert!(status.success());
    tmux.expect_exit(143);
    let state = std::fs::read_to_string(tmux.home().join("state/folio/state.json")).expect("saved on SIGTERM");
    assert!(state.contains("\"place\""), "{state}");
    // Started again: the article selected and shown at its place.
    tmux.type_line("clear");
    tmux.launch("folio");
    let screen = tmux.wait_for("the reader at its place", |s| reader_top(s) == place);
    assert!(screen[1].starts_with("> Links Found"), "the article selected: {}", screen[1]);
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}

#[test]
fn the_outline_jumps_and_a_link_hint_opens_the_article_it_names_and_the_browser() {
    let Some(tmux) = Tmux::start("outline") else { return };
    let home = tmux.home();
    let notes = home.join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    let filler: String = (0..40).map(|i| format!("Filler line {i}.\n\n")).collect();
    std::fs::write(
        notes.join("alpha.md"),
        format!("# Alpha\n\nRead [the usage of beta](beta.md#usage) or https://example.com/page.\n\n{filler}## Far section\n\n{filler}"),
    )
    .unwrap();
    std::fs::write(notes.join("beta.md"), format!("# Beta\n\n{filler}## Usage\n\nBeta's usage.\n\n{filler}")).unwrap();
    // The "browser" writes down what it was asked to open, one argument, no shell between.
    let browser = home.join("browser.sh");
    std::fs::write(&browser, "#!/bin/sh\nprintf '%s\\n' \"$#:$1\" > \"$HOME/opened\"\n").unwrap();
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    tmux.launch(&format!("BROWSER={} folio {}", browser.display(), notes.display()));
    tmux.wait_for_text("Alpha");
    tmux.keys(&["Enter"]);
    tmux.wait_for_text("Space page");
    // The outline: filtered by typing, Enter jumps, the footer names the section.
    tmux.keys(&["t"]);
    tmux.wait_for_text("Outline");
    tmux.keys(&["f", "a", "r", "Enter"]);
    let screen = tmux.wait_for_text("§ Far section");
    assert!(!screen.iter().any(|l| l.contains("Outline")), "closed: {}", screen.join("\n"));
    tmux.keys(&["g"]);
    tmux.wait_for("the top", |s| !s.iter().any(|l| l.contains('§')));
    // Link hints: `a` on the first link opens beta at its Usage heading; H comes back.
    tmux.keys(&["F"]);
    // Each hint is drawn over its link's first letters.
    tmux.wait_for("the hints", |s| s.iter().any(|l| l.contains("Read ahe usage")));
    tmux.keys(&["a"]);
    let screen = tmux.wait_for_text("§ Usage");
    assert!(screen.iter().any(|l| l.contains("Beta's usage.")), "{}", screen.join("\n"));
    tmux.keys(&["H"]);
    tmux.wait_for_text("Read the usage of beta");
    // `s`, the web address: the browser gets it as its one argument, and folio comes back.
    tmux.keys(&["F", "s"]);
    let opened = common::wait_for_file(&home.join("opened"));
    assert_eq!(opened.trim(), "1:https://example.com/page");
    tmux.wait_for_text("Read the usage of beta");
    tmux.keys(&["C-c"]);
    tmux.expect_exit(0);
}
