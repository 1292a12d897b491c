//! Sections, tags and their order: items sorted as a CV reads, languages in the site's
//! order.

use std::collections::BTreeMap;

// The site model's maps are keyed by the site's own paths: a fast hash beats SipHash's
// flood resistance, which nothing here needs.
use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use crate::config::{Config, SortBy};
use crate::content::{Kind, Role};
use crate::util::date::Date;
use crate::util::slug::{slugify, tag_slug};

use super::*;

pub(super) fn language_rank(config: &Config, lang: &str) -> usize {
    config.languages.iter().position(|l| l.code == lang).unwrap_or(usize::MAX)
}

pub(super) fn build_sections(config: &Config, items: &[Item]) -> Vec<Section> {
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

pub(super) fn build_tags(config: &Config, items: &[Item]) -> Vec<Tag> {
    // (language, name as written) -> tag, so each spelling is slugified once.
    let mut by_name: HashMap<(&str, &str), Option<usize>> = HashMap::default();
    let mut by_slug: HashMap<(usize, String), usize> = HashMap::default();
    let mut tags: Vec<Tag> = Vec::new();
    for (id, item) in items.iter().enumerate() {
        let lang = item.doc.lang.as_str();
        for name in item.doc.front.tags.iter().flatten() {
            let index = *by_name.entry((lang, name.as_str())).or_insert_with(|| {
                let slug = tag_slug(name);
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

/// Sorts `ids` in the order `kind` (or `sort_by`) calls for.
pub(crate) fn sort_items(items: &[Item], ids: &mut [ItemId], kind: Kind, sort_by: Option<SortBy>) {
    let order = sort_by.unwrap_or(match kind {
        Kind::Paper => SortBy::Year,
        Kind::Job | Kind::Education | Kind::Volunteer | Kind::Teaching | Kind::Service => {
            SortBy::Start
        }
        Kind::Project => SortBy::Weight,
        _ => SortBy::Date,
    });
    use std::cmp::Reverse;
    // Keys computed once per item, not once per comparison (a job's title is formatted).
    // Each order is (earlier key, weight, featured first, later key), then title, then file.
    ids.sort_by_cached_key(|&id| {
        let item = &items[id];
        let fm = &item.doc.front;
        let weight = fm.weight.unwrap_or(i64::MAX);
        let date = item.sort_date();
        let (first, weight, not_featured, then) = match order {
            SortBy::Date => (None, 0, false, date),
            SortBy::Weight => (None, weight, false, date),
            SortBy::Title => (None, 0, false, None),
            SortBy::Year => {
                // Within a year: `weight`, then featured papers, then by month (or date).
                let year = fm.year.or_else(|| date.map(|d| d.year));
                let dated = fm.date.or_else(|| {
                    year.map(|year| Date {
                        year,
                        month: fm.month.filter(|m| (1..=12).contains(m)),
                        day: None,
                    })
                });
                let year = year.map(|year| Date { year, month: None, day: None });
                (year, weight, !fm.featured.unwrap_or(false), dated)
            }
            SortBy::Start => (fm.start.or(date), weight, false, None),
        };
        (
            Reverse(first),
            weight,
            not_featured,
            Reverse(then),
            item.title_ref(),
            item.doc.content_path.as_str(),
        )
    });
}
