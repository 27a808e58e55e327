//! The roots a command line names: which open (each once), and the files of a list given on stdin.

use super::files::{ReadError, Source, Warning, id_of};
use std::fmt;
use std::fs;
use std::path::PathBuf;

/// A store root that cannot be opened at all.
#[derive(Debug)]
pub struct LoadError(pub ReadError);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot open '{}': {}", self.0.path, self.0.reason)
    }
}

impl std::error::Error for LoadError {}

/// The roots that can be opened, each once however often given (by canonical path), and a
/// warning for each that cannot; an error, before any work starts, when none can.
pub fn open_roots(roots: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Warning>), LoadError> {
    let (mut open, mut seen, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    let mut first_error = None;
    for root in roots {
        match fs::metadata(root) {
            Ok(_) => {
                let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.clone());
                if !seen.contains(&canonical) {
                    seen.push(canonical);
                    open.push(root.clone());
                }
            }
            Err(e) => {
                let error = ReadError::new(root, e);
                missing.push(Warning::from(error.clone()));
                first_error.get_or_insert(error);
            }
        }
    }
    match first_error {
        Some(error) if open.is_empty() => Err(LoadError(error)),
        _ => Ok((open, missing)),
    }
}

/// The files of a list as sources, in the order given; one that is not a file is a warning.
pub fn listed(listing: &super::catalog::Listing) -> (Vec<Source>, Vec<Warning>) {
    let (mut sources, mut warnings) = (Vec::new(), Vec::new());
    for relative in &listing.files {
        let path = listing.root.join(relative);
        match fs::metadata(&path) {
            Ok(meta) if meta.is_file() => sources.push(Source {
                id: id_of(relative, super::kind::in_maildir(&path)),
                relative: relative.clone(),
                path,
            }),
            Ok(_) => warnings.push(Warning::from_path(&path, "not a file")),
            Err(e) => warnings.push(Warning::from_path(&path, e)),
        }
    }
    // In the order given (`ls -t | folio -` lists newest first), each file once.
    let mut seen = std::collections::HashSet::new();
    sources.retain(|source| seen.insert(source.relative.clone()));
    (sources, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_root_is_an_error_naming_it_unless_others_open() {
        let missing = PathBuf::from("/no/such/folio-dir");
        let err = open_roots(std::slice::from_ref(&missing)).unwrap_err();
        assert!(err.to_string().starts_with("cannot open '/no/such/folio-dir': "), "{err}");
        let dir = crate::store::ScratchDir::new("roots");
        let again = dir.join(".").join("");
        let (open, warnings) = open_roots(&[dir.to_path_buf(), missing, again]).unwrap();
        assert_eq!(open, [dir.to_path_buf()], "the root given twice is opened once");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().contains("/no/such/folio-dir"), "{}", warnings[0]);
    }
}
