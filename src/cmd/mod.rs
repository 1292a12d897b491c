//! The commands on top of the pipeline: the command line itself, `folio check`,
//! `folio init` / `theme eject` and `folio new`.
//!
//! Owns what each command adds to the library (checks beyond a build, scaffolding, new
//! content files). Must not write outside the site, and must not print: the binary does.

pub mod check;
pub mod cli;
pub mod init;
pub mod new;
