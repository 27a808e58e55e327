//! The fuzz targets' bodies, run by fuzz/ under libFuzzer and replayed by tests/fuzz_corpus.rs.

use crate::action::{Action, Amount, Direction};
use crate::app::{App, Event, Loading};
use crate::config::Config;
use crate::page::Page;
use crate::store::sanitize::sanitize;
use crate::store::{self, Article, Fetched, index, jsonl};
use crate::testing::catalog_of;
use crate::width::display_width;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use std::path::Path;

/// Arbitrary file bytes through the decoder, sanitizer and article parser.
pub fn decode_parse(data: &[u8]) {
    if let Ok(decoded) = store::decode(data, true) {
        let clean = sanitize(&decoded.text);
        assert_eq!(sanitize(&clean), clean, "sanitizing twice changes nothing");
        assert!(clean.chars().all(|c| c == '\n' || !c.is_control()), "no control survives");
        let parsed = store::parse(&decoded.text, &store::Evidence::Alone);
        assert!(!parsed.title.contains('\n'));
        assert_eq!(store::title_of(&decoded.text).unwrap_or_default(), parsed.title);
        let markdown = store::markdown::parse(&decoded.text);
        assert!(!markdown.title.contains('\n'));
        assert!(markdown.title.chars().all(|c| !c.is_control()), "a Markdown title is clean");
    }
    let _ = store::decode(data, false);
    let _ = Article::from_bytes("fuzz".into(), "fuzz.txt".into(), data, false);
}

/// Arbitrary bytes as a JSON Lines store, a JSON article and a title index.
pub fn readers(data: &[u8]) {
    let _ = jsonl::parse_article(data);
    let mut lines = 0;
    let _ = jsonl::read_heads_from(data, Path::new("fuzz.jsonl"), |batch| {
        lines += batch.len();
        std::ops::ControlFlow::Continue(())
    });
    assert!(lines <= data.split(|&b| b == b'\n').count());
    let _ = index::parse(data, b"/fuzz");
    // With a valid checksum the parser gets past the first check and reads the fields.
    let mut summed = data.to_vec();
    summed.extend(index::checksum(data));
    let _ = index::parse(&summed, b"/fuzz");
}

/// Arbitrary text as an article (after two size bytes), sanitized, wrapped and drawn: as plain
/// text, and as Markdown when the first size byte is odd.
pub fn render(data: &[u8]) {
    let [columns, rows, rest @ ..] = data else {
        return;
    };
    let format = if columns % 2 == 1 { store::Format::Markdown } else { store::Format::Plain(&store::Evidence::Alone) };
    let (columns, rows) = (u16::from(*columns % 130), u16::from(*rows % 50));
    let Ok(article) = Article::read("fuzz".into(), "fuzz.txt".into(), rest, false, format) else { return };
    // Every wrapped line fits, measured as terminals advance: drawn, nothing is cut.
    for width in [1u16, 2, 3, 7, 40, 80] {
        let page = Page::new(&article, width);
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, 1));
        for line in &page.lines {
            let drawn = display_width(&line.text);
            // Only one wide cell can be wider than the line: a 2-column char in a 1-column pane.
            if drawn > usize::from(width) {
                let cells: Vec<_> = crate::width::cells(&line.text).collect();
                assert!(
                    width == 1 && cells.len() == 1 && cells[0].width == 2,
                    "{:?} at width {width}: {cells:?}",
                    line.text.escape_unicode().to_string()
                );
                continue;
            }
            buffer.reset();
            let x = crate::draw::draw_text(&mut buffer, 0, 0, &line.text, usize::from(width), Style::new());
            assert_eq!(x, drawn, "{:?} cut at width {width}", line.text);
        }
    }
    // The whole screen, at the size the input asks for.
    let catalog = catalog_of(std::slice::from_ref(&article.title));
    let first = catalog.article(0);
    let mut app = App::new(catalog.shared(), Loading { found: 1, done: true }, Config::default());
    let fetched = Fetched { article: first, result: Ok(article) };
    let _ = app.update([Event::Resize(columns, rows), Event::Fetched(Box::new(fetched))]);
    let mut terminal = Terminal::new(TestBackend::new(columns, rows)).unwrap();
    terminal.draw(|frame| crate::ui::render(&app, frame)).unwrap();
    let scroll = |amount| Action::Scroll(Direction::Down, amount);
    let actions = [Action::Open, scroll(Amount::All), Action::Outline, Action::Insert('a'), Action::Cancel];
    let actions = actions.into_iter().chain([Action::FollowLink, Action::Insert('a'), Action::Heading(Direction::Up)]);
    // A selection moved every way, highlighted, noted, and the notes listed.
    let by = |motion| Action::Move(motion);
    use crate::action::Motion;
    let annotate = [
        Action::Selection,
        by(Motion::Word(Direction::Down)),
        by(Motion::Line(Direction::Down)),
        by(Motion::Paragraph(Direction::Down)),
        by(Motion::LineEnd),
        by(Motion::Sentence(Direction::Up)),
        Action::Highlight(crate::highlight::Colour::Green),
        Action::Selection,
        by(Motion::Char(Direction::Down)),
        Action::Note,
        Action::Insert('n'),
        Action::Open,
        Action::Notes,
        Action::Insert('n'),
        Action::Cancel,
    ];
    let actions = [Action::Open].into_iter().chain(annotate).chain(actions);
    for action in actions.chain([Action::ToggleHelp, scroll(Amount::Line)]) {
        let _ = app.update([action]);
        terminal.draw(|frame| crate::ui::render(&app, frame)).unwrap();
    }
}

/// Arbitrary bytes as a saved web page: decoded by its charset, read (extraction or the whole
/// body), titled, and laid out at a few widths; and as the markup that carries pages too: a
/// feed, an mbox and a mail message.
pub fn html(data: &[u8]) {
    use store::kind::Kind;
    for kind in [Kind::Feed, Kind::Mbox] {
        let Ok(collection) = store::collection::Collection::open(kind, data, 1 << 20) else { continue };
        for item in collection.items().take(3) {
            crate::testing::assert_document_is_clean(&item.document);
            if let Some(whole) = collection.read(&item.key) {
                crate::testing::assert_document_is_clean(&whole);
            }
        }
    }
    if let Some((message, _)) = store::mail::message(data, true) {
        crate::testing::assert_document_is_clean(&message);
    }
    let Ok(decoded) = store::html::decode(data, true) else { return };
    let document = store::html::parse(&decoded.text);
    crate::testing::assert_document_is_clean(&document);
    if let Some(title) = store::html::title_of(&decoded.text) {
        assert!(crate::testing::shown_safely(&title) && !title.contains('\n'), "{title:?}");
    }
    let chapter = store::html::chapter(&decoded.text);
    let book = crate::document::Document { title: String::new(), meta: Default::default(), blocks: chapter };
    crate::testing::assert_document_is_clean(&book);
    let article = Article::of_document("fuzz".into(), "fuzz.html".into(), document, vec![], Default::default());
    for width in [1, 7, 40] {
        let _ = Page::new(&article, width);
    }
}

/// Arbitrary bytes as an EPUB: as the zip itself, and (the first byte odd) as a chapter of a
/// well-formed book, so the bytes reach the chapter reader past the zip's checks.
pub fn epub(data: &[u8]) {
    let book = match data.first() {
        Some(first) if first % 2 == 1 => {
            let chapter = String::from_utf8_lossy(&data[1..]).into_owned();
            crate::testing::epub("Fuzz", "Fuzz", &[("c.xhtml", "Chapter", &chapter)], first % 4 == 1)
        }
        _ => data.to_vec(),
    };
    if let Ok(article) = Article::read("fuzz".into(), "fuzz.epub".into(), &book, false, store::Format::Epub) {
        let document = crate::document::Document {
            title: article.title.clone(),
            meta: article.meta.clone(),
            blocks: article.blocks.clone(),
        };
        crate::testing::assert_document_is_clean(&document);
        for width in [1, 7, 40] {
            let _ = Page::new(&article, width);
        }
    }
}
