//! The one module that names LSP types (tower-lsp-server 0.23 re-exports
//! `ls-types`; 0.24 switches to generated types: only this module and the
//! handler signatures in `server.rs` change then). Conversions between the
//! IDE layer's plain structs and byte spans and LSP's positions live here,
//! on top of `journey_syntax::text`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use journey_ide::index::FileAnalysis;
use journey_ide::{CompletionItem, CompletionKind, SymbolKind};
use journey_syntax::{ColumnUnit, Diagnostic, LineCol, LineIndex, Severity, Span};

pub use tower_lsp_server::ls_types as lsp;

/// A text with its line index, for position conversions.
#[derive(Clone, Copy)]
pub struct Text<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub unit: ColumnUnit,
}

impl<'a> Text<'a> {
    pub fn of(file: &'a FileAnalysis, unit: ColumnUnit) -> Text<'a> {
        Text {
            text: &file.text,
            index: &file.line_index,
            unit,
        }
    }

    pub fn offset(&self, position: lsp::Position) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: position.line,
                col: position.character,
            },
            self.unit,
        )
    }

    pub fn position(&self, offset: usize) -> lsp::Position {
        let lc = self.index.line_col(self.text, offset, self.unit);
        lsp::Position::new(lc.line, lc.col)
    }

    pub fn range(&self, span: Span) -> lsp::Range {
        lsp::Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }

    pub fn span(&self, range: lsp::Range) -> Span {
        let a = self.offset(range.start);
        let b = self.offset(range.end);
        Span::new(a.min(b), a.max(b))
    }
}

pub fn line_col(position: lsp::Position) -> LineCol {
    LineCol {
        line: position.line,
        col: position.character,
    }
}

/// `file://` URIs map to their paths; other schemes (`untitled:`) to a
/// stable fake path that no import can reach.
pub fn uri_to_path(uri: &lsp::Uri) -> PathBuf {
    let is_file = uri.scheme().as_str().eq_ignore_ascii_case("file");
    if is_file {
        if let Some(path) = uri.to_file_path() {
            return journey_ide::world::normalize(&path);
        }
    }
    let safe: String = uri
        .as_str()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from(format!("/__journey_untitled__/{safe}"))
}

pub fn path_to_uri(path: &Path) -> Option<lsp::Uri> {
    lsp::Uri::from_file_path(path)
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Advice => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// A checker diagnostic in LSP terms. Secondary labels become related
/// information (in `label_file`'s text when they point into another file).
pub fn diagnostic(
    text: Text<'_>,
    uri: &lsp::Uri,
    diagnostic: &Diagnostic,
    other_file: &dyn Fn(&Path) -> Option<(lsp::Uri, lsp::Range)>,
    label_range: &dyn Fn(&Path, Span) -> Option<lsp::Range>,
) -> lsp::Diagnostic {
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = diagnostic
        .labels
        .iter()
        .filter_map(|label| {
            let location = match &label.file {
                None => lsp::Location::new(uri.clone(), text.range(label.span)),
                Some(path) => {
                    let (uri, _) = other_file(path)?;
                    let range = label_range(path, label.span)?;
                    lsp::Location::new(uri, range)
                }
            };
            Some(lsp::DiagnosticRelatedInformation {
                location,
                message: label.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: text.range(diagnostic.span),
        severity: Some(severity(diagnostic.severity)),
        code: Some(lsp::NumberOrString::String(diagnostic.code.to_string())),
        // A link only when the project has a public home; the rule's docs
        // are always offered by the *Explain* code action.
        code_description: journey_check::rules::rule(diagnostic.code)
            .and_then(|rule| rule.docs_url())
            .and_then(|url| lsp::Uri::from_str(&url).ok())
            .map(|href| lsp::CodeDescription { href }),
        source: Some("journey".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: matches!(
            diagnostic.code,
            "unused-definition" | "unreachable-touchpoint"
        )
        .then(|| vec![lsp::DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}

pub fn symbol_kind(kind: SymbolKind) -> lsp::SymbolKind {
    match kind {
        SymbolKind::Team => lsp::SymbolKind::CLASS,
        SymbolKind::Persona => lsp::SymbolKind::STRUCT,
        SymbolKind::Channel => lsp::SymbolKind::INTERFACE,
        SymbolKind::Journey => lsp::SymbolKind::MODULE,
        SymbolKind::Stage => lsp::SymbolKind::NAMESPACE,
        SymbolKind::Touchpoint => lsp::SymbolKind::FUNCTION,
        SymbolKind::Desired => lsp::SymbolKind::EVENT,
        SymbolKind::Promise => lsp::SymbolKind::CONSTANT,
        SymbolKind::Kpi => lsp::SymbolKind::PROPERTY,
    }
}

pub fn completion_item(text: Text<'_>, item: &CompletionItem) -> lsp::CompletionItem {
    let kind = match item.kind {
        CompletionKind::Keyword => {
            if item.snippet && item.insert_text.as_deref().is_some_and(|t| t.contains('{')) {
                lsp::CompletionItemKind::SNIPPET
            } else {
                lsp::CompletionItemKind::KEYWORD
            }
        }
        CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Team => lsp::CompletionItemKind::CLASS,
        CompletionKind::Persona => lsp::CompletionItemKind::STRUCT,
        CompletionKind::Channel => lsp::CompletionItemKind::INTERFACE,
        CompletionKind::Touchpoint => lsp::CompletionItemKind::FUNCTION,
        CompletionKind::Desired => lsp::CompletionItemKind::EVENT,
        CompletionKind::Promise => lsp::CompletionItemKind::CONSTANT,
        CompletionKind::Kpi => lsp::CompletionItemKind::PROPERTY,
        CompletionKind::Data => lsp::CompletionItemKind::FIELD,
    };
    let new_text = item
        .insert_text
        .clone()
        .unwrap_or_else(|| item.label.clone());
    lsp::CompletionItem {
        label: item.label.clone(),
        kind: Some(kind),
        detail: item.detail.clone(),
        documentation: item.documentation.as_ref().map(|docs| {
            lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: docs.clone(),
            })
        }),
        sort_text: item.sort_text.clone(),
        filter_text: Some(item.label.clone()),
        insert_text_format: Some(if item.snippet {
            lsp::InsertTextFormat::SNIPPET
        } else {
            lsp::InsertTextFormat::PLAIN_TEXT
        }),
        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
            text.range(item.replace),
            new_text,
        ))),
        ..Default::default()
    }
}

pub fn markdown(value: String) -> lsp::MarkupContent {
    lsp::MarkupContent {
        kind: lsp::MarkupKind::Markdown,
        value,
    }
}
