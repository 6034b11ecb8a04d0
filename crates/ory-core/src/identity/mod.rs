//! The identity API: one module per operation, each a type implementing
//! [`Operation`](crate::Operation).
//!
//! | Operation | Request | Output |
//! |---|---|---|
//! | [`ListIdentities`] | `GET /admin/identities` | [`Page`]`<`[`Identity`]`>` |
//! | [`BatchPatchIdentities`] | `PATCH /admin/identities` | [`BatchPatchIdentitiesResponse`] |
//! | [`CreateIdentity`] | `POST /admin/identities` | [`Identity`] (201) |
//! | [`GetIdentityByExternalId`] | `GET /admin/identities/by/external/{externalID}` | [`Identity`] |
//! | [`DeleteIdentity`] | `DELETE /admin/identities/{id}` | `()` (204) |
//! | [`GetIdentity`] | `GET /admin/identities/{id}` | [`Identity`] |
//! | [`PatchIdentity`] | `PATCH /admin/identities/{id}` | [`Identity`] |
//! | [`UpdateIdentity`] | `PUT /admin/identities/{id}` | [`Identity`] |
//! | [`DeleteIdentityCredentials`] | `DELETE /admin/identities/{id}/credentials/{type}` | `()` (204) |
//! | [`DeleteIdentitySessions`] | `DELETE /admin/identities/{id}/sessions` | `()` (204) |
//! | [`ListIdentitySessions`] | `GET /admin/identities/{id}/sessions` | [`Page`]`<`[`Session`]`>` |
//! | [`CreateRecoveryCodeForIdentity`] | `POST /admin/recovery/code` | [`RecoveryCodeForIdentity`] (201) |
//! | [`CreateRecoveryLinkForIdentity`] | `POST /admin/recovery/link` | [`RecoveryLinkForIdentity`] |
//! | [`ListSessions`] | `GET /admin/sessions` | [`Page`]`<`[`Session`]`>` |
//! | [`ManageSessions`] | `POST /admin/sessions` | [`ManageSessionsResponse`] |
//! | [`DisableSession`] | `DELETE /admin/sessions/{id}` | `()` (204) |
//! | [`GetSession`] | `GET /admin/sessions/{id}` | [`Session`] |
//! | [`ExtendSession`] | `PATCH /admin/sessions/{id}/extend` | `Option<`[`Session`]`>` (204 or 200) |
//! | [`CreateTestLoginFlow`] | `POST /admin/test-login-flows` | [`LoginFlow`] (201) |
//! | [`ListIdentitySchemas`] | `GET /schemas` | [`Page`]`<`[`IdentitySchemaContainer`]`>` |
//! | [`GetIdentitySchema`] | `GET /schemas/{id}` | [`RawJson`] |
//!
//! Every path parameter is percent-encoded as one segment (an empty id, `.` and `..` are
//! refused before anything is sent); array query parameters repeat their key.
//!
//! [`Page`]: crate::pagination::Page
//! [`Identity`]: crate::models::Identity
//! [`Session`]: crate::models::Session
//! [`BatchPatchIdentitiesResponse`]: crate::models::BatchPatchIdentitiesResponse
//! [`RecoveryCodeForIdentity`]: crate::models::RecoveryCodeForIdentity
//! [`RecoveryLinkForIdentity`]: crate::models::RecoveryLinkForIdentity
//! [`ManageSessionsResponse`]: crate::models::ManageSessionsResponse
//! [`LoginFlow`]: crate::models::LoginFlow
//! [`IdentitySchemaContainer`]: crate::models::IdentitySchemaContainer
//! [`RawJson`]: crate::models::RawJson

mod batch_patch_identities;
mod create_identity;
mod create_recovery_code_for_identity;
mod create_recovery_link_for_identity;
mod create_test_login_flow;
mod delete_identity;
mod delete_identity_credentials;
mod delete_identity_sessions;
mod disable_session;
mod extend_session;
mod get_identity;
mod get_identity_by_external_id;
mod get_identity_schema;
mod get_session;
mod list_identities;
mod list_identity_schemas;
mod list_identity_sessions;
mod list_sessions;
mod manage_sessions;
mod optional;
pub(crate) mod params;
mod patch_identity;
mod update_identity;

pub use batch_patch_identities::BatchPatchIdentities;
pub use create_identity::CreateIdentity;
pub use create_recovery_code_for_identity::CreateRecoveryCodeForIdentity;
pub use create_recovery_link_for_identity::CreateRecoveryLinkForIdentity;
pub use create_test_login_flow::CreateTestLoginFlow;
pub use delete_identity::DeleteIdentity;
pub use delete_identity_credentials::DeleteIdentityCredentials;
pub use delete_identity_sessions::DeleteIdentitySessions;
pub use disable_session::DisableSession;
pub use extend_session::ExtendSession;
pub use get_identity::GetIdentity;
pub use get_identity_by_external_id::GetIdentityByExternalId;
pub use get_identity_schema::GetIdentitySchema;
pub use get_session::GetSession;
pub use list_identities::{ListIdentities, MAX_IDS};
pub use list_identity_schemas::ListIdentitySchemas;
pub use list_identity_sessions::ListIdentitySessions;
pub use list_sessions::ListSessions;
pub use manage_sessions::ManageSessions;
pub use optional::OptionalExt;
pub use params::{Consistency, SessionExpand};
pub use patch_identity::PatchIdentity;
pub use update_identity::UpdateIdentity;
