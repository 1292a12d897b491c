//! The site model: every page with its URL, sections and tags per language, translations,
//! and Markdown rendered to HTML. Built once per build from the loaded documents and then
//! only read (rendering never changes it).
//!
//! This is where URLs are decided, so this is also where two files claiming one URL and
//! `@/` links to missing files are caught.

pub mod citation_keys;
pub mod images;

use std::collections::BTreeMap;

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use crate::config::theme::Source;
use crate::config::{Config, SectionSettings, SortBy};
use crate::content::{Asset, Document, Kind, Loaded, Role};
use crate::error::Diagnostic;
use crate::markdown::{self, ImageRef, Rendered};
use crate::site::images::{Images, Stamp};
use crate::util::date::{Date, EndDate};
use crate::util::slug::slugify;

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

/// The files of the output that are copied (theme and site `static/`, content assets) by
/// output path, and the picture processor: what images in Markdown, front matter `image`
/// fields and the `image()` template function resolve against.
#[derive(Debug, Clone)]
pub struct Media {
    /// Output path → source.
    pub files: Arc<BTreeMap<String, Source>>,
    /// Resizes pictures (kept for a whole `folio serve` session).
    pub images: Arc<Images>,
    /// Each picture's size and modification time, read once per build: a picture shown
    /// by every page would otherwise be looked up on disk once per page.
    stamps: Arc<Mutex<HashMap<String, Result<Stamp, String>>>>,
}

impl Media {
    /// The media of one build (or rebuild): its stamps are read afresh.
    pub fn new(files: Arc<BTreeMap<String, Source>>, images: Arc<Images>) -> Media {
        Media { files, images, stamps: Arc::default() }
    }

    /// The output path of `dest` as written in the document at `content_path`: relative to
    /// the document's folder, or from the site root with `/`, or a content path with `@/`.
    pub fn locate(&self, content_path: &str, dest: &str) -> Result<String, String> {
        let clean = dest.split(['?', '#']).next().unwrap_or(dest).replace("%20", " ");
        let joined = if let Some(rest) = clean.strip_prefix("@/") {
            rest.to_string()
        } else if let Some(rest) = clean.strip_prefix('/') {
            rest.to_string()
        } else {
            let folder = content_path.rsplit_once('/').map_or("", |(folder, _)| folder);
            format!("{folder}/{clean}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for part in joined.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err("the path leads outside the site".into());
                    }
                }
                part => parts.push(part),
            }
        }
        let path = parts.join("/");
        if self.files.contains_key(&path) {
            Ok(path)
        } else {
            Err(format!("there is no file content/{path} or static/{path}"))
        }
    }

    /// The picture at output path `path`, in the site's widths (`None` for a file that is
    /// not resized: SVG, GIF, a theme's built-in file).
    pub fn picture(
        &self,
        path: &str,
        widths: Option<&[u32]>,
        base_path: &str,
    ) -> Result<Option<Arc<crate::site::images::Picture>>, String> {
        match self.files.get(path) {
            Some(Source::Disk(file)) if crate::site::images::is_resizable(path) => {
                let stamp = self.stamp(path, file)?;
                self.images.picture(file, stamp, path, widths, base_path).map(Some)
            }
            Some(_) => Ok(None),
            None => Err(format!("there is no file {path} in static/ or content/")),
        }
    }

    fn stamp(&self, path: &str, file: &Path) -> Result<Stamp, String> {
        let mut stamps = self.stamps.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(known) = stamps.get(path) {
            return known.clone();
        }
        let stamp = crate::site::images::read_stamp(file);
        stamps.insert(path.to_string(), stamp.clone());
        stamp
    }

    /// The HTML of a Markdown image: a `<picture>` with WebP and fallback `srcset`s, or a
    /// plain `<img>` for files that are not resized.
    fn image_html(
        &self,
        base_path: &str,
        content_path: &str,
        image: &ImageRef,
        pictures: &std::sync::Mutex<Vec<(PathBuf, Option<Stamp>)>>,
    ) -> Result<String, String> {
        use crate::util::html::escape_into;
        use std::fmt::Write as _;
        let path = self.locate(content_path, &image.dest)?;
        let picture =
            self.picture(&path, None, base_path).map_err(|why| format!("{path}: {why}"))?;
        // Built in one string: a page may show many pictures, and each piece is short.
        let sizes = self.images.sizes();
        let mut html = String::with_capacity(
            160 + image.alt.len()
                + image.title.len()
                + picture.as_ref().map_or(base_path.len() + path.len(), |p| {
                    p.src.len()
                        + p.srcset.len()
                        + p.webp_srcset.as_ref().map_or(0, String::len)
                        + 2 * sizes.len()
                }),
        );
        match &picture {
            None => {
                html.push_str("<img src=\"");
                html.push_str(base_path);
                escape_into(&mut html, &path);
                html.push('"');
            }
            Some(picture) => {
                if let (Some(Source::Disk(file)), Ok(mut used)) =
                    (self.files.get(&path), pictures.lock())
                {
                    used.push((file.clone(), Some(picture.source)));
                }
                html.push_str("<picture>");
                if let Some(srcset) = &picture.webp_srcset {
                    html.push_str("<source type=\"image/webp\" srcset=\"");
                    escape_into(&mut html, srcset);
                    html.push_str("\" sizes=\"");
                    escape_into(&mut html, sizes);
                    html.push_str("\">");
                }
                html.push_str("<img src=\"");
                escape_into(&mut html, &picture.src);
                html.push_str("\" srcset=\"");
                escape_into(&mut html, &picture.srcset);
                html.push_str("\" sizes=\"");
                escape_into(&mut html, sizes);
                let _ =
                    write!(html, "\" width=\"{}\" height=\"{}\"", picture.width, picture.height);
            }
        }
        html.push_str(" alt=\"");
        escape_into(&mut html, &image.alt);
        html.push('"');
        if !image.title.is_empty() {
            html.push_str(" title=\"");
            escape_into(&mut html, &image.title);
            html.push('"');
        }
        html.push_str(if image.first {
            " decoding=\"async\">"
        } else {
            " loading=\"lazy\" decoding=\"async\">"
        });
        if picture.is_some() {
            html.push_str("</picture>");
        }
        Ok(html)
    }
}

/// Index of an item in [`Site::items`].
pub type ItemId = usize;

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
            (Kind::Job, Some(role), Some(org), _, _) => format!("{role} · {org}").into(),
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

/// Resolves `@/` paths to URLs in a given language. Owns its tables, so template
/// functions can hold it for the whole build.
#[derive(Debug, Clone, Default)]
pub struct Links {
    base_path: String,
    default_language: String,
    language_prefixes: HashMap<String, String>,
    /// content path → (lang, output path) of the file
    by_file: HashMap<String, (String, String)>,
    /// translation key → lang → output path
    by_key: HashMap<String, HashMap<String, String>>,
    /// section folder → lang → output path of the section list
    sections: HashMap<String, HashMap<String, String>>,
    failed: Vec<String>,
}

impl Links {
    /// The URL (root-relative, with the base path) of output folder `path`.
    pub fn url_of(config: &Config, path: &str) -> String {
        [config.base_path.as_str(), path].concat()
    }

    /// The absolute URL of output folder or file `path` (`https://example.org/papers/foo/`).
    pub fn permalink_of(config: &Config, path: &str) -> String {
        [config.base_url.as_str(), path].concat()
    }

    fn url(&self, path: &str) -> String {
        [self.base_path.as_str(), path].concat()
    }

    /// Resolves `target` (the part after `@/`) for a page in `lang`.
    pub fn resolve(&self, target: &str, lang: &str) -> Result<String, String> {
        let target = target.trim_start_matches('/');
        if let Some((file_lang, path)) = self.by_file.get(target) {
            // A link to the default-language file means "this item": prefer the reader's language.
            let key = self.strip_language(target, file_lang);
            if let Some(path) = self.by_key.get(&key).and_then(|langs| langs.get(lang)) {
                return Ok(self.url(path));
            }
            return Ok(self.url(path));
        }
        if let Some(path) = self.by_key.get(target).and_then(|langs| langs.get(lang)) {
            return Ok(self.url(path));
        }
        if let Some(section) = target.strip_suffix("/_index.md") {
            if let Some(path) = self.sections.get(section).and_then(|langs| langs.get(lang)) {
                return Ok(self.url(path));
            }
        }
        if target == "_index.md" || target.is_empty() {
            let prefix = self.language_prefixes.get(lang).map(String::as_str).unwrap_or("");
            return Ok(self.url(prefix));
        }
        if self.failed.iter().any(|failed| failed == target) {
            // That file has its own error already; don't report the link as well.
            return Ok("#".to_string());
        }
        Err(format!("there is no file content/{target}"))
    }

    fn strip_language(&self, content_path: &str, lang: &str) -> String {
        if lang == self.default_language {
            return content_path.to_string();
        }
        match content_path.strip_suffix(&format!(".{lang}.md")) {
            Some(stem) => format!("{stem}.md"),
            None => content_path.to_string(),
        }
    }

    fn new(config: &Config, items: &[Item], sections: &[Section], failed: &[String]) -> Self {
        let mut links = Links {
            base_path: config.base_path.clone(),
            default_language: config.default_language.clone(),
            language_prefixes: config
                .languages
                .iter()
                .map(|l| (l.code.clone(), config.language_prefix(&l.code)))
                .collect(),
            failed: failed.to_vec(),
            ..Links::default()
        };
        // The copies are made in parallel; only the inserts are serial.
        let entries: Vec<_> = items
            .par_iter()
            .map(|item| {
                let doc = &item.doc;
                let target = (doc.lang.clone(), item.path.clone());
                (doc.content_path.clone(), target.clone(), doc.key.clone(), target)
            })
            .collect();
        links.by_file.reserve(entries.len());
        for (file, file_target, key, (lang, path)) in entries {
            links.by_file.insert(file, file_target);
            links.by_key.entry(key).or_default().insert(lang, path);
        }
        for section in sections {
            links
                .sections
                .entry(section.name.clone())
                .or_default()
                .insert(section.lang.clone(), section.path.clone());
        }
        links
    }
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
    /// Builds the model; returns every problem found (URL clashes, broken `@/` links, ...).
    ///
    /// With `previous` (the site before an edit), the HTML of every unchanged document whose
    /// links still resolve the same is reused instead of rendered again.
    ///
    /// With [`Bodies::Lazy`] (a one-off build), a body that only its own page shows is not
    /// rendered here but by that page's render job ([`Item::body_deferred`]), so that its
    /// HTML is made, used and freed in one go instead of all bodies' HTML being held at once.
    pub fn new(
        config: Config,
        loaded: Loaded,
        drafts: bool,
        previous: Option<&Site>,
        media: Media,
        bodies: Bodies,
    ) -> Result<Site, Vec<Diagnostic>> {
        let mut problems = loaded.problems;
        let documents: Vec<Arc<Document>> = loaded
            .documents
            .into_iter()
            .filter(|doc| drafts || doc.front.draft != Some(true))
            .collect();

        // 1. URLs.
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
                    return Err(Diagnostic::new(
                        &doc.file,
                        "the file name gives an empty URL slug",
                    )
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
            || Arc::new(Links::new(&config, &items, &sections, &loaded.failed)),
        );

        // 4. Aliases.
        let mut aliases = Vec::new();
        for item in &items {
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
                aliases.push(Alias { output_file, target: Links::url_of(&config, &item.path) });
            }
        }

        // 5. One URL, one file.
        problems.extend(find_clashes(&config, &items, &sections, &tags, &aliases));

        // 6. Markdown, with @/ links resolved in each page's language.
        if let Bodies::Lazy { lists_show_cv_bodies } = bodies {
            let in_feeds: HashSet<(&str, &str)> = sections
                .iter()
                .filter(|section| section.in_feed())
                .map(|section| (section.lang.as_str(), section.name.as_str()))
                .collect();
            items.par_iter_mut().for_each(|item| {
                item.body_deferred =
                    only_its_page_shows_the_body(item, &config, &in_feeds, lists_show_cv_bodies);
            });
        }
        let rendered: Vec<RenderedBody> = items
            .par_iter_mut()
            .with_max_len(crate::ITEMS_PER_TASK)
            .map(|item| {
                if item.body_deferred {
                    return RenderedBody::default();
                }
                if let Some(cached) = previous.and_then(|p| p.reusable_rendering(item, &links)) {
                    return cached;
                }
                let body =
                    render_document(&item.doc, &item.doc.body, &links, &config, &media, Keep::Html);
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

        // 7. Front matter pictures: they must exist and decode.
        let pictures: Vec<Result<Option<String>, Diagnostic>> =
            items.par_iter().map(|item| front_matter_image(item, &config, &media)).collect();
        for (item, picture) in items.iter_mut().zip(pictures) {
            match picture {
                Ok(path) => item.image = path,
                Err(problem) => problems.push(problem),
            }
        }

        if !problems.is_empty() {
            // Every problem at once: the deferred bodies' too.
            let deferred: Vec<Vec<Diagnostic>> = items
                .par_iter()
                .filter(|item| item.body_deferred)
                .map(|item| {
                    render_document(
                        &item.doc,
                        &item.doc.body,
                        &links,
                        &config,
                        &media,
                        Keep::Briefly,
                    )
                    .problems
                })
                .collect();
            problems.extend(deferred.into_iter().flatten());
            return Err(problems);
        }

        // 7. Order as a CV reads.
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

/// The output path of `item`'s front matter `image` (checked to exist and, for a picture
/// folio resizes, to decode); `None` without one or for a remote URL.
fn front_matter_image(
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
enum Keep {
    /// Kept in the site model: trimmed, as the slack would stay allocated.
    Html,
    /// Used by one page and dropped with it, or only its problems are wanted.
    Briefly,
}

fn render_document(
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
fn only_its_page_shows_the_body(
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

/// Gives every paper a citation key, the same in all its languages (made from the English
/// version when there is one) and unique within a language (`zheng2024sparse`,
/// `zheng2024sparsea`, ...).
fn assign_citation_keys(items: &mut [Item], translations: &HashMap<String, Vec<ItemId>>) {
    let papers: Vec<ItemId> = (0..items.len())
        .filter(|&id| items[id].doc.kind == Kind::Paper && items[id].doc.role == Role::Item)
        .collect();
    let wanted_key = |id: ItemId| {
        let item = &items[id];
        let own = item.doc.front.bibtex.as_deref().and_then(crate::site::citation_keys::key_of);
        let key = own.unwrap_or_else(|| {
            let group = translations.get(&item.doc.key).map(Vec::as_slice).unwrap_or(&[]);
            let source =
                group.iter().map(|&g| &items[g]).find(|g| g.doc.lang == "en").unwrap_or(item);
            let fm = &source.doc.front;
            crate::site::citation_keys::citation_key(
                fm.authors.as_deref().unwrap_or(&[]),
                fm.year.unwrap_or(0),
                fm.title.as_deref().unwrap_or(""),
            )
        });
        (item.doc.lang.clone(), key, item.doc.key.clone(), id)
    };
    let mut wanted: Vec<(String, String, String, ItemId)> =
        papers.into_par_iter().map(wanted_key).collect();
    wanted.par_sort();
    let mut previous: Option<(String, String)> = None;
    let mut count = 0;
    let mut first_of_run = 0;
    for index in 0..wanted.len() {
        let (lang, key, _, id) = &wanted[index];
        if previous.as_ref() == Some(&(lang.clone(), key.clone())) {
            count += 1;
            if count == 1 {
                // The run has several papers: the first one becomes `…a` too.
                let first_id = wanted[first_of_run].3;
                items[first_id].cite_key = Some(format!("{key}a"));
            }
            items[*id].cite_key = Some(format!("{key}{}", (b'a' + (count as u8).min(25)) as char));
        } else {
            count = 0;
            first_of_run = index;
            items[*id].cite_key = Some(key.clone());
            previous = Some((lang.clone(), key.clone()));
        }
    }
}

fn language_rank(config: &Config, lang: &str) -> usize {
    config.languages.iter().position(|l| l.code == lang).unwrap_or(usize::MAX)
}

fn build_sections(config: &Config, items: &[Item]) -> Vec<Section> {
    // Folder → kind, from any language's _index.md that declares one.
    let mut kinds: BTreeMap<&str, Kind> = BTreeMap::new();
    for item in items {
        if let (Role::SectionIndex, Some(section), Some(kind)) =
            (item.doc.role, &item.doc.section, item.doc.front.kind)
        {
            kinds.entry(section.as_str()).or_insert(kind);
        }
    }
    let mut sections: BTreeMap<(String, usize), Section> = BTreeMap::new();
    for (id, item) in items.iter().enumerate() {
        let Some(name) = &item.doc.section else { continue };
        let lang = &item.doc.lang;
        let kind = kinds.get(name.as_str()).copied().unwrap_or_else(|| Kind::from_folder(name));
        let section =
            sections.entry((name.clone(), language_rank(config, lang))).or_insert_with(|| {
                Section {
                    name: name.clone(),
                    lang: lang.clone(),
                    kind,
                    index: None,
                    path: format!("{}{}/", config.language_prefix(lang), slugify(name)),
                    items: Vec::new(),
                    settings: config.section_settings(name),
                }
            });
        match item.doc.role {
            Role::SectionIndex => section.index = Some(id),
            _ => section.items.push(id),
        }
    }
    sections.into_values().collect()
}

fn build_tags(config: &Config, items: &[Item]) -> Vec<Tag> {
    // (language, name as written) -> tag, so each spelling is slugified once.
    let mut by_name: HashMap<(&str, &str), Option<usize>> = HashMap::default();
    let mut by_slug: HashMap<(usize, String), usize> = HashMap::default();
    let mut tags: Vec<Tag> = Vec::new();
    for (id, item) in items.iter().enumerate() {
        let lang = item.doc.lang.as_str();
        for name in item.doc.front.tags.iter().flatten() {
            let index = *by_name.entry((lang, name.as_str())).or_insert_with(|| {
                let slug = slugify(name);
                if slug.is_empty() {
                    return None;
                }
                let key = (language_rank(config, lang), slug.clone());
                Some(*by_slug.entry(key).or_insert_with(|| {
                    tags.push(Tag {
                        name: name.clone(),
                        path: format!("{}tags/{slug}/", config.language_prefix(lang)),
                        slug,
                        lang: lang.to_string(),
                        items: Vec::new(),
                    });
                    tags.len() - 1
                }))
            });
            let Some(index) = index else { continue };
            // Items come in id order, so a repeated tag on one item is the last one pushed.
            if tags[index].items.last() != Some(&id) {
                tags[index].items.push(id);
            }
        }
    }
    tags.sort_by(|a, b| {
        (language_rank(config, &a.lang), &a.slug).cmp(&(language_rank(config, &b.lang), &b.slug))
    });
    tags.par_iter_mut().for_each(|tag| {
        // Keys computed once per item, not once per comparison (a job's title is formatted).
        tag.items.sort_by_cached_key(|&id| {
            (std::cmp::Reverse(items[id].sort_date()), items[id].title_ref())
        });
    });
    tags
}

fn find_clashes(
    config: &Config,
    items: &[Item],
    sections: &[Section],
    tags: &[Tag],
    aliases: &[Alias],
) -> Vec<Diagnostic> {
    // Output file -> who writes it; owners are described only when two clash.
    #[derive(Clone, Copy, PartialEq)]
    enum Owner {
        SearchPage,
        Item(usize),
        Section(usize),
        Tag(usize),
        Alias(usize),
    }
    let describe = |owner: Owner| match owner {
        Owner::SearchPage => "the search page ([outputs] search = false turns it off)".to_string(),
        Owner::Item(id) => items[id].doc.file.display().to_string(),
        Owner::Section(i) => format!("the list of section `{}`", sections[i].name),
        Owner::Tag(i) => format!("the page of tag `{}`", tags[i].name),
        Owner::Alias(i) => format!("the alias to {}", aliases[i].target),
    };
    let mut owners: HashMap<std::borrow::Cow<str>, Owner> =
        HashMap::with_capacity_and_hasher(items.len() + tags.len() + 16, Default::default());
    let mut problems = Vec::new();
    let mut claim =
        |file: std::borrow::Cow<'_, str>, owner: Owner, problems: &mut Vec<Diagnostic>| {
            // Two pages of one section list never clash with each other.
            match owners.get(&file) {
                Some(&previous) if previous != owner => problems.push(
                    Diagnostic::new(
                        describe(owner),
                        format!(
                            "has the same URL (/{}) as {}",
                            file.trim_end_matches("index.html"),
                            describe(previous)
                        ),
                    )
                    .hint("give one of them another file name or a different `slug`"),
                ),
                Some(_) => {}
                None => {
                    owners.insert(file.into_owned().into(), owner);
                }
            }
        };
    if config.outputs.search {
        for language in &config.languages {
            let file = format!("{}search/index.html", config.language_prefix(&language.code));
            claim(file.into(), Owner::SearchPage, &mut problems);
        }
    }
    for (id, item) in items.iter().enumerate() {
        if item.doc.role == Role::Item {
            claim(format!("{}index.html", item.path).into(), Owner::Item(id), &mut problems);
        }
    }
    for (i, section) in sections.iter().enumerate() {
        for number in 1..=section.page_count() {
            claim(
                format!("{}index.html", section.page_path(number)).into(),
                Owner::Section(i),
                &mut problems,
            );
        }
    }
    for (i, tag) in tags.iter().enumerate() {
        claim(format!("{}index.html", tag.path).into(), Owner::Tag(i), &mut problems);
    }
    for (i, alias) in aliases.iter().enumerate() {
        claim(alias.output_file.as_str().into(), Owner::Alias(i), &mut problems);
    }
    problems
}

/// Sorts `ids` in the order `kind` (or `sort_by`) calls for.
pub fn sort_items(items: &[Item], ids: &mut [ItemId], kind: Kind, sort_by: Option<SortBy>) {
    let order = sort_by.unwrap_or(match kind {
        Kind::Paper => SortBy::Year,
        Kind::Job | Kind::Education => SortBy::Start,
        Kind::Project => SortBy::Weight,
        _ => SortBy::Date,
    });
    use std::cmp::Reverse;
    // Keys computed once per item, not once per comparison (a job's title is formatted).
    // Each order is (earlier key, weight, later key), then title, then file.
    ids.sort_by_cached_key(|&id| {
        let item = &items[id];
        let fm = &item.doc.front;
        let weight = fm.weight.unwrap_or(i64::MAX);
        let date = item.sort_date();
        let (first, weight, then) = match order {
            SortBy::Date => (None, 0, date),
            SortBy::Weight => (None, weight, date),
            SortBy::Title => (None, 0, None),
            SortBy::Year => {
                let year = fm.year.or_else(|| date.map(|d| d.year));
                (year.map(|year| Date { year, month: None, day: None }), weight, date)
            }
            SortBy::Start => (fm.start.or(date), weight, None),
        };
        (Reverse(first), weight, Reverse(then), item.title_ref(), item.doc.content_path.as_str())
    });
}
