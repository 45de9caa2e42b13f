//! The JSON Schemas published under `schemas/`:
//!
//! - `journey.toml.schema.json`, for editors (taplo / Even Better TOML) to
//!   complete and check `journey.toml`, generated here from the rule
//!   registry (`journey_check::rules::RULES`), the levels and the sections
//!   the configuration reader knows;
//! - `journey-model.schema.json`, the compiled model's schema, which is
//!   exactly what `journey compile --schema` prints.
//!
//! Each test fails when a committed file differs from what the code
//! generates; `UPDATE_SCHEMAS=1` rewrites them instead:
//!
//! ```sh
//! UPDATE_SCHEMAS=1 cargo test -p journey-cli --test schemas
//! ```
//!
//! The configuration schema is also checked against the configuration
//! reader itself: a `journey.toml` is valid for the schema exactly when
//! `journey_check::config::parse` reports nothing about it.

// Tests print what they skipped or measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use journey_check::config::{self, Level, FIXED_CODES, SECTIONS};
use journey_check::rules::RULES;
use journey_check::Code;
use serde_json::{json, Map, Value};

const CONFIG_SCHEMA: &str = "journey.toml.schema.json";
const MODEL_SCHEMA: &str = "journey-model.schema.json";

fn schemas_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

/// The codes a `journey.toml` may set: every rule but the fixed ones.
fn configurable_rules() -> impl Iterator<Item = &'static journey_check::rules::Rule> {
    RULES
        .iter()
        .filter(|rule| Code::from_name(rule.code).is_some_and(config::is_configurable))
}

fn lints_section() -> Value {
    let levels: Vec<&str> = Level::NAMES.to_vec();
    let mut properties = Map::new();
    for rule in configurable_rules() {
        let description = format!(
            "{} Default: {}. `journey explain {}` tells more.",
            rule.summary,
            rule.severity.as_str(),
            rule.code
        );
        properties.insert(
            rule.code.to_string(),
            json!({
                "description": description,
                "type": "string",
                "enum": levels,
                "default": rule.severity.as_str(),
            }),
        );
    }
    let fixed: Vec<String> = FIXED_CODES.iter().map(|code| format!("`{code}`")).collect();
    json!({
        "description": format!(
            "The severity of each diagnostic code for the maps in this folder and below: \
             allow (not reported), advice, warning or error. {} cannot be changed.",
            fixed.join(", ")
        ),
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// `max-file-size`: bytes, or a size as `config::parse_size` reads it.
fn limits_section() -> Value {
    json!({
        "description": "Limits on what `journey` reads.",
        "type": "object",
        "properties": {
            "max-file-size": {
                "description": "The largest `.journey` file that is read: a number of bytes, \
                                or a size such as \"64 MiB\" or \"500 KB\" (K, M, G are powers \
                                of 1000; Ki, Mi, Gi of 1024; the B is optional).",
                "oneOf": [
                    { "type": "integer", "minimum": 1 },
                    {
                        "type": "string",
                        "pattern": "^\\s*0*[1-9][0-9]*\\s*([kKmMgG][iI]?)?[bB]?\\s*$"
                    }
                ],
                "default": "64 MiB",
            }
        },
        "additionalProperties": false,
    })
}

fn freshness_section() -> Value {
    json!({
        "description": "How old measurements may be (LANGUAGE.md §10).",
        "type": "object",
        "properties": {
            "max-age": {
                "description": "The oldest `as_of` date that is not `stale-measurement`: a \
                                duration in days or weeks as the language writes it (\"180d\", \
                                \"26w\").",
                "type": "string",
                "pattern": "^0*[1-9][0-9]*[dw]$",
                "default": "365d",
            }
        },
        "additionalProperties": false,
    })
}

/// The schema of each section, by name. A section the reader accepts but
/// this table lacks fails `every_section_of_journey_toml_is_described`.
fn section_schema(name: &str) -> Option<Value> {
    match name {
        "lints" => Some(lints_section()),
        "limits" => Some(limits_section()),
        "freshness" => Some(freshness_section()),
        _ => None,
    }
}

fn config_schema() -> Value {
    let mut properties = Map::new();
    for &section in SECTIONS {
        if let Some(schema) = section_schema(section) {
            properties.insert(section.to_string(), schema);
        }
    }
    // Draft 7: the draft every TOML and JSON editor integration supports.
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "journey.toml",
        "description": "Project settings of `journey` (customer-journey maps as code): the \
                        nearest journey.toml above a .journey file applies to it. Generated \
                        by crates/journey-cli/tests/schemas.rs from the rule registry.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

fn model_schema() -> Value {
    let output = Command::cargo_bin("journey")
        .unwrap()
        .args(["compile", "--schema"])
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

/// Compares (or, with `UPDATE_SCHEMAS=1`, rewrites) one committed schema.
fn check_committed(name: &str, expected: &str) {
    let path = schemas_dir().join(name);
    let actual = std::fs::read_to_string(&path).ok();
    if actual.as_deref() == Some(expected) {
        return;
    }
    if std::env::var("UPDATE_SCHEMAS").is_ok_and(|value| value == "1") {
        std::fs::create_dir_all(schemas_dir()).unwrap();
        std::fs::write(&path, expected).unwrap();
        eprintln!("updated schemas/{name}");
        return;
    }
    let detail = match actual {
        None => "it does not exist".to_string(),
        Some(actual) => {
            let line = actual
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()));
            format!(
                "first difference at line {}:\n  committed: {:?}\n  generated: {:?}",
                line + 1,
                actual.lines().nth(line).unwrap_or("<end of file>"),
                expected.lines().nth(line).unwrap_or("<end of file>"),
            )
        }
    };
    panic!(
        "schemas/{name} is out of date ({detail})\n\n\
         Regenerate with: UPDATE_SCHEMAS=1 cargo test -p journey-cli --test schemas"
    );
}

#[test]
fn the_committed_config_schema_is_up_to_date() {
    check_committed(CONFIG_SCHEMA, &pretty(&config_schema()));
}

#[test]
fn the_committed_model_schema_is_what_compile_schema_prints() {
    check_committed(MODEL_SCHEMA, &pretty(&model_schema()));
}

#[test]
fn every_section_of_journey_toml_is_described() {
    for &section in SECTIONS {
        assert!(
            section_schema(section).is_some(),
            "`[{section}]` is read by journey_check::config but has no schema: \
             describe it in section_schema() in crates/journey-cli/tests/schemas.rs"
        );
    }
}

#[test]
fn both_schemas_are_valid_json_schemas() {
    assert!(jsonschema::meta::is_valid(&config_schema()));
    assert!(jsonschema::meta::is_valid(&model_schema()));
}

/// A `journey.toml` as the JSON a schema validator sees.
fn toml_to_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).unwrap();
    serde_json::to_value(table).unwrap()
}

/// Asserts that the schema and the configuration reader agree on `text`.
fn assert_agree(validator: &jsonschema::Validator, text: &str) {
    let schema_errors: Vec<String> = validator
        .iter_errors(&toml_to_json(text))
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    let (_, diagnostics) = config::parse(text);
    let reader_errors: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        schema_errors.is_empty(),
        reader_errors.is_empty(),
        "schema and reader disagree on\n{text}\nschema: {schema_errors:?}\nreader: {reader_errors:?}"
    );
}

#[test]
fn the_config_schema_accepts_what_the_reader_accepts_and_rejects_the_rest() {
    let validator = jsonschema::validator_for(&config_schema()).unwrap();
    let mut texts = vec![
        String::new(),
        "[lints]\n".to_string(),
        // The directive the guide tells taplo users to write.
        "#:schema ./journey.toml.schema.json\n[lints]\nmissing-owner = \"warning\"\n".to_string(),
        "[limits]\nmax-file-size = 4096\n".to_string(),
        "[limits]\nmax-file-size = \"64 MiB\"\n".to_string(),
        "[limits]\nmax-file-size = \"500kb\"\n".to_string(),
        "[limits]\nmax-file-size = \" 12 \"\n".to_string(),
        "[limits]\nmax-file-size = 0\n".to_string(),
        "[limits]\nmax-file-size = -5\n".to_string(),
        "[limits]\nmax-file-size = \"0 MiB\"\n".to_string(),
        "[limits]\nmax-file-size = \"lots\"\n".to_string(),
        "[limits]\nmax-file-size = \"64 TiB\"\n".to_string(),
        "[limits]\nmax-file-size = 1.5\n".to_string(),
        "[limits]\nmax-file-sise = 1\n".to_string(),
        "limits = 3\n".to_string(),
        "lints = \"all\"\n".to_string(),
        "[lint]\nmissing-owner = \"warning\"\n".to_string(),
        "[lints]\nmising-goal = \"error\"\n".to_string(),
        "[lints]\nmissing-owner = \"loud\"\n".to_string(),
        "[lints]\nmissing-owner = \"Warning\"\n".to_string(),
        "[lints]\nmissing-owner = 1\n".to_string(),
    ];
    for rule in RULES {
        for level in Level::NAMES {
            texts.push(format!("[lints]\n{} = \"{level}\"\n", rule.code));
        }
    }
    for text in &texts {
        assert_agree(&validator, text);
    }
}

#[test]
fn the_config_schema_offers_every_configurable_code_with_its_default() {
    let schema = config_schema();
    let lints = &schema["properties"]["lints"]["properties"];
    for rule in configurable_rules() {
        assert_eq!(lints[rule.code]["default"], rule.severity.as_str());
    }
    for code in FIXED_CODES {
        assert!(
            lints.get(code.name()).is_none(),
            "{code} cannot be configured"
        );
    }
}

#[test]
fn the_fixture_configurations_are_valid_or_invalid_as_the_reader_says() {
    let validator = jsonschema::validator_for(&config_schema()).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/check");
    let mut seen = 0;
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path().join("journey.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if toml::from_str::<toml::Table>(&text).is_err() {
            continue; // malformed TOML: no validator sees it as data
        }
        assert_agree(&validator, &text);
        seen += 1;
    }
    assert!(seen > 0, "no journey.toml fixtures found");
}
