//! `folio check`: everything a build validates, without writing anything, plus what a
//! build lets through: links and images that point at nothing, images without alt text,
//! malformed URLs in front matter, `TODO:` placeholders, items missing a translation, and
//! the drafts that a build leaves out.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::build::prepare::Prepared;
use crate::cmd::new::PLACEHOLDER;
use crate::config::BuildOptions;
use crate::content::{CONTENT_DIR, Document, front_matter};
use crate::error::deserialize::key_line;
use crate::error::{Diagnostic, Error, Result, line_of_offset};
use crate::render;

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
        check_markdown_links(doc, &item.path, base_path, &existing, &mut report);
        check_front_matter_urls(&options.root, doc, base_path, &existing, &mut report);
    }
    check_drafts_left_out(options, &prepared, &mut report);
    check_translations(&prepared, &mut report);
    check_profile_urls(&prepared, &mut report);
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

/// Resolves an internal URL (root-relative, or relative to the page folder `page_path`)
/// to an output path; `None` for external links, fragments and special schemes.
fn resolve_internal(url: &str, page_path: &str, base_path: &str) -> Option<String> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    if url.is_empty() || url.contains(':') || url.starts_with("//") {
        return None;
    }
    let joined = if let Some(rooted) = url.strip_prefix(base_path) {
        rooted.to_string()
    } else if let Some(rooted) = url.strip_prefix('/') {
        rooted.to_string()
    } else {
        format!("{page_path}{url}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if joined.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(crate::util::paths::percent_decode(&path).unwrap_or(path))
}

fn target_exists(path: &str, existing: &HashSet<String>) -> bool {
    existing.contains(path) || existing.contains(&format!("{path}/index.html"))
}

fn check_markdown_links(
    doc: &Document,
    page_path: &str,
    base_path: &str,
    existing: &HashSet<String>,
    report: &mut Report,
) {
    let mut image_start: Option<(usize, String)> = None;
    let mut alt = String::new();
    for (event, range) in Parser::new_ext(&doc.body, crate::markdown::options()).into_offset_iter()
    {
        let line = line_of_offset(&doc.body, range.start) + doc.body_line - 1;
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                check_url(&dest_url, doc, line, page_path, base_path, existing, report);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                check_url(&dest_url, doc, line, page_path, base_path, existing, report);
                image_start = Some((line, dest_url.to_string()));
                alt.clear();
            }
            Event::Text(text) | Event::Code(text) if image_start.is_some() => alt.push_str(&text),
            Event::End(TagEnd::Image) => {
                if let Some((line, url)) = image_start.take() {
                    if alt.trim().is_empty() {
                        report.push(
                            Severity::Error,
                            Diagnostic::new(&doc.file, format!("image `{url}` has no alt text"))
                                .at_line(line)
                                .hint("describe the picture: ![what it shows](path)"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_url(
    url: &str,
    doc: &Document,
    line: usize,
    page_path: &str,
    base_path: &str,
    existing: &HashSet<String>,
    report: &mut Report,
) {
    if url.starts_with("@/") {
        return; // resolved (or reported) by the build itself
    }
    if let Some(problem) = malformed_url(url) {
        report.push(
            Severity::Error,
            Diagnostic::new(&doc.file, format!("link `{url}` {problem}")).at_line(line),
        );
        return;
    }
    if let Some(target) = resolve_internal(url, page_path, base_path) {
        if !target_exists(&target, existing) {
            report.push(
                Severity::Error,
                Diagnostic::new(&doc.file, format!("link `{url}` points at nothing in the site"))
                    .at_line(line)
                    .hint("link pages with @/path/to/file.md, and put files under static/"),
            );
        }
    }
}

/// Why `url` is not a well-formed URL, if it is not.
fn malformed_url(url: &str) -> Option<&'static str> {
    if url.trim() != url || url.contains(char::is_whitespace) {
        return Some("contains spaces (write them as %20)");
    }
    if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_name = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
        let name = host_name.split(':').next().unwrap_or("");
        if name.is_empty() || !(name.contains('.') || name == "localhost") {
            return Some("has no valid host name");
        }
        return None;
    }
    if let Some(address) = url.strip_prefix("mailto:") {
        return (!address.contains('@')).then_some("is not an email address");
    }
    if url.starts_with("http:") || url.starts_with("https:") || url.starts_with("www.") {
        return Some("is missing // after the scheme (or https:// before www.)");
    }
    None
}

fn check_front_matter_urls(
    root: &Path,
    doc: &Document,
    base_path: &str,
    existing: &HashSet<String>,
    report: &mut Report,
) {
    let fm = &doc.front;
    let front_text = std::fs::read_to_string(root.join(&doc.file)).ok();
    let split = front_text.as_deref().and_then(|text| front_matter::split(text, &doc.file).ok());
    let line_of = |key: &str| split.as_ref().and_then(|s| key_line(s.front, key, s.front_line));
    for (name, url) in fm.links.iter().flatten() {
        if let Some(problem) = malformed_url(url) {
            report.push(
                Severity::Error,
                Diagnostic::new(&doc.file, format!("link `{name}` = `{url}` {problem}"))
                    .at(line_of(name)),
            );
        } else if let Some(target) = resolve_internal(url, "", base_path) {
            if !target_exists(&target, existing) {
                report.push(
                    Severity::Error,
                    Diagnostic::new(&doc.file, format!("link `{name}` = `{url}` points at nothing in the site"))
                        .at(line_of(name))
                        .hint("put the file under static/ (e.g. static/pdf/paper.pdf for /pdf/paper.pdf), or use a full https:// URL"),
                );
            }
        } else if !url.contains("://") && !url.starts_with("mailto:") {
            report.push(
                Severity::Error,
                Diagnostic::new(&doc.file, format!("link `{name}` = `{url}` is not a URL"))
                    .at(line_of(name))
                    .hint("write a full address such as https://arxiv.org/abs/…"),
            );
        }
    }
    // A missing `image` file fails the build itself (see site.rs), with a better message.
    if fm.image.is_some() && fm.image_alt.as_ref().is_none_or(|alt| alt.trim().is_empty()) {
        report.push(
            Severity::Error,
            Diagnostic::new(&doc.file, "the image has no alt text")
                .at(line_of("image"))
                .hint("add image_alt = \"what the picture shows\""),
        );
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

fn check_template_links(
    prepared: &Prepared,
    outputs: &[(render::Job, render::Output)],
    base_path: &str,
    existing: &HashSet<String>,
    report: &mut Report,
) {
    let site = &prepared.site;
    // Links written in front matter or site.toml are reported against those files.
    let mut declared: HashSet<&str> = HashSet::new();
    for item in &site.items {
        declared.extend(item.doc.front.links.iter().flatten().map(|(_, url)| url.as_str()));
        declared.extend(item.doc.front.image.as_deref());
    }
    if let Some(author) = &prepared.config.author {
        declared.extend(author.profiles.iter().map(|p| p.url.as_str()));
    }
    for (job, output) in outputs {
        if !output.path.ends_with(".html") {
            continue;
        }
        let Some(template) = render::job_template(site, &prepared.templates, job) else { continue };
        let html = String::from_utf8_lossy(&output.bytes);
        let page_folder = output.path.strip_suffix("index.html").unwrap_or("");
        let markdown_links: HashSet<&str> = match job {
            render::Job::Item(id) => {
                site.items[*id].links.iter().map(|(_, url)| url.as_str()).collect()
            }
            _ => HashSet::new(),
        };
        let file = prepared.theme.template_file(&template);
        for url in attribute_values(&html, &["href", "src"]) {
            if markdown_links.contains(url.as_str())
                || declared.contains(url.as_str())
                || is_markdown_link(job, site, &url)
            {
                continue;
            }
            if let Some(target) = resolve_internal(&url, page_folder, base_path) {
                if !target_exists(&target, existing) {
                    report.push(
                        Severity::Error,
                        Diagnostic::new(&file, format!("links to `{url}`, which is not in the site (on /{})", output.path))
                            .hint("use url(path=\"@/…\") or asset(path=\"…\") so missing targets are caught at build time"),
                    );
                }
            }
        }
        if html.contains("<img") && images_without_alt(&html) > 0 {
            report.push(
                Severity::Error,
                Diagnostic::new(
                    &file,
                    format!("renders an <img> without alt text (on /{})", output.path),
                )
                .hint("give every image an alt attribute (alt=\"\" for decoration)"),
            );
        }
    }
}

/// Links written in the page's Markdown are reported against the Markdown file instead.
fn is_markdown_link(job: &render::Job, site: &crate::site::Site, url: &str) -> bool {
    let render::Job::Item(id) = job else { return false };
    site.items[*id].doc.body.contains(url)
}

/// The values of the given attributes in an HTML document (double-quoted, as folio's
/// templates and Markdown write them).
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut values = Vec::new();
    for name in names {
        let needle = format!(" {name}=\"");
        let mut rest = html;
        while let Some(index) = rest.find(&needle) {
            rest = &rest[index + needle.len()..];
            if let Some(end) = rest.find('"') {
                values.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    values
}

fn images_without_alt(html: &str) -> usize {
    html.match_indices("<img")
        .filter(|(index, _)| {
            let tag = &html[*index..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            !tag.contains(" alt=")
        })
        .count()
}

#[cfg(test)]
mod tests;
