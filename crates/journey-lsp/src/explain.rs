//! *Explain `code`*: the documentation of a diagnostic's rule, served by the
//! server itself (the project has no public home to link to). A code action
//! on each diagnostic runs the `journey.explain` command, which answers with
//! the Markdown of `journey explain CODE`; the editor opens it as a document.

use journey_check::rules::rule;
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, Result};

use crate::proto::lsp;

pub(crate) const EXPLAIN: &str = "journey.explain";

/// One *Explain* action per rule among the diagnostics the client sent
/// (ours only), in their order.
pub(crate) fn actions(diagnostics: &[lsp::Diagnostic]) -> Vec<lsp::CodeActionOrCommand> {
    let mut codes: Vec<&str> = Vec::new();
    for diagnostic in diagnostics {
        if diagnostic.source.as_deref() != Some("journey") {
            continue;
        }
        if let Some(lsp::NumberOrString::String(code)) = &diagnostic.code {
            if rule(code).is_some() && !codes.contains(&code.as_str()) {
                codes.push(code);
            }
        }
    }
    codes
        .into_iter()
        .map(|code| {
            let explained: Vec<lsp::Diagnostic> = diagnostics
                .iter()
                .filter(|d| d.code == Some(lsp::NumberOrString::String(code.to_string())))
                .cloned()
                .collect();
            let title = format!("Explain `{code}`");
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: title.clone(),
                kind: Some(lsp::CodeActionKind::new("quickfix.explain")),
                diagnostics: Some(explained),
                command: Some(lsp::Command {
                    title,
                    command: EXPLAIN.to_string(),
                    arguments: Some(vec![Value::String(code.to_string())]),
                }),
                ..Default::default()
            })
        })
        .collect()
}

/// `journey.explain CODE`: the rule's documentation as Markdown.
pub(crate) fn run(arguments: &[Value]) -> Result<Value> {
    let code = match arguments.first() {
        Some(Value::String(code)) => code.as_str(),
        Some(Value::Object(object)) => object.get("code").and_then(Value::as_str).unwrap_or(""),
        _ => "",
    };
    let normalised = code.trim().to_lowercase().replace('_', "-");
    match rule(&normalised) {
        Some(rule) => Ok(Value::String(rule.explanation())),
        None => Err(Error::invalid_params(format!(
            "unknown diagnostic code `{}`",
            code.chars().take(64).collect::<String>()
        ))),
    }
}
