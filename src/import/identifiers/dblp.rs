//! A person's publications from their dblp page (`/pid/<pid>.xml`).

use super::Work;

/// The papers of a dblp person page, and a note for each record that is not one (an
/// edited volume, a data set).
pub(super) fn works(body: &str) -> Result<(Vec<Work>, Vec<String>), String> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let document = roxmltree::Document::parse_with_options(body, options)
        .map_err(|err| format!("the answer is not a dblp person page: {err}"))?;
    let root = document.root_element();
    if !root.has_tag_name("dblpperson") {
        return Err("the answer is not a dblp person page".into());
    }
    let mut works = Vec::new();
    let mut notes = Vec::new();
    for record in root.children().filter(|n| n.has_tag_name("r")) {
        let Some(publication) = record.children().find(roxmltree::Node::is_element) else {
            continue;
        };
        let text = |name: &str| super::child_text(publication, name);
        let key = publication.attribute("key").unwrap_or_default();
        let Some(title) = text("title") else { continue };
        // dblp ends titles with a full stop of its own.
        let title = title.strip_suffix('.').unwrap_or(&title).to_string();
        let informal = publication.attribute("publtype").is_some_and(|t| t.contains("informal"));
        let journal = text("journal");
        let (paper_type, status) = match publication.tag_name().name() {
            "article" if informal || journal.as_deref() == Some("CoRR") => ("preprint", "preprint"),
            "article" => ("journal", "published"),
            "inproceedings" => ("conference", "published"),
            "incollection" => ("chapter", "published"),
            "book" => ("book", "published"),
            "phdthesis" | "mastersthesis" => ("thesis", "published"),
            other => {
                notes.push(format!("{key} ({other}, \"{title}\") is not a paper: not imported"));
                continue;
            }
        };
        let authors: Vec<String> = publication
            .children()
            .filter(|n| n.has_tag_name("author"))
            .filter_map(|n| n.text())
            .map(without_homonym_number)
            .collect();
        if authors.is_empty() {
            notes.push(format!("{key} (\"{title}\") names no authors: not imported"));
            continue;
        }
        let Some(year) = text("year").and_then(|y| y.parse::<i64>().ok()) else {
            notes.push(format!("{key} (\"{title}\") has no year: not imported"));
            continue;
        };
        let (mut doi, mut arxiv, mut url) = (None, None, None);
        for link in publication.children().filter(|n| n.has_tag_name("ee")).filter_map(|n| n.text())
        {
            let link = link.trim();
            if let Some((_, id)) = link.split_once("doi.org/") {
                doi.get_or_insert_with(|| id.to_string());
            } else if let Some((_, id)) = link.split_once("arxiv.org/abs/") {
                arxiv.get_or_insert_with(|| super::arxiv::without_version(id));
            } else {
                url.get_or_insert_with(|| link.to_string());
            }
        }
        let venue = match paper_type {
            "preprint" if arxiv.is_some() => Some("arXiv".to_string()),
            "thesis" => text("school"),
            "book" => text("publisher"),
            _ => text("booktitle").or(journal),
        };
        let mut extra = std::collections::BTreeMap::new();
        extra.insert("dblp".to_string(), key.to_string());
        works.push(Work {
            title,
            authors,
            venue,
            paper_type,
            status,
            year,
            month: None,
            doi,
            arxiv,
            url,
            abstract_text: None,
            extra,
        });
    }
    Ok((works, notes))
}

/// `Wei Zhang 0001` → `Wei Zhang`: dblp numbers people who share a name.
fn without_homonym_number(name: &str) -> String {
    let name = super::collapse(name);
    match name.rsplit_once(' ') {
        Some((rest, number)) if number.len() == 4 && number.chars().all(|c| c.is_ascii_digit()) => {
            rest.to_string()
        }
        _ => name,
    }
}
