//! Markdown to HTML: one pass over pulldown-cmark's events that gives headings stable ids,
//! resolves `@/` links to page URLs, and cuts the summary at `<!-- more -->`.
//!
//! It does no I/O: link targets are looked up through the caller's resolver, so a page
//! can be rendered on any thread without touching the rest of the site.
//!
//! Owns Markdown, math (→ MathML) and code highlighting. Must not do I/O or know the site
//! model: it sees links and pictures only through the caller's resolvers.

pub(crate) mod highlight;
pub(crate) mod math;

use std::collections::{HashMap, VecDeque};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

mod stream;
mod text;
use stream::*;
pub use text::*;

/// A heading, for tables of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// The id in the page (`#id`).
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A Markdown body turned into HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The whole body.
    pub html: String,
    /// The part before `<!-- more -->`, if the body has the marker.
    pub summary: Option<String>,
    /// The headings, in order.
    pub toc: Vec<Heading>,
}

/// Something in a body that cannot be rendered: an `@/` link to nothing, a formula that
/// does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// How to render a body.
#[derive(Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Names a wide table's scroll box for screen readers.
    pub table_label: &'a str,
    /// Highlight fenced code blocks.
    pub highlight: bool,
    /// Turns a local image (`![alt](fig.png)`) into its HTML, or says why it cannot.
    /// Without it, images are left as pulldown-cmark writes them.
    pub images: Option<&'a ImageResolver<'a>>,
}

/// See [`RenderOptions::images`].
pub type ImageResolver<'a> = dyn Fn(&ImageRef) -> Result<String, String> + Sync + 'a;

/// A local image in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The path as written (`fig.png`, `/images/a.jpg`, `@/projects/fig.png`).
    pub dest: String,
    /// The alternative text.
    pub alt: String,
    /// The title, if any.
    pub title: String,
    /// Whether it is the body's first image (likely in view when the page opens, so it
    /// should not wait to load).
    pub first: bool,
}

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        RenderOptions { table_label: "Table", highlight: true, images: None }
    }
}

/// Whether an image or link destination points into the site (not at another host).
pub fn is_local(dest: &str) -> bool {
    !(dest.contains("://")
        || dest.starts_with("//")
        || dest.starts_with("data:")
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
        || dest.is_empty())
}

/// The Markdown extensions folio turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// Renders `body`, whose first line is line `first_line` of its file.
///
/// `resolve` gets the part after `@/` (without `#fragment`) and returns the URL or why not.
pub fn render(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> (Rendered, Vec<Problem>) {
    render_with(body, first_line, resolve, RenderOptions::default())
}

/// [`render`], naming wide tables' scroll boxes `table_label` for screen readers.
///
/// Tables are wrapped in a focusable, labelled region so that a table wider than the
/// screen scrolls inside its own box and can be scrolled with the keyboard.
pub fn render_with(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Result<String, String>,
    render_options: RenderOptions,
) -> (Rendered, Vec<Problem>) {
    let mut stream = Stream {
        parser: Parser::new_ext(body, options()).into_offset_iter(),
        body,
        first_line,
        resolve,
        table_label: render_options.table_label,
        highlight: render_options.highlight,
        images: render_options.images,
        images_seen: 0,
        pending: VecDeque::new(),
        problems: Vec::new(),
        toc: Vec::new(),
        used_ids: HashMap::new(),
        depth: 0,
        more_seen: false,
    };
    // HTML runs 1.3-1.7 times the Markdown's length (more with pictures): one allocation.
    let mut html = String::with_capacity(body.len() * 7 / 4);
    html::push_html(&mut html, &mut stream);
    let marker = if stream.more_seen { html.find(MORE_SENTINEL) } else { None };
    let summary = match marker {
        Some(at) => {
            let summary = html[..at].trim_end().to_string();
            html.replace_range(at..at + MORE_SENTINEL.len(), "");
            Some(summary)
        }
        None => None,
    };
    (Rendered { html, summary, toc: stream.toc }, stream.problems)
}

/// Renders a short piece of Markdown (one line, e.g. a highlight) without the `<p>` around it.
pub fn render_inline(text: &str) -> String {
    let mut out = String::new();
    let events = Parser::new_ext(text, options()).filter(|event| {
        !matches!(event, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph))
    });
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests;
