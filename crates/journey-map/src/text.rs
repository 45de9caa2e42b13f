//! Fitting text into fixed widths for the SVG outputs, where nothing wraps
//! by itself. Widths are counted in characters (a system sans-serif font
//! averages a little over half its size per character).

/// `text` cut to at most `max` characters, with `…` when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    let max = max.max(1);
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some(_) => {
            let cut: String = text.chars().take(max - 1).collect();
            format!("{}…", cut.trim_end())
        }
    }
}

/// `text` broken into lines of at most `width` characters at spaces (a word
/// longer than a line is cut), at most `lines` lines; the last shown line
/// ends with `…` when text was left out.
pub(crate) fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let (width, lines) = (width.max(4), lines.max(1));
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut len = 0;
    let mut cut = false;
    for word in text.split_whitespace() {
        let word_len = word.chars().count();
        if len > 0 && len + 1 + word_len > width {
            out.push(std::mem::take(&mut current));
            len = 0;
            if out.len() == lines {
                cut = true;
                break;
            }
        }
        if len > 0 {
            current.push(' ');
            len += 1;
        }
        let room = width - len;
        if word_len > room {
            current.push_str(&truncate(word, room));
            len = width;
        } else {
            current.push_str(word);
            len += word_len;
        }
    }
    if !cut && len > 0 {
        out.push(current);
    }
    if let (true, Some(last)) = (cut, out.last_mut()) {
        let kept: String = last.chars().take(width - 1).collect();
        *last = format!("{}…", kept.trim_end_matches('…').trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("Świadomość", 20), "Świadomość");
        assert_eq!(truncate("Świadomość marki", 8), "Świadom…");
    }

    #[test]
    fn wrap_breaks_at_spaces_and_marks_what_is_left_out() {
        assert_eq!(wrap("a bb ccc", 4, 3), vec!["a bb", "ccc"]);
        let lines = wrap("one two three four five six", 9, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(wrap("", 10, 2).is_empty());
        let long = wrap(&"x".repeat(100), 10, 2);
        assert!(long.iter().all(|l| l.chars().count() <= 10), "{long:?}");
    }
}
