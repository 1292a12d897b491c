//! The Markdown pipeline: CommonMark with math, code, `@/` links and pictures, then
//! `--minify` on the page it makes. Problems are diagnostics, never a panic, a hang or a
//! stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let links = |target: &str| {
        if target.len() % 3 == 0 { Ok(format!("/{target}/")) } else { Err("no such file".into()) }
    };
    let (rendered, _problems) = folio::markdown::render(text, 1, &links);
    let page = format!(
        "<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{}</body></html>",
        rendered.html
    );
    let _ = folio::minify("index.html", page.as_bytes());
});
