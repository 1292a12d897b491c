//! The structured fields of the profile (`content/_index.md`): skills, interests, spoken
//! languages and references.

use serde::{Deserialize, Serialize};

/// A named group of skills on the profile.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SkillGroup {
    /// The group's name, e.g. "Languages".
    pub name: String,
    /// How good the owner is at them, in their words ("Master", "熟练").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The skills.
    #[serde(default)]
    pub items: Vec<String>,
}

/// A research or personal interest on the profile: a name, or a name with keywords.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
#[allow(missing_docs)]
pub enum Interest {
    Name(String),
    Group {
        name: String,
        #[serde(default)]
        keywords: Vec<String>,
    },
}

impl Interest {
    /// The interest's name.
    pub fn name(&self) -> &str {
        match self {
            Interest::Name(name) | Interest::Group { name, .. } => name,
        }
    }

    /// Its keywords, if any.
    pub fn keywords(&self) -> &[String] {
        match self {
            Interest::Name(_) => &[],
            Interest::Group { keywords, .. } => keywords,
        }
    }
}

/// A language the owner speaks, and how well.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SpokenLanguage {
    /// The language, e.g. "English".
    pub name: String,
    /// How well, in the owner's words ("Native speaker", "CET-6").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fluency: Option<String>,
}

/// A reference: someone who recommends the owner, and what they say.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Who gives the reference.
    pub name: String,
    /// What they say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}
