use std::collections::BTreeMap;

use super::summary::{Author, links_value, normalize_name};
use super::*;

fn field<'v>(value: &'v Value, key: &'v str) -> &'v Value {
    value.get_from_path(key).unwrap_or_else(|| panic!("no `{key}` in {value:?}"))
}

#[test]
fn a_later_field_of_the_same_name_wins() {
    let mut obj = Obj::default();
    obj.set("title", "first").set("year", 2024).set("title", "second");
    let value = obj.into_value();
    assert_eq!(field(&value, "title").as_str(), Some("second"));
    assert_eq!(field(&value, "year").as_i128(), Some(2024));
    assert_eq!(value.as_map().map(|m| m.len()), Some(2));
}

#[test]
fn author_marks_are_taken_off_the_name_and_the_owner_is_found_by_any_variant() {
    let variants = vec!["Jintu Zheng".to_string(), "郑晋图".to_string()];
    let me = Author::parse("J intu  Zheng*†", &variants);
    let value = me.value();
    assert_eq!(field(&value, "name").as_str(), Some("J intu  Zheng"));
    assert_eq!(field(&value, "me").as_bool(), Some(true), "spacing is not part of a name");
    assert_eq!(field(&value, "equal").as_bool(), Some(true));
    assert_eq!(field(&value, "corresponding").as_bool(), Some(true));
    let other = Author::parse("Ming Li †", &variants).value();
    assert_eq!(field(&other, "me").as_bool(), Some(false));
    assert_eq!(field(&other, "equal").as_bool(), Some(false));
    assert_eq!(field(&other, "corresponding").as_bool(), Some(true));
    for others in ["others", "Others", "et al.", "等"] {
        assert_eq!(
            field(&Author::parse(others, &variants).value(), "others").as_bool(),
            Some(true)
        );
    }
    assert_eq!(normalize_name("J. Zheng"), normalize_name("j zheng"));
}

#[test]
fn links_come_in_the_kind_s_order_then_by_name() {
    let links: BTreeMap<String, String> =
        [("zenodo", "z"), ("code", "c"), ("pdf", "p"), ("blog", "b")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let value = links_value(Some(&links), &["pdf", "code"], "/p/");
    let names: Vec<String> = value
        .as_array()
        .expect("a list")
        .iter()
        .map(|link| field(link, "name").as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["pdf", "code", "blog", "zenodo"]);
    let urls: Vec<String> = value
        .as_array()
        .expect("a list")
        .iter()
        .map(|link| field(link, "url").as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(urls[0], "/p/p", "a file beside the paper is made absolute");
    let absolute: BTreeMap<String, String> =
        [("pdf".to_string(), "https://x.org/a.pdf".to_string())].into_iter().collect();
    let value = links_value(Some(&absolute), &[], "/p/");
    assert_eq!(
        field(&value.as_array().expect("a list")[0], "url").as_str(),
        Some("https://x.org/a.pdf")
    );
    assert_eq!(links_value(None, &[], "/p/").as_array().map(|v| v.len()), Some(0));
}
