//! Decoding cost of a `GET /admin/identities` page of 100 identities.
//!
//! Decodes the same page, interleaved in one run so all see the same machine state:
//! - the crate's real path: `ListIdentities::parse_response` on an `http::Response` (status,
//!   `Link` header, body) into a `Page<Identity>`, and `operation::decode_json` into
//!   `Vec<Identity>`,
//! - into `serde::de::IgnoredAny` with `serde_json::from_slice`: parsing only, the floor any
//!   decode pays,
//! - variants that explain the gap (see `all` in `main`).
//!
//! Each timed decode comes right after an untimed decode and drop of the same variant, as in
//! a loop that walks page after page, so it finds the allocator in that steady state whichever
//! variant ran before; the order of the variants also rotates every round. It reports the
//! median time per decode and the ratios to the floor.
//!
//! Run: `cargo bench -p ory-core --bench decode` (about 20 seconds).
//! Only some variants, e.g. to profile one: `cargo bench -p ory-core --bench decode --
//! --only 'parse_response|floor' --rounds 20000` (names containing any `|`-separated text).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use ory_core::identity::ListIdentities;
use ory_core::models::{
    AddressVia, CredentialType, Identity, IdentityCredentials, IdentityState, RawJson, Region,
    VerifiableAddressStatus,
};
use ory_core::operation::decode_json;
use ory_core::Operation;
use serde::de::IgnoredAny;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};
use time::OffsetDateTime;

const IDENTITIES: usize = 100;
const ROUNDS: usize = 2_000;
const WARMUP: usize = 200;
const FLOOR: &str = "IgnoredAny (floor), from_slice";

/// The `Link` header Ory Network sends with a page that has a next one.
const LINK: &str = "</admin/identities?page_size=100&page_token=eyJvZmZzZXQiOiIxMDAiLCJ2IjoyfQ>; rel=\"first\",\
                    </admin/identities?page_size=100&page_token=eyJvZmZzZXQiOiIyMDAiLCJ2IjoyfQ>; rel=\"next\"";

/// A UUID-shaped random string.
fn uuid(rng: &mut fastrand::Rng) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        rng.u32(..),
        rng.u16(..),
        rng.u16(..0x1000),
        rng.u16(0x8000..0xc000),
        rng.u64(..1 << 48)
    )
}

/// A timestamp in 2024 with `digits` fractional digits (Ory's database keeps microseconds;
/// Go writes up to nanoseconds).
fn timestamp(rng: &mut fastrand::Rng, digits: usize) -> String {
    let fraction = format!("{:09}", rng.u32(..1_000_000_000));
    format!(
        "2024-{:02}-{:02}T{:02}:{:02}:{:02}.{}Z",
        rng.u8(1..13),
        rng.u8(1..29),
        rng.u8(..24),
        rng.u8(..60),
        rng.u8(..60),
        &fraction[..digits]
    )
}

/// A realistic identity as Ory Network lists it (no credentials unless asked for).
fn identity(i: usize, rng: &mut fastrand::Rng) -> Value {
    const FIRST: [&str; 8] = [
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken",
    ];
    const LAST: [&str; 8] = [
        "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson",
    ];
    const LOCALES: [&str; 4] = ["en-US", "de-DE", "fr-FR", "ja-JP"];
    let first = FIRST[rng.usize(..FIRST.len())];
    let last = LAST[rng.usize(..LAST.len())];
    let email = format!(
        "{}.{}{i}@example.com",
        first.to_lowercase(),
        last.to_lowercase()
    );
    let created = timestamp(rng, 6);
    let verified = rng.bool();
    json!({
        "id": uuid(rng),
        "schema_id": "preset://email",
        "schema_url": "https://playground.projects.oryapis.com/schemas/cHJlc2V0Oi8vZW1haWw",
        "state": if rng.u8(..10) == 0 { "inactive" } else { "active" },
        "state_changed_at": timestamp(rng, 9),
        "traits": {
            "email": email,
            "name": {"first": first, "last": last},
            "preferences": {"locale": LOCALES[rng.usize(..LOCALES.len())], "newsletter": rng.bool()},
        },
        "verifiable_addresses": [{
            "id": uuid(rng),
            "value": email,
            "verified": verified,
            "via": "email",
            "status": if verified { "completed" } else { "sent" },
            "verified_at": if verified { Value::String(timestamp(rng, 9)) } else { Value::Null },
            "created_at": created,
            "updated_at": timestamp(rng, 6),
        }],
        "recovery_addresses": [{
            "id": uuid(rng),
            "value": email,
            "via": "email",
            "created_at": created,
            "updated_at": created,
        }],
        "metadata_public": {"plan": if rng.bool() { "pro" } else { "free" }},
        "metadata_admin": if rng.bool() { json!({"crm_id": rng.u32(..100_000)}) } else { Value::Null },
        "organization_id": null,
        "created_at": created,
        "updated_at": timestamp(rng, 6),
    })
}

/// `Identity`'s fields and serde attributes, with timestamps of type `$ts` read by `$with`
/// and free-form parts of type `$raw`: the model without its timestamps, to show what they
/// cost, and with `serde_json::Value` for the free-form parts (comparison only).
macro_rules! identity_like {
    ($name:ident, $verifiable:ident, $recovery:ident, $ts:ty, $with:literal, $raw:ty) => {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $name {
            id: String,
            schema_id: String,
            schema_url: String,
            #[serde(default)]
            state: Option<IdentityState>,
            #[serde(default, deserialize_with = $with)]
            state_changed_at: $ts,
            #[serde(default)]
            traits: Option<$raw>,
            #[serde(default, deserialize_with = "null_as_default")]
            credentials: BTreeMap<CredentialType, IdentityCredentials>,
            #[serde(default, deserialize_with = "null_as_default")]
            verifiable_addresses: Vec<$verifiable>,
            #[serde(default, deserialize_with = "null_as_default")]
            recovery_addresses: Vec<$recovery>,
            #[serde(default)]
            metadata_public: Option<$raw>,
            #[serde(default)]
            metadata_admin: Option<$raw>,
            #[serde(default)]
            external_id: Option<String>,
            #[serde(default)]
            organization_id: Option<String>,
            #[serde(default)]
            region: Option<Region>,
            #[serde(default, deserialize_with = $with)]
            created_at: $ts,
            #[serde(default, deserialize_with = $with)]
            updated_at: $ts,
        }

        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $verifiable {
            #[serde(default)]
            id: Option<String>,
            value: String,
            #[serde(default)]
            verified: bool,
            via: AddressVia,
            status: VerifiableAddressStatus,
            #[serde(default, deserialize_with = $with)]
            verified_at: $ts,
            #[serde(default, deserialize_with = $with)]
            created_at: $ts,
            #[serde(default, deserialize_with = $with)]
            updated_at: $ts,
        }

        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct $recovery {
            #[serde(default)]
            id: Option<String>,
            value: String,
            via: AddressVia,
            #[serde(default)]
            break_glass_for_organization: Option<String>,
            #[serde(default, deserialize_with = $with)]
            created_at: $ts,
            #[serde(default, deserialize_with = $with)]
            updated_at: $ts,
        }
    };
}

fn null_as_default<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(
    deserializer: D,
) -> Result<T, D::Error> {
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

fn skip<'de, D: Deserializer<'de>>(deserializer: D) -> Result<IgnoredAny, D::Error> {
    IgnoredAny::deserialize(deserializer)
}

identity_like!(
    NoTimestampIdentity,
    NoTimestampVerifiable,
    NoTimestampRecovery,
    IgnoredAny,
    "skip",
    RawJson
);
identity_like!(
    ValueIdentity,
    ValueVerifiable,
    ValueRecovery,
    Option<OffsetDateTime>,
    "time::serde::rfc3339::option::deserialize",
    Value
);

/// Every key of an identity matched and skipped, nothing kept: serde's per-key cost.
#[derive(Deserialize)]
struct Nothing {}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

/// One decode to time.
struct Variant<'a> {
    name: &'static str,
    /// Printed after the ratio.
    note: &'static str,
    /// Runs the decode once untimed, then once timed; returns the timed one's duration.
    run: Box<dyn Fn() -> Duration + 'a>,
}

fn variant<'a, I, T, E: std::fmt::Debug>(
    name: &'static str,
    note: &'static str,
    input: impl Fn() -> I + 'a,
    decode: impl Fn(I) -> Result<T, E> + 'a,
) -> Variant<'a> {
    Variant {
        name,
        note,
        run: Box::new(move || {
            // The same decode and drop first, untimed: the timed decode finds the allocator
            // as a page-after-page loop leaves it, whichever variant ran before.
            drop(black_box(decode(input())));
            let input = input();
            let start = Instant::now();
            let value = decode(black_box(input));
            let elapsed = start.elapsed();
            black_box(value.expect("the page decodes"));
            elapsed
        }),
    }
}

/// `str::from_utf8` then `serde_json::from_str`.
fn from_text<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> serde_json::Result<T> {
    serde_json::from_str(std::str::from_utf8(bytes).expect("UTF-8"))
}

/// Runs the bench (also called by `decode_mimalloc`).
pub fn main() {
    let mut only: Option<String> = None;
    let mut rounds = ROUNDS;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => only = args.next(),
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--rounds N")
            }
            _ => {} // `cargo bench` passes `--bench`
        }
    }

    let mut rng = fastrand::Rng::with_seed(7);
    let page: Vec<Value> = (0..IDENTITIES).map(|i| identity(i, &mut rng)).collect();
    let body = Bytes::from(serde_json::to_vec(&page).expect("page serializes"));
    let response = || {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json; charset=utf-8")
            .header("link", LINK)
            .body(body.clone())
            .expect("valid response")
    };
    let list = ListIdentities::new().page_size(100);

    // Every path decodes the page fully, to the same value.
    let real = list.parse_response(response()).expect("page decodes");
    assert_eq!(real.items.len(), IDENTITIES);
    assert!(real.next_page_token.is_some());
    let direct: Vec<Identity> =
        decode_json(http::StatusCode::OK, Default::default(), body.clone()).unwrap();
    let slice: Vec<Identity> = serde_json::from_slice(&body).unwrap();
    assert_eq!(real.items, direct);
    assert_eq!(direct, slice);
    let bytes = || body.clone();
    let all = vec![
        variant(
            "ListIdentities::parse_response",
            "the crate's real path (Page<Identity>)",
            response,
            |r| list.parse_response(r),
        ),
        variant(
            "decode_json::<Vec<Identity>>",
            "what every JSON operation calls",
            bytes,
            |b| decode_json::<Vec<Identity>>(http::StatusCode::OK, Default::default(), b),
        ),
        variant(
            "Vec<Identity>, from_slice",
            "UTF-8 checked per string (old decode_json)",
            bytes,
            |b| serde_json::from_slice::<Vec<Identity>>(&b),
        ),
        variant(
            "Identity, timestamps skipped",
            "what the 700 timestamps cost, from_str",
            bytes,
            |b| from_text::<Vec<NoTimestampIdentity>>(&b),
        ),
        variant(
            "Value for traits/metadata",
            "generated-client style, from_str",
            bytes,
            |b| from_text::<Vec<ValueIdentity>>(&b),
        ),
        variant(
            "Vec<{}> (keys only)",
            "every key matched, nothing kept",
            bytes,
            |b| from_text::<Vec<Nothing>>(&b),
        ),
        variant(
            "IgnoredAny, from_utf8+from_str",
            "the floor plus one UTF-8 check",
            bytes,
            |b| from_text::<IgnoredAny>(&b),
        ),
        variant(FLOOR, "parse only", bytes, |b| {
            serde_json::from_slice::<IgnoredAny>(&b)
        }),
    ];
    let variants: Vec<Variant> = all
        .into_iter()
        .filter(|v| {
            only.as_deref()
                .is_none_or(|only| only.split('|').any(|part| v.name.contains(part)))
        })
        .collect();
    assert!(!variants.is_empty(), "no variant matches {only:?}");

    let mut samples: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); variants.len()];
    for round in 0..WARMUP + rounds {
        // Rotate the order so no variant always follows the same one.
        for k in 0..variants.len() {
            let i = (round + k) % variants.len();
            let elapsed = (variants[i].run)();
            if round >= WARMUP {
                samples[i].push(elapsed);
            }
        }
    }
    let medians: Vec<Duration> = samples.iter_mut().map(|s| median(s)).collect();
    let floor = variants
        .iter()
        .position(|v| v.name == FLOOR)
        .map(|i| medians[i]);

    println!(
        "page: {IDENTITIES} identities, {} bytes; {rounds} interleaved rounds (median)",
        body.len()
    );
    for (v, &t) in variants.iter().zip(&medians) {
        let ratio = match floor {
            Some(floor) => format!("{:5.2}x floor", t.as_secs_f64() / floor.as_secs_f64()),
            None => String::new(),
        };
        println!(
            "{:<32} {:>7.1} us {:>5.0} MB/s {ratio}  {}",
            v.name,
            t.as_secs_f64() * 1e6,
            body.len() as f64 / t.as_secs_f64() / 1e6,
            v.note
        );
    }
}
