//! Link previews (`og:image`) and favicons: drawn at build time by the theme's Typst
//! documents, one 1200×630 PNG per page, kept in `.folio-cache/previews/`.

use std::path::Path;

use crate::support::{TestSite, repository};

/// Width and height of a PNG file, read from its header.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.len() < 24 || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let number =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    Some((number(16), number(20)))
}

/// The `content` of `<meta property|name="{name}" content="…">` in `html`.
fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let pattern = format!("=\"{name}\" content=\"");
    let at = html.find(&pattern)?;
    let rest = &html[at + pattern.len()..];
    rest.split('"').next()
}

fn html_files(dir: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .collect()
}

#[test]
fn every_page_of_the_example_has_a_1200_by_630_link_preview_that_exists() {
    let out = tempfile::tempdir().expect("temp dir");
    let options = folio::BuildOptions {
        root: repository(),
        output: Some(out.path().to_path_buf()),
        ..Default::default()
    };
    folio::build(&options).unwrap_or_else(|err| panic!("the example site must build:\n{err}"));
    let base = "https://example.github.io/";
    let mut checked = 0;
    for file in html_files(out.path()) {
        let html = std::fs::read_to_string(&file).expect("html");
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias: a redirect, not a page
        }
        let shown = file.strip_prefix(out.path()).expect("inside").display().to_string();
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{shown} has no og:image"));
        assert_eq!(meta(&html, "twitter:image"), Some(image), "{shown}");
        assert_eq!(meta(&html, "twitter:card"), Some("summary_large_image"), "{shown}");
        let path = image.strip_prefix(base).unwrap_or_else(|| panic!("{shown}: {image}"));
        let bytes = std::fs::read(out.path().join(path))
            .unwrap_or_else(|_| panic!("{shown}: its og:image {image} is not in the output"));
        assert_eq!(png_size(&bytes), Some((1200, 630)), "{shown}: {image}");
        checked += 1;
    }
    assert!(checked > 100, "{checked} pages");
    // Each page's own picture where it has one: an item, a section list, a home page.
    for (page, image) in [
        (
            "papers/eccv2024-sparse-view-subcellular/index.html",
            "papers/eccv2024-sparse-view-subcellular/og-image.png",
        ),
        ("en/papers/index.html", "en/papers/og-image.png"),
        ("en/index.html", "en/og-image.png"),
        ("en/tags/index.html", "en/og-image.png"),
    ] {
        let html = std::fs::read_to_string(out.path().join(page)).expect("page");
        assert_eq!(meta(&html, "og:image"), Some(format!("{base}{image}").as_str()), "{page}");
    }
    // Two pages, two pictures.
    let zh = std::fs::read(out.path().join("papers/eccv2024-sparse-view-subcellular/og-image.png"));
    let en =
        std::fs::read(out.path().join("en/papers/eccv2024-sparse-view-subcellular/og-image.png"));
    assert_ne!(zh.expect("zh"), en.expect("en"));

    // The favicons: an SVG, 32 px and 180 px pictures, linked from every page.
    let home = std::fs::read_to_string(out.path().join("index.html")).expect("home");
    for (link, file) in [
        ("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">", "favicon.svg"),
        (
            "<link rel=\"icon\" href=\"/favicon-32.png\" type=\"image/png\" sizes=\"32x32\">",
            "favicon-32.png",
        ),
        ("<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">", "apple-touch-icon.png"),
    ] {
        assert!(home.contains(link), "{link}");
        assert!(out.path().join(file).is_file(), "{file}");
    }
    let svg = std::fs::read_to_string(out.path().join("favicon.svg")).expect("svg");
    assert!(svg.starts_with("<svg") && svg.contains("viewBox=\"0 0 180 180\""), "{svg}");
    let size = |file: &str| png_size(&std::fs::read(out.path().join(file)).expect(file));
    assert_eq!(size("favicon-32.png"), Some((32, 32)));
    assert_eq!(size("apple-touch-icon.png"), Some((180, 180)));
}

/// A one-language site with a paper, drawn by the default theme.
fn english_site(outputs: &str) -> TestSite {
    let site = TestSite::empty();
    site.file(
        "site.toml",
        &format!(
            "title = \"Ada Lovelace\"\nbase_url = \"https://ada.example.net/\"\n\n[author]\nname = \"Ada Lovelace\"\n{outputs}"
        ),
    );
    site.file(
        "content/_index.md",
        "+++\ntitle = \"Ada Lovelace\"\ntagline = \"Analyst\"\n+++\nHello.\n",
    );
    site.file(
        "content/papers/notes.md",
        "+++\ntitle = \"Notes on the Analytical Engine\"\nauthors = [\"Ada Lovelace\"]\ntype = \"journal\"\nvenue = \"Taylor's Scientific Memoirs\"\nyear = 1843\n+++\n",
    );
    site
}

#[test]
fn previews_are_the_same_bytes_from_the_cache_or_drawn_again_and_follow_the_page() {
    let site = english_site("");
    site.build_ok();
    let preview = site.public().join("papers/notes/og-image.png");
    let first = std::fs::read(&preview).expect("preview");
    assert_eq!(png_size(&first), Some((1200, 630)));
    let cache = site.root().join(".folio-cache/previews");
    let cached = std::fs::read_dir(&cache).expect("the cache folder").count();
    assert!(cached >= 5, "{cached} files in the cache"); // home, section, paper, 2 icons + svg

    // Drawn again from nothing: the same bytes (nothing in a preview depends on the time).
    std::fs::remove_dir_all(&cache).expect("rm cache");
    std::fs::remove_dir_all(site.public()).expect("rm public");
    site.build_ok();
    assert_eq!(std::fs::read(&preview).expect("preview"), first);

    // The page's title changes, so does its picture; other pictures stay as they were.
    let home = std::fs::read(site.public().join("og-image.png")).expect("home preview");
    site.file(
        "content/papers/notes.md",
        "+++\ntitle = \"Sketch of the Analytical Engine\"\nauthors = [\"Ada Lovelace\"]\ntype = \"journal\"\nyear = 1843\n+++\n",
    );
    site.build_ok();
    assert_ne!(std::fs::read(&preview).expect("preview"), first);
    assert_eq!(std::fs::read(site.public().join("og-image.png")).expect("home preview"), home);
}

#[test]
fn the_favicons_follow_the_owners_initials() {
    let site = english_site("");
    site.build_ok();
    let icon = std::fs::read(site.public().join("apple-touch-icon.png")).expect("icon");
    site.file("site.toml", "title = \"Ada Lovelace\"\nbase_url = \"https://ada.example.net/\"\n\n[author]\nname = \"Charles Babbage\"\n");
    site.build_ok();
    assert_ne!(std::fs::read(site.public().join("apple-touch-icon.png")).expect("icon"), icon);
}

#[test]
fn previews_and_favicons_can_be_turned_off() {
    let site = english_site("\n[outputs]\npreviews = false\nfavicons = false\n");
    site.build_ok();
    assert!(!site.has("og-image.png") && !site.has("papers/notes/og-image.png"));
    assert!(!site.has("favicon.svg") && !site.has("apple-touch-icon.png"));
    let page = site.read("papers/notes/index.html");
    assert!(!page.contains("og:image") && !page.contains("rel=\"icon\""), "{page}");
    assert!(page.contains("<meta name=\"twitter:card\" content=\"summary\">"), "{page}");
}

#[test]
fn a_preview_template_error_names_the_template_and_line_and_keeps_the_last_output() {
    let site = english_site("");
    site.build_ok();
    let before = std::fs::read(site.public().join("papers/notes/og-image.png")).expect("preview");
    site.file(
        "templates/preview.typ",
        "#let data = json(\"data.json\")\n#set page(width: 600pt, height: 315pt)\n#data.page.no_such_field\n",
    );
    let err = site.build_err();
    assert!(err.contains("templates/preview.typ:3"), "{err}");
    assert!(err.contains("cannot typeset the link preview"), "{err}");
    assert_eq!(
        std::fs::read(site.public().join("papers/notes/og-image.png")).expect("kept"),
        before
    );
    // A site's own preview template is used as it is, at whatever size it lays out in.
    site.file(
        "templates/preview.typ",
        "#let data = json(\"data.json\")\n#set page(width: 300pt, height: 157.5pt)\n= #data.site.title\n",
    );
    site.build_ok();
    let bytes = std::fs::read(site.public().join("papers/notes/og-image.png")).expect("preview");
    assert_eq!(png_size(&bytes), Some((1200, 630)));
}

#[test]
fn a_wechat_profile_shows_its_id_and_qr_code_but_is_not_claimed_as_a_profile_page() {
    let site = english_site("");
    site.file(
        "site.toml",
        "title = \"Ada Lovelace\"\nbase_url = \"https://ada.example.net/\"\n\n[author]\nname = \"Ada Lovelace\"\n\n[[author.profiles]]\nkind = \"github\"\nurl = \"https://github.com/ada\"\n\n[[author.profiles]]\nkind = \"wechat\"\nurl = \"/wechat-qr.png\"\nlabel = \"ada_1815\"\n",
    );
    site.build_ok();
    let home = site.read("index.html");
    assert!(home.contains("<a href=\"/wechat-qr.png\"><svg class=\"icon\""), "{home}");
    assert!(home.contains("<span>ada_1815</span>"), "{home}");
    let same_as = home.split("\"sameAs\":").nth(1).expect("sameAs").split(']').next().unwrap_or("");
    assert!(same_as.contains("https://github.com/ada") && !same_as.contains("wechat"), "{same_as}");
}
