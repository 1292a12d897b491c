//! Failure injection: hostile and careless input against build and import. Each test
//! asserts the exit code, the file (and line) the message names, that a failed build
//! leaves the previous output byte-identical, and that nothing outside the output changed.

use std::path::Path;
use std::process::Output;

use crate::support::{TestSite, paper, snapshot};

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A site with a paper and a post that builds.
fn small_site() -> TestSite {
    let site = TestSite::new();
    site.file("content/papers/a.md", &paper("Sparse views", 2024, ""));
    site.file(
        "content/posts/hello.md",
        "+++\ntitle = \"Hello\"\ndate = 2024-05-01\ntags = [\"news\"]\n+++\nHi.\n",
    );
    site
}

/// Builds, asserting success, and returns the output folder's files.
fn built(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    let out = site.run(&["build"]);
    assert!(out.status.success(), "the site builds:\n{}", stderr(&out));
    snapshot(&site.public())
}

#[test]
fn a_folder_folio_did_not_write_is_refused_and_left_alone() {
    let site = small_site();
    site.file("public/thesis.tex", "\\documentclass{article}");
    site.file("public/notes/a.txt", "mine");
    let before = snapshot(&site.public());
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("folio did not write") && err.contains("--force"), "{err}");
    assert!(err.contains("notes") && err.contains("thesis.tex"), "names what is there: {err}");
    assert_eq!(snapshot(&site.public()), before, "nothing touched");

    // --force writes the site and keeps every file that was there, now and later.
    let out = site.run(&["build", "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.has("papers/a/index.html"));
    site.remove("content/posts/hello.md");
    built(&site);
    assert!(!site.has("posts/hello/index.html"), "a page folio wrote and the site dropped goes");
    assert_eq!(site.read("thesis.tex"), "\\documentclass{article}");
    assert_eq!(site.read("notes/a.txt"), "mine");
}

#[test]
fn the_site_s_own_folders_are_never_an_output() {
    let site = small_site();
    site.file(".git/HEAD", "ref: refs/heads/main\n");
    for output in [".git", "content/x", ".folio-cache/out"] {
        let out = site.run(&["build", "--output", output]);
        assert_eq!(out.status.code(), Some(1), "--output {output}");
        assert!(stderr(&out).contains("refusing to write the site into"), "{}", stderr(&out));
    }
    assert_eq!(
        std::fs::read_to_string(site.root().join(".git/HEAD")).ok().as_deref(),
        Some("ref: refs/heads/main\n")
    );
}

#[test]
fn a_failed_rebuild_leaves_the_previous_output_byte_identical() {
    let site = small_site();
    let before = built(&site);
    // Changed pages render fine, then a copied file cannot be read: the last step fails.
    site.file("content/papers/a.md", &paper("Sparse views, revised", 2024, ""));
    site.file("content/posts/new.md", "+++\ntitle = \"New\"\ndate = 2024-06-01\n+++\nNew.\n");
    std::fs::create_dir_all(site.root().join("static")).expect("mkdir");
    std::os::unix::fs::symlink("missing-file.css", site.root().join("static/broken.css"))
        .expect("link");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("broken.css"), "{}", stderr(&out));
    assert_eq!(snapshot(&site.public()), before, "old output, byte for byte");
    let staging = site.root().join(".public.folio-staging");
    assert!(!staging.exists(), "the staged files are gone");
}

#[test]
fn a_failed_first_build_leaves_no_folder_behind() {
    let site = small_site();
    std::fs::create_dir_all(site.root().join("static")).expect("mkdir");
    std::os::unix::fs::symlink("missing-file.css", site.root().join("static/broken.css"))
        .expect("link");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!site.public().exists());
    assert!(!site.root().join(".public.folio-staging").exists());
}

#[test]
fn an_alias_onto_a_generated_page_names_both_and_writes_nothing() {
    for alias in ["/index.html", "/en/", "/404.html", "/tags/", "/robots.txt", "/sitemap.xml"] {
        // The default theme, which makes the tag list.
        let site = TestSite::empty();
        site.file("site.toml", crate::support::BILINGUAL_CONFIG);
        site.file("content/papers/a.md", &paper("Sparse views", 2024, ""));
        let before = built(&site);
        site.file(
            "content/posts/hello.md",
            &format!(
                "+++\ntitle = \"Hello\"\ndate = 2024-05-01\ntags = [\"news\"]\naliases = [\"{alias}\"]\n+++\nHi.\n"
            ),
        );
        let out = site.run(&["build"]);
        assert_eq!(out.status.code(), Some(1), "alias {alias}");
        let err = stderr(&out);
        assert!(err.contains("content/posts/hello.md") && err.contains("alias"), "{alias}: {err}");
        assert!(
            err.contains("which is ") || err.contains("but it is "),
            "names the other source: {err}"
        );
        assert_eq!(snapshot(&site.public()), before, "alias {alias}");
    }
}

#[test]
fn a_folder_named_with_digits_is_content() {
    let site = small_site();
    site.file(
        "content/posts/2024/hello.md",
        "+++\ntitle = \"In 2024\"\ndate = 2024-05-01\n+++\nHi.\n",
    );
    site.file("content/posts/4913", "vim's probe file");
    built(&site);
    assert!(site.read("posts/2024/hello/index.html").contains("In 2024"));
    assert!(!site.has("posts/4913"));
}

#[test]
fn an_edit_that_keeps_size_and_modification_time_is_rebuilt() {
    let site = small_site();
    built(&site);
    let file = site.root().join("content/posts/hello.md");
    let mtime = std::fs::metadata(&file).and_then(|m| m.modified()).expect("mtime");
    site.file("content/posts/hello.md", "+++\ntitle = \"Howdy\"\ndate = 2024-05-01\n+++\nHi.\n");
    let handle = std::fs::File::options().write(true).open(&file).expect("open");
    handle.set_modified(mtime).expect("touch -r");
    built(&site);
    assert!(site.read("posts/hello/index.html").contains("Howdy"));
}

#[test]
fn links_that_leave_the_site_are_errors_unless_allowed() {
    let outside = tempfile::tempdir().expect("temp");
    std::fs::write(outside.path().join("secret.txt"), "private").expect("write");
    std::fs::create_dir_all(outside.path().join("folder")).expect("mkdir");
    std::fs::write(outside.path().join("folder/x.md"), "+++\ntitle = \"X\"\ndate = 2024\n+++\n")
        .expect("write");
    for (link, target) in [("static/secret.txt", "secret.txt"), ("content/posts/folder", "folder")]
    {
        let site = small_site();
        std::fs::create_dir_all(site.root().join(link).parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(outside.path().join(target), site.root().join(link))
            .expect("link");
        let out = site.run(&["build"]);
        assert_eq!(out.status.code(), Some(1), "{link}");
        let err = stderr(&out);
        assert!(err.contains(link) && err.contains("outside the site"), "{err}");
        assert!(err.contains(&outside.path().join(target).display().to_string()), "{err}");
        assert!(!site.public().exists());

        let config = std::fs::read_to_string(site.root().join("site.toml")).expect("config");
        site.file("site.toml", &format!("allow_outside_links = true\n{config}"));
        let out = site.run(&["build"]);
        assert!(out.status.success(), "allowed: {}", stderr(&out));
    }
}

#[test]
fn a_link_inside_the_output_is_never_written_through() {
    let site = small_site();
    built(&site);
    let elsewhere = tempfile::tempdir().expect("temp");
    std::fs::remove_dir_all(site.public().join("posts")).expect("rm");
    std::os::unix::fs::symlink(elsewhere.path(), site.public().join("posts")).expect("link");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("does not write through links"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(elsewhere.path()).expect("read").count(), 0);
}

#[test]
fn an_import_section_outside_content_is_refused() {
    let site = small_site();
    site.file("refs.bib", "@article{a, title={T}, author={A B}, year={2020}, journal={J}}\n");
    for section in ["../x", "/tmp/folio-escape", "papers/../../x", ""] {
        let out = site.run(&["import", "bibtex", "refs.bib", "--section", section]);
        assert_eq!(out.status.code(), Some(1), "--section {section:?}");
        assert!(stderr(&out).contains("not a folder inside content/"), "{}", stderr(&out));
    }
    assert!(!site.root().join("x").exists() && !Path::new("/tmp/folio-escape").exists());
}

#[test]
fn imports_keep_every_entry() {
    let site = small_site();
    site.file(
        "refs.bib",
        "@article{dup, title={First}, author={A B}, year={2020}, journal={J}}\n\
         @article{dup, title={Second}, author={C D}, year={2021}, journal={J}}\n",
    );
    let out = site.run(&["import", "bibtex", "refs.bib", "--section", "refs"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let first = std::fs::read_to_string(site.root().join("content/refs/dup.md")).expect("first");
    let second =
        std::fs::read_to_string(site.root().join("content/refs/dup-2.md")).expect("second");
    assert!(first.contains("First") && second.contains("Second"));

    site.file(
        "resume.json",
        r#"{"work": [
            {"name": "Lab", "position": "Intern", "startDate": "2024-06"},
            {"name": "Lab", "position": "Engineer", "startDate": "2024-06"},
            {"name": "Other", "startDate": "2023-01"},
            {"name": "Late", "position": "X", "startDate": "2024-01", "endDate": "2023-01"}
        ]}"#,
    );
    let out = site.run(&["import", "resume", "resume.json"]);
    assert_eq!(out.status.code(), Some(1), "an entry was not imported");
    let err = stderr(&out);
    assert!(err.contains("/work/2") && err.contains("position"), "{err}");
    assert!(err.contains("before startDate"), "{err}");
    let jobs = std::fs::read_dir(site.root().join("content/jobs")).expect("jobs").count();
    assert_eq!(jobs, 2, "both jobs at Lab, each its own file");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let site = small_site();
    site.file(
        "content/posts/deep.md",
        &format!("+++\ntitle = \"Deep\"\ndate = 2024\n+++\n{}x\n", "> ".repeat(3000)),
    );
    let out = site.run(&["build", "--minify"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    if cfg!(feature = "minify") {
        assert!(stderr(&out).contains("nest"), "{}", stderr(&out));
    } else {
        assert!(stderr(&out).contains("the `minify` feature"), "{}", stderr(&out));
    }
    assert!(!site.public().exists());

    let site = small_site();
    let braces = format!("{}x{}", "{".repeat(40_000), "}".repeat(40_000));
    site.file(
        "content/posts/math.md",
        &format!("+++\ntitle = \"M\"\ndate = 2024\n+++\n${braces}$\n"),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/posts/math.md:5") && err.contains("40000 deep"), "{err}");
    assert!(err.len() < 2_000, "the message does not repeat the formula: {} bytes", err.len());
}

#[test]
fn unclear_inputs_get_clear_results() {
    let site = small_site();
    site.file(
        "content/posts/tags.md",
        "+++\ntitle = \"T\"\ndate = 2024\ntags = [\"C++\", \"C#\", \"C\"]\n+++\nA\u{0}B\n",
    );
    built(&site);
    for slug in ["cplusplus", "csharp", "c"] {
        assert!(site.has(&format!("tags/{slug}/index.html")), "{slug}");
    }
    let page = site.read("posts/tags/index.html");
    assert!(page.contains("A\u{FFFD}B") && !page.contains('\u{0}'));

    let out = site.run(&["build", "--base-url", "https://example.org/?q=1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("query or fragment"), "{}", stderr(&out));

    site.file(
        "content/posts/long.md",
        &format!("+++\ntitle = \"L\"\ndate = 2024\ntags = [\"{}\"]\n+++\n", "t".repeat(300)),
    );
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/posts/long.md") && stderr(&out).contains("300-byte"),
        "{}",
        stderr(&out)
    );
}

/// Writes `count` posts whose titles carry `version`.
fn posts(site: &TestSite, count: usize, version: usize) {
    for i in 0..count {
        site.file(
            &format!("content/posts/p{i:04}.md"),
            &format!("+++\ntitle = \"Post {i} v{version}\"\ndate = 2024-05-01\n+++\nBody of {i}, version {version}.\n"),
        );
    }
}

#[test]
fn killed_at_any_moment_the_output_is_the_old_site_or_the_new() {
    // Heavy on both cores: not while a browser test runs (it would time out).
    let _turn =
        crate::browser::ONE_BROWSER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let site = TestSite::new();
    let count = 1_000;
    // Each version's complete output, built into a folder of its own for reference.
    let mut reference = Vec::new();
    for version in 0..2 {
        posts(&site, count, version);
        let folder = format!("reference-{version}");
        let out = site.run(&["build", "--output", &folder]);
        assert!(out.status.success(), "{}", stderr(&out));
        reference.push(snapshot(&site.root().join(&folder)));
    }
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let mut version = 1;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    let mut random = seed;
    let mut next = move || {
        random = random.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        random >> 33
    };
    for round in 0..10 {
        let old = snapshot(&site.public());
        version = 1 - version;
        posts(&site, count, version);
        let mut child = crate::support::folio_command()
            .arg("build")
            .current_dir(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start folio");
        let delay = next() % 1_000;
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let hard = round % 2 == 1;
        if hard {
            let _ = child.kill();
        } else {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        }
        let _ = child.wait();
        let now = snapshot(&site.public());
        let journal = site.public().join(".folio-commit").exists();
        let context = format!("seed {seed}, round {round}, {}ms, hard {hard}", delay);
        if now != old && now != reference[version] {
            assert!(hard && journal, "a mixed output: {context}");
            let out = site.run(&["build"]);
            assert!(out.status.success(), "{context}: {}", stderr(&out));
            assert!(snapshot(&site.public()) == reference[version], "recovered: {context}");
        }
        assert!(!site.root().join(".public.folio-staging").exists() || hard, "{context}");
        // Bring the folder to this version for the next round.
        let out = site.run(&["build"]);
        assert!(out.status.success(), "{context}: {}", stderr(&out));
        assert!(snapshot(&site.public()) == reference[version], "{context}");
    }
}

#[test]
fn config_front_matter_and_bib_mistakes_say_how_to_fix_them() {
    let site = small_site();
    site.file("site.toml", "");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("site.toml") && err.contains("to site.toml") && !err.contains("front matter"),
        "{err}"
    );

    let site = small_site();
    site.file("content/posts/toml.md", "---\ntitle = \"T\"\ndate = 2024-01-01\n---\nBody.\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("content/posts/toml.md") && err.contains("+++"), "{err}");

    let site = small_site();
    site.bytes("old.bib", b"@article{a,\n  title={Caf\xe9},\n  author={A B}, year={2020}}\n");
    let out = site.run(&["import", "bibtex", "old.bib"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("old.bib:2") && err.contains("UTF-8"), "{err}");
}
