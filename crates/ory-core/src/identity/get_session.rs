//! `GET /admin/sessions/{id}` (getSession).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::{push_segment, Query};
use crate::error::Error;
use crate::identity::SessionExpand;
use crate::models::Session;
use crate::operation::{empty_body, parse_json, request, Operation};

/// Gets a session: `GET /admin/sessions/{id}`.
///
/// The session's identity and devices are left out unless asked for with
/// [`GetSession::expand`]. Ory documents 400 (for example a malformed id) and answers 404 for an
/// unknown session; see [`OptionalExt`](crate::OptionalExt) to read a 404 as `None`.
///
/// ```
/// use ory_core::identity::{GetSession, SessionExpand};
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = GetSession::new("5c4f")
///     .expand(SessionExpand::Identity)
///     .expand(SessionExpand::Devices)
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/sessions/5c4f?expand=identity&expand=devices"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetSession {
    id: String,
    expand: Vec<SessionExpand>,
}

impl GetSession {
    /// Gets the session `id`.
    pub fn new(id: impl Into<String>) -> Self {
        GetSession {
            id: id.into(),
            expand: Vec::new(),
        }
    }

    /// `expand`: adds a property to expand in the session (repeatable).
    pub fn expand(mut self, property: SessionExpand) -> Self {
        self.expand.push(property);
        self
    }

    /// The session id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for GetSession {
    fn from(id: &str) -> Self {
        GetSession::new(id)
    }
}

impl From<String> for GetSession {
    fn from(id: String) -> Self {
        GetSession::new(id)
    }
}

impl From<&String> for GetSession {
    fn from(id: &String) -> Self {
        GetSession::new(id.as_str())
    }
}

impl Operation for GetSession {
    type Output = Session;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(20 + self.id.len() * 3);
        path.push_str("/admin/sessions");
        push_segment(&mut path, "id", &self.id)?;
        Query::new(&mut path).push_all("expand", &self.expand);
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Session, Error> {
        parse_json(response)
    }
}
