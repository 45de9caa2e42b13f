//! The fixture runner: every file under `tests/fixtures/check` carries its
//! expectations inline. A line ending in `//~ code` (`#~ code` in TOML; more
//! codes separated by spaces or commas) expects each code to be reported
//! starting on that line; nothing else may be reported anywhere. Every
//! file's rendered report is also snapshotted.
//!
//! All fixtures are checked in one run, as `journey check tests/fixtures/check`
//! would: imported files and `journey.toml` report their own diagnostics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use journey_check::rules::RULES;
use journey_check::{check_files, FileReport, RealFileSystem};
use journey_syntax::{ColumnUnit, LineIndex};

/// Relative to the crate's directory (where `cargo test` runs), so that paths
/// in messages do not depend on where the repository is cloned.
fn fixtures_dir() -> PathBuf {
    assert!(
        Path::new("Cargo.toml").exists(),
        "run from the crate's directory"
    );
    PathBuf::from("../../tests/fixtures/check")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "journey") {
            out.push(path);
        }
    }
}

fn fixture_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect(&fixtures_dir(), &mut files);
    assert!(!files.is_empty(), "no fixtures");
    files
}

/// `(line, code)` pairs expected by the annotations of a text (1-based).
fn expectations(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let marker = line.find("//~").or_else(|| line.find("#~"));
        let Some(at) = marker else { continue };
        let rest = line[at..].trim_start_matches(['/', '#', '~']);
        for code in rest.split([' ', ',']).filter(|c| !c.is_empty()) {
            out.push((i + 1, code.to_string()));
        }
    }
    out.sort();
    out
}

fn relative(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    match shown.find("tests/fixtures/check/") {
        Some(at) => shown[at + "tests/fixtures/check/".len()..].to_string(),
        None => shown,
    }
}

/// A plain rendering of a file's diagnostics, for snapshots.
fn render(report: &FileReport) -> String {
    let text = &report.text;
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in &report.diagnostics {
        let start = index.line_col(text, d.span.start as usize, ColumnUnit::Char);
        let end = index.line_col(text, d.span.end as usize, ColumnUnit::Char);
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {}\n",
            relative(&report.path),
            start.line + 1,
            start.col + 1,
            d.severity.as_str(),
            d.code,
            d.message
        ));
        let line_start = index.line_start(start.line);
        let line_end = index.line_end(text, start.line);
        let source = &text[line_start..line_end];
        out.push_str(&format!("    | {source}\n"));
        let width = if end.line == start.line {
            (end.col - start.col).max(1)
        } else {
            (source.chars().count() as u32 - start.col).max(1)
        };
        out.push_str(&format!(
            "    | {}{}\n",
            " ".repeat(start.col as usize),
            "^".repeat(width as usize)
        ));
        for label in &d.labels {
            let place = match &label.file {
                Some(file) => format!("{}:{}", relative(file), label.span.start),
                None => {
                    let at = index.line_col(text, label.span.start as usize, ColumnUnit::Char);
                    format!("{}:{}", at.line + 1, at.col + 1)
                }
            };
            out.push_str(&format!("    = label ({place}): {}\n", label.message));
        }
        if let Some(help) = &d.help {
            out.push_str(&format!("    = help: {help}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    out
}

/// The fixtures' "today" (LANGUAGE.md §10), so that `as_of` checks are
/// reproducible.
fn fix_today() {
    journey_check::today::set_today(journey_check::today::parse_date("2026-12-01").unwrap());
}

#[test]
fn fixtures_report_exactly_what_they_expect() {
    fix_today();
    let files = fixture_files();
    let result = check_files(&RealFileSystem, &files);
    assert!(result.unreadable.is_empty(), "{:?}", result.unreadable);
    let mut reports: BTreeMap<String, &FileReport> = BTreeMap::new();
    for report in &result.files {
        reports.insert(relative(&report.path), report);
    }
    let mut failures = Vec::new();
    let mut expected_files: Vec<PathBuf> = files.clone();
    // journey.toml files carry expectations too.
    for report in &result.files {
        if report.path.ends_with("journey.toml") {
            expected_files.push(report.path.clone());
        }
    }
    let mut toml_files = Vec::new();
    collect_toml(&fixtures_dir(), &mut toml_files);
    expected_files.extend(toml_files);
    expected_files.sort_by_key(|p| relative(p));
    expected_files.dedup_by_key(|p| relative(p));
    for file in &expected_files {
        let name = relative(file);
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let expected = expectations(&text);
        let mut found: Vec<(usize, String)> = match reports.get(&name) {
            Some(report) => {
                let index = LineIndex::new(&report.text);
                report
                    .diagnostics
                    .iter()
                    .map(|d| {
                        let line = index.line_of(d.span.start as usize) as usize + 1;
                        (line, d.code.to_string())
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        found.sort();
        for e in &expected {
            if !found.contains(e) {
                failures.push(format!("{name}:{}: expected `{}`, not reported", e.0, e.1));
            }
        }
        for f in &found {
            if !expected.contains(f) {
                let message = reports[&name]
                    .diagnostics
                    .iter()
                    .find(|d| d.code == f.1)
                    .map(|d| d.message.clone())
                    .unwrap_or_default();
                failures.push(format!("{name}:{}: unexpected `{}`: {message}", f.0, f.1));
            }
        }
        let rendered = reports
            .get(&name)
            .map_or_else(|| "(no diagnostics)\n".to_string(), |r| render(r));
        let snapshot = name.replace(['/', '.'], "_");
        insta::with_settings!({ snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(snapshot, rendered);
        });
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) {
    let is_config = |path: &Path| path.file_name().is_some_and(|n| n == "journey.toml");
    out.extend(journey_syntax::testgen::files_under(dir, &is_config).unwrap());
}

/// Every code has a fixture named after it that triggers it, and that file
/// also holds a near miss (marked `near miss`) that must stay quiet.
#[test]
fn every_code_has_a_triggering_fixture_and_a_near_miss() {
    let dir = fixtures_dir();
    let mut all_expected = Vec::new();
    let mut texts = BTreeMap::new();
    let mut files = fixture_files();
    collect_toml(&dir, &mut files);
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        all_expected.extend(expectations(&text).into_iter().map(|(_, c)| c));
        texts.insert(relative(&file), text);
    }
    for rule in RULES {
        assert!(
            all_expected.iter().any(|c| c == rule.code),
            "no fixture expects `{}`",
            rule.code
        );
        let stem = rule.code.replace('-', "_");
        let near_miss = texts
            .iter()
            .any(|(name, text)| name.contains(&stem) && text.contains("near miss"));
        assert!(
            near_miss,
            "no fixture `{stem}…` with a `near miss` for `{}`",
            rule.code
        );
    }
    for code in &all_expected {
        assert!(
            RULES.iter().any(|r| r.code == code),
            "fixtures expect an unknown code `{code}`"
        );
    }
}
