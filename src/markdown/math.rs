//! LaTeX math (`$…$`, `$$…$$` in Markdown) rendered to MathML at build time, so equations
//! show in every current browser without a script or a web font.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// MathML for `latex`, or why it does not parse.
pub(crate) fn to_mathml(latex: &str, display: bool) -> Result<String, String> {
    use crate::util::depth::{MAX_BRACES, max_depth};
    // The LaTeX parser's time grows with the square of the nesting.
    let depth = max_depth(latex, b'{', b'}');
    if depth > MAX_BRACES {
        return Err(format!("braces nest {depth} deep; folio allows {MAX_BRACES}"));
    }
    // A first pass finds the first error; the renderer would draw it in red instead.
    {
        let storage = Storage::new();
        if let Some(Err(err)) = Parser::new(latex, &storage).find(Result::is_err) {
            return Err(first_line(&err.to_string()));
        }
    }
    let storage = Storage::new();
    let mut out = String::with_capacity(latex.len() * 8);
    let config = RenderConfig {
        display_mode: if display { DisplayMode::Block } else { DisplayMode::Inline },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    push_mathml(&mut out, Parser::new(latex, &storage), config).map_err(|err| err.to_string())?;
    Ok(out)
}

/// The parser's reason without the drawn context box, which repeats the formula.
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message);
    line.strip_prefix("parsing error: ").unwrap_or(line).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_display_and_errors() {
        let inline = to_mathml(r"e^{i\pi} + 1 = 0", false).expect("parses");
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(inline.contains("<msup>") && !inline.contains("display=\"block\""), "{inline}");
        let block = to_mathml(r"\sum_{k=1}^{n} k = \frac{n(n+1)}{2}", true).expect("parses");
        assert!(block.contains("display=\"block\"") && block.contains("<mfrac>"), "{block}");
        let err = to_mathml(r"\frac{1}{", false).expect_err("unbalanced");
        assert!(err.contains("unbalanced group") && !err.contains('\n'), "{err}");
        assert!(to_mathml(r"\nosuchcommand", false).is_err());
        let deep = format!("{}x{}", "{".repeat(40_000), "}".repeat(40_000));
        let err = to_mathml(&deep, false).expect_err("too deep");
        assert!(err.contains("40000 deep"), "{err}");
    }
}
