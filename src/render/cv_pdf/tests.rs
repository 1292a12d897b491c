use super::*;

#[test]
fn bodies_become_paragraphs_and_list_items_of_plain_text() {
    let html = "<p>Focus: <em>lanes</em> &amp; maps.</p>\n<ul>\n<li>Ranked <strong>5th</strong></li>\n<li>2 papers</li>\n</ul>\n<pre><code>x</code></pre>";
    let got = blocks(html);
    assert_eq!(
        got,
        vec![
            serde_json::json!({"text": "Focus: lanes & maps.", "item": false}),
            serde_json::json!({"text": "Ranked 5th", "item": true}),
            serde_json::json!({"text": "2 papers", "item": true}),
        ]
    );
}

#[test]
fn every_content_gets_its_blocks() {
    let mut data = serde_json::json!({"jobs": [{"content": "<p>A</p>"}], "page": {"content": ""}});
    add_blocks(&mut data);
    assert_eq!(data["jobs"][0]["blocks"][0]["text"], "A");
    assert_eq!(data["page"]["blocks"], serde_json::json!([]));
}
