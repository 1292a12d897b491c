//! `folio import resume` completes the profile: the official JSON Resume sample into a site
//! fresh from `folio init`, whose `site.toml` then names the résumé's owner, keeps its
//! comments, and builds.

use crate::support::TestSite;

fn sample() -> String {
    std::fs::read_to_string(
        crate::support::repository().join("../shared/import/sample.resume.json"),
    )
    .expect("the JSON Resume sample")
}

#[test]
fn the_sample_resume_fills_site_toml_and_says_what_it_left_out() {
    let site = TestSite::empty();
    let init = site.run(&["init", "."]);
    assert!(init.status.success());
    site.file("resume.json", &sample());
    let out = site.run(&["import", "resume", "resume.json"]);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
    assert!(report.contains("site.toml: set title"), "{report}");
    assert!(
        report.contains("basics.location.address, postalCode: not published"),
        "a street address is said to be left out: {report}"
    );
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    for expected in [
        "title = \"Richard Hendriks\"",
        "description = \"Richard Hendriks, Programmer\"",
        "name = \"Richard Hendriks\"",
        "\"Hendriks, Richard\"",
        "email = \"richard.hendriks@mail.com\"",
        "phone = \"(912) 555-4321\"",
        "location = \"San Francisco, California, US\"",
        "url = \"mailto:richard.hendriks@mail.com\"",
        "kind = \"twitter\"",
        "label = \"SoundCloud (dandymusicnl)\"",
        "url = \"http://richardhendricks.example.com\"",
        // The scaffold's comments stay.
        "# Every way papers write your name: these are highlighted in author lists.",
        "# Where the site will be published; `folio build --base-url` overrides it.",
    ] {
        assert!(config.contains(expected), "{expected} in\n{config}");
    }
    assert!(!config.contains("Your Name"), "{config}");
    assert!(
        !config.contains("Your University"),
        "Pied Piper ended in 2014: no current affiliation rather than the placeholder: {config}"
    );
    site.build_ok();
    let resume: serde_json::Value =
        serde_json::from_str(&site.read("resume.json")).expect("resume.json");
    assert_eq!(resume["basics"]["name"], "Richard Hendriks");
    assert_eq!(resume["basics"]["email"], "richard.hendriks@mail.com");
    let cv = site.read("cv/index.html");
    assert!(cv.contains("<p class=\"affiliation\">San Francisco, California, US</p>"), "{cv}");
    assert!(cv.contains("href=\"tel:(912)555-4321\""), "{cv}");

    // A site.toml the user has filled is theirs.
    let again = site.run(&["import", "resume", "resume.json", "--update"]);
    let report = String::from_utf8_lossy(&again.stdout).into_owned();
    assert!(report.contains("site.toml already names Richard Hendriks: left as it is"), "{report}");
    assert!(
        report.contains(
            "content/_index.md (no import wrote it (you or folio init did); --force overwrites it)"
        ),
        "the home page folio init wrote is not taken for an import's: {report}"
    );
}

/// A fresh site holding only what the sample résumé imports.
fn imported_sample() -> TestSite {
    let site = TestSite::empty();
    assert!(site.run(&["init", "."]).status.success());
    for example in [
        "_index.md",
        "jobs/example-job.md",
        "projects/example-project.md",
        "education/example-degree.md",
        "awards/example-award.md",
        "talks/example-talk.md",
        "teaching/example-course.md",
        "service/example-review.md",
        "papers/example-paper.md",
        "posts/hello.md",
    ] {
        site.remove(&format!("content/{example}"));
    }
    site.file("resume.json", &sample());
    let out = site.run(&["import", "resume", "resume.json"]);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{report}{}", String::from_utf8_lossy(&out.stderr));
    site
}

#[test]
fn every_section_of_the_sample_comes_back_out_of_resume_json() {
    let site = imported_sample();
    site.build_ok();
    let sample: serde_json::Value = serde_json::from_str(&sample()).expect("sample");
    let got: serde_json::Value =
        serde_json::from_str(&site.read("resume.json")).expect("resume.json");
    for (section, entries) in sample.as_object().expect("object") {
        let Some(entries) = entries.as_array() else { continue };
        let out = got[section].as_array().unwrap_or_else(|| panic!("{section} in {got:#}"));
        assert_eq!(out.len(), entries.len(), "{section}: {got:#}");
    }
    let the = |pointer: &str| got.pointer(pointer).cloned().unwrap_or_default();
    assert_eq!(the("/volunteer/0/organization"), "CoderDojo");
    assert_eq!(the("/volunteer/0/position"), "Teacher");
    assert_eq!(the("/volunteer/0/url"), "http://coderdojo.example.com/");
    assert_eq!(the("/volunteer/0/highlights/0"), "Awarded 'Teacher of the Month'");
    assert_eq!(
        the("/languages/0"),
        serde_json::json!({"language": "English", "fluency": "Native speaker"})
    );
    assert_eq!(
        the("/interests/0"),
        serde_json::json!({"name": "Wildlife", "keywords": ["Ferrets", "Unicorns"]})
    );
    assert_eq!(the("/references/0/name"), "Erlich Bachman");
    assert!(
        the("/references/0/reference").as_str().is_some_and(|r| r.starts_with("It is my pleasure"))
    );
    assert_eq!(the("/skills/0/level"), "Master");
    assert_eq!(the("/education/0/url"), "https://www.ou.edu/");
    assert_eq!(the("/education/0/courses/1"), "CS2011 - Java Introduction");
    assert_eq!(the("/work/0/url"), "http://piedpiper.example.com");
    assert_eq!(the("/work/0/description"), "Awesome compression company");
    assert_eq!(the("/projects/0/highlights/0"), "Won award at AIHacks 2016");
    assert_eq!(the("/projects/0/type"), "application");
    assert_eq!(the("/projects/0/url"), "http://missdirection.example.com");

    // And a visitor sees them: the CV has the new sections.
    let cv = site.read("cv/index.html");
    for shown in ["CoderDojo", "Native speaker", "Erlich Bachman", "(Master)", "DB1101 - Basic SQL"]
    {
        assert!(cv.contains(shown), "{shown} on the CV:\n{cv}");
    }
    assert!(site.has("volunteer/coderdojo-2012-01-01/index.html"), "the volunteer page");
    let home = site.read("index.html");
    assert!(home.contains(r#""knowsLanguage":["English"]"#), "Person JSON-LD: {home}");

    // The official schema agrees, where the acceptance kit's tools are installed.
    let tools = std::env::var_os("ACCEPTANCE_TOOLS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| crate::support::repository().join("target/acceptance-tools"));
    let python = tools.join("venv/bin/python");
    let schema = tools.join("node/node_modules/@jsonresume/schema/schema.json");
    if python.exists() && schema.exists() {
        let kit = crate::support::repository().join("../shared/acceptance/lib/sitecheck.py");
        let out = std::process::Command::new(python)
            .arg(kit)
            .arg("resume")
            .arg(site.public())
            .arg(schema)
            .output()
            .expect("sitecheck");
        assert!(
            out.status.success(),
            "resume.json against the official schema:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    } else if std::env::var_os("FOLIO_REQUIRE_BROWSER").is_some() {
        panic!("the acceptance kit's tools are required (ACCEPTANCE_TOOLS) but are missing");
    } else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr().lock(),
            "\n!!!!!!!!!! SKIPPED schema check of the imported resume.json: no acceptance tools in {} !!!!!!!!!!\n",
            tools.display()
        );
    }
}
