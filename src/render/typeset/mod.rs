//! Typesetting a theme's Typst documents (`cv.typ` for the PDF CV, `preview.typ` for link
//! previews, `icon.typ` for the favicons) with Typst as a library: the document reads its
//! data from `data.json`, fonts come from the site's `fonts/` folder and then the system.
//!
//! Shared by [`crate::render::cv_pdf`] and [`crate::render::previews`]; only compiled with
//! the `pdf` feature.

use std::path::Path;

use serde_json::Value;
use typst::diag::{Severity, SourceDiagnostic};
use typst::layout::PagedDocument;

use crate::config::theme::TemplateSource;
use crate::error::Diagnostic;

mod world;

use world::{DATA_FILE, DocumentWorld, fonts_of};

/// The folder of the site's own fonts, searched before the system's.
pub(crate) const FONTS_DIR: &str = "fonts";

/// What a document is made for, to say so in its errors.
pub(crate) struct Purpose<'a> {
    /// The file a missing font is blamed on (the CV page's, the page's).
    pub file: &'a Path,
    /// What could not be made, e.g. "the CV in `zh`".
    pub what: String,
    /// The `[outputs]` setting that turns it off.
    pub setting: &'static str,
}

/// Typesets `template` with `data` (and `files` it may read, such as the avatar).
pub(crate) fn compile(
    site_root: &Path,
    template: &TemplateSource,
    data: &Value,
    files: Vec<(String, Vec<u8>)>,
    purpose: &Purpose,
) -> Result<PagedDocument, Diagnostic> {
    let fonts = fonts_of(site_root.join(FONTS_DIR));
    let missing = missing_characters(data, &fonts.book);
    if !missing.is_empty() {
        let shown: String = missing.iter().take(12).collect();
        let more = if missing.len() > 12 {
            format!(" and {} more", missing.len() - 12)
        } else {
            String::new()
        };
        return Err(Diagnostic::new(
            purpose.file,
            format!("{} needs characters no installed font has: {shown}{more}", purpose.what),
        )
        .hint(format!(
            "install a font that has them (Debian/Ubuntu: apt install fonts-noto-cjk; macOS and Windows have CJK fonts), or put a .ttf/.otf/.ttc file into the site's {FONTS_DIR}/ folder; or set [outputs] {} = false",
            purpose.setting
        )));
    }
    let bytes = serde_json::to_vec(data).unwrap_or_default();
    let world = DocumentWorld::new(&template.name, &template.text, bytes, files, fonts);
    let typeset = typst::compile::<PagedDocument>(&world);
    typeset.output.map_err(|errors| problem(&world, template, &purpose.what, &errors))
}

/// A hash of everything that decides a document's output, to reuse what was made before.
pub(crate) fn key(template: &TemplateSource, data: &Value, extra: &[&[u8]]) -> u128 {
    let mut bytes = template.text.as_bytes().to_vec();
    bytes.extend(serde_json::to_vec(data).unwrap_or_default());
    for part in extra {
        bytes.extend_from_slice(part);
    }
    xxhash_rust::xxh3::xxh3_128(&bytes)
}

/// Typst's errors about a finished document (PDF export) as a diagnostic.
pub(crate) fn export_problem(
    template: &TemplateSource,
    what: &str,
    errors: &[SourceDiagnostic],
) -> Diagnostic {
    let message = errors.first().map_or_else(|| "unknown error".into(), |e| e.message.to_string());
    Diagnostic::new(&template.file, format!("cannot make {what}: {message}"))
}

/// The characters of `data`'s strings that no font in `book` has (spaces and controls
/// aside), in order of first use.
fn missing_characters(data: &Value, book: &typst::text::FontBook) -> Vec<char> {
    let mut seen = std::collections::HashSet::new();
    let mut missing = Vec::new();
    let mut visit = |text: &str| {
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || !seen.insert(c) {
                continue;
            }
            let covered =
                (0..).map_while(|i| book.info(i)).any(|info| info.coverage.contains(c as u32));
            if !covered {
                missing.push(c);
            }
        }
    };
    fn walk(value: &Value, visit: &mut dyn FnMut(&str)) {
        match value {
            Value::String(text) => visit(text),
            Value::Array(list) => list.iter().for_each(|v| walk(v, visit)),
            Value::Object(map) => map
                .iter()
                // HTML is not typeset.
                .filter(|(key, _)| {
                    !matches!(key.as_str(), "content" | "json_ld" | "excerpt" | "bibtex")
                })
                .for_each(|(_, v)| walk(v, visit)),
            _ => {}
        }
    }
    walk(data, &mut visit);
    missing
}

/// Typst's first error as a diagnostic naming the template file and line.
fn problem(
    world: &DocumentWorld,
    template: &TemplateSource,
    what: &str,
    errors: &[SourceDiagnostic],
) -> Diagnostic {
    let Some(error) = errors.iter().find(|e| e.severity == Severity::Error).or(errors.first())
    else {
        return Diagnostic::new(&template.file, format!("cannot typeset {what}"));
    };
    let source = world.main_source();
    let line = (error.span.id() == Some(source.id()))
        .then(|| source.range(error.span))
        .flatten()
        .and_then(|range| source.byte_to_line(range.start))
        .map(|line| line + 1);
    let mut diagnostic =
        Diagnostic::new(&template.file, format!("cannot typeset {what}: {}", error.message));
    if let Some(line) = line {
        diagnostic = diagnostic.at_line(line);
    }
    if let Some(hint) = error.hints.first() {
        diagnostic = diagnostic.hint(hint.to_string());
    } else if error.message.contains(DATA_FILE) {
        diagnostic = diagnostic.hint("the template reads its data with json(\"data.json\")");
    }
    diagnostic
}
