//! A transport written by the user, used with `ory-core` alone.
//!
//! `LoggingTransport` wraps any other transport and logs the method, path, status and time of
//! every call (never the headers, so the API key stays out of the log). `InMemoryTransport`
//! stands in for a real HTTP stack so this example runs without a network; in a service you
//! would wrap `ory_hyper::HyperTransport` or your own reqwest/surf/ureq-based transport the same
//! way.
//!
//! Run: `cargo run --example custom_transport`

use std::time::Instant;

use async_trait::async_trait;
use bytes::Bytes;
use ory_core::{Client, Config, HttpTransport, TransportError};

/// Logs every request and its outcome, then delegates to the inner transport.
struct LoggingTransport<T> {
    inner: T,
}

#[async_trait]
impl<T: HttpTransport> HttpTransport for LoggingTransport<T> {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let method = request.method().clone();
        let path = request.uri().path().to_owned();
        let started = Instant::now();
        let result = self.inner.send(request).await;
        match &result {
            Ok(response) => {
                eprintln!(
                    "{method} {path} -> {} in {:?}",
                    response.status(),
                    started.elapsed()
                )
            }
            Err(err) => eprintln!(
                "{method} {path} -> failed: {err} after {:?}",
                started.elapsed()
            ),
        }
        result
    }
}

/// Answers `DELETE /admin/sessions/{id}` with 204 and everything else with an Ory 404.
struct InMemoryTransport;

#[async_trait]
impl HttpTransport for InMemoryTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let found = request.method() == http::Method::DELETE
            && request.uri().path().starts_with("/admin/sessions/");
        let response = if found {
            http::Response::builder().status(204).body(Bytes::new())
        } else {
            http::Response::builder()
                .status(404)
                .header("content-type", "application/json")
                .body(Bytes::from_static(
                    br#"{"error":{"code":404,"status":"Not Found","message":"The requested resource could not be found"}}"#,
                ))
        };
        response.map_err(|e| TransportError::with_source(ory_core::TransportErrorKind::Other, e))
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::builder("http://127.0.0.1:4434").build()?;
    let client = Client::new(
        config,
        LoggingTransport {
            inner: InMemoryTransport,
        },
    );

    client
        .disable_session("9f425a8d-0f3a-4bd0-8f39-8a4e0c1a7b5e")
        .await?;
    println!("session disabled");

    // `..` is refused before any request exists: nothing is logged for it.
    let err = client.disable_session("..").await.unwrap_err();
    println!("refused: {err}");
    Ok(())
}
