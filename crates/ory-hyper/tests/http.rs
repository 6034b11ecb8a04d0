//! HyperTransport against real hyper servers on 127.0.0.1 (plain HTTP).

mod common;

use std::io;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Response, StatusCode, Version};
use ory_core::config::DEFAULT_USER_AGENT;
use ory_core::identity::DisableSession;
use ory_core::{Client, Config, HttpTransport, Operation, TransportErrorKind};
use ory_hyper::HyperTransport;

use common::*;

const KEY: &str = "ory_apikey_test_secret";

fn config(base: &str) -> Config {
    Config::builder(base)
        .api_key(KEY)
        .header("x-tenant", "t-1")
        .build()
        .unwrap()
}

fn get(config: &Config, path: &str) -> http::Request<Bytes> {
    config
        .request_builder(Method::GET, path)
        .body(Bytes::new())
        .unwrap()
}

#[tokio::test]
async fn request_arrives_exactly_as_built() {
    let server = TestServer::start(status(204)).await;
    let config = config(&server.url());
    let client = Client::new(config.clone(), HyperTransport::new());
    let operation = DisableSession::new("a/b?c#d e");
    let built = operation.build_request(&config).unwrap();

    client.execute(&operation).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let got = &requests[0];
    assert_eq!(got.method, Method::DELETE);
    assert_eq!(
        got.uri.path_and_query().unwrap().as_str(),
        "/admin/sessions/a%2Fb%3Fc%23d%20e"
    );
    assert_eq!(got.version, Version::HTTP_11);
    assert_eq!(
        got.headers["authorization"],
        format!("Bearer {KEY}").as_str()
    );
    assert_eq!(got.headers["user-agent"], DEFAULT_USER_AGENT);
    assert_eq!(got.headers["accept"], "application/json");
    assert_eq!(got.headers["x-tenant"], "t-1");
    assert_eq!(got.headers["host"], server.addr.to_string().as_str());
    assert_eq!(got.headers["x-request-id"].len(), 36);
    assert!(
        got.headers.get("content-type").is_none(),
        "{:?}",
        got.headers
    );
    assert!(
        got.headers.get("transfer-encoding").is_none(),
        "{:?}",
        got.headers
    );
    assert!(got.body.is_empty());

    // Every header that was built arrived unchanged, and nothing else arrived but `Host` and
    // the request id added at send time (no `Content-Length: 0` on a body-less DELETE).
    for (name, value) in built.headers() {
        let arrived: Vec<_> = got.headers.get_all(name).iter().collect();
        assert_eq!(arrived, vec![value], "{name}");
    }
    for (name, value) in &got.headers {
        let explained =
            built.headers().contains_key(name) || name == "host" || name == "x-request-id";
        assert!(explained, "unexpected header {name}: {value:?}");
    }
    server.stop().await;
}

#[tokio::test]
async fn response_comes_back_whole() {
    let server = TestServer::start(respond(|_| {
        Response::builder()
            .status(201)
            .header("content-type", "application/json")
            .header("x-request-id", "srv-1")
            .header("x-ratelimit-remaining", "41")
            .body(full(r#"{"id":"abc","traits":{}}"#))
            .unwrap()
    }))
    .await;
    let transport = HyperTransport::new();
    let response = transport
        .send(get(&config(&server.url()), "/admin/identities/abc"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-request-id"], "srv-1");
    assert_eq!(response.headers()["x-ratelimit-remaining"], "41");
    assert_eq!(response.body().as_ref(), br#"{"id":"abc","traits":{}}"#);
    server.stop().await;
}

#[tokio::test]
async fn sequential_requests_reuse_one_connection() {
    let server = TestServer::start(status(204)).await;
    let transport = HyperTransport::new();
    let client = Client::new(config(&server.url()), transport.clone());
    for i in 0..8 {
        client.disable_session(format!("s-{i}")).await.unwrap();
    }
    // A clone shares the pool.
    let clone = transport.clone();
    let response = clone
        .send(get(&config(&server.url()), "/health"))
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);

    assert_eq!(server.requests().len(), 9);
    assert_eq!(server.connections(), 1);
    server.stop().await;
}

#[tokio::test]
async fn server_that_never_answers_hits_the_time_limit() {
    let server = TestServer::start(hang()).await;
    let transport = HyperTransport::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let client = Client::new(config(&server.url()), transport);
    // The outer guard turns a missing time limit into a failure instead of a hung test.
    let err = tokio::time::timeout(Duration::from_secs(10), client.disable_session("s-1"))
        .await
        .expect("the transport's time limit did not fire")
        .unwrap_err();
    let transport_err = transport_error(&err);
    assert_eq!(transport_err.kind(), TransportErrorKind::Timeout, "{err}");
    assert!(err.is_timeout());
    assert!(err.to_string().contains("300ms"), "{err}");
    // The request did reach the server: this was not a connect failure.
    assert_eq!(server.requests().len(), 1);
    server.stop().await;
}

/// Answers `/length/N` with N bytes and a `Content-Length`, `/chunked/N` with N bytes in
/// 256-byte chunks and no length, `/chunked/endless` with a body that never ends.
fn sized() -> Handler {
    respond(|req| {
        let path = req.uri.path();
        let body = if let Some(n) = path.strip_prefix("/length/") {
            full(vec![b'x'; n.parse().unwrap()])
        } else if path == "/chunked/endless" {
            chunked(256, None)
        } else if let Some(n) = path.strip_prefix("/chunked/") {
            chunked(256, Some(n.parse().unwrap()))
        } else {
            panic!("unexpected path {path}")
        };
        Response::builder().status(200).body(body).unwrap()
    })
}

#[tokio::test]
async fn oversized_body_with_content_length_hits_the_size_limit() {
    let server = TestServer::start(sized()).await;
    let config = config(&server.url());
    let transport = HyperTransport::builder()
        .max_body_size(1024)
        .build()
        .unwrap();

    let at_limit = transport.send(get(&config, "/length/1024")).await.unwrap();
    assert_eq!(at_limit.headers()["content-length"], "1024");
    assert_eq!(at_limit.body().len(), 1024);

    let err = transport
        .send(get(&config, "/length/1025"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
    assert!(err.to_string().contains("1025"), "{err}");
    server.stop().await;
}

#[tokio::test]
async fn oversized_chunked_body_hits_the_size_limit_while_reading() {
    let server = TestServer::start(sized()).await;
    let config = config(&server.url());
    let transport = HyperTransport::builder()
        .max_body_size(1024)
        // Generous, so that a missing size limit shows up as a timeout, not a pass.
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();

    let at_limit = transport.send(get(&config, "/chunked/1024")).await.unwrap();
    assert_eq!(at_limit.headers()["transfer-encoding"], "chunked");
    assert!(at_limit.headers().get("content-length").is_none());
    assert_eq!(at_limit.body().as_ref(), vec![b'x'; 1024].as_slice());

    for path in ["/chunked/1025", "/chunked/endless"] {
        let err = transport.send(get(&config, path)).await.unwrap_err();
        assert_eq!(
            err.kind(),
            TransportErrorKind::BodyTooLarge,
            "{path}: {err}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn redirect_is_not_followed() {
    let target = TestServer::start(status(204)).await;
    let location = format!("{}/admin/sessions/s-1", target.url());
    let origin = TestServer::start(respond(move |_| {
        Response::builder()
            .status(307)
            .header("location", location.as_str())
            .body(empty())
            .unwrap()
    }))
    .await;
    let transport = HyperTransport::new();
    let config = config(&origin.url());

    // Through the client: an error naming the 307.
    let client = Client::new(config.clone(), transport.clone());
    let err = client.disable_session("s-1").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TEMPORARY_REDIRECT), "{err}");

    // Through the transport: the 307 itself.
    let response = transport.send(get(&config, "/x")).await.unwrap();
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(response.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with(&target.url()));

    assert_eq!(origin.requests().len(), 2);
    assert_eq!(
        origin.requests()[0].headers["authorization"],
        format!("Bearer {KEY}").as_str()
    );
    // Nothing, and so no key, reached the redirect target.
    assert_eq!(target.connections(), 0);
    assert!(target.requests().is_empty());
    origin.stop().await;
    target.stop().await;
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);

    let client = Client::new(config(&format!("http://{addr}")), HyperTransport::new());
    let err = client.disable_session("s-1").await.unwrap_err();
    let transport_err = transport_error(&err);
    assert_eq!(transport_err.kind(), TransportErrorKind::Connect, "{err}");
    assert!(err.is_connect());
    let refused = chain(transport_err).any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::ConnectionRefused)
    });
    assert!(refused, "{transport_err:?}");
    // The message names the cause, not hyper-util's "client error (Connect)".
    assert!(!err.to_string().contains("client error"), "{err}");
    assert!(
        chain(transport_err).any(|e| e.is::<hyper_util::client::legacy::Error>()),
        "the hyper-util error stays reachable"
    );
}

#[tokio::test]
async fn malformed_response_is_a_protocol_error() {
    let server = RawServer::start(Some(b"THIS IS NOT HTTP\r\n\r\n")).await;
    let err = HyperTransport::new()
        .send(get(&config(&server.url()), "/x"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Protocol, "{err}");
    server.stop().await;
}

#[tokio::test]
async fn malformed_chunked_body_is_a_protocol_error() {
    let server = RawServer::start(Some(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    ))
    .await;
    let err = HyperTransport::new()
        .send(get(&config(&server.url()), "/x"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Protocol, "{err}");
    server.stop().await;
}

#[tokio::test]
async fn truncated_body_is_an_io_error() {
    let server = RawServer::start(Some(
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this",
    ))
    .await;
    let err = HyperTransport::new()
        .send(get(&config(&server.url()), "/x"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
    server.stop().await;
}

#[tokio::test]
async fn connection_closed_before_the_response_is_an_io_error() {
    let server = RawServer::start(Some(b"")).await;
    let err = HyperTransport::new()
        .send(get(&config(&server.url()), "/x"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Io, "{err}");
    server.stop().await;
}

#[test]
fn debug_shows_limits_and_clone_is_shared() {
    let transport = HyperTransport::builder()
        .timeout(Duration::from_secs(7))
        .max_body_size(99)
        .build()
        .unwrap();
    let text = format!("{:?}", transport.clone());
    assert!(text.contains("timeout: 7s"), "{text}");
    assert!(text.contains("max_body_size: 99"), "{text}");
}

#[tokio::test]
async fn from_client_wraps_a_user_built_client() {
    let server = TestServer::start(sized()).await;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<Bytes>>();
    let transport = HyperTransport::from_client(client).with_max_body_size(10);
    let config = config(&server.url());
    assert_eq!(
        transport
            .send(get(&config, "/length/10"))
            .await
            .unwrap()
            .body()
            .len(),
        10
    );
    let err = transport
        .send(get(&config, "/chunked/11"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::BodyTooLarge, "{err}");
    server.stop().await;
}
