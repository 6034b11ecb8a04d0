//! `DELETE /admin/identities/{id}` (deleteIdentity).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::push_segment;
use crate::error::Error;
use crate::operation::{empty_body, parse_empty, request, Operation};

/// Deletes an identity permanently: `DELETE /admin/identities/{id}`.
///
/// Success is 204 (any 2xx is accepted). Ory documents 404 when the identity does not exist.
///
/// ```
/// use ory_core::{identity::DeleteIdentity, Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = DeleteIdentity::new("b7b2b9b6").build_request(&config)?;
/// assert_eq!(request.method(), "DELETE");
/// assert_eq!(request.uri().path(), "/admin/identities/b7b2b9b6");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteIdentity {
    id: String,
}

impl DeleteIdentity {
    /// Deletes the identity `id`.
    pub fn new(id: impl Into<String>) -> Self {
        DeleteIdentity { id: id.into() }
    }

    /// The identity id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for DeleteIdentity {
    fn from(id: &str) -> Self {
        DeleteIdentity::new(id)
    }
}

impl From<String> for DeleteIdentity {
    fn from(id: String) -> Self {
        DeleteIdentity::new(id)
    }
}

impl From<&String> for DeleteIdentity {
    fn from(id: &String) -> Self {
        DeleteIdentity::new(id.as_str())
    }
}

impl Operation for DeleteIdentity {
    type Output = ();

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(20 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        empty_body(request(config, Method::DELETE, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        parse_empty(response)
    }
}
