//! Tests of the EPUB reader: chapters in order, the table of contents as headings, metadata.
use super::*;
use crate::testing::epub;

fn chapters() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        ("one.xhtml", "The Beginning", "<p>It was a <em>bright</em> cold day.</p>"),
        ("two.xhtml", "Chapter Two", "<h1>Chapter Two</h1><p>The clocks were striking.</p><pre>code  kept</pre>"),
    ]
}

#[test]
fn a_book_is_its_chapters_in_order_with_the_table_of_contents_as_headings() {
    for version3 in [true, false] {
        let bytes = epub("A Test Book", "Ann Author", &chapters(), version3);
        let (document, cut) = read(std::io::Cursor::new(bytes), 1 << 20).unwrap();
        assert!(!cut);
        assert_eq!(document.title, "A Test Book");
        assert_eq!(document.meta.author.as_deref(), Some("Ann Author"));
        let headings: Vec<String> = document
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { text, .. } => Some(text.text.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, ["The Beginning", "Chapter Two"], "EPUB {}", if version3 { 3 } else { 2 });
        let texts: Vec<String> = document
            .blocks
            .iter()
            .map(|b| {
                let mut t = String::new();
                b.plain_text(&mut t);
                t
            })
            .collect();
        let at = |needle: &str| texts.iter().position(|t| t.contains(needle)).unwrap();
        assert!(at("bright cold day") < at("clocks were striking"));
        assert!(
            document.blocks.iter().any(|b| matches!(b, Block::Preformatted { lines, .. } if lines == &["code  kept"]))
        );
    }
}

#[test]
fn the_title_probe_reads_the_package_alone_and_a_broken_book_is_an_error() {
    let dir = crate::store::ScratchDir::new("epub-title");
    let path = dir.join("book.epub");
    std::fs::write(&path, epub("Probe Title", "Someone", &chapters(), true)).unwrap();
    assert_eq!(title_of(&path).unwrap(), ("Probe Title".to_owned(), Some("Someone".to_owned())));
    let broken = dir.join("broken.epub");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    assert!(title_of(&broken).unwrap_err().contains("not an EPUB"));
    assert!(read(std::io::Cursor::new(b"junk".to_vec()), 1 << 20).is_err());
}

#[test]
fn the_example_book_of_rbooks_tests_reads() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/example.epub")).unwrap();
    let (document, _) = read(std::io::Cursor::new(bytes), 1 << 20).unwrap();
    assert_eq!(document.title, "Example EPUB");
    assert_eq!(document.meta.author.as_deref(), Some("John Doe"));
    assert!(!document.blocks.is_empty());
}

#[test]
fn a_chapter_past_the_limit_is_cut_and_said_so() {
    let long = format!("<p>{}</p>", "word ".repeat(10_000));
    let bytes = epub("Long", "A", &[("c.xhtml", "C", &long)], true);
    let (document, cut) = read(std::io::Cursor::new(bytes), 1000).unwrap();
    assert!(cut);
    let words: usize = document
        .blocks
        .iter()
        .map(|b| {
            let mut t = String::new();
            b.plain_text(&mut t);
            t.split_whitespace().count()
        })
        .sum();
    assert!(words > 10 && words < 1000, "{words}");
}

#[test]
fn a_spine_listing_one_chapter_many_times_reads_it_once() {
    let mut parts = crate::testing::epub_parts("Loop", "A", &[("c.xhtml", "C", "<p>Only once.</p>")], true);
    let opf = parts.iter_mut().find(|(name, _)| name.ends_with(".opf")).unwrap();
    opf.1 = opf.1.replace(r#"<itemref idref="c0"/>"#, &r#"<itemref idref="c0"/>"#.repeat(5000));
    let (document, _) = read(std::io::Cursor::new(crate::testing::zip_of(&parts)), 1 << 20).unwrap();
    let mut text = String::new();
    document.blocks.iter().for_each(|b| b.plain_text(&mut text));
    assert_eq!(text.matches("Only once.").count(), 1);
}

#[test]
fn chapters_past_the_book_s_budget_are_cut_and_said_so() {
    let body = format!("<p>{}</p>", "word ".repeat(100));
    let names: Vec<String> = (0..40).map(|i| format!("c{i}.xhtml")).collect();
    let chapters: Vec<(&str, &str, &str)> = names.iter().map(|n| (n.as_str(), "C", body.as_str())).collect();
    let bytes = epub("Budget", "A", &chapters, true);
    let words = |limit| {
        let (document, cut) = read(std::io::Cursor::new(bytes.clone()), limit).unwrap();
        let mut text = String::new();
        document.blocks.iter().for_each(|b| b.plain_text(&mut text));
        (text.split_whitespace().filter(|w| *w == "word").count(), cut)
    };
    assert_eq!(words(1 << 20), (4000, false));
    // Each chapter is some 650 bytes: 16 limits of 1000 hold two dozen of them, not 40.
    let (read_words, cut) = words(1000);
    assert!(cut);
    assert!((2000..=2600).contains(&read_words), "{read_words}");
}

#[test]
fn a_book_declaring_a_part_past_the_limit_is_refused_before_rbook_reads_it() {
    let mut parts = crate::testing::epub_parts("Huge", "A", &[("c.xhtml", "C", "<p>x</p>")], true);
    let opf = parts.iter_mut().find(|(name, _)| name.ends_with(".opf")).unwrap();
    opf.1.push_str(&" ".repeat(MAX_PART_BYTES as usize + 1));
    let error = read(std::io::Cursor::new(crate::testing::zip_of(&parts)), 1 << 20).unwrap_err();
    assert_eq!(error, "its part OEBPS/content.opf is 64 MiB, more than a book's part may be");
}

#[test]
fn rbook_s_errors_read_as_a_sentence_without_its_variant_or_the_book_s_path() {
    let mut parts = crate::testing::epub_parts("Missing", "A", &[("c.xhtml", "C", "<p>x</p>")], true);
    parts.retain(|(name, _)| !name.ends_with(".opf"));
    let error = read(std::io::Cursor::new(crate::testing::zip_of(&parts)), 1 << 20).unwrap_err();
    assert!(error.starts_with("not an EPUB book: OEBPS/content.opf: "), "{error}");
    assert!(!error.contains('[') && !error.contains('`'), "{error}");
}

#[test]
fn a_chapter_exactly_the_limit_is_whole() {
    let parts = crate::testing::epub_parts("Exact", "A", &[("c.xhtml", "C", "<p>Just fits.</p>")], true);
    let chapter = parts.iter().find(|(name, _)| name.ends_with("c.xhtml")).unwrap().1.len();
    let bytes = crate::testing::zip_of(&parts);
    assert!(!read(std::io::Cursor::new(bytes.clone()), chapter).unwrap().1, "exactly the limit: not cut");
    assert!(read(std::io::Cursor::new(bytes), chapter - 1).unwrap().1, "one byte less: cut");
}

#[test]
fn a_picture_is_named_by_its_path_in_the_book() {
    let chapters = [(
        "text/one.xhtml",
        "One",
        r#"<p>Before.</p><img src="../images/map%201.png#x" alt="A map"/><div><img src="./d.png" alt="D"/></div><img src="https://example.com/w.png" alt="W"/>"#,
    )];
    let (document, _) = read(std::io::Cursor::new(epub("B", "A", &chapters, true)), 1 << 20).unwrap();
    let mut sources = Vec::new();
    document.blocks.iter().for_each(|b| b.each_picture(&mut |s| sources.push(s.to_owned())));
    assert_eq!(sources, ["OEBPS/images/map%201.png", "OEBPS/text/d.png", "https://example.com/w.png"]);
    assert_eq!(in_book("a/b/c.xhtml", "/top.png"), "top.png");
    assert_eq!(in_book("c.xhtml", "../../x.png"), "x.png");
}
