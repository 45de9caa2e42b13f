//! Diagnostics as plain data. Renderers (miette, JSON, GitHub, SARIF, LSP)
//! live at the edges, in the crates that print or speak a protocol.

use std::borrow::Cow;
use std::path::PathBuf;

use serde::Serialize;

use crate::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Advice,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        }
    }
}

/// A secondary location with its own message, such as the first definition
/// of a duplicated id. `file` is set when it lies in another file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: Cow<'static, str>,
    pub file: Option<PathBuf>,
}

/// A change that fixes a diagnostic: edits of the file the diagnostic is
/// reported for. The rule that finds a problem knows how to fix it; the
/// editor's quick fixes are these.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    /// What the fix does, as a command: "Replace with `marketing`".
    pub title: String,
    /// Replacements, sorted and not overlapping.
    pub edits: Vec<Replacement>,
    /// Safe and most likely what the author meant: an editor may apply it
    /// on its own (LSP `isPreferred`).
    pub preferred: bool,
}

/// Replace `span` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub span: Span,
    pub new_text: String,
}

impl Fix {
    /// A fix of one replacement.
    pub fn replace(title: impl Into<String>, span: Span, new_text: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Replacement {
                span,
                new_text: new_text.into(),
            }],
            preferred: false,
        }
    }

    pub fn preferred(mut self) -> Fix {
        self.preferred = true;
        self
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable kebab-case code, also the key in `journey.toml`.
    pub code: &'static str,
    pub severity: Severity,
    /// The primary span, in the file the diagnostic is reported for.
    pub span: Span,
    pub message: String,
    /// Most helps are fixed sentences: borrowed, not copied into each of a
    /// large file's thousands of diagnostics.
    pub help: Option<Cow<'static, str>>,
    pub labels: Vec<Label>,
    /// Quick fixes, best first. (A boxed slice: most diagnostics have none,
    /// and it keeps the type small.)
    #[serde(skip_serializing_if = "<[Fix]>::is_empty")]
    pub fixes: Box<[Fix]>,
}

impl Diagnostic {
    pub fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
            fixes: Box::default(),
        }
    }

    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        let mut fixes = std::mem::take(&mut self.fixes).into_vec();
        fixes.push(fix);
        self.fixes = fixes.into_boxed_slice();
        self
    }

    pub fn with_label(self, span: Span, message: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.with_label_in(None, span, message)
    }

    pub fn with_label_in(
        mut self,
        file: Option<PathBuf>,
        span: Span,
        message: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        // Most diagnostics have one label: no room for four.
        if self.labels.capacity() == 0 {
            self.labels.reserve_exact(1);
        }
        self.labels.push(Label {
            span,
            message: message.into(),
            file,
        });
        self
    }
}

/// The codes this crate reports.
pub const SYNTAX_ERROR: &str = "syntax-error";
pub const INVALID_UTF8: &str = "invalid-utf8";
