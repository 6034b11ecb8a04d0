//! Client CPU per request: a hand-written hyper-util loop versus `ory_core::Client` over
//! `HyperTransport`, both sending `DELETE /admin/sessions/{id}` with the same headers to a
//! loopback hyper server and collecting the body.
//!
//! The server runs on its own thread and runtime; the client runs on a current-thread runtime
//! on the main thread, so the main thread's CPU time (`/proc/thread-self/schedstat`, first
//! field, nanoseconds on CPU) is the client's whole cost: building the request, hyper's
//! connection task, the I/O driver and timers. Rounds alternate (a, b, c, a, b, c, ...) so that
//! machine noise hits both alike; the figure to read is the median of the per-round ratios.
//!
//! Run: `cargo bench -p ory-hyper --bench overhead` (about 10 s; Linux only).

use std::net::SocketAddr;
use std::time::Instant;

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
    // (c), for diagnosis only: the same hand-built request through HyperTransport::send,
    // which separates the transport's share from ory-core's (building, request id, parsing).
    let via_transport = || async {
        let response = transport
            .send(hand.request(SESSION_ID, Bytes::new()))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    };

    let started = Instant::now();
    let (mut a_ns, mut b_ns, mut c_ns) = (Vec::new(), Vec::new(), Vec::new());
    let (mut ratios, mut c_ratios) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        for _ in 0..WARMUP {
            hand.disable_session(SESSION_ID).await;
            ory.disable_session(SESSION_ID).await.unwrap();
            via_transport().await;
        }
        for _ in 0..ROUNDS {
            let t0 = thread_cpu_ns();
            for _ in 0..BATCH {
                hand.disable_session(SESSION_ID).await;
            }
            let t1 = thread_cpu_ns();
            for _ in 0..BATCH {
                ory.disable_session(SESSION_ID).await.unwrap();
            }
            let t2 = thread_cpu_ns();
            for _ in 0..BATCH {
                via_transport().await;
            }
            let t3 = thread_cpu_ns();
            let a = (t1 - t0) as f64 / BATCH as f64;
            let b = (t2 - t1) as f64 / BATCH as f64;
            let c = (t3 - t2) as f64 / BATCH as f64;
            a_ns.push(a);
            b_ns.push(b);
            c_ns.push(c);
            ratios.push(b / a);
            c_ratios.push(c / a);
        }
    });
    let elapsed = started.elapsed();

    let _ = stop.send(());
    server.join().unwrap();

    println!(
        "overhead: {ROUNDS} interleaved rounds x {BATCH} requests each, client thread CPU per request"
    );
    println!(
        "  (a) hand-written hyper-util loop : median {:>8.0} ns",
        median(&mut a_ns)
    );
    println!(
        "  (b) ory Client + HyperTransport  : median {:>8.0} ns",
        median(&mut b_ns)
    );
    println!(
        "  (c) same request, HyperTransport  : median {:>8.0} ns   (diagnostic: transport only)",
        median(&mut c_ns)
    );
    let min = ratios.iter().cloned().fold(f64::INFINITY, f64::min);
    let max = ratios.iter().cloned().fold(0.0, f64::max);
    println!(
        "  ratio b/a: median {:.3} (min {min:.3}, max {max:.3}); wall {:.1} s",
        median(&mut ratios),
        elapsed.as_secs_f64()
    );
    println!("  ratio c/a: median {:.3}", median(&mut c_ratios));
}
