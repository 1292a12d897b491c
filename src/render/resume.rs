//! `/resume.json` (and `/en/resume.json`): JSON Resume generated from the same content as
//! the site, valid against the official schema.

use serde_json::{Map, Value, json};

use crate::content::{Kind, Role};
use crate::site::{ItemId, Links, Site};
use crate::util::date::{Date, EndDate};

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
pub(crate) fn generate(site: &Site, lang: &str) -> String {
    let in_lang = |kind: Kind, entry: fn(&Site, ItemId) -> Value| -> Value {
        Value::Array(site.collection(kind, lang).into_iter().map(|id| entry(site, id)).collect())
    };
    let mut resume = Map::new();
    resume.insert(
        "$schema".into(),
        json!("https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"),
    );
    resume.insert("basics".into(), basics(site, lang));
    resume.insert("work".into(), in_lang(Kind::Job, work));
    // Reviewing and committees are unpaid service: JSON Resume's `volunteer` holds them too.
    let mut unpaid = site.collection(Kind::Volunteer, lang);
    unpaid.extend(site.collection(Kind::Service, lang));
    resume.insert(
        "volunteer".into(),
        Value::Array(unpaid.into_iter().map(|id| volunteer(site, id)).collect()),
    );
    resume.insert("education".into(), in_lang(Kind::Education, education));
    resume.insert("awards".into(), in_lang(Kind::Award, award));
    resume.insert("certificates".into(), in_lang(Kind::Certificate, certificate));
    resume.insert(
        "publications".into(),
        in_lang(Kind::Paper, |site, id| {
            publication(site, id, &Links::permalink_of(&site.config, &site.items[id].path))
        }),
    );
    resume.insert("projects".into(), in_lang(Kind::Project, project));
    if let Some(&home) = site.homes.get(lang) {
        let home = &site.items[home];
        let fm = &home.doc.front;
        let skills: Vec<Value> = fm
            .skills
            .iter()
            .flatten()
            .map(|group| {
                let mut skill = Map::new();
                skill.insert("name".into(), json!(group.name));
                put(&mut skill, "level", text(&group.level));
                skill.insert("keywords".into(), json!(group.items));
                Value::Object(skill)
            })
            .collect();
        resume.insert("skills".into(), Value::Array(skills));
        let languages: Vec<Value> = fm
            .languages
            .iter()
            .flatten()
            .map(|spoken| {
                let mut language = Map::new();
                language.insert("language".into(), json!(spoken.name));
                put(&mut language, "fluency", text(&spoken.fluency));
                Value::Object(language)
            })
            .collect();
        resume.insert("languages".into(), Value::Array(languages));
        let interests: Vec<Value> = fm
            .interests
            .iter()
            .flatten()
            .map(|interest| match interest.keywords() {
                [] => json!({ "name": interest.name() }),
                keywords => json!({ "name": interest.name(), "keywords": keywords }),
            })
            .collect();
        resume.insert("interests".into(), Value::Array(interests));
        let references: Vec<Value> = fm
            .references
            .iter()
            .flatten()
            .map(|given| {
                let mut reference = Map::new();
                reference.insert("name".into(), json!(given.name));
                put(&mut reference, "reference", text(&given.reference));
                Value::Object(reference)
            })
            .collect();
        resume.insert("references".into(), Value::Array(references));
    }
    let mut out =
        serde_json::to_string_pretty(&Value::Object(resume)).unwrap_or_else(|_| "{}".into());
    out.push('\n');
    out
}

/// The person: name, contact, picture, profiles, home page and bio.
fn basics(site: &Site, lang: &str) -> Value {
    let config = &site.config;
    let default = &config.default_language;
    let absolute = |path: &str| Links::permalink_of(config, path);
    let home = site.homes.get(lang).map(|&id| &site.items[id]);
    let mut basics = Map::new();
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
    Value::Object(basics)
}

/// A job as JSON Resume `work`.
fn work(site: &Site, id: ItemId) -> Value {
    let item = &site.items[id];
    let fm = &item.doc.front;
    let mut entry = Map::new();
    put(&mut entry, "name", text(&fm.organization));
    put(&mut entry, "position", text(&fm.role));
    put(&mut entry, "location", text(&fm.location));
    put(&mut entry, "description", text(&fm.description));
    put(&mut entry, "url", text(&fm.website));
    put(&mut entry, "startDate", date(fm.start));
    put(&mut entry, "endDate", end_date(fm.end));
    put(&mut entry, "summary", text(&fm.summary));
    let points = highlights(&item.rendered.html);
    if !points.is_empty() {
        entry.insert("highlights".into(), Value::Array(points));
    }
    Value::Object(entry)
}

/// Volunteer work (and service) as JSON Resume `volunteer`: a job, with `organization`
/// for `name` (a service's venue).
fn volunteer(site: &Site, id: ItemId) -> Value {
    let mut entry = work(site, id);
    let fm = &site.items[id].doc.front;
    if let (Some(map), Some(venue)) = (entry.as_object_mut(), text(&fm.venue)) {
        map.insert("name".into(), venue);
    }
    if let Some(map) = entry.as_object_mut() {
        if let Some(name) = map.remove("name") {
            map.insert("organization".into(), name);
        }
        // The schema's volunteer entries have no location or description.
        map.remove("location");
        map.remove("description");
    }
    entry
}

/// A certificate as JSON Resume `certificates`.
fn certificate(site: &Site, id: ItemId) -> Value {
    let item = &site.items[id];
    let fm = &item.doc.front;
    let mut entry = Map::new();
    put(&mut entry, "name", Some(json!(item.title())));
    put(&mut entry, "date", date(fm.date));
    put(&mut entry, "issuer", text(&fm.issuer));
    put(&mut entry, "url", text(&fm.website));
    Value::Object(entry)
}

/// A degree as JSON Resume `education`.
fn education(site: &Site, id: ItemId) -> Value {
    let fm = &site.items[id].doc.front;
    let mut entry = Map::new();
    put(&mut entry, "institution", text(&fm.school));
    put(&mut entry, "area", text(&fm.field));
    put(&mut entry, "studyType", text(&fm.degree));
    put(&mut entry, "startDate", date(fm.start));
    put(&mut entry, "endDate", end_date(fm.end));
    put(&mut entry, "score", text(&fm.gpa));
    put(&mut entry, "url", text(&fm.website));
    if let Some(courses) = fm.courses.as_ref().filter(|c| !c.is_empty()) {
        entry.insert("courses".into(), json!(courses));
    }
    Value::Object(entry)
}

/// An award as JSON Resume `awards`.
fn award(site: &Site, id: ItemId) -> Value {
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
}

/// A project as JSON Resume `projects`.
fn project(site: &Site, id: ItemId) -> Value {
    let absolute = |path: &str| Links::permalink_of(&site.config, path);
    let item = &site.items[id];
    let fm = &item.doc.front;
    let mut entry = Map::new();
    put(&mut entry, "name", Some(json!(item.title())));
    put(&mut entry, "description", text(&fm.summary).or_else(|| text(&fm.description)));
    put(&mut entry, "entity", text(&fm.organization));
    put(&mut entry, "startDate", date(fm.start.or(fm.date)));
    put(&mut entry, "endDate", end_date(fm.end));
    // The project's own site when it has one, else its page here.
    let website = fm.links.as_ref().and_then(|l| l.get("website").or_else(|| l.get("project")));
    let url = website.cloned().unwrap_or_else(|| absolute(&item.path));
    entry.insert("url".into(), json!(url));
    let kind = fm.extra.as_ref().and_then(|extra| extra.get("type")).filter(|t| t.is_string());
    put(&mut entry, "type", kind.cloned());
    if let Some(role) = text(&fm.role) {
        entry.insert("roles".into(), Value::Array(vec![role]));
    }
    if let Some(tags) = fm.tags.as_ref().filter(|t| !t.is_empty()) {
        entry.insert("keywords".into(), json!(tags));
    }
    let points = highlights(&item.rendered.html);
    if !points.is_empty() {
        entry.insert("highlights".into(), Value::Array(points));
    }
    Value::Object(entry)
}

fn publication(site: &Site, id: ItemId, url: &str) -> Value {
    let item = &site.items[id];
    let fm = &item.doc.front;
    let mut entry = Map::new();
    // A descriptive title is not the publication's name.
    if !fm.title_is_description.unwrap_or(false) {
        put(&mut entry, "name", Some(json!(item.title())));
    }
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
pub(crate) fn shows(role: Role, kind: Kind) -> bool {
    role == Role::Home
        || matches!(
            kind,
            Kind::Job
                | Kind::Volunteer
                | Kind::Service
                | Kind::Education
                | Kind::Award
                | Kind::Certificate
                | Kind::Paper
                | Kind::Project
        )
}
