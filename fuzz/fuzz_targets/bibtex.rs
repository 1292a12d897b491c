//! `folio import bibtex` on any text: each entry becomes a paper file or a problem with
//! its line, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = folio::import::bibtex::plan(text, std::path::Path::new("refs.bib"), "papers");
});
