//! Tests of the plain-text reader: blocks typed by their shape, and the trailer.
use super::*;
use proptest::prelude::*;

use crate::store::decode;

/// A document as its plain texts: what the tests of words and trailers look at.
#[derive(Debug, PartialEq, Default)]
struct Parsed {
    title: String,
    paragraphs: Vec<String>,
    trailer: Vec<String>,
    blocks: Vec<Block>,
}

fn texts(document: Document) -> Parsed {
    let article =
        crate::store::Article::of_document("t".into(), "t".into(), document.clone(), vec![], Default::default());
    Parsed {
        title: document.title,
        paragraphs: article.texts().collect(),
        trailer: article.trailer().to_vec(),
        blocks: article.body().to_vec(),
    }
}

/// Parsed as the only article of its store.
fn parse(raw: &str) -> Parsed {
    texts(super::parse(raw, &Evidence::Alone))
}

#[test]
fn a_trailer_needs_evidence() {
    let raw = "T\n\nThe draw.\n\nNewcastle v Tottenham\n\nBurnley v Leicester\n";
    let content = texts(super::parse(raw, &Evidence::from_endings(["X\n\nOther.\n\nBolton v Arsenal\n"])));
    assert_eq!((content.paragraphs.len(), content.trailer.len()), (3, 0), "endings not seen elsewhere stay");
    let site = Evidence::from_endings(["X\n\nOther.\n\nBurnley v Leicester\n", "Y\n\nMore.\n\nBurnley v Leicester\n"]);
    assert_eq!(texts(super::parse(raw, &site)).trailer, ["Burnley v Leicester"], "only the recurring line");
    assert_eq!(parse("T\n\nOne.\n\nAttendance 8,661\n").trailer, Vec::<String>::new(), "alone: digits are content");
}

#[test]
fn title_paragraphs_and_trailer_of_the_seed_shape() {
    let parsed = parse("\n Title here \n\nFirst para\ncontinues.\n\nSecond one.\n\n\n\nWccfTech Tv\nFilter videos by");
    assert_eq!(parsed.title, "Title here");
    assert_eq!(parsed.paragraphs, ["First para continues.", "Second one."]);
    assert_eq!(parsed.trailer, ["WccfTech Tv", "Filter videos by"]);
}

#[test]
fn a_notes_last_line_is_its_own_unless_set_apart_as_a_footer() {
    let note = parse("Groceries\n\nFor the weekend:\n\nBuy milk and eggs\n");
    assert_eq!((note.paragraphs.len(), note.trailer.len()), (2, 0), "one blank line: the note's own");
    let poem = parse(
        "Stopping\n\nThe woods are lovely, dark and deep,\nBut I have promises to keep,\n\nAnd miles to go before I sleep\n",
    );
    assert!(poem.trailer.is_empty(), "{poem:?}");
    let footer = parse("Page\n\nThe story, told.\n\n\nShare this page\n");
    assert_eq!(footer.trailer, ["Share this page"], "set apart by two blank lines, as the seed's");
    assert!(texts(super::parse("Page\n\nThe story.\n\n\n\nShare this page\n", &Evidence::Never)).trailer.is_empty());
    // Neighbours that end with the same line need no blank lines: the folder is evidence.
    let site = Evidence::from_endings(["X\n\nA.\n\nShare this page\n", "Y\n\nB.\n\nShare this page\n"]);
    assert_eq!(texts(super::parse("T\n\nThe story.\n\nShare this page\n", &site)).trailer, ["Share this page"]);
}

#[test]
fn a_last_paragraph_of_prose_is_not_trailer() {
    let parsed = parse("T\n\nOne.\n\nClark Boyd is technology correspondent for The World.\n");
    assert!(parsed.trailer.is_empty());
    assert_eq!(parsed.paragraphs.len(), 2);
}

#[test]
fn the_only_paragraph_is_never_trailer() {
    let parsed = parse("T\n\nshort line");
    assert_eq!(parsed.paragraphs, ["short line"]);
    assert!(parsed.trailer.is_empty());
}

#[test]
fn list_items_are_items_with_their_lines_hanging_and_deeper_ones_nested() {
    let parsed = parse("T\n\nItems:\n - one\n - two\n");
    let item = |text: &str| Item { task: None, marker: None, blocks: vec![Block::paragraph(text)] };
    assert_eq!(
        parsed.blocks,
        [Block::paragraph("Items:"), Block::List { start: None, items: vec![item("one"), item("two")] }]
    );
    let bullets = parse("T\n\n• first, which\n  goes on\n◦ second\n    ‣ nested\n– third\n");
    let nested = Block::List { start: None, items: vec![item("nested")] };
    let second = Item { task: None, marker: None, blocks: vec![Block::paragraph("second"), nested] };
    assert_eq!(
        parsed_list(&bullets),
        Block::List { start: None, items: vec![item("first, which goes on"), second, item("third")] }
    );
    let lettered = parse(
        "T\n\n(a) You must give any other recipients of the Work or\n    Derivative Works a copy;\n(iv) and more\n",
    );
    let own = |marker: &str, text: &str| Item {
        task: None,
        marker: Some(marker.into()),
        blocks: vec![Block::paragraph(text)],
    };
    let items = vec![
        own("(a)", "You must give any other recipients of the Work or Derivative Works a copy;"),
        own("(iv)", "and more"),
    ];
    assert_eq!(parsed_list(&lettered), Block::List { start: None, items });
    let steps = parse("T\n\n2. Run the installer.\n   a) choose a folder\n   b) confirm\n");
    let sub = Block::List { start: None, items: vec![own("a)", "choose a folder"), own("b)", "confirm")] };
    let run = Item { task: None, marker: None, blocks: vec![Block::paragraph("Run the installer."), sub] };
    assert_eq!(parsed_list(&steps), Block::List { start: Some(2), items: vec![run] });
    let numbered = parse("T\n\n3. three\n4) four\n");
    assert_eq!(parsed_list(&numbered), Block::List { start: Some(3), items: vec![item("three"), item("four")] });
}

fn parsed_list(parsed: &Parsed) -> Block {
    assert_eq!(parsed.blocks.len(), 1, "{parsed:?}");
    parsed.blocks[0].clone()
}

#[test]
fn laid_out_lines_keep_their_breaks_and_indented_prose_reflows() {
    let man = parse(
        "LS(1)\n\nNAME\n       ls - list directory contents\n\n       -C     list entries by columns\n       -c     sort by ctime\n",
    );
    let heading = Block::Heading { level: 2, text: "NAME".into() };
    let name = Block::Indented { columns: 7, blocks: vec![Block::paragraph("ls - list directory contents")] };
    let options = Block::Preformatted {
        language: None,
        lines: vec!["       -C     list entries by columns".into(), "       -c     sort by ctime".into()],
    };
    assert_eq!(man.blocks, [heading, name, options]);
    let code = parse("T\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n");
    let lines = vec!["fn main() {".into(), "    println!(\"hi\");".into(), "}".into()];
    assert_eq!(code.blocks, [Block::Preformatted { language: Some("rust".into()), lines }]);
    let indented_code = parse("T\n\n    if x {\n        y();\n    }\n");
    assert!(matches!(indented_code.blocks[..], [Block::Preformatted { .. }]), "{indented_code:?}");
    let table = parse("T\n\nName     Size   Date\nfolio    12 K   today\nless     90 K   1983\n");
    assert!(matches!(&table.blocks[..], [Block::Preformatted { lines, .. }] if lines.len() == 3));
    let boxed = parse("T\n\n┌────┐\n│ hi │\n└────┘\n");
    assert_eq!(boxed.paragraphs, ["┌────┐\n│ hi │\n└────┘"]);
    // Hard-wrapped prose, even with an indented first line, still reflows.
    let prose = parse("T\n\n  It was a dark\nand stormy night.\n");
    assert_eq!(prose.paragraphs, ["It was a dark and stormy night."]);
    // A licence's clause: a numbered item at the clause's indentation, its lines hanging.
    let clause = parse(
        "T\n\n   2. Grant of Copyright License. Subject to the terms and conditions of\n      this License, each Contributor hereby grants to You a perpetual,\n      worldwide, non-exclusive, no-charge, royalty-free license.\n",
    );
    let text = "Grant of Copyright License. Subject to the terms and conditions of this License, each \
                Contributor hereby grants to You a perpetual, worldwide, non-exclusive, no-charge, royalty-free license.";
    let item = Item { task: None, marker: None, blocks: vec![Block::paragraph(text)] };
    let list = Block::List { start: Some(2), items: vec![item] };
    assert_eq!(clause.blocks, [Block::Indented { columns: 3, blocks: vec![list] }]);
    let indented = parse("T\n\n      The licence says this about you and\n      about the things that you do.\n");
    let text = "The licence says this about you and about the things that you do.";
    assert_eq!(indented.blocks, [Block::Indented { columns: 6, blocks: vec![Block::paragraph(text)] }]);
}

#[test]
fn a_man_pages_options_hang_their_descriptions_and_justified_text_reflows() {
    let man = parse(
        "LS(1)\n\n       List  information  about  the FILEs (the current directory by default).  Sort entries\n       alphabetically if none of -cftuvSUX nor --sort  is  speci\u{2010}\n       fied.\n\n       -a, --all\n              do not ignore entries starting with .\n\n       -c     with -lt: sort by, and show, ctime (time of last modification of\n              file status information); with -l: show ctime and sort by  name;\n",
    );
    let indented = |columns, blocks| Block::Indented { columns, blocks };
    let term = |t: &str| Block::Preformatted { language: None, lines: vec![t.into()] };
    let justified = "List information about the FILEs (the current directory by default). Sort entries \
                     alphabetically if none of -cftuvSUX nor --sort is specified.";
    assert_eq!(man.blocks[0], indented(7, vec![Block::paragraph(justified)]), "one word again: specified");
    let all = vec![term("-a, --all"), indented(7, vec![Block::paragraph("do not ignore entries starting with .")])];
    assert_eq!(man.blocks[1], indented(7, all));
    let c = "with -lt: sort by, and show, ctime (time of last modification of file status information); \
             with -l: show ctime and sort by name;";
    assert_eq!(man.blocks[2], indented(7, vec![term("-c"), indented(7, vec![Block::paragraph(c)])]));
}

#[test]
fn mail_quotes_signatures_and_wide_scripts_keep_their_shape() {
    let mail = parse("Re: lunch\n\n> quoted line one\n> quoted line two\n> > older\n\nAgreed.\n\n--\nAnn\n");
    let older = Block::Quote { blocks: vec![Block::paragraph("older")] };
    let quote = Block::Quote { blocks: vec![Block::paragraph("quoted line one quoted line two"), older] };
    assert_eq!(mail.blocks[0], quote, "{:?}", mail.blocks);
    assert!(matches!(&mail.blocks[2], Block::Preformatted { lines, .. } if lines == &["--", "Ann"]));
    assert_eq!(parse("T\n\n日本語の文章は\n改行されても続く。\n").paragraphs, ["日本語の文章は改行されても続く。"]);
    // `#` in a man page's option list is no heading; nor are capitals indented as a term.
    let man = parse(
        "BASH(1)\n\n       #      Expands to the number of positional parameters.\n       BASH_COMPAT\n              The value is used to set the level.\n",
    );
    assert!(!man.blocks.iter().any(|b| matches!(b, Block::Heading { .. })), "{:?}", man.blocks);
}

#[test]
fn nesting_past_the_deepest_kept_reads_flat_without_running_out_of_stack() {
    let deep: String = (0..200).map(|i| format!("{}- item {i}\n", " ".repeat(2 * i))).collect();
    let parsed = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || super::parse(&format!("T\n\n{deep}"), &Evidence::Alone))
        .unwrap()
        .join()
        .expect("no stack overflow");
    let mut depth = 0;
    let mut block = parsed.blocks.first().cloned();
    while let Some(Block::List { items, .. }) = block {
        depth += 1;
        block = items.last().and_then(|i| i.blocks.get(1).cloned());
    }
    assert!((MAX_DEPTH..=MAX_DEPTH + 2).contains(&depth), "{depth}");
    let quotes = format!("T\n\n{} deep\n", ">".repeat(20_000));
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || super::parse(&quotes, &Evidence::Alone))
        .unwrap()
        .join()
        .expect("no stack overflow");
}

#[test]
fn fences_span_blank_lines_and_headings_stand_alone() {
    let parsed = parse(
        "T\n\n```\nfn a() {}\n\nfn   b() {\n}\n\nfn c() {}\n```\n## Where\nit came from.\n\nSee also\n--------\n\n- rg\n- fd\n",
    );
    assert_eq!(
        parsed.paragraphs,
        ["fn a() {}\n\nfn   b() {\n}\n\nfn c() {}", "Where", "it came from.", "See also", "rg\nfd"]
    );
    assert!(matches!(parsed.blocks[1], Block::Heading { level: 2, .. }));
    assert!(matches!(parsed.blocks[3], Block::Heading { level: 2, .. }), "setext");
    assert!(parsed.trailer.is_empty(), "code, headings and lists are never trailer");
}

#[test]
fn blank_text_has_no_title() {
    assert_eq!(parse(" \n\t\n\x1b[0m"), Parsed::default());
}

proptest! {
    #[test]
    fn parsing_keeps_every_word(body in "[a-z.]{1,8}( [a-z.]{1,8}){0,6}(\n{1,3}[a-z.]{1,8}( [a-z.]{1,8}){0,6}){0,8}") {
        let raw = format!("Title\n\n{body}");
        let parsed = parse(&raw);
        prop_assert_eq!(parsed.title.as_str(), "Title");
        let mut words: Vec<&str> = parsed.paragraphs.iter().flat_map(|p| p.split_whitespace()).collect();
        words.extend(parsed.trailer.iter().flat_map(|l| l.split_whitespace()));
        prop_assert_eq!(words, body.split_whitespace().collect::<Vec<_>>());
        prop_assert!(!parsed.paragraphs.is_empty());
    }

    #[test]
    fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(decoded) = decode(&bytes, true) {
            let parsed = parse(&decoded.text);
            prop_assert!(!parsed.title.contains('\n'));
            prop_assert_eq!(title_of(&decoded.text).unwrap_or_default(), parsed.title);
        }
    }
}
