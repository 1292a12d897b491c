//! The front matter `folio import bibtex` writes for one paper, and what its report says
//! about it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

/// The front matter written for a paper, in the order a person reads it.
#[derive(Debug, Serialize)]
pub(in crate::import) struct Paper {
    pub(in crate::import) title: String,
    pub(in crate::import) authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(in crate::import) venue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(in crate::import) abbr: Option<String>,
    #[serde(rename = "type")]
    pub(in crate::import) paper_type: &'static str,
    pub(in crate::import) year: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(in crate::import) month: Option<u8>,
    pub(in crate::import) status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(in crate::import) featured: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(in crate::import) badges: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(in crate::import) tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(in crate::import) image: Option<String>,
    /// The entry as written, for citing; none for papers read from a service (folio makes
    /// their BibTeX from the front matter).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(in crate::import) bibtex: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(in crate::import) links: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(in crate::import) extra: BTreeMap<String, String>,
    /// The abstract: the page's body.
    #[serde(skip)]
    pub(in crate::import) body: String,
    /// Files the entry names by a path of its own (`pdf = {paper.pdf}`): field → path.
    #[serde(skip)]
    pub(in crate::import) files: Vec<(String, String)>,
    /// Fields with no place of their own, kept under `[extra]`.
    #[serde(skip)]
    pub(in crate::import) kept_in_extra: Vec<String>,
}

impl Paper {
    pub(in crate::import) fn title(&self) -> String {
        self.title.clone()
    }

    /// The file's text: TOML front matter, then the abstract.
    pub(in crate::import) fn text(&self) -> Result<String, toml::ser::Error> {
        let toml = toml::to_string(self)?;
        let body = if self.body.is_empty() { String::new() } else { format!("{}\n", self.body) };
        Ok(format!("+++\n{toml}+++\n{body}"))
    }

    /// What the user is told about this paper besides "wrote".
    pub(in crate::import) fn notes(&self, rel: &Path) -> Vec<String> {
        let mut notes = Vec::new();
        let folder = rel.parent().map(|p| p.display().to_string()).unwrap_or_default();
        for (field, path) in &self.files {
            let name = file_name(path);
            let al_folio = match field.as_str() {
                "preview" => {
                    format!(" (al-folio kept it as assets/img/publication_preview/{name})")
                }
                "pdf" | "supp" | "slides" | "poster" => {
                    format!(" (al-folio kept it as assets/pdf/{name})")
                }
                _ => String::new(),
            };
            notes.push(format!("copy {path}{al_folio} into {folder}/ (`{field}` of the entry)"));
        }
        if !self.kept_in_extra.is_empty() {
            notes.push(format!(
                "{}: {} kept under [extra] (folio has no field for {})",
                rel.display(),
                self.kept_in_extra.join(", "),
                if self.kept_in_extra.len() == 1 { "it" } else { "them" }
            ));
        }
        notes
    }
}

/// The last part of a path (al-folio's `pdf = {assets/pdf/x.pdf}` → `x.pdf`).
pub(in crate::import) fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}
