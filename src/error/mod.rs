//! Errors a user can act on.
//!
//! Everything that goes wrong because of the site's files (config, content, templates)
//! becomes a [`Diagnostic`]: the file, the line where known, what was expected, and a hint.
//! A build collects every diagnostic it finds before giving up, so one run reports all
//! broken files, and it gives up before writing anything.
//!
//! Owns the diagnostic type and serde errors in plain words. Must not name any other
//! stage: every stage stands on it.

pub(crate) mod deserialize;

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in one of the site's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line number, when known.
    pub line: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (no line).
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), line: None, message: message.into(), hint: None }
    }

    /// Sets the line (1-based).
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the line if there is one.
    pub fn at(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line` as printed at the start of the message.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{}", self.file.display(), line),
            None => self.file.display().to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site's files have problems; nothing was written.
    #[error("{}", summarize(.0))]
    Site(Vec<Diagnostic>),
    /// Reading or writing a file failed for a reason outside the site's content.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The command was asked to do something it refuses to do (e.g. write into the site root).
    #[error("{0}")]
    Refused(String),
    /// The build was asked to stop (Ctrl-C, SIGTERM) and left the output as it was.
    #[error("interrupted: the output folder was left as it was")]
    Interrupted,
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    /// The diagnostics of a [`Error::Site`], empty for other errors.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Site(diagnostics) => diagnostics,
            _ => &[],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Site(vec![diagnostic])
    }
}

fn summarize(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&diagnostic.to_string());
        out.push('\n');
    }
    let files: std::collections::BTreeSet<_> = diagnostics.iter().map(|d| &d.file).collect();
    out.push_str(&format!(
        "{} error{} in {} file{}",
        diagnostics.len(),
        plural(diagnostics.len()),
        files.len(),
        plural(files.len())
    ));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The result type of folio's library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The 1-based line of byte offset `offset` in `text`.
pub(crate) fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    memchr::memchr_iter(b'\n', &text.as_bytes()[..end]).count() + 1
}

/// The known name closest to `unknown`, when it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let allowed_edits = (unknown.chars().count() / 3).max(1);
    known
        .into_iter()
        .map(|candidate| {
            (
                strsim::damerau_levenshtein(unknown, candidate),
                strsim::jaro_winkler(unknown, candidate),
                candidate,
            )
        })
        .filter(|(edits, similarity, _)| *edits <= allowed_edits || *similarity > 0.85)
        .min_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)))
        .map(|(_, _, candidate)| candidate)
}
