//! Tests in real headless Chromium, driven by Node scripts under tests/browser/ with
//! playwright-core from the acceptance kit's tools (`.ci/run` installs both).
//!
//! Without Chromium or the tools a developer's run skips these tests and says so loudly;
//! with `FOLIO_REQUIRE_BROWSER=1` (set by `.ci/run`) a missing browser is a failure.

use std::path::PathBuf;
use std::process::Command;

use crate::serve::ServeProcess;
use crate::support::{TestSite, repository};

/// Chromium and playwright-core, if both are here.
pub struct Browser {
    pub chromium: PathBuf,
    pub playwright: PathBuf,
}

/// Finds the browser tooling, or explains what is missing (and fails under CI).
pub fn browser() -> Option<Browser> {
    let chromium = std::env::var_os("CHROME_PATH").map(PathBuf::from).or_else(|| {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
    });
    let tools = std::env::var_os("ACCEPTANCE_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("target/acceptance-tools"));
    let playwright = tools.join("node/node_modules/playwright-core");
    let node = Command::new("node").arg("--version").output().is_ok();
    match (chromium, playwright.is_dir() && node) {
        (Some(chromium), true) => Some(Browser { chromium, playwright }),
        (chromium, tools_ok) => {
            let missing = format!(
                "{}{}",
                if chromium.is_none() { "Chromium (apt-get install chromium) " } else { "" },
                if tools_ok {
                    ""
                } else {
                    "node + playwright-core (ACCEPTANCE_TOOLS=target/acceptance-tools ../shared/acceptance/install-tools)"
                }
            );
            if std::env::var_os("FOLIO_REQUIRE_BROWSER").is_some() {
                panic!("browser tests are required but {missing} is missing");
            }
            // Straight to the process's stderr: libtest captures `eprintln!` of a passing
            // test, and a skip that nobody sees looks like a pass.
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr().lock(),
                "\n!!!!!!!!!! SKIPPED browser test: {missing} not found; run .ci/run to install !!!!!!!!!!\n"
            );
            None
        }
    }
}

/// One Chromium at a time: on a 2-core machine parallel browsers time each other out.
pub(crate) static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs a script from tests/browser with the given arguments after the tooling ones.
pub fn run_script(browser: &Browser, script: &str, args: &[&str]) {
    let _turn = ONE_BROWSER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let output = Command::new("node")
        .arg(repository().join("tests/browser").join(script))
        .arg(&browser.playwright)
        .arg(&browser.chromium)
        .args(args)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    assert!(output.status.success(), "{script} failed:\n{stdout}\n{stderr}");
}

#[test]
fn serve_reloads_edits_and_shows_template_errors_in_chromium() {
    let Some(browser) = browser() else { return };
    let site = TestSite::empty();
    site.file("site.toml", "title = \"Live\"\nbase_url = \"https://example.org/\"\n")
        .file("content/posts/hello.md", "+++\ntitle = \"Hello\"\ndate = 2024-01-01\n+++\nFirst version.\n")
        .file("templates/post.html", "{% extends \"base.html\" %}\n{% block main %}{{ page.content | safe }}{% endblock main %}\n");
    let server = ServeProcess::start(&site);
    let url = format!("http://127.0.0.1:{}/", server.port);
    run_script(&browser, "serve.mjs", &[&url, &site.root().to_string_lossy()]);
}

/// A plain static file server over a built site (what a host such as GitHub Pages does),
/// on a free loopback port, for as long as the value lives.
pub struct StaticServer {
    server: std::sync::Arc<tiny_http::Server>,
    /// Base URL, ending in `/`.
    pub url: String,
}

impl StaticServer {
    pub fn start(root: PathBuf) -> StaticServer {
        let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let port = server.server_addr().to_ip().expect("ip").port();
        for _ in 0..4 {
            let server = std::sync::Arc::clone(&server);
            let root = root.clone();
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let path = request.url().split('?').next().unwrap_or("/").to_string();
                    let decoded = folio::percent_decode(&path).unwrap_or_default();
                    let mut file = root.join(decoded.trim_start_matches('/'));
                    if decoded.contains("..") {
                        let _ = request.respond(tiny_http::Response::empty(400));
                        continue;
                    }
                    if file.is_dir() {
                        file = file.join("index.html");
                    }
                    match std::fs::read(&file) {
                        Ok(bytes) => {
                            let kind = folio::serve::http::content_type(&file.to_string_lossy());
                            let header = tiny_http::Header::from_bytes(
                                &b"Content-Type"[..],
                                kind.as_bytes(),
                            )
                            .expect("header");
                            let _ = request
                                .respond(tiny_http::Response::from_data(bytes).with_header(header));
                        }
                        Err(_) => {
                            let body = std::fs::read(root.join("404.html")).unwrap_or_default();
                            let _ = request.respond(
                                tiny_http::Response::from_data(body).with_status_code(404),
                            );
                        }
                    }
                }
            });
        }
        StaticServer { server, url: format!("http://127.0.0.1:{port}/") }
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// The example site, built once into a temporary folder and served statically.
fn example_site() -> (tempfile::TempDir, StaticServer) {
    let out = tempfile::tempdir().expect("temp dir");
    let options = folio::BuildOptions {
        root: repository(),
        output: Some(out.path().join("site")),
        ..Default::default()
    };
    folio::build(&options).unwrap_or_else(|err| panic!("the example site must build:\n{err}"));
    let server = StaticServer::start(out.path().join("site"));
    (out, server)
}

#[test]
fn theme_is_responsive_switches_language_and_colour_scheme_and_prints() {
    let Some(browser) = browser() else { return };
    let (out, server) = example_site();
    let artifacts = out.path().join("artifacts");
    run_script(&browser, "theme.mjs", &[&server.url, &artifacts.to_string_lossy()]);
    assert!(
        artifacts.join("cv.pdf").metadata().is_ok_and(|m| m.len() > 10_000),
        "the CV printed to a PDF"
    );
}

#[test]
fn theme_has_no_axe_violations_in_either_language_or_colour_scheme() {
    let Some(browser) = browser() else { return };
    let (out, server) = example_site();
    run_script(
        &browser,
        "a11y.mjs",
        &[&server.url, &out.path().join("artifacts").to_string_lossy()],
    );
}

#[test]
fn screenshots_of_home_papers_and_cv() {
    let Some(browser) = browser() else { return };
    let (_out, server) = example_site();
    let folder = repository().join("target/screenshots");
    run_script(&browser, "screenshots.mjs", &[&server.url, &folder.to_string_lossy()]);
    for name in ["home-zh-375-light.png", "papers-en-1280-dark.png", "cv-zh-1280-light.png"] {
        assert!(folder.join(name).is_file(), "missing screenshot {name}");
    }
}

#[test]
fn the_cv_page_prints_on_two_a4_pages_in_each_language() {
    let Some(browser) = browser() else { return };
    let (_out, server) = example_site();
    let folder = tempfile::tempdir().expect("temp dir");
    run_script(&browser, "print.mjs", &[&server.url, &folder.path().to_string_lossy()]);
    for lang in ["zh", "en"] {
        let pdf = folder.path().join(format!("print-cv-{lang}.pdf"));
        let info = std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .expect("pdfinfo (poppler-utils)");
        let info = String::from_utf8_lossy(&info.stdout);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{lang}: no page count in {info}"));
        assert!(pages <= 2, "the {lang} CV prints on {pages} pages");
        assert!(info.contains("(A4)"), "A4: {info}");
    }
}

#[test]
fn search_box_finds_a_paper_by_a_chinese_and_an_english_word() {
    let Some(browser) = browser() else { return };
    let (_out, server) = example_site();
    run_script(&browser, "search.mjs", &[&server.url]);
}
