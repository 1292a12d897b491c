//! Watching the site's files: raw notify events, reads filtered out, bursts coalesced.
//!
//! folio reads every file it watches on each rebuild, and inotify reports those reads
//! (opens). The debouncer crates report "something happened to this path" without the
//! kind, which turns every rebuild into the cause of the next one; so events are taken
//! from notify directly, reads dropped, and writes that arrive within [`QUIET`] of each
//! other merged into one batch: a save is one rebuild, and so is a `git checkout`.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::{Error, Result};

/// How long the file system must stay quiet before a batch is handed over.
pub(crate) const QUIET: Duration = Duration::from_millis(5);

/// The longest a burst is collected before a rebuild starts anyway.
const MAX_BATCH: Duration = Duration::from_secs(2);

/// The folders under the site root that folio reads.
const FOLDERS: [&str; 5] = ["content", "static", "templates", "themes", "i18n"];

/// A watcher over the files of one site.
pub(crate) struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watch {
    /// Watches `root` (not recursively, for site.toml and new folders) and the folders
    /// folio reads (recursively); never the output folder or anything else.
    pub(crate) fn new(root: &Path) -> Result<Watch> {
        let (sender, events) = channel();
        let watcher = notify::recommended_watcher(sender)
            .map_err(|err| Error::Refused(format!("cannot watch files: {err}")))?;
        let mut watch = Watch { watcher, events, root: root.to_path_buf(), watched: Vec::new() };
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|err| Error::Refused(format!("cannot watch {}: {err}", root.display())))?;
        watch.watch_folders();
        Ok(watch)
    }

    fn watch_folders(&mut self) {
        for folder in FOLDERS {
            let path = self.root.join(folder);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(path);
            }
        }
        self.watched.retain(|path| path.is_dir());
    }

    /// Blocks until files change, then returns every changed path of the burst.
    /// `None` when the watcher has stopped.
    pub(crate) fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        let mut paths: Vec<PathBuf> = Vec::new();
        while paths.is_empty() {
            let event = self.events.recv().ok()?;
            collect(event, &mut paths);
        }
        let started = Instant::now();
        while started.elapsed() < MAX_BATCH {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => collect(event, &mut paths),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        // Folders created after the start (templates/, static/, ...) need a watch of their own.
        if paths.iter().any(|p| p.parent() == Some(self.root.as_path())) {
            self.watch_folders();
        }
        paths.sort();
        paths.dedup();
        Some(paths)
    }
}

fn collect(event: notify::Result<Event>, paths: &mut Vec<PathBuf>) {
    if let Ok(event) = event {
        if is_change(&event.kind) {
            paths.extend(event.paths);
        }
    }
}

/// Whether an event kind can mean different file contents (reads cannot).
pub(crate) fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Name(RenameMode::Both))));
        assert!(is_change(&EventKind::Remove(RemoveKind::Folder)));
    }

    #[test]
    fn a_write_is_reported_and_reading_is_not() {
        let dir = tempfile::tempdir().expect("temp");
        std::fs::create_dir(dir.path().join("content")).expect("mkdir");
        std::fs::write(dir.path().join("content/a.md"), "a").expect("write");
        let mut watch = Watch::new(dir.path()).expect("watch");
        std::fs::read(dir.path().join("content/a.md")).expect("read");
        std::fs::write(dir.path().join("content/a.md"), "b").expect("write");
        let batch = watch.next_batch().expect("batch");
        assert_eq!(batch, vec![dir.path().join("content/a.md")]);
        // Reading only: nothing arrives.
        std::fs::read(dir.path().join("content/a.md")).expect("read");
        std::thread::sleep(QUIET * 4);
        let mut quiet = Vec::new();
        while let Ok(event) = watch.events.try_recv() {
            collect(event, &mut quiet);
        }
        assert!(quiet.is_empty(), "{quiet:?}");
    }
}
