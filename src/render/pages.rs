//! Rendering one job: a page through its template, or a file written by code.

use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::render::templates::Templates;
use crate::render::values::{Obj, Values, translation_link};
use crate::site::{ItemId, Links, Site};
use tera::{Context, Value};

use super::*;

/// Renders one job.
pub fn render_job(
    site: &Site,
    values: &Values,
    templates: &Templates,
    job: &Job,
) -> Result<Output, Vec<Diagnostic>> {
    let config = &site.config;
    match job {
        Job::Home(lang) => {
            let home = site.homes.get(lang).copied();
            let mut context = base_context(values, lang);
            let page =
                values.languages.get(lang).map(|l| l.profile.clone()).unwrap_or_else(Value::none);
            context.insert_value("page", page);
            context.insert_value("translations", home_translations(site, lang));
            let path = config.language_prefix(lang);
            insert_location(&mut context, site, &path);
            let template = home
                .and_then(|id| site.items[id].doc.front.template.clone())
                .unwrap_or_else(|| "index.html".into());
            let file = home
                .map(|id| site.items[id].doc.file.display().to_string())
                .unwrap_or_else(|| "the home page".into());
            html(templates, &template, &context, &file, format!("{path}index.html"))
        }
        Job::Item(id) => render_item_page(site, values, templates, *id, &values.summaries[*id], ""),
        Job::Section(index, number) => {
            let section = &site.sections[*index];
            let lang = &section.lang;
            let size = section.page_size();
            let start = (number - 1) * size;
            let end = (start + size).min(section.items.len());
            let mut context = base_context(values, lang);
            context
                .insert_value("section", values.section(site, section, &section.items[start..end]));
            context.insert_value("paginator", paginator(site, *index, *number));
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
            let path = section.page_path(*number);
            insert_location(&mut context, site, &path);
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
        Job::TagList(lang) => {
            let mut context = base_context(values, lang);
            let tags: Vec<Value> = site
                .tags
                .iter()
                .filter(|tag| &tag.lang == lang)
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
            html(templates, "tags.html", &context, "the tag list", format!("{path}index.html"))
        }
        Job::Tag(index) => {
            let tag = &site.tags[*index];
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
            html(
                templates,
                "tag.html",
                &context,
                &format!("the page of tag `{}`", tag.name),
                format!("{}index.html", tag.path),
            )
        }
        Job::NotFound(lang) => {
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
            html(templates, "404.html", &context, "the 404 page", file)
        }
        Job::Alias(index) => {
            let alias = &site.aliases[*index];
            Ok(Output {
                path: alias.output_file.clone(),
                bytes: redirect_page(site, &alias.target).into_bytes(),
            })
        }
        Job::Sitemap => Ok(Output {
            path: "sitemap.xml".into(),
            bytes: crate::render::feeds::sitemap(
                site,
                templates.has("tag.html"),
                templates.has("tags.html"),
            )
            .into_bytes(),
        }),
        Job::Feed(lang) => Ok(Output {
            path: format!("{}atom.xml", config.language_prefix(lang)),
            bytes: crate::render::feeds::atom(site, values, lang).into_bytes(),
        }),
        Job::Bib(id) => {
            Ok(Output { path: job_path(site, job), bytes: bibtex_of(site, *id).into_bytes() })
        }
        Job::BibList(index) => {
            let entries: Vec<String> = site.sections[*index]
                .items
                .iter()
                .filter(|&&id| site.items[id].cite_key.is_some())
                .map(|&id| bibtex_of(site, id))
                .collect();
            Ok(Output { path: job_path(site, job), bytes: entries.join("\n").into_bytes() })
        }
        Job::Resume(lang) => Ok(Output {
            path: job_path(site, job),
            bytes: crate::render::resume::generate(site, lang).into_bytes(),
        }),
        Job::SearchIndex(lang) => Ok(Output {
            path: job_path(site, job),
            bytes: crate::render::search::index(site, lang).into_bytes(),
        }),
        Job::Search(lang) => {
            let mut context = base_context(values, lang);
            let prefix = config.language_prefix(lang);
            context.insert(
                "search_index",
                &Links::url_of(config, &format!("{prefix}search/index.json")),
            );
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
            html(templates, "search.html", &context, "the search page", format!("{path}index.html"))
        }
        Job::Robots => Ok(Output {
            path: "robots.txt".into(),
            bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url)
                .into_bytes(),
        }),
    }
}

/// An item's page, with its body rendered as `rendered`.
pub(super) fn render_item(
    site: &Site,
    values: &Values,
    templates: &Templates,
    id: ItemId,
    summary: &Value,
    rendered: &Rendered,
) -> Result<Output, Vec<Diagnostic>> {
    let item = &site.items[id];
    let lang = &item.doc.lang;
    let mut context = base_context(values, lang);
    context.insert_value("page", values.page_with(site, id, summary, rendered));
    context.insert_value("translations", values.translations(site, id));
    insert_location(&mut context, site, &item.path);
    html(
        templates,
        &item_template(site, templates, id),
        &context,
        &item.doc.file.to_string_lossy(),
        [item.path.as_str(), "index.html"].concat(),
    )
}

/// The page of item `id`, whose summary is `summary` (made by the caller when `values`
/// have no summaries yet: see [`needs_collections`]), and whose deferred body is `body`
/// when [`Site::take_body`] took it.
pub(crate) fn render_item_page(
    site: &Site,
    values: &Values,
    templates: &Templates,
    id: ItemId,
    summary: &Value,
    body: &str,
) -> Result<Output, Vec<Diagnostic>> {
    if site.items[id].body_deferred {
        let body = site.render_deferred_body(&site.items[id].doc, body);
        if !body.problems.is_empty() {
            return Err(body.problems);
        }
        render_item(site, values, templates, id, summary, &body.rendered)
    } else {
        render_item(site, values, templates, id, summary, &site.items[id].rendered)
    }
}

pub(super) fn html(
    templates: &Templates,
    template: &str,
    context: &Context,
    file: &str,
    path: String,
) -> Result<Output, Vec<Diagnostic>> {
    if !templates.has(template) {
        return Err(vec![
            Diagnostic::new(file, format!("template `{template}` does not exist"))
                .hint("add it to templates/ (or the theme), or fix the `template` field"),
        ]);
    }
    let bytes = templates.render(template, context, file).map_err(|p| vec![p])?;
    Ok(Output { path, bytes })
}

pub(super) fn base_context(values: &Values, lang: &str) -> Context {
    let mut context = Context::new();
    if let Some(language) = values.languages.get(lang) {
        context.insert_value("site", language.site.clone());
        context.insert_value("strings", language.strings.clone());
        // Missing while summaries are made (only pages that do not read it render then).
        if !language.collections.is_none() {
            context.insert_value("collections", language.collections.clone());
        }
        context.insert_value("profile", language.profile.clone());
    }
    context.insert("lang", lang);
    context
}

pub(super) fn insert_location(context: &mut Context, site: &Site, path: &str) {
    let folder = path.strip_suffix("index.html").unwrap_or(path);
    context.insert_value("current_url", Value::from(Links::url_of(&site.config, folder)));
    context.insert_value("current_path", Value::from(["/", folder].concat()));
    context.insert_value("permalink", Value::from(Links::permalink_of(&site.config, folder)));
}

pub(super) fn home_translations(site: &Site, lang: &str) -> Value {
    let config = &site.config;
    other_language_paths(site, lang, |l| config.language_prefix(l), |_| true)
}

pub(super) fn other_language_paths(
    site: &Site,
    lang: &str,
    path_of: impl Fn(&str) -> String,
    exists: impl Fn(&str) -> bool,
) -> Value {
    let config = &site.config;
    Value::from(
        config
            .languages
            .iter()
            .filter(|l| l.code != lang && exists(&l.code))
            .map(|l| {
                translation_link(
                    config,
                    &l.code,
                    Links::url_of(config, &path_of(&l.code)),
                    l.title.clone(),
                )
            })
            .collect::<Vec<_>>(),
    )
}

pub(super) fn paginator(site: &Site, index: usize, number: usize) -> Value {
    let section = &site.sections[index];
    let total = section.page_count();
    let url = |n: usize| Links::url_of(&site.config, &section.page_path(n));
    let mut v = Obj::default();
    v.set("number", number)
        .set("total_pages", total)
        .set("per_page", section.page_size())
        .set("total_items", section.items.len())
        .set("first", url(1))
        .set("last", url(total))
        .set("previous", (number > 1).then(|| url(number - 1)))
        .set("next", (number < total).then(|| url(number + 1)))
        .set(
            "pages",
            Value::from(
                (1..=total)
                    .map(|n| {
                        let mut page = Obj::default();
                        page.set("number", n).set("url", url(n)).set("current", n == number);
                        page.into_value()
                    })
                    .collect::<Vec<_>>(),
            ),
        );
    v.into_value()
}

pub(super) fn redirect_page(site: &Site, target: &str) -> String {
    let config = &site.config;
    let origin = config
        .base_url
        .trim_end_matches('/')
        .trim_end_matches(config.base_path.trim_end_matches('/'));
    let absolute = crate::util::html::escape(&format!("{origin}{target}"));
    let target = crate::util::html::escape(target);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{target}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{absolute}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{target}</a></p>\n</body>\n</html>\n",
        lang = config.default_language
    )
}
