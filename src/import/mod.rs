//! Importers: what a researcher already has (a `.bib` file, a JSON Resume) turned into
//! folio's content files.
//!
//! Owns reading foreign formats and writing new files under `content/`. Must not render or
//! build: an import only writes Markdown files that the next build reads like any other.

use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

pub mod bibtex;
mod existing;
pub mod identifiers;
pub mod resume;

/// What an import would write (site-relative path and text of each file), and the entries
/// that could not be imported.
pub type Planned = (Vec<(PathBuf, String)>, Vec<Diagnostic>);

/// How an import treats what is already in `content/`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Rewrite the files of papers (and jobs, …) that are already there, when the user has
    /// not edited them since an earlier import wrote them.
    pub update: bool,
    /// Rewrite them even when the user has.
    pub force: bool,
    /// Write nothing: only say what would be written.
    pub dry_run: bool,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    /// New files written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Files of earlier imports rewritten with what the source says now.
    pub updated: Vec<PathBuf>,
    /// Files that already say what the source says.
    pub unchanged: Vec<PathBuf>,
    /// Files that exist and were left alone, and why.
    pub skipped: Vec<(PathBuf, String)>,
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
    /// Writes the planned files (site-relative path, text) as `mode` says, and records
    /// what became of each. A planned file whose paper (or job, …) is already in its folder,
    /// under any name, is that file's update, never a second copy.
    pub(crate) fn write(
        &mut self,
        root: &Path,
        plans: Vec<(PathBuf, String)>,
        mode: Mode,
    ) -> Result<(), Error> {
        let folders: Vec<PathBuf> =
            plans.iter().filter_map(|(rel, _)| rel.parent().map(Path::to_path_buf)).collect();
        let found = existing::scan(root, &folders);
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut claimed: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
        for (rel, text) in plans {
            // Two entries with one file name (a key twice, one organisation and start
            // month twice): each gets a file, the later ones numbered.
            let (rel, first) = unique_name(rel, &mut taken);
            let renamed = first.is_some();
            if let Some(first) = first {
                self.renamed.push(format!(
                    "{} was taken by an earlier entry of this import: this one is {}",
                    first.display(),
                    rel.display()
                ));
            }
            let identity = existing::Identity::of(&rel, &text);
            let folder = rel.parent().map(Path::to_path_buf).unwrap_or_default();
            // The file of the same name first, then any file of the same paper.
            let same = found.get(&folder).and_then(|files| {
                let free = || files.iter().filter(|file| !claimed.contains(&file.rel));
                if renamed {
                    return free().find(|file| file.rel == rel);
                }
                free()
                    .find(|file| file.rel == rel && file.identity.same(&identity))
                    .or_else(|| free().find(|file| file.identity.same(&identity)))
            });
            let text = existing::stamped(&text);
            let target = match same {
                None => {
                    if root.join(&rel).exists() && !mode.force {
                        self.skipped
                            .push((rel, "it exists and is not a page folio can read".into()));
                        continue;
                    }
                    self.written.push(rel.clone());
                    rel
                }
                Some(file) => {
                    claimed.insert(file.rel.clone());
                    if file.rel != rel {
                        self.notes.push(format!(
                            "{} is already in the site as {}{}",
                            rel.display(),
                            file.rel.display(),
                            if file.rel.to_string_lossy().to_lowercase()
                                == rel.to_string_lossy().to_lowercase()
                            {
                                " (the names differ only in case: one paper)"
                            } else {
                                ""
                            }
                        ));
                    }
                    if file.text == text {
                        self.unchanged.push(file.rel.clone());
                        continue;
                    }
                    if !mode.update && !mode.force {
                        self.skipped.push((
                            file.rel.clone(),
                            "it is already there; --update refreshes it".into(),
                        ));
                        continue;
                    }
                    if file.edited && !mode.force {
                        let why = if file.imported {
                            "you edited it since it was imported; --force overwrites it"
                        } else {
                            "no import wrote it (you or folio init did); --force overwrites it"
                        };
                        self.skipped.push((file.rel.clone(), why.into()));
                        continue;
                    }
                    self.updated.push(file.rel.clone());
                    file.rel.clone()
                }
            };
            if mode.dry_run {
                continue;
            }
            let path = root.join(&target);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
            }
            std::fs::write(&path, text).map_err(|err| Error::io(&path, err))?;
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

/// Plain text as Markdown that shows it as it is: a résumé's strings are not Markdown, so
/// `*`, `_`, `<`, `$` or quotes in them must not turn into emphasis, HTML, math or curly
/// quotes, and a line must not start a list or a heading.
pub(crate) fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.lines() {
        if !out.is_empty() {
            out.push('\n');
        }
        let body = line.trim_start();
        out.push_str(&line[..line.len() - body.len()]);
        let digits = body.chars().take_while(char::is_ascii_digit).count();
        for (at, c) in body.char_indices() {
            let starts_block = at == 0 && matches!(c, '#' | '-' | '+' | '=')
                || (at == digits && digits > 0 && matches!(c, '.' | ')'));
            if starts_block || "\\`*_[]<>'\"$~|&!".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
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
