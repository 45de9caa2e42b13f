//! Thousands of random edits against a shadow copy: afterwards the server's
//! text and its published diagnostics must match a fresh check of the copy.

mod common;

use common::Client;
use journey_syntax::{ColumnUnit, LineIndex};
use serde_json::json;

/// A small deterministic PRNG (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "a",
    "ż",
    "😀",
    " ",
    "\n",
    "{",
    "}",
    "\"",
    "stage x {",
    "touchpoint t {",
    "emotion 3",
    "channel sms",
    "next t",
    "owner marketing",
    "for traveler",
    "// note\n",
    "kpi nps {",
    "completed book_room 1 of 2",
    "é",
    "\r\n",
    "🚀🚀",
    "desired d",
    "promise p \"x\"",
    "keeps p",
];

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
        let index = LineIndex::new(&shadow);
        // Random positions, sometimes past the end of a line or the file.
        let position = |rng: &mut Rng| {
            let line = rng.below(index.line_count() + 2) as u32;
            let col = rng.below(90) as u32;
            let lc = journey_syntax::LineCol { line, col };
            (lc, index.offset(&shadow, lc, unit))
        };
        let (mut a, mut b) = (position(&mut rng), position(&mut rng));
        if rng.below(3) != 0 {
            b = a; // mostly insertions
        }
        if a.1 > b.1 {
            std::mem::swap(&mut a, &mut b);
        }
        if b.1 - a.1 > 200 {
            b = a;
        }
        let inserted = if rng.below(4) == 0 {
            ""
        } else {
            PIECES[rng.below(PIECES.len())]
        };
        shadow.replace_range(a.1..b.1, inserted);
        let range = json!({
            "start": { "line": a.0.line, "character": a.0.col },
            "end": { "line": b.0.line, "character": b.0.col }
        });
        client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": range, "text": inserted }]
                }),
            )
            .await;
        // Requests interleave with the edits and must never fail.
        if rng.below(10) == 0 {
            let at = json!({ "textDocument": { "uri": uri }, "position": { "line": a.0.line, "character": a.0.col } });
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
