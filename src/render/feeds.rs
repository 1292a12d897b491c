//! Machine-readable outputs written by code rather than templates: sitemap.xml (with
//! `hreflang` alternates between translations) and one Atom feed per language.
//!
//! Both use only dates from the content, never the clock, so builds stay reproducible.

use std::fmt::Write;

use crate::content::Role;
use crate::render::values::Values;
use crate::site::{ItemId, Links, Site};
use crate::util::html::escape;

struct Entry {
    loc: String,
    lastmod: Option<String>,
    alternates: Vec<(String, String)>,
}

/// sitemap.xml: every page of every language, with its translations as alternates.
// Long because it writes the sitemap's XML in one pass, entry by entry, in output order.
pub(crate) fn sitemap(site: &Site, tag_pages: bool, tag_lists: bool) -> String {
    let config = &site.config;
    let absolute = |path: &str| Links::permalink_of(config, path);
    let mut entries: Vec<Entry> = Vec::new();

    let homes: Vec<(String, String)> = config
        .languages
        .iter()
        .map(|l| (l.code.clone(), absolute(&config.language_prefix(&l.code))))
        .collect();
    for (_, loc) in &homes {
        entries.push(Entry {
            loc: loc.clone(),
            lastmod: None,
            alternates: alternates_if_many(&homes),
        });
    }
    for (id, item) in site.items.iter().enumerate() {
        if item.doc.role != Role::Item {
            continue;
        }
        let mut alternates: Vec<(String, String)> =
            vec![(item.doc.lang.clone(), absolute(&item.path))];
        alternates.extend(
            site.translations_of(id).map(|other| {
                (site.items[other].doc.lang.clone(), absolute(&site.items[other].path))
            }),
        );
        alternates.sort_by_key(|(lang, _)| config.languages.iter().position(|l| &l.code == lang));
        let fm = &item.doc.front;
        let lastmod = fm.updated.or(fm.date).filter(|d| d.day.is_some()).map(|d| d.iso());
        entries.push(Entry {
            loc: absolute(&item.path),
            lastmod,
            alternates: alternates_if_many(&alternates),
        });
    }
    for section in &site.sections {
        let alternates: Vec<(String, String)> = site
            .sections
            .iter()
            .filter(|other| other.name == section.name)
            .map(|other| (other.lang.clone(), absolute(&other.path)))
            .collect();
        for number in 1..=section.page_count() {
            let alternates = if number == 1 { alternates_if_many(&alternates) } else { Vec::new() };
            entries.push(Entry {
                loc: absolute(&section.page_path(number)),
                lastmod: None,
                alternates,
            });
        }
    }
    if tag_lists {
        for language in &config.languages {
            if site.tags.iter().any(|tag| tag.lang == language.code) {
                let path = format!("{}tags/", config.language_prefix(&language.code));
                entries.push(Entry { loc: absolute(&path), lastmod: None, alternates: Vec::new() });
            }
        }
    }
    if tag_pages {
        for tag in &site.tags {
            entries.push(Entry { loc: absolute(&tag.path), lastmod: None, alternates: Vec::new() });
        }
    }

    let mut out = String::with_capacity(entries.len() * 160 + 200);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for entry in entries {
        let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", escape(&entry.loc));
        if let Some(lastmod) = entry.lastmod {
            let _ = writeln!(out, "    <lastmod>{lastmod}</lastmod>");
        }
        for (lang, href) in entry.alternates {
            let _ = writeln!(
                out,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&lang),
                escape(&href)
            );
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn alternates_if_many(alternates: &[(String, String)]) -> Vec<(String, String)> {
    if alternates.len() > 1 { alternates.to_vec() } else { Vec::new() }
}

/// How many entries a feed holds.
pub(crate) const FEED_LIMIT: usize = 50;

/// The items of `lang` that go into its feed, newest first (at most `limit`).
pub(crate) fn feed_items(site: &Site, lang: &str, limit: usize) -> Vec<ItemId> {
    let mut ids: Vec<ItemId> = site
        .sections_in(lang)
        .filter(|s| s.in_feed())
        .flat_map(|s| s.items.iter().copied())
        .collect();
    ids.sort_by(|&a, &b| {
        site.items[b]
            .sort_date()
            .cmp(&site.items[a].sort_date())
            .then_with(|| site.items[a].path.cmp(&site.items[b].path))
    });
    ids.truncate(limit);
    ids
}

/// The Atom feed of `lang`.
pub(crate) fn atom(site: &Site, _values: &Values, lang: &str) -> String {
    let config = &site.config;
    let language = config.language(lang);
    let home = Links::permalink_of(config, &config.language_prefix(lang));
    let self_url = format!("{home}atom.xml");
    let ids = feed_items(site, lang, FEED_LIMIT);
    let updated = ids
        .iter()
        .filter_map(|&id| {
            let fm = &site.items[id].doc.front;
            fm.updated.or(site.items[id].sort_date())
        })
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let author = config
        .author
        .as_ref()
        .map(|a| a.name.get(lang, &config.default_language).to_string())
        .or_else(|| language.map(|l| l.title.clone()))
        .unwrap_or_default();

    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ =
        writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape(lang));
    let _ = writeln!(
        out,
        "  <title>{}</title>",
        escape(&language.map(|l| l.title.clone()).unwrap_or_default())
    );
    if let Some(description) = language.map(|l| l.description.as_str()).filter(|d| !d.is_empty()) {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", escape(description));
    }
    let _ = writeln!(
        out,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_url)
    );
    let _ =
        writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&home));
    let _ = writeln!(out, "  <id>{}</id>", escape(&self_url));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", escape(&author));
    let _ = writeln!(out, "  <generator>folio</generator>");
    for id in ids {
        let item = &site.items[id];
        let fm = &item.doc.front;
        let url = Links::permalink_of(config, &item.path);
        // A date given to the year or month only is not a day of publication: no
        // <published> then, and <updated> (which Atom requires) is the period's first day.
        let dated = item.sort_date();
        let published = dated.filter(|d| d.day.is_some()).map(|d| d.rfc3339());
        let entry_updated =
            fm.updated.or(dated).map(|d| d.rfc3339()).unwrap_or_else(|| updated.clone());
        let _ = writeln!(out, "  <entry xml:lang=\"{}\">", escape(lang));
        let _ = writeln!(out, "    <title>{}</title>", escape(&item.title()));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&url)
        );
        let _ = writeln!(out, "    <id>{}</id>", escape(&url));
        if let Some(published) = published {
            let _ = writeln!(out, "    <published>{published}</published>");
        }
        let _ = writeln!(out, "    <updated>{entry_updated}</updated>");
        if let Some(description) = &fm.description {
            let _ = writeln!(out, "    <summary>{}</summary>", escape(description));
        }
        let _ =
            writeln!(out, "    <content type=\"html\">{}</content>", escape(&item.rendered.html));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_the_five_characters_and_keeps_the_rest() {
        assert_eq!(escape("a<b>&\"c'd 中文"), "a&lt;b&gt;&amp;&quot;c&#39;d 中文");
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
    }
}
