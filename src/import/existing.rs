//! What an import finds already in `content/`: the files it wrote before (stamped with a
//! hash of their text, so that an edit since is seen) and what identifies each paper (its
//! file name, citation key, DOI, arXiv id and title), so that importing a file again updates
//! the papers it wrote instead of adding copies.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::FrontMatter;
use crate::content::front_matter::split;
use crate::error::deserialize;

/// The comment line an import puts first in the front matter it writes.
const STAMP: &str = "# folio import ";

/// `text` with the stamp that lets a later import tell whether it was edited.
pub(crate) fn stamped(text: &str) -> String {
    let Some(rest) = text.strip_prefix("+++\n") else { return text.to_string() };
    format!(
        "+++\n{STAMP}{:016x} (edits are kept: import --update leaves an edited file alone)\n{rest}",
        hash(rest)
    )
}

fn hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Whether a stamped file was changed since the import wrote it (a file with no stamp was
/// written by hand: it counts as edited).
fn edited(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("+++\n").and_then(|t| t.strip_prefix(STAMP)) else {
        return true;
    };
    let Some((stamp, rest)) = rest.split_once('\n') else { return true };
    let recorded = stamp.split_whitespace().next().unwrap_or_default();
    recorded != format!("{:016x}", hash(rest))
}

/// What tells two files of one paper apart from two papers.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    name: String,
    /// Papers only: other kinds are told apart by their file name alone (two awards may
    /// share a title).
    paper: bool,
    cite_key: Option<String>,
    doi: Option<String>,
    arxiv: Option<String>,
    title: Option<String>,
}

impl Identity {
    /// The identity of the content file `rel` with text `text`.
    pub(crate) fn of(rel: &Path, text: &str) -> Identity {
        let name = rel.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
        let front: Option<FrontMatter> = split(text, rel)
            .ok()
            .and_then(|s| deserialize::parse(s.format, s.front, rel, s.front_line).ok());
        let Some(front) = front else { return Identity { name, ..Identity::default() } };
        let links = front.links.unwrap_or_default();
        let link_id = |name: &str| {
            links.get(name).map(|url| {
                url.trim_end_matches('/')
                    .rsplit_once(['/', ':'])
                    .map_or(url.as_str(), |(_, id)| id)
                    .to_lowercase()
            })
        };
        let doi = links.get("doi").map(|url| {
            let lower = url.to_lowercase();
            lower.split_once("doi.org/").map_or(lower.clone(), |(_, doi)| doi.to_string())
        });
        Identity {
            name,
            paper: front.authors.is_some(),
            cite_key: front
                .bibtex
                .as_deref()
                .and_then(crate::site::citation_keys::key_of)
                .map(|k| k.to_lowercase()),
            doi,
            arxiv: link_id("arxiv").map(|id| id.split('v').next().unwrap_or(&id).to_string()),
            title: front.title.as_deref().map(normalized_title).filter(|t| t.len() >= 12),
        }
    }

    /// Whether `self` and `other` are one paper: the same file name, citation key, DOI,
    /// arXiv id or title (letters and digits compared without case).
    pub(crate) fn same(&self, other: &Identity) -> bool {
        let both = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        // Two DOIs (or arXiv ids) that differ are two papers, whatever their titles say
        // (a data set and its first version, a preprint's two parts).
        let differ = |a: &Option<String>, b: &Option<String>| a.is_some() && b.is_some() && a != b;
        let distinct = differ(&self.doi, &other.doi) || differ(&self.arxiv, &other.arxiv);
        self.name == other.name
            || self.paper
                && other.paper
                && (both(&self.cite_key, &other.cite_key)
                    || both(&self.doi, &other.doi)
                    || both(&self.arxiv, &other.arxiv)
                    || !distinct && both(&self.title, &other.title))
    }
}

fn normalized_title(title: &str) -> String {
    title.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A content file found where an import writes.
#[derive(Debug, Clone)]
pub(crate) struct Existing {
    /// Relative to the site root.
    pub(crate) rel: PathBuf,
    pub(crate) text: String,
    pub(crate) identity: Identity,
    pub(crate) edited: bool,
    /// Whether an import wrote it (it has the stamp).
    pub(crate) imported: bool,
}

/// The Markdown files of the folders `folders` (relative to `root`), by folder.
pub(crate) fn scan(root: &Path, folders: &[PathBuf]) -> BTreeMap<PathBuf, Vec<Existing>> {
    let mut found = BTreeMap::new();
    for folder in folders {
        if found.contains_key(folder) {
            continue;
        }
        let mut files = Vec::new();
        if let Ok(entries) = std::fs::read_dir(root.join(folder)) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "md") || !path.is_file() {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let rel = folder.join(entry.file_name());
                files.push(Existing {
                    identity: Identity::of(&rel, &text),
                    edited: edited(&text),
                    imported: text.starts_with(&format!("+++\n{STAMP}")),
                    rel,
                    text,
                });
            }
        }
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        found.insert(folder.clone(), files);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_tells_an_edited_file_from_an_untouched_one() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let written = stamped(text);
        assert!(written.starts_with("+++\n# folio import "), "{written}");
        assert!(!edited(&written));
        assert!(edited(&written.replace("Body", "My body")));
        assert!(edited(text), "a file without a stamp was written by hand");
    }

    #[test]
    fn one_paper_is_found_by_any_of_its_names() {
        let a = Identity::of(
            Path::new("content/papers/zheng2024.md"),
            "+++\ntitle = \"Sparse-View Structure Prediction\"\nauthors = [\"A\"]\n[links]\ndoi = \"https://doi.org/10.1/ABC\"\narxiv = \"https://arxiv.org/abs/2401.01234v2\"\n+++\n",
        );
        let by_doi = Identity::of(
            Path::new("content/papers/other.md"),
            "+++\ntitle = \"Else\"\nauthors = [\"A\"]\n[links]\ndoi = \"https://doi.org/10.1/abc\"\n+++\n",
        );
        let by_arxiv = Identity::of(
            Path::new("content/papers/x.md"),
            "+++\ntitle = \"Else\"\nauthors = [\"A\"]\n[links]\narxiv = \"https://arxiv.org/abs/2401.01234\"\n+++\n",
        );
        let by_title = Identity::of(
            Path::new("content/papers/y.md"),
            "+++\ntitle = \"sparse view structure prediction\"\nauthors = [\"A\"]\n+++\n",
        );
        let by_case =
            Identity::of(Path::new("content/papers/Zheng2024.md"), "+++\ntitle = \"T\"\n+++\n");
        let other = Identity::of(
            Path::new("content/papers/z.md"),
            "+++\ntitle = \"A different paper\"\n+++\n",
        );
        for same in [&by_doi, &by_arxiv, &by_title, &by_case] {
            assert!(a.same(same), "{same:?}");
        }
        assert!(!a.same(&other));
    }
}
