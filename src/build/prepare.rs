//! The front half of every build: config, theme, content and the site model loaded, the
//! templates parsed and the template values made, up to the point where any output can be
//! rendered. `folio build`, `folio check` and `folio serve` all start here.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use crate::config::theme::{Source, Theme};
use crate::config::{BuildOptions, Config};
use crate::content::{self, CONTENT_DIR, Document, Loaded};
use crate::error::{Diagnostic, Error, Result};
use crate::output::copies::{static_copies, with_pictures};
use crate::render::templates::{Lookup, Templates};
use crate::render::values::Values;
use crate::site::images::Images;
use crate::site::{Bodies, Media, ModelOptions, Site};

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
            options.root.join(crate::output::state::CACHE_DIR).join("images"),
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
    let site = Site::new(
        config.clone(),
        loaded_site,
        ModelOptions { drafts: options.drafts, previous: None, media, bodies },
    )
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

pub(crate) type Split =
    (BTreeMap<String, Arc<Document>>, BTreeMap<String, Vec<Diagnostic>>, Vec<Diagnostic>);

pub(crate) fn split_loaded(
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

pub(crate) struct Sources<'a> {
    pub(crate) config: &'a Config,
    pub(crate) documents: &'a BTreeMap<String, Arc<Document>>,
    pub(crate) failed: &'a BTreeMap<String, Vec<Diagnostic>>,
    pub(crate) walk_problems: &'a [Diagnostic],
    pub(crate) assets: &'a [content::Asset],
}

impl Sources<'_> {
    pub(crate) fn site(
        &self,
        drafts: bool,
        previous: Option<&Site>,
        media: Media,
    ) -> std::result::Result<Site, Vec<Diagnostic>> {
        Site::new(
            self.config.clone(),
            self.loaded(),
            ModelOptions { drafts, previous, media, bodies: Bodies::Upfront },
        )
    }

    pub(crate) fn loaded(&self) -> Loaded {
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

pub(crate) fn prepare_values(
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
