//! One template value per item summary: what every list, feed and CV entry shows of an item.

use crate::config::Config;
use crate::config::theme::Theme;
use crate::content::{Kind, Role};
use crate::render::templates::CostlyFields;
use crate::site::{ItemId, Links, Site};
use crate::util::date::period;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use tera::Value;

use super::*;

/// What many summaries share, computed once per build: the word for "present" per
/// language, each tag's value and each section's URL.
pub(super) struct Shared {
    pub(super) present: BTreeMap<String, String>,
    /// Language → tag name as written → tag value.
    pub(super) tags: FxHashMap<String, FxHashMap<String, Value>>,
    /// Language → section folder → URL.
    pub(super) section_urls: FxHashMap<String, FxHashMap<String, String>>,
    /// Paper authors as written (with their marks), parsed once: a researcher's papers
    /// share most of their authors, the owner first of all.
    pub(super) authors: FxHashMap<String, (Author, Value)>,
    /// Which costly fields the theme's templates name: the others are left `none` (or `""`,
    /// `[]`) instead of being made for every page.
    pub(super) named: CostlyFields,
}

impl Shared {
    pub(super) fn new(site: &Site, theme: &Theme, named: CostlyFields) -> Shared {
        let config = &site.config;
        let present = config
            .languages
            .iter()
            .map(|l| (l.code.clone(), present_word(theme, &l.code)))
            .collect();
        // Each distinct (language, tag as written), found in parallel.
        let tag_names: FxHashSet<(&str, &str)> = site
            .items
            .par_iter()
            .with_max_len(crate::ITEMS_PER_TASK)
            .fold(FxHashSet::default, |mut names, item| {
                let lang = item.doc.lang.as_str();
                names
                    .extend(item.doc.front.tags.iter().flatten().map(|name| (lang, name.as_str())));
                names
            })
            .reduce(FxHashSet::default, |mut names, more| {
                names.extend(more);
                names
            });
        let mut tags: FxHashMap<String, FxHashMap<String, Value>> = FxHashMap::default();
        for (lang, name) in tag_names {
            let slug = crate::util::slug::slugify(name);
            let mut tag = Obj::default();
            tag.set("name", name.to_string())
                .set(
                    "url",
                    Links::url_of(config, &format!("{}tags/{slug}/", config.language_prefix(lang))),
                )
                .set("slug", slug);
            tags.entry(lang.to_string()).or_default().insert(name.to_string(), tag.into_value());
        }
        let mut section_urls: FxHashMap<String, FxHashMap<String, String>> = FxHashMap::default();
        for section in &site.sections {
            section_urls
                .entry(section.lang.clone())
                .or_default()
                .insert(section.name.clone(), Links::url_of(config, &section.path));
        }
        let variants = author_variants(site);
        let mut names: Vec<&str> = site
            .items
            .iter()
            .filter(|item| item.doc.kind == Kind::Paper)
            .flat_map(|item| item.doc.front.authors.iter().flatten().map(String::as_str))
            .collect();
        names.par_sort_unstable();
        names.dedup();
        let authors = names
            .into_par_iter()
            .map(|raw| {
                let author = Author::parse(raw, variants);
                let value = author.value();
                (raw.to_string(), (author, value))
            })
            .collect();
        Shared { present, tags, section_urls, authors, named }
    }

    /// Author `raw` of a paper, parsed (at once if the paper is newer than these values).
    fn author(&self, raw: &str, variants: &[String]) -> (Author, Value) {
        self.authors.get(raw).cloned().unwrap_or_else(|| {
            let author = Author::parse(raw, variants);
            let value = author.value();
            (author, value)
        })
    }
}

pub(super) fn author_variants(site: &Site) -> &[String] {
    site.config.author.as_ref().map(|a| a.name_variants.as_slice()).unwrap_or(&[])
}

// Long because it is one field per key of an item summary (docs/themes.md); the
// kind-specific fields are in the functions below.
pub(super) fn item_summary(site: &Site, shared: &Shared, id: ItemId) -> Value {
    let config = &site.config;
    let item = &site.items[id];
    let doc = &item.doc;
    let fm = &doc.front;
    let lang = doc.lang.as_str();
    let present = shared.present.get(lang).map(String::as_str).unwrap_or("present");
    // Up to 37 fields (projects, jobs, education): filled without growing.
    let mut v = Obj::with_capacity(40);
    v.set("kind", doc.kind.name())
        .set("lang", doc.lang.as_str())
        .set("section", doc.section.as_deref())
        .set("key", doc.key.as_str())
        .set("file", doc.content_path.as_str())
        .set("url", Links::url_of(config, &item.path))
        .set("permalink", Links::permalink_of(config, &item.path))
        .set("slug", item.slug.as_str())
        .set("title", item.title())
        .set("description", opt_str(&fm.description))
        .set("excerpt", item.rendered.summary.clone().map(|s| Value::safe_string(&s)))
        .set("draft", fm.draft.unwrap_or(false))
        .set("weight", fm.weight)
        .set("extra", extra_value(fm.extra.as_ref()))
        .set(
            "tags",
            Value::from(
                fm.tags
                    .iter()
                    .flatten()
                    .filter_map(|name| shared.tags.get(lang)?.get(name).cloned())
                    .collect::<Vec<_>>(),
            ),
        );
    // Bodies of the kinds a CV lists in full are short: lists carry them (as `content`).
    if shared.named.list_content && doc.kind.listed_in_full() {
        let page_url = Links::url_of(config, &item.path);
        v.set(
            "content",
            Value::safe_string(&crate::markdown::without_ids(&item.rendered.html, &page_url)),
        );
    }
    let section_url = doc
        .section
        .as_ref()
        .filter(|_| doc.role == Role::Item)
        .and_then(|section| shared.section_urls.get(lang)?.get(section).cloned());
    v.set("section_url", section_url);
    let date = fm.date.or(if doc.kind == Kind::Paper { None } else { fm.start });
    v.set("date", date_value(fm.date)).set("date_display", date.map(|d| d.display(lang)));

    match doc.kind {
        Kind::Paper => paper_fields(&mut v, site, shared, id),
        Kind::Project | Kind::Job | Kind::Education | Kind::Volunteer => {
            role_fields(&mut v, site, id, present)
        }
        Kind::Talk | Kind::Teaching | Kind::Service => {
            role_fields(&mut v, site, id, present);
            v.set("event", opt_str(&fm.event))
                .set("term", opt_str(&fm.term))
                .set("venue", opt_str(&fm.venue));
        }
        Kind::Certificate => {
            v.set("issuer", opt_str(&fm.issuer)).set("website", opt_str(&fm.website));
        }
        Kind::Award => {
            v.set("issuer", opt_str(&fm.issuer))
                .set("rank", opt_str(&fm.rank))
                .set("field_size", fm.field_size)
                .set("level", opt_str(&fm.level));
        }
        Kind::Post => {
            v.set("updated", date_value(fm.updated))
                .set("updated_display", fm.updated.map(|d| d.display(lang)));
        }
        Kind::Profile => super::site::profile_fields(&mut v, fm),
        Kind::Section => {
            let kind = site
                .sections
                .iter()
                .find(|s| Some(id) == s.index)
                .map(|s| s.kind)
                .unwrap_or(Kind::Page);
            v.set("item_kind", kind.name());
        }
        Kind::Page => {}
    }
    v.into_value()
}

/// A paper's fields: authors with marks, venue, status, links, picture, BibTeX.
fn paper_fields(v: &mut Obj, site: &Site, shared: &Shared, id: ItemId) {
    let config = &site.config;
    let item = &site.items[id];
    let fm = &item.doc.front;
    let variants = author_variants(site);
    let (authors, author_values): (Vec<Author>, Vec<Value>) =
        fm.authors.iter().flatten().map(|name| shared.author(name, variants)).unzip();
    // Co-first authors: the owner is marked `*` and so is the first author.
    let first = authors.first().is_some_and(|a| a.me)
        || (authors.first().is_some_and(|a| a.equal) && authors.iter().any(|a| a.me && a.equal));
    v.set("first_author", first)
        .set("authors", Value::from(author_values))
        .set("venue", opt_str(&fm.venue))
        .set("type", fm.r#type.map(|t| t.name()))
        .set("year", fm.year)
        .set(
            "status",
            fm.status
                .map(|s| Value::from_serializable(&s))
                .unwrap_or_else(|| Value::from("published")),
        )
        .set("badges", strings_list(&fm.badges))
        .set("abbr", opt_str(&fm.abbr))
        .set("month", fm.month)
        .set(
            "links",
            links_value(
                fm.links.as_ref(),
                &crate::content::front_matter::PAPER_LINKS,
                &files_url(config, item),
            ),
        )
        .set("image", image_url(config, item))
        .set("image_alt", opt_str(&fm.image_alt))
        .set("featured", fm.featured.unwrap_or(false))
        .set("title_is_description", fm.title_is_description.unwrap_or(false))
        .set("citable", fm.citable())
        .set(
            "bibtex",
            item.cite_key
                .as_deref()
                .filter(|_| shared.named.bibtex)
                .map(|key| crate::render::bibtex::item_entry(site, id, key)),
        )
        .set("bibtex_key", item.cite_key.clone())
        .set(
            "bibtex_url",
            Links::url_of(config, &format!("{}.bib", item.path.trim_end_matches('/'))),
        );
}

/// The fields of projects, jobs and degrees: organisation, role, school, period.
fn role_fields(v: &mut Obj, site: &Site, id: ItemId, present: &str) {
    let config = &site.config;
    let item = &site.items[id];
    let fm = &item.doc.front;
    let lang = item.doc.lang.as_str();
    v.set("organization", opt_str(&fm.organization))
        .set("role", opt_str(&fm.role))
        .set("department", opt_str(&fm.department))
        .set("location", opt_str(&fm.location))
        .set("summary", opt_str(&fm.summary))
        .set("school", opt_str(&fm.school))
        .set("degree", opt_str(&fm.degree))
        .set("field", opt_str(&fm.field))
        .set("gpa", opt_str(&fm.gpa))
        .set("courses", strings_list(&fm.courses))
        .set("website", opt_str(&fm.website))
        .set("start", date_value(fm.start))
        .set("end", fm.end.map(|e| Value::from_serializable(&e)))
        .set("period", {
            let text = period(fm.start.or(fm.date), fm.end, lang, present);
            if text.is_empty() { Value::from(None::<String>) } else { Value::from(text) }
        })
        .set("current", item.is_current())
        .set("featured", fm.featured.unwrap_or(false))
        .set("image", image_url(config, item))
        .set("image_alt", opt_str(&fm.image_alt))
        .set("links", links_value(fm.links.as_ref(), &[], &files_url(config, item)));
}

/// An author of a paper, with the marks taken off the name.
#[derive(Clone)]
pub(super) struct Author {
    name: String,
    me: bool,
    equal: bool,
    corresponding: bool,
    others: bool,
}

impl Author {
    pub(super) fn parse(raw: &str, variants: &[String]) -> Author {
        let mut name = raw.trim();
        let mut equal = false;
        let mut corresponding = false;
        loop {
            if let Some(rest) = name.strip_suffix('*') {
                equal = true;
                name = rest.trim_end();
            } else if let Some(rest) = name.strip_suffix('†') {
                corresponding = true;
                name = rest.trim_end();
            } else {
                break;
            }
        }
        let normalized = normalize_name(name);
        Author {
            me: variants.iter().any(|v| normalize_name(v) == normalized),
            others: crate::content::front_matter::stands_for_unnamed(name),
            name: name.to_string(),
            equal,
            corresponding,
        }
    }

    pub(super) fn value(&self) -> Value {
        let mut author = Obj::default();
        author
            .set("name", self.name.clone())
            .set("me", self.me)
            .set("equal", self.equal)
            .set("corresponding", self.corresponding)
            .set("others", self.others);
        author.into_value()
    }
}

pub(super) fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && *c != '.').flat_map(char::to_lowercase).collect()
}

/// The URL of the folder an item's Markdown file is in, where the files beside it are
/// published (`content/papers/x.md` → `/papers/`).
fn files_url(config: &Config, item: &crate::site::Item) -> String {
    let content_path = &item.doc.content_path;
    let folder = content_path.rfind('/').map_or("", |slash| &content_path[..=slash]);
    Links::url_of(config, folder)
}

/// The links of an item in `order`, then by name; a link to a file beside the item's text
/// (`paper.pdf`) is made absolute from `base`, the URL of the item's folder, so it works on
/// lists too.
pub(super) fn links_value(
    links: Option<&BTreeMap<String, String>>,
    order: &[&str],
    base: &str,
) -> Value {
    let Some(links) = links else { return Value::from(Vec::<Value>::new()) };
    let rank = |name: &str| order.iter().position(|o| *o == name).unwrap_or(usize::MAX);
    let mut names: Vec<&String> = links.keys().collect();
    names.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
    Value::from(
        names
            .into_iter()
            .map(|name| {
                let mut link = Obj::default();
                let url = &links[name];
                let relative =
                    !url.contains(':') && !url.starts_with(['/', '#', '?']) && !url.is_empty();
                let url = if relative { format!("{base}{url}") } else { url.clone() };
                link.set("name", name.clone()).set("url", url);
                link.into_value()
            })
            .collect::<Vec<_>>(),
    )
}

/// The URL of an item's front matter `image` (a file of the site, or a remote URL).
pub(super) fn image_url(config: &Config, item: &crate::site::Item) -> Option<String> {
    match (&item.image, &item.doc.front.image) {
        (Some(output_path), _) => Some(format!("{}{output_path}", config.base_path)),
        (None, Some(remote)) => Some(remote.clone()),
        (None, None) => None,
    }
}

/// The URL of a file given by its path from the output root (`avatar.svg`), or `path`
/// itself when it is a remote URL.
pub(crate) fn asset_url(config: &Config, path: &str) -> String {
    if path.contains("://") || path.starts_with("data:") {
        return path.to_string();
    }
    format!("{}{}", config.base_path, path.trim_start_matches('/'))
}
