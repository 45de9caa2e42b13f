//! `--format sarif`: a SARIF 2.1.0 log, one rule per code (described once,
//! in `tool.driver.rules`) and one result per diagnostic (which refers to
//! its rule by `ruleIndex`). Results are written one at a time.

use std::collections::HashMap;
use std::io::{self, Write};

use journey_check::rules::RULES;
use journey_check::FileReport;
use journey_syntax::Severity;
use serde::Serialize;

use super::{display_path, write_pretty_indented, LabelFiles, Positions, Range, Renderer, Summary};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    /// Only when the project has a public home (no dead links).
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<SarifRule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    /// The rule's whole documentation, inline: viewers show it without a link.
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    level: &'static str,
    message: Text,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Related<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Related<'a> {
    id: usize,
    message: Text,
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Artifact<'a>,
    region: Region,
}

#[derive(Serialize)]
struct Artifact<'a> {
    uri: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

pub(super) struct Sarif {
    /// The log up to the results' array: the tool and its rules.
    start: Vec<u8>,
    /// `start`, then the indentation of the first result.
    opening: Vec<u8>,
    rule_index: HashMap<&'static str, usize>,
}

impl Sarif {
    pub(super) fn new() -> Sarif {
        let mut start = format!(
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": "
        )
        .into_bytes();
        write_pretty_indented(&mut start, &tool(), "      ", &mut Vec::new())
            .expect("the tool serialises to memory");
        start.extend_from_slice(
            b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
        );
        let mut opening = start.clone();
        opening.extend_from_slice(b"\n        ");
        Sarif {
            start,
            opening,
            rule_index: RULES
                .iter()
                .enumerate()
                .map(|(i, rule)| (rule.code, i))
                .collect(),
        }
    }
}

impl Renderer for Sarif {
    fn write_part(&self, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let positions = Positions::new(file);
        let mut label_files = LabelFiles::new(file);
        let uri = display_path(&file.path);
        let mut scratch = Vec::new();
        for (i, diagnostic) in file.diagnostics.iter().enumerate() {
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let related = diagnostic
                .labels
                .iter()
                .enumerate()
                .map(|(id, label)| {
                    let (label_uri, range) = match &label.file {
                        Some(other) => (
                            display_path(other).into(),
                            label_files.range(other, label.span),
                        ),
                        None => (uri.as_str().into(), positions.range(label.span)),
                    };
                    Related {
                        id,
                        message: Text {
                            text: label.message.to_string(),
                        },
                        physical_location: physical(label_uri, range),
                    }
                })
                .collect();
            let result = SarifResult {
                rule_id: diagnostic.code,
                level: level(diagnostic.severity),
                message: Text { text: message },
                locations: [Location {
                    physical_location: physical(
                        uri.as_str().into(),
                        positions.range(diagnostic.span),
                    ),
                }],
                rule_index: self.rule_index.get(diagnostic.code).copied(),
                related_locations: related,
            };
            if i > 0 {
                out.write_all(self.separator())?;
            }
            write_pretty_indented(out, &result, "        ", &mut scratch)?;
        }
        Ok(())
    }

    fn opening(&self) -> &[u8] {
        &self.opening
    }

    fn separator(&self) -> &[u8] {
        b",\n        "
    }

    fn finish(&self, out: &mut dyn Write, _summary: &Summary, any: bool) -> io::Result<()> {
        if any {
            out.write_all(b"\n      ]")?;
        } else {
            out.write_all(&self.start)?;
            out.write_all(b"]")?;
        }
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}

fn tool() -> Tool {
    Tool {
        driver: Driver {
            name: "journey",
            version: env!("CARGO_PKG_VERSION"),
            information_uri: journey_check::project_url(),
            rules: RULES
                .iter()
                .map(|rule| SarifRule {
                    id: rule.code,
                    name: rule_name(rule.code),
                    short_description: Text {
                        text: rule.summary.to_string(),
                    },
                    full_description: Text {
                        text: full_description(rule.docs, rule.summary),
                    },
                    help: Help {
                        text: rule.explanation(),
                        markdown: rule.explanation(),
                    },
                    help_uri: rule.docs_url(),
                    default_configuration: Configuration {
                        level: level(rule.severity),
                    },
                })
                .collect(),
        },
    }
}

fn physical(uri: std::borrow::Cow<'_, str>, range: Range) -> Physical<'_> {
    Physical {
        artifact_location: Artifact { uri },
        region: Region {
            start_line: range.start.line,
            start_column: range.start.column,
            end_line: range.end.line,
            end_column: range.end.column,
        },
    }
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
