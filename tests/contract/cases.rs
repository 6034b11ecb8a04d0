//! THE TABLE: one entry per request the contract tests send. Adding an operation is adding
//! entries here.
//!
//! For each case, against each spec it names, the harness:
//! - builds the request with `ory_core::Config` (Prism's URL and a bearer key), checks that its
//!   method and path match `operation_id` in the spec and that it sends exactly the
//!   parameters and body fields listed in `sends` (so a builder that drops a parameter fails),
//!   and that the spec declares every one of them;
//! - sends it as built and expects `success` with no Prism violation, then asks for the spec's
//!   example (`Prefer: dynamic=false`) and parses both answers with the operation;
//! - per operation: parses 50 random answers for every documented 2xx status, and forces every
//!   documented error status (and 500 for `default`), which must parse as `ErrorKind::Api`.
//!
//! Adding an operation: push its cases onto the `vec!` in [`cases`], enough of them that every
//! parameter and body field appears in at least one (the summary lists what was never sent,
//! top level and nested), for example:
//!
//! ```text
//! Case::new("listIdentities", "token page", 200,
//!     ListIdentities::new().page_size(50).page_token("t1").include_credentials(["password", "oidc"]))
//!     .sends(&["query:page_size", "query:page_token", "query:include_credential"]),
//! Case::new("manageSessions", "disable by identities", 200,
//!     ManageSessions::new(ManageSessionsBody::for_identities(ManageSessionsAction::Disable, [ID])))
//!     .sends(&["body:action", "body:identities"])
//!     .only(Specs::NetworkOnly),
//! ```
//!
//! `sends` lists path and query parameters and top-level body fields; nested body fields
//! (`credentials.password.config.hashed_password`, `identities[].patch_id`) are checked against
//! the spec and counted for the summary without being listed per case.
//!
//! What Prism cannot tell: it sends no `Link` header (pagination must be tested elsewhere), it
//! answers the first documented 2xx unless asked (`extendSession`: 200, though the server's
//! default is 204, so one case asks for 204 with [`Case::prefer`]), and for Kratos it accepts
//! any `Authorization` value.
//!
//! Value choices the specs force: Kratos' spec narrows `expires_in` of a recovery link to a
//! single unit (`^[0-9]+(ns|us|ms|s|m|h)$`; Ory Network and the server's Go parser take
//! `1h30m`), so the cases send single-unit durations; Kratos declares neither `region`, nor
//! TOTP, lookup-secret, WebAuthn or passkey credentials, nor `break_glass_for_organization`,
//! so those travel in Ory-Network-only cases.

use std::time::Duration;

use bytes::Bytes;
use ory_core::identity::{
    BatchPatchIdentities, Consistency, CreateIdentity, CreateRecoveryCodeForIdentity,
    CreateRecoveryLinkForIdentity, CreateTestLoginFlow, DeleteIdentity, DeleteIdentityCredentials,
    DeleteIdentitySessions, DisableSession, ExtendSession, GetIdentity, GetIdentityByExternalId,
    GetIdentitySchema, GetSession, ListIdentities, ListIdentitySchemas, ListIdentitySessions,
    ListSessions, ManageSessions, PatchIdentity, SessionExpand, UpdateIdentity,
};
use ory_core::models::{
    CreateIdentityBody, CreateRecoveryCodeForIdentityBody, CreateRecoveryLinkForIdentityBody,
    CredentialType, FlowType, IdentityPatch, IdentityState, IdentityWithCredentials,
    IdentityWithCredentialsLookupSecret, IdentityWithCredentialsOidc,
    IdentityWithCredentialsOidcProvider, IdentityWithCredentialsPassword,
    IdentityWithCredentialsSaml, IdentityWithCredentialsSamlProvider, IdentityWithCredentialsTotp,
    JsonPatch, LookupSecretCode, ManageSessionsAction, ManageSessionsBody, PatchIdentitiesBody,
    RecoveryIdentityAddress, Region, UpdateIdentityBody, VerifiableIdentityAddress,
};
use ory_core::{Config, Error, Operation};
use serde_json::json;

use super::spec::SpecKind;

/// Which specs a case runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Specs {
    /// Ory Network and Kratos.
    Both,
    /// Ory Network only (`manageSessions`, `createTestLoginFlow`).
    NetworkOnly,
    /// Kratos only.
    KratosOnly,
}

impl Specs {
    /// True when the case runs against `kind`.
    pub fn includes(self, kind: SpecKind) -> bool {
        matches!(
            (self, kind),
            (Specs::Both, _)
                | (Specs::NetworkOnly, SpecKind::Network)
                | (Specs::KratosOnly, SpecKind::Kratos)
        )
    }
}

/// An operation with its output type erased, so operations of different types share a table.
/// Every `ory_core::Operation` is one.
pub trait ContractOperation: Send + Sync {
    /// `Operation::build_request`.
    fn build(&self, config: &Config) -> Result<http::Request<Bytes>, Error>;
    /// `Operation::parse_response`, output dropped.
    fn parse(&self, response: http::Response<Bytes>) -> Result<(), Error>;
}

impl<O: Operation + Send + Sync> ContractOperation for O {
    fn build(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.build_request(config)
    }

    fn parse(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        self.parse_response(response).map(drop)
    }
}

/// One request of the table.
pub struct Case {
    /// The spec's `operationId` the request must match.
    pub operation_id: &'static str,
    /// What this case is about (shown in failures).
    pub label: &'static str,
    /// The operation value, with the parameters the case exercises.
    pub operation: Box<dyn ContractOperation>,
    /// The status Prism answers a conforming request with (its first documented 2xx; note
    /// `extendSession` answers 200, although the server's default is 204).
    pub success: u16,
    /// Exactly what the request sends: `path:NAME`, `query:NAME`, `body:FIELD` (top level).
    pub sends: &'static [&'static str],
    /// The specs it runs against.
    pub specs: Specs,
    /// A `Prefer` header for the case's own request and its spec-example request (for
    /// example `code=204`), or `None` for Prism's default answer.
    pub prefer: Option<&'static str>,
    /// True to send the request without an API key (the operations that need none).
    pub keyless: bool,
}

impl Case {
    /// A case for both specs; set `sends` with [`Case::sends`].
    pub fn new(
        operation_id: &'static str,
        label: &'static str,
        success: u16,
        operation: impl ContractOperation + 'static,
    ) -> Case {
        Case {
            operation_id,
            label,
            operation: Box::new(operation),
            success,
            sends: &[],
            specs: Specs::Both,
            prefer: None,
            keyless: false,
        }
    }

    /// Lists what the request sends.
    pub fn sends(mut self, sends: &'static [&'static str]) -> Case {
        self.sends = sends;
        self
    }

    /// Restricts the case to some specs.
    pub fn only(mut self, specs: Specs) -> Case {
        self.specs = specs;
        self
    }

    /// Asks Prism for a particular answer (`Prefer: code=204`); `success` must match it.
    pub fn prefer(mut self, prefer: &'static str) -> Case {
        self.prefer = Some(prefer);
        self
    }

    /// Sends the request without an API key; the harness fails the case if the spec says the
    /// operation needs one.
    pub fn keyless(mut self) -> Case {
        self.keyless = true;
        self
    }
}

const IDENTITY: &str = "5f3d3c1a-8a55-4b1e-9b8f-3f2b6c1d7e90";
const IDENTITY_2: &str = "0c7b8e21-33c4-4d2a-a1f0-6e5d4c3b2a19";
const IDENTITY_3: &str = "e2a9f4b7-1c6d-4e8f-9a0b-7c5d3e1f2a48";
const SESSION: &str = "9f425a8d-7b8c-4f5f-a0e5-4d1c3b6a2e11";
const SESSION_2: &str = "3b1e7c9d-5a2f-4c8e-b6d0-1f9a8e7d6c54";
const ORGANIZATION: &str = "7d2c5e8f-9b1a-4f3e-8c6d-2a4b6c8e0f13";
const PATCH_1: &str = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const PATCH_2: &str = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e";
const PATCH_3: &str = "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f";

fn traits() -> serde_json::Value {
    json!({"email": "alice@example.com", "name": {"first": "Alice", "last": "Liddell"}})
}

/// A verifiable address exported from another project with every field set, read by
/// `ory-core`'s own model (its timestamps are also the ones the other cases use).
fn exported_verifiable_address() -> VerifiableIdentityAddress {
    serde_json::from_value(json!({
        "id": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
        "value": "alice@example.com",
        "verified": true,
        "via": "email",
        "status": "completed",
        "verified_at": "2024-03-01T09:30:00.123456Z",
        "created_at": "2024-02-28T08:00:00Z",
        "updated_at": "2024-03-01T09:30:00.123456+01:00"
    }))
    .expect("a valid exported verifiable address")
}

/// A recovery address exported from another project with every field Kratos declares set.
fn exported_recovery_address() -> RecoveryIdentityAddress {
    serde_json::from_value(json!({
        "id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
        "value": "alice@example.com",
        "via": "email",
        "created_at": "2024-02-28T08:00:00Z",
        "updated_at": "2024-03-01T09:30:00Z"
    }))
    .expect("a valid exported recovery address")
}

/// A break-glass recovery address for an organization (Ory Network only).
fn break_glass_address() -> RecoveryIdentityAddress {
    let mut address = RecoveryIdentityAddress::new("admin@example.com", "email".into());
    address.break_glass_for_organization = Some(ORGANIZATION.to_owned());
    address
}

/// OIDC with two providers (one with an organization and auto-linking) and SAML.
fn federated(credentials: IdentityWithCredentials) -> IdentityWithCredentials {
    credentials
        .oidc(
            IdentityWithCredentialsOidc::new(vec![IdentityWithCredentialsOidcProvider::new(
                "google",
                "108245112361347",
            )])
            .provider(
                IdentityWithCredentialsOidcProvider::new("github", "583231")
                    .organization(ORGANIZATION)
                    .use_auto_link(true),
            ),
        )
        .saml(IdentityWithCredentialsSaml::new(vec![
            IdentityWithCredentialsSamlProvider::new("okta", "alice@example.com")
                .organization(ORGANIZATION),
        ]))
}

/// The credentials only Ory Network declares: TOTP, lookup secrets (one used), and WebAuthn
/// and passkey configurations (caller JSON; an empty credential list conforms to both).
fn network_credentials(credentials: IdentityWithCredentials) -> IdentityWithCredentials {
    let used_at = exported_verifiable_address()
        .verified_at
        .expect("the exported address has verified_at");
    credentials
        .totp(IdentityWithCredentialsTotp::new(
            "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
        ))
        .lookup_secret(
            IdentityWithCredentialsLookupSecret::new(["7fc2-19ab", "c0de-4b1d"])
                .code(LookupSecretCode::new("a1b2-c3d4").used_at(used_at)),
        )
        .webauthn(&json!({"credentials": []}))
        .passkey(&json!({"credentials": []}))
}

fn create_minimal() -> CreateIdentityBody {
    CreateIdentityBody::new("default", &traits())
}

/// Every field both specs declare, a plaintext password, OIDC and SAML.
fn create_full() -> CreateIdentityBody {
    CreateIdentityBody::new("default", &traits())
        .state(IdentityState::Active)
        .external_id("crm-4711")
        .metadata_public(&json!({"plan": "pro"}))
        .metadata_admin(&json!({"notes": ["imported"]}))
        .organization_id(ORGANIZATION)
        .verifiable_addresses(vec![exported_verifiable_address()])
        .recovery_addresses(vec![exported_recovery_address()])
        .credentials(federated(IdentityWithCredentials::new().password(
            IdentityWithCredentialsPassword::plaintext("correct horse battery staple"),
        )))
}

/// An imported password hash and an OIDC link.
fn create_hashed() -> CreateIdentityBody {
    CreateIdentityBody::new("default", &traits())
        .state(IdentityState::Inactive)
        .credentials(
            IdentityWithCredentials::new()
                .password(IdentityWithCredentialsPassword::hashed(
                    "$2a$10$ZsCsoVQ3xfBG/K2z2XpBf.tm90GZmtOqtqWcB5.pYd5Eq8y7RlDyq",
                ))
                .oidc(IdentityWithCredentialsOidc::new(vec![
                    IdentityWithCredentialsOidcProvider::new("google", "108245112361347"),
                ])),
        )
}

/// A password checked by the project's migration hook on first login.
fn create_migration_hook() -> CreateIdentityBody {
    CreateIdentityBody::new("default", &traits()).credentials(
        IdentityWithCredentials::new().password(IdentityWithCredentialsPassword::migration_hook()),
    )
}

/// What only Ory Network declares: region, TOTP, lookup secrets, WebAuthn, passkey and a
/// break-glass recovery address.
fn create_network_only() -> CreateIdentityBody {
    CreateIdentityBody::new("default", &traits())
        .region(Region::EuCentral)
        .recovery_addresses(vec![break_glass_address()])
        .credentials(network_credentials(IdentityWithCredentials::new()))
}

/// Every field both specs declare, a new plaintext password, OIDC and SAML.
fn update_full() -> UpdateIdentityBody {
    UpdateIdentityBody::new("default", IdentityState::Active, &traits())
        .external_id("crm-4711")
        .metadata_public(&json!({"plan": "enterprise"}))
        .metadata_admin(&json!(null))
        .credentials(federated(IdentityWithCredentials::new().password(
            IdentityWithCredentialsPassword::plaintext("a new passphrase"),
        )))
}

/// An imported hash, with the migration hook explicitly off.
fn update_hashed() -> UpdateIdentityBody {
    UpdateIdentityBody::new("default", IdentityState::Active, &traits()).credentials(
        IdentityWithCredentials::new().password(
            IdentityWithCredentialsPassword::hashed("$argon2id$v=19$m=16,t=2,p=1$c2FsdA$aGFzaA")
                .use_password_migration_hook(false),
        ),
    )
}

/// What only Ory Network declares: region, TOTP, lookup secrets, WebAuthn and passkey.
fn update_network_only() -> UpdateIdentityBody {
    UpdateIdentityBody::new("default", IdentityState::Inactive, &traits())
        .region(Region::UsEast)
        .credentials(network_credentials(IdentityWithCredentials::new()))
}

fn manage(action: ManageSessionsAction, identities: &[&str], sessions: &[&str]) -> ManageSessions {
    let body = if sessions.is_empty() {
        ManageSessionsBody::for_identities(action, identities.iter().copied())
    } else {
        ManageSessionsBody::for_sessions(action, sessions.iter().copied())
    };
    ManageSessions::new(body)
}

/// The deprecated offset pagination, which the specs still declare.
#[allow(deprecated)]
fn offset_pages() -> (ListIdentities, ListIdentitySessions, ListIdentitySchemas) {
    (
        ListIdentities::new().page(2).per_page(100),
        ListIdentitySessions::new(IDENTITY)
            .page(1)
            .per_page(50)
            .active(false),
        ListIdentitySchemas::new().page(0).per_page(1000),
    )
}

/// Every case, in the order they run.
pub fn cases() -> Vec<Case> {
    let (list_identities_offset, list_identity_sessions_offset, list_schemas_offset) =
        offset_pages();
    vec![
        // --- listIdentities: GET /admin/identities ---
        Case::new(
            "listIdentities",
            "no parameters",
            200,
            ListIdentities::new(),
        ),
        Case::new(
            "listIdentities",
            "token page, strong consistency, three include_credential",
            200,
            ListIdentities::new()
                .page_size(50)
                .page_token("eyJpZCI6ImMifQ/2+x=")
                .consistency(Consistency::Strong)
                .include_credentials([
                    CredentialType::Password,
                    CredentialType::Oidc,
                    CredentialType::Webauthn,
                ]),
        )
        .sends(&[
            "query:page_size",
            "query:page_token",
            "query:consistency",
            "query:include_credential",
        ]),
        Case::new(
            "listIdentities",
            "three ids, eventual consistency",
            200,
            ListIdentities::new()
                .ids([IDENTITY, IDENTITY_2, IDENTITY_3])
                .consistency(Consistency::Eventual),
        )
        .sends(&["query:ids", "query:consistency"]),
        Case::new(
            "listIdentities",
            "credentials_identifier with include_credential",
            200,
            ListIdentities::new()
                .credentials_identifier("alice+test@example.com")
                .include_credential(CredentialType::Password),
        )
        .sends(&["query:credentials_identifier", "query:include_credential"]),
        Case::new(
            "listIdentities",
            "preview_credentials_identifier_similar",
            200,
            ListIdentities::new().preview_credentials_identifier_similar("alice"),
        )
        .sends(&["query:preview_credentials_identifier_similar"]),
        Case::new(
            "listIdentities",
            "organization_id, largest page",
            200,
            ListIdentities::new()
                .organization_id(ORGANIZATION)
                .page_size(500),
        )
        .sends(&["query:organization_id", "query:page_size"]),
        Case::new(
            "listIdentities",
            "deprecated page and per_page",
            200,
            list_identities_offset,
        )
        .sends(&["query:page", "query:per_page"]),
        // --- batchPatchIdentities: PATCH /admin/identities ---
        Case::new(
            "batchPatchIdentities",
            "four creates: every field, hashed password, migration hook, minimal",
            200,
            BatchPatchIdentities::new(
                PatchIdentitiesBody::new(vec![
                    IdentityPatch::create(create_full()).patch_id(PATCH_1),
                    IdentityPatch::create(create_hashed()).patch_id(PATCH_2),
                    IdentityPatch::create(create_migration_hook()),
                ])
                .push(create_minimal().into()),
            ),
        )
        .sends(&["body:identities"]),
        Case::new(
            "batchPatchIdentities",
            "Ory Network fields: region, TOTP, lookup secrets, WebAuthn, passkey, break-glass",
            200,
            BatchPatchIdentities::new(
                [IdentityPatch::create(create_network_only()).patch_id(PATCH_3)]
                    .into_iter()
                    .collect(),
            ),
        )
        .sends(&["body:identities"])
        .only(Specs::NetworkOnly),
        // --- createIdentity: POST /admin/identities ---
        Case::new(
            "createIdentity",
            "schema_id and traits only",
            201,
            CreateIdentity::new(create_minimal()),
        )
        .sends(&["body:schema_id", "body:traits"]),
        Case::new(
            "createIdentity",
            "every field, plaintext password, OIDC, SAML, exported addresses",
            201,
            CreateIdentity::new(create_full()),
        )
        .sends(&[
            "body:schema_id",
            "body:traits",
            "body:state",
            "body:external_id",
            "body:metadata_public",
            "body:metadata_admin",
            "body:organization_id",
            "body:verifiable_addresses",
            "body:recovery_addresses",
            "body:credentials",
        ]),
        Case::new(
            "createIdentity",
            "hashed password and OIDC",
            201,
            CreateIdentity::new(create_hashed()),
        )
        .sends(&[
            "body:schema_id",
            "body:traits",
            "body:state",
            "body:credentials",
        ]),
        Case::new(
            "createIdentity",
            "password migration hook",
            201,
            CreateIdentity::new(create_migration_hook()),
        )
        .sends(&["body:schema_id", "body:traits", "body:credentials"]),
        Case::new(
            "createIdentity",
            "region, TOTP, lookup secrets, WebAuthn, passkey, break-glass address",
            201,
            CreateIdentity::new(create_network_only()),
        )
        .sends(&[
            "body:schema_id",
            "body:traits",
            "body:region",
            "body:recovery_addresses",
            "body:credentials",
        ])
        .only(Specs::NetworkOnly),
        // --- getIdentityByExternalID: GET /admin/identities/by/external/{externalID} ---
        Case::new(
            "getIdentityByExternalID",
            "external id with reserved characters stays one segment",
            200,
            GetIdentityByExternalId::new("crm/47 11?x#y+%"),
        )
        .sends(&["path:externalID"]),
        Case::new(
            "getIdentityByExternalID",
            "two include_credential",
            200,
            GetIdentityByExternalId::new("crm-4711")
                .include_credentials([CredentialType::Password, CredentialType::Saml]),
        )
        .sends(&["path:externalID", "query:include_credential"]),
        // --- deleteIdentity: DELETE /admin/identities/{id} ---
        Case::new(
            "deleteIdentity",
            "uuid id",
            204,
            DeleteIdentity::new(IDENTITY),
        )
        .sends(&["path:id"]),
        // --- getIdentity: GET /admin/identities/{id} ---
        Case::new("getIdentity", "uuid id", 200, GetIdentity::new(IDENTITY)).sends(&["path:id"]),
        Case::new(
            "getIdentity",
            "three include_credential",
            200,
            GetIdentity::new(IDENTITY)
                .include_credential(CredentialType::Password)
                .include_credentials([CredentialType::Oidc, CredentialType::Totp]),
        )
        .sends(&["path:id", "query:include_credential"]),
        // --- patchIdentity: PATCH /admin/identities/{id} (JSON Patch) ---
        Case::new(
            "patchIdentity",
            "replace state",
            200,
            PatchIdentity::new(IDENTITY).op(JsonPatch::replace("/state", "inactive")),
        )
        .sends(&["path:id", "body:op", "body:path", "body:value"]),
        Case::new(
            "patchIdentity",
            "all six operations",
            200,
            PatchIdentity::with_patch(
                IDENTITY,
                [
                    JsonPatch::test("/schema_id", "default"),
                    JsonPatch::add("/metadata_public/plan", "pro"),
                    JsonPatch::replace("/traits/name", &json!({"first": "Alicia"})),
                    JsonPatch::copy_to("/traits/email", "/metadata_admin/previous_email"),
                    JsonPatch::move_to("/metadata_admin/notes", "/metadata_admin/history"),
                    JsonPatch::remove("/metadata_public/legacy"),
                ],
            ),
        )
        .sends(&["path:id", "body:op", "body:path", "body:value", "body:from"]),
        // --- updateIdentity: PUT /admin/identities/{id} ---
        Case::new(
            "updateIdentity",
            "schema_id, state and traits only",
            200,
            UpdateIdentity::new(
                IDENTITY,
                UpdateIdentityBody::new("default", IdentityState::Active, &traits()),
            ),
        )
        .sends(&["path:id", "body:schema_id", "body:state", "body:traits"]),
        Case::new(
            "updateIdentity",
            "every field, plaintext password, OIDC, SAML",
            200,
            UpdateIdentity::new(IDENTITY, update_full()),
        )
        .sends(&[
            "path:id",
            "body:schema_id",
            "body:state",
            "body:traits",
            "body:external_id",
            "body:metadata_public",
            "body:metadata_admin",
            "body:credentials",
        ]),
        Case::new(
            "updateIdentity",
            "hashed password, migration hook off",
            200,
            UpdateIdentity::new(IDENTITY, update_hashed()),
        )
        .sends(&[
            "path:id",
            "body:schema_id",
            "body:state",
            "body:traits",
            "body:credentials",
        ]),
        Case::new(
            "updateIdentity",
            "region, TOTP, lookup secrets, WebAuthn, passkey",
            200,
            UpdateIdentity::new(IDENTITY, update_network_only()),
        )
        .sends(&[
            "path:id",
            "body:schema_id",
            "body:state",
            "body:traits",
            "body:region",
            "body:credentials",
        ])
        .only(Specs::NetworkOnly),
        // --- deleteIdentityCredentials: DELETE /admin/identities/{id}/credentials/{type} ---
        Case::new(
            "deleteIdentityCredentials",
            "password",
            204,
            DeleteIdentityCredentials::new(IDENTITY, CredentialType::Password),
        )
        .sends(&["path:id", "path:type"]),
        Case::new(
            "deleteIdentityCredentials",
            "oidc with identifier",
            204,
            DeleteIdentityCredentials::new(IDENTITY, CredentialType::Oidc)
                .identifier("google:108245112361347"),
        )
        .sends(&["path:id", "path:type", "query:identifier"]),
        // --- deleteIdentitySessions: DELETE /admin/identities/{id}/sessions ---
        Case::new(
            "deleteIdentitySessions",
            "uuid id",
            204,
            DeleteIdentitySessions::new(IDENTITY),
        )
        .sends(&["path:id"]),
        // --- listIdentitySessions: GET /admin/identities/{id}/sessions ---
        Case::new(
            "listIdentitySessions",
            "first page",
            200,
            ListIdentitySessions::new(IDENTITY),
        )
        .sends(&["path:id"]),
        Case::new(
            "listIdentitySessions",
            "active only, token page",
            200,
            ListIdentitySessions::new(IDENTITY)
                .page_size(10)
                .page_token("eyJvZmZzZXQiOiIxMCJ9")
                .active(true),
        )
        .sends(&[
            "path:id",
            "query:page_size",
            "query:page_token",
            "query:active",
        ]),
        Case::new(
            "listIdentitySessions",
            "inactive only, deprecated page and per_page",
            200,
            list_identity_sessions_offset,
        )
        .sends(&["path:id", "query:page", "query:per_page", "query:active"]),
        // --- createRecoveryCodeForIdentity: POST /admin/recovery/code ---
        Case::new(
            "createRecoveryCodeForIdentity",
            "identity_id only",
            201,
            CreateRecoveryCodeForIdentity::new(CreateRecoveryCodeForIdentityBody::new(IDENTITY)),
        )
        .sends(&["body:identity_id"]),
        Case::new(
            "createRecoveryCodeForIdentity",
            "expires_in and flow_type",
            201,
            CreateRecoveryCodeForIdentity::new(
                CreateRecoveryCodeForIdentityBody::new(IDENTITY)
                    .expires_in("12h")
                    .flow_type(FlowType::Api),
            ),
        )
        .sends(&["body:identity_id", "body:expires_in", "body:flow_type"]),
        // --- createRecoveryLinkForIdentity: POST /admin/recovery/link ---
        Case::new(
            "createRecoveryLinkForIdentity",
            "identity_id only",
            200,
            CreateRecoveryLinkForIdentity::new(CreateRecoveryLinkForIdentityBody::new(IDENTITY)),
        )
        .sends(&["body:identity_id"]),
        Case::new(
            "createRecoveryLinkForIdentity",
            "expires_after and return_to",
            200,
            CreateRecoveryLinkForIdentity::new(
                CreateRecoveryLinkForIdentityBody::new(IDENTITY)
                    .expires_after(Duration::from_secs(90 * 60)),
            )
            .return_to("https://app.example.com/welcome back?from=recovery"),
        )
        .sends(&["query:return_to", "body:identity_id", "body:expires_in"]),
        // --- listSessions: GET /admin/sessions ---
        Case::new("listSessions", "no parameters", 200, ListSessions::new()),
        Case::new(
            "listSessions",
            "active, expand identity and devices, token page",
            200,
            ListSessions::new()
                .page_size(1000)
                .page_token("eyJwYWdlIjoyfQ")
                .active(true)
                .expand(SessionExpand::Identity)
                .expand(SessionExpand::Devices),
        )
        .sends(&[
            "query:page_size",
            "query:page_token",
            "query:active",
            "query:expand",
        ]),
        // --- manageSessions: POST /admin/sessions (Ory Network only) ---
        Case::new(
            "manageSessions",
            "disable by identities",
            200,
            manage(ManageSessionsAction::Disable, &[IDENTITY, IDENTITY_2], &[]),
        )
        .sends(&["body:action", "body:identities"])
        .only(Specs::NetworkOnly),
        Case::new(
            "manageSessions",
            "delete by identities",
            200,
            manage(ManageSessionsAction::Delete, &[IDENTITY], &[]),
        )
        .sends(&["body:action", "body:identities"])
        .only(Specs::NetworkOnly),
        Case::new(
            "manageSessions",
            "disable by sessions",
            200,
            manage(ManageSessionsAction::Disable, &[], &[SESSION, SESSION_2]),
        )
        .sends(&["body:action", "body:sessions"])
        .only(Specs::NetworkOnly),
        Case::new(
            "manageSessions",
            "delete by sessions",
            200,
            manage(ManageSessionsAction::Delete, &[], &[SESSION]),
        )
        .sends(&["body:action", "body:sessions"])
        .only(Specs::NetworkOnly),
        Case::new(
            "manageSessions",
            "delete every session (identities [\"*\"])",
            200,
            ManageSessions::new(ManageSessionsBody::all_sessions(
                ManageSessionsAction::Delete,
            )),
        )
        .sends(&["body:action", "body:identities"])
        .only(Specs::NetworkOnly),
        // --- disableSession: DELETE /admin/sessions/{id} ---
        Case::new(
            "disableSession",
            "uuid id",
            204,
            DisableSession::new(SESSION),
        )
        .sends(&["path:id"]),
        Case::new(
            "disableSession",
            "id with reserved characters stays one segment",
            204,
            DisableSession::new("a/b?c#d e+%"),
        )
        .sends(&["path:id"]),
        // --- getSession: GET /admin/sessions/{id} ---
        Case::new("getSession", "no expand", 200, GetSession::new(SESSION)).sends(&["path:id"]),
        Case::new(
            "getSession",
            "expand identity and devices",
            200,
            GetSession::new(SESSION)
                .expand(SessionExpand::Identity)
                .expand(SessionExpand::Devices),
        )
        .sends(&["path:id", "query:expand"]),
        // --- extendSession: PATCH /admin/sessions/{id}/extend ---
        Case::new(
            "extendSession",
            "200 with the session (Prism's default answer)",
            200,
            ExtendSession::new(SESSION),
        )
        .sends(&["path:id"]),
        Case::new(
            "extendSession",
            "204 without a body (the server's default answer)",
            204,
            ExtendSession::new(SESSION),
        )
        .sends(&["path:id"])
        .prefer("code=204"),
        // --- createTestLoginFlow: POST /admin/test-login-flows (Ory Network only) ---
        Case::new(
            "createTestLoginFlow",
            "provider_id",
            201,
            CreateTestLoginFlow::new("google"),
        )
        .sends(&["body:provider_id"])
        .only(Specs::NetworkOnly),
        // --- listIdentitySchemas: GET /schemas (no API key) ---
        Case::new(
            "listIdentitySchemas",
            "no parameters, no API key",
            200,
            ListIdentitySchemas::new(),
        )
        .keyless(),
        Case::new(
            "listIdentitySchemas",
            "token page, no API key",
            200,
            ListIdentitySchemas::new()
                .page_size(2)
                .page_token("ZGVmYXVsdA"),
        )
        .sends(&["query:page_size", "query:page_token"])
        .keyless(),
        Case::new(
            "listIdentitySchemas",
            "deprecated page and per_page, with an API key",
            200,
            list_schemas_offset,
        )
        .sends(&["query:page", "query:per_page"]),
        // --- getIdentitySchema: GET /schemas/{id} (no API key) ---
        Case::new(
            "getIdentitySchema",
            "default, no API key",
            200,
            GetIdentitySchema::new("default"),
        )
        .sends(&["path:id"])
        .keyless(),
        Case::new(
            "getIdentitySchema",
            "preset id with `://` stays one segment, no API key",
            200,
            GetIdentitySchema::new("preset://email"),
        )
        .sends(&["path:id"])
        .keyless(),
    ]
}
