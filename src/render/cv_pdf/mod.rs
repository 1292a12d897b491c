//! `cv.pdf`: the CV page as a document, typeset by Typst (as a library: no browser, LaTeX
//! or external tool) from the theme's `templates/cv.typ` and the same data the HTML CV
//! page sees, given to the template as `data.json`.
//!
//! A CV page is a page with `template = "cv.html"`; its PDF is written beside it
//! (`/cv/` → `/cv.pdf`). The PDF has no date and a fixed identifier, so two builds give the
//! same bytes.

use serde_json::{Map, Value};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::Smart;
use typst::layout::PagedDocument;

use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::values::Values;
use crate::site::{ItemId, Site};

mod world;

use world::{CvWorld, DATA_FILE, fonts_of};

/// The Typst document of a CV page.
pub(crate) const CV_DOCUMENT: &str = "cv.typ";
/// The HTML template that makes a page a CV page.
pub(crate) const CV_TEMPLATE: &str = "cv.html";

/// Whether item `id` is a CV page whose PDF the theme can make.
pub(crate) fn is_cv_page(site: &Site, templates: &Templates, id: ItemId) -> bool {
    site.items[id].doc.front.template.as_deref() == Some(CV_TEMPLATE)
        && templates.document(CV_DOCUMENT).is_some()
}

/// The PDF of CV page `id`.
pub(crate) fn generate(
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

/// The folder of the site's own fonts, searched before the system's.
pub(crate) const FONTS_DIR: &str = "fonts";

/// What the template sees: the CV page and the globals of its language, each item's HTML
/// body also given as `blocks` of plain text (`{text, item}`, `item` for list items).
fn data(site: &Site, values: &Values, id: ItemId) -> Value {
    let lang = site.items[id].doc.lang.as_str();
    let mut data = Map::new();
    data.insert("lang".into(), Value::String(lang.to_string()));
    let as_json = |value: &tera::Value| serde_json::to_value(value).unwrap_or(Value::Null);
    data.insert("page".into(), as_json(&values.page(site, id)));
    if let Some(language) = values.languages.get(lang) {
        data.insert("site".into(), as_json(&language.site));
        data.insert("strings".into(), as_json(&language.strings));
        // Every collection a CV may show; posts and plain pages are not CV material, and
        // leaving them out means an edit to them never typesets the PDF again.
        let mut collections = as_json(&language.collections);
        if let Some(map) = collections.as_object_mut() {
            map.remove("posts");
            map.remove("pages");
        }
        data.insert("collections".into(), collections);
        data.insert("profile".into(), as_json(&language.profile));
    }
    // The site's address, unless it is still a placeholder a reader could not open.
    let home = crate::site::Links::permalink_of(&site.config, &site.config.language_prefix(lang));
    let website = (!crate::util::paths::is_placeholder_url(&home)).then_some(home);
    data.insert("website".into(), website.map_or(Value::Null, Value::String));
    let mut data = Value::Object(data);
    add_blocks(&mut data);
    data
}

/// Adds `blocks` beside every `content` (HTML) in `value`.
fn add_blocks(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(html)) = map.get("content") {
                let blocks = blocks(html);
                map.insert("blocks".into(), Value::Array(blocks));
            }
            for (key, child) in map.iter_mut() {
                if key != "blocks" {
                    add_blocks(child);
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(add_blocks),
        _ => {}
    }
}

/// The paragraphs and list items of an HTML body as plain text.
fn blocks(html: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(['<']) {
        let tag_end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..tag_end];
        let (item, close) = if tag.starts_with("<li") {
            (true, "</li>")
        } else if tag.starts_with("<p") && !tag.starts_with("<pre") {
            (false, "</p>")
        } else {
            rest = &rest[tag_end..];
            continue;
        };
        let end = rest[tag_end..].find(close).map_or(rest.len(), |e| tag_end + e);
        let text = crate::markdown::plain_text(&rest[tag_end..end]);
        if !text.is_empty() {
            out.push(serde_json::json!({ "text": text, "item": item }));
        }
        rest = &rest[(end + close.len()).min(rest.len())..];
    }
    out
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

#[cfg(test)]
mod tests;
