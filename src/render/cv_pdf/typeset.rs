//! Typesetting: Typst compiles the theme's `cv.typ` with the CV's data into a PDF.

use serde_json::Value;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
use typst::layout::PagedDocument;

use super::world::{CvWorld, DATA_FILE, fonts_of};
use super::{CV_DOCUMENT, FONTS_DIR, data};
use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::values::Values;
use crate::site::{ItemId, Site};

/// The PDF of CV page `id`.
pub(super) fn generate(
    site: &Site,
    values: &Values,
    templates: &Templates,
    id: ItemId,
) -> Result<Vec<u8>, Diagnostic> {
    let Some(template) = templates.document(CV_DOCUMENT) else {
        return Err(Diagnostic::new(CV_DOCUMENT, "the theme has no cv.typ"));
    };
    let item = &site.items[id];
    let lang = item.doc.lang.as_str();
    let data = data(site, values, id);
    let fonts = fonts_of(site.config.root.join(FONTS_DIR));
    let missing = missing_characters(&data, &fonts.book);
    if !missing.is_empty() {
        let shown: String = missing.iter().take(12).collect();
        return Err(Diagnostic::new(
            &item.doc.file,
            format!(
                "the CV in `{lang}` needs characters no installed font has: {shown}{}",
                if missing.len() > 12 { format!(" and {} more", missing.len() - 12) } else { String::new() }
            ),
        )
        .hint(format!(
            "install a font that has them (Debian/Ubuntu: apt install fonts-noto-cjk; macOS and Windows have CJK fonts), or put a .ttf/.otf/.ttc file into the site's {FONTS_DIR}/ folder; or set [outputs] cv_pdf = false"
        )));
    }
    let bytes = serde_json::to_vec(&data).unwrap_or_default();
    // The same template and data make the same PDF: serve's edits to anything the CV does
    // not show (a post, a page) cost no typesetting.
    let key = xxhash_rust::xxh3::xxh3_128(&[template.text.as_bytes(), &bytes].concat());
    if let Some(pdf) = made::get(key) {
        return Ok(pdf);
    }
    let world = CvWorld::new(&template.text, bytes, fonts);
    let typeset = typst::compile::<PagedDocument>(&world);
    let document = typeset.output.map_err(|errors| problem(&world, template, &errors))?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(&item.path),
        timestamp: None,
        ..typst_pdf::PdfOptions::default()
    };
    let pdf =
        typst_pdf::pdf(&document, &options).map_err(|errors| problem(&world, template, &errors))?;
    made::keep(key, &pdf);
    Ok(pdf)
}

/// The PDFs made lately, by a hash of their template and data.
mod made {
    use std::sync::Mutex;

    /// Two languages, a few edits back.
    const KEPT: usize = 8;
    static MADE: Mutex<Vec<(u128, Vec<u8>)>> = Mutex::new(Vec::new());

    pub(super) fn get(key: u128) -> Option<Vec<u8>> {
        let made = MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        made.iter().find(|(k, _)| *k == key).map(|(_, pdf)| pdf.clone())
    }

    pub(super) fn keep(key: u128, pdf: &[u8]) {
        let mut made = MADE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if made.len() == KEPT {
            made.remove(0);
        }
        made.push((key, pdf.to_vec()));
    }
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
                // HTML and URLs are not typeset.
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
    world: &CvWorld,
    template: &crate::config::theme::TemplateSource,
    errors: &[SourceDiagnostic],
) -> Diagnostic {
    let Some(error) = errors.iter().find(|e| e.severity == Severity::Error).or(errors.first())
    else {
        return Diagnostic::new(&template.file, "the CV could not be typeset");
    };
    let source = world.main_source();
    let line = (error.span.id() == Some(source.id()))
        .then(|| source.range(error.span))
        .flatten()
        .and_then(|range| source.byte_to_line(range.start))
        .map(|line| line + 1);
    let mut diagnostic =
        Diagnostic::new(&template.file, format!("cannot typeset the CV: {}", error.message));
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
