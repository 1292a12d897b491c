//! Leaf helpers every stage may use: HTML escaping, paths, dates and slugs.
//!
//! Owns small, pure functions over text and paths. Must not name any other module of the
//! crate: everything else stands on it.

pub mod date;
pub mod html;
pub mod paths;
pub mod slug;
