//! How deeply input nests. Parsers that recurse (or rescan) per level take time or stack
//! that grows faster than the input; folio measures the depth first, in one pass, and
//! refuses input nested deeper than any real document is.

/// The deepest nesting of `open` … `close` in `text` (a backslash escapes the next byte,
/// as in LaTeX and BibTeX).
pub(crate) fn max_depth(text: &str, open: u8, close: u8) -> usize {
    let (mut depth, mut deepest, mut escaped) = (0usize, 0usize, false);
    for byte in text.bytes() {
        if escaped {
            escaped = false;
        } else if byte == b'\\' {
            escaped = true;
        } else if byte == open {
            depth += 1;
            deepest = deepest.max(depth);
        } else if byte == close {
            depth = depth.saturating_sub(1);
        }
    }
    deepest
}

/// The most braces a formula or a BibTeX entry may nest (real ones nest a handful).
pub(crate) const MAX_BRACES: usize = 64;

/// The most elements an HTML page may nest for `--minify`, whose parser recurses per
/// element (3,000 nested quotes overflowed its stack; real pages nest a few dozen).
pub(crate) const MAX_ELEMENTS: usize = 512;

/// How deeply the elements of `html` nest, counted from its tags (void elements and
/// `/>` do not open; comments and doctypes are skipped). An upper bound is enough here.
pub(crate) fn html_depth(html: &[u8]) -> usize {
    const VOID: [&[u8]; 14] = [
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'<', &html[at..]) {
        let start = at + found + 1;
        at = start;
        match html.get(start) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = html[start..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(html.len(), |n| start + n);
                let name = html[start..name_end].to_ascii_lowercase();
                let close =
                    memchr::memchr(b'>', &html[name_end..]).map_or(html.len(), |n| name_end + n);
                let self_closing = close > 0 && html.get(close - 1) == Some(&b'/');
                if !VOID.contains(&name.as_slice()) && !self_closing {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_of_braces() {
        assert_eq!(max_depth("a{b{c}d}{e}", b'{', b'}'), 2);
        assert_eq!(max_depth(r"\{\{x\}", b'{', b'}'), 0);
        assert_eq!(max_depth("}}}{", b'{', b'}'), 1);
        assert_eq!(max_depth(&"{".repeat(100_000), b'{', b'}'), 100_000);
    }

    #[test]
    fn depth_of_elements() {
        assert_eq!(html_depth(b"<p>a<br>b<img src=x><em>c</em></p><p>d</p>"), 2);
        assert_eq!(
            html_depth(b"<!DOCTYPE html><html><!-- x --><body><svg><path/></svg></body></html>"),
            3
        );
        assert_eq!(html_depth("<blockquote>".repeat(3000).as_bytes()), 3000);
    }
}
