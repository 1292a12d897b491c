//! Importers: what a researcher already has (a `.bib` file, a JSON Resume) turned into
//! folio's content files.
//!
//! Owns reading foreign formats and writing new files under `content/`. Must not render or
//! build: an import only writes Markdown files that the next build reads like any other.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

pub mod bibtex;
pub mod resume;

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Files written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Files that existed and were left alone (no `--force`).
    pub skipped: Vec<PathBuf>,
    /// Entries that could not be imported.
    pub problems: Vec<Diagnostic>,
}

impl Imported {
    /// Writes the planned files (site-relative path, text), skipping existing ones unless
    /// `force`, and records which were written and which skipped.
    pub(crate) fn write(
        &mut self,
        root: &Path,
        plans: Vec<(PathBuf, String)>,
        force: bool,
    ) -> Result<(), Error> {
        for (rel, text) in plans {
            let path = root.join(&rel);
            if path.exists() && !force {
                self.skipped.push(rel);
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
            }
            std::fs::write(&path, text).map_err(|err| Error::io(&path, err))?;
            self.written.push(rel);
        }
        Ok(())
    }
}
