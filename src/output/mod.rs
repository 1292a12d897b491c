//! Writing the built site: only into a folder that is folio's (`folder`), all or nothing
//! (`writer`): files whose bytes are already right are left alone, changed ones are staged
//! beside the output and moved into place once every page has rendered, and only files an
//! earlier build wrote (its manifest) are ever deleted. Hidden entries at the top of the
//! output (`.git`, `.nojekyll`) are left alone, so the folder can be a git worktree for
//! publishing.
//!
//! Owns the output folder: its safety checks, the streaming writer, the copy table,
//! minification and the build state. Must not render or read content.

pub(crate) mod copies;
pub(crate) mod folder;
pub(crate) mod minify;
pub(crate) mod state;
mod writer;

pub(crate) use writer::{Accepted, StreamingWriter};

use std::sync::atomic::{AtomicBool, Ordering};

use crate::config::theme::Source;

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

static STOP: AtomicBool = AtomicBool::new(false);

/// Asks a build in progress to stop (from a SIGINT/SIGTERM handler): it stops before it
/// commits and leaves the output folder as it was, or, once its commit has begun,
/// finishes the commit first. The build then fails with [`crate::Error::Interrupted`].
pub fn request_stop() {
    STOP.store(true, Ordering::SeqCst);
}

fn stop_requested() -> bool {
    STOP.load(Ordering::Relaxed)
}
