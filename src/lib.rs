//! folio: fuzzy-find and read plain-text articles in the terminal.

pub mod store;
pub mod width;
