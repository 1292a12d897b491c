//! What each BibTeX field becomes in a paper's front matter: the standard fields, the ones
//! al-folio, Hugo Blox, Zotero and JabRef add (links, flags, pictures, files), and the rest
//! kept under `[extra]` and in the stored entry, so nothing an entry says is dropped.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::latex::{Target, decode};
use super::names::authors;
use crate::error::Diagnostic;

/// A field's value as written (macros expanded, nothing decoded) and its line.
#[derive(Debug, Clone)]
pub(super) struct Value {
    pub(super) raw: String,
    pub(super) line: usize,
}

/// One entry of the `.bib` file.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) key: String,
    pub(super) kind: String,
    pub(super) line: usize,
    pub(super) fields: BTreeMap<String, Value>,
    /// The entry as written, `@string` macros expanded: kept for citing.
    pub(super) original: String,
    /// A `@proceedings` or `@book` that other entries name as their `crossref` and that is
    /// no paper of its own (no authors).
    pub(super) only_a_parent: bool,
}

impl Entry {
    fn raw(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|v| v.raw.trim()).filter(|v| !v.is_empty())
    }

    fn text(&self, name: &str) -> Option<String> {
        self.raw(name).map(|raw| decode(raw, Target::Plain)).filter(|v| !v.is_empty())
    }

    /// A value that is an address or an identifier: braces dropped, never decoded.
    fn verbatim(&self, name: &str) -> Option<String> {
        self.raw(name).map(verbatim).filter(|v| !v.is_empty())
    }
}

fn verbatim(raw: &str) -> String {
    raw.chars().filter(|c| !matches!(c, '{' | '}')).collect::<String>().trim().to_string()
}

/// Gives each entry with a `crossref` the fields its parent has and it lacks (the parent's
/// `title` becomes the child's `booktitle`), as BibTeX does; parents without authors are
/// marked as only that.
pub(super) fn resolve_crossrefs(entries: &mut [Entry], bib: &Path, warnings: &mut Vec<Diagnostic>) {
    let by_key: BTreeMap<String, usize> =
        entries.iter().enumerate().map(|(i, e)| (e.key.to_lowercase(), i)).collect();
    let mut parents = Vec::new();
    for child in 0..entries.len() {
        let Some(parent_key) = entries[child].verbatim("crossref") else { continue };
        let Some(&parent) = by_key.get(&parent_key.to_lowercase()) else {
            let line =
                entries[child].fields.get("crossref").map_or(entries[child].line, |v| v.line);
            warnings.push(
                Diagnostic::new(bib, format!("`{}` names `{parent_key}` as its crossref, which is not in the file", entries[child].key))
                    .at_line(line)
                    .hint("add the parent entry to the file, or write its fields (booktitle, year) into this one"),
            );
            continue;
        };
        if parent == child {
            continue;
        }
        let inherited: Vec<(String, Value)> = entries[parent]
            .fields
            .iter()
            .map(|(name, value)| {
                let name = if name == "title" { "booktitle".to_string() } else { name.clone() };
                (name, value.clone())
            })
            .filter(|(name, _)| !matches!(name.as_str(), "crossref" | "author" | "abstract"))
            .collect();
        for (name, value) in inherited {
            entries[child].fields.entry(name).or_insert(value);
        }
        parents.push(parent);
    }
    for parent in parents {
        if entries[parent].raw("author").is_none() {
            entries[parent].only_a_parent = true;
        }
    }
}

/// The front matter written for a paper, in the order a person reads it.
#[derive(Debug, Serialize)]
pub(super) struct Paper {
    title: String,
    authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    venue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    abbr: Option<String>,
    #[serde(rename = "type")]
    paper_type: &'static str,
    year: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    featured: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    badges: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    bibtex: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    links: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extra: BTreeMap<String, String>,
    /// The abstract: the page's body.
    #[serde(skip)]
    body: String,
    /// Files the entry names by a path of its own (`pdf = {paper.pdf}`): field → path.
    #[serde(skip)]
    pub(super) files: Vec<(String, String)>,
    /// Fields with no place of their own, kept under `[extra]`.
    #[serde(skip)]
    kept_in_extra: Vec<String>,
}

impl Paper {
    pub(super) fn title(&self) -> String {
        self.title.clone()
    }

    /// The file's text: TOML front matter, then the abstract.
    pub(super) fn text(&self) -> Result<String, toml::ser::Error> {
        let toml = toml::to_string(self)?;
        let body = if self.body.is_empty() { String::new() } else { format!("{}\n", self.body) };
        Ok(format!("+++\n{toml}+++\n{body}"))
    }

    /// What the user is told about this paper besides "wrote".
    pub(super) fn notes(&self, rel: &Path) -> Vec<String> {
        let mut notes = Vec::new();
        let folder = rel.parent().map(|p| p.display().to_string()).unwrap_or_default();
        for (field, path) in &self.files {
            let name = file_name(path);
            let al_folio = match field.as_str() {
                "preview" => {
                    format!(" (al-folio kept it as assets/img/publication_preview/{name})")
                }
                "pdf" | "supp" | "slides" | "poster" => {
                    format!(" (al-folio kept it as assets/pdf/{name})")
                }
                _ => String::new(),
            };
            notes.push(format!("copy {path}{al_folio} into {folder}/ (`{field}` of the entry)"));
        }
        if !self.kept_in_extra.is_empty() {
            notes.push(format!(
                "{}: {} kept under [extra] (folio has no field for {})",
                rel.display(),
                self.kept_in_extra.join(", "),
                if self.kept_in_extra.len() == 1 { "it" } else { "them" }
            ));
        }
        notes
    }
}

/// The last part of a path (al-folio's `pdf = {assets/pdf/x.pdf}` → `x.pdf`).
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

/// Fields that describe the work itself: they stay in the stored entry, which is what
/// folio cites, and need no place of their own.
const BIBLIOGRAPHIC: &[&str] = &[
    "address",
    "author",
    "booktitle",
    "chapter",
    "date",
    "edition",
    "editor",
    "eventdate",
    "eventtitle",
    "howpublished",
    "institution",
    "isbn",
    "issn",
    "issue",
    "journal",
    "journaltitle",
    "language",
    "location",
    "number",
    "numpages",
    "organization",
    "pages",
    "primaryclass",
    "publisher",
    "school",
    "series",
    "shorttitle",
    "subtitle",
    "title",
    "type",
    "urldate",
    "venue",
    "volume",
    "year",
    "month",
    "crossref",
    "archiveprefix",
    "eprinttype",
    "eprint",
    "doi",
    "url",
    "articleno",
    "keywords",
    "abstract",
    "note",
];

/// Fields al-folio reads to lay out its own pages, which mean nothing elsewhere.
const AL_FOLIO_LAYOUT: &[&str] = &["bibtex_show", "google_scholar_id", "altmetric", "dimensions"];

/// Links a paper can carry: the field, the link name folio gives it.
const LINK_FIELDS: &[(&str, &str)] = &[
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

/// The paper an entry becomes, or why it cannot be one.
// Long because it is the field table of the import: one arm per field or group of fields.
pub(super) fn paper_of(entry: &Entry) -> Result<Paper, String> {
    let title = entry.text("title").ok_or("it has no title")?;
    let authors = entry
        .raw("author")
        .or_else(|| entry.raw("editor"))
        .map(authors)
        .filter(|a| !a.is_empty())
        .ok_or("it has no author (or editor)")?;
    let year = entry
        .verbatim("year")
        .or_else(|| entry.verbatim("date"))
        .and_then(|y| y.trim().get(..4).and_then(|y| y.parse::<i64>().ok()))
        .ok_or("it has no year")?;
    let month = entry
        .raw("month")
        .and_then(super::month_number)
        .or_else(|| entry.verbatim("date").and_then(|d| d.get(5..7).and_then(|m| m.parse().ok())));
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
    let journal = entry.text("journal").or_else(|| entry.text("journaltitle"));
    let is_arxiv_journal = journal.as_deref().is_some_and(|j| {
        let lower = j.to_ascii_lowercase();
        lower.contains("arxiv") || lower.starts_with("corr") || lower.contains("biorxiv")
    });
    let (paper_type, status) = match entry.kind.as_str() {
        "article" if is_arxiv_journal => ("preprint", "preprint"),
        "article" | "periodical" => ("journal", "published"),
        "inproceedings" | "conference" => ("conference", "published"),
        "book" | "proceedings" | "booklet" | "mvbook" | "collection" => ("book", "published"),
        "incollection" | "inbook" | "bookinbook" | "suppbook" => ("chapter", "published"),
        "phdthesis" | "mastersthesis" | "thesis" => ("thesis", "published"),
        "techreport" | "report" => ("report", "published"),
        "patent" => ("patent", "published"),
        "unpublished" => ("preprint", "preprint"),
        _ if arxiv_id.is_some() => ("preprint", "preprint"),
        "misc" | "online" | "electronic" | "www" if is_arxiv_journal => ("preprint", "preprint"),
        _ => ("other", "published"),
    };
    let status = match entry.text("note").map(|n| n.to_lowercase()) {
        Some(note) if note.contains("under review") || note.contains("submitted") => "under-review",
        Some(note)
            if status == "published"
                && (note.contains("accepted")
                    || note.contains("to appear")
                    || note.contains("in press")) =>
        {
            "accepted"
        }
        _ => status,
    };
    let venue = match paper_type {
        "book" => entry.text("publisher").or_else(|| entry.text("series")),
        "thesis" => entry.text("school").or_else(|| entry.text("institution")),
        "report" => entry.text("institution").or_else(|| entry.text("number")),
        "preprint" if arxiv_id.is_some() && is_arxiv_journal => Some("arXiv".to_string()),
        _ => entry
            .text("booktitle")
            .or(journal)
            .or_else(|| entry.text("howpublished"))
            .or_else(|| entry.text("publisher"))
            .or_else(|| entry.text("school")),
    };
    let featured = entry.raw("selected").map(|v| verbatim(v).eq_ignore_ascii_case("true"));
    let featured = featured.filter(|f| *f);
    let mut badges = Vec::new();
    if let Some(award) = entry.text("award_name").or_else(|| entry.text("award")) {
        badges.push(award);
    }
    let tags: Vec<String> = entry
        .text("keywords")
        .map(|k| {
            k.split([',', ';']).map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()
        })
        .unwrap_or_default();
    let image = entry.verbatim("preview").map(|preview| {
        if is_address(&preview) {
            preview
        } else {
            files.push(("preview".to_string(), preview.clone()));
            file_name(&preview)
        }
    });
    let mut extra = BTreeMap::new();
    let mut kept_in_extra = Vec::new();
    let mapped = |name: &str| {
        BIBLIOGRAPHIC.contains(&name)
            || AL_FOLIO_LAYOUT.contains(&name)
            || LINK_FIELDS.iter().any(|(field, _)| *field == name)
            || matches!(
                name,
                "abbr" | "selected" | "preview" | "award" | "award_name" | "file" | "arxiv"
            )
    };
    for (name, value) in &entry.fields {
        let keep = !mapped(name)
            || AL_FOLIO_LAYOUT.contains(&name.as_str())
            || (name == "award" && entry.raw("award_name").is_some())
            || name == "note" && status == "published";
        if keep && !name.starts_with("bibtex_show") {
            extra.insert(name.clone(), decode(&value.raw, Target::Plain));
            kept_in_extra.push(name.clone());
        }
    }
    let body = entry.raw("abstract").map(|a| decode(a, Target::Markdown)).unwrap_or_default();
    Ok(Paper {
        title,
        authors,
        venue,
        abbr: entry.text("abbr"),
        paper_type,
        year,
        month,
        status,
        featured,
        badges,
        tags,
        image,
        bibtex: entry.original.trim().to_string(),
        links,
        extra,
        body,
        files,
        kept_in_extra,
    })
}

/// Whether a link target is an address (a URL or a site path) rather than a file of the
/// entry's own.
fn is_address(target: &str) -> bool {
    target.contains("://") || target.starts_with('/') || target.starts_with("mailto:")
}

/// `10.1/x` from any of `https://doi.org/10.1/x`, `http://dx.doi.org/10.1/x`, `doi:10.1/x`.
pub(super) fn normalize_doi(doi: &str) -> String {
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
fn arxiv_of(entry: &Entry) -> Option<String> {
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
