//! Mail through mail-parser: a message as a document (subject, sender, date; its HTML part through the HTML reader, else its text), and the messages of an mbox.

use super::sanitize::sanitize_line;
use crate::document::{Document, Meta};
use mail_parser::{MessageParser, MimeHeaders};

/// A message read as a document, with its time (seconds since the epoch) when it has a date;
/// its text only when `whole` (its headers are enough for a list).
pub fn message(bytes: &[u8], whole: bool) -> Option<(Document, Option<i64>)> {
    let message = MessageParser::default().parse(bytes)?;
    let title = message.subject().map(sanitize_line).unwrap_or_default();
    let from = message.from().and_then(|from| from.first()).and_then(|a| a.name().or(a.address())).map(sanitize_line);
    let date = message.date();
    let meta = Meta {
        author: from.filter(|f| !f.is_empty()),
        date: date.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        ..Meta::default()
    };
    // `body_html` makes HTML of a text part too: only a real `text/html` part is read as HTML.
    let html_part = (0..message.html_body_count()).find_map(|i| {
        let part = message.html_part(u32::try_from(i).ok()?)?;
        let is_html = part.content_type().is_some_and(|t| t.subtype().is_some_and(|s| s.eq_ignore_ascii_case("html")));
        if is_html { message.body_html(i) } else { None }
    });
    let blocks = match html_part {
        _ if !whole => Vec::new(),
        // A newsletter's HTML: its content as a reader view finds it.
        Some(html) => super::html::parse(&html).blocks,
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
