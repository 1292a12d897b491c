use super::*;

fn parse(text: &str) -> Result<Config> {
    Config::parse(Path::new("/site"), text)
}

#[test]
fn minimal_config_has_one_language() {
    let config = parse("title = \"T\"\nbase_url = \"https://a.b/c\"\n").unwrap();
    assert_eq!(config.base_url, "https://a.b/c/");
    assert_eq!(config.base_path, "/c/");
    assert_eq!(config.languages.len(), 1);
    assert_eq!(config.languages[0].code, "en");
}

#[test]
fn default_language_comes_first() {
    let config = parse(
        "title = \"T\"\nbase_url = \"https://a.b\"\ndefault_language = \"zh\"\n[languages.en]\n[languages.zh]\n",
    )
    .unwrap();
    let codes: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["zh", "en"]);
    assert_eq!(config.language_prefix("en"), "en/");
    assert_eq!(config.language_prefix("zh"), "");
}

#[test]
fn unknown_key_names_line_and_suggestion() {
    let err = parse("title = \"T\"\nbase_url = \"https://a.b\"\ndefault_langauge = \"zh\"\n")
        .unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.line, Some(3));
    assert!(d.message.contains("default_langauge"));
    assert_eq!(d.hint.as_deref(), Some("did you mean `default_language`?"));
}

#[test]
fn localized_text_for_unknown_language_is_an_error() {
    let err = parse(
        "title = \"T\"\nbase_url = \"https://a.b\"\n[author]\nname = { en = \"A\", fr = \"B\" }\n",
    )
    .unwrap_err();
    assert!(err.diagnostics()[0].message.contains("`fr`"));
}

#[test]
fn bad_base_url() {
    let err = parse("title = \"T\"\nbase_url = \"example.com\"\n").unwrap_err();
    assert_eq!(err.diagnostics()[0].line, Some(2));
}
