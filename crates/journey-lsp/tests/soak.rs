//! Thousands of random edits against a shadow copy: afterwards the server's
//! text and its published diagnostics must match a fresh check of the copy.

mod common;

use common::edits::{random_edit, Rng};
use common::Client;
use journey_syntax::ColumnUnit;
use serde_json::json;

async fn soak(seed: u64, edits: usize, utf8: bool) {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/hotel_stay.journey"
    ))
    .unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/shared.journey"),
        dir.path().join("shared.journey"),
    )
    .unwrap();
    let unit = if utf8 {
        ColumnUnit::Utf8
    } else {
        ColumnUnit::Utf16
    };
    let mut client = Client::start(dir.path(), utf8).await;
    let uri = client.uri("main.journey");
    client.open("main.journey", &base).await;
    let mut shadow = base.clone();
    let mut rng = Rng(seed);
    for version in 2..edits as i32 + 2 {
        let edit = random_edit(&mut shadow, &mut rng, unit);
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [edit.change]
                }),
            )
            .await;
        // Requests interleave with the edits and must never fail.
        if rng.below(10) == 0 {
            let at = json!({ "textDocument": { "uri": uri }, "position": { "line": edit.at.line, "character": edit.at.col } });
            for method in [
                "textDocument/completion",
                "textDocument/hover",
                "textDocument/definition",
            ] {
                let response = client.request(method, at.clone()).await;
                assert!(
                    response.get("error").is_none(),
                    "{method} failed: {response}"
                );
            }
        }
    }
    client.settle().await;
    let (version, text) = client.server().document(&uri).unwrap();
    assert_eq!(version, edits as i32 + 1);
    assert_eq!(&*text, shadow, "server text diverged from the shadow copy");
    // The published diagnostics are those of a fresh check of the shadow.
    let fresh_path = dir.path().join("main.journey");
    std::fs::write(&fresh_path, &shadow).unwrap();
    let fresh = journey_ide::diagnostics::check_file(&journey_check::RealFileSystem, &fresh_path);
    let (published_version, published) = client.server().published(&uri).unwrap();
    assert_eq!(published_version, Some(version));
    assert_eq!(published, fresh);
    // One check at a time per document, and a result is published only
    // while the document is still at its version: the published versions
    // never go back.
    let versions: Vec<i64> = client
        .notifications
        .lock()
        .unwrap()
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
        .filter_map(|n| n["params"]["version"].as_i64())
        .collect();
    assert!(
        versions.windows(2).all(|w| w[0] <= w[1]),
        "published versions went back: {versions:?}"
    );
    let last = client.last_diagnostics(&uri).unwrap();
    assert_eq!(last["version"], version);
    assert_eq!(last["diagnostics"].as_array().unwrap().len(), fresh.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_utf16() {
    soak(0x9E37_79B9_7F4A_7C15, 3000, false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_utf8() {
    soak(0xD1B5_4A32_D192_ED03, 1500, true).await;
}
