//! `journey.toml`: per-code severities (LANGUAGE.md §6).
//!
//! ```toml
//! [lints]
//! unused-definition = "allow"      # allow | advice | warning | error
//! missing-owner = "warning"
//! ```
//!
//! ```toml
//! [limits]
//! max-file-size = "64 MiB"         # or a number of bytes
//! ```
//!
//! ```toml
//! [freshness]
//! max-age = "180d"                 # a duration in days or weeks: `180d`, `26w`
//! ```
//!
//! The file that applies to a `.journey` file is the one in its directory or
//! in the nearest ancestor directory that has one. Malformed TOML, an unknown
//! code, an unknown level or an unknown section are `invalid-config` errors
//! reported in `journey.toml` itself, at the offending key or value.

use std::collections::HashMap;

use journey_syntax::{closest, Diagnostic, Severity, Span};
use toml::de::{DeTable, DeValue};

use crate::rules::{self, invalid_config, Code};

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "journey.toml";

/// The top-level tables `journey.toml` may have.
pub const SECTIONS: &[&str] = &["lints", "limits", "freshness"];

/// The default `[freshness] max-age`, in days (LANGUAGE.md §10).
pub const DEFAULT_MAX_AGE_DAYS: i64 = 365;

/// The level a code is set to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The code is not reported.
    Allow,
    /// Reported with this severity.
    Report(Severity),
}

impl Level {
    pub const NAMES: &'static [&'static str] = &["allow", "advice", "warning", "error"];

    pub fn parse(word: &str) -> Option<Level> {
        Some(match word {
            "allow" => Level::Allow,
            "advice" => Level::Report(Severity::Advice),
            "warning" => Level::Report(Severity::Warning),
            "error" => Level::Report(Severity::Error),
            _ => return None,
        })
    }
}

/// Severity overrides per code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LintConfig {
    levels: HashMap<&'static str, Level>,
    /// `[limits] max-file-size`, in bytes.
    max_file_size: Option<u64>,
    /// `[freshness] max-age`, in days.
    max_age_days: Option<i64>,
}

impl LintConfig {
    /// The level set for a code, if any.
    pub fn level(&self, code: &str) -> Option<Level> {
        self.levels.get(code).copied()
    }

    /// Applies the configuration: `None` when the code is allowed.
    pub fn apply(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        match self.level(diagnostic.code) {
            None => Some(diagnostic),
            Some(Level::Allow) => None,
            Some(Level::Report(severity)) => {
                diagnostic.severity = severity;
                Some(diagnostic)
            }
        }
    }

    pub fn set(&mut self, code: &'static str, level: Level) {
        self.levels.insert(code, level);
    }

    /// How old an `as_of` date may be (`[freshness] max-age`), in days.
    pub fn max_age_days(&self) -> i64 {
        self.max_age_days.unwrap_or(DEFAULT_MAX_AGE_DAYS)
    }

    /// The largest `.journey` file read (`[limits] max-file-size`).
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
            .unwrap_or(crate::fs::DEFAULT_MAX_FILE_SIZE)
    }
}

/// A maximum age as the language writes durations, in whole days: `180d`,
/// `26w` (LANGUAGE.md §10). Hours or smaller units say nothing about a date.
pub fn parse_max_age(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: i64 = text[..digits].parse().ok()?;
    let days = match &text[digits..] {
        "d" => number,
        "w" => number.checked_mul(7)?,
        _ => return None,
    };
    (days > 0).then_some(days)
}

/// A size in bytes as people write it: `65536`, `"512 KiB"`, `"64MiB"`,
/// `"1 GB"` (K/M/G are powers of 1000, Ki/Mi/Gi of 1024; `B` optional).
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: u64 = text[..digits].parse().ok()?;
    let unit = text[digits..].trim().to_ascii_lowercase();
    let unit = unit.strip_suffix('b').unwrap_or(&unit);
    let factor: u64 = match unit {
        "" => 1,
        "k" => 1_000,
        "ki" => 1 << 10,
        "m" => 1_000_000,
        "mi" => 1 << 20,
        "g" => 1_000_000_000,
        "gi" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(factor).filter(|&size| size > 0)
}

/// A size in words: `64 MiB`, `1.5 GiB`, `300 bytes`.
pub fn format_size(size: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (name, unit) in UNITS {
        if size >= unit {
            let whole = size / unit;
            let tenths = (size % unit) * 10 / unit;
            return if tenths == 0 {
                format!("{whole} {name}")
            } else {
                format!("{whole}.{tenths} {name}")
            };
        }
    }
    format!("{size} bytes")
}

/// Codes a configuration may not change: a file that does not parse or
/// decode cannot be checked whatever the configuration says, and a broken
/// configuration must stay visible.
pub const FIXED_CODES: &[Code] = &[Code::SyntaxError, Code::InvalidUtf8, Code::InvalidConfig];

/// Whether a configuration may change a code's level.
pub fn is_configurable(code: Code) -> bool {
    !FIXED_CODES.contains(&code)
}

/// Parses `journey.toml`; never fails: problems become diagnostics in the
/// TOML file and the valid entries still apply.
pub fn parse(text: &str) -> (LintConfig, Vec<Diagnostic>) {
    let mut config = LintConfig::default();
    let mut diagnostics = Vec::new();
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(error) => {
            let span = error
                .span()
                .map(|r| Span::new(r.start.min(text.len()), r.end.min(text.len())))
                .unwrap_or_default();
            let message = error.message().trim_end().replace('\n', " ");
            diagnostics.push(invalid_config::report(
                span,
                format!("`{CONFIG_FILE}` is not valid TOML: {message}"),
            ));
            return (config, diagnostics);
        }
    };
    let mut entries: Vec<_> = root.get_ref().iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in entries {
        let key_span = span_of(key.span());
        let name: &str = key.get_ref();
        if name == "limits" {
            parse_limits(value, &mut config, &mut diagnostics);
            continue;
        }
        if name == "freshness" {
            parse_freshness(value, &mut config, &mut diagnostics);
            continue;
        }
        if name != "lints" {
            let mut diagnostic = invalid_config::report(
                key_span,
                format!("unknown section `{name}` in `{CONFIG_FILE}`"),
            );
            diagnostic = match closest(name, SECTIONS.iter().copied()) {
                Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                None => diagnostic
                    .with_help("the known sections are `[lints]`, `[limits]` and `[freshness]`"),
            };
            diagnostics.push(diagnostic);
            continue;
        }
        let DeValue::Table(lints) = value.get_ref() else {
            diagnostics.push(
                invalid_config::report(
                    span_of(value.span()),
                    "`lints` must be a table of codes and levels",
                )
                .with_help(
                    "write it as `[lints]` followed by lines like `missing-owner = \"warning\"`",
                ),
            );
            continue;
        };
        let mut lints: Vec<_> = lints.iter().collect();
        lints.sort_by_key(|(key, _)| key.span().start);
        for (code_key, level_value) in lints {
            let code: &str = code_key.get_ref();
            let code_span = span_of(code_key.span());
            let Some(rule) = rules::rule(code) else {
                let mut diagnostic = invalid_config::report(
                    code_span,
                    format!("unknown diagnostic code `{code}` in `{CONFIG_FILE}`"),
                );
                diagnostic = match closest(code, rules::RULES.iter().map(|r| r.code)) {
                    Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                    None => diagnostic.with_help("`journey explain` lists every diagnostic code"),
                };
                diagnostics.push(diagnostic);
                continue;
            };
            let value_span = span_of(level_value.span());
            let DeValue::String(word) = level_value.get_ref() else {
                diagnostics.push(
                    invalid_config::report(
                        value_span,
                        format!("the level of `{code}` must be a string"),
                    )
                    .with_help("use one of \"allow\", \"advice\", \"warning\", \"error\""),
                );
                continue;
            };
            let Some(level) = Level::parse(word) else {
                let mut diagnostic = invalid_config::report(
                    value_span,
                    format!("unknown level `{word}` for `{code}`"),
                );
                diagnostic = match closest(word, Level::NAMES.iter().copied()) {
                    Some(best) => diagnostic.with_help(format!(
                        "did you mean `{best}`? The levels are allow, advice, warning and error"
                    )),
                    None => diagnostic.with_help(
                        "the levels are \"allow\", \"advice\", \"warning\" and \"error\"",
                    ),
                };
                diagnostics.push(diagnostic);
                continue;
            };
            if Code::from_name(rule.code).is_some_and(|code| !is_configurable(code)) {
                diagnostics.push(
                    invalid_config::report(
                        code_span,
                        format!("`{code}` cannot be configured"),
                    )
                    .with_help(
                        "a file that cannot be read as journey source, or a broken configuration, is always an error",
                    ),
                );
                continue;
            }
            config.set(rule.code, level);
        }
    }
    (config, diagnostics)
}

/// `[limits]`: `max-file-size`.
fn parse_limits(
    value: &toml::Spanned<DeValue<'_>>,
    config: &mut LintConfig,
    diagnostics: &mut Vec<Diagnostic>,
) {
    const KEYS: &[&str] = &["max-file-size"];
    let DeValue::Table(limits) = value.get_ref() else {
        diagnostics.push(
            invalid_config::report(span_of(value.span()), "`limits` must be a table")
                .with_help("write it as `[limits]` followed by `max-file-size = \"64 MiB\"`"),
        );
        return;
    };
    let mut limits: Vec<_> = limits.iter().collect();
    limits.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in limits {
        let name: &str = key.get_ref();
        if name != "max-file-size" {
            let diagnostic = invalid_config::report(
                span_of(key.span()),
                format!("unknown limit `{name}` in `{CONFIG_FILE}`"),
            );
            diagnostics.push(match closest(name, KEYS.iter().copied()) {
                Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                None => diagnostic.with_help("the known limit is `max-file-size`"),
            });
            continue;
        }
        let size = match value.get_ref() {
            DeValue::Integer(number) => number.as_str().parse::<u64>().ok().filter(|&n| n > 0),
            DeValue::String(text) => parse_size(text),
            _ => None,
        };
        match size {
            Some(size) => config.max_file_size = Some(size),
            None => diagnostics.push(
                invalid_config::report(
                    span_of(value.span()),
                    "`max-file-size` must be a positive size",
                )
                .with_help("write a number of bytes or a size such as \"64 MiB\" or \"500 KB\""),
            ),
        }
    }
}

/// `[freshness]`: `max-age`.
fn parse_freshness(
    value: &toml::Spanned<DeValue<'_>>,
    config: &mut LintConfig,
    diagnostics: &mut Vec<Diagnostic>,
) {
    const KEYS: &[&str] = &["max-age"];
    let DeValue::Table(table) = value.get_ref() else {
        diagnostics.push(
            invalid_config::report(span_of(value.span()), "`freshness` must be a table")
                .with_help("write it as `[freshness]` followed by `max-age = \"180d\"`"),
        );
        return;
    };
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    for (key, value) in entries {
        let name: &str = key.get_ref();
        if name != "max-age" {
            let diagnostic = invalid_config::report(
                span_of(key.span()),
                format!("unknown freshness setting `{name}` in `{CONFIG_FILE}`"),
            );
            diagnostics.push(match closest(name, KEYS.iter().copied()) {
                Some(best) => diagnostic.with_help(format!("did you mean `{best}`?")),
                None => diagnostic.with_help("the known setting is `max-age`"),
            });
            continue;
        }
        let days = match value.get_ref() {
            DeValue::String(text) => parse_max_age(text),
            _ => None,
        };
        match days {
            Some(days) => config.max_age_days = Some(days),
            None => diagnostics.push(
                invalid_config::report(
                    span_of(value.span()),
                    "`max-age` must be a duration in days or weeks",
                )
                .with_help("write it as the language writes durations: \"180d\" or \"26w\""),
            ),
        }
    }
}

fn span_of(range: std::ops::Range<usize>) -> Span {
    Span::new(range.start, range.end.max(range.start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_and_reports_problems_at_their_position() {
        let text = "[lints]\nunused-definition = \"allow\"\nmissing-owner = \"warning\"\nmising-goal = \"error\"\nbroken-promise = \"loud\"\n";
        let (config, diagnostics) = parse(text);
        assert_eq!(config.level("unused-definition"), Some(Level::Allow));
        assert_eq!(
            config.level("missing-owner"),
            Some(Level::Report(Severity::Warning))
        );
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(&text[diagnostics[0].span.range()], "mising-goal");
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `missing-goal`?")
        );
        assert_eq!(&text[diagnostics[1].span.range()], "\"loud\"");
    }

    #[test]
    fn reads_the_file_size_limit() {
        let (config, diagnostics) = parse("[limits]\nmax-file-size = \"1 MiB\"\n");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.max_file_size(), 1 << 20);
        let (config, _) = parse("[limits]\nmax-file-size = 4096\n");
        assert_eq!(config.max_file_size(), 4096);
        let text = "[limits]\nmax-file-size = \"lots\"\nmax-file-sise = 1\n";
        let (config, diagnostics) = parse(text);
        assert_eq!(config.max_file_size(), crate::fs::DEFAULT_MAX_FILE_SIZE);
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(&text[diagnostics[0].span.range()], "\"lots\"");
        assert_eq!(
            diagnostics[1].help.as_deref(),
            Some("did you mean `max-file-size`?")
        );
    }

    #[test]
    fn sizes_read_and_print_like_people_write_them() {
        assert_eq!(parse_size("64 MiB"), Some(64 << 20));
        assert_eq!(parse_size("64MiB"), Some(64 << 20));
        assert_eq!(parse_size("500 KB"), Some(500_000));
        assert_eq!(parse_size("1g"), Some(1_000_000_000));
        assert_eq!(parse_size("12"), Some(12));
        assert_eq!(parse_size("0"), None);
        assert_eq!(parse_size("-1"), None);
        assert_eq!(parse_size("99999999999999999999 GiB"), None);
        assert_eq!(format_size(64 << 20), "64 MiB");
        assert_eq!(format_size(3 << 29), "1.5 GiB");
        assert_eq!(format_size(300), "300 bytes");
    }

    #[test]
    fn reads_the_freshness_limit() {
        let (config, diagnostics) = parse("");
        assert!(diagnostics.is_empty());
        assert_eq!(config.max_age_days(), 365);
        let (config, _) = parse("[freshness]\nmax-age = \"26w\"\n");
        assert_eq!(config.max_age_days(), 182);
        let (config, _) = parse("[freshness]\nmax-age = \"180d\"\n");
        assert_eq!(config.max_age_days(), 180);
        for bad in ["\"12h\"", "\"0d\"", "\"soon\"", "30", "\"-3d\""] {
            let (config, diagnostics) = parse(&format!("[freshness]\nmax-age = {bad}\n"));
            assert_eq!(diagnostics.len(), 1, "{bad}");
            assert_eq!(diagnostics[0].code, "invalid-config");
            assert_eq!(config.max_age_days(), 365);
        }
        let (_, diagnostics) = parse("[freshness]\nmax-ag = \"3d\"\n");
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `max-age`?")
        );
    }

    #[test]
    fn malformed_toml_is_one_diagnostic() {
        let (_, diagnostics) = parse("[lints\n");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "invalid-config");
    }
}
