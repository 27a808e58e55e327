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
