//! The résumé's sections (work, volunteer, education, awards, certificates, publications,
//! projects), each entry planned as a content file of its kind.

use std::path::{Path, PathBuf};

use super::schema::*;
use crate::content::CONTENT_DIR;
use crate::error::Diagnostic;

/// The files a résumé becomes, and its entries that could not be read.
pub(super) struct Planner {
    pub(super) plans: Vec<(PathBuf, String)>,
    pub(super) problems: Vec<Diagnostic>,
}

impl Planner {
    /// Plans `content/<folder>/<slug of name>.md` (or `content/<name>.md` without a folder)
    /// with front matter `front`, or records why the entry could not be imported.
    pub(super) fn add(
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
pub(super) fn plan_work(planner: &mut Planner, work: &[(usize, Work)], json: &Path) {
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
            put(&mut table, "description", &job.description);
            put(&mut table, "website", &job.url);
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        planner.add(
            "jobs",
            &format!("{} {}", job.name, job.start_date),
            front,
            bullets(&job.highlights),
        );
    }
}

/// Volunteer work from the résumé's `volunteer`.
pub(super) fn plan_volunteer(planner: &mut Planner, volunteer: &[(usize, Volunteer)], json: &Path) {
    for (index, work) in volunteer {
        let front = (|| {
            let (start, end) = valid_period(
                &format!("volunteer[{index}]"),
                &work.start_date,
                &work.end_date,
                json,
            )?;
            let mut table = toml::Table::new();
            table.insert("organization".into(), work.organization.clone().into());
            table.insert("role".into(), work.position.clone().into());
            table.insert("start".into(), start.into());
            table.insert("end".into(), end.into());
            put(&mut table, "summary", &work.summary);
            put(&mut table, "website", &work.url);
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        let name = format!("{} {}", work.organization, work.start_date);
        planner.add("volunteer", &name, front, bullets(&work.highlights));
    }
}

/// Certificates from the résumé's `certificates`.
pub(super) fn plan_certificates(
    planner: &mut Planner,
    certificates: &[(usize, Certificate)],
    json: &Path,
) {
    for (index, certificate) in certificates {
        let front = (|| {
            let mut table = toml::Table::new();
            table.insert("title".into(), certificate.name.clone().into());
            if let Some(date) = certificate.date.as_ref().filter(|d| !d.trim().is_empty()) {
                let date = valid_date(&format!("certificates[{index}].date"), date, json)?;
                table.insert("date".into(), date.into());
            }
            put(&mut table, "issuer", &certificate.issuer);
            put(&mut table, "website", &certificate.url);
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        planner.add("certificates", &certificate.name, front, String::new());
    }
}

/// Sets `key` to `value` when there is some text.
pub(super) fn put(table: &mut toml::Table, key: &str, value: &Option<String>) {
    if let Some(text) = value.as_ref().filter(|t| !t.trim().is_empty()) {
        table.insert(key.into(), text.clone().into());
    }
}

/// Highlights as the Markdown list a body holds (and `/resume.json` reads back).
fn bullets(highlights: &[String]) -> String {
    highlights
        .iter()
        .map(|h| format!("- {}\n", crate::import::literal(&h.replace('\n', " "))))
        .collect()
}

/// A paragraph of the résumé's plain text as a Markdown body.
pub(super) fn paragraph(text: &Option<String>) -> String {
    text.as_deref().map(|t| format!("{}\n", crate::import::literal(t))).unwrap_or_default()
}

/// Degrees from the résumé's `education`.
pub(super) fn plan_education(planner: &mut Planner, education: &[(usize, Education)], json: &Path) {
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
            put(&mut table, "location", &school.location);
            put(&mut table, "website", &school.url);
            if !school.courses.is_empty() {
                table.insert("courses".into(), super::strings(&school.courses));
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
pub(super) fn plan_awards(planner: &mut Planner, awards: &[(usize, Award)], json: &Path) {
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
        let body = paragraph(&award.summary);
        planner.add("awards", &award.title, front, body);
    }
}

/// Papers from the résumé's `publications`.
pub(super) fn plan_publications(
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
        let body = paragraph(&paper.summary);
        planner.add("papers", &paper.name, front, body);
    }
}

/// Projects from the résumé's `projects`.
pub(super) fn plan_projects(planner: &mut Planner, projects: &[(usize, Project)], json: &Path) {
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
            // folio's `role` is one line: every role the résumé gives, in its order.
            if !project.roles.is_empty() {
                table.insert("role".into(), project.roles.join(", ").into());
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
            if let Some(kind) = project.kind.as_ref().filter(|k| !k.trim().is_empty()) {
                let mut extra = toml::Table::new();
                extra.insert("type".into(), kind.clone().into());
                table.insert("extra".into(), extra.into());
            }
            toml::to_string(&table).map_err(|err| Diagnostic::new(json, err.to_string()))
        })();
        planner.add("projects", &project.name, front, bullets(&project.highlights));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_text_survives_markdown_as_it_was_written() {
        for text in [
            "Awarded 'Teacher of the Month' for \"C++\"",
            "2 * 3 = 6, a_b_c, <b>not bold</b>, $x$ & [link](x) ~~no~~ | pipe!",
            "# not a heading",
            "- not a list",
            "1. not a list either",
            "back\\slash `code`",
        ] {
            let html = crate::markdown::render_inline(&crate::import::literal(text));
            assert_eq!(crate::markdown::plain_text(&html), text, "{html}");
        }
    }
}
