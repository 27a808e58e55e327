//! Tests of page layout: blocks, leads, inline styles, tables, anchors.
use super::*;
use crate::store::Format;

fn markdown(text: &str) -> Article {
    Article::read("n".into(), "n".into(), text.as_bytes(), false, Format::Markdown).unwrap()
}

/// The page's lines after the title and meta lines, blank ones left out.
fn body(page: &Page) -> Vec<&str> {
    page.lines.iter().filter(|l| l.block > 0 && !l.text.is_empty()).map(|l| l.text.as_str()).collect()
}

#[test]
fn a_place_in_the_text_holds_at_any_width() {
    let text = format!(
        "Title\n\n{}\n\n{}\n",
        "First paragraph words. ".repeat(12),
        (0..30).map(|i| format!("Second one goes on {i}. ")).collect::<String>()
    );
    let article = Article::from_bytes("a".into(), "a".into(), text.as_bytes(), false).unwrap();
    let (narrow, wide) = (Page::new(&article, 30), Page::new(&article, 70));
    let line = narrow.lines.iter().rposition(|l| l.text.contains("Second")).unwrap() - 3;
    let place = narrow.place_of(line);
    assert!(place.char > 0, "inside a paragraph: {place:?}");
    assert_eq!(place.quote.len(), crate::document::QUOTE_CHARS, "{place:?}");
    let at = wide.line_of(&place);
    assert_eq!(wide.lines[at].block, place.block);
    let first_words: String = narrow.lines[line].text.split(' ').take(2).collect::<Vec<_>>().join(" ");
    assert!(wide.lines[at].text.contains(&first_words), "{first_words:?} in {:?}", wide.lines[at].text);
    assert_eq!(narrow.line_of(&place), line, "back where it was at its own width");
    let gone = Anchor::at(place.block, 1_000_000);
    assert_eq!(wide.lines[wide.line_of(&gone)].block, place.block, "past the end: its last line");
}

#[test]
fn an_anchor_finds_its_words_again_in_an_edited_text() {
    let words: String = (0..40).map(|i| format!("word{i} ")).collect();
    let before = Article::from_bytes("a".into(), "a".into(), format!("T\n\n{words}\n").as_bytes(), false).unwrap();
    let page = Page::new(&before, 30);
    let line = page.lines.iter().position(|l| l.text.contains("word20")).unwrap();
    let place = page.place_of(line);
    let before_page_first_word = page.lines[line].text.split(' ').next().unwrap().to_owned();
    // Two paragraphs written in before it, and words in its own paragraph.
    let edited = format!("T\n\nA new first paragraph.\n\nAnother one.\n\nadded words {words}\n");
    let after = Article::from_bytes("a".into(), "a".into(), edited.as_bytes(), false).unwrap();
    let page = Page::new(&after, 30);
    let first_word = before_page_first_word;
    let at = page.line_of(&place);
    assert!(page.lines[at].text.contains(&first_word), "{first_word} in {:?}", page.lines[at]);
    assert_eq!(page.lines[at].block, 3, "two blocks written in before it");
    // Nowhere to be found: the count decides.
    let lost = Anchor { quote: "nothing like this".into(), ..place };
    assert_eq!(page.lines[page.line_of(&lost)].block, lost.block);
}

#[test]
fn preformatted_lines_keep_their_indentation_and_mark_continuations() {
    let text = "README\n\n```\nfn main() {\n    let long = \"a string too long for the measure\";\n}\n```";
    let article = Article::from_bytes("r".into(), "r".into(), text.as_bytes(), false).unwrap();
    let page = Page::new(&article, 30);
    let shown: Vec<(&str, usize)> =
        page.lines.iter().filter(|l| l.kind == LineKind::Body).map(|l| (l.text.as_str(), l.prefix)).collect();
    assert_eq!(
        shown,
        [("fn main() {", 0), ("    let long = \"a string too", 0), ("    ↪ long for the measure\";", 8), ("}", 0),]
    );
    assert!(page.lines.iter().all(|l| display_width(&l.text) <= 30));
    // A man page's option list: the columns inside a long line stay as they are; its
    // description reflows at its indentation.
    let man = "LS(1)\n\n       -C     list entries by columns\n       -c     with -lt: sort by, and show, ctime (time of last modification of file status information)\n\n       List information about the FILEs (the current directory by default). Sort entries alphabetically.";
    let article = Article::from_bytes("m".into(), "m".into(), man.as_bytes(), false).unwrap();
    let page = Page::new(&article, 60);
    assert_eq!(
        body(&page),
        [
            "       -C     list entries by columns",
            "       -c     with -lt: sort by, and show, ctime (time of",
            "       ↪ last modification of file status information)",
            "       List information about the FILEs (the current",
            "       directory by default). Sort entries alphabetically.",
        ]
    );
}

#[test]
fn markdown_blocks_as_glow_draws_them() {
    let text = "---\ntitle: Notes\ntags: [rust, cli]\ndate: 2024-05-01\n---\n\n\
        [![CI](https://ci/badge.svg)](https://ci)\n\n\
        See [the docs](https://example.com/docs) and **bold** *it* `code`.\n\n\
        ## Usage\n\n\
        > quoted\n> > nested\n\n\
        - one\n  - inner\n- [x] done\n\n\
        1. first\n2. second\n\n\
        | Name | Size |\n|------|-----:|\n| folio | 12 K |\n\n\
        ![a cat](cat.png)\n\n---\n\nEnd.";
    let article = markdown(text);
    assert_eq!(article.title, "Notes");
    assert_eq!(article.meta.tags, ["rust", "cli"]);
    let page = Page::new(&article, 60);
    assert_eq!(page.lines[1].text, "2024-05-01 · #rust #cli");
    assert_eq!(
        body(&page),
        [
            "[image: CI] https://ci",
            "See the docs https://example.com/docs and bold it code.",
            "Usage",
            "│ quoted",
            "│",
            "│ │ nested",
            "• one",
            "  ◦ inner",
            "• [x] done",
            "1. first",
            "2. second",
            "Name  │ Size",
            "──────┼─────",
            "folio │ 12 K",
            "[image: a cat]",
            "────────────────────────────────────────",
            "End.",
        ]
    );
    let see = page.lines.iter().find(|l| l.text.starts_with("See")).unwrap();
    let styled: Vec<(&str, Inks)> = see.inks.iter().map(|(r, i)| (&see.text[r.clone()], *i)).collect();
    assert_eq!(
        styled,
        [
            ("the docs", Inks::LINK),
            ("https://example.com/docs", Inks::FAINT),
            ("bold", Inks::STRONG),
            ("it", Inks::EMPHASIS),
            ("code", Inks::CODE)
        ]
    );
    assert_eq!(page.lines.iter().find(|l| l.text == "Usage").unwrap().kind, LineKind::Heading(2));
    assert_eq!(page.headings(), [(page.lines.iter().position(|l| l.text == "Usage").unwrap(), 2, "Usage".into())]);
    let nested = page.lines.iter().find(|l| l.text == "  ◦ inner").unwrap();
    assert_eq!(nested.prefix, "  ◦ ".len(), "the bullet is layout, not text");
}

#[test]
fn tables_wrap_their_cells_and_read_as_lines_when_too_narrow() {
    let article = markdown(
        "# T\n\n| Crate | What it does |\n|---|---|\n| ratatui | Draws the terminal user interface in cells |\n",
    );
    let page = Page::new(&article, 30);
    assert_eq!(
        body(&page),
        [
            "Crate   │ What it does",
            "────────┼─────────────────────",
            "ratatui │ Draws the terminal",
            "        │ user interface in",
            "        │ cells",
        ]
    );
    let narrow = Page::new(&article, 14);
    assert_eq!(
        body(&narrow),
        ["Crate: ratatui", "What it does:", "Draws the", "terminal user", "interface in", "cells"]
    );
    for width in 1..40 {
        let page = Page::new(&article, width);
        assert!(page.lines.iter().all(|l| display_width(&l.text) <= usize::from(width)), "at {width}");
    }
}

#[test]
fn the_page_sets_the_trailer_apart() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/000_cbd27e05d8923fd3.txt");
    let article =
        crate::store::read_file_article("seed", std::path::Path::new(seed), &crate::store::Evidence::Alone).unwrap();
    let page = Page::new(&article, 80);
    let kinds: Vec<LineKind> = page.lines.iter().map(|l| l.kind).collect();
    assert_eq!(kinds[..4], [LineKind::Title, LineKind::Title, LineKind::Meta, LineKind::Meta]);
    assert_eq!(page.lines[2].text, "326 words · 2 min read · seed", "the id after the reading time");
    assert!(page.lines[3].text.ends_with("seeds/000_cbd27e05d8923fd3.txt"), "then the file");
    let tail: Vec<&str> = page.lines[page.lines.len() - 3..].iter().map(|l| l.text.as_str()).collect();
    assert_eq!(tail, ["────────────────────", "WccfTech Tv", "Filter videos by"]);
    assert_eq!(page.lines[page.lines.len() - 4].kind, LineKind::Blank);
}

#[test]
fn a_lead_gives_way_where_a_wide_character_or_a_quote_bar_would_not_fit_beside_it() {
    // CI's proptest found " 語" (3 columns) in a 2-column pane: an indent of 1 left 1 column;
    // and a quote's blank line kept its whole lead ("  │") in a 1-column pane.
    let indented = Article::from_bytes("a".into(), "a".into(), "a\n\n  a a 語\n".as_bytes(), false).unwrap();
    for article in [indented, markdown("- > > \n  > - a")] {
        for width in 1..=6u16 {
            for line in &Page::new(&article, width).lines {
                let wide_alone = width == 1 && line.text == "語";
                assert!(display_width(&line.text) <= usize::from(width) || wide_alone, "{:?} at {width}", line.text);
            }
        }
    }
}

#[test]
fn a_place_in_a_book_names_its_chapter_and_is_found_there_in_another_edition() {
    let book = |opening: usize| {
        let filler = |from: usize, n: usize| {
            (from..from + n).map(|i| format!("<p>Filler paragraph {i}.</p>")).collect::<String>()
        };
        let one = format!("{}<p>The bell rang twice at noon.</p>{}", filler(100, opening), filler(0, 5));
        let three = format!("{}<p>The bell rang twice at noon.</p>", filler(10, 2));
        let chapters = [
            ("one.xhtml", "One", one.as_str()),
            ("two.xhtml", "Two", "<p>Middle.</p>"),
            ("three.xhtml", "Three", three.as_str()),
        ];
        let bytes = crate::testing::epub("Bells", "A", &chapters, true);
        let (document, _) = crate::store::epub::read(std::io::Cursor::new(bytes), 1 << 20).unwrap();
        Article::of_book("bells".into(), "bells.epub".into(), document, crate::store::Flags::default())
    };
    let first = Page::new(&book(0), 40);
    let line = first.lines.iter().rposition(|l| l.text.contains("The bell rang")).unwrap();
    let place = first.place_of(line);
    assert_eq!(place.chapter.as_deref(), Some("OEBPS/three.xhtml"));
    // A new edition opens chapter one with ten more paragraphs: the old block count now falls
    // beside chapter one's bell, and only the chapter tells the two apart.
    let second = Page::new(&book(10), 40);
    let at = second.line_of(&place);
    let chapter_three = second.lines.iter().position(|l| l.text == "Three").unwrap();
    assert!(at > chapter_three && second.lines[at].text.contains("The bell rang"), "{at}: {:?}", second.lines[at]);
    let without = Anchor { chapter: None, ..place };
    assert!(second.line_of(&without) < chapter_three, "the count alone finds chapter one's bell");
}
