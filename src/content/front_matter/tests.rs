use super::*;

fn check(text: &str, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
    let file = Path::new("content/x.md");
    let split = split(text, file).map_err(|d| vec![d])?;
    parse(&split, file, kind)
}

#[test]
fn splits_toml_and_yaml() {
    let s = split("+++\ntitle = \"a\"\n+++\nbody\n", Path::new("x")).unwrap();
    assert_eq!(s.format, Format::Toml);
    assert_eq!(s.front, "title = \"a\"\n");
    assert_eq!(s.body, "body\n");
    assert_eq!(s.body_line, 4);
    let s = split("---\r\ntitle: a\r\n---\r\n", Path::new("x")).unwrap();
    assert_eq!(s.format, Format::Yaml);
    assert_eq!(s.body, "");
}

#[test]
fn unclosed_and_missing_front_matter() {
    let e = split("+++\ntitle = \"a\"\n", Path::new("x")).unwrap_err();
    assert!(e.message.contains("never closed"), "{}", e.message);
    let e = split("# hello", Path::new("x")).unwrap_err();
    assert!(e.message.contains("first line must be +++"));
    let e = split("\n \n", Path::new("x")).unwrap_err();
    assert!(e.message.contains("empty"));
}

#[test]
fn field_of_another_kind_is_rejected_with_its_line() {
    let e = check(
        "+++\norganization = \"A\"\nrole = \"B\"\nstart = \"2024\"\nvenue = \"X\"\n+++\n",
        Kind::Job,
    )
    .unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, Some(5));
    assert!(e[0].message.contains("`venue` is not a field of a job"));
}

#[test]
fn required_fields_and_date_order() {
    let e = check(
        "+++\nschool = \"S\"\ndegree = \"D\"\nstart = \"2024-09\"\nend = \"2022-06\"\n+++\n",
        Kind::Education,
    )
    .unwrap_err();
    assert!(e[0].message.contains("is before `start`"), "{:?}", e);
    assert_eq!(e[0].line, Some(5));
    let e = check("+++\ntitle = \"t\"\n+++\n", Kind::Paper).unwrap_err();
    let messages: Vec<_> = e.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"missing required field `authors` for a paper"), "{messages:?}");
}

#[test]
fn paper_links_are_checked() {
    let e = check(
        "+++\ntitle = \"t\"\nauthors = [\"a\"]\ntype = \"conference\"\nyear = 2024\n[links]\npfd = \"x.pdf\"\n+++\n",
        Kind::Paper,
    )
    .unwrap_err();
    assert_eq!(e[0].hint.as_deref(), Some("did you mean `pdf`?"));
}
