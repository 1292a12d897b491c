//! folio: a static site generator for researchers' and engineers' bilingual homepages.
//!
//! The pipeline follows the data (see docs/ARCHITECTURE.md):
//! [`config`] → [`content`] (load, parse, validate) → [`site`] (URLs, sections,
//! translations, Markdown) → [`values`] + [`templates`] → [`render`] → [`output`].
//! [`build`] runs it end to end.

#![warn(missing_docs)]

pub mod bibtex;
pub mod build;
pub mod build_state;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod deserialize;
pub mod error;
pub mod feeds;
pub mod highlight;
pub mod images;
pub mod init;
pub mod jsonld;
pub mod markdown;
pub mod math;
pub mod minify;
pub mod new;
pub mod output;
pub mod render;
pub mod resume;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod slug;
pub mod templates;
pub mod theme;
pub mod values;

pub use build::{BuildOptions, BuildReport, build};
pub use config::Config;
pub use error::{Diagnostic, Error, Result};

/// The most items (files, pages) one task of a parallel pass takes on. Rayon cuts a pass
/// into a few pieces per thread and cuts a piece again only when another thread takes it
/// over, so a pass over 10,000 pages could end with one core working through a piece of
/// hundreds of pages while the other waits.
pub const ITEMS_PER_TASK: usize = 32;
