//! Rendering: the site model in, every output file's bytes out. Nothing is written here,
//! so a build can check that every page renders before it commits the output.
//!
//! Each output is a [`Job`]; jobs render in parallel and come back in a fixed order, so
//! two builds of the same input give the same bytes.
//!
//! Owns the jobs, the template values, the templates and the outputs written by code
//! (feeds, sitemap, BibTeX, JSON Resume, JSON-LD, search index). Must not write the output
//! folder; the only I/O is the template functions' reads of asset files and the picture
//! cache (`asset()`, `image()`).

pub(crate) mod bibtex;
pub(crate) mod cv_pdf;
pub(crate) mod feeds;
pub(crate) mod jsonld;
pub(crate) mod llms;
pub(crate) mod previews;
pub(crate) mod resume;
pub(crate) mod search;
pub(crate) mod templates;
#[cfg(feature = "pdf")]
pub(crate) mod typeset;
pub(crate) mod values;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::values::Values;
use crate::site::{ItemId, Site};

mod jobs;
mod ownership;
mod pages;
mod templated;
pub use jobs::*;
pub(crate) use ownership::check_unique_paths;
pub use pages::*;
pub use previews::{Icon, PreviewOf};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// Renders every job; all problems are returned together.
pub(crate) fn render_all(
    site: &Site,
    values: &Values,
    templates: &Templates,
    jobs: &[Job],
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let results: Vec<Result<Output, Vec<Diagnostic>>> = jobs
        .par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|job| render_job(site, values, templates, job))
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut problems: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            // One broken template breaks many pages: report each distinct problem once.
            Err(found) => {
                for problem in found {
                    if !problems.iter().any(|p| {
                        p.file == problem.file && p.line == problem.line && same_cause(p, &problem)
                    }) {
                        problems.push(problem);
                    }
                }
            }
        }
    }
    if problems.is_empty() { Ok(outputs) } else { Err(problems) }
}

fn same_cause(a: &Diagnostic, b: &Diagnostic) -> bool {
    let cause =
        |d: &Diagnostic| d.message.split(" (while rendering").next().unwrap_or("").to_string();
    cause(a) == cause(b)
}

/// Whether `lang` has an Atom feed (some section feeds into it and has items).
pub(crate) fn has_feed(site: &Site, lang: &str) -> bool {
    site.sections_in(lang).any(|section| section.in_feed() && !section.items.is_empty())
}

/// Whether the page of item `id` may read `collections`, and so needs every item's
/// summary before it renders.
pub(crate) fn needs_collections(site: &Site, templates: &Templates, id: ItemId) -> bool {
    templates.reads(&item_template(site, templates, id), "collections")
}

/// The template of item `id`'s page: its front matter's, else `<kind>.html`, else
/// `page.html`.
fn item_template(site: &Site, templates: &Templates, id: ItemId) -> String {
    let item = &site.items[id];
    item.doc.front.template.clone().unwrap_or_else(|| {
        let own = [item.doc.kind.name(), ".html"].concat();
        if templates.has(&own) { own } else { "page.html".to_string() }
    })
}

fn bibtex_of(site: &Site, id: ItemId) -> String {
    crate::render::bibtex::item_entry(site, id, site.items[id].cite_key.as_deref().unwrap_or(""))
}
