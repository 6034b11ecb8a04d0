//! `GET /admin/identities/by/external/{externalID}` (getIdentityByExternalID).

use bytes::Bytes;
use http::Method;

use crate::config::Config;
use crate::encode::{push_segment, Query};
use crate::error::Error;
use crate::models::{CredentialType, Identity};
use crate::operation::{empty_body, parse_json, request, Operation};

/// Gets an identity by the external id it was created with:
/// `GET /admin/identities/by/external/{externalID}`.
///
/// Credentials are left out unless asked for with
/// [`GetIdentityByExternalId::include_credential`] (`include_credential=oidc` also returns the
/// initial OAuth 2.0 and OpenID Connect tokens). Ory documents 404 when no identity has that
/// external id; see [`OptionalExt`](crate::OptionalExt) to read that as `None`.
///
/// ```
/// use ory_core::identity::GetIdentityByExternalId;
/// use ory_core::models::CredentialType;
/// use ory_core::{Config, Operation};
///
/// let config = Config::new("http://127.0.0.1:4434")?;
/// let request = GetIdentityByExternalId::new("b7b2")
///     .include_credential(CredentialType::Password)
///     .include_credential(CredentialType::Oidc)
///     .build_request(&config)?;
/// assert_eq!(
///     request.uri().path_and_query().unwrap(),
///     "/admin/identities/by/external/b7b2?include_credential=password&include_credential=oidc"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetIdentityByExternalId {
    external_id: String,
    include_credential: Vec<CredentialType>,
}

impl GetIdentityByExternalId {
    /// Gets the identity whose external id is `external_id`.
    pub fn new(external_id: impl Into<String>) -> Self {
        GetIdentityByExternalId {
            external_id: external_id.into(),
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

    /// The external id.
    pub fn external_id(&self) -> &str {
        &self.external_id
    }
}

impl From<&str> for GetIdentityByExternalId {
    fn from(id: &str) -> Self {
        GetIdentityByExternalId::new(id)
    }
}

impl From<String> for GetIdentityByExternalId {
    fn from(id: String) -> Self {
        GetIdentityByExternalId::new(id)
    }
}

impl From<&String> for GetIdentityByExternalId {
    fn from(id: &String) -> Self {
        GetIdentityByExternalId::new(id.as_str())
    }
}

impl Operation for GetIdentityByExternalId {
    type Output = Identity;

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        let mut path = String::with_capacity(20 + self.external_id.len() * 3);
        path.push_str("/admin/identities/by/external");
        push_segment(&mut path, "externalID", &self.external_id)?;
        Query::new(&mut path).push_all("include_credential", &self.include_credential);
        empty_body(request(config, Method::GET, &path))
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<Identity, Error> {
        parse_json(response)
    }
}
