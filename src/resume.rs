//! JSON Resume, both ways: `/resume.json` (and `/en/resume.json`) generated from the same
//! content as the site, valid against the official schema, and `folio import resume`,
//! which writes content files from someone's existing `resume.json`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::content::{CONTENT_DIR, Kind, Role};
use crate::date::{Date, EndDate};
use crate::error::{Diagnostic, Error, Result};
use crate::site::{ItemId, Site};

fn text(value: &Option<String>) -> Option<Value> {
    value.as_ref().filter(|v| !v.trim().is_empty()).map(|v| Value::String(v.clone()))
}

/// Inserts `value` under `key` when there is one (the schema wants absent, not null).
fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        map.insert(key.to_string(), value);
    }
}

fn date(date: Option<Date>) -> Option<Value> {
    date.map(|d| Value::String(d.iso()))
}

fn end_date(end: Option<EndDate>) -> Option<Value> {
    end.and_then(|e| e.date()).map(|d| Value::String(d.iso()))
}

/// The list items of a body's HTML, as text (a job's bullet points become highlights).
fn highlights(html: &str) -> Vec<Value> {
    html.split("<li>")
        .skip(1)
        .map(|item| crate::markdown::plain_text(item.split("</li>").next().unwrap_or(item)))
        .filter(|item| !item.is_empty())
        .map(Value::String)
        .collect()
}

/// The resume of `lang`, as pretty-printed JSON.
pub fn generate(site: &Site, lang: &str) -> String {
    let config = &site.config;
    let default = &config.default_language;
    let absolute = |path: &str| crate::site::Links::permalink_of(config, path);
    let in_lang = |kind: Kind| site.collection(kind, lang);
    let mut resume = Map::new();
    resume.insert(
        "$schema".into(),
        json!("https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"),
    );

    let mut basics = Map::new();
    let home = site.homes.get(lang).map(|&id| &site.items[id]);
    if let Some(author) = &config.author {
        put(&mut basics, "name", Some(json!(author.name.get(lang, default))));
        put(&mut basics, "email", author.email.as_ref().map(|e| json!(e)));
        if let Some(avatar) = &author.avatar {
            let url = if avatar.contains("://") {
                avatar.clone()
            } else {
                absolute(avatar.trim_start_matches('/'))
            };
            basics.insert("image".into(), json!(url));
        }
        let profiles: Vec<Value> = author
            .profiles
            .iter()
            .filter(|p| p.url.contains("://"))
            .map(|p| {
                let network = serde_json::to_value(p.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                json!({ "network": p.label.clone().unwrap_or(network), "url": p.url })
            })
            .collect();
        basics.insert("profiles".into(), Value::Array(profiles));
    } else {
        put(
            &mut basics,
            "name",
            Some(json!(config.language(lang).map(|l| l.title.clone()).unwrap_or_default())),
        );
    }
    basics.insert("url".into(), json!(absolute(&config.language_prefix(lang))));
    if let Some(home) = home {
        put(&mut basics, "label", text(&home.doc.front.tagline));
        let bio = crate::markdown::plain_text(&home.rendered.html);
        if !bio.is_empty() {
            basics.insert("summary".into(), json!(bio));
        }
    }
    resume.insert("basics".into(), Value::Object(basics));

    let work: Vec<Value> = in_lang(Kind::Job)
        .into_iter()
        .map(|id| {
            let item = &site.items[id];
            let fm = &item.doc.front;
            let mut entry = Map::new();
            put(&mut entry, "name", text(&fm.organization));
            put(&mut entry, "position", text(&fm.role));
            put(&mut entry, "location", text(&fm.location));
            put(&mut entry, "startDate", date(fm.start));
            put(&mut entry, "endDate", end_date(fm.end));
            put(&mut entry, "summary", text(&fm.summary));
            let points = highlights(&item.rendered.html);
            if !points.is_empty() {
                entry.insert("highlights".into(), Value::Array(points));
            }
            Value::Object(entry)
        })
        .collect();
    resume.insert("work".into(), Value::Array(work));

    let education: Vec<Value> = in_lang(Kind::Education)
        .into_iter()
        .map(|id| {
            let fm = &site.items[id].doc.front;
            let mut entry = Map::new();
            put(&mut entry, "institution", text(&fm.school));
            put(&mut entry, "area", text(&fm.field));
            put(&mut entry, "studyType", text(&fm.degree));
            put(&mut entry, "startDate", date(fm.start));
            put(&mut entry, "endDate", end_date(fm.end));
            put(&mut entry, "score", text(&fm.gpa));
            Value::Object(entry)
        })
        .collect();
    resume.insert("education".into(), Value::Array(education));

    let awards: Vec<Value> = in_lang(Kind::Award)
        .into_iter()
        .map(|id| {
            let fm = &site.items[id].doc.front;
            let mut entry = Map::new();
            put(&mut entry, "title", text(&fm.title));
            put(&mut entry, "date", date(fm.date));
            put(&mut entry, "awarder", text(&fm.issuer));
            let summary: Vec<String> =
                [fm.rank.clone(), fm.field_size.map(|n| format!("/ {n}")), fm.level.clone()]
                    .into_iter()
                    .flatten()
                    .collect();
            if !summary.is_empty() {
                entry.insert("summary".into(), json!(summary.join(" ")));
            }
            Value::Object(entry)
        })
        .collect();
    resume.insert("awards".into(), Value::Array(awards));

    let publications: Vec<Value> = in_lang(Kind::Paper)
        .into_iter()
        .map(|id| publication(site, id, &absolute(&site.items[id].path)))
        .collect();
    resume.insert("publications".into(), Value::Array(publications));

    let projects: Vec<Value> = in_lang(Kind::Project)
        .into_iter()
        .map(|id| {
            let item = &site.items[id];
            let fm = &item.doc.front;
            let mut entry = Map::new();
            put(&mut entry, "name", Some(json!(item.title())));
            put(&mut entry, "description", text(&fm.summary).or_else(|| text(&fm.description)));
            put(&mut entry, "entity", text(&fm.organization));
            put(&mut entry, "startDate", date(fm.start.or(fm.date)));
            put(&mut entry, "endDate", end_date(fm.end));
            entry.insert("url".into(), json!(absolute(&item.path)));
            if let Some(role) = text(&fm.role) {
                entry.insert("roles".into(), Value::Array(vec![role]));
            }
            if let Some(tags) = fm.tags.as_ref().filter(|t| !t.is_empty()) {
                entry.insert("keywords".into(), json!(tags));
            }
            Value::Object(entry)
        })
        .collect();
    resume.insert("projects".into(), Value::Array(projects));

    if let Some(home) = home {
        let skills: Vec<Value> = home
            .doc
            .front
            .skills
            .iter()
            .flatten()
            .map(|group| json!({ "name": group.name, "keywords": group.items }))
            .collect();
        resume.insert("skills".into(), Value::Array(skills));
        let interests: Vec<Value> =
            home.doc.front.interests.iter().flatten().map(|name| json!({ "name": name })).collect();
        resume.insert("interests".into(), Value::Array(interests));
    }
    let mut out =
        serde_json::to_string_pretty(&Value::Object(resume)).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

fn publication(site: &Site, id: ItemId, url: &str) -> Value {
    let item = &site.items[id];
    let fm = &item.doc.front;
    let mut entry = Map::new();
    put(&mut entry, "name", Some(json!(item.title())));
    put(&mut entry, "publisher", text(&fm.venue));
    put(
        &mut entry,
        "releaseDate",
        date(fm.date.or(fm.year.map(|year| Date { year, month: None, day: None }))),
    );
    // The paper itself when there is a link to it, else its page on the site.
    let links = fm.links.as_ref();
    let link = links.and_then(|l| {
        l.get("pdf")
            .or_else(|| l.get("doi"))
            .or_else(|| l.get("arxiv"))
            .or_else(|| l.get("project"))
    });
    entry.insert("url".into(), json!(link.map(String::as_str).unwrap_or(url)));
    let summary = crate::markdown::lead(&item.rendered.html);
    if !summary.is_empty() {
        entry.insert("summary".into(), json!(summary));
    }
    Value::Object(entry)
}

/// The document kinds a resume shows, for the dependencies of `resume.json`.
pub fn shows(role: Role, kind: Kind) -> bool {
    role == Role::Home
        || matches!(kind, Kind::Job | Kind::Education | Kind::Award | Kind::Paper | Kind::Project)
}

// ----- import --------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
struct Resume {
    #[serde(default)]
    basics: Option<Basics>,
    #[serde(default)]
    work: Vec<Work>,
    #[serde(default)]
    education: Vec<Education>,
    #[serde(default)]
    awards: Vec<Award>,
    #[serde(default)]
    publications: Vec<Publication>,
    #[serde(default)]
    projects: Vec<Project>,
    #[serde(default)]
    skills: Vec<Skill>,
    #[serde(default)]
    interests: Vec<Interest>,
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
pub use crate::bibtex::Imported;

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
                .hint("the file must be valid JSON following https://jsonresume.org/schema (work needs name, position and startDate)"),
        )
    })?;
    let mut imported = Imported::default();
    let mut plans: Vec<(PathBuf, String)> = Vec::new();
    let mut add = |folder: &str,
                   name: &str,
                   front: std::result::Result<String, Diagnostic>,
                   body: String,
                   problems: &mut Vec<Diagnostic>| {
        match front {
            Ok(front) => {
                let slug = crate::slug::slugify(name);
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
    for (index, job) in resume.work.iter().enumerate() {
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
    for (index, school) in resume.education.iter().enumerate() {
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
    for (index, award) in resume.awards.iter().enumerate() {
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
    let owner =
        resume.basics.as_ref().and_then(|b| b.name.clone()).unwrap_or_else(|| "others".into());
    for (index, paper) in resume.publications.iter().enumerate() {
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
    for (index, project) in resume.projects.iter().enumerate() {
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
    if let Some(basics) = &resume.basics {
        let mut table = toml::Table::new();
        if let Some(name) = &basics.name {
            table.insert("title".into(), name.clone().into());
        }
        if let Some(label) = &basics.label {
            table.insert("tagline".into(), label.clone().into());
        }
        if !resume.interests.is_empty() {
            table.insert(
                "interests".into(),
                toml::Value::Array(
                    resume.interests.iter().map(|i| i.name.clone().into()).collect(),
                ),
            );
        }
        if !resume.skills.is_empty() {
            let groups: Vec<toml::Value> = resume
                .skills
                .iter()
                .map(|s| {
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
