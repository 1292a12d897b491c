//! Front matter: splitting it from the body, parsing it, and checking it against its kind.
//!
//! One [`FrontMatter`] struct holds every field any kind accepts, so that serde reports
//! unknown keys and wrong types with their line; [`validate`] then checks that each field
//! present belongs to the file's kind and that the kind's required fields are there.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::deserialize::{self, Format, key_line};
use crate::error::{Diagnostic, did_you_mean};
use crate::util::date::{Date, EndDate};

mod kinds;
mod profile;
pub use kinds::*;
pub use profile::*;

/// A file cut into its front matter and its Markdown body.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// TOML or YAML.
    pub format: Format,
    /// The text between the delimiters.
    pub front: &'a str,
    /// 1-based line of the front matter's first line.
    pub front_line: usize,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// Where `body` starts in the text given to [`split`], in bytes.
    pub body_start: usize,
    /// 1-based line of the body's first line.
    pub body_line: usize,
}

/// Splits `text` at its `+++` (TOML) or `---` (YAML) front matter.
pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Diagnostic> {
    let whole = text.len();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mark = whole - text.len();
    if text.trim().is_empty() {
        return Err(Diagnostic::new(file, "the file is empty")
            .hint("start it with front matter between +++ lines, e.g. +++\\ntitle = \"…\"\\n+++"));
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let delimiter = text[..first_line_end].trim_end();
    let format = match delimiter {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Err(Diagnostic::new(
                file,
                "expected front matter: the first line must be +++ (TOML) or --- (YAML)",
            )
            .at_line(1)
            .hint(
                "add a +++ line, the fields (title = \"…\"), and a closing +++ line at the top",
            ));
        }
    };
    let mut offset = (first_line_end + 1).min(text.len());
    let front_start = offset;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map(|i| offset + i).unwrap_or(text.len());
        if text[offset..end].trim_end() == delimiter {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                format,
                front: &text[front_start..offset],
                front_line: 2,
                body: &text[body_start..],
                body_start: mark + body_start,
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(Diagnostic::new(file, format!("the front matter opened with {delimiter} is never closed"))
        .at_line(1)
        .hint(format!("add a line with only {delimiter} after the last front matter field")))
}

/// Where a paper appeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum PaperType {
    Conference,
    Journal,
    Workshop,
    Preprint,
    Thesis,
    Patent,
    Book,
    Chapter,
    Report,
    Other,
}

impl PaperType {
    /// All types in the order a publication list groups them.
    pub const ALL: [PaperType; 10] = [
        PaperType::Conference,
        PaperType::Journal,
        PaperType::Workshop,
        PaperType::Preprint,
        PaperType::Book,
        PaperType::Chapter,
        PaperType::Thesis,
        PaperType::Report,
        PaperType::Patent,
        PaperType::Other,
    ];

    /// The lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            PaperType::Conference => "conference",
            PaperType::Journal => "journal",
            PaperType::Workshop => "workshop",
            PaperType::Preprint => "preprint",
            PaperType::Thesis => "thesis",
            PaperType::Patent => "patent",
            PaperType::Book => "book",
            PaperType::Chapter => "chapter",
            PaperType::Report => "report",
            PaperType::Other => "other",
        }
    }
}

/// How far along a paper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum PaperStatus {
    #[default]
    Published,
    Accepted,
    UnderReview,
    Preprint,
}

impl FrontMatter {
    /// Whether a paper may be announced to citation indexes (Google Scholar's tags,
    /// ScholarlyArticle JSON-LD): it is published or accepted, its author list is complete
    /// (no "others"), and its title is the paper's own.
    pub fn citable(&self) -> bool {
        let status = self.status.unwrap_or_default();
        let complete = self.authors.as_ref().is_some_and(|authors| {
            !authors.is_empty() && !authors.iter().any(|a| stands_for_unnamed(a))
        });
        matches!(status, PaperStatus::Published | PaperStatus::Accepted)
            && complete
            && !self.title_is_description.unwrap_or(false)
    }
}

/// Whether an entry of a paper's `authors` stands for authors not named (`others`,
/// `et al.`, `等`), marks and case aside: one rule for the theme, citation metadata and
/// `folio check`.
pub fn stands_for_unnamed(author: &str) -> bool {
    let name = author.trim().trim_end_matches(['*', '†', '‡', ' ']);
    ["others", "et al.", "et al"].iter().any(|o| name.eq_ignore_ascii_case(o)) || name == "等"
}

/// The link names a paper accepts.
pub const PAPER_LINKS: [&str; 11] =
    ["pdf", "code", "arxiv", "doi", "html", "project", "slides", "video", "poster", "supp", "blog"];

macro_rules! front_matter {
    ($($(#[$attr:meta])* $field:ident : $ty:ty),* $(,)?) => {
        /// Every front matter field of every kind; [`validate`] checks which apply.
        #[derive(Debug, Default, Clone, PartialEq, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(missing_docs)]
        pub struct FrontMatter {
            $( $(#[$attr])* #[serde(default)] pub $field: Option<$ty>, )*
        }

        impl FrontMatter {
            fn present_fields(&self) -> Vec<&'static str> {
                let mut present = Vec::new();
                $( if self.$field.is_some() {
                    present.push(stringify!($field).trim_start_matches("r#"));
                } )*
                present
            }
        }
    };
}

front_matter! {
    title: String,
    description: String,
    draft: bool,
    weight: i64,
    tags: Vec<String>,
    slug: String,
    aliases: Vec<String>,
    template: String,
    extra: serde_json::Map<String, serde_json::Value>,
    kind: Kind,
    date: Date,
    updated: Date,
    start: Date,
    end: EndDate,
    authors: Vec<String>,
    venue: String,
    abbr: String,
    r#type: PaperType,
    year: u16,
    month: u8,
    status: PaperStatus,
    badges: Vec<String>,
    links: BTreeMap<String, String>,
    featured: bool,
    title_is_description: bool,
    bibtex: String,
    summary: String,
    organization: String,
    role: String,
    image: String,
    image_alt: String,
    department: String,
    location: String,
    school: String,
    degree: String,
    field: String,
    gpa: String,
    issuer: String,
    rank: String,
    field_size: u32,
    level: String,
    tagline: String,
    interests: Vec<Interest>,
    skills: Vec<SkillGroup>,
    languages: Vec<SpokenLanguage>,
    references: Vec<Reference>,
    website: String,
    courses: Vec<String>,
    event: String,
    term: String,
    highlights: Vec<String>,
    open_to: String,
    publications_summary: String,
}

/// Parses the front matter of `split` and checks it against `kind`.
///
/// Section index files may change their kind with `kind = "..."`; the kind returned is
/// the one the file declares, if any.
pub fn parse(split: &Split, file: &Path, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
    let front_matter: FrontMatter =
        deserialize::parse(split.format, split.front, file, split.front_line)
            .map_err(|d| vec![d])?;
    let problems = validate(&front_matter, split, file, kind);
    if problems.is_empty() { Ok(front_matter) } else { Err(problems) }
}

// Long because it is one rule per field of the front matter, in field order: a table
// more than a procedure.
fn validate(fm: &FrontMatter, split: &Split, file: &Path, kind: Kind) -> Vec<Diagnostic> {
    let line_of = |key: &str| key_line(split.front, key, split.front_line);
    let (own, required) = kind.fields();
    let common = kind.common_fields();
    let allowed = || own.iter().chain(common.iter()).copied();
    let mut problems = Vec::new();

    let present = fm.present_fields();
    for &field in &present {
        if !allowed().any(|allowed| allowed == field) {
            let mut diagnostic = Diagnostic::new(
                file,
                format!("`{field}` is not a field of {} {}", article(kind), kind.name()),
            )
            .at(line_of(field));
            diagnostic = match did_you_mean(field, allowed()) {
                Some(close) => diagnostic
                    .hint(format!("did you mean `{close}`? (free-form data goes under [extra])")),
                None => diagnostic.hint(format!(
                    "the fields of {} {} are: {}; free-form data goes under [extra]",
                    article(kind),
                    kind.name(),
                    allowed().collect::<Vec<_>>().join(", ")
                )),
            };
            problems.push(diagnostic);
        }
    }
    for field in required {
        if !present.contains(field) {
            problems.push(
                Diagnostic::new(
                    file,
                    format!(
                        "missing required field `{field}` for {} {}",
                        article(kind),
                        kind.name()
                    ),
                )
                .at_line(split.front_line.saturating_sub(1).max(1))
                .hint(format!("add `{field} = …` between the +++ lines")),
            );
        }
    }
    if let (Some(start), Some(EndDate::Date(end))) = (fm.start, fm.end) {
        if end < start
            && !(end.year == start.year && (end.month.is_none() || start.month.is_none()))
        {
            problems.push(
                Diagnostic::new(file, format!("`end` ({end}) is before `start` ({start})"))
                    .at(line_of("end"))
                    .hint("swap the dates, or use end = \"present\" for something still going on"),
            );
        }
    }
    if let Some(year) = fm.year {
        if !(1000..=2999).contains(&year) {
            problems.push(
                Diagnostic::new(file, format!("`year` {year} is not a plausible year"))
                    .at(line_of("year"))
                    .hint("write the four-digit year, e.g. year = 2024"),
            );
        }
    }
    if let Some(month) = fm.month {
        if !(1..=12).contains(&month) {
            problems.push(
                Diagnostic::new(file, format!("`month` {month} is not a month"))
                    .at(line_of("month"))
                    .hint("write the month's number, 1 to 12"),
            );
        }
    }
    if kind == Kind::Paper {
        for (name, url) in fm.links.iter().flatten() {
            if !PAPER_LINKS.contains(&name.as_str()) {
                let hint = match did_you_mean(name, PAPER_LINKS) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("a paper's links are: {}", PAPER_LINKS.join(", ")),
                };
                problems.push(
                    Diagnostic::new(file, format!("unknown paper link `{name}`"))
                        .at(line_of(name))
                        .hint(hint),
                );
            }
            if url.trim().is_empty() {
                problems.push(
                    Diagnostic::new(file, format!("link `{name}` is empty"))
                        .at(line_of(name))
                        .hint("remove it, or give its URL"),
                );
            }
        }
        if fm.authors.as_ref().is_some_and(Vec::is_empty) {
            problems.push(
                Diagnostic::new(file, "`authors` is empty")
                    .at(line_of("authors"))
                    .hint("list the authors, e.g. authors = [\"Jintu Zheng\", \"others\"]"),
            );
        }
    }
    for (field, value) in [("title", &fm.title), ("slug", &fm.slug)] {
        if value.as_ref().is_some_and(|v| v.trim().is_empty()) && required.contains(&field) {
            problems.push(
                Diagnostic::new(file, format!("`{field}` is empty"))
                    .at(line_of(field))
                    .hint(format!("give the {field} some text")),
            );
        }
    }
    problems
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Award | Kind::Education => "an",
        _ => "a",
    }
}

#[cfg(test)]
mod tests;
