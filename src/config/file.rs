//! The config file: `config.toml` read into a [`Config`], errors naming the line and key.

use super::keys::{SECTIONS, action_named, name_of, parse_key};
use super::{Config, Wrap};
use crate::theme::{Theme, ThemeName};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Reading widths a config file may set (and `+`/`-` stay within).
pub const WIDTHS: std::ops::RangeInclusive<u16> = 20..=400;

/// A config file that cannot be used: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// The line (from 1) the problem is on, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = crate::store::sanitize::sanitize_line(&self.path.display().to_string());
        match self.line {
            Some(line) => write!(f, "bad config file {path}, line {line}: {}", self.message),
            None => write!(f, "bad config file {path}: {}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

type Keys = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    theme: Option<ThemeName>,
    width: Option<Spanned<u16>>,
    wrap: Option<Wrap>,
    bidi: Option<bool>,
    mouse: Option<bool>,
    trailer: Option<bool>,
    hyperlinks: Option<bool>,
    widths: Option<crate::probe::Widths>,
    images: Option<bool>,
    store: Option<Store>,
    #[serde(default)]
    keys: Keys,
}

/// `store = "~/notes"` or `store = ["~/notes", "~/news.jsonl"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Store {
    One(String),
    Many(Vec<String>),
}

/// `~/x` as the shell would read it; other paths as written.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), directories::BaseDirs::new()) {
        (Some(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ if path == "~" => {
            directories::BaseDirs::new().map_or_else(|| PathBuf::from(path), |d| d.home_dir().to_path_buf())
        }
        _ => PathBuf::from(path),
    }
}

/// Where the config file is looked for: `--config FILE`, else
/// `$XDG_CONFIG_HOME/folio/config.toml` (`~/.config/folio/config.toml`).
pub fn config_path(given: Option<&Path>) -> Option<PathBuf> {
    given.map(Path::to_path_buf).or_else(|| {
        let base = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".config")))?;
        Some(base.join("folio").join("config.toml"))
    })
}

impl Config {
    /// The config at `path`: defaults when the file is missing and was not asked for by name
    /// (`required`), an error naming the file, line and key when it cannot be used.
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        let error = |line, message: String| ConfigError { path: path.to_path_buf(), line, message };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
                return Ok(Config::default_for_terminal());
            }
            Err(e) => return Err(error(None, e.to_string())),
        };
        Config::parse(&text).map_err(|(line, message)| error(line, message))
    }

    /// The config `text` sets; the error's line and message otherwise.
    pub fn parse(text: &str) -> Result<Config, (Option<usize>, String)> {
        let line_of = |at: usize| Some(text[..at.min(text.len())].matches('\n').count() + 1);
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().and_then(|s| line_of(s.start));
            // The key the error is about, as the line writes it: toml's own words name a type.
            let key = line.and_then(|n| text.lines().nth(n - 1)).and_then(|l| l.split_once('=')).map(|(k, _)| k.trim());
            let message = e.message().replace("u16", "a number").replace("invalid type: ", "");
            match key {
                Some(key) if !key.is_empty() && !message.contains(key) => (line, format!("{key}: {message}")),
                _ => (line, message),
            }
        })?;
        let mut config = Config::default_for_terminal();
        if let Some(theme) = file.theme {
            config.theme = Theme::for_terminal(theme);
        }
        if let Some(width) = file.width {
            if !WIDTHS.contains(width.get_ref()) {
                let message = format!(
                    "width = {}: the reading width is {} to {} columns",
                    width.get_ref(),
                    WIDTHS.start(),
                    WIDTHS.end()
                );
                return Err((line_of(width.span().start), message));
            }
            config.width = *width.get_ref();
        }
        config.wrap = file.wrap.unwrap_or(config.wrap);
        config.bidi = file.bidi.unwrap_or(config.bidi);
        config.mouse = file.mouse.unwrap_or(config.mouse);
        config.trailer = file.trailer.unwrap_or(config.trailer);
        config.hyperlinks = file.hyperlinks.unwrap_or(config.hyperlinks);
        config.widths = file.widths.unwrap_or(config.widths);
        config.images = file.images.unwrap_or(config.images);
        config.store = match file.store {
            Some(Store::One(path)) => vec![expand_home(&path)],
            Some(Store::Many(paths)) => paths.iter().map(|p| expand_home(p)).collect(),
            None => Vec::new(),
        };
        for (section, actions) in &file.keys {
            let Some(&(_, modes)) = SECTIONS.iter().find(|(name, _)| name == section.get_ref()) else {
                let known: Vec<&str> = SECTIONS.iter().map(|(n, _)| *n).collect();
                let message = format!("[keys.{}]: no such section (there are {})", section.get_ref(), known.join(", "));
                return Err((line_of(section.span().start), message));
            };
            // A key bound twice in one section would do one of the two things, silently.
            let mut seen: Vec<(crate::keymap::Key, &str)> = Vec::new();
            for (name, keys) in actions {
                let key_name = format!("{} in [keys.{}]", name.get_ref(), section.get_ref());
                let action = action_named(name.get_ref()).ok_or_else(|| {
                    (
                        line_of(name.span().start),
                        format!("{key_name}: no such action (folio config --default lists them)"),
                    )
                })?;
                let mut parsed = Vec::new();
                for key in keys.get_ref() {
                    let at = line_of(key.span().start);
                    let one = parse_key(key.get_ref()).map_err(|why| (at, format!("{key_name}: {why}")))?;
                    if let Some((_, other)) = seen.iter().find(|(k, _)| *k == one) {
                        return Err((at, format!("{key_name}: {} is bound to {other} too", key.get_ref())));
                    }
                    seen.push((one, name.get_ref()));
                    parsed.push(one);
                }
                config.keymap.rebind(modes, action, &parsed);
            }
        }
        Ok(config)
    }
}

/// The whole default config file, every setting commented: what `folio config --default` prints.
pub fn default_file() -> String {
    let config = Config::default();
    let themes: Vec<String> = ThemeName::ALL.iter().map(|t| format!("\"{}\"", t.name())).collect();
    let mut out = format!(
        "# folio's settings: {}
# Every setting is optional; a missing one keeps the default shown here.

# Colours: {} (the first follows the terminal's own 16-colour palette;
# dark and light are 256-colour; mono is bold, dim and reverse only). NO_COLOR gives mono.
theme = \"default\"

# The reading width in columns ({}-{}); + and - change it while reading, and that is remembered.
width = {}

# How lines are filled: \"optimal\" (balanced line lengths, as in print) or \"fast\"
# (as many words as fit). Articles over 256 KiB are always filled fast.
wrap = \"optimal\"

# Put right-to-left text (Arabic, Hebrew) in display order; false for terminals that do it
# themselves (VTE, Konsole, mlterm).
bidi = {}

# Wheel scrolling and click to select (the terminal's own selection then needs Shift).
mouse = {}

# Set a site's boilerplate at an article's end (\"Filter videos by\") apart, dimmed and out of
# word counts and search: lines that end the folder's other articles too, or, alone, short
# lines set apart by two blank lines. Markdown notes never have one. false: every line is text.
trailer = {}

# Write web links as OSC 8 hyperlinks, which terminals that know them (kitty, WezTerm, foot,
# iTerm2, VTE, Windows Terminal, tmux 3.4+) make clickable and others ignore (off on TERM=linux).
hyperlinks = true

# How wide the terminal draws emoji, joined emoji and Indic letters: \"auto\" asks it at start
# (once per terminal, the answer kept in the cache folder), \"probe\" asks it every time,
# \"codepoints\" (tmux, xterm, VTE) and \"graphemes\" (kitty, WezTerm, foot, Ghostty) decide.
widths = \"auto\"

# Draw the pictures of HTML, EPUB and Markdown articles (files beside the article, in the
# book, or data: addresses; never fetched from the web) under their captions: kitty graphics,
# sixel or iTerm2 where the terminal has them, coloured halfblocks elsewhere. false: captions only.
images = true

# What folio opens when no PATH is given: a folder, a .jsonl file, or a list of them
# (~ is your home). Without it, the seed articles built into folio.
# store = \"~/notes\"

# Keys: action = [keys], in the section of where they work. A listed action gets exactly these
# keys there; an action left out keeps its own. Keys look like j, G, Ctrl-n, Alt-m, PgDn, F1.
",
        config_path(None).map_or("~/.config/folio/config.toml".to_owned(), |p| p.display().to_string()),
        themes.join(", "),
        WIDTHS.start(),
        WIDTHS.end(),
        config.width,
        config.bidi,
        config.mouse,
        config.trailer
    );
    for &(section, modes) in SECTIONS {
        out.push_str(&format!("\n[keys.{section}]\n"));
        // Each action once a section, with every key it has there.
        let mut actions: Vec<(&str, Vec<String>, &str)> = Vec::new();
        let live_here = |b: &&crate::keymap::Binding| match modes.len() {
            1 => b.modes.contains(&modes[0]) && !b.is_global(),
            _ => b.is_global(),
        };
        for binding in config.keymap.bindings().iter().filter(live_here) {
            let Some(name) = name_of(binding.action) else { continue };
            if actions.iter().any(|(n, _, _)| *n == name) {
                continue;
            }
            // Every key the action has here, those it has everywhere too: a section's list
            // is all of them.
            let all_here = config
                .keymap
                .bindings()
                .iter()
                .filter(|b| b.action == binding.action && modes.iter().all(|m| b.modes.contains(m)));
            let keys = all_here.flat_map(|b| b.keys.iter().map(|k| format!("{:?}", k.label()))).collect();
            actions.push((name, keys, binding.help));
        }
        for (name, keys, help) in actions {
            out.push_str(&format!("{name} = [{}]  # {help}\n", keys.join(", ")));
        }
    }
    out
}
