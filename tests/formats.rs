//! Every format folio reads, in one folder as people keep them: listed by real title, each drawn in the reader as its source meant.

mod common;

use common::*;
use folio::action::Action;
use insta::assert_snapshot;
use std::io::Write;
use std::path::Path;

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>
<item><title>Flood warning lifted</title><link>https://example.com/rivers</link><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The water came up &lt;b&gt;overnight&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Weekly digest</title><link>https://example.com/d1</link><pubDate>Tue, 23 Apr 2024 10:00:00 GMT</pubDate><description>First digest.</description></item>
</channel></rss>"#;

const MBOX: &str = "From ann@example.com Mon Jan  1 00:00:00 2024\nFrom: Ann <ann@example.com>\nSubject: First letter\nDate: Mon, 1 Jan 2024 09:00:00 +0000\n\nHello there.\n\nFrom bo@example.com Tue Jan  2 00:00:00 2024\nFrom: Bo <bo@example.com>\nSubject: A newsletter\nDate: Tue, 2 Jan 2024 09:00:00 +0000\nContent-Type: text/html\n\n<html><body><nav>Menu</nav><p>News in <b>bold</b> this week.</p></body></html>\n";

const PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Rivers rise after storm | The Daily Example</title>
<meta property="og:title" content="Rivers rise after storm"><meta name="author" content="Ann Writer">
<style>body { color: red }</style><script>var tracking = "do not show";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><header>The Daily Example</header>
<main><article><h1>Rivers rise after storm</h1>
<p>The water came up over the banks in the night, and the town woke to find the <strong>old bridge</strong> closed and the <a href="https://example.com/map">flood map</a> redrawn by the council.</p>
<p>Residents on the low streets moved what they could upstairs; the school opened its hall to families who had nowhere dry to sleep, and volunteers brought soup.</p>
<h2>What comes next</h2><ul><li>Sandbags at the school</li><li>A meeting on <em>Friday</em></li></ul>
<blockquote><p>We have never seen it this high.</p></blockquote>
<table><tr><th>Station</th><th>Level</th></tr><tr><td>Mill</td><td>4.2 m</td></tr></table>
</article></main><aside>Advertisement: buy now</aside><footer>All rights reserved</footer></body></html>"#;

/// A folder of every kind: a saved page, two books (EPUB 3 and 2), gzip'd notes, a README
/// without an extension, an Org file and an AsciiDoc guide, beside a binary folio skips.
fn library(name: &str) -> Scratch {
    let dir = scratch(&format!("formats-{name}"));
    let write = |file: &str, bytes: &[u8]| std::fs::write(dir.join(file), bytes).unwrap();
    write("page.html", PAGE.as_bytes());
    let chapters = [
        ("one.xhtml", "The Beginning", "<p>It was a <em>bright</em> cold day in April.</p>"),
        ("two.xhtml", "Chapter Two", "<h1>Chapter Two</h1><p>The clocks were striking thirteen.</p>"),
    ];
    write("book.epub", &folio::testing::epub("A Test Book", "Ann Author", &chapters, true));
    write("old.epub", &folio::testing::epub("An Older Book", "Bo Writer", &chapters[..1], false));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"Gzipped notes\n\nThey read as less reads them.\n").unwrap();
    write("notes.txt.gz", &gz.finish().unwrap());
    write(
        "plan.md.zst",
        &ruzstd::encoding::compress_to_vec(
            &b"# Zstd plan\n\nRead as zstdcat reads it.\n"[..],
            ruzstd::encoding::CompressionLevel::Fastest,
        ),
    );
    let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    bz.write_all(b"Bzipped notes\n\nAs bzcat reads them.\n").unwrap();
    write("NEWS.bz2", &bz.finish().unwrap());
    write("README", b"Widget\n\nA tool that does things.\n");
    write("todo.org", b"#+TITLE: Garden log\n#+AUTHOR: Me\n\n* Spring\nSowed peas.\n** Beds\nDug two.\n");
    write("guide.adoc", b"= User Guide\n:toc:\n\n== Install\nRun the installer.\n");
    write("tool", b"\x7fELF\x02\x01\x01\0\0\0");
    write("news.rss", RSS.as_bytes());
    write("letters.mbox", MBOX.as_bytes());
    write("hello.eml", b"From: Cy <cy@example.com>\nSubject: Hello by mail\nDate: Wed, 3 Jan 2024 09:00:00 +0000\n\nA single message.\n");
    for folder in ["Mail/cur", "Mail/new", "Mail/tmp"] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
    }
    let message = b"From: Di <di@example.com>\nSubject: Maildir letter\nDate: Thu, 4 Jan 2024 09:00:00 +0000\n\nRead from a maildir.\n";
    write("Mail/cur/1704358800.M1P2.host:2,S", message);
    dir
}

#[test]
fn every_format_is_listed_by_its_real_title() {
    let dir = library("list");
    let output = folio_in(&dir, &["list", "."]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "Mail/1704358800.M1P2.host\tMaildir letter\nNEWS\tBzipped notes\nREADME\tWidget\nbook\tA Test Book\nguide\tUser Guide\nhello\tHello by mail\nletters.mbox/a-newsletter\tA newsletter\nletters.mbox/first-letter\tFirst letter\nnews.rss/flood-warning-lifted\tFlood warning lifted\nnews.rss/weekly-digest\tWeekly digest\nnotes\tGzipped notes\nold\tAn Older Book\npage\tRivers rise after storm\nplan\tZstd plan\ntodo\tGarden log\n"
    );
}

/// The reader's screen on the article titled `title`, at 70x24.
fn reader_on(dir: &Path, title: &str) -> Vec<String> {
    let mut app = app(load(dir.to_path_buf()), 70, 24);
    act(&mut app, typed(&format!("'{title}")));
    act(&mut app, [Action::Open]);
    // The scratch folder's path differs by machine and run: its line is named, not shown.
    let shown = dir.to_string_lossy().into_owned();
    let lines = screen(&draw(&app)).into_iter().map(|l| l.trim_end().to_owned());
    lines.map(|l| if l.contains(&shown) { " <the file's path>".to_owned() } else { l }).collect()
}

#[test]
fn each_format_reads_as_its_source_meant() {
    let dir = library("read");
    let page = reader_on(&dir, "Rivers rise after storm");
    let text = page.join("\n");
    for gone in ["Home", "tracking", "color: red", "Advertisement", "All rights reserved", "</", "<p"] {
        assert!(!text.contains(gone), "{gone:?} shown:\n{text}");
    }
    assert_snapshot!("formats_html_70x24", text);
    assert_snapshot!("formats_epub3_70x24", reader_on(&dir, "A Test Book").join("\n"));
    assert_snapshot!("formats_epub2_70x24", reader_on(&dir, "An Older Book").join("\n"));
    assert_snapshot!("formats_gzip_70x24", reader_on(&dir, "Gzipped notes").join("\n"));
    for (title, text) in [("Zstd plan", "Read as zstdcat reads it."), ("Bzipped notes", "As bzcat reads them.")] {
        let shown = reader_on(&dir, title);
        assert_eq!(shown[1].trim(), title);
        assert!(shown.iter().any(|line| line.trim() == text), "{text:?} in {shown:#?}");
    }
    assert_snapshot!("formats_readme_70x24", reader_on(&dir, "Widget").join("\n"));
    assert_snapshot!("formats_org_70x24", reader_on(&dir, "Garden log").join("\n"));
    assert_snapshot!("formats_asciidoc_70x24", reader_on(&dir, "User Guide").join("\n"));
    assert_snapshot!("formats_feed_item_70x24", reader_on(&dir, "Weekly digest").join("\n"));
    assert_snapshot!("formats_mbox_html_70x24", reader_on(&dir, "A newsletter").join("\n"));
    assert_snapshot!("formats_eml_70x24", reader_on(&dir, "Hello by mail").join("\n"));
    assert_snapshot!("formats_maildir_70x24", reader_on(&dir, "Maildir letter").join("\n"));
}

#[test]
fn a_restart_lists_a_feeds_items_from_the_title_index_as_the_first_load_did() {
    let dir = library("index");
    let options = || folio::store::LoadOptions { cache: Some(dir.join(".cache-index")) };
    let ids = |catalog: &folio::store::SharedCatalog| {
        let catalog = catalog.read().unwrap();
        (0..catalog.len()).map(|i| format!("{}\t{}", catalog.id(i), catalog.title(i))).collect::<Vec<_>>()
    };
    let origins = || folio::store::origins_for(&[dir.to_path_buf()]);
    let (first, _) = folio::store::load_catalog(origins(), options());
    let (again, _) = folio::store::load_catalog(origins(), options());
    assert_eq!(ids(&first), ids(&again));
    assert!(ids(&again).contains(&"news.rss/weekly-digest\tWeekly digest".to_owned()));
}

/// Pages saved from news sites and a recipe site, made for these tests in the shapes those
/// sites use (see tests/fixtures/SOURCE.md): JSON-LD and OpenGraph titles, cookie banners,
/// share tools, "most read" asides, a windows-1252 page of tables and `<font>`, and a page
/// Chrome saved as MHTML.
fn saved_pages() -> std::path::PathBuf {
    repo_path("tests/fixtures/pages")
}

#[test]
fn saved_news_pages_list_by_their_headlines() {
    let home = scratch("formats-pages-list");
    let output = folio_in(&home, &["list", saved_pages().to_str().unwrap()]);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "chronicle\tVillage votes to buy its last pub\nhigh-street\tCafé owners “cautiously hopeful” as high street reopens\nsourdough\tHow to keep a sourdough starter alive\nworld-news\tStorm closes ports along the north coast\n"
    );
}

#[test]
fn saved_news_pages_read_without_the_site_around_them() {
    let dir = saved_pages();
    let home = scratch("formats-pages-show");
    let site = [
        "cookies",
        "Home",
        "Share on",
        "Advertisement",
        "Related topics",
        "Most read",
        "Most viewed",
        "Sign up",
        "Sign in",
        "Comments",
        "subscribe",
        "All rights",
        "©",
        "Recipes",
        "newsletter",
        "</",
        "\u{fffd}",
    ];
    let mut read = Vec::new();
    for (id, title) in [
        ("world-news", "Storm closes ports"),
        ("chronicle", "Village votes"),
        ("high-street", "Café owners"),
        ("sourdough", "sourdough starter"),
    ] {
        // The whole article, not only its first screen.
        let whole = folio_in(&home, &["show", id, dir.to_str().unwrap()]);
        let whole = String::from_utf8_lossy(&whole.stdout).into_owned();
        assert!(whole.lines().count() > 8, "{id}: {whole}");
        let shown = reader_on(&dir, title).join("\n");
        for boilerplate in site {
            assert!(!whole.contains(boilerplate), "{boilerplate:?} in {id}:\n{whole}");
            assert!(!shown.contains(boilerplate), "{boilerplate:?} shown in {title:?}:\n{shown}");
        }
        read.push(shown);
    }
    assert_snapshot!("formats_news_jsonld_70x24", read[0]);
    assert_snapshot!("formats_news_chronicle_70x24", read[1]);
    assert_snapshot!("formats_news_windows1252_70x24", read[2]);
    assert_snapshot!("formats_mhtml_70x24", read[3]);
}
