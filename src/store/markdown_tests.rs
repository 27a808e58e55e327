//! Tests of the Markdown reader: titles, front matter, blocks, inline styles, nesting.
use super::*;
use proptest::prelude::*;

fn paragraph(text: &str) -> Block {
    Block::paragraph(text)
}

#[test]
fn the_title_is_front_matter_then_a_heading_then_prose_never_markup() {
    assert_eq!(parse("---\ntitle: \"From YAML\"\n---\n# Heading\n").title, "From YAML");
    assert_eq!(parse("+++\ntitle = \"From TOML\"\ntags = [\"a\"]\n+++\n\nText.\n").title, "From TOML");
    let readme = "<div align=\"center\">\n  <img src=\"logo.png\">\n</div>\n\n\
        [![crates.io](https://img.shields.io/crates/v/x.svg)](https://crates.io/crates/x) [![docs](https://docs.rs/x/badge.svg)](https://docs.rs/x)\n\n\
        # ripgrep\n\nFast search.\n";
    let document = parse(readme);
    assert_eq!(document.title, "ripgrep");
    assert!(!document.blocks.iter().any(|b| matches!(b, Block::Heading { .. })), "the title's heading is not repeated");
    assert_eq!(parse("[link](https://a) [other](https://b)\n\nReal words here.\n").title, "Real words here.");
    assert_eq!(parse("<p align=\"center\">Logo text</p>\n\nProse line\nnext line\n").title, "Prose line next line");
    assert_eq!(parse("---\ndate: 2024-01-01\n---\n").title, "", "nothing to name it: the file name will");
    assert_eq!(title_of("Setext title\n============\n\nBody."), Some("Setext title".into()));
    // Shapes of real crate READMEs (bit-set, base64, borsh, once_cell).
    let centred = "<div align=\"center\">\n  <h1>bit-set</h1>\n  <p>\n    <strong>A compact set of bits.</strong>\n  </p>\n\n[![crates.io][shield]][link]\n\n[shield]: https://img.shields.io/x.svg\n[link]: https://crates.io/crates/bit-set\n";
    assert_eq!(title_of(centred).as_deref(), Some("bit-set"));
    assert_eq!(title_of("# [base64](https://crates.io/crates/base64) [![Docs](https://docs.rs/b.svg)](https://docs.rs/base64)\n\nText.").as_deref(), Some("base64"));
    assert_eq!(title_of("# Borsh in Rust &emsp; [![Latest Version]][crates.io]\n\n[Latest Version]: https://img.shields.io/b.svg\n[crates.io]: https://crates.io/crates/borsh\n").as_deref(), Some("Borsh in Rust"));
    assert_eq!(title_of("<p align=\"center\"><img src=\"logo.png\" alt=\"once_cell\"></p>\n\n[![CI](https://ci/b.svg)](https://ci)\n\n# Overview\n\nText.").as_deref(), Some("Overview"));
}

#[test]
fn front_matter_is_yamls_own_quoting_and_folding_and_only_at_the_start() {
    assert_eq!(parse("---\ntitle: \"Quoted: \\\"colon\\\" title\"\n---\n").title, "Quoted: \"colon\" title");
    assert_eq!(parse("---\ntitle: 'it''s'\n---\n").title, "it's");
    assert_eq!(parse("---\ntitle: >\n  A folded\n  long title\ndate: 2024\n---\n").title, "A folded long title");
    let late = parse("# T\n\nIntro prose\n\n---\ntitle: late\n---\n\nMore.\n");
    assert_eq!(late.title, "T");
    assert_eq!(
        late.blocks[1..3],
        [Block::Rule, Block::Heading { level: 2, text: "title: late".into() }],
        "{:?}",
        late.blocks
    );
}

#[test]
fn front_matter_and_hash_tags_are_metadata_not_text() {
    let document = parse(
        "---\ntitle: T\ndate: 2024-05-01\nauthor: Ann\ntags:\n  - rust\n  - 'cli'\n---\n\nNotes on #terminal and #rust, not #1.\n",
    );
    assert_eq!(document.meta.tags, ["rust", "cli", "terminal"]);
    assert_eq!((document.meta.date.as_deref(), document.meta.author.as_deref()), (Some("2024-05-01"), Some("Ann")));
    assert_eq!(document.blocks, [paragraph("Notes on #terminal and #rust, not #1.")]);
    let linked = parse("# T\n\nSee [self](#far-section), `#notatag` and [#linked](x.md) but #real.\n");
    assert_eq!(linked.meta.tags, ["real"], "anchors, code and link words are no tags");
}

#[test]
fn blocks_keep_their_kinds() {
    let document = parse(
        "# T\n\n> quote\n> > nested\n\n- a\n  - b\n- [ ] c\n\n```rust\nfn x() {}\n```\n\n***\n\n![alt](i.png)\n\n| h |\n|---|\n| c |\n",
    );
    let item = |text: &str, task, nested: Option<Block>| Item {
        task,
        marker: None,
        blocks: std::iter::once(paragraph(text)).chain(nested).collect(),
    };
    let inner = Block::List { start: None, items: vec![item("b", None, None)] };
    assert_eq!(
        document.blocks,
        [
            Block::Quote { blocks: vec![paragraph("quote"), Block::Quote { blocks: vec![paragraph("nested")] }] },
            Block::List { start: None, items: vec![item("a", None, Some(inner)), item("c", Some(false), None)] },
            Block::Preformatted { language: Some("rust".into()), lines: vec!["fn x() {}".into()] },
            Block::Rule,
            Block::Image { alt: "alt".into(), source: "i.png".into() },
            Block::Table { rows: vec![vec!["h".into()], vec!["c".into()]], header: true },
        ]
    );
}

#[test]
fn inline_styles_reference_links_and_footnotes() {
    let document = parse(
        "# T\n\nA **b** *i* ~~s~~ `c` [ref][1] <https://x.y> text[^n].\n\n[1]: https://r.example\n[^n]: The note.\n",
    );
    let Block::Paragraph { text } = &document.blocks[0] else { panic!("{document:?}") };
    assert_eq!(text.text, "A b i s c ref https://r.example https://x.y text[n].");
    let styled: Vec<(&str, &Ink)> = text.spans.iter().map(|s| (&text.text[s.start..s.end], &s.ink)).collect();
    assert_eq!(
        styled,
        [
            ("b", &Ink::Strong),
            ("i", &Ink::Emphasis),
            ("s", &Ink::Strike),
            ("c", &Ink::Code),
            ("ref", &Ink::Link { target: "https://r.example".into() }),
            ("https://r.example", &Ink::Faint),
            ("https://x.y", &Ink::Link { target: "https://x.y".into() }),
            ("[n]", &Ink::Faint),
        ]
    );
    assert_eq!(document.blocks[1..], [Block::Rule, paragraph("[n] The note.")], "footnotes at the end");
    let japanese = parse("# T\n\n日本語の**文章は**\n改行されても続く。\nThen English\nwords.\n");
    let Block::Paragraph { text } = &japanese.blocks[0] else { panic!() };
    assert_eq!(text.text, "日本語の文章は改行されても続く。 Then English words.");
    assert_eq!(&text.text[text.spans[0].start..text.spans[0].end], "文章は");
}

#[test]
fn entities_the_parser_decodes_never_make_controls() {
    let document = parse("# T\n\n![a&#27;&#7;b](x.png)\n\n[&#27;[2J](y) `&#27;`\n\n<div>a &#27;< b</div>\n");
    let document =
        Document { meta: parse("+++\nauthor = [\"\\u001b]0;x\\u0007Ann\", \"Bo\\nb\"]\n+++\n").meta, ..document };
    let json = serde_json::to_string(&document).unwrap();
    assert!(!json.contains("\\u001b") && !json.contains("\\u0007"), "{json}");
    assert_eq!(document.meta.author.as_deref(), Some("Ann, Bo b"), "the whole escape sequence goes");
    assert!(json.contains("< b"), "a lone < is text: {json}");
}

/// Each block of `document` as plain text.
fn plain_texts(document: &Document) -> Vec<String> {
    let text = |b: &Block| {
        let mut s = String::new();
        b.plain_text(&mut s);
        s
    };
    document.blocks.iter().map(text).collect()
}

#[test]
fn html_is_reduced_to_its_text() {
    let document =
        parse("# T\n\n<details><summary>More</summary>\n\nInside &amp; <b>bold</b>\n\n</details>\n\n<p>A<br>B</p>\n");
    let texts = plain_texts(&document);
    assert_eq!(texts, ["More", "Inside & bold", "A B"]);
    let hidden = parse(
        "# T\n\n<details><summary>More</summary>Hidden text</details>\n\n<script>alert(\"x\")</script>\n\nA <style>p{}</style>b.\n\n> [!NOTE]\n> Read this.\n",
    );
    let texts = plain_texts(&hidden);
    assert_eq!(texts, ["More Hidden text", "A b.", "Note\nRead this."]);
}

#[test]
fn nesting_past_the_deepest_kept_reads_flat_without_running_out_of_stack() {
    for text in [format!("# Q\n\n{} deep\n", ">".repeat(20_000)), "- a\n".to_owned() + &"  ".repeat(3000) + "- deep\n"]
    {
        let document = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let document = parse(&text);
                // Laid out and dropped on this small stack too.
                let article = crate::store::Article::of_document(
                    "q".into(),
                    "q".into(),
                    document.clone(),
                    vec![],
                    Default::default(),
                );
                crate::page::Page::new(&article, 40);
                document
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(!document.blocks.is_empty());
    }
}

proptest! {
    #[test]
    fn any_markdown_reads_and_keeps_its_styles_on_char_boundaries(text in "[-#*_`>|\\[\\]()!a-zé \n0-9.~:+]{0,200}") {
        let document = parse(&text);
        fn check(block: &Block) -> Result<(), TestCaseError> {
            let text_ok = |t: &Text| t.spans.iter().all(|s| s.start < s.end && s.end <= t.text.len()
                && t.text.is_char_boundary(s.start) && t.text.is_char_boundary(s.end));
            match block {
                Block::Heading { text, .. } | Block::Paragraph { text } => prop_assert!(text_ok(text), "{text:?}"),
                Block::List { items, .. } => for b in items.iter().flat_map(|i| &i.blocks) { check(b)? },
                Block::Quote { blocks } | Block::Indented { blocks, .. } => for b in blocks { check(b)? },
                Block::Table { rows, .. } => prop_assert!(rows.iter().flatten().all(text_ok)),
                _ => {}
            }
            Ok(())
        }
        for block in &document.blocks {
            check(block)?;
        }
        prop_assert!(!document.title.contains('\n'));
    }
}
