//! `folio import resume` on any text: content files, problems with JSON pointers, or an
//! error for text that is not JSON; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = folio::import::resume::plan(text, std::path::Path::new("resume.json"));
});
