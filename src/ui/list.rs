//! The list pane: one row per matching article, its matches highlighted, cut to fit.

use super::{ELLIPSIS, SELECTED_MARK};
use crate::app::{App, Focus, SearchKind, TextIndexState};
use crate::bidi;
use crate::draw::draw_text;
use crate::fulltext::Detail;
use crate::theme::Theme;
use crate::width::{advance, display_width, graphemes};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use std::borrow::Cow;

pub(super) fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = &app.config.theme;
    let catalog = app.catalog.read().unwrap();
    let (list, ranking) = (&app.list, app.list.ranking());
    let text_search = list.kind() == SearchKind::Text;
    if ranking.is_empty() {
        // Wrapped: an error names a folder and says why, and all of it matters.
        let message = empty_message(app, catalog.is_empty());
        let width = usize::from(area.width.saturating_sub(3)).max(1);
        for (y, line) in (area.y..area.bottom()).zip(textwrap::wrap(&message, width)) {
            draw_text(buf, area.x + 2, y, &line, width, theme.note);
        }
        return;
    }
    // A list of one line has no room under its titles: snippets go.
    let height = if area.height >= 2 { list.item_height() } else { 1 };
    let rows = (list.top()..ranking.len()).take(usize::from(area.height) / height);
    for (shown, row) in rows.enumerate() {
        let y = area.y + (shown * height) as u16;
        let Some(article) = ranking.get(row).filter(|&a| (a as usize) < catalog.len()) else { continue };
        let title = catalog.title(article as usize);
        // In text search the title is not what matched: the snippet shows the hits.
        let matched = match text_search {
            true => Vec::new(),
            false => list.matcher().indices(ranking.parsed(), &title, catalog.id(article as usize)),
        };
        let mark = if row == list.selected() { SELECTED_MARK } else { "  " };
        // One column spare, so a scrolled match does not touch the separator.
        let mut room = usize::from(area.width).saturating_sub(SELECTED_MARK.len() + 1);
        // What is remembered of it, against the right edge: a star, read or how far.
        let mut right = area.right().saturating_sub(1);
        let marks = marks_of(app.remembered.memory.article(&app.remembered.store, catalog.id(article as usize)));
        let width = display_width(&marks);
        if width > 0 && width + 8 <= room {
            right -= width as u16;
            draw_text(buf, right, y, &marks, width, theme.meta);
            right = right.saturating_sub(2);
            room = room.saturating_sub(width + 2);
        }
        // The folder, dimmed: what tells apart articles of one title.
        if let Some((folder, _)) = catalog.id(article as usize).rsplit_once('/') {
            // A third of the row, or more (up to two fifths) for a last part that then fits.
            let last = folder.rsplit('/').next().unwrap_or(folder);
            let shown = cut_start(folder, (room / 3).max(display_width(last).min(room * 2 / 5)));
            let width = display_width(&shown);
            if width > 0 {
                draw_text(buf, right.saturating_sub(width as u16), y, &shown, width, theme.meta);
                room = room.saturating_sub(width + 2);
            }
        }
        draw_text(buf, area.x, y, mark, usize::from(area.width), theme.text);
        let x = area.x + SELECTED_MARK.len() as u16;
        draw_styled(app, (x, y), &title, (matched, Keep::Last), room, theme.text, buf);
        if row == list.selected() {
            let style = if app.focus() == Focus::List { theme.selected } else { theme.selected_inactive };
            buf.set_style(Rect { y, height: 1, ..area }, style);
        }
        if let Some(detail) = list.detail(row).filter(|_| height > 1) {
            draw_detail(app, Rect { y: y + 1, height: 1, ..area }, detail, buf);
        }
    }
}

/// A text search result's second line: its hit count, then the snippet with the hits
/// highlighted, from its start or else from its first hit.
fn draw_detail(app: &App, area: Rect, detail: &Detail, buf: &mut Buffer) {
    let theme = &app.config.theme;
    let count = format!("{} hit{}  ", detail.hits, if detail.hits == 1 { "" } else { "s" });
    let mut x = area.x + SNIPPET_INDENT as u16;
    x += draw_text(buf, x, area.y, &count, usize::from(area.right().saturating_sub(x + 1)), theme.meta) as u16;
    let snippet = &detail.snippet;
    let char_at = |byte: usize| snippet.get(..byte).map_or(0, |before| before.chars().count());
    let matched = detail.highlighted.iter().flat_map(|range| char_at(range.start)..char_at(range.end)).collect();
    let first = detail.highlighted.first().map_or(0..0, |range| char_at(range.start)..char_at(range.end));
    let room = usize::from(area.right().saturating_sub(x + 1));
    draw_styled(app, (x, area.y), snippet, (matched, Keep::Whole(first)), room, theme.meta, buf);
}

/// A row's marks: `★` when starred, then `read`, or how far it was read (`42%`).
fn marks_of(article: crate::state::ArticleState) -> String {
    let star = if article.starred { "★" } else { "" };
    let progress = match (article.read, article.progress) {
        (true, _) => "read".to_owned(),
        (false, 0) => String::new(),
        (false, percent) => format!("{percent}%"),
    };
    [star, progress.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ")
}

/// Columns before a snippet, under its title.
const SNIPPET_INDENT: usize = 4;

/// What an empty list says.
fn empty_message(app: &App, no_articles: bool) -> String {
    let text_search = app.list.kind() == SearchKind::Text;
    if !app.loading.done {
        return "loading…".into();
    }
    if let Some(folder) = app.gone.first().filter(|_| no_articles) {
        let folder = crate::store::sanitize::sanitize_line(&folder.display().to_string());
        return format!("folder gone: {folder} (watching for it to come back; Ctrl-R reads it again)");
    }
    if no_articles {
        // Why: a folder of other files, a PATH that could not be opened.
        return app.warnings.last().map_or_else(|| "no articles".into(), |w| format!("no articles: {w}"));
    }
    match (&app.text_index, text_search) {
        (_, false) => "no match".into(),
        (TextIndexState::Failed(why), true) => why.clone(),
        (TextIndexState::Indexing { done, total }, true) => {
            format!("indexing the text… {}%", done * 100 / (*total).max(1))
        }
        (TextIndexState::Waiting, true) => "indexing the text…".into(),
        (TextIndexState::HeldElsewhere, true) => "another folio is indexing the text; waiting for it…".into(),
        (TextIndexState::Ready, true) if app.list.query().text().trim().is_empty() => {
            "type words to find in the articles' text".into()
        }
        // Asked, not answered yet.
        (TextIndexState::Ready, true) if app.list.ranking().query != app.list.query().text() => "searching…".into(),
        (TextIndexState::Ready, true) => "no match".into(),
    }
}

/// What a text cut to fit keeps in view.
#[derive(Clone, PartialEq, Eq)]
enum Keep {
    /// The last match, as fzf does for titles.
    Last,
    /// These chars (a snippet's first hit) whole, in whichever direction the text runs.
    Whole(std::ops::Range<usize>),
}

/// `text` drawn from `(x, y)` in `room` columns in style `plain`, its `matched` chars
/// highlighted: in display order when it holds right-to-left text, cut to keep a match in view.
fn draw_styled(
    app: &App,
    (x, y): (u16, u16),
    text: &str,
    (matched, keep): (Vec<usize>, Keep),
    room: usize,
    plain: Style,
    buf: &mut Buffer,
) {
    let shown = DisplayTitle::new(text, matched, app.config.bidi);
    let styles = Styles { plain, ..Styles::of(&app.config.theme) };
    let in_view = match keep {
        Keep::Whole(chars) if !chars.is_empty() => {
            // Where those chars are drawn: the cut keeps up to the last of them, and a third of
            // the room after it, so the hit reads in its context.
            let last = DisplayTitle::new(text, chars.collect(), app.config.bidi).matched.last().copied();
            last.map(|last| (last + room / 3).min(shown.text.chars().count().saturating_sub(1)))
        }
        _ => shown.keep_in_view(room),
    };
    let spans = highlighted(&shown.text, &shown.matched, in_view, room, &styles);
    let width: usize = spans.iter().map(|s| display_width(&s.content)).sum();
    // Right-to-left text stands against the right edge, as its paragraphs do.
    let indent = if shown.rtl { room.saturating_sub(width) } else { 0 };
    let mut x = x + indent as u16;
    let end = x + room as u16;
    for span in &spans {
        x += draw_text(buf, x, y, &span.content, usize::from(end.saturating_sub(x)), span.style) as u16;
    }
}

/// `text` in at most `columns` columns: whole, or its end after `…` (a folder's last parts
/// tell it apart best).
fn cut_start(text: &str, columns: usize) -> Cow<'_, str> {
    if display_width(text) <= columns {
        return Cow::Borrowed(text);
    }
    if columns < 2 {
        return Cow::Borrowed("");
    }
    let keep = graphemes(text).map(|(at, _, _)| at).find(|&at| display_width(&text[at..]) < columns);
    Cow::Owned(format!("{ELLIPSIS}{}", &text[keep.unwrap_or(text.len())..]))
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

    /// The char that must stay in view when the title is cut into `room` columns: the last
    /// match, or for a right-to-left title its start, drawn last (the cut falls on the side the
    /// text goes on), unless its leftmost match would then be out of sight.
    fn keep_in_view(&self, room: usize) -> Option<usize> {
        if !self.rtl {
            return self.matched.last().copied();
        }
        let shown_from = |index: usize| self.text.char_indices().nth(index).map_or(self.text.len(), |(at, _)| at);
        match self.matched.first() {
            Some(&first) if display_width(&self.text[shown_from(first)..]) > room.saturating_sub(1) => Some(first),
            _ => self.text.chars().count().checked_sub(1),
        }
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
    theme: &Styles,
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
    for (i, (at, c)) in title.char_indices().enumerate() {
        // A mark that draws no cell of its own (a vowel sign, a virama, a combining accent)
        // stays in the run of the letter it sits on: alone in a span it would be lost.
        let matched_here = matched.next_if_eq(&i).is_some();
        let is_matched = if i > 0 && advance(c) == 0 { run_matched } else { matched_here };
        if is_matched != run_matched && at > run_start {
            spans.push(Span::styled(&title[run_start..at], if run_matched { theme.matched } else { theme.plain }));
            run_start = at;
        }
        run_matched = is_matched;
    }
    spans.push(Span::styled(&title[run_start..], if run_matched { theme.matched } else { theme.plain }));
    if cut_end {
        spans.push(Span::styled(ELLIPSIS, theme.cut));
    }
    spans
}

/// The styles a highlighted text is drawn in.
struct Styles {
    plain: Style,
    matched: Style,
    cut: Style,
}

impl Styles {
    fn of(theme: &Theme) -> Self {
        Styles { plain: theme.text, matched: theme.matched, cut: theme.cut }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn matches_are_highlighted_in_runs() {
        let spans = highlighted("Sony hack", &[0, 1, 5], Some(5), 40, &Styles::of(&Theme::default()));
        let matched = Theme::default().matched;
        let styled: Vec<(&str, bool)> = spans.iter().map(|s| (s.content.as_ref(), s.style == matched)).collect();
        assert_eq!(styled, [("So", true), ("ny ", false), ("h", true), ("ack", false)]);
    }

    #[test]
    fn a_title_too_wide_ends_with_an_ellipsis_where_it_goes_on() {
        let theme = Theme::default();
        let cut = |title: &str, keep: Option<usize>, room: usize| {
            text(&highlighted(title, &[], keep, room, &Styles::of(&theme)))
        };
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
    fn marks_stay_with_their_letters_in_highlights() {
        let theme = Theme::default();
        // औदुंबर: the match on द is followed by two marks (ु, ं) that draw no cell.
        let spans = highlighted("औदुंबर", &[0, 1], None, 40, &Styles::of(&theme));
        assert_eq!(spans.iter().map(|s| s.content.as_ref()).collect::<Vec<_>>(), ["औदुं", "बर"]);
        let spans = highlighted("x\u{303}yz", &[0, 2, 3], None, 40, &Styles::of(&theme));
        assert_eq!(spans[0].content, "x\u{303}yz", "a combining tilde kept on its x");
    }

    #[test]
    fn a_right_to_left_title_shows_a_match_near_its_end() {
        let title = "عنوان عربي طويل جدا يمتد إلى ما بعد عرض القائمة في النهاية الرياض";
        let matched: Vec<usize> = (title.chars().count() - 6..title.chars().count()).collect();
        let shown = DisplayTitle::new(title, matched, true);
        let spans =
            highlighted(&shown.text, &shown.matched, shown.keep_in_view(30), 30, &Styles::of(&Theme::default()));
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.contains("ضايرلا") && text.ends_with('…'), "the match in sight, the start cut: {text}");
    }

    #[test]
    fn folders_are_cut_at_their_start() {
        assert_eq!(cut_start("business", 10), "business");
        assert_eq!(cut_start("usr/share/doc/folio", 10), "…doc/folio");
        assert_eq!(cut_start("usr/share/doc/folio", 1), "");
        for columns in 0..22 {
            assert!(display_width(&cut_start("usr/share/東京/folio", columns)) <= columns, "{columns}");
        }
    }

    #[test]
    fn a_match_beyond_the_pane_scrolls_the_title_into_view() {
        let title = "North Korea behind the Sony hack";
        let spans = highlighted(title, &[23, 24, 25, 26], Some(26), 12, &Styles::of(&Theme::default()));
        assert_eq!(text(&spans), "…d the Sony…", "cut on both sides, the match in view");
        assert_eq!((spans[0].content.as_ref(), spans.last().unwrap().content.as_ref()), (ELLIPSIS, ELLIPSIS));
        let matched = Theme::default().matched;
        assert_eq!(spans.iter().find(|s| s.style == matched).map(|s| s.content.as_ref()), Some("Sony"));
    }
}
