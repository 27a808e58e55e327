//! An article as a typed document: a title, metadata and blocks of styled text; and the anchor that names a place in it.

use serde::{Deserialize, Serialize};

/// What a reader (plain text, Markdown) makes of a file: every part typed, no in-band marks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Empty when the file has no visible text.
    pub title: String,
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

/// What the file says about itself (Markdown front matter, `#tags`): shown dimmed, never as body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Where each of a book's chapters starts, in order: the parts an anchor names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<Chapter>,
}

/// A chapter of a book: its first block and its name in the book (its file, `text/ch03.xhtml`),
/// which stays when an edition adds or drops text before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    pub block: usize,
    pub name: String,
}

impl Meta {
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.date.is_none() && self.author.is_none() && self.chapters.is_empty()
    }

    /// The chapter block `block` is in.
    pub fn chapter_of(&self, block: usize) -> Option<&Chapter> {
        self.chapters.iter().take_while(|c| c.block <= block).last()
    }
}

/// One block of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Level 1 to 6; a man page's section is a level 2.
    Heading {
        level: u8,
        text: Text,
    },
    Paragraph {
        text: Text,
    },
    /// Lines laid out by hand, kept as they are: code (with its language when named), a man
    /// page's option columns, a table or a frame drawn in text.
    Preformatted {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        lines: Vec<String>,
    },
    /// `start` is the first number of an ordered list, `None` for bullets.
    List {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        items: Vec<Item>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    /// Text indented by its author (a licence's clauses, a man page's descriptions): reflowed at
    /// that indentation.
    Indented {
        columns: u8,
        blocks: Vec<Block>,
    },
    /// Rows of cells, the first the header when `header` says so.
    Table {
        rows: Vec<Vec<Text>>,
        #[serde(default)]
        header: bool,
    },
    Image {
        alt: String,
        source: String,
    },
    Rule,
    /// Short lines a site repeats at the end of its pages ("Share this page"), set apart.
    Trailer {
        lines: Vec<String>,
    },
}

/// A list item: its blocks, and whether it is a task done or to do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<bool>,
    /// The item's own marker when it is no bullet or number (`(a)`, `(iv)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    pub blocks: Vec<Block>,
}

/// Text with inline styles over byte ranges of it; `\n` is a hard line break.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<Span>,
}

/// A style over `start..end`, bytes of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub ink: Ink,
}

/// An inline style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case")]
pub enum Ink {
    Strong,
    Emphasis,
    Code,
    Strike,
    /// The link's words; its target is drawn after them, dimmed.
    Link {
        target: String,
    },
    /// Drawn dimmed: a link's target, an image's mark.
    Faint,
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Self {
        Text { text: text.into(), spans: Vec::new() }
    }

    /// Trims the text's ends, keeping its styles on their words.
    pub fn trim(&mut self) {
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text.trim_end().len();
        if start == 0 && end == self.text.len() {
            return;
        }
        self.text = self.text[start..end.max(start)].to_owned();
        let length = self.text.len();
        self.spans.retain_mut(|s| {
            s.start = s.start.saturating_sub(start).min(length);
            s.end = s.end.saturating_sub(start).min(length);
            s.end > s.start
        });
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::plain(text)
    }
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph { text: Text::plain(text) }
    }

    /// The block's words as plain text, blocks and lines apart by `\n`: what is indexed,
    /// counted and quoted.
    pub fn plain_text(&self, out: &mut String) {
        self.each_text(&mut |text| {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(text);
        });
    }

    /// Calls `each` with every piece of the block's text in order (a paragraph, a line of
    /// code, a cell), copying nothing.
    pub fn each_text(&self, each: &mut impl FnMut(&str)) {
        match self {
            Block::Heading { text, .. } | Block::Paragraph { text } => each(&text.text),
            Block::Preformatted { lines, .. } | Block::Trailer { lines } => lines.iter().for_each(|l| each(l)),
            Block::List { items, .. } => items.iter().flat_map(|i| &i.blocks).for_each(|b| b.each_text(each)),
            Block::Quote { blocks } | Block::Indented { blocks, .. } => blocks.iter().for_each(|b| b.each_text(each)),
            Block::Table { rows, .. } => rows.iter().flatten().for_each(|cell| each(&cell.text)),
            Block::Image { alt, .. } => each(alt),
            Block::Rule => {}
        }
    }

    /// Calls `each` with the source of every picture in the block, nested ones too, in order.
    pub fn each_picture(&self, each: &mut impl FnMut(&str)) {
        match self {
            Block::Image { source, .. } => each(source),
            Block::List { items, .. } => items.iter().flat_map(|i| &i.blocks).for_each(|b| b.each_picture(each)),
            Block::Quote { blocks } | Block::Indented { blocks, .. } => {
                blocks.iter().for_each(|b| b.each_picture(each))
            }
            _ => {}
        }
    }

    /// [`Block::each_picture`], each source to be changed.
    pub fn each_picture_mut(&mut self, each: &mut impl FnMut(&mut String)) {
        match self {
            Block::Image { source, .. } => each(source),
            Block::List { items, .. } => {
                items.iter_mut().flat_map(|i| &mut i.blocks).for_each(|b| b.each_picture_mut(each))
            }
            Block::Quote { blocks } | Block::Indented { blocks, .. } => {
                blocks.iter_mut().for_each(|b| b.each_picture_mut(each))
            }
            _ => {}
        }
    }
}

/// A place in an article's text that holds at any width and finds itself again when the text
/// changes: the block (0 is the title, `n` is block `n - 1`), the chars of it shown before the
/// place, and the words from there on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Saved as `paragraph` by folio 0.2, whose paragraphs are today's blocks of plain text.
    #[serde(alias = "paragraph")]
    pub block: usize,
    pub char: usize,
    /// The first [`QUOTE_CHARS`] visible chars from the place (spaces left out, as wrapping
    /// moves them), to find it again in an edited text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quote: String,
    /// The book's chapter the place is in ([`Chapter::name`]): where its quote is looked for
    /// first when the book changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
}

/// The deepest blocks nest (quotes in quotes, lists in lists): readers put what is deeper in
/// the deepest kept, so no walk of a document (layout, export, drop) runs out of stack.
pub const MAX_DEPTH: usize = 32;

/// How many visible chars an anchor quotes: enough to be unique in a page of prose.
pub const QUOTE_CHARS: usize = 32;

impl Anchor {
    pub fn at(block: usize, char: usize) -> Self {
        Anchor { block, char, quote: String::new(), chapter: None }
    }

    /// The quote of `text` from its char `char` on.
    pub fn quote_of(text: impl Iterator<Item = char>) -> String {
        text.filter(|c| !c.is_whitespace()).take(QUOTE_CHARS).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_saved_by_0_2_reads_as_an_anchor() {
        let old: Anchor = serde_json::from_str(r#"{"paragraph": 3, "char": 40}"#).unwrap();
        assert_eq!(old, Anchor::at(3, 40));
        let new = Anchor { block: 2, char: 5, quote: "words".into(), chapter: Some("text/ch03.xhtml".into()) };
        assert_eq!(serde_json::from_str::<Anchor>(&serde_json::to_string(&new).unwrap()).unwrap(), new);
    }

    #[test]
    fn blocks_serialize_tagged_and_read_back() {
        let document = Document {
            title: "T".into(),
            meta: Meta { tags: vec!["rust".into()], ..Meta::default() },
            blocks: vec![
                Block::Heading { level: 2, text: "Usage".into() },
                Block::Paragraph {
                    text: Text { text: "Run it".into(), spans: vec![Span { start: 0, end: 3, ink: Ink::Strong }] },
                },
                Block::List {
                    start: None,
                    items: vec![Item { task: Some(true), marker: None, blocks: vec![Block::paragraph("a")] }],
                },
                Block::Trailer { lines: vec!["Share".into()] },
            ],
        };
        let json = serde_json::to_string(&document).unwrap();
        assert!(json.contains(r#"{"kind":"heading","level":2,"text":{"text":"Usage"}}"#), "{json}");
        assert!(json.contains(r#""spans":[{"start":0,"end":3,"style":"strong"}]"#), "{json}");
        assert_eq!(serde_json::from_str::<Document>(&json).unwrap(), document);
    }
}
