//! Rendering: the site model in, every output file's bytes out. No I/O happens here, so
//! a build can check that every page renders before it writes the first byte.
//!
//! Each output is a [`Job`]; jobs render in parallel and come back in a fixed order, so
//! two builds of the same input give the same bytes.

pub mod bibtex;
pub mod feeds;
pub mod jsonld;
pub mod resume;
pub mod search;
pub mod templates;
pub mod values;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::Role;
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::render::templates::Templates;
use crate::render::values::{Obj, Values, translation_link};
use crate::site::{ItemId, Links, Site};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// One output to produce.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    /// A language's home page.
    Home(String),
    /// An item's page.
    Item(ItemId),
    /// Page `number` (1-based) of section list `index` in [`Site::sections`].
    Section(usize, usize),
    /// A language's list of tags.
    TagList(String),
    /// The page of tag `index` in [`Site::tags`].
    Tag(usize),
    /// A language's 404 page.
    NotFound(String),
    /// Redirect `index` in [`Site::aliases`].
    Alias(usize),
    /// sitemap.xml.
    Sitemap,
    /// A language's Atom feed.
    Feed(String),
    /// robots.txt.
    Robots,
    /// A paper's BibTeX file (`papers/<slug>.bib`).
    Bib(ItemId),
    /// A paper section's BibTeX file (`papers.bib`), by index in [`Site::sections`].
    BibList(usize),
    /// A language's `resume.json`.
    Resume(String),
    /// A language's search index (`search/index.json`).
    SearchIndex(String),
    /// A language's search page (`search/index.html`, when the theme has `search.html`).
    Search(String),
}

/// What a rendered output was made from, to decide after an edit whether it must be
/// rendered again. Besides these, every page depends on its language's globals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deps {
    /// The page's language (`None` for sitemap, robots, redirects).
    pub lang: Option<String>,
    /// The template it was rendered with.
    pub template: Option<String>,
    /// Content paths of documents shown in full (body included).
    pub owns: Vec<String>,
    /// Content paths of documents shown as summaries, and opaque markers for any other
    /// input (page numbers, tag counts, ...); compared as a whole.
    pub inputs: Vec<String>,
}

/// The output path of a job.
pub fn job_path(site: &Site, job: &Job) -> String {
    let config = &site.config;
    match job {
        Job::Home(lang) => format!("{}index.html", config.language_prefix(lang)),
        Job::Item(id) => [site.items[*id].path.as_str(), "index.html"].concat(),
        Job::Section(index, number) => {
            format!("{}index.html", site.sections[*index].page_path(*number))
        }
        Job::TagList(lang) => format!("{}tags/index.html", config.language_prefix(lang)),
        Job::Tag(index) => format!("{}index.html", site.tags[*index].path),
        Job::NotFound(lang) => format!("{}404.html", config.language_prefix(lang)),
        Job::Alias(index) => site.aliases[*index].output_file.clone(),
        Job::Sitemap => "sitemap.xml".to_string(),
        Job::Feed(lang) => format!("{}atom.xml", config.language_prefix(lang)),
        Job::Robots => "robots.txt".to_string(),
        Job::Bib(id) => format!("{}.bib", site.items[*id].path.trim_end_matches('/')),
        Job::BibList(index) => format!("{}.bib", site.sections[*index].path.trim_end_matches('/')),
        Job::Resume(lang) => format!("{}resume.json", config.language_prefix(lang)),
        Job::SearchIndex(lang) => format!("{}search/index.json", config.language_prefix(lang)),
        Job::Search(lang) => format!("{}search/index.html", config.language_prefix(lang)),
    }
}

/// The template a page job renders with (`None` for outputs folio writes itself).
pub fn job_template(site: &Site, templates: &Templates, job: &Job) -> Option<String> {
    match job {
        Job::Home(lang) => Some(
            site.homes
                .get(lang)
                .and_then(|&id| site.items[id].doc.front.template.clone())
                .unwrap_or_else(|| "index.html".into()),
        ),
        Job::Item(id) => {
            let item = &site.items[*id];
            Some(item.doc.front.template.clone().unwrap_or_else(|| {
                let own = format!("{}.html", item.doc.kind.name());
                if templates.has(&own) { own } else { "page.html".to_string() }
            }))
        }
        Job::Section(index, _) => {
            let section = &site.sections[*index];
            Some(
                section
                    .index
                    .and_then(|id| site.items[id].doc.front.template.clone())
                    .unwrap_or_else(|| {
                        let own = format!("section-{}.html", section.kind.name());
                        if templates.has(&own) { own } else { "section.html".to_string() }
                    }),
            )
        }
        Job::TagList(_) => Some("tags.html".into()),
        Job::Tag(_) => Some("tag.html".into()),
        Job::NotFound(_) => Some("404.html".into()),
        Job::Search(_) => Some("search.html".into()),
        Job::Alias(_)
        | Job::Sitemap
        | Job::Feed(_)
        | Job::Robots
        | Job::Bib(_)
        | Job::BibList(_)
        | Job::Resume(_)
        | Job::SearchIndex(_) => None,
    }
}

/// What a job's output is made from (see [`Deps`]).
pub fn job_deps(site: &Site, templates: &Templates, job: &Job) -> Deps {
    let path_of = |id: ItemId| site.items[id].doc.content_path.clone();
    let template = job_template(site, templates, job);
    match job {
        Job::Home(lang) => Deps {
            lang: Some(lang.clone()),
            template,
            owns: site.homes.get(lang).map(|&id| path_of(id)).into_iter().collect(),
            inputs: Vec::new(),
        },
        Job::Item(id) => Deps {
            lang: Some(site.items[*id].doc.lang.clone()),
            template,
            owns: vec![path_of(*id)],
            inputs: site.translations_of(*id).map(path_of).collect(),
        },
        Job::Section(index, number) => {
            let section = &site.sections[*index];
            let size = section.page_size();
            let start = (number - 1) * size;
            let end = (start + size).min(section.items.len());
            let mut inputs =
                vec![format!("page {number}/{} of {}", section.page_count(), section.items.len())];
            inputs.extend(section.items[start..end].iter().map(|&id| path_of(id)));
            for other in
                site.sections.iter().filter(|o| o.name == section.name && o.lang != section.lang)
            {
                inputs.push(format!("translation {} {}", other.lang, other.path));
                inputs.extend(other.index.map(path_of));
            }
            Deps {
                lang: Some(section.lang.clone()),
                template,
                owns: section.index.map(path_of).into_iter().collect(),
                inputs,
            }
        }
        Job::TagList(lang) => Deps {
            lang: Some(lang.clone()),
            template,
            owns: Vec::new(),
            inputs: site
                .tags
                .iter()
                .filter(|t| &t.lang == lang)
                .map(|t| format!("tag {} {} {}", t.slug, t.name, t.items.len()))
                .chain(
                    site.tags
                        .iter()
                        .filter(|t| &t.lang != lang)
                        .map(|t| format!("language {}", t.lang)),
                )
                .collect(),
        },
        Job::Tag(index) => {
            let tag = &site.tags[*index];
            let mut inputs = vec![format!("tag {}", tag.name)];
            inputs.extend(tag.items.iter().map(|&id| path_of(id)));
            inputs.extend(
                site.tags
                    .iter()
                    .filter(|o| o.slug == tag.slug && o.lang != tag.lang)
                    .map(|o| format!("translation {} {}", o.lang, o.name)),
            );
            Deps { lang: Some(tag.lang.clone()), template, owns: Vec::new(), inputs }
        }
        Job::NotFound(lang) | Job::Search(lang) => {
            Deps { lang: Some(lang.clone()), template, ..Deps::default() }
        }
        Job::SearchIndex(lang) => Deps {
            // Summaries may come from bodies, so every item of the language is owned.
            owns: site
                .items
                .iter()
                .filter(|item| &item.doc.lang == lang && item.doc.role == Role::Item)
                .map(|item| item.doc.content_path.clone())
                .collect(),
            ..Deps::default()
        },
        Job::Alias(index) => {
            Deps { inputs: vec![site.aliases[*index].target.clone()], ..Deps::default() }
        }
        Job::Sitemap => {
            let mut inputs: Vec<String> = site
                .items
                .iter()
                .filter(|item| item.doc.role == Role::Item)
                .map(|item| item.doc.content_path.clone())
                .collect();
            inputs.extend(
                site.sections.iter().map(|s| format!("section {} {}", s.path, s.page_count())),
            );
            inputs.extend(site.tags.iter().map(|t| format!("tag {}", t.path)));
            Deps { inputs, ..Deps::default() }
        }
        Job::Feed(lang) => Deps {
            lang: Some(lang.clone()),
            template: None,
            owns: crate::render::feeds::feed_items(site, lang, crate::render::feeds::FEED_LIMIT)
                .into_iter()
                .map(path_of)
                .collect(),
            inputs: Vec::new(),
        },
        Job::Robots => Deps::default(),
        Job::Bib(id) => Deps { inputs: vec![path_of(*id)], ..Deps::default() },
        Job::BibList(index) => Deps {
            inputs: site.sections[*index].items.iter().map(|&id| path_of(id)).collect(),
            ..Deps::default()
        },
        Job::Resume(lang) => {
            // The resume quotes the bodies of the home page, jobs and papers; of the other
            // kinds it shows front matter only.
            let mut deps = Deps::default();
            for item in site.items.iter().filter(|item| {
                &item.doc.lang == lang && crate::render::resume::shows(item.doc.role, item.doc.kind)
            }) {
                let path = item.doc.content_path.clone();
                match (item.doc.role, item.doc.kind) {
                    (Role::Home, _)
                    | (_, crate::content::Kind::Job | crate::content::Kind::Paper) => {
                        deps.owns.push(path)
                    }
                    _ => deps.inputs.push(path),
                }
            }
            deps
        }
    }
}

/// Every job of a site, in output order.
pub fn jobs(site: &Site, templates: &Templates) -> Vec<Job> {
    // The long jobs (sitemap, feeds, list pages) come first so that parallel rendering
    // starts them early and ends on the many short item pages, keeping both cores busy.
    let mut jobs = vec![Job::Sitemap];
    for language in &site.config.languages {
        if has_feed(site, &language.code) {
            jobs.push(Job::Feed(language.code.clone()));
        }
    }
    for (index, section) in site.sections.iter().enumerate() {
        for number in 1..=section.page_count() {
            jobs.push(Job::Section(index, number));
        }
    }
    if templates.has("tag.html") {
        jobs.extend((0..site.tags.len()).map(Job::Tag));
    }
    if templates.has("tags.html") {
        for language in &site.config.languages {
            if site.tags.iter().any(|tag| tag.lang == language.code) {
                jobs.push(Job::TagList(language.code.clone()));
            }
        }
    }
    for language in &site.config.languages {
        jobs.push(Job::Home(language.code.clone()));
    }
    if templates.has("404.html") {
        for language in &site.config.languages {
            jobs.push(Job::NotFound(language.code.clone()));
        }
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    jobs.push(Job::Robots);
    let outputs = site.config.outputs;
    if outputs.resume {
        for language in &site.config.languages {
            jobs.push(Job::Resume(language.code.clone()));
        }
    }
    if outputs.search {
        for language in &site.config.languages {
            jobs.push(Job::SearchIndex(language.code.clone()));
            if templates.has("search.html") {
                jobs.push(Job::Search(language.code.clone()));
            }
        }
    }
    if outputs.bibtex {
        for (index, section) in site.sections.iter().enumerate() {
            if section.kind == crate::content::Kind::Paper && !section.items.is_empty() {
                jobs.push(Job::BibList(index));
            }
        }
    }
    for (id, item) in site.items.iter().enumerate() {
        if item.doc.role == Role::Item {
            jobs.push(Job::Item(id));
            if outputs.bibtex && item.cite_key.is_some() {
                jobs.push(Job::Bib(id));
            }
        }
    }
    jobs
}

/// Renders every job; all problems are returned together.
pub fn render_all(
    site: &Site,
    values: &Values,
    templates: &Templates,
    jobs: &[Job],
) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let results: Vec<Result<Output, Vec<Diagnostic>>> = jobs
        .par_iter()
        .with_max_len(crate::ITEMS_PER_TASK)
        .map(|job| render_job(site, values, templates, job))
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut problems: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            // One broken template breaks many pages: report each distinct problem once.
            Err(found) => {
                for problem in found {
                    if !problems.iter().any(|p| {
                        p.file == problem.file && p.line == problem.line && same_cause(p, &problem)
                    }) {
                        problems.push(problem);
                    }
                }
            }
        }
    }
    if problems.is_empty() { Ok(outputs) } else { Err(problems) }
}

fn same_cause(a: &Diagnostic, b: &Diagnostic) -> bool {
    let cause =
        |d: &Diagnostic| d.message.split(" (while rendering").next().unwrap_or("").to_string();
    cause(a) == cause(b)
}

/// Whether `lang` has an Atom feed (some section feeds into it and has items).
pub fn has_feed(site: &Site, lang: &str) -> bool {
    site.sections_in(lang).any(|section| section.in_feed() && !section.items.is_empty())
}

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
fn render_item(
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
pub fn render_item_page(
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

/// Whether the page of item `id` may read `collections`, and so needs every item's
/// summary before it renders.
pub fn needs_collections(site: &Site, templates: &Templates, id: ItemId) -> bool {
    templates.reads(&item_template(site, templates, id), "collections")
}

/// The template of item `id`'s page: its front matter's, else `<kind>.html`, else
/// `page.html`.
fn item_template(site: &Site, templates: &Templates, id: ItemId) -> String {
    let item = &site.items[id];
    item.doc.front.template.clone().unwrap_or_else(|| {
        let own = [item.doc.kind.name(), ".html"].concat();
        if templates.has(&own) { own } else { "page.html".to_string() }
    })
}

fn bibtex_of(site: &Site, id: ItemId) -> String {
    crate::render::bibtex::item_entry(site, id, site.items[id].cite_key.as_deref().unwrap_or(""))
}

fn html(
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

fn base_context(values: &Values, lang: &str) -> Context {
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

fn insert_location(context: &mut Context, site: &Site, path: &str) {
    let folder = path.strip_suffix("index.html").unwrap_or(path);
    context.insert_value("current_url", Value::from(Links::url_of(&site.config, folder)));
    context.insert_value("current_path", Value::from(["/", folder].concat()));
    context.insert_value("permalink", Value::from(Links::permalink_of(&site.config, folder)));
}

fn home_translations(site: &Site, lang: &str) -> Value {
    let config = &site.config;
    other_language_paths(site, lang, |l| config.language_prefix(l), |_| true)
}

fn other_language_paths(
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

fn paginator(site: &Site, index: usize, number: usize) -> Value {
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

fn redirect_page(site: &Site, target: &str) -> String {
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
