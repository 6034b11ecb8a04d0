//! Negative controls: requests that are wrong on purpose. Each must be reported as
//! non-conforming by the same check the cases go through, which shows the check can fail.

use bytes::Bytes;
use http::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use http::Method;
use ory_core::identity::DisableSession;
use ory_core::{Config, Operation};

use super::cases::Specs;

/// Who is expected to catch the mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Catcher {
    /// Prism: a `sl-violations` header or a 4xx status.
    Prism,
    /// The harness's spec check (Prism lets these through).
    Harness,
    /// Nobody answers: the client-side time limit ends the request (Prism hangs on a body
    /// that is not JSON).
    Timeout,
}

/// A deliberately wrong request.
pub struct Control {
    /// What is wrong with it.
    pub name: &'static str,
    /// The specs it runs against.
    pub specs: Specs,
    /// The status a conforming request to the same operation gets.
    pub expected: u16,
    /// Who must catch it.
    pub caught_by: Catcher,
    /// Builds the request from the harness's configuration (Prism's URL and a bearer key).
    pub build: fn(&Config) -> http::Request<Bytes>,
}

fn disable_session(config: &Config) -> http::Request<Bytes> {
    DisableSession::new("9f425a8d-7b8c-4f5f-a0e5-4d1c3b6a2e11")
        .build_request(config)
        .expect("a valid DisableSession request")
}

fn hand_made(
    config: &Config,
    method: Method,
    path: &str,
    body: Option<&'static str>,
) -> http::Request<Bytes> {
    let mut builder = config.request_builder(method, path);
    if body.is_some() {
        builder = builder.header(CONTENT_TYPE, "application/json");
    }
    builder
        .body(body.map_or_else(Bytes::new, |b| Bytes::from_static(b.as_bytes())))
        .expect("a valid hand-made request")
}

/// Every control.
pub fn controls() -> Vec<Control> {
    vec![
        Control {
            name: "no API key (no Authorization header)",
            specs: Specs::Both,
            expected: 204,
            caught_by: Catcher::Prism,
            build: |config| {
                let keyless = Config::new(config.base_url()).expect("the harness's base URL");
                disable_session(&keyless)
            },
        },
        Control {
            name: "scheme `bearer` instead of `Bearer`",
            // Kratos declares the key as an apiKey header: Prism accepts any value there.
            specs: Specs::NetworkOnly,
            expected: 204,
            caught_by: Catcher::Prism,
            build: |config| {
                let mut request = disable_session(config);
                request.headers_mut().insert(
                    AUTHORIZATION,
                    HeaderValue::from_static("bearer ory_apikey_contract"),
                );
                request
            },
        },
        Control {
            name: "JSON body on an operation that takes none",
            specs: Specs::Both,
            expected: 204,
            caught_by: Catcher::Prism,
            build: |config| {
                let (mut parts, _) = disable_session(config).into_parts();
                parts
                    .headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                http::Request::from_parts(parts, Bytes::from_static(br#"{"active":false}"#))
            },
        },
        Control {
            name: "query parameter of the wrong type (page_size=abc)",
            specs: Specs::Both,
            expected: 200,
            caught_by: Catcher::Prism,
            build: |config| hand_made(config, Method::GET, "/admin/identities?page_size=abc", None),
        },
        Control {
            name: "query parameter below its minimum (page_size=0)",
            specs: Specs::Both,
            expected: 200,
            caught_by: Catcher::Prism,
            build: |config| hand_made(config, Method::GET, "/admin/identities?page_size=0", None),
        },
        Control {
            name: "required body field missing (createIdentity without schema_id)",
            specs: Specs::Both,
            expected: 201,
            caught_by: Catcher::Prism,
            build: |config| {
                hand_made(
                    config,
                    Method::POST,
                    "/admin/identities",
                    Some(r#"{"traits":{}}"#),
                )
            },
        },
        Control {
            name: "path that is not in the spec (/admin/session/{id})",
            specs: Specs::Both,
            expected: 204,
            caught_by: Catcher::Prism,
            build: |config| hand_made(config, Method::DELETE, "/admin/session/abc", None),
        },
        Control {
            name: "undeclared query parameter (Prism ignores it)",
            specs: Specs::Both,
            expected: 204,
            caught_by: Catcher::Harness,
            build: |config| {
                hand_made(
                    config,
                    Method::DELETE,
                    "/admin/sessions/abc?session_id=abc",
                    None,
                )
            },
        },
        Control {
            name: "undeclared body field (Prism ignores it, Kratos answers 400)",
            specs: Specs::Both,
            expected: 201,
            caught_by: Catcher::Harness,
            build: |config| {
                hand_made(
                    config,
                    Method::POST,
                    "/admin/identities",
                    Some(r#"{"schema_id":"default","traits":{},"schemaId":"default"}"#),
                )
            },
        },
        Control {
            name: "nested body field of the wrong type (use_auto_link: \"yes\")",
            specs: Specs::Both,
            expected: 201,
            caught_by: Catcher::Prism,
            build: |config| {
                hand_made(
                    config,
                    Method::POST,
                    "/admin/identities",
                    Some(
                        r#"{"schema_id":"default","traits":{},"credentials":{"oidc":{"config":{"providers":[{"provider":"google","subject":"1","use_auto_link":"yes"}]}}}}"#,
                    ),
                )
            },
        },
        Control {
            name: "undeclared nested body field (Prism ignores it, Kratos answers 400)",
            specs: Specs::Both,
            expected: 201,
            caught_by: Catcher::Harness,
            build: |config| {
                hand_made(
                    config,
                    Method::POST,
                    "/admin/identities",
                    Some(
                        r#"{"schema_id":"default","traits":{},"credentials":{"password":{"config":{"pasword":"x"}}}}"#,
                    ),
                )
            },
        },
        Control {
            name: "undeclared field inside a batch patch item",
            specs: Specs::Both,
            expected: 200,
            caught_by: Catcher::Harness,
            build: |config| {
                hand_made(
                    config,
                    Method::PATCH,
                    "/admin/identities",
                    Some(
                        r#"{"identities":[{"create":{"schema_id":"default","traits":{},"schemaId":"default"}}]}"#,
                    ),
                )
            },
        },
        Control {
            name: "an Ory Network field sent to Kratos (region)",
            specs: Specs::KratosOnly,
            expected: 201,
            caught_by: Catcher::Harness,
            build: |config| {
                hand_made(
                    config,
                    Method::POST,
                    "/admin/identities",
                    Some(r#"{"schema_id":"default","traits":{},"region":"eu-central"}"#),
                )
            },
        },
        Control {
            name: "body that is not JSON (Prism never answers)",
            specs: Specs::Both,
            expected: 201,
            caught_by: Catcher::Timeout,
            build: |config| {
                hand_made(
                    config,
                    Method::POST,
                    "/admin/identities",
                    Some(r#"{"schema_id":"#),
                )
            },
        },
    ]
}
