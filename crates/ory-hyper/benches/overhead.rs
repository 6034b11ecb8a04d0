//! Client CPU per request: a hand-written hyper-util loop versus `ory_core::Client` over
//! `HyperTransport`, both sending `DELETE /admin/sessions/{id}` with the same headers to a
//! loopback hyper server and collecting the body.
//!
//! The server runs on its own thread and runtime; the client runs on a current-thread runtime
//! on the main thread, so the main thread's CPU time (`/proc/thread-self/schedstat`, first
//! field, nanoseconds on CPU) is the client's whole cost: building the request, hyper's
//! connection task, the I/O driver and timers. Rounds alternate (a, b, c, d, e, a, b, ...) so
//! that machine noise hits all alike; the figure to read is the median of the per-round ratios
//! of (b) to (a). (c) to (f) are diagnostics that take the transport apart; (g) runs (a) again,
//! so its ratio to (a) shows how far apart two identical loops measure on this machine.
//!
//! Run: `cargo bench -p ory-hyper --bench overhead` (about 20 s; Linux only).
//!
//! With `OVERHEAD_ONLY=<letter> OVERHEAD_REQUESTS=<n>` it sends `n` requests of one variant
//! and times nothing: `scripts/overhead_instructions.sh` runs it so under callgrind to count
//! instructions per request, a figure that machine load does not move.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderValue, ACCEPT, AUTHORIZATION, USER_AGENT};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::rt::{TokioExecutor, TokioIo};
use ory_core::config::DEFAULT_USER_AGENT;
use ory_core::{Client, Config, HttpTransport};
use ory_hyper::HyperTransport;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

const SESSION_ID: &str = "9f425a8d-7b3f-4c8e-9a51-0c3f2b6a1d7e";
const API_KEY: &str = "ory_apikey_bench_0123456789abcdef";
const WARMUP: usize = 2_000;
const BATCH: usize = 250;
const ROUNDS: usize = 300;

fn thread_cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat is readable (Linux)");
    stat.split_whitespace()
        .next()
        .and_then(|field| field.parse().ok())
        .expect("schedstat starts with the time on CPU in ns")
}

fn start_server() -> (SocketAddr, oneshot::Sender<()>, std::thread::JoinHandle<()>) {
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let (stop_tx, mut stop_rx) = oneshot::channel::<()>();
    let thread = std::thread::Builder::new().name("server".into()).spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            let mut connections = tokio::task::JoinSet::new();
            loop {
                tokio::select! {
                    _ = &mut stop_rx => break,
                    accepted = listener.accept() => {
                        let (stream, _) = accepted.unwrap();
                        stream.set_nodelay(true).unwrap();
                        connections.spawn(async move {
                            let service = hyper::service::service_fn(|_req: Request<Incoming>| async {
                                Ok::<_, hyper::Error>(
                                    Response::builder()
                                        .status(StatusCode::NO_CONTENT)
                                        .body(Full::new(Bytes::new()))
                                        .unwrap(),
                                )
                            });
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        });
                    }
                }
            }
        });
    })
    .expect("spawn the server thread");
    (addr_rx.recv().unwrap(), stop_tx, thread)
}

/// (a) What a careful hand-written hyper-util loop does for the same call.
struct Hand {
    client: HyperClient<HttpConnector, Full<Bytes>>,
    base: String,
    authorization: HeaderValue,
}

impl Hand {
    fn request<B>(&self, id: &str, body: B) -> Request<B> {
        Request::builder()
            .method(Method::DELETE)
            .uri(format!("{}/admin/sessions/{id}", self.base))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, HeaderValue::from_static(DEFAULT_USER_AGENT))
            .header(AUTHORIZATION, self.authorization.clone())
            .header(
                "x-request-id",
                HeaderValue::from_static("6b1f0a52-8e2d-4c3b-9f7a-1d2e3c4b5a69"),
            )
            .body(body)
            .unwrap()
    }

    async fn disable_session(&self, id: &str) {
        let request = self.request(id, Full::new(Bytes::new()));
        let response = self.client.request(request).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        assert_eq!(parts.status, StatusCode::NO_CONTENT);
        assert!(body.is_empty());
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn main() {
    let (addr, stop, server) = start_server();
    let base = format!("http://{addr}");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();

    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let hand = Hand {
        client: HyperClient::builder(TokioExecutor::new()).build(connector),
        base: base.clone(),
        authorization: {
            let mut value = HeaderValue::from_str(&format!("Bearer {API_KEY}")).unwrap();
            value.set_sensitive(true);
            value
        },
    };
    let config = Config::builder(base.as_str())
        .api_key(API_KEY)
        .build()
        .unwrap();
    let transport = HyperTransport::new();
    let ory = Client::new(config, transport.clone());
    // Diagnostics only: the same hand-built request through `HyperTransport::send`, which
    // separates the transport's share from ory-core's (building, request id, parsing); then
    // without the concurrency limits, then around a plain hyper-util client (the time limit and
    // body collection alone).
    let unlimited = HyperTransport::builder()
        .max_concurrent_requests(None)
        .build()
        .unwrap();
    let wrapped =
        HyperTransport::from_client(hand.client.clone()).with_max_concurrent_requests(None);
    let variants: [(&str, Variant); 7] = [
        ("(a) hand-written hyper-util loop   ", Variant::Hand),
        ("(b) ory Client + HyperTransport    ", Variant::Ory),
        (
            "(c) hand request, HyperTransport   ",
            Variant::Send(&transport),
        ),
        (
            "(d) (c) without concurrency limits ",
            Variant::Send(&unlimited),
        ),
        (
            "(e) (d) around the hand's client   ",
            Variant::Send(&wrapped),
        ),
        (
            "(f) (a) in tokio::time::timeout    ",
            Variant::HandWithTimeout,
        ),
        ("(g) (a) again: the noise control   ", Variant::Hand),
    ];
    if let Ok(letter) = std::env::var("OVERHEAD_ONLY") {
        // Instruction counting under callgrind (BENCHMARKS.md): one variant, a fixed number
        // of requests, no timing.
        let count: usize = std::env::var("OVERHEAD_REQUESTS")
            .ok()
            .and_then(|n| n.parse().ok())
            .expect("OVERHEAD_REQUESTS=N goes with OVERHEAD_ONLY");
        let (_, variant) = variants
            .iter()
            .find(|(name, _)| name.starts_with(&format!("({letter})")))
            .expect("OVERHEAD_ONLY names a variant letter, a to g");
        runtime.block_on(async {
            for _ in 0..count {
                run(*variant, &hand, &ory).await;
            }
        });
        let _ = stop.send(());
        server.join().unwrap();
        println!("overhead: variant ({letter}), {count} requests");
        return;
    }
    let started = Instant::now();
    // Per variant: CPU per request in each round, and its ratio to (a) in the same round.
    let mut per_request: Vec<Vec<f64>> = vec![Vec::with_capacity(ROUNDS); variants.len()];
    let mut ratios: Vec<Vec<f64>> = vec![Vec::with_capacity(ROUNDS); variants.len()];
    runtime.block_on(async {
        for _ in 0..WARMUP {
            for (_, variant) in &variants {
                run(*variant, &hand, &ory).await;
            }
        }
        for r in 0..ROUNDS {
            let mut round = [0.0; 7];
            // Rotate the order so that no variant always runs first or after the same one.
            for k in 0..variants.len() {
                let i = (r + k) % variants.len();
                let variant = &variants[i].1;
                let before = thread_cpu_ns();
                for _ in 0..BATCH {
                    run(*variant, &hand, &ory).await;
                }
                round[i] = (thread_cpu_ns() - before) as f64 / BATCH as f64;
            }
            for (i, ns) in round.iter().enumerate() {
                per_request[i].push(*ns);
                ratios[i].push(ns / round[0]);
            }
        }
    });
    let elapsed = started.elapsed();

    let _ = stop.send(());
    server.join().unwrap();

    println!(
        "overhead: {ROUNDS} interleaved rounds x {BATCH} requests each, client thread CPU per request; wall {:.1} s",
        elapsed.as_secs_f64()
    );
    for (i, (name, _)) in variants.iter().enumerate() {
        let ns = median(&mut per_request[i]);
        if i == 0 {
            println!("  {name}: median {ns:>8.0} ns");
            continue;
        }
        let min = ratios[i].iter().cloned().fold(f64::INFINITY, f64::min);
        let max = ratios[i].iter().cloned().fold(0.0, f64::max);
        println!(
            "  {name}: median {ns:>8.0} ns   ratio to (a): median {:.3} (min {min:.3}, max {max:.3})",
            median(&mut ratios[i])
        );
    }
}

/// What one request of a round goes through.
#[derive(Clone, Copy)]
enum Variant<'a> {
    /// The hand-written hyper-util loop.
    Hand,
    /// The hand-written loop with a 30 s time limit around each request, as `HyperTransport`
    /// sets by default: what a time limit on every request costs by itself.
    HandWithTimeout,
    /// `ory_core::Client::disable_session` over the default `HyperTransport`.
    Ory,
    /// The hand-built request through this transport's `send`.
    Send(&'a dyn HttpTransport),
}

/// Sends one request the way `variant` says.
async fn run(variant: Variant<'_>, hand: &Hand, ory: &Client<HyperTransport>) {
    match variant {
        Variant::Hand => hand.disable_session(SESSION_ID).await,
        Variant::HandWithTimeout => {
            tokio::time::timeout(Duration::from_secs(30), hand.disable_session(SESSION_ID))
                .await
                .unwrap()
        }
        Variant::Ory => ory.disable_session(SESSION_ID).await.unwrap(),
        Variant::Send(transport) => {
            let response = transport
                .send(hand.request(SESSION_ID, Bytes::new()))
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::NO_CONTENT);
        }
    }
}
