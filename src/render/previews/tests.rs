use super::*;

#[test]
fn initials_are_the_family_name_of_a_cjk_name_and_two_letters_of_a_latin_one() {
    assert_eq!(initials("郑晋图"), "郑");
    assert_eq!(initials("Jintu Zheng"), "JZ");
    assert_eq!(initials("  ada   king lovelace "), "AL");
    assert_eq!(initials("Plato"), "P");
    assert_eq!(initials("(Lab) of Vision"), "LV");
    assert_eq!(initials(""), "");
}

#[test]
fn a_preview_sees_front_matter_but_no_body() {
    let page = serde_json::json!({"title": "T", "content": "<p>long</p>", "json_ld": "{}", "venue": "ECCV"});
    assert_eq!(shown(page), serde_json::json!({"title": "T", "venue": "ECCV"}));
}
