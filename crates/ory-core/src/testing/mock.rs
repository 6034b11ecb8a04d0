use std::collections::VecDeque;
use std::sync::Mutex;

use bytes::Bytes;

use crate::transport::{HttpTransport, TransportError, TransportErrorKind};

/// A transport that records every request and answers with queued responses, in order.
///
/// When the queue is empty it answers with a [`TransportErrorKind::Other`] error (it does not
/// panic, so the code under test sees an ordinary error).
#[derive(Debug, Default)]
pub struct MockTransport {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    queue: VecDeque<Result<http::Response<Bytes>, TransportError>>,
    requests: Vec<http::Request<Bytes>>,
}

impl MockTransport {
    /// An empty mock.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues a response.
    pub fn push_response(&self, response: http::Response<Bytes>) -> &Self {
        self.state().queue.push_back(Ok(response));
        self
    }

    /// Queues a response with `status` and no body.
    pub fn push_status(&self, status: u16) -> &Self {
        self.push_response(ResponseBuilder::new(status).build())
    }

    /// Queues a response with `status` and `body` as JSON.
    pub fn push_json(&self, status: u16, body: &serde_json::Value) -> &Self {
        self.push_response(ResponseBuilder::new(status).json(body).build())
    }

    /// Queues an Ory error response (`{"error": {...}}`) with `status`, `id` and `message`.
    pub fn push_ory_error(&self, status: u16, id: &str, message: &str) -> &Self {
        self.push_response(ResponseBuilder::ory_error(status, id, message).build())
    }

    /// Queues a transport failure.
    pub fn push_error(&self, error: TransportError) -> &Self {
        self.state().queue.push_back(Err(error));
        self
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<http::Request<Bytes>> {
        self.state().requests.iter().map(clone_request).collect()
    }

    /// The most recent request.
    pub fn last_request(&self) -> Option<http::Request<Bytes>> {
        self.state().requests.last().map(clone_request)
    }

    /// How many queued responses are left.
    pub fn remaining(&self) -> usize {
        self.state().queue.len()
    }
}

fn clone_request(request: &http::Request<Bytes>) -> http::Request<Bytes> {
    let mut clone = http::Request::new(request.body().clone());
    *clone.method_mut() = request.method().clone();
    *clone.uri_mut() = request.uri().clone();
    *clone.version_mut() = request.version();
    *clone.headers_mut() = request.headers().clone();
    clone
}

#[async_trait::async_trait]
impl HttpTransport for MockTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let mut state = self.state();
        state.requests.push(request);
        state.queue.pop_front().unwrap_or_else(|| {
            Err(TransportError::new(TransportErrorKind::Other)
                .with_message("MockTransport has no queued response for this request"))
        })
    }
}

/// Builds an `http::Response<Bytes>` for tests.
///
/// ```
/// use ory_core::testing::ResponseBuilder;
///
/// let response = ResponseBuilder::new(200)
///     .header("link", r#"</admin/identities?page_token=next>; rel="next""#)
///     .json(&serde_json::json!([]))
///     .build();
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
#[derive(Debug)]
pub struct ResponseBuilder {
    status: http::StatusCode,
    headers: http::HeaderMap,
    body: Bytes,
}

impl ResponseBuilder {
    /// A response with `status`, no headers and no body. An invalid status becomes 500.
    pub fn new(status: u16) -> Self {
        ResponseBuilder {
            status: http::StatusCode::from_u16(status)
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
            headers: http::HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// An Ory error response as the server sends it.
    pub fn ory_error(status: u16, id: &str, message: &str) -> Self {
        let code =
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        ResponseBuilder::new(status).json(&serde_json::json!({
            "error": {
                "id": id,
                "code": status,
                "status": code.canonical_reason().unwrap_or(""),
                "message": message,
            }
        }))
    }

    /// Adds a header. Invalid names or values are skipped.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            self.headers.append(name, value);
        }
        self
    }

    /// Sets a raw body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and `Content-Type: application/json`.
    pub fn json(self, body: &serde_json::Value) -> Self {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        self.header("content-type", "application/json").body(bytes)
    }

    /// The response.
    pub fn build(self) -> http::Response<Bytes> {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}
