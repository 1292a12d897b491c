//! One source per URL: every output path is made by one job only, and no output is a file
//! where another needs a folder. Messages name both sources.

use crate::error::Diagnostic;
use crate::site::{ItemId, Site};

use super::Job;

/// What makes a job's output, for messages: the content file behind it (when there is
/// one) and a description.
fn job_origin(site: &Site, job: &Job) -> (Option<std::path::PathBuf>, String) {
    let file = |id: ItemId| site.items[id].doc.file.clone();
    let shown = |id: ItemId| site.items[id].doc.file.display().to_string();
    match job {
        Job::Home(lang) => {
            let home = site.homes.get(lang).copied();
            (home.map(file), format!("the home page ({lang})"))
        }
        Job::Item(id) => (Some(file(*id)), format!("the page of {}", shown(*id))),
        Job::Section(index, _) => {
            let section = &site.sections[*index];
            (
                section.index.map(file),
                format!("the list of section {} ({})", section.name, section.lang),
            )
        }
        Job::TagList(lang) => (None, format!("the tag list ({lang})")),
        Job::Tag(index) => (None, format!("the page of tag `{}`", site.tags[*index].name)),
        Job::NotFound(lang) => (None, format!("the 404 page ({lang})")),
        Job::Alias(index) => {
            let alias = &site.aliases[*index];
            (Some(alias.file.clone()), format!("an alias in {}", alias.file.display()))
        }
        Job::Sitemap => (None, "the sitemap".into()),
        Job::Feed(lang) => (None, format!("the Atom feed ({lang})")),
        Job::Robots => (None, "robots.txt".into()),
        Job::Bib(id) => (Some(file(*id)), format!("the BibTeX file of {}", shown(*id))),
        Job::BibList(index) => {
            (None, format!("the BibTeX list of section {}", site.sections[*index].name))
        }
        Job::Resume(lang) => (None, format!("the JSON Resume ({lang})")),
        Job::SearchIndex(lang) => (None, format!("the search index ({lang})")),
        Job::Search(lang) => (None, format!("the search page ({lang})")),
        Job::Llms(lang) => (None, format!("llms.txt ({lang})")),
        Job::CvPdf(id) => (Some(file(*id)), format!("the PDF of the CV page {}", shown(*id))),
        Job::Preview(crate::render::PreviewOf::Item(id)) => {
            (Some(file(*id)), format!("the link preview of {}", shown(*id)))
        }
        Job::Preview(crate::render::PreviewOf::Home(lang)) => {
            (None, format!("the link preview of the home page ({lang})"))
        }
        Job::Preview(crate::render::PreviewOf::Section(index)) => {
            (None, format!("the link preview of section {}", site.sections[*index].name))
        }
        Job::Icon(icon) => (None, format!("the favicon {}", icon.path())),
    }
}

/// Every output path made by one job only: two jobs writing one file (an alias onto the
/// home page, a page whose URL is a feed's) is a problem naming both.
pub(crate) fn check_unique_paths<'a>(
    site: &Site,
    paths: impl Iterator<Item = (&'a str, &'a Job)>,
) -> Result<(), Vec<Diagnostic>> {
    let mut sorted: Vec<(&str, &Job)> = paths.collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut problems = Vec::new();
    for pair in sorted.windows(2) {
        let ((path, first), (_, second)) = (pair[0], pair[1]);
        if path != pair[1].0 {
            continue;
        }
        problems.push(clash(site, first, second, |what, other| {
            format!("{what} would be written to /{path}, which is {other}")
        }));
    }
    // A file where another output needs a folder (`robots.txt` and `robots.txt/index.html`).
    let files: std::collections::HashMap<&str, &Job> = sorted.iter().copied().collect();
    for &(path, job) in &sorted {
        let folders = path.match_indices('/').map(|(at, _)| &path[..at]);
        if let Some((folder, other)) = folders.filter_map(|f| files.get(f).map(|o| (f, *o))).next()
        {
            problems.push(clash(site, job, other, |what, other| {
                format!("{what} needs /{folder} to be a folder, but it is {other}")
            }));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// The problem of two jobs wanting one place, blamed on an alias first, then on the job
/// that has a content file; `message` gets the blamed job's description and the other's.
fn clash(site: &Site, a: &Job, b: &Job, message: impl Fn(&str, &str) -> String) -> Diagnostic {
    let (blamed, other) = match (a, b) {
        (_, Job::Alias(_)) => (b, a),
        (Job::Alias(_), _) => (a, b),
        _ if job_origin(site, a).0.is_none() => (b, a),
        _ => (a, b),
    };
    let (file, what) = job_origin(site, blamed);
    let (_, other_what) = job_origin(site, other);
    Diagnostic::new(
        file.unwrap_or_else(|| crate::config::CONFIG_FILE.into()),
        message(&what, &other_what),
    )
    .hint("each URL has one source: change the alias, the slug or the file name")
}
