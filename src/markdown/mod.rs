//! Markdown to HTML: one pass over pulldown-cmark's events that gives headings stable ids,
//! resolves `@/` links to page URLs, and cuts the summary at `<!-- more -->`.
//!
//! It does no I/O: link targets are looked up through the caller's resolver, so a page
//! can be rendered on any thread without touching the rest of the site.

pub mod highlight;
pub mod math;

use std::collections::{HashMap, VecDeque};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::error::line_of_offset;
use crate::util::slug::heading_id;

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

/// Something in a body that cannot be rendered: an `@/` link to nothing, a formula that
/// does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// How to render a body.
#[derive(Clone, Copy)]
pub struct RenderOptions<'a> {
    /// Names a wide table's scroll box for screen readers.
    pub table_label: &'a str,
    /// Highlight fenced code blocks.
    pub highlight: bool,
    /// Turns a local image (`![alt](fig.png)`) into its HTML, or says why it cannot.
    /// Without it, images are left as pulldown-cmark writes them.
    pub images: Option<&'a ImageResolver<'a>>,
}

/// See [`RenderOptions::images`].
pub type ImageResolver<'a> = dyn Fn(&ImageRef) -> Result<String, String> + Sync + 'a;

/// A local image in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// The path as written (`fig.png`, `/images/a.jpg`, `@/projects/fig.png`).
    pub dest: String,
    /// The alternative text.
    pub alt: String,
    /// The title, if any.
    pub title: String,
    /// Whether it is the body's first image (likely in view when the page opens, so it
    /// should not wait to load).
    pub first: bool,
}

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        RenderOptions { table_label: "Table", highlight: true, images: None }
    }
}

/// Whether an image or link destination points into the site (not at another host).
pub fn is_local(dest: &str) -> bool {
    !(dest.contains("://")
        || dest.starts_with("//")
        || dest.starts_with("data:")
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
        || dest.is_empty())
}

/// The Markdown extensions folio turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

/// Renders `body`, whose first line is line `first_line` of its file.
///
/// `resolve` gets the part after `@/` (without `#fragment`) and returns the URL or why not.
pub fn render(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> (Rendered, Vec<Problem>) {
    render_with(body, first_line, resolve, RenderOptions::default())
}

/// [`render`], naming wide tables' scroll boxes `table_label` for screen readers.
///
/// Tables are wrapped in a focusable, labelled region so that a table wider than the
/// screen scrolls inside its own box and can be scrolled with the keyboard.
pub fn render_with(
    body: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> Result<String, String>,
    render_options: RenderOptions,
) -> (Rendered, Vec<Problem>) {
    let mut stream = Stream {
        parser: Parser::new_ext(body, options()).into_offset_iter(),
        body,
        first_line,
        resolve,
        table_label: render_options.table_label,
        highlight: render_options.highlight,
        images: render_options.images,
        images_seen: 0,
        pending: VecDeque::new(),
        problems: Vec::new(),
        toc: Vec::new(),
        used_ids: HashMap::new(),
        depth: 0,
        more_seen: false,
    };
    // HTML runs 1.3-1.7 times the Markdown's length (more with pictures): one allocation.
    let mut html = String::with_capacity(body.len() * 7 / 4);
    html::push_html(&mut html, &mut stream);
    let marker = if stream.more_seen { html.find(MORE_SENTINEL) } else { None };
    let summary = match marker {
        Some(at) => {
            let summary = html[..at].trim_end().to_string();
            html.replace_range(at..at + MORE_SENTINEL.len(), "");
            Some(summary)
        }
        None => None,
    };
    (Rendered { html, summary, toc: stream.toc }, stream.problems)
}

/// Stands for `<!-- more -->` in the output until the summary is cut there.
const MORE_SENTINEL: &str = "<!--folio:more-->";

/// pulldown-cmark's events, rewritten on the fly: heading ids, `@/` links, table boxes,
/// the summary marker. Only a heading's events are held back (its id depends on its text).
struct Stream<'a, 'r> {
    parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    body: &'a str,
    first_line: usize,
    resolve: &'r dyn Fn(&str) -> Result<String, String>,
    table_label: &'r str,
    highlight: bool,
    images: Option<&'r ImageResolver<'r>>,
    images_seen: usize,
    pending: VecDeque<Event<'a>>,
    problems: Vec<Problem>,
    toc: Vec<Heading>,
    used_ids: HashMap<String, usize>,
    depth: usize,
    more_seen: bool,
}

impl<'a> Stream<'a, '_> {
    /// Rewrites one event; `None` drops it.
    fn rewrite(&mut self, event: Event<'a>, range: std::ops::Range<usize>) -> Event<'a> {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.link(dest_url, range.start),
                title,
                id,
            }),
            Event::Start(Tag::Image { dest_url, title, .. })
                if self.images.is_some() && is_local(&dest_url) =>
            {
                self.image(&dest_url, &title, range.start)
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: self.link(dest_url, range.start),
                    title,
                    id,
                })
            }
            Event::Html(html) | Event::InlineHtml(html)
                if self.depth <= 1 && !self.more_seen && html.trim() == "<!-- more -->" =>
            {
                self.more_seen = true;
                Event::Html(CowStr::Borrowed(MORE_SENTINEL))
            }
            Event::InlineMath(latex) => self.math(&latex, false, range.start),
            Event::DisplayMath(latex) => self.math(&latex, true, range.start),
            other => other,
        }
    }

    fn link(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let (body, first_line) = (self.body, self.first_line);
        let problems = &mut self.problems;
        rewrite_link(dest, self.resolve, |target, reason| {
            problems.push(Problem {
                // Counted only for a broken link: a body has many good ones.
                line: line_of_offset(body, offset) + first_line - 1,
                message: format!("link to `{target}`: {reason}"),
                hint: "@/ paths start at content/, e.g. @/papers/my-paper.md".into(),
            })
        })
    }

    /// Reads an image's alternative text and hands the image to the resolver.
    fn image(&mut self, dest: &str, title: &str, offset: usize) -> Event<'a> {
        let mut alt = String::new();
        let mut nested = 0usize;
        for (event, _) in self.parser.by_ref() {
            match event {
                Event::Start(Tag::Image { .. }) => nested += 1,
                Event::End(TagEnd::Image) if nested == 0 => break,
                Event::End(TagEnd::Image) => nested -= 1,
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        self.depth = self.depth.saturating_sub(1);
        let Some(resolve) = self.images else { return Event::Text(CowStr::from(alt)) };
        let image = ImageRef {
            dest: dest.to_string(),
            alt,
            title: title.to_string(),
            first: self.images_seen == 0,
        };
        self.images_seen += 1;
        match resolve(&image) {
            Ok(html) => Event::InlineHtml(CowStr::from(html)),
            Err(reason) => {
                self.problems.push(Problem {
                    line: line_of_offset(self.body, offset) + self.first_line - 1,
                    message: format!("image `{dest}`: {reason}"),
                    hint: "image paths are relative to the Markdown file; start them with / for \
                           static/"
                        .into(),
                });
                Event::Text(CowStr::from(image.alt))
            }
        }
    }

    fn math(&mut self, latex: &str, display: bool, offset: usize) -> Event<'a> {
        match crate::markdown::math::to_mathml(latex, display) {
            Ok(mathml) => Event::InlineHtml(CowStr::from(mathml)),
            Err(reason) => {
                self.problems.push(Problem {
                    line: line_of_offset(self.body, offset) + self.first_line - 1,
                    message: format!("the formula `{latex}` does not parse: {reason}"),
                    hint: "check the LaTeX (braces, command names); write \\$ for a dollar sign"
                        .into(),
                });
                Event::InlineHtml(CowStr::from(format!(
                    "<code>{}</code>",
                    crate::util::html::escape(latex)
                )))
            }
        }
    }

    /// Reads a fenced or indented code block and returns it as one HTML event,
    /// highlighted when its language is known.
    fn code_block(&mut self, kind: pulldown_cmark::CodeBlockKind<'a>) -> Event<'a> {
        let mut code = String::new();
        for (event, _) in self.parser.by_ref() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(text) => code.push_str(&text),
                _ => {}
            }
        }
        self.depth = self.depth.saturating_sub(1);
        let lang = match &kind {
            pulldown_cmark::CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or("")
                .to_string(),
            pulldown_cmark::CodeBlockKind::Indented => String::new(),
        };
        let highlighted =
            if self.highlight { crate::markdown::highlight::highlight(&code, &lang) } else { None };
        let class = if lang.is_empty() {
            String::new()
        } else {
            [" class=\"language-", &crate::util::html::escape(&lang), "\""].concat()
        };
        let body = highlighted.unwrap_or_else(|| crate::util::html::escape_text(&code));
        Event::Html(CowStr::from(
            ["<pre class=\"code\"><code", &class, ">", &body, "</code></pre>\n"].concat(),
        ))
    }

    fn track_depth(&mut self, event: &Event) {
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Reads a whole heading, gives it its id, and queues its events.
    fn heading(&mut self, start: Event<'a>) -> Event<'a> {
        let mut held = vec![start];
        let mut text = String::new();
        while let Some((event, range)) = self.parser.next() {
            self.track_depth(&event);
            let event = self.rewrite(event, range);
            match &event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::End(TagEnd::Heading(level)) => {
                    let level = heading_level(*level);
                    if let Event::Start(Tag::Heading { id, .. }) = &mut held[0] {
                        let wanted = match id {
                            Some(explicit) => explicit.to_string(),
                            None => heading_id(&text),
                        };
                        let unique = unique_id(&mut self.used_ids, wanted);
                        *id = Some(CowStr::from(unique.clone()));
                        self.toc.push(Heading {
                            level,
                            id: unique,
                            title: text.trim().to_string(),
                        });
                    }
                    held.push(event);
                    break;
                }
                _ => {}
            }
            held.push(event);
        }
        let mut held = held.into_iter();
        let first = held.next().unwrap_or(Event::Text(CowStr::Borrowed("")));
        self.pending.extend(held);
        first
    }
}

impl<'a> Iterator for Stream<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        let (event, range) = self.parser.next()?;
        self.track_depth(&event);
        Some(match event {
            Event::Start(Tag::Heading { .. }) => self.heading(event),
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind),
            Event::Start(Tag::Table(alignment)) => {
                self.pending.push_back(Event::Start(Tag::Table(alignment)));
                Event::Html(CowStr::from(format!(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">",
                    crate::util::html::escape(self.table_label)
                )))
            }
            Event::End(TagEnd::Table) => {
                self.pending.push_back(Event::Html(CowStr::Borrowed("</div>\n")));
                Event::End(TagEnd::Table)
            }
            other => self.rewrite(other, range),
        })
    }
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
/// common entities decoded, whitespace collapsed. One pass, one allocation.
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
    const ENTITIES: [(&str, char); 6] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&nbsp;", ' '),
        ("&amp;", '&'),
    ];
    let mut text = String::with_capacity(html.len());
    let mut pending_space = false;
    let push = |text: &mut String, c: char, pending_space: &mut bool| {
        if c.is_whitespace() {
            *pending_space = !text.is_empty();
        } else {
            if *pending_space {
                text.push(' ');
                *pending_space = false;
            }
            text.push(c);
        }
    };
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let Some(end) = rest.find('>') else { break };
            let name = rest[1..end].trim_start_matches('/');
            let name_end = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
            if &name[..name_end] == "math" && !rest.starts_with("</") {
                // A formula reads as its LaTeX source (kept in its annotation), not as a
                // jumble of MathML tokens.
                let math_end = rest.find("</math>").map_or(rest.len(), |at| at + 7);
                let source = math_source(&rest[..math_end]);
                push(&mut text, ' ', &mut pending_space);
                for c in source.chars() {
                    push(&mut text, c, &mut pending_space);
                }
                push(&mut text, ' ', &mut pending_space);
                rest = &rest[math_end..];
                continue;
            }
            if BLOCKS.iter().any(|block| block.eq_ignore_ascii_case(&name[..name_end])) {
                push(&mut text, ' ', &mut pending_space);
            }
            rest = &rest[end + 1..];
        } else if c == '&' {
            match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
                Some((entity, decoded)) => {
                    push(&mut text, *decoded, &mut pending_space);
                    rest = &rest[entity.len()..];
                }
                None => {
                    push(&mut text, '&', &mut pending_space);
                    rest = &rest[1..];
                }
            }
        } else {
            // A run of text up to the next tag or entity, a word at a time.
            let run_end = memchr::memchr2(b'<', b'&', rest.as_bytes()).unwrap_or(rest.len());
            let mut words = rest[..run_end].split(char::is_whitespace);
            let push_word = |text: &mut String, word: &str, pending_space: &mut bool| {
                if !word.is_empty() {
                    if *pending_space {
                        text.push(' ');
                        *pending_space = false;
                    }
                    text.push_str(word);
                }
            };
            if let Some(first) = words.next() {
                push_word(&mut text, first, &mut pending_space);
            }
            for word in words {
                pending_space = !text.is_empty();
                push_word(&mut text, word, &mut pending_space);
            }
            rest = &rest[run_end..];
        }
    }
    text
}

/// The LaTeX a MathML element was made from (its TeX annotation), decoded.
fn math_source(math: &str) -> String {
    let Some(start) = math.find("<annotation") else { return String::new() };
    let body = &math[start..];
    let Some(open_end) = body.find('>') else { return String::new() };
    let body = &body[open_end + 1..];
    let source = &body[..body.find("</annotation>").unwrap_or(body.len())];
    source
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The body's HTML for use inside another page (a list): `id` attributes removed, so two
/// bodies never clash, and in-page `#fragment` links pointed at the body's own page.
pub fn without_ids(html: &str, page_url: &str) -> String {
    use memchr::memmem::Finder;
    let bytes = html.as_bytes();
    let (id, anchor) = (Finder::new(" id=\""), Finder::new(" href=\"#"));
    let find = |finder: &Finder, from: usize| finder.find(&bytes[from..]).map(|at| at + from);
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    let (mut next_id, mut next_anchor) = (find(&id, 0), find(&anchor, 0));
    loop {
        let id_first = match (next_id, next_anchor) {
            (None, None) => break,
            (Some(i), Some(a)) => i < a,
            (i, _) => i.is_some(),
        };
        if id_first {
            let at = next_id.unwrap_or_default();
            out.push_str(&html[copied..at]);
            let value = at + 5;
            copied = html[value..].find('"').map_or(html.len(), |end| value + end + 1);
        } else {
            let at = next_anchor.unwrap_or_default();
            out.push_str(&html[copied..at]);
            out.push_str(" href=\"");
            out.push_str(page_url);
            copied = at + 7;
        }
        if next_id.is_some_and(|i| i < copied) {
            next_id = find(&id, copied);
        }
        if next_anchor.is_some_and(|a| a < copied) {
            next_anchor = find(&anchor, copied);
        }
    }
    out.push_str(&html[copied..]);
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
mod tests;
