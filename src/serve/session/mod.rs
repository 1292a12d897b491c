//! A site held in memory between edits: everything a build computes, kept so that after a
//! change only what it affects is parsed and rendered again.
//!
//! `folio build` opens a session and writes its outputs; `folio serve` keeps one open and
//! calls [`Session::apply`] with the paths that changed. Both go through the same code, and
//! the invariant that matters is tested: after any sequence of edits, a session's outputs
//! equal those of a session opened fresh on the same files.
//!
//! State is replaced only when a rebuild succeeds, so a failed rebuild leaves the last good
//! site in place.

mod changes;
mod classify;
mod opening;
mod patch;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::theme::{Source, Theme};
use crate::config::{BuildOptions, Config};
use crate::content::{self, Document};
use crate::error::{Diagnostic, Error, Result};
use crate::render::templates::Templates;
use crate::render::values::Values;
use crate::render::{Deps, Job};
use crate::site::images::Images;
use crate::site::{Media, Site};

use crate::build::prepare::{Prepared, Purpose, Sources, prepare_values, split_loaded};
use crate::output::copies::{static_copies, with_pictures};
use changes::{Dependents, Previous, diff_everything, render_outputs};
pub use classify::{Change, classify};
pub use opening::{FirstRender, Opening};

/// A rendered output and what it was made from.
#[derive(Debug, Clone)]
pub struct Record {
    /// The file's bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Its inputs.
    pub deps: Deps,
    /// The job that renders it (valid for the session's current site).
    pub job: Job,
}

/// What a successful rebuild changed in the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// Output paths created or whose bytes changed (generated and copied files).
    pub changed: Vec<String>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// How many pages were rendered again.
    pub rendered: usize,
}

impl Update {
    /// Whether only stylesheets changed (the browser can swap them without a reload).
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty()
            && self.removed.is_empty()
            && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// The site in memory.
pub struct Session {
    options: BuildOptions,
    config: Config,
    theme: Theme,
    templates: Templates,
    documents: BTreeMap<String, Arc<Document>>,
    failed: BTreeMap<String, Vec<Diagnostic>>,
    walk_problems: Vec<Diagnostic>,
    assets: Vec<content::Asset>,
    site: Site,
    values: Values,
    outputs: BTreeMap<String, Record>,
    copies: BTreeMap<String, Source>,
    /// Which outputs show which documents, for the fast path.
    dependents: Dependents,
    /// Size and modification time of copied files on disk, to tell which ones changed.
    copy_stamps: BTreeMap<String, Stamp>,
    stale: Stale,
    /// Resized pictures, remembered across rebuilds.
    images: Arc<Images>,
}

type Stamp = u64;

fn stamp_copies(copies: &BTreeMap<String, Source>) -> BTreeMap<String, Stamp> {
    copies
        .iter()
        .filter_map(|(path, source)| match source {
            Source::Disk(file) => {
                let meta = std::fs::metadata(file).ok()?;
                Some((path.clone(), crate::util::paths::file_stamp(&meta)))
            }
            Source::Embedded(_) => None,
        })
        .collect()
}

impl Session {
    /// Loads and renders the whole site; fails with every problem found.
    pub fn open(options: &BuildOptions) -> Result<Session> {
        let opening = Opening::begin(options)?;
        let first = opening.render()?;
        Ok(opening.into_session(first))
    }

    /// The generated outputs, by output path.
    pub fn outputs(&self) -> &BTreeMap<String, Record> {
        &self.outputs
    }

    /// The copied files, by output path.
    pub fn copies(&self) -> &BTreeMap<String, Source> {
        &self.copies
    }

    /// The site model.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The options it was opened with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Brings the session up to date with changes to `paths` (files or folders, existing or
    /// not). The files are read at once; if the site then fails to build, the outputs stay
    /// those of the last good build, and the next call builds again from the files as they are.
    // Long because it is the general rebuild in order (classify, reload, reopen or
    // re-parse, model, values, render, diff), each step one call; see docs/ARCHITECTURE.md.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Update> {
        let changes: Vec<Change> = paths
            .iter()
            .filter_map(|path| classify(&self.options.root, &self.config.theme, path))
            .collect();
        if changes.is_empty() && !self.stale.any() {
            return Ok(Update::default());
        }
        self.stale.config |= changes.contains(&Change::Config);
        self.stale.templates |= changes.contains(&Change::Templates);
        self.stale.copies |= changes.contains(&Change::Static);
        let content_paths: Vec<&str> = changes
            .iter()
            .filter_map(|c| if let Change::Content(p) = c { Some(p.as_str()) } else { None })
            .collect();
        if let ([Change::Content(path)], false) = (changes.as_slice(), self.stale.any()) {
            if let Some(result) = self.patch_body(path) {
                return result;
            }
        }
        if !content_paths.is_empty() {
            self.reload_content(&content_paths)?;
        }

        if self.stale.config {
            let fresh = Session::open(&self.options)?;
            let update =
                diff_everything(&self.outputs, &self.copies, &fresh.outputs, &fresh.copies);
            *self = fresh;
            return Ok(update);
        }
        if self.stale.templates && !self.stale.rerender_all {
            self.theme = Theme::load(&self.config)?;
            self.templates = Templates::new(&self.theme).map_err(Error::Site)?;
            self.stale.rerender_all = true;
        }

        let state = Sources {
            config: &self.config,
            documents: &self.documents,
            failed: &self.failed,
            walk_problems: &self.walk_problems,
            assets: &self.assets,
        };
        let media = Media::new(
            Arc::new(static_copies(&self.config, &self.assets, &self.theme)?),
            Arc::clone(&self.images),
        );
        let site = state.site(self.options.drafts, Some(&self.site), media).map_err(Error::Site)?;
        let mut templates = self.templates.clone();
        let rerender_all = self.stale.rerender_all;
        let previous = (!rerender_all).then_some((&self.site, &self.values));
        let values = prepare_values(&site, &self.theme, &mut templates, Purpose::Serve, previous);
        let copies: BTreeMap<String, Source> = site.media.files.as_ref().clone();
        let old = Previous {
            site: &self.site,
            values: &self.values,
            outputs: &self.outputs,
            all_dirty: rerender_all,
        };
        let (outputs, rendered) = render_outputs(&site, &values, &templates, &copies, Some(old))?;
        let copies = with_pictures(&copies, &self.images);

        let mut update = diff_everything(&self.outputs, &self.copies, &outputs, &copies);
        update.rendered = rendered;
        let stamps =
            if self.stale.copies { stamp_copies(&copies) } else { self.copy_stamps.clone() };
        if self.stale.copies {
            // A copied file's bytes may have changed even though its path did not.
            for (path, stamp) in &stamps {
                if self.copy_stamps.get(path).is_some_and(|old| old != stamp)
                    && !update.changed.contains(path)
                {
                    update.changed.push(path.clone());
                }
            }
        }
        update.changed.sort();
        self.dependents = Dependents::of(&outputs, &templates);
        self.templates = templates;
        self.site = site;
        self.values = values;
        self.outputs = outputs;
        self.copies = copies;
        self.copy_stamps = stamps;
        self.stale = Stale::default();
        Ok(update)
    }
}

/// A page's bytes as serve keeps them: trimmed, since a page rendered into a buffer sized
/// for a larger one would otherwise hold the difference for as long as serve runs.
fn kept(mut bytes: Vec<u8>) -> Arc<Vec<u8>> {
    bytes.shrink_to_fit();
    Arc::new(bytes)
}

/// Work a failed rebuild leaves for the next one.
#[derive(Debug, Default, Clone, Copy)]
struct Stale {
    config: bool,
    templates: bool,
    copies: bool,
    rerender_all: bool,
    /// The site model lags behind the documents (a fast-path edit failed to render).
    resync: bool,
}

impl Stale {
    fn any(&self) -> bool {
        self.config || self.templates || self.copies || self.rerender_all || self.resync
    }
}

fn is_plain_markdown(content_path: &str) -> bool {
    content_path.ends_with(".md")
        && !content_path.rsplit('/').next().unwrap_or("").starts_with("_index.")
}

/// Output path → bytes of every generated file (for comparisons in tests).
pub fn output_bytes(session: &Session) -> HashMap<String, Vec<u8>> {
    session
        .outputs
        .iter()
        .map(|(path, record)| (path.clone(), record.bytes.as_ref().clone()))
        .collect()
}
