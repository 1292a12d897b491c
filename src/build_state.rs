//! Skipping a build whose inputs and output are exactly as the last build left them.
//!
//! After a successful build, a small state file in `<root>/.folio-cache/` records a
//! fingerprint of every input (path, size and modification time of site.toml, content/,
//! static/, templates/, i18n/ and the theme folder, plus the folio binary and the build
//! options) and of every output file. A build that finds both fingerprints unchanged has
//! nothing to do and returns at once; any difference (one byte of one file, a deleted
//! output page, another folio) means a full build.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::build::BuildOptions;

/// The folder under the site root where folio keeps caches (gitignored by `folio init`).
pub const CACHE_DIR: &str = ".folio-cache";

/// What a build leaves for the next one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    inputs: u64,
    outputs: u64,
    /// Pages per language of that build.
    pub pages_by_language: BTreeMap<String, usize>,
    /// Item pages per kind of that build.
    pub pages_by_kind: BTreeMap<String, usize>,
    /// Files in its output.
    pub files: usize,
}

fn state_path(options: &BuildOptions, output: &Path) -> PathBuf {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::fs::canonicalize(output).unwrap_or_else(|_| output.to_path_buf()).hash(&mut hasher);
    options.root.join(CACHE_DIR).join(format!("build-{:016x}.json", hasher.finish()))
}

/// The state of the last build into `output`, if its inputs and output are unchanged.
pub fn unchanged(options: &BuildOptions, output: &Path) -> Option<State> {
    let text = std::fs::read_to_string(state_path(options, output)).ok()?;
    let state: State = serde_json::from_str(&text).ok()?;
    (state.inputs == inputs_fingerprint(options)? && state.outputs == outputs_fingerprint(output)?)
        .then_some(state)
}

/// Records a successful build (failures to write the cache are ignored: it is only a cache).
pub fn record(options: &BuildOptions, output: &Path, mut state: State) {
    let (Some(inputs), Some(outputs)) = (inputs_fingerprint(options), outputs_fingerprint(output))
    else {
        return;
    };
    state.inputs = inputs;
    state.outputs = outputs;
    let path = state_path(options, output);
    if let (Some(parent), Ok(json)) = (path.parent(), serde_json::to_string(&state)) {
        let _ = std::fs::create_dir_all(parent);
        let _ = std::fs::write(&path, json);
    }
}

impl State {
    /// A state for a build's figures (fingerprints are filled in by [`record`]).
    pub fn new(
        pages_by_language: BTreeMap<String, usize>,
        pages_by_kind: BTreeMap<String, usize>,
        files: usize,
    ) -> State {
        State { inputs: 0, outputs: 0, pages_by_language, pages_by_kind, files }
    }
}

fn stamp(hasher: &mut impl Hasher, path: &Path, rel: &Path) -> Option<()> {
    let meta = std::fs::metadata(path).ok()?;
    rel.hash(hasher);
    meta.len().hash(hasher);
    meta.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos().hash(hasher);
    Some(())
}

fn stamp_tree(
    hasher: &mut impl Hasher,
    root: &Path,
    folder: &Path,
    follow_links: bool,
    skip_hidden_top: bool,
) -> Option<()> {
    if !folder.exists() {
        return Some(());
    }
    let walker = walkdir::WalkDir::new(folder)
        .follow_links(follow_links)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(skip_hidden_top && e.depth() == 1 && e.file_name().to_string_lossy().starts_with('.'))
        });
    for entry in walker {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            stamp(hasher, entry.path(), entry.path().strip_prefix(root).unwrap_or(entry.path()))?;
        }
    }
    Some(())
}

/// Everything a build reads, by size and modification time; `None` if something cannot
/// be read (then the build runs and reports it).
fn inputs_fingerprint(options: &BuildOptions) -> Option<u64> {
    let root = &options.root;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    if let Ok(exe) = std::env::current_exe() {
        stamp(&mut hasher, &exe, Path::new("folio"))?;
    }
    (&options.base_url, options.drafts).hash(&mut hasher);
    stamp(
        &mut hasher,
        &root.join(crate::config::CONFIG_FILE),
        Path::new(crate::config::CONFIG_FILE),
    )?;
    for folder in ["content", "static", "templates", "i18n", "themes"] {
        stamp_tree(&mut hasher, root, &root.join(folder), true, false)?;
    }
    Some(hasher.finish())
}

/// Every file of the output (hidden top-level entries aside).
fn outputs_fingerprint(output: &Path) -> Option<u64> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    if !output.is_dir() {
        return None;
    }
    stamp_tree(&mut hasher, output, output, false, true)?;
    Some(hasher.finish())
}
