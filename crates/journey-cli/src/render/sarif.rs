//! `--format sarif`: a SARIF 2.1.0 log, one rule per code, one result per
//! diagnostic.

use journey_check::rules::RULES;
use journey_check::CheckResult;
use journey_syntax::Severity;
use serde_json::{json, Value};

use super::{display_path, json::other_file_range, Positions, Range};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn render(result: &CheckResult) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule_name(rule.code),
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": full_description(rule.docs, rule.summary) },
                "help": { "text": format!("Run `journey explain {}` for an example and the fix.", rule.code) },
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &result.files {
        let positions = Positions::new(file);
        let uri = display_path(&file.path);
        for diagnostic in &file.diagnostics {
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let related: Vec<Value> = diagnostic
                .labels
                .iter()
                .enumerate()
                .map(|(id, label)| {
                    let (label_uri, range) = match &label.file {
                        Some(other) => (
                            display_path(other),
                            other_file_range(result, other, label.span),
                        ),
                        None => (uri.clone(), positions.range(label.span)),
                    };
                    json!({
                        "id": id,
                        "message": { "text": label.message },
                        "physicalLocation": physical_location(&label_uri, range),
                    })
                })
                .collect();
            let mut entry = json!({
                "ruleId": diagnostic.code,
                "level": level(diagnostic.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": physical_location(&uri, positions.range(diagnostic.span)),
                }],
            });
            if let Some(index) = RULES.iter().position(|r| r.code == diagnostic.code) {
                entry["ruleIndex"] = json!(index);
            }
            if !related.is_empty() {
                entry["relatedLocations"] = Value::Array(related);
            }
            results.push(entry);
        }
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "journey",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://example.invalid/journey",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).expect("the log serialises");
    text.push('\n');
    text
}

fn physical_location(uri: &str, range: Range) -> Value {
    json!({
        "artifactLocation": { "uri": uri },
        "region": {
            "startLine": range.start.line,
            "startColumn": range.start.column,
            "endLine": range.end.line,
            "endColumn": range.end.column,
        }
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

/// `target-missed` → `TargetMissed`, SARIF's customary rule name.
fn rule_name(code: &str) -> String {
    code.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn full_description(docs: &str, summary: &str) -> String {
    let first_paragraph = docs
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'));
    first_paragraph.unwrap_or(summary).to_string()
}
