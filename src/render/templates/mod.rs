//! The Tera engine with the theme's templates parsed once, folio's template functions,
//! and Tera's errors turned into diagnostics that name the template file and line.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tera::{Context, ErrorKind, Kwargs, State, Tera};

use crate::config::theme::Theme;
use crate::error::Diagnostic;
use crate::site::{Links, Media};

mod costly;
mod functions;
pub(crate) use costly::*;
use functions::*;

/// Parsed templates, ready to render any page.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    files: HashMap<String, PathBuf>,
    /// Template name → the globals it (or anything it extends, includes or calls) mentions.
    reads: HashMap<String, HashSet<&'static str>>,
    /// The costly fields these templates name.
    costly: CostlyFields,
    /// Template name → the size of the last page it rendered, so the next page's buffer
    /// is allocated once at about the right size instead of doubling its way up.
    sizes: Arc<HashMap<String, AtomicUsize>>,
    /// The theme's Typst documents (`cv.typ`), by name.
    documents: Arc<HashMap<String, crate::config::theme::TemplateSource>>,
}

/// The context variables whose changes are tracked per template for incremental rebuilds.
pub(crate) const TRACKED_GLOBALS: [&str; 2] = ["collections", "profile"];

/// What the template functions look up: page URLs and static files.
#[derive(Debug, Default)]
pub struct Lookup {
    /// `@/` resolution.
    pub links: Arc<Links>,
    /// The site's base path (`/` or `/project/`).
    pub base_path: String,
    /// The absolute base URL.
    pub base_url: String,
    /// The copied files and the picture processor.
    pub media: Option<Media>,
    /// Whether `asset()` URLs carry a hash of the file (`?v=…`).
    pub fingerprint: bool,
    /// Output path → hash, computed the first time a page asks.
    pub fingerprints: Mutex<HashMap<String, String>>,
}

impl Templates {
    /// Parses every template of `theme`; reports every syntax error, each with file and line.
    pub fn new(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let files: HashMap<String, PathBuf> =
            theme.templates.iter().map(|t| (t.name.clone(), t.file.clone())).collect();
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        // Tera checks function names when templates are added, so folio's functions must
        // exist before; the real lookup tables are installed per build.
        register_lookup_functions(&mut tera, Arc::new(Lookup::default()));
        tera.register_filter("striptags", striptags);
        tera.register_filter("safe", safe);
        let sources = theme.templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(err) = tera.add_raw_templates(sources) {
            // Tera stops at the first error; parse each template alone to report them all.
            let mut problems: Vec<Diagnostic> = theme
                .templates
                .iter()
                .filter_map(|t| {
                    let mut alone = Tera::new();
                    match alone.add_raw_template(&t.name, &t.text) {
                        Err(e) if matches!(e.kind(), ErrorKind::SyntaxError(_)) => {
                            Some(to_diagnostic(&e, &files, None))
                        }
                        _ => None,
                    }
                })
                .collect();
            if problems.is_empty() {
                problems.push(to_diagnostic(&err, &files, None));
            }
            return Err(problems);
        }
        let reads = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), globals_read(theme, &t.name)))
            .collect();
        let sizes =
            Arc::new(files.keys().map(|name| (name.clone(), AtomicUsize::new(0))).collect());
        let documents =
            Arc::new(theme.documents.iter().map(|d| (d.name.clone(), d.clone())).collect());
        Ok(Templates {
            tera,
            files,
            reads,
            costly: CostlyFields::named_in(theme),
            sizes,
            documents,
        })
    }

    /// Whether template `name` may read the global variable `global` (one of
    /// [`TRACKED_GLOBALS`]). Errs on the side of yes.
    pub fn reads(&self, name: &str, global: &str) -> bool {
        self.reads.get(name).is_none_or(|globals| globals.contains(global))
    }

    /// Which costly fields the templates name.
    pub fn costly_fields(&self) -> CostlyFields {
        self.costly
    }

    /// Installs the functions that look things up in this build's site.
    pub fn register_functions(&mut self, lookup: Arc<Lookup>) {
        let for_url = Arc::clone(&lookup);
        self.tera.register_function("url", move |kwargs: Kwargs, state: &State| {
            url(&for_url, kwargs, state)
        });
        let for_asset = Arc::clone(&lookup);
        self.tera
            .register_function("asset", move |kwargs: Kwargs, _: &State| asset(&for_asset, kwargs));
        self.tera
            .register_function("image", move |kwargs: Kwargs, _: &State| image(&lookup, kwargs));
    }

    /// The Typst document `name` (`cv.typ`) of the theme or the site, if there is one.
    pub fn document(&self, name: &str) -> Option<&crate::config::theme::TemplateSource> {
        self.documents.get(name)
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Renders template `name` to the page's bytes (UTF-8, as the template and values are);
    /// errors name the template file and line, and `page` (the file being rendered) in the
    /// message.
    pub fn render(&self, name: &str, context: &Context, page: &str) -> Result<Vec<u8>, Diagnostic> {
        let size = self.sizes.get(name);
        let expected = size.map_or(0, |size| size.load(Ordering::Relaxed));
        let mut bytes = Vec::with_capacity(expected + expected / 8 + 256);
        self.tera
            .render_to(name, context, &mut bytes)
            .map_err(|err| to_diagnostic(&err, &self.files, Some(page)))?;
        if let Some(size) = size {
            size.store(bytes.len(), Ordering::Relaxed);
        }
        Ok(bytes)
    }
}

/// Turns a Tera error into a diagnostic on the template's file.
fn to_diagnostic(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
    page: Option<&str>,
) -> Diagnostic {
    let while_rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let file = files
                .get(report.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(report.filename()));
            let mut message = report.message().to_string();
            let mut cause = std::error::Error::source(err);
            while let Some(inner) = cause {
                message.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            let hint = if message.contains("is not defined") || message.contains("undefined") {
                "check the name against docs/themes.md; for a value that may be missing, write `x or \"\"` or test `x is defined`"
            } else if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "fix the template syntax at this line (Tera: {{ expression }}, {% tag %})"
            } else {
                "see docs/themes.md for the variables and functions templates can use"
            };
            Diagnostic::new(file, format!("{message}{while_rendering}"))
                .at_line(report.span().start_line)
                .hint(hint)
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::new(
            page.map(PathBuf::from).unwrap_or_else(|| PathBuf::from("templates")),
            format!("template `{name}` not found"),
        )
        .hint("add it to your templates/ folder or check the `template` field"),
        ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            files.get(current).cloned().unwrap_or_else(|| PathBuf::from(current)),
            format!("extends `{parent}`, which does not exist"),
        )
        .hint("check the name in {% extends \"...\" %}"),
        _ => {
            let mut message = err.to_string();
            let mut cause = std::error::Error::source(err);
            while let Some(inner) = cause {
                message.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            Diagnostic::new(PathBuf::from("templates"), format!("{message}{while_rendering}"))
        }
    }
}

#[cfg(test)]
mod tests;
