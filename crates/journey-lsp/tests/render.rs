//! `workspace/executeCommand` `journey.render`: the HTML map of the unsaved
//! text, `null` with the error count when the text has errors.

mod common;

use common::Client;
use serde_json::json;

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn render_draws_the_unsaved_text_and_refuses_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        format!("{EXAMPLES}/shared.journey"),
        dir.path().join("shared.journey"),
    )
    .unwrap();
    let text = std::fs::read_to_string(format!("{EXAMPLES}/hotel_stay.journey")).unwrap();
    let mut client = Client::start(dir.path(), false).await;
    let uri = client.uri("hotel.journey");
    // Never saved: only the editor's buffer has this text.
    client.open("hotel.journey", &text).await;

    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "journey.render", "arguments": [uri] }),
        )
        .await;
    let result = &answer["result"];
    assert_eq!(result["errors"], 0, "{answer}");
    assert_eq!(result["version"], 1);
    let html = result["html"].as_str().unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Baltic Bay"));

    // An edit to the buffer shows in the next render.
    let renamed = text.replace("\"Baltic Bay:", "\"Amber Coast:");
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 2 },
                    "contentChanges": [ { "text": renamed } ] }),
        )
        .await;
    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "journey.render", "arguments": [{ "uri": uri }] }),
        )
        .await;
    assert_eq!(answer["result"]["version"], 2);
    assert!(answer["result"]["html"]
        .as_str()
        .unwrap()
        .contains("Amber Coast"));

    // Errors: no map, the count.
    let broken = text.replacen("owner marketing", "owner nobody", 1);
    client
        .notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 3 },
                    "contentChanges": [ { "text": broken } ] }),
        )
        .await;
    let answer = client
        .request(
            "workspace/executeCommand",
            json!({ "command": "journey.render", "arguments": [uri] }),
        )
        .await;
    assert_eq!(
        answer["result"]["html"],
        serde_json::Value::Null,
        "{answer}"
    );
    assert_eq!(answer["result"]["errors"], 1);

    // A document that is not open, an unknown command: errors, not panics.
    for params in [
        json!({ "command": "journey.render", "arguments": [client.uri("other.journey")] }),
        json!({ "command": "journey.render", "arguments": [] }),
        json!({ "command": "journey.nothing", "arguments": [uri] }),
    ] {
        let answer = client.request("workspace/executeCommand", params).await;
        assert!(answer.get("error").is_some(), "{answer}");
    }
}
