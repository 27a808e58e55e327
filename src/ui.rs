//! Drawing: a pure `render(&App, &mut Frame)` and the pane geometry it shares with `App`.

use crate::app::{App, Focus};
use crate::keymap::{self, Mode};
use crate::reader::{LineKind, MAX_TEXT_WIDTH};
use crate::width::display_width;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

/// Below this the panes cannot show anything useful.
pub const MIN_SIZE: (u16, u16) = (20, 6);
/// From this width up, list and reader stand side by side.
pub const SIDE_BY_SIDE_FROM: u16 = 100;
const PROMPT: &str = "> ";
const SELECTED_MARK: &str = "> ";
const ELLIPSIS: &str = "…";
/// Styles use modifiers only, never colour, so NO_COLOR and monochrome terminals lose nothing.
const HIGHLIGHT: Style = Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED));
const SELECTED: Style = Style::new().add_modifier(Modifier::REVERSED);
const DIM: Style = Style::new().add_modifier(Modifier::DIM);

/// Where everything goes on a screen of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub query: Rect,
    pub list: Rect,
    pub separator: Rect,
    pub reader: Rect,
    pub footer: Rect,
}

impl Panes {
    /// The reader's text column: the pane less a margin each side, at most 80 columns.
    pub fn text_width(&self) -> u16 {
        self.reader.width.saturating_sub(2).clamp(1, MAX_TEXT_WIDTH)
    }

    /// Rows the help overlay shows its lines in.
    pub fn help_rows(&self) -> u16 {
        help_area(self.whole()).height.saturating_sub(2)
    }

    fn whole(&self) -> Rect {
        self.query.union(self.footer)
    }
}

/// The panes for `area`, or `None` when it is smaller than [`MIN_SIZE`].
pub fn panes(area: Rect) -> Option<Panes> {
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return None;
    }
    let row = |y, height| Rect::new(area.x, y, area.width, height);
    let body = row(area.y + 1, area.height - 2);
    let (list, separator, reader) = if area.width >= SIDE_BY_SIDE_FROM {
        let list_width = area.width * 2 / 5;
        (
            Rect { width: list_width, ..body },
            Rect { x: body.x + list_width, width: 1, ..body },
            Rect { x: body.x + list_width + 1, width: body.width - list_width - 1, ..body },
        )
    } else {
        let list_height = (body.height - 1) * 2 / 5;
        (
            Rect { height: list_height, ..body },
            Rect { y: body.y + list_height, height: 1, ..body },
            Rect { y: body.y + list_height + 1, height: body.height - list_height - 1, ..body },
        )
    };
    Some(Panes { query: row(area.y, 1), list, separator, reader, footer: row(area.bottom() - 1, 1) })
}

/// Draws the whole screen from `app`; changes nothing.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let Some(panes) = panes(area) else {
        let message = if area.width >= 18 { "terminal too small" } else { "too small" };
        let y = area.y + area.height / 2;
        let x = area.x + area.width.saturating_sub(message.len() as u16) / 2;
        if area.height > 0 {
            buf.set_stringn(x, y, message, usize::from(area.width), Style::new());
        }
        return;
    };
    render_query(app, panes.query, frame);
    let buf = frame.buffer_mut();
    render_list(app, panes.list, buf);
    render_separator(panes.separator, buf);
    render_reader(app, panes.reader, buf);
    render_footer(app, panes.footer, buf);
    if let Some(top) = app.help {
        render_help(top, panes.whole(), buf);
    }
}

fn render_query(app: &App, area: Rect, frame: &mut Frame) {
    let count = format!(" {}/{}", app.ranking.len(), app.total());
    let count_width = display_width(&count) as u16;
    let room = usize::from(area.width.saturating_sub(count_width + PROMPT.len() as u16 + 1));
    // Show the end of a query too long for the line, so the cursor stays in view.
    let chars: Vec<char> = app.query.text().chars().collect();
    let mut start = 0;
    while display_width(&chars[start..app.query.cursor()].iter().collect::<String>()) > room {
        start += 1;
    }
    let shown: String = chars[start..].iter().collect();
    let prompt_style = if app.focus == Focus::List { Style::new().add_modifier(Modifier::BOLD) } else { DIM };
    let buf = frame.buffer_mut();
    buf.set_stringn(area.x, area.y, PROMPT, usize::from(area.width), prompt_style);
    let query_x = area.x + PROMPT.len() as u16;
    buf.set_stringn(query_x, area.y, &shown, room, Style::new());
    if area.width > count_width {
        buf.set_stringn(area.right() - count_width, area.y, &count, usize::from(count_width), DIM);
    }
    if app.focus == Focus::List && app.help.is_none() {
        let before: String = chars[start..app.query.cursor()].iter().collect();
        frame.set_cursor_position((query_x + display_width(&before) as u16, area.y));
    }
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let catalog = app.catalog.read().unwrap();
    if app.ranking.is_empty() {
        let message = if !app.loading.done {
            "loading…"
        } else if catalog.is_empty() {
            "no articles"
        } else {
            "no match"
        };
        buf.set_stringn(area.x + 2, area.y, message, usize::from(area.width.saturating_sub(2)), DIM);
        return;
    }
    let rows = (app.list_top..app.ranking.len()).take(usize::from(area.height));
    for (y, row) in (area.y..).zip(rows) {
        let Some(article) = app.ranking.get(row).filter(|&a| (a as usize) < catalog.len()) else { continue };
        let title = catalog.title(article as usize);
        let matched = app.matcher.indices(&app.ranked_query, title);
        let mark = if row == app.selected { SELECTED_MARK } else { "  " };
        // One column spare, so a scrolled match does not touch the separator.
        let room = usize::from(area.width).saturating_sub(SELECTED_MARK.len() + 1);
        let mut spans = vec![Span::raw(mark)];
        spans.extend(highlighted(title, &matched, room));
        let line = Line::from(spans);
        buf.set_line(area.x, y, &line, area.width);
        if row == app.selected {
            let style = if app.focus == Focus::List { SELECTED } else { SELECTED.add_modifier(Modifier::DIM) };
            buf.set_style(Rect { y, height: 1, ..area }, style);
        }
    }
}

/// Splits `title` into runs of matched (highlighted) and plain chars. When the last match would
/// fall beyond `room` columns, the start of the title gives way to `…`, as in fzf, so the
/// match is always in sight.
fn highlighted<'a>(title: &'a str, matched: &[usize], room: usize) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut start = 0;
    if let Some(&last) = matched.last() {
        let end = title.char_indices().nth(last + 1).map_or(title.len(), |(at, _)| at);
        if display_width(&title[..end]) > room {
            start = title[..end]
                .char_indices()
                .map(|(at, _)| at)
                .find(|&at| display_width(&title[at..end]) < room)
                .unwrap_or(end);
            spans.push(Span::styled(ELLIPSIS, DIM));
        }
    }
    let skipped = title[..start].chars().count();
    let mut matched = matched.iter().filter(|&&i| i >= skipped).map(|&i| i - skipped).peekable();
    let title = &title[start..];
    let mut run_start = 0;
    let mut run_matched = false;
    for (i, (at, _)) in title.char_indices().enumerate() {
        let is_matched = matched.next_if_eq(&i).is_some();
        if is_matched != run_matched && at > run_start {
            spans.push(Span::styled(&title[run_start..at], if run_matched { HIGHLIGHT } else { Style::new() }));
            run_start = at;
        }
        run_matched = is_matched;
    }
    spans.push(Span::styled(&title[run_start..], if run_matched { HIGHLIGHT } else { Style::new() }));
    spans
}

fn render_separator(area: Rect, buf: &mut Buffer) {
    let symbol = if area.width == 1 { "│" } else { "─" };
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].set_symbol(symbol).set_style(DIM);
        }
    }
}

fn render_reader(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(layout) = app.layout() else {
        let message = match (app.selected_article(), app.body()) {
            (None, _) if app.total() == 0 && !app.loading.done => String::new(),
            (None, _) => "nothing selected".to_owned(),
            (Some(_), Some(Err(warning))) => format!("cannot read this article: {}", warning.reason),
            (Some(_), _) => "reading…".to_owned(),
        };
        buf.set_stringn(area.x + 1, area.y, message, usize::from(area.width.saturating_sub(1)), DIM);
        return;
    };
    let margin = area.width.saturating_sub(layout.width) / 2;
    let x = area.x + margin.max(1).min(area.width.saturating_sub(1));
    let lines = layout.lines.iter().skip(app.reader_top).take(usize::from(area.height));
    for (y, line) in (area.y..).zip(lines) {
        let style = match line.kind {
            LineKind::Title => Style::new().add_modifier(Modifier::BOLD),
            LineKind::Meta | LineKind::Rule | LineKind::Trailer => DIM,
            LineKind::Body | LineKind::Blank => Style::new(),
        };
        buf.set_stringn(x, y, &line.text, usize::from(layout.width), style);
    }
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    let mode = if app.help.is_some() {
        Mode::Help
    } else if app.focus == Focus::Reader {
        Mode::Reader
    } else {
        Mode::List
    };
    let status = status_text(app);
    let status_width = display_width(&status);
    // Whole hints only: a hint cut in half reads as a different key.
    let room = usize::from(area.width).saturating_sub(status_width + 1);
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, hint) in keymap::hints(mode) {
        let text = format!(" {hint}  ");
        let width = display_width(&key) + display_width(&text);
        if used + width - 2 > room {
            break;
        }
        used += width;
        spans.push(Span::styled(key, Style::new().add_modifier(Modifier::BOLD)));
        spans.push(Span::raw(text));
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    let status_width = status_width as u16;
    buf.set_stringn(area.right().saturating_sub(status_width), area.y, &status, usize::from(area.width), DIM);
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
    if let (Some(layout), Some(panes)) = (app.layout(), app.panes()) {
        let bottom = (app.reader_top + usize::from(panes.reader.height)).min(layout.lines.len());
        parts.push(format!("{}%", bottom * 100 / layout.lines.len().max(1)));
    }
    parts.join(" · ")
}

fn help_area(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4).min(80);
    let height = area.height.saturating_sub(2).min(keymap::help_lines().len() as u16 + 2);
    Rect::new(area.x + (area.width - width) / 2, area.y + (area.height - height) / 2, width, height)
}

fn render_help(top: usize, area: Rect, buf: &mut Buffer) {
    use ratatui::widgets::Widget;
    let area = help_area(area);
    Clear.render(area, buf);
    Block::bordered().title(" folio keys ").title_bottom(" Esc close · j/k scroll ").render(area, buf);
    let inner = area.inner(ratatui::layout::Margin::new(2, 1));
    let lines = keymap::help_lines();
    let key_width =
        lines.iter().map(|(k, _)| display_width(k)).max().unwrap_or(0).min(usize::from(inner.width) / 2) as u16;
    for (y, (keys, what)) in (inner.y..inner.bottom()).zip(lines.iter().skip(top)) {
        if what.is_empty() {
            buf.set_stringn(inner.x, y, keys, usize::from(inner.width), Style::new().add_modifier(Modifier::BOLD));
        } else {
            buf.set_stringn(inner.x, y, keys, usize::from(key_width), Style::new().add_modifier(Modifier::BOLD));
            let x = inner.x + key_width + 2;
            buf.set_stringn(x, y, what, usize::from(inner.right().saturating_sub(x)), Style::new());
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
        let spans = highlighted("Sony hack", &[0, 1, 5], 40);
        let styled: Vec<(&str, bool)> = spans.iter().map(|s| (s.content.as_ref(), s.style == HIGHLIGHT)).collect();
        assert_eq!(styled, [("So", true), ("ny ", false), ("h", true), ("ack", false)]);
    }

    #[test]
    fn a_match_beyond_the_pane_scrolls_the_title_into_view() {
        let title = "North Korea behind the Sony hack";
        let spans = highlighted(title, &[23, 24, 25, 26], 12);
        assert_eq!(text(&spans), "…nd the Sony hack");
        assert_eq!(spans[0].content, ELLIPSIS);
        assert_eq!(display_width("…nd the Sony"), 12);
        assert_eq!(spans.iter().find(|s| s.style == HIGHLIGHT).map(|s| s.content.as_ref()), Some("Sony"));
    }
}
