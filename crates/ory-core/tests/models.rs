//! Wire models: decoding real responses, forward compatibility (unknown enum values, unknown
//! fields, nulls, every UI node kind), timestamps, and request bodies that send only what was
//! set.

use std::collections::HashMap;

use ory_core::models::*;
use ory_core::BuildError;
use serde::Deserialize;
use serde_json::{json, Value};
use time::macros::datetime;
use time::OffsetDateTime;

const IDENTITY: &str = include_str!("fixtures/identity.json");
const IDENTITIES_SELF_HOSTED: &str = include_str!("fixtures/identities_self_hosted.json");
const SESSION: &str = include_str!("fixtures/session.json");
const LOGIN_FLOW: &str = include_str!("fixtures/login_flow.json");
const BATCH_PATCH_RESPONSE: &str = include_str!("fixtures/batch_patch_response.json");
const IDENTITY_SCHEMAS: &str = include_str!("fixtures/identity_schemas.json");

/// Decodes `text` into `T`, panicking with serde's message (tests only).
fn decode<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("decode failed: {e}"))
}

/// Serializes then decodes again.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    decode(&serde_json::to_string(value).unwrap())
}

/// A minimal identity with extra members merged in (later keys win).
fn identity_with(extra: Value) -> Value {
    let mut base = json!({
        "id": "7f3ef3bb-5c4e-4d0f-9a43-1f7ce0b8a2d1",
        "schema_id": "default",
        "schema_url": "https://example.com/schemas/ZGVmYXVsdA",
        "traits": {"email": "ada@example.com"},
    });
    for (k, v) in extra.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

#[derive(Debug, PartialEq, Deserialize)]
struct Name {
    first: String,
    last: String,
}

#[derive(Debug, PartialEq, Deserialize)]
struct Traits {
    email: String,
    name: Name,
    newsletter: bool,
    tags: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

#[test]
fn identity_fixture_decodes_every_field() {
    let identity: Identity = decode(IDENTITY);
    assert_eq!(identity.id, "7f3ef3bb-5c4e-4d0f-9a43-1f7ce0b8a2d1");
    assert_eq!(identity.schema_id, "preset://email");
    assert_eq!(
        identity.schema_url,
        "https://playground.projects.oryapis.com/schemas/cHJlc2V0Oi8vZW1haWw"
    );
    assert_eq!(identity.state, Some(IdentityState::Active));
    assert_eq!(
        identity.state_changed_at,
        Some(datetime!(2024-05-14 09:21:37.654321987 UTC))
    );
    let traits: Traits = identity.traits().unwrap();
    assert_eq!(
        traits,
        Traits {
            email: "ada@example.com".into(),
            name: Name {
                first: "Ada".into(),
                last: "Lovelace".into()
            },
            newsletter: true,
            tags: vec!["math".into(), "engines".into()],
        }
    );
    assert_eq!(identity.external_id.as_deref(), Some("crm-4411"));
    assert_eq!(
        identity.organization_id.as_deref(),
        Some("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d")
    );
    assert_eq!(identity.region, Some(Region::EuCentral));
    assert_eq!(
        identity.created_at,
        Some(datetime!(2024-05-14 09:21:37.654321 UTC))
    );
    assert_eq!(
        identity.updated_at,
        Some(datetime!(2024-05-16 08:00:00.000001 -07:00))
    );

    let public: Value = identity.metadata_public().unwrap();
    assert_eq!(public, json!({"plan": "pro", "beta": ["new-ui"]}));
    let admin: Value = identity.metadata_admin().unwrap();
    assert_eq!(admin, json!({"crm_id": 4411, "notes": null}));

    let [address] = identity.verifiable_addresses.as_slice() else {
        panic!("one verifiable address expected");
    };
    assert_eq!(
        address.id.as_deref(),
        Some("0b5c2f5e-2d8a-4b7e-b7b3-3e1c45a0f1a2")
    );
    assert_eq!(address.value, "ada@example.com");
    assert!(address.verified);
    assert_eq!(address.via, AddressVia::Email);
    assert_eq!(address.status, VerifiableAddressStatus::Completed);
    assert_eq!(
        address.verified_at,
        Some(datetime!(2024-05-14 09:25:01.123456789 UTC))
    );

    let [recovery] = identity.recovery_addresses.as_slice() else {
        panic!("one recovery address expected");
    };
    assert_eq!(recovery.value, "ada@example.com");
    assert_eq!(recovery.via, AddressVia::Email);
    assert_eq!(recovery.break_glass_for_organization, None);

    let kinds: Vec<&str> = identity.credentials.keys().map(|k| k.as_str()).collect();
    assert_eq!(kinds, ["oidc", "password", "webauthn"]);
    let password = identity.credential(&CredentialType::Password).unwrap();
    assert_eq!(password.kind, Some(CredentialType::Password));
    assert_eq!(password.identifiers, ["ada@example.com"]);
    assert_eq!(password.version, Some(0));
    assert_eq!(password.config, None);

    let oidc = &identity.credentials[&CredentialType::Oidc];
    assert_eq!(oidc.created_at, Some(datetime!(2024-05-15 11:02:03 +02:00)));
    assert_eq!(
        oidc.updated_at,
        Some(datetime!(2024-05-15 11:02:03.5 +02:00))
    );
    #[derive(Deserialize)]
    struct OidcConfig {
        providers: Vec<OidcProvider>,
    }
    #[derive(Deserialize)]
    struct OidcProvider {
        subject: String,
        provider: String,
    }
    let config: OidcConfig = oidc.config().unwrap();
    assert_eq!(config.providers[0].provider, "google");
    assert_eq!(config.providers[0].subject, "107562013395487113925");

    // WebAuthn byte fields are base64 strings and stay as such in the raw config.
    let webauthn = &identity.credentials[&CredentialType::Webauthn];
    let config: Value = webauthn.config().unwrap();
    assert_eq!(config["user_handle"], "f+8Vm1xOTQ+aQx984LiKtA==");
    assert_eq!(
        config["credentials"][0]["public_key"],
        "pQECAyYgASFYIK1Zc3Vr"
    );
    assert_eq!(webauthn.version, Some(1));
}

#[test]
fn identity_round_trips_through_serialize() {
    let identity: Identity = decode(IDENTITY);
    assert_eq!(round_trip(&identity), identity);
    // The free-form parts are written back as received.
    let out = serde_json::to_value(&identity).unwrap();
    let original: Value = serde_json::from_str(IDENTITY).unwrap();
    assert_eq!(out["traits"], original["traits"]);
    assert_eq!(out["metadata_admin"], original["metadata_admin"]);
    assert_eq!(
        out["credentials"]["webauthn"]["config"],
        original["credentials"]["webauthn"]["config"]
    );
}

#[test]
fn raw_traits_keep_the_exact_text() {
    let identity: Identity =
        decode(r#"{"id":"i","schema_id":"s","schema_url":"u","traits": { "b" : 1,"a":[ 2 ] }}"#);
    assert_eq!(
        identity.traits.as_ref().unwrap().as_str(),
        r#"{ "b" : 1,"a":[ 2 ] }"#
    );
    let out = serde_json::to_string(&identity).unwrap();
    assert!(out.contains(r#""traits":{ "b" : 1,"a":[ 2 ] }"#), "{out}");
}

#[test]
fn self_hosted_identities_with_nulls_and_go_zero_times_decode() {
    let identities: Vec<Identity> = decode(IDENTITIES_SELF_HOSTED);
    assert_eq!(identities.len(), 2);

    let grace = &identities[0];
    assert_eq!(grace.state_changed_at, None);
    assert_eq!(grace.metadata_public, None);
    assert_eq!(grace.metadata_admin, None);
    assert_eq!(grace.organization_id, None);
    assert_eq!(grace.region, None);
    assert!(grace.recovery_addresses.is_empty());
    assert!(grace.credentials.is_empty());
    assert_eq!(grace.verifiable_addresses[0].verified_at, None);
    assert_eq!(
        grace.verifiable_addresses[0].status,
        VerifiableAddressStatus::Sent
    );
    #[derive(Deserialize)]
    struct T {
        username: String,
    }
    assert_eq!(grace.traits::<T>().unwrap().username, "grace");

    let zero = &identities[1];
    assert_eq!(zero.state, Some(IdentityState::Inactive));
    assert_eq!(zero.traits, None);
    assert_eq!(zero.traits::<Option<Traits>>().unwrap(), None);
    assert_eq!(zero.region, None, "\"\" reads as no region");
    let go_zero = datetime!(0001-01-01 00:00:00 UTC);
    assert_eq!(zero.state_changed_at, Some(go_zero));
    assert_eq!(zero.created_at, Some(go_zero));
    assert_eq!(round_trip(zero), *zero);
}

// ---------------------------------------------------------------------------------------------
// Forward compatibility: the exact payloads that break the official crate
// ---------------------------------------------------------------------------------------------

#[test]
fn region_eu_west_is_kept_and_serialized_back() {
    let identity: Identity = decode(&identity_with(json!({"region": "eu-west"})).to_string());
    let region = identity.region.clone().unwrap();
    assert_eq!(region, Region::Unknown("eu-west".into()));
    assert!(region.is_unknown());
    assert_eq!(region.as_str(), "eu-west");
    assert_eq!(
        serde_json::to_value(&identity).unwrap()["region"],
        "eu-west"
    );
}

#[test]
fn region_empty_string_parses() {
    let identity: Identity = decode(&identity_with(json!({"region": ""})).to_string());
    assert_eq!(identity.region, None);
    // Parsed on its own, "" is kept as an unknown value that writes back as "".
    let region: Region = decode(r#""""#);
    assert_eq!(region, Region::Unknown(String::new()));
    assert_eq!(serde_json::to_string(&region).unwrap(), r#""""#);
    // null reads as absent too.
    let identity: Identity = decode(&identity_with(json!({"region": null})).to_string());
    assert_eq!(identity.region, None);
}

#[test]
fn every_known_region_parses_to_its_variant() {
    for value in Region::KNOWN {
        let region: Region = decode(&format!("\"{value}\""));
        assert!(!region.is_unknown(), "{value}");
        assert_eq!(region.as_str(), *value);
    }
    assert_eq!(Region::KNOWN.len(), 8);
}

#[test]
fn a_fourteenth_credential_type_is_kept_as_map_key_and_type() {
    let body = identity_with(json!({
        "credentials": {
            "password": {"type": "password", "identifiers": ["ada@example.com"], "version": 0},
            "magic_ring": {
                "type": "magic_ring",
                "identifiers": ["ring-1"],
                "config": {"ring_size": 7},
                "version": 3
            }
        }
    }));
    let identity: Identity = decode(&body.to_string());
    let ring_type = CredentialType::Unknown("magic_ring".into());
    let ring = identity.credential(&ring_type).expect("unknown key kept");
    assert_eq!(ring.kind, Some(ring_type.clone()));
    assert_eq!(ring.identifiers, ["ring-1"]);
    assert_eq!(ring.config.as_ref().unwrap().as_str(), r#"{"ring_size":7}"#);
    assert_eq!(ring.version, Some(3));
    // Lookup by the parsed string works too.
    assert!(identity.credential(&"magic_ring".into()).is_some());

    let out = serde_json::to_value(&identity).unwrap();
    assert_eq!(out["credentials"]["magic_ring"]["type"], "magic_ring");
    assert_eq!(out["credentials"], body["credentials"]);
}

#[test]
fn the_thirteen_credential_types_are_known() {
    let expected = [
        "password",
        "oidc",
        "totp",
        "lookup_secret",
        "webauthn",
        "code",
        "passkey",
        "profile",
        "saml",
        "deviceauthn",
        "identifier_first",
        "link_recovery",
        "code_recovery",
    ];
    assert_eq!(CredentialType::KNOWN, expected);
    for value in expected {
        let parsed: CredentialType = decode(&format!("\"{value}\""));
        assert!(!parsed.is_unknown(), "{value}");
        assert_eq!(
            serde_json::to_string(&parsed).unwrap(),
            format!("\"{value}\"")
        );
    }
    assert_eq!(
        CredentialType::from("identifier_first"),
        CredentialType::IdentifierFirst
    );
}

#[test]
fn unknown_values_of_every_enum_round_trip() {
    fn check<T>(value: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Display + std::fmt::Debug,
    {
        let json = format!("\"{value}\"");
        let parsed: T = decode(&json);
        assert_eq!(parsed.to_string(), value);
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
    }
    check::<CredentialType>("quantum");
    check::<IdentityState>("suspended");
    check::<Region>("mars-north");
    check::<AuthenticatorAssuranceLevel>("aal9");
    check::<AddressVia>("carrier_pigeon");
    check::<VerifiableAddressStatus>("expired");
    check::<BatchPatchAction>("update");
    check::<ManageSessionsAction>("revoke");
    check::<FlowType>("native");
    check::<LoginFlowState>("waiting_for_unicorn");
    check::<UiNodeGroup>("smoke_signal");
    check::<UiNodeType>("iframe");
    check::<UiTextType>("warning");
    check::<UiNodeInputType>("color");
    check::<UiNodeInputAutocomplete>("postal-code");
    check::<WebAuthnTrigger>("oryFutureTrigger");
}

#[test]
fn open_enums_compare_and_hash_by_their_string() {
    use std::collections::HashSet;
    let unknown_spelled_known = CredentialType::Unknown("password".into());
    assert_eq!(unknown_spelled_known, CredentialType::Password);
    let set: HashSet<CredentialType> = [unknown_spelled_known, CredentialType::Password]
        .into_iter()
        .collect();
    assert_eq!(set.len(), 1);
    assert_eq!(CredentialType::Totp, "totp");
    assert_ne!(
        CredentialType::Totp,
        CredentialType::Unknown("totp2".into())
    );
    assert_eq!(
        "lookup_secret".parse::<CredentialType>().unwrap(),
        CredentialType::LookupSecret
    );
    assert_eq!(
        CredentialType::from(String::from("new_one")),
        CredentialType::Unknown("new_one".into())
    );
    assert_eq!(AuthenticatorAssuranceLevel::Aal2.to_string(), "aal2");
    assert!(CredentialType::Oidc < CredentialType::Password);
}

#[test]
fn enum_values_that_are_not_strings_are_errors_not_panics() {
    let bad = identity_with(json!({"state": 5}));
    let err = serde_json::from_str::<Identity>(&bad.to_string()).unwrap_err();
    assert!(err.to_string().contains("a string"), "{err}");
    let bad = identity_with(json!({"created_at": "yesterday"}));
    assert!(serde_json::from_str::<Identity>(&bad.to_string()).is_err());
}

#[test]
fn unknown_fields_are_ignored_everywhere() {
    let identity = identity_with(json!({
        "brand_new_field": {"nested": [1, 2, 3]},
        "credentials": {"password": {"type": "password", "identifiers": [], "hash_algo": "argon2"}},
        "verifiable_addresses": [{
            "value": "a@example.com", "verified": false, "via": "email", "status": "pending",
            "priority": 1
        }],
        "recovery_addresses": [{"value": "a@example.com", "via": "email", "label": "work"}],
    }));
    let session = json!({
        "id": "s", "future": true, "identity": identity,
        "devices": [{"id": "d", "fingerprint": "abc"}],
        "authentication_methods": [{"method": "password", "risk_score": 0.1}],
    });
    let session: Session = decode(&session.to_string());
    let identity = session.identity.unwrap();
    assert_eq!(
        identity.credentials[&CredentialType::Password]
            .identifiers
            .len(),
        0
    );
    assert_eq!(
        identity.verifiable_addresses[0].status,
        VerifiableAddressStatus::Pending
    );
    assert_eq!(identity.recovery_addresses[0].value, "a@example.com");
    assert_eq!(session.devices[0].id, "d");
    assert_eq!(
        session.authentication_methods[0].method,
        Some(CredentialType::Password)
    );

    let mut flow: Value = serde_json::from_str(LOGIN_FLOW).unwrap();
    flow["surprise"] = json!(1);
    flow["ui"]["surprise"] = json!(2);
    flow["ui"]["nodes"][0]["surprise"] = json!(3);
    flow["ui"]["nodes"][0]["attributes"]["surprise"] = json!(4);
    flow["ui"]["nodes"][0]["meta"]["surprise"] = json!(5);
    let flow: LoginFlow = decode(&flow.to_string());
    assert_eq!(flow.ui.nodes.len(), 9);

    let response: ManageSessionsResponse =
        decode(r#"{"processed": 12, "more": true, "next_cursor": "x"}"#);
    assert_eq!((response.processed, response.more), (12, true));
}

#[test]
fn nulls_are_accepted_for_every_nullable_field() {
    let body = identity_with(json!({
        "traits": null,
        "metadata_public": null,
        "metadata_admin": null,
        "organization_id": null,
        "state_changed_at": null,
        "external_id": null,
        "state": null,
        "created_at": null,
        "credentials": null,
        "verifiable_addresses": [{
            "value": "a@example.com", "verified": true, "via": "email", "status": "completed",
            "verified_at": null, "id": null
        }],
        "recovery_addresses": null,
    }));
    let identity: Identity = decode(&body.to_string());
    assert_eq!(identity.traits, None);
    assert_eq!(identity.metadata_public, None);
    assert_eq!(identity.metadata_admin, None);
    assert_eq!(identity.organization_id, None);
    assert_eq!(identity.state_changed_at, None);
    assert_eq!(identity.external_id, None);
    assert_eq!(identity.state, None);
    assert_eq!(identity.created_at, None);
    assert!(identity.credentials.is_empty());
    assert_eq!(identity.verifiable_addresses[0].verified_at, None);
    assert!(identity.recovery_addresses.is_empty());
    assert_eq!(identity.metadata_public::<Option<Value>>().unwrap(), None);

    let credentials: IdentityCredentials =
        decode(r#"{"type": "password", "identifiers": null, "config": null, "version": null}"#);
    assert!(credentials.identifiers.is_empty());
    assert_eq!(credentials.config, None);

    let session: Session = decode(
        r#"{"id": "s", "devices": null, "authentication_methods": null, "identity": null,
            "expires_at": null, "authenticator_assurance_level": null}"#,
    );
    assert!(session.devices.is_empty());
    assert!(session.authentication_methods.is_empty());
    assert!(session.identity.is_none());

    let response: ManageSessionsResponse = decode(r#"{"processed": null, "more": null}"#);
    assert_eq!(response, ManageSessionsResponse::default());
}

#[test]
fn absent_optional_fields_are_fine() {
    let identity: Identity = decode(r#"{"id": "i", "schema_id": "s", "schema_url": "u"}"#);
    assert_eq!(identity.traits, None);
    assert!(identity.credentials.is_empty());
    assert!(identity.verifiable_addresses.is_empty());
    assert_eq!(identity.state, None);
    // And nothing that was absent is written back.
    assert_eq!(
        serde_json::to_value(&identity).unwrap(),
        json!({"id": "i", "schema_id": "s", "schema_url": "u"})
    );

    let session: Session = decode(r#"{"id": "s"}"#);
    assert_eq!(session.active, None);
    assert!(session.devices.is_empty());
    let response: ManageSessionsResponse = decode("{}");
    assert_eq!(response, ManageSessionsResponse::default());
}

#[test]
fn a_missing_required_field_is_an_error() {
    let err =
        serde_json::from_str::<Identity>(r#"{"schema_id": "s", "schema_url": "u"}"#).unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

#[test]
fn timestamps_in_every_form_parse_and_round_trip() {
    let cases: [(&str, OffsetDateTime); 9] = [
        ("2024-05-14T09:21:37Z", datetime!(2024-05-14 09:21:37 UTC)),
        (
            "2024-05-14T09:21:37.5Z",
            datetime!(2024-05-14 09:21:37.5 UTC),
        ),
        (
            "2024-05-14T09:21:37.123Z",
            datetime!(2024-05-14 09:21:37.123 UTC),
        ),
        (
            "2024-05-14T09:21:37.123456Z",
            datetime!(2024-05-14 09:21:37.123456 UTC),
        ),
        (
            "2024-05-14T09:21:37.123456789Z",
            datetime!(2024-05-14 09:21:37.123456789 UTC),
        ),
        (
            "2024-05-14T11:21:37.654321+02:00",
            datetime!(2024-05-14 11:21:37.654321 +02:00),
        ),
        (
            "2024-05-14T02:21:37.000000001-07:00",
            datetime!(2024-05-14 02:21:37.000000001 -07:00),
        ),
        (
            "2024-05-14T15:06:37+05:45",
            datetime!(2024-05-14 15:06:37 +05:45),
        ),
        ("0001-01-01T00:00:00Z", datetime!(0001-01-01 00:00:00 UTC)),
    ];
    for (text, expected) in cases {
        let session: Session =
            decode(&json!({"id": "s", "expires_at": text, "issued_at": text}).to_string());
        assert_eq!(session.expires_at, Some(expected), "{text}");
        assert_eq!(
            session.issued_at.unwrap().offset(),
            expected.offset(),
            "{text}"
        );
        let again = round_trip(&session);
        assert_eq!(again.expires_at, Some(expected), "{text}");
        assert_eq!(
            again.expires_at.unwrap().offset(),
            expected.offset(),
            "{text}"
        );
        // The same instant, offset included, is written back.
        let written = serde_json::to_value(&session).unwrap();
        let written = written["expires_at"].as_str().unwrap();
        let reparsed =
            OffsetDateTime::parse(written, &time::format_description::well_known::Rfc3339).unwrap();
        assert_eq!(reparsed, expected);
        assert_eq!(reparsed.offset(), expected.offset());
    }
    // The two instants with different offsets in the table are the same moment.
    assert_eq!(
        datetime!(2024-05-14 11:21:37.654321 +02:00),
        datetime!(2024-05-14 09:21:37.654321 UTC)
    );
}

#[test]
fn malformed_timestamps_are_errors() {
    for text in [
        "2024-05-14",
        "2024-05-14T09:21:37",
        "1715678497",
        "2024-13-01T00:00:00Z",
        "",
    ] {
        let json = json!({"id": "s", "expires_at": text}).to_string();
        assert!(serde_json::from_str::<Session>(&json).is_err(), "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------

#[test]
fn session_fixture_decodes_devices_methods_and_identity() {
    let session: Session = decode(SESSION);
    assert_eq!(session.id, "d6c1a7f0-3f4e-4b2a-9c8d-7e6f5a4b3c2d");
    assert_eq!(session.active, Some(true));
    assert_eq!(
        session.authenticator_assurance_level,
        Some(AuthenticatorAssuranceLevel::Aal2)
    );
    assert_eq!(
        session.expires_at,
        Some(datetime!(2024-06-13 09:21:37.702934123 UTC))
    );
    let methods: Vec<&str> = session
        .authentication_methods
        .iter()
        .map(|m| m.method.as_ref().unwrap().as_str())
        .collect();
    assert_eq!(methods, ["password", "oidc", "totp"]);
    let oidc = &session.authentication_methods[1];
    assert_eq!(oidc.provider.as_deref(), Some("google"));
    assert_eq!(
        oidc.upstream_acr.as_deref(),
        Some("urn:mace:incommon:iap:silver")
    );
    assert_eq!(oidc.upstream_amr, ["pwd", "mfa"]);
    assert_eq!(
        oidc.completed_at,
        Some(datetime!(2024-05-14 09:21:33.5 UTC))
    );
    assert_eq!(
        session.authentication_methods[2].aal,
        Some(AuthenticatorAssuranceLevel::Aal2)
    );

    let [device] = session.devices.as_slice() else {
        panic!("one device expected");
    };
    assert_eq!(device.id, "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    assert_eq!(device.ip_address.as_deref(), Some("203.0.113.7"));
    assert_eq!(device.location.as_deref(), Some("Munich, DE"));
    assert!(device
        .user_agent
        .as_deref()
        .unwrap()
        .starts_with("Mozilla/5.0 (X11; Linux x86_64)"));
    let identity = session.identity.as_deref().unwrap();
    assert_eq!(identity.id, "7f3ef3bb-5c4e-4d0f-9a43-1f7ce0b8a2d1");
    assert_eq!(identity.verifiable_addresses.len(), 1);
    assert_eq!(round_trip(&session), session);
}

#[test]
fn unknown_session_method_and_aal_are_kept() {
    let session: Session = decode(
        r#"{"id": "s", "authenticator_assurance_level": "aal4",
            "authentication_methods": [{"method": "retina_scan", "aal": "aal4"}]}"#,
    );
    assert_eq!(
        session.authenticator_assurance_level,
        Some(AuthenticatorAssuranceLevel::Unknown("aal4".into()))
    );
    let method = &session.authentication_methods[0];
    assert_eq!(method.method.as_ref().unwrap().as_str(), "retina_scan");
    let out = serde_json::to_value(&session).unwrap();
    assert_eq!(out["authentication_methods"][0]["method"], "retina_scan");
    assert_eq!(out["authenticator_assurance_level"], "aal4");
}

// ---------------------------------------------------------------------------------------------
// Login flow and UI nodes
// ---------------------------------------------------------------------------------------------

/// The specs declare `loginFlow.state` without a type, so a conforming server (Prism does) may
/// send any JSON value there: one that is not a string must not break the flow.
#[test]
fn login_flow_state_of_another_type_reads_as_none() {
    let mut flow: Value = decode(LOGIN_FLOW);
    for state in [
        json!({"step": "choose_method"}),
        json!(3),
        json!(true),
        json!(["choose_method"]),
        Value::Null,
    ] {
        flow["state"] = state.clone();
        let decoded: LoginFlow = decode(&flow.to_string());
        assert_eq!(decoded.state, None, "state {state}");
    }
    flow["state"] = json!("sent_email");
    assert_eq!(
        decode::<LoginFlow>(&flow.to_string()).state,
        Some(LoginFlowState::SentEmail)
    );
    flow["state"] = json!("waiting_for_unicorn");
    assert_eq!(
        decode::<LoginFlow>(&flow.to_string()).state,
        Some(LoginFlowState::Unknown("waiting_for_unicorn".into()))
    );
    flow.as_object_mut().unwrap().remove("state");
    assert_eq!(decode::<LoginFlow>(&flow.to_string()).state, None);
}

#[test]
fn login_flow_with_every_node_type_decodes() {
    let flow: LoginFlow = decode(LOGIN_FLOW);
    assert_eq!(flow.id, "9c1b5e3a-7d2f-4e6a-8b0c-1d2e3f4a5b6c");
    assert_eq!(flow.flow_type, FlowType::Browser);
    assert_eq!(flow.state, Some(LoginFlowState::ChooseMethod));
    assert_eq!(flow.active, Some(CredentialType::Oidc));
    assert_eq!(flow.requested_aal, Some(AuthenticatorAssuranceLevel::Aal1));
    assert_eq!(flow.refresh, Some(false));
    assert_eq!(flow.organization_id, None);
    assert_eq!(
        flow.expires_at,
        datetime!(2024-05-14 10:21:37.702934123 UTC)
    );
    assert_eq!(flow.transient_payload.as_ref().unwrap().as_str(), "{}");
    let test_context = flow.test_context.as_ref().unwrap();
    assert_eq!(test_context.provider_id, "google");
    let debug: Value = test_context.debug_payload.as_ref().unwrap().get().unwrap();
    assert_eq!(debug["id_token_claims"]["sub"], "107562013395487113925");

    assert_eq!(flow.ui.method, "POST");
    assert!(flow
        .ui
        .action
        .ends_with("flow=9c1b5e3a-7d2f-4e6a-8b0c-1d2e3f4a5b6c"));
    assert_eq!(flow.ui.messages[0].id, 1010016);
    assert_eq!(flow.ui.messages[0].text_type, UiTextType::Info);

    let types: Vec<&str> = flow
        .ui
        .nodes
        .iter()
        .map(|n| n.attributes.node_type())
        .collect();
    assert_eq!(
        types,
        ["input", "input", "input", "input", "img", "text", "a", "script", "div"]
    );
    for node in &flow.ui.nodes {
        assert_eq!(node.node_type.as_str(), node.attributes.node_type());
    }
    let groups: Vec<&str> = flow.ui.nodes.iter().map(|n| n.group.as_str()).collect();
    assert_eq!(
        groups,
        [
            "default",
            "oidc",
            "default",
            "passkey",
            "totp",
            "lookup_secret",
            "default",
            "webauthn",
            "captcha"
        ]
    );

    let UiNodeAttributes::Input(csrf) = &flow.ui.nodes[0].attributes else {
        panic!("input expected");
    };
    assert_eq!(csrf.name, "csrf_token");
    assert_eq!(csrf.input_type, UiNodeInputType::Hidden);
    assert_eq!(csrf.required, Some(true));
    assert!(!csrf.disabled);
    assert_eq!(
        csrf.value.as_ref().unwrap().get::<String>().unwrap(),
        "kT0o9ZQkZ7m3yJ0n2v5x8a1c4e7g0i3k"
    );

    let oidc = &flow.ui.nodes[1];
    let label = oidc.meta.label.as_ref().unwrap();
    assert_eq!(label.id, 1010002);
    assert_eq!(label.text, "Sign in with google");
    let context: Value = label.context.as_ref().unwrap().get().unwrap();
    assert_eq!(context["provider"], "google");

    let UiNodeAttributes::Input(identifier) = &flow.ui.nodes[2].attributes else {
        panic!("input expected");
    };
    assert_eq!(identifier.input_type, UiNodeInputType::Email);
    assert_eq!(
        identifier.autocomplete,
        Some(UiNodeInputAutocomplete::UsernameWebauthn)
    );
    assert_eq!(identifier.maxlength, Some(320));
    assert_eq!(identifier.pattern.as_deref(), Some("^.+@.+$"));
    let options: Vec<&str> = identifier
        .options
        .iter()
        .map(|o| o.value.as_str())
        .collect();
    assert_eq!(options, [r#""a@example.com""#, "2", "true"]);
    assert_eq!(flow.ui.nodes[2].messages[0].text_type, UiTextType::Error);
    assert_eq!(flow.ui.nodes[2].messages[0].id, 4000002);

    let UiNodeAttributes::Input(passkey) = &flow.ui.nodes[3].attributes else {
        panic!("input expected");
    };
    assert_eq!(passkey.onclick_trigger, Some(WebAuthnTrigger::PasskeyLogin));
    assert_eq!(
        passkey.onload_trigger,
        Some(WebAuthnTrigger::PasskeyLoginAutocompleteInit)
    );
    assert_eq!(passkey.value, None);

    let UiNodeAttributes::Image(img) = &flow.ui.nodes[4].attributes else {
        panic!("img expected");
    };
    assert_eq!(
        (img.id.as_str(), img.width, img.height),
        ("totp_qr", 256, 256)
    );
    assert!(img.src.starts_with("data:image/png;base64,"));

    let UiNodeAttributes::Text(text) = &flow.ui.nodes[5].attributes else {
        panic!("text expected");
    };
    assert_eq!(text.id, "lookup_secret_codes");
    assert_eq!(text.text.id, 1050015);
    assert_eq!(text.text.text, "3r9noma8, dh8rl5kv");

    let UiNodeAttributes::Anchor(a) = &flow.ui.nodes[6].attributes else {
        panic!("a expected");
    };
    assert_eq!(a.id, "recovery_link");
    assert!(a.href.ends_with("/self-service/recovery/browser"));
    assert_eq!(a.title.text, "Forgot password?");

    let UiNodeAttributes::Script(script) = &flow.ui.nodes[7].attributes else {
        panic!("script expected");
    };
    assert!(script.is_async);
    assert_eq!(script.script_type, "text/javascript");
    assert_eq!(script.referrerpolicy, "no-referrer");
    assert_eq!(script.crossorigin, "anonymous");
    assert_eq!(script.nonce, "4f1b4a32-9ff7-4d3e-a5a3-8f4b2f6c1e0d");
    assert!(script.integrity.starts_with("sha512-"));

    let UiNodeAttributes::Division(div) = &flow.ui.nodes[8].attributes else {
        panic!("div expected");
    };
    assert_eq!(div.id, "cf-turnstile");
    assert_eq!(div.class.as_deref(), Some("captcha"));
    assert_eq!(div.data["sitekey"], "0x4AAAAAAA");

    assert_eq!(round_trip(&flow), flow);
}

#[test]
fn ui_attributes_serialize_with_their_node_type() {
    let flow: LoginFlow = decode(LOGIN_FLOW);
    let out = serde_json::to_value(&flow).unwrap();
    let original: Value = serde_json::from_str(LOGIN_FLOW).unwrap();
    for (i, node) in original["ui"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        assert_eq!(
            out["ui"]["nodes"][i]["attributes"], node["attributes"],
            "node {i}"
        );
    }
}

#[test]
fn unknown_node_type_and_group_are_kept_raw() {
    let mut flow: Value = serde_json::from_str(LOGIN_FLOW).unwrap();
    let unknown_node = json!({
        "type": "iframe",
        "group": "smoke_signal",
        "attributes": {"node_type": "iframe", "id": "frame", "src": "https://example.com", "sandbox": true},
        "messages": [],
        "meta": {}
    });
    flow["ui"]["nodes"]
        .as_array_mut()
        .unwrap()
        .push(unknown_node.clone());
    let flow: LoginFlow = decode(&flow.to_string());
    let node = flow.ui.nodes.last().unwrap();
    assert_eq!(node.node_type, UiNodeType::Unknown("iframe".into()));
    assert_eq!(node.group, UiNodeGroup::Unknown("smoke_signal".into()));
    let UiNodeAttributes::Unknown { node_type, raw } = &node.attributes else {
        panic!("unknown attributes expected, got {:?}", node.attributes);
    };
    assert_eq!(node_type, "iframe");
    assert_eq!(raw.to_value().unwrap(), unknown_node["attributes"]);
    assert_eq!(node.attributes.id(), None);
    // Serialized back unchanged.
    let out = serde_json::to_value(node).unwrap();
    assert_eq!(out, unknown_node);
}

#[test]
fn attributes_without_node_type_are_kept_raw() {
    let node: UiNode = decode(
        r#"{"type": "input", "group": "default", "attributes": {"name": "x"},
            "messages": null, "meta": null}"#,
    );
    assert!(matches!(
        &node.attributes,
        UiNodeAttributes::Unknown { node_type, .. } if node_type.is_empty()
    ));
    assert!(node.messages.is_empty());
    assert_eq!(node.meta, UiNodeMeta::default());
}

#[test]
fn all_fifteen_ui_groups_are_known() {
    assert_eq!(UiNodeGroup::KNOWN.len(), 15);
    for group in UiNodeGroup::KNOWN {
        let parsed: UiNodeGroup = decode(&format!("\"{group}\""));
        assert!(!parsed.is_unknown(), "{group}");
    }
}

#[test]
fn a_bad_known_node_is_an_error_that_names_the_problem() {
    let err = serde_json::from_str::<UiNodeAttributes>(
        r#"{"node_type": "img", "id": "x", "src": "s", "width": "wide", "height": 1}"#,
    )
    .unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Other responses
// ---------------------------------------------------------------------------------------------

#[test]
fn batch_patch_response_decodes_successes_and_errors() {
    let response: BatchPatchIdentitiesResponse = decode(BATCH_PATCH_RESPONSE);
    let [created, failed] = response.identities.as_slice() else {
        panic!("two items expected");
    };
    assert_eq!(created.action, Some(BatchPatchAction::Create));
    assert_eq!(
        created.identity.as_deref(),
        Some("4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f")
    );
    assert_eq!(created.error, None);
    assert_eq!(failed.action, Some(BatchPatchAction::Error));
    assert_eq!(failed.identity, None);
    let error = failed.error.as_ref().unwrap();
    assert_eq!(error.code, Some(409));
    assert_eq!(error.status.as_deref(), Some("Conflict"));
    assert_eq!(
        error.message.as_deref(),
        Some("an identity with the same identifier already exists")
    );
    assert_eq!(
        error.request.as_deref(),
        Some("c1e2a3b4-0000-4000-8000-000000000123")
    );
}

#[test]
fn identity_schemas_keep_the_schema_raw() {
    let schemas: Vec<IdentitySchemaContainer> = decode(IDENTITY_SCHEMAS);
    assert_eq!(schemas[0].id, "preset://email");
    let schema: Value = schemas[0].schema.get().unwrap();
    assert_eq!(schema["title"], "Person");
    assert_eq!(
        schema["properties"]["traits"]["properties"]["email"]["ory.sh/kratos"]["recovery"]["via"],
        "email"
    );
    // The raw text is the slice of the response, untouched.
    assert!(IDENTITY_SCHEMAS.contains(schemas[0].schema.as_str()));
}

#[test]
fn recovery_code_and_link_decode() {
    let code: RecoveryCodeForIdentity = decode(
        r#"{"recovery_link": "https://x/self-service/recovery?flow=f", "recovery_code": "76453943",
            "expires_at": "2024-05-14T10:21:37.702934Z"}"#,
    );
    assert_eq!(code.recovery_code, "76453943");
    assert_eq!(
        code.expires_at,
        Some(datetime!(2024-05-14 10:21:37.702934 UTC))
    );
    let link: RecoveryLinkForIdentity =
        decode(r#"{"recovery_link": "https://x/self-service/recovery?flow=f&token=t"}"#);
    assert!(link.recovery_link.ends_with("token=t"));
    assert_eq!(link.expires_at, None);
}

// ---------------------------------------------------------------------------------------------
// RawJson
// ---------------------------------------------------------------------------------------------

#[test]
fn raw_json_accessors() {
    let raw: RawJson = decode(r#" {"a": [1, 2.5, "x"], "b": null} "#);
    assert_eq!(raw.as_str(), r#"{"a": [1, 2.5, "x"], "b": null}"#);
    assert_eq!(
        raw.to_value().unwrap(),
        json!({"a": [1, 2.5, "x"], "b": null})
    );
    #[derive(Deserialize)]
    struct A {
        a: (u8, f64, String),
    }
    assert_eq!(raw.get::<A>().unwrap().a, (1, 2.5, "x".into()));
    assert!(raw.get::<Vec<u8>>().is_err());
    assert_eq!(raw.to_string(), raw.as_str());
    assert!(format!("{raw:?}").starts_with("RawJson("));

    let built = RawJson::from_serialize(&json!({"b": null, "a": [1, 2.5, "x"]})).unwrap();
    assert_eq!(built, raw, "equal by meaning despite key order and spacing");
    assert_ne!(built, RawJson::from_serialize(&json!({"a": 1})).unwrap());
    assert!(RawJson::null().is_null());
    assert!(RawJson::from_string("{not json".into()).is_err());
    assert_eq!(
        RawJson::from_string("[1,2]".into()).unwrap().as_str(),
        "[1,2]"
    );
    // Serializes verbatim.
    assert_eq!(
        serde_json::to_string(&vec![raw]).unwrap(),
        r#"[{"a": [1, 2.5, "x"], "b": null}]"#
    );
}

#[test]
fn raw_json_from_a_value_deserializer() {
    let raw: RawJson = serde_json::from_value(json!({"k": [true]})).unwrap();
    assert_eq!(raw.to_value().unwrap(), json!({"k": [true]}));
    let identity: Identity = serde_json::from_value(identity_with(json!({}))).unwrap();
    assert_eq!(
        identity.traits::<Value>().unwrap(),
        json!({"email": "ada@example.com"})
    );
}

// ---------------------------------------------------------------------------------------------
// Request bodies: only what was set is sent
// ---------------------------------------------------------------------------------------------

fn to_json<T: serde::Serialize>(body: &T) -> Value {
    serde_json::to_value(body).unwrap()
}

#[test]
fn create_identity_body_sends_only_required_fields_by_default() {
    #[derive(serde::Serialize)]
    struct MyTraits<'a> {
        email: &'a str,
    }
    let body = CreateIdentityBody::new("default", &MyTraits { email: "a@b.c" });
    assert_eq!(
        to_json(&body),
        json!({"schema_id": "default", "traits": {"email": "a@b.c"}})
    );
    assert!(body.validate().is_ok());
    assert_eq!(body.schema_id(), "default");
    assert_eq!(body.traits().unwrap().as_str(), r#"{"email":"a@b.c"}"#);
}

#[test]
fn create_identity_body_with_every_field() {
    let body = CreateIdentityBody::new("default", &json!({"email": "a@b.c"}))
        .state(IdentityState::Inactive)
        .external_id("crm-1")
        .metadata_public(&json!({"plan": "pro"}))
        .metadata_admin(&json!(null))
        .organization_id("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d")
        .region(Region::Unknown("eu-west".into()))
        .verifiable_addresses(vec![VerifiableIdentityAddress::new(
            "a@b.c",
            AddressVia::Email,
            VerifiableAddressStatus::Completed,
        )
        .verified_at(datetime!(2024-05-14 09:25:01.5 UTC))])
        .recovery_addresses(vec![RecoveryIdentityAddress::new(
            "a@b.c",
            AddressVia::Email,
        )])
        .credentials(
            IdentityWithCredentials::new()
                .password(IdentityWithCredentialsPassword::plaintext("correct horse"))
                .oidc(IdentityWithCredentialsOidc::new(vec![
                    IdentityWithCredentialsOidcProvider::new("google", "1075").use_auto_link(true),
                ]))
                .saml(IdentityWithCredentialsSaml::default().provider(
                    IdentityWithCredentialsSamlProvider::new("okta", "ada").organization("org-1"),
                ))
                .totp(IdentityWithCredentialsTotp::new(
                    "otpauth://totp/Ory:ada?secret=JBSWY3DPEHPK3PXP&issuer=Ory",
                ))
                .lookup_secret(IdentityWithCredentialsLookupSecret::new(["3r9noma8"]).code(
                    LookupSecretCode::new("dh8rl5kv").used_at(datetime!(2024-05-01 00:00:00 UTC)),
                ))
                .webauthn(&json!({"credentials": [], "user_handle": "f+8Vm1xO"}))
                .passkey(&json!({"credentials": [{"id": "q83vEjRWeJA="}]})),
        );
    assert!(body.validate().is_ok());
    assert_eq!(
        to_json(&body),
        json!({
            "schema_id": "default",
            "traits": {"email": "a@b.c"},
            "state": "inactive",
            "external_id": "crm-1",
            "metadata_public": {"plan": "pro"},
            "metadata_admin": null,
            "organization_id": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
            "region": "eu-west",
            "verifiable_addresses": [{
                "value": "a@b.c", "verified": true, "via": "email", "status": "completed",
                "verified_at": "2024-05-14T09:25:01.5Z"
            }],
            "recovery_addresses": [{"value": "a@b.c", "via": "email"}],
            "credentials": {
                "password": {"config": {"password": "correct horse"}},
                "oidc": {"config": {"providers": [
                    {"provider": "google", "subject": "1075", "use_auto_link": true}
                ]}},
                "saml": {"config": {"providers": [
                    {"provider": "okta", "subject": "ada", "organization": "org-1"}
                ]}},
                "totp": {"config": {"totp_url": "otpauth://totp/Ory:ada?secret=JBSWY3DPEHPK3PXP&issuer=Ory"}},
                "lookup_secret": {"config": {"codes": [
                    {"code": "3r9noma8"},
                    {"code": "dh8rl5kv", "used_at": "2024-05-01T00:00:00Z"}
                ]}},
                "webauthn": {"config": {"credentials": [], "user_handle": "f+8Vm1xO"}},
                "passkey": {"config": {"credentials": [{"id": "q83vEjRWeJA="}]}}
            }
        })
    );
}

#[test]
fn password_import_variants() {
    assert_eq!(
        to_json(&IdentityWithCredentialsPassword::hashed("$2a$10$abc")),
        json!({"hashed_password": "$2a$10$abc"})
    );
    assert_eq!(
        to_json(&IdentityWithCredentialsPassword::migration_hook()),
        json!({"use_password_migration_hook": true})
    );
    assert_eq!(
        to_json(&IdentityWithCredentials::new()),
        json!({}),
        "no credential type is sent unless set"
    );
}

#[test]
fn raw_traits_are_sent_verbatim() {
    let traits = RawJson::from_string(r#"{"email":"a@b.c","n":1}"#.into()).unwrap();
    let body = CreateIdentityBody::with_raw_traits("default", traits);
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"schema_id":"default","traits":{"email":"a@b.c","n":1}}"#
    );
    let body = UpdateIdentityBody::with_raw_traits(
        "default",
        IdentityState::Active,
        RawJson::from_string("{}".into()).unwrap(),
    );
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"schema_id":"default","state":"active","traits":{}}"#
    );
}

#[test]
fn update_identity_body_sends_the_three_required_fields_and_what_was_set() {
    let body =
        UpdateIdentityBody::new("default", IdentityState::Active, &json!({"email": "a@b.c"}));
    assert_eq!(
        to_json(&body),
        json!({"schema_id": "default", "state": "active", "traits": {"email": "a@b.c"}})
    );
    let body = body
        .metadata_public(&())
        .external_id("x")
        .region(Region::UsEast)
        .credentials(
            IdentityWithCredentials::new().password(IdentityWithCredentialsPassword::hashed("h")),
        );
    assert_eq!(
        to_json(&body),
        json!({
            "schema_id": "default", "state": "active", "traits": {"email": "a@b.c"},
            "metadata_public": null, "external_id": "x", "region": "us-east",
            "credentials": {"password": {"config": {"hashed_password": "h"}}}
        })
    );
}

/// A value whose serialization fails: a map with non-string keys.
fn unserializable() -> HashMap<(u8, u8), u8> {
    HashMap::from([((1, 2), 3)])
}

#[test]
fn a_free_form_part_that_cannot_serialize_is_reported_not_panicked() {
    let body = CreateIdentityBody::new("default", &unserializable());
    assert!(body.traits().is_none());
    let Err(BuildError::Serialize { message }) = body.validate() else {
        panic!("serialize error expected");
    };
    assert!(message.starts_with("traits: "), "{message}");
    assert!(serde_json::to_vec(&body).is_err());

    let body = UpdateIdentityBody::new("s", IdentityState::Active, &json!({}))
        .metadata_admin(&unserializable());
    let Err(BuildError::Serialize { message }) = body.validate() else {
        panic!("serialize error expected");
    };
    assert!(message.starts_with("metadata_admin: "), "{message}");

    let body = CreateIdentityBody::new("s", &json!({}))
        .credentials(IdentityWithCredentials::new().webauthn(&unserializable()));
    let Err(BuildError::Serialize { message }) = body.validate() else {
        panic!("serialize error expected");
    };
    assert!(message.contains("webauthn"), "{message}");

    let patch = JsonPatch::add("/traits/x", &unserializable());
    assert!(matches!(
        patch.validate(),
        Err(BuildError::Serialize { .. })
    ));
    assert!(patch.value().is_none());
    let batch = PatchIdentitiesBody::new(vec![IdentityPatch::create(CreateIdentityBody::new(
        "s",
        &unserializable(),
    ))]);
    assert!(matches!(
        batch.validate(),
        Err(BuildError::Serialize { .. })
    ));
}

#[test]
fn json_patch_operations_send_exactly_their_members() {
    let patch = vec![
        JsonPatch::add("/traits/nickname", &"Ada"),
        JsonPatch::add("/metadata_public/flag", &Value::Null),
        JsonPatch::remove("/metadata_admin/old"),
        JsonPatch::replace("/state", &IdentityState::Inactive),
        JsonPatch::move_to("/traits/a", "/traits/b"),
        JsonPatch::copy_to("/traits/email", "/traits/backup_email"),
        JsonPatch::test("/schema_id", &"default"),
    ];
    assert_eq!(
        to_json(&patch),
        json!([
            {"op": "add", "path": "/traits/nickname", "value": "Ada"},
            {"op": "add", "path": "/metadata_public/flag", "value": null},
            {"op": "remove", "path": "/metadata_admin/old"},
            {"op": "replace", "path": "/state", "value": "inactive"},
            {"op": "move", "path": "/traits/b", "from": "/traits/a"},
            {"op": "copy", "path": "/traits/backup_email", "from": "/traits/email"},
            {"op": "test", "path": "/schema_id", "value": "default"},
        ])
    );
    assert_eq!(patch[4].op(), JsonPatchOp::Move);
    assert_eq!(patch[4].from_path(), Some("/traits/a"));
    assert_eq!(patch[4].path(), "/traits/b");
    assert_eq!(patch[1].value().unwrap().as_str(), "null");
    assert_eq!(JsonPatchOp::Copy.to_string(), "copy");
}

#[test]
fn batch_patch_body() {
    let body: PatchIdentitiesBody = [
        IdentityPatch::create(CreateIdentityBody::new(
            "default",
            &json!({"email": "a@b.c"}),
        ))
        .patch_id("00000000-0000-4000-8000-00000000aaaa"),
        CreateIdentityBody::new("default", &json!({"email": "d@e.f"})).into(),
    ]
    .into_iter()
    .collect();
    assert!(body.validate().is_ok());
    assert_eq!(
        to_json(&body),
        json!({"identities": [
            {"create": {"schema_id": "default", "traits": {"email": "a@b.c"}},
             "patch_id": "00000000-0000-4000-8000-00000000aaaa"},
            {"create": {"schema_id": "default", "traits": {"email": "d@e.f"}}},
        ]})
    );
    assert!(matches!(
        PatchIdentitiesBody::default().validate(),
        Err(BuildError::InvalidParameter {
            name: "identities",
            ..
        })
    ));
    let too_many: PatchIdentitiesBody = (0..=BATCH_PATCH_MAX_IDENTITIES)
        .map(|_| IdentityPatch::create(CreateIdentityBody::new("s", &json!({}))))
        .collect();
    assert!(too_many.validate().is_err());
}

#[test]
fn manage_sessions_body_sends_exactly_one_list() {
    let by_identity =
        ManageSessionsBody::for_identities(ManageSessionsAction::Delete, ["i1", "i2"]);
    assert_eq!(
        to_json(&by_identity),
        json!({"action": "delete", "identities": ["i1", "i2"]})
    );
    assert!(by_identity.validate().is_ok());
    assert_eq!(by_identity.sessions(), None);

    let all = ManageSessionsBody::all_sessions(ManageSessionsAction::Disable);
    assert_eq!(
        to_json(&all),
        json!({"action": "disable", "identities": ["*"]})
    );
    assert!(all.validate().is_ok());

    let by_session = ManageSessionsBody::for_sessions(ManageSessionsAction::Disable, vec!["s1"]);
    assert_eq!(
        to_json(&by_session),
        json!({"action": "disable", "sessions": ["s1"]})
    );
    assert_eq!(by_session.identities(), None);
}

#[test]
fn manage_sessions_body_validation() {
    let invalid = |body: ManageSessionsBody| {
        matches!(body.validate(), Err(BuildError::InvalidParameter { .. }))
    };
    let action = ManageSessionsAction::Delete;
    assert!(invalid(ManageSessionsBody::for_sessions(
        action.clone(),
        Vec::<String>::new()
    )));
    assert!(invalid(ManageSessionsBody::for_sessions(
        action.clone(),
        ["*"]
    )));
    assert!(invalid(ManageSessionsBody::for_identities(
        action.clone(),
        ["*", "i1"]
    )));
    assert!(invalid(ManageSessionsBody::for_identities(
        action.clone(),
        [""]
    )));
    let many: Vec<String> = (0..=MANAGE_SESSIONS_MAX_IDS)
        .map(|i| i.to_string())
        .collect();
    assert!(invalid(ManageSessionsBody::for_identities(
        action.clone(),
        many
    )));
    let max: Vec<String> = (0..MANAGE_SESSIONS_MAX_IDS)
        .map(|i| i.to_string())
        .collect();
    assert!(!invalid(ManageSessionsBody::for_identities(action, max)));
}

#[test]
fn recovery_bodies() {
    let code = CreateRecoveryCodeForIdentityBody::new("i1");
    assert_eq!(to_json(&code), json!({"identity_id": "i1"}));
    let code = code.expires_in("1h30m").flow_type(FlowType::Api);
    assert_eq!(
        to_json(&code),
        json!({"identity_id": "i1", "expires_in": "1h30m", "flow_type": "api"})
    );
    let link = CreateRecoveryLinkForIdentityBody::new("i1");
    assert_eq!(to_json(&link), json!({"identity_id": "i1"}));
    for (duration, text) in [
        (std::time::Duration::from_secs(900), "900s"),
        (std::time::Duration::from_millis(1500), "1500ms"),
        (std::time::Duration::from_micros(7), "7us"),
        (std::time::Duration::from_nanos(3), "3ns"),
    ] {
        let link = CreateRecoveryLinkForIdentityBody::new("i1").expires_after(duration);
        assert_eq!(
            to_json(&link),
            json!({"identity_id": "i1", "expires_in": text})
        );
    }
}

#[test]
fn recovery_bodies_validate_identity_and_lifetime() {
    for ok in [
        "1h", "30m", "1h30m", "1.5h", "90s", "100ms", "5us", "5µs", "7ns", "1h0m0s",
    ] {
        let code = CreateRecoveryCodeForIdentityBody::new("i1").expires_in(ok);
        assert!(code.validate().is_ok(), "{ok}");
        assert_eq!(code.expires_in_value(), Some(ok));
        assert!(CreateRecoveryLinkForIdentityBody::new("i1")
            .expires_in(ok)
            .validate()
            .is_ok());
    }
    for bad in ["", "1", "h", "1.h", "1d", "1h 30m", "-1h", "1.5", "1hm"] {
        let err = CreateRecoveryCodeForIdentityBody::new("i1")
            .expires_in(bad)
            .validate()
            .unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::InvalidParameter {
                    name: "expires_in",
                    ..
                }
            ),
            "{bad}: {err:?}"
        );
        assert!(CreateRecoveryLinkForIdentityBody::new("i1")
            .expires_in(bad)
            .validate()
            .is_err());
    }
    assert!(matches!(
        CreateRecoveryLinkForIdentityBody::new("").validate(),
        Err(BuildError::MissingParameter {
            name: "identity_id"
        })
    ));
    assert!(matches!(
        CreateRecoveryCodeForIdentityBody::new("").validate(),
        Err(BuildError::MissingParameter {
            name: "identity_id"
        })
    ));
    // What expires_after writes is always accepted.
    for duration in [
        std::time::Duration::ZERO,
        std::time::Duration::from_nanos(1),
        std::time::Duration::from_secs(86_400),
    ] {
        assert!(CreateRecoveryLinkForIdentityBody::new("i1")
            .expires_after(duration)
            .validate()
            .is_ok());
    }
}

#[test]
fn identity_bodies_need_a_schema_id() {
    assert!(matches!(
        CreateIdentityBody::new("", &json!({})).validate(),
        Err(BuildError::MissingParameter { name: "schema_id" })
    ));
    assert!(matches!(
        UpdateIdentityBody::new("", IdentityState::Active, &json!({})).validate(),
        Err(BuildError::MissingParameter { name: "schema_id" })
    ));
}

#[test]
fn json_patch_paths_must_be_pointers() {
    assert!(JsonPatch::replace("/traits/email", &"x").validate().is_ok());
    assert!(JsonPatch::replace("", &json!({})).validate().is_ok());
    assert!(matches!(
        JsonPatch::replace("traits/email", &"x").validate(),
        Err(BuildError::InvalidParameter { name: "path", .. })
    ));
    assert!(matches!(
        JsonPatch::move_to("traits/a", "/traits/b").validate(),
        Err(BuildError::InvalidParameter { name: "from", .. })
    ));
}

#[test]
fn test_login_flow_body() {
    let body = CreateTestLoginFlowBody::new("google");
    assert_eq!(to_json(&body), json!({"provider_id": "google"}));
    assert!(body.validate().is_ok());
    assert!(CreateTestLoginFlowBody::new("").validate().is_err());
    assert!(CreateTestLoginFlowBody::new("x".repeat(256))
        .validate()
        .is_err());
    assert!(CreateTestLoginFlowBody::new("é".repeat(255))
        .validate()
        .is_ok());
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_string_round_trips_through_an_open_enum(value in ".*") {
            let json = serde_json::to_string(&value).unwrap();
            let parsed: CredentialType = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(parsed.as_str(), value.as_str());
            prop_assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
        }

        #[test]
        fn any_timestamp_round_trips(
            secs in -62_135_596_800i64..253_402_300_799i64,
            nanos in 0u32..1_000_000_000,
            offset_minutes in -(23 * 60 + 59)..=(23 * 60 + 59i32),
        ) {
            let offset = time::UtcOffset::from_whole_seconds(offset_minutes * 60).unwrap();
            let utc = OffsetDateTime::from_unix_timestamp(secs).unwrap()
                + time::Duration::nanoseconds(i64::from(nanos));
            let at = utc.to_offset(offset);
            prop_assume!((1..=9999).contains(&at.year()));
            let mut session: Session =
                serde_json::from_value(json!({"id": "s", "expires_at": null})).unwrap();
            session.expires_at = Some(at);
            let again: Session = round_trip(&session);
            prop_assert_eq!(again.expires_at, Some(at));
            prop_assert_eq!(again.expires_at.unwrap().offset(), offset);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Through the crate's decoder: a failure names the JSON path even past raw values
// ---------------------------------------------------------------------------------------------

fn decode_error_path<T: serde::de::DeserializeOwned + std::fmt::Debug>(body: Value) -> String {
    let err = ory_core::operation::decode_json::<T>(
        http::StatusCode::OK,
        http::HeaderMap::new(),
        bytes::Bytes::from(body.to_string()),
    )
    .unwrap_err();
    let ory_core::ErrorKind::Decode(decode) = err.kind() else {
        panic!("decode error expected, got {err:?}");
    };
    decode.path().to_owned()
}

#[test]
fn decode_errors_name_the_failing_field_after_raw_json() {
    let page = json!([
        identity_with(json!({"metadata_public": {"a": [1, {"b": null}]}})),
        identity_with(json!({
            "metadata_admin": {"x": 1},
            "verifiable_addresses": [{
                "value": "a@b.c", "verified": true, "via": "email", "status": "completed",
                "verified_at": "not a time"
            }]
        })),
    ]);
    assert_eq!(
        decode_error_path::<Vec<Identity>>(page),
        "[1].verifiable_addresses[0].verified_at"
    );

    let mut flow: Value = serde_json::from_str(LOGIN_FLOW).unwrap();
    flow["expires_at"] = json!(12);
    assert_eq!(decode_error_path::<LoginFlow>(flow), "expires_at");

    // Inside UI attributes, the path stops at the attributes object (decoded on its own once
    // its node_type is known); the message says what is wrong.
    let mut flow: Value = serde_json::from_str(LOGIN_FLOW).unwrap();
    flow["ui"]["nodes"][4]["attributes"]["width"] = json!("wide");
    assert_eq!(
        decode_error_path::<LoginFlow>(flow),
        "ui.nodes[4].attributes"
    );
}
