//! `folio build --minify`: HTML, CSS and JavaScript with what browsers do not need removed
//! (minify-html, which uses lightningcss and oxc for the CSS and JavaScript inside).
//!
//! Only in a folio built with the `minify` feature; without it, `--minify` is refused
//! before anything is written ([`available`]).
//!
//! Only options that keep the HTML valid are used, so a minified site still passes the
//! Nu Html Checker: quoted attribute values, spaces between attributes, the full doctype,
//! and the `<html>`/`<head>` tags (they carry `lang`).

#[cfg(feature = "minify")]
use std::sync::OnceLock;

/// Why `--minify` cannot be used, when this folio was built without it.
pub(crate) fn available() -> Result<(), String> {
    if cfg!(feature = "minify") {
        Ok(())
    } else {
        Err("--minify needs a folio built with the `minify` feature (cargo install --features minify, or cargo run --features minify); it makes pages about 2 % smaller after compression, so leaving it out costs little".to_string())
    }
}

#[cfg(feature = "minify")]
fn config() -> &'static minify_html::Cfg {
    static CONFIG: OnceLock<minify_html::Cfg> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let mut cfg = minify_html::Cfg::new();
        cfg.minify_css = true;
        cfg.minify_js = true;
        cfg.keep_html_and_head_opening_tags = true;
        cfg
    })
}

/// Whether an output path is minified (by its extension).
pub(crate) fn applies_to(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".css") || path.ends_with(".js")
}

/// The minified form of the file `path` (HTML, CSS or JavaScript by extension); other
/// files come back unchanged. HTML nested deeper than the minifier can follow is refused.
/// (Without the `minify` feature every file comes back unchanged.)
pub fn minify(path: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    use crate::util::depth::{MAX_ELEMENTS, html_depth};
    if path.ends_with(".html") {
        let depth = html_depth(bytes);
        if depth > MAX_ELEMENTS {
            return Err(format!(
                "its elements nest {depth} deep, more than --minify follows ({MAX_ELEMENTS})"
            ));
        }
    }
    Ok(minify_unchecked(path, bytes))
}

#[cfg(not(feature = "minify"))]
fn minify_unchecked(_path: &str, bytes: &[u8]) -> Vec<u8> {
    bytes.to_vec()
}

#[cfg(feature = "minify")]
fn minify_unchecked(path: &str, bytes: &[u8]) -> Vec<u8> {
    if path.ends_with(".html") {
        minify_html::minify(bytes, config())
    } else if path.ends_with(".css") {
        inside(bytes, b"<style>", b"</style>")
    } else if path.ends_with(".js") {
        inside(bytes, b"<script>", b"</script>")
    } else {
        bytes.to_vec()
    }
}

#[cfg(feature = "minify")]
/// Minifies a stylesheet or script as the content of a `<style>`/`<script>` element (how
/// minify-html reaches its CSS and JavaScript minifiers). Falls back to the original when
/// the result does not come back in the expected element.
fn inside(bytes: &[u8], open: &[u8], close: &[u8]) -> Vec<u8> {
    let mut wrapped = Vec::with_capacity(bytes.len() + open.len() + close.len());
    wrapped.extend_from_slice(open);
    wrapped.extend_from_slice(bytes);
    wrapped.extend_from_slice(close);
    let minified = minify_html::minify(&wrapped, config());
    match minified.strip_prefix(open) {
        Some(rest) => rest.strip_suffix(close).unwrap_or(rest).to_vec(),
        None => bytes.to_vec(),
    }
}

#[cfg(all(test, feature = "minify"))]
mod tests {
    use super::*;

    #[test]
    fn html_css_and_js_shrink_and_stay_valid() {
        let html = b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>T</title>\n</head>\n<body>\n  <p class=\"a\">  Hello   <em>world</em> </p>\n<!-- a comment -->\n</body>\n</html>\n";
        let out = String::from_utf8(minify("index.html", html).expect("minifies")).expect("utf-8");
        assert!(out.len() < html.len(), "{out}");
        assert!(
            out.starts_with("<!DOCTYPE html><html lang=en>")
                || out.contains("<html lang=\"en\">")
                || out.contains("<html lang=en>"),
            "{out}"
        );
        assert!(!out.contains("a comment"), "{out}");
        let css = b"body {\n  color: #ff0000;\n  margin: 0px;\n}\n/* note */\n";
        let out = String::from_utf8(minify("style.css", css).expect("minifies")).expect("utf-8");
        assert_eq!(out, "body{color:red;margin:0}");
        let js = b"// toggles\nfunction toggle(element) {\n  const value = element.checked;\n  return value;\n}\ntoggle(document.body);\n";
        let out = String::from_utf8(minify("theme.js", js).expect("minifies")).expect("utf-8");
        assert!(
            out.len() < js.len()
                && out.contains("function toggle(element){")
                && !out.contains("<script"),
            "{out}"
        );
        assert_eq!(minify("a.json", b"{ }").expect("unchanged"), b"{ }");
        let deep = "<blockquote>".repeat(3000);
        assert!(minify("deep.html", deep.as_bytes()).is_err());
    }
}
