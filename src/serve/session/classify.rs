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
    let last = parts.len().saturating_sub(1);
    let ignored =
        |(i, part): (usize, &String)| paths::is_ignored_entry(std::ffi::OsStr::new(part), i < last);
    if parts.iter().enumerate().any(ignored) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str) -> Option<Change> {
        classify(Path::new("/site"), "default", Path::new(path))
    }

    #[test]
    fn site_files_by_the_rebuild_they_need() {
        assert_eq!(change("/site/site.toml"), Some(Change::Config));
        assert_eq!(change("/site/content"), Some(Change::Content(String::new())));
        assert_eq!(
            change("/site/content/papers/a.md"),
            Some(Change::Content("papers/a.md".into()))
        );
        assert_eq!(change("/site/static/css/x.css"), Some(Change::Static));
        assert_eq!(change("/site/templates/base.html"), Some(Change::Templates));
        assert_eq!(change("/site/i18n/zh.toml"), Some(Change::Templates));
    }

    #[test]
    fn only_the_theme_in_use_counts() {
        assert_eq!(change("/site/themes"), Some(Change::Config));
        assert_eq!(change("/site/themes/default"), Some(Change::Config));
        assert_eq!(change("/site/themes/default/theme.toml"), Some(Change::Config));
        assert_eq!(change("/site/themes/default/static/style.css"), Some(Change::Static));
        assert_eq!(change("/site/themes/default/templates/page.html"), Some(Change::Templates));
        assert_eq!(change("/site/themes/other/templates/page.html"), None);
    }

    #[test]
    fn paths_folio_does_not_read_are_ignored() {
        assert_eq!(change("/site/public/index.html"), None);
        assert_eq!(change("/site/README.md"), None);
        assert_eq!(change("/elsewhere/site.toml"), None);
        assert_eq!(change("/site/content/papers/.a.md.swp"), None);
        assert_eq!(change("/site/content/papers/a.md~"), None);
        assert_eq!(change("/site/.git/HEAD"), None);
        assert_eq!(change("/site/content/4913"), None, "vim's probe file");
        assert_eq!(
            change("/site/content/posts/2024/hello.md"),
            Some(Change::Content("posts/2024/hello.md".into()))
        );
    }
}
