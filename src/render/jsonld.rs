//! schema.org JSON-LD for the home page (Person), paper pages (ScholarlyArticle) and
//! project pages (CreativeWork), escaped so that no field can end the `<script>` element.

use serde_json::{Map, Value, json};

use crate::config::{Config, ProfileKind};
use crate::content::Kind;
use crate::site::{ItemId, Site};

/// Serialises `value` for inside `<script type="application/ld+json">`: `<`, `>` and `&`
/// become JSON escapes, so a title holding `</script>` cannot close the element.
pub(crate) fn script_safe(value: &Value) -> String {
    let json = value.to_string();
    if memchr::memchr3(b'<', b'>', b'&', json.as_bytes()).is_none() {
        return json;
    }
    let mut safe = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            c => safe.push(c),
        }
    }
    safe
}

fn absolute(config: &Config, path: &str) -> String {
    format!("{}{}", config.base_url, path.trim_start_matches('/'))
}

/// The site owner as a schema.org Person, in `lang`.
pub(crate) fn person(site: &Site, lang: &str) -> Option<Value> {
    let config = &site.config;
    let author = config.author.as_ref()?;
    let default = &config.default_language;
    let mut person = Map::new();
    person.insert("@context".into(), json!("https://schema.org"));
    person.insert("@type".into(), json!("Person"));
    let name = author.name.get(lang, default);
    person.insert("name".into(), json!(name));
    let others: Vec<&str> = config
        .languages
        .iter()
        .map(|l| author.name.get(&l.code, default))
        .filter(|other| *other != name && !other.is_empty())
        .collect();
    if !others.is_empty() {
        person.insert("alternateName".into(), json!(others));
    }
    person.insert("url".into(), json!(absolute(config, &config.language_prefix(lang))));
    if let Some(email) = &author.email {
        person.insert("email".into(), json!(email));
    }
    if let Some(affiliation) = &author.affiliation {
        person.insert(
            "affiliation".into(),
            json!({ "@type": "Organization", "name": affiliation.get(lang, default) }),
        );
    }
    if let Some(avatar) = &author.avatar {
        let url = if avatar.contains("://") { avatar.clone() } else { absolute(config, avatar) };
        person.insert("image".into(), json!(url));
    }
    if let Some(&home) = site.homes.get(lang) {
        let profile = &site.items[home].doc.front;
        if let Some(tagline) = &profile.tagline {
            person.insert("jobTitle".into(), json!(tagline));
        }
        let spoken: Vec<&str> =
            profile.languages.iter().flatten().map(|l| l.name.as_str()).collect();
        if !spoken.is_empty() {
            person.insert("knowsLanguage".into(), json!(spoken));
        }
    }
    // Where the owner works now: the organisations of ongoing jobs.
    let employers: Vec<Value> = site
        .collection(Kind::Job, lang)
        .into_iter()
        .filter(|&id| site.items[id].is_current())
        .filter_map(|id| site.items[id].doc.front.organization.clone())
        .map(|name| json!({ "@type": "Organization", "name": name }))
        .collect();
    if !employers.is_empty() {
        person.insert("worksFor".into(), Value::Array(employers));
    }
    let credentials: Vec<Value> = site
        .collection(Kind::Certificate, lang)
        .into_iter()
        .map(|id| json!({ "@type": "EducationalOccupationalCredential", "name": site.items[id].title() }))
        .collect();
    if !credentials.is_empty() {
        person.insert("hasCredential".into(), Value::Array(credentials));
    }
    let schools: Vec<Value> = site
        .collection(Kind::Education, lang)
        .into_iter()
        .filter_map(|id| site.items[id].doc.front.school.clone())
        .map(|school| json!({ "@type": "CollegeOrUniversity", "name": school }))
        .collect();
    if !schools.is_empty() {
        person.insert("alumniOf".into(), Value::Array(schools));
    }
    // Pages about the person elsewhere: not a mailbox, nor a WeChat QR code picture.
    let same_as: Vec<&str> = author
        .profiles
        .iter()
        .filter(|p| !matches!(p.kind, ProfileKind::Email | ProfileKind::Wechat))
        .map(|p| p.url.as_str())
        .filter(|url| url.starts_with("http"))
        .collect();
    if !same_as.is_empty() {
        person.insert("sameAs".into(), json!(same_as));
    }
    Some(Value::Object(person))
}

/// The JSON-LD of an item's page (papers and projects), if it has one; `lead` is the
/// first paragraph of its body (a paper's abstract).
pub(crate) fn item(site: &Site, id: ItemId, lead: &str) -> Option<Value> {
    let config = &site.config;
    let item = &site.items[id];
    let fm = &item.doc.front;
    let url = absolute(config, &item.path);
    let owner = config
        .author
        .as_ref()
        .map(|a| a.name.get(&item.doc.lang, &config.default_language).to_string());
    match item.doc.kind {
        // Only what citation indexes may take as a paper's record.
        Kind::Paper if !fm.citable() => None,
        Kind::Paper => {
            let authors: Vec<Value> = fm
                .authors
                .iter()
                .flatten()
                .map(|a| a.trim().trim_end_matches(['*', '†', ' ']).trim().to_string())
                .filter(|a| !a.eq_ignore_ascii_case("others"))
                .map(|name| json!({ "@type": "Person", "name": name }))
                .collect();
            let mut article = Map::new();
            article.insert("@context".into(), json!("https://schema.org"));
            use crate::content::PaperType;
            let schema_type = match fm.r#type {
                Some(PaperType::Book) => "Book",
                Some(PaperType::Chapter) => "Chapter",
                Some(PaperType::Report) => "Report",
                Some(PaperType::Thesis) => "Thesis",
                Some(PaperType::Other) => "CreativeWork",
                _ => "ScholarlyArticle",
            };
            article.insert("@type".into(), json!(schema_type));
            article.insert("headline".into(), json!(item.title()));
            article.insert("name".into(), json!(item.title()));
            article.insert("author".into(), Value::Array(authors));
            article.insert("url".into(), json!(url));
            article.insert("inLanguage".into(), json!(item.doc.lang));
            let year_and_month = fm.year.map(|year| match fm.month {
                Some(month) => format!("{year}-{month:02}"),
                None => year.to_string(),
            });
            if let Some(date) = fm.date.map(|d| d.iso()).or(year_and_month) {
                article.insert("datePublished".into(), json!(date));
            }
            if let (Some(venue), Some(PaperType::Book)) = (&fm.venue, fm.r#type) {
                article
                    .insert("publisher".into(), json!({ "@type": "Organization", "name": venue }));
            } else if let Some(venue) = &fm.venue {
                let kind = if fm.r#type == Some(PaperType::Journal) {
                    "Periodical"
                } else {
                    "PublicationEvent"
                };
                article.insert("isPartOf".into(), json!({ "@type": kind, "name": venue }));
            }
            if !lead.is_empty() {
                article.insert("abstract".into(), json!(lead));
            }
            Some(Value::Object(article))
        }
        Kind::Project => {
            let mut work = node("CreativeWork", &item.title());
            work.insert("url".into(), json!(url));
            if let Some(text) = fm.summary.as_ref().or(fm.description.as_ref()) {
                work.insert("description".into(), json!(text));
            }
            if let Some(owner) = owner {
                work.insert("creator".into(), json!({ "@type": "Person", "name": owner }));
            }
            if let Some(start) = fm.start.or(fm.date) {
                work.insert("dateCreated".into(), json!(start.iso()));
            }
            if let Some(tags) = fm.tags.as_ref().filter(|t| !t.is_empty()) {
                work.insert("keywords".into(), json!(tags.join(", ")));
            }
            Some(Value::Object(work))
        }
        Kind::Talk => {
            let mut event = node("Event", &item.title());
            event.insert("url".into(), json!(url));
            event.insert("startDate".into(), json!(fm.date?.iso()));
            if let Some(place) = &fm.location {
                event.insert("location".into(), json!({ "@type": "Place", "name": place }));
            }
            if let Some(series) = &fm.event {
                event.insert("superEvent".into(), json!({ "@type": "Event", "name": series }));
            }
            if let Some(owner) = owner {
                event.insert("performer".into(), json!({ "@type": "Person", "name": owner }));
            }
            Some(Value::Object(event))
        }
        Kind::Teaching => {
            let mut course = node("Course", &item.title());
            course.insert("url".into(), json!(url));
            if let Some(school) = &fm.organization {
                course
                    .insert("provider".into(), json!({ "@type": "Organization", "name": school }));
            }
            let mut instance = Map::new();
            instance.insert("@type".into(), json!("CourseInstance"));
            if let Some(start) = fm.start {
                instance.insert("startDate".into(), json!(start.iso()));
            }
            if let Some(end) = fm.end.and_then(|e| e.date()) {
                instance.insert("endDate".into(), json!(end.iso()));
            }
            if let (Some(owner), Some(role)) = (owner, &fm.role) {
                instance.insert(
                    "instructor".into(),
                    json!({ "@type": "Person", "name": owner, "jobTitle": role }),
                );
            }
            course.insert("hasCourseInstance".into(), Value::Object(instance));
            Some(Value::Object(course))
        }
        Kind::Service => {
            // The owner, as a member of the venue in a role (schema.org's Role pattern).
            let venue = fm.venue.as_ref().or(fm.organization.as_ref())?;
            let mut role = Map::new();
            role.insert("@type".into(), json!("OrganizationRole"));
            role.insert("roleName".into(), json!(fm.role.as_ref()?));
            role.insert("memberOf".into(), json!({ "@type": "Organization", "name": venue }));
            if let Some(start) = fm.start {
                role.insert("startDate".into(), json!(start.iso()));
            }
            if let Some(end) = fm.end.and_then(|e| e.date()) {
                role.insert("endDate".into(), json!(end.iso()));
            }
            let mut person = node("Person", &owner?);
            person.insert("memberOf".into(), Value::Object(role));
            Some(Value::Object(person))
        }
        _ => None,
    }
}

/// A schema.org node of type `schema_type` named `name`, ready for its other properties.
fn node(schema_type: &str, name: &str) -> Map<String, Value> {
    let mut node = Map::new();
    node.insert("@context".into(), json!("https://schema.org"));
    node.insert("@type".into(), json!(schema_type));
    node.insert("name".into(), json!(name));
    node
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_field_can_close_the_script_element() {
        let value = json!({ "headline": "A </script><script>alert(1)</script> & more" });
        let text = script_safe(&value);
        assert!(!text.contains("</script>"), "{text}");
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value, "and it means the same");
    }
}
