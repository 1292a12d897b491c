//! The fuzz targets' corpora (`fuzz/corpus/<target>/`) and every input that once crashed
//! one (`fuzz/regressions/<target>/`), run through the same library calls on the stable
//! toolchain: a regression shows in `cargo test`, without a fuzzer.

use std::path::Path;
use std::sync::Arc;

use folio::serve::http::{Page, Resolved, Served, resolve};

use crate::support::repository;

/// Every input of `target`'s corpus and regressions.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for folder in ["corpus", "regressions"] {
        let dir = repository().join("fuzz").join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                found.push((entry.path().display().to_string(), bytes));
            }
        }
    }
    found
}

fn texts(target: &str) -> Vec<(String, String)> {
    inputs(target)
        .into_iter()
        .filter_map(|(name, bytes)| String::from_utf8(bytes).ok().map(|text| (name, text)))
        .collect()
}

#[test]
fn front_matter_corpus() {
    let file = Path::new("content/papers/fuzz.md");
    for (_, text) in texts("front_matter") {
        if let Ok(split) = folio::front_matter::split(&text, file) {
            for kind in folio::Kind::ITEM_KINDS {
                let _ = folio::front_matter::parse(&split, file, kind);
            }
        }
    }
}

#[test]
fn markdown_corpus() {
    let links = |target: &str| {
        if target.len() % 3 == 0 { Ok(format!("/{target}/")) } else { Err("no such file".into()) }
    };
    for (_, text) in texts("markdown") {
        let (rendered, _) = folio::markdown::render(&text, 1, &links);
        let page = format!(
            "<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{}</body></html>",
            rendered.html
        );
        let _ = folio::minify("index.html", page.as_bytes());
    }
}

#[test]
fn bibtex_corpus() {
    for (_, text) in texts("bibtex") {
        let _ = folio::import::bibtex::plan(&text, Path::new("refs.bib"), "papers");
    }
}

#[test]
fn resume_corpus() {
    for (_, text) in texts("resume") {
        let _ = folio::import::resume::plan(&text, Path::new("resume.json"));
    }
}

#[test]
fn serve_path_corpus() {
    let mut served = Served::default();
    for path in ["index.html", "404.html", "papers/a/index.html", "en/index.html"] {
        served.pages.insert(path.to_string(), Page::new(Arc::new(b"x".to_vec())));
    }
    for (name, url) in texts("serve_path") {
        match resolve(&served, &url) {
            Resolved::Found(path) => assert!(served.pages.contains_key(&path), "{name}: {path}"),
            Resolved::Redirect(location) => {
                assert!(location.starts_with('/') && !location.starts_with("//"), "{name}")
            }
            _ => {}
        }
    }
}
