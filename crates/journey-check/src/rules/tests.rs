//! The registry matches the language reference, and every rule's docs have
//! an example that triggers it.

use super::*;

/// The codes of LANGUAGE.md §6, in the table's order.
const SPEC_CODES: &[&str] = &[
    "syntax-error",
    "invalid-utf8",
    "duplicate-definition",
    "duplicate-field",
    "unknown-reference",
    "invalid-scale",
    "emotion-out-of-scale",
    "value-out-of-range",
    "unit-mismatch",
    "invalid-count",
    "duplicate-completed",
    "import-not-found",
    "import-cycle",
    "import-outside-root",
    "missing-goal",
    "empty-journey",
    "empty-stage",
    "channel-data-missing",
    "broken-promise",
    "promise-kept-before-made",
    "unreachable-touchpoint",
    "target-missed",
    "unaddressed-pain",
    "weak-moment-of-truth",
    "unused-definition",
    "unmeasured-action",
    "missing-owner",
    "lowest-emotion",
    "invalid-config",
];

/// The table of §6 as the language reference states it, when the reference
/// is beside the repository (`../shared/spec/LANGUAGE.md`).
fn spec_table() -> Option<Vec<(String, String)>> {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec/LANGUAGE.md");
    let text = std::fs::read_to_string(path).ok()?;
    let start = text.find("## 6. Diagnostics")?;
    let end = text[start..]
        .find("Built-in KPIs")
        .map_or(text.len(), |e| start + e);
    let rows = text[start..end]
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((code.to_string(), cells.get(2)?.to_string()))
        })
        .collect();
    Some(rows)
}

#[test]
fn every_code_of_the_reference_has_a_rule_with_its_severity() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    assert_eq!(codes, SPEC_CODES);
    if let Some(table) = spec_table() {
        let spec: Vec<&str> = table.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(codes, spec, "RULES and the table of LANGUAGE.md §6 differ");
        for (code, severity) in &table {
            let rule = rule(code).unwrap();
            assert_eq!(rule.severity.as_str(), severity, "severity of {code}");
        }
    }
}

#[test]
fn every_rule_is_documented_with_an_example_and_a_fix() {
    for rule in RULES {
        assert!(!rule.summary.is_empty(), "{}: no summary", rule.code);
        for heading in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(
                rule.docs.contains(heading),
                "{}: docs lack `{heading}`",
                rule.code
            );
        }
        let example = &rule.docs[rule.docs.find("## Example").unwrap()..];
        assert!(
            example.contains("```journey") || example.contains("```toml"),
            "{}: the example has no code block",
            rule.code
        );
    }
}

/// Rules whose example needs more than one journey file, or is not journey
/// text at all.
const EXAMPLE_NOT_SELF_CONTAINED: &[&str] = &[
    "invalid-utf8",
    "import-not-found",
    "import-cycle",
    "import-outside-root",
    "invalid-config",
];

#[test]
fn every_example_triggers_its_rule() {
    for rule in RULES {
        if EXAMPLE_NOT_SELF_CONTAINED.contains(&rule.code) {
            continue;
        }
        let start = rule.docs.find("```journey\n").unwrap() + "```journey\n".len();
        let end = start + rule.docs[start..].find("```").unwrap();
        let example = &rule.docs[start..end];
        let fs = crate::MemoryFileSystem::new().with("/example/map.journey", example);
        let check = crate::check_file(&fs, std::path::Path::new("/example/map.journey"));
        let codes: Vec<&str> = check.analysis.diagnostics.iter().map(|d| d.code).collect();
        assert!(
            codes.contains(&rule.code),
            "the example of {} reports {codes:?}",
            rule.code
        );
    }
}
