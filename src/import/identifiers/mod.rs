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
use crate::error::{Diagnostic, Error, Result};

mod arxiv;
mod dblp;
mod doi;
mod fetch;
mod orcid;

use fetch::{Failure, Fetcher, Service};

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

/// The requests of one identifier, and where their problems and notes go.
struct Lookup<'a> {
    fetcher: &'a Fetcher,
    imported: &'a mut Imported,
    source: &'a str,
}

impl Lookup<'_> {
    /// The answer to `path` from `service`; `None` (with a problem) when it does not know
    /// the identifier; an error when it cannot be reached at all.
    fn get(&mut self, service: Service, path: &str, what: &str) -> Result<Option<String>> {
        match self.fetcher.get(service, path) {
            Ok(answer) => {
                if let Some(note) = answer.cached {
                    self.imported.notes.push(format!("{what}: {note}"));
                }
                Ok(Some(answer.body))
            }
            Err(Failure::NotFound) => {
                self.problem(format!("{} does not know {what}", service.name()));
                Ok(None)
            }
            Err(Failure::Unreachable(why)) => Err(Error::Refused(format!(
                "cannot reach {} for {what} ({why}), and no earlier answer is cached: connect to the internet and import again; nothing was written",
                service.name()
            ))),
        }
    }

    /// `read`, with what it finds missing said as a note rather than a problem.
    fn quietly(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<Option<Work>>,
    ) -> Result<Option<Work>> {
        let before = self.imported.problems.len();
        let found = read(self)?;
        for problem in self.imported.problems.split_off(before) {
            self.imported.notes.push(format!("{}; ORCID's own summary was used", problem.message));
        }
        Ok(found)
    }

    fn problem(&mut self, message: String) {
        self.imported.problems.push(Diagnostic::new(Path::new(self.source), message));
    }

    fn doi(&mut self, doi: &str) -> Result<Option<Work>> {
        let what = format!("doi:{doi}");
        let Some(body) = self.get(Service::Doi, &doi::path(doi), &what)? else { return Ok(None) };
        match doi::work(&body) {
            Ok(work) => Ok(Some(work)),
            Err(why) => {
                self.problem(format!("{what}: {why}"));
                Ok(None)
            }
        }
    }

    fn arxiv(&mut self, id: &str) -> Result<Option<Work>> {
        let what = format!("arxiv:{id}");
        let Some(body) = self.get(Service::Arxiv, &arxiv::path(id), &what)? else {
            return Ok(None);
        };
        match arxiv::work(&body) {
            Ok(work) => Ok(Some(work)),
            Err(why) => {
                self.problem(format!("{what}: {why}"));
                Ok(None)
            }
        }
    }

    /// An ORCID record's works: those with a DOI or arXiv id read from there (ORCID's own
    /// summaries name no authors), the others from the summary with the owner's name.
    fn orcid(&mut self, id: &str, owner: Option<&str>) -> Result<Vec<Work>> {
        let what = format!("orcid:{id}");
        let Some(body) = self.get(Service::Orcid, &format!("{id}/works"), &what)? else {
            return Ok(Vec::new());
        };
        let summaries = match orcid::summaries(&body) {
            Ok(summaries) => summaries,
            Err(why) => {
                self.problem(format!("{what}: {why}"));
                return Ok(Vec::new());
            }
        };
        let mut works = Vec::new();
        for summary in summaries {
            // A DOI the agencies do not know (a repository's own) leaves ORCID's summary.
            let read = match (&summary.doi, &summary.arxiv) {
                (Some(doi), _) => self.quietly(|lookup| lookup.doi(doi))?,
                (None, Some(arxiv)) => self.quietly(|lookup| lookup.arxiv(arxiv))?,
                (None, None) => None,
            };
            match (read, owner) {
                (Some(work), _) => works.push(work),
                (None, _) if summary.work.year == 0 => self.problem(format!(
                    "\"{}\" ({what}): ORCID gives no year and no record to read it from",
                    summary.work.title
                )),
                (None, Some(owner)) => {
                    self.imported.notes.push(format!(
                        "\"{}\" ({what}): read from ORCID's summary, which names no co-authors: its authors are you and \"others\" until you complete them",
                        summary.work.title
                    ));
                    let mut work = summary.work;
                    work.authors = vec![owner.to_string(), "others".to_string()];
                    works.push(work);
                }
                (None, None) => self.problem(format!(
                    "\"{}\" ({what}): ORCID names no authors and gives no DOI; add [author] name to site.toml and import again",
                    summary.work.title
                )),
            }
        }
        Ok(works)
    }

    fn dblp(&mut self, pid: &str) -> Result<Vec<Work>> {
        let what = format!("dblp:{pid}");
        let Some(body) = self.get(Service::Dblp, &format!("pid/{pid}.xml"), &what)? else {
            return Ok(Vec::new());
        };
        match dblp::works(&body) {
            Ok((works, skipped)) => {
                for note in skipped {
                    self.imported.notes.push(format!("{what}: {note}"));
                }
                Ok(works)
            }
            Err(why) => {
                self.problem(format!("{what}: {why}"));
                Ok(Vec::new())
            }
        }
    }
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
