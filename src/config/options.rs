//! What to build and how: the options the command line gives, next to site.toml.

use std::path::PathBuf;

/// What to build, and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding site.toml).
    pub root: PathBuf,
    /// The output folder; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces site.toml's base_url.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Minify HTML, CSS and JavaScript (see [`crate::output::minify`]).
    pub minify: bool,
    /// Write into an output folder that holds files folio did not write (they are kept).
    pub force: bool,
}

impl BuildOptions {
    /// The output folder these options write to.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}
