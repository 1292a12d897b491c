//! Paths: site-relative names, the files folio never reads, joining and URL decoding.

use std::path::{Path, PathBuf};

/// Hidden files and folders, and editor droppings, which are never content: names
/// starting with `.` or `#`, ending with `~`, `.swp`, `.swx` or `.tmp`, and a file (not a
/// folder: `posts/2024/` is content) named only with digits, which vim writes and deletes
/// to probe a folder (`4913`).
pub(crate) fn is_ignored_entry(name: &std::ffi::OsStr, is_dir: bool) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (!is_dir && name.chars().all(|c| c.is_ascii_digit()))
}

/// `path` relative to `root` when it is inside it.
pub(crate) fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// `root.join(rel)` in one allocation of the right size (`Path::join` copies `root`, then
/// grows the copy for `rel`): once per written file.
pub(crate) fn join_path(root: &Path, rel: &str) -> PathBuf {
    let mut path = PathBuf::with_capacity(root.as_os_str().len() + 1 + rel.len());
    path.push(root);
    path.push(rel);
    path
}

/// Decodes `%XX` escapes; `None` if an escape is malformed or the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A number that changes whenever a file is written: its size, modification time and, on
/// Unix, its change time and inode. The change time is set by the kernel on every write
/// and cannot be set back, so an edit that keeps the size and modification time (`cp -p`,
/// `touch -r`, rsync) still changes the stamp.
pub(crate) fn file_stamp(meta: &std::fs::Metadata) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    meta.len().hash(&mut hasher);
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .hash(&mut hasher);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.ctime(), meta.ctime_nsec(), meta.ino(), meta.dev()).hash(&mut hasher);
    }
    hasher.finish()
}

/// Where the link at `link` leads when that is outside the folder `root` (`None` when it
/// stays inside, or cannot be resolved: a broken link is reported where it is read).
pub(crate) fn link_outside(root: &Path, link: &Path) -> Option<PathBuf> {
    let target = std::fs::canonicalize(link).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    (!target.starts_with(&root)).then_some(target)
}

/// The problem of a link in the site that leads outside it.
pub(crate) fn outside_link_problem(root: &Path, link: &Path, target: &Path) -> crate::Diagnostic {
    crate::Diagnostic::new(
        relative(root, link),
        format!("is a link to {}, outside the site's folder", target.display()),
    )
    .hint("folio publishes only files inside the site: copy the file in, or set allow_outside_links = true in site.toml")
}

/// Whether `url`'s host is a documentation placeholder (`example.org`, `x.example`,
/// `example.github.io`, the scaffold's `your-name.github.io`).
pub(crate) fn is_placeholder_url(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    labels.iter().any(|l| *l == "example" || *l == "your-name" || *l == "yourname")
        || matches!(labels.last(), Some(&("test" | "invalid")))
}

/// The folder under the site root where folio keeps caches (gitignored by `folio init`).
pub const CACHE_DIR: &str = ".folio-cache";

/// Writes `bytes` to `path` through a temporary file beside it and a rename, so that a
/// reader (or the next build, after a killed one) sees the old file or the new one, never
/// half of one. The temporary name is unique per writer: tests and parallel jobs may write
/// the same cache entry at once.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}-{n}.tmp", std::process::id()));
    let temporary = path.with_file_name(name);
    std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path)).inspect_err(
        |_| {
            let _ = std::fs::remove_file(&temporary);
        },
    )
}
