//! An arXiv paper from the arXiv API (an Atom feed of one entry).

use super::Work;

/// `2401.01234v2` → `2401.01234`: every version is one paper.
pub(super) fn without_version(id: &str) -> String {
    match id.rfind('v') {
        Some(at)
            if at > 0 && id[at + 1..].chars().all(|c| c.is_ascii_digit()) && at + 1 < id.len() =>
        {
            id[..at].to_string()
        }
        _ => id.to_string(),
    }
}

/// The API request for one paper.
pub(super) fn path(id: &str) -> String {
    format!("query?id_list={id}&max_results=1")
}

/// The paper the feed's entry describes.
pub(super) fn work(body: &str) -> Result<Work, String> {
    let document = roxmltree::Document::parse(body)
        .map_err(|err| format!("the answer is not an Atom feed: {err}"))?;
    let entry = document
        .root_element()
        .children()
        .find(|n| n.has_tag_name("entry"))
        .ok_or("arXiv has no paper with this id")?;
    let child = |name: &str| super::child_text(entry, name);
    let title = child("title").ok_or("arXiv has no paper with this id")?;
    // The API answers an unknown id with an entry titled "Error".
    if title == "Error" && entry.children().all(|n| n.tag_name().name() != "author") {
        return Err(format!("arXiv says: {}", child("summary").unwrap_or_default()));
    }
    let authors: Vec<String> = entry
        .children()
        .filter(|n| n.tag_name().name() == "author")
        .filter_map(|author| {
            author.children().find(|n| n.tag_name().name() == "name").and_then(|n| n.text())
        })
        .map(super::collapse)
        .filter(|name| !name.is_empty())
        .collect();
    if authors.is_empty() {
        return Err("the entry names no authors".into());
    }
    let published = child("published").ok_or("the entry has no date")?;
    let year: i64 =
        published.get(..4).and_then(|y| y.parse().ok()).ok_or("the entry has no date")?;
    let month = published.get(5..7).and_then(|m| m.parse().ok());
    let id = child("id")
        .and_then(|url| url.split_once("/abs/").map(|(_, id)| without_version(id)))
        .ok_or("the entry has no arXiv id")?;
    let mut extra = std::collections::BTreeMap::new();
    if let Some(reference) = child("journal_ref") {
        extra.insert("journal_ref".to_string(), reference);
    }
    if let Some(comment) = child("comment") {
        extra.insert("arxiv_comment".to_string(), comment);
    }
    if let Some(category) = entry
        .children()
        .find(|n| n.tag_name().name() == "primary_category")
        .and_then(|n| n.attribute("term"))
    {
        extra.insert("arxiv_category".to_string(), category.to_string());
    }
    Ok(Work {
        title,
        authors,
        venue: Some("arXiv".to_string()),
        paper_type: "preprint",
        status: "preprint",
        year,
        month,
        doi: child("doi"),
        arxiv: Some(id),
        url: None,
        abstract_text: child("summary"),
        extra,
    })
}
