//! Front matter of every kind: splitting (`+++` TOML, `---` YAML) and checking against the
//! kind's schema must give a document or diagnostics, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = std::path::Path::new("content/papers/fuzz.md");
    if let Ok(split) = folio::front_matter::split(text, file) {
        for kind in folio::Kind::ITEM_KINDS {
            let _ = folio::front_matter::parse(&split, file, kind);
        }
    }
});
