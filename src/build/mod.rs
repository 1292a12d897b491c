//! `folio build`: the pipeline from a site folder to its output folder.
//!
//! config → theme → content → site model → values → render (in parallel) → write.
//! Every problem of every stage is collected; if there is any, the build stops, and the
//! output folder is left as it was (see [`StreamingWriter`] for how outputs are written
//! as they render without giving that up).
//!
//! Owns the front door of every build ([`prepare::prepare`]: load, model, values) and
//! `folio build` itself. `check` and `serve` start from the same `prepare`. Must not print.

pub mod prepare;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::BuildOptions;
use crate::content::Role;
use crate::error::{Diagnostic, Error, Result};
use crate::output::copies::{check_clashes, copy_list, with_pictures};
use crate::output::minify;
use crate::output::state as build_state;
use crate::output::{self, Accepted, Copy, StreamingWriter, WriteReport};
use crate::render::{self, Job};
use crate::site::{ItemId, Site};
use prepare::{Prepared, Purpose};

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages per language code.
    pub pages_by_language: BTreeMap<String, usize>,
    /// Item pages per kind name.
    pub pages_by_kind: BTreeMap<&'static str, usize>,
    /// Files in the output.
    pub files: usize,
    /// What writing did.
    pub write: WriteReport,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: PathBuf,
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    if options.minify {
        minify::available().map_err(Error::Refused)?;
    }
    let started = Instant::now();
    let started_at = std::time::SystemTime::now();
    let output_dir = options.output_dir();
    let ownership = output::folder::open(&options.root, &output_dir, options.force)?;
    let writer = StreamingWriter::new(&output_dir, ownership)?;
    // Only a folder holding a previous build can have nothing to do. For any other, the
    // inputs are fingerprinted (for the next build) while this one reads them.
    let concurrent = writer.is_fresh().then(|| build_state::Concurrent::start(options));
    let inputs = match concurrent {
        Some(_) => None,
        None => build_state::inputs_fingerprint(options),
    };
    if let Some(state) = build_state::unchanged(options, &output_dir, inputs) {
        return Ok(BuildReport {
            pages_by_language: state.pages_by_language,
            pages_by_kind: state
                .pages_by_kind
                .into_iter()
                .filter_map(|(k, n)| kind_name(&k).map(|k| (k, n)))
                .collect(),
            files: state.files,
            write: WriteReport { unchanged: state.files, ..WriteReport::default() },
            elapsed: started.elapsed(),
            output: output_dir,
        });
    }
    let mut prepared = prepare::prepare(options, Purpose::Build)?;
    let plan = Plan::of(&mut prepared)?;
    let mut accepted = render_and_write(&mut prepared, plan.first, &plan.then, options, &writer)?;
    let site = &prepared.site;
    // Pictures the templates asked for while rendering join those of the Markdown.
    let copies = copy_list(&with_pictures(&prepared.copies, &site.media.images));
    let files = plan.generated.len() + copies.len();
    let copies = write_minified_copies(copies, options, &writer, &mut accepted)?;
    let (write, outputs_fingerprint) = writer.finish(accepted, &copies)?;
    let report = BuildReport {
        pages_by_language: count_pages(site, plan.generated.iter().map(String::as_str)),
        pages_by_kind: count_kinds(site),
        files,
        write,
        elapsed: started.elapsed(),
        output: output_dir,
    };
    let inputs = match concurrent {
        Some(fingerprint) => fingerprint.finish(started_at),
        None => inputs,
    };
    build_state::record(
        options,
        &report.output,
        inputs,
        outputs_fingerprint,
        build_state::State::new(
            report.pages_by_language.clone(),
            report.pages_by_kind.iter().map(|(k, n)| (k.to_string(), *n)).collect(),
            report.files,
        ),
    );
    // Freeing a large site's model takes a noticeable part of a build; let it happen
    // off the caller's path (the process may well exit first).
    std::thread::spawn(move || drop(prepared));
    Ok(report)
}

/// The jobs of a build in the order they render, and every generated output path.
struct Plan {
    /// Item pages that do not read `collections`, with their bodies taken out of the model:
    /// each renders right after its item's summary is made (no separate pass over every
    /// item, and the summaries grow while the Markdown of written pages is freed).
    first: Vec<(ItemId, String)>,
    /// The rest, rendered once all summaries are made.
    then: Vec<Job>,
    generated: Vec<String>,
}

impl Plan {
    /// Plans the jobs, refusing copied files that would overwrite a generated one.
    fn of(prepared: &mut Prepared) -> Result<Plan> {
        let (site, templates) = (&prepared.site, &prepared.templates);
        let jobs = render::jobs(site, templates);
        let planned: Vec<(String, bool)> = jobs
            .par_iter()
            .map(|job| {
                let first = matches!(job, Job::Item(id) if !render::needs_collections(site, templates, *id));
                (render::job_path(site, job), first)
            })
            .collect();
        render::check_unique_paths(site, planned.iter().map(|(path, _)| path.as_str()).zip(&jobs))
            .map_err(Error::Site)?;
        let overwritten: Vec<&str> = planned
            .par_iter()
            .map(|(path, _)| path.as_str())
            .filter(|path| prepared.copies.contains_key(*path))
            .collect();
        check_clashes(site, &prepared.copies, |path| overwritten.contains(&path))?;
        let mut first = Vec::new();
        let mut then = Vec::new();
        let mut generated = Vec::with_capacity(planned.len());
        for (job, (path, is_first)) in jobs.into_iter().zip(planned) {
            generated.push(path);
            match job {
                Job::Item(id) if is_first => first.push((id, prepared.site.take_body(id))),
                job => then.push(job),
            }
        }
        Ok(Plan { first, then, generated })
    }
}

/// Renders every job in the plan's two passes, handing each output to the writer as it
/// is made; on any problem the writer rolls back and every problem found is returned.
fn render_and_write(
    prepared: &mut Prepared,
    first: Vec<(ItemId, String)>,
    then: &[Job],
    options: &BuildOptions,
    writer: &StreamingWriter,
) -> Result<Vec<Accepted>> {
    let write = |output: std::result::Result<render::Output, Vec<Diagnostic>>| {
        let mut output = output.map_err(Error::Site)?;
        if options.minify && minify::applies_to(&output.path) {
            output.bytes = minify::minify(&output.path, &output.bytes).map_err(|why| {
                Error::from(
                    Diagnostic::new(
                        crate::util::paths::join_path(&options.output_dir(), &output.path),
                        why,
                    )
                    .hint("the page's content nests too deeply: flatten its quotes, lists or HTML"),
                )
            })?;
        }
        writer.accept(output)
    };
    let (site, templates, values) = (&prepared.site, &prepared.templates, &prepared.values);
    let (mut results, summaries): (Vec<_>, Vec<_>) = first
        .into_par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|(id, body)| {
            let summary = values.summary(site, id);
            let page = render::render_item_page(site, values, templates, id, &summary, &body);
            drop(body);
            (write(page), (id, summary))
        })
        .unzip();
    prepared.values.complete(site, summaries);
    let values = &prepared.values;
    results.par_extend(
        // One job per task: these are the long ones (lists, sitemap).
        then.par_iter()
            .with_max_len(1)
            .map(|job| write(render::render_job(site, values, templates, job))),
    );
    let mut accepted = Vec::with_capacity(results.len());
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut io_error = None;
    for result in results {
        match result {
            Ok(output) => accepted.push(output),
            Err(Error::Site(diagnostics)) => {
                for problem in diagnostics {
                    if !problems.iter().any(|p| p.file == problem.file && p.line == problem.line) {
                        problems.push(problem);
                    }
                }
            }
            Err(other) => io_error = Some(other),
        }
    }
    if !problems.is_empty() || io_error.is_some() {
        writer.rollback();
        return Err(io_error.unwrap_or(Error::Site(problems)));
    }
    Ok(accepted)
}

/// With `--minify`, stylesheets and scripts are written minified instead of copied; the
/// copies left to copy are returned.
fn write_minified_copies(
    copies: Vec<Copy>,
    options: &BuildOptions,
    writer: &StreamingWriter,
    accepted: &mut Vec<Accepted>,
) -> Result<Vec<Copy>> {
    if !options.minify {
        return Ok(copies);
    }
    let (minifiable, plain): (Vec<_>, Vec<_>) =
        copies.into_iter().partition(|copy| minify::applies_to(&copy.output_path));
    for copy in minifiable {
        let bytes = copy
            .source
            .read()
            .map_err(|err| Error::io(copy.source.origin(&options.root, &copy.output_path), err))?;
        let bytes = minify::minify(&copy.output_path, &bytes).map_err(|why| {
            Error::from(Diagnostic::new(copy.source.origin(&options.root, &copy.output_path), why))
        })?;
        accepted.push(writer.accept(render::Output { path: copy.output_path, bytes })?);
    }
    Ok(plain)
}

fn count_pages<'a>(site: &Site, paths: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let config = &site.config;
    let prefixes: Vec<(&str, String)> = config
        .languages
        .iter()
        .filter(|l| l.code != config.default_language)
        .map(|l| (l.code.as_str(), format!("{}/", l.code)))
        .collect();
    let mut pages_by_language: BTreeMap<String, usize> = BTreeMap::new();
    for path in paths.filter(|p| p.ends_with(".html")) {
        let lang = prefixes
            .iter()
            .find(|(_, prefix)| path.starts_with(prefix.as_str()))
            .map_or(config.default_language.as_str(), |(code, _)| code);
        match pages_by_language.get_mut(lang) {
            Some(count) => *count += 1,
            None => {
                pages_by_language.insert(lang.to_string(), 1);
            }
        }
    }
    pages_by_language
}

fn kind_name(name: &str) -> Option<&'static str> {
    crate::content::Kind::ITEM_KINDS.iter().map(|k| k.name()).find(|k| *k == name)
}

fn count_kinds(site: &Site) -> BTreeMap<&'static str, usize> {
    site.items
        .par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .filter(|item| item.doc.role == Role::Item)
        .fold(BTreeMap::new, |mut counts: BTreeMap<&'static str, usize>, item| {
            *counts.entry(item.doc.kind.name()).or_default() += 1;
            counts
        })
        .reduce(BTreeMap::new, |mut counts, more| {
            for (kind, n) in more {
                *counts.entry(kind).or_default() += n;
            }
            counts
        })
}
