//! Plain text read as a document: the title line, then blocks typed by their shape, and the trailer.

use super::encoding::decode_entities;
use super::sanitize::{sanitize, sanitize_line};
use super::trailer::Evidence;
use crate::document::{Block, Document, Item, MAX_DEPTH};
use crate::width::display_width;

/// A trailer line is short: site boilerplate ("Filter videos by"), not prose.
const TRAILER_MAX_WIDTH: usize = 50;
/// At most this many trailing lines are set apart, so a closing list is not swallowed.
const TRAILER_MAX_LINES: usize = 4;

/// The title alone, as [`parse`] would find it, sanitizing no more than the lines before it.
pub fn title_of(raw: &str) -> Option<String> {
    // Each line sanitized is already clean and trimmed: what `sanitize_line` would make of it.
    decode_entities(raw).split('\n').find_map(|line| {
        sanitize(line).split('\n').map(str::trim).find(|l| !l.is_empty()).map(|l| strip_heading(l).to_owned())
    })
}

/// Reads plain text as a document, sanitizing it first: the first line is the title, blank
/// lines part blocks, and each block is typed by its shape (see [`typed`]); `evidence` says
/// which short last lines are boilerplate.
pub fn parse(raw: &str, evidence: &Evidence) -> Document {
    let text = sanitize(&decode_entities(raw));
    let mut lines = text.split('\n').map(str::trim_end);
    let Some(title) = lines.by_ref().map(str::trim).find(|l| !l.is_empty()) else {
        return Document::default();
    };
    let title = strip_heading(title);
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    // Blank lines before each block (set apart by two or more, as a page's footer is).
    let mut gaps: Vec<usize> = Vec::new();
    let mut blank_run = 0;
    // Blocks that are a heading underlined Markdown's setext way, with its level.
    let mut setext: Vec<(usize, u8)> = Vec::new();
    let mut in_fence = false;
    for line in lines {
        let fence = is_fence(line);
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
        if heading_level(line).is_some() {
            // A Markdown heading stands alone, whatever follows it without a blank line.
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            gaps.push(std::mem::take(&mut blank_run));
            blocks.push(vec![line]);
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
                setext.push((blocks.len() - 1, if line.trim_start().starts_with('=') { 1 } else { 2 }));
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
    let trailer: Vec<String> =
        blocks[blocks.len() - trailer_blocks..].iter().flatten().map(|l| sanitize_line(l)).collect();
    blocks.truncate(blocks.len() - trailer_blocks);
    let mut typed_blocks = Vec::with_capacity(blocks.len() + 1);
    for (i, block) in blocks.iter().enumerate() {
        match setext.iter().find(|(at, _)| *at == i) {
            Some(&(_, level)) => typed_blocks.push(Block::Heading { level, text: block[0].trim().into() }),
            None => typed(block, &mut typed_blocks),
        }
    }
    if !trailer.is_empty() {
        typed_blocks.push(Block::Trailer { lines: trailer });
    }
    Document { title: sanitize_line(title), meta: Default::default(), blocks: typed_blocks }
}

/// One paragraph of plain text (a JSON line's, as folio 0.2 wrote them) as blocks.
pub fn blocks_of(paragraph: &str) -> Vec<Block> {
    let lines: Vec<&str> = paragraph.split('\n').map(str::trim_end).collect();
    let mut blocks = Vec::new();
    typed(&lines, &mut blocks);
    blocks
}

/// A code fence's line: three backticks or tildes.
fn is_fence(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("```") || line.starts_with("~~~")
}

/// Types one block of lines by its shape: a heading (Markdown's `#`, or a man page's capitals
/// on a line of their own), fenced code, a list (its items' later lines hang under their
/// text, deeper indented items nest), lines laid out by hand (kept as they are), indented
/// prose (reflowed at its indentation), else a paragraph whose lines reflow.
fn typed(lines: &[&str], out: &mut Vec<Block>) {
    typed_at(lines, out, 0);
}

/// [`typed`] for blocks `depth` containers deep: past [`MAX_DEPTH`], lines stay as they are.
fn typed_at(mut lines: &[&str], out: &mut Vec<Block>, depth: usize) {
    let preformatted =
        |lines: &[&str]| Block::Preformatted { language: None, lines: lines.iter().map(|l| (*l).to_owned()).collect() };
    if depth > MAX_DEPTH {
        out.push(preformatted(lines));
        return;
    }
    // Headings first, each on its line: `# Usage`, or a man page's `NAME` at the margin.
    while let Some(first) = lines.first() {
        let heading = match heading_level(first) {
            Some(level) => Block::Heading { level: level as u8, text: strip_heading(first).into() },
            None if is_heading(first) && !is_drawing(first) && !first.starts_with("  ") => {
                Block::Heading { level: 2, text: first.trim().into() }
            }
            None => break,
        };
        out.push(heading);
        lines = &lines[1..];
    }
    let Some(first) = lines.first() else { return };
    // An email's quoted lines (`> `), quoted again inside (`> > `).
    if lines.iter().all(|l| l.starts_with('>')) {
        let inner: Vec<&str> = lines.iter().map(|l| l[1..].strip_prefix(' ').unwrap_or(&l[1..])).collect();
        let mut blocks = Vec::new();
        // Runs of lines quoted again, and not: a reply inside the quote is a quote of its own.
        for run in inner.chunk_by(|a, b| a.starts_with('>') == b.starts_with('>')) {
            typed_at(run, &mut blocks, depth + 1);
        }
        out.push(Block::Quote { blocks });
        return;
    }
    if is_fence(first) {
        let language = first.trim_start()[3..].trim_start_matches(['`', '~']).trim();
        let closed = lines.len() > 1 && is_fence(lines[lines.len() - 1]);
        let body = &lines[1..lines.len() - usize::from(closed)];
        let language = (!language.is_empty()).then(|| language.split_whitespace().next().unwrap_or("").to_owned());
        out.push(Block::Preformatted { language, lines: body.iter().map(|l| (*l).to_owned()).collect() });
        return;
    }
    // A signature (`-- `) and what follows keep their lines, as mail readers show them.
    if is_laid_out(lines) || lines.contains(&"--") {
        out.push(preformatted(lines));
        return;
    }
    let indent = |l: &&str| l.len() - l.trim_start_matches(' ').len();
    let least = lines.iter().map(indent).min().unwrap_or(0);
    // A term and its description hanging under it (a man page's options): the term's line as
    // it is, the description reflowed at its own indentation.
    if least == indent(first) && !is_list_item(first) && is_definition(lines) {
        let hang = lines[1..].iter().map(indent).min().unwrap_or(0) - indent(first);
        let mut description: Vec<&str> = lines[1..].iter().map(|l| &l[indent(first) + hang..]).collect();
        // `-c     with -lt: sort by…`: the description starts on the term's line, at the column
        // its other lines hang at.
        let mut term = first.trim_start();
        let at = indent(first) + hang;
        if first.len() > at
            && first.is_char_boundary(at)
            && first[..at].ends_with("  ")
            && !first[at..].starts_with(' ')
        {
            description.insert(0, &first[at..]);
            term = first[..at].trim();
        }
        let mut blocks = Vec::new();
        typed_at(&description, &mut blocks, depth + 2);
        let term = Block::Preformatted { language: None, lines: vec![term.to_owned()] };
        let hanging = Block::Indented { columns: hang.min(usize::from(u8::MAX)) as u8, blocks };
        let columns = indent(first).min(usize::from(u8::MAX)) as u8;
        out.push(Block::Indented { columns, blocks: vec![term, hanging] });
        return;
    }
    // A list or prose indented as a whole (a licence's clauses) keeps its indentation.
    if least >= 2 && (is_list_item(first) || is_prose(lines) || is_definition(lines)) {
        let inner: Vec<&str> = lines.iter().map(|l| &l[least.min(indent(l))..]).collect();
        let mut blocks = Vec::new();
        typed_at(&inner, &mut blocks, depth + 1);
        out.push(Block::Indented { columns: least.min(usize::from(u8::MAX)) as u8, blocks });
        return;
    }
    if is_list_item(first) {
        out.push(list(lines, depth));
        return;
    }
    if let Some(start) = lines.iter().position(|l| is_list_item(l)) {
        // An introduction, then the list (`Items:` / `- one` / `- two`).
        out.push(Block::paragraph(join_lines(&lines[..start])));
        out.push(list(&lines[start..], depth));
        return;
    }
    if lines.iter().all(|l| indent(l) >= 2) {
        out.push(preformatted(lines));
        return;
    }
    out.push(Block::paragraph(join_lines(lines)));
}

/// Lines of list items, each item's later lines (not items) hanging under it, items indented
/// deeper than the first one nested in the item before them.
fn list(lines: &[&str], depth: usize) -> Block {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let base = indent(lines[0]);
    let start = list_number(lines[0]);
    let mut items: Vec<Item> = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let marker = list_marker(lines[at]).unwrap_or(0);
        let mut text = vec![lines[at].trim_start()[marker..].trim_start()];
        let mut end = at + 1;
        // Its hanging lines, then items nested under it.
        while end < lines.len() && !is_list_item(lines[end]) {
            text.push(lines[end].trim_start());
            end += 1;
        }
        let mut nested_end = end;
        // Past the deepest nesting kept, deeper items are items of this list.
        while depth < MAX_DEPTH && nested_end < lines.len() && indent(lines[nested_end]) > base + 1 {
            nested_end += 1;
        }
        let mut blocks = vec![Block::paragraph(join_lines(&text))];
        if nested_end > end {
            blocks.push(list(&lines[end..nested_end], depth + 1));
        }
        // `(a)` is kept as written; bullets and numbers are drawn by the list.
        let own = lettered(lines[at].trim_start()).map(str::to_owned);
        items.push(Item { task: None, marker: own, blocks });
        at = nested_end;
    }
    Block::List { start, items }
}

/// Lines joined into one paragraph, each trimmed: hard-wrapped prose reflows.
fn join_lines(lines: &[&str]) -> String {
    let mut text = String::new();
    for line in lines {
        // Runs of spaces (justified text) are one space, as wrapping shows them.
        let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
        let line = words.join(" ");
        let line = line.as_str();
        // A word hyphenated at the line's end (groff's U+2010 in man pages) is one word again.
        // Chinese and Japanese put no space between words, nor at a line's break.
        let wide = |c: Option<char>| c.is_some_and(|c| crate::width::advance(c) == 2);
        match text.strip_suffix(HYPHENATION) {
            Some(before) if line.starts_with(char::is_lowercase) && before.ends_with(char::is_alphabetic) => {
                text.truncate(before.len());
            }
            _ if wide(text.chars().next_back()) && wide(line.chars().next()) => {}
            _ if !text.is_empty() => text.push(' '),
            _ => {}
        }
        text.push_str(line);
    }
    text
}

/// The hyphen typesetters break words with (U+2010), as man pages are rendered.
const HYPHENATION: char = '\u{2010}';

/// A term on its line, then lines of description indented further (a man page's options, a
/// glossary): the description prose, the term short.
fn is_definition(lines: &[&str]) -> bool {
    let indent = |l: &&str| l.len() - l.trim_start_matches(' ').len();
    let Some((first, rest)) = lines.split_first() else { return false };
    !rest.is_empty() && rest.iter().all(|l| indent(l) >= indent(first) + 2) && is_prose(rest)
}

/// Indented lines of prose rather than code or columns: no run of spaces inside a line (an
/// option list's columns), no drawing, no line that ends or opens code, and most lines of
/// three words or more.
fn is_prose(lines: &[&str]) -> bool {
    // A `;` ends clauses of prose too: code's are after a call or an assignment.
    let statement = |l: &str| l.ends_with(';') && (l.ends_with(");") || l.contains(" = "));
    let code = |l: &str| l.ends_with(['{', '}', '\\']) || statement(l) || l.starts_with("//") || l.starts_with('$');
    // A paragraph's last line may be a word or two.
    let counted = &lines[..lines.len().saturating_sub(1).max(1)];
    let worded = counted.iter().filter(|l| l.split_whitespace().count() >= 3).count();
    // Justified text (man pages) spreads words by two or three spaces; columns take more.
    lines.iter().all(|l| !l.trim().contains("    ") && !is_drawing(l) && !code(l.trim()))
        && worded * 10 >= counted.len() * 7
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
/// two or more spaces, or laid out (see [`is_laid_out`]).
pub fn is_preformatted(lines: &[&str]) -> bool {
    let indented = |l: &&str| l.len() - l.trim_start_matches(' ').len() >= 2;
    lines.iter().any(|l| is_fence(l)) || lines.iter().all(indented) || is_laid_out(lines)
}

/// Columns aligned with runs of spaces on two lines, a line mostly of box drawing or symbols,
/// or a short all-capitals heading inside the block.
fn is_laid_out(lines: &[&str]) -> bool {
    let wide = lines.iter().filter(|l| l.trim().contains("    ")).count() >= 2;
    wide || aligned_gaps(lines) || lines.iter().any(|l| is_drawing(l)) || lines.iter().skip(1).any(|l| is_heading(l))
}

/// Whether two lines have a run of three spaces ending at the same column: the columns of a
/// table, not the spread words of justified text.
fn aligned_gaps(lines: &[&str]) -> bool {
    let gaps = |line: &str| -> Vec<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        line.match_indices("   ").map(|(at, _)| at).filter(|&at| at >= indent).map(|at| at + 3).collect()
    };
    let mut seen: Vec<usize> = Vec::new();
    for line in lines {
        let mut ends = gaps(line);
        ends.dedup();
        if ends.iter().any(|end| seen.contains(end)) {
            return true;
        }
        seen.extend(ends);
    }
    false
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

/// A bullet (`-`, `*`, `+`, `•`, `·`, `◦`, `‣`, `–`) or a number (`1.`, `2)`) and a space.
fn is_list_item(line: &str) -> bool {
    list_marker(line).is_some()
}

/// The length in bytes of a list item's marker, after its indentation.
fn list_marker(line: &str) -> Option<usize> {
    let line = line.trim_start();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let bullet = ["- ", "* ", "+ ", "• ", "· ", "◦ ", "‣ ", "– "].iter().find(|m| line.starts_with(**m));
    match bullet {
        Some(bullet) => Some(bullet.len()),
        None if (1..=9).contains(&digits) && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) => {
            Some(digits + 2)
        }
        None => lettered(line).map(|marker| marker.len() + 1),
    }
}

/// A lettered item's marker, as legal text and notes write them: `(a)`, `(iv)`, `(12)`, `a)`.
fn lettered(line: &str) -> Option<&str> {
    if line.len() > 3 && line.as_bytes()[0].is_ascii_lowercase() && line[1..].starts_with(") ") {
        return Some(&line[..2]);
    }
    let inside = line.strip_prefix('(')?;
    let close = inside.find(") ")?;
    (1..=4).contains(&close).then_some(())?;
    inside[..close].chars().all(|c| c.is_ascii_alphanumeric()).then(|| &line[..close + 2])
}

/// The number an ordered list starts at, `None` for bullets.
fn list_number(line: &str) -> Option<u64> {
    let line = line.trim_start();
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0).then(|| line[..digits].parse().ok()).flatten()
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
