//! Rich content: math, highlighted code, images, fingerprinted assets, minified output
//! and search.

use crate::support::TestSite;

#[test]
fn math_becomes_mathml_without_javascript() {
    let site = TestSite::new();
    site.file(
        "content/posts/euler.md",
        "+++\ntitle = \"Euler\"\ndate = 2024-01-01\n+++\nInline $e^{i\\pi}+1=0$ and display:\n\n$$\\sum_{k=1}^n k = \\frac{n(n+1)}{2}$$\n",
    );
    site.build_ok();
    let page = site.read("posts/euler/index.html");
    assert!(page.contains("<math"), "{page}");
    assert!(page.contains("<mfrac>"), "{page}");
    assert!(page.contains("display=\"block\""), "{page}");
    assert!(!page.contains("$$"), "{page}");
}

#[test]
fn a_broken_formula_names_its_file_and_line() {
    let site = TestSite::new();
    site.file(
        "content/posts/bad.md",
        "+++\ntitle = \"Bad\"\ndate = 2024-01-01\n+++\nFine.\n\nHere $\\fracc{1}{2}$ breaks.\n",
    );
    let err = site.build_err();
    assert!(err.contains("content/posts/bad.md:7:"), "{err}");
    assert!(err.contains("\\fracc{1}{2}"), "{err}");
    assert!(!site.public().exists(), "a failed build writes nothing");
}

#[test]
fn fenced_code_is_highlighted_with_theme_classes() {
    let site = TestSite::new();
    site.file(
        "content/posts/code.md",
        "+++\ntitle = \"Code\"\ndate = 2024-01-01\n+++\n```python\ndef f(x):\n    return x < 1\n```\n",
    );
    site.build_ok();
    let page = site.read("posts/code/index.html");
    assert!(page.contains("<code class=\"language-python\">"), "{page}");
    assert!(page.contains("class=\"z-"), "highlighted spans use z- classes: {page}");
    assert!(page.contains("&lt;"), "the code stays escaped: {page}");
    assert!(!page.contains("style=\""), "colours come from the theme's CSS: {page}");
}

#[test]
fn highlighting_can_be_switched_off() {
    let site = TestSite::new();
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("config");
    site.file("site.toml", &format!("{config}\n[markdown]\nhighlight_code = false\n"));
    site.file(
        "content/posts/code.md",
        "+++\ntitle = \"Code\"\ndate = 2024-01-01\n+++\n```python\nx = 1\n```\n",
    );
    site.build_ok();
    let page = site.read("posts/code/index.html");
    assert!(page.contains("<code class=\"language-python\">x = 1\n</code>"), "{page}");
}

#[test]
fn each_language_gets_a_search_index_with_cjk_bigrams() {
    let site = TestSite::new();
    site.file(
        "content/papers/vos.md",
        &crate::support::paper("视频目标分割方法", 2024, "venue = \"CVPR\"\n"),
    )
    .file(
        "content/papers/vos.en.md",
        &crate::support::paper("Video object segmentation", 2024, "venue = \"CVPR\"\n"),
    );
    site.build_ok();
    let zh: serde_json::Value =
        serde_json::from_str(&site.read("search/index.json")).expect("JSON");
    let en: serde_json::Value =
        serde_json::from_str(&site.read("en/search/index.json")).expect("JSON");
    assert_eq!(zh["docs"][0]["url"], "/papers/vos/");
    assert_eq!(en["docs"][0]["url"], "/en/papers/vos/");
    assert_eq!(zh["terms"]["目标"], serde_json::json!([0]), "a title hit is field 0");
    assert_eq!(en["terms"]["segmentation"], serde_json::json!([0]));
    assert_eq!(en["terms"]["cvpr"], serde_json::json!([1]), "venue is field 1");
    assert_eq!(en["docs"][0]["meta"], "CVPR · 2024");
}

#[test]
fn search_can_be_turned_off_and_its_url_is_reserved() {
    let site = TestSite::new();
    site.file("content/search.md", "+++\ntitle = \"Search\"\n+++\nMine.\n");
    let err = site.build_err();
    assert!(err.contains("content/search.md"), "{err}");
    assert!(err.contains("the search page"), "{err}");
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("config");
    site.file("site.toml", &format!("{config}\n[outputs]\nsearch = false\n"));
    site.build_ok();
    assert!(!site.has("search/index.json"));
    assert!(site.read("search/index.html").contains("Mine."));
}
