//! Screen tests: the whole UI drawn into ratatui's TestBackend, checked line by line.

mod common;

use common::*;
use folio::action::{Action, Amount, Direction};
use folio::app::Event;
use insta::assert_snapshot;
use ratatui::style::Modifier;

const SEED_TITLE: &str =
    "Links Found To North Korean Goverment In Sony Pictures Hack – Hackers Also Make Threats Of Violence";

#[test]
fn seed_side_by_side_at_120x40() {
    let app = seed_app(120, 40);
    let lines = screen(&draw(&app));
    assert_eq!(lines[0], format!(">{}1/1", " ".repeat(116)));
    assert_eq!(
        lines[1],
        "> Links Found To North Korean Goverment In Son… │ Links Found To North Korean Goverment In Sony Pictures Hack – Hackers "
    );
    assert_eq!(lines[2], format!("{}│ Also Make Threats Of Violence{}", " ".repeat(48), " ".repeat(41)));
    assert_eq!(lines[3].trim_end(), format!("{}│ 326 words · 2 min read · 000_cbd27e05d8923fd3", " ".repeat(48)));
    assert!(lines[4].trim_end().ends_with("seeds/000_cbd27e05d8923fd3.txt"), "then the file: {}", lines[4]);
    assert_eq!(
        lines[6].trim_end(),
        format!("{}│ The Sony picture hacking, which uncovered a conspiracy of its own", " ".repeat(48))
    );
    assert_eq!(
        lines[39],
        format!("Enter read  Esc clear/quit  Ctrl-T text  Ctrl-C quit  F1 help{}1 unread · at 79%", " ".repeat(42))
    );
    assert!(lines[4..39].iter().all(|l| l.chars().nth(48) == Some('│')));
    assert_snapshot!("seed_120x40", lines.join("\n"));
}

#[test]
fn seed_stacked_at_60x20() {
    let mut app = seed_app(60, 20);
    // Reading below 100 columns, the reader takes the whole body: 18 lines, not 11.
    act(&mut app, [Action::Open]);
    let lines = screen(&draw(&app));
    assert_eq!(lines[1].trim_end(), " Links Found To North Korean Goverment In Sony Pictures");
    assert!(!lines.iter().any(|l| l.starts_with('─')), "no separator: {lines:#?}");
    // z shows the list above it again.
    act(&mut app, [Action::ToggleList, Action::Scroll(Direction::Down, Amount::All)]);
    let lines = screen(&draw(&app));
    assert_eq!(lines[0], format!(">{}1/1", " ".repeat(56)));
    assert_eq!(lines[1], format!("> {}… ", &SEED_TITLE[..56]), "cut where it goes on, one column spare");
    assert!(lines[2..7].iter().all(|l| l.trim().is_empty()));
    assert_eq!(lines[7], "━".repeat(60), "heavy: the reader has the keys");
    // G goes one row past the last line, for `(end)`.
    assert_eq!(lines[8].trim_end(), " escalated into a national security matter once the");
    assert_eq!(lines[13].trim_end(), " We'll keep you updated as this develops.");
    assert_eq!(lines[14].trim_end(), "");
    assert_eq!(lines[15].trim_end(), " ────────────────────");
    assert_eq!(lines[16].trim_end(), " WccfTech Tv");
    assert_eq!(lines[17].trim_end(), " Filter videos by");
    assert_eq!(lines[18].trim_end(), " (end)");
    assert_eq!(lines[19], "Space page  b back  g top  G end  J next  F1 help    at 100%", "the help hint goes last");
    assert_snapshot!("seed_60x20_end", lines.join("\n"));
}

#[test]
fn bbc_list_filtered_by_a_query() {
    let Some(_) = corpus("bbc") else { return };
    // Relative to the package (the tests' working folder): the reader shows the file's path
    // as the store was named, and the snapshot must not hold this machine's folders.
    let mut app = app(load("../shared/corpora/bbc".into()), 100, 30);
    // A colour theme chosen under NO_COLOR: no colour at all, every meaning kept.
    app.config.theme = folio::theme::Theme::choose(folio::theme::ThemeName::Dark, true, 256);
    act(&mut app, typed("blair"));
    let buffer = draw(&app);
    let lines = screen(&buffer);
    assert_eq!(lines[0], format!("> blair{}91/2226", " ".repeat(86)));
    // Each row ends with the article's folder, dimmed; the title gives way to it.
    assert_eq!(
        lines[1],
        format!("> Blair buys copies of…   entertainment │ Blair buys copies of new Band Aid{}", " ".repeat(25))
    );
    assert_eq!(lines[2].split('│').next().unwrap(), "  Blair rejects Tory terror…   politics ");
    assert!(lines[2].contains("│ 387 words · 2 min read · entertainment/"), "{}", lines[2]);
    assert!(buffer[(32, 2)].modifier.contains(Modifier::DIM), "the folder is dimmed");
    assert!(!buffer[(10, 2)].modifier.contains(Modifier::DIM), "the title is not");
    assert_eq!(
        lines[29],
        format!("Enter read  Esc clear/quit  Ctrl-T text  Ctrl-C quit  F1 help{}2226 unread · at 59%", " ".repeat(19))
    );
    // Matched chars are bold and underlined, the selected row reversed: modifiers, not colour.
    let first_b = &buffer[(2, 1)];
    assert_eq!(first_b.symbol(), "B");
    assert!(first_b.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED | Modifier::REVERSED));
    let unmatched = &buffer[(8, 2)];
    assert_eq!(unmatched.symbol(), "r", "the 'r' of 'rejects' is not matched");
    assert!(!unmatched.modifier.intersects(Modifier::UNDERLINED | Modifier::REVERSED), "{unmatched:?}");
    assert!(
        buffer.content.iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset),
        "NO_COLOR: no colour on any cell"
    );
    // Without NO_COLOR the same theme does colour the screen (this test could fail).
    app.config.theme = folio::theme::Theme::choose(folio::theme::ThemeName::Dark, false, 256);
    assert!(draw(&app).content.iter().any(|c| c.fg != ratatui::style::Color::Reset));
    assert_snapshot!("bbc_blair_100x30", lines.join("\n"));
}

#[test]
fn help_overlay_lists_the_keys() {
    let mut app = seed_app(100, 30);
    act(&mut app, [Action::ToggleHelp]);
    let lines = screen(&draw(&app));
    assert!(lines[1].contains("┌ folio keys ─"), "{}", lines[1]);
    assert!(lines.iter().any(|l| l.contains("│ Down Ctrl-N Ctrl-J   next article")), "{lines:#?}");
    assert_snapshot!("help_100x30", lines.join("\n"));
}

#[test]
fn the_help_fits_40_columns_whole_and_scrolls_by_pages() {
    use folio::action::Action::Insert;
    let mut app = seed_app(40, 24);
    act(&mut app, [Insert('?')]);
    assert!(app.help().is_some(), "? on an empty query opens the help");
    assert_eq!(app.list.query().text(), "", "and is not typed");
    let lines = screen(&draw(&app));
    assert_eq!(lines[2], "  │ List and query                   │  ");
    assert_eq!(lines[3], "  │ Down Ctrl-N Ctrl-J               │  ");
    assert_eq!(lines[4], "  │   next article                   │  ", "the description under its keys");
    // A page down and the end: the last lines show, nothing cut at the right.
    act(&mut app, [Action::Scroll(Direction::Down, Amount::Page)]);
    assert_eq!(app.help().unwrap().top(), 20);
    act(&mut app, [Action::Scroll(Direction::Down, Amount::All)]);
    let lines = screen(&draw(&app));
    let text = lines.join("\n");
    assert!(text.contains("│   wheel scrolls, click selects,") && text.contains("│   true in config.toml)"), "{text}");
    // The box's right edge, column 37, is whole on every row: no text ran over it.
    for line in &lines[1..lines.len() - 1] {
        assert!(matches!(line.chars().nth(37), Some('│' | '┘' | '┐')), "cut: {line:?}");
    }
    assert_snapshot!("help_40x24_end", text);
}

#[test]
fn search_hits_are_highlighted_and_counted_in_the_footer() {
    let mut app = seed_app(120, 40);
    act(&mut app, [Action::Open, Action::Find]);
    act(&mut app, "sony".chars().map(Action::Insert).collect::<Vec<_>>());
    let lines = screen(&draw(&app));
    assert!(lines[39].starts_with("/sony "), "the prompt in the footer: {:?}", lines[39]);
    act(&mut app, [Action::Open]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    assert!(lines[39].ends_with("1/7 · at 79%"), "{:?}", lines[39]);
    // The title's "Sony" is the current hit (reversed); the body's are bold and underlined.
    let row = 1;
    let x = lines[row].rfind("Sony").map(|at| lines[row][..at].chars().count() as u16).unwrap();
    assert!(buffer[(x, row as u16)].modifier.contains(Modifier::REVERSED), "the current hit");
    let body = lines.iter().position(|l| l.contains("The Sony picture hacking")).unwrap();
    let x = lines[body].rfind("Sony").map(|at| lines[body][..at].chars().count() as u16).unwrap();
    let cell = &buffer[(x, body as u16)];
    assert!(
        cell.modifier.contains(Modifier::BOLD | Modifier::UNDERLINED) && !cell.modifier.contains(Modifier::REVERSED)
    );
    act(&mut app, [Action::FindHit(Direction::Down)]);
    assert!(screen(&draw(&app))[39].contains("2/7"));
}

#[test]
fn markdown_link_targets_are_dimmed_after_their_words() {
    let dir = scratch("screen-links");
    let text = "# Notes\n\nSee [the docs](https://example.com/docs) and [this](notes/x.md).\n";
    std::fs::write(dir.join("notes.md"), text).unwrap();
    let mut app = app(load(dir.to_path_buf()), 120, 20);
    act(&mut app, [Action::Open]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    let row = lines.iter().position(|l| l.contains("See the docs")).unwrap();
    let column = |text: &str| lines[row][..lines[row].find(text).unwrap()].chars().count() as u16;
    let dim = |text: &str| buffer[(column(text), row as u16)].modifier.contains(Modifier::DIM);
    assert!(lines[row].trim_end().ends_with("See the docs https://example.com/docs and this notes/x.md."));
    assert!(dim("https://") && dim("notes/x.md") && dim("x.md"), "targets dimmed");
    assert!(!dim("See") && !dim("the docs") && !dim("this"), "words are not");
    let full_stop = column("x.md") + 4;
    assert!(!buffer[(full_stop, row as u16)].modifier.contains(Modifier::DIM), "nor the full stop after a target");
}

#[test]
fn the_trailer_is_dimmed_under_a_rule() {
    let mut app = seed_app(120, 40);
    act(&mut app, [Action::Open, Action::Scroll(Direction::Down, Amount::All)]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    let row = lines.iter().position(|l| l.contains("WccfTech Tv")).unwrap();
    assert!(lines[row - 1].contains("┃ ────────────────────"), "the heavy rule: the reader has the keys");
    let x = lines[row].find("WccfTech").unwrap();
    let x = lines[row][..x].chars().count() as u16;
    assert!(buffer[(x, row as u16)].modifier.contains(Modifier::DIM));
}

#[test]
fn too_small_says_so_and_no_size_panics() {
    let app = seed_app(19, 5);
    let lines = screen(&draw(&app));
    assert_eq!(lines[2], "terminal too small ");
    for columns in 0..=40 {
        for rows in 0..=12 {
            let mut app = seed_app(columns, rows);
            let down = |amount| Action::Scroll(Direction::Down, amount);
            act(&mut app, [Action::Open, down(Amount::All), Action::ToggleHelp, down(Amount::Line)]);
            draw(&app);
        }
    }
}

#[test]
fn the_footer_counts_the_load_and_skipped_files() {
    use folio::app::{App, Loading};
    use folio::store::{Catalog, LoadEvent, ReadError};
    let full = load(repo_path("seeds")).read().unwrap().clone();
    let catalog = Catalog::new(full.origins().to_vec()).shared();
    let mut app = App::new(catalog.clone(), Loading::default(), Default::default());
    act(&mut app, [Event::Resize(100, 10), Event::Load(LoadEvent::Found(2225))]);
    let lines = screen(&draw(&app));
    assert_eq!(lines[0], format!(">{}0/0", " ".repeat(96)));
    assert_eq!(lines[1].trim_end(), "  loading…                              │");
    assert!(lines[9].ends_with(" loading 0/2225"), "{}", lines[9]);
    *catalog.write().unwrap() = full;
    let warning = ReadError { path: "x.txt".into(), reason: "binary file".into() }.into();
    act(&mut app, [Event::Load(LoadEvent::Appended(1)), Event::Load(LoadEvent::Warning(warning))]);
    let lines = screen(&draw(&app));
    assert!(lines[1].starts_with("> Links Found"), "titles show while the load goes on");
    assert!(lines[9].ends_with(" loading 1/2225 · 1 skipped (F1) · at 14%"), "{}", lines[9]);
    act(&mut app, [Event::Load(LoadEvent::Done)]);
    let done = format!(
        "Enter read  Esc clear/quit  Ctrl-T text  Ctrl-C quit  F1 help{}1 unread · 1 skipped (F1) · at 14%",
        " ".repeat(5)
    );
    assert_eq!(screen(&draw(&app))[9], done);
    // Then the text index is built in the background, its progress beside the rest.
    use folio::fulltext::TextEvent;
    act(&mut app, [Event::Text(TextEvent::Indexing { done: 450, total: 1000 })]);
    assert!(screen(&draw(&app))[9].ends_with(" indexing 45% · 1 unread · 1 skipped (F1) · at 14%"));
    act(&mut app, [Action::ToggleTextSearch, Action::Insert('x')]);
    assert_eq!(screen(&draw(&app))[1].trim_end(), "  indexing the text… 45%                │ nothing selected");
    act(&mut app, [Event::Text(TextEvent::Indexed { articles: 1000 })]);
    let footer = &screen(&draw(&app))[9];
    assert!(footer.ends_with(" 1 skipped (F1)") && !footer.contains("indexing"), "{footer}");
    // F1 lists the files skipped, at the end of the help.
    act(&mut app, [Action::ToggleHelp, Action::Scroll(Direction::Down, Amount::All)]);
    let lines = screen(&draw(&app)).join("\n");
    assert!(lines.contains("Skipped (1)") && lines.contains("skipped 'x.txt': binary file"), "{lines}");
}

#[test]
fn a_frame_of_another_size_shows_the_apps_own_layout() {
    // The terminal may be resized between the app's last resize and the next draw.
    let app = seed_app(120, 40);
    let expected = screen(&draw(&app));
    for (columns, rows) in [(100, 30), (150, 50), (10, 3)] {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(columns, rows)).unwrap();
        terminal.draw(|frame| folio::ui::render(&app, frame)).unwrap();
        let lines = screen(terminal.backend().buffer());
        for (y, line) in lines.iter().enumerate() {
            let want: String =
                expected.get(y).map_or(String::new(), |l| l.chars().take(usize::from(columns)).collect());
            assert_eq!(line.trim_end(), want.trim_end(), "row {y} at {columns}x{rows}");
        }
        assert!(!lines.iter().any(|l| l.contains("reading…")), "the reader shows its text, not \"reading…\"");
    }
}

#[test]
fn the_reader_names_a_guessed_encoding_and_flags_replaced_bytes() {
    let dir = scratch("screen-encodings");
    std::fs::write(dir.join("a.txt"), b"Caf\xe9 cr\xe8me prices\n\nA cr\xe8me br\xfbl\xe9e for \xa35.").unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "Über café\n\nBody – with one stray byte: ".bytes().chain([0xa3]).collect::<Vec<_>>(),
    )
    .unwrap();
    let mut app = app(load(dir.to_path_buf()), 100, 20);
    let lines = screen(&draw(&app));
    assert!(lines[1].contains("│ Café crème prices"), "{lines:#?}");
    let reader = |line: &String| line.split_once('│').map(|(_, r)| r.trim_end().to_owned()).unwrap_or_default();
    assert_eq!(reader(&lines[2]), " 5 words · 1 min read · decoded as windows-1252 · a");
    act(&mut app, [Action::Select(Direction::Down, Amount::Line)]);
    let lines = screen(&draw(&app));
    assert!(lines[1].contains("│ Über café"), "{lines:#?}");
    assert_eq!(reader(&lines[2]), " 7 words · 1 min read · invalid bytes replaced · b");
}

#[test]
fn html_entities_left_in_scraped_text_are_decoded() {
    let Some(arabic) = corpus("saudinewsnet-ar") else { return };
    let article = common::read_as_the_reader_does(&arabic, "sabq/006");
    let text = article.texts().collect::<Vec<_>>().join("\n");
    assert!(!text.contains("&quot;") && !text.contains("&amp;"), "{text}");
    let raw = std::fs::read_to_string(arabic.join("sabq/006.txt")).unwrap();
    let quoted = raw.matches("&quot;").count();
    assert!(quoted > 0 && text.matches('"').count() >= quoted, "each &quot; became a quote mark");
}

#[test]
fn every_script_of_the_corpora_is_listed_and_read() {
    let (Some(arabic), Some(wikipedia)) = (corpus("saudinewsnet-ar"), corpus("wikipedia-7lang")) else { return };
    let folders = [arabic].into_iter().chain(["bn", "el", "hy", "ja", "mr", "uk", "vi"].map(|l| wikipedia.join(l)));
    for folder in folders {
        let catalog = load(folder.clone());
        let title = catalog.read().unwrap().title(0).into_owned();
        for (columns, rows) in [(120, 40), (60, 20), (30, 8)] {
            let mut app = app(catalog.clone(), columns, rows);
            let lines = screen(&draw(&app));
            // The title's start: on the left, or drawn last, on the right, when it reads right to left.
            let rtl = folio::bidi::is_rtl(&title);
            let shown: Vec<char> = folio::bidi::visual(&title, rtl).chars().collect();
            let start: String =
                if rtl { shown[shown.len() - 4..].iter().collect() } else { shown[..4].iter().collect() };
            assert!(lines[1].starts_with("> ") && lines[1].contains(&start), "{}: {:?}", folder.display(), lines[1]);
            assert!(!lines.iter().any(|l| l.contains("reading…")), "{}", folder.display());
            act(&mut app, [Action::Open, Action::Scroll(Direction::Down, Amount::All)]);
            let lines = screen(&draw(&app));
            assert!(lines[usize::from(rows) - 1].ends_with("at 100%"), "{}: {:?}", folder.display(), lines.last());
        }
    }
}

#[test]
fn japanese_reads_by_characters_and_breaks_between_them() {
    let Some(wikipedia) = corpus("wikipedia-7lang") else { return };
    let article = common::read_as_the_reader_does(&wikipedia, "ja/096");
    let meta = article.size.describe();
    // Some 15,000 characters in Japanese runs: over half an hour, not the 6 minutes its 1,164
    // space-separated "words" gave.
    let (count, time) = meta.split_once(" characters · ").unwrap_or_else(|| panic!("{meta}"));
    assert!(count.contains(',') && count.replace(',', "").parse::<usize>().unwrap() > 12_000, "{meta}");
    let minutes: usize = time.trim_end_matches(" min read").parse().unwrap_or_else(|_| panic!("{meta}"));
    assert!((30..=45).contains(&minutes), "{meta}");
    let page = folio::page::Page::new(&article, 40);
    assert_eq!(page.lines[1].text, format!("{meta} · ja/096"));
    let body: Vec<&str> =
        page.lines.iter().filter(|l| l.kind == folio::page::LineKind::Body).map(|l| l.text.as_str()).collect();
    assert!(body.len() > 500);
    // Cut anywhere, some of these 1,000 lines would start with closing punctuation.
    let closing = ['）', '」', '』', '、', '。', '・', 'ー'];
    assert!(body.iter().all(|l| !l.starts_with(closing)), "no line starts with closing punctuation");
}

#[test]
fn preformatted_text_keeps_its_lines_and_dims_continuation_marks() {
    let dir = scratch("screen-preformatted");
    let man = "LS(1)\n\nNAME\n       ls - list directory contents\n\nSYNOPSIS\n       ls [OPTION]... [FILE]...\n\n\
               DESCRIPTION\n       List information about the FILEs (the current directory by default). Sort entries \
               alphabetically if none of -cftuvSUX nor --sort is specified.\n\n       \
               -c     with -lt: sort by, and show, ctime (time of last modification of file status information)\n";
    std::fs::write(dir.join("ls.txt"), man).unwrap();
    let mut app = app(load(dir.to_path_buf()), 60, 24);
    act(&mut app, [Action::Open, Action::ToggleList]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    let reader: Vec<&str> = lines[10..].iter().map(|l| l.trim_end()).collect();
    assert_eq!(reader[4..9], [" NAME", "", "        ls - list directory contents", "", " SYNOPSIS"], "{reader:#?}");
    act(&mut app, [Action::Scroll(Direction::Down, Amount::Page)]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    let reader: Vec<&str> = lines[10..].iter().map(|l| l.trim_end()).collect();
    // The description is prose: it reflows at its indentation, no continuation marks.
    let description = reader.iter().position(|l| l.starts_with("        List information")).expect("{reader:#?}");
    assert!(reader[description + 1].starts_with("        ") && !reader[description + 1].contains('↪'), "{reader:#?}");
    let row = reader.iter().position(|l| l.contains('↪')).expect("a continuation") + 10;
    let x = lines[row].chars().position(|c| c == '↪').unwrap() as u16;
    assert!(buffer[(x, row as u16)].modifier.contains(ratatui::style::Modifier::DIM));
    assert!(lines[row - 1].starts_with("        -c     with -lt"), "columns kept: {:?}", lines[row - 1]);
}

#[test]
fn the_raw_view_shows_the_files_lines_and_scrolls_sideways() {
    let dir = scratch("screen-raw");
    let text = "Raw title\n\nA paragraph that was\nhard-wrapped by its author.\n\n    indented | 0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz END\n";
    std::fs::write(dir.join("a.txt"), text).unwrap();
    let mut app = app(load(dir.to_path_buf()), 60, 20);
    act(&mut app, [Action::Open, Action::ToggleList, Action::ToggleRaw]);
    let lines = screen(&draw(&app));
    let reader: Vec<&str> = lines[8..19].iter().map(|l| l.trim_end()).collect();
    assert_eq!(
        reader[..6],
        [
            " Raw title",
            "",
            " A paragraph that was",
            " hard-wrapped by its author.",
            "",
            "     indented | 0123456789abcdefghijklmnopqrstuvwxyz01234567"
        ]
    );
    assert!(lines[19].ends_with("raw · at 100%"), "{:?}", lines[19]);
    let right = Action::Pan(folio::action::Side::Right);
    act(&mut app, [right, right, right]);
    let lines = screen(&draw(&app));
    assert!(lines[13].trim_end().ends_with("uvwxyz END"), "scrolled to the end: {:?}", lines[13]);
    act(&mut app, [Action::ToggleRaw]);
    let lines = screen(&draw(&app));
    assert_eq!(lines[12].trim_end(), " A paragraph that was hard-wrapped by its author.", "the reading layout again");
}

#[test]
fn text_search_lists_snippets_and_opens_at_the_first_hit() {
    let Some(_) = corpus("bbc") else { return };
    let mut app = app(load("../shared/corpora/bbc".into()), 100, 30);
    act(&mut app, [Action::ToggleTextSearch]);
    // The space after the last word: the words and their forms ("downloads", "downloading"),
    // not the longer words they start.
    act(&mut app, typed("music download "));
    let buffer = draw(&app);
    let lines = screen(&buffer);
    // The prompt says which search; the count is of every article that matches.
    assert_eq!(lines[0], format!("text> music download{}63/2226", " ".repeat(73)));
    assert_eq!(lines[1].split('│').next().unwrap(), "> Help for indies in do…  entertainment ");
    // Under each title: its hit count and a snippet, its hits highlighted, the rest dimmed.
    // The first hit whole in view with some of what follows, the snippet's start giving way.
    assert_eq!(lines[2].split('│').next().unwrap(), "    14 hits  … for downloading music.…  ");
    let at = |row: usize, x: u16| &buffer[(x, row as u16)];
    assert!(at(2, 15).modifier.contains(Modifier::DIM), "the rest is dimmed");
    assert_eq!((at(2, 31).symbol(), at(2, 30).symbol()), ("m", " "));
    for x in (19..30).chain(31..36) {
        assert!(at(2, x).modifier.contains(Modifier::BOLD | Modifier::UNDERLINED), "'downloading music' are hits");
    }
    assert!(!at(2, 30).modifier.contains(Modifier::UNDERLINED), "not the space between them");
    assert_eq!(lines[3].split('│').next().unwrap(), "  Download chart debut…   entertainment ");
    assert_snapshot!("bbc_text_search_100x30", lines.join("\n"));
    // Reading it: every hit highlighted, the first current (the title's "download"), counted.
    act(&mut app, [Action::Open]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    assert!(lines[29].ends_with("1/14 · at 100%"), "{:?}", lines[29]);
    let title = 1;
    let x = lines[title].rfind("download").map(|at| lines[title][..at].chars().count() as u16).unwrap();
    assert!(at(title, x).modifier.contains(Modifier::REVERSED), "the current hit");
    act(&mut app, [Action::FindHit(Direction::Down)]);
    let lines = screen(&draw(&app));
    assert!(lines[29].ends_with("2/14 · at 100%"), "{:?}", lines[29]);
    // No result: nothing shown, so nothing to say of hits.
    act(&mut app, [Action::Back]);
    act(&mut app, typed("qzx"));
    let lines = screen(&draw(&app));
    assert!(lines[1].trim_end().ends_with("│ nothing selected"), "{:?}", lines[1]);
    assert!(!lines[29].contains("not found") && !lines[29].contains("/14"), "{:?}", lines[29]);
    act(&mut app, [Action::Delete(folio::action::Deletion::Back); 3]);
    // Back to title search: the words are no longer looked for.
    act(&mut app, [Action::ToggleTextSearch]);
    let lines = screen(&draw(&app));
    assert!(lines[0].starts_with("> music download "), "{:?}", lines[0]);
    assert!(app.find.is_none());
}

#[test]
fn hits_are_highlighted_in_right_to_left_lines_and_keep_their_marks() {
    let dir = common::scratch("screen-rtl-hits");
    let text = "عنوان\n\nهذا نص عربي عن السوق الكبير.\n\nThe letter x\u{303} is rare.\n";
    std::fs::write(dir.join("a.txt"), text).unwrap();
    let mut app = app(load(dir.to_path_buf()), 100, 20);
    act(&mut app, [Action::Open, Action::Find]);
    act(&mut app, typed("السوق"));
    act(&mut app, [Action::Open]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    // Drawn right to left: the word's letters in display order, every one the current hit.
    let row = lines.iter().position(|l| l.contains("قوسلا")).expect("the line in display order");
    let x = lines[row].find("قوسلا").map(|at| lines[row][..at].chars().count() as u16).unwrap();
    for dx in 0..5 {
        assert!(buffer[(x + dx, row as u16)].modifier.contains(Modifier::REVERSED), "letter {dx} of the hit");
    }
    assert!(!buffer[(x + 6, row as u16)].modifier.contains(Modifier::REVERSED), "the next word is not");
    // A combining mark right after a hit stays on its letter, highlighted with it.
    act(&mut app, [Action::Find]);
    act(&mut app, typed("x"));
    act(&mut app, [Action::Open]);
    let buffer = draw(&app);
    let cell = buffer.content.iter().find(|c| c.symbol().contains('\u{303}')).expect("the tilde drawn");
    assert_eq!(cell.symbol(), "x\u{303}");
    assert!(cell.modifier.intersects(Modifier::REVERSED | Modifier::UNDERLINED), "a hit: {cell:?}");
}

#[test]
fn rows_show_what_is_remembered_of_their_articles() {
    use folio::state::{Memory, State};
    let mut memory = Memory::new(State::default());
    let store = "seeds-test".to_owned();
    let id = seed_app(100, 20).catalog.read().unwrap().id(0).to_owned();
    memory.update_article(&store, &id, |a| (a.progress, a.starred) = (42, true));
    let mut app = seed_app(100, 20);
    app.remember(memory, store.clone());
    let lines = screen(&draw(&app));
    assert!(lines[1].contains("Links Fo") && lines[1].contains(" ★ 42% │"), "{}", lines[1]);
    act(&mut app, [Action::ToggleRead]);
    let lines = screen(&draw(&app));
    assert!(lines[1].contains(" ★ read │"), "{}", lines[1]);
    act(&mut app, [Action::ToggleStar, Action::ToggleRead]);
    let row = &screen(&draw(&app))[1];
    assert!(row.contains(" 42% │") && !row.contains('★'), "unread again, no star, its progress: {row}");
    assert!(!app.remembered.memory.article(&store, &id).read);
}

#[test]
fn markdown_reads_as_glow_shows_it_and_the_outline_lists_its_headings() {
    let dir = scratch("screen-markdown");
    let note = "---\ntitle: Field notes\ntags: [rust, tui]\n---\n\n\
        Some **bold** and *slanted* words, `code`, and [a link](https://example.com).\n\n\
        ## Lists\n\n- one\n  - nested\n- [x] done\n\n> A quote\n> > within a quote\n\n\
        ## Table\n\n| Key | Does |\n|-----|------|\n| t | the outline |\n\n### Deeper\n\n```sh\ncargo run --release\n```\n\n";
    let note = format!("{note}{}", "More words after the code.\n\n".repeat(30));
    std::fs::write(dir.join("notes.md"), note).unwrap();
    let mut app = app(load(dir.to_path_buf()), 60, 30);
    act(&mut app, [Action::Open]);
    let buffer = draw(&app);
    let lines = screen(&buffer);
    let reader: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    assert_eq!(
        reader[5..29],
        [
            "",
            " Some bold and slanted words, code, and a link",
            " https://example.com.",
            "",
            " Lists",
            "",
            " • one",
            "   ◦ nested",
            " • [x] done",
            "",
            " │ A quote",
            " │",
            " │ │ within a quote",
            "",
            " Table",
            "",
            " Key │ Does",
            " ────┼────────────",
            " t   │ the outline",
            "",
            " Deeper",
            "",
            " cargo run --release",
            "",
        ][..],
        "{reader:#?}"
    );
    let style_of = |row: usize, word: &str| {
        let x = lines[row].find(word).map(|at| lines[row][..at].chars().count()).unwrap() as u16;
        buffer[(x, row as u16)].modifier
    };
    assert_eq!(
        reader[..4],
        [
            ">                                                        1/1",
            " Field notes",
            " #rust #tui",
            " 179 words · 1 min read · notes"
        ]
    );
    assert!(style_of(6, "bold").contains(Modifier::BOLD));
    assert!(style_of(6, "slanted").contains(Modifier::ITALIC));
    assert!(style_of(6, "a link").contains(Modifier::UNDERLINED));
    assert!(style_of(7, "https").contains(Modifier::DIM), "the target dimmed");
    assert!(style_of(6, "code").contains(Modifier::REVERSED), "code in mono: reversed and dim");
    assert!(
        !style_of(6, "Some").intersects(Modifier::BOLD | Modifier::ITALIC | Modifier::REVERSED),
        "plain words plain"
    );
    assert!(style_of(9, "Lists").contains(Modifier::BOLD));
    assert!(style_of(11, "•").contains(Modifier::DIM), "bullets and bars are layout, drawn dim");
    // The outline: every heading, indented by level, the section read selected.
    act(&mut app, [Action::Outline]);
    let lines = screen(&draw(&app));
    let outline: Vec<&str> = lines[12..18].iter().map(|l| l.trim_end()).collect();
    assert_eq!(
        outline,
        [
            "  ┌ Outline ─────────────────────────────────────────────┐",
            " •│ >                                                    │",
            "  │ > Lists                                              │",
            " ││   Table                                              │",
            " ││     Deeper                                           │",
            " │└ 3 headings ──────────────────────────────────────────┘",
        ],
        "{lines:#?}"
    );
    act(&mut app, "dep".chars().map(Action::Insert).chain([Action::Open]));
    let lines = screen(&draw(&app));
    assert_eq!(lines[1].trim_end(), " Deeper", "{lines:#?}");
    assert!(lines[29].contains("§ Deeper"), "the footer names the section: {:?}", lines[29]);
    // With hyperlinks on (a terminal's default), the link's words are an OSC 8 link, cell by
    // cell, each as wide as what it draws.
    act(&mut app, [Action::Scroll(Direction::Up, Amount::All)]);
    app.config.hyperlinks = true;
    let buffer = draw(&app);
    let row = screen(&buffer).iter().position(|l| l.contains("code, and ")).expect("the link on screen");
    let cells: Vec<&ratatui::buffer::Cell> = (0..60).map(|x| &buffer[(x, row as u16)]).collect();
    let linked: Vec<&str> = cells.iter().map(|c| c.symbol()).filter(|s| s.starts_with("\x1b]8;;")).collect();
    assert_eq!(linked.len(), "a link".len(), "{linked:?}");
    assert_eq!(linked[0], "\x1b]8;;https://example.com\x1b\\a\x1b]8;;\x1b\\");
    assert_eq!(cells[1].symbol(), "S", "the other cells stay plain");
}

#[test]
fn a_right_to_left_cell_reads_right_to_left_in_its_own_column() {
    let dir = scratch("screen-rtl-table");
    let note = "# Capitals\n\n| City | Note |\n|---|---|\n| القاهرة | عاصمة مصر |\n| Tokyo | 東京 |\n";
    std::fs::write(dir.join("capitals.md"), note).unwrap();
    let mut app = app(load(dir.to_path_buf()), 60, 20);
    act(&mut app, [Action::Open]);
    let lines = screen(&draw(&app));
    let rows: Vec<&str> = lines.iter().map(|l| l.trim_end()).filter(|l| l.contains('│')).collect();
    let cairo = format!(" {} │ {}", folio::bidi::visual("القاهرة", true), folio::bidi::visual("عاصمة مصر", true));
    assert_eq!(rows, [" City    │ Note", cairo.as_str(), " Tokyo   │ 東京"], "{lines:#?}");
}

#[test]
fn a_selection_a_highlight_and_the_note_prompt_as_drawn() {
    use folio::action::Motion;
    use folio::highlight::Colour;
    let mut app = seed_app(80, 16);
    act(&mut app, [Action::Open, Action::Selection]);
    act(&mut app, [Action::Move(Motion::Word(Direction::Down)), Action::Move(Motion::Word(Direction::Down))]);
    let selecting = screen(&draw(&app));
    assert_eq!(selecting[15], "y copy  a highlight  n note  Esc done  F1 help        10 chars selected · at 31%");
    act(&mut app, [Action::Move(Motion::Char(Direction::Up)), Action::Highlight(Colour::Blue)]);
    // The highlight's mark in the margin, left of its words; its words underlined (mono).
    let buffer = draw(&app);
    let lines = screen(&buffer);
    let row = lines.iter().position(|l| l.contains("The Sony picture hacking")).unwrap();
    assert!(lines[row].starts_with("~The Sony picture hacking"), "{}", lines[row]);
    let underlined: String = (0..80)
        .filter(|&x| buffer[(x, row as u16)].modifier.contains(Modifier::UNDERLINED))
        .map(|x| buffer[(x, row as u16)].symbol().to_owned())
        .collect();
    assert_eq!(underlined, "The Sony", "the space between its words too");
    act(&mut app, [Action::Selection, Action::Note]);
    act(&mut app, typed("who did it?"));
    let noting = screen(&draw(&app));
    assert_eq!(noting[15].trim_end(), "note: who did it?");
    act(&mut app, [Action::Open, Action::Selection]);
    let on_it = screen(&draw(&app));
    assert!(on_it[15].ends_with("✎ who did it? · at 31%"), "{}", on_it[15]);
    assert_snapshot!("highlight_80x16", on_it.join("\n"));
}
