//! Drawing: Typst lays out `preview.typ` or `icon.typ`, and its first page becomes a PNG
//! (or an SVG), kept in `.folio-cache/previews/` under a hash of what made it.

use std::path::PathBuf;

use serde_json::Value;

use super::{ICON_DOCUMENT, Icon, PREVIEW_DOCUMENT, PreviewOf, avatar_file, file_of, lang_of};
use crate::config::theme::TemplateSource;
use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::typeset::{Purpose, compile, key};
use crate::site::Site;

/// Bump when the same template and data would draw differently, to ignore old cache files.
const DRAWER_VERSION: &str = "1";
/// Link previews are 1200×630 pixels, the size Open Graph consumers crop to.
const PREVIEW_WIDTH: f32 = 1200.0;

/// The link preview `of`, drawn from `data`.
pub(super) fn preview(
    site: &Site,
    templates: &Templates,
    data: &Value,
    of: &PreviewOf,
) -> Result<Vec<u8>, Diagnostic> {
    let Some(template) = templates.document(PREVIEW_DOCUMENT) else {
        return Err(Diagnostic::new(PREVIEW_DOCUMENT, "the theme has no preview.typ"));
    };
    let file = file_of(site, of);
    let purpose = Purpose {
        file: &file,
        what: format!("the link preview of this page (`{}`)", lang_of(site, of)),
        setting: "previews",
    };
    cached(site, template, data, &[], "png", || {
        let document = compile(&site.config.root, template, data, Vec::new(), &purpose)?;
        let page = first_page(&document, template)?;
        // Drawn at the width previews are shown at, whatever size the theme laid it out in.
        let scale = PREVIEW_WIDTH / page.frame.width().to_pt() as f32;
        png(typst_render::render(page, scale).encode_png(), template)
    })
}

/// Favicon `icon`, drawn from `data`.
pub(super) fn icon(
    site: &Site,
    templates: &Templates,
    data: &Value,
    icon: Icon,
) -> Result<Vec<u8>, Diagnostic> {
    let Some(template) = templates.document(ICON_DOCUMENT) else {
        return Err(Diagnostic::new(ICON_DOCUMENT, "the theme has no icon.typ"));
    };
    let avatar = match avatar_file(&site.config) {
        Some((name, path)) => {
            let bytes = std::fs::read(&path).map_err(|err| {
                Diagnostic::new(&path, format!("cannot read the avatar: {err}"))
                    .hint("fix author.avatar in site.toml: a picture under static/")
            })?;
            vec![(name, bytes)]
        }
        None => Vec::new(),
    };
    let avatar_bytes: Vec<&[u8]> = avatar.iter().map(|(_, bytes)| bytes.as_slice()).collect();
    let purpose = Purpose {
        file: &site.config.root.join("site.toml"),
        what: format!("the favicon {}", icon.path()),
        setting: "favicons",
    };
    let size = icon.pixels().unwrap_or(0).to_le_bytes().to_vec();
    let extra = [avatar_bytes.concat(), size].concat();
    let ext = if icon == Icon::Svg { "svg" } else { "png" };
    cached(site, template, data, &extra, ext, || {
        let document = compile(&site.config.root, template, data, avatar.clone(), &purpose)?;
        let page = first_page(&document, template)?;
        match icon.pixels() {
            None => Ok(typst_svg::svg(page).into_bytes()),
            Some(pixels) => {
                let scale = pixels as f32 / page.frame.width().to_pt() as f32;
                png(typst_render::render(page, scale).encode_png(), template)
            }
        }
    })
}

fn first_page<'a>(
    document: &'a typst::layout::PagedDocument,
    template: &TemplateSource,
) -> Result<&'a typst::layout::Page, Diagnostic> {
    document.pages.first().ok_or_else(|| {
        Diagnostic::new(&template.file, "the document has no page").hint("it must make one page")
    })
}

fn png(
    encoded: Result<Vec<u8>, impl std::fmt::Display>,
    template: &TemplateSource,
) -> Result<Vec<u8>, Diagnostic> {
    encoded
        .map_err(|err| Diagnostic::new(&template.file, format!("cannot encode the picture: {err}")))
}

/// What `draw` makes of `template` and `data`, taken from the cache when an earlier build
/// drew it.
fn cached(
    site: &Site,
    template: &TemplateSource,
    data: &Value,
    extra: &[u8],
    ext: &str,
    draw: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
) -> Result<Vec<u8>, Diagnostic> {
    let versions = [DRAWER_VERSION, env!("CARGO_PKG_VERSION"), ext].concat();
    let key = key(template, data, &[extra, versions.as_bytes()]);
    let path = cache_dir(site).join(format!("{key:032x}.{ext}"));
    if let Ok(bytes) = std::fs::read(&path) {
        return Ok(bytes);
    }
    let bytes = draw()?;
    // A cache that cannot be written only costs the next build the drawing.
    let _ = std::fs::create_dir_all(cache_dir(site))
        .and_then(|()| crate::util::paths::write_atomically(&path, &bytes));
    Ok(bytes)
}

fn cache_dir(site: &Site) -> PathBuf {
    site.config.root.join(crate::util::paths::CACHE_DIR).join("previews")
}
