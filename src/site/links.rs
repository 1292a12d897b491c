//! `@/` links: resolving a content path to its URL in the reader's language.

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use rayon::prelude::*;

use crate::config::Config;

use super::{Item, Section};

/// Resolves `@/` paths to URLs in a given language. Owns its tables, so template
/// functions can hold it for the whole build.
#[derive(Debug, Clone, Default)]
pub struct Links {
    base_path: String,
    default_language: String,
    language_prefixes: HashMap<String, String>,
    /// content path → (lang, output path) of the file
    by_file: HashMap<String, (String, String)>,
    /// translation key → lang → output path
    by_key: HashMap<String, HashMap<String, String>>,
    /// section folder → lang → output path of the section list
    sections: HashMap<String, HashMap<String, String>>,
    failed: Vec<String>,
    /// Content paths of the files copied from content/ (pictures, PDFs).
    assets: HashSet<String>,
}

impl Links {
    /// The URL (root-relative, with the base path) of output folder `path`.
    pub fn url_of(config: &Config, path: &str) -> String {
        [config.base_path.as_str(), path].concat()
    }

    /// The absolute URL of output folder or file `path` (`https://example.org/papers/foo/`).
    pub fn permalink_of(config: &Config, path: &str) -> String {
        [config.base_url.as_str(), path].concat()
    }

    /// The address of language `lang`'s home page, unless `base_url` is still a placeholder
    /// (`example.org`) a reader could not open: what a document may print as the site's.
    pub fn public_home(config: &Config, lang: &str) -> Option<String> {
        let home = Links::permalink_of(config, &config.language_prefix(lang));
        (!crate::util::paths::is_placeholder_url(&home)).then_some(home)
    }

    fn url(&self, path: &str) -> String {
        [self.base_path.as_str(), path].concat()
    }

    /// Resolves `target` (the part after `@/`) for a page in `lang`.
    pub fn resolve(&self, target: &str, lang: &str) -> Result<String, String> {
        let target = target.trim_start_matches('/');
        if let Some((file_lang, path)) = self.by_file.get(target) {
            // A link to the default-language file means "this item": prefer the reader's language.
            let key = self.strip_language(target, file_lang);
            if let Some(path) = self.by_key.get(&key).and_then(|langs| langs.get(lang)) {
                return Ok(self.url(path));
            }
            return Ok(self.url(path));
        }
        if let Some(path) = self.by_key.get(target).and_then(|langs| langs.get(lang)) {
            return Ok(self.url(path));
        }
        if let Some(section) = target.strip_suffix("/_index.md") {
            if let Some(path) = self.sections.get(section).and_then(|langs| langs.get(lang)) {
                return Ok(self.url(path));
            }
        }
        if target == "_index.md" || target.is_empty() {
            let prefix = self.language_prefixes.get(lang).map(String::as_str).unwrap_or("");
            return Ok(self.url(prefix));
        }
        if self.assets.contains(target) {
            // A file of content/ that is not a page (a PDF beside a paper) keeps its path.
            return Ok(self.url(target));
        }
        if self.failed.iter().any(|failed| failed == target) {
            // That file has its own error already; don't report the link as well.
            return Ok("#".to_string());
        }
        Err(format!("there is no file content/{target}"))
    }

    fn strip_language(&self, content_path: &str, lang: &str) -> String {
        if lang == self.default_language {
            return content_path.to_string();
        }
        match content_path.strip_suffix(&format!(".{lang}.md")) {
            Some(stem) => format!("{stem}.md"),
            None => content_path.to_string(),
        }
    }

    pub(super) fn new(
        config: &Config,
        items: &[Item],
        sections: &[Section],
        failed: &[String],
        assets: &[crate::content::Asset],
    ) -> Self {
        let mut links = Links {
            base_path: config.base_path.clone(),
            default_language: config.default_language.clone(),
            language_prefixes: config
                .languages
                .iter()
                .map(|l| (l.code.clone(), config.language_prefix(&l.code)))
                .collect(),
            failed: failed.to_vec(),
            assets: assets.iter().map(|asset| asset.output_path.clone()).collect(),
            ..Links::default()
        };
        // The copies are made in parallel; only the inserts are serial.
        let entries: Vec<_> = items
            .par_iter()
            .map(|item| {
                let doc = &item.doc;
                let target = (doc.lang.clone(), item.path.clone());
                (doc.content_path.clone(), target.clone(), doc.key.clone(), target)
            })
            .collect();
        links.by_file.reserve(entries.len());
        for (file, file_target, key, (lang, path)) in entries {
            links.by_file.insert(file, file_target);
            links.by_key.entry(key).or_default().insert(lang, path);
        }
        for section in sections {
            links
                .sections
                .entry(section.name.clone())
                .or_default()
                .insert(section.lang.clone(), section.path.clone());
        }
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bilingual site: zh at the root, en under `/en/`, served below `/base/`.
    fn links() -> Links {
        let mut links = Links {
            base_path: "/base/".into(),
            default_language: "zh".into(),
            language_prefixes: [("zh".into(), String::new()), ("en".into(), "en/".into())]
                .into_iter()
                .collect(),
            failed: vec!["posts/broken.md".into()],
            assets: ["papers/a/paper.pdf".to_string()].into_iter().collect(),
            ..Links::default()
        };
        for (file, lang, key, path) in [
            ("papers/a.md", "zh", "papers/a.md", "papers/a/"),
            ("papers/a.en.md", "en", "papers/a.md", "en/papers/a/"),
            ("posts/only-zh.md", "zh", "posts/only-zh.md", "posts/only-zh/"),
        ] {
            links.by_file.insert(file.into(), (lang.into(), path.into()));
            links.by_key.entry(key.into()).or_default().insert(lang.into(), path.into());
        }
        links.sections.entry("papers".into()).or_default().insert("en".into(), "en/papers/".into());
        links.sections.entry("papers".into()).or_default().insert("zh".into(), "papers/".into());
        links
    }

    #[test]
    fn a_file_resolves_to_its_translation_in_the_readers_language() {
        let links = links();
        assert_eq!(links.resolve("papers/a.md", "zh").as_deref(), Ok("/base/papers/a/"));
        assert_eq!(links.resolve("papers/a.md", "en").as_deref(), Ok("/base/en/papers/a/"));
        // Any translation's file names the item: the reader's language wins.
        assert_eq!(links.resolve("/papers/a.en.md", "zh").as_deref(), Ok("/base/papers/a/"));
    }

    #[test]
    fn without_a_translation_the_file_itself() {
        let links = links();
        assert_eq!(links.resolve("posts/only-zh.md", "en").as_deref(), Ok("/base/posts/only-zh/"));
    }

    #[test]
    fn sections_and_homes_per_language() {
        let links = links();
        assert_eq!(links.resolve("papers/_index.md", "en").as_deref(), Ok("/base/en/papers/"));
        assert_eq!(links.resolve("_index.md", "en").as_deref(), Ok("/base/en/"));
        assert_eq!(links.resolve("", "zh").as_deref(), Ok("/base/"));
    }

    #[test]
    fn a_missing_file_is_an_error_and_a_failed_one_is_not_reported_twice() {
        let links = links();
        assert_eq!(
            links.resolve("papers/missing.md", "zh"),
            Err("there is no file content/papers/missing.md".to_string())
        );
        assert_eq!(links.resolve("posts/broken.md", "zh").as_deref(), Ok("#"));
        assert_eq!(
            links.resolve("papers/a/paper.pdf", "en").as_deref(),
            Ok("/base/papers/a/paper.pdf"),
            "a file beside the pages is linked as it is"
        );
    }
}
