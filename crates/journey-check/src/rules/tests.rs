//! The registry matches the language reference, and every rule's docs have
//! an example that triggers it.

// Tests print what they skipped or measured.
#![allow(clippy::print_stdout, clippy::print_stderr)]

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

/// The codes of LANGUAGE.md §10 (language 1.1), in the table's order.
const SPEC_CODES_1_1: &[&str] = &[
    "missing-channel",
    "missing-emotion",
    "emotion-cliff",
    "unrated-moment-of-truth",
    "incomplete-kpi",
    "desired-without-target",
    "phase-order",
    "missing-audience",
    "persona-not-in-audience",
    "stale-measurement",
    "future-measurement",
];

/// The language reference as committed in the repository: the tests read
/// this copy, so they never depend on what happens to be beside the clone.
const SPEC: &str = include_str!("../../../../docs/spec/LANGUAGE.md");

/// The table of §6 as the language reference states it.
fn spec_table() -> Vec<(String, String)> {
    table_between("## 6. Diagnostics", "Built-in KPIs")
}

/// The table of §10's new diagnostics.
fn spec_table_1_1() -> Vec<(String, String)> {
    table_between("New diagnostics (", "\"Today\" is")
}

/// `(code, severity)` rows of the table between two markers of the reference.
fn table_between(from: &str, to: &str) -> Vec<(String, String)> {
    let start = SPEC
        .find(from)
        .unwrap_or_else(|| panic!("{from} in LANGUAGE.md"));
    let end = SPEC[start..].find(to).map_or(SPEC.len(), |e| start + e);
    SPEC[start..end]
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((code.to_string(), cells.get(2)?.to_string()))
        })
        .collect()
}

/// The contract lives in `shared/spec/` beside the repository where it is
/// maintained (as in CI); the committed copy must be that text.
#[test]
fn the_committed_reference_is_the_contract() {
    let contract =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec/LANGUAGE.md");
    match std::fs::read_to_string(&contract) {
        Ok(text) => assert!(
            text == SPEC,
            "docs/spec/LANGUAGE.md differs from {}: copy the contract in",
            contract.display()
        ),
        Err(_) => eprintln!(
            "note: {} is not beside the repository; the committed copy is used",
            contract.display()
        ),
    }
}

#[test]
fn every_code_of_the_reference_has_a_rule_with_its_severity() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    let expected: Vec<&str> = SPEC_CODES.iter().chain(SPEC_CODES_1_1).copied().collect();
    assert_eq!(codes, expected);
    let table = spec_table();
    let spec: Vec<&str> = table.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        &codes[..SPEC_CODES.len()],
        spec,
        "RULES and the table of LANGUAGE.md §6 differ"
    );
    let table_1_1 = spec_table_1_1();
    let spec_1_1: Vec<&str> = table_1_1.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        &codes[SPEC_CODES.len()..],
        spec_1_1,
        "RULES and the table of LANGUAGE.md §10 differ"
    );
    for (code, severity) in table.iter().chain(&table_1_1) {
        let rule = rule(code).unwrap();
        assert_eq!(rule.severity.as_str(), severity, "severity of {code}");
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
        let codes: Vec<&str> = check
            .analysis
            .diagnostics()
            .iter()
            .map(|d| d.code)
            .collect();
        assert!(
            codes.contains(&rule.code),
            "the example of {} reports {codes:?}",
            rule.code
        );
    }
}

#[test]
fn checks_on_several_threads_find_what_they_find_on_one_in_the_same_order() {
    // Every rule's example in one file (clashing names add findings), and
    // a generated journey.
    let mut text = String::new();
    for rule in RULES {
        if let Some(start) = rule.docs.find("```journey\n") {
            let start = start + "```journey\n".len();
            let end = start + rule.docs[start..].find("```").unwrap();
            text.push_str(&rule.docs[start..end]);
        }
    }
    text.push_str(&journey_syntax::testgen::journey(3_000));
    let fs = crate::MemoryFileSystem::new().with("/example/map.journey", text.as_str());
    let check = crate::check_file(&fs, std::path::Path::new("/example/map.journey"));
    let found = |parallel| {
        let mut sink = super::Sink::default();
        super::run_checks(&check.analysis, &mut sink, parallel);
        format!("{:?}", sink.into_parts())
    };
    let one = found(false);
    assert!(one.matches("Diagnostic").count() > 100, "{one}");
    assert_eq!(found(true), one);
}
