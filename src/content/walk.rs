//! Walking `content/`: folders in a fixed order, hidden files and editor droppings left out.

use crate::config::Config;
use crate::error::Diagnostic;
use crate::util::paths::{is_ignored_entry, link_outside, outside_link_problem, relative};
use rayon::prelude::*;
use std::path::Path;

use super::*;

#[derive(Default)]
pub(super) struct Walk {
    pub(super) markdown: Vec<Found>,
    pub(super) assets: Vec<Asset>,
    pub(super) problems: Vec<Diagnostic>,
}

/// The files under `content_dir`, sorted by name; `None` when `follow_links` is off and
/// the tree has a symbolic link (then it must be walked again, following links).
pub(super) fn walk_content(
    config: &Config,
    content_dir: &Path,
    follow_links: bool,
) -> Option<Walk> {
    if follow_links {
        return walk_tree(config, content_dir, content_dir, true);
    }
    // With no links to follow, each top-level folder is a tree of its own: they are walked
    // side by side (a large site's sections hold thousands of files each), and joined in
    // name order, which is the order one walk of the whole tree gives.
    let Ok(read) = std::fs::read_dir(content_dir) else {
        return walk_tree(config, content_dir, content_dir, false);
    };
    let mut top = Vec::new();
    for entry in read {
        let Ok(entry) = entry else { return walk_tree(config, content_dir, content_dir, false) };
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_ignored_entry(&entry.file_name(), is_dir) {
            continue;
        }
        // A walk starting at a link would follow it without noticing.
        if entry.file_type().map_or(true, |kind| kind.is_symlink()) {
            return None;
        }
        top.push(entry.path());
    }
    top.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let walks: Vec<Walk> = top
        .par_iter()
        .map(|start| walk_tree(config, content_dir, start, false))
        .collect::<Option<_>>()?;
    let mut walk = Walk::default();
    for part in walks {
        walk.markdown.extend(part.markdown);
        walk.assets.extend(part.assets);
        walk.problems.extend(part.problems);
    }
    Some(walk)
}

/// [`walk_content`] of the tree at `start` (`content_dir` or a folder or file in it).
pub(super) fn walk_tree(
    config: &Config,
    content_dir: &Path,
    start: &Path,
    follow_links: bool,
) -> Option<Walk> {
    let mut walk = Walk::default();
    let mut entries =
        walkdir::WalkDir::new(start).follow_links(follow_links).into_iter().filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_entry(entry.file_name(), entry.file_type().is_dir())
        });
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| relative(&config.root, p))
                    .unwrap_or_else(|| CONTENT_DIR.into());
                let diagnostic = if err.loop_ancestor().is_some() {
                    Diagnostic::new(
                        path,
                        "symbolic link loop: this link points at one of its own parent folders",
                    )
                    .hint("remove the link, or point it somewhere outside this folder")
                } else {
                    Diagnostic::new(path, format!("cannot read: {err}"))
                };
                walk.problems.push(diagnostic);
                continue;
            }
        };
        if !follow_links && entry.file_type().is_symlink() {
            return None;
        }
        if entry.path_is_symlink() && !config.allow_outside_links {
            if let Some(target) = link_outside(&config.root, entry.path()) {
                walk.problems.push(outside_link_problem(&config.root, entry.path(), &target));
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = match entry.path().strip_prefix(content_dir) {
            Ok(rel) => rel,
            Err(_) => continue,
        };
        let content_path =
            rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        if entry.path().extension().is_some_and(|ext| ext == "md") {
            walk.markdown.push(Found { absolute: entry.path().to_path_buf(), content_path });
        } else {
            walk.assets
                .push(Asset { source: entry.path().to_path_buf(), output_path: content_path });
        }
    }
    // In the order of a walk sorted by file name, folder by folder (walkdir's own sort takes
    // each name apart again at every comparison: ~1 % of a build of 10,000 pages).
    let by_folders = |a: &str, b: &str| folder_order(a).cmp(folder_order(b));
    walk.markdown.sort_unstable_by(|a, b| by_folders(&a.content_path, &b.content_path));
    walk.assets.sort_unstable_by(|a, b| by_folders(&a.output_path, &b.output_path));
    walk.problems.sort_by(|a, b| a.file.cmp(&b.file));
    Some(walk)
}

/// A path's bytes with `/` below every other byte: ordering paths by them orders them
/// folder by folder, as a walk sorted by name would (`a/b.md` before `a.md`).
pub(super) fn folder_order(path: &str) -> impl Iterator<Item = u8> + '_ {
    path.bytes().map(|byte| if byte == b'/' { 0 } else { byte })
}
