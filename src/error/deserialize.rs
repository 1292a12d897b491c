//! Typed parsing of TOML and YAML into folio's structs, with errors a person can act on.
//!
//! serde reports problems as strings such as "unknown field `titel`, expected one of
//! `title`, ..."; this module turns them into [`Diagnostic`]s with the file's real line
//! number, plain words for Rust type names, and a did-you-mean for unknown keys.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Diagnostic, did_you_mean, line_of_offset};

/// The two front matter and config formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+++` delimited, or site.toml.
    Toml,
    /// `---` delimited.
    Yaml,
}

/// Parses `text` (which starts at 1-based line `first_line` of `file`) into `T`.
pub(crate) fn parse<T: DeserializeOwned>(
    format: Format,
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    match format {
        Format::Toml => toml::from_str(text).map_err(|err| {
            let line = err.span().map(|span| line_of_offset(text, span.start) + first_line - 1);
            to_diagnostic(err.message(), file, line)
        }),
        Format::Yaml => {
            // An empty YAML document is null, which no struct accepts; treat it as `{}`.
            let text = if text.trim().is_empty() { "{}" } else { text };
            serde_yaml_ng::from_str(text).map_err(|err| {
                let line = err.location().map(|loc| loc.line() + first_line - 1);
                let message = err.to_string();
                // serde_yaml_ng appends " at line X column Y"; we print our own location.
                let message = match message.find(" at line ") {
                    Some(index) => message[..index].to_string(),
                    None => message,
                };
                let diagnostic = to_diagnostic(&message, file, line);
                // TOML written between `---` lines reads as one YAML scalar.
                if diagnostic.hint.is_none() && toml::from_str::<toml::Table>(text).is_ok() {
                    diagnostic.hint("this is TOML between --- lines, which mean YAML: put it between +++ lines instead")
                } else {
                    diagnostic
                }
            })
        }
    }
}

fn to_diagnostic(message: &str, file: &Path, line: Option<usize>) -> Diagnostic {
    let message = message.trim().replace('\n', "; ");
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let mut diagnostic = Diagnostic::new(file, format!("unknown field `{unknown}`")).at(line);
        diagnostic = match did_you_mean(unknown, known.iter().copied()) {
            Some(close) => diagnostic.hint(format!("did you mean `{close}`?")),
            None if !known.is_empty() => {
                diagnostic.hint(format!("the fields allowed here are: {}", known.join(", ")))
            }
            None => diagnostic,
        };
        return diagnostic;
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::new(file, format!("missing required field `{field}`")).at(line).hint(
            match file.extension().and_then(|e| e.to_str()) {
                // A whole TOML file (site.toml, theme.toml), not front matter.
                Some("toml") => format!("add `{field} = …` to {}", file.display()),
                _ => format!("add `{field}` to the front matter"),
            },
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let mut diagnostic =
            Diagnostic::new(file, format!("`{unknown}` is not one of: {}", known.join(", ")))
                .at(line);
        if let Some(close) = did_you_mean(unknown, known.iter().copied()) {
            diagnostic = diagnostic.hint(format!("did you mean `{close}`?"));
        }
        return diagnostic;
    }
    Diagnostic::new(file, humanize(&message)).at(line)
}

/// Replaces Rust type names in serde messages with words a site author knows.
fn humanize(message: &str) -> String {
    let mut out = message.to_string();
    for (rust, plain) in [
        ("expected i64", "expected an integer"),
        ("expected u64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected u16", "expected a whole number"),
        ("expected i32", "expected an integer"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected a table"),
    ] {
        out = out.replace(rust, plain);
    }
    if let Some(index) = out.find("expected struct ") {
        out.replace_range(index.., "expected a table");
    }
    out
}

/// The 1-based line (counted from `first_line`) on which `key` is assigned in `text`,
/// for errors found after parsing (such as an `end` before its `start`).
pub(crate) fn key_line(text: &str, key: &str, first_line: usize) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .map(|rest| {
                    let rest = rest.trim_start();
                    rest.starts_with('=') || rest.starts_with(':')
                })
                .unwrap_or(false)
        })
        .map(|index| index + first_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        year: Option<i64>,
    }

    #[test]
    fn unknown_field_gets_line_and_suggestion() {
        let err =
            parse::<Sample>(Format::Toml, "title = \"a\"\ntitel = \"b\"\n", Path::new("x.md"), 2)
                .unwrap_err();
        assert_eq!(err.line, Some(3));
        assert_eq!(err.message, "unknown field `titel`");
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn wrong_type_is_in_plain_words() {
        let err = parse::<Sample>(
            Format::Toml,
            "title = \"a\"\nyear = \"twenty\"\n",
            Path::new("x.md"),
            2,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("expected an integer"), "{}", err.message);
    }

    #[test]
    fn yaml_errors_have_lines() {
        let err = parse::<Sample>(Format::Yaml, "title: a\nyear: twenty\n", Path::new("x.md"), 2)
            .unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(err.message.contains("expected an integer"), "{}", err.message);
    }

    #[test]
    fn missing_field_says_which() {
        let err = parse::<Sample>(Format::Toml, "year = 2020\n", Path::new("x.md"), 2).unwrap_err();
        assert_eq!(err.message, "missing required field `title`");
    }

    #[test]
    fn key_line_finds_assignments() {
        assert_eq!(key_line("title = 1\nend = 2\n", "end", 2), Some(3));
        assert_eq!(key_line("title: 1\n  end: 2\n", "end", 2), Some(3));
        assert_eq!(key_line("endless = 1\n", "end", 2), None);
    }
}
