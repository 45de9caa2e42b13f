//! The wording of syntax errors: what a broken statement's block expected,
//! which keyword a misspelt one meant, and how to describe a token.

use super::*;

/// The first token of `text[at..]` for a diagnostic's span: an identifier or
/// number run, or a single character; empty only at the end of the text.
pub(super) fn token_at(text: &str, at: usize) -> Span {
    let at = floor_char_boundary(text, at);
    let rest = &text[at..];
    let Some(first) = rest.chars().next() else {
        return Span::empty(at);
    };
    if first == '"' {
        return Span::new(at, at + 1);
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    if is_word(first) {
        let len = rest.find(|c: char| !is_word(c)).unwrap_or(rest.len());
        // Long garbage is capped so that a 5 MB line stays a short label.
        let len = floor_char_boundary(rest, len.min(64));
        return Span::new(at, at + len.max(first.len_utf8()));
    }
    Span::new(at, at + first.len_utf8())
}

pub(super) fn describe_token(token: &str) -> String {
    match token {
        "" => "the end of the file".to_string(),
        "\n" | "\r" => "the end of the line".to_string(),
        "\"" => "a string".to_string(),
        t if t.chars().all(|c| c.is_control()) => {
            format!(
                "the control character U+{:04X}",
                t.chars().next().map_or(0, |c| c as u32)
            )
        }
        t => format!("`{t}`"),
    }
}

/// The identifier-like word a broken statement starts with ("" if none).
pub(super) fn leading_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(text.len());
    &text[..end]
}

pub(super) fn is_any_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.keyword == word)
}

/// Help for a keyword used in the wrong block, or a misspelt one.
pub(super) fn misplaced_help(word: &str, context: BlockKind) -> Option<String> {
    if word.is_empty() {
        return None;
    }
    let homes: Vec<&str> = [
        BlockKind::TopLevel,
        BlockKind::Journey,
        BlockKind::Stage,
        BlockKind::Touchpoint,
        BlockKind::Persona,
        BlockKind::Channel,
        BlockKind::Pain,
        BlockKind::Desired,
        BlockKind::Kpi,
    ]
    .into_iter()
    .filter(|kind| kind.accepts(word))
    .map(|kind| {
        if kind == BlockKind::TopLevel {
            "the top level"
        } else {
            kind.noun()
        }
    })
    .collect();
    if !homes.is_empty() {
        let closing = if context != BlockKind::TopLevel {
            "; if it belongs after this block, a `}` may be missing before it"
        } else {
            ""
        };
        return Some(
            format!("`{word}` belongs in {} block{closing}", join_or(&homes))
                .replace("in the top level block", "at the top level"),
        );
    }
    let (_, closest) = context
        .statements()
        .iter()
        .filter_map(|k| edit_distance_within(word, k, 2.max(k.len() / 4)).map(|d| (d, k)))
        .min_by_key(|&(distance, _)| distance)?;
    Some(format!("did you mean `{closest}`?"))
}

/// The block keyword accepted in `context` that `word` is a typo of
/// (edit distance at most 2, the nearest; ties go to the more common one).
pub(super) fn closest_block_keyword(word: &str, context: BlockKind) -> Option<&'static str> {
    context
        .statements()
        .iter()
        .filter(|k| opens_named_block(k, context))
        .filter_map(|k| edit_distance_within(word, k, 2).map(|d| (d, *k)))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, keyword)| keyword)
}

pub(super) fn join_or(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => format!("a {one}"),
        [init @ .., last] => format!("a {} or {last}", init.join(", ")),
    }
}

pub(super) fn statement_rule(keyword: &str, context: BlockKind) -> Rule {
    match (keyword, context) {
        ("import", _) => Rule::import,
        ("team", _) => Rule::team,
        ("persona", _) => Rule::persona,
        ("channel", BlockKind::TopLevel) => Rule::channel_def,
        ("channel", _) => Rule::channel_use,
        ("journey", _) => Rule::journey,
        ("stage", _) => Rule::stage,
        ("touchpoint", _) => Rule::touchpoint,
        ("desired", _) => Rule::desired,
        ("kpi", _) => Rule::kpi,
        ("promise", _) => Rule::promise,
        ("pain", _) => Rule::pain,
        ("segment", _) => Rule::segment,
        ("age", _) => Rule::age,
        ("region", _) => Rule::region,
        ("interests", _) => Rule::interests,
        ("data", _) => Rule::data,
        ("needs", _) => Rule::needs,
        ("requires", _) => Rule::requires,
        ("goal", _) => Rule::goal,
        ("approach", _) => Rule::approach,
        ("for", _) => Rule::for_list,
        ("scale", _) => Rule::scale,
        ("owner", _) => Rule::owner,
        ("phase", _) => Rule::phase,
        ("expects", _) => Rule::expects,
        ("emotion", _) => Rule::emotion,
        ("effort", _) => Rule::effort,
        ("moment_of_truth", _) => Rule::moment_of_truth,
        ("opportunity", _) => Rule::opportunity,
        ("next", _) => Rule::next,
        ("severity", _) => Rule::severity,
        ("completed", _) => Rule::completed,
        ("keeps", _) => Rule::keeps,
        ("target", BlockKind::Desired) => Rule::target_percent,
        ("target", _) => Rule::target,
        ("actual", _) => Rule::actual,
        ("direction", _) => Rule::direction,
        ("event", _) => Rule::event,
        _ => Rule::description,
    }
}

pub(super) fn keyword_len(kind: BlockKind) -> usize {
    kind.keyword().len()
}

pub(super) fn example_of(kind: BlockKind) -> &'static str {
    keyword_doc(kind.keyword()).map_or("", |d| d.example)
}

pub(super) fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

pub(super) fn article_noun(kind: BlockKind) -> String {
    let noun = kind.noun();
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}
