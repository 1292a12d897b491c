//! `folio import bibtex`: turns a `.bib` file into paper files.
//!
//! Entries are cut apart here and read one by one with the `biblatex` crate's raw parser, so
//! one malformed entry is reported with its line and the others are still imported. Values
//! are taken as written (macros expanded, nothing decoded) and decoded by this module's own
//! LaTeX decoder only where a page shows them: a DOI, URL or file name is never touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use biblatex::{RawBibliography, RawChunk};

use super::Imported;
use crate::content::CONTENT_DIR;
use crate::error::{Diagnostic, Error, Result, line_of_offset};
use crate::util::depth::{MAX_BRACES, max_depth};

mod fields;
pub(crate) mod latex;
mod links;
mod names;
pub(super) mod paper;
pub(crate) use links::normalize_doi;

use fields::{Entry, Value};

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

/// Writes one paper file per entry of `bib` into `content/<section>/`.
pub fn import(root: &Path, bib: &Path, section: &str, mode: super::Mode) -> Result<Imported> {
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
    let (plans, mut imported) = plan_with_report(&source, bib, section);
    imported.write(root, plans, mode)?;
    Ok(imported)
}

/// The paper files the `.bib` text `source` (read from `bib`) becomes: site-relative path
/// and text of each, and a problem for each entry that could not be read.
pub fn plan(source: &str, bib: &Path, section: &str) -> super::Planned {
    let (plans, report) = plan_with_report(source, bib, section);
    (plans, report.problems)
}

/// [`plan`], with the notes saying what went where.
pub(crate) fn plan_with_report(
    source: &str,
    bib: &Path,
    section: &str,
) -> (Vec<(PathBuf, String)>, Imported) {
    let mut imported = Imported::default();
    let raw_entries = split_entries(source, bib, &mut imported.problems);
    let strings: String = raw_entries
        .iter()
        .filter(|e| e.kind == "string")
        .map(|e| format!("{}\n", e.text))
        .collect();
    let mut entries: Vec<Entry> = Vec::new();
    for raw in
        raw_entries.iter().filter(|e| !matches!(e.kind.as_str(), "string" | "comment" | "preamble"))
    {
        match read_entry(raw, &strings, bib, &mut imported.warnings) {
            Ok(entry) => entries.push(entry),
            Err(problem) => imported.problems.push(problem),
        }
    }
    fields::resolve_crossrefs(&mut entries, bib, &mut imported.warnings);
    let mut plans: Vec<(PathBuf, String)> = Vec::new();
    for entry in &entries {
        if entry.only_a_parent {
            imported.notes.push(format!(
                "`{}` (@{}) is the crossref parent of other entries: its fields went into them, it is not a paper of its own",
                entry.key, entry.kind
            ));
            continue;
        }
        match fields::paper_of(entry) {
            Ok(paper) => {
                let slug = crate::util::slug::slugify(&entry.key);
                let slug =
                    if slug.is_empty() { crate::util::slug::slugify(&paper.title()) } else { slug };
                let rel = Path::new(CONTENT_DIR).join(section).join(format!("{slug}.md"));
                match paper.text() {
                    Ok(text) => {
                        for note in paper.notes(&rel) {
                            imported.notes.push(note);
                        }
                        plans.push((rel, text));
                    }
                    Err(err) => imported.problems.push(
                        Diagnostic::new(bib, format!("cannot write `{}`: {err}", entry.key))
                            .at_line(entry.line),
                    ),
                }
            }
            Err(message) => imported.problems.push(
                Diagnostic::new(bib, format!("entry `{}`: {message}", entry.key))
                    .at_line(entry.line)
                    .hint("a paper needs a title, authors (or editors) and a year; fix the entry and import again"),
            ),
        }
    }
    (plans, imported)
}

/// Reads one entry with `@string` macros `strings` before it: fields as written, macros
/// and month names expanded, each with its line.
fn read_entry(
    raw: &RawEntry,
    strings: &str,
    bib: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> std::result::Result<Entry, Diagnostic> {
    // The BibTeX parser's time grows with the square of the nesting.
    let depth = max_depth(raw.text, b'{', b'}');
    if depth > MAX_BRACES {
        return Err(Diagnostic::new(
            bib,
            format!("this entry's braces nest {depth} deep; folio reads at most {MAX_BRACES}"),
        )
        .at_line(raw.line)
        .hint("fix the entry's braces; the others were imported"));
    }
    let text = format!("{strings}{}", raw.text);
    let line_at = |offset: usize| {
        let offset = offset.saturating_sub(strings.len()).min(raw.text.len());
        raw.line + line_of_offset(raw.text, offset) - 1
    };
    let parsed = RawBibliography::parse(&text).map_err(|err| {
        Diagnostic::new(bib, format!("cannot read this entry: {}", err.kind))
            .at_line(line_at(err.span.start))
            .hint("fix the entry; the others were imported")
    })?;
    let Some(entry) = parsed.entries.first() else {
        return Err(Diagnostic::new(bib, "cannot read this entry")
            .at_line(raw.line)
            .hint("fix the entry; the others were imported"));
    };
    let abbreviation = |name: &str| {
        parsed
            .abbreviations
            .iter()
            .rev()
            .find(|pair| pair.key.v.eq_ignore_ascii_case(name))
            .and_then(|pair| concat(&pair.value.v, &|_| None).ok())
    };
    // The entry kept for citing stands on its own: `@string` macros written out.
    let mut original = raw.text.to_string();
    let mut expansions: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut fields = BTreeMap::new();
    for pair in &entry.v.fields {
        let name = pair.key.v.to_ascii_lowercase();
        let line = line_at(pair.key.span.start);
        let value = concat(&pair.value.v, &|macro_name: &str| {
            abbreviation(macro_name).or_else(|| month_number(macro_name).map(|m| m.to_string()))
        });
        let value = match value {
            Ok(value) => value,
            Err(unknown) => {
                warnings.push(
                    Diagnostic::new(bib, format!("`{name}` uses the macro `{unknown}`, which no @string defines: its name was kept as the value"))
                        .at_line(line)
                        .hint(format!("define it (@string{{{unknown} = {{…}}}}) or write the value in braces")),
                );
                concat(&pair.value.v, &|name: &str| Some(name.to_string())).unwrap_or_default()
            }
        };
        let uses_string = pair.value.v.iter().any(|chunk| {
            matches!(chunk.v, RawChunk::Abbreviation(name) if month_number(name).is_none() || abbreviation(name).is_some())
        });
        let span = pair.value.span.clone();
        if uses_string && span.start >= strings.len() {
            let range = span.start - strings.len()..span.end - strings.len();
            expansions.push((range, format!("{{{value}}}")));
        }
        if fields.contains_key(&name) {
            warnings.push(
                Diagnostic::new(
                    bib,
                    format!("`{}` has `{name}` twice: the first is kept", entry.v.key.v),
                )
                .at_line(line),
            );
            continue;
        }
        fields.insert(name, Value { raw: value, line });
    }
    for (range, text) in expansions.into_iter().rev() {
        if original.get(range.clone()).is_some() {
            original.replace_range(range, &text);
        }
    }
    Ok(Entry {
        key: entry.v.key.v.to_string(),
        kind: entry.v.kind.v.to_ascii_lowercase(),
        line: raw.line,
        fields,
        original,
        only_a_parent: false,
    })
}

/// A field's value: its pieces joined (`a # " " # b`), macros expanded by `expand` (the
/// name of one it cannot expand is the error).
fn concat(
    chunks: &[biblatex::Spanned<RawChunk>],
    expand: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<String, String> {
    let mut value = String::new();
    for chunk in chunks {
        match chunk.v {
            RawChunk::Normal(text) => value.push_str(text),
            RawChunk::Abbreviation(name) => match expand(name) {
                Some(text) => value.push_str(&text),
                None => return Err(name.to_string()),
            },
        }
    }
    Ok(value)
}

/// The number of a month as BibTeX's macros (`jan`…) or written out (`May`, `5`).
pub(crate) fn month_number(text: &str) -> Option<u8> {
    let text = text.trim().trim_matches(['{', '}']).trim().to_ascii_lowercase();
    if let Ok(number) = text.parse::<u8>() {
        return (1..=12).contains(&number).then_some(number);
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let text = text.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == text || (text.len() >= 3 && m.starts_with(text) && text.len() <= 4))
        .map(|i| i as u8 + 1)
}
