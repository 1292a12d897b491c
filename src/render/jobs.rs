//! The render jobs: one per output, with its path, its template and what it reads.

use crate::content::Role;
use crate::render::previews::{Icon, PreviewOf, has_favicons, has_previews, preview_path};
use crate::render::templates::Templates;
use crate::site::{ItemId, Site};

use super::*;

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
    /// A language's `llms.txt`.
    Llms(String),
    /// The PDF of a CV page (`cv.pdf` beside `cv/`).
    CvPdf(ItemId),
    /// A page's link preview (`og-image.png`).
    Preview(PreviewOf),
    /// One of the favicons.
    Icon(Icon),
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
pub(crate) fn job_path(site: &Site, job: &Job) -> String {
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
        Job::Llms(lang) => format!("{}llms.txt", config.language_prefix(lang)),
        Job::CvPdf(id) => format!("{}.pdf", site.items[*id].path.trim_end_matches('/')),
        Job::Preview(of) => preview_path(site, of),
        Job::Icon(icon) => icon.path().to_string(),
    }
}

/// The template a page job renders with (`None` for outputs folio writes itself).
pub(crate) fn job_template(site: &Site, templates: &Templates, job: &Job) -> Option<String> {
    match job {
        Job::Home(lang) => Some(
            site.homes
                .get(lang)
                .and_then(|&id| site.items[id].doc.front.template.clone())
                .unwrap_or_else(|| "index.html".into()),
        ),
        // The PDF shows what the CV page shows: it depends on what that page's template reads.
        Job::Item(id) | Job::CvPdf(id) => {
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
        | Job::SearchIndex(_)
        | Job::Llms(_)
        | Job::Preview(_)
        | Job::Icon(_) => None,
    }
}

/// What a job's output is made from (see [`Deps`]).
// Long because it has one arm per job kind, mirroring `jobs`: what each output reads
// is easiest to check against what it renders when the arms sit side by side.
pub(crate) fn job_deps(site: &Site, templates: &Templates, job: &Job) -> Deps {
    let path_of = |id: ItemId| site.items[id].doc.content_path.clone();
    let template = job_template(site, templates, job);
    match job {
        Job::Home(lang) => Deps {
            lang: Some(lang.clone()),
            template,
            owns: site.homes.get(lang).map(|&id| path_of(id)).into_iter().collect(),
            inputs: Vec::new(),
        },
        Job::Item(id) | Job::CvPdf(id) => Deps {
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
        // Titles, venues, roles and dates of every item of the language, and the home
        // page's tagline: front matter only.
        Job::Llms(lang) => Deps {
            lang: Some(lang.clone()),
            template: None,
            owns: Vec::new(),
            inputs: site
                .items
                .iter()
                .filter(|item| &item.doc.lang == lang)
                .map(|item| item.doc.content_path.clone())
                .collect(),
        },
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
        Job::Preview(of) => {
            let (lang, inputs) = crate::render::previews::preview_inputs(site, of);
            Deps { lang: Some(lang), template: None, owns: Vec::new(), inputs }
        }
        Job::Icon(_) => Deps {
            lang: Some(site.config.default_language.clone()),
            inputs: crate::render::previews::icon_inputs(&site.config),
            ..Deps::default()
        },
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
pub(crate) fn jobs(site: &Site, templates: &Templates) -> Vec<Job> {
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
    // Typesetting takes longest of all: started first.
    if outputs.cv_pdf {
        let cv_pages = (0..site.items.len())
            .filter(|&id| site.items[id].doc.role == Role::Item)
            .filter(|&id| crate::render::cv_pdf::is_cv_page(site, templates, id));
        jobs.splice(0..0, cv_pages.map(Job::CvPdf).collect::<Vec<_>>());
    }
    if has_favicons(&site.config, |name| templates.document(name).is_some()) {
        jobs.extend(Icon::ALL.map(Job::Icon));
    }
    if outputs.resume {
        for language in &site.config.languages {
            jobs.push(Job::Resume(language.code.clone()));
        }
    }
    if outputs.llms {
        for language in &site.config.languages {
            jobs.push(Job::Llms(language.code.clone()));
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
            let cited = section.items.iter().any(|&id| site.items[id].cite_key.is_some());
            if section.kind == crate::content::Kind::Paper && cited {
                jobs.push(Job::BibList(index));
            }
        }
    }
    let previews = has_previews(&site.config, |name| templates.document(name).is_some());
    if previews {
        for language in &site.config.languages {
            jobs.push(Job::Preview(PreviewOf::Home(language.code.clone())));
        }
        jobs.extend((0..site.sections.len()).map(|index| Job::Preview(PreviewOf::Section(index))));
    }
    for (id, item) in site.items.iter().enumerate() {
        if item.doc.role == Role::Item {
            jobs.push(Job::Item(id));
            if outputs.bibtex && item.cite_key.is_some() {
                jobs.push(Job::Bib(id));
            }
            if previews {
                jobs.push(Job::Preview(PreviewOf::Item(id)));
            }
        }
    }
    jobs
}
