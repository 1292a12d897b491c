//! `folio import doi:… arxiv:… orcid:… dblp:…`: papers by identifier, from the public
//! services that hold them, written as the same paper files a `.bib` import writes (and
//! matched with those already there in the same way).
//!
//! Only this command touches the network; builds never do. Every raw answer is kept under
//! `.folio-cache/import/`, so a rerun works offline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Imported;
use super::bibtex::paper::Paper;
use crate::content::CONTENT_DIR;
use crate::error::{Diagnostic, Result};

mod arxiv;
mod dblp;
mod doi;
mod fetch;
mod lookup;
mod orcid;

use fetch::Fetcher;
use lookup::Lookup;

/// What the user asked for, read from one argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// `doi:10.1109/CVPR.2016.90`, `https://doi.org/…` or a bare `10.…/…`.
    Doi(String),
    /// `arxiv:2401.01234`, `arxiv:hep-th/9901001`, `https://arxiv.org/abs/…`.
    Arxiv(String),
    /// `orcid:0000-0002-1825-0097` or `https://orcid.org/…`: all of the person's works.
    Orcid(String),
    /// `dblp:34/7659` or `https://dblp.org/pid/34/7659`: all of the person's works.
    Dblp(String),
}

impl Identifier {
    /// Reads one argument; the error says what the forms are.
    pub fn parse(text: &str) -> std::result::Result<Identifier, String> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let after = |prefixes: &[&str]| {
            prefixes
                .iter()
                .find(|p| lower.starts_with(*p))
                .map(|p| text[p.len()..].trim().trim_end_matches('/').to_string())
        };
        let found = if let Some(doi) =
            after(&["doi:", "https://doi.org/", "http://doi.org/", "https://dx.doi.org/"])
        {
            Identifier::Doi(doi)
        } else if lower.starts_with("10.") {
            Identifier::Doi(text.to_string())
        } else if let Some(id) =
            after(&["arxiv:", "https://arxiv.org/abs/", "http://arxiv.org/abs/"])
        {
            Identifier::Arxiv(arxiv::without_version(&id))
        } else if let Some(id) = after(&["orcid:", "https://orcid.org/", "http://orcid.org/"]) {
            Identifier::Orcid(id.to_ascii_uppercase())
        } else if let Some(pid) = after(&["dblp:", "https://dblp.org/pid/"]) {
            Identifier::Dblp(pid.trim_end_matches(".html").trim_end_matches(".xml").to_string())
        } else {
            return Err(format!(
                "`{text}` is not an identifier folio reads: write doi:10.…/…, arxiv:2401.01234, orcid:0000-0000-0000-0000 or dblp:<pid>"
            ));
        };
        found.check().map(|()| found)
    }

    /// Whether the identifier has the shape its kind has (an ORCID's checksum too).
    fn check(&self) -> std::result::Result<(), String> {
        let well_formed = match self {
            Identifier::Doi(doi) => {
                doi.starts_with("10.") && doi.contains('/') && !doi.contains(char::is_whitespace)
            }
            Identifier::Arxiv(id) => {
                !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-'))
            }
            Identifier::Orcid(id) => orcid::valid(id),
            Identifier::Dblp(pid) => {
                pid.contains('/')
                    && pid.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-'))
            }
        };
        if well_formed {
            Ok(())
        } else {
            Err(format!("`{self}` is not a well-formed {} identifier", self.kind()))
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Identifier::Doi(_) => "DOI",
            Identifier::Arxiv(_) => "arXiv",
            Identifier::Orcid(_) => "ORCID",
            Identifier::Dblp(_) => "dblp",
        }
    }
}

impl std::fmt::Display for Identifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Identifier::Doi(id) => write!(f, "doi:{id}"),
            Identifier::Arxiv(id) => write!(f, "arxiv:{id}"),
            Identifier::Orcid(id) => write!(f, "orcid:{id}"),
            Identifier::Dblp(id) => write!(f, "dblp:{id}"),
        }
    }
}

/// One paper as a service describes it: what becomes its front matter.
#[derive(Debug, Default, Clone)]
struct Work {
    title: String,
    authors: Vec<String>,
    venue: Option<String>,
    paper_type: &'static str,
    status: &'static str,
    year: i64,
    month: Option<u8>,
    doi: Option<String>,
    arxiv: Option<String>,
    url: Option<String>,
    abstract_text: Option<String>,
    extra: BTreeMap<String, String>,
}

impl Work {
    /// The front matter `folio import bibtex` would write for the same paper.
    fn paper(self) -> Paper {
        let mut links = BTreeMap::new();
        if let Some(doi) = &self.doi {
            links.insert("doi".to_string(), format!("https://doi.org/{doi}"));
        }
        if let Some(id) = &self.arxiv {
            links.insert("arxiv".to_string(), format!("https://arxiv.org/abs/{id}"));
        }
        if let Some(url) = self.url.filter(|u| {
            !u.contains("doi.org/") && !u.contains("arxiv.org/") && u.starts_with("http")
        }) {
            links.insert("html".to_string(), url);
        }
        Paper {
            title: self.title,
            authors: self.authors,
            venue: self.venue,
            abbr: None,
            paper_type: self.paper_type,
            year: self.year,
            month: self.month,
            status: self.status,
            featured: None,
            badges: Vec::new(),
            tags: Vec::new(),
            image: None,
            bibtex: None,
            links,
            extra: self.extra,
            body: self.abstract_text.map(|text| super::literal(&text)).unwrap_or_default(),
            files: Vec::new(),
            kept_in_extra: Vec::new(),
        }
    }

    /// The file name: first author's family name, year and first word of the title, as
    /// citation keys are made (`he2016deep`).
    fn file_stem(&self) -> String {
        let family = self
            .authors
            .iter()
            .find(|a| !crate::content::front_matter::stands_for_unnamed(a))
            .map(|a| a.split_whitespace().last().unwrap_or(a).to_string())
            .unwrap_or_default();
        let word = self
            .title
            .split_whitespace()
            .find(|w| w.chars().count() > 3)
            .or_else(|| self.title.split_whitespace().next())
            .unwrap_or_default();
        let slug = crate::util::slug::slugify(&format!("{family}{} {word}", self.year));
        if slug.is_empty() { "paper".to_string() } else { slug.replace('-', "") }
    }
}

/// Writes the papers `identifiers` name into `content/<section>/`. Unreachable services
/// (offline, a timeout) fail the whole import before anything is written; an identifier a
/// service does not know, or one work that cannot be read, is a problem of its own.
pub fn import(
    root: &Path,
    identifiers: &[Identifier],
    section: &str,
    mode: super::Mode,
) -> Result<Imported> {
    super::check_section(section)?;
    // ORCID summaries name no authors: the site's owner is one.
    let owner = crate::config::Config::load(root).ok().and_then(|config| {
        let lang = &config.default_language;
        Some(config.author.as_ref()?.name.get(lang, lang).to_string())
    });
    let fetcher = Fetcher::new(root);
    let mut imported = Imported::default();
    let mut works: Vec<(String, Work)> = Vec::new();
    for identifier in identifiers {
        let source = identifier.to_string();
        let mut lookup = Lookup { fetcher: &fetcher, imported: &mut imported, source: &source };
        let found = match identifier {
            Identifier::Doi(doi) => lookup.doi(doi).map(|w| w.into_iter().collect()),
            Identifier::Arxiv(id) => lookup.arxiv(id).map(|w| w.into_iter().collect()),
            Identifier::Orcid(id) => lookup.orcid(id, owner.as_deref()),
            Identifier::Dblp(pid) => lookup.dblp(pid),
        }?;
        works.extend(found.into_iter().map(|work| (source.clone(), work)));
    }
    let mut plans: Vec<(PathBuf, String)> = Vec::new();
    for (source, work) in works {
        let stem = work.file_stem();
        let rel = Path::new(CONTENT_DIR).join(section).join(format!("{stem}.md"));
        let title = work.title.clone();
        match work.paper().text() {
            Ok(text) => plans.push((rel, text)),
            Err(err) => imported.problems.push(Diagnostic::new(
                Path::new(&source),
                format!("cannot write \"{title}\": {err}"),
            )),
        }
    }
    imported.write(root, plans, mode)?;
    Ok(imported)
}

/// A person's name as papers print it: given then family, except for names written in
/// CJK characters, which put the family name first with no space.
fn display_name(given: &str, family: &str) -> String {
    let (given, family) = (given.trim(), family.trim());
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    match (given.is_empty(), family.is_empty()) {
        (true, _) => family.to_string(),
        (_, true) => given.to_string(),
        _ if cjk(given) && cjk(family) => format!("{family}{given}"),
        _ => format!("{given} {family}"),
    }
}

/// The text of `node`'s first child element called `name` (any namespace), markup such as
/// dblp's `<i>` included, spaces collapsed; `None` when there is none or it is empty.
fn child_text(node: roxmltree::Node, name: &str) -> Option<String> {
    let child = node.children().find(|n| n.tag_name().name() == name)?;
    let text: String =
        child.descendants().filter(roxmltree::Node::is_text).filter_map(|d| d.text()).collect();
    let text = collapse(&text);
    (!text.is_empty()).then_some(text)
}

/// `text` with its runs of white space made one space, and none at the ends.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with its markup (JATS `<jats:p>`) taken out, its entities decoded and its spaces
/// collapsed.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
