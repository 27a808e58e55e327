//! Drawing: a pure `render(&App, &mut Frame)`, from the geometry and styles the app holds.

use crate::app::{App, Focus};
use crate::bidi;
use crate::draw::{after_columns, draw_text};
use crate::keymap::Mode;
use crate::page::{LineKind, RAW};
use crate::panes::Panes;
use crate::theme::Theme;
use crate::width::{display_width, graphemes};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};
use std::borrow::Cow;

const PROMPT: &str = "> ";
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
    render_list(app, panes.list, buf);
    render_separator(panes.separator, theme, buf);
    render_reader(app, panes.reader, buf);
    render_footer(app, panes.footer, buf);
    if let Some(help) = app.help() {
        render_help(app, help.top(), &panes, buf);
    }
    cursor
}

fn render_query(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let theme = &app.config.theme;
    let query = app.list.query();
    let count = format!(" {}/{}", app.list.ranking().len(), app.total());
    let count_width = display_width(&count) as u16;
    let room = usize::from(area.width.saturating_sub(count_width + PROMPT.len() as u16 + 1));
    // Show the end of a query too long for the line, so the cursor stays in view.
    let chars: Vec<char> = query.text().chars().collect();
    let mut start = 0;
    while display_width(&chars[start..query.cursor()].iter().collect::<String>()) > room {
        start += 1;
    }
    let shown: String = chars[start..].iter().collect();
    let prompt_style = if app.focus() == Focus::List { theme.prompt } else { theme.prompt_inactive };
    buf.set_stringn(area.x, area.y, PROMPT, usize::from(area.width), prompt_style);
    let query_x = area.x + PROMPT.len() as u16;
    draw_text(buf, query_x, area.y, &shown, room, theme.text);
    if area.width > count_width {
        buf.set_stringn(area.right() - count_width, area.y, &count, usize::from(count_width), theme.status);
    }
    (app.mode() == Mode::List).then(|| {
        let before: String = chars[start..query.cursor()].iter().collect();
        Position::new(query_x + display_width(&before) as u16, area.y)
    })
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.config.theme;
    let catalog = app.catalog.read().unwrap();
    let (list, ranking) = (&app.list, app.list.ranking());
    if ranking.is_empty() {
        let message = if !app.loading.done {
            "loading…"
        } else if catalog.is_empty() {
            "no articles"
        } else {
            "no match"
        };
        draw_text(buf, area.x + 2, area.y, message, usize::from(area.width.saturating_sub(2)), theme.note);
        return;
    }
    let rows = (list.top()..ranking.len()).take(usize::from(area.height));
    for (y, row) in (area.y..).zip(rows) {
        let Some(article) = ranking.get(row).filter(|&a| (a as usize) < catalog.len()) else { continue };
        let title = catalog.title(article as usize);
        let matched = list.matcher().indices(ranking.parsed(), &title, catalog.id(article as usize));
        let mark = if row == list.selected() { SELECTED_MARK } else { "  " };
        // One column spare, so a scrolled match does not touch the separator.
        let room = usize::from(area.width).saturating_sub(SELECTED_MARK.len() + 1);
        let shown = DisplayTitle::new(&title, matched, app.config.bidi);
        let spans = highlighted(&shown.text, &shown.matched, shown.keep_in_view(), room, theme);
        draw_text(buf, area.x, y, mark, usize::from(area.width), theme.text);
        let width: usize = spans.iter().map(|s| display_width(&s.content)).sum();
        // Right-to-left titles stand against the right edge, as their paragraphs do.
        let indent = if shown.rtl { room.saturating_sub(width) } else { 0 };
        let mut x = area.x + (SELECTED_MARK.len() + indent) as u16;
        for span in &spans {
            let room = usize::from(area.right().saturating_sub(x));
            x += draw_text(buf, x, y, &span.content, room, span.style) as u16;
        }
        if row == list.selected() {
            let style = if app.focus() == Focus::List { theme.selected } else { theme.selected_inactive };
            buf.set_style(Rect { y, height: 1, ..area }, style);
        }
    }
}

/// A title as drawn: in display order when it holds right-to-left text, its matched chars
/// mapped along.
struct DisplayTitle<'a> {
    text: Cow<'a, str>,
    matched: Vec<usize>,
    rtl: bool,
}

impl<'a> DisplayTitle<'a> {
    fn new(title: &'a str, matched: Vec<usize>, bidi: bool) -> Self {
        if !bidi || !bidi::has_rtl(title) {
            return DisplayTitle { text: Cow::Borrowed(title), matched, rtl: false };
        }
        let rtl = bidi::is_rtl(title);
        let order = bidi::visual_chars(title, rtl);
        let mut position = vec![0; order.len()];
        for (shown_at, &(logical, _)) in order.iter().enumerate() {
            position[logical] = shown_at;
        }
        let mut shown: Vec<usize> = matched.iter().filter_map(|&i| position.get(i).copied()).collect();
        shown.sort_unstable();
        DisplayTitle { text: Cow::Owned(order.into_iter().map(|(_, c)| c).collect()), matched: shown, rtl }
    }

    /// The char that must stay in view when the title is cut: the last match, or for a
    /// right-to-left title its start, drawn last (the cut falls on the side the text goes on).
    fn keep_in_view(&self) -> Option<usize> {
        if self.rtl { self.text.chars().count().checked_sub(1) } else { self.matched.last().copied() }
    }
}

/// Splits `title` into runs of matched (highlighted) and plain chars, cut to `room` columns.
/// A title too wide is cut at the end, `…` marking where it goes on; when that would hide the
/// char to keep in view (the last match, or a right-to-left title's start), its start gives
/// way to `…` instead (or as well), as in fzf.
fn highlighted<'a>(
    title: &'a str,
    matched: &[usize],
    keep_in_view: Option<usize>,
    room: usize,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let (mut start, mut end, mut cut_end) = (0, title.len(), false);
    if room == 0 {
        return spans;
    }
    if display_width(title) > room {
        let keep = keep_in_view.map_or(0, |last| title.char_indices().nth(last + 1).map_or(title.len(), |(at, _)| at));
        // Room for the text beside the marks: one `…` for the end, one more if the start goes.
        if display_width(&title[..keep]) > room.saturating_sub(1) {
            let marks = if keep < title.len() { 2 } else { 1 };
            // Cut between graphemes, never inside one (a consonant and its vowel sign).
            let fits = |at: usize| display_width(&title[at..keep]) <= room.saturating_sub(marks);
            start = graphemes(&title[..keep]).map(|(at, _, _)| at).find(|&at| fits(at)).unwrap_or(keep);
            spans.push(Span::styled(ELLIPSIS, theme.cut));
        }
        let left = room.saturating_sub(spans.len());
        if display_width(&title[start..]) > left {
            end = start + title[start..start + prefix_within(&title[start..], left.saturating_sub(1))].trim_end().len();
            cut_end = left > 0;
        }
    }
    let skipped = title[..start].chars().count();
    let title = &title[..end];
    let mut matched = matched.iter().filter(|&&i| i >= skipped).map(|&i| i - skipped).peekable();
    let title = &title[start..];
    let mut run_start = 0;
    let mut run_matched = false;
    for (i, (at, _)) in title.char_indices().enumerate() {
        let is_matched = matched.next_if_eq(&i).is_some();
        if is_matched != run_matched && at > run_start {
            spans.push(Span::styled(&title[run_start..at], if run_matched { theme.matched } else { theme.text }));
            run_start = at;
        }
        run_matched = is_matched;
    }
    spans.push(Span::styled(&title[run_start..], if run_matched { theme.matched } else { theme.text }));
    if cut_end {
        spans.push(Span::styled(ELLIPSIS, theme.cut));
    }
    spans
}

/// The byte length of the longest run of whole graphemes from the start of `text` at most
/// `columns` wide.
fn prefix_within(text: &str, columns: usize) -> usize {
    let mut width = 0;
    for (at, _, columns_of) in graphemes(text) {
        width += columns_of;
        if width > columns {
            return at;
        }
    }
    text.len()
}

fn render_separator(area: Rect, theme: &Theme, buf: &mut Buffer) {
    let symbol = if area.width == 1 { "│" } else { "─" };
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_symbol(symbol).set_style(theme.separator);
        }
    }
}

fn render_reader(app: &App, area: Rect, buf: &mut Buffer) {
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
    let margin = area.width.saturating_sub(page.width) / 2;
    let x = area.x + margin.max(1).min(area.width.saturating_sub(1));
    let lines = page.lines.iter().skip(app.reader.top()).take(usize::from(area.height));
    for (y, line) in (area.y..).zip(lines) {
        let style = match line.kind {
            LineKind::Title | LineKind::Heading => theme.heading,
            LineKind::Meta | LineKind::Notice | LineKind::Rule | LineKind::Trailer => theme.meta,
            LineKind::Body | LineKind::Blank => theme.text,
        };
        if line.mark > 0 {
            // A preformatted line's continuation: its indentation and a dim mark, then the rest.
            let (mark, rest) = line.text.split_at(line.mark);
            let used = draw_text(buf, x, y, mark, usize::from(page.width), theme.meta);
            draw_text(buf, x + used as u16, y, rest, usize::from(page.width) - used, style);
            continue;
        }
        if !line.dim.is_empty() {
            // Web addresses and Markdown link targets are dimmed beside the words.
            let (mut used, mut at) = (0, 0);
            let end = line.text.len();
            for range in line.dim.iter().cloned().chain(std::iter::once(end..end)) {
                let room = usize::from(page.width).saturating_sub(used);
                used += draw_text(buf, x + used as u16, y, &line.text[at..range.start], room, style);
                let room = usize::from(page.width).saturating_sub(used);
                used += draw_text(buf, x + used as u16, y, &line.text[range.clone()], room, theme.meta);
                at = range.end;
            }
            continue;
        }
        let bidi = app.config.bidi && (line.rtl || bidi::has_rtl(&line.text));
        let text =
            if bidi { Cow::Owned(bidi::visual(&line.text, line.rtl)) } else { Cow::Borrowed(line.text.as_str()) };
        // A right-to-left paragraph's lines end at the right edge of the text column.
        let indent = if bidi && line.rtl { usize::from(page.width).saturating_sub(display_width(&text)) } else { 0 };
        draw_text(buf, x + indent as u16, y, &text, usize::from(page.width) - indent, style);
    }
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.config.theme;
    let status = status_text(app);
    let status_width = display_width(&status);
    // Whole hints only: a hint cut in half reads as a different key.
    let room = usize::from(area.width).saturating_sub(status_width + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, hint) in app.config.keymap.hints(app.mode()) {
        let text = format!(" {hint}  ");
        let width = display_width(&key) + display_width(&text);
        if used + width - 2 > room {
            break;
        }
        used += width;
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(text, theme.text));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    let status_width = status_width as u16;
    buf.set_stringn(area.right().saturating_sub(status_width), area.y, &status, usize::from(area.width), theme.status);
}

/// Load progress, skipped files and the reading position, for the footer's right end.
fn status_text(app: &App) -> String {
    let mut parts = Vec::new();
    if !app.loading.done {
        let found = app.loading.found;
        parts.push(format!("loading {}/{found}", app.total()));
    }
    if !app.warnings.is_empty() {
        parts.push(format!("{} skipped", app.warnings.len()));
    }
    if app.reader.raw() {
        parts.push("raw".to_owned());
    }
    if let (Some(page), Some(panes)) = (app.page(), app.panes()) {
        let bottom = (app.reader.top() + panes.reader_rows()).min(page.lines.len());
        parts.push(format!("{}%", bottom * 100 / page.lines.len().max(1)));
    }
    parts.join(" · ")
}

fn render_help(app: &App, top: usize, panes: &Panes, buf: &mut Buffer) {
    use ratatui::widgets::Widget;
    let theme = &app.config.theme;
    let lines = app.config.keymap.help_lines();
    let area = panes.help_box(lines.len());
    Clear.render(area, buf);
    let hint = format!(" {} ", app.config.keymap.help_hint());
    Block::bordered().title(" folio keys ").title_bottom(hint).style(theme.text).render(area, buf);
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    let key_width =
        lines.iter().map(|(k, _)| display_width(k)).max().unwrap_or(0).min(usize::from(inner.width) / 2) as u16;
    for (y, (keys, what)) in (inner.y..inner.bottom()).zip(lines.iter().skip(top)) {
        if what.is_empty() {
            buf.set_stringn(inner.x, y, keys, usize::from(inner.width), theme.key);
        } else {
            buf.set_stringn(inner.x, y, keys, usize::from(key_width), theme.key);
            let x = inner.x + key_width + 2;
            buf.set_stringn(x, y, what, usize::from(inner.right().saturating_sub(x)), theme.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn matches_are_highlighted_in_runs() {
        let spans = highlighted("Sony hack", &[0, 1, 5], Some(5), 40, &Theme::default());
        let matched = Theme::default().matched;
        let styled: Vec<(&str, bool)> = spans.iter().map(|s| (s.content.as_ref(), s.style == matched)).collect();
        assert_eq!(styled, [("So", true), ("ny ", false), ("h", true), ("ack", false)]);
    }

    #[test]
    fn a_title_too_wide_ends_with_an_ellipsis_where_it_goes_on() {
        let theme = Theme::default();
        let cut = |title: &str, keep: Option<usize>, room: usize| text(&highlighted(title, &[], keep, room, &theme));
        assert_eq!(cut("North Korea behind the Sony hack", None, 12), "North Korea…");
        assert_eq!(cut("North Korea", None, 11), "North Korea", "a title that fits is whole");
        assert_eq!(cut("東京の市場が上昇", None, 8), "東京の…", "wide chars never split; the mark fits");
        assert_eq!(cut("বাংলা ভাষা সাহিত্য", None, 8), "বাংলা…", "no vowel sign cut from its consonant");
        let rtl_visual = "ةيبرعلا ةغللا خيرات";
        assert_eq!(cut(rtl_visual, Some(rtl_visual.chars().count() - 1), 8), "…ا خيرات", "a right-to-left start stays");
        for room in 0..20 {
            assert!(display_width(&cut("North Korea behind the Sony hack", Some(26), room)) <= room, "room {room}");
            assert!(display_width(&cut("North Korea behind the Sony hack", None, room)) <= room, "room {room}");
        }
    }

    #[test]
    fn a_match_beyond_the_pane_scrolls_the_title_into_view() {
        let title = "North Korea behind the Sony hack";
        let spans = highlighted(title, &[23, 24, 25, 26], Some(26), 12, &Theme::default());
        assert_eq!(text(&spans), "…d the Sony…", "cut on both sides, the match in view");
        assert_eq!((spans[0].content.as_ref(), spans.last().unwrap().content.as_ref()), (ELLIPSIS, ELLIPSIS));
        let matched = Theme::default().matched;
        assert_eq!(spans.iter().find(|s| s.style == matched).map(|s| s.content.as_ref()), Some("Sony"));
    }
}
