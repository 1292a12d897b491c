//! `folio import resume`: writes content files from someone's existing JSON Resume.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::CONTENT_DIR;
use crate::error::{Diagnostic, Error, Result};
use crate::util::date::Date;

/// The résumé's sections as raw JSON: each entry is read on its own, so one entry with a
/// missing field or a wrong type is reported (with its JSON pointer) and the others are
/// still imported.
#[derive(Debug, Deserialize)]
struct Resume {
    #[serde(default)]
    basics: Option<serde_json::Value>,
    #[serde(default)]
    work: Vec<serde_json::Value>,
    #[serde(default)]
    education: Vec<serde_json::Value>,
    #[serde(default)]
    awards: Vec<serde_json::Value>,
    #[serde(default)]
    publications: Vec<serde_json::Value>,
    #[serde(default)]
    projects: Vec<serde_json::Value>,
    #[serde(default)]
    skills: Vec<serde_json::Value>,
    #[serde(default)]
    interests: Vec<serde_json::Value>,
}

/// The entries of section `name` that read as `T`; the others become problems naming
/// their JSON pointer (`/work/3`) and what is wrong.
fn entries<T: serde::de::DeserializeOwned>(
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
struct Basics {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Work {
    name: String,
    position: String,
    start_date: String,
    #[serde(default)]
    end_date: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    highlights: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Education {
    institution: String,
    study_type: String,
    start_date: String,
    #[serde(default)]
    end_date: Option<String>,
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    score: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Award {
    title: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    awarder: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Publication {
    name: String,
    release_date: String,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Project {
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    start_date: Option<String>,
    #[serde(default)]
    end_date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    entity: Option<String>,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Skill {
    name: String,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Interest {
    name: String,
}

/// The files an import writes, and what it left alone.
pub use super::Imported;

/// `startDate` and `endDate` of entry `entry` (`work[2]`), checked; no end date is "present".
fn valid_period(
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

fn valid_date(field: &str, value: &str, file: &Path) -> std::result::Result<String, Diagnostic> {
    let trimmed = value.trim();
    match Date::parse(trimmed) {
        Some(date) => Ok(date.iso()),
        None => Err(Diagnostic::new(
            file,
            format!("`{field}` = \"{value}\" is not a date (2024, 2024-10 or 2024-10-15)"),
        )),
    }
}

/// Writes content files from the JSON Resume `json` into the site at `root`.
pub fn import(root: &Path, json: &Path, force: bool) -> Result<Imported> {
    let source = std::fs::read_to_string(json).map_err(|err| Error::io(json, err))?;
    let resume: Resume = serde_json::from_str(&source).map_err(|err| {
        Error::from(
            Diagnostic::new(json, format!("not a JSON Resume: {err}"))
                .at_line(err.line())
                .hint("the file must be valid JSON following https://jsonresume.org/schema"),
        )
    })?;
    let mut imported = Imported::default();
    let problems = &mut imported.problems;
    let work: Vec<(usize, Work)> = entries(resume.work, "work", json, problems);
    let education: Vec<(usize, Education)> = entries(resume.education, "education", json, problems);
    let awards: Vec<(usize, Award)> = entries(resume.awards, "awards", json, problems);
    let publications: Vec<(usize, Publication)> =
        entries(resume.publications, "publications", json, problems);
    let projects: Vec<(usize, Project)> = entries(resume.projects, "projects", json, problems);
    let skills: Vec<(usize, Skill)> = entries(resume.skills, "skills", json, problems);
    let interests: Vec<(usize, Interest)> = entries(resume.interests, "interests", json, problems);
    let basics: Option<Basics> = resume.basics.and_then(|value| {
        serde_json::from_value(value)
            .map_err(|err| problems.push(Diagnostic::new(json, format!("/basics: {err}"))))
            .ok()
    });
    let mut plans: Vec<(PathBuf, String)> = Vec::new();
    let mut add = |folder: &str,
                   name: &str,
                   front: std::result::Result<String, Diagnostic>,
                   body: String,
                   problems: &mut Vec<Diagnostic>| {
        match front {
            Ok(front) => {
                let slug = crate::util::slug::slugify(name);
                let rel = if folder.is_empty() {
                    Path::new(CONTENT_DIR).join(format!("{name}.md"))
                } else {
                    Path::new(CONTENT_DIR)
                        .join(folder)
                        .join(format!("{}.md", if slug.is_empty() { "item" } else { &slug }))
                };
                plans.push((rel, format!("+++\n{front}+++\n{body}")));
            }
            Err(problem) => problems.push(problem),
        }
    };
    for (index, job) in &work {
        let front = (|| {
            let (start, end) =
                valid_period(&format!("work[{index}]"), &job.start_date, &job.end_date, json)?;
            let mut table = toml::Table::new();
            table.insert("organization".into(), job.name.clone().into());
            table.insert("role".into(), job.position.clone().into());
            if let Some(location) = &job.location {
                table.insert("location".into(), location.clone().into());
            }
            table.insert("start".into(), start.into());
            table.insert("end".into(), end.into());
            if let Some(summary) = &job.summary {
                table.insert("summary".into(), summary.clone().into());
            }
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        let body: String = job.highlights.iter().map(|h| format!("- {h}\n")).collect();
        add(
            "jobs",
            &format!("{} {}", job.name, job.start_date),
            front,
            body,
            &mut imported.problems,
        );
    }
    for (index, school) in &education {
        let front = (|| {
            let (start, end) = valid_period(
                &format!("education[{index}]"),
                &school.start_date,
                &school.end_date,
                json,
            )?;
            let mut table = toml::Table::new();
            table.insert("school".into(), school.institution.clone().into());
            table.insert("degree".into(), school.study_type.clone().into());
            if let Some(area) = &school.area {
                table.insert("field".into(), area.clone().into());
            }
            table.insert("start".into(), start.into());
            table.insert("end".into(), end.into());
            if let Some(score) = &school.score {
                table.insert("gpa".into(), score.clone().into());
            }
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        add(
            "education",
            &format!("{} {}", school.institution, school.study_type),
            front,
            String::new(),
            &mut imported.problems,
        );
    }
    for (index, award) in &awards {
        let front = (|| {
            let mut table = toml::Table::new();
            table.insert("title".into(), award.title.clone().into());
            if let Some(date) = award.date.as_ref().filter(|d| !d.trim().is_empty()) {
                table.insert(
                    "date".into(),
                    valid_date(&format!("awards[{index}].date"), date, json)?.into(),
                );
            }
            if let Some(awarder) = &award.awarder {
                table.insert("issuer".into(), awarder.clone().into());
            }
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        let body = award.summary.clone().map(|s| format!("{s}\n")).unwrap_or_default();
        add("awards", &award.title, front, body, &mut imported.problems);
    }
    let owner = basics.as_ref().and_then(|b| b.name.clone()).unwrap_or_else(|| "others".into());
    for (index, paper) in &publications {
        let front = (|| {
            let date = valid_date(
                &format!("publications[{index}].releaseDate"),
                &paper.release_date,
                json,
            )?;
            let mut table = toml::Table::new();
            table.insert("title".into(), paper.name.clone().into());
            table.insert(
                "authors".into(),
                toml::Value::Array(vec![owner.clone().into(), "others".into()]),
            );
            if let Some(venue) = &paper.publisher {
                table.insert("venue".into(), venue.clone().into());
            }
            table.insert("type".into(), "journal".into());
            table.insert("year".into(), toml::Value::Integer(date[..4].parse().unwrap_or(0)));
            if date.len() > 4 {
                table.insert("date".into(), date.clone().into());
            }
            if let Some(url) = &paper.url {
                let mut links = toml::Table::new();
                links.insert(
                    if url.ends_with(".pdf") { "pdf" } else { "project" }.into(),
                    url.clone().into(),
                );
                table.insert("links".into(), links.into());
            }
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        let body = paper.summary.clone().map(|s| format!("{s}\n")).unwrap_or_default();
        add("papers", &paper.name, front, body, &mut imported.problems);
    }
    for (index, project) in &projects {
        let front = (|| {
            let mut table = toml::Table::new();
            table.insert("title".into(), project.name.clone().into());
            if let Some(description) = &project.description {
                table.insert("summary".into(), description.clone().into());
            }
            if let Some(entity) = &project.entity {
                table.insert("organization".into(), entity.clone().into());
            }
            if let Some(role) = project.roles.first() {
                table.insert("role".into(), role.clone().into());
            }
            if let Some(start) = project.start_date.as_ref().filter(|d| !d.trim().is_empty()) {
                table.insert(
                    "start".into(),
                    valid_date(&format!("projects[{index}].startDate"), start, json)?.into(),
                );
            }
            if let Some(end) = project.end_date.as_ref().filter(|d| !d.trim().is_empty()) {
                table.insert(
                    "end".into(),
                    valid_date(&format!("projects[{index}].endDate"), end, json)?.into(),
                );
            }
            if !project.keywords.is_empty() {
                table.insert(
                    "tags".into(),
                    toml::Value::Array(project.keywords.iter().map(|k| k.clone().into()).collect()),
                );
            }
            if let Some(url) = &project.url {
                let mut links = toml::Table::new();
                links.insert("website".into(), url.clone().into());
                table.insert("links".into(), links.into());
            }
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        add("projects", &project.name, front, String::new(), &mut imported.problems);
    }
    if let Some(basics) = &basics {
        let mut table = toml::Table::new();
        if let Some(name) = &basics.name {
            table.insert("title".into(), name.clone().into());
        }
        if let Some(label) = &basics.label {
            table.insert("tagline".into(), label.clone().into());
        }
        if !interests.is_empty() {
            table.insert(
                "interests".into(),
                toml::Value::Array(interests.iter().map(|(_, i)| i.name.clone().into()).collect()),
            );
        }
        if !skills.is_empty() {
            let groups: Vec<toml::Value> = skills
                .iter()
                .map(|(_, s)| {
                    let mut group = toml::Table::new();
                    group.insert("name".into(), s.name.clone().into());
                    group.insert(
                        "items".into(),
                        toml::Value::Array(s.keywords.iter().map(|k| k.clone().into()).collect()),
                    );
                    group.into()
                })
                .collect();
            table.insert("skills".into(), toml::Value::Array(groups));
        }
        let front = toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()));
        let body = basics.summary.clone().map(|s| format!("{s}\n")).unwrap_or_default();
        add("", "_index", front, body, &mut imported.problems);
    }
    imported.write(root, plans, force)?;
    Ok(imported)
}
