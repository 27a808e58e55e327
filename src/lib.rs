//! folio: fuzzy-find and read articles (text, Markdown, saved pages, books, feeds, mail) in the terminal.

pub mod action;
pub mod app;
pub mod bidi;
pub mod cli;
pub mod config;
pub mod document;
pub mod draw;
pub mod fold;
pub mod fulltext;
pub mod highlight;
pub mod keymap;
pub mod language;
pub mod notes;
pub mod outside;
pub mod page;
pub mod panes;
pub mod pictures;
pub mod probe;
pub mod query;
pub mod screen;
pub mod search;
pub mod segment;
pub mod spans;
pub mod state;
pub mod store;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod width;
pub mod worker;
pub mod wrap;

// Test scaffolding: compiled for tests, benches and fuzz/ (feature `testing`), never into the
// folio binary.
#[cfg(any(test, feature = "testing"))]
pub mod fuzzing;
#[cfg(any(test, feature = "testing"))]
pub mod generate;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
