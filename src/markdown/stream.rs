//! The event stream between pulldown-cmark and its HTML writer: heading ids, `@/` links,
//! math, code, pictures and tables rewritten on the way.

use crate::error::line_of_offset;
use crate::util::slug::heading_id;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::collections::{HashMap, VecDeque};

use super::*;

/// Stands for `<!-- more -->` in the output until the summary is cut there.
pub(super) const MORE_SENTINEL: &str = "<!--folio:more-->";

/// pulldown-cmark's events, rewritten on the fly: heading ids, `@/` links, table boxes,
/// the summary marker. Only a heading's events are held back (its id depends on its text).
pub(super) struct Stream<'a, 'r> {
    pub(super) parser: pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    pub(super) body: &'a str,
    pub(super) first_line: usize,
    pub(super) resolve: &'r dyn Fn(&str) -> Result<String, String>,
    pub(super) table_label: &'r str,
    pub(super) highlight: bool,
    pub(super) images: Option<&'r ImageResolver<'r>>,
    pub(super) images_seen: usize,
    pub(super) pending: VecDeque<Event<'a>>,
    pub(super) problems: Vec<Problem>,
    pub(super) toc: Vec<Heading>,
    pub(super) used_ids: HashMap<String, usize>,
    pub(super) depth: usize,
    pub(super) more_seen: bool,
}

impl<'a> Stream<'a, '_> {
    /// Rewrites one event; `None` drops it.
    pub(super) fn rewrite(&mut self, event: Event<'a>, range: std::ops::Range<usize>) -> Event<'a> {
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

    pub(super) fn link(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
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
    pub(super) fn image(&mut self, dest: &str, title: &str, offset: usize) -> Event<'a> {
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

    pub(super) fn math(&mut self, latex: &str, display: bool, offset: usize) -> Event<'a> {
        match crate::markdown::math::to_mathml(latex, display) {
            Ok(mathml) => Event::InlineHtml(CowStr::from(mathml)),
            Err(reason) => {
                self.problems.push(Problem {
                    line: line_of_offset(self.body, offset) + self.first_line - 1,
                    message: format!("the formula `{}` does not parse: {reason}", shortened(latex)),
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
    pub(super) fn code_block(&mut self, kind: pulldown_cmark::CodeBlockKind<'a>) -> Event<'a> {
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

    pub(super) fn track_depth(&mut self, event: &Event) {
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Reads a whole heading, gives it its id, and queues its events.
    pub(super) fn heading(&mut self, start: Event<'a>) -> Event<'a> {
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

pub(super) fn rewrite_link<'a>(
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

pub(super) fn unique_id(used: &mut HashMap<String, usize>, wanted: String) -> String {
    let base = if wanted.is_empty() { "section".to_string() } else { wanted };
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 { base } else { format!("{base}-{}", *count - 1) }
}

pub(super) fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// A formula short enough for a message.
fn shortened(latex: &str) -> std::borrow::Cow<'_, str> {
    match latex.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &latex[..end]).into(),
        None => latex.into(),
    }
}
