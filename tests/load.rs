//! Load through one `HyperTransport`: 1,000 concurrent `DisableSession` calls (one
//! `tokio::spawn` each, one shared `Client`) against a loopback hyper server, twice.
//!
//! Checks that every call succeeds, that no more TCP connections than the transport's limit
//! (`max_concurrent_requests`, default 64) are open (hyper-util's pool alone does not cap
//! connections: without the limit's connection count this run ends with 65 to 75 open), that
//! the accepted total exceeds the limit only by the few connections hyper-util itself closed
//! and replaced, and that memory stays bounded: VmHWM/VmRSS from `/proc/self/status`
//! are printed before and after, with a generous sanity bound on the growth. Bounded in count
//! (2 x 1,000 calls) and in time (an outer guard); nothing asserts on elapsed time.

mod support;

use std::io::Write;
use std::time::Duration;

use ory_core::{Client, Config};
use ory_hyper::HyperTransport;
use tokio::task::JoinSet;

use support::*;

/// Prints to the stderr handle, which libtest does not capture (it captures `eprintln!`), so
/// the figures show in a normal `cargo test` run.
macro_rules! report {
    ($($arg:tt)+) => {{
        let _ = writeln!(std::io::stderr(), $($arg)+);
    }};
}

const CALLS: usize = 1_000;
const ROUNDS: usize = 2;
const GUARD: Duration = Duration::from_secs(120);
/// Sanity bound on the growth of the peak resident set, not a measurement.
const MAX_GROWTH_KB: u64 = 200 * 1024;

/// `VmHWM` and `VmRSS` of this process, in kB (Linux); `None` elsewhere.
fn memory_kb() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmHWM:")?, field("VmRSS:")?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_calls_through_one_transport() {
    let server = HttpServer::start_counting(|_| reply(204, &[], bytes::Bytes::new())).await;
    let transport = HyperTransport::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("transport");
    let limit = transport
        .max_connections_per_host()
        .expect("the default transport limits connections");
    assert_eq!(limit, ory_hyper::DEFAULT_MAX_CONCURRENT_REQUESTS);
    let config = Config::builder(server.url())
        .api_key("ory_apikey_load_test")
        .build()
        .expect("config");
    let client = Client::new(config, transport);

    let before = memory_kb();
    let run = async {
        for round in 1..=ROUNDS {
            let mut calls = JoinSet::new();
            for i in 0..CALLS {
                let client = client.clone();
                calls.spawn(async move { client.disable_session(format!("s-{round}-{i}")).await });
            }
            let mut ok = 0usize;
            let mut failures = Vec::new();
            while let Some(joined) = calls.join_next().await {
                match joined.expect("no call panicked") {
                    Ok(()) => ok += 1,
                    Err(err) => failures.push(err.to_string()),
                }
            }
            report!(
                "load round {round}: {ok}/{CALLS} ok; server: {} requests, {} connections accepted, \
                 at most {} open at once (limit {limit})",
                server.request_count(),
                server.connections(),
                server.max_open_connections(),
            );
            assert!(
                failures.is_empty(),
                "{} of {CALLS} calls failed, first: {}",
                failures.len(),
                failures[0]
            );
        }
    };
    tokio::time::timeout(GUARD, run)
        .await
        .expect("the calls finished within the guard");
    let after = memory_kb();

    assert_eq!(server.request_count(), ROUNDS * CALLS);
    // The server notices a close a little after the client made it; wait until it has seen
    // every close (the guard fails the test if more than `limit` connections stay open: idle
    // connections are kept 30 s, longer than the guard).
    tokio::time::timeout(Duration::from_secs(10), async {
        while server.open_connections() > limit {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .unwrap_or_else(|_| {
        panic!(
            "{} connections still open for a limit of {limit}",
            server.open_connections()
        )
    });
    let accepted = server.connections();
    let open = server.open_connections();
    // hyper-util's pool closes a connection itself when it hands it to a request that got a
    // new connection in the same instant (the ramp-up race); such a close frees a slot that a
    // later connection takes. So the accepted count is the limit plus those few closes.
    let closed = accepted - open;
    report!(
        "load connections: limit {limit}, accepted {accepted}, open at the end {open}, \
         closed by the client during the run {closed}, at most {} open at once as the server saw it",
        server.max_open_connections()
    );
    assert!(
        (1..=limit).contains(&open),
        "{open} connections open for a limit of {limit}"
    );
    assert!(
        closed <= limit / 4,
        "{closed} connections were closed and replaced during the run: churn, not pooling"
    );

    match (before, after) {
        (Some((hwm0, rss0)), Some((hwm1, rss1))) => {
            report!(
                "load memory: VmHWM {hwm0} kB -> {hwm1} kB (+{} kB), VmRSS {rss0} kB -> {rss1} kB",
                hwm1.saturating_sub(hwm0)
            );
            assert!(
                hwm1.saturating_sub(hwm0) < MAX_GROWTH_KB,
                "peak memory grew by {} kB",
                hwm1 - hwm0
            );
        }
        _ => report!("load memory: /proc/self/status not readable, not checked"),
    }

    drop(client);
    server.stop().await;
}
