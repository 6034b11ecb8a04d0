//! Every identity operation: the request it builds (method, exact path and query, headers,
//! body by meaning), the parsing of a realistic success answer, and the parsing of each error
//! status Ory documents for it.

use bytes::Bytes;
use http::Method;
use ory_core::identity::*;
use ory_core::models::{
    CreateIdentityBody, CreateRecoveryCodeForIdentityBody, CreateRecoveryLinkForIdentityBody,
    CredentialType, FlowType, IdentityPatch, IdentityState, JsonPatch, ManageSessionsAction,
    ManageSessionsBody, PatchIdentitiesBody, UpdateIdentityBody,
};
use ory_core::testing::{RequestAssertions, ResponseBuilder};
use ory_core::{BuildError, Config, Error, ErrorKind, Operation};
use serde_json::json;

const BASE: &str = "https://acme.projects.oryapis.com";
const KEY: &str = "ory_apikey_test";

fn config() -> Config {
    Config::builder(BASE).api_key(KEY).build().unwrap()
}

fn build<O: Operation>(op: &O) -> http::Request<Bytes> {
    op.build_request(&config())
        .unwrap_or_else(|e| panic!("build failed: {e}"))
}

fn build_error<O: Operation>(op: &O) -> BuildError {
    match op.build_request(&config()) {
        Ok(req) => panic!("expected a build error, built {}", req.uri()),
        Err(e) => match e.into_kind() {
            ErrorKind::Build(b) => b,
            other => panic!("expected a build error, got {other:?}"),
        },
    }
}

/// Asserts the headers every request carries, and that a request without body has neither
/// body nor content type.
fn common_headers(req: &http::Request<Bytes>, has_body: bool) {
    req.assert_header("accept", "application/json")
        .assert_header("authorization", &format!("Bearer {KEY}"))
        .assert_header("user-agent", ory_core::config::DEFAULT_USER_AGENT);
    if has_body {
        req.assert_header("content-type", "application/json");
    } else {
        req.assert_no_header("content-type").assert_no_body();
    }
}

/// Parses an Ory error answer with `status` and checks it is an [`ErrorKind::Api`] with that
/// status and message.
fn api_error<O: Operation>(op: &O, status: u16) -> Error
where
    O::Output: std::fmt::Debug,
{
    let response = ResponseBuilder::ory_error(status, "some_error", "something went wrong")
        .header("x-request-id", "req-42")
        .build();
    let err = op.parse_response(response).unwrap_err();
    match err.kind() {
        ErrorKind::Api(api) => {
            assert_eq!(api.status().as_u16(), status);
            assert_eq!(api.message(), "something went wrong");
            assert_eq!(api.body().id.as_deref(), Some("some_error"));
        }
        other => panic!("{status}: expected an Api error, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
    assert_eq!(err.request_id(), Some("req-42"));
    err
}

fn documented_errors<O: Operation>(op: &O, statuses: &[u16])
where
    O::Output: std::fmt::Debug,
{
    for &status in statuses {
        api_error(op, status);
    }
    // "default": any other status is an error too, and a gateway's HTML stays raw.
    api_error(op, 500);
    let err = op
        .parse_response(
            ResponseBuilder::new(502)
                .header("content-type", "text/html")
                .body("<html>bad gateway</html>")
                .build(),
        )
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnexpectedResponse(_)));
}

fn ok(status: u16, body: &serde_json::Value) -> http::Response<Bytes> {
    ResponseBuilder::new(status).json(body).build()
}

fn identity_json(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "schema_id": "preset://email",
        "schema_url": "https://acme.projects.oryapis.com/schemas/cHJlc2V0Oi8vZW1haWw",
        "state": "active",
        "state_changed_at": "2024-05-14T09:21:37.654321987Z",
        "traits": {"email": "ada@example.com", "name": {"first": "Ada"}},
        "verifiable_addresses": [{
            "id": "0b5c2f5e-2d8a-4b7e-b7b3-3e1c45a0f1a2", "value": "ada@example.com",
            "verified": true, "via": "email", "status": "completed",
            "verified_at": "2024-05-14T09:25:01.123456789Z",
            "created_at": "2024-05-14T09:21:37.654321Z", "updated_at": "2024-05-14T09:25:01Z"
        }],
        "recovery_addresses": [{
            "id": "e2c6f3b1-9d7a-4c52-8f0e-6a1b2c3d4e5f", "value": "ada@example.com",
            "via": "email", "created_at": "2024-05-14T09:21:37.654321Z",
            "updated_at": "2024-05-14T09:21:37.654321Z"
        }],
        "credentials": {
            "password": {"type": "password", "identifiers": ["ada@example.com"], "version": 0,
                "created_at": "2024-05-14T09:21:37.661223Z", "updated_at": "2024-05-14T09:21:37.661223Z"},
            "passkey_v2": {"type": "passkey_v2", "identifiers": ["x"], "version": 1}
        },
        "metadata_public": null,
        "metadata_admin": {"plan": "pro"},
        "organization_id": null,
        "region": "eu-west",
        "created_at": "2024-05-14T09:21:37.654321Z",
        "updated_at": "2024-05-14T09:21:37.654321+02:00",
        "a_field_from_the_future": [1, 2]
    })
}

fn session_json(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "active": true,
        "expires_at": "2024-06-13T09:21:37.702934123Z",
        "authenticated_at": "2024-05-14T09:21:37.702934123Z",
        "authenticator_assurance_level": "aal2",
        "authentication_methods": [
            {"method": "password", "aal": "aal1", "completed_at": "2024-05-14T09:21:30.1Z"},
            {"method": "something_new", "aal": "aal9", "completed_at": "2024-05-14T09:21:33.5Z"}
        ],
        "issued_at": "2024-05-14T09:21:37.702934123Z",
        "devices": [{"id": "a1b2c3d4", "ip_address": "203.0.113.7", "user_agent": "curl/8",
            "location": "Munich, DE"}],
        "identity": identity_json("7f3ef3bb-5c4e-4d0f-9a43-1f7ce0b8a2d1"),
        "tokenized": null
    })
}

mod list_identities {
    use super::*;

    #[test]
    fn default_request() {
        let req = build(&ListIdentities::new());
        req.assert_method(Method::GET)
            .assert_uri(&format!("{BASE}/admin/identities"));
        common_headers(&req, false);
    }

    #[test]
    #[allow(deprecated)]
    fn every_parameter() {
        let req = build(
            &ListIdentities::new()
                .page_size(500)
                .page_token("tok/en+=")
                .page(3)
                .per_page(1000)
                .consistency(Consistency::Eventual)
                .credentials_identifier("ada+1@example.com")
                .include_credential(CredentialType::Password)
                .include_credentials(["oidc", "a_future_type"]),
        );
        req.assert_path(
            "/admin/identities?page_size=500&page_token=tok%2Fen%2B%3D&page=3&per_page=1000\
             &consistency=eventual&credentials_identifier=ada%2B1%40example.com\
             &include_credential=password&include_credential=oidc\
             &include_credential=a_future_type",
        );
        common_headers(&req, false);
    }

    #[test]
    fn each_filter_alone() {
        build(&ListIdentities::new().ids(["a", "b", "c"])).assert_query(&[
            ("ids", "a"),
            ("ids", "b"),
            ("ids", "c"),
        ]);
        build(&ListIdentities::new().preview_credentials_identifier_similar("ad a"))
            .assert_path("/admin/identities?preview_credentials_identifier_similar=ad%20a");
        build(&ListIdentities::new().organization_id("org-1"))
            .assert_path("/admin/identities?organization_id=org-1");
        build(&ListIdentities::new().consistency(Consistency::Strong))
            .assert_path("/admin/identities?consistency=strong");
    }

    #[test]
    fn filters_cannot_be_combined() {
        let cases = [
            ListIdentities::new().ids(["a"]).credentials_identifier("x"),
            ListIdentities::new()
                .credentials_identifier("x")
                .preview_credentials_identifier_similar("y"),
            ListIdentities::new().ids(["a"]).organization_id("o"),
            ListIdentities::new()
                .preview_credentials_identifier_similar("y")
                .organization_id("o"),
        ];
        for op in cases {
            match build_error(&op) {
                BuildError::InvalidParameter { reason, .. } => {
                    assert!(reason.contains("cannot be combined"), "{reason}")
                }
                other => panic!("{other:?}"),
            }
        }
        let err = ListIdentities::new()
            .ids(["a"])
            .credentials_identifier("x")
            .organization_id("o")
            .build_request(&config())
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("ids, credentials_identifier, organization_id"),
            "{text}"
        );
    }

    #[test]
    #[allow(deprecated)]
    fn ranges_are_checked() {
        for (op, name) in [
            (ListIdentities::new().page_size(0), "page_size"),
            (ListIdentities::new().page_size(501), "page_size"),
            (ListIdentities::new().per_page(0), "per_page"),
            (ListIdentities::new().per_page(1001), "per_page"),
        ] {
            match build_error(&op) {
                BuildError::InvalidParameter { name: n, .. } => assert_eq!(n, name),
                other => panic!("{other:?}"),
            }
        }
        build(&ListIdentities::new().page_size(1).per_page(1));
        let ids: Vec<String> = (0..500).map(|i| format!("id-{i}")).collect();
        assert_eq!(
            build(&ListIdentities::new().ids(ids.clone()))
                .query_pairs()
                .len(),
            500
        );
        let too_many: Vec<String> = (0..501).map(|i| format!("id-{i}")).collect();
        assert!(matches!(
            build_error(&ListIdentities::new().ids(too_many)),
            BuildError::InvalidParameter { name: "ids", .. }
        ));
    }

    #[test]
    fn parses_a_page() {
        let response = ResponseBuilder::new(200)
            .header(
                "link",
                "</admin/identities?page_size=2&page_token=AAA>; rel=\"first\",\
                 </admin/identities?page_size=2&page_token=BBB>; rel=\"next\"",
            )
            .json(&json!([identity_json("id-1"), identity_json("id-2")]))
            .build();
        let page = ListIdentities::new().parse_response(response).unwrap();
        assert_eq!(page.len(), 2);
        assert_eq!(page.items[1].id, "id-2");
        assert_eq!(page.items[0].state, Some(IdentityState::Active));
        assert_eq!(page.next_page_token.as_deref(), Some("BBB"));
        assert_eq!(page.next_page, None);
        assert_eq!(page.total_count, None);

        // Last page: only `first`; an empty array is a valid last page.
        let response = ResponseBuilder::new(200)
            .header("link", "</admin/identities?page_token=AAA>; rel=\"first\"")
            .json(&json!([]))
            .build();
        let page = ListIdentities::new().parse_response(response).unwrap();
        assert!(page.is_empty() && !page.has_next());
    }

    #[test]
    fn parses_an_offset_page() {
        let response = ResponseBuilder::new(200)
            .header("x-total-count", "5")
            .header(
                "link",
                "</admin/identities?page=0&per_page=2>; rel=\"first\"",
            )
            .header(
                "link",
                "</admin/identities?page=1&per_page=2>; rel=\"next\"",
            )
            .header(
                "link",
                "</admin/identities?page=2&per_page=2>; rel=\"last\"",
            )
            .json(&json!([identity_json("id-1")]))
            .build();
        let page = ListIdentities::new().parse_response(response).unwrap();
        assert_eq!(page.next_page, Some(1));
        assert_eq!(page.next_page_token, None);
        assert_eq!(page.total_count, Some(5));
    }

    #[test]
    fn a_bad_item_names_its_path() {
        let response = ok(
            200,
            &json!([identity_json("id-1"), {"id": 7, "schema_id": "x"}]),
        );
        let err = ListIdentities::new().parse_response(response).unwrap_err();
        match err.kind() {
            ErrorKind::Decode(d) => assert!(d.path().starts_with("[1]"), "{}", d.path()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn errors() {
        documented_errors(&ListIdentities::new(), &[400]);
    }
}

mod batch_patch_identities {
    use super::*;

    fn body() -> PatchIdentitiesBody {
        PatchIdentitiesBody::new(vec![
            IdentityPatch::create(CreateIdentityBody::new(
                "default",
                &json!({"email": "a@example.com"}),
            ))
            .patch_id("00000000-0000-4000-8000-00000000aaaa"),
            IdentityPatch::create(
                CreateIdentityBody::new("default", &json!({"email": "b@example.com"}))
                    .state(IdentityState::Inactive),
            ),
        ])
    }

    #[test]
    fn request() {
        let req = build(&BatchPatchIdentities::new(body()));
        req.assert_method(Method::PATCH)
            .assert_path("/admin/identities")
            .assert_json_body(&json!({"identities": [
                {"create": {"schema_id": "default", "traits": {"email": "a@example.com"}},
                 "patch_id": "00000000-0000-4000-8000-00000000aaaa"},
                {"create": {"schema_id": "default", "traits": {"email": "b@example.com"},
                 "state": "inactive"}}
            ]}));
        common_headers(&req, true);
    }

    #[test]
    fn size_is_checked() {
        assert!(matches!(
            build_error(&BatchPatchIdentities::new(PatchIdentitiesBody::new(vec![]))),
            BuildError::InvalidParameter { .. }
        ));
        let create =
            || IdentityPatch::create(CreateIdentityBody::new("default", &json!({"email": "x"})));
        let full: PatchIdentitiesBody = (0..1000).map(|_| create()).collect();
        build(&BatchPatchIdentities::new(full));
        let over: PatchIdentitiesBody = (0..1001).map(|_| create()).collect();
        assert!(matches!(
            build_error(&BatchPatchIdentities::new(over)),
            BuildError::InvalidParameter { .. }
        ));
    }

    #[test]
    fn response_with_partial_failure() {
        let response = ok(
            200,
            &json!({"identities": [
                {"action": "create", "identity": "4c5d", "patch_id": "aaaa"},
                {"action": "error", "patch_id": "bbbb", "error": {"code": 409,
                 "status": "Conflict", "message": "an identity with the same identifier already exists"}},
                {"action": "something_new"}
            ]}),
        );
        let out = BatchPatchIdentities::new(body())
            .parse_response(response)
            .unwrap();
        assert_eq!(out.identities.len(), 3);
        assert_eq!(out.identities[0].identity.as_deref(), Some("4c5d"));
        assert_eq!(
            out.identities[1].error.as_ref().and_then(|e| e.code),
            Some(409)
        );
        assert!(out.identities[2].action.as_ref().unwrap().is_unknown());
    }

    #[test]
    fn errors() {
        let op = BatchPatchIdentities::new(body());
        documented_errors(&op, &[400, 409]);
        assert!(api_error(&op, 409).is_conflict());
    }
}

mod create_identity {
    use super::*;

    #[test]
    fn request_sends_only_what_was_set() {
        let body = CreateIdentityBody::new("default", &json!({"email": "ada@example.com"}))
            .external_id("ext-1")
            .metadata_admin(&json!({"plan": "pro"}));
        let req = build(&CreateIdentity::new(body));
        req.assert_method(Method::POST)
            .assert_uri(&format!("{BASE}/admin/identities"))
            .assert_json_body(&json!({
                "schema_id": "default",
                "traits": {"email": "ada@example.com"},
                "external_id": "ext-1",
                "metadata_admin": {"plan": "pro"}
            }));
        common_headers(&req, true);
    }

    #[test]
    fn created_with_location() {
        let op = CreateIdentity::from(CreateIdentityBody::new("default", &json!({})));
        let response = ResponseBuilder::new(201)
            .header(
                "location",
                "https://acme.projects.oryapis.com/admin/identities/id-9",
            )
            .json(&identity_json("id-9"))
            .build();
        let identity = op.parse_response(response).unwrap();
        assert_eq!(identity.id, "id-9");
        assert_eq!(
            identity.region.as_ref().map(|r| r.as_str()),
            Some("eu-west")
        );
        assert!(identity.credentials.contains_key(&CredentialType::Password));
    }

    #[test]
    fn errors() {
        let op = CreateIdentity::new(CreateIdentityBody::new("default", &json!({})));
        documented_errors(&op, &[400, 409]);
        let conflict = api_error(&op, 409);
        assert!(conflict.is_conflict() && !conflict.is_bad_request());
        assert!(api_error(&op, 400).is_bad_request());
    }
}

mod get_identity_by_external_id {
    use super::*;

    #[test]
    fn request() {
        let req = build(
            &GetIdentityByExternalId::new("ext/1 2")
                .include_credential(CredentialType::Oidc)
                .include_credential(CredentialType::Saml),
        );
        req.assert_method(Method::GET).assert_path(
            "/admin/identities/by/external/ext%2F1%202?include_credential=oidc&include_credential=saml",
        );
        common_headers(&req, false);
        assert!(matches!(
            build_error(&GetIdentityByExternalId::new("")),
            BuildError::EmptyPathParameter { name: "externalID" }
        ));
        assert!(matches!(
            build_error(&GetIdentityByExternalId::new("..")),
            BuildError::DotSegment { .. }
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = GetIdentityByExternalId::from("ext-1");
        let identity = op.parse_response(ok(200, &identity_json("id-1"))).unwrap();
        assert_eq!(identity.id, "id-1");
        documented_errors(&op, &[404]);
        assert!(api_error(&op, 404).is_not_found());
    }
}

mod delete_identity {
    use super::*;

    #[test]
    fn request() {
        let req = build(&DeleteIdentity::new("a/b?c#d e"));
        req.assert_method(Method::DELETE)
            .assert_path("/admin/identities/a%2Fb%3Fc%23d%20e");
        common_headers(&req, false);
        assert!(matches!(
            build_error(&DeleteIdentity::new("")),
            BuildError::EmptyPathParameter { name: "id" }
        ));
        assert!(matches!(
            build_error(&DeleteIdentity::new(".")),
            BuildError::DotSegment { .. }
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = DeleteIdentity::from("id-1");
        op.parse_response(ResponseBuilder::new(204).build())
            .unwrap();
        documented_errors(&op, &[404]);
    }
}

mod get_identity {
    use super::*;

    #[test]
    fn request() {
        let req = build(&GetIdentity::new("id-1"));
        req.assert_method(Method::GET)
            .assert_uri(&format!("{BASE}/admin/identities/id-1"));
        common_headers(&req, false);
        build(&GetIdentity::new("id-1").include_credentials([
            CredentialType::Password,
            CredentialType::Webauthn,
            CredentialType::from("brand_new"),
        ]))
        .assert_path(
            "/admin/identities/id-1?include_credential=password&include_credential=webauthn\
             &include_credential=brand_new",
        );
    }

    #[test]
    fn response_and_errors() {
        let op = GetIdentity::from(String::from("id-1"));
        let identity = op.parse_response(ok(200, &identity_json("id-1"))).unwrap();
        #[derive(serde::Deserialize)]
        struct Traits {
            email: String,
        }
        assert_eq!(
            identity.traits::<Traits>().unwrap().email,
            "ada@example.com"
        );
        assert!(identity
            .metadata_public
            .as_ref()
            .is_none_or(|m| m.is_null()));
        documented_errors(&op, &[404]);
    }
}

mod patch_identity {
    use super::*;

    #[test]
    fn request() {
        let op = PatchIdentity::new("id-1")
            .op(JsonPatch::replace("/traits/email", "new@example.com"))
            .op(JsonPatch::add("/metadata_public", &json!({"a": [1]})))
            .op(JsonPatch::remove("/metadata_admin"))
            .op(JsonPatch::move_to("/traits/old", "/traits/new"))
            .op(JsonPatch::copy_to("/traits/email", "/traits/backup"))
            .op(JsonPatch::test("/state", "active"))
            .op(JsonPatch::test("/id", "id-1"));
        let req = build(&op);
        req.assert_method(Method::PATCH)
            .assert_path("/admin/identities/id-1")
            .assert_json_body(&json!([
                {"op": "replace", "path": "/traits/email", "value": "new@example.com"},
                {"op": "add", "path": "/metadata_public", "value": {"a": [1]}},
                {"op": "remove", "path": "/metadata_admin"},
                {"op": "move", "from": "/traits/old", "path": "/traits/new"},
                {"op": "copy", "from": "/traits/email", "path": "/traits/backup"},
                {"op": "test", "path": "/state", "value": "active"},
                {"op": "test", "path": "/id", "value": "id-1"}
            ]));
        common_headers(&req, true);
        // An empty patch is valid JSON Patch.
        build(&PatchIdentity::new("id-1")).assert_json_body(&json!([]));
    }

    #[test]
    fn read_only_fields_are_refused() {
        for op in [
            JsonPatch::replace("/id", "other"),
            JsonPatch::remove("/credentials"),
            JsonPatch::add("/credentials/password/config", &json!({})),
            JsonPatch::replace("/state_changed_at", "2024-01-01T00:00:00Z"),
            JsonPatch::move_to("/id", "/traits/id"),
            JsonPatch::copy_to("/traits/id", "/id"),
        ] {
            let err = build_error(&PatchIdentity::with_patch("id-1", [op]));
            match err {
                BuildError::InvalidParameter { reason, .. } => {
                    assert!(reason.contains("cannot be changed"), "{reason}")
                }
                other => panic!("{other:?}"),
            }
        }
        // Fields that only start like read-only ones are fine.
        build(&PatchIdentity::with_patch(
            "id-1",
            [
                JsonPatch::replace("/identifier", "x"),
                JsonPatch::replace("/traits/id", "x"),
                JsonPatch::copy_to("/id", "/traits/copy_of_id"),
            ],
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = PatchIdentity::new("id-1").op(JsonPatch::remove("/metadata_admin"));
        assert_eq!(
            op.parse_response(ok(200, &identity_json("id-1")))
                .unwrap()
                .id,
            "id-1"
        );
        documented_errors(&op, &[400, 404, 409]);
    }
}

mod update_identity {
    use super::*;

    #[test]
    fn request() {
        let body =
            UpdateIdentityBody::new("default", IdentityState::Inactive, &json!({"email": "x@y"}))
                .metadata_public(&serde_json::Value::Null);
        let req = build(&UpdateIdentity::new("id 1", body));
        req.assert_method(Method::PUT)
            .assert_path("/admin/identities/id%201")
            .assert_json_body(&json!({
                "schema_id": "default", "state": "inactive", "traits": {"email": "x@y"},
                "metadata_public": null
            }));
        common_headers(&req, true);
    }

    #[test]
    fn response_and_errors() {
        let op = UpdateIdentity::new(
            "id-1",
            UpdateIdentityBody::new("default", IdentityState::Active, &json!({})),
        );
        assert_eq!(
            op.parse_response(ok(200, &identity_json("id-1")))
                .unwrap()
                .id,
            "id-1"
        );
        documented_errors(&op, &[400, 404, 409]);
    }
}

mod delete_identity_credentials {
    use super::*;

    #[test]
    fn request() {
        let req = build(&DeleteIdentityCredentials::new(
            "id-1",
            CredentialType::Password,
        ));
        req.assert_method(Method::DELETE)
            .assert_path("/admin/identities/id-1/credentials/password");
        common_headers(&req, false);
        build(
            &DeleteIdentityCredentials::new("id-1", CredentialType::Oidc)
                .identifier("github:12 34"),
        )
        .assert_path("/admin/identities/id-1/credentials/oidc?identifier=github%3A12%2034");
        build(
            &DeleteIdentityCredentials::new("id-1", CredentialType::Deviceauthn)
                .identifier("key-1"),
        )
        .assert_query(&[("identifier", "key-1")]);
        // A type this crate does not know is sent as given, still one segment.
        build(&DeleteIdentityCredentials::new("id-1", "future/type"))
            .assert_path("/admin/identities/id-1/credentials/future%2Ftype");
    }

    #[test]
    fn identifier_required_where_the_api_needs_it() {
        for t in [
            CredentialType::Oidc,
            CredentialType::Saml,
            CredentialType::Deviceauthn,
        ] {
            assert_eq!(
                build_error(&DeleteIdentityCredentials::new("id-1", t.clone())),
                BuildError::MissingParameter { name: "identifier" }
            );
            assert_eq!(
                build_error(&DeleteIdentityCredentials::new("id-1", t).identifier("")),
                BuildError::MissingParameter { name: "identifier" }
            );
        }
        assert!(matches!(
            build_error(&DeleteIdentityCredentials::new("", CredentialType::Totp)),
            BuildError::EmptyPathParameter { name: "id" }
        ));
        assert!(matches!(
            build_error(&DeleteIdentityCredentials::new("id-1", "")),
            BuildError::EmptyPathParameter { name: "type" }
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = DeleteIdentityCredentials::new("id-1", CredentialType::Totp);
        op.parse_response(ResponseBuilder::new(204).build())
            .unwrap();
        documented_errors(&op, &[400, 404]);
    }
}

mod delete_identity_sessions {
    use super::*;

    #[test]
    fn request() {
        let req = build(&DeleteIdentitySessions::new("id-1"));
        req.assert_method(Method::DELETE)
            .assert_path("/admin/identities/id-1/sessions");
        common_headers(&req, false);
        build(&DeleteIdentitySessions::from("a/b")).assert_path("/admin/identities/a%2Fb/sessions");
    }

    #[test]
    fn response_and_errors() {
        let op = DeleteIdentitySessions::new("id-1");
        op.parse_response(ResponseBuilder::new(204).build())
            .unwrap();
        documented_errors(&op, &[400, 401, 404]);
        assert!(api_error(&op, 401).is_unauthorized());
    }
}

mod list_identity_sessions {
    use super::*;

    #[test]
    #[allow(deprecated)]
    fn request() {
        let req = build(&ListIdentitySessions::new("id-1"));
        req.assert_method(Method::GET)
            .assert_path("/admin/identities/id-1/sessions");
        common_headers(&req, false);
        build(
            &ListIdentitySessions::new("id-1")
                .page_size(10)
                .page_token("t")
                .page(2)
                .per_page(20)
                .active(false),
        )
        .assert_path(
            "/admin/identities/id-1/sessions?page_size=10&page_token=t&page=2&per_page=20&active=false",
        );
        assert!(matches!(
            build_error(&ListIdentitySessions::new("id-1").page_size(501)),
            BuildError::InvalidParameter {
                name: "page_size",
                ..
            }
        ));
        assert!(matches!(
            build_error(&ListIdentitySessions::new("id-1").per_page(1001)),
            BuildError::InvalidParameter {
                name: "per_page",
                ..
            }
        ));
        assert!(matches!(
            build_error(&ListIdentitySessions::new("")),
            BuildError::EmptyPathParameter { name: "id" }
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = ListIdentitySessions::new("id-1");
        let response = ResponseBuilder::new(200)
            .header(
                "link",
                "</admin/identities/id-1/sessions?page_size=250&page_token=N>; rel=\"next\"",
            )
            .json(&json!([session_json("s-1")]))
            .build();
        let page = op.parse_response(response).unwrap();
        assert_eq!(page.items[0].id, "s-1");
        assert_eq!(page.next_page_token.as_deref(), Some("N"));
        documented_errors(&op, &[400, 404]);
    }
}

mod create_recovery_code_for_identity {
    use super::*;

    #[test]
    fn request() {
        let body = CreateRecoveryCodeForIdentityBody::new("id-1")
            .expires_in("1h30m")
            .flow_type(FlowType::Browser);
        let req = build(&CreateRecoveryCodeForIdentity::new(body));
        req.assert_method(Method::POST)
            .assert_path("/admin/recovery/code")
            .assert_json_body(
                &json!({"identity_id": "id-1", "expires_in": "1h30m", "flow_type": "browser"}),
            );
        common_headers(&req, true);
        build(&CreateRecoveryCodeForIdentity::from(
            CreateRecoveryCodeForIdentityBody::new("id-1"),
        ))
        .assert_json_body(&json!({"identity_id": "id-1"}));
        build(&CreateRecoveryCodeForIdentity::new(
            CreateRecoveryCodeForIdentityBody::new("id-1")
                .expires_after(std::time::Duration::from_millis(1500)),
        ))
        .assert_json_body(&json!({"identity_id": "id-1", "expires_in": "1500ms"}));
    }

    #[test]
    fn body_is_checked() {
        assert_eq!(
            build_error(&CreateRecoveryCodeForIdentity::new(
                CreateRecoveryCodeForIdentityBody::new("")
            )),
            BuildError::MissingParameter {
                name: "identity_id"
            }
        );
        for bad in ["1 day", "1d", "", "-5m", "15"] {
            assert!(
                matches!(
                    build_error(&CreateRecoveryCodeForIdentity::new(
                        CreateRecoveryCodeForIdentityBody::new("id-1").expires_in(bad)
                    )),
                    BuildError::InvalidParameter {
                        name: "expires_in",
                        ..
                    }
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn response_and_errors() {
        let op = CreateRecoveryCodeForIdentity::new(CreateRecoveryCodeForIdentityBody::new("id"));
        let out = op
            .parse_response(ok(
                201,
                &json!({
                    "recovery_link": "https://acme.projects.oryapis.com/self-service/recovery?flow=f1",
                    "recovery_code": "76453943",
                    "expires_at": "2024-05-14T10:21:37.702934123Z"
                }),
            ))
            .unwrap();
        assert_eq!(out.recovery_code, "76453943");
        assert!(out.expires_at.is_some());
        documented_errors(&op, &[400, 404]);
    }
}

mod create_recovery_link_for_identity {
    use super::*;

    #[test]
    fn request() {
        let op = CreateRecoveryLinkForIdentity::new(
            CreateRecoveryLinkForIdentityBody::new("id-1").expires_in("15m"),
        )
        .return_to("https://app.example.com/after?x=1&y=2");
        let req = build(&op);
        req.assert_method(Method::POST)
            .assert_path(
                "/admin/recovery/link?return_to=https%3A%2F%2Fapp.example.com%2Fafter%3Fx%3D1%26y%3D2",
            )
            .assert_query(&[("return_to", "https://app.example.com/after?x=1&y=2")])
            .assert_json_body(&json!({"identity_id": "id-1", "expires_in": "15m"}));
        common_headers(&req, true);
        build(&CreateRecoveryLinkForIdentity::from(
            CreateRecoveryLinkForIdentityBody::new("id-1"),
        ))
        .assert_path("/admin/recovery/link");
        assert!(matches!(
            build_error(&CreateRecoveryLinkForIdentity::new(
                CreateRecoveryLinkForIdentityBody::new("id-1").expires_in("forever")
            )),
            BuildError::InvalidParameter {
                name: "expires_in",
                ..
            }
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = CreateRecoveryLinkForIdentity::new(CreateRecoveryLinkForIdentityBody::new("id"));
        let out = op
            .parse_response(ok(
                200,
                &json!({"recovery_link": "https://acme.projects.oryapis.com/self-service/recovery?flow=f1&token=t",
                        "expires_at": "2024-05-14T10:21:37Z"}),
            ))
            .unwrap();
        assert!(out.recovery_link.ends_with("token=t"));
        documented_errors(&op, &[400, 404]);
    }
}

mod list_sessions {
    use super::*;

    #[test]
    fn request() {
        let req = build(&ListSessions::new());
        req.assert_method(Method::GET)
            .assert_path("/admin/sessions");
        common_headers(&req, false);
        build(
            &ListSessions::new()
                .page_size(1000)
                .page_token("abc")
                .active(true)
                .expand(SessionExpand::Identity)
                .expand(SessionExpand::Devices),
        )
        .assert_path(
            "/admin/sessions?page_size=1000&page_token=abc&active=true&expand=identity&expand=devices",
        );
        for size in [0, 1001] {
            assert!(matches!(
                build_error(&ListSessions::new().page_size(size)),
                BuildError::InvalidParameter {
                    name: "page_size",
                    ..
                }
            ));
        }
    }

    #[test]
    fn response_and_errors() {
        let op = ListSessions::new();
        let page = op
            .parse_response(ok(200, &json!([session_json("s-1"), session_json("s-2")])))
            .unwrap();
        assert_eq!(page.len(), 2);
        assert!(!page.has_next());
        let s = &page.items[0];
        assert_eq!(s.active, Some(true));
        assert_eq!(s.devices.len(), 1);
        assert!(s.authentication_methods[1]
            .method
            .as_ref()
            .unwrap()
            .is_unknown());
        documented_errors(&op, &[400]);
    }
}

mod manage_sessions {
    use super::*;

    #[test]
    fn request() {
        let req = build(&ManageSessions::new(ManageSessionsBody::for_sessions(
            ManageSessionsAction::Delete,
            ["s-1", "s-2"],
        )));
        req.assert_method(Method::POST)
            .assert_path("/admin/sessions")
            .assert_json_body(&json!({"action": "delete", "sessions": ["s-1", "s-2"]}));
        common_headers(&req, true);
        build(&ManageSessions::from(ManageSessionsBody::for_identities(
            ManageSessionsAction::Disable,
            ["i-1"],
        )))
        .assert_json_body(&json!({"action": "disable", "identities": ["i-1"]}));
        build(&ManageSessions::new(ManageSessionsBody::all_sessions(
            ManageSessionsAction::Disable,
        )))
        .assert_json_body(&json!({"action": "disable", "identities": ["*"]}));
    }

    #[test]
    fn body_is_checked() {
        let many: Vec<String> = (0..501).map(|i| format!("s-{i}")).collect();
        for body in [
            ManageSessionsBody::for_sessions(ManageSessionsAction::Delete, many),
            ManageSessionsBody::for_sessions(ManageSessionsAction::Delete, ["*"]),
            ManageSessionsBody::for_identities(ManageSessionsAction::Delete, ["*", "i-1"]),
            ManageSessionsBody::for_identities(ManageSessionsAction::Delete, Vec::<String>::new()),
        ] {
            assert!(matches!(
                build_error(&ManageSessions::new(body)),
                BuildError::InvalidParameter { .. }
            ));
        }
    }

    #[test]
    fn response_and_errors() {
        let op = ManageSessions::new(ManageSessionsBody::all_sessions(
            ManageSessionsAction::Delete,
        ));
        let out = op
            .parse_response(ok(200, &json!({"processed": 1000, "more": true})))
            .unwrap();
        assert_eq!((out.processed, out.more), (1000, true));
        documented_errors(&op, &[400, 401]);
    }
}

mod get_session {
    use super::*;

    #[test]
    fn request() {
        let req = build(&GetSession::new("s-1"));
        req.assert_method(Method::GET)
            .assert_uri(&format!("{BASE}/admin/sessions/s-1"));
        common_headers(&req, false);
        build(&GetSession::new("s-1").expand(SessionExpand::Devices))
            .assert_path("/admin/sessions/s-1?expand=devices");
        assert!(matches!(
            build_error(&GetSession::new("..")),
            BuildError::DotSegment { .. }
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = GetSession::from("s-1");
        let session = op.parse_response(ok(200, &session_json("s-1"))).unwrap();
        assert_eq!(session.id, "s-1");
        assert_eq!(
            session.identity.as_ref().map(|i| i.id.as_str()),
            Some("7f3ef3bb-5c4e-4d0f-9a43-1f7ce0b8a2d1")
        );
        documented_errors(&op, &[400, 404]);
    }
}

mod extend_session {
    use super::*;

    #[test]
    fn request() {
        let req = build(&ExtendSession::new("s-1"));
        req.assert_method(Method::PATCH)
            .assert_path("/admin/sessions/s-1/extend");
        common_headers(&req, false);
    }

    #[test]
    fn no_content_and_ok_are_both_success() {
        let op = ExtendSession::from("s-1");
        // The default: 204 with no body and no Content-Type.
        assert!(op
            .parse_response(ResponseBuilder::new(204).build())
            .unwrap()
            .is_none());
        // Older projects: 200 with the session.
        let session = op
            .parse_response(ok(200, &session_json("s-1")))
            .unwrap()
            .expect("a session");
        assert_eq!(session.id, "s-1");
        // 200 with an empty body is no session, not a decoding error.
        assert!(op
            .parse_response(ResponseBuilder::new(200).build())
            .unwrap()
            .is_none());
        // 200 with a broken body is a decoding error.
        let err = op
            .parse_response(ResponseBuilder::new(200).body("{\"id\": ").build())
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Decode(_)));
    }

    #[test]
    fn errors() {
        documented_errors(&ExtendSession::new("s-1"), &[400, 404]);
    }
}

mod create_test_login_flow {
    use super::*;

    #[test]
    fn request() {
        let req = build(&CreateTestLoginFlow::new("google"));
        req.assert_method(Method::POST)
            .assert_path("/admin/test-login-flows")
            .assert_json_body(&json!({"provider_id": "google"}));
        common_headers(&req, true);
        for bad in [String::new(), "x".repeat(256)] {
            assert!(matches!(
                build_error(&CreateTestLoginFlow::from(bad)),
                BuildError::InvalidParameter {
                    name: "provider_id",
                    ..
                }
            ));
        }
        build(&CreateTestLoginFlow::from("é".repeat(255).as_str()));
    }

    #[test]
    fn response_and_errors() {
        let op = CreateTestLoginFlow::new("google");
        let flow = json!({
            "id": "9c1b5e3a-7d2f-4e6a-8b0c-1d2e3f4a5b6c",
            "type": "browser",
            "expires_at": "2024-05-14T10:21:37.702934123Z",
            "issued_at": "2024-05-14T09:21:37.702934123Z",
            "request_url": "https://acme.projects.oryapis.com/admin/test-login-flows",
            "active": "oidc",
            "state": "choose_method",
            "ui": {
                "action": "https://acme.projects.oryapis.com/self-service/login?flow=9c1b",
                "method": "POST",
                "nodes": [
                    {"type": "input", "group": "default", "attributes": {"name": "csrf_token",
                     "type": "hidden", "value": "kT0o", "required": true, "disabled": false,
                     "node_type": "input"}, "messages": [], "meta": {}},
                    {"type": "input", "group": "oidc", "attributes": {"name": "provider",
                     "type": "submit", "value": "google", "disabled": false,
                     "node_type": "input"}, "messages": [],
                     "meta": {"label": {"id": 1010002, "text": "Sign in with google",
                     "type": "info", "context": {"provider": "google"}}}}
                ]
            },
            "test_context": {"provider_id": "google"}
        });
        let out = op.parse_response(ok(201, &flow)).unwrap();
        assert_eq!(out.id, "9c1b5e3a-7d2f-4e6a-8b0c-1d2e3f4a5b6c");
        assert_eq!(out.ui.nodes.len(), 2);
        assert_eq!(
            out.test_context.as_ref().map(|t| t.provider_id.as_str()),
            Some("google")
        );
        documented_errors(&op, &[400, 404]);
    }
}

mod list_identity_schemas {
    use super::*;

    #[test]
    #[allow(deprecated)]
    fn request() {
        let config = Config::new(BASE).unwrap();
        let req = ListIdentitySchemas::new().build_request(&config).unwrap();
        req.assert_method(Method::GET)
            .assert_path("/schemas")
            .assert_no_header("authorization");
        build(
            &ListIdentitySchemas::new()
                .page_size(1)
                .page_token("t")
                .page(1)
                .per_page(1),
        )
        .assert_path("/schemas?page_size=1&page_token=t&page=1&per_page=1");
        assert!(matches!(
            build_error(&ListIdentitySchemas::new().page_size(0)),
            BuildError::InvalidParameter {
                name: "page_size",
                ..
            }
        ));
    }

    #[test]
    fn response_and_errors() {
        let op = ListIdentitySchemas::new();
        let page = op
            .parse_response(ok(
                200,
                &json!([{"id": "preset://email", "schema": {"$id": "https://schemas.ory.sh/presets/kratos/identity.email.schema.json",
                          "type": "object", "properties": {"traits": {"type": "object"}}}}]),
            ))
            .unwrap();
        assert_eq!(page.items[0].id, "preset://email");
        assert_eq!(
            page.items[0].schema.to_value().unwrap()["type"],
            json!("object")
        );
        documented_errors(&op, &[400]);
    }
}

mod get_identity_schema {
    use super::*;

    #[test]
    fn request() {
        let req = build(&GetIdentitySchema::new("preset://email"));
        req.assert_method(Method::GET)
            .assert_path("/schemas/preset%3A%2F%2Femail");
        common_headers(&req, false);
        build(&GetIdentitySchema::from("ZGVmYXVsdA")).assert_path("/schemas/ZGVmYXVsdA");
    }

    #[test]
    fn response_is_kept_raw() {
        let op = GetIdentitySchema::new("default");
        let text = r#"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",  "properties": {"traits": {}}}"#;
        let schema = op
            .parse_response(
                ResponseBuilder::new(200)
                    .header("content-type", "application/json")
                    .body(text)
                    .build(),
            )
            .unwrap();
        assert_eq!(schema.as_str(), text);
        // Any JSON value is a schema (`true` is a valid JSON Schema).
        let schema = op
            .parse_response(ResponseBuilder::new(200).body("true").build())
            .unwrap();
        assert_eq!(schema.as_str(), "true");
        documented_errors(&op, &[404]);
    }
}

mod disable_session {
    use super::*;

    #[test]
    fn request_and_errors() {
        let req = build(&DisableSession::new("s-1"));
        req.assert_method(Method::DELETE)
            .assert_path("/admin/sessions/s-1");
        common_headers(&req, false);
        documented_errors(&DisableSession::new("s-1"), &[400, 401]);
    }
}

/// Operations are values: Clone, Debug, Send and Sync, so they can be stored and retried.
#[test]
fn operations_are_plain_values() {
    fn check<T: Clone + std::fmt::Debug + Send + Sync + 'static>() {}
    check::<ListIdentities>();
    check::<BatchPatchIdentities>();
    check::<CreateIdentity>();
    check::<GetIdentityByExternalId>();
    check::<DeleteIdentity>();
    check::<GetIdentity>();
    check::<PatchIdentity>();
    check::<UpdateIdentity>();
    check::<DeleteIdentityCredentials>();
    check::<DeleteIdentitySessions>();
    check::<ListIdentitySessions>();
    check::<CreateRecoveryCodeForIdentity>();
    check::<CreateRecoveryLinkForIdentity>();
    check::<ListSessions>();
    check::<ManageSessions>();
    check::<DisableSession>();
    check::<GetSession>();
    check::<ExtendSession>();
    check::<CreateTestLoginFlow>();
    check::<ListIdentitySchemas>();
    check::<GetIdentitySchema>();
}
