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
            eprintln!(
                "\n!!!!!!!!!! SKIPPED browser test: {missing} not found; run .ci/run to install !!!!!!!!!!\n"
            );
            None
        }
    }
}

/// Runs a script from tests/browser with the given arguments after the tooling ones.
pub fn run_script(browser: &Browser, script: &str, args: &[&str]) {
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
