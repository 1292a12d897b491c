//! Where each file goes: one URL per file, checked for clashes.

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashMap as HashMap;

use crate::config::Config;
use crate::content::Role;
use crate::error::Diagnostic;

use super::*;

pub(super) fn find_clashes(
    config: &Config,
    items: &[Item],
    sections: &[Section],
    tags: &[Tag],
    aliases: &[Alias],
) -> Vec<Diagnostic> {
    // Output file -> who writes it; owners are described only when two clash.
    #[derive(Clone, Copy, PartialEq)]
    enum Owner {
        SearchPage,
        Item(usize),
        Section(usize),
        Tag(usize),
        Alias(usize),
    }
    let describe = |owner: Owner| match owner {
        Owner::SearchPage => "the search page ([outputs] search = false turns it off)".to_string(),
        Owner::Item(id) => items[id].doc.file.display().to_string(),
        Owner::Section(i) => format!("the list of section `{}`", sections[i].name),
        Owner::Tag(i) => format!("the page of tag `{}`", tags[i].name),
        Owner::Alias(i) => format!("the alias to {}", aliases[i].target),
    };
    let mut owners: HashMap<std::borrow::Cow<str>, Owner> =
        HashMap::with_capacity_and_hasher(items.len() + tags.len() + 16, Default::default());
    let mut problems = Vec::new();
    let mut claim =
        |file: std::borrow::Cow<'_, str>, owner: Owner, problems: &mut Vec<Diagnostic>| {
            // Two pages of one section list never clash with each other.
            match owners.get(&file) {
                Some(&previous) if previous != owner => problems.push(
                    Diagnostic::new(
                        describe(owner),
                        format!(
                            "has the same URL (/{}) as {}",
                            file.trim_end_matches("index.html"),
                            describe(previous)
                        ),
                    )
                    .hint("give one of them another file name or a different `slug`"),
                ),
                Some(_) => {}
                None => {
                    owners.insert(file.into_owned().into(), owner);
                }
            }
        };
    if config.outputs.search {
        for language in &config.languages {
            let file = format!("{}search/index.html", config.language_prefix(&language.code));
            claim(file.into(), Owner::SearchPage, &mut problems);
        }
    }
    for (id, item) in items.iter().enumerate() {
        if item.doc.role == Role::Item {
            claim(format!("{}index.html", item.path).into(), Owner::Item(id), &mut problems);
        }
    }
    for (i, section) in sections.iter().enumerate() {
        for number in 1..=section.page_count() {
            claim(
                format!("{}index.html", section.page_path(number)).into(),
                Owner::Section(i),
                &mut problems,
            );
        }
    }
    for (i, tag) in tags.iter().enumerate() {
        claim(format!("{}index.html", tag.path).into(), Owner::Tag(i), &mut problems);
    }
    for (i, alias) in aliases.iter().enumerate() {
        claim(alias.output_file.as_str().into(), Owner::Alias(i), &mut problems);
    }
    problems
}

/// The longest file or folder name most file systems take (ext4, APFS, NTFS: 255 bytes),
/// less room for the `.folio-tmp`-style names a build stages with.
const MAX_NAME: usize = 200;

/// URL segments too long to be a file name on disk, named by the file that makes them.
pub(super) fn names_too_long(items: &[Item], tags: &[Tag], aliases: &[Alias]) -> Vec<Diagnostic> {
    let too_long = |path: &str| path.split('/').find(|part| part.len() > MAX_NAME).map(str::len);
    let mut problems = Vec::new();
    for item in items {
        if let Some(len) = too_long(&item.path) {
            problems.push(
                Diagnostic::new(
                    &item.doc.file,
                    format!("its URL has a {len}-byte segment; file systems take at most 255"),
                )
                .hint("set a shorter slug = \"…\" in its front matter, or rename the file"),
            );
        }
    }
    for tag in tags {
        if let (Some(len), Some(&first)) = (too_long(&tag.path), tag.items.first()) {
            problems.push(
                Diagnostic::new(
                    &items[first].doc.file,
                    format!(
                        "tag `{}…` makes a {len}-byte URL segment; file systems take at most 255",
                        tag.name.chars().take(40).collect::<String>()
                    ),
                )
                .hint("shorten the tag"),
            );
        }
    }
    for alias in aliases {
        if let Some(len) = too_long(&alias.output_file) {
            problems.push(
                Diagnostic::new(
                    &alias.file,
                    format!("an alias has a {len}-byte segment; file systems take at most 255"),
                )
                .hint("shorten the alias"),
            );
        }
    }
    problems
}
