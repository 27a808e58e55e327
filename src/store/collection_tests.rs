//! Tests of collections: a feed's items and an mbox's messages as articles, newest first, keyed for good.
use super::*;
use crate::document::{Block, Document, Ink};

const RSS: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Example News</title>
<item><title>Rivers rise after storm</title><link>https://example.com/rivers</link><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;The water came up &lt;b&gt;overnight&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Weekly digest</title><link>https://example.com/d2</link><pubDate>Tue, 30 Apr 2024 10:00:00 GMT</pubDate><description>Second digest.</description></item>
<item><title>Weekly digest</title><link>https://example.com/d1</link><pubDate>Tue, 23 Apr 2024 10:00:00 GMT</pubDate><description>First digest.</description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A Blog</title><id>urn:blog</id><updated>2024-05-02T00:00:00Z</updated>
<entry><title>Older post</title><id>urn:1</id><updated>2024-01-01T00:00:00Z</updated><link href="https://blog.example/1"/><author><name>Ann</name></author><content type="html">&lt;h2&gt;Part&lt;/h2&gt;&lt;p&gt;Old words.&lt;/p&gt;</content></entry>
<entry><title>Newer post</title><id>urn:2</id><updated>2024-05-01T00:00:00Z</updated><link href="https://blog.example/2"/><summary>New words.</summary></entry>
</feed>"#;

const MBOX: &str = "From ann@example.com Mon Jan  1 00:00:00 2024\nFrom: Ann <ann@example.com>\nSubject: First letter\nDate: Mon, 1 Jan 2024 09:00:00 +0000\nContent-Type: text/plain\n\nHello there.\n\nSecond paragraph.\n\nFrom bo@example.com Tue Jan  2 00:00:00 2024\nFrom: Bo <bo@example.com>\nSubject: A newsletter\nDate: Tue, 2 Jan 2024 09:00:00 +0000\nContent-Type: text/html\n\n<html><body><nav>Menu</nav><h1>A newsletter</h1><p>News in <b>bold</b> this week.</p></body></html>\n";

fn items(kind: Kind, bytes: &[u8], limit: usize) -> Result<Vec<Item>, String> {
    Ok(Collection::open(kind, bytes, limit)?.items.into_iter().map(|(item, _)| item).collect())
}

fn item(kind: Kind, bytes: &[u8], limit: usize, key: &str) -> Result<Option<Document>, String> {
    Ok(Collection::open(kind, bytes, limit)?.read(key))
}

fn texts(document: &crate::document::Document) -> Vec<String> {
    document
        .blocks
        .iter()
        .map(|b| {
            let mut t = String::new();
            b.plain_text(&mut t);
            t
        })
        .collect()
}

#[test]
fn a_feed_is_its_items_newest_first_each_keyed_by_title_and_ending_with_its_link() {
    let read = items(Kind::Feed, RSS.as_bytes(), 1 << 20).unwrap();
    let keys: Vec<&str> = read.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(
        keys,
        ["rivers-rise-after-storm", "weekly-digest-2", "weekly-digest"],
        "the older digest keeps the plain key"
    );
    assert!(read.iter().all(|i| i.document.blocks.is_empty()), "a list reads no item's text");
    let first = &item(Kind::Feed, RSS.as_bytes(), 1 << 20, "rivers-rise-after-storm").unwrap().unwrap();
    assert_eq!(first.title, "Rivers rise after storm");
    assert_eq!(first.meta.date.as_deref(), Some("2024-05-01"));
    assert_eq!(first.meta.author.as_deref(), Some("Example News"));
    assert_eq!(texts(first), ["The water came up overnight.", "Link: https://example.com/rivers"]);
    let Some(Block::Paragraph { text }) = first.blocks.last() else { panic!("a link last") };
    assert!(text.spans.iter().any(|s| s.ink == Ink::Link { target: "https://example.com/rivers".into() }));
    let atom = items(Kind::Feed, ATOM.as_bytes(), 1 << 20).unwrap();
    assert_eq!(atom.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), ["newer-post", "older-post"]);
    assert_eq!(atom[1].document.meta.author.as_deref(), Some("Ann"));
    let older = item(Kind::Feed, ATOM.as_bytes(), 1 << 20, "older-post").unwrap().unwrap();
    assert!(matches!(&older.blocks[0], Block::Heading { level: 2, .. }));
    assert_eq!(item(Kind::Feed, ATOM.as_bytes(), 1 << 20, "gone").unwrap(), None);
    assert!(items(Kind::Feed, b"<html>not a feed</html>", 1 << 20).unwrap_err().contains("not an RSS or Atom feed"));
}

#[test]
fn an_mbox_is_its_messages_newest_first_html_through_the_page_reader() {
    let read = items(Kind::Mbox, MBOX.as_bytes(), 1 << 20).unwrap();
    let keys: Vec<&str> = read.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["a-newsletter", "first-letter"]);
    let newsletter = &item(Kind::Mbox, MBOX.as_bytes(), 1 << 20, "a-newsletter").unwrap().unwrap();
    assert_eq!(newsletter.meta.author.as_deref(), Some("Bo"));
    assert_eq!(texts(newsletter).join("|"), "News in bold this week.");
    let letter = &item(Kind::Mbox, MBOX.as_bytes(), 1 << 20, "first-letter").unwrap().unwrap();
    assert_eq!(letter.title, "First letter");
    assert_eq!(letter.meta.date.as_deref(), Some("2024-01-01"));
    assert_eq!(texts(letter), ["Hello there.", "Second paragraph."]);
}

#[test]
fn slugs_keep_every_script_and_stop_at_sixty_bytes() {
    assert_eq!(slug("Rivers Rise, After Storm!").as_deref(), Some("rivers-rise-after-storm"));
    assert_eq!(slug("Новости дня").as_deref(), Some("новости-дня"));
    assert_eq!(slug("¡¿…?!"), None);
    assert!(slug(&"word ".repeat(40)).unwrap().len() <= 60);
    let long = "東京で大雨が続き多くの川が氾濫する恐れがあると気象庁が発表しました";
    let cut = slug(long).unwrap();
    assert!(long.starts_with(&cut) && cut.len() <= 60 && cut.len() > 50, "{cut}");
}

#[test]
fn hostile_titles_senders_and_links_are_sanitized() {
    let feed = "<rss version=\"2.0\"><channel><title>S\u{1b}]0;x\u{7}</title><item><title>T&#27;[2J\u{202e}itle</title><link>https://e.com/\u{1b}x</link><description>a&#27;b</description></item></channel></rss>";
    let mail =
        "From: =?utf-8?q?Ev=1B[31mil?= <e@x>\nSubject: =?utf-8?q?Sub=1B]0;pwn=07ject?=\n\nBody \u{1b}[2J text.\n";
    let key = items(Kind::Feed, feed.as_bytes(), 1 << 20).unwrap().remove(0).key;
    let mut documents = vec![item(Kind::Feed, feed.as_bytes(), 1 << 20, &key).unwrap().unwrap()];
    documents.push(crate::store::mail::message(mail.as_bytes(), true).unwrap().0);
    for document in documents {
        crate::testing::assert_document_is_clean(&document);
    }
}

#[test]
fn keys_stay_unique_when_a_title_looks_like_a_numbered_one() {
    let mut keys = Keys::default();
    let taken: Vec<String> = ["a-2", "a", "a", "a", "a-2"].iter().map(|k| keys.take((*k).to_owned())).collect();
    assert_eq!(taken, ["a-2", "a", "a-3", "a-4", "a-2-2"]);
}

#[test]
fn an_item_keeps_its_version_when_another_is_added_and_changes_with_its_text() {
    let versions = |feed: &str| -> Vec<(String, u64)> {
        items(Kind::Feed, feed.as_bytes(), 1 << 20).unwrap().into_iter().map(|i| (i.key, i.version)).collect()
    };
    let before = versions(RSS);
    let added = RSS.replace(
        "<channel><title>Example News</title>",
        "<channel><title>Example News</title><item><title>Brand new</title><description>Fresh.</description></item>",
    );
    let after = versions(&added);
    assert_eq!(after.len(), 4);
    for (key, version) in &before {
        assert!(after.contains(&(key.clone(), *version)), "{key} kept its version");
    }
    let edited = versions(&RSS.replace("First digest.", "First digest, corrected."));
    assert_ne!(edited.iter().find(|(k, _)| k == "weekly-digest"), before.iter().find(|(k, _)| k == "weekly-digest"));
    for (key, version) in before.iter().filter(|(k, _)| k != "weekly-digest") {
        assert!(edited.contains(&(key.clone(), *version)), "{key}: the others did not change");
    }
}

#[test]
fn atom_says_which_text_is_html_and_titles_lose_their_tags() {
    let feed = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; news &amp;amp; views</title><id>urn:1</id><updated>2024-01-01T00:00:00Z</updated><content type="text">Use &lt;div&gt; for blocks.</content></entry></feed>"#;
    let read = items(Kind::Feed, feed.as_bytes(), 1 << 20).unwrap();
    assert_eq!(read[0].document.title, "Bold news & views");
    let whole = item(Kind::Feed, feed.as_bytes(), 1 << 20, &read[0].key).unwrap().unwrap();
    assert_eq!(texts(&whole), ["Use <div> for blocks."]);
}

#[test]
fn an_item_s_text_stops_at_the_limit() {
    let feed = format!(
        "<rss version=\"2.0\"><channel><title>S</title><item><title>Long</title><description>{}</description></item></channel></rss>",
        "word ".repeat(2000)
    );
    let whole = item(Kind::Feed, feed.as_bytes(), 1000, "long").unwrap().unwrap();
    let words: usize = texts(&whole).iter().map(|t| t.split_whitespace().count()).sum();
    assert!((150..=200).contains(&words), "{words}");
}

#[test]
fn a_message_without_a_subject_keeps_its_first_line() {
    let (document, _) = crate::store::mail::message(b"From: a@b\n\nFirst line of text.\n\nSecond.\n", true).unwrap();
    assert_eq!(document.title, "");
    assert_eq!(texts(&document), ["First line of text.", "Second."]);
}

#[test]
fn an_entry_without_an_author_is_the_feed_author_s_and_a_feed_title_loses_its_tags() {
    let feed = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Jo&amp;#8217;s &lt;i&gt;Garden&lt;/i&gt; Blog</title><id>urn:j</id><updated>2024-01-01T00:00:00Z</updated>
<entry><title>Peas</title><id>urn:1</id><updated>2024-01-01T00:00:00Z</updated><content type="text">Sowed peas.</content></entry></feed>"#;
    let read = items(Kind::Feed, feed.as_bytes(), 1 << 20).unwrap();
    assert_eq!(read[0].document.meta.author.as_deref(), Some("Jo’s Garden Blog"));
    let with_author = feed.replace("<id>urn:j</id>", "<id>urn:j</id><author><name>Jo Gardener</name></author>");
    let read = items(Kind::Feed, with_author.as_bytes(), 1 << 20).unwrap();
    assert_eq!(read[0].document.meta.author.as_deref(), Some("Jo Gardener"));
}
