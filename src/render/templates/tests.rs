use super::{names_list_content, safe};

#[test]
fn safe_keeps_strings_unescaped_and_prints_other_values() {
    let mut tera = tera::Tera::new();
    tera.register_filter("safe", safe);
    let mut context = tera::Context::new();
    context.insert("html", "<b>a & b</b>");
    context.insert("n", &3);
    let out = tera.render_str("{{ html | safe }} {{ html }} {{ n | safe }}", &context, true);
    assert_eq!(out.expect("renders"), "<b>a & b</b> &lt;b&gt;a &amp; b&lt;/b&gt; 3");
}

#[test]
fn list_content_is_named_by_summaries_not_by_the_page_or_html() {
    let page_only = "{% block content %}<div class=\"content\">{{ page.content | safe }}\
                     </div><section>{{ section.content }}</section>{% endblock content %}";
    assert!(!names_list_content(page_only));
    for names in [
        "{% for p in collections.papers %}{{ p.content | safe }}{% endfor %}",
        "{% for page in collections.papers %}{{ page.content }}{% endfor %}",
        "{% for i, section in groups %}{{ section.content }}{% endfor %}",
        "{% set page = collections.posts[0] %}{{ page.content }}",
        "{{ <card page={p} /> }}{% component card(page) %}{{ page.content }}{% endcomponent %}",
        "{{ p[\"content\"] }}",
        "{# content #}",
    ] {
        assert!(names_list_content(names), "{names}");
    }
}
