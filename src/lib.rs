//! folio: fuzzy-find and read plain-text articles in the terminal.

pub mod app;
pub mod cli;
pub mod fuzzing;
pub mod generate;
pub mod keymap;
pub mod query;
pub mod reader;
pub mod search;
pub mod store;
pub mod tui;
pub mod ui;
pub mod width;
