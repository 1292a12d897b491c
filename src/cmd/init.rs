//! `folio init` (a new site from the scaffold compiled into folio) and `folio theme eject`
//! (the compiled-in default theme copied into the site to edit). Both only ever create
//! files: an existing file is never overwritten.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::config::theme::{DEFAULT_THEME, DEFAULT_THEME_NAME};
use crate::error::{Error, Result};

static SCAFFOLD: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cmd/scaffold");

/// The languages `folio init` has example content for.
pub const INIT_LANGUAGES: [&str; 2] = ["en", "zh"];

/// What a scaffolding command did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Created {
    /// Files written, relative to the target folder.
    pub written: Vec<PathBuf>,
    /// Files left alone because they already existed.
    pub skipped: Vec<PathBuf>,
    /// Hidden entries that were there before (`.git` of a fresh clone), left as they were.
    pub hidden: Vec<String>,
}

/// Creates a new site in `dir` with example content in `lang` (`en` or `zh`).
///
/// A folder that already holds files is refused unless `force`; even then no existing
/// file is overwritten. Hidden entries alone (a fresh clone's `.git`) do not count.
pub fn init(dir: &Path, lang: &str, force: bool) -> Result<Created> {
    let Some(language) = SCAFFOLD.get_dir(lang) else {
        return Err(Error::Refused(format!(
            "there is no example content in `{lang}`; choose one of: {}",
            INIT_LANGUAGES.join(", ")
        )));
    };
    let names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()
        })
        .unwrap_or_default();
    let (hidden, visible): (Vec<String>, Vec<String>) =
        names.into_iter().partition(|name| name.starts_with('.'));
    if !visible.is_empty() && !force {
        return Err(Error::Refused(format!(
            "{} is not empty; choose an empty or new folder, or pass --force to add the missing files (existing files are never overwritten)",
            dir.display()
        )));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    collect(language, language.path(), &mut files);
    if let Some(common) = SCAFFOLD.get_dir("common") {
        collect(common, common.path(), &mut files);
    }
    let version = env!("CARGO_PKG_VERSION");
    let repository = release_repository();
    let files = files.into_iter().map(|(path, bytes)| {
        // Dotfiles are stored without their dot so that they are not mistaken for this
        // repository's own.
        let path = if path == Path::new("gitignore") { PathBuf::from(".gitignore") } else { path };
        let bytes = if path.extension().is_some_and(|e| e == "yml") {
            String::from_utf8_lossy(&bytes)
                .replace("__FOLIO_VERSION__", version)
                .replace("__FOLIO_REPOSITORY__", &repository)
                .into_bytes()
        } else {
            bytes
        };
        (path, bytes)
    });
    let mut created = write_new_files(dir, files)?;
    created.hidden = hidden;
    Ok(created)
}

/// The GitHub repository (`owner/name`) whose releases hold folio's binaries: Cargo.toml's
/// `repository`, or nothing when this folio was built without one.
pub(crate) fn release_repository() -> String {
    env!("CARGO_PKG_REPOSITORY")
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .strip_prefix("https://github.com/")
        .unwrap_or_default()
        .to_string()
}

/// Copies the compiled-in default theme to `<root>/themes/<name>`.
pub fn eject_theme(root: &Path, name: &str) -> Result<Created> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(Error::Refused(format!("`{name}` is not a folder name for a theme")));
    }
    let target = root.join("themes").join(name);
    if target.exists() {
        return Err(Error::Refused(format!(
            "{} already exists; remove it first or eject under another name (folio theme eject NAME)",
            target.display()
        )));
    }
    let mut files = Vec::new();
    collect(&DEFAULT_THEME, DEFAULT_THEME.path(), &mut files);
    write_new_files(&target, files.into_iter())
}

/// The theme name to write in site.toml after ejecting as `name` (none for the default).
pub fn eject_hint(name: &str) -> Option<String> {
    (name != DEFAULT_THEME_NAME)
        .then(|| format!("set theme = \"{name}\" in site.toml to build with the copy"))
}

fn collect(dir: &Dir<'static>, base: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for file in dir.files() {
        let rel = file.path().strip_prefix(base).unwrap_or(file.path()).to_path_buf();
        out.push((rel, file.contents().to_vec()));
    }
    for sub in dir.dirs() {
        collect(sub, base, out);
    }
}

fn write_new_files(dir: &Path, files: impl Iterator<Item = (PathBuf, Vec<u8>)>) -> Result<Created> {
    let mut created = Created::default();
    let mut files: Vec<(PathBuf, Vec<u8>)> = files.collect();
    files.sort();
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if path.exists() {
            created.skipped.push(rel);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
        }
        // create_new: never overwrite, even if the file appeared a moment ago.
        let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => file,
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                created.skipped.push(rel);
                continue;
            }
            Err(err) => return Err(Error::io(&path, err)),
        };
        std::io::Write::write_all(&mut file, &bytes).map_err(|err| Error::io(&path, err))?;
        created.written.push(rel);
    }
    Ok(created)
}
