//! Every kind of bad input gets a message naming the file, the line where known, what was
//! expected and a hint; never a panic; and nothing is written.

use crate::support::{TestSite, paper};

/// Builds a site whose only content is `path` = `text` and returns the error text.
fn error_for(path: &str, text: &str) -> String {
    let site = TestSite::new();
    site.file(path, text);
    let message = site.build_err();
    assert!(!site.public().exists(), "a failed first build writes nothing");
    message
}

#[test]
fn malformed_toml_front_matter() {
    let err = error_for("content/posts/a.md", "+++\ntitle = \"A\ndate = 2024\n+++\n");
    assert!(err.contains("content/posts/a.md:2:"), "{err}");
}

#[test]
fn malformed_yaml_front_matter() {
    let err = error_for("content/posts/a.md", "---\ntitle: A\ndate: [2024\n---\n");
    assert!(err.contains("content/posts/a.md:"), "{err}");
    assert!(
        err.lines().next().is_some_and(|l| l.contains(".md:3") || l.contains(".md:4")),
        "{err}"
    );
}

#[test]
fn missing_closing_delimiter() {
    let err = error_for("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n\nBody\n");
    assert!(
        err.contains("content/posts/a.md:1: the front matter opened with +++ is never closed"),
        "{err}"
    );
    assert!(err.contains("hint: add a line with only +++"), "{err}");
}

#[test]
fn missing_required_field() {
    let err = error_for(
        "content/papers/a.md",
        "+++\ntitle = \"A\"\ntype = \"journal\"\nyear = 2024\n+++\n",
    );
    assert!(
        err.contains("content/papers/a.md:1: missing required field `authors` for a paper"),
        "{err}"
    );
}

#[test]
fn wrong_type() {
    let err = error_for(
        "content/papers/a.md",
        &paper("A", 2024, "").replace("year = 2024", "year = \"twenty\""),
    );
    assert!(err.contains("content/papers/a.md:5:"), "{err}");
    assert!(err.contains("expected a whole number"), "{err}");
}

#[test]
fn invalid_date() {
    let err = error_for("content/posts/a.md", "+++\ntitle = \"A\"\ndate = \"2024-13-01\"\n+++\n");
    assert!(err.contains("content/posts/a.md:3: invalid date `2024-13-01`"), "{err}");
    assert!(err.contains("2024, 2024-10 or 2024-10-15"), "{err}");
}

#[test]
fn end_before_start() {
    let err = error_for(
        "content/jobs/a.md",
        "+++\norganization = \"A\"\nrole = \"R\"\nstart = \"2024-10\"\nend = \"2023-01\"\n+++\n",
    );
    assert!(
        err.contains("content/jobs/a.md:5: `end` (2023-01) is before `start` (2024-10)"),
        "{err}"
    );
}

#[test]
fn unknown_field_with_did_you_mean() {
    let err =
        error_for("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\ntgas = [\"x\"]\n+++\n");
    assert!(err.contains("content/posts/a.md:4: unknown field `tgas`"), "{err}");
    assert!(err.contains("did you mean `tags`?"), "{err}");
}

#[test]
fn a_field_of_another_kind() {
    let err =
        error_for("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\nvenue = \"ECCV\"\n+++\n");
    assert!(err.contains("content/posts/a.md:4: `venue` is not a field of a post"), "{err}");
}

#[test]
fn two_files_with_one_url() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\nslug = \"same\"\n+++\n")
        .file("content/posts/same.md", "+++\ntitle = \"B\"\ndate = 2024\n+++\n");
    let err = site.build_err();
    assert!(err.contains("content/posts/same.md"), "{err}");
    assert!(err.contains("content/posts/a.md"), "{err}");
    assert!(err.contains("same URL (/posts/same/)"), "{err}");
}

#[test]
fn internal_link_to_a_missing_file() {
    let err = error_for(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n\nSee [this](@/papers/nope.md).\n",
    );
    assert!(err.contains("content/about.md:5: link to `@/papers/nope.md`: there is no file content/papers/nope.md"), "{err}");
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = TestSite::new();
    site.file("templates/page.html", "line one\n{% if page.title %}\nunclosed\n")
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\n");
    let err = site.build_err();
    assert!(err.contains("templates/page.html:"), "{err}");
}

#[test]
fn template_reading_an_undefined_variable() {
    let site = TestSite::new();
    site.file("templates/page.html", "ok\n\n{{ page.no_such_field }}\n")
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\n");
    let err = site.build_err();
    assert!(err.contains("templates/page.html:3:"), "{err}");
    assert!(err.contains("while rendering content/about.md"), "{err}");
}

#[test]
fn unknown_theme() {
    let site = TestSite::new();
    site.file("site.toml", &format!("theme = \"fancy\"\n{}", crate::support::BILINGUAL_CONFIG));
    let err = site.build_err();
    assert!(err.contains("site.toml:1: unknown theme `fancy`"), "{err}");
    assert!(err.contains("the themes available are: default"), "{err}");
}

#[test]
fn non_utf8_file() {
    let site = TestSite::new();
    site.bytes("content/posts/a.md", b"+++\ntitle = \"A\"\ndate = 2024\n+++\n\xff\xfe bad\n");
    let err = site.build_err();
    assert!(err.contains("content/posts/a.md:5: the file is not valid UTF-8 text"), "{err}");
}

#[test]
fn empty_file() {
    let err = error_for("content/posts/a.md", "");
    assert!(err.contains("content/posts/a.md: the file is empty"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_content() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("content/posts/loop"))
        .expect("symlink");
    let err = site.build_err();
    assert!(err.contains("content/posts/loop: symbolic link loop"), "{err}");
    std::fs::remove_file(site.root().join("content/posts/loop")).expect("unlink");
    std::os::unix::fs::symlink(site.root().join("content"), site.root().join("content/loop"))
        .expect("symlink");
    let err = site.build_err();
    assert!(err.contains("content/loop: symbolic link loop"), "a link at the top: {err}");
}

#[cfg(unix)]
#[test]
fn linked_files_and_folders_in_content_are_followed() {
    let site = TestSite::new();
    // Links out of the site are refused unless the site allows them (tests/it/hardening.rs).
    site.file(
        "site.toml",
        &format!("allow_outside_links = true\n{}", crate::support::BILINGUAL_CONFIG),
    );
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(outside.path().join("notes")).expect("mkdir");
    std::fs::write(
        outside.path().join("b.md"),
        "+++\ntitle = \"B\"\ndate = 2024\n+++\nLinked file.\n",
    )
    .expect("write");
    std::fs::write(
        outside.path().join("notes/c.md"),
        "+++\ntitle = \"C\"\ndate = 2024\n+++\nLinked folder.\n",
    )
    .expect("write");
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    std::os::unix::fs::symlink(outside.path().join("b.md"), site.root().join("content/posts/b.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(
        outside.path().join("notes"),
        site.root().join("content/posts/notes"),
    )
    .expect("symlink");
    // A whole section can be a link too (the top level of content/ is walked apart).
    std::os::unix::fs::symlink(outside.path().join("notes"), site.root().join("content/notes"))
        .expect("symlink");
    site.build_ok();
    assert!(site.read("posts/b/index.html").contains("Linked file."));
    assert!(site.read("posts/notes/c/index.html").contains("Linked folder."));
    assert!(site.read("notes/c/index.html").contains("Linked folder."));
    // The unchanged-rebuild check sees an edit behind a link too.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(outside.path().join("b.md"), "+++\ntitle = \"B\"\ndate = 2024\n+++\nEdited.\n")
        .expect("write");
    site.build_ok();
    assert!(site.read("posts/b/index.html").contains("Edited."));
}

#[test]
fn unknown_site_toml_key_names_its_line() {
    let site = TestSite::new();
    site.file("site.toml", &format!("descripton = \"x\"\n{}", crate::support::BILINGUAL_CONFIG));
    let err = site.build_err();
    assert!(err.contains("site.toml:1: unknown field `descripton`"), "{err}");
    assert!(err.contains("did you mean `description`?"), "{err}");
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "")
        .file("content/posts/b.md", "+++\ntitle = \"B\"\n+++\n")
        .file("content/papers/c.md", &paper("C", 2024, "").replace("year = 2024", "year = \"x\""))
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\n[x](@/missing.md)\n");
    let err = site.build_err();
    for file in
        ["content/posts/a.md", "content/posts/b.md", "content/papers/c.md", "content/about.md"]
    {
        assert!(err.contains(file), "{file} missing from:\n{err}");
    }
    assert!(err.ends_with("4 errors in 4 files"), "{err}");
}

#[test]
fn a_link_to_a_broken_file_is_not_reported_twice() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = 1\n+++\n")
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\n[a](@/posts/a.md)\n");
    let err = site.build_err();
    assert!(!err.contains("content/about.md"), "{err}");
}

/// A body rendered late, by its own page's job (search and feeds off), is
/// checked as strictly: its broken links name file and line, are reported with every other
/// problem, and a failed build leaves the previous output as it was.
#[test]
fn a_body_rendered_with_its_page_reports_broken_links_with_the_rest() {
    let site = TestSite::new();
    let config = format!("{}\n[outputs]\nsearch = false\n", crate::support::BILINGUAL_CONFIG);
    site.file("site.toml", &config)
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\n\nSee [this](@/papers/p.md).\n")
        .file("content/papers/p.md", &paper("P", 2024, ""));
    site.build_ok();
    let before = crate::support::snapshot(&site.public());

    site.remove("content/papers/p.md");
    let err = site.build_err();
    assert!(err.contains("content/about.md:5: link to `@/papers/p.md`"), "{err}");
    assert_eq!(crate::support::snapshot(&site.public()), before, "output left as it was");

    site.file("content/posts/a.md", "+++\ntitle = 1\n+++\n");
    let err = site.build_err();
    assert!(err.contains("content/posts/a.md"), "{err}");
    assert!(err.contains("content/about.md:5: link to `@/papers/p.md`"), "{err}");
}
