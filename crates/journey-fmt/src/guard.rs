//! The formatter's check of its own output: the input and the output must
//! hold the same tokens and comments in the same order.
//!
//! The lexer here knows only what whitespace may separate: strings (kept
//! whole), comments, the punctuation `,` `{` `}`, a leading byte-order mark,
//! and runs of anything else.
//! Two texts with the same sequence differ only in whitespace between
//! tokens (and in trailing whitespace of `//` comments, which may be
//! trimmed), so they mean the same and keep every comment where it was.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token<'a> {
    Word(&'a str),
    Comment(&'a str),
}

struct Lexer<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Lexer<'a> {
    type Item = (usize, Token<'a>);

    fn next(&mut self) -> Option<(usize, Token<'a>)> {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() && matches!(bytes[self.at], b' ' | b'\t' | b'\r' | b'\n') {
            self.at += 1;
        }
        let start = self.at;
        let rest = &self.text[start..];
        let first = *rest.as_bytes().first()?;
        let len = if start == 0 && rest.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else if rest.starts_with("//") {
            journey_syntax::text::first_line_end(rest).unwrap_or(rest.len())
        } else if let Some(body) = rest.strip_prefix("/*") {
            body.find("*/").map_or(rest.len(), |i| i + 4)
        } else if first == b'"' {
            string_len(rest)
        } else if matches!(first, b',' | b'{' | b'}') {
            1
        } else {
            // Every delimiter is ASCII, so scanning bytes never splits a
            // character.
            let bytes = rest.as_bytes();
            let mut end = 0;
            while end < bytes.len() {
                match bytes[end] {
                    b' ' | b'\t' | b'\r' | b'\n' | b',' | b'{' | b'}' | b'"' => break,
                    b'/' if matches!(bytes.get(end + 1), Some(b'/' | b'*')) => break,
                    _ => end += 1,
                }
            }
            end
        };
        self.at = start + len;
        let text = &rest[..len];
        let token = if text.starts_with("/*") {
            Token::Comment(text)
        } else if text.starts_with("//") {
            Token::Comment(text.trim_end_matches([' ', '\t', '\r']))
        } else {
            Token::Word(text)
        };
        Some((start, token))
    }
}

/// A string literal's length: to the closing quote, or to the end of the
/// line when it has none.
fn string_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => i += 2,
            b'"' => return i + 1,
            b'\n' | b'\r' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `Ok` when both texts hold the same tokens and comments in the same order.
pub(crate) fn same_tokens(before: &str, after: &str) -> Result<(), String> {
    let mut a = Lexer {
        text: before,
        at: 0,
    };
    let mut b = Lexer { text: after, at: 0 };
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ok(()),
            (Some((_, x)), Some((_, y))) if x == y => {}
            (x, y) => {
                return Err(format!(
                    "the output's tokens differ from the input's: {} became {}",
                    describe(x),
                    describe(y)
                ))
            }
        }
    }
}

fn describe(token: Option<(usize, Token<'_>)>) -> String {
    match token {
        None => "the end of the text".to_string(),
        Some((at, Token::Word(text) | Token::Comment(text))) => {
            let short: String = text.chars().take(40).collect();
            format!("{short:?} (byte {at})")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::same_tokens;

    #[test]
    fn whitespace_does_not_count() {
        assert!(same_tokens("for a,b // x  \r\n", "for a, b // x\n").is_ok());
        assert!(same_tokens("target 1200\t PLN", "target 1200 PLN").is_ok());
        assert!(same_tokens("goal \"a  b\"", "goal \"a b\"").is_err());
        assert!(same_tokens("emotion 3", "emotion3").is_err());
        assert!(same_tokens("a // x\nb", "a // x b").is_err());
        assert!(same_tokens("a /* x  y */", "a /* x y */").is_err());
        assert!(same_tokens("a", "a b").is_err());
    }
}
