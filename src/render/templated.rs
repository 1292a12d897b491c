//! The pages rendered through a template that are not an item's own page: home, section
//! lists, tags, the 404 page and the search page.

use tera::Value;

use crate::error::Diagnostic;
use crate::render::templates::Templates;
use crate::render::values::{Obj, Values, translation_link};
use crate::site::{Links, Site};

use super::Output;
use super::pages::{
    base_context, home_translations, html, insert_location, insert_preview, other_language_paths,
    paginator,
};
use super::previews::PreviewOf;

/// What every templated page is rendered from.
#[derive(Clone, Copy)]
pub(super) struct Pages<'a> {
    pub(super) site: &'a Site,
    pub(super) values: &'a Values,
    pub(super) templates: &'a Templates,
}

impl Pages<'_> {
    /// The home page of `lang`.
    pub(super) fn home(&self, lang: &str) -> Result<Output, Vec<Diagnostic>> {
        let Pages { site, values, templates } = *self;
        let config = &site.config;
        let home = site.homes.get(lang).copied();
        let mut context = base_context(values, lang);
        let page =
            values.languages.get(lang).map(|l| l.profile.clone()).unwrap_or_else(Value::none);
        context.insert_value("page", page);
        context.insert_value("translations", home_translations(site, lang));
        let path = config.language_prefix(lang);
        insert_location(&mut context, site, &path);
        insert_preview(&mut context, site, templates, &PreviewOf::Home(lang.to_string()));
        let template = home
            .and_then(|id| site.items[id].doc.front.template.clone())
            .unwrap_or_else(|| "index.html".into());
        let file = home
            .map(|id| site.items[id].doc.file.display().to_string())
            .unwrap_or_else(|| "the home page".into());
        html(templates, &template, &context, &file, format!("{path}index.html"))
    }

    /// Page `number` of section list `index`.
    pub(super) fn section(&self, index: usize, number: usize) -> Result<Output, Vec<Diagnostic>> {
        let Pages { site, values, templates } = *self;
        let config = &site.config;
        let section = &site.sections[index];
        let lang = &section.lang;
        let size = section.page_size();
        let start = (number - 1) * size;
        let end = (start + size).min(section.items.len());
        let mut context = base_context(values, lang);
        context.insert_value("section", values.section(site, section, &section.items[start..end]));
        context.insert_value("paginator", paginator(site, index, number));
        let translations: Vec<Value> = site
            .sections
            .iter()
            .filter(|other| other.name == section.name && other.lang != section.lang)
            .map(|other| {
                let title = other
                    .index
                    .and_then(|id| site.items[id].doc.front.title.clone())
                    .unwrap_or_else(|| other.name.clone());
                translation_link(config, &other.lang, Links::url_of(config, &other.path), title)
            })
            .collect();
        context.insert_value("translations", Value::from(translations));
        let path = section.page_path(number);
        insert_location(&mut context, site, &path);
        insert_preview(&mut context, site, templates, &PreviewOf::Section(index));
        let template = section
            .index
            .and_then(|id| site.items[id].doc.front.template.clone())
            .unwrap_or_else(|| {
                let own = format!("section-{}.html", section.kind.name());
                if templates.has(&own) { own } else { "section.html".to_string() }
            });
        let file = section
            .index
            .map(|id| site.items[id].doc.file.display().to_string())
            .unwrap_or_else(|| format!("content/{}/", section.name));
        html(templates, &template, &context, &file, format!("{path}index.html"))
    }

    /// The list of tags of `lang`.
    pub(super) fn tag_list(&self, lang: &str) -> Result<Output, Vec<Diagnostic>> {
        let Pages { site, values, templates } = *self;
        let config = &site.config;
        let mut context = base_context(values, lang);
        let tags: Vec<Value> = site
            .tags
            .iter()
            .filter(|tag| tag.lang == lang)
            .map(|tag| {
                let mut v = Obj::default();
                v.set("name", tag.name.clone())
                    .set("slug", tag.slug.clone())
                    .set("url", Links::url_of(config, &tag.path))
                    .set("count", tag.items.len());
                v.into_value()
            })
            .collect();
        context.insert_value("tags", Value::from(tags));
        context.insert_value(
            "translations",
            other_language_paths(
                site,
                lang,
                |l| format!("{}tags/", config.language_prefix(l)),
                |l| site.tags.iter().any(|t| t.lang == l),
            ),
        );
        let path = format!("{}tags/", config.language_prefix(lang));
        insert_location(&mut context, site, &path);
        insert_preview(&mut context, site, templates, &PreviewOf::Home(lang.to_string()));
        html(templates, "tags.html", &context, "the tag list", format!("{path}index.html"))
    }

    /// The page of tag `index`.
    pub(super) fn tag(&self, index: usize) -> Result<Output, Vec<Diagnostic>> {
        let Pages { site, values, templates } = *self;
        let config = &site.config;
        let tag = &site.tags[index];
        let mut context = base_context(values, &tag.lang);
        let mut v = Obj::default();
        v.set("name", tag.name.clone())
            .set("slug", tag.slug.clone())
            .set("url", Links::url_of(config, &tag.path))
            .set("items", values.list(&tag.items));
        context.insert_value("tag", v.into_value());
        let translations: Vec<Value> = site
            .tags
            .iter()
            .filter(|other| other.slug == tag.slug && other.lang != tag.lang)
            .map(|other| {
                translation_link(
                    config,
                    &other.lang,
                    Links::url_of(config, &other.path),
                    other.name.clone(),
                )
            })
            .collect();
        context.insert_value("translations", Value::from(translations));
        insert_location(&mut context, site, &tag.path);
        insert_preview(&mut context, site, templates, &PreviewOf::Home(tag.lang.clone()));
        html(
            templates,
            "tag.html",
            &context,
            &format!("the page of tag `{}`", tag.name),
            format!("{}index.html", tag.path),
        )
    }

    /// The 404 page of `lang`.
    pub(super) fn not_found(&self, lang: &str) -> Result<Output, Vec<Diagnostic>> {
        let Pages { site, values, templates } = *self;
        let config = &site.config;
        let mut context = base_context(values, lang);
        context.insert_value(
            "translations",
            other_language_paths(
                site,
                lang,
                |l| format!("{}404.html", config.language_prefix(l)),
                |_| true,
            ),
        );
        let file = format!("{}404.html", config.language_prefix(lang));
        insert_location(&mut context, site, &file);
        insert_preview(&mut context, site, templates, &PreviewOf::Home(lang.to_string()));
        html(templates, "404.html", &context, "the 404 page", file)
    }

    /// The search page of `lang`.
    pub(super) fn search(&self, lang: &str) -> Result<Output, Vec<Diagnostic>> {
        let Pages { site, values, templates } = *self;
        let config = &site.config;
        let mut context = base_context(values, lang);
        let prefix = config.language_prefix(lang);
        context
            .insert("search_index", &Links::url_of(config, &format!("{prefix}search/index.json")));
        context.insert_value(
            "translations",
            other_language_paths(
                site,
                lang,
                |l| format!("{}search/", config.language_prefix(l)),
                |_| true,
            ),
        );
        let path = format!("{prefix}search/");
        insert_location(&mut context, site, &path);
        insert_preview(&mut context, site, templates, &PreviewOf::Home(lang.to_string()));
        html(templates, "search.html", &context, "the search page", format!("{path}index.html"))
    }
}
