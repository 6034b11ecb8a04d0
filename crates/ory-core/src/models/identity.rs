//! Identities and their parts: credentials, addresses, schemas.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;

use super::enums::{AddressVia, CredentialType, IdentityState, Region, VerifiableAddressStatus};
use super::raw_json::RawJson;
use super::serde_util::null_as_default;

/// An identity: a user of the project (`identity` in the spec).
///
/// Free-form parts (traits, metadata) stay raw JSON in the fields of the same name; the methods
/// [`Identity::traits`], [`Identity::metadata_public`] and [`Identity::metadata_admin`] parse
/// them into your own types.
///
/// ```
/// use ory_core::models::{CredentialType, Identity, Region};
///
/// #[derive(serde::Deserialize)]
/// struct Traits { email: String }
///
/// let identity: Identity = serde_json::from_str(r#"{
///     "id": "7f3ef3bb-5c4e-4d0f-9a43-1f7ce0b8a2d1",
///     "schema_id": "default",
///     "schema_url": "https://example.com/schemas/ZGVmYXVsdA",
///     "traits": {"email": "ada@example.com"},
///     "metadata_public": null,
///     "region": "eu-west",
///     "credentials": {"passkey": {"type": "passkey", "identifiers": ["ada"]}},
///     "created_at": "2024-05-14T09:21:37.654321987+02:00"
/// }"#)?;
/// assert_eq!(identity.traits::<Traits>()?.email, "ada@example.com");
/// assert_eq!(identity.metadata_public, None);
/// // A region this crate does not know yet is kept, not an error.
/// assert_eq!(identity.region.as_ref().map(Region::as_str), Some("eu-west"));
/// assert!(identity.credential(&CredentialType::Passkey).is_some());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Identity {
    /// The identity's id (a UUID).
    pub id: String,
    /// The id of the identity schema that validates the traits.
    pub schema_id: String,
    /// Where the identity schema can be fetched.
    pub schema_url: String,
    /// The identity's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<IdentityState>,
    /// When the state last changed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub state_changed_at: Option<OffsetDateTime>,
    /// The identity's traits (any JSON, validated by the schema); `None` when `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traits: Option<RawJson>,
    /// Credentials by type. Present only when asked for (`include_credential`) or on some
    /// endpoints; empty otherwise.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub credentials: BTreeMap<CredentialType, IdentityCredentials>,
    /// Addresses that can be verified (email, phone).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub verifiable_addresses: Vec<VerifiableIdentityAddress>,
    /// Addresses that can be used for account recovery.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub recovery_addresses: Vec<RecoveryIdentityAddress>,
    /// Metadata the identity itself can read (any JSON); `None` when absent or `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_public: Option<RawJson>,
    /// Metadata only admin APIs can read (any JSON); `None` when absent or `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_admin: Option<RawJson>,
    /// The identity's external id, unique across identities when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// The organization the identity belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// The Ory Network region the identity is homed in. Ory sends `""` on deployments without
    /// regions (self-hosted, single-region): that reads as `None`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "region_or_empty"
    )]
    pub region: Option<Region>,
    /// When the identity was created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub created_at: Option<OffsetDateTime>,
    /// When the identity was last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

impl Identity {
    /// Parses the traits into `T`. `null` or absent traits are parsed as JSON `null` (so
    /// `T = Option<MyTraits>` gives `None`).
    pub fn traits<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        parse_or_null(self.traits.as_ref())
    }

    /// Parses the public metadata into `T` (`null` when absent).
    pub fn metadata_public<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        parse_or_null(self.metadata_public.as_ref())
    }

    /// Parses the admin metadata into `T` (`null` when absent).
    pub fn metadata_admin<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        parse_or_null(self.metadata_admin.as_ref())
    }

    /// The credentials of one type, if present.
    pub fn credential(&self, kind: &CredentialType) -> Option<&IdentityCredentials> {
        self.credentials.get(kind)
    }
}

pub(crate) fn parse_or_null<T: DeserializeOwned>(
    raw: Option<&RawJson>,
) -> Result<T, serde_json::Error> {
    match raw {
        Some(raw) => raw.get(),
        None => serde_json::from_str("null"),
    }
}

fn region_or_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Region>, D::Error> {
    Ok(Option::<Region>::deserialize(deserializer)?.filter(|r| !r.as_str().is_empty()))
}

/// One type of credentials of an identity (`identityCredentials`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdentityCredentials {
    /// The credential type.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CredentialType>,
    /// The identifiers (email, username, provider subject...) this credential matches.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub identifiers: Vec<String>,
    /// The type-specific configuration (any JSON; Ory leaves secrets out unless
    /// `include_credential` asks for them). WebAuthn byte fields are base64 strings in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config: Option<RawJson>,
    /// The version of the configuration's format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// When the credentials were created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub created_at: Option<OffsetDateTime>,
    /// When the credentials were last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

impl IdentityCredentials {
    /// Parses the configuration into `T` (`null` when absent).
    pub fn config<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        parse_or_null(self.config.as_ref())
    }
}

/// An address that can be verified (`verifiableIdentityAddress`). Also used to import
/// addresses when creating an identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifiableIdentityAddress {
    /// The address's id (a UUID); not set on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The address (an email address or phone number).
    pub value: String,
    /// Whether it has been verified.
    #[serde(default)]
    pub verified: bool,
    /// How it is reached.
    pub via: AddressVia,
    /// The verification status.
    pub status: VerifiableAddressStatus,
    /// When it was verified.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub verified_at: Option<OffsetDateTime>,
    /// When the entry was created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub created_at: Option<OffsetDateTime>,
    /// When the entry was last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

impl VerifiableIdentityAddress {
    /// An address to import: `value` reached `via`, with its verification `status`
    /// (`verified` is set when the status is `completed`).
    pub fn new(value: impl Into<String>, via: AddressVia, status: VerifiableAddressStatus) -> Self {
        let verified = status == VerifiableAddressStatus::Completed;
        VerifiableIdentityAddress {
            id: None,
            value: value.into(),
            verified,
            via,
            status,
            verified_at: None,
            created_at: None,
            updated_at: None,
        }
    }

    /// Sets whether the address is verified.
    pub fn verified(mut self, verified: bool) -> Self {
        self.verified = verified;
        self
    }

    /// Sets when the address was verified.
    pub fn verified_at(mut self, at: OffsetDateTime) -> Self {
        self.verified_at = Some(at);
        self
    }
}

/// An address that can be used for account recovery (`recoveryIdentityAddress`). Also used to
/// import addresses when creating an identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecoveryIdentityAddress {
    /// The address's id (a UUID); not set on import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The address (an email address or phone number).
    pub value: String,
    /// How it is reached.
    pub via: AddressVia,
    /// The organization for which this address is a break-glass recovery address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_glass_for_organization: Option<String>,
    /// When the entry was created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub created_at: Option<OffsetDateTime>,
    /// When the entry was last updated.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "time::serde::rfc3339::option"
    )]
    pub updated_at: Option<OffsetDateTime>,
}

impl RecoveryIdentityAddress {
    /// An address to import: `value` reached `via`.
    pub fn new(value: impl Into<String>, via: AddressVia) -> Self {
        RecoveryIdentityAddress {
            id: None,
            value: value.into(),
            via,
            break_glass_for_organization: None,
            created_at: None,
            updated_at: None,
        }
    }
}

/// An identity schema with its id (`identitySchemaContainer`), as listed by
/// `GET /schemas`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdentitySchemaContainer {
    /// The schema's id.
    pub id: String,
    /// The JSON Schema document, raw.
    pub schema: RawJson,
}
