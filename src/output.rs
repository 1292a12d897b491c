//! Writing the built site: refuse dangerous output folders, then update the folder in
//! place, writing only files whose bytes changed and removing files the site no longer has.
//!
//! Updating in place (instead of writing a fresh tree and swapping it in) matters on ext4,
//! where allocating thousands of new inodes after a delete costs more than rendering.
//! Hidden entries at the top of the output (`.git`, `.nojekyll`) are left alone, so the
//! folder can be a git worktree for publishing.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::render::Output;
use crate::theme::Source;

/// A file copied into the output as-is.
#[derive(Debug, Clone)]
pub struct Copy {
    /// Output-relative path, `/`-separated.
    pub output_path: String,
    /// Where its bytes come from.
    pub source: Source,
}

/// What writing did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or changed.
    pub written: usize,
    /// Files left as they were because their bytes were already right.
    pub unchanged: usize,
    /// Stale files deleted.
    pub removed: usize,
}

/// Refuses output folders whose cleaning could delete the user's work.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
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
    for protected in ["content", "static", "templates", "themes", "i18n"] {
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

/// Makes `output` hold exactly `outputs` and `copies` (plus hidden top-level entries).
pub fn write(output: &Path, outputs: &[Output], copies: &[Copy]) -> Result<WriteReport> {
    fs::create_dir_all(output).map_err(|err| Error::io(output, err))?;
    let expected: HashSet<&str> = outputs
        .iter()
        .map(|o| o.path.as_str())
        .chain(copies.iter().map(|c| c.output_path.as_str()))
        .collect();
    let removed = remove_stale(output, &expected)?;

    let written_outputs: Vec<Result<bool>> =
        outputs.par_iter().map(|o| write_if_changed(&output.join(&o.path), &o.bytes)).collect();
    let written_copies: Vec<Result<bool>> = copies
        .par_iter()
        .map(|c| {
            let bytes = c.source.read().map_err(|err| Error::io(source_path(&c.source), err))?;
            write_if_changed(&output.join(&c.output_path), &bytes)
        })
        .collect();
    let mut report = WriteReport { removed, ..WriteReport::default() };
    for result in written_outputs.into_iter().chain(written_copies) {
        if result? {
            report.written += 1;
        } else {
            report.unchanged += 1;
        }
    }
    Ok(report)
}

fn source_path(source: &Source) -> PathBuf {
    match source {
        Source::Disk(path) => path.clone(),
        Source::Embedded(_) => PathBuf::from("(built-in theme)"),
    }
}

/// Writes `bytes` to `path` unless the file already holds exactly them; true if written.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta)
            if meta.is_file()
                && meta.len() == bytes.len() as u64
                && fs::read(path).map(|old| old == bytes).unwrap_or(false) =>
        {
            return Ok(false);
        }
        Ok(meta) if meta.is_dir() => {
            fs::remove_dir_all(path).map_err(|err| Error::io(path, err))?
        }
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::remove_file(path).map_err(|err| Error::io(path, err))?
        }
        _ => {}
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    }
    fs::write(path, bytes).map_err(|err| Error::io(path, err))?;
    Ok(true)
}

fn remove_stale(output: &Path, expected: &HashSet<&str>) -> Result<usize> {
    let mut removed = 0;
    let mut folders = Vec::new();
    let walker =
        walkdir::WalkDir::new(output).follow_links(false).min_depth(1).into_iter().filter_entry(
            |entry| !(entry.depth() == 1 && entry.file_name().to_string_lossy().starts_with('.')),
        );
    for entry in walker {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(output).to_owned();
            Error::io(path, err.into())
        })?;
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let rel =
            rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if entry.file_type().is_dir() {
            folders.push(entry.path().to_path_buf());
        } else if !expected.contains(rel.as_str()) {
            fs::remove_file(entry.path()).map_err(|err| Error::io(entry.path(), err))?;
            removed += 1;
        }
    }
    // Deepest first, so emptied parents go too; a folder still holding files stays.
    folders.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
    for folder in folders {
        let _ = fs::remove_dir(&folder);
    }
    Ok(removed)
}
