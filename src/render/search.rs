//! The search index: one small JSON file per language, written at build time, which the
//! theme's search page queries in the browser (no server, no third-party service).
//!
//! Format (version 1), documented for themes in docs/themes.md:
//!
//! ```json
//! { "version": 1, "lang": "en",
//!   "docs": [ { "title": "…", "url": "/papers/x/", "kind": "paper", "meta": "ECCV 2024", "summary": "…" } ],
//!   "terms": { "segmentation": [4, 9], "视频": [2] } }
//! ```
//!
//! A posting is `doc * 4 + field`, field 0 = title, 1 = meta (venue, year, tags,
//! organisation, authors), 2 = summary, so a page can rank title hits first.
//!
//! Tokens ([`tokens`]): lower-cased words of letters and digits; runs of Chinese, Japanese
//! or Korean characters, which have no spaces between words, become overlapping bigrams
//! (`视频目标分割` → `视频 频目 目标 标分 分割`), and a lone character stays a unigram.
//! The page tokenises queries the same way and matches tokens as prefixes, so a one-character
//! query finds the bigrams that start with it.

use crate::util::script::is_cjk;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::{Kind, Role};
use crate::site::{Links, Site};

/// How many characters of a summary the index keeps (results show it as a snippet).
const SUMMARY_CHARS: usize = 160;

#[derive(Serialize)]
struct Index<'a> {
    version: u32,
    lang: &'a str,
    docs: Vec<Doc>,
    terms: BTreeMap<String, Vec<u32>>,
}

#[derive(Serialize)]
struct Doc {
    title: String,
    url: String,
    kind: &'static str,
    meta: String,
    summary: String,
}

/// The search index of language `lang`, as JSON.
pub(crate) fn index(site: &Site, lang: &str) -> String {
    let mut docs = Vec::new();
    let mut terms: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for item in site.items.iter().filter(|i| i.doc.lang == lang && i.doc.role == Role::Item) {
        let fm = &item.doc.front;
        let title = title_of(item.doc.kind, fm);
        let mut meta: Vec<String> = Vec::new();
        let mut push = |value: &Option<String>| {
            if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                meta.push(value.trim().to_string());
            }
        };
        push(&fm.venue);
        push(&fm.organization);
        push(&fm.school);
        push(&fm.issuer);
        push(&fm.degree);
        let year = fm.year.or(fm.date.or(fm.start).map(|date| date.year)).map(|y| y.to_string());
        // "ECCV 2024" already says the year.
        if let Some(year) = year.filter(|year| !meta.iter().any(|m| m.contains(year.as_str()))) {
            meta.push(year);
        }
        let shown_meta = meta.join(" · ");
        let mut searchable_meta = shown_meta.clone();
        for extra in fm.tags.iter().flatten().chain(fm.authors.iter().flatten()) {
            searchable_meta.push(' ');
            searchable_meta.push_str(extra);
        }
        let summary = summary(item);

        let id = u32::try_from(docs.len()).unwrap_or(u32::MAX);
        for (field, text) in [(0, title.as_str()), (1, &searchable_meta), (2, &summary)] {
            for token in tokens(text) {
                let postings = terms.entry(token).or_default();
                let posting = id * 4 + field;
                // A token in both the title and the summary keeps its best (lowest) field.
                if !postings.iter().any(|&p| p / 4 == id) {
                    postings.push(posting);
                }
            }
        }
        docs.push(Doc {
            title,
            url: Links::url_of(&site.config, &item.path),
            kind: item.doc.kind.name(),
            meta: shown_meta,
            summary,
        });
    }
    let index = Index { version: 1, lang, docs, terms };
    serde_json::to_string(&index).unwrap_or_else(|_| "{}".to_string())
}

/// The summary an item shows in the index: its front matter's, or its body's first
/// paragraph (the one thing of the index an edit of the body can change).
pub(crate) fn summary(item: &crate::site::Item) -> String {
    let fm = &item.doc.front;
    let summary = match fm.summary.as_deref().or(fm.description.as_deref()) {
        Some(text) if !text.trim().is_empty() => crate::markdown::plain_text(text),
        _ => crate::markdown::lead(&item.rendered.html),
    };
    shorten(&summary, SUMMARY_CHARS)
}

fn title_of(kind: Kind, fm: &crate::content::front_matter::FrontMatter) -> String {
    if let Some(title) = fm.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return crate::markdown::plain_text(title);
    }
    let parts: Vec<&str> = match kind {
        Kind::Job | Kind::Volunteer => {
            [&fm.role, &fm.organization].into_iter().flatten().map(String::as_str).collect()
        }
        Kind::Education => {
            [&fm.degree, &fm.school].into_iter().flatten().map(String::as_str).collect()
        }
        _ => Vec::new(),
    };
    parts.join(" · ")
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_space = cut.rfind(' ').filter(|&at| at > max / 2);
    let kept = at_space.map_or(cut.as_str(), |at| &cut[..at]);
    format!("{}…", kept.trim_end_matches([',', ';', ':', '，', '、', '；']))
}

/// The index tokens of `text` (see the module documentation).
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut Vec<String>| {
        match cjk.len() {
            0 => {}
            1 => out.push(cjk[0].to_string()),
            _ => out.extend(cjk.windows(2).map(|pair| pair.iter().collect::<String>())),
        }
        cjk.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut cjk, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut cjk, &mut out);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_and_cjk_becomes_bigrams() {
        assert_eq!(
            tokens("Video Object-Segmentation, 2024"),
            ["2024", "object", "segmentation", "video"]
        );
        assert_eq!(tokens("视频目标分割"), ["分割", "标分", "目标", "视频", "频目"]);
        assert_eq!(tokens("第5名"), ["5", "名", "第"]);
        assert_eq!(tokens("DAVIS挑战赛"), ["davis", "战赛", "挑战"]);
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
    }
}
