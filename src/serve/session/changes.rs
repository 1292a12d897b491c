//! Deciding which outputs a rebuild renders again: what changed, and who shows it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::theme::Source;
use crate::content::Role;
use crate::error::{Error, Result};
use crate::render::templates::Templates;
use crate::render::values::Values;
use crate::render::{self, Deps, Job};
use crate::site::Site;

use super::*;
use crate::output::copies::check_clashes;

/// Reverse dependencies of the outputs: which outputs show a document in full, which
/// show its summary, and which read a language's collections.
#[derive(Debug, Default)]
pub(super) struct Dependents {
    pub(super) owners: HashMap<String, Vec<String>>,
    pub(super) listers: HashMap<String, Vec<String>>,
    pub(super) collection_readers: HashMap<String, Vec<String>>,
}

impl Dependents {
    pub(super) fn of(outputs: &BTreeMap<String, Record>, templates: &Templates) -> Dependents {
        let mut index = Dependents::default();
        for (path, record) in outputs {
            let deps = &record.deps;
            for owned in &deps.owns {
                index.owners.entry(owned.clone()).or_default().push(path.clone());
            }
            for listed in &deps.inputs {
                index.listers.entry(listed.clone()).or_default().push(path.clone());
            }
            if let (Some(lang), Some(template)) = (&deps.lang, &deps.template) {
                if templates.reads(template, "collections") {
                    index.collection_readers.entry(lang.clone()).or_default().push(path.clone());
                }
            }
        }
        index
    }
}

pub(super) struct Previous<'a> {
    pub(super) site: &'a Site,
    pub(super) values: &'a Values,
    pub(super) outputs: &'a BTreeMap<String, Record>,
    pub(super) all_dirty: bool,
}

/// What changed between the previous site and this one, per content path and language.
pub(super) struct Changed {
    docs: HashSet<String>,
    summaries: HashSet<String>,
    globals: HashSet<String>,
    collections: HashSet<String>,
    profiles: HashSet<String>,
}

pub(super) fn what_changed(old: &Previous, site: &Site, values: &Values) -> Changed {
    let mut changed = Changed {
        docs: HashSet::new(),
        summaries: HashSet::new(),
        globals: HashSet::new(),
        collections: HashSet::new(),
        profiles: HashSet::new(),
    };
    let mut seen = HashSet::new();
    for (id, item) in site.items.iter().enumerate() {
        let path = &item.doc.content_path;
        seen.insert(path.as_str());
        let previous =
            old.site.by_content_path.get(path).map(|&old_id| (old_id, &old.site.items[old_id]));
        let (doc_same, summary_same) = match previous {
            Some((old_id, old_item)) => {
                let doc_same = Arc::ptr_eq(&old_item.doc, &item.doc)
                    && Arc::ptr_eq(&old_item.rendered, &item.rendered)
                    && old_item.path == item.path
                    && old_item.cite_key == item.cite_key;
                let summary_same = (doc_same && item.doc.role != Role::SectionIndex)
                    || old.values.summaries[old_id] == values.summaries[id];
                (doc_same, summary_same)
            }
            None => (false, false),
        };
        if !doc_same {
            changed.docs.insert(path.clone());
        }
        if !summary_same {
            changed.summaries.insert(path.clone());
            changed.collections.insert(item.doc.lang.clone());
        }
        if !doc_same && item.doc.role == Role::Home {
            changed.profiles.insert(item.doc.lang.clone());
        }
    }
    for old_item in &old.site.items {
        if !seen.contains(old_item.doc.content_path.as_str()) {
            changed.docs.insert(old_item.doc.content_path.clone());
            changed.summaries.insert(old_item.doc.content_path.clone());
            changed.collections.insert(old_item.doc.lang.clone());
            if old_item.doc.role == Role::Home {
                changed.profiles.insert(old_item.doc.lang.clone());
            }
        }
    }
    for (lang, new) in &values.languages {
        match old.values.languages.get(lang) {
            Some(previous) if previous.site == new.site && previous.strings == new.strings => {}
            _ => {
                changed.globals.insert(lang.clone());
            }
        }
    }
    changed
}

/// Whether an output must be rendered again: it is new, its inputs are not the same list,
/// or something it shows changed. `reads(template, global)` says whether a template reads
/// `collections` or `profile`.
pub(super) fn is_dirty(
    job_deps: &Deps,
    old: Option<&Deps>,
    changed: &Changed,
    reads: impl Fn(&str, &str) -> bool,
) -> bool {
    let Some(old) = old else { return true };
    if *old != *job_deps {
        return true;
    }
    if let Some(lang) = &job_deps.lang {
        if changed.globals.contains(lang) {
            return true;
        }
        if let Some(template) = &job_deps.template {
            if changed.collections.contains(lang) && reads(template, "collections") {
                return true;
            }
            if changed.profiles.contains(lang) && reads(template, "profile") {
                return true;
            }
        }
    }
    job_deps.owns.iter().any(|p| changed.docs.contains(p))
        || job_deps.inputs.iter().any(|p| changed.summaries.contains(p))
}

/// Renders the jobs whose inputs changed since `previous` (all of them without one).
pub(super) fn render_outputs(
    site: &Site,
    values: &Values,
    templates: &Templates,
    copies: &BTreeMap<String, Source>,
    previous: Option<Previous>,
) -> Result<(BTreeMap<String, Record>, usize)> {
    let jobs = render::jobs(site, templates);
    let changed = previous.as_ref().filter(|p| !p.all_dirty).map(|p| what_changed(p, site, values));
    let planned: Vec<(Job, String, Deps, Option<Record>)> = jobs
        .into_par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|job| {
            let path = render::job_path(site, &job);
            let deps = render::job_deps(site, templates, &job);
            let keep = match (&previous, &changed) {
                (Some(previous), Some(changed)) => {
                    let old = previous.outputs.get(&path);
                    (!is_dirty(&deps, old.map(|r| &r.deps), changed, |t, g| templates.reads(t, g)))
                        .then(|| old.cloned())
                        .flatten()
                }
                _ => None,
            };
            (job, path, deps, keep)
        })
        .collect();
    render::check_unique_paths(site, planned.iter().map(|(job, path, ..)| (path.as_str(), job)))
        .map_err(Error::Site)?;
    let to_render: Vec<Job> = planned
        .iter()
        .filter(|(_, _, _, keep)| keep.is_none())
        .map(|(job, ..)| job.clone())
        .collect();
    let rendered = render::render_all(site, values, templates, &to_render).map_err(Error::Site)?;
    let count = rendered.len();
    let mut fresh = rendered
        .into_par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|output| kept(output.bytes))
        .collect::<Vec<_>>()
        .into_iter();
    let mut outputs = BTreeMap::new();
    for (job, path, deps, keep) in planned {
        let record = match keep {
            // Item ids may have moved: keep the bytes, take this site's job.
            Some(record) => Record { job, ..record },
            None => {
                let bytes = fresh.next().ok_or_else(|| {
                    Error::Refused("internal error: fewer outputs than jobs".into())
                })?;
                Record { bytes, deps, job }
            }
        };
        outputs.insert(path, record);
    }
    check_clashes(site, copies, |path| outputs.contains_key(path))?;
    Ok((outputs, count))
}

pub(super) fn diff_everything(
    old_outputs: &BTreeMap<String, Record>,
    old_copies: &BTreeMap<String, Source>,
    outputs: &BTreeMap<String, Record>,
    copies: &BTreeMap<String, Source>,
) -> Update {
    let mut update = Update::default();
    for (path, record) in outputs {
        match old_outputs.get(path) {
            Some(old) if Arc::ptr_eq(&old.bytes, &record.bytes) || old.bytes == record.bytes => {}
            _ => update.changed.push(path.clone()),
        }
    }
    for path in copies.keys() {
        if !old_copies.contains_key(path) {
            update.changed.push(path.clone());
        }
    }
    let now: BTreeSet<&String> = outputs.keys().chain(copies.keys()).collect();
    update.removed = old_outputs
        .keys()
        .chain(old_copies.keys())
        .filter(|path| !now.contains(path))
        .cloned()
        .collect();
    update.removed.sort();
    update.removed.dedup();
    update
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(lang: &str, owns: &[&str], inputs: &[&str]) -> Deps {
        Deps {
            lang: Some(lang.to_string()),
            template: Some("page.html".to_string()),
            owns: owns.iter().map(|s| s.to_string()).collect(),
            inputs: inputs.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn nothing_changed() -> Changed {
        Changed {
            docs: HashSet::new(),
            summaries: HashSet::new(),
            globals: HashSet::new(),
            collections: HashSet::new(),
            profiles: HashSet::new(),
        }
    }

    fn set(items: &[&str]) -> HashSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    const READS_ALL: fn(&str, &str) -> bool = |_, _| true;
    const READS_NOTHING: fn(&str, &str) -> bool = |_, _| false;

    #[test]
    fn a_new_output_or_other_inputs_render_again() {
        let now = deps("zh", &["a.md"], &[]);
        assert!(is_dirty(&now, None, &nothing_changed(), READS_ALL));
        let before = deps("zh", &["a.md"], &["b.md"]);
        assert!(is_dirty(&now, Some(&before), &nothing_changed(), READS_NOTHING));
    }

    #[test]
    fn an_output_whose_inputs_are_unchanged_is_kept() {
        let now = deps("zh", &["a.md"], &["b.md"]);
        let changed =
            Changed { docs: set(&["c.md"]), summaries: set(&["c.md"]), ..nothing_changed() };
        assert!(!is_dirty(&now, Some(&now.clone()), &changed, READS_NOTHING));
    }

    #[test]
    fn a_changed_document_or_summary_it_shows_renders_again() {
        let now = deps("zh", &["a.md"], &["b.md"]);
        let doc = Changed { docs: set(&["a.md"]), ..nothing_changed() };
        assert!(is_dirty(&now, Some(&now.clone()), &doc, READS_NOTHING));
        let summary = Changed { summaries: set(&["b.md"]), ..nothing_changed() };
        assert!(is_dirty(&now, Some(&now.clone()), &summary, READS_NOTHING));
        // Only the summary of a page it shows in full changed: its own page shows the body.
        let owned_summary = Changed { summaries: set(&["a.md"]), ..nothing_changed() };
        assert!(!is_dirty(&now, Some(&now.clone()), &owned_summary, READS_NOTHING));
    }

    #[test]
    fn language_wide_changes_reach_only_that_language_and_the_templates_that_read_them() {
        let now = deps("en", &["a.en.md"], &[]);
        let globals = Changed { globals: set(&["en"]), ..nothing_changed() };
        assert!(is_dirty(&now, Some(&now.clone()), &globals, READS_NOTHING));
        let other_language = Changed { globals: set(&["zh"]), ..nothing_changed() };
        assert!(!is_dirty(&now, Some(&now.clone()), &other_language, READS_ALL));
        let collections = Changed { collections: set(&["en"]), ..nothing_changed() };
        assert!(is_dirty(&now, Some(&now.clone()), &collections, READS_ALL));
        assert!(!is_dirty(&now, Some(&now.clone()), &collections, READS_NOTHING));
        let profiles = Changed { profiles: set(&["en"]), ..nothing_changed() };
        let reads_profile = |_: &str, global: &str| global == "profile";
        assert!(is_dirty(&now, Some(&now.clone()), &profiles, reads_profile));
        assert!(!is_dirty(&now, Some(&now.clone()), &collections, reads_profile));
    }
}
