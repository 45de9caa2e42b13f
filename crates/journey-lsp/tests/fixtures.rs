//! Fixture-driven tests of the language server, in process.
//!
//! A fixture (`tests/fixtures/*.fixture`) holds documents and requests:
//!
//! ```text
//! # what the fixture is about
//! --- open main.journey          (opened in the editor: its buffer)
//! persona ⟦p⟧traveler { … }      (⟦name⟧ marks a position, removed)
//! --- disk shared.journey        (on disk only, never opened)
//! …
//! --- requests
//! hover main.journey p
//! ```
//!
//! Requests: `diagnostics F`, `hover F M`, `completion F M`, `definition F M`,
//! `references F M`, `rename F M NEW`, `prepare-rename F M`, `symbols F`,
//! `workspace-symbols QUERY`, `folding F`, `selection F M`, `actions F M`,
//! `hints F`, `format F`, `format-range F M1 M2`, `tokens F`, `links F`,
//! `highlight F M`, `lenses F`, `write F JSON` (writes a file on disk and
//! tells the server), `delete F`, `notify METHOD JSON`, `insert F M TEXT` (types TEXT at M; later markers
//! move along), `close F`, `raw METHOD JSON` (any request, for robustness;
//! `$URI(F)` expands). The snapshot prints each request and a compact answer;
//! ranges are LSP's zero-based `line:character` in the negotiated encoding,
//! followed by the text they cover. An `--- options utf-8` section makes the
//! client offer UTF-8 positions; `--- options workspace` names the fixture's
//! directory as the workspace folder.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use common::Client;
use journey_syntax::{ColumnUnit, LineCol, LineIndex};
use serde_json::{json, Value};

struct Doc {
    text: String,
    markers: HashMap<String, usize>,
}

fn strip_markers(raw: &str) -> Doc {
    let mut text = String::new();
    let mut markers = HashMap::new();
    let mut rest = raw;
    while let Some(start) = rest.find('⟦') {
        text.push_str(&rest[..start]);
        let after = &rest[start + '⟦'.len_utf8()..];
        let end = after.find('⟧').expect("unclosed marker");
        markers.insert(after[..end].to_string(), text.len());
        rest = &after[end + '⟧'.len_utf8()..];
    }
    text.push_str(rest);
    Doc { text, markers }
}

struct Run {
    client: Client,
    docs: HashMap<String, Doc>,
    versions: HashMap<String, i32>,
    unit: ColumnUnit,
    out: String,
}

impl Run {
    fn position(&self, file: &str, marker: &str) -> Value {
        let doc = &self.docs[file];
        let offset = *doc
            .markers
            .get(marker)
            .unwrap_or_else(|| panic!("no marker {marker} in {file}"));
        let index = LineIndex::new(&doc.text);
        let lc = index.line_col(&doc.text, offset, self.unit);
        json!({ "line": lc.line, "character": lc.col })
    }

    fn text_of(&self, uri: &str) -> Option<String> {
        let name = uri.strip_prefix(&self.client.uri(""))?;
        if let Some(doc) = self.docs.get(name) {
            return Some(doc.text.clone());
        }
        std::fs::read_to_string(self.client.root.join(name)).ok()
    }

    fn short(&self, uri: &str) -> String {
        uri.strip_prefix(&self.client.uri(""))
            .unwrap_or(uri)
            .to_string()
    }

    /// `l:c-l:c "covered text"`
    fn range(&self, uri: &str, range: &Value) -> String {
        let pos = |p: &Value| {
            (
                p["line"].as_u64().unwrap_or(0) as u32,
                p["character"].as_u64().unwrap_or(0) as u32,
            )
        };
        let (a, b) = (pos(&range["start"]), pos(&range["end"]));
        let mut out = format!("{}:{}-{}:{}", a.0, a.1, b.0, b.1);
        if let Some(text) = self.text_of(uri) {
            let index = LineIndex::new(&text);
            let start = index.offset(
                &text,
                LineCol {
                    line: a.0,
                    col: a.1,
                },
                self.unit,
            );
            let end = index.offset(
                &text,
                LineCol {
                    line: b.0,
                    col: b.1,
                },
                self.unit,
            );
            let covered = &text[start.min(end)..end.max(start)];
            let covered = if covered.len() > 40 || covered.contains('\n') {
                let first = covered.lines().next().unwrap_or("");
                let cut: String = first.chars().take(30).collect();
                format!("{cut}…")
            } else {
                covered.to_string()
            };
            let _ = write!(out, " {covered:?}");
        }
        out
    }

    /// The JSON after `method` on a `notify` or `raw` line, with each
    /// `$URI(name.journey)` made the document's URI.
    fn raw_params(&self, request: &str, method: &str) -> Value {
        let params = request
            .split_once(&format!(" {method} "))
            .map(|(_, t)| t.trim())
            .unwrap_or("null");
        let base = self.client.uri("");
        let params = params
            .replace("$URI(", &format!("\"{base}"))
            .replace(".journey)", ".journey\"");
        serde_json::from_str(&params).expect("the params of a `notify` or `raw` line are JSON")
    }

    fn doc_id(&self, file: &str) -> Value {
        json!({ "uri": self.client.uri(file) })
    }

    fn at(&self, file: &str, marker: &str) -> Value {
        json!({ "textDocument": self.doc_id(file), "position": self.position(file, marker) })
    }

    fn line(&mut self, s: impl AsRef<str>) {
        self.out.push_str(s.as_ref());
        self.out.push('\n');
    }

    fn result(&mut self, response: &Value) -> Option<Value> {
        if let Some(error) = response.get("error") {
            self.line(format!(
                "  error: {}",
                error["message"].as_str().unwrap_or("?")
            ));
            return None;
        }
        let result = response["result"].clone();
        if result.is_null() {
            self.line("  null");
            return None;
        }
        Some(result)
    }

    fn edits(&mut self, edit: &Value) {
        let mut changes: Vec<(String, Value)> = edit["changes"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default();
        changes.sort_by(|a, b| a.0.cmp(&b.0));
        for (uri, edits) in changes {
            let mut lines = Vec::new();
            for e in edits.as_array().cloned().unwrap_or_default() {
                lines.push(format!(
                    "    {} {} → {:?}",
                    self.short(&uri),
                    self.range(&uri, &e["range"]),
                    e["newText"].as_str().unwrap_or("")
                ));
            }
            lines.sort();
            for l in lines {
                self.line(l);
            }
        }
    }

    fn diagnostics(&mut self, file: &str) {
        let uri = self.client.uri(file);
        let Some(params) = self.client.last_diagnostics(&uri) else {
            self.line("  (none published)");
            return;
        };
        let diagnostics = params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let version = params["version"].clone();
        self.line(format!("  version {version}"));
        if diagnostics.is_empty() {
            self.line("  (no diagnostics)");
        }
        for d in diagnostics {
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                Some(3) => "info",
                Some(4) => "hint",
                _ => "?",
            };
            let line = format!(
                "  {severity} [{}] {} {}",
                d["code"].as_str().unwrap_or("?"),
                self.range(&uri, &d["range"]),
                d["message"].as_str().unwrap_or("").replace('\n', " | ")
            );
            self.line(line);
            // DiagnosticTag 1: Unnecessary (the editor fades it out).
            if d["tags"].as_array().is_some_and(|t| t.contains(&json!(1))) {
                self.line("    faded: unnecessary");
            }
            if let Some(href) = d["codeDescription"]["href"].as_str() {
                self.line(format!("    docs: {href}"));
            }
            for related in d["relatedInformation"]
                .as_array()
                .cloned()
                .unwrap_or_default()
            {
                let ruri = related["location"]["uri"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let l = format!(
                    "    related {} {}: {}",
                    self.short(&ruri),
                    self.range(&ruri, &related["location"]["range"]),
                    related["message"].as_str().unwrap_or("")
                );
                self.line(l);
            }
        }
    }

    /// Decodes LSP's relative token encoding: one line per token with its
    /// position, type (by the server's legend), modifiers and text.
    fn tokens(&mut self, file: &str, data: &Value) {
        let legend = journey_lsp::proto::semantic_legend();
        let numbers: Vec<u32> = data
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|n| n.as_u64().unwrap_or(0) as u32)
            .collect();
        let text = self.text_of(&self.client.uri(file)).unwrap_or_default();
        let index = LineIndex::new(&text);
        let (mut line, mut col) = (0, 0);
        for token in numbers.chunks(5) {
            let [delta_line, delta_start, length, kind, modifiers] = token else {
                self.line("  (truncated token)");
                return;
            };
            if *delta_line > 0 {
                col = 0;
            }
            line += delta_line;
            col += delta_start;
            let start = index.offset(&text, LineCol { line, col }, self.unit);
            let end = index.offset(
                &text,
                LineCol {
                    line,
                    col: col + length,
                },
                self.unit,
            );
            let kind = legend.token_types[*kind as usize].as_str();
            let declaration = if modifiers & 1 == 1 {
                " declaration"
            } else {
                ""
            };
            self.line(format!(
                "  {line}:{col}+{length} {kind}{declaration} {:?}",
                &text[start..end]
            ));
        }
    }

    async fn run(&mut self, request: &str) {
        self.line(format!(">>> {request}"));
        let words: Vec<&str> = request.split_whitespace().collect();
        match words.as_slice() {
            ["diagnostics", file] => {
                self.client.settle().await;
                self.diagnostics(file);
            }
            ["hover", file, marker] => {
                let r = self
                    .client
                    .request("textDocument/hover", self.at(file, marker))
                    .await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    let range = self.range(&uri, &result["range"]);
                    self.line(format!("  range {range}"));
                    for l in result["contents"]["value"].as_str().unwrap_or("").lines() {
                        self.line(format!("  | {l}"));
                    }
                }
            }
            ["completion", file, marker] => {
                let r = self
                    .client
                    .request("textDocument/completion", self.at(file, marker))
                    .await;
                if let Some(result) = self.result(&r) {
                    let mut items = result["items"].as_array().cloned().unwrap_or_default();
                    items.sort_by(|a, b| {
                        let key = |v: &Value| {
                            (
                                v["sortText"].as_str().unwrap_or("").to_string(),
                                v["label"].as_str().unwrap_or("").to_string(),
                            )
                        };
                        key(a).cmp(&key(b))
                    });
                    if items.is_empty() {
                        self.line("  (no items)");
                    }
                    let uri = self.client.uri(file);
                    if let Some(first) = items.first() {
                        let range = self.range(&uri, &first["textEdit"]["range"]);
                        self.line(format!("  replaces {range}"));
                    }
                    for item in items {
                        let mut l = format!(
                            "  {} — {}",
                            item["label"].as_str().unwrap_or(""),
                            item["detail"].as_str().unwrap_or("")
                        );
                        if item["insertTextFormat"] == 2 {
                            let _ = write!(
                                l,
                                "  ⇥ {:?}",
                                item["textEdit"]["newText"].as_str().unwrap_or("")
                            );
                        }
                        self.line(l);
                    }
                }
            }
            ["definition", file, marker] | ["references", file, marker] => {
                let (method, params) = if words[0] == "definition" {
                    ("textDocument/definition", self.at(file, marker))
                } else {
                    let mut p = self.at(file, marker);
                    p["context"] = json!({ "includeDeclaration": true });
                    ("textDocument/references", p)
                };
                let r = self.client.request(method, params).await;
                if let Some(result) = self.result(&r) {
                    for loc in result.as_array().cloned().unwrap_or_default() {
                        let uri = loc["uri"].as_str().unwrap_or("").to_string();
                        let l =
                            format!("  {} {}", self.short(&uri), self.range(&uri, &loc["range"]));
                        self.line(l);
                    }
                }
            }
            ["prepare-rename", file, marker] => {
                let r = self
                    .client
                    .request("textDocument/prepareRename", self.at(file, marker))
                    .await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    let l = format!("  {}", self.range(&uri, &result));
                    self.line(l);
                }
            }
            ["rename", file, marker, new_name] => {
                let mut p = self.at(file, marker);
                p["newName"] = json!(new_name);
                let r = self.client.request("textDocument/rename", p).await;
                if let Some(result) = self.result(&r) {
                    self.edits(&result);
                }
            }
            ["symbols", file] => {
                let r = self
                    .client
                    .request(
                        "textDocument/documentSymbol",
                        json!({ "textDocument": self.doc_id(file) }),
                    )
                    .await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    fn walk(run: &mut Run, uri: &str, symbols: &Value, depth: usize) {
                        for s in symbols.as_array().cloned().unwrap_or_default() {
                            let l = format!(
                                "  {}{} (kind {}) {}{}",
                                "  ".repeat(depth),
                                s["name"].as_str().unwrap_or(""),
                                s["kind"],
                                run.range(uri, &s["selectionRange"]),
                                s["detail"]
                                    .as_str()
                                    .map(|d| format!(" — {d}"))
                                    .unwrap_or_default()
                            );
                            run.line(l);
                            walk(run, uri, &s["children"], depth + 1);
                        }
                    }
                    walk(self, &uri, &result, 0);
                }
            }
            ["workspace-symbols", query] => {
                let query = if *query == "\"\"" {
                    String::new()
                } else {
                    query.to_string()
                };
                let r = self
                    .client
                    .request("workspace/symbol", json!({ "query": query }))
                    .await;
                if let Some(result) = self.result(&r) {
                    let mut lines = Vec::new();
                    for s in result.as_array().cloned().unwrap_or_default() {
                        let uri = s["location"]["uri"].as_str().unwrap_or("").to_string();
                        lines.push(format!(
                            "  {} (kind {}) in {} {}{}",
                            s["name"].as_str().unwrap_or(""),
                            s["kind"],
                            self.short(&uri),
                            self.range(&uri, &s["location"]["range"]),
                            s["containerName"]
                                .as_str()
                                .map(|c| format!(" ⊂ {c}"))
                                .unwrap_or_default()
                        ));
                    }
                    lines.sort();
                    for l in lines {
                        self.line(l);
                    }
                }
            }
            ["folding", file] => {
                let r = self
                    .client
                    .request(
                        "textDocument/foldingRange",
                        json!({ "textDocument": self.doc_id(file) }),
                    )
                    .await;
                if let Some(result) = self.result(&r) {
                    for f in result.as_array().cloned().unwrap_or_default() {
                        self.line(format!(
                            "  lines {}..{} {}",
                            f["startLine"],
                            f["endLine"],
                            f["kind"].as_str().unwrap_or("")
                        ));
                    }
                }
            }
            ["selection", file, marker] => {
                let params = json!({ "textDocument": self.doc_id(file), "positions": [self.position(file, marker)] });
                let r = self
                    .client
                    .request("textDocument/selectionRange", params)
                    .await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    let mut node = result[0].clone();
                    while !node.is_null() {
                        let l = format!("  {}", self.range(&uri, &node["range"]));
                        self.line(l);
                        node = node["parent"].clone();
                    }
                }
            }
            ["actions", file, marker] => {
                let position = self.position(file, marker);
                let uri = self.client.uri(file);
                let diagnostics = self
                    .client
                    .last_diagnostics(&uri)
                    .map(|p| p["diagnostics"].clone())
                    .unwrap_or(json!([]));
                let params = json!({
                    "textDocument": self.doc_id(file),
                    "range": { "start": position, "end": position },
                    "context": { "diagnostics": diagnostics }
                });
                let r = self.client.request("textDocument/codeAction", params).await;
                if let Some(result) = self.result(&r) {
                    for action in result.as_array().cloned().unwrap_or_default() {
                        let fixes: Vec<&str> = action["diagnostics"]
                            .as_array()
                            .map(|d| d.iter().filter_map(|d| d["code"].as_str()).collect())
                            .unwrap_or_default();
                        self.line(format!(
                            "  {}{} (fixes {})",
                            action["title"].as_str().unwrap_or(""),
                            if action["isPreferred"] == true {
                                " [preferred]"
                            } else {
                                ""
                            },
                            if fixes.is_empty() {
                                "-".to_string()
                            } else {
                                fixes.join(", ")
                            }
                        ));
                        self.edits(&action["edit"]);
                        if let Some(command) = action["command"]["command"].as_str() {
                            self.line(format!(
                                "    runs {command} {}",
                                action["command"]["arguments"]
                            ));
                        }
                    }
                    if result.as_array().is_some_and(|a| a.is_empty()) {
                        self.line("  (no actions)");
                    }
                }
            }
            ["hints", file] => {
                let text = self.docs[*file].text.clone();
                let text = text.as_str();
                let index = LineIndex::new(text);
                let end = index.line_col(text, text.len(), self.unit);
                let params = json!({
                    "textDocument": self.doc_id(file),
                    "range": { "start": { "line": 0, "character": 0 }, "end": { "line": end.line, "character": end.col } }
                });
                let r = self.client.request("textDocument/inlayHint", params).await;
                if let Some(result) = self.result(&r) {
                    for h in result.as_array().cloned().unwrap_or_default() {
                        let line = h["position"]["line"].as_u64().unwrap_or(0) as usize;
                        let source = text.lines().nth(line).unwrap_or("").trim();
                        self.line(format!(
                            "  {}:{} {:?} after {:?}",
                            h["position"]["line"],
                            h["position"]["character"],
                            h["label"].as_str().unwrap_or(""),
                            source
                        ));
                    }
                }
            }
            ["format", file] => {
                let params = json!({ "textDocument": self.doc_id(file), "options": { "tabSize": 4, "insertSpaces": true } });
                let r = self.client.request("textDocument/formatting", params).await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    for e in result.as_array().cloned().unwrap_or_default() {
                        let l = format!("  edit {}:", self.range(&uri, &e["range"]));
                        self.line(l);
                        for l in e["newText"].as_str().unwrap_or("").lines() {
                            self.line(format!("  | {l}"));
                        }
                    }
                }
            }
            ["format-range", file, from, to] => {
                let range =
                    json!({ "start": self.position(file, from), "end": self.position(file, to) });
                let params = json!({ "textDocument": self.doc_id(file), "range": range, "options": { "tabSize": 4, "insertSpaces": true } });
                let r = self
                    .client
                    .request("textDocument/rangeFormatting", params)
                    .await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    for e in result.as_array().cloned().unwrap_or_default() {
                        let l = format!("  edit {}:", self.range(&uri, &e["range"]));
                        self.line(l);
                        for l in e["newText"].as_str().unwrap_or("").lines() {
                            self.line(format!("  | {l}"));
                        }
                    }
                }
            }
            ["tokens", file] => {
                let params = json!({ "textDocument": self.doc_id(file) });
                let r = self
                    .client
                    .request("textDocument/semanticTokens/full", params)
                    .await;
                if let Some(result) = self.result(&r) {
                    self.tokens(file, &result["data"]);
                }
            }
            ["links", file] => {
                let params = json!({ "textDocument": self.doc_id(file) });
                let r = self
                    .client
                    .request("textDocument/documentLink", params)
                    .await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    for link in result.as_array().cloned().unwrap_or_default() {
                        let target = self.short(link["target"].as_str().unwrap_or(""));
                        let l = format!("  {} → {target}", self.range(&uri, &link["range"]));
                        self.line(l);
                    }
                }
            }
            ["highlight", file, marker] => {
                let r = self
                    .client
                    .request("textDocument/documentHighlight", self.at(file, marker))
                    .await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    for h in result.as_array().cloned().unwrap_or_default() {
                        let kind = match h["kind"].as_u64() {
                            Some(2) => "read",
                            Some(3) => "write",
                            _ => "text",
                        };
                        let l = format!("  {kind} {}", self.range(&uri, &h["range"]));
                        self.line(l);
                    }
                }
            }
            ["lenses", file] => {
                let params = json!({ "textDocument": self.doc_id(file) });
                let r = self.client.request("textDocument/codeLens", params).await;
                if let Some(result) = self.result(&r) {
                    let uri = self.client.uri(file);
                    for lens in result.as_array().cloned().unwrap_or_default() {
                        let l = format!(
                            "  {} {}",
                            self.range(&uri, &lens["range"]),
                            lens["command"]["title"].as_str().unwrap_or("?")
                        );
                        self.line(l);
                    }
                }
            }
            ["write", file, ..] => {
                let text = json_text_after(request, file, "write");
                let path = self.client.root.join(file);
                let created = !path.exists();
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
                let kind = if created { 1 } else { 2 };
                let params = json!({ "changes": [{ "uri": self.client.uri(file), "type": kind }] });
                self.client
                    .notify("workspace/didChangeWatchedFiles", params)
                    .await;
                self.line(if created { "  created" } else { "  changed" });
            }
            // Changes a file on disk without telling the server, as an
            // editor that watches files never would: shows what the server
            // still holds.
            ["write-unannounced", file, ..] => {
                let text = json_text_after(request, file, "write");
                std::fs::write(self.client.root.join(file), text).unwrap();
                self.line("  changed, unannounced");
            }
            ["delete", file] => {
                std::fs::remove_file(self.client.root.join(file)).unwrap();
                let params = json!({ "changes": [{ "uri": self.client.uri(file), "type": 3 }] });
                self.client
                    .notify("workspace/didChangeWatchedFiles", params)
                    .await;
                self.line("  deleted");
            }
            ["insert", file, marker, ..] => {
                let inserted = json_text_after(request, marker, "insert");
                let position = self.position(file, marker);
                let version = self.versions.entry(file.to_string()).or_insert(1);
                *version += 1;
                let version = *version;
                let doc = self.docs.get_mut(*file).unwrap();
                let offset = doc.markers[*marker];
                doc.text.insert_str(offset, &inserted);
                for m in doc.markers.values_mut() {
                    if *m > offset {
                        *m += inserted.len();
                    }
                }
                let params = json!({
                    "textDocument": { "uri": self.client.uri(file), "version": version },
                    "contentChanges": [{ "range": { "start": position, "end": position }, "text": inserted }]
                });
                self.client.notify("textDocument/didChange", params).await;
                let (v, text) = self
                    .client
                    .server()
                    .document(&self.client.uri(file))
                    .unwrap();
                assert_eq!(&*text, self.docs[*file].text, "server text after insert");
                self.line(format!("  version {v}"));
            }
            ["close", file] => {
                let params = json!({ "textDocument": self.doc_id(file) });
                self.client.notify("textDocument/didClose", params).await;
                self.docs.remove(*file);
                self.line("  closed");
            }
            ["notify", method, ..] => {
                let params = self.raw_params(request, method);
                self.client.notify(method, params).await;
                // The server's text is the truth from here on.
                let names: Vec<String> = self.docs.keys().cloned().collect();
                for name in names {
                    let uri = self.client.uri(&name);
                    if let Some((version, text)) = self.client.server().document(&uri) {
                        self.docs.get_mut(&name).unwrap().text = text.to_string();
                        self.line(format!("  {name} is at version {version}"));
                    }
                }
            }
            ["raw", method, ..] => {
                let params = self.raw_params(request, method);
                let r = self.client.request(method, params).await;
                if let Some(result) = self.result(&r) {
                    let text = serde_json::to_string(&result).unwrap();
                    let cut: String = text.chars().take(300).collect();
                    let base = self.client.uri("");
                    self.line(format!("  ok {}", cut.replace(&base, "")));
                }
            }
            other => panic!("unknown request {other:?}"),
        }
    }
}

async fn run_fixture(path: &Path) -> String {
    let source = std::fs::read_to_string(path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut opened: Vec<String> = Vec::new();
    let mut docs = HashMap::new();
    let mut requests = Vec::new();
    let mut utf8 = false;
    let mut workspace = false;
    let mut section: Option<(String, String)> = None;
    let mut body = String::new();
    let flush = |section: &Option<(String, String)>,
                 body: &str,
                 docs: &mut HashMap<String, Doc>,
                 opened: &mut Vec<String>,
                 requests: &mut Vec<String>,
                 utf8: &mut bool,
                 workspace: &mut bool| {
        match section {
            Some((kind, name)) if kind == "open" || kind == "disk" => {
                let doc = strip_markers(body);
                let file = dir.path().join(name);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                if kind == "disk" {
                    std::fs::write(&file, &doc.text).unwrap();
                } else {
                    opened.push(name.clone());
                }
                docs.insert(name.clone(), doc);
            }
            Some((kind, _)) if kind == "requests" => {
                requests.extend(
                    body.lines()
                        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                        .map(str::to_string),
                );
            }
            Some((kind, name)) if kind == "options" => {
                *utf8 = name.contains("utf-8");
                *workspace = name.contains("workspace");
            }
            _ => {}
        }
    };
    for line in source.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("--- ") {
            flush(
                &section,
                &body,
                &mut docs,
                &mut opened,
                &mut requests,
                &mut utf8,
                &mut workspace,
            );
            body.clear();
            let mut parts = header.trim().splitn(2, ' ');
            let kind = parts.next().unwrap_or("").to_string();
            let name = parts.next().unwrap_or("").to_string();
            section = Some((kind, name));
        } else if section.is_some() {
            body.push_str(line);
        }
    }
    flush(
        &section,
        &body,
        &mut docs,
        &mut opened,
        &mut requests,
        &mut utf8,
        &mut workspace,
    );
    let client = Client::start_with(dir.path(), utf8, workspace).await;
    let mut run = Run {
        client,
        docs,
        versions: HashMap::new(),
        unit: if utf8 {
            ColumnUnit::Utf8
        } else {
            ColumnUnit::Utf16
        },
        out: String::new(),
    };
    for name in &opened {
        let text = run.docs[name].text.clone();
        run.client.open(name, &text).await;
    }
    for request in requests {
        run.run(&request).await;
    }
    let shutdown = run.client.request("shutdown", Value::Null).await;
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    // Temporary paths vary from run to run.
    let root = dir.path().display().to_string();
    run.out.replace(&root, "<root>")
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.fixture", |path| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let out = runtime.block_on(run_fixture(path));
        insta::assert_snapshot!(out);
    });
}

/// The JSON string that ends a request line after `word` (`write FILE
/// "TEXT"`, `insert FILE MARKER "TEXT"`), decoded.
fn json_text_after(request: &str, word: &str, command: &str) -> String {
    let text = request
        .split_once(&format!(" {word} "))
        .map(|(_, t)| t.trim())
        .unwrap_or("");
    serde_json::from_str(text).unwrap_or_else(|_| panic!("{command} TEXT is a JSON string"))
}
