//! Readable URL slugs and heading ids.
//!
//! URL slugs are ASCII (Chinese is transliterated to pinyin by `deunicode`, so `视频分割`
//! becomes `shi-pin-fen-ge`), because they end up in links people copy and paste.
//! Heading ids keep every letter of every script (`研究方向` stays `研究方向`): they are
//! only seen in fragments, and a transliterated id would be unreadable.

/// An ASCII slug: lowercase letters, digits and single dashes; empty if nothing is left.
pub(crate) fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    dashed(ascii.chars().map(|c| c.to_ascii_lowercase()), |c| c.is_ascii_alphanumeric())
}

/// A tag's slug: [`slugify`], with `+` and `#` spelled out so that `C++`, `C#` and `C`
/// stay three tags (`cplusplus`, `csharp`, `c`).
pub(crate) fn tag_slug(name: &str) -> String {
    slugify(&name.replace('+', "plus").replace('#', "sharp"))
}

/// A heading id: lowercase, every script's letters and digits kept, anything else a dash.
pub(crate) fn heading_id(text: &str) -> String {
    dashed(text.chars().flat_map(char::to_lowercase), |c| c.is_alphanumeric() || c == '_')
}

fn dashed(chars: impl Iterator<Item = char>, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in chars {
        if keep(c) {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_slugs() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  eccv2024--sparse_view "), "eccv2024-sparse-view");
        assert_eq!(slugify("视频分割"), "shi-pin-fen-ge");
        assert_eq!(slugify("CVPR 2024 排名"), "cvpr-2024-pai-ming");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn cjk_headings_keep_their_letters() {
        assert_eq!(heading_id("研究方向"), "研究方向");
        assert_eq!(heading_id("Results & Numbers"), "results-numbers");
        assert_eq!(heading_id("BEV 感知 (Det3D)"), "bev-感知-det3d");
    }
}
