//! Whose folder the output is: the safety checks, the manifest of the files folio wrote,
//! and finishing (or undoing) a build that was killed.
//!
//! folio writes only into a folder that is missing, empty (hidden entries aside), or holds
//! the manifest of an earlier build (`.folio-manifest`). Any other folder is refused unless
//! `--force` takes it over, and then nothing that was in it is deleted: stale-file removal
//! only ever deletes files the manifest says folio wrote.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::util::paths::join_path;

/// The list of files folio wrote, at the top of the output folder.
pub(crate) const MANIFEST: &str = ".folio-manifest";
/// A commit in progress: the renames and deletions that turn the old output into the new.
pub(crate) const JOURNAL: &str = ".folio-commit";
const MANIFEST_HEADER: &str = "# folio output manifest v1: files folio wrote (do not edit)";

/// The folder next to the output where a build stages its files (same file system, so a
/// staged file is renamed into place, never copied).
pub(crate) fn staging_dir(output: &Path) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    output.with_file_name(format!(".{name}.folio-staging"))
}

/// What the output folder is before a build.
#[derive(Debug)]
pub(crate) enum Ownership {
    /// Missing or empty: the build is staged whole and moved into place.
    Fresh,
    /// Holds an earlier build's manifest (or only hidden entries): the build stages the
    /// files that change and commits them; `written` is what folio wrote before.
    Owned { written: BTreeSet<String> },
}

/// Refuses output folders whose cleaning could delete the user's work, finishes a killed
/// build's commit, and says whose folder it is.
pub(crate) fn open(root: &Path, output: &Path, force: bool) -> Result<Ownership> {
    check_place(root, output)?;
    recover(output)?;
    let entries: Vec<String> = match fs::read_dir(output) {
        Ok(entries) => {
            entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Ownership::Fresh),
        Err(err) => return Err(Error::io(output, err)),
    };
    if entries.is_empty() {
        return Ok(Ownership::Fresh);
    }
    if let Some(written) = read_manifest(output)? {
        return Ok(Ownership::Owned { written });
    }
    let visible: Vec<&String> = entries.iter().filter(|name| !name.starts_with('.')).collect();
    if visible.is_empty() || force {
        return Ok(Ownership::Owned { written: BTreeSet::new() });
    }
    if super::state::recorded(root, output) {
        // Built by a folio from before manifests: what is there is what it wrote.
        return Ok(Ownership::Owned { written: files_in(output) });
    }
    let shown: Vec<&str> = visible.iter().take(3).map(|s| s.as_str()).collect();
    Err(Error::Refused(format!(
        "refusing to write the site into {}: it holds files folio did not write ({}{}) and no {MANIFEST} of an earlier build; \
         choose an empty or new --output folder, or pass --force to write into it (folio then keeps every file already there and never deletes one it did not write)",
        output.display(),
        shown.join(", "),
        if visible.len() > 3 { ", …" } else { "" },
    )))
}

fn check_place(root: &Path, output: &Path) -> Result<()> {
    let root = fs::canonicalize(root).map_err(|err| Error::io(root, err))?;
    let output = canonical_even_if_missing(output);
    let refuse = |why: &str| {
        Err(Error::Refused(format!(
            "refusing to write the site into {}: {why}; choose another --output folder (the default is public/)",
            output.display()
        )))
    };
    if output == root {
        return refuse("it is the site's own folder");
    }
    if root.starts_with(&output) {
        return refuse("it contains the site's folder");
    }
    for protected in ["content", "static", "templates", "themes", "i18n", ".git", crate::CACHE_DIR]
    {
        if output.starts_with(root.join(protected)) {
            return refuse(&format!("it is inside the site's {protected}/ folder"));
        }
    }
    if output.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it holds a site.toml, so it looks like another site's folder");
    }
    Ok(())
}

fn canonical_even_if_missing(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|dir| dir.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    // Resolve the longest existing ancestor, then append the rest lexically.
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    let mut normal = PathBuf::new();
    for component in resolved.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// Every file of the output folder (hidden top-level entries and links' targets aside), as
/// output paths.
fn files_in(output: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(output)
        .follow_links(false)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !(e.depth() == 1 && e.file_name().to_string_lossy().starts_with('.')))
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(output).ok()?;
            Some(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/"),
            )
        })
        .collect()
}

/// The files an earlier build wrote, if the folder has a manifest.
pub(crate) fn read_manifest(output: &Path) -> Result<Option<BTreeSet<String>>> {
    let path = output.join(MANIFEST);
    match fs::read_to_string(&path) {
        Ok(text) => Ok(Some(
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(String::from)
                .collect(),
        )),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(Error::io(path, err)),
    }
}

/// The manifest's text for `files`.
pub(crate) fn manifest_text<'a>(files: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// Writes `text` to `path` by way of a temporary file and a rename, so a reader (or a
/// killed build) sees the old file or the new one, never half of one.
pub(crate) fn replace_file(path: &Path, text: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!("{name}.folio-tmp"));
    let mut file = fs::File::create(&temp).map_err(|err| Error::io(&temp, err))?;
    file.write_all(text).map_err(|err| Error::io(&temp, err))?;
    drop(file);
    fs::rename(&temp, path).map_err(|err| Error::io(path, err))
}

/// One step of a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// Move a staged file (path inside the staging folder) to its output path.
    Move(String),
    /// Delete a stale file folio wrote before.
    Delete(String),
}

/// Writes the journal of a commit: once it exists, the commit is finished even if the
/// process dies (the next build runs it again: every step can be repeated).
pub(crate) fn write_journal(output: &Path, steps: &[Step], manifest: &str) -> Result<()> {
    let mut text = String::new();
    for step in steps {
        let (kind, path) = match step {
            Step::Move(path) => ("M\t", path),
            Step::Delete(path) => ("D\t", path),
        };
        text.push_str(kind);
        text.push_str(path);
        text.push('\n');
    }
    text.push_str("=\n");
    text.push_str(manifest);
    replace_file(&output.join(JOURNAL), text.as_bytes())
}

/// Runs a journal's steps: moves staged files into place, deletes stale files (never
/// through a link), writes the new manifest, then removes the journal and the staging
/// folder. Every step can be run twice, so a commit killed halfway is finished by the
/// next run.
pub(crate) fn run_journal(output: &Path) -> Result<()> {
    let journal = output.join(JOURNAL);
    let text = fs::read_to_string(&journal).map_err(|err| Error::io(&journal, err))?;
    let (steps, manifest) = text.split_once("=\n").unwrap_or((&text, ""));
    let staging = staging_dir(output);
    let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
    for line in steps.lines() {
        let Some((kind, rel)) = line.split_once('\t') else { continue };
        let target = join_path(output, rel);
        match kind {
            "M" => {
                let staged = join_path(&staging, rel);
                if !staged.exists() {
                    continue; // moved before the process died
                }
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
                }
                if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
                    fs::remove_dir_all(&target).map_err(|err| Error::io(&target, err))?;
                }
                fs::rename(&staged, &target).map_err(|err| Error::io(&target, err))?;
            }
            "D" => {
                match fs::symlink_metadata(&target) {
                    // A file or a link (the link itself, never what it points to).
                    Ok(meta) if !meta.is_dir() => {
                        fs::remove_file(&target).map_err(|err| Error::io(&target, err))?
                    }
                    _ => {}
                }
                if let Some(parent) = target.parent() {
                    emptied.insert(parent.to_path_buf());
                }
            }
            _ => {}
        }
    }
    // Folders emptied by deletions go too, deepest first; one still holding files stays.
    let mut folders: Vec<PathBuf> = emptied.into_iter().collect();
    folders.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    for mut folder in folders {
        while folder.starts_with(output) && folder != output && fs::remove_dir(&folder).is_ok() {
            folder.pop();
        }
    }
    replace_file(&output.join(MANIFEST), manifest.as_bytes())?;
    fs::remove_file(&journal).map_err(|err| Error::io(&journal, err))?;
    let _ = fs::remove_dir_all(&staging);
    Ok(())
}

/// Finishes what a killed build left: a commit with a journal is run to its end; a build
/// killed before its commit left only its staging folder, which is removed.
fn recover(output: &Path) -> Result<()> {
    if output.join(JOURNAL).exists() {
        run_journal(output)?;
    }
    let staging = staging_dir(output);
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|err| Error::io(&staging, err))?;
    }
    Ok(())
}
