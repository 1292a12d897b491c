//! Rendering one job: a page through its template, or a file written by code.

use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::render::templates::Templates;
use crate::render::values::{Obj, Values, translation_link};
use crate::site::{ItemId, Links, Site};
use tera::{Context, Value};

use super::previews::PreviewOf;
use super::templated::Pages;
use super::*;

/// Renders one job.
pub fn render_job(
    site: &Site,
    values: &Values,
    templates: &Templates,
    job: &Job,
) -> Result<Output, Vec<Diagnostic>> {
    let config = &site.config;
    let pages = Pages { site, values, templates };
    match job {
        Job::Home(lang) => pages.home(lang),
        Job::Item(id) => render_item_page(site, values, templates, *id, &values.summaries[*id], ""),
        Job::Section(index, number) => pages.section(*index, *number),
        Job::TagList(lang) => pages.tag_list(lang),
        Job::Tag(index) => pages.tag(*index),
        Job::NotFound(lang) => pages.not_found(lang),
        Job::Search(lang) => pages.search(lang),
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
        Job::Llms(lang) => Ok(Output {
            path: job_path(site, job),
            bytes: crate::render::llms::generate(site, lang).into_bytes(),
        }),
        Job::SearchIndex(lang) => Ok(Output {
            path: job_path(site, job),
            bytes: crate::render::search::index(site, lang).into_bytes(),
        }),
        Job::Preview(of) => Ok(Output {
            path: job_path(site, job),
            bytes: crate::render::previews::generate_preview(site, values, templates, of)
                .map_err(|problem| vec![problem])?,
        }),
        Job::Icon(icon) => Ok(Output {
            path: job_path(site, job),
            bytes: crate::render::previews::generate_icon(site, values, templates, *icon)
                .map_err(|problem| vec![problem])?,
        }),
        Job::CvPdf(id) => Ok(Output {
            path: job_path(site, job),
            bytes: crate::render::cv_pdf::generate(site, values, templates, *id)
                .map_err(|problem| vec![problem])?,
        }),
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
    // A CV page links the PDF folio makes of it.
    if site.config.outputs.cv_pdf && crate::render::cv_pdf::is_cv_page(site, templates, id) {
        let pdf = format!("{}.pdf", item.path.trim_end_matches('/'));
        context.insert_value("cv_pdf", Value::from(Links::url_of(&site.config, &pdf)));
    }
    insert_location(&mut context, site, &item.path);
    insert_preview(&mut context, site, templates, &PreviewOf::Item(id));
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

/// `og_image`: the address of the link preview the page shows, when the site has them.
pub(super) fn insert_preview(
    context: &mut Context,
    site: &Site,
    templates: &Templates,
    of: &PreviewOf,
) {
    if crate::render::previews::has_previews(&site.config, |name| {
        templates.document(name).is_some()
    }) {
        let url = crate::render::previews::preview_permalink(site, of);
        context.insert_value("og_image", Value::from(url));
    }
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
