//! Snapshots (insta) of what a reader and a user see: the default theme's key pages built
//! from a small bilingual fixture site (`tests/fixtures/snapshot-site`), and the text
//! `folio build` prints when a site is broken.
//!
//! After an intended change, review and accept the new snapshots with `cargo insta review`
//! (or `INSTA_UPDATE=always cargo test`, then read the diff of `tests/it/snapshots/`).

use crate::support::{TestSite, repository};

/// Copies the fixture site into a temporary folder (the build writes next to it).
fn fixture_site() -> TestSite {
    let site = TestSite::empty();
    let fixture = repository().join("tests/fixtures/snapshot-site");
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.expect("fixture readable");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&fixture).expect("inside the fixture");
            let bytes = std::fs::read(entry.path()).expect("fixture file");
            site.bytes(&rel.to_string_lossy(), &bytes);
        }
    }
    site
}

#[test]
fn default_theme_key_pages_in_both_languages() {
    let site = fixture_site();
    site.build_ok();
    for (name, page) in [
        ("home_zh", "index.html"),
        ("home_en", "en/index.html"),
        ("paper_zh", "papers/sparse-view/index.html"),
        ("paper_en", "en/papers/sparse-view/index.html"),
        ("papers_list_zh", "papers/index.html"),
        ("papers_list_en", "en/papers/index.html"),
        ("cv_zh", "cv/index.html"),
        ("cv_en", "en/cv/index.html"),
    ] {
        insta::assert_snapshot!(name, site.read(page));
    }
}

/// What `folio build` prints on stderr for a broken site (colours off).
fn build_diagnostics(site: &TestSite) -> String {
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1), "a broken site fails the build");
    assert!(!site.public().exists(), "a failed first build writes nothing");
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    // The temporary folder's name differs run to run.
    text.replace(&site.root().display().to_string(), "[site]")
}

/// A site that is the fixture plus `files`.
fn broken(files: &[(&str, &str)]) -> TestSite {
    let site = fixture_site();
    for (path, text) in files {
        site.file(path, text);
    }
    site
}

#[test]
fn diagnostics_of_invalid_sites() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "malformed_toml_front_matter",
            &[("content/papers/bad.md", "+++\ntitle = \"A\nyear = 2024\n+++\n")],
        ),
        (
            "yaml_front_matter_unclosed",
            &[("content/papers/bad.md", "---\ntitle: A\nyear: [2024\n---\n")],
        ),
        (
            "unknown_field_did_you_mean",
            &[(
                "content/papers/bad.md",
                "+++\ntitle = \"A\"\nauthors = [\"Ming Li\"]\nvenu = \"X\"\ntype = \"conference\"\nyear = 2024\n+++\n",
            )],
        ),
        (
            "missing_required_field",
            &[("content/jobs/bad.md", "+++\nrole = \"Intern\"\nstart = \"2024-01\"\n+++\n")],
        ),
        (
            "invalid_date",
            &[(
                "content/jobs/bad.md",
                "+++\norganization = \"X\"\nrole = \"Y\"\nstart = \"2024-13\"\n+++\n",
            )],
        ),
        (
            "broken_internal_link",
            &[(
                "content/_index.md",
                "+++\ntitle = \"李明\"\n+++\n见 [论文](@/papers/missing.md)。\n",
            )],
        ),
        (
            "two_files_one_url",
            &[(
                "content/papers/sparse_view.md",
                "+++\ntitle = \"B\"\nauthors = [\"Ming Li\"]\ntype = \"conference\"\nyear = 2024\nslug = \"sparse-view\"\n+++\n",
            )],
        ),
        (
            "template_syntax_error",
            &[(
                "templates/paper.html",
                "{% extends \"base.html\" %}\n{% block main %}{{ page.title }\n{% endblock %}\n",
            )],
        ),
        (
            "unknown_site_toml_key",
            &[(
                "site.toml",
                "title = \"T\"\nbase_url = \"https://snap.example.org/\"\ntitel = \"x\"\n",
            )],
        ),
    ];
    for (name, files) in cases {
        let site = broken(files);
        insta::assert_snapshot!(*name, build_diagnostics(&site));
    }
}
