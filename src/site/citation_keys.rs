//! Citation keys: the key a paper is cited by, made from its first author, year and title
//! (`zheng2024sparse`), or read from the paper's own BibTeX entry.

use super::{Item, ItemId};
use crate::content::{Kind, Role};
use crate::util::script::is_cjk;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

const STOPWORDS: [&str; 16] = [
    "a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "from", "by", "at",
    "is", "towards",
];

/// The family name of an author as written (`Jintu Zheng`, `Zheng, Jintu`, `郑晋图`).
fn family_name(author: &str) -> String {
    let author = author.trim().trim_end_matches(['*', '†', ' ']);
    if let Some((family, _)) = author.split_once(',') {
        return family.trim().to_string();
    }
    let first = author.chars().next().unwrap_or(' ');
    if is_cjk(first) {
        return first.to_string(); // Chinese names put the family name first
    }
    author.split_whitespace().last().unwrap_or(author).to_string()
}

/// The citation key of a paper: family name of the first named author, year, first
/// significant word of the title (`zheng2024sparse`), in ASCII.
pub(crate) fn citation_key(authors: &[String], year: u16, title: &str) -> String {
    let ascii = |text: &str| -> String {
        deunicode::deunicode(text)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect()
    };
    let first = authors
        .iter()
        .find(|a| !a.trim().eq_ignore_ascii_case("others"))
        .map(|a| ascii(&family_name(a)));
    let word = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            // A Chinese title has no spaces: take its first character.
            if w.chars().next().is_some_and(is_cjk) {
                vec![w.chars().next().map(String::from).unwrap_or_default()]
            } else {
                vec![w.to_string()]
            }
        })
        .map(|w| ascii(&w))
        .find(|w| !w.is_empty() && !STOPWORDS.contains(&w.as_str()))
        .unwrap_or_default();
    format!("{}{year}{word}", first.filter(|f| !f.is_empty()).unwrap_or_else(|| "anon".to_string()))
}

/// The key of a hand-written entry (`@article{key, ...`).
pub(crate) fn key_of(entry: &str) -> Option<String> {
    let open = entry.find(['{', '('])?;
    let rest = &entry[open + 1..];
    let end = rest.find(',').unwrap_or(rest.len());
    let key = rest[..end].trim();
    (!key.is_empty()).then(|| key.to_string())
}

/// Gives every paper a citation key, the same in all its languages (made from the English
/// version when there is one) and unique within a language (`zheng2024sparse`,
/// `zheng2024sparsea`, ...).
pub(super) fn assign_citation_keys(
    items: &mut [Item],
    translations: &HashMap<String, Vec<ItemId>>,
) {
    // A paper known only by a description of its title has no citation to give, unless
    // its own `bibtex` brings the real one.
    let citable = |item: &Item| {
        let fm = &item.doc.front;
        fm.title_is_description != Some(true) || fm.bibtex.is_some()
    };
    let papers: Vec<ItemId> = (0..items.len())
        .filter(|&id| {
            items[id].doc.kind == Kind::Paper
                && items[id].doc.role == Role::Item
                && citable(&items[id])
        })
        .collect();
    let wanted_key = |id: ItemId| {
        let item = &items[id];
        let own = item.doc.front.bibtex.as_deref().and_then(crate::site::citation_keys::key_of);
        let key = own.unwrap_or_else(|| {
            let group = translations.get(&item.doc.key).map(Vec::as_slice).unwrap_or(&[]);
            let source =
                group.iter().map(|&g| &items[g]).find(|g| g.doc.lang == "en").unwrap_or(item);
            let fm = &source.doc.front;
            crate::site::citation_keys::citation_key(
                fm.authors.as_deref().unwrap_or(&[]),
                fm.year.unwrap_or(0),
                fm.title.as_deref().unwrap_or(""),
            )
        });
        (item.doc.lang.clone(), key, item.doc.key.clone(), id)
    };
    let mut wanted: Vec<(String, String, String, ItemId)> =
        papers.into_par_iter().map(wanted_key).collect();
    wanted.par_sort();
    let mut previous: Option<(String, String)> = None;
    let mut count = 0;
    let mut first_of_run = 0;
    for index in 0..wanted.len() {
        let (lang, key, _, id) = &wanted[index];
        if previous.as_ref() == Some(&(lang.clone(), key.clone())) {
            count += 1;
            if count == 1 {
                // The run has several papers: the first one becomes `…a` too.
                let first_id = wanted[first_of_run].3;
                items[first_id].cite_key = Some(format!("{key}a"));
            }
            items[*id].cite_key = Some(format!("{key}{}", (b'a' + (count as u8).min(25)) as char));
        } else {
            count = 0;
            first_of_run = index;
            items[*id].cite_key = Some(key.clone());
            previous = Some((lang.clone(), key.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_keys() {
        let authors = vec!["Jintu Zheng*".to_string(), "others".to_string()];
        assert_eq!(
            citation_key(&authors, 2024, "Sparse-view subcellular structure prediction"),
            "zheng2024sparse"
        );
        assert_eq!(citation_key(&authors, 2024, "On the Importance of X"), "zheng2024importance");
        assert_eq!(citation_key(&["Zheng, Jintu".into()], 2023, "A study"), "zheng2023study");
        assert_eq!(citation_key(&["郑晋图".into()], 2022, "视频对象分割"), "zheng2022shi");
        assert_eq!(
            citation_key(&["others".into(), "J. Müller".into()], 2021, "Über alles"),
            "muller2021uber"
        );
    }
}
