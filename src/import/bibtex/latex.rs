//! LaTeX in BibTeX field values, decoded to the text a page shows: accents and special
//! letters to Unicode (`{\'\i}` → í, `\c{c}` → ç, `{\L}` → Ł), escapes to their character,
//! `~` to a space, `--`/`---` to dashes, protective braces dropped, `$…$` kept as written
//! (math), and text styles either to Markdown emphasis (for a body) or to their text (for
//! plain fields such as a title or a name).

use unicode_normalization::UnicodeNormalization;

/// What the decoded text is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// A plain-text field: styles become their text.
    Plain,
    /// Markdown: `\emph{x}` → `*x*`, `\textbf{x}` → `**x**`, `\texttt{x}` → `` `x` ``.
    Markdown,
}

/// Decodes `raw` (a field value without its outer delimiters) for display.
pub(crate) fn decode(raw: &str, target: Target) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    Decoder { chars: &chars, at: 0, target }.run(&mut out, None);
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.nfc().collect()
}

struct Decoder<'a> {
    chars: &'a [char],
    at: usize,
    target: Target,
}

impl Decoder<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    /// Decodes until the end, or until the `}` closing a group when `until` is set
    /// (the `}` is consumed).
    fn run(&mut self, out: &mut String, until: Option<char>) {
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '}' if until == Some('}') => return,
                '{' | '}' => {
                    if c == '{' {
                        self.run(out, Some('}'));
                    }
                }
                '\\' => self.command(out),
                '~' => out.push(' '),
                '$' => self.math(out),
                '-' => out.push_str(self.dashes()),
                '`' if self.peek() == Some('`') => {
                    self.at += 1;
                    out.push('“');
                }
                '\'' if self.peek() == Some('\'') => {
                    self.at += 1;
                    out.push('”');
                }
                c => out.push(c),
            }
        }
    }

    fn dashes(&mut self) -> &'static str {
        let mut count = 1;
        while self.peek() == Some('-') && count < 3 {
            self.at += 1;
            count += 1;
        }
        match count {
            1 => "-",
            2 => "–",
            _ => "—",
        }
    }

    /// `$…$` and `$$…$$` as written: math stays math.
    fn math(&mut self, out: &mut String) {
        let start = self.at - 1;
        let double = self.peek() == Some('$');
        if double {
            self.at += 1;
        }
        while let Some(c) = self.peek() {
            self.at += 1;
            match c {
                '\\' => self.at += 1,
                '$' => {
                    if double && self.peek() == Some('$') {
                        self.at += 1;
                    }
                    break;
                }
                _ => {}
            }
        }
        let end = self.at.min(self.chars.len());
        out.extend(&self.chars[start..end]);
    }

    /// One argument: a `{group}`, a command such as `\i`, or one character.
    fn argument(&mut self) -> String {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        let mut arg = String::new();
        match self.peek() {
            Some('{') => {
                self.at += 1;
                self.run(&mut arg, Some('}'));
            }
            Some('\\') => {
                self.at += 1;
                self.command(&mut arg);
            }
            Some(c) => {
                self.at += 1;
                arg.push(c);
            }
            None => {}
        }
        arg
    }

    fn command(&mut self, out: &mut String) {
        let Some(first) = self.peek() else {
            out.push('\\');
            return;
        };
        if !first.is_ascii_alphabetic() {
            self.at += 1;
            if let Some(mark) = accent_mark(first) {
                let arg = self.argument();
                push_accented(out, &arg, mark);
                return;
            }
            match first {
                '\\' | ' ' | ',' | ';' | ':' => out.push(' '),
                '-' | '/' | '@' => {}
                c => out.push(c),
            }
            return;
        }
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        if let Some(mark) = letter_accent(&name) {
            let arg = self.argument();
            push_accented(out, &arg, mark);
            return;
        }
        if let Some(symbol) = symbol(&name) {
            // A control word eats the spaces after it (`\ss e` is "ße"), and `{}` after it
            // only ends it.
            while self.peek().is_some_and(char::is_whitespace) {
                self.at += 1;
            }
            if self.chars.get(self.at..self.at + 2) == Some(&['{', '}'][..]) {
                self.at += 2;
            }
            out.push_str(symbol);
            return;
        }
        if name == "url" && self.peek() == Some('{') {
            // An address as written: `--` and `~` in it are not dashes and spaces.
            self.at += 1;
            let mut depth = 1;
            while let Some(c) = self.peek() {
                self.at += 1;
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    _ => {}
                }
                out.push(c);
            }
            return;
        }
        let (before, after) = match (name.as_str(), self.target) {
            ("emph" | "textit" | "textsl" | "mathit", Target::Markdown) => ("*", "*"),
            ("textbf" | "mathbf", Target::Markdown) => ("**", "**"),
            ("texttt", Target::Markdown) => ("`", "`"),
            ("href", _) => {
                let _url = self.argument();
                ("", "")
            }
            _ => ("", ""),
        };
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
        if self.peek() == Some('{') {
            let text = self.argument();
            out.push_str(before);
            out.push_str(&text);
            out.push_str(after);
        } else if !is_style(&name) {
            // A command folio does not know keeps its name, rather than vanish.
            out.push('\\');
            out.push_str(&name);
            out.push(' ');
        }
    }
}

fn is_style(name: &str) -> bool {
    matches!(
        name,
        "em" | "it" | "bf" | "sl" | "sc" | "rm" | "sf" | "tt" | "normalfont" | "relax" | "protect"
    )
}

/// The combining mark of a one-character accent command (`\'`, `\"`, …).
fn accent_mark(c: char) -> Option<char> {
    Some(match c {
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '"' => '\u{308}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        _ => return None,
    })
}

/// The combining mark of a lettered accent command (`\c`, `\v`, …).
fn letter_accent(name: &str) -> Option<char> {
    Some(match name {
        "u" => '\u{306}',
        "v" => '\u{30c}',
        "H" => '\u{30b}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "r" => '\u{30a}',
        "d" => '\u{323}',
        "b" => '\u{331}',
        "t" => '\u{361}',
        _ => return None,
    })
}

/// Puts `mark` on the first letter of `arg` (a dotless ı under an accent is an i again).
fn push_accented(out: &mut String, arg: &str, mark: char) {
    let mut chars = arg.chars();
    match chars.next() {
        Some(base) => {
            out.push(match base {
                'ı' => 'i',
                'ȷ' => 'j',
                c => c,
            });
            out.push(mark);
            out.extend(chars);
        }
        None => out.push(mark),
    }
}

fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "i" => "ı",
        "j" => "ȷ",
        "ss" => "ß",
        "SS" => "SS",
        "o" => "ø",
        "O" => "Ø",
        "l" => "ł",
        "L" => "Ł",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "dh" => "ð",
        "DH" => "Ð",
        "th" => "þ",
        "TH" => "Þ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "BibTeX" => "BibTeX",
        "textendash" => "–",
        "textemdash" => "—",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "ldots" | "dots" | "textellipsis" => "…",
        "textregistered" => "®",
        "texttrademark" => "™",
        "copyright" | "textcopyright" => "©",
        "S" => "§",
        "P" => "¶",
        "dag" | "textdagger" => "†",
        "ddag" | "textdaggerdbl" => "‡",
        "euro" => "€",
        "pounds" => "£",
        "textasciitilde" => "~",
        "textbackslash" => "\\",
        "textasciicircum" => "^",
        "textunderscore" => "_",
        "textbar" => "|",
        "textless" => "<",
        "textgreater" => ">",
        "quad" | "qquad" | "space" | "enspace" | "thinspace" | "newline" | "par" => " ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(raw: &str) -> String {
        decode(raw, Target::Plain)
    }

    #[test]
    fn accents_and_letters_become_unicode() {
        assert_eq!(plain(r"Garc{\'\i}a"), "García");
        assert_eq!(plain(r"Garc\'{\i}a"), "García");
        assert_eq!(plain(r#"Schr\"{o}dinger"#), "Schrödinger");
        assert_eq!(plain(r#"{\"U}ber W{\"a}rme"#), "Über Wärme");
        assert_eq!(plain(r"Fran\c{c}ois Fran\c cois"), "François François");
        assert_eq!(plain(r"Mla\v{s}ka \v Zi\v{z}ek"), "Mlaška Žižek");
        assert_eq!(plain(r"Stra\ss e Stra{\ss}e Gau\ss{}ian"), "Straße Straße Gaußian");
        assert_eq!(plain(r#"{\L}ukasz {\o}ystein \AA{}ngstr\"om"#), "Łukasz øystein Ångström");
        assert_eq!(
            plain(r"Erd\H{o}s \'Eva \^{e} \`a \~n \=o \.z \u{g} \k{a} \r{u}"),
            "Erdős Éva ê à ñ ō ż ğ ą ů"
        );
    }

    #[test]
    fn escapes_ties_dashes_and_braces() {
        assert_eq!(plain(r"R\&D 50\% \$5 \#1 a\_b \{x\}"), "R&D 50% $5 #1 a_b {x}");
        assert_eq!(plain(r"D.~E. Knuth"), "D. E. Knuth");
        assert_eq!(plain("pages 403--404 --- and - so"), "pages 403–404 — and - so");
        assert_eq!(plain("{BERT}: {P}re-training of {D}eep"), "BERT: Pre-training of Deep");
        assert_eq!(plain("``quoted'' text"), "“quoted” text");
        assert_eq!(plain("a\n   b\tc"), "a b c");
    }

    #[test]
    fn styles_become_emphasis_or_text() {
        let raw = r"On \emph{Fast} and \textbf{Bold} \textit{it} \texttt{code} \textsc{Caps}";
        assert_eq!(plain(raw), "On Fast and Bold it code Caps");
        assert_eq!(decode(raw, Target::Markdown), "On *Fast* and **Bold** *it* `code` Caps");
        assert_eq!(
            plain(r"see \href{https://x.org}{the site} \url{https://y.org/a--b~c}"),
            "see the site https://y.org/a--b~c"
        );
        assert_eq!(plain(r"{\em emphasised} text"), "emphasised text");
    }

    #[test]
    fn math_is_kept_and_unknown_commands_keep_their_name() {
        assert_eq!(
            plain(r"An $\alpha$-approximation in $O(n^{2})$"),
            r"An $\alpha$-approximation in $O(n^{2})$"
        );
        assert_eq!(plain(r"the \foo method"), r"the \foo method");
        assert_eq!(plain(r"{\LaTeX} and \TeX{} books"), "LaTeX and TeX books");
        assert_eq!(plain("郑晋图"), "郑晋图");
        assert_eq!(plain(r"unbalanced } and { and \ "), "unbalanced and and");
    }
}
