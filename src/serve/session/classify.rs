//! Sorting a changed path into the kind of rebuild it needs.

use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::util::paths;

/// What a changed path is, for deciding how much to rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// site.toml or the theme's theme.toml: everything is rebuilt.
    Config,
    /// A template or UI strings file: templates are parsed again, every page rendered.
    Templates,
    /// A file under static/ (site or theme).
    Static,
    /// A file or folder under content/, with its path inside content/.
    Content(String),
}

/// Sorts a path into the kind of change it is; `None` for paths folio does not read
/// (the output folder, editor droppings, anything else).
pub fn classify(root: &Path, theme: &str, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> =
        rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    if parts.iter().any(|part| paths::is_ignored(std::ffi::OsStr::new(part))) {
        return None;
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    match parts.as_slice() {
        [CONFIG_FILE] => Some(Change::Config),
        [CONTENT_DIR] => Some(Change::Content(String::new())),
        [CONTENT_DIR, rest @ ..] => Some(Change::Content(rest.join("/"))),
        ["static", ..] => Some(Change::Static),
        ["templates", ..] | ["i18n", ..] => Some(Change::Templates),
        ["themes"] => Some(Change::Config),
        ["themes", name, rest @ ..] if *name == theme => match rest {
            ["theme.toml"] | [] => Some(Change::Config),
            ["static", ..] => Some(Change::Static),
            _ => Some(Change::Templates),
        },
        _ => None,
    }
}
