//! Drawing: a pure `render(&App, &mut Frame)`, from the geometry and styles the app holds.

mod list;
mod notes;

use crate::app::{App, Focus, SearchKind, TextIndexState};
use crate::bidi;
use crate::draw::{after_columns, draw_text};
use crate::keymap::Mode;
use crate::page::{Inks, LineKind, RAW};
use crate::panes::Panes;
use crate::query::QueryLine;
use crate::theme::Theme;
use crate::width::display_width;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

const PROMPT: &str = "> ";
/// The query line's prompt in text search: it says which search the query is for.
const TEXT_PROMPT: &str = "text> ";
const SELECTED_MARK: &str = "> ";
const ELLIPSIS: &str = "…";

/// Draws the whole screen from `app`; changes nothing. The app's own geometry decides the
/// layout (the one the reader's pages were laid out for); a frame of another size (a resize
/// not yet handled) gets that screen clipped or padded, never a different layout.
pub fn render(app: &App, frame: &mut Frame) {
    let area = app.area();
    if area == frame.area() {
        if let Some(cursor) = draw(app, frame.buffer_mut()) {
            frame.set_cursor_position(cursor);
        }
        return;
    }
    // Cells are copied as they are: a wide glyph across the clipping edge keeps its first cell,
    // which the next frame, at the new size, replaces.
    let mut screen = Buffer::empty(area);
    let cursor = draw(app, &mut screen);
    let target = frame.area();
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom().min(target.bottom()) {
        for x in area.left()..area.right().min(target.right()) {
            buf[(x, y)] = screen[(x, y)].clone();
        }
    }
    if let Some(cursor) = cursor.filter(|&c| target.contains(c)) {
        frame.set_cursor_position(cursor);
    }
}

/// Draws the screen into `buf`, which covers the app's area; returns where the cursor goes.
fn draw(app: &App, buf: &mut Buffer) -> Option<Position> {
    let area = buf.area;
    let theme = &app.config.theme;
    let Some(panes) = app.panes() else {
        let message = if area.width >= 18 { "terminal too small" } else { "too small" };
        let y = area.y + area.height / 2;
        let x = area.x + area.width.saturating_sub(message.len() as u16) / 2;
        if area.height > 0 {
            buf.set_stringn(x, y, message, usize::from(area.width), theme.text);
        }
        return None;
    };
    let cursor = render_query(app, panes.query, buf);
    list::render_list(app, panes.list, buf);
    render_separator(panes.separator, app.focus() == Focus::Reader, theme, buf);
    render_reader(app, &panes, buf);
    let prompt = match app.mode() {
        Mode::Find => {
            app.find.as_ref().and_then(|f| f.prompt.as_ref()).map(|p| render_prompt("/", p, panes.footer, app, buf))
        }
        Mode::Note => app
            .selection
            .as_ref()
            .and_then(|s| s.note.as_ref())
            .map(|p| render_prompt("note: ", p, panes.footer, app, buf)),
        _ => None,
    };
    if prompt.is_none() {
        render_footer(app, panes.footer, buf);
    }
    if let Some(help) = app.help() {
        render_help(app, help.top(), &panes, buf);
    }
    if let Some(outline) = app.outline() {
        return render_outline(app, outline, &panes, buf);
    }
    if let Some(view) = app.notes() {
        return notes::render_notes(app, view, &panes, buf);
    }
    prompt.or(cursor)
}

fn render_query(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let theme = &app.config.theme;
    let query = app.list.query();
    let prompt = if app.list.kind() == SearchKind::Text { TEXT_PROMPT } else { PROMPT };
    let order = app.order_applied().map(|order| format!(" {} ·", order.label())).unwrap_or_default();
    let count = format!("{order} {}/{}", app.list.matches(), app.total());
    let count_width = display_width(&count) as u16;
    let room = usize::from(area.width.saturating_sub(count_width + prompt.len() as u16 + 1));
    // Show the end of a query too long for the line, so the cursor stays in view.
    let chars: Vec<char> = query.text().chars().collect();
    let mut start = 0;
    while display_width(&chars[start..query.cursor()].iter().collect::<String>()) > room {
        start += 1;
    }
    let shown: String = chars[start..].iter().collect();
    let prompt_style = if app.focus() == Focus::List { theme.prompt } else { theme.prompt_inactive };
    buf.set_stringn(area.x, area.y, prompt, usize::from(area.width), prompt_style);
    let query_x = (area.x + prompt.len() as u16).min(area.right());
    draw_text(buf, query_x, area.y, &shown, room, theme.text);
    if area.width > count_width {
        buf.set_stringn(area.right() - count_width, area.y, &count, usize::from(count_width), theme.status);
    }
    (app.mode() == Mode::List).then(|| {
        let before: String = chars[start..query.cursor()].iter().collect();
        Position::new(query_x + display_width(&before) as u16, area.y)
    })
}

/// The rule between list and reader: thin and dim while the list has the keys, heavy and
/// bright while the reader has them, so focus shows without colour.
fn render_separator(area: Rect, reader_focused: bool, theme: &Theme, buf: &mut Buffer) {
    let (symbol, style) = match (area.width == 1, reader_focused) {
        (true, false) => ("│", theme.separator),
        (true, true) => ("┃", theme.separator_focused),
        (false, false) => ("─", theme.separator),
        (false, true) => ("━", theme.separator_focused),
    };
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_symbol(symbol).set_style(style);
        }
    }
}

fn render_reader(app: &App, panes: &Panes, buf: &mut Buffer) {
    let area = panes.reader;
    let theme = &app.config.theme;
    let Some(page) = app.page() else {
        let message = match (app.selected_article(), app.body()) {
            (None, _) if app.total() == 0 && !app.loading.done => String::new(),
            (None, _) => "nothing selected".to_owned(),
            (Some(_), Some(Err(error))) => format!("cannot read this article: {}", error.reason),
            (Some(_), _) => "reading…".to_owned(),
        };
        draw_text(buf, area.x + 1, area.y, &message, usize::from(area.width.saturating_sub(1)), theme.note);
        return;
    };
    if page.width == RAW {
        // The file's own lines, unwrapped, scrolled sideways as `less -S` does.
        let lines = page.lines.iter().skip(app.reader.top()).take(usize::from(area.height));
        for (y, line) in (area.y..).zip(lines) {
            let (pad, rest) = after_columns(&line.text, app.reader.left());
            let room = usize::from(area.width.saturating_sub(1));
            draw_text(buf, area.x + 1 + pad as u16, y, rest, room.saturating_sub(pad), theme.text);
        }
        return;
    }
    let x = panes.text_x(page.width);
    let lines = page.lines.iter().skip(app.reader.top()).take(usize::from(area.height));
    let mut noted = notes::marks(app, page, app.reader.top(), usize::from(area.height));
    for (y, line) in (area.y..).zip(lines) {
        let style = line_style(theme, line.kind);
        let row = usize::from(y - area.y);
        // The selection over search hits (the current one reversed), over highlights, over
        // inline styles; the layout before the text (indentation, bullets, bars,
        // continuation marks) dim.
        let hits = hits_on(app, app.reader.top() + row);
        let mut marks = std::mem::take(&mut noted.selected[row]);
        marks.extend(
            hits.into_iter().map(|(range, current)| (range, if current { theme.current_hit } else { theme.matched })),
        );
        marks.append(&mut noted.highlighted[row]);
        if let Some(mark) = noted.margin[row].filter(|_| x > area.x) {
            buf.set_stringn(x - 1, y, mark.to_string(), 1, theme.meta);
        }
        marks.extend(line.inks.iter().map(|(range, inks)| (range.clone(), inked(theme, style, *inks))));
        marks.push((0..line.prefix, theme.meta));
        let bidi = app.config.bidi && (line.rtl || bidi::has_rtl(&line.text));
        let order: Vec<(usize, char)> = match bidi {
            true if !line.cells.is_empty() => table_row_order(&line.text, &line.cells),
            true => {
                let starts: Vec<usize> = line.text.char_indices().map(|(at, _)| at).collect();
                bidi::visual_chars(&line.text, line.rtl).into_iter().map(|(i, c)| (starts[i], c)).collect()
            }
            false => line.text.char_indices().collect(),
        };
        // A right-to-left paragraph's lines end at the right edge of the text column.
        let indent = match bidi && line.rtl {
            true => usize::from(page.width).saturating_sub(display_width(&line.text)),
            false => 0,
        };
        draw_marked(buf, (x + indent as u16, y), &order, (&marks, style), usize::from(page.width) - indent);
    }
    // Not under an overlay: kitty's picture is sent once, in its first cell, which an overlay
    // would wipe; sixel's is sent again only when that cell changes, leaving the overlay's
    // text on it. Closing the overlay changes the cell, and the picture is sent again.
    if app.help().is_none() && app.outline().is_none() && app.notes().is_none() {
        draw_pictures(app, page, (x, area), buf);
    }
    if app.config.hyperlinks {
        hyperlinks(page, app.reader.top(), (x, area), buf);
    }
    // Link hints over the start of each link on screen (what is left to type of each).
    if let Some(hints) = app.link_hints() {
        let rows = app.reader.top()..app.reader.top() + usize::from(area.height);
        for (label, link) in app.hinted_links() {
            let Some(rest) = label.strip_prefix(hints.typed.as_str()) else { continue };
            let Some((line, range)) = link.spans.iter().find(|(line, _)| rows.contains(line)) else { continue };
            let column = display_width(&page.lines[*line].text[..range.start]);
            let y = area.y + (line - app.reader.top()) as u16;
            let room = usize::from(page.width).saturating_sub(column);
            draw_text(buf, x + column as u16, y, rest, room, theme.current_hit);
        }
    }
    // Under the last line, as less shows it: Space goes on to the next unread article.
    let end = page.lines.len().saturating_sub(app.reader.top());
    if end < usize::from(area.height) {
        draw_text(buf, x, area.y + end as u16, END_MARK, usize::from(page.width), theme.meta);
    }
}

/// The pictures on screen over their rows, each from its first row on screen: one cut by the
/// top or the bottom edge shows the rows that are on it.
fn draw_pictures(app: &App, page: &crate::page::Page, (x, area): (u16, Rect), buf: &mut Buffer) {
    use ratatui::widgets::Widget;
    use ratatui_image::sliced::{SignedPosition, SlicedImage};
    let Some(article) = app.selected_ref() else { return };
    let top = app.reader.top();
    for placed in &page.pictures {
        let Some(protocol) = app.pictures.drawn(article, &placed.source, placed.size) else { continue };
        let (Ok(y), Ok(first)) = (i64::try_from(placed.line), i64::try_from(top)) else { continue };
        let y = y - first;
        if y >= i64::from(area.height) || y + i64::from(placed.size.1) <= 0 {
            continue;
        }
        let column = x + placed.column;
        let width = placed.size.0.min(area.right().saturating_sub(column));
        let room = Rect { x: column, y: area.y, width, height: area.height };
        // On screen, so within i16 (a picture is at most MAX_ROWS tall).
        let position = SignedPosition { x: 0, y: y.clamp(-i64::from(i16::MAX), i64::from(i16::MAX)) as i16 };
        SlicedImage::new(protocol, position).render(room, buf);
    }
}

/// A table row's chars in display order: the columns left to right, each cell's text put in
/// display order on its own (an Arabic cell reads right to left inside its column).
fn table_row_order(text: &str, cells: &[std::ops::Range<usize>]) -> Vec<(usize, char)> {
    let mut order = Vec::with_capacity(text.len());
    let mut at = 0;
    for cell in cells {
        if cell.start < at
            || cell.end > text.len()
            || !text.is_char_boundary(cell.start)
            || !text.is_char_boundary(cell.end)
        {
            continue;
        }
        order.extend(text[at..cell.start].char_indices().map(|(i, c)| (at + i, c)));
        let piece = &text[cell.clone()];
        let starts: Vec<usize> = piece.char_indices().map(|(i, _)| cell.start + i).collect();
        order.extend(bidi::visual_chars(piece, bidi::is_rtl(piece)).into_iter().map(|(i, c)| (starts[i], c)));
        at = cell.end;
    }
    order.extend(text[at..].char_indices().map(|(i, c)| (at + i, c)));
    order
}

/// The style of a page line of `kind`.
fn line_style(theme: &Theme, kind: LineKind) -> Style {
    match kind {
        LineKind::Title => theme.heading,
        LineKind::Heading(1) => theme.heading.add_modifier(Modifier::UNDERLINED),
        LineKind::Heading(2) => theme.heading,
        // Deeper headings bold in the text's colour, so the levels read apart in every theme.
        LineKind::Heading(_) => theme.text.add_modifier(Modifier::BOLD),
        LineKind::Meta | LineKind::Notice | LineKind::Rule | LineKind::Trailer => theme.meta,
        LineKind::Code => theme.code_block,
        LineKind::Body | LineKind::Blank | LineKind::Picture => theme.text,
    }
}

/// `base` with inline styles on: bold, italic, crossed out, underlined links, code, dim.
fn inked(theme: &Theme, base: Style, inks: Inks) -> Style {
    let mut style = if inks.has(Inks::CODE) { theme.code } else { base };
    if inks.has(Inks::FAINT) {
        style = style.patch(theme.meta);
    }
    for (ink, modifier) in [
        (Inks::STRONG, Modifier::BOLD),
        (Inks::EMPHASIS, Modifier::ITALIC),
        (Inks::STRIKE, Modifier::CROSSED_OUT),
        (Inks::LINK, Modifier::UNDERLINED),
    ] {
        if inks.has(ink) {
            style = style.add_modifier(modifier);
        }
    }
    style
}

/// Makes the cells of each web link on screen an OSC 8 hyperlink: each cell's symbol wrapped
/// in the link's start and end, its width forced to what it draws (the sequences draw
/// nothing). Left-to-right lines only, whose cells are in text order.
fn hyperlinks(page: &crate::page::Page, top: usize, (x, area): (u16, Rect), buf: &mut Buffer) {
    use ratatui::buffer::CellDiffOption;
    let rows = top..top + usize::from(area.height);
    for link in &page.links {
        let web = ["http://", "https://", "mailto:"].iter().any(|s| link.target.to_ascii_lowercase().starts_with(s));
        // Sanitized when read: no ESC, BEL or other control can end the sequence early.
        if !web || link.target.chars().any(char::is_control) {
            continue;
        }
        for (line, range) in link.spans.iter().filter(|(line, _)| rows.contains(line)) {
            let text = &page.lines[*line].text;
            if page.lines[*line].rtl || crate::bidi::has_rtl(text) {
                continue;
            }
            let y = area.y + (line - top) as u16;
            let mut column = x + display_width(&text[..range.start]) as u16;
            for cell in crate::width::cells(&text[range.clone()]) {
                let Some(target) = buf.cell_mut((column, y)) else { break };
                let symbol = format!("\x1b]8;;{}\x1b\\{}\x1b]8;;\x1b\\", link.target, target.symbol());
                target.set_symbol(&symbol);
                target.set_diff_option(CellDiffOption::ForcedWidth(
                    std::num::NonZeroU16::new(cell.width as u16).unwrap_or(std::num::NonZeroU16::MIN),
                ));
                column += cell.width as u16;
            }
        }
    }
}

/// What the reader shows under an article's last line.
const END_MARK: &str = "(end)";

/// Chars (each with its byte offset in the line) drawn in the order given, in runs: each in
/// the style of the mark covering it, else `plain`. A char that draws no cell of its own (a
/// combining accent, a vowel sign) keeps its letter's style, or it would be lost.
fn draw_marked(
    buf: &mut Buffer,
    (x, y): (u16, u16),
    chars: &[(usize, char)],
    (marks, plain): (&[(std::ops::Range<usize>, Style)], Style),
    room: usize,
) {
    let style_at = |at: usize| marks.iter().find(|(range, _)| range.contains(&at)).map_or(plain, |(_, style)| *style);
    let (mut run, mut run_style, mut used) = (String::new(), plain, 0);
    for &(at, c) in chars {
        let style = if crate::width::advance(c) == 0 && !run.is_empty() { run_style } else { style_at(at) };
        if style != run_style && !run.is_empty() {
            used += draw_text(buf, x + used as u16, y, &run, room.saturating_sub(used), run_style);
            run.clear();
        }
        run_style = style;
        run.push(c);
    }
    draw_text(buf, x + used as u16, y, &run, room.saturating_sub(used), run_style);
}

/// The search hits on page line `line`: byte ranges, and whether each is the current hit.
fn hits_on(app: &App, line: usize) -> Vec<(std::ops::Range<usize>, bool)> {
    let Some(find) = app.find.as_ref().filter(|f| !f.pattern.is_empty()) else { return Vec::new() };
    let mut ranges: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
    for (i, hit) in find.hits.iter().enumerate() {
        ranges.extend(hit.spans.iter().filter(|(l, _)| *l == line).map(|(_, r)| (r.clone(), i == find.current)));
    }
    ranges
}

/// A prompt in the footer, `label` and what is typed; returns where the cursor goes.
fn render_prompt(label: &str, prompt: &QueryLine, area: Rect, app: &App, buf: &mut Buffer) -> Position {
    let theme = &app.config.theme;
    let label_width = display_width(label) as u16;
    let room = usize::from(area.width.saturating_sub(label_width + 1));
    buf.set_stringn(area.x, area.y, label, usize::from(area.width), theme.prompt);
    let (shown, cursor) = prompt_lines(prompt, room);
    let x = (area.x + label_width).min(area.right());
    draw_text(buf, x, area.y, &shown, room, theme.text);
    Position::new((x + cursor as u16).min(area.right().saturating_sub(1)), area.y)
}

/// What a one-line prompt shows in `room` columns (its end, when too long to keep the cursor
/// in view) and the cursor's column in it.
fn prompt_lines(prompt: &QueryLine, room: usize) -> (String, usize) {
    let chars: Vec<char> = prompt.text().chars().collect();
    // Measured once, then taken off from the start: a long note costs one pass a frame.
    let before: String = chars[..prompt.cursor()].iter().collect();
    let widths: Vec<usize> = crate::width::advances(&before).map(|(_, _, columns)| columns).collect();
    let mut width: usize = widths.iter().sum();
    let mut start = 0;
    while start < prompt.cursor() && width > room {
        width -= widths.get(start).copied().unwrap_or(0);
        start += 1;
    }
    let before: String = chars[start..prompt.cursor()].iter().collect();
    (chars[start..].iter().collect(), display_width(&before))
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.config.theme;
    let status = status_text(app);
    let status_width = display_width(&status);
    // Whole hints only: a hint cut in half reads as a different key.
    let room = usize::from(area.width).saturating_sub(status_width + 1);
    let mut spans = Vec::new();
    // The help's own hint is the last to go: it is how every other key is found.
    let mut hints = app.config.keymap.hints(app.mode());
    if let Some(at) = hints.iter().position(|(_, hint)| *hint == "help") {
        let help = hints.remove(at);
        hints.insert(0, help);
    }
    let widths: Vec<usize> = hints.iter().map(|(key, hint)| display_width(key) + display_width(hint) + 3).collect();
    let shown =
        (0..=hints.len()).rev().find(|&n| widths[..n].iter().sum::<usize>().saturating_sub(2) <= room).unwrap_or(0);
    // Shown in their usual order: the help's last.
    let mut kept: Vec<&(String, &str)> = hints[..shown].iter().collect();
    if kept.first().is_some_and(|(_, hint)| *hint == "help") {
        kept.rotate_left(1);
    }
    for (key, hint) in kept {
        let text = format!(" {hint}  ");
        spans.push(Span::styled(key.as_str(), theme.key));
        spans.push(Span::styled(text, theme.text));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    let status_width = status_width as u16;
    buf.set_stringn(area.right().saturating_sub(status_width), area.y, &status, usize::from(area.width), theme.status);
}

/// Load progress, skipped files and the reading position, for the footer's right end.
fn status_text(app: &App) -> String {
    let mut parts: Vec<String> = app.flash.iter().cloned().collect();
    if !app.loading.done {
        let found = app.loading.found;
        parts.push(format!("loading {}/{found}", app.total()));
    }
    // Until the index says it is ready: its last step (merging, saving) follows the last file.
    if let TextIndexState::Indexing { done, total } = app.text_index {
        parts.push(format!("indexing {}%", done * 100 / total.max(1)));
    }
    if app.text_index == TextIndexState::HeldElsewhere {
        parts.push("index busy".to_owned());
    }
    // In the list's footer: the reader's is about the article.
    if app.loading.done && app.focus() == Focus::List {
        parts.push(format!("{} unread", app.unread()));
    }
    if !app.gone.is_empty() {
        parts.push("folder gone".to_owned());
    }
    if !app.warnings.is_empty() {
        // Listed at the end of the help.
        parts.push(format!("{} skipped (F1)", app.warnings.len()));
    }
    if app.reader.raw() {
        parts.push("raw".to_owned());
    }
    if app.mode() == Mode::Select {
        parts.push(notes::note_under_cursor(app).map_or_else(
            || {
                let chars =
                    app.selected_range().zip(app.annotated()).map_or(0, |(r, a)| a.text.text[r].chars().count());
                format!("{chars} chars selected")
            },
            |note| cut_to(&note, NOTE_WIDTH),
        ));
    }
    // About the article shown: with none (no result), nothing to say.
    if let Some(find) = app.find.as_ref().filter(|f| !f.pattern.is_empty() && app.page().is_some()) {
        parts.extend(find.note.map(str::to_owned));
        if !find.hits.is_empty() {
            parts.push(format!("{}/{}", find.current + 1, find.hits.len()));
        }
    }
    // The section read, in the reader's footer (cut: the hints and the position matter more).
    if let Some(section) = app.section().filter(|_| app.focus() == Focus::Reader) {
        parts.push(cut_to(&format!("§ {section}"), SECTION_WIDTH));
    }
    if let (Some(page), Some(panes)) = (app.page(), app.panes()) {
        let bottom = (app.reader.top() + panes.reader_rows()).min(page.lines.len());
        // How far down the article the screen reaches (not how much was read).
        parts.push(format!("at {}%", bottom * 100 / page.lines.len().max(1)));
    }
    parts.join(" · ")
}

/// The outline over the panes: the filter, then the headings it keeps, indented by level, the
/// selected one marked and kept in view; returns where the cursor goes.
fn render_outline(app: &App, outline: &crate::app::OutlineView, panes: &Panes, buf: &mut Buffer) -> Option<Position> {
    use ratatui::widgets::Widget;
    let theme = &app.config.theme;
    let headings = app.page().map(|page| outline.headings(page)).unwrap_or_default();
    let area = panes.help_box(headings.len().max(1) + 1);
    Clear.render(area, buf);
    let count = match headings.len() {
        1 => " 1 heading ".to_owned(),
        n => format!(" {n} headings "),
    };
    Block::bordered().title(" Outline ").title_bottom(count).style(theme.text).render(area, buf);
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    if inner.height == 0 || inner.width < 3 {
        return None;
    }
    let room = usize::from(inner.width - 2);
    let (shown, before) = prompt_lines(&outline.filter, room);
    buf.set_stringn(inner.x, inner.y, "> ", 2, theme.prompt);
    draw_text(buf, inner.x + 2, inner.y, &shown, room, theme.text);
    let cursor = Position::new((inner.x + 2 + before as u16).min(inner.right() - 1), inner.y);
    let rows = usize::from(inner.height - 1);
    if headings.is_empty() {
        if rows > 0 {
            draw_text(buf, inner.x, inner.y + 1, "no heading matches", usize::from(inner.width), theme.note);
        }
        return Some(cursor);
    }
    let selected = outline.selected(headings.len());
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let shallowest = headings.iter().map(|h| h.level).min().unwrap_or(1);
    for (y, (at, heading)) in (inner.y + 1..inner.bottom()).zip(headings.iter().enumerate().skip(first)) {
        let chosen = at == selected;
        let indent = usize::from(heading.level - shallowest) * 2;
        let mark = if chosen { SELECTED_MARK } else { "  " };
        let style = if chosen { theme.selected } else { theme.text };
        let line = format!("{mark}{}{}", " ".repeat(indent), heading.text);
        if chosen {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
        draw_text(buf, inner.x, y, &line, usize::from(inner.width), style);
    }
    Some(cursor)
}

/// Columns the footer gives the note of the highlight under the selection's end.
const NOTE_WIDTH: usize = 40;

/// Columns the footer gives the name of the section read.
const SECTION_WIDTH: usize = 28;

/// `text` in at most `columns` columns, `…` where it was cut.
fn cut_to(text: &str, columns: usize) -> String {
    if display_width(text) <= columns {
        return text.to_owned();
    }
    let mut out = String::new();
    for (_, grapheme, width) in crate::width::graphemes(text) {
        if display_width(&out) + width + 1 > columns {
            break;
        }
        out.push_str(grapheme);
    }
    out.push_str(ELLIPSIS);
    out
}

fn render_help(app: &App, top: usize, panes: &Panes, buf: &mut Buffer) {
    use crate::app::HelpRow;
    use ratatui::widgets::Widget;
    let theme = &app.config.theme;
    let rows = app.help_rows();
    let area = panes.help_box(rows.len());
    Clear.render(area, buf);
    let hint = format!(" {} ", app.config.keymap.help_hint());
    Block::bordered().title(" folio keys ").title_bottom(hint).style(theme.text).render(area, buf);
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    for (y, row) in (inner.y..inner.bottom()).zip(rows.iter().skip(top)) {
        match row {
            HelpRow::Heading(text) => {
                draw_text(buf, inner.x, y, text, usize::from(inner.width), theme.key);
            }
            HelpRow::Entry { keys, text, column } => {
                draw_text(buf, inner.x, y, keys, usize::from(inner.width), theme.key);
                let x = (inner.x + column).min(inner.right());
                draw_text(buf, x, y, text, usize::from(inner.right() - x), theme.text);
            }
        }
    }
}
