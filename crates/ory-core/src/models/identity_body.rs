//! Request bodies that create or replace identities, and credentials to import.

use serde::Serialize;
use time::OffsetDateTime;

use super::enums::{IdentityState, Region};
use super::identity::{RecoveryIdentityAddress, VerifiableIdentityAddress};
use super::raw_json::{JsonInput, RawJson};
use crate::error::BuildError;

/// The body of `POST /admin/identities` (`createIdentityBody`), also the `create` part of a
/// batch patch.
///
/// Only the fields you set are sent (Kratos refuses fields it does not expect). Free-form parts
/// take any [`Serialize`] value; should serializing one fail, the failure is reported by
/// [`CreateIdentityBody::validate`] and when the request is built.
///
/// ```
/// use ory_core::models::{CreateIdentityBody, IdentityWithCredentials, IdentityWithCredentialsPassword};
/// use serde_json::json;
///
/// let body = CreateIdentityBody::new("default", &json!({"email": "ada@example.com"}))
///     .credentials(IdentityWithCredentials::new()
///         .password(IdentityWithCredentialsPassword::hashed("$argon2id$v=19$...")));
/// assert_eq!(serde_json::to_value(&body)?, json!({
///     "schema_id": "default",
///     "traits": {"email": "ada@example.com"},
///     "credentials": {"password": {"config": {"hashed_password": "$argon2id$v=19$..."}}},
/// }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreateIdentityBody {
    schema_id: String,
    traits: JsonInput,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<IdentityState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<IdentityWithCredentials>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata_public: Option<JsonInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata_admin: Option<JsonInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verifiable_addresses: Option<Vec<VerifiableIdentityAddress>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_addresses: Option<Vec<RecoveryIdentityAddress>>,
}

impl CreateIdentityBody {
    /// An identity of schema `schema_id` with `traits` (any value that serializes to the JSON
    /// object the schema expects).
    pub fn new<T: Serialize + ?Sized>(schema_id: impl Into<String>, traits: &T) -> Self {
        CreateIdentityBody {
            schema_id: schema_id.into(),
            traits: JsonInput::new(traits),
            state: None,
            credentials: None,
            external_id: None,
            metadata_public: None,
            metadata_admin: None,
            organization_id: None,
            region: None,
            verifiable_addresses: None,
            recovery_addresses: None,
        }
    }

    /// Like [`CreateIdentityBody::new`] with traits that are already JSON.
    pub fn with_raw_traits(schema_id: impl Into<String>, traits: RawJson) -> Self {
        let mut body = CreateIdentityBody::new(schema_id, &());
        body.traits = traits.into();
        body
    }

    /// Sets the state (the server defaults to `active`).
    pub fn state(mut self, state: IdentityState) -> Self {
        self.state = Some(state);
        self
    }

    /// Sets credentials to import.
    pub fn credentials(mut self, credentials: IdentityWithCredentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sets the external id.
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Sets the public metadata (any serializable value).
    pub fn metadata_public<T: Serialize + ?Sized>(mut self, metadata: &T) -> Self {
        self.metadata_public = Some(JsonInput::new(metadata));
        self
    }

    /// Sets the admin metadata (any serializable value).
    pub fn metadata_admin<T: Serialize + ?Sized>(mut self, metadata: &T) -> Self {
        self.metadata_admin = Some(JsonInput::new(metadata));
        self
    }

    /// Sets the organization.
    pub fn organization_id(mut self, organization_id: impl Into<String>) -> Self {
        self.organization_id = Some(organization_id.into());
        self
    }

    /// Sets the Ory Network region (defaults to the project's home region).
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// Sets verifiable addresses to import (they must also be in the traits).
    pub fn verifiable_addresses(mut self, addresses: Vec<VerifiableIdentityAddress>) -> Self {
        self.verifiable_addresses = Some(addresses);
        self
    }

    /// Sets recovery addresses to import (they must also be in the traits).
    pub fn recovery_addresses(mut self, addresses: Vec<RecoveryIdentityAddress>) -> Self {
        self.recovery_addresses = Some(addresses);
        self
    }

    /// The schema id.
    pub fn schema_id(&self) -> &str {
        &self.schema_id
    }

    /// The serialized traits (`None` if serializing them failed).
    pub fn traits(&self) -> Option<&RawJson> {
        self.traits.json()
    }

    /// Checks that the schema id is not empty and reports a free-form part that could not be
    /// serialized.
    pub fn validate(&self) -> Result<(), BuildError> {
        if self.schema_id.is_empty() {
            return Err(BuildError::MissingParameter { name: "schema_id" });
        }
        self.traits.check("traits")?;
        check_opt(&self.metadata_public, "metadata_public")?;
        check_opt(&self.metadata_admin, "metadata_admin")?;
        if let Some(credentials) = &self.credentials {
            credentials.validate()?;
        }
        Ok(())
    }
}

pub(crate) fn check_opt(input: &Option<JsonInput>, field: &str) -> Result<(), BuildError> {
    input.as_ref().map_or(Ok(()), |input| input.check(field))
}

/// The body of `PUT /admin/identities/{id}` (`updateIdentityBody`): replaces the identity.
///
/// `schema_id`, `traits` and `state` are required. Fields left unset are not sent.
///
/// ```
/// use ory_core::models::{IdentityState, UpdateIdentityBody};
/// use serde_json::json;
///
/// let body = UpdateIdentityBody::new("default", IdentityState::Active, &json!({"email": "a@b.c"}))
///     .metadata_admin(&json!({"plan": "pro"}));
/// assert_eq!(serde_json::to_value(&body)?, json!({
///     "schema_id": "default", "state": "active", "traits": {"email": "a@b.c"},
///     "metadata_admin": {"plan": "pro"},
/// }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateIdentityBody {
    schema_id: String,
    state: IdentityState,
    traits: JsonInput,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<IdentityWithCredentials>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata_public: Option<JsonInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata_admin: Option<JsonInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

impl UpdateIdentityBody {
    /// Replaces the identity with schema `schema_id`, `state` and `traits`.
    pub fn new<T: Serialize + ?Sized>(
        schema_id: impl Into<String>,
        state: IdentityState,
        traits: &T,
    ) -> Self {
        UpdateIdentityBody {
            schema_id: schema_id.into(),
            state,
            traits: JsonInput::new(traits),
            credentials: None,
            external_id: None,
            metadata_public: None,
            metadata_admin: None,
            region: None,
        }
    }

    /// Like [`UpdateIdentityBody::new`] with traits that are already JSON.
    pub fn with_raw_traits(
        schema_id: impl Into<String>,
        state: IdentityState,
        traits: RawJson,
    ) -> Self {
        let mut body = UpdateIdentityBody::new(schema_id, state, &());
        body.traits = traits.into();
        body
    }

    /// Sets credentials to import.
    pub fn credentials(mut self, credentials: IdentityWithCredentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Sets the external id.
    pub fn external_id(mut self, external_id: impl Into<String>) -> Self {
        self.external_id = Some(external_id.into());
        self
    }

    /// Sets the public metadata (any serializable value; `&()` or `&serde_json::Value::Null`
    /// sends `null`).
    pub fn metadata_public<T: Serialize + ?Sized>(mut self, metadata: &T) -> Self {
        self.metadata_public = Some(JsonInput::new(metadata));
        self
    }

    /// Sets the admin metadata (any serializable value; `&()` sends `null`).
    pub fn metadata_admin<T: Serialize + ?Sized>(mut self, metadata: &T) -> Self {
        self.metadata_admin = Some(JsonInput::new(metadata));
        self
    }

    /// Moves the identity to another Ory Network region.
    pub fn region(mut self, region: Region) -> Self {
        self.region = Some(region);
        self
    }

    /// The schema id.
    pub fn schema_id(&self) -> &str {
        &self.schema_id
    }

    /// The serialized traits (`None` if serializing them failed).
    pub fn traits(&self) -> Option<&RawJson> {
        self.traits.json()
    }

    /// Checks that the schema id is not empty and reports a free-form part that could not be
    /// serialized.
    pub fn validate(&self) -> Result<(), BuildError> {
        if self.schema_id.is_empty() {
            return Err(BuildError::MissingParameter { name: "schema_id" });
        }
        self.traits.check("traits")?;
        check_opt(&self.metadata_public, "metadata_public")?;
        check_opt(&self.metadata_admin, "metadata_admin")?;
        if let Some(credentials) = &self.credentials {
            credentials.validate()?;
        }
        Ok(())
    }
}

/// `{"config": ...}`: how every credential import is wrapped on the wire.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct Config<T> {
    config: T,
}

/// Credentials to import with an identity (`identityWithCredentials`).
///
/// WebAuthn and passkey configurations take any serializable value (their byte fields are
/// base64 strings on the wire).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IdentityWithCredentials {
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<Config<IdentityWithCredentialsPassword>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oidc: Option<Config<IdentityWithCredentialsOidc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    saml: Option<Config<IdentityWithCredentialsSaml>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totp: Option<Config<IdentityWithCredentialsTotp>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lookup_secret: Option<Config<IdentityWithCredentialsLookupSecret>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    webauthn: Option<Config<JsonInput>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    passkey: Option<Config<JsonInput>>,
}

impl IdentityWithCredentials {
    /// No credentials yet.
    pub fn new() -> Self {
        IdentityWithCredentials::default()
    }

    /// Imports a password.
    pub fn password(mut self, password: IdentityWithCredentialsPassword) -> Self {
        self.password = Some(Config { config: password });
        self
    }

    /// Imports OpenID Connect (social sign-in) links.
    pub fn oidc(mut self, oidc: IdentityWithCredentialsOidc) -> Self {
        self.oidc = Some(Config { config: oidc });
        self
    }

    /// Imports SAML links.
    pub fn saml(mut self, saml: IdentityWithCredentialsSaml) -> Self {
        self.saml = Some(Config { config: saml });
        self
    }

    /// Imports a TOTP secret.
    pub fn totp(mut self, totp: IdentityWithCredentialsTotp) -> Self {
        self.totp = Some(Config { config: totp });
        self
    }

    /// Imports lookup secrets (backup codes).
    pub fn lookup_secret(mut self, lookup_secret: IdentityWithCredentialsLookupSecret) -> Self {
        self.lookup_secret = Some(Config {
            config: lookup_secret,
        });
        self
    }

    /// Imports WebAuthn credentials: `config` is the `config` object
    /// (`{"credentials": [...], "user_handle": "<base64>"}`).
    pub fn webauthn<T: Serialize + ?Sized>(mut self, config: &T) -> Self {
        self.webauthn = Some(Config {
            config: JsonInput::new(config),
        });
        self
    }

    /// Imports passkeys: `config` is the `config` object
    /// (`{"credentials": [...], "user_handle": "<base64>"}`).
    pub fn passkey<T: Serialize + ?Sized>(mut self, config: &T) -> Self {
        self.passkey = Some(Config {
            config: JsonInput::new(config),
        });
        self
    }

    /// Reports a free-form part that could not be serialized.
    pub fn validate(&self) -> Result<(), BuildError> {
        if let Some(webauthn) = &self.webauthn {
            webauthn.config.check("credentials.webauthn.config")?;
        }
        if let Some(passkey) = &self.passkey {
            passkey.config.check("credentials.passkey.config")?;
        }
        Ok(())
    }
}

/// A password to import (the `config` of `identityWithCredentialsPassword`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityWithCredentialsPassword {
    #[serde(skip_serializing_if = "Option::is_none")]
    hashed_password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_password_migration_hook: Option<bool>,
}

impl IdentityWithCredentialsPassword {
    /// A password hash in PHC format (argon2, bcrypt, pbkdf2, scrypt, md5, sha...).
    pub fn hashed(hash: impl Into<String>) -> Self {
        IdentityWithCredentialsPassword {
            hashed_password: Some(hash.into()),
            password: None,
            use_password_migration_hook: None,
        }
    }

    /// A plain-text password, hashed by the server.
    pub fn plaintext(password: impl Into<String>) -> Self {
        IdentityWithCredentialsPassword {
            hashed_password: None,
            password: Some(password.into()),
            use_password_migration_hook: None,
        }
    }

    /// No password: the password migration hook verifies it on first login.
    pub fn migration_hook() -> Self {
        IdentityWithCredentialsPassword {
            hashed_password: None,
            password: None,
            use_password_migration_hook: Some(true),
        }
    }

    /// Sets whether the password migration hook is used.
    pub fn use_password_migration_hook(mut self, enabled: bool) -> Self {
        self.use_password_migration_hook = Some(enabled);
        self
    }
}

/// OpenID Connect links to import (the `config` of `identityWithCredentialsOidc`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdentityWithCredentialsOidc {
    providers: Vec<IdentityWithCredentialsOidcProvider>,
}

impl IdentityWithCredentialsOidc {
    /// The given provider links.
    pub fn new(providers: Vec<IdentityWithCredentialsOidcProvider>) -> Self {
        IdentityWithCredentialsOidc { providers }
    }

    /// Adds one provider link.
    pub fn provider(mut self, provider: IdentityWithCredentialsOidcProvider) -> Self {
        self.providers.push(provider);
        self
    }
}

/// One OpenID Connect link (`identityWithCredentialsOidcConfigProvider`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityWithCredentialsOidcProvider {
    provider: String,
    subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    use_auto_link: Option<bool>,
}

impl IdentityWithCredentialsOidcProvider {
    /// Links `subject` (the ID token's `sub`) at `provider` (for example `google`).
    pub fn new(provider: impl Into<String>, subject: impl Into<String>) -> Self {
        IdentityWithCredentialsOidcProvider {
            provider: provider.into(),
            subject: subject.into(),
            organization: None,
            use_auto_link: None,
        }
    }

    /// Sets the organization.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }

    /// Lets the user sign in with the provider before the subject is known.
    pub fn use_auto_link(mut self, enabled: bool) -> Self {
        self.use_auto_link = Some(enabled);
        self
    }
}

/// SAML links to import (the `config` of `identityWithCredentialsSaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdentityWithCredentialsSaml {
    providers: Vec<IdentityWithCredentialsSamlProvider>,
}

impl IdentityWithCredentialsSaml {
    /// The given provider links.
    pub fn new(providers: Vec<IdentityWithCredentialsSamlProvider>) -> Self {
        IdentityWithCredentialsSaml { providers }
    }

    /// Adds one provider link.
    pub fn provider(mut self, provider: IdentityWithCredentialsSamlProvider) -> Self {
        self.providers.push(provider);
        self
    }
}

/// One SAML link (`identityWithCredentialsSamlConfigProvider`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityWithCredentialsSamlProvider {
    provider: String,
    subject: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<String>,
}

impl IdentityWithCredentialsSamlProvider {
    /// Links `subject` (immutable at the source) at `provider`.
    pub fn new(provider: impl Into<String>, subject: impl Into<String>) -> Self {
        IdentityWithCredentialsSamlProvider {
            provider: provider.into(),
            subject: subject.into(),
            organization: None,
        }
    }

    /// Sets the organization.
    pub fn organization(mut self, organization: impl Into<String>) -> Self {
        self.organization = Some(organization.into());
        self
    }
}

/// A TOTP secret to import (the `config` of `identityWithCredentialsTotp`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityWithCredentialsTotp {
    totp_url: String,
}

impl IdentityWithCredentialsTotp {
    /// The `otpauth://totp/...` URL holding the secret.
    pub fn new(totp_url: impl Into<String>) -> Self {
        IdentityWithCredentialsTotp {
            totp_url: totp_url.into(),
        }
    }
}

/// Lookup secrets (backup codes) to import (the `config` of
/// `AdminIdentityImportCredentialsLookupSecret`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IdentityWithCredentialsLookupSecret {
    codes: Vec<LookupSecretCode>,
}

impl IdentityWithCredentialsLookupSecret {
    /// Unused codes.
    pub fn new<I, S>(codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        IdentityWithCredentialsLookupSecret {
            codes: codes.into_iter().map(LookupSecretCode::new).collect(),
        }
    }

    /// Adds one code.
    pub fn code(mut self, code: LookupSecretCode) -> Self {
        self.codes.push(code);
        self
    }
}

/// One lookup secret (`identityCredentialsLookupSecretCode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupSecretCode {
    code: String,
    #[serde(
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    used_at: Option<OffsetDateTime>,
}

impl LookupSecretCode {
    /// An unused code.
    pub fn new(code: impl Into<String>) -> Self {
        LookupSecretCode {
            code: code.into(),
            used_at: None,
        }
    }

    /// Marks the code as used at `at`.
    pub fn used_at(mut self, at: OffsetDateTime) -> Self {
        self.used_at = Some(at);
        self
    }
}
