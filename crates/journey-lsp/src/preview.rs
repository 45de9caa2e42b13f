//! `workspace/executeCommand` `journey.render`: the HTML map of an open
//! document's current (unsaved) text, for the editor's live preview.
//!
//! Arguments: the document's URI (a string, or `{ "uri": … }`). The answer
//! is `{ uri, version, html, errors, warnings, advice }`; `html` is `null`
//! when the text has errors (a map of a broken file would disagree with
//! `journey compile`): the preview keeps its last good map and shows the
//! error count.

use std::path::Path;

use journey_check::{check_file, compile, FileSystem};
use journey_map::{findings, Format};
use journey_syntax::Severity;
use serde_json::{json, Value};

/// The command's name.
pub(crate) const RENDER: &str = "journey.render";

/// The URI named by the command's arguments.
pub(crate) fn uri_argument(arguments: &[Value]) -> Option<String> {
    match arguments.first()? {
        Value::String(uri) => Some(uri.clone()),
        Value::Object(object) => object.get("uri")?.as_str().map(str::to_string),
        _ => None,
    }
}

/// Checks `path` through `fs` (which serves the open buffers) and draws it.
pub(crate) fn render(fs: &dyn FileSystem, path: &Path, uri: &str, version: i32) -> Value {
    let check = check_file(fs, path);
    let count = |severity: Severity| {
        check
            .analysis
            .diagnostics()
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let errors: usize = check
        .reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .count();
    let html = (errors == 0).then(|| {
        let model = compile::compile(&check.analysis);
        journey_map::render(&model, &findings(&check.analysis), Format::Html, None)
    });
    json!({
        "uri": uri,
        "version": version,
        "html": html,
        "errors": errors,
        "warnings": count(Severity::Warning),
        "advice": count(Severity::Advice),
    })
}
