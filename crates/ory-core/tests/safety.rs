//! Hostile input at ory-core's edges, every case sent through a `Client` over the recording
//! `MockTransport`, so that what the server would receive is what is asserted:
//!
//! - **path traversal**: ids such as `../identities`, `%2e%2e`, `a/../../b` stay inside their
//!   path segment (the exact path sent is compared), for every path parameter of every
//!   operation; `""`, `.` and `..` are refused with the matching `BuildError` and nothing is
//!   sent;
//! - **header injection**: CR, LF and NUL in the API key, user agent, default headers,
//!   per-call headers and the request id are refused with an error that says why, before
//!   anything is sent;
//! - **secrets**: the API key appears in no `Debug` or `Display` output of any type that can
//!   hold it, nor in any error a client configured with it produces, even when the server
//!   echoes it back (in Ory's error body, a gateway's page, a redirect, a body that does not
//!   decode, response headers): the error keeps that response with `[REDACTED]` in its place.
//!
//! The tables name every operation (checked against the operation table of
//! `src/identity/mod.rs`, so a new operation fails [`tables_cover_every_operation`] until it
//! is added). ory-hyper's `HyperTransport` is not covered here (ory-core does not depend on
//! it); the root package's tests check its `Debug` and errors for the key.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use http::Method;
use ory_core::error::BuildError;
use ory_core::identity::*;
use ory_core::models::{
    CreateIdentityBody, CreateRecoveryCodeForIdentityBody, CreateRecoveryLinkForIdentityBody,
    CredentialType, IdentityPatch, IdentityState, ManageSessionsAction, ManageSessionsBody,
    PatchIdentitiesBody, UpdateIdentityBody,
};
use ory_core::operation::OperationExt;
use ory_core::retry::RetryPolicy;
use ory_core::testing::{MockTransport, ResponseBuilder};
use ory_core::{
    Client, Config, ConfigError, Error, ErrorKind, Operation, TransportError, TransportErrorKind,
};
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(f)
}

/// Any operation, its output dropped, so that one table can hold them all.
struct Dyn(Box<dyn Operation<Output = ()> + Send + Sync>);

struct Unit<O>(O);

impl<O: Operation> Operation for Unit<O> {
    type Output = ();

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.0.build_request(config)
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        self.0.parse_response(response).map(drop)
    }
}

impl Operation for Dyn {
    type Output = ();

    fn build_request(&self, config: &Config) -> Result<http::Request<Bytes>, Error> {
        self.0.build_request(config)
    }

    fn parse_response(&self, response: http::Response<Bytes>) -> Result<(), Error> {
        self.0.parse_response(response)
    }
}

fn erase<O: Operation + Send + Sync + 'static>(op: O) -> Dyn {
    Dyn(Box::new(Unit(op)))
}

fn client(base: &str) -> Client<MockTransport> {
    Client::new(Config::new(base).unwrap(), MockTransport::new())
}

fn traits() -> serde_json::Value {
    json!({"email": "a@example.com"})
}

/// The operation table of `src/identity/mod.rs`: (name, method, path template).
fn documented_operations() -> Vec<(String, String, String)> {
    include_str!("../src/identity/mod.rs")
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("//! | [`")?;
            let (name, rest) = rest.split_once("`]")?;
            let request = rest.split('`').nth(1)?;
            let (method, path) = request.split_once(' ')?;
            Some((name.to_owned(), method.to_owned(), path.to_owned()))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The tables
// ---------------------------------------------------------------------------------------------

/// Every operation, with parameters that build: (name, method, operation).
fn all_operations() -> Vec<(&'static str, Method, Dyn)> {
    let batch: PatchIdentitiesBody = [IdentityPatch::create(CreateIdentityBody::new(
        "default",
        &traits(),
    ))]
    .into_iter()
    .collect();
    vec![
        ("ListIdentities", Method::GET, erase(ListIdentities::new())),
        (
            "BatchPatchIdentities",
            Method::PATCH,
            erase(BatchPatchIdentities::new(batch)),
        ),
        (
            "CreateIdentity",
            Method::POST,
            erase(CreateIdentity::new(CreateIdentityBody::new(
                "default",
                &traits(),
            ))),
        ),
        (
            "GetIdentityByExternalId",
            Method::GET,
            erase(GetIdentityByExternalId::new("ext-1")),
        ),
        (
            "DeleteIdentity",
            Method::DELETE,
            erase(DeleteIdentity::new("i-1")),
        ),
        ("GetIdentity", Method::GET, erase(GetIdentity::new("i-1"))),
        (
            "PatchIdentity",
            Method::PATCH,
            erase(PatchIdentity::new("i-1")),
        ),
        (
            "UpdateIdentity",
            Method::PUT,
            erase(UpdateIdentity::new(
                "i-1",
                UpdateIdentityBody::new("default", IdentityState::Active, &traits()),
            )),
        ),
        (
            "DeleteIdentityCredentials",
            Method::DELETE,
            erase(DeleteIdentityCredentials::new(
                "i-1",
                CredentialType::Password,
            )),
        ),
        (
            "DeleteIdentitySessions",
            Method::DELETE,
            erase(DeleteIdentitySessions::new("i-1")),
        ),
        (
            "ListIdentitySessions",
            Method::GET,
            erase(ListIdentitySessions::new("i-1")),
        ),
        (
            "CreateRecoveryCodeForIdentity",
            Method::POST,
            erase(CreateRecoveryCodeForIdentity::new(
                CreateRecoveryCodeForIdentityBody::new("i-1"),
            )),
        ),
        (
            "CreateRecoveryLinkForIdentity",
            Method::POST,
            erase(CreateRecoveryLinkForIdentity::new(
                CreateRecoveryLinkForIdentityBody::new("i-1"),
            )),
        ),
        ("ListSessions", Method::GET, erase(ListSessions::new())),
        (
            "ManageSessions",
            Method::POST,
            erase(ManageSessions::new(ManageSessionsBody::all_sessions(
                ManageSessionsAction::Disable,
            ))),
        ),
        (
            "DisableSession",
            Method::DELETE,
            erase(DisableSession::new("s-1")),
        ),
        ("GetSession", Method::GET, erase(GetSession::new("s-1"))),
        (
            "ExtendSession",
            Method::PATCH,
            erase(ExtendSession::new("s-1")),
        ),
        (
            "CreateTestLoginFlow",
            Method::POST,
            erase(CreateTestLoginFlow::new("google")),
        ),
        (
            "ListIdentitySchemas",
            Method::GET,
            erase(ListIdentitySchemas::new()),
        ),
        (
            "GetIdentitySchema",
            Method::GET,
            erase(GetIdentitySchema::new("preset://email")),
        ),
    ]
}

/// One path parameter of one operation.
struct PathParam {
    op: &'static str,
    /// As in the path template and in `BuildError`s.
    param: &'static str,
    method: Method,
    /// The path sent, `{}` standing for the encoded parameter; other parameters have the
    /// values `make` gives them.
    template: &'static str,
    /// The query sent (`None`: no `?`).
    query: Option<&'static str>,
    make: fn(&str) -> Dyn,
}

/// Every path parameter of every operation: one row each.
fn path_params() -> Vec<PathParam> {
    fn row(
        op: &'static str,
        param: &'static str,
        method: Method,
        template: &'static str,
        query: Option<&'static str>,
        make: fn(&str) -> Dyn,
    ) -> PathParam {
        PathParam {
            op,
            param,
            method,
            template,
            query,
            make,
        }
    }
    vec![
        row(
            "GetIdentityByExternalId",
            "externalID",
            Method::GET,
            "/admin/identities/by/external/{}",
            None,
            |v| erase(GetIdentityByExternalId::new(v)),
        ),
        row(
            "DeleteIdentity",
            "id",
            Method::DELETE,
            "/admin/identities/{}",
            None,
            |v| erase(DeleteIdentity::new(v)),
        ),
        row(
            "GetIdentity",
            "id",
            Method::GET,
            "/admin/identities/{}",
            None,
            |v| erase(GetIdentity::new(v)),
        ),
        row(
            "PatchIdentity",
            "id",
            Method::PATCH,
            "/admin/identities/{}",
            None,
            |v| erase(PatchIdentity::new(v)),
        ),
        row(
            "UpdateIdentity",
            "id",
            Method::PUT,
            "/admin/identities/{}",
            None,
            |v| {
                let body = UpdateIdentityBody::new("default", IdentityState::Active, &traits());
                erase(UpdateIdentity::new(v, body))
            },
        ),
        row(
            "DeleteIdentityCredentials",
            "id",
            Method::DELETE,
            "/admin/identities/{}/credentials/password",
            None,
            |v| erase(DeleteIdentityCredentials::new(v, CredentialType::Password)),
        ),
        row(
            "DeleteIdentityCredentials",
            "type",
            Method::DELETE,
            "/admin/identities/i-1/credentials/{}",
            Some("identifier=google%3A1"),
            |v| erase(DeleteIdentityCredentials::new("i-1", v).identifier("google:1")),
        ),
        row(
            "DeleteIdentitySessions",
            "id",
            Method::DELETE,
            "/admin/identities/{}/sessions",
            None,
            |v| erase(DeleteIdentitySessions::new(v)),
        ),
        row(
            "ListIdentitySessions",
            "id",
            Method::GET,
            "/admin/identities/{}/sessions",
            None,
            |v| erase(ListIdentitySessions::new(v)),
        ),
        row(
            "DisableSession",
            "id",
            Method::DELETE,
            "/admin/sessions/{}",
            None,
            |v| erase(DisableSession::new(v)),
        ),
        row(
            "GetSession",
            "id",
            Method::GET,
            "/admin/sessions/{}",
            None,
            |v| erase(GetSession::new(v)),
        ),
        row(
            "ExtendSession",
            "id",
            Method::PATCH,
            "/admin/sessions/{}/extend",
            None,
            |v| erase(ExtendSession::new(v)),
        ),
        row(
            "GetIdentitySchema",
            "id",
            Method::GET,
            "/schemas/{}",
            None,
            |v| erase(GetIdentitySchema::new(v)),
        ),
    ]
}

#[test]
fn tables_cover_every_operation() {
    let documented = documented_operations();
    assert_eq!(documented.len(), 21, "{documented:#?}");

    // all_operations: the same 21, with the documented methods, each building its request.
    let ops = all_operations();
    assert_eq!(ops.len(), documented.len());
    let config = Config::new("http://127.0.0.1:4434").unwrap();
    for ((name, method, op), (doc_name, doc_method, doc_path)) in ops.iter().zip(&documented) {
        assert_eq!(name, doc_name);
        assert_eq!(method.as_str(), doc_method, "{name}");
        let request = op.build_request(&config).unwrap();
        assert_eq!(request.method(), method, "{name}");
        if !doc_path.contains('{') {
            assert_eq!(request.uri().path(), doc_path, "{name}");
        }
    }

    // path_params: one row per `{param}` of every documented path, and no other row.
    let rows = path_params();
    let mut expected_rows = 0;
    for (name, method, path) in &documented {
        let segments: Vec<&str> = path.split('/').collect();
        for (i, segment) in segments.iter().enumerate() {
            let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                continue;
            };
            expected_rows += 1;
            let row = rows
                .iter()
                .find(|r| r.op == name && r.param == param)
                .unwrap_or_else(|| panic!("no path_params row for {name} {{{param}}}"));
            assert_eq!(row.method.as_str(), method, "{name}");
            let template: Vec<&str> = row.template.split('/').collect();
            assert_eq!(template.len(), segments.len(), "{name} {param}");
            for (j, (t, s)) in template.iter().zip(&segments).enumerate() {
                if j == i {
                    assert_eq!(*t, "{}", "{name} {param}");
                } else if s.starts_with('{') {
                    assert!(!t.is_empty() && *t != "{}", "{name} {param}");
                } else {
                    assert_eq!(t, s, "{name} {param}");
                }
            }
        }
    }
    assert_eq!(rows.len(), expected_rows);
    assert_eq!(expected_rows, 13);
}

#[test]
fn fuzz_target_names_every_operation() {
    // The fuzz project is not built by `cargo test`; this keeps its operation list complete.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/fuzz_targets/response_parsers.rs"
    );
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let list = source
        .split("const OPERATIONS: [&str; 21] = [")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("the OPERATIONS list");
    let names: Vec<&str> = list
        .split(',')
        .map(|n| n.trim().trim_matches('"'))
        .filter(|n| !n.is_empty())
        .collect();
    let documented: Vec<String> = documented_operations().into_iter().map(|d| d.0).collect();
    assert_eq!(names, documented);
}

// ---------------------------------------------------------------------------------------------
// Path traversal
// ---------------------------------------------------------------------------------------------

/// Hostile ids and the segment each must become, written out by hand.
const HOSTILE_IDS: &[(&str, &str)] = &[
    ("../identities", "..%2Fidentities"),
    ("%2e%2e", "%252e%252e"),
    ("%2E%2E%2F", "%252E%252E%252F"),
    ("a/../../b", "a%2F..%2F..%2Fb"),
    ("a b/c?d+e", "a%20b%2Fc%3Fd%2Be"),
    ("é", "%C3%A9"),
    ("...", "..."),
    (".%2e", ".%252e"),
    ("/", "%2F"),
    ("//evil.example/x", "%2F%2Fevil.example%2Fx"),
    ("@evil.example", "%40evil.example"),
    ("x#frag", "x%23frag"),
    (
        "x?admin=true&page_token=1",
        "x%3Fadmin%3Dtrue%26page_token%3D1",
    ),
    ("..\\..\\etc", "..%5C..%5Cetc"),
    ("%00", "%2500"),
    ("\0", "%00"),
    ("a\r\nHost: evil", "a%0D%0AHost%3A%20evil"),
    ("; rm -rf", "%3B%20rm%20-rf"),
];

#[test]
fn hostile_ids_stay_in_their_segment() {
    for base in ["http://127.0.0.1:4434", "https://gw.example.com/ory/"] {
        let prefix = if base.ends_with("/ory/") { "/ory" } else { "" };
        for row in path_params() {
            for (id, encoded) in HOSTILE_IDS {
                let client = client(base);
                client.transport().push_status(204);
                let result = block_on(client.execute(&(row.make)(id)));
                if let Err(err) = &result {
                    assert!(
                        !matches!(err.kind(), ErrorKind::Build(_)),
                        "{} {{{}}} refused {id:?}: {err}",
                        row.op,
                        row.param
                    );
                }
                let requests = client.transport().requests();
                assert_eq!(requests.len(), 1, "{} {id:?}", row.op);
                let request = &requests[0];
                let want_path = format!("{prefix}{}", row.template.replace("{}", encoded));
                assert_eq!(request.method(), row.method, "{} {id:?}", row.op);
                assert_eq!(
                    request.uri().path(),
                    want_path,
                    "{} {{{}}} {id:?}",
                    row.op,
                    row.param
                );
                assert_eq!(request.uri().query(), row.query, "{} {id:?}", row.op);
                // Nothing escaped into the authority either.
                let want_uri = match row.query {
                    Some(q) => format!("{}{want_path}?{q}", base.trim_end_matches("/ory/")),
                    None => format!("{}{want_path}", base.trim_end_matches("/ory/")),
                };
                assert_eq!(request.uri().to_string(), want_uri, "{} {id:?}", row.op);
            }
        }
    }
}

#[test]
fn dot_segments_and_empty_ids_are_refused_before_sending() {
    for row in path_params() {
        for value in ["", ".", ".."] {
            let client = client("http://127.0.0.1:4434");
            client.transport().push_status(204);
            let err = block_on(client.execute(&(row.make)(value))).unwrap_err();
            let want = match value {
                "" => BuildError::EmptyPathParameter { name: row.param },
                _ => BuildError::DotSegment {
                    name: row.param,
                    value: value.to_owned(),
                },
            };
            match err.kind() {
                ErrorKind::Build(b) => assert_eq!(b, &want, "{} {value:?}", row.op),
                other => panic!("{} {value:?}: {other:?}", row.op),
            }
            let shown = err.to_string();
            assert!(
                shown.contains(&format!("`{}`", row.param)),
                "{} {value:?}: {shown}",
                row.op
            );
            assert!(
                client.transport().requests().is_empty(),
                "{} {value:?} was sent",
                row.op
            );
            assert_eq!(client.transport().remaining(), 1);
        }
    }
}

#[test]
fn the_client_methods_refuse_dot_segments_too() {
    let client = client("http://127.0.0.1:4434");
    let results = block_on(async {
        vec![
            client.get_identity("..").await.map(drop),
            client.delete_identity(".").await.map(drop),
            client.disable_session("").await.map(drop),
            client.get_session("..").await.map(drop),
            client.extend_session(".").await.map(drop),
            client.list_identity_sessions("..").await.map(drop),
            client.delete_identity_sessions("").await.map(drop),
            client.get_identity_schema("..").await.map(drop),
            client.get_identity_by_external_id(".").await.map(drop),
        ]
    });
    for result in results {
        let err = result.unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Build(_)), "{err:?}");
    }
    assert!(client.transport().requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Header injection
// ---------------------------------------------------------------------------------------------

/// Values that would end a header and start another (or truncate it at a NUL), and what the
/// error must say.
const INJECTIONS: &[(&str, &str)] = &[
    ("a\rb", "CR or LF"),
    ("a\nb", "CR or LF"),
    ("a\r\nX-Evil: 1", "CR or LF"),
    ("\r\n\r\nGET /admin/identities HTTP/1.1", "CR or LF"),
    ("trailing\n", "CR or LF"),
    ("folded\r\n\tcontinued", "CR or LF"),
    ("a\0b", "NUL"),
    ("\0", "NUL"),
];

#[test]
fn config_refuses_injection_in_key_user_agent_and_default_headers() {
    let base = "https://p.projects.oryapis.com";
    for (bad, says) in INJECTIONS {
        let key = format!("ory_apikey_{bad}");
        let err = Config::builder(base).api_key(&key).build().unwrap_err();
        assert!(
            matches!(err, ConfigError::InvalidApiKey { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(err.to_string().contains(says), "{bad:?}: {err}");
        assert!(!err.to_string().contains(&key) && !format!("{err:?}").contains("ory_apikey_"));

        let err = Config::builder(base).user_agent(*bad).build().unwrap_err();
        assert!(
            matches!(err, ConfigError::InvalidUserAgent { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(err.to_string().contains(says), "{bad:?}: {err}");

        let err = Config::builder(base)
            .header("X-Tenant", *bad)
            .build()
            .unwrap_err();
        match &err {
            ConfigError::InvalidHeader { name, .. } => assert_eq!(name, "X-Tenant"),
            other => panic!("{bad:?}: {other:?}"),
        }
        assert!(err.to_string().contains(says), "{bad:?}: {err}");

        // In a header name.
        let err = Config::builder(base)
            .header(format!("X-Tenant{bad}"), "v")
            .build()
            .unwrap_err();
        assert!(
            matches!(err, ConfigError::InvalidHeader { .. }),
            "{bad:?}: {err:?}"
        );

        // From the environment: the variable is named, the value is not shown.
        let env = |name: &str| match name {
            "ORY_SDK_URL" => Some(base.into()),
            "ORY_PROJECT_API_KEY" => Some(key.clone().into()),
            _ => None,
        };
        let err = Config::from_lookup(env).unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::InvalidEnv {
                    var: "ORY_PROJECT_API_KEY",
                    ..
                }
            ),
            "{bad:?}: {err:?}"
        );
        assert!(err.to_string().contains(says), "{bad:?}: {err}");
    }
}

#[test]
fn per_call_headers_and_request_ids_refuse_injection_before_sending() {
    for (name, _, _) in all_operations() {
        for (bad, says) in INJECTIONS {
            let find = |ops: Vec<(&'static str, Method, Dyn)>| {
                ops.into_iter().find(|(n, _, _)| *n == name).unwrap().2
            };
            let cases: Vec<(&str, ory_core::operation::WithHeaders<Dyn>)> = vec![
                (
                    "x-tenant",
                    find(all_operations()).with_header("X-Tenant", bad),
                ),
                ("x-request-id", find(all_operations()).with_request_id(bad)),
                (
                    "x-tenant",
                    find(all_operations())
                        .with_request_id("trace-1")
                        .header("X-Tenant", bad),
                ),
            ];
            for (header, op) in cases {
                for retry in [false, true] {
                    let mut client = client("http://127.0.0.1:4434");
                    if retry {
                        client = client.with_retry(RetryPolicy::default(), |_: Duration| {
                            std::future::ready(())
                        });
                    }
                    client.transport().push_status(204);
                    let err = block_on(client.execute(&op)).unwrap_err();
                    match err.kind() {
                        ErrorKind::Build(BuildError::InvalidHeader { name: n, .. }) => {
                            assert!(n.eq_ignore_ascii_case(header), "{name}: {n}")
                        }
                        other => panic!("{name} {bad:?}: {other:?}"),
                    }
                    let shown = err.to_string();
                    assert!(
                        shown.contains(says) && shown.to_ascii_lowercase().contains(header),
                        "{name} {bad:?}: {shown}"
                    );
                    assert!(
                        client.transport().requests().is_empty(),
                        "{name} {bad:?} was sent"
                    );
                }
            }
            // A bad header name.
            let client = client("http://127.0.0.1:4434");
            let op = find(all_operations()).with_header(&format!("X-A{bad}"), "v");
            let err = block_on(client.execute(&op)).unwrap_err();
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::Build(BuildError::InvalidHeader { .. })
                ),
                "{name} {bad:?}: {err:?}"
            );
            assert!(client.transport().requests().is_empty());
        }
    }
}

#[test]
fn clean_per_call_headers_are_sent() {
    // The other side of the injection tests: the same calls with clean values reach the
    // transport, with exactly the values given.
    for (name, method, op) in all_operations() {
        let client = client("http://127.0.0.1:4434");
        client.transport().push_status(204);
        let op = op
            .with_request_id("trace-1")
            .header("X-Tenant", "blue\tgreen");
        let _ = block_on(client.execute(&op));
        let requests = client.transport().requests();
        assert_eq!(requests.len(), 1, "{name}");
        assert_eq!(requests[0].method(), method);
        assert_eq!(requests[0].headers()["x-request-id"], "trace-1", "{name}");
        assert_eq!(requests[0].headers()["x-tenant"], "blue\tgreen", "{name}");
        assert_eq!(
            requests[0].headers().get_all("x-request-id").iter().count(),
            1
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------------

const KEY: &str = "ory_apikey_Sup3rS3cr3tCanary0042";
/// A part of the key that no output may contain either (a truncated key is still a leak).
const KEY_PART: &str = "Sup3rS3cr3tCanary";

fn assert_no_key(outputs: &[(String, String)]) {
    assert!(outputs.len() > 20, "too few outputs checked");
    for (what, text) in outputs {
        assert!(
            !text.contains(KEY_PART),
            "the API key is shown by {what}: {text}"
        );
    }
}

/// Formats `value` with `{:?}` and `{:#?}` under `what`.
fn debug<T: std::fmt::Debug>(out: &mut Vec<(String, String)>, what: &str, value: &T) {
    out.push((format!("{what} {{:?}}"), format!("{value:?}")));
    out.push((format!("{what} {{:#?}}"), format!("{value:#?}")));
}

/// Formats `value` with `{}` and `{:?}`.
fn both<T: std::fmt::Debug + std::fmt::Display>(
    out: &mut Vec<(String, String)>,
    what: &str,
    value: &T,
) {
    out.push((format!("{what} {{}}"), value.to_string()));
    debug(out, what, value);
}

/// The calls the secrets test makes, one per kind of outcome.
const SCENARIOS: &[&str] = &[
    "build",
    "build (header)",
    "build (request id)",
    "ok (per-call key header)",
    "transport",
    "transport (nothing queued)",
    "api",
    "unexpected",
    "redirect",
    "decode",
    "decode (page)",
    "ok (page)",
    "api (echo)",
    "unexpected (echo)",
    "redirect (echo)",
    "decode (echo)",
];

/// What a gateway or debugging proxy that echoes the request would write.
fn echo() -> String {
    format!("GET /admin/identities/i-1\nAuthorization: Bearer {KEY}\nX-Api-Key: {KEY}\n")
}

/// Runs one scenario of the secrets test; queues what the server answers (enough for every
/// retry).
async fn scenario(
    client: &Client<MockTransport>,
    what: &str,
    out: &mut Vec<(String, String)>,
) -> Result<(), Error> {
    let t = client.transport();
    let queue = |response: http::Response<Bytes>| {
        for _ in 0..3 {
            t.push_response(clone_response(&response));
        }
    };
    match what {
        "build" => client.execute(&erase(DisableSession::new(""))).await,
        "build (header)" => {
            let op = DisableSession::new("s").with_header("X-Api-Key", &format!("{KEY}\r\n"));
            client.execute(&op).await
        }
        "build (request id)" => {
            let op = DisableSession::new("s").with_request_id(&format!("{KEY}\n"));
            client.execute(&op).await
        }
        "ok (per-call key header)" => {
            t.push_status(204);
            let op = DisableSession::new("s").with_header("X-Api-Key", KEY);
            client.execute(&op).await
        }
        "transport" => {
            for _ in 0..3 {
                t.push_error(
                    TransportError::new(TransportErrorKind::Timeout).with_message("timed out"),
                );
            }
            client.get_identity("i-1").await.map(drop)
        }
        "transport (nothing queued)" => client.get_identity("i-1").await.map(drop),
        "api" => {
            queue(
                ResponseBuilder::ory_error(
                    401,
                    "unauthorized",
                    "The request could not be authorized",
                )
                .build(),
            );
            client.get_identity("i-1").await.map(drop)
        }
        "unexpected" => {
            queue(
                ResponseBuilder::new(502)
                    .header("content-type", "text/html")
                    .body("<html>Bad Gateway</html>")
                    .build(),
            );
            client.get_identity("i-1").await.map(drop)
        }
        "redirect" => {
            queue(
                ResponseBuilder::new(307)
                    .header("location", "https://elsewhere.example/admin/identities/i-1")
                    .build(),
            );
            client.get_identity("i-1").await.map(drop)
        }
        "decode" => {
            t.push_json(200, &json!({"id": 5}));
            client.get_identity("i-1").await.map(drop)
        }
        "decode (page)" => {
            t.push_json(200, &json!([{"id": "s", "active": "yes"}]));
            client.list_sessions(ListSessions::new()).await.map(drop)
        }
        "ok (page)" => {
            t.push_response(
                ResponseBuilder::new(200)
                    .header("link", "</admin/identities?page_token=t2>; rel=\"next\"")
                    .json(&json!([]))
                    .build(),
            );
            let mut pager = client.pages(ListIdentities::new());
            let page = pager.next_page().await.unwrap().map(drop);
            debug(out, "Pager", &pager);
            page
        }
        // The server echoes the key back: in Ory's error body, a gateway page, a redirect,
        // a body that does not decode. The error keeps all of it but the key.
        "api (echo)" => {
            queue(
                ResponseBuilder::ory_error(401, "unauthorized", &echo())
                    .header("x-echo", &format!("Bearer {KEY}"))
                    .header("x-request-id", &format!("req-{KEY}"))
                    .build(),
            );
            client.get_identity("i-1").await.map(drop)
        }
        "unexpected (echo)" => {
            queue(
                ResponseBuilder::new(502)
                    .header("content-type", "text/html")
                    .body(format!("<html><pre>{}</pre></html>", echo()))
                    .build(),
            );
            client.get_identity("i-1").await.map(drop)
        }
        "redirect (echo)" => {
            queue(
                ResponseBuilder::new(307)
                    .header(
                        "location",
                        &format!("https://elsewhere.example/login?api_key={KEY}"),
                    )
                    .build(),
            );
            client.get_identity("i-1").await.map(drop)
        }
        "decode (echo)" => {
            t.push_json(200, &json!(echo()));
            client.get_identity("i-1").await.map(drop)
        }
        other => panic!("unknown scenario {other}"),
    }
}

fn clone_response(response: &http::Response<Bytes>) -> http::Response<Bytes> {
    let mut clone = http::Response::new(response.body().clone());
    *clone.status_mut() = response.status();
    *clone.headers_mut() = response.headers().clone();
    clone
}

fn keyed_config() -> Config {
    Config::builder("https://p.projects.oryapis.com")
        .api_key(KEY)
        .header("X-Api-Key", KEY)
        .header("X-Tenant", "blue")
        .build()
        .unwrap()
}

#[test]
fn the_api_key_is_never_shown() {
    let mut out = Vec::new();

    // Configuration.
    let builder = Config::builder("https://p.projects.oryapis.com")
        .api_key(KEY)
        .header("X-Api-Key", KEY);
    debug(&mut out, "ConfigBuilder", &builder);
    let config = builder.build().unwrap();
    debug(&mut out, "Config", &config);
    debug(&mut out, "Config::authorization", &config.authorization());
    debug(
        &mut out,
        "Config::default_headers",
        config.default_headers(),
    );
    let env = |name: &str| match name {
        "ORY_SDK_URL" => Some("https://p.projects.oryapis.com".into()),
        "ORY_PROJECT_API_KEY" => Some(KEY.into()),
        _ => None,
    };
    debug(
        &mut out,
        "Config::from_lookup",
        &Config::from_lookup(env).unwrap(),
    );
    // A key refused for a stray character is not echoed in the error.
    for bad in [
        format!("{KEY}\r\n"),
        format!("{KEY} x"),
        format!("{KEY}\0"),
        format!("{KEY}é"),
    ] {
        let err = Config::builder("https://x.example")
            .api_key(bad)
            .build()
            .unwrap_err();
        both(&mut out, "ConfigError (api key)", &err);
        let env = |name: &str| match name {
            "ORY_SDK_URL" => Some("https://p.projects.oryapis.com".into()),
            "ORY_API_KEY" => Some(format!("{KEY}\n").into()),
            _ => None,
        };
        both(
            &mut out,
            "ConfigError (env)",
            &Config::from_lookup(env).unwrap_err(),
        );
    }
    // A key put where it does not belong: in the URL.
    for url in [
        format!("https://user:{KEY}@p.projects.oryapis.com"),
        format!("https://{KEY}@p.projects.oryapis.com/"),
        format!("https://p.projects.oryapis.com/?api_key={KEY}"),
        format!("https://p.projects.oryapis.com/#{KEY}"),
    ] {
        let builder = Config::builder(url.as_str()).api_key(KEY);
        debug(&mut out, "ConfigBuilder (key in URL)", &builder);
        let err = builder.build().unwrap_err();
        assert!(
            matches!(err, ConfigError::InvalidBaseUrl { .. }),
            "{url}: {err:?}"
        );
        both(&mut out, "ConfigError (key in URL)", &err);
        let env = |name: &str| match name {
            "ORY_SDK_URL" => Some(url.clone().into()),
            _ => None,
        };
        both(
            &mut out,
            "ConfigError (key in env URL)",
            &Config::from_lookup(env).unwrap_err(),
        );
    }

    // Clients, their transport and what it recorded: one fresh client per scenario, without
    // and with retries.
    let policy = RetryPolicy::default().with_max_attempts(2);
    debug(&mut out, "RetryPolicy", &policy);
    for retry in [false, true] {
        let mut kinds = Vec::new();
        for what in SCENARIOS {
            let mut client = Client::new(keyed_config(), MockTransport::new());
            if retry {
                client = client.with_retry(policy.clone(), |_: Duration| std::future::ready(()));
            }
            let label = format!(
                "{} ({what})",
                if retry { "retrying client" } else { "client" }
            );
            debug(&mut out, &format!("{label} before"), &client);
            let result = block_on(scenario(&client, what, &mut out));
            match &result {
                Ok(()) => kinds.push("ok"),
                Err(err) => {
                    both(&mut out, &format!("{label} Error"), err);
                    // What the error kept of the response, read through its accessors.
                    if let Some(body) = err.body() {
                        out.push((
                            format!("{label} Error::body"),
                            String::from_utf8_lossy(body).into_owned(),
                        ));
                    }
                    for (name, value) in err.headers().into_iter().flatten() {
                        out.push((
                            format!("{label} Error::headers {name}"),
                            String::from_utf8_lossy(value.as_bytes()).into_owned(),
                        ));
                    }
                    debug(
                        &mut out,
                        &format!("{label} Error::ory_error"),
                        &err.ory_error(),
                    );
                    debug(
                        &mut out,
                        &format!("{label} Error::request_id"),
                        &err.request_id(),
                    );
                    if what.ends_with("(echo)") {
                        let shown = format!("{err:?} {:?}", err.body());
                        assert!(
                            shown.contains(ory_core::error::REDACTED),
                            "{label}: {shown}"
                        );
                    }
                    if let Some(source) = std::error::Error::source(err) {
                        out.push((format!("{label} Error source"), source.to_string()));
                    }
                    kinds.push(match err.kind() {
                        ErrorKind::Build(_) => "build",
                        ErrorKind::Transport(_) => "transport",
                        ErrorKind::Api(_) => "api",
                        ErrorKind::UnexpectedResponse(_) => "unexpected",
                        ErrorKind::Decode(_) => "decode",
                        _ => "other",
                    });
                }
            }
            debug(&mut out, &format!("{label} after"), &client);
            debug(
                &mut out,
                &format!("{label} retry_policy"),
                &client.retry_policy(),
            );
            // In the echo scenarios the queue holds the server's answers, key included: test
            // input, not something the client shows.
            if !what.ends_with("(echo)") {
                debug(
                    &mut out,
                    &format!("{label} MockTransport"),
                    client.transport(),
                );
            }
            let requests = client.transport().requests();
            if kinds.last() == Some(&"build") {
                assert!(requests.is_empty(), "{label}");
            } else {
                assert!(!requests.is_empty(), "{label}");
            }
            for request in &requests {
                // The key was sent, and marked sensitive (HTTP/2 never indexes it).
                let auth = &request.headers()[http::header::AUTHORIZATION];
                assert_eq!(auth, &format!("Bearer {KEY}"));
                assert!(auth.is_sensitive());
                assert_eq!(request.headers()["x-api-key"], KEY);
                assert!(request.headers()["x-api-key"].is_sensitive());
                debug(&mut out, &format!("{label} recorded request"), request);
                debug(
                    &mut out,
                    &format!("{label} recorded headers"),
                    request.headers(),
                );
            }
        }
        // Every kind of error was produced, so every kind was checked.
        for kind in ["build", "transport", "api", "unexpected", "decode", "ok"] {
            assert!(
                kinds.contains(&kind),
                "retry {retry}: no {kind} in {kinds:?}"
            );
        }
    }

    // An operation carrying the key in a per-call header.
    let op = DisableSession::new("s").with_header("X-Api-Key", KEY);
    debug(&mut out, "WithHeaders", &op);
    let op = DisableSession::new("s").with_header("Authorization", &format!("Bearer {KEY}"));
    debug(&mut out, "WithHeaders (refused Authorization)", &op);
    let err = op.build_request(&keyed_config()).unwrap_err();
    both(&mut out, "Error (refused Authorization)", &err);

    // Requests built directly.
    let request = GetIdentity::new("i-1")
        .build_request(&keyed_config())
        .unwrap();
    debug(&mut out, "built request", &request);

    assert_no_key(&out);
}
