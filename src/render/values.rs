//! The data templates see, built once per build from the site model.
//!
//! Every item becomes one Tera value (its "summary": all fields but the body), and every
//! language gets one `site`, `strings` and `collections` value. Tera values share their
//! contents (`Arc`), so putting all collections into every page's context costs a few
//! pointer copies, not a copy of the site: no page render ever serialises the site again.
//!
//! docs/themes.md documents every field listed here; keep them in step.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;
use tera::Value;
use tera::value::Key;

use crate::config::Config;
use crate::config::theme::Theme;
use crate::content::{Kind, PaperType, Role};
use crate::markdown::{Rendered, render_inline};
use crate::render::templates::CostlyFields;
use crate::site::{ItemId, Links, Section, Site};
use crate::util::date::{Date, period};
use std::sync::Arc;

/// A map under construction: its fields in order, made into a Tera map once, at the end.
///
/// Tera offers no way to wrap a finished map into a value without inserting every entry
/// again (`Value::from(map)` rebuilds it), but its serializer builds a struct's map directly,
/// with static keys, and passes values through without copying their contents. Fields are
/// therefore collected here and serialised as one struct.
#[derive(Default)]
pub struct Obj(Vec<(&'static str, Value)>);

impl Obj {
    /// A map for about `fields` fields (so that it does not grow while being filled).
    pub fn with_capacity(fields: usize) -> Obj {
        Obj(Vec::with_capacity(fields))
    }

    /// Sets a field (a later value for the same name wins).
    pub fn set(&mut self, key: &'static str, value: impl Into<Value>) -> &mut Self {
        self.0.push((key, value.into()));
        self
    }

    /// The finished value.
    pub fn into_value(self) -> Value {
        map_value(None, &self.0)
    }
}

/// A map value of `base`'s fields (if any) then `fields`, a later field replacing an earlier
/// one of the same name, built in one pass.
fn map_value(base: Option<&tera::Map>, fields: &[(&'static str, Value)]) -> Value {
    let merged = Fields { base, fields };
    Value::try_from_serializable(&merged).unwrap_or_else(|_| {
        // Not reached (every field is a value, every key a string); kept as a plain rebuild.
        let mut map = base.cloned().unwrap_or_default();
        map.extend(fields.iter().map(|(key, value)| (Key::Str(key), value.clone())));
        Value::from(map)
    })
}

struct Fields<'a> {
    base: Option<&'a tera::Map>,
    fields: &'a [(&'static str, Value)],
}

impl serde::Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let base_len = self.base.map_or(0, |base| base.len());
        let mut map = serializer.serialize_struct("", base_len + self.fields.len())?;
        for (key, value) in self.base.into_iter().flatten() {
            if let Key::Str(name) = key
                && !self.fields.iter().any(|(field, _)| field == name)
            {
                map.serialize_field(name, value)?;
            }
        }
        for (name, value) in self.fields {
            map.serialize_field(name, value)?;
        }
        map.end()
    }
}

fn opt_str(value: &Option<String>) -> Value {
    Value::from(value.as_deref())
}

fn strings_list(values: &Option<Vec<String>>) -> Value {
    Value::from(values.iter().flatten().map(|s| Value::from(s.as_str())).collect::<Vec<_>>())
}

fn date_value(date: Option<Date>) -> Value {
    Value::from(date.map(|d| d.iso()))
}

/// All values of one build.
#[derive(Clone)]
pub struct Values {
    /// Summary of each item, by id.
    pub summaries: Vec<Value>,
    /// Per language: `site`, `strings`, `collections`.
    pub languages: BTreeMap<String, LanguageValues>,
    /// Per-build data summaries share.
    shared: Arc<Shared>,
}

/// The per-language values every page gets.
#[derive(Clone)]
pub struct LanguageValues {
    /// `site`.
    pub site: Value,
    /// `strings`.
    pub strings: Value,
    /// `collections` (none until [`Values::complete`], for values made
    /// [`Values::without_summaries`]).
    pub collections: Value,
    /// `profile`: the home page's value (bio, interests, ...), on every page.
    pub profile: Value,
}

impl Values {
    /// Builds every value of `site`.
    ///
    /// With `previous` (the site and values before an edit), the summary of every item whose
    /// document, URL and kind are unchanged is reused.
    pub fn new(
        site: &Site,
        theme: &Theme,
        named: CostlyFields,
        previous: Option<(&Site, &Values)>,
    ) -> Values {
        let shared = Arc::new(Shared::new(site, theme, named));
        let summaries: Vec<Value> = (0..site.items.len())
            .into_par_iter()
            .with_max_len(crate::ITEMS_PER_TASK)
            .map(|id| {
                let item = &site.items[id];
                let reusable = previous.and_then(|(old_site, old_values)| {
                    let old_id = *old_site.by_content_path.get(&item.doc.content_path)?;
                    let old = &old_site.items[old_id];
                    // A template edit may name a field the old summaries left out.
                    let same = old_values.shared.named == shared.named
                        && Arc::ptr_eq(&old.doc, &item.doc)
                        && old.path == item.path
                        && item.doc.role != Role::SectionIndex
                        && Arc::ptr_eq(&old.rendered, &item.rendered)
                        && old.cite_key == item.cite_key;
                    same.then(|| old_values.summaries[old_id].clone())
                });
                reusable.unwrap_or_else(|| item_summary(site, &shared, id))
            })
            .collect();
        let mut values = Values { summaries, languages: BTreeMap::new(), shared };
        values.languages = language_values(site, theme, &values);
        values.set_collections(site);
        values
    }

    /// Values whose item summaries are made later, while the pages that need no other
    /// item's summary render (see [`Values::summary`], [`Values::complete`]). Until then
    /// only the home pages have a summary, and `collections` is missing.
    pub fn without_summaries(site: &Site, theme: &Theme, named: CostlyFields) -> Values {
        let shared = Arc::new(Shared::new(site, theme, named));
        let mut summaries = vec![Value::none(); site.items.len()];
        // Every page shows the profile: the home page's value.
        for &id in site.homes.values() {
            summaries[id] = item_summary(site, &shared, id);
        }
        let mut values = Values { summaries, languages: BTreeMap::new(), shared };
        values.languages = language_values(site, theme, &values);
        values
    }

    /// The summary of item `id` as [`Values::new`] would make it, made now (for values made
    /// [`Values::without_summaries`], or an item whose front matter changed since).
    pub fn summary(&self, site: &Site, id: ItemId) -> Value {
        item_summary(site, &self.shared, id)
    }

    /// Completes [`Values::without_summaries`]: `made` holds the summaries made meanwhile;
    /// the others are made now, then every language's `collections`.
    pub fn complete(&mut self, site: &Site, made: Vec<(ItemId, Value)>) {
        for (id, summary) in made {
            self.summaries[id] = summary;
        }
        let shared = &self.shared;
        self.summaries.par_iter_mut().enumerate().for_each(|(id, summary)| {
            if summary.is_none() {
                *summary = item_summary(site, shared, id);
            }
        });
        self.set_collections(site);
    }

    /// Every language's `collections`, from the summaries.
    fn set_collections(&mut self, site: &Site) {
        for (lang, language) in &mut self.languages {
            language.collections = collections_value(site, &self.summaries, lang);
        }
    }

    /// The full value of a page: its summary plus content, table of contents and translations.
    pub fn page(&self, site: &Site, id: ItemId) -> Value {
        self.page_with(site, id, &self.summaries[id], &site.items[id].rendered)
    }

    /// [`Values::page`] from the item's `summary`, with the body rendered as `rendered`
    /// (for a deferred body).
    pub fn page_with(
        &self,
        site: &Site,
        id: ItemId,
        summary: &Value,
        rendered: &Rendered,
    ) -> Value {
        let item = &site.items[id];
        let named = self.shared.named;
        let lead = if named.lead || named.json_ld {
            crate::markdown::lead(&rendered.html)
        } else {
            String::new()
        };
        let json_ld = match item.doc.kind {
            _ if !named.json_ld => None,
            Kind::Profile => crate::render::jsonld::person(site, &item.doc.lang),
            _ => crate::render::jsonld::item(site, id, &lead),
        };
        let toc: Vec<Value> = if named.toc {
            rendered
                .toc
                .iter()
                .map(|h| {
                    let mut heading = Obj::with_capacity(3);
                    heading
                        .set("level", h.level)
                        .set("id", h.id.as_str())
                        .set("title", h.title.as_str());
                    heading.into_value()
                })
                .collect()
        } else {
            Vec::new()
        };
        let page_fields = [
            ("content", Value::safe_string(&rendered.html)),
            ("lead", Value::from(lead)),
            (
                "json_ld",
                Value::from(
                    json_ld.map(|v| Value::safe_string(&crate::render::jsonld::script_safe(&v))),
                ),
            ),
            ("toc", Value::from(toc)),
        ];
        map_value(summary.as_map(), &page_fields)
    }

    /// `[{lang, url, title}]` for the other-language versions of item `id`.
    pub fn translations(&self, site: &Site, id: ItemId) -> Value {
        Value::from(
            site.translations_of(id)
                .map(|other| {
                    let item = &site.items[other];
                    translation_link(
                        &site.config,
                        &item.doc.lang,
                        Links::url_of(&site.config, &item.path),
                        item.title(),
                    )
                })
                .collect::<Vec<_>>(),
        )
    }

    /// A list of item summaries.
    pub fn list(&self, ids: &[ItemId]) -> Value {
        Value::from(ids.iter().map(|&id| self.summaries[id].clone()).collect::<Vec<_>>())
    }

    /// The value of a section's list page.
    pub fn section(&self, site: &Site, section: &Section, items: &[ItemId]) -> Value {
        let config = &site.config;
        let mut value = Obj::default();
        let index = section.index.map(|id| &site.items[id]);
        let title = index
            .and_then(|item| item.doc.front.title.clone())
            .unwrap_or_else(|| section.name.clone());
        value
            .set("name", section.name.clone())
            .set("kind", section.kind.name())
            .set("lang", section.lang.clone())
            .set("title", title)
            .set("description", index.and_then(|item| item.doc.front.description.clone()))
            .set(
                "content",
                Value::safe_string(index.map(|item| item.rendered.html.as_str()).unwrap_or("")),
            )
            .set(
                "extra",
                Value::from_serializable(
                    &index.and_then(|item| item.doc.front.extra.clone()).unwrap_or_default(),
                ),
            )
            .set("url", Links::url_of(config, &section.path))
            .set("permalink", Links::permalink_of(config, &section.path))
            .set("items", self.list(items))
            .set("total", section.items.len());
        if section.kind == Kind::Paper {
            value.set("by_type", papers_by_type(site, &self.summaries, items));
            value.set("by_year", papers_by_year(site, &self.summaries, items));
        }
        value.into_value()
    }
}

/// `{lang, url, title, name}` for a link to a page in another language.
pub fn translation_link(config: &Config, lang: &str, url: String, title: String) -> Value {
    let mut link = Obj::default();
    let origin = config
        .base_url
        .trim_end_matches('/')
        .trim_end_matches(config.base_path.trim_end_matches('/'));
    link.set("lang", lang.to_string())
        .set("permalink", format!("{origin}{url}"))
        .set("url", url)
        .set("title", title)
        .set("name", config.language(lang).map(|l| l.title.clone()).unwrap_or_default());
    link.into_value()
}

/// Every language's `site`, `strings` and `profile`; `collections` is set apart, once every
/// summary is made (`Values::set_collections`).
fn language_values(
    site: &Site,
    theme: &Theme,
    values: &Values,
) -> BTreeMap<String, LanguageValues> {
    site.config
        .languages
        .iter()
        .map(|language| {
            let lang = language.code.as_str();
            let strings = theme.strings_for(lang);
            let language_values = LanguageValues {
                site: site_value(site, theme, &site.links, lang),
                strings: Value::from_serializable(&strings),
                collections: Value::none(),
                profile: match site.homes.get(lang) {
                    Some(&id) => values.page(site, id),
                    None => default_profile(site, lang),
                },
            };
            (lang.to_string(), language_values)
        })
        .collect()
}

fn extra_value(extra: Option<&serde_json::Map<String, serde_json::Value>>) -> Value {
    match extra {
        Some(extra) if !extra.is_empty() => Value::from_serializable(extra),
        _ => Value::from(BTreeMap::<String, Value>::new()),
    }
}

/// The `collections` value of one language, as [`Values::new`] would build it.
pub fn collections_of(site: &Site, summaries: &[Value], lang: &str) -> Value {
    collections_value(site, summaries, lang)
}

fn present_word(theme: &Theme, lang: &str) -> String {
    theme
        .strings_for(lang)
        .get("present")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| if lang.starts_with("zh") { "至今".into() } else { "present".into() })
}

/// What many summaries share, computed once per build: the word for "present" per
/// language, each tag's value and each section's URL.
struct Shared {
    present: BTreeMap<String, String>,
    /// Language → tag name as written → tag value.
    tags: FxHashMap<String, FxHashMap<String, Value>>,
    /// Language → section folder → URL.
    section_urls: FxHashMap<String, FxHashMap<String, String>>,
    /// Paper authors as written (with their marks), parsed once: a researcher's papers
    /// share most of their authors, the owner first of all.
    authors: FxHashMap<String, (Author, Value)>,
    /// Which costly fields the theme's templates name: the others are left `none` (or `""`,
    /// `[]`) instead of being made for every page.
    named: CostlyFields,
}

impl Shared {
    fn new(site: &Site, theme: &Theme, named: CostlyFields) -> Shared {
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

fn author_variants(site: &Site) -> &[String] {
    site.config.author.as_ref().map(|a| a.name_variants.as_slice()).unwrap_or(&[])
}

fn item_summary(site: &Site, shared: &Shared, id: ItemId) -> Value {
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
        Kind::Paper => {
            let variants = author_variants(site);
            let (authors, author_values): (Vec<Author>, Vec<Value>) =
                fm.authors.iter().flatten().map(|name| shared.author(name, variants)).unzip();
            // Co-first authors: the owner is marked `*` and so is the first author.
            let first = authors.first().is_some_and(|a| a.me)
                || (authors.first().is_some_and(|a| a.equal)
                    && authors.iter().any(|a| a.me && a.equal));
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
                .set(
                    "links",
                    links_value(fm.links.as_ref(), &crate::content::front_matter::PAPER_LINKS),
                )
                .set("image", image_url(config, item))
                .set("image_alt", opt_str(&fm.image_alt))
                .set("featured", fm.featured.unwrap_or(false))
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
        Kind::Project | Kind::Job | Kind::Education => {
            v.set("organization", opt_str(&fm.organization))
                .set("role", opt_str(&fm.role))
                .set("department", opt_str(&fm.department))
                .set("location", opt_str(&fm.location))
                .set("summary", opt_str(&fm.summary))
                .set("school", opt_str(&fm.school))
                .set("degree", opt_str(&fm.degree))
                .set("field", opt_str(&fm.field))
                .set("gpa", opt_str(&fm.gpa))
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
                .set("links", links_value(fm.links.as_ref(), &[]));
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
        Kind::Profile => {
            v.set("tagline", opt_str(&fm.tagline))
                .set("interests", strings_list(&fm.interests))
                .set("skills", Value::from_serializable(&fm.skills.clone().unwrap_or_default()))
                .set(
                    "highlights",
                    Value::from(
                        fm.highlights
                            .iter()
                            .flatten()
                            .map(|h| Value::safe_string(&render_inline(h)))
                            .collect::<Vec<_>>(),
                    ),
                )
                .set("open_to", opt_str(&fm.open_to))
                .set("publications_summary", opt_str(&fm.publications_summary).clone());
        }
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

/// An author of a paper, with the marks taken off the name.
#[derive(Clone)]
struct Author {
    name: String,
    me: bool,
    equal: bool,
    corresponding: bool,
    others: bool,
}

impl Author {
    fn parse(raw: &str, variants: &[String]) -> Author {
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
            others: name.eq_ignore_ascii_case("others") || name == "et al." || name == "等",
            name: name.to_string(),
            equal,
            corresponding,
        }
    }

    fn value(&self) -> Value {
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

fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && *c != '.').flat_map(char::to_lowercase).collect()
}

fn links_value(links: Option<&BTreeMap<String, String>>, order: &[&str]) -> Value {
    let Some(links) = links else { return Value::from(Vec::<Value>::new()) };
    let rank = |name: &str| order.iter().position(|o| *o == name).unwrap_or(usize::MAX);
    let mut names: Vec<&String> = links.keys().collect();
    names.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
    Value::from(
        names
            .into_iter()
            .map(|name| {
                let mut link = Obj::default();
                link.set("name", name.clone()).set("url", links[name].clone());
                link.into_value()
            })
            .collect::<Vec<_>>(),
    )
}

/// The URL of a file under static/ (or an absolute URL unchanged).
/// The URL of an item's front matter `image` (a file of the site, or a remote URL).
fn image_url(config: &Config, item: &crate::site::Item) -> Option<String> {
    match (&item.image, &item.doc.front.image) {
        (Some(output_path), _) => Some(format!("{}{output_path}", config.base_path)),
        (None, Some(remote)) => Some(remote.clone()),
        (None, None) => None,
    }
}

/// The URL of a file given by its path from the output root (`avatar.svg`), or `path`
/// itself when it is a remote URL.
pub fn asset_url(config: &Config, path: &str) -> String {
    if path.contains("://") || path.starts_with("data:") {
        return path.to_string();
    }
    format!("{}{}", config.base_path, path.trim_start_matches('/'))
}

fn site_value(site: &Site, theme: &Theme, links: &Links, lang: &str) -> Value {
    let config = &site.config;
    let default = &config.default_language;
    let language = config.language(lang);
    let mut v = Obj::default();
    v.set("title", language.map(|l| l.title.clone()).unwrap_or_default())
        .set("description", language.map(|l| l.description.clone()).unwrap_or_default())
        .set("base_url", config.base_url.clone())
        .set("base_path", config.base_path.clone())
        .set("lang", lang.to_string())
        .set("default_language", default.clone())
        .set("generator", format!("folio {}", env!("CARGO_PKG_VERSION")))
        .set("extra", Value::from_serializable(&config.extra))
        .set("theme_extra", Value::from_serializable(&theme.extra))
        .set("sitemap_url", format!("{}sitemap.xml", config.base_url))
        .set("home_url", Links::url_of(config, &config.language_prefix(lang)))
        .set(
            "tags_url",
            site.tags
                .iter()
                .any(|tag| tag.lang == lang)
                .then(|| Links::url_of(config, &format!("{}tags/", config.language_prefix(lang)))),
        )
        .set(
            "search_url",
            (config.outputs.search && theme.has_template("search.html")).then(|| {
                Links::url_of(config, &format!("{}search/", config.language_prefix(lang)))
            }),
        )
        .set(
            "feed_url",
            crate::render::has_feed(site, lang).then(|| {
                Links::url_of(config, &format!("{}atom.xml", config.language_prefix(lang)))
            }),
        )
        .set(
            "languages",
            Value::from(
                config
                    .languages
                    .iter()
                    .map(|l| {
                        let mut entry = Obj::default();
                        entry
                            .set("code", l.code.clone())
                            .set("title", l.title.clone())
                            .set("url", Links::url_of(config, &config.language_prefix(&l.code)))
                            .set("current", l.code == lang);
                        entry.into_value()
                    })
                    .collect::<Vec<_>>(),
            ),
        )
        .set(
            "menu",
            Value::from(
                language
                    .map(|l| l.menu.as_slice())
                    .unwrap_or(&[])
                    .iter()
                    .map(|entry| {
                        let external =
                            entry.url.contains("://") || entry.url.starts_with("mailto:");
                        let url = if external {
                            entry.url.clone()
                        } else if let Some(target) = entry.url.strip_prefix("@/") {
                            links.resolve(target, lang).unwrap_or_else(|_| entry.url.clone())
                        } else {
                            Links::url_of(
                                config,
                                &format!(
                                    "{}{}",
                                    config.language_prefix(lang),
                                    entry.url.trim_start_matches('/')
                                ),
                            )
                        };
                        let mut item = Obj::default();
                        item.set("name", entry.name.clone())
                            .set("url", url)
                            .set("external", external);
                        item.into_value()
                    })
                    .collect::<Vec<_>>(),
            ),
        );
    let author = config.author.as_ref().map(|author| {
        let mut a = Obj::default();
        a.set("name", author.name.get(lang, default).to_string())
            .set("name_variants", Value::from(author.name_variants.clone()))
            .set("email", opt_str(&author.email))
            .set(
                "affiliation",
                author.affiliation.as_ref().map(|aff| aff.get(lang, default).to_string()),
            )
            .set("avatar", author.avatar.as_ref().map(|path| asset_url(config, path)))
            .set("profiles", Value::from_serializable(&author.profiles));
        a.into_value()
    });
    v.set("author", author);
    v.into_value()
}

fn collections_value(site: &Site, summaries: &[Value], lang: &str) -> Value {
    const KINDS: [(Kind, &str); 7] = [
        (Kind::Paper, "papers"),
        (Kind::Project, "projects"),
        (Kind::Job, "jobs"),
        (Kind::Education, "education"),
        (Kind::Award, "awards"),
        (Kind::Post, "posts"),
        (Kind::Page, "pages"),
    ];
    let ordered: Vec<Vec<ItemId>> =
        KINDS.par_iter().map(|(kind, _)| site.collection(*kind, lang)).collect();
    let mut v = Obj::default();
    for ((_, name), ids) in KINDS.iter().zip(&ordered) {
        v.set(name, Value::from(ids.iter().map(|&id| summaries[id].clone()).collect::<Vec<_>>()));
    }
    let papers = &ordered[0];
    v.set("papers_by_type", papers_by_type(site, summaries, papers))
        .set("papers_by_year", papers_by_year(site, summaries, papers));
    v.into_value()
}

fn papers_by_type(site: &Site, summaries: &[Value], ids: &[ItemId]) -> Value {
    let groups: Vec<Value> = PaperType::ALL
        .iter()
        .filter_map(|paper_type| {
            let members: Vec<Value> = ids
                .iter()
                .filter(|&&id| site.items[id].doc.front.r#type == Some(*paper_type))
                .map(|&id| summaries[id].clone())
                .collect();
            if members.is_empty() {
                return None;
            }
            let mut group = Obj::default();
            group.set("type", paper_type.name()).set("items", Value::from(members));
            Some(group.into_value())
        })
        .collect();
    Value::from(groups)
}

fn papers_by_year(site: &Site, summaries: &[Value], ids: &[ItemId]) -> Value {
    let mut groups: Vec<(Option<u16>, Vec<Value>)> = Vec::new();
    for &id in ids {
        let year = site.items[id].sort_date().map(|d| d.year);
        match groups.last_mut() {
            Some((last, members)) if *last == year => members.push(summaries[id].clone()),
            _ => groups.push((year, vec![summaries[id].clone()])),
        }
    }
    Value::from(
        groups
            .into_iter()
            .map(|(year, members)| {
                let mut group = Obj::default();
                group.set("year", year).set("items", Value::from(members));
                group.into_value()
            })
            .collect::<Vec<_>>(),
    )
}

fn default_profile(site: &Site, lang: &str) -> Value {
    let config = &site.config;
    let mut v = Obj::default();
    let title = config.language(lang).map(|l| l.title.clone()).unwrap_or_default();
    v.set("kind", Kind::Profile.name())
        .set("lang", lang.to_string())
        .set("title", title)
        .set("description", None::<String>)
        .set("content", Value::safe_string(""))
        .set("tagline", None::<String>)
        .set("interests", Value::from(Vec::<Value>::new()))
        .set("skills", Value::from(Vec::<Value>::new()))
        .set("highlights", Value::from(Vec::<Value>::new()))
        .set("open_to", None::<String>)
        .set("publications_summary", None::<String>)
        .set("toc", Value::from(Vec::<Value>::new()))
        .set("lead", "")
        .set(
            "json_ld",
            crate::render::jsonld::person(site, lang)
                .map(|v| Value::safe_string(&crate::render::jsonld::script_safe(&v))),
        )
        .set("extra", Value::from(std::collections::BTreeMap::<String, Value>::new()))
        .set("url", Links::url_of(config, &config.language_prefix(lang)));
    v.into_value()
}
