//! The statements inside a large file's stages, taken out of its tree in a
//! check run (`journey check`), so that the tree and the model of a large
//! file are never whole at once: the model's build consumes the bodies
//! stage by stage and frees each one as it goes (issue #16, peak memory).
//!
//! The tree left behind keeps every statement outside the stages, and the
//! stages themselves with empty blocks. That is all that the rest of a check
//! reads: an importer's model takes only top-level definitions, and the
//! rules read the model, except the fixes of `missing-goal` and
//! `unknown-reference` (which look at top-level and journey-level
//! statements) and the literal check of `value-out-of-range`, which runs
//! over the bodies before the build consumes them
//! ([`crate::analysis`]). The editor, `compile` and `render` never take
//! bodies out: they keep the whole tree.

use journey_syntax::ast::{SourceFile, Stmt, StmtKind};

/// A file's stage bodies, by where each stage's block opens.
#[derive(Debug, Default)]
pub(crate) struct StageBodies {
    /// The offset of the block's `{` and its statements, in source order.
    bodies: Vec<(u32, Vec<Stmt>)>,
}

/// Moves what a stage statement keeps on the heap (its definition and doc
/// comment) to new allocations made on this thread. A large file is parsed
/// on rayon's threads, and its stage statements outlive the bodies around
/// them: left where they were made, one stage on each page of the tree
/// would keep the whole page resident once the bodies are freed.
#[allow(
    clippy::replace_box,
    reason = "the new allocation, made on this thread, is the point"
)]
fn move_to_this_thread(stmt: &mut Stmt) {
    if let StmtKind::Stage(stage) = &mut stmt.kind {
        *stage = Box::new(std::mem::take(&mut **stage));
    }
    if let Some(doc) = &mut stmt.doc {
        let moved = Box::new(std::mem::take(&mut **doc));
        *doc = moved;
    }
}

impl StageBodies {
    /// Takes the statements out of every stage block of `file`, leaving the
    /// blocks empty.
    pub(crate) fn take_from(file: &mut SourceFile) -> StageBodies {
        let mut bodies = Vec::new();
        for item in &mut file.items {
            let StmtKind::Journey(journey) = &mut item.kind else {
                continue;
            };
            let Some(block) = journey.block.as_mut() else {
                continue;
            };
            for stmt in &mut block.stmts {
                if let StmtKind::Stage(stage) = &mut stmt.kind {
                    if let Some(block) = stage.block.as_mut() {
                        bodies.push((block.open.start, std::mem::take(&mut block.stmts)));
                    }
                    move_to_this_thread(stmt);
                }
            }
        }
        StageBodies { bodies }
    }

    /// The statements of the stage whose block opens at `open`, taken out;
    /// `None` when they are not here.
    pub(crate) fn take(&mut self, open: u32) -> Option<Vec<Stmt>> {
        let at = self
            .bodies
            .binary_search_by_key(&open, |(at, _)| *at)
            .ok()?;
        Some(std::mem::take(&mut self.bodies[at].1))
    }

    /// Every statement still here, stage by stage.
    pub(crate) fn stmts(&self) -> impl Iterator<Item = &Stmt> {
        self.bodies.iter().flat_map(|(_, stmts)| stmts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_come_out_in_order_and_leave_empty_blocks() {
        let text = "team t\njourney j {\n  goal \"g\"\n  stage a { touchpoint x {} }\n  stage b\n  stage c {\n    touchpoint y {}\n    touchpoint z {}\n  }\n}\n";
        let mut parse = journey_syntax::parse(text);
        let mut bodies = StageBodies::take_from(&mut parse.file);
        let opens: Vec<u32> = bodies.bodies.iter().map(|(at, _)| *at).collect();
        let a = text.find("a {").unwrap() as u32 + 2;
        let c = text.find("c {").unwrap() as u32 + 2;
        assert_eq!(opens, [a, c]);
        assert_eq!(bodies.stmts().count(), 3);
        let StmtKind::Journey(journey) = &parse.file.items[1].kind else {
            panic!("a journey")
        };
        assert_eq!(
            journey.stmts().len(),
            4,
            "the journey keeps its own statements"
        );
        for stmt in journey.stmts() {
            if let StmtKind::Stage(stage) = &stmt.kind {
                assert!(stage.stmts().is_empty());
            }
        }
        assert_eq!(bodies.take(c).map(|s| s.len()), Some(2));
        assert_eq!(bodies.take(c).map(|s| s.len()), Some(0), "taken once");
        assert!(bodies.take(a + 1).is_none());
    }
}

#[cfg(test)]
mod hollowed {
    use std::path::{Path, PathBuf};

    use crate::analysis::analyse;
    use crate::workspace::Workspace;
    use crate::{FileSystem, MemoryFileSystem, Model, RealFileSystem};
    use journey_syntax::Diagnostic;

    /// The model and the diagnostics of `path`'s analysis, its file
    /// hollowed or not, and whether it was.
    fn analysed(fs: &dyn FileSystem, path: &Path, hollow: bool) -> (Model, Vec<Diagnostic>, bool) {
        let mut workspace = Workspace::new(fs);
        workspace.hollow_from = if hollow { 0 } else { usize::MAX };
        let file = workspace.load(path);
        let analysis = analyse(&workspace, &file);
        (
            analysis.model.clone(),
            analysis.diagnostics().to_vec(),
            file.hollowed,
        )
    }

    /// Every fixture of the repository (with its imports and
    /// `journey.toml`), checked as a hollowed file: the model and the
    /// diagnostics of a whole one.
    #[test]
    fn every_fixture_hollowed_is_checked_like_a_whole_one() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        let paths =
            journey_syntax::testgen::files_under(&fixtures, &journey_syntax::testgen::is_journey)
                .unwrap();
        let mut hollowed = 0;
        for path in &paths {
            let whole = analysed(&RealFileSystem, path, false);
            let hollow = analysed(&RealFileSystem, path, true);
            let shown = path.display();
            assert!(!whole.2, "{shown}");
            hollowed += usize::from(hollow.2);
            assert_eq!(whole.0, hollow.0, "{shown}: the model");
            assert_eq!(whole.1, hollow.1, "{shown}: the diagnostics");
        }
        // All but a file that is not UTF-8 (no tree to hollow).
        assert!(
            hollowed > 100 && hollowed + 5 > paths.len(),
            "{hollowed} of {}",
            paths.len()
        );
    }

    /// A large generated journey with literals no value can hold inside
    /// its stages, parsed in pieces.
    #[test]
    fn a_large_journey_hollowed_is_checked_like_a_whole_one() {
        let mut text = journey_syntax::testgen::journey(20_000);
        let at = text.find("effort 2").unwrap();
        text.replace_range(at..at + "effort 2".len(), "effort 99999999999999999999");
        let at = text.rfind("completed ").unwrap();
        text.insert_str(at, "completed d0 1 of 2 as_of 2026-02-30\n");
        let fs = MemoryFileSystem::new().with("/p/big.journey", text);
        let path = Path::new("/p/big.journey");
        let whole = analysed(&fs, path, false);
        let hollow = analysed(&fs, path, true);
        let codes = |d: &[Diagnostic]| d.iter().filter(|d| d.code == "value-out-of-range").count();
        assert_eq!(codes(&whole.1), 2);
        assert_eq!(whole.0, hollow.0);
        assert_eq!(whole.1, hollow.1);
    }

    /// A check run over a large file and a small one that imports it
    /// (read, hollowed, by both analyses at once): each file's report is
    /// the one a check of the file alone, with its whole tree, gives.
    #[test]
    fn a_check_run_with_a_hollowed_import_reports_what_whole_trees_do() {
        let big = journey_syntax::testgen::journey(20_000);
        assert!(big.len() >= crate::workspace::HOLLOW_FROM);
        let fs = MemoryFileSystem::new()
            .with("/p/.git/HEAD", "")
            .with("/p/big.journey", big)
            .with(
                "/p/user.journey",
                "import \"big.journey\"\nteam marketing \"Again\"\njourney u \"U\" {\n    goal \"g\"\n    owner sales\n    for traveler\n    stage s { touchpoint t { channel email emotion 3 } }\n}\n",
            );
        let paths = [
            PathBuf::from("/p/big.journey"),
            PathBuf::from("/p/user.journey"),
        ];
        let run = crate::check_files(&fs, &paths);
        assert!(run.unreadable.is_empty());
        for path in &paths {
            let alone = crate::check_file(&fs, path);
            let in_run: Vec<_> = run.files.iter().filter(|r| &r.path == path).collect();
            let own: Vec<_> = alone.reports.iter().filter(|r| &r.path == path).collect();
            assert_eq!(in_run.len(), 1, "{}", path.display());
            assert_eq!(
                in_run[0].diagnostics,
                own[0].diagnostics,
                "{}",
                path.display()
            );
            assert!(!own[0].diagnostics.is_empty(), "{}", path.display());
        }
    }

    /// A file analysed twice keeps its stage bodies for both: the second
    /// analysis parses the text again for them.
    #[test]
    fn a_hollowed_file_analysed_twice_is_whole_both_times() {
        let text = journey_syntax::testgen::journey(300);
        let fs = MemoryFileSystem::new().with("/p/a.journey", text);
        let path = Path::new("/p/a.journey");
        let whole = analysed(&fs, path, false);
        let mut workspace = Workspace::new(&fs);
        workspace.hollow_from = 0;
        let file = workspace.load(path);
        for _ in 0..2 {
            let analysis = analyse(&workspace, &file);
            assert_eq!(analysis.model, whole.0);
            assert_eq!(analysis.diagnostics(), whole.1);
        }
    }
}
