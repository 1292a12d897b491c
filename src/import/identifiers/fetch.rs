//! Asking the public services, with a timeout, and keeping each raw answer under
//! `.folio-cache/import/` so that the same import works again without the network.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The services and the addresses they answer at; each can be moved with an environment
/// variable (a mirror, or a recorded copy for tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Service {
    /// doi.org content negotiation (Crossref, DataCite, mEDRA, …): CSL-JSON.
    Doi,
    /// The arXiv API: Atom.
    Arxiv,
    /// The ORCID public API: JSON.
    Orcid,
    /// dblp person pages: XML.
    Dblp,
}

impl Service {
    /// The environment variable that moves the service, and its usual address.
    fn base(self) -> (&'static str, &'static str) {
        match self {
            Service::Doi => ("FOLIO_DOI_URL", "https://doi.org"),
            Service::Arxiv => ("FOLIO_ARXIV_URL", "https://export.arxiv.org/api"),
            Service::Orcid => ("FOLIO_ORCID_URL", "https://pub.orcid.org/v3.0"),
            Service::Dblp => ("FOLIO_DBLP_URL", "https://dblp.org"),
        }
    }

    /// The name the report and the cache use.
    pub(super) fn name(self) -> &'static str {
        match self {
            Service::Doi => "doi",
            Service::Arxiv => "arxiv",
            Service::Orcid => "orcid",
            Service::Dblp => "dblp",
        }
    }

    fn accept(self) -> &'static str {
        match self {
            Service::Doi => "application/vnd.citationstyles.csl+json",
            Service::Arxiv => "application/atom+xml",
            Service::Orcid => "application/json",
            Service::Dblp => "application/xml",
        }
    }
}

/// An answer, and where it came from.
pub(super) struct Answer {
    pub(super) body: String,
    /// When the network could not be reached and the cached copy was used: its age.
    pub(super) cached: Option<String>,
}

/// What went wrong with one request.
pub(super) enum Failure {
    /// The service answered that there is no such thing (404, 410).
    NotFound,
    /// No answer and no cached copy: offline, a timeout, a server error.
    Unreachable(String),
}

/// One HTTP agent for a whole import (connections are reused).
pub(super) struct Fetcher {
    agent: ureq::Agent,
    cache: PathBuf,
}

impl Fetcher {
    pub(super) fn new(root: &Path) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(30)))
            .user_agent(concat!("folio/", env!("CARGO_PKG_VERSION"), " (homepage generator)"))
            // A 404 is an answer to read, not an error of the transport.
            .http_status_as_error(false)
            .build();
        Fetcher { agent: config.into(), cache: root.join(crate::CACHE_DIR).join("import") }
    }

    /// `path` (after the service's base address) from `service`; the cached copy of an
    /// earlier answer when the network fails.
    pub(super) fn get(&self, service: Service, path: &str) -> Result<Answer, Failure> {
        let (variable, default) = service.base();
        let base = std::env::var(variable).unwrap_or_else(|_| default.to_string());
        let url = format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'));
        let cached = self.cache.join(service.name()).join(cache_name(path));
        let reply = self.agent.get(&url).header("Accept", service.accept()).call();
        let problem = match reply {
            Ok(mut response) => {
                let status = response.status().as_u16();
                let body = response
                    .body_mut()
                    .with_config()
                    .limit(MAX_BODY)
                    .read_to_string()
                    .map_err(|err| format!("{url}: {err}"));
                match (status, body) {
                    (200..=299, Ok(body)) => {
                        self.keep(&cached, &body);
                        return Ok(Answer { body, cached: None });
                    }
                    (404 | 410, _) => {
                        // Remembered too: offline, the same answer is given again.
                        self.keep(&missing(&cached), "");
                        return Err(Failure::NotFound);
                    }
                    (_, Err(err)) => err,
                    (status, Ok(_)) => format!("{url} answered HTTP {status}"),
                }
            }
            Err(err) => format!("{url}: {err}"),
        };
        if missing(&cached).exists() {
            return Err(Failure::NotFound);
        }
        match std::fs::read_to_string(&cached) {
            Ok(body) => {
                let age = std::fs::metadata(&cached)
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .map(|d| format!("{} days old", d.as_secs() / 86_400))
                    .unwrap_or_else(|| "of unknown age".into());
                Ok(Answer { body, cached: Some(format!("{problem}; used the cached copy, {age}")) })
            }
            Err(_) => Err(Failure::Unreachable(problem)),
        }
    }

    /// Keeps an answer for the next time; a cache that cannot be written only costs that.
    fn keep(&self, path: &Path, body: &str) {
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = crate::util::paths::write_atomically(path, body.as_bytes());
    }
}

/// Where a "not found" answer to the request cached at `path` is remembered.
fn missing(path: &Path) -> PathBuf {
    with_suffix(path, ".missing")
}

/// `path` with `suffix` added to its name (the names have dots of their own).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The longest answer read (a dblp page of a prolific author is a few MB).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// A file name for the answer to `path`: its safe characters, and a hash so that two
/// paths never share one.
fn cache_name(path: &str) -> String {
    let readable: String = path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-') { c } else { '_' })
        .take(80)
        .collect();
    format!("{readable}-{:016x}", xxhash_rust::xxh3::xxh3_64(path.as_bytes()))
}
