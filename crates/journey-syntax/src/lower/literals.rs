//! Literals as the tree holds them: names, numbers, dates, ranges,
//! percentages and strings with their escapes, each with the diagnostic of a
//! malformed one.

use super::*;

/// `target 40 %`: when `token` is a `%` with blanks between it and the
/// number before it, or a number with blanks and a `%` after it, its line
/// (trimmed) with those blanks removed.
pub(super) fn detached_percent(text: &str, token: Span) -> Option<String> {
    let is_break = |c: char| c == '\n' || c == '\r';
    let line_start = text[..token.start as usize]
        .rfind(is_break)
        .map_or(0, |i| i + 1);
    let line_end = text[token.start as usize..]
        .find(is_break)
        .map_or(text.len(), |i| token.start as usize + i);
    let (number_end, percent) = if &text[token.range()] == "%" {
        let before = &text[line_start..token.start as usize];
        let number = before.trim_end_matches([' ', '\t']);
        (line_start + number.len(), token.start as usize)
    } else {
        let after = &text[token.end as usize..line_end];
        let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
        (token.end as usize, token.end as usize + blanks)
    };
    let detached = percent > number_end
        && text[line_start..number_end].ends_with(|c: char| c.is_ascii_digit())
        && text[percent..line_end].starts_with('%');
    if !detached {
        return None;
    }
    let fixed = format!(
        "{}{}",
        &text[line_start..number_end],
        &text[percent..line_end]
    );
    let fixed = fixed.trim();
    let fixed = fixed.split("//").next().unwrap_or(fixed).trim_end();
    Some(fixed.chars().take(80).collect())
}

pub(super) fn detached_percent_error(at: Span, fixed: &str) -> Diagnostic {
    Diagnostic::error(
        SYNTAX_ERROR,
        at,
        "the percent sign must follow its number directly, without a space",
    )
    .with_help(format!("write `{fixed}`"))
}

pub(super) fn name(pair: Option<Pair<'_, Rule>>) -> Name {
    pair.map_or(
        Name {
            text: CompactString::default(),
            span: Span::default(),
        },
        |p| Name {
            text: CompactString::from(p.as_str()),
            span: span_of(&p),
        },
    )
}

pub(super) fn word<T: Copy>(
    pair: Option<Pair<'_, Rule>>,
    parse: fn(&str) -> Option<T>,
) -> Spanned<T> {
    let pair = pair.expect("the grammar guarantees a value word");
    Spanned {
        value: parse(pair.as_str()).expect("the grammar only accepts known words"),
        span: span_of(&pair),
    }
}

pub(super) fn int(pair: Option<Pair<'_, Rule>>) -> Int {
    let pair = pair.expect("the grammar guarantees an integer");
    let text = pair.as_str();
    let value = text.parse::<i64>().unwrap_or(if text.starts_with('-') {
        i64::MIN
    } else {
        i64::MAX
    });
    Int {
        value,
        span: span_of(&pair),
    }
}

pub(super) fn date(pair: Option<Pair<'_, Rule>>) -> Date {
    let pair = pair.expect("the grammar guarantees a date");
    Date::parse(pair.as_str(), span_of(&pair))
}

pub(super) fn range(pair: Option<Pair<'_, Rule>>) -> Range {
    let pair = pair.expect("the grammar guarantees a range");
    let span = span_of(&pair);
    let mut ints = pair.into_inner();
    Range {
        min: int(ints.next()),
        max: int(ints.next()),
        span,
    }
}

pub(super) fn number(text: &str) -> f64 {
    text.parse().unwrap_or(f64::INFINITY)
}

pub(super) fn measure(pair: Option<Pair<'_, Rule>>) -> Measure {
    let pair = pair.expect("the grammar guarantees a measure");
    if pair.as_rule() == Rule::counts {
        let span = span_of(&pair);
        let mut ints = pair.into_inner().filter(|p| p.as_rule() == Rule::int);
        Measure::Counts {
            count: int(ints.next()),
            of: int(ints.next()),
            span,
        }
    } else {
        Measure::Percent(value_of_percent(&pair))
    }
}

pub(super) fn value_of_percent(pair: &Pair<'_, Rule>) -> Value {
    let text = pair.as_str();
    Value {
        kind: ValueKind::Percent(number(&text[..text.len() - 1])),
        span: span_of(pair),
    }
}

pub(super) fn value(pair: Option<Pair<'_, Rule>>) -> Value {
    let pair = pair.expect("the grammar guarantees a value");
    if pair.as_rule() == Rule::percent {
        return value_of_percent(&pair);
    }
    let span = span_of(&pair);
    let mut inner = pair.into_inner();
    let amount = inner.next().map_or(0.0, |n| number(n.as_str()));
    let kind = match inner.next() {
        None => ValueKind::Number(amount),
        Some(unit) => match unit.as_rule() {
            Rule::percent_sign => ValueKind::Percent(amount),
            Rule::currency => ValueKind::Money {
                amount,
                currency: CompactString::from(unit.as_str().trim_start()),
            },
            _ => ValueKind::Duration {
                amount,
                unit: match unit.as_str() {
                    "s" => DurationUnit::Seconds,
                    "min" => DurationUnit::Minutes,
                    "h" => DurationUnit::Hours,
                    "d" => DurationUnit::Days,
                    _ => DurationUnit::Weeks,
                },
            },
        },
    };
    Value { kind, span }
}

pub(super) enum StringProblem {
    Unterminated,
    BadEscape { offset: usize, len: usize },
}

/// Resolves a string literal's escapes; on error returns the best-effort
/// value and the first problem.
pub(super) fn unescape(raw: &str) -> Result<CompactString, (CompactString, StringProblem)> {
    let terminated = raw.len() >= 2 && raw.ends_with('"') && !ends_with_escaped_quote(raw);
    let body = if terminated {
        &raw[1..raw.len() - 1]
    } else {
        &raw[1..]
    };
    // Most strings have no escapes: copy them whole.
    if !body.as_bytes().contains(&b'\\') {
        let value = CompactString::from(body);
        return if terminated {
            Ok(value)
        } else {
            Err((value, StringProblem::Unterminated))
        };
    }
    let mut value = CompactString::with_capacity(body.len());
    let mut problem = None;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        let escaped = match chars.next() {
            Some((_, 'n')) => Some('\n'),
            Some((_, 't')) => Some('\t'),
            Some((_, '\\')) => Some('\\'),
            Some((_, '"')) => Some('"'),
            Some((_, 'u')) => unicode_escape(&body[i + 2..]).map(|(ch, len)| {
                for _ in 0..len {
                    chars.next();
                }
                ch
            }),
            _ => None,
        };
        match escaped {
            Some(ch) => value.push(ch),
            None => {
                if problem.is_none() {
                    let rest = &body[i..];
                    let len = match (rest.starts_with("\\u{"), rest.find('}')) {
                        (true, Some(close)) if close <= 10 => close + 1,
                        _ => rest.chars().take(2).map(char::len_utf8).sum(),
                    };
                    problem = Some(StringProblem::BadEscape { offset: 1 + i, len });
                }
            }
        }
    }
    if !terminated {
        return Err((value, StringProblem::Unterminated));
    }
    match problem {
        None => Ok(value),
        Some(problem) => Err((value, problem)),
    }
}

pub(super) fn ends_with_escaped_quote(raw: &str) -> bool {
    let before_quote = &raw[..raw.len() - 1];
    let backslashes = before_quote.len() - before_quote.trim_end_matches('\\').len();
    raw.len() >= 2 && !before_quote.is_empty() && backslashes % 2 == 1
}

/// `{1F600}` after `\u`: the character and the bytes consumed.
pub(super) fn unicode_escape(rest: &str) -> Option<(char, usize)> {
    let inner = rest.strip_prefix('{')?;
    let close = inner.find('}')?;
    let hex = &inner[..close];
    if hex.is_empty() || hex.len() > 6 {
        return None;
    }
    let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((ch, close + 2))
}

pub(super) fn string_error(span: Span, raw: &str, problem: StringProblem) -> Diagnostic {
    match problem {
        StringProblem::Unterminated => Diagnostic::error(
            SYNTAX_ERROR,
            Span::new(span.start as usize, span.start as usize + 1),
            "unterminated string: this quote is never closed on its line",
        )
        .with_help(
            "add the closing `\"`; a string cannot span lines (write `\\n` for a line break)",
        ),
        StringProblem::BadEscape { offset, len } => {
            let start = span.start as usize + offset;
            let escape = &raw[offset..offset + len];
            Diagnostic::error(
                SYNTAX_ERROR,
                Span::new(start, start + len),
                format!("unknown escape `{escape}` in a string"),
            )
            .with_help("the escapes are `\\\\`, `\\\"`, `\\n`, `\\t` and `\\u{1F600}`")
        }
    }
}
