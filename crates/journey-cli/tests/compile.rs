//! `journey compile`: the JSON model of every example, its schema, refusal
//! of files with errors, and atomic output.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn journey() -> Command {
    let mut command = Command::cargo_bin("journey").unwrap();
    command.current_dir(repo()).env("NO_COLOR", "1");
    command
}

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "journey"))
        .map(|path| PathBuf::from("examples").join(path.file_name().unwrap()))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

fn schema() -> serde_json::Value {
    let output = journey().args(["compile", "--schema"]).output().unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_schema_is_draft_2020_12_and_snapshotted() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(jsonschema::meta::is_valid(&schema));
    insta::assert_json_snapshot!("schema", schema);
}

#[test]
fn every_example_compiles_and_validates_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for example in examples() {
        let output = journey().arg("compile").arg(&example).output().unwrap();
        let name = example.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).unwrap();
        let model: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&model)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(
            errors.is_empty(),
            "{name} does not match the schema: {errors:#?}"
        );
        assert_eq!(model["version"], 1);
        assert_eq!(
            model["source"],
            example.to_string_lossy().replace('\\', "/")
        );
        insta::assert_snapshot!(format!("compiled_{name}"), text);
    }
}

#[test]
fn the_spec_example_compiles_with_completion_and_met() {
    let output = journey()
        .args(["compile", "tests/fixtures/syntax/ok/spec_example.journey"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let model: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    assert!(validator.is_valid(&model));
    let journey = &model["journeys"][0];
    assert_eq!(journey["scale"], serde_json::json!({"min": 1, "max": 5}));
    assert_eq!(journey["kpis"][0]["met"], false);
    let booking = &journey["stages"][1]["touchpoints"][0];
    assert_eq!(booking["id"], "booking");
    assert_eq!(
        booking["desired"][0]["completed"],
        serde_json::json!({"count": 1250, "of": 5000, "rate": 25, "as_of": null})
    );
    assert_eq!(booking["desired"][0]["target"], 30);
    assert_eq!(booking["desired"][0]["met"], false);
    assert_eq!(booking["audience"], serde_json::json!(["traveler"]));
    let checkin = &journey["stages"][2]["touchpoints"][1];
    assert_eq!(checkin["kpis"][0]["met"], true);
    let channels: Vec<&str> = model["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["newsletter", "ads", "web", "sms", "store"]);
    assert_eq!(model["channels"][3]["builtin"], true);
    assert_eq!(
        model["channels"][3]["requires"],
        serde_json::json!(["phone"])
    );
}

#[test]
fn a_file_with_errors_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.journey");
    std::fs::write(
        &file,
        "journey j \"J\" {\n    goal \"g\"\n    owner nobody\n    stage s { touchpoint t { channel web } }\n}\n",
    )
    .unwrap();
    let out = dir.path().join("out.json");
    let output = journey()
        .arg("compile")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown-reference"), "{stderr}");
    assert!(stderr.contains("not compiled"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn an_error_in_an_imported_file_refuses_the_importer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("shared.journey"),
        "team a \"A\"\nteam a \"Again\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("map.journey"),
        "import \"shared.journey\"\njourney j { goal \"g\" owner a stage s { touchpoint t { channel web } } }\n",
    )
    .unwrap();
    let output = journey()
        .arg("compile")
        .arg(dir.path().join("map.journey"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("duplicate-definition"));
}

#[test]
fn warnings_do_not_stop_compilation() {
    let output = journey()
        .args(["compile", "examples/hotel_stay.journey"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(!output.stdout.is_empty());
}

#[test]
fn output_is_written_atomically_and_replaces_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hotel.json");
    std::fs::write(&out, "old").unwrap();
    let output = journey()
        .args(["compile", "examples/hotel_stay.journey", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["journeys"][0]["id"], "hotel_stay");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        ["hotel.json"],
        "no temporary file is left behind"
    );
}

#[test]
fn an_unwritable_output_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the output's folder should be.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let out = blocker.join("out.json");
    let output = journey()
        .args(["compile", "examples/hotel_stay.journey", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot write"));
}

#[test]
fn missing_output_folders_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build").join("maps").join("hotel.json");
    let output = journey()
        .args(["compile", "examples/hotel_stay.journey", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(out.is_file());
}

#[test]
fn missing_inputs_and_directories_are_usage_errors() {
    let output = journey()
        .args(["compile", "no/such/file.journey"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let output = journey().args(["compile", "examples"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = journey().args(["compile"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn schema_can_be_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schema.json");
    let output = journey()
        .args(["compile", "--schema", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written, schema());
}

/// `journey compile` in `dir` with `args`: (exit status, stdout, stderr).
fn compile_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = journey()
        .current_dir(dir)
        .arg("compile")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn dash_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("map.journey"), "team a \"A\"\n").unwrap();
    let (code, stdout, stderr) = compile_in(dir.path(), &["map.journey", "-o", "-"]);
    assert_eq!(code, 0, "{stderr}");
    let model: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(model.is_object());
    assert!(
        !dir.path().join("-").exists(),
        "a file named `-` was written"
    );
    let (code, stdout, _) = compile_in(dir.path(), &["--schema", "-o", "-"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("2020-12"));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn the_output_never_replaces_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let source = "import \"lib.journey\"\nteam a \"A\"\n";
    let lib = "team b \"B\"\n";
    let config = "[lints]\n";
    std::fs::write(dir.path().join("map.journey"), source).unwrap();
    std::fs::write(dir.path().join("lib.journey"), lib).unwrap();
    std::fs::write(dir.path().join("journey.toml"), config).unwrap();
    let mut outputs = vec![
        "map.journey".to_string(),
        "./map.journey".to_string(),
        dir.path().join("map.journey").to_str().unwrap().to_string(),
        "lib.journey".to_string(),
        "journey.toml".to_string(),
    ];
    #[cfg(unix)]
    {
        std::fs::hard_link(dir.path().join("map.journey"), dir.path().join("hard.json")).unwrap();
        std::os::unix::fs::symlink("lib.journey", dir.path().join("soft.json")).unwrap();
        outputs.push("hard.json".to_string());
        outputs.push("soft.json".to_string());
    }
    for out in &outputs {
        let (code, stdout, stderr) = compile_in(dir.path(), &["map.journey", "-o", out]);
        assert_eq!(code, 2, "-o {out}: {stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains("never writes over a file it reads"),
            "-o {out}: {stderr}"
        );
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("map.journey"), source);
    assert_eq!(read("lib.journey"), lib);
    assert_eq!(read("journey.toml"), config);
    // Another name is fine.
    let (code, _, stderr) = compile_in(dir.path(), &["map.journey", "-o", "map.json"]);
    assert_eq!(code, 0, "{stderr}");
}
