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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::build::BuildOptions;
use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, CONTENT_DIR, Document, Loaded, Role};
use crate::error::{Diagnostic, Error, Result};
use crate::images::Images;
use crate::output::Copy;
use crate::render::{self, Deps, Job};
use crate::site::{Bodies, Media, Site};
use crate::templates::{Lookup, Templates};
use crate::theme::{Source, Theme};
use crate::values::Values;

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

/// What a changed path is, for deciding how much to rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// site.toml or the theme's theme.toml: everything is rebuilt.
    Config,
    /// A template or UI strings file: templates are parsed again, every page rendered.
    Templates,
    /// A file under static/ (site or theme).
    Static,
    /// A file or folder under content/, with its path inside content/.
    Content(String),
}

/// Sorts a path into the kind of change it is; `None` for paths folio does not read
/// (the output folder, editor droppings, anything else).
pub fn classify(root: &Path, theme: &str, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.iter().any(|part| content::is_ignored(std::ffi::OsStr::new(part))) {
        return None;
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        [CONFIG_FILE] => Some(Change::Config),
        [CONTENT_DIR] => Some(Change::Content(String::new())),
        [CONTENT_DIR, rest @ ..] => Some(Change::Content(rest.join("/"))),
        ["static", ..] => Some(Change::Static),
        ["templates", ..] | ["i18n", ..] => Some(Change::Templates),
        ["themes"] => Some(Change::Config),
        ["themes", name, rest @ ..] if *name == theme => match rest {
            ["theme.toml"] | [] => Some(Change::Config),
            ["static", ..] => Some(Change::Static),
            _ => Some(Change::Templates),
        },
        _ => None,
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

type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp_copies(copies: &BTreeMap<String, Source>) -> BTreeMap<String, Stamp> {
    copies
        .iter()
        .filter_map(|(path, source)| match source {
            Source::Disk(file) => {
                let meta = std::fs::metadata(file).ok()?;
                Some((path.clone(), (meta.len(), meta.modified().ok())))
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

    /// The fast path for the most common edit: one document's body changed and nothing
    /// else about it (same front matter, so same URL, title, date, tags). Only its HTML,
    /// its summary, and the outputs that show them are rebuilt; the site model is patched
    /// in place. `None` when the edit is anything else (the general path handles it).
    fn patch_body(&mut self, path: &str) -> Option<Result<Update>> {
        if !is_plain_markdown(path) {
            return None;
        }
        let old_doc = Arc::clone(self.documents.get(path)?);
        let new_doc = content::load_file(&self.config, path, &self.site.section_kinds).ok()?;
        let same_place = new_doc.front == old_doc.front
            && new_doc.lang == old_doc.lang
            && new_doc.kind == old_doc.kind
            && new_doc.key == old_doc.key;
        if !same_place {
            return None;
        }
        if new_doc.body == old_doc.body {
            self.documents.insert(path.to_string(), Arc::new(new_doc));
            return Some(Ok(Update::default()));
        }
        let id = *self.site.by_content_path.get(path)?;
        let lang = new_doc.lang.clone();
        let new_doc = Arc::new(new_doc);
        let body = self.site.render_body(&new_doc);
        if !body.problems.is_empty() {
            return None; // the general path reports broken links with everything else
        }

        // Swap the new document in; swap back if rendering fails.
        let old_item = self.site.items[id].clone();
        {
            let item = &mut self.site.items[id];
            item.doc = Arc::clone(&new_doc);
            item.rendered = body.rendered;
            item.links = body.links;
            item.pictures = body.pictures;
        }
        // The search index reads a body only through its first paragraph.
        let search_same =
            crate::search::summary(&old_item) == crate::search::summary(&self.site.items[id]);
        let summary = self.values.summary(&self.site, id);
        let summary_changed = summary != self.values.summaries[id];
        // Patched in place (cloning 10k values costs more than the whole edit); the old
        // values are put back if rendering fails.
        let old_summary = std::mem::replace(&mut self.values.summaries[id], summary);
        let mut old_collections = None;
        if summary_changed {
            let collections =
                crate::values::collections_of(&self.site, &self.values.summaries, &lang);
            if let Some(language) = self.values.languages.get_mut(&lang) {
                old_collections = Some(std::mem::replace(&mut language.collections, collections));
            }
        }

        let mut dirty: HashSet<&String> = HashSet::new();
        let index = &self.dependents;
        dirty.extend(index.owners.get(path).into_iter().flatten());
        if summary_changed {
            dirty.extend(index.listers.get(path).into_iter().flatten());
            dirty.extend(index.collection_readers.get(&lang).into_iter().flatten());
        }
        let dirty_jobs: Vec<Job> = dirty
            .iter()
            .filter_map(|p| self.outputs.get(*p))
            .map(|r| r.job.clone())
            .filter(|job| !(search_same && matches!(job, Job::SearchIndex(_))))
            .collect();
        let rendered =
            match render::render_all(&self.site, &self.values, &self.templates, &dirty_jobs) {
                Ok(rendered) => rendered,
                Err(problems) => {
                    self.site.items[id] = old_item;
                    self.values.summaries[id] = old_summary;
                    if let (Some(collections), Some(language)) =
                        (old_collections, self.values.languages.get_mut(&lang))
                    {
                        language.collections = collections;
                    }
                    self.documents.insert(path.to_string(), new_doc);
                    self.stale.resync = true;
                    return Some(Err(Error::Site(problems)));
                }
            };
        let mut update = Update { rendered: rendered.len(), ..Update::default() };
        for output in rendered {
            let Some(record) = self.outputs.get_mut(&output.path) else { continue };
            if *record.bytes != output.bytes {
                update.changed.push(output.path.clone());
                record.bytes = kept(output.bytes);
            }
        }
        // The body may show pictures no page showed before.
        for (path, source) in with_pictures(&self.copies, &self.images) {
            if let std::collections::btree_map::Entry::Vacant(slot) = self.copies.entry(path) {
                update.changed.push(slot.key().clone());
                slot.insert(source);
            }
        }
        update.changed.sort();
        self.documents.insert(path.to_string(), new_doc);
        Some(Ok(update))
    }

    /// Reads changed content files (or all of content/ when folders or section indexes
    /// changed) into the session's documents.
    fn reload_content(&mut self, content_paths: &[&str]) -> Result<()> {
        let content_dir = self.config.root.join(CONTENT_DIR);
        let targeted =
            content_paths.iter().all(|p| is_plain_markdown(p) && !content_dir.join(p).is_dir());
        if targeted {
            let kinds = content::section_kinds(self.documents.values().map(|d| d.as_ref()));
            for &path in content_paths {
                self.documents.remove(path);
                self.failed.remove(path);
                if content_dir.join(path).is_file() {
                    match content::load_file(&self.config, path, &kinds) {
                        Ok(doc) => {
                            self.documents.insert(path.to_string(), Arc::new(doc));
                        }
                        Err(problems) => {
                            self.failed.insert(path.to_string(), problems);
                        }
                    }
                }
            }
            return Ok(());
        }
        // Folders moved, section indexes or assets changed: read content/ again, keeping
        // the documents whose text has not changed (so their HTML is reused).
        let loaded = content::load(&self.config)?;
        let (fresh, failed, walk_problems) =
            split_loaded(loaded.documents, loaded.problems, &loaded.failed);
        self.documents = fresh
            .into_iter()
            .map(|(path, doc)| match self.documents.get(&path) {
                Some(old) if **old == *doc => (path, Arc::clone(old)),
                _ => (path, doc),
            })
            .collect();
        self.failed = failed;
        self.walk_problems = walk_problems;
        self.assets = loaded.assets;
        Ok(())
    }
}

/// A session on its way: the site is loaded and modelled, its pages not rendered yet.
///
/// `folio serve` answers from it while [`Opening::render`] renders every page, rendering
/// a requested page on its own ([`Opening::page`]), so the first page of a large site
/// does not wait for all the others. Both read the same prepared site; neither changes it.
pub struct Opening {
    options: BuildOptions,
    prepared: Prepared,
    /// Every generated output's path, with the job that renders it.
    jobs: HashMap<String, Job>,
}

/// Every output of an [`Opening`], rendered.
pub struct FirstRender {
    outputs: BTreeMap<String, Record>,
    copies: BTreeMap<String, Source>,
}

impl FirstRender {
    /// The generated outputs, by output path.
    pub fn outputs(&self) -> &BTreeMap<String, Record> {
        &self.outputs
    }

    /// The copied files (pictures the templates asked for included), by output path.
    pub fn copies(&self) -> &BTreeMap<String, Source> {
        &self.copies
    }
}

impl std::fmt::Debug for Opening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opening").field("outputs", &self.jobs.len()).finish_non_exhaustive()
    }
}

impl Opening {
    /// Loads the site up to the point where any page can be rendered.
    pub fn begin(options: &BuildOptions) -> Result<Opening> {
        let prepared = prepare(options, Purpose::Serve)?;
        let (site, templates) = (&prepared.site, &prepared.templates);
        let jobs = render::jobs(site, templates)
            .into_par_iter()
            .with_max_len(crate::ITEMS_PER_TASK)
            .map(|job| (render::job_path(site, &job), job))
            .collect();
        Ok(Opening { options: options.clone(), prepared, jobs })
    }

    /// Whether the site generates output `path`.
    pub fn generates(&self, path: &str) -> bool {
        self.jobs.contains_key(path)
    }

    /// Where copied file `path` comes from: static files, content assets and the picture
    /// variants made so far.
    pub fn copied(&self, path: &str) -> Option<Source> {
        if let Some(source) = self.prepared.copies.get(path) {
            return Some(source.clone());
        }
        self.prepared.site.media.images.file(path).map(Source::Disk)
    }

    /// Renders generated output `path` alone (`None` when the site has no such output):
    /// the same bytes [`Opening::render`] gives it.
    pub fn page(&self, path: &str) -> Option<Result<Vec<u8>>> {
        let job = self.jobs.get(path)?;
        let Prepared { site, values, templates, .. } = &self.prepared;
        Some(
            render::render_job(site, values, templates, job)
                .map(|output| output.bytes)
                .map_err(Error::Site),
        )
    }

    /// Renders every output; fails with every problem found.
    pub fn render(&self) -> Result<FirstRender> {
        let Prepared { site, values, templates, copies, .. } = &self.prepared;
        let (outputs, _) = render_outputs(site, values, templates, copies, None)?;
        Ok(FirstRender { outputs, copies: with_pictures(copies, &site.media.images) })
    }

    /// The session, from the outputs [`Opening::render`] gave.
    pub fn into_session(self, first: FirstRender) -> Session {
        let FirstRender { outputs, copies } = first;
        let dependents = Dependents::of(&outputs, &self.prepared.templates);
        let Prepared {
            config,
            theme,
            templates,
            documents,
            failed,
            walk_problems,
            assets,
            site,
            values,
            copies: _,
        } = self.prepared;
        Session {
            options: self.options,
            config,
            theme,
            templates,
            documents,
            failed,
            walk_problems,
            assets,
            images: Arc::clone(&site.media.images),
            site,
            values,
            outputs,
            copy_stamps: stamp_copies(&copies),
            dependents,
            copies,
            stale: Stale::default(),
        }
    }
}

/// Reverse dependencies of the outputs: which outputs show a document in full, which
/// show its summary, and which read a language's collections.
#[derive(Debug, Default)]
struct Dependents {
    owners: HashMap<String, Vec<String>>,
    listers: HashMap<String, Vec<String>>,
    collection_readers: HashMap<String, Vec<String>>,
}

impl Dependents {
    fn of(outputs: &BTreeMap<String, Record>, templates: &Templates) -> Dependents {
        let mut index = Dependents::default();
        for (path, record) in outputs {
            let deps = &record.deps;
            for owned in &deps.owns {
                index.owners.entry(owned.clone()).or_default().push(path.clone());
            }
            for listed in &deps.inputs {
                index.listers.entry(listed.clone()).or_default().push(path.clone());
            }
            if let (Some(lang), Some(template)) = (&deps.lang, &deps.template) {
                if templates.reads(template, "collections") {
                    index.collection_readers.entry(lang.clone()).or_default().push(path.clone());
                }
            }
        }
        index
    }
}

/// Everything a build computes before rendering.
pub struct Prepared {
    /// The resolved site.toml.
    pub config: Config,
    /// The theme with the site's overrides.
    pub theme: Theme,
    /// Parsed templates with this build's lookup functions.
    pub templates: Templates,
    /// Parsed documents by content path (empty when not kept).
    pub documents: BTreeMap<String, Arc<Document>>,
    /// Files that failed to parse, with their problems.
    pub failed: BTreeMap<String, Vec<Diagnostic>>,
    /// Problems of the walk itself (unreadable folders, link loops).
    pub walk_problems: Vec<Diagnostic>,
    /// Non-Markdown files in content/.
    pub assets: Vec<content::Asset>,
    /// The site model.
    pub site: Site,
    /// Template values (for a build, still without summaries: see
    /// [`Values::without_summaries`]).
    pub values: Values,
    /// Files to copy, by output path.
    pub copies: BTreeMap<String, Source>,
}

/// What a site is prepared for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A one-off build: the Markdown sources are dropped once rendered to HTML (which
    /// roughly halves what a large site holds in memory), and `asset()` URLs carry a hash
    /// of the file so browsers never use a stale copy.
    Build,
    /// `folio serve`: sources kept for incremental rebuilds; asset URLs without a hash
    /// (the dev server tells browsers not to cache, and a stylesheet edit then changes no
    /// page).
    Serve,
    /// `folio check`: sources kept, nothing written.
    Check,
}

/// Loads the site up to the point where every output can be rendered.
pub fn prepare(options: &BuildOptions, purpose: Purpose) -> Result<Prepared> {
    let keep_sources = purpose != Purpose::Build;
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    let theme = Theme::load(&config)?;
    let mut problems = Vec::new();
    let templates = Templates::new(&theme).map_err(|p| problems.extend(p)).ok();
    let loaded = content::load(&config)?;
    let (mut documents, failed, walk_problems) =
        split_loaded(loaded.documents, loaded.problems, &loaded.failed);
    let assets = loaded.assets;
    let state = Sources {
        config: &config,
        documents: &documents,
        failed: &failed,
        walk_problems: &walk_problems,
        assets: &assets,
    };
    let media = Media::new(
        Arc::new(static_copies(&config, &assets, &theme)?),
        Arc::new(Images::new(
            options.root.join(crate::build_state::CACHE_DIR).join("images"),
            config.images.clone(),
        )),
    );
    let loaded_site = state.loaded();
    if !keep_sources {
        // The site model then holds the only reference to each document, and drops each
        // body as soon as it is rendered (the bodies and their HTML are never all in
        // memory at once).
        documents.clear();
    }
    let bodies = match &templates {
        _ if keep_sources => Bodies::Upfront,
        Some(templates) => {
            Bodies::Lazy { lists_show_cv_bodies: templates.costly_fields().list_content }
        }
        None => Bodies::Lazy { lists_show_cv_bodies: true },
    };
    let site = Site::new(config.clone(), loaded_site, options.drafts, None, media, bodies)
        .map_err(|p| problems.extend(p))
        .ok();
    let (Some(mut templates), Some(mut site)) = (templates, site) else {
        return Err(Error::Site(problems));
    };
    if !keep_sources {
        documents.clear();
        for item in &mut site.items {
            if let Some(doc) = Arc::get_mut(&mut item.doc).filter(|_| !item.body_deferred) {
                doc.body = String::new();
            }
            // What a rebuild would check to reuse this rendering.
            item.links = Vec::new();
            item.pictures = Vec::new();
        }
    }
    let copies = with_pictures(&site.media.files, &site.media.images);
    let values = prepare_values(&site, &theme, &mut templates, purpose, None);
    Ok(Prepared {
        config,
        theme,
        templates,
        documents,
        failed,
        walk_problems,
        assets,
        site,
        values,
        copies,
    })
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

type Split = (BTreeMap<String, Arc<Document>>, BTreeMap<String, Vec<Diagnostic>>, Vec<Diagnostic>);

fn split_loaded(
    documents: Vec<Arc<Document>>,
    problems: Vec<Diagnostic>,
    failed: &[String],
) -> Split {
    let documents: BTreeMap<String, Arc<Document>> =
        documents.into_iter().map(|d| (d.content_path.clone(), d)).collect();
    let mut by_file: BTreeMap<String, Vec<Diagnostic>> =
        failed.iter().map(|p| (p.clone(), Vec::new())).collect();
    let mut walk_problems = Vec::new();
    for problem in problems {
        let content_path = problem
            .file
            .strip_prefix(CONTENT_DIR)
            .ok()
            .map(|p| p.to_string_lossy().replace('\\', "/"));
        match content_path.and_then(|p| by_file.get_mut(&p)) {
            Some(list) => list.push(problem),
            None => walk_problems.push(problem),
        }
    }
    (documents, by_file, walk_problems)
}

struct Sources<'a> {
    config: &'a Config,
    documents: &'a BTreeMap<String, Arc<Document>>,
    failed: &'a BTreeMap<String, Vec<Diagnostic>>,
    walk_problems: &'a [Diagnostic],
    assets: &'a [content::Asset],
}

impl Sources<'_> {
    fn site(
        &self,
        drafts: bool,
        previous: Option<&Site>,
        media: Media,
    ) -> std::result::Result<Site, Vec<Diagnostic>> {
        Site::new(self.config.clone(), self.loaded(), drafts, previous, media, Bodies::Upfront)
    }

    fn loaded(&self) -> Loaded {
        Loaded {
            documents: self.documents.values().cloned().collect(),
            assets: self.assets.to_vec(),
            failed: self.failed.keys().cloned().collect(),
            problems: self
                .walk_problems
                .iter()
                .cloned()
                .chain(self.failed.values().flatten().cloned())
                .collect(),
        }
    }
}

fn prepare_values(
    site: &Site,
    theme: &Theme,
    templates: &mut Templates,
    purpose: Purpose,
    previous: Option<(&Site, &Values)>,
) -> Values {
    let lookup = Lookup {
        links: Arc::clone(&site.links),
        base_path: site.config.base_path.clone(),
        base_url: site.config.base_url.clone(),
        media: Some(site.media.clone()),
        fingerprint: purpose == Purpose::Build,
        fingerprints: Mutex::default(),
    };
    templates.register_functions(Arc::new(lookup));
    match purpose {
        // The build makes summaries while it renders the pages that need no others'.
        Purpose::Build => Values::without_summaries(site, theme, templates.costly_fields()),
        Purpose::Serve | Purpose::Check => {
            Values::new(site, theme, templates.costly_fields(), previous)
        }
    }
}

struct Previous<'a> {
    site: &'a Site,
    values: &'a Values,
    outputs: &'a BTreeMap<String, Record>,
    all_dirty: bool,
}

/// What changed between the previous site and this one, per content path and language.
struct Changed {
    docs: HashSet<String>,
    summaries: HashSet<String>,
    globals: HashSet<String>,
    collections: HashSet<String>,
    profiles: HashSet<String>,
}

fn what_changed(old: &Previous, site: &Site, values: &Values) -> Changed {
    let mut changed = Changed {
        docs: HashSet::new(),
        summaries: HashSet::new(),
        globals: HashSet::new(),
        collections: HashSet::new(),
        profiles: HashSet::new(),
    };
    let mut seen = HashSet::new();
    for (id, item) in site.items.iter().enumerate() {
        let path = &item.doc.content_path;
        seen.insert(path.as_str());
        let previous =
            old.site.by_content_path.get(path).map(|&old_id| (old_id, &old.site.items[old_id]));
        let (doc_same, summary_same) = match previous {
            Some((old_id, old_item)) => {
                let doc_same = Arc::ptr_eq(&old_item.doc, &item.doc)
                    && Arc::ptr_eq(&old_item.rendered, &item.rendered)
                    && old_item.path == item.path
                    && old_item.cite_key == item.cite_key;
                let summary_same = (doc_same && item.doc.role != Role::SectionIndex)
                    || old.values.summaries[old_id] == values.summaries[id];
                (doc_same, summary_same)
            }
            None => (false, false),
        };
        if !doc_same {
            changed.docs.insert(path.clone());
        }
        if !summary_same {
            changed.summaries.insert(path.clone());
            changed.collections.insert(item.doc.lang.clone());
        }
        if !doc_same && item.doc.role == Role::Home {
            changed.profiles.insert(item.doc.lang.clone());
        }
    }
    for old_item in &old.site.items {
        if !seen.contains(old_item.doc.content_path.as_str()) {
            changed.docs.insert(old_item.doc.content_path.clone());
            changed.summaries.insert(old_item.doc.content_path.clone());
            changed.collections.insert(old_item.doc.lang.clone());
            if old_item.doc.role == Role::Home {
                changed.profiles.insert(old_item.doc.lang.clone());
            }
        }
    }
    for (lang, new) in &values.languages {
        match old.values.languages.get(lang) {
            Some(previous) if previous.site == new.site && previous.strings == new.strings => {}
            _ => {
                changed.globals.insert(lang.clone());
            }
        }
    }
    changed
}

fn is_dirty(
    job_deps: &Deps,
    old: Option<&Record>,
    changed: &Changed,
    templates: &Templates,
) -> bool {
    let Some(old) = old else { return true };
    if old.deps != *job_deps {
        return true;
    }
    if let Some(lang) = &job_deps.lang {
        if changed.globals.contains(lang) {
            return true;
        }
        if let Some(template) = &job_deps.template {
            if changed.collections.contains(lang) && templates.reads(template, "collections") {
                return true;
            }
            if changed.profiles.contains(lang) && templates.reads(template, "profile") {
                return true;
            }
        }
    }
    job_deps.owns.iter().any(|p| changed.docs.contains(p))
        || job_deps.inputs.iter().any(|p| changed.summaries.contains(p))
}

/// Renders the jobs whose inputs changed since `previous` (all of them without one).
fn render_outputs(
    site: &Site,
    values: &Values,
    templates: &Templates,
    copies: &BTreeMap<String, Source>,
    previous: Option<Previous>,
) -> Result<(BTreeMap<String, Record>, usize)> {
    let jobs = render::jobs(site, templates);
    let changed = previous.as_ref().filter(|p| !p.all_dirty).map(|p| what_changed(p, site, values));
    let planned: Vec<(Job, String, Deps, Option<Record>)> = jobs
        .into_par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|job| {
            let path = render::job_path(site, &job);
            let deps = render::job_deps(site, templates, &job);
            let keep = match (&previous, &changed) {
                (Some(previous), Some(changed)) => {
                    let old = previous.outputs.get(&path);
                    (!is_dirty(&deps, old, changed, templates)).then(|| old.cloned()).flatten()
                }
                _ => None,
            };
            (job, path, deps, keep)
        })
        .collect();
    let to_render: Vec<Job> = planned
        .iter()
        .filter(|(_, _, _, keep)| keep.is_none())
        .map(|(job, ..)| job.clone())
        .collect();
    let rendered = render::render_all(site, values, templates, &to_render).map_err(Error::Site)?;
    let count = rendered.len();
    let mut fresh = rendered
        .into_par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|output| kept(output.bytes))
        .collect::<Vec<_>>()
        .into_iter();
    let mut outputs = BTreeMap::new();
    for (job, path, deps, keep) in planned {
        let record = match keep {
            // Item ids may have moved: keep the bytes, take this site's job.
            Some(record) => Record { job, ..record },
            None => {
                let bytes = fresh.next().ok_or_else(|| {
                    Error::Refused("internal error: fewer outputs than jobs".into())
                })?;
                Record { bytes, deps, job }
            }
        };
        outputs.insert(path, record);
    }
    let clashes: Vec<Diagnostic> = copies
        .iter()
        .filter(|(path, _)| outputs.contains_key(*path))
        .map(|(path, source)| {
            Diagnostic::new(
                copy_origin(&site.config, source, path),
                format!("would overwrite the generated /{path}"),
            )
            .hint("rename or remove the static file")
        })
        .collect();
    if !clashes.is_empty() {
        return Err(Error::Site(clashes));
    }
    Ok((outputs, count))
}

/// Refuses static files that would overwrite a generated file.
pub fn check_clashes(
    site: &Site,
    copies: &BTreeMap<String, Source>,
    generated: impl Fn(&str) -> bool,
) -> Result<()> {
    let clashes: Vec<Diagnostic> = copies
        .iter()
        .filter(|(path, _)| generated(path))
        .map(|(path, source)| {
            Diagnostic::new(
                copy_origin(&site.config, source, path),
                format!("would overwrite the generated /{path}"),
            )
            .hint("rename or remove the static file")
        })
        .collect();
    if clashes.is_empty() { Ok(()) } else { Err(Error::Site(clashes)) }
}

fn diff_everything(
    old_outputs: &BTreeMap<String, Record>,
    old_copies: &BTreeMap<String, Source>,
    outputs: &BTreeMap<String, Record>,
    copies: &BTreeMap<String, Source>,
) -> Update {
    let mut update = Update::default();
    for (path, record) in outputs {
        match old_outputs.get(path) {
            Some(old) if Arc::ptr_eq(&old.bytes, &record.bytes) || old.bytes == record.bytes => {}
            _ => update.changed.push(path.clone()),
        }
    }
    for path in copies.keys() {
        if !old_copies.contains_key(path) {
            update.changed.push(path.clone());
        }
    }
    let now: BTreeSet<&String> = outputs.keys().chain(copies.keys()).collect();
    update.removed = old_outputs
        .keys()
        .chain(old_copies.keys())
        .filter(|path| !now.contains(path))
        .cloned()
        .collect();
    update.removed.sort();
    update.removed.dedup();
    update
}

/// The copied files plus the picture variants made so far.
pub fn with_pictures(
    copies: &BTreeMap<String, Source>,
    images: &Images,
) -> BTreeMap<String, Source> {
    let mut all = copies.clone();
    for (output_path, cached) in images.files() {
        all.insert(output_path, Source::Disk(cached));
    }
    all
}

/// Theme static files, then the site's static/ (which wins), then content/ assets.
pub fn static_copies(
    config: &Config,
    assets: &[content::Asset],
    theme: &Theme,
) -> Result<BTreeMap<String, Source>> {
    let mut by_path: BTreeMap<String, Source> = BTreeMap::new();
    for file in &theme.static_files {
        by_path.insert(file.output_path.clone(), file.source.clone());
    }
    let static_dir = config.root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|err| {
                Error::from(Diagnostic::new(
                    content::relative(&config.root, err.path().unwrap_or(&static_dir)),
                    format!("cannot read: {err}"),
                ))
            })?;
            if !entry.file_type().is_file() || content::is_ignored(entry.file_name()) {
                continue;
            }
            let rel = entry.path().strip_prefix(&static_dir).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            by_path.insert(rel, Source::Disk(entry.path().to_path_buf()));
        }
    }
    for asset in assets {
        by_path.insert(asset.output_path.clone(), Source::Disk(asset.source.clone()));
    }
    Ok(by_path)
}

fn copy_origin(config: &Config, source: &Source, output_path: &str) -> PathBuf {
    match source {
        Source::Disk(path) => content::relative(&config.root, path),
        Source::Embedded(_) => Path::new("(built-in theme)/static").join(output_path),
    }
}

/// The copies as a list, for writing.
pub fn copy_list(copies: &BTreeMap<String, Source>) -> Vec<Copy> {
    copies
        .iter()
        .map(|(output_path, source)| Copy {
            output_path: output_path.clone(),
            source: source.clone(),
        })
        .collect()
}

/// Output path → bytes of every generated file (for comparisons in tests).
pub fn output_bytes(session: &Session) -> HashMap<String, Vec<u8>> {
    session
        .outputs
        .iter()
        .map(|(path, record)| (path.clone(), record.bytes.as_ref().clone()))
        .collect()
}
