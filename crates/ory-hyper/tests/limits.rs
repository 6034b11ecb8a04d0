//! The request and connection limit (`max_concurrent_requests`) against real hyper servers
//! on 127.0.0.1.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use http::Response;
use ory_core::{Client, Config, TransportErrorKind};
use ory_hyper::HyperTransport;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use common::*;

const GUARD: Duration = Duration::from_secs(30);

fn config(base: &str) -> Config {
    Config::builder(base)
        .api_key("ory_apikey_test_secret")
        .build()
        .unwrap()
}

/// A handler that holds every request until `gate` hands out a permit, and records the most
/// requests it held at once.
struct Gate {
    gate: Arc<Semaphore>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
}

impl Gate {
    fn new() -> Gate {
        Gate {
            gate: Arc::new(Semaphore::new(0)),
            in_flight: Arc::new(AtomicUsize::new(0)),
            max_in_flight: Arc::new(AtomicUsize::new(0)),
        }
    }

    fn handler(&self) -> Handler {
        let gate = Arc::clone(&self.gate);
        let in_flight = Arc::clone(&self.in_flight);
        let max_in_flight = Arc::clone(&self.max_in_flight);
        Arc::new(move |_| {
            let gate = Arc::clone(&gate);
            let in_flight = Arc::clone(&in_flight);
            let max_in_flight = Arc::clone(&max_in_flight);
            Box::pin(async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                max_in_flight.fetch_max(now, Ordering::SeqCst);
                let _permit = gate.acquire().await.unwrap();
                in_flight.fetch_sub(1, Ordering::SeqCst);
                Response::builder().status(204).body(empty()).unwrap()
            })
        })
    }

    fn open(&self, n: usize) {
        self.gate.add_permits(n);
    }

    fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }
}

/// Waits until the server has received `n` requests.
async fn until_received(server: &TestServer, n: usize) {
    tokio::time::timeout(GUARD, async {
        while server.requests().len() < n {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the server never received {n} requests"));
}

fn spawn_calls(client: &Client<HyperTransport>, n: usize) -> JoinSet<Result<(), ory_core::Error>> {
    let mut calls = JoinSet::new();
    for i in 0..n {
        let client = client.clone();
        calls.spawn(async move { client.disable_session(format!("s-{i}")).await });
    }
    calls
}

async fn all_ok(mut calls: JoinSet<Result<(), ory_core::Error>>) -> usize {
    let mut ok = 0;
    tokio::time::timeout(GUARD, async {
        while let Some(joined) = calls.join_next().await {
            joined.unwrap().unwrap();
            ok += 1;
        }
    })
    .await
    .expect("every call finished within the guard");
    ok
}

#[tokio::test]
async fn requests_over_the_limit_wait_their_turn() {
    let gate = Gate::new();
    let server = TestServer::start(gate.handler()).await;
    let transport = HyperTransport::builder()
        .max_concurrent_requests(4)
        .timeout(GUARD)
        .build()
        .unwrap();
    assert_eq!(transport.max_concurrent_requests(), Some(4));
    assert_eq!(transport.max_connections_per_host(), Some(4));
    let client = Client::new(config(&server.url()), transport);

    let calls = spawn_calls(&client, 12);
    until_received(&server, 4).await;
    // The other eight are queued in the transport; give them a chance to slip through.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        server.requests().len(),
        4,
        "only the limit reached the server"
    );

    gate.open(12);
    assert_eq!(all_ok(calls).await, 12);
    assert_eq!(server.requests().len(), 12);
    assert_eq!(gate.max_in_flight(), 4);
    assert!(
        server.connections() <= 4,
        "{} connections for a limit of 4",
        server.connections()
    );
    server.stop().await;
}

#[tokio::test]
async fn without_a_limit_every_request_goes_at_once() {
    let gate = Gate::new();
    let server = TestServer::start(gate.handler()).await;
    let transport = HyperTransport::builder()
        .max_concurrent_requests(None)
        .timeout(GUARD)
        .build()
        .unwrap();
    assert_eq!(transport.max_concurrent_requests(), None);
    assert_eq!(transport.max_connections_per_host(), None);
    let client = Client::new(config(&server.url()), transport);

    let calls = spawn_calls(&client, 12);
    until_received(&server, 12).await;
    assert_eq!(gate.max_in_flight(), 12);
    gate.open(12);
    assert_eq!(all_ok(calls).await, 12);
    assert_eq!(server.connections(), 12);
    server.stop().await;
}

#[tokio::test]
async fn time_out_while_queued_is_a_timeout_and_nothing_is_sent() {
    let server = TestServer::start(hang()).await;
    let transport = HyperTransport::builder()
        .max_concurrent_requests(1)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    // Clones share the limit; this one waits longer and holds the only slot.
    let holder = Client::new(config(&server.url()), transport.clone().with_timeout(GUARD));
    let held = tokio::spawn(async move { holder.disable_session("s-holder").await });
    until_received(&server, 1).await;

    let client = Client::new(config(&server.url()), transport);
    let err = tokio::time::timeout(GUARD, client.disable_session("s-queued"))
        .await
        .expect("the time limit fired")
        .unwrap_err();
    assert_eq!(
        transport_error(&err).kind(),
        TransportErrorKind::Timeout,
        "{err}"
    );
    assert!(err.to_string().contains("was not sent"), "{err}");
    assert_eq!(
        server.requests().len(),
        1,
        "the queued request was never sent"
    );

    server.stop().await;
    // The holder's connection is gone: it fails, it does not hang.
    let holder_result = tokio::time::timeout(GUARD, held).await.unwrap().unwrap();
    assert!(holder_result.is_err());
}

/// The connection count is per host: an idle connection kept for one host does not take the
/// slot another host needs.
#[tokio::test]
async fn idle_connections_to_one_host_leave_other_hosts_free() {
    let a = TestServer::start(status(204)).await;
    let b = TestServer::start(status(204)).await;
    let transport = HyperTransport::builder()
        .max_concurrent_requests(1)
        .connect_timeout(Duration::from_millis(300))
        .timeout(GUARD)
        .build()
        .unwrap();
    let to_a = Client::new(config(&a.url()), transport.clone());
    let to_b = Client::new(config(&b.url()), transport);
    for i in 0..3 {
        to_a.disable_session(format!("a-{i}")).await.unwrap();
        to_b.disable_session(format!("b-{i}")).await.unwrap();
    }
    // Each host: one connection, kept idle in the pool and reused.
    assert_eq!((a.connections(), b.connections()), (1, 1));
    a.stop().await;
    b.stop().await;
}

#[test]
fn from_client_gets_the_default_request_limit_and_can_change_it() {
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Full<bytes::Bytes>>();
    let transport = HyperTransport::from_client(client);
    assert_eq!(
        transport.max_concurrent_requests(),
        Some(ory_hyper::DEFAULT_MAX_CONCURRENT_REQUESTS)
    );
    assert_eq!(transport.max_connections_per_host(), None);
    let transport = transport.with_max_concurrent_requests(1000);
    assert_eq!(transport.max_concurrent_requests(), Some(1000));
    let transport = transport.with_max_concurrent_requests(None);
    assert_eq!(transport.max_concurrent_requests(), None);
    let text = format!("{transport:?}");
    assert!(text.contains("max_concurrent_requests: None"), "{text}");
}
