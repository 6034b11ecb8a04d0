//! `GET /admin/identities/{id}` (getIdentity).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::{push_segment, Query};
use crate::error::Error;
use crate::models::{CredentialType, Identity};
use crate::operation::{empty_body, parse_json, request, Operation};

/// Gets an identity: `GET /admin/identities/{id}`.
///
/// Credentials are left out unless asked for with [`GetIdentity::include_credential`]
/// (`include_credential=oidc` also returns the initial OAuth 2.0 and OpenID Connect tokens).
/// Ory documents 404 for an unknown id; see [`OptionalExt`](crate::OptionalExt) to read that as
/// `None`.
///
/// ```
/// use ory_core::identity::GetIdentity;
/// use ory_core::models::CredentialType;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = GetIdentity::new("b7b2")
///     .include_credential(CredentialType::Password)
///     .include_credential(CredentialType::Oidc)
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/identities/b7b2?include_credential=password&include_credential=oidc"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetIdentity {
    id: String,
    include_credential: Vec<CredentialType>,
}

impl GetIdentity {
    /// Gets the identity `id`.
    pub fn new(id: impl Into<String>) -> Self {
        GetIdentity {
            id: id.into(),
            include_credential: Vec::new(),
        }
    }

    /// `include_credential`: adds a credential type to include in the response (repeatable).
    pub fn include_credential(mut self, credential_type: impl Into<CredentialType>) -> Self {
        self.include_credential.push(credential_type.into());
        self
    }

    /// `include_credential`: adds several credential types to include in the response.
    pub fn include_credentials<C: Into<CredentialType>>(
        mut self,
        credential_types: impl IntoIterator<Item = C>,
    ) -> Self {
        self.include_credential
            .extend(credential_types.into_iter().map(Into::into));
        self
    }

    /// The identity id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl From<&str> for GetIdentity {
    fn from(id: &str) -> Self {
        GetIdentity::new(id)
    }
}

impl From<String> for GetIdentity {
    fn from(id: String) -> Self {
        GetIdentity::new(id)
    }
}

impl From<&String> for GetIdentity {
    fn from(id: &String) -> Self {
        GetIdentity::new(id.as_str())
    }
}

impl Operation for GetIdentity {
    type Output = Identity;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(20 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        Query::new(&mut path).push_all("include_credential", &self.include_credential);
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Identity, Error> {
        parse_json(response)
    }
}
