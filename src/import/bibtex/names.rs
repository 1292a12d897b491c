//! BibTeX author lists as folio writes names: `Last, First` turned to `First Last`
//! (`郑, 晋图` to `郑晋图`: Chinese, Japanese and Korean names keep the family name first
//! with no space), LaTeX decoded, and the equal-contribution and corresponding marks that
//! al-folio writes into names (`Einstein*†, A.`) moved to the end, where folio reads them.

use super::latex::{Target, decode};

/// The authors of a BibTeX `author` (or `editor`) value, as folio names.
pub(crate) fn authors(raw: &str) -> Vec<String> {
    split_top_level(raw, " and ").into_iter().filter(|n| !n.trim().is_empty()).map(name).collect()
}

/// Splits at `separator` (matched without case, outside braces).
fn split_top_level<'a>(raw: &'a str, separator: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'\\' => i += 1,
            _ if depth == 0
                && raw.get(i..i + separator.len()).is_some_and(|s| {
                    s.eq_ignore_ascii_case(separator)
                        || s.split_whitespace().eq(separator.split_whitespace())
                }) =>
            {
                parts.push(&raw[start..i]);
                i += separator.len();
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&raw[start..]);
    parts
}

/// One name: its parts reordered to "First von Last, Jr", marks at the end.
fn name(raw: &str) -> String {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if raw.eq_ignore_ascii_case("others") {
        return "others".to_string();
    }
    let decoded: Vec<String> =
        split_top_level(&raw, ",").iter().map(|part| decode(part, Target::Plain)).collect();
    let mut equal = false;
    let mut corresponding = false;
    let parts: Vec<String> = decoded
        .iter()
        .map(|part| {
            let mut kept = String::with_capacity(part.len());
            for c in part.chars() {
                match c {
                    '*' => equal = true,
                    '†' | '‡' => corresponding = true,
                    c => kept.push(c),
                }
            }
            kept.trim().to_string()
        })
        .collect();
    let ordered = match parts.as_slice() {
        [last, first] if is_cjk(last) && is_cjk(first) => format!("{last}{first}"),
        [last, first] => join_words(&[first, last]),
        [last, junior, first] => format!("{}, {junior}", join_words(&[first, last])),
        _ => parts.join(" "),
    };
    let marks = match (equal, corresponding) {
        (true, true) => "*†",
        (true, false) => "*",
        (false, true) => "†",
        (false, false) => "",
    };
    format!("{ordered}{marks}")
}

fn join_words(words: &[&String]) -> String {
    words.iter().filter(|w| !w.is_empty()).map(|w| w.as_str()).collect::<Vec<_>>().join(" ")
}

/// Whether `text` is written in Han, Kana or Hangul.
fn is_cjk(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| crate::util::script::is_cjk(c) || c == '·')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_out_first_name_first_and_decoded() {
        assert_eq!(
            authors(r"Einstein, Albert and Taub, AH and Garc{\'\i}a, Jos{\'e} and others"),
            ["Albert Einstein", "AH Taub", "José García", "others"]
        );
        assert_eq!(
            authors("Ludwig van Beethoven AND de la Fontaine, Jean"),
            ["Ludwig van Beethoven", "Jean de la Fontaine"]
        );
        assert_eq!(authors("King, Jr, Martin Luther"), ["Martin Luther King, Jr"]);
        assert_eq!(authors("{Barnes and Noble} and Smith, J."), ["Barnes and Noble", "J. Smith"]);
        assert_eq!(
            authors("Knuth,\n  Donald E. and\n  Lamport, L."),
            ["Donald E. Knuth", "L. Lamport"]
        );
    }

    #[test]
    fn chinese_names_keep_family_name_first() {
        assert_eq!(
            authors("郑, 晋图 and Zheng, Jintu and 李明"),
            ["郑晋图", "Jintu Zheng", "李明"]
        );
    }

    #[test]
    fn marks_move_to_the_end() {
        assert_eq!(
            authors("Einstein*†, A. and Podolsky*, B. and Rosen\\dag, N."),
            ["A. Einstein*†", "B. Podolsky*", "N. Rosen†"]
        );
    }
}
