//! Escaping text for HTML and XML: the one place that knows the five special characters.

/// Escapes text for XML and HTML attribute values and text.
pub(crate) fn escape(text: &str) -> String {
    escape_with(text, true)
}

/// Escapes the text of an HTML element (quotes left as they are), e.g. code.
pub(crate) fn escape_text(text: &str) -> String {
    escape_with(text, false)
}

/// [`escape`], onto the end of `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    push_escaped(out, text, true);
}

fn escape_with(text: &str, quotes: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text, quotes);
    out
}

fn push_escaped(out: &mut String, text: &str, quotes: bool) {
    let mut copied = 0;
    // The five characters are ASCII, so they never sit inside a multi-byte character.
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..at]);
        out.push_str(entity);
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
}
