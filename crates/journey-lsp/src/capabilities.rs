//! What the server tells the client at `initialize`: its capabilities, and
//! the workspace folders it walks.

use std::path::PathBuf;

use journey_syntax::ColumnUnit;

use crate::proto::{self, lsp};

/// The workspace folders the client names (the old `rootUri` when it
/// names none); only `file:` folders can be walked.
pub(crate) fn workspace_roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let uris: Vec<&lsp::Uri> = match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => folders.iter().map(|f| &f.uri).collect(),
        #[allow(deprecated)]
        _ => params.root_uri.iter().collect(),
    };
    uris.into_iter()
        .filter(|uri| uri.scheme().as_str().eq_ignore_ascii_case("file"))
        .map(proto::uri_to_path)
        .collect()
}

pub(crate) fn capabilities(unit: ColumnUnit) -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(match unit {
            ColumnUnit::Utf8 => lsp::PositionEncodingKind::UTF8,
            _ => lsp::PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".to_string(), ",".to_string()]),
            ..Default::default()
        }),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
        folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
        selection_range_provider: Some(lsp::SelectionRangeProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        inlay_hint_provider: Some(lsp::OneOf::Left(true)),
        document_formatting_provider: crate::format::AVAILABLE.then_some(lsp::OneOf::Left(true)),
        document_range_formatting_provider: crate::format::AVAILABLE
            .then_some(lsp::OneOf::Left(true)),
        document_highlight_provider: Some(lsp::OneOf::Left(true)),
        document_link_provider: Some(lsp::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        code_lens_provider: Some(lsp::CodeLensOptions {
            resolve_provider: Some(false),
        }),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: proto::semantic_legend(),
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: Default::default(),
                },
            ),
        ),
        execute_command_provider: Some(lsp::ExecuteCommandOptions {
            commands: vec![
                crate::preview::RENDER.to_string(),
                crate::explain::EXPLAIN.to_string(),
            ],
            ..Default::default()
        }),
        ..Default::default()
    }
}
