//! `cv.pdf`: the CV page as a document, typeset by Typst (as a library: no browser, LaTeX
//! or external tool) from the theme's `templates/cv.typ` and the same data the HTML CV
//! page sees, given to the template as `data.json`.
//!
//! A CV page is a page with `template = "cv.html"`; its PDF is written beside it
//! (`/cv/` → `/cv.pdf`). The PDF has no date and a fixed identifier, so two builds give the
//! same bytes.

use serde_json::{Map, Value};

use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::values::Values;
use crate::site::{ItemId, Site};

#[cfg(feature = "pdf")]
mod typeset;

/// The Typst document of a CV page.
pub(crate) const CV_DOCUMENT: &str = "cv.typ";
/// The HTML template that makes a page a CV page.
pub(crate) const CV_TEMPLATE: &str = "cv.html";

/// Whether item `id` is a CV page whose PDF the theme can make (and this folio was built
/// with the `pdf` feature, as it is by default).
pub(crate) fn is_cv_page(site: &Site, templates: &Templates, id: ItemId) -> bool {
    cfg!(feature = "pdf")
        && site.items[id].doc.front.template.as_deref() == Some(CV_TEMPLATE)
        && templates.document(CV_DOCUMENT).is_some()
}

/// The PDF of CV page `id`.
pub(crate) fn generate(
    site: &Site,
    values: &Values,
    templates: &Templates,
    id: ItemId,
) -> Result<Vec<u8>, Diagnostic> {
    #[cfg(feature = "pdf")]
    return typeset::generate(site, values, templates, id);
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (values, templates);
        Err(Diagnostic::new(
            &site.items[id].doc.file,
            "this folio was built without the `pdf` feature",
        ))
    }
}

/// What the template sees: the CV page and the globals of its language, each item's HTML
/// body also given as `blocks` of plain text (`{text, item}`, `item` for list items).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
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
    let website = crate::site::Links::public_home(&site.config, lang);
    data.insert("website".into(), website.map_or(Value::Null, Value::String));
    let mut data = Value::Object(data);
    add_blocks(&mut data);
    data
}

/// Adds `blocks` beside every `content` (HTML) in `value`.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
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
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
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

#[cfg(test)]
mod tests;
