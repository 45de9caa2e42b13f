//! Generates large, valid journeys for benchmarks and property tests, and
//! wraps statements in the blocks that hold them for table-driven tests.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Every file under `dir`, at any depth, whose path `wanted` accepts (in
/// no particular order): the fixtures that table-driven tests walk.
pub fn files_under(dir: &Path, wanted: &dyn Fn(&Path) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if wanted(&path) {
                found.push(path);
            }
        }
    }
    Ok(found)
}

/// Whether a path names a `.journey` file (for [`files_under`]).
pub fn is_journey(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "journey")
}

/// A small deterministic generator of numbers for randomised tests (no
/// dependency, the same sequence on every run).
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    /// A text of fewer than `most` of `pieces`, each picked at random.
    pub fn text(&mut self, pieces: &[&str], most: usize) -> String {
        let mut text = String::new();
        for _ in 0..self.below(most) {
            text.push_str(pieces[self.below(pieces.len())]);
        }
        text
    }
}

/// A journey of about `lines` lines (≈ 30 bytes a line) that parses and
/// checks cleanly: teams and personas, then stages of ten touchpoints each
/// with channels, emotions, pains, `next` edges, desired and completed
/// actions and KPIs.
pub fn journey(lines: usize) -> String {
    const STAGE_LINES: usize = 6 + 10 * 22;
    let mut out = String::with_capacity(lines * 32);
    out.push_str("team marketing \"Marketing\"\nteam sales \"Sales\"\n\n");
    out.push_str(
        "/// The generated audience.\npersona traveler \"Traveler\" {\n    segment b2c\n    age 30..50\n    region \"PL\", \"DE\"\n    data email, phone, app\n}\n\n",
    );
    out.push_str("journey generated \"Generated journey\" {\n    goal \"Measure the tools\"\n    approach action\n    for traveler\n    scale 1..5\n    owner marketing\n");
    let mut stage = 0;
    let mut touchpoint = 0;
    let mut written = out.lines().count();
    while written + 2 < lines {
        let _ = write!(
            out,
            "\n    stage s{stage} \"Stage {stage}\" {{\n        phase pre_purchase\n        owner sales\n        expects \"Clear prices\"\n"
        );
        for _ in 0..10 {
            let t = touchpoint;
            let _ = write!(
                out,
                "        /// Touchpoint {t}.\n        touchpoint t{t} \"Touchpoint {t}\" {{\n            channel email\n            emotion {}\n            effort 2\n            pain \"Slow page\" {{\n                severity medium\n                opportunity \"Cache it\"\n            }}\n            desired d{t} \"Does it\" {{\n                target 30%\n                event \"e{t}\"\n            }}\n            completed d{t} 40 of 100\n            kpi csat {{\n                target 80%\n                actual 85%\n            }}\n            next t{}\n        }}\n",
                2 + t % 3,
                t + 1
            );
            touchpoint += 1;
        }
        out.push_str("    }\n");
        stage += 1;
        written += STAGE_LINES;
    }
    // The last `next` points one past the end: close the loop.
    let last = format!("next t{touchpoint}\n");
    if let Some(at) = out.rfind(&last) {
        out.replace_range(at..at + last.len(), "next t0\n");
    }
    out.push_str("}\n");
    out
}

/// A journey of about `lines` lines shaped for the language server's
/// benchmarks: one stage per touchpoint, every touchpoint rated 3 and every
/// desired action below its target, so that each stage carries two
/// diagnostics (`lowest-emotion`, `target-missed`).
pub fn lsp_journey(lines: usize) -> String {
    let mut out = String::from(
        "team sales \"Sales\"\npersona p { data email, phone }\njourney big \"Big\" {\n    goal \"g\"\n    for p\n    owner sales\n",
    );
    let mut written = out.lines().count();
    let mut n = 0;
    while written < lines {
        let _ = write!(
            out,
            "    stage s{n} \"Stage {n}\" {{\n        phase usage\n        touchpoint t{n} \"Touchpoint {n}\" {{\n            channel email\n            emotion 3\n            next t{}\n            desired d{n} {{ target 30% }}\n            completed d{n} 10 of 40\n        }}\n    }}\n",
            n + 1
        );
        n += 1;
        written += 10;
    }
    let _ = write!(
        out,
        "    stage last {{ touchpoint t{n} {{ channel web emotion 4 }} }}\n}}\n"
    );
    out
}

/// A file with `body` where a block of `kind` holds it (a top-level body as
/// it is); `None` for a block no statement can stand in.
pub fn inside_block(kind: crate::BlockKind, body: &str) -> Option<String> {
    use crate::BlockKind;
    Some(match kind {
        BlockKind::TopLevel => body.to_string(),
        BlockKind::Persona => format!("persona p {{\n{body}\n}}\n"),
        BlockKind::Channel => format!("channel c {{\n{body}\n}}\n"),
        BlockKind::Journey => format!("journey j {{\n{body}\n}}\n"),
        BlockKind::Stage => format!("journey j {{\nstage s {{\n{body}\n}}\n}}\n"),
        BlockKind::Touchpoint => {
            format!("journey j {{\nstage s {{\ntouchpoint t {{\n{body}\n}}\n}}\n}}\n")
        }
        BlockKind::Pain => format!(
            "journey j {{\nstage s {{\ntouchpoint t {{\npain \"p\" {{\n{body}\n}}\n}}\n}}\n}}\n"
        ),
        BlockKind::Desired => {
            format!("journey j {{\nstage s {{\ndesired d {{\n{body}\n}}\n}}\n}}\n")
        }
        BlockKind::Kpi => format!("journey j {{\nkpi k {{\n{body}\n}}\n}}\n"),
        BlockKind::Team => return None,
    })
}
