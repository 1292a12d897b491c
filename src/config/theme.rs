//! Themes: templates, static files and UI strings, from `themes/<name>/` or from the default
//! theme compiled into the binary, with the site's own `templates/` overriding file by file.
//!
//! Loading parses every template once; rendering reuses the parsed templates for every page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use serde::Deserialize;

use crate::config::Config;
use crate::error::deserialize::{self, Format};
use crate::error::{Diagnostic, Error, Result};

/// The default theme, as shipped inside the binary.
pub(crate) static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Name of the theme that is compiled in.
pub(crate) const DEFAULT_THEME_NAME: &str = "default";

/// Where a theme file's bytes come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk.
    Disk(PathBuf),
    /// A file of the compiled-in theme.
    Embedded(&'static [u8]),
}

impl Source {
    /// Where the file comes from, for messages: a disk file relative to `root` (as it is
    /// when outside it), a built-in theme file as `(built-in theme)/static/<output path>`.
    pub(crate) fn origin(&self, root: &Path, output_path: &str) -> PathBuf {
        match self {
            Source::Disk(path) => crate::util::paths::relative(root, path),
            Source::Embedded(_) => Path::new("(built-in theme)/static").join(output_path),
        }
    }
}

/// A file to copy into the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Output-relative path, `/`-separated.
    pub output_path: String,
    /// Where to read it.
    pub source: Source,
}

/// A template's text and where it came from (for error messages).
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name templates use (`page.html`, `partials/head.html`).
    pub name: String,
    /// The text.
    pub text: String,
    /// The file shown in messages.
    pub file: PathBuf,
}

/// theme.toml
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ThemeManifest {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    homepage: Option<String>,
    #[serde(default)]
    min_version: Option<String>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// A loaded theme with the site's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    /// Templates, theme first, then the site's overrides in their place.
    pub templates: Vec<TemplateSource>,
    /// Typst documents (`templates/*.typ`, the PDF CV's `cv.typ`), overridden the same way.
    pub documents: Vec<TemplateSource>,
    /// Static files, theme first; the site's static/ is added by the build.
    pub static_files: Vec<StaticFile>,
    /// UI strings per language code.
    pub strings: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    /// theme.toml's `[extra]`.
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Theme {
    /// Loads the theme named in the config.
    // Long because it merges three sources in order (built-in theme, a site theme, the
    // site's overrides) and the precedence is clearest read top to bottom.
    pub fn load(config: &Config) -> Result<Theme> {
        let root = &config.root;
        let theme_dir = root.join("themes").join(&config.theme);
        let mut files: Vec<(String, Source, PathBuf)> = Vec::new();
        if theme_dir.is_dir() {
            for entry in walkdir::WalkDir::new(&theme_dir).follow_links(true).sort_by_file_name() {
                let entry = entry.map_err(|err| {
                    Error::from(Diagnostic::new(
                        crate::util::paths::relative(root, err.path().unwrap_or(&theme_dir)),
                        format!("cannot read the theme: {err}"),
                    ))
                })?;
                if !entry.file_type().is_file()
                    || crate::util::paths::is_ignored_entry(entry.file_name(), false)
                {
                    continue;
                }
                let rel = entry.path().strip_prefix(&theme_dir).unwrap_or(entry.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((
                    rel,
                    Source::Disk(entry.path().to_path_buf()),
                    crate::util::paths::relative(root, entry.path()),
                ));
            }
        } else if config.theme == DEFAULT_THEME_NAME {
            collect_embedded(&DEFAULT_THEME, &mut files);
        } else {
            let mut available: Vec<String> = std::fs::read_dir(root.join("themes"))
                .map(|dir| {
                    dir.flatten()
                        .filter(|e| e.path().is_dir())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            available.push(DEFAULT_THEME_NAME.to_string());
            available.sort();
            available.dedup();
            return Err(Diagnostic::new(
                crate::config::CONFIG_FILE,
                format!(
                    "unknown theme `{}`: there is no folder themes/{}",
                    config.theme, config.theme
                ),
            )
            .at(deserialize::key_line(
                &std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default(),
                "theme",
                1,
            ))
            .hint(format!("the themes available are: {}", available.join(", ")))
            .into());
        }

        let mut theme = Theme {
            name: config.theme.clone(),
            templates: Vec::new(),
            documents: Vec::new(),
            static_files: Vec::new(),
            strings: BTreeMap::new(),
            extra: serde_json::Map::new(),
        };
        let mut problems = Vec::new();
        for (rel, source, file) in files {
            if let Some(name) = rel.strip_prefix("templates/") {
                match read_text(&source, &file) {
                    Ok(text) => {
                        theme.templates.push(TemplateSource { name: name.to_string(), text, file })
                    }
                    Err(d) => problems.push(d),
                }
            } else if let Some(output_path) = rel.strip_prefix("static/") {
                theme
                    .static_files
                    .push(StaticFile { output_path: output_path.to_string(), source });
            } else if let Some(lang_file) = rel.strip_prefix("i18n/") {
                let Some(lang) = lang_file.strip_suffix(".toml") else { continue };
                match read_text(&source, &file)
                    .and_then(|text| deserialize::parse(Format::Toml, &text, &file, 1))
                {
                    Ok(strings) => {
                        theme.strings.insert(lang.to_string(), strings);
                    }
                    Err(d) => problems.push(d),
                }
            } else if rel == "theme.toml" {
                match read_text(&source, &file).and_then(|text| {
                    deserialize::parse::<ThemeManifest>(Format::Toml, &text, &file, 1)
                }) {
                    Ok(manifest) => theme.extra = manifest.extra,
                    Err(d) => problems.push(d),
                }
            }
        }

        // The site's own templates/ and i18n/ override the theme's, file by file.
        let overrides = root.join("templates");
        if overrides.is_dir() {
            for entry in walkdir::WalkDir::new(&overrides)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if !entry.file_type().is_file()
                    || crate::util::paths::is_ignored_entry(entry.file_name(), false)
                {
                    continue;
                }
                let rel = entry.path().strip_prefix(&overrides).unwrap_or(entry.path());
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let file = crate::util::paths::relative(root, entry.path());
                match read_text(&Source::Disk(entry.path().to_path_buf()), &file) {
                    Ok(text) => {
                        theme.templates.retain(|t| t.name != name);
                        theme.templates.push(TemplateSource { name, text, file });
                    }
                    Err(d) => problems.push(d),
                }
            }
        }
        let site_i18n = root.join("i18n");
        for language in &config.languages {
            let path = site_i18n.join(format!("{}.toml", language.code));
            if !path.is_file() {
                continue;
            }
            let file = crate::util::paths::relative(root, &path);
            let parsed: std::result::Result<
                serde_json::Map<String, serde_json::Value>,
                Diagnostic,
            > = read_text(&Source::Disk(path.clone()), &file)
                .and_then(|text| deserialize::parse(Format::Toml, &text, &file, 1));
            match parsed {
                Ok(strings) => {
                    theme.strings.entry(language.code.clone()).or_default().extend(strings)
                }
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        // Typst documents are not Tera templates.
        let (documents, templates) =
            theme.templates.drain(..).partition(|t: &TemplateSource| t.name.ends_with(".typ"));
        theme.documents = documents;
        theme.templates = templates;
        Ok(theme)
    }

    /// The UI strings for `lang`: the theme's English ones, overlaid with `lang`'s.
    pub fn strings_for(&self, lang: &str) -> serde_json::Map<String, serde_json::Value> {
        let mut strings = self.strings.get("en").cloned().unwrap_or_default();
        if let Some(own) = self.strings.get(lang) {
            strings.extend(own.clone());
        }
        strings
    }

    /// The Typst document `name` (`cv.typ`), if the theme or the site has one.
    pub fn document(&self, name: &str) -> Option<&TemplateSource> {
        self.documents.iter().find(|d| d.name == name)
    }

    /// Whether the theme (or the site) has a template of this name.
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.iter().any(|t| t.name == name)
    }

    /// The file a template came from, for messages.
    pub fn template_file(&self, name: &str) -> PathBuf {
        self.templates
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.file.clone())
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<(String, Source, PathBuf)>) {
    for file in dir.files() {
        let rel = file.path().to_string_lossy().replace('\\', "/");
        let shown = Path::new("(built-in theme)").join(file.path());
        out.push((rel, Source::Embedded(file.contents()), shown));
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
}

fn read_text(source: &Source, file: &Path) -> std::result::Result<String, Diagnostic> {
    let bytes = match source {
        Source::Disk(path) => std::fs::read(path)
            .map_err(|err| Diagnostic::new(file, format!("cannot read: {err}")))?,
        Source::Embedded(bytes) => bytes.to_vec(),
    };
    String::from_utf8(bytes)
        .map_err(|_| Diagnostic::new(file, "not valid UTF-8 text").hint("save it as UTF-8"))
}

impl Source {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Source::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
            Source::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        }
    }
}
