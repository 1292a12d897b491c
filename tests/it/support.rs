//! A chainable harness: write a site into a temporary folder, build it, read the output.

use std::path::{Path, PathBuf};
use std::process::Command;

use folio::{BuildOptions, BuildReport, Error};

/// A site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

/// site.toml of a bilingual (zh default, en) test site.
pub const BILINGUAL_CONFIG: &str = r#"
title = "测试站点"
base_url = "https://example.org/"
default_language = "zh"

[languages.zh]
title = "测试站点"

[languages.en]
title = "Test site"

[author]
name = { zh = "郑晋图", en = "Jintu Zheng" }
name_variants = ["Jintu Zheng", "J. Zheng", "Zheng, Jintu", "郑晋图"]
"#;

/// Templates that print the data under test plainly, so assertions do not depend on the
/// default theme's markup.
pub const PROBE_TEMPLATES: &[(&str, &str)] = &[
    (
        "index.html",
        "HOME {{ lang }} {{ page.title }}|{% for t in translations %}T:{{ t.lang }}={{ t.url }}|{% endfor %}{{ page.content | safe }}",
    ),
    (
        "page.html",
        "PAGE {{ page.kind }} {{ page.title }}|{% for t in translations %}T:{{ t.lang }}={{ t.url }}|{% endfor %}{{ page.content | safe }}",
    ),
    (
        "paper.html",
        "PAPER {{ page.title }}|first={{ page.first_author }}|{% for a in page.authors %}A:{{ a.name }},me={{ a.me }},eq={{ a.equal }},corr={{ a.corresponding }},others={{ a.others }};{% endfor %}|{% for t in translations %}T:{{ t.lang }}={{ t.url }}|{% endfor %}{{ page.content | safe }}",
    ),
    (
        "section.html",
        "SECTION {{ section.name }} {{ section.kind }} p{{ paginator.number }}/{{ paginator.total_pages }}|{% for p in section.items %}{{ p.slug }},{% endfor %}|{% for t in translations %}T:{{ t.lang }}={{ t.url }}|{% endfor %}",
    ),
    ("tags.html", "TAGS {% for t in tags %}{{ t.name }}={{ t.count }},{% endfor %}"),
    ("tag.html", "TAG {{ tag.name }}|{% for p in tag.items %}{{ p.slug }},{% endfor %}"),
    ("404.html", "404 {{ lang }}"),
];

impl TestSite {
    /// An empty folder.
    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::Builder::new().prefix("folio-test-").tempdir().expect("temp dir"),
        }
    }

    /// A bilingual site with the probe templates and no content.
    pub fn new() -> TestSite {
        let site = TestSite::empty();
        site.file("site.toml", BILINGUAL_CONFIG);
        for (name, text) in PROBE_TEMPLATES {
            site.file(&format!("templates/{name}"), text);
        }
        // The theme's kind-specific templates would win over the generic probes.
        let probe = |name: &str| {
            PROBE_TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).unwrap_or("")
        };
        for kind in ["paper", "project", "job", "education", "award", "post", "page"] {
            site.file(&format!("templates/section-{kind}.html"), probe("section.html"));
            if kind != "paper" {
                site.file(&format!("templates/{kind}.html"), probe("page.html"));
            }
        }
        site
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating folders).
    pub fn file(&self, path: &str, text: &str) -> &TestSite {
        self.bytes(path, text.as_bytes())
    }

    /// Writes raw bytes.
    pub fn bytes(&self, path: &str, bytes: &[u8]) -> &TestSite {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
        self
    }

    /// Removes a file.
    pub fn remove(&self, path: &str) -> &TestSite {
        std::fs::remove_file(self.dir.path().join(path)).expect("remove");
        self
    }

    /// Builds with the library into `public/`.
    pub fn build(&self) -> Result<BuildReport, Error> {
        folio::build(&self.options())
    }

    /// Builds, panicking with the diagnostics if it fails.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(err) => panic!("build failed:\n{err}"),
        }
    }

    /// Builds and returns the diagnostics' text, panicking if the build succeeds.
    pub fn build_err(&self) -> String {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(err) => err.to_string(),
        }
    }

    /// Build options for this site.
    pub fn options(&self) -> BuildOptions {
        BuildOptions { root: self.root().to_path_buf(), ..BuildOptions::default() }
    }

    /// The output folder.
    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A file of the output, as text.
    pub fn read(&self, path: &str) -> String {
        let full = self.public().join(path);
        std::fs::read_to_string(&full)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", full.display()))
    }

    /// Whether the output has this file.
    pub fn has(&self, path: &str) -> bool {
        self.public().join(path).is_file()
    }

    /// Runs the real `folio` binary in the site's folder.
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        folio_command().args(args).current_dir(self.root()).output().expect("run folio")
    }
}

/// The compiled `folio` binary.
pub fn folio_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_folio"));
    command.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    command
}

/// A minimal paper's front matter plus `extra` lines.
pub fn paper(title: &str, year: u16, extra: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nauthors = [\"Jintu Zheng\"]\ntype = \"conference\"\nyear = {year}\n{extra}+++\nAbstract of {title}.\n"
    )
}

/// Every file under `dir`, relative, with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// The repository's own folder (the example site).
pub fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A real PNG picture of `width` × `height` pixels (a gradient, so it compresses like a
/// picture rather than a flat colour).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    picture(width, height, image::ImageFormat::Png)
}

/// A real JPEG picture of `width` × `height` pixels.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    picture(width, height, image::ImageFormat::Jpeg)
}

fn picture(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 255 / width.max(1)) as u8, (y * 255 / height.max(1)) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(pixels).write_to(&mut out, format).expect("encode");
    out.into_inner()
}
