//! What each BibTeX field becomes in a paper's front matter: the standard fields, the ones
//! al-folio, Hugo Blox, Zotero and JabRef add (links, flags, pictures, files), and the rest
//! kept under `[extra]` and in the stored entry, so nothing an entry says is dropped.

use std::collections::BTreeMap;
use std::path::Path;

use super::latex::{Target, decode};
use super::links::{LINK_FIELDS, Links, is_address, links_of};
use super::names::authors;
use super::paper::{Paper, file_name};
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
    pub(super) fn raw(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(|v| v.raw.trim()).filter(|v| !v.is_empty())
    }

    pub(super) fn text(&self, name: &str) -> Option<String> {
        self.raw(name).map(|raw| decode(raw, Target::Plain)).filter(|v| !v.is_empty())
    }

    /// A value that is an address or an identifier: braces dropped, never decoded.
    pub(super) fn verbatim(&self, name: &str) -> Option<String> {
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
    let Links { links, mut files, arxiv_id } = links_of(entry);
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
        bibtex: Some(entry.original.trim().to_string()),
        links,
        extra,
        body,
        files,
        kept_in_extra,
    })
}
