//! Mail through mail-parser: a message as a document (subject, sender, date; its HTML part through the HTML reader, else its text), the messages of an mbox, and pages saved as MHTML (a message too).

use super::sanitize::sanitize_line;
use crate::document::{Document, Meta};
use mail_parser::{MessageParser, MimeHeaders};

/// A message read as a document, with its time (seconds since the epoch) when it has a date;
/// its text only when `whole` (its headers are enough for a list).
pub fn message(bytes: &[u8], whole: bool) -> Option<(Document, Option<i64>)> {
    let message = MessageParser::default().parse(bytes)?;
    let mut title = message.subject().map(sanitize_line).unwrap_or_default();
    // Blink's MHTML names where the page was saved from; its subject is the page's raw
    // `<title>`, the site's name and all.
    let saved_page = message.header("Snapshot-Content-Location").is_some();
    let from = message.from().and_then(|from| from.first()).and_then(|a| a.name().or(a.address())).map(sanitize_line);
    let date = message.date();
    // A page a browser saved as MHTML is "from" the browser (`<Saved by Blink>`).
    let from = from.filter(|f| !f.is_empty() && !f.starts_with("Saved by "));
    let mut meta = Meta {
        author: from,
        date: date.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        ..Meta::default()
    };
    // `body_html` makes HTML of a text part too: only a real `text/html` part is read as HTML.
    let html_part = (0..message.html_body_count()).find_map(|i| {
        let part = message.html_part(u32::try_from(i).ok()?)?;
        let is_html = part.content_type().is_some_and(|t| t.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html")));
        if is_html { message.body_html(i) } else { None }
    });
    if saved_page && let Some(page_title) = html_part.as_deref().and_then(super::html::title_of) {
        title = page_title;
    }
    let blocks = match html_part {
        _ if !whole => Vec::new(),
        // A newsletter's HTML, or a page saved as MHTML: its content as a reader view finds it.
        Some(html) => {
            let page = super::html::parse(&html);
            if title.is_empty() {
                title = page.title;
            }
            meta.author = meta.author.or(page.meta.author);
            page.blocks
        }
        None => {
            let text = message.body_text(0).unwrap_or_default();
            // The plain reader takes its first line for the title: the subject, or a stand-in
            // for a message without one, so that the text's first line stays text.
            let first = if title.is_empty() { "·" } else { title.as_str() };
            super::parse::parse(&format!("{first}\n\n{text}"), &super::Evidence::Never).blocks
        }
    };
    Some((Document { title, meta, blocks }, date.map(|d| d.to_timestamp())))
}

/// The messages of an mbox file, in its order, each at most `limit` bytes (a longer one cut).
pub fn mbox(bytes: &[u8], limit: usize) -> Vec<Vec<u8>> {
    mail_parser::mailbox::mbox::MessageIterator::new(bytes)
        .filter_map(Result::ok)
        .map(|m| {
            let mut contents = m.unwrap_contents();
            contents.truncate(limit);
            contents
        })
        .collect()
}
