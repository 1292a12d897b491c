//! `site.toml`: parsed strictly (unknown keys are errors), then resolved into a [`Config`]
//! that the rest of the pipeline reads: languages in a fixed order, a normalised base URL,
//! and per-language text already picked.
//!
//! The raw structs mirror the file; the resolved ones hold what a build needs.

mod options;
pub mod theme;

pub use options::BuildOptions;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::deserialize::{self, Format, key_line};
use crate::error::{Diagnostic, Error, Result};

/// The config file's name in the site root.
pub const CONFIG_FILE: &str = "site.toml";

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

    fn languages(&self) -> impl Iterator<Item = &str> {
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    menu: Vec<RawMenuEntry>,
    #[serde(default)]
    author: Option<RawAuthor>,
    #[serde(default)]
    sections: BTreeMap<String, SectionSettings>,
    #[serde(default)]
    outputs: Outputs,
    #[serde(default)]
    markdown: MarkdownSettings,
    #[serde(default)]
    images: ImageSettings,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
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
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs { bibtex: true, resume: true, search: true }
    }
}

fn default_language() -> String {
    "en".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    menu: Option<Vec<RawMenuEntry>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuEntry {
    name: Localized,
    url: String,
    #[serde(default)]
    weight: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthor {
    name: Localized,
    #[serde(default)]
    name_variants: Vec<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    affiliation: Option<Localized>,
    #[serde(default)]
    avatar: Option<String>,
    #[serde(default)]
    profiles: Vec<Profile>,
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
    /// Institution per language.
    pub affiliation: Option<Localized>,
    /// A path under static/.
    pub avatar: Option<String>,
    /// Links elsewhere.
    pub profiles: Vec<Profile>,
}

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's root folder.
    pub root: PathBuf,
    /// Absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of the base URL (`/` or `/project/`), prefixed to every internal link.
    pub base_path: String,
    /// The default language's code.
    pub default_language: String,
    /// All languages, the default first.
    pub languages: Vec<Language>,
    /// The theme's name.
    pub theme: String,
    /// The site owner, if configured.
    pub author: Option<Author>,
    /// Per-section settings by folder name.
    pub sections: BTreeMap<String, SectionSettings>,
    /// Optional outputs on or off.
    pub outputs: Outputs,
    /// Markdown settings.
    pub markdown: MarkdownSettings,
    /// How pictures are resized.
    pub images: ImageSettings,
    /// Free-form data for templates.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Config {
    /// Reads and validates `<root>/site.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Diagnostic::new(CONFIG_FILE, "no site.toml in this folder")
                    .hint(format!(
                        "run folio in a site's folder, pass --root, or create one with `folio init` ({})",
                        root.display()
                    ))
                    .into());
            }
            Err(err) if err.kind() == std::io::ErrorKind::InvalidData => {
                return Err(Diagnostic::new(CONFIG_FILE, "site.toml is not valid UTF-8")
                    .hint("save the file as UTF-8")
                    .into());
            }
            Err(err) => return Err(Error::io(&path, err)),
        };
        Config::parse(root, &text)
    }

    /// Validates `text` as the content of `<root>/site.toml`.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let file = Path::new(CONFIG_FILE);
        let raw: RawConfig = deserialize::parse(Format::Toml, text, file, 1)?;
        let mut problems = Vec::new();
        let at = |key: &str| key_line(text, key, 1);

        let base_url = normalize_base_url(&raw.base_url).unwrap_or_else(|| {
            problems.push(
                Diagnostic::new(file, format!("base_url `{}` is not an http(s) URL", raw.base_url))
                    .at(at("base_url"))
                    .hint(
                        "write the address the site is published at, e.g. https://name.github.io/",
                    ),
            );
            "http://localhost/".to_string()
        });
        let base_path = base_path_of(&base_url);

        let mut codes: Vec<String> = raw.languages.keys().cloned().collect();
        if !codes.contains(&raw.default_language) {
            if raw.languages.is_empty() {
                codes.push(raw.default_language.clone());
            } else {
                problems.push(
                    Diagnostic::new(
                        file,
                        format!(
                            "default_language `{}` has no [languages.{}] table",
                            raw.default_language, raw.default_language
                        ),
                    )
                    .at(at("default_language"))
                    .hint(format!("the languages defined are: {}", codes.join(", "))),
                );
            }
        }
        for code in &codes {
            if !is_language_code(code) {
                problems.push(
                    Diagnostic::new(file, format!("`{code}` is not a language code"))
                        .at(key_line(text, &format!("[languages.{code}]"), 1))
                        .hint("use a code such as en, zh, de or pt-BR"),
                );
            }
        }
        // Default language first, the others in alphabetical order: URLs and sitemaps stay stable.
        codes.sort_by_key(|code| (*code != raw.default_language, code.clone()));

        let check_localized = |value: &Localized, key: &str, problems: &mut Vec<Diagnostic>| {
            for lang in value.languages() {
                if !codes.iter().any(|code| code == lang) {
                    problems.push(
                        Diagnostic::new(file, format!("`{key}` has text for `{lang}`, which is not one of the site's languages"))
                            .at(at(key))
                            .hint(format!("the site's languages are: {}", codes.join(", "))),
                    );
                }
            }
        };

        for entry in &raw.menu {
            check_localized(&entry.name, "name", &mut problems);
        }
        let author = raw.author.map(|author| {
            check_localized(&author.name, "name", &mut problems);
            if let Some(affiliation) = &author.affiliation {
                check_localized(affiliation, "affiliation", &mut problems);
            }
            Author {
                name: author.name,
                name_variants: author.name_variants,
                email: author.email,
                affiliation: author.affiliation,
                avatar: author.avatar,
                profiles: author.profiles,
            }
        });

        let resolve_menu = |entries: &[RawMenuEntry], lang: &str| -> Vec<MenuEntry> {
            let mut menu: Vec<MenuEntry> = entries
                .iter()
                .map(|entry| MenuEntry {
                    name: entry.name.get(lang, &raw.default_language).to_string(),
                    url: entry.url.clone(),
                    weight: entry.weight,
                })
                .collect();
            menu.sort_by_key(|entry| entry.weight);
            menu
        };
        let languages = codes
            .iter()
            .map(|code| {
                let own = raw.languages.get(code);
                Language {
                    code: code.clone(),
                    title: own.and_then(|l| l.title.clone()).unwrap_or_else(|| raw.title.clone()),
                    description: own
                        .and_then(|l| l.description.clone())
                        .unwrap_or_else(|| raw.description.clone()),
                    menu: match own.and_then(|l| l.menu.as_ref()) {
                        Some(menu) => resolve_menu(menu, code),
                        None => resolve_menu(&raw.menu, code),
                    },
                }
            })
            .collect();

        let images = &raw.images;
        if !(1..=100).contains(&images.quality) {
            problems.push(
                Diagnostic::new(
                    file,
                    format!("[images] quality {} is out of range", images.quality),
                )
                .at(key_line(text, "quality", 1))
                .hint("use a number from 1 (smallest files) to 100 (best pictures); 80 is usual"),
            );
        }
        if images.widths.is_empty() || images.widths.iter().any(|&w| w == 0 || w > 8192) {
            problems.push(
                Diagnostic::new(file, "[images] widths must list widths from 1 to 8192 pixels")
                    .at(key_line(text, "widths", 1))
                    .hint("for example widths = [480, 960, 1440]"),
            );
        }
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        Ok(Config {
            root: root.to_path_buf(),
            base_url,
            base_path,
            default_language: raw.default_language,
            languages,
            theme: raw.theme,
            author,
            sections: raw.sections,
            outputs: raw.outputs,
            markdown: raw.markdown,
            images: raw.images,
            extra: raw.extra,
        })
    }

    /// The language with this code.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|language| language.code == code)
    }

    /// Whether `code` is one of the site's languages.
    pub fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// `/` for the default language, `/en/` for the others (without the base path).
    pub fn language_prefix(&self, lang: &str) -> String {
        if lang == self.default_language { String::new() } else { [lang, "/"].concat() }
    }

    /// Replaces the base URL (as `--base-url` does).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let base_url = normalize_base_url(url)
            .ok_or_else(|| Error::Refused(format!("--base-url `{url}` is not an http(s) URL")))?;
        self.base_path = base_path_of(&base_url);
        self.base_url = base_url;
        Ok(())
    }

    /// The settings of a section (defaults when site.toml has none).
    pub fn section_settings(&self, name: &str) -> SectionSettings {
        self.sections.get(name).cloned().unwrap_or_default()
    }
}

fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return None;
    }
    Some(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

fn base_path_of(base_url: &str) -> String {
    let without_scheme = base_url.split_once("://").map(|(_, rest)| rest).unwrap_or(base_url);
    match without_scheme.find('/') {
        Some(index) => without_scheme[index..].to_string(),
        None => "/".to_string(),
    }
}

fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|part| {
            (2..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Whether a file-name suffix such as `en` or `pt-BR` looks like a language code.
pub fn looks_like_language_code(text: &str) -> bool {
    is_language_code(text)
}

#[cfg(test)]
mod tests;
