//! The requests one identifier makes, and what becomes of their answers: a work, a
//! problem (the service does not know it), or an error (the service cannot be reached).

use std::path::Path;

use super::fetch::{Failure, Fetcher, Service};
use super::{Work, arxiv, dblp, doi, orcid};
use crate::error::{Diagnostic, Error, Result};
use crate::import::Imported;

/// The requests of one identifier, and where their problems and notes go.
pub(super) struct Lookup<'a> {
    pub(super) fetcher: &'a Fetcher,
    pub(super) imported: &'a mut Imported,
    pub(super) source: &'a str,
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

    pub(super) fn doi(&mut self, doi: &str) -> Result<Option<Work>> {
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

    pub(super) fn arxiv(&mut self, id: &str) -> Result<Option<Work>> {
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
    pub(super) fn orcid(&mut self, id: &str, owner: Option<&str>) -> Result<Vec<Work>> {
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

    pub(super) fn dblp(&mut self, pid: &str) -> Result<Vec<Work>> {
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
