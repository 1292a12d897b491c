//! `folio import bibtex`: turns a `.bib` file into paper files.
//!
//! Reading uses the `biblatex` crate, entry by entry, so one malformed entry is reported
//! with its line and the others are still imported.

use std::path::{Path, PathBuf};

use biblatex::{Bibliography, ChunksExt};
use serde::Serialize;

use super::Imported;
use crate::content::CONTENT_DIR;
use crate::error::{Diagnostic, Error, Result, line_of_offset};
use crate::util::depth::{MAX_BRACES, max_depth};

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
    super::check_section(section)?;
    let bytes = std::fs::read(bib).map_err(|err| Error::io(bib, err))?;
    let source = String::from_utf8(bytes).map_err(|err| {
        let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::from(
            Diagnostic::new(bib, "the file is not UTF-8 text")
                .at_line(line)
                .hint("save it as UTF-8 (BibTeX from older tools may be Latin-1: convert it with iconv -f latin1 -t utf-8)"),
        )
    })?;
    let mut imported = Imported::default();
    let (plans, problems) = plan(&source, bib, section);
    imported.problems = problems;
    imported.write(root, plans, force)?;
    Ok(imported)
}

/// The paper files the `.bib` text `source` (read from `bib`) becomes: site-relative path
/// and text of each, and a problem for each entry that could not be read.
pub fn plan(source: &str, bib: &Path, section: &str) -> super::Planned {
    let mut imported = Imported::default();
    let entries = split_entries(source, bib, &mut imported.problems);
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
        // The BibTeX parser's time grows with the square of the nesting.
        let depth = max_depth(raw.text, b'{', b'}');
        if depth > MAX_BRACES {
            imported.problems.push(
                Diagnostic::new(
                    bib,
                    format!(
                        "this entry's braces nest {depth} deep; folio reads at most {MAX_BRACES}"
                    ),
                )
                .at_line(raw.line)
                .hint("fix the entry's braces; the others were imported"),
            );
            continue;
        }
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
                let slug = crate::util::slug::slugify(&entry.key);
                let slug =
                    if slug.is_empty() { crate::util::slug::slugify(&front.title) } else { slug };
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
    (plans, imported.problems)
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
