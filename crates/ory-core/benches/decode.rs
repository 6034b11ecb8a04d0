//! Decoding cost of a `GET /admin/identities` page of 100 identities.
//!
//! Decodes the same page, interleaved in one run so all see the same machine state:
//! - into `Vec<Identity>` with `serde_json::from_slice` (what `decode_json` does today),
//! - into `Vec<Identity>` with `str::from_utf8` then `serde_json::from_str` (UTF-8 checked
//!   once for the whole body instead of once per string),
//! - into `serde::de::IgnoredAny` with `from_slice`: parsing only, the floor any decode pays,
//! - for comparison, into the same model with `serde_json::Value` in place of `RawJson` for the
//!   free-form parts (traits, metadata), as generated clients do.
//!
//! It reports the median time per decode and the ratios to the floor.
//!
//! Run: `cargo bench -p ory-core --bench decode` (about 10 seconds).

use std::hint::black_box;
use std::time::{Duration, Instant};

use ory_core::models::Identity;
use ory_core::models::{AddressVia, IdentityState, Region, VerifiableAddressStatus};
use serde::de::IgnoredAny;
use serde::Deserialize;
use serde_json::{json, Value};
use time::OffsetDateTime;

const IDENTITIES: usize = 100;
const ROUNDS: usize = 2_000;
const WARMUP: usize = 200;

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

/// The identity model with `serde_json::Value` for free-form parts (comparison only).
#[derive(Deserialize)]
#[allow(dead_code)]
struct ValueIdentity {
    id: String,
    schema_id: String,
    schema_url: String,
    #[serde(default)]
    state: Option<IdentityState>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    state_changed_at: Option<OffsetDateTime>,
    #[serde(default)]
    traits: Value,
    #[serde(default)]
    verifiable_addresses: Vec<ValueVerifiable>,
    #[serde(default)]
    recovery_addresses: Vec<ValueRecovery>,
    #[serde(default)]
    metadata_public: Value,
    #[serde(default)]
    metadata_admin: Value,
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(default)]
    region: Option<Region>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    created_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    updated_at: Option<OffsetDateTime>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ValueVerifiable {
    id: Option<String>,
    value: String,
    verified: bool,
    via: AddressVia,
    status: VerifiableAddressStatus,
    #[serde(default, with = "time::serde::rfc3339::option")]
    verified_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    created_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    updated_at: Option<OffsetDateTime>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct ValueRecovery {
    id: Option<String>,
    value: String,
    via: AddressVia,
    #[serde(default, with = "time::serde::rfc3339::option")]
    created_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    updated_at: Option<OffsetDateTime>,
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn timed<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

fn main() {
    let mut rng = fastrand::Rng::with_seed(7);
    let page: Vec<Value> = (0..IDENTITIES).map(|i| identity(i, &mut rng)).collect();
    let body = serde_json::to_vec(&page).expect("page serializes");

    // The page decodes fully, both ways, to the same value.
    let a: Vec<Identity> = serde_json::from_slice(&body).expect("page decodes");
    let b: Vec<Identity> = serde_json::from_str(std::str::from_utf8(&body).unwrap()).unwrap();
    assert_eq!(a.len(), IDENTITIES);
    assert_eq!(a, b);

    // One function per variant; each returns its own time and drops its result untimed.
    let variants: [&dyn Fn() -> Duration; 4] = [
        &|| {
            let (t, v) = timed(|| serde_json::from_slice::<Vec<Identity>>(black_box(&body)));
            black_box(v.unwrap());
            t
        },
        &|| {
            let (t, v) = timed(|| {
                let text = std::str::from_utf8(black_box(&body)).unwrap();
                serde_json::from_str::<Vec<Identity>>(text)
            });
            black_box(v.unwrap());
            t
        },
        &|| {
            let (t, v) = timed(|| serde_json::from_slice::<IgnoredAny>(black_box(&body)));
            black_box(v.unwrap());
            t
        },
        &|| {
            let (t, v) = timed(|| serde_json::from_slice::<Vec<ValueIdentity>>(black_box(&body)));
            black_box(v.unwrap());
            t
        },
    ];
    let mut samples: [Vec<Duration>; 4] = Default::default();
    for round in 0..WARMUP + ROUNDS {
        // Rotate the order so no variant always follows the same one (allocator and cache
        // state left behind by the previous decode).
        for k in 0..variants.len() {
            let i = (round + k) % variants.len();
            let elapsed = variants[i]();
            if round >= WARMUP {
                samples[i].push(elapsed);
            }
        }
    }
    let [mut slice, mut text, mut floor, mut value] = samples;
    let (slice, text, floor, value) = (
        median(&mut slice),
        median(&mut text),
        median(&mut floor),
        median(&mut value),
    );
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let mb_s = |d: Duration| body.len() as f64 / d.as_secs_f64() / 1e6;
    let ratio = |d: Duration| d.as_secs_f64() / floor.as_secs_f64();
    println!(
        "page: {IDENTITIES} identities, {} bytes; {ROUNDS} interleaved rounds (median)",
        body.len()
    );
    println!(
        "Vec<Identity>, from_slice           {:>8.1} us {:>6.0} MB/s  {:.2}x floor",
        us(slice),
        mb_s(slice),
        ratio(slice)
    );
    println!(
        "Vec<Identity>, from_utf8+from_str   {:>8.1} us {:>6.0} MB/s  {:.2}x floor",
        us(text),
        mb_s(text),
        ratio(text)
    );
    println!(
        "same with Value for traits/metadata {:>6.1} us {:>6.0} MB/s  {:.2}x floor",
        us(value),
        mb_s(value),
        ratio(value)
    );
    println!(
        "IgnoredAny (floor), from_slice      {:>8.1} us {:>6.0} MB/s",
        us(floor),
        mb_s(floor)
    );
}
