//! Importers: what a researcher already has (a `.bib` file, a JSON Resume) turned into
//! folio's content files.
//!
//! Owns reading foreign formats and writing new files under `content/`. Must not render or
//! build: an import only writes Markdown files that the next build reads like any other.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

pub mod bibtex;
pub mod resume;

/// What an import would write (site-relative path and text of each file), and the entries
/// that could not be imported.
pub type Planned = (Vec<(PathBuf, String)>, Vec<Diagnostic>);

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Files written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Files that existed and were left alone (no `--force`).
    pub skipped: Vec<PathBuf>,
    /// Entries that could not be imported.
    pub problems: Vec<Diagnostic>,
    /// Entries imported under another name than their own (two entries with one name).
    pub renamed: Vec<String>,
    /// Oddities that were read anyway (a macro no `@string` defines, a field twice).
    pub warnings: Vec<Diagnostic>,
    /// What went where: files to copy beside a paper, fields kept only in the stored entry.
    pub notes: Vec<String>,
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
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (rel, text) in plans {
            // Two entries with one file name (a key twice, one organisation and start
            // month twice): each gets a file, the later ones numbered.
            let rel = unique_name(rel, &mut taken);
            if let Some(first) = rel.1 {
                self.renamed.push(format!(
                    "{} was taken by an earlier entry of this import: this one is {}",
                    first.display(),
                    rel.0.display()
                ));
            }
            let rel = rel.0;
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

/// `rel`, or `rel` numbered (`name-2.md`, …) when an earlier plan of the same import took
/// it (compared without case: on macOS and Windows `A.md` and `a.md` are one file). The
/// second value is the name that was taken, when it was.
fn unique_name(
    rel: PathBuf,
    taken: &mut std::collections::HashSet<String>,
) -> (PathBuf, Option<PathBuf>) {
    let key = |path: &Path| path.to_string_lossy().to_lowercase();
    if taken.insert(key(&rel)) {
        return (rel, None);
    }
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    for n in 2.. {
        let candidate = rel.with_file_name(format!("{stem}-{n}.md"));
        if taken.insert(key(&candidate)) {
            return (candidate, Some(rel));
        }
    }
    unreachable!("some numbered name is free")
}

/// Checks `--section`: a folder inside `content/` (`papers`, `research/papers`).
pub(crate) fn check_section(section: &str) -> Result<()> {
    let path = Path::new(section);
    let inside = !section.is_empty()
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_)))
        && !section.contains('\\');
    if inside {
        Ok(())
    } else {
        Err(Error::Refused(format!(
            "--section {section:?} is not a folder inside content/: give a relative path such as papers or research/papers (no .., no leading /)"
        )))
    }
}
