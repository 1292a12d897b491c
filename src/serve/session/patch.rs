//! The fast path for a body edit, and reading changed content files.

use std::collections::HashSet;
use std::sync::Arc;

use crate::content::{self, CONTENT_DIR};
use crate::error::{Error, Result};
use crate::render::{self, Job};

use super::*;

impl Session {
    /// The fast path for the most common edit: one document's body changed and nothing
    /// else about it (same front matter, so same URL, title, date, tags). Only its HTML,
    /// its summary, and the outputs that show them are rebuilt; the site model is patched
    /// in place. `None` when the edit is anything else (the general path handles it).
    // Long because the patch and its undo must stay side by side: every field it swaps in
    // is swapped back when rendering fails.
    pub(super) fn patch_body(&mut self, path: &str) -> Option<Result<Update>> {
        if !is_plain_markdown(path) {
            return None;
        }
        let old_doc = Arc::clone(self.documents.get(path)?);
        let new_doc = content::load_file(&self.config, path, &self.site.section_kinds).ok()?;
        let same_place = new_doc.front == old_doc.front
            && new_doc.lang == old_doc.lang
            && new_doc.kind == old_doc.kind
            && new_doc.key == old_doc.key;
        if !same_place {
            return None;
        }
        if new_doc.body == old_doc.body {
            self.documents.insert(path.to_string(), Arc::new(new_doc));
            return Some(Ok(Update::default()));
        }
        let id = *self.site.by_content_path.get(path)?;
        let lang = new_doc.lang.clone();
        let new_doc = Arc::new(new_doc);
        let body = self.site.render_body(&new_doc);
        if !body.problems.is_empty() {
            return None; // the general path reports broken links with everything else
        }

        // Swap the new document in; swap back if rendering fails.
        let old_item = self.site.items[id].clone();
        {
            let item = &mut self.site.items[id];
            item.doc = Arc::clone(&new_doc);
            item.rendered = body.rendered;
            item.links = body.links;
            item.pictures = body.pictures;
        }
        // The search index reads a body only through its first paragraph.
        let search_same = crate::render::search::summary(&old_item)
            == crate::render::search::summary(&self.site.items[id]);
        let summary = self.values.summary(&self.site, id);
        let summary_changed = summary != self.values.summaries[id];
        // Patched in place (cloning 10k values costs more than the whole edit); the old
        // values are put back if rendering fails.
        let old_summary = std::mem::replace(&mut self.values.summaries[id], summary);
        let mut old_collections = None;
        if summary_changed {
            let collections =
                crate::render::values::collections_of(&self.site, &self.values.summaries, &lang);
            if let Some(language) = self.values.languages.get_mut(&lang) {
                old_collections = Some(std::mem::replace(&mut language.collections, collections));
            }
        }

        let mut dirty: HashSet<&String> = HashSet::new();
        let index = &self.dependents;
        dirty.extend(index.owners.get(path).into_iter().flatten());
        if summary_changed {
            dirty.extend(index.listers.get(path).into_iter().flatten());
            dirty.extend(index.collection_readers.get(&lang).into_iter().flatten());
        }
        let dirty_jobs: Vec<Job> = dirty
            .iter()
            .filter_map(|p| self.outputs.get(*p))
            .map(|r| r.job.clone())
            .filter(|job| !(search_same && matches!(job, Job::SearchIndex(_))))
            .collect();
        let rendered =
            match render::render_all(&self.site, &self.values, &self.templates, &dirty_jobs) {
                Ok(rendered) => rendered,
                Err(problems) => {
                    self.site.items[id] = old_item;
                    self.values.summaries[id] = old_summary;
                    if let (Some(collections), Some(language)) =
                        (old_collections, self.values.languages.get_mut(&lang))
                    {
                        language.collections = collections;
                    }
                    self.documents.insert(path.to_string(), new_doc);
                    self.stale.resync = true;
                    return Some(Err(Error::Site(problems)));
                }
            };
        let mut update = Update { rendered: rendered.len(), ..Update::default() };
        for output in rendered {
            let Some(record) = self.outputs.get_mut(&output.path) else { continue };
            if *record.bytes != output.bytes {
                update.changed.push(output.path.clone());
                record.bytes = kept(output.bytes);
            }
        }
        // The body may show pictures no page showed before.
        for (path, source) in with_pictures(&self.copies, &self.images) {
            if let std::collections::btree_map::Entry::Vacant(slot) = self.copies.entry(path) {
                update.changed.push(slot.key().clone());
                slot.insert(source);
            }
        }
        update.changed.sort();
        self.documents.insert(path.to_string(), new_doc);
        Some(Ok(update))
    }

    /// Reads changed content files (or all of content/ when folders or section indexes
    /// changed) into the session's documents.
    pub(super) fn reload_content(&mut self, content_paths: &[&str]) -> Result<()> {
        let content_dir = self.config.root.join(CONTENT_DIR);
        let targeted =
            content_paths.iter().all(|p| is_plain_markdown(p) && !content_dir.join(p).is_dir());
        if targeted {
            let kinds = content::section_kinds(self.documents.values().map(|d| d.as_ref()));
            for &path in content_paths {
                self.documents.remove(path);
                self.failed.remove(path);
                if content_dir.join(path).is_file() {
                    match content::load_file(&self.config, path, &kinds) {
                        Ok(doc) => {
                            self.documents.insert(path.to_string(), Arc::new(doc));
                        }
                        Err(problems) => {
                            self.failed.insert(path.to_string(), problems);
                        }
                    }
                }
            }
            return Ok(());
        }
        // Folders moved, section indexes or assets changed: read content/ again, keeping
        // the documents whose text has not changed (so their HTML is reused).
        let loaded = content::load(&self.config)?;
        let (fresh, failed, walk_problems) =
            split_loaded(loaded.documents, loaded.problems, &loaded.failed);
        self.documents = fresh
            .into_iter()
            .map(|(path, doc)| match self.documents.get(&path) {
                Some(old) if **old == *doc => (path, Arc::clone(old)),
                _ => (path, doc),
            })
            .collect();
        self.failed = failed;
        self.walk_problems = walk_problems;
        self.assets = loaded.assets;
        Ok(())
    }
}
