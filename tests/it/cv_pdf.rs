//! `cv.pdf`: the example site's CV as a two-page PDF in each language, made by folio itself,
//! checked with poppler (pdfinfo, pdffonts, pdftotext) as a reader's tools would see it.

use std::path::Path;
use std::process::Command;

use crate::support::{TestSite, repository};

/// Runs a poppler tool; `None` (said loudly) where poppler is not installed, a failure
/// where the tests are required to run (`.ci/run`).
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Option<String> {
    match Command::new(tool).args(args).arg(pdf).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{tool} {}: {}",
                pdf.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(_) if std::env::var_os("FOLIO_REQUIRE_BROWSER").is_some() => {
            panic!("{tool} is required (apt-get install poppler-utils)")
        }
        Err(_) => {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "\n!!!!!!!!!! SKIPPED PDF check: {tool} not found (apt-get install poppler-utils) !!!!!!!!!!\n"
            );
            None
        }
    }
}

fn build_example(output: &Path) {
    let options = folio::BuildOptions {
        root: repository(),
        output: Some(output.to_path_buf()),
        ..Default::default()
    };
    folio::build(&options).unwrap_or_else(|err| panic!("the example site must build:\n{err}"));
}

#[test]
fn the_example_cv_is_a_two_page_pdf_in_each_language_with_its_facts_as_text() {
    let out = tempfile::tempdir().expect("temp dir");
    build_example(out.path());
    for (pdf, lang, facts) in [
        ("cv.pdf", "zh", ["郑晋图", "零一汽车", "稀疏视图的亚细胞结构预测", "丁颖杯", "教育经历"]),
        (
            "en/cv.pdf",
            "en",
            [
                "Jintu Zheng",
                "Perception Algorithm Engineer",
                "Sparse-view subcellular structure prediction",
                "Mapless Driving",
                "Education",
            ],
        ),
    ] {
        let path = out.path().join(pdf);
        let bytes = std::fs::read(&path).unwrap_or_else(|err| panic!("{pdf}: {err}"));
        assert!(bytes.starts_with(b"%PDF-"), "{pdf} is a PDF");
        let raw = String::from_utf8_lossy(&bytes);
        assert!(raw.contains(&format!("/Lang ({lang})")), "{pdf} says its language");
        let Some(info) = poppler("pdfinfo", &[], &path) else { return };
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("page count");
        assert!((1..=2).contains(&pages), "{pdf} has {pages} pages:\n{info}");
        assert!(info.contains("Page size:       595.276 x 841.89 pts (A4)"), "{info}");
        let name = facts[0];
        assert!(info.contains(&format!("Author:          {name}")), "{info}");
        let fonts = poppler("pdffonts", &[], &path).unwrap_or_default();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{pdf} has fonts:\n{fonts}");
        for row in &rows {
            // Columns: name type encoding emb sub uni object ID; emb is the fourth from the end.
            let columns: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(columns[columns.len() - 5], "yes", "{pdf}: a font not embedded: {row}");
        }
        let text = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils)");
        let text = String::from_utf8_lossy(&text.stdout);
        for fact in facts {
            assert!(text.contains(fact), "{pdf} reads back {fact}:\n{text}");
        }
        // The date column never breaks a period over two lines.
        assert!(!text.contains("至\n今"), "{text}");
        // Each fact once: a degree's GPA, the AGC result.
        for fact in ["3.75/4", "3.51/4"] {
            assert_eq!(text.matches(fact).count(), 1, "{pdf}: {fact} once:\n{text}");
        }
    }
    // The CV page links its PDF.
    let cv = std::fs::read_to_string(out.path().join("cv/index.html")).expect("cv page");
    assert!(cv.contains("href=\"/cv.pdf\""), "{cv}");
    assert!(cv.contains("下载 PDF"), "{cv}");
    let cv = std::fs::read_to_string(out.path().join("en/cv/index.html")).expect("cv page");
    assert!(cv.contains("href=\"/en/cv.pdf\""), "{cv}");
}

#[test]
fn two_builds_give_the_same_pdf_bytes() {
    let (first, second) = (tempfile::tempdir().expect("dir"), tempfile::tempdir().expect("dir"));
    build_example(first.path());
    build_example(second.path());
    for pdf in ["cv.pdf", "en/cv.pdf"] {
        let a = std::fs::read(first.path().join(pdf)).expect("first");
        let b = std::fs::read(second.path().join(pdf)).expect("second");
        assert!(a == b, "{pdf} differs between two builds");
    }
}

fn cv_site(extra_config: &str) -> TestSite {
    let site = TestSite::empty();
    site.file(
        "site.toml",
        &format!(
            "title = \"CV test\"\nbase_url = \"https://cv.test.org/\"\n\n[author]\nname = \"Ada Lovelace\"\n{extra_config}"
        ),
    );
    site.file("content/cv.md", "+++\ntitle = \"CV\"\ntemplate = \"cv.html\"\n+++\n");
    site.file(
        "content/jobs/engine.md",
        "+++\norganization = \"Analytical Engine\"\nrole = \"Programmer\"\nstart = \"1842-10\"\nend = \"1843-08\"\n+++\n- Wrote the first program.\n",
    );
    site
}

#[test]
fn a_character_no_font_has_fails_the_build_naming_it_and_the_fix() {
    let site = cv_site("");
    site.build_ok();
    assert!(site.has("cv.pdf"));
    let before = std::fs::read(site.public().join("cv.pdf")).expect("pdf");
    // Egyptian hieroglyphs: no font a CI machine or this test installs has them.
    site.file(
        "content/jobs/engine.md",
        "+++\norganization = \"Analytical Engine 𓀀𓀁\"\nrole = \"Programmer\"\nstart = \"1842-10\"\n+++\n",
    );
    let err = site.build_err();
    assert!(err.contains("content/cv.md"), "{err}");
    assert!(err.contains("needs characters no installed font has: 𓀀𓀁"), "{err}");
    assert!(err.contains("apt install fonts-noto-cjk"), "{err}");
    assert!(err.contains("fonts/"), "{err}");
    // A failed build leaves the previous output as it was.
    assert_eq!(std::fs::read(site.public().join("cv.pdf")).expect("pdf"), before);
}

#[test]
fn a_cv_template_error_names_the_template_and_line() {
    let site = cv_site("");
    site.file(
        "templates/cv.typ",
        "#let data = json(\"data.json\")\n= #data.page.title\n#data.page.no_such_field\n",
    );
    let err = site.build_err();
    assert!(err.contains("templates/cv.typ:3"), "{err}");
    assert!(err.contains("cannot typeset the CV in"), "{err}");
    // A template of the site's own is used as it is.
    site.file("templates/cv.typ", "#let data = json(\"data.json\")\n= #data.page.title\n");
    site.build_ok();
    let pdf = std::fs::read(site.public().join("cv.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn the_pdf_can_be_turned_off_and_a_site_without_a_cv_page_has_none() {
    let site = cv_site("\n[outputs]\ncv_pdf = false\n");
    site.build_ok();
    assert!(!site.has("cv.pdf"));
    assert!(!site.read("cv/index.html").contains("cv.pdf"));

    let site = TestSite::new();
    site.file("content/about.md", "+++\ntitle = \"About\"\n+++\nHello.\n");
    site.build_ok();
    assert!(!site.has("about.pdf") && !site.has("cv.pdf"));
}
