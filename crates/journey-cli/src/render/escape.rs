//! Control characters out of everything the human report echoes.
//!
//! Labels, messages quoting ids or strings, import paths, file names and
//! `journey.toml` text are the user's (or a stranger's pull request's). A
//! terminal obeys an ESC sequence wherever it comes from: it can retitle the
//! window, hide lines, fake output or, on some terminals, write files. So
//! the human report shows such characters escaped, as Rust's `{:?}` does
//! (`\u{1b}`), whether or not stdout is a terminal: a log viewed later with
//! `cat` or `less -R` is a terminal too.

use std::borrow::Cow;

/// Whether a character must not reach a terminal as it is: C0 controls
/// (except tab and line feed, which lay text out), DEL, C1 controls (U+0080–
/// U+009F: 8-bit CSI and OSC), and the bidirectional overrides and isolates
/// that make text display in another order than it reads ("Trojan Source",
/// which rustc also refuses to print raw).
pub(super) fn is_unsafe(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// `text` with every unsafe character written as `\u{…}`; borrowed when
/// there is none (the common case costs one scan).
pub(crate) fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Appends `c`, escaped when it is unsafe.
pub(super) fn push_escaped(out: &mut String, c: char) {
    if is_unsafe(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// How many bytes `c` takes once escaped.
pub(super) fn escaped_utf8_len(c: char) -> usize {
    if is_unsafe(c) {
        // `\u{` + hex digits + `}`, all ASCII.
        4 + format!("{:x}", c as u32).len()
    } else {
        c.len_utf8()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls_and_keeps_text() {
        assert_eq!(
            escape_controls("plain żółw 😀\tx\ny"),
            "plain żółw 😀\tx\ny"
        );
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\u{1b}]0;pwned\u{7}b"),
            "a\\u{1b}]0;pwned\\u{7}b"
        );
        assert_eq!(escape_controls("\r\u{7f}\u{9b}"), "\\u{d}\\u{7f}\\u{9b}");
        assert_eq!(escape_controls("x\u{202e}y"), "x\\u{202e}y");
    }

    #[test]
    fn escaped_utf8_len_matches_push_escaped() {
        for c in ['a', 'ż', '😀', '\u{1b}', '\u{0}', '\u{9f}', '\u{2066}'] {
            let mut out = String::new();
            push_escaped(&mut out, c);
            assert_eq!(out.len(), escaped_utf8_len(c), "{c:?}");
        }
    }
}
