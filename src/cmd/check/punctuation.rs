//! Chinese typography: in Chinese text, `,` `;` `:` `!` `?` next to a Chinese character,
//! and parentheses next to or around Chinese, are the full-width forms (，；：！？（）), as
//! the theme's own strings are.
//! ASCII ones there are a slip of the keyboard's input mode; each line with one is a warning
//! naming the characters and what to write instead.

use std::path::Path;

use super::{Report, Severity};
use crate::content::Document;
use crate::error::Diagnostic;
use crate::util::script::is_han;

/// The ASCII marks and their full-width forms.
const FULL_WIDTH: [(char, char); 7] =
    [(',', '，'), (';', '；'), (':', '：'), ('!', '！'), ('?', '？'), ('(', '（'), (')', '）')];

/// The byte offsets of the half-width marks of `line` that should be full-width: next to a
/// Chinese character (a parenthesis: either of its pair), outside code, URLs and Markdown's
/// link syntax.
pub(crate) fn half_width_marks(line: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut in_code = false;
    let mut skip = vec![false; chars.len()];
    let mut start_of_word = 0;
    for (i, &(_, c)) in chars.iter().enumerate() {
        if c == '`' {
            in_code = !in_code;
        }
        if in_code {
            skip[i] = true;
        }
        if c.is_whitespace() {
            start_of_word = i + 1;
        }
        // A URL up to the next space or closing parenthesis.
        if c == '/' && i >= 2 && chars[i - 1].1 == '/' && chars[i - 2].1 == ':' {
            let end = chars[i..]
                .iter()
                .position(|&(_, c)| c.is_whitespace() || c == ')' || c == '>')
                .map_or(chars.len(), |n| i + n);
            for flag in &mut skip[start_of_word..end] {
                *flag = true;
            }
        }
    }
    let near_han = |i: usize| {
        (i > 0 && is_han(chars[i - 1].1)) || chars.get(i + 1).is_some_and(|&(_, c)| is_han(c))
    };
    let mut marks = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for i in 0..chars.len() {
        let c = chars[i].1;
        if skip[i] {
            continue;
        }
        match c {
            // `](` opens a link target, not a parenthesis of the text.
            '(' if i > 0 && chars[i - 1].1 == ']' => open.push(usize::MAX),
            '(' => open.push(i),
            ')' => match open.pop() {
                Some(usize::MAX) => {}
                Some(opening)
                    if near_han(opening)
                        || near_han(i)
                        || chars[opening..i].iter().any(|&(_, c)| is_han(c)) =>
                {
                    marks.push(chars[opening].0);
                    marks.push(chars[i].0);
                }
                Some(_) => {}
                None if near_han(i) => marks.push(chars[i].0),
                None => {}
            },
            ',' | ';' | ':' | '!' | '?' if near_han(i) => marks.push(chars[i].0),
            _ => {}
        }
    }
    // An opening parenthesis never closed on the line, next to Chinese.
    marks.extend(open.into_iter().filter(|&i| i != usize::MAX && near_han(i)).map(|i| chars[i].0));
    marks.sort_unstable();
    marks
}

/// The full-width form of an ASCII mark.
pub(crate) fn full_width(c: char) -> char {
    FULL_WIDTH.iter().find(|(ascii, _)| *ascii == c).map_or(c, |(_, full)| *full)
}

pub(super) fn check_punctuation(root: &Path, doc: &Document, report: &mut Report) {
    if !doc.lang.starts_with("zh") {
        return;
    }
    let Ok(text) = std::fs::read_to_string(root.join(&doc.file)) else { return };
    let mut fenced = false;
    for (index, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let marks = half_width_marks(line);
        if marks.is_empty() {
            continue;
        }
        let found: Vec<String> = marks
            .iter()
            .filter_map(|&at| line[at..].chars().next())
            .map(|c| format!("`{c}` → {}", full_width(c)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        report.push(
            Severity::Warning,
            Diagnostic::new(
                &doc.file,
                format!("half-width punctuation in Chinese text: {}", found.join(", ")),
            )
            .at_line(index + 1)
            .hint("Chinese text takes full-width punctuation (，；：！？（）); ASCII marks next to Chinese characters look cramped and break the line badly"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(line: &str) -> String {
        let marks = half_width_marks(line);
        line.char_indices()
            .map(|(at, c)| if marks.contains(&at) { full_width(c) } else { c })
            .collect()
    }

    #[test]
    fn marks_next_to_chinese_are_found_and_others_left() {
        assert_eq!(
            fixed("研究方向: AI4Science,显微图像分割;跟踪"),
            "研究方向： AI4Science，显微图像分割；跟踪"
        );
        assert_eq!(fixed("第一作者(ECCV 2024 Oral)"), "第一作者（ECCV 2024 Oral）");
        assert_eq!(fixed("Oral(CV 三大会 Oral)"), "Oral（CV 三大会 Oral）");
        assert_eq!(fixed("**方向:** 车道"), "**方向：** 车道");
        // Links, URLs, code and English stay as they are.
        assert_eq!(fixed("[项目](@/projects/x.md)。"), "[项目](@/projects/x.md)。");
        assert_eq!(fixed("见 https://例子.cn/a,b 和 `a,中`"), "见 https://例子.cn/a,b 和 `a,中`");
        assert_eq!(fixed("Hello, world (2024): fine"), "Hello, world (2024): fine");
        assert_eq!(fixed("title: 简历"), "title: 简历");
    }
}
