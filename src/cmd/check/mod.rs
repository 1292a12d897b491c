//! `folio check`: everything a build validates, without writing anything, plus what a
//! build lets through: links and images that point at nothing, images without alt text,
//! malformed URLs in front matter, `TODO:` placeholders, items missing a translation, and
//! the drafts that a build leaves out.

pub(crate) use crate::util::paths::is_placeholder_url;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::build::prepare::Prepared;
use crate::cmd::new::PLACEHOLDER;
use crate::config::BuildOptions;
use crate::content::{CONTENT_DIR, Document};
use crate::error::{Diagnostic, Error, Result};
use crate::render;

mod authors;
mod links;
mod punctuation;
use links::*;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: `folio check` exits 1.
    Error,
    /// Worth a look.
    Warning,
    /// For information (drafts).
    Note,
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// The file, relative to the site root.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Finding {
    fn new(severity: Severity, diagnostic: Diagnostic) -> Finding {
        Finding {
            severity,
            file: diagnostic.file.display().to_string(),
            line: diagnostic.line,
            message: diagnostic.message,
            hint: diagnostic.hint,
        }
    }
}

/// Everything `folio check` found, errors first.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Report {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every finding.
    pub findings: Vec<Finding>,
}

impl Report {
    fn push(&mut self, severity: Severity, diagnostic: Diagnostic) {
        let finding = Finding::new(severity, diagnostic);
        if !self.findings.contains(&finding) {
            self.findings.push(finding);
        }
    }

    fn finish(mut self) -> Report {
        self.findings
            .sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
        self.errors = self.findings.iter().filter(|f| f.severity == Severity::Error).count();
        self.warnings = self.findings.iter().filter(|f| f.severity == Severity::Warning).count();
        self
    }
}

/// Checks the site at `options.root`. Problems are findings; only I/O failures outside
/// the site's content are errors of this function.
pub fn check(options: &BuildOptions) -> Result<Report> {
    let mut report = Report::default();
    let prepared =
        match crate::build::prepare::prepare(options, crate::build::prepare::Purpose::Check) {
            Ok(prepared) => prepared,
            Err(Error::Site(diagnostics)) => {
                for d in diagnostics {
                    report.push(Severity::Error, d);
                }
                return Ok(report.finish());
            }
            Err(other) => return Err(other),
        };
    let site = &prepared.site;
    let jobs = render::jobs(site, &prepared.templates);
    let paths: Vec<String> = jobs.iter().map(|job| render::job_path(site, job)).collect();
    if let Err(problems) =
        render::check_unique_paths(site, paths.iter().map(String::as_str).zip(&jobs))
    {
        for problem in problems {
            report.push(Severity::Error, problem);
        }
    }
    let mut outputs = Vec::new();
    for job in &jobs {
        match render::render_job(site, &prepared.values, &prepared.templates, job) {
            Ok(output) => outputs.push((job.clone(), output)),
            Err(problems) => {
                for problem in problems {
                    report.push(Severity::Error, problem);
                }
            }
        }
    }
    // Pictures the templates asked for while rendering join those of the Markdown.
    let copies = crate::output::copies::with_pictures(&prepared.copies, &site.media.images);
    let existing: HashSet<String> =
        outputs.iter().map(|(_, o)| o.path.clone()).chain(copies.into_keys()).collect();
    let base_path = site.config.base_path.as_str();

    for item in &site.items {
        let doc = &item.doc;
        check_placeholders(&options.root, doc, &mut report);
        punctuation::check_punctuation(&options.root, doc, &mut report);
        check_markdown_links(doc, &item.path, base_path, &existing, &mut report);
        check_front_matter_urls(&options.root, doc, base_path, &existing, &mut report);
    }
    check_drafts_left_out(options, &prepared, &mut report);
    check_translations(&prepared, &mut report);
    check_profile_urls(&prepared, &mut report);
    check_base_url(&prepared, &mut report);
    authors::check_authors(&prepared, &mut report);
    check_template_links(&prepared, &outputs, base_path, &existing, &mut report);
    Ok(report.finish())
}

fn check_placeholders(root: &Path, doc: &Document, report: &mut Report) {
    let Ok(text) = std::fs::read_to_string(root.join(&doc.file)) else { return };
    for (index, line) in text.lines().enumerate() {
        if line.contains(PLACEHOLDER) {
            report.push(
                Severity::Error,
                Diagnostic::new(&doc.file, format!("placeholder not filled in: {}", line.trim()))
                    .at_line(index + 1)
                    .hint("replace the TODO: text (folio new leaves these where something is missing)"),
            );
        }
    }
}

fn check_drafts_left_out(options: &BuildOptions, prepared: &Prepared, report: &mut Report) {
    let note = if options.drafts {
        "draft: included because of --drafts"
    } else {
        "draft: left out of the build (folio build --drafts includes it)"
    };
    for doc in prepared.documents.values() {
        if doc.front.draft == Some(true) {
            report.push(Severity::Note, Diagnostic::new(&doc.file, note));
        }
    }
}

fn check_translations(prepared: &Prepared, report: &mut Report) {
    let config = &prepared.config;
    if config.languages.len() < 2 {
        return;
    }
    let mut present: BTreeSet<(&str, &str)> = BTreeSet::new();
    for doc in prepared.documents.values() {
        present.insert((doc.key.as_str(), doc.lang.as_str()));
    }
    for doc in prepared.documents.values() {
        if doc.lang != config.default_language || doc.front.draft == Some(true) {
            continue;
        }
        for language in &config.languages {
            if present.contains(&(doc.key.as_str(), language.code.as_str())) {
                continue;
            }
            let stem = doc.key.strip_suffix(".md").unwrap_or(&doc.key);
            report.push(
                Severity::Warning,
                Diagnostic::new(&doc.file, format!("has no {} version", language.code))
                    .hint(format!("write {CONTENT_DIR}/{stem}.{}.md", language.code)),
            );
        }
    }
}

/// A `base_url` still pointing at a placeholder would publish canonical URLs, feeds and the
/// sitemap under an address that is not the site's.
fn check_base_url(prepared: &Prepared, report: &mut Report) {
    let url = &prepared.config.base_url;
    if !is_placeholder_url(url) {
        return;
    }
    let text = std::fs::read_to_string(prepared.config.root.join(crate::config::CONFIG_FILE))
        .unwrap_or_default();
    let line = text.lines().position(|l| l.trim_start().starts_with("base_url")).map(|i| i + 1);
    report.push(
        Severity::Warning,
        Diagnostic::new(
            crate::config::CONFIG_FILE,
            format!("`base_url` {url} is a placeholder: canonical links, feeds and the sitemap would point there"),
        )
        .at(line)
        .hint("set base_url to the address the site will have, or build with --base-url"),
    );
}

fn check_profile_urls(prepared: &Prepared, report: &mut Report) {
    let Some(author) = &prepared.config.author else { return };
    let text = std::fs::read_to_string(prepared.config.root.join(crate::config::CONFIG_FILE))
        .unwrap_or_default();
    for profile in &author.profiles {
        let absolute = profile.url.contains("://") || profile.url.starts_with("mailto:");
        let problem = malformed_url(&profile.url)
            .or((!absolute).then_some("is not a full URL (https://… or mailto:…)"));
        if let Some(problem) = problem {
            let line = text.lines().position(|l| l.contains(&profile.url)).map(|i| i + 1);
            report.push(
                Severity::Error,
                Diagnostic::new(
                    crate::config::CONFIG_FILE,
                    format!("profile link `{}` {problem}", profile.url),
                )
                .at(line),
            );
        }
    }
}

#[cfg(test)]
mod tests;
