//! Any status, headers and body into one operation's response parser, the generic parsers and
//! the error type.
//!
//! Input format (so seeds can be written by hand): the first byte picks the operation
//! (`a` is the first of [`OPERATIONS`], `b` the second ... `u` the 21st; every byte picks one,
//! wrapping around). The rest is text: the first line is the status (digits; folded into
//! 100-999), each following line up to an empty line is `name: value`, then the body. Lines
//! that are not valid headers are skipped.
//!
//! Checks, beyond "no panic": a parser succeeds only on 2xx; an error keeps the status and the
//! raw body, is `Decode` on a 2xx and otherwise `Api` exactly when `OryErrorBody::parse`
//! accepts the body (`UnexpectedResponse` when not); a parsed page carries the next-page cursor
//! and total of its `Link` and `X-Total-Count` headers; every query method, `Display` and
//! `Debug` run; the retry decision on the response never waits longer than the policy allows.
#![no_main]

use std::fmt::Debug;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use libfuzzer_sys::fuzz_target;
use ory_core::error::ErrorKind;
use ory_core::identity::*;
use ory_core::meta::{self, RateLimit, ResponseMeta};
use ory_core::models::{
    BatchPatchIdentitiesResponse, CreateIdentityBody, CreateRecoveryCodeForIdentityBody,
    CreateRecoveryLinkForIdentityBody, CredentialType, Identity, IdentityPatch, IdentityState,
    LoginFlow, ManageSessionsAction, ManageSessionsBody, ManageSessionsResponse,
    PatchIdentitiesBody, RawJson, RecoveryCodeForIdentity, RecoveryLinkForIdentity, Session,
    UpdateIdentityBody,
};
use ory_core::pagination::{self, Page};
use ory_core::retry::{Attempt, Decision, Outcome, RetryPolicy};
use ory_core::{operation, Error, Operation, OryErrorBody};

/// Every operation, in the order of the table in `crates/ory-core/src/identity/mod.rs`.
/// New operations are appended here and in [`parse`] (and in
/// `crates/ory-core/tests/proptest.rs`; `tests/safety.rs` checks this list is complete).
const OPERATIONS: [&str; 21] = [
    "ListIdentities",
    "BatchPatchIdentities",
    "CreateIdentity",
    "GetIdentityByExternalId",
    "DeleteIdentity",
    "GetIdentity",
    "PatchIdentity",
    "UpdateIdentity",
    "DeleteIdentityCredentials",
    "DeleteIdentitySessions",
    "ListIdentitySessions",
    "CreateRecoveryCodeForIdentity",
    "CreateRecoveryLinkForIdentity",
    "ListSessions",
    "ManageSessions",
    "DisableSession",
    "GetSession",
    "ExtendSession",
    "CreateTestLoginFlow",
    "ListIdentitySchemas",
    "GetIdentitySchema",
];

/// Runs `OPERATIONS[index]`'s `parse_response`.
fn parse(index: usize, r: http::Response<Bytes>) -> Result<(), Error> {
    let traits = serde_json::json!({});
    match index {
        0 => run(ListIdentities::new(), r),
        1 => {
            let body: PatchIdentitiesBody = [IdentityPatch::create(CreateIdentityBody::new(
                "default", &traits,
            ))]
            .into_iter()
            .collect();
            run(BatchPatchIdentities::new(body), r)
        }
        2 => run(
            CreateIdentity::new(CreateIdentityBody::new("default", &traits)),
            r,
        ),
        3 => run(GetIdentityByExternalId::new("x"), r),
        4 => run(DeleteIdentity::new("x"), r),
        5 => run(GetIdentity::new("x"), r),
        6 => run(PatchIdentity::new("x"), r),
        7 => run(
            UpdateIdentity::new(
                "x",
                UpdateIdentityBody::new("default", IdentityState::Active, &traits),
            ),
            r,
        ),
        8 => run(
            DeleteIdentityCredentials::new("x", CredentialType::Password),
            r,
        ),
        9 => run(DeleteIdentitySessions::new("x"), r),
        10 => run(ListIdentitySessions::new("x"), r),
        11 => run(
            CreateRecoveryCodeForIdentity::new(CreateRecoveryCodeForIdentityBody::new("x")),
            r,
        ),
        12 => run(
            CreateRecoveryLinkForIdentity::new(CreateRecoveryLinkForIdentityBody::new("x")),
            r,
        ),
        13 => run(ListSessions::new(), r),
        14 => run(
            ManageSessions::new(ManageSessionsBody::all_sessions(
                ManageSessionsAction::Disable,
            )),
            r,
        ),
        15 => run(DisableSession::new("x"), r),
        16 => run(GetSession::new("x"), r),
        17 => run(ExtendSession::new("x"), r),
        18 => run(CreateTestLoginFlow::new("google"), r),
        19 => run(ListIdentitySchemas::new(), r),
        20 => run(GetIdentitySchema::new("x"), r),
        _ => unreachable!("index {index} is taken modulo {}", OPERATIONS.len()),
    }
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

type Parser = fn(http::Response<Bytes>) -> Result<(), Error>;

/// The generic parsers every operation is built on; they run on every input.
fn generic_parsers() -> [(&'static str, Parser); 3] {
    [
        ("operation::parse_empty", operation::parse_empty),
        ("operation::parse_json::<Value>", |r| {
            operation::parse_json::<serde_json::Value>(r).map(drop)
        }),
        ("Error::from_response", |r| Err(Error::from_response(r))),
    ]
}

fn split(data: &[u8]) -> (usize, StatusCode, HeaderMap, Bytes) {
    let (selector, data) = match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => (b'a', data),
    };
    let index = usize::from(selector.wrapping_sub(b'a')) % OPERATIONS.len();
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let mut lines = head.split(|b| *b == b'\n');
    let status = lines
        .next()
        .and_then(|l| std::str::from_utf8(l).ok())
        .and_then(|l| l.trim().parse::<u32>().ok())
        .map_or(200, |n| {
            if (100..=999).contains(&n) {
                n
            } else {
                100 + n % 900
            }
        });
    let status = StatusCode::from_u16(status as u16).expect("100..=999 is a valid status");
    let mut headers = HeaderMap::new();
    for line in lines {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let (name, value) = (line[..colon].trim_ascii(), line[colon + 1..].trim_ascii());
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            headers.append(name, value);
        }
    }
    (index, status, headers, Bytes::copy_from_slice(body))
}

fn response(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> http::Response<Bytes> {
    let mut r = http::Response::new(body.clone());
    *r.status_mut() = status;
    *r.headers_mut() = headers.clone();
    r
}

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

/// The checks every parser's result must pass.
fn check(name: &str, result: Result<(), Error>, status: StatusCode, body: &Bytes, is_ory: bool) {
    match result {
        Ok(()) => assert!(status.is_success(), "{name} accepted {status}"),
        Err(err) => {
            exercise(&err);
            assert_eq!(err.status(), Some(status), "{name}");
            assert_eq!(err.body(), Some(body), "{name}");
            match err.kind() {
                ErrorKind::Decode(_) => assert!(status.is_success(), "{name}: {err:?}"),
                ErrorKind::Api(_) => assert!(!status.is_success() && is_ory, "{name}: {err:?}"),
                ErrorKind::UnexpectedResponse(_) => {
                    assert!(!status.is_success() && !is_ory, "{name}: {err:?}")
                }
                other => panic!("{name}: a parser returned {other:?}"),
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (index, status, headers, body) = split(data);
    let is_ory = OryErrorBody::parse(&body).is_some();

    let result = parse(index, response(status, &headers, &body));
    check(OPERATIONS[index], result, status, &body, is_ory);
    for (name, parse) in generic_parsers() {
        if name == "Error::from_response" && status.is_success() {
            // Called on a 2xx it still builds an error; only its kind rule differs.
            let err = Error::from_response(response(status, &headers, &body));
            exercise(&err);
            assert_eq!(matches!(err.kind(), ErrorKind::Api(_)), is_ory);
            continue;
        }
        check(
            name,
            parse(response(status, &headers, &body)),
            status,
            &body,
            is_ory,
        );
    }

    let _ = operation::decode_json::<serde_json::Value>(status, headers.clone(), body.clone());

    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
    let _ = meta::retry_after(&headers, now);
    let _ = meta::request_id(&headers);
    let meta = ResponseMeta::new(status, headers.clone());
    assert_eq!(meta.rate_limit(), RateLimit::from_headers(&headers));

    let policy = RetryPolicy::default();
    let outcome = Outcome::Response {
        status,
        headers: &headers,
    };
    for method in [Method::GET, Method::POST] {
        let attempt = Attempt::new(&method, outcome, 1, Duration::ZERO, now, 0.5);
        if let Decision::Retry { after } = policy.decide(&attempt) {
            assert!(after <= policy.max_delay());
            assert!(after >= outcome.server_delay(now).unwrap_or_default());
        }
    }
});
