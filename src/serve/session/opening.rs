//! The first build of `folio serve`, served while it renders.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::BuildOptions;
use crate::config::theme::Source;
use crate::error::{Error, Result};
use crate::render::{self, Job};

use super::*;
use crate::build::prepare::prepare;

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
        let jobs: Vec<(String, Job)> = render::jobs(site, templates)
            .into_par_iter()
            .with_max_len(crate::ITEMS_PER_TASK)
            .map(|job| (render::job_path(site, &job), job))
            .collect();
        render::check_unique_paths(site, jobs.iter().map(|(path, job)| (path.as_str(), job)))
            .map_err(Error::Site)?;
        let jobs = jobs.into_iter().collect();
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
