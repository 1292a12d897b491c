//! `folio build`: the pipeline from a site folder to its output folder.
//!
//! config → theme → content → site model → values → render (everything, in memory) →
//! write. Every problem of every stage is collected; if there is any, the build stops
//! before writing, so a failed build never touches the previous output.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::content::Role;
use crate::error::Result;
use crate::output::{self, WriteReport};
use crate::render::Output;
use crate::session::{Session, copy_list};

/// What to build, and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding site.toml).
    pub root: PathBuf,
    /// The output folder; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces site.toml's base_url.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

impl BuildOptions {
    /// The output folder these options write to.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// HTML pages per language code.
    pub pages_by_language: BTreeMap<String, usize>,
    /// Item pages per kind name.
    pub pages_by_kind: BTreeMap<&'static str, usize>,
    /// Files in the output.
    pub files: usize,
    /// What writing did.
    pub write: WriteReport,
    /// Wall time.
    pub elapsed: Duration,
    /// Where the site was written.
    pub output: PathBuf,
}

/// Builds the site into its output folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let output_dir = options.output_dir();
    output::check_output_dir(&options.root, &output_dir)?;
    let session = Session::open(options)?;
    let outputs: Vec<Output> = session
        .outputs()
        .iter()
        .map(|(path, record)| Output { path: path.clone(), bytes: record.bytes.as_ref().clone() })
        .collect();
    let copies = copy_list(session.copies());
    let write = output::write(&output_dir, &outputs, &copies)?;
    Ok(report(&session, write, started.elapsed(), output_dir))
}

fn report(
    session: &Session,
    write: WriteReport,
    elapsed: Duration,
    output: PathBuf,
) -> BuildReport {
    let site = session.site();
    let mut pages_by_language: BTreeMap<String, usize> = BTreeMap::new();
    for path in session.outputs().keys() {
        if path.ends_with(".html") {
            let lang = site
                .config
                .languages
                .iter()
                .find(|l| {
                    l.code != site.config.default_language
                        && path.starts_with(&format!("{}/", l.code))
                })
                .map(|l| l.code.clone())
                .unwrap_or_else(|| site.config.default_language.clone());
            *pages_by_language.entry(lang).or_default() += 1;
        }
    }
    let mut pages_by_kind: BTreeMap<&'static str, usize> = BTreeMap::new();
    for item in &site.items {
        if item.doc.role == Role::Item {
            *pages_by_kind.entry(item.doc.kind.name()).or_default() += 1;
        }
    }
    BuildReport {
        pages_by_language,
        pages_by_kind,
        files: session.outputs().len() + session.copies().len(),
        write,
        elapsed,
        output,
    }
}
