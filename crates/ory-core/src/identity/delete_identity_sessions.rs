//! `DELETE /admin/identities/{id}/sessions` (deleteIdentitySessions).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::push_segment;
use crate::error::Error;
use crate::operation::{empty_body, parse_empty, request, Operation};

/// Deletes (not merely disables) every session of an identity:
/// `DELETE /admin/identities/{id}/sessions`.
///
/// Success is 204 (any 2xx is accepted). Ory documents 400, 401 and 404.
///
/// ```
/// use ory_core::{identity::DeleteIdentitySessions, Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = DeleteIdentitySessions::new("b7b2b9b6").build_request(&config)?;
/// assert_eq!(request.method(), "DELETE");
/// assert_eq!(request.uri().path(), "/admin/identities/b7b2b9b6/sessions");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteIdentitySessions {
    id: String,
}

impl DeleteIdentitySessions {
    /// Deletes the sessions of identity `id`.
    pub fn new(id: impl Into<String>) -> Self {
        DeleteIdentitySessions { id: id.into() }
    }

    /// The identity id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for DeleteIdentitySessions {
    fn from(id: &str) -> Self {
        DeleteIdentitySessions::new(id)
    }
}

impl From<String> for DeleteIdentitySessions {
    fn from(id: String) -> Self {
        DeleteIdentitySessions::new(id)
    }
}

impl From<&String> for DeleteIdentitySessions {
    fn from(id: &String) -> Self {
        DeleteIdentitySessions::new(id.as_str())
    }
}

impl Operation for DeleteIdentitySessions {
    type Output = ();

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(30 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        path.push_str("/sessions");
        empty_body(request(config, Method::DELETE, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        parse_empty(response)
    }
}
