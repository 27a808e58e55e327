//! Turning decoded bytes into an article's title, paragraphs and trailer.

use super::encoding::{decode_entities, sniff};
use super::sanitize::{sanitize, sanitize_line};
use super::trailer::Evidence;
use crate::width::display_width;

/// The first bytes of a file decide it: they are scanned for NUL to tell a binary file from
/// text (as `grep` and `git` do), and a title is read from them alone.
pub const PROBE_BYTES: usize = 8 * 1024;
/// A trailer line is short: site boilerplate ("Filter videos by"), not prose.
const TRAILER_MAX_WIDTH: usize = 50;
/// At most this many trailing lines are set apart, so a closing list is not swallowed.
const TRAILER_MAX_LINES: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
}

/// Decoded text, whether some bytes had to be replaced, and the legacy encoding it was read
/// in when it was not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub lossy: bool,
    pub encoding: Option<&'static str>,
}

/// Decodes UTF-8 (BOM stripped, stray invalid bytes replaced), UTF-16 with a BOM, or a legacy
/// encoding (see [`sniff`]). `complete` is false when `bytes` is only the start of a file: a
/// character cut at the end is then dropped instead of flagged.
pub fn decode(bytes: &[u8], complete: bool) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok(decode_utf16(rest, u16::from_le_bytes, complete));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok(decode_utf16(rest, u16::from_be_bytes, complete));
    }
    let mut bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if bytes[..bytes.len().min(PROBE_BYTES)].contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Some(encoding) = sniff(bytes, complete) {
        let (text, lossy) = encoding.decode_without_bom_handling(bytes);
        return Ok(Decoded { text: text.into_owned(), lossy: lossy && complete, encoding: Some(encoding.name()) });
    }
    if let Err(e) = std::str::from_utf8(bytes)
        && !complete
        && e.error_len().is_none()
    {
        bytes = &bytes[..e.valid_up_to()];
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => Decoded { text: text.to_owned(), lossy: false, encoding: None },
        Err(_) => Decoded { text: String::from_utf8_lossy(bytes).into_owned(), lossy: true, encoding: None },
    })
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, complete: bool) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut lossy = complete && bytes.len() % 2 == 1;
    let text = char::decode_utf16(units)
        .map(|r| {
            r.unwrap_or_else(|_| {
                lossy = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    Decoded { text, lossy, encoding: None }
}

/// The parts of an article's text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// Empty when the file has no visible text.
    pub title: String,
    /// Each paragraph is one string; `\n` inside one marks a kept line break (list items).
    pub paragraphs: Vec<String>,
    pub trailer: Vec<String>,
}

/// The title alone, as [`parse`] would find it, sanitizing no more than the lines before it.
pub fn title_of(raw: &str) -> Option<String> {
    // Each line sanitized is already clean and trimmed: what `sanitize_line` would make of it.
    decode_entities(raw).split('\n').find_map(|line| {
        sanitize(line).split('\n').map(str::trim).find(|l| !l.is_empty()).map(|l| strip_heading(l).to_owned())
    })
}

/// Splits raw text into title, paragraphs and trailer, sanitizing it first; `evidence` says
/// which short last lines are boilerplate.
pub fn parse(raw: &str, evidence: &Evidence) -> Parsed {
    let text = sanitize(&decode_entities(raw));
    let mut lines = text.split('\n').map(str::trim_end);
    let Some(title) = lines.by_ref().map(str::trim).find(|l| !l.is_empty()) else {
        return Parsed::default();
    };
    let title = strip_heading(title);
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    // Blank lines before each block (set apart by two or more, as a page's footer is).
    let mut gaps: Vec<usize> = Vec::new();
    let mut blank_run = 0;
    // Blocks that are a heading underlined Markdown's setext way.
    let mut setext: Vec<usize> = Vec::new();
    let mut in_fence = false;
    for line in lines {
        let fence = line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if in_fence || fence {
            // A fenced code block is one block, blank lines and all, from fence to fence.
            if !in_fence && !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            if current.is_empty() {
                gaps.push(std::mem::take(&mut blank_run));
            }
            current.push(line);
            if in_fence && fence {
                blocks.push(std::mem::take(&mut current));
            }
            in_fence ^= fence;
            continue;
        }
        if heading_level(line.trim_start()).is_some() {
            // A Markdown heading stands alone, whatever follows it without a blank line.
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            gaps.push(std::mem::take(&mut blank_run));
            blocks.push(vec![line.trim_start()]);
            continue;
        }
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            blank_run += 1;
        } else if is_setext_underline(line) && (current.len() == 1 || blocks.is_empty() && current.is_empty()) {
            // Markdown's `====` / `----` under a heading (or under the title): decoration.
            if let Some(heading) = current.pop() {
                blocks.push(vec![heading]);
                setext.push(blocks.len() - 1);
            }
        } else {
            if current.is_empty() {
                gaps.push(std::mem::take(&mut blank_run));
            }
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    debug_assert_eq!(gaps.len(), blocks.len());
    let mut trailer_blocks = trailer_block_count(&blocks, evidence);
    // With nothing to compare with, the page's own shape must set the trailer apart.
    if trailer_blocks > 0 && evidence.is_alone() && gaps.get(blocks.len() - trailer_blocks).is_none_or(|&gap| gap < 2) {
        trailer_blocks = 0;
    }
    let trailer = blocks[blocks.len() - trailer_blocks..].iter().flatten().map(|l| sanitize_line(l)).collect();
    blocks.truncate(blocks.len() - trailer_blocks);
    let paragraphs = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| if setext.contains(&i) { format!("## {}", b[0].trim()) } else { join_block(b) })
        .collect();
    Parsed { title: sanitize_line(title), paragraphs, trailer }
}

/// How many blocks at the end are trailer: short lines that end no sentence and that the
/// evidence takes for boilerplate, at least one real paragraph left before them.
fn trailer_block_count(blocks: &[Vec<&str>], evidence: &Evidence) -> usize {
    let mut count = 0;
    let mut lines = 0;
    for block in blocks.iter().rev() {
        lines += block.len();
        // Code, headings and lists are content, however short their lines.
        let content = is_preformatted(block) || block.iter().any(|l| heading_level(l).is_some() || is_list_item(l));
        if count + 1 >= blocks.len()
            || lines > TRAILER_MAX_LINES
            || content
            || !block.iter().all(|l| is_trailer_line(l) && evidence.is_boilerplate(l))
        {
            break;
        }
        count += 1;
    }
    count
}

fn is_trailer_line(line: &str) -> bool {
    let line = line.trim();
    let ends_sentence = line
        .ends_with(['.', '!', '?', '…', ':', ';', '"', '\'', '”', '’', '»', ')', ']', '。', '！', '？', '؟', '।', '॥']);
    !ends_sentence && display_width(line) <= TRAILER_MAX_WIDTH
}

/// Joins a block's lines into one paragraph, keeping a break before list items so that bullet
/// lists stay lists while hard-wrapped prose reflows. A preformatted block keeps every line as
/// it is, indentation included.
fn join_block(lines: &[&str]) -> String {
    if is_preformatted(lines) {
        return lines.join("\n");
    }
    let mut paragraph = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            paragraph.push(if is_list_item(line) { '\n' } else { ' ' });
        }
        let line = if is_list_item(line) { line.trim() } else { line.trim_start() };
        paragraph.push_str(line);
    }
    paragraph
}

/// A Markdown ATX heading's text without its `#`s (`## Usage` -> `Usage`); other text as is.
pub fn strip_heading(line: &str) -> &str {
    heading_level(line).map_or(line, |level| line[level..].trim())
}

/// The level of a Markdown ATX heading (`#` to `######` and a space), if `line` is one.
pub fn heading_level(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes) && line[hashes..].starts_with(' ')).then_some(hashes)
}

/// Markdown's setext underline: a line of `=` or of `-`, three or more.
fn is_setext_underline(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

/// Whether lines were laid out by hand (code, man pages, tables, box drawing, headings) and
/// must keep their breaks, rather than prose to reflow: a code fence, every line indented by
/// two or more spaces, columns aligned with runs of spaces on two lines, a line mostly of box
/// drawing or symbols, or a short all-capitals heading.
pub fn is_preformatted(lines: &[&str]) -> bool {
    let indented = |l: &&str| l.len() - l.trim_start_matches(' ').len() >= 2;
    let aligned = lines.iter().filter(|l| l.trim().contains("   ")).count() >= 2;
    lines.iter().any(|l| l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~"))
        || lines.iter().all(indented)
        || aligned
        || lines.iter().any(|l| is_drawing(l) || is_heading(l))
}

/// A line mostly of box drawing or punctuation symbols: a table rule, a frame, a banner.
fn is_drawing(line: &str) -> bool {
    let visible: Vec<char> = line.chars().filter(|c| !c.is_whitespace()).collect();
    let drawn = visible.iter().filter(|&&c| ('\u{2500}'..='\u{259f}').contains(&c) || "|+-=_*#~".contains(c)).count();
    visible.len() >= 3 && drawn * 2 > visible.len()
}

/// A short line in capitals, like a man page's `NAME` or `SYNOPSIS`.
fn is_heading(line: &str) -> bool {
    let line = line.trim();
    let capitals = line.chars().filter(|c| c.is_uppercase()).count();
    capitals >= 2 && display_width(line) <= 40 && !line.chars().any(char::is_lowercase)
}

fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    ["- ", "* ", "• ", "– "].iter().any(|m| line.starts_with(m))
        || (digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Parsed as the only article of its store.
    fn parse(raw: &str) -> Parsed {
        super::parse(raw, &Evidence::Alone)
    }

    #[test]
    fn a_trailer_needs_evidence() {
        let raw = "T\n\nThe draw.\n\nNewcastle v Tottenham\n\nBurnley v Leicester\n";
        let content = super::parse(raw, &Evidence::from_endings(["X\n\nOther.\n\nBolton v Arsenal\n"]));
        assert_eq!((content.paragraphs.len(), content.trailer.len()), (3, 0), "endings not seen elsewhere stay");
        let site =
            Evidence::from_endings(["X\n\nOther.\n\nBurnley v Leicester\n", "Y\n\nMore.\n\nBurnley v Leicester\n"]);
        assert_eq!(super::parse(raw, &site).trailer, ["Burnley v Leicester"], "only the recurring line");
        assert_eq!(parse("T\n\nOne.\n\nAttendance 8,661\n").trailer, Vec::<String>::new(), "alone: digits are content");
    }

    #[test]
    fn title_paragraphs_and_trailer_of_the_seed_shape() {
        let parsed =
            parse("\n Title here \n\nFirst para\ncontinues.\n\nSecond one.\n\n\n\nWccfTech Tv\nFilter videos by");
        assert_eq!(parsed.title, "Title here");
        assert_eq!(parsed.paragraphs, ["First para continues.", "Second one."]);
        assert_eq!(parsed.trailer, ["WccfTech Tv", "Filter videos by"]);
    }

    #[test]
    fn a_notes_last_line_is_its_own_unless_set_apart_as_a_footer() {
        let note = parse("Groceries\n\nFor the weekend:\n\nBuy milk and eggs\n");
        assert_eq!((note.paragraphs.len(), note.trailer.len()), (2, 0), "one blank line: the note's own");
        let poem = parse(
            "Stopping\n\nThe woods are lovely, dark and deep,\nBut I have promises to keep,\n\nAnd miles to go before I sleep\n",
        );
        assert!(poem.trailer.is_empty(), "{poem:?}");
        let footer = parse("Page\n\nThe story, told.\n\n\nShare this page\n");
        assert_eq!(footer.trailer, ["Share this page"], "set apart by two blank lines, as the seed's");
        assert!(super::parse("Page\n\nThe story.\n\n\n\nShare this page\n", &Evidence::Never).trailer.is_empty());
        // Neighbours that end with the same line need no blank lines: the folder is evidence.
        let site = Evidence::from_endings(["X\n\nA.\n\nShare this page\n", "Y\n\nB.\n\nShare this page\n"]);
        assert_eq!(super::parse("T\n\nThe story.\n\nShare this page\n", &site).trailer, ["Share this page"]);
    }

    #[test]
    fn a_last_paragraph_of_prose_is_not_trailer() {
        let parsed = parse("T\n\nOne.\n\nClark Boyd is technology correspondent for The World.\n");
        assert!(parsed.trailer.is_empty());
        assert_eq!(parsed.paragraphs.len(), 2);
    }

    #[test]
    fn the_only_paragraph_is_never_trailer() {
        let parsed = parse("T\n\nshort line");
        assert_eq!(parsed.paragraphs, ["short line"]);
        assert!(parsed.trailer.is_empty());
    }

    #[test]
    fn list_items_keep_their_breaks() {
        let parsed = parse("T\n\nItems:\n - one\n - two\n");
        assert_eq!(parsed.paragraphs, ["Items:\n- one\n- two"]);
    }

    #[test]
    fn preformatted_blocks_keep_their_lines() {
        let man =
            parse("LS(1)\n\nNAME\n       ls - list directory contents\n\nSYNOPSIS\n       ls [OPTION]... [FILE]...\n");
        assert_eq!(
            man.paragraphs,
            ["NAME\n       ls - list directory contents", "SYNOPSIS\n       ls [OPTION]... [FILE]..."]
        );
        let code = parse("T\n\n```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n");
        assert_eq!(code.paragraphs, ["```rust\nfn main() {\n    println!(\"hi\");\n}\n```"]);
        let table = parse("T\n\nName     Size   Date\nfolio    12 K   today\nless     90 K   1983\n");
        assert_eq!(table.paragraphs[0].lines().count(), 3);
        let boxed = parse("T\n\n┌────┐\n│ hi │\n└────┘\n");
        assert_eq!(boxed.paragraphs, ["┌────┐\n│ hi │\n└────┘"]);
        // Hard-wrapped prose, even with an indented first line, still reflows.
        let prose = parse("T\n\n  It was a dark\nand stormy night.\n");
        assert_eq!(prose.paragraphs, ["It was a dark and stormy night."]);
    }

    #[test]
    fn fences_span_blank_lines_and_headings_stand_alone() {
        let parsed = parse(
            "T\n\n```\nfn a() {}\n\nfn   b() {\n}\n\nfn c() {}\n```\n## Where\nit came from.\n\n## See also\n\n- rg\n- fd\n",
        );
        assert_eq!(
            parsed.paragraphs,
            [
                "```\nfn a() {}\n\nfn   b() {\n}\n\nfn c() {}\n```",
                "## Where",
                "it came from.",
                "## See also",
                "- rg\n- fd"
            ]
        );
        assert!(parsed.trailer.is_empty(), "code, headings and lists are never trailer");
    }

    #[test]
    fn blank_text_has_no_title() {
        assert_eq!(parse(" \n\t\n\x1b[0m"), Parsed::default());
    }

    #[test]
    fn decodes_boms_latin1_and_detects_binary() {
        assert_eq!(
            decode(b"\xEF\xBB\xBFhi", true).unwrap(),
            Decoded { text: "hi".into(), lossy: false, encoding: None }
        );
        assert_eq!(
            decode(b"\xFF\xFEh\0i\0", true).unwrap(),
            Decoded { text: "hi".into(), lossy: false, encoding: None }
        );
        assert_eq!(
            decode(b"\xFE\xFF\0h\0i", true).unwrap(),
            Decoded { text: "hi".into(), lossy: false, encoding: None }
        );
        // Latin-1 bytes are read as Windows-1252, and say so; not replaced.
        let latin = Decoded { text: "Café crème costs £5.".into(), lossy: false, encoding: Some("windows-1252") };
        assert_eq!(decode(b"Caf\xe9 cr\xe8me costs \xa35.", true).unwrap(), latin);
        // UTF-8 with one stray byte stays UTF-8, the byte replaced and flagged.
        let mixed = decode("Café \u{2013} ".bytes().chain([0xa3]).collect::<Vec<_>>().as_slice(), true).unwrap();
        assert_eq!(mixed, Decoded { text: "Café \u{2013} \u{FFFD}".into(), lossy: true, encoding: None });
        assert_eq!(decode(b"ELF\0\x01", true), Err(DecodeError::Binary));
        let cut = "£".as_bytes()[..1].to_vec();
        assert_eq!(
            decode(&[b"ab".as_slice(), &cut].concat(), false).unwrap(),
            Decoded { text: "ab".into(), lossy: false, encoding: None }
        );
        // At the real end of a file the same byte is no cut character: a legacy byte.
        assert!(decode(&[b"ab".as_slice(), &cut].concat(), true).unwrap().encoding.is_some());
        // A NUL in the first 8 KiB makes a file binary; one after it does not.
        let mut bytes = vec![b'a'; PROBE_BYTES + 1];
        bytes[PROBE_BYTES - 1] = 0;
        assert_eq!(decode(&bytes, true), Err(DecodeError::Binary));
        bytes[PROBE_BYTES - 1] = b'a';
        bytes[PROBE_BYTES] = 0;
        assert!(decode(&bytes, true).is_ok());
    }

    proptest! {
        #[test]
        fn parsing_keeps_every_word(body in "[a-z.]{1,8}( [a-z.]{1,8}){0,6}(\n{1,3}[a-z.]{1,8}( [a-z.]{1,8}){0,6}){0,8}") {
            let raw = format!("Title\n\n{body}");
            let parsed = parse(&raw);
            prop_assert_eq!(parsed.title.as_str(), "Title");
            let mut words: Vec<&str> = parsed.paragraphs.iter().flat_map(|p| p.split_whitespace()).collect();
            words.extend(parsed.trailer.iter().flat_map(|l| l.split_whitespace()));
            prop_assert_eq!(words, body.split_whitespace().collect::<Vec<_>>());
            prop_assert!(!parsed.paragraphs.is_empty());
        }

        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            if let Ok(decoded) = decode(&bytes, true) {
                let parsed = parse(&decoded.text);
                prop_assert!(!parsed.title.contains('\n'));
                prop_assert_eq!(title_of(&decoded.text).unwrap_or_default(), parsed.title);
            }
        }
    }
}
