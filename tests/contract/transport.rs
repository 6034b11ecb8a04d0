//! A minimal plain-HTTP transport for the contract tests, over hyper-util's pooled client.
//!
//! It stands in for `ory_hyper::HyperTransport` until that crate lands; then `TestTransport`
//! can be replaced by it (one line in `contract.rs`). Every request is bounded in time: Prism
//! can hang on a malformed body, and a hung request must fail the test, not stall it.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use ory_core::{HttpTransport, TransportError, TransportErrorKind};

/// Sends `http://` requests with a per-request time limit (headers and whole body).
pub struct TestTransport {
    client: Client<HttpConnector, Full<Bytes>>,
    timeout: Duration,
}

impl TestTransport {
    /// A transport whose requests each fail with a timeout after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        let client = Client::builder(TokioExecutor::new())
            // Below Prism's (Node's) 5 s keep-alive, so we never reuse a connection that the
            // server is closing.
            .pool_idle_timeout(Duration::from_secs(2))
            .build_http();
        TestTransport { client, timeout }
    }
}

#[async_trait::async_trait]
impl HttpTransport for TestTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let exchange = async {
            let response = self
                .client
                .request(request.map(Full::new))
                .await
                .map_err(|e| {
                    let kind = if e.is_connect() {
                        TransportErrorKind::Connect
                    } else {
                        TransportErrorKind::Io
                    };
                    TransportError::with_source(kind, e)
                })?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| TransportError::with_source(TransportErrorKind::Io, e))?
                .to_bytes();
            Ok(http::Response::from_parts(parts, body))
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(TransportError::new(TransportErrorKind::Timeout)
                .with_message(format!("no complete response within {:?}", self.timeout))),
        }
    }
}
