//! The links of an entry: its DOI (normalised, never decoded), its arXiv id wherever the
//! entry gives it, the link fields of al-folio and Hugo Blox, `url` by its address, and
//! Zotero's `file`; a relative path is a file of the user's to copy beside the paper.

use std::collections::BTreeMap;

use super::fields::Entry;
use super::paper::file_name;

/// Links a paper can carry: the field, the link name folio gives it.
pub(super) const LINK_FIELDS: &[(&str, &str)] = &[
    ("pdf", "pdf"),
    ("slides", "slides"),
    ("code", "code"),
    ("video", "video"),
    ("poster", "poster"),
    ("html", "html"),
    ("supp", "supp"),
    ("blog", "blog"),
    ("website", "project"),
    ("project", "project"),
    ("url_pdf", "pdf"),
    ("url_code", "code"),
    ("url_slides", "slides"),
    ("url_video", "video"),
    ("url_poster", "poster"),
    ("url_project", "project"),
];

/// An entry's links (name → URL or file name), the files it names by a path of its own
/// (field, path), and its arXiv id.
pub(super) struct Links {
    pub(super) links: BTreeMap<String, String>,
    pub(super) files: Vec<(String, String)>,
    pub(super) arxiv_id: Option<String>,
}

pub(super) fn links_of(entry: &Entry) -> Links {
    let mut links = BTreeMap::new();
    let mut files = Vec::new();
    let mut add_link =
        |links: &mut BTreeMap<String, String>, field: &str, name: &str, target: String| {
            if target.is_empty() || links.contains_key(name) {
                return;
            }
            if is_address(&target) {
                links.insert(name.to_string(), target);
            } else {
                links.insert(name.to_string(), file_name(&target));
                if !files.iter().any(|(_, path)| *path == target) {
                    files.push((field.to_string(), target));
                }
            }
        };
    if let Some(doi) = entry.verbatim("doi").map(|d| normalize_doi(&d)).filter(|d| !d.is_empty()) {
        links.insert("doi".to_string(), format!("https://doi.org/{doi}"));
    }
    let arxiv_id = arxiv_of(entry);
    if let Some(id) = &arxiv_id {
        links.insert("arxiv".to_string(), format!("https://arxiv.org/abs/{id}"));
    }
    for (field, name) in LINK_FIELDS {
        if let Some(target) = entry.verbatim(field) {
            add_link(&mut links, field, name, target);
        }
    }
    if let Some(url) = entry.verbatim("url") {
        let lower = url.to_ascii_lowercase();
        let name = if lower.contains("arxiv.org/") {
            "arxiv"
        } else if lower.contains("doi.org/") {
            "doi"
        } else if lower.ends_with(".pdf") {
            "pdf"
        } else {
            // The publisher's page; when `html` already gave one, `url` stays in the
            // stored entry only.
            "html"
        };
        add_link(&mut links, "url", name, url);
    }
    // Zotero and JabRef: `file = {Full Text:files/1/x.pdf:application/pdf;…}`.
    if let Some(file) = entry.verbatim("file") {
        for attachment in file.split(';') {
            let parts: Vec<&str> = attachment.split(':').collect();
            let path = match parts.as_slice() {
                [_, path, _] | [path, _] => *path,
                _ => attachment,
            };
            if path.to_ascii_lowercase().ends_with(".pdf") {
                add_link(&mut links, "file", "pdf", path.trim().to_string());
            }
        }
    }
    Links { links, files, arxiv_id }
}

/// Whether a link target is an address (a URL or a site path) rather than a file of the
/// entry's own.
pub(super) fn is_address(target: &str) -> bool {
    target.contains("://") || target.starts_with('/') || target.starts_with("mailto:")
}

/// `10.1/x` from any of `https://doi.org/10.1/x`, `http://dx.doi.org/10.1/x`, `doi:10.1/x`.
pub(crate) fn normalize_doi(doi: &str) -> String {
    let mut doi = doi.trim();
    loop {
        let lower = doi.to_ascii_lowercase();
        let prefix = [
            "https://doi.org/",
            "http://doi.org/",
            "https://dx.doi.org/",
            "http://dx.doi.org/",
            "doi.org/",
            "doi:",
        ]
        .iter()
        .find(|p| lower.starts_with(*p));
        match prefix {
            Some(prefix) => doi = doi[prefix.len()..].trim(),
            None => return doi.to_string(),
        }
    }
}

/// The arXiv identifier of an entry: al-folio's `arxiv`, an `eprint` whose archive is arXiv
/// (or that looks like an arXiv id), or a journal such as "arXiv preprint arXiv:2401.01234".
pub(super) fn arxiv_of(entry: &Entry) -> Option<String> {
    if let Some(id) = entry.verbatim("arxiv") {
        return Some(strip_arxiv(&id));
    }
    if let Some(eprint) = entry.verbatim("eprint") {
        let archive = entry
            .verbatim("archiveprefix")
            .or_else(|| entry.verbatim("eprinttype"))
            .unwrap_or_default();
        if archive.eq_ignore_ascii_case("arxiv")
            || (archive.is_empty() && looks_like_arxiv(&eprint))
        {
            return Some(strip_arxiv(&eprint));
        }
    }
    let journal = entry.verbatim("journal").unwrap_or_default();
    let lower = journal.to_ascii_lowercase();
    lower
        .find("arxiv:")
        .map(|at| {
            journal[at + 6..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_end_matches(['.', ','])
                .to_string()
        })
        .filter(|id| looks_like_arxiv(id))
}

fn strip_arxiv(id: &str) -> String {
    let id = id.trim();
    let lower = id.to_ascii_lowercase();
    for prefix in ["https://arxiv.org/abs/", "http://arxiv.org/abs/", "arxiv:"] {
        if lower.starts_with(prefix) {
            return id[prefix.len()..].to_string();
        }
    }
    id.to_string()
}

/// `2401.01234`, `2401.01234v2`, or the old style `hep-th/9901001`.
fn looks_like_arxiv(id: &str) -> bool {
    let (head, tail) = match id.split_once('.') {
        Some(parts) => parts,
        None => {
            return id.contains('/')
                && id
                    .rsplit('/')
                    .next()
                    .is_some_and(|n| n.len() == 7 && n.chars().all(|c| c.is_ascii_digit()));
        }
    };
    head.len() == 4
        && head.chars().all(|c| c.is_ascii_digit())
        && tail.chars().take_while(|c| c.is_ascii_digit()).count() >= 4
}
