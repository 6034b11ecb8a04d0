//! Property tests: bad input never panics, and what is accepted is what was meant.
//!
//! - every operation's response parser (all 21) and the generic parsers, given any status
//!   (100-999), headers (`Link`, `Retry-After`, `X-RateLimit-*` made likely) and body, return
//!   `Ok` or an error of the right kind, errors keep the status and body, and a parsed page
//!   carries the cursor of its `Link` header;
//! - every path parameter of every operation stays one segment and decodes back to the input
//!   (`""`, `.` and `..` are refused with the matching `BuildError`);
//! - the `Link` parser never panics and finds the `rel="next"` link among several, whatever
//!   the order of links and parameters, the quoting, spacing and URL form;
//! - `Config` refuses control and non-ASCII characters in the key, user agent and header
//!   values, accepts everything else, and never shows the key;
//! - the retry decision never waits longer than the policy allows and never retries what is
//!   unsafe to repeat.
//!
//! New operations join the lists in [`response_parsers`] and [`path_builders`]: one line each.
//! [`lists_cover_every_operation`] fails until they do (it reads the operation table of
//! `src/identity/mod.rs`).

use std::fmt::Debug;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use ory_core::error::{BuildError, ErrorKind};
use ory_core::identity::*;
use ory_core::meta::{self, RateLimit, ResponseMeta};
use ory_core::models::{
    BatchPatchIdentitiesResponse, CreateIdentityBody, CreateRecoveryCodeForIdentityBody,
    CreateRecoveryLinkForIdentityBody, CredentialType, Identity, IdentityPatch, IdentityState,
    LoginFlow, ManageSessionsAction, ManageSessionsBody, ManageSessionsResponse,
    PatchIdentitiesBody, RawJson, RecoveryCodeForIdentity, RecoveryLinkForIdentity, Session,
    UpdateIdentityBody,
};
use ory_core::operation;
use ory_core::pagination::{self, NextPage, Page};
use ory_core::retry::{self, Attempt, Decision, Jitter, Outcome, RetryPolicy, Stop};
use ory_core::transport::TransportErrorKind;
use ory_core::{Config, ConfigError, Error, Operation, OryErrorBody};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// The lists. Add new operations here.
// ---------------------------------------------------------------------------------------------

/// A response parser under test: `Ok(())` when it parsed, or the error.
type Parser = fn(http::Response<Bytes>) -> Result<(), Error>;

fn parser(name: &'static str, parse: Parser) -> (&'static str, Parser) {
    (name, parse)
}

/// What a successful parse must agree with, beyond being formattable.
trait Checked: Debug {
    fn check(&self, _headers: &HeaderMap) {}
}

impl Checked for () {}
impl Checked for Identity {}
impl Checked for Session {}
impl Checked for Option<Session> {}
impl Checked for BatchPatchIdentitiesResponse {}
impl Checked for RecoveryCodeForIdentity {}
impl Checked for RecoveryLinkForIdentity {}
impl Checked for ManageSessionsResponse {}
impl Checked for LoginFlow {}
impl Checked for RawJson {}

impl<T: Debug> Checked for Page<T> {
    fn check(&self, headers: &HeaderMap) {
        assert_eq!(self.next_cursor(), pagination::next_page_cursor(headers));
        assert_eq!(self.total_count, pagination::total_count(headers));
    }
}

/// Runs `op`'s parser and checks what it returned.
fn run<O: Operation>(op: O, response: http::Response<Bytes>) -> Result<(), Error>
where
    O::Output: Checked,
{
    let headers = response.headers().clone();
    op.parse_response(response).map(|output| {
        output.check(&headers);
        let _ = format!("{output:?}");
    })
}

fn traits() -> Value {
    json!({"email": "a@example.com"})
}

/// Every operation's response parser (in the order of the table in `src/identity/mod.rs`),
/// then the generic parsers they are built on.
fn response_parsers() -> Vec<(&'static str, Parser)> {
    vec![
        parser("ListIdentities", |r| run(ListIdentities::new(), r)),
        parser("BatchPatchIdentities", |r| {
            let body: PatchIdentitiesBody = [IdentityPatch::create(CreateIdentityBody::new(
                "default",
                &traits(),
            ))]
            .into_iter()
            .collect();
            run(BatchPatchIdentities::new(body), r)
        }),
        parser("CreateIdentity", |r| {
            run(
                CreateIdentity::new(CreateIdentityBody::new("default", &traits())),
                r,
            )
        }),
        parser("GetIdentityByExternalId", |r| {
            run(GetIdentityByExternalId::new("x"), r)
        }),
        parser("DeleteIdentity", |r| run(DeleteIdentity::new("x"), r)),
        parser("GetIdentity", |r| run(GetIdentity::new("x"), r)),
        parser("PatchIdentity", |r| run(PatchIdentity::new("x"), r)),
        parser("UpdateIdentity", |r| {
            let body = UpdateIdentityBody::new("default", IdentityState::Active, &traits());
            run(UpdateIdentity::new("x", body), r)
        }),
        parser("DeleteIdentityCredentials", |r| {
            run(
                DeleteIdentityCredentials::new("x", CredentialType::Password),
                r,
            )
        }),
        parser("DeleteIdentitySessions", |r| {
            run(DeleteIdentitySessions::new("x"), r)
        }),
        parser("ListIdentitySessions", |r| {
            run(ListIdentitySessions::new("x"), r)
        }),
        parser("CreateRecoveryCodeForIdentity", |r| {
            let body = CreateRecoveryCodeForIdentityBody::new("x");
            run(CreateRecoveryCodeForIdentity::new(body), r)
        }),
        parser("CreateRecoveryLinkForIdentity", |r| {
            let body = CreateRecoveryLinkForIdentityBody::new("x");
            run(CreateRecoveryLinkForIdentity::new(body), r)
        }),
        parser("ListSessions", |r| run(ListSessions::new(), r)),
        parser("ManageSessions", |r| {
            let body = ManageSessionsBody::all_sessions(ManageSessionsAction::Disable);
            run(ManageSessions::new(body), r)
        }),
        parser("DisableSession", |r| run(DisableSession::new("x"), r)),
        parser("GetSession", |r| run(GetSession::new("x"), r)),
        parser("ExtendSession", |r| run(ExtendSession::new("x"), r)),
        parser("CreateTestLoginFlow", |r| {
            run(CreateTestLoginFlow::new("google"), r)
        }),
        parser("ListIdentitySchemas", |r| {
            run(ListIdentitySchemas::new(), r)
        }),
        parser("GetIdentitySchema", |r| run(GetIdentitySchema::new("x"), r)),
        // The generic parsers.
        parser("operation::parse_empty", operation::parse_empty),
        parser("operation::parse_json::<Value>", |r| {
            operation::parse_json::<Value>(r).map(drop)
        }),
        parser("Page::<Value>::from_response", |r| {
            let headers = r.headers().clone();
            Page::<Value>::from_response(r).map(|page| page.check(&headers))
        }),
    ]
}

/// Builds a request with the string under test as one path parameter.
type PathBuilder = fn(&Config, &str) -> Result<http::Request<Bytes>, Error>;

/// One path parameter of one operation.
struct PathParam {
    op: &'static str,
    /// The parameter's name, as in the path template and in `BuildError`s.
    param: &'static str,
    /// The expected path, `{}` standing for the parameter under test (other parameters get
    /// the fixed values the builder gives them).
    template: &'static str,
    /// The expected query (`None`: no `?`).
    query: Option<&'static str>,
    build: PathBuilder,
}

fn path_param(
    op: &'static str,
    param: &'static str,
    template: &'static str,
    query: Option<&'static str>,
    build: PathBuilder,
) -> PathParam {
    PathParam {
        op,
        param,
        template,
        query,
        build,
    }
}

/// Every path parameter of every operation.
fn path_builders() -> Vec<PathParam> {
    vec![
        path_param(
            "GetIdentityByExternalId",
            "externalID",
            "/admin/identities/by/external/{}",
            None,
            |c, v| GetIdentityByExternalId::new(v).build_request(c),
        ),
        path_param(
            "DeleteIdentity",
            "id",
            "/admin/identities/{}",
            None,
            |c, v| DeleteIdentity::new(v).build_request(c),
        ),
        path_param("GetIdentity", "id", "/admin/identities/{}", None, |c, v| {
            GetIdentity::new(v).build_request(c)
        }),
        path_param(
            "PatchIdentity",
            "id",
            "/admin/identities/{}",
            None,
            |c, v| PatchIdentity::new(v).build_request(c),
        ),
        path_param(
            "UpdateIdentity",
            "id",
            "/admin/identities/{}",
            None,
            |c, v| {
                let body = UpdateIdentityBody::new("default", IdentityState::Active, &traits());
                UpdateIdentity::new(v, body).build_request(c)
            },
        ),
        path_param(
            "DeleteIdentityCredentials",
            "id",
            "/admin/identities/{}/credentials/password",
            None,
            |c, v| DeleteIdentityCredentials::new(v, CredentialType::Password).build_request(c),
        ),
        path_param(
            "DeleteIdentityCredentials",
            "type",
            "/admin/identities/i-1/credentials/{}",
            Some("identifier=google%3A1"),
            |c, v| {
                DeleteIdentityCredentials::new("i-1", v)
                    .identifier("google:1")
                    .build_request(c)
            },
        ),
        path_param(
            "DeleteIdentitySessions",
            "id",
            "/admin/identities/{}/sessions",
            None,
            |c, v| DeleteIdentitySessions::new(v).build_request(c),
        ),
        path_param(
            "ListIdentitySessions",
            "id",
            "/admin/identities/{}/sessions",
            None,
            |c, v| ListIdentitySessions::new(v).build_request(c),
        ),
        path_param(
            "DisableSession",
            "id",
            "/admin/sessions/{}",
            None,
            |c, v| DisableSession::new(v).build_request(c),
        ),
        path_param("GetSession", "id", "/admin/sessions/{}", None, |c, v| {
            GetSession::new(v).build_request(c)
        }),
        path_param(
            "ExtendSession",
            "id",
            "/admin/sessions/{}/extend",
            None,
            |c, v| ExtendSession::new(v).build_request(c),
        ),
        path_param("GetIdentitySchema", "id", "/schemas/{}", None, |c, v| {
            GetIdentitySchema::new(v).build_request(c)
        }),
    ]
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

#[test]
fn lists_cover_every_operation() {
    let documented = documented_operations();
    assert_eq!(documented.len(), 21, "{documented:?}");
    let parsers: Vec<&str> = response_parsers().iter().map(|(name, _)| *name).collect();
    let params = path_builders();
    for (name, _, path) in &documented {
        assert!(parsers.contains(&name.as_str()), "no parser for {name}");
        let segments: Vec<&str> = path.split('/').collect();
        for (i, segment) in segments.iter().enumerate() {
            let Some(param) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) else {
                continue;
            };
            let row = params
                .iter()
                .find(|p| p.op == name && p.param == param)
                .unwrap_or_else(|| panic!("no path_builders row for {name} {{{param}}}"));
            // The row's template is the documented one with this parameter as `{}`.
            let want: Vec<&str> = row.template.split('/').collect();
            assert_eq!(want.len(), segments.len(), "{name} {param}");
            assert_eq!(want[i], "{}", "{name} {param}");
            for (j, (w, s)) in want.iter().zip(&segments).enumerate() {
                if j != i && !s.starts_with('{') {
                    assert_eq!(w, s, "{name} {param}");
                }
            }
        }
    }
    // No row for a parameter that does not exist.
    for row in &params {
        let (_, _, path) = documented
            .iter()
            .find(|(name, _, _)| name == row.op)
            .unwrap_or_else(|| panic!("{} is not documented", row.op));
        assert!(
            path.contains(&format!("{{{}}}", row.param)),
            "{} {}",
            row.op,
            row.param
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

const HEADER_NAMES: &[&str] = &[
    "content-type",
    "retry-after",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-request-id",
    "location",
    "link",
    "x-total-count",
    "content-length",
];

fn header_name() -> impl Strategy<Value = HeaderName> {
    prop_oneof![
        3 => proptest::sample::select(HEADER_NAMES).prop_map(HeaderName::from_static),
        1 => "[a-z0-9!#$%&'*+.^_`|~-]{1,16}".prop_filter_map("valid name", |n| {
            HeaderName::from_bytes(n.as_bytes()).ok()
        }),
    ]
}

fn header_value() -> impl Strategy<Value = HeaderValue> {
    // Shapes the parsers look for, and near misses.
    let shaped = prop_oneof![
        "[0-9]{0,25}",
        "-?[0-9]{0,4}(\\.[0-9]{0,12})?(e[+-]?[0-9]{1,4})?",
        "(NaN|inf|-inf|\\+5| 3 |-0|0x10|1_000|18446744073709551616)",
        "(Mon|Sun|Fri), [0-9]{2} (Jan|Nov|Feb) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        "[0-9]{1,3}(, [0-9]{1,3};w=[0-9]{1,3}){0,3}",
        "(application/json|text/html|application/json; charset=utf-8)",
    ]
    .prop_filter_map("valid value", |s| HeaderValue::from_str(&s).ok());
    // Anything a header value may hold, obs-text (0x80-0xff) included: the bytes HTTP forbids
    // are replaced.
    let raw = vec(any::<u8>(), 0..40).prop_filter_map("valid value", |mut bytes| {
        for b in &mut bytes {
            if (*b < 0x20 && *b != b'\t') || *b == 0x7f {
                *b = b'x';
            }
        }
        HeaderValue::from_bytes(&bytes).ok()
    });
    prop_oneof![3 => shaped, 1 => raw]
}

fn headers() -> impl Strategy<Value = HeaderMap> {
    let link = prop_oneof![
        2 => link_header().prop_map(|(values, _)| values),
        1 => vec(r#"[<>;,=" a-z?&%+/\t\\]{0,40}"#, 1..3),
    ];
    (
        vec((header_name(), header_value()), 0..6),
        proptest::option::of(link),
        proptest::option::of("[0-9]{1,20}|-1| 7 |x"),
    )
        .prop_map(|(pairs, link, total)| {
            let mut map = HeaderMap::new();
            for (name, value) in pairs {
                map.append(name, value);
            }
            for value in link.into_iter().flatten() {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    map.append(http::header::LINK, value);
                }
            }
            if let Some(value) = total.and_then(|t| HeaderValue::from_str(&t).ok()) {
                map.insert(pagination::X_TOTAL_COUNT, value);
            }
            map
        })
}

const ORY_KEYS: &[&str] = &[
    "error",
    "id",
    "code",
    "status",
    "reason",
    "request",
    "message",
    "details",
    "debug",
    "status_code",
    "error_description",
];

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(ORY_KEYS).prop_map(str::to_owned),
        "\\PC{0,8}",
    ]
}

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
        "\\PC{0,16}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(json_key(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Real response bodies (the fixtures), as a list too, to reach the typed decoders.
fn fixture() -> impl Strategy<Value = Value> {
    let fixtures: Vec<Value> = [
        include_str!("fixtures/identity.json"),
        include_str!("fixtures/session.json"),
        include_str!("fixtures/login_flow.json"),
        include_str!("fixtures/batch_patch_response.json"),
        include_str!("fixtures/identities_self_hosted.json"),
        include_str!("fixtures/identity_schemas.json"),
        r#"{"recovery_link":"https://x/r?flow=1","recovery_code":"7645","expires_at":"2024-01-01T00:00:00Z"}"#,
        r#"{"processed":500,"more":true}"#,
    ]
    .iter()
    .map(|text| serde_json::from_str(text).unwrap())
    .collect();
    proptest::sample::select(fixtures)
}

/// Replaces one value somewhere in `value` (the `pick`-th node, depth first) by `with`.
fn replace_node(value: &mut Value, pick: &mut usize, with: &Value) -> bool {
    if *pick == 0 {
        *value = with.clone();
        return true;
    }
    *pick -= 1;
    match value {
        Value::Array(items) => items.iter_mut().any(|v| replace_node(v, pick, with)),
        Value::Object(map) => map.values_mut().any(|v| replace_node(v, pick, with)),
        _ => false,
    }
}

/// Bodies: random bytes, any JSON, Ory-error-shaped JSON, JSON cut short, and real bodies
/// (alone or in a list) with one value replaced by any JSON.
fn body() -> impl Strategy<Value = Bytes> {
    let mutated = (fixture(), any::<bool>(), 0usize..400, json()).prop_map(
        |(mut value, as_list, mut pick, with)| {
            replace_node(&mut value, &mut pick, &with);
            if as_list && !value.is_array() {
                value = Value::Array(vec![value.clone(), value]);
            }
            Bytes::from(serde_json::to_vec(&value).unwrap())
        },
    );
    prop_oneof![
        2 => mutated,
        1 => fixture().prop_map(|v| Bytes::from(serde_json::to_vec(&v).unwrap())),
        1 => vec(any::<u8>(), 0..256).prop_map(Bytes::from),
        1 => json().prop_map(|v| Bytes::from(serde_json::to_vec(&v).unwrap())),
        1 => btree_map(json_key(), json(), 0..6).prop_map(|fields| {
            let inner: serde_json::Map<String, Value> = fields.into_iter().collect();
            Bytes::from(serde_json::to_vec(&serde_json::json!({ "error": inner })).unwrap())
        }),
        1 => (prop_oneof![json(), fixture()], any::<proptest::sample::Index>()).prop_map(|(v, cut)| {
            let text = serde_json::to_vec(&v).unwrap();
            let at = cut.index(text.len() + 1);
            Bytes::copy_from_slice(&text[..at])
        }),
    ]
}

fn status() -> impl Strategy<Value = StatusCode> {
    prop_oneof![
        (100u16..=999).prop_map(|s| StatusCode::from_u16(s).unwrap()),
        proptest::sample::select(vec![
            200u16, 201, 204, 400, 401, 404, 409, 429, 500, 502, 503
        ])
        .prop_map(|s| StatusCode::from_u16(s).unwrap()),
    ]
}

fn response(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> http::Response<Bytes> {
    let mut r = http::Response::new(body.clone());
    *r.status_mut() = status;
    *r.headers_mut() = headers.clone();
    r
}

/// Calls every query method of an error; none may panic.
fn exercise(err: &Error) {
    let _ = err.to_string();
    let _ = format!("{err:?}");
    let _ = (err.status(), err.headers(), err.body(), err.ory_error());
    let _ = (err.request_id(), err.attempts(), err.is_retryable());
    let _ = (err.retry_after(), err.rate_limit());
    if let ErrorKind::Api(api) = err.kind() {
        let _ = (api.message(), api.reason());
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsers_never_panic(status in status(), headers in headers(), body in body()) {
        let is_ory = OryErrorBody::parse(&body).is_some();
        for (name, parse) in response_parsers() {
            match parse(response(status, &headers, &body)) {
                Ok(()) => prop_assert!(status.is_success(), "{name} accepted {status}"),
                Err(err) => {
                    exercise(&err);
                    // An error from a response keeps its status and body.
                    prop_assert_eq!(err.status(), Some(status), "{}", name);
                    prop_assert_eq!(err.body(), Some(&body), "{}", name);
                    // A 2xx fails only to decode; anything else is Api exactly when the body
                    // is an Ory error.
                    match err.kind() {
                        ErrorKind::Decode(_) => prop_assert!(status.is_success(), "{name}: {err:?}"),
                        ErrorKind::Api(_) => prop_assert!(!status.is_success() && is_ory, "{name}: {err:?}"),
                        ErrorKind::UnexpectedResponse(_) => {
                            prop_assert!(!status.is_success() && !is_ory, "{name}: {err:?}")
                        }
                        other => prop_assert!(false, "{name}: a parser returned {other:?}"),
                    }
                }
            }
        }
        // Error::from_response, whatever the status: Api exactly for Ory-shaped bodies.
        let err = Error::from_response(response(status, &headers, &body));
        exercise(&err);
        prop_assert_eq!(matches!(err.kind(), ErrorKind::Api(_)), is_ory);
        prop_assert_eq!(matches!(err.kind(), ErrorKind::UnexpectedResponse(_)), !is_ory);
        // Operations without a body to decode succeed exactly on 2xx.
        for (name, parse) in response_parsers() {
            if ["DeleteIdentity", "DeleteIdentityCredentials", "DeleteIdentitySessions",
                "DisableSession", "operation::parse_empty"].contains(&name) {
                prop_assert_eq!(parse(response(status, &headers, &body)).is_ok(), status.is_success());
            }
        }
    }

    #[test]
    fn decode_json_of_any_body(status in status(), headers in headers(), body in body()) {
        let parsed = operation::decode_json::<Value>(status, headers.clone(), body.clone());
        prop_assert_eq!(parsed.is_ok(), serde_json::from_slice::<Value>(&body).is_ok());
        if let Err(err) = parsed {
            exercise(&err);
            prop_assert!(matches!(err.kind(), ErrorKind::Decode(_)));
            prop_assert_eq!(err.body(), Some(&body));
        }
        // A typed target fails at a named path, without panicking.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Typed { id: String, items: Vec<u32> }
        if let Err(err) = operation::decode_json::<Typed>(status, headers, body) {
            let ErrorKind::Decode(d) = err.kind() else { panic!("{err:?}") };
            prop_assert!(!d.path().is_empty());
            exercise(&err);
        }
    }

    #[test]
    fn ory_error_body_parse(body in body()) {
        if let Some(parsed) = OryErrorBody::parse(&body) {
            // What was parsed serializes, and its text fields survive a round trip.
            let text = serde_json::to_vec(&parsed).unwrap();
            let again: OryErrorBody = serde_json::from_slice(&text).unwrap();
            prop_assert_eq!(&again.id, &parsed.id);
            prop_assert_eq!(&again.message, &parsed.message);
            prop_assert_eq!(&again.reason, &parsed.reason);
            prop_assert_eq!(again.code, parsed.code);
        }
    }

    #[test]
    fn header_metadata_never_panics(headers in headers(), secs in 0u64..4_000_000_000) {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
        let _ = meta::retry_after(&headers, now);
        let _ = meta::request_id(&headers);
        let rl = RateLimit::from_headers(&headers);
        let meta = ResponseMeta::new(StatusCode::OK, headers.clone());
        prop_assert_eq!(meta.rate_limit(), rl.clone());
        let readable = [meta::X_RATELIMIT_LIMIT, meta::X_RATELIMIT_REMAINING, meta::X_RATELIMIT_RESET]
            .iter()
            .any(|n| headers.get(n).is_some_and(|v| v.to_str().is_ok()));
        prop_assert_eq!(rl.is_some(), readable);
    }

    #[test]
    fn path_parameters_stay_one_segment(value in path_value(), prefix in "(|/ory|/a/b)") {
        let base = format!("https://gw.example.com{prefix}");
        let config = Config::new(&base).unwrap();
        for row in path_builders() {
            let name = format!("{} {{{}}}", row.op, row.param);
            match (row.build)(&config, &value) {
                Ok(request) => {
                    prop_assert!(!matches!(value.as_str(), "" | "." | ".."), "{name} {value:?}");
                    prop_assert_eq!(request.uri().query(), row.query, "{}", name);
                    let path = request.uri().path();
                    let segments: Vec<&str> = path.split('/').collect();
                    let want = format!("{prefix}{}", row.template);
                    let want: Vec<&str> = want.split('/').collect();
                    prop_assert_eq!(segments.len(), want.len(), "{} {:?} -> {}", name, value, path);
                    for (got, want) in segments.iter().zip(&want) {
                        if *want == "{}" {
                            prop_assert!(got.bytes().all(|b| b.is_ascii_alphanumeric()
                                || b"-._~%".contains(&b)), "{got}");
                            let decoded = percent_encoding::percent_decode_str(got)
                                .decode_utf8()
                                .unwrap();
                            prop_assert_eq!(decoded.as_ref(), value.as_str(), "{}", name);
                        } else {
                            prop_assert_eq!(got, want, "{}", name);
                        }
                    }
                }
                Err(err) => {
                    let ErrorKind::Build(b) = err.kind() else { panic!("{name}: {err:?}") };
                    match value.as_str() {
                        "" => prop_assert_eq!(b, &BuildError::EmptyPathParameter { name: row.param }),
                        "." | ".." => prop_assert_eq!(
                            b,
                            &BuildError::DotSegment { name: row.param, value: value.clone() }
                        ),
                        _ => prop_assert!(false, "{name} refused {value:?}: {err}"),
                    }
                }
            }
        }
    }

    #[test]
    fn link_parser_is_total(text in prop_oneof![
        any::<String>(),
        r#"[<>;,="\\ a-zA-Z?&=%+*'\t\r\n\u{e9}\u{1F600}]{0,64}"#,
    ]) {
        let links = pagination::parse_link_header(&text);
        for link in &links {
            let _ = (link.has_rel("next"), link.rels().count(), link.params());
            let _ = (link.query_param("page_token"), link.query_param("page"));
            // What is shown parses back to the same link.
            let shown = link.to_string();
            prop_assert_eq!(pagination::parse_link_header(&shown), vec![link.clone()], "{}", shown);
        }
        if let Ok(value) = HeaderValue::from_bytes(text.as_bytes()) {
            let mut map = HeaderMap::new();
            map.append(http::header::LINK, value);
            prop_assert_eq!(pagination::parse_link_headers(&map), links);
            let _ = pagination::next_page_cursor(&map);
        }
    }

    #[test]
    fn link_parser_finds_the_next_link((values, want) in link_header()) {
        let (target, cursor) = want;
        let joined = values.join(", ");
        let links = pagination::parse_link_header(&joined);
        let next: Vec<_> = links.iter().filter(|l| l.has_rel("next")).collect();
        prop_assert_eq!(next.len(), 1, "{} -> {:?}", joined, links);
        prop_assert_eq!(next[0].target(), target.as_str());
        let mut map = HeaderMap::new();
        for value in &values {
            map.append(http::header::LINK, HeaderValue::from_str(value).unwrap());
        }
        prop_assert_eq!(pagination::next_page_cursor(&map), Some(cursor.clone()), "{:?}", values);
        // The same links in one header value.
        let mut one = HeaderMap::new();
        one.insert(http::header::LINK, HeaderValue::from_str(&joined).unwrap());
        prop_assert_eq!(pagination::next_page_cursor(&one), Some(cursor), "{}", joined);
    }

    #[test]
    fn config_refuses_or_accepts_and_never_shows_the_key(
        key in config_text(),
        user_agent in proptest::option::of(config_text()),
        value in config_text(),
    ) {
        let key = format!("ory_apikey_{key}");
        let mut builder = Config::builder("https://p.projects.oryapis.com")
            .api_key(key.clone())
            .header("x-tenant", value.clone());
        if let Some(ua) = &user_agent {
            builder = builder.user_agent(ua.clone());
        }
        let builder_debug = format!("{builder:?}");
        let result = builder.build();

        let key_ok = allowed(&key) && !key.contains([' ', '\t']);
        let ua_ok = user_agent.as_deref().is_none_or(|ua| allowed(ua) && !ua.trim().is_empty());
        let value_ok = allowed(&value);
        let key_elsewhere = user_agent.as_deref().is_some_and(|ua| ua.contains(&key)) || value.contains(&key);
        let escaped = format!("{key:?}");
        let escaped = &escaped[1..escaped.len() - 1];

        match &result {
            Ok(config) => {
                prop_assert!(key_ok && ua_ok && value_ok, "accepted {key:?} {user_agent:?} {value:?}");
                let request = config.request_builder(Method::GET, "/x").body(()).unwrap();
                prop_assert_eq!(&request.headers()["authorization"], &format!("Bearer {key}"));
                prop_assert!(request.headers()["authorization"].is_sensitive());
                prop_assert_eq!(&request.headers()["x-tenant"], value.as_str());
                if let Some(ua) = &user_agent {
                    prop_assert_eq!(&request.headers()["user-agent"], ua.as_str());
                }
                let debug = format!("{config:?}");
                if !key_elsewhere {
                    prop_assert!(!debug.contains(&key) && !debug.contains(escaped), "{debug}");
                }
            }
            Err(err) => {
                prop_assert!(!(key_ok && ua_ok && value_ok), "refused valid input: {err}");
                match err {
                    ConfigError::InvalidApiKey { .. } => prop_assert!(!key_ok),
                    ConfigError::InvalidUserAgent { .. } => prop_assert!(!ua_ok),
                    ConfigError::InvalidHeader { .. } => prop_assert!(!value_ok),
                    other => prop_assert!(false, "unexpected {other:?}"),
                }
                if !key_elsewhere {
                    let shown = format!("{err} {err:?}");
                    prop_assert!(!shown.contains(&key) && !shown.contains(escaped), "{shown}");
                }
            }
        }
        if !key_elsewhere {
            prop_assert!(!builder_debug.contains(&key) && !builder_debug.contains(escaped));
        }
    }

    #[test]
    fn any_header_name_is_refused_or_sent(name in "\\PC{0,12}|[A-Za-z0-9-]{1,12}", value in "[ -~]{0,12}") {
        match Config::builder("http://127.0.0.1:4434").header(name.clone(), value.clone()).build() {
            Ok(config) => {
                let request = config.request_builder(Method::GET, "/x").body(()).unwrap();
                let sent: Vec<&[u8]> = request
                    .headers()
                    .get_all(name.as_str())
                    .iter()
                    .map(|v| v.as_bytes())
                    .collect();
                prop_assert!(sent.contains(&value.as_bytes()), "{name:?}: {sent:?}");
            }
            Err(err) => prop_assert!(matches!(err, ConfigError::InvalidHeader { .. }), "{err:?}"),
        }
    }

    #[test]
    fn retry_decisions_stay_within_the_policy(
        max_attempts in 0u32..8,
        base_ms in 0u64..10_000,
        max_ms in 0u64..60_000,
        budget_ms in proptest::option::of(0u64..120_000),
        jitter_mode in proptest::sample::select(vec![Jitter::Equal, Jitter::Full, Jitter::Off]),
        method in proptest::sample::select(vec![
            Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::POST, Method::PATCH,
        ]),
        outcome in outcome(),
        number in 0u32..12,
        elapsed_ms in 0u64..200_000,
        jitter in prop_oneof![0.0..=1.0, any::<f64>()],
    ) {
        let mut policy = RetryPolicy::default()
            .with_max_attempts(max_attempts)
            .with_base_delay(Duration::from_millis(base_ms))
            .with_max_delay(Duration::from_millis(max_ms))
            .with_jitter(jitter_mode);
        policy = match budget_ms {
            Some(ms) => policy.with_budget(Duration::from_millis(ms)),
            None => policy.without_budget(),
        };
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        let elapsed = Duration::from_millis(elapsed_ms);
        let (kind, status, headers) = &outcome;
        let outcome = match kind {
            Some(kind) => Outcome::Transport(*kind),
            None => Outcome::Response { status: *status, headers },
        };
        let decision = policy.decide(&Attempt::new(&method, outcome, number, elapsed, now, jitter));
        let retryable = retry::is_retryable(&method, &outcome);
        let unsafe_to_repeat = !retry::is_idempotent(&method)
            && (matches!(kind, Some(TransportErrorKind::Timeout | TransportErrorKind::Io))
                || (kind.is_none() && (502..=504).contains(&status.as_u16())));
        if unsafe_to_repeat {
            prop_assert!(!retryable);
        }
        match decision {
            Decision::Retry { after } => {
                prop_assert!(retryable);
                prop_assert!(number < policy.max_attempts());
                prop_assert!(after <= policy.max_delay());
                if let Some(budget) = policy.budget() {
                    prop_assert!(elapsed < budget);
                    prop_assert!(after <= budget - elapsed);
                }
                if let Some(asked) = outcome.server_delay(now) {
                    prop_assert!(after >= asked, "waited {after:?}, server asked {asked:?}");
                }
            }
            Decision::Stop(Stop::Final) => prop_assert!(!retryable),
            Decision::Stop(Stop::AttemptsExhausted) => {
                prop_assert!(retryable && number >= policy.max_attempts());
            }
            Decision::Stop(Stop::ServerDelayTooLong { requested }) => {
                prop_assert!(requested > policy.max_delay());
            }
            Decision::Stop(_) => prop_assert!(policy.budget().is_some()),
        }
    }
}

fn outcome() -> impl Strategy<Value = (Option<TransportErrorKind>, StatusCode, HeaderMap)> {
    let kind = proptest::sample::select(vec![
        TransportErrorKind::Connect,
        TransportErrorKind::Timeout,
        TransportErrorKind::Io,
        TransportErrorKind::BodyTooLarge,
        TransportErrorKind::Protocol,
        TransportErrorKind::Other,
    ]);
    (proptest::option::of(kind), status(), headers())
}

/// A page token as Go's `url.Values.Encode` writes it (space as `+`).
fn form_encode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One link as text: `<target>` and its parameters in the given order, with `sp` as optional
/// whitespace.
fn render_link(target: &str, params: &[String], sp: &str) -> String {
    let mut out = format!("<{sp}{target}{sp}>");
    for param in params {
        out.push_str(&format!("{sp};{sp}{param}"));
    }
    out
}

/// A `rel` parameter: random case, quoted or (for one relation) not, spaced or not.
fn rel_param(rels: Vec<&'static str>) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(vec!["rel", "REL", "Rel"]),
        any::<bool>(),
        any::<bool>(),
        proptest::sample::select(vec!["=", " = ", "= "]),
    )
        .prop_map(move |(name, upper, quoted, eq)| {
            let mut value = rels.join(" ");
            if upper {
                value = value.to_ascii_uppercase();
            }
            if quoted || rels.len() > 1 {
                format!("{name}{eq}\"{value}\"")
            } else {
                format!("{name}{eq}{value}")
            }
        })
}

/// Parameters other than `rel`, some of them quoting what a naive parser would split on.
fn extra_params() -> impl Strategy<Value = Vec<String>> {
    let param = prop_oneof![
        Just("type=application/json".to_owned()),
        Just("hreflang=en".to_owned()),
        Just("title*=UTF-8''n%C3%A9xt".to_owned()),
        Just(r#"title="a, b; rel=next <x?page_token=WRONG>""#.to_owned()),
        Just(r#"title="say \"next\", then \\""#.to_owned()),
        Just("anchor=\"#top\"".to_owned()),
        "[a-z]{1,8}=[a-z0-9]{0,8}",
    ];
    vec(param, 0..3)
}

/// A link target: absolute or relative URL with the page parameter among others, in any order.
fn link_target(page_param: String) -> impl Strategy<Value = String> {
    let base = proptest::sample::select(vec![
        "https://p.projects.oryapis.com/admin/identities",
        "http://127.0.0.1:4434/admin/identities",
        "/admin/identities",
        "/admin/identities/a%2Fb/sessions",
        "admin/sessions",
        "",
    ]);
    let others = vec(
        prop_oneof![
            Just("page_size=250".to_owned()),
            Just("per_page=2".to_owned()),
            Just("active=true".to_owned()),
            Just("expand=identity".to_owned()),
            Just("a=1,2".to_owned()),
            Just("flag".to_owned()),
        ],
        0..3,
    );
    (base, others, any::<bool>()).prop_flat_map(move |(base, mut query, fragment)| {
        query.push(page_param.clone());
        Just(query).prop_shuffle().prop_map(move |query| {
            let fragment = if fragment { "#frag" } else { "" };
            format!("{base}?{}{fragment}", query.join("&"))
        })
    })
}

/// Several links (as one to three header values), exactly one of them `rel="next"`, in any
/// position; with the next link's target and the cursor it must give.
fn link_header() -> impl Strategy<Value = (Vec<String>, (String, NextPage))> {
    let cursor = prop_oneof![
        3 => "[A-Za-z0-9_~.+/=-]{1,40}".prop_map(NextPage::Token),
        1 => any::<String>().prop_filter("non-empty", |t| !t.is_empty()).prop_map(NextPage::Token),
        1 => (0i64..1_000_000).prop_map(NextPage::Page),
    ];
    let next_rels = prop_oneof![
        Just(vec!["next"]),
        Just(vec!["next", "last"]),
        Just(vec!["last", "next"]),
        Just(vec!["prev", "next", "edit"]),
    ];
    let sp = proptest::sample::select(vec!["", " ", "  ", "\t"]);
    let next = (cursor, next_rels, extra_params(), sp.clone(), any::<bool>()).prop_flat_map(
        |(cursor, rels, extras, sp, rel_first)| {
            let page_param = match &cursor {
                NextPage::Token(t) => format!("page_token={}", form_encode(t)),
                NextPage::Page(p) => format!("page={p}"),
            };
            (link_target(page_param), rel_param(rels)).prop_map(move |(target, rel)| {
                let mut params = extras.clone();
                if rel_first {
                    params.insert(0, rel);
                } else {
                    params.push(rel);
                }
                (render_link(&target, &params, sp), (target, cursor.clone()))
            })
        },
    );
    let other = (
        proptest::sample::select(vec!["first", "prev", "last", "self"]),
        "[A-Za-z0-9]{1,12}",
        extra_params(),
        sp,
    )
        .prop_flat_map(|(rel, token, extras, sp)| {
            (
                link_target(format!("page_token={token}")),
                rel_param(vec![rel]),
            )
                .prop_map(move |(target, rel)| {
                    let mut params = extras.clone();
                    params.push(rel);
                    render_link(&target, &params, sp)
                })
        });
    (
        next,
        vec(other, 0..4),
        any::<proptest::sample::Index>(),
        1usize..=3,
    )
        .prop_map(|((next, want), mut others, at, values)| {
            others.insert(at.index(others.len() + 1), next);
            // Spread the links over up to `values` header values.
            let per = others.len().div_ceil(values);
            let values = others.chunks(per).map(|c| c.join(" ,")).collect();
            (values, want)
        })
}

/// Path parameter values: anything, with the characters that could break a path made likely.
fn path_value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<String>(),
        4 => "[./%?#+ &=;:@a-zA-Z0-9é\\\\]{0,8}",
        1 => Just(String::new()),
        1 => Just(".".to_owned()),
        1 => Just("..".to_owned()),
    ]
}

/// Text for configuration values: anything, with control characters made likely.
fn config_text() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => "[ -~]{0,16}",
        2 => "[ -~\t\r\n\0\u{1}\u{7f}é]{0,16}",
        1 => any::<String>(),
    ]
}

/// Visible ASCII, space and tab only.
fn allowed(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (0x20..=0x7e).contains(&b))
}
