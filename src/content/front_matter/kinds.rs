//! The kinds of content (paper, project, job, ...) and what each kind's front matter may hold.

use serde::{Deserialize, Serialize};

/// The kinds of content, each with its own fields and templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum Kind {
    Paper,
    Project,
    Job,
    Education,
    Award,
    /// Unpaid work: JSON Resume's `volunteer`.
    Volunteer,
    /// A certificate or licence: JSON Resume's `certificates`.
    Certificate,
    /// A talk given: invited, contributed, a keynote.
    Talk,
    /// A course taught or assisted.
    Teaching,
    /// Service to the field: reviewing, committees, editorships.
    Service,
    Post,
    Page,
    /// The home page (`content/_index.md`): the site owner's profile.
    Profile,
    /// A section's `_index.md`.
    Section,
}

impl Kind {
    /// Every kind a section can hold.
    pub const ITEM_KINDS: [Kind; 12] = [
        Kind::Paper,
        Kind::Project,
        Kind::Job,
        Kind::Education,
        Kind::Award,
        Kind::Volunteer,
        Kind::Certificate,
        Kind::Talk,
        Kind::Teaching,
        Kind::Service,
        Kind::Post,
        Kind::Page,
    ];

    /// Whether lists carry this kind's body (as its summary's `content`): a CV and a
    /// publication list show papers, jobs, education and awards in full.
    pub fn listed_in_full(self) -> bool {
        matches!(
            self,
            Kind::Paper
                | Kind::Job
                | Kind::Education
                | Kind::Award
                | Kind::Volunteer
                | Kind::Certificate
                | Kind::Talk
                | Kind::Teaching
                | Kind::Service
        )
    }

    /// The lowercase name used in templates and front matter.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Paper => "paper",
            Kind::Project => "project",
            Kind::Job => "job",
            Kind::Education => "education",
            Kind::Award => "award",
            Kind::Volunteer => "volunteer",
            Kind::Certificate => "certificate",
            Kind::Talk => "talk",
            Kind::Teaching => "teaching",
            Kind::Service => "service",
            Kind::Post => "post",
            Kind::Page => "page",
            Kind::Profile => "profile",
            Kind::Section => "section",
        }
    }

    /// The folder `folio new` puts an item of this kind in when no section declares the
    /// kind (`None` for plain pages, which live in content/).
    pub fn folder(self) -> Option<&'static str> {
        Some(match self {
            Kind::Paper => "papers",
            Kind::Project => "projects",
            Kind::Job => "jobs",
            Kind::Education => "education",
            Kind::Award => "awards",
            Kind::Volunteer => "volunteer",
            Kind::Certificate => "certificates",
            Kind::Talk => "talks",
            Kind::Teaching => "teaching",
            Kind::Service => "service",
            Kind::Post => "posts",
            Kind::Page | Kind::Profile | Kind::Section => return None,
        })
    }

    /// The kind of a section folder without `kind` in its `_index.md`.
    pub fn from_folder(name: &str) -> Kind {
        match name {
            "papers" | "publications" => Kind::Paper,
            "projects" => Kind::Project,
            "jobs" | "work" => Kind::Job,
            "education" => Kind::Education,
            "awards" => Kind::Award,
            "volunteer" | "volunteering" => Kind::Volunteer,
            "certificates" => Kind::Certificate,
            "talks" => Kind::Talk,
            "teaching" => Kind::Teaching,
            "service" => Kind::Service,
            "posts" | "news" | "blog" => Kind::Post,
            _ => Kind::Page,
        }
    }

    pub(super) fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        // (allowed besides the common ones, required)
        match self {
            Kind::Paper => (
                &[
                    "authors",
                    "venue",
                    "abbr",
                    "type",
                    "year",
                    "month",
                    "date",
                    "status",
                    "badges",
                    "links",
                    "featured",
                    "title_is_description",
                    "bibtex",
                    "image",
                    "image_alt",
                ],
                &["title", "authors", "type", "year"],
            ),
            Kind::Project => (
                &[
                    "summary",
                    "organization",
                    "role",
                    "start",
                    "end",
                    "date",
                    "links",
                    "image",
                    "image_alt",
                    "featured",
                ],
                &["title"],
            ),
            Kind::Job | Kind::Volunteer => (
                &[
                    "organization",
                    "role",
                    "department",
                    "location",
                    "start",
                    "end",
                    "summary",
                    "website",
                ],
                &["organization", "role", "start"],
            ),
            Kind::Education => (
                &[
                    "school",
                    "degree",
                    "department",
                    "field",
                    "location",
                    "start",
                    "end",
                    "gpa",
                    "courses",
                    "website",
                ],
                &["school", "degree", "start"],
            ),
            Kind::Award => (&["date", "issuer", "rank", "field_size", "level"], &["title"]),
            Kind::Certificate => (&["date", "issuer", "website"], &["title"]),
            Kind::Talk => (&["event", "location", "date", "links"], &["title", "event", "date"]),
            Kind::Teaching => (
                &["organization", "role", "term", "location", "start", "end", "links"],
                &["title", "organization", "role", "start"],
            ),
            Kind::Service => {
                (&["role", "venue", "organization", "start", "end", "links"], &["role", "start"])
            }
            Kind::Post => (&["date", "updated"], &["title", "date"]),
            Kind::Page => (&["date"], &["title"]),
            Kind::Profile => (
                &[
                    "tagline",
                    "interests",
                    "skills",
                    "languages",
                    "references",
                    "highlights",
                    "open_to",
                    "publications_summary",
                ],
                &[],
            ),
            Kind::Section => (&["kind"], &[]),
        }
    }

    pub(super) fn common_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Profile => &["title", "description", "template", "extra"],
            Kind::Section => {
                &["title", "description", "template", "weight", "extra", "aliases", "draft"]
            }
            _ => &[
                "title",
                "description",
                "draft",
                "weight",
                "tags",
                "slug",
                "aliases",
                "template",
                "extra",
            ],
        }
    }
}
