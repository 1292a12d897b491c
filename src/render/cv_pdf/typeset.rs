//! Typesetting: Typst compiles the theme's `cv.typ` with the CV's data into a PDF.

use typst::foundations::Smart;

use super::{CV_DOCUMENT, data};
use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::typeset::{Purpose, compile, export_problem, key};
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
    let data = data(site, values, id);
    // The same template and data make the same PDF: serve's edits to anything the CV does
    // not show (a post, a page) cost no typesetting.
    let key = key(template, &data, &[]);
    if let Some(pdf) = made::get(key) {
        return Ok(pdf);
    }
    let purpose = Purpose {
        file: &item.doc.file,
        what: format!("the CV in `{}`", item.doc.lang),
        setting: "cv_pdf",
    };
    let document = compile(&site.config.root, template, &data, Vec::new(), &purpose)?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(&item.path),
        timestamp: None,
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| export_problem(template, &purpose.what, &errors))?;
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
