//! Syntax highlighting of fenced code blocks at build time, into class-based HTML that the
//! theme's CSS colours for light and dark mode.
//!
//! The syntax definitions (~1 MB) load lazily, once, the first time a page has code: a site
//! without code never pays for them.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();

/// The prefix of the classes highlighted code carries (`z-keyword`, `z-string`, ...).
pub(crate) const CLASS_PREFIX: &str = "z-";

/// Highlighted HTML for `code` in `lang` (the inside of `<code>`), or `None` when the
/// language is unknown.
pub(crate) fn highlight(code: &str, lang: &str) -> Option<String> {
    if lang.is_empty() {
        return None;
    }
    let syntaxes = SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines);
    let syntax = syntaxes.find_syntax_by_token(lang)?;
    let mut html = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX },
    );
    for line in LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(html.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_languages() {
        let html = highlight("fn main() { let x = \"<hi>\"; }\n", "rust").expect("rust is known");
        assert!(html.contains("<span class=\"z-"), "{html}");
        assert!(html.contains("&lt;hi&gt;"), "escaped: {html}");
        assert!(highlight("x", "no-such-language").is_none());
        assert!(highlight("x", "").is_none());
        assert!(highlight("print(1)\n", "py").is_some(), "by file extension too");
    }
}
