//! Fault injection: `ory_core::Client` over `ory_hyper::HyperTransport`, with retries on,
//! against real servers on 127.0.0.1 that misbehave in one way each.
//!
//! Every case must end in success or in the documented typed error (exact `ErrorKind`,
//! `TransportErrorKind`, status, attempts), within an outer time guard, without a panic, and
//! without the API key in any error's `Display` or `Debug` (nor in its sources).
//!
//! `fault_cases` runs the whole table and prints `fault cases: N passed, M failed` to stderr.
//! Run one case with `FAULT_CASE=<part of its name> cargo test --test faults`.
//!
//! Time limits: a short request timeout ([`SHORT`]) only where a timeout is the expected
//! outcome; elsewhere a generous one ([`LONG`]) so that a loaded machine cannot turn a pass
//! into a timeout. Nothing asserts on elapsed time.

mod support;

use std::future::Future;
use std::io::Write;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use ory_core::retry::RetryPolicy;
use ory_core::{Client, Config, Error, ErrorKind, TransportErrorKind};
use ory_hyper::HyperTransport;
use serde_json::json;

use support::*;

/// The API key every case is configured with; it must never show up in an error.
const KEY: &str = "ory_apikey_FAULTS_s3cr3t_9f8e7d6c5b4a";
/// The request timeout where a timeout is the expected outcome.
const SHORT: Duration = Duration::from_millis(400);
/// The request timeout everywhere else.
const LONG: Duration = Duration::from_secs(10);
/// The outer guard per case: a hang fails the case instead of hanging CI.
const GUARD: Duration = Duration::from_secs(60);

fn config(base: &str) -> Config {
    Config::builder(base).api_key(KEY).build().expect("config")
}

fn transport(timeout: Duration) -> HyperTransport {
    HyperTransport::builder()
        .timeout(timeout)
        .connect_timeout(Duration::from_secs(5))
        .build()
        .expect("transport")
}

/// A client with the default retry policy (3 attempts), as the docs recommend.
fn client(base: &str, timeout: Duration) -> Client<HyperTransport> {
    Client::new(config(base), transport(timeout))
        .with_retry(RetryPolicy::default(), ory_hyper::sleep)
}

/// What a case returns: the errors it saw (checked for the key by the runner), or why it
/// failed.
type CaseResult = Result<Vec<Error>, String>;
type CaseFuture = Pin<Box<dyn Future<Output = CaseResult> + Send>>;

/// Fails the case with the file, line and message.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!("line {}: {}", line!(), format!($($msg)+)));
        }
    };
}

macro_rules! ensure_eq {
    ($left:expr, $right:expr, $($msg:tt)+) => {{
        let (left, right) = (&$left, &$right);
        if left != right {
            return Err(format!(
                "line {}: {}: {:?} != {:?}",
                line!(),
                format!($($msg)+),
                left,
                right
            ));
        }
    }};
}

/// The error of `result`, or a case failure naming the unexpected success.
fn expect_err<T: std::fmt::Debug>(result: Result<T, Error>, what: &str) -> Result<Error, String> {
    match result {
        Ok(value) => Err(format!("{what}: expected an error, got Ok({value:?})")),
        Err(err) => Ok(err),
    }
}

fn transport_kind(err: &Error) -> Option<TransportErrorKind> {
    match err.kind() {
        ErrorKind::Transport(t) => Some(t.kind()),
        _ => None,
    }
}

/// Asserts a transport error of `kind` after `attempts` attempts, with the attempts in its
/// `Display` when there were several.
fn check_transport(
    err: &Error,
    kind: TransportErrorKind,
    attempts: u32,
    what: &str,
) -> Result<(), String> {
    ensure_eq!(transport_kind(err), Some(kind), "{what}: kind of `{err}`");
    ensure_eq!(err.attempts(), attempts, "{what}: attempts of `{err}`");
    check_attempts_display(err, attempts, what)
}

fn check_attempts_display(err: &Error, attempts: u32, what: &str) -> Result<(), String> {
    let text = err.to_string();
    if attempts > 1 {
        ensure!(
            text.contains(&format!("after {attempts} attempts")),
            "{what}: Display does not mention the attempts: {text}"
        );
    } else {
        ensure!(
            !text.contains("attempts"),
            "{what}: Display mentions attempts after one: {text}"
        );
    }
    Ok(())
}

const HEAD_1000: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n";

// --- the cases ---

/// 1. Nothing listens: `Connect`, retried for every method (nothing was sent).
async fn connection_refused() -> CaseResult {
    let addr = closed_port();
    let client = client(&format!("http://{addr}"), LONG);
    let mut errors = Vec::new();

    let err = expect_err(client.disable_session("s-1").await, "DELETE")?;
    check_transport(&err, TransportErrorKind::Connect, 3, "DELETE")?;
    ensure!(err.is_connect(), "is_connect");
    errors.push(err);

    let err = expect_err(client.create_test_login_flow("google").await, "POST")?;
    check_transport(&err, TransportErrorKind::Connect, 3, "POST")?;
    errors.push(err);

    // Without retries: one attempt.
    let once = client.clone().without_retry();
    let err = expect_err(once.get_identity("i-1").await, "GET without retries")?;
    check_transport(&err, TransportErrorKind::Connect, 1, "GET without retries")?;
    errors.push(err);
    Ok(errors)
}

/// 2. The server reads the request and closes without a word: `Io`. GET and DELETE are
///    retried; POST is not (the server may have acted on it).
async fn closed_after_request() -> CaseResult {
    let server = RawServer::start(|mut conn| async move {
        let _ = conn.read_request().await;
        // Dropping the stream closes the connection (FIN).
    })
    .await;
    let client = client(&server.url(), LONG);
    let mut errors = Vec::new();

    let err = expect_err(client.get_identity("i-1").await, "GET")?;
    check_transport(&err, TransportErrorKind::Io, 3, "GET")?;
    errors.push(err);
    let err = expect_err(client.disable_session("s-1").await, "DELETE")?;
    check_transport(&err, TransportErrorKind::Io, 3, "DELETE")?;
    errors.push(err);
    let err = expect_err(client.create_test_login_flow("google").await, "POST")?;
    check_transport(&err, TransportErrorKind::Io, 1, "POST")?;
    errors.push(err);

    let methods = server.methods();
    ensure_eq!(
        methods,
        ["GET", "GET", "GET", "DELETE", "DELETE", "DELETE", "POST"],
        "requests the server read"
    );
    ensure_eq!(
        methods.iter().filter(|m| *m == "POST").count(),
        1,
        "POSTs the server saw"
    );
    server.stop().await;
    Ok(errors)
}

/// 3. A reset (RST) in the middle of the body: `Io`, retried for GET.
async fn reset_mid_body() -> CaseResult {
    let server = RawServer::start(|mut conn| async move {
        if conn.read_request().await.is_none() {
            return;
        }
        let mut bytes = HEAD_1000.to_vec();
        bytes.extend_from_slice(br#"{"id":"i-1","schema_id":"default","traits":{"email":"#);
        let _ = conn.write(&bytes).await;
        // Let the head and the first bytes arrive before the reset.
        tokio::time::sleep(Duration::from_millis(50)).await;
        conn.reset();
    })
    .await;
    let client = client(&server.url(), LONG);
    let err = expect_err(client.get_identity("i-1").await, "GET")?;
    check_transport(&err, TransportErrorKind::Io, 3, "GET")?;
    ensure_eq!(server.methods(), ["GET", "GET", "GET"], "requests");
    server.stop().await;
    Ok(vec![err])
}

/// 4. A body shorter than its `Content-Length`, then an orderly close: `Io`.
async fn short_body() -> CaseResult {
    let server = RawServer::start(|mut conn| async move {
        if conn.read_request().await.is_none() {
            return;
        }
        let mut bytes = HEAD_1000.to_vec();
        bytes.extend_from_slice(br#"{"id":"i-1"}"#);
        let _ = conn.write(&bytes).await;
        let _ = tokio::io::AsyncWriteExt::shutdown(&mut conn.stream).await;
    })
    .await;
    let client = client(&server.url(), LONG);
    let err = expect_err(client.get_identity("i-1").await, "GET")?;
    check_transport(&err, TransportErrorKind::Io, 3, "GET")?;
    ensure_eq!(server.methods(), ["GET", "GET", "GET"], "requests");
    server.stop().await;
    Ok(vec![err])
}

/// 5. A server that reads the request and never answers: `Timeout`, retried for GET only.
async fn never_answers() -> CaseResult {
    let server = RawServer::start(|mut conn| async move {
        if conn.read_request().await.is_some() {
            conn.hold().await;
        }
    })
    .await;
    let client = client(&server.url(), SHORT);
    let mut errors = Vec::new();

    let err = expect_err(client.get_identity("i-1").await, "GET")?;
    check_transport(&err, TransportErrorKind::Timeout, 3, "GET")?;
    ensure!(err.is_timeout(), "is_timeout");
    ensure!(err.to_string().contains("400ms"), "names the limit: {err}");
    errors.push(err);

    let err = expect_err(client.create_test_login_flow("google").await, "POST")?;
    check_transport(&err, TransportErrorKind::Timeout, 1, "POST")?;
    errors.push(err);

    ensure_eq!(server.methods(), ["GET", "GET", "GET", "POST"], "requests");
    server.stop().await;
    Ok(errors)
}

/// 6. A server that sends the head at once and then the body one byte every 50 ms, far
///    slower than the time limit allows: `Timeout`.
async fn dribbled_body() -> CaseResult {
    let server = RawServer::start(|mut conn| async move {
        if conn.read_request().await.is_none() {
            return;
        }
        if conn.write(HEAD_1000).await.is_err() {
            return;
        }
        // 1000 bytes at 20 bytes/s: 50 s, unless the client gives up (write fails).
        for _ in 0..1000 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if conn.write(b" ").await.is_err() {
                return;
            }
        }
    })
    .await;
    let client = client(&server.url(), SHORT);
    let err = expect_err(client.get_identity("i-1").await, "GET")?;
    check_transport(&err, TransportErrorKind::Timeout, 3, "GET")?;
    ensure!(err.to_string().contains("400ms"), "names the limit: {err}");
    ensure_eq!(server.methods(), ["GET", "GET", "GET"], "requests");
    server.stop().await;
    Ok(vec![err])
}

const GATEWAY_HTML: &str =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

/// 7. A gateway's HTML 502: `UnexpectedResponse` 502 with the raw body, retried for GET,
///    not for POST.
async fn gateway_html_502() -> CaseResult {
    let server = HttpServer::start(|_| {
        reply(
            502,
            &[("content-type", "text/html"), ("server", "nginx")],
            GATEWAY_HTML,
        )
    })
    .await;
    let client = client(&server.url(), LONG);
    let mut errors = Vec::new();
    for (what, result, attempts) in [
        ("GET", client.get_identity("i-1").await.map(|_| ()), 3),
        (
            "POST",
            client.create_test_login_flow("google").await.map(|_| ()),
            1,
        ),
    ] {
        let err = expect_err(result, what)?;
        let ErrorKind::UnexpectedResponse(unexpected) = err.kind() else {
            return Err(format!("{what}: expected UnexpectedResponse, got {err:?}"));
        };
        ensure_eq!(
            unexpected.status(),
            StatusCode::BAD_GATEWAY,
            "{what}: status"
        );
        ensure_eq!(
            unexpected.body(),
            &Bytes::from_static(GATEWAY_HTML.as_bytes()),
            "{what}: raw body kept"
        );
        ensure_eq!(
            err.status(),
            Some(StatusCode::BAD_GATEWAY),
            "{what}: status()"
        );
        ensure_eq!(err.attempts(), attempts, "{what}: attempts");
        check_attempts_display(&err, attempts, what)?;
        errors.push(err);
    }
    let methods: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    ensure_eq!(methods, ["GET", "GET", "GET", "POST"], "requests");
    server.stop().await;
    Ok(errors)
}

/// 8. 200 with a body that is not the promised JSON: `Decode`, raw body kept, not retried.
async fn invalid_json() -> CaseResult {
    const TRUNCATED: &str = r#"{"id":"i-1","schema_id":"default","#;
    const WRONG_TYPE: &str =
        r#"{"id":"i-2","schema_id":"default","schema_url":"http://x","traits":{},"state":7}"#;
    let server = HttpServer::start(|req| {
        let body = if req.uri.path().ends_with("/i-1") {
            TRUNCATED
        } else {
            WRONG_TYPE
        };
        reply(200, &[("content-type", "application/json")], body)
    })
    .await;
    let client = client(&server.url(), LONG);
    let mut errors = Vec::new();
    for (id, raw, path) in [("i-1", TRUNCATED, None), ("i-2", WRONG_TYPE, Some("state"))] {
        let err = expect_err(client.get_identity(id).await, id)?;
        let ErrorKind::Decode(decode) = err.kind() else {
            return Err(format!("{id}: expected Decode, got {err:?}"));
        };
        ensure_eq!(
            decode.body(),
            &Bytes::from_static(raw.as_bytes()),
            "{id}: raw body"
        );
        ensure_eq!(decode.status(), StatusCode::OK, "{id}: status");
        if let Some(path) = path {
            ensure_eq!(decode.path(), path, "{id}: failing path");
        }
        ensure_eq!(err.attempts(), 1, "{id}: attempts");
        errors.push(err);
    }
    ensure_eq!(server.requests().len(), 2, "requests");
    server.stop().await;
    Ok(errors)
}

/// 9. 200 with a `Content-Type` other than JSON. What we do: the `Content-Type` is not
///    checked, the body decides. A body that is valid JSON for the model decodes (a proxy
///    that mislabels JSON breaks nothing); anything else is a `Decode` error with the body.
async fn non_json_content_type() -> CaseResult {
    let server = HttpServer::start(|req| {
        if req.uri.path().ends_with("/json-labelled-html") {
            reply(
                200,
                &[("content-type", "text/html; charset=utf-8")],
                identity_json("json-labelled-html").to_string(),
            )
        } else {
            reply(200, &[("content-type", "text/plain")], "upstream says hi")
        }
    })
    .await;
    let client = client(&server.url(), LONG);

    let identity = client
        .get_identity("json-labelled-html")
        .await
        .map_err(|e| format!("valid JSON labelled text/html: expected Ok, got {e:?}"))?;
    ensure_eq!(identity.id, "json-labelled-html", "decoded identity");

    let err = expect_err(client.get_identity("text").await, "text/plain")?;
    let ErrorKind::Decode(decode) = err.kind() else {
        return Err(format!("text/plain: expected Decode, got {err:?}"));
    };
    ensure_eq!(
        decode.body(),
        &Bytes::from_static(b"upstream says hi"),
        "raw body"
    );
    ensure_eq!(err.attempts(), 1, "attempts");
    server.stop().await;
    Ok(vec![err])
}

/// 10. A body over the size limit, declared (`Content-Length`) or not (chunked, endless):
///     `BodyTooLarge`, not retried.
async fn body_too_large() -> CaseResult {
    let declared = HttpServer::start(|_| {
        reply(
            200,
            &[("content-type", "application/json")],
            vec![b' '; 4096],
        )
    })
    .await;
    let endless = RawServer::start(|mut conn| async move {
        if conn.read_request().await.is_none() {
            return;
        }
        if conn
            .write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await
            .is_err()
        {
            return;
        }
        let mut chunk = b"200\r\n".to_vec();
        chunk.extend_from_slice(&[b' '; 0x200]);
        chunk.extend_from_slice(b"\r\n");
        // Endless, until the client stops reading.
        while conn.write(&chunk).await.is_ok() {}
    })
    .await;
    let mut errors = Vec::new();
    for (what, base) in [("declared", declared.url()), ("chunked", endless.url())] {
        let transport = HyperTransport::builder()
            .timeout(LONG)
            .max_body_size(1024)
            .build()
            .map_err(|e| e.to_string())?;
        let client = Client::new(config(&base), transport)
            .with_retry(RetryPolicy::default(), ory_hyper::sleep);
        let err = expect_err(client.get_identity("i-1").await, what)?;
        check_transport(&err, TransportErrorKind::BodyTooLarge, 1, what)?;
        ensure!(
            err.to_string().contains("1024"),
            "{what}: names the limit: {err}"
        );
        errors.push(err);
    }
    ensure_eq!(declared.requests().len(), 1, "declared: requests");
    ensure_eq!(endless.methods(), ["GET"], "chunked: requests");
    declared.stop().await;
    endless.stop().await;
    Ok(errors)
}

/// 11. 429 with `Retry-After: 1`, then success: the retry succeeds; the server saw two
///     requests carrying the same `X-Request-ID`.
async fn rate_limited_then_ok() -> CaseResult {
    let seen = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&seen);
    let server = HttpServer::start(move |_| {
        if count.fetch_add(1, Ordering::SeqCst) == 0 {
            let mut response = json(
                429,
                &json!({"error": {"code": 429, "status": "Too Many Requests",
                                  "message": "rate limit exceeded"}}),
            );
            response
                .headers_mut()
                .insert("retry-after", http::HeaderValue::from_static("1"));
            response
        } else {
            json(200, &identity_json("i-1"))
        }
    })
    .await;
    let client = client(&server.url(), LONG);
    let identity = client
        .get_identity("i-1")
        .await
        .map_err(|e| format!("expected success after the 429, got {e:?}"))?;
    ensure_eq!(identity.id, "i-1", "identity");
    let requests = server.requests();
    ensure_eq!(requests.len(), 2, "requests");
    let first = requests[0].header("x-request-id");
    ensure!(!first.is_empty(), "the first request has an X-Request-ID");
    ensure_eq!(
        requests[1].header("x-request-id"),
        first,
        "the retry keeps the X-Request-ID"
    );
    server.stop().await;
    Ok(Vec::new())
}

/// 12. 503 on every attempt: the attempts run out; the error is Ory's 503 after
///     `max_attempts` attempts, and says so.
async fn unavailable_until_exhausted() -> CaseResult {
    let server = HttpServer::start(|_| {
        json(
            503,
            &json!({"error": {"code": 503, "status": "Service Unavailable",
                              "message": "the service is temporarily unavailable"}}),
        )
    })
    .await;
    let client = client(&server.url(), LONG);
    let max_attempts = client
        .retry_policy()
        .map(RetryPolicy::max_attempts)
        .ok_or("retries are on")?;
    let err = expect_err(client.disable_session("s-1").await, "DELETE")?;
    ensure!(
        matches!(err.kind(), ErrorKind::Api(_)),
        "expected Api, got {err:?}"
    );
    ensure_eq!(
        err.status(),
        Some(StatusCode::SERVICE_UNAVAILABLE),
        "status"
    );
    ensure_eq!(err.attempts(), max_attempts, "attempts");
    ensure_eq!(max_attempts, 3, "the default policy's attempts");
    check_attempts_display(&err, max_attempts, "DELETE")?;
    ensure_eq!(
        server.requests().len(),
        max_attempts as usize,
        "requests the server saw"
    );
    server.stop().await;
    Ok(vec![err])
}

/// 13. A 307 redirect is not followed: the target receives nothing (so never the key), and
///     the error is `UnexpectedResponse` 307.
async fn redirect_not_followed() -> CaseResult {
    let target = HttpServer::start(|_| reply(204, &[], Bytes::new())).await;
    let location = format!("{}/admin/sessions/s-1", target.url());
    let origin =
        HttpServer::start(move |_| reply(307, &[("location", location.as_str())], Bytes::new()))
            .await;
    let client = client(&origin.url(), LONG);
    let err = expect_err(client.disable_session("s-1").await, "DELETE")?;
    let ErrorKind::UnexpectedResponse(unexpected) = err.kind() else {
        return Err(format!("expected UnexpectedResponse, got {err:?}"));
    };
    ensure_eq!(
        unexpected.status(),
        StatusCode::TEMPORARY_REDIRECT,
        "status"
    );
    ensure_eq!(err.attempts(), 1, "attempts");
    ensure!(
        err.to_string().contains("not followed"),
        "Display says the redirect was not followed: {err}"
    );
    ensure_eq!(origin.requests().len(), 1, "origin requests");
    ensure_eq!(
        target.connections(),
        0,
        "connections to the redirect target"
    );
    ensure!(
        target.requests().is_empty(),
        "requests to the redirect target"
    );
    origin.stop().await;
    target.stop().await;
    Ok(vec![err])
}

// --- the runner ---

type Case = (&'static str, fn() -> CaseFuture);

fn cases() -> Vec<Case> {
    macro_rules! case {
        ($name:literal, $f:ident) => {
            ($name, || -> CaseFuture { Box::pin($f()) })
        };
    }
    vec![
        case!("1 connection refused", connection_refused),
        case!("2 closed after the request", closed_after_request),
        case!("3 reset mid-body", reset_mid_body),
        case!("4 body shorter than Content-Length", short_body),
        case!("5 never answers", never_answers),
        case!("6 body dribbled too slowly", dribbled_body),
        case!("7 gateway HTML 502", gateway_html_502),
        case!("8 invalid JSON", invalid_json),
        case!("9 non-JSON Content-Type", non_json_content_type),
        case!("10 body over the size limit", body_too_large),
        case!("11 429 Retry-After then success", rate_limited_then_ok),
        case!("12 503 until attempts run out", unavailable_until_exhausted),
        case!("13 307 not followed", redirect_not_followed),
    ]
}

/// Every message of `err` and of its sources, `Display` and `Debug`, must not contain the
/// key.
fn check_no_key(errors: &[Error]) -> Result<(), String> {
    for err in errors {
        let mut texts = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            texts.push(s.to_string());
            texts.push(format!("{s:?}"));
            source = s.source();
        }
        for text in texts {
            ensure!(
                !text.contains(KEY) && !text.contains("s3cr3t"),
                "the API key leaked: {text}"
            );
        }
    }
    Ok(())
}

/// Panics anywhere in the process (hyper's connection tasks included, whose panics would
/// otherwise vanish with the task), counted by a hook that still prints them.
fn panic_count() -> &'static AtomicUsize {
    static COUNT: OnceLock<&'static AtomicUsize> = OnceLock::new();
    COUNT.get_or_init(|| {
        let count: &'static AtomicUsize = Box::leak(Box::new(AtomicUsize::new(0)));
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            count.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
        count
    })
}

fn panic_text(err: tokio::task::JoinError) -> String {
    match err.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "a panic".to_owned()),
        Err(err) => format!("the task failed: {err}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_cases() {
    let filter = std::env::var("FAULT_CASE").ok();
    let panics = panic_count();
    let all = cases();
    assert_eq!(all.len(), 13, "the table lists the 13 documented cases");

    let (mut passed, mut failed) = (0usize, Vec::new());
    for (name, case) in all {
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        let panics_before = panics.load(Ordering::SeqCst);
        // Each case in its own task: a panic is a failed case, not a stopped table.
        let mut task = tokio::spawn(case());
        let outcome = match tokio::time::timeout(GUARD, &mut task).await {
            Err(_) => {
                task.abort();
                Err(format!("no outcome within the {GUARD:?} guard (hang)"))
            }
            Ok(Err(join)) => Err(format!("panicked: {}", panic_text(join))),
            Ok(Ok(Err(message))) => Err(message),
            Ok(Ok(Ok(errors))) => check_no_key(&errors),
        };
        let outcome = outcome.and_then(|()| {
            let during = panics.load(Ordering::SeqCst) - panics_before;
            if during == 0 {
                Ok(())
            } else {
                Err(format!("{during} panic(s) in the process during the case"))
            }
        });
        match outcome {
            Ok(()) => {
                passed += 1;
                eprintln!("fault case {name}: ok");
            }
            Err(message) => {
                eprintln!("fault case {name}: FAILED: {message}");
                failed.push(format!("{name}: {message}"));
            }
        }
    }
    // Straight to the stderr handle: libtest captures `eprintln!` of passing tests, not this.
    let _ = writeln!(
        std::io::stderr(),
        "fault cases: {passed} passed, {} failed",
        failed.len()
    );
    assert!(
        failed.is_empty(),
        "failed fault cases:\n{}",
        failed.join("\n")
    );
    if filter.is_none() {
        assert_eq!(passed, 13);
    } else {
        assert!(passed > 0, "FAULT_CASE={filter:?} matches no case");
    }
}

/// `Debug` of the transport, its builder, the configuration and a client with a key and
/// retries never shows the key.
#[test]
fn debug_output_never_contains_the_key() {
    let builder = HyperTransport::builder().timeout(SHORT);
    let transport = builder.clone().build().expect("transport");
    let config = config("http://127.0.0.1:4434");
    let client = Client::new(config.clone(), transport.clone())
        .with_retry(RetryPolicy::default(), ory_hyper::sleep);
    let texts = [
        format!("{builder:?}"),
        format!("{transport:?}"),
        format!("{transport:#?}"),
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ];
    for text in &texts {
        assert!(!text.contains(KEY), "the API key leaked: {text}");
        assert!(
            !text.contains("s3cr3t"),
            "part of the API key leaked: {text}"
        );
    }
    // The checks looked at real output: the client's Debug shows its configuration.
    assert!(texts[5].contains("127.0.0.1:4434"), "{}", texts[5]);
    assert!(texts[1].contains("max_concurrent_requests"), "{}", texts[1]);
}
