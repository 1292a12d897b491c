//! BibTeX, both ways: an entry generated from each paper's front matter (or the paper's
//! own `bibtex`), and `folio import bibtex`, which turns a `.bib` file into paper files.
//!
//! Generated entries escape what LaTeX treats specially and keep every other character
//! (accents, Chinese) as UTF-8, which BibTeX tools with UTF-8 input and biber read as is.
//! Reading uses the `biblatex` crate, entry by entry, so one malformed entry is reported
//! with its line and the others are still imported.

use std::path::{Path, PathBuf};

use biblatex::{Bibliography, ChunksExt};
use serde::Serialize;

use crate::content::{CONTENT_DIR, FrontMatter, PaperStatus, PaperType};
use crate::error::{Diagnostic, Error, Result, line_of_offset};

/// Escapes text for a BibTeX field value (inside braces).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a URL-like field (`url`, `doi`, `eprint`): verbatim except braces.
fn escape_verbatim(text: &str) -> String {
    text.replace('{', "\\{").replace('}', "\\}")
}

const STOPWORDS: [&str; 16] = [
    "a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "from", "by", "at",
    "is", "towards",
];

/// The family name of an author as written (`Jintu Zheng`, `Zheng, Jintu`, `郑晋图`).
fn family_name(author: &str) -> String {
    let author = author.trim().trim_end_matches(['*', '†', ' ']);
    if let Some((family, _)) = author.split_once(',') {
        return family.trim().to_string();
    }
    let first = author.chars().next().unwrap_or(' ');
    if is_cjk(first) {
        return first.to_string(); // Chinese names put the family name first
    }
    author.split_whitespace().last().unwrap_or(author).to_string()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// The citation key of a paper: family name of the first named author, year, first
/// significant word of the title (`zheng2024sparse`), in ASCII.
pub fn citation_key(authors: &[String], year: u16, title: &str) -> String {
    let ascii = |text: &str| -> String {
        deunicode::deunicode(text)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect()
    };
    let first = authors
        .iter()
        .find(|a| !a.trim().eq_ignore_ascii_case("others"))
        .map(|a| ascii(&family_name(a)));
    let word = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            // A Chinese title has no spaces: take its first character.
            if w.chars().next().is_some_and(is_cjk) {
                vec![w.chars().next().map(String::from).unwrap_or_default()]
            } else {
                vec![w.to_string()]
            }
        })
        .map(|w| ascii(&w))
        .find(|w| !w.is_empty() && !STOPWORDS.contains(&w.as_str()))
        .unwrap_or_default();
    format!("{}{year}{word}", first.filter(|f| !f.is_empty()).unwrap_or_else(|| "anon".to_string()))
}

/// The key of a hand-written entry (`@article{key, ...`).
pub fn key_of(entry: &str) -> Option<String> {
    let open = entry.find(['{', '('])?;
    let rest = &entry[open + 1..];
    let end = rest.find(',').unwrap_or(rest.len());
    let key = rest[..end].trim();
    (!key.is_empty()).then(|| key.to_string())
}

/// [`entry`] of item `id` under `key`, linking to its page.
pub fn item_entry(site: &crate::site::Site, id: crate::site::ItemId, key: &str) -> String {
    let item = &site.items[id];
    entry(&item.doc.front, key, &crate::site::Links::permalink_of(&site.config, &item.path))
}

/// The BibTeX entry of a paper (its own `bibtex` when it has one).
pub fn entry(front: &FrontMatter, key: &str, url: &str) -> String {
    if let Some(own) = front.bibtex.as_ref().filter(|b| !b.trim().is_empty()) {
        return format!("{}\n", own.trim());
    }
    let status = front.status.unwrap_or_default();
    let venue = front.venue.clone().unwrap_or_default();
    let (entry_type, venue_field) = match (front.r#type, status) {
        (_, PaperStatus::UnderReview) => ("unpublished", None),
        (_, PaperStatus::Preprint) | (Some(PaperType::Preprint), _) => {
            ("misc", Some("howpublished"))
        }
        (Some(PaperType::Journal), _) => ("article", Some("journal")),
        (Some(PaperType::Conference | PaperType::Workshop), _) => {
            ("inproceedings", Some("booktitle"))
        }
        (Some(PaperType::Thesis), _) => ("thesis", Some("school")),
        (Some(PaperType::Patent), _) => ("patent", Some("howpublished")),
        (None, _) => ("misc", Some("howpublished")),
    };
    let authors: Vec<String> = front
        .authors
        .iter()
        .flatten()
        .map(|a| {
            let name = a.trim().trim_end_matches(['*', '†', ' ']).trim();
            if name.eq_ignore_ascii_case("others") { "others".to_string() } else { escape(name) }
        })
        .collect();
    let mut fields: Vec<(&str, String)> = vec![
        ("title", format!("{{{}}}", escape(front.title.as_deref().unwrap_or("")))),
        ("author", authors.join(" and ")),
    ];
    if let (Some(field), false) = (venue_field, venue.is_empty()) {
        fields.push((field, escape(&venue)));
    }
    if let Some(year) = front.year {
        fields.push(("year", year.to_string()));
    }
    let note = match status {
        PaperStatus::UnderReview if !venue.is_empty() => Some(format!("Under review at {venue}")),
        PaperStatus::UnderReview => Some("Under review".to_string()),
        PaperStatus::Accepted => Some("Accepted".to_string()),
        _ => None,
    };
    if let Some(note) = note {
        fields.push(("note", escape(&note)));
    }
    let links = front.links.clone().unwrap_or_default();
    if let Some(doi) = links.get("doi") {
        let doi =
            doi.trim_start_matches("https://doi.org/").trim_start_matches("http://dx.doi.org/");
        fields.push(("doi", escape_verbatim(doi)));
    }
    if let Some(arxiv) = links.get("arxiv") {
        let id = arxiv
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(arxiv)
            .trim_end_matches(".pdf");
        fields.push(("eprint", escape_verbatim(id)));
        fields.push(("archiveprefix", "arXiv".to_string()));
    }
    let link = links.get("pdf").or_else(|| links.get("project")).map(String::as_str).unwrap_or(url);
    if !link.is_empty() {
        fields.push(("url", escape_verbatim(link)));
    }
    let width = fields.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let mut out = format!("@{entry_type}{{{key},\n");
    for (name, value) in fields {
        out.push_str(&format!("  {name:width$} = {{{value}}},\n"));
    }
    out.push_str("}\n");
    out
}

/// Front matter written by `folio import bibtex`.
#[derive(Debug, Serialize)]
struct ImportedPaper {
    title: String,
    authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    venue: Option<String>,
    #[serde(rename = "type")]
    paper_type: &'static str,
    year: i64,
    status: &'static str,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    links: std::collections::BTreeMap<String, String>,
    bibtex: String,
}

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Files written, relative to the site root.
    pub written: Vec<PathBuf>,
    /// Files that existed and were left alone (no `--force`).
    pub skipped: Vec<PathBuf>,
    /// Entries that could not be imported.
    pub problems: Vec<Diagnostic>,
}

impl Imported {
    /// Writes the planned files (site-relative path, text), skipping existing ones unless
    /// `force`, and records which were written and which skipped.
    pub(crate) fn write(
        &mut self,
        root: &Path,
        plans: Vec<(PathBuf, String)>,
        force: bool,
    ) -> Result<(), Error> {
        for (rel, text) in plans {
            let path = root.join(&rel);
            if path.exists() && !force {
                self.skipped.push(rel);
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
            }
            std::fs::write(&path, text).map_err(|err| Error::io(&path, err))?;
            self.written.push(rel);
        }
        Ok(())
    }
}

/// One `@type{...}` block of a `.bib` file with its first line.
struct RawEntry<'a> {
    text: &'a str,
    line: usize,
    kind: String,
}

fn split_entries<'a>(
    source: &'a str,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<RawEntry<'a>> {
    let bytes = source.as_bytes();
    let mut entries = Vec::new();
    let mut i = 0;
    while let Some(offset) = source[i..].find('@') {
        let start = i + offset;
        let line = line_of_offset(source, start);
        let kind: String =
            source[start + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        let mut j = start + 1 + kind.len();
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (open, close) = match bytes.get(j) {
            Some(b'{') => (b'{', b'}'),
            Some(b'(') => (b'(', b')'),
            _ => {
                problems.push(
                    Diagnostic::new(file, format!("`@{kind}` is not followed by {{")).at_line(line),
                );
                i = start + 1;
                continue;
            }
        };
        let mut depth = 0usize;
        let mut end = None;
        let mut k = j;
        while k < bytes.len() {
            match bytes[k] {
                b'\\' => k += 1,
                b if b == open || (open == b'(' && b == b'{') => depth += 1,
                b if b == close || (open == b'(' && b == b'}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && b == close {
                        end = Some(k + 1);
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        match end {
            Some(end) => {
                entries.push(RawEntry {
                    text: &source[start..end],
                    line,
                    kind: kind.to_ascii_lowercase(),
                });
                i = end;
            }
            None => {
                problems.push(
                    Diagnostic::new(file, format!("the entry `@{kind}` is never closed"))
                        .at_line(line)
                        .hint("check that its braces are balanced; the entries after it are read from the next @"),
                );
                // Skip to the next entry start so the rest of the file is still imported.
                i = source[start + 1..].find("\n@").map(|n| start + 2 + n).unwrap_or(source.len());
            }
        }
    }
    entries
}

/// `@string{name = "value"}` → (name, value without its delimiters).
fn string_macro(text: &str) -> Option<(String, String)> {
    let body = &text[text.find(['{', '('])? + 1..text.len().saturating_sub(1)];
    let (name, value) = body.split_once('=')?;
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('{').and_then(|v| v.strip_suffix('}')))?;
    Some((name.trim().to_ascii_lowercase(), value.to_string()))
}

/// The entry with fields whose whole value is a `@string` macro written out, so that the
/// entry kept for export stands on its own (`booktitle = eccv,` → `booktitle = {…},`).
fn expand_macros(entry: &str, macros: &[(String, String)]) -> String {
    if macros.is_empty() {
        return entry.to_string();
    }
    entry
        .lines()
        .map(|line| {
            let Some((field, value)) = line.split_once('=') else { return line.to_string() };
            let trimmed = value.trim().trim_end_matches(',').trim();
            match macros.iter().find(|(name, _)| name.eq_ignore_ascii_case(trimmed)) {
                Some((_, expansion)) => {
                    let comma = if value.trim_end().ends_with(',') { "," } else { "" };
                    format!("{field}= {{{expansion}}}{comma}")
                }
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Display text of a field: LaTeX decoded by biblatex (accents, `--`, braces), and
/// whitespace collapsed.
fn display(chunks: biblatex::ChunksRef) -> String {
    chunks.format_verbatim().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes one paper file per entry of `bib` into `content/<section>/`.
pub fn import(root: &Path, bib: &Path, section: &str, force: bool) -> Result<Imported> {
    let source = std::fs::read_to_string(bib).map_err(|err| Error::io(bib, err))?;
    let mut imported = Imported::default();
    let entries = split_entries(&source, bib, &mut imported.problems);
    let strings: String =
        entries.iter().filter(|e| e.kind == "string").map(|e| format!("{}\n", e.text)).collect();
    let macros: Vec<(String, String)> = entries
        .iter()
        .filter(|e| e.kind == "string")
        .filter_map(|e| string_macro(e.text))
        .collect();
    let mut plans: Vec<(PathBuf, String)> = Vec::new();
    for raw in
        entries.iter().filter(|e| !matches!(e.kind.as_str(), "string" | "comment" | "preamble"))
    {
        let parsed = Bibliography::parse(&format!("{strings}{}", raw.text));
        let bibliography = match parsed {
            Ok(bibliography) => bibliography,
            Err(err) => {
                let offset = err.span.start.saturating_sub(strings.len());
                imported.problems.push(
                    Diagnostic::new(bib, format!("cannot read this entry: {}", err.kind))
                        .at_line(raw.line + line_of_offset(raw.text, offset) - 1)
                        .hint("fix the entry; the others were imported"),
                );
                continue;
            }
        };
        let Some(entry) = bibliography.iter().next() else { continue };
        match paper_of(entry, &expand_macros(raw.text, &macros)) {
            Ok(front) => {
                let slug = crate::slug::slugify(&entry.key);
                let slug = if slug.is_empty() { crate::slug::slugify(&front.title) } else { slug };
                let rel = Path::new(CONTENT_DIR).join(section).join(format!("{slug}.md"));
                let text = match toml::to_string(&front) {
                    Ok(toml) => format!("+++\n{toml}+++\n{}", abstract_of(entry)),
                    Err(err) => {
                        imported.problems.push(
                            Diagnostic::new(bib, format!("cannot write `{}`: {err}", entry.key))
                                .at_line(raw.line),
                        );
                        continue;
                    }
                };
                plans.push((rel, text));
            }
            Err(message) => imported.problems.push(
                Diagnostic::new(bib, format!("entry `{}`: {message}", entry.key))
                    .at_line(raw.line)
                    .hint("a paper needs a title, authors and a year"),
            ),
        }
    }
    imported.write(root, plans, force)?;
    Ok(imported)
}

fn abstract_of(entry: &biblatex::Entry) -> String {
    entry.abstract_().ok().map(|a| format!("{}\n", display(a))).unwrap_or_default()
}

fn paper_of(entry: &biblatex::Entry, original: &str) -> std::result::Result<ImportedPaper, String> {
    let title = entry.title().map(display).map_err(|_| "it has no title".to_string())?;
    let authors: Vec<String> = entry
        .author()
        .map_err(|_| "it has no author".to_string())?
        .iter()
        .map(|person| {
            let name = person.to_string();
            if name.eq_ignore_ascii_case("others") { "others".to_string() } else { name }
        })
        .collect();
    if authors.is_empty() {
        return Err("it has no author".into());
    }
    let year = entry
        .get("year")
        .map(display)
        .or_else(|| entry.get("date").map(display))
        .and_then(|y| y.get(..4).and_then(|y| y.parse::<i64>().ok()))
        .ok_or_else(|| "it has no year".to_string())?;
    let kind = entry.entry_type.to_string().to_ascii_lowercase();
    let (paper_type, status) = match kind.as_str() {
        "article" => ("journal", "published"),
        "inproceedings" | "conference" | "proceedings" | "incollection" => {
            ("conference", "published")
        }
        "phdthesis" | "mastersthesis" | "thesis" => ("thesis", "published"),
        "patent" => ("patent", "published"),
        "unpublished" => ("preprint", "under-review"),
        _ => ("preprint", "preprint"),
    };
    let venue = entry
        .get("booktitle")
        .or_else(|| entry.get("journal"))
        .or_else(|| entry.get("journaltitle"))
        .or_else(|| entry.get("school"))
        .or_else(|| entry.get("howpublished"))
        .map(display);
    let mut links = std::collections::BTreeMap::new();
    if let Ok(doi) = entry.doi() {
        links.insert("doi".to_string(), format!("https://doi.org/{doi}"));
    }
    if let Ok(url) = entry.url() {
        let name = if url.to_ascii_lowercase().ends_with(".pdf") { "pdf" } else { "project" };
        links.insert(name.to_string(), url);
    }
    if let Ok(eprint) = entry.eprint() {
        let arxiv = entry
            .get("archiveprefix")
            .or_else(|| entry.get("eprinttype"))
            .map(display)
            .unwrap_or_default();
        if arxiv.eq_ignore_ascii_case("arxiv") || arxiv.is_empty() {
            links.insert("arxiv".to_string(), format!("https://arxiv.org/abs/{eprint}"));
        }
    }
    Ok(ImportedPaper {
        title,
        authors,
        venue,
        paper_type,
        year,
        status,
        links,
        bibtex: original.trim().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_golden() {
        assert_eq!(escape("R&D 100% on_top #1 $5 {x}"), "R\\&D 100\\% on\\_top \\#1 \\$5 \\{x\\}");
        assert_eq!(
            escape("a\\b ~ ^"),
            "a\\textbackslash{}b \\textasciitilde{} \\textasciicircum{}"
        );
        assert_eq!(escape("Müller, Éva — 郑晋图"), "Müller, Éva — 郑晋图");
    }

    #[test]
    fn citation_keys() {
        let authors = vec!["Jintu Zheng*".to_string(), "others".to_string()];
        assert_eq!(
            citation_key(&authors, 2024, "Sparse-view subcellular structure prediction"),
            "zheng2024sparse"
        );
        assert_eq!(citation_key(&authors, 2024, "On the Importance of X"), "zheng2024importance");
        assert_eq!(citation_key(&["Zheng, Jintu".into()], 2023, "A study"), "zheng2023study");
        assert_eq!(citation_key(&["郑晋图".into()], 2022, "视频对象分割"), "zheng2022shi");
        assert_eq!(
            citation_key(&["others".into(), "J. Müller".into()], 2021, "Über alles"),
            "muller2021uber"
        );
    }

    #[test]
    fn entries_by_type_and_status() {
        let mut front = FrontMatter {
            title: Some("Fast & {Robust} 50% Pruning".into()),
            authors: Some(vec!["Jintu Zheng*".into(), "Ming Li†".into(), "others".into()]),
            venue: Some("NeurIPS 2024".into()),
            r#type: Some(PaperType::Conference),
            year: Some(2024),
            ..FrontMatter::default()
        };
        let e = entry(&front, "zheng2024fast", "https://x.org/p/");
        assert!(e.starts_with("@inproceedings{zheng2024fast,\n"), "{e}");
        assert!(e.contains("title     = {{Fast \\& \\{Robust\\} 50\\% Pruning}},"), "{e}");
        assert!(e.contains("author    = {Jintu Zheng and Ming Li and others},"), "{e}");
        assert!(e.contains("booktitle = {NeurIPS 2024},"), "{e}");
        assert!(e.contains("url       = {https://x.org/p/},"), "{e}");
        front.status = Some(PaperStatus::UnderReview);
        front.venue = Some("ACL".into());
        let e = entry(&front, "k", "");
        assert!(e.starts_with("@unpublished{k,"), "{e}");
        assert!(e.contains("note   = {Under review at ACL}"), "{e}");
        front.bibtex = Some("@article{mine, title={T}}".into());
        assert_eq!(entry(&front, "k", ""), "@article{mine, title={T}}\n");
        assert_eq!(key_of("@article{mine, title={T}}").as_deref(), Some("mine"));
    }
}
