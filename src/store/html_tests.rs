//! Tests of the HTML reader: extraction, blocks, title, charset, hostile text.
use super::*;

/// Runs `read` on a thread of a 2 MiB stack (a main thread's is 8): what a deep page would
/// overflow, it overflows.
fn on_a_small_stack<T: Send + 'static>(read: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(2 << 20).spawn(read).unwrap().join().unwrap()
}

fn plain(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| {
            let mut text = String::new();
            b.plain_text(&mut text);
            text
        })
        .collect()
}

/// A page as news sites save: navigation, a header, an article, an aside of ads, a footer.
fn news_page(body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>Rivers rise after storm | The Daily Example</title>
<meta property="og:title" content="Rivers rise after storm"><meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2024-05-01T10:00:00Z">
<style>body {{ color: red }}</style><script>var tracking = "do not show";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<header><div class="logo">The Daily Example</div></header>
<main><article><h1>Rivers rise after storm</h1>{body}</article></main>
<aside class="ad"><p>Buy now! Advertisement.</p></aside>
<footer><p>Copyright The Daily Example. All rights reserved.</p></footer></body></html>"#
    )
}

fn story() -> String {
    let paragraph = |i: usize| {
        format!(
            "<p>Paragraph {i} of the story tells how the water came up over the banks in the night, and how the town woke to find the <strong>old bridge</strong> closed and the <a href=\"https://example.com/map\">flood map</a> redrawn.</p>"
        )
    };
    let mut body: String = (1..=6).map(paragraph).collect();
    body.push_str(
        "<h2>What comes next</h2><ul><li>Sandbags at the school</li><li>A meeting on <em>Friday</em></li></ul>",
    );
    body.push_str("<blockquote><p>We have never seen it this high.</p></blockquote>");
    body.push_str("<pre><code class=\"language-sh\">curl example.com/levels\n</code></pre>");
    body.push_str("<table><thead><tr><th>Station</th><th>Level</th></tr></thead><tbody><tr><td>Mill</td><td>4.2 m</td></tr></tbody></table>");
    body.push_str("<figure><img src=\"flood.jpg\" alt=\"The flooded square\"><figcaption>The square at dawn.</figcaption></figure>");
    body
}

#[test]
fn a_saved_news_page_reads_as_its_story_without_the_site_around_it() {
    let document = parse(&news_page(&story()));
    assert_eq!(document.title, "Rivers rise after storm");
    assert_eq!(document.meta.author.as_deref(), Some("Ann Writer"));
    assert_eq!(document.meta.date.as_deref(), Some("2024-05-01"));
    let texts = plain(&document.blocks).join("\n");
    for gone in ["Home", "Sport", "tracking", "color: red", "Advertisement", "All rights reserved"] {
        assert!(!texts.contains(gone), "{gone:?} shown in {texts}");
    }
    assert!(texts.starts_with("Paragraph 1 of the story"), "{texts}");
    let kinds: Vec<&str> = document
        .blocks
        .iter()
        .map(|b| match b {
            Block::Heading { .. } => "heading",
            Block::Paragraph { .. } => "paragraph",
            Block::List { .. } => "list",
            Block::Quote { .. } => "quote",
            Block::Preformatted { .. } => "code",
            Block::Table { .. } => "table",
            Block::Image { .. } => "image",
            _ => "other",
        })
        .collect();
    for kind in ["heading", "list", "quote", "code", "table", "image"] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
    let first = document.blocks.iter().find_map(|b| match b {
        Block::Paragraph { text } => Some(text),
        _ => None,
    });
    let first = first.unwrap();
    let inked = |ink: &Ink| first.spans.iter().find(|s| &s.ink == ink).map(|s| &first.text[s.start..s.end]);
    assert_eq!(inked(&Ink::Strong), Some("old bridge"));
    assert_eq!(inked(&Ink::Link { target: "https://example.com/map".into() }), Some("flood map"));
    assert!(document.blocks.iter().any(|b| matches!(b, Block::Preformatted { language: Some(l), lines } if l == "sh" && lines == &["curl example.com/levels"])));
    assert!(
        document
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Table { rows, header: true } if rows.len() == 2 && rows[1][1].text == "4.2 m"))
    );
}

#[test]
fn the_title_probe_agrees_with_the_whole_read() {
    let page = news_page(&story());
    assert_eq!(title_of(&page).as_deref(), Some("Rivers rise after storm"));
    let bare = "<html><head><title>Only a title &amp; more</title></head><body><p>x</p></body></html>";
    assert_eq!(title_of(bare).as_deref(), Some("Only a title & more"));
    assert_eq!(parse(bare).title, "Only a title & more");
}

#[test]
fn a_page_extraction_gives_up_on_reads_as_its_whole_body_never_as_tags() {
    let page = "<html><body><nav>Menu</nav><div>Short note.</div><div>Second <b>line</b>.</div><footer>Foot</footer></body></html>";
    let document = parse(page);
    let texts = plain(&document.blocks).join("|");
    assert!(!texts.contains('<') && !document.title.contains('<'), "{texts} / {}", document.title);
    assert!(format!("{}|{texts}", document.title).contains("Short note."), "{texts}");
    assert!(!texts.contains("Menu") && !texts.contains("Foot"), "{texts}");
}

#[test]
fn whitespace_collapses_as_a_browser_shows_it_and_br_breaks_a_line() {
    let blocks = chapter("<html><body><p>one\n   two<b> three</b>four<br>five</p></body></html>");
    assert_eq!(plain(&blocks), ["one two threefour\nfive"]);
}

#[test]
fn hostile_text_and_attributes_are_sanitized() {
    let page = "<html><head><title>Ti\u{1b}[31mtle&#27;</title></head><body><article><h1>x</h1><p>Esc &#27;[2J here \u{202e}evil and <a href=\"https://e.com/&#7;\">link</a>. More words follow to make it long enough to be the content of the page for the extractor, and more, and more.</p><img alt=\"a&#27;]0;pwn&#7;\" src=\"x.png\"></article></body></html>";
    let document = parse(page);
    crate::testing::assert_document_is_clean(&document);
    assert!(document.title.starts_with("Ti") && document.title.contains("tle"), "{}", document.title);
}

#[test]
fn a_legacy_page_is_read_in_the_charset_it_declares() {
    let mut bytes =
        b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><title>".to_vec();
    bytes.extend(encoding_rs::KOI8_R.encode("Новости дня").0.iter());
    bytes.extend(b"</title></head><body><p>x</p></body></html>");
    let decoded = decode(&bytes, true).unwrap();
    assert_eq!(decoded.encoding, Some("KOI8-R"));
    assert_eq!(title_of(&decoded.text).as_deref(), Some("Новости дня"));
    assert_eq!(declared_charset(b"<meta charset='windows-1251'>").map(Encoding::name), Some("windows-1251"));
    assert_eq!(declared_charset(b"<p>no charset here</p>"), None);
}

#[test]
fn deep_nesting_reads_flat_without_overflowing_the_stack() {
    let depth = 20_000;
    let page = format!(
        "<html><body>{}<p>deep words</p>{}</body></html>",
        "<div><blockquote>".repeat(depth),
        "</blockquote></div>".repeat(depth)
    );
    let read = on_a_small_stack(move || parse(&page));
    assert!(plain(&read.blocks).join(" ").contains("deep words") || read.title.contains("deep words"));
}

#[test]
fn self_closed_divs_by_the_thousand_read_without_overflowing_the_stack() {
    let page = format!("<html><body>{}<p>still here</p></body></html>", "<div/>".repeat(30_000));
    let (read, chapter) = on_a_small_stack(move || (parse(&page), chapter(&page)));
    assert!(plain(&read.blocks).join(" ").contains("still here") || read.title.contains("still here"));
    assert_eq!(plain(&chapter), ["still here"]);
}

#[test]
fn a_chapter_s_self_closed_title_and_script_do_not_swallow_its_text() {
    let xhtml = r#"<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title/><script src="x.js"/></head><body><p>First words.</p><div class="x"/><p>Second.</p></body></html>"#;
    assert_eq!(plain(&chapter(xhtml)), ["First words.", "Second."]);
}

#[test]
fn a_style_around_blocks_styles_each_block_s_own_words() {
    let blocks = chapter("<b>one<p>two</p>three</b><p>plain</p>");
    let styled: Vec<(String, Vec<(usize, usize)>)> = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { text } => {
                (text.text.clone(), text.spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>())
            }
            other => panic!("{other:?}"),
        })
        .collect();
    let expected: Vec<(String, Vec<(usize, usize)>)> = vec![
        ("one".into(), vec![(0, 3)]),
        ("two".into(), vec![(0, 3)]),
        ("three".into(), vec![(0, 5)]),
        ("plain".into(), vec![]),
    ];
    assert_eq!(styled, expected);
}

#[test]
fn tables_in_tables_stop_at_the_walk_s_depth() {
    let depth = super::super::tags::MAX_TAG_DEPTH;
    let page = format!("{}<p>innermost</p>{}", "<table><tr><td>".repeat(depth), "</td></tr></table>".repeat(depth));
    let blocks = on_a_small_stack(move || chapter(&page));
    assert!(plain(&blocks).join(" ").contains("innermost"));
}

#[test]
fn a_page_without_a_title_is_listed_by_the_title_it_is_read_with() {
    for page in ["<html><body><h2>Only a heading</h2><p>Words.</p></body></html>", "<p>First words here.</p>"] {
        assert_eq!(title_of(page), Some(parse(page).title).filter(|t| !t.is_empty()), "{page}");
    }
    assert_eq!(title_of("<p>First words here.</p>").as_deref(), Some("First words here."));
}

#[test]
fn the_heading_confirms_which_part_of_a_title_is_the_site_s_name() {
    for (title, kept) in [
        ("Rivers rise | The Daily Example", "Rivers rise"),
        ("The Daily Example - Rivers rise", "Rivers rise"),
        ("Rivers rise: a town waits", "Rivers rise: a town waits"),
    ] {
        let page = format!(
            "<html><head><title>{title}</title></head><body><h1>{kept}</h1><p>The water came up over the banks.</p></body></html>"
        );
        assert_eq!(chapter_title(&page), kept, "{title}");
    }
    let finished =
        finish("Rivers rise | The Daily Example".into(), Meta::default(), chapter("<h1>Rivers rise</h1><p>Words.</p>"));
    assert_eq!((finished.title.as_str(), plain(&finished.blocks)), ("Rivers rise", vec!["Words.".to_owned()]));
}

fn chapter_title(page: &str) -> String {
    let title = Dom::from(page).select("title").text().to_string();
    finish(title, Meta::default(), chapter(page)).title
}

#[test]
fn a_byline_above_the_text_is_not_shown_twice_and_heading_anchors_go() {
    let meta = Meta { author: Some("Ann Writer".into()), ..Meta::default() };
    let blocks = chapter(
        r##"<h1>Title</h1><p>By Ann Writer</p><h2>Part <a class="headerlink" href="#part">¶</a></h2><p>See <a href="#notes">the notes</a>.</p>"##,
    );
    let finished = finish("Title".into(), meta, blocks);
    assert_eq!(plain(&finished.blocks), ["Part", "See the notes."]);
}

#[test]
fn a_date_line_saying_the_header_s_date_goes() {
    assert!(says_date("Sun 3 Nov 2024 07:15", "2024-11-03"));
    assert!(says_date("3 November 2024", "2024-11-03"));
    assert!(says_date("Sun 3rd Nov 2024 07.15 GMT", "2024-11-03"));
    assert!(says_date("November 3, 2024", "2024-11-03"));
    assert!(!says_date("4 November 2024", "2024-11-03"));
    assert!(!says_date("Sun 3 Nov 2024 07.15 GMT", "2024-11-07"), "07.15 is a time, not the 7th");
    assert!(!says_date("The storm of 3 November 2024 closed every port on the coast.", "2024-11-03"));
}

#[test]
fn stray_end_tags_and_comment_tricks_do_not_overflow_the_stack() {
    for unit in ["<div></x>", "<!-->", "<div><!-- x --!>"] {
        let page =
            format!("<html><body>{}<p>still here</p></body></html>", unit.repeat(30_000) + &"<div>".repeat(30_000));
        let (read, chapter) = on_a_small_stack(move || (parse(&page), chapter(&page)));
        assert!(plain(&read.blocks).join(" ").contains("still here") || read.title.contains("still here"), "{unit}");
        assert!(plain(&chapter).join(" ").contains("still here"), "{unit}");
    }
}

#[test]
fn the_page_s_h1_confirms_a_title_unless_it_is_the_site_s_logo() {
    let page = |h1: &str, title: &str| {
        format!(
            r#"<html><head><title>{title}</title><meta property="og:site_name" content="Example News"></head><body><header><h1 class="logo">{h1}</h1></header><article><p>The water came up over the banks in the night and the town woke to find the bridge closed.</p><p>Residents moved what they could upstairs, and the school opened its hall to families.</p></article></body></html>"#
        )
    };
    assert_eq!(title_of(&page("Rivers rise", "Rivers rise | Communities")).as_deref(), Some("Rivers rise"));
    assert_eq!(parse(&page("Rivers rise", "Rivers rise | Communities")).title, "Rivers rise");
    let banner = page("Node.js v20 documentation", "Zlib | Node.js v20 Documentation");
    assert_eq!(title_of(&banner).as_deref(), Some("Zlib | Node.js v20 Documentation"));
    assert_eq!(byline_name("By Jane Smith"), "Jane Smith");
    let logo = page("Example News", "Example News - Rivers rise tonight");
    assert_ne!(title_of(&logo).as_deref(), Some("Example News"));
    assert_ne!(parse(&logo).title, "Example News");
}

#[test]
fn a_link_to_a_place_on_the_page_keeps_its_words_and_images() {
    let blocks = chapter(
        r##"<p>See this <a href="#s">link</a> and <a href="#fig"><img alt="Chart of levels" src="c.png"></a> here.</p>"##,
    );
    assert_eq!(plain(&blocks), ["See this link and [image: Chart of levels] here."]);
}
