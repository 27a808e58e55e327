//! Tests of selecting, highlighting and noting in the running app, and of highlights found again in edited articles.
use crate::action::{Action, Amount, Direction, Motion};
use crate::app::App;
use crate::highlight::{Colour, Highlight};
use crate::keymap::Mode;
use crate::store::ScratchDir;
use crate::testing::{app_on_articles, update_inline};
use ratatui::style::Modifier;

fn highlights(app: &App) -> Vec<Highlight> {
    app.remembered.memory.store("/s").map(|s| s.highlights.values().cloned().collect()).unwrap_or_default()
}

/// The screen's rows as text, and which cells of each are underlined (how the mono theme
/// draws a highlight).
fn screen(app: &App) -> Vec<(String, String)> {
    let (columns, rows) = (app.area().width, app.area().height);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(columns, rows)).unwrap();
    terminal.draw(|frame| crate::ui::render(app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..rows)
        .map(|y| {
            let text = (0..columns).map(|x| buffer[(x, y)].symbol()).collect();
            let underlined = (0..columns)
                .map(|x| if buffer[(x, y)].modifier.contains(Modifier::UNDERLINED) { "^" } else { " " })
                .collect::<String>();
            (text, underlined.trim_end().to_owned())
        })
        .collect()
}

fn open(test: &str, names: &[&str]) -> (App, ScratchDir) {
    let dir = ScratchDir::new(test);
    let mut app = app_on_articles(&dir, names, (60, 16));
    update_inline(&mut app, [Action::Open]);
    (app, dir)
}

#[test]
fn a_selection_moved_by_words_is_highlighted_and_drawn_with_its_mark() {
    let (mut app, _dir) = open("annotate-1", &["a"]);
    update_inline(&mut app, [Action::Selection]);
    assert_eq!(app.mode(), Mode::Select);
    update_inline(&mut app, [Action::Move(Motion::Word(Direction::Down)), Action::Move(Motion::Word(Direction::Down))]);
    let range = app.selected_range().unwrap();
    assert_eq!(&app.annotated().unwrap().text.text[range], "Paragraph 0 o", "both ends' chars are in");
    update_inline(&mut app, [Action::Move(Motion::Char(Direction::Down)), Action::Highlight(Colour::Green)]);
    assert_eq!(app.mode(), Mode::Reader);
    let kept = highlights(&app);
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].quote.exact.as_str(), kept[0].colour, kept[0].article.as_str()),
        ("Paragraph 0 of", Colour::Green, "a")
    );
    assert_eq!(kept[0].quote.suffix, " this article, long enough.\n\nPar");
    let rows = screen(&app);
    let at = rows.iter().position(|(text, _)| text.contains("Paragraph 0 of")).unwrap();
    let (text, underlined) = &rows[at];
    let start = text.find("Paragraph").unwrap();
    assert_eq!(&text[start - 1..start], "+", "the green mark in the margin: {text:?}");
    assert_eq!(underlined.trim_start(), "^".repeat("Paragraph 0 of".len()), "{text:?}");
    assert_eq!(underlined.len(), start + "Paragraph 0 of".len());
    assert!(!rows[at + 2].0.contains('+'), "the next paragraph has no mark: {:?}", rows[at + 2]);
}

#[test]
fn lines_sentences_and_paragraphs_move_the_free_end_and_o_swaps_ends() {
    let (mut app, _dir) = open("annotate-2", &["a"]);
    update_inline(&mut app, [Action::Selection, Action::Move(Motion::Paragraph(Direction::Down))]);
    let text = app.annotated().unwrap().text.text.clone();
    let cursor = app.selection.as_ref().unwrap().cursor;
    assert!(text[cursor..].starts_with(".\n\nParagraph 1 "), "paragraph 0's end: {:?}", &text[cursor..cursor + 12]);
    update_inline(&mut app, [Action::Move(Motion::Line(Direction::Down)), Action::Move(Motion::LineEnd)]);
    let cursor = app.selection.as_ref().unwrap().cursor;
    assert!(text[cursor..].starts_with(".\n\nParagraph 2"), "the end of paragraph 1: {:?}", &text[cursor..cursor + 12]);
    update_inline(&mut app, [Action::SwapEnds, Action::Move(Motion::Sentence(Direction::Down))]);
    let range = app.selected_range().unwrap();
    // The free end was paragraph 0's start: a sentence on is that sentence's full stop.
    assert_eq!(&text[range], ".\n\nParagraph 1 of this article, long enough.");
    update_inline(&mut app, [Action::Cancel]);
    assert_eq!((app.mode(), app.selection.is_none()), (Mode::Reader, true));
    assert!(highlights(&app).is_empty(), "Esc keeps nothing");
}

#[test]
fn y_copies_the_selection_as_a_quote_with_its_title_and_id() {
    let (mut app, _dir) = open("annotate-3", &["a"]);
    update_inline(&mut app, [Action::Selection, Action::Move(Motion::Word(Direction::Down))]);
    let step = app.update([Action::CopySelection]);
    assert_eq!(step.requests.copy.as_deref(), Some("> Paragraph 0\n\n— Title a (a)\n"));
    assert_eq!(app.mode(), Mode::Reader);
}

#[test]
fn a_note_goes_on_a_new_highlight_then_on_the_one_under_the_cursor() {
    let (mut app, _dir) = open("annotate-4", &["a"]);
    // An empty note on no highlight keeps nothing.
    update_inline(&mut app, [Action::Selection, Action::Move(Motion::Word(Direction::Down)), Action::Note]);
    update_inline(&mut app, [Action::Open]);
    assert_eq!((highlights(&app).len(), app.flash.as_deref()), (0, Some("an empty note: nothing kept")));
    update_inline(&mut app, [Action::Selection, Action::Move(Motion::Word(Direction::Down)), Action::Note]);
    assert_eq!(app.mode(), Mode::Note);
    update_inline(&mut app, "why".chars().map(Action::Insert).chain([Action::Open]));
    let kept = highlights(&app);
    assert_eq!((kept.len(), kept[0].note.as_str(), kept[0].quote.exact.as_str()), (1, "why", "Paragraph 0"));
    // On the highlight again: its note comes back to be changed; nothing new is made.
    update_inline(&mut app, [Action::Selection, Action::Note]);
    assert_eq!(app.selection.as_ref().unwrap().note.as_ref().unwrap().text(), "why");
    update_inline(&mut app, [Action::Insert('?'), Action::Open]);
    let kept = highlights(&app);
    assert_eq!((kept.len(), kept[0].note.as_str()), (1, "why?"));
    // The note from $EDITOR, lines and all.
    update_inline(&mut app, [Action::Selection, Action::NoteInEditor]);
    update_inline(&mut app, [crate::app::Event::NoteEdited(Ok("first line\nsecond line\n".into()))]);
    assert_eq!(highlights(&app)[0].note, "first line\nsecond line");
    // Written again: the editor gets its lines, and Enter on the prompt unchanged keeps them.
    update_inline(&mut app, [Action::Selection]);
    let step = app.update([Action::NoteInEditor]);
    assert_eq!(step.requests.external, Some(crate::app::External::Note { text: "first line\nsecond line".into() }));
    update_inline(&mut app, [crate::app::Event::NoteEdited(Err("vi ended with exit status: 1".into()))]);
    assert_eq!((app.mode(), app.flash.as_deref()), (Mode::Reader, Some("note not kept: vi ended with exit status: 1")));
    update_inline(&mut app, [Action::Selection, Action::Note, Action::Open]);
    assert_eq!(highlights(&app)[0].note, "first line\nsecond line");
    // A stretch inside the highlight recolours it; nothing new is made.
    update_inline(
        &mut app,
        [Action::Selection, Action::Move(Motion::Char(Direction::Down)), Action::Highlight(Colour::Pink)],
    );
    assert_eq!((highlights(&app).len(), highlights(&app)[0].colour), (1, Colour::Pink), "recoloured");
    update_inline(&mut app, [Action::Selection, Action::Unhighlight]);
    assert!(highlights(&app).is_empty());
    assert!(app.annotated().is_none_or(|a| a.marked.is_empty()), "nothing of it drawn");
}

#[test]
fn an_edited_article_finds_its_highlights_again_and_says_which_are_lost() {
    let (mut app, dir) = open("annotate-5", &["a"]);
    update_inline(&mut app, [Action::Scroll(Direction::Down, Amount::Page)]);
    update_inline(&mut app, [Action::Selection, Action::Move(Motion::Sentence(Direction::Down))]);
    update_inline(&mut app, [Action::Move(Motion::Char(Direction::Up)), Action::Highlight(Colour::Blue)]);
    let before = highlights(&app)[0].quote.exact.clone();
    assert!(before.starts_with("Paragraph "), "{before:?}");
    // Text inserted before it, and one of its words changed: found near its old place.
    let file = dir.join("a.txt");
    let old = std::fs::read_to_string(&file).unwrap();
    let edited =
        old.replacen("\n\n", "\n\nA new first paragraph.\n\n", 1).replace(&before, &before.replace("long", "lengthy"));
    std::fs::write(&file, edited).unwrap();
    update_inline(&mut app, [Action::Reload]);
    let shown = app.annotated().expect("the edited article's highlights");
    assert_eq!(shown.marked.len(), 1);
    let now = &shown.text.text[shown.marked[0].range.clone()];
    assert_eq!(now, before.replace("long", "lengthy"), "found again, with its new words");
    assert_eq!(highlights(&app)[0].quote.exact, now, "kept with its new words");
    // Rewritten, its words gone: orphaned, kept, and said so in the notes.
    std::fs::write(&file, "Title a\n\nSomething else entirely.\n\nNothing like what was here before.\n").unwrap();
    update_inline(&mut app, [Action::Reload]);
    assert!(app.annotated().unwrap().marked.is_empty());
    assert_eq!(highlights(&app).len(), 1, "never dropped");
    update_inline(&mut app, [Action::Notes]);
    let row = &app.notes().unwrap().rows[0];
    assert!(row.orphaned, "{row:?}");
}

#[test]
fn the_notes_overlay_filters_and_opens_the_article_at_the_highlight() {
    let (mut app, _dir) = open("annotate-6", &["a", "b"]);
    update_inline(&mut app, [Action::Select(Direction::Down, Amount::Line)]);
    update_inline(&mut app, [Action::Scroll(Direction::Down, Amount::All), Action::Selection]);
    update_inline(&mut app, [Action::Note]);
    update_inline(&mut app, "far down".chars().map(Action::Insert).chain([Action::Open]));
    update_inline(&mut app, [Action::Scroll(Direction::Up, Amount::All), Action::Select(Direction::Up, Amount::Line)]);
    update_inline(&mut app, [Action::Selection, Action::Highlight(Colour::Yellow)]);
    assert_eq!(highlights(&app).len(), 2);
    update_inline(&mut app, [Action::Notes]);
    assert_eq!(app.mode(), Mode::Notes);
    assert_eq!(app.notes().unwrap().rows.len(), 2);
    update_inline(&mut app, "far".chars().map(Action::Insert));
    let rows = &app.notes().unwrap().rows;
    assert_eq!((rows.len(), rows[0].title.as_str(), rows[0].note.as_str()), (1, "Title b", "far down"));
    let screen = screen(&app);
    assert!(screen.iter().any(|(t, _)| t.contains("✎ far down")), "{screen:#?}");

    update_inline(&mut app, [Action::Open]);
    assert_eq!(app.mode(), Mode::Reader);
    assert_eq!(app.selected_ref().unwrap().id.as_ref(), "b");
    let (page, shown) = (app.page().unwrap(), app.annotated().unwrap());
    let marked = shown.marked.iter().find(|m| m.note == "far down").unwrap();
    let (line, _) = crate::spans::place_of(page, &shown.text, marked.range.start).unwrap();
    assert_eq!(app.reader.top(), line - 2, "two lines above the highlight");
    // Ctrl-D asks first, then takes it away, and it is drawn no more.
    update_inline(&mut app, [Action::Notes]);
    update_inline(&mut app, "far".chars().map(Action::Insert).chain([Action::Unhighlight]));
    assert_eq!((highlights(&app).len(), app.notes().unwrap().rows.len()), (2, 1));
    update_inline(&mut app, [Action::Unhighlight]);
    assert_eq!((highlights(&app).len(), app.notes().unwrap().rows.len()), (1, 0));
    update_inline(&mut app, [Action::Cancel]);
    assert!(app.annotated().unwrap().marked.is_empty(), "drawn no more");
}

#[test]
fn the_text_search_finds_an_article_by_its_note() {
    let (mut app, _dir) = open("annotate-7", &["a", "b"]);
    update_inline(&mut app, [Action::Select(Direction::Down, Amount::Line)]);
    update_inline(&mut app, [Action::Selection, Action::Note]);
    update_inline(&mut app, "zebra crossing".chars().map(Action::Insert).chain([Action::Open]));
    update_inline(&mut app, [Action::Back, Action::ToggleTextSearch]);
    update_inline(&mut app, "zebra".chars().map(Action::Insert));
    let ranking = app.list.ranking();
    assert_eq!(ranking.len(), 1, "only the noted article");
    let catalog = app.catalog.read().unwrap();
    assert_eq!(catalog.id(ranking.get(0).unwrap() as usize), "b");
}

#[test]
fn a_mouse_drag_selects_from_where_the_button_went_down() {
    let (mut app, _dir) = open("annotate-8", &["a"]);
    let rows = screen(&app);
    let y = rows.iter().position(|(text, _)| text.contains("Paragraph 1 of this")).unwrap();
    let x = rows[y].0[..rows[y].0.find("Paragraph 1").unwrap()].chars().count();
    let at = |dx: usize| (x + dx) as u16;
    update_inline(&mut app, [Action::Click { column: at(0), row: y as u16 }]);
    update_inline(&mut app, [Action::Drag { column: at(5), row: y as u16 }]);
    update_inline(&mut app, [Action::Drag { column: at(10), row: y as u16 }]);
    assert_eq!(app.mode(), Mode::Select);
    let range = app.selected_range().unwrap();
    assert_eq!(&app.annotated().unwrap().text.text[range], "Paragraph 1");
    update_inline(&mut app, [Action::Highlight(Colour::Yellow)]);
    assert_eq!(highlights(&app)[0].quote.exact, "Paragraph 1");
    // A click ends a selection without keeping anything.
    update_inline(
        &mut app,
        [Action::Click { column: at(0), row: y as u16 }, Action::Drag { column: at(3), row: y as u16 }],
    );
    update_inline(&mut app, [Action::Click { column: at(0), row: y as u16 }]);
    assert_eq!((app.mode(), highlights(&app).len()), (Mode::Reader, 1));
}

/// The underlined cells of the screen (a highlight in the mono theme), in screen order, as
/// text; the title and meta lines above the body left out.
fn underlined(app: &App) -> String {
    let (columns, rows) = (app.area().width, app.area().height);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(columns, rows)).unwrap();
    terminal.draw(|frame| crate::ui::render(app, frame)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..rows {
        for x in 0..columns {
            if buffer[(x, y)].modifier.contains(Modifier::UNDERLINED) {
                text.push_str(buffer[(x, y)].symbol());
            }
        }
    }
    text
}

#[test]
fn highlights_show_in_every_script_direction_and_block_at_any_width() {
    let dir = ScratchDir::new("annotate-scripts");
    let note = "# Scripts\n\nThe river rose in the night.\n\nالنهر ارتفع في الليل والجسر أغلق\n\n東京の川は夜に増水した。\n\nনদী রাতে ফুলে উঠেছে\n\n```rust\nlet river = rise(night);\n```\n\n- first point here\n- second point there\n\n| a | b |\n|---|---|\n| cell one | cell two |\n";
    std::fs::write(dir.join("m.md"), note).unwrap();
    let origins = crate::store::origins_for(&[dir.to_path_buf()]);
    let (catalog, _) = crate::store::load_catalog(origins, crate::store::LoadOptions::default());
    let article = crate::store::read_article(&catalog, 0).unwrap();
    let text = crate::highlight::ArticleText::of(&article.blocks).text;
    for quote in ["rose in the", "ارتفع في", "川は夜", "রাতে ফুলে", "rise(night)", "second point", "cell two"]
    {
        for (columns, rows) in [(70, 30), (30, 40), (20, 60)] {
            let mut app = App::new(catalog.clone(), crate::app::Loading { found: 1, done: true }, Default::default());
            let mut memory = crate::state::Memory::default();
            let start = text.find(quote).unwrap();
            let highlight = Highlight::new("m", &text, start..start + quote.len(), 0);
            memory.set_highlight("/s", &highlight.id(), Some(highlight));
            app.remember(memory, "/s".into());
            update_inline(&mut app, [crate::app::Event::Resize(columns, rows)]);
            update_inline(&mut app, [Action::Open]);
            let mut shown: Vec<char> = underlined(&app).chars().filter(|c| !c.is_whitespace()).collect();
            let mut wanted: Vec<char> = quote.chars().filter(|c| !c.is_whitespace()).collect();
            if quote.is_ascii() {
                assert_eq!(shown, wanted, "{quote:?} at {columns} columns, in order");
            }
            shown.sort_unstable();
            wanted.sort_unstable();
            assert_eq!(shown, wanted, "{quote:?} at {columns} columns");
        }
    }
}

#[test]
fn g_and_shift_g_take_the_selection_to_the_article_s_ends() {
    let (mut app, _dir) = open("annotate-9", &["a"]);
    update_inline(&mut app, [Action::Selection, Action::Move(Motion::TextEnd)]);
    let text = app.annotated().unwrap().text.text.clone();
    assert_eq!(app.selected_range().unwrap(), 0..text.len(), "the whole article");
    assert!(app.reader.top() > 0, "the end brought into view");
    update_inline(&mut app, [Action::Move(Motion::TextStart)]);
    assert_eq!(app.selected_range().unwrap(), 0..1);
    assert!(app.reader.top() <= 5, "back at the first paragraph: {}", app.reader.top());
}
