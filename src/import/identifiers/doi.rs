//! A DOI's record by doi.org content negotiation, as CSL-JSON: the one format Crossref,
//! DataCite and the other registration agencies all answer in.

use serde_json::Value;

use super::Work;

/// The request path of `doi` (its characters escaped where a URL needs them).
pub(super) fn path(doi: &str) -> String {
    doi.chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' | ':' | '(' | ')' => {
                c.to_string()
            }
            c => {
                let mut buffer = [0u8; 4];
                c.encode_utf8(&mut buffer).bytes().map(|b| format!("%{b:02X}")).collect()
            }
        })
        .collect()
}

/// The paper a CSL-JSON record describes.
pub(super) fn work(body: &str) -> Result<Work, String> {
    let record: Value =
        serde_json::from_str(body).map_err(|err| format!("the answer is not CSL-JSON: {err}"))?;
    let title = text(&record["title"]).ok_or("the record has no title")?;
    let authors: Vec<String> = record["author"]
        .as_array()
        .or_else(|| record["editor"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|person| {
            let literal = text(&person["literal"]);
            let given = text(&person["given"]).unwrap_or_default();
            let family = text(&person["family"]).unwrap_or_default();
            literal.or_else(|| {
                let name = super::display_name(&given, &family);
                (!name.is_empty()).then_some(name)
            })
        })
        .collect();
    if authors.is_empty() {
        return Err("the record names no authors".into());
    }
    let (year, month) = ["issued", "published-print", "published-online", "published", "created"]
        .iter()
        .find_map(|key| date_parts(&record[*key]))
        .ok_or("the record has no date")?;
    let kind = record["type"].as_str().unwrap_or_default();
    let (paper_type, status) = match kind {
        "article-journal" | "journal-article" => ("journal", "published"),
        "paper-conference" | "proceedings-article" => ("conference", "published"),
        "book" | "monograph" | "edited-book" => ("book", "published"),
        "chapter" | "book-chapter" | "entry" => ("chapter", "published"),
        "thesis" | "dissertation" => ("thesis", "published"),
        "report" => ("report", "published"),
        "patent" => ("patent", "published"),
        "posted-content" | "article" => ("preprint", "preprint"),
        _ => ("other", "published"),
    };
    let venue = text(&record["container-title"])
        .or_else(|| text(&record["event-title"]))
        .or_else(|| text(&record["event"]).filter(|_| paper_type == "conference"))
        .or_else(|| text(&record["publisher"]).filter(|_| matches!(paper_type, "book" | "report")));
    let doi = text(&record["DOI"]).map(|doi| doi.trim().to_string());
    let mut extra = std::collections::BTreeMap::new();
    for (field, key) in [("volume", "volume"), ("issue", "issue"), ("page", "pages")] {
        if let Some(value) = text(&record[field]) {
            extra.insert(key.to_string(), value);
        }
    }
    Ok(Work {
        title: super::plain(&title),
        authors,
        venue: venue.map(|v| super::plain(&v)),
        paper_type,
        status,
        year,
        month,
        doi,
        arxiv: None,
        url: text(&record["URL"]),
        abstract_text: text(&record["abstract"]).map(|a| super::plain(&a)),
        extra,
    })
}

/// A string, or the first of a list of strings (Crossref gives titles as lists).
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(list) => list.iter().find_map(text),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Year and month of a CSL date (`{"date-parts": [[2016, 6]]}`; parts may be strings).
fn date_parts(value: &Value) -> Option<(i64, Option<u8>)> {
    let parts = value["date-parts"].as_array()?.first()?.as_array()?;
    let number = |v: &Value| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok());
    let year = parts.first().and_then(number).filter(|y| (1000..=2999).contains(y))?;
    let month = parts
        .get(1)
        .and_then(number)
        .and_then(|m| u8::try_from(m).ok())
        .filter(|m| (1..=12).contains(m));
    Some((year, month))
}
