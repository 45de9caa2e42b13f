//! The library API: imports, configuration, reading each file once, and the
//! semantic model the language server builds on.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use journey_check::model::{DefKind, FileId, RefRole};
use journey_check::{
    check_file, check_files, Analysis, FileReport, FileSystem, MemoryFileSystem, Target,
};

/// Counts the reads of each path.
struct Counting<'a> {
    inner: MemoryFileSystem<'a>,
    reads: Mutex<HashMap<PathBuf, usize>>,
}

impl FileSystem for Counting<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        *self
            .reads
            .lock()
            .unwrap()
            .entry(journey_check::paths::absolute(path))
            .or_default() += 1;
        self.inner.read(path)
    }

    fn exists(&self, path: &Path) -> bool {
        self.inner.exists(path)
    }
}

fn codes(report: &FileReport) -> Vec<&str> {
    report.diagnostics.iter().map(|d| d.code).collect()
}

/// The codes of an analysed file's own diagnostics, in order.
fn analysed_codes(analysis: &Analysis) -> Vec<&str> {
    analysis.diagnostics().iter().map(|d| d.code).collect()
}

fn report<'a>(reports: &'a [FileReport], path: &str) -> &'a FileReport {
    reports
        .iter()
        .find(|r| r.path == Path::new(path))
        .unwrap_or_else(|| {
            panic!(
                "no report for {path}: {:?}",
                reports.iter().map(|r| &r.path).collect::<Vec<_>>()
            )
        })
}

const MAP: &str = "persona p { }\njourney j \"J\" {\n    goal \"g\"\n    owner x\n    for p\n    stage s { touchpoint t { channel web } }\n}\n";

#[test]
fn every_file_is_read_once_and_reported_once() {
    let fs = Counting {
        inner: MemoryFileSystem::new()
            .with("/p/.git/HEAD", "")
            .with("/p/shared.journey", "team x \"X\"\nteam x \"Again\"\n")
            .with("/p/a.journey", format!("import \"shared.journey\"\n{MAP}"))
            .with(
                "/p/b.journey",
                format!("import \"./shared.journey\"\n{MAP}"),
            ),
        reads: Mutex::new(HashMap::new()),
    };
    let paths = [PathBuf::from("/p/a.journey"), PathBuf::from("/p/b.journey")];
    let result = check_files(&fs, &paths);
    for (path, count) in fs.reads.lock().unwrap().iter() {
        assert_eq!(*count, 1, "{} read {count} times", path.display());
    }
    let shown: Vec<&Path> = result.files.iter().map(|f| f.path.as_path()).collect();
    assert_eq!(
        shown,
        [
            Path::new("/p/a.journey"),
            Path::new("/p/b.journey"),
            Path::new("/p/shared.journey")
        ]
    );
    assert_eq!(codes(&result.files[0]), Vec::<&str>::new());
    assert_eq!(codes(&result.files[2]), ["duplicate-definition"]);
}

#[test]
fn a_clash_between_two_imported_files_is_reported_in_the_later_one() {
    let fs = MemoryFileSystem::new()
        .with("/p/b.journey", "team x \"X from b\"\n")
        .with("/p/c.journey", "team x \"X from c\"\n")
        .with(
            "/p/a.journey",
            format!("import \"b.journey\"\nimport \"c.journey\"\n{MAP}"),
        )
        .with(
            "/p/d.journey",
            format!("import \"b.journey\"\nimport \"c.journey\"\n{MAP}"),
        );
    let result = check_files(
        &fs,
        &[PathBuf::from("/p/a.journey"), PathBuf::from("/p/d.journey")],
    );
    let c = report(&result.files, "/p/c.journey");
    assert_eq!(c.diagnostics.len(), 1, "{:?}", c.diagnostics);
    let d = &c.diagnostics[0];
    assert_eq!(d.code, "duplicate-definition");
    assert_eq!(d.labels[0].file.as_deref(), Some(Path::new("/p/b.journey")));
    assert!(codes(report(&result.files, "/p/b.journey")).is_empty());
    assert!(codes(report(&result.files, "/p/a.journey")).is_empty());
}

#[test]
fn definitions_are_visible_transitively_and_imported_first() {
    let fs = MemoryFileSystem::new()
        .with("/p/c.journey", "team x \"X\"\npersona traveler \"T\" { data email }\n")
        .with("/p/b.journey", "import \"c.journey\"\nteam y \"Y\"\n")
        .with(
            "/p/a.journey",
            "import \"b.journey\"\nteam x \"Local x\"\njourney j { goal \"g\" owner x for travler\n stage s { owner y touchpoint t { channel email } } }\n",
        );
    let check = check_file(&fs, Path::new("/p/a.journey"));
    let analysis = &check.analysis;
    let files: Vec<&Path> = analysis.files.iter().map(|f| f.path.as_path()).collect();
    assert_eq!(
        files,
        [
            Path::new("/p/a.journey"),
            Path::new("/p/c.journey"),
            Path::new("/p/b.journey")
        ]
    );
    let diagnostics: Vec<(&str, &str)> = analysis
        .diagnostics()
        .iter()
        .map(|d| (d.code, d.help.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        diagnostics,
        [
            (
                "duplicate-definition",
                "the first definition counts; rename this team or remove one of the two"
            ),
            ("unknown-reference", "did you mean `traveler`?"),
        ]
    );
    // `owner x` resolves to the imported (first) definition.
    let model = &analysis.model;
    let owner = model
        .references
        .iter()
        .position(|r| r.role == RefRole::Owner && r.name == "x")
        .unwrap();
    let Some(Target::Definition(def)) = model.references[owner].target else {
        panic!()
    };
    assert_eq!(model.def(def).file, FileId(1));
    assert_eq!(model.def(def).label.as_deref(), Some("X"));
}

#[test]
fn imports_that_leave_the_root_are_not_read() {
    let fs = Counting {
        inner: MemoryFileSystem::new()
            .with("/p/journey.toml", "")
            .with("/q/shared.journey", "team x\n")
            .with(
                "/p/a.journey",
                format!("import \"../q/shared.journey\"\n{MAP}"),
            ),
        reads: Mutex::new(HashMap::new()),
    };
    let check = check_file(&fs, Path::new("/p/a.journey"));
    let codes = analysed_codes(&check.analysis);
    assert_eq!(codes, ["import-outside-root", "unknown-reference"]);
    assert!(!fs
        .reads
        .lock()
        .unwrap()
        .contains_key(Path::new("/q/shared.journey")));
}

#[test]
fn without_a_root_imports_may_go_anywhere() {
    let fs = MemoryFileSystem::new()
        .with("/q/shared.journey", "team x\n")
        .with(
            "/p/a.journey",
            format!("import \"../q/shared.journey\"\n{MAP}"),
        );
    let check = check_file(&fs, Path::new("/p/a.journey"));
    assert!(
        check.analysis.diagnostics().is_empty(),
        "{:?}",
        check.analysis.diagnostics()
    );
}

#[test]
fn a_cycle_is_reported_on_the_import_that_leads_into_it() {
    let fs = MemoryFileSystem::new()
        .with("/p/a.journey", "import \"b.journey\"\nteam a\n")
        .with("/p/b.journey", "import \"a.journey\"\nteam b\n")
        .with(
            "/p/c.journey",
            format!(
                "import \"a.journey\"\n{}",
                MAP.replace("owner x", "owner b")
            ),
        );
    let check = check_file(&fs, Path::new("/p/c.journey"));
    assert!(
        check.analysis.diagnostics().is_empty(),
        "{:?}",
        check.analysis.diagnostics()
    );
    let a = report(&check.reports, "/p/a.journey");
    assert_eq!(codes(a), ["import-cycle"]);
    assert!(a.diagnostics[0]
        .message
        .contains("`/p/a.journey` → `/p/b.journey` → `/p/a.journey`"));
    assert_eq!(
        codes(report(&check.reports, "/p/b.journey")),
        ["import-cycle"]
    );
}

#[test]
fn an_unreadable_import_is_not_found() {
    let fs =
        MemoryFileSystem::new().with("/p/a.journey", format!("import \"gone.journey\"\n{MAP}"));
    let check = check_file(&fs, Path::new("/p/a.journey"));
    let codes = analysed_codes(&check.analysis);
    assert_eq!(codes, ["import-not-found", "unknown-reference"]);
    assert_eq!(check.reports.len(), 1);
}

#[test]
fn each_file_follows_its_nearest_journey_toml() {
    let fs = MemoryFileSystem::new()
        .with("/p/journey.toml", "[lints]\nmissing-goal = \"error\"\nmissing-audience = \"allow\"\n")
        .with("/p/sub/journey.toml", "[lints]\nunused-definition = \"allow\"\nempty-journey = \"advice\"\nmissing-audience = \"allow\"\n")
        .with("/p/sub/shared.journey", "team unused\njourney e \"E\" { }\n")
        .with("/p/a.journey", "import \"sub/shared.journey\"\njourney j { owner unused stage s { touchpoint t { channel web } } }\n");
    let check = check_file(&fs, Path::new("/p/a.journey"));
    let own: Vec<(&str, &str)> = check
        .analysis
        .diagnostics()
        .iter()
        .map(|d| (d.code, d.severity.as_str()))
        .collect();
    assert_eq!(own, [("missing-goal", "error")]);
    let shared = report(&check.reports, "/p/sub/shared.journey");
    let shared: Vec<(&str, &str)> = shared
        .diagnostics
        .iter()
        .map(|d| (d.code, d.severity.as_str()))
        .collect();
    // The nearest file replaces the farther one: `missing-goal` keeps its
    // default severity under /p/sub.
    assert_eq!(
        shared,
        [("empty-journey", "advice"), ("missing-goal", "warning")]
    );
}

#[test]
fn configuration_problems_are_reported_in_journey_toml_with_its_text() {
    let toml = "[lints]\nunknown-code = \"allow\"\n";
    let fs = MemoryFileSystem::new()
        .with("/p/journey.toml", toml)
        .with("/p/a.journey", "team x\n");
    let check = check_file(&fs, Path::new("/p/a.journey"));
    let config = report(&check.reports, "/p/journey.toml");
    assert_eq!(&*config.text, toml);
    assert_eq!(codes(config), ["invalid-config"]);
    assert_eq!(&toml[config.diagnostics[0].span.range()], "unknown-code");
}

#[test]
fn unsaved_buffers_win_over_the_disk() {
    let dir = std::env::temp_dir().join(format!("journey-check-api-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("map.journey");
    std::fs::write(&file, "journey j { }\n").unwrap();
    let disk = journey_check::RealFileSystem;
    let mut overlay = MemoryFileSystem::overlay(&disk);
    overlay.insert(&file, format!("team x\n{MAP}"));
    let check = check_file(&overlay, &file);
    assert!(
        check.analysis.diagnostics().is_empty(),
        "{:?}",
        check.analysis.diagnostics()
    );
    overlay.remove(&file);
    let check = check_file(&overlay, &file);
    let codes = analysed_codes(&check.analysis);
    assert_eq!(codes, ["empty-journey", "missing-audience", "missing-goal"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_model_serves_goto_references_and_the_flow() {
    let text = "team x \"X\"\njourney j {\n    goal \"g\"\n    owner x\n    stage s {\n        touchpoint a { channel web next b }\n        touchpoint b { channel sms next a }\n    }\n}\n";
    let fs = MemoryFileSystem::new().with("/p/a.journey", text);
    let check = check_file(&fs, Path::new("/p/a.journey"));
    let model = &check.analysis.model;
    let at = text.find("owner x").unwrap() + "owner ".len();
    let reference = model.reference_at(FileId::ROOT, at).unwrap();
    let team = model.resolve(reference).unwrap();
    assert_eq!(model.def(team).kind, DefKind::Team);
    assert_eq!(&text[model.def(team).id_span.range()], "x");
    assert_eq!(
        model.definition_at(FileId::ROOT, text.find("x \"X\"").unwrap()),
        Some(team)
    );
    assert_eq!(model.references_to(team), vec![reference]);
    let journey = &model.journeys[0];
    assert_eq!(journey.flow.edges.len(), 2);
    assert_eq!(journey.flow.start.len(), 2);
    let sms = journey.stages[0].touchpoints[1].channel.unwrap();
    match model.reference(sms).target {
        Some(Target::BuiltinChannel(builtin)) => assert_eq!(builtin.requires, ["phone"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        model.names(DefKind::Touchpoint, Some(journey.def)),
        ["a", "b"]
    );
}

/// The model's lists hold what they hold and no spare room: a list's first
/// push makes room for four, which was more than half of a large model.
#[test]
fn the_models_lists_keep_no_spare_room() {
    let text = journey_syntax::testgen::journey(2_000);
    let fs = MemoryFileSystem::new().with("/p/a.journey", text);
    let analysis = journey_check::analyse_file(&fs, Path::new("/p/a.journey"));
    let model = &analysis.model;
    // The model's lists are `Vec`s and `ThinVec`s.
    macro_rules! exact {
        ($what:literal, $list:expr) => {
            assert_eq!($list.capacity(), $list.len(), $what)
        };
    }
    assert!(
        model
            .journeys
            .iter()
            .map(|j| j.touchpoints().count())
            .sum::<usize>()
            > 50
    );
    exact!("definitions", &model.definitions);
    exact!("references", &model.references);
    for journey in &model.journeys {
        exact!("journey kpis", &journey.kpis);
        exact!("stages", &journey.stages);
        exact!("flow edges", &journey.flow.edges);
        for stage in &journey.stages {
            exact!("touchpoints", &stage.touchpoints);
            exact!("stage kpis", &stage.kpis);
            for tp in &stage.touchpoints {
                exact!("kpis", &tp.kpis);
                exact!("pains", &tp.pains);
                exact!("next", &tp.next);
                exact!("desired", &tp.actions.desired);
                exact!("completed", &tp.actions.completed);
                for pain in &tp.pains {
                    exact!("opportunities", &pain.opportunities);
                }
            }
        }
    }
}
