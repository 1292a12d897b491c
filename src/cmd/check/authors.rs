//! Author identity across papers: a paper whose authors include none of the ways the
//! owner's name is written (`author.name_variants`) is probably not theirs, or lists them
//! under a spelling folio does not recognise (so it is not highlighted); and one co-author
//! written two ways (`Ming Li`, `M. Li`) splits them in two for readers and indexes.

use std::collections::BTreeMap;

use super::{Report, Severity};
use crate::build::prepare::Prepared;
use crate::content::front_matter::stands_for_unnamed;
use crate::content::{Document, Kind};
use crate::error::Diagnostic;
use crate::error::deserialize::key_line;

/// A name without its marks, spaces and dots, in lower case: how two spellings are matched.
fn normalized(name: &str) -> String {
    name.trim()
        .trim_end_matches(['*', '†', '‡', ' '])
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != ',')
        .flat_map(char::to_lowercase)
        .collect()
}

/// `Ming Li` and `M. Li` → `li m`: family name and first initial, for names in Latin script
/// written first-name-first. Names without a space (Chinese) have none.
fn initial_key(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches(['*', '†', '‡', ' ']);
    let words: Vec<&str> = name.split_whitespace().collect();
    let (last, first) = (words.last()?, words.first()?);
    if words.len() < 2 || !name.is_ascii() {
        return None;
    }
    let initial = first.chars().next()?.to_ascii_lowercase();
    Some(format!("{} {initial}", last.to_ascii_lowercase()))
}

pub(super) fn check_authors(prepared: &Prepared, report: &mut Report) {
    let Some(owner) = &prepared.config.author else { return };
    let mut variants: Vec<String> = owner.name_variants.iter().map(|v| normalized(v)).collect();
    for language in &prepared.config.languages {
        variants
            .push(normalized(owner.name.get(&language.code, &prepared.config.default_language)));
    }
    let root = &prepared.config.root;
    let papers: Vec<&Document> = prepared
        .documents
        .values()
        .map(|doc| &**doc)
        .filter(|doc| doc.kind == Kind::Paper)
        .collect();
    let line_of = |doc: &Document| {
        let text = std::fs::read_to_string(root.join(&doc.file)).unwrap_or_default();
        key_line(&text, "authors", 1)
    };
    // Spellings of each co-author: initial key → spelling → the files that use it.
    let mut spellings: BTreeMap<String, BTreeMap<String, Vec<&Document>>> = BTreeMap::new();
    for doc in &papers {
        let authors = doc.front.authors.as_deref().unwrap_or_default();
        let named: Vec<&String> = authors.iter().filter(|a| !stands_for_unnamed(a)).collect();
        let mine = named.iter().any(|a| variants.contains(&normalized(a)));
        if !mine && !named.is_empty() && !authors.iter().any(|a| stands_for_unnamed(a)) {
            report.push(
                Severity::Warning,
                Diagnostic::new(&doc.file, "none of the authors is you (no author.name_variants in site.toml matches)")
                    .at(line_of(doc))
                    .hint("add the spelling this paper uses to author.name_variants in site.toml, so it is recognised and highlighted"),
            );
        }
        for author in named {
            if variants.contains(&normalized(author)) {
                continue;
            }
            if let Some(key) = initial_key(author) {
                let spelling = author.trim().trim_end_matches(['*', '†', '‡', ' ']).to_string();
                spellings.entry(key).or_default().entry(spelling).or_default().push(doc);
            }
        }
    }
    for forms in spellings.values() {
        if forms.len() < 2 {
            continue;
        }
        // The spelling most papers use, the fullest one on a tie.
        let Some((best, _)) =
            forms.iter().max_by_key(|(spelling, docs)| (docs.len(), spelling.len()))
        else {
            continue;
        };
        for (spelling, docs) in forms {
            if spelling == best {
                continue;
            }
            for doc in docs {
                report.push(
                    Severity::Warning,
                    Diagnostic::new(
                        &doc.file,
                        format!("co-author `{spelling}` is written `{best}` in other papers"),
                    )
                    .at(line_of(doc))
                    .hint(format!("write `{best}` here too (one person, one spelling), unless they are two people")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_person_share_a_key() {
        assert_eq!(initial_key("Ming Li"), initial_key("M. Li*"));
        assert_ne!(initial_key("Ming Li"), initial_key("Wei Li"));
        assert_eq!(initial_key("郑晋图"), None);
        assert_eq!(normalized("Jintu Zheng*†"), normalized("jintu zheng"));
    }
}
