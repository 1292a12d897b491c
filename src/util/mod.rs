//! Leaf helpers every stage may use: HTML escaping, paths, dates, slugs and scripts.
//!
//! Owns small, pure functions over text and paths. Must not name any other module of the
//! crate: everything else stands on it.

pub(crate) mod date;
pub(crate) mod depth;
pub(crate) mod html;
pub(crate) mod paths;
pub(crate) mod script;
pub(crate) mod slug;
