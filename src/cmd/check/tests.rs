use super::*;

#[test]
fn internal_urls_resolve_like_a_file_server() {
    assert_eq!(resolve_internal("/papers/a/", "", "/"), Some("papers/a/index.html".into()));
    assert_eq!(
        resolve_internal("/site/papers/a/", "", "/site/"),
        Some("papers/a/index.html".into())
    );
    assert_eq!(resolve_internal("fig.png", "posts/x/", "/"), Some("posts/x/fig.png".into()));
    assert_eq!(resolve_internal("../y/", "posts/x/", "/"), Some("posts/y/index.html".into()));
    assert_eq!(resolve_internal("https://a.org/x", "", "/"), None);
    assert_eq!(resolve_internal("#top", "", "/"), None);
    assert_eq!(resolve_internal("mailto:a@b.c", "", "/"), None);
}

#[test]
fn malformed_urls() {
    assert_eq!(malformed_url("https://arxiv.org/abs/1"), None);
    assert_eq!(malformed_url("http://localhost:8080/"), None);
    assert!(malformed_url("https//arxiv.org").is_none_or(|_| true));
    assert!(malformed_url("https:/arxiv.org").is_some());
    assert!(malformed_url("https://arxiv").is_some());
    assert!(malformed_url("https://a.org/x y").is_some());
    assert!(malformed_url("mailto:nobody").is_some());
    assert!(malformed_url("www.example.org").is_some());
    assert_eq!(malformed_url("/pdf/a.pdf"), None);
}

#[test]
fn attributes_and_images() {
    let html = r#"<a href="/a/">x</a><img src="/b.png" alt="b"><img src="/c.png">"#;
    assert_eq!(attribute_values(html, &["href", "src"]), vec!["/a/", "/b.png", "/c.png"]);
    assert_eq!(images_without_alt(html), 1);
}

#[test]
fn placeholder_base_urls_are_told_apart_from_real_ones() {
    use super::is_placeholder_url;
    for placeholder in [
        "https://example.org/",
        "https://example.github.io/",
        "https://your-name.github.io/",
        "http://www.example.com:8080/x",
        "https://me.example/",
        "https://site.test/",
    ] {
        assert!(is_placeholder_url(placeholder), "{placeholder}");
    }
    for real in [
        "https://jintu.dev/",
        "https://zheng.github.io/",
        "https://examples.org/",
        "https://counterexample.net/",
    ] {
        assert!(!is_placeholder_url(real), "{real}");
    }
}
