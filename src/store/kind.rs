//! What a file holds, told by its name: the reader that reads it, how it is compressed, and the extension its id leaves out.

/// The reader of a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text, read by its shape (also reStructuredText, whose `=`/`-` underlined titles
    /// the plain reader takes as headings).
    Text,
    Markdown,
    /// A saved web page: its main content, found as a reader view finds it.
    Html,
    /// An EPUB book, read as one article.
    Epub,
    /// Emacs Org: `* Heading` lines are headings, `#+TITLE:` the title.
    Org,
    /// AsciiDoc: `= Title` and `== Section` lines are headings.
    AsciiDoc,
    /// An RSS or Atom feed: a folder of articles, one an item.
    Feed,
    /// An mbox mailbox: a folder of articles, one a message.
    Mbox,
    /// One mail message (`.eml`, or a file of a maildir's `cur/` or `new/`), or a page saved
    /// as MHTML (`.mht`, `.mhtml`), which is one.
    Mail,
}

impl Kind {
    /// Whether one file of this kind holds many articles.
    pub fn is_collection(self) -> bool {
        matches!(self, Kind::Feed | Kind::Mbox)
    }
}

/// A file's kind as its name tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileKind {
    pub kind: Kind,
    /// How it is compressed (`.gz`, `.zst`, `.bz2` after the name): read through a decoder as
    /// less reads it.
    pub compression: Option<Compression>,
    /// A name with no extension (`README`, `NEWS`, `copyright`): an article only when its first
    /// bytes are text.
    pub sniff: bool,
    /// The bytes the id leaves out (`.txt`, `.md`, `.html.gz`); none for an extensionless name.
    pub extension: usize,
}

impl FileKind {
    /// How many times its size a file's text is likely to be: room made for it at once.
    pub fn growth(self) -> usize {
        if self.compression.is_some() { 4 } else { 1 }
    }
}

/// The compressions folio inflates, each by the suffix that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Gzip,
    Zstd,
    Bzip2,
}

const COMPRESSIONS: &[(&str, Compression)] =
    &[(".gz", Compression::Gzip), (".zst", Compression::Zstd), (".bz2", Compression::Bzip2)];

/// Extensions and the reader of each, any case.
const EXTENSIONS: &[(&str, Kind)] = &[
    ("txt", Kind::Text),
    ("text", Kind::Text),
    ("rst", Kind::Text),
    ("md", Kind::Markdown),
    ("markdown", Kind::Markdown),
    ("mdown", Kind::Markdown),
    ("mkd", Kind::Markdown),
    ("mkdn", Kind::Markdown),
    ("html", Kind::Html),
    ("htm", Kind::Html),
    ("xhtml", Kind::Html),
    ("shtml", Kind::Html),
    ("epub", Kind::Epub),
    ("org", Kind::Org),
    ("adoc", Kind::AsciiDoc),
    ("asciidoc", Kind::AsciiDoc),
    ("rss", Kind::Feed),
    ("atom", Kind::Feed),
    ("mbox", Kind::Mbox),
    ("mbx", Kind::Mbox),
    ("eml", Kind::Mail),
    // A page saved as MHTML ("Save as: Webpage, Single File") is a MIME message.
    ("mht", Kind::Mail),
    ("mhtml", Kind::Mail),
];

/// Extensions that are never text: inside a `.gz`, or after a README's name, no article.
const NOT_TEXT: &[&str] = &[
    "pdf", "ps", "eps", "dvi", "png", "jpg", "jpeg", "gif", "webp", "ico", "bmp", "tif", "tiff", "tar", "zip", "gz",
    "xz", "bz2", "zst", "deb", "rpm", "so", "o", "a", "bin", "exe", "dll", "class", "jar", "wasm", "mo", "gmo", "db",
    "sqlite", "woff", "woff2", "ttf", "otf", "mp3", "mp4", "ogg", "wav", "flac", "mkv", "avi",
];

/// What `name` (a file name, not a path) holds; `None` when its name says it is no article.
/// A name without a dot (`README`, `NEWS`, `COPYING`) may be text, to be sniffed.
pub fn of_name(name: &str) -> Option<FileKind> {
    if let Some((inner, suffix, compression)) = COMPRESSIONS
        .iter()
        .find_map(|&(suffix, compression)| Some((strip_suffix_ignore_case(name, suffix)?, suffix, compression)))
    {
        let compressed = |kind, extension| {
            Some(FileKind { kind, compression: Some(compression), sniff: false, extension: extension + suffix.len() })
        };
        return match extension_of(inner) {
            Some(ext) => match kind_of_extension(ext) {
                // An EPUB is a zip already: it is never compressed again.
                Some(Kind::Epub) => None,
                Some(kind) => compressed(kind, ext.len() + 1),
                // `changelog.Debian.gz`, `README.ijg.gz`: notes by their name, as less reads them;
                // `api.json.gz` or `example.c.gz` are no more an article than their inflated files.
                None if is_notes_name(inner) && !is_never_text(ext) => compressed(Kind::Text, 0),
                None => None,
            },
            None if inner.is_empty() => None,
            None => compressed(Kind::Text, 0),
        };
    }
    let sniffed = FileKind { kind: Kind::Text, compression: None, sniff: true, extension: 0 };
    match extension_of(name) {
        Some(ext) => match kind_of_extension(ext) {
            Some(kind) => Some(FileKind { kind, compression: None, sniff: false, extension: ext.len() + 1 }),
            // `feed.xml`, `rss.xml`, `atom.xml`: a feed saved by its usual name.
            None if ext.eq_ignore_ascii_case("xml") && is_feed_name(&name[..name.len() - 4]) => {
                Some(FileKind { kind: Kind::Feed, compression: None, sniff: false, extension: 4 })
            }
            // `README.Debian`, `NEWS.old`, `LICENSE-MIT.rust`: a project's notes by their name.
            None if is_notes_name(name) && !is_never_text(ext) => Some(sniffed),
            None => None,
        },
        None if is_build_name(name) => None,
        None => Some(sniffed),
    }
}

/// `feed`, `rss.xml`, `blog-atom`, `feeds_rss2`: a feed's usual names, word by word (not
/// `anatomy`).
fn is_feed_name(stem: &str) -> bool {
    stem.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| ["feed", "feeds", "rss", "rss2", "atom"].iter().any(|known| word.eq_ignore_ascii_case(known)))
}

/// Names without a dot that are a project's machinery, not its notes: text, but no article.
fn is_build_name(name: &str) -> bool {
    const BUILD: &[&str] = &[
        "Makefile",
        "GNUmakefile",
        "makefile",
        "configure",
        "Dockerfile",
        "Containerfile",
        "Vagrantfile",
        "Jenkinsfile",
        "Rakefile",
        "Gemfile",
        "Procfile",
        "Pipfile",
        "Brewfile",
        "Justfile",
        "justfile",
        "CODEOWNERS",
        "tags",
        "TAGS",
    ];
    BUILD.contains(&name)
}

/// Whether `path` is a message of a maildir: a file in its `cur/` or `new/`, beside `tmp/`.
pub fn in_maildir(path: &std::path::Path) -> bool {
    let Some(folder) = path.parent() else { return false };
    let named = |n: &str| folder.file_name().is_some_and(|f| f == n);
    (named("cur") || named("new")) && folder.parent().is_some_and(|maildir| maildir.join("tmp").is_dir())
}

/// The names projects give their notes (`README.Debian`, `CHANGELOG.old`), whatever follows.
fn is_notes_name(name: &str) -> bool {
    const NOTES: &[&str] = &[
        "README",
        "NEWS",
        "CHANGELOG",
        "CHANGES",
        "COPYING",
        "LICENSE",
        "LICENCE",
        "AUTHORS",
        "INSTALL",
        "TODO",
        "HISTORY",
        "NOTICE",
        "THANKS",
    ];
    NOTES.iter().any(|notes| {
        name.len() > notes.len()
            && name.is_char_boundary(notes.len())
            && name[..notes.len()].eq_ignore_ascii_case(notes)
            && matches!(name.as_bytes()[notes.len()], b'.' | b'-' | b'_')
    })
}

/// The kind of a file named as an article, sniffing left out: how a root given as a file, or
/// a linked file, is read (an unknown name as plain text).
pub fn of_path(path: &std::path::Path) -> FileKind {
    if in_maildir(path) {
        return FileKind { kind: Kind::Mail, compression: None, sniff: false, extension: 0 };
    }
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    of_name(&name).unwrap_or(FileKind { kind: Kind::Text, compression: None, sniff: false, extension: 0 })
}

/// The length of `name`'s article extension (`.txt`, `.md`, `.html.gz`), when it has one.
pub fn article_extension(name: &str) -> Option<usize> {
    of_name(name).map(|kind| kind.extension).filter(|&length| length > 0)
}

fn is_never_text(ext: &str) -> bool {
    NOT_TEXT.iter().any(|n| n.eq_ignore_ascii_case(ext))
}

/// The extension after the last dot, if the name has one that is not its first character
/// (`.profile` is a hidden name, not an extension).
fn extension_of(name: &str) -> Option<&str> {
    let dot = name.rfind('.')?;
    (dot > 0 && dot + 1 < name.len()).then(|| &name[dot + 1..])
}

fn kind_of_extension(ext: &str) -> Option<Kind> {
    EXTENSIONS.iter().find(|(known, _)| known.eq_ignore_ascii_case(ext)).map(|&(_, kind)| kind)
}

fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let at = name.len().checked_sub(suffix.len())?;
    (name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(suffix)).then(|| &name[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str) -> Option<(Kind, bool, bool, usize)> {
        of_name(name).map(|k| (k.kind, k.compression.is_some(), k.sniff, k.extension))
    }

    #[test]
    fn names_tell_the_reader_the_compression_and_the_extension_ids_leave_out() {
        assert_eq!(kind("a.txt"), Some((Kind::Text, false, false, 4)));
        assert_eq!(kind("A.TXT"), Some((Kind::Text, false, false, 4)));
        assert_eq!(kind("notes.Markdown"), Some((Kind::Markdown, false, false, 9)));
        assert_eq!(kind("page.htm"), Some((Kind::Html, false, false, 4)));
        assert_eq!(kind("book.epub"), Some((Kind::Epub, false, false, 5)));
        assert_eq!(kind("todo.org"), Some((Kind::Org, false, false, 4)));
        assert_eq!(kind("guide.adoc"), Some((Kind::AsciiDoc, false, false, 5)));
        assert_eq!(kind("index.rst"), Some((Kind::Text, false, false, 4)));
        assert_eq!(kind("README.md.gz"), Some((Kind::Markdown, true, false, 6)));
        assert_eq!(kind("changelog.Debian.gz"), Some((Kind::Text, true, false, 3)));
        assert_eq!(kind("NEWS.gz"), Some((Kind::Text, true, false, 3)));
        assert_eq!(kind("README"), Some((Kind::Text, false, true, 0)));
        assert_eq!(kind("README.Debian"), Some((Kind::Text, false, true, 0)));
        assert_eq!(kind("license-mit.rust"), Some((Kind::Text, false, true, 0)));
        assert_eq!(kind("readme.rs"), Some((Kind::Text, false, true, 0)), "a README by its name");
        assert_eq!(kind("readmes.rs"), None);
        assert_eq!(kind("README.pdf"), None);
        assert_eq!(kind("news.rss"), Some((Kind::Feed, false, false, 4)));
        assert_eq!(kind("feed.xml"), Some((Kind::Feed, false, false, 4)));
        assert_eq!(kind("pom.xml"), None);
        assert_eq!(kind("letters.mbox"), Some((Kind::Mbox, false, false, 5)));
        assert_eq!(kind("hello.eml"), Some((Kind::Mail, false, false, 4)));
        assert_eq!(kind("manual.pdf.gz"), None);
        assert_eq!(kind("book.epub.gz"), None);
        assert_eq!(kind(".gz"), None);
        assert_eq!(kind("main.rs"), None);
        assert_eq!(kind("photo.jpg"), None);
        assert_eq!(kind("x.é"), None, "a non-ASCII extension is no known one, and no panic");
        assert_eq!(kind("é.gz"), Some((Kind::Text, true, false, 3)));
        assert_eq!(kind("README.ijg.gz"), Some((Kind::Text, true, false, 3)));
        assert_eq!(kind("changelog.Debian.amd64.gz"), Some((Kind::Text, true, false, 3)));
        assert_eq!(kind("stream.json.gz"), None, "no more an article than stream.json");
        assert_eq!(kind("example.c.gz"), None);
        assert_eq!(kind("anatomy.xml"), None);
        assert_eq!(kind("blog-atom.xml"), Some((Kind::Feed, false, false, 4)));
        assert_eq!(kind("Makefile"), None);
        assert_eq!(kind("configure"), None);
        assert_eq!(kind("notes.md.zst"), Some((Kind::Markdown, true, false, 7)));
        assert_eq!(kind("NEWS.bz2"), Some((Kind::Text, true, false, 4)));
        assert_eq!(of_name("a.TXT.BZ2").and_then(|k| k.compression), Some(Compression::Bzip2));
        assert_eq!(of_name("a.txt.zst").and_then(|k| k.compression), Some(Compression::Zstd));
        assert_eq!(kind("book.epub.zst"), None);
    }
}
