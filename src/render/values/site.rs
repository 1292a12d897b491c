//! The per-language `site` value, the collections lists read, and the default profile.

use crate::config::theme::Theme;
use crate::content::{Kind, PaperType};
use crate::site::{ItemId, Links, Site};
use rayon::prelude::*;
use tera::Value;

use super::*;

// Long because it is one field per key of the `site` value themes see (docs/themes.md),
// in the documented order.
pub(super) fn site_value(site: &Site, theme: &Theme, links: &Links, lang: &str) -> Value {
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
        .set("icons", icons(site, theme))
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
                            .set("current", l.code == lang)
                            // The theme's `og_locale` string of that language (zh_CN, en_US).
                            .set(
                                "og_locale",
                                theme
                                    .strings_for(&l.code)
                                    .get("og_locale")
                                    .and_then(|v| v.as_str())
                                    .map(str::to_string),
                            );
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
        let name = author.name.get(lang, default);
        // The name as the site's other languages write it (郑晋图 / Jintu Zheng): what people
        // searching in another script type.
        let mut alternate_names: Vec<String> = Vec::new();
        for language in &config.languages {
            let other = author.name.get(&language.code, default);
            if other != name && !other.is_empty() && !alternate_names.iter().any(|n| n == other) {
                alternate_names.push(other.to_string());
            }
        }
        a.set("name", name.to_string())
            .set("alternate_names", Value::from(alternate_names))
            .set("name_variants", Value::from(author.name_variants.clone()))
            .set("email", opt_str(&author.email))
            .set("phone", opt_str(&author.phone))
            .set(
                "location",
                author.location.as_ref().map(|place| place.get(lang, default).to_string()),
            )
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

pub(super) fn collections_value(site: &Site, summaries: &[Value], lang: &str) -> Value {
    const KINDS: [(Kind, &str); 12] = [
        (Kind::Paper, "papers"),
        (Kind::Project, "projects"),
        (Kind::Job, "jobs"),
        (Kind::Education, "education"),
        (Kind::Award, "awards"),
        (Kind::Volunteer, "volunteer"),
        (Kind::Certificate, "certificates"),
        (Kind::Talk, "talks"),
        (Kind::Teaching, "teaching"),
        (Kind::Service, "service"),
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
    // A CV lists projects newest first; the undated ones (nothing to place them by) last,
    // each group in the section's own order.
    let mut projects_by_date = ordered[1].clone();
    projects_by_date.sort_by_key(|&id| std::cmp::Reverse(site.items[id].sort_date()));
    v.set(
        "projects_by_date",
        Value::from(projects_by_date.iter().map(|&id| summaries[id].clone()).collect::<Vec<_>>()),
    );
    v.into_value()
}

pub(super) fn papers_by_type(site: &Site, summaries: &[Value], ids: &[ItemId]) -> Value {
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

pub(super) fn papers_by_year(site: &Site, summaries: &[Value], ids: &[ItemId]) -> Value {
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

pub(super) fn default_profile(site: &Site, lang: &str) -> Value {
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
        .set("languages", Value::from(Vec::<Value>::new()))
        .set("references", Value::from(Vec::<Value>::new()))
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

/// The profile's fields: tagline, interests, skills, highlights.
pub(super) fn profile_fields(v: &mut Obj, fm: &crate::content::FrontMatter) {
    v.set("tagline", opt_str(&fm.tagline))
        .set(
            "interests",
            Value::from(fm.interests.iter().flatten().map(interest_text).collect::<Vec<_>>()),
        )
        .set("skills", Value::from_serializable(&fm.skills.clone().unwrap_or_default()))
        .set("languages", Value::from_serializable(&fm.languages.clone().unwrap_or_default()))
        .set("references", Value::from_serializable(&fm.references.clone().unwrap_or_default()))
        .set(
            "highlights",
            Value::from(
                fm.highlights
                    .iter()
                    .flatten()
                    .map(|h| Value::safe_string(&crate::markdown::render_inline(h)))
                    .collect::<Vec<_>>(),
            ),
        )
        .set("open_to", opt_str(&fm.open_to))
        .set("publications_summary", opt_str(&fm.publications_summary).clone());
}

/// An interest as a line of text: its name, with its keywords in parentheses.
fn interest_text(interest: &crate::content::front_matter::Interest) -> Value {
    match interest.keywords() {
        [] => Value::from(interest.name()),
        keywords => Value::from(format!("{} ({})", interest.name(), keywords.join(", "))),
    }
}

/// `site.icons`: the addresses of the favicons the theme draws (`svg`, `png`, `apple_touch`).
fn icons(site: &Site, theme: &Theme) -> Value {
    use crate::render::previews::{Icon, has_favicons};
    if !has_favicons(&site.config, |name| theme.document(name).is_some()) {
        return Value::none();
    }
    let url = |icon: Icon| Links::url_of(&site.config, icon.path());
    let mut v = Obj::default();
    v.set("svg", url(Icon::Svg))
        .set("png", url(Icon::Png))
        .set("apple_touch", url(Icon::AppleTouch));
    v.into_value()
}
