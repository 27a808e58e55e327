//! What the user may change: keys, looks, reading width and wrapping, as one value the app carries.

mod file;
pub mod keys;

pub use file::{ConfigError, WIDTHS, config_path, default_file};

use crate::keymap::Keymap;
use crate::theme::{Theme, ThemeName};
use serde::Deserialize;

/// How the reader fills its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Wrap {
    /// Balanced line lengths (textwrap's optimal fit), as in print.
    #[default]
    Optimal,
    /// As many words as fit, line after line (first fit).
    Fast,
}

/// Everything configurable. `Default` is the built-in keys with the mono look (what tests
/// draw); a run starts from [`Config::default_for_terminal`] and the config file.
#[derive(Debug, Clone)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Wheel scrolling and click-to-select (the terminal's own selection then needs Shift).
    pub mouse: bool,
    /// folio puts right-to-left text in display order itself; off for terminals that reorder
    /// (VTE, Konsole, mlterm), which would otherwise reorder it twice.
    pub bidi: bool,
    /// The widest the reading column gets, in columns.
    pub width: u16,
    pub wrap: Wrap,
    /// Whether an article's closing boilerplate is set apart as a trailer.
    pub trailer: bool,
    /// The folders (or files) opened when no PATH is given.
    pub store: Vec<std::path::PathBuf>,
    /// Web links written as OSC 8 hyperlinks, clickable where the terminal supports them.
    /// Off in `Default` (what tests draw: cells of plain text).
    pub hyperlinks: bool,
    /// How the terminal's width rules are chosen: asked of it, or forced.
    pub widths: crate::probe::Widths,
    /// Pictures of HTML, EPUB and Markdown articles drawn in the text (where the terminal can,
    /// in halfblocks elsewhere); off, each shows as its `[image: …]` caption alone.
    pub images: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keymap: Keymap::default(),
            theme: Theme::default(),
            mouse: false,
            bidi: true,
            width: crate::panes::MAX_TEXT_WIDTH,
            wrap: Wrap::Optimal,
            trailer: true,
            store: Vec::new(),
            hyperlinks: false,
            widths: crate::probe::Widths::Auto,
            images: true,
        }
    }
}

impl Config {
    /// The defaults with the default theme as this terminal can show it.
    pub fn default_for_terminal() -> Self {
        // The Linux console and dumb terminals take an OSC for a palette change or print it.
        let plain = std::env::var("TERM").is_ok_and(|t| t == "linux" || t == "dumb");
        Config { theme: Theme::for_terminal(ThemeName::Default), hyperlinks: !plain, ..Config::default() }
    }
}

#[cfg(test)]
mod tests;
