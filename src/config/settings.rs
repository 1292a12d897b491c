//! The resolved settings `site.toml` gives: languages, author and profiles, sections,
//! menus, Markdown, pictures and outputs.

use crate::error::Result;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Text that is either the same in every language or given per language code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Localized {
    /// One text for all languages.
    Same(String),
    /// Language code → text.
    PerLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text for `lang`, falling back to `default_lang`, then to any text.
    pub fn get(&self, lang: &str, default_lang: &str) -> &str {
        match self {
            Localized::Same(text) => text,
            Localized::PerLanguage(map) => map
                .get(lang)
                .or_else(|| map.get(default_lang))
                .or_else(|| map.values().next())
                .map(String::as_str)
                .unwrap_or(""),
        }
    }

    pub(super) fn languages(&self) -> impl Iterator<Item = &str> {
        let keys: Vec<&str> = match self {
            Localized::Same(_) => Vec::new(),
            Localized::PerLanguage(map) => map.keys().map(String::as_str).collect(),
        };
        keys.into_iter()
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocalizedVisitor;
        impl<'de> Visitor<'de> for LocalizedVisitor {
            type Value = Localized;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table of language code = string")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Localized, E> {
                Ok(Localized::Same(value.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, String>()? {
                    out.insert(key, value);
                }
                Ok(Localized::PerLanguage(out))
            }
        }
        deserializer.deserialize_any(LocalizedVisitor)
    }
}

/// How Markdown is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownSettings {
    /// Highlight fenced code blocks (class-based; the theme's CSS colours them).
    pub highlight_code: bool,
}

impl Default for MarkdownSettings {
    fn default() -> Self {
        MarkdownSettings { highlight_code: true }
    }
}

/// How pictures are resized (see [`crate::site::images`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageSettings {
    /// The widths (in pixels) pictures are offered in; none wider than the original.
    pub widths: Vec<u32>,
    /// Encoding quality of JPEG and WebP variants, 1–100.
    pub quality: u8,
    /// The `sizes` attribute of pictures in Markdown: how wide they show.
    pub sizes: String,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1440],
            quality: 80,
            sizes: "(min-width: 48rem) 44rem, 100vw".into(),
        }
    }
}

/// Optional outputs a site can turn off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Outputs {
    /// `/papers/<slug>.bib` and `/papers.bib`.
    pub bibtex: bool,
    /// `/resume.json` per language (it repeats the CV in machine-readable form).
    pub resume: bool,
    /// `/search/index.json` per language, and the theme's search page.
    pub search: bool,
    /// `/llms.txt` per language (llmstxt.org): the site as Markdown for language models.
    pub llms: bool,
    /// `cv.pdf` beside every CV page (a page with `template = "cv.html"`), typeset from the
    /// theme's `cv.typ`.
    pub cv_pdf: bool,
    /// A 1200×630 link preview (`og:image`) per page, from the theme's `preview.typ`.
    pub previews: bool,
    /// `favicon.svg`, `favicon-32.png` and `apple-touch-icon.png`, from the theme's `icon.typ`.
    pub favicons: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            bibtex: true,
            resume: true,
            search: true,
            llms: true,
            cv_pdf: true,
            previews: true,
            favicons: true,
        }
    }
}

/// A link to one of the author's profiles elsewhere.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Which service (decides the icon).
    pub kind: ProfileKind,
    /// The profile's address (`mailto:` for email).
    pub url: String,
    /// Text to show instead of the service's name.
    #[serde(default)]
    pub label: Option<String>,
}

/// The services a profile link can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum ProfileKind {
    Github,
    Gitlab,
    Scholar,
    Orcid,
    Dblp,
    Openreview,
    Semanticscholar,
    Researchgate,
    Linkedin,
    Email,
    Website,
    Twitter,
    Mastodon,
    Bluesky,
    Zhihu,
    /// WeChat has no profile pages: `url` is a picture of the QR code (or a link to one),
    /// `label` the WeChat ID.
    Wechat,
    Rss,
}

/// Per-section settings, keyed by the section's folder name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSettings {
    /// Overrides the kind's default order.
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    /// Items per list page; 0 or absent puts all on one page.
    #[serde(default)]
    pub paginate: Option<usize>,
    /// Whether the section's items go into the Atom feed.
    #[serde(default)]
    pub feed: Option<bool>,
}

/// How a section's items are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    Date,
    /// Smallest weight first.
    Weight,
    /// Alphabetical.
    Title,
    /// Newest year first, then weight.
    Year,
    /// Latest start first.
    Start,
}

/// A resolved menu entry.
#[derive(Debug, Clone, Serialize)]
pub struct MenuEntry {
    /// The label in this language.
    pub name: String,
    /// As written: `@/file.md`, a root-relative path, or an absolute URL.
    pub url: String,
    /// Order (smaller first).
    pub weight: i64,
}

/// One of the site's languages.
#[derive(Debug, Clone)]
pub struct Language {
    /// The code, e.g. `zh` or `en`.
    pub code: String,
    /// The site title in this language.
    pub title: String,
    /// The site description in this language.
    pub description: String,
    /// The menu in this language.
    pub menu: Vec<MenuEntry>,
}

/// The site owner.
#[derive(Debug, Clone)]
pub struct Author {
    /// The name per language.
    pub name: Localized,
    /// Every way papers write the name, for highlighting.
    pub name_variants: Vec<String>,
    /// Contact address.
    pub email: Option<String>,
    /// Telephone number, as it should be shown.
    pub phone: Option<String>,
    /// Where the owner is (a city, a country), per language.
    pub location: Option<Localized>,
    /// Institution per language.
    pub affiliation: Option<Localized>,
    /// A path under static/.
    pub avatar: Option<String>,
    /// Links elsewhere.
    pub profiles: Vec<Profile>,
}
