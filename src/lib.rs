//! folio: a static site generator for researchers' and engineers' bilingual homepages.
//!
//! The folders follow the data (see docs/ARCHITECTURE.md), each stage naming only the
//! stages below it:
//!
//! [`util`] and [`error`] (leaf helpers) → [`config`] (`site.toml`, the theme, build
//! options) → [`content`] (load, parse, validate) → [`markdown`] (Markdown → HTML) →
//! [`site`] (the model: URLs, links, media, ordering) → [`render`] (jobs, template values,
//! templates, and the outputs written by code) → [`output`] (the writer, copies, build
//! state) → [`build`] (the front door: prepare, render, write) → [`serve`], [`import`] and
//! the commands in [`cmd`].

#![warn(missing_docs, unreachable_pub)]

pub mod build;
pub mod cmd;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod error;
pub mod import;
pub mod markdown;
pub(crate) mod output;
pub(crate) mod render;
pub mod serve;
pub(crate) mod site;
pub(crate) mod util;

pub use build::{BuildReport, build};
pub use config::{BuildOptions, Config};
pub use error::{Diagnostic, Error, Result};

// What the integration tests, micro-benchmarks and fuzz targets reach below the front door:
// a kind and its front matter parser, one render job, the cache folder's name, URL
// decoding, the minifier.
pub use content::front_matter::{self, Kind};
pub use output::minify::minify;
pub use output::request_stop;
pub use output::state::CACHE_DIR;
pub use render::{Icon, Job, PreviewOf, render_job};
pub use util::paths::percent_decode;

/// The most items (files, pages) one task of a parallel pass takes on. Rayon cuts a pass
/// into a few pieces per thread and cuts a piece again only when another thread takes it
/// over, so a pass over 10,000 pages could end with one core working through a piece of
/// hundreds of pages while the other waits.
pub const ITEMS_PER_TASK: usize = 32;
