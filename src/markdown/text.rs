//! Text from HTML: plain text for titles and search, the lead paragraph, and HTML with
//! its heading ids taken out.

/// The text of an HTML fragment: tags removed (block elements become a space), the
/// common entities decoded, whitespace collapsed. One pass, one allocation.
// Long because it is a single-pass state machine over HTML (tags, entities, math
// sources, whitespace); its states share locals that splitting would have to thread through.
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
pub(super) fn math_source(math: &str) -> String {
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
