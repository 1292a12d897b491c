//! `site.toml`: parsed strictly (unknown keys are errors), then resolved into a [`Config`]
//! that the rest of the pipeline reads: languages in a fixed order, a normalised base URL,
//! and per-language text already picked.
//!
//! The raw structs mirror the file; the resolved ones hold what a build needs.
//!
//! Owns `site.toml`, the theme (built-in or the site's, with overrides) and the build
//! options. Must not read `content/`.

mod options;
pub(crate) mod theme;

pub use options::BuildOptions;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::deserialize::{self, Format, key_line};
use crate::error::{Diagnostic, Error, Result};

mod settings;
pub(crate) use settings::*;

/// The config file's name in the site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

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
    allow_outside_links: bool,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
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
    phone: Option<String>,
    #[serde(default)]
    location: Option<Localized>,
    #[serde(default)]
    affiliation: Option<Localized>,
    #[serde(default)]
    avatar: Option<String>,
    #[serde(default)]
    profiles: Vec<Profile>,
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
    /// Whether links in content/ and static/ may point outside the site's folder.
    pub allow_outside_links: bool,
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
    // Long because it resolves site.toml one setting after another, each with its own check and
    // message; split up, the checks would lose the order a reader of site.toml expects.
    pub fn parse(root: &Path, text: &str) -> Result<Config> {
        let file = Path::new(CONFIG_FILE);
        let raw: RawConfig = deserialize::parse(Format::Toml, text, file, 1)?;
        let mut problems = Vec::new();
        let at = |key: &str| key_line(text, key, 1);

        let base_url = normalize_base_url(&raw.base_url).unwrap_or_else(|| {
            problems.push(
                Diagnostic::new(
                    file,
                    format!(
                        "base_url `{}` is not an http(s) URL without a query or fragment",
                        raw.base_url
                    ),
                )
                .at(at("base_url"))
                .hint("write the address the site is published at, e.g. https://name.github.io/"),
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
                phone: author.phone,
                location: author.location,
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
            allow_outside_links: raw.allow_outside_links,
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
            .ok_or_else(|| Error::Refused(format!("--base-url `{url}` is not an http(s) URL without a query or fragment (e.g. https://name.github.io/)")))?;
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
    if rest.is_empty()
        || rest.starts_with('/')
        || rest.contains(char::is_whitespace)
        || rest.contains(['?', '#'])
    {
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
pub(crate) fn looks_like_language_code(text: &str) -> bool {
    is_language_code(text)
}

#[cfg(test)]
mod tests;
