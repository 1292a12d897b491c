//! folio's integration tests: one binary, one module per feature.
//!
//! Tests build small sites written into temporary folders (see `support`), or the
//! repository's own example site, and assert on what a user sees: files at URLs, their
//! text, the CLI's messages and exit codes.

mod authoring;
mod browser;
mod build_errors;
mod build_example;
mod build_site;
mod citations;
mod cli;
mod cv_pdf;
mod first_hour;
mod fuzz_corpus;
mod golden;
mod hardening;
mod import_bibtex;
mod import_identifiers;
mod import_resume;
mod incremental;
mod previews;
mod rich_content;
mod serve;
mod snapshots;
mod support;
