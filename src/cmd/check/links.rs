//! Links and URLs that point at nothing: in Markdown, in front matter and in the
//! rendered pages; images without alt text.

use crate::build::prepare::Prepared;
use crate::content::{Document, front_matter};
use crate::error::deserialize::key_line;
use crate::error::{Diagnostic, line_of_offset};
use crate::render;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::path::Path;

use super::*;

/// Resolves an internal URL (root-relative, or relative to the page folder `page_path`)
/// to an output path; `None` for external links, fragments and special schemes.
pub(super) fn resolve_internal(url: &str, page_path: &str, base_path: &str) -> Option<String> {
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

pub(super) fn target_exists(path: &str, existing: &HashSet<String>) -> bool {
    existing.contains(path) || existing.contains(&format!("{path}/index.html"))
}

pub(super) fn check_markdown_links(
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

pub(super) fn check_url(
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
pub(super) fn malformed_url(url: &str) -> Option<&'static str> {
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

pub(super) fn check_front_matter_urls(
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

pub(super) fn check_template_links(
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
pub(super) fn is_markdown_link(job: &render::Job, site: &crate::site::Site, url: &str) -> bool {
    let render::Job::Item(id) = job else { return false };
    site.items[*id].doc.body.contains(url)
}

/// The values of the given attributes in an HTML document (double-quoted, as folio's
/// templates and Markdown write them).
pub(super) fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
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

pub(super) fn images_without_alt(html: &str) -> usize {
    html.match_indices("<img")
        .filter(|(index, _)| {
            let tag = &html[*index..];
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            !tag.contains(" alt=")
        })
        .count()
}
