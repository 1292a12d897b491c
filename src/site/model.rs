//! Building the model from the loaded documents, step by step.

use std::collections::BTreeMap;

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Document, Loaded, Role};
use crate::error::Diagnostic;
use crate::util::slug::slugify;

use super::bodies::{Keep, front_matter_image, only_its_page_shows_the_body, render_document};
use super::citation_keys::assign_citation_keys;
use super::ordering::{build_sections, build_tags, language_rank};
use super::placement::{find_clashes, names_too_long};
use super::*;

/// How [`Site::new`] builds the model.
pub struct ModelOptions<'a> {
    /// Include drafts.
    pub drafts: bool,
    /// The site before an edit: the HTML of every unchanged document whose links still
    /// resolve the same is reused instead of rendered again.
    pub previous: Option<&'a Site>,
    /// Copied files and the picture processor.
    pub media: Media,
    /// Which bodies are rendered with the model.
    pub bodies: Bodies,
}

impl Site {
    /// Builds the model; returns every problem found (URL clashes, broken `@/` links, ...).
    ///
    /// With [`Bodies::Lazy`] (a one-off build), a body that only its own page shows is not
    /// rendered here but by that page's render job ([`Item::body_deferred`]), so that its
    /// HTML is made, used and freed in one go instead of all bodies' HTML being held at once.
    // Long because it runs the model's steps in their order (each a function below);
    // the order is what matters and it reads top to bottom.
    pub fn new(
        config: Config,
        loaded: Loaded,
        options: ModelOptions<'_>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let ModelOptions { drafts, previous, media, bodies } = options;
        let mut problems = loaded.problems;
        let documents: Vec<Arc<Document>> = loaded
            .documents
            .into_iter()
            .filter(|doc| drafts || doc.front.draft != Some(true))
            .collect();

        // 1. URLs.
        let mut items = place(&config, documents, &mut problems);

        // 2. Sections, per folder and language.
        let mut sections = build_sections(&config, &items);
        let mut homes = BTreeMap::new();
        for (id, item) in items.iter().enumerate() {
            if item.doc.role == Role::Home {
                homes.insert(item.doc.lang.clone(), id);
            }
        }

        // 3. Tags, alongside the links of step 6 (neither needs the other).
        let (tags, links) = rayon::join(
            || build_tags(&config, &items),
            || Arc::new(Links::new(&config, &items, &sections, &loaded.failed, &loaded.assets)),
        );

        // 4. Aliases.
        let aliases = aliases_of(&config, &items, &mut problems);

        // 5. One URL, one file.
        problems.extend(find_clashes(&config, &items, &sections, &tags, &aliases));
        problems.extend(names_too_long(&items, &tags, &aliases));

        // 6. Markdown, with @/ links resolved in each page's language.
        let context = BodyContext { config: &config, links: &links, media: &media };
        render_bodies(&mut items, &sections, &context, previous, bodies, &mut problems);

        // 7. Front matter pictures: they must exist and decode.
        attach_pictures(&mut items, &config, &media, &mut problems);

        if !problems.is_empty() {
            problems.extend(deferred_problems(&items, &context));
            return Err(problems);
        }

        // 8. Order as a CV reads.
        sections.par_iter_mut().for_each(|section| {
            sort_items(&items, &mut section.items, section.kind, section.settings.sort_by);
        });
        let mut translations: HashMap<String, Vec<ItemId>> = HashMap::default();
        let keys: Vec<String> = items.par_iter().map(|item| item.doc.key.clone()).collect();
        for (id, key) in keys.into_iter().enumerate() {
            translations.entry(key).or_default().push(id);
        }
        for ids in translations.values_mut() {
            ids.sort_by_key(|&id| language_rank(&config, &items[id].doc.lang));
        }
        assign_citation_keys(&mut items, &translations);
        let by_content_path = items
            .par_iter()
            .enumerate()
            .map(|(id, item)| (item.doc.content_path.clone(), id))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let section_kinds =
            crate::content::section_kinds(items.iter().map(|item| item.doc.as_ref()));
        Ok(Site {
            config,
            items,
            sections,
            tags,
            translations,
            homes,
            aliases,
            assets: loaded.assets,
            by_content_path,
            section_kinds,
            links,
            media,
        })
    }
}

/// What rendering a body resolves against.
struct BodyContext<'a> {
    config: &'a Config,
    links: &'a Links,
    media: &'a Media,
}

/// Each document's URL (an empty slug is a problem).
fn place(
    config: &Config,
    documents: Vec<Arc<Document>>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    let placed: Vec<Result<Item, Diagnostic>> = documents
        .into_par_iter()
        .map(|doc| {
            let prefix = config.language_prefix(&doc.lang);
            let slug = match &doc.front.slug {
                Some(slug) => slugify(slug),
                None => slugify(&doc.stem),
            };
            let path = match (doc.role, &doc.section) {
                (Role::Home, _) => prefix.clone(),
                (Role::SectionIndex, Some(section)) => {
                    [prefix.as_str(), &slugify(section), "/"].concat()
                }
                (Role::Item, Some(section)) => {
                    let sub: String = doc
                        .subpath
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .map(|s| slugify(s) + "/")
                        .collect();
                    [prefix.as_str(), &slugify(section), "/", &sub, &slug, "/"].concat()
                }
                (_, None) => [prefix.as_str(), &slug, "/"].concat(),
            };
            if doc.role == Role::Item && slug.is_empty() {
                return Err(Diagnostic::new(&doc.file, "the file name gives an empty URL slug")
                    .hint("rename the file, or set slug = \"some-name\" in its front matter"));
            }
            Ok(Item {
                doc,
                slug,
                path,
                rendered: Arc::default(),
                links: Vec::new(),
                cite_key: None,
                image: None,
                pictures: Vec::new(),
                body_deferred: false,
            })
        })
        .collect();
    let mut items = Vec::with_capacity(placed.len());
    for item in placed {
        match item {
            Ok(item) => items.push(item),
            Err(problem) => problems.push(problem),
        }
    }

    items
}

/// The redirects the documents ask for.
fn aliases_of(config: &Config, items: &[Item], problems: &mut Vec<Diagnostic>) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for item in items {
        for alias in item.doc.front.aliases.iter().flatten() {
            let clean = alias.trim().trim_start_matches('/');
            if clean.is_empty() || clean.split('/').any(|part| part == ".." || part == ".") {
                problems.push(
                    Diagnostic::new(
                        &item.doc.file,
                        format!("alias `{alias}` is not a path inside the site"),
                    )
                    .hint("write it like \"/old/path/\""),
                );
                continue;
            }
            let output_file = if clean.ends_with(".html") {
                clean.to_string()
            } else {
                format!("{}/index.html", clean.trim_end_matches('/'))
            };
            aliases.push(Alias {
                file: item.doc.file.clone(),
                output_file,
                target: Links::url_of(config, &item.path),
            });
        }
    }

    aliases
}

/// Renders the bodies something besides their own page shows (all of them with
/// [`Bodies::Upfront`]), reusing the previous site's HTML where nothing changed.
fn render_bodies(
    items: &mut [Item],
    sections: &[Section],
    context: &BodyContext,
    previous: Option<&Site>,
    bodies: Bodies,
    problems: &mut Vec<Diagnostic>,
) {
    let BodyContext { config, links, media } = *context;
    if let Bodies::Lazy { lists_show_cv_bodies } = bodies {
        let in_feeds: HashSet<(&str, &str)> = sections
            .iter()
            .filter(|section| section.in_feed())
            .map(|section| (section.lang.as_str(), section.name.as_str()))
            .collect();
        items.par_iter_mut().for_each(|item| {
            item.body_deferred =
                only_its_page_shows_the_body(item, config, &in_feeds, lists_show_cv_bodies);
        });
    }
    let rendered: Vec<RenderedBody> = items
        .par_iter_mut()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|item| {
            if item.body_deferred {
                return RenderedBody::default();
            }
            if let Some(cached) = previous.and_then(|p| p.reusable_rendering(item, links)) {
                return cached;
            }
            let body = render_document(&item.doc, &item.doc.body, links, config, media, Keep::Html);
            // A body nobody else keeps (`folio build`) is not needed once rendered.
            if let Some(doc) = Arc::get_mut(&mut item.doc) {
                doc.body = String::new();
            }
            body
        })
        .collect();
    for (item, body) in items.iter_mut().zip(rendered) {
        item.rendered = body.rendered;
        item.links = body.links;
        item.pictures = body.pictures;
        problems.extend(body.problems);
    }
}

/// Checks and attaches each item's front matter picture.
fn attach_pictures(
    items: &mut [Item],
    config: &Config,
    media: &Media,
    problems: &mut Vec<Diagnostic>,
) {
    let pictures: Vec<Result<Option<String>, Diagnostic>> =
        items.par_iter().map(|item| front_matter_image(item, config, media)).collect();
    for (item, picture) in items.iter_mut().zip(pictures) {
        match picture {
            Ok(path) => item.image = path,
            Err(problem) => problems.push(problem),
        }
    }
}

/// The problems of the bodies left to their pages, so that a failed build reports every
/// problem at once.
fn deferred_problems(items: &[Item], context: &BodyContext) -> Vec<Diagnostic> {
    let BodyContext { config, links, media } = *context;
    // Every problem at once: the deferred bodies' too.
    let deferred: Vec<Vec<Diagnostic>> = items
        .par_iter()
        .filter(|item| item.body_deferred)
        .map(|item| {
            render_document(&item.doc, &item.doc.body, links, config, media, Keep::Briefly).problems
        })
        .collect();
    deferred.into_iter().flatten().collect()
}
