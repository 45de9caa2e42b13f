//! Builds a [`Side`] from files: each is checked (imports followed through
//! the given file system) and compiled, whatever its errors, so that a side
//! with syntax errors still yields what could be resolved.

use std::path::{Path, PathBuf};

use journey_check::{check_file, compile, FileReport, FileSystem};
use journey_syntax::Severity;

use crate::{Finding, FindingSeverity, Side, SideFile};

/// A file to read, and the name that matches it with the other side.
#[derive(Clone, Debug)]
pub struct Input {
    pub read: PathBuf,
    pub name: String,
}

/// A loaded side, with the reports of files that have syntax errors (a
/// report the caller should show: the diff only covers what parsed).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub side: Side,
    pub broken: Vec<FileReport>,
}

/// Checks and compiles every input. Findings in files that are not inputs
/// (imports) are named by their path relative to `base` when they lie
/// under it, else as the checker shows them.
pub fn load(fs: &dyn FileSystem, inputs: &[Input], base: Option<&Path>) -> Loaded {
    let mut loaded = Loaded::default();
    let mut reported: Vec<String> = Vec::new();
    for input in inputs {
        let check = check_file(fs, &input.read);
        loaded.side.files.push(SideFile {
            name: input.name.clone(),
            model: compile::compile(&check.analysis),
        });
        for report in check.reports {
            let name = name_of(&report.path, inputs, base);
            // A file imported by several inputs is reported once.
            if reported.contains(&name) {
                continue;
            }
            reported.push(name.clone());
            loaded.side.findings.extend(findings(&report, &name));
            if report.diagnostics.iter().any(|d| {
                matches!(
                    journey_check::Code::of(d),
                    Some(journey_check::Code::SyntaxError | journey_check::Code::InvalidUtf8)
                )
            }) {
                loaded.broken.push(report);
            }
        }
    }
    loaded
}

fn name_of(path: &Path, inputs: &[Input], base: Option<&Path>) -> String {
    if let Some(input) = inputs.iter().find(|i| i.read == path) {
        return input.name.clone();
    }
    let absolute = journey_check::paths::absolute(path);
    let relative = base.and_then(|base| {
        absolute
            .strip_prefix(journey_check::paths::absolute(base))
            .ok()
    });
    journey_check::paths::display(relative.unwrap_or(path))
}

/// The errors and warnings of a report (advice is not a finding a change
/// introduces or fixes).
fn findings(report: &FileReport, name: &str) -> Vec<Finding> {
    report
        .diagnostics
        .iter()
        .filter_map(|d| {
            let severity = match d.severity {
                Severity::Error => FindingSeverity::Error,
                Severity::Warning => FindingSeverity::Warning,
                Severity::Advice => return None,
            };
            Some(Finding {
                file: name.to_string(),
                code: d.code.to_string(),
                severity,
                message: d.message.clone(),
            })
        })
        .collect()
}
