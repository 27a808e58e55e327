//! Tests of pictures in the reader: rows of the page, drawn and scrolled, in halfblocks and as kitty and sixel output.
use super::*;
use crate::action::{Action, Amount, Direction};
use crate::app::{Event, Input, Loading};
use crate::page::{LineKind, Page};
use crate::pictures::{Pictures, picker};
use crate::probe::Graphics;
use crate::testing::{update_inline, update_painting_inline};
use ratatui::Terminal;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::style::Color;

const RED: image::Rgb<u8> = image::Rgb([255, 0, 0]);
const BLUE: image::Rgb<u8> = image::Rgb([0, 0, 255]);

/// A folder holding a Markdown note with a 40x40 picture, red above and blue below: four
/// columns and two rows of 10x20 cells.
fn folder_with_a_picture(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("folio-picture-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let picture = image::RgbImage::from_fn(40, 40, |_, y| if y < 20 { RED } else { BLUE });
    picture.save(dir.join("map.png")).unwrap();
    // Long enough to scroll the picture off the top.
    let rest: String = (0..40).map(|i| format!("\n\nParagraph {i}.")).collect();
    let note = format!("# Trip\n\nBefore the map.\n\n![A map](map.png)\n\nAfter the map.{rest}\n");
    std::fs::write(dir.join("trip.md"), note).unwrap();
    dir
}

fn app_on(dir: &std::path::Path, cell: Option<(u16, u16)>) -> App {
    let origins = crate::store::origins_for(&[dir.to_path_buf()]);
    let (catalog, _) = crate::store::load_catalog(origins, crate::store::LoadOptions::default());
    let mut app = App::new(catalog, Loading { found: 1, done: true }, crate::config::Config::default());
    app.pictures = Pictures::new(cell);
    app
}

/// [`app_on`], the note shown at 80x24 with its pictures sized and drawn.
fn shown(dir: &std::path::Path, cell: Option<(u16, u16)>) -> App {
    let mut app = app_on(dir, cell);
    update_inline(&mut app, [Event::Resize(80, 24)]);
    app
}

fn rows_of(app: &App, columns: u16, rows: u16) -> (Vec<String>, ratatui::buffer::Buffer) {
    let mut terminal = Terminal::new(TestBackend::new(columns, rows)).unwrap();
    terminal.draw(|frame| crate::ui::render(app, frame)).unwrap();
    let buffer = terminal.backend().buffer().clone();
    let lines = (0..rows)
        .map(|y| (0..columns).map(|x| buffer[(x, y)].symbol().to_owned()).collect::<String>().trim_end().to_owned())
        .collect();
    (lines, buffer)
}

#[test]
fn a_picture_takes_rows_under_its_caption_and_places_stay_exact() {
    let dir = folder_with_a_picture("rows");
    let app = shown(&dir, Some((10, 20)));
    let page = app.page().expect("laid out").clone();
    let caption = page.lines.iter().position(|l| l.text.contains("[image: A map]")).unwrap();
    let kinds: Vec<LineKind> = page.lines[caption + 1..caption + 3].iter().map(|l| l.kind).collect();
    assert_eq!(kinds, [LineKind::Picture, LineKind::Picture]);
    assert_eq!(page.pictures.len(), 1);
    assert_eq!((page.pictures[0].line, page.pictures[0].size), (caption + 1, (4, 2)));
    // The same place in the text with or without the picture's rows.
    let body = match app.body() {
        Some(Ok(article)) => article.clone(),
        _ => unreachable!("read"),
    };
    let plain = Page::new(&body, page.width);
    let after = |page: &Page| page.lines.iter().position(|l| l.text == "After the map.").unwrap();
    assert_eq!(after(&page), after(&plain) + 2);
    assert_eq!(page.place_of(after(&page)), plain.place_of(after(&plain)));
    assert_eq!(page.line_of(&plain.place_of(after(&plain))), after(&page));
    // A picture's row on top is kept as its caption, not moved past the picture.
    assert_eq!(page.place_of(caption + 2), page.place_of(caption));
    assert_eq!(page.line_of(&page.place_of(caption + 2)), caption);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_picture_is_drawn_in_halfblocks_and_scrolls_by_rows() {
    let dir = folder_with_a_picture("halfblocks");
    let mut app = shown(&dir, Some((10, 20)));
    let (lines, buffer) = rows_of(&app, 80, 24);
    let caption = lines.iter().position(|l| l.contains("[image: A map]")).expect("the caption");
    let x = u16::try_from(lines[caption].find('[').unwrap()).unwrap();
    let y = u16::try_from(caption).unwrap();
    // Each cell is two pixels, the upper one the foreground of `▀`: the top red, the bottom
    // blue (the two between resampled across the edge).
    let buffer = &buffer;
    let cells =
        |y: u16, upper: bool| (0..5).map(move |dx| if upper { buffer[(x + dx, y)].fg } else { buffer[(x + dx, y)].bg });
    assert_eq!(
        cells(y + 1, true).collect::<Vec<_>>(),
        [[Color::Rgb(255, 0, 0); 4].as_slice(), &[Color::Reset]].concat(),
        "{lines:#?}"
    );
    assert_eq!(
        cells(y + 2, false).collect::<Vec<_>>(),
        [[Color::Rgb(0, 0, 255); 4].as_slice(), &[Color::Reset]].concat()
    );
    assert_eq!(lines[usize::from(y) + 1].trim(), "▀▀▀▀");
    assert!(lines[usize::from(y) + 3].is_empty() && lines[usize::from(y) + 4].contains("After the map."));
    // Scrolled until the red row is above the top: the blue row is the first on screen.
    let first = app.reader.top();
    let caption_line = app.page().unwrap().lines.iter().position(|l| l.text.contains("[image")).unwrap();
    for _ in first..caption_line + 2 {
        update_inline(&mut app, [Action::Scroll(Direction::Down, Amount::Line)]);
    }
    assert_eq!(app.reader.top(), caption_line + 2);
    let (lines, buffer) = rows_of(&app, 80, 24);
    let reader_top = (0..24).find(|&y| buffer[(x, y)].bg == Color::Rgb(0, 0, 255)).expect("the blue row");
    assert!(lines[usize::from(reader_top) - 1].starts_with("────"), "the reader's first row: {lines:#?}");
    assert!(lines[usize::from(reader_top) + 2].contains("After the map."), "{lines:#?}");
    assert!((0..24).all(|y| buffer[(x, y)].fg != Color::Rgb(255, 0, 0)), "the red row is above the top");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pictures_sized_together_lay_the_page_out_once() {
    let dir = folder_with_a_picture("together");
    // Five more pictures in the note, all sized by one answer of the painter.
    let mut note = std::fs::read_to_string(dir.join("trip.md")).unwrap();
    for n in 0..5 {
        std::fs::copy(dir.join("map.png"), dir.join(format!("map{n}.png"))).unwrap();
        note.push_str(&format!("\n![Map {n}](map{n}.png)\n"));
    }
    std::fs::write(dir.join("trip.md"), note).unwrap();
    let app = shown(&dir, Some((10, 20)));
    let page = app.page().expect("laid out");
    assert_eq!(page.pictures.len(), 6, "every picture sized and given rows");
    assert_eq!(app.reader.pages_laid_out(), 2, "once without the pictures' rows, once with them all");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn keys_with_a_pictures_answer_scroll_from_where_they_leave_the_reader() {
    let dir = folder_with_a_picture("batch");
    let mut app = shown(&dir, Some((10, 20)));
    let (top, laid_out) = (app.reader.top(), app.reader.pages_laid_out());
    // A size that comes in the same batch as five lines scrolled: the page is laid out again
    // at the batch's end, and the place kept is the one the keys left.
    let article = app.selected_ref().unwrap().clone();
    let result = Ok(crate::pictures::Paint::Pixels(40, 40));
    let sized = crate::pictures::Painted { article, source: "elsewhere.png".into(), result };
    let scroll = Input::Action(Action::Scroll(Direction::Down, Amount::Line));
    update_inline(&mut app, [vec![Input::Event(Event::Painted(Box::new(sized)))], vec![scroll; 5]].concat());
    assert_eq!(app.reader.pages_laid_out(), laid_out + 1);
    // Where five lines down is as a place in the text (a blank line's is the next paragraph's).
    let page = app.page().unwrap();
    assert_eq!(app.reader.top(), page.line_of(&page.place_of(top + 5)));
    assert!(app.reader.top() >= top + 5);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pictures_off_leave_the_caption_alone() {
    let dir = folder_with_a_picture("off");
    let app = shown(&dir, None);
    let page = app.page().unwrap();
    assert!(page.pictures.is_empty());
    assert!(page.lines.iter().all(|l| l.kind != LineKind::Picture));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The bytes a terminal is sent for `app`'s screen: a first frame, then one after scrolling
/// the reader `scrolled` lines (what changed only, as ratatui sends it).
fn sent(app: &mut App, picker: &ratatui_image::picker::Picker, scrolled: usize) -> (String, String) {
    let wire = Wire::default();
    let mut terminal = Terminal::new(CrosstermBackend::new(wire.clone())).unwrap();
    terminal.resize(ratatui::layout::Rect::new(0, 0, 80, 24)).unwrap();
    terminal.draw(|frame| crate::ui::render(app, frame)).unwrap();
    let first = wire.take();
    for _ in 0..scrolled {
        update_painting_inline(app, [Action::Scroll(Direction::Down, Amount::Line)], picker);
    }
    terminal.draw(|frame| crate::ui::render(app, frame)).unwrap();
    (first, wire.take())
}

/// What a terminal would be sent, read back as text.
#[derive(Clone, Default)]
struct Wire(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl Wire {
    fn take(&self) -> String {
        String::from_utf8_lossy(&std::mem::take(&mut *self.0.borrow_mut())).into_owned()
    }
}

impl std::io::Write for Wire {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn kitty_gets_the_picture_once_and_placeholders_of_the_rows_on_screen() {
    let dir = folder_with_a_picture("kitty");
    let mut app = app_on(&dir, Some((10, 20)));
    let kitty = picker(Graphics { kitty: true, sixel: true, cell_pixels: None }, (10, 20));
    update_painting_inline(&mut app, [Event::Resize(80, 24)], &kitty);
    let top = app.reader.top();
    let caption = app.page().unwrap().lines.iter().position(|l| l.text.contains("[image")).unwrap();
    let (first, second) = sent(&mut app, &kitty, caption + 2 - top);
    assert!(first.contains("\x1b_G"), "the picture is sent");
    // Each row starts with a placeholder, its row and column as diacritics: rows 0 and 1.
    assert!(first.contains("\u{10EEEE}\u{305}\u{305}") && first.contains("\u{10EEEE}\u{30D}\u{305}"));
    assert!(!second.contains("\x1b_G"), "sent once");
    assert!(second.contains("\u{10EEEE}\u{30D}\u{305}"), "row 1 is on screen");
    assert!(!second.contains("\u{10EEEE}\u{305}\u{305}"), "row 0 is above the top");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sixel_gets_the_bands_of_the_rows_on_screen() {
    let dir = folder_with_a_picture("sixel");
    let mut app = app_on(&dir, Some((10, 20)));
    let sixel = picker(Graphics { kitty: false, sixel: true, cell_pixels: None }, (10, 20));
    update_painting_inline(&mut app, [Event::Resize(80, 24)], &sixel);
    let top = app.reader.top();
    let caption = app.page().unwrap().lines.iter().position(|l| l.text.contains("[image")).unwrap();
    let (first, second) = sent(&mut app, &sixel, caption + 2 - top);
    let bands = |sent: &str| {
        let start = sent.find("\x1bP").expect("a sixel picture");
        let end = start + sent[start..].find("\x1b\\").unwrap();
        sent[start..end].matches('-').count() + 1
    };
    // 40 pixels are 7 bands of six; a row of 20 pixels scrolled away takes 3 (rounded up) with it.
    assert_eq!(bands(&first), 7, "{first:?}");
    assert!(bands(&second) < bands(&first), "{second:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}
