//! An article's pictures: found beside its file, in its book or in a `data:` address, decoded and encoded for the terminal by a worker, sized as rows of the page.

use crate::probe::Graphics;
use crate::store::ArticleRef;
use crate::worker::{Flow, Worker};
use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::Resize;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::sliced::SlicedProtocol;
use std::collections::{HashMap, VecDeque};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most rows a picture takes: a tall one is shrunk to fit, so it never hides the text
/// around it for pages on end.
pub const MAX_ROWS: u16 = 24;
/// Bigger files are not read: a picture worth reading in a terminal is far smaller.
const MAX_BYTES: u64 = 32 << 20;
/// Decoded pictures kept by the worker, to encode again at another width without reading.
const KEPT: usize = 8;

/// Where a picture's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    File(PathBuf),
    /// An entry of an EPUB book (its path in the zip, resolved when the book was read).
    InBook {
        book: PathBuf,
        entry: String,
    },
    Data(Vec<u8>),
}

/// Where the picture `source` of the article read from `article_path` is: beside it (a
/// relative path, as HTML and Markdown write them), in its book, or in the address itself.
/// `None` for a picture on the web, which folio never fetches.
pub fn locate(article_path: &Path, source: &str) -> Option<Place> {
    if let Some(data) = source.strip_prefix("data:") {
        let (kind, payload) = data.split_once(',')?;
        if !kind.ends_with(";base64") {
            return None;
        }
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD.decode(payload.trim()).ok()?;
        return Some(Place::Data(bytes));
    }
    let path = source.split(['#', '?']).next().unwrap_or_default();
    let path = path.strip_prefix("file://").unwrap_or(path);
    if path.is_empty() || path.contains("://") || path.starts_with("//") {
        return None;
    }
    let path = percent_decoded(path);
    let is_book = article_path.extension().is_some_and(|e| e.eq_ignore_ascii_case("epub"));
    if is_book {
        return Some(Place::InBook { book: article_path.to_owned(), entry: path });
    }
    let beside = article_path.parent().unwrap_or(Path::new(".")).join(&path);
    Some(Place::File(beside))
}

/// `%20` as a space, as addresses write file names; a `%` not followed by two hex digits is kept.
fn percent_decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes.get(at + 1..at + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                at += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| path.to_owned())
}

/// The picture at `place`, decoded (PNG, JPEG, GIF or WebP), or why not.
pub fn load(place: &Place) -> Result<DynamicImage, String> {
    reader(read(place)?)?.decode().map_err(|e| e.to_string())
}

/// The width and height of the picture at `place`, read from its header alone.
pub fn pixels(place: &Place) -> Result<(u32, u32), String> {
    reader(read(place)?)?.into_dimensions().map_err(|e| e.to_string())
}

fn read(place: &Place) -> Result<Vec<u8>, String> {
    Ok(match place {
        Place::Data(bytes) => bytes.clone(),
        Place::File(path) => read_capped(open_regular(path)?)?,
        Place::InBook { book, entry } => {
            let file = std::fs::File::open(book).map_err(|e| e.to_string())?;
            let mut zip = zip::ZipArchive::new(file).map_err(|e| e.to_string())?;
            let entry = zip.by_name(entry.trim_start_matches('/')).map_err(|e| e.to_string())?;
            read_capped(entry)?
        }
    })
}

/// A reader of `bytes` as the picture format they start with, within limits that keep a
/// hostile file from taking all memory.
fn reader(bytes: Vec<u8>) -> Result<image::ImageReader<io::Cursor<Vec<u8>>>, String> {
    let mut reader =
        image::ImageReader::new(io::Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(256 << 20);
    reader.limits(limits);
    Ok(reader)
}

/// `path` opened for reading if it is a regular file: an article naming `/dev/tty`, a pipe or
/// `/proc/self/fd/0` as a picture must not block the painter or take the keys. Opened without
/// blocking (a FIFO opens at once), then checked.
fn open_regular(path: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| e.to_string())?;
    if !file.metadata().map_err(|e| e.to_string())?.is_file() {
        return Err("not a regular file".into());
    }
    Ok(file)
}

fn read_capped(source: impl Read) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    source.take(MAX_BYTES + 1).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!("larger than {} MiB", MAX_BYTES >> 20));
    }
    Ok(bytes)
}

/// The columns and rows a picture of `pixels` takes in `room` columns of cells `cell` pixels
/// big: its own size where it fits, else shrunk to the room and to [`MAX_ROWS`], never stretched.
pub fn fit(pixels: (u32, u32), cell: (u16, u16), room: u16) -> (u16, u16) {
    let (width, height) = (f64::from(pixels.0.max(1)), f64::from(pixels.1.max(1)));
    let (cell_width, cell_height) = (f64::from(cell.0.max(1)), f64::from(cell.1.max(1)));
    let scale = 1f64.min(f64::from(room.max(1)) * cell_width / width).min(f64::from(MAX_ROWS) * cell_height / height);
    let columns = (width * scale / cell_width).ceil().clamp(1.0, f64::from(room.max(1)));
    let rows = (height * scale / cell_height).ceil().clamp(1.0, f64::from(MAX_ROWS));
    (columns as u16, rows as u16)
}

/// What the reader asks of the painter for one article: every picture's pixel size, and each
/// picture the page has room for, encoded at its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaintRequest {
    pub article: ArticleRef,
    /// The article's file.
    pub path: PathBuf,
    /// Each source, with the size to encode it at once its pixels are known.
    pub wanted: Vec<(String, Option<(u16, u16)>)>,
}

/// One picture's answer.
#[derive(Clone, PartialEq, Eq)]
pub struct Painted {
    pub article: ArticleRef,
    pub source: String,
    pub result: Result<Paint, String>,
}

/// A picture's pixel size, or the picture encoded at a size.
#[derive(Clone)]
pub enum Paint {
    Pixels(u32, u32),
    Drawn { size: (u16, u16), protocol: Arc<SlicedProtocol> },
}

/// The same answer: the same size, or the same encoding (not an equal one: encodings are
/// compared by identity).
impl PartialEq for Paint {
    fn eq(&self, other: &Paint) -> bool {
        match (self, other) {
            (Paint::Pixels(w, h), Paint::Pixels(w2, h2)) => (w, h) == (w2, h2),
            (Paint::Drawn { size, protocol }, Paint::Drawn { size: size2, protocol: protocol2 }) => {
                size == size2 && Arc::ptr_eq(protocol, protocol2)
            }
            _ => false,
        }
    }
}

impl Eq for Paint {}

impl std::fmt::Debug for Painted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let result = match &self.result {
            Ok(Paint::Pixels(width, height)) => format!("{width}x{height} pixels"),
            Ok(Paint::Drawn { size, .. }) => format!("drawn at {size:?}"),
            Err(error) => error.clone(),
        };
        write!(f, "Painted({}, {}, {result})", self.article.id, self.source)
    }
}

/// The thread that reads, decodes and encodes pictures, so none of it stalls the screen.
#[derive(Debug)]
pub struct Painter(Worker<PaintRequest>);

impl Painter {
    pub fn spawn(picker: Picker, send: impl Fn(Painted) -> Flow + Send + 'static) -> io::Result<Painter> {
        let mut decoded = Decoded::default();
        Worker::spawn("folio-painter", move |request: PaintRequest| request.serve(&picker, &mut decoded, &send))
            .map(Painter)
    }

    pub fn request(&self, request: PaintRequest) {
        self.0.request(request);
    }
}

/// Pictures decoded lately, to be encoded at another size without reading them again.
#[derive(Default)]
pub struct Decoded(VecDeque<((PathBuf, String), DynamicImage)>);

impl PaintRequest {
    /// Answers the request picture by picture, on the calling thread: a size from the file's
    /// header, or the picture decoded and encoded for `picker`'s terminal.
    pub fn serve(self, picker: &Picker, decoded: &mut Decoded, send: &impl Fn(Painted) -> Flow) -> Flow {
        for (source, size) in self.wanted {
            let place = locate(&self.path, &source).ok_or_else(|| "not a file of folio's".to_owned());
            let result = match size {
                None => place.and_then(|place| pixels(&place)).map(|(width, height)| Paint::Pixels(width, height)),
                Some(size) => {
                    let key = (self.path.clone(), source.clone());
                    let image = match decoded.0.iter().find(|(k, _)| *k == key) {
                        Some((_, image)) => Ok(image.clone()),
                        None => place.and_then(|place| load(&place)).inspect(|image| {
                            if decoded.0.len() == KEPT {
                                decoded.0.pop_front();
                            }
                            decoded.0.push_back((key, image.clone()));
                        }),
                    };
                    image.and_then(|image| encode(picker, image, size)).map(|protocol| Paint::Drawn { size, protocol })
                }
            };
            send(Painted { article: self.article.clone(), source, result })?;
        }
        Flow::Continue(())
    }
}

/// How pictures are drawn on a terminal that said `graphics`, `named` being what its
/// environment names (ratatui-image's reading: iTerm2's protocol for iTerm2, WezTerm and their
/// kind; `None` for others). Kitty graphics where answered, sixel where the attributes say so,
/// halfblocks (coloured half cells, any terminal with colours) elsewhere.
pub fn protocol(graphics: Graphics, named: Option<ProtocolType>) -> ProtocolType {
    match named {
        Some(named) => named,
        None if graphics.kitty => ProtocolType::Kitty,
        None if graphics.sixel => ProtocolType::Sixel,
        None => ProtocolType::Halfblocks,
    }
}

/// What draws pictures on this terminal: its protocol (see [`protocol`]) with cells `cell`
/// pixels big. Inside tmux, ratatui-image turns the pane's `allow-passthrough` on, so the
/// pictures reach the terminal around it.
pub fn picker(graphics: Graphics, cell: (u16, u16)) -> Picker {
    // The one constructor that takes the cell size as found: the others ask the terminal
    // again, which folio's probe has done.
    #[allow(deprecated)]
    let mut picker = Picker::from_fontsize(ratatui_image::FontSize::new(cell.0, cell.1));
    let named = (picker.protocol_type() != ProtocolType::Halfblocks).then_some(picker.protocol_type());
    // Konsole answers for sixel and kitty but draws neither right (ratatui-image's matrix).
    let konsole = std::env::var_os("KONSOLE_VERSION").is_some_and(|v| !v.is_empty());
    picker.set_protocol_type(if konsole { ProtocolType::Halfblocks } else { protocol(graphics, named) });
    picker
}

/// `image` encoded for the terminal `picker` draws on, `size` cells big, in rows that can be
/// shown from any of them.
pub fn encode(picker: &Picker, image: DynamicImage, size: (u16, u16)) -> Result<Arc<SlicedProtocol>, String> {
    let size = Size::new(size.0, size.1);
    SlicedProtocol::new_with_resize(picker, image, size, Resize::Fit(None)).map(Arc::new).map_err(|e| e.to_string())
}

/// The pictures known to the reader: their pixel sizes, and each encoded at the size a page
/// gave it.
#[derive(Default)]
pub struct Pictures {
    /// A cell's size in pixels; `None` when pictures are not drawn (the setting, or no terminal).
    pub cell: Option<(u16, u16)>,
    known: HashMap<(ArticleRef, String), Known>,
    /// The last request, so the same one is not sent again every frame.
    asked: Option<PaintRequest>,
    /// Counts the pages asked about: when each picture was last placed on one.
    tick: u64,
}

/// Encodings kept for pictures not on the page, the most recently placed: scrolling back
/// finds them drawn, and a book of a thousand pictures does not keep a thousand encodings
/// (megabytes each for sixel and kitty). Those on the page are always kept, so none takes turns.
const SPARE_ENCODINGS: usize = 16;

/// A picture's encoding and the size it was made for.
type Drawn = Option<((u16, u16), Arc<SlicedProtocol>)>;

enum Known {
    Failed,
    Sized { pixels: (u32, u32), drawn: Drawn, placed_at: u64 },
}

impl std::fmt::Debug for Pictures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pictures({:?}, {} known)", self.cell, self.known.len())
    }
}

impl Pictures {
    /// Pictures drawn with cells `cell` pixels big, or none.
    pub fn new(cell: Option<(u16, u16)>) -> Pictures {
        Pictures { cell, ..Pictures::default() }
    }

    /// The columns and rows picture `source` of `article` takes in `room` columns, once its
    /// pixels are known.
    pub fn size(&self, article: &ArticleRef, source: &str, room: u16) -> Option<(u16, u16)> {
        let cell = self.cell?;
        match self.known.get(&(article.clone(), source.to_owned()))? {
            Known::Sized { pixels, .. } => Some(fit(*pixels, cell, room)),
            Known::Failed => None,
        }
    }

    /// The picture encoded at `size`, when it is.
    pub fn drawn(&self, article: &ArticleRef, source: &str, size: (u16, u16)) -> Option<&SlicedProtocol> {
        match self.known.get(&(article.clone(), source.to_owned()))? {
            Known::Sized { drawn: Some((at, protocol)), .. } if *at == size => Some(protocol),
            _ => None,
        }
    }

    /// Takes the painter's answer; true when a picture's size became known (the article's
    /// pages are laid out again to give it rows).
    pub fn painted(&mut self, painted: Painted) -> bool {
        let key = (painted.article, painted.source);
        match painted.result {
            Err(_) => {
                self.known.insert(key, Known::Failed);
                false
            }
            Ok(Paint::Pixels(width, height)) => {
                let fresh = !matches!(self.known.get(&key), Some(Known::Sized { .. }));
                self.known.insert(key, Known::Sized { pixels: (width, height), drawn: None, placed_at: 0 });
                fresh
            }
            Ok(Paint::Drawn { size, protocol }) => {
                if let Some(Known::Sized { drawn, .. }) = self.known.get_mut(&key) {
                    *drawn = Some((size, protocol));
                }
                false
            }
        }
    }

    /// What to ask the painter for `article` (read from `path`): the pictures not yet sized,
    /// and those `placed` on its page (source and size) not yet encoded at their size. `None`
    /// when nothing is missing or it was asked already.
    pub fn wants(
        &mut self,
        article: &ArticleRef,
        path: &Path,
        sources: &[&str],
        placed: &[(&str, (u16, u16))],
    ) -> Option<PaintRequest> {
        self.cell?;
        self.tick += 1;
        for (source, _) in placed {
            if let Some(Known::Sized { placed_at, .. }) = self.known.get_mut(&(article.clone(), (*source).to_owned())) {
                *placed_at = self.tick;
            }
        }
        self.let_go_of_spares();
        let mut wanted = Vec::new();
        for (at, source) in sources.iter().enumerate() {
            if !sources[..at].contains(source) && !self.known.contains_key(&(article.clone(), (*source).to_owned())) {
                wanted.push(((*source).to_owned(), None));
            }
        }
        for (at, (source, size)) in placed.iter().enumerate() {
            // One encoding a picture: a second place of it at another size would take turns
            // with the first forever. It shows once.
            let again = placed[..at].iter().any(|(earlier, _)| earlier == source);
            if !again && self.drawn(article, source, *size).is_none() {
                wanted.push(((*source).to_owned(), Some(*size)));
            }
        }
        if wanted.is_empty() {
            return None;
        }
        let request = PaintRequest { article: article.clone(), path: path.to_owned(), wanted };
        if self.asked.as_ref() == Some(&request) {
            return None;
        }
        self.asked = Some(request.clone());
        Some(request)
    }

    /// Drops the encodings of pictures off the page beyond the [`SPARE_ENCODINGS`] most
    /// recently placed, of this article or others.
    fn let_go_of_spares(&mut self) {
        let mut spares: Vec<(u64, &mut Drawn)> = self
            .known
            .values_mut()
            .filter_map(|known| match known {
                Known::Sized { drawn: drawn @ Some(_), placed_at, .. } if *placed_at < self.tick => {
                    Some((*placed_at, drawn))
                }
                _ => None,
            })
            .collect();
        if spares.len() > SPARE_ENCODINGS {
            spares.sort_unstable_by_key(|(placed_at, _)| std::cmp::Reverse(*placed_at));
            spares.into_iter().skip(SPARE_ENCODINGS).for_each(|(_, drawn)| *drawn = None);
            // The last request may have asked for one let go: the same request must go again.
            self.asked = None;
        }
    }

    /// How many pictures are kept encoded.
    pub fn encodings(&self) -> usize {
        self.known.values().filter(|known| matches!(known, Known::Sized { drawn: Some(_), .. })).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_found_beside_the_file_in_the_book_or_in_the_address() {
        let article = Path::new("/notes/trip/day1.md");
        assert_eq!(locate(article, "map.png"), Some(Place::File("/notes/trip/map.png".into())));
        assert_eq!(
            locate(article, "../all%20maps/a.png#top"),
            Some(Place::File("/notes/trip/../all maps/a.png".into()))
        );
        assert_eq!(locate(article, "/srv/a.png"), Some(Place::File("/srv/a.png".into())));
        assert_eq!(locate(article, "https://example.com/a.png"), None, "never fetched");
        assert_eq!(locate(article, "//cdn.example.com/a.png"), None);
        assert_eq!(locate(article, "data:image/png;base64,aGk="), Some(Place::Data(b"hi".to_vec())));
        assert_eq!(locate(article, "data:image/svg+xml,<svg/>"), None);
        let book = Path::new("/books/b.epub");
        let entry = locate(book, "OEBPS/images/c.jpg");
        assert_eq!(entry, Some(Place::InBook { book: book.into(), entry: "OEBPS/images/c.jpg".into() }));
        assert_eq!(percent_decoded("100%"), "100%");
    }

    #[test]
    fn the_protocol_is_what_the_terminal_answered_or_named() {
        let said = |kitty, sixel| Graphics { kitty, sixel, cell_pixels: None };
        assert_eq!(protocol(said(true, true), None), ProtocolType::Kitty, "kitty, Ghostty");
        assert_eq!(protocol(said(false, true), None), ProtocolType::Sixel, "foot, XTerm, tmux 3.4");
        assert_eq!(protocol(said(false, false), None), ProtocolType::Halfblocks, "tmux 3.3, VTE");
        assert_eq!(protocol(said(true, true), Some(ProtocolType::Iterm2)), ProtocolType::Iterm2, "WezTerm");
    }

    #[test]
    fn a_picture_keeps_its_shape_and_fits_its_room() {
        // 10x20 cells: a 200x100 picture is 20 columns by 5 rows.
        assert_eq!(fit((200, 100), (10, 20), 80), (20, 5));
        // Too wide: shrunk to 40 columns, its rows with it.
        assert_eq!(fit((800, 400), (10, 20), 40), (40, 10));
        // Too tall: shrunk to MAX_ROWS, its columns with it.
        assert_eq!(fit((100, 4800), (10, 20), 80), (1, MAX_ROWS));
        assert_eq!(fit((0, 0), (0, 0), 0), (1, 1), "nothing is zero");
    }

    #[test]
    fn encodings_off_the_page_are_let_go_beyond_a_few_spares() {
        let picker = Picker::halfblocks();
        let article = ArticleRef { id: "book".into(), version: 1 };
        let other = ArticleRef { id: "other".into(), version: 1 };
        let mut pictures = Pictures::new(Some((10, 20)));
        let show = |pictures: &mut Pictures, article: &ArticleRef, source: &str| {
            let answer = |result| Painted { article: article.clone(), source: source.to_owned(), result: Ok(result) };
            pictures.painted(answer(Paint::Pixels(30, 40)));
            let request = pictures.wants(article, Path::new("/b"), &[source], &[(source, (3, 2))]).unwrap();
            assert_eq!(request.wanted, [(source.to_owned(), Some((3, 2)))]);
            let image = DynamicImage::ImageRgb8(image::RgbImage::new(30, 40));
            pictures.painted(answer(Paint::Drawn { size: (3, 2), protocol: encode(&picker, image, (3, 2)).unwrap() }));
        };
        show(&mut pictures, &other, "elsewhere.png");
        for n in 0..30 {
            show(&mut pictures, &article, &format!("{n}.png"));
        }
        // The last one placed, and the 16 placed before it.
        pictures.wants(&article, Path::new("/b"), &["29.png"], &[("29.png", (3, 2))]);
        assert_eq!(pictures.encodings(), 1 + SPARE_ENCODINGS);
        assert!(pictures.drawn(&article, "29.png", (3, 2)).is_some());
        assert!(pictures.drawn(&article, "13.png", (3, 2)).is_some());
        assert!(pictures.drawn(&article, "12.png", (3, 2)).is_none(), "the least recently placed let go");
        assert!(pictures.drawn(&other, "elsewhere.png", (3, 2)).is_none());
        assert_eq!(pictures.size(&article, "0.png", 80), Some((3, 2)), "its size still known");
        // All on one page: none let go, however many.
        let all: Vec<String> = (0..30).map(|n| format!("{n}.png")).collect();
        let placed: Vec<(&str, (u16, u16))> = all.iter().map(|s| (s.as_str(), (3, 2))).collect();
        pictures.wants(&article, Path::new("/b"), &[], &placed);
        assert_eq!(pictures.encodings(), 1 + SPARE_ENCODINGS);
    }

    #[test]
    fn a_picture_let_go_is_asked_for_again_by_the_same_request() {
        let picker = Picker::halfblocks();
        let (book, other) =
            (ArticleRef { id: "book".into(), version: 1 }, ArticleRef { id: "other".into(), version: 1 });
        let mut pictures = Pictures::new(Some((10, 20)));
        let answer = |article: &ArticleRef, source: &str, result| Painted {
            article: article.clone(),
            source: source.to_owned(),
            result: Ok(result),
        };
        let drawn = || {
            let image = DynamicImage::ImageRgb8(image::RgbImage::new(30, 40));
            Paint::Drawn { size: (3, 2), protocol: encode(&picker, image, (3, 2)).unwrap() }
        };
        let placed = [("elsewhere.png", (3, 2))];
        pictures.painted(answer(&other, "elsewhere.png", Paint::Pixels(30, 40)));
        let asked = pictures.wants(&other, Path::new("/o"), &["elsewhere.png"], &placed);
        assert!(asked.is_some());
        pictures.painted(answer(&other, "elsewhere.png", drawn()));
        // The book's pictures encoded (answers to requests not traced here), then scrolled off.
        let sources: Vec<String> = (0..SPARE_ENCODINGS + 1).map(|n| format!("{n}.png")).collect();
        for source in &sources {
            pictures.painted(answer(&book, source, Paint::Pixels(30, 40)));
            pictures.painted(answer(&book, source, drawn()));
        }
        let on_page: Vec<(&str, (u16, u16))> = sources.iter().map(|s| (s.as_str(), (3, 2))).collect();
        pictures.wants(&book, Path::new("/b"), &[], &on_page);
        pictures.wants(&book, Path::new("/b"), &[], &[]);
        assert!(pictures.drawn(&other, "elsewhere.png", (3, 2)).is_none(), "let go");
        // Back to the other article: the same request as the last one sent, sent again.
        assert_eq!(pictures.wants(&other, Path::new("/o"), &["elsewhere.png"], &placed), asked);
    }

    #[test]
    fn pictures_are_decoded_from_files_books_and_addresses() {
        let mut png = Vec::new();
        let image = image::RgbImage::from_pixel(3, 2, image::Rgb([200, 10, 10]));
        image.write_to(&mut io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
        let decoded = load(&Place::Data(png.clone())).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (3, 2));
        assert_eq!(pixels(&Place::Data(png.clone())), Ok((3, 2)));
        let dir = std::env::temp_dir().join(format!("folio-pictures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.png"), &png).unwrap();
        assert!(load(&Place::File(dir.join("a.png"))).is_ok());
        assert!(load(&Place::File(dir.join("missing.png"))).is_err());
        assert!(load(&Place::File("/dev/tty".into())).is_err(), "never the terminal's keys");
        assert!(load(&Place::File(dir.clone())).is_err(), "a folder");
        std::fs::write(dir.join("b.png"), b"not a picture").unwrap();
        assert!(load(&Place::File(dir.join("b.png"))).is_err());
        let book = dir.join("b.epub");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&book).unwrap());
        zip.start_file("OEBPS/c.png", zip::write::SimpleFileOptions::default()).unwrap();
        io::Write::write_all(&mut zip, &png).unwrap();
        zip.finish().unwrap();
        assert!(load(&Place::InBook { book: book.clone(), entry: "OEBPS/c.png".into() }).is_ok());
        assert!(load(&Place::InBook { book, entry: "OEBPS/d.png".into() }).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
