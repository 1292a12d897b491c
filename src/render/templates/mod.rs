//! The Tera engine with the theme's templates parsed once, folio's template functions,
//! and Tera's errors turned into diagnostics that name the template file and line.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::config::theme::Theme;
use crate::error::Diagnostic;
use crate::site::{Links, Media};

/// Parsed templates, ready to render any page.
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    files: HashMap<String, PathBuf>,
    /// Template name → the globals it (or anything it extends, includes or calls) mentions.
    reads: HashMap<String, HashSet<&'static str>>,
    /// The costly fields these templates name.
    costly: CostlyFields,
    /// Template name → the size of the last page it rendered, so the next page's buffer
    /// is allocated once at about the right size instead of doubling its way up.
    sizes: Arc<HashMap<String, AtomicUsize>>,
}

/// The context variables whose changes are tracked per template for incremental rebuilds.
pub const TRACKED_GLOBALS: [&str; 2] = ["collections", "profile"];

/// What the template functions look up: page URLs and static files.
#[derive(Debug, Default)]
pub struct Lookup {
    /// `@/` resolution.
    pub links: Arc<Links>,
    /// The site's base path (`/` or `/project/`).
    pub base_path: String,
    /// The absolute base URL.
    pub base_url: String,
    /// The copied files and the picture processor.
    pub media: Option<Media>,
    /// Whether `asset()` URLs carry a hash of the file (`?v=…`).
    pub fingerprint: bool,
    /// Output path → hash, computed the first time a page asks.
    pub fingerprints: Mutex<HashMap<String, String>>,
}

impl Templates {
    /// Parses every template of `theme`; reports every syntax error, each with file and line.
    pub fn new(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let files: HashMap<String, PathBuf> =
            theme.templates.iter().map(|t| (t.name.clone(), t.file.clone())).collect();
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml"]);
        // Tera checks function names when templates are added, so folio's functions must
        // exist before; the real lookup tables are installed per build.
        register_lookup_functions(&mut tera, Arc::new(Lookup::default()));
        tera.register_filter("striptags", striptags);
        tera.register_filter("safe", safe);
        let sources = theme.templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(err) = tera.add_raw_templates(sources) {
            // Tera stops at the first error; parse each template alone to report them all.
            let mut problems: Vec<Diagnostic> = theme
                .templates
                .iter()
                .filter_map(|t| {
                    let mut alone = Tera::new();
                    match alone.add_raw_template(&t.name, &t.text) {
                        Err(e) if matches!(e.kind(), ErrorKind::SyntaxError(_)) => {
                            Some(to_diagnostic(&e, &files, None))
                        }
                        _ => None,
                    }
                })
                .collect();
            if problems.is_empty() {
                problems.push(to_diagnostic(&err, &files, None));
            }
            return Err(problems);
        }
        let reads = theme
            .templates
            .iter()
            .map(|t| (t.name.clone(), globals_read(theme, &t.name)))
            .collect();
        let sizes =
            Arc::new(files.keys().map(|name| (name.clone(), AtomicUsize::new(0))).collect());
        Ok(Templates { tera, files, reads, costly: CostlyFields::named_in(theme), sizes })
    }

    /// Whether template `name` may read the global variable `global` (one of
    /// [`TRACKED_GLOBALS`]). Errs on the side of yes.
    pub fn reads(&self, name: &str, global: &str) -> bool {
        self.reads.get(name).is_none_or(|globals| globals.contains(global))
    }

    /// Which costly fields the templates name.
    pub fn costly_fields(&self) -> CostlyFields {
        self.costly
    }

    /// Installs the functions that look things up in this build's site.
    pub fn register_functions(&mut self, lookup: Arc<Lookup>) {
        let for_url = Arc::clone(&lookup);
        self.tera.register_function("url", move |kwargs: Kwargs, state: &State| {
            url(&for_url, kwargs, state)
        });
        let for_asset = Arc::clone(&lookup);
        self.tera
            .register_function("asset", move |kwargs: Kwargs, _: &State| asset(&for_asset, kwargs));
        self.tera
            .register_function("image", move |kwargs: Kwargs, _: &State| image(&lookup, kwargs));
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Renders template `name` to the page's bytes (UTF-8, as the template and values are);
    /// errors name the template file and line, and `page` (the file being rendered) in the
    /// message.
    pub fn render(&self, name: &str, context: &Context, page: &str) -> Result<Vec<u8>, Diagnostic> {
        let size = self.sizes.get(name);
        let expected = size.map_or(0, |size| size.load(Ordering::Relaxed));
        let mut bytes = Vec::with_capacity(expected + expected / 8 + 256);
        self.tera
            .render_to(name, context, &mut bytes)
            .map_err(|err| to_diagnostic(&err, &self.files, Some(page)))?;
        if let Some(size) = size {
            size.store(bytes.len(), Ordering::Relaxed);
        }
        Ok(bytes)
    }
}

fn register_lookup_functions(tera: &mut Tera, lookup: Arc<Lookup>) {
    let for_url = Arc::clone(&lookup);
    tera.register_function("url", move |kwargs: Kwargs, state: &State| {
        url(&for_url, kwargs, state)
    });
    let for_asset = Arc::clone(&lookup);
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| asset(&for_asset, kwargs));
    tera.register_function("image", move |kwargs: Kwargs, _: &State| image(&lookup, kwargs));
}

/// `{{ html | striptags }}`: the text of an HTML fragment (tags removed, the common
/// entities decoded, runs of whitespace collapsed), e.g. for meta descriptions. Block
/// elements become spaces; inline ones vanish, so "<em>视</em>频" stays "视频".
fn striptags(input: &str, _: Kwargs, _: &State) -> String {
    crate::markdown::plain_text(input)
}

/// `{{ page.content | safe }}`, as Tera's own `safe` but without copying a string: Tera's
/// copies its input, which for every page's body is the largest copy of its render.
fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

fn url(lookup: &Lookup, kwargs: Kwargs, state: &State) -> tera::TeraResult<String> {
    let path: String = kwargs.must_get("path")?;
    let lang: Option<String> = match kwargs.get::<String>("lang")? {
        Some(lang) => Some(lang),
        None => state.get::<String>("lang")?,
    };
    let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
    let root_relative = if let Some(target) = path.strip_prefix("@/") {
        let lang = lang.unwrap_or_default();
        lookup
            .links
            .resolve(target, &lang)
            .map_err(|reason| tera::Error::message(format!("url(path=\"{path}\"): {reason}")))?
    } else if path.contains("://") || path.starts_with("mailto:") || path.starts_with('#') {
        return Ok(path);
    } else {
        format!("{}{}", lookup.base_path, path.trim_start_matches('/'))
    };
    if absolute {
        let origin = lookup
            .base_url
            .trim_end_matches('/')
            .trim_end_matches(lookup.base_path.trim_end_matches('/'));
        Ok(format!("{origin}{root_relative}"))
    } else {
        Ok(root_relative)
    }
}

/// `asset(path="style.css")`: the URL of a copied file, with `?v=<hash of its bytes>` in
/// builds so that a changed file gets a new URL and browsers may cache it for good.
fn asset(lookup: &Lookup, kwargs: Kwargs) -> tera::TeraResult<String> {
    let path: String = kwargs.must_get("path")?;
    let clean = path.trim_start_matches('/');
    let source = lookup.media.as_ref().and_then(|media| media.files.get(clean));
    let Some(source) = source else {
        return Err(tera::Error::message(format!(
            "asset(path=\"{path}\"): there is no such file in static/ or in the theme's static/"
        )));
    };
    let url = format!("{}{}", lookup.base_path, clean);
    if !lookup.fingerprint {
        return Ok(url);
    }
    let mut known = lookup.fingerprints.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(hash) = known.get(clean) {
        return Ok(format!("{url}?v={hash}"));
    }
    let bytes = source.read().map_err(|err| {
        tera::Error::message(format!("asset(path=\"{path}\"): cannot read the file: {err}"))
    })?;
    let hash = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))[..10].to_string();
    known.insert(clean.to_string(), hash.clone());
    Ok(format!("{url}?v={hash}"))
}

/// `image(path=…, widths=[…])`: a picture in several widths, for `<picture>`/`srcset`.
/// `path` is a file of static/ or content/ (as `page.image` gives it, or site-relative).
fn image(lookup: &Lookup, kwargs: Kwargs) -> tera::TeraResult<tera::Value> {
    let path: String = kwargs.must_get("path")?;
    let widths: Option<Vec<u32>> =
        kwargs.get::<Vec<u32>>("widths")?.filter(|widths| !widths.is_empty());
    let fail = |why: String| tera::Error::message(format!("image(path=\"{path}\"): {why}"));
    let media = lookup.media.as_ref().ok_or_else(|| fail("no site is loaded".into()))?;
    // A picture on another host, or one folio does not resize, is shown as it is.
    let as_it_is = |src: String| {
        let mut value = crate::render::values::Obj::default();
        value
            .set("src", src)
            .set("width", None::<u32>)
            .set("height", None::<u32>)
            .set("type", None::<String>)
            .set("srcset", None::<String>)
            .set("webp_srcset", None::<String>)
            .set("sizes", media.images.sizes());
        value.into_value()
    };
    if !crate::markdown::is_local(&path) {
        return Ok(as_it_is(path.clone()));
    }
    let clean = path
        .strip_prefix(lookup.base_path.as_str())
        .unwrap_or(&path)
        .trim_start_matches('/')
        .to_string();
    let picture = media.picture(&clean, widths.as_deref(), &lookup.base_path).map_err(&fail)?;
    let Some(picture) = picture else {
        return Ok(as_it_is(format!("{}{clean}", lookup.base_path)));
    };
    let mut value = crate::render::values::Obj::default();
    value
        .set("src", picture.src.clone())
        .set("width", picture.width)
        .set("height", picture.height)
        .set("type", picture.mime)
        .set("srcset", picture.srcset.clone())
        .set("webp_srcset", picture.webp_srcset.clone())
        .set("sizes", media.images.sizes());
    Ok(value.into_value())
}

/// Turns a Tera error into a diagnostic on the template's file.
fn to_diagnostic(
    err: &tera::Error,
    files: &HashMap<String, PathBuf>,
    page: Option<&str>,
) -> Diagnostic {
    let while_rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let file = files
                .get(report.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(report.filename()));
            let mut message = report.message().to_string();
            let mut cause = std::error::Error::source(err);
            while let Some(inner) = cause {
                message.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            let hint = if message.contains("is not defined") || message.contains("undefined") {
                "check the name against docs/themes.md; for a value that may be missing, write `x or \"\"` or test `x is defined`"
            } else if matches!(err.kind(), ErrorKind::SyntaxError(_)) {
                "fix the template syntax at this line (Tera: {{ expression }}, {% tag %})"
            } else {
                "see docs/themes.md for the variables and functions templates can use"
            };
            Diagnostic::new(file, format!("{message}{while_rendering}"))
                .at_line(report.span().start_line)
                .hint(hint)
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::new(
            page.map(PathBuf::from).unwrap_or_else(|| PathBuf::from("templates")),
            format!("template `{name}` not found"),
        )
        .hint("add it to your templates/ folder or check the `template` field"),
        ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            files.get(current).cloned().unwrap_or_else(|| PathBuf::from(current)),
            format!("extends `{parent}`, which does not exist"),
        )
        .hint("check the name in {% extends \"...\" %}"),
        _ => {
            let mut message = err.to_string();
            let mut cause = std::error::Error::source(err);
            while let Some(inner) = cause {
                message.push_str(&format!(": {inner}"));
                cause = inner.source();
            }
            Diagnostic::new(PathBuf::from("templates"), format!("{message}{while_rendering}"))
        }
    }
}

/// A conservative reading of which tracked globals a template uses: the word appears in the
/// template, in what it extends or includes (transitively), or in any template that defines
/// components if it calls one. Text search over-approximates, which only costs re-renders.
fn globals_read(theme: &Theme, name: &str) -> HashSet<&'static str> {
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
fn calls_a_component(text: &str) -> bool {
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
fn names_list_content(text: &str) -> bool {
    code_spans(text).any(|code| {
        mentions_other_than(code, "content", &["page.", "section.", "block "])
            || binds(code, "page")
            || binds(code, "section")
    })
}

/// The insides of a template's `{{ }}`, `{% %}` and `{# #}`: its code, without the HTML.
fn code_spans(text: &str) -> impl Iterator<Item = &str> {
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
fn mentions_other_than(text: &str, word: &str, prefixes: &[&str]) -> bool {
    words(text, word).any(|index| !prefixes.iter().any(|p| text[..index].ends_with(p)))
}

/// Whether `text` may bind the variable `name` itself: `for name in`, `for k, name in`,
/// `set name =`, a component's parameter or argument `name`. Errs on the side of yes.
fn binds(text: &str, name: &str) -> bool {
    words(text, name).any(|index| {
        let before = text[..index].trim_end();
        let after = text[index + name.len()..].trim_start();
        ["for", "set", "set_global"].iter().any(|keyword| ends_with_word(before, keyword))
            || before.ends_with([',', '('])
            || (after.starts_with('=') && !after.starts_with("=="))
    })
}

fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word).is_some_and(|rest| {
        !rest.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Where `word` starts in `text` as a whole identifier.
fn words<'t>(text: &'t str, word: &'t str) -> impl Iterator<Item = usize> + 't {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).map(|(index, _)| index).filter(move |&index| {
        let before = text[..index].chars().next_back();
        let after = text[index + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

fn mentions(text: &str, word: &str) -> bool {
    words(text, word).next().is_some()
}

#[cfg(test)]
mod tests;
