//! The data templates see, built once per build from the site model.
//!
//! Every item becomes one Tera value (its "summary": all fields but the body), and every
//! language gets one `site`, `strings` and `collections` value. Tera values share their
//! contents (`Arc`), so putting all collections into every page's context costs a few
//! pointer copies, not a copy of the site: no page render ever serialises the site again.
//!
//! docs/themes.md documents every field listed here; keep them in step.

use std::collections::BTreeMap;

use rayon::prelude::*;
use tera::Value;
use tera::value::Key;

use crate::config::Config;
use crate::config::theme::Theme;
use crate::content::{Kind, Role};
use crate::markdown::Rendered;
use crate::render::templates::CostlyFields;
use crate::site::{ItemId, Links, Section, Site};
use crate::util::date::Date;
use std::sync::Arc;

mod site;
mod summary;
use site::*;
pub(crate) use summary::*;

/// A map under construction: its fields in order, made into a Tera map once, at the end.
///
/// Tera offers no way to wrap a finished map into a value without inserting every entry
/// again (`Value::from(map)` rebuilds it), but its serializer builds a struct's map directly,
/// with static keys, and passes values through without copying their contents. Fields are
/// therefore collected here and serialised as one struct.
#[derive(Default)]
pub(crate) struct Obj(Vec<(&'static str, Value)>);

impl Obj {
    /// A map for about `fields` fields (so that it does not grow while being filled).
    pub(crate) fn with_capacity(fields: usize) -> Obj {
        Obj(Vec::with_capacity(fields))
    }

    /// Sets a field (a later value for the same name wins).
    pub(crate) fn set(&mut self, key: &'static str, value: impl Into<Value>) -> &mut Self {
        self.0.push((key, value.into()));
        self
    }

    /// The finished value.
    pub(crate) fn into_value(self) -> Value {
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
pub(crate) fn translation_link(config: &Config, lang: &str, url: String, title: String) -> Value {
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
pub(crate) fn collections_of(site: &Site, summaries: &[Value], lang: &str) -> Value {
    collections_value(site, summaries, lang)
}

fn present_word(theme: &Theme, lang: &str) -> String {
    theme
        .strings_for(lang)
        .get("present")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| if lang.starts_with("zh") { "至今".into() } else { "present".into() })
}

#[cfg(test)]
mod tests;
