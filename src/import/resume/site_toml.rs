//! `site.toml` completed from a résumé's `basics`: the owner's name, email, phone,
//! location, current employer and profiles, written with `toml_edit` so that the file's
//! comments and layout stay as they were. Only a `site.toml` that still has the scaffold's
//! placeholder name (`folio init` writes "Your Name") is filled in; one the user has filled
//! is left alone unless `--force`.

use std::path::Path;

use serde::Deserialize;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, value};

use crate::error::{Error, Result};

/// The names `folio init` leaves in `site.toml` for the user to replace.
const PLACEHOLDER_NAMES: [&str; 2] = ["Your Name", "你的名字"];
/// The affiliations `folio init` leaves there.
const PLACEHOLDER_AFFILIATIONS: [&str; 2] = ["Your University", "你的学校"];

/// What `basics` says about the owner.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Contact {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) label: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    location: Option<Location>,
    #[serde(default)]
    profiles: Vec<SocialProfile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    city: Option<String>,
    #[serde(default)]
    region: Option<String>,
    #[serde(default)]
    country_code: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct SocialProfile {
    #[serde(default)]
    network: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// What became of `site.toml`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// These keys were set.
    Completed(Vec<String>),
    /// The user's own name is there already: nothing was changed.
    AlreadyFilled(String),
    /// There is no `site.toml` (or the résumé has no name).
    NothingToDo,
}

/// Fills the owner's entries of `<root>/site.toml` from `contact`; `current` is the
/// employer of the résumé's one ongoing job, if it has exactly one.
pub(super) fn complete(
    root: &Path,
    contact: &Contact,
    current: Option<&str>,
    force: bool,
    dry_run: bool,
) -> Result<Outcome> {
    let path = root.join(crate::config::CONFIG_FILE);
    let Some(name) = contact.name.as_deref().filter(|n| !n.trim().is_empty()) else {
        return Ok(Outcome::NothingToDo);
    };
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(Outcome::NothingToDo) };
    let mut doc: DocumentMut = text.parse().map_err(|err: toml_edit::TomlError| {
        Error::Refused(format!(
            "{}: {}; fix it before importing into it",
            path.display(),
            err.message()
        ))
    })?;
    let old_name =
        doc.get("author").and_then(|a| a.get("name")).and_then(Item::as_str).map(str::to_string);
    let placeholder = old_name.as_deref().is_none_or(|n| PLACEHOLDER_NAMES.contains(&n));
    if !placeholder && !force {
        return Ok(Outcome::AlreadyFilled(old_name.unwrap_or_default()));
    }
    let mut set = Vec::new();
    // The site's title where it is still the placeholder name.
    let replaces_placeholder = |item: Option<&Item>| {
        item.and_then(Item::as_str).is_some_and(|t| PLACEHOLDER_NAMES.contains(&t))
    };
    if replaces_placeholder(doc.get("title")) {
        doc["title"] = value(name);
        set.push("title".to_string());
    }
    if let Some(languages) = doc.get_mut("languages").and_then(Item::as_table_like_mut) {
        for (code, language) in languages.iter_mut() {
            if language.get("title").is_some_and(|t| replaces_placeholder(Some(t))) {
                language["title"] = value(name);
                set.push(format!("languages.{code}.title"));
            }
        }
    }
    // The description where it is still the scaffold's ("Researcher in …").
    if let Some(label) = contact.label.as_deref().filter(|l| !l.trim().is_empty()) {
        let description = format!("{name}, {}", label.trim());
        let is_placeholder =
            |item: Option<&Item>| item.and_then(Item::as_str).is_some_and(|d| d.contains('…'));
        if is_placeholder(doc.get("description")) {
            doc["description"] = value(description.as_str());
            set.push("description".to_string());
        }
        if let Some(languages) = doc.get_mut("languages").and_then(Item::as_table_like_mut) {
            for (code, language) in languages.iter_mut() {
                if is_placeholder(language.get("description")) {
                    language["description"] = value(description.as_str());
                    set.push(format!("languages.{code}.description"));
                }
            }
        }
    }
    if !doc.contains_key("author") {
        doc["author"] = Item::Table(Table::new());
    }
    let author = &mut doc["author"];
    author["name"] = value(name);
    set.push("author.name".into());
    author["name_variants"] = value(Array::from_iter(name_variants(name)));
    set.push("author.name_variants".into());
    let mut put = |key: &str, text: Option<&str>| {
        if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
            author[key] = value(text);
            set.push(format!("author.{key}"));
        }
    };
    put("email", contact.email.as_deref());
    put("phone", contact.phone.as_deref());
    put("location", contact.location.as_ref().and_then(place).as_deref());
    put("affiliation", current);
    // With no ongoing job in the résumé, the scaffold's "Your University" would be a guess.
    let stale = author
        .get("affiliation")
        .and_then(Item::as_str)
        .is_some_and(|a| PLACEHOLDER_AFFILIATIONS.contains(&a));
    if current.is_none() && stale {
        if let Some(table) = author.as_table_like_mut() {
            table.remove("affiliation");
            set.push("author.affiliation (removed: the résumé has no current job)".into());
        }
    }
    let profiles = profiles(contact);
    if !profiles.is_empty() {
        let mut list = ArrayOfTables::new();
        for (kind, url, label) in &profiles {
            let mut table = Table::new();
            table["kind"] = value(*kind);
            table["url"] = value(url.as_str());
            if let Some(label) = label {
                table["label"] = value(label.as_str());
            }
            list.push(table);
        }
        doc["author"]["profiles"] = Item::ArrayOfTables(list);
        set.push(format!("author.profiles ({})", profiles.len()));
    }
    if !dry_run {
        std::fs::write(&path, doc.to_string()).map_err(|err| Error::io(&path, err))?;
    }
    Ok(Outcome::Completed(set))
}

/// `Richard Hendriks` → the name, `Hendriks, Richard` and `R. Hendriks`: how papers write it.
fn name_variants(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut variants = vec![name.to_string()];
    if let [first @ .., last] = words.as_slice() {
        if !first.is_empty() {
            variants.push(format!("{last}, {}", first.join(" ")));
            let initials: Vec<String> =
                first.iter().filter_map(|w| w.chars().next()).map(|c| format!("{c}.")).collect();
            variants.push(format!("{} {last}", initials.join(" ")));
        }
    }
    variants
}

/// `San Francisco, California, US`.
fn place(location: &Location) -> Option<String> {
    let parts: Vec<&str> = [&location.city, &location.region, &location.country_code]
        .into_iter()
        .filter_map(|p| p.as_deref().map(str::trim).filter(|p| !p.is_empty()))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The profile links of `contact` as (kind, url, label): email and home page first.
fn profiles(contact: &Contact) -> Vec<(&'static str, String, Option<String>)> {
    let mut out = Vec::new();
    if let Some(email) = contact.email.as_deref().filter(|e| !e.is_empty()) {
        out.push(("email", format!("mailto:{email}"), None));
    }
    if let Some(url) = contact.url.as_deref().filter(|u| u.contains("://")) {
        out.push(("website", url.to_string(), None));
    }
    for profile in &contact.profiles {
        let Some(url) = profile.url.as_deref().filter(|u| u.contains("://")) else { continue };
        let network = profile.network.clone().unwrap_or_default();
        let kind = match network.to_lowercase().replace([' ', '-', '_'], "").as_str() {
            "github" => "github",
            "gitlab" => "gitlab",
            "googlescholar" | "scholar" => "scholar",
            "orcid" => "orcid",
            "dblp" => "dblp",
            "openreview" => "openreview",
            "semanticscholar" => "semanticscholar",
            "researchgate" => "researchgate",
            "linkedin" => "linkedin",
            "twitter" | "x" => "twitter",
            "mastodon" => "mastodon",
            "bluesky" => "bluesky",
            "zhihu" => "zhihu",
            "wechat" | "weixin" => "wechat",
            _ => "website",
        };
        // A service folio has no icon for keeps its own name as the link's text.
        let label = if kind == "website" && !network.is_empty() {
            Some(match &profile.username {
                Some(user) if !user.is_empty() => format!("{network} ({user})"),
                _ => network.clone(),
            })
        } else {
            None
        };
        out.push((kind, url.to_string(), label));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_written_as_papers_write_them() {
        assert_eq!(
            name_variants("Richard Hendriks"),
            ["Richard Hendriks", "Hendriks, Richard", "R. Hendriks"]
        );
        assert_eq!(name_variants("郑晋图"), ["郑晋图"]);
    }
}
