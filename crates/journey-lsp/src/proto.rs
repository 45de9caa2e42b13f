//! The one module that names LSP types (tower-lsp-server 0.23 re-exports
//! `ls-types`; 0.24 switches to generated types: only this module and the
//! handler signatures in `server.rs` change then). Conversions between the
//! IDE layer's plain structs and byte spans and LSP's positions live here,
//! on top of `journey_syntax::text`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use journey_ide::ParsedFile;
use journey_ide::{CompletionItem, CompletionKind, DefKind as SymbolKind};
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
    pub fn of(file: &'a ParsedFile, unit: ColumnUnit) -> Text<'a> {
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
            return journey_ide::normalize(&path);
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
                message: label.message.to_string(),
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
        tags: journey_check::rules::rule(diagnostic.code)
            .is_some_and(|rule| rule.unnecessary)
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

/// The semantic token types, in legend order: standard LSP types, so
/// that every client's theme colours them without configuration.
pub const TOKEN_TYPES: &[lsp::SemanticTokenType] = &[
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::CLASS,
    lsp::SemanticTokenType::STRUCT,
    lsp::SemanticTokenType::INTERFACE,
    lsp::SemanticTokenType::NAMESPACE,
    lsp::SemanticTokenType::TYPE,
    lsp::SemanticTokenType::FUNCTION,
    lsp::SemanticTokenType::EVENT,
    lsp::SemanticTokenType::ENUM,
    lsp::SemanticTokenType::PROPERTY,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::ENUM_MEMBER,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::NUMBER,
    lsp::SemanticTokenType::COMMENT,
];

/// The one modifier: set on a name where it is defined.
pub const TOKEN_MODIFIERS: &[lsp::SemanticTokenModifier] =
    &[lsp::SemanticTokenModifier::DECLARATION];

pub fn semantic_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: TOKEN_MODIFIERS.to_vec(),
    }
}

/// A token kind's index in [`TOKEN_TYPES`]; the kinds of symbols follow
/// [`symbol_kind`]'s choices.
fn token_type(kind: journey_ide::TokenKind) -> u32 {
    use journey_ide::TokenKind as T;
    match kind {
        T::Keyword => 0,
        T::Symbol(SymbolKind::Team) => 1,
        T::Symbol(SymbolKind::Persona) => 2,
        T::Symbol(SymbolKind::Channel) => 3,
        T::Symbol(SymbolKind::Journey) => 4,
        T::Symbol(SymbolKind::Stage) => 5,
        T::Symbol(SymbolKind::Touchpoint) => 6,
        T::Symbol(SymbolKind::Desired) => 7,
        T::Symbol(SymbolKind::Promise) => 8,
        T::Symbol(SymbolKind::Kpi) => 9,
        T::Data => 10,
        T::Word => 11,
        T::String => 12,
        T::Number => 13,
        T::Comment => 14,
    }
}

/// Tokens in LSP's relative encoding, positions and lengths in the
/// negotiated unit. A token across lines is cut into one token per line
/// unless the client reads multi-line tokens (`multiline`).
pub fn semantic_tokens(
    text: Text<'_>,
    tokens: &[journey_ide::SemanticToken],
    multiline: bool,
) -> Vec<lsp::SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut previous = lsp::Position::new(0, 0);
    let mut emit = |start: lsp::Position, length: u32, token: &journey_ide::SemanticToken| {
        if length == 0 {
            return;
        }
        // Tokens come sorted and disjoint: the deltas are never negative.
        let delta_line = start.line.saturating_sub(previous.line);
        let delta_start = if delta_line == 0 {
            start.character.saturating_sub(previous.character)
        } else {
            start.character
        };
        out.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: token_type(token.kind),
            token_modifiers_bitset: u32::from(token.definition),
        });
        previous = start;
    };
    for token in tokens {
        let (start, end) = (token.span.start as usize, token.span.end as usize);
        let first = text.index.line_of(start);
        let last = text.index.line_of(end);
        if first == last || multiline {
            let length = unit_len(&text.text[start..end], text.unit);
            emit(text.position(start), length, token);
            continue;
        }
        for line in first..=last {
            let piece_start = start.max(text.index.line_start(line));
            let piece_end = end.min(text.index.line_end(text.text, line));
            if piece_start < piece_end {
                let length = unit_len(&text.text[piece_start..piece_end], text.unit);
                emit(text.position(piece_start), length, token);
            }
        }
    }
    out
}

/// The length of a piece of text in a column unit.
fn unit_len(text: &str, unit: ColumnUnit) -> u32 {
    let len = match unit {
        ColumnUnit::Utf8 => text.len(),
        ColumnUnit::Utf16 => text.encode_utf16().count(),
        ColumnUnit::Char => text.chars().count(),
    };
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// "kind of highlight": a definition is where a name is written.
pub fn highlight(text: Text<'_>, highlight: &journey_ide::Highlight) -> lsp::DocumentHighlight {
    lsp::DocumentHighlight {
        range: text.range(highlight.span),
        kind: Some(if highlight.definition {
            lsp::DocumentHighlightKind::WRITE
        } else {
            lsp::DocumentHighlightKind::READ
        }),
    }
}
