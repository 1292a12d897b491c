//! Golden tests: Markdown under tests/golden/ rendered to HTML must equal the `.html` file
//! next to it, byte for byte. After an intended change, `FOLIO_BLESS=1 cargo test golden`
//! rewrites the `.html` files; review their diff before committing.

use crate::support::repository;

fn golden(name: &str) {
    let folder = repository().join("tests/golden");
    let source = std::fs::read_to_string(folder.join(format!("{name}.md"))).expect("source");
    let no_links = |_: &str| Err::<String, String>("no links here".into());
    let (rendered, problems) = folio::markdown::render(&source, 1, &no_links);
    assert!(problems.is_empty(), "{problems:?}");
    let expected_file = folder.join(format!("{name}.html"));
    if std::env::var_os("FOLIO_BLESS").is_some() {
        std::fs::write(&expected_file, &rendered.html).expect("bless");
    }
    let expected = std::fs::read_to_string(&expected_file).expect("golden html");
    assert_eq!(rendered.html, expected, "{name}.md renders differently from {name}.html");
}

#[test]
fn golden_math_inline_and_display() {
    golden("math");
}

#[test]
fn golden_code_known_and_unknown_language() {
    golden("code");
}

#[test]
fn golden_math_error_names_the_line_and_formula() {
    let no_links = |_: &str| Err::<String, String>("no links here".into());
    let (_, problems) =
        folio::markdown::render("Fine $x$.\n\nBroken $\\fracc{1}{2}$ here.\n", 10, &no_links);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 12);
    assert_eq!(
        problems[0].message,
        "the formula `\\fracc{1}{2}` does not parse: unknown primitive command found"
    );
}
