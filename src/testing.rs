//! Test scaffolding shared by unit tests, integration tests, benches and fuzz targets.

use crate::app::{App, Event, Input, Requests};
use crate::fulltext::{TextEvent, TextFound, TextIndex, TextRequest};
use crate::search::{Ranked, Searcher};
use crate::store::{Catalog, Entry, LoadEvent, Location, Origin, Replacement};

/// A catalog of `titles` (ids `0`, `1`, …), with no files behind it.
pub fn catalog_of<S: AsRef<str>>(titles: &[S]) -> Catalog {
    let mut catalog = Catalog::new(vec![Origin::Builtin]);
    for (i, title) in titles.iter().enumerate() {
        let location = Location { origin: 0, offset: 0 };
        catalog.push(Entry {
            id: i.to_string(),
            title: title.as_ref().to_owned(),
            location,
            raw_path: None,
            version: 0,
            size: 0,
            modified: 0,
            tags: vec![],
        });
    }
    catalog
}

/// Applies `inputs` as the event loop does, doing the workers' part inline (matching and
/// reading on this thread) until the app asks for nothing more; returns whether the screen
/// changed.
pub fn update_inline<I: Into<Input>>(app: &mut App, inputs: impl IntoIterator<Item = I>) -> bool {
    let cell = app.pictures.cell.unwrap_or((10, 20));
    let mut picker = crate::pictures::picker(crate::probe::Graphics::default(), cell);
    picker.set_protocol_type(ratatui_image::picker::ProtocolType::Halfblocks);
    update_painting_inline(app, inputs, &picker)
}

/// [`update_inline`], pictures drawn by `picker`.
pub fn update_painting_inline<I: Into<Input>>(
    app: &mut App,
    inputs: impl IntoIterator<Item = I>,
    picker: &ratatui_image::picker::Picker,
) -> bool {
    let mut step = app.update(inputs);
    let mut redraw = step.redraw;
    let mut searcher = Searcher::default();
    let mut decoded = crate::pictures::Decoded::default();
    while step.requests != Requests::default() {
        let Requests { matching, fetch, paint, text, reload, .. } = std::mem::take(&mut step.requests);
        let mut answers = Vec::new();
        if let Some(request) = paint {
            let painted = std::cell::RefCell::new(Vec::new());
            let _ = request.serve(picker, &mut decoded, &|p| {
                painted.borrow_mut().push(Event::Painted(Box::new(p)));
                std::ops::ControlFlow::Continue(())
            });
            answers.extend(painted.into_inner());
        }
        if reload {
            // As the loader does: the store read afresh beside the catalog, handed over whole,
            // its warnings and folders gone reported.
            let origins = app.catalog.read().unwrap().origins().to_vec();
            let fresh = Catalog::new(origins).shared();
            let news = std::sync::Mutex::new(Vec::new());
            let loaded = crate::store::load(&fresh, &crate::store::LoadOptions::default(), &|event| {
                if matches!(event, LoadEvent::Warning(_) | LoadEvent::Gone(_)) {
                    news.lock().unwrap().push(Event::Load(event));
                }
                std::ops::ControlFlow::Continue(())
            });
            let std::ops::ControlFlow::Continue(rebuilt) = loaded else { unreachable!("the sink never breaks") };
            let fresh = rebuilt.unwrap_or_else(|| std::mem::take(&mut *fresh.write().unwrap()));
            answers.extend(news.into_inner().unwrap());
            answers.push(Event::Load(LoadEvent::Replaced(Replacement(Box::new(fresh)))));
            answers.push(Event::Load(LoadEvent::Done));
        }
        if let Some(request) = text.filter(|r| !r.query.trim().is_empty()) {
            answers.push(Event::Text(TextEvent::Found(text_found(&app.catalog, &request))));
        }
        if let Some(request) = matching
            && let Some(ranking) = searcher.search(&app.catalog, &request.query, &request.shape, &|| false)
        {
            answers.push(Event::Ranked(Ranked { generation: request.generation, ranking }));
        }
        if let Some(request) = fetch {
            answers.push(Event::Fetched(Box::new(request.fetch(&app.catalog))));
        }
        step = app.update(answers);
        redraw |= step.redraw;
    }
    redraw
}

/// An app on a folder holding `names`, each `Title <name>` and 80 paragraphs (long enough to
/// scroll), remembering the store as `/s`, on a `columns` x `rows` screen.
pub fn app_on_articles(dir: &std::path::Path, names: &[&str], (columns, rows): (u16, u16)) -> App {
    let body: Vec<String> = (0..80).map(|i| format!("Paragraph {i} of this article, long enough.")).collect();
    for name in names {
        std::fs::write(dir.join(format!("{name}.txt")), format!("Title {name}\n\n{}", body.join("\n\n"))).unwrap();
    }
    let origins = crate::store::origins_for(&[dir.to_path_buf()]);
    let (catalog, _) = crate::store::load_catalog(origins, crate::store::LoadOptions::default());
    let loading = crate::app::Loading { found: names.len(), done: true };
    let mut app = App::new(catalog, loading, crate::config::Config::default());
    app.remember(crate::state::Memory::default(), "/s".into());
    update_inline(&mut app, [Event::Resize(columns, rows)]);
    app
}

/// Reports a missing prerequisite (a corpus, a tool): the test is skipped with a message
/// locally, and fails under CI (`CI=true`), where everything must be there.
pub fn missing(what: &str) {
    assert!(std::env::var_os("CI").is_none_or(|ci| ci != "true"), "{what} is missing, and CI must run every test");
    eprintln!("skipped: {what} is missing");
}

/// `../shared/corpora/<name>` beside the repository, or `None` (see [`missing`]).
pub fn shared_corpus(name: &str) -> Option<std::path::PathBuf> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora").join(name);
    if path.is_dir() {
        Some(path)
    } else {
        missing(&path.display().to_string());
        None
    }
}

/// The answer to a text search of `catalog`, from an index made once per store and test
/// process in the temporary folder.
fn text_found(catalog: &crate::store::SharedCatalog, request: &TextRequest) -> TextFound {
    static INDEXES: std::sync::Mutex<Vec<(String, TextIndex)>> = std::sync::Mutex::new(Vec::new());
    // A store is its origins and, for catalogs made in memory, its ids and titles.
    let origins = {
        use std::hash::{Hash, Hasher};
        let catalog = catalog.read().unwrap();
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (0..catalog.len()).for_each(|i| (catalog.id(i), catalog.title(i)).hash(&mut hasher));
        format!("{:?}", catalog.origins()).hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    };
    let mut indexes = INDEXES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let at = match indexes.iter().position(|(o, _)| *o == origins) {
        Some(at) => at,
        None => {
            // One folder for every run: refreshed, not rebuilt, and nothing left behind per run.
            let cache = std::env::temp_dir().join("folio-inline-text");
            let dir = cache.join(format!("text-{origins}"));
            let (index, _) = TextIndex::open_and_refresh(catalog, &dir, &|_, _| {}, crate::fulltext::Wait::Yes(&|| {}))
                .expect("a text index");
            indexes.push((origins, index));
            indexes.len() - 1
        }
    };
    TextFound::now(&mut indexes[at].1, catalog, request).expect("a text search")
}

/// An EPUB book of `chapters` (file name, title, XHTML body), its table of contents listing
/// each chapter by its title: EPUB 3 with a nav document, or EPUB 2 with an NCX.
pub fn epub(title: &str, author: &str, chapters: &[(&str, &str, &str)], version3: bool) -> Vec<u8> {
    zip_of(&epub_parts(title, author, chapters, version3))
}

/// A zip of `parts` (name, text), stored uncompressed in that order.
pub fn zip_of(parts: &[(String, String)]) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
    for (name, text) in parts {
        zip.start_file(name.as_str(), stored).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The parts of [`epub`]'s book, to change one before they are zipped.
pub fn epub_parts(title: &str, author: &str, chapters: &[(&str, &str, &str)], version3: bool) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let mut file = |name: &str, text: &str| parts.push((name.to_owned(), text.to_owned()));
    file("mimetype", "application/epub+zip");
    file(
        "META-INF/container.xml",
        r#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
    );
    let items: String = chapters
        .iter()
        .enumerate()
        .map(|(i, (name, _, _))| format!(r#"<item id="c{i}" href="{name}" media-type="application/xhtml+xml"/>"#))
        .collect();
    let spine: String = (0..chapters.len()).map(|i| format!(r#"<itemref idref="c{i}"/>"#)).collect();
    let (version, toc_item, spine_toc) = match version3 {
        true => ("3.0", r#"<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>"#, ""),
        false => ("2.0", r#"<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>"#, r#" toc="ncx""#),
    };
    file(
        "OEBPS/content.opf",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="{version}" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:folio:test</dc:identifier><dc:title>{title}</dc:title><dc:creator>{author}</dc:creator><dc:language>en</dc:language></metadata><manifest>{toc_item}{items}</manifest><spine{spine_toc}>{spine}</spine></package>"#
        ),
    );
    if version3 {
        let entries: String =
            chapters.iter().map(|(name, label, _)| format!(r#"<li><a href="{name}">{label}</a></li>"#)).collect();
        file(
            "OEBPS/nav.xhtml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body><nav epub:type="toc"><ol>{entries}</ol></nav></body></html>"#
            ),
        );
    } else {
        let points: String = chapters
            .iter()
            .enumerate()
            .map(|(i, (name, label, _))| {
                format!(
                    r#"<navPoint id="p{i}" playOrder="{}"><navLabel><text>{label}</text></navLabel><content src="{name}"/></navPoint>"#,
                    i + 1
                )
            })
            .collect();
        file(
            "OEBPS/toc.ncx",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head><meta name="dtb:uid" content="urn:folio:test"/></head><docTitle><text>{title}</text></docTitle><navMap>{points}</navMap></ncx>"#
            ),
        );
    }
    for (name, label, body) in chapters {
        file(
            &format!("OEBPS/{name}"),
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>{label}</title></head><body>{body}</body></html>"#
            ),
        );
    }
    parts
}

/// A folder of `count` generated articles in every format folio reads, in turn: plain text,
/// Markdown, a saved web page, gzip'd text, a name without an extension and a book of three
/// chapters; made once, kept (and marked complete) between runs.
pub fn mixed_folder(dir: &std::path::Path, count: usize) -> std::path::PathBuf {
    use crate::generate::{Rng, article};
    use std::io::Write;
    let done = dir.join(".complete");
    if done.exists() {
        return dir.to_path_buf();
    }
    let _ = std::fs::remove_dir_all(dir);
    let mut rng = Rng::new(21);
    for i in 0..count {
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        let text = article(&mut rng);
        let (title, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let paragraphs: String = body.split("\n\n").map(|p| format!("<p>{}</p>", p.trim())).collect();
        let (name, bytes): (String, Vec<u8>) = match i % 6 {
            0 => (format!("{i}.txt"), text.into_bytes()),
            1 => (format!("{i}.md"), format!("# {title}\n\n{body}").into_bytes()),
            2 => {
                let page = format!(
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} | Example News</title><style>p {{ margin: 0 }}</style></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{paragraphs}</article><footer>Example News</footer></body></html>"
                );
                (format!("{i}.html"), page.into_bytes())
            }
            3 => {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                gz.write_all(text.as_bytes()).unwrap();
                (format!("{i}.txt.gz"), gz.finish().unwrap())
            }
            4 => (format!("README-{i}"), text.into_bytes()),
            _ => {
                let chapters: Vec<(String, String, String)> =
                    (1..=3).map(|c| (format!("c{c}.xhtml"), format!("Chapter {c}"), paragraphs.clone())).collect();
                let chapters: Vec<(&str, &str, &str)> =
                    chapters.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
                (format!("{i}.epub"), epub(title, "Generated", &chapters, i % 12 == 5))
            }
        };
        std::fs::write(sub.join(name), bytes).unwrap();
    }
    std::fs::write(&done, "").unwrap();
    dir.to_path_buf()
}

/// Whether a string can reach the screen as it is: no control (but a line break or tab) and
/// no bidi control, which would reorder or overdraw what follows it.
pub fn shown_safely(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c, '\n' | '\t') || !(c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
    })
}

/// Every string of a document, link targets and code languages included, safe to show.
pub fn assert_document_is_clean(document: &crate::document::Document) {
    fn strings(value: &serde_json::Value, each: &mut dyn FnMut(&str)) {
        match value {
            serde_json::Value::String(s) => each(s),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, each)),
            serde_json::Value::Object(fields) => fields.values().for_each(|v| strings(v, each)),
            _ => {}
        }
    }
    assert!(!document.title.contains('\n') && shown_safely(&document.title), "{:?}", document.title);
    let typed = serde_json::to_value(document).expect("a document serializes");
    strings(&typed, &mut |s| assert!(shown_safely(s), "{s:?}"));
}
