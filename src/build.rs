//! `folio build`: the pipeline from a site folder to its output folder.
//!
//! config → theme → content → site model → values → render (everything, in memory) →
//! write. Every problem of every stage is collected; if there is any, the build stops
//! before writing, so a failed build never touches the previous output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::{self, Role};
use crate::error::{Diagnostic, Error, Result};
use crate::output::{self, Copy, WriteReport};
use crate::render::{self, Output};
use crate::site::Site;
use crate::templates::{Lookup, Templates};
use crate::theme::{Source, Theme};
use crate::values::Values;

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
}

impl BuildOptions {
    /// The output folder these options write to.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A site rendered in memory.
pub struct RenderedSite {
    /// The model it was rendered from.
    pub site: Site,
    /// Generated files.
    pub outputs: Vec<Output>,
    /// Files copied as they are (theme static/, site static/, content assets).
    pub copies: Vec<Copy>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages per language code.
    pub pages_by_language: BTreeMap<String, usize>,
    /// Item pages per kind name.
    pub pages_by_kind: BTreeMap<&'static str, usize>,
    /// Files in the output.
    pub files: usize,
    /// What writing did.
    pub write: WriteReport,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: PathBuf,
}

/// Loads, checks and renders the site without writing anything.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite> {
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    let theme = Theme::load(&config)?;
    let mut problems: Vec<Diagnostic> = Vec::new();
    let templates = match Templates::new(&theme) {
        Ok(templates) => Some(templates),
        Err(template_problems) => {
            problems.extend(template_problems);
            None
        }
    };
    let loaded = content::load(&config)?;
    let site = match Site::new(config, loaded, options.drafts) {
        Ok(site) => Some(site),
        Err(site_problems) => {
            problems.extend(site_problems);
            None
        }
    };
    let (Some(mut templates), Some(site)) = (templates, site) else {
        return Err(Error::Site(problems));
    };

    let copies = static_copies(&site, &theme)?;
    let lookup = Lookup {
        links: site.links(),
        base_path: site.config.base_path.clone(),
        base_url: site.config.base_url.clone(),
        static_files: copies.iter().map(|c| c.output_path.clone()).collect(),
    };
    templates.register_functions(Arc::new(lookup));
    let values = Values::new(&site, &theme);
    let jobs = render::jobs(&site, &templates);
    let outputs = render::render_all(&site, &values, &templates, &jobs).map_err(Error::Site)?;

    let generated: std::collections::HashSet<&str> =
        outputs.iter().map(|o| o.path.as_str()).collect();
    let clashes: Vec<Diagnostic> = copies
        .iter()
        .filter(|copy| generated.contains(copy.output_path.as_str()))
        .map(|copy| {
            Diagnostic::new(
                copy_origin(&site.config, copy),
                format!("would overwrite the generated /{}", copy.output_path),
            )
            .hint("rename or remove the static file")
        })
        .collect();
    if !clashes.is_empty() {
        return Err(Error::Site(clashes));
    }
    Ok(RenderedSite { site, outputs, copies })
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let output_dir = options.output_dir();
    output::check_output_dir(&options.root, &output_dir)?;
    let rendered = render_site(options)?;
    let write = output::write(&output_dir, &rendered.outputs, &rendered.copies)?;
    Ok(report(&rendered, write, started.elapsed(), output_dir))
}

fn report(
    rendered: &RenderedSite,
    write: WriteReport,
    elapsed: Duration,
    output: PathBuf,
) -> BuildReport {
    let site = &rendered.site;
    let mut pages_by_language: BTreeMap<String, usize> = BTreeMap::new();
    for out in &rendered.outputs {
        if out.path.ends_with(".html") {
            let lang = site
                .config
                .languages
                .iter()
                .find(|l| {
                    l.code != site.config.default_language
                        && out.path.starts_with(&format!("{}/", l.code))
                })
                .map(|l| l.code.clone())
                .unwrap_or_else(|| site.config.default_language.clone());
            *pages_by_language.entry(lang).or_default() += 1;
        }
    }
    let mut pages_by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    for item in &site.items {
        if item.doc.role == Role::Item {
            *pages_by_kind.entry(item.doc.kind.name()).or_default() += 1;
        }
    }
    BuildReport {
        pages_by_language,
        pages_by_kind,
        files: rendered.outputs.len() + rendered.copies.len(),
        write,
        elapsed,
        output,
    }
}

/// Theme static files, then the site's static/ (which wins), then content/ assets.
fn static_copies(site: &Site, theme: &Theme) -> Result<Vec<Copy>> {
    let mut by_path: BTreeMap<String, Source> = BTreeMap::new();
    for file in &theme.static_files {
        by_path.insert(file.output_path.clone(), file.source.clone());
    }
    let static_dir = site.config.root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|err| {
                Error::from(Diagnostic::new(
                    content::relative(&site.config.root, err.path().unwrap_or(&static_dir)),
                    format!("cannot read: {err}"),
                ))
            })?;
            if !entry.file_type().is_file() || content::is_ignored(entry.file_name()) {
                continue;
            }
            let rel = entry.path().strip_prefix(&static_dir).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            by_path.insert(rel, Source::Disk(entry.path().to_path_buf()));
        }
    }
    for asset in &site.assets {
        by_path.insert(asset.output_path.clone(), Source::Disk(asset.source.clone()));
    }
    Ok(by_path.into_iter().map(|(output_path, source)| Copy { output_path, source }).collect())
}

fn copy_origin(config: &Config, copy: &Copy) -> PathBuf {
    match &copy.source {
        Source::Disk(path) => content::relative(&config.root, path),
        Source::Embedded(_) => Path::new("(built-in theme)/static").join(&copy.output_path),
    }
}
