//! Bodies and pictures: Markdown rendered with the site's links and media, and which
//! bodies can wait for their own page to render them.

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Document, Kind, Role};
use crate::error::Diagnostic;
use crate::markdown::{self, ImageRef};

use super::*;

/// The output path of `item`'s front matter `image` (checked to exist and, for a picture
/// folio resizes, to decode); `None` without one or for a remote URL.
pub(super) fn front_matter_image(
    item: &Item,
    config: &Config,
    media: &Media,
) -> Result<Option<String>, Diagnostic> {
    let Some(dest) = item.doc.front.image.as_deref() else { return Ok(None) };
    if !markdown::is_local(dest) {
        return Ok(None);
    }
    let problem = |why: String| {
        Diagnostic::new(&item.doc.file, format!("image `{dest}`: {why}"))
            .hint("give a path relative to this file, or from the site root (/images/x.jpg for static/images/x.jpg)")
    };
    let path = media.locate(&item.doc.content_path, dest).map_err(problem)?;
    media
        .picture(&path, None, &config.base_path)
        .map_err(|why| problem(format!("{path}: {why}")))?;
    Ok(Some(path))
}

/// How long a rendered body lives, which decides whether its HTML is trimmed to size.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Keep {
    /// Kept in the site model: trimmed, as the slack would stay allocated.
    Html,
    /// Used by one page and dropped with it, or only its problems are wanted.
    Briefly,
}

pub(super) fn render_document(
    doc: &Document,
    body: &str,
    links: &Links,
    config: &Config,
    media: &Media,
    keep: Keep,
) -> RenderedBody {
    let lang = doc.lang.as_str();
    let resolved = std::sync::Mutex::new(Vec::new());
    let resolve = |target: &str| {
        let result = links.resolve(target, lang);
        if let (Ok(url), Ok(mut resolved)) = (&result, resolved.lock()) {
            resolved.push((target.to_string(), url.clone()));
        }
        result
    };
    let table_label = if lang.starts_with("zh") { "表格" } else { "Table" };
    let pictures = std::sync::Mutex::new(Vec::new());
    let images =
        |image: &ImageRef| media.image_html(&config.base_path, &doc.content_path, image, &pictures);
    let options = markdown::RenderOptions {
        table_label,
        highlight: config.markdown.highlight_code,
        images: Some(&images),
    };
    let (mut rendered, broken) = markdown::render_with(body, doc.body_line, &resolve, options);
    if keep == Keep::Html {
        rendered.html.shrink_to_fit();
    }
    let problems = broken
        .into_iter()
        .map(|problem| {
            Diagnostic::new(&doc.file, problem.message).at_line(problem.line).hint(problem.hint)
        })
        .collect();
    RenderedBody {
        rendered: Arc::new(rendered),
        links: resolved.into_inner().unwrap_or_default(),
        pictures: pictures.into_inner().unwrap_or_default(),
        problems,
    }
}

/// Whether nothing but `item`'s own page shows its body's HTML: not a list (the CV kinds
/// carry their bodies, which the JSON Resume quotes too, and `<!-- more -->` makes an
/// excerpt), not a feed, not the search index, not the home page or a section's page.
pub(super) fn only_its_page_shows_the_body(
    item: &Item,
    config: &Config,
    in_feeds: &HashSet<(&str, &str)>,
    lists_show_cv_bodies: bool,
) -> bool {
    let doc = &item.doc;
    let kind_alone = match doc.kind {
        Kind::Post | Kind::Project | Kind::Page => true,
        // JSON Resume quotes the bodies of jobs and papers.
        kind if kind.listed_in_full() => !lists_show_cv_bodies && !config.outputs.resume,
        _ => false,
    };
    let in_a_feed = doc
        .section
        .as_deref()
        .is_some_and(|section| in_feeds.contains(&(doc.lang.as_str(), section)));
    kind_alone
        && doc.role == Role::Item
        && !config.outputs.search
        && !in_a_feed
        && !doc.body.contains("<!--")
}
