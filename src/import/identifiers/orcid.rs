//! An ORCID record's works (the public API's `/works`): one summary per group of
//! duplicates, with the DOI or arXiv id that leads to the full record.

use serde_json::Value;

use super::Work;

/// Whether `id` is an ORCID iD: four groups of four digits, the last character its
/// ISO 7064 11,2 checksum (0-9 or X).
pub(super) fn valid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    if groups.len() != 4 || groups.iter().any(|g| g.len() != 4 || !g.is_ascii()) {
        return false;
    }
    let characters: Vec<char> = groups.concat().chars().collect();
    let (body, check) = characters.split_at(15);
    if !body.iter().all(char::is_ascii_digit) {
        return false;
    }
    let total = body.iter().fold(0u32, |total, c| (total + c.to_digit(10).unwrap_or(0)) * 2);
    let result = (12 - total % 11) % 11;
    let expected = if result == 10 { 'X' } else { char::from_digit(result, 10).unwrap_or('?') };
    check.first() == Some(&expected)
}

/// One work of the record.
pub(super) struct Summary {
    /// What ORCID itself says (no authors).
    pub(super) work: Work,
    pub(super) doi: Option<String>,
    pub(super) arxiv: Option<String>,
}

/// The works of an ORCID `/works` answer, the preferred summary of each group.
pub(super) fn summaries(body: &str) -> Result<Vec<Summary>, String> {
    let record: Value = serde_json::from_str(body)
        .map_err(|err| format!("the answer is not ORCID's works JSON: {err}"))?;
    let groups = record["group"].as_array().ok_or("the answer has no `group` list")?;
    let mut out = Vec::new();
    for group in groups {
        let Some(summary) = group["work-summary"].as_array().and_then(|s| s.first()) else {
            continue;
        };
        let Some(title) = value(&summary["title"]["title"]) else { continue };
        let own_id = |kind: &str| {
            summary["external-ids"]["external-id"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|id| id["external-id-relationship"].as_str() != Some("part-of"))
                .find(|id| id["external-id-type"].as_str() == Some(kind))
                .and_then(|id| {
                    value(&id["external-id-normalized"]).or_else(|| value(&id["external-id-value"]))
                })
        };
        let date = &summary["publication-date"];
        let year = value(&date["year"]).and_then(|y| y.parse::<i64>().ok()).unwrap_or(0);
        let month = value(&date["month"]).and_then(|m| m.parse::<u8>().ok());
        let (paper_type, status) = match summary["type"].as_str().unwrap_or_default() {
            "journal-article" => ("journal", "published"),
            "conference-paper" | "conference-abstract" | "conference-poster" => {
                ("conference", "published")
            }
            "book" | "edited-book" => ("book", "published"),
            "book-chapter" => ("chapter", "published"),
            "dissertation-thesis" | "dissertation" => ("thesis", "published"),
            "report" | "working-paper" => ("report", "published"),
            "patent" => ("patent", "published"),
            "preprint" => ("preprint", "preprint"),
            _ => ("other", "published"),
        };
        let doi = own_id("doi").map(|doi| crate::import::bibtex::normalize_doi(&doi));
        let arxiv = own_id("arxiv").map(|id| {
            super::arxiv::without_version(
                id.trim_start_matches("arXiv:").trim_start_matches("arxiv:"),
            )
        });
        out.push(Summary {
            work: Work {
                title,
                authors: Vec::new(),
                venue: value(&summary["journal-title"]),
                paper_type,
                status,
                year,
                month,
                doi: doi.clone(),
                arxiv: arxiv.clone(),
                url: value(&summary["url"]),
                abstract_text: None,
                extra: Default::default(),
            },
            doi,
            arxiv,
        });
    }
    Ok(out)
}

/// ORCID wraps each value as `{"value": …}`.
fn value(field: &Value) -> Option<String> {
    field["value"].as_str().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}
