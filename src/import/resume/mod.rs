//! `folio import resume`: writes content files from someone's existing JSON Resume.

use std::path::{Path, PathBuf};

use crate::content::CONTENT_DIR;
use crate::error::{Diagnostic, Error, Result};
mod schema;
mod site_toml;

use schema::*;

/// The files an import writes, and what it left alone.
pub use super::Imported;

/// Writes content files from the JSON Resume `json` into the site at `root`.
pub fn import(root: &Path, json: &Path, mode: super::Mode) -> Result<Imported> {
    let source = std::fs::read_to_string(json).map_err(|err| Error::io(json, err))?;
    let (plans, problems) = plan(&source, json)?;
    let mut imported = Imported { problems, ..Imported::default() };
    imported.write(root, plans, mode)?;
    let whole: serde_json::Value = serde_json::from_str(&source).unwrap_or_default();
    let contact: site_toml::Contact =
        serde_json::from_value(whole["basics"].clone()).unwrap_or_default();
    let ongoing: Vec<&str> = whole["work"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|job| job.get("endDate").is_none_or(|end| end.as_str().is_none_or(str::is_empty)))
        .filter_map(|job| job["name"].as_str())
        .collect();
    let current = if ongoing.len() == 1 { Some(ongoing[0]) } else { None };
    match site_toml::complete(root, &contact, current, mode.force, mode.dry_run)? {
        site_toml::Outcome::Completed(keys) => {
            imported.notes.push(format!("site.toml: set {}", keys.join(", ")));
        }
        site_toml::Outcome::AlreadyFilled(name) => imported.notes.push(format!(
            "site.toml already names {name}: left as it is (--force writes the résumé's name, contact and profiles into it)"
        )),
        site_toml::Outcome::NothingToDo => {}
    }
    // Sections of the schema that no folio kind holds yet: said, not silently dropped.
    for section in ["volunteer", "languages", "certificates", "references"] {
        let count = whole[section].as_array().map_or(0, Vec::len);
        if count > 0 {
            imported.notes.push(format!(
                "{section} ({count} {}): not imported, folio has no kind for them yet",
                if count == 1 { "entry" } else { "entries" }
            ));
        }
    }
    Ok(imported)
}

/// The content files the JSON Resume text `source` (read from `json`) becomes: site-relative
/// path and text of each, and a problem (with its JSON pointer) for each entry that could
/// not be read. Not JSON at all is an error.
pub fn plan(source: &str, json: &Path) -> Result<super::Planned> {
    let resume: Resume = serde_json::from_str(source).map_err(|err| {
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
    let mut planner = Planner { plans: Vec::new(), problems: std::mem::take(problems) };
    plan_work(&mut planner, &work, json);
    plan_education(&mut planner, &education, json);
    plan_awards(&mut planner, &awards, json);
    let owner = basics.as_ref().and_then(|b| b.name.clone()).unwrap_or_else(|| "others".into());
    plan_publications(&mut planner, &publications, &owner, json);
    plan_projects(&mut planner, &projects, json);
    plan_profile(&mut planner, basics.as_ref(), &skills, &interests, json);
    Ok((planner.plans, planner.problems))
}

/// The files a résumé becomes, and its entries that could not be read.
struct Planner {
    plans: Vec<(PathBuf, String)>,
    problems: Vec<Diagnostic>,
}

impl Planner {
    /// Plans `content/<folder>/<slug of name>.md` (or `content/<name>.md` without a folder)
    /// with front matter `front`, or records why the entry could not be imported.
    fn add(
        &mut self,
        folder: &str,
        name: &str,
        front: std::result::Result<String, Diagnostic>,
        body: String,
    ) {
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
                self.plans.push((rel, format!("+++\n{front}+++\n{body}")));
            }
            Err(problem) => self.problems.push(problem),
        }
    }
}

/// Jobs from the résumé's `work`.
fn plan_work(planner: &mut Planner, work: &[(usize, Work)], json: &Path) {
    for (index, job) in work {
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
        planner.add("jobs", &format!("{} {}", job.name, job.start_date), front, body);
    }
}

/// Degrees from the résumé's `education`.
fn plan_education(planner: &mut Planner, education: &[(usize, Education)], json: &Path) {
    for (index, school) in education {
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
        planner.add(
            "education",
            &format!("{} {}", school.institution, school.study_type),
            front,
            String::new(),
        );
    }
}

/// Awards from the résumé's `awards`.
fn plan_awards(planner: &mut Planner, awards: &[(usize, Award)], json: &Path) {
    for (index, award) in awards {
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
        planner.add("awards", &award.title, front, body);
    }
}

/// Papers from the résumé's `publications`.
fn plan_publications(
    planner: &mut Planner,
    publications: &[(usize, Publication)],
    owner: &str,
    json: &Path,
) {
    for (index, paper) in publications {
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
                toml::Value::Array(vec![owner.to_string().into(), "others".into()]),
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
        planner.add("papers", &paper.name, front, body);
    }
}

/// Projects from the résumé's `projects`.
fn plan_projects(planner: &mut Planner, projects: &[(usize, Project)], json: &Path) {
    for (index, project) in projects {
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
        planner.add("projects", &project.name, front, String::new());
    }
}

/// The profile (`content/_index.md`) from the résumé's basics, skills and interests.
fn plan_profile(
    planner: &mut Planner,
    basics: Option<&Basics>,
    skills: &[(usize, Skill)],
    interests: &[(usize, Interest)],
    json: &Path,
) {
    if let Some(basics) = basics {
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
        planner.add("", "_index", front, body);
    }
}
