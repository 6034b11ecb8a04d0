//! `DELETE /admin/identities/{id}/credentials/{type}` (deleteIdentityCredentials).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::{push_segment, Query};
use crate::error::{BuildError, Error};
use crate::models::CredentialType;
use crate::operation::{empty_body, parse_empty, request, Operation};

/// Deletes one credential of an identity:
/// `DELETE /admin/identities/{id}/credentials/{type}[?identifier=...]`.
///
/// For `oidc` and `saml` the `identifier` selects the provider link to remove; for
/// `deviceauthn` it is the `client_key_id` of the device key to revoke. The API requires it for
/// those three types, so building the request without it fails with
/// [`BuildError::MissingParameter`]. Types this crate does not know are sent as given.
///
/// Success is 204 (any 2xx is accepted). Ory documents 400 and 404.
///
/// ```
/// use ory_core::identity::DeleteIdentityCredentials;
/// use ory_core::models::CredentialType;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = DeleteIdentityCredentials::new("b7b2", CredentialType::Oidc)
///     .identifier("google:1234")
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/identities/b7b2/credentials/oidc?identifier=google%3A1234"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteIdentityCredentials {
    id: String,
    credential_type: CredentialType,
    identifier: Option<String>,
}

impl DeleteIdentityCredentials {
    /// Deletes the `credential_type` credentials of identity `id`.
    pub fn new(id: impl Into<String>, credential_type: impl Into<CredentialType>) -> Self {
        DeleteIdentityCredentials {
            id: id.into(),
            credential_type: credential_type.into(),
            identifier: None,
        }
    }

    /// `identifier`: which credential of the type to delete (required for `oidc`, `saml`
    /// and `deviceauthn`).
    pub fn identifier(mut self, identifier: impl Into<String>) -> Self {
        self.identifier = Some(identifier.into());
        self
    }

    /// The identity id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The credential type.
    pub fn credential_type(&self) -> &CredentialType {
        &self.credential_type
    }
}

impl Operation for DeleteIdentityCredentials {
    type Output = ();

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let needs_identifier = matches!(
            self.credential_type,
            CredentialType::Oidc | CredentialType::Saml | CredentialType::Deviceauthn
        );
        if needs_identifier && self.identifier.as_deref().is_none_or(str::is_empty) {
            return Err(BuildError::MissingParameter { name: "identifier" }.into());
        }
        let mut path = String::with_capacity(48 + self.id.len() * 3);
        path.push_str("/admin/identities");
        push_segment(&mut path, "id", &self.id)?;
        path.push_str("/credentials");
        push_segment(&mut path, "type", self.credential_type.as_str())?;
        Query::new(&mut path).push_opt("identifier", self.identifier.as_deref());
        empty_body(request(config, Method::DELETE, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        parse_empty(response)
    }
}
