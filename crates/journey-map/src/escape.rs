//! Escaping user text for each output format.
//!
//! Every string that comes from a `.journey` file goes through one of these
//! functions before it reaches a document; nothing else writes user text.

use std::fmt;

/// Text escaped for HTML and XML (element content and quoted attribute
/// values alike): `& < > " '` become references, and characters XML 1.0
/// forbids (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) are
/// dropped, so the inline SVG and the standalone SVG stay well-formed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Xml<'a>(pub &'a str);

impl fmt::Display for Xml<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut plain = 0;
        for (i, c) in text.char_indices() {
            let replacement = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                c if forbidden_in_xml(c) => "",
                _ => continue,
            };
            f.write_str(&text[plain..i])?;
            f.write_str(replacement)?;
            plain = i + c.len_utf8();
        }
        f.write_str(&text[plain..])
    }
}

fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Text for one Mermaid `journey` statement. Mermaid's journey grammar has
/// no escapes: `:` separates a task from its score, `#` and `;` end a
/// statement, `%%` starts a comment and a line break ends the statement. So
/// these are replaced by look-alike characters (`:` → `∶`, `#` → `＃`,
/// `;` → `；`, `%%` → `%％`), line breaks and tabs by a space, and runs of
/// whitespace collapse. `,` is replaced too in actor names (`‚`), where it
/// separates actors. The result is never empty (`fallback` is used) and
/// never starts with one of the grammar's keywords, which would turn a task
/// into a `title` or `section` statement: such a name gets a zero-width
/// space in front, which Mermaid does not count as whitespace.
pub(crate) fn mermaid(text: &str, fallback: &str, actor: bool) -> String {
    let cleaned = mermaid_clean(text, actor);
    let cleaned = if cleaned.is_empty() {
        mermaid_clean(fallback, actor)
    } else {
        cleaned
    };
    let cleaned = if cleaned.is_empty() {
        "-".to_string()
    } else {
        cleaned
    };
    if starts_with_keyword(&cleaned) {
        format!("\u{200b}{cleaned}")
    } else {
        cleaned
    }
}

fn mermaid_clean(text: &str, actor: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    for c in text.chars() {
        let mapped = match c {
            ':' => '∶',
            '#' => '＃',
            ';' => '；',
            ',' if actor => '‚',
            '%' if previous == '%' => '％',
            c if c.is_whitespace() || c.is_control() => ' ',
            c => c,
        };
        if mapped == ' ' && previous == ' ' {
            continue;
        }
        out.push(mapped);
        previous = mapped;
    }
    out.truncate(out.trim_end().len());
    out
}

/// Words that start a statement in Mermaid's journey grammar (its lexer is
/// case-insensitive).
const MERMAID_KEYWORDS: &[&str] = &["title", "section", "acctitle", "accdescr", "journey"];

fn starts_with_keyword(text: &str) -> bool {
    let head: String = text.chars().take(8).flat_map(char::to_lowercase).collect();
    MERMAID_KEYWORDS.iter().any(|k| head.starts_with(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_drops_forbidden_characters() {
        let text = "<script>\"a\" & 'b'\u{1}</script>\u{ffff}";
        assert_eq!(
            Xml(text).to_string(),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        assert_eq!(Xml("Świadomość 😀").to_string(), "Świadomość 😀");
    }

    #[test]
    fn mermaid_replaces_reserved_characters_and_keeps_text_readable() {
        assert_eq!(
            mermaid("Okno 8:00–20:00; #1\nkoniec %% x", "id", false),
            "Okno 8∶00–20∶00； ＃1 koniec %％ x"
        );
        assert_eq!(mermaid("a, b", "id", true), "a‚ b");
        assert_eq!(mermaid(" \n ", "fallback_id", false), "fallback_id");
        assert_eq!(mermaid("", "", false), "-");
    }

    #[test]
    fn mermaid_names_never_start_with_a_keyword() {
        assert_eq!(mermaid("Title page", "id", false), "\u{200b}Title page");
        assert_eq!(mermaid("section 2", "id", false), "\u{200b}section 2");
        assert_eq!(mermaid("Subtitle", "id", false), "Subtitle");
    }
}
