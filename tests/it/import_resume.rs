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
    for left_out in ["volunteer (1 entry)", "languages (1 entry)", "references (1 entry)"] {
        assert!(report.contains(left_out), "{left_out} is reported: {report}");
    }
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
