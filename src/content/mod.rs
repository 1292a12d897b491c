//! Loading `content/`: walk the folder, read every Markdown file, split and check its
//! front matter against its kind, and name its language and translation key.
//!
//! Every problem found is collected, so one build reports every broken file. Nothing
//! here knows about URLs or templates; that is the site model's job.
//!
//! Owns the documents and their typed front matter. Must not name the site model, templates
//! or output.

pub mod front_matter;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, looks_like_language_code};
use crate::error::{Diagnostic, Error};
pub(crate) use front_matter::{FrontMatter, Kind, PaperStatus, PaperType};

mod walk;
use walk::*;

/// The folder of content files in a site.
pub(crate) const CONTENT_DIR: &str = "content";

/// What a Markdown file is in the site's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// `content/_index.md`: the home page.
    Home,
    /// `content/<section>/_index.md`.
    SectionIndex,
    /// Any other Markdown file.
    Item,
}

/// One parsed Markdown file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file, relative to the site root (`content/papers/foo.en.md`), for messages.
    pub file: PathBuf,
    /// The path inside `content/`, `/`-separated (`papers/foo.en.md`), as `@/` links write it.
    pub content_path: String,
    /// The translation key: the content path without the language (`papers/foo.md`).
    pub key: String,
    /// The language code.
    pub lang: String,
    /// Home, section index, or item.
    pub role: Role,
    /// The top-level folder under `content/`, if any.
    pub section: Option<String>,
    /// Folders between the section and the file (`2024/` in `posts/2024/x.md`).
    pub subpath: String,
    /// The file name without language and extension.
    pub stem: String,
    /// The kind (for section indexes: `Kind::Section`).
    pub kind: Kind,
    /// The checked front matter.
    pub front: FrontMatter,
    /// The Markdown after the front matter.
    pub body: String,
    /// The body's first line in the file.
    pub body_line: usize,
}

/// A file in `content/` that is not Markdown, copied to the same place in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path of the source.
    pub source: PathBuf,
    /// Output-relative path, `/`-separated.
    pub output_path: String,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The Markdown files that parsed.
    pub documents: Vec<Arc<Document>>,
    /// Other files to copy.
    pub assets: Vec<Asset>,
    /// Content paths of Markdown files that failed to parse (so links to them are not
    /// reported as broken a second time).
    pub failed: Vec<String>,
    /// Every problem found.
    pub problems: Vec<Diagnostic>,
}

struct Found {
    absolute: PathBuf,
    content_path: String,
}

/// Reads and checks every file under `<root>/content`.
pub(crate) fn load(config: &Config) -> Result<Loaded, Error> {
    let content_dir = config.root.join(CONTENT_DIR);
    let mut loaded = Loaded::default();
    if !content_dir.is_dir() {
        return Ok(loaded);
    }
    // Following links costs a stat per entry; only a tree that has links needs it.
    let walk = walk_content(config, &content_dir, false)
        .or_else(|| walk_content(config, &content_dir, true))
        .unwrap_or_default();
    let markdown = walk.markdown;
    loaded.assets = walk.assets;
    loaded.problems = walk.problems;
    // Section indexes first: they decide the kind of every file in their folder.
    let (indexes, items): (Vec<Found>, Vec<Found>) = markdown
        .into_iter()
        .partition(|found| file_name(&found.content_path).starts_with("_index."));
    let parsed_indexes: Vec<_> =
        indexes.par_iter().map(|found| load_one(config, found, &[]).map(Arc::new)).collect();
    let mut section_kinds: Vec<(String, Kind)> = Vec::new();
    let mut results = Vec::with_capacity(parsed_indexes.len() + items.len());
    for (found, result) in indexes.iter().zip(parsed_indexes) {
        if let Ok(document) = &result {
            if let (Some(section), Some(kind)) = (&document.section, document.front.kind) {
                section_kinds.push((section.clone(), kind));
            }
        }
        results.push((found, result));
    }
    let parsed_items: Vec<_> = items
        .par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|found| load_one(config, found, &section_kinds).map(Arc::new))
        .collect();
    results.extend(items.iter().zip(parsed_items));

    for (found, result) in results {
        match result {
            Ok(document) => loaded.documents.push(document),
            Err(problems) => {
                loaded.failed.push(found.content_path.clone());
                loaded.problems.extend(problems);
            }
        }
    }
    loaded.documents.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    Ok(loaded)
}

/// The kinds that section `_index.md` files declare, by folder.
pub(crate) fn section_kinds<'a>(
    documents: impl Iterator<Item = &'a Document>,
) -> Vec<(String, Kind)> {
    let mut kinds: Vec<(String, Kind)> = documents
        .filter(|doc| doc.role == Role::SectionIndex)
        .filter_map(|doc| Some((doc.section.clone()?, doc.front.kind?)))
        .collect();
    kinds.sort();
    kinds.dedup_by(|a, b| a.0 == b.0);
    kinds
}

/// A file's bytes up to the size it had when opened. `fs::read` reads once more to find the
/// end, one system call too many for each of thousands of Markdown files (a file written to
/// meanwhile is read again on its next change event anyway).
fn read_at_its_size(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(&mut std::io::Read::take(file, size), &mut bytes)?;
    Ok(bytes)
}

/// Reads one Markdown file, `content_path` being its path inside `content/`.
pub(crate) fn load_file(
    config: &Config,
    content_path: &str,
    section_kinds: &[(String, Kind)],
) -> Result<Document, Vec<Diagnostic>> {
    let found = Found {
        absolute: config.root.join(CONTENT_DIR).join(content_path),
        content_path: content_path.to_string(),
    };
    load_one(config, &found, section_kinds)
}

// Long because it is the one place a content file becomes a document: read, split,
// parse, then place it (language, section, key), each step naming the file in its errors.
fn load_one(
    config: &Config,
    found: &Found,
    section_kinds: &[(String, Kind)],
) -> Result<Document, Vec<Diagnostic>> {
    let file = crate::util::paths::join_path(Path::new(CONTENT_DIR), &found.content_path);
    let bytes = read_at_its_size(&found.absolute)
        .map_err(|err| vec![Diagnostic::new(&file, format!("cannot read: {err}"))])?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid_up_to = err.utf8_error().valid_up_to();
        let line = err.as_bytes()[..valid_up_to].iter().filter(|&&b| b == b'\n').count() + 1;
        vec![
            Diagnostic::new(&file, "the file is not valid UTF-8 text")
                .at_line(line)
                .hint("save it as UTF-8 (most editors have an \"encoding\" option when saving)"),
        ]
    })?;
    // CommonMark: a NUL character is replaced by U+FFFD, never passed on to the page.
    let text = if text.contains('\0') { text.replace('\0', "\u{FFFD}") } else { text };

    let (dir, name) = match found.content_path.rsplit_once('/') {
        Some((dir, name)) => (dir, name),
        None => ("", found.content_path.as_str()),
    };
    let name = name.strip_suffix(".md").unwrap_or(name);
    let (stem, lang) = match name.rsplit_once('.') {
        Some((stem, suffix)) if config.has_language(suffix) => (stem, suffix.to_string()),
        Some((_, suffix)) if looks_like_language_code(suffix) => {
            let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err(vec![
                Diagnostic::new(
                    &file,
                    format!(
                        "`{suffix}` in the file name is not one of the site's languages ({})",
                        codes.join(", ")
                    ),
                )
                .hint(format!("add [languages.{suffix}] to site.toml, or rename the file")),
            ]);
        }
        _ => (name, config.default_language.clone()),
    };
    let mut folders = if dir.is_empty() { Vec::new() } else { dir.split('/').collect::<Vec<_>>() };
    let section = if folders.is_empty() { None } else { Some(folders.remove(0).to_string()) };
    let subpath: String = folders.iter().flat_map(|f| [*f, "/"]).collect();

    let role = match (stem, &section) {
        ("_index", None) => Role::Home,
        ("_index", Some(_)) if subpath.is_empty() => Role::SectionIndex,
        ("_index", Some(_)) => {
            return Err(vec![
                Diagnostic::new(
                    &file,
                    "sections cannot be nested: only content/<section>/_index.md is read",
                )
                .hint("move the files up into the section folder, or remove this _index.md"),
            ]);
        }
        _ => Role::Item,
    };
    let kind = match (role, &section) {
        (Role::Home, _) => Kind::Profile,
        (Role::SectionIndex, _) => Kind::Section,
        (Role::Item, None) => Kind::Page,
        (Role::Item, Some(section)) => section_kinds
            .iter()
            .find(|(name, _)| name == section)
            .map(|(_, kind)| *kind)
            .unwrap_or_else(|| Kind::from_folder(section)),
    };

    let split = front_matter::split(&text, &file).map_err(|d| vec![d])?;
    let front = front_matter::parse(&split, &file, kind)?;
    if let Some(declared) = front.kind {
        if !Kind::ITEM_KINDS.contains(&declared) {
            return Err(vec![
                Diagnostic::new(
                    &file,
                    format!("a section cannot hold items of kind `{}`", declared.name()),
                )
                .hint("use one of: paper, project, job, education, award, post, page"),
            ]);
        }
    }
    let key =
        if dir.is_empty() { [stem, ".md"].concat() } else { [dir, "/", stem, ".md"].concat() };
    let stem = stem.to_string();
    let content_path = found.content_path.clone();
    let body_line = split.body_line;
    // The body keeps the file's buffer (moved down over the front matter), not a copy.
    let body_start = split.body_start;
    let mut body = text;
    body.drain(..body_start);
    Ok(Document {
        file,
        content_path,
        key,
        lang,
        role,
        section,
        subpath,
        stem,
        kind,
        body_line,
        body,
        front,
    })
}

fn file_name(content_path: &str) -> &str {
    content_path.rsplit('/').next().unwrap_or(content_path)
}

#[cfg(test)]
mod tests {
    use super::folder_order;

    #[test]
    fn paths_order_folder_by_folder_as_a_sorted_walk() {
        let mut paths = ["a.md", "a/b.md", "a-b.md", "a/a/z.md", "b.md"];
        paths.sort_by(|x, y| folder_order(x).cmp(folder_order(y)));
        assert_eq!(paths, ["a/a/z.md", "a/b.md", "a-b.md", "a.md", "b.md"]);
    }
}
