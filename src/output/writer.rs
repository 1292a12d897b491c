//! Writing a build's outputs while they render, all or nothing.
//!
//! Nothing in the output folder changes until every page has rendered and every file is
//! staged: new and changed files are written into a staging folder beside the output (on
//! the same file system), files whose bytes are already right are left alone. Then the
//! build commits: into a fresh folder the staging folder is moved into place in one
//! rename; into a previous build's folder a journal of the moves and deletions is written
//! first, so a commit that is killed halfway is finished by the next run. A failed,
//! interrupted or killed build before its commit leaves the folder exactly as it was.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::folder::{self, Ownership, Step};
use super::{Copy, WriteReport, stop_requested};
use crate::error::{Error, Result};
use crate::render::Output;
use crate::util::paths::join_path;

/// Writes a build's outputs as they render (see the module's header).
pub(crate) struct StreamingWriter {
    output: PathBuf,
    staging: PathBuf,
    /// What an earlier build wrote (`None`: a fresh folder, staged whole).
    written_before: Option<BTreeSet<String>>,
    /// Output folders already checked not to be links.
    checked: Mutex<HashSet<PathBuf>>,
    /// Order-independent fingerprint of the files as written (see `output::state`).
    fingerprint: AtomicU64,
}

/// What happened to one rendered output.
pub(crate) enum Accepted {
    /// Written into the staging folder, to be moved into place by the commit.
    Staged(String),
    /// The file in the output already had these bytes.
    Unchanged(String),
}

impl Accepted {
    fn path(&self) -> &str {
        match self {
            Accepted::Staged(path) | Accepted::Unchanged(path) => path,
        }
    }
}

impl StreamingWriter {
    /// Opens the output folder (`folder::open` has said whose it is).
    pub(crate) fn new(output: &Path, ownership: Ownership) -> Result<StreamingWriter> {
        let staging = folder::staging_dir(output);
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|err| Error::io(&staging, err))?;
        }
        Ok(StreamingWriter {
            output: output.to_path_buf(),
            staging,
            written_before: match ownership {
                Ownership::Fresh => None,
                Ownership::Owned { written } => Some(written),
            },
            checked: Mutex::new(HashSet::new()),
            fingerprint: AtomicU64::new(0),
        })
    }

    /// Whether the output folder was missing or empty (so no previous build is there to
    /// compare with or to clean up).
    pub(crate) fn is_fresh(&self) -> bool {
        self.written_before.is_none()
    }

    /// Takes one rendered output (called from many threads).
    pub(crate) fn accept(&self, output: Output) -> Result<Accepted> {
        self.take(output.path, &output.bytes)
    }

    fn take(&self, path: String, bytes: &[u8]) -> Result<Accepted> {
        if stop_requested() {
            return Err(Error::Interrupted);
        }
        if path.contains(['\n', '\t']) {
            return Err(Error::Refused(format!("cannot write an output file named {path:?}")));
        }
        if self.written_before.is_some() {
            let target = join_path(&self.output, &path);
            self.refuse_links_on_the_way(&path)?;
            let same = fs::symlink_metadata(&target)
                .ok()
                .filter(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
                .filter(|_| fs::read(&target).is_ok_and(|old| old == bytes));
            if let Some(meta) = same {
                self.stamp(&path, &meta);
                return Ok(Accepted::Unchanged(path));
            }
        }
        let staged = join_path(&self.staging, &path);
        let meta = write_new(&staged, bytes)?;
        if self.written_before.is_none() {
            // Moved with its folder: the file itself is not renamed, its stamp stays.
            self.stamp(&path, &meta);
        }
        Ok(Accepted::Staged(path))
    }

    /// Refuses to write through a link inside the output folder (`public/x → elsewhere`):
    /// a rename onto `public/x/page.html` would land outside the output.
    fn refuse_links_on_the_way(&self, rel: &str) -> Result<()> {
        let mut folder = self.output.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            folder.push(part);
            if self.checked.lock().is_ok_and(|checked| checked.contains(&folder)) {
                continue;
            }
            match fs::symlink_metadata(&folder) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let target = fs::read_link(&folder).unwrap_or_default();
                    return Err(Error::Refused(format!(
                        "the output folder holds a link {} → {}; folio does not write through links (it could write outside the output): remove the link",
                        folder.display(),
                        target.display()
                    )));
                }
                Ok(_) | Err(_) => {
                    if let Ok(mut checked) = self.checked.lock() {
                        checked.insert(folder.clone());
                    }
                }
            }
        }
        Ok(())
    }

    fn stamp(&self, rel: &str, meta: &fs::Metadata) {
        self.fingerprint.fetch_add(super::state::file_stamp(rel, meta), Ordering::Relaxed);
    }

    /// Undoes what a failed build staged; the output folder itself was never touched.
    pub(crate) fn rollback(&self) {
        let _ = fs::remove_dir_all(&self.staging);
    }

    /// After a successful render: stages the copied files, then commits. Also returns the
    /// fingerprint of every file of the output as written.
    pub(crate) fn finish(
        self,
        mut accepted: Vec<Accepted>,
        copies: &[Copy],
    ) -> Result<(WriteReport, u64)> {
        let copied: Vec<Result<Accepted>> = copies
            .par_iter()
            .map(|c| {
                let bytes = c.source.read().map_err(|err| {
                    Error::io(c.source.origin(Path::new(""), &c.output_path), err)
                })?;
                self.take(c.output_path.clone(), &bytes)
            })
            .collect();
        for result in copied {
            match result {
                Ok(done) => accepted.push(done),
                Err(err) => {
                    self.rollback();
                    return Err(err);
                }
            }
        }
        if stop_requested() {
            self.rollback();
            return Err(Error::Interrupted);
        }
        let result = self.commit(&accepted);
        if result.is_err() {
            self.rollback();
        }
        let report = result?;
        Ok((report, self.fingerprint.load(Ordering::Relaxed)))
    }

    fn commit(&self, accepted: &[Accepted]) -> Result<WriteReport> {
        let expected: BTreeSet<&str> = accepted.iter().map(Accepted::path).collect();
        let manifest = folder::manifest_text(expected.iter().copied());
        let mut report = WriteReport::default();
        for done in accepted {
            match done {
                Accepted::Staged(_) => report.written += 1,
                Accepted::Unchanged(_) => report.unchanged += 1,
            }
        }
        let Some(before) = &self.written_before else {
            fs::create_dir_all(&self.staging).map_err(|err| Error::io(&self.staging, err))?;
            fs::write(self.staging.join(folder::MANIFEST), manifest)
                .map_err(|err| Error::io(&self.staging, err))?;
            move_into_place(&self.staging, &self.output)?;
            return Ok(report);
        };
        let mut steps: Vec<Step> = accepted
            .iter()
            .filter_map(|done| match done {
                Accepted::Staged(path) => Some(Step::Move(path.clone())),
                Accepted::Unchanged(_) => None,
            })
            .collect();
        for stale in before.iter().filter(|path| !expected.contains(path.as_str())) {
            if fs::symlink_metadata(join_path(&self.output, stale)).is_ok() {
                report.removed += 1;
            }
            steps.push(Step::Delete(stale.clone()));
        }
        fs::create_dir_all(&self.output).map_err(|err| Error::io(&self.output, err))?;
        folder::write_journal(&self.output, &steps, &manifest)?;
        folder::run_journal(&self.output)?;
        // A rename changes a file's change time: moved files are stamped where they are now.
        for step in &steps {
            if let Step::Move(path) = step {
                let target = join_path(&self.output, path);
                let meta = fs::metadata(&target).map_err(|err| Error::io(&target, err))?;
                self.stamp(path, &meta);
            }
        }
        Ok(report)
    }
}

/// Moves a fresh build's staging folder to the output path: one rename when the output
/// is missing or an empty folder.
fn move_into_place(staging: &Path, output: &Path) -> Result<()> {
    if let Some(parent) = output.parent() {
        fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    }
    if fs::rename(staging, output).is_ok() {
        return Ok(());
    }
    // An empty folder that cannot be replaced (a mount point, or Windows): move the
    // staged entries into it one by one.
    fs::create_dir_all(output).map_err(|err| Error::io(output, err))?;
    for entry in fs::read_dir(staging).map_err(|err| Error::io(staging, err))? {
        let entry = entry.map_err(|err| Error::io(staging, err))?;
        let target = output.join(entry.file_name());
        fs::rename(entry.path(), &target).map_err(|err| Error::io(&target, err))?;
    }
    let _ = fs::remove_dir_all(staging);
    Ok(())
}

/// Writes a new file (one mkdir, usually of the page's own folder, and one write).
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
