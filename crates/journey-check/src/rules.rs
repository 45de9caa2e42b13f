//! The registry of diagnostic codes and their documentation.

use journey_syntax::Severity;

/// A diagnostic code with its default severity and documentation.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown: what it does, why it matters, an example, the fix.
    pub docs: &'static str,
}

pub static RULES: &[Rule] = &[
    Rule {
        code: "syntax-error",
        severity: Severity::Error,
        summary: "Text that does not match the grammar.",
        docs: "",
    },
    Rule {
        code: "invalid-utf8",
        severity: Severity::Error,
        summary: "The file is not valid UTF-8.",
        docs: "",
    },
];

pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}
