//! Wire models of the Identity admin API.
//!
//! - Responses are forgiving: unknown fields are ignored, `null` and absent are both accepted
//!   for optional fields and read as empty for lists, every enum is open (a value this crate
//!   does not know is kept in `Unknown(String)` and serialized back unchanged), and free-form
//!   JSON (traits, metadata, credential configuration, schemas) is kept raw in [`RawJson`]
//!   until you parse it into your own type.
//! - Request bodies are strict: they serialize only the fields you set, and free-form parts
//!   take any [`serde::Serialize`] value. Their `validate` methods report what cannot be sent
//!   (operations call them when building the request).
//! - Timestamps are [`time::OffsetDateTime`], read and written as RFC 3339 (fractional
//!   seconds up to nanoseconds, `Z` or an offset, Go's zero time `0001-01-01T00:00:00Z`).
//! - Response structs are `#[non_exhaustive]` so that fields Ory adds can be added here without
//!   a breaking release: read their public fields, and build values for your own tests by
//!   deserializing JSON (`serde_json::from_value(json!({...}))`).

mod enums;
mod identity;
mod identity_body;
mod login_flow;
mod open_enum;
mod patch;
mod raw_json;
mod recovery;
mod serde_util;
mod session;

pub use enums::{
    AddressVia, AuthenticatorAssuranceLevel, BatchPatchAction, CredentialType, FlowType,
    IdentityState, LoginFlowState, ManageSessionsAction, Region, UiNodeGroup,
    UiNodeInputAutocomplete, UiNodeInputType, UiNodeType, UiTextType, VerifiableAddressStatus,
    WebAuthnTrigger,
};
pub use identity::{
    Identity, IdentityCredentials, IdentitySchemaContainer, RecoveryIdentityAddress,
    VerifiableIdentityAddress,
};
pub use identity_body::{
    CreateIdentityBody, IdentityWithCredentials, IdentityWithCredentialsLookupSecret,
    IdentityWithCredentialsOidc, IdentityWithCredentialsOidcProvider,
    IdentityWithCredentialsPassword, IdentityWithCredentialsSaml,
    IdentityWithCredentialsSamlProvider, IdentityWithCredentialsTotp, LookupSecretCode,
    UpdateIdentityBody,
};
pub use login_flow::{
    CreateTestLoginFlowBody, LoginFlow, LoginFlowTestContext, UiContainer, UiNode,
    UiNodeAnchorAttributes, UiNodeAttributes, UiNodeDivisionAttributes, UiNodeImageAttributes,
    UiNodeInputAttributes, UiNodeInputAttributesOption, UiNodeMeta, UiNodeScriptAttributes,
    UiNodeTextAttributes, UiText, TEST_LOGIN_FLOW_PROVIDER_ID_MAX_LEN,
};
pub use patch::{
    BatchPatchIdentitiesResponse, IdentityPatch, IdentityPatchResponse, JsonPatch, JsonPatchOp,
    PatchIdentitiesBody, BATCH_PATCH_MAX_IDENTITIES,
};
pub use raw_json::RawJson;
pub use recovery::{
    CreateRecoveryCodeForIdentityBody, CreateRecoveryLinkForIdentityBody, RecoveryCodeForIdentity,
    RecoveryLinkForIdentity,
};
pub use session::{
    ManageSessionsBody, ManageSessionsResponse, Session, SessionAuthenticationMethod,
    SessionDevice, MANAGE_SESSIONS_MAX_IDS,
};
