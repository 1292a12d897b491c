//! Link previews and favicons, drawn by the theme in Typst and made at build time.
//!
//! A link preview is the 1200×630 picture that chat apps and social sites show for a shared
//! link (`og:image`): one per home page, section list and item page, from the theme's
//! `templates/preview.typ`, written beside the page as `og-image.png`. Tag lists, tag pages,
//! the 404 and search pages show their language's home preview.
//!
//! The favicons (`favicon.svg`, `favicon-32.png`, `apple-touch-icon.png`) come from the
//! theme's `templates/icon.typ`, given the owner's initials and avatar.
//!
//! Drawing a preview takes a few milliseconds, so each picture is kept in
//! `.folio-cache/previews/` under a hash of its template and data: a rebuild draws only
//! what changed.

use serde_json::{Map, Value};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::values::Values;
use crate::site::{ItemId, Links, Site};

#[cfg(feature = "pdf")]
mod draw;
#[cfg(test)]
mod tests;

/// The Typst document of link previews.
pub(crate) const PREVIEW_DOCUMENT: &str = "preview.typ";
/// The Typst document of the favicons.
pub(crate) const ICON_DOCUMENT: &str = "icon.typ";
/// The file name of a page's link preview, beside its `index.html`.
pub(crate) const PREVIEW_FILE: &str = "og-image.png";

/// What a link preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PreviewOf {
    /// A language's home page (and the pages without their own preview).
    Home(String),
    /// An item's page.
    Item(ItemId),
    /// A section list (every page of it), by index in [`Site::sections`].
    Section(usize),
}

/// One of the favicons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Icon {
    /// `favicon.svg`, for browsers that take SVG.
    Svg,
    /// `favicon-32.png`, for the others.
    Png,
    /// `apple-touch-icon.png` (180 px), for phones' home screens.
    AppleTouch,
}

impl Icon {
    /// Every favicon, in output order.
    pub(crate) const ALL: [Icon; 3] = [Icon::Svg, Icon::Png, Icon::AppleTouch];

    /// Its path in the output.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Icon::Svg => "favicon.svg",
            Icon::Png => "favicon-32.png",
            Icon::AppleTouch => "apple-touch-icon.png",
        }
    }

    /// Its size in pixels (`None`: drawn as vectors).
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    fn pixels(self) -> Option<u32> {
        match self {
            Icon::Svg => None,
            Icon::Png => Some(32),
            Icon::AppleTouch => Some(180),
        }
    }
}

/// Whether the site gets link previews: on in `[outputs]`, drawn by the theme (`has_document`
/// is whether it has `preview.typ`), and this folio built with the `pdf` feature.
pub(crate) fn has_previews(config: &Config, has_document: impl Fn(&str) -> bool) -> bool {
    cfg!(feature = "pdf") && config.outputs.previews && has_document(PREVIEW_DOCUMENT)
}

/// Whether the site gets favicons drawn by the theme (`icon.typ`).
pub(crate) fn has_favicons(config: &Config, has_document: impl Fn(&str) -> bool) -> bool {
    cfg!(feature = "pdf") && config.outputs.favicons && has_document(ICON_DOCUMENT)
}

/// The output path of a link preview.
pub(crate) fn preview_path(site: &Site, of: &PreviewOf) -> String {
    let folder = match of {
        PreviewOf::Home(lang) => site.config.language_prefix(lang),
        PreviewOf::Item(id) => site.items[*id].path.clone(),
        PreviewOf::Section(index) => site.sections[*index].path.clone(),
    };
    format!("{folder}{PREVIEW_FILE}")
}

/// The address of a link preview, absolute as `og:image` needs it.
pub(crate) fn preview_permalink(site: &Site, of: &PreviewOf) -> String {
    Links::permalink_of(&site.config, &preview_path(site, of))
}

/// The language of a preview and what it is drawn from besides its language's globals: the
/// front matter of the page it shows (a title, a venue, a role; never the body), and a
/// section's size.
pub(crate) fn preview_inputs(site: &Site, of: &PreviewOf) -> (String, Vec<String>) {
    let shown = match of {
        PreviewOf::Home(lang) => site.homes.get(lang).copied(),
        PreviewOf::Item(id) => Some(*id),
        PreviewOf::Section(index) => site.sections[*index].index,
    };
    let mut inputs: Vec<String> =
        shown.map(|id| site.items[id].doc.content_path.clone()).into_iter().collect();
    if let PreviewOf::Section(index) = of {
        inputs.push(format!("count {}", site.sections[*index].items.len()));
    }
    (lang_of(site, of).to_string(), inputs)
}

/// What the favicons are drawn from besides the default language's globals (the owner's
/// name): the avatar file, by its stamp.
pub(crate) fn icon_inputs(config: &Config) -> Vec<String> {
    let avatar = avatar_file(config).and_then(|(_, path)| crate::site::images::stamp(&path));
    vec![format!("avatar {avatar:?}")]
}

/// The language of what a preview shows.
fn lang_of<'a>(site: &'a Site, of: &'a PreviewOf) -> &'a str {
    match of {
        PreviewOf::Home(lang) => lang,
        PreviewOf::Item(id) => &site.items[*id].doc.lang,
        PreviewOf::Section(index) => &site.sections[*index].lang,
    }
}

/// The link preview `of`, as PNG.
pub(crate) fn generate_preview(
    site: &Site,
    values: &Values,
    templates: &Templates,
    of: &PreviewOf,
) -> Result<Vec<u8>, Diagnostic> {
    #[cfg(feature = "pdf")]
    return draw::preview(site, templates, &preview_data(site, values, of), of);
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (values, templates, of);
        Err(Diagnostic::new(&site.config.root, "this folio was built without the `pdf` feature"))
    }
}

/// Favicon `icon`.
pub(crate) fn generate_icon(
    site: &Site,
    values: &Values,
    templates: &Templates,
    icon: Icon,
) -> Result<Vec<u8>, Diagnostic> {
    #[cfg(feature = "pdf")]
    return draw::icon(site, templates, &icon_data(site, values), icon);
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (values, templates, icon);
        Err(Diagnostic::new(&site.config.root, "this folio was built without the `pdf` feature"))
    }
}

/// The file a preview's problems are blamed on.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
fn file_of(site: &Site, of: &PreviewOf) -> std::path::PathBuf {
    let index = match of {
        PreviewOf::Home(lang) => site.homes.get(lang).copied(),
        PreviewOf::Item(id) => Some(*id),
        PreviewOf::Section(index) => site.sections[*index].index,
    };
    index.map_or_else(|| site.config.root.join("site.toml"), |id| site.items[id].doc.file.clone())
}

/// The fields of a page a preview never shows: bodies and other long text, so that an edit
/// to them does not draw the preview again.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
const UNSHOWN: [&str; 7] = ["content", "json_ld", "bibtex", "toc", "excerpt", "summary", "blocks"];

/// What `preview.typ` sees: `kind` (`home`, `section` or the item's kind), `page` (the
/// page's front matter as templates see it, bodies left out) or `section` (`title`, `kind`,
/// `count`), and the language's `site`, `strings` and `lang`.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
fn preview_data(site: &Site, values: &Values, of: &PreviewOf) -> Value {
    let lang = lang_of(site, of);
    let as_json = |value: &tera::Value| serde_json::to_value(value).unwrap_or(Value::Null);
    let language = values.languages.get(lang);
    let mut data = Map::new();
    data.insert("lang".into(), Value::String(lang.to_string()));
    match of {
        PreviewOf::Home(_) => {
            data.insert("kind".into(), "home".into());
            if let Some(language) = language {
                data.insert("page".into(), shown(as_json(&language.profile)));
            }
        }
        PreviewOf::Item(id) => {
            data.insert("kind".into(), site.items[*id].doc.kind.name().into());
            data.insert("page".into(), shown(as_json(&values.page(site, *id))));
        }
        PreviewOf::Section(index) => {
            let section = &site.sections[*index];
            let title = section
                .index
                .and_then(|id| site.items[id].doc.front.title.clone())
                .filter(|title| *title != section.name);
            data.insert("kind".into(), "section".into());
            data.insert(
                "section".into(),
                serde_json::json!({
                    "title": title,
                    "kind": section.kind.name(),
                    "count": section.items.len(),
                }),
            );
        }
    }
    if let Some(language) = language {
        data.insert("site".into(), as_json(&language.site));
        data.insert("strings".into(), as_json(&language.strings));
    }
    data.insert("website".into(), website(site, lang).map_or(Value::Null, Value::String));
    Value::Object(data)
}

/// `value` without the fields a preview does not show.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
fn shown(mut value: Value) -> Value {
    if let Some(map) = value.as_object_mut() {
        for key in UNSHOWN {
            map.remove(key);
        }
    }
    value
}

/// The site's address as a reader would type it (`jintuzheng.github.io/en/`), unless it is
/// still a placeholder.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
fn website(site: &Site, lang: &str) -> Option<String> {
    let home = Links::public_home(&site.config, lang)?;
    let bare = home.trim_start_matches("https://").trim_start_matches("http://");
    Some(bare.trim_end_matches('/').to_string())
}

/// What `icon.typ` sees: `initials` (of the owner's name in the default language, or of
/// the site's title), `name`, and `avatar` (the file name to give `image()`, or none).
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
fn icon_data(site: &Site, values: &Values) -> Value {
    let lang = &site.config.default_language;
    let site_value = values
        .languages
        .get(lang)
        .map(|l| serde_json::to_value(&l.site).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    let name = site_value["author"]["name"]
        .as_str()
        .or(site_value["title"].as_str())
        .unwrap_or_default()
        .to_string();
    let avatar = avatar_file(&site.config).map(|(name, _)| name);
    serde_json::json!({ "initials": initials(&name), "name": name, "avatar": avatar })
}

/// The owner's avatar (`author.avatar`, a path under `static/`) as the file name the icon
/// document reads and its path on disk.
pub(crate) fn avatar_file(config: &Config) -> Option<(String, std::path::PathBuf)> {
    let avatar = config.author.as_ref()?.avatar.as_deref()?;
    let path = config.root.join("static").join(avatar.trim_start_matches('/'));
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    path.is_file().then(|| (format!("avatar.{ext}"), path))
}

/// The initials of a name: the first character of a CJK name (its family name), else the
/// first letters of the first and last words ("Jintu Zheng" → "JZ").
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
fn initials(name: &str) -> String {
    let name = name.trim();
    let Some(first) = name.chars().next() else {
        return String::new();
    };
    if crate::util::script::is_cjk(first) {
        return first.to_string();
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let letter = |word: &&str| word.chars().find(|c| c.is_alphanumeric());
    let mut out: String = words.first().and_then(letter).into_iter().collect();
    if words.len() > 1 {
        out.extend(words.last().and_then(letter));
    }
    out.to_uppercase()
}
