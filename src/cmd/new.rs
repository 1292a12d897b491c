//! `folio new <kind> "Title"`: a content file with that kind's front matter filled in,
//! today's date, the author's name, and `TODO:` placeholders that `folio check` reports
//! until they are replaced.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{CONTENT_DIR, Kind, front_matter};
use crate::error::{Error, Result};
use crate::util::slug::slugify;

/// The marker `folio new` leaves where the author must write something.
pub const PLACEHOLDER: &str = "TODO:";

/// Writes a new content file of `kind` titled `title` in `lang` (the default language
/// when `None`) dated `date` (`YYYY-MM-DD`; today where the user is when `None`); returns
/// its path relative to the site root.
pub fn new_content(
    root: &Path,
    kind: Kind,
    title: &str,
    lang: Option<&str>,
    date: Option<&str>,
) -> Result<PathBuf> {
    let date = match date {
        Some(date) => {
            date.trim().parse::<jiff::civil::Date>().map(|d| d.to_string()).map_err(|_| {
                Error::Refused(format!(
                    "--date {date} is not a date: write it YYYY-MM-DD, e.g. 2024-10-15"
                ))
            })?
        }
        None => today(),
    };
    let config = Config::load(root)?;
    let lang = lang.unwrap_or(&config.default_language);
    if !config.has_language(lang) {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(Error::Refused(format!(
            "`{lang}` is not one of the site's languages ({}); add [languages.{lang}] to site.toml first",
            codes.join(", ")
        )));
    }
    if title.trim().is_empty() {
        return Err(Error::Refused("the title is empty".into()));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Refused(format!(
            "\"{title}\" gives an empty file name; use a title with letters or digits"
        )));
    }
    let file_name = if lang == config.default_language {
        format!("{slug}.md")
    } else {
        format!("{slug}.{lang}.md")
    };
    let rel = match section_for(root, kind) {
        Some(section) => Path::new(CONTENT_DIR).join(section).join(file_name),
        None => Path::new(CONTENT_DIR).join(file_name),
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err(Error::Refused(format!(
            "{} already exists; folio new never overwrites a file",
            rel.display()
        )));
    }
    let author =
        config.author.as_ref().map(|a| a.name.get(lang, &config.default_language).to_string());
    let text = front_matter_for(kind, title, author.as_deref(), date, lang.starts_with("zh"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|err| Error::io(&path, err))?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(|err| Error::io(&path, err))?;
    Ok(rel)
}

/// The folder a new item of `kind` goes into: a section whose `_index.md` declares that
/// kind, else the kind's usual folder (`None` for plain pages, which live in content/).
fn section_for(root: &Path, kind: Kind) -> Option<String> {
    let default = kind.folder()?;
    let folders = std::fs::read_dir(root.join(CONTENT_DIR)).into_iter().flatten().flatten();
    let declared = folders.into_iter().find_map(|entry| {
        let index = entry.path().join("_index.md");
        let text = std::fs::read_to_string(&index).ok()?;
        let split = front_matter::split(&text, &index).ok()?;
        let fm = front_matter::parse(&split, &index, Kind::Section).ok()?;
        (fm.kind == Some(kind)).then(|| entry.file_name().to_string_lossy().into_owned())
    });
    Some(declared.unwrap_or_else(|| default.to_string()))
}

/// Today's date where the user is (the system's time zone, or `TZ`) as `YYYY-MM-DD`: a
/// user in UTC+8 writing before 08:00 gets today, not yesterday.
pub fn today() -> String {
    jiff::Zoned::now().date().to_string()
}

fn front_matter_for(
    kind: Kind,
    title: &str,
    author: Option<&str>,
    date: String,
    chinese: bool,
) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let author = author.unwrap_or("TODO: your name").replace('"', "\\\"");
    let year = &date[..4];
    let month = &date[..7];
    let todo = |en: &str, zh: &str| format!("{PLACEHOLDER} {}", if chinese { zh } else { en });
    match kind {
        Kind::Paper => format!(
            "+++\ntitle = \"{title}\"\nauthors = [\"{author}\", \"{}\"]   # * equal contribution, † corresponding\nvenue = \"{}\"\ntype = \"conference\"          # conference journal workshop preprint thesis patent\nyear = {year}\nstatus = \"published\"         # published accepted under-review preprint\n# badges = [\"Oral\"]\n# featured = true\n\n[links]\n# pdf = \"https://…\"\n+++\n{}\n",
            todo("the other authors, in order", "其他作者,按署名顺序"),
            todo("where it appeared", "会议或期刊"),
            todo("the abstract", "摘要"),
        ),
        Kind::Project => format!(
            "+++\ntitle = \"{title}\"\nsummary = \"{}\"\nrole = \"{}\"\nstart = \"{month}\"\nend = \"present\"\ntags = []\n# featured = true\n+++\n{}\n",
            todo("one paragraph for the card", "卡片上的一段介绍"),
            todo("your role", "你的角色"),
            todo("what it is, what you did, the results", "项目内容、你的工作与结果"),
        ),
        Kind::Job => format!(
            "+++\ntitle = \"{title}\"\norganization = \"{}\"\nrole = \"{}\"\nlocation = \"\"\nstart = \"{month}\"\nend = \"present\"\nsummary = \"\"\n+++\n- {}\n",
            todo("the company or lab", "公司或实验室"),
            todo("your position", "职位"),
            todo("what you did and achieved", "工作内容与成果"),
        ),
        Kind::Education => format!(
            "+++\ntitle = \"{title}\"\nschool = \"{}\"\ndegree = \"{}\"\nfield = \"\"\nstart = \"{month}\"\nend = \"present\"\n+++\n",
            todo("the school", "学校"),
            todo("the degree", "学位"),
        ),
        Kind::Award => format!(
            "+++\ntitle = \"{title}\"\ndate = \"{date}\"\nissuer = \"{}\"\nrank = \"\"\n+++\n",
            todo("who gave it", "颁发单位"),
        ),
        Kind::Volunteer => format!(
            "+++\ntitle = \"{title}\"\norganization = \"{}\"\nrole = \"{}\"\nstart = \"{month}\"\nend = \"present\"\n# website = \"https://…\"\n+++\n- {}\n",
            todo("the organisation", "组织"),
            todo("what you did there", "你的角色"),
            todo("what you did and achieved", "工作内容与成果"),
        ),
        Kind::Talk => format!(
            "+++\ntitle = \"{title}\"\nevent = \"{}\"\nlocation = \"\"\ndate = \"{date}\"\n\n[links]\n# slides = \"https://…\"\n# video = \"https://…\"\n+++\n",
            todo(
                "where you gave it: a seminar, a conference, a workshop",
                "报告场合：研讨会、会议或讲座"
            ),
        ),
        Kind::Teaching => format!(
            "+++\ntitle = \"{title}\"\norganization = \"{}\"\nrole = \"{}\"\nterm = \"\"                    # e.g. \"Fall 2024\"\nstart = \"{month}\"\n+++\n",
            todo("the university", "学校"),
            todo("Lecturer or Teaching assistant", "主讲或助教"),
        ),
        Kind::Service => format!(
            "+++\ntitle = \"{title}\"\nrole = \"{}\"\nvenue = \"{}\"\nstart = \"{year}\"\nend = \"present\"\n+++\n",
            todo(
                "Reviewer, Program committee member, Associate editor",
                "审稿人、程序委员会委员、副编辑"
            ),
            todo("the conferences or journals", "会议或期刊"),
        ),
        Kind::Certificate => format!(
            "+++\ntitle = \"{title}\"\ndate = \"{date}\"\nissuer = \"{}\"\n# website = \"https://… (where it can be verified)\"\n+++\n",
            todo("who issued it", "颁发机构"),
        ),
        Kind::Post => format!(
            "+++\ntitle = \"{title}\"\ndate = \"{date}\"\ndescription = \"{}\"\n+++\n{}\n",
            todo("one sentence for lists and feeds", "用于列表和订阅源的一句话"),
            todo("the news", "正文"),
        ),
        _ => format!("+++\ntitle = \"{title}\"\n+++\n{}\n", todo("the page", "正文")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_parses_as_its_kind() {
        for kind in [
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
        ] {
            let text = front_matter_for(
                kind,
                "A \"quoted\" title",
                Some("Jintu Zheng"),
                "2026-11-28".into(),
                false,
            );
            let file = Path::new("x.md");
            let split = front_matter::split(&text, file).expect("split");
            front_matter::parse(&split, file, kind)
                .unwrap_or_else(|e| panic!("{kind:?}: {e:?}\n{text}"));
            assert!(text.contains(PLACEHOLDER), "{kind:?} has placeholders");
        }
    }
}
