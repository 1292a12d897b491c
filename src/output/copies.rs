//! The copied files: theme static files, then the site's `static/`, then `content/` assets,
//! then the picture variants made while rendering; and the check that no copied file
//! takes the place of a generated one.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::config::theme::{Source, Theme};
use crate::content::{self};
use crate::error::{Diagnostic, Error, Result};
use crate::output::Copy;
use crate::site::Site;
use crate::site::images::Images;
use crate::util::paths;

/// Refuses static files that would overwrite a generated file.
pub(crate) fn check_clashes(
    site: &Site,
    copies: &BTreeMap<String, Source>,
    generated: impl Fn(&str) -> bool,
) -> Result<()> {
    let clashes: Vec<Diagnostic> = copies
        .iter()
        .filter(|(path, _)| generated(path))
        .map(|(path, source)| {
            Diagnostic::new(
                source.origin(&site.config.root, path),
                format!("would overwrite the generated /{path}"),
            )
            .hint("rename or remove the static file")
        })
        .collect();
    if clashes.is_empty() { Ok(()) } else { Err(Error::Site(clashes)) }
}

/// The copied files plus the picture variants made so far.
pub(crate) fn with_pictures(
    copies: &BTreeMap<String, Source>,
    images: &Images,
) -> BTreeMap<String, Source> {
    let mut all = copies.clone();
    for (output_path, cached) in images.files() {
        all.insert(output_path, Source::Disk(cached));
    }
    all
}

/// Theme static files, then the site's static/ (which wins), then content/ assets.
pub(crate) fn static_copies(
    config: &Config,
    assets: &[content::Asset],
    theme: &Theme,
) -> Result<BTreeMap<String, Source>> {
    let mut by_path: BTreeMap<String, Source> = BTreeMap::new();
    for file in &theme.static_files {
        by_path.insert(file.output_path.clone(), file.source.clone());
    }
    let static_dir = config.root.join("static");
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).follow_links(true).sort_by_file_name() {
            let entry = entry.map_err(|err| {
                Error::from(Diagnostic::new(
                    paths::relative(&config.root, err.path().unwrap_or(&static_dir)),
                    format!("cannot read: {err}"),
                ))
            })?;
            if entry.path_is_symlink() && !config.allow_outside_links {
                if let Some(target) = paths::link_outside(&config.root, entry.path()) {
                    return Err(Error::from(paths::outside_link_problem(
                        &config.root,
                        entry.path(),
                        &target,
                    )));
                }
            }
            if !entry.file_type().is_file() || paths::is_ignored_entry(entry.file_name(), false) {
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
    for asset in assets {
        by_path.insert(asset.output_path.clone(), Source::Disk(asset.source.clone()));
    }
    Ok(by_path)
}

/// The copies as a list, for writing.
pub(crate) fn copy_list(copies: &BTreeMap<String, Source>) -> Vec<Copy> {
    copies
        .iter()
        .map(|(output_path, source)| Copy {
            output_path: output_path.clone(),
            source: source.clone(),
        })
        .collect()
}
