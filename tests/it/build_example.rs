//! The repository's own example site (the homepage of the CV in shared/seed) builds, in
//! both languages, with every kind of content.

use crate::support::{repository, snapshot};

fn build_example(output: &std::path::Path) -> folio::BuildReport {
    let options = folio::BuildOptions {
        root: repository(),
        output: Some(output.to_path_buf()),
        ..Default::default()
    };
    folio::build(&options).unwrap_or_else(|err| panic!("the example site must build:\n{err}"))
}

#[test]
fn example_site_builds_every_page_in_both_languages() {
    let out = tempfile::tempdir().expect("temp dir");
    let report = build_example(out.path());
    assert_eq!(
        report.pages_by_language.get("zh"),
        report.pages_by_language.get("en"),
        "every page has its English twin"
    );
    for kind in ["paper", "project", "job", "education", "award", "post"] {
        assert!(
            report.pages_by_kind.get(kind).copied().unwrap_or(0) >= 2,
            "no {kind} pages: {:?}",
            report.pages_by_kind
        );
    }
    for page in [
        "index.html",
        "en/index.html",
        "papers/eccv2024-sparse-view-subcellular/index.html",
        "en/papers/eccv2024-sparse-view-subcellular/index.html",
        "projects/index.html",
        "en/projects/index.html",
        "cv/index.html",
        "en/cv/index.html",
        "experience/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "en/atom.xml",
        "robots.txt",
        "avatar.svg",
    ] {
        assert!(out.path().join(page).is_file(), "missing {page}");
    }
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("home");
    assert!(
        home.contains("/papers/eccv2024-sparse-view-subcellular/"),
        "the bio's @/ link resolves in Chinese"
    );
    let en_home = std::fs::read_to_string(out.path().join("en/index.html")).expect("en home");
    assert!(en_home.contains("/en/papers/eccv2024-sparse-view-subcellular/"), "and in English");
    let sitemap = std::fs::read_to_string(out.path().join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("hreflang=\"en\" href=\"https://example.github.io/en/papers/eccv2024-sparse-view-subcellular/\""));
    let feed = std::fs::read_to_string(out.path().join("en/atom.xml")).expect("feed");
    assert!(feed.matches("<entry").count() >= 3, "{feed}");
    let llms = std::fs::read_to_string(out.path().join("llms.txt")).expect("llms.txt");
    assert!(llms.starts_with("# 郑晋图\n\n> "), "{llms}");
    assert!(
        llms.contains(
            "(https://example.github.io/papers/eccv2024-sparse-view-subcellular/): ECCV 2024; Oral;"
        ),
        "each paper as a link with its venue and badges: {llms}"
    );
    assert!(llms.contains("在审 (ACL)"), "{llms}");
    assert!(llms.contains("[Jintu Zheng](https://example.github.io/en/llms.txt)"), "{llms}");
    let en = std::fs::read_to_string(out.path().join("en/llms.txt")).expect("en/llms.txt");
    assert!(en.starts_with("# Jintu Zheng\n"), "{en}");
    assert!(en.contains("under review (ACL)"), "{en}");
}

#[test]
fn example_site_builds_identically_twice() {
    let a = tempfile::tempdir().expect("temp dir");
    let b = tempfile::tempdir().expect("temp dir");
    build_example(a.path());
    build_example(b.path());
    assert_eq!(snapshot(a.path()), snapshot(b.path()));
}

#[test]
fn search_indexes_stay_small_and_find_papers_in_both_languages() {
    let out = tempfile::tempdir().expect("temp dir");
    build_example(out.path());
    let mut total = 0;
    for (file, word) in [("search/index.json", "细胞"), ("en/search/index.json", "subcellular")] {
        let bytes = std::fs::read(out.path().join(file)).expect("the index exists");
        total += bytes.len();
        let index: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        let postings = index["terms"][word].as_array().unwrap_or_else(|| panic!("{word}"));
        let papers: Vec<&str> = postings
            .iter()
            .filter_map(|p| {
                index["docs"][(p.as_u64().expect("number") / 4) as usize]["url"].as_str()
            })
            .collect();
        assert!(
            papers.iter().any(|u| u.contains("/papers/eccv2024-sparse-view-subcellular/")),
            "{papers:?}"
        );
    }
    assert!(total < 50_000, "both indexes together are {total} bytes");
}

#[test]
fn the_example_site_checks_clean_but_for_its_placeholder_address() {
    let out = crate::support::folio_command()
        .args(["check", "--format", "json", "--root"])
        .arg(repository())
        .output()
        .expect("folio check");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let findings: Vec<String> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| format!("{} {}:{} {}", f["severity"], f["file"], f["line"], f["message"]))
        .filter(|f| !f.contains("`base_url` https://example.github.io/ is a placeholder"))
        .collect();
    // Chinese typography included: no half-width punctuation next to Chinese characters.
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn link_previews_and_search_engines_get_the_name_in_both_scripts() {
    let out = tempfile::tempdir().expect("temp dir");
    build_example(out.path());
    let read = |page: &str| std::fs::read_to_string(out.path().join(page)).expect("page");
    let home = read("index.html");
    assert!(home.contains("<title>郑晋图 Jintu Zheng</title>"), "{home}");
    assert!(home.contains("<meta property=\"og:type\" content=\"website\">"), "{home}");
    assert!(home.contains("<meta property=\"og:locale:alternate\" content=\"en_US\">"), "{home}");
    assert!(home.contains("\"alternateName\":[\"Jintu Zheng\"]"), "{home}");
    assert!(
        home.contains("\"worksFor\":[{\"@type\":\"Organization\",\"name\":\"零一汽车\"}]"),
        "{home}"
    );
    let home = read("en/index.html");
    assert!(home.contains("<title>Jintu Zheng 郑晋图</title>"), "{home}");
    assert!(home.contains("<meta property=\"og:locale:alternate\" content=\"zh_CN\">"), "{home}");
    let paper = read("en/papers/eccv2024-sparse-view-subcellular/index.html");
    assert!(paper.contains("<meta property=\"og:type\" content=\"article\">"), "{paper}");
    assert!(paper.contains("| Jintu Zheng 郑晋图</title>"), "{paper}");
}

#[test]
fn the_cv_lists_projects_newest_first_and_the_undated_last() {
    let out = tempfile::tempdir().expect("temp dir");
    build_example(out.path());
    for cv in ["cv/index.html", "en/cv/index.html"] {
        let page = std::fs::read_to_string(out.path().join(cv)).expect("cv");
        let html = page.split("id=\"cv-projects\"").nth(1).expect("a projects section");
        let at = |slug: &str| {
            html.find(&format!("/projects/{slug}/\""))
                .unwrap_or_else(|| panic!("{cv} does not list {slug}"))
        };
        // 2024.10 – present (Lingyi), then 2024.02 – 2024.10 (AMD), then no dates at all.
        assert!(at("e2e-training-acceleration") < at("llm-inference-acceleration"), "{cv}");
        assert!(at("llm-inference-acceleration") < at("subcellular-prediction"), "{cv}");
        assert!(at("diffusion-pruning") < at("video-object-segmentation"), "{cv}");
    }
}
