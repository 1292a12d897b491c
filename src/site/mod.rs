//! The site model: every page with its URL, sections and tags per language, translations,
//! and Markdown rendered to HTML. Built once per build from the loaded documents and then
//! only read (rendering never changes it).
//!
//! This is where URLs are decided, so this is also where two files claiming one URL and
//! `@/` links to missing files are caught.
//!
//! Owns URLs, sections, tags, translations, aliases, bodies' HTML, pictures and citation
//! keys. Must not render templates or write output; it reads picture files (and the image
//! cache) through [`Media`].

mod bodies;
pub(crate) mod citation_keys;
pub(crate) mod images;
mod links;
mod media;
mod model;
mod ordering;
mod placement;

use bodies::{Keep, render_document};
pub(crate) use links::Links;
pub(crate) use media::Media;
pub(crate) use model::ModelOptions;
pub(crate) use ordering::sort_items;

use std::collections::BTreeMap;

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, SectionSettings};
use crate::content::{Asset, Document, Kind, Role};
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::site::images::Stamp;
use crate::util::date::{Date, EndDate};

/// A body rendered to HTML, with what it was made from.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    /// The HTML.
    pub rendered: Arc<Rendered>,
    /// The `@/` links it resolved, and their URLs.
    pub links: Vec<(String, String)>,
    /// The picture files it shows, as they were when it was rendered.
    pub pictures: Vec<(PathBuf, Option<Stamp>)>,
    /// Broken links, formulas and images.
    pub problems: Vec<Diagnostic>,
}

/// Index of an item in [`Site::items`].
pub(crate) type ItemId = usize;

/// A document with its place in the site.
#[derive(Debug, Clone)]
pub struct Item {
    /// The parsed file.
    pub doc: Arc<Document>,
    /// The last URL segment.
    pub slug: String,
    /// The output folder, relative to the output root (`en/papers/foo/`; `` for the home page).
    pub path: String,
    /// The body as HTML.
    pub rendered: Arc<Rendered>,
    /// The `@/` links of the body and the URLs they resolved to (to tell whether a cached
    /// rendering is still right after other pages moved).
    pub links: Vec<(String, String)>,
    /// The BibTeX citation key (papers only).
    pub cite_key: Option<String>,
    /// The output path of the front matter's `image`, when it is a file of the site.
    pub image: Option<String>,
    /// The picture files the body shows, as they were when it was rendered.
    pub pictures: Vec<(PathBuf, Option<Stamp>)>,
    /// The body is rendered only when its own page is (`rendered` is empty): nothing else
    /// shows it (see [`Site::new`]'s [`Bodies`]).
    pub body_deferred: bool,
}

impl Item {
    /// The date used to order this item by time.
    pub fn sort_date(&self) -> Option<Date> {
        let fm = &self.doc.front;
        fm.date
            .or(fm.start)
            .or_else(|| fm.end.and_then(|end| end.date()))
            .or_else(|| fm.year.map(|year| Date { year, month: None, day: None }))
    }

    /// The title, derived for kinds whose title is optional (jobs, education).
    pub fn title(&self) -> String {
        self.title_ref().into_owned()
    }

    /// [`Item::title`] without allocating when the front matter has a title.
    pub fn title_ref(&self) -> std::borrow::Cow<'_, str> {
        let fm = &self.doc.front;
        if let Some(title) = fm.title.as_ref().filter(|t| !t.trim().is_empty()) {
            return std::borrow::Cow::Borrowed(title);
        }
        match (self.doc.kind, &fm.role, &fm.organization, &fm.degree, &fm.school) {
            (Kind::Service, Some(role), _, _, _) => match (&fm.venue, &fm.organization) {
                (Some(venue), _) | (None, Some(venue)) => format!("{role} · {venue}").into(),
                (None, None) => std::borrow::Cow::Borrowed(role),
            },
            (Kind::Job | Kind::Volunteer, Some(role), Some(org), _, _) => {
                format!("{role} · {org}").into()
            }
            (Kind::Education, _, _, Some(degree), Some(school)) => {
                format!("{degree} · {school}").into()
            }
            _ => std::borrow::Cow::Borrowed(&self.doc.stem),
        }
    }

    /// Whether the period has no end or ends "present".
    pub fn is_current(&self) -> bool {
        matches!(self.doc.front.end, Some(EndDate::Present))
    }
}

/// A section's list in one language.
#[derive(Debug, Clone)]
pub struct Section {
    /// The folder name.
    pub name: String,
    /// The language.
    pub lang: String,
    /// The kind of its items.
    pub kind: Kind,
    /// Its `_index.md`, if there is one in this language.
    pub index: Option<ItemId>,
    /// Output folder (`en/papers/`).
    pub path: String,
    /// The items, in the section's order.
    pub items: Vec<ItemId>,
    /// Settings from site.toml.
    pub settings: SectionSettings,
}

impl Section {
    /// Items per list page (all on one when not paginated).
    pub fn page_size(&self) -> usize {
        match self.settings.paginate {
            Some(n) if n > 0 => n,
            _ => self.items.len().max(1),
        }
    }

    /// Number of list pages (at least one).
    pub fn page_count(&self) -> usize {
        self.items.len().div_ceil(self.page_size()).max(1)
    }

    /// Output folder of list page `number` (1-based).
    pub fn page_path(&self, number: usize) -> String {
        if number <= 1 { self.path.clone() } else { format!("{}page/{number}/", self.path) }
    }

    /// Whether its items go into the Atom feed.
    pub fn in_feed(&self) -> bool {
        self.settings.feed.unwrap_or(self.kind == Kind::Post)
    }
}

/// A tag in one language.
#[derive(Debug, Clone)]
pub struct Tag {
    /// As first written.
    pub name: String,
    /// URL segment.
    pub slug: String,
    /// The language.
    pub lang: String,
    /// Output folder (`en/tags/bev/`).
    pub path: String,
    /// Tagged items, newest first.
    pub items: Vec<ItemId>,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The content file that asks for it.
    pub file: PathBuf,
    /// Output file of the redirect page.
    pub output_file: String,
    /// Where it points (root-relative URL).
    pub target: String,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// The configuration.
    pub config: Config,
    /// Every document (home pages, section indexes, items, pages).
    pub items: Vec<Item>,
    /// Section lists, per section and language.
    pub sections: Vec<Section>,
    /// Tags, per language, in name order.
    pub tags: Vec<Tag>,
    /// Translation key → items in the site's language order.
    pub translations: HashMap<String, Vec<ItemId>>,
    /// Home page document per language, if any.
    pub homes: BTreeMap<String, ItemId>,
    /// Redirects.
    pub aliases: Vec<Alias>,
    /// Non-Markdown files from content/.
    pub assets: Vec<Asset>,
    /// Content path → item.
    pub by_content_path: HashMap<String, ItemId>,
    /// `@/` resolution over this site.
    pub links: Arc<Links>,
    /// The kinds section `_index.md` files declare, by folder.
    pub section_kinds: Vec<(String, Kind)>,
    /// Copied files and the picture processor.
    pub media: Media,
}

/// Which bodies [`Site::new`] renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Every body, up front (`folio serve` and `check`, which keep them to reuse).
    Upfront,
    /// Only the bodies something besides their own page shows.
    Lazy {
        /// Lists show the bodies of papers, jobs, education and awards: the theme names
        /// their summaries' `content` ([`crate::render::templates::CostlyFields::list_content`]).
        lists_show_cv_bodies: bool,
    },
}

impl Site {
    /// Renders a document's body with this site's links (for a document whose place in
    /// the site is unchanged): its HTML, the links it resolved, and its broken links.
    pub fn render_body(&self, doc: &Document) -> RenderedBody {
        render_document(doc, &doc.body, &self.links, &self.config, &self.media, Keep::Html)
    }

    /// [`Site::render_body`] for a page about to be rendered and written: its HTML is
    /// dropped with the page, so it is not trimmed to size. `taken` is the body if
    /// [`Site::take_body`] took it out of the document.
    pub fn render_deferred_body(&self, doc: &Document, taken: &str) -> RenderedBody {
        let body = if taken.is_empty() { &doc.body } else { taken };
        render_document(doc, body, &self.links, &self.config, &self.media, Keep::Briefly)
    }

    /// Takes the Markdown of item `id`'s deferred body out of its document (empty if the
    /// body is not deferred or the document is shared), so that a build can free each
    /// body as soon as its page is written.
    pub fn take_body(&mut self, id: ItemId) -> String {
        let item = &mut self.items[id];
        match Arc::get_mut(&mut item.doc) {
            Some(doc) if item.body_deferred => std::mem::take(&mut doc.body),
            _ => String::new(),
        }
    }

    /// The rendering of `item`'s document in this (previous) site, if the document is the
    /// same and every link in it still resolves to the same URL.
    fn reusable_rendering(&self, item: &Item, links: &Links) -> Option<RenderedBody> {
        let old = &self.items[*self.by_content_path.get(&item.doc.content_path)?];
        let same_links = old
            .links
            .iter()
            .all(|(target, url)| links.resolve(target, &item.doc.lang).as_ref() == Ok(url));
        let same_pictures =
            old.pictures.iter().all(|(file, stamp)| crate::site::images::stamp(file) == *stamp);
        (Arc::ptr_eq(&old.doc, &item.doc) && same_links && same_pictures).then(|| RenderedBody {
            rendered: Arc::clone(&old.rendered),
            links: old.links.clone(),
            pictures: old.pictures.clone(),
            problems: Vec::new(),
        })
    }

    /// The other-language versions of item `id`, in the site's language order.
    pub fn translations_of(&self, id: ItemId) -> impl Iterator<Item = ItemId> + '_ {
        self.translations
            .get(&self.items[id].doc.key)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&other| other != id)
    }

    /// Every item of `kind` in `lang`, sorted by the kind's default order.
    pub fn collection(&self, kind: Kind, lang: &str) -> Vec<ItemId> {
        let mut ids: Vec<ItemId> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, item)| {
                item.doc.role == Role::Item && item.doc.kind == kind && item.doc.lang == lang
            })
            .map(|(id, _)| id)
            .collect();
        sort_items(&self.items, &mut ids, kind, None);
        ids
    }

    /// The sections of one language.
    pub fn sections_in<'s>(&'s self, lang: &'s str) -> impl Iterator<Item = &'s Section> + 's {
        self.sections.iter().filter(move |section| section.lang == lang)
    }
}
