//! `llms.txt` (the llmstxt.org proposal): the site as Markdown for language models and
//! other readers that want the facts without the layout. One per language, at the
//! language's root: the owner, the site's description, then each section's items as links
//! with a short line of what they are (a paper's venue and year, a job's role and place),
//! taken only from what the front matter says.

use std::fmt::Write as _;

use crate::content::{Kind, PaperStatus, Role};
use crate::site::{Item, Links, Site};

/// The `llms.txt` of language `lang`.
pub(crate) fn generate(site: &Site, lang: &str) -> String {
    let config = &site.config;
    let language = config.language(lang);
    let title = language.map(|l| l.title.as_str()).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", one_line(title));
    if let Some(description) = language.map(|l| l.description.as_str()).filter(|d| !d.is_empty()) {
        let _ = writeln!(out, "> {}\n", one_line(description));
    }
    if let Some(author) = &config.author {
        let name = author.name.get(lang, &config.default_language);
        let mut facts = vec![one_line(name)];
        if let Some(affiliation) = &author.affiliation {
            facts.push(one_line(affiliation.get(lang, &config.default_language)));
        }
        if let Some(home) = site.homes.get(lang).map(|&id| &site.items[id]) {
            if let Some(tagline) = &home.doc.front.tagline {
                facts.push(one_line(tagline));
            }
        }
        let _ = writeln!(out, "{}\n", facts.join(" · "));
        let profiles: Vec<String> =
            author.profiles.iter().map(|p| format!("<{}>", p.url.trim())).collect();
        if !profiles.is_empty() {
            let _ = writeln!(out, "Profiles: {}\n", profiles.join(", "));
        }
    }
    for section in site.sections.iter().filter(|s| s.lang == lang && !s.items.is_empty()) {
        let heading = section
            .index
            .map(|id| site.items[id].title())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| section.name.clone());
        let _ = writeln!(out, "## {}\n", one_line(&heading));
        for &id in &section.items {
            let item = &site.items[id];
            if item.doc.role != Role::Item {
                continue;
            }
            let url = Links::permalink_of(config, &item.path);
            let _ = write!(out, "- [{}]({url})", one_line(&item.title()));
            let detail = detail(item, lang);
            if !detail.is_empty() {
                let _ = write!(out, ": {detail}");
            }
            out.push('\n');
        }
        out.push('\n');
    }
    let others: Vec<String> = config
        .languages
        .iter()
        .filter(|l| l.code != lang)
        .map(|l| {
            let url = Links::permalink_of(
                config,
                &format!("{}llms.txt", config.language_prefix(&l.code)),
            );
            format!("- [{}]({url})", one_line(&l.title))
        })
        .collect();
    if !others.is_empty() {
        let _ = writeln!(out, "## Other languages\n\n{}\n", others.join("\n"));
    }
    out.trim_end().to_string() + "\n"
}

/// The few words this file writes itself, in `lang`.
struct Words {
    under_review: &'static str,
    present: &'static str,
    described: &'static str,
}

fn words(lang: &str) -> Words {
    if lang.starts_with("zh") {
        Words {
            under_review: "在审", present: "至今", described: "标题为内容概述，非论文原题"
        }
    } else {
        Words {
            under_review: "under review",
            present: "present",
            described: "the title describes the paper; it is not its exact title",
        }
    }
}

/// What an item is, in a few words from its front matter.
fn detail(item: &Item, lang: &str) -> String {
    let fm = &item.doc.front;
    let words = words(lang);
    let mut parts: Vec<String> = Vec::new();
    match item.doc.kind {
        Kind::Paper => {
            let status = fm.status.unwrap_or_default();
            match (&fm.venue, status) {
                (Some(venue), PaperStatus::UnderReview) => {
                    parts.push(format!("{} ({venue})", words.under_review))
                }
                (None, PaperStatus::UnderReview) => parts.push(words.under_review.into()),
                (Some(venue), _) => {
                    let year = fm.year.map(|y| y.to_string()).unwrap_or_default();
                    if year.is_empty() || venue.contains(&year) {
                        parts.push(venue.clone());
                    } else {
                        parts.push(format!("{venue} {year}"));
                    }
                }
                (None, _) => parts.extend(fm.year.map(|y| y.to_string())),
            }
            if matches!(status, PaperStatus::Accepted | PaperStatus::Preprint) {
                parts.push(format!("{status:?}").to_lowercase());
            }
            parts.extend(fm.badges.iter().flatten().cloned());
            if fm.title_is_description == Some(true) {
                parts.push(words.described.into());
            }
        }
        Kind::Job
        | Kind::Education
        | Kind::Project
        | Kind::Volunteer
        | Kind::Teaching
        | Kind::Service => {
            // A title of its own says something the role and place do not; without one, the
            // title shown is made of them.
            if fm.title.is_some() {
                parts.extend(
                    [&fm.role, &fm.degree, &fm.organization, &fm.school]
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            }
            let from = fm.start.map(|d| d.display(lang));
            let to = fm.end.map(|e| match e.date() {
                Some(date) => date.display(lang),
                None => words.present.to_string(),
            });
            match (from, to) {
                (Some(from), Some(to)) => parts.push(format!("{from}–{to}")),
                (Some(from), None) => parts.push(from),
                _ => {}
            }
        }
        Kind::Talk => {
            parts.extend(fm.event.clone());
            parts.extend(fm.location.clone());
            parts.extend(fm.date.map(|d| d.display(lang)));
        }
        Kind::Award | Kind::Certificate => {
            parts.extend(fm.issuer.clone());
            parts.extend(fm.date.map(|d| d.display(lang)));
        }
        _ => {
            parts.extend(fm.date.map(|d| d.display(lang)));
        }
    }
    if let Some(text) = fm.description.as_ref().or(fm.summary.as_ref()) {
        parts.push(one_line(text));
    }
    parts.iter().map(|p| one_line(p)).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("; ")
}

/// Text on one line, with nothing that would end a Markdown link or list item early.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").replace(['[', ']'], "")
}
