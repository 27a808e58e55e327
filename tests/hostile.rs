//! Hostile input: what reaches the terminal is text only, and bad files never stop a load.

mod common;

use folio::action::Action;
use folio::app::{App, Event, Loading};
use folio::config::Config;
use folio::store::{self, Article, Fetched};
use folio::testing::{catalog_of, update_inline};
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::process::Command;

/// Escape sequences of every kind, plain CSI (clear screen, scroll region, cursor save and
/// restore, leaving the alternate screen) included, and invisible or bidi characters.
const HOSTILE: &str = "Evil \x1b]0;pwned\x07 \x1b]52;c;cHduZWQ=\x1b\\ \x1b]8;;http://e.vil\x1b\\link\x1b]8;;\x1b\\ \
    \x1bP+q\x1b\\ \x1b_apc\x1b\\ \x1b^pm\x1b\\ \x1bXsos\x1b\\ \u{9b}2J \u{9d}0;c1\u{9c} \u{90}dcs\u{9c} \x07\x08\x7f \
    \x1b[2J\x1b[1;5r\x1b7\x1b8\x1b[s\x1b[u\x1b[?1049l\x1b[3J\x1bc \
    \u{202e}rtl\u{2066}iso\u{2069} zero\u{200b}width \u{feff}bom soft\u{ad}hyphen tag\u{e0041}s end";

/// The bytes folio's screen makes a real terminal receive: the list, then the reader.
fn terminal_bytes(mut app: App) -> Vec<u8> {
    update_inline(&mut app, [Event::Resize(100, 30)]);
    let options = TerminalOptions { viewport: Viewport::Fixed(Rect::new(0, 0, 100, 30)) };
    let written = Written::default();
    let mut terminal = Terminal::with_options(CrosstermBackend::new(written.clone()), options).unwrap();
    terminal.draw(|frame| folio::ui::render(&app, frame)).unwrap();
    update_inline(&mut app, [Action::Open]);
    terminal.draw(|frame| folio::ui::render(&app, frame)).unwrap();
    drop(terminal);
    written.0.borrow().clone()
}

/// The bytes drawn for an article of this title and body, built in memory. (`None` for text
/// with a NUL byte: that is a binary file, never shown.)
fn article_bytes(title: &str, body: &str) -> Option<Vec<u8>> {
    let text = format!("{title}\n\n{body}");
    let article = Article::from_bytes("evil".into(), "evil.txt".into(), text.as_bytes(), false).ok()?;
    let catalog = catalog_of(std::slice::from_ref(&article.title));
    let first = catalog.article(0);
    let mut app = App::new(catalog.shared(), Loading { found: 1, done: true }, Config::default());
    let _ = app.update([Event::Fetched(Box::new(Fetched { article: first, result: Ok(article) }))]);
    Some(terminal_bytes(app))
}

/// What the backend writes, kept for inspection.
#[derive(Clone, Default)]
struct Written(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Written {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Only the sequences folio's drawing emits may be written: SGR attributes (`ESC[…m`), cursor
/// positions (`ESC[row;colH`) and showing or hiding the cursor; no other control byte.
fn assert_only_text_and_drawing(bytes: &[u8]) {
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8 out");
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            assert_eq!(chars.next(), Some('['), "ESC not starting a CSI in {text:?}");
            let mut sequence = String::new();
            while let Some(c) = chars.next_if(|c| c.is_ascii_digit() || *c == ';' || *c == '?') {
                sequence.push(c);
            }
            let end = chars.next().expect("a CSI ends");
            let allowed = match end {
                'm' => !sequence.contains('?'),
                'H' => sequence.split(';').count() == 2 && !sequence.contains('?'),
                'h' | 'l' => sequence == "?25",
                _ => false,
            };
            assert!(allowed, "folio never writes ESC[{sequence}{end}: {text:?}");
        } else {
            assert!(!c.is_control() || c == '\n' || c == '\r', "control {c:?} written");
            assert!(
                !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}' | '\u{ad}')
            );
        }
    }
}

#[test]
fn escape_sequences_in_titles_and_bodies_never_reach_the_terminal() {
    let bytes = article_bytes(HOSTILE, HOSTILE).unwrap();
    assert_only_text_and_drawing(&bytes);
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("pwned") && !text.contains("cHduZWQ") && !text.contains("e.vil"), "{text}");
    assert!(text.contains("Evil"), "the text itself is shown");
}

#[test]
fn escape_sequences_in_file_names_never_reach_the_terminal() {
    // An empty file takes its name, that is its id, as its title: the id is drawn.
    let dir = scratch("names");
    let name = "evil \x1b[2J\x1b]0;pwned\x07\x1b7name\u{9b}1;5r\u{202e}x.txt";
    std::fs::write(dir.join(name), "").unwrap();
    let (catalog, warnings) = store::load_catalog(store::origins_for(&[dir.to_path_buf()]), Default::default());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(catalog.read().unwrap().id(0), "evil namex");
    let bytes = terminal_bytes(App::new(catalog, Loading { found: 1, done: true }, Config::default()));
    assert_only_text_and_drawing(&bytes);
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("evil namex") && text.contains("empty file"), "the name is drawn, as title: {text}");
    assert!(!text.contains("pwned"), "{text}");
}

#[test]
fn escape_sequences_written_as_entities_are_decoded_then_removed() {
    // Entities decoded after sanitizing would bring ESC, CSI and BEL back: `&#27;` is ESC.
    let evil = "Evil &#27;]0;pwned&#7; &#155;31mred&#x1b;[2J &#x9b;1;5r &#8238;x";
    let dir = scratch("entities");
    let store_dir = dir.join("store");
    std::fs::create_dir(&store_dir).unwrap();
    // A long first line takes the title's slow path; a short one the fast one.
    std::fs::write(store_dir.join("a.txt"), format!("{evil}\n\nBody {evil}.\n\n\n\nEnd {evil}\n")).unwrap();
    std::fs::write(store_dir.join("b.txt"), format!("Ünïcode {evil} {}\n\nBody.\n", "x".repeat(9000))).unwrap();
    // Markdown: in front matter, a link's target, an image's alt, code, HTML and a table.
    let markdown = format!(
        "---\ntitle: {evil}\ntags: [{evil}]\n---\n\n[{evil}]({evil}) ![{evil}]({evil}) `{evil}`\n\n<div>{evil}</div>\n\n| {evil} |\n|---|\n| {evil} |\n\n```{evil}\n{evil}\n```\n"
    );
    std::fs::write(store_dir.join("m.md"), markdown).unwrap();
    let line = serde_json::json!({"id": "j", "title": evil, "paragraphs": [format!("P {evil}")], "trailer": [evil]});
    let blocks = serde_json::json!({"id": "k", "title": "k", "format": 1, "meta": {"tags": [evil]}, "blocks": [
        {"kind": "heading", "level": 9, "text": {"text": evil}},
        {"kind": "paragraph", "text": {"text": evil, "spans": [{"start": 0, "end": 999, "style": "link", "target": evil}]}},
        {"kind": "list", "items": [{"blocks": [{"kind": "preformatted", "language": evil, "lines": [evil]}]}]},
        {"kind": "image", "alt": evil, "source": evil}
    ]});
    std::fs::write(dir.join("j.jsonl"), format!("{line}\n{blocks}\n")).unwrap();
    let clean = |text: &str, what: &str| {
        assert!(!text.contains(['\u{1b}', '\u{9b}', '\u{7}', '\u{202e}']), "{what}: {text:?}");
    };
    for root in [store_dir.clone(), dir.join("j.jsonl")] {
        let (catalog, _) = store::load_catalog(store::origins_for(&[root]), Default::default());
        let count = catalog.read().unwrap().len();
        assert!(count > 0);
        for index in 0..count {
            clean(&catalog.read().unwrap().title(index), "a listed title");
            let article = store::read_article(&catalog, index).unwrap();
            clean(&article.title, "a title");
            article.texts().chain(article.trailer().iter().cloned()).for_each(|t| clean(&t, "text"));
            article.lines.iter().for_each(|t| clean(t, "a raw line"));
            // Every string of the typed document, link targets and code languages included.
            let (title, meta, blocks) = (article.title.clone(), article.meta.clone(), article.blocks.clone());
            folio::testing::assert_document_is_clean(&folio::document::Document { title, meta, blocks });
            for width in [1, 7, 40] {
                let page = folio::page::Page::new(&article, width);
                page.lines.iter().for_each(|l| clean(&l.text, "a page line"));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn whatever_the_text_only_text_and_csi_are_written(title in "\\PC{0,40}|[\\x00-\\x1f\\x7f-\\x9f]{0,20}", body in any::<String>()) {
        if let Some(bytes) = article_bytes(&title, &body) {
            assert_only_text_and_drawing(&bytes);
        }
    }

    #[test]
    fn render_never_panics_at_any_size_for_any_article(columns in 0u8..=120, rows in 0u8..=40, text in any::<Vec<u8>>()) {
        folio::fuzzing::render(&[[columns, rows].as_slice(), &text].concat());
    }

    #[test]
    fn any_web_page_reads_clean_of_controls_at_every_width(
        page in "(<(p|div|h[1-6]|pre|blockquote|ul|ol|li|table|tr|td|th|a href=\"[ -~]{0,8}\"|img alt=\"[^\"]{0,8}\"|b|em|code|script|nav|br|hr)>|</(p|div|ul|li|table|tr|td|a|b|script|pre)>|[^<]{0,12}|&#[0-9]{1,3};|\u{202e}|\u{1b}\\[2J){0,40}",
    ) {
        folio::fuzzing::html(page.as_bytes());
    }

    #[test]
    fn wide_and_combining_text_wraps_to_exactly_what_is_drawn(
        columns in 0u8..=120,
        text in "([a-z]{1,12}|[日本語한국]{1,6}|\u{2764}\u{fe0f}|e\u{301}|\u{301}|\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}|\u{1f1ef}\u{1f1f5}| |\n){0,60}",
    ) {
        folio::fuzzing::render(&[[columns, 30].as_slice(), text.as_bytes()].concat());
    }
}

fn scratch(name: &str) -> common::Scratch {
    common::scratch(&format!("hostile-{name}"))
}

#[test]
fn fifos_and_loops_are_skipped_folders_named_txt_searched_and_the_rest_loads() {
    let dir = scratch("kinds");
    std::fs::write(dir.join("good.txt"), "Good\n\nBody.").unwrap();
    assert!(Command::new("mkfifo").arg(dir.join("fifo.txt")).status().unwrap().success());
    std::os::unix::fs::symlink(dir.join("loop-b.txt"), dir.join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("loop-a.txt"), dir.join("loop-b.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.txt")).unwrap();
    std::fs::create_dir(dir.join("folder.txt")).unwrap();
    std::fs::write(dir.join("folder.txt/inner.txt"), "Inner\n\nBody.").unwrap();
    let (catalog, warnings) = store::load_catalog(store::origins_for(&[dir.to_path_buf()]), Default::default());
    let ids: Vec<String> =
        (0..catalog.read().unwrap().len()).map(|i| catalog.read().unwrap().id(i).to_owned()).collect();
    assert_eq!(ids, ["folder.txt/inner", "good"], "no hang on the FIFO or /dev/zero; a folder is a folder");
    let mut reasons: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    reasons.sort();
    let name = |n: &str| dir.join(n).display().to_string();
    assert_eq!(
        reasons,
        [
            format!("skipped '{}': not a regular file", name("fifo.txt")),
            format!("skipped '{}': Too many levels of symbolic links (os error 40)", name("loop-a.txt")),
            format!("skipped '{}': Too many levels of symbolic links (os error 40)", name("loop-b.txt")),
            format!("skipped '{}': not a regular file", name("zero.txt")),
        ]
    );
}

#[test]
fn a_file_deleted_during_the_load_is_skipped_with_a_warning() {
    let dir = scratch("deleted");
    std::fs::write(dir.join("gone.txt"), "Gone\n\nBody.").unwrap();
    let (sources, _) = store::discover(&dir);
    std::fs::remove_file(dir.join("gone.txt")).unwrap();
    let warning = store::read_title(&sources[0]).unwrap_err();
    assert_eq!(warning.reason, "No such file or directory (os error 2)");
}

#[test]
fn a_100_mb_article_opens_truncated_with_a_marker() {
    let dir = scratch("huge");
    let path = dir.join("huge.txt");
    let paragraph = "word ".repeat(2_000) + "\n\n";
    let mut text = String::from("Huge\n\n");
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(&paragraph);
    }
    std::fs::write(&path, &text).unwrap();
    let article = store::read_file_article("huge", &path, &store::Evidence::Alone).unwrap();
    assert!(article.flags.truncated);
    let kept: usize = article.texts().map(|t| t.len()).sum();
    assert!(kept <= store::MAX_ARTICLE_BYTES as usize, "memory is bounded: {kept} bytes kept");
    let page = folio::page::Page::new(&article, 80);
    assert!(page.lines.iter().any(|l| l.text == "[truncated]"));
    assert!(page.lines[1].text.ends_with("· truncated · huge"), "{}", page.lines[1].text);
    let shown = Command::new(env!("CARGO_BIN_EXE_folio"))
        .args(["show", "huge", dir.to_str().unwrap()])
        .env("XDG_CACHE_HOME", dir.as_path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&shown.stdout).ends_with("\n\n[truncated]\n"));
}

#[test]
fn a_1_mb_word_and_a_long_url_are_broken_to_the_width() {
    let word = "x".repeat(1024 * 1024);
    let lines = folio::wrap::wrap(&word, 80);
    assert_eq!(lines.len(), (1024 * 1024usize).div_ceil(80));
    assert!(lines.iter().all(|l| l.len() <= 80));
    let url = format!("https://example.com/{}", "a/b?c=d&".repeat(625));
    let lines = folio::wrap::wrap(&format!("see {url} now"), 60);
    assert!(lines.iter().all(|l| folio::width::display_width(l) <= 60));
    assert_eq!(lines.concat().replace(' ', ""), format!("see{url}now"));
}

#[test]
fn an_unreadable_file_is_skipped_for_an_unprivileged_user() {
    let is_root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout == b"0\n");
    let runuser = Command::new("runuser").arg("--help").output().is_ok();
    if !is_root || !runuser {
        common::missing("root and runuser (to act as an unprivileged user)");
        return;
    }
    let dir = scratch("unreadable");
    std::fs::write(dir.join("open.txt"), "Open\n\nBody.").unwrap();
    std::fs::write(dir.join("closed.txt"), "Closed\n\nBody.").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir.join("open.txt"), std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(dir.join("closed.txt"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // The binary is copied where `nobody` may run it.
    let binary = dir.join("folio");
    std::fs::copy(env!("CARGO_BIN_EXE_folio"), &binary).unwrap();
    std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).unwrap();
    let output = Command::new("runuser")
        .args(["-u", "nobody", "--"])
        .arg(&binary)
        .args(["list", dir.to_str().unwrap()])
        .env("XDG_CACHE_HOME", dir.as_path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stdout), "open\tOpen\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, format!("folio: skipped '{}/closed.txt': Permission denied (os error 13)\n", dir.display()));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn the_check_refuses_every_sequence_folio_never_writes() {
    assert_only_text_and_drawing(b"\x1b[1;2H\x1b[0;1;4m text \x1b[?25l\x1b[?25h");
    for leak in ["\x1b[2J", "\x1b[1;5r", "\x1b[s", "\x1b[u", "\x1b[?1049l", "\x1b7", "\x1b]0;t\x07", "\x1b[5A", "\x07"]
    {
        let refused = std::panic::catch_unwind(|| assert_only_text_and_drawing(format!("ok {leak} ok").as_bytes()));
        assert!(refused.is_err(), "{leak:?} passed the check");
    }
}
