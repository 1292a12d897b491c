//! Markdown to HTML: one pass over pulldown-cmark's events that gives headings stable ids,
//! resolves `@/` links to page URLs, and cuts the summary at `<!-- more -->`.
//!
//! It does no I/O: link targets are looked up through the caller's resolver, so a page
//! can be rendered on any thread without touching the rest of the site.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::error::line_of_offset;
use crate::slug::heading_id;

/// A heading, for tables of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: u8,
    /// The id in the page (`#id`).
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A Markdown body turned into HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The whole body.
    pub html: String,
    /// The part before `<!-- more -->`, if the body has the marker.
    pub summary: Option<String>,
    /// The headings, in order.
    pub toc: Vec<Heading>,
}

/// An `@/` link that points at nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// 1-based line in the file.
    pub line: usize,
    /// The target as written, e.g. `@/papers/foo.md`.
    pub target: String,
    /// Why it could not be resolved.
    pub reason: String,
}

/// The Markdown extensions folio turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`, whose first line is line `first_line` of its file.
///
/// `resolve` gets the part after `@/` (without `#fragment`) and returns the URL or why not.
pub fn render(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> (Rendered, Vec<BrokenLink>) {
    render_with(body, first_line, resolve, "Table")
}

/// [`render`], naming wide tables' scroll boxes `table_label` for screen readers.
///
/// Tables are wrapped in a focusable, labelled region so that a table wider than the
/// screen scrolls inside its own box and can be scrolled with the keyboard.
pub fn render_with(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Result<String, String>,
    table_label: &str,
) -> (Rendered, Vec<BrokenLink>) {
    let table_open = format!(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
        crate::feeds::escape(table_label)
    );
    let mut events: Vec<Event> = Vec::new();
    let mut broken = Vec::new();
    let mut toc = Vec::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut heading_start: Option<usize> = None;
    let mut heading_text = String::new();
    let mut depth = 0usize;
    let mut more_at: Option<usize> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let event = match event {
            Event::Start(tag) => {
                depth += 1;
                if matches!(tag, Tag::Table(_)) {
                    events.push(Event::Html(CowStr::from(table_open.clone())));
                }
                let tag = match tag {
                    Tag::Heading { .. } => {
                        heading_start = Some(events.len());
                        heading_text.clear();
                        tag
                    }
                    Tag::Link { link_type, dest_url, title, id } => {
                        let dest_url = rewrite_link(dest_url, resolve, |target, reason| {
                            broken.push(BrokenLink {
                                line: line_of_offset(body, range.start) + first_line - 1,
                                target,
                                reason,
                            })
                        });
                        Tag::Link { link_type, dest_url, title, id }
                    }
                    Tag::Image { link_type, dest_url, title, id } => {
                        let dest_url = rewrite_link(dest_url, resolve, |target, reason| {
                            broken.push(BrokenLink {
                                line: line_of_offset(body, range.start) + first_line - 1,
                                target,
                                reason,
                            })
                        });
                        Tag::Image { link_type, dest_url, title, id }
                    }
                    other => other,
                };
                Event::Start(tag)
            }
            Event::End(TagEnd::Heading(level)) => {
                depth = depth.saturating_sub(1);
                if let Some(start) = heading_start.take() {
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let wanted = match id {
                            Some(explicit) => explicit.to_string(),
                            None => heading_id(&heading_text),
                        };
                        let unique = unique_id(&mut used_ids, wanted);
                        *id = Some(CowStr::from(unique.clone()));
                        toc.push(Heading {
                            level: heading_level(level),
                            id: unique,
                            title: heading_text.trim().to_string(),
                        });
                    }
                }
                Event::End(TagEnd::Heading(level))
            }
            Event::End(TagEnd::Table) => {
                depth = depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::from("</div>\n"))
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                Event::End(end)
            }
            Event::Text(text) => {
                if heading_start.is_some() {
                    heading_text.push_str(&text);
                }
                Event::Text(text)
            }
            Event::Code(code) => {
                if heading_start.is_some() {
                    heading_text.push_str(&code);
                }
                Event::Code(code)
            }
            Event::Html(html) | Event::InlineHtml(html)
                if depth <= 1 && more_at.is_none() && html.trim() == "<!-- more -->" =>
            {
                more_at = Some(events.len());
                continue;
            }
            other => other,
        };
        events.push(event);
    }

    let mut out = String::with_capacity(body.len() + body.len() / 4);
    let summary = match more_at {
        Some(index) => {
            let (before, after) = events.split_at(index);
            html::push_html(&mut out, before.iter().cloned());
            let summary = out.trim_end().to_string();
            html::push_html(&mut out, after.iter().cloned());
            Some(summary)
        }
        None => {
            html::push_html(&mut out, events.into_iter());
            None
        }
    };
    (Rendered { html: out, summary, toc }, broken)
}

/// Renders a short piece of Markdown (one line, e.g. a highlight) without the `<p>` around it.
pub fn render_inline(text: &str) -> String {
    let mut out = String::new();
    let events = Parser::new_ext(text, options()).filter(|event| {
        !matches!(event, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph))
    });
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}

/// The text of an HTML fragment: tags removed (block elements become a space), the
/// common entities decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    const BLOCKS: [&str; 24] = [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "tr",
        "table",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "section",
        "figure",
        "figcaption",
        "hr",
    ];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        if BLOCKS.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The body's HTML for use inside another page (a list): `id` attributes removed, so two
/// bodies never clash, and in-page `#fragment` links pointed at the body's own page.
pub fn without_ids(html: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let id = rest.find(" id=\"");
        let fragment = rest.find(" href=\"#");
        match (id, fragment) {
            (Some(i), f) if f.is_none_or(|f| i < f) => {
                out.push_str(&rest[..i]);
                let after = &rest[i + 5..];
                rest = after.find('"').map(|end| &after[end + 1..]).unwrap_or("");
            }
            (_, Some(f)) => {
                out.push_str(&rest[..f]);
                out.push_str(" href=\"");
                out.push_str(page_url);
                rest = &rest[f + 7..];
            }
            _ => break,
        }
    }
    out.push_str(rest);
    out
}

/// The first paragraph of a body's HTML, as plain text (empty when there is none).
pub fn lead(html: &str) -> String {
    let Some(start) = html.find("<p>") else { return String::new() };
    let end = html[start..].find("</p>").map(|e| start + e).unwrap_or(html.len());
    plain_text(&html[start..end])
}

fn rewrite_link<'a>(
    dest: CowStr<'a>,
    resolve: &dyn Fn(&str) -> Result<String, String>,
    mut on_broken: impl FnMut(String, String),
) -> CowStr<'a> {
    let Some(target) = dest.strip_prefix("@/") else {
        return dest;
    };
    let (path, fragment) = match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (target, None),
    };
    match resolve(path) {
        Ok(url) => match fragment {
            Some(fragment) => CowStr::from(format!("{url}#{fragment}")),
            None => CowStr::from(url),
        },
        Err(reason) => {
            on_broken(dest.to_string(), reason);
            dest
        }
    }
}

fn unique_id(used: &mut HashMap<String, usize>, wanted: String) -> String {
    let base = if wanted.is_empty() { "section".to_string() } else { wanted };
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 { base } else { format!("{base}-{}", *count - 1) }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
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
        assert_eq!(broken[0].target, "@/papers/b.md");
    }

    #[test]
    fn extensions_are_on() {
        let (r, _) = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~x~~ \"q\" - [x] done\n\nfoot[^1]\n\n[^1]: note\n",
            1,
            &no_links,
        );
        assert!(r.html.contains("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>"), "{}", r.html);
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("“q”"));
        assert!(r.html.contains("footnote"));
    }

    #[test]
    fn plain_text_keeps_inline_runs_together() {
        assert_eq!(
            plain_text(
                "<p>相关项目:<a href=\"x\">Diffusion</a> 推理<em>加速</em>。</p><p>B &amp; C</p>"
            ),
            "相关项目:Diffusion 推理加速。 B & C"
        );
        assert_eq!(
            lead("<h2>x</h2><p>First <strong>one</strong>.</p><p>Second.</p>"),
            "First one."
        );
        assert_eq!(lead("<ul><li>x</li></ul>"), "");
    }

    #[test]
    fn bodies_in_lists_lose_their_ids() {
        let (r, _) = render("## Setup\n\nText[^1]\n\n[^1]: note\n", 1, &no_links);
        let listed = without_ids(&r.html, "/papers/a/");
        assert!(!listed.contains(" id=\""), "{listed}");
        assert!(listed.contains("href=\"/papers/a/#"), "{listed}");
        assert!(r.html.contains(" id=\"setup\""), "the page itself keeps them");
    }

    #[test]
    fn inline_markdown_has_no_paragraph() {
        assert_eq!(render_inline("**ECCV** Oral"), "<strong>ECCV</strong> Oral");
    }
}
