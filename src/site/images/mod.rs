//! Responsive images: a JPEG, PNG or WebP picture becomes a few widths in WebP plus the
//! original format, with content-hashed names, so a page can offer `srcset`/`sizes` and
//! reserve its box with `width`/`height`.
//!
//! Encoding is the slow part of a build that has pictures, so every variant is kept in
//! `.folio-cache/images/`, keyed by a hash of the source bytes and the encoding parameters:
//! a rebuild (or `folio serve`) only copies what an earlier build encoded. Within a build
//! each picture is processed once, however many pages show it.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use crate::config::ImageSettings;

/// Bump when the encoder's output changes for the same input, to ignore old cache files.
const ENCODER_VERSION: u32 = 1;

/// One picture in several widths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Width of the largest variant (what `width=` should say).
    pub width: u32,
    /// Its height.
    pub height: u32,
    /// URL of the largest variant in the fallback format.
    pub src: String,
    /// MIME type of the fallback format (`image/jpeg`, `image/png`, `image/webp`).
    pub mime: &'static str,
    /// `srcset` of the fallback format.
    pub srcset: String,
    /// `srcset` of the WebP variants; `None` when the fallback already is WebP.
    pub webp_srcset: Option<String>,
    /// Output path → cached file, for every variant.
    pub files: Vec<(String, PathBuf)>,
    /// The source's stamp when the variants were made.
    pub source: Stamp,
}

/// A file's [`crate::util::paths::file_stamp`], to notice that it changed.
pub(crate) type Stamp = u64;

/// The [`Stamp`] of `path`, if it can be read.
pub(crate) fn stamp(path: &Path) -> Option<Stamp> {
    read_stamp(path).ok()
}

/// The [`Stamp`] of `path`, or why it cannot be read.
pub(crate) fn read_stamp(path: &Path) -> Result<Stamp, String> {
    let meta = std::fs::metadata(path).map_err(|err| format!("cannot read it: {err}"))?;
    Ok(crate::util::paths::file_stamp(&meta))
}

/// Whether folio resizes pictures with this file name (others are linked as they are).
pub(crate) fn is_resizable(path: &str) -> bool {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "jpg" | "jpeg" | "png" | "webp")
}

/// The image processor of a build (or of a whole `folio serve` session).
#[derive(Debug)]
pub struct Images {
    cache_dir: PathBuf,
    settings: ImageSettings,
    /// site.toml's widths, sorted.
    widths: Vec<u32>,
    /// Pictures asked for, by output path (every page that shows a picture asks for it,
    /// so the lookup must not allocate).
    memo: Mutex<HashMap<String, Vec<Asked>>>,
}

/// A picture once made (or why it could not be), shared by every page that shows it.
type Made = OnceLock<Result<Arc<Picture>, String>>;

/// One way a picture was asked for, and what it gave.
type Asked = (Request, Arc<Made>);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Request {
    source: PathBuf,
    output_path: String,
    widths: Vec<u32>,
    base_path: String,
    stamp: Stamp,
}

impl Images {
    /// A processor caching into `cache_dir`.
    pub fn new(cache_dir: PathBuf, settings: ImageSettings) -> Images {
        let widths = sorted_widths(&settings.widths);
        Images { cache_dir, settings, widths, memo: Mutex::default() }
    }

    /// The default `sizes` attribute (from site.toml).
    pub fn sizes(&self) -> &str {
        &self.settings.sizes
    }

    /// The picture `source` (whose [`stamp`] is `stamp`: a changed file is made again),
    /// published at `output_path` (relative to the output root), in `widths` (site.toml's
    /// when `None`). Variants are written to the cache if they are not
    /// there yet. `Err` says why the file cannot be used (missing, not an image, corrupt).
    pub fn picture(
        &self,
        source: &Path,
        stamp: Stamp,
        output_path: &str,
        widths: Option<&[u32]>,
        base_path: &str,
    ) -> Result<Arc<Picture>, String> {
        let asked;
        let widths = match widths {
            Some(widths) => {
                asked = sorted_widths(widths);
                &asked
            }
            None => &self.widths,
        };
        if widths.is_empty() {
            return Err("no widths to resize to".into());
        }
        let same = |request: &Request| {
            request.stamp == stamp
                && request.widths == *widths
                && request.base_path == base_path
                && request.source == source
        };
        let (request, cell) = {
            let mut memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
            let known = memo.get(output_path).and_then(|made| made.iter().find(|(r, _)| same(r)));
            match known {
                Some((request, cell)) => match cell.get() {
                    Some(made) => return made.clone(),
                    // Another page's thread is making it: wait for that below.
                    None => (request.clone(), Arc::clone(cell)),
                },
                None => {
                    let request = Request {
                        source: source.to_path_buf(),
                        output_path: output_path.to_string(),
                        widths: widths.clone(),
                        base_path: base_path.to_string(),
                        stamp,
                    };
                    let cell = Arc::new(Made::new());
                    memo.entry(output_path.to_string())
                        .or_default()
                        .push((request.clone(), Arc::clone(&cell)));
                    (request, cell)
                }
            }
        };
        cell.get_or_init(|| self.make(&request).map(Arc::new)).clone()
    }

    /// The cached file of variant `output_path`, if it has been made.
    pub fn file(&self, output_path: &str) -> Option<PathBuf> {
        let memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        memo.values()
            .flatten()
            .filter_map(|(_, cell)| cell.get()?.as_ref().ok())
            .flat_map(|picture| &picture.files)
            .find(|(output, _)| output == output_path)
            .map(|(_, file)| file.clone())
    }

    /// Every variant made so far (output path → cached file).
    pub fn files(&self) -> Vec<(String, PathBuf)> {
        let memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        let mut files: Vec<(String, PathBuf)> = memo
            .values()
            .flatten()
            .filter_map(|(_, cell)| cell.get()?.as_ref().ok().map(|p| p.files.clone()))
            .flatten()
            .collect();
        files.sort();
        files.dedup();
        files
    }

    // Long because decoding, resizing to each width and encoding each format happen under
    // one memoised cell per picture, so a picture is decoded once however many pages show it.
    fn make(&self, request: &Request) -> Result<Picture, String> {
        let bytes =
            std::fs::read(&request.source).map_err(|err| format!("cannot read it: {err}"))?;
        let format = image::guess_format(&bytes)
            .map_err(|_| "it is not a JPEG, PNG or WebP picture".to_string())?;
        let (fallback, mime, ext) = match format {
            ImageFormat::Jpeg => (ImageFormat::Jpeg, "image/jpeg", "jpg"),
            ImageFormat::Png => (ImageFormat::Png, "image/png", "png"),
            ImageFormat::WebP => (ImageFormat::WebP, "image/webp", "webp"),
            other => {
                return Err(format!(
                    "it is a {} picture; folio resizes JPEG, PNG and WebP",
                    other.extensions_str().first().unwrap_or(&"unknown").to_uppercase()
                ));
            }
        };
        let mut decoder = ImageReader::with_format(Cursor::new(&bytes), format)
            .into_decoder()
            .map_err(|err| format!("cannot decode it: {err}"))?;
        let orientation =
            decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
        let (raw_w, raw_h) = decoder.dimensions();
        let turned = matches!(
            orientation,
            image::metadata::Orientation::Rotate90
                | image::metadata::Orientation::Rotate270
                | image::metadata::Orientation::Rotate90FlipH
                | image::metadata::Orientation::Rotate270FlipH
        );
        let (width, height) = if turned { (raw_h, raw_w) } else { (raw_w, raw_h) };
        if width == 0 || height == 0 {
            return Err("it has no pixels".into());
        }

        // The widths below the picture's own, and the largest wanted one (never upscaled).
        let largest = request.widths.last().copied().unwrap_or(width).min(width);
        let mut targets: Vec<u32> =
            request.widths.iter().copied().filter(|&w| w < largest).collect();
        targets.push(largest);

        let key = {
            let mut hasher = xxhash_rust::xxh3::Xxh3::new();
            hasher.update(&bytes);
            hasher.update(&self.settings.quality.to_le_bytes());
            hasher.update(&ENCODER_VERSION.to_le_bytes());
            format!("{:016x}", hasher.digest())
        };
        let (folder, stem) = match request.output_path.rsplit_once('/') {
            Some((folder, file)) => (format!("{folder}/"), file),
            None => (String::new(), request.output_path.as_str()),
        };
        let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
        let mut formats = vec![(fallback, ext)];
        if fallback != ImageFormat::WebP {
            formats.push((ImageFormat::WebP, "webp"));
        }

        let variant = |w: u32, ext: &str| {
            let output = format!("{folder}{stem}-{w}w.{}.{ext}", &key[..10]);
            let cached = self.cache_dir.join(format!("{key}-{w}.{ext}"));
            (output, cached)
        };
        let missing =
            targets.iter().any(|&w| formats.iter().any(|(_, ext)| !variant(w, ext).1.is_file()));
        if missing {
            let mut decoded = DynamicImage::from_decoder(decoder)
                .map_err(|err| format!("cannot decode it: {err}"))?;
            decoded.apply_orientation(orientation);
            std::fs::create_dir_all(&self.cache_dir).map_err(|err| {
                format!("cannot create the image cache {}: {err}", self.cache_dir.display())
            })?;
            for &w in &targets {
                let resized = if w < width {
                    let h = scaled_height(width, height, w);
                    decoded.resize_exact(w, h, image::imageops::FilterType::Lanczos3)
                } else {
                    decoded.clone()
                };
                for &(format, ext) in &formats {
                    let cached = variant(w, ext).1;
                    if cached.is_file() {
                        continue;
                    }
                    let encoded = encode(&resized, format, self.settings.quality)?;
                    write_atomically(&cached, &encoded)?;
                }
            }
        }

        let url = |output: &str| format!("{}{output}", request.base_path);
        let srcset = |ext: &str| {
            targets
                .iter()
                .map(|&w| format!("{} {w}w", url(&variant(w, ext).0)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let files = targets
            .iter()
            .flat_map(|&w| formats.iter().map(move |(_, ext)| (w, *ext)))
            .map(|(w, ext)| variant(w, ext))
            .collect();
        Ok(Picture {
            width: largest,
            height: scaled_height(width, height, largest),
            src: url(&variant(largest, ext).0),
            mime,
            srcset: srcset(ext),
            webp_srcset: (fallback != ImageFormat::WebP).then(|| srcset("webp")),
            files,
            source: request.stamp,
        })
    }
}

fn sorted_widths(widths: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = widths.iter().copied().filter(|&w| w > 0).collect();
    widths.sort_unstable();
    widths.dedup();
    widths
}

fn scaled_height(width: u32, height: u32, new_width: u32) -> u32 {
    let scaled =
        (u64::from(height) * u64::from(new_width) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

fn encode(image: &DynamicImage, format: ImageFormat, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match format {
        ImageFormat::WebP => {
            let (pixels, layout, w, h) = if image.color().has_alpha() {
                let rgba = image.to_rgba8();
                let (w, h) = rgba.dimensions();
                (rgba.into_raw(), webp::PixelLayout::Rgba, w, h)
            } else {
                let rgb = image.to_rgb8();
                let (w, h) = rgb.dimensions();
                (rgb.into_raw(), webp::PixelLayout::Rgb, w, h)
            };
            let encoded = webp::Encoder::new(&pixels, layout, w, h)
                .encode_simple(false, f32::from(quality))
                .map_err(|err| format!("cannot encode it as WebP: {err:?}"))?;
            out.extend_from_slice(&encoded);
        }
        ImageFormat::Jpeg => {
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality.max(1));
            image
                .to_rgb8()
                .write_with_encoder(encoder)
                .map_err(|err| format!("cannot encode it: {err}"))?;
        }
        _ => {
            image
                .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
                .map_err(|err| format!("cannot encode it: {err}"))?;
        }
    }
    Ok(out)
}

/// Writes a variant so that a killed build never leaves half of one in the cache for the
/// next build to trust.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::util::paths::write_atomically(path, bytes)
        .map_err(|err| format!("cannot write {}: {err}", path.display()))
}

#[cfg(test)]
mod tests;
