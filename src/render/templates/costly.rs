//! What the templates name: the globals each template reads and the costly fields some
//! template shows, found by a text search that errs towards "names it".

use crate::config::theme::Theme;
use std::collections::HashSet;

use super::*;

/// A conservative reading of which tracked globals a template uses: the word appears in the
/// template, in what it extends or includes (transitively), or in any template that defines
/// components if it calls one. Text search over-approximates, which only costs re-renders.
pub(super) fn globals_read(theme: &Theme, name: &str) -> HashSet<&'static str> {
    let source =
        |name: &str| theme.templates.iter().find(|t| t.name == name).map(|t| t.text.as_str());
    let mut seen: HashSet<String> = HashSet::new();
    let mut stack = vec![name.to_string()];
    let mut texts: Vec<&str> = Vec::new();
    let mut calls_components = false;
    while let Some(current) = stack.pop() {
        if !seen.insert(current.clone()) {
            continue;
        }
        let Some(text) = source(&current) else { continue };
        texts.push(text);
        calls_components |= calls_a_component(text);
        for keyword in ["extends", "include"] {
            let mut rest = text;
            while let Some(index) = rest.find(keyword) {
                rest = &rest[index + keyword.len()..];
                let trimmed = rest.trim_start();
                if let Some(quote) = trimmed.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    if let Some(end) = trimmed[1..].find(quote) {
                        stack.push(trimmed[1..1 + end].to_string());
                    }
                }
            }
        }
    }
    if calls_components {
        texts.extend(
            theme
                .templates
                .iter()
                .filter(|t| t.text.contains("{% component") || t.text.contains("{%- component"))
                .map(|t| t.text.as_str()),
        );
    }
    TRACKED_GLOBALS
        .iter()
        .copied()
        .filter(|global| texts.iter().any(|text| mentions(text, global)))
        .collect()
}

/// Whether `text` has a component call: `{{ <name .../>}}` or `{% <name> %}`, spaces and
/// whitespace control allowed.
pub(super) fn calls_a_component(text: &str) -> bool {
    ["{{", "{%"].iter().any(|open| {
        text.match_indices(open).any(|(index, _)| {
            text[index + 2..].trim_start_matches(['-', '+']).trim_start().starts_with('<')
        })
    })
}

/// Which of the fields of page values and summaries that take real work to make, and that
/// many themes never show, some template of the theme names (as a word anywhere in its
/// text, which errs on the side of yes). The others are not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostlyFields {
    /// A page's `lead`.
    pub lead: bool,
    /// A page's `json_ld`.
    pub json_ld: bool,
    /// A page's `toc`.
    pub toc: bool,
    /// A paper summary's `bibtex`.
    pub bibtex: bool,
    /// The `content` of the summaries of papers, jobs, education and awards: their bodies,
    /// held for lists from the start of a build to its end. Named when the code of some
    /// template (inside `{{ }}`, `{% %}` or `{# #}`, not the HTML around it) says `content`
    /// other than as `page.content`, `section.content` or a block's name (a summary's
    /// `p.content`, `["content"]`, a comment), or binds a name `page` or `section` of its
    /// own, which could then be a summary.
    pub list_content: bool,
}

impl CostlyFields {
    /// The fields the templates of `theme` name.
    pub fn named_in(theme: &Theme) -> CostlyFields {
        let named = |field: &str| theme.templates.iter().any(|t| mentions(&t.text, field));
        CostlyFields {
            lead: named("lead"),
            json_ld: named("json_ld"),
            toc: named("toc"),
            bibtex: named("bibtex"),
            list_content: theme.templates.iter().any(|t| names_list_content(&t.text)),
        }
    }
}

/// Whether template `text` may show a summary's `content` (see
/// [`CostlyFields::list_content`]).
pub(super) fn names_list_content(text: &str) -> bool {
    code_spans(text).any(|code| {
        mentions_other_than(code, "content", &["page.", "section.", "block "])
            || binds(code, "page")
            || binds(code, "section")
    })
}

/// The insides of a template's `{{ }}`, `{% %}` and `{# #}`: its code, without the HTML.
pub(super) fn code_spans(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find('{')?;
        let (open, close) = match rest.as_bytes().get(start + 1) {
            Some(b'{') => ("{{", "}}"),
            Some(b'%') => ("{%", "%}"),
            Some(b'#') => ("{#", "#}"),
            _ => {
                rest = &rest[start + 1..];
                return Some("");
            }
        };
        let inside = &rest[start + open.len()..];
        let end = inside.find(close).unwrap_or(inside.len());
        rest = inside.get(end + close.len()..).unwrap_or("");
        Some(&inside[..end])
    })
}

/// Whether `text` has the word `word` other than right after one of `prefixes`.
pub(super) fn mentions_other_than(text: &str, word: &str, prefixes: &[&str]) -> bool {
    words(text, word).any(|index| !prefixes.iter().any(|p| text[..index].ends_with(p)))
}

/// Whether `text` may bind the variable `name` itself: `for name in`, `for k, name in`,
/// `set name =`, a component's parameter or argument `name`. Errs on the side of yes.
pub(super) fn binds(text: &str, name: &str) -> bool {
    words(text, name).any(|index| {
        let before = text[..index].trim_end();
        let after = text[index + name.len()..].trim_start();
        ["for", "set", "set_global"].iter().any(|keyword| ends_with_word(before, keyword))
            || before.ends_with([',', '('])
            || (after.starts_with('=') && !after.starts_with("=="))
    })
}

pub(super) fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| {
        !rest.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Where `word` starts in `text` as a whole identifier.
pub(super) fn words<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).map(|(index, _)| index).filter(move |&index| {
        let before = text[..index].chars().next_back();
        let after = text[index + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

pub(super) fn mentions(text: &str, word: &str) -> bool {
    words(text, word).next().is_some()
}
