//! Skipping a build whose inputs and output are exactly as the last build left them.
//!
//! After a successful build, a small state file in `<root>/.folio-cache/` records a
//! fingerprint of every input (path and stamp, `util::paths::file_stamp`, of site.toml, content/,
//! static/, templates/, i18n/ and themes/, plus the folio binary and the build options)
//! and of every output file. A build that finds both fingerprints unchanged has nothing
//! to do and returns at once; any difference (one byte of one file, a deleted output
//! page, another folio) means a full build.
//!
//! The input fingerprint is taken before the build reads anything, except into an output
//! folder with nothing in it (which no build can skip): there it is taken on another thread
//! while the build reads, and kept only if every input is older than the build by a margin.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::BuildOptions;

pub use crate::util::paths::CACHE_DIR;

/// What a build leaves for the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct State {
    inputs: u64,
    outputs: u64,
    /// Pages per language of that build.
    pub pages_by_language: BTreeMap<String, usize>,
    /// Item pages per kind of that build.
    pub pages_by_kind: BTreeMap<String, usize>,
    /// Files in its output.
    pub files: usize,
}

impl State {
    /// A state for a build's figures (fingerprints are filled in by [`record`]).
    pub(crate) fn new(
        pages_by_language: BTreeMap<String, usize>,
        pages_by_kind: BTreeMap<String, usize>,
        files: usize,
    ) -> State {
        State { inputs: 0, outputs: 0, pages_by_language, pages_by_kind, files }
    }
}

fn state_path(options: &BuildOptions, output: &Path) -> PathBuf {
    state_path_in(&options.root, output)
}

fn state_path_in(root: &Path, output: &Path) -> PathBuf {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf()).hash(&mut hasher);
    root.join(CACHE_DIR).join(format!("build-{:016x}.json", hasher.finish()))
}

/// Whether the site at `root` recorded a successful build into `output` (a folder built
/// before folio kept a manifest in it).
pub(crate) fn recorded(root: &Path, output: &Path) -> bool {
    state_path_in(root, output).is_file()
}

/// The state of the last build into `output`, if its inputs (fingerprinted as `inputs`)
/// and its output are unchanged.
pub(crate) fn unchanged(
    options: &BuildOptions,
    output: &Path,
    inputs: Option<u64>,
) -> Option<State> {
    let text = std::fs::read_to_string(state_path(options, output)).ok()?;
    let state: State = serde_json::from_str(&text).ok()?;
    (state.inputs == inputs? && state.outputs == outputs_fingerprint(output)?).then_some(state)
}

/// Records a successful build (failures to write the cache are ignored: it is only a cache).
///
/// `inputs` is the fingerprint taken before the build read anything, or of inputs all older
/// than the build (so an edit made during the build makes the next build run), `outputs` the
/// one of the files written.
pub(crate) fn record(
    options: &BuildOptions,
    output: &Path,
    inputs: Option<u64>,
    outputs: u64,
    mut state: State,
) {
    let Some(inputs) = inputs else { return };
    state.inputs = inputs;
    state.outputs = outputs;
    let path = state_path(options, output);
    if let (Some(parent), Ok(json)) = (path.parent(), serde_json::to_string(&state)) {
        let _ = std::fs::create_dir_all(parent);
        let _ = std::fs::write(&path, json);
    }
}

/// One file's share of a fingerprint. Fingerprints are (wrapping) sums of these, so the
/// order in which files are written or walked does not matter.
pub(crate) fn file_stamp(rel: &str, meta: &std::fs::Metadata) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    rel.hash(&mut hasher);
    crate::util::paths::file_stamp(meta).hash(&mut hasher);
    hasher.finish()
}

/// The `/`-separated path of `path` inside `root`.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The files under `folder` (following links like the build does), minus hidden
/// top-level entries when `skip_hidden` is set.
fn files(folder: &Path, follow_links: bool, skip_hidden: bool) -> Option<Vec<PathBuf>> {
    if !folder.exists() {
        return Some(Vec::new());
    }
    // Following links costs a stat per entry; only a tree that has links needs it.
    let (files, has_links) = walk(folder, false, skip_hidden)?;
    if follow_links && has_links {
        return walk(folder, true, skip_hidden).map(|(files, _)| files);
    }
    Some(files)
}

fn walk(folder: &Path, follow_links: bool, skip_hidden: bool) -> Option<(Vec<PathBuf>, bool)> {
    let walker = walkdir::WalkDir::new(folder)
        .follow_links(follow_links)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            !(skip_hidden && e.depth() == 1 && e.file_name().to_string_lossy().starts_with('.'))
        });
    let mut files = Vec::new();
    let mut has_links = false;
    for entry in walker {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        } else if entry.file_type().is_symlink() {
            has_links = true;
        }
    }
    Some((files, has_links))
}

/// Sums the stamps of `paths` (stat in parallel); `None` if one cannot be read. Also the
/// latest modification time among them.
fn sum_stamps(root: &Path, paths: &[PathBuf]) -> Option<(u64, SystemTime)> {
    let stamps: Option<Vec<(u64, SystemTime)>> = paths
        .par_iter()
        .map(|path| {
            let meta = std::fs::metadata(path).ok()?;
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            Some((file_stamp(&relative(root, path), &meta), modified))
        })
        .collect();
    Some(stamps?.into_iter().fold((0u64, SystemTime::UNIX_EPOCH), |(sum, latest), (stamp, at)| {
        (sum.wrapping_add(stamp), latest.max(at))
    }))
}

/// Inputs fingerprinted while the build reads them (see [`inputs_fingerprint`]).
pub(crate) struct Concurrent(std::thread::JoinHandle<Option<(u64, SystemTime)>>);

impl Concurrent {
    /// Starts fingerprinting the inputs on another thread.
    pub(crate) fn start(options: &BuildOptions) -> Concurrent {
        let options = options.clone();
        Concurrent(std::thread::spawn(move || inputs_fingerprint_at(&options)))
    }

    /// The fingerprint, if no input was modified since shortly before `started`: the files
    /// were stamped while the build read them, so a file edited during the build could be
    /// stamped after it was read, and recording that would skip the next build wrongly.
    pub(crate) fn finish(self, started: SystemTime) -> Option<u64> {
        // File times come from a coarse clock (whole seconds on some file systems).
        let safe_before = started.checked_sub(std::time::Duration::from_secs(2))?;
        let (inputs, latest) = self.0.join().ok()??;
        (latest < safe_before).then_some(inputs)
    }
}

/// Everything a build reads, by size and modification time; `None` if something cannot
/// be read (then the build runs and reports it).
pub(crate) fn inputs_fingerprint(options: &BuildOptions) -> Option<u64> {
    inputs_fingerprint_at(options).map(|(inputs, _)| inputs)
}

fn inputs_fingerprint_at(options: &BuildOptions) -> Option<(u64, SystemTime)> {
    let root = &options.root;
    let mut paths = vec![root.join(crate::config::CONFIG_FILE)];
    for folder in ["content", "static", "templates", "i18n", "themes"] {
        paths.extend(files(&root.join(folder), true, false)?);
    }
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    (&options.base_url, options.drafts, options.minify).hash(&mut hasher);
    if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
        file_stamp("folio", &meta).hash(&mut hasher);
    }
    let (sum, latest) = sum_stamps(root, &paths)?;
    (paths.len(), sum).hash(&mut hasher);
    Some((hasher.finish(), latest))
}

/// Every file of the output (hidden top-level entries aside), as [`file_stamp`] sums them.
fn outputs_fingerprint(output: &Path) -> Option<u64> {
    if !output.is_dir() {
        return None;
    }
    sum_stamps(output, &files(output, false, true)?).map(|(sum, _)| sum)
}
