//! Which writing system a character belongs to, where folio treats scripts differently
//! (no spaces between words, family name first, full-width punctuation).

/// Whether `c` belongs to a script written without spaces between words (Han, Kana, Hangul).
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x3040..=0x30FF      // Hiragana, Katakana
            | 0xAC00..=0xD7AF    // Hangul syllables
            | 0x20000..=0x2FA1F) // Han extensions B–F, supplement
}

/// Whether `c` is a Han character of the basic plane (Chinese text).
pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}
