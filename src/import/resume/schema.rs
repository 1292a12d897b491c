//! The JSON Resume sections folio reads, entry by entry, and their dates checked.

use std::path::Path;

use serde::Deserialize;

use crate::error::Diagnostic;
use crate::util::date::Date;

/// The résumé's sections as raw JSON: each entry is read on its own, so one entry with a
/// missing field or a wrong type is reported (with its JSON pointer) and the others are
/// still imported.
#[derive(Debug, Deserialize)]
pub(super) struct Resume {
    #[serde(default)]
    pub(super) basics: Option<serde_json::Value>,
    #[serde(default)]
    pub(super) work: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) volunteer: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) certificates: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) languages: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) references: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) education: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) awards: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) publications: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) projects: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) skills: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) interests: Vec<serde_json::Value>,
}

/// The entries of section `name` that read as `T`; the others become problems naming
/// their JSON pointer (`/work/3`) and what is wrong.
pub(super) fn entries<T: serde::de::DeserializeOwned>(
    list: Vec<serde_json::Value>,
    name: &str,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(usize, T)> {
    list.into_iter()
        .enumerate()
        .filter_map(|(index, value)| match serde_json::from_value::<T>(value) {
            Ok(entry) => Some((index, entry)),
            Err(err) => {
                problems.push(Diagnostic::new(file, format!("/{name}/{index}: {err}")).hint(
                    "fix this entry (https://jsonresume.org/schema); the others were imported",
                ));
                None
            }
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub(super) struct Basics {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) label: Option<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Work {
    pub(super) name: String,
    pub(super) position: String,
    pub(super) start_date: String,
    #[serde(default)]
    pub(super) end_date: Option<String>,
    #[serde(default)]
    pub(super) location: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
    #[serde(default)]
    pub(super) highlights: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Volunteer {
    pub(super) organization: String,
    pub(super) position: String,
    pub(super) start_date: String,
    #[serde(default)]
    pub(super) end_date: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
    #[serde(default)]
    pub(super) highlights: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Certificate {
    pub(super) name: String,
    #[serde(default)]
    pub(super) date: Option<String>,
    #[serde(default)]
    pub(super) issuer: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Language {
    pub(super) language: String,
    #[serde(default)]
    pub(super) fluency: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Reference {
    pub(super) name: String,
    #[serde(default)]
    pub(super) reference: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Education {
    pub(super) institution: String,
    pub(super) study_type: String,
    pub(super) start_date: String,
    #[serde(default)]
    pub(super) end_date: Option<String>,
    #[serde(default)]
    pub(super) area: Option<String>,
    #[serde(default)]
    pub(super) score: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) location: Option<String>,
    #[serde(default)]
    pub(super) courses: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Award {
    pub(super) title: String,
    #[serde(default)]
    pub(super) date: Option<String>,
    #[serde(default)]
    pub(super) awarder: Option<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Publication {
    pub(super) name: String,
    pub(super) release_date: String,
    #[serde(default)]
    pub(super) publisher: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Project {
    pub(super) name: String,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) start_date: Option<String>,
    #[serde(default)]
    pub(super) end_date: Option<String>,
    #[serde(default)]
    pub(super) url: Option<String>,
    #[serde(default)]
    pub(super) roles: Vec<String>,
    #[serde(default)]
    pub(super) entity: Option<String>,
    #[serde(default)]
    pub(super) keywords: Vec<String>,
    #[serde(default)]
    pub(super) highlights: Vec<String>,
    #[serde(default, rename = "type")]
    pub(super) kind: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Skill {
    pub(super) name: String,
    #[serde(default)]
    pub(super) level: Option<String>,
    #[serde(default)]
    pub(super) keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Interest {
    pub(super) name: String,
    #[serde(default)]
    pub(super) keywords: Vec<String>,
}

/// `startDate` and `endDate` of entry `entry` (`work[2]`), checked; no end date is "present".
pub(super) fn valid_period(
    entry: &str,
    start: &str,
    end: &Option<String>,
    file: &Path,
) -> std::result::Result<(String, String), Diagnostic> {
    let start = valid_date(&format!("{entry}.startDate"), start, file)?;
    let end = match end {
        Some(end) if !end.trim().is_empty() => valid_date(&format!("{entry}.endDate"), end, file)?,
        _ => "present".to_string(),
    };
    // ISO dates of any precision compare as text ("2024" < "2024-03" < "2024-03-01").
    if end != "present" && end < start && !start.starts_with(&end) {
        return Err(Diagnostic::new(
            file,
            format!("`{entry}`: endDate {end} is before startDate {start}"),
        )
        .hint("fix the dates of this entry; the others were imported"));
    }
    Ok((start, end))
}

pub(super) fn valid_date(
    field: &str,
    value: &str,
    file: &Path,
) -> std::result::Result<String, Diagnostic> {
    let trimmed = value.trim();
    match Date::parse(trimmed) {
        Some(date) => Ok(date.iso()),
        None => Err(Diagnostic::new(
            file,
            format!("`{field}` = \"{value}\" is not a date (2024, 2024-10 or 2024-10-15)"),
        )),
    }
}
