//! What the terminal can do, decided from its answers to a probe: width rules, synchronized output, grapheme mode.

use crate::width::{WidthRules, display_width_by};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Texts the terminals disagree on, each printed at the start of a line and followed by a
/// cursor position request: the column it answers is the width the terminal gave the text.
/// A wide CJK char (every terminal: 2, or the answers are not widths), an emoji made
/// emoji-style by U+FE0F, a ZWJ sequence, a Bengali letter with a spacing vowel sign, a
/// Devanagari conjunct, and that conjunct with a spacing vowel sign.
pub const SAMPLES: [&str; 6] = [
    "\u{65e5}",
    "\u{2764}\u{fe0f}",
    "\u{1f468}\u{200d}\u{1f469}",
    "\u{9ac}\u{9be}",
    "\u{915}\u{94d}\u{937}",
    "\u{915}\u{94d}\u{937}\u{93e}",
];

/// Synchronized output: the terminal shows a frame only once it is whole.
pub const SYNC_MODE: u16 = 2026;
/// Grapheme clustering: the terminal advances by grapheme cluster, not by code point.
pub const GRAPHEME_MODE: u16 = 2027;

/// A terminal's primary device attributes request: every terminal answers it, so it goes last
/// and its answer says that every answer before it has come.
pub const ATTRIBUTES: &[u8] = b"\x1b[c";

/// The terminal's name and version (XTVERSION), asked with the attributes in the first round:
/// tmux answers it itself, which says the kitty query must not be sent.
pub const VERSION: &[u8] = b"\x1b[>0q";

/// A kitty graphics query: a terminal that draws kitty's images answers `OK` for image 31 (the
/// others pass an APC sequence over silently).
pub const KITTY_GRAPHICS: &[u8] = b"\x1b_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\";
/// The size of a cell in pixels (XTWINOPS 16), for terminals whose window size says none.
pub const CELL_PIXELS: &[u8] = b"\x1b[16t";

/// The probe's questions: the two modes (DECRQM), grapheme mode turned on where it is known
/// (asked before the widths, so they are measured as folio will draw), each sample's width,
/// kitty graphics and the cell's size in pixels, and the attributes last (whose answer also
/// says whether the terminal draws sixel). The line is cleared after. The kitty query goes only
/// where `kitty_query` says it is safe.
pub fn questions(kitty_query: bool) -> Vec<u8> {
    let mut asked = Vec::new();
    for mode in [SYNC_MODE, GRAPHEME_MODE] {
        asked.extend_from_slice(format!("\x1b[?{mode}$p").as_bytes());
    }
    asked.extend_from_slice(format!("\x1b[?{GRAPHEME_MODE}h").as_bytes());
    for sample in SAMPLES {
        asked.extend_from_slice(b"\r\x1b[2K");
        asked.extend_from_slice(sample.as_bytes());
        asked.extend_from_slice(b"\x1b[6n");
    }
    asked.extend_from_slice(b"\r\x1b[2K");
    if kitty_query {
        asked.extend_from_slice(KITTY_GRAPHICS);
    }
    asked.extend_from_slice(CELL_PIXELS);
    asked.extend_from_slice(ATTRIBUTES);
    asked
}

/// What the terminal said, in the order it said it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Answers {
    /// Each cursor position report's column, counted from 0: after a sample, its width.
    pub columns: Vec<u16>,
    /// Each DEC private mode report: the mode and its state (0 unknown, 1 set, 2 reset,
    /// 3 permanently set, 4 permanently reset).
    pub modes: Vec<(u16, u8)>,
    /// The device attributes came: nothing more will.
    pub attributes: bool,
    /// Attribute 4 among them: the terminal draws sixel graphics.
    pub sixel: bool,
    /// The kitty graphics query was answered `OK`.
    pub kitty_graphics: bool,
    /// A cell's width and height in pixels, where the terminal told.
    pub cell_pixels: Option<(u16, u16)>,
    /// The terminal's name and version (`tmux 3.3a`, `kitty(0.46.2)`), where it told.
    pub version: Option<String>,
}

impl Answers {
    /// The control sequences in `bytes` that answer the probe; anything else (a key typed
    /// meanwhile) is passed over.
    pub fn read(bytes: &[u8]) -> Answers {
        let kitty_graphics = memchr::memmem::find(bytes, b"\x1b_Gi=31;OK").is_some();
        let version = memchr::memmem::find(bytes, b"\x1bP>|").and_then(|start| {
            let name = &bytes[start + 4..];
            let end = memchr::memmem::find(name, b"\x1b\\")?;
            let name: String = name[..end.min(64)].iter().map(|&b| b as char).filter(char::is_ascii_graphic).collect();
            Some(name)
        });
        let mut answers = Answers { kitty_graphics, version, ..Answers::default() };
        let mut at = 0;
        while let Some(start) = memchr::memmem::find(&bytes[at..], b"\x1b[").map(|s| at + s + 2) {
            let Some(end) = bytes[start..].iter().position(|b| (0x40..=0x7e).contains(b)).map(|e| start + e) else {
                break;
            };
            let body = &bytes[start..end];
            match bytes[end] {
                b'R' => {
                    if let [_, column] = numbers(body)[..] {
                        answers.columns.push(u16::try_from(column.saturating_sub(1)).unwrap_or(u16::MAX));
                    }
                }
                b'y' if body.starts_with(b"?") && body.ends_with(b"$") => {
                    if let [mode, state] = numbers(&body[1..body.len() - 1])[..] {
                        answers.modes.push((mode as u16, state.min(255) as u8));
                    }
                }
                b'c' if body.starts_with(b"?") => {
                    answers.attributes = true;
                    answers.sixel = numbers(&body[1..]).iter().skip(1).any(|&attribute| attribute == 4);
                }
                b't' => {
                    if let [6, height, width] = numbers(body)[..]
                        && let (Ok(width @ 1..), Ok(height @ 1..)) = (u16::try_from(width), u16::try_from(height))
                    {
                        answers.cell_pixels = Some((width, height));
                    }
                }
                _ => {}
            }
            at = end + 1;
        }
        answers
    }

    fn mode(&self, mode: u16) -> u8 {
        self.modes.iter().find(|&&(m, _)| m == mode).map_or(0, |&(_, state)| state)
    }
}

/// `12;5` as [12, 5]; an empty or odd field makes the whole list empty.
fn numbers(body: &[u8]) -> Vec<u32> {
    let fields: Option<Vec<u32>> =
        body.split(|&b| b == b';').map(|f| std::str::from_utf8(f).ok()?.parse::<u32>().ok()).collect();
    fields.unwrap_or_default()
}

/// What folio uses of a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub widths: WidthRules,
    /// Frames are sent between mode 2026's begin and end marks.
    pub synchronized: bool,
    /// Mode 2027 was off and folio turns it on (and off again when it gives the terminal back).
    pub grapheme_mode: bool,
    /// How pictures can be drawn, as far as the terminal said.
    pub graphics: Graphics,
}

/// What the terminal said of drawing pictures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Graphics {
    pub kitty: bool,
    pub sixel: bool,
    /// A cell's width and height in pixels.
    pub cell_pixels: Option<(u16, u16)>,
}

impl Default for Capabilities {
    /// What folio assumes of a terminal that does not answer: today's rules, no modes.
    fn default() -> Self {
        Capabilities {
            widths: WidthRules::CODE_POINTS,
            synchronized: false,
            grapheme_mode: false,
            graphics: Graphics { kitty: false, sixel: false, cell_pixels: None },
        }
    }
}

/// What the answers say the terminal does, or `None` when they are not whole (a timeout, a
/// terminal that does not report its cursor) or not widths (the CJK sample not 2 columns).
pub fn decide(answers: &Answers) -> Option<Capabilities> {
    let measured = answers.columns.get(..SAMPLES.len())?;
    if !answers.attributes || measured[0] != 2 {
        return None;
    }
    // The rules that give every sample the width measured; failing that, the most of them
    // (the usual rules first on a tie).
    let agreeing = |rules: WidthRules| {
        SAMPLES
            .iter()
            .zip(measured)
            .filter(|&(sample, &columns)| display_width_by(sample, rules) == usize::from(columns))
            .count()
    };
    let mut best = WidthRules::CODE_POINTS;
    for rules in WidthRules::all() {
        if agreeing(rules) > agreeing(best) {
            best = rules;
        }
    }
    let usable = |state: u8| matches!(state, 1..=3);
    Some(Capabilities {
        widths: best,
        synchronized: usable(answers.mode(SYNC_MODE)),
        grapheme_mode: answers.mode(GRAPHEME_MODE) == 2,
        graphics: Graphics { kitty: answers.kitty_graphics, sixel: answers.sixel, cell_pixels: answers.cell_pixels },
    })
}

/// How the width rules are chosen (`--widths`, the config's `widths`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Widths {
    /// The terminal's answer to the probe, kept per terminal so it is asked once.
    #[default]
    Auto,
    /// Ask the terminal again, and keep the new answer.
    Probe,
    /// Code point by code point (tmux, xterm, VTE): no probe for widths.
    Codepoints,
    /// Grapheme cluster by cluster (mode 2027, kitty, WezTerm, foot, Ghostty): no probe for widths.
    Graphemes,
}

impl Widths {
    /// The rules this choice forces, whatever the terminal said.
    pub fn forced(self) -> Option<WidthRules> {
        match self {
            Widths::Auto | Widths::Probe => None,
            Widths::Codepoints => Some(WidthRules::CODE_POINTS),
            Widths::Graphemes => Some(WidthRules::GRAPHEMES),
        }
    }
}

/// Whether the kitty graphics query may be sent to a terminal that gave its name as `version`:
/// only to one that named itself, and not tmux or screen, which take an APC sequence for a
/// window title (tmux 3.3 renames the pane) and pass no kitty graphics anyway. Every terminal
/// that draws kitty graphics (kitty, Ghostty, WezTerm, Konsole) answers XTVERSION; tmux does
/// too, for itself, even where `TERM` says otherwise (over ssh, or as set by its config).
pub fn kitty_query_is_safe(version: Option<&str>, var: impl Fn(&str) -> Option<String>) -> bool {
    let Some(version) = version.map(str::to_ascii_lowercase) else { return false };
    let multiplexed = var("TMUX").is_some_and(|v| !v.is_empty()) || var("STY").is_some_and(|v| !v.is_empty());
    let term = var("TERM").unwrap_or_default();
    let multiplexer = ["tmux", "screen"].iter().any(|name| version.starts_with(name) || term.starts_with(name));
    !multiplexed && !multiplexer
}

/// Which terminal this is, as far as the environment says: answers are kept under this name.
/// `None` when nothing names it (no `TERM`).
pub fn terminal_name(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let term = var("TERM")?;
    let program = [var("TERM_PROGRAM"), var("TERM_PROGRAM_VERSION")];
    Some(std::iter::once(term).chain(program.into_iter().flatten()).collect::<Vec<_>>().join(" "))
}

/// The probe's answers kept per terminal, in `terminals.json` in the cache folder.
pub struct Kept {
    path: PathBuf,
    terminals: BTreeMap<String, Capabilities>,
}

impl Kept {
    /// What `cache` holds; nothing when the file is missing or unreadable (it is only a cache).
    pub fn open(cache: &Path) -> Kept {
        let path = cache.join("terminals.json");
        let terminals =
            std::fs::read(&path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default();
        Kept { path, terminals }
    }

    pub fn get(&self, terminal: &str) -> Option<Capabilities> {
        self.terminals.get(terminal).copied()
    }

    /// Keeps `capabilities` for `terminal`, written whole to a new file then renamed over the
    /// old, so a reader never sees half of it.
    pub fn keep(&mut self, terminal: &str, capabilities: Capabilities) -> std::io::Result<()> {
        self.terminals.insert(terminal.to_string(), capabilities);
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let fresh = self.path.with_extension(format!("json.{}", std::process::id()));
        std::fs::write(&fresh, serde_json::to_vec_pretty(&self.terminals)?)?;
        std::fs::rename(&fresh, &self.path)
    }
}

#[cfg(test)]
#[path = "probe_tests.rs"]
mod tests;
