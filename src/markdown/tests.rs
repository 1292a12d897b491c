use super::*;

fn no_links(_: &str) -> Result<String, String> {
    Err("no links here".into())
}

#[test]
fn headings_get_stable_unique_cjk_ids() {
    let (r, _) =
        render("# 研究方向\n\n## Results\n\n## Results\n\n## Custom {#mine}\n", 1, &no_links);
    assert!(r.html.contains("<h1 id=\"研究方向\">"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"results-1\">"));
    assert!(r.html.contains("<h2 id=\"mine\">"));
    assert_eq!(r.toc.len(), 4);
    assert_eq!(r.toc[0].title, "研究方向");
}

#[test]
fn summary_is_cut_at_more() {
    let (r, _) = render("First.\n\n<!-- more -->\n\nSecond.\n", 1, &no_links);
    assert_eq!(r.summary.as_deref(), Some("<p>First.</p>"));
    assert!(r.html.contains("Second."));
    assert!(!r.html.contains("more"));
}

#[test]
fn internal_links_resolve_or_report_their_line() {
    let resolve = |path: &str| {
        if path == "papers/a.md" {
            Ok("/papers/a/".to_string())
        } else {
            Err("missing".to_string())
        }
    };
    let (r, broken) = render("[a](@/papers/a.md#x)\n\n[b](@/papers/b.md)\n", 10, &resolve);
    assert!(r.html.contains("href=\"/papers/a/#x\""));
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].line, 12);
    assert!(broken[0].message.starts_with("link to `@/papers/b.md`"), "{:?}", broken[0]);
}

#[test]
fn extensions_are_on() {
    let (r, _) = render(
        "|a|b|\n|-|-|\n|1|2|\n\n~~x~~ \"q\" - [x] done\n\nfoot[^1]\n\n[^1]: note\n",
        1,
        &no_links,
    );
    assert!(
        r.html.contains(
            "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
    assert!(r.html.contains("<del>x</del>"));
    assert!(r.html.contains("“q”"));
    assert!(r.html.contains("footnote"));
}

#[test]
fn every_table_gets_its_labelled_box_in_the_page_language() {
    let options = RenderOptions { table_label: "表格 <\"x\">", ..RenderOptions::default() };
    let (r, _) = render_with("|a|\n|-|\n|1|\n\ntext\n\n|b|\n|-|\n|2|\n", 1, &no_links, options);
    let open = "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格 &lt;&quot;x&quot;&gt;\"><table>";
    assert_eq!(r.html.matches(open).count(), 2, "{}", r.html);
    assert_eq!(r.html.matches("</table>\n</div>").count(), 2, "{}", r.html);
}

#[test]
fn plain_text_keeps_inline_runs_together() {
    assert_eq!(
        plain_text(
            "<p>相关项目:<a href=\"x\">Diffusion</a> 推理<em>加速</em>。</p><p>B &amp; C</p>"
        ),
        "相关项目:Diffusion 推理加速。 B & C"
    );
    assert_eq!(lead("<h2>x</h2><p>First <strong>one</strong>.</p><p>Second.</p>"), "First one.");
    assert_eq!(lead("<ul><li>x</li></ul>"), "");
    assert_eq!(
        plain_text("  <p>one\n  two\u{3000}三 &lt;four&gt;</p>\n<p> five</p> "),
        "one two 三 <four> five"
    );
}

#[test]
fn bodies_in_lists_lose_their_ids() {
    let (r, _) = render("## Setup\n\nText[^1]\n\n[^1]: note\n", 1, &no_links);
    let listed = without_ids(&r.html, "/papers/a/");
    assert!(!listed.contains(" id=\""), "{listed}");
    assert!(listed.contains("href=\"/papers/a/#"), "{listed}");
    assert!(r.html.contains(" id=\"setup\""), "the page itself keeps them");
    assert_eq!(
        without_ids(
            "<h2 id=\"a\">A</h2><p><a href=\"#a\">x</a> <a href=\"#b\" id=\"c\">y</a></p>",
            "/p/"
        ),
        "<h2>A</h2><p><a href=\"/p/#a\">x</a> <a href=\"/p/#b\">y</a></p>"
    );
    assert_eq!(without_ids("no ids here", "/p/"), "no ids here");
}

#[test]
fn math_renders_to_mathml_or_reports_its_line() {
    let (r, problems) = render("Euler: $e^{i\\pi}+1=0$.\n\n$$\\int_0^1 x\\,dx$$\n", 1, &no_links);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(r.html.contains("<p>Euler: <math"), "{}", r.html);
    assert!(r.html.contains("display=\"block\""), "{}", r.html);
    let (_, problems) = render("Fine.\n\nBroken $\\nosuchcommand{x}$ here.\n", 7, &no_links);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, 9);
    assert!(problems[0].message.contains("\\nosuchcommand{x}"), "{:?}", problems[0]);
}

#[test]
fn formulas_read_as_their_source_in_plain_text() {
    let (r, _) = render("Energy $E = mc^2$ and $a < b$ here.\n", 1, &no_links);
    assert_eq!(plain_text(&r.html), "Energy E = mc^2 and a < b here.");
}

#[test]
fn code_is_highlighted_when_its_language_is_known() {
    let (r, _) = render(
        "```rust\nlet x = 1;\n```\n\n```nolang\n<b>&</b>\n```\n\n    indented\n",
        1,
        &no_links,
    );
    assert!(
        r.html.contains("<pre class=\"code\"><code class=\"language-rust\"><span class=\"z-"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<code class=\"language-nolang\">&lt;b&gt;&amp;&lt;/b&gt;\n</code>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<pre class=\"code\"><code>indented\n</code></pre>"), "{}", r.html);
    let (plain, _) = render_with(
        "```rust\nlet x = 1;\n```\n",
        1,
        &no_links,
        RenderOptions { highlight: false, ..RenderOptions::default() },
    );
    assert!(!plain.html.contains("z-"), "{}", plain.html);
}

#[test]
fn inline_markdown_has_no_paragraph() {
    assert_eq!(render_inline("**ECCV** Oral"), "<strong>ECCV</strong> Oral");
}
