//! `folio import resume`: writes content files from someone's existing JSON Resume.

use std::path::Path;

use crate::error::{Diagnostic, Error, Result};
mod schema;
mod sections;
mod site_toml;

use schema::*;
use sections::*;

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
    // What a home page deliberately does not publish, or cannot without a copy: said.
    let basics = &whole["basics"];
    if let Some(image) = basics["image"].as_str().filter(|i| !i.trim().is_empty()) {
        imported.notes.push(format!(
            "basics.image ({image}): not linked (a page of yours would load it from another site); save it under static/ and set author.avatar in site.toml"
        ));
    }
    let location = &basics["location"];
    let private: Vec<&str> = ["address", "postalCode"]
        .into_iter()
        .filter(|key| location[key].as_str().is_some_and(|v| !v.trim().is_empty()))
        .collect();
    if !private.is_empty() {
        imported.notes.push(format!(
            "basics.location.{}: not published (author.location shows city, region and country)",
            private.join(", ")
        ));
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
    let volunteer: Vec<(usize, Volunteer)> = entries(resume.volunteer, "volunteer", json, problems);
    let certificates: Vec<(usize, Certificate)> =
        entries(resume.certificates, "certificates", json, problems);
    let languages: Vec<(usize, Language)> = entries(resume.languages, "languages", json, problems);
    let references: Vec<(usize, Reference)> =
        entries(resume.references, "references", json, problems);
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
    plan_volunteer(&mut planner, &volunteer, json);
    plan_education(&mut planner, &education, json);
    plan_awards(&mut planner, &awards, json);
    plan_certificates(&mut planner, &certificates, json);
    let owner = basics.as_ref().and_then(|b| b.name.clone()).unwrap_or_else(|| "others".into());
    plan_publications(&mut planner, &publications, &owner, json);
    plan_projects(&mut planner, &projects, json);
    let profile = Profile { skills, interests, languages, references };
    plan_profile(&mut planner, basics.as_ref(), &profile, json);
    Ok((planner.plans, planner.problems))
}

/// The profile (`content/_index.md`) from the résumé's basics, skills and interests.
/// The résumé's sections that belong to the person rather than to a dated entry.
struct Profile {
    skills: Vec<(usize, Skill)>,
    interests: Vec<(usize, Interest)>,
    languages: Vec<(usize, Language)>,
    references: Vec<(usize, Reference)>,
}

fn plan_profile(planner: &mut Planner, basics: Option<&Basics>, profile: &Profile, json: &Path) {
    let Profile { skills, interests, languages, references } = profile;
    if let Some(basics) = basics {
        let mut table = toml::Table::new();
        if let Some(name) = &basics.name {
            table.insert("title".into(), name.clone().into());
        }
        if let Some(label) = &basics.label {
            table.insert("tagline".into(), label.clone().into());
        }
        if !interests.is_empty() {
            let interests = interests.iter().map(|(_, interest)| {
                if interest.keywords.is_empty() {
                    interest.name.clone().into()
                } else {
                    let mut group = toml::Table::new();
                    group.insert("name".into(), interest.name.clone().into());
                    group.insert("keywords".into(), strings(&interest.keywords));
                    group.into()
                }
            });
            table.insert("interests".into(), toml::Value::Array(interests.collect()));
        }
        if !skills.is_empty() {
            let groups: Vec<toml::Value> = skills
                .iter()
                .map(|(_, s)| {
                    let mut group = toml::Table::new();
                    group.insert("name".into(), s.name.clone().into());
                    put(&mut group, "level", &s.level);
                    group.insert("items".into(), strings(&s.keywords));
                    group.into()
                })
                .collect();
            table.insert("skills".into(), toml::Value::Array(groups));
        }
        if !languages.is_empty() {
            let spoken = languages.iter().map(|(_, l)| {
                let mut language = toml::Table::new();
                language.insert("name".into(), l.language.clone().into());
                put(&mut language, "fluency", &l.fluency);
                language.into()
            });
            table.insert("languages".into(), toml::Value::Array(spoken.collect()));
        }
        if !references.is_empty() {
            let given = references.iter().map(|(_, r)| {
                let mut reference = toml::Table::new();
                reference.insert("name".into(), r.name.clone().into());
                put(&mut reference, "reference", &r.reference);
                reference.into()
            });
            table.insert("references".into(), toml::Value::Array(given.collect()));
        }
        let front = toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()));
        let body = paragraph(&basics.summary);
        planner.add("", "_index", front, body);
    }
}

/// A list of strings as a TOML array.
pub(super) fn strings(list: &[String]) -> toml::Value {
    toml::Value::Array(list.iter().map(|s| s.clone().into()).collect())
}
