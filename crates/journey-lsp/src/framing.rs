//! The framing layer in front of tower-lsp-server.
//!
//! tower-lsp-server 0.23 stops serving (and the process exits with status 1,
//! silently) on the first message it cannot decode: a body that is not
//! JSON, not UTF-8, a JSON value that is no JSON-RPC message (`[]`), or a
//! header without `Content-Length`. So the server never reads the client
//! directly: [`serve`] reads the frames itself, answers a malformed one with
//! a JSON-RPC error (−32700 parse error, or −32600 invalid request, with the
//! message's `id` when it can be known, else `null`), logs it on stderr, and
//! passes only messages the server can decode on, re-framed.
//!
//! Limits: a header block is at most [`MAX_HEADER`] bytes and a body at most
//! [`MAX_BODY`] bytes (64 MiB). A body is read as it arrives, never
//! allocated from the `Content-Length` up front. After a frame whose length
//! is unknown or over the limit, the reader skips ahead to the next
//! `Content-Length` header (as tower-lsp-server itself does after a bad
//! header).

// Below the protocol, the transport's own failures (a malformed frame, a
// closed pipe, a panic the service could not answer) have no client to
// tell: they go to standard error, which editors show as the server's log.
#![allow(clippy::print_stderr)]

use std::future::Future;
use std::io;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::FutureExt;
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::Mutex;
use tower::Service;
use tower_lsp_server::jsonrpc::{Error, Request, Response};

/// The largest header block accepted, in bytes.
pub const MAX_HEADER: usize = 8 * 1024;
/// The largest message body accepted, in bytes (64 MiB).
pub const MAX_BODY: usize = 64 * 1024 * 1024;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// One frame read from the client.
#[derive(Clone, Debug, PartialEq)]
pub enum Frame {
    /// A message the server can decode: its body.
    Message(Vec<u8>),
    /// A malformed frame: the error response to send, and what to log.
    Malformed { reply: Value, log: String },
}

impl Frame {
    fn malformed(code: i64, id: Value, log: impl Into<String>) -> Frame {
        let log = log.into();
        let message = match code {
            PARSE_ERROR => format!("Parse error: {log}"),
            _ => format!("Invalid request: {log}"),
        };
        Frame::Malformed {
            reply: json!({
                "jsonrpc": "2.0",
                "error": { "code": code, "message": message },
                "id": id,
            }),
            log,
        }
    }
}

/// Reads LSP frames (`Content-Length: N\r\n\r\n` + N bytes) from a stream.
pub struct FrameReader<R> {
    input: R,
    buf: Vec<u8>,
    eof: bool,
    /// Set after a frame whose body could not be delimited: skip to the next
    /// `Content-Length` header before reading the next frame.
    resync: bool,
}

impl<R: AsyncRead + Unpin> FrameReader<R> {
    pub fn new(input: R) -> FrameReader<R> {
        FrameReader {
            input,
            buf: Vec::new(),
            eof: false,
            resync: false,
        }
    }

    /// Reads more input into the buffer; false at the end of the input.
    async fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let mut chunk = [0u8; 64 * 1024];
        let n = self.input.read(&mut chunk).await?;
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(true)
    }

    /// The next frame, or `None` at the end of the input.
    pub async fn next(&mut self) -> io::Result<Option<Frame>> {
        if self.resync && !self.skip_to_next_header().await? {
            return Ok(None);
        }
        // The header block, up to its empty line; line breaks between
        // messages are tolerated.
        let (header_len, body_start) = loop {
            let blank = self
                .buf
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            self.buf.drain(..blank);
            if let Some(found) = header_end(&self.buf) {
                break found;
            }
            if self.buf.len() > MAX_HEADER {
                self.resync = true;
                self.buf.drain(..MAX_HEADER);
                return Ok(Some(Frame::malformed(
                    PARSE_ERROR,
                    Value::Null,
                    format!("a message header longer than {MAX_HEADER} bytes"),
                )));
            }
            if !self.fill().await? {
                return Ok(self.leftover());
            }
        };
        if header_len > MAX_HEADER {
            self.buf.drain(..body_start);
            self.resync = true;
            return Ok(Some(Frame::malformed(
                PARSE_ERROR,
                Value::Null,
                format!("a message header longer than {MAX_HEADER} bytes"),
            )));
        }
        let length = content_length(&self.buf[..header_len]);
        self.buf.drain(..body_start);
        let length = match length {
            Ok(length) if length <= MAX_BODY => length,
            Ok(length) => {
                self.resync = true;
                return Ok(Some(Frame::malformed(
                    PARSE_ERROR,
                    Value::Null,
                    format!("a message of {length} bytes, over the limit of {MAX_BODY} bytes"),
                )));
            }
            Err(problem) => {
                self.resync = true;
                return Ok(Some(Frame::malformed(PARSE_ERROR, Value::Null, problem)));
            }
        };
        while self.buf.len() < length {
            if !self.fill().await? {
                self.buf.clear();
                return Ok(Some(Frame::malformed(
                    PARSE_ERROR,
                    Value::Null,
                    format!("the input ended inside a message of {length} bytes"),
                )));
            }
        }
        let body: Vec<u8> = self.buf.drain(..length).collect();
        Ok(Some(validate(body)))
    }

    /// What is left at the end of the input: nothing, or an incomplete
    /// header (blank bytes between messages are not worth a reply).
    fn leftover(&mut self) -> Option<Frame> {
        let rest = std::mem::take(&mut self.buf);
        (!rest.iter().all(u8::is_ascii_whitespace)).then(|| {
            Frame::malformed(
                PARSE_ERROR,
                Value::Null,
                "the input ended inside a message header",
            )
        })
    }

    /// Drops input up to the next `Content-Length` header; false at the
    /// end of the input.
    async fn skip_to_next_header(&mut self) -> io::Result<bool> {
        const NAME: &[u8] = b"content-length";
        loop {
            if let Some(at) = find_ignore_case(&self.buf, NAME) {
                self.buf.drain(..at);
                self.resync = false;
                return Ok(true);
            }
            // Keep a tail that may hold the start of the name.
            let keep = (NAME.len() - 1).min(self.buf.len());
            self.buf.drain(..self.buf.len() - keep);
            if !self.fill().await? {
                self.buf.clear();
                return Ok(false);
            }
        }
    }
}

/// The header block's length and where the body starts: the header ends
/// at an empty line (`\r\n\r\n`, or `\n\n` from lenient clients).
fn header_end(buf: &[u8]) -> Option<(usize, usize)> {
    let crlf = memchr::memmem::find(buf, b"\r\n\r\n").map(|at| (at, at + 4));
    let lf = memchr::memmem::find(buf, b"\n\n").map(|at| (at, at + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The `Content-Length` of a header block.
fn content_length(header: &[u8]) -> Result<usize, String> {
    let header = std::str::from_utf8(header).map_err(|_| "a message header that is not ASCII")?;
    let mut length = None;
    for line in header.split('\n').map(|l| l.trim_end_matches('\r')) {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("a malformed header line {line:?}"));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let value = value.trim();
            let parsed = value
                .parse::<u64>()
                .map_err(|_| format!("an invalid Content-Length {value:?}"))?;
            length = Some(usize::try_from(parsed).unwrap_or(usize::MAX));
        }
    }
    length.ok_or_else(|| "a message without a Content-Length header".to_string())
}

/// A body the server can decode, or the error to answer it with.
fn validate(body: Vec<u8>) -> Frame {
    let Ok(text) = std::str::from_utf8(&body) else {
        return Frame::malformed(PARSE_ERROR, Value::Null, "a message body that is not UTF-8");
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return Frame::malformed(
                PARSE_ERROR,
                Value::Null,
                format!("a message body that is not JSON ({error})"),
            )
        }
    };
    // What tower-lsp-server decodes: a response, else a request or a
    // notification (its private `Message` is exactly this untagged pair).
    let decodes = serde_json::from_value::<Response>(value.clone()).is_ok()
        || serde_json::from_value::<Request>(value.clone()).is_ok();
    if decodes {
        return Frame::Message(body);
    }
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let what = match &value {
        Value::Array(_) => "a batch (LSP has none)".to_string(),
        Value::Object(_) => "a JSON object that is not a JSON-RPC 2.0 message".to_string(),
        other => format!("a JSON {} instead of an object", json_kind(other)),
    };
    Frame::malformed(INVALID_REQUEST, id, what)
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `Content-Length: N\r\n\r\n` + body.
pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

async fn write_frame<W: AsyncWrite + Unpin>(output: &Mutex<W>, body: &[u8]) -> io::Result<()> {
    let mut output = output.lock().await;
    output.write_all(&encode(body)).await?;
    output.flush().await
}

/// Passes the client's well-formed messages to the server and answers the
/// malformed ones, until the client's input ends.
async fn pump_input<R, S, W>(input: R, mut to_server: S, output: Arc<Mutex<W>>) -> io::Result<()>
where
    R: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut frames = FrameReader::new(input);
    while let Some(frame) = frames.next().await? {
        match frame {
            Frame::Message(body) => {
                to_server.write_all(&encode(&body)).await?;
                to_server.flush().await?;
            }
            Frame::Malformed { reply, log } => {
                eprintln!("journey lsp: ignored {log}");
                write_frame(&output, reply.to_string().as_bytes()).await?;
            }
        }
    }
    // The end of the input ends the server's input too.
    to_server.shutdown().await
}

/// Copies the server's messages to the client, one whole frame at a time
/// (the input side writes its error replies between them).
async fn pump_output<R, W>(from_server: R, output: Arc<Mutex<W>>) -> io::Result<()>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut frames = FrameReader::new(from_server);
    while let Some(frame) = frames.next().await? {
        if let Frame::Message(body) = frame {
            write_frame(&output, &body).await?;
        }
    }
    Ok(())
}

/// Serves LSP over `input`/`output` through the framing layer, with every
/// request and notification under the panic guard. Returns whether the
/// client sent `shutdown` before the end.
pub async fn serve<I, O>(input: I, output: O) -> bool
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let (service, socket) = crate::service();
    let server = service.inner().clone();
    let output = Arc::new(Mutex::new(output));
    let (to_server, server_input) = tokio::io::duplex(64 * 1024);
    let (server_output, from_server) = tokio::io::duplex(64 * 1024);
    let reader = tokio::spawn({
        let output = output.clone();
        async move {
            if let Err(error) = pump_input(input, to_server, output).await {
                eprintln!("journey lsp: reading the client's messages failed: {error}");
            }
        }
    });
    let writer = tokio::spawn(pump_output(from_server, output));
    tower_lsp_server::Server::new(server_input, server_output, socket)
        .serve(Guarded(service))
        .await;
    // The server's output is closed now: wait until all of it is written.
    if let Ok(Err(error)) = writer.await {
        eprintln!("journey lsp: writing to the client failed: {error}");
    }
    reader.abort();
    server.was_shut_down()
}

/// A service whose calls run under a panic guard: a panic in any handler,
/// request or notification, is logged; a request gets an internal error
/// as its answer, and the server goes on serving.
#[derive(Debug)]
pub struct Guarded<S>(pub S);

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request> for Guarded<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let method = request.method().to_string();
        let id = request.id().cloned();
        let call = std::panic::catch_unwind(AssertUnwindSafe(|| self.0.call(request)));
        Box::pin(async move {
            let outcome = match call {
                Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
                Err(panic) => Err(panic),
            };
            outcome.unwrap_or_else(|panic| {
                let message = panic_message(panic.as_ref());
                eprintln!("journey lsp: {method} panicked: {message}");
                Ok(id.map(|id| {
                    let mut error = Error::internal_error();
                    error.message = format!("internal error in {method}: {message}").into();
                    Response::from_error(id, error)
                }))
            })
        })
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn frames(input: &[u8]) -> Vec<Frame> {
        let mut reader = FrameReader::new(input);
        let mut out = Vec::new();
        while let Some(frame) = reader.next().await.unwrap() {
            out.push(frame);
        }
        out
    }

    fn code(frame: &Frame) -> i64 {
        match frame {
            Frame::Malformed { reply, .. } => reply["error"]["code"].as_i64().unwrap(),
            Frame::Message(body) => panic!("passed on {:?}", String::from_utf8_lossy(body)),
        }
    }

    const EXIT: &[u8] = br#"{"jsonrpc":"2.0","method":"exit"}"#;

    #[tokio::test]
    async fn well_formed_messages_pass_whole() {
        let mut input = encode(EXIT);
        input.extend(format!("content-length: {}\n\n", EXIT.len()).bytes());
        input.extend(EXIT);
        input.extend(b"\r\n");
        input.extend(encode(EXIT));
        let got = frames(&input).await;
        assert_eq!(got, vec![Frame::Message(EXIT.to_vec()); 3]);
    }

    #[tokio::test]
    async fn after_a_bad_header_the_next_message_is_found() {
        let mut input = b"Content-Length: lots\r\n\r\n{\"garbage\": 1}".to_vec();
        input.extend(encode(EXIT));
        let got = frames(&input).await;
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(code(&got[0]), PARSE_ERROR);
        assert_eq!(got[1], Frame::Message(EXIT.to_vec()));
    }

    #[tokio::test]
    async fn a_truncated_message_is_reported_at_the_end() {
        let got = frames(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"").await;
        assert_eq!(got.len(), 1);
        assert_eq!(code(&got[0]), PARSE_ERROR);
        assert!(frames(b"\r\n").await.is_empty());
    }

    #[tokio::test]
    async fn a_panicking_handler_is_answered_and_a_panicking_notification_dropped() {
        let mut service = Guarded(tower::service_fn(|request: Request| async move {
            if request.method() != "calm" {
                panic!("boom in {}", request.method());
            }
            Ok::<_, std::convert::Infallible>(None)
        }));
        let request = Request::build("textDocument/hover").id(3).finish();
        let answer = service.call(request).await.unwrap().unwrap();
        let answer = serde_json::to_value(answer).unwrap();
        assert_eq!(answer["id"], json!(3));
        assert_eq!(answer["error"]["code"], json!(-32603));
        let notification = Request::build("textDocument/didChange").finish();
        assert!(service.call(notification).await.unwrap().is_none());
        let calm = Request::build("calm").finish();
        assert!(service.call(calm).await.unwrap().is_none());
    }
}
