//! The copied files and pictures that Markdown, front matter `image` fields and the
//! `image()` template function resolve against.

use std::collections::BTreeMap;

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::theme::Source;
use crate::markdown::ImageRef;
use crate::site::images::{Images, Stamp};

/// The files of the output that are copied (theme and site `static/`, content assets) by
/// output path, and the picture processor: what images in Markdown, front matter `image`
/// fields and the `image()` template function resolve against.
#[derive(Debug, Clone)]
pub struct Media {
    /// Output path → source.
    pub files: Arc<BTreeMap<String, Source>>,
    /// Resizes pictures (kept for a whole `folio serve` session).
    pub images: Arc<Images>,
    /// Each picture's size and modification time, read once per build: a picture shown
    /// by every page would otherwise be looked up on disk once per page.
    stamps: Arc<Mutex<HashMap<String, Result<Stamp, String>>>>,
}

impl Media {
    /// The media of one build (or rebuild): its stamps are read afresh.
    pub fn new(files: Arc<BTreeMap<String, Source>>, images: Arc<Images>) -> Media {
        Media { files, images, stamps: Arc::default() }
    }

    /// The output path of `dest` as written in the document at `content_path`: relative to
    /// the document's folder, or from the site root with `/`, or a content path with `@/`.
    pub fn locate(&self, content_path: &str, dest: &str) -> Result<String, String> {
        let clean = dest.split(['?', '#']).next().unwrap_or(dest).replace("%20", " ");
        let joined = if let Some(rest) = clean.strip_prefix("@/") {
            rest.to_string()
        } else if let Some(rest) = clean.strip_prefix('/') {
            rest.to_string()
        } else {
            let folder = content_path.rsplit_once('/').map_or("", |(folder, _)| folder);
            format!("{folder}/{clean}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err("the path leads outside the site".into());
                    }
                }
                part => parts.push(part),
            }
        }
        let path = parts.join("/");
        if self.files.contains_key(&path) {
            Ok(path)
        } else {
            Err(format!("there is no file content/{path} or static/{path}"))
        }
    }

    /// The picture at output path `path`, in the site's widths (`None` for a file that is
    /// not resized: SVG, GIF, a theme's built-in file).
    pub fn picture(
        &self,
        path: &str,
        widths: Option<&[u32]>,
        base_path: &str,
    ) -> Result<Option<Arc<crate::site::images::Picture>>, String> {
        match self.files.get(path) {
            Some(Source::Disk(file)) if crate::site::images::is_resizable(path) => {
                let stamp = self.stamp(path, file)?;
                self.images.picture(file, stamp, path, widths, base_path).map(Some)
            }
            Some(_) => Ok(None),
            None => Err(format!("there is no file {path} in static/ or content/")),
        }
    }

    fn stamp(&self, path: &str, file: &Path) -> Result<Stamp, String> {
        let mut stamps = self.stamps.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = stamps.get(path) {
            return known.clone();
        }
        let stamp = crate::site::images::read_stamp(file);
        stamps.insert(path.to_string(), stamp.clone());
        stamp
    }

    /// The HTML of a Markdown image: a `<picture>` with WebP and fallback `srcset`s, or a
    /// plain `<img>` for files that are not resized.
    pub(super) fn image_html(
        &self,
        base_path: &str,
        content_path: &str,
        image: &ImageRef,
        pictures: &std::sync::Mutex<Vec<(PathBuf, Option<Stamp>)>>,
    ) -> Result<String, String> {
        use crate::util::html::escape_into;
        use std::fmt::Write as _;
        let path = self.locate(content_path, &image.dest)?;
        let picture =
            self.picture(&path, None, base_path).map_err(|why| format!("{path}: {why}"))?;
        // Built in one string: a page may show many pictures, and each piece is short.
        let sizes = self.images.sizes();
        let mut html = String::with_capacity(
            160 + image.alt.len()
                + image.title.len()
                + picture.as_ref().map_or(base_path.len() + path.len(), |p| {
                    p.src.len()
                        + p.srcset.len()
                        + p.webp_srcset.as_ref().map_or(0, String::len)
                        + 2 * sizes.len()
                }),
        );
        match &picture {
            None => {
                html.push_str("<img src=\"");
                html.push_str(base_path);
                escape_into(&mut html, &path);
                html.push('"');
            }
            Some(picture) => {
                if let (Some(Source::Disk(file)), Ok(mut used)) =
                    (self.files.get(&path), pictures.lock())
                {
                    used.push((file.clone(), Some(picture.source)));
                }
                html.push_str("<picture>");
                if let Some(srcset) = &picture.webp_srcset {
                    html.push_str("<source type=\"image/webp\" srcset=\"");
                    escape_into(&mut html, srcset);
                    html.push_str("\" sizes=\"");
                    escape_into(&mut html, sizes);
                    html.push_str("\">");
                }
                html.push_str("<img src=\"");
                escape_into(&mut html, &picture.src);
                html.push_str("\" srcset=\"");
                escape_into(&mut html, &picture.srcset);
                html.push_str("\" sizes=\"");
                escape_into(&mut html, sizes);
                let _ =
                    write!(html, "\" width=\"{}\" height=\"{}\"", picture.width, picture.height);
            }
        }
        html.push_str(" alt=\"");
        escape_into(&mut html, &image.alt);
        html.push('"');
        if !image.title.is_empty() {
            html.push_str(" title=\"");
            escape_into(&mut html, &image.title);
            html.push('"');
        }
        html.push_str(if image.first {
            " decoding=\"async\">"
        } else {
            " loading=\"lazy\" decoding=\"async\">"
        });
        if picture.is_some() {
            html.push_str("</picture>");
        }
        Ok(html)
    }
}
