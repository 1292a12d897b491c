//! Answering requests from the site held in memory: URL → file, content types, ETags and
//! 304s, `/path` → `/path/` redirects, the theme's 404 page, and refusing any path that
//! tries to leave the site.
//!
//! Lookups only ever happen in the in-memory tables of the built site, never by joining a
//! request path onto a folder, so no request can reach a file outside the site; paths that
//! try anyway are answered 400 rather than looked up.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::theme::Source;
use crate::serve::session::Opening;
use crate::util::paths::percent_decode;

/// Longest request path accepted, in bytes.
pub const MAX_PATH: usize = 2048;

/// The built site as served: generated pages in memory, copied files by source.
#[derive(Debug, Default, Clone)]
pub struct Served {
    /// Output path → bytes and ETag.
    pub pages: HashMap<String, Page>,
    /// Output path → where the copied file's bytes are.
    pub files: HashMap<String, Source>,
    /// While the first build renders: the site it renders, which renders a requested page
    /// on its own (the tables above are empty until then).
    pub opening: Option<Arc<Opening>>,
}

impl Served {
    /// Whether generated output `path` exists (rendered, or renderable while opening).
    pub fn has_page(&self, path: &str) -> bool {
        self.pages.contains_key(path) || self.opening.as_ref().is_some_and(|o| o.generates(path))
    }

    /// Whether copied file `path` exists.
    pub fn has_file(&self, path: &str) -> bool {
        self.files.contains_key(path)
            || self.opening.as_ref().is_some_and(|o| o.copied(path).is_some())
    }

    /// Where copied file `path` comes from.
    pub fn file(&self, path: &str) -> Option<Source> {
        match self.files.get(path) {
            Some(source) => Some(source.clone()),
            None => self.opening.as_ref().and_then(|o| o.copied(path)),
        }
    }
}

/// A generated file.
#[derive(Debug, Clone)]
pub struct Page {
    /// The bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Strong validator for `If-None-Match`.
    pub etag: String,
}

impl Page {
    /// Wraps bytes with their ETag.
    pub fn new(bytes: Arc<Vec<u8>>) -> Page {
        let etag = etag_of(&bytes);
        Page { bytes, etag }
    }
}

/// A quoted ETag for `bytes`.
pub fn etag_of(bytes: &[u8]) -> String {
    format!("\"{:016x}-{:x}\"", xxhash_rust::xxh3::xxh3_64(bytes), bytes.len())
}

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// This output path exists.
    Found(String),
    /// The folder exists: redirect to this URL (with a trailing slash).
    Redirect(String),
    /// Nothing there; the 404 page to show, if the site has one.
    NotFound(Option<String>),
    /// The path is malformed or tries to leave the site.
    BadRequest(&'static str),
}

/// Resolves the path part of a request URL (query and fragment already removed or not).
pub fn resolve(served: &Served, raw: &str) -> Resolved {
    let (path, query) = match raw.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (raw, None),
    };
    if path.len() > MAX_PATH {
        return Resolved::BadRequest("path too long");
    }
    if !path.starts_with('/') {
        return Resolved::BadRequest("not an absolute path");
    }
    let Some(decoded) = percent_decode(path) else {
        return Resolved::BadRequest("bad percent-encoding or not UTF-8");
    };
    if decoded.contains('\0') || decoded.contains('\\') {
        return Resolved::BadRequest("forbidden character");
    }
    if decoded.starts_with("//") {
        return Resolved::BadRequest("not a site path");
    }
    let rel = &decoded[1..];
    if rel.split('/').any(|segment| segment == ".." || segment == ".") {
        return Resolved::BadRequest("path leaves its folder");
    }
    let exists = |key: &str| served.has_page(key) || served.has_file(key);
    let key = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if exists(&key) {
        return Resolved::Found(key);
    }
    if !rel.is_empty() && !rel.ends_with('/') && exists(&format!("{rel}/index.html")) {
        let mut location = format!("{path}/");
        if let Some(query) = query {
            location.push('?');
            location.push_str(query);
        }
        return Resolved::Redirect(location);
    }
    let language = rel.split('/').next().unwrap_or("");
    let localized = format!("{language}/404.html");
    let not_found = if !language.is_empty() && rel.contains('/') && served.has_page(&localized) {
        Some(localized)
    } else if served.has_page("404.html") {
        Some("404.html".to_string())
    } else {
        None
    };
    Resolved::NotFound(not_found)
}

/// The Content-Type for an output path.
pub fn content_type(path: &str) -> &'static str {
    let extension =
        path.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "bib" => "application/x-bibtex; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Inserts `snippet` before `</body>` (or at the end when there is none).
pub fn inject_before_body_end(html: &[u8], snippet: &str) -> Vec<u8> {
    let needle = b"</body>";
    let position = html
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..position]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[position..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Served {
        let mut served = Served::default();
        for path in [
            "index.html",
            "404.html",
            "en/404.html",
            "posts/a/index.html",
            "posts/视频/index.html",
            "style.css",
        ] {
            served.pages.insert(path.to_string(), Page::new(Arc::new(path.as_bytes().to_vec())));
        }
        served
    }

    #[test]
    fn folders_files_and_redirects() {
        let s = site();
        assert_eq!(resolve(&s, "/"), Resolved::Found("index.html".into()));
        assert_eq!(resolve(&s, "/posts/a/"), Resolved::Found("posts/a/index.html".into()));
        assert_eq!(resolve(&s, "/posts/a"), Resolved::Redirect("/posts/a/".into()));
        assert_eq!(resolve(&s, "/posts/a?x=1"), Resolved::Redirect("/posts/a/?x=1".into()));
        assert_eq!(resolve(&s, "/style.css?v=2"), Resolved::Found("style.css".into()));
        assert_eq!(
            resolve(&s, "/posts/%E8%A7%86%E9%A2%91/"),
            Resolved::Found("posts/视频/index.html".into())
        );
    }

    #[test]
    fn not_found_uses_the_language_404() {
        let s = site();
        assert_eq!(resolve(&s, "/nope/"), Resolved::NotFound(Some("404.html".into())));
        assert_eq!(resolve(&s, "/en/nope/"), Resolved::NotFound(Some("en/404.html".into())));
    }

    #[test]
    fn traversal_attempts_are_refused() {
        let s = site();
        for attack in [
            "/../etc/passwd",
            "/posts/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/posts/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/..%5c..%5cwindows",
            "/posts\\..\\..\\x",
            "//etc/passwd",
            "/a%00b",
            "/%ff",
            "/%zz",
            "etc/passwd",
        ] {
            assert!(matches!(resolve(&s, attack), Resolved::BadRequest(_)), "{attack}");
        }
        let long = format!("/{}", "a".repeat(MAX_PATH + 1));
        assert!(matches!(resolve(&s, &long), Resolved::BadRequest(_)));
    }

    #[test]
    fn content_types() {
        for (path, expected) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.avif", "image/avif"),
            ("a.gif", "image/gif"),
            ("a.ico", "image/x-icon"),
            ("a.woff2", "font/woff2"),
            ("a.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("cv.pdf", "application/pdf"),
            ("papers.bib", "application/x-bibtex; charset=utf-8"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn script_goes_before_body_end() {
        assert_eq!(
            inject_before_body_end(b"<body>x</body></html>", "S"),
            b"<body>xS</body></html>"
        );
        assert_eq!(inject_before_body_end(b"plain", "S"), b"plainS");
    }
}
