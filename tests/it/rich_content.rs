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

fn variants(site: &TestSite, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.public().join(folder))
        .expect("folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("w."))
        .collect();
    names.sort();
    names
}

fn width_of(site: &TestSite, path: &str) -> u32 {
    let bytes = std::fs::read(site.public().join(path)).expect("variant");
    image::load_from_memory(&bytes).expect("decodes").width()
}

#[test]
fn markdown_pictures_get_webp_and_fallback_variants_with_srcset() {
    let site = TestSite::new();
    site.bytes("content/posts/fig.jpg", &crate::support::jpeg(1200, 600))
        .bytes("static/images/wide.png", &crate::support::png(500, 100))
        .file(
            "content/posts/a.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n![The setup](fig.jpg \"Rig\")\n\nText.\n\n![Wide](/images/wide.png)\n",
        );
    site.build_ok();
    let page = site.read("posts/a/index.html");
    // Widths 480 and 960 below the original 1200, then the original (never upscaled).
    let names = variants(&site, "posts");
    assert_eq!(names.len(), 6, "{names:?}");
    for (name, width) in names.iter().zip([1200, 1200, 480, 480, 960, 960]) {
        assert!(name.starts_with(&format!("fig-{width}w.")), "{name}");
        assert_eq!(width_of(&site, &format!("posts/{name}")), width, "{name}");
    }
    assert!(names.iter().filter(|n| n.ends_with(".webp")).count() == 3, "{names:?}");
    let webp: Vec<&String> = names.iter().filter(|n| n.ends_with(".webp")).collect();
    let jpg: Vec<&String> = names.iter().filter(|n| n.ends_with(".jpg")).collect();
    let expected = format!(
        "<picture><source type=\"image/webp\" srcset=\"/posts/{} 480w, /posts/{} 960w, /posts/{} 1200w\" sizes=\"(min-width: 48rem) 44rem, 100vw\"><img src=\"/posts/{}\" srcset=\"/posts/{} 480w, /posts/{} 960w, /posts/{} 1200w\" sizes=\"(min-width: 48rem) 44rem, 100vw\" width=\"1200\" height=\"600\" alt=\"The setup\" title=\"Rig\" decoding=\"async\"></picture>",
        webp[1], webp[2], webp[0], jpg[0], jpg[1], jpg[2], jpg[0]
    );
    assert!(page.contains(&expected), "{page}\n\nexpected {expected}");
    // The second picture is below the first: it loads lazily; 500 px wide gives 480 and 500.
    assert!(page.contains("width=\"500\" height=\"100\" alt=\"Wide\" loading=\"lazy\""), "{page}");
    assert_eq!(variants(&site, "images").len(), 4);
    assert!(site.has("posts/fig.jpg"), "the original is published too");
}

#[test]
fn a_rebuild_takes_pictures_from_the_cache_and_a_changed_picture_gets_new_names() {
    let site = TestSite::new();
    site.bytes("content/posts/fig.png", &crate::support::png(700, 350)).file(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n![Figure](fig.png)\n",
    );
    site.build_ok();
    let cache = site.root().join(".folio-cache/images");
    let stamps = |dir: &std::path::Path| {
        let mut all: Vec<(String, std::time::SystemTime)> = std::fs::read_dir(dir)
            .expect("cache")
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().and_then(|m| m.modified()).expect("mtime"),
                )
            })
            .collect();
        all.sort();
        all
    };
    let cached = stamps(&cache);
    assert_eq!(cached.len(), 4, "480 and 700 in PNG and WebP: {cached:?}");
    let first_names = variants(&site, "posts");
    std::fs::remove_dir_all(site.public()).expect("clean output");
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build_ok();
    assert_eq!(stamps(&cache), cached, "nothing re-encoded");
    assert_eq!(variants(&site, "posts"), first_names, "same names from the cache");

    site.bytes("content/posts/fig.png", &crate::support::png(640, 320));
    site.build_ok();
    let page = site.read("posts/a/index.html");
    let new_names = variants(&site, "posts");
    assert!(new_names.iter().all(|n| !first_names.contains(n)), "{new_names:?}");
    assert_eq!(new_names.len(), 4, "the old variants are gone from the output: {new_names:?}");
    assert!(page.contains("width=\"640\" height=\"320\""), "{page}");
}

#[test]
fn missing_and_broken_pictures_name_the_file() {
    let site = TestSite::new();
    site.file(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\nIntro.\n\n![Gone](gone.png)\n",
    );
    let err = site.build_err();
    assert!(err.contains("content/posts/a.md:7: image `gone.png`"), "{err}");
    assert!(err.contains("content/posts/gone.png"), "{err}");

    let site = TestSite::new();
    site.file("content/posts/bad.jpg", "not a picture at all").file(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n![Bad](bad.jpg)\n",
    );
    let err = site.build_err();
    assert!(err.contains("content/posts/a.md:5: image `bad.jpg`: posts/bad.jpg"), "{err}");
    assert!(!site.public().exists(), "nothing written");

    let site = TestSite::new();
    site.file(
        "content/projects/p.md",
        "+++\ntitle = \"P\"\nimage = \"cover.jpg\"\nimage_alt = \"Cover\"\n+++\n",
    );
    let err = site.build_err();
    assert!(err.contains("content/projects/p.md"), "{err}");
    assert!(err.contains("image `cover.jpg`"), "{err}");
}

#[test]
fn themes_get_pictures_through_the_image_function() {
    let site = TestSite::new();
    site.bytes("content/projects/cover.jpg", &crate::support::jpeg(900, 300))
        .file(
            "content/projects/p.md",
            "+++\ntitle = \"P\"\nimage = \"cover.jpg\"\nimage_alt = \"Cover\"\n+++\n",
        )
        .file(
            "templates/project.html",
            "IMG {{ page.image }}|{% set img = image(path=page.image, widths=[300, 600]) %}{{ img.src }}|{{ img.width }}x{{ img.height }}|{{ img.type }}|{{ img.srcset }}|{{ img.webp_srcset }}|{% set svg = image(path=\"logo.svg\") %}{{ svg.src }} {{ svg.width }}",
        )
        .file("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build_ok();
    let page = site.read("projects/p/index.html");
    let parts: Vec<&str> = page.split('|').collect();
    assert_eq!(parts[0], "IMG /projects/cover.jpg");
    assert!(parts[1].starts_with("/projects/cover-600w.") && parts[1].ends_with(".jpg"), "{page}");
    assert_eq!(parts[2], "600x200");
    assert_eq!(parts[3], "image/jpeg");
    assert!(parts[4].contains("300w, /projects/cover-600w."), "{page}");
    assert!(parts[5].ends_with(".webp 600w"), "{page}");
    assert_eq!(parts[6].trim(), "/logo.svg", "SVG is linked as it is: {page}");
    for url in parts[4].split(", ").chain(parts[5].split(", ")) {
        let path = url.split(' ').next().expect("url").trim_start_matches('/');
        assert!(site.has(path), "{path} is written");
    }
}

#[test]
fn asset_urls_carry_a_hash_that_changes_with_the_file() {
    let site = TestSite::new();
    site.file("static/site.css", "body { color: black }")
        .file("templates/page.html", "CSS {{ asset(path=\"site.css\") }}")
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\n");
    site.build_ok();
    let first = site.read("about/index.html");
    assert!(first.starts_with("CSS /site.css?v="), "{first}");
    site.build_ok();
    assert_eq!(site.read("about/index.html"), first, "same file, same URL");
    site.file("static/site.css", "body { color: navy }");
    site.build_ok();
    let second = site.read("about/index.html");
    assert!(second.starts_with("CSS /site.css?v="), "{second}");
    assert_ne!(first, second, "a changed file gets a new URL");

    // The dev server never caches, so it serves plain URLs (a stylesheet edit changes no page).
    let session = folio::serve::session::Session::open(&site.options()).expect("session");
    let served = folio::serve::session::output_bytes(&session);
    assert_eq!(String::from_utf8_lossy(&served["about/index.html"]), "CSS /site.css");
}

#[test]
fn the_dev_server_serves_pictures_added_by_an_edit() {
    let site = TestSite::new();
    site.bytes("content/posts/fig.png", &crate::support::png(600, 300)).file(
        "content/posts/a.md",
        "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\nNo picture yet.\n",
    );
    let mut session = folio::serve::session::Session::open(&site.options()).expect("session");
    assert!(!session.copies().keys().any(|p| p.contains("fig-")));
    let page = site.root().join("content/posts/a.md");
    std::fs::write(&page, "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n![Figure](fig.png)\n")
        .expect("write");
    let update = session.apply(std::slice::from_ref(&page)).expect("rebuild");
    let variants: Vec<&String> = session.copies().keys().filter(|p| p.contains("fig-")).collect();
    assert_eq!(variants.len(), 4, "{variants:?}");
    for variant in variants {
        assert!(update.changed.contains(variant), "{update:?}");
    }
    let html = String::from_utf8_lossy(
        &folio::serve::session::output_bytes(&session)["posts/a/index.html"],
    )
    .into_owned();
    assert!(html.contains("<picture>"), "{html}");
}

#[test]
#[cfg(feature = "minify")]
fn minify_shrinks_html_css_and_js_and_keeps_what_matters() {
    let site = TestSite::empty();
    site.file("site.toml", "title = \"Min\"\nbase_url = \"https://example.org/\"\n")
        .file("content/posts/a.md", "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\nSome   *text*.\n")
        .file("static/extra.css", "body {\n  color: #ff0000;\n}\n/* a note */\n");
    site.build_ok();
    let page = site.read("posts/a/index.html");
    let css = site.read("style.css");
    let js = site.read("theme.js");
    // The same inputs with --minify are not "unchanged": the pages are written again.
    folio::build(&folio::BuildOptions { minify: true, ..site.options() }).expect("minified");
    let small_page = site.read("posts/a/index.html");
    assert!(small_page.len() < page.len(), "{small_page}");
    assert!(
        small_page.contains("<html lang=en") || small_page.contains("<html lang=\"en\""),
        "{small_page}"
    );
    assert!(small_page.contains("style.css?v="), "fingerprints survive: {small_page}");
    assert!(site.read("style.css").len() < css.len());
    assert!(site.read("theme.js").len() < js.len());
    assert_eq!(site.read("extra.css"), "body{color:red}");
}
