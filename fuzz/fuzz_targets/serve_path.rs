//! `folio serve`'s request paths: any URL resolves to a page, a redirect, a 404 or a bad
//! request, and never to a path outside the served site.
#![no_main]

use folio::serve::http::{Page, Resolved, Served, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else { return };
    let mut served = Served::default();
    for path in ["index.html", "404.html", "papers/a/index.html", "en/index.html"] {
        served.pages.insert(path.to_string(), Page::new(std::sync::Arc::new(b"x".to_vec())));
    }
    match resolve(&served, url) {
        Resolved::Found(path) => assert!(served.pages.contains_key(&path), "{url:?} -> {path:?}"),
        Resolved::NotFound(Some(page)) => assert!(served.pages.contains_key(&page)),
        Resolved::Redirect(location) => {
            // Never an open redirect (`//other.site/`).
            assert!(location.starts_with('/') && !location.starts_with("//"), "{location:?}")
        }
        Resolved::NotFound(None) | Resolved::BadRequest(_) => {}
    }
});
