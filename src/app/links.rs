//! Links you can follow: hints on the links on screen, a typed hint follows one (another article of the store, a heading, or the browser).

use super::{App, External, Overlay};
use crate::page::{Link, Page};

/// The keys hints are made of: the home row, as qutebrowser and vimium use.
const HINT_KEYS: &str = "asdfghjkl";

/// The hints overlay: what has been typed of a hint so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkHints {
    pub typed: String,
}

/// `count` hints, one key each while they suffice, else two each (81 at most).
pub fn hint_labels(count: usize) -> Vec<String> {
    let keys: Vec<char> = HINT_KEYS.chars().collect();
    if count <= keys.len() {
        return keys.iter().take(count).map(char::to_string).collect();
    }
    keys.iter().flat_map(|a| keys.iter().map(move |b| format!("{a}{b}"))).take(count).collect()
}

/// Where a link goes: a web page, a heading of this article, or another article of the store
/// (by id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Web(String),
    Heading(String),
    /// By id, or by its file's path in the store (with its extension) when a note and a text
    /// of one name keep their extensions as ids.
    Article {
        id: String,
        file: String,
        heading: Option<String>,
    },
}

/// Where `target`, a link of article `from` (its id), goes. Web and mail addresses go to the
/// browser; a relative path (`../b.md#usage`) names an article by its id from `from`'s folder;
/// `#usage` a heading here. Anything else (`javascript:`, `file:`, an absolute path) goes
/// nowhere.
pub fn destination(from: &str, target: &str) -> Option<Destination> {
    let lower = target.to_ascii_lowercase();
    if ["http://", "https://", "mailto:"].iter().any(|s| lower.starts_with(s)) {
        return Some(Destination::Web(target.to_owned()));
    }
    if lower.contains(':') || target.starts_with('/') {
        return None;
    }
    let (path, fragment) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f.to_owned())));
    if path.is_empty() {
        return fragment.filter(|f| !f.is_empty()).map(Destination::Heading);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let file = parts.join("/");
    let id = crate::store::without_article_extension(&file).to_owned();
    Some(Destination::Article { id, file, heading: fragment.filter(|f| !f.is_empty()) })
}

/// A heading's anchor as GitHub makes it: lower case, spaces as `-`, other punctuation gone.
pub fn slug(heading: &str) -> String {
    heading
        .chars()
        .filter_map(|c| match c {
            ' ' | '-' => Some('-'),
            c if c.is_alphanumeric() || c == '_' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

impl App {
    /// The links on screen with their hints, while the hints are shown.
    pub fn hinted_links(&self) -> Vec<(String, &Link)> {
        let (Some(Overlay::Links(_)), Some(page)) = (&self.overlay, self.page()) else { return Vec::new() };
        let links = self.followable(page);
        hint_labels(links.len()).into_iter().zip(links).collect()
    }

    /// The links on screen that go somewhere (a `file:` or `javascript:` link gets no hint).
    fn followable<'a>(&self, page: &'a Page) -> Vec<&'a Link> {
        let from = match self.selected_article() {
            Some(index) => self.catalog.read().unwrap().id(index as usize).to_owned(),
            None => String::new(),
        };
        visible(page, self.reader.top(), self.reader_rows())
            .into_iter()
            .filter(|link| destination(&from, &link.target).is_some())
            .collect()
    }

    pub fn link_hints(&self) -> Option<&LinkHints> {
        match &self.overlay {
            Some(Overlay::Links(hints)) => Some(hints),
            _ => None,
        }
    }

    /// Shows a hint on each link on screen (or says there is none).
    pub(super) fn show_link_hints(&mut self) -> bool {
        let Some(page) = self.page() else { return false };
        if self.followable(page).is_empty() {
            self.flash = Some("no link on screen".into());
        } else {
            self.overlay = Some(Overlay::Links(LinkHints::default()));
        }
        true
    }

    /// A key typed while hints are shown: the link whose hint it completes is followed; a key
    /// no hint goes on with closes them.
    pub(super) fn hint_key(&mut self, c: char) -> bool {
        let Some(Overlay::Links(hints)) = &self.overlay else { return false };
        let typed = format!("{}{c}", hints.typed);
        let labelled = self.hinted_links();
        let chosen = labelled.iter().find(|(label, _)| *label == typed).map(|(_, link)| link.target.clone());
        let goes_on = labelled.iter().any(|(label, _)| label.starts_with(&typed));
        match chosen {
            Some(target) => {
                self.overlay = None;
                self.follow(&target)
            }
            None if goes_on => {
                self.overlay = Some(Overlay::Links(LinkHints { typed }));
                true
            }
            None => {
                self.overlay = None;
                self.flash = Some(format!("no link '{typed}'"));
                true
            }
        }
    }

    /// Goes where `target` says: the browser for the web, this article's heading, or another
    /// article of the store (H comes back).
    fn follow(&mut self, target: &str) -> bool {
        let Some(index) = self.selected_article() else { return false };
        let from = self.catalog.read().unwrap().id(index as usize).to_owned();
        let shown = crate::store::sanitize::sanitize_line(target);
        match destination(&from, target) {
            Some(Destination::Web(url)) => {
                self.note_place();
                self.requests.external = Some(External::Browser { url });
                true
            }
            Some(Destination::Heading(anchor)) => self.go_to_anchor(&anchor) || self.say(format!("no heading {shown}")),
            Some(Destination::Article { id, file, heading }) => {
                let known = |id: &str| self.catalog.read().unwrap().find(id).is_some();
                let id = match (known(&id), known(&file)) {
                    (true, _) => id,
                    (false, true) => file,
                    (false, false) => {
                        let id = crate::store::sanitize::sanitize_line(&id);
                        return self.say(format!("no article '{id}' in this store"));
                    }
                };
                self.note_place();
                self.step_history(id.clone());
                self.show_article(id);
                if let Some(heading) = heading {
                    self.pending_anchor = Some(heading);
                }
                true
            }
            None => self.say(format!("not followed: {shown}")),
        }
    }

    fn say(&mut self, note: String) -> bool {
        self.flash = Some(note);
        true
    }

    /// Scrolls to the heading whose anchor (GitHub's slug) is `anchor`.
    pub(super) fn go_to_anchor(&mut self, anchor: &str) -> bool {
        let Some(page) = self.page() else { return false };
        let wanted = slug(anchor);
        // GitHub numbers a repeated heading's anchor: the second `## Config` is `#config-1`.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let line = page.headings().iter().find_map(|(line, _, text)| {
            let base = slug(text);
            let count = seen.entry(base.clone()).or_default();
            let anchor = if *count == 0 { base } else { format!("{base}-{count}") };
            *count += 1;
            (anchor == wanted).then_some(*line)
        });
        line.is_some_and(|line| self.jump_to_heading(line))
    }
}

/// The links with a line among the `rows` shown from `top`.
fn visible(page: &Page, top: usize, rows: usize) -> Vec<&Link> {
    page.links.iter().filter(|l| l.spans.iter().any(|(line, _)| (top..top + rows).contains(line))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_targets_resolve_to_articles_headings_or_the_web() {
        let article = |file: &str, heading: Option<&str>| {
            let id = crate::store::without_article_extension(file).to_owned();
            Some(Destination::Article { id, file: file.into(), heading: heading.map(str::to_owned) })
        };
        assert_eq!(destination("notes/a", "b.md"), article("notes/b.md", None));
        assert_eq!(destination("notes/a", "../docs/c.txt#usage"), article("docs/c.txt", Some("usage")));
        assert_eq!(destination("a", "./sub/d.md"), article("sub/d.md", None));
        assert_eq!(destination("a", "#install"), Some(Destination::Heading("install".into())));
        assert_eq!(destination("a", "HTTPS://x.y/z"), Some(Destination::Web("HTTPS://x.y/z".into())));
        assert_eq!(destination("a", "mailto:me@x.y"), Some(Destination::Web("mailto:me@x.y".into())));
        for nowhere in ["javascript:alert(1)", "file:///etc/passwd", "/etc/passwd", "../../out.md", "#"] {
            assert_eq!(destination("a", nowhere), None, "{nowhere}");
        }
        assert_eq!(slug("Error handling & more!"), "error-handling--more");
    }

    #[test]
    fn a_hint_follows_its_link_to_an_article_and_its_heading_or_to_the_browser() {
        use crate::action::{Action, Direction};
        use crate::app::{App, Event};
        use crate::keymap::Mode;
        use crate::testing::update_inline;
        let dir = crate::store::ScratchDir::new("links");
        let words: String = (0..30).map(|i| format!("Filler {i}.\n\n")).collect();
        std::fs::write(
            dir.join("a.md"),
            "# A\n\nSee [b's usage](b.md#usage), [a file](file:///etc/passwd), [missing](nope.md) and https://example.com/x.\n",
        )
        .unwrap();
        std::fs::write(dir.join("b.md"), format!("# B\n\n{words}## Usage\n\n{words}")).unwrap();
        let origins = crate::store::origins_for(&[dir.to_path_buf()]);
        let (catalog, _) = crate::store::load_catalog(origins, crate::store::LoadOptions::default());
        let mut app = App::new(catalog, crate::app::Loading { found: 2, done: true }, crate::config::Config::default());
        update_inline(&mut app, [Event::Resize(80, 24)]);
        update_inline(&mut app, [Action::Open, Action::FollowLink]);
        assert_eq!(app.mode(), Mode::Links);
        let hinted: Vec<(String, String)> =
            app.hinted_links().into_iter().map(|(label, link)| (label, link.target.clone())).collect();
        let expected = [("a", "b.md#usage"), ("s", "nope.md"), ("d", "https://example.com/x")];
        assert_eq!(hinted, expected.map(|(l, t)| (l.to_owned(), t.to_owned())));
        // A link that goes nowhere (`file:`) gets no hint; a missing article is said, nothing
        // moves.
        update_inline(&mut app, [Action::FollowLink, Action::Insert('s')]);
        assert_eq!(app.flash.as_deref(), Some("no article 'nope' in this store"));
        // The web goes to the browser, as a request to the event loop.
        let step = app.update([Action::FollowLink, Action::Insert('d')]);
        assert_eq!(step.requests.external, Some(External::Browser { url: "https://example.com/x".into() }));
        // Another article, at the heading named; H comes back.
        update_inline(&mut app, [Action::FollowLink, Action::Insert('a')]);
        let page = app.page().unwrap();
        assert_eq!(page.lines[app.reader.top()].text, "Usage");
        assert_eq!(app.mode(), Mode::Reader);
        update_inline(&mut app, [Action::History(Direction::Up)]);
        assert_eq!(app.page().unwrap().lines[0].text, "A");
        // A key no hint has closes the hints.
        update_inline(&mut app, [Action::FollowLink, Action::Insert('z')]);
        assert_eq!((app.mode(), app.flash.as_deref()), (Mode::Reader, Some("no link 'z'")));
    }

    #[test]
    fn a_link_whose_start_scrolled_away_still_gets_its_hint() {
        use crate::action::{Action, Amount, Direction};
        use crate::app::{App, Event};
        use crate::testing::update_inline;
        let dir = crate::store::ScratchDir::new("links-long");
        let words: String = (0..400).map(|i| format!("word{i} ")).collect();
        let filler: String = (0..30).map(|i| format!("Filler {i}.\n\n")).collect();
        std::fs::write(dir.join("a.md"), format!("# A\n\n{filler}[{words}](https://example.com/long)\n")).unwrap();
        let origins = crate::store::origins_for(&[dir.to_path_buf()]);
        let (catalog, _) = crate::store::load_catalog(origins, crate::store::LoadOptions::default());
        let mut app = App::new(catalog, crate::app::Loading { found: 1, done: true }, crate::config::Config::default());
        update_inline(&mut app, [Event::Resize(60, 20)]);
        update_inline(&mut app, [Action::Open, Action::Scroll(Direction::Down, Amount::All), Action::FollowLink]);
        let page = app.page().unwrap();
        let start = page.links[0].line();
        assert!(start < app.reader.top(), "the link starts above the screen: {start} < {}", app.reader.top());
        let hinted: Vec<String> = app.hinted_links().into_iter().map(|(_, l)| l.target.clone()).collect();
        assert_eq!(hinted, ["https://example.com/long"]);
    }

    #[test]
    fn hints_are_one_key_while_they_suffice() {
        assert_eq!(hint_labels(3), ["a", "s", "d"]);
        let many = hint_labels(12);
        assert_eq!((many[0].as_str(), many[11].as_str()), ("aa", "sd"));
        assert_eq!(hint_labels(200).len(), 81);
    }
}
