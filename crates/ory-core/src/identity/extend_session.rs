//! `PATCH /admin/sessions/{id}/extend` (extendSession).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::push_segment;
use crate::error::Error;
use crate::models::Session;
use crate::operation::{decode_json, empty_body, request, Operation};

/// Extends a session's lifetime: `PATCH /admin/sessions/{id}/extend`.
///
/// The request has no body. Both answers Ory gives are success:
/// - **204 No Content** (the default, no body): the output is `None`;
/// - **200 OK** with the extended session (some Ory Network projects still answer this way):
///   the output is `Some(session)`.
///
/// Any other 2xx without a body is `None` too. To read the session after a 204, call
/// [`GetSession`](crate::identity::GetSession). Ory documents 400 and 404.
///
/// ```
/// use bytes::Bytes;
/// use ory_core::{identity::ExtendSession, Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let op = ExtendSession::new("5c4f");
/// let request = op.build_request(&config)?;
/// assert_eq!(request.method(), "PATCH");
/// assert_eq!(request.uri().path(), "/admin/sessions/5c4f/extend");
/// assert!(request.body().is_empty());
///
/// let no_content = http::Response::builder().status(204).body(Bytes::new())?;
/// assert!(op.parse_response(no_content)?.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtendSession {
    id: String,
}

impl ExtendSession {
    /// Extends the session `id`.
    pub fn new(id: impl Into<String>) -> Self {
        ExtendSession { id: id.into() }
    }

    /// The session id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for ExtendSession {
    fn from(id: &str) -> Self {
        ExtendSession::new(id)
    }
}

impl From<String> for ExtendSession {
    fn from(id: String) -> Self {
        ExtendSession::new(id)
    }
}

impl From<&String> for ExtendSession {
    fn from(id: &String) -> Self {
        ExtendSession::new(id.as_str())
    }
}

impl Operation for ExtendSession {
    /// `None` for 204 (the default), `Some(session)` for 200 with the session.
    type Output = Option<Session>;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(24 + self.id.len() * 3);
        path.push_str("/admin/sessions");
        push_segment(&mut path, "id", &self.id)?;
        path.push_str("/extend");
        empty_body(request(config, Method::PATCH, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Option<Session>, Error> {
        if !response.status().is_success() {
            return Err(Error::from_response(response));
        }
        let (parts, body) = response.into_parts();
        if parts.status == http::StatusCode::NO_CONTENT || body.iter().all(u8::is_ascii_whitespace)
        {
            return Ok(None);
        }
        decode_json(parts.status, parts.headers, body).map(Some)
    }
}
