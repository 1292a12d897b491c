//! Writing the built site: refuse dangerous output folders, then update the folder in
//! place, writing only files whose bytes changed and removing files the site no longer has.
//!
//! Updating in place (instead of writing a fresh tree and swapping it in) matters on ext4,
//! where allocating thousands of new inodes after a delete costs more than rendering.
//! Hidden entries at the top of the output (`.git`, `.nojekyll`) are left alone, so the
//! folder can be a git worktree for publishing.
//!
//! Owns the output folder: its safety checks, the streaming writer, the copy table,
//! minification and the build state. Must not render or read content.

pub(crate) mod copies;
pub(crate) mod minify;
pub(crate) mod state;

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::theme::Source;
use crate::error::{Error, Result};
use crate::render::Output;
use crate::util::paths::join_path;

/// A file copied into the output as-is.
#[derive(Debug, Clone)]
pub(crate) struct Copy {
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
pub(crate) fn check_output_dir(root: &Path, output: &Path) -> Result<()> {
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

/// Whether the output folder `root` is missing or holds nothing but hidden entries.
fn holds_nothing(root: &Path) -> bool {
    match fs::read_dir(root) {
        Ok(entries) => {
            entries.flatten().all(|entry| entry.file_name().to_string_lossy().starts_with('.'))
        }
        Err(_) => true,
    }
}

/// Writes a build's outputs while they are rendered, without giving up all-or-nothing.
///
/// Into an output folder that is missing or empty (ignoring hidden entries), each output
/// is written as soon as it is rendered, and a failed build deletes what it wrote. Into
/// a folder holding a previous build, an output whose bytes are already on disk is
/// dropped at once, and only changed outputs are held until every page has rendered.
/// Either way a large site never sits in memory twice, and a failed build leaves the
/// folder as it was.
pub(crate) struct StreamingWriter {
    root: PathBuf,
    existed: bool,
    fresh: bool,
    written: std::sync::Mutex<Vec<PathBuf>>,
    /// Order-independent fingerprint of the files as written (see build_state).
    fingerprint: std::sync::atomic::AtomicU64,
}

/// What happened to one rendered output.
pub(crate) enum Accepted {
    /// Written to disk already (fresh folder).
    Written(String),
    /// The file on disk already had these bytes.
    Unchanged(String),
    /// To be written when the build has succeeded.
    Held(Output),
}

impl Accepted {
    fn path(&self) -> &str {
        match self {
            Accepted::Written(path) | Accepted::Unchanged(path) => path,
            Accepted::Held(output) => &output.path,
        }
    }
}

impl StreamingWriter {
    /// Looks at the output folder as it is before the build.
    pub(crate) fn new(root: &Path) -> Result<StreamingWriter> {
        let existed = root.exists();
        let fresh = holds_nothing(root);
        Ok(StreamingWriter {
            root: root.to_path_buf(),
            existed,
            fresh,
            written: std::sync::Mutex::new(Vec::new()),
            fingerprint: std::sync::atomic::AtomicU64::new(0),
        })
    }

    /// Whether the output folder was missing or held nothing but hidden entries (so no
    /// previous build is there to compare with or to clean up).
    pub(crate) fn is_fresh(&self) -> bool {
        self.fresh
    }

    /// Takes one rendered output (called from many threads).
    pub(crate) fn accept(&self, output: Output) -> Result<Accepted> {
        let target = join_path(&self.root, &output.path);
        if self.fresh {
            let meta = write_new(&target, &output.bytes)?;
            self.stamp(&output.path, &meta);
            if let Ok(mut written) = self.written.lock() {
                written.push(target);
            }
            return Ok(Accepted::Written(output.path));
        }
        let existing = fs::symlink_metadata(&target)
            .ok()
            .filter(|meta| meta.is_file() && meta.len() == output.bytes.len() as u64);
        match existing {
            Some(meta) if fs::read(&target).map(|old| old == output.bytes).unwrap_or(false) => {
                self.stamp(&output.path, &meta);
                Ok(Accepted::Unchanged(output.path))
            }
            _ => Ok(Accepted::Held(output)),
        }
    }

    fn stamp(&self, rel: &str, meta: &fs::Metadata) {
        let stamp = crate::output::state::file_stamp(rel, meta);
        self.fingerprint.fetch_add(stamp, std::sync::atomic::Ordering::Relaxed);
    }

    /// Undoes what a failed build wrote, leaving the folder as it was.
    pub(crate) fn rollback(&self) {
        if !self.fresh {
            return;
        }
        let written = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        for file in &written {
            let _ = fs::remove_file(file);
        }
        if !self.existed {
            let _ = fs::remove_dir_all(&self.root);
            return;
        }
        let mut folders: Vec<PathBuf> = walkdir::WalkDir::new(&self.root)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path().to_path_buf())
            .collect();
        folders.sort_by_key(|folder| std::cmp::Reverse(folder.components().count()));
        for folder in folders {
            let _ = fs::remove_dir(folder);
        }
    }

    /// After a successful render: removes stale files, writes held outputs, copies files.
    /// Also returns the fingerprint of every file of the output as written.
    pub(crate) fn finish(
        self,
        accepted: Vec<Accepted>,
        copies: &[Copy],
    ) -> Result<(WriteReport, u64)> {
        fs::create_dir_all(&self.root).map_err(|err| Error::io(&self.root, err))?;
        // A folder that held nothing before the build has nothing stale in it.
        let removed = if self.fresh {
            0
        } else {
            let expected: HashSet<&str> = accepted
                .iter()
                .map(Accepted::path)
                .chain(copies.iter().map(|c| c.output_path.as_str()))
                .collect();
            remove_stale(&self.root, &expected)?
        };
        let mut report = WriteReport { removed, ..WriteReport::default() };
        let held: Vec<&Output> = accepted
            .iter()
            .filter_map(|a| match a {
                Accepted::Held(output) => Some(output),
                _ => None,
            })
            .collect();
        for accepted in &accepted {
            match accepted {
                Accepted::Written(_) => report.written += 1,
                Accepted::Unchanged(_) => report.unchanged += 1,
                Accepted::Held(_) => {}
            }
        }
        let results: Vec<Result<bool>> = held
            .par_iter()
            .map(|o| self.write_and_stamp(&o.path, &o.bytes))
            .chain(copies.par_iter().map(|c| {
                let bytes = c.source.read().map_err(|err| {
                    Error::io(c.source.origin(Path::new(""), &c.output_path), err)
                })?;
                self.write_and_stamp(&c.output_path, &bytes)
            }))
            .collect();
        for result in results {
            if result? {
                report.written += 1;
            } else {
                report.unchanged += 1;
            }
        }
        Ok((report, self.fingerprint.load(std::sync::atomic::Ordering::Relaxed)))
    }

    fn write_and_stamp(&self, rel: &str, bytes: &[u8]) -> Result<bool> {
        let path = join_path(&self.root, rel);
        let written = write_if_changed(&path, bytes)?;
        let meta = fs::metadata(&path).map_err(|err| Error::io(&path, err))?;
        self.stamp(rel, &meta);
        Ok(written)
    }
}

/// Writes a file into a folder that held nothing before this build (no comparison): one
/// mkdir (usually of the page's own folder) and one write.
fn write_new(path: &Path, bytes: &[u8]) -> Result<fs::Metadata> {
    if let Some(parent) = path.parent() {
        match fs::create_dir(parent) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(_) => fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?,
        }
    }
    let mut file = fs::File::create(path).map_err(|err| Error::io(path, err))?;
    std::io::Write::write_all(&mut file, bytes).map_err(|err| Error::io(path, err))?;
    file.metadata().map_err(|err| Error::io(path, err))
}

/// Writes `bytes` to `path` unless the file already holds exactly them; true if written.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
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
