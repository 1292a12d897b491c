//! The commands a new user touches first: init, new, check, theme eject, completions, man.

use crate::support::{TestSite, folio_command, snapshot};

fn run_ok(site: &TestSite, args: &[&str]) -> String {
    let out = site.run(args);
    assert!(
        out.status.success(),
        "folio {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn check_json(site: &TestSite) -> serde_json::Value {
    let out = site.run(&["check", "--format", "json"]);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}):\n{}", String::from_utf8_lossy(&out.stdout)))
}

/// The findings of `folio check` as `severity file:line message` lines.
fn findings(site: &TestSite) -> Vec<String> {
    let report = check_json(site);
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let line = f["line"].as_u64().map(|l| format!(":{l}")).unwrap_or_default();
            format!(
                "{} {}{line} {}",
                f["severity"].as_str().unwrap_or(""),
                f["file"].as_str().unwrap_or(""),
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn has(findings: &[String], wanted: &str) -> bool {
    findings.iter().any(|f| f.contains(wanted))
}

#[test]
fn init_then_build_then_check_passes_in_each_language() {
    for lang in ["en", "zh"] {
        let site = TestSite::empty();
        let out = run_ok(&site, &["init", ".", "--lang", lang]);
        assert!(out.contains("created"), "{out}");
        for file in [
            "site.toml",
            ".gitignore",
            ".github/workflows/pages.yml",
            "content/_index.md",
            "content/papers/example-paper.md",
            "content/projects/example-project.md",
            "content/jobs/example-job.md",
            "content/education/example-degree.md",
            "content/awards/example-award.md",
            "content/talks/example-talk.md",
            "content/teaching/example-course.md",
            "content/service/example-review.md",
            "content/posts/hello.md",
        ] {
            assert!(site.root().join(file).is_file(), "{lang}: missing {file}");
        }
        assert!(site.root().join("static").is_dir());
        run_ok(&site, &["build"]);
        assert!(site.read("papers/example-paper/index.html").contains(&format!("lang=\"{lang}\"")));
        // Talks, teaching and service: a page each, a section on the CV, JSON-LD, and
        // service in /resume.json (JSON Resume has no place for talks or courses).
        let talk = site.read("talks/example-talk/index.html");
        assert!(talk.contains("\"@type\":\"Event\""), "{talk}");
        let course = site.read("teaching/example-course/index.html");
        assert!(course.contains("\"@type\":\"Course\""), "{course}");
        let review = site.read("service/example-review/index.html");
        assert!(review.contains("\"@type\":\"OrganizationRole\""), "{review}");
        let cv = site.read("cv/index.html");
        for section in ["cv-talks", "cv-teaching", "cv-service"] {
            assert!(cv.contains(&format!("id=\"{section}\"")), "{lang}: {section} on the CV");
        }
        let resume: serde_json::Value =
            serde_json::from_str(&site.read("resume.json")).expect("resume.json");
        let volunteer = resume["volunteer"].as_array().expect("volunteer");
        assert!(
            volunteer
                .iter()
                .any(|v| v["position"] == if lang == "en" { "Reviewer" } else { "审稿人" }),
            "{resume:#}"
        );
        let pdf = std::fs::read(site.public().join("cv.pdf")).expect("the CV's PDF");
        assert!(pdf.starts_with(b"%PDF-"));
        let check = site.run(&["check"]);
        assert!(
            check.status.success(),
            "{lang}: check failed:\n{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn init_refuses_a_folder_with_files_and_never_overwrites() {
    let site = TestSite::empty();
    site.file("site.toml", "mine");
    let out = site.run(&["init", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    let out = run_ok(&site, &["init", ".", "--force"]);
    assert!(out.contains("kept    ./site.toml"), "{out}");
    assert_eq!(std::fs::read_to_string(site.root().join("site.toml")).expect("read"), "mine");
    assert!(site.root().join("content/posts/hello.md").is_file());
}

#[test]
fn the_pages_workflow_is_valid_yaml_with_the_expected_steps() {
    let site = TestSite::empty();
    run_ok(&site, &["init", "."]);
    let text =
        std::fs::read_to_string(site.root().join(".github/workflows/pages.yml")).expect("workflow");
    let yaml: serde_json::Value = serde_yaml_ng::from_str(&text).expect("valid YAML");
    let steps = yaml["jobs"]["build"]["steps"].as_array().expect("build steps");
    let runs: Vec<String> = steps
        .iter()
        .map(|s| {
            format!("{} {}", s["uses"].as_str().unwrap_or(""), s["run"].as_str().unwrap_or(""))
        })
        .collect();
    assert!(runs.iter().any(|r| r.contains("actions/checkout")), "{runs:?}");
    assert!(!text.contains("cargo install"), "no crate is installed by name: {text}");
    let install =
        runs.iter().position(|r| r.contains("sha256sum --check")).expect("a checksum is verified");
    let check = runs.iter().position(|r| r.contains("folio check")).expect("the site is checked");
    let build = runs.iter().position(|r| r.contains("folio build")).expect("and built");
    assert!(install < check && check < build, "{runs:?}");
    // The PDF CV of a Chinese site needs a CJK font on the runner, before check typesets it.
    let fonts =
        runs.iter().position(|r| r.contains("fonts-noto-cjk")).expect("a CJK font is installed");
    assert!(fonts < check, "{runs:?}");
    assert!(text.contains(&format!("FOLIO_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))), "{text}");
    assert!(runs.iter().any(|r| r.contains("folio build")), "{runs:?}");
    assert!(runs.iter().any(|r| r.contains("actions/upload-pages-artifact")), "{runs:?}");
    assert_eq!(
        steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.contains("upload-pages-artifact")))
            .expect("upload")["with"]["path"],
        "public"
    );
    let deploy = yaml["jobs"]["deploy"]["steps"].as_array().expect("deploy steps");
    assert!(
        deploy
            .iter()
            .any(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/deploy-pages")))
    );
    assert_eq!(yaml["permissions"]["pages"], "write");
    assert!(text.contains(&format!("FOLIO_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn new_writes_every_kind_and_the_site_builds() {
    let site = TestSite::empty();
    run_ok(&site, &["init", ".", "--lang", "zh"]);
    for (kind, title, expected) in [
        (
            "paper",
            "稀疏视图的亚细胞结构预测",
            "content/papers/xi-shu-shi-tu-de-ya-xi-bao-jie-gou-yu-ce.md",
        ),
        ("project", "Lane topology", "content/projects/lane-topology.md"),
        ("job", "AMD", "content/jobs/amd.md"),
        ("education", "Master", "content/education/master.md"),
        ("award", "AGC 第五名", "content/awards/agc-di-wu-ming.md"),
        ("talk", "特邀报告", "content/talks/te-yao-bao-gao.md"),
        ("teaching", "计算机视觉", "content/teaching/ji-suan-ji-shi-jue.md"),
        ("service", "CVPR 审稿", "content/service/cvpr-shen-gao.md"),
        ("post", "论文被录用", "content/posts/lun-wen-bei-lu-yong.md"),
        ("page", "About", "content/about.md"),
    ] {
        let out = run_ok(&site, &["new", kind, title]);
        assert_eq!(out.trim(), format!("./{expected}"), "{kind}");
        let text = std::fs::read_to_string(site.root().join(expected)).expect("new file");
        assert!(text.contains(&format!("title = \"{title}\"")), "{text}");
    }
    let paper = std::fs::read_to_string(
        site.root().join("content/papers/xi-shu-shi-tu-de-ya-xi-bao-jie-gou-yu-ce.md"),
    )
    .expect("paper");
    assert!(paper.contains("authors = [\"你的名字\""), "the author from site.toml: {paper}");
    assert!(paper.contains(&format!("year = {}", &folio::cmd::new::today()[..4])), "{paper}");
    run_ok(&site, &["build"]);
    assert!(site.has("posts/lun-wen-bei-lu-yong/index.html"));

    let found = findings(&site);
    assert!(
        has(
            &found,
            "error content/papers/xi-shu-shi-tu-de-ya-xi-bao-jie-gou-yu-ce.md:4 placeholder not filled in"
        ),
        "{found:#?}"
    );
    assert_eq!(site.run(&["check"]).status.code(), Some(1), "placeholders fail check until filled");

    let again = site.run(&["new", "post", "论文被录用"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let english = site.run(&["new", "post", "Accepted", "--lang", "en"]);
    assert_eq!(english.status.code(), Some(1), "en is not one of this site's languages");
    assert!(String::from_utf8_lossy(&english.stderr).contains("[languages.en]"));
}

#[test]
fn new_in_another_language_writes_the_translation_file() {
    let site = TestSite::new();
    let out = run_ok(&site, &["new", "post", "Accepted", "--lang", "en"]);
    assert_eq!(out.trim(), "./content/posts/accepted.en.md");
}

fn checked_site() -> TestSite {
    let site = TestSite::empty();
    site.file("site.toml", "title = \"T\"\nbase_url = \"https://example.org/\"\ndefault_language = \"zh\"\n[languages.zh]\n[languages.en]\n[author]\nname = \"A\"\n[[author.profiles]]\nkind = \"github\"\nurl = \"https//github.com/a\"\n");
    site
}

#[test]
fn check_reports_broken_links_and_images_in_markdown() {
    let site = checked_site();
    site.bytes("static/ok.png", &crate::support::png(8, 8))
        .file(
            "content/posts/a.md",
            "+++\ntitle = \"A\"\ndate = 2024\n+++\nGood [link](/posts/a/) and ![fine](/ok.png).\n\nBroken [link](/nowhere/).\n\n![](/ok.png)\n\n![pic](missing.png)\n",
        )
        .file("content/posts/a.en.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    let found = findings(&site);
    assert!(
        has(
            &found,
            "error content/posts/a.md:11 image `missing.png`: there is no file content/posts/missing.png"
        ),
        "{found:#?}"
    );
    // With the missing picture gone the site builds, and the checks after the build run.
    site.file(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2024\n+++\nGood [link](/posts/a/) and ![fine](/ok.png).\n\nBroken [link](/nowhere/).\n\n![](/ok.png)\n",
    );
    let found = findings(&site);
    assert!(
        has(&found, "error content/posts/a.md:7 link `/nowhere/` points at nothing in the site"),
        "{found:#?}"
    );
    assert!(
        has(&found, "error content/posts/a.md:9 image `/ok.png` has no alt text"),
        "{found:#?}"
    );
    assert!(!has(&found, "link `/posts/a/`"), "{found:#?}");
    assert!(!has(&found, "ok.png`: "), "resized variants exist: {found:#?}");
}

#[test]
fn check_warns_about_half_width_punctuation_in_chinese_text_only() {
    let site = checked_site();
    site.file(
        "content/posts/a.md",
        "+++\ntitle = \"录用(Oral)\"\ndate = 2024\n+++\n方向: AI4Science,显微图像。\n\n见[项目](@/posts/a.md),与`a,中`。\n",
    )
    .file("content/posts/a.en.md", "+++\ntitle = \"Accepted (Oral)\"\ndate = 2024\n+++\nFocus: AI, microscopy.\n");
    let found = findings(&site);
    assert!(
        has(
            &found,
            "warning content/posts/a.md:2 half-width punctuation in Chinese text: `(` → （, `)` → ）"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "warning content/posts/a.md:5 half-width punctuation in Chinese text: `,` → ，, `:` → ："
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "warning content/posts/a.md:7 half-width punctuation in Chinese text: `,` → ，"
        ),
        "the comma after the link, not the one in code: {found:#?}"
    );
    assert!(!has(&found, "a.en.md"), "English text keeps its ASCII marks: {found:#?}");
}

#[test]
fn check_reports_malformed_front_matter_and_profile_urls() {
    let site = checked_site();
    site.file(
        "content/papers/p.md",
        "+++\ntitle = \"P\"\nauthors = [\"A\"]\ntype = \"journal\"\nyear = 2024\n[links]\npdf = \"/pdf/missing.pdf\"\ncode = \"https:/github.com/x\"\narxiv = \"arxiv 2401.1\"\n+++\n",
    )
    .file("content/papers/p.en.md", "+++\ntitle = \"P\"\nauthors = [\"A\"]\ntype = \"journal\"\nyear = 2024\n+++\n");
    let found = findings(&site);
    assert!(
        has(
            &found,
            "error content/papers/p.md:7 link `pdf` = `/pdf/missing.pdf` points at nothing"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            &found,
            "error content/papers/p.md:8 link `code` = `https:/github.com/x` is missing //"
        ),
        "{found:#?}"
    );
    assert!(
        has(&found, "error content/papers/p.md:9 link `arxiv` = `arxiv 2401.1` contains spaces"),
        "{found:#?}"
    );
    assert!(has(&found, "error site.toml:10 profile link `https//github.com/a`"), "{found:#?}");
}

#[test]
fn check_reports_template_links_and_images() {
    let site = checked_site();
    site.file(
        "templates/post.html",
        "<a href=\"/nope/\">x</a><img src=\"/x.png\">{{ page.title }}",
    )
    .file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n")
    .file("content/posts/a.en.md", "+++\ntitle = \"A\"\ndate = 2024\n+++\n");
    let found = findings(&site);
    assert!(
        has(
            &found,
            "error templates/post.html links to `/nope/`, which is not in the site (on /posts/a/index.html)"
        ),
        "{found:#?}"
    );
    assert!(
        has(&found, "error templates/post.html renders an <img> without alt text"),
        "{found:#?}"
    );
}

#[test]
fn check_reports_translations_drafts_and_build_errors() {
    let site = checked_site();
    site.file("content/posts/only-zh.md", "+++\ntitle = \"中文\"\ndate = 2024\n+++\n")
        .file("content/posts/wip.md", "+++\ntitle = \"WIP\"\ndate = 2024\ndraft = true\n+++\n")
        .file("content/posts/x.md", "+++\ntitle = \"X\"\ndate = 2024\nslug = \"only-zh\"\n+++\n");
    let found = findings(&site);
    assert!(
        has(
            &found,
            "error content/posts/x.md has the same URL (/posts/only-zh/) as content/posts/only-zh.md"
        ),
        "{found:#?}"
    );
    site.remove("content/posts/x.md");
    let found = findings(&site);
    assert!(has(&found, "warning content/posts/only-zh.md has no en version"), "{found:#?}");
    assert!(has(&found, "note content/posts/wip.md draft: left out of the build"), "{found:#?}");
    let report = check_json(&site);
    assert!(report["warnings"].as_u64().unwrap_or(0) >= 1);
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn eject_then_build_gives_the_same_site() {
    let site = TestSite::empty();
    run_ok(&site, &["init", "."]);
    run_ok(&site, &["build"]);
    let before = snapshot(&site.public());
    let out = run_ok(&site, &["theme", "eject"]);
    assert!(out.contains("Copied the default theme"), "{out}");
    assert!(site.root().join("themes/default/templates/base.html").is_file());
    assert!(site.root().join("themes/default/static/style.css").is_file());
    // Prove the copy is what builds: change it and see the change.
    run_ok(&site, &["build"]);
    assert_eq!(before, snapshot(&site.public()), "the ejected theme renders the same site");
    let again = site.run(&["theme", "eject"]);
    assert_eq!(again.status.code(), Some(1), "never overwrites an ejected theme");
    let base = site.root().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).expect("base");
    assert!(text.contains("<main"), "base.html has a <main>");
    std::fs::write(&base, text.replacen("<main", "<main data-ejected=\"yes\"", 1)).expect("edit");
    run_ok(&site, &["build"]);
    assert!(
        site.read("404.html").contains("data-ejected=\"yes\""),
        "the site builds from the copy"
    );
    let named = run_ok(&site, &["theme", "eject", "mine"]);
    assert!(named.contains("set theme = \"mine\""), "{named}");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = folio_command().args(["completions", shell]).output().expect("run");
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains("serve") && script.contains("eject"), "{shell}: {script}");
    }
    let out = folio_command().arg("man").output().expect("run");
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(man.contains(".TH folio") && man.contains("build"), "{man}");
    for command in ["init", "new", "check", "serve", "build", "completions"] {
        let out = folio_command().args([command, "--help"]).output().expect("run");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Examples:"),
            "{command} --help has examples"
        );
    }
    let out = folio_command().args(["theme", "eject", "--help"]).output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
}
