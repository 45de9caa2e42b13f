//! Diagnostics as plain data. Renderers (miette, JSON, GitHub, SARIF, LSP)
//! live at the edges, in the crates that print or speak a protocol.

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
    pub message: String,
    pub file: Option<PathBuf>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable kebab-case code, also the key in `journey.toml`.
    pub code: &'static str,
    pub severity: Severity,
    /// The primary span, in the file the diagnostic is reported for.
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<Label>,
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
        }
    }

    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, span, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            file: None,
        });
        self
    }

    pub fn with_label_in(
        mut self,
        file: Option<PathBuf>,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
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
