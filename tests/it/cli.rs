//! The `folio` command line: help, version, exit codes, messages on stderr, colours.

use crate::support::{TestSite, folio_command};

#[test]
fn help_and_version() {
    let out = folio_command().arg("--help").output().expect("run");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("build"), "{help}");
    let out = folio_command().args(["build", "--help"]).output().expect("run");
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in ["--root", "--output", "--base-url", "--drafts", "Examples:"] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    let out = folio_command().arg("--version").output().expect("run");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("folio {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_successful_build_prints_a_one_line_summary_and_exits_0() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("pages (")
            && stdout.contains("zh ")
            && stdout.contains("post 1")
            && stdout.contains(" ms"),
        "{stdout}"
    );
}

#[test]
fn content_errors_exit_1_on_stderr() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\n+++\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error: content/posts/a.md:1: missing required field `date` for a post"),
        "{stderr}"
    );
    assert!(stderr.contains("the output folder was left as it was"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    let out = folio_command().args(["build", "--no-such-flag"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = folio_command().arg("frobnicate").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn no_color_is_respected() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "");
    let forced = site_command(&site).env("CLICOLOR_FORCE", "1").output().expect("run");
    assert!(String::from_utf8_lossy(&forced.stderr).contains('\u{1b}'), "colour when forced");
    let plain =
        site_command(&site).env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1").output().expect("run");
    assert!(!String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'), "NO_COLOR wins");
}

fn site_command(site: &TestSite) -> std::process::Command {
    let mut command = folio_command();
    command.arg("build").current_dir(site.root());
    command
}

#[test]
fn refuses_output_folders_that_would_destroy_the_site() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    for output in [".", "content", "content/posts", "..", "static/out"] {
        let out = site.run(&["build", "--output", output]);
        assert_eq!(out.status.code(), Some(1), "--output {output}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("refusing to write the site into"), "{stderr}");
    }
    assert!(site.root().join("content/posts/a.md").is_file());
}

#[test]
fn root_and_base_url_flags() {
    let site = TestSite::new();
    site.file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    let out_dir = tempfile::tempdir().expect("temp");
    let out = folio_command()
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(out_dir.path())
        .args(["--base-url", "https://other.example/x/"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let sitemap = std::fs::read_to_string(out_dir.path().join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("https://other.example/x/posts/a/"), "{sitemap}");
}
