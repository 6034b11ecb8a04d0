//! The `Client` methods (one per operation), the pager, `manage_sessions_until_done` and
//! `OptionalExt`, over the recording `MockTransport`.

use std::future::Future;

use http::Method;
use ory_core::identity::*;
use ory_core::models::{
    CreateIdentityBody, CreateRecoveryCodeForIdentityBody, CreateRecoveryLinkForIdentityBody,
    CredentialType, IdentityPatch, IdentityState, JsonPatch, ManageSessionsAction,
    ManageSessionsBody, PatchIdentitiesBody, UpdateIdentityBody,
};
use ory_core::testing::{MockTransport, RequestAssertions, ResponseBuilder};
use ory_core::{Client, Config, ErrorKind, OptionalExt, Page};
use serde_json::json;

fn run<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(f)
}

fn client() -> Client<MockTransport> {
    let config = Config::builder("http://127.0.0.1:4434/")
        .api_key("ory_apikey_x")
        .build()
        .unwrap();
    Client::new(config, MockTransport::new())
}

fn identity(id: &str) -> serde_json::Value {
    json!({"id": id, "schema_id": "default", "schema_url": "http://127.0.0.1:4433/schemas/ZGVmYXVsdA",
           "traits": {"email": format!("{id}@example.com")}, "state": "active"})
}

fn session(id: &str) -> serde_json::Value {
    json!({"id": id, "active": true})
}

fn page_response(items: serde_json::Value, next: Option<&str>) -> http::Response<bytes::Bytes> {
    let mut links =
        vec!["</admin/identities?page_size=2&page_token=first>; rel=\"first\"".to_owned()];
    if let Some(next) = next {
        links.push(format!(
            "</admin/identities?page_size=2&page_token={next}>; rel=\"next\""
        ));
    }
    ResponseBuilder::new(200)
        .header("link", &links.join(","))
        .json(&items)
        .build()
}

fn last(client: &Client<MockTransport>) -> http::Request<bytes::Bytes> {
    client.transport().last_request().expect("a request")
}

#[test]
fn every_client_method_sends_its_request() {
    run(async {
        let c = client();
        let t = c.transport();

        t.push_json(200, &json!([identity("a")]));
        let page = c
            .list_identities(ListIdentities::new().page_size(1))
            .await
            .unwrap();
        assert_eq!(page.items[0].id, "a");
        last(&c)
            .assert_method(Method::GET)
            .assert_uri("http://127.0.0.1:4434/admin/identities?page_size=1");

        t.push_json(200, &identity("a"));
        c.get_identity("a").await.unwrap();
        last(&c).assert_path("/admin/identities/a");

        t.push_json(200, &identity("a"));
        c.get_identity(GetIdentity::new("a").include_credential(CredentialType::Password))
            .await
            .unwrap();
        last(&c).assert_path("/admin/identities/a?include_credential=password");

        t.push_json(200, &identity("a"));
        c.get_identity_by_external_id(String::from("ext"))
            .await
            .unwrap();
        last(&c).assert_path("/admin/identities/by/external/ext");

        t.push_json(201, &identity("n"));
        let created = c
            .create_identity(CreateIdentityBody::new("default", &json!({"email": "n@x"})))
            .await
            .unwrap();
        assert_eq!(created.id, "n");
        last(&c)
            .assert_method(Method::POST)
            .assert_path("/admin/identities");

        t.push_json(200, &identity("a"));
        c.update_identity(UpdateIdentity::new(
            "a",
            UpdateIdentityBody::new("default", IdentityState::Active, &json!({})),
        ))
        .await
        .unwrap();
        last(&c).assert_method(Method::PUT);

        t.push_json(200, &identity("a"));
        c.patch_identity(PatchIdentity::new("a").op(JsonPatch::remove("/metadata_admin")))
            .await
            .unwrap();
        last(&c)
            .assert_method(Method::PATCH)
            .assert_path("/admin/identities/a");

        t.push_json(
            200,
            &json!({"identities": [{"action": "create", "identity": "n"}]}),
        );
        c.batch_patch_identities(PatchIdentitiesBody::new(vec![IdentityPatch::create(
            CreateIdentityBody::new("default", &json!({})),
        )]))
        .await
        .unwrap();
        last(&c)
            .assert_method(Method::PATCH)
            .assert_path("/admin/identities");

        t.push_status(204);
        c.delete_identity("a").await.unwrap();
        last(&c)
            .assert_method(Method::DELETE)
            .assert_path("/admin/identities/a");

        t.push_status(204);
        c.delete_identity_credentials(
            DeleteIdentityCredentials::new("a", CredentialType::Oidc).identifier("google:1"),
        )
        .await
        .unwrap();
        last(&c).assert_path("/admin/identities/a/credentials/oidc?identifier=google%3A1");

        t.push_status(204);
        c.delete_identity_sessions("a").await.unwrap();
        last(&c)
            .assert_method(Method::DELETE)
            .assert_path("/admin/identities/a/sessions");

        t.push_json(200, &json!([session("s")]));
        c.list_identity_sessions("a").await.unwrap();
        last(&c).assert_path("/admin/identities/a/sessions");

        t.push_json(
            201,
            &json!({"recovery_link": "https://x/r", "recovery_code": "123456"}),
        );
        c.create_recovery_code_for_identity(CreateRecoveryCodeForIdentityBody::new("a"))
            .await
            .unwrap();
        last(&c).assert_path("/admin/recovery/code");

        t.push_json(200, &json!({"recovery_link": "https://x/r"}));
        c.create_recovery_link_for_identity(CreateRecoveryLinkForIdentityBody::new("a"))
            .await
            .unwrap();
        last(&c).assert_path("/admin/recovery/link");

        t.push_json(200, &json!([session("s")]));
        c.list_sessions(ListSessions::new()).await.unwrap();
        last(&c).assert_path("/admin/sessions");

        t.push_json(200, &json!({"processed": 2, "more": false}));
        c.manage_sessions(ManageSessionsBody::for_sessions(
            ManageSessionsAction::Disable,
            ["s1", "s2"],
        ))
        .await
        .unwrap();
        last(&c)
            .assert_method(Method::POST)
            .assert_path("/admin/sessions");

        t.push_status(204);
        c.disable_session("s").await.unwrap();
        last(&c).assert_path("/admin/sessions/s");

        t.push_json(200, &session("s"));
        c.get_session("s").await.unwrap();
        last(&c).assert_path("/admin/sessions/s");

        t.push_status(204);
        assert!(c.extend_session("s").await.unwrap().is_none());
        last(&c)
            .assert_method(Method::PATCH)
            .assert_path("/admin/sessions/s/extend");

        t.push_json(200, &session("s"));
        assert_eq!(c.extend_session("s").await.unwrap().unwrap().id, "s");

        t.push_json(
            201,
            &json!({"id": "f", "type": "browser", "expires_at": "2024-05-14T10:21:37Z",
                    "issued_at": "2024-05-14T09:21:37Z", "request_url": "https://x",
                    "ui": {"action": "https://x", "method": "POST", "nodes": []}}),
        );
        c.create_test_login_flow("google").await.unwrap();
        last(&c).assert_path("/admin/test-login-flows");

        t.push_json(200, &json!([{"id": "default", "schema": {}}]));
        c.list_identity_schemas(ListIdentitySchemas::new())
            .await
            .unwrap();
        last(&c).assert_path("/schemas");

        t.push_json(200, &json!({"type": "object"}));
        let schema = c.get_identity_schema("default").await.unwrap();
        assert_eq!(schema.to_value().unwrap(), json!({"type": "object"}));
        last(&c).assert_path("/schemas/default");

        assert_eq!(t.requests().len(), 23);
        assert_eq!(t.remaining(), 0);
        for request in t.requests() {
            request.assert_header("authorization", "Bearer ory_apikey_x");
            assert!(request.headers().contains_key("x-request-id"));
        }
    });
}

#[test]
fn create_identity_location_through_meta() {
    run(async {
        let c = client();
        c.transport().push_response(
            ResponseBuilder::new(201)
                .header("location", "http://127.0.0.1:4434/admin/identities/n")
                .json(&identity("n"))
                .build(),
        );
        let op = CreateIdentity::new(CreateIdentityBody::new("default", &json!({})));
        let (created, meta) = c.execute_with_meta(&op).await.unwrap();
        assert_eq!(created.id, "n");
        assert_eq!(meta.status().as_u16(), 201);
        assert_eq!(
            meta.headers()["location"],
            "http://127.0.0.1:4434/admin/identities/n"
        );
    });
}

#[test]
fn build_errors_send_nothing() {
    run(async {
        let c = client();
        let err = c.get_identity("").await.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Build(_)));
        let err = c
            .list_identities(ListIdentities::new().page_size(0))
            .await
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Build(_)));
        assert!(c.transport().requests().is_empty());
    });
}

#[test]
fn optional_reads_404_as_none() {
    run(async {
        let c = client();
        let t = c.transport();
        t.push_ory_error(404, "not_found", "Unable to locate the resource");
        assert!(c.get_identity("gone").await.optional().unwrap().is_none());

        t.push_json(200, &identity("here"));
        let found = c.get_identity("here").await.optional().unwrap();
        assert_eq!(found.unwrap().id, "here");

        t.push_ory_error(404, "not_found", "no schema");
        assert!(c
            .get_identity_schema("x")
            .await
            .optional()
            .unwrap()
            .is_none());

        t.push_ory_error(404, "not_found", "no such session");
        assert!(c.get_session("s").await.optional().unwrap().is_none());

        t.push_ory_error(404, "not_found", "no such identity");
        assert!(c
            .get_identity_by_external_id("e")
            .await
            .optional()
            .unwrap()
            .is_none());

        // Other errors stay errors, and so does a 404 that is not Ory's.
        t.push_ory_error(500, "boom", "boom");
        assert!(c.get_identity("x").await.optional().is_err());
        t.push_response(
            ResponseBuilder::new(404)
                .header("content-type", "text/html")
                .body("<h1>Not Found</h1>")
                .build(),
        );
        let err = c.get_identity("x").await.optional().unwrap_err();
        assert!(err.is_not_found());
    });
}

mod pager {
    use super::*;

    fn tokens(c: &Client<MockTransport>) -> Vec<Option<String>> {
        c.transport()
            .requests()
            .iter()
            .map(|r| {
                r.query_pairs()
                    .into_iter()
                    .find(|(k, _)| k == "page_token")
                    .map(|(_, v)| v)
            })
            .collect()
    }

    #[test]
    fn walks_to_the_last_page() {
        run(async {
            let c = client();
            let t = c.transport();
            t.push_response(page_response(
                json!([identity("a"), identity("b")]),
                Some("t2"),
            ));
            t.push_response(page_response(
                json!([identity("c"), identity("d")]),
                Some("t3"),
            ));
            t.push_response(page_response(json!([identity("e")]), None));

            let mut pager = c.pages(ListIdentities::new().page_size(2));
            let mut ids = Vec::new();
            while let Some(page) = pager.next_page().await {
                ids.extend(page.unwrap().into_iter().map(|i| i.id));
            }
            assert_eq!(ids, ["a", "b", "c", "d", "e"]);
            assert!(pager.is_finished() && !pager.stopped_on_repeat());
            assert_eq!(pager.pages_fetched(), 3);
            assert!(pager.next_page().await.is_none());
            assert_eq!(tokens(&c), [None, Some("t2".into()), Some("t3".into())]);
            for r in t.requests() {
                assert!(r.query_pairs().contains(&("page_size".into(), "2".into())));
            }
        });
    }

    #[test]
    fn stops_on_a_repeated_token() {
        run(async {
            let c = client();
            let t = c.transport();
            t.push_response(page_response(json!([identity("a")]), Some("t2")));
            t.push_response(page_response(json!([identity("b")]), Some("t3")));
            t.push_response(page_response(json!([identity("c")]), Some("t2")));
            t.push_response(page_response(json!([identity("never")]), None));

            let mut pager = c.pages(ListIdentities::new());
            let mut n = 0;
            while let Some(page) = pager.next_page().await {
                page.unwrap();
                n += 1;
            }
            assert_eq!(n, 3);
            assert!(pager.stopped_on_repeat());
            assert_eq!(t.remaining(), 1, "the repeated page was not fetched");
        });
    }

    #[test]
    fn never_refetches_the_starting_page() {
        run(async {
            let c = client();
            let t = c.transport();
            t.push_response(page_response(json!([identity("a")]), Some("start")));
            t.push_response(page_response(json!([identity("never")]), None));
            let mut pager = c.pages(ListIdentities::new().page_token("start"));
            pager.next_page().await.unwrap().unwrap();
            assert!(pager.next_page().await.is_none());
            assert!(pager.stopped_on_repeat());
            assert_eq!(tokens(&c), [Some("start".to_owned())]);
        });
    }

    #[test]
    fn stops_after_an_error_and_can_resume() {
        run(async {
            let c = client();
            let t = c.transport();
            t.push_response(page_response(json!([identity("a")]), Some("t2")));
            t.push_ory_error(503, "unavailable", "try later");

            let mut pager = c.pages(ListIdentities::new());
            pager.next_page().await.unwrap().unwrap();
            let err = pager.next_page().await.unwrap().unwrap_err();
            assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
            assert!(pager.next_page().await.is_none());
            assert!(pager.is_finished());

            let resume = pager.pending().cloned().expect("the failed operation");
            t.push_response(page_response(json!([identity("b")]), None));
            let rest = c.collect_all(resume, 100).await.unwrap();
            assert_eq!(rest[0].id, "b");
            assert_eq!(
                tokens(&c),
                [None, Some("t2".into()), Some("t2".into())],
                "resumed at the failed page"
            );
        });
    }

    #[test]
    fn collect_is_capped() {
        run(async {
            let c = client();
            let t = c.transport();
            t.push_response(page_response(
                json!([identity("a"), identity("b")]),
                Some("t2"),
            ));
            t.push_response(page_response(
                json!([identity("c"), identity("d")]),
                Some("t3"),
            ));
            t.push_response(page_response(json!([identity("e")]), None));

            let mut pager = c.pages(ListIdentities::new());
            let items = pager.collect_items(3).await.unwrap();
            assert_eq!(
                items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
                ["a", "b", "c"]
            );
            assert!(!pager.is_finished());
            assert_eq!(t.remaining(), 1, "no page fetched beyond the cap");

            let all = c.collect_all(ListIdentities::new(), 0).await.unwrap();
            assert!(all.is_empty());
            assert_eq!(t.remaining(), 1, "a cap of 0 fetches nothing");
        });
    }

    #[test]
    #[allow(deprecated)]
    fn follows_offset_pages() {
        run(async {
            let c = client();
            let t = c.transport();
            let offset = |items: serde_json::Value, next: Option<u32>| {
                let mut b = ResponseBuilder::new(200)
                    .header("x-total-count", "3")
                    .header(
                        "link",
                        "</admin/identities/a/sessions?page=0&per_page=2>; rel=\"first\"",
                    );
                if let Some(n) = next {
                    b = b.header(
                        "link",
                        &format!(
                            "</admin/identities/a/sessions?page={n}&per_page=2>; rel=\"next\""
                        ),
                    );
                }
                b.json(&items).build()
            };
            t.push_response(offset(json!([session("s1"), session("s2")]), Some(1)));
            t.push_response(offset(json!([session("s3")]), None));

            let mut pager = c.pages(ListIdentitySessions::new("a").page(0).per_page(2));
            let first: Page<_> = pager.next_page().await.unwrap().unwrap();
            assert_eq!(first.total_count, Some(3));
            assert_eq!(first.next_page, Some(1));
            let second = pager.next_page().await.unwrap().unwrap();
            assert_eq!(second.items[0].id, "s3");
            assert!(pager.next_page().await.is_none());
            let pages: Vec<_> = t
                .requests()
                .iter()
                .map(|r| r.uri().query().unwrap_or("").to_owned())
                .collect();
            assert_eq!(pages, ["page=0&per_page=2", "page=1&per_page=2"]);
        });
    }

    #[test]
    fn list_sessions_has_no_offset_mode() {
        run(async {
            let c = client();
            // A server offering only a `page` link to listSessions: nothing to follow.
            c.transport().push_response(
                ResponseBuilder::new(200)
                    .header("link", "</admin/sessions?page=2>; rel=\"next\"")
                    .json(&json!([session("s1")]))
                    .build(),
            );
            let mut pager = c.pages(ListSessions::new());
            assert_eq!(pager.next_page().await.unwrap().unwrap().next_page, Some(2));
            assert!(pager.next_page().await.is_none());
            assert_eq!(c.transport().requests().len(), 1);
        });
    }
}

mod manage_sessions_until_done {
    use super::*;

    fn body() -> ManageSessionsBody {
        ManageSessionsBody::all_sessions(ManageSessionsAction::Delete)
    }

    #[test]
    fn repeats_while_more() {
        run(async {
            let c = client();
            let t = c.transport();
            t.push_json(200, &json!({"processed": 500, "more": true}));
            t.push_json(200, &json!({"processed": 500, "more": true}));
            t.push_json(200, &json!({"processed": 7, "more": false}));
            let s = c.manage_sessions_until_done(body(), 10).await.unwrap();
            assert_eq!((s.processed, s.rounds, s.more), (1007, 3, false));
            for r in t.requests() {
                r.assert_json_body(&json!({"action": "delete", "identities": ["*"]}));
            }
        });
    }

    #[test]
    fn bounded_by_max_rounds() {
        run(async {
            let c = client();
            let t = c.transport();
            for _ in 0..5 {
                t.push_json(200, &json!({"processed": 100, "more": true}));
            }
            let s = c.manage_sessions_until_done(body(), 2).await.unwrap();
            assert_eq!((s.processed, s.rounds, s.more), (200, 2, true));
            assert_eq!(t.remaining(), 3);
            let s = c.manage_sessions_until_done(body(), 0).await.unwrap();
            assert_eq!((s.processed, s.rounds), (100, 1), "0 rounds counts as 1");
        });
    }

    #[test]
    fn an_error_stops_the_rounds() {
        run(async {
            let c = client();
            let t = c.transport();
            t.push_json(200, &json!({"processed": 100, "more": true}));
            t.push_ory_error(401, "unauthorized", "bad key");
            t.push_json(200, &json!({"processed": 100, "more": false}));
            let err = c.manage_sessions_until_done(body(), 10).await.unwrap_err();
            assert!(err.is_unauthorized());
            assert_eq!(t.remaining(), 1);
        });
    }
}

/// Every future the client returns is `Send`, so it works in `tokio::spawn` and axum handlers.
#[test]
fn futures_are_send() {
    fn send<F: Future + Send>(_: F) {}
    let c = client();
    send(c.list_identities(ListIdentities::new()));
    send(c.get_identity("a"));
    send(c.get_identity_by_external_id("a"));
    send(c.create_identity(CreateIdentityBody::new("d", &json!({}))));
    send(c.update_identity(UpdateIdentity::new(
        "a",
        UpdateIdentityBody::new("d", IdentityState::Active, &json!({})),
    )));
    send(c.patch_identity(PatchIdentity::new("a")));
    send(c.batch_patch_identities(PatchIdentitiesBody::default()));
    send(c.delete_identity("a"));
    send(c.delete_identity_credentials(DeleteIdentityCredentials::new("a", "password")));
    send(c.delete_identity_sessions("a"));
    send(c.list_identity_sessions("a"));
    send(c.create_recovery_code_for_identity(CreateRecoveryCodeForIdentityBody::new("a")));
    send(c.create_recovery_link_for_identity(CreateRecoveryLinkForIdentityBody::new("a")));
    send(c.list_sessions(ListSessions::new()));
    send(c.manage_sessions(ManageSessionsBody::all_sessions(
        ManageSessionsAction::Delete,
    )));
    send(c.manage_sessions_until_done(
        ManageSessionsBody::all_sessions(ManageSessionsAction::Delete),
        1,
    ));
    send(c.disable_session("s"));
    send(c.get_session("s"));
    send(c.extend_session("s"));
    send(c.create_test_login_flow("google"));
    send(c.list_identity_schemas(ListIdentitySchemas::new()));
    send(c.get_identity_schema("s"));
    send(c.collect_all(ListSessions::new(), 10));
    let mut pager = c.pages(ListIdentities::new());
    send(pager.next_page());
    send(pager.collect_items(10));
}
