//! A lone CR ends a line for the server as it does for the client (LSP
//! counts `\n`, `\r\n` and `\r`): edits land where the client means them,
//! and formatting keeps the buffer's line breaks and every line.

mod common;

use common::Client;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_in_a_lone_cr_document_land_where_the_client_means() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(dir.path(), false).await;
    let uri = client.uri("cr.journey");
    client
        .open("cr.journey", "team a \"Zażółć 😀\"\r// c\rteam b\r")
        .await;
    // The user comments out line 2 (`team b`), then types after the emoji
    // on line 0: 17 UTF-16 units in (Polish letters are one unit each, the
    // emoji two).
    let changes = [
        json!({ "range": { "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 0 } }, "text": "// " }),
        json!({ "range": { "start": { "line": 0, "character": 17 }, "end": { "line": 0, "character": 17 } }, "text": "!" }),
    ];
    for (version, change) in changes.into_iter().enumerate() {
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version + 2 },
                    "contentChanges": [change]
                }),
            )
            .await;
    }
    client.settle().await;
    let expected = "team a \"Zażółć 😀!\"\r// c\r// team b\r";
    let (_, text) = client.server().document(&uri).unwrap();
    assert_eq!(&*text, expected);
    // Formatting has nothing to change: the commented-out line stays
    // commented out and the line breaks stay CRs.
    let response = client
        .request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
        )
        .await;
    let edits = &response["result"];
    assert!(
        edits.is_null() || edits.as_array().is_some_and(|e| e.is_empty()),
        "{response}"
    );
    // Positions the server reports count CR-separated lines too: the
    // unused team `b` is gone, and `a`'s diagnostics (if any) are on line 0.
    let published = client.last_diagnostics(&uri).unwrap();
    for diagnostic in published["diagnostics"].as_array().unwrap() {
        assert!(
            diagnostic["range"]["start"]["line"].as_u64().unwrap() <= 2,
            "{diagnostic}"
        );
    }
    // Hover on `a` (line 0, character 5) finds the team.
    let hover = client
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 5 } }),
        )
        .await;
    assert!(hover["result"].is_object(), "{hover}");
}
